//! A plan as data: what was judged, the writes it leads to (each with its line in the one
//! confirmation and how it is read back), and what to tell. Policy builds plans; `act`
//! executes them — every write of a plan at once, then every read-back at once — so a plan's
//! writes must not depend on each other (one write per endpoint: a change to several caches is
//! one body, not one write per cache).

use serde_json::Value;

use crate::policy::check::Check;
use crate::vocab::Endpoint;

/// How a write is confirmed once sent.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ReadBack {
    /// The rollout flag read back must contain these fields with these values.
    Flag(Value),
    /// The cache config read back must contain this (the limits or TTLs just set).
    CacheConfig(Value),
    /// Storage (`/api/cache-metrics` `storage.percentage`) must read below this percentage:
    /// a cleanup is confirmed by its effect, not by its 2xx.
    StorageBelow(f64),
    /// The app has no read for it: a 2xx answer is all there is, and the report says so.
    AnswerOnly,
}

impl ReadBack {
    /// The read that confirms it; `None` for [`ReadBack::AnswerOnly`]. Writes confirmed by the
    /// same read share one request.
    pub(crate) fn endpoint(&self) -> Option<Endpoint> {
        match self {
            ReadBack::Flag(_) => Some(Endpoint::FeatureFlags),
            ReadBack::CacheConfig(_) => Some(Endpoint::CacheConfig),
            ReadBack::StorageBelow(_) => Some(Endpoint::CacheMetrics),
            ReadBack::AnswerOnly => None,
        }
    }
}

/// One write of a plan.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PlannedWrite {
    /// Its name in the report and the audit log.
    pub name: String,
    pub endpoint: Endpoint,
    pub body: Option<Value>,
    /// Its line in the plan shown before the question ("disable the enhanced-cache flag");
    /// `act` adds the request it sends.
    pub says: String,
    pub readback: ReadBack,
}

/// The one question asked before any write of a plan.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Confirm {
    /// What the plan rests on, shown first (the figures, the environment).
    pub evidence: Vec<String>,
    /// What follows the writes but is not one (a shell step, a watch): listed after them.
    pub then: Vec<String>,
    pub question: String,
    /// The plan only lowers exposure (an incident's cut, a disable): asked y/N even in
    /// production, where typing the name would slow the response down for no safety.
    pub lowering: bool,
}

/// What a command will do, decided from what it read.
#[derive(Clone, Debug, Default)]
pub(crate) struct Plan {
    pub checks: Vec<Check>,
    /// Sent together, then read back together: independent of each other.
    pub writes: Vec<PlannedWrite>,
    /// Writes the plan holds back, with why: reported SKIPPED, never sent.
    pub held: Vec<(PlannedWrite, String)>,
    /// `None`: the writes are safe and sent without asking.
    pub confirm: Option<Confirm>,
    pub notes: Vec<String>,
}

impl Plan {
    /// No write to send.
    pub(crate) fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }

    /// Whether two writes go to one endpoint: they would race, so a plan never holds them.
    pub(crate) fn has_racing_writes(&self) -> bool {
        self.writes
            .iter()
            .enumerate()
            .any(|(i, w)| self.writes[..i].iter().any(|v| v.endpoint == w.endpoint))
    }
}

/// `a` with `b` merged in, objects key by key (`b` wins on a clash): several changes to one
/// endpoint become one body.
pub(crate) fn merge_bodies(a: &mut Value, b: &Value) {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(k) {
                    Some(slot) => merge_bodies(slot, v),
                    None => {
                        a.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (a, b) => *a = b.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn write(endpoint: Endpoint) -> PlannedWrite {
        PlannedWrite {
            name: "w".into(),
            endpoint,
            body: None,
            says: "w".into(),
            readback: ReadBack::AnswerOnly,
        }
    }

    #[test]
    fn bodies_merge_per_cache() {
        let mut a = json!({"images-cache": {"ttl": 600000}});
        merge_bodies(&mut a, &json!({"feed-cache": {"ttl": 600000}}));
        merge_bodies(&mut a, &json!({"images-cache": {"maxEntries": 50}}));
        assert_eq!(
            a,
            json!({"images-cache": {"ttl": 600000, "maxEntries": 50}, "feed-cache": {"ttl": 600000}})
        );
    }

    #[test]
    fn racing_writes_are_seen() {
        let mut p = Plan {
            writes: vec![
                write(Endpoint::SetFeatureFlags),
                write(Endpoint::ClearSwCache),
            ],
            ..Plan::default()
        };
        assert!(!p.has_racing_writes());
        p.writes.push(write(Endpoint::SetFeatureFlags));
        assert!(p.has_racing_writes());
    }

    #[test]
    fn readbacks_share_their_read() {
        assert_eq!(
            ReadBack::Flag(json!({})).endpoint(),
            Some(Endpoint::FeatureFlags)
        );
        assert_eq!(
            ReadBack::StorageBelow(80.0).endpoint(),
            Some(Endpoint::CacheMetrics)
        );
        assert_eq!(ReadBack::AnswerOnly.endpoint(), None);
    }
}
