//! Pushes a run's figures and outcome to a Prometheus Pushgateway, the way Prometheus
//! recommends for batch jobs: one group per job (command + environment), replaced on success
//! (so stale figures vanish), merged on failure (so `swcache_last_success_timestamp_seconds`
//! keeps telling when it last worked).

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Method;

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
    let resp = reqwest::Client::builder()
        .timeout(timeout)
        .build()
        .map_err(|e| e.to_string())?
        .request(method.clone(), &url)
        .header("Content-Type", "text/plain; version=0.0.4")
        .body(text.to_string())
        .send()
        .await
        .map_err(|e| format!("{method} {url}: {e}"))?;
    if resp.status().is_success() {
        Ok(())
    } else {
        let status = resp.status();
        let body = resp.text().await.unwrap_or_default();
        Err(format!("{method} {url}: HTTP {status}: {}", body.trim()))
    }
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
