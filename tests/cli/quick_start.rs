//! The README's quick start, run as written: each line of its ```sh block after the install
//! line, in a shell whose `swcache` is this build, in a fresh directory. Only the app's address
//! and its token file are the sandbox's (the README's are placeholders). Every line must end
//! 0 on a healthy app: a first contact that fails is a broken README.

use std::path::Path;
use std::process::Command;

use crate::support::Fx;

/// The quick start's command lines (continuations joined), from the README.
fn quick_start(readme: &str) -> Vec<String> {
    let start = readme.find("## Quick start").expect("a quick start");
    let block = &readme[start..];
    let body = &block[block.find("```sh\n").expect("its sh block") + 6..];
    let body = &body[..body.find("\n```").expect("the block ends")];
    let mut lines = Vec::new();
    let mut pending = String::new();
    for line in body.lines() {
        let code = line.split(" #").next().unwrap_or("").trim_end();
        match code.strip_suffix('\\') {
            Some(head) => pending.push_str(head),
            None => {
                pending.push_str(code);
                lines.push(std::mem::take(&mut pending).trim().to_string());
            }
        }
    }
    lines
}

#[test]
fn the_readme_quick_start_runs_as_written() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let lines = quick_start(&readme);
    assert!(
        lines[0].contains("dpkg -i") || lines[0].contains("cargo install"),
        "the first line installs: {lines:?}"
    );
    assert!(lines.len() >= 5, "{lines:?}");

    let fx = Fx::new();
    let home = fx.home.path();
    // `swcache` on PATH is this build.
    let bin = home.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_swcache"), bin.join("swcache")).unwrap();
    let work = home.join("ops");
    std::fs::create_dir_all(&work).unwrap();

    for line in &lines[1..] {
        let line = line.replace("https://yourapp.com", &fx.url).replace(
            "/etc/swcache/production.token",
            &fx.token_file.display().to_string(),
        );
        let out = shell(&line, &bin, home, &work);
        assert_eq!(
            out.status.code(),
            Some(0),
            "`{line}` failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(
        work.join("swcache.toml").is_file(),
        "config init wrote ./swcache.toml"
    );
}

fn shell(line: &str, bin: &Path, home: &Path, cwd: &Path) -> std::process::Output {
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("sh")
        .arg("-c")
        .arg(line)
        .env_clear()
        .env("PATH", path)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("NO_COLOR", "1")
        .current_dir(cwd)
        .output()
        .expect("sh runs")
}
