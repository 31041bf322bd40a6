//! `rollout pause` / `rollout continue`: steer a live `rollout run` from any machine sharing
//! its state (a shared `state_dir`, or the PostgreSQL backend). `pause` records who paused it;
//! the run holds at its next safe point (before its next step, or in its bake, whose clock
//! stops) until `continue` removes the record. Neither takes the write lock (the live run holds
//! it) nor talks to the app; both are audited as an action line.

use serde::Serialize;

use crate::cli::{RolloutContinueArgs, RolloutPauseArgs};
use crate::commands::Ctx;
use crate::commands::rollout_run::pause_record::{Paused, doc, paused};
use crate::commands::rollout_run::{load, state_doc};
use crate::exit::CliError;
use crate::output::{Outcome, Payload, Report, Section};
use crate::state::Doc;

/// `rollout pause`: a run must be recorded unfinished (a pause of nothing would hold the next
/// run at its first step, unasked).
pub(crate) fn pause(ctx: &Ctx) -> anyhow::Result<Report> {
    let env = ctx.settings.env_label();
    let run = state_doc(&ctx.store, &env);
    let rec = load(&run)?.filter(|r| r.status.unfinished()).ok_or_else(|| {
        CliError::usage(format!(
            "no unfinished rollout run is recorded for environment {env} ({run}); nothing to pause"
        ))
    })?;
    ctx.same_app_as("run", &rec.base_url)?;
    let mut report = ctx.report("rollout pause");
    let at = doc(&ctx.store, &env);
    report.attach(&PauseRecord {
        pause_record: at.to_string(),
    });
    if let Some(p) = paused(&at)? {
        report.notes.push(format!(
            "the rollout run of {env} is already {}",
            p.describe()
        ));
        return Ok(report);
    }
    let record = Paused::now(crate::operator::operator());
    let detail = format!(
        "hold the rollout run of {env} at its next safe point (the step stays, the bake clock \
         stops)"
    );
    let outcome = if ctx.settings.dry_run {
        Ok(Outcome::DryRun)
    } else {
        at.save(&record).map(|()| Outcome::Done)
    };
    mark(
        ctx,
        &mut report,
        "pause the rollout run",
        &at,
        outcome,
        &detail,
    );
    if report.actions.iter().all(|a| a.outcome == Outcome::Done) {
        report.notes.push(format!(
            "the run holds at its next safe point and says so; `swcache rollout continue` lets \
             it go on ({})",
            record.describe()
        ));
    }
    Ok(report)
}

/// `rollout continue`: removes the pause; the run goes on at its next check (a second or so).
pub(crate) fn resume(ctx: &Ctx) -> anyhow::Result<Report> {
    let env = ctx.settings.env_label();
    let at = doc(&ctx.store, &env);
    let mut report = ctx.report("rollout continue");
    report.attach(&PauseRecord {
        pause_record: at.to_string(),
    });
    // Removed even when it cannot be read: an edited record must not hold the run for ever.
    let (exists, was) = match paused(&at) {
        Ok(p) => (p.is_some(), p),
        Err(_) => (true, None),
    };
    if !exists {
        return Err(CliError::usage(format!(
            "the rollout run of {env} is not paused ({at}); nothing to continue"
        ))
        .into());
    }
    let detail = match &was {
        Some(p) => format!("let the rollout run of {env} go on ({})", p.describe()),
        None => format!("let the rollout run of {env} go on (its pause record was unreadable)"),
    };
    let outcome = if ctx.settings.dry_run {
        Ok(Outcome::DryRun)
    } else {
        at.remove().map(|_| Outcome::Done)
    };
    mark(
        ctx,
        &mut report,
        "continue the rollout run",
        &at,
        outcome,
        &detail,
    );
    Ok(report)
}

/// The change as an action: in the report and, unless a dry run, in the audit log.
fn mark(
    ctx: &Ctx,
    report: &mut Report,
    name: &str,
    at: &Doc,
    outcome: std::io::Result<Outcome>,
    detail: &str,
) {
    let (outcome, detail) = match outcome {
        Ok(o) => (o, detail.to_string()),
        Err(e) => (Outcome::Failed, format!("{detail}: cannot write {at}: {e}")),
    };
    let a = crate::commands::give_up::marked(name, at, outcome, &detail);
    if outcome != Outcome::DryRun {
        ctx.actor().record(&a);
    }
    report.actions.push(a);
}

impl crate::driver::Runbook for RolloutPauseArgs {
    fn name(&self) -> &'static str {
        "rollout pause"
    }
    fn sends_token(&self) -> bool {
        false
    }
    fn reports_outcome(&self) -> bool {
        true
    }
    /// The live run holds the write lock; a pause only records, for it to read.
    fn lock(&self) -> crate::driver::Lock {
        crate::driver::Lock::None
    }
    async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
        pause(ctx)
    }
}

impl crate::driver::Runbook for RolloutContinueArgs {
    fn name(&self) -> &'static str {
        "rollout continue"
    }
    fn sends_token(&self) -> bool {
        false
    }
    fn reports_outcome(&self) -> bool {
        true
    }
    fn lock(&self) -> crate::driver::Lock {
        crate::driver::Lock::None
    }
    async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
        resume(ctx)
    }
}

/// Where the pause is recorded (JSON `pause_record`), for `rollout pause` and `continue`.
#[derive(Serialize)]
struct PauseRecord {
    pause_record: String,
}

impl Payload for PauseRecord {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}
