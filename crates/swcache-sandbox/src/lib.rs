//! The embedded sandbox: a stateful fake of the app's admin and metrics API
//! (`shared/design/admin-api.md`, `docs/admin-api.openapi.json`) so every runbook can run end
//! to end on one machine, and tests can inject faults over real HTTP.
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! use swcache_sandbox::{Sandbox, SandboxOptions, parse_fault_spec};
//! let sb = Sandbox::start(SandboxOptions {
//!     scenario: "storage-critical".into(),
//!     faults: vec![parse_fault_spec("/api/error-metrics:status=503,retry_after=2").unwrap()],
//!     ..SandboxOptions::default()
//! })
//! .await?;
//! println!("{} (token {})", sb.base_url(), sb.token());
//! sb.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # Request flow
//! Every app request is recorded, delayed by `latency`, checked for `Authorization: Bearer
//! <token>` if under `/api/admin/` (401 `{"error":"unauthorized"}` otherwise), then matching
//! faults apply (`status`/`redirect` answer without running the handler, so a failed write
//! changes nothing). `/__sandbox/*` hooks skip all of that.
//!
//! # Test hooks
//! - `GET|DELETE /__sandbox/requests`: the request log, `[{"seq","method","path","query",
//!   "body","auth":"valid"|"invalid"|"missing"}]`. The token is never recorded.
//! - `GET|POST|DELETE /__sandbox/faults`: POST takes a [`Fault`], an array, or a spec string.
//! - `GET /__sandbox/state`, `PATCH|POST /__sandbox/state`: JSON merge patch (RFC 7386).
//! - `GET /__sandbox/routes`: `[{"path","methods"}]` the app routes served (for drift tests).
//! - `PUT /__sandbox/publish?path=/sw-enhanced.js`: the body (UTF-8) becomes the worker served
//!   there, as a publish step would put it (the stand-in `publish_worker` step uses it).
//! - `POST /__sandbox/clock {"advance_seconds": N}`: the sandbox's clock runs N s further ahead
//!   of real time (clients take up the served worker by it).
//!
//! # State shape (`GET /__sandbox/state`)
//! ```text
//! sw                 {version, script_url, scope, active_clients}   sw-status (enabled = flag.enabled)
//! flag               {enabled, percentage, userGroups}               the "enhanced-cache" flag
//! hit_rates          {<cache>: {hits, misses, ratio}}                cache-metrics, report, /metrics
//! response_times_ms  {cache_p95, network_fallback_p95}
//! storage            {used_bytes, quota_bytes, percentage}           percentage = used/quota*100
//! breakdown          {<cache>: {bytes, entries}}                     storage-breakdown; sums to used_bytes
//! large_entries      [{cache, url, bytes}]                           large-cache-entries (largest first)
//! evictions          {last_hour, rate_percent_per_hour, total}       total = cache_evictions_total
//! cleanup            {target_percent: 60, emergency_target_percent: 70, effective: true}
//! sync               {queue_size, processing_time_p95_seconds, success_rate, retry_rate, failed_items}
//! error_rate         2.4                                             error-metrics and error-details
//! error_window_seconds 300
//! top_errors         [{message, count}]
//! diagnostics        [{cache, severity, message}]                    cache-diagnostics issues
//! usage              {period, caches: {<cache>: {requests, avg_age_seconds}}}  (+ hit_ratio from hit_rates)
//! cache_config       {<cache>: {ttl, maxEntries, maxAgeSeconds}}
//! worker_scripts     {"/sw.js": "...", "/sw-enhanced.js": "..."}    served bodies (ETag = sha256)
//! cohorts            {<cohort>: {requests, errors, hit_rates, response_times_ms}}  optional;
//!                    `cohorts` of cache-metrics (hit_rates, response_times_ms) and
//!                    error-metrics (error_rate = errors/requests*100, requests, errors)
//!                    and, on /metrics, counters by cohort and cache_cohort_response_p95_seconds
//! worker_modified    {"/sw.js": <unix secs>, ...}                    Last-Modified; bumps on change
//! site_files         {"/": "<!doctype html>...", "/static/app.js": ...} the page and its files
//! clock              {advanced_seconds}                              the sandbox's clock, ahead of real time
//! clients            {by_version, since, move_percent_per_minute, moving_to, reported}  clients_by_version of
//!                    sw-status and `sw_clients` of /metrics; after a worker change they move to it by the clock
//! reports_generated  0                                               generate-report ids report-N
//! ```
//! A patch keeps the state consistent: patching `storage.percentage` alone derives
//! `used_bytes` (and may exceed 100, to test range checks), patching bytes derives the
//! percentage; the breakdown scales with storage; a lone `ratio` patch re-derives hits/misses;
//! changing a worker script moves its Last-Modified (and so its ETag). Unknown keys are a 400.

mod app;
mod clients;
mod clock;
mod publish;

mod conn;
mod faults;
mod hooks;
mod inject;
mod patch;
mod pipeline;
mod recorder;
mod reply;
mod routes;
mod scenarios;
mod series;
mod shared;
mod site;
mod state;
mod views;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::{Fault, parse_fault_spec};
pub use series::SeriesNames;

/// How to start a [`Sandbox`].
#[derive(Clone)]
pub struct SandboxOptions {
    /// Default 127.0.0.1:0 (an ephemeral port).
    pub bind: SocketAddr,
    /// One of [`scenario_names`]; default "healthy".
    pub scenario: String,
    /// TOML or JSON: `{ base = "<scenario>", state = {merge patch}, faults = [Fault...] }`.
    /// Its `base`, if given, replaces `scenario`.
    pub scenario_file: Option<PathBuf>,
    /// Added to every app request (not to `/__sandbox/*`).
    pub latency: Duration,
    /// Bearer token required on `/api/admin/*`.
    pub token: String,
    /// Faults active from the start.
    pub faults: Vec<Fault>,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            scenario: "healthy".into(),
            scenario_file: None,
            latency: Duration::ZERO,
            token: generate_token(),
            faults: Vec::new(),
        }
    }
}

// Hand-written so logging the options never prints the token.
impl std::fmt::Debug for SandboxOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxOptions")
            .field("bind", &self.bind)
            .field("scenario", &self.scenario)
            .field("scenario_file", &self.scenario_file)
            .field("latency", &self.latency)
            .field("token", &"<redacted>")
            .field("faults", &self.faults)
            .finish()
    }
}

/// A running sandbox server. Dropping it stops the server.
pub struct Sandbox {
    addr: SocketAddr,
    token: String,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Binds, spawns the server on the current tokio runtime, and returns once listening.
    /// An unknown scenario, a bad scenario file or an invalid fault is an error naming it.
    pub async fn start(opts: SandboxOptions) -> anyhow::Result<Sandbox> {
        if opts.token.trim().is_empty() {
            bail!("sandbox token must not be empty");
        }
        let now = shared::now_unix();
        let (state, mut faults) =
            scenarios::initial(&opts.scenario, opts.scenario_file.as_deref(), now)
                .map_err(anyhow::Error::msg)?;
        for f in &opts.faults {
            f.validate()
                .map_err(|e| anyhow::anyhow!("invalid sandbox fault on '{}': {e}", f.path))?;
        }
        faults.extend(opts.faults);
        let listener = tokio::net::TcpListener::bind(opts.bind)
            .await
            .with_context(|| format!("cannot bind the sandbox to {}", opts.bind))?;
        let addr = listener
            .local_addr()
            .context("sandbox listener has no address")?;
        let (router, shared) = app::build_router(opts.token.clone(), opts.latency, state, faults);
        let listener = conn::FaultyListener {
            inner: listener,
            shared,
        };
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
        });
        Ok(Sandbox {
            addr,
            token: opts.token,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (a wildcard bind is reached through loopback).
    pub fn base_url(&self) -> String {
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}", SocketAddr::new(ip, self.addr.port()))
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// Stops accepting, lets in-flight requests finish (up to 5 s, then cuts them).
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        // No await in drop: cut the server task (it may be stuck in a "hung" fault's delay).
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// The version a `--sandbox` run's stand-in revert and redeploy put back (the scenarios serve
/// v1.0.0).
pub const BACKUP_VERSION: &str = "v0.9.0";

/// The worker script the sandbox serves at `path` (`/sw.js`, `/sw-enhanced.js`) in `version`:
/// what a `--sandbox` run's stand-in steps put back, and what its backup hash is of.
pub fn worker_script(path: &str, version: &str) -> String {
    state::worker_script(path.trim_start_matches('/'), version)
}

/// The scenarios [`SandboxOptions::scenario`] accepts.
pub fn scenario_names() -> &'static [&'static str] {
    scenarios::NAMES
}

/// 32 hex chars (128 bits) from the OS random source.
pub fn generate_token() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness (should not happen): still unique per call, just not secret-grade.
        use sha2::{Digest, Sha256};
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let seed = format!(
            "{:?}{}{}",
            std::time::SystemTime::now(),
            std::process::id(),
            COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        bytes.copy_from_slice(&Sha256::digest(seed.as_bytes())[..16]);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_32_hex_and_differ() {
        let a = generate_token();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, generate_token());
    }

    #[test]
    fn options_debug_hides_the_token() {
        let opts = SandboxOptions::default();
        assert!(!format!("{opts:?}").contains(&opts.token));
    }

    #[tokio::test]
    async fn start_rejects_unknown_scenario_and_bad_faults() {
        let err = Sandbox::start(SandboxOptions {
            scenario: "nope".into(),
            ..SandboxOptions::default()
        })
        .await
        .unwrap_err();
        assert!(
            err.to_string().contains("unknown sandbox scenario 'nope'"),
            "{err}"
        );
        let err = Sandbox::start(SandboxOptions {
            faults: vec![Fault::new("/x")],
            ..SandboxOptions::default()
        })
        .await
        .unwrap_err();
        assert!(err.to_string().contains("no effect"), "{err}");
    }
}
