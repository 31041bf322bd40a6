//! The precache manifest checked from the edge (`validate --precache`, `deploy`'s
//! verification): every entry of the served worker's Workbox manifest fetched as Workbox's
//! install would, and the previous release's entries that old clients still request.

use futures::future::join_all;
use serde::Serialize;

use crate::api::{ApiError, Client};
use crate::commands::Ctx;
use crate::output::{Payload, Section};
use crate::policy::check::Check;
use crate::policy::precache::{
    Answer, Entry, Fetched, Summary, budget_check, judge, manifest, precache_check, retired,
    summarize,
};
use crate::policy::validate::ServedWorker;
use crate::vocab::Severity;

/// Entries fetched at once: a CDN is not to be hammered, a big manifest not to take ages.
const CONCURRENCY: usize = 8;
/// A manifest longer than this is cut (and says so): a bound on the run's time.
const MAX_ENTRIES: usize = 2000;
/// How many failed entries the table lists.
const LISTED: usize = 5;

/// What was found for one worker's precache (JSON `precache`).
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct PrecacheReport {
    pub worker: String,
    #[serde(flatten)]
    pub summary: Summary,
    /// The failed entries, in manifest order.
    pub failures: Vec<Fetched>,
    /// The previous release's entries the current manifest no longer lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<Summary>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub previous_failures: Vec<Fetched>,
}

/// The precache checks of the served worker `w`, and what they found. `previous` is the
/// previous release's worker script, when known.
pub(crate) async fn checks(
    ctx: &Ctx,
    w: &ServedWorker,
    previous: Option<&str>,
) -> (Vec<Check>, PrecacheReport) {
    let name = format!("precache {}", w.path);
    let mut report = PrecacheReport {
        worker: w.path.clone(),
        ..Default::default()
    };
    let Some(script) = &w.script else {
        let why = w
            .error
            .clone()
            .unwrap_or_else(|| "the worker was not read".into());
        return (vec![Check::note(name, Severity::Unknown, why)], report);
    };
    let Some(entries) = manifest(script) else {
        let c = Check::note(
            name,
            Severity::Ok,
            "no Workbox precache manifest in the worker",
        );
        return (vec![c], report);
    };
    let results = fetch_all(&ctx.client, &w.path, &entries).await;
    let mut checks = vec![precache_check(&name, &results, Severity::Critical)];
    if let Some(max) = ctx.settings.max_precache_bytes {
        checks.push(budget_check(
            &format!("precache size {}", w.path),
            &results,
            max,
        ));
    }
    report.summary = summarize(&results);
    report.failures = failed(&results);
    if let Some(old) = previous.and_then(manifest) {
        let gone: Vec<Entry> = retired(&old, &entries).into_iter().cloned().collect();
        let prev = fetch_all(&ctx.client, &w.path, &gone).await;
        // Old clients fetch these until they update: missing ones break them, not installs.
        let mut c = precache_check(
            &format!("previous release's precache {}", w.path),
            &prev,
            Severity::Warning,
        );
        if gone.is_empty() {
            c.detail = Some("every entry is still in the current manifest".into());
        }
        checks.push(c);
        report.previous = Some(summarize(&prev));
        report.previous_failures = failed(&prev);
    }
    (checks, report)
}

fn failed(results: &[Fetched]) -> Vec<Fetched> {
    results
        .iter()
        .filter(|f| f.problem.is_some() || f.unknown.is_some())
        .cloned()
        .collect()
}

/// Every entry fetched from the edge, in manifest order, at most [`CONCURRENCY`] at once.
async fn fetch_all(client: &Client, worker_path: &str, entries: &[Entry]) -> Vec<Fetched> {
    let base = client.locate(worker_path).ok();
    let entries = &entries[..entries.len().min(MAX_ENTRIES)];
    let mut out = Vec::with_capacity(entries.len());
    for batch in entries.chunks(CONCURRENCY) {
        out.extend(join_all(batch.iter().map(|e| fetch_one(client, base.as_ref(), e))).await);
    }
    out
}

/// One entry, resolved against the worker's URL as Workbox does; only on the app's origin.
async fn fetch_one(client: &Client, worker: Option<&reqwest::Url>, e: &Entry) -> Fetched {
    let url = match worker.map(|w| w.join(&e.url)) {
        Some(Ok(u)) => u,
        _ => return judge(e, Err(format!("{}: not a URL", e.url))),
    };
    if url.origin() != client.base_url().origin() {
        return judge(e, Err("on another origin: not fetched".into()));
    }
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    match client.get_as_browser(&path, true).await {
        Ok(raw) => judge(
            e,
            Ok(Answer {
                status: raw.status.as_u16(),
                content_type: raw.header("content-type"),
                body: &raw.body,
            }),
        ),
        Err(ApiError::Status { status, .. }) => judge(
            e,
            Ok(Answer {
                status,
                content_type: None,
                body: &[],
            }),
        ),
        Err(err) => judge(e, Err(err.to_string())),
    }
}

/// The precache reports of a run (JSON `precache`: one per worker).
#[derive(Serialize)]
pub(crate) struct Precache<'a> {
    pub precache: &'a [PrecacheReport],
}

impl Payload for Precache<'_> {
    fn tables(&self) -> Vec<Section> {
        let rows: Vec<Vec<String>> = self
            .precache
            .iter()
            .flat_map(|p| {
                p.failures
                    .iter()
                    .chain(&p.previous_failures)
                    .take(LISTED)
                    .map(|f| {
                        vec![
                            f.url.clone(),
                            f.status
                                .map(|s| s.to_string())
                                .unwrap_or_else(|| "—".into()),
                            f.problem.clone().or(f.unknown.clone()).unwrap_or_default(),
                        ]
                    })
            })
            .collect();
        if rows.is_empty() {
            return Vec::new();
        }
        vec![Section {
            title: "Precache entries failing".into(),
            header: vec!["URL".into(), "HTTP".into(), "Problem".into()],
            rows,
        }]
    }
}
