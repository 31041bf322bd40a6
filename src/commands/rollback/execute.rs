//! The planned rollback's executor: does what `policy::planned` says, one step at a time, and
//! answers with what happened. All I/O is here (reads, writes through `act`, shell steps, the
//! state file, the report); all waiting is through the injected [`Clock`], so tests run the
//! soaks on virtual time.

use std::time::{Duration, SystemTime};

use serde_json::json;
use tokio::sync::watch;

use crate::act::ReadBack;
use crate::api::Endpoint;
use crate::commands::clock::Clock;
use crate::commands::rollback::soak::SoakView;
use crate::commands::rollback::{Timeline, emergency, shell_step, state};
use crate::commands::{Ctx, fetch, validate};
use crate::output::render::number;
use crate::output::{Outcome, Report};
use crate::policy::plan::PlannedWrite;
use crate::policy::planned::{Config, End, Event, Planned, StageEnd, Step, soak_analysis};
use crate::policy::rollback::{InFlight, PlannedState, Stage, StageRecord};
use crate::policy::rollout::{flag_body, parse_flag};
use crate::policy::skipped::Need;
use crate::policy::thresholds::Limit;
use crate::signals::signalled;

fn now_text() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// Runs `st.plan` from stage `start` to its end: a stop, the emergency path, or done. `st` is
/// saved before and after every stage; the report gets the actions, checks and notes.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn execute(
    ctx: &Ctx,
    clock: &impl Clock,
    report: &mut Report,
    timeline: &mut Timeline,
    st: &mut PlannedState,
    path: &crate::state::Doc,
    start: usize,
    poll: Duration,
    stop: &mut watch::Receiver<Option<&'static str>>,
) -> End {
    let critical = ctx
        .settings
        .thresholds
        .limit(Limit::IncidentRollbackErrorRate);
    let cfg = Config {
        flag: ctx.settings.rollout.flag.clone(),
        critical,
        poll,
        analysis: ctx.settings.analysis,
    };
    let mut machine = Planned::new(
        st.plan.clone(),
        start,
        st.expected_percentage(),
        cfg.clone(),
    );
    let mut step = machine.start();
    let mut began = clock.now();
    let mut soak: Option<SoakView> = None;
    loop {
        let event = match step {
            Step::Finish(end) => {
                if let Some(s) = soak.take() {
                    s.finish();
                }
                return end;
            }
            Step::Begin(i) => match *stop.borrow() {
                Some(sig) => Event::Interrupted(sig),
                None => {
                    // Recorded as started before it runs: a run killed in it (`kill -9`)
                    // leaves this, and the resume knows what may be half done.
                    st.in_flight = Some(InFlight {
                        index: i,
                        started: now_text(),
                    });
                    began = clock.now();
                    match state::save(path, st) {
                        Ok(()) => Event::Recorded,
                        Err(e) => {
                            st.in_flight = None;
                            Event::RecordFailed(format!("cannot record progress in {}: {e}", path))
                        }
                    }
                }
            },
            Step::ReadFlag => {
                let client = &ctx.client;
                let flag = parse_flag(
                    &fetch::json(client, &ctx.printer, Endpoint::FeatureFlags).await,
                    &client.label(Endpoint::FeatureFlags),
                    &ctx.settings.rollout.flag,
                );
                match (&flag, st.enabled) {
                    (Ok(f), Some(was)) if f.enabled != was => Event::FlagToggled(format!(
                        "the flag was {}",
                        if f.enabled { "enabled" } else { "disabled" }
                    )),
                    _ => Event::FlagRead(flag.map(|f| f.percentage)),
                }
            }
            Step::SetPercentage(p) => {
                let a = ctx
                    .actor()
                    .perform(step_down(&ctx.settings.rollout.flag, p))
                    .await;
                let event = acted(a.outcome, &a.detail);
                report.actions.push(a);
                tell(ctx, report, st).await;
                event
            }
            Step::StartSoak { at, wait } => {
                let analysis = soak_analysis(&cfg, wait);
                let view = soak.insert(SoakView::start(
                    ctx,
                    clock.now(),
                    (at, wait, poll, critical),
                    analysis,
                ));
                soak_read(ctx, clock, view, stop).await
            }
            Step::ReadErrorRate => match soak.as_mut() {
                Some(view) => soak_read(ctx, clock, view, stop).await,
                // Not in a soak: answered with nothing the machine accepts, so it stops.
                None => Event::Recorded,
            },
            Step::Wait { until } => match soak.as_ref() {
                Some(view) => tokio::select! {
                    () = view.wait(clock, until) => Event::Waited {
                        elapsed: view.elapsed(clock.now()),
                    },
                    sig = signalled(stop) => Event::Interrupted(sig),
                },
                None => Event::Recorded,
            },
            Step::RunStage(stage) => {
                let (name, what, need) = match stage {
                    Stage::Redeploy => (
                        "redeploy",
                        "the redeploy of the previous version",
                        Need::Required,
                    ),
                    _ => ("database_rollback", "the database rollback", Need::Optional),
                };
                let a = shell_step(ctx, report, name, what, need).await;
                let event = acted(a.outcome, &a.detail);
                report.actions.push(a);
                tell(ctx, report, st).await;
                event
            }
            Step::Validate => {
                let before = report.checks.len();
                validate::checks_into(ctx, report).await;
                Event::Validated(crate::policy::check::worst(&report.checks[before..]))
            }
            Step::EndStage(end) => {
                if let Some(s) = soak.take() {
                    s.finish();
                }
                let took = clock.now().saturating_duration_since(began);
                end_stage(report, timeline, st, path, end, took)
            }
            Step::Emergency { at, rate } => {
                emergency_path(ctx, report, timeline, at, rate, critical).await
            }
        };
        step = machine.next(event);
    }
}

fn acted(outcome: Outcome, detail: &Option<String>) -> Event {
    Event::Acted {
        outcome,
        detail: detail.clone().unwrap_or_default(),
    }
}

async fn soak_read(
    ctx: &Ctx,
    clock: &impl Clock,
    view: &mut SoakView,
    stop: &mut watch::Receiver<Option<&'static str>>,
) -> Event {
    tokio::select! {
        rate = view.read(ctx) => Event::SoakReading { rate, elapsed: view.elapsed(clock.now()) },
        sig = signalled(stop) => Event::Interrupted(sig),
    }
}

/// The stage's row in the timeline and the record; one that is done advances the run and is
/// saved at once.
fn end_stage(
    report: &mut Report,
    timeline: &mut Timeline,
    st: &mut PlannedState,
    path: &crate::state::Doc,
    end: StageEnd,
    took: Duration,
) -> Event {
    let stage = st.plan[end.index].describe();
    report.checks.extend(end.check);
    report.notes.extend(end.note);
    timeline.push(stage.clone(), end.outcome, took, end.detail);
    let at = now_text();
    st.history.push(StageRecord {
        index: end.index,
        stage,
        outcome: end.outcome.label().to_string(),
        duration_ms: took.as_millis() as u64,
        at: at.clone(),
    });
    st.updated = at;
    if !end.done {
        // Saved with the end of the run.
        return Event::Recorded;
    }
    st.completed = end.index + 1;
    st.in_flight = None;
    match state::save(path, st) {
        Ok(()) => Event::Recorded,
        Err(e) => Event::RecordFailed(format!("cannot record progress in {}: {e}", path)),
    }
}

/// A soak saw the error rate past the critical threshold: the emergency rollback, after its
/// confirmation (or `--yes`).
async fn emergency_path(
    ctx: &Ctx,
    report: &mut Report,
    timeline: &mut Timeline,
    at: u8,
    rate: f64,
    critical: f64,
) -> Event {
    ctx.printer.warn(format!(
        "error rate {} % is past the critical {} % during the soak at {at} %: switching to the \
         emergency rollback",
        number(rate),
        number(critical)
    ));
    let plan = emergency::plan_lines(ctx);
    let question = format!(
        "Run the EMERGENCY rollback on {} now?",
        ctx.settings.env_label()
    );
    if let Err(why) = ctx.actor().confirm_with(&plan, &question) {
        return Event::EmergencyDeclined(why);
    }
    report.notes.push(format!(
        "emergency path taken: the error rate read {} % during the soak at {at} %",
        number(rate)
    ));
    emergency::execute(ctx, report, timeline).await;
    Event::EmergencyDone
}

/// Tells the `[notify]` sinks what just happened (the rollback started, a step failed), not
/// when the run ends: the state goes in the report first, as the messages read it.
async fn tell(ctx: &Ctx, report: &mut Report, st: &PlannedState) {
    report.set_data("state", st);
    ctx.live.catch_up(report, &ctx.printer).await;
}

/// One step down: lowering exposure needs no confirmation, and is read back.
pub(crate) fn step_down(flag: &str, percentage: u8) -> PlannedWrite {
    PlannedWrite {
        name: format!("set rollout to {percentage} %"),
        endpoint: Endpoint::SetFeatureFlags,
        body: Some(flag_body(flag, json!({ "percentage": percentage }))),
        says: format!("step {flag} down to {percentage} %"),
        readback: ReadBack::Flag(json!({ "percentage": percentage })),
    }
}
