//! Where swcache keeps what outlives a run: the write lock, the rollout run's and the planned
//! rollback's progress, the staging records and the audit log. One [`Store`], two backends:
//! the local directory (`state_dir`, the default; needs nothing) and a shared PostgreSQL
//! database (`[state] backend = "postgres"`, see [`pg`]). Commands never know which: they ask
//! the store for a lock, a [`Doc`] or the audit, and every backend applies the same checks
//! (`fsutil::parse_versioned`) to what it reads back.

pub(crate) mod pg;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::exit::CliError;
use crate::settings::{Settings, StateBackend};

#[derive(Clone, Debug)]
pub(crate) enum Store {
    /// Files under this directory (`state_dir`, or a sandbox run's own).
    Dir(PathBuf),
    Postgres(Arc<pg::Pg>),
}

/// What a stored document is: its name in the database, and its file under `state_dir`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `rollout/run-<env>.json`
    RolloutRun,
    /// `rollback/planned-<env>.json`
    PlannedRollback,
    /// `deploy/staging.json` (one for all environments; its key is empty)
    Staging,
    /// `rollout/pause-<env>.json`: `rollout pause` holds a live run while it exists.
    RolloutPause,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::RolloutRun => "rollout-run",
            Kind::PlannedRollback => "rollback-planned",
            Kind::Staging => "staging",
            Kind::RolloutPause => "rollout-pause",
        }
    }

    fn file(self, dir: &Path, key: &str) -> PathBuf {
        let safe = crate::fsutil::file_safe(key);
        match self {
            Kind::RolloutRun => dir.join("rollout").join(format!("run-{safe}.json")),
            Kind::PlannedRollback => dir.join("rollback").join(format!("planned-{safe}.json")),
            Kind::Staging => dir.join("deploy").join("staging.json"),
            Kind::RolloutPause => dir.join("rollout").join(format!("pause-{safe}.json")),
        }
    }
}

impl Store {
    /// The store the settings name. Nothing is opened yet: a PostgreSQL backend connects at
    /// its first use (a read-only `validate` never does).
    pub(crate) fn open(settings: &Settings) -> Store {
        match &settings.state {
            StateBackend::Dir => Store::Dir(settings.state_dir.clone()),
            StateBackend::Postgres(p) => {
                Store::Postgres(Arc::new(pg::Pg::new(p.clone(), settings.timeout)))
            }
        }
    }

    /// Which backend, for `config check` and messages: never the password.
    pub(crate) fn describe(&self) -> String {
        match self {
            Store::Dir(d) => format!("directory {}", d.display()),
            Store::Postgres(p) => format!("postgres {}", p.shown()),
        }
    }

    /// The document of `kind` for `key` (an environment's label; empty for staging).
    pub(crate) fn doc(&self, kind: Kind, key: &str) -> Doc {
        Doc {
            store: self.clone(),
            kind,
            key: key.to_string(),
        }
    }

    /// Takes the lock `name` for this run or refuses (exit 5) naming its holder, in the same
    /// words whichever backend holds it (see `lock::held_message`).
    pub(crate) fn lock(&self, name: &str, what: &str, env: &str) -> Result<Held, CliError> {
        match self {
            Store::Dir(d) => {
                let l = crate::lock::acquire(&d.join("locks"), name, what, env)?;
                Ok(Held {
                    took_over: l.took_over.clone(),
                    location: format!("lock file {}", l.path.display()),
                    _guard: Guard::File(l),
                })
            }
            Store::Postgres(p) => p.lock(name, what, env),
        }
    }

    /// Appends one audit line (JSON, already scrubbed): to `file` in a directory store, as a
    /// row in PostgreSQL.
    pub(crate) fn audit_append(&self, file: &Path, env: &str, line: &str) -> std::io::Result<()> {
        match self {
            Store::Dir(_) => {
                if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
                    crate::fsutil::create_dirs(dir)?;
                }
                // One write call per line, so concurrent runs append whole lines.
                let mut line = line.to_string();
                line.push('\n');
                crate::fsutil::append(file, line.as_bytes(), crate::fsutil::Mode::State)
            }
            Store::Postgres(p) => p.audit_append(env, line).map_err(std::io::Error::other),
        }
    }

    /// The audit's latest lines, oldest first, one JSON document a line (of `env` only, when
    /// given and the backend can filter; callers filter again). `NotFound` when there is none.
    pub(crate) fn audit_text(&self, file: &Path, env: Option<&str>) -> std::io::Result<String> {
        match self {
            Store::Dir(_) => tail(file),
            Store::Postgres(p) => p.audit_text(env).map_err(std::io::Error::other),
        }
    }

    /// Where the audit is, for messages: the file, or the table.
    pub(crate) fn audit_location(&self, file: &Path) -> String {
        match self {
            Store::Dir(_) => file.display().to_string(),
            Store::Postgres(p) => format!("swcache.audit in postgres {}", p.shown()),
        }
    }
}

/// A held lock: released when dropped (and by the OS or the server when the process dies).
pub(crate) struct Held {
    /// The holder recorded by an earlier run that no longer holds it.
    pub took_over: Option<String>,
    /// Where the lock is, for messages.
    pub location: String,
    _guard: Guard,
}

impl fmt::Debug for Held {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Held({})", self.location)
    }
}

/// Kept only to be dropped: dropping it releases the lock.
#[allow(dead_code)]
enum Guard {
    File(crate::lock::RunLock),
    Pg(pg::PgLock),
}

/// One stored document: a versioned JSON file, or a JSONB row holding the same JSON.
#[derive(Clone, Debug)]
pub(crate) struct Doc {
    store: Store,
    kind: Kind,
    key: String,
}

impl Doc {
    /// The recorded document, if any; one that cannot be read, parsed or trusted is an error
    /// (exit 78 naming where it is), never "none".
    pub(crate) fn load<T: DeserializeOwned>(
        &self,
        what: &str,
        version: u32,
        validate: impl FnOnce(&T) -> Result<(), String>,
    ) -> Result<Option<T>, CliError> {
        match &self.store {
            Store::Dir(d) => {
                crate::fsutil::load_json(&self.kind.file(d, &self.key), what, version, validate)
            }
            Store::Postgres(p) => {
                let text = p
                    .load(self.kind.name(), &self.key)
                    .map_err(CliError::config)?;
                text.map(|t| {
                    crate::fsutil::parse_versioned(
                        t.as_bytes(),
                        what,
                        &self.to_string(),
                        version,
                        validate,
                    )
                })
                .transpose()
            }
        }
    }

    /// Replaces the document whole (a crash never leaves half of one); no registered secret
    /// in it.
    pub(crate) fn save<T: Serialize>(&self, value: &T) -> std::io::Result<()> {
        match &self.store {
            Store::Dir(d) => crate::fsutil::save_json(&self.kind.file(d, &self.key), value),
            Store::Postgres(p) => {
                let text = crate::fsutil::state_text(value)?;
                p.save(self.kind.name(), &self.key, &text)
                    .map_err(std::io::Error::other)
            }
        }
    }

    /// Removes the document; `false` when there was none.
    pub(crate) fn remove(&self) -> std::io::Result<bool> {
        match &self.store {
            Store::Dir(d) => match std::fs::remove_file(self.kind.file(d, &self.key)) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
                Err(e) => Err(e),
            },
            Store::Postgres(p) => p
                .remove(self.kind.name(), &self.key)
                .map_err(std::io::Error::other),
        }
    }

    /// Its file, in a directory store.
    #[cfg(test)]
    pub(crate) fn file(&self) -> Option<PathBuf> {
        match &self.store {
            Store::Dir(d) => Some(self.kind.file(d, &self.key)),
            Store::Postgres(_) => None,
        }
    }
}

/// The file's path, or the row's place: what messages say.
impl fmt::Display for Doc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.store {
            Store::Dir(d) => write!(f, "{}", self.kind.file(d, &self.key).display()),
            Store::Postgres(p) => write!(
                f,
                "(row {} {:?} of swcache.documents in postgres {})",
                self.kind.name(),
                self.key,
                p.shown()
            ),
        }
    }
}

/// The most of the log's end read for the audit's readers (`AuditLog::last_done`, `swcache audit`): the log only grows, and the
/// last flag write is near its end.
const TAIL_CAP: u64 = 16 << 20;

/// The last [`TAIL_CAP`] bytes of the log, from a line start (a regular file only).
fn tail(path: &Path) -> std::io::Result<String> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let mut file = crate::fsutil::open_read(path)?;
    let len = file.metadata()?.len();
    let from = len.saturating_sub(TAIL_CAP);
    file.seek(SeekFrom::Start(from))?;
    let mut bytes = Vec::new();
    file.take(TAIL_CAP).read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    // Cut part-way into a line: that first piece is not a line.
    Ok(match (from, text.find('\n')) {
        (0, _) => text.into_owned(),
        (_, Some(i)) => text[i + 1..].to_string(),
        (_, None) => String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The directory store keeps the files where they always were.
    #[test]
    fn a_directory_store_keeps_the_files_where_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::Dir(dir.path().to_path_buf());
        let at = |k, key| store.doc(k, key).file().unwrap();
        assert_eq!(
            at(Kind::RolloutRun, "prod/eu"),
            dir.path().join("rollout/run-prod%2Feu.json")
        );
        assert_eq!(
            at(Kind::PlannedRollback, "prod"),
            dir.path().join("rollback/planned-prod.json")
        );
        assert_eq!(
            at(Kind::Staging, ""),
            dir.path().join("deploy/staging.json")
        );
        assert_eq!(
            store.doc(Kind::Staging, "").to_string(),
            dir.path().join("deploy/staging.json").display().to_string()
        );
    }
}
