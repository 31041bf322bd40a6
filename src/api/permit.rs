//! Leave to send a write to the app. [`Client::post_json`](super::Client::post_json), the one
//! way a write goes out, wants one, and only `act` makes one: every write passes through it
//! (dry run, confirmation, read-back, audit). The type lives here so that `api` depends on
//! nothing above it; a test in `architecture_tests` keeps every other module from making one.

pub(crate) struct WritePermit(());

impl WritePermit {
    /// For `act` alone (`architecture_tests` checks it).
    pub(crate) fn for_act() -> WritePermit {
        WritePermit(())
    }
}
