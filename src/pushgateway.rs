//! Pushes a run's figures and outcome to a Prometheus Pushgateway, the way Prometheus
//! recommends for batch jobs: one group per job (command + environment), replaced by every run
//! so no stale figure sits beside a failed run's status. A failed run first reads the group's
//! `swcache_last_success_timestamp_seconds` back and pushes it again, so it keeps telling when
//! the job last worked (the textfile does the same with its previous file).

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Method;

use crate::redact;
use crate::redact::request_cause as cause;

/// `/metrics/job/swcache/command@base64/…/env@base64/…`: label values may hold `/`.
/// `command` is the label value (`maintain_daily`).
pub(crate) fn group_path(command: &str, env: &str) -> String {
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

fn client(url: &str, timeout: Duration) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder().timeout(timeout);
    if !url.starts_with("https:") {
        // Plain http needs no trust store (none may be installed).
        builder = builder.tls_certs_only(Vec::new());
    }
    builder.build().map_err(|e| redact::text(&e.to_string()))
}

/// The group's last success as the Pushgateway holds it (`Ok(None)`: never pushed, or pushed
/// without one), from its JSON API.
pub(crate) async fn previous_success(
    base: &str,
    command: &str,
    env: &str,
    timeout: Duration,
) -> Result<Option<f64>, String> {
    let url = format!("{}/api/v1/metrics", base.trim_end_matches('/'));
    let shown = format!("GET {}", redact::url_text(&url));
    let resp = client(&url, timeout)?
        .get(&url)
        .send()
        .await
        .map_err(|e| format!("{shown}: {}", cause(&e)))?;
    if !resp.status().is_success() {
        return Err(format!("{shown}: HTTP {}", resp.status()));
    }
    let body = read_capped(resp, READ_BACK_CAP)
        .await
        .ok_or_else(|| format!("{shown}: the answer is over {READ_BACK_CAP} bytes"))?;
    let doc: serde_json::Value =
        serde_json::from_slice(&body).map_err(|e| format!("{shown}: {e}"))?;
    Ok(find_success(&doc, command, env))
}

fn find_success(doc: &serde_json::Value, command: &str, env: &str) -> Option<f64> {
    let groups = doc.get("data")?.as_array()?;
    let group = groups.iter().find(|g| {
        let l = &g["labels"];
        l["job"] == "swcache" && l["command"] == command && l["env"] == env
    })?;
    let value = group[crate::output::textfile::LAST_SUCCESS]["metrics"]
        .get(0)?
        .get("value")?;
    value
        .as_str()
        .and_then(|v| v.parse::<f64>().ok())
        .or_else(|| value.as_f64())
        .filter(|v| v.is_finite() && *v > 0.0)
}

/// The most of the gateway's `/api/v1/metrics` read back: every group it holds, but bounded.
const READ_BACK_CAP: usize = 4 << 20;

/// The whole body, or `None` when it is over `cap` (or breaks off).
async fn read_capped(mut resp: reqwest::Response, cap: usize) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.ok()? {
        if body.len() + chunk.len() > cap {
            return None;
        }
        body.extend_from_slice(&chunk);
    }
    Some(body)
}

/// The most of an error answer read: enough for its first line, whatever the gateway sends.
const ERROR_BODY_CAP: usize = crate::api::caps::EXCERPT;

/// Replaces the group with `text` (PUT). Errors name the request by its URL without `user:pass@`, and quote at most
/// the first bytes of the gateway's answer.
pub(crate) async fn push(
    base: &str,
    command: &str,
    env: &str,
    text: &str,
    timeout: Duration,
) -> Result<(), String> {
    let url = format!("{}{}", base.trim_end_matches('/'), group_path(command, env));
    let method = Method::PUT;
    let shown = format!("{method} {}", redact::url_text(&url));
    let mut resp = client(&url, timeout)
        .map_err(|e| format!("{shown}: {e}"))?
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_key_is_base64_for_spaces() {
        assert_eq!(
            group_path("maintain_daily", "prod/eu"),
            "/metrics/job/swcache/command@base64/bWFpbnRhaW5fZGFpbHk/env@base64/cHJvZC9ldQ"
        );
    }

    #[test]
    fn finds_the_groups_last_success() {
        let doc = serde_json::json!({"status": "success", "data": [
            {"labels": {"job": "swcache", "command": "maintain_weekly", "env": "prod"},
             "swcache_last_success_timestamp_seconds": {"metrics": [{"value": "7"}]}},
            {"labels": {"job": "swcache", "command": "maintain_daily", "env": "prod"},
             "swcache_last_success_timestamp_seconds": {"metrics": [{"value": "1.7e+09"}]}},
        ]});
        assert_eq!(find_success(&doc, "maintain_daily", "prod"), Some(1.7e9));
        assert_eq!(find_success(&doc, "maintain_daily", "staging"), None);
    }
}
