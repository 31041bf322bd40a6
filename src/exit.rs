//! Exit codes (shared/design/cli.md), the errors that end a run, and the one mapping from each
//! to its code.
//!
//! 0–3 are the Nagios plugin codes so a check drops into existing monitoring; 4 and 5 say an
//! action failed or the run stopped; 64 and 78 are sysexits' usage and configuration errors.

use serde::Serialize;

use crate::api::ApiError;

/// Severity of one figure or check, ordered from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Ok,
    Warning,
    Critical,
    Unknown,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Ok => "OK",
            Severity::Warning => "WARNING",
            Severity::Critical => "CRITICAL",
            Severity::Unknown => "UNKNOWN",
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

/// How a run that did not produce its report ended: the one error type the driver ends on.
/// [`Error::status`] maps each to its exit code, exhaustively.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    /// A refusal that carries its own code: usage (64), configuration (78), stopped (5).
    #[error("{message}")]
    Refused { status: ExitStatus, message: String },
    /// Talking to the app failed where the command could not go on without the answer.
    #[error("{message}")]
    Api { error: ApiError, message: String },
    /// A signal ended the run before a safe point (the audit log has every completed write).
    #[error("{0}")]
    Interrupted(String),
    /// The run's task panicked: a bug, and nothing it was doing can be trusted.
    #[error("internal error: {0}")]
    Internal(String),
    /// Anything else: the run could not establish what it set out to.
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// The exit code of each kind of ending (cli.md).
    pub(crate) fn status(&self) -> ExitStatus {
        match self {
            Error::Refused { status, .. } => *status,
            Error::Api { error, .. } => api_status(error),
            Error::Interrupted(_) => ExitStatus::Stopped,
            Error::Internal(_) | Error::Other(_) => ExitStatus::Unknown,
        }
    }

    /// Classifies an error a command returned, by what it carries anywhere in its chain; the
    /// message keeps the whole chain (its context first).
    pub(crate) fn from_anyhow(err: anyhow::Error) -> Error {
        let message = format!("{err:#}");
        for cause in err.chain() {
            if let Some(c) = cause.downcast_ref::<CliError>() {
                return Error::Refused {
                    status: c.status,
                    message,
                };
            }
            if let Some(e) = cause.downcast_ref::<ApiError>() {
                return Error::Api {
                    error: e.clone(),
                    message,
                };
            }
        }
        Error::Other(message)
    }
}

impl From<CliError> for Error {
    fn from(c: CliError) -> Error {
        Error::Refused {
            status: c.status,
            message: c.message,
        }
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Error {
        Error::Api {
            message: error.to_string(),
            error,
        }
    }
}

/// An answer from the app that ends a run: UNKNOWN (the figure could not be had), except a
/// missing token, which is configuration. Each variant is named so that a new one is decided
/// here, not defaulted.
fn api_status(e: &ApiError) -> ExitStatus {
    match e {
        ApiError::NoToken { .. } => ExitStatus::Config,
        ApiError::Connect { .. }
        | ApiError::Timeout { .. }
        | ApiError::Status { .. }
        | ApiError::Html { .. }
        | ApiError::Malformed { .. }
        | ApiError::TooLarge { .. }
        | ApiError::Redirect { .. }
        | ApiError::Transport { .. } => ExitStatus::Unknown,
    }
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
        let e = Error::from_anyhow(err);
        assert_eq!(e.status(), Config);
        assert_eq!(e.to_string(), "loading settings: bad file");
        assert_eq!(
            Error::from_anyhow(anyhow::anyhow!("boom")).status(),
            Unknown
        );
        let api = anyhow::Error::new(ApiError::NoToken {
            label: "GET /x".into(),
        })
        .context("x");
        assert_eq!(Error::from_anyhow(api).status(), Config);
    }

    /// Every way a run can end without its report, and its code.
    #[test]
    fn exit_mapping_table() {
        use std::time::Duration;
        let label = || "GET /api/x".to_string();
        let cases: Vec<(Error, ExitStatus)> = vec![
            (CliError::usage("bad flag").into(), Usage),
            (CliError::config("bad file").into(), Config),
            (CliError::stopped("lock held").into(), Stopped),
            (Error::Interrupted("SIGINT".into()), Stopped),
            (Error::Internal("panicked".into()), Unknown),
            (Error::Other("stdout closed".into()), Unknown),
            (ApiError::NoToken { label: label() }.into(), Config),
            (
                ApiError::Connect {
                    label: label(),
                    reason: "refused".into(),
                    attempts: 3,
                }
                .into(),
                Unknown,
            ),
            (
                ApiError::Timeout {
                    label: label(),
                    after: Duration::from_secs(1),
                }
                .into(),
                Unknown,
            ),
            (
                ApiError::Status {
                    label: label(),
                    status: 401,
                    detail: String::new(),
                    attempts: 1,
                }
                .into(),
                Unknown,
            ),
            (
                ApiError::Html {
                    label: label(),
                    status: 200,
                }
                .into(),
                Unknown,
            ),
            (
                ApiError::Malformed {
                    label: label(),
                    reason: "eof".into(),
                }
                .into(),
                Unknown,
            ),
            (
                ApiError::TooLarge {
                    label: label(),
                    limit: 1,
                }
                .into(),
                Unknown,
            ),
            (
                ApiError::Redirect {
                    label: label(),
                    location: "http://elsewhere/".into(),
                }
                .into(),
                Unknown,
            ),
            (
                ApiError::Transport {
                    label: label(),
                    reason: "reset".into(),
                }
                .into(),
                Unknown,
            ),
        ];
        for (err, want) in cases {
            assert_eq!(err.status(), want, "{err:?}");
        }
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
