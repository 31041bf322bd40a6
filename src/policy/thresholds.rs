//! Every threshold swcache decides by: one set, with the guide's values as defaults, overridable
//! in the config file (and by a few flags). The guide wrote the same numbers in four places that
//! disagree; these tables are the one place now.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::policy::figure::Range;
use crate::vocab::Endpoint;

/// Which way is good for a KPI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Better {
    Higher,
    Lower,
}

/// The KPIs of the guide (shared/design/cli.md, "Decision defaults").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kpi {
    FeedCacheHitRate,
    CommunityCacheHitRate,
    MarketplaceCacheHitRate,
    CacheResponseTime,
    NetworkFallbackTime,
    StorageUtilization,
    EvictionRate,
    SyncProcessingTime,
    SyncSuccessRate,
    SyncRetryRate,
    SyncBacklog,
}

/// What a KPI is, where it is read, and its default band.
pub(crate) struct KpiDef {
    pub kpi: Kpi,
    /// Key in the config file's `[kpi]` table.
    pub key: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub better: Better,
    pub endpoint: Endpoint,
    /// Dotted field in the endpoint's JSON.
    pub field: &'static str,
    pub range: Range,
    /// Factor from the field's scale to the threshold's (a 0–1 ratio compared with percentages).
    pub scale: f64,
    pub target: f64,
    pub critical: f64,
}

use Better::{Higher, Lower};
use Endpoint::{CacheMetrics, SyncStatus};

pub(crate) const CACHE_KPIS: [Kpi; 7] = [
    Kpi::FeedCacheHitRate,
    Kpi::CommunityCacheHitRate,
    Kpi::MarketplaceCacheHitRate,
    Kpi::CacheResponseTime,
    Kpi::NetworkFallbackTime,
    Kpi::StorageUtilization,
    Kpi::EvictionRate,
];

pub(crate) const SYNC_KPIS: [Kpi; 4] = [
    Kpi::SyncProcessingTime,
    Kpi::SyncSuccessRate,
    Kpi::SyncRetryRate,
    Kpi::SyncBacklog,
];

pub(crate) const KPIS: [KpiDef; 11] = [
    kpi(
        Kpi::FeedCacheHitRate,
        "feed_cache_hit_rate",
        "feed-cache hit rate",
        "%",
        Higher,
        CacheMetrics,
        "hit_rates.feed-cache.ratio",
        Range::Ratio,
        100.0,
        85.0,
        70.0,
    ),
    kpi(
        Kpi::CommunityCacheHitRate,
        "community_cache_hit_rate",
        "community-cache hit rate",
        "%",
        Higher,
        CacheMetrics,
        "hit_rates.community-cache.ratio",
        Range::Ratio,
        100.0,
        80.0,
        65.0,
    ),
    kpi(
        Kpi::MarketplaceCacheHitRate,
        "marketplace_cache_hit_rate",
        "marketplace-cache hit rate",
        "%",
        Higher,
        CacheMetrics,
        "hit_rates.marketplace-cache.ratio",
        Range::Ratio,
        100.0,
        75.0,
        60.0,
    ),
    kpi(
        Kpi::CacheResponseTime,
        "cache_response_time_ms",
        "cache response time p95",
        "ms",
        Lower,
        CacheMetrics,
        "response_times_ms.cache_p95",
        Range::NonNegative,
        1.0,
        50.0,
        200.0,
    ),
    kpi(
        Kpi::NetworkFallbackTime,
        "network_fallback_time_ms",
        "network fallback p95",
        "ms",
        Lower,
        CacheMetrics,
        "response_times_ms.network_fallback_p95",
        Range::NonNegative,
        1.0,
        2000.0,
        5000.0,
    ),
    kpi(
        Kpi::StorageUtilization,
        "storage_utilization_percent",
        "storage utilization",
        "%",
        Lower,
        CacheMetrics,
        "storage.percentage",
        Range::Percent,
        1.0,
        80.0,
        95.0,
    ),
    kpi(
        Kpi::EvictionRate,
        "eviction_rate_percent_per_hour",
        "eviction rate",
        "%/h",
        Lower,
        CacheMetrics,
        "evictions.rate_percent_per_hour",
        Range::NonNegative,
        1.0,
        5.0,
        20.0,
    ),
    kpi(
        Kpi::SyncProcessingTime,
        "sync_processing_time_seconds",
        "sync queue processing p95",
        "s",
        Lower,
        SyncStatus,
        "processing_time_p95_seconds",
        Range::NonNegative,
        1.0,
        30.0,
        300.0,
    ),
    kpi(
        Kpi::SyncSuccessRate,
        "sync_success_rate_percent",
        "sync success rate",
        "%",
        Higher,
        SyncStatus,
        "success_rate",
        Range::Ratio,
        100.0,
        95.0,
        85.0,
    ),
    kpi(
        Kpi::SyncRetryRate,
        "sync_retry_rate_percent",
        "sync retry rate",
        "%",
        Lower,
        SyncStatus,
        "retry_rate",
        Range::Ratio,
        100.0,
        10.0,
        25.0,
    ),
    kpi(
        Kpi::SyncBacklog,
        "sync_backlog_items",
        "sync queue backlog",
        "items",
        Lower,
        SyncStatus,
        "queue_size",
        Range::NonNegative,
        1.0,
        100.0,
        1000.0,
    ),
];

#[allow(clippy::too_many_arguments)]
const fn kpi(
    kpi: Kpi,
    key: &'static str,
    label: &'static str,
    unit: &'static str,
    better: Better,
    endpoint: Endpoint,
    field: &'static str,
    range: Range,
    scale: f64,
    target: f64,
    critical: f64,
) -> KpiDef {
    KpiDef {
        kpi,
        key,
        label,
        unit,
        better,
        endpoint,
        field,
        range,
        scale,
        target,
        critical,
    }
}

impl Kpi {
    pub(crate) fn def(self) -> &'static KpiDef {
        KPIS.iter()
            .find(|d| d.kpi == self)
            .expect("every Kpi has a row in KPIS")
    }
}

/// Single-value thresholds of the runbooks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Limit {
    CleanupStoragePercent,
    FailedItemsQueueSize,
    MaxErrorRate,
    IncidentRollbackErrorRate,
    IncidentReduceErrorRate,
    IncidentReduceToPercent,
    OptimizeMinHitRatio,
    OptimizeTtlMs,
    OptimizeCleanupStoragePercent,
    AlertEvictionRatePerSecond,
    AlertNetworkFallbackRatePerSecond,
}

pub(crate) struct LimitDef {
    pub limit: Limit,
    /// Key in the config file's `[thresholds]` table.
    pub key: &'static str,
    pub unit: &'static str,
    pub range: Range,
    pub default: f64,
    pub help: &'static str,
}

pub(crate) const LIMITS: [LimitDef; 11] = [
    LimitDef {
        limit: Limit::CleanupStoragePercent,
        key: "cleanup_storage_percent",
        unit: "%",
        range: Range::Percent,
        default: 80.0,
        help: "maintain daily: cleanup when storage is above this",
    },
    LimitDef {
        limit: Limit::FailedItemsQueueSize,
        key: "failed_items_queue_size",
        unit: "items",
        range: Range::NonNegative,
        default: 500.0,
        help: "maintain daily: list failed sync items when the queue is above this",
    },
    LimitDef {
        limit: Limit::MaxErrorRate,
        key: "max_error_rate",
        unit: "%",
        range: Range::Percent,
        default: 5.0,
        help: "every command: the error rate is CRITICAL above this",
    },
    LimitDef {
        limit: Limit::IncidentRollbackErrorRate,
        key: "incident_rollback_error_rate",
        unit: "%",
        range: Range::Percent,
        default: 10.0,
        help: "incident error-rate: emergency rollback above this",
    },
    LimitDef {
        limit: Limit::IncidentReduceErrorRate,
        key: "incident_reduce_error_rate",
        unit: "%",
        range: Range::Percent,
        default: 5.0,
        help: "incident error-rate: cut the rollout above this",
    },
    LimitDef {
        limit: Limit::IncidentReduceToPercent,
        key: "incident_reduce_to_percent",
        unit: "%",
        range: Range::Percent,
        default: 25.0,
        help: "incident error-rate: cut the rollout to min(current, this)",
    },
    LimitDef {
        limit: Limit::OptimizeMinHitRatio,
        key: "optimize_min_hit_ratio",
        unit: "ratio",
        range: Range::Ratio,
        default: 0.7,
        help: "maintain weekly: recommend a longer TTL below this hit ratio",
    },
    LimitDef {
        limit: Limit::OptimizeTtlMs,
        key: "optimize_ttl_ms",
        unit: "ms",
        range: Range::NonNegative,
        default: 600000.0,
        help: "maintain weekly: the TTL recommended (never lowers a longer one)",
    },
    LimitDef {
        limit: Limit::OptimizeCleanupStoragePercent,
        key: "optimize_cleanup_storage_percent",
        unit: "%",
        range: Range::Percent,
        default: 80.0,
        help: "maintain weekly: recommend cleanup above this storage",
    },
    // The guide alerts on these counters' rates, in units its KPI table does not use; they
    // are kept as their own thresholds rather than forced onto a KPI's.
    LimitDef {
        limit: Limit::AlertEvictionRatePerSecond,
        key: "alert_eviction_rate_per_second",
        unit: "/s",
        range: Range::NonNegative,
        default: 0.2,
        help: "alerts: CacheEvictionRateHigh above this rate(cache_evictions_total[1h])",
    },
    LimitDef {
        limit: Limit::AlertNetworkFallbackRatePerSecond,
        key: "alert_network_fallback_rate_per_second",
        unit: "/s",
        range: Range::NonNegative,
        default: 0.3,
        help: "alerts: NetworkFallbackHigh above this rate(cache_network_fallback_total[5m])",
    },
];

impl Limit {
    pub(crate) fn def(self) -> &'static LimitDef {
        LIMITS
            .iter()
            .find(|d| d.limit == self)
            .expect("every Limit has a row in LIMITS")
    }
}

/// Where a value in force came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Source {
    Default,
    File,
    Env,
    Flag,
}

/// A KPI's target (past it: WARNING) and critical (past it: CRITICAL) bounds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub(crate) struct Band {
    pub target: f64,
    pub critical: f64,
}

/// The thresholds in force, with where each came from.
#[derive(Clone, Debug)]
pub(crate) struct Thresholds {
    bands: BTreeMap<Kpi, Band>,
    limits: BTreeMap<Limit, f64>,
    sources: BTreeMap<&'static str, Source>,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            bands: KPIS
                .iter()
                .map(|d| {
                    (
                        d.kpi,
                        Band {
                            target: d.target,
                            critical: d.critical,
                        },
                    )
                })
                .collect(),
            limits: LIMITS.iter().map(|d| (d.limit, d.default)).collect(),
            sources: BTreeMap::new(),
        }
    }
}

impl Thresholds {
    pub(crate) fn band(&self, kpi: Kpi) -> Band {
        self.bands[&kpi]
    }

    pub(crate) fn limit(&self, limit: Limit) -> f64 {
        self.limits[&limit]
    }

    /// Sets a KPI band; the caller has checked it with [`check_band`].
    pub(crate) fn set_band(&mut self, kpi: Kpi, band: Band, source: Source) {
        self.bands.insert(kpi, band);
        self.sources.insert(kpi.def().key, source);
    }

    /// Sets a limit; the caller has checked it with [`check_limit`].
    pub(crate) fn set_limit(&mut self, limit: Limit, value: f64, source: Source) {
        self.limits.insert(limit, value);
        self.sources.insert(limit.def().key, source);
    }

    pub(crate) fn source(&self, key: &str) -> Source {
        self.sources.get(key).copied().unwrap_or(Source::Default)
    }

    /// Every threshold in force, with its unit and where it came from.
    pub(crate) fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        for d in &KPIS {
            let band = self.band(d.kpi);
            let better = if d.better == Better::Higher {
                "higher is better"
            } else {
                "lower is better"
            };
            for (part, value) in [("target", band.target), ("critical", band.critical)] {
                out.push(Entry {
                    key: format!("kpi.{}.{part}", d.key),
                    value,
                    unit: d.unit,
                    source: self.source(d.key),
                    help: format!("{} {part} ({better})", d.label),
                });
            }
        }
        for d in &LIMITS {
            out.push(Entry {
                key: format!("thresholds.{}", d.key),
                value: self.limit(d.limit),
                unit: d.unit,
                source: self.source(d.key),
                help: d.help.to_string(),
            });
        }
        out
    }
}

/// One threshold as `thresholds show` lists it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Entry {
    pub key: String,
    pub value: f64,
    pub unit: &'static str,
    pub source: Source,
    pub help: String,
}

/// A KPI band must lie in its range and put critical beyond target in the bad direction.
pub(crate) fn check_band(kpi: Kpi, band: Band) -> Result<(), String> {
    let def = kpi.def();
    let range = if def.range == Range::Ratio {
        Range::Percent
    } else {
        def.range
    };
    for (name, v) in [("target", band.target), ("critical", band.critical)] {
        if !v.is_finite() || !range.admits(v) {
            return Err(format!("{name} {v} is out of range for {}", def.label));
        }
    }
    let ordered = match def.better {
        Better::Higher => band.critical <= band.target,
        Better::Lower => band.critical >= band.target,
    };
    if !ordered {
        let dir = if def.better == Better::Higher {
            "at or below"
        } else {
            "at or above"
        };
        return Err(format!(
            "critical ({}) must be {dir} target ({}) for {} ({} is better)",
            band.critical,
            band.target,
            def.label,
            if def.better == Better::Higher {
                "higher"
            } else {
                "lower"
            }
        ));
    }
    Ok(())
}

pub(crate) fn check_limit(limit: Limit, value: f64) -> Result<(), String> {
    let def = limit.def();
    if value.is_finite() && def.range.admits(value) {
        Ok(())
    } else {
        Err(format!("{} = {value} is out of range", def.key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_guides() {
        let t = Thresholds::default();
        assert_eq!(
            t.band(Kpi::FeedCacheHitRate),
            Band {
                target: 85.0,
                critical: 70.0
            }
        );
        assert_eq!(
            t.band(Kpi::NetworkFallbackTime),
            Band {
                target: 2000.0,
                critical: 5000.0
            }
        );
        assert_eq!(
            t.band(Kpi::SyncBacklog),
            Band {
                target: 100.0,
                critical: 1000.0
            }
        );
        assert_eq!(t.limit(Limit::MaxErrorRate), 5.0);
        assert_eq!(t.limit(Limit::IncidentRollbackErrorRate), 10.0);
        assert_eq!(t.limit(Limit::OptimizeTtlMs), 600000.0);
        assert_eq!(t.source("max_error_rate"), Source::Default);
    }

    #[test]
    fn every_default_band_is_valid_and_keys_are_unique() {
        let mut keys: Vec<&str> = KPIS
            .iter()
            .map(|d| d.key)
            .chain(LIMITS.iter().map(|d| d.key))
            .collect();
        for d in &KPIS {
            check_band(
                d.kpi,
                Band {
                    target: d.target,
                    critical: d.critical,
                },
            )
            .unwrap();
        }
        for d in &LIMITS {
            check_limit(d.limit, d.default).unwrap();
        }
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }

    #[test]
    fn band_order_is_enforced() {
        assert!(
            check_band(
                Kpi::FeedCacheHitRate,
                Band {
                    target: 70.0,
                    critical: 85.0
                }
            )
            .is_err()
        );
        assert!(
            check_band(
                Kpi::CacheResponseTime,
                Band {
                    target: 200.0,
                    critical: 50.0
                }
            )
            .is_err()
        );
        assert!(
            check_band(
                Kpi::FeedCacheHitRate,
                Band {
                    target: 120.0,
                    critical: 70.0
                }
            )
            .is_err()
        );
        assert!(
            check_band(
                Kpi::FeedCacheHitRate,
                Band {
                    target: 80.0,
                    critical: 80.0
                }
            )
            .is_ok()
        );
        assert!(check_limit(Limit::MaxErrorRate, 101.0).is_err());
        assert!(check_limit(Limit::OptimizeMinHitRatio, 0.5).is_ok());
    }
}
