//! Output: the report model, its rendering, and the printer that owns stdout and stderr.

pub(crate) mod github;
pub(crate) mod payload;
pub(crate) mod printer;
pub(crate) mod render;
pub(crate) mod report;
pub(crate) mod textfile;
pub(crate) mod trend;

pub use payload::Payload;
pub use printer::Printer;
pub use report::{Action, Layout, Outcome, Report, Section};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for people (the default).
    Table,
    /// One JSON document.
    Json,
    /// The same document on one compact line, for appending to a log (JSON Lines).
    Jsonl,
}

/// "14 ms", "2.5 s", "5m": a duration as a table shows it.
pub fn duration_text(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms < 60_000 {
        format!("{:.1} s", ms as f64 / 1000.0)
    } else {
        humantime::format_duration(std::time::Duration::from_secs(ms / 1000)).to_string()
    }
}
