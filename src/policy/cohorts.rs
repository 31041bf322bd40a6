//! The app's figures per cohort (`cohorts` in `/api/cache-metrics` and `/api/error-metrics`)
//! read into the counts the comparison tests on. A missing cohort or count is a reason, never
//! a zero: a comparison without it is inconclusive. Pure.

use serde_json::Value;

use crate::policy::figure::Figure;
use crate::policy::stats::Counts;
use crate::policy::validate::Fetched;

/// A count at `path` under the cohort: a non-negative integer, or why not.
fn count(cohort: &Value, path: &[&str], at: &str) -> Result<u64, String> {
    let mut v = cohort;
    for p in path {
        v = v
            .get(p)
            .ok_or_else(|| format!("{at}: no {}", path.join(".")))?;
    }
    v.as_u64()
        .ok_or_else(|| format!("{at}: {} is not a count ({v})", path.join(".")))
}

/// The cohort `name` of the document's `cohorts`.
fn cohort<'a>(doc: &'a Fetched, label: &str, name: &str) -> Result<&'a Value, String> {
    let doc = doc.as_ref().map_err(|e| e.clone())?;
    let cohorts = doc
        .get("cohorts")
        .filter(|c| c.is_object())
        .ok_or_else(|| format!("{label} reports no cohorts"))?;
    cohorts
        .get(name)
        .filter(|c| c.is_object())
        .ok_or_else(|| format!("{label} reports no cohort `{name}`"))
}

/// Errors of requests, from `/api/error-metrics`.
pub(crate) fn errors(doc: &Fetched, label: &str, name: &str) -> Result<Counts, String> {
    let c = cohort(doc, label, name)?;
    let at = format!("{label} cohort `{name}`");
    let counts = Counts {
        events: count(c, &["errors"], &at)?,
        total: count(c, &["requests"], &at)?,
    };
    check(counts, &at)
}

/// Hits of lookups of `cache`, from `/api/cache-metrics`.
pub(crate) fn hits(doc: &Fetched, label: &str, name: &str, cache: &str) -> Result<Counts, String> {
    let c = cohort(doc, label, name)?;
    let at = format!("{label} cohort `{name}`");
    let hits = count(c, &["hit_rates", cache, "hits"], &at)?;
    let misses = count(c, &["hit_rates", cache, "misses"], &at)?;
    check(
        Counts {
            events: hits,
            total: hits.saturating_add(misses),
        },
        &at,
    )
}

/// More events than the total is not a rate: the document is wrong.
pub(crate) fn check(c: Counts, at: &str) -> Result<Counts, String> {
    if c.events > c.total {
        Err(format!(
            "{at}: {} events of {} is not a rate",
            c.events, c.total
        ))
    } else {
        Ok(c)
    }
}

/// A cohort's counts from two figures (Prometheus's events and total), rounded to whole
/// counts (`increase()` interpolates); an UNKNOWN figure is the reason, never a zero.
pub(crate) fn from_figures(events: &Figure, total: &Figure, at: &str) -> Result<Counts, String> {
    let whole = |f: &Figure| match f {
        Figure::Known(v) if v.is_finite() && *v >= 0.0 => Ok(v.round() as u64),
        Figure::Known(v) => Err(format!("{at}: {v} is not a count")),
        Figure::Unknown(why) => Err(format!("{at}: {why}")),
    };
    check(
        Counts {
            events: whole(events)?,
            total: whole(total)?,
        },
        at,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prometheus_figures_are_counts_or_the_reason() {
        let k = Figure::Known;
        let c = from_figures(&k(479.6), &k(10_000.2), "enhanced").unwrap();
        assert_eq!((c.events, c.total), (480, 10_000));
        let stale = Figure::Unknown("the sample is 5m old".into());
        let e = from_figures(&stale, &k(1.0), "enhanced").unwrap_err();
        assert!(e.contains("5m old") && e.starts_with("enhanced"), "{e}");
        assert!(
            from_figures(&k(2.0), &k(1.0), "x")
                .unwrap_err()
                .contains("not a rate")
        );
        assert!(from_figures(&k(f64::NAN), &k(1.0), "x").is_err());
        assert!(from_figures(&k(-1.0), &k(1.0), "x").is_err());
    }

    #[test]
    fn reads_counts_or_says_why_not() {
        let doc: Fetched = Ok(json!({"error_rate": 2.6, "cohorts": {
            "enhanced": {"requests": 100, "errors": 5,
                         "hit_rates": {"feed-cache": {"hits": 90, "misses": 10}}},
            "control": {"requests": 900, "errors": -1},
            "odd": {"requests": 1, "errors": 2}
        }}));
        let l = "GET /api/error-metrics";
        assert_eq!(
            errors(&doc, l, "enhanced"),
            Ok(Counts {
                events: 5,
                total: 100
            })
        );
        assert_eq!(
            hits(&doc, l, "enhanced", "feed-cache"),
            Ok(Counts {
                events: 90,
                total: 100
            })
        );
        let bad = [
            (errors(&doc, l, "control"), "not a count"),
            (errors(&doc, l, "odd"), "not a rate"),
            (errors(&doc, l, "beta"), "no cohort `beta`"),
            (
                hits(&doc, l, "enhanced", "images-cache"),
                "no hit_rates.images-cache.hits",
            ),
            (
                errors(&Ok(json!({"error_rate": 1})), l, "enhanced"),
                "reports no cohorts",
            ),
            (errors(&Err("GET x: 503".into()), l, "enhanced"), "503"),
        ];
        for (got, why) in bad {
            assert!(
                got.as_ref().is_err_and(|e| e.contains(why)),
                "{got:?} ≠ {why}"
            );
        }
    }
}
