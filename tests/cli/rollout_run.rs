//! `rollout run` against the sandbox, with sub-second bakes and analysis intervals: steps on
//! healthy figures, a hold on UNKNOWN figures, a rollback when a spike outlasts the failure
//! limit, `--until`, `--dry-run`, and resuming an interrupted run.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::support::{Fx, ROLLBACK_STEPS, finish, flag_percentages, wait_for};

/// Fast analysis (a reading every 50 ms, two failures tolerated: a spike must persist), a
/// fast planned rollback, and its redeploy and database steps.
const CONFIG: &str = r#"
[analysis]
interval = "50ms"
count = 2
failure_limit = 1
inconclusive_limit = 0

[rollback]
step_wait = "50ms"
poll_interval = "20ms"
"#;

fn fx() -> Fx {
    let fx = Fx::new();
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        format!("{CONFIG}{ROLLBACK_STEPS}"),
    )
    .unwrap();
    fx.set_flag_percentage(0);
    fx
}

fn state_file(fx: &Fx) -> PathBuf {
    fx.home
        .path()
        .join("state/swcache/rollout/run-default.json")
}

fn state(fx: &Fx) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(state_file(fx)).ok()?).ok()
}

#[test]
fn advances_through_every_step_on_healthy_figures() {
    let fx = fx();
    let run = fx.swcache(&["--json", "--yes", "rollout", "run", "--bake", "100ms"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["run"]["outcome"], "done");
    assert_eq!(
        flag_percentages(&fx),
        vec![json!(10), json!(25), json!(50), json!(100)]
    );
    assert_eq!(fx.flag()["percentage"], 100);
    // Each step analysed over its bake: at least three readings 50 ms apart, all passing.
    let steps = doc["run"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 4);
    for s in steps {
        let ms = s["analysis"]["measurements"].as_array().unwrap();
        assert!(ms.len() >= 3, "{s}");
        assert!(ms.iter().all(|m| m["verdict"] == "pass"), "{s}");
        assert_eq!(s["analysis"]["outcome"], "passed");
    }
    let audit = fx.audit_lines();
    assert_eq!(audit.len(), 4, "each step audited");
    assert!(audit.iter().all(|a| a["outcome"] == "done"));
    let st = state(&fx).unwrap();
    assert_eq!(st["status"], "done");
    assert_eq!(st["done"], json!([10, 25, 50, 100]));
    fx.assert_no_token(&run);
    assert!(
        !std::fs::read_to_string(state_file(&fx))
            .unwrap()
            .contains(&fx.token)
    );
}

#[test]
fn until_stops_after_that_step() {
    let fx = fx();
    let run = fx.swcache(&[
        "--json", "--yes", "rollout", "run", "--bake", "0s", "--until", "25",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(flag_percentages(&fx), vec![json!(10), json!(25)]);
    assert_eq!(fx.flag()["percentage"], 25);
    assert_eq!(state(&fx).unwrap()["status"], "done");
    // A step not in the schedule is a usage error, before anything is sent.
    fx.clear_requests();
    let run = fx.swcache(&["--yes", "rollout", "run", "--until", "30"]);
    assert_eq!(run.code, 64, "{}", run.stderr);
    assert!(fx.requests().is_empty());
}

#[test]
fn dry_run_prints_the_timeline_and_sends_nothing() {
    let fx = fx();
    let run = fx.swcache(&["--json", "--dry-run", "rollout", "run", "--bake", "2h"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["run"]["outcome"], "dry-run");
    assert_eq!(doc["run"]["bake_ms"], 7_200_000);
    assert_eq!(doc["run"]["on_failure"], "planned");
    let actions = doc["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 4);
    assert!(actions.iter().all(|a| a["outcome"] == "dry-run"));
    assert_eq!(
        actions[3]["body"],
        json!({"enhanced-cache": {"percentage": 100}})
    );
    assert!(fx.writes().is_empty(), "nothing sent");
    assert!(state(&fx).is_none(), "nothing recorded");
    let table = fx.swcache(&["--dry-run", "rollout", "run", "--bake", "2h"]);
    assert!(table.stdout.contains("Timeline"), "{}", table.stdout);
    assert!(table.plain().contains("2 h"), "{}", table.stdout);
    assert!(fx.writes().is_empty());
}

#[test]
fn unknown_figures_hold_the_run_where_it_stands_and_resume_goes_on() {
    let fx = fx();
    let child = fx.spawn(&["--json", "--yes", "rollout", "run", "--bake", "20s"]);
    wait_for("the first step", || fx.flag()["percentage"] == 10);
    // The metrics endpoint fails: readings are UNKNOWN, the analysis inconclusive.
    fx.fault(json!({"path": "/api/cache-metrics", "status": 502}));
    let run = finish(child);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["run"]["outcome"], "held");
    let stopped = doc["stopped"].as_str().unwrap();
    assert!(
        stopped.contains("held at 10 %") && stopped.contains("INCONCLUSIVE"),
        "{stopped}"
    );
    assert!(
        stopped.contains("UNKNOWN") && stopped.contains("--resume"),
        "{stopped}"
    );
    assert_eq!(
        flag_percentages(&fx),
        vec![json!(10)],
        "nothing lowered or raised"
    );
    let st = state(&fx).unwrap();
    assert_eq!(st["status"], "held");
    assert_eq!(st["current"], 10);

    // A new run does not overwrite a held one.
    let again = fx.swcache(&["--yes", "rollout", "run", "--bake", "0s"]);
    assert_eq!(again.code, 5, "{}", again.stderr);
    assert!(again.stderr.contains("--resume"), "{}", again.stderr);

    fx.clear_faults();
    fx.clear_requests();
    let run = fx.swcache(&[
        "--json", "--yes", "rollout", "run", "--bake", "0s", "--resume",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        flag_percentages(&fx),
        vec![json!(25), json!(50), json!(100)],
        "10 baked again, not written again"
    );
    assert_eq!(state(&fx).unwrap()["done"], json!([10, 25, 50, 100]));
}

#[test]
fn a_spike_past_the_failure_limit_takes_the_planned_rollback() {
    let fx = fx();
    let child = fx.spawn(&["--json", "--yes", "rollout", "run", "--bake", "20s"]);
    wait_for("the second step", || fx.flag()["percentage"] == 25);
    fx.patch_state(json!({"error_rate": 7}));
    let run = finish(child);
    // Rolled back: CRITICAL (2); the rollback's own outcome would raise it to 4 or 5.
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["run"]["outcome"], "rolled-back");
    assert_eq!(doc["failed_at"], 25);
    assert_eq!(doc["rollback"]["path"], "planned");
    assert_eq!(doc["rollback"]["finished"], true);
    let steps = doc["run"]["steps"].as_array().unwrap();
    let last = &steps.last().unwrap()["analysis"];
    assert_eq!(last["outcome"], "failed");
    let fails: Vec<&Value> = last["measurements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["verdict"] == "fail")
        .collect();
    assert_eq!(
        fails.len(),
        2,
        "failure_limit 1: the second failure decides"
    );
    assert!(
        fails[1]["decided_by"]
            .as_str()
            .unwrap()
            .contains("error rate CRITICAL 7 %"),
        "{}",
        fails[1]
    );
    // Up to 25, then stepped down by the planned rollback.
    assert_eq!(
        flag_percentages(&fx),
        vec![json!(10), json!(25), json!(10), json!(0)]
    );
    assert_eq!(fx.flag()["percentage"], 0);
    assert_eq!(state(&fx).unwrap()["status"], "rolled-back");
}

#[test]
fn an_interrupted_run_resumes_at_its_recorded_step() {
    let fx = fx();
    let child = fx.spawn(&["--yes", "rollout", "run", "--bake", "20s"]);
    wait_for("the second step", || {
        state(&fx).is_some_and(|s| s["done"] == json!([10]) && s["current"] == 25)
            && fx.flag()["percentage"] == 25
    });
    let ok = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let run = finish(child);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("interrupted by SIGINT"),
        "{}",
        run.stdout
    );
    let st = state(&fx).unwrap();
    assert_eq!(st["status"], "stopped");
    assert_eq!(st["done"], json!([10]));
    assert_eq!(st["current"], 25);

    fx.clear_requests();
    // The resumed run keeps the recorded plan (--until is refused with --resume).
    let run = fx.swcache(&[
        "--json", "--yes", "rollout", "run", "--bake", "0s", "--resume",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.json()["resumed"], true);
    assert_eq!(flag_percentages(&fx), vec![json!(50), json!(100)]);
    let bad = fx.swcache(&["rollout", "run", "--resume", "--until", "50"]);
    assert_eq!(bad.code, 64);
}

#[test]
fn on_failure_emergency_turns_the_flag_off() {
    let fx = fx();
    // A real revert: the step changes what the sandbox serves (as in tests/cli/rollback.rs).
    let revert = r#"
[steps.revert_worker]
command = '''curl -sf -o /dev/null -X PATCH "$SWCACHE_URL/__sandbox/state" -H 'content-type: application/json' -d '{"worker_scripts":{"/sw-enhanced.js":"const SW_VERSION = \"v0.9.0\";"}}' && echo reverted'''
timeout = "30s"
"#;
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        format!("{CONFIG}{ROLLBACK_STEPS}{revert}"),
    )
    .unwrap();
    let child = fx.spawn(&[
        "--json",
        "--yes",
        "rollout",
        "run",
        "--bake",
        "20s",
        "--on-failure",
        "emergency",
    ]);
    wait_for("the first step", || fx.flag()["percentage"] == 10);
    fx.patch_state(json!({"error_rate": 12}));
    let run = finish(child);
    let doc = run.json();
    assert_eq!(doc["run"]["outcome"], "rolled-back", "{}", run.stderr);
    assert_eq!(doc["rollback"]["path"], "emergency");
    assert_eq!(fx.flag()["enabled"], false);
    assert_eq!(doc["rollback"]["finished"], true, "{}", run.stdout);
    // Rolled back and the rollback finished: handled, to be watched (exit 1); the figures
    // still say what happened.
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(doc["figures"], "critical");
    assert_eq!(state(&fx).unwrap()["status"], "rolled-back");
}

/// The `--json` document's run keys are a contract: the plan, the outcome and each bake under
/// `run`, the state file beside it, `resumed` only on a resume; a gate that holds the first
/// step as `gate` and `bake`.
#[test]
fn the_run_document_keeps_its_keys() {
    let fx = fx();
    let run = fx.swcache(&[
        "--json", "--yes", "rollout", "run", "--bake", "0s", "--until", "10",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&doc["run"]),
        [
            "analysis",
            "bake_ms",
            "on_failure",
            "outcome",
            "schedule",
            "steps",
            "until"
        ]
    );
    assert_eq!(keys(&doc["run"]["steps"][0]), ["analysis", "step"]);
    assert!(
        doc["state_file"]
            .as_str()
            .unwrap()
            .ends_with("run-default.json")
    );
    assert!(doc.get("resumed").is_none(), "{doc:#}");
    assert!(doc.get("gate").is_none(), "{doc:#}");

    let held = Fx::scenario("error-spike");
    held.set_flag_percentage(10);
    let run = held.swcache(&["--json", "--yes", "rollout", "run", "--bake", "0s"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["run"]["outcome"], "held");
    assert_eq!(doc["run"]["steps"], json!([]));
    assert_eq!(keys(&doc["gate"]), ["failing", "open"]);
    assert_eq!(doc["gate"]["open"], false);
    assert!(doc["bake"]["ok"].is_boolean(), "{doc:#}");
    assert!(held.writes().is_empty());
}
