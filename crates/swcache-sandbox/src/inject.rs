//! Applies matched faults to one request: delays, short-circuit answers (redirect, status —
//! the handler never runs, so a failed write changes nothing) and response rewrites.

use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::faults::Fault;
use super::patch::{drop_path, set_path};
use super::reply::json_response;

/// Total sleep the matched faults ask for.
pub fn delay(faults: &[Fault]) -> Duration {
    Duration::from_millis(faults.iter().filter_map(|f| f.delay_ms).sum())
}

/// The answer to send instead of running the handler, if a fault says so.
pub fn short_circuit(faults: &[Fault]) -> Option<Response> {
    if let Some(f) = faults.iter().find(|f| f.redirect.is_some()) {
        let status = f
            .status
            .filter(|s| (300..400).contains(s))
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::FOUND);
        let location = f.redirect.as_deref().unwrap_or("/");
        let mut resp = Response::new(Body::empty());
        *resp.status_mut() = status;
        if let Ok(v) = HeaderValue::from_str(location) {
            resp.headers_mut().insert(header::LOCATION, v);
        }
        return Some(resp);
    }
    let status = faults.iter().find_map(|f| f.status)?;
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    Some(json_response(status, json!({"error": "injected"})))
}

/// Rewrites a response (real or short-circuited) per the matched faults: JSON field edits,
/// then padding, then a raw body replacement, then headers.
pub async fn rewrite(resp: Response, faults: &[Fault], is_head: bool) -> Response {
    let edits_body = faults.iter().any(|f| {
        f.drop_field.is_some()
            || f.set_field.is_some()
            || f.body_bytes.is_some()
            || f.body.is_some()
    });
    let (mut parts, body) = resp.into_parts();
    let mut body = if edits_body && !is_head {
        let mut bytes = to_bytes(body, usize::MAX)
            .await
            .unwrap_or_default()
            .to_vec();
        bytes = edit_json(bytes, faults);
        if let Some(n) = faults.iter().filter_map(|f| f.body_bytes).next_back() {
            bytes = pad_json(bytes, n as usize);
        }
        if let Some(raw) = faults.iter().filter_map(|f| f.body.as_ref()).next_back() {
            bytes = raw.clone().into_bytes();
        }
        parts.headers.remove(header::CONTENT_LENGTH);
        Body::from(bytes)
    } else {
        body
    };
    if is_head {
        body = Body::empty();
    }
    for f in faults {
        if let Some(v) = f
            .retry_after
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            parts.headers.insert(header::RETRY_AFTER, v);
        }
        if let Some(v) = f
            .content_type
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            parts.headers.insert(header::CONTENT_TYPE, v);
        }
        apply_headers(&mut parts.headers, f);
    }
    Response::from_parts(parts, body)
}

/// A fault's `headers` (set or replace), then its `drop_header`.
fn apply_headers(headers: &mut HeaderMap, f: &Fault) {
    for (name, value) in f.headers.iter().flatten() {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.insert(n, v);
        }
    }
    if let Some(name) = &f.drop_header {
        headers.remove(name.as_str());
    }
}

fn edit_json(bytes: Vec<u8>, faults: &[Fault]) -> Vec<u8> {
    let wants_edit = faults
        .iter()
        .any(|f| f.drop_field.is_some() || f.set_field.is_some());
    if !wants_edit {
        return bytes;
    }
    let Ok(mut v) = serde_json::from_slice::<Value>(&bytes) else {
        return bytes; // not JSON: nothing to edit
    };
    for f in faults {
        if let Some(path) = &f.drop_field {
            drop_path(&mut v, path);
        }
        if let Some(path) = &f.set_field {
            set_path(&mut v, path, f.value.clone().unwrap_or(Value::Null));
        }
    }
    serde_json::to_vec(&v).unwrap_or(bytes)
}

/// Grows a JSON object to exactly `n` bytes with a `"padding"` string, so the body stays valid
/// JSON that a careless client would happily buffer whole.
fn pad_json(bytes: Vec<u8>, n: usize) -> Vec<u8> {
    const KEY: &[u8] = b"\"padding\":\"";
    let is_object = bytes.first() == Some(&b'{') && bytes.last() == Some(&b'}');
    let mut out = if is_object {
        let mut head = bytes[..bytes.len() - 1].to_vec();
        if bytes[1..bytes.len() - 1]
            .iter()
            .any(|b| !b.is_ascii_whitespace())
        {
            head.push(b',');
        }
        head
    } else {
        b"{".to_vec()
    };
    let fixed = out.len() + KEY.len() + 2; // + closing `"}`
    if n < fixed {
        return if is_object { bytes } else { vec![b' '; n] };
    }
    out.extend_from_slice(KEY);
    // One fill of the whole body, then the head and the tail copied in: `vec!` of a byte is a
    // memset even in an unoptimised build, where `resize` writes byte by byte (the fault matrix
    // asks for many 20 MB bodies).
    let mut padded = vec![b'x'; n];
    padded[..out.len()].copy_from_slice(&out);
    padded[n - 2..].copy_from_slice(b"\"}");
    padded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_is_exact_and_valid() {
        for n in [40, 1000, 1 << 20] {
            let out = pad_json(br#"{"error_rate":2.4}"#.to_vec(), n);
            assert_eq!(out.len(), n);
            let v: Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(v["error_rate"], 2.4);
        }
        let out = pad_json(b"{}".to_vec(), 100);
        assert_eq!(out.len(), 100);
        serde_json::from_slice::<Value>(&out).unwrap();
        assert_eq!(pad_json(b"plain".to_vec(), 50).len(), 50);
    }

    #[test]
    fn header_overrides_and_drops() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert("service-worker-allowed", HeaderValue::from_static("/"));
        let mut f = Fault::new("/sw.js");
        f.headers = Some(
            [("cache-control".to_string(), "max-age=86400".to_string())]
                .into_iter()
                .collect(),
        );
        f.drop_header = Some("service-worker-allowed".into());
        apply_headers(&mut headers, &f);
        assert_eq!(headers[header::CACHE_CONTROL], "max-age=86400");
        assert!(headers.get("service-worker-allowed").is_none());
    }

    #[test]
    fn json_edits() {
        let mut drop = Fault::new("/x");
        drop.drop_field = Some("storage.percentage".into());
        let mut set = Fault::new("/x");
        set.set_field = Some("error_rate".into());
        set.value = Some(Value::Null);
        let out = edit_json(
            br#"{"storage":{"percentage":1,"used_bytes":2},"error_rate":3}"#.to_vec(),
            &[drop, set],
        );
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v, json!({"storage":{"used_bytes":2},"error_rate":null}));
    }
}
