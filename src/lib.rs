//! swcache: the service-worker cache runbooks as one safe, scriptable command.
//!
//! The shape of every command: settings → fetch → decide (pure, in `policy`) → act (through
//! `act`, the one place writes go) → render (`output`) → exit code (`exit`).

pub mod act;
pub mod api;
pub mod audit;
pub mod cli;
pub mod commands;
pub mod completions;
pub mod config;
pub mod exit;
pub mod lock;
pub mod notify;
pub mod output;
pub mod policy;
pub mod prometheus;
pub mod prompt;
pub mod pushgateway;
pub mod redact;
pub mod sandbox;
pub mod settings;
pub mod signals;
pub mod steps;
pub mod usage;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::api::{Client, Secret};
use crate::audit::AuditLog;
use crate::cli::{
    Cli, Command, ConfigCommand, IncidentCommand, MaintainCommand, RollbackCommand, RolloutCommand,
    ThresholdsCommand,
};
use crate::commands::Ctx;
use crate::exit::{ExitStatus, status_of_error};
use crate::output::{Format, Printer};
use crate::settings::{DeployFlags, Settings, ThresholdFlags};

/// The whole program: parse, run, print, exit code. Usage errors exit 64, not clap's 2.
pub fn main_entry() -> ExitCode {
    // args_os: a non-UTF-8 path is an argument, not a panic.
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => {
            let shown: Vec<String> = argv
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            let e = usage::with_suggestion(e, Cli::command(), &shown);
            use clap::error::ErrorKind::{DisplayHelp, DisplayVersion};
            let code = match e.kind() {
                DisplayHelp | DisplayVersion => 0,
                _ => ExitStatus::Usage.code(),
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(ExitStatus::Unknown.code());
        }
    };
    let status = runtime.block_on(run(cli));
    // Don't wait for stray blocking tasks (a prompt thread) at exit.
    runtime.shutdown_background();
    ExitCode::from(status.code())
}

/// Runs one parsed command line and returns how it ended; errors are printed here, once.
pub async fn run(cli: Cli) -> ExitStatus {
    let env = |k: &str| std::env::var(k).ok();
    let fallback = Printer::new(
        if cli.global.json {
            Format::Json
        } else {
            cli.global.output.unwrap_or(Format::Table)
        },
        if cli.global.quiet > 0 { -1 } else { 0 },
    );
    if let Command::Completions(a) = &cli.command {
        let text = completions::script(a.shell);
        return finish(
            fallback
                .stdout(&text)
                .map(|_| ExitStatus::Ok)
                .map_err(Into::into),
            &fallback,
        );
    }
    if let Command::Config(c) = &cli.command {
        let result = match c {
            ConfigCommand::Init(a) => commands::config::init(&cli.global, a, &env, &fallback),
            ConfigCommand::Check => commands::config::check(&cli.global, &env, &fallback),
            ConfigCommand::Environments => {
                commands::config::environments(&cli.global, &env, &fallback)
            }
        };
        return finish(result, &fallback);
    }
    if let Command::Sandbox(args) = &cli.command {
        let state = settings::state_dir(&env);
        return finish(
            commands::sandbox::run(args, cli.global.token_file.as_deref(), &state, &fallback).await,
            &fallback,
        );
    }
    let flags = match &cli.command {
        Command::Validate(a) => ThresholdFlags {
            max_error_rate: a.max_error_rate,
        },
        Command::Rollout(RolloutCommand::Advance(a)) => ThresholdFlags {
            max_error_rate: a.max_error_rate,
        },
        _ => ThresholdFlags::default(),
    };
    // `deploy production` names its environment with the positional.
    let target = match &cli.command {
        Command::Deploy(a) => Some(a.target.name()),
        _ => None,
    };
    let mut settings = match Settings::resolve_for(&cli.global, &flags, &env, target) {
        Ok(s) => s,
        Err(e) => return finish(Err(e.into()), &fallback),
    };
    if let Command::Deploy(a) = &cli.command {
        settings.apply_deploy_flags(&DeployFlags {
            build_dir: a.build_dir.clone(),
            release: a.release.clone(),
            verify_deadline: a.verify_deadline,
        });
    }
    // The token is read for, and sent by, only the commands that need it: `validate` (run by
    // monitoring) and `thresholds` work without it, and a read-only run never carries it.
    // What is never sent cannot be echoed back, so it is scrubbed only when sent.
    let warnings = std::mem::take(&mut settings.warnings);
    if sends_token(&cli.command) {
        if let Err(e) = settings.require_token() {
            return finish(Err(e.into()), &fallback);
        }
    } else {
        settings.token = None;
    }
    let printer = Printer::new(settings.format, settings.verbosity)
        .with_secret(settings.token.as_ref().map(Secret::expose));
    if settings.token.is_some() {
        for w in warnings {
            printer.warn(w);
        }
    }

    // Commands that do not talk to the app.
    if let Command::Thresholds(t) = &cli.command {
        let result = match t {
            ThresholdsCommand::Show => {
                let report = commands::thresholds::show(&settings).finish();
                printer
                    .report(&report)
                    .map(|_| report.exit_status())
                    .map_err(Into::into)
            }
            ThresholdsCommand::Alerts => commands::thresholds::alerts(&settings, &printer),
            ThresholdsCommand::Dashboard => commands::thresholds::dashboard(&settings, &printer),
        };
        return finish(result, &printer);
    }

    // --sandbox: the embedded app on an ephemeral loopback port, for this one command.
    let _sandbox = if cli.global.sandbox || cli.global.sandbox_scenario.is_some() {
        let scenario = cli
            .global
            .sandbox_scenario
            .clone()
            .unwrap_or_else(|| "healthy".into());
        let opts = sandbox::SandboxOptions {
            scenario: scenario.clone(),
            ..Default::default()
        };
        match sandbox::Sandbox::start(opts).await {
            Ok(sb) => {
                printer.info(format!(
                    "sandbox: embedded app at {} (scenario {scenario})",
                    sb.base_url()
                ));
                settings.base_url = sb.base_url().parse().ok();
                settings.token = Some(Secret::new(sb.token()));
                // Its state and locks end with it (as its app does).
                let run_dir = match settings::sandbox::RunDir::create(
                    &settings.state_dir,
                    sb.addr().port(),
                ) {
                    Ok(d) => d,
                    Err(e) => {
                        return finish(
                            Err(exit::CliError::config(format!(
                                "sandbox: cannot create its run directory under {}: {e}",
                                settings.state_dir.display()
                            ))
                            .into()),
                            &printer,
                        );
                    }
                };
                settings.state_dir = run_dir.path().to_path_buf();
                Some((sb, run_dir))
            }
            Err(e) => {
                return finish(
                    Err(exit::CliError::usage(format!("sandbox: {e:#}")).into()),
                    &printer,
                );
            }
        }
    } else {
        None
    };
    let printer = printer.with_secret(settings.token.as_ref().map(Secret::expose));
    signals::install(printer.clone());

    let result = async {
        let client = Client::new(settings.client_config()?)?;
        let audit = AuditLog::new(
            settings.audit_log.clone(),
            settings.env_label(),
            client.base_url().to_string(),
            command_line(),
        );
        let started = std::time::Instant::now();
        let cron = match &cli.command {
            Command::Maintain(MaintainCommand::Daily(a)) => Some(a.clone()),
            Command::Maintain(MaintainCommand::Weekly(a)) => Some(a.cron.clone()),
            Command::Incident(IncidentCommand::StorageQuota(a)) => Some(a.cron.clone()),
            Command::Incident(IncidentCommand::ErrorRate(a)) => Some(a.cron.clone()),
            _ => None,
        };
        let _lock = write_lock(&cli.command, &settings, &printer)?;
        let env_name = settings.env_name.clone();
        let timeout = settings.timeout;
        let notify_settings = settings.notify.clone();
        let notify_mode = if cli.global.no_notify {
            notify::Mode::Off
        } else if settings.dry_run {
            notify::Mode::DryRun
        } else {
            notify::Mode::Send
        };
        let ctx = Ctx {
            settings,
            client,
            printer: printer.clone(),
            audit,
        };
        if let Some((what, w)) = watched(&cli.command) {
            let opts = commands::watch::WatchOptions {
                interval: w.watch.unwrap_or(std::time::Duration::from_secs(5)),
                count: w.count,
            };
            return commands::watch::run(&ctx, what, opts).await;
        }
        let report = match cli.command {
            Command::Validate(_) => commands::validate::run(&ctx).await?,
            Command::Maintain(MaintainCommand::Daily(_)) => commands::maintain::daily(&ctx).await?,
            Command::Maintain(MaintainCommand::Weekly(a)) => {
                commands::maintain::weekly(&ctx, a.apply).await?
            }
            Command::Incident(IncidentCommand::StorageQuota(a)) => {
                commands::incident::storage_quota(&ctx, a.recovery_wait, a.limit).await?
            }
            Command::Incident(IncidentCommand::ErrorRate(_)) => {
                commands::incident::error_rate(&ctx).await?
            }
            Command::Rollout(RolloutCommand::Status(_)) => {
                commands::rollout::status(&ctx, None).await?
            }
            Command::Rollout(RolloutCommand::Set(a)) => {
                commands::rollout::set(&ctx, a.percentage, a.groups, &a.gate).await?
            }
            Command::Rollout(RolloutCommand::Advance(a)) => {
                commands::rollout::advance(&ctx, &a.schedule, &a.gate).await?
            }
            Command::Rollout(RolloutCommand::Enable(a)) => {
                commands::rollout::enable(&ctx, &a).await?
            }
            Command::Rollout(RolloutCommand::Disable) => commands::rollout::disable(&ctx).await?,
            Command::Deploy(a) => {
                let opts = commands::deploy::DeployOptions {
                    target: a.target,
                    skip_build: a.skip_build,
                    verify_only: a.verify_only,
                    allow_insecure: a.allow_insecure,
                    skip_staging_gate: a.skip_staging_gate,
                };
                commands::deploy::run(&ctx, opts).await?
            }
            Command::Rollback(RollbackCommand::Emergency) => {
                commands::rollback::emergency::run(&ctx).await?
            }
            Command::Rollback(RollbackCommand::Planned(a)) => {
                commands::rollback::planned::run(&ctx, &a).await?
            }
            Command::Sandbox(_)
            | Command::Thresholds(_)
            | Command::Completions(_)
            | Command::Config(_) => {
                unreachable!("handled above")
            }
        };
        let mut report = report;
        if let Some((n, why)) = ctx.audit.unrecorded() {
            report.checks.push(policy::check::Check::note(
                "audit log",
                exit::Status::Warning,
                format!(
                    "{n} action(s) of this run are NOT in the audit log {}: {why}",
                    ctx.audit.path().display()
                ),
            ));
        }
        if let Some(sig) = signals::interrupted()
            && report.stopped.is_none()
        {
            report.stopped = Some(format!(
                "interrupted by {sig}: the write in flight finished and is in the audit log; nothing after it was sent (run the command again to go on)"
            ));
        }
        let mut report = report.finish();
        // Told before the report is printed, so a sink that could not be told is in it (a
        // WARNING check: an otherwise OK run exits 1, a worse one keeps its code).
        let failed = notify::deliver(&report, &notify_settings, notify_mode, &printer).await;
        if !failed.is_empty() {
            report.checks.extend(failed);
            report = report.finish();
        }
        printer.report(&report)?;
        if output::github::enabled(&env) {
            github_step(&report, &printer, &env);
        }
        if let Some(cron) = cron {
            publish(
                &report,
                &cron,
                started.elapsed(),
                env_name.as_deref(),
                timeout,
                &printer,
            )
            .await;
        }
        Ok(report.exit_status())
    }
    .await;
    finish(result, &printer)
}

/// One writer per environment: every command that writes holds the environment's write lock
/// for its whole run, so a maintenance job cannot clean up in the middle of a planned rollback
/// and a `rollout set` cannot land between its steps. Reads and dry runs never take it.
/// `rollback emergency` is the escape hatch: when another writer holds the lock it warns and
/// goes on (it only ever lowers exposure, and the other run sees the flag change and stops).
fn write_lock(
    command: &Command,
    settings: &Settings,
    printer: &Printer,
) -> Result<Option<lock::RunLock>, exit::CliError> {
    let writes = match command {
        Command::Maintain(_) | Command::Incident(_) | Command::Deploy(_) => true,
        Command::Rollout(r) => !matches!(r, RolloutCommand::Status(_)),
        Command::Rollback(_) => true,
        _ => false,
    };
    if !writes || settings.dry_run {
        return Ok(None);
    }
    let env = settings.env_label();
    let taken = lock::acquire(
        &settings.state_dir.join("locks"),
        &lock::write_lock_name(&env),
        &format!("the write lock of environment {env}"),
    );
    match taken {
        Ok(l) => {
            if let Some(prev) = &l.took_over {
                printer.verbose(format!("lock {} was last held by {prev}", l.path.display()));
            }
            Ok(Some(l))
        }
        Err(e)
            if matches!(command, Command::Rollback(RollbackCommand::Emergency))
                && e.status == ExitStatus::Stopped =>
        {
            printer.warn(format!(
                "{}; going on anyway: an emergency rollback does not wait",
                e.message
            ));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Makes a cron run observable: the textfile collector and/or the Pushgateway. A failure here
/// is warned about but does not change the run's exit code: the job itself is done.
async fn publish(
    report: &output::Report,
    cron: &cli::CronArgs,
    elapsed: std::time::Duration,
    env_name: Option<&str>,
    timeout: std::time::Duration,
    printer: &Printer,
) {
    use output::textfile;
    let now = std::time::SystemTime::now();
    let ok = textfile::succeeded(report);
    if let Some(dir) = &cron.textfile {
        let name = textfile::file_name(&report.command, env_name);
        // A failed run keeps the last success of the file it replaces.
        let previous = if ok {
            None
        } else {
            std::fs::read_to_string(dir.join(&name))
                .ok()
                .and_then(|t| textfile::previous_success(&t))
        };
        let text = textfile::render(report, elapsed, now, previous);
        match textfile::write(dir, &name, &text) {
            Ok(path) => printer.verbose(format!("wrote {}", path.display())),
            Err(e) => printer.warn(format!(
                "could not write the textfile {}: {e}",
                dir.join(&name).display()
            )),
        }
    }
    if let Some(url) = &cron.pushgateway {
        let command = textfile::snake(&report.command);
        let pushed = async {
            let previous = if ok {
                None
            } else {
                pushgateway::previous_success(url, &command, &report.environment, timeout)
                    .await
                    .map_err(|e| format!("reading the last success back: {e}"))?
            };
            let text = textfile::render(report, elapsed, now, previous);
            pushgateway::push(url, &command, &report.environment, &text, timeout).await
        };
        match pushed.await {
            Ok(()) => printer.verbose(format!("pushed to {}", redact::url_text(url))),
            Err(e) => printer.warn(format!("could not push to the Pushgateway: {e}")),
        }
    }
}

/// In a GitHub Actions step: annotations (stderr; see `output::github`) and the job summary.
fn github_step(report: &output::Report, printer: &Printer, env: &dyn Fn(&str) -> Option<String>) {
    for line in output::github::annotations(report) {
        printer.annotate(line);
    }
    if let Some(path) = env("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
        let text = output::github::summary(report);
        if let Err(e) = output::github::append_summary(std::path::Path::new(&path), &text) {
            printer.warn(format!("could not append the job summary to {path}: {e}"));
        }
    }
}

fn finish(result: anyhow::Result<ExitStatus>, printer: &Printer) -> ExitStatus {
    match result {
        Ok(s) => s,
        Err(e) => {
            printer.error(format!("{e:#}"));
            status_of_error(&e)
        }
    }
}

/// The command as typed, for the audit log (flags hold no secret: the token is never a flag).
/// An argument that is not UTF-8 (a path) is shown lossily, not a panic.
fn command_line() -> String {
    redact::text(
        &std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Whether a command sends the admin token (every admin endpoint needs it). `validate` and
/// `deploy` read only public endpoints; `thresholds` reads nothing.
/// `validate --watch` and `rollout status --watch`: the command to read again, and how.
fn watched(command: &Command) -> Option<(commands::watch::Watched, &cli::WatchArgs)> {
    use commands::watch::Watched;
    let (what, args) = match command {
        Command::Validate(a) => (Watched::Validate, &a.watch),
        Command::Rollout(RolloutCommand::Status(a)) => (Watched::RolloutStatus, &a.watch),
        _ => return None,
    };
    args.watch.is_some().then_some((what, args))
}

fn sends_token(command: &Command) -> bool {
    !matches!(
        command,
        Command::Validate(_)
            | Command::Deploy(_)
            | Command::Thresholds(_)
            | Command::Completions(_)
            | Command::Sandbox(_)
    )
}
