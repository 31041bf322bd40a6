//! `rollout run` deciding on figures from a real Prometheus (scraping the sandbox every
//! second; see tests/cli/prometheus.rs): it advances on healthy figures, holds a step on a
//! failed measurement within the failure limit and rolls back when the spike persists past it,
//! and holds, writing nothing more, when a series disappears. Real seconds: few, bounded.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::prometheus::{Prometheus, config, get_text, host_port, run_with};
use crate::support::{Fx, ROLLBACK_STEPS, finish, flag_percentages, wait_for};

/// Sub-second analysis (one failure tolerated, no inconclusive one), a fast planned rollback.
const ANALYSIS: &str = r#"
[analysis]
interval = "500ms"
count = 2
failure_limit = 1
inconclusive_limit = 0

[rollback]
step_wait = "200ms"
poll_interval = "100ms"
"#;

/// The sandbox at 0 %, a Prometheus that has scraped it, and a config reading from it.
fn start() -> (Fx, Prometheus, PathBuf) {
    let fx = Fx::new();
    fx.set_flag_percentage(0);
    let prom = Prometheus::start(host_port(&fx.url));
    prom.wait_for("up{job=\"app\"}", |v| v == 1.0);
    prom.wait_for("app_error_ratio", |v| v >= 0.0);
    let cfg = config(&fx, &prom, &format!("{ANALYSIS}{ROLLBACK_STEPS}"));
    (fx, prom, cfg)
}

fn spawn(fx: &Fx, cfg: &std::path::Path, args: &[&str]) -> std::process::Child {
    let cfg = cfg.to_str().unwrap();
    let all: Vec<&str> = ["--config", cfg]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    fx.spawn(&all)
}

#[test]
fn advances_through_steps_on_healthy_figures_from_prometheus() {
    let (fx, _prom, cfg) = start();
    fx.clear_requests();
    let run = run_with(
        &fx,
        &cfg,
        &[
            "--json", "--yes", "rollout", "run", "--bake", "1s", "--until", "25",
        ],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["run"]["outcome"], "done");
    assert_eq!(flag_percentages(&fx), vec![json!(10), json!(25)]);
    for step in doc["run"]["steps"].as_array().unwrap() {
        assert_eq!(step["analysis"]["outcome"], "passed", "{step}");
        let ms = step["analysis"]["measurements"].as_array().unwrap();
        assert!(ms.len() >= 3, "a measurement every 500 ms over 1 s: {step}");
    }
    // The KPIs came from Prometheus, not the app's metric endpoints.
    let paths: Vec<Value> = fx.requests().iter().map(|r| r["path"].clone()).collect();
    assert!(
        !paths.contains(&json!("/api/cache-metrics"))
            && !paths.contains(&json!("/api/error-metrics")),
        "{paths:?}"
    );
}

/// A failed measurement within the failure limit holds the step (no advance while the window
/// runs); the spike persisting to a second failure fails it, and the planned rollback runs.
#[test]
fn a_persisting_spike_holds_the_step_then_rolls_back() {
    let (fx, prom, cfg) = start();
    let child = spawn(
        &fx,
        &cfg,
        &["--json", "--yes", "rollout", "run", "--bake", "20s"],
    );
    wait_for("the first step", || fx.flag()["percentage"] == 10);
    fx.patch_state(json!({"error_rate": 7}));
    prom.wait_for("app_error_ratio * 100", |v| (v - 7.0).abs() < 1e-9);
    let run = finish(child);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["run"]["outcome"], "rolled-back");
    assert_eq!(doc["failed_at"], 10);
    assert_eq!(doc["rollback"]["path"], "planned");
    let steps = doc["run"]["steps"].as_array().unwrap();
    let analysis = &steps.last().unwrap()["analysis"];
    assert_eq!(analysis["outcome"], "failed");
    let verdicts: Vec<&str> = analysis["measurements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["verdict"].as_str().unwrap())
        .collect();
    // Passes before the spike was scraped, then the first failure (held, within the limit),
    // then the second, which decides.
    assert_eq!(
        verdicts.iter().filter(|v| **v == "fail").count(),
        2,
        "{verdicts:?}"
    );
    assert_eq!(verdicts.last(), Some(&"fail"));
    assert!(
        verdicts[..verdicts.len() - 1].contains(&"fail"),
        "{verdicts:?}"
    );
    // Never past 10 %: the planned rollback took it to 0.
    assert_eq!(flag_percentages(&fx), vec![json!(10), json!(0)]);
}

/// The error-rate series vanishes from /metrics: Prometheus has no series, each reading is
/// UNKNOWN, the analysis inconclusive: held at 10 %, exit 5, nothing written after.
#[test]
fn a_vanished_series_holds_the_run_inconclusive() {
    let (fx, prom, cfg) = start();
    let child = spawn(
        &fx,
        &cfg,
        &["--json", "--yes", "rollout", "run", "--bake", "20s"],
    );
    wait_for("the first step", || fx.flag()["percentage"] == 10);
    let text = get_text(&format!("{}/metrics", fx.url)).expect("the sandbox serves /metrics");
    let without: String = text
        .lines()
        .filter(|l| !l.contains("app_error_ratio"))
        .map(|l| format!("{l}\n"))
        .collect();
    fx.fault(json!({
        "path": "/metrics",
        "body": without,
        "content_type": "text/plain; version=0.0.4",
    }));
    let run = finish(child);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["run"]["outcome"], "held");
    let stopped = doc["stopped"].as_str().unwrap();
    assert!(
        stopped.contains("held at 10 %") && stopped.contains("INCONCLUSIVE"),
        "{stopped}"
    );
    assert!(stopped.contains("no series"), "{stopped}");
    assert_eq!(
        flag_percentages(&fx),
        vec![json!(10)],
        "nothing written after"
    );
    drop(prom);
}
