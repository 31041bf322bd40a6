//! The emergency rollback's plan (emergency-rollback.sh): disable the flag and clear the
//! service-worker cache — together, since neither needs the other and each takes users off the
//! enhanced cache on its own — then the `revert_worker` step and the check that the served
//! worker changed.

use serde_json::json;

use crate::policy::plan::{Confirm, Plan, PlannedWrite, ReadBack};
use crate::policy::rollout::flag_body;
use crate::vocab::Endpoint;

/// Where the rollback runs and what it has to work with.
pub(crate) struct Emergency<'a> {
    pub flag: &'a str,
    pub env: &'a str,
    pub url: &'a str,
    pub revert_configured: bool,
    pub worker_paths: &'a [String],
    /// `--kill-switch`: what it does to clients (said before the question); it is published
    /// instead of the revert.
    pub kill_switch: Option<&'a [String]>,
    /// `--wait-clients`: the share of clients to see off the version served before, and for
    /// how long.
    pub wait_clients: Option<(u8, std::time::Duration)>,
}

pub(crate) fn emergency_plan(e: &Emergency) -> Plan {
    let revert = if e.kill_switch.is_some() {
        "publish the kill-switch worker (step publish_worker; revert_worker is not run)".to_string()
    } else if e.revert_configured {
        "run the configured revert_worker step".to_string()
    } else {
        "revert_worker is NOT configured: the worker will NOT be reverted".to_string()
    };
    let verify = if e.kill_switch.is_some() {
        format!(
            "verify the kill switch is served, byte for byte (SHA-256): {}",
            e.worker_paths.join(", ")
        )
    } else {
        format!(
            "verify the served worker changed: {}",
            e.worker_paths.join(", ")
        )
    };
    let mut evidence = vec![format!("Emergency rollback of {} ({}):", e.env, e.url)];
    if let Some(effects) = e.kill_switch {
        evidence.push("What the kill switch does to clients:".into());
        evidence.extend(effects.iter().map(|l| format!("  - {l}")));
    }
    let mut then = vec![revert, verify];
    if let Some((pct, within)) = e.wait_clients {
        then.push(format!(
            "watch clients until {pct} % are off the version served now (up to {})",
            crate::numbers::duration(within)
        ));
    }
    Plan {
        writes: vec![
            PlannedWrite {
                name: format!("disable {}", e.flag),
                endpoint: Endpoint::SetFeatureFlags,
                body: Some(flag_body(e.flag, json!({ "enabled": false }))),
                says: format!("disable the {} flag", e.flag),
                readback: ReadBack::Flag(json!({ "enabled": false })),
            },
            PlannedWrite {
                name: "clear service-worker cache".into(),
                endpoint: Endpoint::ClearSwCache,
                body: None,
                says: "clear the service-worker cache".into(),
                readback: ReadBack::AnswerOnly,
            },
        ],
        confirm: Some(Confirm {
            evidence,
            then,
            question: format!("Run the EMERGENCY rollback on {}?", e.env),
            lowering: false,
        }),
        ..Plan::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(revert_configured: bool) -> Plan {
        emergency_plan(&Emergency {
            flag: "enhanced-cache",
            env: "production",
            url: "https://app.example/",
            revert_configured,
            worker_paths: &["/sw-enhanced.js".to_string()],
            kill_switch: None,
            wait_clients: None,
        })
    }

    #[test]
    fn disable_and_clear_go_out_together_and_are_asked_strongly() {
        let p = plan(true);
        let sent: Vec<(Endpoint, Option<serde_json::Value>)> = p
            .writes
            .iter()
            .map(|w| (w.endpoint, w.body.clone()))
            .collect();
        assert_eq!(
            sent,
            [
                (
                    Endpoint::SetFeatureFlags,
                    Some(json!({"enhanced-cache": {"enabled": false}}))
                ),
                (Endpoint::ClearSwCache, None),
            ]
        );
        assert!(!p.has_racing_writes());
        assert_eq!(
            p.writes[0].readback,
            ReadBack::Flag(json!({"enabled": false}))
        );
        let c = p.confirm.unwrap();
        assert!(!c.lowering, "production asks for its name");
        assert_eq!(c.question, "Run the EMERGENCY rollback on production?");
        assert!(c.then[0].contains("configured revert_worker"));
    }

    #[test]
    fn the_kill_switch_says_what_it_does_to_clients_and_still_disables_first() {
        let effects = ["it deletes the app's caches".to_string()];
        let p = emergency_plan(&Emergency {
            flag: "enhanced-cache",
            env: "production",
            url: "https://app.example/",
            revert_configured: true,
            worker_paths: &["/sw-enhanced.js".to_string()],
            kill_switch: Some(&effects),
            wait_clients: Some((95, std::time::Duration::from_secs(1800))),
        });
        assert_eq!(p.writes[0].endpoint, Endpoint::SetFeatureFlags);
        let c = p.confirm.unwrap();
        assert!(
            c.evidence
                .iter()
                .any(|l| l.contains("deletes the app's caches"))
        );
        assert!(c.then[0].contains("kill-switch") && c.then[1].contains("SHA-256"));
        assert!(
            c.then[2].contains("95 %") && c.then[2].contains("30 min"),
            "{:?}",
            c.then
        );
    }

    #[test]
    fn an_unconfigured_revert_is_said_before_the_question() {
        let c = plan(false).confirm.unwrap();
        assert!(c.then[0].contains("will NOT be reverted"), "{:?}", c.then);
    }
}
