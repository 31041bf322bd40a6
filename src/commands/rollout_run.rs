//! `rollout run`: the whole schedule as one watched process. For each step: set the flag (read
//! back, audited), bake it while the gate's figures are analysed every interval, advance when
//! the analysis passes; inconclusive holds (nothing lowered or raised); failed takes the
//! configured rollback (`[rollout] on_failure`). Asked once for the whole run. Each step is
//! recorded in `<state dir>/rollout/run-<env>.json` before its write and after its bake, so a
//! stopped or killed run resumes (`--resume`) at the step it was in.
//!
//! [`run_with`] drives the stages below in order; `policy::rollout_run` decides how the run
//! opens ([`Run::opening`]), each step ([`Run::next`], done by the executor) and how it ends.

mod executor;
pub(crate) mod pause_record;
mod payload;

use std::time::{Duration, SystemTime};

use crate::cli::{PlannedArgs, RolloutRunArgs};
use crate::commands::Ctx;
use crate::commands::clock::{Clock, TokioClock};
use crate::commands::rollback::{emergency, planned, resume_command, state as planned_state};
use crate::commands::rollout::{GateReport, add_flag, read_gate, refuse_while_rolling_back};
use crate::exit::CliError;
use crate::output::render::number;
use crate::output::{Outcome, Report};
use crate::policy::analysis::AnalysisSettings;
use crate::policy::check::Check;
use crate::policy::exposure::Exposure;
use crate::policy::gate::{LastChange, gate, last_change};
use crate::policy::rollout::FlagState;
use crate::policy::rollout_run::{
    Config, End, Opening, Pos, RUN_STATE_VERSION, ResumeBake, ResumeFlags, Run, RunOutcome,
    RunSettings, RunState, RunStatus, plan_run, resume_settings,
};
use crate::settings::OnFailure;
use crate::state::{Doc, Kind, Store};
use crate::vocab::Endpoint;
use crate::vocab::Severity;
use executor::{Executor, step_write};
pub(crate) use payload::RunFile;
use payload::{
    FailedAt, RollbackEnded, RollbackReport, RollbackTaken, RunEnded, RunPlan, RunSummary,
    StepBake, Timeline,
};

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

/// [`run`] with the clock the bakes wait on (tests pass a virtual one). Each stage either
/// hands on to the next or ends the run's report.
pub(crate) async fn run_with(
    ctx: &Ctx,
    args: &RolloutRunArgs,
    clock: &impl Clock,
) -> anyhow::Result<Report> {
    let start = load_start(ctx, args)?;
    let mut report = ctx.report("rollout run");
    report.attach(&RunFile {
        state_file: start.path.to_string(),
        resumed: start.resumed.is_some(),
    });
    if let Some(rec) = start.rolling_back() {
        return finish_rollback(ctx, report, &start, rec).await;
    }
    let ready = match preflight(ctx, &start, &mut report).await {
        Ok(ready) => ready,
        Err(outcome) => return Ok(ended(report, &start.plan, outcome, &[])),
    };
    if ctx.settings.dry_run {
        return Ok(dry_run(ctx, report, &start, &ready).await);
    }
    if let Err(why) = confirm(ctx, &start, &ready) {
        report.stopped = Some(why);
        return Ok(ended(report, &start.plan, RunOutcome::Stopped, &[]));
    }
    let mut rec = running_record(ctx, &start, &ready.current);
    let (end, steps) = execute(ctx, clock, &start, ready, &mut rec, &mut report).await;
    conclude(ctx, report, &start, rec, end, steps).await
}

/// What a run starts from: its record when it resumes one, and its plan.
struct Start {
    env: String,
    path: Doc,
    resumed: Option<RunState>,
    plan: RunPlan,
    /// A `--bake` that differs from the resumed record's, to confirm.
    bake_change: Option<String>,
    /// How to continue the run, said when it stops.
    resume_hint: String,
}

impl Start {
    /// A resumed run that was rolling back: it only finishes its rollback.
    fn rolling_back(&self) -> Option<RunState> {
        self.resumed
            .clone()
            .filter(|r| r.status == RunStatus::RollingBack)
    }
}

/// Stage 1: the record (`--resume` continues it; an unfinished one refuses a fresh run) and
/// the plan, checked before anything is read from the app.
fn load_start(ctx: &Ctx, args: &RolloutRunArgs) -> anyhow::Result<Start> {
    let steps = args.schedule.checked()?;
    ctx.require_token("rollout run")?;
    let env = ctx.settings.env_label();
    let path = state_doc(&ctx.store, &env);
    let resumed = recorded_run(ctx, args, &env, &path)?;
    let (bake, analysis, bake_change) = run_settings(ctx, args, resumed.as_ref())?;
    let (schedule, until, on_failure) = match &resumed {
        Some(r) => (r.schedule.clone(), r.until, r.on_failure),
        None => (
            steps.clone(),
            args.until.unwrap_or(*steps.last().unwrap_or(&100)),
            args.on_failure.unwrap_or(ctx.settings.rollout.on_failure),
        ),
    };
    if !schedule.contains(&until) {
        return Err(CliError::usage(format!(
            "--until {until} is not a step of the schedule ({})",
            steps_text(&schedule)
        ))
        .into());
    }
    let resume_hint = if ctx.settings.sandbox {
        "start again (a --sandbox run's app and progress end with it; nothing to resume)".into()
    } else {
        run_resume_command()
    };
    Ok(Start {
        env,
        path,
        resumed,
        plan: RunPlan {
            schedule,
            until,
            bake_ms: bake.as_millis() as u64,
            analysis,
            on_failure,
            bake,
        },
        bake_change,
        resume_hint,
    })
}

/// The record `--resume` continues (`None` for a fresh run). A fresh run refuses while one is
/// unfinished (a dry run only looks), or while a planned rollback is.
fn recorded_run(
    ctx: &Ctx,
    args: &RolloutRunArgs,
    env: &str,
    path: &Doc,
) -> anyhow::Result<Option<RunState>> {
    let unfinished = load(path)?.filter(|r| r.status.unfinished());
    if args.resume {
        let rec = unfinished.ok_or_else(|| {
            CliError::usage(format!(
                "--resume: no unfinished rollout run is recorded for environment {env} ({path}); \
                 nothing to resume"
            ))
        })?;
        ctx.same_app_as("run", &rec.base_url)?;
        return Ok(Some(rec));
    }
    if let Some(rec) = unfinished
        && !ctx.settings.dry_run
    {
        return Err(CliError::stopped(format!(
            "a rollout run of {env} is unfinished ({}, steps done: {}; recorded in {path}): \
             continue it with --resume, or remove that file to start afresh; nothing was sent",
            status_word(rec.status),
            steps_text(&rec.done),
        ))
        .into());
    }
    refuse_while_rolling_back(ctx, "`rollout run`")?;
    Ok(None)
}

/// A resumed run that was rolling back: the rollback is finished, nothing else.
async fn finish_rollback(
    ctx: &Ctx,
    report: Report,
    start: &Start,
    mut rec: RunState,
) -> anyhow::Result<Report> {
    let mut report = ended(report, &start.plan, RunOutcome::RolledBack, &[]);
    roll_back(ctx, &mut report, &mut rec, &start.path, true).await?;
    Ok(report)
}

/// What the run found before anything is sent: its machine, its steps and the flag as read.
struct Ready {
    machine: Run,
    steps: Vec<u8>,
    current: FlagState,
}

/// Stage 2: the flag and the gate's figures; the policy's word on how the run opens. `Err`:
/// how the run ended here, nothing written (said in the report).
async fn preflight(ctx: &Ctx, start: &Start, report: &mut Report) -> Result<Ready, RunOutcome> {
    let flag = read_gate(ctx, report).await;
    add_flag(ctx, report, &flag, ", before the run");
    let Ok(current) = flag else {
        let g = gate(&report.checks, None);
        report.stopped = Some(format!(
            "the flag could not be read ({}); nothing was written",
            g.failing.join("; ")
        ));
        report.attach(&GateReport::of(&g, None));
        return Err(RunOutcome::Held);
    };
    let plan = &start.plan;
    let run_plan = plan_run(
        start.resumed.as_ref(),
        &plan.schedule,
        plan.until,
        pos(&current),
    )
    .map_err(|why| {
        report.stopped = Some(format!("--resume: {why}; nothing was sent"));
        RunOutcome::Stopped
    })?;
    let steps = run_plan.steps.clone();
    let machine = Run::new(run_plan, machine_config(ctx, plan));
    report.attach(&Timeline {
        steps: &steps,
        plan,
    });
    let opening = machine.opening(&report.checks, || since(ctx, &current), SystemTime::now());
    opened(ctx, start, report, opening, &current)?;
    Ok(Ready {
        machine,
        steps,
        current,
    })
}

fn machine_config(ctx: &Ctx, plan: &RunPlan) -> Config {
    Config {
        bake: plan.bake,
        min_bake: ctx.settings.rollout.min_bake,
        analysis: plan.analysis,
    }
}

/// The opening said in the report: nothing to do, a gate held (recorded, when resuming), or
/// on with the run.
fn opened(
    ctx: &Ctx,
    start: &Start,
    report: &mut Report,
    opening: Opening,
    current: &FlagState,
) -> Result<(), RunOutcome> {
    if opening == Opening::NothingToDo {
        report.notes.push(format!(
            "the flag reads {} %, at or past the run's last step ({} %): nothing to do",
            number(current.exposure()),
            start.plan.until
        ));
        return Err(RunOutcome::Done);
    }
    report.notes.push(format!(
        "on failure past the limit: the {} rollback",
        start.plan.on_failure.name()
    ));
    let Opening::Held { gate, bake, why } = opening else {
        return Ok(());
    };
    report.attach(&GateReport::of(&gate, Some(&bake)));
    report.stopped = Some(why);
    if let Some(mut rec) = start.resumed.clone() {
        rec.status = RunStatus::Held;
        rec.stopped = report.stopped.clone();
        save_or_warn(ctx, report, &start.path, &mut rec);
    }
    Err(RunOutcome::Held)
}

/// A dry run: each write the run would send, planned; nothing sent, nothing recorded.
async fn dry_run(ctx: &Ctx, mut report: Report, start: &Start, ready: &Ready) -> Report {
    let actor = ctx.actor();
    let from = pos(&ready.current);
    let mut enabled = from.enabled;
    for &st in ready.steps.iter().filter(|&&st| Pos::at(st) != from) {
        report
            .actions
            .push(actor.perform(step_write(ctx, st, !enabled)).await);
        enabled = true;
    }
    report.notes.push(format!(
        "dry run: {} step(s), each baked {} with {}; nothing was sent",
        ready.steps.len(),
        duration(start.plan.bake),
        start.plan.analysis.describe()
    ));
    ended(report, &start.plan, RunOutcome::DryRun, &[])
}

/// The one question of the run, after its timeline. `Err`: why it was not asked or declined.
fn confirm(ctx: &Ctx, start: &Start, ready: &Ready) -> Result<(), String> {
    let plan = &start.plan;
    let timeline = timeline_lines(
        ctx,
        &ready.steps,
        plan.bake,
        &plan.analysis,
        plan.on_failure,
    );
    let question = format!(
        "Run the rollout {} on {}{}?",
        ready
            .steps
            .iter()
            .map(|st| format!("{st} %"))
            .collect::<Vec<_>>()
            .join(" → "),
        start.env,
        start
            .bake_change
            .as_ref()
            .map(|c| format!(", with {c}"))
            .unwrap_or_default()
    );
    ctx.actor().confirm_with(&timeline, &question)
}

/// The record the run keeps from here: the resumed one, or a new one from where the flag
/// stands; with what a resume bakes with (a changed --bake was confirmed).
fn running_record(ctx: &Ctx, start: &Start, current: &FlagState) -> RunState {
    let now = || humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let plan = &start.plan;
    let mut rec = start.resumed.clone().unwrap_or_else(|| RunState {
        version: RUN_STATE_VERSION,
        environment: start.env.clone(),
        base_url: ctx.client.base_url().to_string(),
        started: now(),
        updated: now(),
        schedule: plan.schedule.clone(),
        until: plan.until,
        on_failure: plan.on_failure,
        done: Vec::new(),
        current: None,
        status: RunStatus::Running,
        stopped: None,
        from: Some(current.exposure()),
        overridden: false,
        settings: None,
    });
    rec.settings = Some(RunSettings {
        bake_ms: plan.bake_ms,
        analysis: plan.analysis,
    });
    rec.status = RunStatus::Running;
    rec.stopped = None;
    rec
}

/// Stage 3: the steps, each raised, read back, baked and judged, as the machine says, until
/// it ends; each step's bake for the report.
async fn execute(
    ctx: &Ctx,
    clock: &impl Clock,
    start: &Start,
    ready: Ready,
    rec: &mut RunState,
    report: &mut Report,
) -> (End, Vec<StepBake>) {
    let Ready { mut machine, .. } = ready;
    // From here the run's verdict is its analyses': the snapshot before it was the preflight
    // (a resumed step is judged again over its bake), not a figure of the run's end.
    report.checks.clear();
    // A signal stops the run at its next safe point (the bake, or before a write).
    let _hold = ctx
        .cancel
        .hold(format!("to continue: {}", start.resume_hint));
    let mut stop = ctx.cancel.subscribe();
    let mut ex = Executor {
        ctx,
        clock,
        path: &start.path,
        analysis: start.plan.analysis,
        bake: start.plan.bake,
        wrote: false,
        rec,
        report,
        done_steps: Vec::new(),
        measurements: Vec::new(),
        bake_started: clock.now(),
        gate_flag: None,
        pause: pause_record::doc(&ctx.store, &start.env),
    };
    let end = ex.execute(&mut machine, &mut stop).await;
    (end, ex.done_steps)
}

/// Stage 4: how the run ended, recorded and said; a failed analysis takes the rollback.
async fn conclude(
    ctx: &Ctx,
    mut report: Report,
    start: &Start,
    mut rec: RunState,
    end: End,
    steps: Vec<StepBake>,
) -> anyhow::Result<Report> {
    let (status, outcome) = end.outcome();
    match end {
        End::Done => done(ctx, &mut report, start, &mut rec),
        End::Stop { why, gate, .. } => {
            if let Some((g, bake)) = &gate {
                report.attach(&GateReport::of(g, bake.as_ref()));
            }
            let why = format!("{why}; to continue: {}", start.resume_hint);
            stop_run(ctx, &mut report, &mut rec, &start.path, status, why);
        }
        End::Foreign(why) => {
            ctx.printer.warn(&why);
            rec.overridden = true;
            stop_run(ctx, &mut report, &mut rec, &start.path, status, why);
        }
        End::Failed { at } => {
            let report = ended(report, &start.plan, outcome, &steps);
            return failed(ctx, report, start, rec, at).await;
        }
    }
    Ok(ended(report, &start.plan, outcome, &steps))
}

/// Every step passed: recorded done, said.
fn done(ctx: &Ctx, report: &mut Report, start: &Start, rec: &mut RunState) {
    rec.status = RunStatus::Done;
    rec.current = None;
    save_or_warn(ctx, report, &start.path, rec);
    report.checks.push(Check::note(
        "analysis",
        Severity::Ok,
        format!("every step passed: {}", steps_text(&rec.done)),
    ));
    let until = start.plan.until;
    let last = start.plan.schedule.last().copied().unwrap_or(100);
    report.notes.push(format!(
        "rollout done at {} %{}",
        rec.done.last().copied().unwrap_or(until),
        if until < last {
            format!(" (--until {until})")
        } else {
            String::new()
        }
    ));
}

/// The analysis failed at `at` %: recorded as rolling back, said at once, then the rollback.
async fn failed(
    ctx: &Ctx,
    mut report: Report,
    start: &Start,
    mut rec: RunState,
    at: u8,
) -> anyhow::Result<Report> {
    report.notes.push(format!(
        "at {at} %: analysis failed; taking the {} rollback",
        rec.on_failure.name()
    ));
    report.attach(&FailedAt { failed_at: at });
    rec.status = RunStatus::RollingBack;
    rec.stopped = Some(format!("analysis failed at {at} %"));
    save_or_warn(ctx, &mut report, &start.path, &mut rec);
    // Said before it runs: a rollback started is news while it lasts.
    report.attach(&RollbackReport {
        rollback: RollbackTaken {
            path: rec.on_failure,
            finished: false,
            ended: None,
        },
    });
    ctx.live.catch_up(&report, &ctx.printer).await;
    roll_back(ctx, &mut report, &mut rec, &start.path, false).await?;
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

fn pos(flag: &FlagState) -> Pos {
    Pos {
        enabled: flag.enabled,
        percentage: flag.percentage,
        groups: Some(Pos::groups_of(&flag.user_groups)),
    }
}

fn pos_of(flag: &Result<FlagState, String>) -> Result<Pos, String> {
    flag.as_ref().map(pos).map_err(Clone::clone)
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
    let rb = run_rollback(ctx, rec.on_failure, resuming).await?.finish();
    let finished = rb.stopped.is_none() && !rb.actions.iter().any(|a| a.outcome == Outcome::Failed);
    report.attach(&RollbackReport {
        rollback: RollbackTaken {
            path: rec.on_failure,
            finished,
            ended: Some(RollbackEnded {
                exit_code: rb.exit_code,
                stopped: rb.stopped.clone(),
                state: rb.data.get("state").cloned(),
            }),
        },
    });
    join_rollback(report, rb, rec.on_failure);
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

/// The rollback `path`, run as its own command under the run's confirmation: it only lowers,
/// and the run's messages speak for it.
async fn run_rollback(ctx: &Ctx, path: OnFailure, resuming: bool) -> anyhow::Result<Report> {
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
    match path {
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
            .await
        }
        OnFailure::Emergency => emergency::run(&rb_ctx).await,
    }
}

/// The rollback's checks, actions, tables and notes join the run's report.
fn join_rollback(report: &mut Report, rb: Report, path: OnFailure) {
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
        report.stopped = Some(format!("the {} rollback stopped: {why}", path.name()));
    }
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
fn ended(mut report: Report, plan: &RunPlan, outcome: RunOutcome, steps: &[StepBake]) -> Report {
    report.attach(&RunSummary {
        run: RunEnded {
            plan,
            outcome,
            steps,
        },
    });
    report
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
