//! The TOML config file: what it may hold, and loading it with errors that name the file, the
//! line and the key. Turning it into settings is `settings.rs`'s job.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::exit::CliError;

/// The whole file. Unknown keys are errors: a misspelt threshold must not silently fall back
/// to its default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigFile {
    pub default_env: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    pub token_file: Option<Spanned<PathBuf>>,
    pub output: Option<Spanned<String>>,
    pub timeout: Option<Spanned<String>>,
    pub retries: Option<Spanned<u32>>,
    pub retry_after_cap: Option<Spanned<String>>,
    pub audit_log: Option<Spanned<PathBuf>>,
    /// Where locks, run and rollback state, staging records and (unless `audit_log` says
    /// otherwise) the audit log live: one directory every user of an ops host shares.
    pub state_dir: Option<Spanned<PathBuf>>,
    /// Send the token over plain http to a host that is not loopback (default: refused).
    pub allow_insecure_http: Option<Spanned<bool>>,
    /// `[max_body]`: bytes read of each endpoint's answer, by endpoint key (or `worker`, `other`).
    #[serde(default)]
    pub max_body: BTreeMap<Spanned<String>, Spanned<u64>>,
    #[serde(default)]
    pub paths: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub worker: WorkerFile,
    #[serde(default)]
    pub environments: BTreeMap<String, EnvFile>,
    #[serde(default)]
    pub kpi: BTreeMap<Spanned<String>, KpiFile>,
    #[serde(default)]
    pub thresholds: BTreeMap<Spanned<String>, Spanned<f64>>,
    #[serde(default)]
    pub steps: BTreeMap<Spanned<String>, StepFile>,
    #[serde(default)]
    pub incident: IncidentFile,
    #[serde(default)]
    pub deploy: DeployFile,
    #[serde(default)]
    pub rollback: RollbackFile,
    /// `[metrics]`: the app's series names (keys in `policy::series::MetricNames::KEYS`), and
    /// where KPI figures are read (`source`, `[metrics.prometheus]`).
    #[serde(default)]
    pub metrics: MetricsFile,
    #[serde(default)]
    pub alerts: AlertsFile,
    #[serde(default)]
    pub rollout: RolloutFile,
    /// `[gate]`: the cohorts compared.
    #[serde(default)]
    pub gate: GateFile,
    /// `[notify]`: webhooks told of incidents, rollbacks, rollout steps, held gates, failures.
    #[serde(default)]
    pub notify: NotifyFile,
    /// `[analysis]`: judge the gate's figures over a window (see `policy::analysis`).
    pub analysis: Option<AnalysisFile>,
    /// `[browser]`: the headless browser of `probe`; present, `deploy` probes too.
    pub browser: Option<BrowserFile>,
    /// `[state]`: where locks, run and rollback state, staging records and the audit log live.
    #[serde(default)]
    pub state: StateFile,
}

/// `[browser]`: which browser `probe` runs (default: found on PATH).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BrowserFile {
    pub path: Option<Spanned<PathBuf>>,
}

/// `[state]`: `backend = "dir"` (the default: `state_dir`) or `"postgres"`, whose connection
/// string (a secret) is in `url_file` or `SWCACHE_STATE_URL`, never in this file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StateFile {
    pub backend: Option<Spanned<String>>,
    pub url_file: Option<Spanned<PathBuf>>,
}

/// `[analysis]` (and `[environments.NAME.analysis]`, key by key over it): measurements
/// `interval` apart, `count` of them, with failure and inconclusive limits. Absent: one snapshot.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnalysisFile {
    pub interval: Option<Spanned<String>>,
    pub count: Option<Spanned<u32>>,
    pub failure_limit: Option<Spanned<u32>>,
    pub inconclusive_limit: Option<Spanned<u32>>,
}

/// `[notify]`: where messages about a run's meaningful events go (see `notify`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NotifyFile {
    /// Deadline of each request to a sink [default: 5s].
    pub timeout: Option<Spanned<String>>,
    /// Retries of a failed request, 0 or 1 [default: 1].
    pub retries: Option<Spanned<u32>>,
    /// `[[notify.sink]]`, one per webhook.
    #[serde(default)]
    pub sink: Vec<NotifySinkFile>,
}

/// One webhook: `kind` is `slack` (`{"text": …}`) or `json`; the URL is a secret (it
/// authorises posting), given inline or, better, in a file of its own.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NotifySinkFile {
    pub kind: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    pub url_file: Option<Spanned<PathBuf>>,
}

/// `[rollout]`: which flag the rollout commands drive, and how long a step must bake.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RolloutFile {
    /// The feature flag's name in /api/admin/feature-flags [default: enhanced-cache].
    pub flag: Option<Spanned<String>>,
    /// Minimum time at the current step before exposure is raised [default: 7d].
    pub min_bake: Option<Spanned<String>>,
    /// `rollout run`'s path when analysis fails: `planned` or `emergency` [default: planned].
    pub on_failure: Option<Spanned<String>>,
}

/// `[alerts]`: what `thresholds alerts` adds beyond the thresholds.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AlertsFile {
    pub runbook_url: Option<Spanned<String>>,
    pub maintain_daily_period: Option<Spanned<String>>,
    pub maintain_weekly_period: Option<Spanned<String>>,
}

/// `[incident]`: the storage incident's limits and its recovery watch.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IncidentFile {
    pub recovery_wait: Option<Spanned<String>>,
    pub poll_interval: Option<Spanned<String>>,
    pub large_entries_limit: Option<Spanned<u32>>,
    /// `[incident.cache_limits]`, sent as is to update-cache-limits.
    pub cache_limits: Option<Spanned<BTreeMap<String, BTreeMap<String, u64>>>>,
}

/// `[deploy]` (and `[environments.NAME.deploy]`, which overrides it key by key): what
/// `swcache deploy` builds, checks and verifies.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeployFile {
    pub build_dir: Option<Spanned<PathBuf>>,
    pub worker_artifact: Option<Spanned<String>>,
    pub artifacts: Option<Spanned<Vec<String>>>,
    pub worker_path: Option<Spanned<String>>,
    pub scope: Option<Spanned<String>>,
    pub release: Option<Spanned<String>>,
    pub node_env: Option<Spanned<String>>,
    pub sw_enabled: Option<Spanned<bool>>,
    pub node_min_major: Option<Spanned<u32>>,
    pub build_tools: Option<Spanned<Vec<String>>>,
    pub max_cache_age: Option<Spanned<String>>,
    pub verify_deadline: Option<Spanned<String>>,
    pub verify_interval: Option<Spanned<String>>,
    pub metrics_url: Option<Spanned<String>>,
    pub monitoring_health_url: Option<Spanned<String>>,
    pub env: Option<BTreeMap<String, String>>,
}

/// `[rollback]`: defaults for `rollback planned` and what `rollback emergency` verifies against.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RollbackFile {
    pub steps: Option<Spanned<Vec<i64>>>,
    pub step_wait: Option<Spanned<String>>,
    pub poll_interval: Option<Spanned<String>>,
    /// SHA-256 (hex) of the backup worker script, by served path.
    pub backup_sha256: Option<Spanned<BTreeMap<String, String>>>,
}

/// A configured shell step (`[steps.revert_worker]`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StepFile {
    pub command: Option<Spanned<String>>,
    pub timeout: Option<Spanned<String>>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    pub cwd: Option<PathBuf>,
}

/// One named environment (`[environments.production]`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EnvFile {
    pub url: Option<Spanned<String>>,
    /// Confirmations ask for the environment's name to be typed [default: true for an
    /// environment named `production`, else false].
    pub production: Option<Spanned<bool>>,
    pub token_file: Option<Spanned<PathBuf>>,
    pub timeout: Option<Spanned<String>>,
    /// Overrides the top-level `allow_insecure_http` for this environment.
    pub allow_insecure_http: Option<Spanned<bool>>,
    #[serde(default)]
    pub paths: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub worker: WorkerFile,
    #[serde(default)]
    pub steps: BTreeMap<Spanned<String>, StepFile>,
    #[serde(default)]
    pub deploy: DeployFile,
    #[serde(default)]
    pub rollback: RollbackFile,
    pub analysis: Option<AnalysisFile>,
    /// `[environments.NAME.metrics]`: `source` and `[….metrics.prometheus]` for this one.
    #[serde(default)]
    pub metrics: EnvMetricsFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WorkerFile {
    /// Paths of the served worker script(s) to check.
    pub paths: Option<Spanned<Vec<String>>>,
    /// A budget for the precache's total bytes (a WARNING past it).
    pub max_precache_bytes: Option<Spanned<u64>>,
    /// The app's cache names: what the kill switch deletes (nothing else of the origin).
    pub caches: Option<Spanned<Vec<String>>>,
    /// Prefixes of the app's cache names (Workbox's `workbox-precache`).
    pub cache_prefixes: Option<Spanned<Vec<String>>>,
    /// The page that registers the worker, opened by `probe` (default `/`).
    pub page: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KpiFile {
    pub target: Option<Spanned<f64>>,
    pub critical: Option<Spanned<f64>>,
    /// `"control"`: judge the exposed cohort against the control group (see `policy::compare`).
    pub compare: Option<Spanned<String>>,
    /// `"+20%"` (worse when higher) or `"-5%"` (worse when lower).
    pub max_relative_change: Option<Spanned<String>>,
    pub min_samples: Option<Spanned<u64>>,
    pub confidence: Option<Spanned<f64>>,
    /// Measured and shown, never holding a gate.
    pub advisory: Option<Spanned<bool>>,
}

/// `[gate]`: the cohorts the flag splits users into, and the alerts that hold it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GateFile {
    /// The exposed cohort, then the control group [default: enhanced, control].
    pub cohorts: Option<Spanned<Vec<String>>>,
    /// Alertmanager's base URL (`alertmanager = "https://…"`), or `[gate.alertmanager]` with
    /// `url` and its credentials: its active alerts are read with every gate.
    pub alertmanager: Option<Spanned<AlertmanagerFile>>,
    /// Matchers (`severity=critical`): one list (all must match an alert), or a list of lists
    /// (any list).
    pub hold_on: Option<Spanned<HoldOnFile>>,
}

/// `[gate] alertmanager`: the URL alone, or a table with the credentials sent to it.
#[derive(Debug)]
pub(crate) enum AlertmanagerFile {
    Url(String),
    Table(AlertmanagerTable),
}

/// `[gate.alertmanager]`: where, and how swcache proves itself (Alertmanager has no auth of its
/// own; a proxy in front of it often does). A bearer token from `token_file` (or the
/// environment's `SWCACHE_ALERTMANAGER_TOKEN`), or basic auth.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AlertmanagerTable {
    pub url: Spanned<String>,
    pub token_file: Option<Spanned<PathBuf>>,
    pub username: Option<Spanned<String>>,
    pub password_file: Option<Spanned<PathBuf>>,
}

impl AlertmanagerFile {
    pub(crate) fn url(&self) -> &str {
        match self {
            AlertmanagerFile::Url(u) => u,
            AlertmanagerFile::Table(t) => t.url.get_ref(),
        }
    }
}

// By hand: an untagged enum would answer an unknown key of the table with "did not match any
// variant" instead of naming the key.
impl<'de> Deserialize<'de> for AlertmanagerFile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = AlertmanagerFile;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("Alertmanager's URL, or a table with `url` and its credentials")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AlertmanagerFile, E> {
                Ok(AlertmanagerFile::Url(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                m: A,
            ) -> Result<AlertmanagerFile, A::Error> {
                AlertmanagerTable::deserialize(serde::de::value::MapAccessDeserializer::new(m))
                    .map(AlertmanagerFile::Table)
            }
        }
        d.deserialize_any(V)
    }
}

/// `hold_on`: one set of matchers, or several.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum HoldOnFile {
    One(Vec<String>),
    Any(Vec<Vec<String>>),
}

/// `[metrics]`: `source`, `[metrics.prometheus]`, and every other key a series name. Read by
/// hand: serde's `flatten` would lose the line of each name.
#[derive(Debug, Default)]
pub(crate) struct MetricsFile {
    /// `app` or `prometheus` [default: app].
    pub source: Option<Spanned<String>>,
    pub prometheus: Option<PrometheusFile>,
    /// Series names by `MetricNames` key.
    pub names: BTreeMap<Spanned<String>, Spanned<String>>,
}

impl<'de> Deserialize<'de> for MetricsFile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = MetricsFile;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a table of series names, `source` and `[metrics.prometheus]`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<MetricsFile, A::Error> {
                let mut out = MetricsFile::default();
                while let Some(key) = m.next_key::<Spanned<String>>()? {
                    match key.get_ref().as_str() {
                        "source" => out.source = Some(m.next_value()?),
                        "prometheus" => out.prometheus = Some(m.next_value()?),
                        _ => {
                            let v = m.next_value()?;
                            out.names.insert(key, v);
                        }
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}

/// `[environments.NAME.metrics]`: where this environment's figures are read.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EnvMetricsFile {
    pub source: Option<Spanned<String>>,
    pub prometheus: Option<PrometheusFile>,
}

/// `[metrics.prometheus]` (an environment's overrides it key by key, its queries query by
/// query).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PrometheusFile {
    /// The server, e.g. `http://prometheus:9090` (`/api/v1/query` is joined to it).
    pub url: Option<Spanned<String>>,
    /// A file holding a bearer token for Prometheus (never the app's admin token).
    pub bearer_token_file: Option<Spanned<PathBuf>>,
    /// Basic auth: the user, and a file holding the password.
    pub basic_auth_user: Option<Spanned<String>>,
    pub basic_auth_password_file: Option<Spanned<PathBuf>>,
    /// Each query's deadline [default: 5s].
    pub timeout: Option<Spanned<String>>,
    /// A sample older than this is UNKNOWN [default: 2m].
    pub max_age: Option<Spanned<String>>,
    /// PromQL by KPI key (and `error_rate_percent`), on the threshold's scale.
    #[serde(default)]
    pub queries: BTreeMap<Spanned<String>, Spanned<String>>,
    /// The counts a cohort comparison tests, by `[kpi]` key: PromQL with `$cohort`.
    #[serde(default)]
    pub cohort_counts: BTreeMap<Spanned<String>, CohortCountsFile>,
}

/// `[metrics.prometheus.cohort_counts.NAME]`: the events (errors, hits) and the total
/// (requests, lookups) of one cohort, each a query in which `$cohort` is the cohort's name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CohortCountsFile {
    pub events: Spanned<String>,
    pub total: Spanned<String>,
}

/// A loaded file: its path and text (for line numbers) and what it says.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub path: PathBuf,
    pub text: String,
    pub file: ConfigFile,
}

impl Loaded {
    /// A configuration error at a place in this file: `path:line: message (at `key = …`)`.
    pub(crate) fn error_at(
        &self,
        span: std::ops::Range<usize>,
        message: impl AsRef<str>,
    ) -> CliError {
        CliError::config(located(
            &self.path,
            &self.text,
            Some(span),
            message.as_ref(),
        ))
    }
}

pub(crate) fn load(path: &Path) -> Result<Loaded, CliError> {
    let text = crate::fsutil::read_text(path, crate::fsutil::SMALL_FILE_CAP).map_err(|e| {
        CliError::config(format!("cannot read config file {}: {e}", path.display()))
    })?;
    let file: ConfigFile = toml::from_str(&text)
        .map_err(|e| CliError::config(located(path, &text, e.span(), e.message())))?;
    Ok(Loaded {
        path: path.to_path_buf(),
        text,
        file,
    })
}

fn located(path: &Path, text: &str, span: Option<std::ops::Range<usize>>, message: &str) -> String {
    let Some(span) = span else {
        return format!("{}: {message}", path.display());
    };
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_no = text[..start].matches('\n').count() + 1;
    let column = text[line_start..start].chars().count() + 1;
    let line = text.lines().nth(line_no - 1).unwrap_or("").trim();
    if holds_secret(text, line_no, line) {
        // Neither the line nor what the parser quoted of it: say where and what only.
        return format!(
            "{}:{line_no}:{column}: {} (the line is not shown: it may hold a credential)",
            path.display(),
            mask_literals(message, line)
        );
    }
    format!("{}:{line_no}: {message} (at `{line}`)", path.display())
}

/// Whether a config line may hold a secret: a URL (a webhook's path, a `user:pass@`), anything
/// of `[notify]` (however its header or dotted key is spelt), or a value under a key that
/// names a credential (`token`, `password`, …; a `…_file` key holds a path, not the secret).
fn holds_secret(text: &str, line_no: usize, line: &str) -> bool {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'')
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let section = text
        .lines()
        .take(line_no)
        .map(squash)
        .filter(|l| l.starts_with('['))
        .last()
        .unwrap_or_default();
    let key = squash(line.split_once('=').map_or("", |(k, _)| k));
    let credential = [
        "token",
        "password",
        "passwd",
        "secret",
        "credential",
        "bearer",
        "api_key",
    ]
    .iter()
    .any(|w| key.contains(w))
        && !key.ends_with("_file");
    line.contains("://")
        || section.starts_with("[notify")
        || section.starts_with("[[notify")
        || key.starts_with("notify")
        || squash(line).starts_with("[notify")
        || squash(line).starts_with("[[notify")
        || credential
}

/// `message` with every string the line holds replaced by `…`: quoted (a parser's "invalid
/// type: string \"…\"" quotes the value), or bare when long enough not to be a word of the
/// message.
fn mask_literals(message: &str, line: &str) -> String {
    let mut out = message.to_string();
    for quote in ['"', '\''] {
        for (i, piece) in line.split(quote).enumerate() {
            if i % 2 == 1 && !piece.is_empty() {
                out = out.replace(&format!("{quote}{piece}{quote}"), "\"…\"");
                if piece.chars().count() >= crate::redact::MIN_EXIT_LEN {
                    out = out.replace(piece, "…");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Loaded, CliError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("swcache.toml");
        std::fs::write(&path, text).unwrap();
        load(&path)
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let err = parse("url = \"https://a\"\n\n[thresholds]\nmax_error_rate = 5\n[kpi.feed_cache_hit_rate]\ntarget = 85\ncritcal = 70\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("swcache.toml:7:"), "{msg}");
        assert!(msg.contains("critcal"), "{msg}");
    }

    #[test]
    fn wrong_type_names_line() {
        let err = parse("[thresholds]\nmax_error_rate = \"five\"\n").unwrap_err();
        assert!(err.to_string().contains(":2:"), "{err}");
        assert!(err.to_string().contains("max_error_rate"), "{err}");
    }

    #[test]
    fn errors_in_notify_do_not_quote_its_urls() {
        let err = parse(
            "[[notify.sink]]\nkind = \"slack\"\nurls = \"https://hooks.example/T/B/secret\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains(":3:") && err.contains("not shown"), "{err}");
        assert!(!err.contains("secret"), "{err}");
        let err = parse("[thresholds]\nmax_error_rate = \"five\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("`max_error_rate = \"five\"`"), "{err}");
    }

    #[test]
    fn errors_on_lines_with_secrets_say_where_without_the_text() {
        let cases = [
            // A URL's userinfo, in a value of the wrong type: toml quotes the value.
            "retries = \"http://user:PASSWORD@app.example\"\n",
            // An unknown key holding a token.
            "admin_token = \"PASSWORD-tok\"\n",
            // `[notify]` as a dotted key, and as a header with spaces.
            "notify.sink = [{ kind = \"slack\", urls = \"https://hooks.example/PASSWORD\" }]\n",
            "[[ notify.sink ]]\nkind = \"slack\"\nurls = \"https://hooks.example/PASSWORD\"\n",
            "[[ notify.sink ]]\nkind = \"slack\"\nretries = \"PASSWORD\"\n",
        ];
        for text in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(!err.contains("PASSWORD"), "{text}: {err}");
            assert!(err.contains("swcache.toml:"), "{err}");
            assert!(err.contains("not shown"), "{err}");
        }
        let err = parse("retries = \"http://u:PASSWORD@x\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("swcache.toml:1:11:"), "line and column: {err}");
    }

    #[test]
    fn integers_are_accepted_as_figures() {
        let l = parse("[kpi.feed_cache_hit_rate]\ntarget = 85\n[thresholds]\nmax_error_rate = 5\n")
            .unwrap();
        assert_eq!(l.file.thresholds.values().next().unwrap().get_ref(), &5.0);
    }
}
