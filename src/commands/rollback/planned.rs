//! `rollback planned`: step the rollout down (only below where it stands), soak between steps
//! watching the error rate, then the redeploy and database steps, then validate. Each stage is
//! recorded as started before it runs and as done after, so a stopped run resumes exactly where
//! it stopped, and a killed one knows which stage it died in.
//!
//! This file: the run as a short list of stages — the flag read, the plan or the resume point,
//! the confirmations, the dry run, the stages, the end in the report and the state file. The
//! stages themselves run in `execute`, which does what `policy::planned` decides; what the
//! report shows of the run is in `planned_view`.

use std::time::{Duration, SystemTime};

use crate::cli::PlannedArgs;
use crate::commands::clock::{Clock, TokioClock};
use crate::commands::rollback::planned_view::{RunFacts, plan_section};
use crate::commands::rollback::{Timeline, execute, resume_command, shell_step, state};
use crate::commands::{Ctx, fetch};
use crate::exit::CliError;
use crate::output::render::number;
use crate::output::{Format, Layout, Outcome, Payload, Report};
use crate::policy::check::Check;
use crate::policy::planned::End;
use crate::policy::rollback::{
    PlannedState, RunStatus, STATE_VERSION, Stage, StageRecord, plan, resume_flags, resume_point,
};
use crate::policy::rollout::{FlagState, parse_flag};
use crate::policy::skipped::Need;
use crate::policy::thresholds::Limit;
use crate::vocab::Endpoint;
use crate::vocab::Severity;

pub(crate) async fn run(ctx: &Ctx, args: &PlannedArgs) -> anyhow::Result<Report> {
    if args.abandon {
        return crate::commands::rollback::abandon::run(ctx);
    }
    run_with(ctx, args, &TokioClock, None).await
}

/// What a run works with, fixed before anything is read.
struct Setting {
    env: String,
    base: String,
    path: crate::state::Doc,
    /// How to continue a stopped run.
    resume: String,
    poll: Duration,
}

impl Setting {
    fn of(ctx: &Ctx) -> Setting {
        let env = ctx.settings.env_label();
        let resume = if ctx.settings.sandbox {
            // Its app and its record end with the run: there is nothing to resume.
            "start again (a --sandbox run's app and progress end with it; nothing to resume)".into()
        } else {
            resume_command(
                &std::env::args_os()
                    .skip(1)
                    .map(|a| a.to_string_lossy().into_owned())
                    .collect::<Vec<_>>(),
            )
        };
        Setting {
            path: state::doc(&ctx.store, &env),
            base: ctx.client.base_url().to_string(),
            env,
            resume,
            // The flags are in `[rollback]` already (`settings::Overrides`).
            poll: ctx.settings.rollback.poll_interval,
        }
    }
}

/// Where the stages start: the run's record and the first stage to run.
struct Start {
    st: PlannedState,
    start: usize,
    /// A shell step the last run started and never finished.
    interrupted: Option<usize>,
    /// A --step-wait given on resume that differs from the record's (asked with the plan).
    wait_change: Option<String>,
}

/// [`run`] with the clock the soaks wait on (tests pass a virtual one).
pub(crate) async fn run_with(
    ctx: &Ctx,
    args: &PlannedArgs,
    clock: &impl Clock,
    reason: Option<&str>,
) -> anyhow::Result<Report> {
    ctx.require_token("rollback planned")?;
    let set = Setting::of(ctx);
    let recorded = state::load(&set.path)?;
    let mut report = ctx.report("rollback planned");
    // The 3 a.m. screen: one line per action and per fact; -v (every check in its table too)
    // and --json have it all.
    if !ctx.printer.is_verbose() {
        report.layout = Layout::Screen;
    }
    let mut facts = RunFacts::new(ctx, &set.path, reason);
    if let Some(why) = reason {
        report
            .notes
            .push(format!("planned rollback started because {why}"));
    }
    let ran = stages(ctx, args, clock, &set, recorded, &mut report, &mut facts).await;
    // The flag first, as it was read first: before the served worker and the plan.
    report.attach(&facts);
    report.sections.rotate_right(facts.tables().len());
    ran.map(|()| report)
}

/// The run, stage by stage. An early `Ok` ends the run there (the report says why).
async fn stages(
    ctx: &Ctx,
    args: &PlannedArgs,
    clock: &impl Clock,
    set: &Setting,
    recorded: Option<PlannedState>,
    report: &mut Report,
    facts: &mut RunFacts,
) -> anyhow::Result<()> {
    let Some(flag) = read_flag(ctx, report).await else {
        return Ok(());
    };
    facts.flag = Some(flag.clone());
    let Start {
        mut st,
        start,
        interrupted,
        wait_change,
    } = if args.resume {
        facts.resumed = true;
        resume_start(ctx, args, set, recorded, &flag, report)?
    } else {
        fresh_start(ctx, set, recorded, &flag)?
    };
    facts.from = Some(st.start_percentage);
    note_no_step_down(ctx, report, &st, &flag);
    if !rerun_confirmed(ctx, report, &st, interrupted) {
        return Ok(());
    }
    if ctx.settings.dry_run {
        plan_section(
            ctx,
            report,
            &st,
            start,
            set.poll,
            ("next", "pending"),
            false,
        );
        dry_run(ctx, report, &st, start, set.poll).await;
        return Ok(());
    }
    let asked = plan_question(set, &st, start, args.resume, &flag, wait_change.as_deref());
    if let Err(why) = ctx.actor().confirm_with(&asked.0, &asked.1) {
        report.stopped = Some(why);
        return Ok(());
    }
    // Asked on a terminal: the stages were listed there, above the question.
    let listed = !ctx.settings.yes && crate::prompt::interactive();
    record_start(set, &mut st)?;
    let mut timeline = Timeline::default();
    let end = run_stages(ctx, clock, report, &mut timeline, set, &mut st, start).await;
    record_end(ctx, report, facts, set, (&mut st, listed), end);
    timeline.into_report(report);
    Ok(())
}

/// The flag as it stands; unreadable: `None`, with the check that says why.
async fn read_flag(ctx: &Ctx, report: &mut Report) -> Option<FlagState> {
    let (client, name) = (&ctx.client, ctx.settings.rollout.flag.as_str());
    let read = parse_flag(
        &fetch::json(client, &ctx.printer, Endpoint::FeatureFlags).await,
        &client.label(Endpoint::FeatureFlags),
        name,
    );
    let flag = match read {
        Ok(f) => f,
        Err(why) => {
            report
                .checks
                .push(Check::note(format!("{name} flag"), Severity::Unknown, why));
            report
                .notes
                .push("the flag could not be read, so nothing was written".into());
            return None;
        }
    };
    if !flag.enabled {
        report.notes.push(format!(
            "{name} is disabled: the percentage is still stepped down, so re-enabling it later \
             does not bring the old exposure back"
        ));
    }
    Some(flag)
}

fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// A new run: its plan from where the flag stands, unless an unfinished one is recorded.
fn fresh_start(
    ctx: &Ctx,
    set: &Setting,
    recorded: Option<PlannedState>,
    flag: &FlagState,
) -> anyhow::Result<Start> {
    if let Some(rec) = recorded.as_ref().filter(|r| r.unfinished()) {
        return Err(CliError::stopped(format!(
            "an unfinished planned rollback is recorded in {} ({} of {} stages done, next: {}): \
             continue it with `{}`, or remove the file to plan afresh",
            set.path,
            rec.completed,
            rec.plan.len(),
            rec.plan[rec.completed].describe(),
            set.resume
        ))
        .into());
    }
    let rollback = &ctx.settings.rollback;
    let st = PlannedState {
        version: STATE_VERSION,
        environment: set.env.clone(),
        base_url: set.base.clone(),
        started: now(),
        updated: now(),
        start_percentage: flag.percentage,
        enabled: Some(flag.enabled),
        plan: plan(flag.percentage, &rollback.steps, rollback.step_wait),
        completed: 0,
        status: RunStatus::InProgress,
        stopped: None,
        history: Vec::new(),
        in_flight: None,
    };
    Ok(Start {
        st,
        start: 0,
        interrupted: None,
        wait_change: None,
    })
}

/// `--resume`: the recorded run from where it stopped, if the flag still reads what it left.
fn resume_start(
    ctx: &Ctx,
    args: &PlannedArgs,
    set: &Setting,
    recorded: Option<PlannedState>,
    flag: &FlagState,
    report: &mut Report,
) -> anyhow::Result<Start> {
    let Some(mut rec) = recorded else {
        return Err(CliError::usage(format!(
            "--resume: no planned rollback is recorded for environment {} ({} does not exist); \
             nothing to resume",
            set.env, set.path
        ))
        .into());
    };
    let r = resume_point(&rec, &set.base, flag).map_err(|why| {
        CliError::stopped(format!(
            "cannot resume from {}: {why}. Check the flag, then remove the file and plan \
             afresh without --resume",
            set.path
        ))
    })?;
    if let Some(i) = r.applied {
        record_applied(report, &mut rec, i);
    }
    let wait_change = resume_flags(&mut rec, r.start, args.steps.as_deref(), args.step_wait)
        .map_err(|why| CliError::usage(format!("--resume: {why}; nothing was sent")))?;
    if let Some(c) = &wait_change {
        ctx.printer.warn(format!("--resume: {c}"));
        report.notes.push(format!("resumed with {c}"));
    }
    Ok(Start {
        st: rec,
        start: r.start,
        interrupted: r.interrupted_step,
        wait_change,
    })
}

/// The app applied the write in flight; the run died before recording it. Recorded now (it is
/// saved with the rest before anything is sent).
fn record_applied(report: &mut Report, rec: &mut PlannedState, i: usize) {
    let stage = rec.plan[i].describe();
    rec.history.push(StageRecord {
        index: i,
        stage: stage.clone(),
        outcome: Outcome::Done.label().to_string(),
        duration_ms: 0,
        at: now(),
    });
    rec.updated = now();
    rec.completed = i + 1;
    rec.in_flight = None;
    report.notes.push(format!(
        "`{stage}` was in flight when the last run died, and the flag reads its target: the app \
         applied it, so it is recorded as done and not sent again"
    ));
}

fn note_no_step_down(ctx: &Ctx, report: &mut Report, st: &PlannedState, flag: &FlagState) {
    if st
        .plan
        .iter()
        .any(|s| matches!(s, Stage::Percentage { .. }))
    {
        return;
    }
    report.notes.push(format!(
        "the rollout stands at {} %: no step of {:?} is below it, so the percentage is not \
         changed (a rollback never raises it)",
        number(flag.percentage),
        ctx.settings.rollback.steps
    ));
}

/// A step started and never finished may have done part of its work: running it again from
/// the start is the operator's call, not a silent default. `false`: not confirmed (stopped).
fn rerun_confirmed(
    ctx: &Ctx,
    report: &mut Report,
    st: &PlannedState,
    interrupted: Option<usize>,
) -> bool {
    let Some(i) = interrupted else {
        return true;
    };
    let stage = st.plan[i].describe();
    let started = st
        .in_flight
        .as_ref()
        .map(|f| crate::numbers::moment_text(&f.started, SystemTime::now()));
    let question = format!(
        "`{stage}` started at {} and never finished (the run that started it was killed). Run \
         it again from the start?",
        started.as_deref().unwrap_or("?")
    );
    report.notes.push(format!(
        "`{stage}` started and never finished in the last run: it runs again from the start"
    ));
    if let Err(why) = ctx.actor().confirm(&question) {
        report.stopped = Some(format!(
            "`{stage}` started and never finished in the last run; running it again was not \
             confirmed ({why})"
        ));
        return false;
    }
    true
}

/// The plan as a short list, then one short question. Stages keep their numbers in the plan,
/// so a resume's list matches the first run's ("3. set 10 %" stays 3); a resume says where
/// the flag stands now, and a --step-wait that differs from the record's.
fn plan_question(
    set: &Setting,
    st: &PlannedState,
    start: usize,
    resume: bool,
    flag: &FlagState,
    wait_change: Option<&str>,
) -> (Vec<String>, String) {
    let env = &set.env;
    let mut lines = vec![format!("Planned rollback of {env} ({}):", set.base)];
    lines.extend(
        st.plan
            .iter()
            .enumerate()
            .skip(start)
            .map(|(i, stage)| format!("  {}. {}", i + 1, stage.describe())),
    );
    let question = match (resume, wait_change) {
        (false, _) => format!("Start the planned rollback of {env}?"),
        (true, None) => format!(
            "Resume the planned rollback of {env} from {} % (stage {} of {})?",
            number(flag.percentage),
            start + 1,
            st.plan.len()
        ),
        (true, Some(c)) => format!(
            "Resume the planned rollback of {env} from {} % (stage {} of {}), with {c}?",
            number(flag.percentage),
            start + 1,
            st.plan.len()
        ),
    };
    (lines, question)
}

/// Saved as in progress before anything is sent: a record that cannot be written stops here.
fn record_start(set: &Setting, st: &mut PlannedState) -> anyhow::Result<()> {
    st.status = RunStatus::InProgress;
    st.stopped = None;
    st.updated = now();
    state::save(&set.path, st).map_err(|e| {
        CliError::config(format!(
            "cannot record progress in {}: {e}; nothing was sent",
            set.path
        ))
        .into()
    })
}

/// The stages from `start`, stopped by a signal only at their own safe points (between
/// stages, or mid-soak).
async fn run_stages(
    ctx: &Ctx,
    clock: &impl Clock,
    report: &mut Report,
    timeline: &mut Timeline,
    set: &Setting,
    st: &mut PlannedState,
    start: usize,
) -> End {
    let _hold = ctx.cancel.hold(format!("to continue: {}", set.resume));
    let mut stop = ctx.cancel.subscribe();
    let mut run = execute::Run {
        ctx,
        clock,
        report,
        timeline,
        path: &set.path,
        poll: set.poll,
        stop: &mut stop,
    };
    run.execute(st, start).await
}

/// How the run ended, in the report and the record.
fn record_end(
    ctx: &Ctx,
    report: &mut Report,
    facts: &mut RunFacts,
    set: &Setting,
    (st, listed): (&mut PlannedState, bool),
    end: End,
) {
    // Whatever ended the loop, the stage it was in has ended (recorded as such below).
    st.in_flight = None;
    let labels = match &end {
        End::Emergency => ("ended by the emergency rollback", "abandoned"),
        _ => ("stopped here", "pending"),
    };
    plan_section(ctx, report, st, st.completed, set.poll, labels, listed);
    match end {
        End::Completed => {
            st.status = RunStatus::Done;
            report.notes.push(format!(
                "planned rollback complete: {} stages done",
                st.plan.len()
            ));
        }
        End::Emergency => {
            st.status = RunStatus::Emergency;
            facts.disabled = true;
            report.notes.push(
                "the planned rollback ended in the emergency rollback; it is not resumable".into(),
            );
        }
        End::Stop(why) => stopped(ctx, report, facts, set, st, why),
    }
    st.updated = now();
    if let Err(e) = state::save(&set.path, st) {
        ctx.printer.warn(format!(
            "could not record the end of the run in {}: {e}",
            set.path
        ));
    }
    facts.now = Some(st.expected_percentage());
    report.attach(&execute::StateReport { state: st });
}

/// The human report goes to a terminal (where the stderr lines show beside it).
fn report_on_terminal(ctx: &Ctx) -> bool {
    use std::io::IsTerminal;
    ctx.printer.format() == Format::Table && std::io::stdout().is_terminal()
}

/// A stop: resumable, and the report says how.
fn stopped(
    ctx: &Ctx,
    report: &mut Report,
    facts: &mut RunFacts,
    set: &Setting,
    st: &mut PlannedState,
    why: String,
) {
    st.status = RunStatus::Stopped;
    st.stopped = Some(why.clone());
    // A failed step is exit 4 through its action; the rest stop with 5.
    if !report.actions.iter().any(|a| a.outcome == Outcome::Failed) {
        report.stopped = Some(why.clone());
    }
    // Whoever watches stderr (a JSON run, a cron log) learns it there; a report on a terminal
    // says both itself (its verdict, its note), and a screen says each fact once.
    if !report_on_terminal(ctx) {
        ctx.printer.warn(format!("planned rollback stopped: {why}"));
        ctx.printer.warn(format!(
            "progress is recorded in {}; to continue: {}",
            set.path, set.resume
        ));
    }
    report.notes.push(format!("to continue: {}", set.resume));
    facts.resume_command = Some(set.resume.clone());
}

async fn dry_run(ctx: &Ctx, report: &mut Report, st: &PlannedState, start: usize, poll: Duration) {
    let critical = ctx
        .settings
        .thresholds
        .limit(Limit::IncidentRollbackErrorRate);
    for stage in &st.plan[start..] {
        match stage {
            Stage::Percentage { percentage } => {
                let a = ctx
                    .actor()
                    .perform(execute::step_down(&ctx.settings.rollout.flag, *percentage))
                    .await;
                report.actions.push(a);
            }
            Stage::Soak { at, wait_ms } => ctx.printer.info(format!(
                "dry-run: would soak at {at} % for {}, reading the error rate every {} \
                 (emergency rollback above {} %)",
                crate::numbers::duration(Duration::from_millis(*wait_ms)),
                crate::numbers::duration(poll),
                number(critical)
            )),
            Stage::Redeploy => {
                let a = shell_step(ctx, report, "redeploy", "the redeploy", Need::Required).await;
                if a.outcome == Outcome::Skipped {
                    // The real run would stop there: say so with its exit code.
                    report.stopped = Some(
                        "the real run would stop at the redeploy step: it is not configured".into(),
                    );
                }
                report.actions.push(a);
            }
            Stage::DatabaseRollback => {
                let a = shell_step(
                    ctx,
                    report,
                    "database_rollback",
                    "the database rollback",
                    Need::Optional,
                )
                .await;
                report.actions.push(a);
            }
            Stage::Validate => ctx.printer.info("dry-run: would run the validate checks"),
        }
    }
    report
        .notes
        .push("dry-run: nothing was sent and no progress was recorded".into());
}

impl crate::driver::Runbook for PlannedArgs {
    fn name(&self) -> &'static str {
        "rollback planned"
    }
    fn reports_outcome(&self) -> bool {
        true
    }
    /// Abandoning changes a state file only: nothing is sent.
    fn sends_token(&self) -> bool {
        !self.abandon
    }
    fn overrides(&self) -> crate::settings::Overrides {
        crate::settings::Overrides {
            rollback: crate::settings::RollbackFlags {
                steps: self.steps.clone(),
                step_wait: self.step_wait,
                poll_interval: self.poll_interval,
            },
            ..Default::default()
        }
    }
    async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
        run(ctx, self).await
    }
}
