//! The planned rollback's executor: does what `policy::planned` says, one step at a time, and
//! answers with what happened. All I/O is here (reads, writes through `act`, shell steps, the
//! state file, the report); all waiting is through the injected [`Clock`], so tests run the
//! soaks on virtual time.

use std::time::{Duration, SystemTime};

use serde::Serialize;
use serde_json::{Value, json};
use tokio::sync::watch;

use crate::act::ReadBack;
use crate::commands::clock::Clock;
use crate::commands::rollback::soak::SoakView;
use crate::commands::rollback::{Timeline, emergency, shell_step, state};
use crate::commands::{Ctx, fetch, validate};
use crate::output::render::number;
use crate::output::{Action, Payload, Report, Section};
use crate::policy::plan::PlannedWrite;
use crate::policy::planned::{Config, End, Event, Planned, StageEnd, Step, soak_analysis};
use crate::policy::rollback::{InFlight, PlannedState, Stage, StageRecord};
use crate::policy::rollout::{flag_body, parse_flag};
use crate::policy::skipped::Need;
use crate::policy::thresholds::Limit;
use crate::signals::signalled;
use crate::vocab::Endpoint;

fn now_text() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// What every stage of a run works with.
pub(crate) struct Run<'a, C: Clock> {
    pub ctx: &'a Ctx,
    pub clock: &'a C,
    pub report: &'a mut Report,
    pub timeline: &'a mut Timeline,
    pub path: &'a crate::state::Doc,
    pub poll: Duration,
    pub stop: &'a mut watch::Receiver<Option<&'static str>>,
}

/// The stage in progress: when it began, and its soak, if it is one; and the flag's user
/// groups as this process first read them (a rollback never sets them: a change is someone
/// else's).
struct Current {
    began: tokio::time::Instant,
    soak: Option<SoakView>,
    groups: Option<Vec<String>>,
}

impl Current {
    fn end_soak(&mut self) {
        if let Some(s) = self.soak.take() {
            s.finish();
        }
    }
}

impl<C: Clock> Run<'_, C> {
    /// Runs `st.plan` from stage `start` to its end: a stop, the emergency path, or done.
    /// `st` is saved before and after every stage; the report gets the actions, checks and
    /// notes. The machine decides each step; this answers with what happened.
    pub(crate) async fn execute(&mut self, st: &mut PlannedState, start: usize) -> End {
        let cfg = Config {
            flag: self.ctx.settings.rollout.flag.clone(),
            critical: self.critical(),
            poll: self.poll,
            analysis: self.ctx.settings.analysis,
        };
        let mut machine = Planned::new(
            st.plan.clone(),
            start,
            st.expected_percentage(),
            cfg.clone(),
        );
        let mut cur = Current {
            began: self.clock.now(),
            soak: None,
            groups: None,
        };
        let mut step = machine.start();
        loop {
            if let Step::Finish(end) = step {
                cur.end_soak();
                return end;
            }
            let event = self.event(step, st, &cfg, &mut cur).await;
            step = machine.next(event);
        }
    }

    fn critical(&self) -> f64 {
        self.ctx
            .settings
            .thresholds
            .limit(Limit::IncidentRollbackErrorRate)
    }

    /// Does `step`, and says what happened as the machine reads it.
    async fn event(
        &mut self,
        step: Step,
        st: &mut PlannedState,
        cfg: &Config,
        cur: &mut Current,
    ) -> Event {
        match step {
            Step::Begin(i) => self.begin(st, i, cur),
            Step::ReadFlag => self.read_flag(st, cur).await,
            Step::SetPercentage(p) => {
                let write = step_down(&self.ctx.settings.rollout.flag, p);
                let a = self.ctx.actor().perform(write).await;
                self.acted(a, st).await
            }
            Step::StartSoak { at, wait } => {
                let view = SoakView::start(
                    self.ctx,
                    self.clock.now(),
                    (at, wait, self.poll, cfg.critical),
                    soak_analysis(cfg, wait),
                );
                let view = cur.soak.insert(view);
                soak_read(self.ctx, self.clock, view, self.stop).await
            }
            Step::ReadErrorRate => match cur.soak.as_mut() {
                Some(view) => soak_read(self.ctx, self.clock, view, self.stop).await,
                // Not in a soak: answered with nothing the machine accepts, so it stops.
                None => Event::Recorded,
            },
            Step::Wait { until } => match cur.soak.as_ref() {
                Some(view) => tokio::select! {
                    () = view.wait(self.clock, until) => Event::Waited {
                        elapsed: view.elapsed(self.clock.now()),
                    },
                    sig = signalled(self.stop) => Event::Interrupted(sig),
                },
                None => Event::Recorded,
            },
            Step::RunStage(stage) => self.run_stage(st, stage).await,
            Step::Validate => self.validate().await,
            Step::EndStage(end) => {
                cur.end_soak();
                let took = self.clock.now().saturating_duration_since(cur.began);
                end_stage(self.report, self.timeline, st, self.path, end, took)
            }
            Step::Emergency { at, rate } => {
                emergency_path(self.ctx, self.report, self.timeline, at, rate, cfg.critical).await
            }
            // The loop in `execute` ends on it before asking here.
            Step::Finish(_) => Event::Recorded,
        }
    }

    /// Recorded as started before it runs: a run killed in it (`kill -9`) leaves this, and
    /// the resume knows what may be half done. A signal that came stops here instead.
    fn begin(&mut self, st: &mut PlannedState, i: usize, cur: &mut Current) -> Event {
        if let Some(sig) = *self.stop.borrow() {
            return Event::Interrupted(sig);
        }
        st.in_flight = Some(InFlight {
            index: i,
            started: now_text(),
        });
        cur.began = self.clock.now();
        match state::save(self.path, st) {
            Ok(()) => Event::Recorded,
            Err(e) => {
                st.in_flight = None;
                Event::RecordFailed(format!("cannot record progress in {}: {e}", self.path))
            }
        }
    }

    /// The flag before a step down: someone else may have moved, toggled or regrouped it.
    async fn read_flag(&self, st: &PlannedState, cur: &mut Current) -> Event {
        let client = &self.ctx.client;
        let flag = parse_flag(
            &fetch::json(client, &self.ctx.printer, Endpoint::FeatureFlags).await,
            &client.label(Endpoint::FeatureFlags),
            &self.ctx.settings.rollout.flag,
        );
        if let Ok(f) = &flag {
            let first = cur.groups.get_or_insert_with(|| f.user_groups.clone());
            if *first != f.user_groups {
                return Event::FlagToggled(format!(
                    "the flag's user groups were changed (to {:?})",
                    f.user_groups
                ));
            }
        }
        match (&flag, st.enabled) {
            (Ok(f), Some(was)) if f.enabled != was => Event::FlagToggled(format!(
                "the flag was {}",
                if f.enabled { "enabled" } else { "disabled" }
            )),
            _ => Event::FlagRead(flag.map(|f| f.percentage)),
        }
    }

    /// The redeploy or the database rollback: a configured shell step.
    async fn run_stage(&mut self, st: &PlannedState, stage: Stage) -> Event {
        let (name, what, need) = match stage {
            Stage::Redeploy => (
                "redeploy",
                "the redeploy of the previous version",
                Need::Required,
            ),
            _ => ("database_rollback", "the database rollback", Need::Optional),
        };
        let a = shell_step(self.ctx, self.report, name, what, need).await;
        self.acted(a, st).await
    }

    /// A write or a step, in the report and told to `[notify]` at once.
    async fn acted(&mut self, a: Action, st: &PlannedState) -> Event {
        let event = Event::Acted {
            outcome: a.outcome,
            detail: a.detail.clone().unwrap_or_default(),
        };
        self.report.actions.push(a);
        tell(self.ctx, self.report, st).await;
        event
    }

    /// The validate checks. By default the served worker is one line (the -v table has its
    /// ETag and Last-Modified; the JSON `worker` all of it).
    async fn validate(&mut self) -> Event {
        let (checks, sections) = (self.report.checks.len(), self.report.sections.len());
        validate::checks_into(self.ctx, self.report).await;
        if !self.ctx.printer.is_verbose() {
            self.report.sections.truncate(sections);
            if let Some(line) = served_line(&self.report.data) {
                // No header: one line.
                self.report.sections.push(Section {
                    title: line,
                    ..Default::default()
                });
            }
        }
        Event::Validated(crate::policy::check::worst(&self.report.checks[checks..]))
    }
}

/// "Served worker (version, SHA-256): /sw-enhanced.js v0.9.0 3e1ed6620c1e", from the JSON
/// `worker.served` validate wrote.
fn served_line(data: &serde_json::Map<String, Value>) -> Option<String> {
    let served = data.get("worker")?.get("served")?.as_array()?;
    let each: Vec<String> = served
        .iter()
        .map(|w| {
            let text = |k: &str| w.get(k).and_then(Value::as_str).unwrap_or("?");
            let sha: String = text("sha256").chars().take(12).collect();
            format!("{} {} {sha}", text("path"), text("version"))
        })
        .collect();
    Some(format!(
        "Served worker (version, SHA-256): {}",
        each.join(", ")
    ))
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
    report.attach(&StateReport { state: st });
    ctx.live.catch_up(report, &ctx.printer).await;
}

/// The run's record (JSON `state`): what `[notify]` messages and `rollout run` read. No table:
/// the plan's is made of it.
#[derive(Serialize)]
pub(crate) struct StateReport<'a> {
    pub state: &'a PlannedState,
}

impl Payload for StateReport<'_> {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
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
