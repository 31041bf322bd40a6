//! `[metrics] source = "prometheus"` against a real Prometheus server (Debian's `prometheus`,
//! which .ci/test installs) scraping the sandbox's /metrics every second on loopback. These
//! take real seconds (a scrape must land), so they are few and each wait is bounded.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{Fx, check};

const PROMETHEUS: &str = "/usr/bin/prometheus";
/// Long enough for Prometheus to start and scrape on a loaded CI machine; a bound, not a time
/// the tests expect to take.
const WAIT: Duration = Duration::from_secs(45);

/// A Prometheus server of the test's own: loopback, a free port, a temporary TSDB, scraping
/// `target` (`host:port`) every second. Killed when dropped.
pub struct Prometheus {
    child: Option<Child>,
    pub url: String,
    _dir: tempfile::TempDir,
}

impl Prometheus {
    pub fn start(target: &str) -> Prometheus {
        assert!(
            std::path::Path::new(PROMETHEUS).exists(),
            "{PROMETHEUS} is missing: install Debian's `prometheus` package (.ci/test does)"
        );
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("prometheus.yml");
        std::fs::write(
            &config,
            format!(
                "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n\
                 scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['{target}']\n"
            ),
        )
        .unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = std::fs::File::create(dir.path().join("prometheus.log")).unwrap();
        let child = Command::new(PROMETHEUS)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("tsdb").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .arg("--log.level=warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("prometheus starts");
        Prometheus {
            child: Some(child),
            url: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        }
    }

    /// The answer to an instant query, or `None` while the server is not answering.
    pub fn query(&self, q: &str) -> Option<Value> {
        let url =
            reqwest::Url::parse_with_params(&format!("{}/api/v1/query", self.url), &[("query", q)])
                .ok()?;
        serde_json::from_str(&get_text(url.as_str())?).ok()
    }

    /// Waits (bounded) until `q` returns exactly one sample whose value satisfies `ok`.
    pub fn wait_for(&self, q: &str, ok: impl Fn(f64) -> bool) {
        let started = Instant::now();
        loop {
            let value = self.query(q).and_then(|doc| {
                let result = doc["data"]["result"].as_array()?.clone();
                match result.as_slice() {
                    [one] => one["value"][1].as_str()?.parse::<f64>().ok(),
                    _ => None,
                }
            });
            if value.is_some_and(&ok) {
                return;
            }
            assert!(
                started.elapsed() < WAIT,
                "Prometheus at {} did not answer `{q}` as expected within {WAIT:?} (last: {value:?}); log:\n{}",
                self.url,
                std::fs::read_to_string(self._dir.path().join("prometheus.log"))
                    .unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        self.stop();
    }
}

/// GET a URL's body (2 s deadline), `None` on any failure.
pub fn get_text(url: &str) -> Option<String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .ok()?;
        client.get(url).send().await.ok()?.text().await.ok()
    })
}

pub fn host_port(url: &str) -> &str {
    url.trim_start_matches("http://").trim_end_matches('/')
}

/// A config reading figures from `prom`, with `extra` appended (query overrides).
pub fn config(fx: &Fx, prom: &Prometheus, extra: &str) -> PathBuf {
    let path = fx.home.path().join("prom.toml");
    std::fs::write(
        &path,
        format!(
            "[metrics]\nsource = \"prometheus\"\n\n[metrics.prometheus]\nurl = \"{}\"\ntimeout = \"3s\"\nmax_age = \"1m\"\n{extra}",
            prom.url
        ),
    )
    .unwrap();
    path
}

pub fn run_with(fx: &Fx, config: &PathBuf, args: &[&str]) -> crate::support::Run {
    let mut cmd = fx.cmd();
    cmd.arg("--config").arg(config).args(args);
    fx.run(&mut cmd)
}

/// Waits (bounded) until validate from Prometheus shows `name` as `want` says.
fn validate_until(
    fx: &Fx,
    cfg: &PathBuf,
    name: &str,
    want: impl Fn(&Value) -> bool,
) -> crate::support::Run {
    let started = Instant::now();
    loop {
        let run = run_with(fx, cfg, &["--json", "validate"]);
        if want(check(&run.json(), name)) {
            return run;
        }
        assert!(
            started.elapsed() < WAIT,
            "{name} never read as expected:\n{}",
            run.stdout
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// The same figures from Prometheus as from the app; a scenario switched mid-test is seen;
/// with Prometheus stopped every figure is UNKNOWN and the rollout gate writes nothing.
#[test]
fn validate_from_prometheus_agrees_with_the_app_and_follows_it() {
    let fx = Fx::new();
    let mut prom = Prometheus::start(host_port(&fx.url));
    prom.wait_for("up{job=\"app\"}", |v| v == 1.0);
    prom.wait_for("app_error_ratio", |v| v >= 0.0);
    let cfg = config(&fx, &prom, "");

    let from_app = fx.swcache(&["--json", "validate"]);
    assert_eq!(from_app.code, 0, "{}", from_app.stderr);
    let from_prom = run_with(&fx, &cfg, &["--json", "validate"]);
    assert_eq!(
        from_prom.code, 0,
        "{}\n{}",
        from_prom.stdout, from_prom.stderr
    );
    let (app, prom_doc) = (from_app.json(), from_prom.json());
    let mut compared = 0;
    for c in app["checks"].as_array().unwrap() {
        if c["source"] != "app" {
            continue; // the worker version is read from the app either way
        }
        let name = c["name"].as_str().unwrap();
        let p = check(&prom_doc, name);
        assert_eq!(p["source"], "prometheus", "{p}");
        assert!(!p["query"].as_str().unwrap().is_empty(), "{p}");
        let (a, b) = (c["value"].as_f64().unwrap(), p["value"].as_f64().unwrap());
        assert!((a - b).abs() < 1e-6, "{name}: app {a}, Prometheus {b}");
        assert_eq!(c["status"], p["status"], "{name}");
        compared += 1;
    }
    assert_eq!(compared, 8, "7 cache KPIs and the error rate");
    // The figures were not read from the app's metric endpoints.
    let paths: Vec<String> = fx
        .requests()
        .iter()
        .filter_map(|r| r["path"].as_str().map(String::from))
        .collect();
    assert!(
        paths.contains(&"/api/cache-metrics".to_string()),
        "{paths:?}"
    );
    fx.clear_requests();
    let table = run_with(&fx, &cfg, &["validate"]);
    assert!(
        table.stdout.contains("Source") && table.stdout.contains("app_error_ratio * 100"),
        "{}",
        table.stdout
    );
    let paths: Vec<Value> = fx.requests().iter().map(|r| r["path"].clone()).collect();
    assert!(
        !paths.contains(&json!("/api/cache-metrics"))
            && !paths.contains(&json!("/api/error-metrics")),
        "{paths:?}"
    );

    // The error-spike scenario's headline: Prometheus sees it at the next scrape.
    fx.patch_state(json!({"error_rate": 7}));
    let spiked = validate_until(&fx, &cfg, "error rate", |c| {
        c["value"].as_f64().is_some_and(|v| (v - 7.0).abs() < 1e-9)
    });
    assert_eq!(spiked.code, 2, "{}", spiked.stdout);
    assert_eq!(check(&spiked.json(), "error rate")["status"], "critical");

    // Prometheus gone: every figure UNKNOWN, naming its query; the gate holds, nothing written.
    fx.patch_state(json!({"error_rate": 1}));
    prom.stop();
    fx.set_flag_percentage(25);
    let run = run_with(&fx, &cfg, &["--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["gate"]["open"], false);
    let storage = check(&doc, "storage utilization");
    assert_eq!(storage["status"], "unknown");
    assert!(
        storage["detail"]
            .as_str()
            .unwrap()
            .contains("Prometheus query `cache_storage_utilization_percent`: cannot connect"),
        "{storage}"
    );
    assert!(fx.writes().is_empty());
    assert_eq!(fx.flag()["percentage"], 25);
}

/// A series that disappears, and a query matching several series, are UNKNOWN naming the query.
#[test]
fn a_vanished_series_and_several_series_are_unknown() {
    let fx = Fx::new();
    let prom = Prometheus::start(host_port(&fx.url));
    prom.wait_for("up{job=\"app\"}", |v| v == 1.0);
    prom.wait_for("cache_storage_utilization_percent", |v| v > 0.0);
    // One series per cache where one figure is expected.
    let cfg = config(
        &fx,
        &prom,
        "[metrics.prometheus.queries]\neviction_rate_percent_per_hour = \"cache_hit_ratio * 100\"\n",
    );

    // The app stops exporting storage utilization: /metrics without that family.
    let text = get_text(&format!("{}/metrics", fx.url)).expect("the sandbox serves /metrics");
    let without: String = text
        .lines()
        .filter(|l| !l.contains("cache_storage_utilization_percent"))
        .map(|l| format!("{l}\n"))
        .collect();
    fx.fault(json!({
        "path": "/metrics",
        "body": without,
        "content_type": "text/plain; version=0.0.4",
    }));

    let run = validate_until(&fx, &cfg, "storage utilization", |c| {
        c["status"] == "unknown"
    });
    assert_eq!(run.code, 3, "{}", run.stdout);
    let doc = run.json();
    let storage = check(&doc, "storage utilization");
    assert_eq!(
        storage["detail"],
        "Prometheus query `cache_storage_utilization_percent`: no series (the metric is missing or not scraped)"
    );
    let evictions = check(&doc, "eviction rate");
    assert_eq!(evictions["status"], "unknown");
    assert_eq!(evictions["query"], "cache_hit_ratio * 100");
    assert!(
        evictions["detail"]
            .as_str()
            .unwrap()
            .contains("series where one is expected"),
        "{evictions}"
    );
    // The rest still read.
    assert_eq!(check(&doc, "feed-cache hit rate")["value"], 91.0);
}

/// `config check` accepts the keys, says where each environment's figures come from, and
/// never shows Prometheus' credential.
#[test]
fn config_check_accepts_the_prometheus_keys() {
    let fx = Fx::new();
    let dir = fx.home.path();
    std::fs::write(dir.join("prom.token"), "prom-credential-xyz\n").unwrap();
    // As the README asks of a credential file (others reading it is a WARNING in config check).
    std::fs::set_permissions(
        dir.join("prom.token"),
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    let cfg = dir.join("swcache.toml");
    std::fs::write(
        &cfg,
        "url = \"http://127.0.0.1:1\"\n[environments.staging]\n[environments.production]\n\
         [environments.production.metrics]\nsource = \"prometheus\"\n\
         [metrics]\nhit_ratio = \"cache_hit_rate_total\"\n[metrics.prometheus]\n\
         url = \"http://127.0.0.1:9\"\nbearer_token_file = \"prom.token\"\nmax_age = \"30s\"\n\
         [metrics.prometheus.queries]\nsync_backlog_items = \"sum(background_sync_queue_size)\"\n",
    )
    .unwrap();
    let mut cmd = fx.bare();
    cmd.arg("--config")
        .arg(&cfg)
        .args(["--json", "config", "check"]);
    let run = fx.run(&mut cmd);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let envs = run.json()["environments"].clone();
    let figures = |name: &str| {
        envs.as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == name)
            .map(|e| e["figures"].clone())
            .unwrap()
    };
    assert_eq!(figures("staging"), "app");
    assert_eq!(figures("production"), "prometheus http://127.0.0.1:9/");
    assert!(!run.stdout.contains("prom-credential") && !run.stderr.contains("prom-credential"));

    std::fs::write(
        &cfg,
        "[metrics.prometheus]\nurl = \"http://127.0.0.1:9\"\ntimeut = \"5s\"\n",
    )
    .unwrap();
    let mut cmd = fx.bare();
    cmd.arg("--config").arg(&cfg).args(["config", "check"]);
    let bad = fx.run(&mut cmd);
    assert_eq!(bad.code, 78, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("swcache.toml:3:") && bad.stderr.contains("timeut"),
        "{}",
        bad.stderr
    );
}

/// `config check --online` asks the configured Prometheus every query (a real server on
/// loopback): all answered is OK; once it is stopped, the line is UNKNOWN (exit 3).
#[test]
fn config_check_online_asks_prometheus_every_query() {
    let fx = Fx::new();
    let mut prom = Prometheus::start(host_port(&fx.url));
    prom.wait_for("vector(1)", |v| v == 1.0);
    let cfg = config(&fx, &prom, "");
    let run = run_with(&fx, &cfg, &["--json", "config", "check", "--online"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let line = check(&doc, "default: prometheus");
    assert_eq!(line["status"], "ok", "{doc:#}");
    assert!(line["detail"].as_str().unwrap().contains("answers all"));

    prom.stop();
    let run = run_with(&fx, &cfg, &["--json", "config", "check", "--online"]);
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(check(&doc, "default: prometheus")["status"], "unknown");
    assert_eq!(check(&doc, "default: app")["status"], "ok");
}
