//! The exit-code rule, over every kind of command's outcomes: checks report the figures;
//! actions report the outcome — 0 when what they did worked and the figures read after are
//! within target, 1 when it worked and something needs watching, 2 only when a critical
//! situation is still unhandled, 4 a failed action, 5 a stop.

use serde_json::json;

use crate::support::{Fx, ROLLBACK_STEPS};

/// The rollback steps, and a revert that serves the backup worker (an emergency rollback
/// without one stops short: exit 5, as it should).
fn config() -> String {
    let revert = r#"
[steps.revert_worker]
command = '''curl -sf -o /dev/null -X PATCH "$SWCACHE_URL/__sandbox/state" -H 'content-type: application/json' -d '{"worker_scripts":{"/sw-enhanced.js":"const SW_VERSION = \"v0.9.0\";"}}' '''
timeout = "30s"
"#;
    format!("{ROLLBACK_STEPS}{revert}")
}

struct Row {
    scenario: &'static str,
    args: &'static [&'static str],
    /// A fault to serve first (path, method, status).
    fault: Option<(&'static str, &'static str, u16)>,
    exit: i32,
    /// The JSON `figures`: what the checks found, whatever the outcome.
    figures: &'static str,
}

const ROWS: &[Row] = &[
    // Checks: the figures decide.
    Row {
        scenario: "error-critical",
        args: &["validate"],
        fault: None,
        exit: 2,
        figures: "critical",
    },
    Row {
        scenario: "error-critical",
        args: &["rollout", "status"],
        fault: None,
        exit: 2,
        figures: "critical",
    },
    Row {
        scenario: "healthy",
        args: &["validate"],
        fault: None,
        exit: 0,
        figures: "ok",
    },
    // Actions that worked: the outcome decides.
    Row {
        scenario: "storage-critical",
        args: &[
            "--yes",
            "incident",
            "storage-quota",
            "--recovery-wait",
            "5s",
        ],
        fault: None,
        exit: 0,
        figures: "critical",
    },
    Row {
        scenario: "error-critical",
        args: &["--yes", "incident", "error-rate"],
        fault: None,
        exit: 1,
        figures: "critical",
    },
    Row {
        scenario: "error-critical",
        args: &["--yes", "rollout", "set", "50", "--force"],
        fault: None,
        exit: 1,
        figures: "critical",
    },
    Row {
        scenario: "healthy",
        args: &["--yes", "rollout", "disable"],
        fault: None,
        exit: 0,
        figures: "ok",
    },
    Row {
        scenario: "healthy",
        args: &["--yes", "rollback", "emergency"],
        fault: None,
        exit: 0,
        figures: "ok",
    },
    // A storage cleanup that did not bring it back: the recovery watch FAILED (4).
    Row {
        scenario: "storage-stuck",
        args: &[
            "--yes",
            "incident",
            "storage-quota",
            "--recovery-wait",
            "1s",
        ],
        fault: None,
        exit: 4,
        figures: "critical",
    },
    // Not done: a held gate stops (5), a failed write is 4, whatever the figures.
    Row {
        scenario: "error-critical",
        args: &["--yes", "rollout", "set", "50"],
        fault: None,
        exit: 5,
        figures: "critical",
    },
    Row {
        scenario: "error-critical",
        args: &["--yes", "incident", "error-rate"],
        fault: Some(("/api/admin/feature-flags", "POST", 500)),
        exit: 4,
        figures: "critical",
    },
];

/// Still unhandled after acting: the rollback worked, but what is read after it (the served
/// worker, cached by browsers for a day) keeps clients on the bad worker — CRITICAL, exit 2.
#[test]
fn a_critical_figure_read_after_acting_is_still_critical() {
    let fx = Fx::new();
    std::fs::write(fx.home.path().join("swcache.toml"), config()).unwrap();
    fx.fault(
        json!({"path": "/sw-enhanced.js", "headers": {"cache-control": "public, max-age=86400"}}),
    );
    let run = fx.swcache(&["--json", "--yes", "rollback", "emergency"]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.json()["status"], "critical");
}

#[test]
fn actions_report_their_outcome_and_checks_their_figures() {
    for row in ROWS {
        let fx = Fx::scenario(row.scenario);
        std::fs::write(fx.home.path().join("swcache.toml"), config()).unwrap();
        if let Some((path, method, status)) = row.fault {
            fx.fault(json!({"path": path, "method": method, "status": status}));
        }
        let mut args = vec!["--json"];
        args.extend_from_slice(row.args);
        let run = fx.swcache(&args);
        let what = format!("{} {}", row.scenario, row.args.join(" "));
        assert_eq!(
            run.code, row.exit,
            "{what}:\n{}\n{}",
            run.stdout, run.stderr
        );
        let doc = run.json();
        assert_eq!(doc["figures"], row.figures, "{what}: {doc:#}");
        assert_eq!(doc["exit_code"], row.exit, "{what}");
    }
}
