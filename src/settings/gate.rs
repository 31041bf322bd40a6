//! `[gate]` and the comparison keys of `[kpi.NAME]`, resolved: which KPIs are judged against
//! the control group and how, which are advisory, and the cohorts' names.

use reqwest::Url;

use crate::config::{HoldOnFile, KpiFile, Loaded};
use crate::exit::CliError;
use crate::policy::alert_hold::{Matcher, parse_matcher};
use crate::policy::compare::{CompareSpec, DEFAULT_CONFIDENCE, DEFAULT_MIN_SAMPLES, parse_bound};
use crate::policy::thresholds::{KPIS, Kpi};

/// The `[kpi]` key of the error rate (its absolute bound is `[thresholds] max_error_rate`).
pub const ERROR_RATE_KEY: &str = "error_rate";

/// A KPI the comparison can judge: the rates the app reports with counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compared {
    ErrorRate,
    /// A cache's hit rate (hits and misses per cohort).
    HitRate(Kpi),
}

impl Compared {
    pub fn label(self) -> &'static str {
        match self {
            Compared::ErrorRate => "error rate",
            Compared::HitRate(k) => k.def().label,
        }
    }

    /// The bound when none is configured: errors may not grow by a fifth, hits not fall 5 %.
    pub(crate) fn default_bound(self) -> f64 {
        match self {
            Compared::ErrorRate => 0.20,
            Compared::HitRate(_) => -0.05,
        }
    }
}

/// One KPI compared, and how.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Comparing {
    pub what: Compared,
    pub spec: CompareSpec,
    pub advisory: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GateSettings {
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
    pub fn is_advisory_label(&self, label: &str) -> bool {
        self.advisory.iter().any(|key| {
            if key == ERROR_RATE_KEY {
                label == "error rate"
            } else {
                KPIS.iter().any(|d| d.key == key && d.label == label)
            }
        })
    }
}

pub(super) fn resolve_gate(l: &Loaded) -> Result<GateSettings, CliError> {
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
    g.alerts = alert_gate(l)?;
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
fn alert_gate(l: &Loaded) -> Result<Option<AlertGate>, CliError> {
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
    let url = crate::settings::parse_url(url.get_ref())
        .map_err(|e| l.error_at(url.span(), format!("[gate] alertmanager: {e}")))?;
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
    Ok(Some(AlertGate { url, hold_on: sets }))
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
            _ => {
                return Err(l.error_at(
                    compare.span(),
                    format!(
                        "[kpi.{name}] compare: only rates with counts are compared ({ERROR_RATE_KEY}, \
                         feed_cache_hit_rate, community_cache_hit_rate, marketplace_cache_hit_rate)"
                    ),
                ));
            }
        },
    };
    let mut spec = CompareSpec {
        max_relative_change: what.default_bound(),
        min_samples: DEFAULT_MIN_SAMPLES,
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
