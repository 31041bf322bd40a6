//! `swcache rollout status|set|advance|enable|disable`: the rollout flag and its gate.
//!
//! Raising exposure (set higher, advance, enable) shows the gate first — every KPI with a
//! threshold, the error rate, the flag, the time baked at the current step — and stops when it
//! is held or UNKNOWN unless `--force`. It is refused while a planned rollback is unfinished.

use std::time::{Duration, SystemTime};

use serde::Serialize;
use serde_json::json;

use crate::act::ReadBack;
use crate::cli::{GateArgs, RolloutEnableArgs, Schedule};
use crate::commands::rollback::state;
use crate::commands::{Ctx, alertmanager, cohort, fetch};
use crate::exit::CliError;
use crate::output::render::{number, split_cause};
use crate::output::{Payload, Report, Section};
use crate::policy::check::Check;
use crate::policy::gate::{Bake, Gate, gate, judge_bake, last_change};
use crate::policy::plan::{Confirm, Plan, PlannedWrite};
use crate::policy::rollout::{FlagState, SetPlan, flag_body, next_step, parse_flag, plan_set};
use crate::policy::thresholds::{CACHE_KPIS, Kpi, SYNC_KPIS};
use crate::vocab::Endpoint;
use crate::vocab::Severity;

/// The flag, the cache and sync KPIs, the error rate, the cohorts compared and the alerts
/// that hold (`[gate] alertmanager`), read concurrently into `report.checks` (the flag's row
/// first).
pub(crate) async fn read_gate(ctx: &Ctx, report: &mut Report) -> Result<FlagState, String> {
    let (client, printer) = (&ctx.client, &ctx.printer);
    let kpis: Vec<Kpi> = CACHE_KPIS.iter().chain(&SYNC_KPIS).copied().collect();
    // The flag from the app; the KPIs and the error rate from the configured source; the
    // cohorts compared and the firing alerts, when configured.
    let (flag_doc, kpi_checks, error_rate, compared, alerts) = tokio::join!(
        fetch::json(client, printer, Endpoint::FeatureFlags),
        fetch::kpi_checks(ctx, &kpis),
        fetch::error_rate_check(ctx, Endpoint::ErrorMetrics),
        cohort::comparisons(ctx),
        alertmanager::checks(ctx),
    );
    let flag = parse_flag(
        &flag_doc,
        &client.label(Endpoint::FeatureFlags),
        &ctx.settings.rollout.flag,
    );
    report.checks.push(flag_check(ctx, &flag));
    let first = report.checks.len();
    report.checks.extend(kpi_checks);
    report.checks.push(error_rate);
    cohort::mark_advisory(ctx, &mut report.checks[first..]);
    let g = &ctx.settings.gate;
    cohort::add_to(report, &compared, (&g.enhanced, &g.control));
    report.checks.extend(alerts);
    flag
}

/// How long the flag has stood where it is: the app's `updatedAt`, else the audit log.
fn bake(ctx: &Ctx, flag: &FlagState, min: Duration) -> Bake {
    let audit = ctx
        .audit
        .last_done(&ctx.client.url(Endpoint::SetFeatureFlags));
    judge_bake(
        last_change(flag.updated_at.as_deref(), audit),
        SystemTime::now(),
        min,
        flag.exposure(),
    )
}

/// Records the gate in the report (data, and a line saying why it holds).
fn record_gate(report: &mut Report, g: &Gate, bake: Option<&Bake>) {
    report.attach(&GateReport { gate: g, bake });
}

/// The gate's verdict (JSON `gate`, and `bake` when judged); its reasons are the report's
/// notes, its figures the checks.
#[derive(Serialize)]
pub(crate) struct GateReport<'a> {
    gate: &'a Gate,
    #[serde(skip_serializing_if = "Option::is_none")]
    bake: Option<&'a Bake>,
}

impl<'a> GateReport<'a> {
    pub(crate) fn of(gate: &'a Gate, bake: Option<&'a Bake>) -> GateReport<'a> {
        GateReport { gate, bake }
    }
}

impl Payload for GateReport<'_> {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

/// The flag as read (JSON `flag`, null when it could not be read), shown as one table.
#[derive(Serialize)]
struct FlagReport<'a> {
    flag: Option<&'a FlagState>,
    #[serde(skip)]
    title: String,
}

/// The flag as a confirmed write left it (JSON `flag_after`; `flag` stays what was read before).
#[derive(Serialize)]
struct FlagAfter<'a> {
    flag_after: &'a FlagState,
    #[serde(skip)]
    title: String,
}

impl Payload for FlagAfter<'_> {
    fn tables(&self) -> Vec<Section> {
        vec![flag_section(
            &self.title,
            self.flag_after,
            "now (read back)".into(),
        )]
    }
}

impl Payload for FlagReport<'_> {
    fn tables(&self) -> Vec<Section> {
        let Some(f) = self.flag else {
            return Vec::new();
        };
        let updated = f
            .updated_at
            .as_deref()
            .map(|t| crate::numbers::moment_text(t, SystemTime::now()))
            .unwrap_or_else(|| "(not reported)".into());
        vec![flag_section(&self.title, f, updated)]
    }
}

/// The flag as one row: enabled, percentage, groups, and when it last changed.
fn flag_section(title: &str, f: &FlagState, updated: String) -> Section {
    Section {
        title: title.to_string(),
        header: ["Enabled", "Percentage", "User groups", "Updated"]
            .map(String::from)
            .to_vec(),
        rows: vec![vec![
            f.enabled.to_string(),
            format!("{} %", number(f.percentage)),
            f.user_groups.join(", "),
            updated,
        ]],
    }
}

/// Where `advance` moves the flag (JSON `schedule`, then `advance` once a step is chosen).
#[derive(Serialize)]
struct AdvanceReport<'a> {
    schedule: &'a [u8],
    #[serde(skip_serializing_if = "Option::is_none")]
    advance: Option<Step>,
}

#[derive(Serialize)]
struct Step {
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<f64>,
    to: u8,
}

impl Payload for AdvanceReport<'_> {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

/// Where `enable` starts the flag (JSON `enable`).
#[derive(Serialize)]
struct EnableReport {
    enable: Step,
}

impl Payload for EnableReport {
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

/// The gate as a person reads it: "open", or one line per reason it holds.
fn gate_lines(report: &Report, g: &Gate, bake: Option<&Bake>) -> Vec<String> {
    if g.open {
        let mut line = "gate open: every figure within its target".to_string();
        if let Some(b) = bake {
            line.push_str(&format!("; {}", b.detail));
        }
        return vec![line];
    }
    let mut lines = vec!["gate HELD by:".to_string()];
    lines.extend(
        held_by(&report.checks)
            .into_iter()
            .map(|l| format!("  {l}")),
    );
    if let Some(b) = bake.filter(|b| !b.ok) {
        lines.push(format!("  {}", b.detail));
    }
    lines
}

pub(crate) async fn status(ctx: &Ctx, min_bake: Option<Duration>) -> anyhow::Result<Report> {
    ctx.require_token("rollout status")?;
    let mut report = ctx.report("rollout status");
    let flag = read_gate(ctx, &mut report).await;
    add_flag(ctx, &mut report, &flag, "");
    let baked = flag
        .as_ref()
        .ok()
        .map(|f| bake(ctx, f, min_bake.unwrap_or(ctx.settings.rollout.min_bake)));
    // A held or UNKNOWN flag holds the gate too: "open" is never said beside an UNKNOWN.
    let g = gate(&report.checks, baked.as_ref());
    record_gate(&mut report, &g, baked.as_ref());
    let lines = gate_lines(&report, &g, baked.as_ref());
    report.notes.push(lines.join("\n      "));
    Ok(report)
}

/// A planned rollback that has not finished owns the flag: nothing may raise exposure until it
/// is resumed to its end (or its state file removed by someone who decided so).
pub(crate) fn refuse_while_rolling_back(ctx: &Ctx, what: &str) -> Result<(), CliError> {
    let env = ctx.settings.env_label();
    let path = state::doc(&ctx.store, &env);
    let Some(rec) = state::load(&path)?.filter(|r| r.unfinished()) else {
        return Ok(());
    };
    let env_flag = ctx
        .settings
        .env_name
        .as_ref()
        .map(|e| format!(" --env {e}"))
        .unwrap_or_default();
    Err(CliError::stopped(format!(
        "a planned rollback of {env} is unfinished ({} of {} stages done, recorded in {}): {what} \
         would raise exposure in the middle of it. Finish it first with `swcache{env_flag} \
         rollback planned --resume`; nothing was sent",
        rec.completed,
        rec.plan.len(),
        path
    )))
}

/// Reads the gate for a change that raises exposure and decides whether to go on. `Err` is
/// the reason to stop (already in the report's data); `Ok` carries the evidence lines.
fn judge_raise(
    ctx: &Ctx,
    report: &mut Report,
    current: &FlagState,
    min_bake: Option<Duration>,
    force: bool,
    bake_applies: bool,
) -> Result<Vec<String>, String> {
    let baked = bake_applies.then(|| {
        bake(
            ctx,
            current,
            min_bake.unwrap_or(ctx.settings.rollout.min_bake),
        )
    });
    let g = gate(&report.checks, baked.as_ref());
    record_gate(report, &g, baked.as_ref());
    let mut lines = gate_lines(report, &g, baked.as_ref());
    if !g.open {
        if !force {
            return Err(format!(
                "{}; nothing was written. Wait and run again, or pass --force to raise exposure \
                 past the held gate",
                lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ")
            ));
        }
        let why = format!(
            "--force: raising exposure past a held gate ({})",
            g.failing.join("; ")
        );
        report.notes.push(why.clone());
        lines.push(format!("WARNING {why}"));
    }
    Ok(lines)
}

/// `rollout advance`: the next step of the schedule above the current percentage, only when
/// the gate is open. A disabled flag is refused (advancing it would say nothing about users
/// and move the step they will get on enable).
pub(crate) async fn advance(
    ctx: &Ctx,
    schedule: &Schedule,
    gate_args: &GateArgs,
) -> anyhow::Result<Report> {
    let schedule = schedule.checked()?;
    ctx.require_token("rollout advance")?;
    refuse_while_rolling_back(ctx, "`rollout advance`")?;
    let name = ctx.settings.rollout.flag.clone();
    let mut report = ctx.report("rollout advance");
    let flag = read_gate(ctx, &mut report).await;
    add_flag(ctx, &mut report, &flag, ", as read");
    report.attach(&AdvanceReport {
        schedule,
        advance: None,
    });
    let current = match flag {
        Ok(f) => f,
        Err(_) => return Ok(held_unread(report)),
    };
    if !current.enabled {
        report.stopped = Some(format!(
            "{name} is disabled (it reads {} % but nobody gets it): advancing would not raise \
             exposure, only change what enabling brings. Turn it back on with `swcache rollout \
             enable` (starts at {} %); nothing was written",
            number(current.percentage),
            schedule[0]
        ));
        return Ok(report);
    }
    let Some(next) = next_step(schedule, current.percentage) else {
        report.notes.push(format!(
            "the flag reads {} %, at or past the schedule's last step ({} %): nothing to do",
            number(current.percentage),
            schedule.last().copied().unwrap_or(100)
        ));
        return Ok(report);
    };
    let evidence = match judge_raise(
        ctx,
        &mut report,
        &current,
        gate_args.min_bake,
        gate_args.force,
        true,
    ) {
        Ok(lines) => lines,
        Err(why) => {
            report.stopped = Some(format!(
                "the rollout stays at {} % (next step {next} %): {why}",
                number(current.percentage)
            ));
            return Ok(report);
        }
    };
    // With `[analysis]`, the open gate must also hold over the window (not under --force,
    // which raises past a held gate).
    if let Some(a) = ctx.settings.analysis.filter(|_| !gate_args.force)
        && let Err(why) = analyse_gate(ctx, &mut report, a).await
    {
        report.stopped = Some(format!(
            "the rollout stays at {} % (next step {next} %): {why}; nothing was written",
            number(current.percentage)
        ));
        return Ok(report);
    }
    report.attach(&AdvanceReport {
        schedule,
        advance: Some(Step {
            from: Some(current.percentage),
            to: next,
        }),
    });
    let plan = plan_set(&name, &current, next, None);
    send_plan(
        ctx,
        &mut report,
        &current,
        plan,
        evidence,
        Wording {
            name: format!("advance rollout to {next} %"),
            change: change_line(ctx, &current, next, true),
            question: format!("Advance to {next} %?"),
        },
    )
    .await;
    Ok(report)
}

/// The gate's figures measured over `[analysis]`'s window; `Err` says why it did not pass
/// (failed or inconclusive: either holds the gate, and nothing is written).
async fn analyse_gate(
    ctx: &Ctx,
    report: &mut Report,
    a: crate::policy::analysis::AnalysisSettings,
) -> Result<(), String> {
    let mut stop = ctx.cancel.subscribe();
    let printer = &ctx.printer;
    let run = crate::commands::analysis::run(
        &a,
        || async {
            let mut scratch = ctx.report("rollout advance");
            let _ = read_gate(ctx, &mut scratch).await;
            scratch.checks
        },
        &mut stop,
        |m, s| printer.info(crate::commands::analysis::progress_line(m, s, "")),
    )
    .await;
    run.add_to(report, "Analysis".into());
    if run.outcome == crate::policy::analysis::AnalysisOutcome::Passed {
        Ok(())
    } else {
        let held = Gate {
            open: false,
            failing: vec![run.summary()],
        };
        report.attach(&GateReport::of(&held, None));
        Err(format!("gate held by the {}", run.summary()))
    }
}

/// "change: enhanced-cache 25 % → 50 % on production (https://…)".
fn change_line(ctx: &Ctx, current: &FlagState, to: u8, enabled_after: bool) -> String {
    let state = |enabled: bool, p: f64| {
        if enabled {
            format!("{} %", number(p))
        } else {
            format!("disabled ({} %)", number(p))
        }
    };
    format!(
        "change: {} {} → {} on {} ({})",
        ctx.settings.rollout.flag,
        state(current.enabled, current.percentage),
        state(enabled_after, f64::from(to)),
        ctx.settings.env_label(),
        ctx.client.base_url()
    )
}

/// Sends a planned flag change: when it raises exposure, the evidence and the exact change are
/// shown and one short question asked; then it is read back.
/// How a flag write is named and asked: its report name, its change line, its question.
struct Wording {
    name: String,
    change: String,
    question: String,
}

async fn send_plan(
    ctx: &Ctx,
    report: &mut Report,
    before: &FlagState,
    plan: SetPlan,
    mut evidence: Vec<String>,
    wording: Wording,
) {
    let Wording {
        name,
        change,
        question,
    } = wording;
    let Some(body) = plan.body else { return };
    let confirmed = plan.expect.clone();
    let write = PlannedWrite {
        name,
        endpoint: Endpoint::SetFeatureFlags,
        body: Some(body),
        says: change,
        readback: ReadBack::Flag(plan.expect),
    };
    // Only a raise is asked: lowering needs no question.
    let confirm = plan.raises_exposure.then(|| Confirm {
        evidence: std::mem::take(&mut evidence),
        then: Vec::new(),
        question,
        lowering: false,
    });
    let plan = Plan {
        writes: vec![write],
        confirm,
        ..Plan::default()
    };
    let actions = ctx.actor().run(&plan).await;
    if actions
        .iter()
        .any(|a| a.outcome != crate::output::Outcome::Declined)
    {
        // A raise past a held gate (--force) answers for the figures that held it.
        report.handling();
    }
    let done = actions
        .iter()
        .all(|a| a.outcome == crate::output::Outcome::Done);
    report.actions.extend(actions);
    if done {
        show_after(ctx, report, before, &confirmed);
    }
}

/// After a confirmed flag write, the report shows the flag as it is now: the flag row says
/// what changed (`enabled at 25 % (was 10 %), read back`) and the flag table is the state
/// after, not the one before presented as current.
fn show_after(ctx: &Ctx, report: &mut Report, before: &FlagState, confirmed: &serde_json::Value) {
    let mut after = before.clone();
    if let Some(e) = confirmed
        .get("enabled")
        .and_then(serde_json::Value::as_bool)
    {
        after.enabled = e;
    }
    if let Some(p) = confirmed
        .get("percentage")
        .and_then(serde_json::Value::as_f64)
    {
        after.percentage = p;
    }
    if let Some(g) = confirmed
        .get("userGroups")
        .and_then(serde_json::Value::as_array)
    {
        after.user_groups = g
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
    }
    after.updated_at = None;
    let name = ctx.settings.rollout.flag.clone();
    let row = format!("{name} flag");
    // What changed, briefly: the part of the state that differs.
    let was = if after.enabled == before.enabled {
        format!("{} %", number(before.percentage))
    } else if after.percentage == before.percentage {
        (if before.enabled {
            "enabled"
        } else {
            "disabled"
        })
        .to_string()
    } else {
        before.text()
    };
    if let Some(c) = report.checks.iter_mut().find(|c| c.name == row) {
        c.detail = Some(format!("{} (was {was})", after.text()));
    }
    report.sections.retain(|s| !s.title.ends_with(", as read"));
    report.attach(&FlagAfter {
        flag_after: &after,
        title: format!("Flag {name}, after the change (read back)"),
    });
}

pub(crate) async fn set(
    ctx: &Ctx,
    percentage: u8,
    groups: Option<Vec<String>>,
    gate_args: &GateArgs,
) -> anyhow::Result<Report> {
    ctx.require_token("rollout set")?;
    let name = ctx.settings.rollout.flag.clone();
    let mut report = ctx.report("rollout set");
    // The gate is read with the flag, in one round: whether it is needed (a raise) is only
    // known from the flag, and reading it afterwards would cost a round of its own.
    let mut gate_report = ctx.report("rollout set");
    let flag = read_gate(ctx, &mut gate_report).await;
    let Ok(current) = flag.clone() else {
        report.checks.push(flag_check(ctx, &flag));
        report
            .notes
            .push("the flag could not be read, so nothing was written; check it by hand".into());
        return Ok(report);
    };
    let plan = plan_set(&name, &current, percentage, groups.as_deref());
    if plan.body.is_none() {
        report.checks.push(flag_check(ctx, &flag));
        add_flag(ctx, &mut report, &flag, ", as read");
        report.notes.push(format!(
            "the flag already reads {percentage} %; nothing to write"
        ));
        return Ok(report);
    }
    let mut evidence = Vec::new();
    if plan.raises_exposure {
        refuse_while_rolling_back(ctx, "`rollout set` to a higher percentage")?;
        // The gate whole: its checks, and the comparison it judged (data and table).
        report.checks = gate_report.checks;
        report.data.extend(gate_report.data);
        report.sections.extend(gate_report.sections);
        add_flag(ctx, &mut report, &flag, ", as read");
        // Moving the percentage of a disabled flag exposes nobody now: nothing to bake.
        match judge_raise(
            ctx,
            &mut report,
            &current,
            gate_args.min_bake,
            gate_args.force,
            current.enabled,
        ) {
            Ok(lines) => evidence = lines,
            Err(why) => {
                report.stopped = Some(format!(
                    "the rollout stays at {} %: {why}",
                    number(current.percentage)
                ));
                return Ok(report);
            }
        }
    } else {
        report.checks.push(flag_check(ctx, &flag));
        add_flag(ctx, &mut report, &flag, ", as read");
    }
    if !current.enabled {
        report.notes.push(format!(
            "{name} is disabled: the percentage takes effect once it is enabled (`swcache rollout enable {percentage}`)"
        ));
    }
    send_plan(
        ctx,
        &mut report,
        &current,
        plan,
        evidence,
        Wording {
            name: format!("set rollout to {percentage} %"),
            change: change_line(ctx, &current, percentage, current.enabled),
            question: format!("Set {name} to {percentage} %?"),
        },
    )
    .await;
    Ok(report)
}

/// `rollout enable [PCT]`: turns a disabled flag back on, at the schedule's first step unless
/// a percentage is given (never at whatever it read when it was switched off).
pub(crate) async fn enable(ctx: &Ctx, args: &RolloutEnableArgs) -> anyhow::Result<Report> {
    let schedule = args.schedule.checked()?;
    ctx.require_token("rollout enable")?;
    refuse_while_rolling_back(ctx, "`rollout enable`")?;
    let name = ctx.settings.rollout.flag.clone();
    let mut report = ctx.report("rollout enable");
    let flag = read_gate(ctx, &mut report).await;
    add_flag(ctx, &mut report, &flag, ", as read");
    let current = match flag {
        Ok(f) => f,
        Err(_) => return Ok(held_unread(report)),
    };
    if current.enabled {
        report.notes.push(format!(
            "{name} is already enabled at {} %: nothing to do (change the percentage with `swcache rollout set` or `rollout advance`)",
            number(current.percentage)
        ));
        return Ok(report);
    }
    let to = args.percentage.unwrap_or(schedule[0]);
    // Nobody is on the feature while it is disabled: the gate is the KPIs, not a bake.
    let evidence = match judge_raise(ctx, &mut report, &current, None, args.force, false) {
        Ok(lines) => lines,
        Err(why) => {
            report.stopped = Some(format!("{name} stays disabled: {why}"));
            return Ok(report);
        }
    };
    report.attach(&EnableReport {
        enable: Step { from: None, to },
    });
    let plan = SetPlan {
        body: Some(flag_body(
            &name,
            json!({ "enabled": true, "percentage": to }),
        )),
        expect: json!({ "enabled": true, "percentage": to }),
        raises_exposure: to > 0,
    };
    send_plan(
        ctx,
        &mut report,
        &current,
        plan,
        evidence,
        Wording {
            name: format!("enable {name} at {to} %"),
            change: change_line(ctx, &current, to, true),
            question: format!("Enable {name} at {to} %?"),
        },
    )
    .await;
    Ok(report)
}

/// `rollout disable`: everyone off the feature; the percentage is kept as it reads. Lowering
/// exposure is never gated, but it is asked (it changes what every user gets).
pub(crate) async fn disable(ctx: &Ctx) -> anyhow::Result<Report> {
    ctx.require_token("rollout disable")?;
    let (client, printer) = (&ctx.client, &ctx.printer);
    let name = ctx.settings.rollout.flag.clone();
    let mut report = ctx.report("rollout disable");
    let flag = parse_flag(
        &fetch::json(client, printer, Endpoint::FeatureFlags).await,
        &client.label(Endpoint::FeatureFlags),
        &name,
    );
    report.checks.push(flag_check(ctx, &flag));
    add_flag(ctx, &mut report, &flag, ", as read");
    // An unreadable flag is still turned off: disabling only ever lowers exposure.
    if let Ok(f) = &flag
        && !f.enabled
    {
        report
            .notes
            .push(format!("{name} is already disabled: nothing to do"));
        return Ok(report);
    }
    let was = match &flag {
        Ok(f) => format!("{} %", number(f.percentage)),
        Err(_) => "UNKNOWN".into(),
    };
    let plan = Plan {
        writes: vec![PlannedWrite {
            name: format!("disable {name}"),
            endpoint: Endpoint::SetFeatureFlags,
            body: Some(flag_body(&name, json!({ "enabled": false }))),
            says: format!(
                "change: {name} {was} → disabled on {} ({}): nobody gets the feature until \
                 `swcache rollout enable`",
                ctx.settings.env_label(),
                client.base_url()
            ),
            readback: ReadBack::Flag(json!({ "enabled": false })),
        }],
        confirm: Some(Confirm {
            evidence: Vec::new(),
            then: Vec::new(),
            question: format!("Disable {name}?"),
            lowering: true,
        }),
        ..Plan::default()
    };
    let actions = ctx.actor().run(&plan).await;
    let done = actions
        .iter()
        .all(|a| a.outcome == crate::output::Outcome::Done);
    report.actions.extend(actions);
    if let (true, Ok(before)) = (done, &flag) {
        show_after(ctx, &mut report, before, &json!({ "enabled": false }));
    }
    Ok(report)
}

/// The flag could not be read: the gate holds and nothing is written.
fn held_unread(mut report: Report) -> Report {
    let g = gate(&report.checks, None);
    record_gate(&mut report, &g, None);
    report.stopped = Some(format!(
        "gate held by: {}; nothing was written",
        held_by(&report.checks).join("; ")
    ));
    report
}

/// Each figure holding the gate, with its value and bound or why it is UNKNOWN, one line per
/// cause: figures that are UNKNOWN for one reason (one endpoint down) are named together.
fn held_by(checks: &[Check]) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut unknown: Vec<(String, Vec<&str>, Vec<&str>)> = Vec::new();
    for c in checks {
        match c.status {
            Severity::Warning | Severity::Critical => {
                let (word, bound, past) = if c.status == Severity::Warning {
                    ("WARNING", c.target, "target")
                } else {
                    ("CRITICAL", c.critical, "critical past")
                };
                let value = c
                    .value
                    .value()
                    .map(|v| format!(" {}{}", number(v), unit(&c.unit)))
                    .unwrap_or_default();
                let bound = bound
                    .map(|b| format!(" ({past} {}{})", number(b), unit(&c.unit)))
                    .unwrap_or_default();
                parts.push(format!("{} {word}{value}{bound}", c.name));
            }
            Severity::Unknown => {
                let detail = c.detail.as_deref().unwrap_or_default();
                let (endpoint, cause) = split_cause(detail);
                let endpoint = endpoint.unwrap_or_default();
                match unknown.iter_mut().find(|(w, _, _)| w == cause) {
                    Some((_, eps, names)) => {
                        if !eps.contains(&endpoint) {
                            eps.push(endpoint);
                        }
                        names.push(&c.name);
                    }
                    None => unknown.push((cause.to_string(), vec![endpoint], vec![&c.name])),
                }
            }
            _ => {}
        }
    }
    // One line per cause, naming the endpoints it came from.
    for (cause, eps, names) in unknown {
        let eps: Vec<&str> = eps.into_iter().filter(|e| !e.is_empty()).collect();
        let from = if eps.is_empty() {
            String::new()
        } else {
            format!("{}: ", eps.join(", "))
        };
        parts.push(format!("{} UNKNOWN ({from}{cause})", names.join(", ")));
    }
    parts
}

fn unit(u: &str) -> String {
    match u {
        "" => String::new(),
        "%" => " %".into(),
        u => format!(" {u}"),
    }
}

pub(crate) fn flag_check(ctx: &Ctx, flag: &Result<FlagState, String>) -> Check {
    let name = format!("{} flag", ctx.settings.rollout.flag);
    match flag {
        Ok(f) => Check::note(name, Severity::Ok, f.text()),
        Err(e) => Check::note(name, Severity::Unknown, e.clone()),
    }
}

pub(crate) fn add_flag(
    ctx: &Ctx,
    report: &mut Report,
    flag: &Result<FlagState, String>,
    suffix: &str,
) {
    report.attach(&FlagReport {
        flag: flag.as_ref().ok(),
        title: format!("Flag {}{suffix}", ctx.settings.rollout.flag),
    });
}

mod runbooks {
    use super::*;
    use crate::cli::{RolloutAdvanceArgs, RolloutSetArgs, RolloutStatusArgs};
    use crate::driver::{Lock, Runbook, WatchOptions};
    use crate::policy::exposure::Exposure;
    use crate::settings::{Overrides, ThresholdFlags};

    impl Runbook for RolloutStatusArgs {
        fn name(&self) -> &'static str {
            "rollout status"
        }
        fn lock(&self) -> Lock {
            Lock::None
        }
        fn watch(&self) -> Option<WatchOptions> {
            WatchOptions::from_args(&self.watch)
        }
        async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
            status(ctx, None).await
        }
    }

    impl Runbook for RolloutSetArgs {
        fn name(&self) -> &'static str {
            "rollout set"
        }
        fn reports_outcome(&self) -> bool {
            true
        }
        fn exposure(&self) -> Exposure {
            Exposure::Any
        }
        async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
            set(ctx, self.percentage, self.groups.clone(), &self.gate).await
        }
    }

    impl Runbook for RolloutAdvanceArgs {
        fn name(&self) -> &'static str {
            "rollout advance"
        }
        fn reports_outcome(&self) -> bool {
            true
        }
        fn exposure(&self) -> Exposure {
            Exposure::Any
        }
        fn overrides(&self) -> Overrides {
            Overrides {
                thresholds: ThresholdFlags {
                    max_error_rate: self.max_error_rate,
                },
                ..Default::default()
            }
        }
        async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
            advance(ctx, &self.schedule, &self.gate).await
        }
    }

    impl Runbook for RolloutEnableArgs {
        fn name(&self) -> &'static str {
            "rollout enable"
        }
        fn reports_outcome(&self) -> bool {
            true
        }
        fn exposure(&self) -> Exposure {
            Exposure::Any
        }
        async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
            enable(ctx, self).await
        }
    }

    /// `rollout disable` (no arguments).
    pub(crate) struct Disable;

    impl Runbook for Disable {
        fn name(&self) -> &'static str {
            "rollout disable"
        }
        fn reports_outcome(&self) -> bool {
            true
        }
        async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
            disable(ctx).await
        }
    }
}
pub(crate) use runbooks::Disable;
