//! The HTTP client for the app: a deadline on every request, bounded retries, the bearer token
//! on admin endpoints only, never followed to another host, bodies size-capped and validated.

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION, RETRY_AFTER};
use reqwest::{Method, StatusCode, Url, redirect};
use serde_json::Value;

use super::{ApiError, BodyCaps, caps};
use crate::redact;
use crate::vocab::{Endpoint, Paths};

/// The admin token. Its `Debug` and `Display` never show it, so it cannot leak by formatting.
#[derive(Clone)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    pub(crate) fn expose(&self) -> &str {
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
pub(crate) struct ClientConfig {
    pub base_url: Url,
    pub token: Option<Secret>,
    pub timeout: Duration,
    /// Extra attempts after the first, for failures that are safe to retry.
    pub retries: u32,
    /// The longest `Retry-After` honoured; a longer one ends the retries.
    pub retry_after_cap: Duration,
    pub paths: Paths,
    /// How much of each answer is read (a 20 MB error page is not a figure).
    pub caps: BodyCaps,
}

/// A response as read: status, headers, and the (capped) body.
#[derive(Clone, Debug)]
pub(crate) struct Raw {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Raw {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Client {
    /// For the base URL. Over plain http it has no trust store: loading one costs time, and
    /// fails outright on a host without CA certificates, for nothing.
    http: reqwest::Client,
    /// For https URLs other than the base (a monitoring endpoint), built when first needed.
    https: std::sync::Arc<std::sync::OnceLock<reqwest::Client>>,
    /// For writes that must not be retried: never a pooled connection, so a server that drops
    /// idle keep-alive connections cannot cut one mid-request.
    fresh: std::sync::Arc<std::sync::OnceLock<reqwest::Client>>,
    /// Fetches as a browser fetches a worker script (redirect mode "error"): no redirect is
    /// followed, so a 3xx is seen as such. Built when first needed.
    browser: std::sync::Arc<std::sync::OnceLock<reqwest::Client>>,
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
/// The longest wait between two attempts when the app gives no `Retry-After`.
pub(crate) const MAX_BACKOFF: Duration = Duration::from_secs(4);
const MAX_REDIRECTS: usize = 5;

/// Which trust store and connection pool a client is built with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    PlainHttp,
    Https,
    Fresh,
    /// Follows no redirect; the trust store as the base URL's scheme needs.
    NoRedirect,
}

impl Client {
    pub(crate) fn new(cfg: ClientConfig) -> anyhow::Result<Client> {
        let kind = if cfg.base_url.scheme() == "https" {
            Kind::Https
        } else {
            Kind::PlainHttp
        };
        let http = build(&cfg, kind)?;
        Ok(Client {
            http,
            https: Default::default(),
            fresh: Default::default(),
            browser: Default::default(),
            cfg,
        })
    }

    /// The client for a URL and a retry class (see the fields of [`Client`]).
    fn http_for(&self, url: &Url, retry: Retry, follow: bool) -> Result<&reqwest::Client, String> {
        if !follow {
            return get_or_build(&self.browser, &self.cfg, Kind::NoRedirect);
        }
        let https = url.scheme() == "https";
        if https && self.cfg.base_url.scheme() != "https" {
            return get_or_build(&self.https, &self.cfg, Kind::Https);
        }
        if retry == Retry::RefusedOnly {
            return get_or_build(&self.fresh, &self.cfg, Kind::Fresh);
        }
        Ok(&self.http)
    }
}

fn get_or_build<'a>(
    cell: &'a std::sync::OnceLock<reqwest::Client>,
    cfg: &ClientConfig,
    kind: Kind,
) -> Result<&'a reqwest::Client, String> {
    if let Some(c) = cell.get() {
        return Ok(c);
    }
    let c = build(cfg, kind).map_err(|e| format!("cannot set up the HTTP client: {e:#}"))?;
    Ok(cell.get_or_init(|| c))
}

fn build(cfg: &ClientConfig, kind: Kind) -> anyhow::Result<reqwest::Client> {
    {
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
        let mut b = reqwest::Client::builder()
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout)
            .redirect(if kind == Kind::NoRedirect {
                redirect::Policy::none()
            } else {
                policy
            })
            .user_agent(concat!("swcache/", env!("CARGO_PKG_VERSION")));
        match kind {
            // No trust store: an https URL through this client fails, and none is sent to it.
            Kind::PlainHttp => b = b.tls_certs_only(Vec::new()),
            Kind::Https => {}
            Kind::NoRedirect if cfg.base_url.scheme() != "https" => {
                b = b.tls_certs_only(Vec::new())
            }
            Kind::NoRedirect => {}
            Kind::Fresh => {
                b = b.pool_max_idle_per_host(0);
                if cfg.base_url.scheme() != "https" {
                    b = b.tls_certs_only(Vec::new());
                }
            }
        }
        Ok(b.build()?)
    }
}

impl Client {
    pub(crate) fn base_url(&self) -> &Url {
        &self.cfg.base_url
    }

    pub(crate) fn has_token(&self) -> bool {
        self.cfg.token.is_some()
    }

    /// The token, for what must keep it away from somewhere (a step's environment).
    pub(crate) fn token(&self) -> Option<&Secret> {
        self.cfg.token.as_ref()
    }

    pub(crate) fn path(&self, ep: Endpoint) -> &str {
        self.cfg.paths.get(ep)
    }

    /// The full URL of an endpoint, for display and the audit log (it holds no secret).
    pub(crate) fn url(&self, ep: Endpoint) -> String {
        self.join(self.path(ep)).to_string()
    }

    /// `GET /api/x`: how requests are named in errors and reports.
    pub(crate) fn label(&self, ep: Endpoint) -> String {
        format!("{} {}", ep.method(), self.path(ep))
    }

    /// GET an endpoint and parse its JSON.
    pub(crate) async fn get_json(&self, ep: Endpoint) -> Result<Value, ApiError> {
        self.get_json_query(ep, &[]).await
    }

    pub(crate) async fn get_json_query(
        &self,
        ep: Endpoint,
        query: &[(&str, String)],
    ) -> Result<Value, ApiError> {
        let label = self.label(ep);
        let raw = self
            .send(Req {
                method: Method::GET,
                url: self.join(self.path(ep)),
                query,
                body: None,
                auth: ep.needs_token(),
                retry: Retry::Safe,
                follow: true,
                cap: self.cfg.caps.endpoint(ep),
                label: &label,
            })
            .await?;
        parse_json(&label, &raw, false)
    }

    /// POST to a write endpoint and parse its answer (`{}` when the body is empty). Only `act`
    /// can call it: it alone makes the `WritePermit`.
    pub(crate) async fn post_json(
        &self,
        _permit: &super::WritePermit,
        ep: Endpoint,
        body: Option<&Value>,
    ) -> Result<Value, ApiError> {
        let label = self.label(ep);
        let retry = if ep.is_idempotent() {
            Retry::Safe
        } else {
            Retry::RefusedOnly
        };
        let raw = self
            .send(Req {
                method: Method::POST,
                url: self.join(self.path(ep)),
                query: &[],
                body,
                auth: ep.needs_token(),
                retry,
                follow: true,
                cap: self.cfg.caps.endpoint(ep),
                label: &label,
            })
            .await?;
        parse_json(&label, &raw, true)
    }

    /// GET any path of the app without the token, following same-origin redirects; anything
    /// but a 2xx in the end is an error.
    pub(crate) async fn get_raw(&self, path: &str) -> Result<Raw, ApiError> {
        let raw = self.get_as_browser(path, true).await?;
        if !raw.status.is_success() {
            let label = format!("GET {}", redact::text(path));
            return Err(status_error(&label, &raw, 1));
        }
        Ok(raw)
    }

    /// GET a path of the app as a browser does for a worker script or a precache entry:
    /// without the token, following no redirect (`follow` false: a 3xx is returned as the
    /// answer, for the caller to judge) or same-origin ones. An error status is an error.
    pub(crate) async fn get_as_browser(&self, path: &str, follow: bool) -> Result<Raw, ApiError> {
        let label = format!("GET {}", redact::text(path));
        let raw = self
            .send(Req {
                method: Method::GET,
                url: self.join(path),
                query: &[],
                body: None,
                auth: false,
                retry: Retry::Safe,
                follow,
                cap: self.cfg.caps.worker(),
                label: &label,
            })
            .await?;
        if !raw.status.is_success() && !raw.status.is_redirection() {
            return Err(status_error(&label, &raw, 1));
        }
        Ok(raw)
    }

    /// GET an absolute URL without the token (a monitoring endpoint on another port).
    pub(crate) async fn get_url(&self, url: Url) -> Result<Raw, ApiError> {
        let label = format!("GET {}", redact::url(&url));
        let raw = self
            .send(Req {
                method: Method::GET,
                url,
                query: &[],
                body: None,
                auth: false,
                retry: Retry::Safe,
                follow: true,
                cap: self.cfg.caps.other(),
                label: &label,
            })
            .await?;
        if !raw.status.is_success() {
            return Err(status_error(&label, &raw, 1));
        }
        Ok(raw)
    }

    /// A configured location: a path joined to the base URL, or an absolute URL as is.
    pub(crate) fn locate(&self, location: &str) -> Result<Url, String> {
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

    async fn send(&self, r: Req<'_>) -> Result<Raw, ApiError> {
        let label = r.label;
        let token = match (r.auth, &self.cfg.token) {
            (false, _) => None,
            (true, Some(t)) => Some(t),
            (true, None) => {
                return Err(ApiError::NoToken {
                    label: label.to_string(),
                });
            }
        };
        let mut http =
            self.http_for(&r.url, r.retry, r.follow)
                .map_err(|reason| ApiError::Transport {
                    label: label.to_string(),
                    reason,
                })?;
        let mut attempt = 0u32;
        let mut reset_retried = false;
        loop {
            attempt += 1;
            let mut req = http.request(r.method.clone(), r.url.clone());
            if !r.query.is_empty() {
                req = req.query(r.query);
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
            if let Some(b) = r.body {
                req = req.json(b);
            } else if r.method == Method::POST {
                req = req.header(CONTENT_TYPE, "application/json");
            }
            let outcome = match req.send().await {
                Ok(resp) => self.read(resp, label, r.cap).await,
                Err(e) => {
                    // A kept-alive connection the server had already dropped: the request
                    // never reached the app's handler intact. Safe requests go again, once, at
                    // once, on a new connection (the pool may hold more dropped ones).
                    if r.retry == Retry::Safe && !reset_retried && is_reset(&e) {
                        reset_retried = true;
                        attempt -= 1;
                        if let Ok(fresh) = self.http_for(&r.url, Retry::RefusedOnly, r.follow) {
                            http = fresh;
                        }
                        continue;
                    }
                    Err(transport_error(e, label, self.cfg.timeout, attempt))
                }
            };
            let wait = match &outcome {
                Ok(raw) if raw.status.is_redirection() && !r.follow => return outcome,
                Ok(raw) if raw.status.is_redirection() => {
                    let location = raw
                        .header(LOCATION.as_str())
                        .map(|l| {
                            redact::url_text(&r.url.join(l).map(String::from).unwrap_or_default())
                        })
                        .unwrap_or_else(|| "?".into());
                    return Err(ApiError::Redirect {
                        label: label.to_string(),
                        location,
                    });
                }
                Ok(raw) if raw.status.is_success() => return outcome,
                Ok(raw) => match self.retry_wait(raw, r.retry, attempt) {
                    Some(Ok(wait)) => wait,
                    Some(Err(too_long)) => {
                        let mut err = status_error(label, raw, attempt);
                        if let ApiError::Status { detail, .. } = &mut err {
                            detail.push_str(&format!(
                                "; asked to retry after {}, longer than the cap of {}",
                                crate::numbers::duration(too_long),
                                crate::numbers::duration(self.cfg.retry_after_cap)
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

    /// Reads the body up to `limit` bytes. A success larger than that is an error; of an error
    /// answer only the first bytes are kept, for its excerpt.
    async fn read(
        &self,
        mut resp: reqwest::Response,
        label: &str,
        limit: usize,
    ) -> Result<Raw, ApiError> {
        let status = resp.status();
        // Headers are kept as sent: decisions compare them (ETag, Cache-Control). Those quoted
        // in errors (Location, Retry-After) are scrubbed where they are quoted.
        let headers = resp.headers().clone();
        let keep = if status.is_success() {
            limit
        } else {
            caps::EXCERPT.min(limit)
        };
        if status.is_success() && resp.content_length().is_some_and(|n| n > limit as u64) {
            return Err(ApiError::TooLarge {
                label: label.to_string(),
                limit,
            });
        }
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > keep {
                        if !status.is_success() {
                            // Enough for the excerpt; the rest is not read.
                            let room = keep.saturating_sub(body.len());
                            body.extend_from_slice(&chunk[..room.min(chunk.len())]);
                            body.extend_from_slice(b" ...");
                            break;
                        }
                        return Err(ApiError::TooLarge {
                            label: label.to_string(),
                            limit,
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if !status.is_success() => {
                    let _ = e;
                    break;
                }
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

/// One request to send.
struct Req<'a> {
    method: Method,
    url: Url,
    query: &'a [(&'a str, String)],
    body: Option<&'a Value>,
    auth: bool,
    retry: Retry,
    /// Follow same-origin redirects; when false a 3xx is the answer.
    follow: bool,
    cap: usize,
    label: &'a str,
}

/// The server closed or reset the connection before answering (a dropped keep-alive).
fn is_reset(e: &reqwest::Error) -> bool {
    if e.is_timeout() || e.is_connect() {
        return false;
    }
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(h) = err.downcast_ref::<hyper::Error>()
            && (h.is_incomplete_message() || h.is_canceled())
        {
            return true;
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::BrokenPipe
            )
        {
            return true;
        }
        cur = err.source();
    }
    false
}

fn backoff(attempt: u32) -> Duration {
    (BACKOFF_BASE * 2u32.saturating_pow(attempt.saturating_sub(1).min(8))).min(MAX_BACKOFF)
}

/// `Retry-After` is either delay-seconds or an HTTP date.
pub(crate) fn parse_retry_after(v: &str) -> Option<Duration> {
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
    } else if let Some(why) = untrusted_certificate(&e) {
        // Trying again cannot make a certificate trusted: one clear line, no retries.
        ApiError::Transport {
            label,
            reason: format!("certificate not trusted: {why}"),
        }
    } else if e.is_connect() {
        ApiError::Connect {
            label,
            reason: redact::text(&root_cause(&e)),
            attempts,
        }
    } else {
        ApiError::Transport {
            label,
            reason: redact::text(&root_cause(&e)),
        }
    }
}

/// rustls's reason when it refused the server's certificate (unknown issuer, expired, wrong
/// name …). rustls's error sits inside an io::Error, which hides it from `source()`: its
/// message is what is left to go by.
fn untrusted_certificate(e: &reqwest::Error) -> Option<String> {
    let cause = root_cause(e);
    let rest = cause.split_once("invalid peer certificate: ")?.1;
    Some(redact::text(rest))
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
        detail.push_str(&format!(" (Retry-After: {})", redact::text(ra)));
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
pub(crate) fn parse_json(label: &str, raw: &Raw, empty_ok: bool) -> Result<Value, ApiError> {
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
    let mut doc: Value = serde_json::from_str(trimmed).map_err(|e| ApiError::Malformed {
        label: label.into(),
        reason: redact::text(&e.to_string()),
    })?;
    // Where the app's text enters: the token is scrubbed here, from strings and keys only.
    redact::json(&mut doc);
    Ok(doc)
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
    fn backoff_doubles_up_to_its_cap() {
        assert_eq!(backoff(1), Duration::from_millis(250));
        assert_eq!(backoff(2), Duration::from_millis(500));
        assert_eq!(backoff(5), MAX_BACKOFF);
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
    }

    #[test]
    fn secret_never_formats() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s} {s:?}"), "*** Secret(***)");
    }
}
