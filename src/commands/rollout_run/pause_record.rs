//! The pause record of an environment's `rollout run`: written by `rollout pause`, removed by
//! `rollout continue` (or an abort), read by the run at each safe point. Here, beside the run,
//! so the run and the commands that steer it share it without depending on each other.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::exit::CliError;
use crate::state::{Doc, Kind, Store};

/// Version of the pause record's layout.
const VERSION: u32 = 1;

/// Who paused an environment's run, and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Paused {
    pub version: u32,
    /// `user@host`.
    pub by: String,
    /// RFC 3339.
    pub since: String,
}

impl Paused {
    /// Paused now by `by` (`user@host`).
    pub(crate) fn now(by: String) -> Paused {
        Paused {
            version: VERSION,
            by,
            since: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        }
    }

    /// How the run and the commands say it.
    pub(crate) fn describe(&self) -> String {
        format!("paused by {} since {}", self.by, self.since)
    }
}

fn valid(p: &Paused) -> Result<(), String> {
    if p.by.trim().is_empty() {
        return Err("it does not say who paused the run".into());
    }
    humantime::parse_rfc3339_weak(&p.since)
        .map(drop)
        .map_err(|_| format!("its time {:?} is not a time", p.since))
}

pub(crate) fn doc(store: &Store, env: &str) -> Doc {
    store.doc(Kind::RolloutPause, env)
}

/// The pause in force, if any. A record that cannot be read or trusted is an error: the run
/// then holds (it cannot tell it may go on), and `rollout continue` removes it.
pub(crate) fn paused(doc: &Doc) -> Result<Option<Paused>, CliError> {
    doc.load("rollout pause record", VERSION, valid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pause_record_round_trips_and_an_edited_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let d = doc(&Store::Dir(dir.path().to_path_buf()), "prod");
        assert_eq!(paused(&d).unwrap(), None);
        let p = Paused {
            version: VERSION,
            by: "ann@ops1".into(),
            since: "2026-12-07T21:00:00Z".into(),
        };
        d.save(&p).unwrap();
        assert_eq!(paused(&d).unwrap(), Some(p.clone()));
        assert_eq!(
            p.describe(),
            "paused by ann@ops1 since 2026-12-07T21:00:00Z"
        );
        let mut bad = p;
        bad.since = "yesterday".into();
        d.save(&bad).unwrap();
        assert!(
            paused(&d)
                .unwrap_err()
                .message
                .contains("its time \"yesterday\" is not a time")
        );
        assert!(d.remove().unwrap());
        assert!(!d.remove().unwrap(), "removed already");
    }
}
