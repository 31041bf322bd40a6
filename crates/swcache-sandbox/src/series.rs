//! The Prometheus series names `/metrics` serves: swcache's defaults (its
//! `policy::series::MetricNames::default()`), kept here so the sandbox does not depend on
//! swcache. swcache's tests check the two stay equal.

/// One name per KPI series, by what it measures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeriesNames {
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
    /// Gauge 0–1: the share of requests that failed (the headline error rate).
    pub error_ratio: String,
}

/// The names `/metrics` serves.
impl Default for SeriesNames {
    fn default() -> Self {
        SeriesNames {
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
