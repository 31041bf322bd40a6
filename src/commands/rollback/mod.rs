//! `rollback emergency` (emergency-rollback.sh) and `rollback planned` (planned-rollback.sh):
//! what both share — configured shell steps as reported actions, the step timeline with
//! durations, the signal listener and the resume command.

pub(crate) mod abandon;
mod clients_wait;
pub(crate) mod emergency;
pub(crate) mod execute;
pub(crate) mod kill_switch;
#[cfg(all(test, feature = "sandbox"))]
pub(crate) mod paused_tests;
pub(crate) mod planned;
mod planned_view;
mod soak;
pub(crate) mod state;

use std::time::Duration;

use serde::Serialize;

use crate::commands::Ctx;
use crate::output::{Action, Outcome, Payload, Report, Section};
use crate::policy::skipped::{Need, not_available, warning_line};

/// One line of the step timeline: every step with its outcome and how long it took.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct StepRow {
    pub step: String,
    pub outcome: Outcome,
    pub duration_ms: u64,
    pub detail: String,
    /// Its detail is in the actions table already; the steps table leaves it out.
    #[serde(skip)]
    pub action: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Timeline(pub Vec<StepRow>);

impl Timeline {
    pub(crate) fn push(
        &mut self,
        step: impl Into<String>,
        outcome: Outcome,
        took: Duration,
        detail: impl Into<String>,
    ) {
        self.0.push(StepRow {
            step: step.into(),
            outcome,
            duration_ms: took.as_millis() as u64,
            detail: detail.into(),
            action: false,
        });
    }

    pub(crate) fn action(&mut self, a: &Action) {
        self.0.push(StepRow {
            step: a.name.clone(),
            outcome: a.outcome,
            duration_ms: a.duration_ms,
            detail: a.detail.clone().unwrap_or_default(),
            action: true,
        });
    }

    /// The table for people and `steps` in the JSON.
    pub(crate) fn into_report(mut self, report: &mut Report) {
        // A stage that is one of the report's actions (`step redeploy (previous version)` is
        // the action `step redeploy`) is in the actions already.
        for row in &mut self.0 {
            row.action |= report
                .actions
                .iter()
                .any(|a| row.step == a.name || row.step.starts_with(&format!("{} (", a.name)));
        }
        report.attach(&StepsReport { steps: self.0 });
    }
}

/// Every step with its outcome and duration (JSON `steps`).
#[derive(Serialize)]
pub(crate) struct StepsReport {
    pub steps: Vec<StepRow>,
}

impl Payload for StepsReport {
    /// The steps that are not writes (a soak, a wait, a validation): the writes are in the
    /// Actions table already, and no table is printed twice. None such: no table.
    fn tables(&self) -> Vec<Section> {
        let own: Vec<&StepRow> = self.steps.iter().filter(|r| !r.action).collect();
        if own.is_empty() {
            return Vec::new();
        }
        vec![Section {
            title: "Steps besides the actions".into(),
            header: vec![
                "Step".into(),
                "Outcome".into(),
                "Duration".into(),
                "Detail".into(),
            ],
            rows: own
                .iter()
                .map(|r| {
                    vec![
                        r.step.clone(),
                        r.outcome.label().to_string(),
                        duration_text(r.duration_ms),
                        r.detail.clone(),
                    ]
                })
                .collect(),
        }]
    }
}

pub(crate) use crate::output::duration_text;

/// Runs the configured step `name` as a reported, audited action. Not configured → SKIPPED
/// under the one rule of `policy::skipped` (the stderr line and the WARNING row here; a
/// required step's caller stops the run, exit 5): never mistaken for done.
pub(crate) async fn shell_step(
    ctx: &Ctx,
    report: &mut Report,
    name: &str,
    what: &str,
    need: Need,
) -> Action {
    let spec = ctx.settings.steps.get(name).cloned();
    let skipped = not_available(name, what, need, ctx.settings.sandbox);
    if spec.is_none() {
        ctx.printer.warn(warning_line(name, &skipped.why));
        report.checks.push(skipped.check);
    }
    ctx.actor().run_step(name, spec, &skipped.why).await
}

/// The command line to continue a stopped planned rollback: as typed, without the options a
/// resume takes from the state file, plus `--resume`.
pub(crate) fn resume_command(args: &[String]) -> String {
    let mut out = vec!["swcache".to_string()];
    let mut skip_value = false;
    for a in args {
        if skip_value {
            skip_value = false;
            continue;
        }
        match a.as_str() {
            "--resume" | "--dry-run" => continue,
            "--steps" | "--step-wait" => {
                skip_value = true;
                continue;
            }
            s if s.starts_with("--steps=") || s.starts_with("--step-wait=") => continue,
            _ => out.push(shell_quote(a)),
        }
    }
    out.push("--resume".into());
    out.join(" ")
}

fn shell_quote(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_command_drops_plan_options() {
        let args: Vec<String> = [
            "--env",
            "prod",
            "rollback",
            "planned",
            "--steps",
            "25,0",
            "--step-wait=3s",
            "-y",
            "--token-file",
            "/tmp/my token",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            resume_command(&args),
            "swcache --env prod rollback planned -y --token-file '/tmp/my token' --resume"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(duration_text(12), "12 ms");
        assert_eq!(duration_text(1234), "1.2 s");
        assert_eq!(duration_text(300_000), "5 min");
    }
}
