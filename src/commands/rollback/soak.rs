//! A soak between two rollback steps: hold, poll the error rate, show time left and the latest
//! figure, and end early on a spike past the critical threshold or on SIGINT/SIGTERM.

use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use crate::api::Endpoint;
use crate::commands::{Ctx, fetch};
use crate::output::render::number;
use crate::policy::figure::Figure;
use crate::policy::rollback::{SoakWatch, spike};
use crate::signals::signalled;

pub enum SoakEnd {
    Completed,
    /// The error rate read past the critical threshold.
    Spike(f64),
    Interrupted(&'static str),
}

pub struct Soak {
    pub at: u8,
    pub wait: Duration,
    pub poll: Duration,
    pub critical: f64,
}

pub async fn run(
    ctx: &Ctx,
    s: &Soak,
    stop: &mut watch::Receiver<Option<&'static str>>,
    watch: &mut SoakWatch,
) -> SoakEnd {
    let p = &ctx.printer;
    p.info(format!(
        "soak at {} % for {}: reading the error rate every {} (emergency rollback above {} %)",
        s.at,
        humantime::format_duration(s.wait),
        humantime::format_duration(s.poll),
        number(s.critical)
    ));
    let bar = p.progress(s.wait.as_secs().max(1), &format!("soak at {} %", s.at));
    let started = Instant::now();
    let deadline = started + s.wait;
    let mut next_poll = started;
    let end = loop {
        if Instant::now() >= next_poll {
            let rate = tokio::select! {
                read = fetch::error_rate(ctx, Endpoint::ErrorMetrics) => read.0,
                sig = signalled(stop) => break SoakEnd::Interrupted(sig),
            };
            watch.record(&rate);
            match &rate {
                Figure::Known(r) => p.verbose(format!("  error rate {} %", number(*r))),
                Figure::Unknown(why) => p.warn(format!("error rate unreadable: {why}")),
            }
            if spike(&rate, s.critical) {
                break SoakEnd::Spike(rate.value().unwrap_or_default());
            }
            next_poll = Instant::now() + s.poll;
        }
        let now = Instant::now();
        if now >= deadline {
            break SoakEnd::Completed;
        }
        let left = deadline - now;
        bar.set_position((now - started).as_secs().min(s.wait.as_secs()));
        bar.set_message(format!(
            "soak at {} %: error rate {}, {} left",
            s.at,
            watch
                .last
                .map(|r| format!("{} %", number(r)))
                .unwrap_or_else(|| "UNKNOWN".into()),
            // Rounded up: "0s left" only when it is over.
            humantime::format_duration(Duration::from_secs(
                left.as_secs() + u64::from(left.subsec_nanos() > 0)
            ))
        ));
        let wake = next_poll.min(deadline).min(now + Duration::from_secs(1));
        tokio::select! {
            _ = tokio::time::sleep_until(wake) => {}
            sig = signalled(stop) => break SoakEnd::Interrupted(sig),
        }
    };
    bar.finish_and_clear();
    end
}
