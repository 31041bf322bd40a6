//! `rollback emergency` fits one 80×24 screen: its whole output, stdout and stderr, counted
//! in the lines an 80-column terminal shows (a long line wraps), healthy and with a write
//! failing. Every fact stays in the JSON.

use serde_json::json;

use crate::support::{Fx, Run};

const COLUMNS: usize = 80;
const ROWS: usize = 24;

/// Lines on an 80-column terminal: a longer line takes more than one.
fn screen_lines(text: &str) -> usize {
    text.lines()
        .map(|l| l.chars().count().div_ceil(COLUMNS).max(1))
        .sum()
}

fn assert_fits(run: &Run, what: &str) {
    // On a terminal the report's last line is not repeated on stderr (here stdout is a pipe,
    // so it is): counted once, as a terminal shows it.
    let last = run.stdout.lines().last().unwrap_or_default();
    let stderr: String = run
        .stderr
        .lines()
        .filter(|l| !l.starts_with(last.trim_end_matches('…')))
        .map(|l| format!("{l}\n"))
        .collect();
    let lines = screen_lines(&run.stdout) + screen_lines(&stderr);
    assert!(
        lines <= ROWS,
        "{what}: {lines} lines at {COLUMNS} columns (at most {ROWS}):\n{}{}",
        run.stderr,
        run.stdout
    );
}

#[test]
fn healthy_sandbox_emergency_fits_one_screen() {
    let fx = Fx::new();
    let mut cmd = fx.bare();
    cmd.env("COLUMNS", COLUMNS.to_string())
        .args(["--sandbox", "--yes", "rollback", "emergency"]);
    let run = fx.run(&mut cmd);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    // The sandbox's stand-in revert ran (its long command is what used to wrap).
    assert!(
        run.stderr.contains("running step revert_worker: "),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("v0.9.0"), "{}", run.stdout);
    assert_fits(&run, "healthy");
}

/// The stand-in's shape: a long one-line command that PATCHes the sandbox's served worker.
fn long_revert_config(fx: &Fx) {
    let script = "// sw-enhanced.js: the backup\\nconst SW_VERSION = \\\"v0.9.0\\\";\\nself.addEventListener(\\\"install\\\", () => self.skipWaiting());\\n";
    let config = format!(
        "[steps.revert_worker]\ncommand = '''command -v curl >/dev/null 2>&1 || {{ echo 'needs curl' >&2; exit 127; }}; curl -sS -f --max-time 10 -o /dev/null -X PATCH \"$SWCACHE_URL/__sandbox/state\" -H 'content-type: application/json' --data-binary '{{\"worker_scripts\":{{\"/sw-enhanced.js\":\"{script}\"}}}}' && echo 'stand-in: /sw-enhanced.js now serves the backup'\n'''\ntimeout = \"30s\"\n"
    );
    std::fs::write(fx.home.path().join("swcache.toml"), config).unwrap();
}

#[test]
fn failed_flag_write_still_fits_one_screen_and_the_json_keeps_every_fact() {
    let fx = Fx::new();
    long_revert_config(&fx);
    fx.fault(json!({"path": "/api/admin/feature-flags", "method": "POST", "status": 500}));
    let mut cmd = fx.cmd();
    cmd.env("COLUMNS", COLUMNS.to_string())
        .args(["--yes", "rollback", "emergency"]);
    let run = fx.run(&mut cmd);
    assert_eq!(run.code, 4, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("FAILED"), "{}", run.stdout);
    assert!(
        run.stdout.contains("HTTP 500"),
        "the failure's cause is on screen: {}",
        run.stdout
    );
    assert_fits(&run, "flag write failing");

    // The JSON has what the screen leaves out: each request, the whole command, each verdict.
    let run = fx.swcache(&["--json", "--yes", "rollback", "emergency"]);
    let doc = run.json();
    let actions = doc["actions"].as_array().unwrap();
    let flag = &actions[0];
    assert_eq!(flag["name"], "disable enhanced-cache");
    assert!(
        flag["url"]
            .as_str()
            .unwrap()
            .ends_with("/api/admin/feature-flags")
    );
    assert!(
        flag["detail"]
            .as_str()
            .unwrap()
            .contains("POST /api/admin/feature-flags")
    );
    let step = actions
        .iter()
        .find(|a| a["name"] == "step revert_worker")
        .unwrap();
    assert!(
        step["url"]
            .as_str()
            .unwrap()
            .contains("now serves the backup"),
        "the whole command: {step}"
    );
    assert!(doc["worker"]["verdicts"][0]["detail"].is_string());
    assert!(doc["worker"]["before"][0]["last_modified"].is_string());
}
