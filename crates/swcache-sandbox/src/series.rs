//! The Prometheus series names `/metrics` serves: swcache's defaults (its
//! `policy::series::MetricNames::default()`), kept here so the sandbox does not depend on
//! swcache. swcache's tests check the two stay equal.

/// One name per KPI series, by what it measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeriesNames {
    /// Gauge 0–1, one series per `cache_name`.
    pub hit_ratio: &'static str,
    pub storage_utilization_percent: &'static str,
    pub storage_used_bytes: &'static str,
    pub storage_total_bytes: &'static str,
    pub sync_queue_size: &'static str,
    /// Counter.
    pub evictions_total: &'static str,
    /// Counter.
    pub network_fallback_total: &'static str,
    pub cache_response_p95_seconds: &'static str,
    pub network_fallback_p95_seconds: &'static str,
    /// Gauge 0–1: the share of entries evicted over the last hour.
    pub eviction_hourly_ratio: &'static str,
    pub sync_processing_p95_seconds: &'static str,
    pub sync_success_ratio: &'static str,
    pub sync_retry_ratio: &'static str,
}

/// The names `/metrics` serves.
pub const SERIES: SeriesNames = SeriesNames {
    hit_ratio: "cache_hit_ratio",
    storage_utilization_percent: "cache_storage_utilization_percent",
    storage_used_bytes: "cache_storage_used_bytes",
    storage_total_bytes: "cache_storage_total_bytes",
    sync_queue_size: "background_sync_queue_size",
    evictions_total: "cache_evictions_total",
    network_fallback_total: "cache_network_fallback_total",
    cache_response_p95_seconds: "cache_response_time_p95_seconds",
    network_fallback_p95_seconds: "cache_network_fallback_time_p95_seconds",
    eviction_hourly_ratio: "cache_eviction_hourly_ratio",
    sync_processing_p95_seconds: "background_sync_processing_time_p95_seconds",
    sync_success_ratio: "background_sync_success_ratio",
    sync_retry_ratio: "background_sync_retry_ratio",
};
