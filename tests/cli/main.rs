//! End-to-end tests: the real binary against the embedded sandbox app over loopback.

mod advance;
mod deploy;
mod fault_matrix;
mod incident;
mod jsonl;
mod maintain;
mod push;
mod rollback;
mod rollout;
mod safety;
mod signals;
mod support;
mod thresholds;
mod validate;
