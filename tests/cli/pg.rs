//! A real PostgreSQL server for the state backend's tests: Debian's `postgresql` (`.ci/test`
//! installs it), one server per test binary on a free loopback port, one database per test.
//! As root it runs as the `postgres` user (the server refuses root). TCP logins need a
//! password (scram-sha-256), so the URL's password is really sent; the tests' own admin
//! statements go over the Unix socket in a private directory (trust).

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The password of the tests' role: it must appear in no output, file or audit.
pub const PASSWORD: &str = "s3cr3t-pg-pass";
const ROLE: &str = "swcache_team";

pub struct Server {
    bin: PathBuf,
    pub port: u16,
    socket: PathBuf,
    /// The server process; killed on drop (a guard for a server not kept for the binary).
    child: Child,
    root: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The server of this test binary, started on first use. It dies with the binary (a
/// parent-death signal: statics are never dropped).
pub fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        // Spawned from a thread that lives as long as the process: the parent-death signal
        // fires when the spawning *thread* ends, and a test's thread ends with its test.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            tx.send(Server::start()).unwrap();
            loop {
                std::thread::park();
            }
        });
        rx.recv().unwrap()
    })
}

/// Debian's server binaries, the newest version installed.
fn bin_dir() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (.ci/test installs Debian's postgresql)")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|b| b.join("initdb").exists())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name()?.to_str()?.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop().expect("an initdb under /usr/lib/postgresql")
}

/// The user the server runs as: `postgres` when the tests run as root, else the caller.
fn server_user() -> Option<(u32, u32)> {
    if unsafe { libc::geteuid() } != 0 {
        return None;
    }
    let out = Command::new("id")
        .args(["-u", "postgres"])
        .output()
        .unwrap();
    let uid = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    let out = Command::new("id")
        .args(["-g", "postgres"])
        .output()
        .unwrap();
    let gid = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    Some((uid, gid))
}

fn as_server_user(cmd: &mut Command) -> &mut Command {
    if let Some((uid, gid)) = server_user() {
        cmd.uid(uid).gid(gid);
    }
    cmd
}

/// Removes the data directories of earlier test binaries that have ended (their server died
/// with them, but a static's directory is never dropped).
fn reap_stale() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix("swcache-pg-")
            && pid.parse::<u32>().is_ok()
            && !Path::new("/proc").join(pid).exists()
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    fn start() -> Server {
        let bin = bin_dir();
        reap_stale();
        let root = std::env::temp_dir().join(format!("swcache-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let (data, socket) = (root.join("data"), root.join("socket"));
        for d in [&root, &socket] {
            std::fs::create_dir_all(d).unwrap();
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o700)).unwrap();
            if let Some((uid, gid)) = server_user() {
                std::os::unix::fs::chown(d, Some(uid), Some(gid)).unwrap();
            }
        }
        let out = as_server_user(Command::new(bin.join("initdb")).args([
            "-D",
            data.to_str().unwrap(),
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--no-sync",
            "-E",
            "UTF8",
        ]))
        .output()
        .unwrap();
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = free_port();
        let mut cmd = Command::new(bin.join("postgres"));
        as_server_user(&mut cmd)
            .args(["-D", data.to_str().unwrap(), "-h", "127.0.0.1"])
            .args(["-p", &port.to_string(), "-k", socket.to_str().unwrap()])
            .args(["-c", "fsync=off", "-c", "max_connections=200"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        unsafe {
            cmd.pre_exec(|| {
                // Dies with this test binary, however it ends.
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let child = cmd.spawn().expect("postgres starts");
        let server = Server {
            bin,
            port,
            socket,
            child,
            root,
        };
        let until = Instant::now() + Duration::from_secs(30);
        while !server.ready() {
            assert!(Instant::now() < until, "postgres did not start in 30 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        server.sql(
            "postgres",
            &format!("CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'"),
        );
        server
    }

    fn ready(&self) -> bool {
        Command::new(self.bin.join("pg_isready"))
            .args([
                "-h",
                self.socket.to_str().unwrap(),
                "-p",
                &self.port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Runs SQL as the superuser over the socket; its output, unaligned, tuples only.
    pub fn sql(&self, db: &str, sql: &str) -> String {
        let out = Command::new(self.bin.join("psql"))
            .args([
                "-h",
                self.socket.to_str().unwrap(),
                "-p",
                &self.port.to_string(),
            ])
            .args([
                "-U",
                "postgres",
                "-d",
                db,
                "-v",
                "ON_ERROR_STOP=1",
                "-At",
                "-c",
                sql,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "psql {sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// A new database of this server's role, for one test.
    pub fn database(&self) -> Db {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!("t{}", N.fetch_add(1, Ordering::SeqCst));
        self.sql("postgres", &format!("CREATE DATABASE {name} OWNER {ROLE}"));
        Db {
            name,
            port: self.port,
        }
    }
}

/// One test's database.
pub struct Db {
    pub name: String,
    port: u16,
}

impl Db {
    /// Its connection string, password and all: the secret.
    pub fn url(&self) -> String {
        format!(
            "postgres://{ROLE}:{PASSWORD}@127.0.0.1:{}/{}?sslmode=prefer",
            self.port, self.name
        )
    }

    /// What swcache may show of it.
    pub fn shown(&self) -> String {
        format!("127.0.0.1:{}/{}", self.port, self.name)
    }

    pub fn sql(&self, sql: &str) -> String {
        server().sql(&self.name, sql)
    }
}

/// Writes a config using this database for state (`url_file`, readable by its owner only),
/// plus `extra`; returns the config's path.
pub fn config(dir: &Path, db: &Db, extra: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let url_file = dir.join("state.url");
    std::fs::write(&url_file, format!("{}\n", db.url())).unwrap();
    std::fs::set_permissions(&url_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let path = dir.join("swcache.toml");
    std::fs::write(
        &path,
        format!("[state]\nbackend = \"postgres\"\nurl_file = \"state.url\"\n{extra}"),
    )
    .unwrap();
    path
}
