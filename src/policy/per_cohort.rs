//! A KPI read once per cohort (a `[metrics.prometheus.queries]` query with `$cohort`): its
//! absolute figure is the worse of the cohorts that report one. Both cohorts are real users, so
//! the gate judges the one faring worse; an aggregate would dilute a small cohort's regression.
//! Pure: the readings and who the flag exposes are given.

use crate::numbers::number;
use crate::policy::figure::Figure;
use crate::policy::thresholds::Better;

/// One cohort's answer to its query.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Reading {
    /// A figure, or UNKNOWN: the cohort failed to read (an error, a stale sample, out of range).
    Read(Figure),
    /// Answered, with nothing in it (no series, or NaN from 0/0): a cohort with no users yet,
    /// or one whose metric is missing. Which of the two only the flag can say.
    Empty(String),
}

/// Whether a cohort may have no users: the enhanced cohort while the flag exposes nobody, the
/// control group while it exposes everyone. `None`: the flag could not be read, so neither may.
pub(crate) fn may_be_empty(exposure: Option<f64>, enhanced: bool) -> bool {
    match exposure {
        Some(e) if enhanced => e <= 0.0,
        Some(e) => e >= 100.0,
        None => false,
    }
}

/// A cohort's reading and whether it may be empty (see [`may_be_empty`]).
pub(crate) struct CohortReading<'a> {
    pub name: &'a str,
    pub reading: Reading,
    pub may_be_empty: bool,
}

/// The KPI's figure: UNKNOWN when a cohort failed to read, or is empty while the flag puts
/// users in it, or when no cohort reports a figure; else the worse of those reported.
pub(crate) fn worse_of(better: Better, readings: &[CohortReading<'_>]) -> Figure {
    let mut known: Vec<f64> = Vec::new();
    for r in readings {
        match &r.reading {
            Reading::Read(Figure::Known(v)) => known.push(*v),
            Reading::Read(Figure::Unknown(why)) => {
                return Figure::Unknown(format!("cohort `{}`: {why}", r.name));
            }
            Reading::Empty(_) if r.may_be_empty => {}
            Reading::Empty(why) => {
                return Figure::Unknown(format!(
                    "cohort `{}` reports no figure though the flag puts users in it \
                     (or could not be read): {why}",
                    r.name
                ));
            }
        }
    }
    let worse = match better {
        Better::Lower => known.into_iter().reduce(f64::max),
        Better::Higher => known.into_iter().reduce(f64::min),
    };
    match worse {
        Some(v) => Figure::Known(v),
        None => Figure::Unknown("no cohort reports a figure".into()),
    }
}

/// "enhanced 4.8 %, control 2.4 % (the worse is judged)": each cohort's figure, shown.
pub(crate) fn summary(unit: &str, figures: &[(String, Option<f64>)]) -> String {
    let each: Vec<String> = figures
        .iter()
        .map(|(name, v)| match v {
            Some(v) => format!("{name} {} {unit}", number((v * 100.0).round() / 100.0)),
            None => format!("{name} none"),
        })
        .collect();
    format!("{} (the worse is judged)", each.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r<'a>(name: &'a str, reading: Reading, may_be_empty: bool) -> CohortReading<'a> {
        CohortReading {
            name,
            reading,
            may_be_empty,
        }
    }

    fn known(v: f64) -> Reading {
        Reading::Read(Figure::Known(v))
    }

    fn empty() -> Reading {
        Reading::Empty("no series".into())
    }

    #[test]
    fn the_worse_cohort_is_the_figure() {
        let both = [
            r("enhanced", known(4.8), false),
            r("control", known(2.4), false),
        ];
        assert_eq!(worse_of(Better::Lower, &both), Figure::Known(4.8));
        assert_eq!(worse_of(Better::Higher, &both), Figure::Known(2.4));
    }

    #[test]
    fn unknown_when_a_cohort_cannot_be_trusted() {
        let cases = [
            (
                r(
                    "enhanced",
                    Reading::Read(Figure::Unknown("HTTP 503".into())),
                    true,
                ),
                r("control", known(2.4), false),
                "cohort `enhanced`: HTTP 503",
            ),
            (
                r("enhanced", empty(), false),
                r("control", known(2.4), false),
                "cohort `enhanced` reports no figure",
            ),
            (
                r("enhanced", empty(), true),
                r("control", empty(), true),
                "no cohort reports a figure",
            ),
        ];
        for (e, k, why) in cases {
            let f = worse_of(Better::Lower, &[e, k]);
            assert!(f.reason().is_some_and(|r| r.contains(why)), "{f:?} ≠ {why}");
        }
    }

    #[test]
    fn an_empty_cohort_the_flag_exposes_nobody_to_is_not_an_error() {
        let at_zero = [
            r("enhanced", empty(), may_be_empty(Some(0.0), true)),
            r("control", known(2.4), may_be_empty(Some(0.0), false)),
        ];
        assert_eq!(worse_of(Better::Lower, &at_zero), Figure::Known(2.4));
        assert!(may_be_empty(Some(100.0), false));
        assert!(!may_be_empty(Some(10.0), true));
        assert!(!may_be_empty(Some(10.0), false));
        assert!(
            !may_be_empty(None, true),
            "an unread flag lets no cohort be empty"
        );
    }

    #[test]
    fn summary_names_each_cohort() {
        let s = summary(
            "%",
            &[("enhanced".into(), Some(4.8)), ("control".into(), None)],
        );
        assert_eq!(s, "enhanced 4.8 %, control none (the worse is judged)");
    }
}
