//! The planned rollback's decisions, as a state machine with no I/O and no clock: the executor
//! (`commands::rollback::execute`) does what each [`Step`] says and answers with the [`Event`]
//! that happened; [`Planned::next`] says what to do next. Time enters only as the soak's
//! elapsed time carried by the events, so every transition is a row of the tables below.
//!
//! Per stage: `Begin` (recorded as started, or stopped by a signal) → its work → `EndStage`
//! (recorded; saved when it advanced the run) → the next stage, a stop, or the emergency path.
//!
//! A soak reads the error rate every `poll`. Without `[analysis]`, one reading past the critical
//! line takes the emergency path and the soak ends at its length. With it, the readings are an
//! analysis over the soak ([`soak_analysis`]; each judged by `policy::error_window`): passed →
//! the next stage; failed (past `failure_limit`) → the emergency path; inconclusive → stopped,
//! resumable, nothing lowered further or raised.

use std::time::Duration;

use crate::numbers::number;
use crate::policy::analysis::{AnalysisOutcome as Analysis, AnalysisSettings, Judgement, outcome};
use crate::policy::check::Check;
use crate::policy::error_window;
use crate::policy::figure::Figure;
use crate::policy::outcome::Outcome;
use crate::policy::rollback::{SoakWatch, Stage, spike};
use crate::vocab::Severity;

/// What the machine needs besides the plan.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Config {
    /// The rollout flag's name (for the check of an unreadable flag).
    pub flag: String,
    /// The error rate above which a soak switches to the emergency rollback.
    pub critical: f64,
    /// How often a soak reads the error rate.
    pub poll: Duration,
    /// `[analysis]`: the soak's readings judged as a window (see [`soak_analysis`]).
    pub analysis: Option<AnalysisSettings>,
}

/// The analysis of a soak of `wait`: a measurement every `poll` (the soak's own reading pace),
/// at least `[analysis] count` of them and enough to cover the soak; the limits as configured.
pub(crate) fn soak_analysis(cfg: &Config, wait: Duration) -> Option<AnalysisSettings> {
    cfg.analysis.map(|a| {
        AnalysisSettings {
            interval: cfg.poll,
            ..a
        }
        .over(wait)
    })
}

/// What happened, as the executor saw it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Event {
    /// The stage's start, or its end, is recorded (in the state file when that is needed).
    Recorded,
    /// Recording failed: the executor's words (which file, why).
    RecordFailed(String),
    /// The flag's percentage, or why it could not be read (UNKNOWN).
    FlagRead(Result<f64, String>),
    /// The flag was enabled or disabled since the plan was made (a planned rollback does
    /// neither): someone else's change, in the executor's words.
    FlagToggled(String),
    /// A write or a shell step ended, as `act` reported it.
    Acted {
        outcome: Outcome,
        detail: String,
    },
    /// A soak's reading of the error rate, `elapsed` into the soak.
    SoakReading {
        rate: Figure,
        elapsed: Duration,
    },
    /// A soak's wait ended, `elapsed` into the soak.
    Waited {
        elapsed: Duration,
    },
    /// The validate checks ran; their worst status.
    Validated(Severity),
    EmergencyDone,
    /// The emergency rollback was not confirmed.
    EmergencyDeclined(String),
    /// SIGINT or SIGTERM, at a safe point (before a stage, or mid-soak).
    Interrupted(&'static str),
}

/// What to do next.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Step {
    /// Record stage `index` as started (in flight) before it runs; a signal that came stops
    /// here instead. Answer: `Recorded`, `RecordFailed` or `Interrupted`.
    Begin(usize),
    /// Read the flag before stepping down (someone else may have moved it). `FlagRead`.
    ReadFlag,
    /// Set the rollout percentage through `act` (read back). `Acted`.
    SetPercentage(u8),
    /// Start the soak's clock (and its progress), then read the error rate. `SoakReading`.
    StartSoak { at: u8, wait: Duration },
    /// Read the error rate. `SoakReading` or `Interrupted`.
    ReadErrorRate,
    /// Wait until `until` into the soak. `Waited` or `Interrupted`.
    Wait { until: Duration },
    /// Run the configured shell step of this stage (redeploy or database_rollback). `Acted`.
    RunStage(Stage),
    /// Run the validate checks. `Validated`.
    Validate,
    /// The stage ended: report and record it. `Recorded` or `RecordFailed`.
    EndStage(StageEnd),
    /// The error rate spiked during the soak at `at` %: confirm and run the emergency
    /// rollback. `EmergencyDone` or `EmergencyDeclined`.
    Emergency { at: u8, rate: f64 },
    /// The run is over.
    Finish(End),
}

/// How a stage ended, for the report and the record.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StageEnd {
    pub index: usize,
    pub outcome: Outcome,
    pub detail: String,
    /// It did its work: the run advances past it (`completed`, saved).
    pub done: bool,
    /// A check for the report (a soak's error rate, an unreadable flag).
    pub check: Option<Check>,
    /// A note for the report.
    pub note: Option<String>,
}

/// How the run ended.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum End {
    Completed,
    /// Stopped, resumable: a failed or unconfigured step, a flag moved by someone else, an
    /// unreadable figure the next write depends on, a declined confirmation, a signal.
    Stop(String),
    /// The emergency path ran: the planned rollback is over, not resumable.
    Emergency,
}

/// What follows a stage's end once it is recorded.
#[derive(Clone, Debug, PartialEq)]
enum Then {
    Next,
    Stop(String),
    Emergency { at: u8, rate: f64 },
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Beginning,
    ReadingFlag { percentage: u8 },
    Setting { percentage: u8 },
    Soaking(Soak),
    Stepping,
    Validating,
    Ending(Then),
    Emergency { at: u8, rate: f64 },
    Over,
}

#[derive(Clone, Debug, PartialEq)]
struct Soak {
    at: u8,
    wait: Duration,
    next_poll: Duration,
    watch: SoakWatch,
    /// With `[analysis]`: its settings and the readings' verdicts so far.
    analysis: Option<(AnalysisSettings, Vec<Judgement>)>,
}

/// A planned rollback in progress: the plan, the stage it is at, the percentage the flag
/// should read, and where in that stage it is.
#[derive(Clone, Debug)]
pub(crate) struct Planned {
    plan: Vec<Stage>,
    cfg: Config,
    index: usize,
    expected: f64,
    phase: Phase,
}

impl Planned {
    /// From stage `start` of `plan`, with the flag expected at `expected` % (where the
    /// completed stages left it).
    pub(crate) fn new(plan: Vec<Stage>, start: usize, expected: f64, cfg: Config) -> Planned {
        Planned {
            plan,
            cfg,
            index: start,
            expected,
            phase: Phase::Over,
        }
    }

    /// The first step.
    pub(crate) fn start(&mut self) -> Step {
        self.begin()
    }

    fn begin(&mut self) -> Step {
        if self.index >= self.plan.len() {
            return self.finish(End::Completed);
        }
        self.phase = Phase::Beginning;
        Step::Begin(self.index)
    }

    fn finish(&mut self, end: End) -> Step {
        self.phase = Phase::Over;
        Step::Finish(end)
    }

    fn emergency(&mut self, at: u8, rate: f64) -> Step {
        self.phase = Phase::Emergency { at, rate };
        Step::Emergency { at, rate }
    }

    fn describe(&self) -> String {
        self.plan
            .get(self.index)
            .map(Stage::describe)
            .unwrap_or_default()
    }

    fn end_stage(
        &mut self,
        outcome: Outcome,
        detail: String,
        done: bool,
        check: Option<Check>,
        then: Then,
    ) -> Step {
        let note = self.end_note(outcome);
        self.phase = Phase::Ending(then);
        Step::EndStage(StageEnd {
            index: self.index,
            outcome,
            detail,
            done,
            check,
            note,
        })
    }

    fn end_note(&self, outcome: Outcome) -> Option<String> {
        (self.plan.get(self.index) == Some(&Stage::DatabaseRollback) && outcome == Outcome::Skipped)
            .then(|| {
                "database_rollback is not configured: no database rollback was run (optional; \
                 configure [steps.database_rollback] if the release migrated data)"
                    .to_string()
            })
    }

    // Long by design: this one match is the machine, every (phase, event) transition in one
    // place, and the tests drive it as scripts of (event, step) rows.
    /// What to do after `event`.
    pub(crate) fn next(&mut self, event: Event) -> Step {
        let phase = std::mem::replace(&mut self.phase, Phase::Over);
        match (phase, event) {
            (Phase::Beginning, Event::Recorded) => self.work(),
            (Phase::Beginning, Event::RecordFailed(why)) => {
                let stop = format!("{why}; stopped before: {}", self.describe());
                self.finish(End::Stop(stop))
            }
            (Phase::Beginning, Event::Interrupted(sig)) => {
                let stop = format!("interrupted by {sig} before: {}", self.describe());
                self.finish(End::Stop(stop))
            }

            (Phase::ReadingFlag { percentage }, Event::FlagRead(Err(why))) => {
                let check = Check::note(
                    format!("{} flag", self.cfg.flag),
                    Severity::Unknown,
                    why.clone(),
                );
                let stop =
                    format!("the flag could not be read before setting {percentage} %: {why}");
                self.end_stage(Outcome::Skipped, why, false, Some(check), Then::Stop(stop))
            }
            (Phase::ReadingFlag { .. }, Event::FlagToggled(what)) => {
                let why = format!(
                    "{what} since this rollback began: someone else changed it; stopped rather \
                     than fight them"
                );
                self.end_stage(Outcome::Skipped, why.clone(), false, None, Then::Stop(why))
            }
            (Phase::ReadingFlag { percentage }, Event::FlagRead(Ok(now))) => {
                if now != self.expected {
                    let why = format!(
                        "the flag reads {} %, not the {} % this run left it at: someone else \
                         changed it; stopped rather than fight them",
                        number(now),
                        number(self.expected)
                    );
                    return self.end_stage(
                        Outcome::Skipped,
                        why.clone(),
                        false,
                        None,
                        Then::Stop(why),
                    );
                }
                self.phase = Phase::Setting { percentage };
                Step::SetPercentage(percentage)
            }
            (Phase::Setting { percentage }, Event::Acted { outcome, detail }) => {
                if outcome == Outcome::Done {
                    self.expected = f64::from(percentage);
                    self.end_stage(outcome, detail, true, None, Then::Next)
                } else {
                    let stop = format!("setting {percentage} % failed: {detail}");
                    self.end_stage(outcome, detail, false, None, Then::Stop(stop))
                }
            }

            (Phase::Soaking(mut soak), Event::SoakReading { rate, elapsed }) => {
                soak.watch.record(&rate);
                if soak.analysis.is_some() {
                    return self.soak_analysed(soak, rate, elapsed);
                }
                if spike(&rate, self.cfg.critical) {
                    let rate = rate.value().unwrap_or_default();
                    let detail = format!(
                        "error rate {} % past the critical {} %",
                        number(rate),
                        number(self.cfg.critical)
                    );
                    let check = soak.watch.check(soak.at, self.cfg.critical);
                    let then = Then::Emergency { at: soak.at, rate };
                    return self.end_stage(Outcome::Failed, detail, false, Some(check), then);
                }
                soak.next_poll = elapsed + self.cfg.poll;
                self.soak_on(soak, elapsed)
            }
            (Phase::Soaking(soak), Event::Waited { elapsed }) => {
                if elapsed >= soak.next_poll {
                    self.phase = Phase::Soaking(soak);
                    return Step::ReadErrorRate;
                }
                self.soak_on(soak, elapsed)
            }
            (Phase::Soaking(soak), Event::Interrupted(sig)) => {
                let check = soak.watch.check(soak.at, self.cfg.critical);
                let seen = check.detail.clone().unwrap_or_default();
                let stop = format!(
                    "interrupted by {sig} during the soak at {} % (it runs again in full on \
                     resume)",
                    soak.at
                );
                self.end_stage(
                    Outcome::Skipped,
                    format!("interrupted by {sig}; {seen}"),
                    false,
                    Some(check),
                    Then::Stop(stop),
                )
            }

            (Phase::Stepping, Event::Acted { outcome, detail }) => {
                let stage = self.plan[self.index].clone();
                let required = stage == Stage::Redeploy;
                match outcome {
                    Outcome::Skipped if required => {
                        let stop = "the redeploy step is not configured: the previous version \
                                    was NOT deployed. Configure [steps.redeploy] (or deploy by \
                                    hand and configure a no-op), then resume";
                        self.end_stage(outcome, detail, false, None, Then::Stop(stop.into()))
                    }
                    // Optional: not configured means this rollback needs none.
                    Outcome::Skipped | Outcome::Done => {
                        self.end_stage(outcome, detail, true, None, Then::Next)
                    }
                    _ if !required && outcome != Outcome::Failed => {
                        self.end_stage(outcome, detail, true, None, Then::Next)
                    }
                    _ => {
                        let name = if required {
                            "redeploy"
                        } else {
                            "database_rollback"
                        };
                        let stop = format!("the {name} step failed: {detail}");
                        self.end_stage(outcome, detail, false, None, Then::Stop(stop))
                    }
                }
            }
            (Phase::Validating, Event::Validated(worst)) => self.end_stage(
                Outcome::Done,
                format!("validate: {}", worst.label()),
                true,
                None,
                Then::Next,
            ),

            (Phase::Ending(then), Event::Recorded) => match then {
                Then::Next => {
                    self.index += 1;
                    self.begin()
                }
                Then::Stop(why) => self.finish(End::Stop(why)),
                Then::Emergency { at, rate } => self.emergency(at, rate),
            },
            (Phase::Ending(then), Event::RecordFailed(why)) => match then {
                Then::Next => {
                    self.finish(End::Stop(format!("{why}; stopped before the next step")))
                }
                Then::Stop(stop) => self.finish(End::Stop(stop)),
                // The error rate is past critical: a file that cannot be written must not
                // hold the emergency rollback back.
                Then::Emergency { at, rate } => self.emergency(at, rate),
            },

            (Phase::Emergency { .. }, Event::EmergencyDone) => self.finish(End::Emergency),
            (Phase::Emergency { at, rate }, Event::EmergencyDeclined(why)) => {
                self.finish(End::Stop(format!(
                    "the error rate read {} % (past {} %) during the soak at {at} %, and the \
                     emergency rollback was not confirmed ({why}); the rollout stands at {at} %: \
                     run `swcache rollback emergency` now",
                    number(rate),
                    number(self.cfg.critical)
                )))
            }

            // A signal while a stage's own work runs (the executor lets that finish, so this
            // is a stop at the stage, not in it).
            (
                Phase::ReadingFlag { .. }
                | Phase::Setting { .. }
                | Phase::Stepping
                | Phase::Validating,
                Event::Interrupted(sig),
            ) => {
                let stop = format!("interrupted by {sig} during: {}", self.describe());
                self.end_stage(
                    Outcome::Skipped,
                    format!("interrupted by {sig}"),
                    false,
                    None,
                    Then::Stop(stop),
                )
            }
            // Anything else is the executor answering a step it was not given: stop, never
            // guess onwards.
            (phase, event) => self.finish(End::Stop(format!(
                "internal error: {event:?} does not answer {phase:?}; stopped at: {}",
                self.describe()
            ))),
        }
    }

    /// The first step of the stage just begun.
    fn work(&mut self) -> Step {
        match self.plan[self.index].clone() {
            Stage::Percentage { percentage } => {
                self.phase = Phase::ReadingFlag { percentage };
                Step::ReadFlag
            }
            Stage::Soak { at, wait_ms } => {
                let wait = Duration::from_millis(wait_ms);
                self.phase = Phase::Soaking(Soak {
                    at,
                    wait,
                    next_poll: Duration::ZERO,
                    watch: SoakWatch::default(),
                    analysis: soak_analysis(&self.cfg, wait).map(|a| (a, Vec::new())),
                });
                Step::StartSoak { at, wait }
            }
            stage @ (Stage::Redeploy | Stage::DatabaseRollback) => {
                self.phase = Phase::Stepping;
                Step::RunStage(stage)
            }
            Stage::Validate => {
                self.phase = Phase::Validating;
                Step::Validate
            }
        }
    }

    /// A reading of a soak under analysis: the window's outcome decides, not the clock.
    fn soak_analysed(&mut self, mut soak: Soak, rate: Figure, elapsed: Duration) -> Step {
        let Some((settings, verdicts)) = soak.analysis.as_mut() else {
            return self.soak_on(soak, elapsed);
        };
        verdicts.push(error_window::verdict(&rate, self.cfg.critical));
        let settings = *settings;
        let (n, decided) = (verdicts.len(), outcome(&settings, verdicts));
        let at = soak.at;
        let mut check = soak.watch.check(at, self.cfg.critical);
        let seen = check.detail.clone().unwrap_or_default();
        let summary = format!(
            "analysis {} after {n} measurement{} (failure limit {}, inconclusive limit {})",
            decided.label(),
            if n == 1 { "" } else { "s" },
            settings.failure_limit,
            settings.inconclusive_limit
        );
        check.detail = Some(format!("{seen}; {summary}"));
        match decided {
            Analysis::Running => {
                soak.next_poll = elapsed + self.cfg.poll;
                let until = soak.next_poll;
                self.phase = Phase::Soaking(soak);
                Step::Wait { until }
            }
            Analysis::Passed => {
                // A spike the failure limit tolerated is a warning, not the emergency.
                check.status = check.status.min(Severity::Warning);
                self.end_stage(Outcome::Done, summary, true, Some(check), Then::Next)
            }
            Analysis::Failed => {
                // Failed only on a failing reading, which is a known figure past the line.
                let rate = rate.value().unwrap_or_default();
                check.status = Severity::Critical;
                let detail = format!(
                    "error rate {} % past the critical {} %: {summary}",
                    number(rate),
                    number(self.cfg.critical)
                );
                self.end_stage(
                    Outcome::Failed,
                    detail,
                    false,
                    Some(check),
                    Then::Emergency { at, rate },
                )
            }
            Analysis::Inconclusive => {
                check.status = Severity::Unknown;
                let stop = format!(
                    "the error rate's {summary} during the soak at {at} % ({seen}): the rollout \
                     stays at {at} %, nothing lowered further; run `swcache rollback planned \
                     --resume` once the error rate can be read (the soak runs again in full)"
                );
                self.end_stage(
                    Outcome::Skipped,
                    summary,
                    false,
                    Some(check),
                    Then::Stop(stop),
                )
            }
        }
    }

    /// A soak between readings: over at its length, else wait for the next reading (or the
    /// end, whichever is first). Under analysis, the next reading: the outcome ends it.
    fn soak_on(&mut self, soak: Soak, elapsed: Duration) -> Step {
        if soak.analysis.is_some() {
            let until = soak.next_poll;
            self.phase = Phase::Soaking(soak);
            return Step::Wait { until };
        }
        if elapsed >= soak.wait {
            let check = soak.watch.check(soak.at, self.cfg.critical);
            let seen = check.detail.clone().unwrap_or_default();
            return self.end_stage(Outcome::Done, seen, true, Some(check), Then::Next);
        }
        let until = soak.next_poll.min(soak.wait);
        self.phase = Phase::Soaking(soak);
        Step::Wait { until }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::rollback::{
        DEFAULT_ROLLBACK_STEPS, InFlight, PlannedState, RunStatus, STATE_VERSION, plan,
        resume_point,
    };
    use crate::policy::rollout::FlagState;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    fn cfg() -> Config {
        Config {
            flag: "enhanced-cache".into(),
            critical: 10.0,
            poll: MS(100),
            analysis: None,
        }
    }

    /// From 50 %: 25, soak 300 ms, 10, soak, 0, redeploy, database, validate.
    fn machine(start: usize, expected: f64) -> Planned {
        Planned::new(
            plan(50.0, &DEFAULT_ROLLBACK_STEPS, MS(300)),
            start,
            expected,
            cfg(),
        )
    }

    fn acted(outcome: Outcome) -> Event {
        Event::Acted {
            outcome,
            detail: "d".into(),
        }
    }

    fn reading(rate: Figure, ms: u64) -> Event {
        Event::SoakReading {
            rate,
            elapsed: MS(ms),
        }
    }

    fn waited(ms: u64) -> Event {
        Event::Waited { elapsed: MS(ms) }
    }

    fn end(step: &Step) -> &StageEnd {
        match step {
            Step::EndStage(e) => e,
            other => panic!("not a stage end: {other:?}"),
        }
    }

    fn stop_reason(step: Step) -> String {
        match step {
            Step::Finish(End::Stop(why)) => why,
            other => panic!("not a stop: {other:?}"),
        }
    }

    /// Drives `m` through `script` (event, the step it must lead to), returning the last step.
    fn drive(m: &mut Planned, script: Vec<(Event, Step)>) {
        for (i, (event, want)) in script.into_iter().enumerate() {
            let shown = format!("{event:?}");
            let got = m.next(event);
            match (&want, &got) {
                // Stage ends are checked by their fields elsewhere; here by index and fate.
                (Step::EndStage(w), Step::EndStage(g)) => assert_eq!(
                    (w.index, w.outcome, w.done),
                    (g.index, g.outcome, g.done),
                    "row {i}: {shown}"
                ),
                _ => assert_eq!(want, got, "row {i}: {shown}"),
            }
        }
    }

    fn ended(index: usize, outcome: Outcome, done: bool) -> Step {
        Step::EndStage(StageEnd {
            index,
            outcome,
            detail: String::new(),
            done,
            check: None,
            note: None,
        })
    }

    #[test]
    fn a_whole_run_from_50_percent() {
        let mut m = machine(0, 50.0);
        assert_eq!(m.start(), Step::Begin(0));
        use Outcome::Done;
        drive(
            &mut m,
            vec![
                (Event::Recorded, Step::ReadFlag),
                (Event::FlagRead(Ok(50.0)), Step::SetPercentage(25)),
                (acted(Done), ended(0, Done, true)),
                (Event::Recorded, Step::Begin(1)),
                (
                    Event::Recorded,
                    Step::StartSoak {
                        at: 25,
                        wait: MS(300),
                    },
                ),
                (
                    reading(Figure::Known(1.0), 0),
                    Step::Wait { until: MS(100) },
                ),
                (waited(100), Step::ReadErrorRate),
                (
                    reading(Figure::Known(2.0), 101),
                    Step::Wait { until: MS(201) },
                ),
                (waited(201), Step::ReadErrorRate),
                (
                    reading(Figure::Known(2.0), 250),
                    Step::Wait { until: MS(300) },
                ),
                (waited(300), ended(1, Done, true)),
                (Event::Recorded, Step::Begin(2)),
                (Event::Recorded, Step::ReadFlag),
                (Event::FlagRead(Ok(25.0)), Step::SetPercentage(10)),
                (acted(Done), ended(2, Done, true)),
                (Event::Recorded, Step::Begin(3)),
                (
                    Event::Recorded,
                    Step::StartSoak {
                        at: 10,
                        wait: MS(300),
                    },
                ),
                (
                    reading(Figure::Known(1.0), 0),
                    Step::Wait { until: MS(100) },
                ),
                // A wake-up before the next reading is due (a progress refresh) waits on.
                (waited(50), Step::Wait { until: MS(100) }),
                (waited(100), Step::ReadErrorRate),
                (reading(Figure::Known(1.0), 300), ended(3, Done, true)),
                (Event::Recorded, Step::Begin(4)),
                (Event::Recorded, Step::ReadFlag),
                (Event::FlagRead(Ok(10.0)), Step::SetPercentage(0)),
                (acted(Done), ended(4, Done, true)),
                (Event::Recorded, Step::Begin(5)),
                (Event::Recorded, Step::RunStage(Stage::Redeploy)),
                (acted(Done), ended(5, Done, true)),
                (Event::Recorded, Step::Begin(6)),
                (Event::Recorded, Step::RunStage(Stage::DatabaseRollback)),
                (acted(Done), ended(6, Done, true)),
                (Event::Recorded, Step::Begin(7)),
                (Event::Recorded, Step::Validate),
                (Event::Validated(Severity::Warning), ended(7, Done, true)),
                (Event::Recorded, Step::Finish(End::Completed)),
            ],
        );
    }

    /// With `[analysis]` (count 3, failure limit 1, inconclusive limit 0): a soak of 300 ms
    /// read every 100 ms is a window of 4 measurements.
    fn analysed(start: usize, expected: f64) -> Planned {
        let cfg = Config {
            analysis: Some(AnalysisSettings {
                interval: Duration::from_secs(60),
                count: 3,
                failure_limit: 1,
                inconclusive_limit: 0,
            }),
            ..cfg()
        };
        Planned::new(
            plan(50.0, &DEFAULT_ROLLBACK_STEPS, MS(300)),
            start,
            expected,
            cfg,
        )
    }

    #[test]
    fn a_soak_under_analysis_is_decided_by_its_window() {
        let k = Figure::Known;
        let u = || Figure::Unknown("HTTP 503".into());
        assert_eq!(
            soak_analysis(&analysed(0, 50.0).cfg, MS(300)).map(|a| (a.interval, a.count)),
            Some((MS(100), 4)),
            "the soak's poll, enough measurements to cover it"
        );
        // (readings 100 ms apart, the stage's outcome and check, what follows its end)
        let cases: Vec<(Vec<Figure>, Outcome, Severity, Step)> = vec![
            (
                vec![k(1.0), k(2.0), k(1.0), k(1.0)],
                Outcome::Done,
                Severity::Ok,
                Step::Begin(2),
            ),
            // One spike within the failure limit: passed, the spike a warning.
            (
                vec![k(1.0), k(12.0), k(1.0), k(1.0)],
                Outcome::Done,
                Severity::Warning,
                Step::Begin(2),
            ),
            // Past the failure limit: the emergency path, at the failing reading.
            (
                vec![k(1.0), k(12.0), k(15.0)],
                Outcome::Failed,
                Severity::Critical,
                Step::Emergency { at: 25, rate: 15.0 },
            ),
            // An unreadable reading past the inconclusive limit: stopped, nothing lowered.
            (
                vec![k(1.0), u()],
                Outcome::Skipped,
                Severity::Unknown,
                Step::Finish(End::Stop(String::new())),
            ),
        ];
        for (readings, outcome, status, then) in cases {
            let mut m = analysed(1, 25.0);
            assert_eq!(m.start(), Step::Begin(1));
            assert!(matches!(
                m.next(Event::Recorded),
                Step::StartSoak { at: 25, .. }
            ));
            let mut step = Step::Begin(0);
            for (i, r) in readings.iter().enumerate() {
                let at = 100 * i as u64;
                if i > 0 {
                    assert_eq!(m.next(waited(at - 50)), Step::Wait { until: MS(at) });
                    assert_eq!(m.next(waited(at)), Step::ReadErrorRate, "{readings:?}");
                }
                step = m.next(reading(r.clone(), at));
                if i + 1 < readings.len() {
                    assert_eq!(
                        step,
                        Step::Wait {
                            until: MS(at + 100)
                        },
                        "{readings:?}"
                    );
                }
            }
            let e = end(&step);
            assert_eq!((e.index, e.outcome), (1, outcome), "{readings:?}");
            assert_eq!(e.done, outcome == Outcome::Done);
            let check = e.check.as_ref().unwrap();
            assert_eq!(check.status, status, "{readings:?}");
            assert!(
                check.detail.as_ref().unwrap().contains("analysis "),
                "{check:?}"
            );
            match (m.next(Event::Recorded), then) {
                (Step::Finish(End::Stop(why)), Step::Finish(End::Stop(_))) => {
                    assert!(why.contains("INCONCLUSIVE"), "{why}");
                    assert!(why.contains("stays at 25 %"), "{why}");
                }
                (got, want) => assert_eq!(got, want, "{readings:?}"),
            }
        }
    }

    #[test]
    fn a_soak_under_analysis_reads_on_until_decided() {
        // Count 6 at 100 ms covers more than the 300 ms soak: the window, not the clock, ends it.
        let mut m = analysed(1, 25.0);
        if let Some(a) = m.cfg.analysis.as_mut() {
            a.count = 6;
        }
        m.start();
        m.next(Event::Recorded);
        for i in 0..5u64 {
            if i > 0 {
                assert_eq!(m.next(waited(i * 100)), Step::ReadErrorRate);
            }
            assert_eq!(
                m.next(reading(Figure::Known(1.0), i * 100)),
                Step::Wait {
                    until: MS(i * 100 + 100)
                },
                "reading {i}"
            );
        }
        assert_eq!(m.next(waited(500)), Step::ReadErrorRate);
        let step = m.next(reading(Figure::Known(1.0), 500));
        assert_eq!((end(&step).outcome, end(&step).done), (Outcome::Done, true));
        // Interrupted mid-window: stopped like any soak, resumable.
        let mut m = analysed(1, 25.0);
        m.start();
        m.next(Event::Recorded);
        m.next(reading(Figure::Known(1.0), 0));
        let step = m.next(Event::Interrupted("SIGINT"));
        assert_eq!(
            (end(&step).outcome, end(&step).done),
            (Outcome::Skipped, false)
        );
    }

    #[test]
    fn a_soak_ends_with_its_check_and_reads_once_more_at_its_end() {
        let mut m = machine(1, 25.0);
        m.start();
        m.next(Event::Recorded);
        m.next(reading(Figure::Known(3.5), 0));
        m.next(reading(Figure::Unknown("HTTP 503".into()), 100));
        assert_eq!(m.next(waited(300)), Step::ReadErrorRate, "a last reading");
        let step = m.next(reading(Figure::Known(2.0), 300));
        let e = end(&step);
        assert!(e.done);
        let check = e.check.as_ref().unwrap();
        assert_eq!(check.status, Severity::Warning, "one poll unreadable");
        assert_eq!(check.value, Figure::Known(3.5));
        assert!(
            e.detail.contains("highest 3.5 % over 3 polls"),
            "{}",
            e.detail
        );
    }

    #[test]
    fn unknown_readings_never_move_the_run_and_never_spike() {
        // A soak that read nothing: done (the time passed), its check UNKNOWN.
        let mut m = machine(1, 25.0);
        m.start();
        m.next(Event::Recorded);
        let unknown = || Figure::Unknown("error rate: null".into());
        assert_eq!(m.next(reading(unknown(), 0)), Step::Wait { until: MS(100) });
        assert_eq!(m.next(waited(100)), Step::ReadErrorRate);
        let step = m.next(reading(unknown(), 300));
        let e = end(&step);
        assert_eq!(e.check.as_ref().unwrap().status, Severity::Unknown);
        assert_eq!(m.next(Event::Recorded), Step::Begin(2));

        // An UNKNOWN flag before a step-down: nothing is written, the run stops.
        let mut m = machine(0, 50.0);
        m.start();
        m.next(Event::Recorded);
        let step = m.next(Event::FlagRead(Err("HTTP 502".into())));
        let e = end(&step);
        assert_eq!((e.outcome, e.done), (Outcome::Skipped, false));
        let check = e.check.as_ref().unwrap();
        assert_eq!(
            (check.name.as_str(), check.status),
            ("enhanced-cache flag", Severity::Unknown)
        );
        let why = stop_reason(m.next(Event::Recorded));
        assert!(
            why.contains("could not be read before setting 25 %: HTTP 502"),
            "{why}"
        );
    }

    #[test]
    fn a_spike_during_a_soak_takes_the_emergency_path() {
        let spiked = || {
            let mut m = machine(1, 25.0);
            m.start();
            m.next(Event::Recorded);
            m.next(reading(Figure::Known(2.0), 0));
            m.next(waited(100));
            m
        };
        // (reading, spikes): strictly above critical, as the guide's `> 10`.
        for (rate, spikes) in [(10.0, false), (10.1, true), (12.0, true)] {
            let mut m = spiked();
            let step = m.next(reading(Figure::Known(rate), 100));
            if !spikes {
                assert_eq!(step, Step::Wait { until: MS(200) }, "{rate}");
                continue;
            }
            let e = end(&step);
            assert_eq!((e.outcome, e.done), (Outcome::Failed, false));
            assert_eq!(e.check.as_ref().unwrap().status, Severity::Critical);
            assert!(e.detail.contains("past the critical 10 %"), "{}", e.detail);
            assert_eq!(m.next(Event::Recorded), Step::Emergency { at: 25, rate });
            assert_eq!(m.next(Event::EmergencyDone), Step::Finish(End::Emergency));
        }
        // Declined: stopped, saying what to run now.
        let mut m = spiked();
        m.next(reading(Figure::Known(12.0), 100));
        m.next(Event::Recorded);
        let why = stop_reason(m.next(Event::EmergencyDeclined("no terminal".into())));
        assert!(why.contains("not confirmed (no terminal)"), "{why}");
        assert!(
            why.contains("run `swcache rollback emergency` now"),
            "{why}"
        );
        // A state file that cannot be written does not hold the emergency back.
        let mut m = spiked();
        m.next(reading(Figure::Known(12.0), 100));
        assert_eq!(
            m.next(Event::RecordFailed("disk full".into())),
            Step::Emergency { at: 25, rate: 12.0 }
        );
    }

    #[test]
    fn signals_stop_at_safe_points() {
        // Before a stage: nothing of it runs.
        let mut m = machine(2, 25.0);
        assert_eq!(m.start(), Step::Begin(2));
        let why = stop_reason(m.next(Event::Interrupted("SIGTERM")));
        assert_eq!(why, "interrupted by SIGTERM before: set rollout to 10 %");

        // Mid-soak: the soak ends not done (it runs again in full on resume).
        let mut m = machine(1, 25.0);
        m.start();
        m.next(Event::Recorded);
        m.next(reading(Figure::Known(2.0), 0));
        let step = m.next(Event::Interrupted("SIGINT"));
        let e = end(&step);
        assert_eq!((e.index, e.outcome, e.done), (1, Outcome::Skipped, false));
        assert!(
            e.detail.starts_with("interrupted by SIGINT; highest 2 %"),
            "{}",
            e.detail
        );
        let why = stop_reason(m.next(Event::Recorded));
        assert!(why.contains("during the soak at 25 %"), "{why}");

        // During a stage's own work (the executor lets it finish): stopped at that stage.
        let mut m = machine(5, 0.0);
        m.start();
        m.next(Event::Recorded);
        let step = m.next(Event::Interrupted("SIGINT"));
        assert_eq!(
            (end(&step).outcome, end(&step).done),
            (Outcome::Skipped, false)
        );
        let why = stop_reason(m.next(Event::RecordFailed("disk full".into())));
        assert_eq!(
            why,
            "interrupted by SIGINT during: step redeploy (previous version)"
        );
    }

    #[test]
    fn the_flag_disabled_by_someone_else_stops_before_writing() {
        let mut m = machine(2, 25.0);
        m.start();
        m.next(Event::Recorded);
        let step = m.next(Event::FlagToggled("the flag was disabled".into()));
        assert!(end(&step).detail.contains("someone else changed it"));
        let why = stop_reason(m.next(Event::Recorded));
        assert!(why.starts_with("the flag was disabled since"), "{why}");
    }

    #[test]
    fn the_flag_moved_by_someone_else_stops_before_writing() {
        // (expected, read, next step is the write)
        for (expected, read, writes) in
            [(25.0, 25.0, true), (25.0, 50.0, false), (25.0, 5.0, false)]
        {
            let mut m = machine(2, expected);
            m.start();
            m.next(Event::Recorded);
            let step = m.next(Event::FlagRead(Ok(read)));
            if writes {
                assert_eq!(step, Step::SetPercentage(10));
                continue;
            }
            assert!(end(&step).detail.contains("someone else changed it"));
            let why = stop_reason(m.next(Event::Recorded));
            assert!(
                why.contains(&format!("reads {read} %, not the 25 %")),
                "{why}"
            );
        }
    }

    #[test]
    fn outcomes_of_writes_and_steps() {
        use Outcome::*;
        // (stage index, what act reported, done, stop reason contains)
        let cases: &[(usize, Outcome, bool, &str)] = &[
            (0, Done, true, ""),
            (0, Failed, false, "setting 25 % failed: d"),
            (0, Declined, false, "setting 25 % failed: d"),
            (5, Done, true, ""),
            (5, Failed, false, "the redeploy step failed: d"),
            (5, Skipped, false, "the redeploy step is not configured"),
            (6, Done, true, ""),
            (6, Skipped, true, ""),
            (6, Failed, false, "the database_rollback step failed: d"),
        ];
        for &(index, outcome, done, why) in cases {
            let expected = if index == 0 { 50.0 } else { 0.0 };
            let mut m = machine(index, expected);
            m.start();
            let first = m.next(Event::Recorded);
            if index == 0 {
                assert_eq!(first, Step::ReadFlag);
                m.next(Event::FlagRead(Ok(50.0)));
            }
            let step = m.next(acted(outcome));
            let e = end(&step);
            assert_eq!((e.outcome, e.done), (outcome, done), "{index} {outcome:?}");
            assert_eq!(
                e.note.is_some(),
                index == 6 && outcome == Skipped,
                "the note for an unconfigured database_rollback"
            );
            let next = m.next(Event::Recorded);
            if done {
                assert_eq!(next, Step::Begin(index + 1));
            } else {
                assert!(stop_reason(next).contains(why), "{index} {outcome:?}");
            }
        }
        // A step-down that is done moves what the flag should read.
        let mut m = machine(0, 50.0);
        m.start();
        m.next(Event::Recorded);
        m.next(Event::FlagRead(Ok(50.0)));
        m.next(acted(Done));
        m.next(Event::Recorded);
        m.next(Event::Recorded); // the soak at 25
        m.next(reading(Figure::Known(1.0), 300));
        m.next(Event::Recorded);
        m.next(Event::Recorded);
        assert_eq!(m.next(Event::FlagRead(Ok(25.0))), Step::SetPercentage(10));
    }

    #[test]
    fn recording_failures_stop_the_run() {
        let mut m = machine(5, 0.0);
        m.start();
        let why = stop_reason(m.next(Event::RecordFailed(
            "cannot record progress in f: EROFS".into(),
        )));
        assert_eq!(
            why,
            "cannot record progress in f: EROFS; stopped before: step redeploy (previous version)"
        );
        let mut m = machine(5, 0.0);
        m.start();
        m.next(Event::Recorded);
        m.next(acted(Outcome::Done));
        let why = stop_reason(m.next(Event::RecordFailed("cannot record progress in f: x".into())));
        assert!(why.ends_with("; stopped before the next step"), "{why}");
    }

    #[test]
    fn answers_to_steps_not_given_stop_the_run() {
        let mut m = machine(0, 50.0);
        m.start();
        // Begin(0) is answered by a write result: a bug in the executor, never a guess.
        let why = stop_reason(m.next(acted(Outcome::Done)));
        assert!(why.starts_with("internal error"), "{why}");
    }

    #[test]
    fn an_empty_rest_finishes_at_once() {
        let p = plan(50.0, &DEFAULT_ROLLBACK_STEPS, MS(300));
        let mut m = Planned::new(p.clone(), p.len(), 0.0, cfg());
        assert_eq!(m.start(), Step::Finish(End::Completed));
    }

    /// Resume points from the state file start the machine where `resume_point` says, with the
    /// flag expected where the completed stages left it.
    #[test]
    fn resumes_start_where_the_record_says() {
        let state = |completed: usize, in_flight: Option<usize>| PlannedState {
            version: STATE_VERSION,
            environment: "default".into(),
            base_url: "http://app".into(),
            started: "t".into(),
            updated: "t".into(),
            start_percentage: 50.0,
            enabled: None,
            plan: plan(50.0, &DEFAULT_ROLLBACK_STEPS, MS(300)),
            completed,
            status: RunStatus::InProgress,
            stopped: None,
            history: Vec::new(),
            in_flight: in_flight.map(|index| InFlight {
                index,
                started: "t".into(),
            }),
        };
        let flag = |percentage| FlagState {
            enabled: true,
            percentage,
            user_groups: Vec::new(),
            updated_at: None,
        };
        // (completed, in flight, the flag now, first steps after Begin)
        let cases: &[(usize, Option<usize>, f64, usize, Step)] = &[
            // Stopped mid-soak at 25: the soak runs again in full.
            (
                1,
                Some(1),
                25.0,
                1,
                Step::StartSoak {
                    at: 25,
                    wait: MS(300),
                },
            ),
            // Killed after the app applied 10 % and before it was recorded: on to the soak.
            (
                2,
                Some(2),
                10.0,
                3,
                Step::StartSoak {
                    at: 10,
                    wait: MS(300),
                },
            ),
            // Killed before the app applied it: the flag is read again, then 10 % sent.
            (2, Some(2), 25.0, 2, Step::ReadFlag),
            // Killed in the redeploy: it runs again (after its confirmation, in the command).
            (5, Some(5), 0.0, 5, Step::RunStage(Stage::Redeploy)),
            (7, None, 0.0, 7, Step::Validate),
        ];
        for (completed, in_flight, now, start, first) in cases {
            let mut st = state(*completed, *in_flight);
            let r = resume_point(&st, "http://app", &flag(*now)).unwrap();
            assert_eq!(r.start, *start, "completed {completed}");
            if r.applied.is_some() {
                st.completed = r.start;
            }
            let mut m = Planned::new(st.plan.clone(), r.start, st.expected_percentage(), cfg());
            assert_eq!(m.start(), Step::Begin(*start));
            assert_eq!(&m.next(Event::Recorded), first, "completed {completed}");
            if *first == Step::ReadFlag {
                assert_eq!(m.next(Event::FlagRead(Ok(*now))), Step::SetPercentage(10));
            }
        }
    }
}
