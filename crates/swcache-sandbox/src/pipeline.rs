//! What happens to every app request before its handler: record it, add the configured
//! latency, check the bearer token on /api/admin/*, then apply matching faults.
//! `/__sandbox/*` hooks bypass all of it.

use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::hooks::PREFIX;
use super::inject;
use super::recorder::{Auth, classify_auth};
use super::reply::error;
use super::shared::{Shared, lock};

/// Request bodies are small JSON; anything bigger is a client bug worth a 413.
const MAX_REQUEST_BODY: usize = 1024 * 1024;

pub async fn app_pipeline(State(s): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with(PREFIX) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_REQUEST_BODY).await else {
        return error(StatusCode::PAYLOAD_TOO_LARGE, "request body too large");
    };
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    let auth = classify_auth(&parts.headers, &s.token);
    lock(&s.recorder).record(&method, &path, parts.uri.query(), &bytes, auth, &s.token);

    if !s.latency.is_zero() {
        tokio::time::sleep(s.latency).await;
    }
    // Auth before faults: faults simulate the authenticated app misbehaving, and a fault's
    // `times` budget should not be spent on requests the app would reject anyway.
    let admin = path == "/api/admin" || path.starts_with("/api/admin/");
    if admin && auth != Auth::Valid {
        return error(StatusCode::UNAUTHORIZED, "unauthorized");
    }

    let faults = lock(&s.faults).take_matching(&method, &path);
    let is_head = parts.method == Method::HEAD;
    let req = Request::from_parts(parts, Body::from(bytes));
    if faults.is_empty() {
        return next.run(req).await;
    }
    let delay = inject::delay(&faults);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let resp = match inject::short_circuit(&faults) {
        Some(resp) => resp,
        None => next.run(req).await,
    };
    inject::rewrite(resp, &faults, is_head).await
}
