//! The cohort judge: the exposed cohort against the control group, per KPI. At a 10 % step an
//! aggregate dilutes the exposed users' regression tenfold; the control group the flag leaves
//! behind is the baseline it should be judged against. Pure: the counts and samples are given.

pub(crate) use crate::policy::judgement::Judgement;
use serde::Serialize;

use crate::policy::check::Check;
use crate::policy::figure::Figure;
use crate::policy::stats::{Counts, Tested, mann_whitney, two_proportion};
use crate::policy::thresholds::Better;
use crate::vocab::Severity;

pub(crate) const DEFAULT_CONFIDENCE: f64 = 0.95;
pub(crate) const DEFAULT_MIN_SAMPLES: u64 = 1000;

/// `[kpi.NAME] compare = "control"`, resolved.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub(crate) struct CompareSpec {
    /// Signed fraction: `+0.20` (worse when higher), `-0.05` (worse when lower).
    pub max_relative_change: f64,
    /// Each cohort needs at least this many (requests, lookups, samples) for a verdict.
    pub min_samples: u64,
    pub confidence: f64,
}

/// What one cohort gave for a KPI: counts (a rate), or samples over a window.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cohort {
    Counts(Counts),
    /// Figures sampled over a window (a response time over `[analysis]`'s), judged by a rank
    /// test.
    Samples(Vec<f64>),
}

impl Cohort {
    fn samples(&self) -> u64 {
        match self {
            Cohort::Counts(c) => c.total,
            Cohort::Samples(s) => s.len() as u64,
        }
    }

    /// The figure shown: the rate (×`scale`) or the samples' median.
    fn figure(&self, scale: f64) -> Option<f64> {
        match self {
            Cohort::Counts(c) => c.rate().map(|r| r * scale),
            Cohort::Samples(s) => crate::policy::stats::median(s),
        }
    }
}

/// One KPI compared, as the report shows and exports it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Comparison {
    pub kpi: String,
    pub unit: String,
    pub enhanced: Option<f64>,
    pub control: Option<f64>,
    pub relative_change: Option<f64>,
    pub interval: Option<(f64, f64)>,
    pub p_value: Option<f64>,
    /// Samples in the enhanced and control cohorts.
    pub samples: Option<(u64, u64)>,
    pub max_relative_change: f64,
    pub verdict: Judgement,
    pub advisory: bool,
    pub detail: String,
}

/// What the judge is given for one KPI: each cohort's data, or why it is missing.
pub(crate) struct Measured<'a> {
    pub kpi: &'a str,
    pub unit: &'a str,
    /// From a rate to the unit shown (100 for a percentage).
    pub scale: f64,
    pub enhanced: Result<Cohort, String>,
    pub control: Result<Cohort, String>,
}

/// Judges one KPI: inconclusive without both cohorts or with fewer than `min_samples` in
/// either; otherwise fail when the change is significant and beyond the bound, else pass.
pub(crate) fn judge(m: Measured<'_>, spec: &CompareSpec, advisory: bool) -> Comparison {
    let mut c = Comparison {
        kpi: m.kpi.to_string(),
        unit: m.unit.to_string(),
        enhanced: m.enhanced.as_ref().ok().and_then(|x| x.figure(m.scale)),
        control: m.control.as_ref().ok().and_then(|x| x.figure(m.scale)),
        relative_change: None,
        interval: None,
        p_value: None,
        samples: None,
        max_relative_change: spec.max_relative_change,
        verdict: Judgement::Inconclusive,
        advisory,
        detail: String::new(),
    };
    let (e, k) = match (m.enhanced, m.control) {
        (Ok(e), Ok(k)) => (e, k),
        (Err(why), _) => return inconclusive(c, format!("enhanced cohort missing: {why}")),
        (_, Err(why)) => return inconclusive(c, format!("control cohort missing: {why}")),
    };
    c.samples = Some((e.samples(), k.samples()));
    let fewest = e.samples().min(k.samples());
    if fewest < spec.min_samples {
        let which = if e.samples() <= k.samples() {
            "enhanced"
        } else {
            "control"
        };
        return inconclusive(
            c,
            format!(
                "{fewest} samples in the {which} cohort, fewer than min_samples {}",
                spec.min_samples
            ),
        );
    }
    let tested = match (&e, &k) {
        (Cohort::Counts(a), Cohort::Counts(b)) => two_proportion(*a, *b, spec.confidence),
        (Cohort::Samples(a), Cohort::Samples(b)) => mann_whitney(a, b),
        _ => None,
    };
    let Some(t) = tested else {
        return inconclusive(c, "no baseline to compare with (control is zero)".into());
    };
    c.relative_change = Some(t.relative_change);
    c.interval = t.interval;
    c.p_value = Some(t.p_value);
    c.verdict = verdict(&t, spec);
    let (change, bound, p) = (
        signed_pct(t.relative_change),
        signed_pct(spec.max_relative_change),
        p_text(t.p_value),
    );
    c.detail = match (c.verdict, beyond(t.relative_change, spec)) {
        (Judgement::Fail, _) => format!("{change} beyond {bound} and significant (p {p})"),
        (_, true) => format!("{change} beyond {bound} but not significant (p {p})"),
        _ => format!("{change}, not beyond {bound} (p {p})"),
    };
    c
}

fn inconclusive(mut c: Comparison, why: String) -> Comparison {
    c.verdict = Judgement::Inconclusive;
    c.detail = format!("inconclusive: {why}");
    c
}

/// Fail: significant at `confidence` and the change beyond the bound in the bound's direction.
pub(crate) fn verdict(t: &Tested, spec: &CompareSpec) -> Judgement {
    let significant = t.p_value < 1.0 - spec.confidence;
    if significant && beyond(t.relative_change, spec) {
        Judgement::Fail
    } else {
        Judgement::Pass
    }
}

/// Past the bound in the bound's direction (up for `+20%`, down for `-5%`).
fn beyond(change: f64, spec: &CompareSpec) -> bool {
    if spec.max_relative_change >= 0.0 {
        change > spec.max_relative_change
    } else {
        change < spec.max_relative_change
    }
}

/// The comparison as a gate's check: pass OK, fail CRITICAL, inconclusive UNKNOWN. An advisory
/// KPI's check is OK whatever it found (it never holds), its detail saying what it found.
pub(crate) fn as_check(c: &Comparison) -> Check {
    let status = match c.verdict {
        Judgement::Pass => Severity::Ok,
        Judgement::Fail => Severity::Critical,
        Judgement::Inconclusive => Severity::Unknown,
    };
    let check = Check {
        name: format!("{} vs control", c.kpi),
        value: match c.relative_change {
            Some(r) if r.is_finite() => Figure::Known(r * 100.0),
            _ => Figure::Unknown(c.detail.clone()),
        },
        unit: "%".into(),
        target: None,
        critical: Some(c.max_relative_change * 100.0),
        better: Some(if c.max_relative_change >= 0.0 {
            Better::Lower
        } else {
            Better::Higher
        }),
        status,
        detail: Some(c.detail.clone()),
        origin: None,
    };
    if c.advisory { advisory(check) } else { check }
}

/// An advisory KPI's check: OK whatever it found (it never holds a gate or fails an analysis),
/// named so, its detail saying what it would have been.
pub(crate) fn advisory(mut check: Check) -> Check {
    check.name.push_str(" (advisory)");
    if check.status != Severity::Ok {
        let found = check.detail.clone().unwrap_or_default();
        check.detail = Some(
            format!(
                "advisory, does not hold: would be {} {found}",
                check.status.label()
            )
            .trim_end()
            .to_string(),
        );
    }
    check.status = Severity::Ok;
    check
}

/// "+20%", "-5%", "+100%".
pub(crate) fn signed_pct(f: f64) -> String {
    if !f.is_finite() {
        return "n/a".into();
    }
    let p = f * 100.0;
    let text = if p.abs() >= 10.0 || p == p.round() {
        format!("{p:+.0}%")
    } else {
        format!("{p:+.1}%")
    };
    text.replace("-0%", "+0%")
}

fn p_text(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".into()
    } else {
        format!("{p:.3}")
    }
}

/// Parses `"+20%"`, `"-5%"` (the sign says which way is worse) into a signed fraction.
pub(crate) fn parse_bound(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let sign = match t.chars().next() {
        Some('+') => 1.0,
        Some('-') => -1.0,
        _ => {
            return Err(format!(
                "`{text}` needs a sign: `+20%` (worse when higher) or `-5%` (worse when lower)"
            ));
        }
    };
    let num = t[1..]
        .strip_suffix('%')
        .ok_or_else(|| format!("`{text}` needs a % sign, e.g. `+20%`"))?;
    let v: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a percentage like `+20%`"))?;
    if !v.is_finite() || v <= 0.0 || (sign < 0.0 && v >= 100.0) {
        return Err(format!(
            "`{text}` is out of range (more than 0, and above -100% for a fall)"
        ));
    }
    Ok(sign * v / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(bound: f64, min: u64) -> CompareSpec {
        CompareSpec {
            max_relative_change: bound,
            min_samples: min,
            confidence: 0.95,
        }
    }

    fn counts(events: u64, total: u64) -> Result<Cohort, String> {
        Ok(Cohort::Counts(Counts { events, total }))
    }

    fn measured(e: Result<Cohort, String>, k: Result<Cohort, String>) -> Measured<'static> {
        Measured {
            kpi: "error rate",
            unit: "%",
            scale: 100.0,
            enhanced: e,
            control: k,
        }
    }

    /// (name, enhanced, control, bound, min_samples, verdict)
    type Case = (
        &'static str,
        Result<Cohort, String>,
        Result<Cohort, String>,
        f64,
        u64,
        Judgement,
    );

    /// The counts are those the statistics tests check against statsmodels (stats.rs).
    #[test]
    fn the_judge_table() {
        use Judgement::*;
        let cases: Vec<Case> = vec![
            (
                "2× control's error rate, p < 1e-37",
                counts(400, 10000),
                counts(1800, 90000),
                0.20,
                1000,
                Fail,
            ),
            (
                "same error rate",
                counts(200, 10000),
                counts(1800, 90000),
                0.20,
                1000,
                Pass,
            ),
            (
                "+10 %, within +20 %",
                counts(22, 1000),
                counts(20, 1000),
                0.20,
                1000,
                Pass,
            ),
            (
                "+50 % but not significant at 0.99",
                counts(30, 200),
                counts(20, 200),
                0.20,
                200,
                Pass,
            ),
            (
                "+50 %, significant (p 0.040)",
                counts(60, 1000),
                counts(40, 1000),
                0.20,
                1000,
                Fail,
            ),
            (
                "+50 %, significant, but within +60 %",
                counts(60, 1000),
                counts(40, 1000),
                0.60,
                1000,
                Pass,
            ),
            (
                "one sample short of min_samples",
                counts(60, 999),
                counts(40, 1000),
                0.20,
                1000,
                Inconclusive,
            ),
            (
                "exactly min_samples",
                counts(60, 1000),
                counts(40, 1000),
                0.20,
                1000,
                Fail,
            ),
            (
                "enhanced missing",
                Err("no cohorts".into()),
                counts(40, 1000),
                0.20,
                10,
                Inconclusive,
            ),
            (
                "control missing",
                counts(40, 1000),
                Err("no cohorts".into()),
                0.20,
                10,
                Inconclusive,
            ),
            // A hit rate, higher is better: +1.1 % is an improvement, never a fail.
            (
                "hit rate up",
                counts(9200, 10000),
                counts(81900, 90000),
                -0.05,
                1000,
                Pass,
            ),
            (
                "hit rate down 10 %",
                counts(8190, 10000),
                counts(81900, 90000),
                -0.05,
                1000,
                Fail,
            ),
            (
                "hit rate down 2 %, within -5 %",
                counts(8918, 10000),
                counts(81900, 90000),
                -0.05,
                1000,
                Pass,
            ),
            (
                "control has no requests",
                counts(5, 2000),
                counts(0, 0),
                0.20,
                0,
                Inconclusive,
            ),
        ];
        for (name, e, k, bound, min, want) in cases {
            let mut s = spec(bound, min);
            if name.contains("0.99") {
                s.confidence = 0.99;
            }
            let c = judge(measured(e, k), &s, false);
            assert_eq!(c.verdict, want, "{name}: {c:?}");
        }
    }

    #[test]
    fn a_rank_test_over_samples() {
        let slow = vec![38., 41., 45., 39., 52., 47., 44., 50., 43., 49.];
        let base = vec![35., 36., 33., 37., 34., 38., 36., 35., 39., 34.];
        let m = |e: &Vec<f64>, k: &Vec<f64>| Measured {
            kpi: "cache response time p95",
            unit: "ms",
            scale: 1.0,
            enhanced: Ok(Cohort::Samples(e.clone())),
            control: Ok(Cohort::Samples(k.clone())),
        };
        let c = judge(m(&slow, &base), &spec(0.10, 10), false);
        assert_eq!(c.verdict, Judgement::Fail, "{c:?}");
        assert_eq!(c.enhanced, Some(44.5));
        assert_eq!(c.interval, None, "a rank test gives no interval");
        let c = judge(m(&base, &base), &spec(0.10, 10), false);
        assert_eq!(c.verdict, Judgement::Pass);
        let c = judge(m(&slow, &base), &spec(0.10, 11), false);
        assert_eq!(c.verdict, Judgement::Inconclusive);
    }

    #[test]
    fn checks_hold_unless_advisory() {
        let fail = judge(
            measured(counts(400, 10000), counts(1800, 90000)),
            &spec(0.2, 1000),
            false,
        );
        let c = as_check(&fail);
        assert_eq!(c.status, Severity::Critical);
        assert_eq!(c.value, Figure::Known(100.0));
        let short = judge(
            measured(counts(4, 100), counts(1800, 90000)),
            &spec(0.2, 1000),
            false,
        );
        assert_eq!(as_check(&short).status, Severity::Unknown);
        let mut advisory = fail.clone();
        advisory.advisory = true;
        let c = as_check(&advisory);
        assert_eq!(c.status, Severity::Ok, "an advisory KPI never holds");
        assert!(c.detail.unwrap().contains("would be CRITICAL"));
    }

    #[test]
    fn bounds() {
        assert_eq!(parse_bound("+20%"), Ok(0.2));
        assert_eq!(parse_bound("-5%"), Ok(-0.05));
        assert_eq!(parse_bound(" +2.5 %"), Ok(0.025));
        for bad in ["20%", "+20", "+x%", "-100%", "+0%", ""] {
            assert!(parse_bound(bad).is_err(), "{bad}");
        }
        assert_eq!(signed_pct(1.0), "+100%");
        assert_eq!(signed_pct(-0.05), "-5%");
        assert_eq!(signed_pct(0.025), "+2.5%");
        assert_eq!(signed_pct(0.0), "+0%");
    }
}
