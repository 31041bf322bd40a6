//! End-to-end tests: the real binary against the embedded sandbox app over loopback.

mod advance;
mod deploy;
mod rollout;
mod safety;
mod support;
mod validate;
