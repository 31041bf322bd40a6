//! Flags + environment + config file + defaults → plain settings. Precedence lives here and
//! nowhere else: flag > environment variable > config file > built-in default (a command's own
//! flags arrive as [`Overrides`], see `overrides`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::Url;

use crate::api::{BodyCaps, ClientConfig, Paths, Secret};
use crate::cli::GlobalArgs;
use crate::config::{self, Loaded};
use crate::exit::CliError;
use crate::output::Format;
use crate::policy::thresholds::{KPIS, LIMITS, Limit, Source, Thresholds, check_band, check_limit};
use crate::steps::StepSpec;

mod analysis;
pub(crate) mod gate;
pub(crate) use gate::GateSettings;
mod monitoring;
mod notify;
mod overrides;
pub(crate) use overrides::{IncidentFlags, Overrides, RollbackFlags};
mod prometheus;
mod rollout;
#[cfg(feature = "sandbox")]
pub(crate) mod sandbox;
mod sections;
mod state;
#[cfg(all(test, feature = "sandbox"))]
pub(crate) use rollout::DEFAULT_FLAG;
pub(crate) use rollout::{OnFailure, RolloutSettings};
pub(crate) use state::{PgSettings, StateBackend};
mod systemd;
pub(crate) use sections::*;
use sections::{resolve_deploy, resolve_incident, resolve_rollback, resolve_steps};

pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
pub(crate) const DEFAULT_RETRIES: u32 = 2;
pub(crate) const DEFAULT_RETRY_AFTER_CAP: Duration = Duration::from_secs(10);
pub(crate) const DEFAULT_WORKER_PATH: &str = "/sw-enhanced.js";
/// The bounds that keep every request, and so every command, finite (README, "Safety").
pub(crate) const MAX_RETRIES: u32 = 5;
pub(crate) const MAX_RETRY_AFTER_CAP: Duration = Duration::from_secs(60);
pub(crate) const MAX_TIMEOUT: Duration = Duration::from_secs(300);

/// Everything a command needs to know, resolved.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub config_path: Option<PathBuf>,
    pub env_name: Option<String>,
    /// `None` until the sandbox (if any) has started; commands see it set.
    pub base_url: Option<Url>,
    /// The configured URL of the environment `staging` (never `--url` or `SWCACHE_URL`): the
    /// promotion gate opens only on a staging record made against it.
    pub staging_url: Option<Url>,
    pub token: Option<Secret>,
    /// Why the token could not be had; an error only for a command that sends it.
    pub token_error: Option<String>,
    /// Said once the printer exists (a token file others can read).
    pub warnings: Vec<String>,
    /// Plain http to a host other than loopback may carry the token (`allow_insecure_http`).
    pub allow_insecure_http: bool,
    /// Bytes read of each answer (`[max_body]`).
    pub caps: BodyCaps,
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
    /// `[worker] max_precache_bytes`: the precache's size budget, when set.
    pub max_precache_bytes: Option<u64>,
    /// `[worker] caches`, `cache_prefixes`: the app's caches, which the kill switch deletes.
    pub app_caches: crate::policy::kill_switch::AppCaches,
    /// `[worker] page`: the page that registers the worker (`probe` opens it).
    pub page: String,
    /// `[browser]` and `SWCACHE_BROWSER`: the browser of `probe`.
    pub browser: BrowserSettings,
    pub thresholds: Thresholds,
    pub audit_log: PathBuf,
    /// Run state: locks, resumable progress.
    pub state_dir: PathBuf,
    /// Where the state lives: `state_dir` or a shared PostgreSQL database (`[state]`).
    pub state: StateBackend,
    /// Configured shell steps by name (see `steps::KNOWN_STEPS`).
    pub steps: BTreeMap<String, StepSpec>,
    pub incident: IncidentSettings,
    /// `[deploy]`: what `deploy` builds, checks and verifies.
    pub deploy: DeploySettings,
    /// `[rollback]`: defaults of `rollback planned`, the backup worker's hash.
    pub rollback: RollbackSettings,
    /// `[metrics]`: the app's Prometheus series names.
    pub metrics: crate::policy::series::MetricNames,
    /// `[metrics] source`: where KPI figures are read (the app, or Prometheus).
    pub figures: crate::prometheus::FigureSource,
    /// `[alerts]`.
    pub alerts: crate::policy::alerts::AlertSettings,
    /// A `--sandbox` run (see `sandbox`): nothing above describes a real environment.
    pub sandbox: bool,
    /// `[rollout]`: the flag's name and the minimum bake time.
    pub rollout: RolloutSettings,
    /// Confirmations ask for the environment's name to be typed.
    pub production: bool,
    /// `[notify]`: the webhooks told of the run's events (none for a `--sandbox` run).
    pub notify: crate::notify::NotifySettings,
    /// `[analysis]`: judge the gate's figures over a window; `None`: one snapshot.
    pub analysis: Option<crate::policy::analysis::AnalysisSettings>,
    /// `[gate]` and the `[kpi.*]` comparisons: cohorts compared, advisory KPIs, alerts.
    pub gate: GateSettings,
}

/// The headless browser `probe` runs (read only when built with the `browser` feature).
#[derive(Clone, Debug, Default)]
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
pub(crate) struct BrowserSettings {
    /// The config has a `[browser]` section: `deploy` probes after its verification.
    pub configured: bool,
    /// `[browser] path`.
    pub path: Option<PathBuf>,
    /// `SWCACHE_BROWSER`, which wins over `path`.
    pub env: Option<String>,
}

/// Command-specific flags that override thresholds.
#[derive(Clone, Debug, Default)]
pub(crate) struct ThresholdFlags {
    pub max_error_rate: Option<f64>,
}

impl Settings {
    /// Resolves settings. `env` looks up environment variables (injected for tests).
    pub(crate) fn resolve(
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
    pub(crate) fn resolve_for(
        args: &GlobalArgs,
        flags: &ThresholdFlags,
        env: &dyn Fn(&str) -> Option<String>,
        target: Option<&str>,
    ) -> Result<Settings, CliError> {
        if args.sandbox || args.sandbox_scenario.is_some() {
            #[cfg(not(feature = "sandbox"))]
            return Err(crate::sandbox::not_compiled_in("--sandbox"));
            #[cfg(feature = "sandbox")]
            return Settings::resolve_sandbox(args, flags, env);
        }
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
        Settings::from_sources(args, flags, env, target, loaded)
    }

    /// A `--sandbox` run: the same resolution over only the policy part of the config file and
    /// the environment (see `sandbox`), then the sandbox's own label, steps, backup hash, audit
    /// log and state. Its URL and token are the embedded app's, set once it has started.
    #[cfg(feature = "sandbox")]
    fn resolve_sandbox(
        args: &GlobalArgs,
        flags: &ThresholdFlags,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, CliError> {
        sandbox::check_args(args)?;
        let env = |k: &str| env(k).filter(|_| sandbox::allowed_var(k));
        let loaded = match config_path(args, &env)? {
            Some(path) => {
                let mut l = config::load(&path)?;
                l.file = sandbox::policy_only(std::mem::take(&mut l.file));
                Some(l)
            }
            None => None,
        };
        let mut s = Settings::from_sources(args, flags, &env, None, loaded)?;
        let own = sandbox::dir(&state_dir(&env));
        s.env_name = Some(sandbox::LABEL.into());
        s.steps = sandbox::stand_in_steps();
        s.rollback.backup_sha256 = sandbox::backup_sha256();
        s.audit_log = own.join("audit.jsonl");
        s.state_dir = own;
        s.sandbox = true;
        Ok(s)
    }

    fn from_sources(
        args: &GlobalArgs,
        flags: &ThresholdFlags,
        env: &dyn Fn(&str) -> Option<String>,
        target: Option<&str>,
        loaded: Option<Loaded>,
    ) -> Result<Settings, CliError> {
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

        let mut warnings = Vec::new();
        let (token, token_error) = match resolve_token(
            args,
            env,
            &loaded,
            env_file.and_then(|e| e.token_file.as_ref()),
            &mut warnings,
        ) {
            Ok(t) => (t, None),
            Err(e) => (None, Some(e.message)),
        };
        let allow_insecure_http = match env_file
            .and_then(|e| e.allow_insecure_http.as_ref())
            .or(file.and_then(|f| f.allow_insecure_http.as_ref()))
        {
            Some(v) => *v.get_ref(),
            None => false,
        };
        let mut caps = BodyCaps::default();
        if let Some(l) = &loaded {
            for (key, bytes) in &l.file.max_body {
                caps.set(key.get_ref(), *bytes.get_ref())
                    .map_err(|e| l.error_at(key.span(), format!("[max_body] {e}")))?;
            }
        }

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

        // Each source's mistake is reported as that source's: a flag is a usage error (64),
        // the environment and the file are configuration (78, the file's with its line).
        let timeout = match args.timeout {
            Some(t) => check_timeout(t).map_err(|e| CliError::usage(format!("--timeout {e}")))?,
            None => {
                match env("SWCACHE_TIMEOUT") {
                    Some(v) => parse_duration(&v)
                        .and_then(check_timeout)
                        .map_err(|e| CliError::config(format!("SWCACHE_TIMEOUT: {e}")))?,
                    None => {
                        let spanned = env_file
                            .and_then(|e| e.timeout.as_ref())
                            .or(file.and_then(|f| f.timeout.as_ref()));
                        match (spanned, &loaded) {
                            (Some(s), Some(l)) => parse_duration(s.get_ref())
                                .and_then(check_timeout)
                                .map_err(|e| l.error_at(s.span(), format!("timeout: {e}")))?,
                            _ => DEFAULT_TIMEOUT,
                        }
                    }
                }
            }
        };

        let retries = match (file.and_then(|f| f.retries.as_ref()), &loaded) {
            (Some(s), Some(l)) if *s.get_ref() > MAX_RETRIES => {
                return Err(l.error_at(
                    s.span(),
                    format!(
                        "retries: at most {MAX_RETRIES} (each retry can take a whole timeout), got {}",
                        s.get_ref()
                    ),
                ));
            }
            (Some(s), _) => *s.get_ref(),
            _ => DEFAULT_RETRIES,
        };
        let retry_after_cap = match (file.and_then(|f| f.retry_after_cap.as_ref()), &loaded) {
            (Some(s), Some(l)) => parse_duration(s.get_ref())
                .and_then(|d| {
                    if d > MAX_RETRY_AFTER_CAP {
                        Err(format!(
                            "at most {}, got {}",
                            humantime::format_duration(MAX_RETRY_AFTER_CAP),
                            s.get_ref()
                        ))
                    } else {
                        Ok(d)
                    }
                })
                .map_err(|e| l.error_at(s.span(), format!("retry_after_cap: {e}")))?,
            _ => DEFAULT_RETRY_AFTER_CAP,
        };

        let mut paths = Paths::default();
        let mut worker_paths = vec![DEFAULT_WORKER_PATH.to_string()];
        let mut max_precache_bytes = None;
        let mut app_caches = crate::policy::kill_switch::AppCaches::default();
        let mut page = "/".to_string();
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
                if let Some(b) = &worker.max_precache_bytes {
                    max_precache_bytes = Some(*b.get_ref());
                }
                app_caches_from(l, worker, &mut app_caches)?;
                if let Some(p) = &worker.page {
                    if !p.get_ref().starts_with('/') {
                        return Err(
                            l.error_at(p.span(), "[worker] page must be a path starting with '/'")
                        );
                    }
                    page = p.get_ref().clone();
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
        let rollout = match &loaded {
            Some(l) => rollout::resolve_rollout(l)?,
            None => RolloutSettings::default(),
        };
        let production = rollout::is_production(env_name.as_deref(), env_file);

        let state_dir = resolve_state_dir(env, &loaded)?;
        let state = state::resolve_state(env, &loaded)?;
        let audit_log = match env("SWCACHE_AUDIT_LOG") {
            Some(p) => PathBuf::from(p),
            None => match file.and_then(|f| f.audit_log.as_ref()) {
                Some(p) => p.get_ref().clone(),
                None => state_dir.join("audit.jsonl"),
            },
        };

        let metrics = monitoring::resolve_metrics(&loaded)?;
        let figures =
            prometheus::resolve_source(&loaded, env_file, &metrics, token.as_ref(), &mut warnings)?;

        let gate = match &loaded {
            Some(l) => gate::resolve_gate(
                l,
                gate::GateInputs {
                    env,
                    admin_token: token.as_ref(),
                    warnings: &mut warnings,
                },
            )?,
            None => GateSettings::default(),
        };

        let analysis = match &loaded {
            Some(l) => analysis::resolve_analysis(l, env_file)?,
            None => None,
        };
        if let Some(l) = &loaded {
            gate::check_sampled(l, &gate, &figures, analysis.is_some())?;
        }

        let verbosity = if args.quiet > 0 {
            -1
        } else {
            args.verbose.min(3) as i8
        };

        let staging_url = file
            .and_then(|f| f.environments.get("staging"))
            .and_then(|e| e.url.as_ref())
            .and_then(|u| parse_url(u.get_ref()).ok());
        Ok(Settings {
            config_path: loaded.as_ref().map(|l| l.path.clone()),
            env_name,
            base_url,
            staging_url,
            token,
            token_error,
            warnings,
            allow_insecure_http,
            caps,
            format,
            yes: args.yes,
            dry_run: args.dry_run,
            timeout,
            retries,
            retry_after_cap,
            verbosity,
            paths,
            worker_paths,
            max_precache_bytes,
            app_caches,
            page,
            browser: BrowserSettings {
                configured: file.is_some_and(|f| f.browser.is_some()),
                path: file
                    .and_then(|f| f.browser.as_ref())
                    .and_then(|b| b.path.as_ref())
                    .map(|p| p.get_ref().clone()),
                env: env("SWCACHE_BROWSER").filter(|v| !v.is_empty()),
            },
            thresholds,
            audit_log,
            state_dir,
            state,
            steps,
            incident: match &loaded {
                Some(l) => resolve_incident(l)?,
                None => IncidentSettings::default(),
            },
            deploy,
            rollback,
            metrics,
            figures,
            alerts: monitoring::resolve_alerts(&loaded)?,
            sandbox: false,
            rollout,
            production,
            notify: notify::resolve_notify(&loaded)?,
            analysis,
            gate,
        })
    }

    /// Registers every secret these settings hold with `redact` (6 characters or more, see
    /// `redact::register_held`), whatever the command: the
    /// admin token (read even by a command that does not send it), the Prometheus credentials,
    /// each webhook URL with its path and query. Called once settings load, before anything
    /// runs, so every exit scrubs them. (URLs with userinfo are refused at load, without quoting
    /// them.)
    pub(crate) fn register_secrets(&self) {
        use crate::redact::register_held;
        if let Some(t) = &self.token {
            register_held(t.expose());
        }
        if let crate::prometheus::FigureSource::Prometheus(p) = &self.figures {
            match &p.auth {
                Some(crate::prometheus::Auth::Bearer(t)) => register_held(t.expose()),
                Some(crate::prometheus::Auth::Basic { password, .. }) => {
                    register_held(password.expose())
                }
                None => {}
            }
        }
        // Alertmanager's credentials: a bearer token, or a basic-auth password.
        match self.gate.alerts.as_ref().and_then(|a| a.auth.as_ref()) {
            Some(crate::prometheus::Auth::Bearer(t)) => register_held(t.expose()),
            Some(crate::prometheus::Auth::Basic { password, .. }) => {
                register_held(password.expose())
            }
            None => {}
        }
        for sink in &self.notify.sinks {
            crate::redact::register_url(sink.url());
        }
        if let StateBackend::Postgres(pg) = &self.state {
            pg.register_secrets();
        }
    }

    /// `deploy`'s own flags over `[deploy]`.
    pub(crate) fn apply_deploy_flags(&mut self, flags: &DeployFlags) {
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
    pub(crate) fn client_config(&self) -> Result<ClientConfig, CliError> {
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
            caps: self.caps.clone(),
        })
    }

    /// For a command that sends the token: it must have been read, and may go over plain
    /// http only to loopback or where `allow_insecure_http = true` says so.
    pub(crate) fn require_token(&self) -> Result<(), CliError> {
        if let Some(e) = &self.token_error {
            return Err(CliError::config(e.clone()));
        }
        let Some(url) = &self.base_url else {
            return Ok(());
        };
        if self.token.is_some()
            && url.scheme() == "http"
            && !crate::policy::deploy::is_loopback(url)
            && !self.allow_insecure_http
        {
            return Err(CliError::config(format!(
                "refusing to send the admin token in cleartext to {} (plain http, not loopback); \
                 use an https:// URL, or set allow_insecure_http = true for this environment \
                 in the config file",
                crate::redact::url(url)
            )));
        }
        Ok(())
    }

    /// Where the environment is named in reports.
    pub(crate) fn env_label(&self) -> String {
        self.env_name.clone().unwrap_or_else(|| "default".into())
    }
}

/// The config file in use: --config, $SWCACHE_CONFIG, ./swcache.toml, then the user's.
pub(crate) fn config_path(
    args: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<PathBuf>, CliError> {
    config_path_in(args, env, Path::new(SYSTEM_CONFIG))
}

/// Where ops hosts keep it (the README's cron and systemd examples, the `.deb`): the last
/// place looked.
pub(crate) const SYSTEM_CONFIG: &str = "/etc/swcache/swcache.toml";

/// The lookup order: `--config`, `SWCACHE_CONFIG`, `./swcache.toml`, the user's config dir,
/// then `system`.
fn config_path_in(
    args: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
    system: &Path,
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
    let user = user_config(env);
    if user.exists() {
        return Ok(Some(user));
    }
    Ok(system.exists().then(|| system.to_path_buf()))
}

/// `$XDG_CONFIG_HOME/swcache/config.toml`: the last place a config file is looked for.
pub(crate) fn user_config(env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    config_dir(env).join("config.toml")
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

/// `$XDG_STATE_HOME/swcache` (audit log, run state), or the directory systemd made for the
/// unit with `StateDirectory=` (which is swcache's own already, so nothing is appended). An
/// empty or relative `XDG_STATE_HOME` is ignored, as the XDG spec says (it would scatter state
/// into the working directory).
pub(crate) fn state_dir(env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    if let Some(dir) = systemd::state_directory(env) {
        return dir;
    }
    env("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| env("HOME").map(|h| Path::new(&h).join(".local/state")))
        .or_else(dirs::state_dir)
        .unwrap_or_else(std::env::temp_dir)
        .join("swcache")
}

/// The state directory: `SWCACHE_STATE_DIR`, the config's `state_dir`, else the user's own
/// ([`state_dir`]). A shared one must be absolute: relative, each user's working directory
/// would make it a different directory, and so a different lock.
fn resolve_state_dir(
    env: &dyn Fn(&str) -> Option<String>,
    loaded: &Option<Loaded>,
) -> Result<PathBuf, CliError> {
    if let Some(v) = env("SWCACHE_STATE_DIR").filter(|v| !v.is_empty()) {
        let p = PathBuf::from(&v);
        if !p.is_absolute() {
            return Err(CliError::config(format!(
                "SWCACHE_STATE_DIR: must be an absolute path, got {v:?}"
            )));
        }
        return Ok(p);
    }
    if let Some(l) = loaded
        && let Some(p) = &l.file.state_dir
    {
        if !p.get_ref().is_absolute() {
            return Err(l.error_at(
                p.span(),
                format!(
                    "state_dir: must be an absolute path, got {:?}",
                    p.get_ref().display().to_string()
                ),
            ));
        }
        return Ok(p.get_ref().clone());
    }
    Ok(state_dir(env))
}

fn resolve_token(
    args: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
    loaded: &Option<Loaded>,
    env_token_file: Option<&toml::Spanned<PathBuf>>,
    warnings: &mut Vec<String>,
) -> Result<Option<Secret>, CliError> {
    if let Some(p) = &args.token_file {
        return read_token(p, "--token-file", warnings).map(Some);
    }
    for var in ["SWCACHE_TOKEN", "ADMIN_TOKEN"] {
        if let Some(t) = env(var).filter(|t| !t.trim().is_empty()) {
            return check_token(&t)
                .map(Some)
                .map_err(|e| CliError::config(format!("{var}: {e}")));
        }
    }
    if let Some(l) = loaded
        && let Some(p) = env_token_file.or(l.file.token_file.as_ref())
    {
        // A relative token_file is relative to the config file, not to the working dir.
        let path = l.path.parent().unwrap_or(Path::new(".")).join(p.get_ref());
        return read_token(&path, "token_file", warnings)
            .map(Some)
            .map_err(|e| l.error_at(p.span(), e.message));
    }
    match systemd::credential_token(env) {
        Some(path) => read_token(&path, "$CREDENTIALS_DIRECTORY/token", warnings).map(Some),
        None => Ok(None),
    }
}

fn read_token(path: &Path, what: &str, warnings: &mut Vec<String>) -> Result<Secret, CliError> {
    let bytes = crate::fsutil::read_capped(path, crate::fsutil::SMALL_FILE_CAP)
        .and_then(|b| {
            b.ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "No such file"))
        })
        .map_err(|e| CliError::config(format!("{what}: cannot read {}: {e}", path.display())))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::config(format!("{what}: {} is not UTF-8 text", path.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(m) = std::fs::metadata(path)
            && m.permissions().mode() & 0o077 != 0
        {
            warnings.push(format!(
                "{what}: {} can be read by others (mode {:o}); chmod 600 it",
                path.display(),
                m.permissions().mode() & 0o777
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = warnings;
    check_token(&text).map_err(|e| CliError::config(format!("{what}: {}: {e}", path.display())))
}

/// The token as it goes in `Authorization: Bearer …`: one line of visible ASCII. What a copy
/// and paste commonly adds is refused here, at load, rather than as a 401 at the first write.
fn check_token(text: &str) -> Result<Secret, String> {
    if text.starts_with('\u{feff}') {
        return Err("starts with a byte-order mark (BOM); save it as plain UTF-8".into());
    }
    let token = text.trim();
    if token.is_empty() {
        return Err("is empty".into());
    }
    if token.lines().count() > 1 {
        return Err("holds more than one line; it must hold only the token".into());
    }
    if token.len() >= 7 && token[..7].eq_ignore_ascii_case("bearer ") {
        return Err("starts with `Bearer `; give only the token (swcache adds the scheme)".into());
    }
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("holds spaces, control or non-ASCII characters, which a token cannot".into());
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
            // The error rate's bound is `[thresholds] max_error_rate`; its `[kpi]` table holds
            // only a comparison (`gate::resolve_gate`).
            if key.get_ref() == gate::ERROR_RATE_KEY {
                if let Some(v) = kf.target.as_ref().or(kf.critical.as_ref()) {
                    return Err(l.error_at(
                        v.span(),
                        "[kpi.error_rate] takes no target or critical: its bound is \
                         [thresholds] max_error_rate",
                    ));
                }
                continue;
            }
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

pub(crate) fn parse_url(s: &str) -> Result<Url, String> {
    let url = Url::parse(s).map_err(|e| format!("{} is not a URL: {e}", quoted_url(s)))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!(
            "{} must be an http:// or https:// URL with a host",
            quoted_url(s)
        ));
    }
    if url.password().is_some() || !url.username().is_empty() {
        return Err("put credentials in a token file, not in the URL".into());
    }
    Ok(url)
}

/// A URL as an error may quote it: not at all when it may hold a `user:pass@`.
fn quoted_url(s: &str) -> String {
    if s.contains('@') {
        "the URL (not shown: it holds an `@`, maybe a password)".into()
    } else {
        format!("{s:?}")
    }
}

fn parse_format(s: &str) -> Result<Format, String> {
    match s {
        "table" => Ok(Format::Table),
        "json" => Ok(Format::Json),
        "jsonl" => Ok(Format::Jsonl),
        other => Err(format!(
            "{other:?} is not an output format (table, json, jsonl)"
        )),
    }
}

/// A request deadline: more than zero, at most [`MAX_TIMEOUT`].
fn check_timeout(d: Duration) -> Result<Duration, String> {
    if d.is_zero() {
        Err("must be more than zero".into())
    } else if d > MAX_TIMEOUT {
        Err(format!(
            "must be at most {}",
            humantime::format_duration(MAX_TIMEOUT)
        ))
    } else {
        Ok(d)
    }
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s)
        .map_err(|e| format!("{s:?} is not a duration: {e} (examples: 10s, 500ms)"))
}

#[cfg(test)]
mod tests;

/// `[worker] caches` and `cache_prefixes` over `into`: names not empty, prefixes long enough
/// to be the app's alone (a short one would delete other apps' caches on the origin).
fn app_caches_from(
    l: &Loaded,
    worker: &config::WorkerFile,
    into: &mut crate::policy::kill_switch::AppCaches,
) -> Result<(), CliError> {
    use crate::policy::kill_switch::MIN_PREFIX;
    if let Some(c) = &worker.caches {
        if c.get_ref().iter().any(|n| n.trim().is_empty()) {
            return Err(l.error_at(c.span(), "[worker] caches: a cache name is empty"));
        }
        into.names = c.get_ref().clone();
    }
    if let Some(p) = &worker.cache_prefixes {
        if p.get_ref().iter().any(|n| n.chars().count() < MIN_PREFIX) {
            return Err(l.error_at(
                p.span(),
                format!(
                    "[worker] cache_prefixes: each must be {MIN_PREFIX} characters or more (a \
                     shorter one would match other apps' caches on the origin)"
                ),
            ));
        }
        into.prefixes = p.get_ref().clone();
    }
    if into.names.is_empty() && into.prefixes.is_empty() {
        let at = worker.caches.as_ref().map(|c| c.span()).unwrap_or_default();
        return Err(l.error_at(
            at,
            "[worker] caches and cache_prefixes are both empty: the kill switch would delete \
             no cache",
        ));
    }
    Ok(())
}
