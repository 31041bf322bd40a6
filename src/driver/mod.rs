//! The one driver: every command runs through it, once, in this order: settings → sandbox →
//! lock → context → run → render → notify → publish → exit. A command says what it needs (a
//! [`Runbook`] talks to the app, a [`Tool`] does not) and runs; everything around the run is
//! here. Every way a run ends, errors included, goes through `Ending`: one message on stderr,
//! one JSON document on stdout with `--json`, one exit status.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::api::{Client, Secret};
use crate::audit::AuditLog;
use crate::cli::{CronArgs, GlobalArgs};
use crate::exit::{CliError, ExitStatus};
use crate::output::{self, Format, Printer, Report};
use crate::policy::exposure::Exposure;
use crate::settings::{Overrides, Settings, ThresholdFlags};
use crate::signals::Cancel;
use crate::state::{Held, Store};
use crate::{lock, notify, policy, pushgateway, redact};
#[cfg(feature = "sandbox")]
use crate::{sandbox, settings};

mod ctx;
mod error;
pub(crate) mod watch;

pub(crate) use ctx::Ctx;
use error::Error;
pub(crate) use watch::WatchOptions;

/// A command that talks to the app.
pub(crate) trait Runbook: Send + Sync + 'static {
    /// How reports, errors and the audit log name it (`rollout set`).
    fn name(&self) -> &'static str;

    /// Its flags that override the settings.
    fn overrides(&self) -> Overrides {
        Overrides::default()
    }

    /// Whether it sends the admin token (every `/api/admin/*` endpoint needs it). A command that
    /// does not never carries it, so nothing it reads can echo it.
    fn sends_token(&self) -> bool {
        true
    }

    /// What it may do to the rollout flag's exposure; `act` refuses any flag write that breaks
    /// it. Only lowering unless the command says otherwise, so one that forgets cannot raise.
    fn exposure(&self) -> Exposure {
        Exposure::LowerOnly
    }

    /// Whether it acts on a situation (an incident, a rollback, a rollout change) and so
    /// reports the outcome of its actions rather than the figures that called for them (see
    /// `Report::exit_status`). Checks (`validate`, `rollout status`, `maintain`) do not.
    fn reports_outcome(&self) -> bool {
        false
    }

    /// The environment's write lock it holds for its whole run (a dry run takes none).
    fn lock(&self) -> Lock {
        Lock::Write
    }

    /// Where a cron run's outcome is published (textfile, Pushgateway).
    fn cron(&self) -> Option<&CronArgs> {
        None
    }

    /// `--watch`: how to repeat its run (a read-only one) instead of running it once.
    fn watch(&self) -> Option<WatchOptions> {
        None
    }

    /// The run itself: its report, which the driver renders and publishes.
    fn run(&self, ctx: &Ctx) -> impl Future<Output = anyhow::Result<Report>> + Send;
}

/// One writer per app: every command that writes holds the app's write lock (whichever
/// environment name or `--url` reaches it) for its whole run, so a maintenance job cannot clean up in the middle of a planned rollback
/// and a `rollout set` cannot land between its steps. Reads and dry runs never take it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lock {
    /// Reads only.
    None,
    Write,
    /// `rollback emergency`, the escape hatch: when another writer holds the lock it warns and
    /// goes on (it only ever lowers exposure, and the other run sees the flag change and stops).
    WriteEvenIfHeld,
}

/// A command that does not talk to the app (completions, config, thresholds, the sandbox
/// server). `Input` is what it reads: `()` (the command line alone) or [`Settings`].
pub(crate) trait Tool: Send + Sync + 'static {
    type Input: Input;

    fn name(&self) -> &'static str;

    fn run(&self, ctx: &Local<Self::Input>) -> impl Future<Output = anyhow::Result<Ran>> + Send;
}

/// What a [`Tool`] runs with.
pub(crate) struct Local<I> {
    pub global: GlobalArgs,
    pub printer: Printer,
    pub input: I,
}

/// How a tool's run went: a report for the driver to render, or data it printed itself.
pub(crate) enum Ran {
    Report(Box<Report>),
    Printed(ExitStatus),
}

/// What a [`Tool`] reads before it runs.
pub(crate) trait Input: Sized + Send + Sync + 'static {
    fn resolve(global: &GlobalArgs) -> Result<Self, CliError>;
    /// The printer these settings ask for, if they say.
    fn printer(&self) -> Option<Printer>;
}

/// The command line alone: it works even where the config file is broken.
impl Input for () {
    fn resolve(_: &GlobalArgs) -> Result<(), CliError> {
        Ok(())
    }
    fn printer(&self) -> Option<Printer> {
        None
    }
}

/// The settings, without the token (a tool sends nothing).
impl Input for Settings {
    fn resolve(global: &GlobalArgs) -> Result<Settings, CliError> {
        let mut s = Settings::resolve(global, &ThresholdFlags::default(), &process_env)?;
        s.token = None;
        Ok(s)
    }
    fn printer(&self) -> Option<Printer> {
        Some(Printer::new(self.format, self.verbosity))
    }
}

/// The process environment, as settings resolution reads it.
pub(crate) fn process_env(key: &str) -> Option<String> {
    std::env::var(key).ok()
}

/// Runs a [`Tool`] and ends it.
pub(crate) async fn tool<T: Tool>(global: GlobalArgs, tool: T) -> ExitStatus {
    let mut ending = Ending::new(&global, tool.name());
    let input = match T::Input::resolve(&global) {
        Ok(i) => i,
        Err(e) => return ending.fail(e.into()),
    };
    if let Some(p) = input.printer() {
        ending.printer = p;
    }
    let local = Local {
        global,
        printer: ending.printer.clone(),
        input,
    };
    let ran = tool.run(&local).await.map_err(Error::from_anyhow);
    match ran {
        Ok(Ran::Printed(status)) => status,
        Ok(Ran::Report(report)) => {
            let report = report.finish();
            match ending.printer.report(&report) {
                Ok(()) => report.exit_status(),
                Err(e) => ending.fail(Error::Other(format!("writing the report: {e}"))),
            }
        }
        Err(e) => ending.fail(e),
    }
}

/// Runs a [`Runbook`] and ends it.
pub(crate) async fn runbook<R: Runbook>(global: GlobalArgs, runbook: R) -> ExitStatus {
    let mut ending = Ending::new(&global, runbook.name());
    if let Some(target) = runbook.overrides().target {
        ending.environment = Some(target.to_string());
    }
    match drive(&global, runbook, &mut ending).await {
        Ok(status) => status,
        Err(e) => ending.fail(e),
    }
}

async fn drive<R: Runbook>(
    global: &GlobalArgs,
    runbook: R,
    ending: &mut Ending,
) -> Result<ExitStatus, Error> {
    let (mut settings, printer) = resolve(global, &runbook, ending)?;
    // The sandbox: the embedded app on an ephemeral loopback port, for this one command.
    let _sandbox = start_sandbox(global, &mut settings, &printer).await?;
    // The sandbox's own token, known only now.
    let printer = printer.with_secret(settings.token.as_ref().map(Secret::expose));

    // From here a signal cancels the run (see `signals`).
    let cancel = Cancel::new();
    cancel.install(printer.clone());
    let (ctx, _lock) = context(global, &runbook, settings, &printer, &cancel)?;
    let started = Instant::now();

    let runbook = Arc::new(runbook);
    let mut report = match run(&ctx, &runbook, &cancel).await? {
        Ran::Printed(status) => return Ok(status),
        Ran::Report(report) => *report,
    };
    unsaid(&ctx, &cancel, &mut report);
    report.reports_outcome = runbook.reports_outcome();
    let mut report = report.finish();

    // Notify, then publish: before the report is printed, so that a sink that could not be
    // told or a file or push that failed is in it (a WARNING check: an otherwise OK run exits
    // 1, a worse one keeps its code).
    let failed = tokio::select! {
        failed = ctx.live.finish(&report, &printer) => failed,
        why = cancel.ended() => return Err(Error::Interrupted(why)),
    };
    report = with_failed(report, failed);
    if let Some(cron) = runbook.cron() {
        let failed = tokio::select! {
            failed = publish(&report, cron, started.elapsed(), &ctx.settings, &printer) => failed,
            why = cancel.ended() => return Err(Error::Interrupted(why)),
        };
        report = with_failed(report, failed);
    }

    printer
        .report(&report)
        .map_err(|e| Error::Other(format!("writing the report: {e}")))?;
    printer.ending(&report);
    if output::github::enabled(&process_env) {
        github_step(&report, &printer);
    }
    Ok(report.exit_status())
}

/// The settings and the printer for this runbook: every secret registered for scrubbing
/// before anything runs, the token kept only by a command that sends it.
fn resolve<R: Runbook>(
    global: &GlobalArgs,
    runbook: &R,
    ending: &mut Ending,
) -> Result<(Settings, Printer), Error> {
    let mut settings = Settings::resolve_with(global, &runbook.overrides(), &process_env)?;
    // Every secret the config and environment hold, before anything runs: scrubbed at every
    // exit, whether this command sends it or not.
    settings.register_secrets();
    if let Some(u) = runbook
        .cron()
        .and_then(|c| reqwest::Url::parse(c.pushgateway.as_deref()?).ok())
    {
        redact::register_userinfo(&u);
    }
    ending.environment = Some(settings.env_label());
    // The token is sent by only the commands that need it: `validate` (run by monitoring)
    // works without it, and a read-only run never carries it (it is still scrubbed, above).
    let warnings = std::mem::take(&mut settings.warnings);
    if runbook.sends_token() {
        settings.require_token()?;
    } else {
        settings.token = None;
    }
    // The token this command sends, whatever its length (a short one only where outside text
    // enters; see `redact`).
    let printer = Printer::new(settings.format, settings.verbosity)
        .with_secret(settings.token.as_ref().map(Secret::expose));
    ending.printer = printer.clone();
    if settings.token.is_some() {
        for w in warnings {
            printer.warn(w);
        }
    }
    Ok((settings, printer))
}

/// The client, the state store, the audit log and the write lock: what the run shares.
fn context<R: Runbook>(
    global: &GlobalArgs,
    runbook: &R,
    settings: Settings,
    printer: &Printer,
    cancel: &Cancel,
) -> Result<(Arc<Ctx>, Option<Held>), Error> {
    let client = Client::new(settings.client_config()?).map_err(Error::from_anyhow)?;
    // After the sandbox, whose run keeps its state in a directory of its own.
    let store = Store::open(&settings);
    let audit = AuditLog::new(
        store.clone(),
        settings.audit_log.clone(),
        settings.env_label(),
        client.base_url().to_string(),
        command_line(),
    );
    if runbook.lock() != Lock::None && !settings.dry_run {
        // Before the lock and any write: a log that could never hold a line (a FIFO, a link, a
        // device) is refused now, not found out after a write was sent.
        audit.check()?;
    }
    let lock = write_lock(
        runbook.lock(),
        &settings,
        &store,
        client.base_url(),
        printer,
    )?;
    let notify_mode = if global.no_notify {
        notify::Mode::Off
    } else if settings.dry_run {
        notify::Mode::DryRun
    } else {
        notify::Mode::Send
    };
    let live = notify::Live::new(settings.notify.clone(), notify_mode);
    let ctx = Arc::new(Ctx {
        settings,
        store,
        client,
        printer: printer.clone(),
        audit,
        cancel: cancel.clone(),
        exposure: runbook.exposure(),
        live,
    });
    Ok((ctx, lock))
}

/// The run (or its `--watch`), on its own task, so that a signal that ends the run ends it
/// even while it waits on something that does not yield (a prompt).
async fn run<R: Runbook>(ctx: &Arc<Ctx>, runbook: &Arc<R>, cancel: &Cancel) -> Result<Ran, Error> {
    let task = tokio::spawn({
        let (ctx, runbook) = (ctx.clone(), runbook.clone());
        async move {
            match runbook.watch() {
                Some(opts) => watch::run(&ctx, runbook.as_ref(), opts)
                    .await
                    .map(Ran::Printed),
                None => runbook.run(&ctx).await.map(|r| Ran::Report(Box::new(r))),
            }
        }
    });
    let stop = task.abort_handle();
    let ran = tokio::select! {
        joined = task => joined.map_err(|e| Error::Internal(format!("the run ended abnormally: {e}")))?,
        why = cancel.ended() => {
            stop.abort();
            return Err(Error::Interrupted(why));
        }
    };
    ran.map_err(Error::from_anyhow)
}

/// What the run itself could not say: writes the audit log missed, and a signal it stopped on.
fn unsaid(ctx: &Ctx, cancel: &Cancel, report: &mut Report) {
    if let Some((n, why)) = ctx.audit.unrecorded() {
        report.checks.push(policy::check::Check::note(
            "audit log",
            crate::vocab::Severity::Warning,
            format!(
                "{n} action(s) of this run are NOT in the audit log {}: {why}",
                ctx.audit.location()
            ),
        ));
    }
    if let Some(sig) = cancel.interrupted()
        && report.stopped.is_none()
    {
        report.stopped = Some(format!(
            "interrupted by {sig}: the write in flight finished and is in the audit log; nothing after it was sent (run the command again to go on)"
        ));
    }
}

/// A finished report with the checks of what could not be told or published.
fn with_failed(mut report: Report, failed: Vec<policy::check::Check>) -> Report {
    if failed.is_empty() {
        return report;
    }
    report.checks.extend(failed);
    report.finish()
}

/// A started sandbox: its app and its run directory, kept until the run ends.
#[cfg(feature = "sandbox")]
type RunningSandbox = (sandbox::Sandbox, settings::sandbox::RunDir);

/// A build without the sandbox refused `--sandbox` in settings already.
#[cfg(not(feature = "sandbox"))]
async fn start_sandbox(
    _global: &GlobalArgs,
    _settings: &mut Settings,
    _printer: &Printer,
) -> Result<Option<()>, Error> {
    Ok(None)
}

/// `--sandbox`: starts the embedded app and points the settings at it. Its state and locks end
/// with it (as its app does).
#[cfg(feature = "sandbox")]
async fn start_sandbox(
    global: &GlobalArgs,
    settings: &mut Settings,
    printer: &Printer,
) -> Result<Option<RunningSandbox>, Error> {
    if !global.sandbox && global.sandbox_scenario.is_none() {
        return Ok(None);
    }
    let scenario = global
        .sandbox_scenario
        .clone()
        .unwrap_or_else(|| "healthy".into());
    let opts = sandbox::SandboxOptions {
        scenario: scenario.clone(),
        ..Default::default()
    };
    let sb = sandbox::Sandbox::start(opts)
        .await
        .map_err(|e| CliError::usage(format!("sandbox: {e:#}")))?;
    printer.info(format!(
        "sandbox: embedded app at {} (scenario {scenario})",
        sb.base_url()
    ));
    settings.base_url = sb.base_url().parse().ok();
    settings.token = Some(Secret::new(sb.token()));
    let run_dir = settings::sandbox::RunDir::create(&settings.state_dir, sb.addr().port())
        .map_err(|e| {
            CliError::config(format!(
                "sandbox: cannot create its run directory under {}: {e}",
                settings.state_dir.display()
            ))
        })?;
    settings.state_dir = run_dir.path().to_path_buf();
    Ok(Some((sb, run_dir)))
}

/// The app's write lock (keyed by its base URL: every environment name for one app shares it).
fn write_lock(
    wanted: Lock,
    settings: &Settings,
    store: &Store,
    base_url: &reqwest::Url,
    printer: &Printer,
) -> Result<Option<Held>, CliError> {
    if wanted == Lock::None || settings.dry_run {
        return Ok(None);
    }
    let env = settings.env_label();
    let taken = store.lock(
        &lock::write_lock_name(base_url),
        &format!(
            "the write lock of environment {env}, app {}",
            lock::app_key(base_url)
        ),
        &env,
    );
    match taken {
        Ok(l) => {
            if let Some(prev) = &l.took_over {
                printer.verbose(format!("{} was last held by {prev}", l.location));
            }
            Ok(Some(l))
        }
        // Nor for a shared state backend that cannot be reached: the rollback only lowers
        // exposure, and its report says which of its writes the audit could not take.
        Err(e)
            if wanted == Lock::WriteEvenIfHeld
                && (e.status == ExitStatus::Stopped || matches!(store, Store::Postgres(_))) =>
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

/// How a run ends when it has no report: the message on stderr (always, even with `-q`), the
/// same as one JSON document on stdout with `--json`/`--output json|jsonl`, and the status.
struct Ending {
    printer: Printer,
    command: &'static str,
    environment: Option<String>,
    /// When the run started (RFC 3339) and its clock, for the document's `time` and
    /// `duration_ms`, as every report has them.
    time: String,
    started: Instant,
}

impl Ending {
    /// Before settings exist, the output format comes from the flags and `SWCACHE_OUTPUT`.
    fn new(global: &GlobalArgs, command: &'static str) -> Ending {
        Ending {
            printer: Printer::new(early_format(global), if global.quiet > 0 { -1 } else { 0 }),
            command,
            environment: global.env_name.clone(),
            time: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            started: Instant::now(),
        }
    }

    fn fail(&self, err: Error) -> ExitStatus {
        let status = err.status();
        let message = err.to_string();
        self.printer.error(&message);
        let mut doc = serde_json::json!({
            "status": status.word(),
            "exit_code": status.code(),
            "time": self.time,
            "duration_ms": self.started.elapsed().as_millis() as u64,
            "version": env!("CARGO_PKG_VERSION"),
            "error": message,
        });
        if !self.command.is_empty() {
            doc["command"] = self.command.into();
        }
        if let Some(env) = &self.environment {
            doc["environment"] = env.as_str().into();
        }
        let text = match self.printer.format() {
            Format::Json => serde_json::to_string_pretty(&doc).map(|t| t + "\n"),
            Format::Jsonl => serde_json::to_string(&doc).map(|t| t + "\n"),
            Format::Table => return status,
        };
        if let Ok(text) = text {
            // The message's outside text is escaped as the report's is.
            let _ = self.printer.stdout(&redact::controls(&text));
        }
        status
    }
}

/// A command line clap refused: help and version are what was asked for (exit 0); anything
/// else is a usage error (64), with `--json` also as one JSON document. Usage errors exit 64,
/// not clap's 2.
pub(crate) fn refused_line(
    err: clap::Error,
    cmd: clap::Command,
    argv: &[std::ffi::OsString],
) -> ExitStatus {
    use clap::error::ErrorKind::{DisplayHelp, DisplayVersion};
    let shown: Vec<String> = argv
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let err = crate::usage::with_suggestion(err, cmd, &shown);
    let _ = err.print();
    if matches!(err.kind(), DisplayHelp | DisplayVersion) {
        return ExitStatus::Ok;
    }
    let status = ExitStatus::Usage;
    let Some(format) = asked_json(&shown) else {
        return status;
    };
    // clap's message without its usage lines (stderr has those), and without colour.
    let text = err.render().to_string();
    let message: Vec<&str> = text.lines().take_while(|l| !l.trim().is_empty()).collect();
    let message = message.join(" ");
    let doc = serde_json::json!({
        "status": status.word(),
        "exit_code": status.code(),
        "error": message.trim().strip_prefix("error: ").unwrap_or(message.trim()),
    });
    let text = match format {
        Format::Jsonl => serde_json::to_string(&doc),
        _ => serde_json::to_string_pretty(&doc),
    };
    if let Ok(t) = text {
        let _ = Printer::new(format, 0).stdout(&redact::controls(&(t + "\n")));
    }
    status
}

/// Whether a line clap could not parse asked for JSON (`--json`, `--output json|jsonl`, or
/// `SWCACHE_OUTPUT`), read from the words themselves.
fn asked_json(argv: &[String]) -> Option<Format> {
    let words: Vec<&str> = argv
        .iter()
        .skip(1)
        .map(String::as_str)
        .take_while(|w| *w != "--")
        .collect();
    for (i, w) in words.iter().enumerate() {
        let value = match *w {
            "--json" => return Some(Format::Json),
            "--output" => words.get(i + 1).copied(),
            w => w.strip_prefix("--output="),
        };
        match value {
            Some("json") => return Some(Format::Json),
            Some("jsonl") => return Some(Format::Jsonl),
            _ => {}
        }
    }
    match process_env("SWCACHE_OUTPUT").as_deref().map(str::trim) {
        Some("json") => Some(Format::Json),
        Some("jsonl") => Some(Format::Jsonl),
        _ => None,
    }
}

/// The output format before settings: `--json`, `--output`, else `SWCACHE_OUTPUT` (a bad value
/// is the settings' error to report), else table.
fn early_format(global: &GlobalArgs) -> Format {
    if global.json {
        return Format::Json;
    }
    if let Some(f) = global.output {
        return f;
    }
    match process_env("SWCACHE_OUTPUT").as_deref().map(str::trim) {
        Some("json") => Format::Json,
        Some("jsonl") => Format::Jsonl,
        _ => Format::Table,
    }
}

/// Makes a cron run observable: the textfile collector and/or the Pushgateway. What could not
/// be published comes back as checks (cron is watched through that file: a WARNING, exit 1).
/// A dry run publishes nothing: its success would make a broken job look healthy.
async fn publish(
    report: &Report,
    cron: &CronArgs,
    elapsed: Duration,
    settings: &Settings,
    printer: &Printer,
) -> Vec<policy::check::Check> {
    if settings.dry_run {
        if cron.textfile.is_some() || cron.pushgateway.is_some() {
            printer.verbose(
                "dry run: nothing published (no textfile written, nothing pushed to the Pushgateway)",
            );
        }
        return Vec::new();
    }
    use crate::vocab::Severity;
    use output::textfile;
    let mut failed = Vec::new();
    let now = std::time::SystemTime::now();
    let ok = textfile::succeeded(report);
    if let Some(dir) = &cron.textfile {
        let name = textfile::file_name(&report.command, settings.env_name.as_deref());
        // A failed run keeps the last success of the file it replaces.
        let previous = if ok {
            None
        } else {
            crate::fsutil::read_text(&dir.join(&name), 4 << 20)
                .ok()
                .and_then(|t| textfile::previous_success(&t))
        };
        let text = textfile::render(report, elapsed, now, previous);
        match textfile::write(dir, &name, &text) {
            Ok(path) => printer.verbose(format!("wrote {}", path.display())),
            Err(e) => failed.push(policy::check::Check::note(
                "textfile",
                Severity::Warning,
                format!(
                    "could not write the textfile {}: {e} (monitoring will not see this run)",
                    dir.join(&name).display()
                ),
            )),
        }
    }
    if let Some(url) = &cron.pushgateway {
        let command = textfile::snake(&report.command);
        let timeout = settings.timeout;
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
            Err(e) => failed.push(policy::check::Check::note(
                "pushgateway",
                Severity::Warning,
                format!(
                    "could not push to the Pushgateway: {e} (monitoring will not see this run)"
                ),
            )),
        }
    }
    failed
}

/// In a GitHub Actions step: annotations (stderr; see `output::github`) and the job summary.
fn github_step(report: &Report, printer: &Printer) {
    for line in output::github::annotations(report) {
        printer.annotate(line);
    }
    if let Some(path) = process_env("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
        let text = output::github::summary(report);
        if let Err(e) = output::github::append_summary(std::path::Path::new(&path), &text) {
            printer.warn(format!("could not append the job summary to {path}: {e}"));
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
