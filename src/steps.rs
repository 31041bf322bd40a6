//! Configured shell steps (revert the worker, build, deploy, redeploy, database rollback): run
//! with a deadline, output streamed to stderr, the last lines kept for the report.

use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::output::Printer;
use crate::signals;

/// One step as configured (`[steps.NAME]`).
#[derive(Clone, Debug, PartialEq)]
pub struct StepSpec {
    pub name: String,
    /// Run by `sh -c`.
    pub command: String,
    pub timeout: Duration,
    pub env: BTreeMap<String, String>,
    pub cwd: Option<PathBuf>,
}

/// The steps commands know of; a misspelt name in the config is an error, not a skipped step.
pub const KNOWN_STEPS: [&str; 5] = [
    "build",
    "deploy",
    "revert_worker",
    "redeploy",
    "database_rollback",
];

pub const DEFAULT_STEP_TIMEOUT: Duration = Duration::from_secs(600);
/// Lines of output kept for the report when a step fails.
const TAIL: usize = 20;

#[derive(Clone, Debug, Serialize)]
pub struct StepOutcome {
    pub ok: bool,
    pub exit_code: Option<i32>,
    pub timed_out: bool,
    /// The last lines of its output (stdout and stderr interleaved).
    pub tail: Vec<String>,
    pub duration_ms: u64,
}

impl StepOutcome {
    /// One line for the report: why it failed, with its last lines.
    pub fn summary(&self) -> String {
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

/// Runs a step to completion or its deadline (then kills it and its process group).
pub async fn run(spec: &StepSpec, printer: &Printer) -> StepOutcome {
    let started = Instant::now();
    if let Some(sig) = signals::interrupted() {
        return StepOutcome {
            ok: false,
            exit_code: None,
            timed_out: false,
            tail: vec![format!("not started: interrupted by {sig}")],
            duration_ms: 0,
        };
    }
    // A first signal lets the step finish; a second ends its process group.
    let _in_flight = signals::in_flight();
    printer.info(format!("running step {}: {}", spec.name, spec.command));
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(&spec.command)
        .envs(&spec.env)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if let Some(dir) = &spec.cwd {
        cmd.current_dir(dir);
    }
    #[cfg(unix)]
    cmd.process_group(0);
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return StepOutcome {
                ok: false,
                exit_code: None,
                timed_out: false,
                tail: vec![format!("cannot start sh: {e}")],
                duration_ms: started.elapsed().as_millis() as u64,
            };
        }
    };
    let _group = child.id().map(signals::group);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    for stream in [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn tokio::io::AsyncRead + Unpin + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn tokio::io::AsyncRead + Unpin + Send>),
    ]
    .into_iter()
    .flatten()
    {
        let tx = tx.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stream).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let _ = tx.send(line);
            }
        });
    }
    drop(tx);

    let mut tail = VecDeque::with_capacity(TAIL);
    let deadline = tokio::time::sleep(spec.timeout);
    tokio::pin!(deadline);
    let mut status = None;
    let mut timed_out = false;
    let mut open = true;
    loop {
        tokio::select! {
            line = rx.recv(), if open => match line {
                Some(line) => {
                    // A step's output is outside text: the token goes here, before it is
                    // shown or kept for the report.
                    let line = crate::redact::text(&line);
                    printer.info(format!("  {} | {line}", spec.name));
                    if tail.len() == TAIL {
                        tail.pop_front();
                    }
                    tail.push_back(line);
                }
                None => open = false,
            },
            s = child.wait(), if status.is_none() => {
                status = Some(s);
                if !open { break; }
            },
            _ = &mut deadline => {
                timed_out = true;
                kill_group(&mut child).await;
                break;
            }
        }
        if status.is_some() && !open {
            break;
        }
    }
    let exit_code = match &status {
        Some(Ok(s)) => s.code(),
        _ => None,
    };
    let ok = !timed_out && matches!(&status, Some(Ok(s)) if s.success());
    if timed_out {
        tail.push_back(format!(
            "(killed after {})",
            humantime::format_duration(spec.timeout)
        ));
    }
    StepOutcome {
        ok,
        exit_code,
        timed_out,
        tail: tail.into_iter().collect(),
        duration_ms: started.elapsed().as_millis() as u64,
    }
}

async fn kill_group(child: &mut tokio::process::Child) {
    #[cfg(unix)]
    if let Some(pid) = child.id() {
        // The step's own children (aws, npm, …) go too: signal the whole group.
        let _ = std::process::Command::new("kill")
            .args(["-TERM", "--", &format!("-{pid}")])
            .status();
        if tokio::time::timeout(Duration::from_secs(2), child.wait())
            .await
            .is_ok()
        {
            return;
        }
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

    #[tokio::test]
    async fn success_failure_and_timeout() {
        let p = Printer::new(Format::Json, -1);
        let ok = run(&spec("echo $GREETING", Duration::from_secs(10)), &p).await;
        assert!(ok.ok);
        assert_eq!(ok.tail, vec!["hi"]);
        let bad = run(
            &spec("echo one; echo two >&2; exit 3", Duration::from_secs(10)),
            &p,
        )
        .await;
        assert!(!bad.ok);
        assert_eq!(bad.exit_code, Some(3));
        assert!(bad.tail.contains(&"two".to_string()));
        assert!(bad.summary().contains("exit 3") && bad.summary().contains("two"));
        let slow = run(&spec("sleep 30", Duration::from_millis(300)), &p).await;
        assert!(slow.timed_out && !slow.ok);
        assert!(slow.summary().starts_with("timed out"));
    }
}
