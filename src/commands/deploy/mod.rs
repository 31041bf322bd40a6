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
//!
//! `run` is the order of the stages; each is a method of [`Run`] (stages.rs) that reads and
//! writes what the run knows so far, and says whether the run goes on.

mod pipeline;
mod preflight;
mod stages;
mod verify;

use serde::Serialize;

use crate::cli::DeployTarget;
use crate::commands::precache::{self, PrecacheReport};
use crate::commands::probe::BrowserSeen;
use crate::commands::{Ctx, promotion};
use crate::exit::CliError;
use crate::output::{Layout, Payload, Report, Section};
use crate::policy::pipeline::{Mode, PipelineStage, StageId, plan};

use pipeline::{Pipeline, StageRow};
use verify::{WorkerSeen, worker_section};

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
    /// The pipeline; what was read of the served worker and its precache under `-v`, or when
    /// it did not verify (the evidence then): a verified one is counted among the OK checks.
    fn tables(&self) -> Vec<Section> {
        let d = &self.deploy;
        let mut tables = vec![Pipeline::section(&d.pipeline, d.detailed)];
        let verified = d.verify.as_ref().is_some_and(|v| v.passed);
        if verified && !d.detailed {
            return tables;
        }
        tables.extend(d.worker.as_ref().map(worker_section));
        if let Some(p) = &d.precache {
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

/// What the run knows so far, handed from stage to stage.
struct Run<'a> {
    ctx: &'a Ctx,
    opts: &'a DeployOptions,
    mode: Mode,
    /// `--skip-staging-gate`'s reason.
    gate_skip: Option<&'a str>,
    stages: Vec<PipelineStage>,
    pipe: Pipeline,
    report: Report,
    data: DeployData,
    records_path: crate::state::Doc,
    /// The built worker's sha256, or why it could not be read (known from the artifact check).
    local_sha: Result<String, String>,
    /// The release deployed: configured, else the built worker's (known from the artifact
    /// check).
    release: Option<String>,
    /// Every step's environment, with the release once it is known.
    env: Vec<(String, String)>,
    /// The worker served before this deploy: the previous release, whose precached files old
    /// clients keep requesting until they update.
    previous: Option<String>,
    /// Whether what is served verified.
    passed: bool,
}

/// Why the stages ended before the last: a stop the report says, or an error for the caller.
enum Halt {
    Stop,
    Error(anyhow::Error),
}

impl From<anyhow::Error> for Halt {
    fn from(e: anyhow::Error) -> Halt {
        Halt::Error(e)
    }
}

impl From<CliError> for Halt {
    fn from(e: CliError) -> Halt {
        Halt::Error(e.into())
    }
}

/// A stage's answer: go on, or [`Halt`].
type Flow = Result<(), Halt>;

/// The deploy: its stages until one halts. The report says how far it got and why it stopped;
/// `Err` is a usage error or a record that could not be read.
pub(crate) async fn run(ctx: &Ctx, opts: DeployOptions) -> anyhow::Result<Report> {
    let mut run = Run::new(ctx, &opts)?;
    match run.stages().await {
        Ok(()) | Err(Halt::Stop) => Ok(run.finish()),
        Err(Halt::Error(e)) => Err(e),
    }
}

impl<'a> Run<'a> {
    /// The stages in order (guide 1.1–1.4, 2.1–2.4); the first that halts ends the run.
    async fn stages(&mut self) -> Flow {
        self.preflight().await?;
        self.build().await?;
        self.artifact_check()?;
        if self.mode != Mode::VerifyOnly {
            self.validate_build().await?;
            if self.production() {
                self.promotion_gate()?;
                self.confirm()?;
                self.tag_and_migrate().await?;
            }
            self.deploy().await?;
        }
        if self.deployed_nothing() {
            return self.dry_run_tests().await;
        }
        self.verify().await;
        if self.mode == Mode::VerifyOnly {
            return Ok(());
        }
        self.post_deploy_tests().await;
        self.browser_probe().await;
        self.record_staging();
        Ok(())
    }

    fn new(ctx: &'a Ctx, opts: &'a DeployOptions) -> anyhow::Result<Run<'a>> {
        let deploy = &ctx.settings.deploy;
        let production = opts.target == DeployTarget::Production;
        let gate_skip = match &opts.skip_staging_gate {
            Some(_) if !production => {
                return Err(CliError::usage(
                    "--skip-staging-gate applies to `deploy production` only",
                )
                .into());
            }
            Some(r) if r.trim().is_empty() => {
                return Err(CliError::usage("--skip-staging-gate needs a reason").into());
            }
            other => other.as_deref().map(str::trim),
        };
        let mode = opts.mode();
        let stages = plan(production, mode);
        Ok(Run {
            ctx,
            opts,
            mode,
            gate_skip,
            pipe: Pipeline::new(ctx, &stages),
            stages,
            report: {
                let mut report = ctx.report("deploy");
                // One screen: the OK checks counted, the pipeline one line per stage.
                report.layout = Layout::Outcome;
                report
            },
            data: DeployData {
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
            },
            records_path: promotion::doc(&ctx.store),
            local_sha: Err("not read yet".into()),
            release: None,
            env: stages::step_env(deploy, opts.target, deploy.release.as_deref()),
            previous: None,
            passed: false,
        })
    }

    /// Ends the run: the pipeline table and the data, whatever stage it stopped at.
    fn finish(self) -> Report {
        let Run {
            mut report,
            pipe,
            mut data,
            ..
        } = self;
        data.pipeline = pipe.0;
        report.attach(&DeployReport { deploy: data });
        report
    }

    fn production(&self) -> bool {
        self.opts.target == DeployTarget::Production
    }

    fn dry_run(&self) -> bool {
        self.ctx.settings.dry_run
    }

    /// A dry run of a build: it built nothing, so there is nothing of this build to check.
    fn planned_build(&self) -> bool {
        self.mode == Mode::Build && self.dry_run()
    }

    /// A dry run that would have deployed: it deployed nothing, so what is served is not this
    /// build.
    fn deployed_nothing(&self) -> bool {
        self.dry_run() && self.mode != Mode::VerifyOnly
    }

    fn stage(&self, id: StageId) -> PipelineStage {
        *self.stages.iter().find(|s| s.id == id).expect("planned")
    }
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
