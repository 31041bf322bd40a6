//! A dry run is read by a reviewer: every configured command it would run is shown whole,
//! and a `--sandbox` run says that it runs no configured step rather than "not configured".

use crate::support::Fx;

#[test]
fn a_dry_run_shows_the_step_command_whole() {
    let fx = Fx::new();
    let tail = "&& echo reverted-the-worker-for-real";
    let command = format!(
        "./scripts/revert-worker.sh --bucket s3://app-static/sw --invalidate /sw-enhanced.js {tail}"
    );
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        format!("[steps.revert_worker]\ncommand = \"{command}\"\n"),
    )
    .unwrap();
    let mut cmd = fx.cmd();
    cmd.env("COLUMNS", "60")
        .args(["--dry-run", "--yes", "rollback", "emergency"]);
    let run = fx.run(&mut cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Every word of the command, in order, on the lines after the dry-run line (wrapped).
    let shown: Vec<&str> = run
        .stderr
        .split("dry-run: would run step revert_worker")
        .nth(1)
        .expect("the dry-run line")
        .split_whitespace()
        .collect();
    let words: Vec<&str> = command.split_whitespace().collect();
    assert!(
        shown.windows(words.len()).any(|w| w == words.as_slice()),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains('…'), "nothing cut: {}", run.stderr);
    assert!(fx.writes().is_empty());
}

#[test]
fn a_sandbox_run_says_it_runs_no_configured_step() {
    let fx = Fx::new();
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        "[steps.deploy]\ncommand = \"./deploy.sh\"\n",
    )
    .unwrap();
    // A built app, so that the run reaches its deploy step.
    let public = fx.home.path().join("app/public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(
        public.join("sw-enhanced.js"),
        "const SW_VERSION = \"v1.0.0\";\n",
    )
    .unwrap();
    std::fs::write(public.join("workbox-1a2b.js"), "// workbox\n").unwrap();
    let mut cmd = fx.bare();
    cmd.env("COLUMNS", "250").args([
        "--sandbox",
        "--dry-run",
        "deploy",
        "staging",
        "--skip-build",
        "--build-dir",
        "./app",
        "--release",
        "v1.0.0",
    ]);
    let run = fx.run(&mut cmd);
    let all = format!("{}{}", run.plain(), run.stderr);
    // The pipeline's plan, and the step itself when the run reaches it.
    assert!(
        all.contains("(the sandbox runs no configured step)"),
        "{all}"
    );
    assert!(
        all.contains("SKIPPED step deploy: the sandbox does not run configured steps"),
        "{all}"
    );
    assert!(!all.contains("not configured"), "{all}");
}
