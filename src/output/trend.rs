//! The live view's memory: each figure's last readings, and the small sparkline drawn from them.
//! Pure (no I/O, no clock), so the drawing and the keeping are unit-tested.

use std::collections::VecDeque;

use crate::policy::check::Check;

/// Readings a trend keeps (and so the sparkline's width).
pub(crate) const TREND_LEN: usize = 20;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A sparkline of a series, oldest first: one bar per reading, scaled between the lowest and
/// the highest known reading; an UNKNOWN reading (`None`, or not a finite number) is a gap
/// (a space), never a bar: a missing figure must not look like a low one. A flat series sits
/// at mid height.
pub(crate) fn sparkline(series: &[Option<f64>]) -> String {
    let known = series.iter().flatten().copied().filter(|v| v.is_finite());
    let (lo, hi) = known.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    series
        .iter()
        .map(|r| match r {
            Some(v) if v.is_finite() => {
                if hi > lo {
                    let i = ((v - lo) / (hi - lo) * (BARS.len() - 1) as f64).round() as usize;
                    BARS[i.min(BARS.len() - 1)]
                } else {
                    BARS[3]
                }
            }
            _ => ' ',
        })
        .collect()
}

/// Each check's last [`TREND_LEN`] readings, by name, in the order checks first appeared.
#[derive(Debug, Default)]
pub(crate) struct Trends {
    readings: usize,
    series: Vec<(String, VecDeque<Option<f64>>)>,
}

impl Trends {
    /// Records one reading of every check. A check absent from this reading gets a gap; one
    /// seen for the first time starts with gaps for the readings before it, so every line
    /// of the view lines up in time.
    pub(crate) fn push(&mut self, checks: &[Check]) {
        let width = self.readings.min(TREND_LEN - 1);
        for c in checks {
            if !self.series.iter().any(|(n, _)| *n == c.name) {
                self.series
                    .push((c.name.clone(), std::iter::repeat_n(None, width).collect()));
            }
        }
        for (name, s) in &mut self.series {
            let v = checks
                .iter()
                .find(|c| c.name == *name)
                .and_then(|c| c.value.value());
            s.push_back(v);
            while s.len() > TREND_LEN {
                s.pop_front();
            }
        }
        self.readings += 1;
    }

    pub(crate) fn readings(&self) -> usize {
        self.readings
    }

    /// The readings of one check, oldest first (empty for a name never seen).
    pub(crate) fn series(&self, name: &str) -> Vec<Option<f64>> {
        self.series
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.iter().copied().collect())
            .unwrap_or_default()
    }

    /// The sparkline of one check, right-aligned in [`TREND_LEN`] columns so the table keeps
    /// its width as readings come in; blank for a check that never had a number (a note such
    /// as "worker version matches").
    pub(crate) fn sparkline(&self, name: &str) -> String {
        let s = self.series(name);
        if s.iter().all(Option::is_none) {
            return String::new();
        }
        format!("{:>TREND_LEN$}", sparkline(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::figure::Figure;
    use crate::vocab::Severity;

    fn figure(name: &str, v: Option<f64>) -> Check {
        let mut c = Check::note(name, Severity::Ok, "");
        c.value = match v {
            Some(v) => Figure::Known(v),
            None => Figure::Unknown("GET /api/x: timed out".into()),
        };
        c
    }

    #[test]
    fn sparkline_scales_between_lowest_and_highest() {
        assert_eq!(sparkline(&[Some(0.0), Some(7.0), Some(3.5)]), "▁█▅");
        assert_eq!(sparkline(&[Some(10.0), Some(20.0)]), "▁█");
    }

    #[test]
    fn unknown_readings_are_gaps_not_low_bars() {
        assert_eq!(sparkline(&[Some(1.0), None, Some(2.0)]), "▁ █");
        assert_eq!(sparkline(&[None, None]), "  ");
        assert_eq!(sparkline(&[Some(f64::NAN), Some(1.0)]), " ▄");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn a_flat_series_sits_at_mid_height() {
        assert_eq!(sparkline(&[Some(5.0); 3]), "▄▄▄");
    }

    #[test]
    fn trends_keep_the_last_readings_and_line_up_late_checks() {
        let mut t = Trends::default();
        t.push(&[figure("a", Some(1.0))]);
        t.push(&[figure("a", None), figure("b", Some(4.0))]);
        t.push(&[figure("b", Some(5.0))]);
        assert_eq!(t.readings(), 3);
        assert_eq!(t.series("a"), vec![Some(1.0), None, None]);
        assert_eq!(t.series("b"), vec![None, Some(4.0), Some(5.0)]);
        assert_eq!(t.sparkline("b"), format!("{:>TREND_LEN$}", " ▁█"));
        assert!(t.series("never").is_empty());

        for i in 0..(TREND_LEN + 5) {
            t.push(&[figure("a", Some(i as f64))]);
        }
        let a = t.series("a");
        assert_eq!(a.len(), TREND_LEN);
        assert_eq!(a.last(), Some(&Some((TREND_LEN + 4) as f64)));
        assert_eq!(t.series("b").len(), TREND_LEN);
    }

    #[test]
    fn a_check_without_numbers_has_no_sparkline() {
        let mut t = Trends::default();
        t.push(&[figure("worker version matches", None)]);
        t.push(&[figure("worker version matches", None)]);
        assert_eq!(t.sparkline("worker version matches"), "");
    }
}
