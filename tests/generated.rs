//! Completions (completions/) and man pages (docs/man/) are generated from the clap definition
//! (`src/generate.rs`) and checked in; this test fails when they are stale.
//! Regenerate with: cargo run --example regenerate

use std::path::PathBuf;

fn check(dir: &str) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (_, expected) = swcache::testing::generated_files()
        .into_iter()
        .find(|(d, _)| *d == dir)
        .expect("a generated directory");
    assert!(!expected.is_empty(), "nothing is generated into {dir}");
    for (path, bytes) in &expected {
        let current = std::fs::read(root.join(path)).unwrap_or_default();
        assert!(
            &current == bytes,
            "{} is stale: run `cargo run --example regenerate`",
            path.display()
        );
    }
    for entry in std::fs::read_dir(root.join(dir)).unwrap() {
        let path = PathBuf::from(dir).join(entry.unwrap().file_name());
        assert!(
            expected.contains_key(&path),
            "{} is no longer generated: run `cargo run --example regenerate`",
            path.display()
        );
    }
}

#[test]
fn completions_are_current() {
    check("completions");
}

#[test]
fn man_pages_are_current() {
    check("docs/man");
}
