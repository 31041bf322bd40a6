//! Output: the report model, its rendering, and the printer that owns stdout and stderr.

pub mod github;
pub mod payload;
pub mod printer;
pub mod render;
pub mod report;
pub mod textfile;
pub mod trend;

pub use payload::Payload;
pub use printer::Printer;
pub use report::{Action, Outcome, Report, Section};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for people (the default).
    Table,
    /// One JSON document.
    Json,
    /// The same document on one compact line, for appending to a log (JSON Lines).
    Jsonl,
}
