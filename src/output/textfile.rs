//! A run's figures and outcome in the Prometheus text format, for node_exporter's textfile
//! collector: cron jobs become observable without a daemon.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::output::report::{Outcome, Report};
use crate::vocab::Severity;

fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn status_code(s: Severity) -> u8 {
    match s {
        Severity::Ok => 0,
        Severity::Warning => 1,
        Severity::Critical => 2,
        Severity::Unknown => 3,
    }
}

/// Prometheus wants label values that are identifiers, not prose: `feed-cache hit rate` →
/// `feed_cache_hit_rate`, `maintain daily` → `maintain_daily`.
pub(crate) fn snake(v: &str) -> String {
    let mut out = String::new();
    for c in v.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// A check's unit as a metric-name suffix and the factor to Prometheus base units (ratios
/// 0–1, seconds). `None`: the check has no number to publish.
pub(crate) fn base_unit(unit: &str) -> Option<(String, f64)> {
    Some(match unit {
        "" => return None,
        "%" => ("ratio".into(), 0.01),
        "ratio" => ("ratio".into(), 1.0),
        "ms" => ("seconds".into(), 0.001),
        "s" => ("seconds".into(), 1.0),
        "%/h" => ("ratio_per_second".into(), 0.01 / 3600.0),
        "/s" => ("per_second".into(), 1.0),
        "items" => ("items".into(), 1.0),
        other => (snake(other), 1.0),
    })
}

pub(crate) use crate::policy::series::LAST_SUCCESS;

/// The exposition text for one finished report. `previous_success` (Unix seconds) is what a
/// failed run publishes as the last success, so the gap since the last good run stays visible.
pub(crate) fn render(
    report: &Report,
    duration: Duration,
    now: SystemTime,
    previous_success: Option<f64>,
) -> String {
    // Scrubbed before labels are made of it: a snaked or escaped secret would no longer match.
    let report = &report.scrubbed();
    let base = format!(
        "command=\"{}\",env=\"{}\"",
        escape(&snake(&report.command)),
        escape(&report.environment)
    );
    let ts = now
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64();
    let mut families = figure_families(report, &base);
    families.push(status_family(report, &base));
    families.push(actions_family(report, &base));
    families.extend(run_families(report, &base, ts, duration, previous_success));
    let mut out = String::new();
    for f in families {
        write_family(&mut out, f);
    }
    out
}

/// One gauge family: its name, its help, and a line (labels and value) per sample.
struct Family {
    name: String,
    help: String,
    lines: Vec<String>,
}

impl Family {
    fn new(name: &str, help: &str, lines: Vec<String>) -> Family {
        Family {
            name: name.to_string(),
            help: help.to_string(),
            lines,
        }
    }
}

fn write_family(out: &mut String, f: Family) {
    // An empty family is dropped by parsers anyway; leave it out.
    if f.lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "# HELP {} {}", f.name, f.help);
    let _ = writeln!(out, "# TYPE {} gauge", f.name);
    for l in f.lines {
        let _ = writeln!(out, "{}{l}", f.name);
    }
}

/// The checks' figures: one family per unit, the unit in the name, values in base units, in
/// the order the units first appear.
fn figure_families(report: &Report, base: &str) -> Vec<Family> {
    let mut by_family: Vec<(String, Vec<String>)> = Vec::new();
    for c in &report.checks {
        let (Some(v), Some((suffix, factor))) = (c.value.value(), base_unit(&c.unit)) else {
            continue;
        };
        let name = format!("swcache_check_{suffix}");
        let line = format!(
            "{{{base},check=\"{}\"}} {}",
            escape(&snake(&c.name)),
            round(v * factor)
        );
        match by_family.iter_mut().find(|(n, _)| *n == name) {
            Some((_, lines)) => lines.push(line),
            None => by_family.push((name, vec![line])),
        }
    }
    by_family
        .into_iter()
        .map(|(name, lines)| {
            let unit = name.trim_start_matches("swcache_check_").replace('_', " ");
            Family::new(
                &name,
                &format!("Figure read by the last run, in {unit} (absent when UNKNOWN)."),
                lines,
            )
        })
        .collect()
}

fn status_family(report: &Report, base: &str) -> Family {
    Family::new(
        "swcache_check_status",
        "Status of each check: 0 ok, 1 warning, 2 critical, 3 unknown.",
        report
            .checks
            .iter()
            .map(|c| {
                format!(
                    "{{{base},check=\"{}\"}} {}",
                    escape(&snake(&c.name)),
                    status_code(c.status)
                )
            })
            .collect(),
    )
}

/// Every outcome gets a line, zero included.
fn actions_family(report: &Report, base: &str) -> Family {
    let outcomes = [
        Outcome::Done,
        Outcome::Skipped,
        Outcome::DryRun,
        Outcome::Failed,
        Outcome::Declined,
    ];
    Family::new(
        "swcache_actions",
        "Actions of the last run by outcome.",
        outcomes
            .iter()
            .map(|o| {
                let n = report.actions.iter().filter(|a| a.outcome == *o).count();
                format!("{{{base},outcome=\"{}\"}} {n}", snake(o.label()))
            })
            .collect(),
    )
}

/// The run itself: exit code, overall status, when it finished, its last success (`ts`, the
/// finish in Unix seconds, or `previous_success` when it failed), how long it took.
fn run_families(
    report: &Report,
    base: &str,
    ts: f64,
    duration: Duration,
    previous_success: Option<f64>,
) -> Vec<Family> {
    let success = if succeeded(report) {
        Some(ts)
    } else {
        previous_success
    };
    vec![
        Family::new(
            "swcache_exit_code",
            "Exit code of the last run (see swcache --help).",
            vec![format!("{{{base}}} {}", report.exit_code)],
        ),
        Family::new(
            "swcache_status",
            "Overall status of the last run: 0 ok, 1 warning, 2 critical, 3 unknown.",
            vec![format!("{{{base}}} {}", status_code(report.figures))],
        ),
        Family::new(
            "swcache_last_run_timestamp_seconds",
            "When the last run finished, in Unix seconds.",
            vec![format!("{{{base}}} {ts:.3}")],
        ),
        Family::new(
            LAST_SUCCESS,
            "When the last run that completed (exit 0, 1 or 2) finished, in Unix seconds.",
            success
                .map(|s| format!("{{{base}}} {s:.3}"))
                .into_iter()
                .collect(),
        ),
        Family::new(
            "swcache_run_duration_seconds",
            "How long the last run took.",
            vec![format!("{{{base}}} {:.3}", duration.as_secs_f64())],
        ),
    ]
}

/// Base-unit conversions (`0.91 * 100 * 0.01`) must not print `0.9100000000000001`.
fn round(v: f64) -> f64 {
    (v * 1e9).round() / 1e9
}

/// The last success recorded in an earlier textfile (`None` when absent or unreadable).
pub(crate) fn previous_success(text: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(LAST_SUCCESS) && !l.starts_with('#'))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v > 0.0)
}

/// The run did its job: it read what it needed and every action went through (exit 0–2).
pub(crate) fn succeeded(report: &Report) -> bool {
    report.exit_code <= 2
}

/// `swcache_maintain_daily[_ENV].prom`
pub(crate) fn file_name(command: &str, env: Option<&str>) -> String {
    let mut name = format!("swcache_{}", command.replace([' ', '-'], "_"));
    if let Some(e) = env {
        name.push('_');
        name.push_str(&crate::fsutil::file_safe(e));
    }
    name + ".prom"
}

/// Replaced whole, so the collector never reads a half-written file; readable by all, as
/// node_exporter reads it as another user.
pub(crate) fn write(dir: &Path, name: &str, text: &str) -> std::io::Result<PathBuf> {
    let target = dir.join(name);
    crate::fsutil::replace(&target, text.as_bytes(), crate::fsutil::Mode::Public)?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::check::kpi_check;
    use crate::policy::figure::Figure;
    use crate::policy::thresholds::{Kpi, Thresholds};

    #[test]
    fn renders_values_statuses_and_run_facts() {
        let t = Thresholds::default();
        let mut r = Report::new("maintain daily", "prod \"eu\"".into(), "http://x".into());
        r.checks
            .push(kpi_check(Kpi::StorageUtilization, Figure::Known(85.0), &t));
        r.checks
            .push(kpi_check(Kpi::SyncBacklog, Figure::Unknown("x".into()), &t));
        let r = r.finish();
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let text = render(&r, Duration::from_millis(1500), now, Some(1_600_000_000.0));
        assert!(text.contains(r#"swcache_check_ratio{command="maintain_daily",env="prod \"eu\"",check="storage_utilization"} 0.85"#), "{text}");
        assert!(
            !text.contains("swcache_check_items"),
            "no value for UNKNOWN: {text}"
        );
        assert!(text.contains(r#"check="sync_queue_backlog"} 3"#));
        assert!(
            text.contains(
                "swcache_exit_code{command=\"maintain_daily\",env=\"prod \\\"eu\\\"\"} 3"
            )
        );
        assert_eq!(
            previous_success(&text),
            Some(1_600_000_000.0),
            "a failed run keeps the last success it was given: {text}"
        );
        assert_eq!(base_unit("ms"), Some(("seconds".into(), 0.001)));
        assert_eq!(snake("Feed-Cache  hit rate"), "feed_cache_hit_rate");
        assert!(text.contains("swcache_run_duration_seconds") && text.contains("} 1.500"));
        assert_eq!(
            file_name("maintain daily", Some("prod-eu")),
            "swcache_maintain_daily_prod-eu.prom"
        );
        assert_eq!(
            file_name("maintain daily", Some("prod/eu")),
            "swcache_maintain_daily_prod%2Feu.prom"
        );
    }
}
