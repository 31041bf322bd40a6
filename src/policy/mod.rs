//! Pure decision code: figures + thresholds → checks and plans. No I/O, no clock, no printing.

pub mod alerts;
pub mod analysis;
pub mod check;
pub mod dashboard;
pub mod deploy;
pub mod emergency;
pub mod error_window;
pub mod figure;
pub mod gate;
pub mod incident;
pub mod maintain;
pub mod pipeline;
pub mod plan;
pub mod planned;
pub mod rollback;
pub mod rollout;
pub mod rollout_run;
pub mod series;
pub mod skipped;
pub mod thresholds;
pub mod validate;
