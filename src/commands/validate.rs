//! `swcache validate` (replaces validate-rollback.sh): the served worker's version, every cache
//! KPI, and the error rate against its threshold, all read concurrently.

use futures::future::join_all;

use crate::api::Endpoint;
use crate::commands::{Ctx, fetch};
use crate::output::{Report, Section};
use crate::policy::thresholds::CACHE_KPIS;
use crate::policy::validate::{sw_status_version, worker_checks};

pub async fn run(ctx: &Ctx) -> anyhow::Result<Report> {
    let mut report = ctx.report("validate");
    checks_into(ctx, &mut report).await;
    Ok(report)
}

/// The validate checks, section and data added to `report` (also the last stage of
/// `rollback planned`).
pub async fn checks_into(ctx: &Ctx, report: &mut Report) {
    let (c, p) = (&ctx.client, &ctx.printer);
    let workers = join_all(
        ctx.settings
            .worker_paths
            .iter()
            .map(|path| fetch::worker(c, p, path)),
    );
    // The KPIs and the error rate from the configured source; the worker from the app.
    let (kpis, error_rate, status, served) = tokio::join!(
        fetch::kpi_checks(ctx, &CACHE_KPIS),
        fetch::error_rate_check(ctx, Endpoint::ErrorMetrics),
        fetch::json(c, p, Endpoint::SwStatus),
        workers,
    );

    let sw_version = sw_status_version(&status, &c.label(Endpoint::SwStatus));
    report.checks.extend(worker_checks(&sw_version, &served));
    report.checks.extend(kpis);
    report.checks.push(error_rate);

    report.sections.push(Section {
        title: "Served worker".into(),
        header: vec![
            "Path".into(),
            "Version".into(),
            "ETag".into(),
            "Last-Modified".into(),
        ],
        rows: served
            .iter()
            .map(|w| {
                vec![
                    w.path.clone(),
                    w.version.clone().unwrap_or_else(|| "?".into()),
                    w.etag.clone().unwrap_or_default(),
                    w.last_modified.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    });
    report.set_data(
        "worker",
        serde_json::json!({ "sw_status_version": sw_version.as_ref().ok(), "served": served }),
    );
}
