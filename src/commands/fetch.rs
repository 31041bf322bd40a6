//! Reads shared by several commands, each turned into what the policy takes: the document or
//! a one-line reason it could not be had.

use futures::future::join_all;

use crate::api::Client;
use crate::commands::Ctx;
pub(crate) use crate::fsutil::sha256_hex;
use crate::output::Printer;
use crate::policy::check::{Check, Origin, kpi_check};
use crate::policy::clients::Clients;
use crate::policy::figure::{Figure, from_fetch};
use crate::policy::per_cohort::{self, CohortReading, Reading};
use crate::policy::thresholds::Kpi;
use crate::policy::validate::{Fetched, ServedWorker, script_version};
use crate::prometheus::{self, Answer, FigureSource, Measure, PromSettings};
use crate::vocab::Endpoint;

pub(crate) async fn json(client: &Client, printer: &Printer, ep: Endpoint) -> Fetched {
    printer.verbose(format!("GET {}", client.url(ep)));
    let r = client.get_json(ep).await.map_err(|e| e.to_string());
    if let Err(e) = &r {
        printer.verbose(format!("  failed: {e}"));
    }
    r
}

/// The served worker script as a browser fetches it (redirect mode "error"): version, hash,
/// headers, and the `Location` of a redirect instead of following it.
pub(crate) async fn worker(client: &Client, printer: &Printer, path: &str) -> ServedWorker {
    printer.verbose(format!("GET {path}"));
    let mut w = ServedWorker {
        path: path.to_string(),
        ..Default::default()
    };
    match client.get_as_browser(path, false).await {
        Ok(raw) if raw.status.is_redirection() => {
            let to = raw.header("location").unwrap_or("?");
            let to = crate::redact::text(to);
            w.error = Some(format!(
                "GET {path}: HTTP {} to {to} (browsers fetch a worker with redirect mode \
                 \"error\": not followed)",
                raw.status.as_u16()
            ));
            w.redirect = Some(to);
        }
        Ok(raw) => {
            let body = String::from_utf8_lossy(&raw.body).into_owned();
            w.version = script_version(&body);
            w.sha256 = Some(sha256_hex(&raw.body));
            let h = |n: &str| raw.header(n).map(String::from);
            w.etag = h("etag");
            w.last_modified = h("last-modified");
            w.content_type = h("content-type");
            w.cache_control = h("cache-control");
            w.service_worker_allowed = h("service-worker-allowed");
            w.script = Some(body);
        }
        Err(e) => w.error = Some(e.to_string()),
    }
    w
}

/// The checks of `kpis`, each figure read from the configured source (`[metrics] source`):
/// the app's endpoints (each read once), or one Prometheus query per KPI. Every check says
/// where its figure came from. Commands call this, never a source directly.
pub(crate) async fn kpi_checks(ctx: &Ctx, kpis: &[Kpi]) -> Vec<Check> {
    let thresholds = &ctx.settings.thresholds;
    kpi_figures(ctx, kpis)
        .await
        .into_iter()
        .map(|(k, fig, origin)| kpi_check(k, fig, thresholds).with_origin(&origin))
        .collect()
}

/// The figures of `kpis` on their thresholds' scale, and where each was read.
pub(crate) async fn kpi_figures(ctx: &Ctx, kpis: &[Kpi]) -> Vec<(Kpi, Figure, Origin)> {
    let (client, printer) = (&ctx.client, &ctx.printer);
    if let FigureSource::Prometheus(s) = &ctx.settings.figures {
        let measures: Vec<Measure> = kpis.iter().map(|&k| Measure::Kpi(k)).collect();
        let read = prometheus_figures(ctx, s, &measures).await;
        return kpis
            .iter()
            .zip(read)
            .map(|(&k, (fig, origin))| (k, fig, origin))
            .collect();
    }
    let mut endpoints: Vec<Endpoint> = Vec::new();
    for k in kpis {
        if !endpoints.contains(&k.def().endpoint) {
            endpoints.push(k.def().endpoint);
        }
    }
    let docs = join_all(endpoints.iter().map(|&ep| json(client, printer, ep))).await;
    kpis.iter()
        .map(|&k| {
            let def = k.def();
            let i = endpoints
                .iter()
                .position(|e| *e == def.endpoint)
                .unwrap_or(0);
            let fig = from_fetch(&docs[i], &client.label(def.endpoint), def.field, def.range)
                .scaled(def.scale);
            (k, fig, Origin::App)
        })
        .collect()
}

/// The error rate (percent): `error_rate` of the app's `ep` (`/api/error-metrics` or
/// `/api/error-details`), or the error-rate query.
pub(crate) async fn error_rate(ctx: &Ctx, ep: Endpoint) -> (Figure, Origin) {
    let (client, printer) = (&ctx.client, &ctx.printer);
    match &ctx.settings.figures {
        FigureSource::Prometheus(s) => prometheus_figures(ctx, s, &[Measure::ErrorRate])
            .await
            .pop()
            .unwrap_or((Figure::Unknown("no error-rate query".into()), Origin::App)),
        FigureSource::App => (
            crate::policy::validate::error_rate(
                &json(client, printer, ep).await,
                &client.label(ep),
            ),
            Origin::App,
        ),
    }
}

/// The error rate as a check against `max_error_rate`, saying where it was read.
pub(crate) async fn error_rate_check(ctx: &Ctx, ep: Endpoint) -> Check {
    let (fig, origin) = error_rate(ctx, ep).await;
    crate::policy::validate::error_rate_check(fig, &ctx.settings.thresholds).with_origin(&origin)
}

/// One instant query per measure, concurrently, each judged by the UNKNOWN rules. A query with
/// `$cohort` is run once per cohort in the same round, its figure the worse of the cohorts'
/// (`policy::per_cohort`).
async fn prometheus_figures(
    ctx: &Ctx,
    s: &PromSettings,
    measures: &[Measure],
) -> Vec<(Figure, Origin)> {
    let http = match prom_client(s) {
        Ok(h) => h,
        Err(e) => {
            return measures
                .iter()
                .map(|&m| {
                    let q = s.query_of(m).to_string();
                    (
                        Figure::Unknown(format!("Prometheus query `{q}`: {e}")),
                        Origin::Prometheus(q),
                    )
                })
                .collect();
        }
    };
    let (http, p) = (&http, &ctx.printer);
    // The flag says whether an empty cohort may be empty; read once, and only if one is.
    let exposure = tokio::sync::OnceCell::new();
    let exposure = &exposure;
    join_all(measures.iter().map(|&m| async move {
        let q = s.query_of(m);
        if q.contains(COHORT) {
            return per_cohort_figure(ctx, s, http, m, exposure).await;
        }
        let answer = instant(p, s, http, q).await;
        let fig = prometheus::judge(q, &answer, prometheus::now(), s.max_age, m.range());
        if let Figure::Unknown(why) = &fig {
            p.verbose(format!("  {why}"));
        }
        (fig, Origin::Prometheus(q.to_string()))
    }))
    .await
}

/// The placeholder of a query read once per cohort.
pub(crate) const COHORT: &str = "$cohort";

async fn instant(p: &Printer, s: &PromSettings, http: &reqwest::Client, q: &str) -> Answer {
    p.verbose(format!(
        "GET {}/api/v1/query {q}",
        crate::redact::url(&s.url).trim_end_matches('/')
    ));
    prometheus::query(http, s, q).await
}

/// A `$cohort` query run for each cohort concurrently: each cohort's figure (shown), and the
/// worse of them (judged).
async fn per_cohort_figure(
    ctx: &Ctx,
    s: &PromSettings,
    http: &reqwest::Client,
    m: Measure,
    exposure: &tokio::sync::OnceCell<Option<f64>>,
) -> (Figure, Origin) {
    let q = s.query_of(m);
    let g = &ctx.settings.gate;
    let names = [g.enhanced.as_str(), g.control.as_str()];
    let answers = join_all(names.iter().map(|name| async move {
        let cq = q.replace(COHORT, name);
        let answer = instant(&ctx.printer, s, http, &cq).await;
        match prometheus::nothing_in(&cq, &answer) {
            Some(why) => Reading::Empty(why),
            None => Reading::Read(prometheus::judge(
                &cq,
                &answer,
                prometheus::now(),
                s.max_age,
                m.range(),
            )),
        }
    }))
    .await;
    let exposure = if answers.iter().any(|r| matches!(r, Reading::Empty(_))) {
        *exposure.get_or_init(|| flag_exposure(ctx)).await
    } else {
        None
    };
    let readings: Vec<CohortReading<'_>> = names
        .iter()
        .zip(answers)
        .enumerate()
        .map(|(i, (name, reading))| CohortReading {
            name,
            reading,
            may_be_empty: per_cohort::may_be_empty(exposure, i == 0),
        })
        .collect();
    let fig = per_cohort::worse_of(m.better(), &readings);
    if let Figure::Unknown(why) = &fig {
        ctx.printer.verbose(format!("  {why}"));
    }
    let each = readings
        .into_iter()
        .map(|r| {
            let f = match r.reading {
                Reading::Read(f) => f,
                Reading::Empty(why) => Figure::Unknown(why),
            };
            (r.name.to_string(), f)
        })
        .collect();
    (fig, Origin::PerCohort(q.to_string(), each))
}

/// The flag's exposure (percent), `None` when it cannot be read: then no cohort may be empty.
async fn flag_exposure(ctx: &Ctx) -> Option<f64> {
    let doc = json(&ctx.client, &ctx.printer, Endpoint::FeatureFlags).await;
    let label = ctx.client.label(Endpoint::FeatureFlags);
    crate::policy::rollout::parse_flag(&doc, &label, &ctx.settings.rollout.flag)
        .ok()
        .map(|f| f.exposure())
}

/// One instant query's figure (at least zero), judged by the UNKNOWN rules: a count of a
/// cohort comparison.
pub(crate) async fn prometheus_count(p: &Printer, s: &PromSettings, q: &str) -> Figure {
    let http = match prom_client(s) {
        Ok(h) => h,
        Err(e) => return Figure::Unknown(format!("Prometheus query `{q}`: {e}")),
    };
    p.verbose(format!(
        "GET {}/api/v1/query {q}",
        crate::redact::url(&s.url).trim_end_matches('/')
    ));
    let answer = prometheus::query(&http, s, q).await;
    prometheus::judge(
        q,
        &answer,
        prometheus::now(),
        s.max_age,
        crate::policy::figure::Range::NonNegative,
    )
}

/// A range query's samples over the `window` ending now, a point every `step`, judged by the
/// UNKNOWN rules (`Err` the reason): a cohort's figures for a rank test.
pub(crate) async fn prometheus_samples(
    p: &Printer,
    s: &PromSettings,
    q: &str,
    range: crate::policy::figure::Range,
    window: std::time::Duration,
    step: std::time::Duration,
) -> Result<Vec<f64>, String> {
    let http = prom_client(s).map_err(|e| format!("Prometheus range query `{q}`: {e}"))?;
    let end = prometheus::now();
    p.verbose(format!(
        "GET {}/api/v1/query_range {q} (the last {})",
        crate::redact::url(&s.url).trim_end_matches('/'),
        crate::numbers::duration(window)
    ));
    let answer =
        prometheus::query_range(&http, s, q, (end - window.as_secs_f64(), end), step).await;
    let read = prometheus::judge_range(q, &answer, prometheus::now(), s.max_age, range);
    if let Err(why) = &read {
        p.verbose(format!("  {why}"));
    }
    read
}

/// One HTTP client per run for Prometheus (its settings do not change within a run).
fn prom_client(s: &PromSettings) -> Result<reqwest::Client, String> {
    static HTTP: std::sync::OnceLock<Result<reqwest::Client, String>> = std::sync::OnceLock::new();
    HTTP.get_or_init(|| prometheus::client(s)).clone()
}

/// As [`error_rate`], for a command that reads `ep` anyway for more than the rate (the top
/// errors): the app's figure comes from `doc`, already fetched, rather than a second request.
pub(crate) async fn error_rate_from(ctx: &Ctx, ep: Endpoint, doc: &Fetched) -> (Figure, Origin) {
    match &ctx.settings.figures {
        FigureSource::App => (
            crate::policy::validate::error_rate(doc, &ctx.client.label(ep)),
            Origin::App,
        ),
        FigureSource::Prometheus(_) => error_rate(ctx, ep).await,
    }
}

/// One KPI's figure, from the configured source.
pub(crate) async fn kpi_figure(ctx: &Ctx, kpi: Kpi) -> (Figure, Origin) {
    match kpi_figures(ctx, &[kpi]).await.pop() {
        Some((_, fig, origin)) => (fig, origin),
        None => (
            Figure::Unknown(format!("{}: not read", kpi.def().label)),
            Origin::App,
        ),
    }
}

/// What clients run, by version: the configured Prometheus query (`[metrics.prometheus.queries]
/// clients_by_version`) when there is one, else `clients_by_version` of `status` (the app's
/// `/api/sw-status`, already read). Returns where it was read (`app`, `prometheus`).
pub(crate) async fn clients(ctx: &Ctx, status: &Fetched) -> (Clients, &'static str) {
    if let FigureSource::Prometheus(s) = &ctx.settings.figures
        && let Some(q) = &s.clients_by_version
    {
        return (prometheus_clients(&ctx.printer, s, q).await, "prometheus");
    }
    let label = ctx.client.label(Endpoint::SwStatus);
    (
        crate::policy::clients::from_sw_status(status, &label),
        "app",
    )
}

/// [`clients`], reading `/api/sw-status` itself.
pub(crate) async fn clients_now(ctx: &Ctx) -> (Clients, &'static str) {
    let uses_app = !matches!(&ctx.settings.figures,
        FigureSource::Prometheus(s) if s.clients_by_version.is_some());
    let status = if uses_app {
        json(&ctx.client, &ctx.printer, Endpoint::SwStatus).await
    } else {
        Err("not read".into())
    };
    clients(ctx, &status).await
}

async fn prometheus_clients(p: &Printer, s: &PromSettings, q: &str) -> Clients {
    let http = match prom_client(s) {
        Ok(h) => h,
        Err(e) => return Clients::Unknown(format!("Prometheus query `{q}`: {e}")),
    };
    p.verbose(format!(
        "GET {}/api/v1/query {q}",
        crate::redact::url(&s.url).trim_end_matches('/')
    ));
    let answer = prometheus::query(&http, s, q).await;
    match prometheus::judge_by_label(q, &answer, prometheus::now(), s.max_age, "version") {
        Ok(figures) => crate::policy::clients::from_figures(figures),
        Err(why) => Clients::Unknown(why),
    }
}
