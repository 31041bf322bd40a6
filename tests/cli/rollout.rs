use serde_json::json;

use crate::support::{Fx, check};

#[test]
fn status_shows_flag_and_gate() {
    let fx = Fx::new();
    let run = fx.swcache(&["--json", "rollout", "status"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["flag"]["percentage"], 10.0);
    assert_eq!(doc["flag"]["enabled"], true);
    assert_eq!(doc["gate"]["open"], true);
    let table = fx.swcache(&["rollout", "status"]).stdout;
    assert!(table.contains("gate open"), "{table}");
}

#[test]
fn status_gate_held_by_error_spike() {
    let fx = Fx::scenario("error-critical");
    let run = fx.swcache(&["--json", "rollout", "status"]);
    assert_eq!(run.code, 2);
    let doc = run.json();
    assert_eq!(doc["gate"]["open"], false);
    assert!(
        doc["gate"]["failing"][0]
            .as_str()
            .unwrap()
            .contains("error rate")
    );
}

#[test]
fn set_with_yes_writes_reads_back_and_audits() {
    let fx = Fx::new();
    let run = fx.swcache(&["--json", "--yes", "rollout", "set", "25"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["actions"][0]["outcome"], "done");
    assert_eq!(fx.flag()["percentage"], 25);
    let writes = fx.writes();
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0]["path"], "/api/admin/feature-flags");
    assert_eq!(
        writes[0]["body"],
        json!({"enhanced-cache": {"percentage": 25}})
    );
    assert_eq!(writes[0]["auth"], "valid");
    let audit = fx.audit_lines();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["outcome"], "done");
    assert_eq!(
        audit[0]["request"]["body"]["enhanced-cache"]["percentage"],
        25
    );
    assert!(
        audit[0]["command"]
            .as_str()
            .unwrap()
            .contains("rollout set 25")
    );
    fx.assert_no_token(&run);
}

#[test]
fn set_groups() {
    let fx = Fx::new();
    let run = fx.swcache(&["-y", "rollout", "set", "10", "--groups", "beta-testers"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(fx.flag()["userGroups"], json!(["beta-testers"]));
}

#[test]
fn set_out_of_range_is_a_usage_error_and_sends_nothing() {
    let fx = Fx::new();
    for pct in ["150", "101", "-5", "ten"] {
        let run = fx.swcache(&["--yes", "rollout", "set", pct]);
        assert_eq!(run.code, 64, "{pct}: {}", run.stderr);
    }
    assert!(fx.requests().is_empty(), "nothing sent at all");
}

#[test]
fn raising_without_terminal_or_yes_stops_with_5() {
    let fx = Fx::new();
    let run = fx.swcache(&["--json", "rollout", "set", "25"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.json()["actions"][0]["outcome"], "declined");
    assert!(fx.writes().is_empty());
    assert_eq!(fx.flag()["percentage"], 10);
}

#[test]
fn lowering_needs_no_confirmation() {
    let fx = Fx::new();
    fx.set_flag_percentage(50);
    let run = fx.swcache(&["rollout", "set", "25"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(fx.flag()["percentage"], 25);
}

#[test]
fn dry_run_sends_no_write() {
    let fx = Fx::new();
    let run = fx.swcache(&["--dry-run", "--json", "rollout", "set", "25"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["actions"][0]["outcome"], "dry-run");
    assert_eq!(
        doc["actions"][0]["body"],
        json!({"enhanced-cache": {"percentage": 25}})
    );
    assert!(run.stderr.contains("would send POST"), "{}", run.stderr);
    assert!(fx.writes().is_empty());
    assert!(fx.audit_lines().is_empty());
}

#[test]
fn same_value_is_not_rewritten() {
    let fx = Fx::new();
    let run = fx.swcache(&["--json", "rollout", "set", "10"]);
    assert_eq!(run.code, 0);
    assert!(run.json()["actions"].as_array().unwrap().is_empty());
    assert!(fx.writes().is_empty());
}

#[test]
fn unreadable_flag_writes_nothing() {
    let fx = Fx::new();
    fx.fault(json!({"path": "/api/admin/feature-flags", "method": "GET", "set_field": "enhanced-cache.percentage", "value": null}));
    let run = fx.swcache(&["--json", "--yes", "rollout", "set", "25"]);
    assert_eq!(run.code, 3, "{}", run.stdout);
    assert_eq!(
        check(&run.json(), "enhanced-cache flag")["status"],
        "unknown"
    );
    assert!(fx.writes().is_empty());
}

#[test]
fn failed_write_exits_4() {
    let fx = Fx::new();
    fx.fault(json!({"path": "/api/admin/feature-flags", "method": "POST", "status": 500}));
    let run = fx.swcache(&["--json", "--yes", "rollout", "set", "25"]);
    assert_eq!(run.code, 4, "{}", run.stdout);
    let a = &run.json()["actions"][0];
    assert_eq!(a["outcome"], "failed");
    assert!(a["detail"].as_str().unwrap().contains("HTTP 500"));
    assert_eq!(fx.audit_lines()[0]["outcome"], "FAILED");
}

#[test]
fn write_not_confirmed_by_read_back_exits_4() {
    let fx = Fx::new();
    // The write is accepted, but the flag keeps reading 10.
    fx.fault(json!({"path": "/api/admin/feature-flags", "method": "GET", "set_field": "enhanced-cache.percentage", "value": 10}));
    let run = fx.swcache(&["--json", "--yes", "rollout", "set", "25"]);
    assert_eq!(run.code, 4, "{}", run.stdout);
    let detail = run.json()["actions"][0]["detail"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(detail.contains("reading back did not confirm"), "{detail}");
}

#[test]
fn missing_token_is_refused_before_sending() {
    let fx = Fx::new();
    let run = fx.run(
        fx.bare()
            .args(["--url", &fx.url, "--yes", "rollout", "set", "25"]),
    );
    assert_eq!(run.code, 78, "{}", run.stderr);
    assert!(
        run.stderr.contains("needs the admin token"),
        "{}",
        run.stderr
    );
    assert!(fx.requests().is_empty());
}
