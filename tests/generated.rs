//! Completions (completions/) and man pages (docs/man/) are generated from the clap definition
//! and checked in; this test fails when they are stale.
//! Regenerate with: SWCACHE_UPDATE_GENERATED=1 cargo test --test generated

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;
use swcache::cli::Cli;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn completions() -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let name = match shell {
            Shell::Bash => "swcache.bash",
            Shell::Zsh => "_swcache",
            Shell::Fish => "swcache.fish",
            Shell::PowerShell => "_swcache.ps1",
            _ => "swcache.elv",
        };
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "swcache", &mut buf);
        out.insert(root().join("completions").join(name), buf);
    }
    out
}

fn man_pages() -> BTreeMap<PathBuf, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    clap_mangen::generate_to(Cli::command(), dir.path()).unwrap();
    std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                root().join("docs/man").join(e.file_name()),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn check(expected: BTreeMap<PathBuf, Vec<u8>>, dir: &Path) {
    if std::env::var_os("SWCACHE_UPDATE_GENERATED").is_some() {
        if dir.exists() {
            std::fs::remove_dir_all(dir).unwrap();
        }
        std::fs::create_dir_all(dir).unwrap();
        for (path, bytes) in &expected {
            std::fs::write(path, bytes).unwrap();
        }
        return;
    }
    let on_disk: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    for (path, bytes) in &expected {
        let current = std::fs::read(path).unwrap_or_default();
        assert!(
            &current == bytes,
            "{} is stale: run `SWCACHE_UPDATE_GENERATED=1 cargo test --test generated`",
            path.display()
        );
    }
    for path in on_disk {
        assert!(
            expected.contains_key(&path),
            "{} is no longer generated: remove it",
            path.display()
        );
    }
}

#[test]
fn completions_are_current() {
    check(completions(), &root().join("completions"));
}

#[test]
fn man_pages_are_current() {
    check(man_pages(), &root().join("docs/man"));
}
