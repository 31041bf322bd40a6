//! `rollback emergency --wait-clients PCT`: after the rollback, the clients' own reports
//! (`clients_by_version`) read until PCT % of them are off the bad version (the one served
//! before the rollback), or `--clients-deadline` passes. Serving the old worker does not mean
//! clients run it: they take a new worker on a navigation or an update check. An UNKNOWN
//! reading is never progress; a signal ends the wait (the rollback is done by then).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::commands::poll::Polled;
use crate::commands::rollback::Timeline;
use crate::commands::{Ctx, fetch, poll};
use crate::numbers::number;
use crate::output::{Outcome, Payload, Report, Section};
use crate::policy::check::Check;
use crate::policy::clients::{Clients, share_off};
use crate::policy::figure::Figure;
use crate::vocab::Severity;

/// What the wait saw (JSON `clients_wait`).
#[derive(Debug, Serialize)]
pub(crate) struct ClientsWait {
    pub bad_version: Option<String>,
    pub target_percent: u8,
    /// The last share (percent) of clients off the bad version that could be read.
    pub share_percent: Option<f64>,
    pub reached: bool,
    pub rounds: u32,
    pub deadline_ms: u64,
    /// The last distribution that could be read.
    pub by_version: Option<BTreeMap<String, u64>>,
}

#[derive(Serialize)]
struct WaitReport<'a> {
    clients_wait: &'a ClientsWait,
}

impl Payload for WaitReport<'_> {
    /// Its one line is a check already; the JSON keeps the figures.
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

/// The share off `bad` in one reading: UNKNOWN when the reading is.
fn share(clients: &Clients, bad: &str) -> Figure {
    match clients {
        Clients::Known(m) => share_off(m, bad),
        Clients::NotReported => Figure::Unknown(
            "the app reports no clients_by_version, and no Prometheus query \
             ([metrics.prometheus.queries] clients_by_version) is configured"
                .into(),
        ),
        Clients::Unknown(why) => Figure::Unknown(why.clone()),
    }
}

/// Waits for clients to leave `bad` (up to `within`), then says how far they got: a check, a
/// timeline row and JSON `clients_wait`.
pub(crate) async fn wait(
    ctx: &Ctx,
    report: &mut Report,
    timeline: &mut Timeline,
    bad: Option<&str>,
    (target, within): (u8, Duration),
) {
    let started = Instant::now();
    let mut seen = ClientsWait {
        bad_version: bad.map(String::from),
        target_percent: target,
        share_percent: None,
        reached: false,
        rounds: 0,
        deadline_ms: within.as_millis() as u64,
        by_version: None,
    };
    let Some(bad) = bad else {
        no_version(report, timeline, started);
        report.attach(&WaitReport {
            clients_wait: &seen,
        });
        return;
    };
    // The rollback is done by now: a signal ends only this read-only wait, which says so.
    let _hold = ctx
        .cancel
        .quiet_hold("the rollback itself is done; only the wait for clients was stopped");
    let (polled, last) = watch(ctx, bad, target, within).await;
    seen.rounds = polled.rounds;
    seen.share_percent = last.as_ref().map(|(s, _)| round1(*s));
    seen.by_version = last.map(|(_, m)| m);
    seen.reached = share(&polled.last, bad)
        .value()
        .is_some_and(|s| s >= f64::from(target));
    let (status, outcome, detail) = outcome(report, &seen, &polled, bad, within);
    report.checks.push(Check::note(
        format!("clients off {bad}"),
        status,
        detail.clone(),
    ));
    timeline.push("wait for clients", outcome, started.elapsed(), detail);
    report.attach(&WaitReport {
        clients_wait: &seen,
    });
}

/// No version was served before (it could not be read): nothing to watch clients leave.
fn no_version(report: &mut Report, timeline: &mut Timeline, started: Instant) {
    let why = "the version served before the rollback is UNKNOWN: there is no version to watch \
               clients leave";
    report.checks.push(Check::note(
        "clients off the bad version",
        Severity::Unknown,
        why,
    ));
    timeline.push("wait for clients", Outcome::Skipped, started.elapsed(), why);
}

/// Reads clients until the target, the deadline or a signal, with a progress bar. The last
/// reading, and the last share with its distribution that could be read.
async fn watch(
    ctx: &Ctx,
    bad: &str,
    target: u8,
    within: Duration,
) -> (Polled<Clients>, Option<(f64, BTreeMap<String, u64>)>) {
    let bar = ctx
        .printer
        .progress(u64::from(target), &format!("clients off {bad}"));
    let every = ctx.settings.rollback.poll_interval;
    ctx.printer.info(format!(
        "waiting until {target} % of clients are off {bad} (up to {}); reading every {}",
        crate::numbers::duration(within),
        crate::numbers::duration(every)
    ));
    let mut last_known: Option<(f64, BTreeMap<String, u64>)> = None;
    let polled = poll::until(
        &ctx.cancel,
        within,
        every,
        || async { fetch::clients_now(ctx).await.0 },
        |c: &Clients| {
            share(c, bad)
                .value()
                .is_some_and(|s| s >= f64::from(target))
        },
        |c, _| match share(c, bad) {
            Figure::Known(s) => {
                bar.set_position(s.min(f64::from(target)) as u64);
                bar.set_message(format!("clients off {bad}: {} %", number(round1(s))));
                if let Some(m) = c.known() {
                    last_known = Some((s, m.clone()));
                }
            }
            Figure::Unknown(why) => ctx.printer.warn(format!("clients unreadable: {why}")),
        },
    )
    .await;
    bar.finish_and_clear();
    // The last round is not shown to `waiting`: take it here.
    if let (Figure::Known(s), Some(m)) = (share(&polled.last, bad), polled.last.known()) {
        last_known = Some((s, m.clone()));
    }
    (polled, last_known)
}

/// How the wait ended: reached, stopped by a signal (the run stops), or short at the deadline.
/// The check's detail starts with the share (the check is named "clients off BAD").
fn outcome(
    report: &mut Report,
    seen: &ClientsWait,
    polled: &Polled<Clients>,
    bad: &str,
    within: Duration,
) -> (Severity, Outcome, String) {
    let target = seen.target_percent;
    let reached_text = match seen.share_percent {
        Some(s) => format!("{} %", number(s)),
        None => "UNKNOWN (no share could be read)".to_string(),
    };
    if seen.reached {
        return (
            Severity::Ok,
            Outcome::Done,
            format!("{reached_text} (target {target} %)"),
        );
    }
    if let Some(sig) = polled.interrupted {
        report.stopped = Some(format!(
            "interrupted by {sig} while waiting for clients: {reached_text} off {bad} so far \
             (target {target} %); the rollback itself is done"
        ));
        return (
            Severity::Warning,
            Outcome::Skipped,
            format!("{reached_text} when stopped (target {target} %)"),
        );
    }
    let status = if seen.share_percent.is_some() {
        Severity::Warning
    } else {
        Severity::Unknown
    };
    let mut detail = format!(
        "{reached_text} after {}, short of {target} %",
        crate::numbers::duration(within)
    );
    if let Figure::Unknown(why) = share(&polled.last, bad) {
        detail.push_str(&format!("; the last reading was UNKNOWN: {why}"));
    }
    (status, Outcome::Failed, detail)
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}
