//! `maintain daily` (daily-cache-maintenance.sh) and `maintain weekly`
//! (weekly-cache-analysis.sh + optimize-cache-strategies.py), for cron: unattended, logged,
//! and acting only on figures it could read.

use serde_json::{Value, json};

use crate::api::Endpoint;
use crate::commands::{Ctx, fetch};
use crate::output::render::number;
use crate::output::{Report, Section};
use crate::policy::figure::{Range, from_fetch, keys};
use crate::policy::maintain::{
    Recommendation, daily as decide_daily, daily_plan, optimize, weekly_plan,
};
use crate::policy::thresholds::Limit;
use crate::policy::validate::cache_kpi_checks;

pub async fn daily(ctx: &Ctx) -> anyhow::Result<Report> {
    let (c, p) = (&ctx.client, &ctx.printer);
    let (metrics, cache_report, sync) = tokio::join!(
        fetch::json(c, p, Endpoint::CacheMetrics),
        fetch::json(c, p, Endpoint::CacheReport),
        fetch::json(c, p, Endpoint::SyncStatus),
    );
    let t = &ctx.settings.thresholds;
    let labels = [
        c.label(Endpoint::CacheMetrics),
        c.label(Endpoint::CacheReport),
        c.label(Endpoint::SyncStatus),
    ];
    let d = decide_daily(
        &metrics,
        &cache_report,
        &sync,
        [&labels[0], &labels[1], &labels[2]],
        t,
    );

    let mut report = ctx.report("maintain daily");
    report.checks = d.checks.clone();
    report.sections.push(Section {
        title: "Hit rates (from /api/cache-report)".into(),
        header: vec![
            "Cache".into(),
            "Hit rate".into(),
            "Target".into(),
            "Critical".into(),
        ],
        rows: d
            .hit_rates
            .iter()
            .map(|h| {
                vec![
                    h.cache.clone(),
                    // Shown on the same scale as its target and critical.
                    h.ratio
                        .value()
                        .map(|r| format!("{} %", number(r * 100.0)))
                        .unwrap_or_else(|| "UNKNOWN".into()),
                    h.target_percent
                        .map(|v| format!("≥ {} %", number(v)))
                        .unwrap_or_else(|| "—".into()),
                    h.critical_percent
                        .map(|v| format!("< {} %", number(v)))
                        .unwrap_or_else(|| "—".into()),
                ]
            })
            .collect(),
    });

    let cleanup_limit = t.limit(Limit::CleanupStoragePercent);
    let plan = daily_plan(&d, t);
    let (actions, ()) = ctx.actor().execute(&plan.writes, async {}).await;
    report.actions.extend(actions);
    report.notes.extend(plan.notes);

    if let Some(items) = &d.failed_items {
        let limit = t.limit(Limit::FailedItemsQueueSize);
        match items {
            Ok(items) => report.sections.push(Section {
                title: format!(
                    "Failed sync items (queue {} above {})",
                    d.queue_size.value().map(number).unwrap_or_default(),
                    number(limit)
                ),
                header: vec![
                    "Id".into(),
                    "URL".into(),
                    "Attempts".into(),
                    "Last error".into(),
                ],
                rows: items
                    .iter()
                    .map(|i| {
                        vec![
                            i.id.clone(),
                            i.url.clone(),
                            i.attempts.map(number).unwrap_or_else(|| "?".into()),
                            i.last_error.clone(),
                        ]
                    })
                    .collect(),
            }),
            Err(e) => report.notes.push(format!(
                "the sync queue is above {}, but its failed items could not be read: {e}",
                number(limit)
            )),
        }
    }

    report.set_data(
        "storage",
        json!({ "percentage": d.storage, "cleanup_threshold": cleanup_limit, "cleanup": d.cleanup }),
    );
    report.set_data("hit_rates", &d.hit_rates);
    report.set_data(
        "sync",
        json!({
            "queue_size": d.queue_size,
            "failed_items": d.failed_items.as_ref().and_then(|r| r.as_ref().ok()),
        }),
    );
    Ok(report)
}

pub async fn weekly(ctx: &Ctx, apply: bool) -> anyhow::Result<Report> {
    ctx.require_token("maintain weekly")?;
    let (c, p) = (&ctx.client, &ctx.printer);
    let (metrics, analytics, config) = tokio::join!(
        fetch::json(c, p, Endpoint::CacheMetrics),
        fetch::json(c, p, Endpoint::UsageAnalytics),
        fetch::json(c, p, Endpoint::CacheConfig),
    );
    let t = &ctx.settings.thresholds;
    let mut report = ctx.report("maintain weekly");
    report.checks = cache_kpi_checks(&metrics, &c.label(Endpoint::CacheMetrics), t);
    add_analytics(&mut report, &analytics, &c.label(Endpoint::UsageAnalytics));
    let labels = [
        c.label(Endpoint::CacheMetrics),
        c.label(Endpoint::CacheConfig),
    ];
    let (recs, notes) = optimize(&metrics, &config, [&labels[0], &labels[1]], t);
    report.notes.extend(notes);
    add_recommendations(&mut report, &recs);

    let any_read = metrics.is_ok() || analytics.is_ok() || config.is_ok();
    let plan = weekly_plan(
        &recs,
        apply,
        any_read,
        t,
        &ctx.settings.env_label(),
        c.base_url().as_str(),
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
            && a.url == c.url(Endpoint::GenerateReport)
            && let Some(resp) = &a.response
        {
            report.set_data("weekly_report", resp);
        }
        report.actions.push(a);
    }
    if any_read {
        report.notes.extend(plan.notes);
    }
    Ok(report)
}

fn add_recommendations(report: &mut Report, recs: &[Recommendation]) {
    report.sections.push(Section {
        title: "Recommended changes".into(),
        header: vec![
            "Cache".into(),
            "Field".into(),
            "Current → proposed".into(),
            "Unit".into(),
            "Reason".into(),
        ],
        rows: recs
            .iter()
            .map(|r| {
                vec![
                    r.cache.clone().unwrap_or_else(|| "(all)".into()),
                    r.field.clone(),
                    format!(
                        "{} → {}",
                        r.current.map(number).unwrap_or_else(|| "?".into()),
                        r.proposed.map(number).unwrap_or_else(|| "cleanup".into())
                    ),
                    r.unit.clone(),
                    r.reason.clone(),
                ]
            })
            .collect(),
    });
    report.set_data("recommendations", recs);
}

fn add_analytics(report: &mut Report, analytics: &Result<Value, String>, label: &str) {
    let caches = keys(analytics, "caches");
    if let Err(e) = analytics {
        report
            .notes
            .push(format!("usage analytics unavailable: {e}"));
    }
    let fig = |cache: &str, field: &str, range| {
        from_fetch(analytics, label, &format!("caches.{cache}.{field}"), range)
            .value()
            .map(number)
            .unwrap_or_else(|| "UNKNOWN".into())
    };
    let period = analytics
        .as_ref()
        .ok()
        .and_then(|d| d.get("period"))
        .and_then(Value::as_str)
        .unwrap_or("?");
    report.sections.push(Section {
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
    });
    report.set_data("usage_analytics", analytics.as_ref().ok());
}

/// `maintain daily` (its arguments are the cron ones).
pub struct Daily(pub crate::cli::CronArgs);

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
