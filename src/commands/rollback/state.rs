//! The planned rollback's state file: `<state dir>/rollback/planned-<env>.json` (the name made
//! file-safe), written before and after every stage (whole-file replace, so a crash never
//! leaves half a record). It holds the plan and progress, never the token.

use std::path::{Path, PathBuf};

use crate::exit::CliError;
use crate::policy::rollback::PlannedState;

pub(crate) fn path(state_dir: &Path, env: &str) -> PathBuf {
    state_dir
        .join("rollback")
        .join(format!("planned-{}.json", crate::fsutil::file_safe(env)))
}

/// The recorded run, if any. A file that cannot be read or parsed is an error, not "no run":
/// guessing could repeat a database rollback.
pub(crate) fn load(path: &Path) -> Result<Option<PlannedState>, CliError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(CliError::config(format!(
                "cannot read the rollback state file {}: {e}",
                path.display()
            )));
        }
    };
    serde_json::from_str(&text).map(Some).map_err(|e| {
        CliError::config(format!(
            "the rollback state file {} is not valid ({e}); look at it, then remove it to plan afresh",
            path.display()
        ))
    })
}

pub(crate) fn save(path: &Path, state: &PlannedState) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let text = serde_json::to_string_pretty(state).map_err(std::io::Error::other)? + "\n";
    crate::fsutil::replace(path, text.as_bytes(), crate::fsutil::Mode::Private)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::rollback::{DEFAULT_ROLLBACK_STEPS, RunStatus, STATE_VERSION, plan};

    #[test]
    fn save_load_and_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = path(dir.path(), "prod/eu");
        assert!(p.ends_with("rollback/planned-prod%2Feu.json"));
        assert_eq!(load(&p).unwrap(), None);
        let s = PlannedState {
            version: STATE_VERSION,
            environment: "prod/eu".into(),
            base_url: "http://x/".into(),
            started: "t".into(),
            updated: "t".into(),
            start_percentage: 50.0,
            plan: plan(
                50.0,
                &DEFAULT_ROLLBACK_STEPS,
                std::time::Duration::from_secs(1),
            ),
            completed: 2,
            status: RunStatus::Stopped,
            stopped: Some("SIGINT".into()),
            history: Vec::new(),
            in_flight: None,
        };
        save(&p, &s).unwrap();
        save(&p, &s).unwrap();
        assert_eq!(load(&p).unwrap(), Some(s));
        std::fs::write(&p, "{not json").unwrap();
        assert_eq!(
            load(&p).unwrap_err().status,
            crate::exit::ExitStatus::Config
        );
    }
}
