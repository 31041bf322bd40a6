//! Plans executed by `act`: a plan's writes go out together, their read-backs follow them
//! together, each write is read back and audited on its own, and one that fails is FAILED
//! without taking the others with it.

use serde_json::{Value, json};

use crate::support::Fx;

/// The recorder's sequence number of the first request to `method path` (panics if none).
fn seq(requests: &[Value], method: &str, path: &str) -> u64 {
    requests
        .iter()
        .find(|r| r["method"] == method && r["path"] == path)
        .unwrap_or_else(|| panic!("no {method} {path} in {requests:#?}"))["seq"]
        .as_u64()
        .unwrap()
}

fn count(requests: &[Value], method: &str, path: &str) -> usize {
    requests
        .iter()
        .filter(|r| r["method"] == method && r["path"] == path)
        .count()
}

/// (action, outcome) of each audit line, in order.
fn audited(fx: &Fx) -> Vec<(String, String)> {
    fx.audit_lines()
        .iter()
        .map(|l| {
            (
                l["action"].as_str().unwrap().to_string(),
                // The audit log writes outcomes as the tables do (FAILED), the JSON in lower case.
                l["outcome"].as_str().unwrap().to_lowercase(),
            )
        })
        .collect()
}

fn outcomes(doc: &Value) -> Vec<(String, String)> {
    doc["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_string(),
                a["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn storage_incident_sends_both_writes_before_any_read_that_follows_them() {
    let fx = Fx::scenario("storage-critical");
    let run = fx.swcache(&[
        "--json",
        "--yes",
        "incident",
        "storage-quota",
        "--recovery-wait",
        "10s",
    ]);
    // Back within target after the cleanup: handled (exit 0).
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let requests = fx.requests();
    let writes = [
        seq(&requests, "POST", "/api/admin/emergency-cleanup"),
        seq(&requests, "POST", "/api/admin/update-cache-limits"),
    ];
    // Each of these is sent only once both writes are answered: none can come before either.
    for path in [
        "/api/admin/cache-config",
        "/api/storage-breakdown",
        "/api/large-cache-entries",
    ] {
        let read = seq(&requests, "GET", path);
        assert!(
            writes.iter().all(|w| *w < read),
            "{path} read before a write: {requests:#?}"
        );
    }
    assert_eq!(
        count(&requests, "GET", "/api/admin/cache-config"),
        1,
        "the limits are read back once"
    );
    let both = pairs(&[
        ("emergency cleanup", "done"),
        ("tighten cache limits", "done"),
    ]);
    assert_eq!(outcomes(&run.json()), both);
    assert_eq!(audited(&fx), both, "audited in the plan's order");
}

#[test]
fn a_write_whose_read_back_disagrees_fails_alone() {
    let fx = Fx::scenario("storage-critical");
    // The limits are accepted, but the config read back does not show them.
    fx.fault(json!({"path": "/api/admin/cache-config", "method": "GET",
        "set_field": "images-cache.maxEntries", "value": 999}));
    let run = fx.swcache(&[
        "--json",
        "--yes",
        "incident",
        "storage-quota",
        "--recovery-wait",
        "10s",
    ]);
    assert_eq!(run.code, 4, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let want = pairs(&[
        ("emergency cleanup", "done"),
        ("tighten cache limits", "failed"),
    ]);
    assert_eq!(outcomes(&doc), want);
    let detail = doc["actions"][1]["detail"].as_str().unwrap();
    assert!(
        detail.contains("did not confirm") && detail.contains("images-cache.maxEntries"),
        "{detail}"
    );
    assert_eq!(audited(&fx), want);
}

#[test]
fn weekly_apply_sends_one_config_write_for_every_cache_beside_the_cleanup() {
    let fx = Fx::scenario("storage-pressure");
    fx.patch_state(json!({
        "hit_rates": {"community-cache": {"ratio": 0.5}, "images-cache": {"ratio": 0.5}},
        "cache_config": {"community-cache": {"ttl": 300000}, "images-cache": {"ttl": 300000}}
    }));
    fx.clear_requests();
    let run = fx.swcache(&["--json", "--yes", "maintain", "weekly", "--apply"]);
    // Storage at 85 % is a finding (exit 2); what matters is that nothing FAILED nor stopped.
    assert!(
        ![4, 5].contains(&run.code),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    let requests = fx.requests();
    let writes: Vec<Value> = fx.writes();
    let mut paths: Vec<&str> = writes.iter().map(|w| w["path"].as_str().unwrap()).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/api/admin/cache-cleanup",
            "/api/admin/generate-report",
            "/api/admin/update-cache-config"
        ]
    );
    let config = writes
        .iter()
        .find(|w| w["path"] == "/api/admin/update-cache-config")
        .unwrap();
    assert_eq!(
        config["body"],
        json!({"community-cache": {"ttl": 600000}, "images-cache": {"ttl": 600000}})
    );
    // Round 1 reads the config and storage; round 3 reads them back, once each.
    assert_eq!(count(&requests, "GET", "/api/admin/cache-config"), 2);
    assert_eq!(count(&requests, "GET", "/api/cache-metrics"), 2);
    let last_write = writes.iter().map(|w| w["seq"].as_u64().unwrap()).max();
    let readbacks: Vec<u64> = requests
        .iter()
        .filter(|r| {
            r["method"] == "GET"
                && (r["path"] == "/api/admin/cache-config" || r["path"] == "/api/cache-metrics")
        })
        .map(|r| r["seq"].as_u64().unwrap())
        .collect();
    assert!(
        readbacks.iter().filter(|s| Some(**s) > last_write).count() == 2,
        "both read-backs follow every write: {requests:#?}"
    );
    let state = fx.state();
    assert_eq!(state["cache_config"]["community-cache"]["ttl"], 600000);
    assert_eq!(state["cache_config"]["images-cache"]["ttl"], 600000);
    let audit = audited(&fx);
    assert_eq!(audit.len(), 3, "{audit:?}");
    assert!(audit.iter().all(|(_, o)| o == "done"), "{audit:?}");
    assert_eq!(audit[0].0, "generate weekly report");
    assert!(
        audit[1].0.contains("community-cache") && audit[1].0.contains("images-cache"),
        "{audit:?}"
    );
}

#[test]
fn emergency_failed_flag_write_is_failed_and_the_cache_is_still_cleared() {
    let fx = Fx::new();
    fx.fault(json!({"path": "/api/admin/feature-flags", "method": "POST", "status": 500}));
    let run = fx.swcache(&["--json", "--yes", "rollback", "emergency"]);
    assert_eq!(run.code, 4, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let want = pairs(&[
        ("disable enhanced-cache", "failed"),
        ("clear service-worker cache", "done"),
    ]);
    assert_eq!(outcomes(&doc)[..2], want[..]);
    assert_eq!(audited(&fx)[..2], want[..]);
    assert_eq!(
        fx.flag()["enabled"],
        true,
        "the failed write changed nothing"
    );
}

#[test]
fn weekly_apply_dry_run_prints_every_write_and_sends_none() {
    let fx = Fx::scenario("storage-pressure");
    fx.patch_state(json!({"cache_config": {"images-cache": {"ttl": 300000}}}));
    let run = fx.swcache(&["--json", "--dry-run", "maintain", "weekly", "--apply"]);
    assert!(
        ![4, 5].contains(&run.code),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    assert!(fx.writes().is_empty());
    for path in [
        "/api/admin/generate-report",
        "/api/admin/update-cache-config",
        "/api/admin/cache-cleanup",
    ] {
        assert!(
            run.stderr.contains("would send POST") && run.stderr.contains(path),
            "{path}: {}",
            run.stderr
        );
    }
    assert!(fx.audit_lines().is_empty());
}
