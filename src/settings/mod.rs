//! Flags + environment + config file + defaults → plain settings. Precedence lives in this
//! module and nowhere else: flag > environment variable > the environment's config table >
//! the config's top level > built-in default, each setting's layers listed through
//! `layered::Layered` (a command's own flags arrive as [`Overrides`], see `overrides`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::Url;

use crate::api::{BodyCaps, ClientConfig, Secret};
use crate::cli::GlobalArgs;
use crate::config::{self, ConfigFile, EnvFile, Loaded};
use crate::exit::CliError;
use crate::output::Format;
use crate::policy::thresholds::{KPIS, LIMITS, Limit, Source, Thresholds, check_band, check_limit};
use crate::steps::StepSpec;
use crate::vocab::Paths;

mod analysis;
mod app;
pub(crate) mod gate;
pub(crate) use gate::GateSettings;
mod layered;
mod monitoring;
mod notify;
mod overrides;
pub(crate) use overrides::{IncidentFlags, Overrides, RollbackFlags};
mod prometheus;
mod rollout;
#[cfg(feature = "sandbox")]
pub(crate) mod sandbox;
mod secrets;
mod sections;
mod state;
#[cfg(all(test, feature = "sandbox"))]
pub(crate) use rollout::DEFAULT_FLAG;
pub(crate) use rollout::{OnFailure, RolloutSettings};
pub(crate) use state::{PgSettings, StateBackend};
mod systemd;
mod worker;
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
    /// Where the token came from (`--token-file PATH`, `$SWCACHE_TOKEN`, `file PATH`, `set`),
    /// as `config check` shows it; `None` without a token.
    pub token_source: Option<String>,
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

    /// Each setting from its layers (see `app`, `secrets`, `worker` and the section modules),
    /// in the order their mistakes are reported.
    fn from_sources(
        args: &GlobalArgs,
        flags: &ThresholdFlags,
        env: &dyn Fn(&str) -> Option<String>,
        target: Option<&str>,
        loaded: Option<Loaded>,
    ) -> Result<Settings, CliError> {
        let (env_name, own) = select_environment(args, env, target, loaded.as_ref())?;
        let s = Sources {
            env,
            loaded: loaded.as_ref(),
            own,
        };
        let app = app::resolve_app(args, &s)?;
        let mut warnings = Vec::new();
        let token = secrets::admin_token(args, &s, &mut warnings);
        let worker = worker::resolve_worker(&s)?;
        let thresholds = resolve_thresholds(&loaded, flags, env)?;
        let steps = s.section(|l| resolve_steps(l, own))?;
        let rollback = s.section(|l| resolve_rollback(l, own))?;
        let deploy = s.section(|l| resolve_deploy(l, own))?;
        let rollout = s.section(rollout::resolve_rollout)?;
        let production = rollout::is_production(env_name.as_deref(), own);
        let state_dir = app::state_dir(&s)?;
        let state = state::resolve_state(env, &loaded)?;
        let audit_log = app::audit_log(&s, &state_dir)?;
        let (metrics, figures, gate, analysis) = judging(&s, token.token.as_ref(), &mut warnings)?;
        Ok(Settings {
            config_path: loaded.as_ref().map(|l| l.path.clone()),
            env_name,
            base_url: app.base_url,
            staging_url: staging_url(&s),
            token: token.token,
            token_source: token.source,
            token_error: token.error,
            warnings,
            allow_insecure_http: app.allow_insecure_http,
            caps: app.caps,
            format: app.format,
            yes: args.yes,
            dry_run: args.dry_run,
            timeout: app.timeout,
            retries: app.retries,
            retry_after_cap: app.retry_after_cap,
            verbosity: if args.quiet > 0 {
                -1
            } else {
                args.verbose.min(3) as i8
            },
            paths: worker.paths,
            worker_paths: worker.worker_paths,
            max_precache_bytes: worker.max_precache_bytes,
            app_caches: worker.app_caches,
            page: worker.page,
            browser: browser(&s),
            thresholds,
            audit_log,
            state_dir,
            state,
            steps,
            incident: s.section(resolve_incident)?,
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

/// What a setting is looked up in besides the flags: the environment variables, and the
/// config file with the selected environment's table.
pub(super) struct Sources<'a> {
    pub env: &'a dyn Fn(&str) -> Option<String>,
    pub loaded: Option<&'a Loaded>,
    /// `[environments.NAME]` of the selected environment.
    pub own: Option<&'a EnvFile>,
}

impl<'a> Sources<'a> {
    /// An environment variable, unset when empty.
    fn var(&self, name: &str) -> Option<String> {
        (self.env)(name).filter(|v| !v.is_empty())
    }

    /// A top-level key of the file.
    fn top<R>(&self, key: impl FnOnce(&'a ConfigFile) -> &'a Option<R>) -> Option<&'a R> {
        self.loaded.and_then(|l| key(&l.file).as_ref())
    }

    /// A key of the selected environment's table, else the top level's.
    fn own_or_top<R>(
        &self,
        own: impl FnOnce(&'a EnvFile) -> &'a Option<R>,
        top: impl FnOnce(&'a ConfigFile) -> &'a Option<R>,
    ) -> Option<&'a R> {
        self.own
            .and_then(|e| own(e).as_ref())
            .or_else(|| self.top(top))
    }

    /// A path the file names, relative to the file's directory (as it is, without a file).
    fn beside_config(&self, p: &Path) -> PathBuf {
        match self.loaded {
            Some(l) => beside_config(l, p),
            None => p.to_path_buf(),
        }
    }

    /// A section of the file, resolved; its defaults without a file.
    fn section<T: Default>(
        &self,
        resolve: impl FnOnce(&'a Loaded) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        self.loaded.map_or_else(|| Ok(T::default()), resolve)
    }
}

/// A path a config file names: relative to the file, not to the working directory.
pub(super) fn beside_config(l: &Loaded, p: &Path) -> PathBuf {
    l.path.parent().unwrap_or(Path::new(".")).join(p)
}

/// The environment's name (the command's target, `--env`, `SWCACHE_ENV`, the file's
/// `default_env`) and its table: none for a name that is only a label (a target, with a file
/// that defines no environments); an error for one the file does not define.
fn select_environment<'a>(
    args: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
    target: Option<&str>,
    loaded: Option<&'a Loaded>,
) -> Result<(Option<String>, Option<&'a EnvFile>), CliError> {
    let name = target
        .map(String::from)
        .or_else(|| args.env_name.clone())
        .or_else(|| env("SWCACHE_ENV"))
        .or_else(|| loaded.and_then(|l| l.file.default_env.as_ref().map(|s| s.get_ref().clone())));
    let label_only = target.is_some() && loaded.is_none_or(|l| l.file.environments.is_empty());
    let own = match (&name, loaded) {
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
    Ok((name, own))
}

/// What the gate judges, and with which figures: `[metrics]` and its source, `[gate]` and
/// `[analysis]`, checked against each other.
fn judging(
    s: &Sources,
    admin_token: Option<&Secret>,
    warnings: &mut Vec<String>,
) -> Result<Judging, CliError> {
    let metrics = monitoring::resolve_metrics(s.loaded)?;
    let figures = prometheus::resolve_source(s, &metrics, admin_token, warnings)?;
    let inputs = gate::GateInputs {
        env: s.env,
        admin_token,
        warnings,
    };
    let gate = s.section(|l| gate::resolve_gate(l, inputs))?;
    let analysis = s.section(|l| analysis::resolve_analysis(l, s.own))?;
    if let Some(l) = s.loaded {
        gate::check_sampled(l, &gate, &figures, analysis.is_some())?;
    }
    Ok((metrics, figures, gate, analysis))
}

type Judging = (
    crate::policy::series::MetricNames,
    crate::prometheus::FigureSource,
    GateSettings,
    Option<crate::policy::analysis::AnalysisSettings>,
);

/// The configured URL of the environment `staging`, whatever the flags say.
fn staging_url(s: &Sources) -> Option<Url> {
    let staging = s.loaded?.file.environments.get("staging")?;
    parse_url(staging.url.as_ref()?.get_ref()).ok()
}

/// `[browser]` and `SWCACHE_BROWSER`.
fn browser(s: &Sources) -> BrowserSettings {
    let table = s.loaded.and_then(|l| l.file.browser.as_ref());
    BrowserSettings {
        configured: table.is_some(),
        path: table
            .and_then(|b| b.path.as_ref())
            .map(|p| p.get_ref().clone()),
        env: s.var("SWCACHE_BROWSER"),
    }
}

/// `[kpi.*]` and `[thresholds]`, then `SWCACHE_KPI_*` and `SWCACHE_THRESHOLD_*` over them,
/// then `--max-error-rate`; each value checked where it is given.
fn resolve_thresholds(
    loaded: &Option<Loaded>,
    flags: &ThresholdFlags,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Thresholds, CliError> {
    let mut t = Thresholds::default();
    if let Some(l) = loaded {
        file_bands(l, &mut t)?;
        file_limits(l, &mut t)?;
    }
    env_thresholds(env, &mut t)?;
    if let Some(v) = flags.max_error_rate {
        check_limit(Limit::MaxErrorRate, v)
            .map_err(|_| CliError::usage(format!("--max-error-rate {v} is outside 0–100")))?;
        t.set_limit(Limit::MaxErrorRate, v, Source::Flag);
    }
    Ok(t)
}

/// `[kpi.NAME] target` and `critical` over the defaults.
fn file_bands(l: &Loaded, t: &mut Thresholds) -> Result<(), CliError> {
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
    Ok(())
}

/// `[thresholds]` over the defaults.
fn file_limits(l: &Loaded, t: &mut Thresholds) -> Result<(), CliError> {
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
    Ok(())
}

/// `SWCACHE_KPI_<KEY>_TARGET` / `_CRITICAL` and `SWCACHE_THRESHOLD_<KEY>` over the file's.
fn env_thresholds(
    env: &dyn Fn(&str) -> Option<String>,
    t: &mut Thresholds,
) -> Result<(), CliError> {
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
    Ok(())
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
