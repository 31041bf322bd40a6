//! `[metrics.prometheus]`, resolved: where Prometheus is, how swcache authenticates to it,
//! each request's deadline, how old a sample may be, and the query of every figure.

use std::collections::BTreeMap;
use std::time::Duration;

use reqwest::Url;

use crate::api::Secret;
use crate::policy::figure::Range;
use crate::policy::series::MetricNames;
use crate::policy::thresholds::{KPIS, Kpi};

/// A figure a command judges: a KPI, or the error rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Measure {
    Kpi(Kpi),
    ErrorRate,
}

/// `[metrics.prometheus.queries]` key of the error rate.
pub(crate) const ERROR_RATE_KEY: &str = "error_rate_percent";
/// `[metrics.prometheus.queries]` key of the clients by version (not a [`Measure`]: one
/// series per version, not one figure).
pub(crate) const CLIENTS_KEY: &str = "clients_by_version";

impl Measure {
    /// Every measure, in `[metrics.prometheus.queries]` order.
    pub(crate) fn all() -> Vec<Measure> {
        KPIS.iter()
            .map(|d| Measure::Kpi(d.kpi))
            .chain([Measure::ErrorRate])
            .collect()
    }

    /// Its key in `[metrics.prometheus.queries]`: the KPI's key of `[kpi]`, or
    /// `error_rate_percent`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Measure::Kpi(k) => k.def().key,
            Measure::ErrorRate => ERROR_RATE_KEY,
        }
    }

    pub(crate) fn from_key(key: &str) -> Option<Measure> {
        Measure::all().into_iter().find(|m| m.key() == key)
    }

    /// The range a figure on the threshold's scale must fall in (a 0–1 ratio shown as a
    /// percentage is checked as one).
    pub(crate) fn range(self) -> Range {
        match self {
            Measure::Kpi(k) => {
                let d = k.def();
                if d.range == Range::Ratio && d.scale == 100.0 {
                    Range::Percent
                } else {
                    d.range
                }
            }
            Measure::ErrorRate => Range::Percent,
        }
    }

    /// Which way is worse: the gate judges the worse cohort of a `$cohort` query.
    pub(crate) fn better(self) -> crate::policy::thresholds::Better {
        match self {
            Measure::Kpi(k) => k.def().better,
            Measure::ErrorRate => crate::policy::thresholds::Better::Lower,
        }
    }

    /// The default query: the `[metrics]` series names, on the threshold's scale (the same
    /// PromQL the generated dashboard panels use).
    pub(crate) fn default_query(self, names: &MetricNames) -> String {
        match self {
            Measure::Kpi(k) => names.kpi_query(k),
            Measure::ErrorRate => format!("{} * 100", names.error_ratio),
        }
    }
}

/// How swcache proves itself to Prometheus. Never the app's admin token.
#[derive(Clone, Debug)]
pub(crate) enum Auth {
    Bearer(Secret),
    Basic { user: String, password: Secret },
}

// By the secrets' text: settings compare equal when they would send the same credentials.
impl PartialEq for Auth {
    fn eq(&self, other: &Auth) -> bool {
        match (self, other) {
            (Auth::Bearer(a), Auth::Bearer(b)) => a.expose() == b.expose(),
            (
                Auth::Basic { user, password },
                Auth::Basic {
                    user: u,
                    password: p,
                },
            ) => user == u && password.expose() == p.expose(),
            _ => false,
        }
    }
}

impl Auth {
    /// The request with these credentials; `Err` when a token cannot go in a header.
    pub(crate) fn apply(
        &self,
        req: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, String> {
        use reqwest::header::{AUTHORIZATION, HeaderValue};
        match self {
            Auth::Bearer(t) => {
                let mut v =
                    HeaderValue::from_str(&format!("Bearer {}", t.expose())).map_err(|_| {
                        "the bearer token holds characters not allowed in a header".to_string()
                    })?;
                // Kept out of reqwest's own debug output.
                v.set_sensitive(true);
                Ok(req.header(AUTHORIZATION, v))
            }
            Auth::Basic { user, password } => Ok(req.basic_auth(user, Some(password.expose()))),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct PromSettings {
    /// The server's base URL (`/api/v1/query` is joined to it).
    pub url: Url,
    pub auth: Option<Auth>,
    /// Each query's deadline (sent to Prometheus too, as its evaluation timeout).
    pub timeout: Duration,
    /// A sample older than this is stale: UNKNOWN.
    pub max_age: Duration,
    /// The query of every measure (defaults filled in).
    pub queries: BTreeMap<Measure, String>,
    /// `[metrics.prometheus.cohort_counts]`: by `[kpi]` key, the events and total queries,
    /// each with `$cohort`.
    pub cohort_counts: BTreeMap<String, (String, String)>,
    /// `[metrics.prometheus.queries] clients_by_version`: clients summed by a `version` label.
    /// `None`: clients are read from the app's `/api/sw-status`.
    pub clients_by_version: Option<String>,
}

pub(crate) const DEFAULT_PROM_TIMEOUT: Duration = Duration::from_secs(5);
pub(crate) const DEFAULT_MAX_AGE: Duration = Duration::from_secs(120);

impl PromSettings {
    pub(crate) fn query_of(&self, m: Measure) -> &str {
        self.queries.get(&m).map(String::as_str).unwrap_or("")
    }
}
