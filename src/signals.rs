//! SIGINT and SIGTERM, for every command that talks to the app.
//!
//! Nothing in flight and nothing holding: the first signal stops the run at once (exit 5); no
//! write was being sent, so there is nothing to record. A write or step in flight: it is let
//! finish and recorded (audit log, state file), nothing after it is sent, and the run ends with
//! exit 5 saying so. A second signal exits at once, killing running steps' process groups.
//! Long runs that stop at their own safe points (`rollback planned`) take a [`Hold`].

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use tokio::sync::watch;

use crate::exit::ExitStatus;
use crate::output::Printer;

struct Shared {
    tx: watch::Sender<Option<&'static str>>,
    in_flight: AtomicUsize,
    holds: Mutex<Vec<String>>,
    /// Holds whose owner says itself how a signal ended it (a read-only watch).
    quiet_holds: AtomicUsize,
    groups: Mutex<BTreeSet<u32>>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| Shared {
        tx: watch::channel(None).0,
        in_flight: AtomicUsize::new(0),
        holds: Mutex::new(Vec::new()),
        quiet_holds: AtomicUsize::new(0),
        groups: Mutex::new(BTreeSet::new()),
    })
}

/// Installs the handlers (once per process). They are in place when this returns.
pub fn install(printer: Printer) {
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
        )
    };
    tokio::spawn(async move {
        #[cfg(unix)]
        let (mut int, mut term) = handlers;
        for n in 0.. {
            #[cfg(unix)]
            let name = tokio::select! {
                Some(()) = recv(int.as_mut()) => "SIGINT",
                Some(()) = recv(term.as_mut()) => "SIGTERM",
                else => return,
            };
            #[cfg(not(unix))]
            let name = match tokio::signal::ctrl_c().await {
                Ok(()) => "SIGINT",
                Err(_) => return,
            };
            on_signal(name, n, &printer);
        }
    });
}

fn on_signal(name: &'static str, n: usize, printer: &Printer) {
    let s = shared();
    let holds = s.holds.lock().map(|h| h.clone()).unwrap_or_default();
    let busy = s.in_flight.load(Ordering::SeqCst) > 0;
    if n == 0 && holds.is_empty() && !busy {
        printer.warn(format!(
            "{name} received: stopped; no write was in flight, so nothing was left half-done"
        ));
        std::process::exit(ExitStatus::Stopped.code().into());
    }
    // Only quiet holds (a watch, which only reads): its owner ends and says so itself.
    let only_quiet = !busy && holds.len() == s.quiet_holds.load(Ordering::SeqCst);
    if n == 0 && only_quiet {
        s.tx.send_replace(Some(name));
        return;
    }
    if n == 0 {
        printer.warn(format!(
            "{name} received: stopping at the next safe point (the write or step in flight is let finish and recorded); send it again to exit at once"
        ));
        // send_replace: the value must change even while nobody is subscribed.
        s.tx.send_replace(Some(name));
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
        crate::steps::signal_group(*pid, libc::SIGTERM);
    }
    let mut msg =
        format!("second {name}: exiting now; the audit log holds every write that completed");
    if !groups.is_empty() {
        msg.push_str(&format!("; ended {} running step(s)", groups.len()));
    }
    for h in holds {
        msg.push_str(&format!("; {h}"));
    }
    printer.warn(msg);
    std::process::exit(ExitStatus::Stopped.code().into());
}

#[cfg(unix)]
async fn recv(s: Option<&mut tokio::signal::unix::Signal>) -> Option<()> {
    match s {
        Some(s) => s.recv().await,
        None => None,
    }
}

/// The first signal's name, once one has arrived.
pub fn interrupted() -> Option<&'static str> {
    *shared().tx.borrow()
}

pub fn subscribe() -> watch::Receiver<Option<&'static str>> {
    shared().tx.subscribe()
}

/// Waits until a signal has arrived; returns its name.
pub async fn signalled(rx: &mut watch::Receiver<Option<&'static str>>) -> &'static str {
    loop {
        if let Some(s) = *rx.borrow_and_update() {
            return s;
        }
        if rx.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// While alive, a signal does not end the run at once: its owner stops at a safe point. The
/// hint (e.g. the resume command) is printed if a second signal ends it anyway.
pub struct Hold(String);

pub fn hold(hint: impl Into<String>) -> Hold {
    let hint = hint.into();
    if let Ok(mut h) = shared().holds.lock() {
        h.push(hint.clone());
    }
    Hold(hint)
}

impl Drop for Hold {
    fn drop(&mut self) {
        if let Ok(mut h) = shared().holds.lock()
            && let Some(i) = h.iter().position(|x| *x == self.0)
        {
            h.remove(i);
        }
    }
}

/// A [`Hold`] for a run that only reads and ends itself at a signal, reporting it: the first
/// signal is not announced as "stopping at the next safe point".
pub struct QuietHold {
    _hold: Hold,
}

pub fn quiet_hold(hint: impl Into<String>) -> QuietHold {
    shared().quiet_holds.fetch_add(1, Ordering::SeqCst);
    QuietHold { _hold: hold(hint) }
}

impl Drop for QuietHold {
    fn drop(&mut self) {
        shared().quiet_holds.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Marks a write or a step in flight.
pub struct InFlight(());

pub fn in_flight() -> InFlight {
    shared().in_flight.fetch_add(1, Ordering::SeqCst);
    InFlight(())
}

impl Drop for InFlight {
    fn drop(&mut self) {
        shared().in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A running step's process group, ended by a second signal.
pub struct Group(u32);

pub fn group(pid: u32) -> Group {
    if let Ok(mut g) = shared().groups.lock() {
        g.insert(pid);
    }
    Group(pid)
}

impl Drop for Group {
    fn drop(&mut self) {
        if let Ok(mut g) = shared().groups.lock() {
            g.remove(&self.0);
        }
    }
}
