//! What each read endpoint answers, rendered from the state. Pure functions, so the contract's
//! shapes live in one place.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::state::{FLAG_NAME, SimState};

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

pub fn health() -> Value {
    json!({"status": "ok"})
}

pub fn sw_status(s: &SimState) -> Value {
    sw_status_at(s, s.clock.at(crate::shared::now_unix()))
}

/// `/api/sw-status` at `now` (the sandbox clock): `clients_by_version` where the app reports it.
pub fn sw_status_at(s: &SimState, now: u64) -> Value {
    let mut v = json!({
        "version": s.sw.version,
        "enabled": s.flag.enabled,
        "script_url": s.sw.script_url,
        "scope": s.sw.scope,
        "active_clients": s.sw.active_clients,
    });
    if s.clients.reported {
        v["clients_by_version"] = Value::Object(crate::clients::at(s, now));
    }
    v
}

pub fn cache_metrics(s: &SimState) -> Value {
    let mut v = json!({
        "hit_rates": to_value(&s.hit_rates),
        "response_times_ms": to_value(&s.response_times_ms),
        "storage": to_value(&s.storage),
        "evictions": to_value(&s.evictions),
    });
    if !s.cohorts.is_empty() {
        let cohorts: serde_json::Map<String, Value> = s
            .cohorts
            .iter()
            .map(|(name, c)| {
                let figures = json!({
                    "hit_rates": to_value(&c.hit_rates),
                    "response_times_ms": to_value(&c.response_times_ms),
                });
                (name.clone(), figures)
            })
            .collect();
        v["cohorts"] = Value::Object(cohorts);
    }
    v
}

pub fn cache_report(s: &SimState, now_rfc3339: &str) -> Value {
    json!({"generated_at": now_rfc3339, "hit_rates": to_value(&s.hit_rates)})
}

pub fn sync_status(s: &SimState) -> Value {
    to_value(&s.sync)
}

pub fn error_metrics(s: &SimState) -> Value {
    let mut v = json!({"error_rate": s.error_rate, "window_seconds": s.error_window_seconds});
    if !s.cohorts.is_empty() {
        let cohorts: serde_json::Map<String, Value> = s
            .cohorts
            .iter()
            .map(|(name, c)| {
                let figures = json!({
                    "error_rate": c.error_rate(),
                    "requests": c.requests,
                    "errors": c.errors,
                });
                (name.clone(), figures)
            })
            .collect();
        v["cohorts"] = Value::Object(cohorts);
    }
    v
}

pub fn error_details(s: &SimState) -> Value {
    json!({
        "error_rate": s.error_rate,
        "window_seconds": s.error_window_seconds,
        "top_errors": to_value(&s.top_errors),
    })
}

pub fn cache_diagnostics(s: &SimState) -> Value {
    json!({"issues": to_value(&s.diagnostics)})
}

pub fn storage_breakdown(s: &SimState) -> Value {
    json!({
        "caches": to_value(&s.breakdown),
        "used_bytes": s.storage.used_bytes,
        "quota_bytes": s.storage.quota_bytes,
    })
}

/// Largest first, at most `limit`.
pub fn large_cache_entries(s: &SimState, limit: usize) -> Value {
    let mut entries = s.large_entries.clone();
    entries.sort_by_key(|e| std::cmp::Reverse(e.bytes));
    entries.truncate(limit);
    json!({"entries": to_value(&entries)})
}

/// hit_ratio comes from `hit_rates` so the weekly optimizer sees the same figure everywhere.
pub fn usage_analytics(s: &SimState) -> Value {
    let caches: Map<String, Value> = s
        .usage
        .caches
        .iter()
        .map(|(name, u)| {
            let ratio = s.hit_rates.get(name).map(|h| h.ratio);
            (
                name.clone(),
                json!({"requests": u.requests, "hit_ratio": ratio, "avg_age_seconds": u.avg_age_seconds}),
            )
        })
        .collect();
    json!({"period": s.usage.period, "caches": caches})
}

pub fn feature_flags(s: &SimState) -> Value {
    json!({ FLAG_NAME: to_value(&s.flag) })
}

pub fn cache_config(s: &SimState) -> Value {
    to_value(&s.cache_config)
}

/// Report sections generate-report knows.
pub const REPORT_SECTIONS: &[&str] = &["cache", "sync", "storage"];

pub fn report_section(s: &SimState, section: &str) -> Option<Value> {
    Some(match section {
        "cache" => json!({
            "hit_rates": to_value(&s.hit_rates),
            "response_times_ms": to_value(&s.response_times_ms),
            "evictions": to_value(&s.evictions),
        }),
        "sync" => sync_status(s),
        "storage" => json!({"storage": to_value(&s.storage), "caches": to_value(&s.breakdown)}),
        _ => return None,
    })
}

/// Prometheus text exposition 0.0.4: the families the guide's dashboards and alerts use, under
/// swcache's default names ([`crate::series::SeriesNames`], which pass `promtool check metrics`:
/// the guide's `cache_hit_rate_total` is a gauge with a counter's name, so it is served as
/// `cache_hit_ratio`), plus one series per KPI so every dashboard panel has data.
pub fn prometheus(s: &SimState) -> String {
    let names = crate::series::SeriesNames::default();
    let mut out = String::new();
    let mut family = |name: &str, kind: &str, help: &str, samples: Vec<(String, String)>| {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} {kind}");
        for (labels, value) in samples {
            let _ = writeln!(out, "{name}{labels} {value}");
        }
    };
    let escape = |v: &str| {
        v.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    };
    let one = |v: String| vec![(String::new(), v)];
    family(
        &names.hit_ratio,
        "gauge",
        "Cache hit ratio (0-1) by cache name.",
        s.hit_rates
            .iter()
            .map(|(name, h)| {
                (
                    format!("{{cache_name=\"{}\"}}", escape(name)),
                    h.ratio.to_string(),
                )
            })
            .collect(),
    );
    family(
        &names.storage_utilization_percent,
        "gauge",
        "Cache storage utilization percentage.",
        one(s.storage.percentage.to_string()),
    );
    family(
        &names.storage_used_bytes,
        "gauge",
        "Cache storage used.",
        one(s.storage.used_bytes.to_string()),
    );
    family(
        &names.storage_total_bytes,
        "gauge",
        "Cache storage quota.",
        one(s.storage.quota_bytes.to_string()),
    );
    family(
        &names.sync_queue_size,
        "gauge",
        "Number of items in the background sync queue.",
        one(s.sync.queue_size.to_string()),
    );
    family(
        &names.evictions_total,
        "counter",
        "Cache entries evicted since start.",
        one(s.evictions.total.to_string()),
    );
    // Every miss went to the network, so misses are the fallback count.
    let fallbacks: u64 = s.hit_rates.values().map(|h| h.misses).sum();
    family(
        &names.network_fallback_total,
        "counter",
        "Requests served from the network after a cache miss.",
        one(fallbacks.to_string()),
    );
    family(
        &names.cache_response_p95_seconds,
        "gauge",
        "95th percentile of responses served from the cache.",
        one((s.response_times_ms.cache_p95 / 1000.0).to_string()),
    );
    family(
        &names.network_fallback_p95_seconds,
        "gauge",
        "95th percentile of responses served from the network after a miss.",
        one((s.response_times_ms.network_fallback_p95 / 1000.0).to_string()),
    );
    family(
        &names.eviction_hourly_ratio,
        "gauge",
        "Share of cache entries evicted over the last hour (0-1).",
        one((s.evictions.rate_percent_per_hour / 100.0).to_string()),
    );
    family(
        &names.sync_processing_p95_seconds,
        "gauge",
        "95th percentile of background sync queue processing time.",
        one(s.sync.processing_time_p95_seconds.to_string()),
    );
    family(
        &names.sync_success_ratio,
        "gauge",
        "Share of background sync items that succeeded (0-1).",
        one(s.sync.success_rate.to_string()),
    );
    family(
        &names.sync_retry_ratio,
        "gauge",
        "Share of background sync items retried (0-1).",
        one(s.sync.retry_rate.to_string()),
    );
    family(
        &names.error_ratio,
        "gauge",
        "Share of requests that failed over the error window (0-1).",
        one((s.error_rate / 100.0).to_string()),
    );
    if s.clients.reported {
        family(
            crate::clients::SERIES,
            "gauge",
            "Clients whose controlling worker reports this version.",
            crate::clients::samples(s, s.clock.at(crate::shared::now_unix())),
        );
    }
    if !s.cohorts.is_empty() {
        cohort_families(s, &mut family, &escape);
    }
    out
}

/// The flag's cohorts as counters (only when the scenario has cohorts), for swcache's
/// `[metrics.prometheus.cohort_counts]`: requests and errors by `cohort`, cache hits and
/// misses by `cache_name` and `cohort`.
fn cohort_families(
    s: &SimState,
    family: &mut impl FnMut(&str, &str, &str, Vec<(String, String)>),
    escape: &impl Fn(&str) -> String,
) {
    let by_cohort = |count: &dyn Fn(&crate::state::Cohort) -> u64| -> Vec<(String, String)> {
        s.cohorts
            .iter()
            .map(|(name, c)| {
                (
                    format!("{{cohort=\"{}\"}}", escape(name)),
                    count(c).to_string(),
                )
            })
            .collect()
    };
    family(
        "app_cohort_requests_total",
        "counter",
        "Requests by the flag's cohort.",
        by_cohort(&|c| c.requests),
    );
    family(
        "app_cohort_errors_total",
        "counter",
        "Failed requests by the flag's cohort.",
        by_cohort(&|c| c.errors),
    );
    let by_cache = |count: &dyn Fn(&crate::state::HitRate) -> u64| -> Vec<(String, String)> {
        s.cohorts
            .iter()
            .flat_map(|(cohort, c)| {
                c.hit_rates.iter().map(move |(cache, h)| {
                    (
                        format!(
                            "{{cache_name=\"{}\",cohort=\"{}\"}}",
                            escape(cache),
                            escape(cohort)
                        ),
                        count(h).to_string(),
                    )
                })
            })
            .collect()
    };
    family(
        "cache_cohort_hits_total",
        "counter",
        "Cache hits by cache name and the flag's cohort.",
        by_cache(&|h| h.hits),
    );
    family(
        "cache_cohort_misses_total",
        "counter",
        "Cache misses by cache name and the flag's cohort.",
        by_cache(&|h| h.misses),
    );
    // A figure without counts, per cohort: what swcache's rank test samples over a window.
    let p95: Vec<(String, String)> = s
        .cohorts
        .iter()
        .map(|(name, c)| {
            (
                format!("{{cohort=\"{}\"}}", escape(name)),
                (c.response_times_ms.cache_p95 / 1000.0).to_string(),
            )
        })
        .collect();
    family(
        "cache_cohort_response_p95_seconds",
        "gauge",
        "95th percentile of responses served from the cache, by the flag's cohort.",
        p95,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prometheus_has_every_family() {
        let text = prometheus(&SimState::healthy(0));
        for name in [
            "cache_hit_ratio",
            "cache_storage_utilization_percent",
            "background_sync_queue_size",
            "cache_evictions_total",
            "cache_network_fallback_total",
        ] {
            assert!(text.contains(&format!("# HELP {name} ")), "{name}");
            assert!(text.contains(&format!("# TYPE {name} ")), "{name}");
        }
        assert!(text.contains("cache_hit_ratio{cache_name=\"feed-cache\"} 0.91\n"));
        assert!(text.contains("cache_storage_utilization_percent 62.5\n"));
        assert!(text.contains("background_sync_queue_size 42\n"));
    }

    #[test]
    fn cohorts_are_counters_only_when_the_scenario_has_them() {
        assert!(!prometheus(&SimState::healthy(0)).contains("cohort"));
        let s = crate::scenarios::build("cohort-regression", 0).unwrap();
        let text = prometheus(&s);
        for line in [
            "# TYPE app_cohort_requests_total counter\n",
            "app_cohort_requests_total{cohort=\"enhanced\"} 10000\n",
            "app_cohort_errors_total{cohort=\"enhanced\"} 480\n",
            "app_cohort_errors_total{cohort=\"control\"} 2160\n",
            "cache_cohort_hits_total{cache_name=\"feed-cache\",cohort=\"enhanced\"} 9200\n",
            "cache_cohort_misses_total{cache_name=\"feed-cache\",cohort=\"enhanced\"} 800\n",
            "cache_cohort_response_p95_seconds{cohort=\"control\"} 0.035\n",
        ] {
            assert!(text.contains(line), "{line}");
        }
    }

    #[test]
    fn usage_agrees_with_hit_rates() {
        let mut s = SimState::healthy(0);
        s.set_hit_ratio("feed-cache", 0.6);
        assert_eq!(
            usage_analytics(&s)["caches"]["feed-cache"]["hit_ratio"],
            0.6
        );
        assert_eq!(
            large_cache_entries(&s, 3)["entries"]
                .as_array()
                .unwrap()
                .len(),
            3
        );
    }
}
