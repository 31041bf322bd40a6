//! `rollout run`: the steps a run takes and its record (pure). The executor is
//! `commands::rollout_run`.

use serde::{Deserialize, Serialize};

pub(crate) const RUN_STATE_VERSION: u32 = 1;

/// Which rollback `rollout run` takes when analysis fails past its limit.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum OnFailure {
    /// `rollback planned`: step down from the current step with soaks.
    #[default]
    Planned,
    /// `rollback emergency`: flag off, cache cleared, worker reverted.
    Emergency,
}

impl OnFailure {
    pub fn name(self) -> &'static str {
        match self {
            OnFailure::Planned => "planned",
            OnFailure::Emergency => "emergency",
        }
    }
}

/// Where a recorded run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RunStatus {
    /// Steps being set and baked (or the process died in one).
    Running,
    /// Analysis was inconclusive: nothing was raised or lowered; `--resume` bakes the step again.
    Held,
    /// Stopped by a signal, a declined confirmation or a failed write; `--resume` goes on.
    Stopped,
    /// Analysis failed: the configured rollback was started.
    RollingBack,
    /// Every step (up to `--until`) passed.
    Done,
    RolledBack,
}

impl RunStatus {
    /// A run that `--resume` continues (and that a new run must not overwrite).
    pub(crate) fn unfinished(self) -> bool {
        !matches!(self, RunStatus::Done | RunStatus::RolledBack)
    }
}

/// The state file of a run: the plan and each step done. Never the token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct RunState {
    pub version: u32,
    pub environment: String,
    pub base_url: String,
    pub started: String,
    pub updated: String,
    pub schedule: Vec<u8>,
    pub until: u8,
    pub on_failure: OnFailure,
    /// Steps set, baked and passed, in order.
    pub done: Vec<u8>,
    /// The step being set or baked (recorded before its write is sent).
    pub current: Option<u8>,
    pub status: RunStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
}

/// The steps a fresh run takes: those of the schedule above the current exposure, up to
/// `until`. Never one at or below where the flag stands (a run only raises).
pub(crate) fn fresh_steps(schedule: &[u8], until: u8, exposure: f64) -> Vec<u8> {
    schedule
        .iter()
        .copied()
        .filter(|&s| f64::from(s) > exposure && s <= until)
        .collect()
}

/// The steps a resumed run takes: the one it was in (baked again from its start: the bake and
/// analysis were cut short), then the rest not done. `Err` when the flag no longer stands
/// where the record says it should (someone else moved it): nothing is guessed.
pub(crate) fn resume_steps(rec: &RunState, exposure: f64) -> Result<Vec<u8>, String> {
    let last_done = rec.done.last().copied();
    let allowed: Vec<f64> = [last_done, rec.current]
        .into_iter()
        .flatten()
        .map(f64::from)
        .chain(std::iter::once(0.0).filter(|_| last_done.is_none()))
        .collect();
    if !allowed.contains(&exposure) {
        return Err(format!(
            "the flag reads {exposure} %, but the recorded run left it at {}: someone else \
             changed it. Look at it, then remove the state file and start again",
            allowed
                .iter()
                .map(|p| format!("{p} %"))
                .collect::<Vec<_>>()
                .join(" or ")
        ));
    }
    let after = last_done.map(f64::from).unwrap_or(-1.0);
    Ok(rec
        .schedule
        .iter()
        .copied()
        .filter(|&s| f64::from(s) > after && s <= rec.until)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(done: &[u8], current: Option<u8>) -> RunState {
        RunState {
            version: RUN_STATE_VERSION,
            environment: "prod".into(),
            base_url: "http://x/".into(),
            started: "t".into(),
            updated: "t".into(),
            schedule: vec![10, 25, 50, 100],
            until: 100,
            on_failure: OnFailure::Planned,
            done: done.to_vec(),
            current,
            status: RunStatus::Stopped,
            stopped: None,
        }
    }

    #[test]
    fn fresh_runs_only_raise() {
        let s = [10, 25, 50, 100];
        assert_eq!(fresh_steps(&s, 100, 0.0), vec![10, 25, 50, 100]);
        assert_eq!(fresh_steps(&s, 100, 25.0), vec![50, 100]);
        assert_eq!(fresh_steps(&s, 100, 30.0), vec![50, 100]);
        assert_eq!(fresh_steps(&s, 50, 0.0), vec![10, 25, 50]);
        assert_eq!(fresh_steps(&s, 100, 100.0), Vec::<u8>::new());
        assert_eq!(fresh_steps(&s, 10, 25.0), Vec::<u8>::new());
    }

    #[test]
    fn resumes_at_the_step_it_was_in() {
        // Killed while baking 25: 25 again, then the rest.
        assert_eq!(
            resume_steps(&rec(&[10], Some(25)), 25.0).unwrap(),
            vec![25, 50, 100]
        );
        // Killed before the write to 25 was sent: the flag still reads 10.
        assert_eq!(
            resume_steps(&rec(&[10], Some(25)), 10.0).unwrap(),
            vec![25, 50, 100]
        );
        // Between steps.
        assert_eq!(
            resume_steps(&rec(&[10, 25], None), 25.0).unwrap(),
            vec![50, 100]
        );
        // Killed before anything was done.
        assert_eq!(
            resume_steps(&rec(&[], Some(10)), 0.0).unwrap(),
            vec![10, 25, 50, 100]
        );
        // Someone moved the flag.
        assert!(resume_steps(&rec(&[10], Some(25)), 50.0).is_err());
        assert!(resume_steps(&rec(&[10, 25], None), 0.0).is_err());
        let mut r = rec(&[10], None);
        r.until = 25;
        assert_eq!(resume_steps(&r, 10.0).unwrap(), vec![25]);
    }

    #[test]
    fn finished_runs() {
        assert!(RunStatus::Held.unfinished());
        assert!(RunStatus::RollingBack.unfinished());
        assert!(!RunStatus::Done.unfinished());
        assert!(!RunStatus::RolledBack.unfinished());
    }
}
