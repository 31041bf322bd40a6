//! The simulated app's state and every mutation the admin API can make to it.
//!
//! One struct holds everything the read endpoints render (see `views.rs`), so a test can
//! GET/PATCH it whole through `/__sandbox/state`. Invariants kept on every change:
//! `storage.percentage == used_bytes / quota_bytes * 100` (2 decimals), the breakdown's bytes sum
//! to `used_bytes`, a hit rate's `ratio == hits / (hits + misses)`, and a worker script's
//! `worker_modified` time moves forward whenever its content changes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::patch::merge_patch;

/// The one feature flag the contract knows.
pub const FLAG_NAME: &str = "enhanced-cache";
/// 64 MiB, the quota in admin-api.md's example.
pub const QUOTA_BYTES: u64 = 67_108_864;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SimState {
    /// `/api/sw-status` (its `enabled` is `flag.enabled`).
    pub sw: SwInfo,
    /// The `enhanced-cache` feature flag.
    pub flag: Flag,
    pub hit_rates: BTreeMap<String, HitRate>,
    pub response_times_ms: ResponseTimes,
    pub storage: Storage,
    /// Per-cache usage; its bytes always sum to `storage.used_bytes`.
    pub breakdown: BTreeMap<String, CacheUsage>,
    pub large_entries: Vec<LargeEntry>,
    pub evictions: Evictions,
    pub cleanup: CleanupPolicy,
    pub sync: SyncStatus,
    /// Percent of requests failing; shared by error-metrics and error-details.
    pub error_rate: f64,
    pub error_window_seconds: u64,
    pub top_errors: Vec<TopError>,
    /// `/api/cache-diagnostics` issues.
    pub diagnostics: Vec<Issue>,
    pub usage: Usage,
    pub cache_config: BTreeMap<String, CacheLimits>,
    /// Worker script path (`/sw.js`, `/sw-enhanced.js`) → script body.
    pub worker_scripts: BTreeMap<String, String>,
    /// Worker script path → Last-Modified, Unix seconds.
    pub worker_modified: BTreeMap<String, u64>,
    /// The app's other files (the page, its scripts and styles, what a worker precaches):
    /// path → body, served with a Content-Type from the extension.
    #[serde(default)]
    pub site_files: BTreeMap<String, String>,
    /// How many reports generate-report has produced (ids are `report-N`).
    pub reports_generated: u64,
    /// Figures per cohort of the flag (`cohorts` in cache-metrics and error-metrics), by
    /// cohort name (`enhanced`, `control`). Empty by default: an app that does not split them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cohorts: BTreeMap<String, Cohort>,
    /// The sandbox's clock (see `clock`).
    #[serde(default)]
    pub clock: crate::clock::Clock,
    /// What clients run, by version (see `clients`).
    #[serde(default)]
    pub clients: crate::clients::Clients,
}

/// One cohort's figures: the aggregate's fields plus the counts a comparison tests on.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Cohort {
    pub requests: u64,
    pub errors: u64,
    pub hit_rates: BTreeMap<String, HitRate>,
    pub response_times_ms: ResponseTimes,
}

impl Cohort {
    /// Percent of the cohort's requests failing (2 decimals), as the aggregate's `error_rate`.
    pub fn error_rate(&self) -> f64 {
        percent_of(self.errors, self.requests)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SwInfo {
    pub version: String,
    pub script_url: String,
    pub scope: String,
    pub active_clients: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    pub enabled: bool,
    pub percentage: u32,
    #[serde(rename = "userGroups")]
    pub user_groups: Vec<String>,
    /// When the flag last changed (RFC 3339): optional in the contract, set on every change.
    #[serde(rename = "updatedAt", default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HitRate {
    pub hits: u64,
    pub misses: u64,
    pub ratio: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ResponseTimes {
    pub cache_p95: f64,
    pub network_fallback_p95: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Storage {
    pub used_bytes: u64,
    pub quota_bytes: u64,
    pub percentage: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CacheUsage {
    pub bytes: u64,
    pub entries: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LargeEntry {
    pub cache: String,
    pub url: String,
    pub bytes: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Evictions {
    pub last_hour: u64,
    pub rate_percent_per_hour: f64,
    /// Lifetime counter behind the `cache_evictions_total` metric; cleanups add to it.
    pub total: u64,
}

/// What the cleanup endpoints do.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CleanupPolicy {
    /// cache-cleanup lowers storage to this percentage.
    pub target_percent: f64,
    /// emergency-cleanup lowers storage to this percentage.
    pub emergency_target_percent: f64,
    /// false = cleanups (and limit changes) free nothing (the storage-stuck scenario).
    pub effective: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SyncStatus {
    pub queue_size: u64,
    pub processing_time_p95_seconds: f64,
    pub success_rate: f64,
    pub retry_rate: f64,
    pub failed_items: Vec<FailedItem>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FailedItem {
    pub id: String,
    pub url: String,
    pub attempts: u32,
    pub last_error: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TopError {
    pub message: String,
    pub count: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Issue {
    pub cache: String,
    pub severity: String,
    pub message: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Usage {
    pub period: String,
    /// hit_ratio is not stored here: usage-analytics derives it from `hit_rates` so they agree.
    pub caches: BTreeMap<String, UsageEntry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UsageEntry {
    pub requests: u64,
    pub avg_age_seconds: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CacheLimits {
    /// Milliseconds.
    pub ttl: u64,
    #[serde(rename = "maxEntries")]
    pub max_entries: u64,
    #[serde(rename = "maxAgeSeconds")]
    pub max_age_seconds: u64,
}

/// Worker script body for a version; both scripts carry the version line deploy-verify greps.
pub fn worker_script(file: &str, version: &str) -> String {
    format!(
        "// {file}: service worker served by the swcache sandbox\n\
         const SW_VERSION = \"{version}\";\n\
         self.addEventListener(\"install\", () => self.skipWaiting());\n\
         self.addEventListener(\"activate\", (event) => event.waitUntil(self.clients.claim()));\n"
    )
}

pub(crate) fn hit(hits: u64, misses: u64) -> HitRate {
    HitRate {
        hits,
        misses,
        ratio: ratio_of(hits, misses),
    }
}

fn ratio_of(hits: u64, misses: u64) -> f64 {
    let total = hits + misses;
    if total == 0 {
        0.0
    } else {
        round_to(hits as f64 / total as f64, 4)
    }
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// Percentage (2 decimals) of `used` in `quota`.
pub fn percent_of(used: u64, quota: u64) -> f64 {
    if quota == 0 {
        0.0
    } else {
        round_to(used as f64 / quota as f64 * 100.0, 2)
    }
}

fn bytes_for_percent(pct: f64, quota: u64) -> u64 {
    // `as` saturates: a negative percentage gives 0 bytes.
    (pct / 100.0 * quota as f64).round() as u64
}

fn map<T>(items: impl IntoIterator<Item = (&'static str, T)>) -> BTreeMap<String, T> {
    items.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

impl SimState {
    /// The healthy app: admin-api.md's examples, all inside the guide's KPIs.
    pub fn healthy(now_unix: u64) -> SimState {
        let large = |cache: &str, url: &str, bytes: u64| LargeEntry {
            cache: cache.into(),
            url: url.into(),
            bytes,
        };
        let limits = |ttl, max_entries, max_age_seconds| CacheLimits {
            ttl,
            max_entries,
            max_age_seconds,
        };
        let usage = |requests, avg_age_seconds| UsageEntry {
            requests,
            avg_age_seconds,
        };
        let usage_bytes = |bytes, entries| CacheUsage { bytes, entries };
        SimState {
            sw: SwInfo {
                version: "v1.0.0".into(),
                script_url: "/sw-enhanced.js".into(),
                scope: "/".into(),
                active_clients: 1234,
            },
            flag: Flag {
                enabled: true,
                percentage: 10,
                user_groups: vec!["beta-testers".into(), "premium-users".into()],
                // Two weeks at this step: past the default minimum bake (a week).
                updated_at: Some(
                    humantime::format_rfc3339_seconds(
                        std::time::UNIX_EPOCH
                            + std::time::Duration::from_secs(now_unix.saturating_sub(14 * 86_400)),
                    )
                    .to_string(),
                ),
            },
            hit_rates: map([
                ("feed-cache", hit(9100, 900)),
                ("community-cache", hit(8200, 1800)),
                ("marketplace-cache", hit(7700, 2300)),
                ("images-cache", hit(5000, 5000)),
            ]),
            response_times_ms: ResponseTimes {
                cache_p95: 35.0,
                network_fallback_p95: 1400.0,
            },
            storage: Storage {
                used_bytes: 41_943_040,
                quota_bytes: QUOTA_BYTES,
                percentage: 62.5,
            },
            // 20 + 8 + 6 + 6 MiB = the 40 MiB used above.
            breakdown: map([
                ("images-cache", usage_bytes(20_971_520, 40)),
                ("feed-cache", usage_bytes(8_388_608, 200)),
                ("community-cache", usage_bytes(6_291_456, 150)),
                ("marketplace-cache", usage_bytes(6_291_456, 120)),
            ]),
            large_entries: vec![
                large("images-cache", "/img/hero-banner.png", 5_242_880),
                large(
                    "images-cache",
                    "/img/marketplace/listing-7731.jpg",
                    3_145_728,
                ),
                large("images-cache", "/img/avatars/sprite.png", 2_097_152),
                large("images-cache", "/img/feed/video-thumb-204.jpg", 1_572_864),
                large("images-cache", "/img/community/cover-88.jpg", 1_048_576),
                large("images-cache", "/img/promo/winter.webp", 786_432),
                large(
                    "marketplace-cache",
                    "/api/marketplace/listings?page=1",
                    524_288,
                ),
                large("feed-cache", "/api/feed?page=1", 393_216),
                large("community-cache", "/api/community/threads", 262_144),
                large("images-cache", "/img/icons/set-2.svg", 196_608),
                large("feed-cache", "/api/feed?page=2", 131_072),
                large("marketplace-cache", "/api/marketplace/categories", 65_536),
            ],
            evictions: Evictions {
                last_hour: 12,
                rate_percent_per_hour: 1.2,
                total: 340,
            },
            cleanup: CleanupPolicy {
                target_percent: 60.0,
                emergency_target_percent: 70.0,
                effective: true,
            },
            sync: SyncStatus {
                queue_size: 42,
                processing_time_p95_seconds: 12.0,
                success_rate: 0.97,
                retry_rate: 0.04,
                failed_items: vec![FailedItem {
                    id: "q-981".into(),
                    url: "/api/posts".into(),
                    attempts: 5,
                    last_error: "503".into(),
                }],
            },
            error_rate: 2.4,
            error_window_seconds: 300,
            top_errors: vec![
                TopError {
                    message: "TypeError: Failed to fetch".into(),
                    count: 42,
                },
                TopError {
                    message: "QuotaExceededError: cache.put".into(),
                    count: 7,
                },
            ],
            diagnostics: vec![],
            usage: Usage {
                period: "7d".into(),
                caches: map([
                    ("feed-cache", usage(70_000, 120)),
                    ("community-cache", usage(70_000, 300)),
                    ("marketplace-cache", usage(70_000, 600)),
                    ("images-cache", usage(70_000, 3600)),
                ]),
            },
            cache_config: map([
                ("feed-cache", limits(300_000, 500, 300)),
                ("community-cache", limits(600_000, 400, 600)),
                ("marketplace-cache", limits(900_000, 300, 900)),
                ("images-cache", limits(86_400_000, 100, 86_400)),
            ]),
            worker_scripts: map([
                ("/sw.js", worker_script("sw.js", "v1.0.0")),
                ("/sw-enhanced.js", worker_script("sw-enhanced.js", "v1.0.0")),
            ]),
            worker_modified: map([("/sw.js", now_unix), ("/sw-enhanced.js", now_unix)]),
            site_files: crate::site::files(),
            reports_generated: 0,
            cohorts: BTreeMap::new(),
            clock: crate::clock::Clock::default(),
            clients: crate::clients::Clients::healthy(now_unix),
        }
    }

    /// Moves storage to `used` bytes: the breakdown scales proportionally, the percentage follows,
    /// and entries that disappear count as evictions.
    pub fn set_used_bytes(&mut self, used: u64) {
        let removed = self.rescale_breakdown(used);
        self.evictions.total += removed;
        self.storage.used_bytes = used;
        self.storage.percentage = percent_of(used, self.storage.quota_bytes);
    }

    pub fn set_storage_percent(&mut self, pct: f64) {
        self.set_used_bytes(bytes_for_percent(pct, self.storage.quota_bytes));
    }

    /// Sets a cache's hit ratio keeping its request count (scenarios use it).
    pub fn set_hit_ratio(&mut self, cache: &str, ratio: f64) {
        if let Some(h) = self.hit_rates.get_mut(cache) {
            let total = h.hits + h.misses;
            h.hits = (ratio * total as f64).round() as u64;
            h.misses = total.saturating_sub(h.hits);
            h.ratio = ratio;
        }
    }

    /// Scales every cache's bytes and entries so the bytes sum to `new_total` exactly.
    /// Returns how many entries disappeared.
    fn rescale_breakdown(&mut self, new_total: u64) -> u64 {
        let n = self.breakdown.len() as u64;
        if n == 0 {
            return 0;
        }
        let old_total: u64 = self.breakdown.values().map(|c| c.bytes).sum();
        let mut removed = 0;
        if old_total == 0 {
            // Nothing to be proportional to: split evenly.
            for c in self.breakdown.values_mut() {
                c.bytes = new_total / n;
            }
        } else {
            for c in self.breakdown.values_mut() {
                let scale = |x: u64| (x as u128 * new_total as u128 / old_total as u128) as u64;
                let entries = if c.bytes == 0 {
                    c.entries
                } else {
                    (c.entries as f64 * new_total as f64 / old_total as f64).round() as u64
                };
                removed += c.entries.saturating_sub(entries);
                c.bytes = scale(c.bytes);
                c.entries = entries;
            }
        }
        // Integer division leaves a remainder; give it to the largest cache so the sum is exact.
        let assigned: u64 = self.breakdown.values().map(|c| c.bytes).sum();
        if let Some(largest) = self.breakdown.values_mut().max_by_key(|c| c.bytes) {
            largest.bytes += new_total - assigned;
        }
        removed
    }

    /// Lowers storage to `target_pct` if above it and cleanups work. Returns bytes freed.
    pub fn cleanup_to(&mut self, target_pct: f64) -> u64 {
        if !self.cleanup.effective {
            return 0;
        }
        let target = bytes_for_percent(target_pct, self.storage.quota_bytes);
        if self.storage.used_bytes <= target {
            return 0;
        }
        let freed = self.storage.used_bytes - target;
        self.set_used_bytes(target);
        freed
    }

    /// clear-sw-cache: every cache emptied. Returns bytes freed.
    pub fn clear_caches(&mut self) -> u64 {
        let freed = self.storage.used_bytes;
        let entries: u64 = self.breakdown.values().map(|c| c.entries).sum();
        for c in self.breakdown.values_mut() {
            *c = CacheUsage {
                bytes: 0,
                entries: 0,
            };
        }
        self.evictions.total += entries;
        self.large_entries.clear();
        self.storage.used_bytes = 0;
        self.storage.percentage = 0.0;
        freed
    }

    /// POST /api/admin/feature-flags: `{"enhanced-cache": {...}}` merged into the flag.
    pub fn merge_flag(&mut self, body: &Value) -> Result<(), String> {
        let obj = body.as_object().filter(|o| !o.is_empty()).ok_or_else(|| {
            format!("body must be an object like {{\"{FLAG_NAME}\":{{\"percentage\":25}}}}")
        })?;
        let mut flag = self.flag.clone();
        for (name, patch) in obj {
            if name != FLAG_NAME {
                return Err(format!(
                    "unknown feature flag '{name}' (known: {FLAG_NAME})"
                ));
            }
            if !patch.is_object() {
                return Err(format!("'{FLAG_NAME}' must be an object"));
            }
            let mut v = serde_json::to_value(&flag).map_err(|e| e.to_string())?;
            merge_patch(&mut v, patch);
            flag = serde_json::from_value(v).map_err(|e| format!("invalid flag: {e}"))?;
            if flag.percentage > 100 {
                return Err(format!("percentage must be 0-100, got {}", flag.percentage));
            }
        }
        self.flag = flag;
        Ok(())
    }

    /// update-cache-limits / update-cache-config: `{"<cache>": {"<field>": n}}` merged into
    /// cache_config, only `allowed` fields, all-or-nothing. Lower maxEntries evicts.
    pub fn merge_cache_config(&mut self, body: &Value, allowed: &[&str]) -> Result<(), String> {
        let obj = body
            .as_object()
            .filter(|o| !o.is_empty())
            .ok_or("body must be an object like {\"feed-cache\":{\"ttl\":600000}}")?;
        let mut config = self.cache_config.clone();
        for (cache, patch) in obj {
            let limits = config.get_mut(cache).ok_or_else(|| {
                let known: Vec<&str> = self.cache_config.keys().map(String::as_str).collect();
                format!("unknown cache '{cache}' (known: {})", known.join(", "))
            })?;
            let fields = patch
                .as_object()
                .ok_or_else(|| format!("'{cache}' must be an object"))?;
            for (field, value) in fields {
                if !allowed.contains(&field.as_str()) {
                    return Err(format!(
                        "field '{field}' of '{cache}' cannot be set here (allowed: {})",
                        allowed.join(", ")
                    ));
                }
                let n = value.as_u64().filter(|n| *n > 0).ok_or_else(|| {
                    format!("{cache}.{field} must be a positive integer, got {value}")
                })?;
                match field.as_str() {
                    "ttl" => limits.ttl = n,
                    "maxEntries" => limits.max_entries = n,
                    "maxAgeSeconds" => limits.max_age_seconds = n,
                    _ => return Err(format!("unknown field '{field}'")),
                }
            }
        }
        self.cache_config = config;
        self.enforce_max_entries();
        Ok(())
    }

    /// A cache holding more entries than its maxEntries drops the excess (bytes shrink with
    /// it), so lowering limits during a storage incident visibly helps — unless stuck.
    fn enforce_max_entries(&mut self) {
        if !self.cleanup.effective {
            return;
        }
        let mut removed = 0;
        for (name, usage) in &mut self.breakdown {
            let Some(limits) = self.cache_config.get(name) else {
                continue;
            };
            if usage.entries > limits.max_entries {
                usage.bytes = (usage.bytes as u128 * limits.max_entries as u128
                    / usage.entries as u128) as u64;
                removed += usage.entries - limits.max_entries;
                usage.entries = limits.max_entries;
            }
        }
        if removed > 0 {
            self.evictions.total += removed;
            self.storage.used_bytes = self.breakdown.values().map(|c| c.bytes).sum();
            self.storage.percentage = percent_of(self.storage.used_bytes, self.storage.quota_bytes);
        }
    }

    /// Applies a JSON merge patch to the whole state (test hook and scenario files), then
    /// restores the invariants the patch did not set explicitly.
    pub fn apply_patch(&self, patch: &Value, now_unix: u64) -> Result<SimState, String> {
        if !patch.is_object() {
            return Err("state patch must be a JSON object".into());
        }
        let mut v = serde_json::to_value(self).map_err(|e| e.to_string())?;
        merge_patch(&mut v, patch);
        let mut next: SimState = serde_json::from_value(v)
            .map_err(|e| format!("state patch does not fit the state: {e}"))?;
        if next.storage.quota_bytes == 0 {
            return Err("storage.quota_bytes must be > 0".into());
        }
        next.reconcile(self, patch, now_unix);
        Ok(next)
    }

    fn reconcile(&mut self, old: &SimState, patch: &Value, now_unix: u64) {
        let set =
            |section: &str, field: &str| patch.get(section).and_then(|s| s.get(field)).is_some();

        // Hit rates: whichever side was patched (ratio or counts) drives the other.
        if let Some(Value::Object(rates)) = patch.get("hit_rates") {
            for (name, p) in rates {
                let Some(h) = self.hit_rates.get_mut(name) else {
                    continue;
                };
                let ratio_set = p.get("ratio").is_some();
                let counts_set = p.get("hits").is_some() || p.get("misses").is_some();
                if ratio_set && !counts_set {
                    let total = h.hits + h.misses;
                    h.hits = (h.ratio * total as f64).round().max(0.0) as u64;
                    h.misses = total.saturating_sub(h.hits);
                } else if counts_set && !ratio_set {
                    h.ratio = ratio_of(h.hits, h.misses);
                }
            }
        }

        // Storage: a lone percentage is authoritative (so tests can set 180); otherwise bytes are.
        let breakdown_set = patch.get("breakdown").is_some();
        let (used_set, pct_set, quota_set) = (
            set("storage", "used_bytes"),
            set("storage", "percentage"),
            set("storage", "quota_bytes"),
        );
        if pct_set && !used_set {
            let used = bytes_for_percent(self.storage.percentage, self.storage.quota_bytes);
            if !breakdown_set {
                self.rescale_breakdown(used);
            }
            self.storage.used_bytes = used;
        } else if used_set || quota_set {
            if !breakdown_set && self.storage.used_bytes != old.storage.used_bytes {
                self.rescale_breakdown(self.storage.used_bytes);
            }
            self.storage.percentage = percent_of(self.storage.used_bytes, self.storage.quota_bytes);
        } else if breakdown_set {
            self.storage.used_bytes = self.breakdown.values().map(|c| c.bytes).sum();
            self.storage.percentage = percent_of(self.storage.used_bytes, self.storage.quota_bytes);
        }

        crate::clients::rebase(old, self, patch, self.clock.at(now_unix));

        // A changed worker script gets a strictly later Last-Modified (HTTP dates have
        // 1-second resolution, and two changes can land in the same second).
        for (path, body) in &self.worker_scripts {
            if old.worker_scripts.get(path) != Some(body) && !set("worker_modified", path) {
                let prev = old.worker_modified.get(path).copied().unwrap_or(0);
                self.worker_modified
                    .insert(path.clone(), now_unix.max(prev + 1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn consistent(s: &SimState) {
        assert_eq!(
            s.storage.percentage,
            percent_of(s.storage.used_bytes, s.storage.quota_bytes),
            "percentage follows bytes"
        );
        let sum: u64 = s.breakdown.values().map(|c| c.bytes).sum();
        assert_eq!(sum, s.storage.used_bytes, "breakdown sums to used_bytes");
        for (name, h) in &s.hit_rates {
            assert!(
                (h.ratio - ratio_of(h.hits, h.misses)).abs() < 0.001,
                "{name} ratio"
            );
        }
    }

    #[test]
    fn healthy_matches_contract() {
        let s = SimState::healthy(1_700_000_000);
        consistent(&s);
        assert_eq!(s.storage.percentage, 62.5);
        assert_eq!(s.hit_rates["feed-cache"].ratio, 0.91);
        assert_eq!(s.hit_rates["images-cache"].ratio, 0.5);
        assert!(s.worker_scripts["/sw-enhanced.js"].contains("const SW_VERSION = \"v1.0.0\";"));
    }

    #[test]
    fn storage_changes_keep_invariants() {
        let mut s = SimState::healthy(0);
        s.set_storage_percent(97.0);
        consistent(&s);
        assert_eq!(s.storage.percentage, 97.0);
        let images_before = s.breakdown["images-cache"].bytes;
        let freed = s.cleanup_to(60.0);
        consistent(&s);
        assert!(freed > 0);
        assert_eq!(s.storage.percentage, 60.0);
        assert!(s.breakdown["images-cache"].bytes < images_before);
        assert_eq!(s.cleanup_to(70.0), 0, "already below target");
        s.clear_caches();
        consistent(&s);
        s.set_storage_percent(50.0);
        consistent(&s);
    }

    #[test]
    fn stuck_cleanup_frees_nothing() {
        let mut s = SimState::healthy(0);
        s.set_storage_percent(97.0);
        s.cleanup.effective = false;
        assert_eq!(s.cleanup_to(60.0), 0);
        assert_eq!(s.storage.percentage, 97.0);
    }

    #[test]
    fn patch_storage_percent_alone_is_authoritative() {
        let s = SimState::healthy(0);
        let p = s
            .apply_patch(&json!({"storage":{"percentage":85}}), 0)
            .unwrap();
        consistent(&p);
        assert_eq!(p.storage.percentage, 85.0);
        let p = s
            .apply_patch(&json!({"storage":{"percentage":180}}), 0)
            .unwrap();
        assert_eq!(p.storage.percentage, 180.0);
        assert!(p.storage.used_bytes > p.storage.quota_bytes);
        let p = s
            .apply_patch(&json!({"storage":{"used_bytes":33554432}}), 0)
            .unwrap();
        consistent(&p);
        assert_eq!(p.storage.percentage, 50.0);
    }

    #[test]
    fn patch_hit_ratio_and_flag_and_errors() {
        let s = SimState::healthy(0);
        let p = s
            .apply_patch(&json!({"hit_rates":{"feed-cache":{"ratio":0.6}},"error_rate":7,"flag":{"percentage":50}}), 0)
            .unwrap();
        consistent(&p);
        assert_eq!(p.hit_rates["feed-cache"].hits, 6000);
        assert_eq!(p.error_rate, 7.0);
        assert_eq!(p.flag.percentage, 50);
        assert!(p.flag.enabled);
        assert!(
            s.apply_patch(&json!({"error_rat":7}), 0)
                .unwrap_err()
                .contains("error_rat")
        );
        assert!(s.apply_patch(&json!({"sw":null}), 0).is_err());
        assert!(s.apply_patch(&json!([1]), 0).is_err());
    }

    #[test]
    fn worker_change_moves_last_modified() {
        let s = SimState::healthy(100);
        let p = s
            .apply_patch(
                &json!({"worker_scripts":{"/sw.js":"const SW_VERSION = \"v0.9.0\";"}}),
                100,
            )
            .unwrap();
        assert_eq!(
            p.worker_modified["/sw.js"], 101,
            "strictly later even in the same second"
        );
        assert_eq!(
            p.worker_modified["/sw-enhanced.js"], 100,
            "untouched script keeps its date"
        );
    }

    #[test]
    fn flag_and_config_merges_validate() {
        let mut s = SimState::healthy(0);
        s.merge_flag(&json!({"enhanced-cache":{"percentage":25}}))
            .unwrap();
        assert_eq!(s.flag.percentage, 25);
        assert!(s.flag.enabled);
        assert!(
            s.merge_flag(&json!({"enhanced-cache":{"percentage":101}}))
                .is_err()
        );
        assert!(s.merge_flag(&json!({"other":{"enabled":false}})).is_err());
        assert!(
            s.merge_flag(&json!({"enhanced-cache":{"enabled":"no"}}))
                .is_err()
        );
        assert_eq!(s.flag.percentage, 25, "failed merges change nothing");

        let limits = ["maxEntries", "maxAgeSeconds"];
        s.merge_cache_config(&json!({"feed-cache":{"maxAgeSeconds":120}}), &limits)
            .unwrap();
        assert_eq!(s.cache_config["feed-cache"].max_age_seconds, 120);
        assert!(
            s.merge_cache_config(&json!({"feed-cache":{"ttl":1}}), &limits)
                .is_err()
        );
        assert!(
            s.merge_cache_config(&json!({"nope-cache":{"maxEntries":1}}), &limits)
                .is_err()
        );
        assert!(
            s.merge_cache_config(&json!({"feed-cache":{"maxEntries":-1}}), &limits)
                .is_err()
        );
    }

    #[test]
    fn lowering_max_entries_evicts() {
        let mut s = SimState::healthy(0);
        s.set_storage_percent(97.0);
        let before = s.storage.used_bytes;
        s.merge_cache_config(&json!({"images-cache":{"maxEntries":50}}), &["maxEntries"])
            .unwrap();
        consistent(&s);
        assert_eq!(s.breakdown["images-cache"].entries, 50);
        assert!(s.storage.used_bytes < before);
    }
}
