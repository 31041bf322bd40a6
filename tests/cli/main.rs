//! End-to-end tests: the real binary against the embedded sandbox app over loopback.

mod advance;
mod completion;
mod config;
mod control;
mod dashboard;
mod deploy;
mod fault_matrix;
mod incident;
mod interactive;
mod jsonl;
mod maintain;
mod pipeline;
mod push;
mod resume_after_kill;
mod rollback;
mod rollout;
mod safety;
mod sandbox_isolation;
mod signals;
mod state_files;
mod step_trust;
mod support;
mod thresholds;
mod trust;
mod validate;
mod watch;
