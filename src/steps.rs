//! Configured shell steps (revert the worker, build, deploy, redeploy, database rollback): run
//! with a deadline, output streamed to stderr (on the report's terminal, only under `-v`), the
//! last lines kept for the report.
//!
//! A step's output is read as bytes and shown lossily: a stray non-UTF-8 byte must not stop the
//! reader, which would close the pipe and kill the step by SIGPIPE halfway through. Both pipes
//! are drained to the end whatever they hold.

use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::Command;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::output::Printer;
use crate::signals::{Cancel, signal_group};

/// One step as configured (`[steps.NAME]`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StepSpec {
    pub name: String,
    /// Run by `sh -c`.
    pub command: String,
    pub timeout: Duration,
    pub env: BTreeMap<String, String>,
    pub cwd: Option<PathBuf>,
}

/// The steps commands know of; a misspelt name in the config is an error, not a skipped step.
pub(crate) const KNOWN_STEPS: [&str; 10] = [
    "build",
    "validate_build",
    "tag",
    "migrate",
    "deploy",
    "post_deploy_tests",
    "revert_worker",
    "redeploy",
    "database_rollback",
    "publish_worker",
];

pub(crate) const DEFAULT_STEP_TIMEOUT: Duration = Duration::from_secs(600);
/// Lines of output kept for the report when a step fails.
const TAIL: usize = 20;
/// A line longer than this is shown in pieces (a step printing megabytes without a newline
/// must not grow memory without bound).
const MAX_LINE: u64 = 64 * 1024;
/// Variables that hold the admin token by convention; never passed to a step.
pub(crate) const TOKEN_VARS: [&str; 2] = ["SWCACHE_TOKEN", "ADMIN_TOKEN"];

#[derive(Clone, Debug, Serialize)]
pub(crate) struct StepOutcome {
    pub ok: bool,
    /// `false`: a signal came before it could start, so it never ran (not a failure of it).
    #[serde(skip)]
    pub started: bool,
    pub exit_code: Option<i32>,
    pub timed_out: bool,
    /// The last lines of its output (stdout and stderr interleaved).
    pub tail: Vec<String>,
    pub duration_ms: u64,
}

impl StepOutcome {
    /// One line for the report: why it failed, with its last lines.
    pub(crate) fn summary(&self) -> String {
        if !self.started {
            return self.tail.join(" ⏎ ");
        }
        let how = if self.timed_out {
            "timed out".to_string()
        } else if self.ok {
            "exit 0".to_string()
        } else {
            match self.exit_code {
                Some(c) => format!("exit {c}"),
                None => "killed by a signal".to_string(),
            }
        };
        if self.ok || self.tail.is_empty() {
            how
        } else {
            format!("{how}; last lines: {}", self.tail.join(" ⏎ "))
        }
    }
}

/// Longest part of a step's command a progress line shows: with "running step NAME: " it stays
/// on one 80-column line.
const COMMAND_SHOWN: usize = 44;

/// A step's command as a progress line shows it: its first line, cut short. A page of shell
/// wrapped over the terminal would push the verdict off screen; the audit log and the JSON
/// keep it whole.
pub(crate) fn shown_command(command: &str) -> String {
    let command = command.trim();
    let first = command.lines().next().unwrap_or("").trim_end();
    if first.chars().count() > COMMAND_SHOWN {
        let cut: String = first.chars().take(COMMAND_SHOWN - 1).collect();
        format!("{}…", cut.trim_end())
    } else if first.len() < command.len() {
        format!("{first} …")
    } else {
        first.to_string()
    }
}

/// A step's command in full, for a reviewer (`--dry-run`): every line of it, wrapped at spaces
/// to `width` columns and indented (4 spaces; a wrapped line's rest 6), never cut. A word
/// longer than the line stays whole. No continuation backslashes are added: this is for reading
/// (a `\` inside quotes would change the command); the config holds it to copy.
pub(crate) fn command_in_full(command: &str, width: usize) -> String {
    let room = width.saturating_sub(6).max(20);
    let mut text = String::new();
    for line in command.trim().lines() {
        for (i, part) in crate::numbers::wrap(line.trim_end(), room)
            .iter()
            .enumerate()
        {
            text.push_str(if i == 0 { "\n    " } else { "\n      " });
            text.push_str(part);
        }
    }
    text
}

/// Runs a step to completion or its deadline (then kills it and its process group). `token`:
/// the admin token, so that no variable holding it reaches the step (the step gets the app's
/// URL, never the token).
pub(crate) async fn run(
    spec: &StepSpec,
    printer: &Printer,
    token: Option<&str>,
    cancel: &Cancel,
) -> StepOutcome {
    let started = Instant::now();
    // A first signal lets the step finish; a second ends its process group.
    let _in_flight = match cancel.start() {
        Ok(mark) => mark,
        Err(sig) => return not_started(format!("not started: interrupted by {sig}"), None),
    };
    let shown = Shown::start(spec, printer);
    let mut child = match command(spec, token).spawn() {
        Ok(c) => c,
        Err(e) => return not_started(format!("cannot start sh: {e}"), Some(started)),
    };
    let _group = child.id().map(|pid| cancel.group(pid));
    let lines = read_lines(&mut child);
    let ran = watch(&mut child, lines, spec, &shown).await;
    shown.done();
    ran.outcome(spec, started)
}

/// How a running step is shown on stderr. On a terminal where the report is read (and no
/// `-v`), one line that is cleared once the step ends: the report's action line says how it
/// went, with a failed step's last lines, so its output is not shown twice (`-v` streams
/// it). Elsewhere (a log, CI, `-v`) a lasting line, then every line of output as it comes.
enum Shown<'a> {
    Held(indicatif::ProgressBar),
    Streamed(&'a Printer),
}

impl<'a> Shown<'a> {
    fn start(spec: &StepSpec, printer: &'a Printer) -> Shown<'a> {
        let line = format!(
            "running step {}: {}",
            spec.name,
            shown_command(&spec.command)
        );
        if printer.on_screen() && !printer.is_verbose() {
            Shown::Held(printer.transient(&line))
        } else {
            printer.info(line);
            Shown::Streamed(printer)
        }
    }

    fn line(&self, name: &str, line: &str) {
        if let Shown::Streamed(printer) = self {
            printer.info(format!("  {name} | {line}"));
        }
    }

    fn done(self) {
        if let Shown::Held(bar) = self {
            bar.finish_and_clear();
        }
    }
}

/// A step that never ran: `started` when it was meant to (it could not be spawned), `None`
/// when a signal came first (not a failure of the step).
fn not_started(why: String, started: Option<Instant>) -> StepOutcome {
    StepOutcome {
        ok: false,
        started: started.is_some(),
        exit_code: None,
        timed_out: false,
        tail: vec![why],
        duration_ms: started.map_or(0, |s| s.elapsed().as_millis() as u64),
    }
}

/// `sh -c COMMAND` as the step runs: its environment less any variable holding the token, no
/// stdin, both outputs piped, its own process group.
fn command(spec: &StepSpec, token: Option<&str>) -> Command {
    // By its path: PATH may be anything (even empty) where swcache runs.
    let mut cmd = Command::new(if cfg!(unix) { "/bin/sh" } else { "sh" });
    cmd.arg("-c").arg(&spec.command).envs(&spec.env);
    for var in hidden_vars(token, &spec.env) {
        cmd.env_remove(var);
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if let Some(dir) = &spec.cwd {
        cmd.current_dir(dir);
    }
    #[cfg(unix)]
    cmd.process_group(0);
    // swcache ignores SIGXFSZ (a full file is an error it reports, see main); a step is an
    // ordinary program and gets the default back. signal(2) is async-signal-safe, as a
    // pre_exec hook must be.
    #[cfg(unix)]
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_DFL);
            Ok(())
        });
    }
    cmd
}

/// The child's stdout and stderr, line by line as they come, on one channel; it closes once
/// both pipes reached their end.
fn read_lines(child: &mut tokio::process::Child) -> UnboundedReceiver<String> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let stdout = child
        .stdout
        .take()
        .map(|s| Box::new(s) as Box<dyn tokio::io::AsyncRead + Unpin + Send>);
    let stderr = child
        .stderr
        .take()
        .map(|s| Box::new(s) as Box<dyn tokio::io::AsyncRead + Unpin + Send>);
    for stream in [stdout, stderr].into_iter().flatten() {
        tokio::spawn(forward_lines(stream, tx.clone()));
    }
    rx
}

/// Sends each line of `stream` (lossily decoded, at most [`MAX_LINE`] bytes) until its end.
async fn forward_lines(
    stream: Box<dyn tokio::io::AsyncRead + Unpin + Send>,
    tx: UnboundedSender<String>,
) {
    let mut reader = BufReader::new(stream);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        // Bytes up to a newline (or MAX_LINE); the receiver gone is no reason to stop
        // reading: the step must never see a closed pipe.
        match (&mut reader)
            .take(MAX_LINE)
            .read_until(b'\n', &mut buf)
            .await
        {
            Ok(0) | Err(_) => break,
            Ok(_) => {
                let text = String::from_utf8_lossy(&buf);
                let line = text.strip_suffix('\n').unwrap_or(&text);
                let line = line.strip_suffix('\r').unwrap_or(line);
                let _ = tx.send(line.to_string());
            }
        }
    }
}

/// How the step went, as watched: its exit status (none when it was killed at its deadline)
/// and its last lines.
struct Ran {
    status: Option<std::io::Result<std::process::ExitStatus>>,
    timed_out: bool,
    tail: VecDeque<String>,
}

impl Ran {
    fn outcome(mut self, spec: &StepSpec, started: Instant) -> StepOutcome {
        let exit_code = match &self.status {
            Some(Ok(s)) => s.code(),
            _ => None,
        };
        let ok = !self.timed_out && matches!(&self.status, Some(Ok(s)) if s.success());
        if self.timed_out {
            self.tail.push_back(format!(
                "(killed after {})",
                crate::numbers::duration(spec.timeout)
            ));
        }
        StepOutcome {
            ok,
            started: true,
            exit_code,
            timed_out: self.timed_out,
            tail: self.tail.into_iter().collect(),
            duration_ms: started.elapsed().as_millis() as u64,
        }
    }
}

/// Shows and keeps the step's output until it exits and both pipes end, or its deadline
/// passes (then its process group is killed).
async fn watch(
    child: &mut tokio::process::Child,
    mut rx: UnboundedReceiver<String>,
    spec: &StepSpec,
    shown: &Shown<'_>,
) -> Ran {
    let mut ran = Ran {
        status: None,
        timed_out: false,
        tail: VecDeque::with_capacity(TAIL),
    };
    let deadline = tokio::time::sleep(spec.timeout);
    tokio::pin!(deadline);
    let mut open = true;
    loop {
        tokio::select! {
            line = rx.recv(), if open => match line {
                Some(line) => keep_line(&mut ran.tail, line, spec, shown),
                None => open = false,
            },
            s = child.wait(), if ran.status.is_none() => {
                ran.status = Some(s);
                if !open { break; }
            },
            _ = &mut deadline => {
                ran.timed_out = true;
                kill_group(child).await;
                break;
            }
        }
        if ran.status.is_some() && !open {
            break;
        }
    }
    ran
}

/// One line of the step's output: shown where it is streamed, and kept among the last
/// [`TAIL`].
fn keep_line(tail: &mut VecDeque<String>, line: String, spec: &StepSpec, shown: &Shown<'_>) {
    // A step's output is outside text: the token goes here, before it is shown or kept for
    // the report.
    let line = crate::redact::text(&line);
    shown.line(&spec.name, &line);
    if tail.len() == TAIL {
        tail.pop_front();
    }
    tail.push_back(line);
}

/// The variables a step must not inherit: the token's conventional names, and any variable
/// whose value carries a secret of the run (whatever it is called), from swcache's environment
/// or the step's. The secrets are the registry's (`redact`), filled when settings load, so a
/// command that never sends the token (`deploy`) still keeps it from its steps; `token` is the
/// one this run sends, in case it was not registered.
fn hidden_vars(token: Option<&str>, own: &BTreeMap<String, String>) -> Vec<std::ffi::OsString> {
    let mut out: Vec<std::ffi::OsString> = TOKEN_VARS.iter().map(Into::into).collect();
    let token: Vec<String> = token
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .into_iter()
        .collect();
    let holds =
        |v: &[u8]| crate::redact::carries_secret(v) || crate::redact::carries_with(&token, v);
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        for (k, v) in std::env::vars_os() {
            if holds(v.as_bytes()) {
                out.push(k);
            }
        }
    }
    #[cfg(not(unix))]
    for (k, v) in std::env::vars_os() {
        if v.to_str().is_some_and(|v| holds(v.as_bytes())) {
            out.push(k);
        }
    }
    for (k, v) in own {
        if holds(v.as_bytes()) {
            out.push(k.into());
        }
    }
    out
}

async fn kill_group(child: &mut tokio::process::Child) {
    #[cfg(unix)]
    if let Some(pid) = child.id() {
        signal_group(pid, libc::SIGTERM);
        if tokio::time::timeout(Duration::from_secs(2), child.wait())
            .await
            .is_ok()
        {
            // The leader is gone; children that ignored SIGTERM are not let outlive it.
            signal_group(pid, libc::SIGKILL);
            return;
        }
        signal_group(pid, libc::SIGKILL);
    }
    let _ = child.kill().await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Format;

    fn spec(cmd: &str, timeout: Duration) -> StepSpec {
        StepSpec {
            name: "t".into(),
            command: cmd.into(),
            timeout,
            env: BTreeMap::from([("GREETING".into(), "hi".into())]),
            cwd: None,
        }
    }

    #[test]
    fn a_dry_run_shows_the_command_whole_and_wrapped() {
        let long = "command -v curl >/dev/null 2>&1 || { echo 'needs curl' >&2; exit 127; }; \
                    curl -sS -f --max-time 10 -X PATCH \"$SWCACHE_URL/__sandbox/state\" \
                    --data-binary '{\"sw\":{\"version\":\"v0.9.0\"}}'\n  && echo done";
        let shown = command_in_full(long, 60);
        let lines: Vec<&str> = shown.lines().skip(1).collect();
        assert!(lines.len() > 2, "{shown}");
        assert!(lines.iter().all(|l| l.chars().count() <= 60), "{shown}");
        assert!(lines[0].starts_with("    command -v curl"), "{shown}");
        assert!(
            lines[1].starts_with("      "),
            "a wrapped line's rest: {shown}"
        );
        assert!(
            lines.last().unwrap().starts_with("      && echo done"),
            "{shown}"
        );
        // Nothing cut, nothing added: the words are the command's, in order.
        let words = |t: &str| t.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert_eq!(words(&shown), words(long));
        // A word longer than the line is kept whole on a line of its own.
        let token = "x".repeat(90);
        assert!(
            command_in_full(&format!("echo {token}"), 60).contains(&format!("\n      {token}"))
        );
    }

    #[test]
    fn progress_lines_show_a_short_one_line_command() {
        assert_eq!(shown_command("./revert.sh prod"), "./revert.sh prod");
        assert_eq!(
            shown_command("aws s3 cp a b\naws cloudfront x"),
            "aws s3 cp a b …"
        );
        let long = "curl -sS -f --max-time 10 -X PATCH \"$SWCACHE_URL/__sandbox/state\" -d x";
        let shown = shown_command(long);
        assert!(shown.ends_with('…') && long.starts_with(shown.trim_end_matches('…')));
        assert!(shown.chars().count() <= COMMAND_SHOWN);
        let line = format!("running step database_rollback: {shown}");
        assert!(line.chars().count() <= 80, "{line}");
    }

    #[tokio::test]
    async fn success_failure_and_timeout() {
        let p = Printer::new(Format::Json, -1);
        let ok = run(
            &spec("echo $GREETING", Duration::from_secs(10)),
            &p,
            None,
            &Cancel::new(),
        )
        .await;
        assert!(ok.ok);
        assert_eq!(ok.tail, vec!["hi"]);
        let bad = run(
            &spec("echo one; echo two >&2; exit 3", Duration::from_secs(10)),
            &p,
            None,
            &Cancel::new(),
        )
        .await;
        assert!(!bad.ok);
        assert_eq!(bad.exit_code, Some(3));
        assert!(bad.tail.contains(&"two".to_string()));
        assert!(bad.summary().contains("exit 3") && bad.summary().contains("two"));
        let slow = run(
            &spec("sleep 30", Duration::from_millis(300)),
            &p,
            None,
            &Cancel::new(),
        )
        .await;
        assert!(slow.timed_out && !slow.ok);
        assert!(slow.summary().starts_with("timed out"));
    }

    #[tokio::test]
    async fn non_utf8_output_neither_stops_the_reader_nor_kills_the_step() {
        let p = Printer::new(Format::Json, -1);
        // Far more than a pipe buffer after the bad byte: a closed pipe would kill the writer.
        let out = run(
            &spec(
                r"printf 'bad \377 byte\n'; i=0; while [ $i -lt 5000 ]; do echo line $i; i=$((i+1)); done; echo finished",
                Duration::from_secs(30),
            ),
            &p,
            None,
            &Cancel::new(),
        )
        .await;
        assert!(out.ok, "{}", out.summary());
        assert_eq!(out.tail.last().map(String::as_str), Some("finished"));
    }

    #[tokio::test]
    async fn the_token_reaches_no_step_variable() {
        let p = Printer::new(Format::Json, -1);
        let mut s = spec(
            r#"echo "[$GREETING][$SWCACHE_TOKEN][$ADMIN_TOKEN][$COPY]""#,
            Duration::from_secs(10),
        );
        s.env.insert("SWCACHE_TOKEN".into(), "anything".into());
        s.env.insert("COPY".into(), "t0ken-value".into());
        let out = run(&s, &p, Some("t0ken-value"), &Cancel::new()).await;
        assert_eq!(out.tail, vec!["[hi][][][]"]);
        // A value that holds the token among other text is not passed either.
        let mut s = spec(r#"echo "[$GREETING][$HEADER]""#, Duration::from_secs(10));
        s.env.insert("HEADER".into(), "Bearer t0ken-value".into());
        let out = run(&s, &p, Some("t0ken-value"), &Cancel::new()).await;
        assert_eq!(out.tail, vec!["[hi][]"]);
    }
}
