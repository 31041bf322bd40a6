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
