//! The stages of `deploy`, one method each, in the order `Run::stages` runs them. Each reads
//! and writes what the run knows so far ([`Run`]) and returns [`Halt::Stop`] when the run ends
//! there (the report then says why).

use serde_json::json;

use super::preflight::{match_artifacts, node_version, which};
use super::{Flow, Halt, Pipeline, Run, Verified, verify};
use crate::cli::DeployTarget;
use crate::commands::{Ctx, fetch, probe, promotion};
use crate::exit::CliError;
use crate::output::{Action, Outcome, Report};
use crate::policy::check::Check;
use crate::policy::deploy::{artifact_check, node_check, target_check, tool_check};
use crate::policy::pipeline::{
    Mode, PipelineStage, StageId, StagingRecord, TESTS_PASSED, promotion_check, release,
    worker_release_check,
};
use crate::policy::skipped::{not_available, warning_line};
use crate::policy::validate::{gate_failures, script_version};
use crate::settings::DeploySettings;
use crate::vocab::Severity;

impl Run<'_> {
    /// Preflight: nothing runs and nothing is sent unless it passes.
    pub(super) async fn preflight(&mut self) -> Flow {
        let ctx = self.ctx;
        let deploy = &ctx.settings.deploy;
        let target = target_check(
            ctx.client.base_url(),
            self.production(),
            self.opts.allow_insecure,
        );
        let checks = &mut self.report.checks;
        checks.push(target);
        if self.mode == Mode::Build {
            checks.push(node_check(&node_version().await, deploy.node_min_major));
            for tool in &deploy.build_tools {
                checks.push(tool_check(tool, &which(tool)));
            }
        }
        // A release given up front that staging never passed is refused before building it;
        // the worker's hash is compared at the gate stage, once built.
        if self.gated()
            && let Some(r) = &deploy.release
        {
            let records = promotion::load(&self.records_path)?;
            let gate = promotion_check(records.get(r), r, None, staging_url(ctx).as_deref());
            if gate.status != Severity::Ok {
                self.report.checks.push(gate);
            }
        }
        let failing = gate_failures(&self.report.checks);
        if !failing.is_empty() {
            self.pipe.set(StageId::Preflight, "failed");
            return self.stop(format!(
                "preflight failed ({}); nothing was built, deployed or requested",
                failing.join(", ")
            ));
        }
        self.pipe.set(StageId::Preflight, "passed");
        Ok(())
    }

    /// Build. The release is known only when configured; else it is what the build makes.
    pub(super) async fn build(&mut self) -> Flow {
        match self.mode {
            Mode::Build => {
                self.step(
                    StageId::Build,
                    "the build did not complete, so nothing was deployed",
                )
                .await
            }
            Mode::SkipBuild => {
                self.report.notes.push(
                    "build skipped (--skip-build): the artifacts were built elsewhere".into(),
                );
                Ok(())
            }
            Mode::VerifyOnly => Ok(()),
        }
    }

    /// The artifacts, by their configured patterns, and the release the built worker
    /// declares. A dry run built nothing, so there is nothing of this build to check.
    pub(super) fn artifact_check(&mut self) -> Flow {
        let deploy = &self.ctx.settings.deploy;
        let worker_file = deploy.build_dir.join(&deploy.worker_artifact);
        let local = std::fs::read(&worker_file).map_err(|e| {
            format!(
                "cannot read the worker artifact {}: {e}",
                worker_file.display()
            )
        });
        self.local_sha = local
            .as_ref()
            .map(|b| fetch::sha256_hex(b))
            .map_err(Clone::clone);
        let local_version = local
            .as_ref()
            .ok()
            .and_then(|b| script_version(&String::from_utf8_lossy(b)));
        let built = if self.planned_build() {
            None
        } else {
            local_version.as_deref()
        };
        let resolved = release(deploy.release.as_deref(), built);
        self.release = resolved.as_ref().map(|(r, _)| r.clone());
        self.data.release = Some(self.release.clone());
        self.data.release_source = Some(json!(resolved.as_ref().map(|(_, s)| s)));
        self.env = step_env(deploy, self.opts.target, self.release.as_deref());
        if self.planned_build() {
            self.report
                .notes
                .push("artifacts not checked: --dry-run did not build them".into());
            self.pipe
                .set(StageId::Artifacts, "not checked (--dry-run built nothing)");
            return Ok(());
        }
        let mut checks: Vec<Check> = deploy
            .artifacts
            .iter()
            .map(|pat| artifact_check(pat, &match_artifacts(&deploy.build_dir, pat)))
            .collect();
        checks.push(worker_release_check(
            "built",
            local_version.as_deref(),
            self.release.as_deref(),
            Severity::Unknown,
        ));
        let failing = gate_failures(&checks);
        self.report.checks.extend(checks);
        let outcome = if failing.is_empty() {
            "passed"
        } else {
            "failed"
        };
        self.pipe.set(StageId::Artifacts, outcome);
        if !failing.is_empty() && self.mode != Mode::VerifyOnly {
            return self.stop(format!(
                "the build is not the release to deploy ({}); the deploy step was not run",
                failing.join(", ")
            ));
        }
        Ok(())
    }

    /// Build validation (guide 1.2).
    pub(super) async fn validate_build(&mut self) -> Flow {
        self.step(
            StageId::ValidateBuild,
            "the build did not validate, so nothing was deployed",
        )
        .await
    }

    /// Production: the promotion gate, staging's record of this release.
    pub(super) fn promotion_gate(&mut self) -> Flow {
        let local_sha = if self.planned_build() {
            None
        } else {
            self.local_sha.as_ref().ok().map(String::as_str)
        };
        let open = promotion_gate(
            self.ctx,
            &mut self.report,
            &self.records_path,
            self.gate_skip,
            self.release.as_deref(),
            local_sha,
        )?;
        if !open {
            self.pipe.set(StageId::PromotionGate, "refused");
            return Err(Halt::Stop);
        }
        let outcome = if self.gate_skip.is_some() {
            "skipped (--skip-staging-gate)"
        } else {
            "passed"
        };
        self.pipe.set(StageId::PromotionGate, outcome);
        Ok(())
    }

    /// Tag, migrate and deploy change production: asked like any production write.
    pub(super) fn confirm(&mut self) -> Flow {
        if let Err(why) = confirm_production(self.ctx, self.release.as_deref(), &self.local_sha) {
            self.report
                .notes
                .push("nothing was tagged, migrated or deployed".into());
            return self.stop(why);
        }
        Ok(())
    }

    /// Production's tag and migration (guide 2.1, 2.2).
    pub(super) async fn tag_and_migrate(&mut self) -> Flow {
        for id in [StageId::Tag, StageId::Migrate] {
            let why = format!("{} did not complete, so nothing was deployed", id.name());
            self.step(id, &why).await?;
        }
        Ok(())
    }

    /// Deploy (guide 1.3, 2.4); the worker served before it is read first.
    pub(super) async fn deploy(&mut self) -> Flow {
        // Only when a deploy step will run: a skipped one sends nothing.
        if !self.dry_run() && self.ctx.settings.steps.contains_key("deploy") {
            let path = &self.ctx.settings.deploy.worker_path;
            self.previous = fetch::worker(&self.ctx.client, &self.ctx.printer, path)
                .await
                .script;
        }
        self.step(
            StageId::Deploy,
            "the deploy did not complete; what is served was not verified (it may be \
             half-deployed)",
        )
        .await
    }

    /// A dry run deployed nothing: what is served is not this build, so verifying it would
    /// only mislead. The post-deploy tests are still shown as planned.
    pub(super) async fn dry_run_tests(&mut self) -> Flow {
        self.report.notes.push(
            "verification skipped: --dry-run ran no step (use --verify-only --dry-run to check \
             what is served now)"
                .into(),
        );
        self.pipe.set(StageId::Verify, "not checked (--dry-run)");
        let stage = self.stage(StageId::PostDeployTests);
        run_stage(self.ctx, &mut self.report, &mut self.pipe, stage, &self.env).await;
        Ok(())
    }

    /// Verify what is served, until it passes or the deadline.
    pub(super) async fn verify(&mut self) {
        let (passed, rounds, seen, precache) = verify::verify(
            self.ctx,
            &mut self.report,
            &self.local_sha,
            self.release.as_deref(),
            self.previous.as_deref(),
        )
        .await;
        self.passed = passed;
        self.pipe.set(
            StageId::Verify,
            if passed { "passed" } else { "not verified" },
        );
        self.data.precache = Some(precache);
        self.data.worker = Some(seen);
        self.data.verify = Some(Verified {
            passed,
            rounds,
            deadline_ms: self.ctx.settings.deploy.verify_deadline.as_millis() as u64,
        });
    }

    /// Post-deploy tests (guide 1.4), against a verified deploy only.
    pub(super) async fn post_deploy_tests(&mut self) {
        if !self.passed {
            self.pipe
                .set(StageId::PostDeployTests, "not run (not verified)");
            self.report
                .notes
                .push("post-deploy tests not run: what is served did not verify".into());
            self.data.tests = Some("not-run");
            return;
        }
        let stage = self.stage(StageId::PostDeployTests);
        let before = self.report.actions.len();
        run_stage(self.ctx, &mut self.report, &mut self.pipe, stage, &self.env).await;
        self.data.tests = Some(match self.report.actions.get(before).map(|a| a.outcome) {
            Some(Outcome::Done) => TESTS_PASSED,
            Some(Outcome::Skipped) => "skipped",
            _ => "failed",
        });
    }

    /// With `[browser]`: a browser's view of the deploy (its kept profile is an existing
    /// client, so this says whether the new worker reached it), on a verified deploy only.
    pub(super) async fn browser_probe(&mut self) {
        if self.passed && self.ctx.settings.browser.configured {
            let (checks, seen) = probe::checks(self.ctx, probe::AFTER_PUBLISH).await;
            self.report.checks.extend(checks);
            self.data.browser = Some(seen);
        }
    }

    /// A full staging run records its result for the promotion gate.
    pub(super) fn record_staging(&mut self) {
        if self.opts.target != DeployTarget::Staging {
            return;
        }
        match (&self.release, &self.local_sha) {
            (Some(r), Ok(sha)) => {
                let rec = StagingRecord {
                    release: r.clone(),
                    worker_sha256: sha.clone(),
                    verified: self.passed,
                    tests: self.data.tests.unwrap_or("not-run").into(),
                    time: humantime::format_rfc3339_seconds(std::time::SystemTime::now())
                        .to_string(),
                    url: self.ctx.client.base_url().to_string(),
                };
                let action = record_staging(self.ctx, &self.records_path, &rec);
                self.report.actions.push(action);
            }
            _ => self.report.notes.push(
                "nothing recorded for the promotion gate: the release or the worker's hash is \
                 unknown"
                    .into(),
            ),
        }
    }

    /// Production behind the promotion gate: not `--verify-only`, not `--skip-staging-gate`.
    fn gated(&self) -> bool {
        self.production() && self.mode != Mode::VerifyOnly && self.gate_skip.is_none()
    }

    /// Runs step stage `id`; when the run cannot go on, says `why` in a note and halts.
    async fn step(&mut self, id: StageId, why: &str) -> Flow {
        let stage = self.stage(id);
        if run_stage(self.ctx, &mut self.report, &mut self.pipe, stage, &self.env).await {
            return Ok(());
        }
        self.report.notes.push(why.to_string());
        Err(Halt::Stop)
    }

    /// Stops the run here, for `why`.
    fn stop(&mut self, why: String) -> Flow {
        self.report.stopped = Some(why);
        Err(Halt::Stop)
    }
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
pub(super) fn step_env(
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
    stage: PipelineStage,
    env: &[(String, String)],
) -> bool {
    let name = stage.step.expect("a step stage");
    let Some(spec) = ctx.settings.steps.get(name) else {
        return skip_stage(ctx, report, pipe, stage).await;
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

/// A step stage whose step is not configured (or that the sandbox does not run): SKIPPED under
/// `policy::skipped`; `false` when it was required (the report then says why it stopped).
async fn skip_stage(
    ctx: &Ctx,
    report: &mut Report,
    pipe: &mut Pipeline,
    stage: PipelineStage,
) -> bool {
    let name = stage.step.expect("a step stage");
    let s = not_available(name, stage.what, stage.need, ctx.settings.sandbox);
    // On the report's terminal its action line says it; a log or CI keeps the line.
    if !ctx.printer.on_screen() {
        ctx.printer.warn(warning_line(name, &s.why));
    }
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
    match s.stop {
        Some(stop) => {
            report.stopped = Some(stop);
            false
        }
        None => true,
    }
}
