//! A run's figures and outcome in the Prometheus text format, for node_exporter's textfile
//! collector: cron jobs become observable without a daemon.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::exit::Status;
use crate::output::report::{Outcome, Report};

fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn status_code(s: Status) -> u8 {
    match s {
        Status::Ok => 0,
        Status::Warning => 1,
        Status::Critical => 2,
        Status::Unknown => 3,
    }
}

/// The exposition text for one finished report.
pub fn render(report: &Report, duration: Duration, now: SystemTime) -> String {
    let base = format!(
        "command=\"{}\",env=\"{}\"",
        escape(&report.command),
        escape(&report.environment)
    );
    let mut out = String::new();
    let mut family = |name: &str, help: &str, lines: Vec<String>| {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} gauge");
        for l in lines {
            let _ = writeln!(out, "{name}{l}");
        }
    };
    family(
        "swcache_check_value",
        "Figure read by the last run (absent when UNKNOWN).",
        report
            .checks
            .iter()
            .filter_map(|c| {
                c.value.value().map(|v| {
                    format!(
                        "{{{base},check=\"{}\",unit=\"{}\"}} {v}",
                        escape(&c.name),
                        escape(&c.unit)
                    )
                })
            })
            .collect(),
    );
    family(
        "swcache_check_status",
        "Status of each check: 0 ok, 1 warning, 2 critical, 3 unknown.",
        report
            .checks
            .iter()
            .map(|c| {
                format!(
                    "{{{base},check=\"{}\"}} {}",
                    escape(&c.name),
                    status_code(c.status)
                )
            })
            .collect(),
    );
    let outcomes = [
        Outcome::Done,
        Outcome::Skipped,
        Outcome::DryRun,
        Outcome::Failed,
        Outcome::Declined,
    ];
    family(
        "swcache_actions",
        "Actions of the last run by outcome.",
        outcomes
            .iter()
            .map(|o| {
                let n = report.actions.iter().filter(|a| a.outcome == *o).count();
                format!(
                    "{{{base},outcome=\"{}\"}} {n}",
                    o.label().to_ascii_lowercase()
                )
            })
            .collect(),
    );
    family(
        "swcache_exit_code",
        "Exit code of the last run (see swcache --help).",
        vec![format!("{{{base}}} {}", report.exit_code)],
    );
    family(
        "swcache_status",
        "Overall status of the last run: 0 ok, 1 warning, 2 critical, 3 unknown.",
        vec![format!("{{{base}}} {}", status_code(report.status))],
    );
    let ts = now
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64();
    family(
        "swcache_last_run_timestamp_seconds",
        "When the last run finished, in Unix seconds.",
        vec![format!("{{{base}}} {ts:.3}")],
    );
    if succeeded(report) {
        family(
            "swcache_last_success_timestamp_seconds",
            "When the last run that completed (exit 0, 1 or 2) finished, in Unix seconds.",
            vec![format!("{{{base}}} {ts:.3}")],
        );
    }
    family(
        "swcache_run_duration_seconds",
        "How long the last run took.",
        vec![format!("{{{base}}} {:.3}", duration.as_secs_f64())],
    );
    out
}

/// The run did its job: it read what it needed and every action went through (exit 0–2).
pub fn succeeded(report: &Report) -> bool {
    report.exit_code <= 2
}

/// `swcache_maintain_daily[_ENV].prom`
pub fn file_name(command: &str, env: Option<&str>) -> String {
    let mut name = format!("swcache_{}", command.replace([' ', '-'], "_"));
    if let Some(e) = env {
        name.push('_');
        name.push_str(&crate::settings::file_safe(e));
    }
    name + ".prom"
}

/// Writes beside the target and renames, so the collector never reads a half-written file.
pub fn write(dir: &Path, name: &str, text: &str) -> std::io::Result<PathBuf> {
    let target = dir.join(name);
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, &target)?;
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
        let text = render(
            &r.finish(),
            Duration::from_millis(1500),
            UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        );
        assert!(text.contains(r#"swcache_check_value{command="maintain daily",env="prod \"eu\"",check="storage utilization",unit="%"} 85"#), "{text}");
        assert!(
            !text.contains(r#"check="sync queue backlog",unit"#),
            "no value for UNKNOWN"
        );
        assert!(text.contains(r#"check="sync queue backlog"} 3"#));
        assert!(
            text.contains(
                "swcache_exit_code{command=\"maintain daily\",env=\"prod \\\"eu\\\"\"} 3"
            )
        );
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
