//! A headless browser driven over the DevTools protocol, for `swcache probe`: what users'
//! browsers run (the worker controlling the page, its caches, the page offline). A small
//! client of the dozen methods the probe needs (`cdp`), over a pipe to the browser
//! (`launch`); every call is bounded by the probe's deadline, and the browser's process group
//! is ended however the run ends.

mod cdp;
mod launch;

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::time::Instant;

pub(crate) use launch::Running;
pub(crate) use launch::find;

/// Starts the browser on `profile` (its process group is `Running::pgid`, to register with
/// the run's signals before anything is awaited).
pub(crate) fn start(exe: &Path, profile: &Path) -> Result<Running, String> {
    launch::start(exe, profile)
}

/// Opens a page target in the started browser, before `until`.
pub(crate) async fn open(mut running: Running, until: Instant) -> Result<Tab, String> {
    let opened = tokio::time::timeout_at(until, attach(&running)).await;
    match opened {
        Ok(Ok((session, product))) => Ok(Tab {
            running,
            session,
            product,
            until,
        }),
        Ok(Err(e)) => Err(describe(&mut running, &e)),
        Err(_) => Err("the browser did not answer on the DevTools pipe within the deadline".into()),
    }
}

/// A failure with what the browser said last (a crash explains itself on stderr).
fn describe(running: &mut Running, e: &str) -> String {
    let mut why = e.to_string();
    if let Some(status) = running.exited() {
        why.push_str(&format!(" (the browser exited: {status})"));
    }
    let tail = running.stderr_tail();
    if !tail.is_empty() {
        why.push_str(&format!("; it said: {}", cut(&tail, 200)));
    }
    why
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    format!("{}…", s.chars().take(n).collect::<String>())
}

async fn attach(running: &Running) -> Result<(String, String), String> {
    let cdp = &running.cdp;
    let version = cdp.call(None, "Browser.getVersion", json!({})).await?;
    let product = version["product"].as_str().unwrap_or("?").to_string();
    let target = cdp
        .call(None, "Target.createTarget", json!({"url": "about:blank"}))
        .await?;
    let id = target["targetId"]
        .as_str()
        .ok_or("Target.createTarget: no targetId")?;
    let attached = cdp
        .call(
            None,
            "Target.attachToTarget",
            json!({"targetId": id, "flatten": true}),
        )
        .await?;
    let session = attached["sessionId"]
        .as_str()
        .ok_or("Target.attachToTarget: no sessionId")?
        .to_string();
    cdp.call(Some(&session), "Page.enable", json!({})).await?;
    cdp.call(Some(&session), "Network.enable", json!({}))
        .await?;
    Ok((session, product))
}

/// One page of a running browser; every call ends by the deadline.
pub(crate) struct Tab {
    running: Running,
    session: String,
    /// `HeadlessChrome/156.0…`.
    pub product: String,
    pub until: Instant,
}

impl Tab {
    async fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        self.call_by(self.until, session, method, params).await
    }

    async fn call_by(
        &mut self,
        by: Instant,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        let session = session.map(str::to_string);
        let call = self.running.cdp.call(session.as_deref(), method, params);
        match tokio::time::timeout_at(by.min(self.until), call).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(describe(&mut self.running, &e)),
            Err(_) => Err(format!(
                "{method}: no answer from the browser within the deadline"
            )),
        }
    }

    /// Evaluates `expr` in the page, awaiting a promise; the value as JSON. A thrown exception
    /// is an error with its message.
    pub(crate) async fn eval(&mut self, expr: &str) -> Result<Value, String> {
        let page = self.session.clone();
        self.eval_by(self.until, &page, expr).await
    }

    /// [`Tab::eval`] in a worker's `session`, within `limit`: a worker that is going away
    /// (redundant, stopping) may never answer, and must not take the probe's whole deadline.
    pub(crate) async fn eval_in_worker(
        &mut self,
        session: &str,
        expr: &str,
        limit: Duration,
    ) -> Result<Value, String> {
        self.eval_by(Instant::now() + limit, session, expr).await
    }

    async fn eval_by(&mut self, by: Instant, session: &str, expr: &str) -> Result<Value, String> {
        let r = self
            .call_by(
                by,
                Some(session),
                "Runtime.evaluate",
                json!({"expression": expr, "awaitPromise": true, "returnByValue": true}),
            )
            .await?;
        if let Some(ex) = r.get("exceptionDetails") {
            let text = ex["exception"]["description"]
                .as_str()
                .or(ex["text"].as_str())
                .unwrap_or("exception");
            return Err(format!("the script threw: {}", cut(text, 300)));
        }
        Ok(r["result"]["value"].clone())
    }

    /// Navigates to `url` and waits until the document has loaded (or the deadline).
    pub(crate) async fn goto(&mut self, url: &str) -> Result<(), String> {
        let page = self.session.clone();
        let r = self
            .call(Some(&page), "Page.navigate", json!({"url": url}))
            .await?;
        if let Some(e) = r["errorText"].as_str() {
            return Err(format!("loading {url}: {e}"));
        }
        self.loaded().await
    }

    /// Reloads the page, bypassing nothing (a worker may answer), and waits until loaded.
    pub(crate) async fn reload(&mut self) -> Result<(), String> {
        let page = self.session.clone();
        self.call(Some(&page), "Page.reload", json!({})).await?;
        // Page.reload answers before the new document exists: let the old one go first.
        tokio::time::sleep(Duration::from_millis(200)).await;
        self.loaded().await
    }

    async fn loaded(&mut self) -> Result<(), String> {
        loop {
            // An evaluation during the switch between documents may fail: try again.
            if let Ok(v) = self.eval("document.readyState").await
                && v == "complete"
            {
                return Ok(());
            }
            if Instant::now() >= self.until {
                return Err("the page did not finish loading within the deadline".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Network off (or back on) for the page and what it loads, its worker's fetches included.
    pub(crate) async fn offline(&mut self, off: bool) -> Result<(), String> {
        let page = self.session.clone();
        self.call(
            Some(&page),
            "Network.emulateNetworkConditions",
            json!({"offline": off, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
        )
        .await
        .map(|_| ())
    }

    /// Each running service worker's session, with its script URL (for evaluating in it).
    pub(crate) async fn workers(&mut self) -> Result<Vec<(String, String)>, String> {
        let targets = self.call(None, "Target.getTargets", json!({})).await?;
        let mut out = Vec::new();
        for t in targets["targetInfos"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            if t["type"] != "service_worker" {
                continue;
            }
            let Some(id) = t["targetId"].as_str() else {
                continue;
            };
            let attached = self
                .call(
                    None,
                    "Target.attachToTarget",
                    json!({"targetId": id, "flatten": true}),
                )
                .await;
            if let Ok(a) = attached
                && let Some(s) = a["sessionId"].as_str()
            {
                out.push((s.to_string(), t["url"].as_str().unwrap_or("").to_string()));
            }
        }
        Ok(out)
    }

    /// Closes the browser (letting it write the profile, up to 3 s and never past the
    /// deadline: one that stopped answering is ended at once), then ends its process group.
    pub(crate) async fn close(self) {
        let left = self.until.saturating_duration_since(Instant::now());
        self.running.close(left.min(Duration::from_secs(3))).await;
    }
}
