//! The 3 a.m. screen: the paths an on-call engineer runs, on a real pseudo-terminal of 80×24,
//! stdout and stderr together as a terminal shows them (a terminal emulator, `vt100`, keeps
//! what is left on the screen once the run ends). The first line of the report and the last
//! line left on the screen carry the same verdict, and the last says it with its exit code.

use std::process::Command;

use nix::sys::wait::WaitStatus;
use rexpect::session::spawn_command;

use crate::deploy::{fake_tools, write_config};
use crate::support::Fx;

const ROWS: u16 = 24;
const COLUMNS: u16 = 80;
/// Bounds the run: a guard against hangs, not a timing assertion.
const GUARD_MS: u64 = 60_000;

/// What a run left: the whole transcript, the screen as an 80×24 terminal shows it at the
/// end, and the exit code.
struct Screen {
    transcript: String,
    rows: Vec<String>,
    code: i32,
}

impl Screen {
    /// The report's status line (`Status: WARNING (exit 1)`), wherever it scrolled to.
    fn status_line(&self) -> &str {
        self.transcript
            .lines()
            .map(|l| l.trim_end_matches('\r'))
            .find(|l| l.starts_with("Status: "))
            .unwrap_or_else(|| panic!("no status line:\n{}", self.transcript))
    }

    /// The verdict left at the bottom of the screen: its first line (it may wrap onto two or
    /// three, indented), joined with the rest.
    fn last_row(&self) -> String {
        let rows: Vec<&str> = self
            .rows
            .iter()
            .map(|r| r.trim_end())
            .filter(|r| !r.is_empty())
            .collect();
        let start = rows
            .iter()
            .rposition(|r| !r.starts_with("  "))
            .unwrap_or_default();
        rows[start..]
            .iter()
            .map(|r| r.trim())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn shown(&self) -> String {
        self.rows.join("\n")
    }
}

/// Runs `swcache --sandbox-scenario SCENARIO ARGS` (the embedded app, with its stand-in
/// rollback steps) on a pty of 80×24, set by `stty` before swcache starts so the binary asks
/// the terminal its size as it would on a real one.
fn on_screen(scenario: &str, args: &[&str]) -> Screen {
    let fx = Fx::new();
    let mut cmd = pty_command(&fx, &std::env::var("PATH").unwrap_or_default());
    cmd.arg("--sandbox-scenario").arg(scenario).args(args);
    on_pty(cmd)
}

/// `swcache` in `fx`'s home (its config and state there), with `path` as PATH, started by a
/// shell that first sets the pty to 80×24; the caller adds the arguments.
fn pty_command(fx: &Fx, path: &str) -> Command {
    let home = fx.home.path();
    let mut cmd = Command::new("sh");
    cmd.env_clear()
        .env("PATH", path)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .current_dir(home)
        .arg("-c")
        .arg(format!(
            "stty rows {ROWS} cols {COLUMNS} && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_swcache"));
    cmd
}

/// Runs `cmd` on the pty and reads what it left.
fn on_pty(cmd: Command) -> Screen {
    let mut p = spawn_command(cmd, Some(GUARD_MS)).expect("spawn on a pty");
    let transcript = p.exp_eof().expect("the run ends");
    let code = match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("did not exit normally: {other:?}"),
    };
    // rexpect hands back each byte as a char: the bytes again, as the terminal got them.
    let bytes: Vec<u8> = transcript.chars().map(|c| c as u8).collect();
    let transcript = String::from_utf8_lossy(&bytes).into_owned();
    let size = |n: u16| std::num::NonZeroU16::new(n).expect("not zero");
    let mut term = vt100::Parser::new(size(ROWS), size(COLUMNS), 0);
    term.process(&bytes);
    let rows = term.screen().rows(0, COLUMNS).collect();
    Screen {
        transcript,
        rows,
        code,
    }
}

/// The verdict is the first thing the report says and the last thing on the screen, with the
/// same word and the exit code the process returned.
fn assert_verdict(s: &Screen, word: &str) {
    let head = format!("Status: {word} (exit {})", s.code);
    assert_eq!(s.status_line(), head, "{}", s.transcript);
    let tail = format!("{word} (exit {}): ", s.code);
    assert!(
        s.last_row().starts_with(&tail),
        "the last line on the screen is the verdict `{tail}…`; the screen:\n{}",
        s.shown()
    );
}

#[test]
fn an_incident_that_rolls_back_ends_on_its_verdict() {
    let s = on_screen("error-critical", &["--yes", "incident", "error-rate"]);
    assert_eq!(s.code, 1, "{}", s.transcript);
    assert_verdict(&s, "WARNING");
    assert!(s.last_row().contains("done"), "{}", s.shown());
}

#[test]
fn an_emergency_rollback_fits_the_screen_whole() {
    let s = on_screen("healthy", &["--yes", "rollback", "emergency"]);
    assert_eq!(s.code, 0, "{}", s.transcript);
    assert_verdict(&s, "OK");
    // Everything it printed is still on the screen: the report's first line too.
    assert!(
        s.rows
            .iter()
            .any(|r| r.starts_with("swcache rollback emergency · ")),
        "scrolled off:\n{}",
        s.shown()
    );
}

#[test]
fn a_held_advance_says_why_on_the_last_line() {
    let s = on_screen("sync-backlog", &["--yes", "rollout", "advance"]);
    assert_eq!(s.code, 5, "{}", s.transcript);
    assert_verdict(&s, "STOPPED");
    assert!(
        s.last_row().contains("gate HELD by: sync queue backlog"),
        "{}",
        s.shown()
    );
}

#[test]
fn a_disable_shows_what_changed_and_the_state_after() {
    let s = on_screen("healthy", &["--yes", "rollout", "disable"]);
    assert_eq!(s.code, 0, "{}", s.transcript);
    assert_verdict(&s, "OK");
    let shown = s.shown();
    assert!(
        shown.contains("✓ disable enhanced-cache (read back, "),
        "{shown}"
    );
    assert!(
        shown.contains("after the change (read back)")
            && !shown.contains("enhanced-cache, as read"),
        "the flag as it is now, not as it was: {shown}"
    );
    assert!(
        s.rows
            .iter()
            .any(|r| r.starts_with("swcache rollout disable · ")),
        "the whole report fits: {shown}"
    );
}

#[test]
fn watch_keeps_the_failing_row_and_the_verdict_on_screen() {
    let s = on_screen(
        "error-critical",
        &["validate", "--watch", "1s", "--count", "2"],
    );
    assert_eq!(s.code, 2, "{}", s.transcript);
    let shown = s.shown();
    assert!(
        s.rows
            .iter()
            .any(|r| r.contains("error rate") && r.contains("CRITICAL")),
        "the failing row stays on the screen: {shown}"
    );
    assert!(
        s.last_row().starts_with("CRITICAL (exit 2): "),
        "the verdict is the last line: {shown}"
    );
}

/// Runs `swcache --url SANDBOX ARGS` against `fx`'s sandbox from its home (where the test
/// wrote `swcache.toml`), with `path` as PATH, on the pty of 80×24.
fn on_screen_at(fx: &Fx, path: &str, args: &[&str]) -> Screen {
    let mut cmd = pty_command(fx, path);
    cmd.arg("--url")
        .arg(&fx.url)
        .arg("--token-file")
        .arg(&fx.token_file)
        .args(args);
    on_pty(cmd)
}

/// This process's PATH, for a run that needs no stand-in tools.
fn path_var() -> String {
    std::env::var("PATH").unwrap_or_default()
}

/// A deploy of a v2.0.0 build that the sandbox already serves, with real steps (each prints a
/// line); `validate` is the build validation's command. Returns the PATH (Node's stand-in).
fn deploy_with_steps(fx: &Fx, validate: &str) -> String {
    let path = fake_tools(fx, "v20.11.1");
    let home = fx.home.path();
    let body = "const SW_VERSION = \"v2.0.0\";\nself.addEventListener(\"install\", () => self.skipWaiting());\n";
    let src = home.join("sw-src.js");
    std::fs::write(&src, body).unwrap();
    std::fs::create_dir_all(home.join("app")).unwrap();
    fx.patch_state(serde_json::json!({
        "worker_scripts": {"/sw-enhanced.js": body},
        "sw": {"version": "v2.0.0"},
    }));
    write_config(
        fx,
        &format!(
            "[deploy]\nbuild_dir = \"{app}\"\n\
             [environments.staging]\nurl = \"{url}\"\n\
             [steps.build]\ncommand = '''mkdir -p public && cp {src} public/sw-enhanced.js && \
             touch public/workbox-1.js && echo compiled 42 modules'''\n\
             [steps.validate_build]\ncommand = '''{validate}'''\n\
             [steps.deploy]\ncommand = '''echo uploaded'''\n\
             [steps.post_deploy_tests]\ncommand = '''echo 12 tests passed'''\n",
            app = home.join("app").display(),
            url = fx.url,
            src = src.display(),
        ),
    );
    path
}

/// Nothing scrolled off: the screen's first line is the report's first line (the steps'
/// progress lines were cleared and their output held), its status right under it.
fn assert_whole_deploy(s: &Screen) {
    let shown = s.shown();
    assert!(
        s.rows[0].starts_with("swcache deploy · staging · "),
        "scrolled off, or a progress line left:\n{shown}"
    );
    assert!(s.rows[1].starts_with("Status: "), "{shown}");
    assert!(
        !shown.contains("running step") && !shown.contains(" | "),
        "{shown}"
    );
}

/// Nothing scrolled off: the first line the run printed is still the screen's first row (a
/// progress line erased in place, `ESC [2K`, is not a line).
fn assert_nothing_scrolled(s: &Screen) {
    let first = s
        .transcript
        .lines()
        .map(|l| l.rsplit("\x1b[2K").next().unwrap_or(l))
        .map(|l| l.trim_end_matches('\r').trim_end())
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    assert_eq!(
        s.rows[0].trim_end(),
        first,
        "the run's first line scrolled off:\n{}",
        s.shown()
    );
}

#[test]
fn a_deploy_with_real_steps_fits_the_screen_whole() {
    let fx = Fx::new();
    let path = deploy_with_steps(&fx, "echo validated");
    let s = on_screen_at(&fx, &path, &["--yes", "deploy", "staging"]);
    assert_eq!(s.code, 0, "{}", s.transcript);
    assert_verdict(&s, "OK");
    assert_whole_deploy(&s);
    let shown = s.shown();
    assert!(
        shown.contains("check(s) OK (-v or --json for each)"),
        "{shown}"
    );
    assert!(shown.contains("✓ step build (exit 0, "), "{shown}");
    assert!(
        s.rows
            .iter()
            .any(|r| r.trim() == "✓ 2 build                       done"),
        "one line per stage: {shown}"
    );
    // What ran was shown as it went, and cleared.
    assert!(
        s.transcript.contains("running step build: "),
        "{}",
        s.transcript
    );
}

#[test]
fn a_failing_step_says_its_last_lines_once_and_fits() {
    let fx = Fx::new();
    let path = deploy_with_steps(&fx, "echo bundle-over-budget >&2; exit 2");
    let s = on_screen_at(&fx, &path, &["--yes", "deploy", "staging"]);
    assert_eq!(s.code, 4, "{}", s.transcript);
    assert_verdict(&s, "FAILED");
    assert_whole_deploy(&s);
    let shown = s.shown();
    assert!(s.last_row().contains("bundle-over-budget"), "{shown}");
    // The step's last lines: in its action line and the verdict, not streamed before them.
    assert_eq!(shown.matches("bundle-over-budget").count(), 2, "{shown}");
    assert!(
        s.rows
            .iter()
            .any(|r| r.trim_start().starts_with("✗ 4 build validation")
                && r.trim_end().ends_with("FAILED")),
        "{shown}"
    );
}

#[test]
fn a_stopped_sandbox_deploy_fits_the_screen_whole() {
    let s = on_screen("healthy", &["--yes", "deploy", "staging"]);
    assert_eq!(s.code, 5, "{}", s.transcript);
    assert_verdict(&s, "STOPPED");
    let shown = s.shown();
    // The first line it printed is the screen's first: nothing scrolled off.
    let first = s.transcript.lines().next().unwrap_or_default().trim_end();
    assert!(first.starts_with("sandbox: embedded app at "), "{first}");
    assert_eq!(s.rows[0].trim_end(), first, "{shown}");
    assert!(
        s.rows[1].starts_with("swcache deploy · sandbox · "),
        "{shown}"
    );
    assert_eq!(s.rows[2].trim_end(), "Status: STOPPED (exit 5)", "{shown}");
    // The report says the skip; stderr does not say it first.
    assert!(!shown.contains("warning: SKIPPED step build"), "{shown}");
    assert!(
        s.rows
            .iter()
            .any(|r| r.trim() == "– 2 build                       SKIPPED"),
        "{shown}"
    );
}

#[test]
fn under_v_a_step_streams_its_output_on_the_terminal() {
    let fx = Fx::new();
    let path = deploy_with_steps(&fx, "echo validated");
    let s = on_screen_at(&fx, &path, &["-v", "--yes", "deploy", "staging"]);
    assert_eq!(s.code, 0, "{}", s.transcript);
    assert!(
        s.transcript.contains("  build | compiled 42 modules"),
        "{}",
        s.transcript
    );
    // -v has the pipeline whole: what each stage runs.
    assert!(s.transcript.contains("Checks / does"), "{}", s.transcript);
}

#[test]
fn a_planned_rollback_fits_the_screen_whole() {
    let s = on_screen(
        "healthy",
        &["--yes", "rollback", "planned", "--step-wait", "1s"],
    );
    assert_eq!(s.code, 0, "{}", s.transcript);
    assert_verdict(&s, "OK");
    assert_nothing_scrolled(&s);
    let shown = s.shown();
    // The flag as the change it went through, one line; no "before" table, no plan of stages
    // the action lines already name.
    assert!(
        shown.contains("Flag enhanced-cache: enabled, 10 % → 0 % (read back)"),
        "{shown}"
    );
    assert!(!shown.contains("before the rollback"), "{shown}");
    assert!(!shown.contains("┆ done"), "{shown}");
    // The status before anything the report lists.
    let status = s.rows.iter().position(|r| r.starts_with("Status: OK"));
    let action = s
        .rows
        .iter()
        .position(|r| r.starts_with("✓ set rollout to 0 %"));
    assert!(status < action && action.is_some(), "{shown}");
}

#[test]
fn a_stopped_planned_rollback_and_its_resume_each_fit_the_screen() {
    let fx = Fx::new();
    let config = |text: &str| std::fs::write(fx.home.path().join("swcache.toml"), text).unwrap();
    config("[steps.redeploy]\ncommand = \"echo 'deploy: bucket gone' >&2; exit 3\"\n");
    let stopped = on_screen_at(&fx, &path_var(), &["--yes", "rollback", "planned"]);
    assert_eq!(stopped.code, 4, "{}", stopped.transcript);
    assert_verdict(&stopped, "FAILED");
    assert_nothing_scrolled(&stopped);
    let shown = stopped.shown();
    // What is left, once: the stage it stopped at and those after it, and how to continue.
    assert!(
        shown.contains("2. step redeploy (previous version): stopped here"),
        "{shown}"
    );
    assert!(shown.contains("4. validate"), "{shown}");
    assert!(!shown.contains("1. set rollout to 0 %"), "{shown}");
    assert_eq!(
        shown.matches("to continue:").count(),
        1,
        "how to continue, said once: {shown}"
    );

    config(crate::support::ROLLBACK_STEPS);
    let resumed = on_screen_at(
        &fx,
        &path_var(),
        &["--yes", "rollback", "planned", "--resume"],
    );
    assert_eq!(resumed.code, 0, "{}", resumed.transcript);
    assert_verdict(&resumed, "OK");
    assert_nothing_scrolled(&resumed);
    let shown = resumed.shown();
    assert!(shown.contains("✓ step redeploy (exit 0, "), "{shown}");
    assert!(
        shown.contains("Flag enhanced-cache: enabled at 0 %, stepped down from 10 %"),
        "{shown}"
    );
}
