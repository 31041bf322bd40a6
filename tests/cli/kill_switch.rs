//! `rollback emergency --kill-switch` against the sandbox: the kill-switch worker written,
//! published by `[steps.publish_worker]`, verified by its SHA-256; refused without the step;
//! planned but not sent under `--dry-run`; and the script itself run in Node.js.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::support::{Fx, check};

/// A real publish step: the file swcache wrote becomes what the sandbox serves at each worker
/// path (as an upload to a CDN would).
pub const PUBLISH: &str = r#"
[steps.publish_worker]
command = '''for p in $SWCACHE_WORKER_PATHS; do curl -sf -o /dev/null -X PUT --data-binary @"$SWCACHE_WORKER_FILE" "$SWCACHE_URL/__sandbox/publish?path=$p" || exit 1; done; echo published'''
timeout = "30s"

[deploy]
verify_interval = "200ms"
"#;

pub fn config(fx: &Fx, text: &str) {
    std::fs::write(fx.home.path().join("swcache.toml"), text).unwrap();
}

fn kill_switch_dir(fx: &Fx) -> PathBuf {
    fx.home.path().join("state/swcache/kill-switch")
}

fn served(fx: &Fx) -> String {
    fx.state()["worker_scripts"]["/sw-enhanced.js"]
        .as_str()
        .unwrap()
        .to_string()
}

fn action<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no action {name}: {doc:#}"))
}

#[test]
fn the_kill_switch_is_published_after_the_disable_and_verified_byte_for_byte() {
    let fx = Fx::new();
    config(&fx, PUBLISH);
    let run = fx.swcache(&["--json", "--yes", "rollback", "emergency", "--kill-switch"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    // Never widen exposure: the flag is off first — in the first batch of writes, sent together
    // with the cache clear (so either may be recorded first), before the kill switch is
    // published.
    let writes = fx.writes();
    assert!(
        writes
            .iter()
            .take(2)
            .any(|w| w["path"] == "/api/admin/feature-flags"),
        "{writes:#?}"
    );
    assert_eq!(fx.flag()["enabled"], false);
    assert_eq!(action(&doc, "step publish_worker")["outcome"], "done");
    assert_eq!(action(&doc, "verify kill switch served")["outcome"], "done");
    // No revert runs beside it.
    assert!(!doc["actions"].to_string().contains("revert_worker"));
    // What is served is the file swcache wrote, and its hash is what was verified.
    let file = kill_switch_dir(&fx).join("default.js");
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(served(&fx), written);
    let after = &doc["worker"]["after"][0];
    assert_eq!(after["version"], "kill-switch");
    assert_eq!(
        after["sha256"].as_str().unwrap(),
        sha256_hex(written.as_bytes())
    );
    assert_eq!(
        check(&doc, "kill switch served /sw-enhanced.js")["status"],
        "ok"
    );
    // The prompt's evidence, kept for the reader: the sync backlog (42 in the sandbox).
    assert!(
        doc["notes"]
            .to_string()
            .contains("42 queued offline writes"),
        "{}",
        doc["notes"]
    );
    fx.assert_no_token(&run);
}

#[test]
fn the_sandbox_offers_a_stand_in_publish_step() {
    let fx = Fx::new();
    let run = fx.run(fx.bare().args([
        "--sandbox",
        "--json",
        "--yes",
        "rollback",
        "emergency",
        "--kill-switch",
    ]));
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(action(&doc, "step publish_worker")["outcome"], "done");
    assert_eq!(action(&doc, "verify kill switch served")["outcome"], "done");
    assert_eq!(doc["worker"]["after"][0]["version"], "kill-switch");
    assert!(
        run.stderr
            .contains("sandbox stand-in: the worker file is published")
    );
}

#[test]
fn a_step_that_publishes_other_bytes_is_not_verified_by_the_deadline() {
    let fx = Fx::new();
    // It "publishes" a worker of its own, not the file it was given.
    config(
        &fx,
        r#"
[steps.publish_worker]
command = '''printf 'const SW_VERSION = "v1.0.1";\n' > other.js && curl -sf -o /dev/null -X PUT --data-binary @other.js "$SWCACHE_URL/__sandbox/publish?path=/sw-enhanced.js"'''
timeout = "30s"

[deploy]
verify_interval = "200ms"
"#,
    );
    let run = fx.swcache(&[
        "--json",
        "--yes",
        "rollback",
        "emergency",
        "--kill-switch",
        "--verify-deadline",
        "1s",
    ]);
    // The step said it worked; reading back what is served did not confirm it: exit 4.
    assert_eq!(run.code, 4, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(action(&doc, "step publish_worker")["outcome"], "done");
    let verify = action(&doc, "verify kill switch served");
    assert_eq!(verify["outcome"], "failed");
    assert!(
        verify["detail"]
            .as_str()
            .unwrap()
            .contains("NOT served after"),
        "{verify}"
    );
    let c = check(&doc, "kill switch served /sw-enhanced.js");
    assert_eq!(c["status"], "critical");
    assert!(
        c["detail"]
            .as_str()
            .unwrap()
            .contains("serves version v1.0.1"),
        "{c}"
    );
    // It polled more than once before giving up.
    assert!(run.stderr.contains("kill switch round 1: not served yet"));
}

#[test]
fn without_a_publish_step_it_is_refused_before_any_write() {
    let fx = Fx::new();
    let run = fx.swcache(&["--json", "--yes", "rollback", "emergency", "--kill-switch"]);
    assert_eq!(run.code, 78, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert!(
        doc["error"].to_string().contains("[steps.publish_worker]"),
        "{doc:#}"
    );
    assert!(fx.writes().is_empty());
    assert!(!kill_switch_dir(&fx).exists());
    assert_eq!(fx.flag()["enabled"], true);
}

#[test]
fn a_dry_run_shows_what_it_does_to_clients_and_sends_nothing() {
    let fx = Fx::new();
    config(&fx, PUBLISH);
    let before = served(&fx);
    let run = fx.swcache(&[
        "--dry-run",
        "rollback",
        "emergency",
        "--kill-switch",
        "--wait-clients",
        "95%",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    for said in [
        "takes over every client on its next navigation or update check",
        "deletes the app's caches: feed-cache",
        "network-only",
        "42 queued offline writes (background sync) may be lost",
        "publish the kill-switch worker",
        "watch clients until 95 % are off the version served now (up to 30 min)",
        "dry-run: would run step publish_worker",
    ] {
        assert!(run.stderr.contains(said), "{said}:\n{}", run.stderr);
    }
    assert!(fx.writes().is_empty());
    assert!(!kill_switch_dir(&fx).exists(), "no file under --dry-run");
    assert_eq!(served(&fx), before);
}

/// The published script, run in Node.js with a stubbed service-worker global: it installs at
/// once, deletes only the app's caches, claims clients, and has no fetch handler.
#[test]
fn the_kill_switch_runs_as_a_service_worker() {
    let fx = Fx::new();
    config(&fx, PUBLISH);
    let run = fx.swcache(&["--yes", "rollback", "emergency", "--kill-switch"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let script = fx.home.path().join("state/swcache/kill-switch/default.js");
    let harness = fx.home.path().join("harness.js");
    std::fs::write(
        &harness,
        r#"
const fs = require("fs");
const vm = require("vm");
const calls = [];
const listeners = {};
const kept = ["feed-cache", "workbox-precache-v2-https://app/", "other-app-cache", "images"];
const self = {
  addEventListener: (type, fn) => { (listeners[type] = listeners[type] || []).push(fn); },
  skipWaiting: () => { calls.push("skipWaiting"); return Promise.resolve(); },
  clients: { claim: () => { calls.push("claim"); return Promise.resolve(); } },
};
const caches = {
  keys: () => Promise.resolve(kept.slice()),
  delete: (name) => { calls.push("delete " + name); return Promise.resolve(true); },
};
vm.runInNewContext(fs.readFileSync(process.argv[2], "utf8"), { self, caches });
const waits = [];
const event = { waitUntil: (p) => waits.push(p) };
for (const fn of listeners.install || []) fn(event);
for (const fn of listeners.activate || []) fn(event);
Promise.all(waits).then(() => {
  console.log(JSON.stringify({ calls, types: Object.keys(listeners).sort() }));
});
"#,
    )
    .unwrap();
    let out = std::process::Command::new("node")
        .arg(&harness)
        .arg(&script)
        .output()
        .expect("node runs (node 20 is on the machine; .ci/test installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        got,
        json!({
            "calls": [
                "skipWaiting",
                "delete feed-cache",
                "delete workbox-precache-v2-https://app/",
                "claim"
            ],
            "types": ["activate", "install"]
        })
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
