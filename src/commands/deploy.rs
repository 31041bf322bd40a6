//! `swcache deploy staging|production` (phases 1–2 of the guide): an ordered pipeline of
//! stages, each a configured shell step or a built-in check (`policy::pipeline::plan`):
//! preflight → build → artifact check → build validation → (production: promotion gate, tag,
//! migration) → deploy → served-worker verification (polled until a deadline, because CDNs
//! lag) → post-deploy tests. A full `deploy staging` records what it verified and tested, and
//! `deploy production` of a release goes on only when staging passed the same one.
//!
//! Exit codes: a failing preflight, missing artifacts, a built worker that is not the release,
//! a closed promotion gate, or a required step (build, deploy) not configured stop the run → 5;
//! a failing step → 4 with its last lines; otherwise the worst check (2 CRITICAL, 3 UNKNOWN,
//! 1 WARNING: e.g. an optional step not configured, SKIPPED).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use serde_json::json;

use crate::api::{Endpoint, Raw};
use crate::cli::DeployTarget;
use crate::commands::precache::{self, PrecacheReport};
use crate::commands::probe::{self, BrowserSeen};
use crate::commands::{Ctx, fetch, promotion};
use crate::exit::{CliError, Severity};
use crate::output::{Action, Outcome, Payload, Report, Section};
use crate::policy::check::Check;
use crate::policy::deploy::{
    artifact_check, cache_control_check, content_type_check, hash_check, metrics_check, node_check,
    reachable_check, release_check, sw_allowed_check, target_check, tool_check, verified,
    wildcard_match,
};
use crate::policy::pipeline::{
    Mode, Stage, StageId, StagingRecord, TESTS_PASSED, plan, promotion_check, release,
    worker_release_check,
};
use crate::policy::served::fetch_check;
use crate::policy::skipped::{not_available, warning_line};
use crate::policy::validate::{ServedWorker, gate_failures, script_version, sw_status_version};
use crate::settings::DeploySettings;

#[derive(Clone, Debug)]
pub(crate) struct DeployOptions {
    pub target: DeployTarget,
    pub skip_build: bool,
    pub verify_only: bool,
    pub allow_insecure: bool,
    /// `--skip-staging-gate REASON`: production without the promotion gate (audited).
    pub skip_staging_gate: Option<String>,
}

impl DeployOptions {
    fn mode(&self) -> Mode {
        if self.verify_only {
            Mode::VerifyOnly
        } else if self.skip_build {
            Mode::SkipBuild
        } else {
            Mode::Build
        }
    }

    fn mode_name(&self) -> &'static str {
        match self.mode() {
            Mode::VerifyOnly => "verify-only",
            Mode::SkipBuild => "skip-build",
            Mode::Build => "build-and-deploy",
        }
    }
}

/// What was read of the served worker in the last verification round.
#[derive(Clone, Debug, Default, serde::Serialize)]
struct WorkerSeen {
    path: String,
    served_sha256: Option<String>,
    local_sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    served_release: Option<String>,
    content_type: Option<String>,
    cache_control: Option<String>,
    service_worker_allowed: Option<String>,
    /// The `Location` the worker URL redirected to (browsers refuse it).
    #[serde(skip_serializing_if = "Option::is_none")]
    redirect: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// One stage of the run, as planned and as it went: the `Pipeline` table, and
/// `deploy.pipeline` in JSON.
#[derive(Clone, Debug, Serialize)]
struct StageRow {
    #[serde(skip)]
    id: StageId,
    stage: &'static str,
    /// `[steps.NAME]` for a step stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    step: Option<&'static str>,
    /// The shell command, `(not configured)` (in the sandbox: it runs none), or `built-in`.
    runs: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeout_ms: Option<u64>,
    checks: &'static str,
    /// done, failed, skipped, dry-run, passed, not reached, …
    outcome: String,
}

impl StageRow {
    /// A step stage with no command to run (not configured, or the sandbox runs none).
    fn spec_missing(&self) -> bool {
        self.step.is_some() && self.timeout_ms.is_none() && self.runs.starts_with('(')
    }
}

struct Pipeline(Vec<StageRow>);

impl Pipeline {
    fn new(ctx: &Ctx, stages: &[Stage]) -> Pipeline {
        let deploy = &ctx.settings.deploy;
        Pipeline(
            stages
                .iter()
                .map(|s| {
                    let spec = s.step.and_then(|n| ctx.settings.steps.get(n));
                    let (runs, timeout) = match (s.step, spec) {
                        (Some(_), Some(spec)) => (spec.command.clone(), Some(spec.timeout)),
                        (Some(_), None) if ctx.settings.sandbox => {
                            ("(the sandbox runs no configured step)".to_string(), None)
                        }
                        (Some(_), None) => ("(not configured)".to_string(), None),
                        (None, _) if s.id == StageId::Verify => {
                            ("built-in".to_string(), Some(deploy.verify_deadline))
                        }
                        (None, _) => ("built-in".to_string(), None),
                    };
                    StageRow {
                        id: s.id,
                        stage: s.id.name(),
                        step: s.step,
                        runs,
                        timeout_ms: timeout.map(|t| t.as_millis() as u64),
                        checks: s.what,
                        outcome: "not reached".into(),
                    }
                })
                .collect(),
        )
    }

    fn set(&mut self, id: StageId, outcome: impl Into<String>) {
        if let Some(r) = self.0.iter_mut().find(|r| r.id == id) {
            r.outcome = outcome.into();
        }
    }

    fn section(rows: &[StageRow], detailed: bool) -> Section {
        let timeout = |r: &StageRow| {
            r.timeout_ms
                .map(|ms| crate::numbers::duration(Duration::from_millis(ms)))
                .unwrap_or_else(|| "—".into())
        };
        // Short: which step runs it (its command is in the config and under -v).
        let runs = |r: &StageRow| match r.step {
            Some(step) if r.spec_missing() => format!("[steps.{step}], not run"),
            Some(step) => format!("[steps.{step}]"),
            None => r.runs.clone(),
        };
        let (header, rows) = if detailed {
            (
                vec!["#", "Stage", "Runs", "Timeout", "Checks / does", "Outcome"],
                rows.iter()
                    .enumerate()
                    .map(|(i, r)| {
                        vec![
                            (i + 1).to_string(),
                            r.stage.to_string(),
                            r.runs.clone(),
                            timeout(r),
                            r.checks.to_string(),
                            r.outcome.clone(),
                        ]
                    })
                    .collect(),
            )
        } else {
            (
                vec!["#", "Stage", "Runs", "Outcome"],
                rows.iter()
                    .enumerate()
                    .map(|(i, r)| {
                        vec![
                            (i + 1).to_string(),
                            r.stage.to_string(),
                            runs(r),
                            r.outcome.clone(),
                        ]
                    })
                    .collect(),
            )
        };
        Section {
            title: "Pipeline".into(),
            header: header.into_iter().map(String::from).collect(),
            rows,
        }
    }
}

/// What the run did and saw (JSON `deploy`); fields appear once their stage was reached.
#[derive(Serialize)]
struct DeployData {
    target: &'static str,
    mode: &'static str,
    build_dir: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    release: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    release_source: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    worker: Option<WorkerSeen>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verify: Option<Verified>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tests: Option<&'static str>,
    /// The served worker's precache manifest, checked from the edge.
    #[serde(skip_serializing_if = "Option::is_none")]
    precache: Option<PrecacheReport>,
    /// What a browser showed after the deploy (`probe`), when `[browser]` is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    browser: Option<BrowserSeen>,
    pipeline: Vec<StageRow>,
    /// The pipeline whole (what each stage runs and checks): under `-v` and in a dry run, which
    /// is read to review it. Otherwise one short row per stage.
    #[serde(skip)]
    detailed: bool,
}

#[derive(Serialize)]
struct Verified {
    passed: bool,
    rounds: u32,
    deadline_ms: u64,
}

/// The deploy's typed result: the pipeline table and the served worker, and the same as JSON.
#[derive(Serialize)]
struct DeployReport {
    deploy: DeployData,
}

impl Payload for DeployReport {
    fn tables(&self) -> Vec<Section> {
        let mut tables = vec![Pipeline::section(
            &self.deploy.pipeline,
            self.deploy.detailed,
        )];
        tables.extend(self.deploy.worker.as_ref().map(worker_section));
        if let Some(p) = &self.deploy.precache {
            tables.extend(
                precache::Precache {
                    precache: std::slice::from_ref(p),
                }
                .tables(),
            );
        }
        tables
    }
}

/// Ends the run: the pipeline table and the data, whatever stage it stopped at.
fn finish(mut report: Report, pipe: Pipeline, mut data: DeployData) -> Report {
    data.pipeline = pipe.0;
    report.attach(&DeployReport { deploy: data });
    report
}

pub(crate) async fn run(ctx: &Ctx, opts: DeployOptions) -> anyhow::Result<Report> {
    let deploy = &ctx.settings.deploy;
    let dry_run = ctx.settings.dry_run;
    let production = opts.target == DeployTarget::Production;
    let mode = opts.mode();
    let building = mode == Mode::Build;
    let gate_skip = match &opts.skip_staging_gate {
        Some(_) if !production => {
            return Err(
                CliError::usage("--skip-staging-gate applies to `deploy production` only").into(),
            );
        }
        Some(r) if r.trim().is_empty() => {
            return Err(CliError::usage("--skip-staging-gate needs a reason").into());
        }
        other => other.as_deref().map(str::trim),
    };
    let gated = production && mode != Mode::VerifyOnly && gate_skip.is_none();
    let stages = plan(production, mode);
    let mut pipe = Pipeline::new(ctx, &stages);
    let stage = |id: StageId| *stages.iter().find(|s| s.id == id).expect("planned");
    let mut report = ctx.report("deploy");
    let mut data = DeployData {
        target: opts.target.name(),
        mode: opts.mode_name(),
        detailed: ctx.settings.dry_run || ctx.printer.is_verbose(),
        build_dir: deploy.build_dir.display().to_string(),
        release: None,
        release_source: None,
        worker: None,
        verify: None,
        tests: None,
        precache: None,
        browser: None,
        pipeline: Vec::new(),
    };
    let records_path = promotion::doc(&ctx.store);

    // 1. Preflight: nothing runs and nothing is sent unless it passes.
    report.checks.push(target_check(
        ctx.client.base_url(),
        production,
        opts.allow_insecure,
    ));
    if building {
        report
            .checks
            .push(node_check(&node_version().await, deploy.node_min_major));
        for tool in &deploy.build_tools {
            report.checks.push(tool_check(tool, &which(tool)));
        }
    }
    // A release given up front that staging never passed is refused before building it; the
    // worker's hash is compared at the gate stage, once built.
    if gated && let Some(r) = &deploy.release {
        let records = promotion::load(&records_path)?;
        let gate = promotion_check(records.get(r), r, None, staging_url(ctx).as_deref());
        if gate.status != Severity::Ok {
            report.checks.push(gate);
        }
    }
    let failing = gate_failures(&report.checks);
    if !failing.is_empty() {
        pipe.set(StageId::Preflight, "failed");
        report.stopped = Some(format!(
            "preflight failed ({}); nothing was built, deployed or requested",
            failing.join(", ")
        ));
        return Ok(finish(report, pipe, data));
    }
    pipe.set(StageId::Preflight, "passed");

    // 2. Build. The release is known only when configured; else it is what the build makes.
    if building {
        let env = step_env(deploy, opts.target, deploy.release.as_deref());
        if !run_stage(ctx, &mut report, &mut pipe, stage(StageId::Build), &env).await {
            report
                .notes
                .push("the build did not complete, so nothing was deployed".into());
            return Ok(finish(report, pipe, data));
        }
    } else if mode == Mode::SkipBuild {
        report
            .notes
            .push("build skipped (--skip-build): the artifacts were built elsewhere".into());
    }

    // 3. The artifacts, by their configured patterns, and the release the built worker
    // declares. A dry run built nothing, so there is nothing of this build to check.
    let planned_build = building && dry_run;
    let worker_file = deploy.build_dir.join(&deploy.worker_artifact);
    let local = std::fs::read(&worker_file).map_err(|e| {
        format!(
            "cannot read the worker artifact {}: {e}",
            worker_file.display()
        )
    });
    let local_sha = local
        .as_ref()
        .map(|b| fetch::sha256_hex(b))
        .map_err(Clone::clone);
    let local_version = local
        .as_ref()
        .ok()
        .and_then(|b| script_version(&String::from_utf8_lossy(b)));
    let built = if planned_build {
        None
    } else {
        local_version.as_deref()
    };
    let resolved = release(deploy.release.as_deref(), built);
    let the_release = resolved.as_ref().map(|(r, _)| r.clone());
    data.release = Some(the_release.clone());
    data.release_source = Some(json!(resolved.as_ref().map(|(_, s)| s)));
    if planned_build {
        report
            .notes
            .push("artifacts not checked: --dry-run did not build them".into());
        pipe.set(StageId::Artifacts, "not checked (--dry-run built nothing)");
    } else {
        let mut checks: Vec<Check> = deploy
            .artifacts
            .iter()
            .map(|pat| artifact_check(pat, &match_artifacts(&deploy.build_dir, pat)))
            .collect();
        checks.push(worker_release_check(
            "built",
            local_version.as_deref(),
            the_release.as_deref(),
            Severity::Unknown,
        ));
        let failing = gate_failures(&checks);
        report.checks.extend(checks);
        pipe.set(
            StageId::Artifacts,
            if failing.is_empty() {
                "passed"
            } else {
                "failed"
            },
        );
        if !failing.is_empty() && mode != Mode::VerifyOnly {
            report.stopped = Some(format!(
                "the build is not the release to deploy ({}); the deploy step was not run",
                failing.join(", ")
            ));
            return Ok(finish(report, pipe, data));
        }
    }
    let env = step_env(deploy, opts.target, the_release.as_deref());

    // The worker served before this deploy: the previous release, whose precached files old
    // clients keep requesting until they update.
    let mut previous: Option<String> = None;
    if mode != Mode::VerifyOnly {
        // 4. Build validation (guide 1.2).
        if !run_stage(
            ctx,
            &mut report,
            &mut pipe,
            stage(StageId::ValidateBuild),
            &env,
        )
        .await
        {
            report
                .notes
                .push("the build did not validate, so nothing was deployed".into());
            return Ok(finish(report, pipe, data));
        }

        // 5. Production: the promotion gate, then tag and migration (guide 2.1, 2.2).
        if production {
            if !promotion_gate(
                ctx,
                &mut report,
                &records_path,
                gate_skip,
                the_release.as_deref(),
                if planned_build {
                    None
                } else {
                    local_sha.as_ref().ok().map(String::as_str)
                },
            )? {
                pipe.set(StageId::PromotionGate, "refused");
                return Ok(finish(report, pipe, data));
            }
            pipe.set(
                StageId::PromotionGate,
                if gate_skip.is_some() {
                    "skipped (--skip-staging-gate)"
                } else {
                    "passed"
                },
            );
            // Tag, migrate and deploy change production: asked like any production write.
            if let Err(why) = confirm_production(ctx, the_release.as_deref(), &local_sha) {
                report.stopped = Some(why);
                report
                    .notes
                    .push("nothing was tagged, migrated or deployed".into());
                return Ok(finish(report, pipe, data));
            }
            for id in [StageId::Tag, StageId::Migrate] {
                if !run_stage(ctx, &mut report, &mut pipe, stage(id), &env).await {
                    report.notes.push(format!(
                        "{} did not complete, so nothing was deployed",
                        id.name()
                    ));
                    return Ok(finish(report, pipe, data));
                }
            }
        }

        // 6. Deploy.
        // Only when a deploy step will run: a skipped one sends nothing.
        if !dry_run && ctx.settings.steps.contains_key("deploy") {
            previous = fetch::worker(&ctx.client, &ctx.printer, &deploy.worker_path)
                .await
                .script;
        }
        if !run_stage(ctx, &mut report, &mut pipe, stage(StageId::Deploy), &env).await {
            report.notes.push(
                "the deploy did not complete; what is served was not verified (it may be \
                 half-deployed)"
                    .into(),
            );
            return Ok(finish(report, pipe, data));
        }
    }

    // 7. Verify what is served, until it passes or the deadline. A dry run deployed nothing:
    // what is served is not this build, so verifying it would only mislead.
    if dry_run && mode != Mode::VerifyOnly {
        report.notes.push(
            "verification skipped: --dry-run ran no step (use --verify-only --dry-run to check \
             what is served now)"
                .into(),
        );
        pipe.set(StageId::Verify, "not checked (--dry-run)");
        run_stage(
            ctx,
            &mut report,
            &mut pipe,
            stage(StageId::PostDeployTests),
            &env,
        )
        .await;
        return Ok(finish(report, pipe, data));
    }
    let (passed, rounds, seen, precache) = verify(
        ctx,
        &mut report,
        &local_sha,
        the_release.as_deref(),
        previous.as_deref(),
    )
    .await;
    data.precache = Some(precache);
    pipe.set(
        StageId::Verify,
        if passed { "passed" } else { "not verified" },
    );
    data.worker = Some(seen);
    data.verify = Some(Verified {
        passed,
        rounds,
        deadline_ms: deploy.verify_deadline.as_millis() as u64,
    });
    if mode == Mode::VerifyOnly {
        return Ok(finish(report, pipe, data));
    }

    // 8. Post-deploy tests (guide 1.4), against a verified deploy only.
    let tests = if passed {
        let test_stage = stage(StageId::PostDeployTests);
        let before = report.actions.len();
        run_stage(ctx, &mut report, &mut pipe, test_stage, &env).await;
        match report.actions.get(before).map(|a| a.outcome) {
            Some(Outcome::Done) => TESTS_PASSED,
            Some(Outcome::Skipped) => "skipped",
            _ => "failed",
        }
    } else {
        pipe.set(StageId::PostDeployTests, "not run (not verified)");
        report
            .notes
            .push("post-deploy tests not run: what is served did not verify".into());
        "not-run"
    };
    data.tests = Some(tests);

    // With `[browser]`: a browser's view of the deploy (its kept profile is an existing client,
    // so this says whether the new worker reached it), on a verified deploy only.
    if passed && ctx.settings.browser.configured {
        let (checks, seen) = probe::checks(ctx, probe::AFTER_PUBLISH).await;
        report.checks.extend(checks);
        data.browser = Some(seen);
    }

    // A full staging run records its result for the promotion gate.
    if opts.target == DeployTarget::Staging {
        match (&the_release, &local_sha) {
            (Some(r), Ok(sha)) => {
                let rec = StagingRecord {
                    release: r.clone(),
                    worker_sha256: sha.clone(),
                    verified: passed,
                    tests: tests.into(),
                    time: humantime::format_rfc3339_seconds(std::time::SystemTime::now())
                        .to_string(),
                    url: ctx.client.base_url().to_string(),
                };
                let action = record_staging(ctx, &records_path, &rec);
                report.actions.push(action);
            }
            _ => report.notes.push(
                "nothing recorded for the promotion gate: the release or the worker's hash is \
                 unknown"
                    .into(),
            ),
        }
    }
    Ok(finish(report, pipe, data))
}

/// Polls what is served until it verifies or the deadline passes.
async fn verify(
    ctx: &Ctx,
    report: &mut Report,
    local_sha: &Result<String, String>,
    expected: Option<&str>,
    previous: Option<&str>,
) -> (bool, u32, WorkerSeen, PrecacheReport) {
    let deploy = &ctx.settings.deploy;
    let polled = crate::commands::poll::until(
        &ctx.cancel,
        deploy.verify_deadline,
        deploy.verify_interval,
        || verify_round(ctx, deploy, local_sha, expected),
        |(checks, _, _)| verified(checks),
        |(checks, _, _), round| {
            let pending: Vec<&str> = checks
                .iter()
                .filter(|c| c.status != Severity::Ok)
                .map(|c| c.name.as_str())
                .collect();
            ctx.printer.info(format!(
                "verify round {round}: not yet ({}); again in {}",
                pending.join(", "),
                crate::numbers::duration(deploy.verify_interval)
            ));
        },
    )
    .await;
    let rounds = polled.rounds;
    let (mut checks, seen, worker) = polled.last;
    // Once, on what the last round read: every entry is a request to the edge.
    let (precache_checks, precache) = precache::checks(ctx, &worker, previous).await;
    checks.extend(precache_checks);
    let passed = verified(&checks);
    report.checks.extend(checks);
    report.notes.push(if passed {
        format!("verified in {rounds} round(s)")
    } else {
        format!(
            "not verified after {rounds} round(s) within {}",
            crate::numbers::duration(deploy.verify_deadline)
        )
    });
    (passed, rounds, seen, precache)
}

/// The one question before production's tag, migration and deploy (the name typed where the
/// environment is production; `--yes` without a terminal). `Err`: why not, nothing ran.
fn confirm_production(
    ctx: &Ctx,
    release: Option<&str>,
    local_sha: &Result<String, String>,
) -> Result<(), String> {
    let env = ctx.settings.env_label();
    let evidence = vec![
        format!(
            "Deploy release {} to {env} ({}): tag, migrate, deploy, then verify what is served",
            release.unwrap_or("(unknown)"),
            ctx.client.base_url()
        ),
        format!(
            "  worker sha256 {}",
            local_sha.as_deref().unwrap_or("(unknown)")
        ),
    ];
    ctx.actor()
        .confirm_with(&evidence, &format!("Deploy to {env}?"))
}

/// Staging's configured URL, which a gate-opening record must have been made against.
fn staging_url(ctx: &Ctx) -> Option<String> {
    ctx.settings.staging_url.as_ref().map(|u| u.to_string())
}

/// The promotion gate stage; `false`: refused (the report says why and stops).
fn promotion_gate(
    ctx: &Ctx,
    report: &mut Report,
    records_path: &crate::state::Doc,
    skip: Option<&str>,
    the_release: Option<&str>,
    local_sha: Option<&str>,
) -> Result<bool, CliError> {
    let name = "promotion gate";
    if let Some(reason) = skip {
        report.checks.push(Check::note(
            name,
            Severity::Warning,
            format!("SKIPPED by --skip-staging-gate: {reason}"),
        ));
        let mut action = Action {
            name: "skip staging gate".into(),
            method: "GATE".into(),
            url: records_path.to_string(),
            body: Some(json!({"release": the_release, "reason": reason})),
            outcome: Outcome::Done,
            detail: Some(format!("promotion gate skipped: {reason}")),
            duration_ms: 0,
            response: None,
        };
        if ctx.settings.dry_run {
            action.outcome = Outcome::DryRun;
            action.detail = Some("not recorded (--dry-run)".into());
        } else {
            ctx.actor().record(&action);
        }
        report.actions.push(action);
        return Ok(true);
    }
    let Some(r) = the_release else {
        // Only a dry run of a build gets here: the release is the one it would build.
        report.notes.push(
            "promotion gate not checked: the release is known only once the build has run".into(),
        );
        return Ok(true);
    };
    let records = promotion::load(records_path)?;
    let gate = promotion_check(records.get(r), r, local_sha, staging_url(ctx).as_deref());
    let open = gate.status == Severity::Ok;
    if !open {
        report.stopped = Some(format!(
            "the promotion gate refused production: {}",
            gate.detail.clone().unwrap_or_default()
        ));
    }
    report.checks.push(gate);
    Ok(open)
}

/// Writes the staging record for the gate, as an audited action.
fn record_staging(ctx: &Ctx, path: &crate::state::Doc, rec: &StagingRecord) -> Action {
    let mut action = Action {
        name: "record staging result".into(),
        method: "STATE".into(),
        url: path.to_string(),
        body: serde_json::to_value(rec).ok(),
        outcome: Outcome::Done,
        detail: Some(format!(
            "release {}: verified {}, post-deploy tests {}",
            rec.release, rec.verified, rec.tests
        )),
        duration_ms: 0,
        response: None,
    };
    if let Err(e) = promotion::save(path, rec) {
        action.outcome = Outcome::Failed;
        action.detail = Some(e);
    }
    ctx.actor().record(&action);
    action
}

/// Every step's environment (the guide's `export NODE_ENV=production …`), with the release
/// when it is known; each step's own `env` is applied over it.
fn step_env(
    d: &DeploySettings,
    target: DeployTarget,
    release: Option<&str>,
) -> Vec<(String, String)> {
    let mut env = vec![
        ("NODE_ENV".to_string(), d.node_env.clone()),
        (
            "NEXT_PUBLIC_SW_ENABLED".to_string(),
            d.sw_enabled.to_string(),
        ),
        ("SWCACHE_DEPLOY_ENV".to_string(), target.name().to_string()),
    ];
    if let Some(r) = release {
        env.push(("NEXT_PUBLIC_CACHE_VERSION".to_string(), r.to_string()));
        env.push(("SWCACHE_RELEASE".to_string(), r.to_string()));
    }
    env.extend(d.env.iter().map(|(k, v)| (k.clone(), v.clone())));
    env
}

/// Runs a step stage; `false` when the run cannot go on (the step failed, or a required one is
/// not configured: the report then holds why). Not configured follows `policy::skipped`.
async fn run_stage(
    ctx: &Ctx,
    report: &mut Report,
    pipe: &mut Pipeline,
    stage: Stage,
    env: &[(String, String)],
) -> bool {
    let name = stage.step.expect("a step stage");
    let Some(spec) = ctx.settings.steps.get(name) else {
        let s = not_available(name, stage.what, stage.need, ctx.settings.sandbox);
        ctx.printer.warn(warning_line(name, &s.why));
        report.checks.push(s.check);
        report
            .actions
            .push(ctx.actor().run_step(name, None, &s.why).await);
        pipe.set(
            stage.id,
            if ctx.settings.sandbox {
                "SKIPPED (the sandbox runs no configured step)"
            } else {
                "SKIPPED (not configured)"
            },
        );
        return match s.stop {
            Some(stop) => {
                report.stopped = Some(stop);
                false
            }
            None => true,
        };
    };
    // The deploy's environment, then the step's own (which wins); the build directory unless
    // the step names its own.
    let mut spec = spec.clone();
    let mut merged: std::collections::BTreeMap<String, String> = env.iter().cloned().collect();
    merged.extend(spec.env.clone());
    spec.env = merged;
    if spec.cwd.is_none() {
        spec.cwd = Some(ctx.settings.deploy.build_dir.clone());
    }
    let action = ctx.actor().run_step(name, Some(spec), "").await;
    if let Some(sig) = ctx.cancel.interrupted()
        && action.outcome == Outcome::Skipped
    {
        // The safe point: the stage before finished and is recorded; this one never began.
        pipe.set(stage.id, "not run (interrupted)");
        report.stopped = Some(format!(
            "interrupted by {sig} before {}: the stages before it finished and are in the audit \
             log; nothing after them ran (run the deploy again to go on)",
            stage.id.name()
        ));
        report.actions.push(action);
        return false;
    }
    let ok = action.outcome != Outcome::Failed;
    pipe.set(stage.id, action.outcome.label().to_ascii_lowercase());
    report.actions.push(action);
    ok
}

/// One round of reads, concurrently, judged.
async fn verify_round(
    ctx: &Ctx,
    d: &DeploySettings,
    local_sha: &Result<String, String>,
    expected: Option<&str>,
) -> (Vec<Check>, WorkerSeen, ServedWorker) {
    let (client, printer) = (&ctx.client, &ctx.printer);
    printer.verbose(format!("GET {}", d.worker_path));
    let ok_status = |r: Result<Raw, crate::api::ApiError>| {
        r.map(|raw| format!("HTTP {}", raw.status.as_u16()))
            .map_err(|e| e.to_string())
    };
    let get_at = |location: String| async move {
        match client.locate(&location) {
            Ok(url) => client.get_url(url).await.map_err(|e| e.to_string()),
            Err(e) => Err(e),
        }
    };
    let (worker, health, status, metrics, mon_health, mon_metrics) = tokio::join!(
        fetch::worker(client, printer, &d.worker_path),
        client.get_raw(client.path(Endpoint::Health)),
        fetch::json(client, printer, Endpoint::SwStatus),
        fetch::json(client, printer, Endpoint::CacheMetrics),
        get_at(d.monitoring_health_url.clone()),
        get_at(d.metrics_url.clone()),
    );

    let mut seen = WorkerSeen {
        path: d.worker_path.clone(),
        local_sha256: local_sha.as_ref().ok().cloned(),
        ..Default::default()
    };
    let mut checks = Vec::new();
    seen.content_type = worker.content_type.clone();
    seen.cache_control = worker.cache_control.clone();
    seen.service_worker_allowed = worker.service_worker_allowed.clone();
    seen.served_release = worker.version.clone();
    seen.redirect = worker.redirect.clone();
    // The fetch as a browser makes it: a redirect is CRITICAL on its own.
    checks.push(fetch_check(&worker));
    match (&worker.sha256, &worker.error) {
        (Some(served), None) => {
            seen.served_sha256 = Some(served.clone());
            checks.push(hash_check(&d.worker_path, &Ok(served.clone()), local_sha));
            checks.push(worker_release_check(
                "served",
                seen.served_release.as_deref(),
                expected,
                Severity::Critical,
            ));
            checks.push(content_type_check(seen.content_type.as_deref()));
            checks.push(cache_control_check(
                seen.cache_control.as_deref(),
                d.max_cache_age,
            ));
            checks.push(sw_allowed_check(
                &d.worker_path,
                &d.scope,
                seen.service_worker_allowed.as_deref(),
            ));
        }
        (_, e) => {
            let e = e.clone().unwrap_or_else(|| "not read".into());
            seen.error = Some(e.clone());
            checks.push(hash_check(&d.worker_path, &Err(e.clone()), local_sha));
            for name in [
                "served worker release",
                "worker Content-Type",
                "worker Cache-Control",
                "Service-Worker-Allowed",
            ] {
                checks.push(Check::note(name, Severity::Unknown, e.clone()));
            }
        }
    }
    checks.push(reachable_check(
        &format!("app health {}", client.label(Endpoint::Health)),
        &ok_status(health),
    ));
    checks.push(release_check(
        &sw_status_version(&status, &client.label(Endpoint::SwStatus)),
        expected,
    ));
    let metrics_read = metrics.and_then(|doc| {
        doc.as_object()
            .map(|o| format!("{} fields", o.len()))
            .ok_or_else(|| {
                format!(
                    "{}: not a JSON object",
                    client.label(Endpoint::CacheMetrics)
                )
            })
    });
    checks.push(reachable_check(
        &format!("cache metrics {}", client.label(Endpoint::CacheMetrics)),
        &metrics_read,
    ));
    checks.push(reachable_check(
        &format!("monitoring health {}", d.monitoring_health_url),
        &mon_health.map(|raw| format!("HTTP {}", raw.status.as_u16())),
    ));
    let metrics_text = mon_metrics.and_then(|raw| {
        String::from_utf8(raw.body).map_err(|_| format!("{}: not UTF-8 text", d.metrics_url))
    });
    checks.push(metrics_check(
        &d.metrics_url,
        &metrics_text,
        &ctx.settings.metrics.required(),
    ));
    (checks, seen, worker)
}

fn worker_section(w: &WorkerSeen) -> Section {
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    Section {
        title: format!("Served worker {}", w.path),
        header: vec!["Field".into(), "Value".into()],
        rows: vec![
            vec!["served sha256".into(), show(&w.served_sha256)],
            vec!["local sha256".into(), show(&w.local_sha256)],
            vec!["Content-Type".into(), show(&w.content_type)],
            vec!["Cache-Control".into(), show(&w.cache_control)],
            vec![
                "Service-Worker-Allowed".into(),
                show(&w.service_worker_allowed),
            ],
        ],
    }
}

/// `node --version`, with a deadline (a wedged shim must not hang a pipeline).
async fn node_version() -> Result<String, String> {
    let run = tokio::process::Command::new("node")
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true)
        .output();
    match tokio::time::timeout(Duration::from_secs(10), run).await {
        Err(_) => Err("`node --version` did not answer within 10s".into()),
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => Err(
            "node is not on PATH (needed to build; use --skip-build when the build runs elsewhere)"
                .into(),
        ),
        Ok(Err(e)) => Err(format!("cannot run `node --version`: {e}")),
        Ok(Ok(out)) if !out.status.success() => Err(format!(
            "`node --version` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Ok(Ok(out)) => Ok(String::from_utf8_lossy(&out.stdout).trim().to_string()),
    }
}

/// The executable called `tool` on PATH.
fn which(tool: &str) -> Result<String, String> {
    let is_exec = |p: &Path| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        }
        #[cfg(not(unix))]
        {
            p.is_file()
        }
    };
    if tool.contains('/') {
        let p = PathBuf::from(tool);
        return if is_exec(&p) {
            Ok(tool.to_string())
        } else {
            Err(format!("{tool} is not an executable file"))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(tool))
        .find(|p| is_exec(p))
        .map(|p| p.display().to_string())
        .ok_or_else(|| format!("{tool} is not on PATH"))
}

/// The files an artifact pattern matches under `dir`; wildcards (`*`, `?`) in the file name
/// only (`public/workbox-*.js`), which is all the guide's layout needs.
fn match_artifacts(dir: &Path, pattern: &str) -> Result<Vec<String>, String> {
    let (parent, name) = match pattern.rsplit_once('/') {
        Some((parent, name)) => (parent, name),
        None => ("", pattern),
    };
    if parent.contains(['*', '?']) {
        return Err(format!(
            "{pattern}: wildcards are supported in the file name only"
        ));
    }
    let base = dir.join(parent);
    if !name.contains(['*', '?']) {
        return Ok(if base.join(name).is_file() {
            vec![pattern.to_string()]
        } else {
            Vec::new()
        });
    }
    let entries = match std::fs::read_dir(&base) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot list {}: {e}", base.display())),
    };
    let mut found: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|f| wildcard_match(name, f))
        .map(|f| {
            if parent.is_empty() {
                f
            } else {
                format!("{parent}/{f}")
            }
        })
        .collect();
    found.sort();
    Ok(found)
}

impl crate::driver::Runbook for crate::cli::DeployArgs {
    fn name(&self) -> &'static str {
        "deploy"
    }
    /// `deploy production` names its environment with the positional.
    fn overrides(&self) -> crate::settings::Overrides {
        crate::settings::Overrides {
            target: Some(self.target.name()),
            deploy: crate::settings::DeployFlags {
                build_dir: self.build_dir.clone(),
                release: self.release.clone(),
                verify_deadline: self.verify_deadline,
            },
            ..Default::default()
        }
    }
    /// Reads only public endpoints; its writes are the configured steps.
    fn sends_token(&self) -> bool {
        false
    }
    async fn run(&self, ctx: &Ctx) -> anyhow::Result<Report> {
        let opts = DeployOptions {
            target: self.target,
            skip_build: self.skip_build,
            verify_only: self.verify_only,
            allow_insecure: self.allow_insecure,
            skip_staging_gate: self.skip_staging_gate.clone(),
        };
        run(ctx, opts).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifacts_by_pattern() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir(&public).unwrap();
        for f in [
            "sw-enhanced.js",
            "workbox-b2.js",
            "workbox-a1.js",
            "workbox-a1.js.map",
        ] {
            std::fs::write(public.join(f), "x").unwrap();
        }
        assert_eq!(
            match_artifacts(dir.path(), "public/workbox-*.js").unwrap(),
            vec!["public/workbox-a1.js", "public/workbox-b2.js"]
        );
        assert_eq!(
            match_artifacts(dir.path(), "public/sw-enhanced.js").unwrap(),
            vec!["public/sw-enhanced.js"]
        );
        assert!(
            match_artifacts(dir.path(), "public/sw.js")
                .unwrap()
                .is_empty()
        );
        assert!(match_artifacts(dir.path(), "dist/*.js").unwrap().is_empty());
        assert!(match_artifacts(dir.path(), "*/sw.js").is_err());
    }

    #[test]
    fn which_finds_sh() {
        assert!(which("sh").is_ok());
        assert!(which("surely-not-a-tool-xyz").is_err());
    }
}
