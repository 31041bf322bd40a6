//! `thresholds dashboard`: every panel query is valid PromQL and returns data when a real
//! Prometheus (Debian's `prometheus`) scrapes the sandbox's /metrics over loopback.

use std::net::TcpListener;
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::support::Fx;

struct Prometheus {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Prometheus {
    /// Scrapes `target` (host:port) every second.
    fn start(target: &str) -> Prometheus {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("prometheus.yml");
        std::fs::write(
            &config,
            format!(
                "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: sandbox\n    static_configs:\n      - targets: ['{target}']\n"
            ),
        )
        .unwrap();
        let port = free_port();
        let child = StdCommand::new("prometheus")
            .arg(format!("--config.file={}", config.display()))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("data").display()
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prometheus (Debian package `prometheus`) is needed; .ci/run installs it");
        Prometheus {
            child,
            url: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        }
    }

    /// `promtool query instant`: a PromQL error fails the command; the result as JSON.
    fn query(&self, expr: &str) -> Result<Value, String> {
        let out = StdCommand::new("promtool")
            .args(["query", "instant", "-o", "json", &self.url, expr])
            .output()
            .expect("promtool (Debian package `prometheus`) is needed");
        if !out.status.success() {
            return Err(format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())
    }
}

fn non_empty(v: &Value) -> bool {
    v.as_array().is_some_and(|a| !a.is_empty())
}

#[test]
fn every_panel_query_returns_data_from_a_real_prometheus() {
    let fx = Fx::scenario("storage-pressure");
    let run = fx.run(fx.bare().args(["thresholds", "dashboard"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dashboard = run.json();
    let panels = dashboard["panels"].as_array().unwrap();
    // The guide's three panels, then one per KPI with its bounds as thresholds.
    for title in [
        "Cache Hit Rates",
        "Storage Utilization",
        "Background Sync Queue",
    ] {
        assert!(panels.iter().any(|p| p["title"] == title), "{title}");
    }
    let storage = panels
        .iter()
        .find(|p| p["title"] == "storage utilization (%)")
        .unwrap();
    let steps = &storage["fieldConfig"]["defaults"]["thresholds"]["steps"];
    assert_eq!(
        (steps[1]["value"].as_f64(), steps[2]["value"].as_f64()),
        (Some(80.0), Some(95.0))
    );
    let exprs: Vec<String> = panels
        .iter()
        .flat_map(|p| p["targets"].as_array().unwrap().clone())
        .map(|t| t["expr"].as_str().unwrap().to_string())
        .collect();
    assert!(exprs.len() >= 14, "{exprs:?}");

    let target = fx.url.trim_start_matches("http://").trim_end_matches('/');
    let prom = Prometheus::start(target);
    // Wait (bounded) until the sandbox has been scraped.
    let mut scraped = false;
    for _ in 0..120 {
        if prom
            .query("up{job=\"sandbox\"} == 1")
            .is_ok_and(|v| non_empty(&v))
        {
            scraped = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    assert!(scraped, "prometheus never scraped the sandbox at {target}");
    for expr in &exprs {
        let result = prom.query(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
        assert!(non_empty(&result), "{expr} returned no data: {result}");
    }
    // The scenario's storage reaches the dashboard: 85 % used.
    let used = prom
        .query("cache_storage_used_bytes / cache_storage_total_bytes * 100")
        .unwrap();
    let v: f64 = used[0]["value"][1].as_str().unwrap().parse().unwrap();
    assert!((v - 85.0).abs() < 1.0, "{used}");
}

/// The sandbox's /metrics follows Prometheus conventions (the guide's `cache_hit_rate_total`
/// was a gauge with a counter's name).
#[test]
fn sandbox_metrics_pass_promtool() {
    let fx = Fx::new();
    let body = StdCommand::new("curl")
        .args(["-fsS", &format!("{}/metrics", fx.url)])
        .output()
        .unwrap();
    assert!(body.status.success());
    let mut check = StdCommand::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool (Debian package `prometheus`) is needed");
    std::io::Write::write_all(&mut check.stdin.take().unwrap(), &body.stdout).unwrap();
    let out = check.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
