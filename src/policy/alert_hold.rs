//! `[gate] hold_on`: Alertmanager matchers (`severity=critical`, `alertname=~"Cache.*"`), and
//! which of Alertmanager's active alerts they pick out. A matching alert holds the gate; an
//! answer that is not a list of alerts is UNKNOWN. Pure: the body is read elsewhere.
//!
//! The syntax is Alertmanager's (and amtool's): a label name, then `=`, `!=`, `=~` or `!~`,
//! then a value, optionally in double quotes (`\"`, `\\` and `\n` escaped). A regex matches the
//! whole value (`^(?:re)$`); a label an alert lacks reads as the empty string. One set of
//! matchers matches an alert when ALL of them do; the gate holds when ANY set matches.

use std::collections::BTreeMap;

use regex::Regex;
use serde_json::Value;

use crate::policy::check::Check;
use crate::vocab::Severity;

/// The name of the gate's check when no alert holds, or the alerts cannot be read.
pub(crate) const CHECK: &str = "alertmanager";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Re,
    NotRe,
}

impl Op {
    fn text(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Re => "=~",
            Op::NotRe => "!~",
        }
    }
}

/// One matcher: a label, an operator, a value (compiled when a regex).
#[derive(Clone, Debug)]
pub(crate) struct Matcher {
    pub name: String,
    pub op: Op,
    pub value: String,
    re: Option<Regex>,
}

impl PartialEq for Matcher {
    fn eq(&self, o: &Matcher) -> bool {
        (&self.name, self.op, &self.value) == (&o.name, o.op, &o.value)
    }
}

impl std::fmt::Display for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{:?}", self.name, self.op.text(), self.value)
    }
}

/// Parses one matcher, e.g. `severity=critical` or `alertname=~"Cache.*"`.
pub(crate) fn parse_matcher(text: &str) -> Result<Matcher, String> {
    let t = text.trim();
    let name_len = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(t.len());
    let name = &t[..name_len];
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!(
            "`{t}` does not start with a label name (e.g. severity=critical)"
        ));
    }
    let rest = t[name_len..].trim_start();
    let op = [Op::Re, Op::NotRe, Op::Ne, Op::Eq]
        .into_iter()
        .find(|op| rest.starts_with(op.text()))
        .ok_or_else(|| format!("`{t}`: the label `{name}` is not followed by =, !=, =~ or !~"))?;
    let value = unquote(rest[op.text().len()..].trim()).map_err(|e| format!("`{t}`: {e}"))?;
    let re = match op {
        Op::Re | Op::NotRe => Some(
            Regex::new(&format!("^(?:{value})$"))
                .map_err(|e| format!("`{t}`: not a regular expression ({e})"))?,
        ),
        Op::Eq | Op::Ne => None,
    };
    Ok(Matcher {
        name: name.to_string(),
        op,
        value,
        re,
    })
}

/// A value as written: bare, or in double quotes with `\"`, `\\`, `\n` escaped.
fn unquote(v: &str) -> Result<String, String> {
    let Some(inner) = v.strip_prefix('"') else {
        if v.contains('"') {
            return Err("a value with a `\"` must be quoted as a whole".into());
        }
        return Ok(v.to_string());
    };
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' if chars.as_str().is_empty() => return Ok(out),
            '"' => return Err("text after the closing quote".into()),
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some(e @ ('"' | '\\')) => out.push(e),
                _ => return Err("only \\\", \\\\ and \\n are escapes in a quoted value".into()),
            },
            c => out.push(c),
        }
    }
    Err("the quoted value is not closed".into())
}

impl Matcher {
    /// Whether an alert's labels satisfy this matcher (a missing label is "").
    pub(crate) fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let v = labels.get(&self.name).map(String::as_str).unwrap_or("");
        match (self.op, &self.re) {
            (Op::Eq, _) => v == self.value,
            (Op::Ne, _) => v != self.value,
            (Op::Re, Some(re)) => re.is_match(v),
            (Op::NotRe, Some(re)) => !re.is_match(v),
            // A regex operator is always compiled by `parse_matcher`.
            (Op::Re | Op::NotRe, None) => false,
        }
    }
}

/// An alert that holds the gate: its name and the labels its matchers looked at.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Firing {
    pub alertname: String,
    pub shown: Vec<(String, String)>,
}

/// Alertmanager's `GET /api/v2/alerts` body → the alerts matching any set, in its order.
/// Anything but a list of objects each with string `labels` is an error (UNKNOWN).
pub(crate) fn firing(body: &Value, sets: &[Vec<Matcher>]) -> Result<Vec<Firing>, String> {
    let list = body
        .as_array()
        .ok_or("the answer is not a list of alerts")?;
    let mut out = Vec::new();
    for alert in list {
        let labels = labels_of(alert).ok_or("an alert in the answer has no labels")?;
        if let Some(set) = sets.iter().find(|s| s.iter().all(|m| m.matches(&labels))) {
            out.push(firing_one(&labels, set));
        }
    }
    Ok(out)
}

fn labels_of(alert: &Value) -> Option<BTreeMap<String, String>> {
    alert
        .get("labels")?
        .as_object()?
        .iter()
        .map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .collect()
}

/// The alert's name and the values of the labels its set named (other than `alertname`).
fn firing_one(labels: &BTreeMap<String, String>, set: &[Matcher]) -> Firing {
    let mut shown: Vec<(String, String)> = Vec::new();
    for m in set {
        if m.name != "alertname" && !shown.iter().any(|(n, _)| *n == m.name) {
            let v = labels.get(&m.name).cloned().unwrap_or_default();
            shown.push((m.name.clone(), v));
        }
    }
    Firing {
        alertname: labels
            .get("alertname")
            .cloned()
            .unwrap_or_else(|| "(no alertname)".into()),
        shown,
    }
}

/// The gate's checks: CRITICAL per alert that holds, else one OK; UNKNOWN when unread.
/// `cause` is read as the report reads a request's failure (`GET /api/v2/alerts: …`).
pub(crate) fn as_checks(read: Result<Vec<Firing>, String>, active: usize) -> Vec<Check> {
    match read {
        Err(cause) => vec![Check::note(CHECK, Severity::Unknown, cause)],
        Ok(f) if f.is_empty() => vec![Check::note(
            CHECK,
            Severity::Ok,
            format!("no alert matching hold_on is firing ({active} active)"),
        )],
        Ok(f) => f.iter().map(firing_check).collect(),
    }
}

fn firing_check(f: &Firing) -> Check {
    let labels: Vec<String> = f.shown.iter().map(|(n, v)| format!("{n}={v}")).collect();
    let name = if labels.is_empty() {
        format!("alert {} firing", f.alertname)
    } else {
        format!("alert {} firing ({})", f.alertname, labels.join(", "))
    };
    Check::note(name, Severity::Critical, "matches [gate] hold_on")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn matchers_parse_as_alertmanager_writes_them() {
        for (text, name, op, value) in [
            ("severity=critical", "severity", Op::Eq, "critical"),
            ("severity = \"critical\"", "severity", Op::Eq, "critical"),
            ("severity!=info", "severity", Op::Ne, "info"),
            ("alertname=~Cache.*", "alertname", Op::Re, "Cache.*"),
            ("alertname=~\"Cache.*\"", "alertname", Op::Re, "Cache.*"),
            ("team!~\"web|ops\"", "team", Op::NotRe, "web|ops"),
            ("job=\"a \\\"b\\\" \\\\c\"", "job", Op::Eq, "a \"b\" \\c"),
            ("env=", "env", Op::Eq, ""),
            ("_x1=\"\"", "_x1", Op::Eq, ""),
        ] {
            let m = parse_matcher(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!((m.name.as_str(), m.op, m.value.as_str()), (name, op, value));
        }
    }

    #[test]
    fn malformed_matchers_are_refused() {
        for (text, why) in [
            ("", "label name"),
            ("=critical", "label name"),
            ("1x=a", "label name"),
            ("severity", "not followed"),
            ("severity<critical", "not followed"),
            ("severity=\"critical", "not closed"),
            ("severity=\"a\"b", "after the closing quote"),
            ("severity=\"a\\tb\"", "escapes"),
            ("severity=a\"b", "quoted"),
            ("alertname=~\"(\"", "regular expression"),
        ] {
            let e = parse_matcher(text).expect_err(text);
            assert!(e.contains(why), "{text}: {e}");
        }
    }

    #[test]
    fn matching_follows_alertmanager() {
        let l = labels(&[("alertname", "CacheHitRateLow"), ("severity", "critical")]);
        for (text, want) in [
            ("severity=critical", true),
            ("severity=warning", false),
            ("severity!=warning", true),
            ("severity!=critical", false),
            ("alertname=~Cache.*", true),
            // Anchored: a regex matches the whole value.
            ("alertname=~Cache", false),
            ("alertname=~HitRate", false),
            ("alertname=~.*HitRate.*", true),
            ("alertname!~Cache.*", false),
            ("alertname!~Disk.*", true),
            // A missing label is the empty string.
            ("team=", true),
            ("team!=", false),
            ("team=~.*", true),
            ("team=web", false),
            ("team!=web", true),
        ] {
            assert_eq!(parse_matcher(text).unwrap().matches(&l), want, "{text}");
        }
    }

    fn set(texts: &[&str]) -> Vec<Matcher> {
        texts.iter().map(|t| parse_matcher(t).unwrap()).collect()
    }

    fn alert(name: &str, severity: &str) -> Value {
        json!({"labels": {"alertname": name, "severity": severity}, "annotations": {},
               "status": {"state": "active"}})
    }

    #[test]
    fn every_matcher_of_a_set_and_any_set_holds() {
        let crit_cache = set(&["severity=critical", "alertname=~Cache.*"]);
        let body = json!([
            alert("CacheHitRateLow", "critical"),
            alert("CacheHitRateLow", "warning"),
            alert("DiskFull", "critical"),
        ]);
        let got = firing(&body, std::slice::from_ref(&crit_cache)).unwrap();
        assert_eq!(
            got,
            vec![Firing {
                alertname: "CacheHitRateLow".into(),
                shown: vec![("severity".into(), "critical".into())],
            }]
        );
        // A second set adds the disk alert; an alert matching both sets counts once.
        let critical = set(&["severity=critical"]);
        let got = firing(&body, &[crit_cache, critical]).unwrap();
        let names: Vec<&str> = got.iter().map(|f| f.alertname.as_str()).collect();
        assert_eq!(names, ["CacheHitRateLow", "DiskFull"]);
        let by_name = firing(&body, &[set(&["alertname=DiskFull"])]).unwrap();
        assert_eq!(by_name[0].shown, []);
        assert_eq!(firing(&json!([]), &[set(&["a=b"])]).unwrap(), []);
    }

    #[test]
    fn an_answer_that_is_not_a_list_of_alerts_is_an_error() {
        let s = [set(&["severity=critical"])];
        for body in [
            json!({"alerts": []}),
            json!("ok"),
            json!(null),
            json!([{"annotations": {}}]),
            json!([{"labels": ["severity"]}]),
            json!([{"labels": {"severity": 1}}]),
            json!([1]),
        ] {
            assert!(firing(&body, &s).is_err(), "{body}");
        }
    }

    #[test]
    fn checks_hold_on_a_firing_alert_or_an_unread_answer() {
        let f = Firing {
            alertname: "CacheHitRateLow".into(),
            shown: vec![("severity".into(), "critical".into())],
        };
        let c = as_checks(Ok(vec![f]), 3);
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].name,
            "alert CacheHitRateLow firing (severity=critical)"
        );
        assert_eq!(c[0].status, Severity::Critical);
        let ok = as_checks(Ok(vec![]), 2);
        assert_eq!((ok[0].name.as_str(), ok[0].status), (CHECK, Severity::Ok));
        let unknown = as_checks(Err("GET /api/v2/alerts: refused".into()), 0);
        assert_eq!(unknown[0].status, Severity::Unknown);
    }
}
