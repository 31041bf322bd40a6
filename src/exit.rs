//! Exit codes (shared/design/cli.md) and the errors that map straight to one.
//!
//! 0–3 are the Nagios plugin codes so a check drops into existing monitoring; 4 and 5 say an
//! action failed or the run stopped; 64 and 78 are sysexits' usage and configuration errors.

use serde::Serialize;

/// Severity of one figure or check, ordered from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warning,
    Critical,
    Unknown,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Warning => "WARNING",
            Status::Critical => "CRITICAL",
            Status::Unknown => "UNKNOWN",
        }
    }
}

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

impl From<Status> for ExitStatus {
    fn from(s: Status) -> Self {
        match s {
            Status::Ok => ExitStatus::Ok,
            Status::Warning => ExitStatus::Warning,
            Status::Critical => ExitStatus::Critical,
            Status::Unknown => ExitStatus::Unknown,
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

/// The exit status for an error that reached `main`: its own code when it carries one,
/// else UNKNOWN (the run could not establish what it set out to).
pub fn status_of_error(err: &anyhow::Error) -> ExitStatus {
    err.chain()
        .find_map(|e| e.downcast_ref::<CliError>().map(|c| c.status))
        .unwrap_or(ExitStatus::Unknown)
}

#[cfg(test)]
mod tests {
    use super::ExitStatus::*;
    use super::*;

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

    #[test]
    fn error_status_found_in_chain() {
        let err = anyhow::Error::new(CliError::config("bad file")).context("loading settings");
        assert_eq!(status_of_error(&err), Config);
        assert_eq!(status_of_error(&anyhow::anyhow!("boom")), Unknown);
    }
}
