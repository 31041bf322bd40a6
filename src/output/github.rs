//! GitHub Actions: workflow-command annotations and a Markdown job summary, derived from the
//! report when `GITHUB_ACTIONS=true`.
//!
//! The annotations go to **stderr**: the runner reads workflow commands from both of a step's
//! streams, and stdout stays the report alone, so `--json > report.json` is still one JSON
//! document. The summary is appended to the file `$GITHUB_STEP_SUMMARY` names.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use crate::output::render::number;
use crate::output::report::{Outcome, Report};
use crate::vocab::Severity;

/// Whether this run is a GitHub Actions step.
pub(crate) fn enabled(env: &dyn Fn(&str) -> Option<String>) -> bool {
    env("GITHUB_ACTIONS").is_some_and(|v| v == "true")
}

/// `::error title=…::message` lines: CRITICAL and UNKNOWN checks, failed actions and a stop are
/// errors; WARNING checks and declined actions are warnings.
pub(crate) fn annotations(report: &Report) -> Vec<String> {
    // Scrubbed before escaping: an escaped secret would no longer match.
    let report = &report.scrubbed();
    let title = property(&format!("swcache {}", report.command));
    let line = |level: &str, msg: String| format!("::{level} title={title}::{}", data(&msg));
    let mut out = Vec::new();
    for c in &report.checks {
        let level = match c.status {
            Severity::Ok => continue,
            Severity::Warning => "warning",
            Severity::Critical | Severity::Unknown => "error",
        };
        let detail = c
            .detail
            .as_deref()
            .filter(|d| !d.is_empty())
            .map(|d| format!(": {d}"))
            .unwrap_or_default();
        let value = c
            .value
            .value()
            .map(|v| format!(" {}{}", number(v), unit(&c.unit)))
            .unwrap_or_default();
        out.push(line(
            level,
            format!("{} {}{value}{detail}", c.name, c.status.label()),
        ));
    }
    for a in &report.actions {
        let level = match a.outcome {
            Outcome::Failed => "error",
            Outcome::Declined => "warning",
            _ => continue,
        };
        out.push(line(
            level,
            format!(
                "{} {}: {}",
                a.name,
                a.outcome.label(),
                a.detail.as_deref().unwrap_or("")
            ),
        ));
    }
    if let Some(why) = &report.stopped {
        out.push(line("error", format!("stopped: {why}")));
    }
    out
}

/// The job summary: the verdict, the checks, the actions and the notes, as Markdown.
pub(crate) fn summary(report: &Report) -> String {
    // Scrubbed before escaping: an escaped secret would no longer match.
    let report = &report.scrubbed();
    let mut md = String::new();
    let icon = match report.exit_code {
        0 => "✅",
        1 => "⚠️",
        _ => "❌",
    };
    let _ = writeln!(
        md,
        "### {icon} swcache {} · {} · {}\n",
        report.command,
        report.environment,
        cell(&report.url)
    );
    let _ = writeln!(
        md,
        "**Status: {} (exit {})**\n",
        report.status.label(),
        report.exit_code
    );
    if let Some(why) = &report.stopped {
        let _ = writeln!(md, "**Stopped:** {}\n", cell(why));
    }
    if !report.checks.is_empty() {
        let _ = writeln!(md, "| Check | Value | Status | Detail |\n|---|---|---|---|");
        for c in &report.checks {
            let value = c
                .value
                .value()
                .map(|v| format!("{}{}", number(v), unit(&c.unit)))
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                cell(&c.name),
                cell(&value),
                c.status.label(),
                cell(c.detail.as_deref().unwrap_or(""))
            );
        }
        md.push('\n');
    }
    if !report.actions.is_empty() {
        let _ = writeln!(
            md,
            "| Action | Request | Outcome | Detail |\n|---|---|---|---|"
        );
        for a in &report.actions {
            let _ = writeln!(
                md,
                "| {} | `{} {}` | {} | {} |",
                cell(&a.name),
                a.method,
                cell(&a.url).replace('`', "'"),
                a.outcome.label(),
                cell(a.detail.as_deref().unwrap_or(""))
            );
        }
        md.push('\n');
    }
    for n in &report.notes {
        let _ = writeln!(md, "- {}", cell(n));
    }
    md.push('\n');
    md
}

/// Appends the summary to `$GITHUB_STEP_SUMMARY`.
pub(crate) fn append_summary(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?
        .write_all(text.as_bytes())
}

fn unit(u: &str) -> String {
    if u.is_empty() {
        String::new()
    } else {
        format!(" {u}")
    }
}

/// A Markdown table cell: no pipes or line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// Escaping of a workflow command's message (GitHub's `escapeData`).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a workflow command's property value (GitHub's `escapeProperty`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::report::Action;
    use crate::policy::check::Check;

    #[test]
    fn annotations_and_summary() {
        let mut r = Report::new("deploy", "production".into(), "https://x".into());
        r.checks
            .push(Check::note("target is HTTPS", Severity::Ok, "https://x"));
        r.checks.push(Check::note(
            "worker hash /sw.js",
            Severity::Critical,
            "served sha256 aa ≠ local | bb\nnext",
        ));
        r.checks.push(Check::note(
            "Node.js ≥ 18",
            Severity::Warning,
            "50% done, ok",
        ));
        r.actions.push(Action {
            name: "step build".into(),
            method: "RUN".into(),
            url: "npm run build".into(),
            body: None,
            outcome: Outcome::Failed,
            detail: Some("exit 1".into()),
            duration_ms: 0,
            response: None,
        });
        let r = r.finish();
        let a = annotations(&r);
        assert_eq!(a.len(), 3, "{a:#?}");
        assert!(a[0].starts_with(
            "::error title=swcache deploy::worker hash /sw.js CRITICAL: served sha256 aa"
        ));
        assert!(a[0].contains("%0Anext"), "newlines escaped: {}", a[0]);
        assert!(a[1].starts_with("::warning ") && a[1].contains("50%25 done"));
        assert!(a[2].contains("step build FAILED: exit 1"));
        let md = summary(&r);
        assert!(
            md.contains(
                "| worker hash /sw.js |  | CRITICAL | served sha256 aa ≠ local \\| bb next |"
            ),
            "{md}"
        );
        // The run's outcome, as the terminal and the JSON say it (not the worst figure's word).
        assert!(md.contains("**Status: FAILED (exit 4)**"), "{md}");
        assert!(
            md.contains("| step build | `RUN npm run build` | FAILED | exit 1 |"),
            "{md}"
        );
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
