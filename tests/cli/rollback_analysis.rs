//! `rollback planned` with `[analysis]` against the sandbox: a soak's error-rate readings are a
//! window. A spike that persists past the failure limit takes the emergency path; an error rate
//! that cannot be read stops the run at the soak, resumable, with nothing lowered further.

use serde_json::{Value, json};

use crate::support::{Fx, ROLLBACK_STEPS, Run, finish, wait_for};

const CONFIG: &str = r#"
[analysis]
count = 2
failure_limit = 1
inconclusive_limit = 0
"#;

fn fx() -> Fx {
    let fx = Fx::new();
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        format!("{CONFIG}{ROLLBACK_STEPS}"),
    )
    .unwrap();
    fx.set_flag_percentage(50);
    fx
}

fn state(fx: &Fx) -> Option<Value> {
    let path = fx
        .home
        .path()
        .join("state/swcache/rollback/planned-default.json");
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

fn flag_bodies(fx: &Fx) -> Vec<Value> {
    fx.writes()
        .into_iter()
        .filter(|w| w["path"] == "/api/admin/feature-flags")
        .map(|w| w["body"]["enhanced-cache"].clone())
        .collect()
}

fn soak_check(doc: &Value) -> Value {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "error rate during soak at 25 %")
        .cloned()
        .unwrap_or_else(|| panic!("no soak check: {doc:#}"))
}

fn doc_status(run: &Run) -> String {
    run.json()["status"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The first step recorded, then `change` made to the sandbox mid-soak.
fn spawn_then(fx: &Fx, change: impl FnOnce()) -> Run {
    let child = fx.spawn(&[
        "--json",
        "--yes",
        "rollback",
        "planned",
        "--step-wait",
        "30s",
        "--poll-interval",
        "100ms",
    ]);
    wait_for("the first step recorded", || {
        state(fx).is_some_and(|s| s["completed"].as_u64() >= Some(1))
    });
    change();
    finish(child)
}

#[test]
fn a_spike_past_the_failure_limit_mid_soak_takes_the_emergency_path() {
    let fx = fx();
    let run = spawn_then(&fx, || fx.patch_state(json!({"error_rate": 12})));
    let doc = run.json();
    assert_eq!(
        flag_bodies(&fx),
        vec![json!({"percentage": 25}), json!({"enabled": false})],
        "{}",
        run.stderr
    );
    let soak = soak_check(&doc);
    assert_eq!(soak["status"], "critical");
    assert!(
        soak["detail"].as_str().unwrap().contains("analysis FAILED"),
        "{soak}"
    );
    assert_eq!(state(&fx).unwrap()["status"], "emergency");
}

#[test]
fn an_unreadable_error_rate_mid_soak_stops_at_25_resumably() {
    let fx = fx();
    let run = spawn_then(&fx, || {
        fx.fault(json!({"path": "/api/error-metrics", "status": 502}))
    });
    // 5: stopped (resumable), as any planned rollback that stops.
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(doc_status(&run), "stopped");
    assert_eq!(
        flag_bodies(&fx),
        vec![json!({"percentage": 25})],
        "nothing lowered further, nothing raised"
    );
    let doc = run.json();
    assert_eq!(soak_check(&doc)["status"], "unknown");
    let st = state(&fx).unwrap();
    assert_eq!(st["completed"], 1, "the soak runs again on resume");
    assert_ne!(st["status"], "done");
    assert!(run.stderr.contains("INCONCLUSIVE"), "{}", run.stderr);
}
