//! The error rate judged over a window (`[analysis]`), for the two runbooks that act on it: the
//! planned rollback's soaks and `incident error-rate`. A reading passes within the critical
//! line (the emergency rollback's threshold), fails past it, and is inconclusive when UNKNOWN;
//! the window's outcome is `policy::analysis::outcome`. Pure.

use crate::policy::analysis::{AnalysisOutcome, Judgement};
use crate::policy::check::Check;
use crate::policy::figure::Figure;
use crate::policy::thresholds::Better;
use crate::vocab::Severity;

/// One reading's verdict: strictly past `critical` fails (the guide's `> 10`).
pub(crate) fn verdict(rate: &Figure, critical: f64) -> Judgement {
    match rate {
        Figure::Known(r) if *r > critical => Judgement::Fail,
        Figure::Known(_) => Judgement::Pass,
        Figure::Unknown(_) => Judgement::Inconclusive,
    }
}

/// One reading as the check `policy::analysis::judge` takes (the analysis executor measures
/// checks): CRITICAL past the line, OK within it, UNKNOWN unread.
pub(crate) fn check(rate: &Figure, critical: f64) -> Check {
    let status = match verdict(rate, critical) {
        Judgement::Fail => Severity::Critical,
        Judgement::Pass => Severity::Ok,
        Judgement::Inconclusive => Severity::Unknown,
    };
    Check {
        value: rate.clone(),
        unit: "%".into(),
        critical: Some(critical),
        better: Some(Better::Lower),
        detail: match rate {
            Figure::Unknown(why) => Some(why.clone()),
            Figure::Known(_) => None,
        },
        ..Check::note("error rate", status, "")
    }
}

/// The reading a decided window acts on. Failed: the reading that failed it (its last).
/// Passed: the last reading within the line — a spike the failure limit tolerated is not
/// acted on as if it were the whole window. Otherwise (inconclusive, or cut short): UNKNOWN,
/// saying why, so nothing is written.
pub(crate) fn decided(
    outcome: AnalysisOutcome,
    readings: &[Figure],
    critical: f64,
    why: &str,
) -> Figure {
    let last = |v: Judgement| {
        readings
            .iter()
            .rev()
            .find(|r| verdict(r, critical) == v)
            .cloned()
    };
    let found = match outcome {
        AnalysisOutcome::Failed => last(Judgement::Fail),
        AnalysisOutcome::Passed => last(Judgement::Pass),
        AnalysisOutcome::Running | AnalysisOutcome::Inconclusive => None,
    };
    found.unwrap_or_else(|| Figure::Unknown(why.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const K: fn(f64) -> Figure = Figure::Known;

    fn u() -> Figure {
        Figure::Unknown("HTTP 502".into())
    }

    #[test]
    fn readings() {
        // (reading, verdict, check status) against a critical line of 10 %.
        let cases = [
            (K(1.0), Judgement::Pass, Severity::Ok),
            (K(10.0), Judgement::Pass, Severity::Ok),
            (K(10.1), Judgement::Fail, Severity::Critical),
            (u(), Judgement::Inconclusive, Severity::Unknown),
        ];
        for (rate, v, status) in cases {
            assert_eq!(verdict(&rate, 10.0), v, "{rate:?}");
            assert_eq!(check(&rate, 10.0).status, status, "{rate:?}");
            let judged = crate::policy::analysis::judge(&[check(&rate, 10.0)]);
            assert_eq!(judged.verdict, v, "judge agrees: {rate:?}");
        }
    }

    #[test]
    fn the_reading_a_window_acts_on() {
        // (outcome, readings, the figure acted on)
        let cases: &[(AnalysisOutcome, Vec<Figure>, Figure)] = &[
            (AnalysisOutcome::Passed, vec![K(1.0), K(4.0)], K(4.0)),
            // A tolerated spike at the end: the last reading within the line.
            (
                AnalysisOutcome::Passed,
                vec![K(1.0), K(3.0), K(12.0)],
                K(3.0),
            ),
            (
                AnalysisOutcome::Failed,
                vec![K(1.0), K(12.0), K(15.0)],
                K(15.0),
            ),
            (AnalysisOutcome::Failed, vec![K(12.0), u()], K(12.0)),
            (
                AnalysisOutcome::Inconclusive,
                vec![K(1.0), u()],
                Figure::Unknown("w".into()),
            ),
            (
                AnalysisOutcome::Running,
                vec![K(1.0)],
                Figure::Unknown("w".into()),
            ),
        ];
        for (outcome, readings, want) in cases {
            assert_eq!(
                &decided(*outcome, readings, 10.0, "w"),
                want,
                "{outcome:?} {readings:?}"
            );
        }
    }
}
