//! What systemd hands a service unit: `StateDirectory=` sets `$STATE_DIRECTORY`, and
//! `LoadCredential=` puts files under `$CREDENTIALS_DIRECTORY` (readable only by the unit).

use std::path::PathBuf;

/// The unit's state directory. systemd passes a colon-separated list when the unit names
/// several; swcache uses the first.
pub(super) fn state_directory(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    env("STATE_DIRECTORY")?
        .split(':')
        .find(|d| !d.is_empty())
        .map(PathBuf::from)
}

/// `$CREDENTIALS_DIRECTORY/token` when systemd loaded a credential named `token`. Only the
/// last resort: a token file flag, a token variable or a configured token_file wins.
pub(super) fn credential_token(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let dir = env("CREDENTIALS_DIRECTORY").filter(|d| !d.is_empty())?;
    let path = PathBuf::from(dir).join("token");
    path.exists().then_some(path)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::cli::GlobalArgs;
    use crate::settings::{Settings, ThresholdFlags, state_dir};

    fn lookup(vars: &[(&str, String)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn state_directory_is_not_doubled() {
        let env = lookup(&[
            ("STATE_DIRECTORY", "/var/lib/swcache:/var/lib/other".into()),
            ("XDG_STATE_HOME", "/var/lib/swcache".into()),
        ]);
        assert_eq!(state_dir(&env), PathBuf::from("/var/lib/swcache"));
        let env = lookup(&[("XDG_STATE_HOME", "/x".into())]);
        assert_eq!(state_dir(&env), PathBuf::from("/x/swcache"));
        let env = lookup(&[("STATE_DIRECTORY", "".into()), ("HOME", "/h".into())]);
        assert_eq!(state_dir(&env), PathBuf::from("/h/.local/state/swcache"));
    }

    #[test]
    fn credential_is_the_last_token_source() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("token"), "from-credential\n").unwrap();
        let creds = ("CREDENTIALS_DIRECTORY", dir.path().display().to_string());
        let home = ("HOME", dir.path().display().to_string());
        let resolve = |vars: &[(&str, String)]| {
            Settings::resolve(
                &GlobalArgs::default(),
                &ThresholdFlags::default(),
                &lookup(vars),
            )
            .unwrap()
            .token
            .map(|t| t.expose().to_string())
        };
        assert_eq!(
            resolve(&[creds.clone(), home.clone()]).as_deref(),
            Some("from-credential")
        );
        assert_eq!(
            resolve(&[creds.clone(), home.clone(), ("SWCACHE_TOKEN", "env".into())]).as_deref(),
            Some("env"),
            "a token variable wins over the credential"
        );
        let empty = tempfile::tempdir().unwrap();
        let no_token = ("CREDENTIALS_DIRECTORY", empty.path().display().to_string());
        assert_eq!(
            resolve(&[no_token, home.clone()]),
            None,
            "no credential named token"
        );
        // An empty credential is an error for a command that sends the token (read-only
        // commands never need it, so resolution itself succeeds).
        std::fs::write(dir.path().join("token"), "  \n").unwrap();
        let err = Settings::resolve(
            &GlobalArgs::default(),
            &ThresholdFlags::default(),
            &lookup(&[creds, home]),
        )
        .unwrap()
        .require_token()
        .unwrap_err();
        assert!(
            err.message.contains("CREDENTIALS_DIRECTORY"),
            "{}",
            err.message
        );
    }
}
