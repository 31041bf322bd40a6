//! The statistics of the cohort comparison: a two-proportion z-test with the relative change's
//! confidence interval (rates with counts), and the Mann–Whitney U test (figures sampled over
//! a window). Pure; statrs gives the normal distribution.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal};

/// Events out of a total (errors of requests, hits of lookups).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub(crate) struct Counts {
    pub events: u64,
    pub total: u64,
}

impl Counts {
    pub(crate) fn rate(self) -> Option<f64> {
        (self.total > 0).then(|| self.events as f64 / self.total as f64)
    }
}

/// A test's result: the treatment's relative change from control, its interval when one is
/// computed, and the two-sided p-value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Tested {
    /// treatment / control − 1 (of the rates, or of the medians for a rank test).
    pub relative_change: f64,
    pub interval: Option<(f64, f64)>,
    pub p_value: f64,
}

fn std_normal() -> Normal {
    Normal::standard()
}

/// The two-sided normal quantile for `confidence` (1.96 at 0.95).
pub(crate) fn z_for(confidence: f64) -> f64 {
    std_normal().inverse_cdf(1.0 - (1.0 - confidence) / 2.0)
}

fn two_sided_p(z: f64) -> f64 {
    (2.0 * std_normal().sf(z.abs())).min(1.0)
}

/// Pooled two-proportion z-test (as statsmodels' `proportions_ztest`), with the rate ratio's
/// interval on the log scale (Katz, as `confint_proportions_2indep(method="log",
/// compare="ratio")`). `None` when a total is zero (no rate to compare). A zero count gets
/// half an event on each side (Haldane) so the interval stays finite.
pub(crate) fn two_proportion(treat: Counts, control: Counts, confidence: f64) -> Option<Tested> {
    let (p1, p2) = (treat.rate()?, control.rate()?);
    let (n1, n2) = (treat.total as f64, control.total as f64);
    let pooled = (treat.events + control.events) as f64 / (n1 + n2);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    // Both rates 0 or both 1: no variance, no evidence of a difference.
    let z = if se > 0.0 { (p1 - p2) / se } else { 0.0 };
    let (x1, x2, n1c, n2c) = if treat.events == 0 || control.events == 0 {
        (
            treat.events as f64 + 0.5,
            control.events as f64 + 0.5,
            n1 + 1.0,
            n2 + 1.0,
        )
    } else {
        (treat.events as f64, control.events as f64, n1, n2)
    };
    let ratio = (x1 / n1c) / (x2 / n2c);
    let var = 1.0 / x1 - 1.0 / n1c + 1.0 / x2 - 1.0 / n2c;
    let half = z_for(confidence) * var.max(0.0).sqrt();
    let interval = (ratio.ln() - half, ratio.ln() + half);
    Some(Tested {
        relative_change: if p2 > 0.0 { p1 / p2 - 1.0 } else { ratio - 1.0 },
        interval: Some((interval.0.exp() - 1.0, interval.1.exp() - 1.0)),
        p_value: two_sided_p(z),
    })
}

/// Mann–Whitney U, two-sided, normal approximation with tie and continuity corrections (as
/// scipy's `mannwhitneyu(method="asymptotic")`). The change is of the medians; no interval.
/// `None` when a side is empty or the control's median is zero.
pub(crate) fn mann_whitney(treat: &[f64], control: &[f64]) -> Option<Tested> {
    let (n1, n2) = (treat.len() as f64, control.len() as f64);
    if treat.is_empty() || control.is_empty() {
        return None;
    }
    let (ranks, ties) = ranks(treat, control);
    let r1: f64 = ranks[..treat.len()].iter().sum();
    let u1 = r1 - n1 * (n1 + 1.0) / 2.0;
    let u = u1.max(n1 * n2 - u1);
    let n = n1 + n2;
    let mu = n1 * n2 / 2.0;
    let sigma = (n1 * n2 / 12.0 * ((n + 1.0) - ties / (n * (n - 1.0)))).sqrt();
    let p_value = if sigma > 0.0 {
        two_sided_p((u - mu - 0.5) / sigma)
    } else {
        1.0
    };
    let (base, treated) = (median(control)?, median(treat)?);
    (base != 0.0).then_some(Tested {
        relative_change: treated / base - 1.0,
        interval: None,
        p_value,
    })
}

/// Mid-ranks of `a` then `b` pooled, and Σ(t³ − t) over groups of ties.
fn ranks(a: &[f64], b: &[f64]) -> (Vec<f64>, f64) {
    let all: Vec<f64> = a.iter().chain(b).copied().collect();
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by(|&i, &j| all[i].total_cmp(&all[j]));
    let mut ranks = vec![0.0; all.len()];
    let mut ties = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && all[order[j + 1]] == all[order[i]] {
            j += 1;
        }
        let t = (j - i + 1) as f64;
        ties += t * t * t - t;
        for &k in &order[i..=j] {
            ranks[k] = (i + j) as f64 / 2.0 + 1.0;
        }
        i = j + 1;
    }
    (ranks, ties)
}

pub(crate) fn median(xs: &[f64]) -> Option<f64> {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values computed once with scipy 1.17.1 and statsmodels 0.15.0:
    //   z, p = statsmodels.stats.proportion.proportions_ztest([x1, x2], [n1, n2])
    //   lo, hi = confint_proportions_2indep(x1, n1, x2, n2, method="log", compare="ratio",
    //                                       alpha=1 - confidence)   # then lo - 1, hi - 1
    //   scipy.stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic")
    //   scipy.stats.norm.ppf(0.975)
    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1e-300)
    }

    #[test]
    fn two_proportion_matches_statsmodels() {
        // (x1, n1, x2, n2, confidence, p, relative change, interval)
        let cases = [
            (
                400,
                10000,
                1800,
                90000,
                0.95,
                2.851751975921734e-38,
                1.0,
                (0.7982144019510353, 1.2244288532335523),
            ),
            (
                200,
                10000,
                1800,
                90000,
                0.95,
                1.0,
                0.0,
                (-0.13464793290131627, 0.15559901919776786),
            ),
            (
                22,
                1000,
                20,
                1000,
                0.95,
                0.7551172703779392,
                0.1,
                (-0.39580446464150076, 1.002662928123172),
            ),
            (
                60,
                1000,
                40,
                1000,
                0.95,
                0.04017387028851211,
                0.5,
                (0.015223749937738784, 1.216260208784504),
            ),
            (
                9200,
                10000,
                81900,
                90000,
                0.9,
                0.0008631445814897784,
                0.01098901098901095,
                (0.005798039273347433, 0.01620677355760991),
            ),
            (
                30,
                200,
                20,
                200,
                0.99,
                0.13057001811573637,
                0.5,
                (-0.2532858004773758, 2.0132010365390514),
            ),
        ];
        for (x1, n1, x2, n2, conf, p, rel, (lo, hi)) in cases {
            let t = two_proportion(
                Counts {
                    events: x1,
                    total: n1,
                },
                Counts {
                    events: x2,
                    total: n2,
                },
                conf,
            )
            .unwrap();
            let case = format!("{x1}/{n1} vs {x2}/{n2}: {t:?}");
            // The tail of a z of 12.9 is computed differently; 1e-6 relative is ample.
            assert!(close(t.p_value, p, 1e-6), "p {case}");
            assert!((t.relative_change - rel).abs() < 1e-12, "change {case}");
            let (l, h) = t.interval.unwrap();
            assert!(
                (l - lo).abs() < 1e-9 && (h - hi).abs() < 1e-9,
                "interval {case}"
            );
        }
    }

    #[test]
    fn two_proportion_edges() {
        let none = Counts {
            events: 0,
            total: 0,
        };
        let some = Counts {
            events: 5,
            total: 100,
        };
        assert_eq!(
            two_proportion(none, some, 0.95),
            None,
            "no requests: no rate"
        );
        assert_eq!(two_proportion(some, none, 0.95), None);
        let zero = Counts {
            events: 0,
            total: 100,
        };
        let t = two_proportion(zero, zero, 0.95).unwrap();
        assert_eq!(t.p_value, 1.0, "no errors on either side: nothing to see");
        let (l, h) = t.interval.unwrap();
        assert!(l.is_finite() && h.is_finite() && l < 0.0 && h > 0.0);
        let t = two_proportion(some, zero, 0.95).unwrap();
        assert!(t.relative_change > 1.0 && t.interval.unwrap().0.is_finite());
    }

    #[test]
    fn mann_whitney_matches_scipy() {
        let cases: [(&[f64], &[f64], f64); 6] = [
            // The window's points of two constant series (every point tied within a cohort),
            // as the rank test sees a steady 45 ms against 35 ms; one tie across cohorts; and
            // every point tied (no evidence at all).
            (&[45.; 6], &[35.; 6], 0.0012619447673879731),
            (
                &[45., 46., 44., 45., 47., 45.],
                &[35., 36., 35., 45., 34., 35.],
                0.013779493592230711,
            ),
            (&[35.; 6], &[35.; 6], 1.0),
            (
                &[38., 41., 45., 39., 52., 47., 44., 50., 43., 49.],
                &[35., 36., 33., 37., 34., 38., 36., 35., 39., 34.],
                0.00032137577493357867,
            ),
            (
                &[35., 36., 34., 37., 35.],
                &[36., 35., 37., 34., 36.],
                0.8293569607326794,
            ),
            (
                &[1., 2., 3., 4., 5., 6.],
                &[4., 5., 6., 7., 8., 9., 10.],
                0.021722119820512295,
            ),
        ];
        for (x, y, p) in cases {
            let t = mann_whitney(x, y).unwrap();
            assert!(close(t.p_value, p, 1e-9), "{x:?} vs {y:?}: {t:?}");
        }
        let t = mann_whitney(&[44.0, 46.0], &[20.0, 20.0, 20.0]).unwrap();
        assert!((t.relative_change - 1.25).abs() < 1e-12, "medians 45 vs 20");
        assert_eq!(mann_whitney(&[], &[1.0]), None);
        assert_eq!(
            mann_whitney(&[1.0], &[0.0, 0.0]),
            None,
            "no base to compare with"
        );
    }

    #[test]
    fn quantile() {
        assert!((z_for(0.95) - 1.959963984540054).abs() < 1e-9);
    }
}
