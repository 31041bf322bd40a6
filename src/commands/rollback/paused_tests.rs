//! The planned rollback with real five-minute soaks, against the embedded sandbox over
//! loopback, in milliseconds: the soaks wait on tokio's paused time.
//!
//! Why not `#[tokio::test(start_paused = true)]` for the whole test: with the clock paused,
//! tokio advances it to the next timer whenever every task waits, and a task waiting on real
//! socket I/O (the sandbox's answer) or a child process (a shell step) *is* waiting — so the
//! request's or the step's deadline fires at once, as if the app had hung. So the clock is
//! paused only where the run waits on nothing but time: [`PausedSoaks::sleep`] pauses tokio's
//! clock, sleeps (auto-advanced, at once), and resumes it. HTTP requests and shell steps run on
//! real time with their real deadlines; the run's own clock (`tokio::time::Instant`) counts
//! both, so a soak still lasts its full virtual five minutes.

use std::time::Duration;

use clap::Parser;
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::api::Client;
use crate::audit::AuditLog;
use crate::cli::{Cli, PlannedArgs};
use crate::commands::Ctx;
use crate::commands::clock::Clock;
use crate::commands::rollback::planned::run_with;
use crate::output::{Format, Outcome, Printer, Report};
use crate::policy::rollback::PlannedState;
use crate::sandbox::{Sandbox, SandboxOptions};
use crate::settings::{Settings, ThresholdFlags};

/// Real time, except while a soak waits: see the module's comment.
pub(crate) struct PausedSoaks;

/// Resumes tokio's clock when the sleep ends or is dropped (a signal mid-soak).
struct Resume;

impl Drop for Resume {
    fn drop(&mut self) {
        tokio::time::resume();
    }
}

impl Clock for PausedSoaks {
    fn now(&self) -> Instant {
        Instant::now()
    }

    async fn sleep(&self, d: Duration) {
        tokio::time::pause();
        let _resume = Resume;
        tokio::time::sleep(d).await;
    }
}

const STEPS: &str =
    "[steps.redeploy]\ncommand = \"true\"\n[steps.database_rollback]\ncommand = \"true\"\n";

/// The embedded sandbox and a home for one test (also `act`'s guard tests).
pub(crate) struct App {
    sandbox: Sandbox,
    home: tempfile::TempDir,
}

impl App {
    pub(crate) async fn start(flag_at: u8, error_rate: f64) -> App {
        let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
        let app = App {
            sandbox,
            home: tempfile::tempdir().unwrap(),
        };
        app.http(
            reqwest::Method::PATCH,
            "/__sandbox/state",
            Some(json!({"flag": {"percentage": flag_at}, "error_rate": error_rate})),
        )
        .await;
        app
    }

    async fn http(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = reqwest::Client::new()
            .request(method, format!("{}{path}", self.sandbox.base_url()))
            .bearer_auth(self.sandbox.token());
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap_or(Value::Null)
    }

    /// The flag changed `ago` (its `updatedAt`), as if someone had just set it.
    pub(crate) async fn touch_flag(&self, ago: Duration) {
        let at = std::time::SystemTime::now() - ago;
        let at = humantime::format_rfc3339_seconds(at).to_string();
        self.http(
            reqwest::Method::PATCH,
            "/__sandbox/state",
            Some(json!({"flag": {"updatedAt": at}})),
        )
        .await;
    }

    /// The percentages written to the flag, in order.
    pub(crate) async fn flag_writes(&self) -> Vec<Value> {
        let requests = self
            .http(reqwest::Method::GET, "/__sandbox/requests", None)
            .await;
        requests
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["method"] == "POST" && r["path"] == "/api/admin/feature-flags")
            .map(|r| r["body"]["enhanced-cache"].clone())
            .collect()
    }

    /// A context as the binary builds it, with this config file and `--yes`.
    pub(crate) fn ctx(&self, config: &str) -> Ctx {
        let home = self.home.path();
        let config_path = home.join("swcache.toml");
        std::fs::write(&config_path, config).unwrap();
        let cli = Cli::parse_from([
            "swcache",
            "--yes",
            "--url",
            &self.sandbox.base_url(),
            "--config",
            config_path.to_str().unwrap(),
            "rollback",
            "planned",
        ]);
        let token = self.sandbox.token().to_string();
        let state = home.join("state").display().to_string();
        let env = move |k: &str| match k {
            "SWCACHE_TOKEN" => Some(token.clone()),
            "XDG_STATE_HOME" => Some(state.clone()),
            _ => None,
        };
        let settings = Settings::resolve(&cli.global, &ThresholdFlags::default(), &env).unwrap();
        let client = Client::new(settings.client_config().unwrap()).unwrap();
        let store = crate::state::Store::open(&settings);
        let audit = AuditLog::new(
            store.clone(),
            settings.audit_log.clone(),
            settings.env_label(),
            client.base_url().to_string(),
            "swcache rollback planned".into(),
        );
        Ctx {
            printer: Printer::new(Format::Json, -1),
            settings,
            store,
            client,
            audit,
            cancel: crate::signals::Cancel::new(),
            exposure: crate::policy::exposure::Exposure::LowerOnly,
            live: crate::notify::Live::off(),
        }
    }

    fn state(&self, ctx: &Ctx) -> PlannedState {
        super::state::load(&super::state::doc(&ctx.store, &ctx.settings.env_label()))
            .unwrap()
            .expect("a recorded run")
    }
}

fn args(resume: bool) -> PlannedArgs {
    PlannedArgs {
        abandon: false,
        steps: None,
        step_wait: None,
        poll_interval: None,
        resume,
    }
}

async fn run(ctx: &Ctx, resume: bool) -> Report {
    run_with(ctx, &args(resume), &PausedSoaks, None)
        .await
        .unwrap()
}

fn soak_durations(st: &PlannedState) -> Vec<u64> {
    st.history
        .iter()
        .filter(|h| h.stage.starts_with("soak"))
        .map(|h| h.duration_ms)
        .collect()
}

fn check<'a>(report: &'a Report, name: &str) -> &'a crate::policy::check::Check {
    report
        .checks
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no check {name}"))
}

#[tokio::test]
async fn default_five_minute_soaks_run_in_full_on_virtual_time() {
    let app = App::start(50, 1.0).await;
    let ctx = app.ctx(STEPS);
    let report = run(&ctx, false).await;
    assert_eq!(report.stopped, None, "{:?}", report.notes);
    assert_eq!(
        app.flag_writes().await,
        vec![
            json!({"percentage": 25}),
            json!({"percentage": 10}),
            json!({"percentage": 0})
        ]
    );
    let st = app.state(&ctx);
    assert_eq!(st.completed, st.plan.len());
    let soaks = soak_durations(&st);
    assert_eq!(soaks.len(), 2);
    assert!(
        soaks.iter().all(|&ms| ms >= 300_000),
        "each soak lasted its five minutes of the run's clock: {soaks:?}"
    );
    // Read every 15 s (the default) over five minutes: about 20 readings each.
    let soak = check(&report, "error rate during soak at 25 %");
    let detail = soak.detail.clone().unwrap();
    let polls: u32 = detail
        .split(" over ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{detail}"));
    assert!((19..=21).contains(&polls), "{detail}");
}

#[tokio::test]
async fn a_spike_during_a_soak_takes_the_emergency_path() {
    let app = App::start(50, 12.0).await;
    let ctx = app.ctx(STEPS);
    let report = run(&ctx, false).await;
    let writes = app.flag_writes().await;
    assert_eq!(
        writes,
        vec![json!({"percentage": 25}), json!({"enabled": false})],
        "stepped to 25 %, then the emergency disable; nothing more"
    );
    assert_eq!(
        check(&report, "error rate during soak at 25 %").status,
        crate::vocab::Severity::Critical
    );
    let st = app.state(&ctx);
    assert_eq!(st.status, crate::policy::rollback::RunStatus::Emergency);
    assert!(
        !report
            .actions
            .iter()
            .any(|a| a.name == "step redeploy" && a.outcome == Outcome::Done),
        "no redeploy after the emergency"
    );
}

#[tokio::test]
async fn a_failed_redeploy_after_the_soaks_resumes_at_the_redeploy_only() {
    let app = App::start(50, 1.0).await;
    let failing = "[steps.redeploy]\ncommand = \"echo 'bucket gone' >&2; exit 3\"\n";
    let ctx = app.ctx(failing);
    let report = run(&ctx, false).await;
    let failed = report
        .actions
        .iter()
        .find(|a| a.name == "step redeploy")
        .unwrap();
    assert_eq!(failed.outcome, Outcome::Failed);
    let st = app.state(&ctx);
    assert_eq!(
        (st.completed, &st.plan[st.completed]),
        (5, &crate::policy::rollback::Stage::Redeploy),
        "both soaks and every step-down done"
    );
    let sent = app.flag_writes().await.len();
    assert_eq!(sent, 3);

    // Fixed, then resumed: no step-down or soak again; the redeploy, database, validate.
    let ctx = app.ctx(STEPS);
    let report = run(&ctx, true).await;
    assert_eq!(report.stopped, None, "{:?}", report.notes);
    assert_eq!(app.flag_writes().await.len(), sent, "nothing re-sent");
    let st = app.state(&ctx);
    assert_eq!(st.completed, st.plan.len());
    assert_eq!(soak_durations(&st).len(), 2, "the soaks ran once");
    assert!(
        !report
            .checks
            .iter()
            .any(|c| c.name.starts_with("error rate during soak")),
        "no soak in the resumed run"
    );
}

/// `[analysis]` over the soaks: a window of five-minute soaks read every 15 s, at least 3
/// measurements, one failure tolerated.
const ANALYSED: &str = "[analysis]\ncount = 3\nfailure_limit = 1\ninconclusive_limit = 0\n";

#[tokio::test]
async fn soaks_under_analysis_pass_and_the_rollback_completes() {
    let app = App::start(50, 1.0).await;
    let ctx = app.ctx(&format!("{ANALYSED}{STEPS}"));
    let report = run(&ctx, false).await;
    assert_eq!(report.stopped, None, "{:?}", report.notes);
    assert_eq!(app.flag_writes().await.len(), 3);
    let soak = check(&report, "error rate during soak at 25 %");
    assert_eq!(soak.status, crate::vocab::Severity::Ok);
    let detail = soak.detail.clone().unwrap();
    // 5 min / 15 s + 1: the window covers the soak.
    assert!(
        detail.contains("analysis passed after 21 measurements"),
        "{detail}"
    );
}

#[tokio::test]
async fn a_spike_past_the_failure_limit_takes_the_emergency_path_under_analysis() {
    let app = App::start(50, 12.0).await;
    let ctx = app.ctx(&format!("{ANALYSED}{STEPS}"));
    let report = run(&ctx, false).await;
    assert_eq!(
        app.flag_writes().await,
        vec![json!({"percentage": 25}), json!({"enabled": false})],
        "the first spike is tolerated, the second fails the window: the emergency disable"
    );
    let soak = check(&report, "error rate during soak at 25 %");
    assert_eq!(soak.status, crate::vocab::Severity::Critical);
    assert!(
        soak.detail
            .as_deref()
            .unwrap()
            .contains("analysis FAILED after 2 measurements"),
        "{soak:?}"
    );
    assert_eq!(
        app.state(&ctx).status,
        crate::policy::rollback::RunStatus::Emergency
    );
}

#[tokio::test]
async fn an_unreadable_error_rate_under_analysis_stops_resumably_at_the_soak() {
    let app = App::start(50, 1.0).await;
    app.http(
        reqwest::Method::POST,
        "/__sandbox/faults",
        Some(json!({"path": "/api/error-metrics", "status": 502})),
    )
    .await;
    let ctx = app.ctx(&format!("{ANALYSED}{STEPS}"));
    let report = run(&ctx, false).await;
    let why = report.stopped.clone().expect("stopped");
    assert!(why.contains("INCONCLUSIVE"), "{why}");
    assert_eq!(
        app.flag_writes().await,
        vec![json!({"percentage": 25})],
        "nothing lowered further, nothing raised"
    );
    assert_eq!(
        check(&report, "error rate during soak at 25 %").status,
        crate::vocab::Severity::Unknown
    );
    let st = app.state(&ctx);
    assert_eq!(
        st.completed, 1,
        "the soak is not done: it runs again on resume"
    );

    // Readable again: the resume soaks at 25 % in full and goes on.
    app.http(reqwest::Method::DELETE, "/__sandbox/faults", None)
        .await;
    let report = run(&ctx, true).await;
    assert_eq!(report.stopped, None, "{:?}", report.notes);
    assert_eq!(app.flag_writes().await.len(), 3);
    assert_eq!(app.state(&ctx).completed, app.state(&ctx).plan.len());
}
