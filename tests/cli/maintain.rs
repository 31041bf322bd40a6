use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use serde_json::{Value, json};

use crate::support::{Fx, check};

fn cleanups(fx: &Fx) -> Vec<Value> {
    fx.writes()
        .into_iter()
        .filter(|w| w["path"] == "/api/admin/cache-cleanup")
        .collect()
}

#[test]
fn healthy_daily_is_ok_and_writes_nothing() {
    let fx = Fx::new();
    let run = fx.swcache(&["maintain", "daily"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    for text in [
        "storage utilization",
        "Hit rates",
        "images-cache",
        "sync queue backlog",
        "no cleanup",
    ] {
        assert!(run.stdout.contains(text), "lacks {text}:\n{}", run.stdout);
    }
    assert!(fx.writes().is_empty());
    let paths: Vec<Value> = fx.requests().iter().map(|r| r["path"].clone()).collect();
    for p in [
        "/api/cache-metrics",
        "/api/cache-report",
        "/api/sync-status",
    ] {
        assert!(paths.contains(&json!(p)), "{p} not read");
    }
}

#[test]
fn storage_over_80_is_cleaned_and_read_back() {
    let fx = Fx::scenario("storage-pressure");
    let run = fx.swcache(&["--json", "maintain", "daily"]);
    assert_eq!(
        run.code, 1,
        "85 % is past the 80 % target: {}\n{}",
        run.stdout, run.stderr
    );
    let doc = run.json();
    let a = &doc["actions"][0];
    assert_eq!(a["outcome"], "done");
    assert!(a["detail"].as_str().unwrap().contains("below 80"), "{a}");
    let sent = cleanups(&fx);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0]["auth"], "valid",
        "the guide forgot the token here; swcache does not"
    );
    assert_eq!(fx.audit_lines().len(), 1);
    fx.assert_no_token(&run);
}

#[test]
fn cleanup_threshold_boundary() {
    for (pct, expect_cleanup) in [(80.0, false), (80.5, true)] {
        let fx = Fx::new();
        fx.patch_state(json!({"storage": {"percentage": pct}}));
        let run = fx.swcache(&["maintain", "daily"]);
        assert_eq!(
            cleanups(&fx).len(),
            usize::from(expect_cleanup),
            "{pct}: {}",
            run.stdout
        );
    }
}

#[test]
fn every_unreadable_storage_figure_is_3_and_no_cleanup() {
    let faults = [
        json!({"path": "/api/cache-metrics", "status": 500}),
        json!({"path": "/api/cache-metrics", "status": 503, "retry_after": "0"}),
        json!({"path": "/api/cache-metrics", "body": "<html>maintenance</html>", "content_type": "text/html"}),
        json!({"path": "/api/cache-metrics", "body": "{\"storage\": {\"percentage\": 9"}),
        json!({"path": "/api/cache-metrics", "set_field": "storage.percentage", "value": null}),
        json!({"path": "/api/cache-metrics", "set_field": "storage.percentage", "value": "85"}),
        json!({"path": "/api/cache-metrics", "set_field": "storage.percentage", "value": 180}),
        json!({"path": "/api/cache-metrics", "drop_field": "storage.percentage"}),
    ];
    for fault in faults {
        let fx = Fx::scenario("storage-pressure");
        fx.fault(fault.clone());
        let run = fx.swcache(&["--json", "maintain", "daily"]);
        assert_eq!(run.code, 3, "{fault}: {}\n{}", run.stdout, run.stderr);
        assert_eq!(
            check(&run.json(), "storage utilization")["status"],
            "unknown",
            "{fault}"
        );
        assert!(
            cleanups(&fx).is_empty(),
            "{fault}: no cleanup on an unknown figure"
        );
    }
}

#[test]
fn null_queue_size_does_not_hide_a_backlog() {
    let fx = Fx::scenario("sync-backlog");
    fx.fault(json!({"path": "/api/sync-status", "set_field": "queue_size", "value": null}));
    let run = fx.swcache(&["--json", "maintain", "daily"]);
    assert_eq!(run.code, 3);
    assert_eq!(
        check(&run.json(), "sync queue backlog")["status"],
        "unknown"
    );
}

#[test]
fn dry_run_sends_no_cleanup() {
    let fx = Fx::scenario("storage-pressure");
    let run = fx.swcache(&["--dry-run", "--json", "maintain", "daily"]);
    assert_eq!(run.json()["actions"][0]["outcome"], "dry-run");
    assert!(fx.writes().is_empty());
}

#[test]
fn cleanup_that_frees_nothing_is_not_success() {
    let fx = Fx::scenario("storage-stuck");
    let run = fx.swcache(&["--json", "maintain", "daily"]);
    assert_eq!(run.code, 4, "{}", run.stdout);
    let a = &run.json()["actions"][0];
    assert_eq!(a["outcome"], "failed");
    assert!(
        a["detail"].as_str().unwrap().contains("still reads 99"),
        "{a}"
    );
}

#[test]
fn backlog_lists_failed_items() {
    let fx = Fx::scenario("sync-backlog");
    let run = fx.swcache(&["--json", "maintain", "daily"]);
    assert_eq!(
        run.code, 1,
        "750 is past the 100 target, below the 1000 critical: {}",
        run.stdout
    );
    let doc = run.json();
    let items = doc["sync"]["failed_items"].as_array().unwrap();
    assert!(items.len() > 1);
    assert!(items[0]["id"].is_string() && items[0]["url"].is_string());
    let table = fx.swcache(&["maintain", "daily"]).stdout;
    assert!(
        table.contains("Failed sync items (queue 750 above 500)"),
        "{table}"
    );
    let healthy = Fx::new().swcache(&["--json", "maintain", "daily"]).json();
    assert!(
        healthy["sync"]["failed_items"].is_null(),
        "not listed at 42"
    );
}

#[test]
fn weekly_reports_and_recommends_without_applying() {
    let fx = Fx::new();
    fx.patch_state(json!({"cache_config": {"images-cache": {"ttl": 300000}}}));
    let run = fx.swcache(&["--json", "maintain", "weekly"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let recs = doc["recommendations"].as_array().unwrap();
    assert_eq!(recs.len(), 1, "{recs:?}");
    assert_eq!(recs[0]["cache"], "images-cache");
    assert_eq!(recs[0]["proposed"], 600000.0);
    assert!(
        doc["weekly_report"].is_object(),
        "what generate-report answered is shown"
    );
    let writes = fx.writes();
    assert_eq!(writes.len(), 1, "only the report is generated: {writes:?}");
    assert_eq!(writes[0]["path"], "/api/admin/generate-report");
    assert_eq!(
        writes[0]["body"],
        json!({"type": "weekly", "metrics": ["cache", "sync", "storage"]})
    );
    assert_eq!(writes[0]["auth"], "valid");
    // A TTL in its largest whole unit (the JSON keeps milliseconds).
    let table = fx.swcache(&["maintain", "weekly"]).plain();
    for text in [
        "Usage analytics",
        "Recommended changes",
        "5 min → 10 min",
        "--apply",
    ] {
        assert!(table.contains(text), "lacks {text}:\n{table}");
    }
}

#[test]
fn weekly_apply_needs_yes_without_terminal() {
    let fx = Fx::new();
    fx.patch_state(json!({"cache_config": {"images-cache": {"ttl": 300000}}}));
    let run = fx.swcache(&["--json", "maintain", "weekly", "--apply"]);
    assert_eq!(run.code, 5, "{}", run.stdout);
    assert_eq!(run.json()["actions"][0]["outcome"], "declined");
    assert!(fx.writes().is_empty(), "nothing sent");
}

#[test]
fn weekly_apply_with_yes_raises_ttl_and_reads_back() {
    let fx = Fx::new();
    fx.patch_state(json!({"cache_config": {"images-cache": {"ttl": 300000}}}));
    let run = fx.swcache(&["--json", "--yes", "maintain", "weekly", "--apply"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let updates: Vec<Value> = fx
        .writes()
        .into_iter()
        .filter(|w| w["path"] == "/api/admin/update-cache-config")
        .collect();
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0]["body"], json!({"images-cache": {"ttl": 600000}}));
    assert_eq!(fx.state()["cache_config"]["images-cache"]["ttl"], 600000);
    let done = run.json()["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["outcome"] == "done")
        .count();
    assert_eq!(done, 2);
}

#[test]
fn weekly_never_lowers_a_longer_ttl_nor_touches_good_caches() {
    let fx = Fx::new();
    fx.patch_state(json!({"cache_config": {"images-cache": {"ttl": 900000}}}));
    let run = fx.swcache(&["--json", "--yes", "maintain", "weekly", "--apply"]);
    assert_eq!(run.code, 0);
    assert!(run.json()["recommendations"].as_array().unwrap().is_empty());
    assert!(
        fx.writes()
            .iter()
            .all(|w| w["path"] != "/api/admin/update-cache-config")
    );
}

#[test]
fn overlapping_runs_one_acts_the_other_exits_5() {
    let fx = Fx::scenario("storage-pressure");
    fx.fault(json!({"path": "/api/cache-report", "delay_ms": 3000, "times": 1}));
    let bin = assert_cmd::cargo::cargo_bin("swcache");
    let mut first = StdCommand::new(&bin);
    first
        .args(["--url", &fx.url, "--token-file"])
        .arg(&fx.token_file)
        .args(["maintain", "daily"])
        .env("HOME", fx.home.path())
        .env("XDG_STATE_HOME", fx.home.path().join("state"))
        .env_remove("SWCACHE_CONFIG")
        .current_dir(fx.home.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = first.spawn().unwrap();
    // Wait until the first run holds the lock (it is then parked on the slow read).
    let lock = fx.write_lock();
    wait_for(|| {
        std::fs::read_to_string(&lock).is_ok_and(|s| s.contains(&format!("pid {}", child.id())))
    });
    let second = fx.swcache(&["maintain", "daily"]);
    assert_eq!(second.code, 5, "{}", second.stderr);
    assert!(
        second.stderr.contains(&format!("pid {}", child.id())),
        "names the holder: {}",
        second.stderr
    );
    let first_code = child.wait().unwrap().code();
    assert_eq!(first_code, Some(1));
    assert_eq!(cleanups(&fx).len(), 1, "only the first run acted");
    // The lock is free again once the holder is gone.
    assert_eq!(
        fx.swcache(&["maintain", "daily"]).code,
        0,
        "storage now 60 %"
    );
}

fn wait_for(mut cond: impl FnMut() -> bool) {
    for _ in 0..200 {
        if cond() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    panic!("condition not met");
}

#[test]
fn textfile_is_valid_exposition_format() {
    let fx = Fx::scenario("storage-pressure");
    let dir = fx.home.path().join("textfile");
    std::fs::create_dir_all(&dir).unwrap();
    let run = fx.run(fx.cmd().args(["maintain", "daily", "--textfile"]).arg(&dir));
    assert_eq!(run.code, 1);
    let file = dir.join("swcache_maintain_daily.prom");
    let text = std::fs::read_to_string(&file).unwrap();
    // Base units and identifiers: 85 % is the ratio 0.85, the check a snake_case label.
    assert!(text.contains("swcache_check_ratio{command=\"maintain_daily\",env=\"default\",check=\"storage_utilization\"} 0.85"), "{text}");
    assert!(text.contains("swcache_check_seconds{command=\"maintain_daily\",env=\"default\",check=\"sync_queue_processing_p95\"} "), "{text}");
    assert!(text.contains("swcache_exit_code{command=\"maintain_daily\",env=\"default\"} 1"));
    assert!(text.contains("swcache_last_run_timestamp_seconds"));
    assert!(text.contains(
        "swcache_actions{command=\"maintain_daily\",env=\"default\",outcome=\"done\"} 1"
    ));
    promtool_check(&file);
    let success = last_success(&text).expect("a completed run records its success");

    // A failed run (storage unreadable) keeps the last success of the file it replaces, and
    // publishes no figure it could not read.
    fx.fault(json!({"path": "/api/cache-metrics", "status": 500}));
    let run = fx.run(fx.cmd().args(["maintain", "daily", "--textfile"]).arg(&dir));
    assert_eq!(run.code, 3, "{}", run.stderr);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("swcache_exit_code{command=\"maintain_daily\",env=\"default\"} 3"),
        "{text}"
    );
    assert_eq!(last_success(&text), Some(success), "{text}");
    assert!(
        !text.contains("check=\"storage_utilization\"} 0.85"),
        "{text}"
    );
    promtool_check(&file);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

fn last_success(text: &str) -> Option<String> {
    text.lines()
        .find(|l| l.starts_with("swcache_last_success_timestamp_seconds{"))
        .map(|l| l.rsplit(' ').next().unwrap().to_string())
}

fn promtool_check(file: &Path) {
    let out = StdCommand::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::fs::File::open(file).unwrap())
        .output()
        .expect("promtool (Debian package `prometheus`) is needed; .ci/run installs it");
    assert!(
        out.status.success(),
        "promtool: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_lock_left_by_a_killed_run_is_taken_over() {
    let fx = Fx::new();
    fx.fault(json!({"path": "/api/cache-report", "delay_ms": 20000, "times": 1}));
    let mut child = fx.spawn(&["maintain", "daily"]);
    let lock = fx.write_lock();
    wait_for(|| {
        std::fs::read_to_string(&lock).is_ok_and(|s| s.contains(&format!("pid {}", child.id())))
    });
    // Parked on the slow read (which used up the fault) while holding the lock.
    wait_for(|| {
        fx.requests()
            .iter()
            .any(|r| r["path"] == "/api/cache-report")
    });
    child.kill().unwrap(); // SIGKILL: no cleanup runs, the lock file stays behind
    child.wait().unwrap();
    let run = fx.swcache(&["-v", "maintain", "daily"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("was last held by pid"),
        "{}",
        run.stderr
    );
}

/// Cron is watched through the textfile: one that cannot be written is a WARNING (exit 1) in
/// the report, not a note on stderr behind exit 0.
#[test]
fn a_textfile_that_cannot_be_written_is_a_warning() {
    let fx = Fx::new();
    let missing = fx.home.path().join("no-such-dir");
    let run = fx.run(
        fx.cmd()
            .args(["--json", "maintain", "daily", "--textfile"])
            .arg(&missing),
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let check = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "textfile")
        .unwrap_or_else(|| panic!("no textfile check: {doc}"));
    assert_eq!(check["status"], "warning");
    assert!(check["detail"].as_str().unwrap().contains("no-such-dir"));
}
