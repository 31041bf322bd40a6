//! `incident error-rate` with `[analysis]`: the error rate measured over the window before
//! acting, against the sandbox. A decided window acts (passed: the usual decision on the last
//! reading within the line; failed: the emergency path); an inconclusive one writes nothing.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{Fx, Run};

fn config(fx: &Fx, analysis: &str) {
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        format!("[analysis]\n{analysis}"),
    )
    .unwrap();
}

fn details_reads(fx: &Fx) -> usize {
    fx.requests()
        .iter()
        .filter(|r| r["path"] == "/api/error-details")
        .count()
}

fn flag_bodies(fx: &Fx) -> Vec<Value> {
    fx.writes()
        .into_iter()
        .filter(|w| w["path"] == "/api/admin/feature-flags")
        .map(|w| w["body"].clone())
        .collect()
}

#[test]
fn a_persisting_spike_fails_the_window_and_takes_the_emergency_path() {
    let fx = Fx::scenario("error-critical");
    config(&fx, "interval = \"20ms\"\ncount = 3\nfailure_limit = 1\n");
    let run = fx.swcache(&["--json", "--yes", "incident", "error-rate"]);
    let doc = run.json();
    assert_eq!(doc["analysis"]["outcome"], "failed", "{}", run.stderr);
    assert_eq!(
        doc["analysis"]["measurements"].as_array().unwrap().len(),
        2,
        "failure limit 1: the second failure decides"
    );
    assert_eq!(doc["decision"]["action"], "emergency-rollback");
    assert_eq!(
        flag_bodies(&fx),
        vec![json!({"enhanced-cache": {"enabled": false}})]
    );
    // 5, not 2: [steps.revert_worker] is not configured here, so the emergency rollback is
    // incomplete (as without [analysis]).
    assert_eq!(run.code, 5, "{}", run.stderr);
    fx.assert_no_token(&run);
}

#[test]
fn an_unreadable_error_rate_is_inconclusive_exit_3_and_writes_nothing() {
    let fx = Fx::scenario("error-critical");
    config(
        &fx,
        "interval = \"20ms\"\ncount = 3\ninconclusive_limit = 1\n",
    );
    fx.fault(json!({"path": "/api/error-details", "status": 502}));
    let run = fx.swcache(&["--json", "--yes", "incident", "error-rate"]);
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(fx.writes().is_empty(), "{:?}", fx.writes());
    let doc = run.json();
    assert_eq!(doc["analysis"]["outcome"], "inconclusive");
    assert_eq!(doc["decision"]["action"], "unknown");
    let reason = doc["decision"]["reason"].as_str().unwrap();
    assert!(reason.contains("analysis INCONCLUSIVE"), "{reason}");
    assert!(run.stderr.contains("INCONCLUSIVE"), "{}", run.stderr);
}

#[test]
fn a_spike_within_the_failure_limit_passes_and_nothing_is_written() {
    // 12 % at the first reading, then 1 %: one failure, tolerated.
    let fx = Fx::scenario("error-critical");
    // The patch must land between the first and second readings: 2 s apart leaves room on a
    // loaded machine (a tolerance, not a timing assertion).
    config(&fx, "interval = \"2s\"\ncount = 3\nfailure_limit = 1\n");
    let child = fx.spawn(&["--json", "--yes", "incident", "error-rate"]);
    let until = Instant::now() + Duration::from_secs(30);
    while details_reads(&fx) == 0 {
        assert!(Instant::now() < until, "no first reading");
        std::thread::sleep(Duration::from_millis(10));
    }
    fx.patch_state(json!({"error_rate": 1}));
    let out = child.wait_with_output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    let doc = run.json();
    assert_eq!(doc["analysis"]["outcome"], "passed", "{}", run.stderr);
    let verdicts: Vec<&Value> = doc["analysis"]["measurements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["verdict"])
        .collect();
    assert_eq!(verdicts, [&json!("fail"), &json!("pass"), &json!("pass")]);
    assert_eq!(doc["decision"]["action"], "nothing");
    assert!(fx.writes().is_empty(), "{:?}", fx.writes());
    assert_eq!(run.code, 0, "{}", run.stderr);
}
