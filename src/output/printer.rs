//! The one owner of stdout and stderr: data on stdout, everything else on stderr; colour and
//! progress only on a terminal; control characters escaped; the run's secrets scrubbed from
//! everything written (`redact::out`; JSON string by string, keys too, so it stays valid).

use std::io::{self, IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::output::Format;
use crate::output::render;
use crate::output::report::Report;

#[derive(Clone, Debug)]
pub(crate) struct Printer {
    format: Format,
    verbosity: i8,
    stdout_color: bool,
    stdout_tty: bool,
    stderr_tty: bool,
}

impl Printer {
    pub(crate) fn new(format: Format, verbosity: i8) -> Printer {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Printer {
            format,
            verbosity,
            stdout_color: !no_color && io::stdout().is_terminal(),
            stdout_tty: io::stdout().is_terminal(),
            stderr_tty: io::stderr().is_terminal(),
        }
    }

    /// Registers the token (the sandbox's, once it has started; see `redact`).
    pub(crate) fn with_secret(self, secret: Option<&str>) -> Printer {
        if let Some(s) = secret {
            crate::redact::register(s);
        }
        self
    }

    pub(crate) fn format(&self) -> Format {
        self.format
    }

    /// Outside text (a step's output line) with the token scrubbed.
    #[cfg(test)]
    pub(crate) fn scrub(&self, text: &str) -> String {
        crate::redact::text(text)
    }

    /// Progress and status for people (hidden by `-q`).
    pub(crate) fn info(&self, msg: impl AsRef<str>) {
        if self.verbosity >= 0 {
            self.stderr(msg.as_ref());
        }
    }

    /// Detail shown with `-v`.
    pub(crate) fn verbose(&self, msg: impl AsRef<str>) {
        if self.verbosity >= 1 {
            self.stderr(msg.as_ref());
        }
    }

    /// Whether `-v` asked for detail (reports show their long tables whole).
    pub(crate) fn is_verbose(&self) -> bool {
        self.verbosity >= 1
    }

    /// Always shown, even with `-q`.
    pub(crate) fn warn(&self, msg: impl AsRef<str>) {
        self.stderr(&format!("warning: {}", msg.as_ref()));
    }

    /// A line for a CI runner (a GitHub workflow command) on stderr, even with `-q`.
    pub(crate) fn annotate(&self, line: impl AsRef<str>) {
        self.stderr(line.as_ref());
    }

    pub(crate) fn error(&self, msg: impl AsRef<str>) {
        self.stderr(&format!("error: {}", msg.as_ref()));
    }

    /// The evidence shown before a question: always, even with `-q` (someone is being asked).
    pub(crate) fn prompt_line(&self, msg: impl AsRef<str>) {
        self.stderr(msg.as_ref());
    }

    fn stderr(&self, msg: &str) {
        let msg = crate::redact::out(msg);
        let msg = crate::redact::controls(&msg);
        // On a terminal, wrapped at spaces to its width (a line the terminal breaks itself
        // splits words: `PO` / `ST`); elsewhere one line per message, for logs and CI.
        let width = self
            .stderr_tty
            .then(|| size_of(Stream::Stderr))
            .flatten()
            .map(|(cols, _)| usize::from(cols));
        let mut out = io::stderr().lock();
        match width {
            Some(w) if msg.chars().count() > w => {
                for line in msg.lines() {
                    for (i, part) in crate::numbers::wrap(line, w.saturating_sub(2).max(20))
                        .into_iter()
                        .enumerate()
                    {
                        let indent = if i == 0 { "" } else { "  " };
                        let _ = writeln!(out, "{indent}{part}");
                    }
                }
            }
            _ => {
                let _ = writeln!(out, "{msg}");
            }
        }
    }

    /// What goes to stdout, scrubbed: as JSON in a JSON format, as text in a table.
    fn scrubbed(&self, text: &str) -> String {
        match self.format {
            Format::Json | Format::Jsonl => crate::redact::json_text_out(text),
            Format::Table => crate::redact::out(text),
        }
    }

    /// Prints the report on stdout. A closed pipe (`| head -1`) is not an error.
    /// Says on stderr why a run stopped, failed or could not decide, when the report itself is
    /// not on a terminal (JSON, a pipe, a cron log): whoever watches stderr learns why without
    /// parsing the report. On a terminal the report's last line says it already.
    pub(crate) fn ending(&self, report: &Report) {
        let table_on_tty = self.format == Format::Table && self.stdout_tty;
        if report.exit_code >= 3 && !table_on_tty {
            self.stderr(&render::verdict_line(report));
        }
    }

    pub(crate) fn report(&self, report: &Report) -> io::Result<()> {
        let text = match self.format {
            Format::Json => render::json(report),
            Format::Jsonl => render::json_line(report),
            Format::Table => render::table_with_trend(
                report,
                self.stdout_color,
                stdout_width(),
                None,
                self.verbosity > 0,
            ),
        };
        self.stdout(&text)
    }

    /// Raw data on stdout (already rendered, its outside text already escaped).
    pub(crate) fn stdout(&self, text: &str) -> io::Result<()> {
        let text = self.scrubbed(text);
        let mut out = io::stdout().lock();
        match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }

    /// Whether stdout gets colour (a terminal, NO_COLOR unset).
    pub(crate) fn stdout_color(&self) -> bool {
        self.stdout_color
    }

    /// Live data on stdout (`--watch`): `Ok(false)` once the reader has gone (`| head -1`),
    /// so a loop can stop instead of writing into a closed pipe forever.
    pub(crate) fn stdout_live(&self, text: &str) -> io::Result<bool> {
        let text = self.scrubbed(text);
        let mut out = io::stdout().lock();
        match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
            Err(e) => Err(e),
            Ok(()) => Ok(true),
        }
    }

    /// Whether the report and the progress lines are read on one terminal (a table on
    /// stdout, stderr a terminal too): what the report says need not be said on stderr first.
    pub(crate) fn on_screen(&self) -> bool {
        self.format == Format::Table && self.stdout_tty && self.stderr_tty
    }

    /// A line on stderr while something runs (a step), cleared once it is done: drawn only
    /// [`Printer::on_screen`] and not with `-q`; hidden elsewhere.
    pub(crate) fn transient(&self, message: &str) -> ProgressBar {
        let show = self.on_screen() && self.verbosity >= 0;
        let bar = ProgressBar::with_draw_target(
            None,
            if show {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        // The message last and cut to the width: a wrapped line would not be cleared.
        if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed} {wide_msg}") {
            bar.set_style(style);
        }
        let message = crate::redact::out(message);
        bar.set_message(crate::redact::controls(&message).into_owned());
        if show {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        bar
    }

    /// A progress bar on stderr, drawn only on a terminal in table mode and not with `-q`:
    /// nothing animated in cron logs or JSON runs.
    pub(crate) fn progress(&self, len: u64, message: &str) -> ProgressBar {
        let show = self.stderr_tty && self.verbosity >= 0 && self.format == Format::Table;
        let bar = ProgressBar::with_draw_target(
            Some(len),
            if show {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message.to_string());
        if show {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        bar
    }
}

/// The width tables are fitted to: `COLUMNS` when set (so `COLUMNS=80 swcache … | less`, and
/// the snapshot tests, choose it), else the terminal's when stdout is one; none in a pipe.
pub(crate) fn stdout_width() -> Option<u16> {
    if let Some(w) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<u16>().ok())
        .filter(|w| *w >= 20)
    {
        return Some(w);
    }
    if !io::stdout().is_terminal() {
        return None;
    }
    terminal_columns()
}

fn terminal_columns() -> Option<u16> {
    terminal_size().map(|(cols, _)| cols)
}

/// The terminal's (columns, rows), when stdout is one that says: the one place that asks.
pub(crate) fn terminal_size() -> Option<(u16, u16)> {
    size_of(Stream::Stdout)
}

#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

#[cfg(unix)]
fn size_of(stream: Stream) -> Option<(u16, u16)> {
    let fd = match stream {
        Stream::Stdout => libc::STDOUT_FILENO,
        Stream::Stderr => libc::STDERR_FILENO,
    };
    // SAFETY: TIOCGWINSZ only writes a `winsize` into the struct it is given.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) } == 0;
    (ok && ws.ws_col > 0 && ws.ws_row > 0).then_some((ws.ws_col, ws.ws_row))
}

#[cfg(not(unix))]
fn size_of(_: Stream) -> Option<(u16, u16)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_secrets_from_outside_text() {
        let p = Printer::new(Format::Table, 0).with_secret(Some("s3cr3t-printer-test"));
        assert_eq!(
            p.scrub("Bearer s3cr3t-printer-test failed"),
            "Bearer *** failed"
        );
        let none = Printer::new(Format::Table, 0).with_secret(Some(""));
        assert_eq!(none.scrub("abc"), "abc");
    }
}
