//! Response helpers: every JSON answer goes through here so numbers are tidied the same way.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::patch::tidy_numbers;

pub fn json_response(status: StatusCode, mut value: Value) -> Response {
    tidy_numbers(&mut value);
    let body = serde_json::to_vec(&value).unwrap_or_else(|_| b"{}".to_vec());
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

pub fn ok(value: Value) -> Response {
    json_response(StatusCode::OK, value)
}

pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    json_response(status, json!({"error": message.into()}))
}

pub fn bad_request(message: impl Into<String>) -> Response {
    error(StatusCode::BAD_REQUEST, message)
}

/// Parses a request body as JSON; `Err` is the message for a 400.
pub fn parse_json(body: &[u8]) -> Result<Value, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err("request body must be JSON, got an empty body".into());
    }
    serde_json::from_slice(body).map_err(|e| format!("request body is not valid JSON: {e}"))
}
