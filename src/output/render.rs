//! Report → text: a comfy-table for people, one JSON document for machines.

use std::fmt::Write as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, Color, ColumnConstraint, Table, Width};

use crate::output::report::{Action, Layout, Outcome, Report, Section};
use crate::policy::check::Check;
use crate::policy::thresholds::Better;
use crate::redact::controls as esc;
use crate::vocab::Severity;
// Re-exported: output and the commands have long formatted numbers through here.
pub(crate) use crate::numbers::number;

/// The tables a command that acts shows by default: what it changed, not what it read.
const CHANGE_TABLES: [&str; 5] = ["Flag ", "Served worker", "Plan", "Pipeline", "Kill switch"];

/// Rows a table section shows; the rest are counted (`--json` carries them all).
pub(crate) const MAX_SECTION_ROWS: usize = 25;

pub(crate) fn json(report: &Report) -> String {
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    crate::redact::json_controls(&s).into_owned()
}

/// The same document as [`json`] on one line: a run appends exactly one line to a log.
pub(crate) fn json_line(report: &Report) -> String {
    let mut s = serde_json::to_string(report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    // DEL and C1 escaped as in `json`: a log viewer is a terminal too.
    crate::redact::json_controls(&s).into_owned()
}

/// The human report. `color` only when stdout is a terminal and NO_COLOR is unset; `width`
/// fits tables to the terminal (or `COLUMNS`); without one, e.g. in cron logs, lines are not
/// wrapped.
#[cfg(test)]
pub(crate) fn table(report: &Report, color: bool, width: Option<u16>) -> String {
    table_with_trend(report, color, width, None, false)
}

/// Each check's recent trend, for the live view's extra column.
pub(crate) type TrendOf<'a> = &'a dyn Fn(&Check) -> String;

/// [`table`], with a Trend column after Value when `trend` is given (`--watch`). `requests`
/// (`-v`): the actions as a table with the request each sent, not one line each.
pub(crate) fn table_with_trend(
    report: &Report,
    color: bool,
    width: Option<u16>,
    trend: Option<TrendOf<'_>>,
    requests: bool,
) -> String {
    let report = &report.scrubbed();
    let screen = report.layout == Layout::Screen;
    let mut out = String::new();
    // The verdict first: what someone at 3 a.m. reads before any table.
    write_head(&mut out, report, width);
    if screen {
        for line in attention_lines(report) {
            let _ = writeln!(out, "{}", esc(&line));
        }
    }
    if !screen && !report.checks.is_empty() {
        out.push_str(&checks_table(report, color, width, trend, requests));
    }
    if !requests {
        write_action_lines(&mut out, report, screen, width);
    }
    // A command that acts shows, by default, the tables that say what it changed (the flag,
    // the served worker, its plan or pipeline); the evidence it read is named in one line and
    // shown under -v (the JSON has it all): the verdict stays on one screen.
    let brief = shown_as_outcome(report) && !requests && trend.is_none();
    write_sections(&mut out, report, color, width, screen, brief);
    if requests {
        write_action_table(&mut out, report, color, width);
    }
    for n in &report.notes {
        for line in hanging(&format!("note: {}", esc(n)), 2, width) {
            let _ = writeln!(out, "{line}");
        }
    }
    // The verdict last too: on a small screen, the line that stays.
    write_verdict(&mut out, report, width, trend.is_some());
    out
}

/// The first lines: command, environment and URL; the status; the reason it stopped.
fn write_head(out: &mut String, report: &Report, width: Option<u16>) {
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
    let _ = writeln!(
        out,
        "Status: {} (exit {})",
        report.status.label(),
        report.exit_code
    );
    if let Some(why) = &report.stopped {
        // One status word per report: the reason under it, not a second verdict.
        for line in hanging(&format!("  why: {}", esc(why)), 4, width) {
            let _ = writeln!(out, "{line}");
        }
    }
}

/// One line per action, right under the figures: what was done is read before the sections
/// (`-v` and the JSON have each request).
fn write_action_lines(out: &mut String, report: &Report, screen: bool, width: Option<u16>) {
    if report.actions.is_empty() {
        return;
    }
    if !screen {
        let _ = writeln!(out, "\nActions");
    }
    for line in action_lines(&report.actions, width) {
        let _ = writeln!(out, "{}", esc(&line));
    }
}

/// The sections: those without a header as lines, then those named only (`brief`), then the
/// tables.
fn write_sections(
    out: &mut String,
    report: &Report,
    color: bool,
    width: Option<u16>,
    screen: bool,
    brief: bool,
) {
    let (shown, named): (Vec<&Section>, Vec<&Section>) = report
        .sections
        .iter()
        .partition(|s| !brief || CHANGE_TABLES.iter().any(|t| s.title.starts_with(t)));
    // A section without a header reads as lines, not a table (a flag as it changed, the served
    // worker, the stages left): its title, then each row indented, under the actions; the
    // tables follow.
    let (lines, shown): (Vec<&Section>, Vec<&Section>) =
        shown.into_iter().partition(|s| s.header.is_empty());
    for (i, s) in lines.iter().enumerate() {
        // Under the actions' own heading, a heading of its own is set apart.
        let gap = if i == 0 && !screen { "\n" } else { "" };
        let _ = writeln!(out, "{gap}{}", esc(&s.title));
        for line in list_lines(s, width.map(|w| w.saturating_sub(2))) {
            let _ = writeln!(out, "  {line}");
        }
    }
    if !named.is_empty() {
        let titles: Vec<&str> = named.iter().map(|s| s.title.as_str()).collect();
        let _ = writeln!(
            out,
            "\n{}",
            esc(&format!("Also read (-v or --json): {}", titles.join(", ")))
        );
    }
    for s in shown {
        write_section_table(out, s, color, width);
    }
}

/// One table section under its title, cut to [`MAX_SECTION_ROWS`] rows.
fn write_section_table(out: &mut String, s: &Section, color: bool, width: Option<u16>) {
    let _ = writeln!(out, "\n{}", esc(&s.title));
    if s.rows.is_empty() {
        let _ = writeln!(out, "none");
        return;
    }
    let _ = writeln!(out, "{}", section_table(s, color, width));
    if s.rows.len() > MAX_SECTION_ROWS {
        let _ = writeln!(
            out,
            "… {} more rows not shown ({} in all; --json has every one)",
            s.rows.len() - MAX_SECTION_ROWS,
            s.rows.len()
        );
    }
}

/// `-v`: the actions as a table, with the request each sent.
fn write_action_table(out: &mut String, report: &Report, color: bool, width: Option<u16>) {
    if report.actions.is_empty() {
        return;
    }
    let mut t = new_table(color);
    t.set_header(vec!["Action", "Request", "Outcome, took", "Detail"]);
    for a in &report.actions {
        // The path only: the base URL is on the first line, and the JSON has it whole.
        let mut request = format!("{} {}", a.method, esc(&request_target(a)));
        if let Some(b) = &a.body {
            let _ = write!(request, " {b}");
        }
        // How long it took under the outcome: one column fewer, so an 80-column terminal
        // keeps paths and read-backs whole.
        let outcome = match took(a) {
            t if t.is_empty() => a.outcome.label().to_string(),
            t => format!("{}\n{t}", a.outcome.label()),
        };
        t.add_row(vec![
            cell(&a.name),
            cell(&request),
            outcome_cell(outcome, a.outcome, color),
            cell(a.detail.as_deref().unwrap_or("")),
        ]);
    }
    // A fixed width: how long a request took never changes how the table wraps.
    fit(&mut t, width, &[(2, OUTCOME_WIDTH)]);
    let _ = writeln!(out, "\nActions");
    let _ = writeln!(out, "{t}");
}

/// The verdict at the end, the line that stays on a small screen: a redrawn frame (`live`)
/// keeps it on one line, cut to the terminal; otherwise it wraps in a few lines (the whole
/// reason is at the top and in the JSON).
fn write_verdict(out: &mut String, report: &Report, width: Option<u16>, live: bool) {
    let verdict = esc(&verdict_line(report)).into_owned();
    if live {
        let _ = writeln!(out, "{}", cut(&verdict, width));
    } else {
        for line in verdict_lines(&verdict, width) {
            let _ = writeln!(out, "{line}");
        }
    }
}

/// The checks as a table: Check, Value, (Trend), the bounds any row has (when `bounds`), the
/// status, and where each figure came from once any came from Prometheus.
fn check_rows(shown: &[&Check], color: bool, trend: Option<TrendOf<'_>>, bounds: bool) -> Table {
    let mut t = new_table(color);
    // A bound column none of the rows has is left out: on 80 columns its room keeps names
    // and values whole.
    let targets = bounds && shown.iter().any(|c| c.target.is_some());
    let criticals = bounds && shown.iter().any(|c| c.critical.is_some());
    let mut header = vec!["Check", "Value"];
    if targets {
        header.push("Target");
    }
    if criticals {
        header.push("Critical");
    }
    header.push("Status");
    if trend.is_some() {
        header.insert(2, "Trend");
    }
    let sourced = shown
        .iter()
        .any(|c| c.origin.as_ref().is_some_and(|o| o.source == "prometheus"));
    if sourced {
        header.push("Source");
    }
    t.set_header(header);
    for c in shown {
        let mut row = vec![cell(&c.name), cell(&value_text(c))];
        if targets {
            row.push(cell(&bound_text(c.target, c.better, true, &c.unit)));
        }
        if criticals {
            row.push(cell(&bound_text(c.critical, c.better, false, &c.unit)));
        }
        if bounds {
            row.push(status_cell(c.status, color));
        } else {
            let bound = crossed(c)
                .map(|(_, bound)| format!(" ({bound})"))
                .unwrap_or_default();
            let text = format!("{}{bound}", c.status.label());
            row.push(status_cell_saying(c.status, &text, color));
        }
        if let Some(f) = trend {
            row.insert(2, cell(&f(c)));
        }
        if sourced {
            let from = c
                .origin
                .as_ref()
                .map(|o| o.query.as_deref().unwrap_or(o.source))
                .unwrap_or("");
            row.push(cell(from));
        }
        t.add_row(row);
    }
    t
}

/// The figures' table. A command that acts shows, by default, the rows a person reads after
/// acting: those not OK, with the OK ones counted in one line (`-v` and the JSON have each;
/// the actions and the state after say what changed).
fn checks_table(
    report: &Report,
    color: bool,
    width: Option<u16>,
    trend: Option<TrendOf<'_>>,
    verbose: bool,
) -> String {
    let mut out = String::new();
    let within = |c: &Check| c.status == Severity::Ok;
    let collapse = shown_as_outcome(report) && !verbose && trend.is_none();
    let shown: Vec<&Check> = report
        .checks
        .iter()
        .filter(|c| !said_by_an_action(report, c))
        .filter(|c| !(collapse && within(c)))
        .collect();
    let hidden = if collapse {
        report.checks.iter().filter(|c| within(c)).count()
    } else {
        0
    };
    if collapse {
        // One line each: what needs attention, with the line it crossed.
        for c in &shown {
            let _ = writeln!(out, "{}", esc(&attention_line(c)));
        }
    } else if !shown.is_empty() {
        // Bounds give way before names: when the columns' longest words cannot all stay whole
        // at this width, the Target and Critical columns go, and a row that crossed one says
        // it beside its status (`CRITICAL (> 5 %)`).
        let mut t = check_rows(&shown, color, trend, true);
        if !words_fit(&t, width) {
            t = check_rows(&shown, color, trend, false);
        }
        fit(&mut t, width, &[]);
        let _ = writeln!(out, "{t}");
        for line in detail_lines(&report.checks) {
            let _ = writeln!(out, "  {}", esc(&line));
        }
    }
    if hidden > 0 {
        let _ = writeln!(out, "{hidden} check(s) OK (-v or --json for each)");
    }
    out
}

/// Whether the report is laid out as a command that acts: its OK checks counted, the tables
/// of what it changed.
fn shown_as_outcome(report: &Report) -> bool {
    report.reports_outcome || report.layout == Layout::Outcome
}

/// A section without a header is a list: one line per row, its cells in aligned columns, each
/// line cut to the width (`✓ 2 build  done`), the last column two spaces apart.
fn list_lines(s: &Section, width: Option<u16>) -> Vec<String> {
    let columns = s.rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            s.rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    s.rows
        .iter()
        .take(MAX_SECTION_ROWS)
        .map(|r| {
            let cells: Vec<String> = r
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{:w$}", esc(c)))
                .collect();
            // The last column (how it went) set apart by two spaces.
            let line = match cells.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{}  {last}", rest.join(" ")),
                _ => cells.join(" "),
            };
            cut(line.trim_end(), width)
        })
        .collect()
}

/// How a done action was confirmed, in a few words.
fn confirmed(a: &Action) -> &str {
    match a.detail.as_deref() {
        Some(d) if d.starts_with("read back") => "read back",
        Some(d) if d.starts_with("storage reads") => "confirmed by storage",
        _ => "done",
    }
}

/// The verdict within the width: wrapped, so the reason stays on the screen (a held gate's
/// cause is at its end), in at most [`VERDICT_LINES`] lines, the last cut where it must be.
fn verdict_lines(verdict: &str, width: Option<u16>) -> Vec<String> {
    let mut lines = hanging(verdict, 2, width);
    if let Some(w) = width.map(usize::from)
        && lines.len() > VERDICT_LINES
    {
        lines.truncate(VERDICT_LINES);
        let last = lines.pop().unwrap_or_default();
        lines.push(cut(&format!("{last} …"), Some(w as u16)));
    }
    lines
}

/// `line` wrapped at spaces to `width`, the next lines indented by `indent` (so the terminal
/// never splits a word); whole when the width is not known (a pipe keeps one line a message).
fn hanging(line: &str, indent: usize, width: Option<u16>) -> Vec<String> {
    let Some(w) = width.map(usize::from) else {
        return vec![line.to_string()];
    };
    let pad = " ".repeat(indent);
    crate::numbers::wrap(line, w.saturating_sub(indent).max(20))
        .into_iter()
        .enumerate()
        .map(|(i, l)| if i == 0 { l } else { format!("{pad}{l}") })
        .collect()
}

/// The most lines the verdict takes at the end of a report.
const VERDICT_LINES: usize = 3;

/// `line` within `width` columns, `…` where it was cut.
fn cut(line: &str, width: Option<u16>) -> String {
    match width.map(usize::from) {
        Some(w) if line.chars().count() > w => {
            let kept: String = line.chars().take(w.saturating_sub(1)).collect();
            format!("{}…", kept.trim_end())
        }
        _ => line.to_string(),
    }
}

/// The report's last line: its status, exit code and the one reason that decided it — the
/// stop, a failed action, the worst figure, or what was done. "done" only when every action
/// was done and read back.
pub(crate) fn verdict_line(report: &Report) -> String {
    let head = format!("{} (exit {})", report.status.label(), report.exit_code);
    let failed = report.actions.iter().find(|a| a.outcome == Outcome::Failed);
    let declined = report
        .actions
        .iter()
        .find(|a| a.outcome == Outcome::Declined);
    let worst = report
        .counted_checks()
        .filter(|c| c.status != Severity::Ok)
        // The first of the worst, as the exit code ranks them.
        .min_by_key(|c| std::cmp::Reverse(c.status));
    let why = if let Some(why) = &report.stopped {
        why.clone()
    } else if let Some(a) = failed {
        format!(
            "{} FAILED: {}",
            a.name,
            a.detail.as_deref().unwrap_or("see the actions above")
        )
    } else if let Some(a) = declined {
        format!(
            "{}: {}",
            a.name,
            a.detail.as_deref().unwrap_or("not confirmed; nothing sent")
        )
    } else if report.acted() {
        let done: Vec<&Action> = report
            .actions
            .iter()
            .filter(|a| a.outcome == Outcome::Done)
            .collect();
        // What changed leads: one action by its name, several by their count.
        let what = match done.as_slice() {
            [one] => format!("done: {} ({})", one.name, confirmed(one)),
            many => format!("done: {} action(s) made and confirmed", many.len()),
        };
        match worst {
            Some(c) => format!(
                "{what}; {} still reads {} ({}): watch it",
                c.name,
                value_text(c),
                c.status.label()
            ),
            None => format!("{what}; every figure within target"),
        }
    } else if let Some(c) = worst {
        let detail = c.detail.clone().unwrap_or_else(|| value_text(c));
        format!("{} {}: {detail}", c.name, c.status.label())
    } else if report.actions.iter().any(|a| a.outcome == Outcome::DryRun) {
        "dry run: nothing was sent".to_string()
    } else if !report.actions.is_empty()
        && report
            .actions
            .iter()
            .all(|a| matches!(a.outcome, Outcome::Done | Outcome::Skipped))
    {
        let n = report
            .actions
            .iter()
            .filter(|a| a.outcome == Outcome::Done)
            .count();
        format!("done: {n} action(s) made and confirmed")
    } else if report.checks.is_empty() {
        // A report of data (a config check, the audit): its first table says what it is.
        report
            .sections
            .first()
            .map(|s| s.title.clone())
            .unwrap_or_else(|| "nothing to report".to_string())
    } else {
        "every figure within target".to_string()
    };
    format!("{head}: {why}")
}

/// The checks a [`Layout::Screen`] report shows: those that did not pass, one line each, less
/// those an action's row names already (a skipped step is its own row).
fn attention_lines(report: &Report) -> Vec<String> {
    report
        .checks
        .iter()
        .filter(|c| c.status != Severity::Ok)
        .filter(|c| !said_by_an_action(report, c))
        .map(attention_line)
        .collect()
}

/// A check that needs attention and that an action's line names already (a skipped step):
/// said once, in the action's line.
fn said_by_an_action(report: &Report, c: &Check) -> bool {
    c.status != Severity::Ok && report.actions.iter().any(|a| a.name == c.name)
}

/// `CRITICAL error rate: 12 % (critical > 5 %)`: a check that needs attention, on one line.
fn attention_line(c: &Check) -> String {
    let detail = c.detail.clone().unwrap_or_else(|| value_text(c));
    let line = crossed(c)
        .map(|(what, bound)| format!(" ({what} {bound})"))
        .unwrap_or_default();
    format!("{} {}: {detail}{line}", c.status.label(), c.name)
}

/// The line a check that needs attention crossed: `("critical", "> 5 %")`, `("target",
/// "≥ 85 %")`, or none (an OK check, or one without bounds).
fn crossed(c: &Check) -> Option<(&'static str, String)> {
    match (c.status, c.critical, c.target) {
        (Severity::Ok, _, _) => None,
        (Severity::Critical, Some(_), _) => {
            Some(("critical", bound_text(c.critical, c.better, false, &c.unit)))
        }
        (_, _, Some(_)) => Some(("target", bound_text(c.target, c.better, true, &c.unit))),
        _ => None,
    }
}

/// The actions one line each: a mark, the name, then how it went (`✓ disable enhanced-cache
/// (read back, 7 ms)`), its detail wrapped under it when it failed or was not sent.
fn action_lines(actions: &[Action], width: Option<u16>) -> Vec<String> {
    let room = usize::from(width.unwrap_or(u16::MAX))
        .saturating_sub(4)
        .max(20);
    let mut lines = Vec::new();
    for a in actions {
        let detail = a.detail.as_deref().unwrap_or("");
        let own = format!("{} {}", a.method, path_of(&a.url));
        let detail = match split_cause(detail) {
            (Some(label), cause) if label == own => cause,
            _ => detail,
        };
        let (mark, how) = match a.outcome {
            Outcome::Done => {
                // A read-back in two words (its fields are in the plan and the JSON); any
                // other confirmation as it was said ("exit 0", "reverted: /sw.js").
                let how = match detail {
                    d if d.starts_with("read back") || d.is_empty() => confirmed(a),
                    d if d.starts_with("accepted (2xx") => "accepted, no read-back",
                    d => d,
                };
                ("✓", format!(" ({how}, {})", took(a)))
            }
            Outcome::Failed => ("✗", format!(": FAILED after {}: {detail}", took(a))),
            Outcome::Declined => ("–", format!(": not sent: {detail}")),
            Outcome::Skipped => ("–", format!(": SKIPPED: {detail}")),
            // The request whole is on stderr as the dry run goes, and under `-v`.
            Outcome::DryRun => ("·", ": not sent (--dry-run)".to_string()),
        };
        let line = format!("{mark} {}{how}", a.name);
        for (i, part) in crate::numbers::wrap(&line, room).into_iter().enumerate() {
            lines.push(if i == 0 { part } else { format!("    {part}") });
        }
    }
    lines
}

fn outcome_cell(text: String, outcome: Outcome, color: bool) -> Cell {
    let cell = Cell::new(crate::numbers::unsplittable(&text));
    if !color {
        return cell;
    }
    cell.fg(match outcome {
        Outcome::Done => Color::Green,
        Outcome::Failed => Color::Red,
        Outcome::Declined => Color::Yellow,
        Outcome::Skipped | Outcome::DryRun => Color::Cyan,
    })
}

/// The details the Value column did not already show (why a figure is UNKNOWN, what a check
/// found), one line per cause: figures UNKNOWN for one reason (a host down, a token refused)
/// are named together with the endpoints they came from, not once each.
pub(crate) fn detail_lines(checks: &[Check]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut unknown: Vec<(String, Vec<String>, Vec<&str>)> = Vec::new();
    for c in checks
        .iter()
        .filter(|c| c.detail.as_deref().is_some_and(|d| !d.is_empty()))
        .filter(|c| c.status == Severity::Unknown || c.value.value().is_some())
    {
        let detail = c.detail.as_deref().unwrap_or("");
        if c.status != Severity::Unknown {
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
pub(crate) fn split_cause(detail: &str) -> (Option<&str>, &str) {
    let method = detail.split(' ').next().unwrap_or("");
    let is_request = !method.is_empty()
        && method.chars().all(|c| c.is_ascii_uppercase())
        && detail[method.len()..].starts_with(" /");
    match detail.find(": ") {
        Some(i) if is_request => (Some(&detail[..i]), &detail[i + 2..]),
        _ => (None, detail),
    }
}

fn new_table(color: bool) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    // Widths are decided by `fit`, not guessed by the table: only colour needs the terminal.
    if color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t
}

/// Longest word a column keeps whole when a table is fitted to the width; longer ones (a hash,
/// a JSON body) may still be broken.
const WHOLE_WORD_MAX: usize = 30;

/// Narrowest a column gets when even whole words do not fit the width.
const WORD_FLOOR: usize = 12;

/// Fits a table to `width` columns: a table that fits is left as it is; in one that does not,
/// the widest column narrows first, never below its longest word (lines break between words,
/// not inside one: no `hit ra` / `te`), and only when whole words cannot fit, below that down
/// to [`WORD_FLOOR`]. `fixed` columns get exactly that content width. Without a width (a pipe,
/// a cron log) nothing is wrapped.
/// A column's header and cells.
fn column_texts(t: &Table, i: usize) -> Vec<String> {
    let header = t
        .header()
        .and_then(|h| h.cell_iter().nth(i))
        .map(|c| c.content());
    let cells = t
        .row_iter()
        .filter_map(|r| r.cell_iter().nth(i))
        .map(|c| c.content());
    header.into_iter().chain(cells).collect()
}

/// The longest word a column keeps whole (at most [`WHOLE_WORD_MAX`]).
fn longest_word(texts: &[String]) -> usize {
    texts
        .iter()
        // Words as the table splits them: at spaces and line ends (a no-break space joins).
        .flat_map(|t| t.split([' ', '\n']).map(|w| w.chars().count()))
        .max()
        .unwrap_or(0)
        .min(WHOLE_WORD_MAX)
}

/// Whether every column's longest word fits `width` (cells padded on one side, as [`fit`]
/// does when cramped).
fn words_fit(t: &Table, width: Option<u16>) -> bool {
    let Some(width) = width else {
        return true;
    };
    let columns = t.column_iter().count();
    let words: usize = (0..columns)
        .map(|i| longest_word(&column_texts(t, i)).max(1))
        .sum();
    words + columns + 1 + columns <= usize::from(width)
}

fn fit(t: &mut Table, width: Option<u16>, fixed: &[(usize, u16)]) {
    let columns = t.column_iter().count();
    let texts = |i: usize| column_texts(t, i);
    let fixed_of = |i: usize| {
        fixed
            .iter()
            .find(|(c, _)| *c == i)
            .map(|(_, w)| *w as usize)
    };
    let mut want = Vec::with_capacity(columns);
    let mut least = Vec::with_capacity(columns);
    for i in 0..columns {
        let texts = texts(i);
        let longest_line = texts
            .iter()
            .flat_map(|t| t.lines().map(|l| l.chars().count()))
            .max()
            .unwrap_or(0);
        let longest_word = longest_word(&texts);
        match fixed_of(i) {
            Some(w) => {
                want.push(w);
                least.push(w);
            }
            None => {
                want.push(longest_line.max(1));
                least.push(longest_word.max(1));
            }
        }
    }
    // Borders: one more than the columns; padding: one each side of every cell — or, when the
    // columns' longest words do not fit that way, on one side only: a cramped cell is better
    // than a name or a figure broken in two.
    let words_need: usize = least.iter().sum();
    let tight = width.is_some_and(|w| words_need + columns + 1 + 2 * columns > w as usize);
    let padding = if tight { columns } else { 2 * columns };
    if tight {
        for column in t.column_iter_mut() {
            column.set_padding((0, 1));
        }
    }
    let room = width.map(|w| (w as usize).saturating_sub(columns + 1 + padding));
    let mut widths = want;
    if let Some(room) = room {
        // The widest column gives way first, one character at a time: short columns (a
        // status, a bound) stay whole. First down to each column's longest word; if that is
        // still too wide, down to WORD_FLOOR (a JSON body or a hash breaks, a name does not).
        for floor in [&least, &vec![WORD_FLOOR; columns]] {
            while widths.iter().sum::<usize>() > room {
                let Some(i) = (0..columns)
                    .filter(|i| fixed_of(*i).is_none() && widths[*i] > floor[*i])
                    .max_by_key(|i| widths[*i])
                else {
                    break;
                };
                widths[i] -= 1;
            }
        }
    }
    let pad = if tight { 1 } else { 2 };
    for (i, column) in t.column_iter_mut().enumerate() {
        let w = widths[i] as u16 + pad;
        column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
    }
}

/// "http://host:1/api/x?y" → "/api/x?y"; anything else (a step's command) as it is.
pub(crate) fn path_of(url: &str) -> &str {
    match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|i| &rest[i..]).unwrap_or("/"),
        None => url,
    }
}

/// Room for "declined", "999 ms", "59.9 s".
const OUTCOME_WIDTH: u16 = 8;

/// How long an action took; nothing for one that did not run.
fn took(a: &crate::output::report::Action) -> String {
    match a.outcome {
        Outcome::Done | Outcome::Failed => crate::output::duration_text(a.duration_ms),
        _ => String::new(),
    }
}

/// Longest shell command shown in the Actions table; the JSON and the audit log have it whole.
const COMMAND_SHOWN: usize = 60;

/// What a request went to: a URL's path, or a step's command (its first line, cut short: the
/// configured step is in the config, and a page of shell would push the verdict off screen;
/// whole in a dry run, which is read to review it).
fn request_target(a: &crate::output::report::Action) -> String {
    if a.url.contains("://") {
        return path_of(&a.url).to_string();
    }
    // A dry run is read to review what would run: the command whole (the cell wraps it).
    if a.outcome == Outcome::DryRun {
        return a.url.trim().to_string();
    }
    let first = a.url.lines().next().unwrap_or("");
    if first.chars().count() > COMMAND_SHOWN || first.len() < a.url.len() {
        let cut: String = first.chars().take(COMMAND_SHOWN).collect();
        format!("{}…", cut.trim_end())
    } else {
        first.to_string()
    }
}

/// A table cell: control characters escaped, each figure kept on one line.
fn cell(text: &str) -> Cell {
    Cell::new(crate::numbers::unsplittable(&esc(text)))
}

fn section_table(s: &Section, color: bool, width: Option<u16>) -> Table {
    let mut t = new_table(color);
    t.set_header(s.header.iter().map(|h| esc(h).into_owned()));
    for r in s.rows.iter().take(MAX_SECTION_ROWS) {
        t.add_row(r.iter().map(|c| cell(c)));
    }
    fit(&mut t, width, &[]);
    t
}

fn status_cell(s: Severity, color: bool) -> Cell {
    status_cell_saying(s, s.label(), color)
}

/// A status cell coloured by `s`, saying `text`.
fn status_cell_saying(s: Severity, text: &str, color: bool) -> Cell {
    let cell = Cell::new(crate::numbers::unsplittable(&esc(text)));
    if !color {
        return cell;
    }
    match s {
        Severity::Ok => cell.fg(Color::Green),
        Severity::Warning => cell.fg(Color::Yellow),
        Severity::Critical => cell.fg(Color::Red).add_attribute(Attribute::Bold),
        Severity::Unknown => cell.fg(Color::Magenta).add_attribute(Attribute::Bold),
    }
}

fn with_unit(v: f64, unit: &str) -> String {
    crate::numbers::figure(v, unit)
}

fn value_text(c: &Check) -> String {
    match c.value.value() {
        Some(v) => with_unit(v, &c.unit),
        None if c.status == Severity::Unknown => "UNKNOWN".into(),
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
    // One unbreakable figure: a bound split over two lines ("≤" / "50 ms") reads as two.
    format!("{op}\u{a0}{}", with_unit(b, unit))
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
        let r = r.finish();
        let text = table(&r, false, None);
        assert!(text.contains("feed-cache hit rate"), "{text}");
        assert!(
            // Figures in cells: number, unit and a bound's sign joined by no-break spaces.
            text.contains("91\u{a0}%")
                && text.contains("≥\u{a0}85\u{a0}%")
                && text.contains("<\u{a0}70\u{a0}%"),
            "{text}"
        );
        assert!(
            text.contains("UNKNOWN storage utilization: GET /api/cache-metrics"),
            "{text}"
        );
        assert!(
            text.contains("· set rollout: not sent (--dry-run)"),
            "one line per action: {text}"
        );
        let verbose = table_with_trend(&r, false, None, None, true);
        assert!(
            verbose.contains("dry-run")
                && verbose.contains(r#"{"enhanced-cache":{"percentage":25}}"#),
            "-v: the request whole: {verbose}"
        );
        assert!(text.contains("Status: UNKNOWN (exit 3)"), "{text}");
        assert!(!text.contains('\u{1b}'), "no escape codes without colour");
    }

    #[test]
    fn screen_layout_shows_what_needs_attention_once_and_actions_one_line_each() {
        let mut r = Report::new(
            "rollback emergency",
            "e".into(),
            "http://127.0.0.1:1/".into(),
        );
        r.layout = Layout::Screen;
        r.checks
            .push(Check::note("fine", Severity::Ok, "all good here"));
        r.checks.push(Check::note(
            "worker reverted /a.js",
            Severity::Critical,
            "NOT changed",
        ));
        r.checks.push(Check::note(
            "step revert_worker",
            Severity::Warning,
            "SKIPPED: twice?",
        ));
        let action = |name: &str, outcome, detail: &str| Action {
            name: name.into(),
            method: "POST".into(),
            url: "http://127.0.0.1:1/api/admin/feature-flags".into(),
            body: Some(serde_json::json!({"enhanced-cache": {"enabled": false}})),
            outcome,
            detail: Some(detail.into()),
            duration_ms: 12,
            response: None,
        };
        r.actions.push(action(
            "disable enhanced-cache",
            Outcome::Failed,
            "POST /api/admin/feature-flags: HTTP 500",
        ));
        r.actions.push(action(
            "step revert_worker",
            Outcome::Skipped,
            "NOT CONFIGURED",
        ));
        let text = table(&r.finish(), false, Some(80));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "Status: FAILED (exit 4)", "{text}");
        assert_eq!(
            lines[2], "CRITICAL worker reverted /a.js: NOT changed",
            "{text}"
        );
        assert!(
            !text.contains("all good here"),
            "an OK check is not repeated: {text}"
        );
        assert!(
            !text.contains("twice?"),
            "the skipped step is its own row: {text}"
        );
        // The rows carry no request; the verdict (its lines from `FAILED (exit 4):` on) may
        // quote the failure whole.
        let verdict_at = lines
            .iter()
            .rposition(|l| l.starts_with("FAILED (exit 4): "))
            .expect("the verdict ends the report");
        let body = lines[..verdict_at].join("\n");
        assert!(
            !body.contains("Request") && !body.contains("/api/admin"),
            "{text}"
        );
        let row = lines
            .iter()
            .find(|l| l.contains("disable enhanced-cache"))
            .unwrap();
        assert!(
            row.starts_with("✗ disable enhanced-cache: FAILED after 12")
                && row.contains("HTTP 500"),
            "{text}"
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 80), "{text}");
    }

    #[test]
    fn long_sections_show_the_top_rows_and_count_the_rest() {
        let mut r = Report::new("x", "e".into(), String::new());
        r.sections.push(Section {
            title: "Entries".into(),
            header: vec!["Name".into()],
            rows: (0..30).map(|i| vec![format!("row-{i}")]).collect(),
        });
        let out = table(&r, false, None);
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
    fn fitted_tables_keep_words_whole_and_the_width() {
        let t = Thresholds::default();
        let mut r = Report::new("maintain daily", "staging".into(), "http://x/".into());
        for (kpi, v) in [
            (Kpi::StorageUtilization, 50.0),
            (Kpi::FeedCacheHitRate, 90.0),
            (Kpi::SyncBacklog, 40.0),
        ] {
            r.checks.push(kpi_check(kpi, Figure::Known(v), &t));
        }
        r.sections.push(Section {
            title: "Empty".into(),
            header: vec!["Name".into()],
            rows: Vec::new(),
        });
        let r = r.finish();
        for width in [60u16, 80] {
            let text = table(&r, false, Some(width));
            for line in text.lines().filter(|l| l.starts_with(['│', '┌', '└', '╞'])) {
                assert!(line.chars().count() <= width as usize, "{line}\n{text}");
            }
            for word in ["utilization", "feed-cache", "backlog"] {
                assert!(text.contains(word), "{word} split at {width}:\n{text}");
            }
            // The verdict first; an empty table says so.
            assert_eq!(text.lines().nth(1), Some("Status: OK (exit 0)"), "{text}");
            assert!(text.contains("Empty\nnone\n"), "{text}");
        }
    }

    #[test]
    fn bounds_give_way_before_a_name_is_broken() {
        let t = Thresholds::default();
        let mut r = Report::new("validate", "staging".into(), "http://x/".into());
        let mut c = kpi_check(Kpi::FeedCacheHitRate, Figure::Known(60.0), &t);
        c.name = "feed-cache-hit-rate-of-workers".into();
        r.checks.push(c);
        r.checks
            .push(kpi_check(Kpi::SyncBacklog, Figure::Known(40.0), &t));
        let r = r.finish();
        // Wide enough: the bounds have their columns.
        let wide = table(&r, false, Some(120));
        assert!(wide.contains("Critical"), "{wide}");
        // Too narrow for the name and the bounds: the bounds go, the name stays whole, and
        // the failing row says the line it crossed beside its status.
        let narrow = table(&r, false, Some(64));
        assert!(!narrow.contains("Critical"), "{narrow}");
        assert!(
            narrow.contains("feed-cache-hit-rate-of-workers"),
            "{narrow}"
        );
        assert!(narrow.contains("(<\u{a0}70\u{a0}%)"), "{narrow}");
        for line in narrow
            .lines()
            .filter(|l| l.starts_with(['│', '┌', '└', '╞']))
        {
            assert!(line.chars().count() <= 64, "{line}\n{narrow}");
        }
    }

    #[test]
    fn a_wrapped_cell_never_splits_a_figure() {
        let mut r = Report::new(
            "incident storage-quota",
            "staging".into(),
            "http://x/".into(),
        );
        let detail = "storage 99 % → 99 %: still above critical (95 %) after 20 s; NOT resolved, \
                      the limits of 7 days did not help";
        r.sections.push(Section {
            title: "Watch".into(),
            header: vec!["Step".into(), "Detail".into()],
            rows: vec![vec!["recovery watch (1.4 s)".into(), detail.into()]],
        });
        let r = r.finish();
        for width in [40u16, 60, 80] {
            let text = table(&r, false, Some(width));
            for figure in [
                "99\u{a0}%",
                "(95\u{a0}%)",
                "20\u{a0}s",
                "7\u{a0}days",
                "1.4\u{a0}s",
            ] {
                assert!(
                    text.contains(figure),
                    "{figure:?} split at {width}:\n{text}"
                );
            }
            for line in text.lines().filter(|l| l.starts_with(['│', '┌', '└', '╞'])) {
                assert!(line.chars().count() <= width as usize, "{line}\n{text}");
            }
        }
    }
}
