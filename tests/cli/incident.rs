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
    assert_eq!(
        run.code, 2,
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
