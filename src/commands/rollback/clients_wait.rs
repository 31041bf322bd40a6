//! `rollback emergency --wait-clients PCT`: after the rollback, the clients' own reports
//! (`clients_by_version`) read until PCT % of them are off the bad version (the one served
//! before the rollback), or `--clients-deadline` passes. Serving the old worker does not mean
//! clients run it: they take a new worker on a navigation or an update check. An UNKNOWN
//! reading is never progress; a signal ends the wait (the rollback is done by then).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::commands::rollback::Timeline;
use crate::commands::{Ctx, fetch, poll};
use crate::exit::Severity;
use crate::numbers::number;
use crate::output::{Outcome, Payload, Report, Section};
use crate::policy::check::Check;
use crate::policy::clients::{Clients, share_off};
use crate::policy::figure::Figure;

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
        let why = "the version served before the rollback is UNKNOWN: there is no version to \
                   watch clients leave";
        report.checks.push(Check::note(
            "clients off the bad version",
            Severity::Unknown,
            why,
        ));
        timeline.push("wait for clients", Outcome::Skipped, started.elapsed(), why);
        report.attach(&WaitReport {
            clients_wait: &seen,
        });
        return;
    };
    // The rollback is done by now: a signal ends only this read-only wait, which says so.
    let _hold = ctx
        .cancel
        .quiet_hold("the rollback itself is done; only the wait for clients was stopped");
    let bar = ctx
        .printer
        .progress(u64::from(target), &format!("clients off {bad}"));
    ctx.printer.info(format!(
        "waiting until {target} % of clients are off {bad} (up to {}); reading every {}",
        crate::numbers::duration(within),
        crate::numbers::duration(ctx.settings.rollback.poll_interval)
    ));
    let mut last_known: Option<(f64, BTreeMap<String, u64>)> = None;
    let polled = poll::until(
        &ctx.cancel,
        within,
        ctx.settings.rollback.poll_interval,
        || fetch::clients_now(ctx),
        |(c, _): &(Clients, &str)| {
            share(c, bad)
                .value()
                .is_some_and(|s| s >= f64::from(target))
        },
        |(c, _), _| match share(c, bad) {
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
    seen.rounds = polled.rounds;
    // The last round is not shown to `waiting`: take it here.
    let last = share(&polled.last.0, bad);
    if let (Figure::Known(s), Some(m)) = (&last, polled.last.0.known()) {
        last_known = Some((*s, m.clone()));
    }
    seen.share_percent = last_known.as_ref().map(|(s, _)| round1(*s));
    seen.by_version = last_known.as_ref().map(|(_, m)| m.clone());
    seen.reached = last.value().is_some_and(|s| s >= f64::from(target));
    let took = started.elapsed();
    // The check is named "clients off BAD": its detail starts with the share.
    let reached_text = match seen.share_percent {
        Some(s) => format!("{} %", number(s)),
        None => "UNKNOWN (no share could be read)".to_string(),
    };
    let (status, outcome, detail) = if seen.reached {
        (
            Severity::Ok,
            Outcome::Done,
            format!("{reached_text} (target {target} %)"),
        )
    } else if let Some(sig) = polled.interrupted {
        report.stopped = Some(format!(
            "interrupted by {sig} while waiting for clients: {reached_text} off {bad} so far \
             (target {target} %); the rollback itself is done"
        ));
        (
            Severity::Warning,
            Outcome::Skipped,
            format!("{reached_text} when stopped (target {target} %)"),
        )
    } else {
        let status = if seen.share_percent.is_some() {
            Severity::Warning
        } else {
            Severity::Unknown
        };
        let mut detail = format!(
            "{reached_text} after {}, short of {target} %",
            crate::numbers::duration(within)
        );
        if let Figure::Unknown(why) = &last {
            detail.push_str(&format!("; the last reading was UNKNOWN: {why}"));
        }
        (status, Outcome::Failed, detail)
    };
    report.checks.push(Check::note(
        format!("clients off {bad}"),
        status,
        detail.clone(),
    ));
    timeline.push("wait for clients", outcome, took, detail);
    report.attach(&WaitReport {
        clients_wait: &seen,
    });
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}
