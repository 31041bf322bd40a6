use std::fmt::Write as _;
use std::path::Path;
use std::process::Command as StdCommand;

use serde_json::Value;

use crate::support::Fx;

fn entry<'a>(doc: &'a Value, key: &str) -> &'a Value {
    doc["thresholds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == key)
        .unwrap_or_else(|| panic!("no {key}"))
}

#[test]
fn show_lists_every_threshold_with_its_source() {
    let fx = Fx::new();
    let cfg = fx.home.path().join("t.toml");
    std::fs::write(&cfg, "[thresholds]\nmax_error_rate = 4\ncleanup_storage_percent = 70\n[kpi.storage_utilization_percent]\ncritical = 90\n").unwrap();
    let run = fx.run(
        fx.bare()
            .env("SWCACHE_THRESHOLD_CLEANUP_STORAGE_PERCENT", "75")
            .args(["--json", "--config"])
            .arg(&cfg)
            .args(["thresholds", "show"]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(entry(&doc, "thresholds.max_error_rate")["value"], 4.0);
    assert_eq!(entry(&doc, "thresholds.max_error_rate")["source"], "file");
    assert_eq!(
        entry(&doc, "thresholds.cleanup_storage_percent")["value"],
        75.0
    );
    assert_eq!(
        entry(&doc, "thresholds.cleanup_storage_percent")["source"],
        "env"
    );
    assert_eq!(
        entry(&doc, "kpi.storage_utilization_percent.critical")["value"],
        90.0
    );
    assert_eq!(
        entry(&doc, "kpi.feed_cache_hit_rate.target")["source"],
        "default"
    );
    assert!(doc["thresholds"].as_array().unwrap().len() >= 30);
    let table = fx.run(fx.bare().args(["thresholds", "show"])).stdout;
    assert!(
        table.contains("kpi.sync_backlog_items.critical") && table.contains("default"),
        "{table}"
    );
    assert!(fx.requests().is_empty(), "no request to the app");
}

/// Writes the rules and a promtool unit-test file that shows each alert firing just past its
/// threshold and not at it; runs `promtool check rules` and `promtool test rules`.
fn check_alerts(fx: &Fx, extra: &[&str]) -> Vec<Value> {
    let dir = fx.home.path().join("rules");
    std::fs::create_dir_all(&dir).unwrap();
    let yaml = fx.run(fx.bare().args(extra).args(["thresholds", "alerts"]));
    assert_eq!(yaml.code, 0, "{}", yaml.stderr);
    std::fs::write(dir.join("rules.yml"), &yaml.stdout).unwrap();
    let rules = fx
        .run(
            fx.bare()
                .args(extra)
                .args(["--json", "thresholds", "alerts"]),
        )
        .json()["rules"]
        .as_array()
        .unwrap()
        .clone();
    promtool(&dir, &["check", "rules", "rules.yml"]);

    let mut t = String::from("rule_files:\n  - rules.yml\nevaluation_interval: 1m\ntests:\n");
    // The staleness rules compare with time(): see `a_scheduled_run_without_success_alerts`.
    for r in rules
        .iter()
        .filter(|r| !r["series"].as_str().unwrap().starts_with("time()"))
    {
        let value = r["value"].as_f64().unwrap();
        let series = r["series"].as_str().unwrap();
        let is_rate = series.starts_with("rate(");
        let (input, past, at) = if is_rate {
            // A counter rising at half and at one and a half times the limit per second.
            let name = series
                .trim_start_matches("rate(")
                .split('[')
                .next()
                .unwrap();
            (
                name.to_string(),
                format!("0+{}x90", value * 60.0 * 1.5),
                format!("0+{}x90", value * 60.0 * 0.5),
            )
        } else {
            // Values that print exactly, for the descriptions' `{{ $value }}`.
            let past = if r["op"] == ">" {
                value + 1.0
            } else {
                value - 0.05
            };
            (
                series.to_string(),
                format!("{past}x90"),
                format!("{value}x90"),
            )
        };
        let cache = series
            .split("cache_name=\"")
            .nth(1)
            .map(|s| s.split('"').next().unwrap().to_string());
        let shown = if is_rate {
            // rate() of the counter: one and a half times the limit.
            format!("{}", (value * 1.5 * 1e9).round() / 1e9)
        } else if r["op"] == ">" {
            format!("{}", value + 1.0)
        } else {
            // humanizePercentage: four significant digits.
            format!("{}%", ((value - 0.05) * 10000.0).round() / 100.0)
        };
        let description = r["description"]
            .as_str()
            .unwrap()
            .replace("{{ $labels.cache_name }}", cache.as_deref().unwrap_or(""))
            .replace("{{ $value | humanizePercentage }}", &shown)
            .replace("{{ $value }}", &shown);
        let mut annotations = format!(
            "summary: {}, description: {}",
            r["summary"],
            serde_json::to_string(&description).unwrap()
        );
        if let Some(u) = r["runbook_url"].as_str() {
            let _ = write!(
                annotations,
                ", runbook_url: {}",
                serde_json::to_string(u).unwrap()
            );
        }
        for (values, fires) in [(past, true), (at, false)] {
            let _ = writeln!(
                t,
                "  - interval: 1m\n    input_series:\n      - series: {}\n        values: '{values}'",
                serde_json::to_string(&input).unwrap()
            );
            let _ = writeln!(
                t,
                "    alert_rule_test:\n      - eval_time: 60m\n        alertname: {}",
                r["alert"].as_str().unwrap()
            );
            if fires {
                let mut labels = format!(
                    "severity: {}, threshold: {}",
                    r["severity"].as_str().unwrap(),
                    r["threshold"]
                );
                if let Some(c) = &cache {
                    let _ = write!(labels, ", cache_name: {c}");
                }
                let _ = writeln!(
                    t,
                    "        exp_alerts:\n          - exp_labels: {{{labels}}}\n            exp_annotations: {{{annotations}}}"
                );
            } else {
                let _ = writeln!(t, "        exp_alerts: []");
            }
        }
    }
    std::fs::write(dir.join("rules_test.yml"), t).unwrap();
    promtool(&dir, &["test", "rules", "rules_test.yml"]);
    rules
}

fn promtool(dir: &Path, args: &[&str]) {
    let out = StdCommand::new("promtool")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("promtool (Debian package `prometheus`) is needed; .ci/run installs it");
    assert!(
        out.status.success(),
        "promtool {args:?}:\n{}{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(dir.join(args.last().unwrap())).unwrap_or_default()
    );
}

#[test]
fn alerts_are_valid_and_fire_past_their_thresholds_only() {
    let fx = Fx::new();
    let rules = check_alerts(&fx, &[]);
    let names: Vec<&str> = rules.iter().map(|r| r["alert"].as_str().unwrap()).collect();
    for a in [
        "CacheHitRateLow",
        "StorageQuotaHigh",
        "SyncQueueBacklog",
        "CacheEvictionRateHigh",
        "NetworkFallbackHigh",
    ] {
        assert!(names.contains(&a), "{a} missing: {names:?}");
    }
}

#[test]
fn alerts_follow_the_config() {
    let fx = Fx::new();
    let cfg = fx.home.path().join("t.toml");
    std::fs::write(
        &cfg,
        "[kpi.storage_utilization_percent]\ntarget = 70\ncritical = 90\n\n\
         [metrics]\nhit_ratio = \"cache_hit_rate_total\"\n\n\
         [alerts]\nrunbook_url = \"https://runbooks.example/swcache#{alert}\"\n",
    )
    .unwrap();
    let cfg = cfg.display().to_string();
    let rules = check_alerts(&fx, &["--config", &cfg]);
    let quota = rules
        .iter()
        .find(|r| r["alert"] == "StorageQuotaHigh")
        .unwrap();
    assert_eq!(quota["expr"], "cache_storage_utilization_percent > 90");
    assert_eq!(
        quota["runbook_url"],
        "https://runbooks.example/swcache#StorageQuotaHigh"
    );
    let low = rules
        .iter()
        .find(|r| r["alert"] == "CacheHitRateLow")
        .unwrap();
    assert!(
        low["expr"]
            .as_str()
            .unwrap()
            .starts_with("cache_hit_rate_total{"),
        "[metrics] maps the app's own names: {low}"
    );
}

/// A cron job that stops succeeding publishes no new figure: the rule on its last success
/// fires once the period has passed (and not before).
#[test]
fn a_scheduled_run_without_success_alerts() {
    let fx = Fx::new();
    let cfg = fx.home.path().join("a.toml");
    std::fs::write(&cfg, "[alerts]\nmaintain_daily_period = \"2h\"\n").unwrap();
    let dir = fx.home.path().join("rules");
    std::fs::create_dir_all(&dir).unwrap();
    let yaml = fx.run(
        fx.bare()
            .arg("--config")
            .arg(&cfg)
            .args(["thresholds", "alerts"]),
    );
    assert_eq!(yaml.code, 0, "{}", yaml.stderr);
    assert!(
        yaml.stdout.contains("SwcacheRunNotSucceeding"),
        "{}",
        yaml.stdout
    );
    std::fs::write(dir.join("rules.yml"), &yaml.stdout).unwrap();
    // Last success at t=0 (the textfile keeps it through failed runs); promtool's time()
    // is the evaluation time.
    let test = r#"rule_files:
  - rules.yml
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'swcache_last_success_timestamp_seconds{command="maintain_daily",env="prod"}'
        values: '0x200'
      - series: 'swcache_last_success_timestamp_seconds{command="maintain_weekly",env="prod"}'
        values: '0x200'
    alert_rule_test:
      - eval_time: 110m
        alertname: SwcacheRunNotSucceeding
        exp_alerts: []
      - eval_time: 130m
        alertname: SwcacheRunNotSucceeding
        exp_alerts:
          - exp_labels: {severity: warning, threshold: alerts.maintain_daily_period, command: maintain_daily, env: prod}
            exp_annotations:
              summary: "swcache maintain daily has not succeeded for over 2 h"
              description: "swcache maintain daily in prod last succeeded 2h 10m 0s ago (it runs every 2 h)"
"#;
    std::fs::write(dir.join("stale_test.yml"), test).unwrap();
    promtool(&dir, &["test", "rules", "stale_test.yml"]);
}
