//! Configured shell steps that survive what they print, are ended with their children
//! without `kill` on PATH, and never see the token; and a "revert" that changed nothing is
//! not called a change. Real shell steps against the sandbox.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{Fx, check};

fn config(fx: &Fx, text: &str) {
    std::fs::write(fx.home.path().join("swcache.toml"), text).unwrap();
}

fn action<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no action {name} in {doc:#}"))
}

#[test]
fn a_non_utf8_byte_in_a_steps_output_does_not_kill_it() {
    let fx = Fx::new();
    // Far more than a pipe buffer after the bad byte: a reader that stopped there would leave
    // the step to die of SIGPIPE halfway.
    config(
        &fx,
        r#"
[steps.revert_worker]
command = '''printf 'copying \377 backup\n'; i=0; while [ $i -lt 5000 ]; do echo "line $i"; i=$((i+1)); done; echo copied-to-the-end'''
timeout = "30s"
"#,
    );
    let run = fx.swcache(&["--json", "--yes", "rollback", "emergency"]);
    let doc = run.json();
    let revert = action(&doc, "step revert_worker");
    assert_eq!(revert["outcome"], "done", "{revert}");
    assert!(
        run.stderr
            .contains("revert_worker | copying \u{fffd} backup"),
        "shown lossily"
    );
    assert!(run.stderr.contains("revert_worker | copied-to-the-end"));
}

#[cfg(target_os = "linux")]
#[test]
fn a_timed_out_steps_children_are_ended_without_kill_on_path() {
    let fx = Fx::new();
    let pidfile = fx.home.path().join("child.pid");
    let path = std::env::var("PATH").unwrap_or_default();
    config(
        &fx,
        &format!(
            r#"
[steps.revert_worker]
command = "sleep 300 & echo $! > '{}'; wait"
timeout = "1s"
env = {{ PATH = "{path}" }}
"#,
            pidfile.display()
        ),
    );
    // swcache itself runs with an empty PATH: no `kill` to call.
    let run = fx.run(
        fx.cmd()
            .env("PATH", "")
            .args(["--json", "--yes", "rollback", "emergency"]),
    );
    assert_eq!(run.code, 4, "{}", run.stderr);
    let revert = action(&run.json(), "step revert_worker").clone();
    assert!(
        revert["detail"].as_str().unwrap().contains("timed out"),
        "{revert}"
    );
    let pid = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .to_string();
    let proc = std::path::Path::new("/proc").join(&pid);
    // The group was signalled before swcache returned; reaping by init may lag a moment.
    let until = Instant::now() + Duration::from_secs(10);
    while proc.exists() && !is_zombie(&proc) {
        assert!(
            Instant::now() < until,
            "the step's child {pid} outlived the timeout"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(target_os = "linux")]
fn is_zombie(proc: &std::path::Path) -> bool {
    std::fs::read_to_string(proc.join("stat"))
        .map(|s| {
            s.rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
        .unwrap_or(true)
}

#[test]
fn no_variable_holding_the_token_reaches_a_step() {
    let fx = Fx::new();
    let out = fx.home.path().join("seen.txt");
    config(
        &fx,
        &format!(
            r#"
[steps.revert_worker]
command = 'echo "[${{SWCACHE_TOKEN:-}}][${{ADMIN_TOKEN:-}}][${{CI_ADMIN_SECRET:-}}][${{SWCACHE_URL:-}}]" > "{}"'
"#,
            out.display()
        ),
    );
    let run = fx.run(
        fx.bare()
            .arg("--url")
            .arg(&fx.url)
            .env("SWCACHE_TOKEN", &fx.token)
            .env("ADMIN_TOKEN", &fx.token)
            .env("CI_ADMIN_SECRET", format!("{}\n", fx.token))
            .args(["--json", "--yes", "rollback", "emergency"]),
    );
    assert_eq!(action(&run.json(), "step revert_worker")["outcome"], "done");
    let seen = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        seen,
        format!("[][][][{}]\n", fx.url),
        "the step learns the URL only"
    );
    fx.assert_no_token(&run);
}

#[test]
fn a_byte_identical_worker_under_fresh_validators_is_not_a_change() {
    let fx = Fx::new();
    // The "revert" makes the app re-serve the same script with a new ETag and Last-Modified.
    config(
        &fx,
        r#"
[steps.revert_worker]
command = '''curl -sf -o /dev/null -X POST "$SWCACHE_URL/__sandbox/faults" -H 'content-type: application/json' -d '{"path":"/sw-enhanced.js","method":"GET","headers":{"etag":"\"fresh\"","last-modified":"Fri, 01 Jan 2049 00:00:00 GMT"}}' '''
timeout = "30s"
"#,
    );
    let run = fx.swcache(&["--json", "--yes", "rollback", "emergency"]);
    let doc = run.json();
    assert_eq!(action(&doc, "step revert_worker")["outcome"], "done");
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert_eq!(action(&doc, "verify served worker")["outcome"], "failed");
    let c = check(&doc, "worker reverted /sw-enhanced.js");
    assert_eq!(c["status"], "critical", "{c}");
    assert!(c["detail"].as_str().unwrap().contains("NOT changed"), "{c}");
}
