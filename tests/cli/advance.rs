//! `rollout advance`: one step of the schedule, only through an open gate.

use serde_json::json;

use crate::support::Fx;

#[test]
fn advances_25_to_50_when_healthy() {
    let fx = Fx::new();
    fx.set_flag_percentage(25);
    let run = fx.swcache(&["--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["gate"]["open"], true);
    assert_eq!(doc["advance"], json!({"from": 25.0, "to": 50}));
    assert_eq!(doc["actions"][0]["outcome"], "done");
    assert_eq!(fx.flag()["percentage"], 50);
    let writes = fx.writes();
    assert_eq!(writes.len(), 1);
    assert_eq!(
        writes[0]["body"],
        json!({"enhanced-cache": {"percentage": 50}})
    );
    let audit = fx.audit_lines();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["outcome"], "done");
    assert!(
        audit[0]["command"]
            .as_str()
            .unwrap()
            .contains("rollout advance")
    );
    fx.assert_no_token(&run);
}

#[test]
fn error_rate_7_percent_holds_the_gate_and_writes_nothing() {
    let fx = Fx::scenario("error-spike");
    fx.set_flag_percentage(25);
    let run = fx.swcache(&["--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["gate"]["open"], false);
    let stopped = doc["stopped"].as_str().unwrap();
    assert!(
        stopped.contains("error rate CRITICAL 7 %") && stopped.contains("critical past 5 %"),
        "{stopped}"
    );
    assert!(doc["actions"].as_array().unwrap().is_empty());
    assert!(fx.writes().is_empty());
    assert_eq!(fx.flag()["percentage"], 25);
    assert!(fx.audit_lines().is_empty());
    let table = fx.swcache(&["--yes", "rollout", "advance"]);
    assert!(
        table
            .stdout
            .contains("gate HELD by: error rate CRITICAL 7 %"),
        "{}",
        table.stdout
    );
}

#[test]
fn metrics_502_holds_the_gate_and_writes_nothing() {
    let fx = Fx::new();
    fx.set_flag_percentage(25);
    fx.fault(json!({"path": "/api/cache-metrics", "status": 502}));
    let run = fx.swcache(&["--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let stopped = doc["stopped"].as_str().unwrap();
    assert!(
        stopped.contains("feed-cache hit rate")
            && stopped.contains("UNKNOWN (GET /api/cache-metrics: HTTP 502"),
        "{stopped}"
    );
    // One reason, said once.
    assert_eq!(stopped.matches("HTTP 502").count(), 1, "{stopped}");
    assert!(fx.writes().is_empty());
    assert_eq!(fx.flag()["percentage"], 25);
}

#[test]
fn at_100_there_is_nothing_to_do() {
    let fx = Fx::new();
    fx.set_flag_percentage(100);
    let run = fx.swcache(&["--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.json()["notes"][0]
            .as_str()
            .unwrap()
            .contains("nothing to do")
    );
    assert!(fx.writes().is_empty());
}

#[test]
fn custom_schedule_off_schedule_value_and_bad_schedules() {
    let fx = Fx::new();
    fx.set_flag_percentage(30);
    let run = fx.swcache(&[
        "--json",
        "-y",
        "rollout",
        "advance",
        "--schedule",
        "10,40,100",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fx.flag()["percentage"], 40);
    fx.clear_requests();
    for bad in ["50,25", "10,10", "10,250"] {
        let run = fx.swcache(&["-y", "rollout", "advance", "--schedule", bad]);
        assert_eq!(run.code, 64, "{bad}: {}", run.stderr);
    }
    assert!(fx.requests().is_empty(), "nothing sent on a usage error");
}

#[test]
fn without_a_terminal_or_yes_it_declines() {
    let fx = Fx::new();
    let run = fx.swcache(&["--json", "rollout", "advance"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.json()["actions"][0]["outcome"], "declined");
    assert!(fx.writes().is_empty());
    let run = fx.swcache(&["--json", "--dry-run", "rollout", "advance"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.json()["actions"][0]["outcome"], "dry-run");
    assert!(fx.writes().is_empty());
    assert_eq!(fx.flag()["percentage"], 10);
}
