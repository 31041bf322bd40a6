//! One file per runbook: fetch → policy → act → report. Each declares what it needs and runs
//! (`driver::Runbook`, beside it); the driver renders the report it returns and derives the
//! exit code. What a command prints itself is progress on stderr, a confirmation's evidence,
//! or, for the few that produce data rather than a report (a script, alerting rules, a live
//! watch), that data on stdout.

pub(crate) mod alertmanager;
pub(crate) mod analysis;
pub(crate) mod audit;
pub(crate) mod clock;
pub(crate) mod cohort;
pub(crate) mod config;
pub(crate) mod config_online;
pub(crate) mod deploy;
pub(crate) mod fetch;
pub(crate) mod give_up;
pub(crate) mod incident;
pub(crate) mod maintain;
pub(crate) mod poll;
pub(crate) mod precache;
pub(crate) mod probe;
pub(crate) mod promotion;
pub(crate) mod rollback;
pub(crate) mod rollout;
pub(crate) mod rollout_abort;
pub(crate) mod rollout_pause;
pub(crate) mod rollout_run;
#[cfg(all(test, feature = "sandbox"))]
mod rollout_run_paused;
pub(crate) mod sandbox;
pub(crate) mod thresholds;
pub(crate) mod validate;

// What every command runs with lives with the driver that makes it.
pub(crate) use crate::driver::Ctx;
