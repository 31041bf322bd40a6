//! Full control of the flag and one writer per environment: `rollout enable|disable`, a
//! disabled flag is not advanced, raising exposure is gated (every KPI, the bake time) unless
//! `--force`, the environment's write lock, a planned rollback's unfinished state, and the
//! status that says how the run ended.

use serde_json::json;

use crate::support::{Fx, wait_for};

#[test]
fn disable_then_advance_refuses_then_enable_starts_at_the_first_step() {
    let fx = Fx::new();
    fx.set_flag_percentage(50);
    let run = fx.swcache(&["--json", "--yes", "rollout", "disable"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["actions"][0]["outcome"], "done");
    assert_eq!(fx.flag()["enabled"], false);

    let run = fx.swcache(&["--json", "--yes", "rollout", "advance", "--force"]);
    assert_eq!(run.code, 5, "{}", run.stdout);
    let doc = run.json();
    assert_eq!(doc["status"], "stopped");
    let stopped = doc["stopped"].as_str().unwrap();
    assert!(
        stopped.contains("disabled") && stopped.contains("swcache rollout enable"),
        "{stopped}"
    );
    assert_eq!(fx.writes().len(), 1, "only the disable was written");

    // Enabling after a rollback starts at the schedule's first step, not at the old 50 %.
    let run = fx.swcache(&["--json", "--yes", "rollout", "enable"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(fx.flag()["enabled"], true);
    assert_eq!(fx.flag()["percentage"], 10);
    assert_eq!(
        fx.writes().last().unwrap()["body"],
        json!({"enhanced-cache": {"enabled": true, "percentage": 10}})
    );
    let again = fx.swcache(&["--json", "--yes", "rollout", "enable"]);
    assert_eq!(again.code, 0);
    assert!(again.stdout.contains("already enabled"), "{}", again.stdout);

    // A percentage may be given.
    fx.swcache(&["--yes", "rollout", "disable"]);
    let run = fx.swcache(&["--yes", "rollout", "enable", "25"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(fx.flag()["percentage"], 25);
}

#[test]
fn raising_past_a_held_gate_needs_force_lowering_does_not() {
    let fx = Fx::scenario("error-spike");
    fx.set_flag_percentage(25);
    let run = fx.swcache(&["--json", "--yes", "rollout", "set", "100"]);
    assert_eq!(run.code, 5, "{}", run.stdout);
    let doc = run.json();
    assert_eq!(doc["status"], "stopped");
    assert_eq!(doc["gate"]["open"], false);
    let stopped = doc["stopped"].as_str().unwrap();
    assert!(
        stopped.contains("error rate CRITICAL 7 %") && stopped.contains("--force"),
        "{stopped}"
    );
    assert!(fx.writes().is_empty());

    let table = fx.swcache(&["--yes", "rollout", "set", "100"]);
    assert!(
        table.stdout.contains("Status: STOPPED (exit 5)"),
        "{}",
        table.stdout
    );
    assert!(!table.stdout.contains("gate open"), "{}", table.stdout);

    let run = fx.swcache(&["--json", "--yes", "rollout", "set", "100", "--force"]);
    assert_eq!(run.json()["actions"][0]["outcome"], "done");
    // It worked; the error rate it was forced past is still critical: watch it (exit 1). The
    // figures still say so.
    assert_eq!(run.code, 1, "forced, done, to be watched");
    assert_eq!(run.json()["figures"], "critical");
    assert!(
        run.stdout
            .contains("--force: raising exposure past a held gate")
    );
    assert_eq!(fx.flag()["percentage"], 100);

    // Lowering exposure is never gated.
    let run = fx.swcache(&["--json", "--yes", "rollout", "set", "10"]);
    assert_eq!(run.json()["actions"][0]["outcome"], "done");
    assert_eq!(fx.flag()["percentage"], 10);
}

#[test]
fn a_sync_backlog_holds_the_gate() {
    let fx = Fx::scenario("sync-backlog");
    let run = fx.swcache(&["--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 5, "{}", run.stdout);
    let stopped = run.json()["stopped"].as_str().unwrap().to_string();
    assert!(
        stopped.contains("sync queue backlog WARNING 750 items"),
        "{stopped}"
    );
    assert!(fx.writes().is_empty());
}

#[test]
fn the_bake_comes_from_updated_at_else_the_audit_log_else_holds() {
    let fx = Fx::new();
    // Two weeks at 10 %: advance.
    let run = fx.swcache(&["--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["bake"]["source"], "app");
    assert_eq!(fx.flag()["percentage"], 25);
    // Just changed: the week's minimum holds it.
    let run = fx.swcache(&["--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 5);
    let stopped = run.json()["stopped"].as_str().unwrap().to_string();
    // The later of updatedAt and the audit log's record of that write (a moment after it).
    assert!(
        stopped.contains("not baked yet")
            && (stopped.contains("updatedAt") || stopped.contains("audit log")),
        "{stopped}"
    );
    assert_eq!(fx.flag()["percentage"], 25);

    // An app that reports no updatedAt: the audit log's last flag change (just now).
    fx.patch_state(json!({"flag": {"updatedAt": null}}));
    let run = fx.swcache(&["--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 5);
    assert_eq!(run.json()["bake"]["source"], "audit-log");
    // A minimum of zero lets it through.
    let run = fx.swcache(&["--json", "--yes", "rollout", "advance", "--min-bake", "0s"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(fx.flag()["percentage"], 50);

    // Neither: UNKNOWN holds unless --force.
    std::fs::remove_file(fx.audit_log()).unwrap();
    fx.patch_state(json!({"flag": {"updatedAt": null}}));
    let run = fx.swcache(&["--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 5);
    assert!(
        run.json()["stopped"]
            .as_str()
            .unwrap()
            .contains("bake UNKNOWN"),
        "{}",
        run.stdout
    );
    let run = fx.swcache(&["--json", "--yes", "rollout", "advance", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(fx.flag()["percentage"], 100);
}

#[test]
fn one_writer_per_environment_and_no_raise_during_a_planned_rollback() {
    let fx = Fx::new();
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        "[steps.redeploy]\ncommand = \"echo redeploy\"\n",
    )
    .unwrap();
    fx.set_flag_percentage(50);
    let child = fx.spawn(&[
        "--yes",
        "rollback",
        "planned",
        "--steps",
        "25,0",
        "--step-wait",
        "30s",
    ]);
    let state = fx
        .home
        .path()
        .join("state/swcache/rollback/planned-default.json");
    wait_for("the first step recorded", || {
        std::fs::read_to_string(&state)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|s| s["completed"].as_u64())
            .unwrap_or(0)
            >= 1
    });
    // Every writer waits its turn, whatever it writes; a read does not.
    for args in [
        &["--yes", "rollout", "set", "10"][..],
        &["--yes", "maintain", "daily"][..],
        &["--yes", "incident", "error-rate"][..],
    ] {
        let run = fx.swcache(args);
        assert_eq!(run.code, 5, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("another run holds the write lock of environment default")
                && run.stderr.contains("rollback planned"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert_eq!(fx.swcache(&["rollout", "status"]).code, 0);

    let ok = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(5));

    // Stopped, resumable: nothing may raise exposure until it is finished.
    for args in [
        &["--yes", "rollout", "set", "50", "--force"][..],
        &["--yes", "rollout", "advance", "--force"][..],
    ] {
        let run = fx.swcache(args);
        assert_eq!(run.code, 5, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("swcache rollback planned --resume"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert_eq!(fx.flag()["percentage"], 25);
}

#[test]
fn a_wrong_token_is_named_and_the_gate_is_not_called_open() {
    let fx = Fx::new();
    std::fs::write(&fx.token_file, "not-the-token\n").unwrap();
    let run = fx.swcache(&["rollout", "status"]);
    assert_eq!(run.code, 3, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("token rejected (401) — check the token file"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("gate open"), "{}", run.stdout);
    assert!(run.stdout.contains("gate HELD"), "{}", run.stdout);
}

#[test]
fn an_unreachable_host_is_one_line_naming_the_endpoints() {
    let fx = Fx::new();
    let run = fx.run(
        fx.bare()
            .args(["--url", "http://127.0.0.1:1", "--token-file"])
            .arg(&fx.token_file)
            .args(["--timeout", "2s", "rollout", "status"]),
    );
    assert_eq!(run.code, 3, "{}", run.stdout);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        // The notice line, not the verdict that ends the report.
        .filter(|l| l.trim_start().starts_with("UNKNOWN") && !l.contains("(exit 3)"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    for ep in [
        "/api/admin/feature-flags",
        "/api/cache-metrics",
        "/api/sync-status",
        "/api/error-metrics",
    ] {
        assert!(lines[0].contains(ep), "{ep}: {}", lines[0]);
    }
}
