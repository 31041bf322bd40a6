//! SIGINT and SIGTERM mid-run: a write in flight finishes and is recorded, nothing after it is
//! sent, the run says so and exits 5; running the command again goes on from there.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::Fx;

fn wait_until(mut cond: impl FnMut() -> bool) {
    for _ in 0..400 {
        if cond() {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("condition not met");
}

fn received(fx: &Fx, method: &str, path: &str) -> bool {
    fx.requests()
        .iter()
        .any(|r| r["method"] == method && r["path"] == path)
}

fn signal(child: &std::process::Child, sig: &str) {
    let ok = std::process::Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

fn finish(child: std::process::Child) -> (i32, Value, String) {
    let out = child.wait_with_output().unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        doc,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn sigint_mid_write_lets_its_round_finish_and_records_it() {
    let fx = Fx::scenario("storage-critical");
    fx.fault(json!({"path": "/api/admin/emergency-cleanup", "method": "POST", "delay_ms": 1500}));
    let child = fx.spawn(&[
        "--json",
        "--yes",
        "incident",
        "storage-quota",
        "--recovery-wait",
        "5s",
    ]);
    wait_until(|| received(&fx, "POST", "/api/admin/emergency-cleanup"));
    signal(&child, "-INT");
    let (code, doc, stderr) = finish(child);
    assert_eq!(code, 5, "{doc:#}\n{stderr}");
    assert!(stderr.contains("SIGINT received"), "{stderr}");
    assert!(
        doc["stopped"]
            .as_str()
            .unwrap()
            .contains("interrupted by SIGINT"),
        "{doc:#}"
    );
    // The cleanup and the limits are one round, sent together: both were in flight, both
    // finished, were read back and recorded.
    assert_eq!(
        doc["actions"][0]["outcome"], "done",
        "the write in flight finished"
    );
    assert_eq!(doc["actions"][1]["outcome"], "done", "{doc:#}");
    let audit = fx.audit_lines();
    let recorded: Vec<(&str, &str)> = audit
        .iter()
        .map(|l| {
            (
                l["action"].as_str().unwrap(),
                l["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        recorded,
        [
            ("emergency cleanup", "done"),
            ("tighten cache limits", "done")
        ]
    );

    // Running it again goes on from what the app now reads: the cleanup that finished brought
    // storage back within its target, so nothing more is needed (and nothing is repeated).
    let again = fx.swcache(&[
        "--yes",
        "incident",
        "storage-quota",
        "--recovery-wait",
        "5s",
    ]);
    assert_eq!(again.code, 0, "{}", again.stdout);
    assert!(
        again.stdout.contains("no storage incident"),
        "{}",
        again.stdout
    );
    assert_eq!(
        fx.requests()
            .iter()
            .filter(|r| r["path"] == "/api/admin/emergency-cleanup")
            .count(),
        1
    );
}

#[test]
fn sigterm_mid_apply_lets_the_round_in_flight_finish_and_records_it() {
    let fx = Fx::new();
    fx.patch_state(json!({"cache_config": {"images-cache": {"ttl": 300000}}}));
    fx.fault(json!({"path": "/api/admin/generate-report", "method": "POST", "delay_ms": 1500}));
    let child = fx.spawn(&["--json", "--yes", "maintain", "weekly", "--apply"]);
    wait_until(|| received(&fx, "POST", "/api/admin/generate-report"));
    signal(&child, "-TERM");
    let (code, doc, stderr) = finish(child);
    assert_eq!(code, 5, "{doc:#}\n{stderr}");
    assert!(doc["stopped"].as_str().unwrap().contains("SIGTERM"));
    // The report and the change are one round (neither needs the other): both went out, both
    // are read back and recorded, in the plan's order.
    let audit = fx.audit_lines();
    let recorded: Vec<&str> = audit
        .iter()
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        recorded,
        ["generate weekly report", "images-cache ttl: 5 min → 10 min"]
    );
    assert!(audit.iter().all(|l| l["outcome"] == "done"), "{audit:?}");
    assert_eq!(fx.state()["cache_config"]["images-cache"]["ttl"], 600000);
}

#[test]
fn sigint_during_reads_stops_at_once() {
    let fx = Fx::new();
    fx.fault(json!({"path": "/api/cache-metrics", "delay_ms": 30000}));
    let child = fx.spawn(&["--timeout", "25s", "validate"]);
    wait_until(|| received(&fx, "GET", "/api/cache-metrics"));
    signal(&child, "-INT");
    let (code, _, stderr) = finish(child);
    assert_eq!(code, 5);
    assert!(stderr.contains("no write was in flight"), "{stderr}");
    assert!(fx.writes().is_empty());
}
