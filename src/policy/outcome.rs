//! How one write or step went, as planned and as it went: what the report shows and the
//! planned rollback's state machine decides on.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
/// The outcome of one write or step.
pub(crate) enum Outcome {
    Done,
    Skipped,
    DryRun,
    Failed,
    /// Not confirmed: declined at the prompt, or no terminal and no `--yes`.
    Declined,
}

impl Outcome {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Skipped => "skipped",
            Outcome::DryRun => "dry-run",
            Outcome::Failed => "FAILED",
            Outcome::Declined => "declined",
        }
    }
}
