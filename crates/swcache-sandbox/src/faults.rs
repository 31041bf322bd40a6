//! The fault model: what a test (or `--fault SPEC`) can make one app path do, the spec syntax,
//! and the live set of faults with their `times` budgets. Applying a fault to a response is
//! `inject.rs`.

use std::collections::BTreeMap;

use axum::http::{HeaderName, HeaderValue};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// One injected misbehaviour. Every field but `path` is optional; all matching faults apply.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Exact request path without query, or `*` for every app path.
    pub path: String,
    /// Only requests with this method (case-insensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Answer this status with `{"error":"injected"}`, without running the handler.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Retry-After header value (a number is accepted and kept as its text).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "string_or_number"
    )]
    pub retry_after: Option<String>,
    /// Raw response body replacing the real one (HTML, truncated JSON, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Content-Type override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Dotted path removed from the JSON response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_field: Option<String>,
    /// Dotted path set to `value` in the JSON response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_field: Option<String>,
    /// Any JSON value, `null` included (hence the custom deserializer: a present `null` is
    /// `Some(Null)`, not "absent").
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub value: Option<Value>,
    /// Sleep this long before answering ("hung" = long).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// Pad the JSON response to exactly this many bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_bytes: Option<u64>,
    /// Answer 302 with this Location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<String>,
    /// Response headers set (or replaced), e.g. `{"cache-control": "max-age=86400"}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<BTreeMap<String, String>>,
    /// A response header removed (e.g. `service-worker-allowed`), after `headers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_header: Option<String>,
    /// Apply this many times, then disappear; absent = forever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// Close a kept-alive connection when a second request arrives on it, unanswered (a
    /// server dropping keep-alive connections right after each response). Connection-level:
    /// it applies to every path while the fault is set, whatever `path` says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_reused: Option<bool>,
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(D::Error::custom(format!(
            "retry_after must be a string or a number, got {other}"
        ))),
    }
}

impl Fault {
    /// A fault on `path` that does nothing yet; set the effect fields.
    pub fn new(path: impl Into<String>) -> Fault {
        Fault {
            path: path.into(),
            ..Fault::default()
        }
    }

    pub fn matches(&self, method: &str, path: &str) -> bool {
        (self.path == "*" || self.path == path)
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    }

    /// Rejects faults that could never do anything or are malformed.
    pub fn validate(&self) -> Result<(), String> {
        if self.path != "*" && !self.path.starts_with('/') {
            return Err(format!(
                "fault path must start with '/' or be '*', got '{}'",
                self.path
            ));
        }
        if self.path.contains('?') {
            return Err(format!(
                "fault path must not contain a query: '{}'",
                self.path
            ));
        }
        if let Some(m) = &self.method
            && (m.is_empty() || !m.chars().all(|c| c.is_ascii_alphabetic()))
        {
            return Err(format!(
                "fault method must be an HTTP method like GET, got '{m}'"
            ));
        }
        if let Some(s) = self.status
            && !(100..=599).contains(&s)
        {
            return Err(format!("fault status must be 100-599, got {s}"));
        }
        if self.times == Some(0) {
            return Err("fault times must be at least 1 (omit it for forever)".into());
        }
        for (name, field) in [
            ("drop_field", &self.drop_field),
            ("set_field", &self.set_field),
        ] {
            if let Some(f) = field
                && (f.is_empty() || f.split('.').any(str::is_empty))
            {
                return Err(format!(
                    "{name} must be a dotted path like storage.percentage, got '{f}'"
                ));
            }
        }
        if self.value.is_some() && self.set_field.is_none() {
            return Err("value needs set_field (which field to set)".into());
        }
        if self.redirect.as_deref() == Some("") {
            return Err("redirect needs a Location".into());
        }
        for (name, value) in self.headers.iter().flatten() {
            if HeaderName::from_bytes(name.as_bytes()).is_err()
                || HeaderValue::from_str(value).is_err()
            {
                return Err(format!(
                    "header '{name}: {value}' is not a valid HTTP header"
                ));
            }
        }
        if let Some(h) = &self.drop_header
            && HeaderName::from_bytes(h.as_bytes()).is_err()
        {
            return Err(format!("drop_header '{h}' is not a header name"));
        }
        let has_effect = self.status.is_some()
            || self.retry_after.is_some()
            || self.body.is_some()
            || self.content_type.is_some()
            || self.drop_field.is_some()
            || self.set_field.is_some()
            || self.delay_ms.is_some()
            || self.body_bytes.is_some()
            || self.redirect.is_some()
            || self.headers.as_ref().is_some_and(|h| !h.is_empty())
            || self.drop_header.is_some()
            || self.close_reused == Some(true);
        if !has_effect {
            return Err(format!(
                "fault on '{}' has no effect; give one of status, retry_after, body, content_type, \
                 drop_field, set_field, delay, body_bytes, redirect, header, drop_header, \
                 close_reused",
                self.path
            ));
        }
        Ok(())
    }
}

const KEYS: &[&str] = &[
    "method",
    "status",
    "retry_after",
    "retry-after",
    "body",
    "content_type",
    "content-type",
    "drop_field",
    "drop",
    "set_field",
    "set",
    "value",
    "delay",
    "delay_ms",
    "body_bytes",
    "redirect",
    "header",
    "drop_header",
    "times",
    "close_reused",
];

/// Parses `PATH[:key=value[,key=value...]]`, e.g. `/api/error-metrics:status=503,retry_after=2`.
///
/// Keys: method, status, retry_after, body, content_type, drop_field (drop), set_field (set),
/// value (JSON if it parses, else a string), delay (humantime: `5s`, `250ms`; a bare number is
/// ms), delay_ms, body_bytes (`20MB`, `512KiB`, `1000`), redirect, header (`Name:value`, may
/// repeat), drop_header, times, close_reused. A comma that is not followed by `key=` belongs to the previous
/// value, so `value={"a":1,"b":2}` and `header=cache-control:public, max-age=60` work.
pub fn parse_fault_spec(spec: &str) -> Result<Fault, String> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err(
            "empty fault spec; expected PATH[:key=value,...], e.g. /api/error-metrics:status=503"
                .into(),
        );
    }
    let (path, rest) = match spec.split_once(':') {
        Some((path, rest)) => (path.trim(), Some(rest)),
        None => (spec, None),
    };
    let mut fault = Fault::new(path);
    if let Some(rest) = rest {
        for (key, value) in split_pairs(rest)? {
            set_key(&mut fault, &key, &value).map_err(|e| format!("fault spec '{spec}': {e}"))?;
        }
    }
    fault
        .validate()
        .map_err(|e| format!("fault spec '{spec}': {e}"))?;
    Ok(fault)
}

fn split_pairs(rest: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for part in rest.split(',') {
        let key = part.split_once('=').map(|(k, _)| k.trim());
        match key {
            Some(k) if KEYS.contains(&k) => {
                let value = part.split_once('=').map(|(_, v)| v).unwrap_or_default();
                pairs.push((k.to_string(), value.to_string()));
            }
            _ => {
                let looks_like_key = key.is_some_and(|k| {
                    !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-')
                });
                match pairs.last_mut() {
                    // Free text may hold commas; anything else with an unknown key is a typo.
                    Some((prev, value))
                        if prev == "body"
                            || prev == "value"
                            || prev == "header"
                            || !looks_like_key =>
                    {
                        value.push(',');
                        value.push_str(part);
                    }
                    _ if looks_like_key => {
                        return Err(format!(
                            "unknown fault key '{}' (keys: method, status, retry_after, body, content_type, \
                             drop_field, set_field, value, delay, delay_ms, body_bytes, redirect, header, \
                             drop_header, times)",
                            key.unwrap_or_default()
                        ));
                    }
                    _ => return Err(format!("expected key=value, got '{part}'")),
                }
            }
        }
    }
    Ok(pairs)
}

fn set_key(f: &mut Fault, key: &str, value: &str) -> Result<(), String> {
    let int = |what: &str| -> Result<u64, String> {
        value
            .trim()
            .parse::<u64>()
            .map_err(|_| format!("{what} must be a whole number, got '{value}'"))
    };
    match key {
        "method" => f.method = Some(value.trim().to_ascii_uppercase()),
        "status" => {
            f.status =
                Some(value.trim().parse().map_err(|_| {
                    format!("status must be an HTTP status like 503, got '{value}'")
                })?)
        }
        "retry_after" | "retry-after" => f.retry_after = Some(value.trim().to_string()),
        "body" => f.body = Some(value.to_string()),
        "content_type" | "content-type" => f.content_type = Some(value.trim().to_string()),
        "drop_field" | "drop" => f.drop_field = Some(value.trim().to_string()),
        "set_field" | "set" => f.set_field = Some(value.trim().to_string()),
        "value" => {
            f.value = Some(
                serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_string())),
            )
        }
        "delay" => {
            let v = value.trim();
            let ms = match v.parse::<u64>() {
                Ok(ms) => ms,
                Err(_) => humantime::parse_duration(v)
                    .map_err(|e| {
                        format!("delay must be a duration like 5s or 250ms, got '{v}': {e}")
                    })?
                    .as_millis() as u64,
            };
            f.delay_ms = Some(ms);
        }
        "delay_ms" => f.delay_ms = Some(int("delay_ms")?),
        "body_bytes" => f.body_bytes = Some(parse_size(value)?),
        "redirect" => f.redirect = Some(value.trim().to_string()),
        "header" => {
            let (name, v) = value
                .split_once(':')
                .ok_or_else(|| format!("header must be Name:value, got '{value}'"))?;
            f.headers
                .get_or_insert_with(BTreeMap::new)
                .insert(name.trim().to_ascii_lowercase(), v.trim().to_string());
        }
        "drop_header" => f.drop_header = Some(value.trim().to_ascii_lowercase()),
        "times" => {
            f.times = Some(
                u32::try_from(int("times")?).map_err(|_| format!("times is too large: {value}"))?,
            )
        }
        "close_reused" => {
            f.close_reused = Some(match value.trim() {
                "" | "true" | "1" => true,
                "false" | "0" => false,
                other => return Err(format!("close_reused is true or false, got '{other}'")),
            })
        }
        _ => return Err(format!("unknown fault key '{key}'")),
    }
    Ok(())
}

/// `20MB` (decimal), `20MiB` (binary), `512k`, `1000`.
fn parse_size(value: &str) -> Result<u64, String> {
    let v = value.trim();
    let split = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (digits, unit) = v.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("body_bytes must be a size like 20MB or 1000, got '{v}'"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "kib" => 1_024,
        "m" | "mb" => 1_000_000,
        "mib" => 1_048_576,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1_073_741_824,
        other => {
            return Err(format!(
                "unknown size unit '{other}' in '{v}' (use B, KB, KiB, MB, MiB)"
            ));
        }
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("body_bytes too large: '{v}'"))
}

/// The live faults; matching consumes `times` budgets.
#[derive(Debug, Default)]
pub struct FaultSet {
    faults: Vec<Fault>,
}

impl FaultSet {
    pub fn list(&self) -> &[Fault] {
        &self.faults
    }

    pub fn add(&mut self, fault: Fault) {
        self.faults.push(fault);
    }

    pub fn clear(&mut self) {
        self.faults.clear();
    }

    /// Every fault matching this request, in insertion order; counts each one use.
    pub fn take_matching(&mut self, method: &str, path: &str) -> Vec<Fault> {
        let mut hit = Vec::new();
        for f in &mut self.faults {
            if f.matches(method, path) {
                hit.push(f.clone());
                if let Some(t) = &mut f.times {
                    *t = t.saturating_sub(1);
                }
            }
        }
        self.faults.retain(|f| f.times != Some(0));
        hit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_the_documented_examples() {
        let f = parse_fault_spec("/api/error-metrics:status=503,retry_after=2").unwrap();
        assert_eq!(f.path, "/api/error-metrics");
        assert_eq!(f.status, Some(503));
        assert_eq!(f.retry_after.as_deref(), Some("2"));

        let f =
            parse_fault_spec("/api/cache-metrics:set_field=storage.percentage,value=180").unwrap();
        assert_eq!(f.set_field.as_deref(), Some("storage.percentage"));
        assert_eq!(f.value, Some(json!(180)));

        let f = parse_fault_spec("/api/error-metrics:drop_field=error_rate").unwrap();
        assert_eq!(f.drop_field.as_deref(), Some("error_rate"));

        let f = parse_fault_spec("/api/sync-status:delay=5s").unwrap();
        assert_eq!(f.delay_ms, Some(5000));

        let f = parse_fault_spec("/api/error-metrics:body=<html>").unwrap();
        assert_eq!(f.body.as_deref(), Some("<html>"));
    }

    #[test]
    fn parses_values_and_the_rest_of_the_keys() {
        let f = parse_fault_spec("/x:set=a.b,value=null").unwrap();
        assert_eq!(f.value, Some(Value::Null));
        let f = parse_fault_spec("/x:set=a,value=abc").unwrap();
        assert_eq!(f.value, Some(json!("abc")));
        let f = parse_fault_spec(r#"/x:set=a,value={"k":1,"j":[1,2]}"#).unwrap();
        assert_eq!(f.value, Some(json!({"k":1,"j":[1,2]})));
        let f = parse_fault_spec(r#"/api/error-metrics:body={"error_rate": 7,times=2"#).unwrap();
        assert_eq!(f.body.as_deref(), Some(r#"{"error_rate": 7"#));
        assert_eq!(f.times, Some(2));
        let f = parse_fault_spec("/x:body=a,b,c").unwrap();
        assert_eq!(f.body.as_deref(), Some("a,b,c"));
        let f = parse_fault_spec("*:method=post,status=500,delay=250ms,content_type=text/html")
            .unwrap();
        assert_eq!(f.path, "*");
        assert_eq!(f.method.as_deref(), Some("POST"));
        assert_eq!(f.delay_ms, Some(250));
        let f = parse_fault_spec("/x:body_bytes=20MB").unwrap();
        assert_eq!(f.body_bytes, Some(20_000_000));
        let f = parse_fault_spec("/x:body_bytes=1KiB,redirect=/login").unwrap();
        assert_eq!(f.body_bytes, Some(1024));
        assert_eq!(f.redirect.as_deref(), Some("/login"));
        let f = parse_fault_spec("/x:delay=1500").unwrap();
        assert_eq!(f.delay_ms, Some(1500));
    }

    #[test]
    fn parses_header_overrides() {
        let f = parse_fault_spec(
            "/sw.js:header=Cache-Control:public, max-age=86400,header=x-a:1,drop_header=Service-Worker-Allowed",
        )
        .unwrap();
        let h = f.headers.unwrap();
        assert_eq!(h["cache-control"], "public, max-age=86400");
        assert_eq!(h["x-a"], "1");
        assert_eq!(f.drop_header.as_deref(), Some("service-worker-allowed"));
        assert!(parse_fault_spec("/x:header=novalue").is_err());
        assert!(parse_fault_spec("/x:drop_header=bad name").is_err());
        let f: Fault =
            serde_json::from_value(json!({"path":"/x","headers":{"cache-control":"max-age=60"}}))
                .unwrap();
        f.validate().unwrap();
    }

    #[test]
    fn readable_errors() {
        let err = |s: &str| parse_fault_spec(s).unwrap_err();
        assert!(err("").contains("empty"));
        assert!(err("/api/x").contains("no effect"));
        assert!(err("api/x:status=503").contains("start with '/'"));
        assert!(err("/x:status=abc").contains("status"));
        assert!(err("/x:status=700").contains("100-599"));
        assert!(err("/x:stauts=503").contains("unknown fault key 'stauts'"));
        assert!(err("/x:status=503,stauts=1").contains("unknown fault key"));
        assert!(err("/x:delay=soon").contains("delay"));
        assert!(err("/x:body_bytes=3parsecs").contains("unit"));
        assert!(err("/x:value=1").contains("set_field"));
        assert!(err("/x:status=503,times=0").contains("times"));
        assert!(err("/x?a=1:status=503").contains("query"));
        assert!(err("/x:drop=a..b").contains("dotted"));
    }

    #[test]
    fn serde_round_trip_keeps_null_value() {
        let f: Fault = serde_json::from_value(
            json!({"path":"/x","set_field":"a","value":null,"retry_after":2}),
        )
        .unwrap();
        assert_eq!(f.value, Some(Value::Null));
        assert_eq!(f.retry_after.as_deref(), Some("2"));
        let back: Fault = serde_json::from_value(serde_json::to_value(&f).unwrap()).unwrap();
        assert_eq!(back, f);
        assert!(serde_json::from_value::<Fault>(json!({"path":"/x","stauts":1})).is_err());
    }

    #[test]
    fn times_budget_and_matching() {
        let mut set = FaultSet::default();
        set.add(parse_fault_spec("/a:status=503,times=2").unwrap());
        set.add(parse_fault_spec("*:delay=1ms").unwrap());
        set.add(parse_fault_spec("/a:method=POST,status=500").unwrap());
        assert_eq!(set.take_matching("GET", "/a").len(), 2);
        assert_eq!(set.take_matching("POST", "/a").len(), 3);
        assert_eq!(set.take_matching("GET", "/a").len(), 1, "times=2 used up");
        assert_eq!(set.list().len(), 2);
        assert_eq!(set.take_matching("GET", "/b").len(), 1);
    }
}
