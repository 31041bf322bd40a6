//! Test hooks under `/__sandbox/`: inspect and steer the fake app over HTTP. Not recorded,
//! no latency, no auth (the pipeline lets them straight through).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};

use super::faults::{Fault, parse_fault_spec};
use super::reply::{bad_request, ok, parse_json};
use super::shared::{Shared, lock, now_unix};

pub const PREFIX: &str = "/__sandbox/";

type Shr = Arc<Shared>;

pub fn hook_routes() -> Router<Shr> {
    Router::new()
        .route(
            "/__sandbox/requests",
            get(list_requests).delete(clear_requests),
        )
        .route(
            "/__sandbox/faults",
            get(list_faults).post(add_faults).delete(clear_faults),
        )
        .route(
            "/__sandbox/state",
            get(get_state).patch(patch_state).post(patch_state),
        )
        .route("/__sandbox/routes", get(list_routes))
        .merge(super::publish::routes())
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

async fn list_requests(State(s): State<Shr>) -> Response {
    ok(to_json(&lock(&s.recorder).list()))
}

async fn clear_requests(State(s): State<Shr>) -> Response {
    lock(&s.recorder).clear();
    ok(json!({}))
}

async fn list_faults(State(s): State<Shr>) -> Response {
    ok(to_json(&lock(&s.faults).list()))
}

/// Accepts one fault, an array of faults, or a spec string (`"/api/x:status=503"`).
#[derive(Deserialize)]
#[serde(untagged)]
enum FaultInput {
    Spec(String),
    One(Box<Fault>),
    Many(Vec<Fault>),
}

async fn add_faults(State(s): State<Shr>, body: Bytes) -> Response {
    let value = match parse_json(&body) {
        Ok(v) => v,
        Err(e) => return bad_request(e),
    };
    let faults = match serde_json::from_value::<FaultInput>(value.clone()) {
        Ok(FaultInput::Spec(spec)) => match parse_fault_spec(&spec) {
            Ok(f) => vec![f],
            Err(e) => return bad_request(e),
        },
        Ok(FaultInput::One(f)) => vec![*f],
        Ok(FaultInput::Many(v)) => v,
        // Untagged errors are vague; re-parse to report what is actually wrong.
        Err(_) => {
            let err = if value.is_array() {
                serde_json::from_value::<Vec<Fault>>(value).err()
            } else {
                serde_json::from_value::<Fault>(value).err()
            };
            return bad_request(format!(
                "invalid fault: {}",
                err.map(|e| e.to_string()).unwrap_or_default()
            ));
        }
    };
    for f in &faults {
        if let Err(e) = f.validate() {
            return bad_request(e);
        }
    }
    let mut set = lock(&s.faults);
    for f in faults {
        set.add(f);
    }
    ok(to_json(&set.list()))
}

async fn clear_faults(State(s): State<Shr>) -> Response {
    lock(&s.faults).clear();
    ok(json!([]))
}

async fn get_state(State(s): State<Shr>) -> Response {
    ok(to_json(&*s.state()))
}

async fn patch_state(State(s): State<Shr>, body: Bytes) -> Response {
    let patch = match parse_json(&body) {
        Ok(v) => v,
        Err(e) => return bad_request(e),
    };
    let mut st = s.state();
    match st.apply_patch(&patch, now_unix()) {
        Ok(next) => {
            *st = next;
            ok(to_json(&*st))
        }
        Err(e) => bad_request(e),
    }
}

async fn list_routes(State(s): State<Shr>) -> Response {
    ok(to_json(&s.routes))
}
