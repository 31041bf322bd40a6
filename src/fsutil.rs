//! swcache's own files: the one place that opens them. A file is either replaced whole
//! ([`replace`]: state, records, the textfile, a token, a config) or appended to ([`append`]:
//! the audit log, where concurrent runs each add their lines); it is read through
//! [`read_capped`] (or [`load_json`] for a state or record file) and a lock is opened by
//! [`open_lock`].
//!
//! Every open refuses what is not a regular file (a FIFO would hang the run, a device be
//! written to) and never follows a symbolic link at the last component (a link planted at a
//! lock could truncate the audit log); opens are non-blocking, so a FIFO is refused, not
//! waited on. Nothing here creates missing directories: callers decide whether a missing one
//! is an error (a textfile collector's directory) or theirs to create (the state directory).

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::exit::CliError;

/// The most read of a state or record file: far above any real one (a planned rollback's
/// state is a few KiB; a staging record is ~300 bytes a release).
pub(crate) const STATE_CAP: u64 = 4 << 20;

/// Flags of every open: no link followed at the last component, no wait on a FIFO.
#[cfg(unix)]
fn safe_flags(opts: &mut OpenOptions) {
    std::os::unix::fs::OpenOptionsExt::custom_flags(opts, libc::O_NOFOLLOW | libc::O_NONBLOCK);
}

#[cfg(not(unix))]
fn safe_flags(_: &mut OpenOptions) {}

/// What a file type is, for a refusal ("a FIFO").
fn kind(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_symlink() {
        "a symbolic link (not followed)"
    } else if ft.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

fn not_regular(ft: std::fs::FileType) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {}, not a regular file", kind(ft)),
    )
}

/// Ok when `path` is missing or a regular file (not followed if a link): what may be created
/// or replaced there. Checked before an open too, so a device is never even opened.
pub(crate) fn check_regular_or_missing(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_file() => Ok(()),
        Ok(m) => Err(not_regular(m.file_type())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Opens with [`safe_flags`] and checks what was opened (the path may have changed since it
/// was looked at). An open that fails on what is there (a link: ELOOP; a FIFO without a
/// reader: ENXIO) says what it is.
fn open_checked(path: &Path, opts: &mut OpenOptions) -> io::Result<File> {
    check_regular_or_missing(path)?;
    safe_flags(opts);
    let file = opts
        .open(path)
        .map_err(|e| match check_regular_or_missing(path) {
            Err(kind) => kind,
            Ok(()) => e,
        })?;
    let ft = file.metadata()?.file_type();
    if !ft.is_file() {
        return Err(not_regular(ft));
    }
    Ok(file)
}

/// Opens a regular file for reading (see [`open_checked`]).
pub(crate) fn open_read(path: &Path) -> io::Result<File> {
    open_checked(path, OpenOptions::new().read(true))
}

/// The contents of a regular file, `None` if it does not exist; larger than `cap` bytes is an
/// error (nothing swcache reads of its own is that big; a runaway file must not fill memory).
pub(crate) fn read_capped(path: &Path, cap: u64) -> io::Result<Option<Vec<u8>>> {
    let file = match open_read(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("it is larger than {} KiB", cap >> 10),
        ));
    }
    Ok(Some(bytes))
}

/// A small text file swcache reads (a config, a token, a credential, a URL file): a regular
/// file opened the safe way, at most `cap` bytes, UTF-8. A missing one is `NotFound`.
pub(crate) fn read_text(path: &Path, cap: u64) -> io::Result<String> {
    let bytes = read_capped(path, cap)?
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "No such file or directory"))?;
    String::from_utf8(bytes)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

/// The most swcache reads of a config file or a secret file.
pub(crate) const SMALL_FILE_CAP: u64 = 1 << 20;

/// Opens (creating it, 0600) a lock file for reading and writing, never truncating it: a
/// regular file with one link only, so taking the lock can only ever rewrite the lock file
/// itself (a hard link to the audit log would be wiped by the holder's record).
pub(crate) fn open_lock(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, Mode::State.bits());
    let existed = std::fs::symlink_metadata(path).is_ok();
    let file = open_checked(path, &mut opts)?;
    if !existed {
        share_new(&file, path, Mode::State)?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let links = file.metadata()?.nlink();
        if links != 1 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("it has {links} hard links; a lock file must have one"),
            ));
        }
    }
    Ok(file)
}

/// A state or record file of swcache's (JSON with a top-level `version`), read, parsed and
/// checked: `Ok(None)` when it does not exist; every other failure is exit 78 naming the file
/// (`what`, e.g. "rollback state file"). `validate` says what this file must hold beyond its
/// shape (a plan that only lowers, percentages in 0–100): a file edited by hand or written by
/// a future swcache must not drive a write.
pub(crate) fn load_json<T: DeserializeOwned>(
    path: &Path,
    what: &str,
    version: u32,
    validate: impl FnOnce(&T) -> Result<(), String>,
) -> Result<Option<T>, CliError> {
    let shown = path.display().to_string();
    let bytes = match read_capped(path, STATE_CAP) {
        Ok(Some(b)) => b,
        Ok(None) => return Ok(None),
        Err(e) => return Err(refuse_doc(what, &shown, format!("cannot be read: {e}"))),
    };
    parse_versioned(&bytes, what, &shown, version, validate).map(Some)
}

/// The refusal of a state document that cannot be trusted, naming where it is.
pub(crate) fn refuse_doc(what: &str, shown: &str, why: String) -> CliError {
    CliError::config(format!(
        "the {what} {shown} {why}; look at it, then remove it to start afresh"
    ))
}

/// A state document's bytes, wherever they were kept (a file, a database row): valid JSON of
/// this layout `version`, then `validate`d. One check for every backend, so a row edited by
/// hand is distrusted exactly as an edited file is; `shown` names where it is.
pub(crate) fn parse_versioned<T: DeserializeOwned>(
    bytes: &[u8],
    what: &str,
    shown: &str,
    version: u32,
    validate: impl FnOnce(&T) -> Result<(), String>,
) -> Result<T, CliError> {
    let refuse = |why: String| refuse_doc(what, shown, why);
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| refuse(format!("is not valid JSON ({e})")))?;
    match value.get("version").map(serde_json::Value::as_u64) {
        Some(Some(v)) if v == u64::from(version) => {}
        Some(Some(v)) => {
            return Err(refuse(format!(
                "has layout version {v}, and this swcache reads only version {version}"
            )));
        }
        _ => {
            return Err(refuse(format!(
                "has no layout version (this swcache reads {version})"
            )));
        }
    }
    let parsed: T =
        serde_json::from_value(value).map_err(|e| refuse(format!("is not valid ({e})")))?;
    validate(&parsed).map_err(|why| refuse(format!("is not valid: {why}")))?;
    Ok(parsed)
}

/// A state document as it leaves the process, for any backend: pretty JSON with no
/// registered secret in it.
pub(crate) fn state_text<T: Serialize>(value: &T) -> io::Result<String> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    Ok(crate::redact::json_text_out(&text) + "\n")
}

/// Writes a state or record file for [`load_json`]: pretty JSON, whole-file replace, readable
/// by its owner only (and its group in a shared state directory, see [`Mode::State`]); its
/// directory is created (see [`create_dirs`]).
pub(crate) fn save_json<T: Serialize>(path: &Path, value: &T) -> io::Result<()> {
    create_dirs(parent(path))?;
    // A state file leaves the process like any output: no registered secret in it.
    let text = state_text(value)?;
    replace(path, text.as_bytes(), Mode::State)
}

/// Who may read a file swcache writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// 0600, the owner only, wherever it is: a sandbox's token file (only the sandbox
    /// writes one).
    #[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
    Private,
    /// swcache's state (locks, run state, records, the audit log): 0600, or 0660 in a shared
    /// state directory (see [`Mode::in_dir`]).
    State,
    /// 0644, readable by all: node_exporter reads the textfile as another user; a config file
    /// holds no secret (a token lives in its own file).
    Public,
}

impl Mode {
    pub(crate) fn bits(self) -> u32 {
        match self {
            Mode::Private | Mode::State => 0o600,
            Mode::Public => 0o644,
        }
    }

    /// The mode of a new file in `dir`: a state file in a group-writable directory (a shared
    /// `state_dir`, the `.deb`'s `/var/lib/swcache`) is the group's too, so every member of
    /// the group can take its lock, resume its run and append to its audit log.
    pub(crate) fn in_dir(self, dir: &Path) -> u32 {
        match self {
            Mode::State if group_writable(dir) => 0o660,
            m => m.bits(),
        }
    }
}

/// Whether `dir` is writable by its group (a directory shared by a team).
fn group_writable(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(dir).is_ok_and(|m| m.is_dir() && m.permissions().mode() & 0o020 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        false
    }
}

/// Gives a file this process just created the mode [`Mode::in_dir`] says: the open's own mode
/// is narrowed by the umask, and a shared directory's files must stay group-writable.
fn share_new(file: &File, path: &Path, mode: Mode) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let bits = mode.in_dir(parent(path));
        if bits != mode.bits() {
            file.set_permissions(std::fs::Permissions::from_mode(bits))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (file, path, mode);
    Ok(())
}

/// Creates `dir` and its missing parents. A directory made inside a group-writable one is
/// group-writable and set-group-ID (mode 2770, whatever the umask), so what a team member
/// creates in a shared state directory stays the team's.
pub(crate) fn create_dirs(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let up = parent(dir);
    if up != dir {
        create_dirs(up)?;
    }
    match std::fs::create_dir(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => return Ok(()),
        Err(e) => return Err(e),
    }
    #[cfg(unix)]
    if group_writable(up) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o2770))?;
    }
    Ok(())
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

/// Appends `contents` whole, in one write, to the regular file `path`, creating it with `mode`
/// if missing (an existing file keeps its mode), and syncs it: an audit line is on disk before
/// the run goes on. O_APPEND, so lines from concurrent runs never overwrite each other. A line
/// that would pass the process's file-size limit is not started (no half line), and a short
/// write is an error.
pub(crate) fn append(path: &Path, contents: &[u8], mode: Mode) -> io::Result<()> {
    let mut opts = OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, mode.bits());
    #[cfg(not(unix))]
    let _ = mode;
    let existed = std::fs::symlink_metadata(path).is_ok();
    let mut f = open_checked(path, &mut opts)?;
    if !existed {
        share_new(&f, path, mode)?;
    }
    check_size_limit(f.metadata()?.len(), contents.len())?;
    let n = f.write(contents)?;
    if n != contents.len() {
        return Err(io::Error::new(
            io::ErrorKind::WriteZero,
            format!("only {n} of {} bytes were written", contents.len()),
        ));
    }
    f.sync_data()
}

/// Err when `len` more bytes after `size` would pass RLIMIT_FSIZE (`ulimit -f`): the write
/// would stop part-way (EFBIG; SIGXFSZ is ignored, see `main`).
fn check_size_limit(size: u64, len: usize) -> io::Result<()> {
    #[cfg(unix)]
    {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes into the struct it is given, which lives for the call.
        let got = unsafe { libc::getrlimit(libc::RLIMIT_FSIZE, &mut lim) };
        if got == 0
            && lim.rlim_cur != libc::RLIM_INFINITY
            && size.saturating_add(len as u64) > lim.rlim_cur
        {
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                format!(
                    "the file would pass the process's file-size limit ({} bytes, ulimit -f)",
                    lim.rlim_cur
                ),
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = (size, len);
    Ok(())
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
    // its collector (and Private is only widened to its group in a shared directory).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(mode.in_dir(parent(tmp))))?;
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

    fn fifo(p: &Path) {
        nix::unistd::mkfifo(p, nix::sys::stat::Mode::S_IRWXU).unwrap();
    }

    /// A FIFO is refused, not waited on (nobody ever opens its other end here: a blocking
    /// open would hang the test), a link is not followed, a directory or device is not a file.
    #[test]
    fn what_is_not_a_regular_file_is_refused_by_every_open() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        std::fs::write(&target, "kept\n").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let pipe = dir.path().join("pipe");
        fifo(&pipe);
        let cases = [
            (pipe.as_path(), "it is a FIFO, not a regular file"),
            (
                &link,
                "it is a symbolic link (not followed), not a regular file",
            ),
            (dir.path(), "it is a directory, not a regular file"),
            (
                Path::new("/dev/null"),
                "it is a character device, not a regular file",
            ),
        ];
        for (p, says) in cases {
            let msg = |r: io::Result<()>| r.unwrap_err().to_string();
            assert_eq!(msg(read_capped(p, 10).map(drop)), says, "{}", p.display());
            assert_eq!(msg(open_lock(p).map(drop)), says, "{}", p.display());
            assert_eq!(
                msg(append(p, b"x\n", Mode::Private)),
                says,
                "{}",
                p.display()
            );
            assert_eq!(msg(check_regular_or_missing(p)), says, "{}", p.display());
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept\n");
        assert!(check_regular_or_missing(&dir.path().join("missing")).is_ok());
        assert!(check_regular_or_missing(&target).is_ok());
    }

    #[test]
    fn reads_are_capped_and_a_missing_file_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        assert_eq!(read_capped(&p, 10).unwrap(), None);
        std::fs::write(&p, vec![b'x'; 2048]).unwrap();
        assert_eq!(read_capped(&p, 2048).unwrap().unwrap().len(), 2048);
        assert_eq!(
            read_capped(&p, 1024).unwrap_err().to_string(),
            "it is larger than 1 KiB"
        );
    }

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Doc {
        version: u32,
        n: u8,
    }

    #[test]
    fn load_json_checks_the_version_then_the_validation_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/s.json");
        let small = |d: &Doc| {
            if d.n <= 100 {
                Ok(())
            } else {
                Err(format!("n is {}", d.n))
            }
        };
        assert_eq!(load_json(&p, "test file", 1, small).unwrap(), None);
        save_json(&p, &Doc { version: 1, n: 5 }).unwrap();
        assert_eq!(mode_of(&p), 0o600);
        assert_eq!(
            load_json(&p, "test file", 1, small).unwrap(),
            Some(Doc { version: 1, n: 5 })
        );
        let refused = |text: &str| {
            std::fs::write(&p, text).unwrap();
            let e = load_json(&p, "test file", 1, small).unwrap_err();
            assert_eq!(e.status, crate::exit::ExitStatus::Config);
            let head = format!("the test file {} ", p.display());
            let tail = "; look at it, then remove it to start afresh";
            assert!(
                e.message.starts_with(&head) && e.message.ends_with(tail),
                "{}",
                e.message
            );
            e.message[head.len()..e.message.len() - tail.len()].to_string()
        };
        assert_eq!(
            refused(r#"{"version": 2, "n": 5}"#),
            "has layout version 2, and this swcache reads only version 1"
        );
        assert_eq!(
            refused(r#"{"n": 5}"#),
            "has no layout version (this swcache reads 1)"
        );
        assert_eq!(
            refused(r#"{"version": 1, "n": 200}"#),
            "is not valid: n is 200"
        );
        assert!(refused("{nope").starts_with("is not valid JSON"));
        assert!(refused(r#"{"version": 1}"#).starts_with("is not valid (missing field `n`"));
        std::fs::write(&p, vec![b' '; STATE_CAP as usize + 1]).unwrap();
        let e = load_json(&p, "test file", 1, small).unwrap_err();
        assert!(
            e.message
                .contains("cannot be read: it is larger than 4096 KiB"),
            "{}",
            e.message
        );
    }

    /// A team's state directory (group-writable): what swcache creates in it stays the group's,
    /// whatever the umask; a token-like private file does not; elsewhere state stays 0600.
    #[test]
    fn state_in_a_group_writable_directory_is_the_groups() {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o2770)).unwrap();
        create_dirs(&shared.join("rollback/deep")).unwrap();
        assert_eq!(mode_of(&shared.join("rollback")), 0o770);
        let set_gid = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o2000;
        assert_eq!(set_gid(&shared.join("rollback/deep")), 0o2000);
        save_json(
            &shared.join("rollback/deep/s.json"),
            &Doc { version: 1, n: 1 },
        )
        .unwrap();
        assert_eq!(mode_of(&shared.join("rollback/deep/s.json")), 0o660);
        append(&shared.join("audit.jsonl"), b"x\n", Mode::State).unwrap();
        assert_eq!(mode_of(&shared.join("audit.jsonl")), 0o660);
        drop(open_lock(&shared.join("w.lock")).unwrap());
        assert_eq!(mode_of(&shared.join("w.lock")), 0o660);
        replace(&shared.join("token"), b"t", Mode::Private).unwrap();
        assert_eq!(mode_of(&shared.join("token")), 0o600);
        // A user's own directory: the owner's only, as before.
        let own = dir.path().join("own");
        std::fs::create_dir(&own).unwrap();
        std::fs::set_permissions(&own, std::fs::Permissions::from_mode(0o700)).unwrap();
        create_dirs(&own.join("locks")).unwrap();
        assert_eq!(set_gid(&own.join("locks")), 0);
        save_json(&own.join("locks/s.json"), &Doc { version: 1, n: 1 }).unwrap();
        append(&own.join("a.jsonl"), b"x\n", Mode::State).unwrap();
        drop(open_lock(&own.join("w.lock")).unwrap());
        for f in ["locks/s.json", "a.jsonl", "w.lock"] {
            assert_eq!(mode_of(&own.join(f)), 0o600, "{f}");
        }
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
