//! What `rollout run` (and `rollout abort`, which ends a run) adds to its report, typed: each
//! struct's fields are JSON keys of the document, its tables what people read.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use super::duration;
use crate::commands::analysis::AnalysisRun;
use crate::output::{Payload, Section};
use crate::policy::analysis::AnalysisSettings;
use crate::policy::rollout_run::{OnFailure, RunOutcome};

/// Where the run is recorded (JSON `state_file`), and `resumed: true` when this run continued
/// a recorded one (absent otherwise).
#[derive(Serialize)]
pub(crate) struct RunFile {
    pub state_file: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub resumed: bool,
}

impl Payload for RunFile {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

/// The run's plan: its schedule, last step, bake, analysis and rollback.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RunPlan {
    pub schedule: Vec<u8>,
    pub until: u8,
    pub bake_ms: u64,
    pub analysis: AnalysisSettings,
    pub on_failure: OnFailure,
    /// The bake itself (`bake_ms` rounds it).
    #[serde(skip)]
    pub bake: Duration,
}

/// One step's bake (an element of JSON `run.steps`).
#[derive(Serialize)]
pub(crate) struct StepBake {
    pub step: u8,
    pub analysis: AnalysisRun,
}

/// The run's summary (JSON `run`): the plan, how it ended, each step's bake. No table of its
/// own: each bake's table joins the report as that bake ends.
#[derive(Serialize)]
pub(crate) struct RunSummary<'a> {
    pub run: RunEnded<'a>,
}

#[derive(Serialize)]
pub(crate) struct RunEnded<'a> {
    #[serde(flatten)]
    pub plan: &'a RunPlan,
    pub outcome: RunOutcome,
    pub steps: &'a [StepBake],
}

impl Payload for RunSummary<'_> {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

/// The steps a run will take, each with its bake and analysis (a table only).
#[derive(Serialize)]
pub(crate) struct Timeline<'a> {
    #[serde(skip)]
    pub steps: &'a [u8],
    #[serde(skip)]
    pub plan: &'a RunPlan,
}

impl Payload for Timeline<'_> {
    fn tables(&self) -> Vec<Section> {
        vec![Section {
            title: "Timeline".into(),
            header: vec!["Step".into(), "Bake".into(), "Analysis".into()],
            rows: self
                .steps
                .iter()
                .map(|st| {
                    vec![
                        format!("{st} %"),
                        duration(self.plan.bake),
                        self.plan.analysis.describe(),
                    ]
                })
                .collect(),
        }]
    }
}

/// The step whose analysis failed (JSON `failed_at`).
#[derive(Serialize)]
pub(crate) struct FailedAt {
    pub failed_at: u8,
}

impl Payload for FailedAt {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

/// The rollback a failed run took (JSON `rollback`): started, then how it ended.
#[derive(Serialize)]
pub(crate) struct RollbackReport {
    pub rollback: RollbackTaken,
}

#[derive(Serialize)]
pub(crate) struct RollbackTaken {
    pub path: OnFailure,
    pub finished: bool,
    /// Absent while it runs (said before it starts).
    #[serde(flatten)]
    pub ended: Option<RollbackEnded>,
}

#[derive(Serialize)]
pub(crate) struct RollbackEnded {
    pub exit_code: u8,
    pub stopped: Option<String>,
    /// The planned rollback's state record (null for the emergency one).
    pub state: Option<Value>,
}

impl Payload for RollbackReport {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}
