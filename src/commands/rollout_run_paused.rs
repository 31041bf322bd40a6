//! `rollout run` with its default seven-day bakes, against the embedded sandbox over loopback,
//! in moments: the executor waits on the injected clock, which here is tokio's paused time
//! (see `rollback::paused_tests` for why only the waits are paused).

use std::time::Duration;

use clap::Parser;
use serde_json::json;

use crate::cli::{Cli, Command, RolloutCommand, RolloutRunArgs};
use crate::commands::rollback::paused_tests::{App, PausedSoaks};
use crate::commands::rollout_run::run_with;
use crate::policy::exposure::Exposure;

const WEEK: Duration = Duration::from_secs(7 * 24 * 3600);

fn args(extra: &[&str]) -> RolloutRunArgs {
    let mut argv = vec!["swcache", "rollout", "run"];
    argv.extend_from_slice(extra);
    match Cli::parse_from(argv).command {
        Command::Rollout(RolloutCommand::Run(a)) => a,
        _ => unreachable!("parsed as rollout run"),
    }
}

/// A reading a day over each week-long bake: the run's analysis, spread over its bake.
const DAILY: &str = "[analysis]\ninterval = \"1d\"\ncount = 2\nfailure_limit = 0\n\
                     inconclusive_limit = 0\n";

#[tokio::test]
async fn each_step_bakes_its_full_week_on_virtual_time() {
    let app = App::start(0, 1.0).await;
    let mut ctx = app.ctx(DAILY);
    ctx.exposure = Exposure::Run;
    let started = tokio::time::Instant::now();
    let report = run_with(&ctx, &args(&["--until", "25"]), &PausedSoaks)
        .await
        .unwrap();
    assert_eq!(report.stopped, None, "{:?}", report.notes);
    assert_eq!(
        app.flag_writes().await,
        vec![json!({"percentage": 10}), json!({"percentage": 25})]
    );
    // Two steps, each baked its whole default week (the min_bake), on the run's own clock.
    assert!(
        started.elapsed() >= 2 * WEEK,
        "baked {:?}",
        started.elapsed()
    );
    assert!(started.elapsed() < 2 * WEEK + Duration::from_secs(3600));
    let steps = report.data["run"]["steps"].as_array().unwrap().clone();
    assert_eq!(steps.len(), 2, "{steps:?}");
}

#[tokio::test]
async fn a_step_set_a_minute_ago_by_someone_else_holds_the_first_raise() {
    // The flag has stood at 10 % for a minute, not the week advance would want: the run's
    // gate is advance's, so nothing is raised.
    let app = App::start(10, 1.0).await;
    app.touch_flag(Duration::from_secs(60)).await;
    let mut ctx = app.ctx(DAILY);
    ctx.exposure = Exposure::Run;
    let report = run_with(&ctx, &args(&[]), &PausedSoaks).await.unwrap();
    let why = report.stopped.clone().unwrap_or_default();
    assert!(why.contains("bake"), "{why}");
    assert_eq!(app.flag_writes().await, Vec::<serde_json::Value>::new());
}

/// A clock that, as another machine would, pauses the run during its bake's first wait and
/// lets it go on after five of the paused run's looks.
struct PauseMidBake {
    pause: crate::state::Doc,
    waits: std::sync::atomic::AtomicUsize,
    looks: std::sync::atomic::AtomicUsize,
}

impl crate::commands::clock::Clock for PauseMidBake {
    fn now(&self) -> tokio::time::Instant {
        tokio::time::Instant::now()
    }

    async fn sleep(&self, d: Duration) {
        use std::sync::atomic::Ordering::SeqCst;
        if d == Duration::from_secs(1) {
            if self.looks.fetch_add(1, SeqCst) + 1 == 5 {
                assert!(self.pause.remove().unwrap(), "the pause was recorded");
            }
        } else if self.waits.fetch_add(1, SeqCst) == 0 {
            let p = crate::commands::rollout_run::pause_record::Paused::now("ann@ops1".into());
            self.pause.save(&p).unwrap();
        }
        PausedSoaks.sleep(d).await
    }
}

#[tokio::test]
async fn a_pause_mid_bake_holds_and_stops_the_bake_clock() {
    let app = App::start(0, 1.0).await;
    let mut ctx = app.ctx(DAILY);
    ctx.exposure = Exposure::Run;
    let clock = PauseMidBake {
        pause: crate::commands::rollout_run::pause_record::doc(
            &ctx.store,
            &ctx.settings.env_label(),
        ),
        waits: Default::default(),
        looks: Default::default(),
    };
    let started = tokio::time::Instant::now();
    let report = run_with(&ctx, &args(&["--until", "10"]), &clock)
        .await
        .unwrap();
    assert_eq!(report.stopped, None, "{:?}", report.notes);
    assert_eq!(app.flag_writes().await, vec![json!({"percentage": 10})]);
    assert_eq!(clock.looks.load(std::sync::atomic::Ordering::SeqCst), 5);
    // The whole week baked, not counting the five seconds held.
    assert!(
        started.elapsed() >= WEEK + Duration::from_secs(5),
        "baked {:?}",
        started.elapsed()
    );
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.starts_with("paused by ann@ops1 since ") && n.contains(": held at 10 % for")),
        "{:?}",
        report.notes
    );
}
