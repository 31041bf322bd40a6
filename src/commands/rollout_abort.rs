//! `rollout abort`: ends an unfinished `rollout run` on purpose. The flag stays where it is,
//! unless `--rollback planned|emergency` takes that rollback; either way the run's state file is
//! marked aborted, so `--resume` refuses and a new run may start. Asked first (y/N; `--yes`
//! without a terminal), planned only under `--dry-run`, audited as an action line.

use crate::cli::RolloutAbortArgs;
use crate::commands::Ctx;
use crate::commands::give_up::{confirm_give_up, record_give_up};
use crate::commands::rollout_run::{
    RunFile, load, roll_back, save_or_warn, state_doc, status_word, steps_text,
};
use crate::exit::CliError;
use crate::output::Report;
use crate::policy::rollout_run::RunStatus;

pub(crate) async fn run(ctx: &Ctx, args: &RolloutAbortArgs) -> anyhow::Result<Report> {
    if args.rollback.is_some() {
        ctx.require_token("rollout abort --rollback")?;
    }
    let env = ctx.settings.env_label();
    let path = state_doc(&ctx.store, &env);
    let mut rec = load(&path)?
        .filter(|r| r.status.unfinished())
        .ok_or_else(|| {
            CliError::usage(format!(
                "no unfinished rollout run is recorded for environment {env} ({}); nothing to abort",
                path
            ))
        })?;
    ctx.same_app_as("run", &rec.base_url)?;
    let mut report = ctx.report("rollout abort");
    report.attach(&RunFile {
        state_file: path.to_string(),
        resumed: false,
    });
    let then = match args.rollback {
        None => "the flag stays where it is".to_string(),
        Some(p) => format!("then the {} rollback", p.name()),
    };
    let plan = format!(
        "end the rollout run of {env} ({}, steps done: {}, step in progress: {}): {then}",
        status_word(rec.status),
        steps_text(&rec.done),
        rec.current
            .map(|c| format!("{c} %"))
            .unwrap_or_else(|| "none".into()),
    );
    if !confirm_give_up(ctx, &mut report, "abort the rollout run", &plan, &path) {
        return Ok(report);
    }
    rec.status = RunStatus::Aborted;
    rec.stopped = Some(format!("aborted with `swcache rollout abort`: {then}"));
    save_or_warn(ctx, &mut report, &path, &mut rec);
    // A pause of the ended run must not hold the next one.
    if let Err(e) = crate::commands::rollout_run::pause_record::doc(&ctx.store, &env).remove() {
        ctx.printer
            .warn(format!("could not remove the run's pause record: {e}"));
    }
    record_give_up(ctx, &mut report, "abort the rollout run", &path, &plan);
    match args.rollback {
        None => report.notes.push(
            "the run is ended; the flag was left as it is (`swcache rollout status` shows it); `swcache rollout run` may start afresh".into(),
        ),
        Some(p) => {
            rec.on_failure = p;
            roll_back(ctx, &mut report, &mut rec, &path, false).await?;
        }
    }
    Ok(report)
}

impl crate::driver::Runbook for RolloutAbortArgs {
    fn name(&self) -> &'static str {
        "rollout abort"
    }
    fn reports_outcome(&self) -> bool {
        true
    }
    fn sends_token(&self) -> bool {
        self.rollback.is_some()
    }
    async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
        run(ctx, self).await
    }
}
