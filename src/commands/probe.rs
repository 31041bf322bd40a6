//! `swcache probe`: the app's page opened in a headless browser, as users' browsers run it —
//! the worker that controls the page and its version, whether its precache finished, the
//! storage estimate, the page reloaded offline — with a profile kept per environment, so that
//! a second probe after a deploy or a rollback is an existing client: did the update reach it,
//! or is it stuck waiting, and why. `deploy` runs it after its verification when `[browser]`
//! is configured.

use std::time::Duration;

use serde::Serialize;

use crate::commands::Ctx;
use crate::output::{Payload, Report, Section};
use crate::policy::check::Check;
use crate::vocab::Severity;

/// What the browser showed (JSON `browser`).
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct BrowserSeen {
    /// The browser run (its path), when one was found.
    pub path: Option<String>,
    /// `HeadlessChrome/156.0…`, when it answered.
    pub product: Option<String>,
    pub page: String,
    /// The profile kept for this environment (`<state dir>/browser/…`).
    pub profile: Option<String>,
    /// A probe had used this profile before: the browser is an existing client.
    pub existing_client: bool,
    /// The worker controlling the page (`state` is `none` when no worker does).
    pub worker: WorkerSeen,
    /// A newer worker waiting for the tabs of the active one to close.
    pub waiting: Option<WorkerSeen>,
    /// The browser's update check of the registration (as on a navigation or the 24 h check).
    pub update: Option<UpdateSeen>,
    pub precache: Option<PrecacheSeen>,
    pub storage: Option<StorageSeen>,
    pub offline: Option<OfflineSeen>,
    /// Why the browser could not be run or read, when it could not.
    pub error: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct WorkerSeen {
    pub script_url: Option<String>,
    /// `activated`, `activating`, `waiting`, `installing`, `redundant` or `none`.
    pub state: String,
    /// `SW_VERSION` as the worker itself holds it, else `sha256:…` of its script when known.
    pub version: Option<String>,
    /// SHA-256 of the script, when the bytes it runs are known to be the served ones.
    pub sha256: Option<String>,
    pub controls_page: bool,
    /// Whether the script calls `skipWaiting()` (read from the served script).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_waiting: Option<bool>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct UpdateSeen {
    /// `current` (the served worker is the one running), `activated` (it took over now),
    /// `waiting`, `redundant` (its install failed), `installing` (at the deadline), or
    /// `failed` (the update check itself failed, `error` says why).
    pub outcome: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct PrecacheSeen {
    /// Entries of the served worker's manifest.
    pub expected: usize,
    /// Of those, found in the browser's Cache Storage.
    pub cached: usize,
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct StorageSeen {
    pub usage_bytes: u64,
    pub quota_bytes: u64,
}

#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct OfflineSeen {
    /// The page reloaded with the network off was served by the worker.
    pub served_by_worker: bool,
    pub detail: String,
}

/// The report's `browser` object.
#[derive(Serialize)]
pub(crate) struct Probe<'a> {
    pub browser: &'a BrowserSeen,
}

impl Payload for Probe<'_> {
    /// The checks say it all; `--json` has every field.
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

pub(crate) async fn run(ctx: &Ctx, deadline: Duration) -> anyhow::Result<Report> {
    let mut report = ctx.report("probe");
    let (checks, seen) = checks(ctx, deadline).await;
    report.checks.extend(checks);
    report.attach(&Probe { browser: &seen });
    Ok(report)
}

/// How long the probe that follows a publish (a deploy, a kill switch) may take: a browser's
/// update check and the precache of a small app fit well within it.
pub(crate) const AFTER_PUBLISH: std::time::Duration = std::time::Duration::from_secs(30);

/// The probe's checks and what it saw (also `deploy`'s post-deploy stage).
pub(crate) async fn checks(ctx: &Ctx, deadline: Duration) -> (Vec<Check>, BrowserSeen) {
    let mut seen = BrowserSeen {
        page: ctx
            .client
            .locate(&ctx.settings.page)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| ctx.settings.page.clone()),
        worker: WorkerSeen {
            state: "none".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut checks = Vec::new();
    if ctx.settings.dry_run {
        // A dry run sends only reads; the app's page runs its own scripts, which may write.
        seen.error = Some(
            "dry run: the browser was not started (the app's page runs its own scripts, which \
             may send writes)"
                .into(),
        );
    } else {
        imp::observe(ctx, deadline, &mut seen, &mut checks).await;
    }
    if let Some(e) = &seen.error {
        checks.insert(0, Check::note("browser", Severity::Unknown, e.clone()));
    }
    (checks, seen)
}

#[cfg(not(feature = "browser"))]
mod imp {
    use super::*;

    pub(super) async fn observe(
        _ctx: &Ctx,
        _deadline: Duration,
        seen: &mut BrowserSeen,
        _checks: &mut Vec<Check>,
    ) {
        seen.error = Some(
            "this swcache was built without the `browser` feature: no browser can be run".into(),
        );
    }
}

#[cfg(feature = "browser")]
mod imp {
    use std::collections::BTreeSet;

    use serde_json::Value;
    use tokio::time::Instant;

    use super::*;
    use crate::browser::{self, Tab};
    use crate::commands::fetch;
    use crate::policy::precache::manifest;
    use crate::policy::validate::ServedWorker;

    /// Left of the deadline for what comes after the waits: caches, storage, the offline
    /// reload, closing the browser so it writes the profile.
    fn reserve(deadline: Duration) -> Duration {
        (deadline / 3).min(Duration::from_secs(8))
    }

    /// The profile kept for the app at `base` in environment `label`: one client per
    /// environment, found again by the next probe.
    fn profile_dir(state_dir: &std::path::Path, label: &str, base: &str) -> std::path::PathBuf {
        let safe: String = label
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let key = &fetch::sha256_hex(base.as_bytes())[..12];
        state_dir.join("browser").join(format!("{safe}-{key}"))
    }

    /// How long a page may go without registering a worker before the probe says it did not.
    const NO_REGISTRATION: Duration = Duration::from_secs(3);

    pub(super) async fn observe(
        ctx: &Ctx,
        deadline: Duration,
        seen: &mut BrowserSeen,
        checks: &mut Vec<Check>,
    ) {
        let until = Instant::now() + deadline;
        let s = &ctx.settings;
        let exe = match browser::find(
            s.browser.env.as_deref(),
            s.browser.path.as_deref(),
            std::env::var("PATH").ok().as_deref(),
        ) {
            Ok(p) => p,
            Err(e) => {
                seen.error = Some(e);
                return;
            }
        };
        seen.path = Some(exe.display().to_string());
        let profile = profile_dir(&s.state_dir, &s.env_label(), ctx.client.base_url().as_str());
        seen.profile = Some(profile.display().to_string());
        let _lock = match lock_profile(&profile) {
            Ok(l) => l,
            Err(e) => {
                seen.error = Some(e);
                return;
            }
        };
        let marker = profile.join("swcache-probed");
        seen.existing_client = marker.exists();
        let worker_path = s.worker_paths.first().cloned().unwrap_or_default();
        ctx.printer.verbose(format!("starting {}", exe.display()));
        let running = match browser::start(&exe, &profile) {
            Ok(r) => r,
            Err(e) => {
                seen.error = Some(e);
                return;
            }
        };
        // A signal that ends the run ends the browser's group (see `signals`), before the
        // process exits; dropping it (a deadline, the end) ends it too.
        let _group = running.pgid().map(|p| ctx.cancel.group(p));
        let mut tab = match browser::open(running, until).await {
            Ok(t) => t,
            Err(e) => {
                seen.error = Some(format!("{e} ({})", exe.display()));
                return;
            }
        };
        seen.product = Some(tab.product.clone());
        let soft = until.checked_sub(reserve(deadline)).unwrap_or(until);
        let complete = in_page(ctx, &mut tab, seen, checks, &worker_path, soft).await;
        if complete {
            let _ = std::fs::write(&marker, b"");
        }
        tab.close().await;
    }

    /// A lock file beside the profile: two probes of one environment at once would share a
    /// browser profile, which Chromium refuses.
    fn lock_profile(profile: &std::path::Path) -> Result<std::fs::File, String> {
        std::fs::create_dir_all(profile).map_err(|e| {
            format!(
                "cannot create the browser profile {}: {e}",
                profile.display()
            )
        })?;
        let path = profile.with_extension("lock");
        let f = std::fs::File::create(&path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        f.try_lock().map_err(|_| {
            format!(
                "another probe of this environment is running (it holds {})",
                path.display()
            )
        })?;
        Ok(f)
    }

    /// The page, its worker, caches, storage and offline reload; true when every read worked.
    async fn in_page(
        ctx: &Ctx,
        tab: &mut Tab,
        seen: &mut BrowserSeen,
        checks: &mut Vec<Check>,
        worker_path: &str,
        soft: Instant,
    ) -> bool {
        let page = seen.page.clone();
        if let Err(e) = tab.goto(&page).await {
            checks.push(Check::note("page in the browser", Severity::Unknown, e));
            return false;
        }
        let first = match settle(tab, soft).await {
            Ok(st) => st,
            Err(e) => {
                checks.push(Check::note("worker in the browser", Severity::Unknown, e));
                return false;
            }
        };
        if first["supported"] != true {
            checks.push(Check::note(
                "worker in the browser",
                Severity::Critical,
                "the page has no service worker API (not a secure context: https or localhost)",
            ));
            return false;
        }
        let mut diagnosis = None;
        if first["registered"] == true {
            seen.update = Some(update(tab, soft).await);
        } else {
            let url = ctx.client.locate(worker_path).map(|u| u.to_string());
            diagnosis = Some(diagnose(tab, url.as_deref().unwrap_or(worker_path), soft).await);
        }
        let mut ok = true;
        let st = match final_state(tab).await {
            Ok(st) => st,
            Err(e) => {
                checks.push(Check::note("worker in the browser", Severity::Unknown, e));
                return false;
            }
        };
        // The script the browser registered, read from the edge now (after its update check):
        // its version, hash, manifest and whether it skips waiting. The configured path when
        // the page registered none, or one on another origin.
        let registered = ["waiting", "active"]
            .iter()
            .filter_map(|k| st[*k]["url"].as_str())
            .filter_map(|u| reqwest::Url::parse(u).ok())
            .find(|u| u.origin() == ctx.client.base_url().origin())
            .map(|u| u.path().to_string());
        let path = registered.as_deref().unwrap_or(worker_path);
        let served = &fetch::worker(&ctx.client, &ctx.printer, path).await;
        read_workers(tab, seen, &st, served).await;
        checks.push(worker_check(seen, diagnosis.as_deref()));
        if let Some(c) = update_check(seen, served) {
            checks.push(c);
        }
        // With no worker there is no precache and nothing to serve the page offline: the
        // worker's check says it once, rather than three checks saying it again.
        let worker = seen.worker.state != "none";
        if worker {
            let (c, read) = precache_check(tab, seen, served).await;
            ok &= read;
            checks.push(c);
        }
        let (c, read) = storage_check(tab, seen).await;
        ok &= read;
        checks.push(c);
        if worker {
            let (c, read) = offline_check(tab, seen).await;
            ok &= read;
            checks.push(c);
        }
        ok
    }

    const STATE_JS: &str = r#"(async () => {
  const sw = navigator.serviceWorker;
  if (!sw) return {supported: false};
  const r = await sw.getRegistration();
  const w = (x) => x ? {url: x.scriptURL, state: x.state} : null;
  return {supported: true, registered: !!r, active: w(r && r.active),
    waiting: w(r && r.waiting), installing: w(r && r.installing), controller: w(sw.controller)};
})()"#;

    /// Waits until the page's worker has settled: activated (and controlling, or given a
    /// moment to claim), or no registration for a while, or `soft`.
    async fn settle(tab: &mut Tab, soft: Instant) -> Result<Value, String> {
        let started = Instant::now();
        let mut activated_at: Option<Instant> = None;
        loop {
            let st = tab.eval(STATE_JS).await?;
            let now = Instant::now();
            if st["supported"] != true || now >= soft {
                return Ok(st);
            }
            let busy = !st["installing"].is_null();
            let active = st["active"]["state"] == "activated";
            if active && !busy {
                let since = *activated_at.get_or_insert(now);
                if !st["controller"].is_null() || now - since > Duration::from_secs(1) {
                    return Ok(st);
                }
            }
            if st["registered"] != true && now - started > NO_REGISTRATION {
                return Ok(st);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Waits, inside the page, for worker `w` to settle: `activated`, `redundant`, or
    /// `installed` for a moment (waiting), or what it is when `ms` pass.
    const SETTLE_FN: &str = r#"const settleWorker = (w, ms) => new Promise((done) => {
  let grace = null;
  const end = setTimeout(() => done(w.state), ms);
  const look = () => {
    if (w.state === "activated" || w.state === "redundant") {
      clearTimeout(end); clearTimeout(grace); done(w.state);
    } else if (w.state === "installed" && grace === null) {
      grace = setTimeout(() => { if (w.state === "installed") { clearTimeout(end); done(w.state); } }, 1500);
    }
  };
  w.addEventListener("statechange", look);
  look();
});"#;

    fn ms_until(soft: Instant) -> u64 {
        soft.saturating_duration_since(Instant::now())
            .as_millis()
            .max(500) as u64
    }

    /// The browser's update check, as a navigation or the 24-hour check makes it, and where
    /// the new worker (if any) ended.
    async fn update(tab: &mut Tab, soft: Instant) -> UpdateSeen {
        let js = format!(
            r#"(async (ms) => {{
  {SETTLE_FN}
  const r = await navigator.serviceWorker.getRegistration();
  if (!r) return {{error: "the registration disappeared"}};
  try {{ await r.update(); }} catch (e) {{ return {{error: String((e && e.message) || e)}}; }}
  const w = r.installing || r.waiting;
  if (!w) return {{found: false}};
  return {{found: true, state: await settleWorker(w, ms)}};
}})({})"#,
            ms_until(soft)
        );
        match tab.eval(&js).await {
            Ok(v) if v["error"].is_string() => UpdateSeen {
                outcome: "failed".into(),
                error: v["error"].as_str().map(String::from),
            },
            Ok(v) if v["found"] == false => UpdateSeen {
                outcome: "current".into(),
                error: None,
            },
            Ok(v) => UpdateSeen {
                outcome: match v["state"].as_str().unwrap_or("") {
                    "activated" => "activated",
                    "installed" => "waiting",
                    "redundant" => "redundant",
                    _ => "installing",
                }
                .into(),
                error: None,
            },
            Err(e) => UpdateSeen {
                outcome: "failed".into(),
                error: Some(e),
            },
        }
    }

    /// No registration: register the worker from the probe to learn why the page has none (a
    /// redirect, a script error, an install that failed), then take it away again: the kept
    /// client must hold only what the app itself registered.
    async fn diagnose(tab: &mut Tab, url: &str, soft: Instant) -> String {
        let js = format!(
            r#"(async (url, ms) => {{
  {SETTLE_FN}
  let r;
  try {{ r = await navigator.serviceWorker.register(url); }}
  catch (e) {{
    // "Failed to register a ServiceWorker for scope (…) with script (…): <why>": the why.
    const m = String((e && e.message) || e);
    const at = m.lastIndexOf("): ");
    return "registering fails: " + (at < 0 ? m : m.slice(at + 3));
  }}
  const w = r.installing || r.waiting || r.active;
  const state = w ? await settleWorker(w, ms) : "none";
  await r.unregister();
  return state === "redundant" ? "its install fails (a precache entry that does not fetch?)"
    : "the page registered none (its script failed?)";
}})({}, {})"#,
            serde_json::to_string(url).unwrap_or_else(|_| "\"\"".into()),
            ms_until(soft)
        );
        match tab.eval(&js).await {
            Ok(Value::String(s)) => s,
            Ok(_) => "the page registered none".into(),
            Err(e) => format!("the page registered none ({e})"),
        }
    }

    /// The registration after the update check, giving a worker that just activated a moment
    /// to claim the page.
    async fn final_state(tab: &mut Tab) -> Result<Value, String> {
        let mut st = tab.eval(STATE_JS).await?;
        for _ in 0..10 {
            let claimed = !st["controller"].is_null() || st["active"].is_null();
            if claimed {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
            st = tab.eval(STATE_JS).await?;
        }
        Ok(st)
    }

    const VERSION_JS: &str = r#"({version: typeof SW_VERSION === "string" ? SW_VERSION : null,
  state: self.serviceWorker ? self.serviceWorker.state : null})"#;

    /// The active and waiting workers: their URL and state from the registration, their
    /// version from inside each running worker.
    async fn read_workers(
        tab: &mut Tab,
        seen: &mut BrowserSeen,
        st: &Value,
        served: &ServedWorker,
    ) {
        let mut versions: Vec<(String, Option<String>)> = Vec::new();
        if let Ok(workers) = tab.workers().await {
            for (session, _url) in workers {
                let read = tab
                    .eval_in_worker(&session, VERSION_JS, Duration::from_secs(2))
                    .await;
                if let Ok(v) = read {
                    let state = v["state"].as_str().unwrap_or("").to_string();
                    versions.push((state, v["version"].as_str().map(String::from)));
                }
            }
        }
        let version_in = |states: &[&str]| {
            versions
                .iter()
                .find(|(s, _)| states.contains(&s.as_str()))
                .and_then(|(_, v)| v.clone())
        };
        let skip_waiting = served.script.as_deref().map(|s| s.contains("skipWaiting("));
        let current = seen.update.as_ref().is_some_and(|u| {
            u.outcome != "waiting" && u.outcome != "failed" && u.outcome != "redundant"
        });
        if let Some(url) = st["active"]["url"].as_str() {
            let state = st["active"]["state"].as_str().unwrap_or("activated");
            // After an update check that found nothing newer (or installed it), the active
            // worker's bytes are the served ones.
            let sha = current.then(|| served.sha256.clone()).flatten();
            seen.worker = WorkerSeen {
                script_url: Some(url.to_string()),
                state: state.to_string(),
                version: version_in(&["activated", "activating"])
                    .or(sha.as_ref().map(|h| short(h))),
                sha256: sha,
                controls_page: st["controller"]["url"].as_str() == Some(url),
                skip_waiting: None,
            };
        }
        if let Some(url) = st["waiting"]["url"].as_str() {
            seen.waiting = Some(WorkerSeen {
                script_url: Some(url.to_string()),
                state: "waiting".into(),
                version: version_in(&["installed"]).or(served.sha256.as_ref().map(|h| short(h))),
                sha256: served.sha256.clone(),
                controls_page: false,
                skip_waiting,
            });
        }
    }

    fn short(sha: &str) -> String {
        format!("sha256:{}", &sha[..sha.len().min(12)])
    }

    fn worker_check(seen: &BrowserSeen, diagnosis: Option<&str>) -> Check {
        let name = "worker in the browser";
        let w = &seen.worker;
        let v = w.version.as_deref().unwrap_or("?");
        match w.state.as_str() {
            "none" => Check::note(
                name,
                Severity::Critical,
                format!(
                    "none controls the page: {}",
                    diagnosis.unwrap_or("none registered")
                ),
            ),
            "activated" if w.controls_page => Check::note(
                name,
                Severity::Ok,
                format!("{v} activated, controls the page"),
            ),
            "activated" => Check::note(
                name,
                Severity::Warning,
                format!("{v} activated but does not control the page (no clients.claim()?)"),
            ),
            other => Check::note(
                name,
                Severity::Unknown,
                format!("{v} still {other} at the deadline"),
            ),
        }
    }

    /// Did the served worker reach this client? Only once a worker is registered.
    fn update_check(seen: &BrowserSeen, served: &ServedWorker) -> Option<Check> {
        let u = seen.update.as_ref()?;
        let name = "update reached the client";
        let old = seen.worker.version.as_deref().unwrap_or("the old worker");
        let new = served.version.as_deref().unwrap_or("the served worker");
        let existing = if seen.existing_client {
            ""
        } else {
            " (a new client)"
        };
        Some(match u.outcome.as_str() {
            "current" => Check::note(
                name,
                Severity::Ok,
                format!("runs the served {new}{existing}"),
            ),
            "activated" => Check::note(name, Severity::Ok, format!("{new} took over")),
            "waiting" => {
                let why = match seen.waiting.as_ref().and_then(|w| w.skip_waiting) {
                    Some(false) => "no skipWaiting(), so it",
                    _ => "it",
                };
                Check::note(
                    name,
                    Severity::Warning,
                    format!("{new} waiting: {why} waits for every tab of {old} to close"),
                )
            }
            "redundant" => Check::note(
                name,
                Severity::Critical,
                format!("{new} failed to install (a precache entry?); the client stays on {old}"),
            ),
            "failed" => Check::note(
                name,
                Severity::Critical,
                format!(
                    "the browser's update check failed: {}",
                    u.error.as_deref().unwrap_or("?")
                ),
            ),
            _ => Check::note(
                name,
                Severity::Unknown,
                format!("{new} still installing at the deadline"),
            ),
        })
    }

    const CACHES_JS: &str = r#"(async () => {
  if (typeof caches === "undefined") return [];
  const out = [];
  for (const name of await caches.keys()) {
    const c = await caches.open(name);
    for (const req of await c.keys()) { if (out.length < 5000) out.push(req.url); }
  }
  return out;
})()"#;

    /// Cache Storage against the served worker's manifest; the bool is whether it was read.
    async fn precache_check(
        tab: &mut Tab,
        seen: &mut BrowserSeen,
        served: &ServedWorker,
    ) -> (Check, bool) {
        let name = "precache in the browser";
        let Some(script) = &served.script else {
            let why = served
                .error
                .clone()
                .unwrap_or_else(|| "the worker was not read".into());
            return (Check::note(name, Severity::Unknown, why), false);
        };
        let Some(entries) = manifest(script) else {
            let c = Check::note(
                name,
                Severity::Ok,
                "no Workbox precache manifest in the worker",
            );
            return (c, true);
        };
        let read = tab.eval(CACHES_JS).await;
        let cached: BTreeSet<String> = match read {
            Ok(Value::Array(urls)) => urls
                .iter()
                .filter_map(Value::as_str)
                .filter_map(|u| reqwest::Url::parse(u).ok())
                .map(|mut u| {
                    // Workbox keys a revisioned entry with its revision in the query.
                    let kept: Vec<(String, String)> = u
                        .query_pairs()
                        .filter(|(k, _)| k != "__WB_REVISION__")
                        .map(|(k, v)| (k.into_owned(), v.into_owned()))
                        .collect();
                    u.set_query(None);
                    if !kept.is_empty() {
                        u.query_pairs_mut().extend_pairs(kept);
                    }
                    u.to_string()
                })
                .collect(),
            Ok(_) => {
                return (
                    Check::note(name, Severity::Unknown, "Cache Storage: no list"),
                    false,
                );
            }
            Err(e) => {
                return (
                    Check::note(name, Severity::Unknown, format!("Cache Storage: {e}")),
                    false,
                );
            }
        };
        let base = seen
            .worker
            .script_url
            .clone()
            .or(seen.waiting.as_ref().and_then(|w| w.script_url.clone()));
        let base = base.as_deref().and_then(|b| reqwest::Url::parse(b).ok());
        let missing: Vec<String> = entries
            .iter()
            .filter(|e| {
                let url = base.as_ref().and_then(|b| b.join(&e.url).ok());
                !url.is_some_and(|u| cached.contains(u.as_str()))
            })
            .map(|e| e.url.clone())
            .collect();
        let p = PrecacheSeen {
            expected: entries.len(),
            cached: entries.len() - missing.len(),
            missing,
        };
        let c = if p.missing.is_empty() {
            Check::note(
                name,
                Severity::Ok,
                format!("all {} entries cached", p.expected),
            )
        } else {
            let first: Vec<&str> = p.missing.iter().take(3).map(String::as_str).collect();
            Check::note(
                name,
                Severity::Critical,
                format!(
                    "{} of {} missing: {}",
                    p.missing.len(),
                    p.expected,
                    first.join(", ")
                ),
            )
        };
        seen.precache = Some(p);
        (c, true)
    }

    const ESTIMATE_JS: &str =
        "navigator.storage.estimate().then((e) => ({usage: e.usage, quota: e.quota}))";

    async fn storage_check(tab: &mut Tab, seen: &mut BrowserSeen) -> (Check, bool) {
        let name = "storage in the browser";
        match tab.eval(ESTIMATE_JS).await {
            Ok(v) => match (v["usage"].as_u64(), v["quota"].as_u64()) {
                (Some(usage), Some(quota)) => {
                    seen.storage = Some(StorageSeen {
                        usage_bytes: usage,
                        quota_bytes: quota,
                    });
                    let text = format!(
                        "{} used of {}",
                        crate::numbers::bytes(usage as f64),
                        crate::numbers::bytes(quota as f64)
                    );
                    (Check::note(name, Severity::Ok, text), true)
                }
                _ => (
                    Check::note(name, Severity::Unknown, format!("estimate: {v}")),
                    false,
                ),
            },
            Err(e) => (Check::note(name, Severity::Unknown, e), false),
        }
    }

    /// The page reloaded with the network off: served by the worker, or a browser error page.
    async fn offline_check(tab: &mut Tab, seen: &mut BrowserSeen) -> (Check, bool) {
        let name = "offline reload";
        if !seen.worker.controls_page {
            seen.offline = Some(OfflineSeen {
                served_by_worker: false,
                detail: "no worker controls the page".into(),
            });
            return (
                Check::note(
                    name,
                    Severity::Critical,
                    "no worker controls the page to serve it",
                ),
                true,
            );
        }
        let reloaded = async {
            tab.offline(true).await?;
            tab.reload().await?;
            tab.eval("({href: location.href, controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller)})")
                .await
        }
        .await;
        let back = tab.offline(false).await;
        let v = match reloaded {
            Ok(v) => v,
            Err(e) => return (Check::note(name, Severity::Unknown, e), false),
        };
        let served = v["href"].as_str() == Some(seen.page.as_str()) && v["controlled"] == true;
        let detail = if served {
            "served by the worker".to_string()
        } else {
            format!(
                "the page did not load offline (the browser shows {})",
                v["href"].as_str().unwrap_or("?")
            )
        };
        seen.offline = Some(OfflineSeen {
            served_by_worker: served,
            detail: detail.clone(),
        });
        let status = if served {
            Severity::Ok
        } else {
            Severity::Critical
        };
        (Check::note(name, status, detail), back.is_ok())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn seen(outcome: &str, skip_waiting: Option<bool>) -> BrowserSeen {
            BrowserSeen {
                existing_client: true,
                worker: WorkerSeen {
                    state: "activated".into(),
                    version: Some("v1.0.0".into()),
                    controls_page: true,
                    ..Default::default()
                },
                waiting: skip_waiting.map(|s| WorkerSeen {
                    state: "waiting".into(),
                    skip_waiting: Some(s),
                    ..Default::default()
                }),
                update: Some(UpdateSeen {
                    outcome: outcome.into(),
                    error: Some("boom".into()),
                }),
                ..Default::default()
            }
        }

        #[test]
        fn an_update_is_judged_by_where_it_ended() {
            let served = ServedWorker {
                version: Some("v1.0.1".into()),
                ..Default::default()
            };
            let judge = |s: &BrowserSeen| update_check(s, &served).unwrap();
            assert_eq!(judge(&seen("current", None)).status, Severity::Ok);
            assert_eq!(judge(&seen("activated", None)).status, Severity::Ok);
            let stuck = judge(&seen("waiting", Some(false)));
            assert_eq!(stuck.status, Severity::Warning);
            let why = stuck.detail.unwrap();
            assert!(
                why.contains("no skipWaiting()") && why.contains("v1.0.0"),
                "{why}"
            );
            let waits = judge(&seen("waiting", Some(true))).detail.unwrap();
            assert!(!waits.contains("no skipWaiting"), "{waits}");
            assert_eq!(judge(&seen("redundant", None)).status, Severity::Critical);
            let failed = judge(&seen("failed", None));
            assert_eq!(failed.status, Severity::Critical);
            assert!(failed.detail.unwrap().contains("boom"));
            assert_eq!(judge(&seen("installing", None)).status, Severity::Unknown);
            let mut none = seen("current", None);
            none.update = None;
            assert!(
                update_check(&none, &served).is_none(),
                "no registration, no update"
            );
        }

        #[test]
        fn the_worker_check_says_what_controls_the_page() {
            let mut s = seen("current", None);
            assert_eq!(worker_check(&s, None).status, Severity::Ok);
            s.worker.controls_page = false;
            assert_eq!(worker_check(&s, None).status, Severity::Warning);
            s.worker.state = "none".into();
            let c = worker_check(&s, Some("registering fails: behind a redirect"));
            assert_eq!(c.status, Severity::Critical);
            assert!(c.detail.unwrap().contains("redirect"));
            s.worker.state = "installing".into();
            assert_eq!(worker_check(&s, None).status, Severity::Unknown);
        }

        #[test]
        fn profiles_are_per_environment_and_app() {
            let dir = std::path::Path::new("/state");
            let a = profile_dir(dir, "production", "https://a.example/");
            assert!(a.starts_with("/state/browser"));
            assert_ne!(a, profile_dir(dir, "staging", "https://a.example/"));
            assert_ne!(a, profile_dir(dir, "production", "https://b.example/"));
            let odd = profile_dir(dir, "../x y", "https://a.example/");
            assert_eq!(odd.parent(), Some(std::path::Path::new("/state/browser")));
        }
    }
}

impl crate::driver::Runbook for crate::cli::ProbeArgs {
    fn name(&self) -> &'static str {
        "probe"
    }
    /// Public pages only: the browser never sees the token.
    fn sends_token(&self) -> bool {
        false
    }
    fn lock(&self) -> crate::driver::Lock {
        crate::driver::Lock::None
    }
    async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
        run(ctx, self.deadline).await
    }
}
