//! End-to-end tests: the real binary against the embedded sandbox app over loopback.

mod rollback;
mod rollout;
mod safety;
mod support;
mod validate;
