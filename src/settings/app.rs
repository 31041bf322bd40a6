//! The app and how it is asked (its URL, the output format, each request's timeout, retries
//! and body caps), and where swcache keeps its state and audit log. Each setting is the list
//! of layers it comes from, highest first.

use std::path::PathBuf;
use std::time::Duration;

use reqwest::Url;

use super::layered::{Layered, Why, accept, accept_ref};
use super::{
    DEFAULT_RETRIES, DEFAULT_RETRY_AFTER_CAP, DEFAULT_TIMEOUT, MAX_RETRIES, MAX_RETRY_AFTER_CAP,
    Sources, check_timeout, parse_duration, parse_format, parse_url,
};
use crate::api::BodyCaps;
use crate::cli::GlobalArgs;
use crate::exit::CliError;
use crate::output::Format;

/// The app's URL and how each request is made.
pub(super) struct App {
    pub base_url: Option<Url>,
    pub allow_insecure_http: bool,
    pub caps: BodyCaps,
    pub format: Format,
    pub timeout: Duration,
    pub retries: u32,
    pub retry_after_cap: Duration,
}

pub(super) fn resolve_app(args: &GlobalArgs, s: &Sources) -> Result<App, CliError> {
    Ok(App {
        base_url: base_url(args, s)?,
        allow_insecure_http: allow_insecure_http(s)?,
        caps: body_caps(s)?,
        format: format(args, s)?,
        timeout: timeout(args, s)?,
        retries: retries(s)?,
        retry_after_cap: retry_after_cap(s)?,
    })
}

/// `--url`, `SWCACHE_URL`, the environment's `url`, the top-level `url`; else none yet.
fn base_url(args: &GlobalArgs, s: &Sources) -> Result<Option<Url>, CliError> {
    let url = |v: &String| parse_url(v);
    Layered::new()
        .flag("--url", args.url.as_ref(), url)
        .env("SWCACHE_URL", (s.env)("SWCACHE_URL"), url)
        .file(s.loaded, "url", s.own_or_top(|e| &e.url, |f| &f.url), url)
        .optional()
}

/// The environment's `allow_insecure_http`, else the top level's; else false.
fn allow_insecure_http(s: &Sources) -> Result<bool, CliError> {
    let at = s.own_or_top(|e| &e.allow_insecure_http, |f| &f.allow_insecure_http);
    Layered::new()
        .file(s.loaded, "allow_insecure_http", at, accept_ref)
        .or(false)
}

/// `[max_body]`: bytes read of each answer, by endpoint key.
fn body_caps(s: &Sources) -> Result<BodyCaps, CliError> {
    let mut caps = BodyCaps::default();
    if let Some(l) = s.loaded {
        for (key, bytes) in &l.file.max_body {
            caps.set(key.get_ref(), *bytes.get_ref())
                .map_err(|e| l.error_at(key.span(), format!("[max_body] {e}")))?;
        }
    }
    Ok(caps)
}

/// `--json`, `--output`, `SWCACHE_OUTPUT`, the top-level `output`; else a table.
fn format(args: &GlobalArgs, s: &Sources) -> Result<Format, CliError> {
    let format = |v: &String| parse_format(v);
    Layered::new()
        .flag("--json", args.json.then_some(Format::Json), accept)
        .flag("--output", args.output, accept)
        .env("SWCACHE_OUTPUT", (s.env)("SWCACHE_OUTPUT"), format)
        .file(s.loaded, "output", s.top(|f| &f.output), format)
        .or(Format::Table)
}

/// `--timeout`, `SWCACHE_TIMEOUT`, the environment's `timeout`, the top level's; else
/// [`DEFAULT_TIMEOUT`].
fn timeout(args: &GlobalArgs, s: &Sources) -> Result<Duration, CliError> {
    let parse = |v: &String| parse_duration(v).and_then(check_timeout);
    Layered::new()
        // clap has parsed the flag; its bounds are said as `--timeout must be …`.
        .flag("--timeout", args.timeout, |d| {
            check_timeout(d).map_err(Why::Name)
        })
        .env("SWCACHE_TIMEOUT", (s.env)("SWCACHE_TIMEOUT"), parse)
        .file(
            s.loaded,
            "timeout",
            s.own_or_top(|e| &e.timeout, |f| &f.timeout),
            parse,
        )
        .or(DEFAULT_TIMEOUT)
}

/// The top-level `retries`, at most [`MAX_RETRIES`]; else [`DEFAULT_RETRIES`].
fn retries(s: &Sources) -> Result<u32, CliError> {
    let at_most = |n: &u32| match *n {
        n if n > MAX_RETRIES => Err(format!(
            "at most {MAX_RETRIES} (each retry can take a whole timeout), got {n}"
        )),
        n => Ok(n),
    };
    Layered::new()
        .file(s.loaded, "retries", s.top(|f| &f.retries), at_most)
        .or(DEFAULT_RETRIES)
}

/// The top-level `retry_after_cap`, at most [`MAX_RETRY_AFTER_CAP`]; else
/// [`DEFAULT_RETRY_AFTER_CAP`].
fn retry_after_cap(s: &Sources) -> Result<Duration, CliError> {
    let at_most = |v: &String| match parse_duration(v)? {
        d if d > MAX_RETRY_AFTER_CAP => Err(format!(
            "at most {}, got {v}",
            humantime::format_duration(MAX_RETRY_AFTER_CAP)
        )),
        d => Ok(d),
    };
    Layered::new()
        .file(
            s.loaded,
            "retry_after_cap",
            s.top(|f| &f.retry_after_cap),
            at_most,
        )
        .or(DEFAULT_RETRY_AFTER_CAP)
}

/// `SWCACHE_STATE_DIR` (when not blank), the top-level `state_dir`, else the user's own
/// ([`super::state_dir`]). A shared one must be absolute: relative, each user's working
/// directory would make it a different directory, and so a different lock.
pub(super) fn state_dir(s: &Sources) -> Result<PathBuf, CliError> {
    let absolute = |p: PathBuf| {
        if p.is_absolute() {
            Ok(p)
        } else {
            Err(format!(
                "must be an absolute path, got {:?}",
                p.display().to_string()
            ))
        }
    };
    Layered::new()
        .env("SWCACHE_STATE_DIR", s.var("SWCACHE_STATE_DIR"), |v| {
            absolute(PathBuf::from(v))
        })
        .file(s.loaded, "state_dir", s.top(|f| &f.state_dir), |p| {
            absolute(p.clone())
        })
        .or_else(|| super::state_dir(s.env))
}

/// `SWCACHE_AUDIT_LOG`, the top-level `audit_log`, else `audit.jsonl` in the state directory.
pub(super) fn audit_log(s: &Sources, state_dir: &std::path::Path) -> Result<PathBuf, CliError> {
    Layered::new()
        .env("SWCACHE_AUDIT_LOG", (s.env)("SWCACHE_AUDIT_LOG"), |v| {
            accept(PathBuf::from(v))
        })
        .file(s.loaded, "audit_log", s.top(|f| &f.audit_log), accept_ref)
        .or_else(|| state_dir.join("audit.jsonl"))
}
