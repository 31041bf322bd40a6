//! Figures read from the app, validated: a value swcache may act on, or UNKNOWN with the reason.
//!
//! The guide's bash turned an HTTP 500, an HTML page or a `null` into an empty variable and then
//! silently took no action (or the wrong one). Here every figure a decision needs goes through
//! [`extract`], and anything but a finite number in range becomes [`Figure::Unknown`].

use serde::{Serialize, Serializer};
use serde_json::Value;

/// The range a figure must fall in to be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Range {
    /// 0–100 (admin-api.md: percentages are on a 0–100 scale).
    Percent,
    /// 0–1.
    Ratio,
    /// ≥ 0: counts, durations, sizes.
    NonNegative,
}

impl Range {
    pub(crate) fn admits(self, v: f64) -> bool {
        match self {
            Range::Percent => (0.0..=100.0).contains(&v),
            Range::Ratio => (0.0..=1.0).contains(&v),
            Range::NonNegative => v >= 0.0,
        }
    }
    fn describe(self) -> &'static str {
        match self {
            Range::Percent => "0–100",
            Range::Ratio => "0–1",
            Range::NonNegative => "≥ 0",
        }
    }
}

/// A figure as read: known and in range, or unknown with a one-line reason naming the endpoint
/// and the field.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Figure {
    Known(f64),
    Unknown(String),
}

impl Figure {
    pub(crate) fn value(&self) -> Option<f64> {
        match self {
            Figure::Known(v) => Some(*v),
            Figure::Unknown(_) => None,
        }
    }
    #[cfg(test)]
    pub(crate) fn reason(&self) -> Option<&str> {
        match self {
            Figure::Known(_) => None,
            Figure::Unknown(r) => Some(r),
        }
    }
    /// Scales a known figure (e.g. a 0–1 ratio shown as a percentage).
    pub(crate) fn scaled(self, factor: f64) -> Figure {
        match self {
            Figure::Known(v) => Figure::Known(v * factor),
            u => u,
        }
    }
}

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Figure::Known(v) => s.serialize_f64(*v),
            Figure::Unknown(_) => s.serialize_none(),
        }
    }
}

/// Looks up a dotted field (`storage.percentage`) in a JSON document.
pub(crate) fn lookup<'a>(doc: &'a Value, field: &str) -> Option<&'a Value> {
    field
        .split('.')
        .try_fold(doc, |node, key| node.as_object()?.get(key))
}

/// The keys of an object field of a fetched document (the caches of `hit_rates`, …); none when
/// the fetch failed or the field is not an object.
pub(crate) fn keys<E>(fetched: &Result<Value, E>, field: &str) -> Vec<String> {
    fetched
        .as_ref()
        .ok()
        .and_then(|d| lookup(d, field))
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Reads one numeric figure from a response. `source` names the endpoint (`GET /api/x`).
pub(crate) fn extract(doc: &Value, source: &str, field: &str, range: Range) -> Figure {
    let unknown = |why: String| Figure::Unknown(format!("{source}: field `{field}` {why}"));
    match lookup(doc, field) {
        None => unknown("is missing".into()),
        Some(Value::Null) => unknown("is null".into()),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(v) if !v.is_finite() => unknown("is not a finite number".into()),
            Some(v) if range.admits(v) => Figure::Known(v),
            Some(v) => unknown(format!("is {v}, outside {}", range.describe())),
            None => unknown("is not a number".into()),
        },
        Some(Value::String(s)) => unknown(format!("is a string ({:?}), not a number", clip(s))),
        Some(other) => unknown(format!("is {}, not a number", kind(other))),
    }
}

/// Reads one figure from a fetch that may itself have failed.
pub(crate) fn from_fetch<E: std::fmt::Display>(
    fetched: &Result<Value, E>,
    source: &str,
    field: &str,
    range: Range,
) -> Figure {
    match fetched {
        Ok(doc) => extract(doc, source, field, range),
        Err(e) => Figure::Unknown(e.to_string()),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn clip(s: &str) -> String {
    if s.chars().count() > 24 {
        format!("{}…", s.chars().take(24).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SRC: &str = "GET /api/cache-metrics";

    #[test]
    fn validation_table() {
        let cases: Vec<(Value, Range, Option<f64>, &str)> = vec![
            (json!({"p": 62.5}), Range::Percent, Some(62.5), ""),
            (json!({"p": 0}), Range::Percent, Some(0.0), ""),
            (json!({"p": 100}), Range::Percent, Some(100.0), ""),
            (json!({"p": 100.01}), Range::Percent, None, "outside 0–100"),
            (json!({"p": 180}), Range::Percent, None, "outside 0–100"),
            (json!({"p": -0.5}), Range::Percent, None, "outside"),
            (json!({"p": null}), Range::Percent, None, "is null"),
            (json!({}), Range::Percent, None, "is missing"),
            (json!({"p": "62.5"}), Range::Percent, None, "is a string"),
            (json!({"p": true}), Range::Percent, None, "a boolean"),
            (json!({"p": [1]}), Range::Percent, None, "an array"),
            (json!({"p": 0.91}), Range::Ratio, Some(0.91), ""),
            (json!({"p": 1.0}), Range::Ratio, Some(1.0), ""),
            (json!({"p": 1.2}), Range::Ratio, None, "outside 0–1"),
            (json!({"p": 750}), Range::NonNegative, Some(750.0), ""),
            (json!({"p": -1}), Range::NonNegative, None, "outside"),
            (json!([1, 2]), Range::NonNegative, None, "is missing"),
        ];
        for (doc, range, want, why) in cases {
            let got = extract(&doc, SRC, "p", range);
            assert_eq!(got.value(), want, "{doc} {range:?}");
            if want.is_none() {
                let reason = got.reason().unwrap();
                assert!(reason.contains(why), "{reason} should say {why}");
                assert!(reason.starts_with(SRC), "{reason} names the endpoint");
                assert!(reason.contains("`p`"), "{reason} names the field");
            }
        }
    }

    #[test]
    fn nested_fields_and_failed_fetches() {
        let doc = json!({"storage": {"percentage": 85}});
        assert_eq!(
            extract(&doc, SRC, "storage.percentage", Range::Percent),
            Figure::Known(85.0)
        );
        let failed: Result<Value, String> = Err("GET /api/cache-metrics: HTTP 503".into());
        let f = from_fetch(&failed, SRC, "storage.percentage", Range::Percent);
        assert_eq!(f.reason(), Some("GET /api/cache-metrics: HTTP 503"));
    }

    #[test]
    fn unknown_serializes_as_null() {
        assert_eq!(
            serde_json::to_string(&Figure::Unknown("x".into())).unwrap(),
            "null"
        );
        assert_eq!(serde_json::to_string(&Figure::Known(2.5)).unwrap(), "2.5");
    }
}
