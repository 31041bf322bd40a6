//! `rollback emergency`: one confirmation, then disable the flag (read back), clear the
//! service-worker cache, run the `revert_worker` step, and verify the served worker really
//! changed. Every step runs even when an earlier one failed — each takes users off the
//! enhanced cache on its own — and each is reported with its outcome and duration.
//!
//! `--kill-switch` publishes the kill-switch worker instead of the revert (`kill_switch`),
//! after the same flag disable; `--wait-clients` then watches clients leave the version
//! served before (`clients_wait`).

use std::time::Instant;

use futures::future::join_all;
use serde::Serialize;

use crate::cli::EmergencyArgs;
use crate::commands::rollback::kill_switch::{self, KillSwitch};
use crate::commands::rollback::{Timeline, clients_wait, shell_step};
use crate::commands::{Ctx, fetch};
use crate::output::{Action, Layout, Outcome, Payload, Report, Section};
use crate::policy::check::Check;
use crate::policy::emergency::{self as facts, emergency_plan};
use crate::policy::plan::Plan;
use crate::policy::rollback::{WorkerVerdict, verify_worker};
use crate::policy::served::browser_fetch_checks;
use crate::policy::skipped::Need;
use crate::policy::validate::ServedWorker;
use crate::vocab::Severity;

pub(crate) async fn run(ctx: &Ctx) -> anyhow::Result<Report> {
    run_with(ctx, &EmergencyArgs::default()).await
}

/// The emergency rollback with its options (`--kill-switch`, `--wait-clients`).
pub(crate) async fn run_with(ctx: &Ctx, opts: &EmergencyArgs) -> anyhow::Result<Report> {
    ctx.require_token("rollback emergency")?;
    if opts.kill_switch {
        // Before anything is asked or sent.
        kill_switch::require_step(ctx)?;
    }
    let mut report = ctx.report("rollback emergency");
    // The on-call's screen: the whole run on one 80×24 terminal (the JSON keeps every fact).
    report.layout = Layout::Screen;
    let effects = if opts.kill_switch {
        Some(kill_switch::effects_with_backlog(ctx).await)
    } else {
        None
    };
    let plan = plan_with(ctx, opts, effects.as_deref());
    if ctx.settings.dry_run && (opts.kill_switch || opts.wait_clients.is_some()) {
        // A dry run asks nothing: its reviewer reads here what the prompt would show (what
        // the kill switch does to clients, the wait).
        for l in ctx.actor().plan_lines(&plan) {
            ctx.printer.info(format!("dry-run: plan: {l}"));
        }
    }
    if let Some(lines) = &effects {
        // The screen's one line of it; the JSON note keeps every effect.
        let backlog = lines.last().cloned().unwrap_or_default();
        report.notes.push(format!("kill switch: {backlog}"));
    }
    let actor = ctx.actor();
    if let Err(why) = actor.confirm_plan(&plan) {
        // What would have run, for whoever reads the report (no terminal, or declined).
        report.sections.push(Section {
            title: "Plan (not run)".into(),
            header: vec!["Step".into()],
            rows: actor.plan_lines(&plan)[1..]
                .iter()
                .map(|l| vec![l.trim().to_string()])
                .collect(),
        });
        report.stopped = Some(why);
        return Ok(report);
    }
    let mut timeline = Timeline::default();
    execute_plan_with(ctx, &plan, opts, &mut report, &mut timeline).await;
    timeline.into_report(&mut report);
    Ok(report)
}

/// The emergency rollback's plan for this environment.
pub(crate) fn plan(ctx: &Ctx) -> Plan {
    plan_with(ctx, &EmergencyArgs::default(), None)
}

/// [`plan`] with the options; `effects`: what the kill switch does to clients.
fn plan_with(ctx: &Ctx, opts: &EmergencyArgs, effects: Option<&[String]>) -> Plan {
    emergency_plan(&facts::Emergency {
        flag: &ctx.settings.rollout.flag,
        env: &ctx.settings.env_label(),
        url: ctx.client.base_url().as_str(),
        revert_configured: ctx.settings.steps.contains_key("revert_worker"),
        worker_paths: &ctx.settings.worker_paths,
        kill_switch: effects.filter(|_| opts.kill_switch),
        wait_clients: opts.wait_clients.map(|p| (p, opts.clients_deadline)),
    })
}

/// The emergency rollback's plan as a short list, shown before its one-line question.
pub(crate) fn plan_lines(ctx: &Ctx) -> Vec<String> {
    ctx.actor().plan_lines(&plan(ctx))
}

/// The emergency steps, after the confirmation (also `rollback planned`'s emergency path).
pub(crate) async fn execute(ctx: &Ctx, report: &mut Report, timeline: &mut Timeline) {
    execute_plan(ctx, &plan(ctx), report, timeline).await;
}

/// [`execute`] for a plan already built (and confirmed).
pub(crate) async fn execute_plan(
    ctx: &Ctx,
    plan: &Plan,
    report: &mut Report,
    timeline: &mut Timeline,
) {
    execute_plan_with(ctx, plan, &EmergencyArgs::default(), report, timeline).await;
}

/// [`execute_plan`] with the options: the kill switch instead of the revert, then the wait
/// for clients.
async fn execute_plan_with(
    ctx: &Ctx,
    plan: &Plan,
    opts: &EmergencyArgs,
    report: &mut Report,
    timeline: &mut Timeline,
) {
    let before = rollback_and_verify(ctx, plan, opts, report, timeline).await;
    let Some((before, verified)) = before else {
        return;
    };
    let Some(target) = opts.wait_clients else {
        return;
    };
    if !verified {
        let why = "not waited for clients: the served worker did not verify, so clients have \
                   nothing new to take";
        report.notes.push(why.into());
        timeline.push(
            "wait for clients",
            Outcome::Skipped,
            std::time::Duration::ZERO,
            why,
        );
        return;
    }
    // The bad version: what the first worker path served before the rollback.
    let bad = before.first().and_then(|w| w.version.clone());
    clients_wait::wait(
        ctx,
        report,
        timeline,
        bad.as_deref(),
        (target, opts.clients_deadline),
    )
    .await;
}

/// The writes, the revert (or the kill switch) and the verification. `None` under
/// `--dry-run` (nothing to wait for); else what was served before, and whether every path
/// verified.
async fn rollback_and_verify(
    ctx: &Ctx,
    plan: &Plan,
    opts: &EmergencyArgs,
    report: &mut Report,
    timeline: &mut Timeline,
) -> Option<(Vec<ServedWorker>, bool)> {
    let before = send_writes(ctx, plan, report, timeline).await;
    if opts.kill_switch {
        return kill_switch_and_verify(ctx, report, timeline, before).await;
    }
    let revert = revert(ctx, report, timeline).await;
    if revert == Outcome::DryRun {
        not_checked(report, timeline, &before);
        return None;
    }
    let verified = verify_revert(ctx, report, timeline, &before, revert).await;
    Some((before, verified))
}

/// The plan's writes (the flag, the cache), with what is served before the revert read while
/// they go out (reads don't wait on writes: the budget is everything but the revert's own time
/// in under 5 s). Returns what was served before.
async fn send_writes(
    ctx: &Ctx,
    plan: &Plan,
    report: &mut Report,
    timeline: &mut Timeline,
) -> Vec<ServedWorker> {
    // What was read so far called for this rollback; its verification, read after, counts as
    // it is.
    report.handling();
    ctx.printer
        .info("emergency rollback: disabling the flag and clearing the service-worker cache");
    let before = served(ctx);
    let actor = ctx.actor();
    let ((actions, ()), before) = tokio::join!(actor.execute(&plan.writes, async {}), before);
    for a in &actions {
        timeline.action(a);
    }
    report.actions.extend(actions);
    before
}

/// What each worker path serves now.
async fn served(ctx: &Ctx) -> Vec<ServedWorker> {
    let (client, printer) = (&ctx.client, &ctx.printer);
    join_all(
        ctx.settings
            .worker_paths
            .iter()
            .map(|path| fetch::worker(client, printer, path)),
    )
    .await
}

/// The `revert_worker` step; its outcome.
async fn revert(ctx: &Ctx, report: &mut Report, timeline: &mut Timeline) -> Outcome {
    let revert = shell_step(
        ctx,
        report,
        "revert_worker",
        "the worker revert",
        Need::Required,
    )
    .await;
    timeline.action(&revert);
    let outcome = revert.outcome;
    report.actions.push(revert);
    outcome
}

/// Reads what is served after the revert and says, path by path, whether it changed: the
/// checks, the `verify served worker` action and the worker table. Whether every path
/// verified.
async fn verify_revert(
    ctx: &Ctx,
    report: &mut Report,
    timeline: &mut Timeline,
    before: &[ServedWorker],
    revert: Outcome,
) -> bool {
    let started = Instant::now();
    let after = served(ctx).await;
    let verdicts = verdicts(ctx, before, &after, revert);
    for v in &verdicts {
        report.checks.push(Check::note(
            format!("worker reverted {}", v.path),
            v.status,
            v.detail.clone(),
        ));
    }
    // The reverted worker must also be one a browser takes: no redirect, fresh headers.
    let d = &ctx.settings.deploy;
    for a in &after {
        report
            .checks
            .extend(browser_fetch_checks(a, &d.scope, d.max_cache_age));
    }
    let all_verified = verdicts.iter().all(|v| v.verified);
    let mut verify = verify_action(ctx, &verdicts, all_verified, started);
    if revert == Outcome::Skipped {
        not_reverted(report, &mut verify, all_verified);
    } else if !all_verified {
        report.notes.push(
            "a CDN may serve the old copy (make revert_worker wait for it), or the revert put \
             back the wrong file"
                .into(),
        );
    }
    timeline.action(&verify);
    report.actions.push(verify);
    worker_section(report, before, Some(&after), &verdicts);
    all_verified
}

/// Each path before and after the revert, judged.
fn verdicts(
    ctx: &Ctx,
    before: &[ServedWorker],
    after: &[ServedWorker],
    revert: Outcome,
) -> Vec<WorkerVerdict> {
    let backups = &ctx.settings.rollback.backup_sha256;
    before
        .iter()
        .zip(after)
        .map(|(b, a)| {
            let v = verify_worker(b, a, backups.get(&a.path).map(String::as_str));
            if revert == Outcome::Skipped && !v.verified {
                // Before and after are a moment apart with no revert between them: only a
                // match with the configured backup says anything.
                WorkerVerdict {
                    status: Severity::Critical,
                    detail: format!(
                        "NOT reverted (revert_worker not configured); serves version {}",
                        a.version.as_deref().unwrap_or("?")
                    ),
                    ..v
                }
            } else {
                v
            }
        })
        .collect()
}

/// The `verify served worker` action: every path read, and which changed.
fn verify_action(
    ctx: &Ctx,
    verdicts: &[WorkerVerdict],
    all_verified: bool,
    started: Instant,
) -> Action {
    let base = ctx
        .client
        .base_url()
        .as_str()
        .trim_end_matches('/')
        .to_string();
    Action {
        name: "verify served worker".into(),
        method: "GET".into(),
        url: ctx
            .settings
            .worker_paths
            .iter()
            .map(|path| format!("{base}{path}"))
            .collect::<Vec<_>>()
            .join(", "),
        body: None,
        outcome: if all_verified {
            Outcome::Done
        } else {
            Outcome::Failed
        },
        // Which paths changed; why is each check's detail (and `worker.verdicts`).
        detail: Some(reverted_text(verdicts)),
        duration_ms: started.elapsed().as_millis() as u64,
        response: None,
    }
}

/// `revert_worker` is not configured: fine if each worker already is the backup; else the run
/// is incomplete.
fn not_reverted(report: &mut Report, verify: &mut Action, all_verified: bool) {
    if all_verified {
        report
            .notes
            .push("revert_worker is not configured; each worker already is the backup".into());
        return;
    }
    // Not a failure of something swcache did: a step nobody configured. The run is
    // incomplete, and says so with exit 5 rather than a success.
    verify.outcome = Outcome::Skipped;
    report.stopped = Some(
        "revert_worker is not configured: the served worker was NOT reverted. Revert it by hand \
         (or configure [steps.revert_worker]) and check with `swcache validate`"
            .into(),
    );
}

fn not_checked(report: &mut Report, timeline: &mut Timeline, before: &[ServedWorker]) {
    timeline.push(
        "verify served worker",
        Outcome::DryRun,
        std::time::Duration::ZERO,
        "not checked (--dry-run)",
    );
    worker_section(report, before, None, &[]);
}

/// `--kill-switch`: written, published by `publish_worker`, then polled until served.
async fn kill_switch_and_verify(
    ctx: &Ctx,
    report: &mut Report,
    timeline: &mut Timeline,
    before: Vec<ServedWorker>,
) -> Option<(Vec<ServedWorker>, bool)> {
    let ks = KillSwitch::of(ctx);
    report.attach(&ks.payload());
    let publish = kill_switch::publish(ctx, &ks).await;
    timeline.action(&publish);
    let outcome = publish.outcome;
    report.actions.push(publish);
    if outcome == Outcome::DryRun {
        not_checked(report, timeline, &before);
        return None;
    }
    if outcome != Outcome::Done {
        // Nothing new was published: what is served is still the bad worker.
        report.notes.push(
            "the kill switch was NOT published: clients keep the worker they run; revert or \
             publish by hand and check with `swcache validate`"
                .into(),
        );
        worker_section(report, &before, None, &[]);
        return Some((before, false));
    }
    let v = kill_switch::verify(ctx, &ks).await;
    for w in &v.verdicts {
        report.checks.push(Check::note(
            format!("kill switch served {}", w.path),
            w.status,
            w.detail.clone(),
        ));
    }
    let d = &ctx.settings.deploy;
    for a in &v.after {
        report
            .checks
            .extend(browser_fetch_checks(a, &d.scope, d.max_cache_age));
    }
    let all = v.verdicts.iter().all(|w| w.verified);
    if !all {
        report.notes.push(
            "the kill switch is not what is served: a CDN may still serve the old copy (make \
             publish_worker invalidate it), or the step published another file"
                .into(),
        );
    }
    // With `[browser]`: the kept profile is an existing client, so the probe shows whether
    // the kill switch took it over (a verified publish only: else there is nothing to reach).
    if all && ctx.settings.browser.configured {
        let (checks, seen) =
            crate::commands::probe::checks(ctx, crate::commands::probe::AFTER_PUBLISH).await;
        report
            .checks
            .extend(checks.into_iter().map(after_kill_switch));
        report.attach(&BrowserReport { browser: &seen });
    }
    timeline.action(&v.action);
    report.actions.push(v.action);
    worker_section(report, &before, Some(&v.after), &v.verdicts);
    Some((before, all))
}

/// What the browser probe saw after the kill switch took over (JSON `browser`). No table: its
/// findings are checks, one line each.
#[derive(Serialize)]
struct BrowserReport<'a> {
    browser: &'a crate::commands::probe::BrowserSeen,
}

impl Payload for BrowserReport<'_> {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

/// A probe's check read after the kill switch took over: it has no fetch handler and empties
/// the app's caches on purpose, so an offline reload and a precache are not expected of it.
fn after_kill_switch(c: Check) -> Check {
    match c.name.as_str() {
        "offline reload" | "precache in the browser" => Check::note(
            c.name,
            crate::vocab::Severity::Ok,
            "not expected: the kill switch has no fetch handler and empties the app's caches \
             (clients are network-only until a fixed worker is deployed)",
        ),
        _ => c,
    }
}

/// "reverted: /a.js, /b.js; NOT reverted: /c.js".
fn reverted_text(verdicts: &[WorkerVerdict]) -> String {
    let paths = |verified: bool| {
        verdicts
            .iter()
            .filter(|v| v.verified == verified)
            .map(|v| v.path.as_str())
            .collect::<Vec<_>>()
    };
    [("reverted", paths(true)), ("NOT reverted", paths(false))]
        .iter()
        .filter(|(_, p)| !p.is_empty())
        .map(|(what, p)| format!("{what}: {}", p.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

fn worker_section(
    report: &mut Report,
    before: &[ServedWorker],
    after: Option<&[ServedWorker]>,
    verdicts: &[WorkerVerdict],
) {
    report.attach(&RevertReport {
        worker: Revert {
            before,
            after,
            verdicts,
        },
    });
}

/// The served worker before and after the revert (JSON `worker`).
#[derive(Serialize)]
struct RevertReport<'a> {
    worker: Revert<'a>,
}

#[derive(Serialize)]
struct Revert<'a> {
    before: &'a [ServedWorker],
    /// Null when the revert was not reached.
    after: Option<&'a [ServedWorker]>,
    verdicts: &'a [WorkerVerdict],
}

impl Payload for RevertReport<'_> {
    /// One line per path, before → after and its verdict (a list, no table frame): the change
    /// is read across a line, and the whole rollback fits one 80×24 screen (Last-Modified and
    /// each verdict's reason are in the JSON; a verdict that is not OK is also a line above).
    fn tables(&self) -> Vec<Section> {
        let seen = |w: &ServedWorker| {
            let sha = w
                .sha256
                .as_deref()
                .map(|h| h.chars().take(12).collect::<String>())
                .unwrap_or_else(|| "?".into());
            format!("{} {sha}", w.version.as_deref().unwrap_or("?"))
        };
        let w = &self.worker;
        vec![Section {
            title: "Served worker (version, SHA-256)".into(),
            header: Vec::new(),
            rows: w
                .before
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let after = w
                        .after
                        .and_then(|a| a.get(i))
                        .map(seen)
                        .unwrap_or_else(|| "not reverted".into());
                    vec![
                        b.path.clone(),
                        format!("{} → {after}", seen(b)),
                        w.verdicts
                            .iter()
                            .find(|v| v.path == b.path)
                            .map(|v| v.status.label().to_string())
                            .unwrap_or_else(|| "not checked".into()),
                    ]
                })
                .collect(),
        }]
    }
}

/// `rollback emergency` and its options.
pub(crate) struct Emergency(pub EmergencyArgs);

impl crate::driver::Runbook for Emergency {
    fn name(&self) -> &'static str {
        "rollback emergency"
    }
    fn reports_outcome(&self) -> bool {
        true
    }
    fn lock(&self) -> crate::driver::Lock {
        crate::driver::Lock::WriteEvenIfHeld
    }
    fn overrides(&self) -> crate::settings::Overrides {
        crate::settings::Overrides {
            deploy: crate::settings::DeployFlags {
                verify_deadline: self.0.verify_deadline,
                ..Default::default()
            },
            ..Default::default()
        }
    }
    async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
        run_with(ctx, &self.0).await
    }
}
