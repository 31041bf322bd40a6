//! End-to-end tests: the real binary against the embedded sandbox app over loopback.

mod advance;
mod completion;
mod config;
mod dashboard;
mod deploy;
mod fault_matrix;
mod incident;
mod maintain;
mod pipeline;
mod push;
mod rollback;
mod rollout;
mod safety;
mod signals;
mod support;
mod thresholds;
mod validate;
