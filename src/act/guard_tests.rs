//! The exposure guard against the embedded sandbox: what each command's declared exposure lets
//! through to the app, whatever the caller builds. The sandbox's request log is the proof.

use serde_json::json;

use crate::commands::rollback::execute::step_down;
use crate::commands::rollback::paused_tests::App;
use crate::output::Outcome;
use crate::policy::exposure::Exposure;
use crate::policy::plan::PlannedWrite;
use crate::policy::plan::ReadBack;
use crate::policy::rollout::{FlagState, flag_body};
use crate::vocab::Endpoint;

fn write(fields: serde_json::Value) -> PlannedWrite {
    PlannedWrite {
        name: "test write".into(),
        endpoint: Endpoint::SetFeatureFlags,
        body: Some(flag_body("enhanced-cache", fields.clone())),
        says: "test write".into(),
        readback: ReadBack::Flag(fields),
    }
}

/// The flag as a run left it, with the sandbox's user groups (a run never sets them).
fn at(enabled: bool, percentage: f64) -> FlagState {
    FlagState {
        enabled,
        percentage,
        user_groups: vec!["beta-testers".into(), "premium-users".into()],
        updated_at: None,
    }
}

#[tokio::test]
async fn a_lowering_command_cannot_raise_whatever_it_builds() {
    let app = App::start(25, 1.0).await;
    let mut ctx = app.ctx("");
    ctx.exposure = Exposure::LowerOnly;
    let raised = ctx.actor().perform(step_down("enhanced-cache", 90)).await;
    assert_eq!(raised.outcome, Outcome::Failed, "{:?}", raised.detail);
    let why = raised.detail.unwrap();
    assert!(
        why.contains("exposure guard") && why.contains("25 % to 90 %"),
        "{why}"
    );
    assert_eq!(
        app.flag_writes().await,
        Vec::<serde_json::Value>::new(),
        "nothing sent"
    );
    // Lowering and disabling go through.
    let lowered = ctx.actor().perform(step_down("enhanced-cache", 10)).await;
    assert_eq!(lowered.outcome, Outcome::Done, "{:?}", lowered.detail);
    let off = ctx.actor().perform(write(json!({"enabled": false}))).await;
    assert_eq!(off.outcome, Outcome::Done, "{:?}", off.detail);
    // Enabling it again would raise exposure from nobody to 10 %.
    let enabled = ctx.actor().perform(write(json!({"enabled": true}))).await;
    assert_eq!(enabled.outcome, Outcome::Failed, "{:?}", enabled.detail);
    assert_eq!(
        app.flag_writes().await,
        vec![json!({"percentage": 10}), json!({"enabled": false})]
    );
}

#[tokio::test]
async fn no_command_sends_a_percentage_outside_0_to_100() {
    let app = App::start(25, 1.0).await;
    let mut ctx = app.ctx("");
    for rule in [Exposure::Any, Exposure::LowerOnly, Exposure::Run] {
        ctx.exposure = rule;
        for p in [255, 150, 101] {
            let a = ctx
                .actor()
                .expecting(&at(true, 25.0))
                .perform(write(json!({"percentage": p})))
                .await;
            assert_eq!(a.outcome, Outcome::Failed, "{rule:?} {p}");
            assert!(a.detail.unwrap().contains("outside 0–100"));
        }
    }
    assert_eq!(app.flag_writes().await, Vec::<serde_json::Value>::new());
}

#[tokio::test]
async fn a_run_never_writes_over_a_flag_someone_else_moved() {
    let app = App::start(25, 1.0).await;
    let mut ctx = app.ctx("");
    ctx.exposure = Exposure::Run;
    // The run last left the flag at 10 %; it reads 25 %: someone else's change.
    let a = ctx
        .actor()
        .expecting(&at(true, 10.0))
        .perform(write(json!({"percentage": 50})))
        .await;
    assert_eq!(a.outcome, Outcome::Failed);
    assert!(a.detail.unwrap().contains("someone else changed it"));
    // Without an expectation a run's write is refused too.
    let a = ctx.actor().perform(write(json!({"percentage": 50}))).await;
    assert_eq!(a.outcome, Outcome::Failed);
    assert_eq!(app.flag_writes().await, Vec::<serde_json::Value>::new());
    // From where it left it: sent.
    let a = ctx
        .actor()
        .expecting(&at(true, 25.0))
        .perform(write(json!({"percentage": 50})))
        .await;
    assert_eq!(a.outcome, Outcome::Done, "{:?}", a.detail);
    assert_eq!(app.flag_writes().await, vec![json!({"percentage": 50})]);
}

#[tokio::test]
async fn a_plan_with_one_refused_write_sends_none() {
    let app = App::start(25, 1.0).await;
    let mut ctx = app.ctx("");
    ctx.exposure = Exposure::LowerOnly;
    let plan = vec![
        crate::policy::plan::PlannedWrite {
            name: "raise".into(),
            endpoint: Endpoint::SetFeatureFlags,
            body: Some(flag_body("enhanced-cache", json!({"percentage": 90}))),
            says: "raise".into(),
            readback: ReadBack::Flag(json!({"percentage": 90})),
        },
        crate::policy::plan::PlannedWrite {
            name: "clear".into(),
            endpoint: Endpoint::ClearSwCache,
            body: None,
            says: "clear".into(),
            readback: ReadBack::AnswerOnly,
        },
    ];
    let (actions, ()) = ctx.actor().execute(&plan, async {}).await;
    assert!(actions.iter().all(|a| a.outcome == Outcome::Failed));
    assert_eq!(app.flag_writes().await, Vec::<serde_json::Value>::new());
}
