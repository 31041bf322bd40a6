//! `validate` and the rollout gate: the cache KPIs, the error rate and the worker version,
//! judged from what was read.

use serde::Serialize;
use serde_json::Value;

use crate::policy::check::{Check, kpi_check, limit_check};
use crate::policy::figure::{Figure, Range, from_fetch};
use crate::policy::thresholds::{CACHE_KPIS, Kpi, Limit, Thresholds};
use crate::vocab::Severity;

/// A fetch as the policy sees it: the document, or why it could not be had.
pub(crate) type Fetched = Result<Value, String>;

/// Every KPI of `kpis` read from one endpoint's document (`label` names the endpoint).
pub(crate) fn kpi_checks(kpis: &[Kpi], doc: &Fetched, label: &str, t: &Thresholds) -> Vec<Check> {
    kpis.iter()
        .map(|&k| {
            let def = k.def();
            let fig = from_fetch(doc, label, def.field, def.range).scaled(def.scale);
            kpi_check(k, fig, t)
        })
        .collect()
}

pub(crate) fn cache_kpi_checks(metrics: &Fetched, label: &str, t: &Thresholds) -> Vec<Check> {
    kpi_checks(&CACHE_KPIS, metrics, label, t)
}

/// The error rate (percent) from `/api/error-metrics` or `/api/error-details`.
pub(crate) fn error_rate(doc: &Fetched, label: &str) -> Figure {
    from_fetch(doc, label, "error_rate", Range::Percent)
}

/// Past `max_error_rate` is CRITICAL: validation fails (the guide's `exit 1`).
pub(crate) fn error_rate_check(rate: Figure, t: &Thresholds) -> Check {
    limit_check(
        "error rate",
        rate,
        "%",
        t.limit(Limit::MaxErrorRate),
        Severity::Critical,
    )
}

/// The version a worker script declares: `SW_VERSION = "v1.0.0"`, else the first quoted string
/// after the word `version` (as the guide's `grep -o 'version.*'`).
pub(crate) fn script_version(body: &str) -> Option<String> {
    let pos = body
        .find("SW_VERSION")
        .or_else(|| body.to_ascii_lowercase().find("version"))?;
    let rest = &body[pos..];
    let line = rest.lines().next().unwrap_or("");
    let (qpos, q) = line.char_indices().find(|(_, c)| *c == '"' || *c == '\'')?;
    let after = &line[qpos + 1..];
    let end = after.find(q)?;
    let v = after[..end].trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// What was read of one served worker script, fetched as a browser fetches it (no redirect
/// followed).
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct ServedWorker {
    pub path: String,
    pub version: Option<String>,
    pub sha256: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_worker_allowed: Option<String>,
    /// The `Location` of a 3xx answer: browsers refuse a redirected worker script.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect: Option<String>,
    /// Why the script could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The script itself, for the precache manifest (not in reports).
    #[serde(skip)]
    pub script: Option<String>,
}

/// Each served worker's version against `/api/sw-status`'s. A script that could not be read or
/// declares no version is UNKNOWN; a different version is a WARNING (a stale CDN copy, or a
/// half-finished deploy or rollback).
pub(crate) fn worker_checks(
    sw_version: &Result<String, String>,
    served: &[ServedWorker],
) -> Vec<Check> {
    served
        .iter()
        .map(|w| {
            let name = format!("worker version {}", w.path);
            let (status, detail) = match (&w.error, &w.version, sw_version) {
                (Some(e), _, _) => (Severity::Unknown, e.clone()),
                (None, None, _) => (Severity::Unknown, format!("GET {}: no version string in the script", w.path)),
                (None, Some(_), Err(e)) => (Severity::Unknown, e.clone()),
                (None, Some(v), Ok(api)) if v == api => (Severity::Ok, format!("{v} (matches /api/sw-status)")),
                (None, Some(v), Ok(api)) => (
                    Severity::Warning,
                    format!("served {v}, but /api/sw-status reports {api} (stale CDN copy or unfinished deploy?)"),
                ),
            };
            Check::note(name, status, detail)
        })
        .collect()
}

/// `version` from `/api/sw-status`.
pub(crate) fn sw_status_version(doc: &Fetched, label: &str) -> Result<String, String> {
    let doc = doc.as_ref().map_err(Clone::clone)?;
    match doc.get("version") {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Some(Value::Null) | None => Err(format!("{label}: field `version` is missing or null")),
        Some(other) => Err(format!(
            "{label}: field `version` is {other}, not a version string"
        )),
    }
}

/// The rollout gate: open only when no check is CRITICAL or UNKNOWN (a WARNING does not hold
/// it). Returns the names of the checks holding it.
pub(crate) fn gate_failures(checks: &[Check]) -> Vec<String> {
    checks
        .iter()
        .filter(|c| matches!(c.status, Severity::Critical | Severity::Unknown))
        .map(|c| format!("{} {}", c.name, c.status.label()))
        .collect()
}

#[cfg(test)]
fn verdict(checks: &[Check]) -> Severity {
    crate::policy::check::worst(checks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn healthy_metrics() -> Value {
        json!({
            "hit_rates": {
                "feed-cache": {"ratio": 0.91}, "community-cache": {"ratio": 0.82},
                "marketplace-cache": {"ratio": 0.77}, "images-cache": {"ratio": 0.5}
            },
            "response_times_ms": {"cache_p95": 35, "network_fallback_p95": 1400},
            "storage": {"percentage": 62.5},
            "evictions": {"rate_percent_per_hour": 1.2}
        })
    }

    #[test]
    fn healthy_metrics_are_ok() {
        let checks = cache_kpi_checks(
            &Ok(healthy_metrics()),
            "GET /api/cache-metrics",
            &Thresholds::default(),
        );
        assert_eq!(checks.len(), 7);
        assert_eq!(verdict(&checks), Severity::Ok, "{checks:#?}");
        assert_eq!(checks[0].value, Figure::Known(91.0));
    }

    #[test]
    fn one_bad_field_is_unknown_the_rest_still_judged() {
        let mut m = healthy_metrics();
        m["storage"]["percentage"] = json!(180);
        m["hit_rates"]["feed-cache"]["ratio"] = json!(0.65);
        let checks = cache_kpi_checks(&Ok(m), "GET /api/cache-metrics", &Thresholds::default());
        let by = |n: &str| checks.iter().find(|c| c.name == n).unwrap().status;
        assert_eq!(by("storage utilization"), Severity::Unknown);
        assert_eq!(by("feed-cache hit rate"), Severity::Critical);
        assert_eq!(by("cache response time p95"), Severity::Ok);
        assert_eq!(verdict(&checks), Severity::Unknown);
    }

    #[test]
    fn failed_fetch_makes_every_kpi_unknown() {
        let checks = cache_kpi_checks(
            &Err("GET /api/cache-metrics: HTTP 503".into()),
            "GET /api/cache-metrics",
            &Thresholds::default(),
        );
        assert!(checks.iter().all(|c| c.status == Severity::Unknown));
        assert!(
            checks
                .iter()
                .all(|c| c.detail.as_deref() == Some("GET /api/cache-metrics: HTTP 503"))
        );
    }

    #[test]
    fn error_rate_boundaries() {
        let t = Thresholds::default();
        let cases = [
            (json!({"error_rate": 2.4}), Severity::Ok),
            (json!({"error_rate": 5.0}), Severity::Ok),
            (json!({"error_rate": 5.1}), Severity::Critical),
            (json!({"error_rate": 6}), Severity::Critical),
            (json!({"error_rate": null}), Severity::Unknown),
            (json!({}), Severity::Unknown),
            (json!({"error_rate": "7"}), Severity::Unknown),
            (json!({"error_rate": 107}), Severity::Unknown),
        ];
        for (doc, want) in cases {
            let c = error_rate_check(error_rate(&Ok(doc.clone()), "GET /api/error-metrics"), &t);
            assert_eq!(c.status, want, "{doc}");
        }
    }

    #[test]
    fn script_versions() {
        assert_eq!(
            script_version("const SW_VERSION = \"v1.0.0\";\nself.addEventListener"),
            Some("v1.0.0".into())
        );
        assert_eq!(
            script_version("// cache version: 'v2'\n"),
            Some("v2".into())
        );
        assert_eq!(script_version("self.skipWaiting()"), None);
        assert_eq!(script_version("const SW_VERSION = \"\";"), None);
    }

    #[test]
    fn worker_version_checks() {
        let w = |v: Option<&str>, err: Option<&str>| ServedWorker {
            path: "/sw-enhanced.js".into(),
            version: v.map(Into::into),
            sha256: None,
            etag: None,
            last_modified: None,
            error: err.map(Into::into),
            ..Default::default()
        };
        let api: Result<String, String> = Ok("v1.0.0".into());
        let st = |served: ServedWorker, api: &Result<String, String>| {
            worker_checks(api, &[served])[0].status
        };
        assert_eq!(st(w(Some("v1.0.0"), None), &api), Severity::Ok);
        assert_eq!(st(w(Some("v0.9.0"), None), &api), Severity::Warning);
        assert_eq!(st(w(None, None), &api), Severity::Unknown);
        assert_eq!(
            st(w(None, Some("GET /sw-enhanced.js: HTTP 404")), &api),
            Severity::Unknown
        );
        assert_eq!(
            st(w(Some("v1.0.0"), None), &Err("x".into())),
            Severity::Unknown
        );
        assert!(sw_status_version(&Ok(json!({"version": null})), "GET /api/sw-status").is_err());
        assert!(sw_status_version(&Ok(json!({"version": 3})), "GET /api/sw-status").is_err());
    }

    #[test]
    fn gate_holds_on_critical_or_unknown_only() {
        let t = Thresholds::default();
        let warn = error_rate_check(Figure::Known(4.0), &t);
        assert!(gate_failures(&[warn]).is_empty());
        let crit = error_rate_check(Figure::Known(7.0), &t);
        let unk = error_rate_check(Figure::Unknown("x".into()), &t);
        assert_eq!(gate_failures(&[crit, unk]).len(), 2);
    }
}
