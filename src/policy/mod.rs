//! Pure decision code: figures + thresholds → checks and plans. No I/O, no clock, no printing.

pub(crate) mod alerts;
pub(crate) mod analysis;
pub mod check;
pub(crate) mod dashboard;
pub(crate) mod deploy;
pub(crate) mod emergency;
pub(crate) mod error_window;
pub(crate) mod exposure;
pub mod figure;
pub(crate) mod gate;
pub mod incident;
pub mod maintain;
pub(crate) mod outcome;
pub(crate) mod pipeline;
pub(crate) mod plan;
pub(crate) mod planned;
pub(crate) mod precache;
pub mod rollback;
pub mod rollout;
pub(crate) mod rollout_run;
pub(crate) mod series;
pub(crate) mod served;
pub(crate) mod skipped;
pub mod thresholds;
pub(crate) mod validate;
