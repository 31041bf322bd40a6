//! The request log behind `GET /__sandbox/requests`: what the tool under test sent, in order.
//! The token never lands here: auth is recorded as valid/invalid/missing, and any occurrence
//! of the token in a query or body is redacted.

use axum::http::{HeaderMap, header};
use serde::Serialize;
use serde_json::Value;

/// Bodies larger than this are recorded truncated (the log lives in memory).
const MAX_RECORDED_BODY: usize = 64 * 1024;
const REDACTED: &str = "[REDACTED]";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Auth {
    Valid,
    Invalid,
    Missing,
}

#[derive(Clone, Debug, Serialize)]
pub struct RecordedRequest {
    pub seq: u64,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// Parsed JSON, else the raw text, else null (no body).
    pub body: Value,
    pub auth: Auth,
}

#[derive(Debug, Default)]
pub struct Recorder {
    /// seq keeps counting across clears so a test can tell old from new.
    last_seq: u64,
    items: Vec<RecordedRequest>,
}

impl Recorder {
    pub fn record(
        &mut self,
        method: &str,
        path: &str,
        query: Option<&str>,
        body: &[u8],
        auth: Auth,
        token: &str,
    ) {
        self.last_seq += 1;
        self.items.push(RecordedRequest {
            seq: self.last_seq,
            method: method.to_string(),
            path: path.to_string(),
            query: query.map(|q| redact(q, token)),
            body: body_value(body, token),
            auth,
        });
    }

    pub fn list(&self) -> &[RecordedRequest] {
        &self.items
    }

    pub fn clear(&mut self) {
        self.items.clear();
    }
}

/// Compares the bearer token without recording it.
pub fn classify_auth(headers: &HeaderMap, token: &str) -> Auth {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Auth::Missing;
    };
    let presented = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim);
    match presented {
        Some(p) if constant_time_eq(p.as_bytes(), token.as_bytes()) => Auth::Valid,
        _ => Auth::Invalid,
    }
}

// A fake server need not resist timing attacks, but this costs nothing and sets the example.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn redact(text: &str, token: &str) -> String {
    if token.is_empty() {
        text.to_string()
    } else {
        text.replace(token, REDACTED)
    }
}

fn body_value(body: &[u8], token: &str) -> Value {
    if body.is_empty() {
        return Value::Null;
    }
    let cut = &body[..body.len().min(MAX_RECORDED_BODY)];
    let text = redact(&String::from_utf8_lossy(cut), token);
    serde_json::from_str(&text).unwrap_or(Value::String(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn auth_classification() {
        let mut h = HeaderMap::new();
        assert_eq!(classify_auth(&h, "abc"), Auth::Missing);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer abc"),
        );
        assert_eq!(classify_auth(&h, "abc"), Auth::Valid);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer abd"),
        );
        assert_eq!(classify_auth(&h, "abc"), Auth::Invalid);
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(classify_auth(&h, "abc"), Auth::Invalid);
    }

    #[test]
    fn bodies_are_recorded_without_the_token() {
        let mut r = Recorder::default();
        r.record(
            "POST",
            "/a",
            Some("t=secret"),
            br#"{"k":"secret"}"#,
            Auth::Valid,
            "secret",
        );
        r.record("POST", "/a", None, b"not json", Auth::Missing, "secret");
        r.record("GET", "/a", None, b"", Auth::Missing, "secret");
        let dump = serde_json::to_string(r.list()).unwrap();
        assert!(!dump.contains("secret"));
        assert_eq!(r.list()[0].body["k"], "[REDACTED]");
        assert_eq!(r.list()[1].body, Value::String("not json".into()));
        assert_eq!(r.list()[2].body, Value::Null);
        r.clear();
        r.record("GET", "/b", None, b"", Auth::Missing, "secret");
        assert_eq!(r.list()[0].seq, 4);
    }
}
