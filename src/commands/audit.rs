//! `swcache audit`: who changed what, when, from which host, with which command, and how the
//! read-back went — read from whichever state backend holds the audit (the log in the state
//! directory, or the shared database's table; one JSON document per write, see
//! `crate::audit`). Reads the audit only; talks to no app.

use std::time::{Duration, SystemTime};

use serde::Serialize;
use serde_json::Value;

use crate::cli::AuditArgs;
use crate::driver::process_env;
use crate::driver::{Local, Ran, Tool};
use crate::output::render::MAX_SECTION_ROWS;
use crate::output::{Payload, Report, Section};
use crate::policy::check::Check;
use crate::settings::{Settings, ThresholdFlags};
use crate::vocab::Severity;

/// One line of the log: a write as it was recorded, or a line that is not valid JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub(crate) enum Line {
    Write(Box<Write>),
    Unreadable { line: usize, unreadable: String },
}

/// One recorded write (fields a line lacks — `host` before it was recorded — are absent).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct Write {
    pub line: usize,
    pub time: String,
    /// Seconds before now, when the time could be read.
    pub age_s: Option<u64>,
    pub environment: String,
    pub user: String,
    pub host: Option<String>,
    pub command: String,
    pub action: String,
    pub method: String,
    pub url: String,
    pub outcome: String,
    pub detail: Option<String>,
}

/// Parses the log's text: every non-empty line, in order (newest last, as written).
pub(crate) fn parse(text: &str, now: SystemTime) -> Vec<Line> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| match serde_json::from_str::<Value>(l) {
            Ok(v) if v.is_object() => Line::Write(Box::new(write_of(&v, i + 1, now))),
            _ => Line::Unreadable {
                line: i + 1,
                unreadable: crate::redact::text(&l.chars().take(120).collect::<String>()),
            },
        })
        .collect()
}

fn write_of(v: &Value, line: usize, now: SystemTime) -> Write {
    let field = |p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_string);
    let text = |p: &str| field(p).unwrap_or_default();
    let time = text("/time");
    let age_s = humantime::parse_rfc3339_weak(&time)
        .ok()
        .map(|t| now.duration_since(t).unwrap_or_default().as_secs());
    Write {
        line,
        age_s,
        time,
        environment: text("/environment"),
        user: text("/user"),
        host: field("/host"),
        command: text("/command"),
        action: text("/action"),
        method: text("/request/method"),
        url: text("/request/url"),
        outcome: text("/outcome"),
        detail: field("/detail"),
    }
}

/// The lines asked for: within `since` (a write whose time cannot be read is kept: it cannot be
/// told old) and of `env`; unreadable lines are always kept (they may be anyone's).
pub(crate) fn select(lines: Vec<Line>, since: Option<Duration>, env: Option<&str>) -> Vec<Line> {
    lines
        .into_iter()
        .filter(|l| match l {
            Line::Unreadable { .. } => true,
            Line::Write(w) => {
                let recent = match (since, w.age_s) {
                    (Some(s), Some(age)) => age <= s.as_secs(),
                    _ => true,
                };
                recent && env.is_none_or(|e| w.environment == e)
            }
        })
        .collect()
}

/// "3d", "5h", "12m", "now".
pub(crate) fn age_text(secs: u64) -> String {
    match secs {
        s if s < 60 => "now".into(),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}

/// At most `n` characters, cut with "…".
fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let kept: String = s.chars().take(n.saturating_sub(1)).collect();
    format!("{kept}…")
}

/// The table's row: time with age, env, user@host, action, outcome (fits 80 columns).
fn row(l: &Line) -> Vec<String> {
    match l {
        Line::Unreadable { line, .. } => vec![
            format!("line {line}"),
            "?".into(),
            "?".into(),
            "UNREADABLE".into(),
            "?".into(),
        ],
        Line::Write(w) => {
            // "2026-12-07T18:50:53.123Z" → "12-07 18:50".
            let when: String = w.time.chars().skip(5).take(11).collect();
            let when = when.replace('T', " ");
            let age = w.age_s.map(age_text).unwrap_or_else(|| "?".into());
            let who = match &w.host {
                Some(h) => format!("{}@{h}", w.user),
                None => w.user.clone(),
            };
            vec![
                format!("{when} {age}"),
                cut(&w.environment, 8),
                cut(&who, 14),
                cut(&w.action, 16),
                cut(&w.outcome, 8),
            ]
        }
    }
}

/// The writes shown (JSON `audit_log`, `entries`).
#[derive(Serialize)]
struct Entries {
    audit_log: String,
    entries: Vec<Line>,
}

impl Payload for Entries {
    fn tables(&self) -> Vec<Section> {
        // Newest last: the table shows the newest rows it can hold.
        let from = self.entries.len().saturating_sub(MAX_SECTION_ROWS);
        vec![Section {
            title: format!("Writes recorded in {}", self.audit_log),
            header: ["Time (age)", "Env", "Who", "Action", "Outcome"]
                .map(String::from)
                .to_vec(),
            rows: self.entries[from..].iter().map(row).collect(),
        }]
    }
}

/// The report: the entries, a WARNING for unreadable lines, a note when older rows are hidden.
pub(crate) fn report(settings: &Settings, args: &AuditArgs, env: Option<&str>) -> Report {
    let path = settings.audit_log.clone();
    let store = crate::state::Store::open(settings);
    let location = store.audit_location(&path);
    let mut report = Report::new("audit", env.unwrap_or("all").to_string(), String::new());
    let text = match store.audit_text(&path, env) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            report.notes.push(format!(
                "no audit log at {location} yet: nothing was written from this state directory",
            ));
            String::new()
        }
        Err(e) => {
            report.checks.push(Check::note(
                "audit log",
                Severity::Unknown,
                format!("cannot read {location}: {e}"),
            ));
            String::new()
        }
    };
    let entries = select(parse(&text, SystemTime::now()), args.since, env);
    let unreadable = entries
        .iter()
        .filter(|l| matches!(l, Line::Unreadable { .. }))
        .count();
    if unreadable > 0 {
        report.checks.push(Check::note(
            "audit log",
            Severity::Warning,
            format!("{unreadable} line(s) not valid JSON (shown as UNREADABLE)"),
        ));
    }
    if entries.len() > MAX_SECTION_ROWS {
        report.notes.push(format!(
            "the {} older entries are not shown: narrow with --since or --env, or see all with --json",
            entries.len() - MAX_SECTION_ROWS
        ));
    }
    report.attach(&Entries {
        audit_log: location,
        entries,
    });
    report
}

impl Tool for AuditArgs {
    type Input = ();
    fn name(&self) -> &'static str {
        "audit"
    }
    async fn run(&self, ctx: &Local<()>) -> anyhow::Result<Ran> {
        // The audit log is the state directory's, shared by every environment: `--env` (or
        // SWCACHE_ENV) picks the lines, not the settings, so a name the config no longer has
        // (or never had here) still finds its writes.
        let env = ctx
            .global
            .env_name
            .clone()
            .or_else(|| process_env("SWCACHE_ENV"));
        let mut global = ctx.global.clone();
        global.env_name = None;
        let hide_env = |k: &str| (k != "SWCACHE_ENV").then(|| process_env(k)).flatten();
        let mut settings = Settings::resolve(&global, &ThresholdFlags::default(), &hide_env)?;
        settings.token = None;
        Ok(Ran::Report(Box::new(report(
            &settings,
            self,
            env.as_deref(),
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_lines_without_host_and_bad_lines_are_kept() {
        let now = humantime::parse_rfc3339("2026-12-07T12:00:00Z").unwrap();
        let text = concat!(
            r#"{"time":"2026-12-07T11:00:00.000Z","user":"ann","environment":"prod","action":"set flag","request":{"method":"POST","url":"u"},"outcome":"done"}"#,
            "\n{not json\n",
            r#"{"time":"2026-11-01T11:00:00.000Z","user":"bob","host":"h1","environment":"stage","action":"x","request":{"method":"POST","url":"u"},"outcome":"failed"}"#,
            "\n"
        );
        let lines = parse(text, now);
        assert_eq!(lines.len(), 3);
        let Line::Write(w) = &lines[0] else { panic!() };
        assert_eq!((w.host.as_deref(), w.age_s), (None, Some(3600)));
        assert!(matches!(lines[1], Line::Unreadable { line: 2, .. }));
        let week = select(lines.clone(), Some(Duration::from_secs(7 * 86_400)), None);
        assert_eq!(week.len(), 2, "the November line is older than 7d");
        assert_eq!(select(lines, None, Some("stage")).len(), 2);
        assert_eq!(age_text(3 * 86_400 + 5), "3d");
        for l in parse(text, now) {
            let width: usize = row(&l).iter().map(|c| c.chars().count() + 3).sum::<usize>() + 1;
            assert!(width <= 80, "{:?}", row(&l));
        }
    }
}
