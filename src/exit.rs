//! Exit codes (shared/design/cli.md), a figure's severity, and the refusals that carry their
//! own code: words every layer shares, so this module depends on none of them (the mapping from
//! any error to its code is `driver::error`).
//!
//! 0–3 are the Nagios plugin codes so a check drops into existing monitoring; 4 and 5 say an
//! action failed or the run stopped; 64 and 78 are sysexits' usage and configuration errors.

use serde::Serialize;

use crate::vocab::Severity;

/// How a run ends. `main` alone turns this into the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExitStatus {
    Ok,
    Warning,
    Critical,
    Unknown,
    ActionFailed,
    Stopped,
    Usage,
    Config,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Ok => 0,
            ExitStatus::Warning => 1,
            ExitStatus::Critical => 2,
            ExitStatus::Unknown => 3,
            ExitStatus::ActionFailed => 4,
            ExitStatus::Stopped => 5,
            ExitStatus::Usage => 64,
            ExitStatus::Config => 78,
        }
    }

    /// The word JSON's `status` says beside this code (a report's verdict for 0–5).
    pub fn word(self) -> &'static str {
        match self {
            ExitStatus::Ok => "ok",
            ExitStatus::Warning => "warning",
            ExitStatus::Critical => "critical",
            ExitStatus::Unknown => "unknown",
            ExitStatus::ActionFailed => "failed",
            ExitStatus::Stopped => "stopped",
            ExitStatus::Usage => "usage",
            ExitStatus::Config => "config",
        }
    }

    /// cli.md: "the highest of 4, 5, 3, 2, 1 in that order of precedence wins".
    fn precedence(self) -> u8 {
        match self {
            ExitStatus::Ok => 0,
            ExitStatus::Warning => 1,
            ExitStatus::Critical => 2,
            ExitStatus::Unknown => 3,
            ExitStatus::Stopped => 4,
            ExitStatus::ActionFailed => 5,
            ExitStatus::Usage | ExitStatus::Config => 6,
        }
    }

    /// The one of the two that wins under cli.md's precedence.
    pub fn worst(self, other: ExitStatus) -> ExitStatus {
        if other.precedence() > self.precedence() {
            other
        } else {
            self
        }
    }
}

impl From<Severity> for ExitStatus {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Ok => ExitStatus::Ok,
            Severity::Warning => ExitStatus::Warning,
            Severity::Critical => ExitStatus::Critical,
            Severity::Unknown => ExitStatus::Unknown,
        }
    }
}

/// An error that ends the run with a specific exit code (configuration, usage, refusal).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CliError {
    pub status: ExitStatus,
    pub message: String,
}

impl CliError {
    pub fn config(message: impl Into<String>) -> Self {
        CliError {
            status: ExitStatus::Config,
            message: message.into(),
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            status: ExitStatus::Usage,
            message: message.into(),
        }
    }
    pub fn stopped(message: impl Into<String>) -> Self {
        CliError {
            status: ExitStatus::Stopped,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ExitStatus::*;

    #[test]
    fn precedence_is_4_5_3_2_1() {
        let cases = [
            (Ok, Warning, Warning),
            (Warning, Critical, Critical),
            (Critical, Unknown, Unknown),
            (Unknown, Stopped, Stopped),
            (Stopped, ActionFailed, ActionFailed),
            (ActionFailed, Unknown, ActionFailed),
            (Stopped, Critical, Stopped),
            (Ok, Ok, Ok),
        ];
        for (a, b, want) in cases {
            assert_eq!(a.worst(b), want, "{a:?} vs {b:?}");
            assert_eq!(b.worst(a), want, "{b:?} vs {a:?}");
        }
    }

    #[test]
    fn codes_match_cli_md() {
        let codes: Vec<u8> = [
            Ok,
            Warning,
            Critical,
            Unknown,
            ActionFailed,
            Stopped,
            Usage,
            Config,
        ]
        .iter()
        .map(|s| s.code())
        .collect();
        assert_eq!(codes, vec![0, 1, 2, 3, 4, 5, 64, 78]);
    }

    /// JSON's status word beside each code: a report's verdict word for 0–5.
    #[test]
    fn words_match_the_report_verdicts() {
        use crate::output::report::Verdict;
        for s in [Ok, Warning, Critical, Unknown, ActionFailed, Stopped] {
            assert_eq!(s.word(), Verdict::of(s).label().to_lowercase(), "{s:?}");
        }
        assert_eq!((Usage.word(), Config.word()), ("usage", "config"));
    }
}
