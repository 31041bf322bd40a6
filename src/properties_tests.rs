//! Property tests over the pure policy, and "fuzzing" of response and config parsing with
//! arbitrary input: no panic, and the invariants swcache promises hold for every input.

use crate::exit::ExitStatus;
use crate::output::{Action, Outcome, Report};
use crate::policy::check::{Check, judge};
use crate::policy::figure::{Figure, Range, extract};
use crate::policy::incident::{ErrorRateDecision, decide_error_rate};
use crate::policy::maintain::{daily, optimize};
use crate::policy::rollout::{FlagState, parse_flag, plan_set};
use crate::policy::thresholds::{Band, Better, KPIS, Thresholds};
use crate::vocab::Severity;
use proptest::prelude::*;
use serde_json::{Value, json};

/// Arbitrary JSON, nested a few levels.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        any::<i64>().prop_map(|i| json!(i)),
        "[a-z0-9 .%-]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_.-]{1,10}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A figure as the app might send it: fine, or broken in any of the ways the guide's bash missed.
fn figure_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        (-50.0f64..250.0).prop_map(|f| json!(f)),
        Just(Value::Null),
        Just(json!("85")),
        Just(json!(true)),
        Just(json!([])),
    ]
}

fn rate() -> impl Strategy<Value = Figure> {
    prop_oneof![
        (0.0f64..100.0).prop_map(Figure::Known),
        Just(Figure::Unknown("GET /api/error-details: HTTP 500".into())),
    ]
}

fn flag() -> impl Strategy<Value = Result<FlagState, String>> {
    prop_oneof![
        (any::<bool>(), 0u8..=100).prop_map(|(enabled, p)| Ok(FlagState {
            enabled,
            percentage: f64::from(p),
            user_groups: vec![],
            updated_at: None,
        })),
        Just(Err("GET /api/admin/feature-flags: HTTP 503".to_string())),
    ]
}

fn status() -> impl Strategy<Value = Severity> {
    prop_oneof![
        Just(Severity::Ok),
        Just(Severity::Warning),
        Just(Severity::Critical),
        Just(Severity::Unknown)
    ]
}

fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        Just(Outcome::Done),
        Just(Outcome::Skipped),
        Just(Outcome::DryRun),
        Just(Outcome::Failed),
        Just(Outcome::Declined)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// An incident decision never widens exposure, and an unknown rate never yields a write.
    #[test]
    fn incident_never_widens_exposure(r in rate(), f in flag()) {
        let t = Thresholds::default();
        match decide_error_rate(&r, &f, &t) {
            ErrorRateDecision::Reduce { from, to, .. } => {
                prop_assert!(to < from);
                prop_assert_eq!(Ok(from), f.as_ref().map(|f| f.percentage).map_err(Clone::clone));
                prop_assert!(r.value().is_some_and(|v| v > 5.0 && v <= 10.0));
            }
            ErrorRateDecision::EmergencyRollback { .. } => prop_assert!(r.value().is_some_and(|v| v > 10.0)),
            ErrorRateDecision::Unknown { .. } | ErrorRateDecision::Nothing { .. } | ErrorRateDecision::Hold { .. } => {}
        }
        if r.value().is_none() {
            let unknown = matches!(decide_error_rate(&r, &f, &t), ErrorRateDecision::Unknown { .. });
            prop_assert!(unknown, "an unknown rate must decide nothing");
        }
    }

    /// A planned rollback never raises the percentage: every percentage stage is below the
    /// current value and below the one before it.
    #[test]
    fn rollback_plan_never_raises(current in 0u8..=100, mut steps in prop::collection::vec(0u8..=100, 1..6)) {
        steps.sort_unstable_by(|a, b| b.cmp(a));
        steps.dedup();
        let stages = crate::policy::rollback::plan(f64::from(current), &steps, std::time::Duration::from_secs(1));
        let mut last = current;
        for st in stages {
            if let crate::policy::rollback::Stage::Percentage { percentage } = st {
                prop_assert!(percentage < last, "{percentage} after {last}");
                last = percentage;
            }
        }
    }

    /// A rollout change is only ever confirmed-first when it raises exposure.
    #[test]
    fn rollout_plan_flags_every_raise(cur in 0u8..=100, want in 0u8..=100) {
        let current = FlagState { enabled: true, percentage: f64::from(cur), user_groups: vec![], updated_at: None };
        let plan = plan_set("enhanced-cache", &current, want, None);
        prop_assert_eq!(plan.raises_exposure, want > cur);
        prop_assert_eq!(plan.body.is_some(), want != cur);
    }

    /// The daily cleanup is sent only on a storage figure that was read and is above 80 %.
    #[test]
    fn unknown_storage_never_cleans(storage in figure_json(), queue in figure_json()) {
        let t = Thresholds::default();
        let metrics = Ok(json!({"storage": {"percentage": storage.clone()}}));
        let sync = Ok(json!({"queue_size": queue}));
        let d = daily(&metrics, &Ok(json!({})), &sync, ["m", "r", "s"], &t);
        let known = storage.as_f64().filter(|v| (0.0..=100.0).contains(v));
        prop_assert_eq!(d.cleanup, known.is_some_and(|v| v > 80.0));
    }

    /// The optimizer never lowers a TTL and never acts on an unreadable ratio or TTL.
    #[test]
    fn optimizer_never_lowers_or_guesses(ratio in figure_json(), ttl in figure_json()) {
        let t = Thresholds::default();
        let metrics = Ok(json!({"hit_rates": {"c": {"ratio": ratio.clone()}}, "storage": {"percentage": 10}}));
        let config = Ok(json!({"c": {"ttl": ttl.clone()}}));
        let (recs, _) = optimize(&metrics, &config, ["m", "c"], &t);
        for r in &recs {
            prop_assert!(r.proposed.unwrap() > r.current.unwrap(), "{:?}", r);
            prop_assert!(ratio.as_f64().is_some_and(|v| (0.0..0.7).contains(&v)));
            prop_assert!(ttl.as_f64().is_some_and(|v| v >= 0.0));
        }
    }

    /// The exit code is the worst of what happened, under cli.md's precedence.
    #[test]
    fn exit_code_is_the_maximum_severity(statuses in prop::collection::vec(status(), 0..6), outcomes in prop::collection::vec(outcome(), 0..4)) {
        let mut r = Report::new("x", "e".into(), "u".into());
        r.checks = statuses.iter().map(|s| Check::note("c", *s, "")).collect();
        r.actions = outcomes.iter().map(|o| Action { name: "a".into(), method: "POST".into(), url: "u".into(), body: None, outcome: *o, detail: None, duration_ms: 0, response: None }).collect();
        let code = r.exit_status();
        let worst = statuses.iter().max().copied().unwrap_or(Severity::Ok);
        let expected = if outcomes.contains(&Outcome::Failed) {
            ExitStatus::ActionFailed
        } else if outcomes.contains(&Outcome::Declined) {
            ExitStatus::Stopped
        } else {
            ExitStatus::from(worst)
        };
        prop_assert_eq!(code, expected);
    }

    /// Thresholds are monotonic: a worse figure never gets a better status.
    #[test]
    fn judging_is_monotonic(a in -1000.0f64..1000.0, b in -1000.0f64..1000.0, target in 0.0f64..100.0, gap in 0.0f64..100.0) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let lower = Band { target, critical: target + gap };
        prop_assert!(judge(lo, lower, Better::Lower) <= judge(hi, lower, Better::Lower));
        let higher = Band { target, critical: target - gap };
        prop_assert!(judge(hi, higher, Better::Higher) <= judge(lo, higher, Better::Higher));
    }

    /// Any JSON at all: extraction never panics, and yields a number only when it is a finite
    /// number in range.
    #[test]
    fn extract_never_panics(doc in json_value(), field in "[a-z_.-]{0,20}") {
        for range in [Range::Percent, Range::Ratio, Range::NonNegative] {
            if let Figure::Known(v) = extract(&doc, "GET /x", &field, range) {
                prop_assert!(v.is_finite() && range.admits(v));
            }
        }
        let _ = parse_flag(&Ok(doc.clone()), "GET /f", "enhanced-cache");
        let t = Thresholds::default();
        let _ = daily(&Ok(doc.clone()), &Ok(doc.clone()), &Ok(doc.clone()), ["a", "b", "c"], &t);
        let _ = optimize(&Ok(doc.clone()), &Ok(doc), ["a", "b"], &t);
    }

    /// Arbitrary bytes as a response body, through the client's own parsing: it either fails
    /// with an error naming the request, or gives JSON the policy reads without panicking.
    #[test]
    fn arbitrary_bodies_never_panic(body in prop::collection::vec(any::<u8>(), 0..256), ct in prop_oneof![Just("application/json"), Just("text/html"), Just("text/plain"), Just("")], status in 100u16..600) {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::CONTENT_TYPE, reqwest::header::HeaderValue::from_static(ct));
        let raw = crate::api::Raw { status: reqwest::StatusCode::from_u16(status).unwrap(), headers, body: body.clone() };
        let parsed = crate::api::parse_json("GET /api/x", &raw, status >= 200);
        if let Err(e) = &parsed {
            prop_assert!(e.to_string().starts_with("GET /api/x"), "{}", e);
        }
        if let Ok(doc) = parsed {
            for def in &KPIS {
                let _ = extract(&doc, "GET /x", def.field, def.range);
            }
        }
    }

    /// Arbitrary config text: loading it either works or is a configuration error (78).
    #[test]
    fn arbitrary_config_never_panics(text in "(\\PC|\n|=|\\[|\\]|\"){0,200}") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("swcache.toml");
        std::fs::write(&path, &text).unwrap();
        let vars = std::collections::HashMap::from([("SWCACHE_CONFIG".to_string(), path.display().to_string()), ("HOME".to_string(), dir.path().display().to_string())]);
        let r = crate::settings::Settings::resolve(&Default::default(), &Default::default(), &move |k| vars.get(k).cloned());
        if let Err(e) = r {
            prop_assert!(matches!(e.status, ExitStatus::Config | ExitStatus::Usage));
        }
    }
}

/// Structured config fuzzing: known sections with random values never panic either.
#[test]
fn structured_config_values_never_panic() {
    let values = [
        "1", "-1", "1e309", "\"x\"", "[]", "{}", "true", "\"10s\"", "\"0s\"", "nan", "inf", "0.5",
    ];
    let keys = [
        "timeout",
        "retries",
        "retry_after_cap",
        "[thresholds]\nmax_error_rate",
        "[kpi.feed_cache_hit_rate]\ntarget",
        "[incident]\nrecovery_wait",
        "[incident]\nlarge_entries_limit",
        "[steps.deploy]\ncommand",
        "[worker]\npaths",
        "[paths]\nhealth",
    ];
    for k in keys {
        for v in values {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("c.toml");
            std::fs::write(&path, format!("{k} = {v}\n")).unwrap();
            let vars = std::collections::HashMap::from([
                ("SWCACHE_CONFIG".to_string(), path.display().to_string()),
                ("HOME".to_string(), dir.path().display().to_string()),
            ]);
            let _ = crate::settings::Settings::resolve(
                &Default::default(),
                &Default::default(),
                &move |kk| vars.get(kk).cloned(),
            );
        }
    }
}

#[test]
fn unknown_check_value_is_never_judged() {
    let t = Thresholds::default();
    for def in &KPIS {
        let c = crate::policy::check::kpi_check(def.kpi, Figure::Unknown("x".into()), &t);
        assert_eq!(c.status, Severity::Unknown);
    }
}
