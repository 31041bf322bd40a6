//! `rollback emergency --kill-switch`: the kill-switch worker written to a file in the state
//! directory (read back), `[steps.publish_worker]` run with its path, then the served worker
//! polled until it is the kill switch byte for byte (SHA-256) or the deadline passes.

use std::path::PathBuf;
use std::time::Instant;

use futures::future::join_all;
use serde::Serialize;

use crate::commands::{Ctx, fetch, poll};
use crate::exit::CliError;
use crate::fsutil::{self, Mode, sha256_hex};
use crate::output::{Action, Outcome, Payload, Section};
use crate::policy::figure::{Figure, Range, from_fetch};
use crate::policy::kill_switch::{self, AppCaches, effects};
use crate::policy::rollback::WorkerVerdict;
use crate::policy::validate::ServedWorker;
use crate::vocab::Endpoint;
use crate::vocab::Severity;

/// The step that publishes a worker file at the worker's URL.
pub(crate) const STEP: &str = "publish_worker";

/// The kill switch of this environment: its script, and where it is written.
pub(crate) struct KillSwitch {
    pub script: String,
    pub sha256: String,
    pub file: PathBuf,
    pub caches: AppCaches,
}

impl KillSwitch {
    pub(crate) fn of(ctx: &Ctx) -> KillSwitch {
        let script = kill_switch::script(&ctx.settings.app_caches);
        KillSwitch {
            sha256: sha256_hex(script.as_bytes()),
            file: ctx.settings.state_dir.join("kill-switch").join(format!(
                "{}.js",
                fsutil::file_safe(&ctx.settings.env_label())
            )),
            script,
            caches: ctx.settings.app_caches.clone(),
        }
    }
}

/// What the JSON says of it (`kill_switch`): the file, its hash and the caches it deletes.
#[derive(Serialize)]
pub(crate) struct KillSwitchReport {
    kill_switch: KillSwitchSeen,
}

#[derive(Serialize)]
struct KillSwitchSeen {
    file: String,
    sha256: String,
    version: &'static str,
    caches: AppCaches,
}

impl Payload for KillSwitchReport {
    /// The served-worker table shows its hash already.
    fn tables(&self) -> Vec<Section> {
        Vec::new()
    }
}

impl KillSwitch {
    pub(crate) fn payload(&self) -> KillSwitchReport {
        KillSwitchReport {
            kill_switch: KillSwitchSeen {
                file: self.file.display().to_string(),
                sha256: self.sha256.clone(),
                version: kill_switch::VERSION,
                caches: self.caches.clone(),
            },
        }
    }
}

/// Refused before anything is asked or sent: without a step to publish it, a kill switch
/// written to a file reaches nobody (exit 78, configuration).
pub(crate) fn require_step(ctx: &Ctx) -> Result<(), CliError> {
    if ctx.settings.steps.contains_key(STEP) {
        return Ok(());
    }
    Err(CliError::config(format!(
        "rollback emergency --kill-switch needs [steps.{STEP}] in the config: the command \
         that publishes the file at $SWCACHE_WORKER_FILE at the worker's URL ({}), e.g. an \
         upload and a CDN invalidation. Nothing was sent",
        ctx.settings.worker_paths.join(", ")
    )))
}

/// What the prompt says the kill switch does to clients, with the background-sync backlog
/// (queued offline writes) read from the app: those may be lost.
pub(crate) async fn effects_with_backlog(ctx: &Ctx) -> Vec<String> {
    let doc = fetch::json(&ctx.client, &ctx.printer, Endpoint::SyncStatus).await;
    let label = ctx.client.label(Endpoint::SyncStatus);
    let backlog = match from_fetch(&doc, &label, "queue_size", Range::NonNegative) {
        Figure::Known(n) => format!(
            "{} queued offline writes (background sync) may be lost",
            crate::numbers::number(n)
        ),
        Figure::Unknown(why) => {
            ctx.printer
                .warn(format!("background-sync backlog unreadable: {why}"));
            "an UNKNOWN number of queued offline writes may be lost (sync-status unread)".into()
        }
    };
    let mut lines = effects(&ctx.settings.app_caches);
    lines.push(backlog);
    lines
}

/// Writes the kill switch and runs the publish step with its path. The file is read back
/// before the step runs: the step must publish these bytes, not a half-written file.
pub(crate) async fn publish(ctx: &Ctx, ks: &KillSwitch) -> Action {
    let spec = ctx.settings.steps.get(STEP).cloned().map(|mut spec| {
        for (k, v) in [
            ("SWCACHE_WORKER_FILE", ks.file.display().to_string()),
            ("SWCACHE_WORKER_PATHS", ctx.settings.worker_paths.join(" ")),
            ("SWCACHE_WORKER_SHA256", ks.sha256.clone()),
        ] {
            spec.env.insert(k.into(), v);
        }
        spec
    });
    if ctx.settings.dry_run {
        ctx.printer.info(format!(
            "dry-run: would write the kill switch (SHA-256 {}) to {}",
            &ks.sha256[..12],
            ks.file.display()
        ));
    } else if let Err(why) = write(ks) {
        let action = Action {
            name: format!("step {STEP}"),
            method: "RUN".into(),
            url: "(not run)".into(),
            body: None,
            outcome: Outcome::Failed,
            detail: Some(format!(
                "not run: the kill switch could not be written to {}: {why}",
                ks.file.display()
            )),
            duration_ms: 0,
            response: None,
        };
        ctx.actor().record(&action);
        return action;
    }
    ctx.actor().run_step(STEP, spec, "").await
}

fn write(ks: &KillSwitch) -> Result<(), String> {
    let dir = ks.file.parent().unwrap_or(std::path::Path::new("."));
    fsutil::create_dirs(dir).map_err(|e| e.to_string())?;
    // Readable by all: the step may run as another user, and a worker script is public.
    fsutil::replace(&ks.file, ks.script.as_bytes(), Mode::Public).map_err(|e| e.to_string())?;
    match fsutil::read_capped(&ks.file, 1024 * 1024) {
        Ok(Some(bytes)) if bytes == ks.script.as_bytes() => Ok(()),
        Ok(_) => Err("reading it back did not give the bytes written".into()),
        Err(e) => Err(format!("reading it back: {e}")),
    }
}

/// What verifying found: every path read in the last round, its verdict, and the rounds.
pub(crate) struct Verified {
    pub after: Vec<ServedWorker>,
    pub verdicts: Vec<WorkerVerdict>,
    pub action: Action,
}

/// Polls every worker path, fetched as a browser does (no redirect followed), until each
/// serves the kill switch's bytes, or the deadline (`[deploy] verify_deadline`,
/// `--verify-deadline`) passes.
pub(crate) async fn verify(ctx: &Ctx, ks: &KillSwitch) -> Verified {
    let started = Instant::now();
    let (client, printer) = (&ctx.client, &ctx.printer);
    let paths = &ctx.settings.worker_paths;
    let d = &ctx.settings.deploy;
    let is_kill_switch = |w: &ServedWorker| w.sha256.as_deref() == Some(ks.sha256.as_str());
    let polled = poll::until(
        &ctx.cancel,
        d.verify_deadline,
        d.verify_interval,
        || join_all(paths.iter().map(|p| fetch::worker(client, printer, p))),
        |round: &Vec<ServedWorker>| round.iter().all(is_kill_switch),
        |round, n| {
            let pending: Vec<&str> = round
                .iter()
                .filter(|w| !is_kill_switch(w))
                .map(|w| w.path.as_str())
                .collect();
            printer.info(format!(
                "kill switch round {n}: not served yet at {}; again in {}",
                pending.join(", "),
                crate::numbers::duration(d.verify_interval)
            ));
        },
    )
    .await;
    let verdicts: Vec<WorkerVerdict> = polled.last.iter().map(|w| verdict(w, &ks.sha256)).collect();
    let all = verdicts.iter().all(|v| v.verified);
    let base = client.base_url().as_str().trim_end_matches('/').to_string();
    let within = crate::numbers::duration(d.verify_deadline);
    let action = Action {
        name: "verify kill switch served".into(),
        method: "GET".into(),
        url: paths
            .iter()
            .map(|p| format!("{base}{p}"))
            .collect::<Vec<_>>()
            .join(", "),
        body: None,
        outcome: if all { Outcome::Done } else { Outcome::Failed },
        detail: Some(if all {
            format!("served byte for byte in {} round(s)", polled.rounds)
        } else {
            format!(
                "NOT served after {} round(s) within {within}{}",
                polled.rounds,
                polled
                    .interrupted
                    .map(|s| format!(" (stopped by {s})"))
                    .unwrap_or_default()
            )
        }),
        duration_ms: started.elapsed().as_millis() as u64,
        response: None,
    };
    Verified {
        after: polled.last,
        verdicts,
        action,
    }
}

/// One path: the kill switch's SHA-256 exactly, or CRITICAL saying what is served instead
/// (clients keep running the bad worker).
fn verdict(w: &ServedWorker, want: &str) -> WorkerVerdict {
    let (verified, status, detail) = match (&w.sha256, &w.error) {
        (Some(sha), _) if sha == want => (
            true,
            Severity::Ok,
            format!("the kill switch is served (SHA-256 {})", &sha[..12]),
        ),
        (Some(sha), _) => (
            false,
            Severity::Critical,
            format!(
                "NOT the kill switch: serves version {} (SHA-256 {}, expected {})",
                w.version.as_deref().unwrap_or("?"),
                &sha[..12.min(sha.len())],
                &want[..12]
            ),
        ),
        (None, e) => (
            false,
            Severity::Critical,
            format!(
                "NOT confirmed: {}",
                e.as_deref().unwrap_or("the worker could not be read")
            ),
        ),
    };
    WorkerVerdict {
        path: w.path.clone(),
        verified,
        status,
        detail,
    }
}
