//! Flags + environment + config file + defaults → plain settings. Precedence lives here and
//! nowhere else: flag > environment variable > config file > built-in default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::Url;

use crate::api::{ClientConfig, Paths, Secret};
use crate::cli::GlobalArgs;
use crate::config::{self, Loaded};
use crate::exit::CliError;
use crate::output::Format;
use crate::policy::rollback::{
    DEFAULT_POLL_INTERVAL, DEFAULT_ROLLBACK_STEPS, DEFAULT_STEP_WAIT, check_steps,
};
use crate::policy::thresholds::{KPIS, LIMITS, Limit, Source, Thresholds, check_band, check_limit};
use crate::steps::{DEFAULT_STEP_TIMEOUT, KNOWN_STEPS, StepSpec};

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_RETRIES: u32 = 2;
pub const DEFAULT_RETRY_AFTER_CAP: Duration = Duration::from_secs(10);
pub const DEFAULT_WORKER_PATH: &str = "/sw-enhanced.js";
/// A response larger than this is not a figure (and must not exhaust memory).
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// Everything a command needs to know, resolved.
#[derive(Clone, Debug)]
pub struct Settings {
    pub config_path: Option<PathBuf>,
    pub env_name: Option<String>,
    /// `None` until the sandbox (if any) has started; commands see it set.
    pub base_url: Option<Url>,
    pub token: Option<Secret>,
    pub format: Format,
    pub yes: bool,
    pub dry_run: bool,
    pub timeout: Duration,
    pub retries: u32,
    pub retry_after_cap: Duration,
    /// −1 quiet, 0 normal, 1+ verbose.
    pub verbosity: i8,
    pub paths: Paths,
    pub worker_paths: Vec<String>,
    pub thresholds: Thresholds,
    pub audit_log: PathBuf,
    /// Run state: locks, resumable progress.
    pub state_dir: PathBuf,
    /// Configured shell steps by name (see `steps::KNOWN_STEPS`).
    pub steps: BTreeMap<String, StepSpec>,
    pub incident: IncidentSettings,
    /// `[deploy]`: what `deploy` builds, checks and verifies.
    pub deploy: DeploySettings,
    /// `[rollback]`: defaults of `rollback planned`, the backup worker's hash.
    pub rollback: RollbackSettings,
}

/// The storage incident's parameters (`[incident]`).
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentSettings {
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
pub struct DeploySettings {
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

pub const DEFAULT_WORKER_ARTIFACT: &str = "public/sw-enhanced.js";
pub const DEFAULT_ARTIFACTS: [&str; 2] = ["public/sw-enhanced.js", "public/workbox-*.js"];
pub const DEFAULT_MAX_CACHE_AGE: Duration = Duration::from_secs(300);
pub const DEFAULT_VERIFY_DEADLINE: Duration = Duration::from_secs(120);
pub const DEFAULT_VERIFY_INTERVAL: Duration = Duration::from_secs(5);
pub const DEFAULT_NODE_MIN_MAJOR: u32 = 18;

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
pub struct DeployFlags {
    pub build_dir: Option<PathBuf>,
    pub release: Option<String>,
    pub verify_deadline: Option<Duration>,
}

/// `[rollback]` resolved (the `rollback planned` flags override the first three).
#[derive(Clone, Debug, PartialEq)]
pub struct RollbackSettings {
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

/// Command-specific flags that override thresholds.
#[derive(Clone, Debug, Default)]
pub struct ThresholdFlags {
    pub max_error_rate: Option<f64>,
}

impl Settings {
    /// Resolves settings. `env` looks up environment variables (injected for tests).
    pub fn resolve(
        args: &GlobalArgs,
        flags: &ThresholdFlags,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, CliError> {
        Settings::resolve_for(args, flags, env, None)
    }

    /// As [`Settings::resolve`], for a command whose positional names the environment
    /// (`deploy production`). It wins over `default_env`; `--env`/`SWCACHE_ENV` naming another
    /// one is a usage error. The config's environment of that name is used when the file
    /// defines it; a file that defines only others is a configuration error (its URL would
    /// otherwise be guessed); with no environments at all, the name is only the report's label
    /// and the URL comes from --url, SWCACHE_URL or the top-level `url`.
    pub fn resolve_for(
        args: &GlobalArgs,
        flags: &ThresholdFlags,
        env: &dyn Fn(&str) -> Option<String>,
        target: Option<&str>,
    ) -> Result<Settings, CliError> {
        if let Some(t) = target {
            let asked = args
                .env_name
                .as_ref()
                .map(|n| (n.clone(), "--env"))
                .or_else(|| env("SWCACHE_ENV").map(|n| (n, "SWCACHE_ENV")));
            if let Some((other, how)) = asked.filter(|(n, _)| n != t) {
                return Err(CliError::usage(format!(
                    "{how} names environment `{other}`, but the command targets `{t}`; \
                     drop {how} or make them agree"
                )));
            }
        }
        let loaded = match config_path(args, env)? {
            Some(path) => Some(config::load(&path)?),
            None => None,
        };
        let file = loaded.as_ref().map(|l| &l.file);

        let env_name = target
            .map(String::from)
            .or_else(|| args.env_name.clone())
            .or_else(|| env("SWCACHE_ENV"))
            .or_else(|| file.and_then(|f| f.default_env.as_ref().map(|s| s.get_ref().clone())));
        let label_only = target.is_some()
            && loaded
                .as_ref()
                .is_none_or(|l| l.file.environments.is_empty());
        let env_file = match (&env_name, &loaded) {
            (None, _) => None,
            (Some(_), _) if label_only => None,
            (Some(name), Some(l)) => Some(l.file.environments.get(name).ok_or_else(|| {
                let known: Vec<&str> = l.file.environments.keys().map(String::as_str).collect();
                CliError::config(format!(
                    "environment `{name}` is not defined in {} (defined: {})",
                    l.path.display(),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ))
            })?),
            (Some(name), None) => {
                return Err(CliError::config(format!(
                    "environment `{name}` was asked for, but no config file was found \
                     (use --config or create ./swcache.toml)"
                )));
            }
        };

        let base_url = match &args.url {
            Some(u) => Some(parse_url(u).map_err(|e| CliError::usage(format!("--url: {e}")))?),
            None => match env("SWCACHE_URL") {
                Some(u) => {
                    Some(parse_url(&u).map_err(|e| CliError::config(format!("SWCACHE_URL: {e}")))?)
                }
                None => {
                    let spanned = env_file
                        .and_then(|e| e.url.as_ref())
                        .or(file.and_then(|f| f.url.as_ref()));
                    match (spanned, &loaded) {
                        (Some(s), Some(l)) => Some(
                            parse_url(s.get_ref())
                                .map_err(|e| l.error_at(s.span(), format!("url: {e}")))?,
                        ),
                        _ => None,
                    }
                }
            },
        };

        let token = resolve_token(
            args,
            env,
            &loaded,
            env_file.and_then(|e| e.token_file.as_ref()),
        )?;

        let format = if args.json {
            Format::Json
        } else if let Some(f) = args.output {
            f
        } else if let Some(v) = env("SWCACHE_OUTPUT") {
            parse_format(&v).map_err(|e| CliError::config(format!("SWCACHE_OUTPUT: {e}")))?
        } else if let (Some(s), Some(l)) = (file.and_then(|f| f.output.as_ref()), &loaded) {
            parse_format(s.get_ref()).map_err(|e| l.error_at(s.span(), format!("output: {e}")))?
        } else {
            Format::Table
        };

        let timeout = match args.timeout {
            Some(t) => t,
            None => match env("SWCACHE_TIMEOUT") {
                Some(v) => parse_duration(&v)
                    .map_err(|e| CliError::config(format!("SWCACHE_TIMEOUT: {e}")))?,
                None => {
                    let spanned = env_file
                        .and_then(|e| e.timeout.as_ref())
                        .or(file.and_then(|f| f.timeout.as_ref()));
                    match (spanned, &loaded) {
                        (Some(s), Some(l)) => parse_duration(s.get_ref())
                            .map_err(|e| l.error_at(s.span(), format!("timeout: {e}")))?,
                        _ => DEFAULT_TIMEOUT,
                    }
                }
            },
        };
        if timeout.is_zero() {
            return Err(CliError::usage("--timeout must be more than zero"));
        }

        let retries = file
            .and_then(|f| f.retries.as_ref())
            .map(|s| *s.get_ref())
            .unwrap_or(DEFAULT_RETRIES);
        let retry_after_cap = match (file.and_then(|f| f.retry_after_cap.as_ref()), &loaded) {
            (Some(s), Some(l)) => parse_duration(s.get_ref())
                .map_err(|e| l.error_at(s.span(), format!("retry_after_cap: {e}")))?,
            _ => DEFAULT_RETRY_AFTER_CAP,
        };

        let mut paths = Paths::default();
        let mut worker_paths = vec![DEFAULT_WORKER_PATH.to_string()];
        if let Some(l) = &loaded {
            let layers = std::iter::once((&l.file.paths, &l.file.worker))
                .chain(env_file.map(|e| (&e.paths, &e.worker)));
            for (table, worker) in layers {
                for (key, path) in table {
                    paths
                        .set(key.get_ref(), path.get_ref().clone())
                        .map_err(|e| l.error_at(key.span(), format!("[paths] {e}")))?;
                }
                if let Some(w) = &worker.paths {
                    if w.get_ref().is_empty() || w.get_ref().iter().any(|p| !p.starts_with('/')) {
                        return Err(l.error_at(
                            w.span(),
                            "[worker] paths must be a non-empty list of paths starting with '/'",
                        ));
                    }
                    worker_paths = w.get_ref().clone();
                }
            }
        }

        let thresholds = resolve_thresholds(&loaded, flags, env)?;
        let steps = match &loaded {
            Some(l) => resolve_steps(l, env_file)?,
            None => BTreeMap::new(),
        };
        let rollback = match &loaded {
            Some(l) => resolve_rollback(l, env_file)?,
            None => RollbackSettings::default(),
        };

        let deploy = match &loaded {
            Some(l) => resolve_deploy(l, env_file)?,
            None => DeploySettings::default(),
        };

        let audit_log = match env("SWCACHE_AUDIT_LOG") {
            Some(p) => PathBuf::from(p),
            None => match file.and_then(|f| f.audit_log.as_ref()) {
                Some(p) => p.get_ref().clone(),
                None => state_dir(env).join("audit.jsonl"),
            },
        };

        let verbosity = if args.quiet > 0 {
            -1
        } else {
            args.verbose.min(3) as i8
        };

        Ok(Settings {
            config_path: loaded.as_ref().map(|l| l.path.clone()),
            env_name,
            base_url,
            token,
            format,
            yes: args.yes,
            dry_run: args.dry_run,
            timeout,
            retries,
            retry_after_cap,
            verbosity,
            paths,
            worker_paths,
            thresholds,
            audit_log,
            state_dir: state_dir(env),
            steps,
            incident: match &loaded {
                Some(l) => resolve_incident(l)?,
                None => IncidentSettings::default(),
            },
            deploy,
            rollback,
        })
    }

    /// `deploy`'s own flags over `[deploy]`.
    pub fn apply_deploy_flags(&mut self, flags: &DeployFlags) {
        if let Some(d) = &flags.build_dir {
            self.deploy.build_dir = d.clone();
        }
        if let Some(r) = flags.release.as_ref().filter(|r| !r.trim().is_empty()) {
            self.deploy.release = Some(r.trim().to_string());
        }
        if let Some(d) = flags.verify_deadline {
            self.deploy.verify_deadline = d;
        }
    }

    /// The client configuration; a URL must be known by now.
    pub fn client_config(&self) -> Result<ClientConfig, CliError> {
        let base_url = self.base_url.clone().ok_or_else(|| {
            CliError::config(
                "no app URL: pass --url, set SWCACHE_URL, configure an environment (--env) \
                 in swcache.toml, or try --sandbox",
            )
        })?;
        Ok(ClientConfig {
            base_url,
            token: self.token.clone(),
            timeout: self.timeout,
            retries: self.retries,
            retry_after_cap: self.retry_after_cap,
            paths: self.paths.clone(),
            max_body: MAX_BODY,
        })
    }

    /// Where the environment is named in reports.
    pub fn env_label(&self) -> String {
        self.env_name.clone().unwrap_or_else(|| "default".into())
    }
}

fn config_path(
    args: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<PathBuf>, CliError> {
    if let Some(p) = args
        .config
        .clone()
        .or_else(|| env("SWCACHE_CONFIG").map(PathBuf::from))
    {
        if !p.exists() {
            return Err(CliError::config(format!(
                "config file {} does not exist",
                p.display()
            )));
        }
        return Ok(Some(p));
    }
    let local = PathBuf::from("swcache.toml");
    if local.exists() {
        return Ok(Some(local));
    }
    let user = config_dir(env).join("config.toml");
    Ok(user.exists().then_some(user))
}

/// `$XDG_CONFIG_HOME/swcache` (or the platform's config dir).
fn config_dir(env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    env("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| Path::new(&h).join(".config")))
        .or_else(dirs::config_dir)
        .unwrap_or_else(|| PathBuf::from("."))
        .join("swcache")
}

/// `$XDG_STATE_HOME/swcache` (audit log, run state).
pub fn state_dir(env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    env("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| Path::new(&h).join(".local/state")))
        .or_else(dirs::state_dir)
        .unwrap_or_else(std::env::temp_dir)
        .join("swcache")
}

fn resolve_token(
    args: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
    loaded: &Option<Loaded>,
    env_token_file: Option<&toml::Spanned<PathBuf>>,
) -> Result<Option<Secret>, CliError> {
    if let Some(p) = &args.token_file {
        return read_token(p, "--token-file").map(Some);
    }
    for var in ["SWCACHE_TOKEN", "ADMIN_TOKEN"] {
        if let Some(t) = env(var).filter(|t| !t.trim().is_empty()) {
            return Ok(Some(Secret::new(t.trim())));
        }
    }
    let Some(l) = loaded else { return Ok(None) };
    match env_token_file.or(l.file.token_file.as_ref()) {
        Some(p) => {
            // A relative token_file is relative to the config file, not to the working dir.
            let path = l.path.parent().unwrap_or(Path::new(".")).join(p.get_ref());
            read_token(&path, "token_file")
                .map(Some)
                .map_err(|e| l.error_at(p.span(), e.message))
        }
        None => Ok(None),
    }
}

fn read_token(path: &Path, what: &str) -> Result<Secret, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::config(format!("{what}: cannot read {}: {e}", path.display())))?;
    let token = text.trim();
    if token.is_empty() {
        return Err(CliError::config(format!(
            "{what}: {} is empty",
            path.display()
        )));
    }
    Ok(Secret::new(token))
}

fn resolve_thresholds(
    loaded: &Option<Loaded>,
    flags: &ThresholdFlags,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Thresholds, CliError> {
    let mut t = Thresholds::default();
    if let Some(l) = loaded {
        for (key, kf) in &l.file.kpi {
            let def = KPIS
                .iter()
                .find(|d| d.key == key.get_ref())
                .ok_or_else(|| {
                    let known: Vec<&str> = KPIS.iter().map(|d| d.key).collect();
                    l.error_at(
                        key.span(),
                        format!(
                            "unknown KPI `{}` (known: {})",
                            key.get_ref(),
                            known.join(", ")
                        ),
                    )
                })?;
            let mut band = t.band(def.kpi);
            if let Some(v) = &kf.target {
                band.target = *v.get_ref();
            }
            if let Some(v) = &kf.critical {
                band.critical = *v.get_ref();
            }
            check_band(def.kpi, band)
                .map_err(|e| l.error_at(key.span(), format!("[kpi.{}] {e}", def.key)))?;
            t.set_band(def.kpi, band, Source::File);
        }
        for (key, value) in &l.file.thresholds {
            let def = LIMITS
                .iter()
                .find(|d| d.key == key.get_ref())
                .ok_or_else(|| {
                    let known: Vec<&str> = LIMITS.iter().map(|d| d.key).collect();
                    l.error_at(
                        key.span(),
                        format!(
                            "unknown threshold `{}` (known: {})",
                            key.get_ref(),
                            known.join(", ")
                        ),
                    )
                })?;
            check_limit(def.limit, *value.get_ref())
                .map_err(|e| l.error_at(value.span(), format!("[thresholds] {e}")))?;
            t.set_limit(def.limit, *value.get_ref(), Source::File);
        }
    }
    // Environment: SWCACHE_KPI_<KEY>_TARGET / _CRITICAL and SWCACHE_THRESHOLD_<KEY>.
    let number = |var: &str| -> Result<Option<f64>, CliError> {
        match env(var) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<f64>()
                .map(Some)
                .map_err(|_| CliError::config(format!("{var}: {v:?} is not a number"))),
        }
    };
    for def in &KPIS {
        let upper = def.key.to_ascii_uppercase();
        let target = number(&format!("SWCACHE_KPI_{upper}_TARGET"))?;
        let critical = number(&format!("SWCACHE_KPI_{upper}_CRITICAL"))?;
        if target.is_some() || critical.is_some() {
            let mut band = t.band(def.kpi);
            band.target = target.unwrap_or(band.target);
            band.critical = critical.unwrap_or(band.critical);
            check_band(def.kpi, band)
                .map_err(|e| CliError::config(format!("SWCACHE_KPI_{upper}_*: {e}")))?;
            t.set_band(def.kpi, band, Source::Env);
        }
    }
    for def in &LIMITS {
        let var = format!("SWCACHE_THRESHOLD_{}", def.key.to_ascii_uppercase());
        if let Some(v) = number(&var)? {
            check_limit(def.limit, v).map_err(|e| CliError::config(format!("{var}: {e}")))?;
            t.set_limit(def.limit, v, Source::Env);
        }
    }
    if let Some(v) = flags.max_error_rate {
        check_limit(Limit::MaxErrorRate, v)
            .map_err(|_| CliError::usage(format!("--max-error-rate {v} is outside 0–100")))?;
        t.set_limit(Limit::MaxErrorRate, v, Source::Flag);
    }
    Ok(t)
}

fn resolve_incident(l: &Loaded) -> Result<IncidentSettings, CliError> {
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
fn resolve_steps(
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
fn resolve_deploy(
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
fn resolve_rollback(
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

fn parse_url(s: &str) -> Result<Url, String> {
    let url = Url::parse(s).map_err(|e| format!("{s:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!(
            "{s:?} must be an http:// or https:// URL with a host"
        ));
    }
    if url.password().is_some() || !url.username().is_empty() {
        return Err("put credentials in a token file, not in the URL".into());
    }
    Ok(url)
}

fn parse_format(s: &str) -> Result<Format, String> {
    match s {
        "table" => Ok(Format::Table),
        "json" => Ok(Format::Json),
        other => Err(format!("{other:?} is not an output format (table, json)")),
    }
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s)
        .map_err(|e| format!("{s:?} is not a duration: {e} (examples: 10s, 500ms)"))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::exit::ExitStatus;
    use crate::policy::thresholds::Kpi;

    struct Case {
        dir: tempfile::TempDir,
        vars: HashMap<String, String>,
    }

    impl Case {
        fn new(config: Option<&str>) -> Case {
            let dir = tempfile::tempdir().unwrap();
            let mut vars = HashMap::new();
            vars.insert("HOME".into(), dir.path().display().to_string());
            if let Some(text) = config {
                let p = dir.path().join("swcache.toml");
                std::fs::write(&p, text).unwrap();
                vars.insert("SWCACHE_CONFIG".into(), p.display().to_string());
            }
            Case { dir, vars }
        }
        fn var(mut self, k: &str, v: &str) -> Case {
            self.vars.insert(k.into(), v.into());
            self
        }
        fn resolve_target(&self, target: Option<&str>) -> Result<Settings, CliError> {
            let vars = self.vars.clone();
            Settings::resolve_for(
                &GlobalArgs::default(),
                &ThresholdFlags::default(),
                &move |k| vars.get(k).cloned(),
                target,
            )
        }
        fn resolve(&self, args: &GlobalArgs) -> Result<Settings, CliError> {
            let vars = self.vars.clone();
            Settings::resolve(args, &ThresholdFlags::default(), &move |k| {
                vars.get(k).cloned()
            })
        }
    }

    const FILE: &str = r#"
default_env = "staging"
timeout = "7s"
output = "json"
[environments.staging]
url = "https://staging.example.com"
token_file = "staging.token"
[environments.production]
url = "https://example.com"
timeout = "3s"
[environments.production.paths]
cache_metrics = "/v2/cache-metrics"
[thresholds]
max_error_rate = 4
[kpi.storage_utilization_percent]
target = 70
"#;

    fn host(s: &Settings) -> String {
        s.base_url.as_ref().unwrap().host_str().unwrap().to_string()
    }

    #[test]
    fn url_precedence_flag_env_file() {
        let case = Case::new(Some(FILE)).var("SWCACHE_URL", "https://from-env.example.com");
        std::fs::write(case.dir.path().join("staging.token"), "tok-from-file\n").unwrap();
        let flag = GlobalArgs {
            url: Some("https://from-flag.example.com".into()),
            ..Default::default()
        };
        assert_eq!(host(&case.resolve(&flag).unwrap()), "from-flag.example.com");
        assert_eq!(
            host(&case.resolve(&GlobalArgs::default()).unwrap()),
            "from-env.example.com"
        );
        let case = Case::new(Some(FILE));
        std::fs::write(case.dir.path().join("staging.token"), "tok-from-file\n").unwrap();
        let s = case.resolve(&GlobalArgs::default()).unwrap();
        assert_eq!(host(&s), "staging.example.com", "default_env from the file");
        assert_eq!(
            s.token.unwrap().expose(),
            "tok-from-file",
            "token_file relative to the config"
        );
        let prod = GlobalArgs {
            env_name: Some("production".into()),
            ..Default::default()
        };
        let s = case.resolve(&prod).unwrap();
        assert_eq!(host(&s), "example.com");
        assert_eq!(
            s.timeout,
            Duration::from_secs(3),
            "environment timeout beats the file's"
        );
        assert_eq!(
            s.paths.get(crate::api::Endpoint::CacheMetrics),
            "/v2/cache-metrics"
        );
    }

    #[test]
    fn scalar_precedence_table() {
        // (flag timeout, env SWCACHE_TIMEOUT, file timeout, expected)
        let cases = [
            (Some(1u64), Some("2s"), Some("3s"), 1u64),
            (None, Some("2s"), Some("3s"), 2),
            (None, None, Some("3s"), 3),
            (None, None, None, 10),
        ];
        for (flag, var, file, want) in cases {
            let text = file.map(|f| format!("timeout = \"{f}\"\n"));
            let mut case = Case::new(text.as_deref());
            if let Some(v) = var {
                case = case.var("SWCACHE_TIMEOUT", v);
            }
            let args = GlobalArgs {
                timeout: flag.map(Duration::from_secs),
                ..Default::default()
            };
            assert_eq!(
                case.resolve(&args).unwrap().timeout,
                Duration::from_secs(want),
                "{flag:?} {var:?} {file:?}"
            );
        }
    }

    #[test]
    fn output_and_token_precedence() {
        let case = Case::new(Some("output = \"json\"\n"))
            .var("ADMIN_TOKEN", "admin")
            .var("SWCACHE_TOKEN", "sw");
        let s = case.resolve(&GlobalArgs::default()).unwrap();
        assert_eq!(s.format, Format::Json);
        assert_eq!(
            s.token.unwrap().expose(),
            "sw",
            "SWCACHE_TOKEN beats ADMIN_TOKEN"
        );
        let s = case
            .resolve(&GlobalArgs {
                output: Some(Format::Table),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(s.format, Format::Table);
        let tf = case.dir.path().join("t");
        std::fs::write(&tf, "from-flag-file").unwrap();
        let s = case
            .resolve(&GlobalArgs {
                token_file: Some(tf),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(s.token.unwrap().expose(), "from-flag-file");
        let case = Case::new(None).var("SWCACHE_OUTPUT", "yaml");
        assert_eq!(
            case.resolve(&GlobalArgs::default()).unwrap_err().status,
            ExitStatus::Config
        );
    }

    #[test]
    fn thresholds_default_file_flag() {
        let case = Case::new(Some(FILE));
        std::fs::write(case.dir.path().join("staging.token"), "t").unwrap();
        let vars = case.vars.clone();
        let lookup = move |k: &str| vars.get(k).cloned();
        let s =
            Settings::resolve(&GlobalArgs::default(), &ThresholdFlags::default(), &lookup).unwrap();
        assert_eq!(s.thresholds.limit(Limit::MaxErrorRate), 4.0);
        assert_eq!(s.thresholds.source("max_error_rate"), Source::File);
        assert_eq!(s.thresholds.band(Kpi::StorageUtilization).target, 70.0);
        assert_eq!(s.thresholds.band(Kpi::StorageUtilization).critical, 95.0);
        assert_eq!(
            s.thresholds.source("cleanup_storage_percent"),
            Source::Default
        );
        let env_vars = case.vars.clone();
        let with_env = move |k: &str| match k {
            "SWCACHE_THRESHOLD_MAX_ERROR_RATE" => Some("3".to_string()),
            "SWCACHE_KPI_STORAGE_UTILIZATION_PERCENT_CRITICAL" => Some("90".to_string()),
            _ => env_vars.get(k).cloned(),
        };
        let s = Settings::resolve(
            &GlobalArgs::default(),
            &ThresholdFlags::default(),
            &with_env,
        )
        .unwrap();
        assert_eq!(
            s.thresholds.limit(Limit::MaxErrorRate),
            3.0,
            "environment beats file"
        );
        assert_eq!(s.thresholds.source("max_error_rate"), Source::Env);
        assert_eq!(s.thresholds.band(Kpi::StorageUtilization).critical, 90.0);
        assert_eq!(
            s.thresholds.band(Kpi::StorageUtilization).target,
            70.0,
            "file's target kept"
        );
        let flags = ThresholdFlags {
            max_error_rate: Some(2.5),
        };
        let s = Settings::resolve(&GlobalArgs::default(), &flags, &with_env).unwrap();
        assert_eq!(s.thresholds.limit(Limit::MaxErrorRate), 2.5);
        assert_eq!(s.thresholds.source("max_error_rate"), Source::Flag);
    }

    #[test]
    fn config_errors_exit_78_and_name_the_place() {
        let cases = [
            ("[thresholds]\nmax_eror_rate = 5\n", ":2:", "max_eror_rate"),
            (
                "[kpi.feed_cache_hit_rate]\ntarget = 60\ncritical = 70\n",
                ":1:",
                "critical",
            ),
            ("timeout = \"soon\"\n", ":1:", "timeout"),
            ("url = \"ftp://x\"\n", ":1:", "url"),
            ("[paths]\ncache_metric = \"/x\"\n", ":2:", "cache_metric"),
            (
                "[thresholds]\nmax_error_rate = 250\n",
                ":2:",
                "max_error_rate",
            ),
            ("this is not toml", ":1:", ""),
            ("[rollback]\nsteps = [10, 50]\n", ":2:", "strictly down"),
            ("[rollback]\nsteps = [150]\n", ":2:", "steps"),
            ("[rollback]\nstep_wait = \"soon\"\n", ":2:", "step_wait"),
            (
                "[rollback]\npoll_interval = \"0s\"\n",
                ":2:",
                "poll_interval",
            ),
            (
                "[rollback]\nbackup_sha256 = { \"/sw.js\" = \"abc\" }\n",
                ":2:",
                "backup_sha256",
            ),
            ("[rollback]\nstep_wiat = \"1m\"\n", ":2:", "step_wiat"),
        ];
        for (text, line, key) in cases {
            let err = Case::new(Some(text))
                .resolve(&GlobalArgs::default())
                .unwrap_err();
            assert_eq!(err.status, ExitStatus::Config, "{text}");
            let msg = err.to_string();
            assert!(
                msg.contains("swcache.toml") && msg.contains(line) && msg.contains(key),
                "{text} → {msg}"
            );
        }
        let missing = Case::new(None).var("SWCACHE_CONFIG", "/nonexistent/swcache.toml");
        assert_eq!(
            missing.resolve(&GlobalArgs::default()).unwrap_err().status,
            ExitStatus::Config
        );
        let no_env = Case::new(Some(FILE)).resolve(&GlobalArgs {
            env_name: Some("qa".into()),
            ..Default::default()
        });
        assert!(
            no_env
                .unwrap_err()
                .to_string()
                .contains("production, staging")
        );
        let bad_flag = Case::new(None).resolve(&GlobalArgs {
            url: Some("nope".into()),
            ..Default::default()
        });
        assert_eq!(bad_flag.unwrap_err().status, ExitStatus::Usage);
    }

    #[test]
    fn steps_merge_per_environment() {
        let text = "[steps.revert_worker]\ncommand = \"aws s3 cp a b\"\ntimeout = \"2m\"\nenv = { A = \"1\" }\n[environments.prod]\nurl = \"https://x.example\"\n[environments.prod.steps.revert_worker]\nenv = { B = \"2\" }\n";
        let case = Case::new(Some(text));
        let s = case
            .resolve(&GlobalArgs {
                env_name: Some("prod".into()),
                ..Default::default()
            })
            .unwrap();
        let step = &s.steps["revert_worker"];
        assert_eq!(step.command, "aws s3 cp a b");
        assert_eq!(step.timeout, Duration::from_secs(120));
        assert_eq!(step.env.len(), 2);
        let err = Case::new(Some("[steps.revert_workers]\ncommand = \"x\"\n"))
            .resolve(&GlobalArgs::default())
            .unwrap_err();
        assert!(
            err.to_string().contains(":1:") && err.to_string().contains("revert_workers"),
            "{err}"
        );
        let err = Case::new(Some("[steps.deploy]\ntimeout = \"1m\"\n"))
            .resolve(&GlobalArgs::default())
            .unwrap_err();
        assert!(err.to_string().contains("has no command"), "{err}");
    }

    #[test]
    fn deploy_section_and_target_environment() {
        let text = "[deploy]\nrelease = \"v1\"\nmax_cache_age = \"0s\"\nverify_interval = \"1s\"\nenv = { A = \"1\" }\n\
                    [environments.production]\nurl = \"https://example.com\"\n\
                    [environments.production.deploy]\nrelease = \"v2\"\nenv = { B = \"2\" }\n\
                    [environments.staging]\nurl = \"https://staging.example.com\"\n";
        let case = Case::new(Some(text));
        let flags = ThresholdFlags::default();
        let vars = case.vars.clone();
        let lookup = move |k: &str| vars.get(k).cloned();
        let s = Settings::resolve_for(&GlobalArgs::default(), &flags, &lookup, Some("production"))
            .unwrap();
        assert_eq!(s.env_name.as_deref(), Some("production"));
        assert_eq!(host(&s), "example.com");
        assert_eq!(s.deploy.release.as_deref(), Some("v2"));
        assert_eq!(s.deploy.max_cache_age, Duration::ZERO);
        assert_eq!(s.deploy.verify_interval, Duration::from_secs(1));
        assert_eq!(s.deploy.env.len(), 2);
        let s = Settings::resolve_for(&GlobalArgs::default(), &flags, &lookup, Some("staging"))
            .unwrap();
        assert_eq!(s.deploy.release.as_deref(), Some("v1"));
        // --env naming another environment conflicts; naming the same one is fine.
        let other = GlobalArgs {
            env_name: Some("staging".into()),
            ..Default::default()
        };
        let err = Settings::resolve_for(&other, &flags, &lookup, Some("production")).unwrap_err();
        assert_eq!(err.status, ExitStatus::Usage);
        assert!(Settings::resolve_for(&other, &flags, &lookup, Some("staging")).is_ok());
        // No environments at all: the name is a label, the URL comes from elsewhere.
        let bare = Case::new(Some("url = \"https://x.example.com\"\n"));
        let s = bare.resolve_target(Some("production")).unwrap();
        assert_eq!(s.env_label(), "production");
        assert_eq!(host(&s), "x.example.com");
        // Bad values name the line.
        for (bad, key) in [
            ("[deploy]\nverify_deadline = \"0s\"\n", "verify_deadline"),
            ("[deploy]\nworker_path = \"sw.js\"\n", "worker_path"),
            ("[deploy]\nmetrics_url = \"metrics\"\n", "metrics_url"),
            ("[deploy]\nmax_cache_age = \"long\"\n", "max_cache_age"),
            ("[deploy]\nnode_min_major = \"18\"\n", "node_min_major"),
        ] {
            let err = Case::new(Some(bad))
                .resolve(&GlobalArgs::default())
                .unwrap_err();
            assert_eq!(err.status, ExitStatus::Config, "{bad}");
            assert!(
                err.to_string().contains(":2:") && err.to_string().contains(key),
                "{err}"
            );
        }
    }

    #[test]
    fn rollback_defaults_file_and_environment() {
        assert_eq!(
            Case::new(None)
                .resolve(&GlobalArgs::default())
                .unwrap()
                .rollback,
            RollbackSettings::default()
        );
        let hash = "AB".repeat(32);
        let text = format!(
            "[rollback]\nsteps = [40, 0]\nstep_wait = \"2m\"\nbackup_sha256 = {{ \"/sw.js\" = \"{hash}\" }}\n\
             [environments.prod]\nurl = \"https://x.example\"\n[environments.prod.rollback]\nstep_wait = \"10m\"\n"
        );
        let case = Case::new(Some(&text));
        let r = case.resolve(&GlobalArgs::default()).unwrap().rollback;
        assert_eq!(r.steps, vec![40, 0]);
        assert_eq!(r.step_wait, Duration::from_secs(120));
        assert_eq!(r.poll_interval, DEFAULT_POLL_INTERVAL);
        assert_eq!(
            r.backup_sha256["/sw.js"],
            "ab".repeat(32),
            "normalised to lower case"
        );
        let prod = case
            .resolve(&GlobalArgs {
                env_name: Some("prod".into()),
                ..Default::default()
            })
            .unwrap()
            .rollback;
        assert_eq!(prod.step_wait, Duration::from_secs(600));
        assert_eq!(prod.steps, vec![40, 0], "the rest inherited");
    }

    #[test]
    fn no_url_is_a_config_error_only_when_needed() {
        let s = Case::new(None).resolve(&GlobalArgs::default()).unwrap();
        assert!(s.base_url.is_none());
        assert_eq!(s.client_config().unwrap_err().status, ExitStatus::Config);
    }
}

#[cfg(test)]
mod example_file {
    use super::*;
    use crate::api::Endpoint;
    use crate::policy::thresholds::{KPIS, LIMITS};

    /// examples/swcache.toml documents every key with its default: it must load, and what it
    /// sets must equal the built-in defaults.
    #[test]
    fn example_config_documents_every_default() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/swcache.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = config::load(&path).unwrap();
        let t = resolve_thresholds(&Some(loaded), &ThresholdFlags::default(), &|_| None).unwrap();
        let d = Thresholds::default();
        for def in &KPIS {
            assert!(
                text.contains(&format!("\n{} = ", def.key)),
                "{} undocumented",
                def.key
            );
            assert_eq!(t.band(def.kpi), d.band(def.kpi), "{}", def.key);
        }
        for def in &LIMITS {
            assert!(
                text.contains(&format!("\n{} = ", def.key)),
                "{} undocumented",
                def.key
            );
            assert_eq!(t.limit(def.limit), d.limit(def.limit), "{}", def.key);
        }
        for ep in Endpoint::ALL {
            assert!(
                text.contains(&format!("\n{} = \"{}\"", ep.key(), ep.default_path())),
                "{:?}",
                ep
            );
        }
        assert!(text.contains(&format!(
            "timeout = \"{}\"",
            humantime::format_duration(DEFAULT_TIMEOUT)
        )));
        assert!(text.contains(&format!("retries = {DEFAULT_RETRIES}")));
        assert!(text.contains(&format!("paths = [\"{DEFAULT_WORKER_PATH}\"]")));
        let loaded = config::load(&path).unwrap();
        assert_eq!(
            resolve_incident(&loaded).unwrap(),
            IncidentSettings::default()
        );
        // [deploy] documents its defaults: loading the file changes nothing.
        assert_eq!(
            resolve_deploy(&loaded, None).unwrap(),
            DeploySettings::default()
        );
        for key in [
            "build_dir",
            "worker_artifact",
            "artifacts",
            "worker_path",
            "scope",
            "release",
            "node_env",
            "sw_enabled",
            "node_min_major",
            "build_tools",
            "max_cache_age",
            "verify_deadline",
            "verify_interval",
            "metrics_url",
            "monitoring_health_url",
            "env",
        ] {
            assert!(
                text.contains(&format!("\n{key} = ")) || text.contains(&format!("\n# {key} = ")),
                "[deploy] {key} undocumented"
            );
        }
        assert_eq!(
            resolve_rollback(&loaded, None).unwrap(),
            RollbackSettings::default(),
            "[rollback] documents the defaults"
        );
    }
}
