//! What can go wrong talking to the app, each naming the request (`GET /api/x`).

use std::time::Duration;

#[derive(Clone, Debug, thiserror::Error)]
pub(crate) enum ApiError {
    #[error(
        "{label}: no admin token configured (set SWCACHE_TOKEN or ADMIN_TOKEN, or use --token-file or token_file in the config); nothing was sent"
    )]
    NoToken { label: String },
    #[error("{label}: cannot connect: {reason}{}", attempts_note(*attempts))]
    Connect {
        label: String,
        reason: String,
        attempts: u32,
    },
    #[error("{label}: no answer within {} (deadline exceeded)", crate::numbers::duration(*after))]
    Timeout { label: String, after: Duration },
    #[error("{label}: {}{}", status_text(*status, detail), attempts_note(*attempts))]
    Status {
        label: String,
        status: u16,
        detail: String,
        attempts: u32,
    },
    #[error("{label}: answered an HTML page, not JSON (HTTP {status})")]
    Html { label: String, status: u16 },
    #[error("{label}: malformed JSON: {reason}")]
    Malformed { label: String, reason: String },
    #[error("{label}: body larger than {limit} bytes; not read")]
    TooLarge { label: String, limit: usize },
    #[error(
        "{label}: redirected to {location}, another host; not followed (the token stays with the configured host)"
    )]
    Redirect { label: String, location: String },
    #[error("{label}: {reason}")]
    Transport { label: String, reason: String },
}

/// A 401 is the token, said so; other statuses as the app answered them.
fn status_text(status: u16, detail: &str) -> String {
    if status == 401 {
        "token rejected (401) — check the token file".into()
    } else {
        format!("HTTP {status}{detail}")
    }
}

fn attempts_note(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    }
}
