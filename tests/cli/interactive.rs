//! The interactive paths through a real pseudo-terminal: a confirmation needs Enter, keys typed
//! before the question are thrown away, `yes⏎` leaves nothing for the shell, a production
//! environment's name must be typed, Ctrl-C and Ctrl-D decline, the evidence comes before the
//! question, and the soak's progress bar is drawn on a terminal and not in a pipe.

use std::process::Command;

use nix::sys::wait::WaitStatus;
use rexpect::session::{PtySession, spawn_command};
use serde_json::json;

use crate::support::Fx;

/// Bounds every expectation: a guard against hangs, not a timing assertion.
const GUARD_MS: u64 = 30_000;

fn command(fx: &Fx, program: &str) -> Command {
    let mut cmd = Command::new(program);
    let home = fx.home.path();
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .current_dir(home);
    cmd
}

/// swcache on a pseudo-terminal (stdin, stdout and stderr), pointed at the fixture's sandbox.
fn pty(fx: &Fx, args: &[&str]) -> PtySession {
    let mut cmd = command(fx, env!("CARGO_BIN_EXE_swcache"));
    cmd.arg("--url")
        .arg(&fx.url)
        .arg("--token-file")
        .arg(&fx.token_file)
        .args(args);
    spawn_command(cmd, Some(GUARD_MS)).expect("spawn on a pty")
}

fn exit_code(p: &mut PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("did not exit normally: {other:?}"),
    }
}

/// Reads to the end; the whole transcript.
fn rest(p: &mut PtySession) -> String {
    p.exp_eof().expect("the run ends")
}

#[test]
fn a_y_alone_does_not_confirm_enter_is_needed() {
    let fx = Fx::new();
    let mut p = pty(&fx, &["rollout", "set", "50"]);
    // The evidence and the exact change come first, then one short question.
    let before = p.exp_string("[y/N]").unwrap();
    assert!(before.contains("gate open"), "{before}");
    // (The pty transcript is read as Latin-1: compare ASCII parts only.)
    assert!(
        before.contains("change: enhanced-cache 10 % ") && before.contains(" 50 % on default"),
        "{before}"
    );
    p.send("y").unwrap();
    p.flush().unwrap();
    // The prompt echoes the key once it has read it: not confirmed yet, nothing may be written
    // before Enter.
    p.exp_string("y").unwrap();
    assert!(fx.writes().is_empty(), "a single key confirmed");
    p.send("\r").unwrap();
    p.flush().unwrap();
    let out = rest(&mut p);
    assert_eq!(exit_code(&mut p), 0, "{out}");
    assert_eq!(fx.flag()["percentage"], 50);
    assert!(out.contains("Status: OK (exit 0)"), "{out}");
}

#[test]
fn typed_yes_leaves_nothing_for_the_shell() {
    let fx = Fx::new();
    // The shell reads what swcache left in the terminal: with a one-key prompt, `es`.
    let mut cmd = command(&fx, "sh");
    cmd.env("SWC", env!("CARGO_BIN_EXE_swcache"))
        .env("U", &fx.url)
        .env("T", &fx.token_file)
        .arg("-c")
        .arg(r#""$SWC" --url "$U" --token-file "$T" rollout set 50; IFS= read -r rest; echo "LEFT:[$rest]""#);
    let mut p = spawn_command(cmd, Some(GUARD_MS)).unwrap();
    p.exp_string("[y/N]").unwrap();
    p.send("yes\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Status: OK (exit 0)").unwrap();
    p.send("after\r").unwrap();
    p.flush().unwrap();
    let (_, left) = p.exp_regex(r"LEFT:\[[^\]]*\]").unwrap();
    assert_eq!(left, "LEFT:[after]");
    assert_eq!(fx.flag()["percentage"], 50);
}

#[test]
fn keys_typed_before_the_question_are_discarded() {
    let fx = Fx::new();
    // The flag read is slow, so the keys surely arrive before the question.
    fx.fault(
        json!({"path": "/api/admin/feature-flags", "method": "GET", "delay_ms": 1500, "times": 1}),
    );
    let mut p = pty(&fx, &["rollout", "set", "50"]);
    p.send("yes\r").unwrap();
    p.flush().unwrap();
    p.exp_string("[y/N]").unwrap();
    // Only what is typed after the question counts: Enter alone is "no".
    p.send("\r").unwrap();
    p.flush().unwrap();
    let out = rest(&mut p);
    assert_eq!(exit_code(&mut p), 5, "{out}");
    assert!(out.contains("declined at the prompt"), "{out}");
    assert!(out.contains("Status: STOPPED (exit 5)"), "{out}");
    assert!(fx.writes().is_empty());
    assert_eq!(fx.flag()["percentage"], 10);
}

#[test]
fn ctrl_c_and_ctrl_d_decline() {
    for key in ['c', 'd'] {
        let fx = Fx::new();
        let mut p = pty(&fx, &["rollout", "set", "50"]);
        p.exp_string("[y/N]").unwrap();
        p.send_control(key).unwrap();
        let out = rest(&mut p);
        assert_eq!(exit_code(&mut p), 5, "Ctrl-{key}: {out}");
        assert!(out.contains("declined"), "Ctrl-{key}: {out}");
        assert!(fx.writes().is_empty(), "Ctrl-{key}");
        assert_eq!(fx.flag()["percentage"], 10);
    }
}

#[test]
fn production_asks_for_its_name() {
    let fx = Fx::new();
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        format!(
            "[environments.production]\nurl = \"{}\"\ntoken_file = \"{}\"\n",
            fx.url,
            fx.token_file.display()
        ),
    )
    .unwrap();
    let mut p = pty(&fx, &["--env", "production", "rollout", "set", "50"]);
    p.exp_string("Type `production` to confirm:").unwrap();
    p.send("yes\r").unwrap();
    p.flush().unwrap();
    let out = rest(&mut p);
    assert_eq!(exit_code(&mut p), 5, "{out}");
    assert!(out.contains("`yes` is not `production`"), "{out}");
    assert!(fx.writes().is_empty());

    let mut p = pty(&fx, &["--env", "production", "rollout", "set", "50"]);
    p.exp_string("Type `production` to confirm:").unwrap();
    p.send("production\r").unwrap();
    p.flush().unwrap();
    let out = rest(&mut p);
    assert_eq!(exit_code(&mut p), 0, "{out}");
    assert_eq!(fx.flag()["percentage"], 50);

    // A staging environment keeps the y/N question; `production = false` opts out.
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        format!(
            "[environments.production]\nurl = \"{}\"\ntoken_file = \"{}\"\nproduction = false\n",
            fx.url,
            fx.token_file.display()
        ),
    )
    .unwrap();
    let mut p = pty(
        &fx,
        &[
            "--env",
            "production",
            "rollout",
            "set",
            "100",
            "--min-bake",
            "0s",
        ],
    );
    p.exp_string("[y/N]").unwrap();
    p.send_control('c').unwrap();
    rest(&mut p);
    assert_eq!(exit_code(&mut p), 5);
}

#[test]
fn incident_shows_the_assessment_before_asking() {
    let fx = Fx::scenario("error-spike");
    fx.set_flag_percentage(50);
    let mut p = pty(&fx, &["incident", "error-rate"]);
    let before = p.exp_string("[y/N]").unwrap();
    let question = before.lines().last().unwrap_or_default().to_string();
    assert!(question.contains("Cut to 25 %?"), "{question}");
    for evidence in [
        "error rate 7 %",
        "top error:",
        "change: enhanced-cache 50 % ",
        " 25 % on default",
    ] {
        assert!(before.contains(evidence), "{evidence}: {before}");
    }
    p.send("n\r").unwrap();
    p.flush().unwrap();
    let out = rest(&mut p);
    assert_eq!(exit_code(&mut p), 5, "{out}");
    assert!(
        out.contains("nothing was changed") && !out.contains("watch next"),
        "next steps follow the outcome: {out}"
    );
    assert_eq!(fx.flag()["percentage"], 50);
}

#[test]
fn the_soak_progress_bar_is_drawn_on_a_terminal_only() {
    let args = [
        "--yes",
        "rollback",
        "planned",
        "--steps",
        "10,0",
        // The bar is drawn from the soak's first moment: a short soak shows it as well.
        "--step-wait",
        "1s",
        "--poll-interval",
        "250ms",
    ];
    let fx = Fx::new();
    fx.set_flag_percentage(25);
    let mut p = pty(&fx, &args);
    // The bar's message counts down the time left; only a bar says "left".
    p.exp_string("left").unwrap();
    rest(&mut p);

    let fx = Fx::new();
    fx.set_flag_percentage(25);
    let run = fx.swcache(&args);
    assert!(run.stderr.contains("soak at 10 %"), "{}", run.stderr);
    assert!(!run.stderr.contains("left"), "{}", run.stderr);
    assert!(!run.stderr.contains('\r'), "nothing animated in a pipe");
}

/// A stopped planned rollback, resumed at a terminal: the question says where the flag stands
/// and which stage comes next, and the stages keep their numbers in the plan.
#[test]
fn a_planned_rollback_resume_says_from_where_and_keeps_the_stage_numbers() {
    let fx = Fx::new();
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        crate::support::ROLLBACK_STEPS,
    )
    .unwrap();
    fx.set_flag_percentage(50);
    let child = fx.spawn(&[
        "--yes",
        "rollback",
        "planned",
        "--steps",
        "25,0",
        "--step-wait",
        "30s",
    ]);
    let state = fx
        .home
        .path()
        .join("state/swcache/rollback/planned-default.json");
    crate::support::wait_for("the first stage recorded", || {
        std::fs::read_to_string(&state)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|s| s["completed"].as_u64())
            .unwrap_or(0)
            >= 1
    });
    let ok = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    assert_eq!(crate::support::finish(child).code, 5);

    let mut p = pty(&fx, &["rollback", "planned", "--resume"]);
    let before = p.exp_string("[y/N]").unwrap();
    assert!(
        before.contains("Resume the planned rollback of default from 25 % (stage 2 of "),
        "{before}"
    );
    assert!(
        before.contains("  2. ") && !before.contains("  1. "),
        "stage numbers as planned: {before}"
    );
    p.send("n\r").unwrap();
    p.flush().unwrap();
    let out = rest(&mut p);
    assert_eq!(exit_code(&mut p), 5, "{out}");
    assert_eq!(fx.flag()["percentage"], 25);
}

#[test]
fn the_kill_switch_prompt_says_what_it_does_to_clients_before_asking() {
    let fx = Fx::new();
    crate::kill_switch::config(
        &fx,
        "[steps.publish_worker]\ncommand = \"echo never run\"\n",
    );
    let mut p = pty(&fx, &["rollback", "emergency", "--kill-switch"]);
    let before = p.exp_string("[y/N]").unwrap();
    for evidence in [
        "What the kill switch does to clients:",
        "takes over every client on its next navigation or update check",
        "deletes the app's caches: feed-cache",
        "network-only",
        "42 queued offline writes (background sync) may be lost",
        "1. disable the enhanced-cache flag",
        "publish the kill-switch worker",
    ] {
        assert!(before.contains(evidence), "{evidence}: {before}");
    }
    p.send("n\r").unwrap();
    p.flush().unwrap();
    let out = rest(&mut p);
    assert_eq!(exit_code(&mut p), 5, "{out}");
    assert!(fx.writes().is_empty());
    assert!(!out.contains("never run"), "{out}");
}
