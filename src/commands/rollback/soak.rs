//! A soak between two rollback steps, as the executor shows it: the announcement, the progress
//! bar with time left and the latest figure, and the error-rate reads. When to read, when it is
//! over and what a reading means are `policy::planned`'s; waiting is the injected clock's.

use std::time::Duration;

use indicatif::ProgressBar;
use tokio::time::Instant;

use crate::commands::clock::Clock;
use crate::commands::{Ctx, fetch};
use crate::output::render::number;
use crate::policy::analysis::AnalysisSettings;
use crate::policy::figure::Figure;
use crate::vocab::Endpoint;

pub(super) struct SoakView {
    at: u8,
    wait: Duration,
    started: Instant,
    bar: ProgressBar,
    last: Option<f64>,
}

impl SoakView {
    /// `(at, wait, poll, critical)`: the soak; `analysis`: its window, with `[analysis]`.
    pub(super) fn start(
        ctx: &Ctx,
        now: Instant,
        (at, wait, poll, critical): (u8, Duration, Duration, f64),
        analysis: Option<AnalysisSettings>,
    ) -> SoakView {
        let judged = match analysis {
            None => format!("emergency rollback above {} %", number(critical)),
            Some(a) => format!(
                "analysed: {}; a reading above {} % fails, past the limit the emergency rollback",
                a.describe(),
                number(critical)
            ),
        };
        ctx.printer.info(format!(
            "soak at {at} % for {}: error rate every {} ({judged})",
            crate::numbers::duration(wait),
            crate::numbers::duration(poll),
        ));
        let bar = ctx
            .printer
            .progress(wait.as_secs().max(1), &format!("soak at {at} %"));
        SoakView {
            at,
            wait,
            started: now,
            bar,
            last: None,
        }
    }

    /// How far into the soak `now` is.
    pub(super) fn elapsed(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.started)
    }

    /// One reading of the error rate (UNKNOWN when it cannot be had), said on stderr.
    pub(super) async fn read(&mut self, ctx: &Ctx) -> Figure {
        let printer = &ctx.printer;
        // From the configured source: the app's /api/error-metrics, or Prometheus.
        let rate = fetch::error_rate(ctx, Endpoint::ErrorMetrics).await.0;
        match &rate {
            Figure::Known(r) => {
                self.last = Some(*r);
                printer.verbose(format!("  error rate {} %", number(*r)));
            }
            Figure::Unknown(why) => printer.warn(format!("error rate unreadable: {why}")),
        }
        rate
    }

    /// Waits until `until` into the soak, refreshing the bar every second.
    pub(super) async fn wait(&self, clock: &impl Clock, until: Duration) {
        loop {
            let elapsed = self.elapsed(clock.now());
            if elapsed >= until {
                return;
            }
            self.show(elapsed);
            clock
                .sleep((until - elapsed).min(Duration::from_secs(1)))
                .await;
        }
    }

    fn show(&self, elapsed: Duration) {
        let left = self.wait.saturating_sub(elapsed);
        self.bar
            .set_position(elapsed.as_secs().min(self.wait.as_secs()));
        self.bar.set_message(format!(
            "soak at {} %: error rate {}, {} left",
            self.at,
            self.last
                .map(|r| format!("{} %", number(r)))
                .unwrap_or_else(|| "UNKNOWN".into()),
            // Rounded up: "0s left" only when it is over.
            crate::numbers::duration(Duration::from_secs(
                left.as_secs() + u64::from(left.subsec_nanos() > 0)
            ))
        ));
    }

    pub(super) fn finish(self) {
        self.bar.finish_and_clear();
    }
}
