//! The act layer: the one place every write goes through. `--dry-run` prints it instead;
//! a write that needs it is confirmed first (a terminal, or `--yes`); every write sent is
//! checked by reading back and appended to the audit log. A plan (`policy::plan`) is asked
//! once as a whole, and its writes go out in one round, their read-backs in the next.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Instant;

use futures::future::join_all;
use serde_json::Value;

use crate::api::{Client, WritePermit};
use crate::audit::AuditLog;
use crate::output::{Action, Outcome, Printer};
use crate::policy::exposure::{self, Exposure};
use crate::policy::figure::{Figure, Range, from_fetch};
pub(crate) use crate::policy::plan::ReadBack;
use crate::policy::plan::{Plan, PlannedWrite};
use crate::policy::rollout::{FlagState, parse_flag};
use crate::prompt::{self, Answer};
use crate::signals::Cancel;
use crate::steps::{self, StepSpec};
use crate::vocab::Endpoint;

pub(crate) struct Actor<'a> {
    pub client: &'a Client,
    pub printer: &'a Printer,
    pub audit: &'a AuditLog,
    pub dry_run: bool,
    pub yes: bool,
    /// The rollout flag's name (`[rollout] flag`).
    pub flag: &'a str,
    /// A production environment's name: confirmations ask for it to be typed.
    pub confirm_name: Option<&'a str>,
    /// The run's cancellation: no write starts after a signal; one in flight is let finish.
    pub cancel: &'a Cancel,
    /// What the command may do to the flag's exposure: every flag write is checked against it.
    pub exposure: Exposure,
    /// Where a `rollout run` last left the flag ([`Exposure::Run`]): a flag that reads otherwise
    /// was moved by someone else, and the run's write is refused.
    pub expected: Option<FlagState>,
}

impl Actor<'_> {
    /// Asks once (for a plan of several writes). `Err` is the declined action to report.
    pub(crate) fn confirm(&self, question: &str) -> Result<(), String> {
        self.confirm_with(&[], question)
    }

    /// Shows the evidence and the exact change (short lines, on stderr), then asks one short
    /// question. The lines are shown only when someone is asked: with `--yes` or without a
    /// terminal the report carries them.
    pub(crate) fn confirm_with(&self, evidence: &[String], question: &str) -> Result<(), String> {
        self.ask(evidence, question, true)
    }

    /// As [`Actor::confirm_with`], for a write that only lowers exposure (an incident's cut, a
    /// disable): asked with y/N even in production, where typing the name would slow the
    /// response down for no safety.
    pub(crate) fn confirm_lowering(
        &self,
        evidence: &[String],
        question: &str,
    ) -> Result<(), String> {
        self.ask(evidence, question, false)
    }

    fn ask(&self, evidence: &[String], question: &str, strong: bool) -> Result<(), String> {
        if self.dry_run {
            // Nothing will be sent, so there is nothing to confirm.
            return Ok(());
        }
        if !self.yes && prompt::interactive() {
            for line in evidence {
                self.printer.prompt_line(line);
            }
        }
        let expect = match self.confirm_name.filter(|_| strong) {
            Some(name) => prompt::Expect::Name(name.to_string()),
            None => prompt::Expect::YesNo,
        };
        match prompt::ask(question, &expect, self.yes) {
            Answer::Yes => Ok(()),
            Answer::No => Err("declined at the prompt; nothing sent".into()),
            Answer::NoTerminal => Err("needs confirmation, but there is no terminal to ask on: pass --yes (or --dry-run to see the plan); nothing sent".into()),
        }
    }

    /// The report line for a write that was planned but not confirmed.
    pub(crate) fn declined(&self, w: &PlannedWrite, why: &str) -> Action {
        Action {
            name: w.name.clone(),
            method: w.endpoint.method().to_string(),
            url: self.client.url(w.endpoint),
            body: w.body.clone(),
            outcome: Outcome::Declined,
            detail: Some(why.to_string()),
            duration_ms: 0,
            response: None,
        }
    }

    /// A plan of one safe write (a step of a run or a rollback, asked with the run): sent,
    /// read back and recorded as every plan's writes are.
    pub(crate) async fn perform(&self, w: PlannedWrite) -> Action {
        let (mut actions, ()) = self.execute(std::slice::from_ref(&w), async {}).await;
        actions.remove(0)
    }

    /// Appends an action that happened to the audit log; failing to is said, not fatal.
    pub(crate) fn record(&self, action: &Action) {
        if let Err(e) = self.audit.record(action) {
            self.printer.warn(format!(
                "could not append to the audit log {}: {e}",
                self.audit.location()
            ));
            self.audit.failed(e.to_string());
        }
    }

    /// Runs a configured shell step as an audited action (method `RUN`). `None`: not
    /// configured, reported SKIPPED with `why` (the caller says so on stderr in its words).
    /// The step learns which app and environment it acts for, never the token.
    pub(crate) async fn run_step(&self, name: &str, spec: Option<StepSpec>, why: &str) -> Action {
        let mut action = Action {
            name: format!("step {name}"),
            method: "RUN".into(),
            url: "(not run)".into(),
            body: None,
            outcome: Outcome::Skipped,
            detail: Some(why.to_string()),
            duration_ms: 0,
            response: None,
        };
        let Some(mut spec) = spec else { return action };
        action.url = spec.command.clone();
        if self.dry_run {
            // Whole, for the reviewer of a dry run: the very command a run would start.
            let width = crate::output::printer::stdout_width().unwrap_or(100);
            self.printer.info(format!(
                "dry-run: would run step {name} (timeout {}):{}",
                crate::numbers::duration(spec.timeout),
                steps::command_in_full(&spec.command, usize::from(width))
            ));
            action.outcome = Outcome::DryRun;
            action.detail = Some("not run (--dry-run)".into());
            return action;
        }
        let url = self
            .client
            .base_url()
            .as_str()
            .trim_end_matches('/')
            .to_string();
        spec.env.entry("SWCACHE_URL".into()).or_insert(url);
        spec.env
            .entry("SWCACHE_ENV".into())
            .or_insert_with(|| self.audit.environment().to_string());
        let token = self.client.token().map(|t| t.expose());
        let out = steps::run(&spec, self.printer, token, self.cancel).await;
        action.outcome = match (out.ok, out.started) {
            (true, _) => Outcome::Done,
            // Stopped by a signal before it began: it did not fail, it never ran.
            (false, false) => Outcome::Skipped,
            (false, true) => Outcome::Failed,
        };
        action.detail = Some(out.summary());
        action.duration_ms = out.duration_ms;
        self.record(&action);
        action
    }

    /// The exposure guard, the last check before a flag write is sent: its body must be a
    /// change of the rollout flag in 0–100, and it must keep to the command's [`Exposure`]
    /// (reading the flag first where that takes the flag as it stands). `Err` is the report's
    /// reason; nothing was sent.
    async fn guard(&self, writes: &[PlannedWrite]) -> Result<(), String> {
        for w in writes
            .iter()
            .filter(|w| w.endpoint == Endpoint::SetFeatureFlags)
        {
            let refused = |why: String| format!("NOT SENT: the exposure guard refused it: {why}");
            let change = exposure::parse_change(w.body.as_ref(), self.flag).map_err(refused)?;
            let current = if exposure::needs_current(self.exposure, &change) {
                let doc = self
                    .client
                    .get_json(Endpoint::FeatureFlags)
                    .await
                    .map_err(|e| e.to_string());
                let label = self.client.label(Endpoint::FeatureFlags);
                Some(parse_flag(&doc, &label, self.flag))
            } else {
                None
            };
            exposure::check(
                self.exposure,
                &change,
                current.as_ref(),
                self.expected.as_ref(),
            )
            .map_err(refused)?;
        }
        Ok(())
    }

    /// This actor for a run's next write: the flag must still read `at` (where the run left it).
    pub(crate) fn expecting(self, at: &FlagState) -> Self {
        Actor {
            expected: Some(at.clone()),
            ..self
        }
    }

    /// Whether `doc`, read after the write, confirms it.
    fn judge(&self, rb: &ReadBack, doc: &Result<Value, String>) -> Result<String, String> {
        let (endpoint, expected, scope) = match rb {
            ReadBack::AnswerOnly => {
                return Ok("accepted (2xx; the app has no read to confirm it by)".into());
            }
            ReadBack::StorageBelow(limit) => return self.storage_below(*limit, doc),
            ReadBack::Flag(v) => (Endpoint::FeatureFlags, v, Some(self.flag)),
            ReadBack::CacheConfig(v) => (Endpoint::CacheConfig, v, None),
        };
        let doc = doc.as_ref().map_err(Clone::clone)?;
        let actual = match scope {
            Some(key) => doc.get(key).cloned().unwrap_or(Value::Null),
            None => doc.clone(),
        };
        match first_mismatch(expected, &actual, "") {
            None => Ok(format!("read back: {expected}")),
            Some(m) => Err(format!("{}: {m}", self.client.label(endpoint))),
        }
    }

    fn storage_below(&self, limit: f64, doc: &Result<Value, String>) -> Result<String, String> {
        let label = self.client.label(Endpoint::CacheMetrics);
        match from_fetch(doc, &label, "storage.percentage", Range::Percent) {
            Figure::Known(s) if s < limit => Ok(format!("storage reads {s} %, below {limit} %")),
            Figure::Known(s) => Err(format!("storage still reads {s} %, not below {limit} %")),
            Figure::Unknown(why) => Err(format!("storage could not be read back: {why}")),
        }
    }
}

/// Plans: one question for the whole plan, then every write at once and every read-back at
/// once (a read confirms every write it can: one `GET /api/admin/cache-config` for all the
/// cache changes).
impl Actor<'_> {
    /// The plan as shown before its question: the evidence, each write with the request it
    /// sends, then what follows the writes.
    pub(crate) fn plan_lines(&self, plan: &Plan) -> Vec<String> {
        let Some(c) = &plan.confirm else {
            return Vec::new();
        };
        let mut lines = c.evidence.clone();
        let mut n = 0;
        for w in &plan.writes {
            n += 1;
            let body = w.body.as_ref().map(|b| format!(" {b}")).unwrap_or_default();
            lines.push(format!(
                "  {n}. {}: {}{body}",
                w.says,
                self.client.label(w.endpoint)
            ));
        }
        for then in &c.then {
            n += 1;
            lines.push(format!("  {n}. {then}"));
        }
        lines
    }

    /// Asks the plan's one question, before any of its writes; a plan without one (safe
    /// writes) goes ahead. `Err` is why it was not confirmed.
    pub(crate) fn confirm_plan(&self, plan: &Plan) -> Result<(), String> {
        match &plan.confirm {
            None => Ok(()),
            Some(c) => self.ask(&self.plan_lines(plan), &c.question, !c.lowering),
        }
    }

    /// A plan whole: its one question, then its writes sent and read back together (the writes
    /// it holds back reported SKIPPED). Declined: every write reported, none sent.
    pub(crate) async fn run(&self, plan: &Plan) -> Vec<Action> {
        if let Err(why) = self.confirm_plan(plan) {
            return self.declined_plan(plan, &why);
        }
        let mut actions = self.held(plan);
        actions.extend(self.execute(&plan.writes, async {}).await.0);
        actions
    }

    /// The report lines for a plan whose question was not confirmed: nothing of it was sent.
    pub(crate) fn declined_plan(&self, plan: &Plan, why: &str) -> Vec<Action> {
        plan.writes.iter().map(|w| self.declined(w, why)).collect()
    }

    /// The report lines for the writes a plan holds back (SKIPPED, never sent).
    pub(crate) fn held(&self, plan: &Plan) -> Vec<Action> {
        plan.held
            .iter()
            .map(|(w, why)| Action {
                outcome: Outcome::Skipped,
                ..self.declined(w, why)
            })
            .collect()
    }

    /// Sends `writes` together, then reads them back together while `alongside` runs (reads
    /// that need the writes sent, not confirmed: a breakdown "after the cleanup", a watch).
    /// Each write is recorded in the audit log as soon as its read-back is judged. The writes
    /// must be independent (one per endpoint). Confirming is the caller's: [`Actor::confirm_plan`].
    pub(crate) async fn execute<T>(
        &self,
        writes: &[PlannedWrite],
        alongside: impl Future<Output = T>,
    ) -> (Vec<Action>, T) {
        debug_assert!(
            !Plan {
                writes: writes.to_vec(),
                ..Plan::default()
            }
            .has_racing_writes(),
            "two writes of one plan to one endpoint would race"
        );
        let mut actions: Vec<Action> = writes
            .iter()
            .map(|w| Action {
                outcome: Outcome::DryRun,
                detail: None,
                ..self.declined(w, "")
            })
            .collect();
        if self.dry_run {
            for a in &mut actions {
                let body = a.body.as_ref().map(|b| format!(" {b}")).unwrap_or_default();
                self.printer
                    .info(format!("dry-run: would send {} {}{body}", a.method, a.url));
                a.detail = Some("not sent (--dry-run)".into());
            }
            return (actions, alongside.await);
        }
        if let Err(why) = self.guard(writes).await {
            // One plan, one decision: none of its writes go out when one breaks the guard.
            for a in &mut actions {
                a.outcome = Outcome::Failed;
                a.detail = Some(why.clone());
                self.record(a);
            }
            return (actions, alongside.await);
        }
        // Marked in flight before the check: a signal from here on waits for the writes and
        // their read-backs, so all are recorded.
        let in_flight = match self.cancel.start() {
            Ok(mark) => mark,
            Err(sig) => {
                for a in &mut actions {
                    a.outcome = Outcome::Declined;
                    a.detail = Some(format!("not sent: interrupted by {sig}"));
                }
                return (actions, alongside.await);
            }
        };
        self.send_and_read_back(writes, actions, alongside, in_flight)
            .await
    }

    async fn send_and_read_back<T>(
        &self,
        writes: &[PlannedWrite],
        mut actions: Vec<Action>,
        alongside: impl Future<Output = T>,
        in_flight: crate::signals::InFlight,
    ) -> (Vec<Action>, T) {
        let started = Instant::now();
        for a in &actions {
            self.printer
                .verbose(format!("sending {} {}", a.method, a.url));
        }
        let permit = WritePermit::for_act();
        let answers = join_all(
            writes
                .iter()
                .map(|w| self.client.post_json(&permit, w.endpoint, w.body.as_ref())),
        )
        .await;
        let finish = |a: &mut Action, outcome, detail| {
            a.outcome = outcome;
            a.detail = Some(detail);
            a.duration_ms = started.elapsed().as_millis() as u64;
            if outcome != Outcome::Done {
                a.response = None;
            }
        };
        // The accepted writes, by the read that confirms them.
        let mut reads: BTreeMap<Endpoint, Vec<usize>> = BTreeMap::new();
        for (i, answer) in answers.into_iter().enumerate() {
            let a = &mut actions[i];
            match answer {
                Err(e) => finish(a, Outcome::Failed, e.to_string()),
                Ok(answer) => {
                    a.response =
                        Some(answer).filter(|a| a.as_object().is_none_or(|o| !o.is_empty()));
                    match writes[i].readback.endpoint() {
                        Some(ep) => reads.entry(ep).or_default().push(i),
                        None => match self.judge(&writes[i].readback, &Ok(Value::Null)) {
                            Ok(note) => finish(a, Outcome::Done, note),
                            Err(why) => finish(a, Outcome::Failed, why),
                        },
                    }
                }
            }
        }
        let reads = join_all(reads.into_iter().map(|(ep, items)| async move {
            let doc = self.client.get_json(ep).await.map_err(|e| e.to_string());
            (doc, items)
        }));
        let confirmed = async {
            for (doc, items) in reads.await {
                for i in items {
                    match self.judge(&writes[i].readback, &doc) {
                        Ok(note) => finish(&mut actions[i], Outcome::Done, note),
                        Err(why) => finish(
                            &mut actions[i],
                            Outcome::Failed,
                            format!("sent, but reading back did not confirm it: {why}"),
                        ),
                    }
                }
            }
            // In the plan's order, so the audit log reads as the plan does; before whatever
            // runs alongside ends (a watch may take minutes).
            for a in &actions {
                self.record(a);
            }
            drop(in_flight);
            actions
        };
        tokio::join!(confirmed, alongside)
    }
}

/// Where `actual` fails to contain `expected` (objects: every expected key; other values:
/// equal, numbers compared as numbers).
pub(crate) fn first_mismatch(expected: &Value, actual: &Value, at: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().find_map(|(k, ev)| {
            let path = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            match a.get(k) {
                Some(av) => first_mismatch(ev, av, &path),
                None => Some(format!("{path} is missing (expected {ev})")),
            }
        }),
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => None,
        (e, a) if e == a => None,
        (e, a) => Some(format!(
            "{} is {a}, expected {e}",
            if at.is_empty() { "value" } else { at }
        )),
    }
}

// Against the embedded sandbox app, like `paused_tests`.
#[cfg(all(test, feature = "sandbox"))]
mod guard_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn subset_matching() {
        let actual = json!({"enabled": true, "percentage": 25.0, "userGroups": ["a"]});
        assert_eq!(
            first_mismatch(&json!({"percentage": 25}), &actual, ""),
            None
        );
        assert_eq!(
            first_mismatch(&json!({"percentage": 50}), &actual, ""),
            Some("percentage is 25.0, expected 50".into())
        );
        assert!(first_mismatch(&json!({"userGroups": ["a", "b"]}), &actual, "").is_some());
        assert!(
            first_mismatch(
                &json!({"feed-cache": {"ttl": 600000}}),
                &json!({"feed-cache": {}}),
                ""
            )
            .unwrap()
            .contains("feed-cache.ttl is missing")
        );
    }
}
