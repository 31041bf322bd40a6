//! Where the long runs (`rollout run`, the planned rollback) get the time and wait: one seam, so
//! a test can make bakes and soaks virtual while every request and step keeps its real deadline.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

/// Where the executor gets the time and waits. Soaks wait through it and nothing else, so a
/// test can make them virtual while every HTTP request and shell step keeps its real deadline
/// (see `rollback::paused_tests` for why that split matters under tokio's paused time).
pub(crate) trait Clock {
    fn now(&self) -> Instant;
    fn sleep(&self, d: Duration) -> impl Future<Output = ()> + Send;
}

/// Tokio's timer: the real time in production.
pub(crate) struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, d: Duration) -> impl Future<Output = ()> + Send {
        tokio::time::sleep(d)
    }
}
