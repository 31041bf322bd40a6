//! A command's own flags that override the settings (`--max-error-rate`, `deploy`'s,
//! `rollback planned`'s, `incident storage-quota`'s): declared by the command, applied here,
//! over what the environment variables and the config file said.

use std::time::Duration;

use crate::cli::GlobalArgs;
use crate::exit::CliError;
use crate::policy::rollback::check_steps;

use super::{DeployFlags, Settings, ThresholdFlags};

/// Everything a command's flags override; the default overrides nothing.
#[derive(Clone, Debug, Default)]
pub(crate) struct Overrides {
    pub thresholds: ThresholdFlags,
    /// The environment a positional names (`deploy production`); see [`Settings::resolve_for`].
    pub target: Option<&'static str>,
    pub deploy: DeployFlags,
    pub rollback: RollbackFlags,
    pub incident: IncidentFlags,
}

/// `rollback planned`'s flags over `[rollback]`.
#[derive(Clone, Debug, Default)]
pub(crate) struct RollbackFlags {
    pub steps: Option<Vec<u8>>,
    pub step_wait: Option<Duration>,
    pub poll_interval: Option<Duration>,
}

/// `incident storage-quota`'s flags over `[incident]`.
#[derive(Clone, Debug, Default)]
pub(crate) struct IncidentFlags {
    pub recovery_wait: Option<Duration>,
    pub large_entries_limit: Option<u32>,
}

impl Settings {
    /// Resolves settings for a command with its flags' overrides: flag > environment variable >
    /// config file > built-in default. A flag's bad value is a usage error (64).
    pub(crate) fn resolve_with(
        args: &GlobalArgs,
        overrides: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, CliError> {
        let mut s = Settings::resolve_for(args, &overrides.thresholds, env, overrides.target)?;
        s.apply_deploy_flags(&overrides.deploy);
        s.apply_rollback_flags(&overrides.rollback)?;
        s.apply_incident_flags(&overrides.incident);
        Ok(s)
    }

    fn apply_rollback_flags(&mut self, flags: &RollbackFlags) -> Result<(), CliError> {
        if let Some(steps) = &flags.steps {
            check_steps(steps).map_err(|e| CliError::usage(format!("--steps: {e}")))?;
            self.rollback.steps = steps.clone();
        }
        if let Some(w) = flags.step_wait {
            self.rollback.step_wait = w;
        }
        if let Some(p) = flags.poll_interval {
            if p.is_zero() {
                return Err(CliError::usage("--poll-interval must be more than zero"));
            }
            self.rollback.poll_interval = p;
        }
        Ok(())
    }

    fn apply_incident_flags(&mut self, flags: &IncidentFlags) {
        if let Some(w) = flags.recovery_wait {
            self.incident.recovery_wait = w;
        }
        if let Some(n) = flags.large_entries_limit {
            self.incident.large_entries_limit = n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::ExitStatus;

    /// Settings from defaults only (no config file: the environment lookup finds nothing).
    fn defaults() -> Settings {
        let args = GlobalArgs {
            url: Some("http://127.0.0.1:1".into()),
            ..GlobalArgs::default()
        };
        let none = |_: &str| None;
        Settings::resolve_with(&args, &Overrides::default(), &none).unwrap()
    }

    #[test]
    fn flags_win_over_the_defaults_and_bad_ones_are_usage_errors() {
        let base = defaults();
        let mut s = base.clone();
        s.apply_rollback_flags(&RollbackFlags {
            steps: Some(vec![25, 0]),
            step_wait: Some(Duration::from_secs(3)),
            poll_interval: Some(Duration::from_secs(1)),
        })
        .unwrap();
        assert_eq!(s.rollback.steps, vec![25, 0]);
        assert_eq!(s.rollback.step_wait, Duration::from_secs(3));
        assert_eq!(s.rollback.poll_interval, Duration::from_secs(1));
        s.apply_incident_flags(&IncidentFlags {
            recovery_wait: Some(Duration::from_secs(7)),
            large_entries_limit: Some(3),
        });
        assert_eq!(s.incident.recovery_wait, Duration::from_secs(7));
        assert_eq!(s.incident.large_entries_limit, 3);

        let mut bad = base.clone();
        let e = bad
            .apply_rollback_flags(&RollbackFlags {
                steps: Some(vec![10, 25]),
                ..RollbackFlags::default()
            })
            .unwrap_err();
        assert_eq!(e.status, ExitStatus::Usage);
        assert!(e.message.starts_with("--steps:"), "{e}");
        let e = bad
            .apply_rollback_flags(&RollbackFlags {
                poll_interval: Some(Duration::ZERO),
                ..RollbackFlags::default()
            })
            .unwrap_err();
        assert_eq!(e.status, ExitStatus::Usage);
        assert_eq!(
            bad.rollback, base.rollback,
            "a refused flag changes nothing"
        );
    }
}
