//! `swcache probe` in real Chromium (Debian's `chromium-headless-shell`, which `.ci/test`
//! installs) against the embedded sandbox, whose worker releases are real Workbox output; and
//! the browsers that are not there, hang or crash. Every run is bounded by `--deadline` and by
//! the harness's guard; no test asserts a wall-clock time.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::support::{Fx, Run, check};

const CHROMIUM: &str = "/usr/bin/chromium-headless-shell";

/// The browser the tests run: `SWCACHE_TEST_BROWSER`, else Debian's.
fn chromium() -> String {
    let p = std::env::var("SWCACHE_TEST_BROWSER").unwrap_or_else(|_| CHROMIUM.into());
    assert!(
        Path::new(&p).exists(),
        "no browser at {p}: apt-get install chromium-headless-shell (as .ci/test does), or set \
         SWCACHE_TEST_BROWSER"
    );
    p
}

fn probe(fx: &Fx, deadline: &str) -> Run {
    fx.run(fx.cmd().env("SWCACHE_BROWSER", chromium()).args([
        "--json",
        "probe",
        "--deadline",
        deadline,
    ]))
}

/// Serves release `version` of the sandbox's Workbox-built worker: a deploy or a rollback.
fn serve_release(fx: &Fx, version: &str) {
    let script = swcache_sandbox::worker_script("/sw-enhanced.js", version);
    assert!(
        script.contains(&format!("\"{version}\"")),
        "{version} is a release"
    );
    fx.patch_state(
        json!({"worker_scripts": {"/sw-enhanced.js": script}, "sw": {"version": version}}),
    );
}

/// A client probed on v1.0.0 (the kept profile), then again once `version` is served.
fn probed_after_release(version: &str) -> (Run, Value) {
    let fx = Fx::new();
    assert_eq!(probe(&fx, "30s").code, 0);
    serve_release(&fx, version);
    let run = probe(&fx, "30s");
    let doc = run.json();
    (run, doc)
}

fn status<'a>(doc: &'a Value, name: &str) -> &'a str {
    check(doc, name)["status"].as_str().unwrap()
}

fn detail(doc: &Value, name: &str) -> String {
    check(doc, name)["detail"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[test]
fn a_new_client_is_controlled_precached_and_served_offline() {
    let fx = Fx::new();
    let run = probe(&fx, "30s");
    let doc = run.json();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let b = &doc["browser"];
    assert_eq!(b["worker"]["state"], "activated");
    assert_eq!(b["worker"]["controls_page"], true);
    assert_eq!(b["worker"]["version"], "v1.0.0");
    assert_eq!(
        b["worker"]["script_url"],
        format!("{}/sw-enhanced.js", fx.url)
    );
    assert_eq!(b["existing_client"], false);
    assert_eq!(b["update"]["outcome"], "current");
    // The manifest Workbox injected, every entry in Cache Storage.
    assert_eq!(b["precache"]["expected"], 3);
    assert_eq!(b["precache"]["cached"], 3);
    assert_eq!(b["precache"]["missing"], json!([]));
    assert!(b["storage"]["quota_bytes"].as_u64().unwrap() > 0);
    assert!(
        b["storage"]["usage_bytes"].as_u64().unwrap() > 0,
        "the precache takes room"
    );
    assert_eq!(b["offline"]["served_by_worker"], true);
    for name in [
        "worker in the browser",
        "update reached the client",
        "precache in the browser",
        "storage in the browser",
        "offline reload",
    ] {
        assert_eq!(status(&doc, name), "ok", "{name}: {doc:#}");
    }
    // The token stays out of the browser's world: the probe sends none.
    fx.assert_no_token(&run);

    // The kept profile: a second probe is an existing client of the same worker.
    let again = probe(&fx, "30s").json();
    assert_eq!(again["browser"]["existing_client"], true);
    assert_eq!(again["browser"]["update"]["outcome"], "current");
}

#[test]
fn a_rollback_reaches_the_kept_client() {
    // The backup release (skipWaiting, clients.claim) replaces v1.0.0 at the edge.
    let (run, doc) = probed_after_release("v0.9.0");
    assert_eq!(run.code, 0, "{doc:#}");
    let b = &doc["browser"];
    assert_eq!(b["existing_client"], true);
    assert_eq!(b["update"]["outcome"], "activated", "{b:#}");
    assert_eq!(b["worker"]["version"], "v0.9.0");
    assert_eq!(b["worker"]["controls_page"], true);
    assert!(b["waiting"].is_null());
    assert!(detail(&doc, "update reached the client").contains("v0.9.0 took over"));
}

#[test]
fn a_release_without_skip_waiting_is_stuck_waiting_and_says_why() {
    let (run, doc) = probed_after_release("v1.0.1");
    assert_eq!(run.code, 1, "a WARNING: {doc:#}");
    let b = &doc["browser"];
    assert_eq!(b["update"]["outcome"], "waiting");
    assert_eq!(
        b["worker"]["version"], "v1.0.0",
        "the old worker still runs"
    );
    assert_eq!(b["waiting"]["version"], "v1.0.1");
    assert_eq!(b["waiting"]["skip_waiting"], false);
    assert_eq!(status(&doc, "update reached the client"), "warning");
    let why = detail(&doc, "update reached the client");
    assert!(
        why.contains("v1.0.1") && why.contains("skipWaiting"),
        "{why}"
    );
}

#[test]
fn a_redirected_worker_is_refused_by_the_browser() {
    let fx = Fx::scenario("worker-redirect");
    let run = probe(&fx, "20s");
    let doc = run.json();
    assert_eq!(run.code, 2, "{doc:#}");
    assert_eq!(doc["browser"]["worker"]["state"], "none");
    assert_eq!(status(&doc, "worker in the browser"), "critical");
    assert!(detail(&doc, "worker in the browser").contains("redirect"));
}

#[test]
fn a_precache_entry_that_404s_fails_the_install() {
    let fx = Fx::scenario("precache-missing");
    let run = probe(&fx, "20s");
    let doc = run.json();
    assert_eq!(run.code, 2, "{doc:#}");
    assert_eq!(doc["browser"]["worker"]["state"], "none");
    assert!(detail(&doc, "worker in the browser").contains("install fails"));
}

#[test]
fn an_update_whose_precache_404s_leaves_the_client_on_the_old_worker() {
    let fx = Fx::new();
    assert_eq!(probe(&fx, "30s").code, 0);
    serve_release(&fx, "v0.9.0");
    fx.fault(json!({"path": "/static/app.css", "status": 404}));
    let run = probe(&fx, "30s");
    let doc = run.json();
    assert_eq!(run.code, 2, "{doc:#}");
    assert_eq!(doc["browser"]["update"]["outcome"], "redundant");
    assert_eq!(doc["browser"]["worker"]["version"], "v1.0.0");
    assert_eq!(status(&doc, "update reached the client"), "critical");
}

/// A fresh PATH holding nothing: no browser can be found there.
fn empty_path(fx: &Fx) -> PathBuf {
    let dir = fx.home.path().join("empty-bin");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn no_browser_is_unknown_and_names_what_to_install() {
    let fx = Fx::new();
    let run =
        fx.run(
            fx.cmd()
                .env("PATH", empty_path(&fx))
                .args(["--json", "probe", "--deadline", "5s"]),
        );
    let doc = run.json();
    assert_eq!(run.code, 3, "never a pass: {doc:#}");
    assert_eq!(status(&doc, "browser"), "unknown");
    assert!(detail(&doc, "browser").contains("apt-get install chromium-headless-shell"));
    assert!(doc["browser"]["path"].is_null());

    let run = fx.run(
        fx.cmd()
            .env("SWCACHE_BROWSER", fx.home.path().join("no-such-browser"))
            .args(["probe", "--deadline", "5s"]),
    );
    assert_eq!(run.code, 3);
    assert!(run.stdout.contains("SWCACHE_BROWSER"), "{}", run.stdout);
    assert!(
        run.stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("UNKNOWN (exit 3)")
    );
}

fn script(fx: &Fx, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = fx.home.path().join(name);
    std::fs::write(&p, body).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

/// Alive and not a zombie: /proc/PID/stat's state field.
fn running(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| rest.to_string()))
        .is_some_and(|rest| !rest.starts_with('Z'))
}

#[test]
fn a_browser_that_hangs_is_unknown_by_the_deadline_and_ended_with_its_children() {
    let fx = Fx::new();
    let pids = fx.home.path().join("pids");
    let hang = script(
        &fx,
        "hang.sh",
        &format!(
            "#!/bin/sh\nsleep 300 &\necho $$ $! > {}\nwait\n",
            pids.display()
        ),
    );
    let run = fx.run(fx.cmd().env("SWCACHE_BROWSER", &hang).args([
        "--json",
        "probe",
        "--deadline",
        "2s",
    ]));
    let doc = run.json();
    assert_eq!(run.code, 3, "{doc:#}");
    assert!(
        detail(&doc, "browser").contains("did not answer"),
        "{doc:#}"
    );
    let text = std::fs::read_to_string(&pids).unwrap();
    for pid in text.split_whitespace() {
        crate::support::wait_for(&format!("process {pid} to end"), || !running(pid));
    }
}

#[test]
fn a_browser_that_crashes_is_unknown_with_its_last_words() {
    let fx = Fx::new();
    let crash = script(
        &fx,
        "crash.sh",
        "#!/bin/sh\necho 'Trace/breakpoint trap: boom' >&2\nexit 133\n",
    );
    let run = fx.run(fx.cmd().env("SWCACHE_BROWSER", &crash).args([
        "--json",
        "probe",
        "--deadline",
        "10s",
    ]));
    let doc = run.json();
    assert_eq!(run.code, 3, "{doc:#}");
    let why = detail(&doc, "browser");
    assert!(why.contains("closed") || why.contains("exited"), "{why}");
}

#[test]
fn sigterm_ends_the_probe_and_the_browser() {
    let fx = Fx::new();
    let pids = fx.home.path().join("pids");
    let hang = script(
        &fx,
        "hang.sh",
        &format!(
            "#!/bin/sh\nsleep 300 &\necho $$ $! > {}\nwait\n",
            pids.display()
        ),
    );
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("swcache"));
    fx.isolate(&mut cmd);
    cmd.env("SWCACHE_BROWSER", &hang)
        .args(["--url", &fx.url, "probe", "--deadline", "60s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    crate::support::wait_for("the browser to start", || {
        std::fs::read_to_string(&pids).is_ok_and(|t| t.split_whitespace().count() == 2)
    });
    // SAFETY: kill has no memory-safety preconditions.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let run = crate::support::finish(child);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    for pid in std::fs::read_to_string(&pids).unwrap().split_whitespace() {
        crate::support::wait_for(&format!("process {pid} to end"), || !running(pid));
    }
}

/// The sandbox's worker releases are what workbox-cli makes of its sources today.
#[test]
fn the_sandbox_releases_are_current_workbox_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let sandbox = dir.path().join("crates/swcache-sandbox");
    crate::workbox::copy_dir(
        &root.join("crates/swcache-sandbox/site"),
        &sandbox.join("site"),
    );
    crate::workbox::copy_dir(
        &root.join("crates/swcache-sandbox/workbox"),
        &sandbox.join("workbox"),
    );
    let out = sandbox.join("workbox/out");
    std::fs::remove_dir_all(&out).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let status = std::process::Command::new(sandbox.join("workbox/build.sh"))
        .env("WORKBOX", crate::workbox::workbox_bin())
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    for v in ["v1.0.0", "v0.9.0", "v1.0.1"] {
        let name = format!("sw-{v}.js");
        let built = std::fs::read_to_string(out.join(&name)).unwrap();
        let committed =
            std::fs::read_to_string(root.join("crates/swcache-sandbox/workbox/out").join(&name))
                .unwrap();
        assert_eq!(
            built, committed,
            "{name} differs from workbox-cli's output: run crates/swcache-sandbox/workbox/build.sh"
        );
        assert_eq!(
            swcache_sandbox::worker_script("/sw-enhanced.js", v),
            committed
        );
    }
}

/// The same faults as the edge shows them (`validate --precache`), without a browser.
#[test]
fn the_sandbox_faults_at_the_edge() {
    for (scenario, name, want) in [
        (
            "worker-redirect",
            "worker fetch /sw-enhanced.js",
            "critical",
        ),
        ("precache-missing", "precache /sw-enhanced.js", "critical"),
        (
            "precache-html-fallback",
            "precache /sw-enhanced.js",
            "critical",
        ),
        ("healthy", "precache /sw-enhanced.js", "ok"),
    ] {
        let fx = Fx::scenario(scenario);
        let doc = fx.swcache(&["--json", "validate", "--precache"]).json();
        assert_eq!(status(&doc, name), want, "{scenario}: {doc:#}");
    }
    let fx = Fx::scenario("precache-html-fallback");
    let doc = fx.swcache(&["--json", "validate", "--precache"]).json();
    assert!(
        detail(&doc, "precache /sw-enhanced.js").contains("static/app.js"),
        "{doc:#}"
    );
}

/// `deploy staging` of what the sandbox serves now, with `config` (no build: the artifacts
/// are the served worker).
fn deploy_served(fx: &Fx, config: &str) -> Run {
    use crate::deploy::{build_dir, deploy, served, write_config};
    write_config(fx, config);
    let dir = build_dir(fx, &served(fx, "/sw-enhanced.js"));
    let dir = dir.to_str().unwrap();
    let args = [
        "--json",
        "--yes",
        "deploy",
        "staging",
        "--skip-build",
        "--build-dir",
        dir,
        "--verify-deadline",
        "5s",
    ];
    deploy(fx, None, &args)
}

#[test]
fn deploy_probes_after_verifying_when_a_browser_is_configured() {
    let fx = Fx::new();
    let config = format!(
        "[browser]\npath = \"{}\"\n[steps.deploy]\ncommand = \"true\"\n",
        chromium()
    );
    let first = deploy_served(&fx, &config).json();
    assert_eq!(
        first["deploy"]["browser"]["worker"]["version"], "v1.0.0",
        "{first:#}"
    );
    assert_eq!(status(&first, "worker in the browser"), "ok");

    // The next release reaches the client the first deploy's probe left behind.
    serve_release(&fx, "v0.9.0");
    let run = deploy_served(&fx, &config);
    let doc = run.json();
    let b = &doc["deploy"]["browser"];
    assert_eq!(b["existing_client"], true, "{doc:#}");
    assert_eq!(b["update"]["outcome"], "activated");
    assert_eq!(b["worker"]["version"], "v0.9.0");
    assert_eq!(status(&doc, "update reached the client"), "ok");
    assert!(run.code <= 1, "{doc:#}");

    // Without [browser], deploy runs no browser.
    let doc = deploy_served(&fx, "[steps.deploy]\ncommand = \"true\"\n").json();
    assert!(doc["deploy"].get("browser").is_none(), "{doc:#}");
    assert!(
        doc["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["name"] != "worker in the browser")
    );
}

#[test]
fn the_worker_read_from_the_edge_is_the_one_the_page_registered() {
    let fx = Fx::new();
    // The config names another script than the one the page registers (/sw-enhanced.js).
    crate::deploy::write_config(
        &fx,
        "[worker]\npaths = [\"/sw.js\"]\npage = \"/index.html\"\n",
    );
    let run = probe(&fx, "30s");
    let doc = run.json();
    assert_eq!(run.code, 0, "{doc:#}");
    let b = &doc["browser"];
    assert_eq!(b["page"], format!("{}/index.html", fx.url));
    assert_eq!(
        b["worker"]["script_url"],
        format!("{}/sw-enhanced.js", fx.url)
    );
    assert_eq!(
        b["precache"]["expected"], 3,
        "the registered worker's manifest: {b:#}"
    );
}

#[test]
fn a_dry_run_starts_no_browser() {
    let fx = Fx::new();
    let pids = fx.home.path().join("started");
    let fake = script(
        &fx,
        "fake.sh",
        &format!("#!/bin/sh\ntouch {}\n", pids.display()),
    );
    let run = fx.run(fx.cmd().env("SWCACHE_BROWSER", &fake).args([
        "--json",
        "--dry-run",
        "probe",
        "--deadline",
        "5s",
    ]));
    let doc = run.json();
    assert_eq!(run.code, 3, "{doc:#}");
    assert!(detail(&doc, "browser").contains("dry run"), "{doc:#}");
    assert!(!pids.exists(), "the browser was started");
    assert!(fx.requests().is_empty(), "{:?}", fx.requests());
}

#[test]
fn the_kill_switch_takes_over_a_kept_client() {
    let fx = Fx::new();
    // A client that runs v1.0.0 (the kept profile).
    assert_eq!(probe(&fx, "30s").code, 0);
    let config = format!(
        "[browser]\npath = \"{}\"\n{}",
        chromium(),
        crate::kill_switch::PUBLISH
    );
    crate::kill_switch::config(&fx, &config);
    let run = fx.swcache(&["--json", "--yes", "rollback", "emergency", "--kill-switch"]);
    let doc = run.json();
    assert_eq!(run.code, 0, "{doc:#}\n{}", run.stderr);
    // The browser's update check found the kill switch, and it took the client over.
    let b = &doc["browser"];
    assert_eq!(b["existing_client"], true, "{b:#}");
    assert_eq!(b["update"]["outcome"], "activated", "{b:#}");
    // The kill switch's SW_VERSION.
    assert_eq!(b["worker"]["version"], "kill-switch", "{b:#}");
    assert_eq!(status(&doc, "update reached the client"), "ok");
}
