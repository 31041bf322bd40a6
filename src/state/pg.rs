//! The PostgreSQL backend (after Terraform's `pg` backend: state in a table, locking by
//! advisory lock). One connection per process, opened at first use and kept for the whole
//! run on a thread of its own: the run's write lock is a *session* advisory lock on it, so
//! the server releases it when the process dies, `kill -9` included. Callers stay synchronous
//! (as the file backend is) and every call waits at most the deadline (`--timeout`): a server
//! that does not answer is an error (exit 78), never a hang and never a fall back to files.
//!
//! Tables, in schema `swcache` (created on first use, see [`ensure_schema`]):
//! `schema_version`, `locks` (holder of each lock), `documents` (run state, rollback state,
//! staging records: the files' JSON as JSONB) and `audit` (one row per audit line).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio_postgres::Client;

use crate::exit::CliError;
use crate::settings::PgSettings;
use crate::state::{Guard, Held};

/// The schema this binary writes and reads; a database at a newer one is refused.
pub(crate) const SCHEMA_VERSION: i32 = 1;

/// The advisory lock held while the schema is created, so two first users do not race.
const SCHEMA_LOCK: i64 = 0x7377_6361_6368_6500; // "swcache\0"

/// How long a refused run waits for the holder to write its row (it takes the advisory lock,
/// then writes the row: a refusal in between would name the previous holder, or none).
const HOLDER_WAIT: Duration = Duration::from_secs(2);

/// The holder row, if the session it names still holds an advisory lock (else it is a
/// previous holder's, or the new holder has not written it yet).
const CURRENT_HOLDER: &str = "SELECT l.holder, EXISTS (SELECT 1 FROM pg_locks p \
     WHERE p.locktype = 'advisory' AND p.granted AND p.pid = l.backend_pid) \
     FROM swcache.locks l WHERE l.name = $1";

/// The most audit rows read at once (newest first): the file backend reads its last 16 MiB.
const AUDIT_ROWS: i64 = 100_000;

const CREATE_TABLES: &str = "
CREATE TABLE IF NOT EXISTS swcache.locks (
    name text PRIMARY KEY,
    holder text NOT NULL,
    environment text NOT NULL,
    since timestamptz NOT NULL DEFAULT now(),
    backend_pid integer NOT NULL
);
CREATE TABLE IF NOT EXISTS swcache.documents (
    kind text NOT NULL,
    key text NOT NULL,
    doc jsonb NOT NULL,
    updated timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, key)
);
CREATE TABLE IF NOT EXISTS swcache.audit (
    id bigserial PRIMARY KEY,
    recorded timestamptz NOT NULL DEFAULT now(),
    environment text NOT NULL,
    entry jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_environment ON swcache.audit (environment, id);
";

type Job = Box<dyn FnOnce(Arc<Client>) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// The backend: its settings, and the connection once opened (or why it could not be).
pub(crate) struct Pg {
    settings: PgSettings,
    deadline: Duration,
    conn: OnceLock<Result<Conn, String>>,
}

impl std::fmt::Debug for Pg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pg({})", self.settings.shown)
    }
}

/// The connection's thread, reached by sending it jobs.
struct Conn {
    jobs: tokio::sync::mpsc::UnboundedSender<Job>,
    version: i32,
}

impl Pg {
    pub(crate) fn new(settings: PgSettings, deadline: Duration) -> Pg {
        Pg {
            settings,
            deadline,
            conn: OnceLock::new(),
        }
    }

    /// `host:port/database`.
    pub(crate) fn shown(&self) -> &str {
        &self.settings.shown
    }

    /// Connects (once) and returns the schema version: `config check --online`.
    pub(crate) fn schema_version(&self) -> Result<i32, String> {
        self.conn().map(|c| c.version)
    }

    fn conn(&self) -> Result<&Conn, String> {
        self.conn
            .get_or_init(|| connect(&self.settings, self.deadline))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Runs `f` on the connection and waits for it, at most the deadline.
    fn call<R, F, Fut>(&self, f: F) -> Result<R, String>
    where
        R: Send + 'static,
        F: FnOnce(Arc<Client>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<R, tokio_postgres::Error>> + Send + 'static,
    {
        let conn = self.conn()?;
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let job: Job = Box::new(move |c| {
            Box::pin(async move {
                let _ = tx.send(f(c).await);
            })
        });
        conn.jobs
            .send(job)
            .map_err(|_| self.failed("the connection is gone"))?;
        match rx.recv_timeout(self.deadline) {
            Ok(Ok(r)) => Ok(r),
            Ok(Err(e)) => Err(self.failed(&describe(&e))),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(self.failed(&format!(
                "no answer within {}",
                humantime::format_duration(self.deadline)
            ))),
            Err(_) => Err(self.failed("the connection is gone")),
        }
    }

    fn failed(&self, why: &str) -> String {
        format!("the state backend postgres {}: {why}", self.settings.shown)
    }

    /// `pg_try_advisory_lock` on the lock's key, held by this process's session; the holder
    /// row names who holds it. A row whose advisory lock nobody holds is stale: taken over.
    pub(crate) fn lock(
        self: &Arc<Self>,
        name: &str,
        what: &str,
        env: &str,
    ) -> Result<Held, CliError> {
        let key = lock_key(name);
        let holder = crate::lock::holder(env);
        let (n, e) = (name.to_string(), env.to_string());
        // Within the call's own deadline, so a refusal is never a timeout.
        let wait = HOLDER_WAIT.min(self.deadline / 2);
        let outcome = self
            .call(move |c| async move {
                let got: bool = c
                    .query_one("SELECT pg_try_advisory_lock($1)", &[&key])
                    .await?
                    .get(0);
                if !got {
                    return current_holder(&c, &n, wait).await.map(|h| (false, h));
                }
                let previous: Option<String> = c
                    .query_opt("SELECT holder FROM swcache.locks WHERE name = $1", &[&n])
                    .await?
                    .map(|r| r.get(0));
                c.execute(
                    "INSERT INTO swcache.locks (name, holder, environment, since, backend_pid) \
                     VALUES ($1, $2, $3, now(), pg_backend_pid()) ON CONFLICT (name) DO UPDATE \
                     SET holder = EXCLUDED.holder, environment = EXCLUDED.environment, \
                     since = EXCLUDED.since, backend_pid = EXCLUDED.backend_pid",
                    &[&n, &holder, &e],
                )
                .await?;
                Ok((true, previous))
            })
            .map_err(CliError::config)?;
        let location = format!("lock row in swcache.locks of postgres {}", self.shown());
        match outcome {
            (true, previous) => Ok(Held {
                took_over: previous.filter(|p| !p.trim().is_empty()),
                location,
                _guard: Guard::Pg(PgLock {
                    pg: self.clone(),
                    key,
                }),
            }),
            (false, previous) => Err(CliError::stopped(crate::lock::held_message(
                what,
                previous.as_deref().unwrap_or(""),
                &location,
            ))),
        }
    }

    pub(crate) fn load(&self, kind: &'static str, key: &str) -> Result<Option<String>, String> {
        let key = key.to_string();
        self.call(move |c| async move {
            Ok(c.query_opt(
                "SELECT doc::text FROM swcache.documents WHERE kind = $1 AND key = $2",
                &[&kind, &key],
            )
            .await?
            .map(|r| r.get(0)))
        })
    }

    pub(crate) fn save(&self, kind: &'static str, key: &str, text: &str) -> Result<(), String> {
        let (key, text) = (key.to_string(), text.to_string());
        self.call(move |c| async move {
            c.execute(
                "INSERT INTO swcache.documents (kind, key, doc, updated) \
                 VALUES ($1, $2, $3::text::jsonb, now()) ON CONFLICT (kind, key) DO UPDATE \
                 SET doc = EXCLUDED.doc, updated = EXCLUDED.updated",
                &[&kind, &key, &text],
            )
            .await
            .map(drop)
        })
    }

    pub(crate) fn remove(&self, kind: &'static str, key: &str) -> Result<bool, String> {
        let key = key.to_string();
        self.call(move |c| async move {
            c.execute(
                "DELETE FROM swcache.documents WHERE kind = $1 AND key = $2",
                &[&kind, &key],
            )
            .await
            .map(|n| n > 0)
        })
    }

    pub(crate) fn audit_append(&self, env: &str, line: &str) -> Result<(), String> {
        let (env, line) = (env.to_string(), line.to_string());
        self.call(move |c| async move {
            c.execute(
                "INSERT INTO swcache.audit (environment, entry) VALUES ($1, $2::text::jsonb)",
                &[&env, &line],
            )
            .await
            .map(drop)
        })
    }

    /// The newest [`AUDIT_ROWS`] lines (of `env`, when given), oldest first.
    pub(crate) fn audit_text(&self, env: Option<&str>) -> Result<String, String> {
        let env = env.map(str::to_string);
        let rows = self.call(move |c| async move {
            c.query(
                "SELECT entry::text FROM swcache.audit WHERE ($1::text IS NULL OR \
                 environment = $1) ORDER BY id DESC LIMIT $2",
                &[&env, &AUDIT_ROWS],
            )
            .await
        })?;
        let mut lines: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        lines.reverse();
        Ok(lines.join("\n"))
    }
}

/// Who holds the lock `name`, as its row says once the holding session has written it (waited
/// for up to `wait`); `None`: unknown.
async fn current_holder(
    c: &Client,
    name: &str,
    wait: Duration,
) -> Result<Option<String>, tokio_postgres::Error> {
    let until = tokio::time::Instant::now() + wait;
    loop {
        let row = c.query_opt(CURRENT_HOLDER, &[&name]).await?;
        if let Some(r) = &row
            && r.get::<_, bool>(1)
        {
            return Ok(Some(r.get(0)));
        }
        if tokio::time::Instant::now() >= until {
            return Ok(None);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A session advisory lock this process holds: released when dropped (or the process dies).
pub(crate) struct PgLock {
    pg: Arc<Pg>,
    key: i64,
}

impl Drop for PgLock {
    fn drop(&mut self) {
        // Not waited for: the process ending closes the session, which releases it anyway.
        if let Ok(c) = self.pg.conn() {
            let key = self.key;
            let _ = c.jobs.send(Box::new(move |c| {
                Box::pin(async move {
                    let _ = c.execute("SELECT pg_advisory_unlock($1)", &[&key]).await;
                })
            }));
        }
    }
}

/// The advisory lock's key: the first 8 bytes of the lock name's SHA-256 (the name is itself
/// keyed by the app, see `lock::write_lock_name`).
pub(crate) fn lock_key(name: &str) -> i64 {
    use sha2::Digest as _;
    let d = sha2::Sha256::digest(name.as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    i64::from_be_bytes(b)
}

/// What went wrong, from the server's own message when it sent one.
fn describe(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(inner) = src {
                s.push_str(&format!(": {inner}"));
                src = inner.source();
            }
            s
        }
    }
}

/// Opens the connection on its own thread, makes sure of the schema, and returns the handle
/// to it; within the deadline, or an error.
fn connect(settings: &PgSettings, deadline: Duration) -> Result<Conn, String> {
    let failed = |why: String| format!("the state backend postgres {}: {why}", settings.shown);
    let mut config = settings.config();
    config.connect_timeout(deadline);
    let (ready_tx, ready_rx) = std::sync::mpsc::sync_channel::<Result<i32, String>>(1);
    let (jobs, mut rx) = tokio::sync::mpsc::unbounded_channel::<Job>();
    let thread = std::thread::Builder::new()
        .name("swcache-state".into())
        .spawn(move || {
            let rt = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = ready_tx.send(Err(format!("cannot start its runtime: {e}")));
                    return;
                }
            };
            rt.block_on(async move {
                let tls = match tls() {
                    Ok(t) => t,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                let connected = tokio::time::timeout(deadline, config.connect(tls)).await;
                let (mut client, connection) = match connected {
                    Ok(Ok(c)) => c,
                    Ok(Err(e)) => {
                        let _ = ready_tx.send(Err(format!("cannot connect: {}", describe(&e))));
                        return;
                    }
                    Err(_) => {
                        let _ = ready_tx.send(Err(format!(
                            "cannot connect: no answer within {}",
                            humantime::format_duration(deadline)
                        )));
                        return;
                    }
                };
                tokio::spawn(connection);
                let version = tokio::time::timeout(deadline, ensure_schema(&mut client)).await;
                let version = match version {
                    Ok(v) => v,
                    Err(_) => Err(format!(
                        "setting up schema swcache: no answer within {}",
                        humantime::format_duration(deadline)
                    )),
                };
                let ok = version.is_ok();
                let _ = ready_tx.send(version);
                if !ok {
                    return;
                }
                let client = Arc::new(client);
                while let Some(job) = rx.recv().await {
                    job(client.clone()).await;
                }
            });
        });
    if let Err(e) = thread {
        return Err(failed(format!("cannot start its thread: {e}")));
    }
    // The thread bounds each step by the deadline; this bounds the whole (TLS, connect, schema).
    match ready_rx.recv_timeout(deadline * 3) {
        Ok(Ok(version)) => Ok(Conn { jobs, version }),
        Ok(Err(why)) => Err(failed(why)),
        Err(_) => Err(failed(format!(
            "no answer within {}",
            humantime::format_duration(deadline * 3)
        ))),
    }
}

/// TLS by rustls with the platform's roots; used when the server offers it (`sslmode`
/// `prefer`, the default) or must (`require`).
fn tls() -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    use rustls_platform_verifier::BuilderVerifierExt as _;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_platform_verifier())
        .map_err(|e| format!("cannot set up TLS: {e}"))?
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// The `swcache` schema at [`SCHEMA_VERSION`]: created on first use (in one transaction, under
/// an advisory lock so two first users do not race), refused when newer than this binary.
/// A database that has it already is only read (a user without CREATE rights can use it).
async fn ensure_schema(client: &mut Client) -> Result<i32, String> {
    let err = |e: tokio_postgres::Error| format!("setting up schema swcache: {}", describe(&e));
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('swcache.schema_version') IS NOT NULL",
            &[],
        )
        .await
        .map_err(err)?
        .get(0);
    let found = if exists {
        read_version(client).await.map_err(err)?
    } else {
        None
    };
    let version = match found {
        Some(v) => v,
        None => create_schema(client).await.map_err(err)?,
    };
    if version > SCHEMA_VERSION {
        return Err(format!(
            "its schema swcache is at version {version}, and this swcache knows only version \
             {SCHEMA_VERSION}: upgrade swcache on this machine (nothing was read or written)"
        ));
    }
    Ok(version)
}

async fn read_version(client: &Client) -> Result<Option<i32>, tokio_postgres::Error> {
    client
        .query_one("SELECT max(version) FROM swcache.schema_version", &[])
        .await
        .map(|r| r.get(0))
}

async fn create_schema(client: &mut Client) -> Result<i32, tokio_postgres::Error> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
        .await?;
    tx.batch_execute(
        "CREATE SCHEMA IF NOT EXISTS swcache; \
         CREATE TABLE IF NOT EXISTS swcache.schema_version (version integer NOT NULL);",
    )
    .await?;
    // Another first user may have finished while this one waited for the lock.
    let found: Option<i32> = tx
        .query_one("SELECT max(version) FROM swcache.schema_version", &[])
        .await?
        .get(0);
    if let Some(v) = found {
        tx.commit().await?;
        return Ok(v);
    }
    tx.batch_execute(CREATE_TABLES).await?;
    tx.execute(
        "INSERT INTO swcache.schema_version (version) VALUES ($1)",
        &[&SCHEMA_VERSION],
    )
    .await?;
    tx.commit().await?;
    Ok(SCHEMA_VERSION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_keys_are_stable_and_distinct() {
        assert_eq!(lock_key("write-a"), lock_key("write-a"));
        assert_ne!(lock_key("write-a"), lock_key("write-b"));
        assert_ne!(lock_key("write-a"), SCHEMA_LOCK);
    }
}
