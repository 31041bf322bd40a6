//! SIGINT and SIGTERM, for every command that talks to the app, through one [`Cancel`] token
//! that the driver puts in the context.
//!
//! Nothing in flight and nothing holding: the first signal ends the run at once (exit 5); no
//! write was being sent, so there is nothing to record. A write or step in flight: it is let
//! finish and recorded (audit log, state file), nothing after it is sent, and the run ends with
//! exit 5 saying so. A second signal ends the run at once, ending running steps' process groups.
//! Long runs that stop at their own safe points (`rollback planned`) take a [`Hold`]. The
//! handler never ends the process: it asks, and the driver ends the run (see `driver`).

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use tokio::sync::watch;

use crate::output::Printer;

/// The run's cancellation: asked by a signal, read by the writes (`act`), the long runs that
/// stop at safe points, and the driver, which ends a run told to end now.
#[derive(Clone)]
pub(crate) struct Cancel(Arc<Shared>);

struct Shared {
    /// The first signal's name: stop at the next safe point.
    asked: watch::Sender<Option<&'static str>>,
    /// End the run now, and why (said once, by the driver).
    now: watch::Sender<Option<String>>,
    in_flight: AtomicUsize,
    holds: Mutex<Vec<String>>,
    /// Holds whose owner says itself how a signal ended it (a read-only watch).
    quiet_holds: AtomicUsize,
    groups: Mutex<BTreeSet<u32>>,
}

impl Default for Cancel {
    fn default() -> Self {
        Cancel::new()
    }
}

impl Cancel {
    pub(crate) fn new() -> Cancel {
        Cancel(Arc::new(Shared {
            asked: watch::channel(None).0,
            now: watch::channel(None).0,
            in_flight: AtomicUsize::new(0),
            holds: Mutex::new(Vec::new()),
            quiet_holds: AtomicUsize::new(0),
            groups: Mutex::new(BTreeSet::new()),
        }))
    }

    /// Installs the handlers feeding this token (once per process: one run per process).
    /// They are in place when this returns.
    pub(crate) fn install(&self, printer: Printer) {
        static INSTALLED: OnceLock<()> = OnceLock::new();
        if INSTALLED.set(()).is_err() {
            return;
        }
        #[cfg(unix)]
        let handlers = {
            use tokio::signal::unix::{SignalKind, signal};
            (
                signal(SignalKind::interrupt()).ok(),
                signal(SignalKind::terminate()).ok(),
                // A dropped SSH session at 3 a.m.: stop at a safe point, like SIGTERM.
                signal(SignalKind::hangup()).ok(),
            )
        };
        let cancel = self.clone();
        tokio::spawn(async move {
            #[cfg(unix)]
            let (mut int, mut term, mut hup) = handlers;
            for n in 0.. {
                #[cfg(unix)]
                let name = tokio::select! {
                    Some(()) = recv(int.as_mut()) => "SIGINT",
                    Some(()) = recv(term.as_mut()) => "SIGTERM",
                    Some(()) = recv(hup.as_mut()) => "SIGHUP",
                    else => return,
                };
                #[cfg(not(unix))]
                let name = match tokio::signal::ctrl_c().await {
                    Ok(()) => "SIGINT",
                    Err(_) => return,
                };
                cancel.on_signal(name, n, &printer);
            }
        });
    }

    /// The `n`th signal (0 = the first): stop at a safe point, or end now.
    fn on_signal(&self, name: &'static str, n: usize, printer: &Printer) {
        let s = &self.0;
        // Asked before looking at what is in flight: a write that starts from here on sees it
        // (see `in_flight`), so none can start unseen between the look and the ending.
        // send_replace: the value must change even while nobody is subscribed.
        if n == 0 {
            s.asked.send_replace(Some(name));
        }
        let holds = s.holds.lock().map(|h| h.clone()).unwrap_or_default();
        let busy = s.in_flight.load(Ordering::SeqCst) > 0;
        if n == 0 && holds.is_empty() && !busy {
            self.end_now(format!(
                "{name} received: stopped; no write was in flight, so nothing was left half-done"
            ));
            return;
        }
        // Only quiet holds (a watch, which only reads): its owner ends and says so itself.
        let only_quiet = !busy && holds.len() == s.quiet_holds.load(Ordering::SeqCst);
        if n == 0 && only_quiet {
            return;
        }
        if n == 0 {
            printer.warn(format!(
                "{name} received: stopping at the next safe point (the write or step in flight is let finish and recorded); send it again to exit at once"
            ));
            return;
        }
        let groups: Vec<u32> = s
            .groups
            .lock()
            .map(|g| g.iter().copied().collect())
            .unwrap_or_default();
        for pid in &groups {
            // The step runs in its own process group: end its children too.
            #[cfg(unix)]
            signal_group(*pid, libc::SIGTERM);
        }
        let mut msg =
            format!("second {name}: exiting now; the audit log holds every write that completed");
        if !groups.is_empty() {
            msg.push_str(&format!("; ended {} running step(s)", groups.len()));
        }
        for h in holds {
            msg.push_str(&format!("; {h}"));
        }
        self.end_now(msg);
    }

    fn end_now(&self, why: String) {
        // Before the driver hears of it: the run's task is then dropped while the process
        // exits, too late for a child's own cleanup. A group still registered now is not a
        // step let finish (that would be in flight) but a helper the run owns (`probe`'s
        // browser); a second signal has already sent this to the steps' groups.
        #[cfg(unix)]
        for pid in self
            .0
            .groups
            .lock()
            .map(|g| g.iter().copied().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            signal_group(pid, libc::SIGTERM);
        }
        self.0.now.send_if_modified(|now| {
            if now.is_none() {
                *now = Some(why);
                true
            } else {
                false
            }
        });
    }

    /// Waits until the run is to end now; returns why.
    pub(crate) async fn ended(&self) -> String {
        let mut rx = self.0.now.subscribe();
        loop {
            if let Some(why) = rx.borrow_and_update().clone() {
                return why;
            }
            if rx.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }

    /// The first signal's name, once one has arrived.
    pub(crate) fn interrupted(&self) -> Option<&'static str> {
        *self.0.asked.borrow()
    }

    pub(crate) fn subscribe(&self) -> watch::Receiver<Option<&'static str>> {
        self.0.asked.subscribe()
    }

    /// While alive, a signal does not end the run at once: its owner stops at a safe point.
    /// The hint (e.g. the resume command) is said if a second signal ends it anyway.
    pub(crate) fn hold(&self, hint: impl Into<String>) -> Hold {
        let hint = hint.into();
        if let Ok(mut h) = self.0.holds.lock() {
            h.push(hint.clone());
        }
        Hold {
            cancel: self.clone(),
            hint,
        }
    }

    /// A [`Hold`] for a run that only reads and ends itself at a signal, reporting it: the
    /// first signal is not announced as "stopping at the next safe point".
    pub(crate) fn quiet_hold(&self, hint: impl Into<String>) -> QuietHold {
        self.0.quiet_holds.fetch_add(1, Ordering::SeqCst);
        QuietHold {
            _hold: self.hold(hint),
        }
    }

    /// Marks a write or a step as starting: `Err(signal)` when one has already arrived (send
    /// nothing), else the mark a signal waits for. Marked first, then asked, so that a signal
    /// arriving in between sees the write and lets it finish.
    pub(crate) fn start(&self) -> Result<InFlight, &'static str> {
        self.0.in_flight.fetch_add(1, Ordering::SeqCst);
        let mark = InFlight(self.clone());
        match self.interrupted() {
            Some(sig) => Err(sig),
            None => Ok(mark),
        }
    }

    /// A running step's process group, ended by a second signal.
    pub(crate) fn group(&self, pid: u32) -> Group {
        if let Ok(mut g) = self.0.groups.lock() {
            g.insert(pid);
        }
        Group {
            cancel: self.clone(),
            pid,
        }
    }
}

#[cfg(unix)]
async fn recv(s: Option<&mut tokio::signal::unix::Signal>) -> Option<()> {
    match s {
        Some(s) => s.recv().await,
        None => None,
    }
}

/// Waits until a signal has arrived; returns its name.
pub(crate) async fn signalled(rx: &mut watch::Receiver<Option<&'static str>>) -> &'static str {
    loop {
        if let Some(s) = *rx.borrow_and_update() {
            return s;
        }
        if rx.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

pub(crate) struct Hold {
    cancel: Cancel,
    hint: String,
}

impl Drop for Hold {
    fn drop(&mut self) {
        if let Ok(mut h) = self.cancel.0.holds.lock()
            && let Some(i) = h.iter().position(|x| *x == self.hint)
        {
            h.remove(i);
        }
    }
}

pub(crate) struct QuietHold {
    _hold: Hold,
}

impl Drop for QuietHold {
    fn drop(&mut self) {
        self._hold
            .cancel
            .0
            .quiet_holds
            .fetch_sub(1, Ordering::SeqCst);
    }
}

/// A write or a step in flight.
pub(crate) struct InFlight(Cancel);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

pub(crate) struct Group {
    cancel: Cancel,
    pid: u32,
}

impl Drop for Group {
    fn drop(&mut self) {
        if let Ok(mut g) = self.cancel.0.groups.lock() {
            g.remove(&self.pid);
        }
    }
}

/// Sends `signal` to the process group `pgid` (a step runs as the leader of its own group, so
/// this reaches its children: aws, npm, …). Direct, by the system call: `kill` may not be on
/// PATH (slim images). Ignores a group that is already gone.
#[cfg(unix)]
pub(crate) fn signal_group(pgid: u32, signal: i32) {
    if let Ok(pgid) = libc::pid_t::try_from(pgid)
        && pgid > 1
    {
        // SAFETY: killpg has no memory-safety preconditions; a bad group is an error code.
        unsafe {
            libc::killpg(pgid, signal);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Format;

    fn printer() -> Printer {
        Printer::new(Format::Table, -1)
    }

    fn ended_now(c: &Cancel) -> Option<String> {
        c.0.now.borrow().clone()
    }

    #[test]
    fn a_first_signal_with_nothing_in_flight_ends_at_once() {
        let c = Cancel::new();
        c.on_signal("SIGINT", 0, &printer());
        assert!(ended_now(&c).unwrap().contains("no write was in flight"));
        assert_eq!(c.interrupted(), Some("SIGINT"));
        assert!(c.start().is_err(), "no write starts after it");
    }

    #[test]
    fn a_write_in_flight_is_let_finish_until_a_second_signal() {
        let c = Cancel::new();
        let write = c.start().unwrap();
        c.on_signal("SIGTERM", 0, &printer());
        assert_eq!(ended_now(&c), None, "the write finishes first");
        assert_eq!(c.interrupted(), Some("SIGTERM"));
        drop(write);
        let _hold = c.hold("to continue: swcache rollback planned --resume");
        c.on_signal("SIGTERM", 1, &printer());
        let why = ended_now(&c).unwrap();
        assert!(
            why.starts_with("second SIGTERM") && why.contains("--resume"),
            "{why}"
        );
    }

    #[test]
    fn a_quiet_hold_ends_itself() {
        let c = Cancel::new();
        let hold = c.quiet_hold("reads only");
        c.on_signal("SIGINT", 0, &printer());
        assert_eq!(ended_now(&c), None);
        assert_eq!(c.interrupted(), Some("SIGINT"));
        drop(hold);
        assert!(c.0.holds.lock().unwrap().is_empty());
        assert_eq!(c.0.quiet_holds.load(Ordering::SeqCst), 0);
    }
}
