//! `swcache deploy staging|production` (phases 1–2 of the guide): preflight, the configured
//! build and deploy steps, the artifacts, then verification of what is served, polled until a
//! deadline because CDNs lag.
//!
//! Exit codes: a failing preflight (old Node.js, a missing tool, production over plain http)
//! or missing artifacts stop before anything runs → 5; a failing step → 4 with its last
//! lines; otherwise the worst verification check (2 CRITICAL, 3 UNKNOWN), 1 when a step was
//! not configured and so SKIPPED.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::api::{Endpoint, Raw};
use crate::cli::DeployTarget;
use crate::commands::{Ctx, fetch};
use crate::exit::Status;
use crate::output::{Outcome, Report, Section};
use crate::policy::check::Check;
use crate::policy::deploy::{
    artifact_check, cache_control_check, content_type_check, hash_check, metrics_check, node_check,
    reachable_check, release_check, sw_allowed_check, target_check, tool_check, verified,
    wildcard_match,
};
use crate::policy::validate::{gate_failures, script_version, sw_status_version};
use crate::settings::DeploySettings;

#[derive(Clone, Copy, Debug)]
pub struct DeployOptions {
    pub target: DeployTarget,
    pub skip_build: bool,
    pub verify_only: bool,
    pub allow_insecure: bool,
}

impl DeployOptions {
    fn mode(&self) -> &'static str {
        if self.verify_only {
            "verify-only"
        } else if self.skip_build {
            "skip-build"
        } else {
            "build-and-deploy"
        }
    }
}

/// What was read of the served worker in the last verification round.
#[derive(Clone, Debug, Default, serde::Serialize)]
struct WorkerSeen {
    path: String,
    served_sha256: Option<String>,
    local_sha256: Option<String>,
    content_type: Option<String>,
    cache_control: Option<String>,
    service_worker_allowed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

pub async fn run(ctx: &Ctx, opts: DeployOptions) -> anyhow::Result<Report> {
    let d = &ctx.settings.deploy;
    let p = &ctx.printer;
    let production = opts.target == DeployTarget::Production;
    let building = !opts.skip_build && !opts.verify_only;
    let mut report = ctx.report("deploy");
    let mut data = json!({
        "target": opts.target.name(),
        "mode": opts.mode(),
        "build_dir": d.build_dir.display().to_string(),
    });

    // 1. Preflight: nothing runs and nothing is sent unless it passes.
    report.checks.push(target_check(
        ctx.client.base_url(),
        production,
        opts.allow_insecure,
    ));
    if building {
        report
            .checks
            .push(node_check(&node_version().await, d.node_min_major));
        for tool in &d.build_tools {
            report.checks.push(tool_check(tool, &which(tool)));
        }
    }
    let failing = gate_failures(&report.checks);
    if !failing.is_empty() {
        report.stopped = Some(format!(
            "preflight failed ({}); nothing was built, deployed or requested",
            failing.join(", ")
        ));
        report.set_data("deploy", data);
        return Ok(report);
    }

    // 2. Build.
    let release_before = d.release.clone();
    let step_env = step_env(d, opts.target, release_before.as_deref());
    if building {
        if !run_step(ctx, &mut report, "build", &step_env).await {
            report
                .notes
                .push("the build failed, so nothing was deployed".into());
            report.set_data("deploy", data);
            return Ok(report);
        }
    } else if !opts.verify_only {
        report
            .notes
            .push("build skipped (--skip-build): the artifacts were built elsewhere".into());
    }

    // 3. The artifacts, by their configured patterns. A dry run built nothing, so there is
    // nothing of this build to check.
    let planned_build = building && ctx.settings.dry_run;
    let artifact_checks: Vec<Check> = if planned_build {
        report
            .notes
            .push("artifacts not checked: --dry-run did not build them".into());
        Vec::new()
    } else {
        d.artifacts
            .iter()
            .map(|pat| artifact_check(pat, &match_artifacts(&d.build_dir, pat)))
            .collect()
    };
    let missing = gate_failures(&artifact_checks);
    report.checks.extend(artifact_checks);
    let worker_file = d.build_dir.join(&d.worker_artifact);
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
    if !missing.is_empty() && !opts.verify_only {
        report.stopped = Some(format!(
            "artifacts missing ({}); the deploy step was not run",
            missing.join(", ")
        ));
        report.set_data("deploy", data);
        return Ok(report);
    }

    // 4. Deploy.
    if !opts.verify_only && !run_step(ctx, &mut report, "deploy", &step_env).await {
        report.notes.push(
            "the deploy step failed; what is served was not verified (it may be half-deployed)"
                .into(),
        );
        report.set_data("deploy", data);
        return Ok(report);
    }

    // 5. Verify what is served, until it passes or the deadline. A dry run deployed nothing:
    // what is served is not this build, so verifying it would only mislead.
    if ctx.settings.dry_run && !opts.verify_only {
        report.notes.push(
            "verification skipped: --dry-run ran no step (use --verify-only --dry-run to check \
             what is served now)"
                .into(),
        );
        report.set_data("deploy", data);
        return Ok(report);
    }
    let expected = release_before.or(local_version);
    let deadline = Instant::now() + d.verify_deadline;
    let mut rounds = 0u32;
    let (checks, seen) = loop {
        rounds += 1;
        let (checks, seen) = verify_round(ctx, d, &local_sha, expected.as_deref()).await;
        if verified(&checks) || Instant::now() + d.verify_interval >= deadline {
            break (checks, seen);
        }
        let pending: Vec<&str> = checks
            .iter()
            .filter(|c| c.status != Status::Ok)
            .map(|c| c.name.as_str())
            .collect();
        p.info(format!(
            "verify round {rounds}: not yet ({}); again in {}",
            pending.join(", "),
            humantime::format_duration(d.verify_interval)
        ));
        tokio::time::sleep(d.verify_interval).await;
    };
    let passed = verified(&checks);
    report.checks.extend(checks);
    report.notes.push(if passed {
        format!("verified in {rounds} round(s)")
    } else {
        format!(
            "not verified after {rounds} round(s) within {}",
            humantime::format_duration(d.verify_deadline)
        )
    });
    report.sections.push(worker_section(&seen));
    data["release"] = json!(expected);
    data["worker"] = json!(seen);
    data["verify"] = json!({
        "passed": passed,
        "rounds": rounds,
        "deadline_ms": d.verify_deadline.as_millis() as u64,
    });
    report.set_data("deploy", data);
    Ok(report)
}

/// The build's environment (the guide's `export NODE_ENV=production …`); each step's own
/// `env` is applied over it.
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
    }
    env.extend(d.env.iter().map(|(k, v)| (k.clone(), v.clone())));
    env
}

/// Runs a configured step; `false` when it failed (the report then holds the failed action).
/// An unconfigured step is SKIPPED, loudly: a WARNING row, never "done".
async fn run_step(ctx: &Ctx, report: &mut Report, name: &str, env: &[(String, String)]) -> bool {
    let Some(spec) = ctx.settings.steps.get(name) else {
        let why = format!("[steps.{name}] is not configured, so nothing was run");
        ctx.printer.warn(format!("step {name} SKIPPED: {why}"));
        report.checks.push(Check::note(
            format!("step {name}"),
            Status::Warning,
            format!("SKIPPED: {why}"),
        ));
        report
            .actions
            .push(ctx.actor().run_step(name, None, &why).await);
        return true;
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
    let ok = action.outcome != Outcome::Failed;
    report.actions.push(action);
    ok
}

/// One round of reads, concurrently, judged.
async fn verify_round(
    ctx: &Ctx,
    d: &DeploySettings,
    local_sha: &Result<String, String>,
    expected: Option<&str>,
) -> (Vec<Check>, WorkerSeen) {
    let (c, p) = (&ctx.client, &ctx.printer);
    p.verbose(format!("GET {}", d.worker_path));
    let ok_status = |r: Result<Raw, crate::api::ApiError>| {
        r.map(|raw| format!("HTTP {}", raw.status.as_u16()))
            .map_err(|e| e.to_string())
    };
    let get_at = |location: String| async move {
        match c.locate(&location) {
            Ok(url) => c.get_url(url).await.map_err(|e| e.to_string()),
            Err(e) => Err(e),
        }
    };
    let (worker, health, status, metrics, mon_health, mon_metrics) = tokio::join!(
        c.get_raw(&d.worker_path),
        c.get_raw(c.path(Endpoint::Health)),
        fetch::json(c, p, Endpoint::SwStatus),
        fetch::json(c, p, Endpoint::CacheMetrics),
        get_at(d.monitoring_health_url.clone()),
        get_at(d.metrics_url.clone()),
    );

    let mut seen = WorkerSeen {
        path: d.worker_path.clone(),
        local_sha256: local_sha.as_ref().ok().cloned(),
        ..Default::default()
    };
    let mut checks = Vec::new();
    match &worker {
        Ok(raw) => {
            let served = fetch::sha256_hex(&raw.body);
            seen.served_sha256 = Some(served.clone());
            seen.content_type = raw.header("content-type").map(String::from);
            seen.cache_control = raw.header("cache-control").map(String::from);
            seen.service_worker_allowed = raw.header("service-worker-allowed").map(String::from);
            checks.push(hash_check(&d.worker_path, &Ok(served), local_sha));
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
        Err(e) => {
            let e = e.to_string();
            seen.error = Some(e.clone());
            checks.push(hash_check(&d.worker_path, &Err(e.clone()), local_sha));
            for name in [
                "worker Content-Type",
                "worker Cache-Control",
                "Service-Worker-Allowed",
            ] {
                checks.push(Check::note(name, Status::Unknown, e.clone()));
            }
        }
    }
    checks.push(reachable_check(
        &format!("app health {}", c.label(Endpoint::Health)),
        &ok_status(health),
    ));
    checks.push(release_check(
        &sw_status_version(&status, &c.label(Endpoint::SwStatus)),
        expected,
    ));
    let metrics_read = metrics.and_then(|doc| {
        doc.as_object()
            .map(|o| format!("{} fields", o.len()))
            .ok_or_else(|| format!("{}: not a JSON object", c.label(Endpoint::CacheMetrics)))
    });
    checks.push(reachable_check(
        &format!("cache metrics {}", c.label(Endpoint::CacheMetrics)),
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
    (checks, seen)
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
