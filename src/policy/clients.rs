//! What clients run: the count of clients by worker version, as the app reports it
//! (`clients_by_version` of `/api/sw-status`) or a Prometheus query sums it by `version`.
//! Pure: read under the UNKNOWN rules, and the share of clients off a version.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::numbers::number;
use crate::policy::figure::Figure;

/// More clients than this on one version is not a count to trust (a unit mix-up, a counter
/// read as a gauge): UNKNOWN.
pub(crate) const MAX_CLIENTS: u64 = 1_000_000_000;
/// More versions than this is not a distribution a person reads, nor one a beacon makes.
pub(crate) const MAX_VERSIONS: usize = 1_000;

/// Clients by version, as read.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Clients {
    /// The app does not report it and no query is configured: nothing to show, nothing wrong.
    NotReported,
    Known(BTreeMap<String, u64>),
    /// Reported, but not trusted: why.
    Unknown(String),
}

/// What a report carries of it (JSON `clients`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ClientsSeen {
    /// `null` when UNKNOWN or not reported.
    pub by_version: Option<BTreeMap<String, u64>>,
    pub total: Option<u64>,
    /// Why it is UNKNOWN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown: Option<String>,
    /// `app` or `prometheus`.
    pub source: &'static str,
}

impl Clients {
    pub(crate) fn seen(&self, source: &'static str) -> ClientsSeen {
        ClientsSeen {
            by_version: self.known().cloned(),
            total: self.known().map(|m| m.values().sum()),
            unknown: match self {
                Clients::Unknown(why) => Some(why.clone()),
                _ => None,
            },
            source,
        }
    }

    pub(crate) fn known(&self) -> Option<&BTreeMap<String, u64>> {
        match self {
            Clients::Known(m) => Some(m),
            _ => None,
        }
    }
}

/// `clients_by_version` of a `/api/sw-status` document (`label` names where it was read).
/// Absent or null: not reported. Every count must be a whole number from 0 to
/// [`MAX_CLIENTS`]; one that is not makes the whole distribution UNKNOWN (a share computed
/// over the counts that could be read would not be the clients' share).
pub(crate) fn from_sw_status(doc: &Result<Value, String>, label: &str) -> Clients {
    let doc = match doc {
        Ok(d) => d,
        Err(e) => return Clients::Unknown(e.clone()),
    };
    let field = match doc.get("clients_by_version") {
        None | Some(Value::Null) => return Clients::NotReported,
        Some(f) => f,
    };
    let at = format!("{label}: clients_by_version");
    let Some(map) = field.as_object() else {
        return Clients::Unknown(format!("{at} is not an object of counts"));
    };
    if map.len() > MAX_VERSIONS {
        return Clients::Unknown(format!(
            "{at} lists {} versions (more than {MAX_VERSIONS})",
            map.len()
        ));
    }
    let mut out = BTreeMap::new();
    for (version, n) in map {
        match n.as_u64() {
            Some(n) if n <= MAX_CLIENTS => {
                out.insert(version.clone(), n);
            }
            _ => return Clients::Unknown(format!("{at}.{} is {}", clip(version), lie(n))),
        }
    }
    Clients::Known(out)
}

/// Counts judged one by one (a Prometheus sum per `version`): each a finite figure from 0 to
/// [`MAX_CLIENTS`], rounded to a whole client.
pub(crate) fn from_figures(figures: Vec<(String, Figure)>) -> Clients {
    if figures.len() > MAX_VERSIONS {
        return Clients::Unknown(format!(
            "{} versions (more than {MAX_VERSIONS})",
            figures.len()
        ));
    }
    let mut out = BTreeMap::new();
    for (version, fig) in figures {
        match fig {
            Figure::Known(v) if v <= MAX_CLIENTS as f64 => {
                out.insert(version, v.round() as u64);
            }
            Figure::Known(v) => {
                return Clients::Unknown(format!(
                    "version {}: {} clients is more than {MAX_CLIENTS}",
                    clip(&version),
                    number(v)
                ));
            }
            Figure::Unknown(why) => return Clients::Unknown(why),
        }
    }
    Clients::Known(out)
}

fn lie(v: &Value) -> String {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if f < 0.0 => format!("{n}, a negative count"),
            Some(f) if f > MAX_CLIENTS as f64 => format!("{n}, more than {MAX_CLIENTS}"),
            _ => format!("{n}, not a whole count"),
        },
        Value::String(s) => format!("the string {:?}, not a count", clip(s)),
        Value::Null => "null, not a count".into(),
        Value::Bool(_) => "a boolean, not a count".into(),
        Value::Array(_) | Value::Object(_) => "not a count".into(),
    }
}

fn clip(s: &str) -> String {
    let s = crate::redact::text(s);
    if s.chars().count() > 24 {
        format!("{}…", s.chars().take(24).collect::<String>())
    } else {
        s
    }
}

/// The share (percent) of clients not on `bad`. UNKNOWN when no client is reported at all
/// (no share of nobody).
pub(crate) fn share_off(counts: &BTreeMap<String, u64>, bad: &str) -> Figure {
    let total: u64 = counts.values().sum();
    if total == 0 {
        return Figure::Unknown("no clients reported (a total of 0)".into());
    }
    let on_bad = counts.get(bad).copied().unwrap_or(0);
    Figure::Known((total - on_bad) as f64 * 100.0 / total as f64)
}

/// One compact line: the largest versions with their shares, the rest counted
/// (`v1.0.0 96 %, v0.9.0 4 %`, `v1.2.0 60 %, +3 more`), about `width` columns (the
/// total and every count are in the JSON).
pub(crate) fn line(counts: &BTreeMap<String, u64>, width: usize) -> String {
    let total: u64 = counts.values().sum();
    if total == 0 {
        return "no clients reported".into();
    }
    let mut by_count: Vec<(&String, u64)> = counts.iter().map(|(v, n)| (v, *n)).collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    // Whole percents (a summary; the wait judges exact figures): "<1" rather than a 0 that
    // hides clients still there.
    let share = |n: u64| {
        let p = n as f64 * 100.0 / total as f64;
        if p > 0.0 && p < 1.0 {
            "<1".to_string()
        } else {
            number(p.round())
        }
    };
    let mut out = String::new();
    for (i, (v, n)) in by_count.iter().enumerate() {
        let part = format!("{} {}\u{a0}%", clip(v), share(*n));
        let left_after = by_count.len() - i - 1;
        // Room kept for the "+N more" that would follow this part.
        let reserve = if left_after > 0 {
            format!(", +{left_after} more").len()
        } else {
            0
        };
        let sep = if i == 0 { "" } else { ", " };
        let needed = out.chars().count() + sep.len() + part.chars().count() + reserve;
        if i > 0 && needed > width {
            out.push_str(&format!(", +{} more", by_count.len() - i));
            break;
        }
        out.push_str(sep);
        out.push_str(&part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> Clients {
        from_sw_status(
            &Ok(json!({ "version": "v1", "clients_by_version": v })),
            "GET x",
        )
    }

    #[test]
    fn counts_are_read_under_the_unknown_rules() {
        assert_eq!(
            read(json!({"v1.0.0": 1180, "v0.9.0": 54})),
            Clients::Known(BTreeMap::from([
                ("v0.9.0".to_string(), 54),
                ("v1.0.0".to_string(), 1180)
            ]))
        );
        assert_eq!(
            from_sw_status(&Ok(json!({"version": "v1"})), "GET x"),
            Clients::NotReported
        );
        for (lie, why) in [
            (json!({"v1": -5}), "-5, a negative count"),
            (json!({"v1": "many"}), "the string \"many\", not a count"),
            (json!({"v1": 12.5}), "12.5, not a whole count"),
            (json!({"v1": 1e12}), "more than 1000000000"),
            (json!({"v1": null}), "null"),
            (json!([1, 2]), "not an object"),
        ] {
            match read(lie.clone()) {
                Clients::Unknown(r) => assert!(r.contains(why), "{lie}: {r}"),
                other => panic!("{lie}: {other:?}"),
            }
        }
        assert!(matches!(
            from_sw_status(&Err("HTTP 503".into()), "GET x"),
            Clients::Unknown(_)
        ));
    }

    #[test]
    fn share_off_the_bad_version() {
        let m = BTreeMap::from([("v1".to_string(), 25), ("v0".to_string(), 75)]);
        assert_eq!(share_off(&m, "v1"), Figure::Known(75.0));
        assert_eq!(share_off(&m, "v9"), Figure::Known(100.0));
        assert!(share_off(&BTreeMap::new(), "v1").value().is_none());
    }

    #[test]
    fn prometheus_figures_are_rounded_and_judged() {
        let c = from_figures(vec![
            ("v1".into(), Figure::Known(10.4)),
            ("v0".into(), Figure::Known(3.0)),
        ]);
        assert_eq!(c.known().unwrap()["v1"], 10);
        assert!(matches!(
            from_figures(vec![("v1".into(), Figure::Unknown("stale".into()))]),
            Clients::Unknown(w) if w == "stale"
        ));
    }

    #[test]
    fn the_line_fits_its_width() {
        let m = BTreeMap::from([("v1.0.0".to_string(), 1180), ("v0.9.0".to_string(), 54)]);
        assert_eq!(line(&m, 30), "v1.0.0 96\u{a0}%, v0.9.0 4\u{a0}%");
        assert_eq!(line(&m, 20), "v1.0.0 96\u{a0}%, +1 more");
        let tiny = BTreeMap::from([("v1".to_string(), 999), ("v0".to_string(), 1)]);
        assert_eq!(line(&tiny, 30), "v1 100\u{a0}%, v0 <1\u{a0}%");
        let many: BTreeMap<String, u64> = (0..40).map(|i| (format!("v1.{i}.0"), 100 + i)).collect();
        let l = line(&many, 30);
        assert!(l.chars().count() <= 30 + 12, "{l}");
        assert!(
            l.ends_with(", +39 more") || l.ends_with(", +38 more"),
            "{l}"
        );
        assert!(l.starts_with("v1.39.0 "), "{l}");
    }
}
