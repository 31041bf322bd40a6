//! Giving up a recorded run on purpose (`rollout abort`, `rollback planned --abandon`): the
//! plan shown and asked, then the record marked, as an audited action line. Shared by both, so
//! neither command depends on the other; [`marked`] is also how `rollout pause`/`continue`
//! say what they did to their record.

use crate::commands::Ctx;
use crate::output::{Action, Outcome, Report};

/// Shows the plan and asks (y/N). `false` when nothing is to change: a dry run (the plan is
/// the report) or an answer other than yes (a DECLINED action, exit 5).
pub(crate) fn confirm_give_up(
    ctx: &Ctx,
    report: &mut Report,
    name: &str,
    plan: &str,
    state_file: &crate::state::Doc,
) -> bool {
    report.notes.push(format!("plan: {plan}"));
    if ctx.settings.dry_run {
        report
            .actions
            .push(marked(name, state_file, Outcome::DryRun, plan));
        report
            .notes
            .push("dry run: nothing was changed".to_string());
        return false;
    }
    match ctx
        .actor()
        .confirm_lowering(&[plan.to_string()], &format!("{name}?"))
    {
        Ok(()) => true,
        Err(why) => {
            report
                .actions
                .push(marked(name, state_file, Outcome::Declined, &why));
            false
        }
    }
}

/// The give-up as an action: in the report and in the audit log (the state file is its target).
pub(crate) fn record_give_up(
    ctx: &Ctx,
    report: &mut Report,
    name: &str,
    state_file: &crate::state::Doc,
    plan: &str,
) {
    let a = marked(name, state_file, Outcome::Done, plan);
    ctx.actor().record(&a);
    report.actions.push(a);
}

/// A change swcache made to a record of its own (a state file or row, not the app): a `MARK`
/// action whose target is the record.
pub(crate) fn marked(
    name: &str,
    record: &crate::state::Doc,
    outcome: Outcome,
    detail: &str,
) -> Action {
    Action {
        name: name.to_string(),
        method: "MARK".into(),
        url: record.to_string(),
        body: None,
        outcome,
        detail: Some(detail.to_string()),
        duration_ms: 0,
        response: None,
    }
}
