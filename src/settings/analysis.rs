//! `[analysis]` (top level, `[environments.NAME.analysis]` over it key by key), resolved. Absent
//! in both: `None`, and every command judges one snapshot as before.

use super::parse_duration;
use crate::config::{EnvFile, Loaded};
use crate::exit::CliError;
use crate::policy::analysis::AnalysisSettings;

pub(super) fn resolve_analysis(
    l: &Loaded,
    env_file: Option<&EnvFile>,
) -> Result<Option<AnalysisSettings>, CliError> {
    let layers: Vec<_> = std::iter::once(l.file.analysis.as_ref())
        .chain(env_file.map(|e| e.analysis.as_ref()))
        .flatten()
        .collect();
    if layers.is_empty() {
        return Ok(None);
    }
    let mut a = AnalysisSettings::default();
    for f in layers {
        if let Some(s) = &f.interval {
            let d = parse_duration(s.get_ref())
                .map_err(|e| l.error_at(s.span(), format!("[analysis] interval: {e}")))?;
            if d.is_zero() {
                return Err(l.error_at(s.span(), "[analysis] interval must be more than zero"));
            }
            a.interval = d;
        }
        if let Some(s) = &f.count {
            if *s.get_ref() == 0 {
                return Err(l.error_at(s.span(), "[analysis] count must be at least 1"));
            }
            a.count = *s.get_ref();
        }
        if let Some(s) = &f.failure_limit {
            a.failure_limit = *s.get_ref();
        }
        if let Some(s) = &f.inconclusive_limit {
            a.inconclusive_limit = *s.get_ref();
        }
    }
    Ok(Some(a))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::exit::ExitStatus;

    fn resolve(text: &str, env: Option<&str>) -> Result<Option<AnalysisSettings>, CliError> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("swcache.toml");
        std::fs::write(&p, text).unwrap();
        let l = crate::config::load(&p)?;
        let e = env.and_then(|n| l.file.environments.get(n));
        resolve_analysis(&l, e)
    }

    #[test]
    fn absent_is_one_snapshot_and_environments_override_key_by_key() {
        assert_eq!(resolve("", None).unwrap(), None);
        let text = r#"
[analysis]
interval = "30s"
count = 4
failure_limit = 1

[environments.prod]
url = "https://app.example"
[environments.prod.analysis]
count = 10
inconclusive_limit = 2

[environments.staging]
url = "https://staging.example"
"#;
        let top = resolve(text, Some("staging")).unwrap().unwrap();
        assert_eq!(
            top,
            AnalysisSettings {
                interval: Duration::from_secs(30),
                count: 4,
                failure_limit: 1,
                inconclusive_limit: 0
            }
        );
        let prod = resolve(text, Some("prod")).unwrap().unwrap();
        assert_eq!((prod.interval, prod.count), (Duration::from_secs(30), 10));
        assert_eq!((prod.failure_limit, prod.inconclusive_limit), (1, 2));
        // Only an environment's own section: the defaults under it.
        let only_env = "[environments.prod]\nurl = \"https://a.example\"\n[environments.prod.analysis]\nfailure_limit = 3\n";
        let a = resolve(only_env, Some("prod")).unwrap().unwrap();
        assert_eq!(a.failure_limit, 3);
        assert_eq!(a.count, crate::policy::analysis::DEFAULT_COUNT);
        assert_eq!(resolve(only_env, None).unwrap(), None);
    }

    #[test]
    fn bad_values_are_config_errors_at_their_line() {
        for (text, word) in [
            ("[analysis]\ninterval = \"soon\"\n", "interval"),
            ("[analysis]\ninterval = \"0s\"\n", "interval"),
            ("[analysis]\ncount = 0\n", "count"),
            ("[analysis]\nfailure_limit = -1\n", "failure_limit"),
            ("[analysis]\nwindow = \"5m\"\n", "window"),
        ] {
            let e = resolve(text, None).unwrap_err();
            assert_eq!(e.status, ExitStatus::Config, "{text}");
            assert!(
                e.message.contains(word) && e.message.contains(":2"),
                "{text}: {}",
                e.message
            );
        }
    }
}
