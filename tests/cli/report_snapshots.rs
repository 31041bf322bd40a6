//! Snapshots of every command's report: its table at 80 and 120 columns and its JSON, in a
//! healthy and a failing scenario, from the real binary against the embedded sandbox
//! (`--sandbox-scenario`). What varies between runs (ports, durations, dates, temporary
//! paths) is filtered out; everything else is compared whole, so a layout regression fails.
//!
//! After an intended change of output, re-accept the snapshots and review the diff:
//!
//! ```sh
//! INSTA_UPDATE=always cargo test --locked --test cli report_snapshots
//! git diff tests/cli/snapshots/
//! ```
//!
//! (`cargo insta review` does the same interactively where cargo-insta is installed; CI does
//! not need it: with `CI` set, a missing or changed snapshot fails.)

use crate::support::Fx;

/// One command in one scenario: `args` after the global flags.
struct Case {
    name: &'static str,
    scenario: &'static str,
    args: &'static [&'static str],
}

const fn case(name: &'static str, scenario: &'static str, args: &'static [&'static str]) -> Case {
    Case {
        name,
        scenario,
        args,
    }
}

/// Lines that differ from run to run, and what stands in for them.
pub fn filters() -> Vec<(&'static str, &'static str)> {
    vec![
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
        (r"\b\d+ ms\b", "[N] ms"),
        (r#""duration_ms": \d+"#, r#""duration_ms": [N]"#),
        (r#""elapsed_ms": \d+"#, r#""elapsed_ms": [N]"#),
        (
            r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT",
            "[HTTP-DATE]",
        ),
        (
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?",
            "[TIMESTAMP]",
        ),
        (r"/tmp/\.tmp[A-Za-z0-9]+", "[HOME]"),
        (r"\b1[789]\d{8}\b", "[UNIX-TIME]"),
        (r"\d+(\.\d+)?s elapsed", "[N]s elapsed"),
    ]
}

/// The run's stdout with `COLUMNS` (a table) or `--json`.
fn run(fx: &Fx, c: &Case, columns: Option<u16>) -> String {
    let mut cmd = fx.bare();
    cmd.args(["--sandbox-scenario", c.scenario]);
    match columns {
        Some(w) => {
            cmd.env("COLUMNS", w.to_string());
        }
        None => {
            cmd.arg("--json");
        }
    }
    cmd.args(c.args);
    let r = fx.run(&mut cmd);
    assert!(
        !r.stdout.is_empty(),
        "{} printed nothing (exit {}):\n{}",
        c.name,
        r.code,
        r.stderr
    );
    format!("exit {}\n{}", r.code, r.stdout)
}

fn snapshot(cases: &[Case]) {
    let fx = Fx::new();
    for c in cases {
        let mut settings = insta::Settings::clone_current();
        for (from, to) in filters() {
            settings.add_filter(from, to);
        }
        settings.set_prepend_module_to_snapshot(false);
        settings.set_description(format!(
            "swcache --sandbox-scenario {} {}",
            c.scenario,
            c.args.join(" ")
        ));
        settings.bind(|| {
            for w in [80u16, 120] {
                insta::assert_snapshot!(format!("{}@{w}", c.name), run(&fx, c, Some(w)));
            }
            insta::assert_snapshot!(format!("{}@json", c.name), run(&fx, c, None));
        });
    }
}

#[test]
fn validate() {
    snapshot(&[
        case("validate-healthy", "healthy", &["validate"]),
        case("validate-error-critical", "error-critical", &["validate"]),
    ]);
}

#[test]
fn maintain_daily() {
    snapshot(&[
        case("daily-healthy", "healthy", &["maintain", "daily", "--yes"]),
        case(
            "daily-storage-critical",
            "storage-critical",
            &["maintain", "daily", "--yes"],
        ),
        case(
            "daily-sync-backlog",
            "sync-backlog",
            &["maintain", "daily", "--yes"],
        ),
    ]);
}

#[test]
fn maintain_weekly() {
    snapshot(&[
        case("weekly-healthy", "healthy", &["maintain", "weekly"]),
        case(
            "weekly-degraded",
            "degraded-hit-rates",
            &["maintain", "weekly", "--apply", "--yes"],
        ),
    ]);
}

#[test]
fn rollout() {
    snapshot(&[
        case("rollout-status-healthy", "healthy", &["rollout", "status"]),
        case(
            "rollout-status-error-critical",
            "error-critical",
            &["rollout", "status"],
        ),
        case(
            "rollout-set-healthy",
            "healthy",
            &["rollout", "set", "25", "--yes"],
        ),
        case(
            "rollout-set-error-critical",
            "error-critical",
            &["rollout", "set", "25", "--yes"],
        ),
        case(
            "rollout-advance-healthy",
            "healthy",
            &["rollout", "advance", "--yes"],
        ),
        case(
            "rollout-advance-degraded",
            "degraded-hit-rates",
            &["rollout", "advance", "--yes"],
        ),
        case(
            "rollout-disable-healthy",
            "healthy",
            &["rollout", "disable", "--yes"],
        ),
        case(
            "rollout-disable-dry-run",
            "error-critical",
            &["rollout", "disable", "--dry-run"],
        ),
        case(
            "rollout-enable-healthy",
            "healthy",
            &["rollout", "enable", "--yes"],
        ),
        case(
            "rollout-enable-error-critical",
            "error-critical",
            &["rollout", "enable", "--yes"],
        ),
    ]);
}

#[test]
fn thresholds_and_config() {
    snapshot(&[
        case("thresholds-show", "healthy", &["thresholds", "show"]),
        case(
            "thresholds-show-flag",
            "healthy",
            &["thresholds", "show", "--max-error-rate", "3"],
        ),
        case("config-check", "healthy", &["config", "check"]),
    ]);
}

#[test]
fn deploy() {
    snapshot(&[
        case(
            "deploy-staging-verify",
            "healthy",
            &["deploy", "staging", "--verify-only", "--yes"],
        ),
        case(
            "deploy-staging-verify-error-critical",
            "error-critical",
            &["deploy", "staging", "--verify-only", "--yes"],
        ),
    ]);
}

#[test]
fn incident() {
    snapshot(&[
        case(
            "incident-error-rate-healthy",
            "healthy",
            &["incident", "error-rate", "--yes"],
        ),
        case(
            "incident-error-rate-critical",
            "error-critical",
            &["incident", "error-rate", "--yes"],
        ),
        case(
            "incident-storage-quota-healthy",
            "healthy",
            &[
                "incident",
                "storage-quota",
                "--yes",
                "--recovery-wait",
                "0s",
            ],
        ),
        case(
            "incident-storage-quota-stuck",
            "storage-stuck",
            &[
                "incident",
                "storage-quota",
                "--yes",
                "--recovery-wait",
                "0s",
            ],
        ),
    ]);
}

#[test]
fn rollback() {
    snapshot(&[
        case(
            "rollback-emergency-healthy",
            "healthy",
            &["rollback", "emergency", "--yes"],
        ),
        case(
            "rollback-emergency-dry-run",
            "error-critical",
            &["rollback", "emergency", "--dry-run"],
        ),
        case(
            "rollback-planned-healthy",
            "healthy",
            &["rollback", "planned", "--yes", "--step-wait", "0s"],
        ),
        case(
            "rollback-planned-error-critical",
            "error-critical",
            &["rollback", "planned", "--yes", "--step-wait", "0s"],
        ),
    ]);
}
