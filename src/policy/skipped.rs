//! The one rule for a configured step that is not configured, in every command that has steps
//! (deploy, rollback emergency, rollback planned): it is SKIPPED, said the same way everywhere
//! (a stderr line, a `step NAME` WARNING row, an action with outcome `skipped`), never "done".
//! The exit code depends only on whether the command can do its job without it: a required step
//! stops the run (exit 5, naming what was not done); an optional one is a WARNING (exit 1).

use crate::policy::check::Check;
use crate::vocab::Severity;

/// Whether the command can do its job without the step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Need {
    /// deploy's `build` (when building) and `deploy`, rollback's `revert_worker` and `redeploy`.
    Required,
    Optional,
}

/// What the report says of a step `name` (doing `what`) that is not configured.
#[derive(Clone, Debug)]
pub(crate) struct Skipped {
    /// The reason, for the stderr line and the action's detail.
    pub why: String,
    /// The `step NAME` row: always a WARNING (a stop, when there is one, makes it exit 5).
    pub check: Check,
    /// `Some`: the run stops here (required step), with this as the reason.
    pub stop: Option<String>,
}

pub(crate) fn not_configured(name: &str, what: &str, need: Need) -> Skipped {
    let why = format!(
        "NOT CONFIGURED: {what} was NOT done (add [steps.{name}] command = \"…\" to the config)"
    );
    let stop = format!(
        "[steps.{name}] is not configured, so {what} was NOT done and the run stopped there"
    );
    skipped(name, why, stop, need)
}

/// A step a `--sandbox` run has no stand-in for: the sandbox runs no configured step (whatever
/// the config next to it says), so "not configured" would send the reader to the wrong place.
pub(crate) fn not_run_in_sandbox(name: &str, what: &str, need: Need) -> Skipped {
    let why = format!(
        "the sandbox does not run configured steps: {what} was NOT done (it has stand-ins for \
         the rollback steps only)"
    );
    let stop = format!(
        "the sandbox does not run configured steps ([steps.{name}]), so {what} was NOT done and \
         the run stopped there"
    );
    skipped(name, why, stop, need)
}

/// The one of the two above a run takes: `sandbox` is whether it is a `--sandbox` run.
pub(crate) fn not_available(name: &str, what: &str, need: Need, sandbox: bool) -> Skipped {
    if sandbox {
        not_run_in_sandbox(name, what, need)
    } else {
        not_configured(name, what, need)
    }
}

fn skipped(name: &str, why: String, stop: String, need: Need) -> Skipped {
    let stop = match need {
        Need::Required => Some(stop),
        Need::Optional => None,
    };
    Skipped {
        check: Check::note(
            format!("step {name}"),
            Severity::Warning,
            format!("SKIPPED: {why}"),
        ),
        why,
        stop,
    }
}

/// The stderr line, the same in every command.
pub(crate) fn warning_line(name: &str, why: &str) -> String {
    format!("SKIPPED step {name}: {why}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_stops_optional_warns_both_say_skipped() {
        let r = not_configured("deploy", "the deploy", Need::Required);
        let o = not_configured("migrate", "the database migration", Need::Optional);
        for s in [&r, &o] {
            assert_eq!(s.check.status, Severity::Warning);
            assert!(s.check.detail.as_deref().unwrap().starts_with("SKIPPED: "));
            assert!(s.why.contains("was NOT done"));
        }
        assert!(r.stop.unwrap().contains("[steps.deploy]"));
        assert!(o.stop.is_none());
        // A sandbox run names the sandbox, not the config, as the reason.
        let s = not_available("deploy", "the deploy", Need::Required, true);
        assert!(
            s.why
                .starts_with("the sandbox does not run configured steps"),
            "{}",
            s.why
        );
        assert!(!s.why.contains("NOT CONFIGURED"), "{}", s.why);
        assert!(
            s.stop
                .unwrap()
                .contains("the sandbox does not run configured steps")
        );
        assert_eq!(s.check.status, Severity::Warning);
        let c = not_available("deploy", "the deploy", Need::Required, false);
        assert!(c.why.starts_with("NOT CONFIGURED"), "{}", c.why);
        assert_eq!(
            warning_line("migrate", &o.why),
            format!("SKIPPED step migrate: {}", o.why)
        );
    }
}
