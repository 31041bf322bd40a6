//! `maintain daily` and `maintain weekly`: what to check and what to change, from what was read.

use serde::Serialize;
use serde_json::{Value, json};

use crate::numbers::number;
use crate::policy::check::Check;
use crate::policy::figure::{Figure, Range, extract, from_fetch, keys};
use crate::policy::plan::{Confirm, Plan, PlannedWrite, ReadBack, merge_bodies};
use crate::policy::thresholds::{KPIS, Kpi, Limit, SYNC_KPIS, Thresholds};
use crate::policy::validate::{Fetched, kpi_checks};
use crate::vocab::Endpoint;

/// One cache's hit rate as reported, with its KPI band where the guide sets one.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct HitRate {
    pub cache: String,
    /// 0–1, `null` when UNKNOWN.
    pub ratio: Figure,
    pub target_percent: Option<f64>,
    pub critical_percent: Option<f64>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub(crate) struct FailedItem {
    pub id: String,
    pub url: String,
    pub attempts: Option<f64>,
    pub last_error: String,
}

/// What the daily run found and what it will do.
#[derive(Clone, Debug)]
pub(crate) struct Daily {
    pub checks: Vec<Check>,
    pub hit_rates: Vec<HitRate>,
    /// Storage is known and above the cleanup threshold.
    pub cleanup: bool,
    pub storage: Figure,
    pub queue_size: Figure,
    /// Listed when the queue is above the threshold; `Err` when they could not be read.
    pub failed_items: Option<Result<Vec<FailedItem>, String>>,
}

/// The cache whose hit rate a KPI judges (`feed-cache` for the feed KPI, …).
fn kpi_cache(kpi: Kpi) -> Option<&'static str> {
    let field = kpi.def().field;
    field
        .strip_prefix("hit_rates.")
        .and_then(|rest| rest.strip_suffix(".ratio"))
}

pub(crate) fn daily(
    metrics: &Fetched,
    report: &Fetched,
    sync: &Fetched,
    labels: [&str; 3],
    t: &Thresholds,
) -> Daily {
    let [metrics_label, report_label, sync_label] = labels;
    let hit_kpis: Vec<Kpi> = KPIS
        .iter()
        .filter(|d| kpi_cache(d.kpi).is_some())
        .map(|d| d.kpi)
        .collect();
    let mut checks = kpi_checks(&[Kpi::StorageUtilization], metrics, metrics_label, t);
    checks.extend(kpi_checks(&hit_kpis, report, report_label, t));
    checks.extend(kpi_checks(&SYNC_KPIS, sync, sync_label, t));

    let storage = from_fetch(
        metrics,
        metrics_label,
        Kpi::StorageUtilization.def().field,
        Range::Percent,
    );
    let cleanup = storage
        .value()
        .is_some_and(|s| s > t.limit(Limit::CleanupStoragePercent));

    let hit_rates = hit_rate_rows(report, report_label, t);

    let queue_size = from_fetch(sync, sync_label, "queue_size", Range::NonNegative);
    let failed_items = match (&queue_size, sync) {
        (Figure::Known(q), Ok(doc)) if *q > t.limit(Limit::FailedItemsQueueSize) => {
            Some(failed_items(doc, sync_label))
        }
        _ => None,
    };
    Daily {
        checks,
        hit_rates,
        cleanup,
        storage,
        queue_size,
        failed_items,
    }
}

fn hit_rate_rows(report: &Fetched, label: &str, t: &Thresholds) -> Vec<HitRate> {
    let mut names = keys(report, "hit_rates");
    // The caches the guide sets targets for are always listed, even when missing (UNKNOWN).
    for d in &KPIS {
        if let Some(c) = kpi_cache(d.kpi)
            && !names.iter().any(|n| n == c)
        {
            names.push(c.to_string());
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|cache| {
            let kpi = KPIS
                .iter()
                .find(|d| kpi_cache(d.kpi) == Some(cache.as_str()));
            let ratio = from_fetch(
                report,
                label,
                &format!("hit_rates.{cache}.ratio"),
                Range::Ratio,
            );
            HitRate {
                ratio,
                target_percent: kpi.map(|d| t.band(d.kpi).target),
                critical_percent: kpi.map(|d| t.band(d.kpi).critical),
                cache,
            }
        })
        .collect()
}

fn failed_items(doc: &Value, label: &str) -> Result<Vec<FailedItem>, String> {
    let items = doc
        .get("failed_items")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{label}: field `failed_items` is missing or not a list"))?;
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    Ok(items
        .iter()
        .map(|i| FailedItem {
            id: text(i.get("id")),
            url: text(i.get("url")),
            attempts: extract(i, label, "attempts", Range::NonNegative).value(),
            last_error: text(i.get("last_error")),
        })
        .collect())
}

/// One recommended change of the weekly optimizer.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub(crate) struct Recommendation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache: Option<String>,
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposed: Option<f64>,
    pub unit: String,
    pub reason: String,
    /// The write that applies it: `update-cache-config` body, or `None` for a cleanup.
    #[serde(skip)]
    pub config_body: Option<Value>,
}

impl Recommendation {
    /// `5 min → 10 min`, `85 % → 80 %`: the change as read, a TTL in its largest whole unit;
    /// `?` for a current figure not known, `cleanup` for a proposal that is one.
    pub(crate) fn change_text(&self) -> String {
        let figure = |v: f64| match self.unit.as_str() {
            "ms" => crate::numbers::period_ms(v.max(0.0) as u64),
            "" => number(v),
            unit => format!("{} {unit}", number(v)),
        };
        format!(
            "{} → {}",
            self.current.map(figure).unwrap_or_else(|| "?".into()),
            self.proposed
                .map(figure)
                .unwrap_or_else(|| "cleanup".into())
        )
    }
}

/// A cache's TTL in milliseconds, UNKNOWN when the figure cannot be milliseconds: under one
/// second (no cache keeps entries that briefly; `ttl: 300` is seconds), or the same number as
/// the cache's `maxAgeSeconds` next to it. Raising such a TTL "to 600000" would be a guess.
pub(crate) const MIN_PLAUSIBLE_TTL_MS: f64 = 1000.0;

fn ttl_ms(config: &Fetched, label: &str, cache: &str) -> Figure {
    let ttl = from_fetch(config, label, &format!("{cache}.ttl"), Range::NonNegative);
    let Figure::Known(v) = ttl else { return ttl };
    if v < MIN_PLAUSIBLE_TTL_MS {
        return Figure::Unknown(format!(
            "{label}: {cache}.ttl = {v} cannot be milliseconds (under 1 s; seconds?), so its unit is unknown"
        ));
    }
    let max_age = config
        .as_ref()
        .ok()
        .and_then(|d| d.get(cache))
        .and_then(|c| c.get("maxAgeSeconds"))
        .and_then(Value::as_f64);
    if max_age == Some(v) {
        return Figure::Unknown(format!(
            "{label}: {cache}.ttl = {v} equals its maxAgeSeconds, so it looks like seconds; its unit is unknown"
        ));
    }
    Figure::Known(v)
}

/// The weekly optimizer (optimize-cache-strategies.py), corrected: a low hit ratio raises the
/// TTL to the configured value but never lowers a longer one; an unreadable figure yields no
/// recommendation, only a note.
pub(crate) fn optimize(
    metrics: &Fetched,
    config: &Fetched,
    labels: [&str; 2],
    t: &Thresholds,
) -> (Vec<Recommendation>, Vec<String>) {
    let [metrics_label, config_label] = labels;
    let min_ratio = t.limit(Limit::OptimizeMinHitRatio);
    let ttl = t.limit(Limit::OptimizeTtlMs);
    let mut recs = Vec::new();
    let mut notes = Vec::new();
    if let Err(e) = metrics {
        notes.push(format!("no hit-rate recommendations: {e}"));
    }
    let caches = keys(metrics, "hit_rates");
    for cache in caches {
        let ratio = from_fetch(
            metrics,
            metrics_label,
            &format!("hit_rates.{cache}.ratio"),
            Range::Ratio,
        );
        let r = match ratio {
            Figure::Known(r) => r,
            Figure::Unknown(why) => {
                notes.push(format!(
                    "{cache}: no recommendation, hit ratio UNKNOWN ({why})"
                ));
                continue;
            }
        };
        if r >= min_ratio {
            continue;
        }
        let current = ttl_ms(config, config_label, &cache);
        match current {
            Figure::Unknown(why) => notes.push(format!("{cache}: hit ratio {r} is below {min_ratio}, but the current TTL is UNKNOWN ({why}); not changed")),
            Figure::Known(cur) if cur >= ttl => notes.push(format!("{cache}: hit ratio {r} is below {min_ratio}; its TTL ({}) is already at least {}, so it is not lowered", crate::numbers::period_ms(cur.max(0.0) as u64), crate::numbers::period_ms(ttl.max(0.0) as u64))),
            Figure::Known(cur) => recs.push(Recommendation {
                cache: Some(cache.clone()),
                field: "ttl".into(),
                current: Some(cur),
                proposed: Some(ttl),
                unit: "ms".into(),
                reason: format!("hit ratio {r} below {min_ratio}: a longer TTL keeps entries cached"),
                config_body: Some(json!({ cache: { "ttl": ttl as u64 } })),
            }),
        }
    }
    let storage = from_fetch(metrics, metrics_label, "storage.percentage", Range::Percent);
    let limit = t.limit(Limit::OptimizeCleanupStoragePercent);
    match storage {
        Figure::Known(s) if s > limit => recs.push(Recommendation {
            cache: None,
            field: "cleanup".into(),
            current: Some(s),
            proposed: None,
            unit: "%".into(),
            reason: format!("storage {s} % above {limit} %: run a cache cleanup"),
            config_body: None,
        }),
        Figure::Known(_) => {}
        Figure::Unknown(why) => notes.push(format!("no storage recommendation: {why}")),
    }
    (recs, notes)
}

/// The daily plan (daily-cache-maintenance.sh): a cleanup when storage is known and above the
/// threshold, confirmed by storage reading below it; safe, so not asked.
pub(crate) fn daily_plan(d: &Daily, t: &Thresholds) -> Plan {
    let limit = t.limit(Limit::CleanupStoragePercent);
    let mut plan = Plan {
        checks: d.checks.clone(),
        ..Plan::default()
    };
    match &d.storage {
        Figure::Known(_) if d.cleanup => plan.writes.push(PlannedWrite {
            name: format!("cache cleanup (storage above {} %)", number(limit)),
            endpoint: Endpoint::CacheCleanup,
            body: None,
            says: "cache cleanup".into(),
            readback: ReadBack::StorageBelow(limit),
        }),
        Figure::Known(s) => plan.notes.push(format!(
            "storage {} % is not above {} %: no cleanup",
            number(*s),
            number(limit)
        )),
        Figure::Unknown(_) => plan
            .notes
            .push("storage is UNKNOWN: no cleanup sent; check /api/cache-metrics by hand".into()),
    }
    plan
}

/// The weekly plan: the app's weekly report (held back when no read succeeded: the app is down
/// or unreachable, and asking it for a report only adds a second failure to the first); with
/// `apply`, the recommendations too — every cache change in one `update-cache-config` body,
/// the cleanup beside it — asked once. `env` and `url` say where, for the question.
pub(crate) fn weekly_plan(
    recs: &[Recommendation],
    apply: bool,
    any_read: bool,
    t: &Thresholds,
    env: &str,
    url: &str,
) -> Plan {
    let mut plan = Plan::default();
    let report = PlannedWrite {
        name: "generate weekly report".into(),
        endpoint: Endpoint::GenerateReport,
        body: Some(json!({"type": "weekly", "metrics": ["cache", "sync", "storage"]})),
        says: "generate the weekly report".into(),
        readback: ReadBack::AnswerOnly,
    };
    let apply = apply && !recs.is_empty();
    let mut changes = Vec::new();
    if apply {
        let (config, cleanup): (Vec<_>, Vec<_>) =
            recs.iter().partition(|r| r.config_body.is_some());
        if !config.is_empty() {
            let mut body = Value::Object(Default::default());
            for r in &config {
                merge_bodies(&mut body, r.config_body.as_ref().unwrap_or(&Value::Null));
            }
            let what = config
                .iter()
                .map(|r| {
                    format!(
                        "{} {}: {}",
                        r.cache.as_deref().unwrap_or(""),
                        r.field,
                        r.change_text()
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            changes.push(PlannedWrite {
                name: what.clone(),
                endpoint: Endpoint::UpdateCacheConfig,
                body: Some(body.clone()),
                says: what,
                readback: ReadBack::CacheConfig(body),
            });
        }
        if !cleanup.is_empty() {
            let limit = t.limit(Limit::OptimizeCleanupStoragePercent);
            changes.push(PlannedWrite {
                name: "cache cleanup (storage recommendation)".into(),
                endpoint: Endpoint::CacheCleanup,
                body: None,
                says: format!("cache cleanup (storage above {} %)", number(limit)),
                readback: ReadBack::StorageBelow(limit),
            });
        }
        plan.confirm = Some(Confirm {
            evidence: vec![format!("Changes to {env} ({url}):")],
            then: Vec::new(),
            question: format!("Apply {} cache change(s) to {env}?", recs.len()),
            lowering: false,
        });
    }
    if any_read {
        plan.writes.push(report);
    } else {
        plan.held
            .push((report, "not sent: none of the reads succeeded".into()));
    }
    plan.writes.extend(changes);
    if recs.is_empty() {
        plan.notes.push("no changes recommended".into());
    } else if !apply {
        plan.notes.push(format!(
            "{} change(s) recommended; nothing applied (run with --apply to apply them)",
            recs.len()
        ));
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Severity;

    const L3: [&str; 3] = [
        "GET /api/cache-metrics",
        "GET /api/cache-report",
        "GET /api/sync-status",
    ];
    const L2: [&str; 2] = ["GET /api/cache-metrics", "GET /api/admin/cache-config"];

    fn metrics(storage: Value) -> Fetched {
        Ok(json!({"storage": {"percentage": storage}, "hit_rates": {
            "feed-cache": {"ratio": 0.91}, "images-cache": {"ratio": 0.5}}}))
    }
    fn report() -> Fetched {
        Ok(
            json!({"hit_rates": {"feed-cache": {"ratio": 0.91}, "community-cache": {"ratio": 0.82},
            "marketplace-cache": {"ratio": 0.77}, "images-cache": {"ratio": 0.5}}}),
        )
    }
    fn sync(queue: Value) -> Fetched {
        Ok(
            json!({"queue_size": queue, "processing_time_p95_seconds": 12, "success_rate": 0.97, "retry_rate": 0.04,
            "failed_items": [{"id": "q-1", "url": "/api/posts", "attempts": 5, "last_error": "503"}]}),
        )
    }

    #[test]
    fn cleanup_threshold_both_sides() {
        let t = Thresholds::default();
        for (storage, cleanup) in [
            (json!(80.0), false),
            (json!(80.1), true),
            (json!(62.5), false),
            (json!(97), true),
        ] {
            let d = daily(
                &metrics(storage.clone()),
                &report(),
                &sync(json!(42)),
                L3,
                &t,
            );
            assert_eq!(d.cleanup, cleanup, "{storage}");
        }
    }

    #[test]
    fn unknown_storage_never_cleans() {
        let t = Thresholds::default();
        for bad in [json!(null), json!("85"), json!(180), json!(-1)] {
            let d = daily(&metrics(bad.clone()), &report(), &sync(json!(42)), L3, &t);
            assert!(!d.cleanup, "{bad}");
            assert_eq!(d.checks[0].status, Severity::Unknown);
        }
        let failed: Fetched = Err("GET /api/cache-metrics: HTTP 500".into());
        assert!(!daily(&failed, &report(), &sync(json!(42)), L3, &t).cleanup);
    }

    #[test]
    fn failed_items_listed_above_500_only() {
        let t = Thresholds::default();
        assert!(
            daily(&metrics(json!(50)), &report(), &sync(json!(500)), L3, &t)
                .failed_items
                .is_none()
        );
        let d = daily(&metrics(json!(50)), &report(), &sync(json!(501)), L3, &t);
        let items = d.failed_items.unwrap().unwrap();
        assert_eq!(items[0].id, "q-1");
        assert_eq!(items[0].attempts, Some(5.0));
        let d = daily(&metrics(json!(50)), &report(), &sync(json!(null)), L3, &t);
        assert!(d.failed_items.is_none());
        assert_eq!(
            d.queue_size,
            Figure::Unknown("GET /api/sync-status: field `queue_size` is null".into())
        );
        assert!(
            d.checks
                .iter()
                .any(|c| c.name == "sync queue backlog" && c.status == Severity::Unknown)
        );
    }

    #[test]
    fn hit_rate_rows_cover_kpi_caches() {
        let d = daily(
            &metrics(json!(50)),
            &report(),
            &sync(json!(42)),
            L3,
            &Thresholds::default(),
        );
        let names: Vec<&str> = d.hit_rates.iter().map(|h| h.cache.as_str()).collect();
        assert_eq!(
            names,
            [
                "community-cache",
                "feed-cache",
                "images-cache",
                "marketplace-cache"
            ]
        );
        let images = &d.hit_rates[2];
        assert_eq!(
            (images.target_percent, images.critical_percent),
            (None, None)
        );
        assert_eq!(d.hit_rates[1].target_percent, Some(85.0));
    }

    fn config(ttl: Value) -> Fetched {
        Ok(json!({"images-cache": {"ttl": ttl}, "feed-cache": {"ttl": 300000}}))
    }

    #[test]
    fn optimizer_raises_low_ratio_ttl_only() {
        let t = Thresholds::default();
        let (recs, _) = optimize(&metrics(json!(50)), &config(json!(300000)), L2, &t);
        assert_eq!(recs.len(), 1, "feed-cache at 0.91 is left alone");
        assert_eq!(recs[0].cache.as_deref(), Some("images-cache"));
        assert_eq!(
            (recs[0].current, recs[0].proposed),
            (Some(300000.0), Some(600000.0))
        );
        assert_eq!(
            recs[0].config_body,
            Some(json!({"images-cache": {"ttl": 600000}}))
        );
    }

    #[test]
    fn optimizer_never_lowers_a_ttl() {
        let t = Thresholds::default();
        for ttl in [json!(600000), json!(900000)] {
            let (recs, notes) = optimize(&metrics(json!(50)), &config(ttl.clone()), L2, &t);
            assert!(recs.is_empty(), "{ttl}");
            assert!(notes[0].contains("not lowered"));
        }
        let (recs, notes) = optimize(&metrics(json!(50)), &config(json!(null)), L2, &t);
        assert!(recs.is_empty());
        assert!(notes[0].contains("UNKNOWN"));
    }

    #[test]
    fn optimizer_leaves_a_ttl_of_implausible_unit_alone() {
        let t = Thresholds::default();
        // (images-cache config, why it is not milliseconds)
        let cases = [
            (json!({"ttl": 300, "maxAgeSeconds": 300}), "under 1 s"),
            (json!({"ttl": 999}), "under 1 s"),
            (json!({"ttl": 3600, "maxAgeSeconds": 3600}), "maxAgeSeconds"),
        ];
        for (images, why) in cases {
            let cfg: Fetched = Ok(json!({"images-cache": images, "feed-cache": {"ttl": 300000}}));
            let (recs, notes) = optimize(&metrics(json!(50)), &cfg, L2, &t);
            assert!(recs.is_empty(), "{images}: {recs:?}");
            assert!(
                notes[0].contains("UNKNOWN") && notes[0].contains(why),
                "{images}: {notes:?}"
            );
        }
        let cfg: Fetched = Ok(json!({"images-cache": {"ttl": 3600, "maxAgeSeconds": 300}}));
        let (recs, _) = optimize(&metrics(json!(50)), &cfg, L2, &t);
        assert_eq!(
            recs.len(),
            1,
            "3600 ms next to a different maxAgeSeconds is plausible"
        );
    }

    #[test]
    fn optimizer_cleanup_above_80() {
        let t = Thresholds::default();
        let (recs, _) = optimize(&metrics(json!(85)), &config(json!(900000)), L2, &t);
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].field, "cleanup");
        let (recs, _) = optimize(&metrics(json!(80)), &config(json!(900000)), L2, &t);
        assert!(recs.is_empty());
    }

    fn ttl_rec(cache: &str) -> Recommendation {
        Recommendation {
            cache: Some(cache.into()),
            field: "ttl".into(),
            current: Some(300000.0),
            proposed: Some(600000.0),
            unit: "ms".into(),
            reason: "low".into(),
            config_body: Some(json!({ cache: { "ttl": 600000 } })),
        }
    }

    fn cleanup_rec() -> Recommendation {
        Recommendation {
            cache: None,
            field: "cleanup".into(),
            current: Some(85.0),
            proposed: None,
            unit: "%".into(),
            reason: "full".into(),
            config_body: None,
        }
    }

    #[test]
    fn weekly_plan_table() {
        use crate::vocab::Endpoint as E;
        let t = Thresholds::default();
        let two = vec![
            ttl_rec("images-cache"),
            ttl_rec("feed-cache"),
            cleanup_rec(),
        ];
        // (recommendations, --apply, any read succeeded, writes sent, held, asked)
        type Case = (Vec<Recommendation>, bool, bool, Vec<E>, usize, bool);
        let cases: Vec<Case> = vec![
            (vec![], false, true, vec![E::GenerateReport], 0, false),
            (vec![], true, true, vec![E::GenerateReport], 0, false),
            (two.clone(), false, true, vec![E::GenerateReport], 0, false),
            (
                two.clone(),
                true,
                true,
                vec![E::GenerateReport, E::UpdateCacheConfig, E::CacheCleanup],
                0,
                true,
            ),
            (
                vec![ttl_rec("images-cache")],
                true,
                true,
                vec![E::GenerateReport, E::UpdateCacheConfig],
                0,
                true,
            ),
            (
                vec![cleanup_rec()],
                true,
                true,
                vec![E::GenerateReport, E::CacheCleanup],
                0,
                true,
            ),
            (vec![], false, false, vec![], 1, false),
        ];
        for (recs, apply, any_read, want, held, asked) in cases {
            let p = weekly_plan(&recs, apply, any_read, &t, "production", "https://app/");
            let got: Vec<E> = p.writes.iter().map(|w| w.endpoint).collect();
            assert_eq!(got, want, "{recs:?} apply={apply}");
            assert_eq!(p.held.len(), held);
            assert_eq!(p.confirm.is_some(), asked);
            assert!(
                !p.has_racing_writes(),
                "one update-cache-config carries every cache"
            );
        }
        let p = weekly_plan(&two, true, true, &t, "production", "https://app/");
        let body = json!({"images-cache": {"ttl": 600000}, "feed-cache": {"ttl": 600000}});
        assert_eq!(p.writes[1].body, Some(body.clone()));
        assert_eq!(p.writes[1].readback, ReadBack::CacheConfig(body));
        assert_eq!(p.writes[2].readback, ReadBack::StorageBelow(80.0));
        assert_eq!(
            p.confirm.unwrap().question,
            "Apply 3 cache change(s) to production?"
        );
    }

    #[test]
    fn daily_plan_cleans_only_above_the_threshold_and_reads_storage_back() {
        let t = Thresholds::default();
        // (storage, cleanup sent)
        for (storage, cleans) in [
            (json!(80.0), false),
            (json!(80.1), true),
            (json!(null), false),
            (json!("85"), false),
        ] {
            let d = daily(
                &metrics(storage.clone()),
                &report(),
                &sync(json!(42)),
                L3,
                &t,
            );
            let p = daily_plan(&d, &t);
            assert_eq!(p.writes.len(), usize::from(cleans), "{storage}");
            assert_eq!(
                p.notes.len(),
                usize::from(!cleans),
                "{storage}: says why not"
            );
            assert!(p.confirm.is_none(), "a cleanup is not asked");
            if cleans {
                assert_eq!(p.writes[0].readback, ReadBack::StorageBelow(80.0));
            }
        }
    }
}
