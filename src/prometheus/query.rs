//! One instant query (`GET /api/v1/query`) and its answer judged: a figure, or UNKNOWN with
//! the reason, always naming the query.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use super::settings::PromSettings;
use crate::policy::figure::{Figure, Range};
use crate::redact;

/// The most of an answer read: one sample is a few hundred bytes; a query matching a whole
/// fleet is not a figure either way (it is UNKNOWN for holding several series).
pub(crate) const MAX_ANSWER: usize = 256 * 1024;

/// What Prometheus answered, as read.
#[derive(Clone, Debug)]
pub(crate) enum Answer {
    /// The HTTP status and the body (at most [`MAX_ANSWER`] bytes).
    Body(u16, Vec<u8>),
    /// No answer: a connection refused, a deadline passed, a body over the cap.
    Failed(String),
}

/// How far ahead of this machine's clock a sample may be stamped (two hosts' clocks differ a
/// little); a sample further ahead is not to be trusted as "now".
pub(crate) const MAX_CLOCK_SKEW: Duration = Duration::from_secs(30);

fn unknown(q: &str, why: impl AsRef<str>) -> Figure {
    Figure::Unknown(format!("Prometheus query `{q}`: {}", why.as_ref()))
}

/// Judges an answer to `q` at `now` (Unix seconds). Pure: the UNKNOWN rules live here.
pub(crate) fn judge(q: &str, answer: &Answer, now: f64, max_age: Duration, range: Range) -> Figure {
    match figure_in(answer, now, max_age, range) {
        Ok(v) => Figure::Known(v),
        Err(why) => unknown(q, why),
    }
}

/// [`judge`]'s stages, each failing with the reason: a clean answer, its one sample, a number,
/// recent enough, in range.
fn figure_in(answer: &Answer, now: f64, max_age: Duration, range: Range) -> Result<f64, String> {
    let doc = clean_answer(answer)?;
    let sample = one_sample(&doc["data"])?;
    let (ts, v) = sample_value(sample)?;
    check_age(now - ts, max_age)?;
    if !range.admits(v) {
        return Err(format!("the value {v} is outside {}", range_text(range)));
    }
    Ok(v)
}

/// The answer's JSON when it is a whole success: an HTTP success, `status: success`, no
/// warnings.
fn clean_answer(answer: &Answer) -> Result<Value, String> {
    let (status, body) = match answer {
        Answer::Failed(why) => return Err(why.clone()),
        Answer::Body(s, b) => (*s, b),
    };
    let doc: Value = match serde_json::from_slice(body) {
        Ok(d) => d,
        Err(_) if (200..300).contains(&status) => {
            return Err(format!("HTTP {status}, but the answer is not JSON"));
        }
        Err(_) => return Err(format!("HTTP {status}")),
    };
    if doc["status"] != "success" {
        let kind = doc["errorType"].as_str().unwrap_or("error");
        let msg = doc["error"].as_str().unwrap_or("no message");
        return Err(format!(
            "Prometheus answered HTTP {status}, {kind}: {}",
            clip(msg)
        ));
    }
    // A success body inside an HTTP error (a proxy, a half-broken server) is not an answer.
    if !(200..300).contains(&status) {
        return Err(format!("HTTP {status}, though the body says success"));
    }
    // A partial answer (a shard or a remote read failed) is not the whole figure.
    if let Some(w) = doc["warnings"].as_array().filter(|w| !w.is_empty()) {
        let first = w.first().and_then(Value::as_str).unwrap_or("a warning");
        return Err(format!(
            "the answer is partial ({} warning(s): {})",
            w.len(),
            clip(first)
        ));
    }
    Ok(doc)
}

/// The one sample in `data`: an instant vector's only series, or a scalar.
fn one_sample(data: &Value) -> Result<&Value, String> {
    match data["resultType"].as_str() {
        Some("vector") => match data["result"].as_array().map(Vec::as_slice) {
            Some([]) => Err("no series (the metric is missing or not scraped)".into()),
            Some([one]) => Ok(&one["value"]),
            Some(many) => Err(format!(
                "{} series where one is expected (aggregate them or add label matchers): {}",
                many.len(),
                many.iter()
                    .take(3)
                    .map(|s| series_name(&s["metric"]))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            None => Err("the answer holds no result list".into()),
        },
        Some("scalar") => Ok(&data["result"]),
        Some(other) => Err(format!(
            "answered a {other}, not one number (an instant vector or a scalar)"
        )),
        None => Err("the answer holds no resultType".into()),
    }
}

/// A sample's timestamp and finite value.
fn sample_value(sample: &Value) -> Result<(f64, f64), String> {
    let (Some(ts), Some(text)) = (sample[0].as_f64(), sample[1].as_str()) else {
        return Err("the sample is not [timestamp, \"value\"]".into());
    };
    let Ok(v) = text.parse::<f64>() else {
        return Err(format!("the value {:?} is not a number", clip(text)));
    };
    if !v.is_finite() {
        return Err(format!("the value is {text}, not a finite number"));
    }
    Ok((ts, v))
}

/// A sample `age` seconds old is neither from the future (beyond clock skew) nor stale.
fn check_age(age: f64, max_age: Duration) -> Result<(), String> {
    if age < -MAX_CLOCK_SKEW.as_secs_f64() {
        return Err(format!(
            "the sample is from the future: {} ahead of this machine's clock (more than the \
             {} allowed for clock skew)",
            crate::numbers::duration(Duration::from_secs(-age as u64)),
            crate::numbers::duration(MAX_CLOCK_SKEW)
        ));
    }
    if age > max_age.as_secs_f64() {
        return Err(format!(
            "the sample is stale: {} old, more than max_age {}",
            crate::numbers::duration(Duration::from_secs(age as u64)),
            crate::numbers::duration(max_age)
        ));
    }
    Ok(())
}

/// Whether a successful answer holds nothing: no series, or one NaN sample (the 0/0 of a
/// cohort without requests). `Some(why)` then; `None` for a figure or a failure, which
/// [`judge`] says.
pub(crate) fn nothing_in(q: &str, answer: &Answer) -> Option<String> {
    let Answer::Body(status, body) = answer else {
        return None;
    };
    let doc: Value = serde_json::from_slice(body).ok()?;
    let clean = (200..300).contains(status)
        && doc["status"] == "success"
        && doc["warnings"].as_array().is_none_or(Vec::is_empty);
    if !clean {
        return None;
    }
    let data = &doc["data"];
    let value = match (data["resultType"].as_str(), data["result"].as_array()) {
        (Some("vector"), Some(v)) if v.is_empty() => {
            return Some(format!("Prometheus query `{q}`: no series"));
        }
        (Some("vector"), Some(v)) if v.len() == 1 => &v[0]["value"][1],
        (Some("scalar"), _) => &data["result"][1],
        _ => return None,
    };
    (value.as_str() == Some("NaN"))
        .then(|| format!("Prometheus query `{q}`: NaN (nothing counted)"))
}

/// Judges an answer to a range query `q` (`/api/v1/query_range`) at `now`: the one series'
/// samples in order, or why not (as [`judge`]: an error, a partial answer, no series, several).
/// A NaN point (0/0: nothing counted that moment) is no sample and is left out; ±Inf or a value
/// out of `range` makes the whole window UNKNOWN, as does a last sample older than `max_age`
/// (the series stopped) or one from the future.
pub(crate) fn judge_range(
    q: &str,
    answer: &Answer,
    now: f64,
    max_age: Duration,
    range: Range,
) -> Result<Vec<f64>, String> {
    let why = |w: String| format!("Prometheus range query `{q}`: {w}");
    let (status, body) = match answer {
        Answer::Failed(w) => return Err(why(w.clone())),
        Answer::Body(s, b) => (*s, b),
    };
    let doc: Value = serde_json::from_slice(body).map_err(|_| why(format!("HTTP {status}")))?;
    if doc["status"] != "success" || !(200..300).contains(&status) {
        let msg = doc["error"].as_str().unwrap_or("no message");
        return Err(why(format!("HTTP {status}: {}", clip(msg))));
    }
    if doc["warnings"].as_array().is_some_and(|w| !w.is_empty()) {
        return Err(why("the answer is partial (warnings)".into()));
    }
    let data = &doc["data"];
    if data["resultType"] != "matrix" {
        return Err(why("the answer is not a matrix".into()));
    }
    let values = match data["result"].as_array().map(Vec::as_slice) {
        Some([]) => return Err(why("no series".into())),
        Some([one]) => one["values"].as_array().cloned().unwrap_or_default(),
        Some(many) => {
            return Err(why(format!(
                "{} series where one is expected (aggregate them)",
                many.len()
            )));
        }
        None => return Err(why("the answer holds no result list".into())),
    };
    let mut samples = Vec::with_capacity(values.len());
    let mut last = f64::NEG_INFINITY;
    for point in &values {
        let (Some(ts), Some(text)) = (point[0].as_f64(), point[1].as_str()) else {
            return Err(why("a point is not [timestamp, \"value\"]".into()));
        };
        let v: f64 = text
            .parse()
            .map_err(|_| why(format!("the value {:?} is not a number", clip(text))))?;
        last = last.max(ts);
        if v.is_nan() {
            continue;
        }
        if !v.is_finite() || !range.admits(v) {
            return Err(why(format!(
                "the value {text} is outside {}",
                range_text(range)
            )));
        }
        samples.push(v);
    }
    if last > now + MAX_CLOCK_SKEW.as_secs_f64() {
        return Err(why("a sample is from the future".into()));
    }
    if now - last > max_age.as_secs_f64() {
        return Err(why(format!(
            "the last sample is stale (more than max_age {} old)",
            crate::numbers::duration(max_age)
        )));
    }
    Ok(samples)
}

/// Sends one range query (`start`..`end`, a point every `step`), read as [`query`] reads.
pub(crate) async fn query_range(
    http: &reqwest::Client,
    s: &PromSettings,
    q: &str,
    (start, end): (f64, f64),
    step: Duration,
) -> Answer {
    let mut url = s.url.clone();
    let prefix = url.path().trim_end_matches('/').to_string();
    url.set_path(&format!("{prefix}/api/v1/query_range"));
    let req = http.get(url).query(&[
        ("query", q.to_string()),
        ("start", format!("{start:.3}")),
        ("end", format!("{end:.3}")),
        ("step", format!("{}ms", step.as_millis().max(1))),
        ("timeout", format!("{}ms", s.timeout.as_millis())),
    ]);
    send(s, req).await
}

/// Sends one instant query within the deadline and reads at most [`MAX_ANSWER`] bytes.
pub(crate) async fn query(http: &reqwest::Client, s: &PromSettings, q: &str) -> Answer {
    let mut url = s.url.clone();
    let prefix = url.path().trim_end_matches('/').to_string();
    url.set_path(&format!("{prefix}/api/v1/query"));
    let req = http.get(url).query(&[
        ("query", q.to_string()),
        // Prometheus stops evaluating at our deadline too, rather than working on for nothing.
        ("timeout", format!("{}ms", s.timeout.as_millis())),
    ]);
    send(s, req).await
}

/// Sends a request with the credentials and reads at most [`MAX_ANSWER`] bytes.
async fn send(s: &PromSettings, mut req: reqwest::RequestBuilder) -> Answer {
    if let Some(auth) = &s.auth {
        req = match auth.apply(req) {
            Ok(r) => r,
            Err(why) => return Answer::Failed(why),
        };
    }
    let mut resp = match req.send().await {
        Ok(r) => r,
        Err(e) => return Answer::Failed(redact::request_cause(&e)),
    };
    let status = resp.status().as_u16();
    if resp.content_length().is_some_and(|n| n > MAX_ANSWER as u64) {
        return Answer::Failed(format!(
            "the answer is larger than {MAX_ANSWER} bytes; not read"
        ));
    }
    let mut body = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(c)) if body.len() + c.len() > MAX_ANSWER => {
                return Answer::Failed(format!(
                    "the answer is larger than {MAX_ANSWER} bytes; not read"
                ));
            }
            Ok(Some(c)) => body.extend_from_slice(&c),
            Ok(None) => break,
            Err(e) => return Answer::Failed(redact::request_cause(&e)),
        }
    }
    Answer::Body(status, body)
}

/// The HTTP client for one run's queries: the deadline on every request, no redirects (the
/// credentials stay with the configured server), no trust store for plain http.
pub(crate) fn client(s: &PromSettings) -> Result<reqwest::Client, String> {
    let mut b = reqwest::Client::builder()
        .timeout(s.timeout)
        .connect_timeout(s.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("swcache/", env!("CARGO_PKG_VERSION")));
    if s.url.scheme() != "https" {
        b = b.tls_certs_only(Vec::new());
    }
    b.build().map_err(|e| {
        format!(
            "cannot set up the HTTP client: {}",
            redact::text(&e.to_string())
        )
    })
}

/// Seconds since the epoch, as Prometheus stamps samples.
pub(crate) fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default()
}

fn series_name(metric: &Value) -> String {
    let Some(m) = metric.as_object() else {
        return "{}".into();
    };
    let name = m.get("__name__").and_then(Value::as_str).unwrap_or("");
    let labels: Vec<String> = m
        .iter()
        .filter(|(k, _)| *k != "__name__")
        .map(|(k, v)| format!("{k}={}", v.as_str().map(clip).unwrap_or_default()))
        .collect();
    clip(&format!("{name}{{{}}}", labels.join(",")))
}

fn range_text(r: Range) -> &'static str {
    match r {
        Range::Percent => "0–100",
        Range::Ratio => "0–1",
        Range::NonNegative => "≥ 0",
    }
}

fn clip(s: &str) -> String {
    let s = redact::text(s);
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: &str = "cache_storage_utilization_percent";
    const NOW: f64 = 1_700_000_000.0;

    fn body(json: &str) -> Answer {
        Answer::Body(200, json.as_bytes().to_vec())
    }

    fn vector(samples: &[(&str, f64, &str)]) -> Answer {
        let result: Vec<String> = samples
            .iter()
            .map(|(labels, ts, v)| {
                format!(r#"{{"metric":{{"__name__":"m"{labels}}},"value":[{ts},"{v}"]}}"#)
            })
            .collect();
        body(&format!(
            r#"{{"status":"success","data":{{"resultType":"vector","result":[{}]}}}}"#,
            result.join(",")
        ))
    }

    fn judged(a: &Answer, range: Range) -> Figure {
        judge(Q, a, NOW, Duration::from_secs(120), range)
    }

    /// Every way an answer is not one fresh finite figure in range, and the ways it is.
    #[test]
    fn unknown_rules() {
        let cases: Vec<(Answer, Range, Option<f64>, &str)> = vec![
            (vector(&[("", NOW, "62.5")]), Range::Percent, Some(62.5), ""),
            (
                vector(&[("", NOW - 119.0, "0")]),
                Range::Percent,
                Some(0.0),
                "",
            ),
            (
                body(
                    r#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"7"]}}"#,
                ),
                Range::NonNegative,
                Some(7.0),
                "",
            ),
            (vector(&[]), Range::Percent, None, "no series"),
            (
                vector(&[(r#","job":"a""#, NOW, "1"), (r#","job":"b""#, NOW, "2")]),
                Range::Percent,
                None,
                "2 series where one is expected",
            ),
            (
                vector(&[("", NOW, "NaN")]),
                Range::Percent,
                None,
                "NaN, not a finite",
            ),
            (
                vector(&[("", NOW, "+Inf")]),
                Range::NonNegative,
                None,
                "+Inf",
            ),
            (
                vector(&[("", NOW, "-Inf")]),
                Range::NonNegative,
                None,
                "-Inf",
            ),
            (
                vector(&[("", NOW - 600.0, "5")]),
                Range::Percent,
                None,
                "stale",
            ),
            (
                vector(&[("", NOW, "180")]),
                Range::Percent,
                None,
                "outside 0–100",
            ),
            (
                vector(&[("", NOW, "-1")]),
                Range::NonNegative,
                None,
                "outside ≥ 0",
            ),
            (
                vector(&[("", NOW, "many")]),
                Range::Percent,
                None,
                "not a number",
            ),
            (
                Answer::Body(
                    400,
                    br#"{"status":"error","errorType":"bad_data","error":"parse error at char 3"}"#
                        .to_vec(),
                ),
                Range::Percent,
                None,
                "HTTP 400, bad_data: parse error",
            ),
            (
                Answer::Body(
                    500,
                    br#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"7"]}}"#
                        .to_vec(),
                ),
                Range::NonNegative,
                None,
                "HTTP 500, though the body says success",
            ),
            (
                vector(&[("", NOW + 86_400.0, "5")]),
                Range::Percent,
                None,
                "from the future",
            ),
            // Within the stated skew: another host's clock a little ahead.
            (vector(&[("", NOW + 20.0, "5")]), Range::Percent, Some(5.0), ""),
            (
                body(
                    r#"{"status":"success","warnings":["remote read of store-2 failed"],"data":{"resultType":"scalar","result":[1700000000,"7"]}}"#,
                ),
                Range::NonNegative,
                None,
                "partial (1 warning(s): remote read of store-2 failed)",
            ),
            (
                Answer::Body(200, b"<html>login</html>".to_vec()),
                Range::Percent,
                None,
                "not JSON",
            ),
            (
                Answer::Body(502, b"Bad Gateway".to_vec()),
                Range::Percent,
                None,
                "HTTP 502",
            ),
            (
                body(r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#),
                Range::Percent,
                None,
                "a matrix",
            ),
            (
                Answer::Failed("no answer within the deadline: operation timed out".into()),
                Range::Percent,
                None,
                "deadline",
            ),
        ];
        for (answer, range, want, why) in cases {
            let got = judged(&answer, range);
            assert_eq!(got.value(), want, "{answer:?}");
            if want.is_none() {
                let reason = got.reason().unwrap();
                assert!(reason.contains(why), "{reason} should say {why}");
                assert!(
                    reason.contains(&format!("`{Q}`")),
                    "{reason} names the query"
                );
            }
        }
    }

    #[test]
    fn nothing_in_is_an_answer_without_a_figure() {
        assert!(nothing_in(Q, &vector(&[])).is_some_and(|w| w.contains("no series")));
        assert!(nothing_in(Q, &vector(&[("", NOW, "NaN")])).is_some_and(|w| w.contains("NaN")));
        for not_empty in [
            vector(&[("", NOW, "5")]),
            vector(&[(r#","job":"a""#, NOW, "NaN"), (r#","job":"b""#, NOW, "1")]),
            Answer::Failed("refused".into()),
            Answer::Body(502, b"Bad Gateway".to_vec()),
            Answer::Body(
                200,
                br#"{"status":"success","warnings":["partial"],"data":{"resultType":"vector","result":[]}}"#
                    .to_vec(),
            ),
        ] {
            assert_eq!(nothing_in(Q, &not_empty), None, "{not_empty:?}");
        }
    }

    fn matrix(series: &[&[(f64, &str)]]) -> Answer {
        let result: Vec<String> = series
            .iter()
            .enumerate()
            .map(|(i, points)| {
                let values: Vec<String> = points
                    .iter()
                    .map(|(t, v)| format!(r#"[{t},"{v}"]"#))
                    .collect();
                format!(
                    r#"{{"metric":{{"i":"{i}"}},"values":[{}]}}"#,
                    values.join(",")
                )
            })
            .collect();
        body(&format!(
            r#"{{"status":"success","data":{{"resultType":"matrix","result":[{}]}}}}"#,
            result.join(",")
        ))
    }

    #[test]
    fn a_range_is_one_series_samples_or_the_reason() {
        let judged =
            |a: &Answer| judge_range(Q, a, NOW, Duration::from_secs(120), Range::NonNegative);
        let ok = matrix(&[&[(NOW - 2.0, "35"), (NOW - 1.0, "NaN"), (NOW, "36.5")]]);
        assert_eq!(
            judged(&ok),
            Ok(vec![35.0, 36.5]),
            "a NaN point is no sample"
        );
        let cases = [
            (matrix(&[]), "no series"),
            (matrix(&[&[(NOW, "1")], &[(NOW, "2")]]), "2 series"),
            (matrix(&[&[(NOW, "-1")]]), "outside ≥ 0"),
            (matrix(&[&[(NOW, "+Inf")]]), "outside"),
            (matrix(&[&[(NOW - 600.0, "1")]]), "stale"),
            (matrix(&[&[(NOW + 3600.0, "1")]]), "future"),
            (vector(&[("", NOW, "1")]), "not a matrix"),
            (Answer::Failed("refused".into()), "refused"),
            (Answer::Body(401, b"unauthorized".to_vec()), "HTTP 401"),
        ];
        for (answer, why) in cases {
            let e = judged(&answer).unwrap_err();
            assert!(e.contains(why) && e.contains(Q), "{e} ≠ {why}");
        }
    }

    #[test]
    fn several_series_are_named() {
        let f = judged(
            &vector(&[(r#","job":"a""#, NOW, "1"), (r#","job":"b""#, NOW, "2")]),
            Range::Percent,
        );
        assert!(f.reason().unwrap().contains("m{job=a}, m{job=b}"), "{f:?}");
    }
}
