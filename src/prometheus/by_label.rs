//! A query that answers one series per value of a label (`sum by (version) (...)`): each
//! series judged as one figure under the same UNKNOWN rules as [`super::judge`].

use serde_json::{Value, json};

use super::query::{Answer, judge};
use crate::policy::figure::{Figure, Range};

/// The figure of every series of the answer by its `label`; `Err` is why the answer as a
/// whole is UNKNOWN (an error, a partial answer, no series, a series without the label, or
/// two with the same value of it).
pub(crate) fn judge_by_label(
    q: &str,
    answer: &Answer,
    now: f64,
    max_age: std::time::Duration,
    label: &str,
) -> Result<Vec<(String, Figure)>, String> {
    let whole = || match judge(q, answer, now, max_age, Range::NonNegative) {
        Figure::Unknown(why) => why,
        Figure::Known(_) => format!("Prometheus query `{q}`: not one series per {label}"),
    };
    let Answer::Body(status, body) = answer else {
        return Err(whole());
    };
    let doc: Value = serde_json::from_slice(body).map_err(|_| whole())?;
    let plain = (200..300).contains(status)
        && doc["status"] == "success"
        && doc["warnings"].as_array().is_none_or(Vec::is_empty)
        && doc["data"]["resultType"] == "vector";
    let series = match doc["data"]["result"].as_array() {
        // One series, or an envelope that is not a plain vector: the one-figure rules say why.
        Some(s) if plain && s.len() > 1 => s,
        _ if plain
            && doc["data"]["result"]
                .as_array()
                .is_some_and(|s| s.len() == 1) =>
        {
            doc["data"]["result"].as_array().expect("checked")
        }
        _ => return Err(whole()),
    };
    let mut out: Vec<(String, Figure)> = Vec::new();
    for s in series {
        let Some(value) = s["metric"][label].as_str().filter(|v| !v.is_empty()) else {
            return Err(format!(
                "Prometheus query `{q}`: a series has no `{label}` label (sum it by ({label}))"
            ));
        };
        if out.iter().any(|(v, _)| v == value) {
            return Err(format!(
                "Prometheus query `{q}`: two series for {label} {value:?} (sum them by ({label}))"
            ));
        }
        let one = json!({"status": "success", "data": {"resultType": "vector", "result": [s]}});
        let answer = Answer::Body(*status, one.to_string().into_bytes());
        out.push((
            value.to_string(),
            judge(q, &answer, now, max_age, Range::NonNegative),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const NOW: f64 = 1_700_000_000.0;

    fn answer(result: &str) -> Answer {
        Answer::Body(
            200,
            format!(
                r#"{{"status":"success","data":{{"resultType":"vector","result":[{result}]}}}}"#
            )
            .into_bytes(),
        )
    }

    fn by(a: &Answer) -> Result<Vec<(String, Figure)>, String> {
        judge_by_label("q", a, NOW, Duration::from_secs(120), "version")
    }

    #[test]
    fn one_figure_per_version() {
        let a = answer(&format!(
            r#"{{"metric":{{"version":"v1"}},"value":[{NOW},"1180"]}},{{"metric":{{"version":"v0"}},"value":[{NOW},"54"]}}"#
        ));
        assert_eq!(
            by(&a).unwrap(),
            vec![
                ("v1".to_string(), Figure::Known(1180.0)),
                ("v0".to_string(), Figure::Known(54.0))
            ]
        );
        let neg = answer(&format!(
            r#"{{"metric":{{"version":"v1"}},"value":[{NOW},"-5"]}}"#
        ));
        assert!(by(&neg).unwrap()[0].1.reason().unwrap().contains("outside"));
    }

    #[test]
    fn what_is_not_a_distribution() {
        let no_label = answer(&format!(
            r#"{{"metric":{{"job":"a"}},"value":[{NOW},"1"]}}"#
        ));
        assert!(by(&no_label).unwrap_err().contains("no `version` label"));
        let twice = answer(&format!(
            r#"{{"metric":{{"version":"v1","job":"a"}},"value":[{NOW},"1"]}},{{"metric":{{"version":"v1","job":"b"}},"value":[{NOW},"2"]}}"#
        ));
        assert!(by(&twice).unwrap_err().contains("two series"));
        assert!(by(&answer("")).unwrap_err().contains("no series"));
        let err = Answer::Body(
            400,
            br#"{"status":"error","errorType":"bad_data","error":"parse error"}"#.to_vec(),
        );
        assert!(by(&err).unwrap_err().contains("bad_data"));
        assert!(
            by(&Answer::Failed("timed out".into()))
                .unwrap_err()
                .contains("timed out")
        );
    }
}
