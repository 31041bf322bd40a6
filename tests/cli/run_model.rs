//! A model-based test of `rollout run`: random interleavings of interruption (SIGTERM in the
//! bake, `kill -9` at a random point), resume, and someone else's flag change through the admin
//! API, against the sandbox. Checked over the sandbox's whole recorded flag history: nothing
//! above 100 %, no run write outside the schedule, a run never lowers nor sends a landed step
//! again (its writes strictly rise), and nothing is written after a foreign change.

use std::time::Duration;

use proptest::prelude::*;
use serde_json::Value;

use crate::run_resume::{signal, state};
use crate::support::{Fx, finish, wait_for};

const SCHEDULE: [u8; 4] = [10, 25, 50, 100];

/// Measurements every 50 ms (a foreign change is seen within one), a few tolerated UNKNOWN.
const CONFIG: &str = "[analysis]\ninterval = \"50ms\"\ncount = 2\nfailure_limit = 0\n\
                      inconclusive_limit = 2\n";

#[derive(Clone, Debug)]
enum Episode {
    /// `kill -9` this long after the start: any point, a write half done included.
    Kill(u64),
    /// SIGTERM once the run bakes a step.
    Term,
    /// Someone else sets the flag while the run bakes.
    Foreign { enabled: bool, percentage: u8 },
}

fn episode() -> impl Strategy<Value = Episode> {
    prop_oneof![
        (0u64..400).prop_map(Episode::Kill),
        Just(Episode::Term),
        (any::<bool>(), 0u8..=100).prop_map(|(enabled, percentage)| Episode::Foreign {
            enabled,
            percentage
        }),
    ]
}

/// The flag writes in order: (percentage, made by someone else).
fn history(fx: &Fx) -> Vec<(u64, bool)> {
    fx.writes()
        .into_iter()
        .filter(|w| w["path"] == "/api/admin/feature-flags")
        .map(|w| {
            let f = &w["body"]["enhanced-cache"];
            (
                f["percentage"].as_u64().unwrap_or(0),
                f.get("userGroups").is_some(),
            )
        })
        .collect()
}

fn unfinished(fx: &Fx) -> bool {
    state(fx).is_some_and(|s| s["status"] != "done" && s["status"] != "rolled-back")
}

fn args(fx: &Fx, bake: &str) -> Vec<String> {
    let mut a: Vec<String> = ["--yes", "rollout", "run", "--bake", bake]
        .map(String::from)
        .to_vec();
    if unfinished(fx) {
        a.push("--resume".into());
    }
    a
}

/// Waits until the run bakes a step whose write is confirmed (in the audit log).
fn baking(fx: &Fx, child: &mut std::process::Child) -> bool {
    let (child, ended) = (std::cell::RefCell::new(child), std::cell::Cell::new(false));
    wait_for("a bake", || {
        if child.borrow_mut().try_wait().ok().flatten().is_some() {
            ended.set(true);
            return true;
        }
        let st = state(fx);
        let at = st.as_ref().map(|s| s["current"].clone());
        at.is_some_and(|c| !c.is_null() && fx.flag()["percentage"] == c)
            && fx.audit_lines().len() >= history(fx).iter().filter(|h| !h.1).count()
    });
    !ended.get()
}

fn play(fx: &Fx, e: &Episode) {
    let args = args(fx, "30s");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut child = fx.spawn(&args);
    match e {
        Episode::Kill(ms) => {
            std::thread::sleep(Duration::from_millis(*ms));
            signal(&child, "KILL");
        }
        Episode::Term => {
            if baking(fx, &mut child) {
                signal(&child, "TERM");
            }
        }
        Episode::Foreign {
            enabled,
            percentage,
        } => {
            if baking(fx, &mut child) {
                fx.foreign_flag_write(*enabled, *percentage);
            }
        }
    }
    finish(child);
}

fn check(history: &[(u64, bool)], start: u64) -> Result<(), TestCaseError> {
    let mut last = start;
    let mut foreign = false;
    for &(p, theirs) in history {
        prop_assert!(p <= 100, "{history:?}");
        if theirs {
            foreign = true;
            continue;
        }
        prop_assert!(!foreign, "a write after a foreign change: {history:?}");
        prop_assert!(
            SCHEDULE.contains(&(p as u8)),
            "off the schedule: {history:?}"
        );
        prop_assert!(p > last, "lowered or sent again: {history:?}");
        last = p;
    }
    Ok(())
}

proptest! {
    // Each case runs the binary a few times with sub-second bakes: sixteen cases, a few seconds in all.
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_run_through_interruptions_and_resumes_keeps_its_invariants(
        start in prop::sample::select(vec![0u8, 10, 25]),
        episodes in prop::collection::vec(episode(), 1..4),
    ) {
        let fx = Fx::new();
        std::fs::write(fx.home.path().join("swcache.toml"), CONFIG).unwrap();
        fx.set_flag_percentage(start);
        for e in &episodes {
            play(&fx, e);
        }
        // The last resume runs to its end (or refuses after a foreign change).
        let args = args(&fx, "100ms");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let last = fx.swcache(&args);
        let h = history(&fx);
        check(&h, u64::from(start))?;
        if !h.iter().any(|w| w.1) {
            prop_assert_eq!(last.code, 0, "{}\n{}", last.stdout, last.stderr);
            prop_assert_eq!(fx.flag()["percentage"].clone(), Value::from(100));
        } else {
            prop_assert_eq!(last.code, 5, "{}\n{}", last.stdout, last.stderr);
        }
    }
}
