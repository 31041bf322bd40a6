//! Assembles the server: the shared runtime state every handler sees, and the router
//! (app routes + test hooks + the request pipeline around them).

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;

use super::faults::{Fault, FaultSet};
use super::hooks::hook_routes;
use super::pipeline::app_pipeline;
use super::recorder::Recorder;
use super::reply::error;
use super::routes::{ServedRoute, app_routes, worker_script};
use super::state::SimState;

pub struct Shared {
    pub token: String,
    pub latency: Duration,
    pub state: Mutex<SimState>,
    pub faults: Mutex<FaultSet>,
    pub recorder: Mutex<Recorder>,
    pub routes: Vec<ServedRoute>,
}

impl Shared {
    pub fn state(&self) -> MutexGuard<'_, SimState> {
        lock(&self.state)
    }
}

/// Locks never stay poisoned: a panicking handler must not take the whole sandbox down.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

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
    error(StatusCode::NOT_FOUND, format!("not found: {}", uri.path()))
}
