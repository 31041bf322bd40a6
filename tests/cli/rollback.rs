//! `rollback emergency` and `rollback planned` against the sandbox: what is sent, what the
//! configured shell steps change, verification, signals, resume, the emergency switch.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::support::{Fx, ROLLBACK_STEPS, check, finish, wait_for};

/// A real revert: the step changes what the sandbox serves at /sw-enhanced.js. `$SWCACHE_URL`
/// is set for steps by swcache.
const REVERT: &str = r#"
[steps.revert_worker]
command = '''curl -sf -o /dev/null -X PATCH "$SWCACHE_URL/__sandbox/state" -H 'content-type: application/json' -d '{"worker_scripts":{"/sw-enhanced.js":"const SW_VERSION = \"v0.9.0\";"}}' && echo reverted'''
timeout = "30s"
"#;

/// Writes ./swcache.toml in the run's working directory (found without --config).
fn config(fx: &Fx, text: &str) {
    std::fs::write(fx.home.path().join("swcache.toml"), text).unwrap();
}

fn state_file(fx: &Fx) -> PathBuf {
    fx.home
        .path()
        .join("state/swcache/rollback/planned-default.json")
}

fn state(fx: &Fx) -> Option<Value> {
    let text = std::fs::read_to_string(state_file(fx)).ok()?;
    serde_json::from_str(&text).ok()
}

fn completed(fx: &Fx) -> u64 {
    state(fx).and_then(|s| s["completed"].as_u64()).unwrap_or(0)
}

/// The percentages written to the flag, in order.
fn flag_writes(fx: &Fx) -> Vec<Value> {
    fx.writes()
        .into_iter()
        .filter(|w| w["path"] == "/api/admin/feature-flags")
        .map(|w| w["body"]["enhanced-cache"].clone())
        .collect()
}

fn sigint(child: &std::process::Child) {
    let ok = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

fn assert_no_token_in_state(fx: &Fx) {
    let text = std::fs::read_to_string(state_file(fx)).unwrap();
    assert!(!text.contains(&fx.token), "token in the state file");
}

#[test]
fn emergency_disables_clears_reverts_and_verifies() {
    let fx = Fx::new();
    config(&fx, REVERT);
    let run = fx.swcache(&["--json", "--yes", "rollback", "emergency"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let writes = fx.writes();
    assert_eq!(writes.len(), 2, "exactly two writes: {writes:#?}");
    // Sent together: the order they arrive in is not the plan's to decide.
    let flag = writes
        .iter()
        .find(|w| w["path"] == "/api/admin/feature-flags")
        .expect("the flag write");
    assert_eq!(flag["body"], json!({"enhanced-cache": {"enabled": false}}));
    assert!(
        writes
            .iter()
            .any(|w| w["path"] == "/api/admin/clear-sw-cache")
    );
    assert!(writes.iter().all(|w| w["auth"] == "valid"));
    assert_eq!(fx.flag()["enabled"], false);

    let doc = run.json();
    let steps = doc["steps"].as_array().unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "disable enhanced-cache",
            "clear service-worker cache",
            "step revert_worker",
            "verify served worker"
        ]
    );
    assert!(
        steps
            .iter()
            .all(|s| s["outcome"] == "done" && s["duration_ms"].is_u64())
    );
    assert_eq!(doc["worker"]["after"][0]["version"], "v0.9.0");
    assert_eq!(doc["worker"]["before"][0]["version"], "v1.0.0");
    assert_eq!(
        check(&doc, "worker reverted /sw-enhanced.js")["status"],
        "ok"
    );
    assert!(
        run.stderr.contains("revert_worker | reverted"),
        "{}",
        run.stderr
    );

    let audit = fx.audit_lines();
    let actions: Vec<&str> = audit
        .iter()
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "disable enhanced-cache",
            "clear service-worker cache",
            "step revert_worker"
        ]
    );
    assert_eq!(audit[2]["request"]["method"], "RUN");
    fx.assert_no_token(&run);

    let table = fx.swcache(&["--yes", "rollback", "emergency"]).plain();
    assert!(
        table.contains("✓ disable enhanced-cache (read back, ")
            && table.contains(" ms)")
            && !table.contains("see Actions"),
        "one line per action, how it was confirmed and how long it took: {table}"
    );
}

#[test]
fn emergency_needs_a_confirmation_and_sends_nothing_without_one() {
    let fx = Fx::new();
    config(&fx, REVERT);
    let run = fx.swcache(&["--json", "rollback", "emergency"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert!(run.json()["stopped"].as_str().unwrap().contains("--yes"));
    assert!(fx.requests().is_empty(), "nothing sent at all");
    assert_eq!(fx.flag()["enabled"], true);
}

#[test]
fn emergency_failing_revert_exits_4_with_its_output() {
    let fx = Fx::new();
    config(
        &fx,
        "[steps.revert_worker]\ncommand = \"echo 'upload failed: AccessDenied' >&2; exit 7\"\n",
    );
    let run = fx.swcache(&["--json", "--yes", "rollback", "emergency"]);
    assert_eq!(run.code, 4, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("upload failed: AccessDenied"),
        "{}",
        run.stderr
    );
    let doc = run.json();
    let revert = doc["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "step revert_worker")
        .unwrap();
    assert_eq!(revert["outcome"], "failed");
    let detail = revert["detail"].as_str().unwrap();
    assert!(
        detail.contains("exit 7") && detail.contains("AccessDenied"),
        "{detail}"
    );
    // The flag and the cache were still handled: each takes users off the enhanced cache.
    assert_eq!(fx.writes().len(), 2);
}

#[test]
fn emergency_worker_that_did_not_change_exits_4() {
    let fx = Fx::new();
    config(&fx, "[steps.revert_worker]\ncommand = \"echo copied\"\n");
    let run = fx.swcache(&["--json", "--yes", "rollback", "emergency"]);
    assert_eq!(run.code, 4, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let c = check(&doc, "worker reverted /sw-enhanced.js");
    assert_eq!(c["status"], "critical");
    assert!(c["detail"].as_str().unwrap().contains("NOT changed"));
    let verify = doc["actions"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(verify["name"], "verify served worker");
    assert_eq!(verify["outcome"], "failed");
}

#[test]
fn emergency_unconfigured_revert_is_skipped_loudly_and_backup_hash_verifies() {
    let fx = Fx::new();
    let run = fx.swcache(&["--json", "--yes", "rollback", "emergency"]);
    assert_eq!(run.code, 5, "not a success: {}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("SKIPPED step revert_worker"),
        "{}",
        run.stderr
    );
    let doc = run.json();
    let revert = &doc["steps"][2];
    assert_eq!(revert["step"], "step revert_worker");
    assert_eq!(revert["outcome"], "skipped");
    assert!(doc["stopped"].as_str().unwrap().contains("NOT reverted"));

    // The served script equals the configured backup: verified, whatever the revert did.
    let sha = doc["worker"]["after"][0]["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    config(
        &fx,
        &format!(
            "[rollback]\nbackup_sha256 = {{ \"/sw-enhanced.js\" = \"{}\" }}\n[steps.revert_worker]\ncommand = \"true\"\n",
            sha.to_uppercase()
        ),
    );
    let run = fx.swcache(&["--json", "--yes", "rollback", "emergency"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let c = check(&run.json(), "worker reverted /sw-enhanced.js").clone();
    assert!(
        c["detail"].as_str().unwrap().contains("configured backup"),
        "{c}"
    );
}

#[test]
fn emergency_dry_run_sends_no_write() {
    let fx = Fx::new();
    config(&fx, REVERT);
    let run = fx.swcache(&["--json", "--dry-run", "rollback", "emergency"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(fx.writes().is_empty());
    assert!(
        run.stderr.contains("would run step revert_worker"),
        "{}",
        run.stderr
    );
    assert!(
        run.json()["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["outcome"] == "dry-run")
    );
}

#[test]
fn planned_from_50_steps_25_10_0() {
    let fx = Fx::new();
    config(&fx, ROLLBACK_STEPS);
    fx.set_flag_percentage(50);
    let run = fx.swcache(&[
        "--json",
        "--yes",
        "rollback",
        "planned",
        "--step-wait",
        "300ms",
        "--poll-interval",
        "100ms",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        flag_writes(&fx),
        vec![
            json!({"percentage": 25}),
            json!({"percentage": 10}),
            json!({"percentage": 0})
        ]
    );
    assert_eq!(fx.flag()["percentage"], 0);
    let doc = run.json();
    assert_eq!(doc["state"]["status"], "done");
    assert_eq!(
        check(&doc, "error rate during soak at 25 %")["status"],
        "ok"
    );
    check(&doc, "error rate during soak at 10 %");
    check(&doc, "worker version /sw-enhanced.js");
    check(&doc, "error rate");
    assert!(
        run.stderr
            .contains("redeploy | deploying the previous version")
    );
    let s = state(&fx).unwrap();
    assert_eq!(s["status"], "done");
    assert_eq!(s["completed"], 8);
    assert_no_token_in_state(&fx);
    fx.assert_no_token(&run);
}

#[test]
fn planned_from_10_steps_0_only() {
    let fx = Fx::new();
    config(&fx, ROLLBACK_STEPS);
    let run = fx.swcache(&[
        "--json",
        "--yes",
        "rollback",
        "planned",
        "--step-wait",
        "5m",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(flag_writes(&fx), vec![json!({"percentage": 0})]);
    assert!(
        !run.stderr.contains("soak at"),
        "one step: no soak: {}",
        run.stderr
    );
}

#[test]
fn planned_dry_run_prints_the_plan_and_sends_no_write() {
    let fx = Fx::new();
    config(&fx, ROLLBACK_STEPS);
    fx.set_flag_percentage(50);
    let run = fx.swcache(&["--dry-run", "rollback", "planned"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(fx.writes().is_empty());
    assert!(state(&fx).is_none(), "a dry run records nothing");
    for want in [
        "set rollout to 25 %",
        "soak at 25 % for 5 min",
        "set rollout to 0 %",
        "redeploy",
    ] {
        assert!(run.plain().contains(want), "{want}: {}", run.stdout);
    }
    assert!(
        run.plain().contains("at most 11 min"),
        "two 5 min soaks + redeploy and database_rollback timeouts of 30 s each: {}",
        run.stdout
    );
    let bad = fx.swcache(&["--yes", "rollback", "planned", "--steps", "10,50,0"]);
    assert_eq!(bad.code, 64, "{}", bad.stderr);
}

#[test]
fn planned_sigint_mid_soak_then_resume_repeats_and_skips_nothing() {
    let fx = Fx::new();
    config(&fx, ROLLBACK_STEPS);
    fx.set_flag_percentage(50);
    let child = fx.spawn(&[
        "--json",
        "--yes",
        "rollback",
        "planned",
        // Long enough for the signal to land inside the first soak; the resume soaks it again.
        "--step-wait",
        "2s",
        "--poll-interval",
        "100ms",
    ]);
    wait_for("the first step recorded", || completed(&fx) >= 1);
    sigint(&child);
    let run = finish(child);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("--resume"), "{}", run.stderr);
    let doc = run.json();
    assert!(doc["stopped"].as_str().unwrap().contains("SIGINT"));
    let s = state(&fx).unwrap();
    assert_eq!(s["status"], "stopped");
    assert_eq!(s["completed"], 1, "stopped in the soak after 25 %");
    assert_eq!(flag_writes(&fx), vec![json!({"percentage": 25})]);
    assert_no_token_in_state(&fx);

    let fresh = fx.swcache(&["--yes", "rollback", "planned"]);
    assert_eq!(fresh.code, 5, "an unfinished run is not silently replaced");
    assert!(fresh.stderr.contains("--resume"), "{}", fresh.stderr);

    let run = fx.swcache(&[
        "--json",
        "--yes",
        "rollback",
        "planned",
        "--resume",
        "--poll-interval",
        "100ms",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        flag_writes(&fx),
        vec![
            json!({"percentage": 25}),
            json!({"percentage": 10}),
            json!({"percentage": 0})
        ],
        "each step exactly once, in order"
    );
    let s = state(&fx).unwrap();
    assert_eq!(s["status"], "done");
    let again = fx.swcache(&["--yes", "rollback", "planned", "--resume"]);
    assert_eq!(again.code, 5, "nothing left to resume: {}", again.stderr);
}

/// `--steps` / `--step-wait` given again on resume, as `rollout run --resume` treats its plan
/// flags and `--bake`: other steps are refused naming both (nothing sent); another wait is said,
/// asked with the plan, and applies to the soaks left.
#[test]
fn planned_resume_refuses_other_steps_and_says_another_step_wait() {
    let fx = Fx::new();
    config(&fx, ROLLBACK_STEPS);
    fx.set_flag_percentage(50);
    let child = fx.spawn(&["--yes", "rollback", "planned", "--step-wait", "30s"]);
    wait_for("the first step recorded", || completed(&fx) >= 1);
    sigint(&child);
    assert_eq!(finish(child).code, 5);
    assert_eq!(flag_writes(&fx), vec![json!({"percentage": 25})]);

    let refused = fx.swcache(&[
        "--yes", "rollback", "planned", "--resume", "--steps", "25,0",
    ]);
    assert_eq!(refused.code, 64, "{}", refused.stderr);
    assert!(
        refused.stderr.contains(
            "--resume: --steps 25,0 (below the recorded start, 50 %: 25,0) differs from the \
             run's recorded steps 25,10,0: a resume keeps the plan it recorded; drop --steps, \
             or remove the state file to start afresh; nothing was sent"
        ),
        "{}",
        refused.stderr
    );
    assert_eq!(flag_writes(&fx), vec![json!({"percentage": 25})]);

    let started = std::time::Instant::now();
    let run = fx.swcache(&[
        "--json",
        "--yes",
        "rollback",
        "planned",
        "--resume",
        // The same steps as recorded are no change.
        "--steps",
        "50,25,10,0",
        "--step-wait",
        "100ms",
        "--poll-interval",
        "50ms",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("--resume: --step-wait 100ms instead of the recorded 30s"),
        "{}",
        run.stderr
    );
    assert!(
        run.json()["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "resumed with --step-wait 100ms instead of the recorded 30s"),
        "{}",
        run.stdout
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "the soaks left took the new wait (30 s each as recorded)"
    );
    assert_eq!(
        flag_writes(&fx),
        vec![
            json!({"percentage": 25}),
            json!({"percentage": 10}),
            json!({"percentage": 0})
        ]
    );
}

#[test]
fn planned_error_spike_during_soak_takes_the_emergency_path() {
    let fx = Fx::new();
    config(&fx, &format!("{REVERT}{ROLLBACK_STEPS}"));
    fx.set_flag_percentage(50);
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
    wait_for("the first step recorded", || completed(&fx) >= 1);
    fx.patch_state(json!({"error_rate": 12}));
    let run = finish(child);
    assert_eq!(
        run.code, 1,
        "critical, handled by the emergency rollback: {}\n{}",
        run.stdout, run.stderr
    );
    let mut writes: Vec<(String, Value)> = fx
        .writes()
        .into_iter()
        .map(|w| (w["path"].as_str().unwrap().to_string(), w["body"].clone()))
        .collect();
    // The step down, then the emergency's disable and cache clear, which go out together (in
    // either order).
    writes[1..].sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        writes,
        vec![
            (
                "/api/admin/feature-flags".into(),
                json!({"enhanced-cache": {"percentage": 25}})
            ),
            ("/api/admin/clear-sw-cache".into(), Value::Null),
            (
                "/api/admin/feature-flags".into(),
                json!({"enhanced-cache": {"enabled": false}})
            ),
        ]
    );
    let doc = run.json();
    assert_eq!(
        check(&doc, "error rate during soak at 25 %")["status"],
        "critical"
    );
    assert_eq!(
        check(&doc, "worker reverted /sw-enhanced.js")["status"],
        "ok"
    );
    assert_eq!(state(&fx).unwrap()["status"], "emergency");
    assert!(
        !run.stderr.contains("redeploy |"),
        "no redeploy after the emergency"
    );
}

#[test]
fn planned_second_concurrent_run_is_refused() {
    let fx = Fx::new();
    config(&fx, ROLLBACK_STEPS);
    fx.set_flag_percentage(50);
    let child = fx.spawn(&["--yes", "rollback", "planned", "--step-wait", "30s"]);
    wait_for("the first step recorded", || completed(&fx) >= 1);
    let second = fx.swcache(&["--yes", "rollback", "planned", "--resume"]);
    assert_eq!(second.code, 5, "{}", second.stderr);
    assert!(
        second
            .stderr
            .contains("the write lock of environment default")
            && second.stderr.contains("rollback planned"),
        "{}",
        second.stderr
    );
    sigint(&child);
    assert_eq!(finish(child).code, 5);
    assert_eq!(flag_writes(&fx), vec![json!({"percentage": 25})]);
}

#[test]
fn planned_failed_step_exits_4_and_resume_retries_only_it() {
    let fx = Fx::new();
    config(
        &fx,
        "[steps.redeploy]\ncommand = \"echo 'deploy: bucket gone' >&2; exit 3\"\n",
    );
    let run = fx.swcache(&["--json", "--yes", "rollback", "planned"]);
    assert_eq!(run.code, 4, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("bucket gone"));
    assert_eq!(
        state(&fx).unwrap()["completed"],
        1,
        "0 % done, redeploy not"
    );

    // Someone moves the flag meanwhile: resuming would fight them, so it refuses.
    fx.set_flag_percentage(5);
    let refused = fx.swcache(&["--yes", "rollback", "planned", "--resume"]);
    assert_eq!(refused.code, 5, "{}", refused.stderr);
    assert!(refused.stderr.contains("something else changed it"));
    fx.set_flag_percentage(0);

    config(&fx, ROLLBACK_STEPS);
    let run = fx.swcache(&["--json", "--yes", "rollback", "planned", "--resume"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(flag_writes(&fx).is_empty(), "0 % is not sent again");
    let steps: Vec<String> = run.json()["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(steps.len(), 3, "redeploy, database, validate: {steps:?}");
    assert!(steps[0].contains("redeploy"));
}

/// A colleague regroups the flag at the percentage the rollback left it: someone else's
/// change all the same (a rollback never sets the groups), so it stops before its next step
/// down instead of writing over them.
#[test]
fn planned_stops_when_someone_else_changes_the_user_groups() {
    let fx = Fx::new();
    config(&fx, ROLLBACK_STEPS);
    fx.set_flag_percentage(50);
    let child = fx.spawn(&[
        "--json",
        "--yes",
        "rollback",
        "planned",
        "--step-wait",
        "1s",
        "--poll-interval",
        "100ms",
    ]);
    wait_for("the first step recorded", || completed(&fx) >= 1);
    fx.foreign_flag_write(true, 25);
    let run = finish(child);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let why = run.json()["stopped"].as_str().unwrap().to_string();
    assert!(
        why.contains("user groups were changed") && why.contains("someone else"),
        "{why}"
    );
    assert_eq!(
        flag_writes(&fx),
        vec![
            json!({"percentage": 25}),
            json!({"enabled": true, "percentage": 25, "userGroups": ["someone-else"]}),
        ],
        "the rollback's 25 %, the colleague's regrouping, nothing after"
    );
}
