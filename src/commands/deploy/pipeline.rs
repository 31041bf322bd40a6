//! The pipeline as planned and as it went: one row per stage, the `Pipeline` table and
//! `deploy.pipeline` in JSON.

use std::time::Duration;

use serde::Serialize;

use crate::commands::Ctx;
use crate::output::Section;
use crate::policy::pipeline::{PipelineStage, StageId};

/// One stage of the run, as planned and as it went: the `Pipeline` table, and
/// `deploy.pipeline` in JSON.
#[derive(Clone, Debug, Serialize)]
pub(super) struct StageRow {
    #[serde(skip)]
    id: StageId,
    stage: &'static str,
    /// `[steps.NAME]` for a step stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    step: Option<&'static str>,
    /// The shell command, `(not configured)` (in the sandbox: it runs none), or `built-in`.
    runs: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeout_ms: Option<u64>,
    checks: &'static str,
    /// done, failed, skipped, dry-run, passed, not reached, …
    outcome: String,
}

impl StageRow {
    /// The stage as one line's cells: a mark, its number, its name and how it went, in
    /// words of its own (`SKIPPED`, not the reason: the action line says it).
    fn line(&self, i: usize) -> Vec<String> {
        let o = self.outcome.as_str();
        let (mark, said) = match o {
            "passed" | "done" => ("✓", o.to_string()),
            "failed" | "refused" | "not verified" => ("✗", o.to_ascii_uppercase()),
            _ if o.to_ascii_lowercase().starts_with("skipped") => ("–", "SKIPPED".to_string()),
            _ => ("·", o.to_string()),
        };
        vec![
            mark.to_string(),
            (i + 1).to_string(),
            self.stage.to_string(),
            said,
        ]
    }
}

pub(super) struct Pipeline(pub(super) Vec<StageRow>);

impl Pipeline {
    pub(super) fn new(ctx: &Ctx, stages: &[PipelineStage]) -> Pipeline {
        let deploy = &ctx.settings.deploy;
        Pipeline(
            stages
                .iter()
                .map(|s| {
                    let spec = s.step.and_then(|n| ctx.settings.steps.get(n));
                    let (runs, timeout) = match (s.step, spec) {
                        (Some(_), Some(spec)) => (spec.command.clone(), Some(spec.timeout)),
                        (Some(_), None) if ctx.settings.sandbox => {
                            ("(the sandbox runs no configured step)".to_string(), None)
                        }
                        (Some(_), None) => ("(not configured)".to_string(), None),
                        (None, _) if s.id == StageId::Verify => {
                            ("built-in".to_string(), Some(deploy.verify_deadline))
                        }
                        (None, _) => ("built-in".to_string(), None),
                    };
                    StageRow {
                        id: s.id,
                        stage: s.id.name(),
                        step: s.step,
                        runs,
                        timeout_ms: timeout.map(|t| t.as_millis() as u64),
                        checks: s.what,
                        outcome: "not reached".into(),
                    }
                })
                .collect(),
        )
    }

    pub(super) fn set(&mut self, id: StageId, outcome: impl Into<String>) {
        if let Some(r) = self.0.iter_mut().find(|r| r.id == id) {
            r.outcome = outcome.into();
        }
    }

    /// The `Pipeline` section: whole under `-v` and in a dry run (what each stage runs, its
    /// timeout, what it checks), else one line per stage with how it went: what it runs is in
    /// the config and under `-v`, and why a stage failed or was skipped is said by its action
    /// line and the verdict.
    pub(super) fn section(rows: &[StageRow], detailed: bool) -> Section {
        if !detailed {
            return Section {
                title: "Pipeline".into(),
                // No header: a list, one line per stage (`✓ 2 build  done`).
                header: Vec::new(),
                rows: rows.iter().enumerate().map(|(i, r)| r.line(i)).collect(),
            };
        }
        let timeout = |r: &StageRow| {
            r.timeout_ms
                .map(|ms| crate::numbers::duration(Duration::from_millis(ms)))
                .unwrap_or_else(|| "—".into())
        };
        Section {
            title: "Pipeline".into(),
            header: ["#", "Stage", "Runs", "Timeout", "Checks / does", "Outcome"]
                .into_iter()
                .map(String::from)
                .collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    vec![
                        (i + 1).to_string(),
                        r.stage.to_string(),
                        r.runs.clone(),
                        timeout(r),
                        r.checks.to_string(),
                        r.outcome.clone(),
                    ]
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(outcome: &str) -> StageRow {
        StageRow {
            id: StageId::Build,
            stage: "build",
            step: Some("build"),
            runs: "npm run build".into(),
            timeout_ms: Some(1000),
            checks: "the build",
            outcome: outcome.into(),
        }
    }

    #[test]
    fn one_line_per_stage_says_how_it_went_not_why() {
        let line = |o: &str| row(o).line(1);
        assert_eq!(line("done"), ["✓", "2", "build", "done"]);
        assert_eq!(line("failed"), ["✗", "2", "build", "FAILED"]);
        assert_eq!(line("not verified")[0], "✗");
        // The reason is the action line's: the row says SKIPPED only.
        assert_eq!(
            line("SKIPPED (the sandbox runs no configured step)"),
            ["–", "2", "build", "SKIPPED"]
        );
        assert_eq!(line("skipped (--skip-staging-gate)")[3], "SKIPPED");
        assert_eq!(line("not reached"), ["·", "2", "build", "not reached"]);
        let short = Pipeline::section(&[row("done")], false);
        assert!(short.header.is_empty(), "a list, not a table");
        let whole = Pipeline::section(&[row("done")], true);
        assert!(whole.header.iter().any(|h| h == "Runs"));
        assert_eq!(whole.rows[0][2], "npm run build");
    }
}
