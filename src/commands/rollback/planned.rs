//! `rollback planned`: step the rollout down (only below where it stands), soak between steps
//! watching the error rate, then the redeploy and database steps, then validate. Each stage is
//! recorded as started before it runs and as done after, so a stopped run resumes exactly where
//! it stopped, and a killed one knows which stage it died in.
//!
//! This file: the flag read, the plan or the resume point, the confirmations, the dry run and
//! the end of the run in the report and the state file. The stages themselves run in
//! `execute`, which does what `policy::planned` decides.

use std::time::{Duration, SystemTime};

use serde::Serialize;

use crate::api::Endpoint;
use crate::cli::PlannedArgs;
use crate::commands::clock::{Clock, TokioClock};
use crate::commands::rollback::execute;
use crate::commands::rollback::{Timeline, resume_command, shell_step, state};
use crate::commands::{Ctx, fetch};
use crate::exit::{CliError, Severity};
use crate::output::render::number;
use crate::output::{Outcome, Payload, Report, Section};
use crate::policy::check::Check;
use crate::policy::planned::End;
use crate::policy::rollback::{
    PlannedState, RunStatus, STATE_VERSION, Stage, StageRecord, plan, resume_flags, resume_point,
};
use crate::policy::rollout::{FlagState, parse_flag};
use crate::policy::skipped::Need;
use crate::policy::thresholds::Limit;

pub(crate) async fn run(ctx: &Ctx, args: &PlannedArgs) -> anyhow::Result<Report> {
    if args.abandon {
        return crate::commands::rollback::abandon::run(ctx);
    }
    run_with(ctx, args, &TokioClock, None).await
}

/// [`run`] with the clock the soaks wait on (tests pass a virtual one).
pub(crate) async fn run_with(
    ctx: &Ctx,
    args: &PlannedArgs,
    clock: &impl Clock,
    reason: Option<&str>,
) -> anyhow::Result<Report> {
    ctx.require_token("rollback planned")?;
    let settings = &ctx.settings;
    let (client, printer) = (&ctx.client, &ctx.printer);
    // The flags are in `[rollback]` already (`settings::Overrides`).
    let steps = settings.rollback.steps.clone();
    let step_wait = settings.rollback.step_wait;
    let poll = settings.rollback.poll_interval;
    let env = settings.env_label();
    let base = client.base_url().to_string();
    let path = state::doc(&ctx.store, &env);
    let resume = if settings.sandbox {
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
    let recorded = state::load(&path)?;

    let mut report = ctx.report("rollback planned");
    report.set_data("state_file", path.to_string());
    if let Some(why) = reason {
        report
            .notes
            .push(format!("planned rollback started because {why}"));
        report.set_data("reason", why);
    }
    let flag_name = settings.rollout.flag.as_str();
    let flag = parse_flag(
        &fetch::json(client, printer, Endpoint::FeatureFlags).await,
        &client.label(Endpoint::FeatureFlags),
        flag_name,
    );
    let flag = match flag {
        Ok(f) => f,
        Err(why) => {
            report.checks.push(Check::note(
                format!("{flag_name} flag"),
                Severity::Unknown,
                why,
            ));
            report
                .notes
                .push("the flag could not be read, so nothing was written".into());
            return Ok(report);
        }
    };
    flag_section(&mut report, &flag, flag_name);
    if !flag.enabled {
        report.notes.push(format!(
            "{flag_name} is disabled: the percentage is still stepped down, so re-enabling it later \
             does not bring the old exposure back"
        ));
    }

    let now = || humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let mut interrupted_step = None;
    // A --step-wait given on resume that differs from the record's (asked with the plan).
    let mut wait_change = None;
    let (mut st, start) = if args.resume {
        let Some(rec) = recorded else {
            return Err(CliError::usage(format!(
                "--resume: no planned rollback is recorded for environment {env} ({} does not \
                 exist); nothing to resume",
                path
            ))
            .into());
        };
        match resume_point(&rec, &base, &flag) {
            Ok(r) => {
                // Says the run continued a rollback rather than started one (for `notify`).
                report.set_data("resumed", true);
                let mut rec = rec;
                if let Some(i) = r.applied {
                    // The app applied it; the run died before recording it. Recorded now (it
                    // is saved with the rest before anything is sent).
                    let stage = rec.plan[i].clone();
                    rec.history.push(StageRecord {
                        index: i,
                        stage: stage.describe(),
                        outcome: Outcome::Done.label().to_string(),
                        duration_ms: 0,
                        at: now(),
                    });
                    rec.updated = now();
                    rec.completed = i + 1;
                    rec.in_flight = None;
                    report.notes.push(format!(
                        "`{}` was in flight when the last run died, and the flag reads its \
                         target: the app applied it, so it is recorded as done and not sent again",
                        stage.describe()
                    ));
                }
                interrupted_step = r.interrupted_step;
                wait_change =
                    resume_flags(&mut rec, r.start, args.steps.as_deref(), args.step_wait)
                        .map_err(|why| {
                            CliError::usage(format!("--resume: {why}; nothing was sent"))
                        })?;
                if let Some(c) = &wait_change {
                    printer.warn(format!("--resume: {c}"));
                    report.notes.push(format!("resumed with {c}"));
                }
                (rec, r.start)
            }
            Err(why) => {
                return Err(CliError::stopped(format!(
                    "cannot resume from {}: {why}. Check the flag, then remove the file and plan \
                     afresh without --resume",
                    path
                ))
                .into());
            }
        }
    } else {
        if let Some(rec) = recorded.as_ref().filter(|r| r.unfinished()) {
            return Err(CliError::stopped(format!(
                "an unfinished planned rollback is recorded in {} ({} of {} stages done, next: {}): \
                 continue it with `{resume}`, or remove the file to plan afresh",
                path,
                rec.completed,
                rec.plan.len(),
                rec.plan[rec.completed].describe()
            ))
            .into());
        }
        let st = PlannedState {
            version: STATE_VERSION,
            environment: env.clone(),
            base_url: base.clone(),
            started: now(),
            updated: now(),
            start_percentage: flag.percentage,
            enabled: Some(flag.enabled),
            plan: plan(flag.percentage, &steps, step_wait),
            completed: 0,
            status: RunStatus::InProgress,
            stopped: None,
            history: Vec::new(),
            in_flight: None,
        };
        (st, 0)
    };
    if !st
        .plan
        .iter()
        .any(|s| matches!(s, Stage::Percentage { .. }))
    {
        report.notes.push(format!(
            "the rollout stands at {} %: no step of {steps:?} is below it, so the percentage is \
             not changed (a rollback never raises it)",
            number(flag.percentage)
        ));
    }
    if let Some(i) = interrupted_step {
        // Started and never finished: it may have done part of its work. Running it again from
        // the start is the operator's call, not a silent default.
        let started = st
            .in_flight
            .as_ref()
            .map(|f| crate::numbers::moment_text(&f.started, SystemTime::now()));
        let question = format!(
            "`{}` started at {} and never finished (the run that started it was killed). Run it \
             again from the start?",
            st.plan[i].describe(),
            started.as_deref().unwrap_or("?")
        );
        report.notes.push(format!(
            "`{}` started and never finished in the last run: it runs again from the start",
            st.plan[i].describe()
        ));
        if let Err(why) = ctx.actor().confirm(&question) {
            report.stopped = Some(format!(
                "`{}` started and never finished in the last run; running it again was not \
                 confirmed ({why})",
                st.plan[i].describe()
            ));
            return Ok(report);
        }
    }
    if settings.dry_run {
        plan_section(ctx, &mut report, &st, start, poll, ("next", "pending"));
        dry_run(ctx, &mut report, &st, start, poll).await;
        return Ok(report);
    }

    // The plan as a short list, then one short question.
    let (plan_lines, mut question) = plan_question(&st, start, &env, &base, args.resume, &flag);
    if let Some(c) = &wait_change {
        question = format!("{}, with {c}?", question.trim_end_matches('?'));
    }
    if let Err(why) = ctx.actor().confirm_with(&plan_lines, &question) {
        report.stopped = Some(why);
        return Ok(report);
    }
    st.status = RunStatus::InProgress;
    st.stopped = None;
    st.updated = now();
    state::save(&path, &st).map_err(|e| {
        CliError::config(format!(
            "cannot record progress in {}: {e}; nothing was sent",
            path
        ))
    })?;

    // Signals stop this run at its own safe points (between stages, or mid-soak).
    let _hold = ctx.cancel.hold(format!("to continue: {resume}"));
    let mut stop = ctx.cancel.subscribe();
    let mut timeline = Timeline::default();
    let end = execute::execute(
        ctx,
        clock,
        &mut report,
        &mut timeline,
        &mut st,
        &path,
        start,
        poll,
        &mut stop,
    )
    .await;

    // Whatever ended the loop, the stage it was in has ended (recorded as such below).
    st.in_flight = None;
    let labels = match &end {
        End::Emergency => ("ended by the emergency rollback", "abandoned"),
        _ => ("stopped here", "pending"),
    };
    plan_section(ctx, &mut report, &st, st.completed, poll, labels);
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
            report.notes.push(
                "the planned rollback ended in the emergency rollback; it is not resumable".into(),
            );
        }
        End::Stop(why) => {
            st.status = RunStatus::Stopped;
            st.stopped = Some(why.clone());
            // A failed step is exit 4 through its action; the rest stop with 5.
            if !report.actions.iter().any(|a| a.outcome == Outcome::Failed) {
                report.stopped = Some(why.clone());
            }
            printer.warn(format!("planned rollback stopped: {why}"));
            printer.warn(format!(
                "progress is recorded in {}; to continue: {resume}",
                path
            ));
            report.notes.push(format!("to continue: {resume}"));
            report.set_data("resume_command", &resume);
        }
    }
    st.updated = now();
    if let Err(e) = state::save(&path, &st) {
        printer.warn(format!(
            "could not record the end of the run in {}: {e}",
            path
        ));
    }
    report.set_data("state", &st);
    timeline.into_report(&mut report);
    Ok(report)
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

fn flag_section(report: &mut Report, f: &FlagState, name: &str) {
    report.attach(&FlagBefore {
        flag: f,
        name: name.to_string(),
    });
}

/// The flag as it stood before the rollback (JSON `flag`).
#[derive(Serialize)]
struct FlagBefore<'a> {
    flag: &'a FlagState,
    #[serde(skip)]
    name: String,
}

impl Payload for FlagBefore<'_> {
    fn tables(&self) -> Vec<Section> {
        let f = self.flag;
        vec![Section {
            title: format!("Flag {}, before the rollback", self.name),
            header: vec!["Enabled".into(), "Percentage".into(), "User groups".into()],
            rows: vec![vec![
                f.enabled.to_string(),
                format!("{} %", number(f.percentage)),
                f.user_groups.join(", "),
            ]],
        }]
    }
}

/// The plan as a short list and the one question. Stages keep their numbers in the plan, so
/// a resume's list matches the first run's ("3. set 10 %" stays 3); a resume says where the
/// flag stands now.
fn plan_question(
    st: &PlannedState,
    start: usize,
    env: &str,
    base: &str,
    resume: bool,
    flag: &FlagState,
) -> (Vec<String>, String) {
    let mut lines = vec![format!("Planned rollback of {env} ({base}):")];
    lines.extend(
        st.plan
            .iter()
            .enumerate()
            .skip(start)
            .map(|(i, stage)| format!("  {}. {}", i + 1, stage.describe())),
    );
    let question = if resume {
        format!(
            "Resume the planned rollback of {env} from {} % (stage {} of {})?",
            number(flag.percentage),
            start + 1,
            st.plan.len()
        )
    } else {
        format!("Start the planned rollback of {env}?")
    };
    (lines, question)
}

/// The whole plan with its timing: soaks at their length, steps at their timeout (an upper
/// bound), what is done already on a resume.
fn plan_section(
    ctx: &Ctx,
    report: &mut Report,
    st: &PlannedState,
    start: usize,
    poll: Duration,
    (next, rest): (&str, &str),
) {
    let steps = &ctx.settings.steps;
    let mut at_most = Duration::ZERO;
    let mut stages = Vec::new();
    for (i, stage) in st.plan.iter().enumerate() {
        let timing = match stage {
            Stage::Soak { wait_ms, .. } => {
                let d = Duration::from_millis(*wait_ms);
                if i >= start {
                    at_most += d;
                }
                format!(
                    "{} (error rate every {})",
                    crate::numbers::duration(d),
                    crate::numbers::duration(poll)
                )
            }
            Stage::Redeploy | Stage::DatabaseRollback => {
                let name = if *stage == Stage::Redeploy {
                    "redeploy"
                } else {
                    "database_rollback"
                };
                match steps.get(name) {
                    Some(spec) => {
                        if i >= start {
                            at_most += spec.timeout;
                        }
                        // The command whole where it is reviewed (a dry run, -v); else its
                        // name: it is in the config, and a page of shell hides the plan.
                        if ctx.settings.dry_run || ctx.printer.is_verbose() {
                            format!(
                                "up to {}: {}",
                                crate::numbers::duration(spec.timeout),
                                spec.command
                            )
                        } else {
                            format!(
                                "up to {}: [steps.{name}]",
                                crate::numbers::duration(spec.timeout)
                            )
                        }
                    }
                    None if *stage == Stage::Redeploy => {
                        "NOT CONFIGURED: the run stops here".into()
                    }
                    None => "not configured: skipped (optional)".into(),
                }
            }
            Stage::Percentage { .. } | Stage::Validate => "seconds".into(),
        };
        let status = if i < start {
            "done"
        } else if i == start {
            next
        } else {
            rest
        };
        stages.push(PlanRow {
            index: i,
            stage: stage.clone(),
            describe: stage.describe(),
            status: status.to_string(),
            timing,
        });
    }
    report.attach(&PlanReport {
        plan: PlanData {
            stages,
            remaining_at_most_ms: at_most.as_millis() as u64,
            left: start < st.plan.len(),
        },
    });
}

/// The whole plan with each stage's status and timing (JSON `plan`).
#[derive(Serialize)]
struct PlanReport {
    plan: PlanData,
}

#[derive(Serialize)]
struct PlanData {
    stages: Vec<PlanRow>,
    remaining_at_most_ms: u64,
    #[serde(skip)]
    left: bool,
}

#[derive(Serialize)]
struct PlanRow {
    index: usize,
    stage: Stage,
    #[serde(skip)]
    describe: String,
    status: String,
    timing: String,
}

impl Payload for PlanReport {
    fn tables(&self) -> Vec<Section> {
        let p = &self.plan;
        vec![Section {
            title: if p.left {
                format!(
                    "Plan (left: at most {}, soaks plus step timeouts)",
                    crate::numbers::duration(Duration::from_millis(p.remaining_at_most_ms))
                )
            } else {
                "Plan".into()
            },
            header: vec!["#".into(), "Stage".into(), "Status".into(), "Timing".into()],
            rows: p
                .stages
                .iter()
                .map(|r| {
                    vec![
                        (r.index + 1).to_string(),
                        r.describe.clone(),
                        r.status.clone(),
                        r.timing.clone(),
                    ]
                })
                .collect(),
        }]
    }
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
