//! One writer at a time per app: an exclusive lock held for the whole run by every command
//! that writes (reads never take it). The OS drops it when the process dies, so a lock
//! left by a dead run is simply taken over.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use reqwest::Url;

use crate::exit::CliError;

#[derive(Debug)]
pub struct RunLock {
    _file: File,
    pub path: PathBuf,
    /// The holder recorded by an earlier run that died holding it.
    pub took_over: Option<String>,
}

/// The most read of a holder's record (it is one line).
const HOLDER_CAP: u64 = 4096;

/// The app a base URL names, as one string: two spellings of one app (an upper-case host, the
/// default port, a missing trailing slash, `user:pass@`, a query) give the same key, so they
/// share one lock.
pub(crate) fn app_key(base_url: &Url) -> String {
    let mut u = base_url.clone();
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.set_query(None);
    u.set_fragment(None);
    if !u.path().ends_with('/') {
        let path = format!("{}/", u.path());
        u.set_path(&path);
    }
    u.to_string()
}

/// The lock file of an app's writers: keyed by the app (see [`app_key`]), not by the
/// environment's name, so two names (or `--url`) for one app are still one writer at a time.
pub fn write_lock_name(base_url: &Url) -> String {
    format!(
        "write-{}",
        crate::fsutil::sha256_hex(app_key(base_url).as_bytes())
    )
}

/// Takes `<dir>/<name>.lock` (the name made file-safe) or refuses (exit 5) naming the holder:
/// its pid, start, environment and command. `env` is recorded as this run's environment.
pub fn acquire(dir: &Path, name: &str, what: &str, env: &str) -> Result<RunLock, CliError> {
    crate::fsutil::create_dirs(dir).map_err(|e| {
        CliError::config(format!(
            "cannot create the lock directory {}: {e}",
            dir.display()
        ))
    })?;
    let path = dir.join(format!("{}.lock", crate::fsutil::file_safe(name)));
    let mut file = crate::fsutil::open_lock(&path).map_err(|e| {
        CliError::config(format!("cannot open the lock file {}: {e}", path.display()))
    })?;
    let mut previous = String::new();
    let _ = (&mut file).take(HOLDER_CAP).read_to_string(&mut previous);
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            return Err(CliError::stopped(held_message(
                what,
                &previous,
                &format!("lock file {}", path.display()),
            )));
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(CliError::config(format!(
                "cannot lock {}: {e}",
                path.display()
            )));
        }
    }
    let _ = file.set_len(0);
    let _ = file.seek(SeekFrom::Start(0));
    let _ = file.write_all(holder(env).as_bytes());
    let _ = file.flush();
    let took_over = Some(previous.trim().to_string()).filter(|p| !p.is_empty());
    Ok(RunLock {
        _file: file,
        path,
        took_over,
    })
}

/// What a holder records of itself: pid, start, user@host, environment, command line.
pub(crate) fn holder(env: &str) -> String {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    format!(
        "pid {}, started {}, by {}, environment {env}, `swcache {}`",
        std::process::id(),
        humantime::format_rfc3339_seconds(SystemTime::now()),
        crate::operator::operator(),
        // The lock file is read by the next holder's message: no secret in it.
        crate::redact::out(&args.join(" "))
    )
}

/// The refusal when another run holds the lock, in the same words whichever backend holds it;
/// `location` says where (`lock file PATH`, or the database's row).
pub(crate) fn held_message(what: &str, previous: &str, location: &str) -> String {
    let holder = match previous.trim() {
        "" => "holder unknown",
        h => h,
    };
    format!(
        "another run holds {what} ({holder}; {location}): not starting a second writer; \
         nothing was sent. Wait for it to finish, then run again"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::ExitStatus;

    #[test]
    fn second_holder_is_refused_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(
            dir.path(),
            "maintain-daily-default",
            "maintain daily",
            "prod",
        )
        .unwrap();
        assert!(first.took_over.is_none());
        let err = acquire(
            dir.path(),
            "maintain-daily-default",
            "maintain daily",
            "prod",
        )
        .unwrap_err();
        assert_eq!(err.status, ExitStatus::Stopped);
        let recorded = std::fs::read_to_string(&first.path).unwrap();
        assert!(
            recorded.starts_with(&format!("pid {}, started ", std::process::id()))
                && recorded.contains(&format!(", by {}, ", crate::operator::operator()))
                && recorded.contains(", environment prod, `swcache "),
            "{recorded}"
        );
        // The exact text: one line, one space between its words.
        assert_eq!(
            err.message,
            format!(
                "another run holds maintain daily ({recorded}; lock file {}): not starting a \
                 second writer; nothing was sent. Wait for it to finish, then run again",
                first.path.display()
            )
        );
        drop(first);
        // A name with a slash is one file in the directory, not a path into another.
        let eu = acquire(dir.path(), "deploy-prod/eu", "deploy", "prod/eu").unwrap();
        assert_eq!(eu.path.parent(), Some(dir.path()));
        let again = acquire(dir.path(), "maintain-daily-default", "maintain daily", "p").unwrap();
        assert!(
            again.took_over.unwrap().starts_with("pid "),
            "a released lock is taken over"
        );
    }

    #[test]
    fn an_unknown_holder_is_said() {
        assert_eq!(
            held_message("x", " \n", "lock file /l"),
            "another run holds x (holder unknown; lock file /l): not starting a second writer; \
             nothing was sent. Wait for it to finish, then run again"
        );
    }

    #[test]
    fn one_app_one_key_whatever_its_spelling() {
        let key = |u: &str| write_lock_name(&u.parse().unwrap());
        let same = [
            "https://app.example.com/",
            "https://app.example.com",
            "HTTPS://App.Example.COM:443/",
            "https://user:pass@app.example.com/",
            "https://app.example.com/?x=1#f",
        ];
        for u in same {
            assert_eq!(key(u), key(same[0]), "{u}");
        }
        assert_eq!(key("https://h/app"), key("https://h/app/"));
        for other in [
            "http://app.example.com/",
            "https://app.example.com:8443/",
            "https://other.example.com/",
            "https://app.example.com/app/",
        ] {
            assert_ne!(key(other), key(same[0]), "{other}");
        }
        assert_eq!(
            app_key(&"https://u:p@App.Example.com:443/x?q".parse().unwrap()),
            "https://app.example.com/x/"
        );
        assert!(key(same[0]).starts_with("write-") && key(same[0]).len() == 6 + 64);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_fifo_or_second_link_at_the_lock_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("audit.jsonl");
        std::fs::write(&target, "kept\n").unwrap();
        let locks = dir.path().join("locks");
        std::fs::create_dir(&locks).unwrap();
        std::os::unix::fs::symlink(&target, locks.join("sym.lock")).unwrap();
        std::fs::hard_link(&target, locks.join("hard.lock")).unwrap();
        nix::unistd::mkfifo(&locks.join("fifo.lock"), nix::sys::stat::Mode::S_IRWXU).unwrap();
        for (name, says) in [
            (
                "sym",
                "it is a symbolic link (not followed), not a regular file",
            ),
            ("hard", "it has 2 hard links; a lock file must have one"),
            ("fifo", "it is a FIFO, not a regular file"),
        ] {
            let err = acquire(&locks, name, "w", "e").unwrap_err();
            assert_eq!(err.status, ExitStatus::Config, "{name}");
            assert_eq!(
                err.message,
                format!(
                    "cannot open the lock file {}: {says}",
                    locks.join(format!("{name}.lock")).display()
                )
            );
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept\n");
    }
}
