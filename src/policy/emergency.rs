//! The emergency rollback's plan (emergency-rollback.sh): disable the flag and clear the
//! service-worker cache — together, since neither needs the other and each takes users off the
//! enhanced cache on its own — then the `revert_worker` step and the check that the served
//! worker changed.

use serde_json::json;

use crate::api::Endpoint;
use crate::policy::plan::{Confirm, Plan, PlannedWrite, ReadBack};
use crate::policy::rollout::flag_body;

/// Where the rollback runs and what it has to work with.
pub(crate) struct Emergency<'a> {
    pub flag: &'a str,
    pub env: &'a str,
    pub url: &'a str,
    pub revert_configured: bool,
    pub worker_paths: &'a [String],
}

pub(crate) fn emergency_plan(e: &Emergency) -> Plan {
    let revert = if e.revert_configured {
        "run the configured revert_worker step".to_string()
    } else {
        "revert_worker is NOT configured: the worker will NOT be reverted".to_string()
    };
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
            evidence: vec![format!("Emergency rollback of {} ({}):", e.env, e.url)],
            then: vec![
                revert,
                format!(
                    "verify the served worker changed: {}",
                    e.worker_paths.join(", ")
                ),
            ],
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
    fn an_unconfigured_revert_is_said_before_the_question() {
        let c = plan(false).confirm.unwrap();
        assert!(c.then[0].contains("will NOT be reverted"), "{:?}", c.then);
    }
}
