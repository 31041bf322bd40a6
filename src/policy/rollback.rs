//! Rollback plans, pure: which percentage steps a planned rollback takes (only ever down), the
//! recorded progress it resumes from, what a soak's error-rate polls mean, and whether a served
//! worker was really reverted.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::numbers::number;
use crate::policy::check::Check;
use crate::policy::figure::Figure;
use crate::policy::rollout::FlagState;
use crate::policy::thresholds::Better;
use crate::policy::validate::ServedWorker;
use crate::vocab::Severity;

/// The guide's planned rollback: 50 → 25 → 10 → 0, five minutes apart.
pub(crate) const DEFAULT_ROLLBACK_STEPS: [u8; 4] = [50, 25, 10, 0];
pub(crate) const DEFAULT_STEP_WAIT: Duration = Duration::from_secs(300);
pub(crate) const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(15);
/// Version of the state file's layout; another version is not resumed.
pub(crate) const STATE_VERSION: u32 = 1;

/// Steps must go strictly down: a list that goes up somewhere is a mistake, not a plan.
pub(crate) fn check_steps(steps: &[u8]) -> Result<(), String> {
    if steps.is_empty() {
        return Err("at least one percentage is needed (e.g. 50,25,10,0)".into());
    }
    if let Some(w) = steps.windows(2).find(|w| w[1] >= w[0]) {
        return Err(format!(
            "percentages must go strictly down (rollback never raises exposure): {} then {}",
            w[0], w[1]
        ));
    }
    Ok(())
}

/// One stage of a planned rollback, as recorded in the state file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub(crate) enum Stage {
    /// Set the rollout percentage (read back).
    Percentage { percentage: u8 },
    /// Hold at `at` % for `wait_ms`, watching the error rate.
    Soak { at: u8, wait_ms: u64 },
    /// The configured `redeploy` step (the previous version).
    Redeploy,
    /// The configured `database_rollback` step (optional).
    DatabaseRollback,
    /// The `validate` checks.
    Validate,
}

impl Stage {
    pub(crate) fn describe(&self) -> String {
        match self {
            Stage::Percentage { percentage } => format!("set rollout to {percentage} %"),
            Stage::Soak { at, wait_ms } => format!(
                "soak at {at} % for {}, watching the error rate",
                crate::numbers::duration(Duration::from_millis(*wait_ms))
            ),
            Stage::Redeploy => "step redeploy (previous version)".into(),
            Stage::DatabaseRollback => "step database_rollback (optional)".into(),
            Stage::Validate => "validate (worker, cache KPIs, error rate)".into(),
        }
    }
}

/// The stages from `current`: only the steps strictly below it (a rollout at 10 % is never
/// raised to 50 %), a soak between consecutive steps, then redeploy, database, validate.
pub(crate) fn plan(current: f64, steps: &[u8], step_wait: Duration) -> Vec<Stage> {
    let below: Vec<u8> = steps
        .iter()
        .copied()
        .filter(|&p| f64::from(p) < current)
        .collect();
    let mut stages = Vec::new();
    for (i, &p) in below.iter().enumerate() {
        if i > 0 {
            stages.push(Stage::Soak {
                at: below[i - 1],
                wait_ms: step_wait.as_millis() as u64,
            });
        }
        stages.push(Stage::Percentage { percentage: p });
    }
    stages.extend([Stage::Redeploy, Stage::DatabaseRollback, Stage::Validate]);
    stages
}

/// Where a run stands, as recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RunStatus {
    InProgress,
    /// Stopped by a signal, a declined confirmation, a failed or unconfigured step: resumable.
    Stopped,
    /// A soak saw the error rate past the critical threshold and the emergency path ran.
    Emergency,
    Done,
    /// Ended on purpose by `rollback planned --abandon`: `--resume` refuses, a new run may start.
    Abandoned,
}

/// One completed (or attempted) stage, for the record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct StageRecord {
    pub index: usize,
    pub stage: String,
    pub outcome: String,
    pub duration_ms: u64,
    pub at: String,
}

/// The state file of `rollback planned` (per environment; never holds the token).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct PlannedState {
    pub version: u32,
    pub environment: String,
    pub base_url: String,
    pub started: String,
    pub updated: String,
    /// The percentage the flag read when the plan was made.
    pub start_percentage: f64,
    /// Whether the flag was enabled when the plan was made: a planned rollback never enables
    /// or disables it, so reading otherwise later is someone else's change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    pub plan: Vec<Stage>,
    /// How many stages of `plan` are done; the next to run is `plan[completed]`.
    pub completed: usize,
    pub status: RunStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    #[serde(default)]
    pub history: Vec<StageRecord>,
    /// The stage that was started and not yet recorded as ended: set before it runs, cleared
    /// when it ends. Still set on resume: the run that started it died in it (`kill -9`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_flight: Option<InFlight>,
}

/// A stage started and not recorded as ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct InFlight {
    pub index: usize,
    /// When it started (RFC 3339).
    pub started: String,
}

/// Where `--resume` starts, and what it must settle first.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ResumePoint {
    /// The next stage to run.
    pub start: usize,
    /// A percentage write in flight when the last run died, which the app had applied (the
    /// flag reads its target): record it as done, do not send it again.
    pub applied: Option<usize>,
    /// A shell step that started and never finished: running it again from the start needs a
    /// confirmation (a half-run database rollback must not silently run twice).
    pub interrupted_step: Option<usize>,
}

impl PlannedState {
    /// Unfinished: there is something for `--resume` to continue.
    pub(crate) fn unfinished(&self) -> bool {
        matches!(self.status, RunStatus::InProgress | RunStatus::Stopped)
            && self.completed < self.plan.len()
    }

    /// The percentage the flag should read now: the last completed step's, or the start.
    pub(crate) fn expected_percentage(&self) -> f64 {
        self.plan[..self.completed.min(self.plan.len())]
            .iter()
            .rev()
            .find_map(|s| match s {
                Stage::Percentage { percentage } => Some(f64::from(*percentage)),
                _ => None,
            })
            .unwrap_or(self.start_percentage)
    }
}

/// The step-down percentages of a plan, in order.
fn percentages(stages: &[Stage]) -> Vec<u8> {
    stages
        .iter()
        .filter_map(|s| match s {
            Stage::Percentage { percentage } => Some(*percentage),
            _ => None,
        })
        .collect()
}

/// `--steps` / `--step-wait` given again with `--resume`, as `rollout run --resume` treats its
/// plan flags and `--bake`: the record's progress is a position in its own plan, so a `--steps`
/// whose plan (from the recorded start) differs is refused, naming both; a `--step-wait` that
/// differs applies to the soaks not yet done (from `start`), and says so for the confirmation
/// (`Some(change)`). The same values as recorded change nothing.
pub(crate) fn resume_flags(
    state: &mut PlannedState,
    start: usize,
    steps: Option<&[u8]>,
    step_wait: Option<Duration>,
) -> Result<Option<String>, String> {
    let list = |p: &[u8]| match p {
        [] => "none".to_string(),
        p => p.iter().map(u8::to_string).collect::<Vec<_>>().join(","),
    };
    let recorded = percentages(&state.plan);
    if let Some(given) = steps {
        let asked = percentages(&plan(state.start_percentage, given, Duration::ZERO));
        if asked != recorded {
            return Err(format!(
                "--steps {} (below the recorded start, {} %: {}) differs from the run's \
                 recorded steps {}: a resume keeps the plan it recorded; drop --steps, or \
                 remove the state file to start afresh",
                list(given),
                number(state.start_percentage),
                list(&asked),
                list(&recorded)
            ));
        }
    }
    let Some(wait) = step_wait else {
        return Ok(None);
    };
    let wait_ms = wait.as_millis() as u64;
    let recorded_wait = state.plan.iter().find_map(|s| match s {
        Stage::Soak { wait_ms, .. } => Some(*wait_ms),
        _ => None,
    });
    let pending: Vec<&mut u64> = state
        .plan
        .iter_mut()
        .skip(start)
        .filter_map(|s| match s {
            Stage::Soak { wait_ms, .. } => Some(wait_ms),
            _ => None,
        })
        .collect();
    match recorded_wait {
        Some(r) if r != wait_ms && !pending.is_empty() => {
            for w in pending {
                *w = wait_ms;
            }
            Ok(Some(format!(
                // Flag syntax: what --step-wait takes.
                "--step-wait {} instead of the recorded {}",
                humantime::format_duration(wait),
                humantime::format_duration(Duration::from_millis(r))
            )))
        }
        _ => Ok(None),
    }
}

/// The stage `--resume` starts at, or why it must not: another app, a finished run, or a flag
/// that reads neither what the run left it at nor the target of the write in flight when the
/// run died (someone else changed it; continuing could raise exposure or fight them).
pub(crate) fn resume_point(
    state: &PlannedState,
    base_url: &str,
    flag: &FlagState,
) -> Result<ResumePoint, String> {
    if state.version != STATE_VERSION {
        return Err(format!(
            "the state file has layout version {}, this swcache reads {STATE_VERSION}",
            state.version
        ));
    }
    if state.base_url != base_url {
        return Err(format!(
            "the recorded run was against {}, not {base_url}",
            state.base_url
        ));
    }
    if !state.unfinished() {
        return Err(format!(
            "the recorded run is {} ({} of {} stages); nothing to resume",
            serde_json::to_value(state.status)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            state.completed.min(state.plan.len()),
            state.plan.len()
        ));
    }
    let start = state.completed;
    // Only the next stage can have been in flight; any other index is not this run's record.
    let in_flight = state
        .in_flight
        .as_ref()
        .filter(|f| f.index == start)
        .map(|f| (f.index, &state.plan[f.index]));
    let want = state.expected_percentage();
    if let Some((i, Stage::Percentage { percentage })) = in_flight
        && flag.percentage == f64::from(*percentage)
    {
        return Ok(ResumePoint {
            start: i + 1,
            applied: Some(i),
            interrupted_step: None,
        });
    }
    if flag.percentage != want {
        let in_flight_target = match in_flight {
            Some((_, Stage::Percentage { percentage })) => format!(" nor {percentage} %"),
            _ => String::new(),
        };
        return Err(format!(
            "the flag reads {} %, but the recorded run left it at {} %{in_flight_target}: \
             something else changed it",
            number(flag.percentage),
            number(want)
        ));
    }
    Ok(ResumePoint {
        start,
        applied: None,
        interrupted_step: in_flight
            .filter(|(_, s)| matches!(s, Stage::Redeploy | Stage::DatabaseRollback))
            .map(|(i, _)| i),
    })
}

/// An error rate past the critical threshold (strictly, as the guide's `> 10`).
pub(crate) fn spike(rate: &Figure, critical: f64) -> bool {
    matches!(rate, Figure::Known(r) if *r > critical)
}

/// What a soak saw of the error rate.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct SoakWatch {
    pub polls: u32,
    pub unreadable: u32,
    pub max: Option<f64>,
    pub last: Option<f64>,
    /// Why the last unreadable poll failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

impl SoakWatch {
    pub(crate) fn record(&mut self, rate: &Figure) {
        self.polls += 1;
        match rate {
            Figure::Known(r) => {
                self.last = Some(*r);
                self.max = Some(self.max.map_or(*r, |m| m.max(*r)));
            }
            Figure::Unknown(why) => {
                self.unreadable += 1;
                self.last_error = Some(why.clone());
            }
        }
    }

    /// The soak as a check: the highest rate seen against the critical threshold. A soak that
    /// could never read the rate is UNKNOWN (it watched nothing); one that missed some polls
    /// is a WARNING.
    pub(crate) fn check(&self, at: u8, critical: f64) -> Check {
        let name = format!("error rate during soak at {at} %");
        match self.max {
            None => Check::note(
                name,
                Severity::Unknown,
                format!(
                    "none of {} polls could be read{}",
                    self.polls,
                    self.last_error
                        .as_ref()
                        .map(|e| format!(": {e}"))
                        .unwrap_or_default()
                ),
            ),
            Some(max) => {
                let status = if max > critical {
                    Severity::Critical
                } else if self.unreadable > 0 {
                    Severity::Warning
                } else {
                    Severity::Ok
                };
                let mut detail = format!(
                    "highest {} % over {} polls (emergency above {} %)",
                    number(max),
                    self.polls,
                    number(critical)
                );
                if self.unreadable > 0 {
                    detail.push_str(&format!("; {} polls unreadable", self.unreadable));
                }
                Check {
                    value: Figure::Known(max),
                    unit: "%".into(),
                    critical: Some(critical),
                    better: Some(Better::Lower),
                    ..Check::note(name, status, detail)
                }
            }
        }
    }
}

/// Whether a served worker was reverted, from what was read before and after the revert.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct WorkerVerdict {
    pub path: String,
    /// Confirmed: the served script is the backup, or it changed.
    pub verified: bool,
    pub status: Severity,
    pub detail: String,
}

/// The served worker changed (its SHA-256 differs from before the revert) or equals the
/// configured backup's hash. Equal to the backup is the strongest evidence; a change to
/// something else than a configured backup is confirmed but a WARNING. The same bytes are NOT
/// a change, whatever ETag and Last-Modified say: a server re-serving the old script with
/// fresh validators has reverted nothing. Whatever cannot be read is not confirmed.
pub(crate) fn verify_worker(
    before: &ServedWorker,
    after: &ServedWorker,
    backup_sha256: Option<&str>,
) -> WorkerVerdict {
    let path = after.path.clone();
    let verdict = |verified, status, detail: String| WorkerVerdict {
        path: path.clone(),
        verified,
        status,
        detail,
    };
    if let Some(e) = &after.error {
        return verdict(
            false,
            Severity::Unknown,
            format!("could not be read after the revert: {e}"),
        );
    }
    let short = |h: &Option<String>| {
        h.as_deref()
            .map(|h| h.chars().take(12).collect::<String>())
            .unwrap_or_else(|| "?".into())
    };
    if let (Some(b), Some(a)) = (backup_sha256, &after.sha256)
        && b.eq_ignore_ascii_case(a)
    {
        return verdict(
            true,
            Severity::Ok,
            format!(
                "serves the configured backup (sha256 {})",
                short(&after.sha256)
            ),
        );
    }
    if let Some(e) = &before.error {
        return verdict(
            false,
            Severity::Unknown,
            format!(
                "could not be read before the revert ({e}), and it does not match a configured \
                 backup hash: no way to tell it changed"
            ),
        );
    }
    let content = matches!((&before.sha256, &after.sha256), (Some(b), Some(a)) if b != a);
    let headers_moved =
        |b: &Option<String>, a: &Option<String>| b.is_some() && a.is_some() && b != a;
    let revalidated = headers_moved(&before.etag, &after.etag)
        || headers_moved(&before.last_modified, &after.last_modified);
    let version = format!(
        "{} → {}",
        before.version.as_deref().unwrap_or("?"),
        after.version.as_deref().unwrap_or("?")
    );
    match (content, backup_sha256) {
        (true, None) => verdict(
            true,
            Severity::Ok,
            format!(
                "changed: sha256 {} → {}, version {version}",
                short(&before.sha256),
                short(&after.sha256)
            ),
        ),
        (true, Some(b)) => verdict(
            true,
            Severity::Warning,
            format!(
                "changed (version {version}), but sha256 {} is not the configured backup's {}",
                short(&after.sha256),
                short(&Some(b.to_string()))
            ),
        ),
        (false, _) => verdict(
            false,
            Severity::Critical,
            format!(
                "NOT changed: same sha256 {} as before the revert{} (version {})",
                short(&after.sha256),
                if revalidated {
                    ", byte for byte, though re-served with a new ETag/Last-Modified"
                } else {
                    ", ETag and Last-Modified"
                },
                after.version.as_deref().unwrap_or("?")
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: Duration = Duration::from_secs(300);

    #[test]
    fn resume_flags_refuse_other_steps_and_apply_another_wait_to_what_is_left() {
        let wait = Duration::from_secs(30);
        let fresh = || PlannedState {
            version: STATE_VERSION,
            environment: "prod".into(),
            base_url: "http://x/".into(),
            started: "t".into(),
            updated: "t".into(),
            start_percentage: 50.0,
            enabled: None,
            // 25, soak, 10, soak, 0, redeploy, database, validate
            plan: plan(50.0, &[50, 25, 10, 0], wait),
            completed: 2,
            status: RunStatus::Stopped,
            stopped: None,
            history: Vec::new(),
            in_flight: None,
        };
        let soaks = |st: &PlannedState| -> Vec<u64> {
            st.plan
                .iter()
                .filter_map(|s| match s {
                    Stage::Soak { wait_ms, .. } => Some(*wait_ms),
                    _ => None,
                })
                .collect()
        };
        type Case = (
            Option<&'static [u8]>,
            Option<u64>,
            Result<Option<&'static str>, &'static str>,
            [u64; 2],
        );
        let cases: Vec<Case> = vec![
            (None, None, Ok(None), [30_000, 30_000]),
            // The same steps, spelt as given the first time or as recorded: nothing changes.
            (Some(&[50, 25, 10, 0]), None, Ok(None), [30_000, 30_000]),
            (Some(&[25, 10, 0]), Some(30), Ok(None), [30_000, 30_000]),
            (
                Some(&[25, 0]),
                None,
                Err(
                    "--steps 25,0 (below the recorded start, 50 %: 25,0) differs from the run's \
                     recorded steps 25,10,0: a resume keeps the plan it recorded",
                ),
                [30_000, 30_000],
            ),
            (
                Some(&[60]),
                None,
                Err("--steps 60 (below the recorded start, 50 %: none) differs"),
                [30_000, 30_000],
            ),
            // Another wait: only the soak not yet done (index 3) takes it.
            (
                None,
                Some(5),
                Ok(Some("--step-wait 5s instead of the recorded 30s")),
                [30_000, 5_000],
            ),
        ];
        for (steps, wait_s, want, after) in cases {
            let mut st = fresh();
            let got = resume_flags(&mut st, 2, steps, wait_s.map(Duration::from_secs));
            match (&got, &want) {
                (Ok(g), Ok(w)) => assert_eq!(g.as_deref(), *w, "{steps:?} {wait_s:?}"),
                (Err(g), Err(w)) => assert!(g.starts_with(w), "{g}"),
                _ => panic!("{steps:?} {wait_s:?}: {got:?}"),
            }
            assert_eq!(soaks(&st), after, "{steps:?} {wait_s:?}");
        }
        // Nothing left to soak: nothing to change, nothing to ask.
        let mut st = fresh();
        assert_eq!(
            resume_flags(&mut st, 5, None, Some(Duration::from_secs(5))),
            Ok(None)
        );
    }

    #[test]
    fn plans_only_step_down() {
        let steps = DEFAULT_ROLLBACK_STEPS;
        let cases: &[(f64, &[u8], &[u8])] = &[
            (100.0, &steps, &[50, 25, 10, 0]),
            (50.0, &steps, &[25, 10, 0]),
            (30.0, &steps, &[25, 10, 0]),
            (25.0, &steps, &[10, 0]),
            (12.5, &steps, &[10, 0]),
            (10.0, &steps, &[0]),
            (0.0, &steps, &[]),
            (50.0, &[40, 5], &[40, 5]),
            (5.0, &[40, 20], &[]),
        ];
        for (current, steps, want) in cases {
            let p = plan(*current, steps, W);
            assert_eq!(percentages(&p), want.to_vec(), "from {current}");
            assert!(
                percentages(&p).iter().all(|&x| f64::from(x) < *current),
                "never raises from {current}"
            );
            assert_eq!(
                &p[p.len() - 3..],
                &[Stage::Redeploy, Stage::DatabaseRollback, Stage::Validate]
            );
        }
    }

    #[test]
    fn soaks_sit_between_steps_only() {
        let p = plan(50.0, &DEFAULT_ROLLBACK_STEPS, W);
        assert_eq!(
            &p[..5],
            &[
                Stage::Percentage { percentage: 25 },
                Stage::Soak {
                    at: 25,
                    wait_ms: 300_000
                },
                Stage::Percentage { percentage: 10 },
                Stage::Soak {
                    at: 10,
                    wait_ms: 300_000
                },
                Stage::Percentage { percentage: 0 },
            ]
        );
        assert_eq!(p.len(), 8);
        let p = plan(10.0, &DEFAULT_ROLLBACK_STEPS, W);
        assert_eq!(p[0], Stage::Percentage { percentage: 0 });
        assert_eq!(p[1], Stage::Redeploy, "no soak after the last step");
    }

    #[test]
    fn step_lists() {
        let cases: &[(&[u8], bool)] = &[
            (&[50, 25, 10, 0], true),
            (&[0], true),
            (&[], false),
            (&[10, 50, 0], false),
            (&[25, 25, 0], false),
        ];
        for (steps, ok) in cases {
            assert_eq!(check_steps(steps).is_ok(), *ok, "{steps:?}");
        }
    }

    fn state(completed: usize, status: RunStatus) -> PlannedState {
        PlannedState {
            version: STATE_VERSION,
            environment: "default".into(),
            base_url: "http://app".into(),
            started: "t".into(),
            updated: "t".into(),
            start_percentage: 50.0,
            enabled: None,
            plan: plan(50.0, &DEFAULT_ROLLBACK_STEPS, W),
            completed,
            status,
            stopped: None,
            history: Vec::new(),
            in_flight: None,
        }
    }

    fn flag(p: f64) -> FlagState {
        FlagState {
            enabled: true,
            percentage: p,
            user_groups: Vec::new(),
            updated_at: None,
        }
    }

    #[test]
    fn resume_picks_up_after_the_last_completed_stage() {
        // (completed, the flag now, expected outcome)
        let cases: &[(usize, f64, Result<usize, &str>)] = &[
            (0, 50.0, Ok(0)),
            (1, 25.0, Ok(1)), // stopped in the soak at 25: the soak runs again, 25 is not re-sent
            (2, 25.0, Ok(2)), // soak done: 10 is next
            (3, 10.0, Ok(3)),
            (5, 0.0, Ok(5)), // stopped before redeploy
            (6, 0.0, Ok(6)), // redeploy done, database next
            (1, 50.0, Err("reads 50 %")),
            (3, 25.0, Err("left it at 10 %")),
            (4, 0.0, Err("something else changed it")),
        ];
        for (completed, now, want) in cases {
            let got = resume_point(
                &state(*completed, RunStatus::Stopped),
                "http://app",
                &flag(*now),
            );
            match (want, &got) {
                (Ok(i), Ok(g)) => {
                    assert_eq!(*i, g.start, "completed {completed}");
                    assert_eq!((g.applied, g.interrupted_step), (None, None));
                }
                (Err(w), Err(g)) => assert!(g.contains(w), "{g}"),
                _ => panic!("completed {completed}, flag {now}: {got:?}"),
            }
        }
        assert!(resume_point(&state(8, RunStatus::Done), "http://app", &flag(0.0)).is_err());
        assert!(resume_point(&state(1, RunStatus::Emergency), "http://app", &flag(25.0)).is_err());
        assert!(
            resume_point(&state(1, RunStatus::Stopped), "http://other", &flag(25.0))
                .unwrap_err()
                .contains("http://other")
        );
        let mut old = state(1, RunStatus::Stopped);
        old.version = 0;
        assert!(resume_point(&old, "http://app", &flag(25.0)).is_err());
    }

    #[test]
    fn resume_after_a_run_died_mid_stage() {
        // plan from 50: 25, soak, 10, soak, 0, redeploy, database, validate.
        let died_in = |completed: usize| {
            let mut s = state(completed, RunStatus::InProgress);
            s.in_flight = Some(InFlight {
                index: completed,
                started: "t".into(),
            });
            s
        };
        // Killed after the app applied "set 10 %" but before it was recorded: accepted, done.
        let r = resume_point(&died_in(2), "http://app", &flag(10.0)).unwrap();
        assert_eq!((r.start, r.applied, r.interrupted_step), (3, Some(2), None));
        // Killed before the app applied it: the flag still reads 25, the write is sent again.
        let r = resume_point(&died_in(2), "http://app", &flag(25.0)).unwrap();
        assert_eq!((r.start, r.applied), (2, None));
        // Neither the recorded 25 nor the in-flight 10: someone else moved it.
        let e = resume_point(&died_in(2), "http://app", &flag(50.0)).unwrap_err();
        assert!(e.contains("left it at 25 % nor 10 %"), "{e}");
        // Killed in the redeploy or the database rollback: re-running it needs a confirmation.
        for step in [5, 6] {
            let r = resume_point(&died_in(step), "http://app", &flag(0.0)).unwrap();
            assert_eq!((r.start, r.interrupted_step), (step, Some(step)));
        }
        // Killed in a soak or validate: they run again, nothing to confirm.
        for stage in [1, 7] {
            let now = if stage == 1 { 25.0 } else { 0.0 };
            let r = resume_point(&died_in(stage), "http://app", &flag(now)).unwrap();
            assert_eq!((r.start, r.interrupted_step), (stage, None));
        }
        // A record of another stage in flight is not this one's: ignored.
        let mut odd = died_in(2);
        odd.in_flight.as_mut().unwrap().index = 4;
        assert!(
            resume_point(&odd, "http://app", &flag(10.0))
                .unwrap_err()
                .contains("something else changed it")
        );
    }

    #[test]
    fn state_round_trips_and_names_stages() {
        let s = state(3, RunStatus::InProgress);
        let text = serde_json::to_string(&s).unwrap();
        assert!(text.contains("\"stage\":\"soak\""), "{text}");
        let back: PlannedState = serde_json::from_str(&text).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.expected_percentage(), 10.0);
    }

    #[test]
    fn soak_watch() {
        let crit = 10.0;
        assert!(spike(&Figure::Known(10.1), crit));
        assert!(
            !spike(&Figure::Known(10.0), crit),
            "strict, as the guide's > 10"
        );
        assert!(!spike(&Figure::Unknown("x".into()), crit));
        let mut w = SoakWatch::default();
        w.record(&Figure::Known(2.0));
        w.record(&Figure::Known(3.5));
        assert_eq!(w.check(25, crit).status, Severity::Ok);
        assert_eq!(w.check(25, crit).value, Figure::Known(3.5));
        w.record(&Figure::Unknown("HTTP 503".into()));
        assert_eq!(w.check(25, crit).status, Severity::Warning);
        w.record(&Figure::Known(12.0));
        assert_eq!(w.check(25, crit).status, Severity::Critical);
        let mut blind = SoakWatch::default();
        blind.record(&Figure::Unknown("HTTP 503".into()));
        let c = blind.check(10, crit);
        assert_eq!(c.status, Severity::Unknown);
        assert!(c.detail.unwrap().contains("HTTP 503"));
    }

    fn worker(sha: &str, etag: &str, lm: &str) -> ServedWorker {
        ServedWorker {
            path: "/sw-enhanced.js".into(),
            version: Some("v".into()),
            sha256: Some(sha.into()),
            etag: Some(etag.into()),
            last_modified: Some(lm.into()),
            ..Default::default()
        }
    }

    #[test]
    fn worker_verification() {
        let before = worker("aa", "\"aa\"", "Mon");
        let unreadable = ServedWorker {
            error: Some("HTTP 404".into()),
            sha256: None,
            etag: None,
            last_modified: None,
            ..before.clone()
        };
        // (before, after, backup, verified, status)
        let cases = [
            (
                &before,
                worker("bb", "\"bb\"", "Tue"),
                None,
                true,
                Severity::Ok,
            ),
            (
                &before,
                worker("bb", "\"bb\"", "Tue"),
                Some("BB"),
                true,
                Severity::Ok,
            ),
            (
                &before,
                worker("bb", "\"bb\"", "Tue"),
                Some("cc"),
                true,
                Severity::Warning,
            ),
            // Byte-identical under fresh validators: not a change.
            (
                &before,
                worker("aa", "\"a2\"", "Tue"),
                None,
                false,
                Severity::Critical,
            ),
            (
                &before,
                worker("aa", "\"aa\"", "Mon"),
                None,
                false,
                Severity::Critical,
            ),
            (
                &before,
                worker("aa", "\"aa\"", "Mon"),
                Some("cc"),
                false,
                Severity::Critical,
            ),
            (
                &before,
                worker("aa", "\"aa\"", "Mon"),
                Some("aa"),
                true,
                Severity::Ok,
            ),
            (&before, unreadable.clone(), None, false, Severity::Unknown),
            (
                &unreadable,
                worker("bb", "\"bb\"", "Tue"),
                None,
                false,
                Severity::Unknown,
            ),
            (
                &unreadable,
                worker("bb", "\"bb\"", "Tue"),
                Some("bb"),
                true,
                Severity::Ok,
            ),
        ];
        for (i, (b, a, backup, verified, status)) in cases.into_iter().enumerate() {
            let v = verify_worker(b, &a, backup);
            assert_eq!(
                (v.verified, v.status),
                (verified, status),
                "case {i}: {}",
                v.detail
            );
        }
    }
}
