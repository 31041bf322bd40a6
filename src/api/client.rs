//! The HTTP client for the app: a deadline on every request, bounded retries, the bearer token
//! on admin endpoints only, never followed to another host, bodies size-capped and validated.

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION, RETRY_AFTER};
use reqwest::{Method, StatusCode, Url, redirect};
use serde_json::Value;

use super::{ApiError, Endpoint, Paths};

/// The admin token. Its `Debug` and `Display` never show it, so it cannot leak by formatting.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[derive(Clone, Debug)]
pub struct ClientConfig {
    pub base_url: Url,
    pub token: Option<Secret>,
    pub timeout: Duration,
    /// Extra attempts after the first, for failures that are safe to retry.
    pub retries: u32,
    /// The longest `Retry-After` honoured; a longer one ends the retries.
    pub retry_after_cap: Duration,
    pub paths: Paths,
    /// Bodies larger than this are not read (a 20 MB error page is not a figure).
    pub max_body: usize,
}

/// A response as read: status, headers, and the (capped) body.
#[derive(Clone, Debug)]
pub struct Raw {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Raw {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    cfg: ClientConfig,
}

/// How far a failed request may be retried.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Retry {
    /// Reads and idempotent writes: connection failures, 5xx and 429.
    Safe,
    /// Non-idempotent writes: only when the request provably was not processed (connection
    /// refused, or the app said 429/503 itself).
    RefusedOnly,
}

const BACKOFF_BASE: Duration = Duration::from_millis(250);
const MAX_REDIRECTS: usize = 5;

impl Client {
    pub fn new(cfg: ClientConfig) -> anyhow::Result<Client> {
        // Follow redirects only within the configured origin: the token must never be sent on
        // to another host, and a redirect away from the admin API is itself a finding.
        let policy = redirect::Policy::custom(|attempt| {
            let first = attempt.previous().first().cloned();
            let same_origin = first
                .map(|f| f.origin() == attempt.url().origin())
                .unwrap_or(false);
            if same_origin && attempt.previous().len() <= MAX_REDIRECTS {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let http = reqwest::Client::builder()
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout)
            .redirect(policy)
            .user_agent(concat!("swcache/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Client { http, cfg })
    }

    pub fn base_url(&self) -> &Url {
        &self.cfg.base_url
    }

    pub fn has_token(&self) -> bool {
        self.cfg.token.is_some()
    }

    /// The token, for what must keep it away from somewhere (a step's environment).
    pub fn token(&self) -> Option<&Secret> {
        self.cfg.token.as_ref()
    }

    pub fn timeout(&self) -> Duration {
        self.cfg.timeout
    }

    pub fn path(&self, ep: Endpoint) -> &str {
        self.cfg.paths.get(ep)
    }

    /// The full URL of an endpoint, for display and the audit log (it holds no secret).
    pub fn url(&self, ep: Endpoint) -> String {
        self.join(self.path(ep)).to_string()
    }

    /// `GET /api/x`: how requests are named in errors and reports.
    pub fn label(&self, ep: Endpoint) -> String {
        format!("{} {}", ep.method(), self.path(ep))
    }

    /// GET an endpoint and parse its JSON.
    pub async fn get_json(&self, ep: Endpoint) -> Result<Value, ApiError> {
        self.get_json_query(ep, &[]).await
    }

    pub async fn get_json_query(
        &self,
        ep: Endpoint,
        query: &[(&str, String)],
    ) -> Result<Value, ApiError> {
        let label = self.label(ep);
        let raw = self
            .send(
                Method::GET,
                self.join(self.path(ep)),
                query,
                None,
                ep.needs_token(),
                Retry::Safe,
                &label,
            )
            .await?;
        parse_json(&label, &raw, false)
    }

    /// POST to a write endpoint and parse its answer (`{}` when the body is empty).
    pub async fn post_json(&self, ep: Endpoint, body: Option<&Value>) -> Result<Value, ApiError> {
        let label = self.label(ep);
        let retry = if ep.is_idempotent() {
            Retry::Safe
        } else {
            Retry::RefusedOnly
        };
        let raw = self
            .send(
                Method::POST,
                self.join(self.path(ep)),
                &[],
                body,
                ep.needs_token(),
                retry,
                &label,
            )
            .await?;
        parse_json(&label, &raw, true)
    }

    /// GET any path of the app without the token (the served worker script).
    pub async fn get_raw(&self, path: &str) -> Result<Raw, ApiError> {
        let label = format!("GET {path}");
        let raw = self
            .send(
                Method::GET,
                self.join(path),
                &[],
                None,
                false,
                Retry::Safe,
                &label,
            )
            .await?;
        if !raw.status.is_success() {
            return Err(status_error(&label, &raw, 1));
        }
        Ok(raw)
    }

    /// GET an absolute URL without the token (a monitoring endpoint on another port).
    pub async fn get_url(&self, url: Url) -> Result<Raw, ApiError> {
        let label = format!("GET {url}");
        let raw = self
            .send(Method::GET, url, &[], None, false, Retry::Safe, &label)
            .await?;
        if !raw.status.is_success() {
            return Err(status_error(&label, &raw, 1));
        }
        Ok(raw)
    }

    /// A configured location: a path joined to the base URL, or an absolute URL as is.
    pub fn locate(&self, location: &str) -> Result<Url, String> {
        if location.starts_with('/') {
            Ok(self.join(location))
        } else {
            Url::parse(location).map_err(|e| format!("{location:?} is not a URL: {e}"))
        }
    }

    fn join(&self, path: &str) -> Url {
        // Keep a base path prefix (https://host/app + /api/x = https://host/app/api/x).
        let mut url = self.cfg.base_url.clone();
        let prefix = url.path().trim_end_matches('/').to_string();
        url.set_path(&format!("{prefix}{path}"));
        url
    }

    #[allow(clippy::too_many_arguments)]
    async fn send(
        &self,
        method: Method,
        url: Url,
        query: &[(&str, String)],
        body: Option<&Value>,
        auth: bool,
        retry: Retry,
        label: &str,
    ) -> Result<Raw, ApiError> {
        let token = match (auth, &self.cfg.token) {
            (false, _) => None,
            (true, Some(t)) => Some(t),
            (true, None) => {
                return Err(ApiError::NoToken {
                    label: label.to_string(),
                });
            }
        };
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let mut req = self.http.request(method.clone(), url.clone());
            if !query.is_empty() {
                req = req.query(query);
            }
            if let Some(t) = token {
                let mut v =
                    HeaderValue::from_str(&format!("Bearer {}", t.expose())).map_err(|_| {
                        ApiError::Transport {
                            label: label.to_string(),
                            reason: "the token holds characters not allowed in a header".into(),
                        }
                    })?;
                v.set_sensitive(true);
                req = req.header(AUTHORIZATION, v);
            }
            if let Some(b) = body {
                req = req.json(b);
            } else if method == Method::POST {
                req = req.header(CONTENT_TYPE, "application/json");
            }
            let outcome = match req.send().await {
                Ok(resp) => self.read(resp, label).await,
                Err(e) => Err(transport_error(e, label, self.cfg.timeout, attempt)),
            };
            let wait = match &outcome {
                Ok(raw) if raw.status.is_redirection() => {
                    let location = raw.header(LOCATION.as_str()).unwrap_or("?").to_string();
                    return Err(ApiError::Redirect {
                        label: label.to_string(),
                        location,
                    });
                }
                Ok(raw) if raw.status.is_success() => return outcome,
                Ok(raw) => match self.retry_wait(raw, retry, attempt) {
                    Some(Ok(wait)) => wait,
                    Some(Err(too_long)) => {
                        let mut err = status_error(label, raw, attempt);
                        if let ApiError::Status { detail, .. } = &mut err {
                            detail.push_str(&format!(
                                "; asked to retry after {}, longer than the cap of {}",
                                humantime::format_duration(too_long),
                                humantime::format_duration(self.cfg.retry_after_cap)
                            ));
                        }
                        return Err(err);
                    }
                    None => return Err(status_error(label, raw, attempt)),
                },
                Err(ApiError::Connect { .. }) if attempt <= self.cfg.retries => backoff(attempt),
                Err(_) => return outcome,
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// Whether to retry after an error status, and after how long. `Some(Err(d))`: the app
    /// asked for a wait `d` longer than the cap.
    fn retry_wait(
        &self,
        raw: &Raw,
        retry: Retry,
        attempt: u32,
    ) -> Option<Result<Duration, Duration>> {
        if attempt > self.cfg.retries {
            return None;
        }
        let s = raw.status.as_u16();
        let refused = s == 429 || s == 503;
        let transient = matches!(s, 500 | 502 | 504);
        if !(refused || (transient && retry == Retry::Safe)) {
            return None;
        }
        match raw.header(RETRY_AFTER.as_str()).and_then(parse_retry_after) {
            Some(d) if d > self.cfg.retry_after_cap => Some(Err(d)),
            Some(d) => Some(Ok(d)),
            None => Some(Ok(backoff(attempt))),
        }
    }

    async fn read(&self, mut resp: reqwest::Response, label: &str) -> Result<Raw, ApiError> {
        let status = resp.status();
        let headers = resp.headers().clone();
        let limit = self.cfg.max_body;
        if resp.content_length().is_some_and(|n| n as usize > limit) {
            return Err(ApiError::TooLarge {
                label: label.to_string(),
                limit,
            });
        }
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > limit {
                        return Err(ApiError::TooLarge {
                            label: label.to_string(),
                            limit,
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(transport_error(e, label, self.cfg.timeout, 1)),
            }
        }
        Ok(Raw {
            status,
            headers,
            body,
        })
    }
}

fn backoff(attempt: u32) -> Duration {
    BACKOFF_BASE * 2u32.saturating_pow(attempt.saturating_sub(1))
}

/// `Retry-After` is either delay-seconds or an HTTP date.
pub fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

fn transport_error(e: reqwest::Error, label: &str, timeout: Duration, attempts: u32) -> ApiError {
    let label = label.to_string();
    if e.is_timeout() {
        ApiError::Timeout {
            label,
            after: timeout,
        }
    } else if e.is_connect() {
        ApiError::Connect {
            label,
            reason: root_cause(&e),
            attempts,
        }
    } else {
        ApiError::Transport {
            label,
            reason: root_cause(&e),
        }
    }
}

/// The innermost cause, without the URL reqwest prefixes (it is already in the label).
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

fn status_error(label: &str, raw: &Raw, attempts: u32) -> ApiError {
    let reason = raw.status.canonical_reason().unwrap_or("");
    let mut detail = if reason.is_empty() {
        String::new()
    } else {
        format!(" {reason}")
    };
    if let Some(ra) = raw.header(RETRY_AFTER.as_str()) {
        detail.push_str(&format!(" (Retry-After: {ra})"));
    }
    ApiError::Status {
        label: label.to_string(),
        status: raw.status.as_u16(),
        detail,
        attempts,
    }
}

/// Parses a 2xx body as JSON. An HTML page (an SPA fallback, a proxy's error page) is named
/// as such; an empty body is `{}` for writes ("answers 2xx with the new state or {}").
pub fn parse_json(label: &str, raw: &Raw, empty_ok: bool) -> Result<Value, ApiError> {
    let text = String::from_utf8_lossy(&raw.body);
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return if empty_ok {
            Ok(Value::Object(Default::default()))
        } else {
            Err(ApiError::Malformed {
                label: label.into(),
                reason: "empty body".into(),
            })
        };
    }
    let is_html = raw
        .header(CONTENT_TYPE.as_str())
        .is_some_and(|ct| ct.to_ascii_lowercase().contains("text/html"))
        || trimmed.starts_with('<');
    if is_html {
        return Err(ApiError::Html {
            label: label.into(),
            status: raw.status.as_u16(),
        });
    }
    serde_json::from_str(trimmed).map_err(|e| ApiError::Malformed {
        label: label.into(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(ct: &str, body: &str) -> Raw {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
        Raw {
            status: StatusCode::OK,
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn json_parsing_names_what_went_wrong() {
        let l = "GET /api/x";
        assert!(parse_json(l, &raw("application/json", r#"{"a":1}"#), false).is_ok());
        let html = parse_json(l, &raw("text/html", "<html>oops</html>"), false).unwrap_err();
        assert!(html.to_string().contains("HTML page"), "{html}");
        let sniffed =
            parse_json(l, &raw("application/json", "<!doctype html>"), false).unwrap_err();
        assert!(matches!(sniffed, ApiError::Html { .. }));
        let trunc =
            parse_json(l, &raw("application/json", r#"{"error_rate": 7"#), false).unwrap_err();
        assert!(
            trunc.to_string().starts_with("GET /api/x: malformed JSON"),
            "{trunc}"
        );
        assert!(parse_json(l, &raw("application/json", ""), false).is_err());
        assert_eq!(
            parse_json(l, &raw("application/json", ""), true).unwrap(),
            serde_json::json!({})
        );
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn secret_never_formats() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s} {s:?}"), "*** Secret(***)");
    }
}
