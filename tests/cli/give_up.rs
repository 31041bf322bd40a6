//! Giving up on purpose: `rollout abort` ends an unfinished `rollout run` (the flag stays, or
//! `--rollback` takes that rollback), `rollback planned --abandon` ends a stopped planned
//! rollback (the flag stays). Both asked, planned under `--dry-run`, audited, and leave the
//! state marked so `--resume` refuses and a new run may start.

use serde_json::{Value, json};

use crate::run_resume::{signal, state};
use crate::support::{Fx, ROLLBACK_STEPS, finish, wait_for};

/// A `rollout run` stopped by SIGTERM while baking its first step (25 %, from 10 %).
fn stopped_run() -> Fx {
    let fx = Fx::new();
    fx.set_flag_percentage(10);
    let child = fx.spawn(&["--yes", "rollout", "run", "--bake", "30s"]);
    wait_for("the first step", || {
        fx.flag()["percentage"] == 25 && state(&fx).is_some_and(|s| s["current"] == 25)
    });
    signal(&child, "TERM");
    assert_eq!(finish(child).code, 5);
    fx.clear_requests();
    fx
}

fn audit_actions(fx: &Fx) -> Vec<Value> {
    fx.audit_lines()
        .into_iter()
        .map(|l| l["action"].clone())
        .collect()
}

#[test]
fn rollout_abort_asks_plans_ends_the_run_and_leaves_the_flag() {
    let fx = stopped_run();
    // No terminal, no --yes: declined, nothing changed (5).
    let run = fx.swcache(&["rollout", "abort"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(state(&fx).unwrap()["status"], "stopped");
    // --dry-run: the plan, nothing changed.
    let run = fx.swcache(&["--json", "--dry-run", "rollout", "abort"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["actions"][0]["outcome"], "dry-run");
    assert!(
        doc["notes"][0].as_str().unwrap().contains("the flag stays"),
        "{doc:#}"
    );
    assert_eq!(state(&fx).unwrap()["status"], "stopped");
    assert!(!audit_actions(&fx).contains(&json!("abort the rollout run")));

    let run = fx.swcache(&["--json", "--yes", "rollout", "abort"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(state(&fx).unwrap()["status"], "aborted");
    assert!(fx.writes().is_empty(), "the flag stays where it is");
    assert_eq!(fx.flag()["percentage"], 25);
    assert!(audit_actions(&fx).contains(&json!("abort the rollout run")));

    let resume = fx.swcache(&["--yes", "rollout", "run", "--resume"]);
    assert_ne!(resume.code, 0, "nothing to resume: {}", resume.stderr);
    assert!(
        resume.stderr.contains("nothing to resume"),
        "{}",
        resume.stderr
    );
    assert!(fx.writes().is_empty());
    let again = fx.swcache(&["--yes", "rollout", "abort"]);
    assert_eq!(again.code, 64, "nothing left to abort: {}", again.stderr);
    // A new run may start: not refused as unfinished (here its gate holds it: 25 % was set a
    // moment ago, so it has not baked).
    let fresh = fx.swcache(&["--yes", "rollout", "run"]);
    assert!(
        !fresh.stderr.contains("unfinished") && fresh.stdout.contains("gate held"),
        "{}\n{}",
        fresh.stdout,
        fresh.stderr
    );
}

#[test]
fn rollout_abort_with_the_emergency_rollback_turns_the_flag_off() {
    let fx = stopped_run();
    let run = fx.swcache(&[
        "--json",
        "--yes",
        "rollout",
        "abort",
        "--rollback",
        "emergency",
    ]);
    let doc = run.json();
    assert_eq!(doc["rollback"]["path"], "emergency", "{doc:#}");
    assert_eq!(fx.flag()["enabled"], false);
    let st = state(&fx).unwrap();
    assert!(
        st["status"] == "aborted" || st["status"] == "rolled-back",
        "{st}"
    );
    let resume = fx.swcache(&["--yes", "rollout", "run", "--resume"]);
    assert_ne!(resume.code, 0);
    assert!(audit_actions(&fx).contains(&json!("abort the rollout run")));
}

#[test]
fn rollback_planned_abandon_ends_a_stopped_rollback_and_leaves_the_flag() {
    let fx = Fx::new();
    std::fs::write(fx.home.path().join("swcache.toml"), ROLLBACK_STEPS).unwrap();
    fx.set_flag_percentage(50);
    let child = fx.spawn(&[
        "--yes",
        "rollback",
        "planned",
        "--step-wait",
        "30s",
        "--poll-interval",
        "100ms",
    ]);
    let path = fx
        .home
        .path()
        .join("state/swcache/rollback/planned-default.json");
    let planned =
        || -> Option<Value> { serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok() };
    wait_for("the first stage", || {
        planned().is_some_and(|s| s["completed"].as_u64() >= Some(1))
    });
    signal(&child, "INT");
    assert_eq!(finish(child).code, 5);
    fx.clear_requests();

    let run = fx.swcache(&["rollback", "planned", "--abandon"]);
    assert_eq!(run.code, 5, "asked, no terminal: {}", run.stderr);
    let run = fx.swcache(&["--json", "--dry-run", "rollback", "planned", "--abandon"]);
    assert_eq!(run.json()["actions"][0]["outcome"], "dry-run");
    assert_eq!(planned().unwrap()["status"], "stopped");

    let run = fx.swcache(&["--json", "--yes", "rollback", "planned", "--abandon"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(planned().unwrap()["status"], "abandoned");
    assert!(fx.writes().is_empty(), "the flag stays where it is");
    assert_eq!(fx.flag()["percentage"], 25);
    assert!(audit_actions(&fx).contains(&json!("abandon the planned rollback")));

    let resume = fx.swcache(&["--yes", "rollback", "planned", "--resume"]);
    assert_eq!(resume.code, 5, "nothing to resume: {}", resume.stderr);
    assert!(fx.writes().is_empty());
    // A new planned rollback may start: from 25 %.
    let fresh = fx.swcache(&[
        "--json",
        "--yes",
        "rollback",
        "planned",
        "--step-wait",
        "0s",
    ]);
    assert_eq!(fresh.code, 0, "{}\n{}", fresh.stdout, fresh.stderr);
    assert_eq!(fx.flag()["percentage"], 0);
}
