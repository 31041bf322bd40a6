//! The rollout feature flag (`[rollout] flag`, default `enhanced-cache`): reading it, and
//! planning a change of its percentage or of whether it is enabled.

use serde::Serialize;
use serde_json::{Value, json};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct FlagState {
    pub enabled: bool,
    pub percentage: f64,
    #[serde(rename = "userGroups")]
    pub user_groups: Vec<String>,
    /// When the flag last changed, as the app reports it (optional in the API contract).
    #[serde(rename = "updatedAt", skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

impl FlagState {
    /// The share of users on the feature now: nobody while it is disabled.
    pub(crate) fn exposure(&self) -> f64 {
        if self.enabled { self.percentage } else { 0.0 }
    }

    /// "enabled at 25 %", as every report says it.
    pub(crate) fn text(&self) -> String {
        format!(
            "{} at {} %",
            if self.enabled { "enabled" } else { "disabled" },
            crate::numbers::number(self.percentage)
        )
    }
}

/// The flag `name` from `GET /api/admin/feature-flags`; `Err` names what could not be trusted.
pub(crate) fn parse_flag(
    doc: &Result<Value, String>,
    label: &str,
    name: &str,
) -> Result<FlagState, String> {
    let doc = doc.as_ref().map_err(Clone::clone)?;
    let flag = doc
        .get(name)
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{label}: no `{name}` object in the answer"))?;
    let enabled = match flag.get("enabled") {
        Some(Value::Bool(b)) => *b,
        other => {
            return Err(format!(
                "{label}: field `{name}.enabled` is {}, not a boolean",
                show(other)
            ));
        }
    };
    let percentage = match flag.get("percentage").and_then(Value::as_f64) {
        Some(p) if (0.0..=100.0).contains(&p) => p,
        _ => {
            return Err(format!(
                "{label}: field `{name}.percentage` is {}, not a number in 0–100",
                show(flag.get("percentage"))
            ));
        }
    };
    let user_groups = match flag.get("userGroups") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|g| g.as_str().map(String::from))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| format!("{label}: field `{name}.userGroups` holds a non-string"))?,
        Some(other) => {
            return Err(format!(
                "{label}: field `{name}.userGroups` is {other}, not a list"
            ));
        }
    };
    let updated_at = match flag.get("updatedAt") {
        Some(Value::String(t)) if !t.trim().is_empty() => Some(t.trim().to_string()),
        _ => None,
    };
    Ok(FlagState {
        enabled,
        percentage,
        user_groups,
        updated_at,
    })
}

/// A change to the flag as the API takes it: `{"<name>": {fields}}`.
pub(crate) fn flag_body(name: &str, fields: Value) -> Value {
    let mut m = serde_json::Map::new();
    m.insert(name.to_string(), fields);
    Value::Object(m)
}

fn show(v: Option<&Value>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "missing".into())
}

/// A percentage as the flag API takes it: a whole number is sent as an integer (`25`, not
/// `25.0`, which a strict app may refuse).
pub(crate) fn percentage_json(p: f64) -> Value {
    if p.fract() == 0.0 && (0.0..=100.0).contains(&p) {
        json!(p as u64)
    } else {
        json!(p)
    }
}

/// What `rollout set` will do.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SetPlan {
    /// The body to POST, or `None` when the flag already reads as asked.
    pub body: Option<Value>,
    /// What the flag must read back as.
    pub expect: Value,
    /// More users would get the enhanced cache: ask first.
    pub raises_exposure: bool,
}

pub(crate) fn plan_set(
    name: &str,
    current: &FlagState,
    percentage: u8,
    groups: Option<&[String]>,
) -> SetPlan {
    let pct = f64::from(percentage);
    let mut fields = serde_json::Map::new();
    if current.percentage != pct {
        fields.insert("percentage".into(), json!(percentage));
    }
    let mut raises = pct > current.percentage;
    if let Some(g) = groups
        && g != current.user_groups.as_slice()
    {
        fields.insert("userGroups".into(), json!(g));
        raises |= g.iter().any(|x| !current.user_groups.contains(x));
    }
    let mut expect = serde_json::Map::new();
    expect.insert("percentage".into(), json!(percentage));
    if let Some(g) = groups {
        expect.insert("userGroups".into(), json!(g));
    }
    SetPlan {
        body: (!fields.is_empty()).then(|| flag_body(name, Value::Object(fields))),
        expect: Value::Object(expect),
        raises_exposure: raises,
    }
}

/// A schedule must be non-empty and strictly increasing (`10,25,50,100`).
pub(crate) fn check_schedule(schedule: &[u8]) -> Result<(), String> {
    if schedule.is_empty() {
        return Err("--schedule needs at least one step".into());
    }
    if let Some(w) = schedule.windows(2).find(|w| w[0] >= w[1]) {
        return Err(format!(
            "--schedule must be strictly increasing, but {} is followed by {}",
            w[0], w[1]
        ));
    }
    Ok(())
}

/// The first step of the schedule above the current percentage; `None` at or past the last.
pub(crate) fn next_step(schedule: &[u8], current: f64) -> Option<u8> {
    schedule.iter().copied().find(|&s| f64::from(s) > current)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(p: f64) -> FlagState {
        FlagState {
            enabled: true,
            percentage: p,
            user_groups: vec!["beta-testers".into()],
            updated_at: None,
        }
    }

    #[test]
    fn parse() {
        let ok =
            Ok(json!({"enhanced-cache": {"enabled": true, "percentage": 10, "userGroups": ["a"]}}));
        assert_eq!(
            parse_flag(&ok, "GET f", "enhanced-cache")
                .unwrap()
                .percentage,
            10.0
        );
        for bad in [
            json!({}),
            json!({"enhanced-cache": {"enabled": true}}),
            json!({"enhanced-cache": {"enabled": true, "percentage": null}}),
            json!({"enhanced-cache": {"enabled": true, "percentage": 150}}),
            json!({"enhanced-cache": {"enabled": "yes", "percentage": 10}}),
            json!({"enhanced-cache": {"enabled": true, "percentage": "10"}}),
            json!({"enhanced-cache": {"enabled": true, "percentage": 10, "userGroups": "a"}}),
        ] {
            assert!(
                parse_flag(&Ok(bad.clone()), "GET f", "enhanced-cache").is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn schedule_steps() {
        let s = [10, 25, 50, 100];
        let cases = [
            (0.0, Some(10)),
            (10.0, Some(25)),
            (25.0, Some(50)),
            (30.0, Some(50)),
            (50.0, Some(100)),
            (99.5, Some(100)),
            (100.0, None),
        ];
        for (cur, want) in cases {
            assert_eq!(next_step(&s, cur), want, "{cur}");
        }
        assert!(check_schedule(&s).is_ok());
        assert!(check_schedule(&[]).is_err());
        assert!(check_schedule(&[10, 10, 50]).is_err());
        assert!(check_schedule(&[50, 25]).is_err());
    }

    #[test]
    fn plans() {
        let p = plan_set("enhanced-cache", &flag(10.0), 25, None);
        assert_eq!(p.body, Some(json!({"enhanced-cache": {"percentage": 25}})));
        assert!(p.raises_exposure);
        let p = plan_set("enhanced-cache", &flag(50.0), 25, None);
        assert!(!p.raises_exposure);
        let p = plan_set("enhanced-cache", &flag(25.0), 25, None);
        assert_eq!(p.body, None);
        let groups = vec!["beta-testers".to_string(), "premium-users".to_string()];
        let p = plan_set("enhanced-cache", &flag(25.0), 25, Some(&groups));
        assert_eq!(
            p.body,
            Some(json!({"enhanced-cache": {"userGroups": groups}}))
        );
        assert!(p.raises_exposure, "adding a group widens exposure");
        assert_eq!(
            p.expect,
            json!({"percentage": 25, "userGroups": ["beta-testers", "premium-users"]})
        );
        let p = plan_set("enhanced-cache", &flag(25.0), 10, Some(&[]));
        assert!(
            !p.raises_exposure,
            "removing groups and lowering narrows exposure"
        );
    }
}
