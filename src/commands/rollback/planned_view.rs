//! What `rollback planned` reports besides its actions and checks: the run's facts (its state
//! file, why it started, how to continue) with the flag as it changed, and the plan. Each is
//! one typed value: its fields are the JSON keys, its tables what people read. By default a
//! table is shown only where it says what the action lines do not (the flag as one line, the
//! plan only when stages are left, compact); `-v`, a dry run and `--json` have them whole.

use std::time::Duration;

use serde::Serialize;

use crate::commands::Ctx;
use crate::output::render::number;
use crate::output::{Payload, Report, Section};
use crate::policy::rollback::{PlannedState, Stage};
use crate::policy::rollout::FlagState;

/// The run's facts (JSON `state_file`, `reason`, `resumed`, `resume_command`, `flag`); its
/// table is the flag.
#[derive(Serialize)]
pub(crate) struct RunFacts {
    pub state_file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The run continued a rollback rather than started one (for `notify`).
    #[serde(skip_serializing_if = "is_false")]
    pub resumed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resume_command: Option<String>,
    /// The flag as it stood before this run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<FlagState>,
    /// The flag's name.
    #[serde(skip)]
    pub name: String,
    /// The percentage the rollback started from (an earlier run's, on a resume).
    #[serde(skip)]
    pub from: Option<f64>,
    /// The percentage the run left, once it ran.
    #[serde(skip)]
    pub now: Option<f64>,
    /// Every table whole (-v).
    #[serde(skip)]
    pub full: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl RunFacts {
    pub(crate) fn new(ctx: &Ctx, path: &crate::state::Doc, reason: Option<&str>) -> RunFacts {
        RunFacts {
            state_file: path.to_string(),
            reason: reason.map(String::from),
            resumed: false,
            resume_command: None,
            flag: None,
            name: ctx.settings.rollout.flag.clone(),
            from: None,
            now: None,
            full: ctx.printer.is_verbose(),
        }
    }

    /// "Flag enhanced-cache: enabled, 10 % → 0 % (read back)": the change on one line (the
    /// user groups, which a rollback does not change, are in the -v table and the JSON).
    fn flag_line(&self, f: &FlagState) -> String {
        let was = f.percentage;
        let state = if f.enabled { "enabled" } else { "disabled" };
        let change = match (self.now, self.from) {
            // A percentage the run set is one it read back (else its action failed).
            (Some(now), _) if now != was => {
                format!("{state}, {} % → {} % (read back)", number(was), number(now))
            }
            (_, Some(from)) if from != was => format!(
                "{state} at {} %, stepped down from {} % by the earlier run",
                number(was),
                number(from)
            ),
            (Some(_), _) => format!("{state} at {} %, unchanged", number(was)),
            // Not run (a dry run, a declined question).
            (None, _) => f.text(),
        };
        format!("Flag {}: {change}", self.name)
    }
}

impl Payload for RunFacts {
    fn tables(&self) -> Vec<Section> {
        let Some(f) = &self.flag else {
            return Vec::new();
        };
        // No header: one line.
        let mut out = vec![Section {
            title: self.flag_line(f),
            ..Default::default()
        }];
        if self.full {
            out.push(Section {
                title: format!("Flag {}, before the rollback", self.name),
                header: vec!["Enabled".into(), "Percentage".into(), "User groups".into()],
                rows: vec![vec![
                    f.enabled.to_string(),
                    format!("{} %", number(f.percentage)),
                    f.user_groups.join(", "),
                ]],
            });
        }
        out
    }
}

/// The whole plan with its timing: soaks at their length, steps at their timeout (an upper
/// bound), what is done already on a resume.
pub(crate) fn plan_section(
    ctx: &Ctx,
    report: &mut Report,
    st: &PlannedState,
    start: usize,
    poll: Duration,
    (next, rest): (&str, &str),
    listed: bool,
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
            full: ctx.settings.dry_run || ctx.printer.is_verbose(),
            listed,
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
    /// Every row with its timing (-v, a dry run).
    #[serde(skip)]
    full: bool,
    /// The stages were listed on the terminal before the question: not listed again.
    #[serde(skip)]
    listed: bool,
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
    /// Whole under -v and in a dry run. By default only the stages left, one line each, without
    /// their timing; every stage done: the action lines said it, and the table is named for -v.
    fn tables(&self) -> Vec<Section> {
        let p = &self.plan;
        let left = || crate::numbers::duration(Duration::from_millis(p.remaining_at_most_ms));
        if p.full || !p.left {
            let title = match (p.left, p.full) {
                (true, _) => format!("Plan (left: at most {}, soaks plus step timeouts)", left()),
                (false, true) => "Plan".into(),
                (false, false) => "Stages (all done)".into(),
            };
            return vec![Section {
                title,
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
            }];
        }
        // No header: lines, as the question before the run listed the stages.
        let done = p.stages.iter().filter(|r| r.status == "done").count();
        let mut rows: Vec<Vec<String>> = p
            .stages
            .iter()
            .filter(|r| r.status != "done")
            .map(|r| vec![format!("{}. {}: {}", r.index + 1, r.describe, r.status)])
            .collect();
        if p.listed && rows.len() > 1 {
            // Where it ended is new; the rest is on the screen above the question.
            let (first, last) = (done + 2, p.stages.len());
            rows.truncate(1);
            rows.push(vec![format!(
                "then {first}–{last} as listed before the question"
            )]);
        }
        vec![Section {
            title: format!(
                "Plan: {done} of {} stages done; left, at most {}:",
                p.stages.len(),
                left()
            ),
            header: Vec::new(),
            rows,
        }]
    }
}
