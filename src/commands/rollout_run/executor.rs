//! The I/O of a `rollout run`'s steps: does what `policy::rollout_run` says, one step at a
//! time, and answers with what happened. All waiting is through the injected clock.

use std::time::{Duration, SystemTime};

use serde_json::json;
use tokio::sync::watch;
use tokio::time::Instant;

use super::payload::StepBake;
use super::{duration, pos_of, save, since};
use crate::act::ReadBack;
use crate::commands::Ctx;
use crate::commands::analysis::{AnalysisRun, Measurement, progress_line};
use crate::commands::clock::Clock;
use crate::commands::rollout::read_gate;
use crate::output::Report;
use crate::policy::analysis::{AnalysisOutcome as Analysis, AnalysisSettings, judge};
use crate::policy::plan::PlannedWrite;
use crate::policy::rollout::{FlagState, flag_body, percentage_json};
use crate::policy::rollout_run::{BakeEnd, End, Event, Run, RunState, RunStatus, Step};
use crate::signals::signalled;
use crate::state::Doc;
use crate::vocab::Endpoint;

type Stop = watch::Receiver<Option<&'static str>>;

pub(super) struct Executor<'a, C: Clock> {
    pub ctx: &'a Ctx,
    pub clock: &'a C,
    pub path: &'a Doc,
    pub analysis: AnalysisSettings,
    pub bake: Duration,
    /// This step's write was sent (else the flag stood there already: baked again).
    pub wrote: bool,
    pub rec: &'a mut RunState,
    pub report: &'a mut Report,
    /// Each bake, for the report's `run.steps`.
    pub done_steps: Vec<StepBake>,
    /// The current bake's measurements.
    pub measurements: Vec<Measurement>,
    pub bake_started: Instant,
    /// The flag as the last gate read found it: where the next write expects it.
    pub gate_flag: Option<FlagState>,
    /// `rollout pause`'s record for this environment, read at each safe point.
    pub pause: Doc,
}

/// How often a paused run looks whether `rollout continue` came.
const PAUSE_POLL: Duration = Duration::from_secs(1);

impl<C: Clock> Executor<'_, C> {
    /// Runs the machine to its end: each [`Step`] done, its [`Event`] handed back.
    pub(super) async fn execute(&mut self, machine: &mut Run, stop: &mut Stop) -> End {
        let mut step = machine.start();
        loop {
            let event = match step {
                Step::Finish(end) => return end,
                Step::Begin(st) => self.begin_at_safe_point(st, stop).await,
                Step::ReadGate => self.read_gate().await,
                Step::Write { to, enable } => self.write(to, enable).await,
                Step::StartBake(at) => self.start_bake(at, stop).await,
                Step::Measure => {
                    let at = self.rec.current.unwrap_or_default();
                    self.measure(at, stop).await
                }
                Step::Wait { until } => self.wait(until, stop).await,
                Step::EndBake(end) => self.end_bake(end),
            };
            step = machine.next(event);
        }
    }

    /// A step begins at a safe point: after any pause, unless a signal came.
    async fn begin_at_safe_point(&mut self, st: u8, stop: &mut Stop) -> Event {
        if let Some(sig) = self.hold_while_paused(stop).await {
            return Event::Interrupted(sig);
        }
        let signal = *stop.borrow();
        match signal {
            Some(sig) => Event::Interrupted(sig),
            None => self.begin(st),
        }
    }

    async fn write(&mut self, to: u8, enable: bool) -> Event {
        // The flag as the gate read it, which the machine found where this run left it: `act`
        // refuses the write if it reads otherwise when sent.
        let mut actor = self.ctx.actor();
        if let Some(f) = &self.gate_flag {
            actor = actor.expecting(f);
        }
        let a = actor.perform(step_write(self.ctx, to, enable)).await;
        let event = Event::Acted {
            outcome: a.outcome,
            detail: a.detail.clone().unwrap_or_default(),
        };
        self.report.actions.push(a);
        self.wrote = true;
        // The channel hears of the step now, not when a week-long run ends.
        self.ctx.live.catch_up(self.report, &self.ctx.printer).await;
        event
    }

    async fn start_bake(&mut self, at: u8, stop: &mut Stop) -> Event {
        if !self.wrote {
            self.report
                .notes
                .push(format!("the flag already reads {at} %: baking it again"));
        }
        self.ctx.printer.info(format!(
            "at {at} %: baking {} with {}",
            duration(self.bake),
            self.analysis.describe()
        ));
        self.measurements.clear();
        self.bake_started = self.clock.now();
        self.measure(at, stop).await
    }

    /// A wait of the bake, after any pause (whose time the bake's clock does not count).
    async fn wait(&mut self, until: Duration, stop: &mut Stop) -> Event {
        if let Some(sig) = self.hold_while_paused(stop).await {
            return Event::Interrupted(sig);
        }
        let elapsed = self.elapsed();
        tokio::select! {
            () = self.clock.sleep(until.saturating_sub(elapsed)) => Event::Waited {
                elapsed: self.elapsed(),
            },
            sig = signalled(stop) => Event::Interrupted(sig),
        }
    }

    /// Holds while `rollout pause` is in force (set from any machine sharing the state): says
    /// so, then looks again every [`PAUSE_POLL`]. The bake's clock stops: the time held is
    /// added to its start. `Some(signal)` when a signal ends the run while it holds.
    async fn hold_while_paused(
        &mut self,
        stop: &mut watch::Receiver<Option<&'static str>>,
    ) -> Option<&'static str> {
        let why = self.pause_state()?;
        // The step in progress, else the last one done (between steps).
        let at = self
            .rec
            .current
            .or(self.rec.done.last().copied())
            .map(|c| format!("{c} %"))
            .unwrap_or_else(|| "its start".into());
        self.ctx.printer.warn(format!(
            "rollout run {why}: holding at {at} (the step stays, the bake clock stops); \
             `swcache rollout continue` lets it go on"
        ));
        let held = self.clock.now();
        loop {
            tokio::select! {
                () = self.clock.sleep(PAUSE_POLL) => {}
                sig = signalled(stop) => return Some(sig),
            }
            if self.pause_state().is_none() {
                break;
            }
        }
        let held_for = self.clock.now().saturating_duration_since(held);
        self.bake_started += held_for;
        self.ctx.printer.info(format!(
            "rollout run continues at {at} after a pause of {}",
            duration(held_for)
        ));
        self.report
            .notes
            .push(format!("{why}: held at {at} for {}", duration(held_for)));
        None
    }

    /// Whether a pause is in force, said; a record that cannot be read holds too (whether the
    /// run may go on cannot be told).
    fn pause_state(&self) -> Option<String> {
        match super::pause_record::paused(&self.pause) {
            Ok(None) => None,
            Ok(Some(p)) => Some(p.describe()),
            Err(e) => Some(format!(
                "cannot tell whether it is paused ({}), so it holds",
                e.message
            )),
        }
    }

    fn elapsed(&self) -> Duration {
        self.clock
            .now()
            .saturating_duration_since(self.bake_started)
    }

    /// Recorded as the current step before anything of it is sent: a run killed in it
    /// (`kill -9`) leaves this, and the resume knows where it stood.
    fn begin(&mut self, st: u8) -> Event {
        self.wrote = false;
        self.rec.current = Some(st);
        self.rec.status = RunStatus::Running;
        self.save()
    }

    fn save(&mut self) -> Event {
        self.rec.updated = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
        match save(self.path, self.rec) {
            Ok(()) => Event::Recorded,
            Err(e) => Event::RecordFailed(format!(
                "cannot record the run's progress in {}: {e}",
                self.path
            )),
        }
    }

    async fn read_gate(&mut self) -> Event {
        let mut scratch = self.ctx.report("rollout run");
        let flag = read_gate(self.ctx, &mut scratch).await;
        self.gate_flag = flag.as_ref().ok().cloned();
        let since = match &flag {
            Ok(f) => since(self.ctx, f),
            Err(why) => Err(why.clone()),
        };
        Event::GateRead {
            checks: scratch.checks,
            flag: pos_of(&flag),
            since,
            now: SystemTime::now(),
        }
    }

    /// One measurement of the bake: the gate's figures and the flag, read through the fetch
    /// layer (a signal cuts it short).
    async fn measure(&mut self, at: u8, stop: &mut watch::Receiver<Option<&'static str>>) -> Event {
        let ctx = self.ctx;
        let read = async {
            let mut scratch = ctx.report("rollout run");
            let flag = read_gate(ctx, &mut scratch).await;
            (scratch.checks, flag)
        };
        let (checks, flag) = tokio::select! {
            r = read => r,
            sig = signalled(stop) => return Event::Interrupted(sig),
        };
        let judged = judge(&checks);
        let elapsed = self.elapsed();
        let m = Measurement {
            n: self.measurements.len() as u32 + 1,
            at: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
            elapsed_ms: elapsed.as_millis() as u64,
            judged: judged.clone(),
        };
        self.ctx
            .printer
            .info(progress_line(&m, &self.analysis, &format!(" at {at} %")));
        self.measurements.push(m);
        Event::Measured {
            verdict: judged.verdict,
            decided_by: judged.decided_by,
            flag: pos_of(&flag),
            elapsed,
        }
    }

    /// The bake in the report; a step that passed is recorded as done at once.
    fn end_bake(&mut self, end: BakeEnd) -> Event {
        let result = AnalysisRun {
            settings: self.analysis,
            outcome: end.outcome,
            measurements: std::mem::take(&mut self.measurements),
            interrupted: end.interrupted,
        };
        self.report
            .sections
            .push(result.section(format!("Analysis at {} %", end.at)));
        if end.outcome != Analysis::Passed {
            self.report.checks.push(result.check("analysis"));
        }
        self.done_steps.push(StepBake {
            step: end.at,
            analysis: result,
        });
        if end.outcome != Analysis::Passed {
            return Event::Recorded;
        }
        self.ctx
            .printer
            .info(format!("at {} %: analysis passed", end.at));
        self.rec.done.push(end.at);
        self.rec.current = None;
        self.save()
    }
}

/// The write of one step: the percentage, and `enabled` when the flag is off. The one place
/// a run's flag write is built.
pub(super) fn step_write(ctx: &Ctx, step: u8, enable: bool) -> PlannedWrite {
    let name = &ctx.settings.rollout.flag;
    let body = if enable {
        json!({ "enabled": true, "percentage": percentage_json(f64::from(step)) })
    } else {
        json!({ "percentage": percentage_json(f64::from(step)) })
    };
    PlannedWrite {
        name: format!("rollout run: {name} to {step} %"),
        endpoint: Endpoint::SetFeatureFlags,
        body: Some(flag_body(name, body)),
        says: format!("set {name} to {step} %"),
        readback: ReadBack::Flag(json!({ "enabled": true, "percentage": step })),
    }
}
