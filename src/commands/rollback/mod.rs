//! `rollback emergency` (emergency-rollback.sh) and `rollback planned` (planned-rollback.sh):
//! what both share — configured shell steps as reported actions, the step timeline with
//! durations, the signal listener and the resume command.

pub mod emergency;
pub mod planned;
mod soak;
pub mod state;

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::commands::Ctx;
use crate::output::{Action, Outcome, Report, Section};
use crate::steps;

/// One line of the step timeline: every step with its outcome and how long it took.
#[derive(Clone, Debug, Serialize)]
pub struct StepRow {
    pub step: String,
    pub outcome: Outcome,
    pub duration_ms: u64,
    pub detail: String,
    /// Its detail is in the actions table already; the steps table leaves it out.
    #[serde(skip)]
    pub action: bool,
}

#[derive(Debug, Default)]
pub struct Timeline(pub Vec<StepRow>);

impl Timeline {
    pub fn push(
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

    pub fn action(&mut self, a: &Action) {
        self.0.push(StepRow {
            step: a.name.clone(),
            outcome: a.outcome,
            duration_ms: a.duration_ms,
            detail: a.detail.clone().unwrap_or_default(),
            action: true,
        });
    }

    /// The table for people and `steps` in the JSON.
    pub fn into_report(self, report: &mut Report) {
        report.sections.push(Section {
            title: "Steps".into(),
            header: vec![
                "Step".into(),
                "Outcome".into(),
                "Duration".into(),
                "Detail".into(),
            ],
            rows: self
                .0
                .iter()
                .map(|r| {
                    vec![
                        r.step.clone(),
                        r.outcome.label().to_string(),
                        duration_text(r.duration_ms),
                        if r.action {
                            "(see Actions)".into()
                        } else {
                            r.detail.clone()
                        },
                    ]
                })
                .collect(),
        });
        report.set_data("steps", &self.0);
    }
}

pub fn duration_text(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms < 60_000 {
        format!("{:.1} s", ms as f64 / 1000.0)
    } else {
        humantime::format_duration(Duration::from_secs(ms / 1000)).to_string()
    }
}

/// Runs the configured step `name` as a reported, audited action. Not configured → SKIPPED,
/// said loudly on stderr and in the report: never mistaken for done.
pub async fn shell_step(ctx: &Ctx, name: &str, what: &str) -> Action {
    let started = Instant::now();
    let mut action = Action {
        name: format!("step {name}"),
        method: "RUN".into(),
        url: String::new(),
        body: None,
        outcome: Outcome::Skipped,
        detail: None,
        duration_ms: 0,
        response: None,
    };
    let Some(spec) = ctx.settings.steps.get(name) else {
        let why = format!(
            "NOT CONFIGURED: {what} was NOT done (add [steps.{name}] command = \"…\" to the config)"
        );
        ctx.printer.warn(format!("SKIPPED step {name}: {why}"));
        action.url = "(not configured)".into();
        action.detail = Some(why);
        return action;
    };
    action.url = spec.command.clone();
    if ctx.settings.dry_run {
        ctx.printer.info(format!(
            "dry-run: would run step {name} (timeout {}): {}",
            humantime::format_duration(spec.timeout),
            spec.command
        ));
        action.outcome = Outcome::DryRun;
        action.detail = Some("not run (--dry-run)".into());
        return action;
    }
    // The step learns which app and environment it acts for (never the token).
    let mut spec = spec.clone();
    spec.env.entry("SWCACHE_URL".into()).or_insert_with(|| {
        ctx.client
            .base_url()
            .as_str()
            .trim_end_matches('/')
            .to_string()
    });
    spec.env
        .entry("SWCACHE_ENV".into())
        .or_insert_with(|| ctx.settings.env_label());
    let out = steps::run(&spec, &ctx.printer).await;
    action.outcome = if out.ok {
        Outcome::Done
    } else {
        Outcome::Failed
    };
    action.detail = Some(out.summary());
    action.duration_ms = started.elapsed().as_millis() as u64;
    if let Err(e) = ctx.audit.record(&action) {
        ctx.printer.warn(format!(
            "could not append to the audit log {}: {e}",
            ctx.audit.path().display()
        ));
    }
    action
}

/// The command line to continue a stopped planned rollback: as typed, without the options a
/// resume takes from the state file, plus `--resume`.
pub fn resume_command(args: &[String]) -> String {
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
        assert_eq!(duration_text(300_000), "5m");
    }
}
