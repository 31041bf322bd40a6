//! `[rollout]` and an environment's `production` switch, resolved.

use std::time::Duration;

use crate::config::{EnvFile, Loaded};
use crate::exit::CliError;
pub(crate) use crate::policy::rollout_run::OnFailure;

pub(crate) const DEFAULT_FLAG: &str = "enhanced-cache";
/// The guide moves the rollout one step a week.
pub(crate) const DEFAULT_MIN_BAKE: Duration = Duration::from_secs(7 * 24 * 3600);

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RolloutSettings {
    /// The feature flag's name in /api/admin/feature-flags.
    pub flag: String,
    /// Minimum time at the current step before exposure is raised (`--min-bake` overrides).
    pub min_bake: Duration,
    /// `rollout run`'s path when analysis fails (`[rollout] on_failure`).
    pub on_failure: OnFailure,
}

impl Default for RolloutSettings {
    fn default() -> Self {
        RolloutSettings {
            flag: DEFAULT_FLAG.into(),
            min_bake: DEFAULT_MIN_BAKE,
            on_failure: OnFailure::Planned,
        }
    }
}

pub(super) fn resolve_rollout(l: &Loaded) -> Result<RolloutSettings, CliError> {
    let f = &l.file.rollout;
    let mut s = RolloutSettings::default();
    if let Some(name) = &f.flag {
        let n = name.get_ref().trim();
        if n.is_empty() {
            return Err(l.error_at(name.span(), "[rollout] flag: must not be empty"));
        }
        s.flag = n.to_string();
    }
    if let Some(b) = &f.min_bake {
        s.min_bake = humantime::parse_duration(b.get_ref())
            .map_err(|e| l.error_at(b.span(), format!("[rollout] min_bake: {e}")))?;
    }
    if let Some(v) = &f.on_failure {
        s.on_failure = match v.get_ref().as_str() {
            "planned" => OnFailure::Planned,
            "emergency" => OnFailure::Emergency,
            other => {
                return Err(l.error_at(
                    v.span(),
                    format!("[rollout] on_failure: `{other}` is neither `planned` nor `emergency`"),
                ));
            }
        };
    }
    Ok(s)
}

/// Whether confirmations in this environment ask for its name to be typed: as configured,
/// else for an environment named `production`.
pub(super) fn is_production(name: Option<&str>, env_file: Option<&EnvFile>) -> bool {
    env_file
        .and_then(|e| e.production.as_ref())
        .map(|p| *p.get_ref())
        .unwrap_or(name == Some("production"))
}
