//! `deploy staging|production`: preflight, steps, artifacts and verification, against the
//! sandbox and a temporary build directory. Fake `node`/`npm` on PATH make the preflight
//! independent of the machine's Node.js.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::support::{Fx, Run, check};

/// A build directory holding `public/sw-enhanced.js` (with `worker`) and a workbox chunk.
pub(crate) fn build_dir(fx: &Fx, worker: &str) -> PathBuf {
    let dir = fx.home.path().join("app");
    std::fs::create_dir_all(dir.join("public")).unwrap();
    std::fs::write(dir.join("public/sw-enhanced.js"), worker).unwrap();
    std::fs::write(dir.join("public/workbox-5a1b.js"), "/* workbox */").unwrap();
    dir
}

/// The worker body the sandbox serves now.
pub(crate) fn served(fx: &Fx, path: &str) -> String {
    fx.state()["worker_scripts"][path]
        .as_str()
        .unwrap()
        .to_string()
}

/// A bin dir with a fake `node` printing `version` and a fake `npm`, for PATH.
pub(crate) fn fake_tools(fx: &Fx, version: &str) -> String {
    let bin = fx.home.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for (name, body) in [
        ("node", format!("#!/bin/sh\necho {version}\n")),
        ("npm", "#!/bin/sh\nexit 0\n".to_string()),
    ] {
        let p = bin.join(name);
        std::fs::write(&p, body).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

pub(crate) fn write_config(fx: &Fx, text: &str) {
    std::fs::write(fx.home.path().join("swcache.toml"), text).unwrap();
}

pub(crate) fn deploy(fx: &Fx, path_var: Option<&str>, args: &[&str]) -> Run {
    let mut cmd = fx.cmd();
    if let Some(p) = path_var {
        cmd.env("PATH", p);
    }
    cmd.env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY");
    fx.run(cmd.args(args))
}

/// `--json deploy TARGET --verify-only` of the build in `dir`, polling up to `deadline`.
pub(crate) fn verify_only(fx: &Fx, target: &str, dir: &std::path::Path, deadline: &str) -> Run {
    let dir = dir.to_str().unwrap();
    deploy(
        fx,
        None,
        &[
            "--json",
            "deploy",
            target,
            "--verify-only",
            "--build-dir",
            dir,
            "--verify-deadline",
            deadline,
        ],
    )
}

pub(crate) fn status(doc: &Value, name: &str) -> String {
    check(doc, name)["status"].as_str().unwrap().to_string()
}

pub(crate) fn detail(doc: &Value, name: &str) -> String {
    check(doc, name)["detail"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn verify_only_passes_when_served_matches_the_build() {
    let fx = Fx::new();
    let dir = build_dir(&fx, &served(&fx, "/sw-enhanced.js"));
    let run = verify_only(&fx, "production", &dir, "0s");
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["environment"], "production");
    for c in doc["checks"].as_array().unwrap() {
        assert_eq!(c["status"], "ok", "{c}");
    }
    assert_eq!(
        detail(&doc, "artifact public/workbox-*.js"),
        "public/workbox-5a1b.js"
    );
    assert_eq!(doc["deploy"]["verify"]["passed"], true);
    assert_eq!(
        doc["deploy"]["release"], "v1.0.0",
        "from the artifact's SW_VERSION"
    );
    assert_eq!(
        doc["deploy"]["worker"]["served_sha256"],
        doc["deploy"]["worker"]["local_sha256"]
    );
    let paths: Vec<String> = fx
        .requests()
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    for p in [
        "/sw-enhanced.js",
        "/api/health",
        "/api/sw-status",
        "/api/cache-metrics",
        "/metrics",
        "/health",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} not read: {paths:?}");
    }
    assert!(fx.writes().is_empty());
    assert!(fx.audit_lines().is_empty(), "no step ran");
}

#[test]
fn stale_worker_fails_verification_showing_both_hashes() {
    let fx = Fx::new();
    let dir = build_dir(&fx, "const SW_VERSION = \"v1.0.0\";\n// the new build\n");
    let run = verify_only(&fx, "production", &dir, "0s");
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let name = "worker hash /sw-enhanced.js";
    assert_eq!(status(&doc, name), "critical");
    let served = doc["deploy"]["worker"]["served_sha256"].as_str().unwrap();
    let local = doc["deploy"]["worker"]["local_sha256"].as_str().unwrap();
    assert_ne!(served, local);
    let d = detail(&doc, name);
    assert!(d.contains(served) && d.contains(local), "{d}");
    assert_eq!(doc["deploy"]["verify"]["passed"], false);
    // People see both hashes too.
    let table = deploy(
        &fx,
        None,
        &[
            "deploy",
            "production",
            "--verify-only",
            "--build-dir",
            dir.to_str().unwrap(),
            "--verify-deadline",
            "0s",
        ],
    );
    assert!(
        table.stdout.contains(served) && table.stdout.contains(local),
        "{}",
        table.stdout
    );
}

#[test]
fn verification_polls_until_the_cdn_catches_up() {
    let fx = Fx::new();
    let dir = build_dir(&fx, &served(&fx, "/sw-enhanced.js"));
    write_config(&fx, "[deploy]\nverify_interval = \"100ms\"\n");
    // The first read gets the stale copy, later ones the new worker.
    fx.fault(
        json!({"path": "/sw-enhanced.js", "body": "const SW_VERSION = \"v0.9.0\";", "times": 1}),
    );
    let run = verify_only(&fx, "staging", &dir, "30s");
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["deploy"]["verify"]["rounds"], 2);
    assert!(
        run.stderr.contains("verify round 1: not yet (worker hash"),
        "{}",
        run.stderr
    );
}

#[test]
fn long_cache_control_html_and_missing_service_worker_allowed_are_flagged() {
    let fx = Fx::new();
    // A worker without a precache manifest: moved below its scope (further down), a Workbox
    // one would precache relative to its new path (tests/cli/precache.rs's subject, not this).
    let body = swcache_sandbox::worker_script("/sw.js", "v1.0.0");
    fx.patch_state(json!({"worker_scripts": {"/sw-enhanced.js": body}}));
    let dir = build_dir(&fx, &body);
    let dir_s = dir.to_str().unwrap().to_string();
    let verify = |fx: &Fx| {
        let run = deploy(
            fx,
            None,
            &[
                "--json",
                "deploy",
                "production",
                "--verify-only",
                "--build-dir",
                &dir_s,
                "--verify-deadline",
                "0s",
            ],
        );
        (run.code, run.json())
    };

    fx.fault(
        json!({"path": "/sw-enhanced.js", "headers": {"cache-control": "public, max-age=86400"}}),
    );
    let (code, doc) = verify(&fx);
    assert_eq!(code, 2);
    assert_eq!(status(&doc, "worker Cache-Control"), "critical");
    assert!(detail(&doc, "worker Cache-Control").contains("max-age=86400"));
    assert_eq!(status(&doc, "worker hash /sw-enhanced.js"), "ok");
    fx.clear_faults();

    fx.fault(
        json!({"path": "/sw-enhanced.js", "content_type": "text/html; charset=utf-8",
                    "body": "<!doctype html><html><body>app shell</body></html>"}),
    );
    let (code, doc) = verify(&fx);
    assert_eq!(code, 2);
    assert_eq!(status(&doc, "worker Content-Type"), "critical");
    assert!(detail(&doc, "worker Content-Type").contains("HTML"));
    fx.clear_faults();

    // A worker below its scope needs Service-Worker-Allowed.
    fx.patch_state(json!({"worker_scripts": {"/static/js/sw-enhanced.js": body}}));
    write_config(
        &fx,
        "[deploy]\nworker_path = \"/static/js/sw-enhanced.js\"\nscope = \"/\"\n",
    );
    let (code, doc) = verify(&fx);
    assert_eq!(
        code, 0,
        "the sandbox sends Service-Worker-Allowed: /: {doc:#}"
    );
    assert_eq!(status(&doc, "Service-Worker-Allowed"), "ok");
    fx.fault(json!({"path": "/static/js/sw-enhanced.js", "drop_header": "service-worker-allowed"}));
    let (code, doc) = verify(&fx);
    assert_eq!(code, 2);
    assert_eq!(status(&doc, "Service-Worker-Allowed"), "critical");
    assert!(detail(&doc, "Service-Worker-Allowed").contains("missing"));
    fx.clear_faults();

    // Monitoring: a family missing from /metrics, the health endpoint down.
    write_config(&fx, "");
    fx.fault(json!({"path": "/metrics", "body": "# TYPE cache_hit_rate_total gauge\ncache_hit_rate_total 0.9\n"}));
    fx.fault(json!({"path": "/health", "status": 404}));
    let (code, doc) = verify(&fx);
    assert_eq!(code, 2);
    assert_eq!(status(&doc, "metric families"), "critical");
    assert!(detail(&doc, "metric families").contains("background_sync_queue_size"));
    assert_eq!(status(&doc, "monitoring health /health"), "critical");
    assert!(fx.writes().is_empty());
}

#[test]
fn plain_http_production_is_refused_before_anything_runs() {
    let fx = Fx::new();
    let marker = fx.home.path().join("built");
    write_config(
        &fx,
        &format!("[steps.build]\ncommand = \"touch {}\"\n", marker.display()),
    );
    // `.invalid` never resolves: even a bug could not reach anything.
    let run = fx.run(fx.bare().args([
        "--json",
        "--url",
        "http://app.invalid",
        "deploy",
        "production",
    ]));
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(status(&doc, "target is HTTPS"), "critical");
    assert!(detail(&doc, "target is HTTPS").contains("--allow-insecure"));
    assert!(
        doc["stopped"]
            .as_str()
            .unwrap()
            .contains("preflight failed")
    );
    assert!(!marker.exists(), "the build step did not run");
    assert!(doc["actions"].as_array().unwrap().is_empty());
    assert!(fx.requests().is_empty());
}

#[test]
fn failing_build_step_exits_4_with_its_output() {
    let fx = Fx::new();
    let path = fake_tools(&fx, "v20.11.1");
    let dir = build_dir(&fx, &served(&fx, "/sw-enhanced.js"));
    let marker = fx.home.path().join("deployed");
    write_config(
        &fx,
        &format!(
            "[deploy]\nbuild_dir = \"{}\"\n[steps.build]\ncommand = \"echo compiling; echo 'error: Module not found: workbox-window' >&2; exit 3\"\n\
             [steps.deploy]\ncommand = \"touch {}\"\n",
            dir.display(),
            marker.display()
        ),
    );
    let run = deploy(&fx, Some(&path), &["--json", "deploy", "production"]);
    assert_eq!(run.code, 4, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let action = &doc["actions"][0];
    assert_eq!(action["name"], "step build");
    assert_eq!(action["outcome"], "failed");
    let d = action["detail"].as_str().unwrap();
    assert!(
        d.contains("exit 3") && d.contains("Module not found"),
        "{d}"
    );
    assert!(
        run.stderr.contains("build | compiling"),
        "streamed: {}",
        run.stderr
    );
    assert!(!marker.exists(), "no deploy after a failed build");
    assert_eq!(status(&doc, "Node.js ≥ 18"), "ok");
    assert!(fx.requests().is_empty(), "nothing verified after a failure");
    let audit = fx.audit_lines();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["request"]["method"], "RUN");
    assert_eq!(audit[0]["outcome"], "FAILED");
}

#[test]
fn old_node_stops_the_build_and_skip_build_does_not_need_it() {
    let fx = Fx::new();
    let path = fake_tools(&fx, "v16.20.2");
    let dir = build_dir(&fx, &served(&fx, "/sw-enhanced.js"));
    let built = fx.home.path().join("built");
    write_config(
        &fx,
        &format!(
            "[deploy]\nbuild_dir = \"{}\"\n[steps.build]\ncommand = \"touch {}\"\n[steps.deploy]\ncommand = \"true\"\n",
            dir.display(),
            built.display()
        ),
    );
    let run = deploy(&fx, Some(&path), &["--json", "deploy", "staging"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(status(&doc, "Node.js ≥ 18"), "critical");
    assert!(detail(&doc, "Node.js ≥ 18").contains("v16.20.2"));
    assert!(!built.exists());

    let run = deploy(
        &fx,
        Some(&path),
        &[
            "--json",
            "deploy",
            "staging",
            "--skip-build",
            "--verify-deadline",
            "0s",
        ],
    );
    // 1: the optional build validation and post-deploy tests are not configured (SKIPPED).
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert!(
        !doc["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "Node.js ≥ 18")
    );
    assert!(!built.exists(), "--skip-build runs no build");
    let deployed = doc["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "step deploy")
        .unwrap();
    assert_eq!(deployed["outcome"], "done");
}

#[test]
fn full_deploy_runs_the_steps_with_their_environment_then_verifies() {
    let fx = Fx::new();
    let path = fake_tools(&fx, "v20.11.1");
    let new_worker = "const SW_VERSION = \"v1.0.1\";\nself.addEventListener(\"install\", () => self.skipWaiting());\n";
    let dir = fx.home.path().join("app");
    std::fs::create_dir_all(&dir).unwrap();
    let src = fx.home.path().join("sw-src.js");
    std::fs::write(&src, new_worker).unwrap();
    let envfile = fx.home.path().join("build-env");
    write_config(
        &fx,
        &format!(
            "[deploy]\nbuild_dir = \"{dir}\"\nrelease = \"v1.0.1\"\nenv = {{ EXTRA = \"yes\" }}\n\
             [steps.build]\ncommand = \"mkdir -p public && cp {src} public/sw-enhanced.js && touch public/workbox-1.js && \
             echo $NODE_ENV $NEXT_PUBLIC_SW_ENABLED $NEXT_PUBLIC_CACHE_VERSION $EXTRA $SWCACHE_DEPLOY_ENV > {env}\"\n\
             [steps.deploy]\ncommand = \"echo uploading\"\n",
            dir = dir.display(),
            src = src.display(),
            env = envfile.display()
        ),
    );
    // What the deploy step would have published.
    fx.patch_state(
        json!({"worker_scripts": {"/sw-enhanced.js": new_worker}, "sw": {"version": "v1.0.1"}}),
    );
    // The promotion gate and the other stages are tests/cli/pipeline.rs's.
    let run = deploy(
        &fx,
        Some(&path),
        &[
            "--json",
            "--yes",
            "deploy",
            "production",
            "--verify-deadline",
            "0s",
            "--skip-staging-gate",
            "tested elsewhere",
        ],
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        std::fs::read_to_string(&envfile).unwrap().trim(),
        "production true v1.0.1 yes production"
    );
    let doc = run.json();
    let outcomes: Vec<(&str, &str)> = doc["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["name"].as_str().unwrap(), a["outcome"].as_str().unwrap()))
        .filter(|(_, o)| *o != "skipped")
        .collect();
    assert_eq!(
        outcomes,
        vec![
            ("step build", "done"),
            ("skip staging gate", "done"),
            ("step deploy", "done")
        ]
    );
    assert_eq!(status(&doc, "sw-status release"), "ok");
    assert_eq!(fx.audit_lines().len(), 3);
    assert!(run.stderr.contains("deploy | uploading"));
    fx.assert_no_token(&run);
}

#[test]
fn unconfigured_steps_are_skipped_loudly() {
    let fx = Fx::new();
    let dir = build_dir(&fx, &served(&fx, "/sw-enhanced.js"));
    let run = deploy(
        &fx,
        None,
        &[
            "--json",
            "deploy",
            "staging",
            "--skip-build",
            "--build-dir",
            dir.to_str().unwrap(),
            "--verify-deadline",
            "0s",
        ],
    );
    // The deploy step is required: not configured stops the run (the one rule, README).
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(status(&doc, "step deploy"), "warning");
    assert!(detail(&doc, "step deploy").contains("SKIPPED"));
    assert!(
        doc["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["outcome"] == "skipped")
    );
    assert!(run.stderr.contains("SKIPPED step deploy"), "{}", run.stderr);
    assert!(
        fx.requests().is_empty(),
        "nothing deployed, nothing verified"
    );
}

#[test]
fn missing_artifacts_stop_before_the_deploy_step() {
    let fx = Fx::new();
    let dir = fx.home.path().join("empty");
    std::fs::create_dir_all(&dir).unwrap();
    let marker = fx.home.path().join("deployed");
    write_config(
        &fx,
        &format!("[steps.deploy]\ncommand = \"touch {}\"\n", marker.display()),
    );
    let run = deploy(
        &fx,
        None,
        &[
            "--json",
            "deploy",
            "production",
            "--skip-build",
            "--build-dir",
            dir.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(status(&doc, "artifact public/workbox-*.js"), "critical");
    assert!(!marker.exists());
}

#[test]
fn github_annotations_and_summary_when_in_actions() {
    let fx = Fx::new();
    let dir = build_dir(&fx, "const SW_VERSION = \"v1.0.0\"; // stale on the CDN\n");
    let summary = fx.home.path().join("step-summary.md");
    let args = [
        "--json",
        "deploy",
        "production",
        "--verify-only",
        "--build-dir",
        dir.to_str().unwrap(),
        "--verify-deadline",
        "0s",
    ];
    let run = fx.run(
        fx.cmd()
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .args(args),
    );
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    run.json(); // stdout is still one JSON document
    assert!(
        run.stderr.lines().any(|l| l.starts_with(
            "::error title=swcache deploy::worker hash /sw-enhanced.js CRITICAL: served sha256"
        )),
        "{}",
        run.stderr
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("swcache deploy · production"), "{md}");
    assert!(md.contains("**Status: CRITICAL (exit 2)**"), "{md}");
    assert!(
        md.contains("| worker hash /sw-enhanced.js |  | CRITICAL | served sha256"),
        "{md}"
    );
    assert!(!md.contains(&fx.token));

    // Without the variable: no workflow commands, no summary.
    std::fs::remove_file(&summary).unwrap();
    let run = deploy(&fx, None, &args);
    assert!(!run.stderr.contains("::error"), "{}", run.stderr);
    assert!(!summary.exists());
}

#[test]
fn env_flag_must_agree_with_the_target() {
    let fx = Fx::new();
    let run = fx.swcache(&["--env", "staging", "deploy", "production", "--verify-only"]);
    assert_eq!(run.code, 64, "{}", run.stderr);
    assert!(run.stderr.contains("staging") && run.stderr.contains("production"));
    // A config that defines other environments only: the target is not guessed.
    write_config(&fx, "[environments.qa]\nurl = \"https://qa.example.com\"\n");
    let run = fx.swcache(&["deploy", "production", "--verify-only"]);
    assert_eq!(run.code, 78, "{}", run.stderr);
    assert!(fx.requests().is_empty());
}

#[test]
fn target_environment_comes_from_the_config() {
    let fx = Fx::new();
    let dir = build_dir(&fx, &served(&fx, "/sw-enhanced.js"));
    write_config(
        &fx,
        &format!(
            "default_env = \"staging\"\n[environments.staging]\nurl = \"https://staging.example.invalid\"\n\
             [environments.production]\nurl = \"{}\"\n[environments.production.deploy]\nbuild_dir = \"{}\"\n",
            fx.url,
            dir.display()
        ),
    );
    let run = fx.run(fx.bare().args([
        "--json",
        "deploy",
        "production",
        "--verify-only",
        "--verify-deadline",
        "0s",
    ]));
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["environment"], "production");
    assert_eq!(doc["deploy"]["build_dir"], dir.display().to_string());
}

#[test]
fn dry_run_runs_no_step_and_verifies_nothing() {
    let fx = Fx::new();
    let path = fake_tools(&fx, "v20.11.1");
    let marker = fx.home.path().join("built");
    write_config(
        &fx,
        &format!(
            "[steps.build]\ncommand = \"touch {m}\"\n[steps.deploy]\ncommand = \"touch {m}\"\n",
            m = marker.display()
        ),
    );
    let run = deploy(
        &fx,
        Some(&path),
        &["--json", "--dry-run", "deploy", "production"],
    );
    // 1: the optional stages are not configured (SKIPPED), which a dry run says too.
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let outcomes: Vec<&str> = doc["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        vec![
            "dry-run", "skipped", "skipped", "skipped", "dry-run", "skipped"
        ]
    );
    assert!(!marker.exists());
    assert!(fx.requests().is_empty());
    assert!(fx.audit_lines().is_empty());
}
