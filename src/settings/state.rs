//! `[state]`: the state backend. The local directory (`state_dir`) is the default and needs
//! nothing; `backend = "postgres"` shares locks, run and rollback state, staging records and
//! the audit log through one PostgreSQL database. Its connection string is a secret: it comes
//! from `SWCACHE_STATE_URL` or `url_file`, is registered with `redact`, and is shown only as
//! its host and database.

use std::fmt;
use std::str::FromStr;

use crate::api::Secret;
use crate::config::Loaded;
use crate::exit::CliError;

/// Where swcache keeps its state.
#[derive(Clone, Debug, Default)]
pub(crate) enum StateBackend {
    /// Files under `state_dir`.
    #[default]
    Dir,
    Postgres(PgSettings),
}

/// A PostgreSQL backend: the connection string (never shown) and what may be shown of it.
#[derive(Clone)]
pub(crate) struct PgSettings {
    url: Secret,
    /// `host:port/database`, no user or password: what messages and `config check` name.
    pub shown: String,
}

impl fmt::Debug for PgSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PgSettings({})", self.shown)
    }
}

impl PgSettings {
    /// Parses a connection string (`postgres://…` or `key=value …`). The error never quotes it.
    pub(crate) fn parse(url: &str, from: &str) -> Result<PgSettings, String> {
        let url = url.trim();
        let config = tokio_postgres::Config::from_str(url).map_err(|_| {
            format!("the state URL from {from} is not a PostgreSQL connection string")
        })?;
        Ok(PgSettings {
            shown: shown(&config),
            url: Secret::new(url),
        })
    }

    pub(crate) fn config(&self) -> tokio_postgres::Config {
        // Parsed once already in `parse`.
        tokio_postgres::Config::from_str(self.url.expose()).unwrap_or_default()
    }

    /// The whole string and its password are scrubbed from every output from now on.
    pub(crate) fn register_secrets(&self) {
        crate::redact::register_held(self.url.expose());
        if let Some(p) = self
            .config()
            .get_password()
            .and_then(|p| std::str::from_utf8(p).ok())
        {
            crate::redact::register_held(p);
        }
    }
}

/// `host:port/database` of a connection (the first host; a socket directory as its path).
fn shown(c: &tokio_postgres::Config) -> String {
    let host = match c.get_hosts().first() {
        Some(tokio_postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(tokio_postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = c.get_ports().first().copied().unwrap_or(5432);
    let db = c
        .get_dbname()
        .or(c.get_user())
        .unwrap_or("(default database)");
    format!("{host}:{port}/{db}")
}

/// `[state]` and `SWCACHE_STATE_URL` → the backend. A URL given without `backend =
/// "postgres"` is refused: whoever set it believes the state is shared, and it would not be.
pub(super) fn resolve_state(
    env: &dyn Fn(&str) -> Option<String>,
    loaded: &Option<Loaded>,
) -> Result<StateBackend, CliError> {
    let from_env = env("SWCACHE_STATE_URL").filter(|v| !v.trim().is_empty());
    let file = loaded.as_ref().map(|l| (l, &l.file.state));
    let backend = file.and_then(|(l, f)| f.backend.as_ref().map(|b| (l, b)));
    match backend.map(|(l, b)| (l, b.get_ref().as_str(), b.span())) {
        None | Some((_, "dir", _)) => {
            if from_env.is_some() {
                return Err(CliError::config(
                    "SWCACHE_STATE_URL is set, but the config does not say [state] backend = \
                     \"postgres\": refusing to keep the state apart from the team's",
                ));
            }
            Ok(StateBackend::Dir)
        }
        Some((l, "postgres", span)) => {
            let (text, from) = match (from_env, &l.file.state.url_file) {
                (Some(u), _) => (u, "SWCACHE_STATE_URL".to_string()),
                (None, Some(p)) => {
                    // Relative to the config file, like token_file.
                    let path = super::beside_config(l, p.get_ref());
                    let text = crate::fsutil::read_text(&path, crate::fsutil::SMALL_FILE_CAP)
                        .map_err(|e| {
                            l.error_at(
                                p.span(),
                                format!("[state] cannot read url_file {}: {e}", path.display()),
                            )
                        })?;
                    (text, format!("url_file {}", path.display()))
                }
                (None, None) => {
                    return Err(l.error_at(
                        span,
                        "[state] backend = \"postgres\" needs url_file or SWCACHE_STATE_URL",
                    ));
                }
            };
            // Registered before anything can fail on it, so no error can quote it.
            crate::redact::register_held(text.trim());
            let pg = PgSettings::parse(&text, &from).map_err(CliError::config)?;
            pg.register_secrets();
            Ok(StateBackend::Postgres(pg))
        }
        Some((l, other, span)) => Err(l.error_at(
            span,
            format!("[state] backend {other:?} is not one of dir, postgres"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_names_host_port_and_database_only() {
        for (url, shown) in [
            (
                "postgres://ops:s3cr3t-pg-pass@db.example.com:5433/swcache",
                "db.example.com:5433/swcache",
            ),
            (
                "host=127.0.0.1 port=6000 user=u password=s3cr3t-pg-pass dbname=team",
                "127.0.0.1:6000/team",
            ),
            ("postgres://ops@db/", "db:5432/ops"),
        ] {
            let pg = PgSettings::parse(url, "t").unwrap();
            assert_eq!(pg.shown, shown);
            assert!(!format!("{pg:?}").contains("s3cr3t"));
        }
        let err = PgSettings::parse("postgres://u:s3cr3t-pg-pass@h:notaport/db", "url_file x")
            .unwrap_err();
        assert_eq!(
            err,
            "the state URL from url_file x is not a PostgreSQL connection string"
        );
    }
}
