//! Settings for a `--sandbox` run. Nothing of a real environment may reach it: not its URL,
//! its token, its steps, its audit log, its state or its lock names. The config file and the
//! environment variables are read through an allow-list of policy (thresholds, KPIs, timeouts,
//! output, rollback pacing, incident limits); everything else is the sandbox's own: the label
//! `sandbox`, stand-in steps that act on the embedded app (revert, redeploy, publish_worker), a backup hash of the sandbox's
//! backup worker, an audit log of its own, and run state that ends with the run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;

use crate::cli::GlobalArgs;
use crate::config::{ConfigFile, RollbackFile, RolloutFile};
use crate::exit::CliError;
use crate::sandbox::{BACKUP_VERSION, worker_script};
use crate::steps::StepSpec;

/// The label, audit environment and file-name part of every sandbox run.
pub(crate) const LABEL: &str = "sandbox";

/// The variables a sandbox run reads; all others (SWCACHE_URL, SWCACHE_ENV, SWCACHE_TOKEN,
/// ADMIN_TOKEN, SWCACHE_AUDIT_LOG, …) name or hold a real environment's.
pub(crate) fn allowed_var(name: &str) -> bool {
    matches!(
        name,
        "SWCACHE_CONFIG"
            | "SWCACHE_OUTPUT"
            | "SWCACHE_TIMEOUT"
            | "XDG_CONFIG_HOME"
            | "XDG_STATE_HOME"
            | "HOME"
    ) || name.starts_with("SWCACHE_KPI_")
        || name.starts_with("SWCACHE_THRESHOLD_")
}

/// Flags that name a real app are refused rather than ignored: the run would not do what the
/// command line says.
pub(crate) fn check_args(args: &GlobalArgs) -> Result<(), CliError> {
    let named = [
        (args.url.is_some(), "--url"),
        (args.env_name.is_some(), "--env"),
        (args.token_file.is_some(), "--token-file"),
    ];
    match named.iter().find(|(set, _)| *set) {
        Some((_, flag)) => Err(CliError::usage(format!(
            "{flag} names a real app, but --sandbox runs against the embedded one: drop one of them"
        ))),
        None => Ok(()),
    }
}

/// The policy part of a config file; the rest (environments, URL, token file, steps, paths,
/// worker paths, deploy, audit log, backup hashes) describes real apps and is dropped.
pub(crate) fn policy_only(f: ConfigFile) -> ConfigFile {
    ConfigFile {
        output: f.output,
        timeout: f.timeout,
        retries: f.retries,
        retry_after_cap: f.retry_after_cap,
        kpi: f.kpi,
        thresholds: f.thresholds,
        incident: f.incident,
        analysis: f.analysis,
        // The bake and the failure path are policy; the flag's name belongs to the real app
        // (the sandbox serves `enhanced-cache`).
        rollout: RolloutFile {
            flag: None,
            min_bake: f.rollout.min_bake,
            on_failure: f.rollout.on_failure,
        },
        rollback: RollbackFile {
            steps: f.rollback.steps,
            step_wait: f.rollback.step_wait,
            poll_interval: f.rollback.poll_interval,
            backup_sha256: None,
        },
        ..ConfigFile::default()
    }
}

/// Where a sandbox run keeps its own files: `<state dir>/sandbox` (the audit log
/// `audit.jsonl`, and one directory per run for its state and locks).
pub(crate) fn dir(state_dir: &Path) -> PathBuf {
    state_dir.join(LABEL)
}

/// The SHA-256 of the backup worker the stand-in revert puts back, by served path.
pub(crate) fn backup_sha256() -> BTreeMap<String, String> {
    let path = "/sw-enhanced.js";
    let script = worker_script(path, BACKUP_VERSION);
    BTreeMap::from([(
        path.to_string(),
        crate::fsutil::sha256_hex(script.as_bytes()),
    )])
}

/// The stand-in steps: real shell steps (so output, deadlines and signals work as in
/// production) that change the embedded app through its state hook at `$SWCACHE_URL`, which
/// is the sandbox's. `build` and `deploy` have none: a sandbox run skips them.
pub(crate) fn stand_in_steps() -> BTreeMap<String, StepSpec> {
    let enhanced = worker_script("/sw-enhanced.js", BACKUP_VERSION);
    let plain = worker_script("/sw.js", BACKUP_VERSION);
    let revert = json!({ "worker_scripts": { "/sw-enhanced.js": enhanced } });
    let redeploy = json!({
        "sw": { "version": BACKUP_VERSION },
        "worker_scripts": { "/sw-enhanced.js": enhanced, "/sw.js": plain },
    });
    let step = |name: &str, command: String| {
        (
            name.to_string(),
            StepSpec {
                name: name.to_string(),
                command,
                timeout: Duration::from_secs(30),
                env: BTreeMap::new(),
                cwd: None,
            },
        )
    };
    BTreeMap::from([
        step(
            "revert_worker",
            patch_command(
                &revert,
                // Short: with the step's prefix, one 80-column line (the version is in the report).
                "sandbox stand-in: /sw-enhanced.js now serves the backup",
            ),
        ),
        step(
            "redeploy",
            patch_command(
                &redeploy,
                &format!("sandbox stand-in: the previous version ({BACKUP_VERSION}) is deployed"),
            ),
        ),
        step(
            "database_rollback",
            "echo 'sandbox stand-in: the sandbox has no database; nothing to roll back'".into(),
        ),
        step("publish_worker", PUBLISH_WORKER.into()),
    ])
}

/// The stand-in `publish_worker`: the file at `$SWCACHE_WORKER_FILE` becomes what the sandbox
/// serves at each path of `$SWCACHE_WORKER_PATHS`, bytes as they are (a real step uploads it
/// to the CDN and invalidates it there).
const PUBLISH_WORKER: &str = "command -v curl >/dev/null 2>&1 || { echo 'this sandbox stand-in step needs curl on PATH' >&2; exit 127; }; \
     for p in $SWCACHE_WORKER_PATHS; do \
     curl -sS -f --max-time 10 -o /dev/null -X PUT --data-binary @\"$SWCACHE_WORKER_FILE\" \
     \"$SWCACHE_URL/__sandbox/publish?path=$p\" || exit 1; done; \
     echo 'sandbox stand-in: the worker file is published'";

/// `curl` PATCHes the sandbox's state hook (no token: hooks take none), then says what it did.
fn patch_command(patch: &serde_json::Value, done: &str) -> String {
    format!(
        "command -v curl >/dev/null 2>&1 || {{ echo 'this sandbox stand-in step needs curl on PATH' >&2; exit 127; }}; \
         curl -sS -f --max-time 10 -o /dev/null -X PATCH \"$SWCACHE_URL/__sandbox/state\" \
         -H 'content-type: application/json' --data-binary {} && echo {}",
        shell_quote(&patch.to_string()),
        shell_quote(done)
    )
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A sandbox run's state and locks: `<sandbox dir>/run-<port>`, emptied when the run starts
/// (the port is this run's now; anything there is from a run that died) and removed when it
/// ends. Its app ends with the run too, so there is nothing to resume from it.
#[derive(Debug)]
pub(crate) struct RunDir(PathBuf);

impl RunDir {
    /// `own`: the sandbox's directory (a sandbox run's `state_dir`, see [`dir`]).
    pub(crate) fn create(own: &Path, port: u16) -> std::io::Result<RunDir> {
        let path = own.join(format!("run-{port}"));
        if path.exists() {
            std::fs::remove_dir_all(&path)?;
        }
        std::fs::create_dir_all(&path)?;
        Ok(RunDir(path))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_policy_variables_are_read() {
        for var in [
            "SWCACHE_URL",
            "SWCACHE_ENV",
            "SWCACHE_TOKEN",
            "ADMIN_TOKEN",
            "SWCACHE_AUDIT_LOG",
            "SWCACHE_STATE_DIR",
        ] {
            assert!(!allowed_var(var), "{var}");
        }
        for var in [
            "SWCACHE_TIMEOUT",
            "SWCACHE_THRESHOLD_MAX_ERROR_RATE",
            "XDG_STATE_HOME",
        ] {
            assert!(allowed_var(var), "{var}");
        }
    }

    #[test]
    fn stand_ins_replace_the_rollback_steps_only() {
        let steps = stand_in_steps();
        assert_eq!(
            steps.keys().map(String::as_str).collect::<Vec<_>>(),
            [
                "database_rollback",
                "publish_worker",
                "redeploy",
                "revert_worker"
            ]
        );
        assert!(
            steps["revert_worker"]
                .command
                .contains("$SWCACHE_URL/__sandbox/state")
        );
        assert_eq!(backup_sha256()["/sw-enhanced.js"].len(), 64);
    }
}
