//! `--watch`: one JSON document per line in a pipe (and exactly `--count` of them), a change of
//! the app's figures seen by a later reading, no write lock taken, and on a pseudo-terminal a
//! table redrawn in place that Ctrl-C ends cleanly (cursor restored, exit 0), NO_COLOR obeyed.

use std::io::{BufRead, BufReader};
use std::process::Command;

use nix::sys::wait::WaitStatus;
use rexpect::session::{PtySession, spawn_command};
use serde_json::{Value, json};

use crate::support::{Fx, check};

/// Bounds every pty expectation: a guard against hangs, not a timing assertion.
const GUARD_MS: u64 = 30_000;

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON document ({e}): {l}"))
        })
        .collect()
}

#[test]
fn in_a_pipe_each_reading_is_one_json_line_and_count_stops_it() {
    let fx = Fx::new();
    let run = fx.swcache(&["validate", "--watch", "1s", "--count", "3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 3, "{}", run.stdout);
    for doc in lines(&run.stdout) {
        assert_eq!(doc["command"], "validate");
        assert_eq!(doc["exit_code"], 0);
        assert_eq!(check(&doc, "feed-cache hit rate")["value"], 91.0);
    }
    // Three readings, three times the reads, no write.
    let reads = fx
        .requests()
        .iter()
        .filter(|r| r["path"] == "/api/cache-metrics")
        .count();
    assert_eq!(reads, 3);
    assert!(fx.writes().is_empty());
    fx.assert_no_token(&run);
}

#[test]
fn a_later_reading_sees_the_app_change_and_the_last_one_sets_the_exit_code() {
    let fx = Fx::new();
    let mut child = fx.spawn(&["rollout", "status", "--watch", "1s", "--count", "4"]);
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let first: Value = serde_json::from_str(&first).expect("the first reading is JSON");
    assert_eq!(first["gate"]["open"], true, "{first:#}");
    assert_eq!(check(&first, "error rate")["value"], 2.4);

    // The app's error rate goes critical between readings.
    fx.patch_state(json!({"error_rate": 12}));
    let rest: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).expect("each reading is JSON"))
        .collect();
    let status = child.wait().unwrap();
    assert_eq!(rest.len(), 3, "{rest:#?}");
    // Readings two intervals after the change have certainly seen it.
    let last = rest.last().unwrap();
    assert_eq!(check(last, "error rate")["value"], 12.0);
    assert_eq!(check(last, "error rate")["status"], "critical");
    assert_eq!(last["gate"]["open"], false, "{last:#}");
    assert_eq!(last["command"], "rollout status");
    // Ended by --count: the exit code is the last reading's.
    assert_eq!(status.code(), last["exit_code"].as_i64().map(|c| c as i32));
    assert_eq!(status.code(), Some(2));
    assert!(fx.writes().is_empty());
}

#[test]
fn sigint_ends_a_piped_watch_with_exit_0_after_whole_lines() {
    let fx = Fx::new();
    let mut child = fx.spawn(&["validate", "--watch", "1s"]);
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    serde_json::from_str::<Value>(&first).expect("the first reading is JSON");
    let ok = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    for l in out.lines() {
        serde_json::from_str::<Value>(&l.unwrap()).expect("every line is a whole document");
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("watch ended by SIGINT"), "{stderr}");
}

#[test]
fn a_watch_reads_while_another_run_holds_the_write_lock() {
    let fx = Fx::new();
    let lock = fx.write_lock();
    let name = lock.file_stem().unwrap().to_str().unwrap();
    let _held = swcache::testing::acquire_lock(
        lock.parent().unwrap(),
        name,
        "the write lock of environment default",
        "default",
    )
    .expect("the test takes the lock");
    let run = fx.swcache(&["rollout", "status", "--watch", "1s", "--count", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(lines(&run.stdout).len(), 2);
}

#[test]
fn watch_flags_are_checked_before_anything_is_sent() {
    let fx = Fx::new();
    let too_fast = fx.swcache(&["validate", "--watch", "200ms"]);
    assert_eq!(too_fast.code, 64, "{}", too_fast.stderr);
    assert!(
        too_fast.stderr.contains("at least 1s"),
        "{}",
        too_fast.stderr
    );
    let no_watch = fx.swcache(&["validate", "--count", "2"]);
    assert_eq!(no_watch.code, 64, "{}", no_watch.stderr);
    assert!(fx.requests().is_empty());
}

/// swcache on a pseudo-terminal of 160×60 (a new pty has no size, and the table fits itself to
/// the terminal's width), pointed at the fixture's sandbox; `no_color` sets NO_COLOR.
fn pty(fx: &Fx, args: &[&str], no_color: bool) -> PtySession {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(r#"stty cols 160 rows 60 && exec "$0" "$@""#)
        .arg(env!("CARGO_BIN_EXE_swcache"));
    let home = fx.home.path();
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("TERM", "xterm")
        .current_dir(home)
        .arg("--url")
        .arg(&fx.url)
        .arg("--token-file")
        .arg(&fx.token_file)
        .args(args);
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    spawn_command(cmd, Some(GUARD_MS)).expect("spawn on a pty")
}

fn exit_code(p: &mut PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("did not exit normally: {other:?}"),
    }
}

/// An SGR (colour) escape: ESC [ digits/semicolons m.
fn has_colour(text: &str) -> bool {
    text.match_indices("\x1b[").any(|(i, _)| {
        text[i + 2..]
            .chars()
            .find(|c| !c.is_ascii_digit() && *c != ';')
            == Some('m')
    })
}

#[test]
fn on_a_terminal_the_table_is_redrawn_and_ctrl_c_ends_it_cleanly() {
    let fx = Fx::new();
    let mut p = pty(&fx, &["rollout", "status", "--watch", "1s"], true);
    let first = p.exp_string("reading 1 ").unwrap();
    // Cursor hidden, screen cleared, drawn from the top.
    assert!(
        first.contains("\x1b[?25l") && first.contains("\x1b[H"),
        "{first:?}"
    );
    let frame = p.exp_string("gate open").unwrap();
    assert!(frame.contains("Trend"), "{frame:?}");
    // The next reading is drawn over the last, from the top again.
    let between = p.exp_string("reading 2 ").unwrap();
    assert!(between.contains("\x1b[H"), "{between:?}");
    p.exp_string("Status: OK (exit 0)").unwrap();
    p.send_control('c').unwrap();
    let rest = p.exp_eof().expect("the watch ends");
    assert_eq!(exit_code(&mut p), 0, "{rest}");
    assert!(rest.contains("\x1b[?25h"), "cursor not restored: {rest:?}");
    assert!(rest.contains("watch ended by SIGINT"), "{rest:?}");
    // Not the "stopping at the next safe point" of a run that writes.
    assert!(!rest.contains("safe point"), "{rest:?}");
    assert!(
        !has_colour(&format!("{first}{frame}{between}{rest}")),
        "NO_COLOR ignored"
    );
    assert!(fx.writes().is_empty());
}

#[test]
fn on_a_terminal_without_no_color_the_view_is_coloured_and_count_ends_it() {
    let fx = Fx::scenario("error-spike");
    let mut p = pty(&fx, &["validate", "--watch", "1s", "--count", "1"], false);
    let all = p.exp_eof().expect("the watch ends after one reading");
    // Ended by --count: the reading's own exit code (7 % is past validate's 5 % limit).
    assert_eq!(exit_code(&mut p), 2, "{all}");
    assert!(all.contains("Status: CRITICAL (exit 2)"), "{all:?}");
    assert!(
        all.contains("reading 1 of 1") && all.contains("Trend"),
        "{all:?}"
    );
    assert!(has_colour(&all), "no colour on a terminal: {all:?}");
    assert!(all.contains("\x1b[?25h"), "cursor not restored: {all:?}");
}

#[test]
fn on_a_terminal_a_figure_gone_unknown_holds_the_gate_in_the_next_frame() {
    let fx = Fx::new();
    let mut p = pty(&fx, &["rollout", "status", "--watch", "1s"], true);
    p.exp_string("gate open").unwrap();
    // The app's error metrics start failing between readings.
    fx.fault(json!({"path": "/api/error-metrics", "status": 503}));
    let later = p.exp_string("gate HELD").unwrap();
    assert!(later.contains("UNKNOWN"), "{later:?}");
    p.exp_string("Status: UNKNOWN (exit 3)").unwrap();
    p.send_control('c').unwrap();
    let rest = p.exp_eof().expect("the watch ends");
    // Ended by the person watching, whatever the last reading said.
    assert_eq!(exit_code(&mut p), 0, "{rest}");
    assert!(fx.writes().is_empty());
}
