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
    /// The run ended in the emergency rollback, which disabled the flag.
    #[serde(skip)]
    pub disabled: bool,
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
            disabled: false,
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
                format!("{} % → {} % (read back)", number(was), number(now))
            }
            (_, Some(from)) if from != was => format!(
                "at {} %, stepped down from {} % by the earlier run",
                number(was),
                number(from)
            ),
            (Some(_), _) => format!("at {} %, unchanged", number(was)),
            // Not run (a dry run, a declined question).
            (None, _) => format!("at {} %", number(was)),
        };
        if self.disabled {
            // What it was before the emergency disabled it is not news: the change, then that.
            return format!(
                "Flag {}: {change}, then disabled by the emergency",
                self.name
            );
        }
        let sep = if change.starts_with("at ") { " " } else { ", " };
        format!("Flag {}: {state}{sep}{change}", self.name)
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
    let mut at_most = Duration::ZERO;
    let mut stages = Vec::new();
    for (i, stage) in st.plan.iter().enumerate() {
        let (timing, takes) = timing(ctx, stage, poll);
        let status = if i < start {
            "done"
        } else {
            at_most += takes;
            if i == start { next } else { rest }
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

/// A stage's timing as the plan says it, and the longest it can take (soaks at their length,
/// steps at their timeout; the rest counts as nothing).
fn timing(ctx: &Ctx, stage: &Stage, poll: Duration) -> (String, Duration) {
    let name = match stage {
        Stage::Soak { wait_ms, .. } => {
            let d = Duration::from_millis(*wait_ms);
            let text = format!(
                "{} (error rate every {})",
                crate::numbers::duration(d),
                crate::numbers::duration(poll)
            );
            return (text, d);
        }
        Stage::Percentage { .. } | Stage::Validate => return ("seconds".into(), Duration::ZERO),
        Stage::Redeploy => "redeploy",
        Stage::DatabaseRollback => "database_rollback",
    };
    let Some(spec) = ctx.settings.steps.get(name) else {
        let text = if *stage == Stage::Redeploy {
            "NOT CONFIGURED: the run stops here"
        } else {
            "not configured: skipped (optional)"
        };
        return (text.into(), Duration::ZERO);
    };
    // The command whole where it is reviewed (a dry run, -v); else its name: it is in the
    // config, and a page of shell hides the plan.
    let what = if ctx.settings.dry_run || ctx.printer.is_verbose() {
        spec.command.clone()
    } else {
        format!("[steps.{name}]")
    };
    let text = format!("up to {}: {what}", crate::numbers::duration(spec.timeout));
    (text, spec.timeout)
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
        if p.full || !p.left {
            return vec![p.table()];
        }
        vec![p.left_lines()]
    }
}

impl PlanData {
    fn at_most(&self) -> String {
        crate::numbers::duration(Duration::from_millis(self.remaining_at_most_ms))
    }

    /// Every stage with its status and timing.
    fn table(&self) -> Section {
        let title = match (self.left, self.full) {
            (true, _) => format!(
                "Plan (left: at most {}, soaks plus step timeouts)",
                self.at_most()
            ),
            (false, true) => "Plan".into(),
            (false, false) => "Stages (all done)".into(),
        };
        Section {
            title,
            header: vec!["#".into(), "Stage".into(), "Status".into(), "Timing".into()],
            rows: self
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
        }
    }

    /// The stages not done, one line each (no header: lines, as the question before the run
    /// listed them): where the run ended, then the rest.
    fn left_lines(&self) -> Section {
        let done = self.stages.iter().filter(|r| r.status == "done").count();
        let mut rows: Vec<Vec<String>> = self
            .stages
            .iter()
            .filter(|r| r.status != "done")
            .map(|r| vec![format!("{}. {}: {}", r.index + 1, r.describe, r.status)])
            .collect();
        // After the emergency rollback nothing is left to run.
        let ended = self.stages.iter().any(|r| r.status == "abandoned");
        let rest = if ended {
            Some("abandoned")
        } else if self.listed {
            // Where it ended is new; the rest is on the screen above the question.
            Some("as listed before the question")
        } else {
            None
        };
        if let Some(rest) = rest.filter(|_| rows.len() > 1) {
            let (first, last) = (done + 2, self.stages.len());
            let which = if first == last {
                first.to_string()
            } else {
                format!("{first}–{last}")
            };
            rows.truncate(1);
            rows.push(vec![format!("then {which}: {rest}")]);
        }
        let n = self.stages.len();
        let title = if ended {
            format!("Plan: {done} of {n} stages done:")
        } else {
            format!(
                "Plan: {done} of {n} stages done; left, at most {}:",
                self.at_most()
            )
        };
        Section {
            title,
            header: Vec::new(),
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(from: Option<f64>, now: Option<f64>, disabled: bool) -> RunFacts {
        RunFacts {
            state_file: "s".into(),
            reason: None,
            resumed: false,
            resume_command: None,
            flag: None,
            name: "enhanced-cache".into(),
            from,
            now,
            disabled,
            full: false,
        }
    }

    fn flag(percentage: f64) -> FlagState {
        FlagState {
            enabled: true,
            percentage,
            user_groups: vec!["beta".into()],
            updated_at: None,
        }
    }

    #[test]
    fn the_flag_is_one_line_saying_its_change() {
        let line = |from, now, disabled, at| facts(from, now, disabled).flag_line(&flag(at));
        assert_eq!(
            line(Some(10.0), Some(0.0), false, 10.0),
            "Flag enhanced-cache: enabled, 10 % → 0 % (read back)"
        );
        assert_eq!(
            line(Some(50.0), Some(0.0), false, 0.0),
            "Flag enhanced-cache: enabled at 0 %, stepped down from 50 % by the earlier run"
        );
        assert_eq!(
            line(Some(10.0), Some(10.0), false, 10.0),
            "Flag enhanced-cache: enabled at 10 %, unchanged"
        );
        assert_eq!(
            line(Some(50.0), None, false, 50.0),
            "Flag enhanced-cache: enabled at 50 %"
        );
        assert_eq!(
            line(Some(50.0), Some(25.0), true, 50.0),
            "Flag enhanced-cache: 50 % → 25 % (read back), then disabled by the emergency"
        );
    }

    fn plan(statuses: &[&str], listed: bool) -> Section {
        let stages = statuses
            .iter()
            .enumerate()
            .map(|(index, status)| PlanRow {
                index,
                stage: Stage::Validate,
                describe: format!("stage {}", index + 1),
                status: status.to_string(),
                timing: "seconds".into(),
            })
            .collect();
        let report = PlanReport {
            plan: PlanData {
                stages,
                remaining_at_most_ms: 60_000,
                left: statuses.iter().any(|s| *s != "done"),
                full: false,
                listed,
            },
        };
        report.tables().remove(0)
    }

    #[test]
    fn the_plan_shows_only_what_is_left_one_line_each() {
        let stop = plan(&["done", "stopped here", "pending", "pending"], false);
        assert!(stop.header.is_empty(), "lines, not a table");
        assert_eq!(stop.title, "Plan: 1 of 4 stages done; left, at most 1 min:");
        assert_eq!(
            stop.rows,
            vec![
                vec!["2. stage 2: stopped here".to_string()],
                vec!["3. stage 3: pending".to_string()],
                vec!["4. stage 4: pending".to_string()],
            ]
        );
        // Listed above the question already: where it ended, then the rest by number.
        let asked = plan(&["done", "stopped here", "pending", "pending"], true);
        assert_eq!(
            asked.rows,
            vec![
                vec!["2. stage 2: stopped here".to_string()],
                vec!["then 3–4: as listed before the question".to_string()],
            ]
        );
        let emergency = plan(
            &["done", "ended by the emergency rollback", "abandoned"],
            false,
        );
        assert_eq!(emergency.title, "Plan: 1 of 3 stages done:");
        assert_eq!(emergency.rows[1], vec!["then 3: abandoned".to_string()]);
        // All done: the full table, named for -v (its title is not a change table's).
        let done = plan(&["done", "done"], false);
        assert_eq!(done.title, "Stages (all done)");
        assert_eq!(done.header.len(), 4);
    }
}
