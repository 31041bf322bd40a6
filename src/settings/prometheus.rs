//! `[metrics] source` and `[metrics.prometheus]` (each overridden by the environment's
//! `[environments.NAME.metrics]`), resolved into where KPI figures are read.

use std::collections::BTreeMap;
use std::time::Duration;

use reqwest::Url;
use toml::Spanned;

use super::layered::{Layered, Origin, Why};
use super::secrets::{read_password, read_token};
use super::{Sources, check_timeout, parse_duration, parse_url};
use crate::api::Secret;
use crate::config::{Loaded, PrometheusFile};
use crate::exit::CliError;
use crate::policy::series::MetricNames;

use crate::prometheus::{
    Auth, CLIENTS_KEY, DEFAULT_MAX_AGE, DEFAULT_PROM_TIMEOUT, FigureSource, Measure, PromSettings,
};

/// Where KPI figures are read. `[metrics.prometheus]` is checked even while the source is the
/// app, so a mistake there is found before the day it is switched on.
pub(super) fn resolve_source(
    s: &Sources,
    names: &MetricNames,
    admin_token: Option<&Secret>,
    warnings: &mut Vec<String>,
) -> Result<FigureSource, CliError> {
    let Some(l) = s.loaded else {
        return Ok(FigureSource::App);
    };
    let own = s.own.map(|e| &e.metrics);
    let source = own
        .and_then(|e| e.source.as_ref())
        .or(l.file.metrics.source.as_ref());
    let prometheus = is_prometheus(l, source)?;
    // Both layers, the environment's first: each key is taken from the first that sets it.
    let layers: Vec<&PrometheusFile> = own
        .and_then(|e| e.prometheus.as_ref())
        .into_iter()
        .chain(l.file.metrics.prometheus.as_ref())
        .collect();
    let (queries, clients_by_version) = queries(l, &layers, names)?;
    let (timeout, max_age, url) = request(l, &layers)?;
    let credentials = Credentials::pick(l, &layers)?;
    if !prometheus {
        return Ok(FigureSource::App);
    }
    let Some(url) = url else {
        let at = source.expect("a prometheus source was set");
        return Err(l.error_at(
            at.span(),
            "[metrics] source = \"prometheus\" needs url in [metrics.prometheus]",
        ));
    };
    Ok(FigureSource::Prometheus(Box::new(PromSettings {
        url,
        auth: credentials.read(l, admin_token, warnings)?,
        timeout,
        max_age,
        queries,
        cohort_counts: cohort_counts(l, &layers)?,
        clients_by_version,
    })))
}

/// `[metrics] source`: "app" (the default) or "prometheus".
fn is_prometheus(l: &Loaded, source: Option<&Spanned<String>>) -> Result<bool, CliError> {
    match source.map(|s| (s, s.get_ref().as_str())) {
        None | Some((_, "app")) => Ok(false),
        Some((_, "prometheus")) => Ok(true),
        Some((s, other)) => Err(l.error_at(
            s.span(),
            format!("[metrics] source {other:?} is not one of \"app\", \"prometheus\""),
        )),
    }
}

/// The first layer's value of a `[metrics.prometheus]` key.
fn pick<'a, R>(
    layers: &[&'a PrometheusFile],
    key: fn(&'a PrometheusFile) -> &'a Option<Spanned<R>>,
) -> Option<&'a Spanned<R>> {
    layers.iter().find_map(|p| key(p).as_ref())
}

/// `timeout`, `max_age` and `url` of `[metrics.prometheus]`.
fn request(
    l: &Loaded,
    layers: &[&PrometheusFile],
) -> Result<(Duration, Duration, Option<Url>), CliError> {
    let timeout = Layered::new()
        .file(
            Some(l),
            "[metrics.prometheus] timeout",
            pick(layers, |p| &p.timeout),
            |v| parse_duration(v).and_then(check_timeout),
        )
        .or(DEFAULT_PROM_TIMEOUT)?;
    let max_age = Layered::new()
        .file(
            Some(l),
            "[metrics.prometheus] max_age",
            pick(layers, |p| &p.max_age),
            |v| match parse_duration(v)? {
                d if d.is_zero() => Err(Why::Name("must be more than zero".into())),
                d => Ok(d),
            },
        )
        .or(DEFAULT_MAX_AGE)?;
    let url = Layered::new()
        .file(
            Some(l),
            "[metrics.prometheus] url",
            pick(layers, |p| &p.url),
            |v| parse_url(v),
        )
        .optional()?;
    Ok((timeout, max_age, url))
}

/// `[metrics.prometheus.queries]`, the top level's first so the environment's win: each
/// KPI's query over its default (which follows the `[metrics]` names), and
/// `clients_by_version`, a query of its own.
fn queries(
    l: &Loaded,
    layers: &[&PrometheusFile],
    names: &MetricNames,
) -> Result<(BTreeMap<Measure, String>, Option<String>), CliError> {
    let mut queries: BTreeMap<Measure, String> = Measure::all()
        .into_iter()
        .map(|m| (m, m.default_query(names)))
        .collect();
    let mut clients_by_version = None;
    for (key, q) in layers.iter().rev().flat_map(|p| &p.queries) {
        let measure = match key.get_ref().as_str() {
            CLIENTS_KEY => None,
            other => Some(Measure::from_key(other).ok_or_else(|| unknown_query(l, key))?),
        };
        let text = q.get_ref().trim();
        if text.is_empty() {
            let name = measure.map_or(CLIENTS_KEY, Measure::key);
            return Err(l.error_at(
                q.span(),
                format!("[metrics.prometheus.queries] {name} is empty"),
            ));
        }
        match measure {
            Some(m) => queries.insert(m, text.to_string()),
            None => clients_by_version.replace(text.to_string()),
        };
    }
    Ok((queries, clients_by_version))
}

fn unknown_query(l: &Loaded, key: &Spanned<String>) -> CliError {
    let known: Vec<&str> = Measure::all()
        .into_iter()
        .map(Measure::key)
        .chain([CLIENTS_KEY])
        .collect();
    l.error_at(
        key.span(),
        format!(
            "[metrics.prometheus.queries] unknown key `{}` (known: {})",
            key.get_ref(),
            known.join(", ")
        ),
    )
}

/// Prometheus's credentials as configured: a bearer token file or basic auth, not both.
struct Credentials<'a> {
    bearer: Option<&'a Spanned<std::path::PathBuf>>,
    basic: Option<(&'a Spanned<String>, &'a Spanned<std::path::PathBuf>)>,
}

impl<'a> Credentials<'a> {
    /// Each key from the first layer that sets it; a half or a double is an error.
    fn pick(l: &Loaded, layers: &[&'a PrometheusFile]) -> Result<Credentials<'a>, CliError> {
        let bearer = pick(layers, |p| &p.bearer_token_file);
        let user = pick(layers, |p| &p.basic_auth_user);
        let password = pick(layers, |p| &p.basic_auth_password_file);
        if let Some(b) = bearer.filter(|_| user.is_some() || password.is_some()) {
            return Err(l.error_at(
                b.span(),
                "[metrics.prometheus] give bearer_token_file or basic auth, not both",
            ));
        }
        let basic = match (user, password) {
            (Some(u), None) => Err(l.error_at(
                u.span(),
                "[metrics.prometheus] basic_auth_user needs basic_auth_password_file",
            )),
            (None, Some(p)) => Err(l.error_at(
                p.span(),
                "[metrics.prometheus] basic_auth_password_file needs basic_auth_user",
            )),
            (u, p) => Ok(u.zip(p)),
        }?;
        Ok(Credentials { bearer, basic })
    }

    /// The files read (relative to the config file, like token_file); never the admin token.
    fn read(
        self,
        l: &Loaded,
        admin: Option<&Secret>,
        warnings: &mut Vec<String>,
    ) -> Result<Option<Auth>, CliError> {
        let near = |p: &std::path::Path| super::beside_config(l, p);
        if let Some(b) = self.bearer {
            const KEY: &str = "[metrics.prometheus] bearer_token_file";
            let origin = Origin::at(l, KEY, b);
            let t = read_token(&near(b.get_ref()), KEY, warnings).map_err(|e| origin.error(e))?;
            refuse_admin_token(&t, admin).map_err(|e| l.error_at(b.span(), e))?;
            return Ok(Some(Auth::Bearer(t)));
        }
        let Some((user, p)) = self.basic else {
            return Ok(None);
        };
        let origin = Origin::at(l, "[metrics.prometheus] basic_auth_password_file", p);
        let password = read_password(&near(p.get_ref())).map_err(|e| origin.error(e))?;
        refuse_admin_token(&password, admin).map_err(|e| l.error_at(p.span(), e))?;
        Ok(Some(Auth::Basic {
            user: user.get_ref().clone(),
            password,
        }))
    }
}

/// `[metrics.prometheus.cohort_counts.NAME]`, the environment's first: NAME a compared rate's
/// `[kpi]` key, both queries naming `$cohort` (without it both cohorts would read the same).
fn cohort_counts(
    l: &Loaded,
    layers: &[&PrometheusFile],
) -> Result<BTreeMap<String, (String, String)>, CliError> {
    const KEYS: [&str; 4] = [
        crate::settings::gate::ERROR_RATE_KEY,
        "feed_cache_hit_rate",
        "community_cache_hit_rate",
        "marketplace_cache_hit_rate",
    ];
    let mut out = BTreeMap::new();
    for p in layers.iter().rev() {
        for (key, c) in &p.cohort_counts {
            let name = key.get_ref().as_str();
            if !KEYS.contains(&name) {
                return Err(l.error_at(
                    key.span(),
                    format!(
                        "[metrics.prometheus.cohort_counts] `{name}` is not a compared rate ({})",
                        KEYS.join(", ")
                    ),
                ));
            }
            for q in [&c.events, &c.total] {
                if !q.get_ref().contains("$cohort") {
                    return Err(l.error_at(
                        q.span(),
                        format!(
                            "[metrics.prometheus.cohort_counts.{name}] the query has no \
                             `$cohort` (e.g. {{cohort=\"$cohort\"}})"
                        ),
                    ));
                }
            }
            let (e, t) = (c.events.get_ref().trim(), c.total.get_ref().trim());
            out.insert(name.to_string(), (e.to_string(), t.to_string()));
        }
    }
    Ok(out)
}

/// The admin token opens the app's writes: it goes to the app and nowhere else.
fn refuse_admin_token(s: &Secret, admin: Option<&Secret>) -> Result<(), String> {
    if admin.is_some_and(|a| a.expose() == s.expose()) {
        return Err(
            "[metrics.prometheus] this credential is the app's admin token; give Prometheus \
             a credential of its own"
                .into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use std::time::Duration;

    use super::*;
    use crate::cli::GlobalArgs;
    use crate::exit::ExitStatus;
    use crate::policy::thresholds::Kpi;
    use crate::settings::{Settings, ThresholdFlags};

    /// Resolves `config` (written with `files` beside it) for `env_name`.
    fn resolve(
        config: &str,
        files: &[(&str, &str)],
        env_name: Option<&str>,
    ) -> Result<Settings, CliError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("swcache.toml");
        std::fs::write(&path, config).unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let vars: HashMap<String, String> = [
            ("HOME".to_string(), dir.path().display().to_string()),
            ("SWCACHE_CONFIG".to_string(), path.display().to_string()),
        ]
        .into();
        let args = GlobalArgs {
            env_name: env_name.map(String::from),
            ..GlobalArgs::default()
        };
        Settings::resolve(&args, &ThresholdFlags::default(), &move |k| {
            vars.get(k).cloned()
        })
    }

    fn prom(s: &Settings) -> &PromSettings {
        match &s.figures {
            FigureSource::Prometheus(p) => p,
            FigureSource::App => panic!("expected the Prometheus source"),
        }
    }

    const FILE: &str = r#"
url = "https://app.example.com"
[environments.staging]
[environments.production]
[environments.production.metrics]
source = "prometheus"
[environments.production.metrics.prometheus]
url = "https://prom-prod.example.com"
[environments.production.metrics.prometheus.queries]
error_rate_percent = "sum(errors) * 100"
[metrics]
hit_ratio = "cache_hit_rate_total"
[metrics.prometheus]
url = "http://prom.example.com:9090"
bearer_token_file = "prom.token"
timeout = "3s"
[metrics.prometheus.queries]
storage_utilization_percent = 'max(cache_storage_utilization_percent{job="app"})'
"#;

    #[test]
    fn source_defaults_to_the_app_and_an_environment_overrides_key_by_key() {
        let files = [("prom.token", "prom-secret\n")];
        let staging = resolve(FILE, &files, Some("staging")).unwrap();
        assert!(matches!(staging.figures, FigureSource::App));
        // The names of [metrics] still map alongside the new keys.
        assert_eq!(staging.metrics.hit_ratio, "cache_hit_rate_total");

        let prod = resolve(FILE, &files, Some("production")).unwrap();
        let p = prom(&prod);
        assert_eq!(p.url.as_str(), "https://prom-prod.example.com/");
        assert_eq!(p.timeout, Duration::from_secs(3), "from the top level");
        assert_eq!(p.max_age, DEFAULT_MAX_AGE);
        assert!(matches!(&p.auth, Some(Auth::Bearer(t)) if t.expose() == "prom-secret"));
        assert_eq!(p.query_of(Measure::ErrorRate), "sum(errors) * 100");
        assert_eq!(
            p.query_of(Measure::Kpi(Kpi::StorageUtilization)),
            "max(cache_storage_utilization_percent{job=\"app\"})"
        );
        // Defaults follow the [metrics] names.
        assert_eq!(
            p.query_of(Measure::Kpi(Kpi::FeedCacheHitRate)),
            "cache_hit_rate_total{cache_name=\"feed-cache\"} * 100"
        );
        assert!(!format!("{p:?}").contains("prom-secret"));
    }

    #[test]
    fn mistakes_are_config_errors_with_their_line() {
        let cases: &[(&str, &str, &str)] = &[
            ("[metrics]\nsource = \"grafana\"\n", ":2:", "not one of"),
            ("[metrics]\nsource = \"prometheus\"\n", ":2:", "needs url"),
            (
                "[metrics.prometheus]\nurl = \"http://p:9090\"\n[metrics.prometheus.queries]\nhit_rate = \"x\"\n",
                ":4:",
                "unknown key `hit_rate`",
            ),
            ("[metrics.prometheus]\nurll = \"http://p\"\n", ":2:", "urll"),
            (
                "[metrics.prometheus]\ntimeout = \"0s\"\n",
                ":2:",
                "more than zero",
            ),
            (
                "[metrics.prometheus]\nmax_age = \"soon\"\n",
                ":2:",
                "max_age",
            ),
            (
                "[metrics.prometheus]\nbearer_token_file = \"t\"\nbasic_auth_user = \"u\"\nbasic_auth_password_file = \"p\"\n",
                ":2:",
                "not both",
            ),
            (
                "[metrics.prometheus]\nbasic_auth_user = \"u\"\n",
                ":2:",
                "needs basic_auth_password_file",
            ),
            (
                "[metrics.prometheus]\nurl = \"http://u:pw@p:9090\"\n",
                ":2:",
                "credentials",
            ),
            (
                "[metrics]\nsource = \"prometheus\"\n[metrics.prometheus]\nurl = \"http://p:9090\"\nbearer_token_file = \"missing.token\"\n",
                ":5:",
                "cannot read",
            ),
            (
                "[environments.a.metrics]\nhit_ratio = \"x\"\n",
                ":2:",
                "hit_ratio",
            ),
        ];
        for (text, line, want) in cases {
            let env = text.contains("[environments.a").then_some("a");
            let err = resolve(text, &[], env).unwrap_err();
            assert_eq!(err.status, ExitStatus::Config, "{text}");
            assert!(
                err.message.contains(line) && err.message.contains(want),
                "{text}: {}",
                err.message
            );
        }
    }

    #[test]
    fn cohort_counts_are_a_compared_rates_and_name_the_cohort() {
        let head =
            "[metrics]\nsource = \"prometheus\"\n[metrics.prometheus]\nurl = \"http://p:9090\"\n";
        let ok = format!(
            "{head}[metrics.prometheus.cohort_counts.error_rate]\n\
             events = 'e{{cohort=\"$cohort\"}}'\ntotal = 't{{cohort=\"$cohort\"}}'\n"
        );
        let s = resolve(&ok, &[], None).unwrap();
        // A KPI's query may name the cohort too: it is then read once per cohort.
        let per = format!(
            "{head}[metrics.prometheus.queries]\nerror_rate_percent = 'x{{c=\"$cohort\"}}'\n"
        );
        let p = resolve(&per, &[], None).unwrap();
        assert_eq!(prom(&p).query_of(Measure::ErrorRate), "x{c=\"$cohort\"}");
        assert_eq!(
            prom(&s).cohort_counts["error_rate"],
            (
                "e{cohort=\"$cohort\"}".to_string(),
                "t{cohort=\"$cohort\"}".to_string()
            )
        );
        for (table, want) in [
            (
                "[metrics.prometheus.cohort_counts.error_rate]\nevents = 'e'\ntotal = 't{c=\"$cohort\"}'\n",
                "no `$cohort`",
            ),
            (
                "[metrics.prometheus.cohort_counts.storage_utilization]\nevents = '$cohort'\ntotal = '$cohort'\n",
                "not a compared rate",
            ),
            (
                "[metrics.prometheus.cohort_counts.error_rate]\nevents = '$cohort'\n",
                "total",
            ),
        ] {
            let err = resolve(&format!("{head}{table}"), &[], None).unwrap_err();
            assert_eq!(err.status, ExitStatus::Config, "{table}");
            assert!(err.message.contains(want), "{table}: {}", err.message);
        }
    }

    #[test]
    fn the_admin_token_is_never_prometheus_credential() {
        let text = "token_file = \"admin.token\"\n[metrics]\nsource = \"prometheus\"\n[metrics.prometheus]\nurl = \"http://p:9090\"\nbearer_token_file = \"prom.token\"\n";
        let files = [
            ("admin.token", "s3cret-admin\n"),
            ("prom.token", "s3cret-admin\n"),
        ];
        let err = resolve(text, &files, None).unwrap_err();
        assert!(err.message.contains("admin token"), "{}", err.message);
        assert!(!err.message.contains("s3cret"), "{}", err.message);
        let basic = "[metrics]\nsource = \"prometheus\"\n[metrics.prometheus]\nurl = \"http://p:9090\"\nbasic_auth_user = \"swcache\"\nbasic_auth_password_file = \"pw\"\n";
        let s = resolve(basic, &[("pw", "pass word\n")], None).unwrap();
        assert!(
            matches!(&prom(&s).auth, Some(Auth::Basic { user, password }) if user == "swcache" && password.expose() == "pass word")
        );
    }

    #[test]
    fn clients_by_version_is_a_query_of_its_own() {
        let base = "[metrics]\nsource = \"prometheus\"\n[metrics.prometheus]\n\
                    url = \"http://prom:9090\"\n[metrics.prometheus.queries]\n";
        let s = resolve(
            &format!("{base}clients_by_version = \"sum by (version) (sw_clients)\"\n"),
            &[],
            None,
        )
        .unwrap();
        assert_eq!(
            prom(&s).clients_by_version.as_deref(),
            Some("sum by (version) (sw_clients)")
        );
        // Not set: clients are read from the app's sw-status.
        let s = resolve(&format!("{base}error_rate_percent = \"x\"\n"), &[], None).unwrap();
        assert_eq!(prom(&s).clients_by_version, None);
        let err = resolve(&format!("{base}clients_by_version = \" \"\n"), &[], None).unwrap_err();
        assert_eq!(err.status, ExitStatus::Config);
        assert!(
            err.to_string().contains("clients_by_version is empty"),
            "{err}"
        );
        let err = resolve(&format!("{base}client_versions = \"x\"\n"), &[], None).unwrap_err();
        assert!(
            err.to_string().contains("clients_by_version"),
            "the known keys: {err}"
        );
    }
}
