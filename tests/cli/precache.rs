//! The precache manifest at the edge (issue 25, part 2), on real Workbox output: workers
//! built by workbox-cli from the sandbox's site, served by the sandbox, each fault served
//! over loopback.

use serde_json::{Value, json};

use crate::support::{Fx, check};
use crate::workbox::{Built, Mode, build};

fn served(mode: Mode) -> (Fx, Built) {
    let fx = Fx::new();
    let built = build(mode, |_| {});
    built.serve(&fx);
    (fx, built)
}

fn precache(fx: &Fx) -> (i32, Value) {
    let run = fx.swcache(&["--json", "validate", "--precache"]);
    let doc: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    (run.code, doc)
}

fn detail(doc: &Value, name: &str) -> String {
    check(doc, name)["detail"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

const NAME: &str = "precache /sw-enhanced.js";

#[test]
fn every_entry_of_a_generate_sw_worker_is_fetched_and_matches_its_revision() {
    for mode in [Mode::Generate, Mode::Inject] {
        let (fx, built) = served(mode);
        fx.clear_requests();
        let (code, doc) = precache(&fx);
        assert_eq!(check(&doc, NAME)["status"], "ok", "{doc:#}");
        if let Mode::Inject = mode {
            // generateSW's worker declares no SW_VERSION: its version check is UNKNOWN.
            assert_eq!(code, 0, "{doc:#}");
        }
        let p = &doc["precache"][0];
        // index.html, static/app.js, static/app.css: what Workbox listed.
        assert_eq!(p["checked"], 3, "{p}");
        assert_eq!(p["failed"], 0);
        let bytes: usize = ["/index.html", "/static/app.js", "/static/app.css"]
            .iter()
            .map(|f| built.files[*f].len())
            .sum();
        assert_eq!(p["total_bytes"], bytes as u64);
        let asked: Vec<String> = fx
            .requests()
            .iter()
            .map(|r| r["path"].as_str().unwrap().to_string())
            .collect();
        for path in ["/index.html", "/static/app.js", "/static/app.css"] {
            assert!(
                asked.iter().any(|a| a == path),
                "{path} not fetched: {asked:?}"
            );
        }
    }
}

#[test]
fn a_missing_entry_is_critical_and_named() {
    let (fx, _) = served(Mode::Inject);
    fx.fault(json!({"path": "/static/app.js", "status": 404}));
    let (code, doc) = precache(&fx);
    assert_eq!(code, 2, "{doc:#}");
    assert_eq!(check(&doc, NAME)["status"], "critical");
    let d = detail(&doc, NAME);
    assert!(
        d.contains("1 of 3") && d.contains("static/app.js (HTTP 404)"),
        "{d}"
    );
    assert_eq!(doc["precache"][0]["failures"][0]["status"], 404);
}

#[test]
fn an_html_fallback_for_a_script_or_style_is_critical() {
    let (fx, _) = served(Mode::Generate);
    fx.fault(json!({"path": "/static/app.css", "body": "<!doctype html><html><body>app</body></html>", "content_type": "text/html"}));
    let (_, doc) = precache(&fx);
    assert_eq!(check(&doc, NAME)["status"], "critical", "{doc:#}");
    assert!(
        detail(&doc, NAME).contains("static/app.css (an HTML page"),
        "{}",
        detail(&doc, NAME)
    );
}

#[test]
fn bytes_that_do_not_match_the_revision_are_critical() {
    let (fx, _) = served(Mode::Inject);
    // The CDN serves another build's app.js under the same URL.
    fx.patch_state(json!({"site_files": {"/static/app.js": "console.log('another build');\n"}}));
    let (_, doc) = precache(&fx);
    assert_eq!(check(&doc, NAME)["status"], "critical", "{doc:#}");
    let d = detail(&doc, NAME);
    assert!(d.contains("static/app.js (MD5"), "{d}");
}

#[test]
fn the_size_budget_warns_when_passed() {
    let (fx, _) = served(Mode::Inject);
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        "[worker]\nmax_precache_bytes = 100\n",
    )
    .unwrap();
    let (code, doc) = precache(&fx);
    let c = check(&doc, "precache size /sw-enhanced.js");
    assert_eq!(c["status"], "warning", "{c}");
    assert_eq!(code, 1, "{doc:#}");
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        "[worker]\nmax_precache_bytes = 100000\n",
    )
    .unwrap();
    let (_, doc) = precache(&fx);
    assert_eq!(check(&doc, "precache size /sw-enhanced.js")["status"], "ok");
}

#[test]
fn validate_without_the_flag_fetches_no_entry() {
    let (fx, _) = served(Mode::Generate);
    fx.clear_requests();
    let doc = fx.swcache(&["--json", "validate"]).json();
    assert!(doc.get("precache").is_none());
    assert!(!fx.requests().iter().any(|r| r["path"] == "/static/app.js"));
}

#[test]
fn deploy_verification_checks_the_precache() {
    let (fx, built) = served(Mode::Generate);
    let dir = crate::deploy::build_dir(&fx, &built.worker);
    fx.fault(json!({"path": "/index.html", "status": 404}));
    let run = crate::deploy::verify_only(&fx, "staging", &dir, "0s");
    let doc = run.json();
    assert_eq!(check(&doc, NAME)["status"], "critical", "{}", run.stdout);
    assert_eq!(doc["deploy"]["verify"]["passed"], false);
    assert_eq!(doc["deploy"]["precache"]["failed"], 1);
}

#[test]
fn deploy_checks_the_previous_releases_retired_entries() {
    let fx = Fx::new();
    // The release served now precaches a file the new one no longer lists.
    let previous = build(Mode::Inject, |d| {
        std::fs::write(d.join("site/static/old.js"), "console.log('v0');\n").unwrap();
    });
    previous.serve(&fx);
    let current = build(Mode::Inject, |_| {});
    let dir = crate::deploy::build_dir(&fx, &current.worker);
    // The deploy step publishes the new worker; the old file is gone from the edge.
    let patch = fx.home.path().join("publish.json");
    std::fs::write(
        &patch,
        json!({"worker_scripts": {"/sw-enhanced.js": current.worker}}).to_string(),
    )
    .unwrap();
    crate::deploy::write_config(
        &fx,
        &format!(
            "[steps.deploy]\ncommand = '''curl -sf -o /dev/null -X PATCH \"$SWCACHE_URL/__sandbox/state\" -H 'content-type: application/json' --data-binary @{}'''\n",
            patch.display()
        ),
    );
    fx.fault(json!({"path": "/static/old.js", "status": 404}));
    let path = crate::deploy::fake_tools(&fx, "v20.11.0");
    let run = crate::deploy::deploy(
        &fx,
        Some(&path),
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
    let doc = run.json();
    let name = "previous release's precache /sw-enhanced.js";
    assert_eq!(
        check(&doc, name)["status"],
        "warning",
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    assert!(
        detail(&doc, name).contains("static/old.js (HTTP 404)"),
        "{}",
        detail(&doc, name)
    );
    assert_eq!(check(&doc, NAME)["status"], "ok");
    assert_eq!(doc["deploy"]["precache"]["previous"]["checked"], 1);
}
