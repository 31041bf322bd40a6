//! Notifications: a finished run's meaningful events (see `events`) posted to the `[notify]`
//! webhooks — a Slack-compatible incoming webhook (`{"text": …}`) and a generic JSON one.
//! Bounded (each request its own short deadline, at most one retry, a sink that fails is not
//! tried again in this run), never a reason to fail the run: a failed notification is a
//! WARNING check in the report. The token never goes (every message is scrubbed), and a
//! webhook URL — a secret too — is only ever shown as `scheme://host/…`.

pub(crate) mod events;

use std::time::Duration;

use reqwest::Url;
use serde_json::{Value, json};

use crate::output::{Printer, Report};
use crate::policy::check::Check;
use crate::redact;
use crate::redact::request_cause as cause;
use crate::vocab::Severity;
#[cfg(test)]
use events::Kind;
pub(crate) use events::{Event, events};

pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
pub(crate) const DEFAULT_RETRIES: u32 = 1;
/// The pause before the one retry.
const RETRY_PAUSE: Duration = Duration::from_millis(300);
/// The most of a sink's error answer quoted.
const ERROR_BODY_CAP: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SinkKind {
    /// Slack's incoming-webhook shape, `{"text": …}` (Mattermost, Rocket.Chat, … take it too).
    Slack,
    /// One JSON document per event: command, environment, event, status, summary.
    Json,
}

impl SinkKind {
    fn name(self) -> &'static str {
        match self {
            SinkKind::Slack => "slack",
            SinkKind::Json => "json",
        }
    }
}

/// One webhook. Its URL is never printed (not even by `Debug`).
#[derive(Clone)]
pub(crate) struct Sink {
    pub kind: SinkKind,
    url: Url,
}

impl Sink {
    pub(crate) fn new(kind: SinkKind, url: Url) -> Sink {
        Sink { kind, url }
    }

    /// The URL, a secret: for the registry (`Settings::register_secrets`) only.
    pub(crate) fn url(&self) -> &Url {
        &self.url
    }

    /// `slack https://hooks.slack.com/…`: enough to tell sinks apart, nothing of the secret path.
    pub(crate) fn shown(&self) -> String {
        format!("{} {}", self.kind.name(), shown_url(&self.url))
    }
}

impl std::fmt::Debug for Sink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sink({})", self.shown())
    }
}

/// A webhook URL as it may be shown: scheme, host and port; the path (the secret) is `…`.
pub(crate) fn shown_url(url: &Url) -> String {
    let host = url.host_str().unwrap_or("?");
    match url.port() {
        Some(p) => format!("{}://{host}:{p}/…", url.scheme()),
        None => format!("{}://{host}/…", url.scheme()),
    }
}

/// `[notify]`, resolved (see `settings::notify`).
#[derive(Clone, Debug)]
pub(crate) struct NotifySettings {
    pub sinks: Vec<Sink>,
    pub timeout: Duration,
    pub retries: u32,
}

impl Default for NotifySettings {
    fn default() -> Self {
        NotifySettings {
            sinks: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            retries: DEFAULT_RETRIES,
        }
    }
}

/// What this run does with its messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Send,
    /// `--dry-run`: say what would be sent.
    DryRun,
    /// `--no-notify`: a rehearsal.
    Off,
}

/// The body posted to a sink for one event, scrubbed of the token. `running`: sent as it
/// happened, while the run goes on (no verdict yet).
pub(crate) fn body(kind: SinkKind, report: &Report, event: &Event, running: bool) -> Value {
    let (status, exit_code, run) = if running {
        (json!("running"), Value::Null, "run in progress".to_string())
    } else {
        (
            json!(report.status),
            json!(report.exit_code),
            format!("run {}", report.status.label()),
        )
    };
    let mut v = match kind {
        SinkKind::Json => json!({
            "source": "swcache",
            "command": report.command,
            "environment": report.environment,
            "event": event.kind.key(),
            "status": status,
            "exit_code": exit_code,
            "summary": event.summary,
        }),
        // Scrubbed before escaping: an escaped secret would no longer match.
        SinkKind::Slack => json!({
            "text": slack_escape(&redact::text(&format!(
                "swcache {} on {}: {} — {} ({run})",
                report.command,
                report.environment,
                event.kind.label(),
                event.summary,
            ))),
        }),
    };
    redact::json(&mut v);
    redact::json_out(&mut v);
    v
}

/// Slack's mrkdwn control characters: `&`, `<`, `>` (the rest is text).
fn slack_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `evs` to every sink not in `dead`; the indices of the sinks that could not be told, with
/// their WARNING checks.
async fn send_events(
    report: &Report,
    evs: &[Event],
    running: bool,
    settings: &NotifySettings,
    mode: Mode,
    dead: &[usize],
    printer: &Printer,
) -> Vec<(usize, Check)> {
    if settings.sinks.is_empty() || evs.is_empty() {
        return Vec::new();
    }
    match mode {
        Mode::Off => {
            printer.info(format!(
                "notify: --no-notify: {} message(s) not sent to {} sink(s)",
                evs.len(),
                settings.sinks.len()
            ));
            return Vec::new();
        }
        Mode::DryRun => {
            for sink in &settings.sinks {
                for e in evs {
                    printer.info(format!(
                        "notify: would send to {}: {}",
                        sink.shown(),
                        body(sink.kind, report, e, running)
                    ));
                }
            }
            return Vec::new();
        }
        Mode::Send => {}
    }
    let live: Vec<(usize, &Sink)> = settings
        .sinks
        .iter()
        .enumerate()
        .filter(|(i, _)| !dead.contains(i))
        .collect();
    let sent = futures::future::join_all(
        live.iter()
            .map(|(_, sink)| send_all(sink, report, evs, running, settings)),
    )
    .await;
    let mut failed = Vec::new();
    for ((i, sink), result) in live.into_iter().zip(sent) {
        match result {
            Ok(()) => printer.verbose(format!(
                "notify: sent {} message(s) to {}",
                evs.len(),
                sink.shown()
            )),
            Err((done, why)) => {
                let detail = format!(
                    "{}: {why}; {} of {} message(s) not sent",
                    sink.shown(),
                    evs.len() - done,
                    evs.len()
                );
                printer.warn(format!("notify: {detail}"));
                failed.push((i, Check::note("notification", Severity::Warning, detail)));
            }
        }
    }
    failed
}

/// Messages as they happen: a long run (`rollout run`, a planned rollback) tells its sinks of
/// each step and of a rollback it starts when it happens — a 7-day run that rolls back on day
/// 3 says so on day 3 — and the end of the run sends what is left (the verdict's events), never
/// one twice. A sink that failed is not tried again in this run.
pub(crate) struct Live {
    settings: NotifySettings,
    mode: Mode,
    state: std::sync::Mutex<LiveState>,
}

#[derive(Default)]
struct LiveState {
    sent: Vec<Event>,
    dead: Vec<usize>,
    checks: Vec<Check>,
}

impl Live {
    pub(crate) fn new(settings: NotifySettings, mode: Mode) -> Live {
        Live {
            settings,
            mode,
            state: Default::default(),
        }
    }

    /// Sends nothing (a run nested in another, which speaks for both).
    pub(crate) fn off() -> Live {
        Live::new(NotifySettings::default(), Mode::Off)
    }

    /// Sends now the report's events that can no longer change (a step set, a rollback
    /// started, a failed action) and were not sent yet.
    pub(crate) async fn catch_up(&self, report: &Report, printer: &Printer) {
        let evs: Vec<Event> = events(report)
            .into_iter()
            .filter(|e| e.kind.final_when_seen())
            .collect();
        self.send(report, evs, true, printer).await;
    }

    /// The rest of the run's events, at its end: the WARNING checks of every sink that could
    /// not be told, during the run or now.
    pub(crate) async fn finish(&self, report: &Report, printer: &Printer) -> Vec<Check> {
        self.send(report, events(report), false, printer).await;
        std::mem::take(&mut self.lock().checks)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LiveState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn send(&self, report: &Report, evs: Vec<Event>, running: bool, printer: &Printer) {
        let (new, dead) = {
            let mut st = self.lock();
            let new: Vec<Event> = evs.into_iter().filter(|e| !st.sent.contains(e)).collect();
            st.sent.extend(new.iter().cloned());
            (new, st.dead.clone())
        };
        let failed = send_events(
            report,
            &new,
            running,
            &self.settings,
            self.mode,
            &dead,
            printer,
        )
        .await;
        let mut st = self.lock();
        for (i, check) in failed {
            st.dead.push(i);
            st.checks.push(check);
        }
    }
}

/// One sink's messages in order; the first that cannot be delivered ends the sink's turn (a
/// dead receiver costs one deadline and one retry, not one per message). `Err`: how many were
/// delivered, and why the next was not.
async fn send_all(
    sink: &Sink,
    report: &Report,
    evs: &[Event],
    running: bool,
    settings: &NotifySettings,
) -> Result<(), (usize, String)> {
    let client = reqwest::Client::builder()
        .timeout(settings.timeout)
        .connect_timeout(settings.timeout)
        // A redirect would take the message (and the secret path's owner's trust) elsewhere.
        .redirect(reqwest::redirect::Policy::none());
    let client = if sink.url.scheme() == "https" {
        client
    } else {
        // Plain http (loopback only, see settings) needs no trust store.
        client.tls_certs_only(Vec::new())
    };
    let client = client.build().map_err(|e| (0, redact::text(&cause(&e))))?;
    for (i, e) in evs.iter().enumerate() {
        let payload = body(sink.kind, report, e, running);
        let mut attempt = 0;
        loop {
            match post(&client, &sink.url, &payload).await {
                Ok(()) => break,
                Err((why, retryable)) => {
                    if retryable && attempt < settings.retries {
                        attempt += 1;
                        tokio::time::sleep(RETRY_PAUSE).await;
                        continue;
                    }
                    let tries = if attempt > 0 { " (after a retry)" } else { "" };
                    return Err((i, format!("{why}{tries}")));
                }
            }
        }
    }
    Ok(())
}

/// One POST. `Err((why, worth a retry))`: a timeout, no connection, 429 or 5xx are; another
/// answer (a 404: a revoked webhook) is not.
async fn post(client: &reqwest::Client, url: &Url, payload: &Value) -> Result<(), (String, bool)> {
    let resp = client
        .post(url.clone())
        .json(payload)
        .send()
        .await
        .map_err(|e| (cause(&e), true))?;
    let status = resp.status();
    if status.is_success() {
        return Ok(());
    }
    let retryable = status.is_server_error() || status.as_u16() == 429;
    let mut resp = resp;
    let mut bytes = Vec::new();
    while bytes.len() < ERROR_BODY_CAP {
        match resp.chunk().await {
            Ok(Some(c)) => bytes.extend_from_slice(&c),
            _ => break,
        }
    }
    let excerpt = redact::excerpt(&bytes, ERROR_BODY_CAP);
    Err((
        if excerpt.is_empty() {
            format!("HTTP {status}")
        } else {
            format!("HTTP {status}: {excerpt}")
        },
        retryable,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_their_secret_path() {
        let u = Url::parse("https://hooks.slack.com/services/T0/B0/secret").unwrap();
        assert_eq!(shown_url(&u), "https://hooks.slack.com/…");
        let s = Sink::new(
            SinkKind::Json,
            Url::parse("http://127.0.0.1:9/x/y").unwrap(),
        );
        assert_eq!(format!("{s:?}"), "Sink(json http://127.0.0.1:9/…)");
    }

    #[test]
    fn message_shapes() {
        let mut r = Report::new("rollout set", "prod".into(), "http://app/".into());
        r.exit_code = 0;
        let e = Event {
            kind: Kind::RolloutStep,
            summary: "set rollout to 5 % <now> & then".into(),
        };
        let j = body(SinkKind::Json, &r, &e, false);
        assert_eq!(j["event"], "rollout-step");
        assert_eq!(j["environment"], "prod");
        assert_eq!(j["command"], "rollout set");
        assert_eq!(j["status"], "ok");
        let s = body(SinkKind::Slack, &r, &e, false);
        assert_eq!(
            s["text"],
            "swcache rollout set on prod: rollout step — set rollout to 5 % &lt;now&gt; &amp; then (run OK)"
        );
        assert_eq!(s.as_object().unwrap().len(), 1);
    }
}
