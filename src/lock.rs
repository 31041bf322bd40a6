//! One writer at a time per environment: an exclusive lock held for the whole run by every
//! command that writes (reads never take it). The OS drops it when the process dies, so a lock
//! left by a dead run is simply taken over.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::exit::CliError;

#[derive(Debug)]
pub struct RunLock {
    _file: File,
    pub path: PathBuf,
    /// The holder recorded by an earlier run that died holding it.
    pub took_over: Option<String>,
}

/// The lock file of an environment's writers (`acquire` makes the name file-safe).
pub fn write_lock_name(env: &str) -> String {
    format!("write-{env}")
}

/// Takes `<dir>/<name>.lock` (the name made file-safe) or refuses (exit 5) naming the holder:
/// its pid, start and command.
pub fn acquire(dir: &Path, name: &str, what: &str) -> Result<RunLock, CliError> {
    std::fs::create_dir_all(dir).map_err(|e| {
        CliError::config(format!(
            "cannot create the lock directory {}: {e}",
            dir.display()
        ))
    })?;
    let path = dir.join(format!("{}.lock", crate::fsutil::file_safe(name)));
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| {
            CliError::config(format!("cannot open the lock file {}: {e}", path.display()))
        })?;
    let mut previous = String::new();
    let _ = file.read_to_string(&mut previous);
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let holder = previous.trim();
            return Err(CliError::stopped(format!(
                "another run holds {what} ({}; lock file {}): not starting a second writer;                  nothing was sent. Wait for it to finish, then run again",
                if holder.is_empty() {
                    "holder unknown"
                } else {
                    holder
                },
                path.display(),
            )));
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(CliError::config(format!(
                "cannot lock {}: {e}",
                path.display()
            )));
        }
    }
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let me = format!(
        "pid {}, started {}, `swcache {}`",
        std::process::id(),
        humantime::format_rfc3339_seconds(SystemTime::now()),
        args.join(" ")
    );
    let _ = file.set_len(0);
    let _ = file.seek(SeekFrom::Start(0));
    let _ = file.write_all(me.as_bytes());
    let _ = file.flush();
    let took_over = Some(previous.trim().to_string()).filter(|p| !p.is_empty());
    Ok(RunLock {
        _file: file,
        path,
        took_over,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::ExitStatus;

    #[test]
    fn second_holder_is_refused_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path(), "maintain-daily-default", "maintain daily").unwrap();
        assert!(first.took_over.is_none());
        let err = acquire(dir.path(), "maintain-daily-default", "maintain daily").unwrap_err();
        assert_eq!(err.status, ExitStatus::Stopped);
        assert!(
            err.message.contains(&format!("pid {}", std::process::id())),
            "{}",
            err.message
        );
        drop(first);
        // A name with a slash is one file in the directory, not a path into another.
        let eu = acquire(dir.path(), "deploy-prod/eu", "deploy").unwrap();
        assert_eq!(eu.path.parent(), Some(dir.path()));
        let again = acquire(dir.path(), "maintain-daily-default", "maintain daily").unwrap();
        assert!(
            again.took_over.unwrap().starts_with("pid "),
            "a released lock is taken over"
        );
    }
}
