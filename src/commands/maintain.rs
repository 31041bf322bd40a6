//! `maintain daily` (daily-cache-maintenance.sh) and `maintain weekly`
//! (weekly-cache-analysis.sh + optimize-cache-strategies.py), for cron: unattended, logged,
//! and acting only on figures it could read.

use serde::Serialize;
use serde_json::Value;

use crate::commands::{Ctx, fetch};
use crate::output::render::{number, path_of};
use crate::output::{Payload, Report, Section};
use crate::policy::figure::{Figure, Range, from_fetch, keys};
use crate::policy::maintain::{
    FailedItem, HitRate, Recommendation, daily as decide_daily, daily_plan, optimize, weekly_plan,
};
use crate::policy::thresholds::Limit;
use crate::policy::validate::cache_kpi_checks;
use crate::vocab::Endpoint;

pub(crate) async fn daily(ctx: &Ctx) -> anyhow::Result<Report> {
    let (client, printer) = (&ctx.client, &ctx.printer);
    let (metrics, cache_report, sync) = tokio::join!(
        fetch::json(client, printer, Endpoint::CacheMetrics),
        fetch::json(client, printer, Endpoint::CacheReport),
        fetch::json(client, printer, Endpoint::SyncStatus),
    );
    let thresholds = &ctx.settings.thresholds;
    let labels = [
        client.label(Endpoint::CacheMetrics),
        client.label(Endpoint::CacheReport),
        client.label(Endpoint::SyncStatus),
    ];
    let d = decide_daily(
        &metrics,
        &cache_report,
        &sync,
        [&labels[0], &labels[1], &labels[2]],
        thresholds,
    );

    let mut report = ctx.report("maintain daily");
    report.checks = d.checks.clone();
    let cleanup_limit = thresholds.limit(Limit::CleanupStoragePercent);
    let plan = daily_plan(&d, thresholds);
    let (actions, ()) = ctx.actor().execute(&plan.writes, async {}).await;
    report.actions.extend(actions);
    report.notes.extend(plan.notes);

    if let Some(Err(e)) = &d.failed_items {
        report.notes.push(format!(
            "the sync queue is above {}, but its failed items could not be read: {e}",
            number(thresholds.limit(Limit::FailedItemsQueueSize))
        ));
    }
    report.attach(&DailyReport {
        storage: DailyStorage {
            percentage: d.storage,
            cleanup_threshold: cleanup_limit,
            cleanup: d.cleanup,
        },
        hit_rates: d.hit_rates,
        sync: DailySync {
            queue_size: d.queue_size,
            failed_items: d.failed_items.and_then(|r| r.ok()),
            failed_items_limit: thresholds.limit(Limit::FailedItemsQueueSize),
        },
    });
    Ok(report)
}

/// What the daily run found (JSON `storage`, `hit_rates`, `sync`).
#[derive(Serialize)]
pub(crate) struct DailyReport {
    pub storage: DailyStorage,
    pub hit_rates: Vec<HitRate>,
    pub sync: DailySync,
}

#[derive(Serialize)]
pub(crate) struct DailyStorage {
    pub percentage: Figure,
    pub cleanup_threshold: f64,
    pub cleanup: bool,
}

#[derive(Serialize)]
pub(crate) struct DailySync {
    pub queue_size: Figure,
    /// Listed when the queue is above the limit and they could be read.
    pub failed_items: Option<Vec<FailedItem>>,
    #[serde(skip)]
    pub failed_items_limit: f64,
}

impl Payload for DailyReport {
    fn tables(&self) -> Vec<Section> {
        let mut tables = Vec::new();
        // Caches with a threshold are in the checks above; only the others are shown here,
        // so no hit rate is printed twice.
        let others: Vec<&HitRate> = self
            .hit_rates
            .iter()
            .filter(|h| h.target_percent.is_none() && h.critical_percent.is_none())
            .collect();
        if !others.is_empty() {
            tables.push(Section {
                title: "Hit rates without a threshold (from /api/cache-report)".into(),
                header: vec!["Cache".into(), "Hit rate".into()],
                rows: others
                    .iter()
                    .map(|h| {
                        vec![
                            h.cache.clone(),
                            h.ratio
                                .value()
                                .map(|r| format!("{} %", number(r * 100.0)))
                                .unwrap_or_else(|| "UNKNOWN".into()),
                        ]
                    })
                    .collect(),
            });
        }
        if let Some(items) = &self.sync.failed_items {
            tables.push(Section {
                title: format!(
                    "Failed sync items (queue {} above {})",
                    self.sync.queue_size.value().map(number).unwrap_or_default(),
                    number(self.sync.failed_items_limit)
                ),
                header: vec![
                    "Id".into(),
                    "Path".into(),
                    "Attempts".into(),
                    "Last error".into(),
                ],
                rows: items
                    .iter()
                    .map(|i| {
                        vec![
                            i.id.clone(),
                            path_of(&i.url).to_string(),
                            i.attempts.map(number).unwrap_or_else(|| "?".into()),
                            i.last_error.clone(),
                        ]
                    })
                    .collect(),
            });
        }
        tables
    }
}

pub(crate) async fn weekly(ctx: &Ctx, apply: bool) -> anyhow::Result<Report> {
    ctx.require_token("maintain weekly")?;
    let (client, printer) = (&ctx.client, &ctx.printer);
    let (metrics, analytics, config) = tokio::join!(
        fetch::json(client, printer, Endpoint::CacheMetrics),
        fetch::json(client, printer, Endpoint::UsageAnalytics),
        fetch::json(client, printer, Endpoint::CacheConfig),
    );
    let thresholds = &ctx.settings.thresholds;
    let mut report = ctx.report("maintain weekly");
    report.checks = cache_kpi_checks(&metrics, &client.label(Endpoint::CacheMetrics), thresholds);
    add_analytics(
        &mut report,
        &analytics,
        &client.label(Endpoint::UsageAnalytics),
    );
    let labels = [
        client.label(Endpoint::CacheMetrics),
        client.label(Endpoint::CacheConfig),
    ];
    let (recs, notes) = optimize(&metrics, &config, [&labels[0], &labels[1]], thresholds);
    report.notes.extend(notes);
    add_recommendations(&mut report, &recs);

    let any_read = metrics.is_ok() || analytics.is_ok() || config.is_ok();
    let plan = weekly_plan(
        &recs,
        apply,
        any_read,
        thresholds,
        &ctx.settings.env_label(),
        client.base_url().as_str(),
    );
    let actor = ctx.actor();
    // With --apply, asked once before anything is written: a refused run sends nothing at all.
    if let Err(why) = actor.confirm_plan(&plan) {
        report.actions.extend(actor.declined_plan(&plan, &why));
        return Ok(report);
    }
    report.actions.extend(actor.held(&plan));
    let (actions, ()) = actor.execute(&plan.writes, async {}).await;
    for a in actions {
        if a.method == "POST"
            && a.url == client.url(Endpoint::GenerateReport)
            && let Some(resp) = &a.response
        {
            report.attach(&GeneratedReport {
                weekly_report: resp,
            });
        }
        report.actions.push(a);
    }
    if any_read {
        report.notes.extend(plan.notes);
    }
    Ok(report)
}

fn add_recommendations(report: &mut Report, recs: &[Recommendation]) {
    report.attach(&Recommendations {
        recommendations: recs,
    });
}

/// The report the app generated (JSON `weekly_report`); the Actions table says it was made.
#[derive(Serialize)]
struct GeneratedReport<'a> {
    weekly_report: &'a Value,
}

impl Payload for GeneratedReport<'_> {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

/// The weekly TTL and cleanup recommendations (JSON `recommendations`).
#[derive(Serialize)]
struct Recommendations<'a> {
    recommendations: &'a [Recommendation],
}

impl Payload for Recommendations<'_> {
    fn tables(&self) -> Vec<Section> {
        vec![Section {
            title: "Recommended changes".into(),
            header: vec![
                "Cache".into(),
                "Field".into(),
                "Current → proposed".into(),
                "Reason".into(),
            ],
            rows: self
                .recommendations
                .iter()
                .map(|r| {
                    vec![
                        r.cache.clone().unwrap_or_else(|| "(all)".into()),
                        r.field.clone(),
                        r.change_text(),
                        r.reason.clone(),
                    ]
                })
                .collect(),
        }]
    }
}

fn add_analytics(report: &mut Report, analytics: &Result<Value, String>, label: &str) {
    if let Err(e) = analytics {
        report
            .notes
            .push(format!("usage analytics unavailable: {e}"));
    }
    report.attach(&UsageReport {
        usage_analytics: analytics.as_ref().ok(),
        label,
    });
}

/// The app's usage analytics as it answered (JSON `usage_analytics`, null when unread); the
/// table shows each cache's figures, UNKNOWN where one is missing or out of range.
#[derive(Serialize)]
struct UsageReport<'a> {
    usage_analytics: Option<&'a Value>,
    #[serde(skip)]
    label: &'a str,
}

impl Payload for UsageReport<'_> {
    fn tables(&self) -> Vec<Section> {
        let analytics = self.usage_analytics.cloned().ok_or_else(String::new);
        let caches = keys(&analytics, "caches");
        let fig = |cache: &str, field: &str, range| {
            from_fetch(
                &analytics,
                self.label,
                &format!("caches.{cache}.{field}"),
                range,
            )
            .value()
            .map(number)
            .unwrap_or_else(|| "UNKNOWN".into())
        };
        let period = self
            .usage_analytics
            .and_then(|d| d.get("period"))
            .and_then(Value::as_str)
            .unwrap_or("?");
        vec![Section {
            title: format!("Usage analytics ({period})"),
            header: vec![
                "Cache".into(),
                "Requests".into(),
                "Hit ratio".into(),
                "Avg age (s)".into(),
            ],
            rows: caches
                .iter()
                .map(|c| {
                    vec![
                        c.clone(),
                        fig(c, "requests", Range::NonNegative),
                        fig(c, "hit_ratio", Range::Ratio),
                        fig(c, "avg_age_seconds", Range::NonNegative),
                    ]
                })
                .collect(),
        }]
    }
}

/// `maintain daily` (its arguments are the cron ones).
pub(crate) struct Daily(pub crate::cli::CronArgs);

impl crate::driver::Runbook for Daily {
    fn name(&self) -> &'static str {
        "maintain daily"
    }
    fn cron(&self) -> Option<&crate::cli::CronArgs> {
        Some(&self.0)
    }
    async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
        daily(ctx).await
    }
}

impl crate::driver::Runbook for crate::cli::WeeklyArgs {
    fn name(&self) -> &'static str {
        "maintain weekly"
    }
    fn cron(&self) -> Option<&crate::cli::CronArgs> {
        Some(&self.cron)
    }
    async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
        weekly(ctx, self.apply).await
    }
}
