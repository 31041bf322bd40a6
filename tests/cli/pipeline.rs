//! `deploy`'s pipeline with real shell steps against the sandbox: the guide's order of stages,
//! the one release in every step's environment, a failing validation stopping before deploy,
//! release mismatches, the promotion gate, `--dry-run`'s plan, and the SKIPPED rule shared
//! with rollback.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::deploy::{deploy, detail, fake_tools, status, write_config};
use crate::support::{Fx, Run};

const STEPS: [&str; 7] = [
    "build",
    "validate_build",
    "tag",
    "migrate",
    "deploy",
    "post_deploy_tests",
    "database_rollback",
];

/// A worker declaring `release`; `extra` changes its bytes (another build of the same release).
fn worker(release: &str, extra: &str) -> String {
    format!(
        "const SW_VERSION = \"{release}\";\n// {extra}\nself.addEventListener(\"install\", () => self.skipWaiting());\n"
    )
}

struct App {
    dir: PathBuf,
    src: PathBuf,
    log: PathBuf,
}

impl App {
    fn new(fx: &Fx) -> App {
        let dir = fx.home.path().join("app");
        std::fs::create_dir_all(&dir).unwrap();
        App {
            dir,
            src: fx.home.path().join("sw-src.js"),
            log: fx.home.path().join("stages.log"),
        }
    }

    /// What the next build produces.
    fn source(&self, body: &str) {
        std::fs::write(&self.src, body).unwrap();
    }

    /// Every step logs its name and the release it was given; the build copies the source
    /// into public/. `overrides` replace whole step tables (`[steps.NAME]` bodies).
    fn config(&self, fx: &Fx, extra: &str, overrides: &[(&str, &str)]) {
        // Staging's configured URL is the sandbox's: the promotion gate is bound to it.
        let mut text = format!(
            "[deploy]\nbuild_dir = \"{}\"\nverify_interval = \"100ms\"\n{extra}\n\
             [environments.staging]\nurl = \"{url}\"\n[environments.production]\nurl = \"{url}\"\n",
            self.dir.display(),
            url = fx.url
        );
        for name in STEPS {
            let log = format!(
                "echo \"{name}|$SWCACHE_RELEASE|$NEXT_PUBLIC_CACHE_VERSION|$SWCACHE_DEPLOY_ENV\" >> {}",
                self.log.display()
            );
            let body = match overrides.iter().find(|(n, _)| *n == name) {
                Some((_, b)) => b.to_string(),
                None if name == "build" => format!(
                    "command = '''mkdir -p public && cp {} public/sw-enhanced.js && touch public/workbox-1.js && {log}'''\ntimeout = \"3m\"",
                    self.src.display()
                ),
                None => format!("command = '''{log}'''\ntimeout = \"2m\""),
            };
            text.push_str(&format!("[steps.{name}]\n{body}\n"));
        }
        write_config(fx, &text);
    }

    /// The stages that ran, in order, with the release each was given.
    fn ran(&self) -> Vec<String> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        std::fs::remove_file(&self.log).ok();
        text.lines().map(String::from).collect()
    }
}

/// Node tools on PATH and an app whose build makes a v2.0.0 worker (`label` tells builds
/// apart): the start of every test here. Returns the PATH, the app and the worker's body.
fn building_v2(fx: &Fx, label: &str) -> (String, App, String) {
    let path = fake_tools(fx, "v20.11.1");
    let app = App::new(fx);
    let body = worker("v2.0.0", label);
    app.source(&body);
    (path, app, body)
}

/// The sandbox now serves `body` and reports `release` (what a deploy step would publish).
fn publish(fx: &Fx, body: &str, release: &str) {
    fx.patch_state(
        json!({"worker_scripts": {"/sw-enhanced.js": body}, "sw": {"version": release}}),
    );
}

fn run(fx: &Fx, path: &str, args: &[&str]) -> Run {
    // Production asks before it tags, migrates and deploys: no terminal here, so --yes.
    let mut all = vec!["--json", "--yes", "deploy"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--verify-deadline", "0s"]);
    deploy(fx, Some(path), &all)
}

fn pipeline(doc: &Value) -> Vec<(String, String)> {
    doc["deploy"]["pipeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["stage"].as_str().unwrap().to_string(),
                s["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn staging_record(fx: &Fx) -> Value {
    let p: &Path = &fx.home.path().join("state/swcache/deploy/staging.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    doc["releases"].clone()
}

#[test]
fn stages_run_in_the_guides_order_and_production_follows_a_passed_staging() {
    let fx = Fx::new();
    let (path, app, body) = building_v2(&fx, "build A");
    app.config(&fx, "", &[]);
    publish(&fx, &body, "v2.0.0");

    let staging = run(&fx, &path, &["staging"]);
    assert_eq!(staging.code, 0, "{}\n{}", staging.stdout, staging.stderr);
    // The release comes from the built worker: unknown to the build, given to every later
    // step; staging has no tag and no migration.
    assert_eq!(
        app.ran(),
        vec![
            "build|||staging",
            "validate_build|v2.0.0|v2.0.0|staging",
            "deploy|v2.0.0|v2.0.0|staging",
            "post_deploy_tests|v2.0.0|v2.0.0|staging",
        ]
    );
    let doc = staging.json();
    assert_eq!(
        pipeline(&doc),
        [
            ("preflight", "passed"),
            ("build", "done"),
            ("artifact check", "passed"),
            ("build validation", "done"),
            ("deploy", "done"),
            ("served-worker verification", "passed"),
            ("post-deploy tests", "done"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(doc["deploy"]["release"], "v2.0.0");
    assert_eq!(doc["deploy"]["release_source"], "built-worker");
    assert_eq!(status(&doc, "built worker release"), "ok");
    assert_eq!(status(&doc, "served worker release"), "ok");
    let rec = &staging_record(&fx)["v2.0.0"];
    assert_eq!(rec["verified"], true);
    assert_eq!(rec["tests"], "passed");
    assert_eq!(
        rec["worker_sha256"],
        doc["deploy"]["worker"]["local_sha256"]
    );
    let audit = fx.audit_lines();
    let recorded = audit.last().unwrap();
    assert_eq!(recorded["action"], "record staging result");
    assert_eq!(recorded["request"]["body"]["release"], "v2.0.0");

    // Production of the same build: the gate opens; tag and migration run, in order.
    let prod = run(&fx, &path, &["production"]);
    assert_eq!(prod.code, 0, "{}\n{}", prod.stdout, prod.stderr);
    assert_eq!(
        app.ran(),
        vec![
            "build|||production",
            "validate_build|v2.0.0|v2.0.0|production",
            "tag|v2.0.0|v2.0.0|production",
            "migrate|v2.0.0|v2.0.0|production",
            "deploy|v2.0.0|v2.0.0|production",
            "post_deploy_tests|v2.0.0|v2.0.0|production",
        ]
    );
    let doc = prod.json();
    assert_eq!(status(&doc, "promotion gate"), "ok");
    let stages: Vec<String> = pipeline(&doc).into_iter().map(|(s, _)| s).collect();
    assert_eq!(
        stages,
        [
            "preflight",
            "build",
            "artifact check",
            "build validation",
            "promotion gate",
            "release tag",
            "database migration",
            "deploy",
            "served-worker verification",
            "post-deploy tests"
        ]
    );
    fx.assert_no_token(&prod);
}

#[test]
fn a_failing_validation_stops_before_deploy_with_its_last_lines() {
    let fx = Fx::new();
    let (path, app, _) = building_v2(&fx, "x");
    app.config(
        &fx,
        "",
        &[(
            "validate_build",
            "command = '''echo checking; echo 'error: precache manifest has no entry for /offline.html' >&2; exit 2'''",
        )],
    );
    let r = run(&fx, &path, &["staging"]);
    assert_eq!(r.code, 4, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(app.ran(), vec!["build|||staging"], "nothing after it ran");
    let doc = r.json();
    let failed = doc["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "step validate_build")
        .unwrap();
    assert_eq!(failed["outcome"], "failed");
    let d = failed["detail"].as_str().unwrap();
    assert!(
        d.contains("exit 2") && d.contains("no entry for /offline.html"),
        "{d}"
    );
    let p = pipeline(&doc);
    assert_eq!(p[3], ("build validation".into(), "failed".into()));
    assert_eq!(p[4], ("deploy".into(), "not reached".into()));
    assert!(
        fx.requests().is_empty(),
        "nothing deployed, nothing verified"
    );

    // People see the last lines in the report too.
    let table = deploy(&fx, Some(&path), &["deploy", "staging"]);
    assert_eq!(table.code, 4);
    assert!(
        table.stdout.contains("no entry for /offline.html"),
        "{}",
        table.stdout
    );
}

#[test]
fn a_release_the_worker_does_not_declare_is_critical_built_then_served() {
    let fx = Fx::new();
    let (path, app, _) = building_v2(&fx, "x");
    app.config(&fx, "", &[]);

    // --release says v2.0.1; the build made v2.0.0: stopped before anything is deployed.
    let r = run(&fx, &path, &["staging", "--release", "v2.0.1"]);
    assert_eq!(r.code, 5, "{}\n{}", r.stdout, r.stderr);
    let doc = r.json();
    assert_eq!(status(&doc, "built worker release"), "critical");
    assert!(
        detail(&doc, "built worker release")
            .contains("declares SW_VERSION v2.0.0, but the release is v2.0.1")
    );
    assert_eq!(
        app.ran(),
        vec!["build|v2.0.1|v2.0.1|staging"],
        "the build got the release; nothing after it ran"
    );
    assert!(fx.requests().is_empty());

    // The build is right, but what is served is still the old release.
    let r = run(&fx, &path, &["staging", "--release", "v2.0.0"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    let doc = r.json();
    assert_eq!(status(&doc, "built worker release"), "ok");
    assert_eq!(status(&doc, "served worker release"), "critical");
    assert!(
        detail(&doc, "served worker release")
            .contains("declares SW_VERSION v1.0.0, but the release is v2.0.0"),
        "{doc:#}"
    );
    assert_eq!(status(&doc, "sw-status release"), "critical");
    // Tests do not run against what did not verify, and staging records the failure.
    assert!(
        app.ran()
            .iter()
            .all(|l| !l.starts_with("post_deploy_tests"))
    );
    assert_eq!(staging_record(&fx)["v2.0.0"]["verified"], false);
}

#[test]
fn the_promotion_gate_refuses_until_staging_passed_the_same_worker() {
    let fx = Fx::new();
    let (path, app, body) = building_v2(&fx, "build A");
    app.config(&fx, "", &[]);
    publish(&fx, &body, "v2.0.0");

    // Never on staging: refused after the build, before tag, migration and deploy.
    let r = run(&fx, &path, &["production"]);
    assert_eq!(r.code, 5, "{}\n{}", r.stdout, r.stderr);
    let doc = r.json();
    assert_eq!(status(&doc, "promotion gate"), "critical");
    assert!(detail(&doc, "promotion gate").contains("deploy staging"));
    assert!(doc["stopped"].as_str().unwrap().contains("promotion gate"));
    assert_eq!(
        app.ran(),
        vec![
            "build|||production",
            "validate_build|v2.0.0|v2.0.0|production"
        ]
    );
    // A release named up front is refused before it is even built.
    let r = run(&fx, &path, &["production", "--release", "v2.0.0"]);
    assert_eq!(r.code, 5);
    assert!(app.ran().is_empty(), "nothing ran");
    assert!(
        r.json()["stopped"]
            .as_str()
            .unwrap()
            .contains("preflight failed (promotion gate CRITICAL)")
    );

    // Staging verified it, but its post-deploy tests failed.
    app.config(
        &fx,
        "",
        &[(
            "post_deploy_tests",
            "command = '''echo 'lighthouse: performance 41 < 90' >&2; exit 1'''",
        )],
    );
    let r = run(&fx, &path, &["staging"]);
    assert_eq!(r.code, 4, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(staging_record(&fx)["v2.0.0"]["tests"], "failed");
    let r = run(&fx, &path, &["production"]);
    assert_eq!(r.code, 5);
    assert!(detail(&r.json(), "promotion gate").contains("did not pass: failed"));

    // Staging passed, then production builds different bytes under the same release.
    app.config(&fx, "", &[]);
    assert_eq!(run(&fx, &path, &["staging"]).code, 0);
    app.source(&worker("v2.0.0", "build B"));
    app.ran();
    let r = run(&fx, &path, &["production"]);
    assert_eq!(r.code, 5, "{}\n{}", r.stdout, r.stderr);
    assert!(
        detail(&r.json(), "promotion gate").contains("is not the one staging verified"),
        "{}",
        r.stdout
    );
    assert!(app.ran().iter().all(|l| !l.starts_with("deploy|")));

    // An emergency: skipped with a reason, which is audited; a WARNING, not a pass.
    publish(&fx, &worker("v2.0.0", "build B"), "v2.0.0");
    let r = run(
        &fx,
        &path,
        &["production", "--skip-staging-gate", "INC-42 hotfix"],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let doc = r.json();
    assert_eq!(status(&doc, "promotion gate"), "warning");
    assert!(app.ran().iter().any(|l| l.starts_with("deploy|")));
    let skip = fx
        .audit_lines()
        .into_iter()
        .find(|l| l["action"] == "skip staging gate")
        .expect("audited");
    assert_eq!(skip["request"]["body"]["reason"], "INC-42 hotfix");
    assert_eq!(skip["request"]["body"]["release"], "v2.0.0");

    // The flag is for production, and needs a reason.
    assert_eq!(
        run(&fx, &path, &["staging", "--skip-staging-gate", "x"]).code,
        64
    );
    assert_eq!(
        run(&fx, &path, &["production", "--skip-staging-gate", " "]).code,
        64
    );
}

#[test]
fn dry_run_prints_every_stage_with_its_command_and_timeout() {
    let fx = Fx::new();
    let (path, app, _) = building_v2(&fx, "x");
    app.config(
        &fx,
        "",
        &[(
            "migrate",
            "command = \"psql -f migrate.sql\"\ntimeout = \"45s\"",
        )],
    );
    let r = deploy(
        &fx,
        Some(&path),
        &["--json", "--dry-run", "deploy", "production"],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let doc = r.json();
    let stages = doc["deploy"]["pipeline"].as_array().unwrap();
    assert_eq!(stages.len(), 10);
    let migrate = stages
        .iter()
        .find(|s| s["stage"] == "database migration")
        .unwrap();
    assert_eq!(migrate["runs"], "psql -f migrate.sql");
    assert_eq!(migrate["timeout_ms"], 45_000);
    assert_eq!(migrate["outcome"], "dry-run");
    let verify = stages
        .iter()
        .find(|s| s["stage"] == "served-worker verification")
        .unwrap();
    assert_eq!(verify["runs"], "built-in");
    assert!(verify["checks"].as_str().unwrap().contains("SHA-256"));
    assert!(app.ran().is_empty(), "no step ran");
    assert!(fx.requests().is_empty());
    assert!(fx.audit_lines().is_empty());

    // The table says the same to people.
    let r = deploy(&fx, Some(&path), &["--dry-run", "deploy", "production"]);
    for want in [
        "Pipeline",
        "database migration",
        "psql -f migrate.sql",
        "45 s",
        "release tag",
        "post-deploy tests",
    ] {
        assert!(r.plain().contains(want), "{want}: {}", r.stdout);
    }
}

#[test]
fn a_step_not_configured_is_skipped_by_one_rule_in_deploy_and_rollback() {
    let fx = Fx::new();
    let (path, app, body) = building_v2(&fx, "x");
    publish(&fx, &body, "v2.0.0");
    // Optional: the build validation missing is a WARNING, the run goes on.
    app.config(&fx, "", &[]);
    let full = std::fs::read_to_string(fx.home.path().join("swcache.toml")).unwrap();
    let without = |step: &str| -> String {
        let start = full.find(&format!("[steps.{step}]")).unwrap();
        let end = full[start + 1..]
            .find("[steps.")
            .map(|i| start + 1 + i)
            .unwrap_or(full.len());
        format!("{}{}", &full[..start], &full[end..])
    };
    write_config(&fx, &without("validate_build"));
    let r = run(&fx, &path, &["staging"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let doc = r.json();
    assert_eq!(status(&doc, "step validate_build"), "warning");
    assert!(
        r.stderr
            .contains("SKIPPED step validate_build: NOT CONFIGURED")
    );
    assert!(app.ran().iter().any(|l| l.starts_with("deploy|")));

    // Required: the deploy missing stops the run, exit 5, with nothing verified.
    write_config(&fx, &without("deploy"));
    let r = run(&fx, &path, &["staging"]);
    assert_eq!(r.code, 5, "{}\n{}", r.stdout, r.stderr);
    let doc = r.json();
    assert_eq!(status(&doc, "step deploy"), "warning");
    assert!(doc["stopped"].as_str().unwrap().contains("[steps.deploy]"));
    assert!(r.stderr.contains("SKIPPED step deploy: NOT CONFIGURED"));

    // rollback planned: database_rollback is optional, so the same WARNING, exit 1.
    write_config(
        &fx,
        "[steps.redeploy]\ncommand = \"echo redeployed\"\n[rollback]\nstep_wait = \"0s\"\n",
    );
    let r = fx.swcache(&["--json", "--yes", "rollback", "planned"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(status(&r.json(), "step database_rollback"), "warning");
    assert!(
        r.stderr
            .contains("SKIPPED step database_rollback: NOT CONFIGURED")
    );
}

#[test]
fn a_staging_record_made_against_another_url_does_not_open_the_gate() {
    for how in ["--url", "SWCACHE_URL"] {
        let fx = Fx::new();
        let decoy = Fx::new();
        let (path, app, body) = building_v2(&fx, "build A");
        app.config(&fx, "", &[]);
        // The decoy serves the very worker staging would: only its URL tells it apart.
        publish(&decoy, &body, "v2.0.0");
        let mut cmd = fx.bare();
        cmd.env("PATH", &path);
        if how == "--url" {
            cmd.args(["--url", &decoy.url]);
        } else {
            cmd.env("SWCACHE_URL", &decoy.url);
        }
        cmd.args([
            "--json",
            "--yes",
            "deploy",
            "staging",
            "--verify-deadline",
            "0s",
        ]);
        let staging = fx.run(&mut cmd);
        assert_eq!(
            staging.code, 0,
            "{how}: {}\n{}",
            staging.stdout, staging.stderr
        );
        assert_eq!(
            staging_record(&fx)["v2.0.0"]["url"],
            format!("{}/", decoy.url)
        );
        app.ran();

        let prod = run(&fx, &path, &["production"]);
        assert_eq!(prod.code, 5, "{how}: {}\n{}", prod.stdout, prod.stderr);
        let gate = detail(&prod.json(), "promotion gate");
        assert!(gate.contains("not staging's configured URL"), "{gate}");
        assert_eq!(
            app.ran(),
            vec![
                "build|||production",
                "validate_build|v2.0.0|v2.0.0|production"
            ],
            "{how}: no tag, migration or deploy"
        );
    }
}

#[test]
fn production_asks_before_it_tags_and_needs_yes_without_a_terminal() {
    let fx = Fx::new();
    let (path, app, body) = building_v2(&fx, "build A");
    app.config(&fx, "", &[]);
    publish(&fx, &body, "v2.0.0");
    assert_eq!(run(&fx, &path, &["staging"]).code, 0);
    app.ran();
    let mut cmd = fx.cmd();
    cmd.env("PATH", &path)
        .args(["--json", "deploy", "production", "--verify-deadline", "0s"]);
    let r = fx.run(&mut cmd);
    assert_eq!(r.code, 5, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("pass --yes"), "{}", r.stdout);
    assert_eq!(
        app.ran(),
        vec![
            "build|||production",
            "validate_build|v2.0.0|v2.0.0|production"
        ],
        "nothing tagged, migrated or deployed"
    );
}

/// SIGTERM while the build runs: the build finishes and is recorded, the next stage never
/// starts (not "killed", not a failure), and the run says where it stopped: exit 5.
#[test]
fn sigterm_mid_stage_stops_at_the_next_safe_point() {
    let fx = Fx::new();
    let (path, app, _) = building_v2(&fx, "x");
    let marker = fx.home.path().join("build-started");
    let build = format!(
        "command = '''touch {m} && sleep 1 && mkdir -p public && cp {src} public/sw-enhanced.js \
         && touch public/workbox-1.js && echo \"build|||$SWCACHE_DEPLOY_ENV\" >> {log}'''",
        m = marker.display(),
        src = app.src.display(),
        log = app.log.display()
    );
    app.config(&fx, "", &[("build", build.as_str())]);
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("swcache"));
    fx.isolate(&mut cmd);
    cmd.env("PATH", &path)
        .args(["--url", &fx.url, "--json", "--yes", "deploy", "staging"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    for _ in 0..400 {
        if marker.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert!(marker.exists(), "the build started");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(5), "{doc:#}");
    let stopped = doc["stopped"].as_str().unwrap();
    assert!(
        stopped.contains("interrupted by SIGTERM before build validation"),
        "{stopped}"
    );
    let outcomes: Vec<(&str, &str)> = doc["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["name"].as_str().unwrap(), a["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(
        outcomes,
        [("step build", "done"), ("step validate_build", "skipped")]
    );
    assert!(!doc.to_string().contains("killed"), "{doc:#}");
    let stages = pipeline(&doc);
    assert!(stages.contains(&("build validation".into(), "not run (interrupted)".into())));
    assert!(stages.contains(&("deploy".into(), "not reached".into())));
    assert_eq!(
        app.ran(),
        vec!["build|||staging"],
        "nothing after the build"
    );
}
