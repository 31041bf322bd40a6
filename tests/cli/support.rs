//! A sandbox app per test, an isolated environment (HOME, config and state dirs), and helpers
//! to read what the app recorded.

use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use swcache_sandbox::{Sandbox, SandboxOptions};

/// Variables of the caller's environment that a test run must not see.
const ISOLATED_VARS: [&str; 15] = [
    "SWCACHE_STATE_DIR",
    "SWCACHE_STATE_URL",
    "SWCACHE_URL",
    "SWCACHE_ENV",
    "SWCACHE_CONFIG",
    "SWCACHE_TOKEN",
    "ADMIN_TOKEN",
    "SWCACHE_OUTPUT",
    "SWCACHE_TIMEOUT",
    "SWCACHE_AUDIT_LOG",
    "XDG_CONFIG_HOME",
    "XDG_STATE_HOME",
    "STATE_DIRECTORY",
    "CREDENTIALS_DIRECTORY",
    "SWCACHE_ALERTMANAGER_TOKEN",
];

pub struct Fx {
    rt: tokio::runtime::Runtime,
    sandbox: Option<Sandbox>,
    pub home: tempfile::TempDir,
    pub url: String,
    pub token: String,
    pub token_file: PathBuf,
}

/// Output of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout with a figure's no-break space (`95\u{a0}%` in a table cell) read as a space.
    pub fn plain(&self) -> String {
        self.stdout.replace('\u{a0}', " ")
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

impl Fx {
    pub fn new() -> Fx {
        Fx::scenario("healthy")
    }

    pub fn scenario(name: &str) -> Fx {
        Fx::with_token(name, None)
    }

    /// A sandbox that accepts this token (a short one, to test that output stays exact).
    pub fn with_token(name: &str, token: Option<&str>) -> Fx {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let mut opts = SandboxOptions {
            scenario: name.to_string(),
            ..Default::default()
        };
        if let Some(t) = token {
            opts.token = t.to_string();
        }
        let sandbox = rt.block_on(Sandbox::start(opts)).expect("sandbox starts");
        let home = tempfile::tempdir().unwrap();
        let token = sandbox.token().to_string();
        let token_file = home.path().join("admin.token");
        std::fs::write(&token_file, format!("{token}\n")).unwrap();
        // As the README asks of a token file: readable by its owner only.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&token_file, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        Fx {
            url: sandbox.base_url(),
            rt,
            sandbox: Some(sandbox),
            home,
            token,
            token_file,
        }
    }

    /// The binary with a clean environment, pointed at this sandbox with the token file.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--url")
            .arg(&self.url)
            .arg("--token-file")
            .arg(&self.token_file);
        cmd
    }

    /// The binary with a clean environment and no URL or token.
    pub fn bare(&self) -> Command {
        let mut cmd = Command::cargo_bin("swcache").unwrap();
        for var in ISOLATED_VARS {
            cmd.env_remove(var);
        }
        let home = self.home.path();
        cmd.env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("NO_COLOR", "1")
            .current_dir(home)
            // A guard against hangs, not a timing assertion: a hung run is killed and fails.
            .timeout(Duration::from_secs(60));
        cmd
    }

    pub fn run(&self, cmd: &mut Command) -> Run {
        let out = cmd.output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs with `--url` and the token file, plus `args`.
    pub fn swcache(&self, args: &[&str]) -> Run {
        self.run(self.cmd().args(args))
    }

    pub fn audit_log(&self) -> PathBuf {
        self.home.path().join("state/swcache/audit.jsonl")
    }

    /// The write lock of this sandbox's app (keyed by its URL, not by an environment's name).
    pub fn write_lock(&self) -> PathBuf {
        let name = swcache::testing::write_lock_name(&self.url.parse().unwrap());
        self.home
            .path()
            .join("state/swcache/locks")
            .join(format!("{name}.lock"))
    }

    pub fn audit_lines(&self) -> Vec<Value> {
        std::fs::read_to_string(self.audit_log())
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("audit lines are JSON"))
            .collect()
    }

    fn http(&self, method: reqwest::Method, path: &str, body: Option<Value>, auth: bool) -> Value {
        let url = format!("{}{path}", self.url);
        let token = self.token.clone();
        self.rt.block_on(async move {
            let mut req = reqwest::Client::new().request(method, url);
            if auth {
                req = req.bearer_auth(token);
            }
            if let Some(b) = body {
                req = req.json(&b);
            }
            let resp = req.send().await.unwrap();
            let text = resp.text().await.unwrap();
            serde_json::from_str(&text).unwrap_or(Value::Null)
        })
    }

    /// Every app request the sandbox recorded.
    pub fn requests(&self) -> Vec<Value> {
        self.http(reqwest::Method::GET, "/__sandbox/requests", None, false)
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The recorded requests that were not GET/HEAD: the writes.
    pub fn writes(&self) -> Vec<Value> {
        self.requests()
            .into_iter()
            .filter(|r| r["method"] != "GET" && r["method"] != "HEAD")
            .collect()
    }

    /// The binary as a plain child process (to signal it mid-run), with the same isolated
    /// environment as [`Fx::cmd`], stdout and stderr piped.
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("swcache"));
        self.isolate(&mut cmd);
        cmd.arg("--url")
            .arg(&self.url)
            .arg("--token-file")
            .arg(&self.token_file)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        cmd.spawn().expect("swcache starts")
    }

    /// The isolated environment of [`Fx::bare`], for a plain child process.
    pub fn isolate(&self, cmd: &mut std::process::Command) {
        let home = self.home.path();
        for var in ISOLATED_VARS {
            cmd.env_remove(var);
        }
        cmd.env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("NO_COLOR", "1")
            .current_dir(home);
    }

    pub fn clear_requests(&self) {
        self.http(reqwest::Method::DELETE, "/__sandbox/requests", None, false);
    }

    pub fn fault(&self, fault: Value) {
        self.http(
            reqwest::Method::POST,
            "/__sandbox/faults",
            Some(fault),
            false,
        );
    }

    pub fn clear_faults(&self) {
        self.http(reqwest::Method::DELETE, "/__sandbox/faults", None, false);
    }

    /// PATCH /__sandbox/state (a JSON merge patch).
    pub fn patch_state(&self, patch: Value) {
        let v = self.http(
            reqwest::Method::PATCH,
            "/__sandbox/state",
            Some(patch),
            false,
        );
        assert!(v.get("error").is_none(), "state patch refused: {v}");
    }

    /// Moves the sandbox's clock `secs` ahead (what clients do over time happens at once).
    pub fn advance_clock(&self, secs: u64) {
        let v = self.http(
            reqwest::Method::POST,
            "/__sandbox/clock",
            Some(serde_json::json!({ "advance_seconds": secs })),
            false,
        );
        assert!(v.get("advanced_seconds").is_some(), "clock refused: {v}");
    }

    pub fn state(&self) -> Value {
        self.http(reqwest::Method::GET, "/__sandbox/state", None, false)
    }

    pub fn flag(&self) -> Value {
        self.http(reqwest::Method::GET, "/api/admin/feature-flags", None, true)["enhanced-cache"]
            .clone()
    }

    /// Someone else's change to the flag, through the admin API: recorded like any write, and
    /// told apart by its `userGroups` (a `rollout run` write never sends them).
    pub fn foreign_flag_write(&self, enabled: bool, pct: u8) {
        let body = serde_json::json!({"enhanced-cache": {
            "enabled": enabled, "percentage": pct, "userGroups": ["someone-else"]
        }});
        let v = self.http(
            reqwest::Method::POST,
            "/api/admin/feature-flags",
            Some(body),
            true,
        );
        assert!(v.get("error").is_none(), "flag write refused: {v}");
    }

    pub fn set_flag_percentage(&self, pct: u8) {
        // Through the sandbox's state, not the admin API: the flag has stood at `pct` since
        // the scenario began (its updatedAt, two weeks back, is past the minimum bake).
        self.patch_state(serde_json::json!({"flag": {"percentage": pct}}));
        self.clear_requests();
    }

    /// Asserts the token appears in none of the run's output nor the audit log.
    pub fn assert_no_token(&self, run: &Run) {
        assert!(
            !run.stdout.contains(&self.token),
            "token on stdout:\n{}",
            run.stdout
        );
        assert!(
            !run.stderr.contains(&self.token),
            "token on stderr:\n{}",
            run.stderr
        );
        let audit = std::fs::read_to_string(self.audit_log()).unwrap_or_default();
        assert!(!audit.contains(&self.token), "token in the audit log");
    }
}

impl Drop for Fx {
    fn drop(&mut self) {
        if let Some(sb) = self.sandbox.take() {
            self.rt.block_on(sb.shutdown());
        }
    }
}

pub fn check<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no check {name} in {doc:#}"))
}

/// Polls until `ready`: a guard of 45 s against hangs, not a timing assertion.
pub fn wait_for(what: &str, ready: impl Fn() -> bool) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(45);
    while !ready() {
        assert!(
            std::time::Instant::now() < until,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Waits for a spawned run to end and collects it.
pub fn finish(child: std::process::Child) -> Run {
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The percentages written to the flag, in order.
pub fn flag_percentages(fx: &Fx) -> Vec<Value> {
    fx.writes()
        .into_iter()
        .filter(|w| w["path"] == "/api/admin/feature-flags")
        .map(|w| w["body"]["enhanced-cache"]["percentage"].clone())
        .collect()
}

/// Harmless `redeploy` and `database_rollback` steps, for planned rollbacks that run to the end.
pub const ROLLBACK_STEPS: &str = r#"
[steps.redeploy]
command = "echo deploying the previous version"
timeout = "30s"

[steps.database_rollback]
command = "echo no migration to undo"
timeout = "30s"
"#;
