//! The embedded sandbox app (`crates/swcache-sandbox`), behind the default cargo feature
//! `sandbox`: swcache reaches the crate only through here. A build without it answers
//! `--sandbox` and `swcache sandbox` with a usage error that says so.

#[cfg(feature = "sandbox")]
pub(crate) use swcache_sandbox::{
    BACKUP_VERSION, Sandbox, SandboxOptions, generate_token, parse_fault_spec, worker_script,
};

/// What `--sandbox` and `swcache sandbox` answer in a build without the sandbox (exit 64).
#[cfg(any(test, not(feature = "sandbox")))]
pub(crate) fn not_compiled_in(what: &str) -> crate::exit::CliError {
    crate::exit::CliError::usage(format!(
        "{what}: the embedded sandbox app is not compiled into this build of swcache \
         (built without the default cargo feature `sandbox`; rebuild with it to use {what})"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::ExitStatus;

    #[test]
    fn not_compiled_in_is_a_usage_error_naming_the_feature() {
        let e = not_compiled_in("--sandbox");
        assert_eq!(e.status, ExitStatus::Usage);
        assert_eq!(ExitStatus::Usage.code(), 64);
        let text = e.to_string();
        assert!(
            text.starts_with("--sandbox: ") && text.contains("`sandbox`"),
            "{text}"
        );
    }

    /// The command line lists the scenarios itself (it does not depend on the sandbox crate).
    #[cfg(feature = "sandbox")]
    #[test]
    fn the_command_line_lists_the_sandbox_scenarios() {
        assert_eq!(
            crate::cli::SANDBOX_SCENARIOS,
            swcache_sandbox::scenario_names()
        );
    }

    /// The sandbox's /metrics serves swcache's default series names. Destructured, so a new
    /// series in either struct fails to compile here until both have it.
    #[cfg(feature = "sandbox")]
    #[test]
    fn the_sandbox_serves_the_default_series_names() {
        let crate::policy::series::MetricNames {
            hit_ratio,
            storage_utilization_percent,
            storage_used_bytes,
            storage_total_bytes,
            sync_queue_size,
            evictions_total,
            network_fallback_total,
            cache_response_p95_seconds,
            network_fallback_p95_seconds,
            eviction_hourly_ratio,
            sync_processing_p95_seconds,
            sync_success_ratio,
            sync_retry_ratio,
            error_ratio,
        } = crate::policy::series::MetricNames::default();
        let served = swcache_sandbox::SeriesNames {
            hit_ratio,
            storage_utilization_percent,
            storage_used_bytes,
            storage_total_bytes,
            sync_queue_size,
            evictions_total,
            network_fallback_total,
            cache_response_p95_seconds,
            network_fallback_p95_seconds,
            eviction_hourly_ratio,
            sync_processing_p95_seconds,
            sync_success_ratio,
            sync_retry_ratio,
            error_ratio,
        };
        assert_eq!(served, swcache_sandbox::SeriesNames::default());
    }
}
