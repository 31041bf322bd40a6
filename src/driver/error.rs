//! How a run that did not produce its report ended, and its exit code: the one function from
//! an error to an exit code (`Error::status`), here because it must know every layer's errors
//! (the app's answers among them) while `exit` itself stays below them all.

use crate::api::ApiError;
use crate::exit::{CliError, ExitStatus};

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
    use super::*;
    use crate::exit::ExitStatus::*;

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
}
