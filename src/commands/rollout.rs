//! `swcache rollout status` and `rollout set PCT`: the enhanced-cache flag and its KPI gate.

use crate::act::{ReadBack, Write};
use crate::api::Endpoint;
use crate::commands::{Ctx, fetch};
use crate::exit::Status;
use crate::output::{Report, Section};
use crate::policy::check::Check;
use crate::policy::rollout::{FlagState, parse_flag, plan_set};
use crate::policy::validate::{cache_kpi_checks, error_rate, error_rate_check, gate_failures};

pub async fn status(ctx: &Ctx) -> anyhow::Result<Report> {
    ctx.require_token("rollout status")?;
    let (c, p) = (&ctx.client, &ctx.printer);
    let (flag_doc, metrics, errors) = tokio::join!(
        fetch::json(c, p, Endpoint::FeatureFlags),
        fetch::json(c, p, Endpoint::CacheMetrics),
        fetch::json(c, p, Endpoint::ErrorMetrics),
    );
    let t = &ctx.settings.thresholds;
    let mut report = ctx.report("rollout status");
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
    let Some(body) = plan.body else {
        report.notes.push(format!(
            "the flag already reads {percentage} %; nothing to write"
        ));
        return Ok(report);
    };
    if !current.enabled {
        report
            .notes
            .push("the flag is disabled: the percentage takes effect once it is enabled".into());
    }
    let confirm = plan.raises_exposure.then(|| {
        format!(
            "Raise enhanced-cache exposure on {} ({}) from {} % to {percentage} %?",
            ctx.settings.env_label(),
            c.base_url(),
            current.percentage
        )
    });
    let action = ctx
        .actor()
        .perform(Write {
            name: format!("set rollout to {percentage} %"),
            endpoint: Endpoint::SetFeatureFlags,
            body: Some(body),
            confirm,
            readback: ReadBack::Flag(plan.expect),
        })
        .await;
    report.actions.push(action);
    Ok(report)
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
