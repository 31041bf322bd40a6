//! Finding and starting the browser, and ending it: headless, with the DevTools protocol on
//! a pipe, in a process group of its own (Debian's `chromium-headless-shell` is a shell
//! wrapper: ending only the direct child would leave Chromium and its helpers running).

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::process::{Child, Command};

use super::cdp::Cdp;

/// What to install when no browser is found (Debian's package, as `.ci/test` installs it).
pub(crate) const INSTALL_HINT: &str = "apt-get install chromium-headless-shell";

/// Names looked up on PATH, in this order.
const ON_PATH: &[&str] = &["chromium", "chromium-headless-shell", "google-chrome"];

/// The browser's last words kept for an error message (a crash says why on stderr).
const TAIL: usize = 2048;

/// Which browser to run: `SWCACHE_BROWSER`, else `[browser] path`, else the first of
/// [`ON_PATH`] found on `path_var`. `Err` says what was looked at and what to install.
pub(crate) fn find(
    env_value: Option<&str>,
    configured: Option<&Path>,
    path_var: Option<&str>,
) -> Result<PathBuf, String> {
    let named = env_value
        .filter(|v| !v.is_empty())
        .map(|v| (PathBuf::from(v), "SWCACHE_BROWSER"))
        .or_else(|| configured.map(|p| (p.to_path_buf(), "[browser] path")));
    if let Some((p, from)) = named {
        if is_executable(&p) {
            return Ok(p);
        }
        return Err(format!(
            "{from} names {}, which is not an executable file (install a browser: {INSTALL_HINT})",
            p.display()
        ));
    }
    for dir in std::env::split_paths(path_var.unwrap_or("")) {
        for name in ON_PATH {
            let p = dir.join(name);
            if is_executable(&p) {
                return Ok(p);
            }
        }
    }
    Err(format!(
        "no browser found: none of {} is on PATH, and neither SWCACHE_BROWSER nor [browser] \
         path names one; install it: {INSTALL_HINT}",
        ON_PATH.join(", ")
    ))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// A running browser: its DevTools connection, and its process group, ended (SIGKILL) when
/// this is dropped, however the run ends (a deadline, a signal, a panic).
pub(crate) struct Running {
    pub cdp: Cdp,
    child: Child,
    pgid: Option<u32>,
    tail: Arc<Mutex<Vec<u8>>>,
}

impl Running {
    /// The process group's id (= the browser's pid): a second signal ends it (`signals`).
    pub(crate) fn pgid(&self) -> Option<u32> {
        self.pgid
    }

    /// The end of what the browser wrote on stderr, for an error message.
    pub(crate) fn stderr_tail(&self) -> String {
        let t = self.tail.lock().map(|t| t.clone()).unwrap_or_default();
        let text = String::from_utf8_lossy(&t);
        text.lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_string()
    }

    /// Whether the browser process has exited, and how.
    pub(crate) fn exited(&mut self) -> Option<String> {
        match self.child.try_wait() {
            Ok(Some(s)) => Some(s.to_string()),
            _ => None,
        }
    }

    /// Closes the browser: `Browser.close` lets it write the profile (the kept client's
    /// registrations), then the group is ended whatever it did, within `grace`.
    pub(crate) async fn close(mut self, grace: Duration) {
        let closing = self.cdp.call(None, "Browser.close", serde_json::json!({}));
        let _ = tokio::time::timeout(grace, closing).await;
        let _ = tokio::time::timeout(grace, self.child.wait()).await;
        // Drop ends the group (helpers may outlive the main process).
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(pgid) = self.pgid {
            crate::signals::signal_group(pgid, libc::SIGKILL);
        }
        let _ = self.child.start_kill();
        // Reaped now if it is already gone; tokio reaps it later otherwise.
        let _ = self.child.try_wait();
    }
}

/// Starts `exe` headless on `profile` with the DevTools protocol on fds 3 and 4. Its
/// environment is only what a browser needs: no token, no credential of swcache's reaches it.
pub(crate) fn start(exe: &Path, profile: &Path) -> Result<Running, String> {
    let (to_browser_r, to_browser_w) = pipe()?;
    let (from_browser_r, from_browser_w) = pipe()?;
    let mut cmd = Command::new(exe);
    cmd.args(args(profile))
        .env_clear()
        .envs(
            ["PATH", "LANG", "LC_ALL", "TZ", "TMPDIR"]
                .iter()
                .filter_map(|k| std::env::var_os(k).map(|v| (*k, v))),
        )
        // Its own HOME: caches and crash files stay with the profile, not the user's.
        .env("HOME", profile)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0);
    let (child_in, child_out) = (to_browser_r.as_raw_fd(), from_browser_w.as_raw_fd());
    // SAFETY: between fork and exec only async-signal-safe calls: fcntl, dup2, signal.
    unsafe {
        cmd.pre_exec(move || {
            // Above 4 first, so neither dup2 below overwrites the other's source.
            let a = libc::fcntl(child_in, libc::F_DUPFD_CLOEXEC, 10);
            let b = libc::fcntl(child_out, libc::F_DUPFD_CLOEXEC, 10);
            if a < 0 || b < 0 || libc::dup2(a, 3) < 0 || libc::dup2(b, 4) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            libc::signal(libc::SIGXFSZ, libc::SIG_DFL);
            Ok(())
        });
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
    // The child has its ends; ours must close so that its exit is our end of file.
    drop(to_browser_r);
    drop(from_browser_w);
    let pgid = child.id();
    let tail: Arc<Mutex<Vec<u8>>> = Arc::default();
    if let Some(mut err) = child.stderr.take() {
        let tail = tail.clone();
        tokio::spawn(async move {
            let mut b = [0u8; 4096];
            while let Ok(n) = err.read(&mut b).await {
                if n == 0 {
                    break;
                }
                if let Ok(mut t) = tail.lock() {
                    t.extend_from_slice(&b[..n]);
                    let over = t.len().saturating_sub(TAIL);
                    t.drain(..over);
                }
            }
        });
    }
    let writer = tokio::net::unix::pipe::Sender::from_owned_fd(to_browser_w)
        .map_err(|e| format!("the browser's pipe: {e}"))?;
    let reader = tokio::net::unix::pipe::Receiver::from_owned_fd(from_browser_r)
        .map_err(|e| format!("the browser's pipe: {e}"))?;
    Ok(Running {
        cdp: Cdp::new(writer, reader),
        child,
        pgid,
        tail,
    })
}

fn args(profile: &Path) -> Vec<String> {
    let mut a: Vec<String> = [
        "--headless",
        "--remote-debugging-pipe",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-gpu",
        "--disable-extensions",
        "--disable-sync",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--mute-audio",
        "--password-store=basic",
        "--use-mock-keychain",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Chromium's sandbox refuses to run as root; as anyone else it stays on.
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        a.push("--no-sandbox".into());
    }
    a.push(format!("--user-data-dir={}", profile.display()));
    a.push("about:blank".into());
    a
}

/// A blocking pipe whose both ends close on exec (the child gets copies at 3 and 4 only;
/// tokio makes our ends non-blocking, which leaves the child's, other descriptions, alone).
fn pipe() -> Result<(OwnedFd, OwnedFd), String> {
    let mut fds = [0; 2];
    // SAFETY: fds is a valid 2-element array; pipe2 fills it on success.
    let r = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    if r != 0 {
        return Err(format!(
            "cannot create a pipe: {}",
            std::io::Error::last_os_error()
        ));
    }
    // SAFETY: both fds were just created and are owned by nobody else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_wins_over_the_config_and_path() {
        let dir = tempfile::tempdir().unwrap();
        let exe = dir.path().join("chromium");
        std::fs::write(&exe, "#!/bin/sh\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = dir.path().to_str().unwrap();
        assert_eq!(find(None, None, Some(path)).unwrap(), exe);
        let other = dir.path().join("missing");
        let err = find(other.to_str(), Some(&exe), Some(path)).unwrap_err();
        assert!(
            err.contains("SWCACHE_BROWSER") && err.contains(INSTALL_HINT),
            "{err}"
        );
        assert_eq!(find(None, Some(&exe), None).unwrap(), exe);
        let err = find(None, None, Some("/nonexistent")).unwrap_err();
        assert!(err.contains(INSTALL_HINT), "{err}");
    }
}
