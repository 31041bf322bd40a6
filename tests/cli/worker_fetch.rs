//! The worker as a browser fetches it (issue 25, part 1): no redirect followed, a JavaScript
//! `Content-Type`, a `Cache-Control` that keeps it fresh (`s-maxage` too), in `validate`,
//! `deploy`'s verification and `rollback emergency`'s verification. Each fault is served by
//! the sandbox over loopback.

use serde_json::{Value, json};

use crate::support::{Fx, check};

/// A real revert: the step changes what the sandbox serves at /sw-enhanced.js.
const REVERT: &str = r#"
[steps.revert_worker]
command = '''curl -sf -o /dev/null -X PATCH "$SWCACHE_URL/__sandbox/state" -H 'content-type: application/json' -d '{"worker_scripts":{"/sw-enhanced.js":"const SW_VERSION = \"v0.9.0\";"}}' && echo reverted'''
timeout = "30s"
"#;

fn requests_to(fx: &Fx, path: &str) -> usize {
    fx.requests().iter().filter(|r| r["path"] == path).count()
}

fn status_of(doc: &Value, name: &str) -> String {
    check(doc, name)["status"].as_str().unwrap().to_string()
}

#[test]
fn validate_reports_a_redirected_worker_critical_without_following_it() {
    let fx = Fx::new();
    // Same origin: the old client followed it and called the worker fine.
    fx.fault(json!({"path": "/sw-enhanced.js", "redirect": "/sw.js"}));
    let run = fx.swcache(&["--json", "validate"]);
    let doc = run.json();
    assert_ne!(run.code, 0, "{}", run.stdout);
    let c = check(&doc, "worker fetch /sw-enhanced.js");
    assert_eq!(c["status"], "critical");
    let detail = c["detail"].as_str().unwrap();
    assert!(detail.contains("/sw.js"), "names the Location: {detail}");
    assert!(detail.contains("redirect mode"), "{detail}");
    // The redirect was not followed: /sw.js was never asked for.
    assert_eq!(requests_to(&fx, "/sw.js"), 0, "{:#?}", fx.requests());
    assert_eq!(doc["worker"]["served"][0]["redirect"], "/sw.js");
}

#[test]
fn validate_checks_the_workers_headers() {
    // (fault headers, check name, expected status)
    let cases = [
        (json!({}), "worker Cache-Control /sw-enhanced.js", "ok"),
        (
            json!({"cache-control": "max-age=0, s-maxage=86400"}),
            "worker Cache-Control /sw-enhanced.js",
            "critical",
        ),
        (
            json!({"content-type": "text/html; charset=utf-8"}),
            "worker Content-Type /sw-enhanced.js",
            "critical",
        ),
    ];
    for (headers, name, want) in cases {
        let fx = Fx::new();
        if headers.as_object().is_some_and(|h| !h.is_empty()) {
            fx.fault(json!({"path": "/sw-enhanced.js", "headers": headers}));
        }
        let doc = fx.swcache(&["--json", "validate"]).json();
        assert_eq!(
            status_of(&doc, name),
            want,
            "{headers}: {:#}",
            check(&doc, name)
        );
        assert_eq!(status_of(&doc, "worker fetch /sw-enhanced.js"), "ok");
    }
}

#[test]
fn deploy_verification_fails_on_a_redirected_worker() {
    let fx = Fx::new();
    let dir = crate::deploy::build_dir(&fx, &crate::deploy::served(&fx, "/sw-enhanced.js"));
    fx.fault(json!({"path": "/sw-enhanced.js", "redirect": "/static/sw-enhanced.js"}));
    let run = crate::deploy::verify_only(&fx, "production", &dir, "0s");
    let doc = run.json();
    assert_ne!(run.code, 0, "{}", run.stdout);
    let c = check(&doc, "worker fetch /sw-enhanced.js");
    assert_eq!(c["status"], "critical", "{c}");
    assert!(
        c["detail"]
            .as_str()
            .unwrap()
            .contains("/static/sw-enhanced.js")
    );
    assert_eq!(
        doc["deploy"]["worker"]["redirect"],
        "/static/sw-enhanced.js"
    );
    assert_eq!(requests_to(&fx, "/static/sw-enhanced.js"), 0);
}

#[test]
fn emergency_verification_checks_the_reverted_workers_headers() {
    let fx = Fx::new();
    std::fs::write(fx.home.path().join("swcache.toml"), REVERT).unwrap();
    fx.fault(
        json!({"path": "/sw-enhanced.js", "headers": {"cache-control": "public, max-age=86400"}}),
    );
    let run = fx.swcache(&["--json", "--yes", "rollback", "emergency"]);
    let doc = run.json();
    assert_eq!(
        status_of(&doc, "worker reverted /sw-enhanced.js"),
        "ok",
        "{}",
        run.stdout
    );
    let c = check(&doc, "worker Cache-Control /sw-enhanced.js");
    assert_eq!(c["status"], "critical", "{c}");
    assert!(c["detail"].as_str().unwrap().contains("max-age=86400"));
    assert_eq!(doc["status"], "critical");
}
