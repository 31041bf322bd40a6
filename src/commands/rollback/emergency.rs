//! `rollback emergency`: one confirmation, then disable the flag (read back), clear the
//! service-worker cache, run the `revert_worker` step, and verify the served worker really
//! changed. Every step runs even when an earlier one failed — each takes users off the
//! enhanced cache on its own — and each is reported with its outcome and duration.

use std::time::Instant;

use futures::future::join_all;
use serde::Serialize;
use serde_json::json;

use crate::act::{ReadBack, Write};
use crate::api::Endpoint;
use crate::commands::rollback::{Timeline, shell_step};
use crate::commands::{Ctx, fetch};
use crate::exit::Status;
use crate::output::{Action, Outcome, Payload, Report, Section};
use crate::policy::check::Check;
use crate::policy::rollback::{WorkerVerdict, verify_worker};
use crate::policy::rollout::flag_body;
use crate::policy::skipped::Need;
use crate::policy::validate::ServedWorker;

pub async fn run(ctx: &Ctx) -> anyhow::Result<Report> {
    ctx.require_token("rollback emergency")?;
    let mut report = ctx.report("rollback emergency");
    let question = format!(
        "Run the EMERGENCY rollback on {}?",
        ctx.settings.env_label()
    );
    let plan = plan_lines(ctx);
    if let Err(why) = ctx.actor().confirm_with(&plan, &question) {
        // What would have run, for whoever reads the report (no terminal, or declined).
        report.sections.push(Section {
            title: "Plan (not run)".into(),
            header: vec!["Step".into()],
            rows: plan[1..]
                .iter()
                .map(|l| vec![l.trim().to_string()])
                .collect(),
        });
        report.stopped = Some(why);
        return Ok(report);
    }
    let mut timeline = Timeline::default();
    execute(ctx, &mut report, &mut timeline).await;
    timeline.into_report(&mut report);
    Ok(report)
}

/// The emergency rollback's plan as a short list, shown before its one-line question.
pub fn plan_lines(ctx: &Ctx) -> Vec<String> {
    let revert = match ctx.settings.steps.get("revert_worker") {
        Some(_) => "run the configured revert_worker step".to_string(),
        None => "revert_worker is NOT configured: the worker will NOT be reverted".to_string(),
    };
    vec![
        format!(
            "Emergency rollback of {} ({}):",
            ctx.settings.env_label(),
            ctx.client.base_url()
        ),
        format!("  1. disable the {} flag", ctx.settings.rollout.flag),
        "  2. clear the service-worker cache".into(),
        format!("  3. {revert}"),
        format!(
            "  4. verify the served worker changed: {}",
            ctx.settings.worker_paths.join(", ")
        ),
    ]
}

/// The emergency steps, after the confirmation (also `rollback planned`'s emergency path).
pub async fn execute(ctx: &Ctx, report: &mut Report, timeline: &mut Timeline) {
    let (c, p) = (&ctx.client, &ctx.printer);
    let actor = ctx.actor();
    let paths = &ctx.settings.worker_paths;
    let flag_name = ctx.settings.rollout.flag.as_str();
    p.info("emergency rollback: disabling the flag and clearing the service-worker cache");
    // What is served before the revert, read while the writes go out (reads don't wait on
    // writes: the budget is everything but the revert's own time in under 5 s).
    let before = join_all(paths.iter().map(|path| fetch::worker(c, p, path)));
    let writes = async {
        let disable = actor
            .perform(Write {
                name: format!("disable {flag_name}"),
                endpoint: Endpoint::SetFeatureFlags,
                body: Some(flag_body(flag_name, json!({ "enabled": false }))),
                confirm: None,
                readback: ReadBack::Flag(json!({ "enabled": false })),
            })
            .await;
        let clear = actor
            .perform(Write {
                name: "clear service-worker cache".into(),
                endpoint: Endpoint::ClearSwCache,
                body: None,
                confirm: None,
                readback: ReadBack::AnswerOnly,
            })
            .await;
        (disable, clear)
    };
    let (before, (disable, clear)) = tokio::join!(before, writes);
    for a in [&disable, &clear] {
        timeline.action(a);
    }
    report.actions.extend([disable, clear]);

    let revert = shell_step(
        ctx,
        report,
        "revert_worker",
        "the worker revert",
        Need::Required,
    )
    .await;
    timeline.action(&revert);
    let revert_outcome = revert.outcome;
    report.actions.push(revert);

    if revert_outcome == Outcome::DryRun {
        timeline.push(
            "verify served worker",
            Outcome::DryRun,
            std::time::Duration::ZERO,
            "not checked (--dry-run)",
        );
        worker_section(report, &before, None, &[]);
        return;
    }

    let started = Instant::now();
    let after = join_all(paths.iter().map(|path| fetch::worker(c, p, path))).await;
    let backups = &ctx.settings.rollback.backup_sha256;
    let verdicts: Vec<WorkerVerdict> = before
        .iter()
        .zip(&after)
        .map(|(b, a)| {
            let v = verify_worker(b, a, backups.get(&a.path).map(String::as_str));
            if revert_outcome == Outcome::Skipped && !v.verified {
                // Before and after are a moment apart with no revert between them: only a
                // match with the configured backup says anything.
                WorkerVerdict {
                    status: Status::Critical,
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
        .collect();
    for v in &verdicts {
        report.checks.push(Check::note(
            format!("worker reverted {}", v.path),
            v.status,
            v.detail.clone(),
        ));
    }
    let all_verified = verdicts.iter().all(|v| v.verified);
    let base = c.base_url().as_str().trim_end_matches('/').to_string();
    let mut verify = Action {
        name: "verify served worker".into(),
        method: "GET".into(),
        url: paths
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
        detail: Some(
            verdicts
                .iter()
                .map(|v| format!("{}: {}", v.path, v.detail))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        duration_ms: started.elapsed().as_millis() as u64,
        response: None,
    };
    if revert_outcome == Outcome::Skipped {
        if all_verified {
            report.notes.push(
                "revert_worker is not configured, but every served worker already matches its \
                 configured backup hash"
                    .into(),
            );
        } else {
            // Not a failure of something swcache did: a step nobody configured. The run is
            // incomplete, and says so with exit 5 rather than a success.
            verify.outcome = Outcome::Skipped;
            report.stopped = Some(
                "revert_worker is not configured: the served worker was NOT reverted. Revert it \
                 by hand (or configure [steps.revert_worker]) and check with `swcache validate`"
                    .into(),
            );
        }
    } else if !all_verified {
        report.notes.push(
            "the served worker did not verifiably change: a CDN may still serve the old copy \
             (make revert_worker wait for the invalidation), or the revert copied the wrong file"
                .into(),
        );
    }
    timeline.action(&verify);
    report.actions.push(verify);
    worker_section(report, &before, Some(&after), &verdicts);
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
    /// One row per path, before beside after: the change is read across a line, and the
    /// whole rollback fits one 80×24 screen (Last-Modified is in the JSON).
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
            header: vec!["Path".into(), "Before".into(), "After".into()],
            rows: w
                .before
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    vec![
                        b.path.clone(),
                        seen(b),
                        w.after
                            .and_then(|a| a.get(i))
                            .map(seen)
                            .unwrap_or_else(|| "not reverted".into()),
                    ]
                })
                .collect(),
        }]
    }
}
