//! Report → text: a comfy-table for people, one JSON document for machines.

use std::fmt::Write as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table};

use crate::exit::Status;
use crate::output::report::{Outcome, Report, Section};
use crate::policy::check::Check;
use crate::policy::thresholds::Better;
use crate::redact::controls as esc;

/// Rows a table section shows; the rest are counted (`--json` carries them all).
pub const MAX_SECTION_ROWS: usize = 25;

pub fn json(report: &Report) -> String {
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    crate::redact::json_controls(&s).into_owned()
}

/// The same document as [`json`] on one line: a run appends exactly one line to a log.
pub fn json_line(report: &Report) -> String {
    let mut s = serde_json::to_string(report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    // DEL and C1 escaped as in `json`: a log viewer is a terminal too.
    crate::redact::json_controls(&s).into_owned()
}

/// The human report. `color` only when stdout is a terminal and NO_COLOR is unset; `wrap` fits
/// tables to the terminal's width (off the terminal, e.g. in cron logs, lines are not wrapped).
pub fn table(report: &Report, color: bool, wrap: bool) -> String {
    table_with_trend(report, color, wrap, None)
}

/// Each check's recent trend, for the live view's extra column.
pub type TrendOf<'a> = &'a dyn Fn(&Check) -> String;

/// [`table`], with a Trend column after Value when `trend` is given (`--watch`).
pub fn table_with_trend(
    report: &Report,
    color: bool,
    wrap: bool,
    trend: Option<TrendOf<'_>>,
) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "swcache {} · {}",
        report.command,
        esc(&report.environment)
    );
    if !report.url.is_empty() {
        let _ = write!(out, " · {}", esc(&report.url));
    }
    out.push('\n');

    if !report.checks.is_empty() {
        let mut t = new_table(color, wrap);
        let mut header = vec!["Check", "Value", "Target", "Critical", "Status"];
        if trend.is_some() {
            header.insert(2, "Trend");
        }
        // Where each figure came from, once any came from Prometheus (`app`, or the query).
        let sourced = report
            .checks
            .iter()
            .any(|c| c.origin.as_ref().is_some_and(|o| o.source == "prometheus"));
        if sourced {
            header.push("Source");
        }
        t.set_header(header);
        for c in &report.checks {
            let mut row = vec![
                Cell::new(esc(&c.name)),
                Cell::new(esc(&value_text(c))),
                Cell::new(bound_text(c.target, c.better, true, &c.unit)),
                Cell::new(bound_text(c.critical, c.better, false, &c.unit)),
                status_cell(c.status, color),
            ];
            if let Some(f) = trend {
                row.insert(2, Cell::new(f(c)));
            }
            if sourced {
                let from = c
                    .origin
                    .as_ref()
                    .map(|o| o.query.as_deref().unwrap_or(o.source))
                    .unwrap_or("");
                row.push(Cell::new(esc(from)));
            }
            t.add_row(row);
        }
        let _ = writeln!(out, "{t}");
        for line in detail_lines(&report.checks) {
            let _ = writeln!(out, "  {}", esc(&line));
        }
    }

    for s in &report.sections {
        let _ = writeln!(out, "\n{}", esc(&s.title));
        let _ = writeln!(out, "{}", section_table(s, color, wrap));
        if s.rows.len() > MAX_SECTION_ROWS {
            let _ = writeln!(
                out,
                "… {} more rows not shown ({} in all; --json has every one)",
                s.rows.len() - MAX_SECTION_ROWS,
                s.rows.len()
            );
        }
    }

    if !report.actions.is_empty() {
        let mut t = new_table(color, wrap);
        t.set_header(vec!["Action", "Request", "Outcome", "Detail"]);
        for a in &report.actions {
            let mut request = format!("{} {}", a.method, esc(&a.url));
            if let Some(b) = &a.body {
                let _ = write!(request, " {b}");
            }
            let cell = Cell::new(a.outcome.label());
            let cell = if color {
                cell.fg(match a.outcome {
                    Outcome::Done => Color::Green,
                    Outcome::Failed => Color::Red,
                    Outcome::Declined => Color::Yellow,
                    Outcome::Skipped | Outcome::DryRun => Color::Cyan,
                })
            } else {
                cell
            };
            t.add_row(vec![
                Cell::new(esc(&a.name)),
                Cell::new(esc(&request)),
                cell,
                Cell::new(esc(a.detail.as_deref().unwrap_or(""))),
            ]);
        }
        let _ = writeln!(out, "\nActions");
        let _ = writeln!(out, "{t}");
    }

    for n in &report.notes {
        let _ = writeln!(out, "note: {}", esc(n));
    }
    if let Some(why) = &report.stopped {
        let _ = writeln!(out, "STOPPED: {}", esc(why));
    }
    let _ = writeln!(
        out,
        "Status: {} (exit {})",
        report.outcome.label(),
        report.exit_code
    );
    out
}

/// The details the Value column did not already show (why a figure is UNKNOWN, what a check
/// found), one line per cause: figures UNKNOWN for one reason (a host down, a token refused)
/// are named together with the endpoints they came from, not once each.
pub fn detail_lines(checks: &[Check]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut unknown: Vec<(String, Vec<String>, Vec<&str>)> = Vec::new();
    for c in checks
        .iter()
        .filter(|c| c.detail.as_deref().is_some_and(|d| !d.is_empty()))
        .filter(|c| c.status == Status::Unknown || c.value.value().is_some())
    {
        let detail = c.detail.as_deref().unwrap_or("");
        if c.status != Status::Unknown {
            lines.push(format!("{} {}: {detail}", c.status.label(), c.name));
            continue;
        }
        let (endpoint, cause) = split_cause(detail);
        let endpoint = endpoint.unwrap_or_default().to_string();
        match unknown.iter_mut().find(|(k, _, _)| k == cause) {
            Some((_, eps, names)) => {
                if !eps.contains(&endpoint) {
                    eps.push(endpoint);
                }
                names.push(&c.name);
            }
            None => unknown.push((cause.to_string(), vec![endpoint], vec![&c.name])),
        }
    }
    for (cause, eps, names) in unknown {
        let eps: Vec<String> = eps.into_iter().filter(|e| !e.is_empty()).collect();
        let from = if eps.is_empty() {
            String::new()
        } else {
            format!("{}: ", eps.join(", "))
        };
        // The table above names each figure; a long list here would hide the cause.
        let who = match names.len() {
            1 => names[0].to_string(),
            2..=3 => format!("{} figures ({})", names.len(), names.join(", ")),
            n => format!("{n} figures"),
        };
        lines.push(format!("UNKNOWN {who}: {from}{cause}"));
    }
    lines
}

/// "GET /api/x: HTTP 502" → (Some("GET /api/x"), "HTTP 502"); a detail without a request
/// label is all cause.
pub fn split_cause(detail: &str) -> (Option<&str>, &str) {
    let method = detail.split(' ').next().unwrap_or("");
    let is_request = !method.is_empty()
        && method.chars().all(|c| c.is_ascii_uppercase())
        && detail[method.len()..].starts_with(" /");
    match detail.find(": ") {
        Some(i) if is_request => (Some(&detail[..i]), &detail[i + 2..]),
        _ => (None, detail),
    }
}

fn new_table(color: bool, wrap: bool) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    if wrap {
        t.set_content_arrangement(ContentArrangement::Dynamic);
    }
    if color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t
}

fn section_table(s: &Section, color: bool, wrap: bool) -> Table {
    let mut t = new_table(color, wrap);
    t.set_header(s.header.iter().map(|h| esc(h).into_owned()));
    for r in s.rows.iter().take(MAX_SECTION_ROWS) {
        t.add_row(r.iter().map(|c| esc(c).into_owned()));
    }
    t
}

fn status_cell(s: Status, color: bool) -> Cell {
    let cell = Cell::new(s.label());
    if !color {
        return cell;
    }
    match s {
        Status::Ok => cell.fg(Color::Green),
        Status::Warning => cell.fg(Color::Yellow),
        Status::Critical => cell.fg(Color::Red).add_attribute(Attribute::Bold),
        Status::Unknown => cell.fg(Color::Magenta).add_attribute(Attribute::Bold),
    }
}

pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn with_unit(v: f64, unit: &str) -> String {
    match unit {
        "" => number(v),
        "%" => format!("{} %", number(v)),
        u => format!("{} {u}", number(v)),
    }
}

fn value_text(c: &Check) -> String {
    match c.value.value() {
        Some(v) => with_unit(v, &c.unit),
        None if c.status == Status::Unknown => "UNKNOWN".into(),
        None => c.detail.clone().unwrap_or_default(),
    }
}

/// "≥ 85 %" for a target where higher is better: a figure equal to the bound passes.
fn bound_text(bound: Option<f64>, better: Option<Better>, is_target: bool, unit: &str) -> String {
    let (Some(b), Some(dir)) = (bound, better) else {
        return String::new();
    };
    let op = match (dir, is_target) {
        (Better::Higher, true) => "≥",
        (Better::Higher, false) => "<",
        (Better::Lower, true) => "≤",
        (Better::Lower, false) => ">",
    };
    format!("{op} {}", with_unit(b, unit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::report::Action;
    use crate::policy::check::kpi_check;
    use crate::policy::figure::Figure;
    use crate::policy::thresholds::{Kpi, Thresholds};

    #[test]
    fn table_shows_values_bounds_unknowns_and_actions() {
        let t = Thresholds::default();
        let mut r = Report::new("validate", "default".into(), "http://127.0.0.1:1".into());
        r.checks
            .push(kpi_check(Kpi::FeedCacheHitRate, Figure::Known(91.0), &t));
        r.checks.push(kpi_check(
            Kpi::StorageUtilization,
            Figure::Unknown("GET /api/cache-metrics: field `storage.percentage` is null".into()),
            &t,
        ));
        r.actions.push(Action {
            name: "set rollout".into(),
            method: "POST".into(),
            url: "http://127.0.0.1:1/api/admin/feature-flags".into(),
            body: Some(serde_json::json!({"enhanced-cache": {"percentage": 25}})),
            outcome: Outcome::DryRun,
            detail: None,
            duration_ms: 0,
            response: None,
        });
        let text = table(&r.finish(), false, false);
        assert!(text.contains("feed-cache hit rate"), "{text}");
        assert!(
            text.contains("91 %") && text.contains("≥ 85 %") && text.contains("< 70 %"),
            "{text}"
        );
        assert!(
            text.contains("UNKNOWN storage utilization: GET /api/cache-metrics"),
            "{text}"
        );
        assert!(
            text.contains("dry-run") && text.contains(r#"{"enhanced-cache":{"percentage":25}}"#),
            "{text}"
        );
        assert!(text.contains("Status: UNKNOWN (exit 3)"), "{text}");
        assert!(!text.contains('\u{1b}'), "no escape codes without colour");
    }

    #[test]
    fn long_sections_show_the_top_rows_and_count_the_rest() {
        let mut r = Report::new("x", "e".into(), String::new());
        r.sections.push(Section {
            title: "Entries".into(),
            header: vec!["Name".into()],
            rows: (0..30).map(|i| vec![format!("row-{i}")]).collect(),
        });
        let out = table(&r, false, false);
        assert!(out.contains("row-24") && !out.contains("row-25"), "{out}");
        assert!(out.contains("5 more rows not shown (30 in all"), "{out}");
    }

    #[test]
    fn one_line_per_cause() {
        let t = Thresholds::default();
        let down = |ep: &str| Figure::Unknown(format!("GET {ep}: cannot connect: refused"));
        let checks = vec![
            kpi_check(Kpi::FeedCacheHitRate, down("/api/cache-metrics"), &t),
            kpi_check(Kpi::StorageUtilization, down("/api/cache-metrics"), &t),
            kpi_check(Kpi::SyncBacklog, down("/api/sync-status"), &t),
            kpi_check(
                Kpi::EvictionRate,
                Figure::Unknown("GET /api/cache-metrics: field `x` is null".into()),
                &t,
            ),
        ];
        let lines = detail_lines(&checks);
        assert_eq!(lines.len(), 2, "{lines:#?}");
        assert!(
            lines[0].starts_with("UNKNOWN 3 figures (feed-cache hit rate, ")
                && lines[0].ends_with(
                    "GET /api/cache-metrics, GET /api/sync-status: cannot connect: refused"
                ),
            "{lines:#?}"
        );
        assert_eq!(split_cause("no figure"), (None, "no figure"));
    }

    #[test]
    fn numbers() {
        assert_eq!(number(85.0), "85");
        assert_eq!(number(62.5), "62.5");
        assert_eq!(number(0.9100000001), "0.91");
    }
}
