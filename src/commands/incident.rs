//! `incident storage-quota` (incident-storage-quota.sh) and `incident error-rate`
//! (incident-high-error-rate.sh): assess, decide by the matrix, act through the act layer, and
//! say what was done and what to watch next.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::act::{ReadBack, Write};
use crate::api::Endpoint;
use crate::commands::rollback::{self, Timeline};
use crate::commands::{Ctx, fetch};
use crate::exit::Status;
use crate::output::render::number;
use crate::output::{Action, Outcome, Report, Section};
use crate::policy::check::Check;
use crate::policy::check::kpi_check;
use crate::policy::figure::{Figure, Range, extract, from_fetch, keys};
use crate::policy::incident::{
    self as incident, ErrorRateDecision, decide_error_rate, storage_needs_action, storage_verdict,
};
use crate::policy::rollout::{FlagState, flag_body, parse_flag, percentage_json};
use crate::policy::thresholds::Kpi;

pub async fn storage_quota(
    ctx: &Ctx,
    recovery_wait: Option<Duration>,
    limit: Option<u32>,
) -> anyhow::Result<Report> {
    ctx.require_token("incident storage-quota")?;
    let (c, p) = (&ctx.client, &ctx.printer);
    let t = &ctx.settings.thresholds;
    let inc = &ctx.settings.incident;
    let mut report = ctx.report("incident storage-quota");

    let (before, origin) = fetch::kpi_figure(ctx, Kpi::StorageUtilization).await;
    let mut check = kpi_check(Kpi::StorageUtilization, before.clone(), t).from_origin(&origin);
    check.name = "storage utilization (before)".into();
    report.checks.push(check);
    report.set_data("assessment", json!({ "storage_percent": before }));
    let start = match storage_needs_action(&before, t) {
        Err(_) => {
            report.notes.push("storage could not be read, so nothing was done; check /api/cache-metrics and the app's storage by hand".into());
            return Ok(report);
        }
        Ok(false) => {
            report.notes.push(format!(
                "storage {} % is within the target ({} %): no storage incident, nothing done",
                before.value().map(number).unwrap_or_default(),
                number(t.band(Kpi::StorageUtilization).target)
            ));
            return Ok(report);
        }
        Ok(true) => before.value().unwrap_or_default(),
    };

    let cleanup = Write {
        name: "emergency cleanup".into(),
        endpoint: Endpoint::EmergencyCleanup,
        body: None,
        confirm: None,
        // Its effect is what the recovery watch below verifies.
        readback: ReadBack::AnswerOnly,
    };
    let limits = Write {
        name: "tighten cache limits".into(),
        endpoint: Endpoint::UpdateCacheLimits,
        body: Some(inc.cache_limits.clone()),
        confirm: None,
        readback: ReadBack::CacheConfig(inc.cache_limits.clone()),
    };
    let lines = vec![
        format!(
            "storage {} % (target {} %, critical {} %) on {} ({}):",
            number(start),
            number(t.band(Kpi::StorageUtilization).target),
            number(t.band(Kpi::StorageUtilization).critical),
            ctx.settings.env_label(),
            c.base_url()
        ),
        format!(
            "  1. emergency cleanup: {}",
            c.label(Endpoint::EmergencyCleanup)
        ),
        format!(
            "  2. tighter cache limits: {} {}",
            c.label(Endpoint::UpdateCacheLimits),
            inc.cache_limits
        ),
        "  3. watch storage recover".to_string(),
    ];
    let question = format!(
        "Run the storage incident actions on {}?",
        ctx.settings.env_label()
    );
    let actor = ctx.actor();
    if let Err(why) = actor.confirm_with(&lines, &question) {
        report.actions.push(actor.declined(&cleanup, &why));
        report.actions.push(actor.declined(&limits, &why));
        return Ok(report);
    }
    report.actions.push(actor.perform(cleanup).await);

    let limit = limit.unwrap_or(inc.large_entries_limit);
    let (breakdown, large) = tokio::join!(fetch::json(c, p, Endpoint::StorageBreakdown), async {
        c.get_json_query(Endpoint::LargeCacheEntries, &[("limit", limit.to_string())])
            .await
            .map_err(|e| e.to_string())
    },);
    add_breakdown(
        &mut report,
        &breakdown,
        &c.label(Endpoint::StorageBreakdown),
    );
    add_large_entries(&mut report, &large, &c.label(Endpoint::LargeCacheEntries));

    report.actions.push(actor.perform(limits).await);

    if ctx.settings.dry_run {
        report
            .notes
            .push("dry run: nothing was sent, so there is no recovery to watch".into());
        return Ok(report);
    }
    let wait = recovery_wait.unwrap_or(inc.recovery_wait);
    let watched = watch_storage(ctx, wait, inc.poll_interval).await;
    let (after, interrupted) = match watched {
        Watch::Done(f) => (f, false),
        Watch::Interrupted(f) => (f, true),
    };
    let verdict = storage_verdict(start, &after, t);
    let mut after_check = kpi_check(Kpi::StorageUtilization, after.clone(), t);
    after_check.name = "storage utilization (after)".into();
    report.checks.push(after_check);
    if interrupted {
        report.stopped = Some("interrupted during the recovery watch; the actions above were sent, recovery was not confirmed".into());
    } else if verdict.below_critical == Some(false) {
        // The actions were sent and accepted, but reading storage back shows they did not help.
        report.actions.push(Action {
            name: format!("recovery watch ({})", humantime::format_duration(wait)),
            method: "GET".into(),
            url: c.url(Endpoint::CacheMetrics),
            body: None,
            outcome: Outcome::Failed,
            detail: Some(verdict.summary.clone()),
            duration_ms: 0,
            response: None,
        });
    }
    report.notes.push(format!("verdict: {}", verdict.summary));
    let still = after
        .value()
        .map(|v| format!("{} %", number(v)))
        .unwrap_or_else(|| "UNKNOWN".into());
    report.notes.push(match (interrupted, verdict.below_target, verdict.below_critical) {
        (true, _, _) => "check storage now with `swcache maintain daily`; the recovery was not watched to its end".into(),
        (false, Some(true), _) => "watch next: storage utilization and the largest caches over the next hour; if it climbs again, lower [incident.cache_limits] further".into(),
        (false, Some(false), Some(true)) => format!("storage still {still}, above its target: run `swcache incident storage-quota` again in a few minutes; if it does not fall, lower [incident.cache_limits] and escalate"),
        _ => format!("escalate: storage still {still} — the cleanup and the limits did not bring it below critical; find what is filling the cache (largest entries above)"),
    });
    report.set_data("verdict", &verdict);
    Ok(report)
}

enum Watch {
    Done(Figure),
    Interrupted(Figure),
}

/// Polls storage until it is back within the target or `wait` has passed; the last figure read.
async fn watch_storage(ctx: &Ctx, wait: Duration, every: Duration) -> Watch {
    let p = &ctx.printer;
    let t = &ctx.settings.thresholds;
    let target = t.band(Kpi::StorageUtilization).target;
    let bar = p.progress(wait.as_secs().max(1), "watching storage recover");
    let started = Instant::now();
    // A signal ends the watch with a report: the actions above are already sent and recorded.
    let _hold =
        crate::signals::hold("the actions were sent; check storage with `swcache maintain daily`");
    let mut stop = crate::signals::subscribe();
    let mut last;
    loop {
        last = fetch::kpi_figure(ctx, Kpi::StorageUtilization).await.0;
        bar.set_position(started.elapsed().as_secs());
        bar.set_message(format!(
            "watching storage recover: {}",
            last.value()
                .map(|v| format!("{} %", number(v)))
                .unwrap_or_else(|| "UNKNOWN".into())
        ));
        if last.value().is_some_and(|v| v <= target) || started.elapsed() >= wait {
            break;
        }
        let nap = every.min(wait.saturating_sub(started.elapsed()));
        tokio::select! {
            _ = tokio::time::sleep(nap) => {}
            _ = crate::signals::signalled(&mut stop) => {
                bar.finish_and_clear();
                return Watch::Interrupted(last);
            }
        }
    }
    bar.finish_and_clear();
    Watch::Done(last)
}

fn bytes(v: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = v;
    let mut i = 0;
    while v >= 1024.0 && i < UNITS.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    format!("{} {}", number((v * 10.0).round() / 10.0), UNITS[i])
}

fn add_breakdown(report: &mut Report, doc: &Result<Value, String>, label: &str) {
    let caches = keys(doc, "caches");
    if let Err(e) = doc {
        report
            .notes
            .push(format!("storage breakdown unavailable: {e}"));
    }
    let show =
        |v: Figure, f: fn(f64) -> String| v.value().map(f).unwrap_or_else(|| "UNKNOWN".into());
    report.sections.push(Section {
        title: "Storage by cache (after the cleanup)".into(),
        header: vec!["Cache".into(), "Size".into(), "Entries".into()],
        rows: caches
            .iter()
            .map(|c| {
                vec![
                    c.clone(),
                    show(
                        from_fetch(doc, label, &format!("caches.{c}.bytes"), Range::NonNegative),
                        bytes,
                    ),
                    show(
                        from_fetch(
                            doc,
                            label,
                            &format!("caches.{c}.entries"),
                            Range::NonNegative,
                        ),
                        number,
                    ),
                ]
            })
            .collect(),
    });
    report.set_data("storage_breakdown", doc.as_ref().ok());
}

fn add_large_entries(report: &mut Report, doc: &Result<Value, String>, label: &str) {
    let entries: Vec<Value> = doc
        .as_ref()
        .ok()
        .and_then(|d| d.get("entries"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if let Err(e) = doc {
        report
            .notes
            .push(format!("largest entries unavailable: {e}"));
    }
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("?").to_string();
    report.sections.push(Section {
        title: "Largest entries".into(),
        header: vec!["Cache".into(), "URL".into(), "Size".into()],
        rows: entries
            .iter()
            .map(|e| {
                vec![
                    text(e.get("cache")),
                    text(e.get("url")),
                    extract(e, label, "bytes", Range::NonNegative)
                        .value()
                        .map(bytes)
                        .unwrap_or_else(|| "UNKNOWN".into()),
                ]
            })
            .collect(),
    });
    report.set_data("large_entries", &entries);
}

pub async fn error_rate(ctx: &Ctx) -> anyhow::Result<Report> {
    ctx.require_token("incident error-rate")?;
    let (c, p) = (&ctx.client, &ctx.printer);
    let t = &ctx.settings.thresholds;
    let (details, sw, diagnostics, flag_doc) = tokio::join!(
        fetch::json(c, p, Endpoint::ErrorDetails),
        fetch::json(c, p, Endpoint::SwStatus),
        fetch::json(c, p, Endpoint::CacheDiagnostics),
        fetch::json(c, p, Endpoint::FeatureFlags),
    );
    let mut report = ctx.report("incident error-rate");
    let details_label = c.label(Endpoint::ErrorDetails);
    let (rate, origin) = fetch::error_rate_from(ctx, Endpoint::ErrorDetails, &details).await;
    report
        .checks
        .push(incident::error_rate_check(&rate, t).from_origin(&origin));
    let flag_name = ctx.settings.rollout.flag.as_str();
    let flag = parse_flag(&flag_doc, &c.label(Endpoint::FeatureFlags), flag_name);
    add_assessment(
        &mut report,
        &details,
        &sw,
        &diagnostics,
        &flag,
        &details_label,
    );

    let decision = decide_error_rate(&rate, &flag, t);
    report.set_data("decision", &decision);
    // The assessment, shown before any question: what the decision rests on.
    let evidence = error_evidence(&rate, &details, &diagnostics, &flag, t, flag_name);
    let mut done = None;
    match &decision {
        ErrorRateDecision::Nothing { reason } | ErrorRateDecision::Hold { reason } => {
            report.notes.push(format!("decision: {reason}"));
        }
        ErrorRateDecision::Unknown { reason } => {
            report
                .checks
                .push(Check::note("decision", Status::Unknown, reason.clone()));
            report.notes.push(format!(
                "check by hand: {} (error_rate) and {} before changing anything",
                c.url(Endpoint::ErrorDetails),
                c.url(Endpoint::FeatureFlags)
            ));
        }
        ErrorRateDecision::Reduce { from, to, reason } => {
            report.notes.push(format!("decision: {reason}"));
            let write = Write {
                name: format!("cut rollout {} % → {} %", number(*from), number(*to)),
                endpoint: Endpoint::SetFeatureFlags,
                body: Some(flag_body(
                    flag_name,
                    json!({ "percentage": percentage_json(*to) }),
                )),
                confirm: None,
                readback: ReadBack::Flag(json!({ "percentage": percentage_json(*to) })),
            };
            let mut lines = evidence.clone();
            lines.push(format!(
                "change: {flag_name} {} % → {} % on {} ({}) — {}",
                number(*from),
                number(*to),
                ctx.settings.env_label(),
                c.base_url(),
                c.label(Endpoint::SetFeatureFlags)
            ));
            let actor = ctx.actor();
            let action = match actor.confirm_lowering(&lines, &format!("Cut to {} %?", number(*to)))
            {
                Err(why) => actor.declined(&write, &why),
                Ok(()) => actor.perform(write).await,
            };
            done = Some((
                action.outcome,
                match action.outcome {
                    Outcome::Declined => action.detail.clone().unwrap_or_default(),
                    _ => format!(
                        "the rollout was cut from {} % to {} %",
                        number(*from),
                        number(*to)
                    ),
                },
                "cut the rollout",
            ));
            report.actions.push(action);
        }
        ErrorRateDecision::EmergencyRollback { reason } => {
            report.notes.push(format!("decision: {reason}"));
            let mut lines = evidence.clone();
            lines.extend(rollback::emergency::plan_lines(ctx));
            let question = format!(
                "Run the EMERGENCY rollback on {}?",
                ctx.settings.env_label()
            );
            match ctx.actor().confirm_with(&lines, &question) {
                Err(why) => {
                    report.stopped = Some(why);
                    done = Some((
                        Outcome::Declined,
                        report.stopped.clone().unwrap_or_default(),
                        "run the emergency rollback",
                    ));
                }
                Ok(()) => {
                    let mut timeline = Timeline::default();
                    rollback::emergency::execute(ctx, &mut report, &mut timeline).await;
                    timeline.into_report(&mut report);
                    let failed = report.actions.iter().any(|a| a.outcome == Outcome::Failed);
                    done = Some((
                        if failed {
                            Outcome::Failed
                        } else {
                            Outcome::Done
                        },
                        "the emergency rollback ran (see its steps above)".into(),
                        "run the emergency rollback",
                    ));
                }
            }
        }
    }
    // What to do now follows what happened.
    let watch = "watch next: the error rate over the next 15 minutes (`swcache incident error-rate` again, or `swcache validate`), and the top errors above";
    match done {
        _ if ctx.settings.dry_run => report.notes.push("dry run: nothing was sent".into()),
        None => report.notes.push(watch.into()),
        Some((Outcome::Done, what, _)) => {
            report.notes.push(format!("done: {what}"));
            report.notes.push(watch.into());
        }
        Some((Outcome::Declined, why, what)) if why.contains("no terminal") => {
            report.notes.push(format!(
                "nothing was changed: to {what}, run again with --yes (or from a terminal)"
            ))
        }
        Some((Outcome::Declined, _, what)) => report.notes.push(format!(
            "nothing was changed (declined): the error rate is still {}; run again to {what}, or `swcache rollback emergency` if it climbs",
            rate.value()
                .map(|r| format!("{} %", number(r)))
                .unwrap_or_else(|| "UNKNOWN".into())
        )),
        Some((_, _, what)) => report.notes.push(format!(
            "the attempt to {what} FAILED (see the actions above): check the flag with `swcache rollout status`; if the error rate is still high, run `swcache rollback emergency`"
        )),
    }
    Ok(report)
}

/// The error-rate assessment as short lines: the rate against the matrix, the top errors, the
/// diagnostics, the flag.
fn error_evidence(
    rate: &Figure,
    details: &Result<Value, String>,
    diagnostics: &Result<Value, String>,
    flag: &Result<FlagState, String>,
    t: &crate::policy::thresholds::Thresholds,
    flag_name: &str,
) -> Vec<String> {
    use crate::policy::thresholds::Limit;
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "?".into(),
    };
    let mut lines = vec![format!(
        "error rate {} (cut above {} %, emergency rollback above {} %)",
        rate.value()
            .map(|r| format!("{} %", number(r)))
            .unwrap_or_else(|| "UNKNOWN".into()),
        number(t.limit(Limit::IncidentReduceErrorRate)),
        number(t.limit(Limit::IncidentRollbackErrorRate))
    )];
    let list = |doc: &Result<Value, String>, key: &str| -> Vec<Value> {
        doc.as_ref()
            .ok()
            .and_then(|d| d.get(key))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    for e in list(details, "top_errors").iter().take(3) {
        lines.push(format!(
            "  top error: {} ({})",
            text(e.get("message")),
            text(e.get("count"))
        ));
    }
    for i in list(diagnostics, "issues").iter().take(3) {
        lines.push(format!(
            "  diagnostics: {} {}: {}",
            text(i.get("cache")),
            text(i.get("severity")),
            text(i.get("message"))
        ));
    }
    lines.push(match flag {
        Ok(f) => format!(
            "{flag_name}: {} at {} %",
            if f.enabled { "enabled" } else { "disabled" },
            number(f.percentage)
        ),
        Err(e) => format!("{flag_name}: UNKNOWN ({e})"),
    });
    lines
}

fn add_assessment(
    report: &mut Report,
    details: &Result<Value, String>,
    sw: &Result<Value, String>,
    diagnostics: &Result<Value, String>,
    flag: &Result<FlagState, String>,
    details_label: &str,
) {
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => "?".into(),
        Some(other) => other.to_string(),
    };
    let window = from_fetch(details, details_label, "window_seconds", Range::NonNegative);
    let sw_doc = sw.as_ref().ok();
    let mut rows = vec![
        vec![
            "error window".into(),
            window
                .value()
                .map(|w| format!("{} s", number(w)))
                .unwrap_or_else(|| "UNKNOWN".into()),
        ],
        vec![
            "worker version".into(),
            text(sw_doc.and_then(|d| d.get("version"))),
        ],
        vec![
            "worker enabled".into(),
            text(sw_doc.and_then(|d| d.get("enabled"))),
        ],
        vec![
            "active clients".into(),
            text(sw_doc.and_then(|d| d.get("active_clients"))),
        ],
    ];
    rows.push(vec![
        "enhanced-cache flag".into(),
        match flag {
            Ok(f) => format!(
                "{} at {} %",
                if f.enabled { "enabled" } else { "disabled" },
                number(f.percentage)
            ),
            Err(e) => format!("UNKNOWN ({e})"),
        },
    ]);
    if let Err(e) = sw {
        rows.push(vec!["sw-status".into(), format!("UNKNOWN ({e})")]);
    }
    report.sections.push(Section {
        title: "Assessment".into(),
        header: vec!["What".into(), "Value".into()],
        rows,
    });

    let top: Vec<Value> = details
        .as_ref()
        .ok()
        .and_then(|d| d.get("top_errors"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    report.sections.push(Section {
        title: "Top errors".into(),
        header: vec!["Message".into(), "Count".into()],
        rows: top
            .iter()
            .map(|e| vec![text(e.get("message")), text(e.get("count"))])
            .collect(),
    });
    let issues: Vec<Value> = diagnostics
        .as_ref()
        .ok()
        .and_then(|d| d.get("issues"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    report.sections.push(Section {
        title: "Cache diagnostics".into(),
        header: vec!["Cache".into(), "Severity".into(), "Message".into()],
        rows: issues
            .iter()
            .map(|i| {
                vec![
                    text(i.get("cache")),
                    text(i.get("severity")),
                    text(i.get("message")),
                ]
            })
            .collect(),
    });
    if let Err(e) = diagnostics {
        report
            .notes
            .push(format!("cache diagnostics unavailable: {e}"));
    }
    report.set_data(
        "assessment",
        json!({
            "error_details": details.as_ref().ok(),
            "sw_status": sw_doc,
            "cache_diagnostics": diagnostics.as_ref().ok(),
            "flag": flag.as_ref().ok(),
        }),
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn bytes_are_human() {
        assert_eq!(super::bytes(5_242_880.0), "5 MiB");
        assert_eq!(super::bytes(512.0), "512 B");
        assert_eq!(super::bytes(1_536.0), "1.5 KiB");
    }
}
