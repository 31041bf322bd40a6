//! The served-worker verification stage: rounds of reads of what is served, polled until they
//! pass or the deadline (CDNs lag), then the precache manifest once, from the edge.

use crate::api::Raw;
use crate::commands::precache::{self, PrecacheReport};
use crate::commands::{Ctx, fetch};
use crate::output::{Report, Section};
use crate::policy::check::Check;
use crate::policy::deploy::{
    cache_control_check, content_type_check, hash_check, metrics_check, reachable_check,
    release_check, sw_allowed_check, verified,
};
use crate::policy::pipeline::worker_release_check;
use crate::policy::served::fetch_check;
use crate::policy::validate::{ServedWorker, sw_status_version};
use crate::settings::DeploySettings;
use crate::vocab::Endpoint;
use crate::vocab::Severity;

/// What was read of the served worker in the last verification round.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub(super) struct WorkerSeen {
    path: String,
    served_sha256: Option<String>,
    local_sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    served_release: Option<String>,
    content_type: Option<String>,
    cache_control: Option<String>,
    service_worker_allowed: Option<String>,
    /// The `Location` the worker URL redirected to (browsers refuse it).
    #[serde(skip_serializing_if = "Option::is_none")]
    redirect: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Polls what is served until it verifies or the deadline passes.
pub(super) async fn verify(
    ctx: &Ctx,
    report: &mut Report,
    local_sha: &Result<String, String>,
    expected: Option<&str>,
    previous: Option<&str>,
) -> (bool, u32, WorkerSeen, PrecacheReport) {
    let deploy = &ctx.settings.deploy;
    let polled = crate::commands::poll::until(
        &ctx.cancel,
        deploy.verify_deadline,
        deploy.verify_interval,
        || verify_round(ctx, deploy, local_sha, expected),
        |(checks, _, _)| verified(checks),
        |(checks, _, _), round| {
            let pending: Vec<&str> = checks
                .iter()
                .filter(|c| c.status != Severity::Ok)
                .map(|c| c.name.as_str())
                .collect();
            ctx.printer.info(format!(
                "verify round {round}: not yet ({}); again in {}",
                pending.join(", "),
                crate::numbers::duration(deploy.verify_interval)
            ));
        },
    )
    .await;
    let rounds = polled.rounds;
    let (mut checks, seen, worker) = polled.last;
    // Once, on what the last round read: every entry is a request to the edge.
    let (precache_checks, precache) = precache::checks(ctx, &worker, previous).await;
    checks.extend(precache_checks);
    let passed = verified(&checks);
    report.checks.extend(checks);
    report.notes.push(if passed {
        format!("verified in {rounds} round(s)")
    } else {
        format!(
            "not verified after {rounds} round(s) within {}",
            crate::numbers::duration(deploy.verify_deadline)
        )
    });
    (passed, rounds, seen, precache)
}

/// One round of reads, concurrently, judged.
async fn verify_round(
    ctx: &Ctx,
    d: &DeploySettings,
    local_sha: &Result<String, String>,
    expected: Option<&str>,
) -> (Vec<Check>, WorkerSeen, ServedWorker) {
    let (client, printer) = (&ctx.client, &ctx.printer);
    printer.verbose(format!("GET {}", d.worker_path));
    let ok_status = |r: Result<Raw, crate::api::ApiError>| {
        r.map(|raw| format!("HTTP {}", raw.status.as_u16()))
            .map_err(|e| e.to_string())
    };
    let get_at = |location: String| async move {
        match client.locate(&location) {
            Ok(url) => client.get_url(url).await.map_err(|e| e.to_string()),
            Err(e) => Err(e),
        }
    };
    let (worker, health, status, metrics, mon_health, mon_metrics) = tokio::join!(
        fetch::worker(client, printer, &d.worker_path),
        client.get_raw(client.path(Endpoint::Health)),
        fetch::json(client, printer, Endpoint::SwStatus),
        fetch::json(client, printer, Endpoint::CacheMetrics),
        get_at(d.monitoring_health_url.clone()),
        get_at(d.metrics_url.clone()),
    );

    let (seen, mut checks) = worker_checks(d, &worker, local_sha, expected);
    checks.push(reachable_check(
        &format!("app health {}", client.label(Endpoint::Health)),
        &ok_status(health),
    ));
    checks.push(release_check(
        &sw_status_version(&status, &client.label(Endpoint::SwStatus)),
        expected,
    ));
    let metrics_read = metrics.and_then(|doc| {
        doc.as_object()
            .map(|o| format!("{} fields", o.len()))
            .ok_or_else(|| {
                format!(
                    "{}: not a JSON object",
                    client.label(Endpoint::CacheMetrics)
                )
            })
    });
    checks.push(reachable_check(
        &format!("cache metrics {}", client.label(Endpoint::CacheMetrics)),
        &metrics_read,
    ));
    checks.push(reachable_check(
        &format!("monitoring health {}", d.monitoring_health_url),
        &mon_health.map(|raw| format!("HTTP {}", raw.status.as_u16())),
    ));
    let metrics_text = mon_metrics.and_then(|raw| {
        String::from_utf8(raw.body).map_err(|_| format!("{}: not UTF-8 text", d.metrics_url))
    });
    checks.push(metrics_check(
        &d.metrics_url,
        &metrics_text,
        &ctx.settings.metrics.required(),
    ));
    (checks, seen, worker)
}

/// What was read of the served worker, and its checks: the fetch as a browser makes it, then
/// its bytes, release and headers (each UNKNOWN, with the reason, when it was not read).
fn worker_checks(
    d: &DeploySettings,
    worker: &ServedWorker,
    local_sha: &Result<String, String>,
    expected: Option<&str>,
) -> (WorkerSeen, Vec<Check>) {
    let mut seen = WorkerSeen {
        path: d.worker_path.clone(),
        local_sha256: local_sha.as_ref().ok().cloned(),
        ..Default::default()
    };
    let mut checks = Vec::new();
    seen.content_type = worker.content_type.clone();
    seen.cache_control = worker.cache_control.clone();
    seen.service_worker_allowed = worker.service_worker_allowed.clone();
    seen.served_release = worker.version.clone();
    seen.redirect = worker.redirect.clone();
    // The fetch as a browser makes it: a redirect is CRITICAL on its own.
    checks.push(fetch_check(worker));
    match (&worker.sha256, &worker.error) {
        (Some(served), None) => {
            seen.served_sha256 = Some(served.clone());
            checks.push(hash_check(&d.worker_path, &Ok(served.clone()), local_sha));
            checks.push(worker_release_check(
                "served",
                seen.served_release.as_deref(),
                expected,
                Severity::Critical,
            ));
            checks.push(content_type_check(seen.content_type.as_deref()));
            checks.push(cache_control_check(
                seen.cache_control.as_deref(),
                d.max_cache_age,
            ));
            checks.push(sw_allowed_check(
                &d.worker_path,
                &d.scope,
                seen.service_worker_allowed.as_deref(),
            ));
        }
        (_, e) => {
            let e = e.clone().unwrap_or_else(|| "not read".into());
            seen.error = Some(e.clone());
            checks.push(hash_check(&d.worker_path, &Err(e.clone()), local_sha));
            for name in [
                "served worker release",
                "worker Content-Type",
                "worker Cache-Control",
                "Service-Worker-Allowed",
            ] {
                checks.push(Check::note(name, Severity::Unknown, e.clone()));
            }
        }
    }
    (seen, checks)
}

pub(super) fn worker_section(w: &WorkerSeen) -> Section {
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    Section {
        title: format!("Served worker {}", w.path),
        header: vec!["Field".into(), "Value".into()],
        rows: vec![
            vec!["served sha256".into(), show(&w.served_sha256)],
            vec!["local sha256".into(), show(&w.local_sha256)],
            vec!["Content-Type".into(), show(&w.content_type)],
            vec!["Cache-Control".into(), show(&w.cache_control)],
            vec![
                "Service-Worker-Allowed".into(),
                show(&w.service_worker_allowed),
            ],
        ],
    }
}
