//! A check: one figure judged against its thresholds. Pure; the report renders it.

use serde::Serialize;

use crate::policy::figure::Figure;
use crate::policy::thresholds::{Band, Better, Kpi, Thresholds};
use crate::vocab::Severity;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Check {
    pub name: String,
    /// `null` in JSON when UNKNOWN.
    pub value: Figure,
    pub unit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub critical: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub better: Option<Better>,
    pub status: Severity,
    /// Why a figure is UNKNOWN, or what a non-numeric check found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Where the figure was read: `"source": "app"`, or `"prometheus"` with its `"query"`.
    /// Boxed: a check is kept in many places, and most have none.
    #[serde(flatten)]
    pub origin: Option<Box<Sourced>>,
}

/// Where a figure was read, as the report shows it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub(crate) struct Sourced {
    pub source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// A query read per cohort (`$cohort`): each cohort's figure, `null` where it had none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cohorts: Option<std::collections::BTreeMap<String, Figure>>,
}

/// Where a figure was read.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Origin {
    App,
    /// This PromQL query.
    Prometheus(String),
    /// This PromQL query, with `$cohort`, read once per cohort: each cohort's figure.
    PerCohort(String, Vec<(String, Figure)>),
}

impl Check {
    /// Records where the figure was read.
    pub(crate) fn with_origin(mut self, origin: &Origin) -> Check {
        self.origin = Some(Box::new(match origin {
            Origin::App => Sourced {
                source: "app",
                query: None,
                cohorts: None,
            },
            Origin::Prometheus(q) => Sourced {
                source: "prometheus",
                query: Some(q.clone()),
                cohorts: None,
            },
            Origin::PerCohort(q, each) => Sourced {
                source: "prometheus",
                query: Some(q.clone()),
                cohorts: Some(each.iter().cloned().collect()),
            },
        }));
        // Each cohort's figure shown beside the one judged (an UNKNOWN's reason stays).
        if let (Origin::PerCohort(_, each), None) = (origin, &self.detail) {
            let shown: Vec<(String, Option<f64>)> =
                each.iter().map(|(n, f)| (n.clone(), f.value())).collect();
            self.detail = Some(crate::policy::per_cohort::summary(&self.unit, &shown));
        }
        self
    }

    /// A check with no numeric value (e.g. "worker version matches").
    pub(crate) fn note(
        name: impl Into<String>,
        status: Severity,
        detail: impl Into<String>,
    ) -> Check {
        Check {
            name: name.into(),
            value: Figure::Unknown(String::new()),
            unit: String::new(),
            target: None,
            critical: None,
            better: None,
            status,
            detail: Some(detail.into()),
            origin: None,
        }
    }
}

/// Judges a value against a band. A value equal to a bound is not past it: the guide's
/// comparisons are strict (`> 80`, `> 5`), so 5.0 against a limit of 5 is OK.
pub(crate) fn judge(value: f64, band: Band, better: Better) -> Severity {
    match better {
        Better::Higher if value < band.critical => Severity::Critical,
        Better::Higher if value < band.target => Severity::Warning,
        Better::Lower if value > band.critical => Severity::Critical,
        Better::Lower if value > band.target => Severity::Warning,
        _ => Severity::Ok,
    }
}

/// Evaluates one KPI from its figure (already on the KPI's scale).
pub(crate) fn kpi_check(kpi: Kpi, figure: Figure, thresholds: &Thresholds) -> Check {
    let def = kpi.def();
    let band = thresholds.band(kpi);
    let (status, detail) = match &figure {
        Figure::Known(v) => (judge(*v, band, def.better), None),
        Figure::Unknown(why) => (Severity::Unknown, Some(why.clone())),
    };
    Check {
        name: def.label.to_string(),
        value: figure,
        unit: def.unit.to_string(),
        target: Some(band.target),
        critical: Some(band.critical),
        better: Some(def.better),
        status,
        detail,
        origin: None,
    }
}

/// A single-limit check (e.g. error rate against `--max-error-rate`): past the limit is
/// `past`, at or under it OK.
pub(crate) fn limit_check(
    name: &str,
    figure: Figure,
    unit: &str,
    limit: f64,
    past: Severity,
) -> Check {
    let (status, detail) = match &figure {
        Figure::Known(v) if *v > limit => (past, None),
        Figure::Known(_) => (Severity::Ok, None),
        Figure::Unknown(why) => (Severity::Unknown, Some(why.clone())),
    };
    let (target, critical) = match past {
        Severity::Critical => (None, Some(limit)),
        _ => (Some(limit), None),
    };
    Check {
        name: name.to_string(),
        value: figure,
        unit: unit.to_string(),
        target,
        critical,
        better: Some(Better::Lower),
        status,
        detail,
        origin: None,
    }
}

/// The worst status among checks (OK when there are none).
pub(crate) fn worst(checks: &[Check]) -> Severity {
    checks
        .iter()
        .map(|c| c.status)
        .max()
        .unwrap_or(Severity::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::thresholds::KPIS;

    /// Both sides of every boundary of every KPI, at its default thresholds.
    #[test]
    fn every_kpi_boundary_both_sides() {
        let t = Thresholds::default();
        for def in &KPIS {
            let b = t.band(def.kpi);
            let step = if def.better == Better::Higher {
                -0.01
            } else {
                0.01
            };
            let cases = [
                (b.target, Severity::Ok),
                (b.target + step, Severity::Warning),
                (b.critical, Severity::Warning),
                (b.critical + step, Severity::Critical),
                (b.target - step, Severity::Ok),
            ];
            for (v, want) in cases {
                let c = kpi_check(def.kpi, Figure::Known(v), &t);
                assert_eq!(c.status, want, "{} at {v}", def.label);
            }
            let c = kpi_check(
                def.kpi,
                Figure::Unknown("GET x: field y is null".into()),
                &t,
            );
            assert_eq!(c.status, Severity::Unknown);
            assert_eq!(c.detail.as_deref(), Some("GET x: field y is null"));
        }
    }

    #[test]
    fn limit_is_strict() {
        let at = limit_check(
            "error rate",
            Figure::Known(5.0),
            "%",
            5.0,
            Severity::Critical,
        );
        assert_eq!(at.status, Severity::Ok, "5.0 is not > 5");
        let over = limit_check(
            "error rate",
            Figure::Known(5.01),
            "%",
            5.0,
            Severity::Critical,
        );
        assert_eq!(over.status, Severity::Critical);
        let unknown = limit_check(
            "error rate",
            Figure::Unknown("x".into()),
            "%",
            5.0,
            Severity::Critical,
        );
        assert_eq!(unknown.status, Severity::Unknown);
    }

    #[test]
    fn worst_of_checks() {
        let t = Thresholds::default();
        let checks = vec![
            kpi_check(Kpi::FeedCacheHitRate, Figure::Known(91.0), &t),
            kpi_check(Kpi::StorageUtilization, Figure::Known(85.0), &t),
        ];
        assert_eq!(worst(&checks), Severity::Warning);
        assert_eq!(worst(&[]), Severity::Ok);
    }
}
