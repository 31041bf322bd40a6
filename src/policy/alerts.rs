//! Prometheus alerting rules generated from the thresholds in force, so alerting and the
//! runbooks never disagree again (the guide wrote its alert numbers apart from its KPIs).

use std::time::Duration;

use serde::Serialize;

use crate::numbers::number;
use crate::policy::series::MetricNames;
use crate::policy::thresholds::{Better, KPIS, Kpi, Limit, Thresholds};

/// `[alerts]`: a runbook link on every rule, and the schedule the staleness rules watch.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AlertSettings {
    /// `{alert}` in it is replaced by the alert's name.
    pub runbook_url: Option<String>,
    /// How often cron runs `maintain daily` / `maintain weekly`: past this without a success,
    /// the job is broken.
    pub daily_period: Duration,
    pub weekly_period: Duration,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            runbook_url: None,
            daily_period: Duration::from_secs(24 * 3600),
            weekly_period: Duration::from_secs(7 * 24 * 3600),
        }
    }
}

/// One alerting rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Rule {
    pub alert: String,
    pub expr: String,
    /// Prometheus duration (`5m`).
    #[serde(rename = "for")]
    pub for_: String,
    pub severity: String,
    pub summary: String,
    /// The guide's description, with `{{ $value }}` (Prometheus templating).
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runbook_url: Option<String>,
    /// Where the threshold comes from (`kpi.feed_cache_hit_rate.critical`).
    pub threshold: String,
    pub value: f64,
    /// The operator the expression compares with (`<` or `>`).
    pub op: String,
    /// The series the rule watches, without the comparison (for unit tests of the rules).
    pub series: String,
}

/// The guide's alert families: hit rate, storage quota, sync backlog (from the KPI bands, at
/// target as warning and critical as critical), eviction and network-fallback rates; and one
/// per scheduled command that fires when it has not succeeded for longer than its period.
pub(crate) fn rules(t: &Thresholds, m: &MetricNames, a: &AlertSettings) -> Vec<Rule> {
    let mut out = kpi_rules(t, m);
    out.extend(rate_rules(t, m));
    out.extend(run_rules(a));
    if let Some(url) = &a.runbook_url {
        for r in &mut out {
            r.runbook_url = Some(url.replace("{alert}", &r.alert));
        }
    }
    out
}

/// The KPI bands' alerts: a warning at target, a critical at critical, for hit rates, storage
/// and the sync backlog.
fn kpi_rules(t: &Thresholds, m: &MetricNames) -> Vec<Rule> {
    let mut out = Vec::new();
    for def in &KPIS {
        // The guide's descriptions; a hit ratio (0–1) is shown as a percentage.
        let (series, scale, name, for_, description) = match def.kpi {
            Kpi::FeedCacheHitRate | Kpi::CommunityCacheHitRate | Kpi::MarketplaceCacheHitRate => {
                let cache = def
                    .field
                    .trim_start_matches("hit_rates.")
                    .trim_end_matches(".ratio");
                (
                    m.hit_ratio_of(cache),
                    0.01,
                    "CacheHitRate",
                    "5m",
                    "Cache hit rate for {{ $labels.cache_name }} is {{ $value | humanizePercentage }}",
                )
            }
            Kpi::StorageUtilization => (
                m.storage_utilization_percent.clone(),
                1.0,
                "StorageUtilization",
                "2m",
                "Storage utilization is {{ $value }}%",
            ),
            Kpi::SyncBacklog => (
                m.sync_queue_size.clone(),
                1.0,
                "SyncQueueBacklog",
                "10m",
                "Queue size is {{ $value }} items",
            ),
            _ => continue,
        };
        let band = t.band(def.kpi);
        let op = if def.better == Better::Higher {
            "<"
        } else {
            ">"
        };
        for (level, bound, severity) in [
            ("target", band.target, "warning"),
            ("critical", band.critical, "critical"),
        ] {
            let value = round(bound * scale);
            let alert = match (name, severity) {
                // The guide's own names for its critical alerts are kept.
                ("CacheHitRate", "critical") => "CacheHitRateLow".to_string(),
                ("CacheHitRate", _) => "CacheHitRateBelowTarget".to_string(),
                ("StorageUtilization", "critical") => "StorageQuotaHigh".to_string(),
                ("StorageUtilization", _) => "StorageUtilizationHigh".to_string(),
                ("SyncQueueBacklog", "critical") => "SyncQueueBacklog".to_string(),
                (n, _) => format!("{n}AboveTarget"),
            };
            out.push(Rule {
                alert,
                expr: format!("{series} {op} {}", number(value)),
                for_: for_.into(),
                severity: severity.into(),
                summary: format!("{} {op} {} {}", def.label, number(bound), def.unit),
                description: description.into(),
                runbook_url: None,
                threshold: format!("kpi.{}.{level}", def.key),
                value,
                op: op.into(),
                series: series.clone(),
            });
        }
    }
    out
}

/// The rates the guide alerts on that are not KPIs: evictions and network fallbacks.
fn rate_rules(t: &Thresholds, m: &MetricNames) -> Vec<Rule> {
    let mut out = Vec::new();
    for (alert, series, limit, for_, what, description) in [
        (
            "CacheEvictionRateHigh",
            format!("rate({}[1h])", m.evictions_total),
            Limit::AlertEvictionRatePerSecond,
            "15m",
            "cache eviction rate",
            // The guide says "per hour", but rate() is per second.
            "Eviction rate is {{ $value }} per second",
        ),
        (
            "NetworkFallbackHigh",
            format!("rate({}[5m])", m.network_fallback_total),
            Limit::AlertNetworkFallbackRatePerSecond,
            "10m",
            "network fallback rate",
            "Network fallback rate is {{ $value }} per second",
        ),
    ] {
        let value = t.limit(limit);
        out.push(Rule {
            alert: alert.into(),
            expr: format!("{series} > {}", number(value)),
            for_: for_.into(),
            severity: "warning".into(),
            summary: format!("{what} > {} per second", number(value)),
            description: description.into(),
            runbook_url: None,
            threshold: format!("thresholds.{}", limit.def().key),
            value,
            op: ">".into(),
            series,
        });
    }
    out
}

/// One alert per scheduled command. A broken cron job shows no figure at all: watch the last
/// success it published (textfile or Pushgateway), not its figures.
fn run_rules(a: &AlertSettings) -> Vec<Rule> {
    let mut out = Vec::new();
    for (command, period, key) in [
        ("maintain_daily", a.daily_period, "maintain_daily_period"),
        ("maintain_weekly", a.weekly_period, "maintain_weekly_period"),
    ] {
        let value = period.as_secs_f64();
        let series = format!(
            "time() - {}{{command=\"{command}\"}}",
            crate::policy::series::LAST_SUCCESS
        );
        let shown = crate::numbers::duration(period);
        out.push(Rule {
            alert: "SwcacheRunNotSucceeding".into(),
            expr: format!("{series} > {}", number(value)),
            for_: "5m".into(),
            severity: "warning".into(),
            summary: format!("swcache {} has not succeeded for over {shown}", command.replace('_', " ")),
            description: format!(
                "swcache {} in {{{{ $labels.env }}}} last succeeded {{{{ $value | humanizeDuration }}}} ago (it runs every {shown})",
                command.replace('_', " ")
            ),
            runbook_url: None,
            threshold: format!("alerts.{key}"),
            value,
            op: ">".into(),
            series,
        });
    }
    out
}

fn round(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// A JSON string is a valid YAML double-quoted scalar: quoting stays correct for any text.
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The rules file (YAML), two groups as in the guide.
pub(crate) fn rules_yaml(rules: &[Rule]) -> String {
    let mut out = String::from(
        "# Generated by `swcache thresholds alerts` from the thresholds in force; edit the\n# thresholds (swcache.toml), not this file.\ngroups:\n",
    );
    for (group, severity) in [
        ("cache-enhancement-critical", "critical"),
        ("cache-enhancement-warnings", "warning"),
    ] {
        out.push_str(&format!("  - name: {group}\n    rules:\n"));
        for r in rules.iter().filter(|r| r.severity == severity) {
            out.push_str(&format!(
                "      - alert: {}\n        expr: {}\n        for: {}\n        labels:\n          severity: {}\n          threshold: {}\n        annotations:\n          summary: {}\n          description: {}\n",
                r.alert,
                q(&r.expr),
                r.for_,
                r.severity,
                q(&r.threshold),
                q(&r.summary),
                q(&r.description)
            ));
            if let Some(u) = &r.runbook_url {
                out.push_str(&format!("          runbook_url: {}\n", q(u)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::thresholds::{Band, Source};

    #[test]
    fn rules_follow_the_thresholds() {
        let mut t = Thresholds::default();
        let m = MetricNames::default();
        let a = AlertSettings {
            runbook_url: Some("https://wiki.example/runbooks#{alert}".into()),
            ..AlertSettings::default()
        };
        let rules = rules(&t, &m, &a);
        let find = |rs: &[Rule], a: &str, expr_has: &str| {
            rs.iter().any(|r| r.alert == a && r.expr.contains(expr_has))
        };
        assert!(find(
            &rules,
            "CacheHitRateLow",
            "cache_hit_ratio{cache_name=\"feed-cache\"} < 0.7"
        ));
        assert!(find(
            &rules,
            "CacheHitRateLow",
            "cache_name=\"marketplace-cache\"} < 0.6"
        ));
        assert!(find(
            &rules,
            "StorageQuotaHigh",
            "cache_storage_utilization_percent > 95"
        ));
        assert!(find(&rules, "StorageUtilizationHigh", "> 80"));
        assert!(find(
            &rules,
            "SyncQueueBacklog",
            "background_sync_queue_size > 1000"
        ));
        assert!(find(
            &rules,
            "CacheEvictionRateHigh",
            "rate(cache_evictions_total[1h]) > 0.2"
        ));
        assert!(find(
            &rules,
            "NetworkFallbackHigh",
            "rate(cache_network_fallback_total[5m]) > 0.3"
        ));
        t.set_band(
            Kpi::StorageUtilization,
            Band {
                target: 75.0,
                critical: 90.0,
            },
            Source::File,
        );
        assert!(
            find(&super::rules(&t, &m, &a), "StorageQuotaHigh", "> 90"),
            "a threshold change moves the alert"
        );
        assert!(find(
            &rules,
            "SwcacheRunNotSucceeding",
            "time() - swcache_last_success_timestamp_seconds{command=\"maintain_daily\"} > 86400"
        ));
        let quota = rules
            .iter()
            .find(|r| r.alert == "StorageQuotaHigh")
            .unwrap();
        assert_eq!(quota.description, "Storage utilization is {{ $value }}%");
        assert_eq!(
            quota.runbook_url.as_deref(),
            Some("https://wiki.example/runbooks#StorageQuotaHigh")
        );
        let yaml = rules_yaml(&rules);
        assert!(
            yaml.contains("expr: \"cache_hit_ratio{cache_name=\\\"feed-cache\\\"} < 0.7\""),
            "{yaml}"
        );
        assert!(yaml.contains("runbook_url: \"https://wiki.example/runbooks#SyncQueueBacklog\""));
    }
}
