//! Preflight's reads of this machine (Node, the build tools) and the build's artifacts by
//! their configured patterns.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::policy::deploy::wildcard_match;

/// `node --version`, with a deadline (a wedged shim must not hang a pipeline).
pub(super) async fn node_version() -> Result<String, String> {
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
pub(super) fn which(tool: &str) -> Result<String, String> {
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
pub(super) fn match_artifacts(dir: &Path, pattern: &str) -> Result<Vec<String>, String> {
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
