//! `config check --online`: for each environment (or `--env`), one line for each thing a run
//! needs, tried for real like `gh auth status`: the app answers (a read), the token is accepted
//! (an authenticated read, never a write), Prometheus answers every configured query (a
//! `$cohort` one per cohort), Alertmanager's alerts read with the gate's credentials, each
//! webhook's host resolves (no message is sent). What works, what does not, what to do.
//! Exit 0 when all work; 3 when a run could not read or act (the app, the token, Prometheus
//! as the figures' source); 1 when only a webhook's host does not resolve.

use crate::api::{ApiError, Client};
use crate::cli::GlobalArgs;
use crate::config;
use crate::driver::process_env;
use crate::exit::{CliError, ExitStatus};
use crate::output::{Printer, Report};
use crate::policy::check::Check;
use crate::prometheus::FigureSource;
use crate::settings::{self, Settings, ThresholdFlags};
use crate::vocab::Endpoint;
use crate::vocab::Severity;

pub(crate) async fn online(global: &GlobalArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let mut report = Report::new("config check", "online".into(), String::new());
    for name in environment_names(global)? {
        let args = GlobalArgs {
            env_name: name.clone(),
            ..global.clone()
        };
        let label = name.unwrap_or_else(|| "default".into());
        match Settings::resolve(&args, &ThresholdFlags::default(), &process_env) {
            Ok(s) => {
                s.register_secrets();
                report.checks.extend(environment(&s, &label).await);
            }
            Err(e) => report
                .checks
                .push(line(&label, "config", Severity::Unknown, e.message)),
        }
    }
    let report = report.finish();
    printer.report(&report)?;
    Ok(report.exit_status())
}

/// `--env NAME`, else every `[environments.*]` of the config, else the one unnamed.
fn environment_names(global: &GlobalArgs) -> Result<Vec<Option<String>>, CliError> {
    if let Some(n) = &global.env_name {
        return Ok(vec![Some(n.clone())]);
    }
    let Some(path) = settings::config_path(global, &process_env)? else {
        return Ok(vec![None]);
    };
    let loaded = config::load(&path)?;
    if loaded.file.environments.is_empty() {
        return Ok(vec![None]);
    }
    Ok(loaded.file.environments.keys().cloned().map(Some).collect())
}

fn line(env: &str, what: &str, status: Severity, detail: impl Into<String>) -> Check {
    Check::note(format!("{env}: {what}"), status, detail)
}

/// One environment's lines, in the order a run needs them.
async fn environment(s: &Settings, env: &str) -> Vec<Check> {
    let mut lines = Vec::new();
    match s
        .client_config()
        .and_then(|c| Client::new(c).map_err(|e| CliError::config(format!("{e:#}"))))
    {
        Ok(client) => {
            lines.push(app(&client, env).await);
            lines.push(token(s, &client, env).await);
        }
        Err(e) => lines.push(line(
            env,
            "app",
            Severity::Unknown,
            format!("{}: set url for this environment, or --url", e.message),
        )),
    }
    if let FigureSource::Prometheus(p) = &s.figures {
        lines.push(prometheus(p, s, env).await);
    }
    if let Some(a) = &s.gate.alerts {
        lines.push(alertmanager(s, a, env).await);
    }
    for sink in &s.notify.sinks {
        lines.push(webhook(sink, env).await);
    }
    if let crate::state::Store::Postgres(pg) = crate::state::Store::open(s) {
        lines.push(state_backend(pg, env).await);
    }
    lines
}

/// The shared state backend answers (it connects, and the schema is one this swcache knows).
async fn state_backend(pg: std::sync::Arc<crate::state::pg::Pg>, env: &str) -> Check {
    let shown = pg.shown().to_string();
    // The connection waits on its own thread, within the deadline.
    let answer = tokio::task::spawn_blocking(move || pg.schema_version()).await;
    match answer {
        Ok(Ok(v)) => line(
            env,
            "state",
            Severity::Ok,
            format!("postgres {shown} answers; schema swcache version {v}"),
        ),
        Ok(Err(why)) => line(
            env,
            "state",
            Severity::Unknown,
            format!("{why}: no run can lock or record; check [state] and the server"),
        ),
        Err(e) => line(
            env,
            "state",
            Severity::Unknown,
            format!("postgres {shown}: {e}"),
        ),
    }
}

async fn app(client: &Client, env: &str) -> Check {
    match client.get_json(Endpoint::Health).await {
        Ok(_) => line(
            env,
            "app",
            Severity::Ok,
            format!("answers ({})", client.label(Endpoint::Health)),
        ),
        Err(e) => line(
            env,
            "app",
            Severity::Unknown,
            format!("{e}: check the URL and that the app is up"),
        ),
    }
}

async fn token(s: &Settings, client: &Client, env: &str) -> Check {
    let unusable = |why: String| line(env, "token", Severity::Unknown, why);
    if let Err(e) = s.require_token() {
        return unusable(e.message);
    }
    if s.token.is_none() {
        return unusable(
            "none configured: set token_file for this environment, SWCACHE_TOKEN or --token-file"
                .into(),
        );
    }
    match client.get_json(Endpoint::FeatureFlags).await {
        Ok(_) => line(
            env,
            "token",
            Severity::Ok,
            format!(
                "accepted (an authenticated read: {})",
                client.label(Endpoint::FeatureFlags)
            ),
        ),
        Err(ApiError::Status { status, .. }) if matches!(status, 401 | 403) => unusable(format!(
            "rejected by the app (HTTP {status}): replace the token in its file with the current one"
        )),
        Err(e) => unusable(format!("could not be tried: {e}")),
    }
}

async fn prometheus(p: &crate::prometheus::PromSettings, s: &Settings, env: &str) -> Check {
    use crate::prometheus::{Answer, client, query};
    let http = match client(p) {
        Ok(h) => h,
        Err(e) => return line(env, "prometheus", Severity::Unknown, e),
    };
    let mut failing = Vec::new();
    // A query naming the cohort is tried as a run sends it: once per cohort.
    let cohorts = [s.gate.enhanced.as_str(), s.gate.control.as_str()];
    let sent: Vec<String> = p
        .queries
        .values()
        .flat_map(|q| {
            if q.contains("$cohort") {
                cohorts.iter().map(|c| q.replace("$cohort", c)).collect()
            } else {
                vec![q.clone()]
            }
        })
        .collect();
    for q in &sent {
        let ok = match query(&http, p, q).await {
            Answer::Body(200, body) => serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .is_some_and(|v| v["status"] == "success"),
            _ => false,
        };
        if !ok {
            failing.push(format!("`{q}`"));
        }
    }
    let at = crate::redact::url(&p.url);
    if failing.is_empty() {
        line(
            env,
            "prometheus",
            Severity::Ok,
            format!("{at} answers all {} queries", sent.len()),
        )
    } else {
        line(
            env,
            "prometheus",
            Severity::Unknown,
            format!(
                "{at} does not answer {} of {} queries ({}): check [metrics.prometheus] url, credentials and the queries",
                failing.len(),
                sent.len(),
                failing.join(", ")
            ),
        )
    }
}

/// Reads the alerts the gate reads, with its credentials: a 401 here is a held gate in a run.
async fn alertmanager(s: &Settings, a: &crate::settings::gate::AlertGate, env: &str) -> Check {
    let at = crate::redact::url(&a.url);
    match crate::commands::alertmanager::try_read(s.timeout, a).await {
        Ok(n) => line(
            env,
            "alertmanager",
            Severity::Ok,
            format!("{at} answers ({n} active alerts)"),
        ),
        Err(why) => line(
            env,
            "alertmanager",
            Severity::Unknown,
            format!(
                "{at}: {why}: every raise would hold; check [gate] alertmanager (url, \
                 credentials)"
            ),
        ),
    }
}

/// Resolves the webhook's host; sends nothing.
async fn webhook(sink: &crate::notify::Sink, env: &str) -> Check {
    let url = sink.url();
    let what = format!("webhook {}", sink.shown());
    let host = url.host_str().unwrap_or_default().to_string();
    let port = url.port_or_known_default().unwrap_or(443);
    let found = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map(|mut a| a.next().is_some());
    match found {
        Ok(true) => line(
            env,
            &what,
            Severity::Ok,
            format!("{host} resolves (no message sent)"),
        ),
        Ok(_) => line(
            env,
            &what,
            Severity::Warning,
            format!("{host} resolves to no address"),
        ),
        Err(e) => line(
            env,
            &what,
            Severity::Warning,
            format!("{host} does not resolve ({e}): check the webhook URL in [notify]"),
        ),
    }
}
