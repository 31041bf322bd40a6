//! Real Workbox output for the tests: npm `workbox-cli` (installed by `.ci/test` into
//! `.ci/npm`, or `SWCACHE_WORKBOX`) builds workers from the sandbox's site and the configs in
//! `tests/workbox/`, in a temporary directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

pub fn workbox_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("SWCACHE_WORKBOX") {
        return PathBuf::from(p);
    }
    let p = Path::new(ROOT).join(".ci/npm/node_modules/.bin/workbox");
    assert!(
        p.exists(),
        "workbox-cli is not installed: run `npm install --prefix .ci/npm workbox-cli@7.4.1` \
         (as .ci/test does), or set SWCACHE_WORKBOX"
    );
    p
}

/// How a build is made: `generateSW` (minified, runtime inlined) or `injectManifest`.
#[derive(Clone, Copy)]
pub enum Mode {
    Generate,
    Inject,
}

/// A Workbox build: the worker script and the site files it precaches, by URL path.
pub struct Built {
    pub worker: String,
    pub files: BTreeMap<String, String>,
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fn site_files(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        if e.file_type().unwrap().is_dir() {
            site_files(&e.path(), &format!("{prefix}{name}/"), out);
        } else {
            out.insert(
                format!("{prefix}{name}"),
                std::fs::read_to_string(e.path()).unwrap(),
            );
        }
    }
}

/// Builds a worker with workbox-cli. `edit` may change the copied site (`site/`) and sources
/// first (a new file, a changed one: another release).
pub fn build(mode: Mode, edit: impl FnOnce(&Path)) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(ROOT);
    copy_dir(
        &root.join("crates/swcache-sandbox/site"),
        &dir.path().join("site"),
    );
    for f in ["generate.config.js", "inject.config.js", "sw-src.js"] {
        std::fs::copy(root.join("tests/workbox").join(f), dir.path().join(f)).unwrap();
    }
    edit(dir.path());
    let (cmd, config, out) = match mode {
        Mode::Generate => (
            "generateSW",
            "generate.config.js",
            "out/generate/sw-enhanced.js",
        ),
        Mode::Inject => (
            "injectManifest",
            "inject.config.js",
            "out/inject/sw-enhanced.js",
        ),
    };
    let mut child = Command::new(workbox_bin())
        .args([cmd, config])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("workbox-cli runs");
    // A bound, not a timing assertion: a wedged node is killed and the test fails.
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("workbox {cmd} did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = child.wait_with_output().unwrap();
    assert!(
        status.success(),
        "workbox {cmd}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let worker = std::fs::read_to_string(dir.path().join(out)).unwrap();
    let mut files = BTreeMap::new();
    site_files(&dir.path().join("site"), "/", &mut files);
    Built { worker, files }
}

impl Built {
    /// Serves this build from the sandbox: the worker at /sw-enhanced.js and every file.
    pub fn serve(&self, fx: &crate::support::Fx) {
        fx.patch_state(serde_json::json!({
            "worker_scripts": {"/sw-enhanced.js": self.worker},
            "site_files": self.files,
        }));
    }
}
