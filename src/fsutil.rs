//! Writing swcache's own files: the one place that gets their mode and atomicity right. A file
//! is either replaced whole ([`replace`]: state, records, the textfile, a token, a config) or
//! appended to ([`append`]: the audit log, where concurrent runs each add their lines).
//! Neither creates missing directories: callers decide whether a missing one is an error
//! (a textfile collector's directory) or theirs to create (the state directory).

use std::fs::{File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

/// Who may read a file swcache writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// 0600, the owner only: the audit log, run state and records, tokens.
    Private,
    /// 0644, readable by all: node_exporter reads the textfile as another user; a config file
    /// holds no secret (a token lives in its own file).
    Public,
}

impl Mode {
    pub(crate) fn bits(self) -> u32 {
        match self {
            Mode::Private => 0o600,
            Mode::Public => 0o644,
        }
    }
}

/// Replaces `path` with `contents`: a reader sees the old file or the new one, never part of
/// one, and a crash leaves no partial file. Written to a temporary file in the same directory
/// (so the rename stays on one filesystem), synced, given exactly `mode`, renamed over `path`;
/// then the directory is synced so the rename survives a power loss. On failure the temporary
/// file is removed and `path` is as it was.
pub(crate) fn replace(path: &Path, contents: &[u8], mode: Mode) -> io::Result<()> {
    let tmp = temp_path(path)?;
    let written = write_new(&tmp, contents, mode).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // Best effort: some filesystems cannot sync a directory, and the file is in place anyway.
    if let Ok(dir) = File::open(parent(path)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Appends `contents` in one write to `path`, creating it with `mode` if missing (an existing
/// file keeps its mode), and syncs it: an audit line is on disk before the run goes on.
/// O_APPEND, so lines from concurrent runs never overwrite each other.
pub(crate) fn append(path: &Path, contents: &[u8], mode: Mode) -> io::Result<()> {
    let mut opts = OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, mode.bits());
    #[cfg(not(unix))]
    let _ = mode;
    let mut f = opts.open(path)?;
    f.write_all(contents)?;
    f.sync_data()
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// `.<name>.<pid>.<n>.tmp` beside `path`: hidden from collectors that read `*.prom`, and
/// distinct per process and per call.
fn temp_path(path: &Path) -> io::Result<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} names no file", path.display()),
        )
    })?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    Ok(parent(path).join(format!(
        ".{}.{}.{n}.tmp",
        name.to_string_lossy(),
        std::process::id()
    )))
}

fn write_new(tmp: &Path, contents: &[u8], mode: Mode) -> io::Result<()> {
    let mut opts = OpenOptions::new();
    // create_new: never write through a file or a link someone else put there.
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, mode.bits());
    let mut f = opts.open(tmp)?;
    // Exactly `mode`, whatever the umask: a restrictive umask must not hide the textfile from
    // its collector (and Private is never widened: the umask can only narrow 0600).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(mode.bits()))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    f.write_all(contents)?;
    f.sync_all()
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode_of(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replace_writes_with_the_mode_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        for (name, mode, bits) in [
            ("private", Mode::Private, 0o600),
            ("public.prom", Mode::Public, 0o644),
        ] {
            let p = dir.path().join(name);
            replace(&p, b"one\n", mode).unwrap();
            assert_eq!(std::fs::read(&p).unwrap(), b"one\n");
            assert_eq!(mode_of(&p), bits, "{name}");
        }
        assert_eq!(entries(dir.path()), ["private", "public.prom"]);
    }

    #[test]
    fn replace_replaces_and_sets_the_mode_of_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("state.json");
        std::fs::write(&p, "a much longer old content\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o666)).unwrap();
        replace(&p, b"new\n", Mode::Private).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new\n");
        assert_eq!(mode_of(&p), 0o600);
        assert_eq!(
            entries(dir.path()),
            ["state.json"],
            "no temporary file left"
        );
    }

    #[test]
    fn a_failed_replace_leaves_the_target_as_it_was_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should go: the rename fails after the write.
        let target = dir.path().join("taken");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("inside"), "kept").unwrap();
        assert!(replace(&target, b"new", Mode::Private).is_err());
        assert!(target.is_dir());
        assert_eq!(
            std::fs::read_to_string(target.join("inside")).unwrap(),
            "kept"
        );
        assert_eq!(entries(dir.path()), ["taken"], "no temporary file left");
        // A missing directory is an error, not created.
        let missing = dir.path().join("missing/file");
        assert_eq!(
            replace(&missing, b"x", Mode::Public).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
        assert!(!dir.path().join("missing").exists());
        assert_eq!(
            replace(Path::new("/"), b"x", Mode::Public)
                .unwrap_err()
                .kind(),
            io::ErrorKind::InvalidInput
        );
    }

    #[test]
    fn a_leftover_temporary_file_is_no_obstacle_and_stays_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        replace(&p, b"first", Mode::Private).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "first");
        // Every call picks a new temporary name, so a leftover of an earlier one is no obstacle.
        let leftover = temp_path(&p).unwrap();
        std::fs::write(&leftover, "planted").unwrap();
        replace(&p, b"second", Mode::Private).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "second");
        assert_eq!(std::fs::read_to_string(&leftover).unwrap(), "planted");
    }

    #[test]
    fn append_creates_with_the_mode_and_adds_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("audit.jsonl");
        append(&p, b"{\"n\":1}\n", Mode::Private).unwrap();
        append(&p, b"{\"n\":2}\n", Mode::Private).unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "{\"n\":1}\n{\"n\":2}\n"
        );
        assert_eq!(mode_of(&p), 0o600);
        // An existing file keeps the mode its owner gave it.
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        append(&p, b"{\"n\":3}\n", Mode::Private).unwrap();
        assert_eq!(mode_of(&p), 0o640);
        assert_eq!(std::fs::read_to_string(&p).unwrap().lines().count(), 3);
    }
}

/// A name (an environment, a command) as one file-name component, for every path built from
/// one: locks, run state, textfiles. Letters, digits, `-` and `_` stay; every other byte is
/// `%XX`, so `prod/eu` cannot reach another directory and never shares a file with `prod_eu`.
pub(crate) fn file_safe(name: &str) -> String {
    if name.is_empty() {
        return "%".into();
    }
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
/// The SHA-256 of some bytes, as lower-case hex (what workers are compared by).
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
