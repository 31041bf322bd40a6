//! `incident storage-quota` (incident-storage-quota.sh) and `incident error-rate`
//! (incident-high-error-rate.sh): assess, decide by the matrix, act through the act layer,
//! verify, and say what was done and what to watch next. Each runbook is a short driver over
//! one function per stage; `policy::incident` decides.

use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Value, json};

use crate::commands::rollback::{self, Timeline};
use crate::commands::{Ctx, cohort, fetch};
use crate::output::render::{number, path_of};
use crate::output::{Action, Outcome, Payload, Report, Section};
use crate::policy::check::{Origin, kpi_check};
use crate::policy::figure::{Figure, Range, extract, from_fetch, keys};
use crate::policy::incident::{
    self as incident, ErrorRateDecision, StorageVerdict, decide_error_rate, storage_verdict,
};
use crate::policy::plan::Plan;
use crate::policy::rollout::{FlagState, parse_flag};
use crate::policy::thresholds::Kpi;
use crate::policy::whose_errors::WhoseErrors;
use crate::vocab::Endpoint;

pub(crate) async fn storage_quota(ctx: &Ctx) -> anyhow::Result<Report> {
    ctx.require_token("incident storage-quota")?;
    let mut report = ctx.report("incident storage-quota");
    let (before, origin) = assess_storage(ctx, &mut report).await;
    let plan = decide_storage(ctx, &mut report, &before, &origin);
    let Some(start) = before.value().filter(|_| !plan.is_empty()) else {
        return Ok(report);
    };
    let actor = ctx.actor();
    if let Err(why) = actor.confirm_plan(&plan) {
        report.actions.extend(actor.declined_plan(&plan, &why));
        return Ok(report);
    }
    let Some(watched) = clean_up(ctx, &mut report, &plan).await else {
        report
            .notes
            .push("dry run: nothing was sent, so there is no recovery to watch".into());
        return Ok(report);
    };
    let verdict = verify_storage(ctx, &mut report, start, &watched);
    storage_next(&mut report, &verdict, &watched);
    report.attach(&StorageResult { verdict: &verdict });
    Ok(report)
}

/// Assess: storage as read before anything is done (JSON `assessment.storage_percent`), and
/// where it was read.
async fn assess_storage(ctx: &Ctx, report: &mut Report) -> (Figure, Origin) {
    let (before, origin) = fetch::kpi_figure(ctx, Kpi::StorageUtilization).await;
    report.attach(&StorageAssessment {
        assessment: StoragePercent {
            storage_percent: &before,
        },
    });
    (before, origin)
}

/// Decide: the matrix's plan for that reading (its one check is the storage figure's, read
/// from `origin`).
fn decide_storage(ctx: &Ctx, report: &mut Report, before: &Figure, origin: &Origin) -> Plan {
    let inc = &ctx.settings.incident;
    let plan = incident::storage_plan(
        before,
        &ctx.settings.thresholds,
        &inc.cache_limits,
        &ctx.settings.env_label(),
        ctx.client.base_url().as_str(),
    );
    report
        .checks
        .extend(plan.checks.iter().cloned().map(|c| c.with_origin(origin)));
    report.notes.extend(plan.notes.iter().cloned());
    plan
}

/// Act: the cleanup and the limits go out together; the breakdown, the largest entries and the
/// recovery watch read what they left, beside the limits' read-back. `None` on a dry run:
/// nothing was sent, so there is no recovery to watch.
async fn clean_up(ctx: &Ctx, report: &mut Report, plan: &Plan) -> Option<Watch> {
    let (client, printer) = (&ctx.client, &ctx.printer);
    let inc = &ctx.settings.incident;
    let limit = inc.large_entries_limit;
    let after_writes = async {
        tokio::join!(
            fetch::json(client, printer, Endpoint::StorageBreakdown),
            async {
                client
                    .get_json_query(Endpoint::LargeCacheEntries, &[("limit", limit.to_string())])
                    .await
                    .map_err(|e| e.to_string())
            },
            async {
                if ctx.settings.dry_run {
                    None
                } else {
                    Some(watch_storage(ctx, inc.recovery_wait, inc.poll_interval).await)
                }
            },
        )
    };
    let (actions, (breakdown, large, watched)) =
        ctx.actor().execute(&plan.writes, after_writes).await;
    report.actions.extend(actions);
    add_breakdown(
        report,
        &breakdown,
        &client.label(Endpoint::StorageBreakdown),
    );
    add_large_entries(report, &large, &client.label(Endpoint::LargeCacheEntries));
    watched
}

/// Verify: storage read again after the cleanup, against where it started. The reading
/// before decided what to do; this one says whether anything is left to do.
fn verify_storage(ctx: &Ctx, report: &mut Report, start: f64, watched: &Watch) -> StorageVerdict {
    let thresholds = &ctx.settings.thresholds;
    let (after, interrupted) = watched.reading();
    let verdict = storage_verdict(start, after, thresholds);
    let mut after_check = kpi_check(Kpi::StorageUtilization, after.clone(), thresholds);
    after_check.name = "storage utilization (after)".into();
    report.checks.push(after_check);
    report
        .superseded
        .push("storage utilization (before)".into());
    if interrupted {
        report.stopped = Some("interrupted during the recovery watch; the actions above were sent, recovery was not confirmed".into());
    } else if verdict.below_critical == Some(false) {
        // The actions were sent and accepted, but reading storage back shows they did not help.
        let wait = ctx.settings.incident.recovery_wait;
        report.actions.push(Action {
            name: format!("recovery watch ({})", crate::numbers::duration(wait)),
            method: "GET".into(),
            url: ctx.client.url(Endpoint::CacheMetrics),
            body: None,
            outcome: Outcome::Failed,
            detail: Some(verdict.summary.clone()),
            // Not interrupted: the watch ran its whole length.
            duration_ms: wait.as_millis() as u64,
            response: None,
        });
    }
    verdict
}

/// Report: the verdict, and what to watch or do next.
fn storage_next(report: &mut Report, verdict: &StorageVerdict, watched: &Watch) {
    let (after, interrupted) = watched.reading();
    report.notes.push(format!("verdict: {}", verdict.summary));
    let still = after
        .value()
        .map(|v| format!("{} %", number(v)))
        .unwrap_or_else(|| "UNKNOWN".into());
    report.notes.push(match (interrupted, verdict.below_target, verdict.below_critical) {
        (true, _, _) => "check storage now with `swcache maintain daily`; the recovery was not watched to its end".into(),
        (false, Some(true), _) => "watch next: storage utilization and the largest caches over the next hour; if it climbs again, lower [incident.cache_limits] further".into(),
        (false, Some(false), Some(true)) => format!("storage still {still}, above its target: run `swcache incident storage-quota` again in a few minutes; if it does not fall, lower [incident.cache_limits] and escalate"),
        _ => format!("escalate: storage still {still} — the cleanup and the limits did not bring it below critical; find what is filling the cache (largest entries above)"),
    });
}

/// Storage as read before anything was done (JSON `assessment`).
#[derive(Serialize)]
struct StorageAssessment<'a> {
    assessment: StoragePercent<'a>,
}

#[derive(Serialize)]
struct StoragePercent<'a> {
    storage_percent: &'a Figure,
}

impl Payload for StorageAssessment<'_> {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

/// Whether the cleanup brought storage back (JSON `verdict`; its summary is a note).
#[derive(Serialize)]
struct StorageResult<'a> {
    verdict: &'a StorageVerdict,
}

impl Payload for StorageResult<'_> {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

enum Watch {
    Done(Figure),
    Interrupted(Figure),
}

impl Watch {
    /// The last figure read, and whether a signal cut the watch short.
    fn reading(&self) -> (&Figure, bool) {
        match self {
            Watch::Done(f) => (f, false),
            Watch::Interrupted(f) => (f, true),
        }
    }
}

/// Polls storage until it is back within the target or `wait` has passed; the last figure read.
async fn watch_storage(ctx: &Ctx, wait: Duration, every: Duration) -> Watch {
    let printer = &ctx.printer;
    let thresholds = &ctx.settings.thresholds;
    let target = thresholds.band(Kpi::StorageUtilization).target;
    let bar = printer.progress(wait.as_secs().max(1), "watching storage recover");
    let started = Instant::now();
    // A signal ends the watch with a report: the actions above are already sent and recorded.
    let _hold = ctx
        .cancel
        .hold("the actions were sent; check storage with `swcache maintain daily`");
    let mut stop = ctx.cancel.subscribe();
    let mut last;
    loop {
        last = fetch::kpi_figure(ctx, Kpi::StorageUtilization).await.0;
        bar.set_position(started.elapsed().as_secs());
        bar.set_message(format!(
            "watching storage recover: {}",
            last.value()
                .map(|v| format!("{} %", number(v)))
                .unwrap_or_else(|| "UNKNOWN".into())
        ));
        if last.value().is_some_and(|v| v <= target) || started.elapsed() >= wait {
            break;
        }
        let nap = every.min(wait.saturating_sub(started.elapsed()));
        tokio::select! {
            _ = tokio::time::sleep(nap) => {}
            _ = crate::signals::signalled(&mut stop) => {
                bar.finish_and_clear();
                return Watch::Interrupted(last);
            }
        }
    }
    bar.finish_and_clear();
    Watch::Done(last)
}

use crate::numbers::bytes;

fn add_breakdown(report: &mut Report, doc: &Result<Value, String>, label: &str) {
    if let Err(e) = doc {
        report
            .notes
            .push(format!("storage breakdown unavailable: {e}"));
    }
    report.attach(&Breakdown {
        storage_breakdown: doc.as_ref().ok(),
        label,
    });
}

/// Storage by cache after the cleanup, as the app answered (JSON `storage_breakdown`).
#[derive(Serialize)]
struct Breakdown<'a> {
    storage_breakdown: Option<&'a Value>,
    #[serde(skip)]
    label: &'a str,
}

impl Payload for Breakdown<'_> {
    fn tables(&self) -> Vec<Section> {
        let doc = self.storage_breakdown.cloned().ok_or_else(String::new);
        let show =
            |v: Figure, f: fn(f64) -> String| v.value().map(f).unwrap_or_else(|| "UNKNOWN".into());
        let field = |c: &str, f: &str| {
            from_fetch(
                &doc,
                self.label,
                &format!("caches.{c}.{f}"),
                Range::NonNegative,
            )
        };
        vec![Section {
            title: "Storage by cache (after the cleanup)".into(),
            header: vec!["Cache".into(), "Size".into(), "Entries".into()],
            rows: keys(&doc, "caches")
                .iter()
                .map(|c| {
                    vec![
                        c.clone(),
                        show(field(c, "bytes"), bytes),
                        show(field(c, "entries"), number),
                    ]
                })
                .collect(),
        }]
    }
}

fn add_large_entries(report: &mut Report, doc: &Result<Value, String>, label: &str) {
    let entries: Vec<Value> = doc
        .as_ref()
        .ok()
        .and_then(|d| d.get("entries"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if let Err(e) = doc {
        report
            .notes
            .push(format!("largest entries unavailable: {e}"));
    }
    report.attach(&LargeEntries {
        large_entries: entries,
        label,
    });
}

/// The largest cache entries as the app listed them (JSON `large_entries`).
#[derive(Serialize)]
struct LargeEntries<'a> {
    large_entries: Vec<Value>,
    #[serde(skip)]
    label: &'a str,
}

impl Payload for LargeEntries<'_> {
    fn tables(&self) -> Vec<Section> {
        let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("?").to_string();
        vec![Section {
            title: "Largest entries".into(),
            header: vec!["Cache".into(), "Path".into(), "Size".into()],
            rows: self
                .large_entries
                .iter()
                .map(|e| {
                    vec![
                        text(e.get("cache")),
                        path_of(&text(e.get("url"))).to_string(),
                        extract(e, self.label, "bytes", Range::NonNegative)
                            .value()
                            .map(bytes)
                            .unwrap_or_else(|| "UNKNOWN".into()),
                    ]
                })
                .collect(),
        }]
    }
}

pub(crate) async fn error_rate(ctx: &Ctx) -> anyhow::Result<Report> {
    // No token check up front: the error rate and the diagnostics need none, so they are shown
    // whatever the token; what the token would allow (reading the flag, acting) is said below.
    let mut report = ctx.report("incident error-rate");
    let read = assess_errors(ctx, &mut report).await;
    let (decision, plan, evidence) = decide_errors(ctx, &mut report, &read);
    if let Some(why) = &read.cannot_act {
        unable_to_act(&mut report, &decision, why);
        return Ok(report);
    }
    let acted = act_on_errors(ctx, &mut report, &decision, plan, evidence).await;
    errors_next(ctx, &mut report, &read.rate, acted);
    Ok(report)
}

/// What the error-rate decision rests on, as read.
struct ErrorReading {
    details: Result<Value, String>,
    sw: Result<Value, String>,
    diagnostics: Result<Value, String>,
    flag: Result<FlagState, String>,
    whose: Option<WhoseErrors>,
    /// Why the token cannot be used, when that is why the flag could not be read.
    cannot_act: Option<String>,
    /// The rate the decision acts on (over `[analysis]`'s window, when configured), and where
    /// it was read.
    rate: Figure,
    origin: Origin,
}

/// Assess: with `[analysis]`, the error rate over the window first (the decision rests on
/// it); then the details, the worker, the diagnostics, the flag and whose errors they are.
async fn assess_errors(ctx: &Ctx, report: &mut Report) -> ErrorReading {
    let (client, printer) = (&ctx.client, &ctx.printer);
    let window = match ctx.settings.analysis {
        Some(settings) => Some(error_rate_window(ctx, report, settings).await),
        None => None,
    };
    let (details, sw, diagnostics, flag_doc, whose) = tokio::join!(
        fetch::json(client, printer, Endpoint::ErrorDetails),
        fetch::json(client, printer, Endpoint::SwStatus),
        fetch::json(client, printer, Endpoint::CacheDiagnostics),
        client.get_json(Endpoint::FeatureFlags),
        cohort::whose_errors(ctx),
    );
    let cannot_act = flag_doc.as_ref().err().and_then(token_refused);
    let flag_doc = flag_doc.map_err(|e| e.to_string());
    let (rate, origin) = fetch::error_rate_from(ctx, Endpoint::ErrorDetails, &details).await;
    let flag = parse_flag(
        &flag_doc,
        &client.label(Endpoint::FeatureFlags),
        &ctx.settings.rollout.flag,
    );
    ErrorReading {
        details,
        sw,
        diagnostics,
        flag,
        whose,
        cannot_act,
        rate: window.unwrap_or(rate),
        origin,
    }
}

/// Decide: the matrix's decision and plan, in the report with what they rest on; and the
/// assessment as short lines, for the question before any action.
fn decide_errors(
    ctx: &Ctx,
    report: &mut Report,
    read: &ErrorReading,
) -> (ErrorRateDecision, Plan, Vec<String>) {
    let thresholds = &ctx.settings.thresholds;
    let flag_name = ctx.settings.rollout.flag.as_str();
    let decision = decide_error_rate(&read.rate, &read.flag, thresholds);
    let plan = incident::error_rate_plan(
        &decision,
        &read.rate,
        thresholds,
        flag_name,
        &ctx.settings.env_label(),
        ctx.client.base_url().as_str(),
    );
    // The plan's first check is the error rate's, read from `origin`.
    report
        .checks
        .extend(plan.checks.iter().cloned().enumerate().map(|(i, c)| {
            if i == 0 {
                c.with_origin(&read.origin)
            } else {
                c
            }
        }));
    add_assessment(
        report,
        &read.details,
        &read.sw,
        &read.diagnostics,
        &read.flag,
        &ctx.client.label(Endpoint::ErrorDetails),
    );
    report.attach(&DecisionReport {
        decision: &decision,
        whose_errors: read.whose.as_ref(),
    });
    report.notes.extend(plan.notes.iter().cloned());
    let mut evidence = error_evidence(
        &read.rate,
        &read.details,
        &read.diagnostics,
        &read.flag,
        thresholds,
        flag_name,
    );
    if let Some(w) = &read.whose {
        // Whose errors: the exposed cohort's (the flag helps) or everyone's (it does not).
        report.notes.push(w.line.clone());
        evidence.push(w.line.clone());
    }
    (decision, plan, evidence)
}

/// The decision (JSON `decision`) and, when the app reports cohorts, whose errors they are
/// (JSON `whose_errors`, absent otherwise; its line is a note).
#[derive(Serialize)]
struct DecisionReport<'a> {
    decision: &'a ErrorRateDecision,
    #[serde(skip_serializing_if = "Option::is_none")]
    whose_errors: Option<&'a WhoseErrors>,
}

impl Payload for DecisionReport<'_> {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

/// How an action on the error rate went: its outcome, what happened, and what it was for.
struct Acted {
    outcome: Outcome,
    happened: String,
    what: &'static str,
}

/// Act: as decided, asked first with the evidence. `None` when nothing was to be done.
async fn act_on_errors(
    ctx: &Ctx,
    report: &mut Report,
    decision: &ErrorRateDecision,
    plan: Plan,
    evidence: Vec<String>,
) -> Option<Acted> {
    match decision {
        ErrorRateDecision::Nothing { .. } | ErrorRateDecision::Hold { .. } => None,
        ErrorRateDecision::Unknown { .. } => {
            report.notes.push(format!(
                "check by hand: {} (error_rate) and {} before changing anything",
                ctx.client.url(Endpoint::ErrorDetails),
                ctx.client.url(Endpoint::FeatureFlags)
            ));
            None
        }
        ErrorRateDecision::Reduce { from, to, .. } => {
            Some(cut_rollout(ctx, report, plan, evidence, (*from, *to)).await)
        }
        ErrorRateDecision::EmergencyRollback { .. } => {
            Some(emergency_rollback(ctx, report, evidence).await)
        }
    }
}

/// The rollout cut from `from` to `to` %.
async fn cut_rollout(
    ctx: &Ctx,
    report: &mut Report,
    mut plan: Plan,
    evidence: Vec<String>,
    (from, to): (f64, f64),
) -> Acted {
    if let Some(confirm) = &mut plan.confirm {
        confirm.evidence = evidence;
    }
    let actor = ctx.actor();
    let actions = match actor.confirm_plan(&plan) {
        Err(why) => actor.declined_plan(&plan, &why),
        Ok(()) => {
            report.handling();
            actor.execute(&plan.writes, async {}).await.0
        }
    };
    let outcome = worst(&actions);
    let happened = match outcome {
        Outcome::Declined => actions
            .first()
            .and_then(|a| a.detail.clone())
            .unwrap_or_default(),
        _ => format!(
            "the rollout was cut from {} % to {} %",
            number(from),
            number(to)
        ),
    };
    report.actions.extend(actions);
    Acted {
        outcome,
        happened,
        what: "cut the rollout",
    }
}

/// The emergency rollback, asked with the evidence before its own plan.
async fn emergency_rollback(ctx: &Ctx, report: &mut Report, evidence: Vec<String>) -> Acted {
    let what = "run the emergency rollback";
    let mut emergency = rollback::emergency::plan(ctx);
    if let Some(confirm) = &mut emergency.confirm {
        let heading = std::mem::take(&mut confirm.evidence);
        confirm.evidence = evidence;
        confirm.evidence.extend(heading);
    }
    if let Err(why) = ctx.actor().confirm_plan(&emergency) {
        report.stopped = Some(why.clone());
        return Acted {
            outcome: Outcome::Declined,
            happened: why,
            what,
        };
    }
    let mut timeline = Timeline::default();
    rollback::emergency::execute_plan(ctx, &emergency, report, &mut timeline).await;
    timeline.into_report(report);
    // A step that did not run (not configured, interrupted) stops the rollback short: it is
    // not "done" then, whatever the writes did.
    let failed =
        report.actions.iter().any(|a| a.outcome == Outcome::Failed) || report.stopped.is_some();
    Acted {
        outcome: if failed {
            Outcome::Failed
        } else {
            Outcome::Done
        },
        // Its action lines and the verdict say what was done: no note says it again.
        happened: String::new(),
        what,
    }
}

/// Report: what to do now follows what happened.
fn errors_next(ctx: &Ctx, report: &mut Report, rate: &Figure, acted: Option<Acted>) {
    let watch = "watch next: the error rate for 15 min (`swcache incident error-rate` again)";
    if ctx.settings.dry_run {
        report.notes.push("dry run: nothing was sent".into());
        return;
    }
    let Some(Acted {
        outcome,
        happened,
        what,
    }) = acted
    else {
        report.notes.push(watch.into());
        return;
    };
    match outcome {
        Outcome::Done => {
            if !happened.is_empty() {
                report.notes.push(format!("done: {happened}"));
            }
            report.notes.push(watch.into());
        }
        Outcome::Declined if happened.contains("no terminal") => report.notes.push(format!(
            "nothing was changed: to {what}, run again with --yes (or from a terminal)"
        )),
        Outcome::Declined => report.notes.push(format!(
            "nothing was changed (declined): the error rate is still {}; run again to {what}, or `swcache rollback emergency` if it climbs",
            rate.value()
                .map(|r| format!("{} %", number(r)))
                .unwrap_or_else(|| "UNKNOWN".into())
        )),
        _ => report.notes.push(format!(
            "the attempt to {what} did NOT complete (see the actions above): check the flag with `swcache rollout status`; if the error rate is still high, run `swcache rollback emergency`"
        )),
    }
}

/// Why the admin token cannot be used, when that is why the flag could not be read: none was
/// configured (nothing was sent) or the app refused it (401/403).
fn token_refused(e: &crate::api::ApiError) -> Option<String> {
    use crate::api::ApiError;
    match e {
        ApiError::NoToken { .. } => Some(
            "no admin token is configured (set SWCACHE_TOKEN or ADMIN_TOKEN, or use --token-file or token_file in the config)".into(),
        ),
        ApiError::Status { status, .. } if matches!(status, 401 | 403) => Some(format!(
            "the app rejected the admin token (HTTP {status}): check the token file or SWCACHE_TOKEN"
        )),
        _ => None,
    }
}

/// The assessment stands (it needs no token); the command says it cannot act and why, and
/// never ends OK: an incident it could not handle is left to a person (3, or 5 when the
/// figures called for an action it could not take).
fn unable_to_act(report: &mut Report, decision: &ErrorRateDecision, why: &str) {
    use crate::policy::check::Check;
    use crate::vocab::Severity;
    report.checks.push(Check::note(
        "admin token",
        Severity::Unknown,
        format!("cannot act: {why}; the flag was not read and nothing was sent"),
    ));
    let needed = match decision {
        ErrorRateDecision::Reduce { .. } => Some("cut the rollout"),
        ErrorRateDecision::EmergencyRollback { .. } => Some("run the emergency rollback"),
        _ => None,
    };
    match needed {
        Some(what) => {
            report.stopped = Some(format!(
                "the error rate calls for action ({what}), but swcache cannot act: {why}"
            ));
            report.notes.push(format!(
                "fix the token and run again, or {what} by hand now (`swcache rollback emergency` once the token works)"
            ));
        }
        None => report.notes.push(format!(
            "the assessment above is what could be read without the token; to act on it (and read the flag), fix the token: {why}"
        )),
    }
}

/// The error rate measured over `[analysis]`'s window, each reading judged against the
/// emergency rollback's threshold; the run goes into the report. Returns the reading the
/// decision acts on: the failing one when the window failed, the last within the line when it
/// passed, UNKNOWN (saying why) when it was inconclusive or cut short — so nothing is written.
async fn error_rate_window(
    ctx: &Ctx,
    report: &mut Report,
    settings: crate::policy::analysis::AnalysisSettings,
) -> Figure {
    use crate::policy::error_window;
    use crate::policy::thresholds::Limit;
    let critical = ctx
        .settings
        .thresholds
        .limit(Limit::IncidentRollbackErrorRate);
    let readings = std::sync::Mutex::new(Vec::new());
    let readings_ref = &readings;
    let mut stop = ctx.cancel.subscribe();
    let run = crate::commands::analysis::run(
        &settings,
        move || async move {
            let (rate, _) = fetch::error_rate(ctx, Endpoint::ErrorDetails).await;
            let check = error_window::check(&rate, critical);
            if let Ok(mut all) = readings_ref.lock() {
                all.push(rate);
            }
            vec![check]
        },
        &mut stop,
        |m, s| {
            ctx.printer.info(crate::commands::analysis::progress_line(
                m,
                s,
                " of the error rate",
            ))
        },
    )
    .await;
    run.add_to(report, "Error rate over the window".into());
    error_window::decided(
        run.outcome,
        &readings.into_inner().unwrap_or_default(),
        critical,
        &run.summary(),
    )
}

/// How a plan's writes went, taken together: a failure first, then a decline, else done.
fn worst(actions: &[Action]) -> Outcome {
    [Outcome::Failed, Outcome::Declined, Outcome::DryRun]
        .into_iter()
        .find(|o| actions.iter().any(|a| a.outcome == *o))
        .unwrap_or(Outcome::Done)
}

/// The error-rate assessment as short lines: the rate against the matrix, the top errors, the
/// diagnostics, the flag.
fn error_evidence(
    rate: &Figure,
    details: &Result<Value, String>,
    diagnostics: &Result<Value, String>,
    flag: &Result<FlagState, String>,
    thresholds: &crate::policy::thresholds::Thresholds,
    flag_name: &str,
) -> Vec<String> {
    use crate::policy::thresholds::Limit;
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "?".into(),
    };
    let mut lines = vec![format!(
        "error rate {} (cut above {} %, emergency rollback above {} %)",
        rate.value()
            .map(|r| format!("{} %", number(r)))
            .unwrap_or_else(|| "UNKNOWN".into()),
        number(thresholds.limit(Limit::IncidentReduceErrorRate)),
        number(thresholds.limit(Limit::IncidentRollbackErrorRate))
    )];
    let list = |doc: &Result<Value, String>, key: &str| -> Vec<Value> {
        doc.as_ref()
            .ok()
            .and_then(|d| d.get(key))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    for e in list(details, "top_errors").iter().take(3) {
        lines.push(format!(
            "  top error: {} ({})",
            text(e.get("message")),
            text(e.get("count"))
        ));
    }
    for i in list(diagnostics, "issues").iter().take(3) {
        lines.push(format!(
            "  diagnostics: {} {}: {}",
            text(i.get("cache")),
            text(i.get("severity")),
            text(i.get("message"))
        ));
    }
    lines.push(match flag {
        Ok(f) => format!("{flag_name}: {}", f.text()),
        Err(e) => format!("{flag_name}: UNKNOWN ({e})"),
    });
    lines
}

fn add_assessment(
    report: &mut Report,
    details: &Result<Value, String>,
    sw: &Result<Value, String>,
    diagnostics: &Result<Value, String>,
    flag: &Result<FlagState, String>,
    details_label: &str,
) {
    if let Err(e) = diagnostics {
        report
            .notes
            .push(format!("cache diagnostics unavailable: {e}"));
    }
    report.attach(&Assessment {
        details,
        sw,
        diagnostics,
        flag,
        details_label,
    });
}

/// What the error-rate decision rests on: JSON `assessment` (each document as the app
/// answered, null when unread) and the Assessment, Top errors and Cache diagnostics tables.
#[derive(Clone, Copy)]
struct Assessment<'a> {
    details: &'a Result<Value, String>,
    sw: &'a Result<Value, String>,
    diagnostics: &'a Result<Value, String>,
    flag: &'a Result<FlagState, String>,
    details_label: &'a str,
}

impl Serialize for Assessment<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        json!({
            "assessment": {
                "error_details": self.details.as_ref().ok(),
                "sw_status": self.sw.as_ref().ok(),
                "cache_diagnostics": self.diagnostics.as_ref().ok(),
                "flag": self.flag.as_ref().ok(),
            }
        })
        .serialize(s)
    }
}

impl Payload for Assessment<'_> {
    fn tables(&self) -> Vec<Section> {
        let Assessment {
            details,
            sw,
            diagnostics,
            flag,
            details_label,
        } = *self;
        let mut tables = Vec::new();
        let text = |v: Option<&Value>| match v {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => "?".into(),
            Some(other) => other.to_string(),
        };
        let window = from_fetch(details, details_label, "window_seconds", Range::NonNegative);
        let sw_doc = sw.as_ref().ok();
        let mut rows = vec![
            vec![
                "error window".into(),
                window
                    .value()
                    .map(|w| crate::numbers::duration(std::time::Duration::from_secs_f64(w)))
                    .unwrap_or_else(|| "UNKNOWN".into()),
            ],
            vec![
                "worker version".into(),
                text(sw_doc.and_then(|d| d.get("version"))),
            ],
            vec![
                "worker enabled".into(),
                text(sw_doc.and_then(|d| d.get("enabled"))),
            ],
            vec![
                "active clients".into(),
                text(sw_doc.and_then(|d| d.get("active_clients"))),
            ],
        ];
        rows.push(vec![
            "enhanced-cache flag".into(),
            match flag {
                Ok(f) => f.text(),
                Err(e) => format!("UNKNOWN ({e})"),
            },
        ]);
        if let Err(e) = sw {
            rows.push(vec!["sw-status".into(), format!("UNKNOWN ({e})")]);
        }
        tables.push(Section {
            title: "Assessment".into(),
            header: vec!["What".into(), "Value".into()],
            rows,
        });

        let top: Vec<Value> = details
            .as_ref()
            .ok()
            .and_then(|d| d.get("top_errors"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        tables.push(Section {
            title: "Top errors".into(),
            header: vec!["Message".into(), "Count".into()],
            rows: top
                .iter()
                .map(|e| vec![text(e.get("message")), text(e.get("count"))])
                .collect(),
        });
        let issues: Vec<Value> = diagnostics
            .as_ref()
            .ok()
            .and_then(|d| d.get("issues"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        tables.push(Section {
            title: "Cache diagnostics".into(),
            header: vec!["Cache".into(), "Severity".into(), "Message".into()],
            rows: issues
                .iter()
                .map(|i| {
                    vec![
                        text(i.get("cache")),
                        text(i.get("severity")),
                        text(i.get("message")),
                    ]
                })
                .collect(),
        });
        tables
    }
}

impl crate::driver::Runbook for crate::cli::StorageQuotaArgs {
    fn name(&self) -> &'static str {
        "incident storage-quota"
    }
    fn reports_outcome(&self) -> bool {
        true
    }
    fn overrides(&self) -> crate::settings::Overrides {
        crate::settings::Overrides {
            incident: crate::settings::IncidentFlags {
                recovery_wait: self.recovery_wait,
                large_entries_limit: self.limit,
            },
            ..Default::default()
        }
    }
    fn cron(&self) -> Option<&crate::cli::CronArgs> {
        Some(&self.cron)
    }
    async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
        storage_quota(ctx).await
    }
}

impl crate::driver::Runbook for crate::cli::ErrorRateArgs {
    fn name(&self) -> &'static str {
        "incident error-rate"
    }
    fn reports_outcome(&self) -> bool {
        true
    }
    fn cron(&self) -> Option<&crate::cli::CronArgs> {
        Some(&self.cron)
    }
    async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
        error_rate(ctx).await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn bytes_are_human() {
        assert_eq!(super::bytes(5_242_880.0), "5 MiB");
        assert_eq!(super::bytes(512.0), "512 B");
        assert_eq!(super::bytes(1_536.0), "1.5 KiB");
    }
}
