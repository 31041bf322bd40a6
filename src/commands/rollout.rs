//! `swcache rollout status` and `rollout set PCT`: the enhanced-cache flag and its KPI gate.

use crate::act::{ReadBack, Write};
use crate::api::Endpoint;
use crate::commands::{Ctx, fetch};
use crate::exit::CliError;
use crate::exit::Status;
use crate::output::render::number;
use crate::output::{Report, Section};
use crate::policy::check::Check;
use crate::policy::rollout::{FlagState, SetPlan, check_schedule, next_step, parse_flag, plan_set};
use crate::policy::validate::{cache_kpi_checks, error_rate, error_rate_check, gate_failures};

/// The flag, the KPI checks and the error rate, read concurrently into `report.checks`
/// (the flag's row first).
async fn read_gate(ctx: &Ctx, report: &mut Report) -> Result<FlagState, String> {
    let (c, p) = (&ctx.client, &ctx.printer);
    let (flag_doc, metrics, errors) = tokio::join!(
        fetch::json(c, p, Endpoint::FeatureFlags),
        fetch::json(c, p, Endpoint::CacheMetrics),
        fetch::json(c, p, Endpoint::ErrorMetrics),
    );
    let t = &ctx.settings.thresholds;
    let flag = parse_flag(&flag_doc, &c.label(Endpoint::FeatureFlags));
    report.checks.push(flag_check(&flag));
    report.checks.extend(cache_kpi_checks(
        &metrics,
        &c.label(Endpoint::CacheMetrics),
        t,
    ));
    report.checks.push(error_rate_check(
        error_rate(&errors, &c.label(Endpoint::ErrorMetrics)),
        t,
    ));
    flag
}

pub async fn status(ctx: &Ctx) -> anyhow::Result<Report> {
    ctx.require_token("rollout status")?;
    let mut report = ctx.report("rollout status");
    let flag = read_gate(ctx, &mut report).await;
    add_flag(&mut report, &flag, "Flag enhanced-cache");

    // The gate is about the cache's health, not about reading the flag.
    let failing = gate_failures(&report.checks[1..]);
    let open = failing.is_empty();
    report.notes.push(if open {
        "gate open: no KPI critical or unknown, error rate within its threshold".into()
    } else {
        format!("gate held by: {}", failing.join(", "))
    });
    report.set_data(
        "gate",
        serde_json::json!({ "open": open, "failing": failing }),
    );
    Ok(report)
}

/// `rollout advance`: the next step of the schedule above the current percentage, only when
/// the gate is open (no KPI critical, error rate within its limit, no figure UNKNOWN, the flag
/// itself included). A held gate stops (exit 5) naming each failing figure; nothing is written.
pub async fn advance(ctx: &Ctx, schedule: &[u8]) -> anyhow::Result<Report> {
    check_schedule(schedule).map_err(CliError::usage)?;
    ctx.require_token("rollout advance")?;
    let c = &ctx.client;
    let mut report = ctx.report("rollout advance");
    let flag = read_gate(ctx, &mut report).await;
    add_flag(&mut report, &flag, "Flag enhanced-cache, before the change");
    report.set_data("schedule", schedule);
    let failing = gate_failures(&report.checks);
    report.set_data(
        "gate",
        serde_json::json!({ "open": failing.is_empty(), "failing": failing }),
    );
    let Ok(current) = flag else {
        report.stopped = Some(format!(
            "gate held by: {}; nothing was written",
            held_by(&report.checks)
        ));
        return Ok(report);
    };
    let Some(next) = next_step(schedule, current.percentage) else {
        report.notes.push(format!(
            "the flag reads {} %, at or past the schedule's last step ({} %): nothing to do",
            number(current.percentage),
            schedule.last().copied().unwrap_or(100)
        ));
        return Ok(report);
    };
    if !failing.is_empty() {
        report.stopped = Some(format!(
            "gate held by: {}; the rollout stays at {} % (next step {next} %), nothing was written",
            held_by(&report.checks),
            number(current.percentage)
        ));
        return Ok(report);
    }
    report.set_data(
        "advance",
        serde_json::json!({ "from": current.percentage, "to": next }),
    );
    let question = format!(
        "Advance enhanced-cache on {} ({}) from {} % to {next} % (gate open)?",
        ctx.settings.env_label(),
        c.base_url(),
        number(current.percentage)
    );
    let plan = plan_set(&current, next, None);
    send_plan(
        ctx,
        &mut report,
        &current,
        plan,
        format!("advance rollout to {next} %"),
        question,
    )
    .await;
    Ok(report)
}

/// Sends a planned flag change: asked first when it raises exposure, then read back.
async fn send_plan(
    ctx: &Ctx,
    report: &mut Report,
    current: &FlagState,
    plan: SetPlan,
    name: String,
    question: String,
) {
    let Some(body) = plan.body else { return };
    if !current.enabled {
        report
            .notes
            .push("the flag is disabled: the percentage takes effect once it is enabled".into());
    }
    let action = ctx
        .actor()
        .perform(Write {
            name,
            endpoint: Endpoint::SetFeatureFlags,
            body: Some(body),
            confirm: plan.raises_exposure.then_some(question),
            readback: ReadBack::Flag(plan.expect),
        })
        .await;
    report.actions.push(action);
}

pub async fn set(ctx: &Ctx, percentage: u8, groups: Option<Vec<String>>) -> anyhow::Result<Report> {
    ctx.require_token("rollout set")?;
    let (c, p) = (&ctx.client, &ctx.printer);
    let mut report = ctx.report("rollout set");
    let flag = parse_flag(
        &fetch::json(c, p, Endpoint::FeatureFlags).await,
        &c.label(Endpoint::FeatureFlags),
    );
    report.checks.push(flag_check(&flag));
    add_flag(&mut report, &flag, "Flag enhanced-cache, before the change");
    let Ok(current) = flag else {
        report
            .notes
            .push("the flag could not be read, so nothing was written; check it by hand".into());
        return Ok(report);
    };

    let plan = plan_set(&current, percentage, groups.as_deref());
    if plan.body.is_none() {
        report.notes.push(format!(
            "the flag already reads {percentage} %; nothing to write"
        ));
        return Ok(report);
    }
    let question = format!(
        "Raise enhanced-cache exposure on {} ({}) from {} % to {percentage} %?",
        ctx.settings.env_label(),
        c.base_url(),
        number(current.percentage)
    );
    send_plan(
        ctx,
        &mut report,
        &current,
        plan,
        format!("set rollout to {percentage} %"),
        question,
    )
    .await;
    Ok(report)
}

/// Each figure holding the gate, with its value and bound or why it is UNKNOWN. Figures that
/// are UNKNOWN for one reason (one endpoint down) are named together, the reason once.
fn held_by(checks: &[Check]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut unknown: Vec<(String, Vec<&str>)> = Vec::new();
    for c in checks {
        match c.status {
            Status::Critical => {
                let value = c
                    .value
                    .value()
                    .map(|v| format!(" {}{}", number(v), unit(&c.unit)))
                    .unwrap_or_default();
                let bound = c
                    .critical
                    .map(|b| format!(" (critical past {}{})", number(b), unit(&c.unit)))
                    .unwrap_or_default();
                parts.push(format!("{} CRITICAL{value}{bound}", c.name));
            }
            Status::Unknown => {
                let why = c.detail.clone().unwrap_or_default();
                match unknown.iter_mut().find(|(w, _)| *w == why) {
                    Some((_, names)) => names.push(&c.name),
                    None => unknown.push((why, vec![&c.name])),
                }
            }
            _ => {}
        }
    }
    for (why, names) in unknown {
        parts.push(format!("{} UNKNOWN ({why})", names.join(", ")));
    }
    parts.join("; ")
}

fn unit(u: &str) -> String {
    match u {
        "" => String::new(),
        "%" => " %".into(),
        u => format!(" {u}"),
    }
}

fn flag_check(flag: &Result<FlagState, String>) -> Check {
    match flag {
        Ok(f) => Check::note(
            "enhanced-cache flag",
            Status::Ok,
            format!(
                "{} at {} %",
                if f.enabled { "enabled" } else { "disabled" },
                f.percentage
            ),
        ),
        Err(e) => Check::note("enhanced-cache flag", Status::Unknown, e.clone()),
    }
}

fn add_flag(report: &mut Report, flag: &Result<FlagState, String>, title: &str) {
    if let Ok(f) = flag {
        report.sections.push(Section {
            title: title.into(),
            header: vec!["Enabled".into(), "Percentage".into(), "User groups".into()],
            rows: vec![vec![
                f.enabled.to_string(),
                format!("{} %", f.percentage),
                f.user_groups.join(", "),
            ]],
        });
    }
    report.set_data("flag", flag.as_ref().ok());
}
