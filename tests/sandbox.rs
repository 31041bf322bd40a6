//! The sandbox over real HTTP: auth, stateful writes, the request log, every fault kind,
//! every scenario's headline figure, worker script headers, and the OpenAPI document.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use swcache_sandbox::{
    Fault, Sandbox, SandboxOptions, generate_token, parse_fault_spec, scenario_names,
};

struct Harness {
    sb: Sandbox,
    http: reqwest::Client,
}

async fn start(scenario: &str) -> Harness {
    start_with(SandboxOptions {
        scenario: scenario.into(),
        ..SandboxOptions::default()
    })
    .await
}

async fn start_with(opts: SandboxOptions) -> Harness {
    let sb = Sandbox::start(opts).await.expect("sandbox starts");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    Harness { sb, http }
}

impl Harness {
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.sb.base_url(), path)
    }

    /// Any request, with the token.
    async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> reqwest::Response {
        let mut req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(self.sb.token());
        if let Some(b) = body {
            req = req.json(b);
        }
        req.send().await.unwrap()
    }

    async fn get_json(&self, path: &str) -> Value {
        let resp = self.send(Method::GET, path, None).await;
        assert!(resp.status().is_success(), "GET {path}: {}", resp.status());
        resp.json().await.unwrap()
    }

    async fn post_json(&self, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let resp = self.send(Method::POST, path, body.as_ref()).await;
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    async fn hook(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.http.request(method, self.url(path));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        assert!(resp.status().is_success(), "{path}: {}", resp.status());
        resp.json().await.unwrap()
    }

    async fn fault(&self, spec: &str) {
        self.hook(Method::POST, "/__sandbox/faults", Some(json!(spec)))
            .await;
    }

    async fn patch_state(&self, patch: Value) -> Value {
        self.hook(Method::PATCH, "/__sandbox/state", Some(patch))
            .await
    }

    async fn storage_percent(&self) -> f64 {
        self.get_json("/api/cache-metrics").await["storage"]["percentage"]
            .as_f64()
            .unwrap()
    }
}

#[tokio::test]
async fn admin_paths_need_the_bearer_token() {
    let h = start("healthy").await;
    let flags = h.url("/api/admin/feature-flags");

    let resp = h.http.get(&flags).send().await.unwrap();
    assert_eq!(resp.status(), 401);
    assert_eq!(
        resp.json::<Value>().await.unwrap(),
        json!({"error": "unauthorized"})
    );
    let resp = h
        .http
        .get(&flags)
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    let resp = h
        .http
        .get(&flags)
        .bearer_auth(h.sb.token())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);

    // An unauthenticated write is refused and changes nothing.
    let resp = h
        .http
        .post(&flags)
        .json(&json!({"enhanced-cache": {"enabled": false}}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    assert_eq!(
        h.get_json("/api/admin/feature-flags").await["enhanced-cache"]["enabled"],
        true
    );
    let resp = h
        .http
        .post(h.url("/api/admin/cache-cleanup"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);

    // Public reads need no token.
    let resp = h
        .http
        .get(h.url("/api/cache-metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/json");
}

#[tokio::test]
async fn healthy_defaults_match_the_contract() {
    let h = start("healthy").await;
    let m = h.get_json("/api/cache-metrics").await;
    assert_eq!(
        m["hit_rates"]["feed-cache"],
        json!({"hits": 9100, "misses": 900, "ratio": 0.91})
    );
    assert_eq!(m["hit_rates"]["community-cache"]["ratio"], 0.82);
    assert_eq!(m["hit_rates"]["marketplace-cache"]["ratio"], 0.77);
    assert_eq!(m["hit_rates"]["images-cache"]["ratio"], 0.5);
    assert_eq!(
        m["response_times_ms"],
        json!({"cache_p95": 35, "network_fallback_p95": 1400})
    );
    assert_eq!(
        m["storage"],
        json!({"used_bytes": 41943040, "quota_bytes": 67108864, "percentage": 62.5})
    );
    assert_eq!(m["evictions"]["last_hour"], 12);
    assert_eq!(m["evictions"]["rate_percent_per_hour"], 1.2);

    let s = h.get_json("/api/sync-status").await;
    assert_eq!(s["queue_size"], 42);
    assert_eq!(s["processing_time_p95_seconds"], 12);
    assert_eq!(s["success_rate"], 0.97);
    assert_eq!(s["retry_rate"], 0.04);
    assert_eq!(s["failed_items"].as_array().unwrap().len(), 1);

    assert_eq!(h.get_json("/api/error-metrics").await["error_rate"], 2.4);
    let d = h.get_json("/api/error-details").await;
    assert_eq!(d["error_rate"], 2.4);
    assert_eq!(d["window_seconds"], 300);
    assert!(d["top_errors"].as_array().unwrap().len() >= 2);

    assert_eq!(
        h.get_json("/api/sw-status").await,
        json!({"version": "v1.0.0", "enabled": true, "script_url": "/sw-enhanced.js", "scope": "/", "active_clients": 1234,
               "clients_by_version": {"v1.0.0": 1180, "v0.9.0": 54}})
    );
    let mut flags = h.get_json("/api/admin/feature-flags").await;
    // Optional in the contract: when the flag last changed, two weeks back at the start.
    let updated = flags["enhanced-cache"]
        .as_object_mut()
        .unwrap()
        .remove("updatedAt")
        .expect("updatedAt reported");
    let updated = humantime::parse_rfc3339(updated.as_str().unwrap()).unwrap();
    let age = std::time::SystemTime::now()
        .duration_since(updated)
        .unwrap();
    assert!(age > std::time::Duration::from_secs(13 * 86_400), "{age:?}");
    assert_eq!(
        flags,
        json!({"enhanced-cache": {"enabled": true, "percentage": 10, "userGroups": ["beta-testers", "premium-users"]}})
    );
    let config = h.get_json("/api/admin/cache-config").await;
    for cache in [
        "feed-cache",
        "community-cache",
        "marketplace-cache",
        "images-cache",
    ] {
        for field in ["ttl", "maxEntries", "maxAgeSeconds"] {
            assert!(config[cache][field].is_u64(), "{cache}.{field}");
        }
        let usage = h.get_json("/api/usage-analytics").await;
        assert_eq!(
            usage["caches"][cache]["hit_ratio"],
            m["hit_rates"][cache]["ratio"]
        );
    }
    let breakdown = h.get_json("/api/storage-breakdown").await;
    let sum: u64 = breakdown["caches"]
        .as_object()
        .unwrap()
        .values()
        .map(|c| c["bytes"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, 41943040);
    assert_eq!(h.get_json("/api/health").await, json!({"status": "ok"}));
    assert!(
        h.send(Method::GET, "/health", None)
            .await
            .status()
            .is_success()
    );
}

#[tokio::test]
async fn flag_writes_change_what_reads_return() {
    let h = start("healthy").await;
    let (status, body) = h
        .post_json(
            "/api/admin/feature-flags",
            Some(json!({"enhanced-cache": {"percentage": 25}})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["enhanced-cache"]["percentage"], 25);
    let flag = h.get_json("/api/admin/feature-flags").await;
    assert_eq!(flag["enhanced-cache"]["percentage"], 25);
    assert_eq!(
        flag["enhanced-cache"]["enabled"], true,
        "merge keeps other fields"
    );

    h.post_json(
        "/api/admin/feature-flags",
        Some(json!({"enhanced-cache": {"enabled": false}})),
    )
    .await;
    assert_eq!(h.get_json("/api/sw-status").await["enabled"], false);
    h.post_json(
        "/api/admin/feature-flags",
        Some(json!({"enhanced-cache": {"userGroups": ["qa"]}})),
    )
    .await;
    assert_eq!(
        h.get_json("/api/admin/feature-flags").await["enhanced-cache"]["userGroups"],
        json!(["qa"])
    );

    // Bad bodies are 400 with an error message, and change nothing.
    let resp = h
        .http
        .post(h.url("/api/admin/feature-flags"))
        .bearer_auth(h.sb.token())
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    assert!(resp.json::<Value>().await.unwrap()["error"].is_string());
    for bad in [
        json!({"other-flag": {"enabled": true}}),
        json!({"enhanced-cache": {"percentage": 150}}),
        json!({"enhanced-cache": {"enabled": "yes"}}),
    ] {
        let (status, body) = h.post_json("/api/admin/feature-flags", Some(bad)).await;
        assert_eq!(status, 400);
        assert!(body["error"].is_string());
    }
    assert_eq!(
        h.get_json("/api/admin/feature-flags").await["enhanced-cache"]["percentage"],
        25
    );
}

#[tokio::test]
async fn cleanups_lower_storage_and_the_breakdown() {
    let h = start("storage-pressure").await;
    assert_eq!(h.storage_percent().await, 85.0);
    let before = h.get_json("/api/storage-breakdown").await;
    let (status, body) = h.post_json("/api/admin/cache-cleanup", None).await;
    assert_eq!(status, 200);
    assert_eq!(body["storage"]["percentage"], 60);
    let m = h.get_json("/api/cache-metrics").await;
    assert_eq!(m["storage"]["percentage"], 60);
    let used = m["storage"]["used_bytes"].as_f64().unwrap();
    let quota = m["storage"]["quota_bytes"].as_f64().unwrap();
    assert!((used / quota * 100.0 - 60.0).abs() < 0.01);
    let after = h.get_json("/api/storage-breakdown").await;
    let images = |v: &Value| v["caches"]["images-cache"]["bytes"].as_f64().unwrap();
    assert!(
        (images(&after) / images(&before) - 60.0 / 85.0).abs() < 0.001,
        "proportional"
    );

    // Already under the emergency target: nothing to do.
    h.post_json("/api/admin/emergency-cleanup", None).await;
    assert_eq!(h.storage_percent().await, 60.0);

    let h = start("storage-critical").await;
    let (_, body) = h.post_json("/api/admin/emergency-cleanup", None).await;
    assert_eq!(body["target_percent"], 70);
    assert_eq!(h.storage_percent().await, 70.0);

    let (status, body) = h.post_json("/api/admin/clear-sw-cache", None).await;
    assert_eq!(status, 200);
    assert_eq!(body["cleared"], true);
    assert_eq!(h.storage_percent().await, 0.0);
}

#[tokio::test]
async fn storage_stuck_ignores_cleanups() {
    let h = start("storage-stuck").await;
    assert_eq!(h.storage_percent().await, 99.0);
    assert_eq!(h.post_json("/api/admin/cache-cleanup", None).await.0, 200);
    assert_eq!(
        h.post_json("/api/admin/emergency-cleanup", None).await.0,
        200
    );
    h.post_json(
        "/api/admin/update-cache-limits",
        Some(json!({"images-cache": {"maxEntries": 10}})),
    )
    .await;
    assert_eq!(h.storage_percent().await, 99.0);
}

#[tokio::test]
async fn limits_and_config_updates_read_back() {
    let h = start("storage-critical").await;
    let before = h.storage_percent().await;
    let (status, body) = h
        .post_json(
            "/api/admin/update-cache-limits",
            Some(json!({"images-cache": {"maxEntries": 50}, "feed-cache": {"maxAgeSeconds": 300}})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["images-cache"]["maxEntries"], 50);
    let config = h.get_json("/api/admin/cache-config").await;
    assert_eq!(config["images-cache"]["maxEntries"], 50);
    assert_eq!(config["feed-cache"]["maxAgeSeconds"], 300);
    assert!(
        h.storage_percent().await < before,
        "fewer images entries free storage"
    );

    let (status, _) = h
        .post_json(
            "/api/admin/update-cache-config",
            Some(json!({"feed-cache": {"ttl": 600000}})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        h.get_json("/api/admin/cache-config").await["feed-cache"]["ttl"],
        600000
    );

    for (path, bad) in [
        (
            "/api/admin/update-cache-limits",
            json!({"feed-cache": {"ttl": 1}}),
        ),
        (
            "/api/admin/update-cache-config",
            json!({"nope-cache": {"ttl": 1}}),
        ),
        (
            "/api/admin/update-cache-config",
            json!({"feed-cache": {"ttl": "long"}}),
        ),
    ] {
        assert_eq!(h.post_json(path, Some(bad)).await.0, 400, "{path}");
    }
    assert_eq!(
        h.get_json("/api/admin/cache-config").await["feed-cache"]["ttl"],
        600000
    );
}

#[tokio::test]
async fn reports_and_large_entries() {
    let h = start("healthy").await;
    let (status, r) = h
        .post_json(
            "/api/admin/generate-report",
            Some(json!({"type": "weekly", "metrics": ["cache", "storage"]})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(r["id"], "report-1");
    assert_eq!(r["type"], "weekly");
    assert!(r["generated_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        r["metrics"]["cache"]["hit_rates"]["feed-cache"]["ratio"],
        0.91
    );
    assert_eq!(r["metrics"]["storage"]["storage"]["percentage"], 62.5);
    assert!(r["metrics"].get("sync").is_none());
    let (_, r) = h
        .post_json(
            "/api/admin/generate-report",
            Some(json!({"type": "weekly"})),
        )
        .await;
    assert_eq!(r["id"], "report-2");
    assert_eq!(r["metrics"]["sync"]["queue_size"], 42);
    let (status, _) = h
        .post_json(
            "/api/admin/generate-report",
            Some(json!({"metrics": ["nope"]})),
        )
        .await;
    assert_eq!(status, 400);

    let all = h.get_json("/api/large-cache-entries").await["entries"].clone();
    assert_eq!(all.as_array().unwrap().len(), 10, "default limit");
    let three = h.get_json("/api/large-cache-entries?limit=3").await["entries"].clone();
    assert_eq!(three.as_array().unwrap().len(), 3);
    assert!(three[0]["bytes"].as_u64() >= three[1]["bytes"].as_u64());
    let resp = h
        .send(Method::GET, "/api/large-cache-entries?limit=x", None)
        .await;
    assert_eq!(resp.status(), 400);
}

#[tokio::test]
async fn requests_are_recorded_without_the_token() {
    let h = start("healthy").await;
    h.get_json("/api/large-cache-entries?limit=5").await;
    h.post_json(
        "/api/admin/feature-flags",
        Some(json!({"enhanced-cache": {"percentage": 50}})),
    )
    .await;
    h.http
        .post(h.url("/api/admin/cache-cleanup"))
        .bearer_auth("not-the-token")
        .send()
        .await
        .unwrap();
    h.http
        .post(h.url("/api/admin/clear-sw-cache"))
        .body("raw text")
        .send()
        .await
        .unwrap();
    h.hook(Method::GET, "/__sandbox/state", None).await; // hooks are not recorded
    let resp = h.send(Method::GET, "/api/nope", None).await;
    assert_eq!(resp.status(), 404);

    let resp = h
        .http
        .get(h.url("/__sandbox/requests"))
        .send()
        .await
        .unwrap();
    let text = resp.text().await.unwrap();
    assert!(
        !text.contains(h.sb.token()),
        "the token never appears in the log"
    );
    let log: Value = serde_json::from_str(&text).unwrap();
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 5);
    assert_eq!(
        log[4]["path"], "/api/nope",
        "unknown paths are recorded too"
    );
    assert_eq!(
        log[0],
        json!({"seq": 1, "method": "GET", "path": "/api/large-cache-entries", "query": "limit=5", "body": null, "auth": "valid"})
    );
    assert_eq!(log[1]["method"], "POST");
    assert_eq!(log[1]["path"], "/api/admin/feature-flags");
    assert_eq!(
        log[1]["body"],
        json!({"enhanced-cache": {"percentage": 50}})
    );
    assert_eq!(log[1]["query"], Value::Null);
    assert_eq!(log[2]["auth"], "invalid");
    assert_eq!(log[3]["auth"], "missing");
    assert_eq!(log[3]["body"], "raw text");

    h.hook(Method::DELETE, "/__sandbox/requests", None).await;
    assert_eq!(
        h.hook(Method::GET, "/__sandbox/requests", None).await,
        json!([])
    );
}

#[tokio::test]
async fn fault_status_with_retry_after_skips_the_handler() {
    let h = start("healthy").await;
    h.fault("/api/error-metrics:status=503,retry_after=2").await;
    let resp = h.send(Method::GET, "/api/error-metrics", None).await;
    assert_eq!(resp.status(), 503);
    assert_eq!(resp.headers()["retry-after"], "2");
    assert_eq!(
        resp.json::<Value>().await.unwrap(),
        json!({"error": "injected"})
    );

    // A failed write changes no state.
    h.hook(
        Method::POST,
        "/__sandbox/faults",
        Some(json!({"path": "/api/admin/feature-flags", "method": "POST", "status": 500})),
    )
    .await;
    let (status, _) = h
        .post_json(
            "/api/admin/feature-flags",
            Some(json!({"enhanced-cache": {"percentage": 90}})),
        )
        .await;
    assert_eq!(status, 500);
    let flag = h.get_json("/api/admin/feature-flags").await; // GET is not filtered by method=POST
    assert_eq!(flag["enhanced-cache"]["percentage"], 10);

    let listed = h.hook(Method::GET, "/__sandbox/faults", None).await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    h.hook(Method::DELETE, "/__sandbox/faults", None).await;
    assert_eq!(
        h.send(Method::GET, "/api/error-metrics", None)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn fault_bodies_and_fields() {
    let h = start("healthy").await;
    h.fault("/api/error-metrics:body=<html>oops</html>,content_type=text/html")
        .await;
    let resp = h.send(Method::GET, "/api/error-metrics", None).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "text/html");
    assert_eq!(resp.text().await.unwrap(), "<html>oops</html>");
    h.hook(Method::DELETE, "/__sandbox/faults", None).await;

    h.fault(r#"/api/error-details:body={"error_rate": 7"#).await;
    let text = h
        .send(Method::GET, "/api/error-details", None)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(text, r#"{"error_rate": 7"#);

    h.fault("/api/cache-metrics:drop_field=storage.percentage")
        .await;
    h.fault("/api/cache-metrics:set_field=hit_rates.feed-cache.ratio,value=null")
        .await;
    let m = h.get_json("/api/cache-metrics").await;
    assert!(m["storage"].get("percentage").is_none());
    assert!(m["storage"]["used_bytes"].is_u64());
    assert!(m["hit_rates"]["feed-cache"]["ratio"].is_null());

    h.fault("/api/sync-status:set_field=queue_size,value=abc")
        .await;
    h.fault("/api/error-metrics:drop_field=error_rate").await;
    assert_eq!(h.get_json("/api/sync-status").await["queue_size"], "abc");
    assert!(
        h.get_json("/api/error-metrics")
            .await
            .get("error_rate")
            .is_none()
    );

    h.hook(Method::DELETE, "/__sandbox/faults", None).await;
    h.fault("/api/cache-metrics:set_field=storage.percentage,value=180")
        .await;
    assert_eq!(
        h.get_json("/api/cache-metrics").await["storage"]["percentage"],
        180
    );
}

#[tokio::test]
async fn fault_delay_times_redirect_and_huge_bodies() {
    let h = start("healthy").await;
    h.fault("/api/sync-status:delay=300ms").await;
    let t = Instant::now();
    h.get_json("/api/sync-status").await;
    assert!(t.elapsed() >= Duration::from_millis(300));
    // A client timeout shorter than the delay sees a hung endpoint.
    let err = h
        .http
        .get(h.url("/api/sync-status"))
        .timeout(Duration::from_millis(100))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout());

    h.fault("/api/health:status=503,times=2").await;
    assert_eq!(h.send(Method::GET, "/api/health", None).await.status(), 503);
    assert_eq!(h.send(Method::GET, "/api/health", None).await.status(), 503);
    assert_eq!(h.send(Method::GET, "/api/health", None).await.status(), 200);

    h.fault("/api/sw-status:redirect=/login").await;
    let resp = h.send(Method::GET, "/api/sw-status", None).await;
    assert_eq!(resp.status(), 302);
    assert_eq!(resp.headers()["location"], "/login");

    h.fault("/api/usage-analytics:body_bytes=2MB").await;
    let resp = h.send(Method::GET, "/api/usage-analytics", None).await;
    assert_eq!(resp.content_length(), Some(2_000_000));
    let body = resp.bytes().await.unwrap();
    assert_eq!(body.len(), 2_000_000);
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["period"], "7d", "still the real answer, padded");

    // `*` matches every app path, a method filter narrows it.
    h.hook(Method::DELETE, "/__sandbox/faults", None).await;
    h.fault("*:method=POST,status=503").await;
    assert_eq!(h.post_json("/api/admin/cache-cleanup", None).await.0, 503);
    assert_eq!(h.send(Method::GET, "/api/health", None).await.status(), 200);
}

#[tokio::test]
async fn bad_faults_are_rejected_with_reasons() {
    let h = start("healthy").await;
    for bad in [
        json!({"path": "/x"}),
        json!({"path": "/x", "stauts": 5}),
        json!("/x:bogus=1"),
    ] {
        let resp = h
            .http
            .post(h.url("/__sandbox/faults"))
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{bad}");
        assert!(resp.json::<Value>().await.unwrap()["error"].is_string());
    }
    let added = h
        .hook(
            Method::POST,
            "/__sandbox/faults",
            Some(json!([{"path": "/a", "status": 500}, {"path": "/b", "delay_ms": 1}])),
        )
        .await;
    assert_eq!(added.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn faults_given_at_start_apply() {
    let mut f = Fault::new("/api/error-metrics");
    f.status = Some(429);
    f.retry_after = Some("1".into());
    let h = start_with(SandboxOptions {
        faults: vec![
            f,
            parse_fault_spec("/api/sync-status:drop=queue_size,times=1").unwrap(),
        ],
        ..SandboxOptions::default()
    })
    .await;
    assert_eq!(
        h.send(Method::GET, "/api/error-metrics", None)
            .await
            .status(),
        429
    );
    assert!(
        h.get_json("/api/sync-status")
            .await
            .get("queue_size")
            .is_none()
    );
    assert_eq!(h.get_json("/api/sync-status").await["queue_size"], 42);
}

#[tokio::test]
async fn every_scenario_shows_its_headline() {
    for name in scenario_names() {
        let h = start(name).await;
        let m = h.get_json("/api/cache-metrics").await;
        let pct = m["storage"]["percentage"].as_f64().unwrap();
        let err = h.get_json("/api/error-details").await["error_rate"]
            .as_f64()
            .unwrap();
        let sync = h.get_json("/api/sync-status").await;
        let ratio = |c: &str| m["hit_rates"][c]["ratio"].as_f64().unwrap();
        match *name {
            "healthy" => {
                assert_eq!((pct, err), (62.5, 2.4));
                assert_eq!(sync["queue_size"], 42);
            }
            "storage-pressure" => assert_eq!(pct, 85.0),
            "storage-critical" => assert_eq!(pct, 97.0),
            "storage-stuck" => assert_eq!(pct, 99.0),
            "error-spike" => assert_eq!(err, 7.0),
            "error-critical" => assert_eq!(err, 12.0),
            "sync-backlog" => {
                assert_eq!(sync["queue_size"], 750);
                assert!(sync["failed_items"].as_array().unwrap().len() > 1);
            }
            "degraded-hit-rates" => {
                assert_eq!((ratio("feed-cache"), ratio("community-cache")), (0.6, 0.75));
                let usage = h.get_json("/api/usage-analytics").await;
                assert_eq!(usage["caches"]["feed-cache"]["hit_ratio"], 0.6);
            }
            "cohort-healthy" | "cohort-regression" => {
                let cohorts = &h.get_json("/api/error-metrics").await["cohorts"];
                let rate = |c: &str| cohorts[c]["error_rate"].as_f64().unwrap();
                let want = if *name == "cohort-healthy" { 2.4 } else { 4.8 };
                assert_eq!((rate("enhanced"), rate("control")), (want, 2.4));
                assert!(err < 5.0, "the aggregate is within target: {err}");
                assert_eq!(
                    m["cohorts"]["control"]["hit_rates"]["feed-cache"]["hits"],
                    81_900
                );
            }
            "worker-redirect" => {
                let r = h.send(Method::GET, "/sw-enhanced.js", None).await;
                assert_eq!(r.status(), 302);
                assert_eq!(r.headers()["location"], "/static/sw-enhanced.js");
            }
            "precache-missing" => {
                let r = h.send(Method::GET, "/static/app.css", None).await;
                assert_eq!(r.status(), 404);
            }
            "precache-html-fallback" => {
                let r = h.send(Method::GET, "/static/app.js", None).await;
                assert_eq!(r.status(), 200);
                assert!(
                    r.headers()["content-type"]
                        .to_str()
                        .unwrap()
                        .starts_with("text/html")
                );
            }
            "worker-no-skip-waiting" => {
                let sw = h.get_json("/api/sw-status").await;
                assert_eq!(sw["version"], "v1.0.1");
                let script = h.send(Method::GET, "/sw-enhanced.js", None).await;
                let body = script.text().await.unwrap();
                assert!(body.contains("\"v1.0.1\"") && !body.contains("skipWaiting"));
            }
            other => panic!("scenario {other} has no headline check"),
        }
        h.sb.shutdown().await;
    }
}

#[tokio::test]
async fn scenario_files_and_start_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("incident.json");
    std::fs::write(
        &file,
        r#"{"base":"error-spike","state":{"flag":{"percentage":50}},"faults":[{"path":"/api/sw-status","status":502}]}"#,
    )
    .unwrap();
    let h = start_with(SandboxOptions {
        scenario_file: Some(file.clone()),
        ..SandboxOptions::default()
    })
    .await;
    assert_eq!(h.get_json("/api/error-metrics").await["error_rate"], 7);
    assert_eq!(
        h.get_json("/api/admin/feature-flags").await["enhanced-cache"]["percentage"],
        50
    );
    assert_eq!(
        h.send(Method::GET, "/api/sw-status", None).await.status(),
        502
    );

    std::fs::write(
        &file,
        r#"{"base":"error-spike","state":{"flag":{"percent":50}}}"#,
    )
    .unwrap();
    let err = Sandbox::start(SandboxOptions {
        scenario_file: Some(file.clone()),
        ..SandboxOptions::default()
    })
    .await
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("incident.json") && err.contains("percent"),
        "{err}"
    );

    let err = Sandbox::start(SandboxOptions {
        scenario: "calm".into(),
        ..SandboxOptions::default()
    })
    .await
    .unwrap_err()
    .to_string();
    assert!(err.contains("calm") && err.contains("healthy"), "{err}");
}

#[tokio::test]
async fn state_hook_patches_and_rejects() {
    let h = start("healthy").await;
    let state = h.patch_state(json!({"error_rate": 7})).await;
    assert_eq!(state["error_rate"], 7);
    assert_eq!(h.get_json("/api/error-metrics").await["error_rate"], 7);
    assert_eq!(h.get_json("/api/error-details").await["error_rate"], 7);
    h.patch_state(json!({"flag": {"percentage": 50}})).await;
    assert_eq!(
        h.get_json("/api/admin/feature-flags").await["enhanced-cache"]["percentage"],
        50
    );
    h.patch_state(json!({"storage": {"percentage": 90}})).await;
    let m = h.get_json("/api/cache-metrics").await;
    assert_eq!(m["storage"]["percentage"], 90);
    assert_eq!(m["storage"]["used_bytes"], 60397978);

    let resp = h
        .http
        .patch(h.url("/__sandbox/state"))
        .json(&json!({"error_rat": 7}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    assert!(
        resp.json::<Value>().await.unwrap()["error"]
            .as_str()
            .unwrap()
            .contains("error_rat")
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn worker_scripts_carry_cache_headers_and_change_etag() {
    let h = start("healthy").await;
    let resp = h.send(Method::GET, "/sw-enhanced.js", None).await;
    assert_eq!(resp.status(), 200);
    let headers = resp.headers().clone();
    let body = resp.text().await.unwrap();
    assert!(body.contains("const SW_VERSION = \"v1.0.0\";"));
    assert_eq!(
        headers["content-type"],
        "application/javascript; charset=utf-8"
    );
    assert_eq!(headers["cache-control"], "no-cache");
    assert_eq!(headers["service-worker-allowed"], "/");
    assert_eq!(
        headers["etag"].to_str().unwrap(),
        format!("\"{}\"", sha256_hex(body.as_bytes()))
    );
    let last_modified = headers["last-modified"].to_str().unwrap().to_string();
    httpdate::parse_http_date(&last_modified).unwrap();
    assert!(h.get_json("/api/sw-status").await["version"] == "v1.0.0");
    assert!(
        h.send(Method::GET, "/sw.js", None)
            .await
            .text()
            .await
            .unwrap()
            .contains("v1.0.0")
    );

    let head = h.send(Method::HEAD, "/sw-enhanced.js", None).await;
    assert_eq!(head.status(), 200);
    assert_eq!(head.headers()["etag"], headers["etag"]);
    assert_eq!(
        head.headers()["content-length"],
        body.len().to_string().as_str()
    );

    h.patch_state(json!({"worker_scripts": {"/sw-enhanced.js": "const SW_VERSION = \"v0.9.0\";"}}))
        .await;
    let resp = h.send(Method::HEAD, "/sw-enhanced.js", None).await;
    assert_ne!(resp.headers()["etag"], headers["etag"]);
    assert_ne!(
        resp.headers()["last-modified"].to_str().unwrap(),
        last_modified
    );
    let resp = h.send(Method::GET, "/sw-enhanced.js", None).await;
    assert_eq!(resp.text().await.unwrap(), "const SW_VERSION = \"v0.9.0\";");
}

#[tokio::test]
async fn metrics_exposition() {
    let h = start("storage-pressure").await;
    let resp = h.send(Method::GET, "/metrics", None).await;
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = resp.text().await.unwrap();
    for family in [
        "cache_hit_ratio",
        "cache_storage_utilization_percent",
        "background_sync_queue_size",
        "cache_evictions_total",
        "cache_network_fallback_total",
    ] {
        assert!(text.contains(&format!("# HELP {family} ")), "{family}");
        assert!(text.contains(&format!("# TYPE {family} ")), "{family}");
    }
    assert!(text.contains("cache_hit_ratio{cache_name=\"feed-cache\"} 0.91\n"));
    assert!(text.contains("cache_storage_utilization_percent 85\n"));
}

#[tokio::test]
async fn latency_applies_to_app_requests_only() {
    // An hour's latency: no app request can answer within a client's patience, so the two
    // outcomes differ by orders of magnitude instead of by a measured time.
    let h = start_with(SandboxOptions {
        latency: Duration::from_secs(3600),
        ..SandboxOptions::default()
    })
    .await;
    // A hook answers (the harness's client would give up after 10 s and fail the test).
    h.hook(Method::GET, "/__sandbox/state", None).await;
    let err = h
        .http
        .get(h.url("/api/health"))
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .expect_err("an app request waits out the latency");
    assert!(err.is_timeout(), "{err}");
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let h = start("healthy").await;
    let url = h.url("/api/health");
    h.sb.shutdown().await;
    assert!(h.http.get(&url).send().await.is_err());

    let sb = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let url = format!("{}/api/health", sb.base_url());
    drop(sb);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(reqwest::Client::new().get(&url).send().await.is_err());
    assert_eq!(generate_token().len(), 32);
}

// ---- The OpenAPI document and the sandbox must agree. ----

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn load_openapi() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/admin-api.openapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A small JSON-schema check covering what the document uses.
fn check_schema(doc: &Value, schema: &Value, v: &Value, at: &str, errs: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        let target = &doc["components"]["schemas"][name];
        assert!(!target.is_null(), "dangling $ref {r}");
        return check_schema(doc, target, v, at, errs);
    }
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        let ok = match t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            _ => true,
        };
        if !ok {
            errs.push(format!("{at}: expected {t}, got {v}"));
            return;
        }
    }
    if let (Some(min), Some(x)) = (schema.get("minimum").and_then(Value::as_f64), v.as_f64())
        && x < min
    {
        errs.push(format!("{at}: {x} < minimum {min}"));
    }
    if let (Some(max), Some(x)) = (schema.get("maximum").and_then(Value::as_f64), v.as_f64())
        && x > max
    {
        errs.push(format!("{at}: {x} > maximum {max}"));
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(v)
    {
        errs.push(format!("{at}: {v} not in enum"));
    }
    if let Some(obj) = v.as_object() {
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !obj.contains_key(req.as_str().unwrap()) {
                errs.push(format!("{at}: missing required {req}"));
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (k, x) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(s) => check_schema(doc, s, x, &format!("{at}.{k}"), errs),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => errs.push(format!("{at}: unexpected {k}")),
                    Some(s @ Value::Object(_)) => {
                        check_schema(doc, s, x, &format!("{at}.{k}"), errs)
                    }
                    _ => {}
                },
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate() {
            check_schema(doc, items, x, &format!("{at}[{i}]"), errs);
        }
    }
}

#[tokio::test]
async fn openapi_document_and_sandbox_agree() {
    let doc = load_openapi();
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(
        doc["components"]["securitySchemes"]["bearerAuth"],
        json!({"type": "http", "scheme": "bearer"})
    );
    let h = start("healthy").await;

    let mut documented = BTreeSet::new();
    let mut errs = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            documented.insert((path.clone(), method.to_uppercase()));
            let admin = path.starts_with("/api/admin/");
            assert_eq!(
                op.get("security").is_some(),
                admin,
                "{method} {path}: bearer security exactly on /api/admin/*"
            );
            // Examples are validated against their own schemas too.
            let body = op.pointer("/requestBody/content/application~1json");
            if let Some(body) = body {
                let example = &body["example"];
                assert!(
                    !example.is_null(),
                    "{method} {path}: request body needs an example"
                );
                check_schema(
                    &doc,
                    &body["schema"],
                    example,
                    &format!("{method} {path} example"),
                    &mut errs,
                );
            }
            let example = body.map(|b| b["example"].clone());
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let resp = h.send(m, path, example.as_ref()).await;
            let status = resp.status();
            assert!(status.is_success(), "{method} {path} answered {status}");
            let json_schema = op.pointer(&format!(
                "/responses/{}/content/application~1json/schema",
                status.as_u16()
            ));
            if let Some(schema) = json_schema {
                let v: Value = resp.json().await.unwrap();
                check_schema(&doc, schema, &v, &format!("{method} {path}"), &mut errs);
            }
        }
    }
    // The cohorts are optional: check them where a scenario reports them.
    let cohorts = start("cohort-regression").await;
    for path in ["/api/cache-metrics", "/api/error-metrics"] {
        let v = cohorts.get_json(path).await;
        assert!(v["cohorts"]["enhanced"].is_object(), "{path}: {v}");
        let schema =
            &doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        check_schema(
            &doc,
            schema,
            &v,
            &format!("get {path} (cohorts)"),
            &mut errs,
        );
    }
    cohorts.sb.shutdown().await;
    assert!(
        errs.is_empty(),
        "responses that do not fit the document:\n{}",
        errs.join("\n")
    );

    let served: BTreeSet<(String, String)> = h
        .hook(Method::GET, "/__sandbox/routes", None)
        .await
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            let path = r["path"].as_str().unwrap().to_string();
            r["methods"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |m| (path.clone(), m.as_str().unwrap().to_string()))
        })
        .collect();
    let only_doc: Vec<_> = documented.difference(&served).collect();
    let only_served: Vec<_> = served.difference(&documented).collect();
    assert!(
        only_doc.is_empty() && only_served.is_empty(),
        "document and sandbox routes differ: only documented {only_doc:?}, only served {only_served:?}"
    );
}

/// `PUT /__sandbox/publish` serves a file's bytes at a worker path (the stand-in publish step);
/// after it, clients take the new worker up by the sandbox's clock (`POST /__sandbox/clock`),
/// in sw-status and in `/metrics`.
#[tokio::test]
async fn a_published_worker_is_served_and_clients_move_to_it_by_the_clock() {
    let h = start("healthy").await;
    let script = "const SW_VERSION = \"kill-switch\";\nself.skipWaiting();\n";
    let resp = h
        .http
        .put(h.url("/__sandbox/publish?path=/sw-enhanced.js"))
        .body(script)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    let served = h
        .http
        .get(h.url("/sw-enhanced.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(served, script);
    // Nobody has moved yet; ten minutes on the clock later, most have.
    let clients = |v: &Value| v["clients_by_version"].clone();
    assert_eq!(
        clients(&h.get_json("/api/sw-status").await),
        json!({"v1.0.0": 1180, "v0.9.0": 54, "kill-switch": 0})
    );
    h.hook(
        Method::POST,
        "/__sandbox/clock",
        Some(json!({"advance_seconds": 600})),
    )
    .await;
    let later = clients(&h.get_json("/api/sw-status").await);
    // 10 % of the rest a minute: 0.9^10 of each version is left.
    assert_eq!(
        later,
        json!({"v1.0.0": 411, "v0.9.0": 19, "kill-switch": 804})
    );
    let metrics = h
        .http
        .get(h.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("sw_clients{version=\"kill-switch\"} 804"),
        "{metrics}"
    );
    // A path that is not one is refused.
    let resp = h
        .http
        .put(h.url("/__sandbox/publish?path=sw.js"))
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
}
