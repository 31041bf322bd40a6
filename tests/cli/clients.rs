//! What clients run (`clients_by_version`): `validate` shows it, a lying count is UNKNOWN,
//! and `rollback emergency --wait-clients` watches clients leave the bad version on the
//! sandbox's clock (advanced by the test, never slept through).

use std::time::Duration;

use serde_json::{Value, json};

use crate::kill_switch::config;
use crate::support::{Fx, check};

/// A revert that changes what the sandbox serves, and a quick poll for the wait.
const REVERT: &str = r#"
[steps.revert_worker]
command = '''curl -sf -o /dev/null -X PATCH "$SWCACHE_URL/__sandbox/state" -H 'content-type: application/json' -d '{"worker_scripts":{"/sw-enhanced.js":"const SW_VERSION = \"v0.9.0\";"}}' && echo reverted'''
timeout = "30s"

[rollback]
poll_interval = "100ms"
"#;

#[test]
fn validate_shows_what_clients_run() {
    let fx = Fx::new();
    let run = fx.swcache(&["--json", "validate"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(
        doc["clients"],
        json!({"by_version": {"v1.0.0": 1180, "v0.9.0": 54}, "total": 1234, "source": "app"})
    );
    let table = fx.swcache(&["validate"]).plain();
    let line = table
        .lines()
        .find(|l| l.contains("clients by version"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(line.contains("v1.0.0 96 %, +1 more"), "{line}");
}

#[test]
fn an_app_that_does_not_report_clients_shows_no_line_and_stays_ok() {
    let fx = Fx::new();
    fx.patch_state(json!({"clients": {"reported": false}}));
    let run = fx.swcache(&["--json", "validate"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["clients"]["by_version"], Value::Null);
    assert!(!doc["checks"].to_string().contains("clients by version"));
}

#[test]
fn a_lying_count_makes_the_distribution_unknown() {
    for (lie, why) in [
        (json!(-5), "-5, a negative count"),
        (json!("many"), "the string \"many\", not a count"),
        (json!(1e15), "more than 1000000000"),
    ] {
        let fx = Fx::new();
        fx.patch_state(json!({"clients": {"by_version": {"v1.0.0": lie}}}));
        let run = fx.swcache(&["--json", "validate"]);
        assert_eq!(run.code, 3, "{lie}: {}\n{}", run.stdout, run.stderr);
        let doc = run.json();
        let c = check(&doc, "clients by version");
        assert_eq!(c["status"], "unknown");
        assert!(c["detail"].as_str().unwrap().contains(why), "{c}");
        assert_eq!(doc["clients"]["by_version"], Value::Null);
    }
}

/// Runs the emergency rollback with `--wait-clients`, stepping the sandbox's clock 5 minutes
/// at a time while it waits; returns the exit code and the report.
fn wait_with_clock(fx: &Fx, args: &[&str]) -> (i32, Value, String) {
    let mut child = fx.spawn(args);
    // A bound on the loop, not a time the test expects: 400 × 50 ms.
    for _ in 0..400 {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        fx.advance_clock(300);
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{stderr}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap_or(-1), doc, stderr)
}

#[test]
fn wait_clients_ends_ok_once_the_share_is_off_the_bad_version() {
    let fx = Fx::new();
    config(&fx, REVERT);
    let (code, doc, stderr) = wait_with_clock(
        &fx,
        &[
            "--json",
            "--yes",
            "rollback",
            "emergency",
            "--wait-clients",
            "95%",
            "--clients-deadline",
            "50s",
        ],
    );
    assert_eq!(code, 0, "{doc:#}\n{stderr}");
    let w = &doc["clients_wait"];
    assert_eq!(w["bad_version"], "v1.0.0");
    assert_eq!(w["reached"], true);
    assert!(w["share_percent"].as_f64().unwrap() >= 95.0, "{w}");
    // Clients went where the revert sent them.
    assert!(w["by_version"]["v0.9.0"].as_u64().unwrap() > 1100, "{w}");
    assert_eq!(check(&doc, "clients off v1.0.0")["status"], "ok");
}

#[test]
fn wait_clients_past_its_deadline_is_a_warning_naming_the_share_reached() {
    let fx = Fx::new();
    config(&fx, REVERT);
    // The clock is not advanced: a second of real time moves almost nobody.
    let run = fx.swcache(&[
        "--json",
        "--yes",
        "rollback",
        "emergency",
        "--wait-clients",
        "95",
        "--clients-deadline",
        "1s",
    ]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let w = &doc["clients_wait"];
    assert_eq!(w["reached"], false);
    let share = w["share_percent"].as_f64().unwrap();
    assert!(share < 95.0, "{w}");
    let c = check(&doc, "clients off v1.0.0");
    assert_eq!(c["status"], "warning");
    let detail = c["detail"].as_str().unwrap();
    assert!(
        detail.contains("short of 95 %") && detail.starts_with(&format!("{share} %")),
        "{detail}"
    );
    // The rollback itself is done and says so.
    assert_eq!(fx.flag()["enabled"], false);
}

#[test]
fn unknown_client_counts_are_never_progress() {
    let fx = Fx::new();
    config(&fx, REVERT);
    fx.patch_state(json!({"clients": {"by_version": {"v1.0.0": "many"}}}));
    let (code, doc, stderr) = wait_with_clock(
        &fx,
        &[
            "--json",
            "--yes",
            "rollback",
            "emergency",
            "--wait-clients",
            "95",
            "--clients-deadline",
            "1s",
        ],
    );
    assert_eq!(code, 3, "{doc:#}\n{stderr}");
    let c = check(&doc, "clients off v1.0.0");
    assert_eq!(c["status"], "unknown");
    assert!(c["detail"].as_str().unwrap().contains("\"many\""), "{c}");
    assert_eq!(doc["clients_wait"]["reached"], false);
    assert_eq!(doc["clients_wait"]["share_percent"], Value::Null);
}

#[test]
fn sigint_stops_the_wait_cleanly_after_the_rollback() {
    let fx = Fx::new();
    config(&fx, REVERT);
    let child = fx.spawn(&[
        "--json",
        "--yes",
        "rollback",
        "emergency",
        "--wait-clients",
        "95",
        "--clients-deadline",
        "5m",
    ]);
    crate::support::wait_for("the wait to start", || {
        fx.requests()
            .iter()
            .filter(|r| r["path"] == "/api/sw-status")
            .count()
            >= 2
    });
    let ok = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let out = child.wait_with_output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(5), "{doc:#}");
    assert!(
        doc["stopped"]
            .as_str()
            .unwrap()
            .contains("interrupted by SIGINT while waiting for clients"),
        "{doc:#}"
    );
    assert_eq!(fx.flag()["enabled"], false);
}

/// `[metrics.prometheus.queries] clients_by_version` against a real Prometheus scraping the
/// sandbox's `sw_clients{version}`: the same distribution, and a negative sample UNKNOWN.
#[test]
fn clients_by_version_from_prometheus_summed_by_version() {
    use crate::prometheus::{Prometheus, config as prom_config, host_port, run_with};
    let fx = Fx::new();
    let prom = Prometheus::start(host_port(&fx.url));
    prom.wait_for("sum(sw_clients)", |v| v == 1234.0);
    let cfg = prom_config(
        &fx,
        &prom,
        "[metrics.prometheus.queries]\nclients_by_version = \"sum by (version) (sw_clients)\"\n",
    );
    let run = run_with(&fx, &cfg, &["--json", "validate"]);
    let doc = run.json();
    assert_eq!(
        doc["clients"],
        json!({"by_version": {"v1.0.0": 1180, "v0.9.0": 54}, "total": 1234, "source": "prometheus"}),
        "{}",
        run.stderr
    );
    assert_eq!(check(&doc, "clients by version")["status"], "ok");

    fx.patch_state(json!({"clients": {"by_version": {"v1.0.0": -5}}}));
    prom.wait_for("min(sw_clients)", |v| v < 0.0);
    let run = run_with(&fx, &cfg, &["--json", "validate"]);
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    let c = check(&run.json(), "clients by version").clone();
    assert_eq!(c["status"], "unknown");
    assert!(c["detail"].as_str().unwrap().contains("outside ≥ 0"), "{c}");
}
