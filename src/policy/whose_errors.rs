//! Whose errors an error-rate incident's are, from the error rate compared per cohort: the
//! exposed cohort's (its rate significantly beyond the control group's: cutting the flag helps)
//! or everyone's (alike: a bad deploy the flag will not fix). Pure: the comparison is judged by
//! `policy::compare`.

use serde::Serialize;

use crate::numbers::number;
use crate::policy::compare::{Comparison, Judgement, signed_pct};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Whose {
    /// The exposed cohort's: the flag is the cause, cutting it helps.
    Enhanced,
    /// Both cohorts alike: not the flag's.
    Everyone,
    /// A cohort missing or too few requests to tell.
    Unknown,
}

/// JSON `whose_errors`, and the report's line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct WhoseErrors {
    pub whose: Whose,
    /// Error rates (%) of the exposed cohort and the control group, when read.
    pub enhanced: Option<f64>,
    pub control: Option<f64>,
    pub line: String,
}

/// Reads the error rate's comparison: fail is the exposed cohort's, pass everyone's.
pub(crate) fn whose_errors(c: &Comparison, names: (&str, &str)) -> WhoseErrors {
    let (e, k) = names;
    let pct = |v: Option<f64>| v.map_or("?".into(), |v| format!("{} %", number(v)));
    let change = c.relative_change.map(signed_pct).unwrap_or_default();
    let (whose, line) = match c.verdict {
        Judgement::Fail => (
            Whose::Enhanced,
            format!(
                "errors are the {e} cohort's: {} against {k} {} ({change}); cutting the flag helps",
                pct(c.enhanced),
                pct(c.control)
            ),
        ),
        Judgement::Pass => (
            Whose::Everyone,
            format!(
                "errors are everyone's: {e} {}, {k} {} ({change}); a bad deploy the flag will \
                 not fix",
                pct(c.enhanced),
                pct(c.control)
            ),
        ),
        Judgement::Inconclusive => (
            Whose::Unknown,
            format!("whose errors: cannot tell ({})", c.detail),
        ),
    };
    WhoseErrors {
        whose,
        enhanced: c.enhanced,
        control: c.control,
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::compare::{Cohort, CompareSpec, Measured, judge};
    use crate::policy::stats::Counts;

    fn read(enhanced: Result<(u64, u64), &str>, control: (u64, u64)) -> WhoseErrors {
        let counts = |(events, total)| Cohort::Counts(Counts { events, total });
        let c = judge(
            Measured {
                kpi: "error rate",
                unit: "%",
                scale: 100.0,
                enhanced: enhanced.map(counts).map_err(str::to_string),
                control: Ok(counts(control)),
            },
            &CompareSpec {
                max_relative_change: 0.20,
                min_samples: 1000,
                confidence: 0.95,
            },
            false,
        );
        whose_errors(&c, ("enhanced", "control"))
    }

    #[test]
    fn the_exposed_cohorts_errors_far_above_control_are_the_flags() {
        let w = read(Ok((1200, 10_000)), (2160, 90_000));
        assert_eq!(w.whose, Whose::Enhanced);
        assert_eq!((w.enhanced, w.control), (Some(12.0), Some(2.4)));
        assert!(
            w.line
                .contains("the enhanced cohort's: 12 % against control 2.4 %")
        );
        assert!(w.line.contains("cutting the flag helps"), "{}", w.line);
    }

    #[test]
    fn alike_cohorts_are_everyones() {
        // Both at 9 %: a bad deploy.
        let w = read(Ok((900, 10_000)), (8100, 90_000));
        assert_eq!(w.whose, Whose::Everyone);
        assert!(w.line.contains("the flag will not fix"), "{}", w.line);
        // A higher rate the samples cannot tell from chance is not the flag's either.
        assert_eq!(read(Ok((14, 1000)), (100, 9000)).whose, Whose::Everyone);
    }

    #[test]
    fn a_missing_cohort_or_too_few_requests_cannot_tell() {
        let w = read(Err("no cohort `enhanced`"), (2160, 90_000));
        assert_eq!(w.whose, Whose::Unknown);
        assert!(w.line.contains("no cohort `enhanced`"), "{}", w.line);
        assert_eq!(read(Ok((50, 500)), (2160, 90_000)).whose, Whose::Unknown);
    }
}
