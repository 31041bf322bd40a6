//! `rollback planned --abandon`: ends a stopped planned rollback on purpose. The flag stays
//! where it is; the state file is marked abandoned, so `--resume` refuses and a new planned
//! rollback may start. Asked first (y/N; `--yes` without a terminal), planned only under
//! `--dry-run`, audited as an action line. Talks to no app.

use crate::commands::Ctx;
use crate::commands::give_up::{confirm_give_up, record_give_up};
use crate::commands::rollback::planned_view::RunFacts;
use crate::commands::rollback::state;
use crate::exit::CliError;
use crate::output::Report;
use crate::policy::rollback::RunStatus;

pub(crate) fn run(ctx: &Ctx) -> anyhow::Result<Report> {
    let env = ctx.settings.env_label();
    let path = state::doc(&ctx.store, &env);
    let mut rec = state::load(&path)?
        .filter(|r| r.unfinished())
        .ok_or_else(|| {
            CliError::usage(format!(
                "no unfinished planned rollback is recorded for environment {env} ({}); nothing to abandon",
                path
            ))
        })?;
    ctx.same_app_as("rollback", &rec.base_url)?;
    let mut report = ctx.report("rollback planned");
    report.attach(&RunFacts::new(ctx, &path, None));
    let plan = format!(
        "abandon the planned rollback of {env} ({} of {} stages done, next: {}): the flag stays where it is",
        rec.completed,
        rec.plan.len(),
        rec.plan[rec.completed].describe()
    );
    let name = "abandon the planned rollback";
    if !confirm_give_up(ctx, &mut report, name, &plan, &path) {
        return Ok(report);
    }
    rec.status = RunStatus::Abandoned;
    rec.stopped = Some("abandoned with `swcache rollback planned --abandon`".into());
    rec.updated = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    state::save(&path, &rec).map_err(|e| {
        CliError::config(format!(
            "cannot mark {} abandoned: {e}; nothing was changed",
            path
        ))
    })?;
    record_give_up(ctx, &mut report, name, &path, &plan);
    report.notes.push(
        "the rollback is ended; the flag was left as it is (`swcache rollout status` shows it); `swcache rollback planned` may start afresh".into(),
    );
    Ok(report)
}
