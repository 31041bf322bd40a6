//! `rollout run`: its record, how a resume continues it, and its decisions as a state machine
//! with no I/O and no clock. The executor (`commands::rollout_run`) does what each [`Step`]
//! says and answers with the [`Event`] that happened; [`Run::next`] says what to do next. Time
//! enters only as the bake's elapsed time carried by the events.
//!
//! Per step: `Begin` (recorded as current before anything is sent) → `ReadGate` (the flag must
//! read as this run left it, else the run stops: someone else owns it now; a raise needs the
//! gate `rollout advance` applies) → `Write` (only when the flag is not there yet) → the bake:
//! `Measure` every interval, `Wait` between → `EndBake` (recorded) → the next step or the end.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::numbers::number;
use crate::policy::analysis::{AnalysisOutcome as Analysis, AnalysisSettings, Judgement, outcome};
use crate::policy::check::Check;
use crate::policy::gate::{Bake, Gate, LastChange, gate, judge_bake};
use crate::policy::outcome::Outcome;

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
    /// Ended on purpose by `rollout abort`: `--resume` refuses, a new run may start.
    Aborted,
}

impl RunStatus {
    /// A run that `--resume` continues (and that a new run must not overwrite).
    pub(crate) fn unfinished(self) -> bool {
        !matches!(
            self,
            RunStatus::Done | RunStatus::RolledBack | RunStatus::Aborted
        )
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
    /// The flag's exposure when the run began: where a resume expects it while no step is
    /// done (a record without it cannot resume a run killed before its first write landed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<f64>,
    /// Stopped because someone else changed the flag: a resume refuses (where the flag now
    /// stands may look like a point of this run, e.g. off at its start).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overridden: bool,
    /// How each step bakes and is analysed, as the run began: a resume keeps them (a record
    /// without them, from an older swcache, resumes only with `--bake` given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<RunSettings>,
}

/// A run's bake and analysis, recorded with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RunSettings {
    pub bake_ms: u64,
    pub analysis: AnalysisSettings,
}

impl RunSettings {
    pub(crate) fn bake(&self) -> Duration {
        Duration::from_millis(self.bake_ms)
    }
}

/// What was given on the command line of a `rollout run --resume`: each `None` when not given.
#[derive(Clone, Debug, Default)]
pub(crate) struct ResumeFlags {
    pub schedule: Option<Vec<u8>>,
    pub until: Option<u8>,
    pub on_failure: Option<OnFailure>,
    pub bake: Option<Duration>,
}

/// How a resume bakes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ResumeBake {
    /// As recorded: its bake and its analysis.
    Recorded(RunSettings),
    /// `--bake` given: this bake, analysed as configured now. `change` says how it differs
    /// from the record, for the operator to confirm (`None`: the record had no bake).
    Given {
        bake: Duration,
        change: Option<String>,
    },
}

/// What a resume runs with: the recorded settings, unless `--bake` says otherwise. A plan flag
/// (`--schedule`, `--until`, `--on-failure`) that differs from the record is refused: the
/// record's progress is a position in its own plan. `Err` names the flag, what was recorded
/// and what was given.
pub(crate) fn resume_settings(rec: &RunState, given: &ResumeFlags) -> Result<ResumeBake, String> {
    let refuse = |flag: &str, recorded: String, asked: String| {
        Err(format!(
            "{flag} {asked} differs from the run's recorded {recorded}: a resume keeps the \
             plan it recorded; drop {flag}, or remove the state file to start afresh"
        ))
    };
    if let Some(s) = given.schedule.as_ref().filter(|s| **s != rec.schedule) {
        return refuse("--schedule", steps_list(&rec.schedule), steps_list(s));
    }
    if let Some(u) = given.until.filter(|u| *u != rec.until) {
        return refuse("--until", format!("{} %", rec.until), format!("{u} %"));
    }
    if let Some(f) = given.on_failure.filter(|f| *f != rec.on_failure) {
        return refuse(
            "--on-failure",
            rec.on_failure.name().to_string(),
            f.name().to_string(),
        );
    }
    match (rec.settings, given.bake) {
        (None, None) => Err(
            "the record does not say how long its steps bake (it was written \
             by an older swcache): give --bake"
                .into(),
        ),
        (None, Some(bake)) => Ok(ResumeBake::Given { bake, change: None }),
        (Some(r), Some(bake)) if r.bake() != bake => Ok(ResumeBake::Given {
            bake,
            change: Some(format!(
                // Flag syntax: what --bake takes.
                "--bake {} instead of the recorded {}",
                humantime::format_duration(bake),
                humantime::format_duration(r.bake())
            )),
        }),
        (Some(r), _) => Ok(ResumeBake::Recorded(r)),
    }
}

fn steps_list(steps: &[u8]) -> String {
    steps
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl RunState {
    /// Whether this record is one swcache wrote and can act on: a file of another version, a
    /// percentage past 100, a schedule that does not rise, or steps that contradict each other
    /// would make a resume send what no run planned. `Err` says what is wrong.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.version != RUN_STATE_VERSION {
            return Err(format!(
                "its version is {}, this swcache reads version {RUN_STATE_VERSION} only",
                self.version
            ));
        }
        let pct = |what: &str, p: u8| {
            if p > 100 {
                Err(format!("{what} {p} % is past 100 %"))
            } else {
                Ok(())
            }
        };
        for &p in &self.schedule {
            pct("the schedule's step", p)?;
        }
        if self.schedule.is_empty() {
            return Err("its schedule is empty".into());
        }
        if let Some(w) = self.schedule.windows(2).find(|w| w[0] >= w[1]) {
            return Err(format!(
                "its schedule does not rise: {} % is followed by {} %",
                w[0], w[1]
            ));
        }
        pct("until", self.until)?;
        if !self.schedule.contains(&self.until) {
            return Err(format!(
                "until {} % is not a step of its schedule",
                self.until
            ));
        }
        if let Some(f) = self.from
            && !(0.0..=100.0).contains(&f)
        {
            return Err(format!("from {} % is not a percentage", number(f)));
        }
        if let Some(st) = &self.settings
            && st.analysis.count == 0
        {
            return Err("its analysis takes no measurement".into());
        }
        self.validate_progress()
    }

    /// `done` is a run of consecutive schedule steps up to `until`, above `from`; `current` is
    /// the step after the last done (or the first above `from`).
    fn validate_progress(&self) -> Result<(), String> {
        let after = |p: u8| self.from.is_some_and(|f| f64::from(p) <= f);
        if let Some(&first) = self.done.first() {
            let Some(i) = self.schedule.iter().position(|&s| s == first) else {
                return Err(format!("done step {first} % is not a step of its schedule"));
            };
            if self.schedule.get(i..i + self.done.len()) != Some(&self.done[..]) {
                return Err("its done steps are not consecutive steps of its schedule".into());
            }
            if after(first) {
                return Err(format!(
                    "done step {first} % is not above where the run began"
                ));
            }
        }
        if let Some(&last) = self.done.last()
            && last > self.until
        {
            return Err(format!("done step {last} % is past until {} %", self.until));
        }
        let Some(c) = self.current else {
            return Ok(());
        };
        if !self.schedule.contains(&c) || c > self.until {
            return Err(format!(
                "current step {c} % is not a step of its schedule up to until"
            ));
        }
        let expected = match self.done.last() {
            Some(&d) => self.schedule.iter().copied().find(|&s| s > d),
            None => self
                .from
                .map(|f| self.schedule.iter().copied().find(|&s| f64::from(s) > f))
                .unwrap_or(Some(c)),
        };
        if expected != Some(c) {
            return Err(format!(
                "current step {c} % is not the step after the last done ({})",
                self.done
                    .last()
                    .map(|d| format!("{d} %"))
                    .unwrap_or_else(|| "none".into())
            ));
        }
        Ok(())
    }
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

/// Where the flag stands: the part of the flag a run sets, and its user groups, which a run
/// never sets (so a change of them is someone else's).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pos {
    pub enabled: bool,
    pub percentage: f64,
    /// The user groups as read, by fingerprint ([`Pos::groups_of`]); `None` for a position
    /// the run works out rather than reads, which matches any groups.
    pub groups: Option<u64>,
}

/// Equal when enabled and percentage are, and the groups where both were read.
impl PartialEq for Pos {
    fn eq(&self, other: &Pos) -> bool {
        self.enabled == other.enabled
            && self.percentage == other.percentage
            && match (self.groups, other.groups) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }
}

impl Pos {
    /// Enabled at `step` %: where a run's write of that step leaves the flag.
    pub(crate) fn at(step: u8) -> Pos {
        Pos {
            enabled: true,
            percentage: f64::from(step),
            groups: None,
        }
    }

    /// A fingerprint of `groups` (in memory only: compared within one process).
    pub(crate) fn groups_of(groups: &[String]) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        groups.hash(&mut h);
        h.finish()
    }

    pub(crate) fn exposure(self) -> f64 {
        if self.enabled { self.percentage } else { 0.0 }
    }

    fn describe(self) -> String {
        format!(
            "{} at {} %",
            if self.enabled { "enabled" } else { "disabled" },
            number(self.percentage)
        )
    }
}

/// What a run (fresh or resumed) does: its steps from where the flag stands.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Plan {
    pub steps: Vec<u8>,
    /// Where the flag stands now, as read (the run expects it there).
    pub flag: Pos,
    /// The flag stands at the run's last done step: it was set and baked by this run.
    pub baked: bool,
}

/// A fresh run from the flag as read.
pub(crate) fn fresh_plan(schedule: &[u8], until: u8, flag: Pos) -> Plan {
    Plan {
        steps: fresh_steps(schedule, until, flag.exposure()),
        flag,
        baked: false,
    }
}

/// How a resumed run continues: at the recorded current step when its write landed (baked
/// again, not written again), else at the step after the last done, which is then the
/// recorded current step, written once. Never a step at or below one done: nothing is lowered
/// and nothing landed is sent again. `Err` when the flag does not stand where the record says
/// the run left it (someone else moved it): nothing is guessed.
pub(crate) fn resume_plan(rec: &RunState, flag: Pos) -> Result<Plan, String> {
    if rec.overridden {
        return Err(format!(
            "the recorded run stopped because someone else changed the flag (it reads {} now); \
             look at it, then remove the state file and start again",
            flag.describe()
        ));
    }
    let rest = |after: f64| -> Vec<u8> {
        rec.schedule
            .iter()
            .copied()
            .filter(|&s| f64::from(s) > after && s <= rec.until)
            .collect()
    };
    if let Some(c) = rec.current
        && flag == Pos::at(c)
    {
        // Its write landed: bake it again (the bake was cut short), then go on.
        let mut steps = vec![c];
        steps.extend(rest(f64::from(c)));
        return Ok(Plan {
            steps,
            flag,
            baked: false,
        });
    }
    let (left_at, baked) = match rec.done.last() {
        Some(&d) => (Some(f64::from(d)), flag == Pos::at(d)),
        None => (rec.from, false),
    };
    let expected = match (rec.done.last(), left_at) {
        (Some(&d), _) => flag == Pos::at(d),
        (None, Some(f)) => flag.exposure() == f,
        (None, None) => false,
    };
    if !expected {
        let mut allowed: Vec<String> = rec.current.map(|c| format!("{c} %")).into_iter().collect();
        allowed.extend(left_at.map(|p| format!("{} %", number(p))));
        return Err(format!(
            "the flag reads {}, but the recorded run left it at {}: someone else changed it. \
             Look at it, then remove the state file and start again",
            flag.describe(),
            if allowed.is_empty() {
                "a point it did not record".to_string()
            } else {
                allowed.join(" or ")
            }
        ));
    }
    Ok(Plan {
        steps: rest(left_at.unwrap_or(0.0)),
        flag,
        baked,
    })
}

/// What a run (fresh, or resuming `resumed`) does from where the flag stands. `Err` when the
/// flag contradicts the record (see [`resume_plan`]).
pub(crate) fn plan_run(
    resumed: Option<&RunState>,
    schedule: &[u8],
    until: u8,
    flag: Pos,
) -> Result<Plan, String> {
    match resumed {
        Some(rec) => resume_plan(rec, flag),
        None => Ok(fresh_plan(schedule, until, flag)),
    }
}

/// How a run ended, as its report's `run.outcome` says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RunOutcome {
    Done,
    Held,
    Stopped,
    DryRun,
    RolledBack,
}

/// How a run opens, decided before anything is sent or asked.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Opening {
    /// The flag stands at or past the run's last step.
    NothingToDo,
    /// The gate the first raise needs is closed: why, said for people.
    Held { gate: Gate, bake: Bake, why: String },
    /// Ask, then run.
    Go,
}

impl End {
    /// What the run's record says once it ended so, and the report's outcome.
    pub(crate) fn outcome(&self) -> (RunStatus, RunOutcome) {
        match self {
            End::Done => (RunStatus::Done, RunOutcome::Done),
            End::Stop {
                status: RunStatus::Held,
                ..
            } => (RunStatus::Held, RunOutcome::Held),
            End::Stop { status, .. } => (*status, RunOutcome::Stopped),
            End::Foreign(_) => (RunStatus::Stopped, RunOutcome::Stopped),
            End::Failed { .. } => (RunStatus::RollingBack, RunOutcome::RolledBack),
        }
    }
}

/// What the machine needs besides the plan.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Config {
    /// How long each step bakes (analysed all along).
    pub bake: Duration,
    /// The gate's minimum bake for a step this run did not bake itself (`[rollout] min_bake`).
    pub min_bake: Duration,
    /// The analysis of each step's bake (spread over it).
    pub analysis: AnalysisSettings,
}

/// What happened, as the executor saw it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Event {
    /// The step is recorded (before its write, or after its bake).
    Recorded,
    /// Recording failed: which file, why.
    RecordFailed(String),
    /// The gate's figures (the flag's row among them), the flag or why it could not be read,
    /// and when it last changed (`policy::gate::last_change`), at `now`.
    GateRead {
        checks: Vec<Check>,
        flag: Result<Pos, String>,
        since: LastChange,
        now: SystemTime,
    },
    /// The step's write ended, as `act` reported it.
    Acted { outcome: Outcome, detail: String },
    /// One measurement of the bake, `elapsed` into it: its verdict, what decided it, and the
    /// flag as read with it.
    Measured {
        verdict: Judgement,
        decided_by: Option<String>,
        flag: Result<Pos, String>,
        elapsed: Duration,
    },
    /// A wait of the bake ended, `elapsed` into it.
    Waited { elapsed: Duration },
    /// SIGINT or SIGTERM, at a safe point (before a step, or in the bake).
    Interrupted(&'static str),
}

/// What to do next.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Step {
    /// Record `step` as the current one (before anything of it is sent); a signal that came
    /// stops here instead. `Recorded`, `RecordFailed` or `Interrupted`.
    Begin(u8),
    /// Read the gate's figures and the flag. `GateRead`.
    ReadGate,
    /// Set the flag to `to` % through `act` (`enable`: it is off, the write turns it on).
    /// `Acted`.
    Write { to: u8, enable: bool },
    /// Start the bake's clock at `at` %, then measure. `Measured` or `Interrupted`.
    StartBake(u8),
    /// Measure. `Measured` or `Interrupted`.
    Measure,
    /// Wait until `until` into the bake. `Waited` or `Interrupted`.
    Wait { until: Duration },
    /// The bake ended: report it, and record the step as done when it passed. `Recorded` or
    /// `RecordFailed`.
    EndBake(BakeEnd),
    /// The run is over.
    Finish(End),
}

/// How a step's bake ended.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BakeEnd {
    pub at: u8,
    /// `Running` when it was cut short (a signal, a foreign change).
    pub outcome: Analysis,
    /// The signal that cut it short.
    pub interrupted: Option<&'static str>,
}

/// How the run ended.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum End {
    /// Every step passed.
    Done,
    /// Stopped short, nothing more sent; recorded with `status` (held or stopped).
    Stop {
        status: RunStatus,
        why: String,
        /// The gate that held it, when one did.
        gate: Option<(Gate, Option<Bake>)>,
    },
    /// The flag no longer reads as this run left it: someone else changed it. Stopped at
    /// once, nothing more written.
    Foreign(String),
    /// The analysis failed at `at` %: take the configured rollback.
    Failed { at: u8 },
}

/// How the flag's current step came to be baked.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Baked {
    /// Not by this run: the gate's minimum bake applies, from the last change.
    No,
    /// This process set it and its bake (this long) passed.
    Here(Duration),
    /// The record says this run set it and its bake passed (a resume).
    Recorded,
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Beginning,
    Gating,
    Writing,
    Baking(Baking),
    Ending(Box<Option<End>>),
    Over,
}

#[derive(Clone, Debug, PartialEq)]
struct Baking {
    verdicts: Vec<Judgement>,
    last_decided_by: Option<String>,
    /// When the next measurement is due, into the bake.
    next: Duration,
    /// Passed before the bake's end: it waits out the rest, then ends.
    passed: bool,
}

/// A rollout run in progress: its steps, the one it is at, and where the flag should stand.
#[derive(Clone, Debug)]
pub(crate) struct Run {
    steps: Vec<u8>,
    cfg: Config,
    index: usize,
    expected: Pos,
    baked: Baked,
    phase: Phase,
}

impl Run {
    pub(crate) fn new(plan: Plan, cfg: Config) -> Run {
        Run {
            steps: plan.steps,
            cfg,
            index: 0,
            expected: plan.flag,
            baked: if plan.baked {
                Baked::Recorded
            } else {
                Baked::No
            },
            phase: Phase::Over,
        }
    }

    /// The first step.
    pub(crate) fn start(&mut self) -> Step {
        self.begin()
    }

    fn at(&self) -> u8 {
        self.steps.get(self.index).copied().unwrap_or_default()
    }

    fn begin(&mut self) -> Step {
        if self.index >= self.steps.len() {
            return self.finish(End::Done);
        }
        self.phase = Phase::Beginning;
        Step::Begin(self.at())
    }

    fn finish(&mut self, end: End) -> Step {
        self.phase = Phase::Over;
        Step::Finish(end)
    }

    fn stop(&mut self, status: RunStatus, why: String) -> Step {
        self.finish(End::Stop {
            status,
            why,
            gate: None,
        })
    }

    /// The gate before raising exposure from where the flag stands: `rollout advance`'s (every
    /// figure OK, the minimum bake since the last change), except that a step this run set and
    /// baked to a pass has baked.
    pub(crate) fn raise_gate(
        &self,
        checks: &[Check],
        since: LastChange,
        now: SystemTime,
    ) -> (Gate, Bake) {
        let exposure = self.expected.exposure();
        let bake = match self.baked {
            Baked::Here(took) => crate::policy::gate::baked_by_run(Some(took), self.cfg.bake),
            Baked::Recorded => crate::policy::gate::baked_by_run(None, self.cfg.bake),
            Baked::No => judge_bake(since, now, self.cfg.min_bake, exposure),
        };
        (gate(checks, Some(&bake)), bake)
    }

    /// Before the question: nothing to do, the first raise's gate closed, or go. A first step
    /// whose write landed already is baked again, not raised to: no gate then (the machine
    /// asks the gate again right before each write). `since` is read only when it counts.
    pub(crate) fn opening(
        &self,
        checks: &[Check],
        since: impl FnOnce() -> LastChange,
        now: SystemTime,
    ) -> Opening {
        let Some(&first) = self.steps.first() else {
            return Opening::NothingToDo;
        };
        if Pos::at(first) == self.expected {
            return Opening::Go;
        }
        let (gate, bake) = self.raise_gate(checks, since(), now);
        if gate.open {
            return Opening::Go;
        }
        // The figure that decided, when one did; else each reason the gate holds.
        let pre = crate::policy::analysis::judge(checks);
        let reason = pre
            .decided_by
            .filter(|_| pre.verdict != Judgement::Pass)
            .unwrap_or_else(|| gate.failing.join("; "));
        let why =
            format!("gate held before the first step ({first} %): {reason}; nothing was written");
        Opening::Held { gate, bake, why }
    }

    fn foreign(&self, now: Pos) -> String {
        let what =
            if now.enabled == self.expected.enabled && now.percentage == self.expected.percentage {
                format!("the flag's user groups changed (it is {})", now.describe())
            } else {
                format!(
                    "the flag reads {}, but this run left it {}",
                    now.describe(),
                    self.expected.describe()
                )
            };
        format!(
            "{what}: someone else changed it. The run stops here and writes nothing more; \
             look at it, then remove the state file and start again"
        )
    }

    /// What to do after `event`.
    pub(crate) fn next(&mut self, event: Event) -> Step {
        let phase = std::mem::replace(&mut self.phase, Phase::Over);
        let st = self.at();
        match (phase, event) {
            (Phase::Beginning, Event::Recorded) => {
                self.phase = Phase::Gating;
                Step::ReadGate
            }
            (Phase::Beginning, Event::RecordFailed(why)) => self.stop(
                RunStatus::Stopped,
                format!("{why}; stopped before the step to {st} %"),
            ),
            (Phase::Beginning, Event::Interrupted(sig)) => self.stop(
                RunStatus::Stopped,
                format!("interrupted by {sig} before the step to {st} %"),
            ),
            (
                Phase::Gating,
                Event::GateRead {
                    checks,
                    flag,
                    since,
                    now,
                },
            ) => self.gated(&checks, flag, since, now),
            (Phase::Writing, Event::Acted { outcome, detail }) => {
                if outcome == Outcome::Done {
                    // The run's write sets the percentage; the groups stay as they were read.
                    self.expected = Pos {
                        groups: self.expected.groups,
                        ..Pos::at(st)
                    };
                    self.start_bake()
                } else {
                    self.stop(
                        RunStatus::Stopped,
                        format!("the step to {st} % was not made ({detail})"),
                    )
                }
            }
            (
                Phase::Baking(b),
                Event::Measured {
                    verdict,
                    decided_by,
                    flag,
                    elapsed,
                },
            ) => self.measured(b, verdict, decided_by, flag, elapsed),
            (Phase::Baking(b), Event::Waited { elapsed }) => {
                if b.passed {
                    self.baked = Baked::Here(elapsed);
                    return self.end_bake(Analysis::Passed, None, None);
                }
                if elapsed >= b.next {
                    self.phase = Phase::Baking(b);
                    return Step::Measure;
                }
                let until = b.next;
                self.phase = Phase::Baking(b);
                Step::Wait { until }
            }
            (Phase::Baking(b), Event::Interrupted(sig)) => {
                let why = format!("interrupted by {sig} while baking at {st} % (the flag stays there)");
                // Even one passed early has not stood its whole bake: not done, baked again.
                let _ = b;
                self.end_bake(
                    Analysis::Running,
                    Some(sig),
                    Some(End::Stop {
                        status: RunStatus::Stopped,
                        why,
                        gate: None,
                    }),
                )
            }
            (Phase::Ending(then), Event::Recorded) => match *then {
                None => {
                    self.index += 1;
                    self.begin()
                }
                Some(end) => self.finish(end),
            },
            (Phase::Ending(then), Event::RecordFailed(why)) => match *then {
                // The rollback lowers exposure: taken whether or not the record was written.
                Some(end @ End::Failed { .. }) => self.finish(end),
                Some(End::Stop { status, why: w, gate }) => self.finish(End::Stop {
                    status,
                    why: format!("{w} ({why})"),
                    gate,
                }),
                Some(end) => self.finish(end),
                None => self.stop(
                    RunStatus::Stopped,
                    format!("{why}; stopped after the step to {st} % passed"),
                ),
            },
            (phase, event) => self.stop(
                RunStatus::Stopped,
                format!("internal error: {event:?} was not expected while {phase:?}; nothing more was sent"),
            ),
        }
    }

    /// Before a step: the flag must stand where this run left it; then bake it again (its
    /// write landed), or raise when the gate is open.
    fn gated(
        &mut self,
        checks: &[Check],
        flag: Result<Pos, String>,
        since: LastChange,
        now: SystemTime,
    ) -> Step {
        let st = self.at();
        let pos = match flag {
            Ok(p) => p,
            Err(why) => {
                return self.finish(End::Stop {
                    status: RunStatus::Held,
                    why: format!(
                        "the flag could not be read before the step to {st} % ({why}); nothing \
                         was written"
                    ),
                    gate: Some((gate(checks, None), None)),
                });
            }
        };
        if pos != self.expected {
            return self.finish(End::Foreign(self.foreign(pos)));
        }
        if pos == Pos::at(st) {
            // Its write landed before the run stopped: baked again, not sent again.
            return self.start_bake();
        }
        if f64::from(st) < pos.exposure() {
            // Never planned (a plan only raises); refused rather than lower exposure.
            return self.stop(
                RunStatus::Stopped,
                format!(
                    "the step to {st} % would lower exposure from {} %; nothing was written",
                    number(pos.exposure())
                ),
            );
        }
        let (g, bake) = self.raise_gate(checks, since, now);
        if !g.open {
            let why = format!(
                "gate held before the step to {st} %: {}; nothing was written",
                g.failing.join("; ")
            );
            return self.finish(End::Stop {
                status: RunStatus::Held,
                why,
                gate: Some((g, Some(bake))),
            });
        }
        self.phase = Phase::Writing;
        Step::Write {
            to: st,
            enable: !pos.enabled,
        }
    }

    fn start_bake(&mut self) -> Step {
        self.baked = Baked::No;
        self.phase = Phase::Baking(Baking {
            verdicts: Vec::new(),
            last_decided_by: None,
            next: Duration::ZERO,
            passed: false,
        });
        Step::StartBake(self.at())
    }

    fn measured(
        &mut self,
        mut b: Baking,
        verdict: Judgement,
        decided_by: Option<String>,
        flag: Result<Pos, String>,
        elapsed: Duration,
    ) -> Step {
        let st = self.at();
        if let Ok(now) = flag
            && now != self.expected
        {
            let why = self.foreign(now);
            return self.end_bake(Analysis::Running, None, Some(End::Foreign(why)));
        }
        b.verdicts.push(verdict);
        if decided_by.is_some() {
            b.last_decided_by = decided_by;
        }
        let a = &self.cfg.analysis;
        b.next = a.interval * b.verdicts.len() as u32;
        match outcome(a, &b.verdicts) {
            Analysis::Passed if elapsed >= self.cfg.bake => {
                self.baked = Baked::Here(elapsed);
                self.end_bake(Analysis::Passed, None, None)
            }
            Analysis::Passed => {
                // Decided early: the step still stands its whole bake before the next.
                b.passed = true;
                self.phase = Phase::Baking(b);
                Step::Wait {
                    until: self.cfg.bake,
                }
            }
            Analysis::Failed => self.end_bake(Analysis::Failed, None, Some(End::Failed { at: st })),
            Analysis::Inconclusive => {
                let n = b.verdicts.len();
                let why = format!(
                    "held at {st} %: analysis INCONCLUSIVE after {n} measurement{}{}; nothing was \
                     lowered or raised",
                    if n == 1 { "" } else { "s" },
                    b.last_decided_by
                        .as_deref()
                        .map(|d| format!(": {d}"))
                        .unwrap_or_default()
                );
                let g = Gate {
                    open: false,
                    failing: vec![why.clone()],
                };
                self.end_bake(
                    Analysis::Inconclusive,
                    None,
                    Some(End::Stop {
                        status: RunStatus::Held,
                        why,
                        gate: Some((g, None)),
                    }),
                )
            }
            Analysis::Running => {
                let until = b.next;
                self.phase = Phase::Baking(b);
                Step::Wait { until }
            }
        }
    }

    /// The bake's end, reported and recorded; then `then` (`None`: the next step).
    fn end_bake(
        &mut self,
        outcome: Analysis,
        interrupted: Option<&'static str>,
        then: Option<End>,
    ) -> Step {
        self.phase = Phase::Ending(Box::new(then));
        Step::EndBake(BakeEnd {
            at: self.at(),
            outcome,
            interrupted,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Severity;

    fn rec(from: Option<f64>, done: &[u8], current: Option<u8>) -> RunState {
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
            from,
            overridden: false,
            settings: None,
        }
    }

    /// A record from before bakes were recorded resumes only with `--bake`; a recorded one is
    /// kept, and only a different `--bake` is a change to confirm.
    #[test]
    fn a_resume_bakes_as_recorded_or_as_given_and_said() {
        let old = rec(Some(0.0), &[], Some(10));
        let none = ResumeFlags::default();
        assert!(
            resume_settings(&old, &none)
                .unwrap_err()
                .ends_with("give --bake")
        );
        let given = ResumeFlags {
            bake: Some(Duration::from_secs(5)),
            ..ResumeFlags::default()
        };
        assert_eq!(
            resume_settings(&old, &given).unwrap(),
            ResumeBake::Given {
                bake: Duration::from_secs(5),
                change: None
            }
        );
        let recorded = RunSettings {
            bake_ms: 20_000,
            analysis: AnalysisSettings::default(),
        };
        let new = RunState {
            settings: Some(recorded),
            ..old
        };
        assert_eq!(
            resume_settings(&new, &none).unwrap(),
            ResumeBake::Recorded(recorded)
        );
        let same = ResumeFlags {
            bake: Some(Duration::from_secs(20)),
            until: Some(100),
            ..ResumeFlags::default()
        };
        assert_eq!(
            resume_settings(&new, &same).unwrap(),
            ResumeBake::Recorded(recorded)
        );
        assert_eq!(
            resume_settings(&new, &given).unwrap(),
            ResumeBake::Given {
                bake: Duration::from_secs(5),
                change: Some("--bake 5s instead of the recorded 20s".into())
            }
        );
    }

    fn off() -> Pos {
        Pos {
            enabled: false,
            percentage: 0.0,
            groups: None,
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

    /// Every interruption point × where the flag stands: the steps a resume takes. None is at
    /// or below a done step, and a landed step is first (baked again) or not there at all.
    #[test]
    fn resumes_continue_at_the_recorded_step() {
        let plan = |r: &RunState, p: Pos| resume_plan(r, p).map(|p| (p.steps, p.baked));
        // Started at 10, killed while baking its first step, 25 (the case).
        assert_eq!(
            plan(&rec(Some(10.0), &[], Some(25)), Pos::at(25)),
            Ok((vec![25, 50, 100], false))
        );
        // The same, killed before the write to 25 landed.
        assert_eq!(
            plan(&rec(Some(10.0), &[], Some(25)), Pos::at(10)),
            Ok((vec![25, 50, 100], false))
        );
        // Stopped at 100: 100 baked again, nothing lower sent.
        assert_eq!(
            plan(&rec(Some(0.0), &[10, 25, 50], Some(100)), Pos::at(100)),
            Ok((vec![100], false))
        );
        // Killed before the write to 100: from 50, which this run baked.
        assert_eq!(
            plan(&rec(Some(0.0), &[10, 25, 50], Some(100)), Pos::at(50)),
            Ok((vec![100], true))
        );
        // Between steps.
        assert_eq!(
            plan(&rec(Some(0.0), &[10, 25], None), Pos::at(25)),
            Ok((vec![50, 100], true))
        );
        // Killed before anything was sent, from a disabled flag.
        assert_eq!(
            plan(&rec(Some(0.0), &[], Some(10)), off()),
            Ok((vec![10, 25, 50, 100], false))
        );
        // Someone moved the flag: nothing is guessed.
        assert!(plan(&rec(Some(0.0), &[10], Some(25)), Pos::at(50)).is_err());
        assert!(plan(&rec(Some(0.0), &[10, 25], None), off()).is_err());
        assert!(plan(&rec(Some(10.0), &[], Some(25)), Pos::at(50)).is_err());
        // Disabled at the step it set: not where it left it.
        let disabled_25 = Pos {
            enabled: false,
            percentage: 25.0,
            groups: None,
        };
        assert!(plan(&rec(Some(0.0), &[10], Some(25)), disabled_25).is_err());
        // A run stopped by someone else's change: whatever the flag reads.
        let mut r = rec(Some(0.0), &[], Some(10));
        r.overridden = true;
        assert!(plan(&r, off()).is_err());
        // A record without `from` cannot tell where a run with nothing done began.
        assert!(plan(&rec(None, &[], Some(25)), Pos::at(10)).is_err());
        let mut r = rec(Some(0.0), &[10], None);
        r.until = 25;
        assert_eq!(plan(&r, Pos::at(10)), Ok((vec![25], true)));
    }

    #[test]
    fn a_record_swcache_would_not_write_is_refused() {
        assert_eq!(rec(Some(0.0), &[10], Some(25)).validate(), Ok(()));
        assert_eq!(rec(None, &[], None).validate(), Ok(()));
        type Edit = Box<dyn Fn(&mut RunState)>;
        let cases: Vec<(&str, Edit)> = vec![
            ("version", Box::new(|r| r.version = 2)),
            ("past 100", Box::new(|r| r.schedule = vec![10, 150])),
            (
                "past 100",
                Box::new(|r| {
                    r.schedule = vec![255];
                    r.until = 255;
                }),
            ),
            (
                "does not rise",
                Box::new(|r| r.schedule = vec![10, 50, 25, 100]),
            ),
            ("empty", Box::new(|r| r.schedule.clear())),
            ("until", Box::new(|r| r.until = 30)),
            ("not consecutive", Box::new(|r| r.done = vec![10, 50])),
            ("not a step", Box::new(|r| r.done = vec![30])),
            ("step after", Box::new(|r| r.current = Some(50))),
            ("step after", Box::new(|r| r.current = Some(10))),
            ("not a step", Box::new(|r| r.current = Some(30))),
            (
                "past until",
                Box::new(|r| {
                    r.until = 25;
                    r.done = vec![10, 25, 50];
                    r.current = None;
                }),
            ),
            ("not above", Box::new(|r| r.from = Some(25.0))),
            ("not a percentage", Box::new(|r| r.from = Some(150.0))),
        ];
        for (want, edit) in cases {
            let mut r = rec(Some(0.0), &[10], Some(25));
            edit(&mut r);
            let why = r.validate().expect_err(want);
            assert!(why.contains(want), "{want}: {why}");
        }
    }

    #[test]
    fn finished_runs() {
        assert!(RunStatus::Held.unfinished());
        assert!(RunStatus::RollingBack.unfinished());
        assert!(!RunStatus::Done.unfinished());
        assert!(!RunStatus::RolledBack.unfinished());
    }

    const MS: Duration = Duration::from_millis(1);

    fn cfg() -> Config {
        Config {
            bake: 200 * MS,
            min_bake: Duration::from_secs(7 * 24 * 3600),
            analysis: AnalysisSettings {
                interval: 100 * MS,
                count: 3,
                failure_limit: 0,
                inconclusive_limit: 0,
            },
        }
    }

    fn ok() -> Vec<Check> {
        vec![Check::note("cache hit rate", Severity::Ok, "")]
    }

    fn gate_read(flag: Pos, since_s: u64) -> Event {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        Event::GateRead {
            checks: ok(),
            flag: Ok(flag),
            since: Ok((
                now - Duration::from_secs(since_s),
                crate::policy::gate::BakeSource::App,
            )),
            now,
        }
    }

    fn measured(flag: Pos, verdict: Judgement, ms: u64) -> Event {
        Event::Measured {
            verdict,
            decided_by: None,
            flag: Ok(flag),
            elapsed: Duration::from_millis(ms),
        }
    }

    /// Bakes `at` to a pass: three measurements 100 ms apart.
    fn bake_passes(m: &mut Run, at: u8) -> Step {
        assert_eq!(
            m.next(measured(Pos::at(at), Judgement::Pass, 0)),
            Step::Wait { until: 100 * MS }
        );
        assert_eq!(m.next(Event::Waited { elapsed: 100 * MS }), Step::Measure);
        assert_eq!(
            m.next(measured(Pos::at(at), Judgement::Pass, 100)),
            Step::Wait { until: 200 * MS }
        );
        assert_eq!(m.next(Event::Waited { elapsed: 200 * MS }), Step::Measure);
        let end = m.next(measured(Pos::at(at), Judgement::Pass, 200));
        assert!(
            matches!(end, Step::EndBake(BakeEnd { at: a, outcome: Analysis::Passed, .. }) if a == at),
            "{end:?}"
        );
        m.next(Event::Recorded)
    }

    #[test]
    fn a_run_raises_through_its_steps_and_its_own_bake_satisfies_the_gate() {
        let week = 7 * 24 * 3600;
        let mut m = Run::new(fresh_plan(&[10, 25], 25, Pos::at(0)), cfg());
        assert_eq!(m.start(), Step::Begin(10));
        assert_eq!(m.next(Event::Recorded), Step::ReadGate);
        // Nobody exposed: nothing to bake.
        assert_eq!(
            m.next(gate_read(Pos::at(0), 0)),
            Step::Write {
                to: 10,
                enable: false
            }
        );
        let acted = Event::Acted {
            outcome: Outcome::Done,
            detail: String::new(),
        };
        assert_eq!(m.next(acted.clone()), Step::StartBake(10));
        assert_eq!(bake_passes(&mut m, 10), Step::Begin(25));
        assert_eq!(m.next(Event::Recorded), Step::ReadGate);
        // Its updatedAt says a second ago; this run baked 10 itself: the gate is open.
        assert_eq!(
            m.next(gate_read(Pos::at(10), 1)),
            Step::Write {
                to: 25,
                enable: false
            }
        );
        assert_eq!(m.next(acted), Step::StartBake(25));
        assert_eq!(bake_passes(&mut m, 25), Step::Finish(End::Done));

        // A step someone set a minute ago holds the run, as it holds `advance`.
        let mut m = Run::new(fresh_plan(&[10, 25, 50], 50, Pos::at(10)), cfg());
        assert_eq!(m.start(), Step::Begin(25));
        m.next(Event::Recorded);
        match m.next(gate_read(Pos::at(10), 60)) {
            Step::Finish(End::Stop {
                status: RunStatus::Held,
                why,
                gate: Some((g, Some(b))),
            }) => {
                assert!(!g.open && !b.ok, "{g:?} {b:?}");
                assert!(why.contains("not baked yet"), "{why}");
            }
            s => panic!("{s:?}"),
        }
        // Baked a week: it raises.
        let mut m = Run::new(fresh_plan(&[10, 25, 50], 50, Pos::at(10)), cfg());
        m.start();
        m.next(Event::Recorded);
        assert_eq!(
            m.next(gate_read(Pos::at(10), week)),
            Step::Write {
                to: 25,
                enable: false
            }
        );
        // A figure not OK holds it too.
        let mut m = Run::new(fresh_plan(&[10, 25, 50], 50, Pos::at(0)), cfg());
        m.start();
        m.next(Event::Recorded);
        let mut read = gate_read(Pos::at(0), week);
        if let Event::GateRead { checks, .. } = &mut read {
            checks.push(Check::note("sync backlog", Severity::Warning, ""));
        }
        assert!(matches!(
            m.next(read),
            Step::Finish(End::Stop {
                status: RunStatus::Held,
                ..
            })
        ));
    }

    /// Before the question: nothing past the flag, a landed first step (no gate), a first
    /// raise on a step set a minute ago (held, saying why), and a raise on a step long baked.
    #[test]
    fn how_a_run_opens() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let since = |s: u64| {
            move || -> LastChange {
                Ok((
                    now - Duration::from_secs(s),
                    crate::policy::gate::BakeSource::App,
                ))
            }
        };
        let never = || -> LastChange { panic!("the gate is not asked here") };
        let opening = |plan: Plan, since: &dyn Fn() -> LastChange| {
            Run::new(plan, cfg()).opening(&ok(), since, now)
        };
        let nothing = fresh_plan(&[10, 25], 25, Pos::at(25));
        assert_eq!(opening(nothing, &never), Opening::NothingToDo);
        let mut rec = rec(Some(0.0), &[10], Some(25));
        rec.until = 25;
        let landed = resume_plan(&rec, Pos::at(25)).unwrap();
        assert_eq!(opening(landed, &never), Opening::Go);
        let fresh = || fresh_plan(&[10, 25], 25, Pos::at(10));
        match opening(fresh(), &since(60)) {
            Opening::Held { gate, bake, why } => {
                assert!(!gate.open && !bake.ok, "{gate:?} {bake:?}");
                assert!(
                    why.starts_with("gate held before the first step (25 %)"),
                    "{why}"
                );
                assert!(why.ends_with("nothing was written"), "{why}");
            }
            o => panic!("{o:?}"),
        }
        assert_eq!(opening(fresh(), &since(8 * 24 * 3600)), Opening::Go);
    }

    #[test]
    fn how_a_run_ended_is_recorded() {
        let stop = |status| End::Stop {
            status,
            why: String::new(),
            gate: None,
        };
        assert_eq!(End::Done.outcome(), (RunStatus::Done, RunOutcome::Done));
        assert_eq!(
            stop(RunStatus::Held).outcome(),
            (RunStatus::Held, RunOutcome::Held)
        );
        assert_eq!(
            stop(RunStatus::Stopped).outcome(),
            (RunStatus::Stopped, RunOutcome::Stopped)
        );
        assert_eq!(
            End::Foreign(String::new()).outcome(),
            (RunStatus::Stopped, RunOutcome::Stopped)
        );
        assert_eq!(
            End::Failed { at: 25 }.outcome(),
            (RunStatus::RollingBack, RunOutcome::RolledBack)
        );
        assert_eq!(
            serde_json::to_value(RunOutcome::RolledBack).unwrap(),
            "rolled-back"
        );
        assert_eq!(serde_json::to_value(RunOutcome::DryRun).unwrap(), "dry-run");
    }

    #[test]
    fn a_foreign_change_stops_the_run_at_once() {
        // Before a write.
        let mut m = Run::new(fresh_plan(&[10, 25, 50], 50, Pos::at(0)), cfg());
        m.start();
        m.next(Event::Recorded);
        assert!(matches!(
            m.next(gate_read(off(), 0)),
            Step::Finish(End::Foreign(_))
        ));
        // During a bake, whatever the limits: not "inconclusive".
        let mut c = cfg();
        c.analysis.inconclusive_limit = 5;
        let mut m = Run::new(fresh_plan(&[10, 25, 50], 50, Pos::at(0)), c);
        m.start();
        m.next(Event::Recorded);
        m.next(gate_read(Pos::at(0), 0));
        m.next(Event::Acted {
            outcome: Outcome::Done,
            detail: String::new(),
        });
        let s = m.next(measured(off(), Judgement::Pass, 0));
        assert!(
            matches!(
                s,
                Step::EndBake(BakeEnd {
                    outcome: Analysis::Running,
                    ..
                })
            ),
            "{s:?}"
        );
        match m.next(Event::Recorded) {
            Step::Finish(End::Foreign(why)) => {
                assert!(
                    why.contains("disabled at 0 %") && why.contains("someone else"),
                    "{why}"
                )
            }
            s => panic!("{s:?}"),
        }
    }

    #[test]
    fn someone_elses_change_of_the_user_groups_alone_stops_the_run() {
        let read = |at: u8, groups: &[&str]| Pos {
            groups: Some(Pos::groups_of(
                &groups.iter().map(|g| g.to_string()).collect::<Vec<_>>(),
            )),
            ..Pos::at(at)
        };
        let ours = ["beta-testers"];
        let mut m = Run::new(fresh_plan(&[10, 25, 50], 50, read(0, &ours)), cfg());
        m.start();
        m.next(Event::Recorded);
        m.next(gate_read(read(0, &ours), 0));
        m.next(Event::Acted {
            outcome: Outcome::Done,
            detail: String::new(),
        });
        // The run's own write kept the groups: its bake goes on.
        assert!(
            matches!(
                m.next(measured(read(10, &ours), Judgement::Pass, 0)),
                Step::Measure | Step::Wait { .. }
            ),
            "a reading as the run left the flag is not foreign"
        );
        // The same percentage, other groups: someone else's change, and nothing more is written.
        m.next(measured(read(10, &["someone-else"]), Judgement::Pass, 50));
        match m.next(Event::Recorded) {
            Step::Finish(End::Foreign(why)) => {
                assert!(why.contains("user groups changed"), "{why}")
            }
            s => panic!("{s:?}"),
        }
    }

    #[test]
    fn a_landed_step_is_baked_again_not_sent_again() {
        let r = rec(Some(10.0), &[], Some(25));
        let mut m = Run::new(resume_plan(&r, Pos::at(25)).unwrap(), cfg());
        assert_eq!(m.start(), Step::Begin(25));
        m.next(Event::Recorded);
        // Even a gate that would hold: no raise, the bake is the judge.
        assert_eq!(m.next(gate_read(Pos::at(25), 1)), Step::StartBake(25));
        assert_eq!(bake_passes(&mut m, 25), Step::Begin(50));
        m.next(Event::Recorded);
        assert_eq!(
            m.next(gate_read(Pos::at(25), 1)),
            Step::Write {
                to: 50,
                enable: false
            }
        );
    }

    #[test]
    fn signals_failures_and_inconclusive_stop_where_they_are() {
        let started = |m: &mut Run| {
            m.start();
            m.next(Event::Recorded);
            m.next(gate_read(Pos::at(0), 0));
            m.next(Event::Acted {
                outcome: Outcome::Done,
                detail: String::new(),
            })
        };
        let fresh = || Run::new(fresh_plan(&[10, 25], 25, Pos::at(0)), cfg());
        // Before a step.
        let mut m = fresh();
        m.start();
        assert!(matches!(
            m.next(Event::Interrupted("SIGTERM")),
            Step::Finish(End::Stop {
                status: RunStatus::Stopped,
                ..
            })
        ));
        // A failed write.
        let mut m = fresh();
        m.start();
        m.next(Event::Recorded);
        m.next(gate_read(Pos::at(0), 0));
        assert!(matches!(
            m.next(Event::Acted {
                outcome: Outcome::Failed,
                detail: "502".into()
            }),
            Step::Finish(End::Stop {
                status: RunStatus::Stopped,
                ..
            })
        ));
        // Mid-bake, even after an early pass: the step is not done.
        let mut m = fresh();
        started(&mut m);
        m.next(measured(Pos::at(10), Judgement::Pass, 0));
        let s = m.next(Event::Interrupted("SIGTERM"));
        assert!(
            matches!(
                s,
                Step::EndBake(BakeEnd {
                    outcome: Analysis::Running,
                    interrupted: Some("SIGTERM"),
                    ..
                })
            ),
            "{s:?}"
        );
        assert!(matches!(
            m.next(Event::Recorded),
            Step::Finish(End::Stop {
                status: RunStatus::Stopped,
                ..
            })
        ));
        // Failed analysis: the rollback, even when its record fails.
        let mut m = fresh();
        started(&mut m);
        m.next(measured(Pos::at(10), Judgement::Fail, 0));
        assert_eq!(
            m.next(Event::RecordFailed("disk full".into())),
            Step::Finish(End::Failed { at: 10 })
        );
        // Inconclusive: held.
        let mut m = fresh();
        started(&mut m);
        m.next(Event::Measured {
            verdict: Judgement::Inconclusive,
            decided_by: Some("error rate UNKNOWN".into()),
            flag: Err("502".into()),
            elapsed: Duration::ZERO,
        });
        match m.next(Event::Recorded) {
            Step::Finish(End::Stop {
                status: RunStatus::Held,
                why,
                ..
            }) => {
                assert!(
                    why.contains("INCONCLUSIVE") && why.contains("UNKNOWN"),
                    "{why}"
                )
            }
            s => panic!("{s:?}"),
        }
        // An answer to a step not given stops the run.
        let mut m = fresh();
        m.start();
        assert!(matches!(
            m.next(Event::Waited {
                elapsed: Duration::ZERO
            }),
            Step::Finish(End::Stop { .. })
        ));
    }
}
