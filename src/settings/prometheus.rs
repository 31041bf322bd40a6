//! `[metrics] source` and `[metrics.prometheus]` (each overridden by the environment's
//! `[environments.NAME.metrics]`), resolved into where KPI figures are read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::{check_timeout, parse_duration, parse_url, read_token};
use crate::api::Secret;
use crate::config::{EnvFile, Loaded, PrometheusFile};
use crate::exit::CliError;
use crate::policy::series::MetricNames;

use crate::prometheus::{
    Auth, CLIENTS_KEY, DEFAULT_MAX_AGE, DEFAULT_PROM_TIMEOUT, FigureSource, Measure, PromSettings,
};

pub(super) fn resolve_source(
    loaded: &Option<Loaded>,
    env_file: Option<&EnvFile>,
    names: &MetricNames,
    admin_token: Option<&Secret>,
    warnings: &mut Vec<String>,
) -> Result<FigureSource, CliError> {
    let Some(l) = loaded else {
        return Ok(FigureSource::App);
    };
    let top = &l.file.metrics;
    let env = env_file.map(|e| &e.metrics);
    let source = env.and_then(|e| e.source.as_ref()).or(top.source.as_ref());
    let prometheus = match source.map(|s| (s, s.get_ref().as_str())) {
        None | Some((_, "app")) => false,
        Some((_, "prometheus")) => true,
        Some((s, other)) => {
            return Err(l.error_at(
                s.span(),
                format!("[metrics] source {other:?} is not one of \"app\", \"prometheus\""),
            ));
        }
    };
    // Both layers, the environment's first: each key is taken from the first that sets it.
    let layers: Vec<&PrometheusFile> = env
        .and_then(|e| e.prometheus.as_ref())
        .into_iter()
        .chain(top.prometheus.as_ref())
        .collect();
    let pick =
        |f: fn(&PrometheusFile) -> Option<&Spanned<String>>| layers.iter().find_map(|p| f(p));
    let pick_path =
        |f: fn(&PrometheusFile) -> Option<&Spanned<PathBuf>>| layers.iter().find_map(|p| f(p));

    let mut queries: BTreeMap<Measure, String> = Measure::all()
        .into_iter()
        .map(|m| (m, m.default_query(names)))
        .collect();
    let mut clients_by_version = None;
    // The top level first, so the environment's queries win.
    for p in layers.iter().rev() {
        for (key, q) in &p.queries {
            if key.get_ref() == CLIENTS_KEY {
                let text = q.get_ref().trim();
                if text.is_empty() {
                    return Err(l.error_at(
                        q.span(),
                        format!("[metrics.prometheus.queries] {CLIENTS_KEY} is empty"),
                    ));
                }
                clients_by_version = Some(text.to_string());
                continue;
            }
            let m = Measure::from_key(key.get_ref()).ok_or_else(|| {
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
            })?;
            let text = q.get_ref().trim();
            if text.is_empty() {
                return Err(l.error_at(
                    q.span(),
                    format!("[metrics.prometheus.queries] {} is empty", m.key()),
                ));
            }
            queries.insert(m, text.to_string());
        }
    }

    let timeout = match pick(|p| p.timeout.as_ref()) {
        Some(s) => parse_duration(s.get_ref())
            .and_then(check_timeout)
            .map_err(|e| l.error_at(s.span(), format!("[metrics.prometheus] timeout: {e}")))?,
        None => DEFAULT_PROM_TIMEOUT,
    };
    let max_age = match pick(|p| p.max_age.as_ref()) {
        Some(s) => {
            let d = parse_duration(s.get_ref())
                .map_err(|e| l.error_at(s.span(), format!("[metrics.prometheus] max_age: {e}")))?;
            if d.is_zero() {
                return Err(l.error_at(
                    s.span(),
                    "[metrics.prometheus] max_age must be more than zero",
                ));
            }
            d
        }
        None => DEFAULT_MAX_AGE,
    };
    let url = match pick(|p| p.url.as_ref()) {
        Some(s) => Some(
            parse_url(s.get_ref())
                .map_err(|e| l.error_at(s.span(), format!("[metrics.prometheus] url: {e}")))?,
        ),
        None => None,
    };
    let bearer = pick_path(|p| p.bearer_token_file.as_ref());
    let user = pick(|p| p.basic_auth_user.as_ref());
    let password = pick_path(|p| p.basic_auth_password_file.as_ref());
    if let Some(b) = bearer.filter(|_| user.is_some() || password.is_some()) {
        return Err(l.error_at(
            b.span(),
            "[metrics.prometheus] give bearer_token_file or basic auth, not both",
        ));
    }
    match (user, password) {
        (Some(u), None) => {
            return Err(l.error_at(
                u.span(),
                "[metrics.prometheus] basic_auth_user needs basic_auth_password_file",
            ));
        }
        (None, Some(p)) => {
            return Err(l.error_at(
                p.span(),
                "[metrics.prometheus] basic_auth_password_file needs basic_auth_user",
            ));
        }
        _ => {}
    }
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
    // Relative to the config file, like token_file.
    let near = |p: &Path| l.path.parent().unwrap_or(Path::new(".")).join(p);
    let auth = if let Some(b) = bearer {
        let t = read_token(
            &near(b.get_ref()),
            "[metrics.prometheus] bearer_token_file",
            warnings,
        )
        .map_err(|e| l.error_at(b.span(), e.message))?;
        refuse_admin_token(&t, admin_token).map_err(|e| l.error_at(b.span(), e))?;
        Some(Auth::Bearer(t))
    } else if let (Some(u), Some(p)) = (user, password) {
        let path = near(p.get_ref());
        let text = crate::fsutil::read_text(&path, crate::fsutil::SMALL_FILE_CAP).map_err(|e| {
            l.error_at(
                p.span(),
                format!(
                    "[metrics.prometheus] basic_auth_password_file: cannot read {}: {e}",
                    path.display()
                ),
            )
        })?;
        let pw = text.trim_end_matches(['\n', '\r']);
        if pw.is_empty() || pw.contains('\n') {
            return Err(l.error_at(
                p.span(),
                "[metrics.prometheus] basic_auth_password_file must hold one non-empty line",
            ));
        }
        let pw = Secret::new(pw);
        refuse_admin_token(&pw, admin_token).map_err(|e| l.error_at(p.span(), e))?;
        Some(Auth::Basic {
            user: u.get_ref().clone(),
            password: pw,
        })
    } else {
        None
    };
    let cohort_counts = cohort_counts(l, &layers)?;
    Ok(FigureSource::Prometheus(Box::new(PromSettings {
        url,
        auth,
        timeout,
        max_age,
        queries,
        cohort_counts,
        clients_by_version,
    })))
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
