//! How one judgement came out: a measurement of the gate's figures, a cohort comparison.

use serde::Serialize;

/// Pass, fail, or inconclusive (too few samples, a figure UNKNOWN): inconclusive holds a gate,
/// like UNKNOWN, and drives no write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Judgement {
    Pass,
    Fail,
    Inconclusive,
}

impl Judgement {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Judgement::Pass => "pass",
            Judgement::Fail => "FAIL",
            Judgement::Inconclusive => "INCONCLUSIVE",
        }
    }
}
