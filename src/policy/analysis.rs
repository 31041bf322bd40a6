//! Windowed analysis (`[analysis]`): a gate's KPIs judged several times, `interval` apart,
//! instead of once. Each measurement passes, fails or is inconclusive; the run's outcome follows
//! Argo Rollouts' analysis semantics, with one swcache rule on top: "no data" is never healthy,
//! so a run with no passing measurement never passes. Pure: the executor
//! (`commands::analysis`) measures and keeps the time.

pub(crate) use crate::policy::judgement::Judgement;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::policy::check::Check;
use crate::vocab::Severity;

/// `[analysis]`, resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct AnalysisSettings {
    /// Time between two measurements.
    #[serde(
        rename = "interval_ms",
        serialize_with = "as_millis",
        deserialize_with = "from_millis"
    )]
    pub interval: Duration,
    /// Measurements in a complete run.
    pub count: u32,
    /// Failed measurements tolerated: one more fails the run.
    pub failure_limit: u32,
    /// Inconclusive measurements tolerated: one more makes the run inconclusive.
    pub inconclusive_limit: u32,
}

fn as_millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

fn from_millis<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    u64::deserialize(d).map(Duration::from_millis)
}

pub(crate) const DEFAULT_INTERVAL: Duration = Duration::from_secs(60);
pub(crate) const DEFAULT_COUNT: u32 = 5;

impl Default for AnalysisSettings {
    fn default() -> Self {
        AnalysisSettings {
            interval: DEFAULT_INTERVAL,
            count: DEFAULT_COUNT,
            failure_limit: 0,
            inconclusive_limit: 0,
        }
    }
}

impl AnalysisSettings {
    /// The analysis of a bake: at least `count` measurements, and enough to cover the whole
    /// bake (one at its start, one every interval to its end), so a step is watched for as
    /// long as it bakes. The limits stay as configured.
    pub(crate) fn over(self, bake: Duration) -> AnalysisSettings {
        let fit = if self.interval.is_zero() {
            1
        } else {
            (bake.as_millis() / self.interval.as_millis()) as u32 + 1
        };
        AnalysisSettings {
            count: self.count.max(fit),
            ..self
        }
    }

    /// How long a complete run takes: the first measurement at once, then one per interval.
    #[cfg(test)]
    pub(crate) fn span(&self) -> Duration {
        self.interval * self.count.saturating_sub(1)
    }

    /// "5 measurements 1m apart, failure limit 0, inconclusive limit 0".
    pub(crate) fn describe(&self) -> String {
        format!(
            "{} measurement{} {} apart, failure limit {}, inconclusive limit {}",
            self.count,
            if self.count == 1 { "" } else { "s" },
            crate::numbers::duration(self.interval),
            self.failure_limit,
            self.inconclusive_limit
        )
    }
}

/// A measurement's verdict and the figure that decided it (`None` for a pass: every figure
/// within its target).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Judged {
    pub verdict: Judgement,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
}

/// Judges one reading of the gate's figures the way the gate does: every figure within its
/// target passes; a figure past its target or critical line fails (the worst one decides);
/// otherwise an UNKNOWN figure makes it inconclusive. A known failure outranks an UNKNOWN:
/// it is evidence, and what a missing figure might have said cannot make it healthy.
pub(crate) fn judge(checks: &[Check]) -> Judged {
    let worst_known = checks
        .iter()
        .filter(|c| matches!(c.status, Severity::Warning | Severity::Critical))
        .max_by_key(|c| c.status);
    if let Some(c) = worst_known {
        return Judged {
            verdict: Judgement::Fail,
            decided_by: Some(describe(c)),
        };
    }
    match checks.iter().find(|c| c.status == Severity::Unknown) {
        Some(c) => Judged {
            verdict: Judgement::Inconclusive,
            decided_by: Some(describe(c)),
        },
        None if checks.is_empty() => Judged {
            verdict: Judgement::Inconclusive,
            decided_by: Some("no figure was measured".into()),
        },
        None => Judged {
            verdict: Judgement::Pass,
            decided_by: None,
        },
    }
}

/// "error rate CRITICAL 7 % (critical past 5 %)", "feed-cache hit rate UNKNOWN (HTTP 502)".
fn describe(c: &Check) -> String {
    use crate::numbers::number;
    let unit = match c.unit.as_str() {
        "" => String::new(),
        "%" => " %".into(),
        u => format!(" {u}"),
    };
    match (c.status, c.value.value()) {
        (Severity::Unknown, _) => format!(
            "{} UNKNOWN ({})",
            c.name,
            c.detail.as_deref().unwrap_or("no value")
        ),
        (status, Some(v)) => {
            let bound = match status {
                Severity::Critical => c
                    .critical
                    .map(|b| format!(" (critical past {}{unit})", number(b))),
                _ => c.target.map(|b| format!(" (target {}{unit})", number(b))),
            };
            format!(
                "{} {} {}{unit}{}",
                c.name,
                status.label(),
                number(v),
                bound.unwrap_or_default()
            )
        }
        (status, None) => format!(
            "{} {}{}",
            c.name,
            status.label(),
            c.detail
                .as_deref()
                .filter(|d| !d.is_empty())
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        ),
    }
}

/// Where a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum AnalysisOutcome {
    /// More measurements are needed.
    Running,
    Passed,
    /// More failures than `failure_limit`: the figures are bad.
    Failed,
    /// More inconclusive measurements than `inconclusive_limit`, or a complete run with no
    /// passing measurement: the figures could not be trusted. Holds, drives no write.
    Inconclusive,
}

impl AnalysisOutcome {
    pub(crate) fn label(self) -> &'static str {
        match self {
            AnalysisOutcome::Running => "running",
            AnalysisOutcome::Passed => "passed",
            AnalysisOutcome::Failed => "FAILED",
            AnalysisOutcome::Inconclusive => "INCONCLUSIVE",
        }
    }

    /// The status an outcome gives a check of the run.
    pub(crate) fn status(self) -> Severity {
        match self {
            AnalysisOutcome::Passed => Severity::Ok,
            AnalysisOutcome::Failed => Severity::Critical,
            AnalysisOutcome::Running | AnalysisOutcome::Inconclusive => Severity::Unknown,
        }
    }
}

/// The outcome after these measurements (in the order taken). Decided as soon as a limit is
/// passed, without waiting for the rest; the measurement that passed a limit decides, so a
/// failure is never outweighed by inconclusives that came later.
pub(crate) fn outcome(s: &AnalysisSettings, verdicts: &[Judgement]) -> AnalysisOutcome {
    let (mut pass, mut fail, mut inconclusive) = (0u32, 0u32, 0u32);
    for (i, v) in verdicts.iter().enumerate() {
        match v {
            Judgement::Pass => pass += 1,
            Judgement::Fail => fail += 1,
            Judgement::Inconclusive => inconclusive += 1,
        }
        if fail > s.failure_limit {
            return AnalysisOutcome::Failed;
        }
        if inconclusive > s.inconclusive_limit {
            return AnalysisOutcome::Inconclusive;
        }
        // Complete: decided here, whatever is measured after.
        if i + 1 >= s.count.max(1) as usize {
            return if pass == 0 {
                AnalysisOutcome::Inconclusive
            } else {
                AnalysisOutcome::Passed
            };
        }
    }
    AnalysisOutcome::Running
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::figure::Figure;
    use Judgement::{Fail as F, Inconclusive as I, Pass as P};
    use proptest::prelude::*;

    fn settings(count: u32, failure_limit: u32, inconclusive_limit: u32) -> AnalysisSettings {
        AnalysisSettings {
            interval: Duration::from_secs(1),
            count,
            failure_limit,
            inconclusive_limit,
        }
    }

    #[test]
    fn decision_table() {
        // (count, failure_limit, inconclusive_limit, measurements, outcome)
        let cases: &[(u32, u32, u32, &[Judgement], AnalysisOutcome)] = &[
            (3, 0, 0, &[], AnalysisOutcome::Running),
            (3, 0, 0, &[P], AnalysisOutcome::Running),
            (3, 0, 0, &[P, P], AnalysisOutcome::Running),
            (3, 0, 0, &[P, P, P], AnalysisOutcome::Passed),
            (3, 0, 0, &[P, F], AnalysisOutcome::Failed),
            (3, 0, 0, &[F], AnalysisOutcome::Failed),
            (3, 1, 0, &[F], AnalysisOutcome::Running),
            (3, 1, 0, &[F, P, P], AnalysisOutcome::Passed),
            (3, 1, 0, &[F, P, F], AnalysisOutcome::Failed),
            (3, 0, 0, &[I], AnalysisOutcome::Inconclusive),
            (3, 0, 1, &[I, P], AnalysisOutcome::Running),
            (3, 0, 1, &[I, P, P], AnalysisOutcome::Passed),
            (3, 0, 1, &[I, I], AnalysisOutcome::Inconclusive),
            // No passing measurement: never Passed, whatever the limits allow.
            (3, 1, 2, &[F, I, I], AnalysisOutcome::Inconclusive),
            (1, 0, 1, &[I], AnalysisOutcome::Inconclusive),
            // The measurement that passes a limit decides.
            (5, 0, 0, &[I, F], AnalysisOutcome::Inconclusive),
            (5, 0, 1, &[I, F], AnalysisOutcome::Failed),
            // A single snapshot.
            (1, 0, 0, &[P], AnalysisOutcome::Passed),
            (1, 0, 0, &[F], AnalysisOutcome::Failed),
            // Decided at `count`: what is measured after does not change it.
            (2, 0, 0, &[P, P, F], AnalysisOutcome::Passed),
            (2, 0, 0, &[F, P, P], AnalysisOutcome::Failed),
        ];
        for (i, (count, fl, il, ms, want)) in cases.iter().enumerate() {
            assert_eq!(
                outcome(&settings(*count, *fl, *il), ms),
                *want,
                "case {i}: {ms:?}"
            );
        }
    }

    fn check(name: &str, status: Severity, value: Option<f64>) -> Check {
        Check {
            name: name.into(),
            value: match value {
                Some(v) => Figure::Known(v),
                None => Figure::Unknown("HTTP 502".into()),
            },
            unit: "%".into(),
            target: Some(2.0),
            critical: Some(5.0),
            better: None,
            status,
            detail: value.is_none().then(|| "HTTP 502".into()),
            origin: None,
        }
    }

    #[test]
    fn judging_a_measurement() {
        let ok = check("a", Severity::Ok, Some(1.0));
        let warn = check("b", Severity::Warning, Some(3.0));
        let crit = check("error rate", Severity::Critical, Some(7.0));
        let unknown = check("c", Severity::Unknown, None);
        assert_eq!(judge(std::slice::from_ref(&ok)).verdict, Judgement::Pass);
        assert_eq!(judge(std::slice::from_ref(&ok)).decided_by, None);
        let j = judge(&[ok.clone(), warn.clone(), crit.clone()]);
        assert_eq!(j.verdict, Judgement::Fail);
        assert_eq!(
            j.decided_by.as_deref(),
            Some("error rate CRITICAL 7 % (critical past 5 %)"),
            "the worst figure decides"
        );
        assert_eq!(
            judge(&[ok.clone(), warn.clone()]).decided_by.as_deref(),
            Some("b WARNING 3 % (target 2 %)")
        );
        let j = judge(&[ok.clone(), unknown.clone()]);
        assert_eq!(j.verdict, Judgement::Inconclusive);
        assert_eq!(j.decided_by.as_deref(), Some("c UNKNOWN (HTTP 502)"));
        assert_eq!(
            judge(&[unknown, crit]).verdict,
            Judgement::Fail,
            "a known failure outranks an UNKNOWN"
        );
        assert_eq!(judge(&[]).verdict, Judgement::Inconclusive);
    }

    #[test]
    fn a_bake_is_covered() {
        let s = AnalysisSettings {
            interval: Duration::from_secs(60),
            count: 3,
            ..Default::default()
        };
        assert_eq!(s.over(Duration::from_secs(60)).count, 3);
        assert_eq!(s.over(Duration::from_secs(600)).count, 11);
        assert_eq!(
            s.over(Duration::from_secs(600)).span(),
            Duration::from_secs(600)
        );
        assert_eq!(s.span(), Duration::from_secs(120));
        assert!(s.describe().starts_with("3 measurements 1 min apart"));
    }

    fn verdict() -> impl Strategy<Value = Judgement> {
        prop_oneof![Just(P), Just(F), Just(I)]
    }

    proptest! {
        #[test]
        fn never_passes_past_a_limit_or_without_a_pass(
            count in 1u32..8, fl in 0u32..4, il in 0u32..4,
            ms in proptest::collection::vec(verdict(), 0..12),
        ) {
            let s = settings(count, fl, il);
            let o = outcome(&s, &ms);
            let n = |v: Judgement| ms.iter().filter(|m| **m == v).count() as u32;
            if o == AnalysisOutcome::Passed {
                // Within the limits and with a pass among the first `count`.
                let first = &ms[..count as usize];
                let k = |v: Judgement| first.iter().filter(|m| **m == v).count() as u32;
                prop_assert!(k(F) <= fl);
                prop_assert!(k(I) <= il);
                prop_assert!(k(P) >= 1);
            }
            if ms.len() as u32 <= count && n(F) > fl && n(I) <= il {
                prop_assert_eq!(o, AnalysisOutcome::Failed);
            }
            // Decided stays decided: one more measurement never reopens a run.
            if o != AnalysisOutcome::Running {
                for extra in [P, F, I] {
                    let mut more = ms.clone();
                    more.push(extra);
                    prop_assert_eq!(outcome(&s, &more), o);
                }
            }
        }
    }
}
