//! The incident decision matrices (incident-high-error-rate.sh, incident-storage-quota.sh),
//! corrected: an incident never widens exposure, and nothing is declared resolved that was not
//! seen to be.

use serde::Serialize;

use crate::exit::Status;
use crate::output::render::number;
use crate::policy::check::{Check, judge};
use crate::policy::figure::Figure;
use crate::policy::rollout::FlagState;
use crate::policy::thresholds::{Band, Better, Kpi, Limit, Thresholds};

/// What to do about an error rate.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum ErrorRateDecision {
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

impl ErrorRateDecision {
    pub fn summary(&self) -> &str {
        match self {
            ErrorRateDecision::Nothing { reason }
            | ErrorRateDecision::Reduce { reason, .. }
            | ErrorRateDecision::Hold { reason }
            | ErrorRateDecision::EmergencyRollback { reason }
            | ErrorRateDecision::Unknown { reason } => reason,
        }
    }
}

/// The error rate judged against the matrix: past "reduce" is WARNING, past "rollback" CRITICAL.
pub fn error_rate_band(t: &Thresholds) -> Band {
    Band {
        target: t.limit(Limit::IncidentReduceErrorRate),
        critical: t.limit(Limit::IncidentRollbackErrorRate),
    }
}

pub fn error_rate_check(rate: &Figure, t: &Thresholds) -> Check {
    let band = error_rate_band(t);
    let (status, detail) = match rate {
        Figure::Known(v) => (judge(*v, band, Better::Lower), None),
        Figure::Unknown(why) => (Status::Unknown, Some(why.clone())),
    };
    Check {
        name: "error rate".into(),
        value: rate.clone(),
        unit: "%".into(),
        target: Some(band.target),
        critical: Some(band.critical),
        better: Some(Better::Lower),
        status,
        detail,
        origin: None,
    }
}

/// The guide's matrix with its boundaries exactly `>`: above rollback → emergency rollback;
/// above reduce → the rollout to min(current, cut). The flag is only needed for the cut.
pub fn decide_error_rate(
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
pub fn storage_needs_action(storage: &Figure, t: &Thresholds) -> Result<bool, String> {
    match storage {
        Figure::Known(s) => Ok(*s > t.band(Kpi::StorageUtilization).target),
        Figure::Unknown(why) => Err(why.clone()),
    }
}

/// How the storage incident ended, from the storage read before and the last one after.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StorageVerdict {
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub below_critical: Option<bool>,
    pub below_target: Option<bool>,
    pub summary: String,
}

pub fn storage_verdict(before: f64, after: &Figure, t: &Thresholds) -> StorageVerdict {
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
        assert_eq!(error_rate_check(&Figure::Known(5.0), &t).status, Status::Ok);
        assert_eq!(
            error_rate_check(&Figure::Known(7.0), &t).status,
            Status::Warning
        );
        assert_eq!(
            error_rate_check(&Figure::Known(12.0), &t).status,
            Status::Critical
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
}
