//! Assembles the server: the router (app routes + test hooks + the request pipeline around
//! them) over the shared runtime state (`shared`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;

use super::faults::{Fault, FaultSet};
use super::hooks::hook_routes;
use super::pipeline::app_pipeline;
use super::recorder::Recorder;
use super::reply::error;
use super::routes::{app_routes, worker_script};
use super::shared::Shared;
use super::state::SimState;

/// The router, and the state it shares (the listener reads the connection-level faults).
pub fn build_router(
    token: String,
    latency: Duration,
    state: SimState,
    faults: Vec<Fault>,
) -> (Router, Arc<Shared>) {
    let (app, routes) = app_routes();
    let mut set = FaultSet::default();
    for f in faults {
        set.add(f);
    }
    let shared = Arc::new(Shared {
        token,
        latency,
        state: Mutex::new(state),
        faults: Mutex::new(set),
        recorder: Mutex::new(Recorder::default()),
        routes,
    });
    let router = app
        .merge(hook_routes())
        .fallback(fallback)
        // Last, so it wraps every route and the fallback.
        .layer(from_fn_with_state(shared.clone(), app_pipeline))
        .with_state(shared.clone());
    (router, shared)
}

/// Worker scripts patched into `worker_scripts` at other paths (`/static/js/sw.js`) are served
/// like `/sw.js`, so deploy verification can be tested with a script below the scope.
async fn fallback(
    State(s): State<Arc<Shared>>,
    method: axum::http::Method,
    uri: axum::http::Uri,
) -> axum::response::Response {
    let is_script = (method == axum::http::Method::GET || method == axum::http::Method::HEAD)
        && s.state().worker_scripts.contains_key(uri.path());
    if is_script {
        return worker_script(State(s), uri).await;
    }
    let is_get = method == axum::http::Method::GET || method == axum::http::Method::HEAD;
    let file = is_get
        .then(|| s.state().site_files.get(uri.path()).cloned())
        .flatten();
    if let Some(body) = file {
        return crate::site::serve(uri.path(), body);
    }
    error(StatusCode::NOT_FOUND, format!("not found: {}", uri.path()))
}
