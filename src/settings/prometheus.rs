//! `[metrics] source` and `[metrics.prometheus]` (each overridden by the environment's
//! `[environments.NAME.metrics]`), resolved into where KPI figures are read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::{check_timeout, parse_duration, parse_url, read_token};
use crate::api::Secret;
use crate::config::{EnvFile, Loaded, PrometheusFile};
use crate::exit::CliError;
use crate::policy::series::MetricNames;
use crate::prometheus::{
    Auth, DEFAULT_MAX_AGE, DEFAULT_PROM_TIMEOUT, FigureSource, Measure, PromSettings,
};

pub(super) fn resolve_source(
    loaded: &Option<Loaded>,
    env_file: Option<&EnvFile>,
    names: &MetricNames,
    admin_token: Option<&Secret>,
    warnings: &mut Vec<String>,
) -> Result<FigureSource, CliError> {
    let Some(l) = loaded else {
        return Ok(FigureSource::App);
    };
    let top = &l.file.metrics;
    let env = env_file.map(|e| &e.metrics);
    let source = env.and_then(|e| e.source.as_ref()).or(top.source.as_ref());
    let prometheus = match source.map(|s| (s, s.get_ref().as_str())) {
        None | Some((_, "app")) => false,
        Some((_, "prometheus")) => true,
        Some((s, other)) => {
            return Err(l.error_at(
                s.span(),
                format!("[metrics] source {other:?} is not one of \"app\", \"prometheus\""),
            ));
        }
    };
    // Both layers, the environment's first: each key is taken from the first that sets it.
    let layers: Vec<&PrometheusFile> = env
        .and_then(|e| e.prometheus.as_ref())
        .into_iter()
        .chain(top.prometheus.as_ref())
        .collect();
    let pick = |f: fn(&PrometheusFile) -> Option<&Spanned<String>>| {
        layers.iter().find_map(|p| f(p))
    };
    let pick_path = |f: fn(&PrometheusFile) -> Option<&Spanned<PathBuf>>| {
        layers.iter().find_map(|p| f(p))
    };

    let mut queries: BTreeMap<Measure, String> = Measure::all()
        .into_iter()
        .map(|m| (m, m.default_query(names)))
        .collect();
    // The top level first, so the environment's queries win.
    for p in layers.iter().rev() {
        for (key, q) in &p.queries {
            let m = Measure::from_key(key.get_ref()).ok_or_else(|| {
                let known: Vec<&str> = Measure::all().into_iter().map(Measure::key).collect();
                l.error_at(
                    key.span(),
                    format!(
                        "[metrics.prometheus.queries] unknown key `{}` (known: {})",
                        key.get_ref(),
                        known.join(", ")
                    ),
                )
            })?;
            let text = q.get_ref().trim();
            if text.is_empty() {
                return Err(l.error_at(
                    q.span(),
                    format!("[metrics.prometheus.queries] {} is empty", m.key()),
                ));
            }
            queries.insert(m, text.to_string());
        }
    }

    let timeout = match pick(|p| p.timeout.as_ref()) {
        Some(s) => parse_duration(s.get_ref())
            .and_then(check_timeout)
            .map_err(|e| l.error_at(s.span(), format!("[metrics.prometheus] timeout: {e}")))?,
        None => DEFAULT_PROM_TIMEOUT,
    };
    let max_age = match pick(|p| p.max_age.as_ref()) {
        Some(s) => {
            let d = parse_duration(s.get_ref())
                .map_err(|e| l.error_at(s.span(), format!("[metrics.prometheus] max_age: {e}")))?;
            if d.is_zero() {
                return Err(l.error_at(s.span(), "[metrics.prometheus] max_age must be more than zero"));
            }
            d
        }
        None => DEFAULT_MAX_AGE,
    };
    let url = match pick(|p| p.url.as_ref()) {
        Some(s) => Some(
            parse_url(s.get_ref())
                .map_err(|e| l.error_at(s.span(), format!("[metrics.prometheus] url: {e}")))?,
        ),
        None => None,
    };
    let bearer = pick_path(|p| p.bearer_token_file.as_ref());
    let user = pick(|p| p.basic_auth_user.as_ref());
    let password = pick_path(|p| p.basic_auth_password_file.as_ref());
    if let Some(b) = bearer.filter(|_| user.is_some() || password.is_some()) {
        return Err(l.error_at(
            b.span(),
            "[metrics.prometheus] give bearer_token_file or basic auth, not both",
        ));
    }
    match (user, password) {
        (Some(u), None) => {
            return Err(l.error_at(
                u.span(),
                "[metrics.prometheus] basic_auth_user needs basic_auth_password_file",
            ));
        }
        (None, Some(p)) => {
            return Err(l.error_at(
                p.span(),
                "[metrics.prometheus] basic_auth_password_file needs basic_auth_user",
            ));
        }
        _ => {}
    }
    if !prometheus {
        return Ok(FigureSource::App);
    }

    let Some(url) = url else {
        let at = source.expect("a prometheus source was set");
        return Err(l.error_at(
            at.span(),
            "[metrics] source = \"prometheus\" needs url in [metrics.prometheus]",
        ));
    };
    // Relative to the config file, like token_file.
    let near = |p: &Path| l.path.parent().unwrap_or(Path::new(".")).join(p);
    let auth = if let Some(b) = bearer {
        let t = read_token(&near(b.get_ref()), "[metrics.prometheus] bearer_token_file", warnings)
            .map_err(|e| l.error_at(b.span(), e.message))?;
        refuse_admin_token(&t, admin_token).map_err(|e| l.error_at(b.span(), e))?;
        Some(Auth::Bearer(t))
    } else if let (Some(u), Some(p)) = (user, password) {
        let path = near(p.get_ref());
        let text = std::fs::read_to_string(&path).map_err(|e| {
            l.error_at(
                p.span(),
                format!(
                    "[metrics.prometheus] basic_auth_password_file: cannot read {}: {e}",
                    path.display()
                ),
            )
        })?;
        let pw = text.trim_end_matches(['\n', '\r']);
        if pw.is_empty() || pw.contains('\n') {
            return Err(l.error_at(
                p.span(),
                "[metrics.prometheus] basic_auth_password_file must hold one non-empty line",
            ));
        }
        let pw = Secret::new(pw);
        refuse_admin_token(&pw, admin_token).map_err(|e| l.error_at(p.span(), e))?;
        Some(Auth::Basic {
            user: u.get_ref().clone(),
            password: pw,
        })
    } else {
        None
    };
    Ok(FigureSource::Prometheus(Box::new(PromSettings {
        url,
        auth,
        timeout,
        max_age,
        queries,
    })))
}

/// The admin token opens the app's writes: it goes to the app and nowhere else.
fn refuse_admin_token(s: &Secret, admin: Option<&Secret>) -> Result<(), String> {
    if admin.is_some_and(|a| a.expose() == s.expose()) {
        return Err(
            "[metrics.prometheus] this credential is the app's admin token; give Prometheus \
             a credential of its own"
                .into(),
        );
    }
    Ok(())
}
