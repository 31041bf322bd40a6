//! `rollout run`: the whole schedule as one watched process. For each step: set the flag (read
//! back, audited), bake it while the gate's figures are analysed every interval, advance when
//! the analysis passes; inconclusive holds (nothing lowered or raised); failed takes the
//! configured rollback (`[rollout] on_failure`). Asked once for the whole run. Each step is
//! recorded in `<state dir>/rollout/run-<env>.json` before its write and after its bake, so a
//! stopped or killed run resumes (`--resume`) at the step it was in.

use std::time::{Duration, SystemTime};

use serde_json::{Value, json};
use tokio::sync::watch;
use tokio::time::Instant;

use crate::act::ReadBack;
use crate::api::Endpoint;
use crate::cli::{PlannedArgs, RolloutRunArgs};
use crate::commands::Ctx;
use crate::commands::analysis::{AnalysisRun, Measurement, progress_line};
use crate::commands::clock::{Clock, TokioClock};
use crate::commands::rollback::{emergency, planned, resume_command, state as planned_state};
use crate::commands::rollout::{add_flag, read_gate, refuse_while_rolling_back};
use crate::exit::{CliError, Severity};
use crate::output::render::number;
use crate::output::{Outcome, Report, Section};
use crate::policy::analysis::{AnalysisOutcome as Analysis, AnalysisSettings, judge};
use crate::policy::check::Check;
use crate::policy::exposure::Exposure;
use crate::policy::gate::{LastChange, gate, last_change};
use crate::policy::plan::PlannedWrite;
use crate::policy::rollout::{FlagState, flag_body, percentage_json};
use crate::policy::rollout_run::{
    BakeEnd, Config, End, Event, Plan, Pos, RUN_STATE_VERSION, ResumeBake, ResumeFlags, Run,
    RunSettings, RunState, RunStatus, Step, fresh_plan, resume_plan, resume_settings,
};
use crate::settings::OnFailure;
use crate::signals::signalled;
use crate::state::{Doc, Kind, Store};

/// The environment's run record (see `crate::state`).
pub(crate) fn state_doc(store: &Store, env: &str) -> Doc {
    store.doc(Kind::RolloutRun, env)
}

/// The analysis of one step's bake: `[analysis]` when configured, else a reading every minute
/// (or every bake, when shorter) with no failure or inconclusive tolerated; either way spread
/// over the whole bake.
pub(crate) fn step_analysis(
    configured: Option<AnalysisSettings>,
    bake: Duration,
) -> AnalysisSettings {
    let base = configured.unwrap_or(AnalysisSettings {
        interval: bake.min(Duration::from_secs(60)),
        count: 1,
        failure_limit: 0,
        inconclusive_limit: 0,
    });
    base.over(bake)
}

/// The bake and analysis of this run: a fresh run's from its flags and settings; a resumed
/// run's as recorded (see [`resume_settings`]), or the `--bake` given, said for confirmation.
fn run_settings(
    ctx: &Ctx,
    args: &RolloutRunArgs,
    resumed: Option<&RunState>,
) -> Result<(Duration, AnalysisSettings, Option<String>), CliError> {
    let configured = ctx.settings.analysis;
    // A run that was rolling back only finishes its rollback: it bakes nothing.
    let Some(rec) = resumed.filter(|r| r.status != RunStatus::RollingBack) else {
        let bake = args.bake.unwrap_or(ctx.settings.rollout.min_bake);
        return Ok((bake, step_analysis(configured, bake), None));
    };
    let given = ResumeFlags {
        schedule: args.schedule.steps.clone(),
        until: args.until,
        on_failure: args.on_failure,
        bake: args.bake,
    };
    match resume_settings(rec, &given)
        .map_err(|why| CliError::usage(format!("--resume: {why}; nothing was sent")))?
    {
        ResumeBake::Recorded(r) => Ok((r.bake(), r.analysis, None)),
        ResumeBake::Given { bake, change } => {
            if let Some(c) = &change {
                ctx.printer.warn(format!("--resume: {c}"));
            }
            Ok((bake, step_analysis(configured, bake), change))
        }
    }
}

pub(crate) async fn run(ctx: &Ctx, args: &RolloutRunArgs) -> anyhow::Result<Report> {
    run_with(ctx, args, &TokioClock).await
}

/// [`run`] with the clock the bakes wait on (tests pass a virtual one).
pub(crate) async fn run_with(
    ctx: &Ctx,
    args: &RolloutRunArgs,
    clock: &impl Clock,
) -> anyhow::Result<Report> {
    let steps = args.schedule.checked()?;
    ctx.require_token("rollout run")?;
    let settings = &ctx.settings;
    let env = settings.env_label();
    let path = state_doc(&ctx.store, &env);
    let recorded = load(&path)?;
    let base_url = ctx.client.base_url().to_string();

    let resumed = if args.resume {
        let rec = recorded.filter(|r| r.status.unfinished()).ok_or_else(|| {
            CliError::usage(format!(
                "--resume: no unfinished rollout run is recorded for environment {env} ({}); \
                 nothing to resume",
                path
            ))
        })?;
        ctx.same_app_as("run", &rec.base_url)?;
        Some(rec)
    } else {
        if let Some(rec) = recorded.filter(|r| r.status.unfinished())
            && !settings.dry_run
        {
            return Err(CliError::stopped(format!(
                "a rollout run of {env} is unfinished ({}, steps done: {}; recorded in {}): \
                 continue it with --resume, or remove that file to start afresh; nothing was sent",
                status_word(rec.status),
                steps_text(&rec.done),
                path
            ))
            .into());
        }
        refuse_while_rolling_back(ctx, "`rollout run`")?;
        None
    };
    let (bake, analysis, bake_change) = run_settings(ctx, args, resumed.as_ref())?;
    let (schedule, until, on_failure) = match &resumed {
        Some(r) => (r.schedule.clone(), r.until, r.on_failure),
        None => (
            steps.clone(),
            args.until.unwrap_or(*steps.last().unwrap_or(&100)),
            args.on_failure.unwrap_or(settings.rollout.on_failure),
        ),
    };
    if !schedule.contains(&until) {
        return Err(CliError::usage(format!(
            "--until {until} is not a step of the schedule ({})",
            steps_text(&schedule)
        ))
        .into());
    }

    let mut report = ctx.report("rollout run");
    report.set_data("state_file", path.to_string());
    if resumed.is_some() {
        report.set_data("resumed", true);
    }
    let resume_hint = if settings.sandbox {
        "start again (a --sandbox run's app and progress end with it; nothing to resume)".into()
    } else {
        run_resume_command()
    };
    let mut plan = json!({
        "schedule": schedule,
        "until": until,
        "bake_ms": bake.as_millis() as u64,
        "analysis": analysis,
        "on_failure": on_failure,
    });

    // A run that was rolling back: finish the rollback.
    if let Some(rec) = resumed
        .clone()
        .filter(|r| r.status == RunStatus::RollingBack)
    {
        let mut rec = rec;
        set_outcome(&mut report, &mut plan, "rolled-back", Vec::new());
        roll_back(ctx, &mut report, &mut rec, &path, true).await?;
        return Ok(report);
    }

    let flag = read_gate(ctx, &mut report).await;
    add_flag(ctx, &mut report, &flag, ", before the run");
    let current = match flag {
        Ok(f) => f,
        Err(_) => {
            let g = gate(&report.checks, None);
            report.set_data("gate", &g);
            set_outcome(&mut report, &mut plan, "held", Vec::new());
            report.stopped = Some(format!(
                "the flag could not be read ({}); nothing was written",
                g.failing.join("; ")
            ));
            return Ok(report);
        }
    };
    let cfg = Config {
        bake,
        min_bake: settings.rollout.min_bake,
        analysis,
    };
    let pos = Pos {
        enabled: current.enabled,
        percentage: current.percentage,
    };
    let run_plan: Plan = match &resumed {
        Some(rec) => match resume_plan(rec, pos) {
            Ok(p) => p,
            Err(why) => {
                report.stopped = Some(format!("--resume: {why}; nothing was sent"));
                set_outcome(&mut report, &mut plan, "stopped", Vec::new());
                return Ok(report);
            }
        },
        None => fresh_plan(&schedule, until, pos),
    };
    let steps = run_plan.steps.clone();
    let mut machine = Run::new(run_plan, cfg);
    let timeline = timeline_lines(ctx, &steps, bake, &analysis, on_failure);
    report.sections.push(Section {
        title: "Timeline".into(),
        header: vec!["Step".into(), "Bake".into(), "Analysis".into()],
        rows: steps
            .iter()
            .map(|st| vec![format!("{st} %"), duration(bake), analysis.describe()])
            .collect(),
    });
    if steps.is_empty() {
        report.notes.push(format!(
            "the flag reads {} %, at or past the run's last step ({until} %): nothing to do",
            number(current.exposure())
        ));
        set_outcome(&mut report, &mut plan, "done", Vec::new());
        return Ok(report);
    }
    report.notes.push(format!(
        "on failure past the limit: the {} rollback",
        on_failure.name()
    ));

    // Before the question: the gate the first raise needs (the machine asks it again right
    // before the write). A step whose write landed is baked again, not raised to.
    if Pos::at(steps[0]) != pos {
        let (g, bake) = machine.raise_gate(&report.checks, since(ctx, &current), SystemTime::now());
        if !g.open {
            report.set_data("gate", &g);
            report.set_data("bake", &bake);
            let pre = judge(&report.checks);
            report.stopped = Some(format!(
                "gate held before the first step ({} %): {}; nothing was written",
                steps[0],
                pre.decided_by
                    .filter(|_| pre.verdict != crate::policy::analysis::Judgement::Pass)
                    .unwrap_or_else(|| g.failing.join("; "))
            ));
            set_outcome(&mut report, &mut plan, "held", Vec::new());
            if let Some(mut rec) = resumed {
                rec.status = RunStatus::Held;
                rec.stopped = report.stopped.clone();
                save_or_warn(ctx, &mut report, &path, &mut rec);
            }
            return Ok(report);
        }
    }

    let actor = ctx.actor();
    if settings.dry_run {
        let mut enabled = current.enabled;
        for &st in steps.iter().filter(|&&st| Pos::at(st) != pos) {
            report
                .actions
                .push(actor.perform(step_write(ctx, st, !enabled)).await);
            enabled = true;
        }
        report.notes.push(format!(
            "dry run: {} step(s), each baked {} with {}; nothing was sent",
            steps.len(),
            duration(bake),
            analysis.describe()
        ));
        set_outcome(&mut report, &mut plan, "dry-run", Vec::new());
        return Ok(report);
    }
    let question = format!(
        "Run the rollout {} on {}{}?",
        steps
            .iter()
            .map(|settings| format!("{settings} %"))
            .collect::<Vec<_>>()
            .join(" → "),
        env,
        bake_change
            .as_ref()
            .map(|c| format!(", with {c}"))
            .unwrap_or_default()
    );
    if let Err(why) = actor.confirm_with(&timeline, &question) {
        report.stopped = Some(why);
        set_outcome(&mut report, &mut plan, "stopped", Vec::new());
        return Ok(report);
    }

    let now = || humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let mut rec = resumed.unwrap_or_else(|| RunState {
        version: RUN_STATE_VERSION,
        environment: env.clone(),
        base_url: base_url.clone(),
        started: now(),
        updated: now(),
        schedule: schedule.clone(),
        until,
        on_failure,
        done: Vec::new(),
        current: None,
        status: RunStatus::Running,
        stopped: None,
        from: Some(current.exposure()),
        overridden: false,
        settings: None,
    });
    // What a resume bakes with (a changed --bake was confirmed above).
    rec.settings = Some(RunSettings {
        bake_ms: bake.as_millis() as u64,
        analysis,
    });
    rec.status = RunStatus::Running;
    rec.stopped = None;
    // From here the run's verdict is its analyses': the snapshot before it was the preflight
    // (a resumed step is judged again over its bake), not a figure of the run's end.
    report.checks.clear();
    // A signal stops the run at its next safe point (the bake, or before a write).
    let _hold = ctx.cancel.hold(format!("to continue: {resume_hint}"));
    let mut stop = ctx.cancel.subscribe();
    let mut ex = Executor {
        ctx,
        clock,
        path: &path,
        analysis,
        bake,
        wrote: false,
        rec: &mut rec,
        report: &mut report,
        done_steps: Vec::new(),
        measurements: Vec::new(),
        bake_started: clock.now(),
        gate_flag: None,
        pause: crate::commands::rollout_pause::doc(&ctx.store, &env),
    };
    let end = ex.execute(&mut machine, &mut stop).await;
    let done_steps = std::mem::take(&mut ex.done_steps);
    match end {
        End::Done => {
            rec.status = RunStatus::Done;
            rec.current = None;
            save_or_warn(ctx, &mut report, &path, &mut rec);
            report.checks.push(Check::note(
                "analysis",
                Severity::Ok,
                format!("every step passed: {}", steps_text(&rec.done)),
            ));
            report.notes.push(format!(
                "rollout done at {} %{}",
                steps.last().copied().unwrap_or(until),
                if until < *schedule.last().unwrap_or(&100) {
                    format!(" (--until {until})")
                } else {
                    String::new()
                }
            ));
            set_outcome(&mut report, &mut plan, "done", done_steps);
        }
        End::Stop { status, why, gate } => {
            if let Some((g, bake)) = gate {
                report.set_data("gate", &g);
                if let Some(b) = bake {
                    report.set_data("bake", &b);
                }
            }
            let word = if status == RunStatus::Held {
                "held"
            } else {
                "stopped"
            };
            let why = format!("{why}; to continue: {resume_hint}");
            stop_run(ctx, &mut report, &mut rec, &path, status, why);
            set_outcome(&mut report, &mut plan, word, done_steps);
        }
        End::Foreign(why) => {
            ctx.printer.warn(&why);
            rec.overridden = true;
            stop_run(ctx, &mut report, &mut rec, &path, RunStatus::Stopped, why);
            set_outcome(&mut report, &mut plan, "stopped", done_steps);
        }
        End::Failed { at } => {
            report.notes.push(format!(
                "at {at} %: analysis failed; taking the {} rollback",
                on_failure.name()
            ));
            report.set_data("failed_at", at);
            set_outcome(&mut report, &mut plan, "rolled-back", done_steps);
            rec.status = RunStatus::RollingBack;
            rec.stopped = Some(format!("analysis failed at {at} %"));
            save_or_warn(ctx, &mut report, &path, &mut rec);
            // Said before it runs: a rollback started is news while it lasts.
            report.set_data(
                "rollback",
                json!({ "path": rec.on_failure, "finished": false }),
            );
            ctx.live.catch_up(&report, &ctx.printer).await;
            roll_back(ctx, &mut report, &mut rec, &path, false).await?;
        }
    }
    Ok(report)
}

/// When the flag last changed: the later of its `updatedAt` and the audit log's last flag
/// write to this app.
fn since(ctx: &Ctx, flag: &FlagState) -> LastChange {
    let audit = ctx
        .audit
        .last_done(&ctx.client.url(Endpoint::SetFeatureFlags));
    last_change(flag.updated_at.as_deref(), audit)
}

fn pos_of(flag: &Result<FlagState, String>) -> Result<Pos, String> {
    flag.as_ref()
        .map(|f| Pos {
            enabled: f.enabled,
            percentage: f.percentage,
        })
        .map_err(Clone::clone)
}

/// Does what `policy::rollout_run` says, one step at a time, and answers with what happened.
/// All I/O of the run's steps is here; all waiting is through the injected clock.
struct Executor<'a, C: Clock> {
    ctx: &'a Ctx,
    clock: &'a C,
    path: &'a Doc,
    analysis: AnalysisSettings,
    bake: Duration,
    /// This step's write was sent (else the flag stood there already: baked again).
    wrote: bool,
    rec: &'a mut RunState,
    report: &'a mut Report,
    /// Each bake, for the report's `run.steps`.
    done_steps: Vec<Value>,
    /// The current bake's measurements.
    measurements: Vec<Measurement>,
    bake_started: Instant,
    /// The flag as the last gate read found it: where the next write expects it.
    gate_flag: Option<FlagState>,
    /// `rollout pause`'s record for this environment, read at each safe point.
    pause: Doc,
}

/// How often a paused run looks whether `rollout continue` came.
const PAUSE_POLL: Duration = Duration::from_secs(1);

impl<C: Clock> Executor<'_, C> {
    async fn execute(
        &mut self,
        machine: &mut Run,
        stop: &mut watch::Receiver<Option<&'static str>>,
    ) -> End {
        let mut step = machine.start();
        loop {
            let event = match step {
                Step::Finish(end) => return end,
                Step::Begin(st) => match self.hold_while_paused(stop).await {
                    Some(sig) => Event::Interrupted(sig),
                    None => match *stop.borrow() {
                        Some(sig) => Event::Interrupted(sig),
                        None => self.begin(st),
                    },
                },
                Step::ReadGate => self.read_gate().await,
                Step::Write { to, enable } => {
                    // The flag as the gate read it, which the machine found where this run
                    // left it: `act` refuses the write if it reads otherwise when sent.
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
                Step::StartBake(at) => {
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
                Step::Measure => {
                    let at = self.rec.current.unwrap_or_default();
                    self.measure(at, stop).await
                }
                Step::Wait { until } => match self.hold_while_paused(stop).await {
                    Some(sig) => Event::Interrupted(sig),
                    None => {
                        let elapsed = self.elapsed();
                        tokio::select! {
                            () = self.clock.sleep(until.saturating_sub(elapsed)) => Event::Waited {
                                elapsed: self.elapsed(),
                            },
                            sig = signalled(stop) => Event::Interrupted(sig),
                        }
                    }
                },
                Step::EndBake(end) => self.end_bake(end),
            };
            step = machine.next(event);
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
        match crate::commands::rollout_pause::paused(&self.pause) {
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
        self.done_steps
            .push(json!({ "step": end.at, "analysis": &result }));
        if end.outcome != Analysis::Passed {
            self.report.checks.push(result.check("analysis"));
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
fn step_write(ctx: &Ctx, step: u8, enable: bool) -> PlannedWrite {
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

/// The configured rollback, confirmed already with the run (its plan was in the timeline).
/// Its checks, actions and notes join the run's report.
pub(crate) async fn roll_back(
    ctx: &Ctx,
    report: &mut Report,
    rec: &mut RunState,
    path: &Doc,
    resuming: bool,
) -> anyhow::Result<()> {
    let mut settings = ctx.settings.clone();
    settings.yes = true;
    let rb_ctx = Ctx {
        settings,
        store: ctx.store.clone(),
        client: ctx.client.clone(),
        printer: ctx.printer.clone(),
        audit: ctx.audit.clone(),
        cancel: ctx.cancel.clone(),
        // The run's rollback only lowers, whatever the run may do.
        exposure: Exposure::LowerOnly,
        // The run's messages speak for its rollback (its steps join the run's report).
        live: crate::notify::Live::off(),
    };
    let rb = match rec.on_failure {
        OnFailure::Planned => {
            let pending =
                planned_state::load(&planned_state::doc(&ctx.store, &ctx.settings.env_label()))?
                    .is_some_and(|r| r.unfinished());
            planned::run(
                &rb_ctx,
                &PlannedArgs {
                    abandon: false,
                    steps: None,
                    step_wait: None,
                    poll_interval: None,
                    resume: resuming && pending,
                },
            )
            .await?
        }
        OnFailure::Emergency => emergency::run(&rb_ctx).await?,
    };
    let rb = rb.finish();
    let finished = rb.stopped.is_none() && !rb.actions.iter().any(|a| a.outcome == Outcome::Failed);
    report.set_data(
        "rollback",
        json!({
            "path": rec.on_failure,
            "exit_code": rb.exit_code,
            "finished": finished,
            "stopped": rb.stopped,
            "state": rb.data.get("state"),
        }),
    );
    // The run's failed analysis called for the rollback, and so did what the rollback read
    // before acting.
    report.handling();
    report.handled.extend(rb.handled);
    report.checks.extend(rb.checks);
    report.actions.extend(rb.actions);
    report.sections.extend(rb.sections);
    report
        .notes
        .extend(rb.notes.into_iter().map(|n| format!("rollback: {n}")));
    if let Some(why) = rb.stopped {
        report.stopped = Some(format!(
            "the {} rollback stopped: {why}",
            rec.on_failure.name()
        ));
    }
    if finished {
        rec.status = RunStatus::RolledBack;
        rec.current = None;
    }
    save_or_warn(ctx, report, path, rec);
    if resuming {
        // The analysis that failed was recorded by the run that started the rollback.
        report.checks.push(Check::note(
            "analysis",
            Severity::Critical,
            rec.stopped
                .clone()
                .unwrap_or_else(|| "analysis failed".into()),
        ));
    }
    Ok(())
}

fn stop_run(
    ctx: &Ctx,
    report: &mut Report,
    rec: &mut RunState,
    path: &Doc,
    status: RunStatus,
    why: String,
) {
    rec.status = status;
    rec.stopped = Some(why.clone());
    save_or_warn(ctx, report, path, rec);
    report.stopped = Some(why);
}

/// The run's summary in the report's data (`run`): the plan, how it ended, each step.
fn set_outcome(report: &mut Report, plan: &mut Value, outcome: &str, steps: Vec<Value>) {
    plan["outcome"] = json!(outcome);
    plan["steps"] = json!(steps);
    report.set_data("run", &*plan);
}

/// The plan shown before the one confirmation (and in the report).
fn timeline_lines(
    ctx: &Ctx,
    steps: &[u8],
    bake: Duration,
    a: &AnalysisSettings,
    on_failure: OnFailure,
) -> Vec<String> {
    let mut lines = vec![format!(
        "Rollout of {} on {} ({}):",
        ctx.settings.rollout.flag,
        ctx.settings.env_label(),
        ctx.client.base_url()
    )];
    for st in steps {
        lines.push(format!(
            "  set {st} % ({}), bake {} with {}",
            ctx.client.label(Endpoint::SetFeatureFlags),
            duration(bake),
            a.describe()
        ));
    }
    lines.push(format!(
        "  analysis failed past its limit: the {} rollback, without asking again; \
         inconclusive: hold where it stands",
        on_failure.name()
    ));
    lines
}

fn duration(d: Duration) -> String {
    crate::numbers::duration(d).to_string()
}

pub(crate) fn steps_text(steps: &[u8]) -> String {
    if steps.is_empty() {
        return "none".into();
    }
    steps
        .iter()
        .map(|s| format!("{s} %"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn status_word(s: RunStatus) -> &'static str {
    match s {
        RunStatus::Running => "running or killed",
        RunStatus::Held => "held",
        RunStatus::Stopped => "stopped",
        RunStatus::RollingBack => "rolling back",
        RunStatus::Done => "done",
        RunStatus::RolledBack => "rolled back",
        RunStatus::Aborted => "aborted",
    }
}

/// The command line to continue: as typed, without what a resume takes from the record.
fn run_resume_command() -> String {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    resume_command(&strip_plan_args(&args))
}

fn strip_plan_args(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
            continue;
        }
        match a.as_str() {
            "--until" | "--on-failure" | "--schedule" | "--bake" => skip = true,
            s if s.starts_with("--until=")
                || s.starts_with("--on-failure=")
                || s.starts_with("--schedule=")
                || s.starts_with("--bake=") => {}
            _ => out.push(a.clone()),
        }
    }
    out
}

pub(crate) fn save_or_warn(ctx: &Ctx, report: &mut Report, path: &Doc, rec: &mut RunState) {
    rec.updated = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    if let Err(e) = save(path, rec) {
        let why = format!(
            "cannot record the run's progress in {}: {e} (a resume would not know where it stood)",
            path
        );
        ctx.printer.warn(&why);
        report
            .checks
            .push(Check::note("state file", Severity::Warning, why));
    }
}

/// The recorded run, if any; a file that cannot be read, parsed or trusted is an error (exit
/// 78 naming it), not "no run". Nothing a resume sends may come from a record swcache would
/// not have written.
pub(crate) fn load(doc: &Doc) -> Result<Option<RunState>, CliError> {
    doc.load(
        "rollout run's state file",
        RUN_STATE_VERSION,
        RunState::validate,
    )
}

/// Whole replace (a file readable by its owner only, or its row).
fn save(doc: &Doc, state: &RunState) -> std::io::Result<()> {
    doc.save(state)
}

impl crate::driver::Runbook for RolloutRunArgs {
    fn name(&self) -> &'static str {
        "rollout run"
    }
    fn reports_outcome(&self) -> bool {
        true
    }
    fn exposure(&self) -> Exposure {
        Exposure::Run
    }
    async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
        run(ctx, self).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_drops_what_the_record_holds() {
        let args: Vec<String> = [
            "--env",
            "prod",
            "rollout",
            "run",
            "--until",
            "50",
            "--bake=1h",
            "-y",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            resume_command(&strip_plan_args(&args)),
            "swcache --env prod rollout run -y --resume",
            "the record holds the bake too"
        );
    }

    #[test]
    fn a_step_is_analysed_for_its_whole_bake() {
        let a = step_analysis(None, Duration::from_secs(600));
        assert_eq!(a.interval, Duration::from_secs(60));
        assert_eq!(a.count, 11);
        assert_eq!((a.failure_limit, a.inconclusive_limit), (0, 0));
        let a = step_analysis(None, Duration::ZERO);
        assert_eq!(a.count, 1, "no bake: one snapshot");
        let configured = AnalysisSettings {
            interval: Duration::from_secs(30),
            count: 3,
            failure_limit: 1,
            inconclusive_limit: 2,
        };
        let a = step_analysis(Some(configured), Duration::from_secs(60));
        assert_eq!((a.count, a.failure_limit), (3, 1));
    }
}
