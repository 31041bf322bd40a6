//! `[gate] alertmanager`: the active alerts read with every gate (`rollout::read_gate`), judged
//! by `policy::alert_hold`. Unreachable, a non-2xx, a body too large or not a list of alerts:
//! UNKNOWN, which holds.

use serde_json::Value;

use crate::commands::Ctx;
use crate::policy::alert_hold::{as_checks, firing};
use crate::policy::check::Check;
use crate::redact;
use crate::settings::gate::AlertGate;

/// The alerts API, as Alertmanager's UI reads it: firing, neither silenced nor inhibited.
const PATH: &str = "/api/v2/alerts";
const QUERY: &str = "active=true&silenced=false&inhibited=false";
/// More than any real list of active alerts; a larger answer is not read.
const MAX_ANSWER: usize = 8 << 20;

/// The gate's alert checks; none when `[gate] alertmanager` is not configured.
pub(crate) async fn checks(ctx: &Ctx) -> Vec<Check> {
    let Some(a) = &ctx.settings.gate.alerts else {
        return Vec::new();
    };
    ctx.printer.verbose(format!(
        "GET {}{PATH}?{QUERY}",
        a.url.as_str().trim_end_matches('/')
    ));
    let read = read(ctx.settings.timeout, a)
        .await
        .map_err(|cause| format!("GET {PATH}: {cause}"));
    let active = read
        .as_ref()
        .ok()
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    as_checks(
        read.and_then(|body| firing(&body, &a.hold_on).map_err(|e| format!("GET {PATH}: {e}"))),
        active,
    )
}

/// `config check --online`'s try: the alerts as the gate reads them (with the credentials),
/// `Ok` with how many are active, or why they could not be read.
pub(crate) async fn try_read(timeout: std::time::Duration, a: &AlertGate) -> Result<usize, String> {
    let body = read(timeout, a)
        .await
        .map_err(|cause| format!("GET {PATH}: {cause}"))?;
    body.as_array()
        .map(Vec::len)
        .ok_or_else(|| format!("GET {PATH}: the answer is not a list of alerts"))
}

/// The body of `GET /api/v2/alerts`, as JSON, or why it could not be had.
async fn read(timeout: std::time::Duration, a: &AlertGate) -> Result<Value, String> {
    let mut b = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("swcache/", env!("CARGO_PKG_VERSION")));
    if a.url.scheme() != "https" {
        b = b.tls_certs_only(Vec::new());
    }
    let http = b.build().map_err(|e| redact::text(&e.to_string()))?;
    let mut url = a.url.clone();
    let prefix = url.path().trim_end_matches('/').to_string();
    url.set_path(&format!("{prefix}{PATH}"));
    url.set_query(Some(QUERY));
    let mut req = http.get(url);
    // The credentials go to the configured Alertmanager only: redirects are not followed.
    if let Some(auth) = &a.auth {
        req = auth.apply(req)?;
    }
    let mut resp = req.send().await.map_err(|e| redact::request_cause(&e))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(format!("answered HTTP {}", status.as_u16()));
    }
    let mut body = Vec::new();
    while let Some(c) = resp.chunk().await.map_err(|e| redact::request_cause(&e))? {
        if body.len() + c.len() > MAX_ANSWER {
            return Err(format!(
                "the answer is larger than {MAX_ANSWER} bytes; not read"
            ));
        }
        body.extend_from_slice(&c);
    }
    serde_json::from_slice(&body).map_err(|_| "the answer is not JSON".into())
}
