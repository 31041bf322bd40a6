//! The analysis executor: measures every `interval` until the outcome is decided (or a signal
//! arrives), judging each measurement with `policy::analysis`. What a measurement reads is the
//! caller's (a closure returning the gate's checks, read through `commands::fetch`, whichever
//! source serves the figures); time is tokio's, so tests run it on paused time.

use std::future::Future;
use std::time::{Duration, SystemTime};

use serde::Serialize;
use tokio::sync::watch;
use tokio::time::Instant;

use crate::output::{Payload, Report, Section};
use crate::policy::analysis::{
    AnalysisOutcome, AnalysisSettings, Judged, Judgement, judge, outcome,
};
use crate::policy::check::Check;
use crate::signals::signalled;

/// One measurement, as the report shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Measurement {
    /// 1-based.
    pub n: u32,
    /// Wall-clock time of the reading (RFC 3339).
    pub at: String,
    /// Since the run began.
    pub elapsed_ms: u64,
    #[serde(flatten)]
    pub judged: Judged,
}

/// A finished (or interrupted) run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct AnalysisRun {
    pub settings: AnalysisSettings,
    pub outcome: AnalysisOutcome,
    pub measurements: Vec<Measurement>,
    /// The signal that ended the run before it was decided (`outcome` is then `running`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<&'static str>,
}

impl AnalysisRun {
    /// The measurement that decided a failed or inconclusive run (its last).
    pub(crate) fn deciding(&self) -> Option<&Measurement> {
        self.measurements.last()
    }

    /// "analysis FAILED after 3 measurements: error rate CRITICAL 7 % (critical past 5 %)".
    pub(crate) fn summary(&self) -> String {
        let n = self.measurements.len();
        let mut s = format!(
            "analysis {} after {n} measurement{}",
            self.outcome.label(),
            if n == 1 { "" } else { "s" }
        );
        if let Some(sig) = self.interrupted {
            s = format!("analysis interrupted by {sig} after {n} measurement(s)");
        }
        if self.outcome != AnalysisOutcome::Passed
            && let Some(why) = self.deciding().and_then(|m| m.judged.decided_by.as_deref())
        {
            s.push_str(&format!(": {why}"));
        }
        s
    }

    /// A check of the whole run: OK when passed, CRITICAL when failed, UNKNOWN otherwise.
    pub(crate) fn check(&self, name: &str) -> Check {
        Check::note(name, self.outcome.status(), self.summary())
    }

    /// The measurements as a table.
    pub(crate) fn section(&self, title: String) -> Section {
        Section {
            title,
            header: vec![
                "#".into(),
                "Time".into(),
                "Judgement".into(),
                "Decided by".into(),
            ],
            rows: self
                .measurements
                .iter()
                .map(|m| {
                    vec![
                        m.n.to_string(),
                        m.at.clone(),
                        m.judged.verdict.label().into(),
                        m.judged
                            .decided_by
                            .clone()
                            .unwrap_or_else(|| "every figure within its target".into()),
                    ]
                })
                .collect(),
        }
    }

    /// Adds the run to a report: data `analysis`, the table, and the run's check.
    pub(crate) fn add_to(&self, report: &mut Report, title: String) {
        report.attach(&AnalysisReport {
            analysis: self,
            title,
        });
        report.checks.push(self.check("analysis"));
    }
}

/// A run in a report: JSON `analysis`, the measurements table under `title`.
#[derive(Serialize)]
struct AnalysisReport<'a> {
    analysis: &'a AnalysisRun,
    #[serde(skip)]
    title: String,
}

impl Payload for AnalysisReport<'_> {
    fn tables(&self) -> Vec<Section> {
        vec![self.analysis.section(self.title.clone())]
    }
}

/// Measures every `settings.interval` (the first at once) until the outcome is decided or a signal
/// arrives on `stop`. `on_measure` is told of each measurement (progress lines).
pub(crate) async fn run<M, Fut>(
    settings: &AnalysisSettings,
    mut measure: M,
    stop: &mut watch::Receiver<Option<&'static str>>,
    mut on_measure: impl FnMut(&Measurement, &AnalysisSettings),
) -> AnalysisRun
where
    M: FnMut() -> Fut,
    Fut: Future<Output = Vec<Check>>,
{
    let started = Instant::now();
    let mut measurements: Vec<Measurement> = Vec::new();
    let mut verdicts: Vec<Judgement> = Vec::new();
    let mut next = started;
    loop {
        tokio::select! {
            _ = tokio::time::sleep_until(next) => {}
            sig = signalled(stop) => return interrupted(settings, measurements, verdicts, sig),
        }
        let checks = tokio::select! {
            checks = measure() => checks,
            sig = signalled(stop) => return interrupted(settings, measurements, verdicts, sig),
        };
        let judged = judge(&checks);
        verdicts.push(judged.verdict);
        let m = Measurement {
            n: measurements.len() as u32 + 1,
            at: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
            elapsed_ms: started.elapsed().as_millis() as u64,
            judged,
        };
        on_measure(&m, settings);
        measurements.push(m);
        let o = outcome(settings, &verdicts);
        if o != AnalysisOutcome::Running {
            return AnalysisRun {
                settings: *settings,
                outcome: o,
                measurements,
                interrupted: None,
            };
        }
        // Measurements keep their pace even when one read was slow; a read slower than the
        // interval is followed at once by the next.
        next += settings.interval.max(Duration::from_millis(1));
        if next < Instant::now() {
            next = Instant::now();
        }
    }
}

fn interrupted(
    settings: &AnalysisSettings,
    measurements: Vec<Measurement>,
    verdicts: Vec<Judgement>,
    sig: &'static str,
) -> AnalysisRun {
    let o = outcome(settings, &verdicts);
    AnalysisRun {
        settings: *settings,
        // Undecided when stopped: never "passed" for having been cut short.
        outcome: if o == AnalysisOutcome::Passed {
            o
        } else {
            AnalysisOutcome::Running
        },
        measurements,
        interrupted: Some(sig),
    }
}

/// A progress line for one measurement, on stderr.
pub(crate) fn progress_line(m: &Measurement, settings: &AnalysisSettings, what: &str) -> String {
    format!(
        "analysis{what}: measurement {}/{} {}{}",
        m.n,
        settings.count,
        m.judged.verdict.label(),
        m.judged
            .decided_by
            .as_deref()
            .map(|d| format!(" — {d}"))
            .unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::vocab::Severity;

    fn settings(count: u32, failure_limit: u32, inconclusive_limit: u32) -> AnalysisSettings {
        AnalysisSettings {
            interval: Duration::from_secs(60),
            count,
            failure_limit,
            inconclusive_limit,
        }
    }

    /// A measurement that returns the scripted statuses in turn (one check each), recording
    /// when (on tokio's clock) it was taken.
    type Times = Arc<Mutex<Vec<Duration>>>;

    fn scripted(script: Vec<Severity>) -> (impl FnMut() -> std::future::Ready<Vec<Check>>, Times) {
        let times = Arc::new(Mutex::new(Vec::new()));
        let t = times.clone();
        let start = Instant::now();
        let mut i = 0;
        let f = move || {
            t.lock().unwrap().push(start.elapsed());
            let status = script[i.min(script.len() - 1)];
            i += 1;
            std::future::ready(vec![Check::note("error rate", status, "scripted")])
        };
        (f, times)
    }

    #[tokio::test(start_paused = true)]
    async fn passes_after_count_measurements_an_interval_apart() {
        let (m, times) = scripted(vec![Severity::Ok]);
        let (_tx, mut rx) = watch::channel(None);
        let run = run(&settings(3, 0, 0), m, &mut rx, |_, _| {}).await;
        assert_eq!(run.outcome, AnalysisOutcome::Passed);
        assert_eq!(run.measurements.len(), 3);
        assert_eq!(
            *times.lock().unwrap(),
            vec![
                Duration::ZERO,
                Duration::from_secs(60),
                Duration::from_secs(120)
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn fails_as_soon_as_failures_pass_the_limit() {
        let (m, _) = scripted(vec![
            Severity::Ok,
            Severity::Critical,
            Severity::Warning,
            Severity::Ok,
        ]);
        let (_tx, mut rx) = watch::channel(None);
        let run = run(&settings(10, 1, 0), m, &mut rx, |_, _| {}).await;
        assert_eq!(run.outcome, AnalysisOutcome::Failed);
        assert_eq!(run.measurements.len(), 3);
        assert!(
            run.summary().contains("error rate WARNING"),
            "{}",
            run.summary()
        );
        assert_eq!(run.check("analysis").status, Severity::Critical);
    }

    #[tokio::test(start_paused = true)]
    async fn unknown_figures_make_it_inconclusive() {
        let (m, _) = scripted(vec![Severity::Ok, Severity::Unknown, Severity::Unknown]);
        let (_tx, mut rx) = watch::channel(None);
        let run = run(&settings(5, 0, 1), m, &mut rx, |_, _| {}).await;
        assert_eq!(run.outcome, AnalysisOutcome::Inconclusive);
        assert_eq!(run.measurements.len(), 3);
        assert_eq!(run.check("analysis").status, Severity::Unknown);
    }

    #[tokio::test(start_paused = true)]
    async fn a_signal_ends_it_undecided() {
        let (m, _) = scripted(vec![Severity::Ok]);
        let (tx, mut rx) = watch::channel(None);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(90)).await;
            tx.send(Some("SIGINT")).unwrap();
            // Kept alive until the run has seen it.
            tokio::time::sleep(Duration::from_secs(3600)).await;
        });
        let run = run(&settings(5, 0, 0), m, &mut rx, |_, _| {}).await;
        assert_eq!(run.outcome, AnalysisOutcome::Running);
        assert_eq!(run.interrupted, Some("SIGINT"));
        assert_eq!(run.measurements.len(), 2);
        assert_ne!(run.check("analysis").status, Severity::Ok);
    }
}
