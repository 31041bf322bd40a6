//! `[analysis]` in `validate` and `rollout advance`: the figures judged over a window of
//! measurements against the sandbox, each measurement in the report, UNKNOWN inconclusive.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::{Fx, Run};

fn config(fx: &Fx, text: &str) {
    std::fs::write(fx.home.path().join("swcache.toml"), text).unwrap();
}

#[test]
fn validate_measures_count_times_and_reports_each_measurement() {
    let fx = Fx::new();
    config(&fx, "[analysis]\ninterval = \"50ms\"\ncount = 3\n");
    let run = fx.swcache(&["--json", "validate"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["analysis"]["outcome"], "passed");
    let ms = doc["analysis"]["measurements"].as_array().unwrap();
    assert_eq!(ms.len(), 3);
    assert!(
        ms.iter()
            .all(|m| m["verdict"] == "pass" && m["at"].is_string())
    );
    // Three readings of the error rate, not one.
    let reads = fx
        .requests()
        .into_iter()
        .filter(|r| r["path"] == "/api/error-metrics")
        .count();
    assert_eq!(reads, 3);
    let table = fx.swcache(&["validate"]);
    assert!(table.stdout.contains("Analysis"), "{}", table.stdout);
    assert!(
        table.stdout.contains("every figure within its target"),
        "{}",
        table.stdout
    );
}

#[test]
fn validate_with_unknown_figures_is_inconclusive_not_healthy() {
    let fx = Fx::new();
    config(
        &fx,
        "[analysis]\ninterval = \"20ms\"\ncount = 3\ninconclusive_limit = 1\n",
    );
    fx.fault(json!({"path": "/api/cache-metrics", "status": 502}));
    let run = fx.swcache(&["--json", "validate"]);
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["analysis"]["outcome"], "inconclusive");
    let ms = doc["analysis"]["measurements"].as_array().unwrap();
    assert_eq!(ms.len(), 2, "decided when the limit is passed");
    assert!(
        ms[1]["decided_by"].as_str().unwrap().contains("UNKNOWN"),
        "{}",
        ms[1]
    );
}

#[test]
fn validate_fails_when_a_spike_passes_the_failure_limit() {
    let fx = Fx::scenario("error-spike");
    config(
        &fx,
        "[analysis]\ninterval = \"20ms\"\ncount = 5\nfailure_limit = 1\n",
    );
    let run = fx.swcache(&["--json", "validate"]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["analysis"]["outcome"], "failed");
    assert_eq!(doc["analysis"]["measurements"].as_array().unwrap().len(), 2);
}

#[test]
fn advance_writes_only_after_the_window_passes() {
    let fx = Fx::new();
    config(&fx, "[analysis]\ninterval = \"50ms\"\ncount = 3\n");
    fx.set_flag_percentage(25);
    let run = fx.swcache(&["--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["analysis"]["outcome"], "passed");
    assert_eq!(doc["analysis"]["measurements"].as_array().unwrap().len(), 3);
    assert_eq!(fx.flag()["percentage"], 50);
}

#[test]
fn advance_holds_when_the_figures_turn_bad_during_the_window() {
    let fx = Fx::new();
    config(
        &fx,
        "[analysis]\ninterval = \"300ms\"\ncount = 30\nfailure_limit = 0\n",
    );
    fx.set_flag_percentage(25);
    let child = fx.spawn(&["--json", "--yes", "rollout", "advance"]);
    // The gate's snapshot and the first measurement have read the error rate: then it spikes.
    let until = Instant::now() + Duration::from_secs(30);
    while fx
        .requests()
        .iter()
        .filter(|r| r["path"] == "/api/error-metrics")
        .count()
        < 2
    {
        assert!(Instant::now() < until, "timed out waiting for the window");
        std::thread::sleep(Duration::from_millis(20));
    }
    fx.patch_state(json!({"error_rate": 7}));
    let out = child.wait_with_output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["analysis"]["outcome"], "failed");
    assert!(
        doc["stopped"]
            .as_str()
            .unwrap()
            .contains("error rate CRITICAL 7 %"),
        "{}",
        doc["stopped"]
    );
    assert!(fx.writes().is_empty(), "nothing written");
    assert_eq!(fx.flag()["percentage"], 25);
}
