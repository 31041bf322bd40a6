//! `--sandbox` next to a real configuration: a sandbox run reads no environment's URL or
//! token, runs no configured step, and keeps its own label, audit log, state and locks. Here
//! the "production" environment is a second app (the fixture's sandbox), so any request that
//! reached it would be seen.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{Fx, Run, check};

/// A production config whose every step leaves a marker file if it ever runs.
fn production_config(fx: &Fx) -> String {
    let home = fx.home.path().display();
    format!(
        r#"default_env = "production"
audit_log = "{home}/production-audit.jsonl"

[environments.production]
url = "{url}"
token_file = "{token}"

[steps.revert_worker]
command = "touch '{home}/PRODUCTION-revert_worker'"
[steps.redeploy]
command = "touch '{home}/PRODUCTION-redeploy'"
[steps.database_rollback]
command = "touch '{home}/PRODUCTION-database_rollback'"
"#,
        url = fx.url,
        token = fx.token_file.display(),
    )
}

fn markers(home: &Path) -> Vec<String> {
    std::fs::read_dir(home)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("PRODUCTION-"))
        .collect()
}

fn state_root(fx: &Fx) -> PathBuf {
    fx.home.path().join("state/swcache")
}

/// Nothing of production was touched: no request to its app, no step, no audit line, no
/// state or lock under its names.
fn assert_production_untouched(fx: &Fx) {
    assert_eq!(
        fx.requests(),
        Vec::<Value>::new(),
        "production's app got requests"
    );
    assert_eq!(
        markers(fx.home.path()),
        Vec::<String>::new(),
        "a production step ran"
    );
    assert!(!fx.home.path().join("production-audit.jsonl").exists());
    assert!(!state_root(fx).join("audit.jsonl").exists());
    assert!(
        !state_root(fx).join("rollback").exists(),
        "production run state"
    );
    assert!(
        !state_root(fx).join("locks").exists(),
        "production lock names"
    );
}

#[test]
fn sandbox_emergency_rollback_uses_its_stand_in_steps_and_its_own_audit_log() {
    let fx = Fx::new();
    std::fs::write(fx.home.path().join("swcache.toml"), production_config(&fx)).unwrap();
    // Variables naming production too: a sandbox run reads none of them.
    let run = fx.run(
        fx.bare()
            .env("SWCACHE_URL", &fx.url)
            .env("SWCACHE_TOKEN", &fx.token)
            .env("SWCACHE_ENV", "production")
            .args(["--sandbox", "--yes", "--json", "rollback", "emergency"]),
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["environment"], "sandbox");
    let revert = doc["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "step revert_worker")
        .unwrap();
    assert_eq!(revert["outcome"], "done");
    assert!(
        run.stderr
            .contains("sandbox stand-in: /sw-enhanced.js now serves the backup")
    );
    // The stand-in really reverted what the sandbox serves, to the backup it knows the hash of.
    let c = check(&doc, "worker reverted /sw-enhanced.js");
    assert_eq!(c["status"], "ok", "{c}");
    assert!(c["detail"].as_str().unwrap().contains("configured backup"));
    assert_production_untouched(&fx);
    let audit = std::fs::read_to_string(state_root(&fx).join("sandbox/audit.jsonl")).unwrap();
    let lines: Vec<Value> = audit
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() >= 3, "{audit}");
    assert!(
        lines.iter().all(|l| l["environment"] == "sandbox"),
        "{audit}"
    );
    assert!(
        !audit.contains(&fx.url),
        "production's URL in the sandbox audit log"
    );
}

#[test]
fn sandbox_needs_no_readable_production_token_and_refuses_flags_naming_an_app() {
    let fx = Fx::new();
    let config = production_config(&fx).replace(
        &fx.token_file.display().to_string(),
        "/nonexistent/production.token",
    );
    std::fs::write(fx.home.path().join("swcache.toml"), config).unwrap();
    let run = fx.run(fx.bare().args(["--sandbox", "--json", "validate"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["environment"], "sandbox");
    for flag in [["--url", fx.url.as_str()], ["--env", "production"]] {
        let run = fx.run(fx.bare().args(["--sandbox"]).args(flag).arg("validate"));
        assert_eq!(run.code, 64, "{flag:?}: {}", run.stderr);
        assert!(run.stderr.contains(flag[0]), "{}", run.stderr);
    }
    assert_production_untouched(&fx);
}

#[test]
fn an_interrupted_sandbox_planned_rollback_leaves_nothing_that_blocks_the_real_one() {
    let fx = Fx::new();
    std::fs::write(fx.home.path().join("swcache.toml"), production_config(&fx)).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("swcache"));
    fx.isolate(&mut child);
    let mut child = child
        .args([
            "--sandbox",
            "--yes",
            "rollback",
            "planned",
            "--steps",
            "5,0",
        ])
        .args(["--step-wait", "60s"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // In the soak at 5 %: the first stage is recorded in the sandbox run's own state.
    let until = Instant::now() + Duration::from_secs(30);
    let recorded = loop {
        let found = std::fs::read_dir(state_root(&fx).join("sandbox"))
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("rollback/planned-sandbox.json"))
            .find(|p| {
                std::fs::read_to_string(p)
                    .ok()
                    .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                    .is_some_and(|v| v["completed"].as_u64() >= Some(1))
            });
        if let Some(p) = found {
            break p;
        }
        if Instant::now() >= until {
            let _ = child.kill();
            panic!("the sandbox run recorded no progress");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let ok = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(!recorded.exists(), "a sandbox run's state outlives its app");
    assert!(stderr.contains("nothing to resume"), "{stderr}");
    assert_production_untouched(&fx);

    // The real planned rollback is not blocked by anything the sandbox run left.
    fx.set_flag_percentage(50);
    let run: Run = fx.run(fx.bare().args(["--dry-run", "rollback", "planned"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("unfinished"), "{}", run.stderr);
}
