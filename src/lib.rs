//! swcache: the service-worker cache runbooks as one safe, scriptable command.
//!
//! The shape of every command: settings → fetch → decide (pure, in `policy`) → act (through
//! `act`, the one place writes go) → render (`output`) → exit code (`exit`).

pub mod act;
pub mod api;
pub mod audit;
pub mod cli;
pub mod commands;
pub mod config;
pub mod exit;
pub mod lock;
pub mod output;
pub mod policy;
pub mod prompt;
pub mod sandbox;
pub mod settings;
pub mod steps;

use std::process::ExitCode;

use clap::Parser;

use crate::api::{Client, Secret};
use crate::audit::AuditLog;
use crate::cli::{Cli, Command, MaintainCommand, RollbackCommand, RolloutCommand};
use crate::commands::Ctx;
use crate::exit::{ExitStatus, status_of_error};
use crate::output::{Format, Printer};
use crate::settings::{Settings, ThresholdFlags};

/// The whole program: parse, run, print, exit code. Usage errors exit 64, not clap's 2.
pub fn main_entry() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
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
        _ => ThresholdFlags::default(),
    };
    let mut settings = match Settings::resolve(&cli.global, &flags, &env) {
        Ok(s) => s,
        Err(e) => return finish(Err(e.into()), &fallback),
    };
    let printer = Printer::new(settings.format, settings.verbosity)
        .with_secret(settings.token.as_ref().map(Secret::expose));

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
                Some(sb)
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

    let result = async {
        let client = Client::new(settings.client_config()?)?;
        let audit = AuditLog::new(
            settings.audit_log.clone(),
            settings.env_label(),
            client.base_url().to_string(),
            command_line(),
        );
        let started = std::time::Instant::now();
        // Cron jobs: one run at a time per command and environment.
        let (lock_name, textfile) = match &cli.command {
            Command::Maintain(MaintainCommand::Daily(a)) => {
                (Some("maintain-daily"), a.textfile.clone())
            }
            Command::Maintain(MaintainCommand::Weekly(a)) => {
                (Some("maintain-weekly"), a.cron.textfile.clone())
            }
            // One planned rollback at a time per environment (a dry run changes nothing).
            Command::Rollback(RollbackCommand::Planned(_)) if !settings.dry_run => {
                (Some("rollback-planned"), None)
            }
            _ => (None, None),
        };
        let _lock = match lock_name {
            Some(name) => {
                let lock = lock::acquire(
                    &settings.state_dir.join("locks"),
                    &format!("{name}-{}", settings.env_label()),
                    &name.replace('-', " "),
                )?;
                if let Some(prev) = &lock.took_over {
                    printer.verbose(format!(
                        "lock {} was last held by {prev}",
                        lock.path.display()
                    ));
                }
                Some(lock)
            }
            None => None,
        };
        let env_name = settings.env_name.clone();
        let ctx = Ctx {
            settings,
            client,
            printer: printer.clone(),
            audit,
        };
        let report = match cli.command {
            Command::Validate(_) => commands::validate::run(&ctx).await?,
            Command::Maintain(MaintainCommand::Daily(_)) => commands::maintain::daily(&ctx).await?,
            Command::Maintain(MaintainCommand::Weekly(a)) => {
                commands::maintain::weekly(&ctx, a.apply).await?
            }
            Command::Rollout(RolloutCommand::Status) => commands::rollout::status(&ctx).await?,
            Command::Rollout(RolloutCommand::Set(a)) => {
                commands::rollout::set(&ctx, a.percentage, a.groups).await?
            }
            Command::Rollback(RollbackCommand::Emergency) => {
                commands::rollback::emergency::run(&ctx).await?
            }
            Command::Rollback(RollbackCommand::Planned(a)) => {
                commands::rollback::planned::run(&ctx, &a).await?
            }
            Command::Sandbox(_) => unreachable!("handled above"),
        };
        let report = report.finish();
        printer.report(&report)?;
        if let Some(dir) = textfile {
            let text =
                output::textfile::render(&report, started.elapsed(), std::time::SystemTime::now());
            let name = output::textfile::file_name(&report.command, env_name.as_deref());
            match output::textfile::write(&dir, &name, &text) {
                Ok(path) => printer.verbose(format!("wrote {}", path.display())),
                Err(e) => printer.warn(format!(
                    "could not write the textfile {}: {e}",
                    dir.join(&name).display()
                )),
            }
        }
        Ok(report.exit_status())
    }
    .await;
    finish(result, &printer)
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
fn command_line() -> String {
    std::env::args().skip(1).collect::<Vec<_>>().join(" ")
}
