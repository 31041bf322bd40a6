//! `swcache config init|check`: the first run. `init` writes a commented config (URL and
//! environment from the flags, or asked on a terminal); `check` loads one as every command
//! would and shows what each environment resolves to, never a token.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::cli::{ConfigCheckArgs, ConfigInitArgs, GlobalArgs};
use crate::config;
use crate::exit::{CliError, ExitStatus};
use crate::output::{Format, Payload, Printer, Report, Section};
use crate::prompt;
use crate::settings::{self, Settings, ThresholdFlags, parse_url};
use crate::vocab::Severity;

/// A name usable as a bare TOML key (`[environments.NAME]`) and on the command line.
fn valid_env_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A TOML basic string (a JSON string is one for any text).
fn toml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The commented config `init` writes.
pub(crate) fn template(url: &str, env_name: &str, token_file: Option<&Path>) -> String {
    let token_line = match token_file {
        Some(p) => format!("token_file = {}", toml_str(&p.display().to_string())),
        None => format!("# token_file = \"/etc/swcache/{env_name}.token\""),
    };
    format!(
        r#"# swcache configuration, written by `swcache config init`.
# Check it with `swcache config check`. Every key with its default is in the example config
# (examples/swcache.toml; /usr/share/doc/swcache/ when installed).
#
# Precedence for every setting: command-line flag > environment variable > this file > default.
# Unknown keys are errors (exit 78, naming this file and the line).

# The environment used when neither --env nor SWCACHE_ENV names one.
default_env = {env}

# Named environments, chosen with --env NAME. Each may set url, token_file, timeout and its own
# [environments.NAME.paths], [.worker], [.steps], [.deploy], [.rollback].
[environments.{name}]
url = {url}
# File holding the bearer token for /api/admin/* (else SWCACHE_TOKEN or ADMIN_TOKEN; the token is
# never a flag). Relative paths are relative to this file. Keep it mode 0600.
{token_line}
# Deadline for each request.
# timeout = "10s"

# A second environment:
# [environments.staging]
# url = "https://staging.yourapp.com"
# token_file = "staging.token"

# KPI bands (the guide's figures are the defaults): past `target` is WARNING, past `critical`
# CRITICAL. Hit rates are percentages.
# [kpi.storage_utilization_percent]
# target = 80
# critical = 95

# Runbook limits, e.g. the error rate `validate` fails above (percent).
# [thresholds]
# max_error_rate = 5

# The app's Prometheus series, when they are not named as in the guide (see
# `swcache thresholds alerts` and `swcache thresholds dashboard`).
# [metrics]
# hit_ratio = "cache_hit_ratio"
# storage_utilization_percent = "cache_storage_utilization_percent"
# sync_queue_size = "background_sync_queue_size"
# Read KPI figures from Prometheus instead of the app's JSON (README, "Prometheus as a source").
# source = "prometheus"
# [metrics.prometheus]
# url = "http://prometheus:9090"
# bearer_token_file = "prometheus.token"

# The generated alert rules: a runbook link ({{alert}} becomes the alert's name) and how often
# cron runs maintenance (an alert fires when a run has not succeeded for longer).
# [alerts]
# runbook_url = "https://wiki.example.com/runbooks/swcache#{{alert}}"
# maintain_daily_period = "1d"
# maintain_weekly_period = "7d"
"#,
        env = toml_str(env_name),
        name = env_name,
        url = toml_str(url),
    )
}

fn ask(question: &str, default: Option<&str>) -> Result<String, CliError> {
    crate::prompt::ask_text(question, default)
        .ok_or_else(|| CliError::stopped("no answer (interrupted)"))
}

pub(crate) fn init(
    global: &GlobalArgs,
    force: &ConfigInitArgs,
    env: &dyn Fn(&str) -> Option<String>,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let path = global
        .config
        .clone()
        .or_else(|| env("SWCACHE_CONFIG").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("swcache.toml"));
    // Even with --force, only a regular file is replaced: a device (`/dev/null`), a FIFO, a
    // link or a directory at the path is not a config, and the rename would destroy it.
    crate::fsutil::check_regular_or_missing(&path)
        .map_err(|e| CliError::config(format!("{}: {e}; not replacing it", path.display())))?;
    if path.exists() && !force.force {
        return Err(CliError::stopped(format!(
            "{} exists; pass --force to overwrite it",
            path.display()
        ))
        .into());
    }
    let terminal = prompt::interactive();
    let url = match &global.url {
        Some(u) => u.clone(),
        None if terminal => loop {
            let u = ask("Base URL of the app (e.g. https://yourapp.com)", None)?;
            match parse_url(&u) {
                Ok(_) => break u,
                Err(e) => printer.warn(e),
            }
        },
        None => {
            return Err(CliError::usage(
                "--url is needed without a terminal (e.g. swcache config init --url https://yourapp.com --env production)",
            )
            .into());
        }
    };
    let url = parse_url(&url)
        .map_err(|e| CliError::usage(format!("--url: {e}")))?
        .to_string();
    let env_name = match &global.env_name {
        Some(n) => n.clone(),
        None if terminal => ask("Environment name", Some("production"))?,
        None => "production".to_string(),
    };
    if !valid_env_name(&env_name) {
        return Err(CliError::usage(format!(
            "environment name `{env_name}`: use letters, digits, '-' and '_'"
        ))
        .into());
    }
    let text = template(&url, &env_name, global.token_file.as_deref());
    write(&path, &text)
        .map_err(|e| CliError::config(format!("cannot write {}: {e}", path.display())))?;
    // What was written must load as every command will load it.
    config::load(&path)?;
    printer.info(format!(
        "wrote {} (environment {env_name}, {url}); next: `swcache config check`",
        path.display()
    ));
    match printer.format() {
        Format::Json | Format::Jsonl => {
            let report = Report::new("config init", env_name, url.clone());
            json_document(printer, report, &Written { config_file: &path })?;
        }
        Format::Table => printer.stdout(&format!("{}\n", path.display()))?,
    }
    Ok(ExitStatus::Ok)
}

/// Beside the target, then renamed: an interrupted init leaves no half-written config.
fn write(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    crate::fsutil::replace(path, text.as_bytes(), crate::fsutil::Mode::Public)
}

/// The environment names, one per line; nothing when there is no config file.
pub(crate) fn environments(
    global: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let names: Vec<String> = match settings::config_path(global, env)? {
        Some(path) => config::load(&path)?.file.environments.into_keys().collect(),
        None => Vec::new(),
    };
    match printer.format() {
        Format::Json | Format::Jsonl => {
            let report = Report::new("config environments", String::new(), String::new());
            json_document(
                printer,
                report,
                &EnvironmentNames {
                    environments: &names,
                },
            )?;
        }
        // One name a line: what shell completion reads.
        Format::Table => {
            printer.stdout(&names.iter().map(|n| format!("{n}\n")).collect::<String>())?
        }
    }
    Ok(ExitStatus::Ok)
}

/// The one JSON document shape (`status`, `exit_code`, …) for a tool that prints data.
fn json_document(printer: &Printer, mut report: Report, data: &impl Payload) -> anyhow::Result<()> {
    report.attach(data);
    printer.report(&report.finish())?;
    Ok(())
}

/// `config init --json`: the file written.
#[derive(Serialize)]
struct Written<'a> {
    config_file: &'a Path,
}

impl Payload for Written<'_> {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

/// `config environments --json`: the names.
#[derive(Serialize)]
struct EnvironmentNames<'a> {
    environments: &'a [String],
}

impl Payload for EnvironmentNames<'_> {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

pub(crate) fn check(
    global: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let path = config_file(global, env)?;
    let loaded = config::load(&path)?;
    check_default_env(&loaded)?;
    let default_env = loaded
        .file
        .default_env
        .as_ref()
        .map(|d| d.get_ref().clone());
    let mut environments = Vec::new();
    let (mut unreadable, mut warnings) = (Vec::new(), Vec::new());
    let mut state = String::new();
    for name in env_names(&loaded) {
        // Everything a command would resolve: a bad value anywhere fails here, with its line.
        let s = resolve_env(global, &path, &name, env)?;
        let label = name.as_deref().unwrap_or("(top level)");
        // A token that cannot be read is an error only for a command that sends it, so a run
        // would first hear of it at 3 a.m.: here it is the config's error.
        if let Some(why) = &s.token_error {
            unreadable.push(format!("environment {label}: {why}"));
        }
        for w in &s.warnings {
            warnings.push(crate::policy::check::Check::note(
                format!("{label} files"),
                Severity::Warning,
                w.clone(),
            ));
        }
        // One backend for every environment (`[state]` is top level): host and database only.
        state = crate::state::Store::open(&s).describe();
        let default = name.is_some() && name == default_env;
        environments.push(seen(name, &s, default));
    }
    if !unreadable.is_empty() {
        return Err(CliError::config(format!(
            "{} names a file that cannot be used: {}",
            path.display(),
            unreadable.join("; ")
        ))
        .into());
    }
    let mut report = Report::new("config check", path.display().to_string(), String::new());
    report.checks.extend(warnings);
    report.notes.push(format!("state backend: {state}"));
    report.attach(&ConfigCheckReport {
        config_file: path,
        state,
        environments,
    });
    let report = report.finish();
    printer.report(&report)?;
    Ok(report.exit_status())
}

/// The config file every command would read; none is the error `check` exists to say.
fn config_file(
    global: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<PathBuf> {
    match settings::config_path(global, env)? {
        Some(path) => Ok(path),
        None => Err(CliError::config(format!(
            "no config file found (looked for --config, $SWCACHE_CONFIG, ./swcache.toml, {}); \
             write one with `swcache config init`",
            settings::user_config(env).display()
        ))
        .into()),
    }
}

/// `default_env` names one of the `[environments.*]` tables, when there are any.
fn check_default_env(loaded: &config::Loaded) -> anyhow::Result<()> {
    if let Some(d) = &loaded.file.default_env
        && !loaded.file.environments.is_empty()
        && !loaded.file.environments.contains_key(d.get_ref())
    {
        return Err(loaded
            .error_at(
                d.span(),
                format!(
                    "default_env `{}` is not an [environments.*] table",
                    d.get_ref()
                ),
            )
            .into());
    }
    Ok(())
}

/// Each `[environments.*]` name; `None` alone for a config without them (its top level).
fn env_names(loaded: &config::Loaded) -> Vec<Option<String>> {
    if loaded.file.environments.is_empty() {
        vec![None]
    } else {
        loaded.file.environments.keys().cloned().map(Some).collect()
    }
}

/// One environment's settings as a command run with `--env NAME` would resolve them, the
/// token file, URL and timeout flags included.
fn resolve_env(
    global: &GlobalArgs,
    path: &Path,
    name: &Option<String>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Settings, CliError> {
    let args = GlobalArgs {
        config: Some(path.to_path_buf()),
        env_name: name.clone(),
        token_file: global.token_file.clone(),
        url: global.url.clone(),
        timeout: global.timeout,
        ..GlobalArgs::default()
    };
    Settings::resolve(&args, &ThresholdFlags::default(), env)
}

/// What `config check` shows of one environment: where things come from, never a token.
fn seen(name: Option<String>, s: &Settings, default: bool) -> EnvironmentSeen {
    let token = s
        .token_source
        .clone()
        .unwrap_or_else(|| "none (reads only)".into());
    let figures = match &s.figures {
        crate::prometheus::FigureSource::App => "app".to_string(),
        crate::prometheus::FigureSource::Prometheus(p) => {
            format!("prometheus {}", crate::redact::url(&p.url))
        }
    };
    EnvironmentSeen {
        default,
        name,
        url: s.base_url.as_ref().map(|u| u.to_string()),
        token,
        timeout_seconds: s.timeout.as_secs_f64(),
        steps: s.steps.keys().cloned().collect(),
        figures,
    }
}

/// A valid config's environments as every command would resolve them (JSON `config_file`,
/// `environments`); never a token, only where it comes from.
#[derive(Serialize)]
pub(crate) struct ConfigCheckReport {
    pub config_file: PathBuf,
    /// The state backend: `directory PATH` or `postgres HOST:PORT/DATABASE` (never a password).
    pub state: String,
    pub environments: Vec<EnvironmentSeen>,
}

#[derive(Serialize)]
pub(crate) struct EnvironmentSeen {
    /// None for a config without `[environments.*]` (its top level).
    pub name: Option<String>,
    pub default: bool,
    pub url: Option<String>,
    pub token: String,
    pub timeout_seconds: f64,
    pub steps: Vec<String>,
    /// Where its KPI figures come from: `app`, or `prometheus <url>` (never a credential).
    pub figures: String,
}

impl Payload for ConfigCheckReport {
    fn tables(&self) -> Vec<Section> {
        vec![Section {
            title: format!("{}: valid", self.config_file.display()),
            header: ["Environment", "URL", "Token", "Timeout", "Steps", "Figures"]
                .map(String::from)
                .to_vec(),
            rows: self
                .environments
                .iter()
                .map(|e| {
                    let label = e.name.clone().unwrap_or_else(|| "(top level)".into());
                    vec![
                        if e.default {
                            format!("{label} (default)")
                        } else {
                            label
                        },
                        e.url
                            .clone()
                            .unwrap_or_else(|| "none: needs --url or SWCACHE_URL".into()),
                        e.token.clone(),
                        crate::numbers::duration(Duration::from_secs_f64(e.timeout_seconds))
                            .to_string(),
                        e.steps.join(", "),
                        e.figures.clone(),
                    ]
                })
                .collect(),
        }]
    }
}

mod tools {
    use super::*;
    use crate::driver::{Local, Ran, Tool, process_env};

    impl Tool for ConfigInitArgs {
        type Input = ();
        fn name(&self) -> &'static str {
            "config init"
        }
        async fn run(&self, ctx: &Local<()>) -> anyhow::Result<Ran> {
            init(&ctx.global, self, &process_env, &ctx.printer).map(Ran::Printed)
        }
    }

    /// `config check [--online]`.
    impl Tool for ConfigCheckArgs {
        type Input = ();
        fn name(&self) -> &'static str {
            "config check"
        }
        async fn run(&self, ctx: &Local<()>) -> anyhow::Result<Ran> {
            if self.online {
                return crate::commands::config_online::online(&ctx.global, &ctx.printer)
                    .await
                    .map(Ran::Printed);
            }
            check(&ctx.global, &process_env, &ctx.printer).map(Ran::Printed)
        }
    }

    /// `config environments`.
    pub(crate) struct Environments;

    impl Tool for Environments {
        type Input = ();
        fn name(&self) -> &'static str {
            "config environments"
        }
        async fn run(&self, ctx: &Local<()>) -> anyhow::Result<Ran> {
            environments(&ctx.global, &process_env, &ctx.printer).map(Ran::Printed)
        }
    }
}
pub(crate) use tools::Environments;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_loads_and_names_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("swcache.toml");
        std::fs::write(&path, template("https://app.example/", "prod-eu", None)).unwrap();
        let l = config::load(&path).unwrap();
        assert!(l.file.environments.contains_key("prod-eu"));
        assert!(valid_env_name("prod_eu-1"));
        assert!(!valid_env_name("prod eu") && !valid_env_name("a.b") && !valid_env_name(""));
    }
}
