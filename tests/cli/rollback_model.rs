//! A model-based test of `rollback planned`: random interleavings of interruption (SIGTERM in a
//! soak, `kill -9` at a random point), `--resume`, someone else's flag change through the
//! admin API, and an edited state file whose plan would raise, against the sandbox. Checked
//! over the sandbox's whole recorded flag history: nothing above 100 %, a planned rollback never
//! raises exposure (each of its writes is at or below where the flag stood), and nothing is
//! written after a foreign change; an edited plan is refused (exit 78) with nothing sent.

use std::path::PathBuf;
use std::time::Duration;

use proptest::prelude::*;
use serde_json::Value;

use crate::run_resume::signal;
use crate::support::{Fx, ROLLBACK_STEPS, finish, wait_for};

#[derive(Clone, Debug)]
enum Episode {
    /// `kill -9` this long after the start.
    Kill(u64),
    /// SIGTERM once a step-down has landed (the run soaks).
    Term,
    /// Someone else sets the flag while the run soaks.
    Foreign { enabled: bool, percentage: u8 },
    /// The state file's next step-down is edited to this many points above the one before it
    /// (a raise) before the next resume.
    Edit(u8),
}

fn episode() -> impl Strategy<Value = Episode> {
    prop_oneof![
        (0u64..400).prop_map(Episode::Kill),
        Just(Episode::Term),
        (any::<bool>(), 0u8..=100).prop_map(|(enabled, percentage)| Episode::Foreign {
            enabled,
            percentage
        }),
        (1u8..=50).prop_map(Episode::Edit),
    ]
}

fn state_file(fx: &Fx) -> PathBuf {
    fx.home
        .path()
        .join("state/swcache/rollback/planned-default.json")
}

fn state(fx: &Fx) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(state_file(fx)).ok()?).ok()
}

fn unfinished(fx: &Fx) -> bool {
    state(fx).is_some_and(|s| s["status"] != "done")
}

/// The rollback ran to its end: a further `rollback planned` would be a new one, started by
/// someone from what the flag reads then — not this rollback's write.
fn finished(fx: &Fx) -> bool {
    state(fx).is_some_and(|s| s["status"] == "done")
}

/// Every flag write in order: (enabled, percentage, made by someone else).
fn history(fx: &Fx) -> Vec<(Option<bool>, Option<u64>, bool)> {
    fx.writes()
        .into_iter()
        .filter(|w| w["path"] == "/api/admin/feature-flags")
        .map(|w| {
            let f = &w["body"]["enhanced-cache"];
            (
                f["enabled"].as_bool(),
                f["percentage"].as_u64(),
                f.get("userGroups").is_some(),
            )
        })
        .collect()
}

fn args(fx: &Fx) -> Vec<&'static str> {
    let mut a = vec!["--yes", "rollback", "planned"];
    if unfinished(fx) {
        a.push("--resume");
    }
    a
}

/// Edits the next step-down of the recorded plan to `up` points above the percentage before
/// it: a raise. `false` when there is none left to edit (or no room above 100).
fn edit(fx: &Fx, up: u8) -> bool {
    let Some(mut st) = state(fx) else {
        return false;
    };
    let done = st["completed"].as_u64().unwrap_or(0) as usize;
    let mut before = st["start_percentage"].as_f64().unwrap_or(100.0) as u64;
    let Some(plan) = st["plan"].as_array_mut() else {
        return false;
    };
    for (i, stage) in plan.iter_mut().enumerate() {
        if stage["stage"] != "percentage" {
            continue;
        }
        let p = stage["percentage"].as_u64().unwrap_or(0);
        if i >= done {
            let to = before + u64::from(up);
            if to > 100 {
                return false;
            }
            stage["percentage"] = Value::from(to);
            std::fs::write(state_file(fx), st.to_string()).unwrap();
            return true;
        }
        before = p;
    }
    false
}

fn play(fx: &Fx, e: &Episode) -> Result<(), TestCaseError> {
    if let Episode::Edit(to) = e {
        let before = std::fs::read(state_file(fx)).ok();
        if !unfinished(fx) || !edit(fx, *to) {
            return Ok(());
        }
        let sent = fx.writes().len();
        let run = fx.swcache(&args(fx));
        prop_assert_eq!(run.code, 78, "{}\n{}", run.stdout, run.stderr);
        prop_assert!(
            run.stderr.contains("planned-default.json"),
            "{}",
            run.stderr
        );
        prop_assert_eq!(fx.writes().len(), sent, "nothing sent on an edited plan");
        // Put the record back as swcache wrote it, so the rollback can go on.
        std::fs::write(state_file(fx), before.unwrap()).unwrap();
        return Ok(());
    }
    if finished(fx) {
        return Ok(());
    }
    let mut child = fx.spawn(&args(fx));
    let soaking = |child: &mut std::process::Child| {
        let landed = fx.writes().len();
        let child = std::cell::RefCell::new(child);
        let ended = std::cell::Cell::new(false);
        wait_for("a soak", || {
            if child.borrow_mut().try_wait().ok().flatten().is_some() {
                ended.set(true);
                return true;
            }
            fx.writes().len() > landed && fx.audit_lines().len() > landed
        });
        !ended.get()
    };
    match e {
        Episode::Kill(ms) => {
            std::thread::sleep(Duration::from_millis(*ms));
            signal(&child, "KILL");
        }
        Episode::Term => {
            if soaking(&mut child) {
                signal(&child, "TERM");
            }
        }
        Episode::Foreign {
            enabled,
            percentage,
        } => {
            if soaking(&mut child) {
                fx.foreign_flag_write(*enabled, *percentage);
            }
        }
        Episode::Edit(_) => unreachable!(),
    }
    finish(child);
    Ok(())
}

/// The invariants over the whole history, from a flag enabled at `start` %.
fn check(history: &[(Option<bool>, Option<u64>, bool)], start: u64) -> Result<(), TestCaseError> {
    let (mut enabled, mut pct) = (true, start);
    let mut foreign = false;
    for &(e, p, theirs) in history {
        prop_assert!(p.is_none_or(|p| p <= 100), "{history:?}");
        if theirs {
            foreign = true;
        } else {
            prop_assert!(!foreign, "a write after a foreign change: {history:?}");
            let exposure = |en: bool, p: u64| if en { p } else { 0 };
            let after = (e.unwrap_or(enabled), p.unwrap_or(pct));
            prop_assert!(
                exposure(after.0, after.1) <= exposure(enabled, pct),
                "the rollback raised exposure: {history:?}"
            );
        }
        enabled = e.unwrap_or(enabled);
        pct = p.unwrap_or(pct);
    }
    Ok(())
}

proptest! {
    // Each case runs the binary a few times with sub-second soaks.
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_planned_rollback_through_interruptions_edits_and_resumes_never_raises(
        start in prop::sample::select(vec![50u8, 100]),
        episodes in prop::collection::vec(episode(), 1..4),
    ) {
        let fx = Fx::new();
        // Sub-second soaks, from the config (a resume takes its pacing from there too).
        let config = format!("{ROLLBACK_STEPS}\n[rollback]\nstep_wait = \"300ms\"\npoll_interval = \"50ms\"\n");
        std::fs::write(fx.home.path().join("swcache.toml"), config).unwrap();
        fx.set_flag_percentage(start);
        for e in &episodes {
            play(&fx, e)?;
        }
        // The last resume runs to its end, or stops on someone else's change.
        let last = if finished(&fx) { None } else { Some(fx.swcache(&args(&fx))) };
        let h = history(&fx);
        check(&h, u64::from(start))?;
        if let Some(last) = last.filter(|_| !h.iter().any(|w| w.2)) {
            prop_assert_eq!(last.code, 0, "{}\n{}", last.stdout, last.stderr);
            prop_assert_eq!(fx.flag()["percentage"].clone(), Value::from(0));
        }
    }
}
