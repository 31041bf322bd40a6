//! The config sections of particular commands, resolved: `[steps]`, `[deploy]`, `[rollback]`,
//! `[incident]` (each with `[environments.NAME.*]` overriding it).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use super::{DEFAULT_WORKER_PATH, parse_duration, parse_url};
use crate::config::{self, Loaded};
use crate::exit::CliError;
use crate::policy::rollback::{
    DEFAULT_POLL_INTERVAL, DEFAULT_ROLLBACK_STEPS, DEFAULT_STEP_WAIT, check_steps,
};
use crate::steps::{DEFAULT_STEP_TIMEOUT, KNOWN_STEPS, StepSpec};

/// The storage incident's parameters (`[incident]`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct IncidentSettings {
    pub recovery_wait: Duration,
    pub poll_interval: Duration,
    pub large_entries_limit: u32,
    /// Body of update-cache-limits.
    pub cache_limits: serde_json::Value,
}

impl Default for IncidentSettings {
    fn default() -> Self {
        IncidentSettings {
            recovery_wait: Duration::from_secs(60),
            poll_interval: Duration::from_secs(5),
            large_entries_limit: 10,
            // The guide's limits.
            cache_limits: serde_json::json!({
                "images-cache": {"maxEntries": 50},
                "feed-cache": {"maxAgeSeconds": 300}
            }),
        }
    }
}

/// `[deploy]`, resolved (defaults are the guide's layout: `public/sw-enhanced.js` and
/// `public/workbox-*.js`, Node.js 18+, a worker cached for minutes at most).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DeploySettings {
    /// Artifact paths are relative to it; build and deploy steps run in it unless their own
    /// `cwd` says otherwise. Relative to the current directory.
    pub build_dir: PathBuf,
    /// The local worker file whose SHA-256 the served worker must match.
    pub worker_artifact: String,
    /// Each must match at least one file after the build (`*` and `?` in the last component).
    pub artifacts: Vec<String>,
    /// Where the app serves the worker.
    pub worker_path: String,
    /// The scope the app registers the worker with.
    pub scope: String,
    /// The release `/api/sw-status` must report; `None`: the version the worker artifact declares.
    pub release: Option<String>,
    pub node_env: String,
    pub sw_enabled: bool,
    pub node_min_major: u32,
    /// Commands that must be on PATH before building.
    pub build_tools: Vec<String>,
    /// The longest `max-age` the served worker may be cached for.
    pub max_cache_age: Duration,
    /// How long verification keeps polling (CDNs lag), and how often.
    pub verify_deadline: Duration,
    pub verify_interval: Duration,
    /// Absolute URLs, or paths joined to the app's base URL.
    pub metrics_url: String,
    pub monitoring_health_url: String,
    /// Extra variables for the build and deploy steps.
    pub env: BTreeMap<String, String>,
}

pub(crate) const DEFAULT_WORKER_ARTIFACT: &str = "public/sw-enhanced.js";
pub(crate) const DEFAULT_ARTIFACTS: [&str; 2] = ["public/sw-enhanced.js", "public/workbox-*.js"];
pub(crate) const DEFAULT_MAX_CACHE_AGE: Duration = Duration::from_secs(300);
pub(crate) const DEFAULT_VERIFY_DEADLINE: Duration = Duration::from_secs(120);
pub(crate) const DEFAULT_VERIFY_INTERVAL: Duration = Duration::from_secs(5);
pub(crate) const DEFAULT_NODE_MIN_MAJOR: u32 = 18;

impl Default for DeploySettings {
    fn default() -> Self {
        DeploySettings {
            build_dir: PathBuf::from("."),
            worker_artifact: DEFAULT_WORKER_ARTIFACT.into(),
            artifacts: DEFAULT_ARTIFACTS.iter().map(|a| a.to_string()).collect(),
            worker_path: DEFAULT_WORKER_PATH.into(),
            scope: "/".into(),
            release: None,
            node_env: "production".into(),
            sw_enabled: true,
            node_min_major: DEFAULT_NODE_MIN_MAJOR,
            build_tools: vec!["npm".into()],
            max_cache_age: DEFAULT_MAX_CACHE_AGE,
            verify_deadline: DEFAULT_VERIFY_DEADLINE,
            verify_interval: DEFAULT_VERIFY_INTERVAL,
            metrics_url: "/metrics".into(),
            monitoring_health_url: "/health".into(),
            env: BTreeMap::new(),
        }
    }
}

/// `deploy`'s flags that override `[deploy]`.
#[derive(Clone, Debug, Default)]
pub(crate) struct DeployFlags {
    pub build_dir: Option<PathBuf>,
    pub release: Option<String>,
    pub verify_deadline: Option<Duration>,
}

/// `[rollback]` resolved (the `rollback planned` flags override the first three).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RollbackSettings {
    pub steps: Vec<u8>,
    pub step_wait: Duration,
    pub poll_interval: Duration,
    /// Lower-case hex SHA-256 of the backup worker, by served path.
    pub backup_sha256: BTreeMap<String, String>,
}

impl Default for RollbackSettings {
    fn default() -> Self {
        RollbackSettings {
            steps: DEFAULT_ROLLBACK_STEPS.to_vec(),
            step_wait: DEFAULT_STEP_WAIT,
            poll_interval: DEFAULT_POLL_INTERVAL,
            backup_sha256: BTreeMap::new(),
        }
    }
}

pub(super) fn resolve_incident(l: &Loaded) -> Result<IncidentSettings, CliError> {
    let f = &l.file.incident;
    let mut s = IncidentSettings::default();
    let duration = |v: &toml::Spanned<String>, key: &str| {
        parse_duration(v.get_ref())
            .map_err(|e| l.error_at(v.span(), format!("[incident] {key}: {e}")))
    };
    if let Some(v) = &f.recovery_wait {
        s.recovery_wait = duration(v, "recovery_wait")?;
    }
    if let Some(v) = &f.poll_interval {
        s.poll_interval = duration(v, "poll_interval")?;
        if s.poll_interval.is_zero() {
            return Err(l.error_at(v.span(), "[incident] poll_interval must be more than zero"));
        }
    }
    if let Some(v) = &f.large_entries_limit {
        s.large_entries_limit = *v.get_ref();
    }
    if let Some(v) = &f.cache_limits {
        if v.get_ref().is_empty() {
            return Err(l.error_at(v.span(), "[incident.cache_limits] is empty"));
        }
        s.cache_limits = serde_json::to_value(v.get_ref()).unwrap_or_default();
    }
    Ok(s)
}

/// `[steps.NAME]`, with `[environments.ENV.steps.NAME]` overriding it field by field.
pub(super) fn resolve_steps(
    l: &Loaded,
    env_file: Option<&config::EnvFile>,
) -> Result<BTreeMap<String, StepSpec>, CliError> {
    let mut steps: BTreeMap<String, StepSpec> = BTreeMap::new();
    let layers = std::iter::once(&l.file.steps).chain(env_file.map(|e| &e.steps));
    for table in layers {
        for (name, sf) in table {
            if !KNOWN_STEPS.contains(&name.get_ref().as_str()) {
                return Err(l.error_at(
                    name.span(),
                    format!(
                        "unknown step `{}` (known: {})",
                        name.get_ref(),
                        KNOWN_STEPS.join(", ")
                    ),
                ));
            }
            let base = steps.remove(name.get_ref());
            let command = match (&sf.command, &base) {
                (Some(c), _) if c.get_ref().trim().is_empty() => {
                    return Err(l.error_at(c.span(), "step command is empty"));
                }
                (Some(c), _) => c.get_ref().clone(),
                (None, Some(b)) => b.command.clone(),
                (None, None) => {
                    return Err(l.error_at(
                        name.span(),
                        format!("step `{}` has no command", name.get_ref()),
                    ));
                }
            };
            let timeout = match &sf.timeout {
                Some(t) => parse_duration(t.get_ref())
                    .and_then(|d| {
                        // A zero deadline kills the step at once: an emergency revert that
                        // can never run is worse than a config error now.
                        if d.is_zero() {
                            Err("must be more than 0s (a step with no time never runs)".into())
                        } else {
                            Ok(d)
                        }
                    })
                    .map_err(|e| l.error_at(t.span(), format!("timeout: {e}")))?,
                None => base
                    .as_ref()
                    .map(|b| b.timeout)
                    .unwrap_or(DEFAULT_STEP_TIMEOUT),
            };
            let mut env = base.as_ref().map(|b| b.env.clone()).unwrap_or_default();
            env.extend(sf.env.clone());
            let cwd = sf
                .cwd
                .clone()
                .or_else(|| base.as_ref().and_then(|b| b.cwd.clone()));
            steps.insert(
                name.get_ref().clone(),
                StepSpec {
                    name: name.get_ref().clone(),
                    command,
                    timeout,
                    env,
                    cwd,
                },
            );
        }
    }
    Ok(steps)
}

/// `[deploy]`, with `[environments.ENV.deploy]` overriding it key by key.
pub(super) fn resolve_deploy(
    l: &Loaded,
    env_file: Option<&config::EnvFile>,
) -> Result<DeploySettings, CliError> {
    let mut d = DeploySettings::default();
    let layers = std::iter::once(&l.file.deploy).chain(env_file.map(|e| &e.deploy));
    let duration = |v: &Option<toml::Spanned<String>>, key: &str, out: &mut Duration| {
        if let Some(s) = v {
            let parsed = parse_duration(s.get_ref())
                .map_err(|e| l.error_at(s.span(), format!("[deploy] {key}: {e}")))?;
            // max_cache_age = "0s" is fine (only no-cache or max-age=0 pass); a zero poll is not.
            if parsed.is_zero() && key != "max_cache_age" {
                return Err(l.error_at(s.span(), format!("[deploy] {key} must be more than zero")));
            }
            *out = parsed;
        }
        Ok::<(), CliError>(())
    };
    let location = |v: &toml::Spanned<String>, key: &str| -> Result<String, CliError> {
        let s = v.get_ref();
        if s.starts_with('/') || parse_url(s).is_ok() {
            Ok(s.clone())
        } else {
            Err(l.error_at(
                v.span(),
                format!("[deploy] {key} must be a path starting with '/' or an http(s) URL"),
            ))
        }
    };
    for f in layers {
        if let Some(v) = &f.build_dir {
            d.build_dir = v.get_ref().clone();
        }
        if let Some(v) = &f.worker_artifact {
            d.worker_artifact = v.get_ref().clone();
        }
        if let Some(v) = &f.artifacts {
            d.artifacts = v.get_ref().clone();
        }
        for (v, out, key) in [
            (&f.worker_path, &mut d.worker_path, "worker_path"),
            (&f.scope, &mut d.scope, "scope"),
        ] {
            if let Some(v) = v {
                if !v.get_ref().starts_with('/') {
                    return Err(l.error_at(
                        v.span(),
                        format!("[deploy] {key} must be a path starting with '/'"),
                    ));
                }
                *out = v.get_ref().clone();
            }
        }
        if let Some(v) = &f.release {
            d.release = Some(v.get_ref().clone()).filter(|r| !r.trim().is_empty());
        }
        if let Some(v) = &f.node_env {
            d.node_env = v.get_ref().clone();
        }
        if let Some(v) = &f.sw_enabled {
            d.sw_enabled = *v.get_ref();
        }
        if let Some(v) = &f.node_min_major {
            d.node_min_major = *v.get_ref();
        }
        if let Some(v) = &f.build_tools {
            d.build_tools = v.get_ref().clone();
        }
        duration(&f.max_cache_age, "max_cache_age", &mut d.max_cache_age)?;
        duration(
            &f.verify_deadline,
            "verify_deadline",
            &mut d.verify_deadline,
        )?;
        duration(
            &f.verify_interval,
            "verify_interval",
            &mut d.verify_interval,
        )?;
        if let Some(v) = &f.metrics_url {
            d.metrics_url = location(v, "metrics_url")?;
        }
        if let Some(v) = &f.monitoring_health_url {
            d.monitoring_health_url = location(v, "monitoring_health_url")?;
        }
        if let Some(v) = &f.env {
            d.env.extend(v.clone());
        }
    }
    Ok(d)
}

/// `[rollback]`, with `[environments.ENV.rollback]` overriding it key by key (backup hashes
/// path by path).
pub(super) fn resolve_rollback(
    l: &Loaded,
    env_file: Option<&config::EnvFile>,
) -> Result<RollbackSettings, CliError> {
    let mut r = RollbackSettings::default();
    let layers = std::iter::once(&l.file.rollback).chain(env_file.map(|e| &e.rollback));
    for rf in layers {
        if let Some(s) = &rf.steps {
            let steps = s
                .get_ref()
                .iter()
                .map(|&v| u8::try_from(v).ok().filter(|v| *v <= 100))
                .collect::<Option<Vec<u8>>>()
                .ok_or_else(|| {
                    l.error_at(s.span(), "[rollback] steps must be percentages 0–100")
                })?;
            check_steps(&steps)
                .map_err(|e| l.error_at(s.span(), format!("[rollback] steps: {e}")))?;
            r.steps = steps;
        }
        if let Some(s) = &rf.step_wait {
            r.step_wait = parse_duration(s.get_ref())
                .map_err(|e| l.error_at(s.span(), format!("[rollback] step_wait: {e}")))?;
        }
        if let Some(s) = &rf.poll_interval {
            let d = parse_duration(s.get_ref())
                .map_err(|e| l.error_at(s.span(), format!("[rollback] poll_interval: {e}")))?;
            if d.is_zero() {
                return Err(l.error_at(s.span(), "[rollback] poll_interval must be more than zero"));
            }
            r.poll_interval = d;
        }
        if let Some(s) = &rf.backup_sha256 {
            for (path, hash) in s.get_ref() {
                let hash = hash.trim().to_ascii_lowercase();
                if !path.starts_with('/') {
                    return Err(l.error_at(
                        s.span(),
                        format!(
                            "[rollback] backup_sha256: `{path}` is not a path starting with '/'"
                        ),
                    ));
                }
                if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(l.error_at(
                        s.span(),
                        format!(
                            "[rollback] backup_sha256 for `{path}` is not 64 hex digits (a SHA-256)"
                        ),
                    ));
                }
                r.backup_sha256.insert(path.clone(), hash);
            }
        }
    }
    Ok(r)
}
