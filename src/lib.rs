//! swcache: the service-worker cache runbooks as one safe, scriptable command.
//!
//! The shape of every command: settings → fetch → decide (pure, in `policy`) → act (through
//! `act`, the one place writes go) → render (`output`) → exit code (`exit`). The `driver` runs
//! every command through those steps; each command says what it needs (`driver::Runbook`).

#![warn(unreachable_pub)]

/// What the tests outside the crate (the binary's end-to-end tests, the generated-files and
/// package checks) and `examples/regenerate.rs` need of it: not an API.
#[doc(hidden)]
pub mod testing {
    pub use crate::cli::Cli;
    pub use crate::generate::files as generated_files;
    pub use crate::help::{GLOBALS_LINE, examples};
    pub use crate::lock::{acquire as acquire_lock, write_lock_name};
}

#[cfg(test)]
mod architecture_tests;
#[cfg(test)]
mod properties_tests;

mod act;
mod api;
mod audit;
#[cfg(feature = "browser")]
mod browser;
mod cli;
mod commands;
mod completions;
mod config;
mod driver;
mod exit;
mod fsutil;
mod generate;
mod help;
mod lock;
mod notify;
mod numbers;
mod operator;
mod output;
mod policy;
mod prometheus;
mod prompt;
mod pushgateway;
mod redact;
mod sandbox;
mod settings;
mod signals;
mod state;
mod steps;
mod usage;
mod vocab;

use std::process::ExitCode;

use clap::FromArgMatches;

use crate::cli::{
    Cli, Command, ConfigCommand, IncidentCommand, MaintainCommand, RollbackCommand, RolloutCommand,
    ThresholdsCommand,
};
use crate::commands::{maintain, rollback, rollout, thresholds};
use crate::driver::{runbook, tool};
use crate::exit::ExitStatus;

/// The whole program: parse, run, print, exit code. The one place the process ends.
pub fn main_entry() -> ExitCode {
    // args_os: a non-UTF-8 path is an argument, not a panic.
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = help::command()
        .try_get_matches_from(&argv)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(driver::refused_line(e, help::command(), &argv).code()),
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
    // Don't wait for stray blocking tasks (a prompt thread, a cancelled run) at exit.
    runtime.shutdown_background();
    ExitCode::from(status.code())
}

/// Runs one parsed command line through the driver and returns how it ended.
pub(crate) async fn run(cli: Cli) -> ExitStatus {
    let g = cli.global;
    match cli.command {
        Command::Validate(a) => runbook(g, a).await,
        Command::Deploy(a) => runbook(g, a).await,
        Command::Rollout(RolloutCommand::Status(a)) => runbook(g, a).await,
        Command::Rollout(RolloutCommand::Set(a)) => runbook(g, a).await,
        Command::Rollout(RolloutCommand::Advance(a)) => runbook(g, a).await,
        Command::Rollout(RolloutCommand::Enable(a)) => runbook(g, a).await,
        Command::Rollout(RolloutCommand::Disable) => runbook(g, rollout::Disable).await,
        Command::Rollout(RolloutCommand::Run(a)) => runbook(g, a).await,
        Command::Rollout(RolloutCommand::Abort(a)) => runbook(g, a).await,
        Command::Rollout(RolloutCommand::Pause(a)) => runbook(g, a).await,
        Command::Rollout(RolloutCommand::Continue(a)) => runbook(g, a).await,
        Command::Rollback(RollbackCommand::Emergency(a)) => {
            runbook(g, rollback::emergency::Emergency(a)).await
        }
        Command::Rollback(RollbackCommand::Planned(a)) => runbook(g, a).await,
        Command::Maintain(MaintainCommand::Daily(a)) => runbook(g, maintain::Daily(a)).await,
        Command::Maintain(MaintainCommand::Weekly(a)) => runbook(g, a).await,
        Command::Incident(IncidentCommand::StorageQuota(a)) => runbook(g, a).await,
        Command::Incident(IncidentCommand::ErrorRate(a)) => runbook(g, a).await,
        Command::Thresholds(ThresholdsCommand::Show) => tool(g, thresholds::Show).await,
        Command::Thresholds(ThresholdsCommand::Alerts) => tool(g, thresholds::Alerts).await,
        Command::Thresholds(ThresholdsCommand::Dashboard) => tool(g, thresholds::Dashboard).await,
        Command::Config(ConfigCommand::Init(a)) => tool(g, a).await,
        Command::Config(ConfigCommand::Check(a)) => tool(g, a).await,
        Command::Config(ConfigCommand::Environments) => {
            tool(g, commands::config::Environments).await
        }
        Command::Audit(a) => tool(g, a).await,
        Command::Completions(a) => tool(g, a).await,
        Command::Sandbox(a) => tool(g, a).await,
        Command::Probe(a) => runbook(g, a).await,
    }
}
