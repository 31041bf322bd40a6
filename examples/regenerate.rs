//! Writes the files generated from the clap definition: shell completions (`completions/`)
//! and man pages (`docs/man/`). Run after changing a command, a flag or its help:
//! `cargo run --example regenerate`; `tests/generated.rs` fails while they are stale.

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for (dir, files) in swcache::testing::generated_files() {
        // The directory holds generated files only: one no longer generated goes.
        let dir = root.join(dir);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        for (path, bytes) in &files {
            std::fs::write(root.join(path), bytes)?;
        }
        println!("{}: {} file(s)", dir.display(), files.len());
    }
    Ok(())
}
