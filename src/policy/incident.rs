//! The incident decision matrices (incident-high-error-rate.sh, incident-storage-quota.sh),
//! corrected: an incident never widens exposure, and nothing is declared resolved that was not
//! seen to be.

use serde::Serialize;
use serde_json::{Value, json};

use crate::numbers::number;
use crate::policy::check::{Check, kpi_check};
use crate::policy::figure::Figure;
use crate::policy::plan::{Confirm, Plan, PlannedWrite, ReadBack};
use crate::policy::rollout::{FlagState, flag_body, percentage_json};
use crate::policy::thresholds::{Kpi, Limit, Thresholds};
use crate::vocab::Endpoint;
use crate::vocab::Severity;

/// What to do about an error rate.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub(crate) enum ErrorRateDecision {
    /// At or under the reduce threshold.
    Nothing { reason: String },
    /// Above the reduce threshold: cut the rollout to min(current, the configured percentage).
    Reduce { from: f64, to: f64, reason: String },
    /// Above the reduce threshold, but the rollout is already at or under the cut: never raise it.
    Hold { reason: String },
    /// Above the rollback threshold.
    EmergencyRollback { reason: String },
    /// A figure the decision needs is UNKNOWN: no action.
    Unknown { reason: String },
}

/// The error rate's row: the one check every command shows for this figure (CRITICAL past
/// `max_error_rate`, as in `validate` and `rollout status`); the matrix below decides the action.
pub(crate) fn error_rate_check(rate: &Figure, t: &Thresholds) -> Check {
    crate::policy::validate::error_rate_check(rate.clone(), t)
}

/// The guide's matrix with its boundaries exactly `>`: above rollback → emergency rollback;
/// above reduce → the rollout to min(current, cut). The flag is only needed for the cut.
pub(crate) fn decide_error_rate(
    rate: &Figure,
    flag: &Result<FlagState, String>,
    t: &Thresholds,
) -> ErrorRateDecision {
    let rollback = t.limit(Limit::IncidentRollbackErrorRate);
    let reduce = t.limit(Limit::IncidentReduceErrorRate);
    let cut = t.limit(Limit::IncidentReduceToPercent);
    let r = match rate {
        Figure::Known(r) => *r,
        Figure::Unknown(why) => {
            return ErrorRateDecision::Unknown {
                reason: format!("error rate UNKNOWN ({why}); no action taken"),
            };
        }
    };
    if r > rollback {
        return ErrorRateDecision::EmergencyRollback {
            reason: format!(
                "error rate {} % is above {} %: emergency rollback",
                number(r),
                number(rollback)
            ),
        };
    }
    if r <= reduce {
        return ErrorRateDecision::Nothing {
            reason: format!(
                "error rate {} % is not above {} %: no action",
                number(r),
                number(reduce)
            ),
        };
    }
    match flag {
        Err(why) => ErrorRateDecision::Unknown {
            reason: format!(
                "error rate {} % is above {} %, but the flag is UNKNOWN ({why}); the rollout was not touched",
                number(r),
                number(reduce)
            ),
        },
        Ok(f) if !f.enabled => ErrorRateDecision::Hold {
            reason: format!(
                "error rate {} % is above {} %, but the flag is already disabled",
                number(r),
                number(reduce)
            ),
        },
        Ok(f) if f.percentage <= cut => ErrorRateDecision::Hold {
            reason: format!(
                "error rate {} % is above {} %; the rollout is already at {} % (≤ {} %), so it is left there, never raised",
                number(r),
                number(reduce),
                number(f.percentage),
                number(cut)
            ),
        },
        Ok(f) => ErrorRateDecision::Reduce {
            from: f.percentage,
            to: cut,
            reason: format!(
                "error rate {} % is above {} %: cut the rollout from {} % to {} %",
                number(r),
                number(reduce),
                number(f.percentage),
                number(cut)
            ),
        },
    }
}

/// Whether storage warrants the storage incident's actions.
pub(crate) fn storage_needs_action(storage: &Figure, t: &Thresholds) -> Result<bool, String> {
    match storage {
        Figure::Known(s) => Ok(*s > t.band(Kpi::StorageUtilization).target),
        Figure::Unknown(why) => Err(why.clone()),
    }
}

/// How the storage incident ended, from the storage read before and the last one after.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct StorageVerdict {
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub below_critical: Option<bool>,
    pub below_target: Option<bool>,
    pub summary: String,
}

pub(crate) fn storage_verdict(before: f64, after: &Figure, t: &Thresholds) -> StorageVerdict {
    let band = t.band(Kpi::StorageUtilization);
    let (crit, target) = (number(band.critical), number(band.target));
    match after {
        Figure::Unknown(why) => StorageVerdict {
            before: Some(before),
            after: None,
            below_critical: None,
            below_target: None,
            summary: format!(
                "storage could not be read after the actions ({why}): recovery NOT confirmed"
            ),
        },
        Figure::Known(a) => {
            let below_critical = *a <= band.critical;
            let below_target = *a <= band.target;
            let summary = match (below_critical, below_target) {
                (true, true) => format!(
                    "storage {} % → {} %: back within the target ({target} %)",
                    number(before),
                    number(*a)
                ),
                (true, false) => format!(
                    "storage {} % → {} %: below critical ({crit} %) but still above the target ({target} %); keep watching",
                    number(before),
                    number(*a)
                ),
                _ => format!(
                    "storage {} % → {} %: still above critical ({crit} %); NOT resolved",
                    number(before),
                    number(*a)
                ),
            };
            StorageVerdict {
                before: Some(before),
                after: Some(*a),
                below_critical: Some(below_critical),
                below_target: Some(below_target),
                summary,
            }
        }
    }
}

/// The storage incident's plan (incident-storage-quota.sh): storage above its target → the
/// emergency cleanup and the tighter limits, sent together (neither needs the other), then the
/// recovery watched. `env` and `url` say where, for the question.
pub(crate) fn storage_plan(
    before: &Figure,
    t: &Thresholds,
    limits: &Value,
    env: &str,
    url: &str,
) -> Plan {
    let band = t.band(Kpi::StorageUtilization);
    let mut check = kpi_check(Kpi::StorageUtilization, before.clone(), t);
    check.name = "storage utilization (before)".into();
    let mut plan = Plan {
        checks: vec![check],
        ..Plan::default()
    };
    let start = match storage_needs_action(before, t) {
        Err(_) => {
            plan.notes.push("storage could not be read, so nothing was done; check /api/cache-metrics and the app's storage by hand".into());
            return plan;
        }
        Ok(false) => {
            plan.notes.push(format!(
                "storage {} % is within the target ({} %): no storage incident, nothing done",
                before.value().map(number).unwrap_or_default(),
                number(band.target)
            ));
            return plan;
        }
        Ok(true) => before.value().unwrap_or_default(),
    };
    plan.writes = vec![
        PlannedWrite {
            name: "emergency cleanup".into(),
            endpoint: Endpoint::EmergencyCleanup,
            body: None,
            says: "emergency cleanup".into(),
            // Its effect is what the recovery watch verifies.
            readback: ReadBack::AnswerOnly,
        },
        PlannedWrite {
            name: "tighten cache limits".into(),
            endpoint: Endpoint::UpdateCacheLimits,
            body: Some(limits.clone()),
            says: "tighter cache limits".into(),
            readback: ReadBack::CacheConfig(limits.clone()),
        },
    ];
    plan.confirm = Some(Confirm {
        evidence: vec![format!(
            "storage {} % (target {} %, critical {} %) on {env} ({url}):",
            number(start),
            number(band.target),
            number(band.critical),
        )],
        then: vec!["watch storage recover".into()],
        question: format!("Run the storage incident actions on {env}?"),
        lowering: false,
    });
    plan
}

/// The error rate's plan: the rollout cut when the matrix says so (asked y/N: it only lowers
/// exposure). The emergency rollback has its own plan (`policy::emergency`); every other
/// decision writes nothing.
pub(crate) fn error_rate_plan(
    decision: &ErrorRateDecision,
    rate: &Figure,
    t: &Thresholds,
    flag_name: &str,
    env: &str,
    url: &str,
) -> Plan {
    let mut plan = Plan {
        checks: vec![error_rate_check(rate, t)],
        ..Plan::default()
    };
    match decision {
        ErrorRateDecision::Unknown { reason } => {
            plan.checks
                .push(Check::note("decision", Severity::Unknown, reason.clone()));
        }
        ErrorRateDecision::Reduce { from, to, reason } => {
            plan.notes.push(format!("decision: {reason}"));
            let fields = json!({ "percentage": percentage_json(*to) });
            plan.writes.push(PlannedWrite {
                name: format!("cut rollout {} % → {} %", number(*from), number(*to)),
                endpoint: Endpoint::SetFeatureFlags,
                body: Some(flag_body(flag_name, fields.clone())),
                says: format!(
                    "change: {flag_name} {} % → {} % on {env} ({url})",
                    number(*from),
                    number(*to)
                ),
                readback: ReadBack::Flag(fields),
            });
            plan.confirm = Some(Confirm {
                evidence: Vec::new(),
                then: Vec::new(),
                question: format!("Cut to {} %?", number(*to)),
                lowering: true,
            });
        }
        ErrorRateDecision::Nothing { reason }
        | ErrorRateDecision::Hold { reason }
        | ErrorRateDecision::EmergencyRollback { reason } => {
            plan.notes.push(format!("decision: {reason}"));
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(p: f64) -> Result<FlagState, String> {
        Ok(FlagState {
            enabled: true,
            percentage: p,
            user_groups: vec![],
            updated_at: None,
        })
    }

    #[test]
    fn matrix_boundaries_and_never_widen() {
        let t = Thresholds::default();
        let k = Figure::Known;
        let cases: Vec<(f64, Result<FlagState, String>, &str)> = vec![
            (2.0, flag(50.0), "nothing"),
            (5.0, flag(50.0), "nothing"),
            (5.01, flag(50.0), "reduce"),
            (7.0, flag(50.0), "reduce"),
            (7.0, flag(25.0), "hold"),
            (7.0, flag(10.0), "hold"),
            (7.0, Err("x".into()), "unknown"),
            (10.0, flag(50.0), "reduce"),
            (10.01, flag(50.0), "rollback"),
            (12.0, Err("x".into()), "rollback"),
        ];
        for (rate, f, want) in cases {
            let d = decide_error_rate(&k(rate), &f, &t);
            let got = match &d {
                ErrorRateDecision::Nothing { .. } => "nothing",
                ErrorRateDecision::Reduce { from, to, .. } => {
                    assert!(to < from, "a cut never raises: {d:?}");
                    "reduce"
                }
                ErrorRateDecision::Hold { .. } => "hold",
                ErrorRateDecision::EmergencyRollback { .. } => "rollback",
                ErrorRateDecision::Unknown { .. } => "unknown",
            };
            assert_eq!(got, want, "{rate} {f:?}");
        }
        let unknown = decide_error_rate(
            &Figure::Unknown("GET /api/error-details: HTTP 500".into()),
            &flag(50.0),
            &t,
        );
        assert!(matches!(unknown, ErrorRateDecision::Unknown { .. }));
    }

    #[test]
    fn error_rate_status() {
        let t = Thresholds::default();
        assert_eq!(
            error_rate_check(&Figure::Known(5.0), &t).status,
            Severity::Ok
        );
        assert_eq!(
            error_rate_check(&Figure::Known(7.0), &t).status,
            Severity::Critical
        );
        assert_eq!(
            error_rate_check(&Figure::Known(12.0), &t).status,
            Severity::Critical
        );
    }

    #[test]
    fn storage_verdicts() {
        let t = Thresholds::default();
        let v = storage_verdict(97.0, &Figure::Known(60.0), &t);
        assert_eq!((v.below_critical, v.below_target), (Some(true), Some(true)));
        let v = storage_verdict(97.0, &Figure::Known(90.0), &t);
        assert_eq!(
            (v.below_critical, v.below_target),
            (Some(true), Some(false))
        );
        let v = storage_verdict(97.0, &Figure::Known(99.0), &t);
        assert!(v.summary.contains("NOT resolved"));
        let v = storage_verdict(97.0, &Figure::Unknown("x".into()), &t);
        assert_eq!(v.below_critical, None);
        assert_eq!(storage_needs_action(&Figure::Known(80.0), &t), Ok(false));
        assert_eq!(storage_needs_action(&Figure::Known(80.1), &t), Ok(true));
        assert!(storage_needs_action(&Figure::Unknown("x".into()), &t).is_err());
    }

    fn limits() -> Value {
        json!({"images-cache": {"maxEntries": 50}, "feed-cache": {"maxAgeSeconds": 300}})
    }

    #[test]
    fn storage_plan_table() {
        let t = Thresholds::default();
        // (storage read before, writes planned, asked)
        let cases: Vec<(Figure, Vec<Endpoint>, bool)> = vec![
            (Figure::Known(60.0), vec![], false),
            (Figure::Known(80.0), vec![], false),
            (
                Figure::Known(80.1),
                vec![Endpoint::EmergencyCleanup, Endpoint::UpdateCacheLimits],
                true,
            ),
            (
                Figure::Known(97.0),
                vec![Endpoint::EmergencyCleanup, Endpoint::UpdateCacheLimits],
                true,
            ),
            (Figure::Unknown("HTTP 500".into()), vec![], false),
        ];
        for (before, want, asked) in cases {
            let p = storage_plan(&before, &t, &limits(), "production", "https://app/");
            let got: Vec<Endpoint> = p.writes.iter().map(|w| w.endpoint).collect();
            assert_eq!(got, want, "{before:?}");
            assert_eq!(p.confirm.is_some(), asked, "{before:?}");
            assert!(!p.has_racing_writes());
            assert_eq!(p.checks[0].name, "storage utilization (before)");
            assert_eq!(
                p.notes.is_empty(),
                asked,
                "a plan that does nothing says why"
            );
        }
        let p = storage_plan(
            &Figure::Known(97.0),
            &t,
            &limits(),
            "production",
            "https://app/",
        );
        assert_eq!(p.writes[1].body, Some(limits()));
        assert_eq!(p.writes[1].readback, ReadBack::CacheConfig(limits()));
        assert_eq!(
            p.writes[0].readback,
            ReadBack::AnswerOnly,
            "the watch confirms it"
        );
        let c = p.confirm.unwrap();
        assert!(!c.lowering);
        assert_eq!(c.then, ["watch storage recover"]);
        assert!(c.evidence[0].contains("storage 97 %"), "{:?}", c.evidence);
    }

    #[test]
    fn error_rate_plan_table() {
        let t = Thresholds::default();
        // (rate, flag, writes, body sent)
        let cases: Vec<(f64, Result<FlagState, String>, Option<Value>)> = vec![
            (5.0, flag(50.0), None),
            (
                7.0,
                flag(50.0),
                Some(json!({"enhanced-cache": {"percentage": 25}})),
            ),
            (7.0, flag(25.0), None),
            (7.0, Err("x".into()), None),
            // The emergency rollback is its own plan (policy::emergency).
            (12.0, flag(50.0), None),
        ];
        for (rate, f, body) in cases {
            let rate = Figure::Known(rate);
            let d = decide_error_rate(&rate, &f, &t);
            let p = error_rate_plan(
                &d,
                &rate,
                &t,
                "enhanced-cache",
                "production",
                "https://app/",
            );
            assert_eq!(p.writes.first().and_then(|w| w.body.clone()), body, "{d:?}");
            assert_eq!(p.confirm.is_some(), body.is_some(), "{d:?}");
            assert_eq!(p.checks[0].name, "error rate");
        }
        let rate = Figure::Known(7.0);
        let d = decide_error_rate(&rate, &flag(50.0), &t);
        let p = error_rate_plan(
            &d,
            &rate,
            &t,
            "enhanced-cache",
            "production",
            "https://app/",
        );
        assert!(p.confirm.unwrap().lowering, "a cut is asked y/N");
        assert_eq!(
            p.writes[0].readback,
            ReadBack::Flag(json!({"percentage": 25}))
        );
        let rate = Figure::Unknown("GET /api/error-details: HTTP 500".into());
        let d = decide_error_rate(&rate, &flag(50.0), &t);
        let p = error_rate_plan(
            &d,
            &rate,
            &t,
            "enhanced-cache",
            "production",
            "https://app/",
        );
        assert!(p.writes.is_empty());
        assert!(
            p.checks
                .iter()
                .any(|c| c.name == "decision" && c.status == Severity::Unknown),
            "{:?}",
            p.checks
        );
    }
}
