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

use assert_cmd::Command;

use crate::deploy::{build_dir, served};
use crate::support::{Fx, Run};

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
        // A figure's no-break space (it keeps "95 %" on one line of a cell) reads as a space:
        // the README shows plain spaces, and where a cell wraps shows it kept the figure.
        ("\u{a0}", " "),
        // A URL wrapped in a table cell may split its port over two lines.
        (
            r"127\.0\.0\.1:\d*(?P<mid> *┆[^\n]*\n│[^┆\n]*┆ *)\d*/",
            "127.0.0.1:[PORT]$mid/",
        ),
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
        // Measured durations only (a configured one, `≤ 50 ms`, is the config's and stays):
        // how long an action took, in its line and in a steps table's cell (whose column the
        // header keeps wide enough, so only the cell's padding varies).
        (r", \d+(\.\d)? m?s\)", ", [T])"),
        (r"after \d+(\.\d)? m?s\b", "after [T]"),
        (
            r"(?P<o>┆ (done|failed|skipped|declined|dry-run) +)┆ \d+(\.\d)? m?s +┆",
            "$o┆ [T] ┆",
        ),
        (r#""elapsed_s": \d+"#, r#""elapsed_s": [N]"#),
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
        // A time as a table shows it (its age, "14 days ago", is the sandbox's and stays).
        (r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "[DATE] UTC"),
        (r"/tmp/\.tmp[A-Za-z0-9]+", "[HOME]"),
        (r"/run-\d+/", "/run-[PID]/"),
        (r"\b1[789]\d{8}\b", "[UNIX-TIME]"),
        (r"\d+(\.\d+)?s elapsed", "[N]s elapsed"),
    ]
}

/// A run's exit code and stdout, as snapshotted.
fn shown(r: &Run, what: &str) -> String {
    assert!(
        !r.stdout.is_empty(),
        "{what} printed nothing (exit {}):\n{}",
        r.code,
        r.stderr
    );
    format!("exit {}\n{}", r.code, r.stdout)
}

/// Snapshots `name` at 80 and 120 columns and as JSON; `command` gives the binary ready to run
/// (its environment isolated) with the command's own arguments.
fn snapshot_three(name: &str, description: &str, command: &dyn Fn() -> Command, fx: &Fx) {
    let mut settings = insta::Settings::clone_current();
    for (from, to) in filters() {
        settings.add_filter(from, to);
    }
    settings.set_prepend_module_to_snapshot(false);
    settings.set_description(description);
    settings.bind(|| {
        for w in [80u16, 120] {
            let mut cmd = command();
            cmd.env("COLUMNS", w.to_string());
            insta::assert_snapshot!(format!("{name}@{w}"), shown(&fx.run(&mut cmd), name));
        }
        let mut cmd = command();
        cmd.arg("--json");
        insta::assert_snapshot!(format!("{name}@json"), shown(&fx.run(&mut cmd), name));
    });
}

fn snapshot(cases: &[Case]) {
    let fx = Fx::new();
    for c in cases {
        let command = || {
            let mut cmd = fx.bare();
            cmd.args(["--sandbox-scenario", c.scenario]).args(c.args);
            cmd
        };
        let description = format!(
            "swcache --sandbox-scenario {} {}",
            c.scenario,
            c.args.join(" ")
        );
        snapshot_three(c.name, &description, &command, &fx);
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
    snapshot(&[case("thresholds-show", "healthy", &["thresholds", "show"])]);
}

#[test]
fn config_check() {
    // The example config, as a user would start from it.
    let fx = Fx::new();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/swcache.toml");
    std::fs::copy(example, fx.home.path().join("swcache.toml")).unwrap();
    // With the token files it names (a missing one is exit 78).
    for name in ["production.token", "staging.token"] {
        let path = fx.home.path().join(name);
        std::fs::write(&path, format!("{name}-value-0123456789\n")).unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .unwrap();
    }
    let command = || {
        let mut cmd = fx.bare();
        cmd.args(["config", "check"]);
        cmd
    };
    snapshot_three(
        "config-check-example",
        "swcache config check (examples/swcache.toml)",
        &command,
        &fx,
    );
}

#[test]
fn deploy() {
    // Healthy: the build directory holds what the app serves.
    let fx = Fx::new();
    let dir = build_dir(&fx, &served(&fx, "/sw-enhanced.js"));
    let args = [
        "deploy",
        "staging",
        "--verify-only",
        "--build-dir",
        dir.to_str().unwrap(),
        "--verify-deadline",
        "0s",
    ];
    let command = || {
        let mut cmd = fx.cmd();
        cmd.args(args);
        cmd
    };
    snapshot_three(
        "deploy-staging-verify-healthy",
        "swcache deploy staging --verify-only --build-dir (what is served)",
        &command,
        &fx,
    );
    // Failing: no build directory, nothing to verify against.
    snapshot(&[case(
        "deploy-staging-verify-no-build",
        "error-critical",
        &[
            "deploy",
            "staging",
            "--verify-only",
            "--verify-deadline",
            "0s",
        ],
    )]);
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

/// `rollout run`'s analysis config (fast readings, a fast planned rollback): the one of
/// tests/cli/rollout_run.rs.
const ROLLOUT_RUN_CONFIG: &str = r#"
[analysis]
interval = "50ms"
count = 2
failure_limit = 1
inconclusive_limit = 0

[rollback]
step_wait = "50ms"
poll_interval = "20ms"

[steps.redeploy]
command = "echo deploying the previous version"
timeout = "30s"
"#;

#[test]
fn rollout_run() {
    for (name, description, args) in [
        (
            "rollout-run-dry-run",
            "swcache --dry-run rollout run --bake 2h (flag at 0 %)",
            &["--dry-run", "rollout", "run", "--bake", "2h"][..],
        ),
        (
            "rollout-run-healthy",
            "swcache --yes rollout run --bake 100ms --until 25 (flag at 0 %)",
            &[
                "--yes", "rollout", "run", "--bake", "100ms", "--until", "25",
            ][..],
        ),
    ] {
        let fx = Fx::new();
        std::fs::write(fx.home.path().join("swcache.toml"), ROLLOUT_RUN_CONFIG).unwrap();
        let command = || {
            // Each run starts from a disabled flag and no recorded run.
            fx.set_flag_percentage(0);
            let _ = std::fs::remove_dir_all(fx.home.path().join("state"));
            let mut cmd = fx.cmd();
            cmd.args(args);
            cmd
        };
        snapshot_three(name, description, &command, &fx);
    }
}

/// A run that ends before any report: its exit code, stdout (the JSON error document with
/// `--json`, else nothing) and stderr.
fn shown_with_stderr(r: &Run) -> String {
    format!("exit {}\n{}--- stderr\n{}", r.code, r.stdout, r.stderr)
}

#[test]
fn thresholds_show_bad_config() {
    let fx = Fx::new();
    let config = fx.home.path().join("bad.toml");
    std::fs::write(&config, "[thresholds]\nmax_error_rate = \"high\"\n").unwrap();
    let mut settings = insta::Settings::clone_current();
    for (from, to) in filters() {
        settings.add_filter(from, to);
    }
    settings.set_prepend_module_to_snapshot(false);
    settings.set_description("swcache --config bad.toml thresholds show");
    settings.bind(|| {
        for (suffix, extra) in [("80", None), ("120", None), ("json", Some("--json"))] {
            let mut cmd = fx.bare();
            cmd.arg("--config").arg(&config);
            match extra {
                Some(flag) => cmd.arg(flag),
                None => cmd.env("COLUMNS", suffix),
            };
            cmd.args(["thresholds", "show"]);
            let run = fx.run(&mut cmd);
            assert_eq!(run.code, 78, "{}\n{}", run.stdout, run.stderr);
            insta::assert_snapshot!(
                format!("thresholds-show-bad-config@{suffix}"),
                shown_with_stderr(&run)
            );
        }
    });
}
