//! `swcache sandbox`: serve the embedded app in the foreground until Ctrl-C or SIGTERM.
//! A build without the `sandbox` feature answers that it is not compiled in (exit 64).

use std::path::Path;

use crate::cli::SandboxArgs;
#[cfg(feature = "sandbox")]
use crate::exit::CliError;
use crate::exit::ExitStatus;
#[cfg(feature = "sandbox")]
use crate::output::Format;
use crate::output::Printer;
#[cfg(feature = "sandbox")]
use crate::sandbox::{Sandbox, SandboxOptions, generate_token, parse_fault_spec};

#[cfg(not(feature = "sandbox"))]
pub(crate) async fn run(
    _args: &SandboxArgs,
    _token_file: Option<&Path>,
    _state_dir: &Path,
    _printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    Err(crate::sandbox::not_compiled_in("swcache sandbox").into())
}

#[cfg(feature = "sandbox")]
pub(crate) async fn run(
    args: &SandboxArgs,
    token_file: Option<&Path>,
    state_dir: &Path,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    // Before the token file is written: a bad spec is a usage error, like any bad flag.
    let faults = args
        .fault
        .iter()
        .map(|spec| {
            parse_fault_spec(spec).map_err(|e| {
                CliError::usage(format!("invalid value '{spec}' for '--fault <SPEC>': {e}"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let token_path = token_file
        .map(Path::to_path_buf)
        .unwrap_or_else(|| state_dir.join(format!("sandbox-{}.token", args.port)));
    let token = match std::fs::read_to_string(&token_path) {
        Ok(t) if !t.trim().is_empty() && token_file.is_some() => t.trim().to_string(),
        _ => {
            let t = generate_token();
            write_token(&token_path, &t).map_err(|e| {
                CliError::config(format!(
                    "cannot write the sandbox token to {}: {e}",
                    token_path.display()
                ))
            })?;
            t
        }
    };
    let opts = SandboxOptions {
        bind: std::net::SocketAddr::from(([127, 0, 0, 1], args.port)),
        scenario: args.scenario.clone(),
        scenario_file: args.scenario_file.clone(),
        latency: args.latency,
        token,
        faults,
    };
    let sandbox = Sandbox::start(opts)
        .await
        .map_err(|e| CliError::usage(format!("sandbox: {e:#}")))?;
    let url = sandbox.base_url();
    let info = serde_json::json!({
        "url": url,
        "token_file": token_path,
        "scenario": args.scenario,
        "requests": format!("{url}/__sandbox/requests"),
        "faults": format!("{url}/__sandbox/faults"),
        "state": format!("{url}/__sandbox/state"),
    });
    match printer.format() {
        Format::Json | Format::Jsonl => printer.stdout(&format!("{info}\n"))?,
        Format::Table => printer.stdout(&format!(
            "sandbox app listening on {url} (scenario {})\ntoken file: {}\n\ntry:\n  swcache --url {url} --token-file {} validate\n  swcache --url {url} --token-file {} rollout status\n",
            args.scenario,
            token_path.display(),
            token_path.display(),
            token_path.display(),
        ))?,
    }
    printer.info("serving until Ctrl-C");
    wait_for_signal().await;
    printer.info("stopping the sandbox");
    sandbox.shutdown().await;
    Ok(ExitStatus::Ok)
}

#[cfg(feature = "sandbox")]
fn write_token(path: &Path, token: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::fsutil::replace(
        path,
        format!("{token}\n").as_bytes(),
        crate::fsutil::Mode::Private,
    )
}

#[cfg(feature = "sandbox")]
async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

impl crate::driver::Tool for SandboxArgs {
    type Input = ();
    fn name(&self) -> &'static str {
        "sandbox"
    }
    async fn run(&self, ctx: &crate::driver::Local<()>) -> anyhow::Result<crate::driver::Ran> {
        let state = crate::settings::state_dir(&crate::driver::process_env);
        run(self, ctx.global.token_file.as_deref(), &state, &ctx.printer)
            .await
            .map(crate::driver::Ran::Printed)
    }
}
