//! Prometheus as a source of figures (`[metrics] source = "prometheus"`): one PromQL instant
//! query per KPI and for the error rate, each read under the same UNKNOWN rules as the app's
//! JSON (no series, several series, NaN/±Inf, a stale sample, an error, a timeout, non-JSON).

mod by_label;
mod query;
mod settings;

pub(crate) use by_label::judge_by_label;
pub(crate) use query::{Answer, client, judge, judge_range, nothing_in, now, query, query_range};
pub(crate) use settings::{
    Auth, CLIENTS_KEY, DEFAULT_MAX_AGE, DEFAULT_PROM_TIMEOUT, Measure, PromSettings,
};

/// Where a command's KPI figures come from (config/state reads always go to the app).
#[derive(Clone, Debug, Default)]
pub(crate) enum FigureSource {
    #[default]
    App,
    Prometheus(Box<PromSettings>),
}
