//! `--json` (and `--output json`): every run prints exactly one JSON document on stdout, a run
//! that ends in an error included, with `status`, `exit_code` and `error` (plus the command and
//! environment when known); stderr keeps the human message. The status word always matches the
//! exit code.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Fx, Run};

/// The one document of an error ending, checked against the exit code and stderr.
fn error_doc(run: &Run, code: i32, status: &str, says: &str) -> Value {
    assert_eq!(run.code, code, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["exit_code"], json!(code), "{doc:#}");
    assert_eq!(doc["status"], status, "{doc:#}");
    let error = doc["error"].as_str().expect("an error message");
    assert!(error.contains(says), "{doc:#}");
    assert!(
        run.stderr.contains("error: ") && run.stderr.contains(says),
        "stderr keeps the human message: {}",
        run.stderr
    );
    doc
}

#[test]
fn a_config_error_is_one_document_exit_78() {
    let fx = Fx::new();
    let path = fx.home.path().join("bad.toml");
    std::fs::write(&path, "timeout = \"soon\"\n").unwrap();
    let run = fx.run(
        fx.cmd()
            .arg("--config")
            .arg(&path)
            .args(["--json", "validate"]),
    );
    let doc = error_doc(&run, 78, "config", "bad.toml");
    assert_eq!(doc["command"], "validate");

    // The same with --output json, and one compact line with --output jsonl.
    let run = fx.run(fx.cmd().arg("--config").arg(&path).args([
        "--output",
        "json",
        "thresholds",
        "show",
    ]));
    error_doc(&run, 78, "config", "bad.toml");
    let run = fx.run(
        fx.cmd()
            .arg("--config")
            .arg(&path)
            .args(["--output", "jsonl", "validate"]),
    );
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    error_doc(&run, 78, "config", "bad.toml");
}

#[test]
fn a_held_write_lock_is_one_document_exit_5() {
    let fx = Fx::new();
    let lock = fx.write_lock();
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    let held = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .unwrap();
    held.try_lock().unwrap();
    let run = fx.swcache(&["--json", "--yes", "maintain", "daily"]);
    let doc = error_doc(&run, 5, "stopped", "another run holds");
    assert_eq!(
        (doc["command"].as_str(), doc["environment"].as_str()),
        (Some("maintain daily"), Some("default"))
    );
    assert!(fx.writes().is_empty());
    drop(held);
}

#[test]
fn a_refused_sandbox_flag_is_one_document_exit_64() {
    let fx = Fx::new();
    let run = fx.run(fx.bare().args([
        "--sandbox",
        "--env",
        "production",
        "--json",
        "rollout",
        "status",
    ]));
    let doc = error_doc(&run, 64, "usage", "--env names a real app");
    assert_eq!(doc["command"], "rollout status");
}

#[test]
fn a_missing_token_is_one_document_exit_78() {
    let fx = Fx::new();
    let run = fx.run(
        fx.bare()
            .args(["--url", &fx.url])
            .args(["--json", "rollout", "status"]),
    );
    error_doc(&run, 78, "config", "SWCACHE_TOKEN");
    assert!(fx.requests().is_empty(), "nothing was sent");
}

#[test]
fn a_usage_error_clap_refuses_is_one_document_exit_64() {
    let fx = Fx::new();
    let run = fx.swcache(&["--json", "rollout", "set", "150"]);
    error_doc(&run, 64, "usage", "150");
    // Without --json, stdout stays empty.
    let run = fx.swcache(&["rollout", "set", "150"]);
    assert_eq!((run.code, run.stdout.as_str()), (64, ""));
}

#[test]
fn a_signal_during_reads_is_one_document_exit_5() {
    let fx = Fx::new();
    fx.fault(json!({"path": "/api/cache-metrics", "delay_ms": 30000}));
    let child = fx.spawn(&["--json", "--timeout", "25s", "validate"]);
    for _ in 0..400 {
        if fx
            .requests()
            .iter()
            .any(|r| r["path"] == "/api/cache-metrics")
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let ok = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let out = child.wait_with_output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    let doc = error_doc(&run, 5, "stopped", "no write was in flight");
    assert_eq!(doc["command"], "validate");
    assert!(fx.writes().is_empty());
}

/// Declined and failed runs print their report; its status word is the exit code's.
#[test]
fn declined_and_failed_runs_say_stopped_and_failed() {
    let fx = Fx::new();
    // No terminal and no --yes: the change is declined.
    let run = fx.swcache(&["--json", "rollout", "disable"]);
    assert_eq!(run.code, 5, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(
        (doc["status"].as_str(), doc["exit_code"].as_u64()),
        (Some("stopped"), Some(5))
    );
    let table = fx.swcache(&["rollout", "disable"]);
    assert_eq!(table.code, 5);
    assert!(
        table.stdout.contains("STOPPED (exit 5)"),
        "{}",
        table.stdout
    );
    assert!(fx.writes().is_empty());

    fx.fault(json!({"path": "/api/admin/feature-flags", "method": "POST", "status": 500}));
    let run = fx.swcache(&["--json", "--yes", "rollout", "disable"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(
        (doc["status"].as_str(), doc["exit_code"].as_u64()),
        (Some("failed"), Some(4))
    );
}
