//! What the app's clients run (`clients_by_version` of `/api/sw-status`, the `sw_clients`
//! series of `/metrics`): a count per worker version, as the controlling workers' beacons
//! report it. Once the served worker changes, clients move to it over time as browsers do (on
//! a navigation or an update check): each minute of the sandbox's clock, a fixed share of the
//! clients not on it takes it up. Until a change the fleet is settled (the scenario's counts
//! hold still). Deterministic, so a test that advances the clock knows what it will read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::state::SimState;

/// The `/metrics` family of clients by version (label `version`).
pub const SERIES: &str = "sw_clients";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Clients {
    /// Clients by version at `since` (the sandbox clock's Unix seconds). JSON values, so a
    /// test can make the app lie (`-5`, `"many"`); a lie is served as it is and moves nothing.
    pub by_version: BTreeMap<String, Value>,
    pub since: u64,
    /// Percent of the clients not on the served worker that take it up per minute.
    pub move_percent_per_minute: f64,
    /// The version clients are taking up since `since` (the served worker's, set when it
    /// changes); `None`: settled, nobody moves.
    #[serde(default)]
    pub moving_to: Option<String>,
    /// `false`: the app does not report `clients_by_version` (an older app).
    pub reported: bool,
}

impl Default for Clients {
    /// An app that reports nothing of its clients.
    fn default() -> Clients {
        Clients {
            by_version: BTreeMap::new(),
            since: 0,
            move_percent_per_minute: 0.0,
            moving_to: None,
            reported: false,
        }
    }
}

impl Clients {
    /// The healthy app's: admin-api.md's example, 1234 active clients.
    pub fn healthy(now: u64) -> Clients {
        Clients {
            by_version: [("v1.0.0", 1180), ("v0.9.0", 54)]
                .into_iter()
                .map(|(v, n)| (v.to_string(), Value::from(n)))
                .collect(),
            since: now,
            move_percent_per_minute: 10.0,
            moving_to: None,
            reported: true,
        }
    }
}

/// The version the served worker declares (`SW_VERSION = "…"` of the script at
/// `sw.script_url`): what clients move to. `None`: no script there, or none declared.
pub fn served_version(s: &SimState) -> Option<String> {
    let script = s.worker_scripts.get(&s.sw.script_url)?;
    let at = script.find("SW_VERSION")?;
    let line = script[at..].lines().next()?;
    let open = line.find('"')?;
    let rest = &line[open + 1..];
    Some(rest[..rest.find('"')?].to_string())
}

/// Clients by version at `now` (the sandbox clock), moved toward `clients.moving_to` since
/// `clients.since`.
pub fn at(s: &SimState, now: u64) -> Map<String, Value> {
    let c = &s.clients;
    let counts: Option<BTreeMap<&String, u64>> = c
        .by_version
        .iter()
        .map(|(v, n)| n.as_u64().map(|n| (v, n)))
        .collect();
    let (Some(counts), Some(toward)) = (counts, c.moving_to.clone()) else {
        // A lie, or settled: as it stands.
        return c.by_version.clone().into_iter().collect();
    };
    // Whole minutes: clients report on a one-minute beacon, so a read within the minute of a
    // change sees the counts as they were (what a test a few seconds long relies on).
    let minutes = (now.saturating_sub(c.since) / 60) as f64;
    let rate = (c.move_percent_per_minute / 100.0).clamp(0.0, 1.0);
    let moved_share = 1.0 - (1.0 - rate).powf(minutes);
    let mut out: BTreeMap<String, u64> = BTreeMap::new();
    let mut arrived = 0;
    for (v, n) in counts {
        if *v == toward {
            *out.entry(v.clone()).or_default() += n;
            continue;
        }
        let moved = ((n as f64) * moved_share).round().min(n as f64) as u64;
        arrived += moved;
        out.insert(v.clone(), n - moved);
    }
    *out.entry(toward).or_default() += arrived;
    out.into_iter().map(|(v, n)| (v, Value::from(n))).collect()
}

/// After a change of the state: when the served worker changed (or the counts were patched),
/// the counts as they stand now become the new starting point, so clients move to the new
/// worker from now on. `old` is the state before the change.
pub fn rebase(old: &SimState, new: &mut SimState, patch: &Value, now: u64) {
    let patched = patch
        .get("clients")
        .is_some_and(|c| c.get("by_version").is_some() || c.get("since").is_some());
    if patched {
        if patch["clients"].get("since").is_none() {
            new.clients.since = now;
        }
        return;
    }
    let served = served_version(new);
    if served_version(old) != served {
        new.clients.by_version = at(old, now).into_iter().collect();
        new.clients.since = now;
        new.clients.moving_to = served;
    }
}

/// `sw_clients{version="…"}`: one sample per version (a negative lie is served as it is, a
/// string is not a sample).
pub fn samples(s: &SimState, now: u64) -> Vec<(String, String)> {
    if !s.clients.reported {
        return Vec::new();
    }
    at(s, now)
        .into_iter()
        .filter_map(|(v, n)| {
            let n = n.as_f64()?;
            let v = v.replace('\\', "\\\\").replace('"', "\\\"");
            Some((format!("{{version=\"{v}\"}}"), n.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn state() -> SimState {
        SimState::healthy(1_000)
    }

    fn revert(s: &SimState, now: u64) -> SimState {
        let script = crate::state::worker_script("sw-enhanced.js", "v0.9.0");
        s.apply_patch(&json!({"worker_scripts": {"/sw-enhanced.js": script}}), now)
            .unwrap()
    }

    #[test]
    fn clients_take_up_the_served_worker_over_time() {
        let s = state();
        assert_eq!(
            at(&s, 1_000),
            json!({"v0.9.0": 54, "v1.0.0": 1180})
                .as_object()
                .unwrap()
                .clone()
        );
        // A revert to v0.9.0: from then on clients move to it, 10 % of the rest a minute.
        let r = revert(&s, 1_000);
        assert_eq!(at(&r, 1_000)["v1.0.0"], 1180);
        assert_eq!(at(&r, 1_060)["v1.0.0"], 1062);
        let late = at(&r, 1_000 + 30 * 60);
        let total: u64 = late.values().map(|v| v.as_u64().unwrap()).sum();
        assert_eq!(total, 1234, "nobody is lost");
        assert!(late["v1.0.0"].as_u64().unwrap() < 62, "{late:?}");
    }

    #[test]
    fn a_lie_moves_nothing_and_is_not_a_sample() {
        let s = state()
            .apply_patch(&json!({"clients": {"by_version": {"v1.0.0": -5}}}), 1_000)
            .unwrap();
        let r = revert(&s, 1_000);
        assert_eq!(at(&r, 5_000)["v1.0.0"], -5);
        // Served as it is: the reader judges it.
        assert!(samples(&r, 5_000).contains(&("{version=\"v1.0.0\"}".into(), "-5".into())));
    }
}
