//! `--watch [INTERVAL]` for a read-only runbook (`validate`, `rollout status`): its run again
//! at an interval, through its own [`Runbook::run`], so a reading is exactly the report the
//! command would print once.
//!
//! On a terminal (table output) the report is redrawn in place, with a Trend column (each
//! figure's last readings as a sparkline, UNKNOWN readings as gaps) and the verdict lines the
//! command prints (the gate's for `rollout status`). Anywhere else, or with `--json`, each
//! reading is one compact JSON document on its own line, for a pipe.
//!
//! How it ends: `--count N` after N readings, with the last reading's exit code (a script
//! waits and gets a verdict); Ctrl-C or SIGTERM, with exit 0 (the person watching chose to
//! stop; no write is ever sent, so nothing is left half-done); the reader of a pipe going
//! away, with exit 0. Reads only: no write lock, no audit record.

use std::time::Duration;

use super::{Ctx, Runbook};
use crate::exit::ExitStatus;
use crate::output::render::table_with_trend;
use crate::output::trend::Trends;
use crate::output::{Format, Report, render};
use crate::signals;

pub(crate) struct WatchOptions {
    pub interval: Duration,
    pub count: Option<u64>,
}

impl WatchOptions {
    /// `--watch` as given: how to repeat the run, or `None` for one run.
    pub(crate) fn from_args(args: &crate::cli::WatchArgs) -> Option<WatchOptions> {
        Some(WatchOptions {
            interval: args.watch?,
            count: args.count,
        })
    }
}

/// Hide the cursor while redrawing; show it again when the view ends.
const HIDE_CURSOR: &str = "\x1b[?25l";
const SHOW_CURSOR: &str = "\x1b[?25h";
/// The first frame starts on a clear screen; each next one from the top, over the last.
const CLEAR_SCREEN: &str = "\x1b[2J";
const HOME: &str = "\x1b[H";
const CLEAR_BELOW: &str = "\x1b[J";
const CLEAR_LINE: &str = "\x1b[K";

async fn read(ctx: &Ctx, runbook: &impl Runbook) -> anyhow::Result<Report> {
    Ok(runbook.run(ctx).await?.finish())
}

/// Runs the watch until `--count`, a signal, or a closed pipe; returns the exit status.
pub(crate) async fn run(
    ctx: &Ctx,
    runbook: &impl Runbook,
    opts: WatchOptions,
) -> anyhow::Result<ExitStatus> {
    use std::io::IsTerminal;
    let live = ctx.printer.format() == Format::Table && std::io::stdout().is_terminal();
    // The first signal ends the loop here (cleanly, cursor restored) instead of the process.
    let _hold = ctx
        .cancel
        .quiet_hold("the watch only reads: nothing was left half-done");
    let mut stop = ctx.cancel.subscribe();
    let mut trends = Trends::default();
    let mut ticks = tokio::time::interval(opts.interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut screen = Screen { live, shown: false };

    let ended = loop {
        tokio::select! {
            _ = ticks.tick() => {}
            s = signals::signalled(&mut stop) => break Some(s),
        }
        let report = tokio::select! {
            r = read(ctx, runbook) => r,
            s = signals::signalled(&mut stop) => break Some(s),
        };
        // A reading that cannot be made at all (no token, a bad URL) ends the watch with its
        // error, as the command would; UNKNOWN figures are readings like any other.
        let report = match report {
            Ok(r) => r,
            Err(e) => {
                screen.restore(ctx);
                return Err(e);
            }
        };
        trends.push(&report.checks);
        let open = if live {
            screen.draw(
                ctx,
                &frame(&report, &trends, &opts, ctx.printer.stdout_color()),
            )?
        } else {
            ctx.printer.stdout_live(&render::json_line(&report))?
        };
        if !open {
            break None;
        }
        if opts.count.is_some_and(|n| trends.readings() as u64 >= n) {
            screen.restore(ctx);
            return Ok(report.exit_status());
        }
    };
    screen.restore(ctx);
    if let Some(sig) = ended {
        ctx.printer.info(format!(
            "watch ended by {sig} after {} reading(s); nothing was written",
            trends.readings()
        ));
    }
    Ok(ExitStatus::Ok)
}

/// The terminal while the view is live.
struct Screen {
    live: bool,
    shown: bool,
}

impl Screen {
    /// Draws one frame over the last; `Ok(false)` once stdout has gone.
    fn draw(&mut self, ctx: &Ctx, frame: &str) -> std::io::Result<bool> {
        let mut out = String::new();
        if !self.shown {
            out.push_str(HIDE_CURSOR);
            out.push_str(CLEAR_SCREEN);
            self.shown = true;
        }
        out.push_str(HOME);
        // Each line clears what a longer line of the last frame left, then everything below.
        for line in clip(frame, terminal_rows()).lines() {
            out.push_str(line);
            out.push_str(CLEAR_LINE);
            out.push('\n');
        }
        out.push_str(CLEAR_BELOW);
        ctx.printer.stdout_live(&out)
    }

    /// The cursor back, the last frame left on screen.
    fn restore(&mut self, ctx: &Ctx) {
        if self.live && self.shown {
            let _ = ctx.printer.stdout_live(SHOW_CURSOR);
            self.shown = false;
        }
    }
}

/// One frame: a line saying what is watched, then the command's own table with a Trend column.
fn frame(report: &Report, trends: &Trends, opts: &WatchOptions, color: bool) -> String {
    let mut out = format!(
        "watching every {} · reading {}{} · Ctrl-C to stop\n",
        crate::numbers::duration(opts.interval),
        trends.readings(),
        opts.count.map(|n| format!(" of {n}")).unwrap_or_default(),
    );
    let trend = |c: &crate::policy::check::Check| trends.sparkline(&c.name);
    // What needs attention first: a clipped frame cuts OK rows, never a failing one.
    let mut report = report.clone();
    report
        .checks
        .sort_by_key(|c| std::cmp::Reverse(c.status != crate::vocab::Severity::Ok));
    out.push_str(&table_with_trend(
        &report,
        color,
        crate::output::printer::stdout_width(),
        Some(&trend),
        false,
    ));
    out
}

/// A frame taller than the terminal would scroll, and the next redraw from the top would leave
/// its first lines behind: keep what fits — the top (the status, then the rows that need
/// attention) and the last line (the verdict) — and say how much is cut between them.
fn clip(frame: &str, rows: Option<usize>) -> String {
    let lines: Vec<&str> = frame.lines().collect();
    let Some(rows) = rows.filter(|r| *r >= 5 && lines.len() > *r - 1) else {
        return frame.to_string();
    };
    let keep = rows - 3;
    let mut out: Vec<String> = lines[..keep].iter().map(|l| l.to_string()).collect();
    out.push(format!(
        "… {} more lines: enlarge the terminal, or --json for all of it",
        lines.len() - keep - 1
    ));
    out.push(lines[lines.len() - 1].to_string());
    out.join("\n") + "\n"
}

/// The terminal's height, when stdout is one that says.
fn terminal_rows() -> Option<usize> {
    crate::output::printer::terminal_size().map(|(_, rows)| usize::from(rows))
}

#[cfg(test)]
mod tests {
    use super::{WatchOptions, clip, frame};
    use crate::output::Report;
    use crate::output::trend::Trends;
    use crate::policy::check::Check;
    use crate::vocab::Severity;

    #[test]
    fn rows_that_need_attention_come_first_so_a_clip_never_cuts_them() {
        let mut r = Report::new("validate", "e".into(), String::new());
        for (name, s) in [("aaa ok", Severity::Ok), ("bbb ok", Severity::Ok)] {
            r.checks.push(Check::note(name, s, ""));
        }
        r.checks.push(Check::note(
            "zzz error rate",
            Severity::Unknown,
            "no answer",
        ));
        let opts = WatchOptions {
            interval: std::time::Duration::from_secs(5),
            count: None,
        };
        let text = frame(&r.finish(), &Trends::default(), &opts, false);
        let at = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("{needle}: {text}"))
        };
        assert!(at("zzz error rate") < at("aaa ok"), "{text}");
        assert!(
            at("aaa ok") < at("bbb ok"),
            "OK rows keep their order: {text}"
        );
    }

    #[test]
    fn a_frame_that_fits_is_drawn_whole() {
        let frame = "a\nb\nc\n";
        assert_eq!(clip(frame, Some(10)), frame);
        assert_eq!(clip(frame, Some(4)), frame);
        assert_eq!(clip(frame, None), frame);
    }

    #[test]
    fn a_tall_frame_keeps_its_top_and_its_verdict_line() {
        let frame: String = (1..=10).map(|i| format!("line {i}\n")).collect();
        let clipped = clip(&frame, Some(6));
        let lines: Vec<&str> = clipped.lines().collect();
        assert_eq!(lines.len(), 5, "{clipped}");
        assert_eq!(&lines[..3], ["line 1", "line 2", "line 3"]);
        assert!(lines[3].contains("6 more lines"), "{clipped}");
        assert_eq!(lines[4], "line 10", "the verdict stays: {clipped}");
    }
}
