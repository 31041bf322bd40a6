//! The app's routes (admin-api.md) and their handlers. The route table is built in one place
//! and also served at `/__sandbox/routes`, so the OpenAPI test can check that neither the
//! document nor the sandbox drifts.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::reply::{bad_request, error, ok, parse_json};
use super::shared::{ServedRoute, Shared, now_rfc3339};
use super::state::SimState;
use super::views;

type Shr = Arc<Shared>;

#[derive(Default)]
struct Routes {
    router: Router<Shr>,
    served: Vec<ServedRoute>,
}

impl Routes {
    fn add(
        mut self,
        path: &'static str,
        methods: &[&'static str],
        route: MethodRouter<Shr>,
    ) -> Self {
        self.router = self.router.route(path, route);
        self.served.push(ServedRoute {
            path,
            methods: methods.to_vec(),
        });
        self
    }
}

/// A GET route answering a view of the state.
fn read(view: fn(&SimState) -> Value) -> MethodRouter<Shr> {
    get(move |State(s): State<Shr>| async move { ok(view(&s.state())) })
}

pub fn app_routes() -> (Router<Shr>, Vec<ServedRoute>) {
    const GET: &[&str] = &["GET"];
    const POST: &[&str] = &["POST"];
    let r = Routes::default()
        .add("/api/health", GET, read(|_| views::health()))
        .add("/api/sw-status", GET, read(views::sw_status))
        .add("/api/cache-metrics", GET, read(views::cache_metrics))
        .add("/api/cache-report", GET, get(cache_report))
        .add("/api/sync-status", GET, read(views::sync_status))
        .add("/api/error-metrics", GET, read(views::error_metrics))
        .add("/api/error-details", GET, read(views::error_details))
        .add(
            "/api/cache-diagnostics",
            GET,
            read(views::cache_diagnostics),
        )
        .add(
            "/api/storage-breakdown",
            GET,
            read(views::storage_breakdown),
        )
        .add("/api/large-cache-entries", GET, get(large_cache_entries))
        .add("/api/usage-analytics", GET, read(views::usage_analytics))
        .add(
            "/api/admin/feature-flags",
            &["GET", "POST"],
            read(views::feature_flags).post(post_feature_flags),
        )
        .add("/api/admin/cache-config", GET, read(views::cache_config))
        .add("/api/admin/clear-sw-cache", POST, post(clear_sw_cache))
        .add("/api/admin/cache-cleanup", POST, post(cache_cleanup))
        .add(
            "/api/admin/emergency-cleanup",
            POST,
            post(emergency_cleanup),
        )
        .add(
            "/api/admin/update-cache-limits",
            POST,
            post(update_cache_limits),
        )
        .add(
            "/api/admin/update-cache-config",
            POST,
            post(update_cache_config),
        )
        .add("/api/admin/generate-report", POST, post(generate_report))
        // axum's `get` also answers HEAD (same headers, no body).
        .add("/sw.js", &["GET", "HEAD"], get(worker_script))
        .add("/sw-enhanced.js", &["GET", "HEAD"], get(worker_script))
        .add("/metrics", GET, get(metrics))
        .add("/health", GET, read(|_| views::health()));
    (r.router, r.served)
}

async fn cache_report(State(s): State<Shr>) -> Response {
    ok(views::cache_report(&s.state(), &now_rfc3339()))
}

async fn large_cache_entries(State(s): State<Shr>, RawQuery(query): RawQuery) -> Response {
    let mut limit = 10usize;
    for pair in query.as_deref().unwrap_or("").split('&') {
        if let Some(v) = pair.strip_prefix("limit=") {
            match v.parse::<usize>() {
                Ok(n) => limit = n.min(1000),
                Err(_) => return bad_request(format!("limit must be a whole number, got '{v}'")),
            }
        }
    }
    ok(views::large_cache_entries(&s.state(), limit))
}

async fn metrics(State(s): State<Shr>) -> Response {
    let text = views::prometheus(&s.state());
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

pub(super) async fn worker_script(State(s): State<Shr>, uri: Uri) -> Response {
    let found = {
        let st = s.state();
        st.worker_scripts.get(uri.path()).map(|body| {
            (
                body.clone(),
                st.worker_modified.get(uri.path()).copied().unwrap_or(0),
            )
        })
    };
    let Some((body, modified)) = found else {
        return error(
            StatusCode::NOT_FOUND,
            format!("no worker script at {}", uri.path()),
        );
    };
    let digest = Sha256::digest(body.as_bytes());
    // sha2 0.11 dropped LowerHex on digests; encode by hand.
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let last_modified = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(modified));
    (
        [
            (
                header::CONTENT_TYPE,
                "application/javascript; charset=utf-8".to_string(),
            ),
            (header::CACHE_CONTROL, "no-cache".to_string()),
            (header::ETAG, format!("\"{hex}\"")),
            (header::LAST_MODIFIED, last_modified),
            (
                header::HeaderName::from_static("service-worker-allowed"),
                "/".to_string(),
            ),
            // Explicit so HEAD (body stripped) still reports the size.
            (header::CONTENT_LENGTH, body.len().to_string()),
        ],
        body,
    )
        .into_response()
}

async fn post_feature_flags(State(s): State<Shr>, body: Bytes) -> Response {
    let patch = match parse_json(&body) {
        Ok(v) => v,
        Err(e) => return bad_request(e),
    };
    let mut st = s.state();
    let before = st.flag.clone();
    match st.merge_flag(&patch) {
        Ok(()) => {
            if st.flag != before {
                st.flag.updated_at = Some(now_rfc3339());
            }
            ok(views::feature_flags(&st))
        }
        Err(e) => bad_request(e),
    }
}

async fn clear_sw_cache(State(s): State<Shr>) -> Response {
    let mut st = s.state();
    let freed = st.clear_caches();
    ok(json!({"cleared": true, "freed_bytes": freed, "storage": st.storage}))
}

async fn cache_cleanup(State(s): State<Shr>) -> Response {
    let mut st = s.state();
    let target = st.cleanup.target_percent;
    let freed = st.cleanup_to(target);
    ok(json!({"freed_bytes": freed, "target_percent": target, "storage": st.storage}))
}

async fn emergency_cleanup(State(s): State<Shr>) -> Response {
    let mut st = s.state();
    let target = st.cleanup.emergency_target_percent;
    let freed = st.cleanup_to(target);
    ok(json!({"freed_bytes": freed, "target_percent": target, "storage": st.storage}))
}

async fn update_cache_limits(State(s): State<Shr>, body: Bytes) -> Response {
    merge_config(&s, &body, &["maxEntries", "maxAgeSeconds"])
}

async fn update_cache_config(State(s): State<Shr>, body: Bytes) -> Response {
    merge_config(&s, &body, &["ttl", "maxEntries", "maxAgeSeconds"])
}

fn merge_config(s: &Shared, body: &[u8], allowed: &[&str]) -> Response {
    let patch = match parse_json(body) {
        Ok(v) => v,
        Err(e) => return bad_request(e),
    };
    let mut st = s.state();
    match st.merge_cache_config(&patch, allowed) {
        Ok(()) => ok(views::cache_config(&st)),
        Err(e) => bad_request(e),
    }
}

/// `{"type":"weekly","metrics":["cache","sync","storage"]}`; an empty body means every section.
async fn generate_report(State(s): State<Shr>, body: Bytes) -> Response {
    let req = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        match parse_json(&body) {
            Ok(v) => v,
            Err(e) => return bad_request(e),
        }
    };
    let Some(req) = req.as_object() else {
        return bad_request(
            "body must be an object like {\"type\":\"weekly\",\"metrics\":[\"cache\"]}",
        );
    };
    let kind = match req.get("type") {
        None => "adhoc".to_string(),
        Some(Value::String(t)) => t.clone(),
        Some(other) => return bad_request(format!("type must be a string, got {other}")),
    };
    let sections: Vec<String> = match req.get("metrics") {
        None => views::REPORT_SECTIONS
            .iter()
            .map(|s| s.to_string())
            .collect(),
        Some(Value::Array(items)) => {
            let mut out = Vec::new();
            for item in items {
                match item.as_str() {
                    Some(name) if views::REPORT_SECTIONS.contains(&name) => {
                        out.push(name.to_string())
                    }
                    _ => {
                        return bad_request(format!(
                            "unknown report metric {item} (known: {})",
                            views::REPORT_SECTIONS.join(", ")
                        ));
                    }
                }
            }
            out
        }
        Some(other) => {
            return bad_request(format!("metrics must be an array of names, got {other}"));
        }
    };
    let mut st = s.state();
    st.reports_generated += 1;
    let metrics: Map<String, Value> = sections
        .iter()
        .filter_map(|name| views::report_section(&st, name).map(|v| (name.clone(), v)))
        .collect();
    ok(json!({
        "id": format!("report-{}", st.reports_generated),
        "type": kind,
        "generated_at": now_rfc3339(),
        "metrics": metrics,
    }))
}
