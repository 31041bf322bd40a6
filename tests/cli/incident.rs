use serde_json::{Value, json};

use crate::support::{Fx, check};

fn posts(fx: &Fx, path: &str) -> Vec<Value> {
    fx.writes()
        .into_iter()
        .filter(|w| w["path"] == path)
        .collect()
}

#[test]
fn storage_incident_recovers_and_says_so() {
    let fx = Fx::scenario("storage-critical");
    let run = fx.swcache(&[
        "--json",
        "--yes",
        "incident",
        "storage-quota",
        "--recovery-wait",
        "10s",
        "--limit",
        "3",
    ]);
    // Critical found, then handled: storage read back within its target, nothing left to do.
    assert_eq!(
        run.code, 0,
        "critical found, then handled: {}\n{}",
        run.stdout, run.stderr
    );
    let doc = run.json();
    assert_eq!(check(&doc, "storage utilization (before)")["value"], 97.0);
    assert_eq!(check(&doc, "storage utilization (after)")["status"], "ok");
    assert_eq!(doc["verdict"]["below_critical"], true);
    assert_eq!(doc["verdict"]["below_target"], true);
    assert_eq!(doc["large_entries"].as_array().unwrap().len(), 3);
    assert!(doc["storage_breakdown"]["caches"].is_object());
    let cleanup = posts(&fx, "/api/admin/emergency-cleanup");
    assert_eq!(cleanup.len(), 1);
    assert_eq!(cleanup[0]["auth"], "valid");
    let limits = posts(&fx, "/api/admin/update-cache-limits");
    assert_eq!(
        limits[0]["body"],
        json!({"images-cache": {"maxEntries": 50}, "feed-cache": {"maxAgeSeconds": 300}})
    );
    assert!(
        doc["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["outcome"] == "done"),
        "{doc:#}"
    );
    let large = fx
        .requests()
        .into_iter()
        .find(|r| r["path"] == "/api/large-cache-entries")
        .unwrap();
    assert_eq!(large["query"], "limit=3");
    fx.assert_no_token(&run);
}

#[test]
fn storage_that_does_not_recover_is_not_resolved() {
    let fx = Fx::scenario("storage-stuck");
    let run = fx.swcache(&[
        "--json",
        "--yes",
        "incident",
        "storage-quota",
        "--recovery-wait",
        "1s",
    ]);
    assert_eq!(run.code, 4, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["verdict"]["below_critical"], false);
    assert!(
        doc["verdict"]["summary"]
            .as_str()
            .unwrap()
            .contains("NOT resolved")
    );
    let table = fx
        .swcache(&[
            "--yes",
            "incident",
            "storage-quota",
            "--recovery-wait",
            "1s",
        ])
        .stdout;
    assert!(!table.contains("back within"), "{table}");
    assert!(table.contains("NOT resolved"), "{table}");
    // What to do now follows the outcome: escalate, not "if it climbs again".
    assert!(table.contains("escalate: storage still 99 %"), "{table}");
    assert!(!table.contains("if it climbs again"), "{table}");
    assert!(table.contains("Status: FAILED (exit 4)"), "{table}");
}

#[test]
fn unreadable_storage_is_3_and_nothing_sent() {
    let fx = Fx::scenario("storage-critical");
    fx.fault(json!({"path": "/api/cache-metrics", "status": 500}));
    let run = fx.swcache(&["--json", "--yes", "incident", "storage-quota"]);
    assert_eq!(run.code, 3);
    assert!(run.stdout.contains("by hand"), "{}", run.stdout);
    assert!(fx.writes().is_empty());
}

#[test]
fn storage_incident_needs_confirmation_and_honours_dry_run() {
    let fx = Fx::scenario("storage-critical");
    let run = fx.swcache(&["--json", "incident", "storage-quota"]);
    assert_eq!(run.code, 5, "{}", run.stdout);
    assert!(fx.writes().is_empty());
    let run = fx.swcache(&["--json", "--dry-run", "incident", "storage-quota"]);
    assert_eq!(run.code, 2);
    let outcomes: Vec<Value> = run.json()["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["outcome"].clone())
        .collect();
    assert_eq!(outcomes, vec![json!("dry-run"), json!("dry-run")]);
    assert!(fx.writes().is_empty());
}

#[test]
fn healthy_storage_is_no_incident() {
    let fx = Fx::new();
    let run = fx.swcache(&["--yes", "incident", "storage-quota"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("no storage incident"), "{}", run.stdout);
    assert!(fx.writes().is_empty());
}

fn flag_writes(fx: &Fx) -> Vec<Value> {
    posts(fx, "/api/admin/feature-flags")
}

#[test]
fn low_error_rates_change_nothing() {
    for (rate, code) in [(2.0, 0), (5.0, 0)] {
        let fx = Fx::new();
        fx.set_flag_percentage(50);
        fx.fault(json!({"path": "/api/error-details", "set_field": "error_rate", "value": rate}));
        let run = fx.swcache(&["--json", "--yes", "incident", "error-rate"]);
        assert_eq!(run.code, code, "{rate}: {}", run.stdout);
        assert_eq!(run.json()["decision"]["action"], "nothing", "{rate}");
        assert!(fx.writes().is_empty(), "{rate}: 5.0 is not > 5");
    }
}

#[test]
fn high_error_rate_cuts_the_rollout_to_25_once() {
    let fx = Fx::scenario("error-spike");
    fx.set_flag_percentage(50);
    let run = fx.swcache(&["--json", "--yes", "incident", "error-rate"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let writes = fx.writes();
    assert_eq!(writes.len(), 1, "{writes:?}");
    assert_eq!(
        writes[0]["body"],
        json!({"enhanced-cache": {"percentage": 25}})
    );
    assert_eq!(
        writes[0]["auth"], "valid",
        "the guide forgot the token here; swcache does not"
    );
    assert_eq!(fx.flag()["percentage"], 25);
    let doc = run.json();
    assert_eq!(doc["decision"]["action"], "reduce");
    assert_eq!(doc["actions"][0]["outcome"], "done");
    assert!(doc["assessment"]["error_details"]["top_errors"].is_array());
    assert!(
        doc["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap().starts_with("watch next"))
    );
}

#[test]
fn an_incident_never_widens_exposure() {
    let fx = Fx::scenario("error-spike");
    let run = fx.swcache(&["--json", "--yes", "incident", "error-rate"]);
    // 7 % is CRITICAL in every command (past max_error_rate) and holding changed nothing: the
    // critical situation is still unhandled.
    assert_eq!(run.code, 2);
    assert_eq!(run.json()["decision"]["action"], "hold");
    assert!(
        flag_writes(&fx).is_empty(),
        "at 10 % with 7 % errors nothing is raised to 25 %"
    );
    assert_eq!(fx.flag()["percentage"], 10);
}

#[test]
fn cutting_the_rollout_asks_first() {
    let fx = Fx::scenario("error-spike");
    fx.set_flag_percentage(50);
    let run = fx.swcache(&["incident", "error-rate"]);
    assert_eq!(run.code, 5, "{}", run.stdout);
    assert!(fx.writes().is_empty());
    let run = fx.swcache(&["--dry-run", "--json", "incident", "error-rate"]);
    assert_eq!(run.json()["actions"][0]["outcome"], "dry-run");
    assert!(fx.writes().is_empty());
}

#[test]
fn critical_error_rate_takes_the_emergency_rollback_path() {
    let fx = Fx::scenario("error-critical");
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        r#"
[steps.revert_worker]
command = '''curl -sf -o /dev/null -X PATCH "$SWCACHE_URL/__sandbox/state" -H 'content-type: application/json' -d '{"worker_scripts":{"/sw-enhanced.js":"const SW_VERSION = \"v0.9.0\";"}}' '''
timeout = "30s"
"#,
    )
    .unwrap();
    let run = fx.swcache(&["--json", "--yes", "incident", "error-rate"]);
    // Handled: the emergency rollback worked; the error rate read before it is still to be
    // watched (exit 1), not an unhandled critical situation (2).
    assert_eq!(
        run.code, 1,
        "critical, handled: {}\n{}",
        run.stdout, run.stderr
    );
    let paths: Vec<Value> = fx.writes().iter().map(|w| w["path"].clone()).collect();
    assert!(
        paths.contains(&json!("/api/admin/feature-flags"))
            && paths.contains(&json!("/api/admin/clear-sw-cache")),
        "{paths:?}"
    );
    assert_eq!(
        flag_writes(&fx)[0]["body"],
        json!({"enhanced-cache": {"enabled": false}})
    );
    assert_eq!(fx.flag()["enabled"], false);
    let doc = run.json();
    assert_eq!(doc["decision"]["action"], "emergency-rollback");
    assert!(
        doc["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["outcome"] == "done"),
        "{:#}",
        doc["actions"]
    );
    fx.assert_no_token(&run);
}

#[test]
fn unknown_error_rate_is_3_and_no_write() {
    let faults = [
        json!({"path": "/api/error-details", "status": 500}),
        json!({"path": "/api/error-details", "drop_field": "error_rate"}),
        json!({"path": "/api/error-details", "body": "<html>502</html>", "content_type": "text/html"}),
    ];
    for fault in faults {
        let fx = Fx::scenario("error-critical");
        fx.fault(fault.clone());
        let run = fx.swcache(&["--json", "--yes", "incident", "error-rate"]);
        assert_eq!(run.code, 3, "{fault}: {}", run.stdout);
        assert!(fx.writes().is_empty(), "{fault}");
        assert!(
            run.stdout.contains("by hand"),
            "{fault}: says what to check"
        );
    }
}

/// A sandbox that accepts another token than the one given: the app answers 401 for real.
fn with_rejected_token(fx: &Fx) -> std::path::PathBuf {
    let wrong = fx.home.path().join("wrong.token");
    std::fs::write(&wrong, "not-the-sandbox-token\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrong, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    wrong
}

#[test]
fn a_rejected_token_shows_the_error_rate_and_says_it_cannot_act() {
    let fx = Fx::new();
    let wrong = with_rejected_token(&fx);
    let run = fx.run(
        fx.bare()
            .args(["--url", &fx.url, "--token-file"])
            .arg(&wrong)
            .args(["--json", "--yes", "incident", "error-rate"]),
    );
    assert_eq!(run.code, 3, "never OK: {}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert!(doc["assessment"]["error_details"].is_object(), "{doc:#}");
    let token = check(&doc, "admin token");
    assert_eq!(token["status"], "unknown");
    let detail = token["detail"].as_str().unwrap();
    assert!(
        detail.contains("cannot act") && detail.contains("401"),
        "{detail}"
    );
    assert!(fx.writes().is_empty());
    let table = fx.run(
        fx.bare()
            .args(["--url", &fx.url, "--token-file"])
            .arg(&wrong)
            .args(["--yes", "incident", "error-rate"]),
    );
    assert_eq!(table.code, 3);
    assert!(table.stdout.contains("cannot act"), "{}", table.stdout);
}

#[test]
fn no_token_still_shows_the_error_rate_and_never_acts() {
    // Low: the assessment, and that nothing could be done (3).
    let fx = Fx::new();
    let run = fx.run(fx.bare().args([
        "--url",
        &fx.url,
        "--json",
        "--yes",
        "incident",
        "error-rate",
    ]));
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["decision"]["action"], "nothing");
    assert!(
        check(&doc, "admin token")["detail"]
            .as_str()
            .unwrap()
            .contains("no admin token")
    );
    // Critical: the rollback it calls for is not attempted; the run stops (5), nothing sent.
    let fx = Fx::scenario("error-critical");
    let run = fx.run(fx.bare().args([
        "--url",
        &fx.url,
        "--json",
        "--yes",
        "incident",
        "error-rate",
    ]));
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["decision"]["action"], "emergency-rollback");
    assert!(
        doc["stopped"].as_str().unwrap().contains("cannot act"),
        "{doc:#}"
    );
    assert!(fx.writes().is_empty());
}
