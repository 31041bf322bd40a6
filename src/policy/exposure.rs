//! The exposure guard (pure): what a command may do to the rollout flag. `act` checks every
//! flag write against its command's declared [`Exposure`] before sending it, so no state file,
//! resume path or future bug can raise exposure from a rollback, send a percentage outside
//! 0–100, or write over a flag someone else moved during a run.

use serde_json::Value;

use crate::policy::rollout::FlagState;

/// What a command may do to the rollout flag's exposure (declared by its `Runbook`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exposure {
    /// `rollout set`, `enable`, `advance`, `disable`: any value in 0–100, gated and asked by the
    /// command itself.
    Any,
    /// Rollbacks, incidents and everything else: only lower or disable. The default, so a
    /// command that forgets to declare cannot raise.
    LowerOnly,
    /// `rollout run`: raise, and only from where the run last left the flag (each write carries
    /// that expectation; a flag that moved since is someone else's change).
    Run,
}

/// A flag write as its body asks it: the fields `act` judges.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FlagChange {
    pub enabled: Option<bool>,
    pub percentage: Option<f64>,
    /// A change of `userGroups` (who gets the feature whatever the percentage).
    pub groups: bool,
}

impl FlagChange {
    /// Disabling lowers exposure whatever the flag reads now: no read needed to judge it.
    fn disables(&self) -> bool {
        self.enabled == Some(false) && !self.groups
    }
}

/// The change `body` (`{"<flag>": {fields}}`) asks for; `Err` when it is not a well-formed
/// change of `flag` alone with a percentage in 0–100.
pub(crate) fn parse_change(body: Option<&Value>, flag: &str) -> Result<FlagChange, String> {
    let obj = body
        .and_then(Value::as_object)
        .ok_or("a flag write without a JSON object body")?;
    if let Some(other) = obj.keys().find(|k| k.as_str() != flag) {
        return Err(format!(
            "it changes the flag `{other}`, not the rollout flag `{flag}`"
        ));
    }
    let fields = obj
        .get(flag)
        .and_then(Value::as_object)
        .ok_or_else(|| format!("no `{flag}` object in the body"))?;
    let mut change = FlagChange::default();
    for (key, v) in fields {
        match key.as_str() {
            "enabled" => {
                change.enabled = Some(
                    v.as_bool()
                        .ok_or_else(|| format!("`enabled` is {v}, not a boolean"))?,
                );
            }
            "percentage" => match v.as_f64() {
                Some(p) if (0.0..=100.0).contains(&p) => change.percentage = Some(p),
                _ => return Err(format!("percentage {v} is outside 0–100")),
            },
            "userGroups" => change.groups = true,
            other => return Err(format!("it sets `{other}`, which no command changes")),
        }
    }
    Ok(change)
}

/// Whether judging `change` under `rule` needs the flag as it reads now.
pub(crate) fn needs_current(rule: Exposure, change: &FlagChange) -> bool {
    match rule {
        Exposure::Any => false,
        Exposure::LowerOnly => !change.disables(),
        Exposure::Run => true,
    }
}

/// Whether `change` may be sent under `rule`. `current` is the flag read just before (when
/// [`needs_current`] says so; `Err` when it could not be read); `expected` is where a run last
/// left it. `Err` says why the write is refused.
pub(crate) fn check(
    rule: Exposure,
    change: &FlagChange,
    current: Option<&Result<FlagState, String>>,
    expected: Option<&FlagState>,
) -> Result<(), String> {
    if !needs_current(rule, change) {
        return match rule {
            Exposure::LowerOnly if change.groups => {
                Err("a rollback or incident never changes userGroups".into())
            }
            _ => Ok(()),
        };
    }
    let now = match current {
        Some(Ok(f)) => f,
        Some(Err(why)) => return Err(format!("the flag could not be read first ({why})")),
        None => return Err("the flag was not read first".into()),
    };
    let after = FlagState {
        enabled: change.enabled.unwrap_or(now.enabled),
        percentage: change.percentage.unwrap_or(now.percentage),
        ..now.clone()
    };
    match rule {
        Exposure::Any => Ok(()),
        Exposure::LowerOnly => {
            if change.groups {
                return Err("a rollback or incident never changes userGroups".into());
            }
            if after.exposure() > now.exposure() || (after.enabled && !now.enabled) {
                return Err(format!(
                    "it would raise exposure from {} to {} — this command only lowers it",
                    shown(now),
                    shown(&after)
                ));
            }
            Ok(())
        }
        Exposure::Run => {
            let Some(exp) = expected else {
                return Err("a run's write carries no expectation of where the flag stands".into());
            };
            if now.enabled != exp.enabled || now.percentage != exp.percentage {
                return Err(format!(
                    "the flag reads {}, but this run last left it at {}: someone else changed it",
                    shown(now),
                    shown(exp)
                ));
            }
            // A run never sets the groups: changed since the run read them is someone else.
            if now.user_groups != exp.user_groups {
                return Err(format!(
                    "the flag's userGroups read {:?}, not {:?} as this run read them: someone \
                     else changed it",
                    now.user_groups, exp.user_groups
                ));
            }
            if change.groups {
                return Err("a rollout run never changes userGroups".into());
            }
            if after.exposure() < now.exposure() {
                return Err(format!(
                    "it would lower exposure from {} to {} — a run lowers only through its rollback",
                    shown(now),
                    shown(&after)
                ));
            }
            Ok(())
        }
    }
}

fn shown(f: &FlagState) -> String {
    let p = crate::numbers::number(f.percentage);
    if f.enabled {
        format!("{p} %")
    } else {
        format!("disabled ({p} %)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn flag(enabled: bool, percentage: f64) -> FlagState {
        FlagState {
            enabled,
            percentage,
            user_groups: Vec::new(),
            updated_at: None,
        }
    }

    fn change(body: Value) -> Result<FlagChange, String> {
        parse_change(Some(&body), "enhanced-cache")
    }

    #[test]
    fn bodies_outside_the_contract_are_refused() {
        for bad in [
            json!({"enhanced-cache": {"percentage": 255}}),
            json!({"enhanced-cache": {"percentage": 150}}),
            json!({"enhanced-cache": {"percentage": -1}}),
            json!({"enhanced-cache": {"percentage": "25"}}),
            json!({"enhanced-cache": {"percentage": null}}),
            json!({"enhanced-cache": {"enabled": "yes"}}),
            json!({"enhanced-cache": {"colour": 1}}),
            json!({"other-flag": {"enabled": true}}),
            json!({"enhanced-cache": 25}),
            json!([1]),
        ] {
            assert!(change(bad.clone()).is_err(), "{bad} accepted");
        }
        assert!(parse_change(None, "enhanced-cache").is_err());
        assert_eq!(
            change(json!({"enhanced-cache": {"enabled": true, "percentage": 100}})).unwrap(),
            FlagChange {
                enabled: Some(true),
                percentage: Some(100.0),
                groups: false
            }
        );
    }

    #[test]
    fn lowering_commands_never_raise() {
        let at = |e, p| Some(Ok(flag(e, p)));
        let c = |b| change(b).unwrap();
        let lower = Exposure::LowerOnly;
        // Disabling needs no read: it lowers whatever stands.
        let off = c(json!({"enhanced-cache": {"enabled": false}}));
        assert!(!needs_current(lower, &off));
        assert!(check(lower, &off, None, None).is_ok());
        // (rule, change, flag now, allowed)
        let table = [
            (
                json!({"enhanced-cache": {"percentage": 10}}),
                at(true, 25.0),
                true,
            ),
            (
                json!({"enhanced-cache": {"percentage": 25}}),
                at(true, 25.0),
                true,
            ),
            (
                json!({"enhanced-cache": {"percentage": 90}}),
                at(true, 25.0),
                false,
            ),
            // A disabled flag's percentage may move: nobody is exposed either way.
            (
                json!({"enhanced-cache": {"percentage": 90}}),
                at(false, 25.0),
                true,
            ),
            (
                json!({"enhanced-cache": {"enabled": true}}),
                at(false, 25.0),
                false,
            ),
            (
                json!({"enhanced-cache": {"enabled": true, "percentage": 0}}),
                at(false, 25.0),
                false,
            ),
            (
                json!({"enhanced-cache": {"percentage": 10}}),
                Some(Err("timeout".into())),
                false,
            ),
            (json!({"enhanced-cache": {"percentage": 10}}), None, false),
            (
                json!({"enhanced-cache": {"userGroups": ["all"]}}),
                at(true, 25.0),
                false,
            ),
        ];
        for (body, now, allowed) in table {
            let got = check(lower, &c(body.clone()), now.as_ref(), None);
            assert_eq!(got.is_ok(), allowed, "{body} over {now:?}: {got:?}");
        }
    }

    #[test]
    fn a_run_raises_only_from_where_it_left_the_flag() {
        let c = |b| change(b).unwrap();
        let to50 = c(json!({"enhanced-cache": {"percentage": 50}}));
        let at25 = flag(true, 25.0);
        assert!(check(Exposure::Run, &to50, Some(&Ok(at25.clone())), Some(&at25)).is_ok());
        // Someone disabled it meanwhile.
        let off = flag(false, 25.0);
        let err = check(Exposure::Run, &to50, Some(&Ok(off)), Some(&at25)).unwrap_err();
        assert!(err.contains("someone else changed it"), "{err}");
        // Someone changed only the groups meanwhile: refused too (a run never sets them).
        let regrouped = FlagState {
            user_groups: vec!["someone-else".into()],
            ..at25.clone()
        };
        let err = check(Exposure::Run, &to50, Some(&Ok(regrouped)), Some(&at25)).unwrap_err();
        assert!(
            err.contains("userGroups") && err.contains("someone else"),
            "{err}"
        );
        // No expectation: refused.
        assert!(check(Exposure::Run, &to50, Some(&Ok(at25.clone())), None).is_err());
        // Lowering is the rollback's, not the run's.
        let to10 = c(json!({"enhanced-cache": {"percentage": 10}}));
        assert!(check(Exposure::Run, &to10, Some(&Ok(at25.clone())), Some(&at25)).is_err());
        // Any: only the body's bounds (checked by parse_change).
        assert!(check(Exposure::Any, &to10, None, None).is_ok());
    }
}
