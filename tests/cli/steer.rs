//! `rollout pause` / `rollout continue` from another user's shell on the same ops host (its own
//! HOME, the team's state_dir): a live `rollout run` holds at its next safe point, says so, and
//! goes on after `continue`, its bake clock stopped while it held.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::{Fx, Run, finish, flag_percentages, wait_for};

fn user(fx: &Fx, shared: &Path, name: &str, args: &[&str]) -> Command {
    let home: PathBuf = fx.home.path().join(name);
    std::fs::create_dir_all(&home).unwrap();
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("swcache"));
    fx.isolate(&mut cmd);
    cmd.env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("SWCACHE_STATE_DIR", shared)
        .env("USER", name)
        .env_remove("SUDO_USER")
        .current_dir(&home)
        .arg("--url")
        .arg(&fx.url)
        .arg("--token-file")
        .arg(&fx.token_file)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn run(fx: &Fx, shared: &Path, name: &str, args: &[&str]) -> Run {
    finish(user(fx, shared, name, args).spawn().unwrap())
}

fn current(shared: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(shared.join("rollout/run-default.json")).ok()?;
    serde_json::from_str::<serde_json::Value>(&text).ok()?["current"].as_u64()
}

#[test]
fn pause_holds_a_live_run_from_another_shell_and_continue_lets_it_go_on() {
    let fx = Fx::new();
    fx.set_flag_percentage(10);
    let shared = fx.home.path().join("team-state");
    std::fs::create_dir_all(&shared).unwrap();

    let nothing = run(&fx, &shared, "bob", &["rollout", "pause"]);
    assert_eq!(nothing.code, 64, "{}", nothing.stderr);
    assert!(
        nothing.stderr.contains("nothing to pause"),
        "{}",
        nothing.stderr
    );

    let alice: Child = user(
        &fx,
        &shared,
        "alice",
        &["--yes", "rollout", "run", "--bake", "2s"],
    )
    .spawn()
    .unwrap();
    wait_for("the first step", || {
        current(&shared) == Some(25) && fx.flag()["percentage"] == 25
    });
    let paused = run(&fx, &shared, "bob", &["--json", "rollout", "pause"]);
    assert_eq!(paused.code, 0, "{}{}", paused.stdout, paused.stderr);
    assert!(shared.join("rollout/pause-default.json").exists());
    let again = run(&fx, &shared, "bob", &["rollout", "pause"]);
    assert!(
        again.stdout.contains("already paused by bob"),
        "{}",
        again.stdout
    );

    // Held past its 2 s bake: nothing raised.
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(fx.flag()["percentage"], 25);
    assert_eq!(flag_percentages(&fx), [25]);

    let cont = run(&fx, &shared, "bob", &["rollout", "continue"]);
    assert_eq!(cont.code, 0, "{}{}", cont.stdout, cont.stderr);
    assert!(!shared.join("rollout/pause-default.json").exists());
    let done = finish(alice);
    assert_eq!(done.code, 0, "{}{}", done.stdout, done.stderr);
    assert_eq!(flag_percentages(&fx), [25, 50, 100]);
    assert!(
        done.stderr.contains("rollout run paused by bob@")
            && done
                .stderr
                .contains("holding at 25 % (the step stays, the bake clock stops)")
            && done
                .stderr
                .contains("rollout run continues at 25 % after a pause of"),
        "{}",
        done.stderr
    );

    // Both changes are in the team's audit, by whoever made them.
    let audit = std::fs::read_to_string(shared.join("audit.jsonl")).unwrap();
    for action in ["pause the rollout run", "continue the rollout run"] {
        assert!(
            audit
                .lines()
                .any(|l| l.contains(action) && l.contains("\"user\":\"bob\"")),
            "{action}: {audit}"
        );
    }
    let not_paused = run(&fx, &shared, "bob", &["rollout", "continue"]);
    assert_eq!(not_paused.code, 64, "{}", not_paused.stderr);
    assert!(
        not_paused.stderr.contains("is not paused"),
        "{}",
        not_paused.stderr
    );
}
