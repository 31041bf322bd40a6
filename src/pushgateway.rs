//! Pushes a run's figures and outcome to a Prometheus Pushgateway, the way Prometheus
//! recommends for batch jobs: one group per job (command + environment), replaced on success
//! (so stale figures vanish), merged on failure (so `swcache_last_success_timestamp_seconds`
//! keeps telling when it last worked).

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Method;

use crate::redact;

/// `/metrics/job/swcache/command@base64/…/env@base64/…`: label values may hold spaces.
pub fn group_path(command: &str, env: &str) -> String {
    let b = |v: &str| {
        if v.is_empty() {
            "=".to_string()
        } else {
            URL_SAFE_NO_PAD.encode(v)
        }
    };
    format!(
        "/metrics/job/swcache/command@base64/{}/env@base64/{}",
        b(command),
        b(env)
    )
}

/// The most of an error answer read: enough for its first line, whatever the gateway sends.
const ERROR_BODY_CAP: usize = crate::api::caps::EXCERPT;

/// Pushes `text`. Errors name the request by its URL without `user:pass@`, and quote at most
/// the first bytes of the gateway's answer.
pub async fn push(
    base: &str,
    command: &str,
    env: &str,
    text: &str,
    success: bool,
    timeout: Duration,
) -> Result<(), String> {
    let url = format!("{}{}", base.trim_end_matches('/'), group_path(command, env));
    let method = if success { Method::PUT } else { Method::POST };
    let shown = format!("{method} {}", redact::url_text(&url));
    let mut builder = reqwest::Client::builder().timeout(timeout);
    if !url.starts_with("https:") {
        // Plain http needs no trust store (none may be installed).
        builder = builder.tls_certs_only(Vec::new());
    }
    let mut resp = builder
        .build()
        .map_err(|e| format!("{shown}: {}", redact::text(&e.to_string())))?
        .request(method.clone(), &url)
        .header("Content-Type", "text/plain; version=0.0.4")
        .body(text.to_string())
        .send()
        .await
        .map_err(|e| format!("{shown}: {}", cause(&e)))?;
    if resp.status().is_success() {
        return Ok(());
    }
    let status = resp.status();
    let mut body = Vec::new();
    while body.len() < ERROR_BODY_CAP {
        match resp.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    // The rest is not read: dropping the response closes the connection.
    drop(resp);
    let excerpt = redact::excerpt(&body, ERROR_BODY_CAP);
    Err(if excerpt.is_empty() {
        format!("{shown}: HTTP {status}")
    } else {
        format!("{shown}: HTTP {status}: {excerpt}")
    })
}

/// reqwest's innermost cause, without the URL (with its userinfo) it puts in its message.
fn cause(e: &reqwest::Error) -> String {
    let mut cur: &(dyn std::error::Error + 'static) = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    let what = if e.is_timeout() {
        "no answer within the deadline"
    } else if e.is_connect() {
        "cannot connect"
    } else {
        "request failed"
    };
    redact::text(&format!("{what}: {cur}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_key_is_base64_for_spaces() {
        assert_eq!(
            group_path("maintain daily", "prod"),
            "/metrics/job/swcache/command@base64/bWFpbnRhaW4gZGFpbHk/env@base64/cHJvZA"
        );
    }
}
