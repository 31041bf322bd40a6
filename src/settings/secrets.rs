//! Credentials: the admin token from its layers, and the one reader of each kind of secret
//! file (a token file with its permission check, a one-line password file).

use std::path::Path;

use super::Sources;
use super::layered::{Found, Layered, Origin, Why};
use crate::api::Secret;
use crate::cli::GlobalArgs;
use crate::exit::CliError;

/// The admin token, where it came from, and why it could not be had.
pub(super) struct AdminToken {
    pub token: Option<Secret>,
    pub source: Option<String>,
    /// An error only for a command that sends the token.
    pub error: Option<String>,
}

pub(super) fn admin_token(
    args: &GlobalArgs,
    s: &Sources,
    warnings: &mut Vec<String>,
) -> AdminToken {
    match token_layers(args, s, warnings) {
        Ok(found) => AdminToken {
            source: found.as_ref().map(|f| token_source(f, args, s)),
            token: found.map(|f| f.value),
            error: None,
        },
        Err(e) => AdminToken {
            token: None,
            source: None,
            error: Some(e.message),
        },
    }
}

/// systemd's credential, named like a variable in messages.
const CREDENTIAL: &str = "$CREDENTIALS_DIRECTORY/token";

/// The admin token: `--token-file`, `SWCACHE_TOKEN`, `ADMIN_TOKEN` (when not blank), the
/// environment's `token_file`, the top level's, then systemd's credential; else none.
fn token_layers<'a>(
    args: &GlobalArgs,
    s: &Sources<'a>,
    warnings: &mut Vec<String>,
) -> Result<Option<Found<'a, Secret>>, CliError> {
    let var = |name: &str| (s.env)(name).filter(|t| !t.trim().is_empty());
    Layered::new()
        .flag("--token-file", args.token_file.as_ref(), |p| {
            read_token(p, "--token-file", warnings)
        })
        .env("SWCACHE_TOKEN", var("SWCACHE_TOKEN"), |t| check_token(t))
        .env("ADMIN_TOKEN", var("ADMIN_TOKEN"), |t| check_token(t))
        .file(
            s.loaded,
            "token_file",
            s.own_or_top(|e| &e.token_file, |f| &f.token_file),
            |p| read_token(&s.beside_config(p), "token_file", warnings),
        )
        .env(CREDENTIAL, super::systemd::credential_token(s.env), |p| {
            read_token(p, CREDENTIAL, warnings)
        })
        .found()
}

/// Where the admin token came from, as `config check` shows it (never the token itself).
fn token_source(found: &Found<Secret>, args: &GlobalArgs, s: &Sources) -> String {
    match &found.origin {
        Origin::Flag(name) => match &args.token_file {
            Some(p) => format!("{name} {}", p.display()),
            None => name.to_string(),
        },
        Origin::Env(var) if var != CREDENTIAL => format!("${var}"),
        Origin::File { .. } => match s.own_or_top(|e| &e.token_file, |f| &f.token_file) {
            Some(p) => format!("file {}", p.get_ref().display()),
            None => "set".into(),
        },
        // systemd's credential.
        Origin::Env(_) | Origin::Default => "set".into(),
    }
}

/// A token file, as `what` (the flag, key or place that names it) reads it: one line, and a
/// warning when others can read it. The error is worded to follow `what`.
pub(super) fn read_token(
    path: &Path,
    what: &str,
    warnings: &mut Vec<String>,
) -> Result<Secret, String> {
    let bytes = crate::fsutil::read_capped(path, crate::fsutil::SMALL_FILE_CAP)
        .and_then(|b| {
            b.ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "No such file"))
        })
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(m) = std::fs::metadata(path)
            && m.permissions().mode() & 0o077 != 0
        {
            warnings.push(format!(
                "{what}: {} can be read by others (mode {:o}); chmod 600 it",
                path.display(),
                m.permissions().mode() & 0o777
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = (what, warnings);
    check_token(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A password file: one non-empty line (its newline dropped).
pub(super) fn read_password(path: &Path) -> Result<Secret, Why> {
    let text = crate::fsutil::read_text(path, crate::fsutil::SMALL_FILE_CAP)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let pw = text.trim_end_matches(['\n', '\r']);
    if pw.is_empty() || pw.contains('\n') {
        return Err(Why::Name("must hold one non-empty line".into()));
    }
    Ok(Secret::new(pw))
}

/// The token as it goes in `Authorization: Bearer …`: one line of visible ASCII. What a copy
/// and paste commonly adds is refused here, at load, rather than as a 401 at the first write.
pub(super) fn check_token(text: &str) -> Result<Secret, String> {
    if text.starts_with('\u{feff}') {
        return Err("starts with a byte-order mark (BOM); save it as plain UTF-8".into());
    }
    let token = text.trim();
    if token.is_empty() {
        return Err("is empty".into());
    }
    if token.lines().count() > 1 {
        return Err("holds more than one line; it must hold only the token".into());
    }
    if token.len() >= 7 && token[..7].eq_ignore_ascii_case("bearer ") {
        return Err("starts with `Bearer `; give only the token (swcache adds the scheme)".into());
    }
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("holds spaces, control or non-ASCII characters, which a token cannot".into());
    }
    Ok(Secret::new(token))
}
