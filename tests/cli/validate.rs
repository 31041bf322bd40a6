use serde_json::json;

use crate::support::{Fx, check};

#[test]
fn healthy_sandbox_validates_ok() {
    let fx = Fx::new();
    let run = fx.swcache(&["validate"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    for text in [
        "feed-cache hit rate",
        "storage utilization",
        "error rate",
        "worker version /sw-enhanced.js",
        "Status: OK (exit 0)",
    ] {
        assert!(
            run.stdout.contains(text),
            "table lacks {text}:\n{}",
            run.stdout
        );
    }
    let doc = fx.swcache(&["--json", "validate"]).json();
    assert_eq!(doc["status"], "ok");
    assert_eq!(doc["exit_code"], 0);
    assert_eq!(check(&doc, "feed-cache hit rate")["value"], 91.0);
    assert_eq!(check(&doc, "feed-cache hit rate")["target"], 85.0);
    assert_eq!(check(&doc, "error rate")["status"], "ok");
    assert_eq!(doc["worker"]["sw_status_version"], "v1.0.0");
    assert!(fx.writes().is_empty(), "validate writes nothing");
}

#[test]
fn reads_are_concurrent_and_only_reads() {
    let fx = Fx::new();
    fx.swcache(&["validate"]);
    let paths: Vec<String> = fx
        .requests()
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    for p in [
        "/api/cache-metrics",
        "/api/error-metrics",
        "/api/sw-status",
        "/sw-enhanced.js",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} not read: {paths:?}");
    }
}

#[test]
fn error_rate_above_limit_fails() {
    let fx = Fx::new();
    fx.fault(json!({"path": "/api/error-metrics", "set_field": "error_rate", "value": 6}));
    let run = fx.swcache(&["--json", "validate"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(check(&run.json(), "error rate")["status"], "critical");
}

#[test]
fn error_rate_at_limit_passes_and_flag_overrides_limit() {
    let fx = Fx::new();
    fx.fault(json!({"path": "/api/error-metrics", "set_field": "error_rate", "value": 5.0}));
    assert_eq!(fx.swcache(&["validate"]).code, 0, "5.0 is not > 5");
    let run = fx.swcache(&["--json", "validate", "--max-error-rate", "4"]);
    assert_eq!(run.code, 2);
    assert_eq!(check(&run.json(), "error rate")["critical"], 4.0);
}

#[test]
fn error_spike_scenario_is_non_zero() {
    let fx = Fx::scenario("error-spike");
    assert_ne!(fx.swcache(&["validate"]).code, 0);
}

#[test]
fn unreadable_figures_are_unknown_exit_3() {
    let faults = [
        json!({"path": "/api/error-metrics", "status": 503, "retry_after": "0"}),
        json!({"path": "/api/error-metrics", "drop_field": "error_rate"}),
        json!({"path": "/api/error-metrics", "set_field": "error_rate", "value": null}),
        json!({"path": "/api/error-metrics", "set_field": "error_rate", "value": "7"}),
        json!({"path": "/api/error-metrics", "body": "{\"error_rate\": 7"}),
        json!({"path": "/api/error-metrics", "body": "<html><body>Bad gateway</body></html>", "content_type": "text/html"}),
        json!({"path": "/api/cache-metrics", "set_field": "storage.percentage", "value": 180}),
        json!({"path": "/api/cache-metrics", "status": 500}),
    ];
    for fault in faults {
        let fx = Fx::new();
        fx.fault(fault.clone());
        let run = fx.swcache(&["--json", "validate"]);
        assert_eq!(run.code, 3, "{fault}: {}\n{}", run.stdout, run.stderr);
        let doc = run.json();
        assert_eq!(doc["status"], "unknown", "{fault}");
        let unknown: Vec<_> = doc["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] == "unknown")
            .collect();
        assert!(!unknown.is_empty());
        let path = fault["path"].as_str().unwrap();
        assert!(
            unknown
                .iter()
                .all(|c| c["detail"].as_str().unwrap().contains(path)),
            "{fault}: the reason names the endpoint: {unknown:?}"
        );
        assert!(unknown.iter().all(|c| c["value"].is_null()));
    }
}

#[test]
fn retries_503_then_succeeds() {
    let fx = Fx::new();
    fx.fault(json!({"path": "/api/error-metrics", "status": 503, "retry_after": "0", "times": 1}));
    let run = fx.swcache(&["validate"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let n = fx
        .requests()
        .iter()
        .filter(|r| r["path"] == "/api/error-metrics")
        .count();
    assert_eq!(n, 2, "one refused attempt, one retry");
}

#[test]
fn hung_endpoint_hits_the_deadline() {
    let fx = Fx::new();
    fx.fault(json!({"path": "/api/cache-metrics", "delay_ms": 30000}));
    let run = fx.swcache(&["--timeout", "1s", "--json", "validate"]);
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    let c = check(&run.json(), "storage utilization").clone();
    assert!(c["detail"].as_str().unwrap().contains("deadline"), "{c}");
}

#[test]
fn stale_worker_is_a_warning() {
    let fx = Fx::new();
    fx.fault(json!({"path": "/sw-enhanced.js", "body": "const SW_VERSION = \"v0.9.0\";", "content_type": "application/javascript"}));
    let run = fx.swcache(&["--json", "validate"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let c = check(&run.json(), "worker version /sw-enhanced.js").clone();
    assert!(c["detail"].as_str().unwrap().contains("v0.9.0"), "{c}");
}

#[test]
fn embedded_sandbox_runs_without_a_server() {
    let fx = Fx::new();
    let run = fx.run(fx.bare().args(["--sandbox", "--json", "validate"]));
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.json()["status"], "ok");
    let run = fx.run(
        fx.bare()
            .args(["--sandbox-scenario", "error-critical", "validate"]),
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
}
