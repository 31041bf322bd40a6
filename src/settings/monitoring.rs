//! `[metrics]` and `[alerts]`: what the generated alert rules and dashboard query, resolved.

use super::parse_duration;
use crate::config::Loaded;
use crate::exit::CliError;
use crate::policy::alerts::AlertSettings;
use crate::policy::series::MetricNames;

pub(super) fn resolve_metrics(loaded: Option<&Loaded>) -> Result<MetricNames, CliError> {
    let mut names = MetricNames::default();
    if let Some(l) = loaded {
        for (key, name) in &l.file.metrics.names {
            names
                .set(key.get_ref(), name.get_ref())
                .map_err(|e| l.error_at(key.span(), format!("[metrics] {e}")))?;
        }
    }
    Ok(names)
}

pub(super) fn resolve_alerts(loaded: &Option<Loaded>) -> Result<AlertSettings, CliError> {
    let mut out = AlertSettings::default();
    let Some(l) = loaded else {
        return Ok(out);
    };
    let a = &l.file.alerts;
    if let Some(u) = &a.runbook_url {
        let text = u.get_ref().trim();
        let probe = text.replace("{alert}", "alert");
        if reqwest::Url::parse(&probe).is_err() {
            return Err(l.error_at(
                u.span(),
                "[alerts] runbook_url must be an absolute URL (`{alert}` is replaced by the alert's name)",
            ));
        }
        out.runbook_url = Some(text.to_string());
    }
    for (field, slot, key) in [
        (
            &a.maintain_daily_period,
            &mut out.daily_period,
            "maintain_daily_period",
        ),
        (
            &a.maintain_weekly_period,
            &mut out.weekly_period,
            "maintain_weekly_period",
        ),
    ] {
        if let Some(s) = field {
            let d = parse_duration(s.get_ref())
                .map_err(|e| l.error_at(s.span(), format!("[alerts] {key}: {e}")))?;
            if d.is_zero() {
                return Err(l.error_at(s.span(), format!("[alerts] {key} must be more than zero")));
            }
            *slot = d;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// examples/swcache.toml documents `[metrics]` and `[alerts]` with their defaults.
    #[test]
    fn the_example_documents_the_defaults() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/swcache.toml");
        let loaded = Some(crate::config::load(&path).unwrap());
        assert_eq!(
            resolve_metrics(loaded.as_ref()).unwrap(),
            MetricNames::default()
        );
        assert_eq!(resolve_alerts(&loaded).unwrap(), AlertSettings::default());
        let text = std::fs::read_to_string(&path).unwrap();
        for key in MetricNames::KEYS {
            assert!(text.contains(&format!("\n{key} = ")), "{key} undocumented");
        }
    }
}
