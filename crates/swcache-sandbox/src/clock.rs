//! The sandbox's clock: real time plus what tests have advanced it by (`POST
//! /__sandbox/clock {"advance_seconds": N}`). What moves with time in the app (the clients
//! taking up the served worker) reads this clock, so a test steps minutes forward in a
//! request instead of sleeping them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Clock {
    /// Seconds the clock runs ahead of real time.
    #[serde(default)]
    pub advanced_seconds: u64,
}

impl Clock {
    /// Now on this clock, Unix seconds, given real now.
    pub fn at(&self, real_now_unix: u64) -> u64 {
        real_now_unix.saturating_add(self.advanced_seconds)
    }
}
