//! Output: the report model, its rendering, and the printer that owns stdout and stderr.

pub(crate) mod github;
pub(crate) mod printer;
pub(crate) mod render;
pub(crate) mod report;
pub(crate) mod textfile;
pub(crate) mod trend;

pub(crate) use printer::Printer;
pub(crate) use report::{Action, Layout, Outcome, Payload, Report, Section};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for people (the default).
    Table,
    /// One JSON document.
    Json,
    /// The same document on one compact line, for appending to a log (JSON Lines).
    Jsonl,
}

/// A recorded duration as a report shows it (see [`crate::numbers::duration`]).
pub(crate) fn duration_text(ms: u64) -> String {
    crate::numbers::duration_ms(ms)
}
