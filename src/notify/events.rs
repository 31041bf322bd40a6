//! Which messages a finished run is worth, derived from its report alone (pure). One message
//! per meaningful event: a rollout step that changed the flag, a gate that held one back, an
//! incident's actions, a rollback started / finished / stopped, and each failed action. A
//! dry run's planned writes count as sent, so `--dry-run` can say what it would send.

use serde::Serialize;
use serde_json::Value;

use crate::output::{Action, Outcome, Report};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Kind {
    RolloutStep,
    GateHeld,
    IncidentAction,
    RollbackStarted,
    RollbackFinished,
    RollbackStopped,
    ActionFailed,
}

impl Kind {
    /// The `event` field of a JSON message.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Kind::RolloutStep => "rollout-step",
            Kind::GateHeld => "gate-held",
            Kind::IncidentAction => "incident-action",
            Kind::RollbackStarted => "rollback-started",
            Kind::RollbackFinished => "rollback-finished",
            Kind::RollbackStopped => "rollback-stopped",
            Kind::ActionFailed => "action-failed",
        }
    }

    /// Whether an event, once the report shows it, stays as it is to the end: these are sent
    /// as they happen ([`super::Live`]); a held gate, a rollback finished or stopped wait for
    /// the end, when they are true.
    pub(crate) fn final_when_seen(self) -> bool {
        matches!(
            self,
            Kind::RolloutStep | Kind::RollbackStarted | Kind::ActionFailed
        )
    }

    /// How a chat message names it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Kind::RolloutStep => "rollout step",
            Kind::GateHeld => "gate HELD",
            Kind::IncidentAction => "incident action",
            Kind::RollbackStarted => "rollback started",
            Kind::RollbackFinished => "rollback finished",
            Kind::RollbackStopped => "rollback STOPPED",
            Kind::ActionFailed => "action FAILED",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Event {
    pub kind: Kind,
    pub summary: String,
}

/// A write that was sent (or, in a dry run, would have been).
fn attempted(a: &Action) -> bool {
    matches!(a.outcome, Outcome::Done | Outcome::Failed | Outcome::DryRun)
}

fn went(a: &Action) -> String {
    match &a.detail {
        Some(d) if !d.is_empty() => format!("{}: {} ({d})", a.name, a.outcome.label()),
        _ => format!("{}: {}", a.name, a.outcome.label()),
    }
}

/// The events of a finished run, in the order they happened (failures last).
pub(crate) fn events(report: &Report) -> Vec<Event> {
    let mut out = Vec::new();
    let cmd = report.command.as_str();
    let ev = |kind, summary: String| Event { kind, summary };
    match cmd {
        "rollout set" | "rollout advance" | "rollout enable" | "rollout disable" => {
            for a in report
                .actions
                .iter()
                .filter(|a| matches!(a.outcome, Outcome::Done | Outcome::DryRun))
            {
                out.push(ev(Kind::RolloutStep, went(a)));
            }
            let held =
                report.data.get("gate").and_then(|g| g.get("open")) == Some(&Value::Bool(false));
            if held
                && !report.actions.iter().any(attempted)
                && let Some(why) = &report.stopped
            {
                out.push(ev(Kind::GateHeld, why.clone()));
            }
        }
        _ if cmd.starts_with("incident ") => {
            let acted: Vec<String> = report
                .actions
                .iter()
                .filter(|a| attempted(a))
                .map(went)
                .collect();
            if !acted.is_empty() {
                // The runbook's decision ("decision: …", "verdict: …") says why it acted.
                let why = report
                    .notes
                    .iter()
                    .find(|n| n.starts_with("decision:") || n.starts_with("verdict:"));
                let mut s = why.map(|w| format!("{w}; ")).unwrap_or_default();
                s.push_str(&format!("actions: {}", acted.join("; ")));
                out.push(ev(Kind::IncidentAction, s));
            }
        }
        "rollback planned" | "rollback emergency" => rollback(report, &mut out),
        "rollout run" => rollout_run(report, &mut out),
        _ => {}
    }
    for a in report
        .actions
        .iter()
        .filter(|a| a.outcome == Outcome::Failed)
    {
        out.push(ev(Kind::ActionFailed, went(a)));
    }
    out
}

/// `rollout run`: each step set, then held (inconclusive analysis), or the rollback it took
/// when the analysis failed (started, then finished or stopped).
fn rollout_run(report: &Report, out: &mut Vec<Event>) {
    for a in report.actions.iter().filter(|a| {
        a.name.starts_with("rollout run:") && matches!(a.outcome, Outcome::Done | Outcome::DryRun)
    }) {
        out.push(Event {
            kind: Kind::RolloutStep,
            summary: went(a),
        });
    }
    let run = report.data.get("run");
    let outcome = run.and_then(|r| r.get("outcome")).and_then(Value::as_str);
    if outcome == Some("held")
        && let Some(why) = &report.stopped
    {
        out.push(Event {
            kind: Kind::GateHeld,
            summary: why.clone(),
        });
    }
    let Some(rb) = report.data.get("rollback") else {
        return;
    };
    let path = rb.get("path").and_then(Value::as_str).unwrap_or("planned");
    let at = report
        .data
        .get("failed_at")
        .map(|p| format!(" at {p} %"))
        .unwrap_or_default();
    if report.data.get("resumed") != Some(&Value::Bool(true)) {
        out.push(Event {
            kind: Kind::RollbackStarted,
            summary: format!("rollout run: analysis failed{at}; {path} rollback started"),
        });
    }
    if rb.get("finished") == Some(&Value::Bool(true)) {
        out.push(Event {
            kind: Kind::RollbackFinished,
            summary: format!("rollout run rolled back: {path} rollback finished"),
        });
    } else {
        let why = rb
            .get("stopped")
            .and_then(Value::as_str)
            .unwrap_or("an action failed");
        out.push(Event {
            kind: Kind::RollbackStopped,
            summary: format!("rollout run: {path} rollback stopped: {why}"),
        });
    }
}

/// A rollback run: started (unless it resumed a recorded one), then finished or stopped.
/// The messages go when the run ends, so a run that starts and finishes one sends both.
fn rollback(report: &Report, out: &mut Vec<Event>) {
    if !report.actions.iter().any(attempted) {
        return;
    }
    let planned = report.command == "rollback planned";
    let which = if planned { "planned" } else { "emergency" };
    let state = report.data.get("state");
    let resumed = report.data.get("resumed") == Some(&Value::Bool(true));
    if !resumed {
        let from = state
            .and_then(|s| s.get("start_percentage"))
            .and_then(Value::as_f64)
            .map(|p| format!(" from {p} %"))
            .unwrap_or_default();
        out.push(Event {
            kind: Kind::RollbackStarted,
            summary: format!("{which} rollback started{from}"),
        });
    }
    let failed = report.actions.iter().find(|a| a.outcome == Outcome::Failed);
    let status = state.and_then(|s| s.get("status")).and_then(Value::as_str);
    let stages = state.and_then(|s| {
        Some((
            s.get("completed")?.as_u64()?,
            s.get("plan")?.as_array()?.len(),
        ))
    });
    let finished = match status {
        Some(s) => s == "done" || s == "emergency",
        None => failed.is_none() && report.stopped.is_none(),
    };
    if finished {
        let summary = match (status, stages) {
            (Some("emergency"), _) => {
                "planned rollback ended in the emergency rollback".to_string()
            }
            (_, Some((done, all))) => {
                format!("{which} rollback finished: {done} of {all} stages done")
            }
            _ => format!("{which} rollback finished"),
        };
        out.push(Event {
            kind: Kind::RollbackFinished,
            summary,
        });
        return;
    }
    let why = match (&report.stopped, failed) {
        (Some(s), _) => s.clone(),
        (None, Some(a)) => went(a),
        (None, None) => "the run ended before the rollback did".into(),
    };
    let mut summary = match stages {
        Some((done, all)) => {
            format!("{which} rollback stopped after {done} of {all} stages: {why}")
        }
        None => format!("{which} rollback stopped: {why}"),
    };
    if let Some(cmd) = report.data.get("resume_command").and_then(Value::as_str) {
        summary.push_str(&format!("; to continue: {cmd}"));
    }
    out.push(Event {
        kind: Kind::RollbackStopped,
        summary,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn action(name: &str, outcome: Outcome) -> Action {
        Action {
            name: name.into(),
            method: "POST".into(),
            url: "http://app/".into(),
            body: None,
            outcome,
            detail: None,
            duration_ms: 0,
            response: None,
        }
    }

    fn report(command: &str, actions: Vec<Action>) -> Report {
        let mut r = Report::new(command, "prod".into(), "http://app/".into());
        r.actions = actions;
        r
    }

    fn kinds(r: &Report) -> Vec<Kind> {
        events(r).into_iter().map(|e| e.kind).collect()
    }

    /// Each command's runs against the events they are worth.
    #[test]
    fn decision_table() {
        use Kind::*;
        use Outcome::*;
        let held = |command: &str| {
            let mut r = report(command, vec![]);
            r.set_data(
                "gate",
                json!({"open": false, "failing": ["error rate CRITICAL"]}),
            );
            r.stopped = Some("the rollout stays at 10 %: gate HELD".into());
            r
        };
        let forced = {
            let mut r = held("rollout advance");
            r.stopped = None;
            r.actions.push(action("advance rollout to 25 %", Done));
            r
        };
        let planned = |status: &str, completed: u64, resumed: bool, acts: Vec<Action>| {
            let mut r = report("rollback planned", acts);
            r.set_data(
                "state",
                json!({"status": status, "completed": completed, "plan": [1, 2, 3, 4], "start_percentage": 50.0}),
            );
            if resumed {
                r.set_data("resumed", true);
            }
            if status == "stopped" {
                r.stopped = Some("interrupted".into());
                r.set_data("resume_command", "swcache rollback planned --resume");
            }
            r
        };
        let table: Vec<(&str, Report, Vec<Kind>)> = vec![
            (
                "set that changed the flag",
                report("rollout set", vec![action("set rollout to 5 %", Done)]),
                vec![RolloutStep],
            ),
            (
                "a dry run's planned step",
                report(
                    "rollout advance",
                    vec![action("advance rollout to 25 %", DryRun)],
                ),
                vec![RolloutStep],
            ),
            ("nothing to write", report("rollout set", vec![]), vec![]),
            (
                "declined at the prompt",
                report(
                    "rollout disable",
                    vec![action("disable enhanced-cache", Declined)],
                ),
                vec![],
            ),
            (
                "a failed write",
                report(
                    "rollout enable",
                    vec![action("enable enhanced-cache at 5 %", Failed)],
                ),
                vec![ActionFailed],
            ),
            ("a held gate", held("rollout advance"), vec![GateHeld]),
            ("a gate forced past", forced, vec![RolloutStep]),
            (
                "status reads a held gate",
                {
                    let mut r = held("rollout status");
                    r.stopped = None;
                    r
                },
                vec![],
            ),
            (
                "an incident that acted",
                report(
                    "incident storage-quota",
                    vec![
                        action("emergency cleanup", Done),
                        action("tighten cache limits", Done),
                    ],
                ),
                vec![IncidentAction],
            ),
            (
                "an incident that only watched",
                report("incident error-rate", vec![]),
                vec![],
            ),
            (
                "an incident action that failed",
                report(
                    "incident storage-quota",
                    vec![action("emergency cleanup", Failed)],
                ),
                vec![IncidentAction, ActionFailed],
            ),
            (
                "an emergency rollback",
                report(
                    "rollback emergency",
                    vec![action("disable enhanced-cache", Done)],
                ),
                vec![RollbackStarted, RollbackFinished],
            ),
            (
                "an emergency rollback that failed",
                report(
                    "rollback emergency",
                    vec![action("disable enhanced-cache", Failed)],
                ),
                vec![RollbackStarted, RollbackStopped, ActionFailed],
            ),
            (
                "an emergency rollback declined",
                report(
                    "rollback emergency",
                    vec![action("disable enhanced-cache", Declined)],
                ),
                vec![],
            ),
            (
                "a planned rollback in one run",
                planned("done", 4, false, vec![action("set rollout to 0 %", Done)]),
                vec![RollbackStarted, RollbackFinished],
            ),
            (
                "a planned rollback interrupted",
                planned(
                    "stopped",
                    1,
                    false,
                    vec![action("set rollout to 25 %", Done)],
                ),
                vec![RollbackStarted, RollbackStopped],
            ),
            (
                "a planned rollback resumed to its end",
                planned("done", 4, true, vec![action("step redeploy", Done)]),
                vec![RollbackFinished],
            ),
            (
                "maintenance that went well",
                report("maintain daily", vec![action("cache cleanup", Done)]),
                vec![],
            ),
            (
                "maintenance that failed",
                report("maintain daily", vec![action("cache cleanup", Failed)]),
                vec![ActionFailed],
            ),
            ("validate", report("validate", vec![]), vec![]),
        ];
        for (what, r, want) in table {
            assert_eq!(kinds(&r), want, "{what}");
        }
    }

    #[test]
    fn summaries_say_what_happened() {
        let mut a = action("set rollout to 5 %", Outcome::Done);
        a.detail = Some("read back: {\"percentage\":5}".into());
        let e = events(&report("rollout set", vec![a]));
        assert_eq!(
            e[0].summary,
            "set rollout to 5 %: done (read back: {\"percentage\":5})"
        );
        let mut r = report(
            "incident error-rate",
            vec![action("disable enhanced-cache", Outcome::Done)],
        );
        r.notes
            .push("decision: error rate 12 % is above 10 %: emergency rollback".into());
        let e = events(&r);
        assert_eq!(
            e[0].summary,
            "decision: error rate 12 % is above 10 %: emergency rollback; actions: disable enhanced-cache: done"
        );
        let mut p = report(
            "rollback planned",
            vec![action("set rollout to 25 %", Outcome::Done)],
        );
        p.set_data(
            "state",
            json!({"status": "stopped", "completed": 1, "plan": [1, 2], "start_percentage": 50.0}),
        );
        p.stopped = Some("interrupted by SIGINT".into());
        p.set_data("resume_command", "swcache rollback planned --resume");
        let e = events(&p);
        assert_eq!(e[0].summary, "planned rollback started from 50 %");
        assert_eq!(
            e[1].summary,
            "planned rollback stopped after 1 of 2 stages: interrupted by SIGINT; to continue: swcache rollback planned --resume"
        );
    }

    #[test]
    fn rollout_run_events() {
        let steps = vec![
            action("rollout run: enhanced-cache to 10 %", Outcome::Done),
            action("rollout run: enhanced-cache to 25 %", Outcome::Done),
        ];
        let mut r = report("rollout run", steps.clone());
        r.set_data("run", json!({"outcome": "done"}));
        assert_eq!(kinds(&r), vec![Kind::RolloutStep, Kind::RolloutStep]);

        let mut r = report("rollout run", steps[..1].to_vec());
        r.set_data("run", json!({"outcome": "held"}));
        r.stopped = Some("held at 10 %: analysis INCONCLUSIVE".into());
        assert_eq!(kinds(&r), vec![Kind::RolloutStep, Kind::GateHeld]);

        let mut rb = steps.clone();
        rb.push(action("set rollout to 10 %", Outcome::Done));
        let mut r = report("rollout run", rb);
        r.set_data("run", json!({"outcome": "rolled-back"}));
        r.set_data("failed_at", 25);
        r.set_data("rollback", json!({"path": "planned", "finished": true}));
        let ev = events(&r);
        assert_eq!(
            ev.iter().map(|e| e.kind).collect::<Vec<_>>(),
            vec![
                Kind::RolloutStep,
                Kind::RolloutStep,
                Kind::RollbackStarted,
                Kind::RollbackFinished
            ],
            "the rollback's own writes are not rollout steps"
        );
        assert!(
            ev[2].summary.contains("analysis failed at 25 %"),
            "{}",
            ev[2].summary
        );

        r.set_data(
            "rollback",
            json!({"path": "planned", "finished": false, "stopped": "SIGINT"}),
        );
        assert_eq!(kinds(&r).last(), Some(&Kind::RollbackStopped));
    }
}
