//! The report every command returns: checks, actions, command-specific data. Rendering and
//! the exit code are derived from it, each in one place.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::exit::ExitStatus;
use crate::policy::check::{Check, worst};
use crate::vocab::Severity;
// How a write or step went is policy's word too (the planned rollback decides on it).
pub(crate) use crate::policy::outcome::Outcome;

/// A command's typed result. One value gives both outputs: its serialized fields are the JSON
/// document's command-specific keys, and [`Payload::tables`] are the tables people read, so the
/// two cannot drift apart.
pub(crate) trait Payload: Serialize {
    /// The tables for people, in the order they are shown (after the checks, before the
    /// actions). A table with no rows is shown as "none", not as an empty frame.
    fn tables(&self) -> Vec<Section>;
}

/// One write (or step), as planned and as it went.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Action {
    pub name: String,
    pub method: String,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub duration_ms: u64,
    /// What the app answered, when the answer is itself a result (a generated report).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<Value>,
}

/// A table for people, made by a [`Payload`] from the same value that gives its JSON fields.
#[derive(Clone, Debug, Default)]
pub(crate) struct Section {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// How the run ended, as the status line and JSON `status` say it: the figures' verdict, unless
/// a write failed (FAILED) or the run stopped short (STOPPED: declined, no terminal, a gate
/// held, interrupted) — never "OK" beside exit 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Verdict {
    Ok,
    Warning,
    Critical,
    Unknown,
    Failed,
    Stopped,
}

impl Verdict {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Verdict::Ok => "OK",
            Verdict::Warning => "WARNING",
            Verdict::Critical => "CRITICAL",
            Verdict::Unknown => "UNKNOWN",
            Verdict::Failed => "FAILED",
            Verdict::Stopped => "STOPPED",
        }
    }

    pub(crate) fn of(exit: ExitStatus) -> Verdict {
        match exit {
            ExitStatus::Ok => Verdict::Ok,
            ExitStatus::Warning => Verdict::Warning,
            ExitStatus::Critical => Verdict::Critical,
            ExitStatus::ActionFailed => Verdict::Failed,
            ExitStatus::Stopped => Verdict::Stopped,
            ExitStatus::Unknown | ExitStatus::Usage | ExitStatus::Config => Verdict::Unknown,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Report {
    pub command: String,
    pub environment: String,
    pub url: String,
    /// How the run ended, set by [`Report::finish`].
    pub status: Verdict,
    /// The worst figure, derived from the checks by [`Report::finish`].
    pub figures: Severity,
    pub exit_code: u8,
    /// When the run started (RFC 3339, UTC), how long it took, and which swcache made the
    /// document: appended logs can be read later.
    pub time: String,
    pub duration_ms: u64,
    pub version: &'static str,
    #[serde(skip)]
    started: std::time::Instant,
    /// The command acts on a situation (an incident, a rollback, a rollout change): its exit
    /// code answers "is anything left for a person to do?" (see [`Report::exit_status`]).
    #[serde(skip)]
    pub reports_outcome: bool,
    /// Checks read before the action that a later reading replaces (storage before the
    /// cleanup): shown, but once the action worked they do not decide the exit code.
    #[serde(skip)]
    pub superseded: Vec<String>,
    /// Checks the action was taken for (the error rate an emergency rollback answers): once it
    /// worked, a critical one is a WARNING — handled, to be watched. See [`Report::handling`].
    #[serde(skip)]
    pub handled: Vec<String>,
    pub checks: Vec<Check>,
    pub actions: Vec<Action>,
    /// Why the run stopped short (a gate held, a confirmation was refused, a signal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(flatten)]
    pub data: Map<String, Value>,
    #[serde(skip)]
    pub sections: Vec<Section>,
    /// How the table report is laid out (the JSON is the same either way).
    #[serde(skip)]
    pub layout: Layout,
}

/// The table report's layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Every check in a table, every action with its request.
    #[default]
    Full,
    /// One 80×24 screen (`rollback emergency`): only the checks that need attention, one line
    /// each (those an action's row already names are not repeated); one line per action
    /// without its request. The command's sections show what passed; the JSON has it all.
    Screen,
    /// Shown as a command that acts is ([`Report::reports_outcome`]): its OK checks counted,
    /// the tables of what it changed; without that exit-code rule (`deploy`, whose verdict is
    /// its worst figure).
    Outcome,
}

impl Report {
    pub(crate) fn new(command: &str, environment: String, url: String) -> Report {
        Report {
            command: command.to_string(),
            environment,
            url,
            status: Verdict::Ok,
            figures: Severity::Ok,
            exit_code: 0,
            time: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            duration_ms: 0,
            version: env!("CARGO_PKG_VERSION"),
            started: std::time::Instant::now(),
            reports_outcome: false,
            superseded: Vec::new(),
            handled: Vec::new(),
            checks: Vec::new(),
            actions: Vec::new(),
            stopped: None,
            notes: Vec::new(),
            data: Map::new(),
            sections: Vec::new(),
            layout: Layout::Full,
        }
    }

    /// Adds a command's typed result: its fields to the JSON document, its tables to the
    /// human report. Fields of two payloads with one name: the later wins.
    pub(crate) fn attach(&mut self, payload: &impl Payload) {
        match serde_json::to_value(payload) {
            Ok(Value::Object(fields)) => self.data.extend(fields),
            Ok(other) => {
                self.data.insert("data".into(), other);
            }
            Err(e) => {
                self.data
                    .insert("data_error".into(), Value::String(e.to_string()));
            }
        }
        self.sections.extend(payload.tables());
    }

    /// A raw JSON field, for tests that make a report as a command would (commands attach
    /// typed payloads).
    #[cfg(test)]
    pub(crate) fn set_data(&mut self, key: &str, value: impl Serialize) {
        let v = serde_json::to_value(value).unwrap_or(Value::Null);
        self.data.insert(key.to_string(), v);
    }

    /// The exit status: the worst check, a failed action (4), a declined one or a stop (5),
    /// under cli.md's precedence.
    ///
    /// A command that acts ([`Report::reports_outcome`]) and whose every action worked (made,
    /// or skipped by design, with nothing stopped) reports the outcome, not the figures that
    /// called for it: a critical figure it acted on ([`Report::handling`]) is a WARNING (it
    /// worked; watch it), a figure a later reading replaced does not count, and one read after
    /// acting (a verification) counts as it is. The figures stay in `figures`.
    pub(crate) fn exit_status(&self) -> ExitStatus {
        let acted = self.acted();
        let counted: Vec<Check> = self.counted_checks().cloned().collect();
        let figures = counted
            .iter()
            .map(|c| match c.status {
                Severity::Critical if acted && self.handled.contains(&c.name) => Severity::Warning,
                s => s,
            })
            .max()
            .unwrap_or(Severity::Ok);
        let mut exit = ExitStatus::from(figures);
        for a in &self.actions {
            exit = exit.worst(match a.outcome {
                Outcome::Failed => ExitStatus::ActionFailed,
                Outcome::Declined => ExitStatus::Stopped,
                _ => ExitStatus::Ok,
            });
        }
        if self.stopped.is_some() {
            exit = exit.worst(ExitStatus::Stopped);
        }
        exit
    }

    /// Marks every check so far as what the action about to be taken answers: read before
    /// it, they called for it. Checks read after it (a verification) count as they are.
    pub(crate) fn handling(&mut self) {
        let names: Vec<String> = self.checks.iter().map(|c| c.name.clone()).collect();
        self.handled.extend(names);
    }

    /// The command acted and every action worked: its exit code is the outcome's.
    pub(crate) fn acted(&self) -> bool {
        self.reports_outcome
            && self.stopped.is_none()
            && self.actions.iter().any(|a| a.outcome == Outcome::Done)
            && self
                .actions
                .iter()
                .all(|a| matches!(a.outcome, Outcome::Done | Outcome::Skipped))
    }

    /// The checks that decide the exit code (a superseded reading does not, once acted).
    pub(crate) fn counted_checks(&self) -> impl Iterator<Item = &Check> {
        let acted = self.acted();
        self.checks
            .iter()
            .filter(move |c| !(acted && self.superseded.contains(&c.name)))
    }

    /// A copy with the run's secrets scrubbed from every string, keys of its JSON data too: what
    /// a table, the step summary, a textfile or a notification is made of. Scrubbed before it
    /// is laid out, since a table may wrap a cell (and a secret) across lines.
    pub(crate) fn scrubbed(&self) -> Report {
        let t = |s: &str| crate::redact::out(s);
        let opt = |s: &Option<String>| s.as_deref().map(t);
        let val = |v: &Value| {
            let mut v = v.clone();
            crate::redact::json_out(&mut v);
            v
        };
        let mut r = self.clone();
        r.command = t(&r.command);
        r.environment = t(&r.environment);
        r.url = t(&r.url);
        for c in &mut r.checks {
            c.name = t(&c.name);
            c.unit = t(&c.unit);
            c.detail = opt(&c.detail);
            if let Some(o) = &mut c.origin {
                o.query = opt(&o.query);
            }
        }
        for a in &mut r.actions {
            a.name = t(&a.name);
            a.method = t(&a.method);
            a.url = t(&a.url);
            a.body = a.body.as_ref().map(val);
            a.detail = opt(&a.detail);
            a.response = a.response.as_ref().map(val);
        }
        r.stopped = opt(&r.stopped);
        r.notes = r.notes.iter().map(|n| t(n)).collect();
        if let Value::Object(m) = val(&Value::Object(std::mem::take(&mut r.data))) {
            r.data = m;
        }
        for s in &mut r.sections {
            s.title = t(&s.title);
            s.header = s.header.iter().map(|h| t(h)).collect();
            for row in &mut s.rows {
                *row = row.iter().map(|c| t(c)).collect();
            }
        }
        r
    }

    /// Fixes `status` and `exit_code` before rendering.
    pub(crate) fn finish(mut self) -> Report {
        self.figures = worst(&self.checks);
        let exit = self.exit_status();
        self.status = Verdict::of(exit);
        self.exit_code = exit.code();
        self.duration_ms = self.started.elapsed().as_millis() as u64;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::check::Check;

    fn action(outcome: Outcome) -> Action {
        Action {
            name: "x".into(),
            method: "POST".into(),
            url: "u".into(),
            body: None,
            outcome,
            detail: None,
            duration_ms: 0,
            response: None,
        }
    }

    #[test]
    fn exit_code_is_the_worst_under_precedence() {
        let mut r = Report::new("validate", "default".into(), "http://x".into());
        assert_eq!(r.exit_status(), ExitStatus::Ok);
        r.checks.push(Check::note("a", Severity::Warning, ""));
        assert_eq!(r.exit_status(), ExitStatus::Warning);
        r.checks.push(Check::note("b", Severity::Unknown, ""));
        assert_eq!(r.exit_status(), ExitStatus::Unknown);
        r.actions.push(action(Outcome::DryRun));
        assert_eq!(r.exit_status(), ExitStatus::Unknown);
        r.actions.push(action(Outcome::Declined));
        assert_eq!(r.exit_status(), ExitStatus::Stopped);
        r.actions.push(action(Outcome::Failed));
        assert_eq!(r.exit_status(), ExitStatus::ActionFailed);
        let r = r.finish();
        assert_eq!((r.figures, r.exit_code), (Severity::Unknown, 4));
        assert_eq!(r.status, Verdict::Failed);
        let mut stopped = Report::new("x", "d".into(), "u".into());
        stopped.stopped = Some("declined".into());
        let v = serde_json::to_value(stopped.finish()).unwrap();
        assert_eq!(
            (v["status"].as_str(), v["figures"].as_str()),
            (Some("stopped"), Some("ok"))
        );
    }

    #[test]
    fn json_shape() {
        let mut r = Report::new("rollout status", "staging".into(), "http://x".into());
        r.set_data("flag", serde_json::json!({"percentage": 10}));
        let v = serde_json::to_value(r.finish()).unwrap();
        assert_eq!(v["status"], "ok");
        assert_eq!(v["flag"]["percentage"], 10);
        assert!(v["checks"].is_array() && v["actions"].is_array());
    }
}
