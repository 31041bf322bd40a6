//! Hooks a stand-in step drives: publish a worker script at a path (what a real
//! `publish_worker` step does with its CDN), and advance the sandbox's clock.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{post, put};
use serde::Deserialize;
use serde_json::{Value, json};

use super::reply::{bad_request, ok, parse_json};
use super::shared::{Shared, now_unix};

type Shr = Arc<Shared>;

pub fn routes() -> Router<Shr> {
    Router::new()
        .route("/__sandbox/publish", put(publish))
        .route("/__sandbox/clock", post(advance))
}

#[derive(Deserialize)]
struct At {
    path: String,
}

/// The body becomes the worker script served at `path`, through the state patch (so its
/// Last-Modified moves and the clients start taking it up).
async fn publish(State(s): State<Shr>, Query(at): Query<At>, body: Bytes) -> Response {
    if !at.path.starts_with('/') {
        return bad_request(format!("path {:?} does not start with '/'", at.path));
    }
    let Ok(script) = String::from_utf8(body.to_vec()) else {
        return bad_request("the worker script is not UTF-8");
    };
    let mut st = s.state();
    let patch = json!({ "worker_scripts": { at.path.clone(): script } });
    match st.apply_patch(&patch, now_unix()) {
        Ok(next) => {
            *st = next;
            ok(json!({ "published": at.path }))
        }
        Err(e) => bad_request(e),
    }
}

/// `{"advance_seconds": N}`: the clock moves N seconds further ahead.
async fn advance(State(s): State<Shr>, body: Bytes) -> Response {
    let by = match parse_json(&body).map(|v| v.get("advance_seconds").and_then(Value::as_u64)) {
        Ok(Some(n)) => n,
        Ok(None) => return bad_request("expected {\"advance_seconds\": N}, N ≥ 0"),
        Err(e) => return bad_request(e),
    };
    let mut st = s.state();
    st.clock.advanced_seconds = st.clock.advanced_seconds.saturating_add(by);
    ok(json!({ "advanced_seconds": st.clock.advanced_seconds }))
}
