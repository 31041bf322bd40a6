//! The runtime state every handler, the pipeline and the listener share, and the small helpers
//! they all use. It sits below `app`, `hooks`, `pipeline`, `routes` and `conn`, so none of
//! them needs another to reach it.

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use super::faults::FaultSet;
use super::recorder::Recorder;
use super::state::SimState;

/// One served path and its methods (HEAD listed only where the contract asks for it).
#[derive(Clone, Debug, Serialize)]
pub struct ServedRoute {
    pub path: &'static str,
    pub methods: Vec<&'static str>,
}

pub struct Shared {
    pub token: String,
    pub latency: Duration,
    pub state: Mutex<SimState>,
    pub faults: Mutex<FaultSet>,
    pub recorder: Mutex<Recorder>,
    pub routes: Vec<ServedRoute>,
}

impl Shared {
    pub fn state(&self) -> MutexGuard<'_, SimState> {
        lock(&self.state)
    }
}

/// Locks never stay poisoned: a panicking handler must not take the whole sandbox down.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}
