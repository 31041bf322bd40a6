//! `swcache validate` (replaces validate-rollback.sh): the served worker's version, every cache
//! KPI, and the error rate against its threshold, all read concurrently.

use futures::future::join_all;

use crate::commands::{Ctx, analysis, fetch, precache};
use crate::vocab::Endpoint;
use serde::Serialize;

use crate::output::{Payload, Report, Section};
use crate::policy::analysis::AnalysisSettings;
use crate::policy::check::Check;
use crate::policy::clients::{Clients, ClientsSeen, line};
use crate::policy::served::browser_fetch_checks;
use crate::policy::thresholds::CACHE_KPIS;
use crate::policy::validate::{ServedWorker, sw_status_version, worker_checks};
use crate::vocab::Severity;

pub(crate) async fn run(ctx: &Ctx, precache: bool) -> anyhow::Result<Report> {
    let mut report = ctx.report("validate");
    match ctx.settings.analysis {
        Some(a) => analysed_into(ctx, &mut report, a, precache).await,
        None => checks_with(ctx, &mut report, precache).await,
    }
    Ok(report)
}

/// With `[analysis]`: the checks measured every interval; the report shows the last
/// measurement's figures, each measurement, and the run's outcome as a check of its own
/// (passed OK, failed CRITICAL, inconclusive UNKNOWN).
async fn analysed_into(ctx: &Ctx, report: &mut Report, a: AnalysisSettings, precache: bool) {
    let last = std::sync::Mutex::new(None::<Report>);
    let mut stop = ctx.cancel.subscribe();
    let printer = &ctx.printer;
    let run = analysis::run(
        &a,
        || async {
            let mut scratch = ctx.report("validate");
            checks_with(ctx, &mut scratch, precache).await;
            let checks = scratch.checks.clone();
            if let Ok(mut l) = last.lock() {
                *l = Some(scratch);
            }
            checks
        },
        &mut stop,
        |m, s| printer.info(analysis::progress_line(m, s, "")),
    )
    .await;
    if let Some(scratch) = last.into_inner().ok().flatten() {
        report.checks = scratch.checks;
        report.sections = scratch.sections;
        report.data = scratch.data;
    }
    run.add_to(report, "Analysis".into());
}

/// The validate checks, section and data added to `report` (also the last stage of
/// `rollback planned`).
pub(crate) async fn checks_into(ctx: &Ctx, report: &mut Report) {
    checks_with(ctx, report, false).await
}

/// [`checks_into`], and with `precache` every worker's precache manifest checked from the edge.
async fn checks_with(ctx: &Ctx, report: &mut Report, precache: bool) {
    let (client, printer) = (&ctx.client, &ctx.printer);
    let workers = join_all(
        ctx.settings
            .worker_paths
            .iter()
            .map(|path| fetch::worker(client, printer, path)),
    );
    // The KPIs and the error rate from the configured source; the worker from the app.
    let (kpis, error_rate, status, served) = tokio::join!(
        fetch::kpi_checks(ctx, &CACHE_KPIS),
        fetch::error_rate_check(ctx, Endpoint::ErrorMetrics),
        fetch::json(client, printer, Endpoint::SwStatus),
        workers,
    );

    let (clients, source) = fetch::clients(ctx, &status).await;
    let sw_version = sw_status_version(&status, &client.label(Endpoint::SwStatus));
    report.checks.extend(worker_checks(&sw_version, &served));
    let d = &ctx.settings.deploy;
    for w in &served {
        report
            .checks
            .extend(browser_fetch_checks(w, &d.scope, d.max_cache_age));
    }
    report.checks.extend(kpis);
    report.checks.push(error_rate);
    report.checks.extend(clients_check(&clients));
    if precache {
        let mut found = Vec::new();
        for w in &served {
            let (checks, p) = precache::checks(ctx, w, None).await;
            report.checks.extend(checks);
            found.push(p);
        }
        report.attach(&precache::Precache { precache: &found });
    }

    report.attach(&ValidateReport {
        worker: Worker {
            sw_status_version: sw_version.ok(),
            served,
        },
        clients: clients.seen(source),
    });
}

/// What clients run, as one line in the checks (none when nothing reports it: an app need
/// not). A distribution that is reported but not trusted is UNKNOWN, like any figure.
fn clients_check(clients: &Clients) -> Option<Check> {
    const NAME: &str = "clients by version";
    match clients {
        Clients::NotReported => None,
        // One row: the checks table's value column is 21 columns wide on 80 (the JSON has
        // every count).
        Clients::Known(m) => Some(Check::note(NAME, Severity::Ok, line(m, 20))),
        Clients::Unknown(why) => Some(Check::note(NAME, Severity::Unknown, why.clone())),
    }
}

/// What validate found beyond its checks (JSON `worker`).
#[derive(Serialize)]
pub(crate) struct ValidateReport {
    pub worker: Worker,
    /// What clients run, by version (`by_version` null when not reported or UNKNOWN).
    pub clients: ClientsSeen,
}

#[derive(Serialize)]
pub(crate) struct Worker {
    /// The version `/api/sw-status` reports; null when it could not be read.
    pub sw_status_version: Option<String>,
    pub served: Vec<ServedWorker>,
}

impl Payload for ValidateReport {
    fn tables(&self) -> Vec<Section> {
        vec![Section {
            title: "Served worker".into(),
            header: vec![
                "Path".into(),
                "Version".into(),
                "ETag".into(),
                "Last-Modified".into(),
            ],
            rows: self
                .worker
                .served
                .iter()
                .map(|w| {
                    vec![
                        w.path.clone(),
                        w.version.clone().unwrap_or_else(|| "?".into()),
                        w.etag.as_deref().map(short_etag).unwrap_or_default(),
                        w.last_modified
                            .as_deref()
                            .map(|t| crate::numbers::moment_text(t, std::time::SystemTime::now()))
                            .unwrap_or_default(),
                    ]
                })
                .collect(),
        }]
    }
}

/// A hash-long ETag cut to its first 12 characters, as the SHA-256 columns show hashes (the
/// JSON has it whole).
fn short_etag(etag: &str) -> String {
    let quoted = etag.trim_start_matches("W/").trim_matches('"');
    if quoted.chars().count() <= 16 {
        return etag.to_string();
    }
    let prefix = if etag.starts_with("W/") { "W/" } else { "" };
    format!(
        "{prefix}\"{}…\"",
        quoted.chars().take(12).collect::<String>()
    )
}

impl crate::driver::Runbook for crate::cli::ValidateArgs {
    fn name(&self) -> &'static str {
        "validate"
    }
    fn overrides(&self) -> crate::settings::Overrides {
        crate::settings::Overrides {
            thresholds: crate::settings::ThresholdFlags {
                max_error_rate: self.max_error_rate,
            },
            ..Default::default()
        }
    }
    /// Run by monitoring: public endpoints only.
    fn sends_token(&self) -> bool {
        false
    }
    fn lock(&self) -> crate::driver::Lock {
        crate::driver::Lock::None
    }
    fn watch(&self) -> Option<crate::driver::WatchOptions> {
        crate::driver::WatchOptions::from_args(&self.watch)
    }
    async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
        run(ctx, self.precache).await
    }
}
