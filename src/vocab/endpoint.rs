//! The endpoints of the app's admin API (shared/design/admin-api.md).

use std::collections::BTreeMap;

use reqwest::Method;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Endpoint {
    Health,
    SwStatus,
    CacheMetrics,
    CacheReport,
    SyncStatus,
    ErrorMetrics,
    ErrorDetails,
    CacheDiagnostics,
    StorageBreakdown,
    LargeCacheEntries,
    UsageAnalytics,
    FeatureFlags,
    CacheConfig,
    SetFeatureFlags,
    ClearSwCache,
    CacheCleanup,
    EmergencyCleanup,
    UpdateCacheLimits,
    UpdateCacheConfig,
    GenerateReport,
}

impl Endpoint {
    pub(crate) const ALL: [Endpoint; 20] = [
        Endpoint::Health,
        Endpoint::SwStatus,
        Endpoint::CacheMetrics,
        Endpoint::CacheReport,
        Endpoint::SyncStatus,
        Endpoint::ErrorMetrics,
        Endpoint::ErrorDetails,
        Endpoint::CacheDiagnostics,
        Endpoint::StorageBreakdown,
        Endpoint::LargeCacheEntries,
        Endpoint::UsageAnalytics,
        Endpoint::FeatureFlags,
        Endpoint::CacheConfig,
        Endpoint::SetFeatureFlags,
        Endpoint::ClearSwCache,
        Endpoint::CacheCleanup,
        Endpoint::EmergencyCleanup,
        Endpoint::UpdateCacheLimits,
        Endpoint::UpdateCacheConfig,
        Endpoint::GenerateReport,
    ];

    /// Key of the path override in the config file's `[paths]` table. The flag's read and write
    /// share one path, so they share one key.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Endpoint::Health => "health",
            Endpoint::SwStatus => "sw_status",
            Endpoint::CacheMetrics => "cache_metrics",
            Endpoint::CacheReport => "cache_report",
            Endpoint::SyncStatus => "sync_status",
            Endpoint::ErrorMetrics => "error_metrics",
            Endpoint::ErrorDetails => "error_details",
            Endpoint::CacheDiagnostics => "cache_diagnostics",
            Endpoint::StorageBreakdown => "storage_breakdown",
            Endpoint::LargeCacheEntries => "large_cache_entries",
            Endpoint::UsageAnalytics => "usage_analytics",
            Endpoint::FeatureFlags | Endpoint::SetFeatureFlags => "feature_flags",
            Endpoint::CacheConfig => "cache_config",
            Endpoint::ClearSwCache => "clear_sw_cache",
            Endpoint::CacheCleanup => "cache_cleanup",
            Endpoint::EmergencyCleanup => "emergency_cleanup",
            Endpoint::UpdateCacheLimits => "update_cache_limits",
            Endpoint::UpdateCacheConfig => "update_cache_config",
            Endpoint::GenerateReport => "generate_report",
        }
    }

    pub(crate) fn default_path(self) -> &'static str {
        match self {
            Endpoint::Health => "/api/health",
            Endpoint::SwStatus => "/api/sw-status",
            Endpoint::CacheMetrics => "/api/cache-metrics",
            Endpoint::CacheReport => "/api/cache-report",
            Endpoint::SyncStatus => "/api/sync-status",
            Endpoint::ErrorMetrics => "/api/error-metrics",
            Endpoint::ErrorDetails => "/api/error-details",
            Endpoint::CacheDiagnostics => "/api/cache-diagnostics",
            Endpoint::StorageBreakdown => "/api/storage-breakdown",
            Endpoint::LargeCacheEntries => "/api/large-cache-entries",
            Endpoint::UsageAnalytics => "/api/usage-analytics",
            Endpoint::FeatureFlags | Endpoint::SetFeatureFlags => "/api/admin/feature-flags",
            Endpoint::CacheConfig => "/api/admin/cache-config",
            Endpoint::ClearSwCache => "/api/admin/clear-sw-cache",
            Endpoint::CacheCleanup => "/api/admin/cache-cleanup",
            Endpoint::EmergencyCleanup => "/api/admin/emergency-cleanup",
            Endpoint::UpdateCacheLimits => "/api/admin/update-cache-limits",
            Endpoint::UpdateCacheConfig => "/api/admin/update-cache-config",
            Endpoint::GenerateReport => "/api/admin/generate-report",
        }
    }

    pub(crate) fn method(self) -> Method {
        if self.is_write() {
            Method::POST
        } else {
            Method::GET
        }
    }

    pub(crate) fn is_write(self) -> bool {
        matches!(
            self,
            Endpoint::SetFeatureFlags
                | Endpoint::ClearSwCache
                | Endpoint::CacheCleanup
                | Endpoint::EmergencyCleanup
                | Endpoint::UpdateCacheLimits
                | Endpoint::UpdateCacheConfig
                | Endpoint::GenerateReport
        )
    }

    /// Admin endpoints carry the bearer token (whatever path the config gives them).
    pub(crate) fn needs_token(self) -> bool {
        self.default_path().starts_with("/api/admin/")
    }

    /// Sending it twice has the effect of sending it once, so a lost answer may be retried.
    /// Cleanups, cache clears and report generation are not: they are never retried blind.
    pub(crate) fn is_idempotent(self) -> bool {
        !self.is_write()
            || matches!(
                self,
                Endpoint::SetFeatureFlags
                    | Endpoint::UpdateCacheLimits
                    | Endpoint::UpdateCacheConfig
            )
    }
}

/// The path of each endpoint in force: admin-api.md's defaults with the config's overrides.
#[derive(Clone, Debug, Default)]
pub(crate) struct Paths {
    overrides: BTreeMap<&'static str, String>,
}

impl Paths {
    /// Overrides a path by its config key; `Err` names the unknown key.
    pub(crate) fn set(&mut self, key: &str, path: String) -> Result<(), String> {
        let ep = Endpoint::ALL
            .iter()
            .find(|e| e.key() == key)
            .ok_or_else(|| format!("unknown endpoint key `{key}`"))?;
        if !path.starts_with('/') {
            return Err(format!(
                "path for `{key}` must start with '/', got {path:?}"
            ));
        }
        self.overrides.insert(ep.key(), path);
        Ok(())
    }

    pub(crate) fn get(&self, ep: Endpoint) -> &str {
        self.overrides
            .get(ep.key())
            .map(String::as_str)
            .unwrap_or_else(|| ep.default_path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_admin_posts() {
        for ep in Endpoint::ALL {
            if ep.is_write() {
                assert_eq!(ep.method(), Method::POST);
                assert!(ep.needs_token(), "{ep:?}");
            }
        }
        assert!(!Endpoint::CacheCleanup.is_idempotent());
        assert!(Endpoint::SetFeatureFlags.is_idempotent());
        assert!(Endpoint::FeatureFlags.needs_token());
        assert!(!Endpoint::CacheMetrics.needs_token());
    }

    #[test]
    fn overrides() {
        let mut p = Paths::default();
        p.set("cache_metrics", "/v2/metrics".into()).unwrap();
        assert_eq!(p.get(Endpoint::CacheMetrics), "/v2/metrics");
        assert_eq!(p.get(Endpoint::SyncStatus), "/api/sync-status");
        assert!(p.set("nope", "/x".into()).is_err());
        assert!(p.set("health", "x".into()).is_err());
    }
}
