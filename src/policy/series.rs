//! The app's Prometheus series, by what they measure, and the PromQL that reads each KPI from
//! them. Alert rules, the Grafana dashboard and deploy's `/metrics` check all use these names,
//! so a deployment whose app exports its own names maps them once (`[metrics]` in the config).

use crate::policy::thresholds::Kpi;

/// Series names. Defaults are the guide's, except its hit rate: the guide names a 0–1 gauge
/// `cache_hit_rate_total`, which Prometheus reads as a counter (promtool rejects it), so the
/// default is `cache_hit_ratio`; an app that exports the guide's name maps it back with
/// `hit_ratio = "cache_hit_rate_total"`. The guide names no series for the other KPIs; theirs
/// follow Prometheus conventions (base units, `_ratio` for 0–1).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct MetricNames {
    /// Gauge 0–1, one series per `cache_name`.
    pub hit_ratio: String,
    pub storage_utilization_percent: String,
    pub storage_used_bytes: String,
    pub storage_total_bytes: String,
    pub sync_queue_size: String,
    /// Counter.
    pub evictions_total: String,
    /// Counter.
    pub network_fallback_total: String,
    pub cache_response_p95_seconds: String,
    pub network_fallback_p95_seconds: String,
    /// Gauge 0–1: the share of entries evicted over the last hour.
    pub eviction_hourly_ratio: String,
    pub sync_processing_p95_seconds: String,
    pub sync_success_ratio: String,
    pub sync_retry_ratio: String,
    /// Gauge 0–1: the share of requests that failed over the app's error window (what
    /// `/api/error-metrics` reports as `error_rate`, a percentage).
    pub error_ratio: String,
}

impl Default for MetricNames {
    fn default() -> Self {
        MetricNames {
            hit_ratio: "cache_hit_ratio".into(),
            storage_utilization_percent: "cache_storage_utilization_percent".into(),
            storage_used_bytes: "cache_storage_used_bytes".into(),
            storage_total_bytes: "cache_storage_total_bytes".into(),
            sync_queue_size: "background_sync_queue_size".into(),
            evictions_total: "cache_evictions_total".into(),
            network_fallback_total: "cache_network_fallback_total".into(),
            cache_response_p95_seconds: "cache_response_time_p95_seconds".into(),
            network_fallback_p95_seconds: "cache_network_fallback_time_p95_seconds".into(),
            eviction_hourly_ratio: "cache_eviction_hourly_ratio".into(),
            sync_processing_p95_seconds: "background_sync_processing_time_p95_seconds".into(),
            sync_success_ratio: "background_sync_success_ratio".into(),
            sync_retry_ratio: "background_sync_retry_ratio".into(),
            error_ratio: "app_error_ratio".into(),
        }
    }
}

/// The label the hit-ratio series carry the cache's name in (the guide's).
pub(crate) const CACHE_LABEL: &str = "cache_name";

/// swcache's own series: when a cron run last succeeded, published in the textfile and to the
/// Pushgateway and watched by the staleness alert rules.
pub(crate) const LAST_SUCCESS: &str = "swcache_last_success_timestamp_seconds";

impl MetricNames {
    /// Every key of `[metrics]`, for the config's error messages and `config check`.
    pub(crate) const KEYS: [&'static str; 14] = [
        "hit_ratio",
        "storage_utilization_percent",
        "storage_used_bytes",
        "storage_total_bytes",
        "sync_queue_size",
        "evictions_total",
        "network_fallback_total",
        "cache_response_p95_seconds",
        "network_fallback_p95_seconds",
        "eviction_hourly_ratio",
        "sync_processing_p95_seconds",
        "sync_success_ratio",
        "sync_retry_ratio",
        "error_ratio",
    ];

    fn slot(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "hit_ratio" => &mut self.hit_ratio,
            "storage_utilization_percent" => &mut self.storage_utilization_percent,
            "storage_used_bytes" => &mut self.storage_used_bytes,
            "storage_total_bytes" => &mut self.storage_total_bytes,
            "sync_queue_size" => &mut self.sync_queue_size,
            "evictions_total" => &mut self.evictions_total,
            "network_fallback_total" => &mut self.network_fallback_total,
            "cache_response_p95_seconds" => &mut self.cache_response_p95_seconds,
            "network_fallback_p95_seconds" => &mut self.network_fallback_p95_seconds,
            "eviction_hourly_ratio" => &mut self.eviction_hourly_ratio,
            "sync_processing_p95_seconds" => &mut self.sync_processing_p95_seconds,
            "sync_success_ratio" => &mut self.sync_success_ratio,
            "sync_retry_ratio" => &mut self.sync_retry_ratio,
            "error_ratio" => &mut self.error_ratio,
            _ => return None,
        })
    }

    /// Maps one key to a series name; the error says what is wrong.
    pub(crate) fn set(&mut self, key: &str, name: &str) -> Result<(), String> {
        if !valid_name(name) {
            return Err(format!(
                "`{name}` is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)"
            ));
        }
        let slot = self.slot(key).ok_or_else(|| {
            format!(
                "unknown key `{key}` (known: {})",
                MetricNames::KEYS.join(", ")
            )
        })?;
        *slot = name.to_string();
        Ok(())
    }

    /// `(key, name)` pairs in `KEYS` order.
    #[cfg(test)]
    pub(crate) fn entries(&self) -> Vec<(&'static str, String)> {
        let mut copy = self.clone();
        MetricNames::KEYS
            .iter()
            .map(|k| (*k, copy.slot(k).map(|s| s.clone()).unwrap_or_default()))
            .collect()
    }

    /// The families `deploy` requires on `/metrics`: those the guide's dashboard and alerts use.
    pub(crate) fn required(&self) -> Vec<String> {
        vec![
            self.hit_ratio.clone(),
            self.storage_utilization_percent.clone(),
            self.sync_queue_size.clone(),
            self.evictions_total.clone(),
            self.network_fallback_total.clone(),
        ]
    }

    /// The hit-ratio series of one cache (`cache_hit_ratio{cache_name="feed-cache"}`).
    pub(crate) fn hit_ratio_of(&self, cache: &str) -> String {
        format!("{}{{{CACHE_LABEL}=\"{cache}\"}}", self.hit_ratio)
    }

    /// PromQL giving the KPI on its thresholds' scale (percent, ms, s, items), so a panel's
    /// thresholds are the config's numbers as they are.
    pub(crate) fn kpi_query(&self, kpi: Kpi) -> String {
        let cache = |c: &str| format!("{} * 100", self.hit_ratio_of(c));
        match kpi {
            Kpi::FeedCacheHitRate => cache("feed-cache"),
            Kpi::CommunityCacheHitRate => cache("community-cache"),
            Kpi::MarketplaceCacheHitRate => cache("marketplace-cache"),
            Kpi::CacheResponseTime => format!("{} * 1000", self.cache_response_p95_seconds),
            Kpi::NetworkFallbackTime => format!("{} * 1000", self.network_fallback_p95_seconds),
            Kpi::StorageUtilization => self.storage_utilization_percent.clone(),
            Kpi::EvictionRate => format!("{} * 100", self.eviction_hourly_ratio),
            Kpi::SyncProcessingTime => self.sync_processing_p95_seconds.clone(),
            Kpi::SyncSuccessRate => format!("{} * 100", self.sync_success_ratio),
            Kpi::SyncRetryRate => format!("{} * 100", self.sync_retry_ratio),
            Kpi::SyncBacklog => self.sync_queue_size.clone(),
        }
    }
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::thresholds::KPIS;

    #[test]
    fn names_map_and_queries_follow() {
        let mut m = MetricNames::default();
        assert_eq!(
            m.kpi_query(Kpi::FeedCacheHitRate),
            "cache_hit_ratio{cache_name=\"feed-cache\"} * 100"
        );
        m.set("hit_ratio", "cache_hit_rate_total").unwrap();
        assert_eq!(
            m.kpi_query(Kpi::MarketplaceCacheHitRate),
            "cache_hit_rate_total{cache_name=\"marketplace-cache\"} * 100"
        );
        assert!(m.required().contains(&"cache_hit_rate_total".to_string()));
        assert!(
            m.set("hit_ratio", "cache-hit")
                .unwrap_err()
                .contains("not a")
        );
        assert!(m.set("hit_rate", "x").unwrap_err().contains("unknown key"));
        assert_eq!(m.entries().len(), MetricNames::KEYS.len());
        // Every KPI has a query.
        for def in &KPIS {
            assert!(!m.kpi_query(def.kpi).is_empty());
        }
    }
}
