//! The audit log: one JSON line per write sent (time, user, environment, command, request,
//! outcome). It never holds the token: requests are recorded from the action, which has none.

use std::path::PathBuf;
use std::time::SystemTime;

use serde::Serialize;

use crate::output::Action;

#[derive(Clone, Debug)]
pub(crate) struct AuditLog {
    /// Where lines go: the file `path` of a directory store, or the database's table.
    store: crate::state::Store,
    path: PathBuf,
    user: String,
    host: Option<String>,
    environment: String,
    base_url: String,
    command: String,
    /// Actions that could not be appended, and the last reason: the report shows them.
    unrecorded: std::sync::Arc<std::sync::Mutex<(usize, String)>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    time: String,
    user: &'a str,
    /// Which machine wrote it (absent from lines written before it was recorded).
    #[serde(skip_serializing_if = "Option::is_none")]
    host: Option<&'a str>,
    environment: &'a str,
    base_url: &'a str,
    command: &'a str,
    action: &'a str,
    request: Request<'a>,
    outcome: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
    duration_ms: u64,
}

#[derive(Serialize)]
struct Request<'a> {
    method: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a serde_json::Value>,
}

impl AuditLog {
    pub(crate) fn new(
        store: crate::state::Store,
        path: PathBuf,
        environment: String,
        base_url: String,
        command: String,
    ) -> AuditLog {
        AuditLog {
            store,
            path,
            user: crate::operator::user_name(),
            host: crate::operator::host_name(),
            environment,
            base_url,
            command,
            unrecorded: Default::default(),
        }
    }

    /// Whether the log can take lines: missing (created at the first line) or a regular file.
    /// A FIFO, a link or a device would hang the run or send lines elsewhere, and only after a
    /// write was sent: the driver asks this before any write, and refuses (exit 78).
    pub(crate) fn check(&self) -> Result<(), crate::exit::CliError> {
        if let crate::state::Store::Postgres(_) = self.store {
            // Rows in a table: nothing on this machine to check.
            return Ok(());
        }
        crate::fsutil::check_regular_or_missing(&self.path).map_err(|e| {
            crate::exit::CliError::config(format!(
                "the audit log {} cannot take lines: {e}; nothing was sent (set audit_log or \
                 SWCACHE_AUDIT_LOG to a file)",
                self.path.display()
            ))
        })
    }

    /// Notes an action that could not be appended (for [`AuditLog::unrecorded`]).
    pub(crate) fn failed(&self, why: impl Into<String>) {
        if let Ok(mut u) = self.unrecorded.lock() {
            u.0 += 1;
            u.1 = why.into();
        }
    }

    /// How many actions this run could not append, and the last reason; `None` if all were.
    pub(crate) fn unrecorded(&self) -> Option<(usize, String)> {
        self.unrecorded
            .lock()
            .ok()
            .filter(|u| u.0 > 0)
            .map(|u| u.clone())
    }

    pub(crate) fn environment(&self) -> &str {
        &self.environment
    }

    /// Where the lines go, for messages: the file, or the table.
    pub(crate) fn location(&self) -> String {
        self.store.audit_location(&self.path)
    }

    /// When the last confirmed write to `url` was made in this environment (read from the log;
    /// an unreadable log or line is simply no record).
    pub(crate) fn last_done(&self, url: &str) -> Option<SystemTime> {
        let text = self
            .store
            .audit_text(&self.path, Some(&self.environment))
            .ok()?;
        text.lines().rev().find_map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).ok()?;
            let field = |k: &str| v.get(k).and_then(serde_json::Value::as_str);
            let same = field("environment") == Some(self.environment.as_str())
                && field("outcome") == Some("done")
                && v.pointer("/request/url")
                    .and_then(serde_json::Value::as_str)
                    == Some(url);
            if !same {
                return None;
            }
            humantime::parse_rfc3339_weak(field("time")?).ok()
        })
    }

    pub(crate) fn record(&self, action: &Action) -> std::io::Result<()> {
        // The detail quotes outside text (an error, a step's output): scrubbed again here, as
        // a string value, so the line stays valid JSON whatever the token is.
        let detail = action.detail.as_deref().map(crate::redact::text);
        let entry = Entry {
            time: humantime::format_rfc3339_millis(SystemTime::now()).to_string(),
            user: &self.user,
            host: self.host.as_deref(),
            environment: &self.environment,
            base_url: &self.base_url,
            command: &self.command,
            action: &action.name,
            request: Request {
                method: &action.method,
                url: &action.url,
                body: action.body.as_ref(),
            },
            outcome: action.outcome.label(),
            detail: detail.as_deref(),
            duration_ms: action.duration_ms,
        };
        // Every string, keys too (a body's, a URL's), scrubbed of the run's secrets.
        let line = crate::redact::json_text_out(
            &serde_json::to_string(&entry).map_err(std::io::Error::other)?,
        );
        self.store
            .audit_append(&self.path, &self.environment, &line)
    }
}
