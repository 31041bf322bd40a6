//! The gate's comparison of the exposed cohort against the control group: the counts read
//! from the app (only the endpoints a configured comparison needs, concurrently) or from
//! Prometheus (`[metrics.prometheus.cohort_counts]`, each query per cohort), judged by
//! `policy::compare`, added to a report as checks (so they hold like any figure) and as one
//! line per KPI.

use futures::future::join_all;
use serde::Serialize;

use crate::commands::{Ctx, fetch};
use crate::numbers::number;
use crate::output::{Payload, Report, Section};
use crate::policy::check::Check;
use crate::policy::compare::{
    Cohort, CompareSpec, Comparison, DEFAULT_CONFIDENCE, DEFAULT_MIN_SAMPLES, Judgement, Measured,
    as_check, judge, signed_pct,
};
use crate::policy::thresholds::Kpi;
use crate::policy::whose_errors::{WhoseErrors, whose_errors as policy_whose_errors};
use crate::policy::{cohorts, validate::Fetched};
use crate::prometheus::{FigureSource, Measure, PromSettings};
use crate::settings::gate::{Compared, Comparing};
use crate::vocab::Endpoint;

/// Every configured comparison, judged on one round of reads.
pub(crate) async fn comparisons(ctx: &Ctx) -> Vec<Comparison> {
    let gate = &ctx.settings.gate;
    if gate.compare.is_empty() {
        return Vec::new();
    }
    if let FigureSource::Prometheus(s) = &ctx.settings.figures {
        return join_all(gate.compare.iter().map(|c| judge_prometheus(ctx, s, c))).await;
    }
    let (client, printer) = (&ctx.client, &ctx.printer);
    let wants = |f: fn(&Compared) -> bool| gate.compare.iter().any(|c| f(&c.what));
    let read = |ep: Endpoint, wanted: bool| async move {
        if wanted {
            fetch::json(client, printer, ep).await
        } else {
            Err(String::new())
        }
    };
    let (errors, caches) = tokio::join!(
        read(Endpoint::ErrorMetrics, wants(|w| *w == Compared::ErrorRate)),
        read(
            Endpoint::CacheMetrics,
            wants(|w| matches!(w, Compared::HitRate(_)))
        ),
    );
    gate.compare
        .iter()
        .map(|c| judge_app(ctx, c, &errors, &caches))
        .collect()
}

fn judge_app(ctx: &Ctx, c: &Comparing, errors: &Fetched, caches: &Fetched) -> Comparison {
    if let Compared::Sampled(_) = c.what {
        // Refused at load (a rank test reads Prometheus); kept inconclusive, never a pass.
        return missing(
            c,
            "a rank test needs [metrics] source = \"prometheus\"".into(),
        );
    }
    let g = &ctx.settings.gate;
    let label = |ep| ctx.client.label(ep);
    let read = |name: &str| match c.what {
        Compared::ErrorRate => {
            cohorts::errors(errors, &label(Endpoint::ErrorMetrics), name).map(Cohort::Counts)
        }
        Compared::HitRate(k) | Compared::Sampled(k) => {
            // "hit_rates.feed-cache.ratio": the cache is the middle part.
            let cache = k.def().field.split('.').nth(1).unwrap_or_default();
            cohorts::hits(caches, &label(Endpoint::CacheMetrics), name, cache).map(Cohort::Counts)
        }
    };
    judge(
        Measured {
            kpi: c.what.label(),
            unit: "%",
            scale: 100.0,
            enhanced: read(&g.enhanced),
            control: read(&g.control),
        },
        &c.spec,
        c.advisory,
    )
}

/// One comparison from Prometheus: `[metrics.prometheus.cohort_counts.KEY]`'s events and total
/// queries, run for each cohort (`$cohort` its name), the four concurrently.
async fn judge_prometheus(ctx: &Ctx, s: &PromSettings, c: &Comparing) -> Comparison {
    if let Compared::Sampled(k) = c.what {
        return judge_sampled(ctx, s, c, k).await;
    }
    let key = c.what.key();
    let Some((events, total)) = s.cohort_counts.get(key) else {
        return missing(
            c,
            format!("no [metrics.prometheus.cohort_counts.{key}] (events and total with $cohort)"),
        );
    };
    let g = &ctx.settings.gate;
    let counts = |name: &str| {
        let (e, t) = (
            events.replace("$cohort", name),
            total.replace("$cohort", name),
        );
        let at = format!("Prometheus, cohort `{name}`");
        async move {
            let (e, t) = tokio::join!(
                fetch::prometheus_count(&ctx.printer, s, &e),
                fetch::prometheus_count(&ctx.printer, s, &t),
            );
            cohorts::from_figures(&e, &t, &at).map(Cohort::Counts)
        }
    };
    let (enhanced, control) = tokio::join!(counts(&g.enhanced), counts(&g.control));
    judge(
        Measured {
            kpi: c.what.label(),
            unit: "%",
            scale: 100.0,
            enhanced,
            control,
        },
        &c.spec,
        c.advisory,
    )
}

/// A sampled KPI: its `$cohort` query's samples over `[analysis]`'s window (interval × count,
/// ending now, a point per interval), one range query per cohort, concurrently; ranked.
async fn judge_sampled(ctx: &Ctx, s: &PromSettings, c: &Comparing, k: Kpi) -> Comparison {
    let Some(a) = ctx.settings.analysis else {
        return missing(c, "no [analysis] window to sample".into());
    };
    let window = a.interval * a.count;
    let g = &ctx.settings.gate;
    let q = s.query_of(Measure::Kpi(k));
    let samples = |name: &str| {
        let cq = q.replace(fetch::COHORT, name);
        async move {
            let range = Measure::Kpi(k).range();
            fetch::prometheus_samples(&ctx.printer, s, &cq, range, window, a.interval)
                .await
                .map(Cohort::Samples)
        }
    };
    let (enhanced, control) = tokio::join!(samples(&g.enhanced), samples(&g.control));
    judge(
        Measured {
            kpi: c.what.label(),
            unit: k.def().unit,
            scale: 1.0,
            enhanced,
            control,
        },
        &c.spec,
        c.advisory,
    )
}

/// A comparison that could not be measured at all: inconclusive, saying why.
fn missing(c: &Comparing, why: String) -> Comparison {
    let unit = match c.what {
        Compared::Sampled(k) => k.def().unit,
        _ => "%",
    };
    judge(
        Measured {
            kpi: c.what.label(),
            unit,
            scale: 100.0,
            enhanced: Err(why.clone()),
            control: Err(why),
        },
        &c.spec,
        c.advisory,
    )
}

/// The comparisons into the report: a check each (what the gate judges) and the table.
pub(crate) fn add_to(report: &mut Report, found: &[Comparison], names: (&str, &str)) {
    if found.is_empty() {
        return;
    }
    report.checks.extend(found.iter().map(as_check));
    report.attach(&ComparisonReport {
        comparison: found,
        cohorts: names,
    });
}

/// Marks the checks of advisory KPIs: measured and shown, never holding.
pub(crate) fn mark_advisory(ctx: &Ctx, checks: &mut [Check]) {
    for c in checks {
        if ctx.settings.gate.is_advisory_label(&c.name) {
            *c = crate::policy::compare::advisory(std::mem::replace(
                c,
                Check::note("", crate::vocab::Severity::Ok, ""),
            ));
        }
    }
}

/// JSON `comparison` (one object per KPI); for people, one line per KPI.
#[derive(Serialize)]
struct ComparisonReport<'a> {
    comparison: &'a [Comparison],
    #[serde(skip)]
    cohorts: (&'a str, &'a str),
}

impl Payload for ComparisonReport<'_> {
    fn tables(&self) -> Vec<Section> {
        let (e, k) = self.cohorts;
        let header = row(["KPI", e, k, "change [CI]", "samples", "verdict"]);
        let rows = self.comparison.iter().map(|c| vec![line(c)]).collect();
        vec![Section {
            title: format!("Cohorts: {e} against {k}"),
            header: vec![header],
            rows,
        }]
    }
}

/// Fixed columns, so a KPI reads on one line of an 80-column terminal.
fn row(cells: [&str; 6]) -> String {
    let [kpi, e, k, change, n, verdict] = cells;
    format!("{kpi:<14} {e:>8} {k:>8}  {change:<18} {n:>8}  {verdict}")
        .trim_end()
        .to_string()
}

fn line(c: &Comparison) -> String {
    // A rate's figures to 2 decimals; a sampled figure's (a median of ms) to 1.
    let places = if c.unit == "%" { 100.0 } else { 10.0 };
    let figure = |v: Option<f64>| {
        v.map(|v| format!("{} {}", number((v * places).round() / places), c.unit))
            .unwrap_or_else(|| "—".into())
    };
    // A rate: the change with its interval. A rank test gives no interval: its p instead.
    let change = match (c.relative_change, c.interval, c.p_value) {
        (Some(r), Some((lo, hi)), _) => format!("{} [{},{}]", signed_pct(r), bare(lo), bare(hi)),
        (Some(r), None, Some(p)) => format!("{} (p {})", signed_pct(r), p_short(p)),
        (Some(r), None, None) => signed_pct(r),
        _ => "—".into(),
    };
    let n = c
        .samples
        .map(|(a, b)| format!("{}/{}", short(a), short(b)))
        .unwrap_or_else(|| "—".into());
    let verdict = match (c.verdict, c.advisory) {
        (Judgement::Pass, _) => "pass".to_string(),
        (Judgement::Fail, false) => "FAIL".into(),
        (Judgement::Inconclusive, false) => "INCONCLUSIVE".into(),
        (Judgement::Fail, true) => "fail (advisory)".into(),
        (Judgement::Inconclusive, true) => "inconclusive (advisory)".into(),
    };
    row([
        short_label(&c.kpi),
        &figure(c.enhanced),
        &figure(c.control),
        &change,
        &n,
        &verdict,
    ])
}

/// "0.003", "<0.001": a p-value in the change column's room.
fn p_short(p: f64) -> String {
    if p < 0.001 {
        "<0.001".into()
    } else {
        format!("{p:.3}")
    }
}

/// An interval's end without its % sign (the change beside it has one).
fn bare(f: f64) -> String {
    signed_pct(f).trim_end_matches('%').to_string()
}

/// "feed-cache hit rate" → "feed hits": the column is narrow.
fn short_label(label: &str) -> &str {
    match label {
        "feed-cache hit rate" => "feed hits",
        "community-cache hit rate" => "community hits",
        "marketplace-cache hit rate" => "market hits",
        "cache response time p95" => "cache p95",
        "network fallback p95" => "fallback p95",
        "sync queue processing p95" => "sync p95",
        other => other,
    }
}

/// 950, 10k, 1.2M.
fn short(n: u64) -> String {
    match n {
        0..10_000 => n.to_string(),
        10_000..1_000_000 => format!("{}k", n / 1000),
        _ => format!("{:.1}M", n as f64 / 1e6),
    }
}

/// Whose errors an incident's are, when the app reports its errors per cohort: the error
/// rate compared as `[kpi.error_rate]` says (else the defaults). `None` when it reports no
/// cohorts (or the read failed: the incident's own reads say so).
pub(crate) async fn whose_errors(ctx: &Ctx) -> Option<WhoseErrors> {
    let doc = fetch::json(&ctx.client, &ctx.printer, Endpoint::ErrorMetrics).await;
    doc.as_ref().ok()?.get("cohorts")?;
    let g = &ctx.settings.gate;
    let spec = g
        .compare
        .iter()
        .find(|c| c.what == Compared::ErrorRate)
        .map_or(
            CompareSpec {
                max_relative_change: Compared::ErrorRate.default_bound(),
                min_samples: DEFAULT_MIN_SAMPLES,
                confidence: DEFAULT_CONFIDENCE,
            },
            |c| c.spec,
        );
    let c = Comparing {
        what: Compared::ErrorRate,
        spec,
        advisory: false,
    };
    let judged = judge_app(ctx, &c, &doc, &Err(String::new()));
    Some(policy_whose_errors(&judged, (&g.enhanced, &g.control)))
}
