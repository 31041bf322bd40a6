//! `[gate]` and the comparison keys of `[kpi.NAME]`, resolved: which KPIs are judged against
//! the control group and how, which are advisory, and the cohorts' names.

use reqwest::Url;

use std::path::Path;

use super::layered::Origin;
use super::secrets::{check_token, read_password, read_token};
use crate::api::Secret;
use crate::config::{AlertmanagerFile, AlertmanagerTable, HoldOnFile, KpiFile, Loaded};
use crate::exit::CliError;
use crate::policy::alert_hold::{Matcher, parse_matcher};
use crate::policy::compare::{CompareSpec, DEFAULT_CONFIDENCE, DEFAULT_MIN_SAMPLES, parse_bound};
use crate::policy::thresholds::{Better, KPIS, Kpi};
use crate::prometheus::{Auth, FigureSource, Measure};

/// A rank test's default `min_samples`: the window's points per cohort.
pub(crate) const DEFAULT_MIN_WINDOW_SAMPLES: u64 = 5;

/// A bearer token for Alertmanager from the environment; wins over `token_file`, as
/// `SWCACHE_TOKEN` does over the app's.
pub(crate) const ALERTMANAGER_TOKEN_VAR: &str = "SWCACHE_ALERTMANAGER_TOKEN";

/// The `[kpi]` key of the error rate (its absolute bound is `[thresholds] max_error_rate`).
pub(crate) const ERROR_RATE_KEY: &str = "error_rate";

/// A KPI the comparison can judge: the rates the app reports with counts (a two-proportion
/// test), or any other KPI sampled per cohort over `[analysis]`'s window (a rank test).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Compared {
    ErrorRate,
    /// A cache's hit rate (hits and misses per cohort).
    HitRate(Kpi),
    /// A figure without counts (a response time): its `$cohort` query's samples over the
    /// window, per cohort, ranked (Mann–Whitney U).
    Sampled(Kpi),
}

impl Compared {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Compared::ErrorRate => "error rate",
            Compared::HitRate(k) | Compared::Sampled(k) => k.def().label,
        }
    }

    /// The `[kpi]` key.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Compared::ErrorRate => ERROR_RATE_KEY,
            Compared::HitRate(k) | Compared::Sampled(k) => k.def().key,
        }
    }

    /// The bound when none is configured: errors may not grow by a fifth, hits not fall 5 %.
    pub(crate) fn default_bound(self) -> f64 {
        match self {
            Compared::ErrorRate => 0.20,
            Compared::HitRate(_) => -0.05,
            // A sampled figure: a fifth slower (or 5 % lower, where higher is better).
            Compared::Sampled(k) => match k.def().better {
                Better::Lower => 0.20,
                Better::Higher => -0.05,
            },
        }
    }

    /// Each cohort's samples needed for a verdict: requests for a rate; points of the window
    /// for a rank test (a point per `[analysis] interval`).
    pub(crate) fn default_min_samples(self) -> u64 {
        match self {
            Compared::Sampled(_) => DEFAULT_MIN_WINDOW_SAMPLES,
            _ => DEFAULT_MIN_SAMPLES,
        }
    }
}

/// One KPI compared, and how.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Comparing {
    pub what: Compared,
    pub spec: CompareSpec,
    pub advisory: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GateSettings {
    /// The exposed cohort's name in the app's `cohorts` (and `$cohort` of Prometheus queries).
    pub enhanced: String,
    pub control: String,
    pub compare: Vec<Comparing>,
    /// `[kpi]` keys whose figures never hold a gate.
    pub advisory: Vec<String>,
    /// `[gate] alertmanager` and `hold_on`: alerts that hold every raise while they fire.
    pub(crate) alerts: Option<AlertGate>,
}

/// Alertmanager, and the sets of matchers of which any one holds the gate.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AlertGate {
    pub(crate) url: Url,
    pub(crate) hold_on: Vec<Vec<Matcher>>,
    /// Sent to this URL only (never the app's admin token).
    pub(crate) auth: Option<Auth>,
}

impl Default for GateSettings {
    fn default() -> Self {
        GateSettings {
            enhanced: "enhanced".into(),
            control: "control".into(),
            compare: Vec::new(),
            advisory: Vec::new(),
            alerts: None,
        }
    }
}

impl GateSettings {
    /// Whether the check named `label` is an advisory KPI's.
    pub(crate) fn is_advisory_label(&self, label: &str) -> bool {
        self.advisory.iter().any(|key| {
            if key == ERROR_RATE_KEY {
                label == "error rate"
            } else {
                KPIS.iter().any(|d| d.key == key && d.label == label)
            }
        })
    }
}

/// What resolving `[gate]` reads besides the file: the environment (a token variable), the
/// app's admin token (never sent elsewhere), and where warnings go (a token file others read).
pub(super) struct GateInputs<'a> {
    pub env: &'a dyn Fn(&str) -> Option<String>,
    pub admin_token: Option<&'a Secret>,
    pub warnings: &'a mut Vec<String>,
}

pub(super) fn resolve_gate(l: &Loaded, inputs: GateInputs<'_>) -> Result<GateSettings, CliError> {
    let mut g = GateSettings::default();
    if let Some(c) = &l.file.gate.cohorts {
        match c.get_ref().as_slice() {
            [e, k] if !e.trim().is_empty() && !k.trim().is_empty() && e != k => {
                g.enhanced = e.trim().into();
                g.control = k.trim().into();
            }
            _ => {
                return Err(l.error_at(
                    c.span(),
                    "[gate] cohorts: two different names, the exposed cohort then the control \
                     group (e.g. [\"enhanced\", \"control\"])",
                ));
            }
        }
    }
    g.alerts = alert_gate(l, inputs)?;
    for (key, kf) in &l.file.kpi {
        let name = key.get_ref().as_str();
        if kf.advisory.as_ref().is_some_and(|a| *a.get_ref()) {
            g.advisory.push(name.to_string());
        }
        if let Some(c) = comparing(l, name, kf)? {
            g.compare.push(c);
        }
    }
    Ok(g)
}

/// `[gate] alertmanager` with `hold_on`: both or neither (an Alertmanager read for nothing, or
/// matchers never consulted, would be a gate that looks guarded and is not).
fn alert_gate(l: &Loaded, inputs: GateInputs<'_>) -> Result<Option<AlertGate>, CliError> {
    let g = &l.file.gate;
    let (url, hold_on) = match (&g.alertmanager, &g.hold_on) {
        (None, None) => return Ok(None),
        (Some(u), None) => {
            return Err(l.error_at(
                u.span(),
                "[gate] alertmanager needs hold_on, the alerts that hold the gate \
                 (e.g. hold_on = [\"severity=critical\"])",
            ));
        }
        (None, Some(h)) => {
            return Err(l.error_at(
                h.span(),
                "[gate] hold_on needs alertmanager = \"http://…\", where the alerts are read",
            ));
        }
        (Some(u), Some(h)) => (u, h),
    };
    let at = match url.get_ref() {
        AlertmanagerFile::Url(_) => url.span(),
        AlertmanagerFile::Table(t) => t.url.span(),
    };
    let auth = match url.get_ref() {
        AlertmanagerFile::Table(t) => alertmanager_auth(l, t, inputs)?,
        AlertmanagerFile::Url(_) => env_token(inputs.env, inputs.admin_token)
            .map_err(|e| l.error_at(url.span(), e))?
            .map(Auth::Bearer),
    };
    let url = crate::settings::parse_url(url.get_ref().url())
        .map_err(|e| l.error_at(at, format!("[gate] alertmanager: {e}")))?;
    let texts: Vec<Vec<String>> = match hold_on.get_ref() {
        HoldOnFile::One(one) => vec![one.clone()],
        HoldOnFile::Any(any) => any.clone(),
    };
    let empty = || {
        l.error_at(
            hold_on.span(),
            "[gate] hold_on: at least one matcher in each list (an empty list would match \
             every alert)",
        )
    };
    if texts.is_empty() {
        return Err(empty());
    }
    let mut sets = Vec::new();
    for set in &texts {
        if set.is_empty() {
            return Err(empty());
        }
        let parsed: Result<Vec<Matcher>, String> = set.iter().map(|t| parse_matcher(t)).collect();
        sets.push(parsed.map_err(|e| l.error_at(hold_on.span(), format!("[gate] hold_on: {e}")))?);
    }
    Ok(Some(AlertGate {
        url,
        hold_on: sets,
        auth,
    }))
}

/// `[gate.alertmanager]`'s credentials: a bearer token (`SWCACHE_ALERTMANAGER_TOKEN`, else
/// `token_file`) or basic auth (`username` with `password_file`), not both; files relative to
/// the config file. Never the app's admin token: it opens the app's writes.
fn alertmanager_auth(
    l: &Loaded,
    t: &AlertmanagerTable,
    inputs: GateInputs<'_>,
) -> Result<Option<Auth>, CliError> {
    let near = |p: &Path| super::beside_config(l, p);
    let admin = inputs.admin_token;
    if let Some(b) = t
        .token_file
        .as_ref()
        .filter(|_| t.username.is_some() || t.password_file.is_some())
    {
        return Err(l.error_at(
            b.span(),
            "[gate.alertmanager] give token_file or basic auth (username, password_file), not both",
        ));
    }
    let from_env = env_token(inputs.env, admin).map_err(|e| l.error_at(t.url.span(), e))?;
    match (&t.username, &t.password_file) {
        (Some(u), None) => {
            Err(l.error_at(u.span(), "[gate.alertmanager] username needs password_file"))
        }
        (None, Some(p)) => {
            Err(l.error_at(p.span(), "[gate.alertmanager] password_file needs username"))
        }
        (Some(u), Some(_)) if from_env.is_some() => Err(l.error_at(
            u.span(),
            format!(
                "[gate.alertmanager] basic auth is configured and {ALERTMANAGER_TOKEN_VAR} is \
                 set: give one of them"
            ),
        )),
        (Some(u), Some(p)) => {
            let pw = read_password(&near(p.get_ref()))
                .map_err(|e| Origin::at(l, "[gate.alertmanager] password_file", p).error(e))?;
            refuse_admin(&pw, admin).map_err(|e| l.error_at(p.span(), e))?;
            Ok(Some(Auth::Basic {
                user: u.get_ref().clone(),
                password: pw,
            }))
        }
        (None, None) => match (from_env, &t.token_file) {
            (Some(token), _) => Ok(Some(Auth::Bearer(token))),
            (None, Some(f)) => {
                const KEY: &str = "[gate.alertmanager] token_file";
                let token = read_token(&near(f.get_ref()), KEY, inputs.warnings)
                    .map_err(|e| Origin::at(l, KEY, f).error(e))?;
                refuse_admin(&token, admin).map_err(|e| l.error_at(f.span(), e))?;
                Ok(Some(Auth::Bearer(token)))
            }
            (None, None) => Ok(None),
        },
    }
}

/// `SWCACHE_ALERTMANAGER_TOKEN`, when set and not blank.
fn env_token(
    env: &dyn Fn(&str) -> Option<String>,
    admin: Option<&Secret>,
) -> Result<Option<Secret>, String> {
    let Some(text) = env(ALERTMANAGER_TOKEN_VAR).filter(|t| !t.trim().is_empty()) else {
        return Ok(None);
    };
    let token = check_token(&text).map_err(|e| format!("{ALERTMANAGER_TOKEN_VAR}: {e}"))?;
    refuse_admin(&token, admin)?;
    Ok(Some(token))
}

/// The admin token goes to the app and nowhere else.
fn refuse_admin(s: &Secret, admin: Option<&Secret>) -> Result<(), String> {
    if admin.is_some_and(|a| a.expose() == s.expose()) {
        return Err(
            "[gate.alertmanager] this credential is the app's admin token; give \
                    Alertmanager a credential of its own"
                .into(),
        );
    }
    Ok(())
}

/// `[kpi.NAME]`'s comparison: `None` without `compare`; its other keys without it are an error
/// (they would otherwise be silently ignored).
fn comparing(l: &Loaded, name: &str, kf: &KpiFile) -> Result<Option<Comparing>, CliError> {
    let Some(compare) = &kf.compare else {
        let stray = kf
            .max_relative_change
            .as_ref()
            .map(|v| v.span())
            .or(kf.min_samples.as_ref().map(|v| v.span()))
            .or(kf.confidence.as_ref().map(|v| v.span()));
        return match stray {
            Some(span) => Err(l.error_at(
                span,
                format!("[kpi.{name}] has comparison keys but no compare = \"control\""),
            )),
            None => Ok(None),
        };
    };
    if compare.get_ref() != "control" {
        return Err(l.error_at(
            compare.span(),
            format!(
                "[kpi.{name}] compare: `{}` is not `control` (the only baseline)",
                compare.get_ref()
            ),
        ));
    }
    let what = match name {
        ERROR_RATE_KEY => Compared::ErrorRate,
        _ => match KPIS.iter().find(|d| d.key == name).map(|d| d.kpi) {
            Some(
                k @ (Kpi::FeedCacheHitRate
                | Kpi::CommunityCacheHitRate
                | Kpi::MarketplaceCacheHitRate),
            ) => Compared::HitRate(k),
            Some(k) => Compared::Sampled(k),
            None => {
                return Err(l.error_at(
                    compare.span(),
                    format!("[kpi.{name}] compare: `{name}` is not a KPI"),
                ));
            }
        },
    };
    let mut spec = CompareSpec {
        max_relative_change: what.default_bound(),
        min_samples: what.default_min_samples(),
        confidence: DEFAULT_CONFIDENCE,
    };
    if let Some(v) = &kf.max_relative_change {
        spec.max_relative_change = parse_bound(v.get_ref())
            .map_err(|e| l.error_at(v.span(), format!("[kpi.{name}] max_relative_change: {e}")))?;
    }
    if let Some(v) = &kf.min_samples {
        spec.min_samples = *v.get_ref();
    }
    if let Some(v) = &kf.confidence {
        let c = *v.get_ref();
        if !(c > 0.5 && c < 1.0) {
            return Err(l.error_at(
                v.span(),
                format!("[kpi.{name}] confidence: {c} is not between 0.5 and 1 (e.g. 0.95)"),
            ));
        }
        spec.confidence = c;
    }
    Ok(Some(Comparing {
        what,
        spec,
        advisory: kf.advisory.as_ref().is_some_and(|a| *a.get_ref()),
    }))
}

/// A rank-tested comparison needs what it ranks: Prometheus as the source, the KPI's query
/// naming `$cohort` (else both cohorts read the same series), and `[analysis]` (the window
/// sampled). Checked once the source and the analysis are resolved; said at load, with the
/// line, rather than as an inconclusive verdict holding every gate.
pub(super) fn check_sampled(
    l: &Loaded,
    gate: &GateSettings,
    figures: &FigureSource,
    analysis: bool,
) -> Result<(), CliError> {
    for c in &gate.compare {
        let Compared::Sampled(k) = c.what else {
            continue;
        };
        let key = k.def().key;
        let why = match figures {
            FigureSource::App => Some(
                "is judged by a rank test over the window's samples per cohort, read from \
                 Prometheus: set [metrics] source = \"prometheus\""
                    .to_string(),
            ),
            FigureSource::Prometheus(p) if !p.query_of(Measure::Kpi(k)).contains("$cohort") => {
                Some(format!(
                    "needs its query in [metrics.prometheus.queries] to name the cohort \
                     (e.g. {key} = '…{{cohort=\"$cohort\"}}…')"
                ))
            }
            _ if !analysis => Some(
                "needs [analysis]: its interval × count is the window whose samples are ranked"
                    .to_string(),
            ),
            _ => None,
        };
        if let Some(why) = why {
            let span = l
                .file
                .kpi
                .iter()
                .find(|(name, _)| name.get_ref() == key)
                .and_then(|(_, f)| f.compare.as_ref())
                .map(|c| c.span())
                .unwrap_or(0..0);
            return Err(l.error_at(span, format!("[kpi.{key}] compare = \"control\" {why}")));
        }
    }
    Ok(())
}
