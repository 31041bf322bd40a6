//! Confirmations: `--yes` answers them; without a terminal they refuse instead of hanging.
//!
//! On a terminal an answer needs Enter (a `y` alone never confirms, so `yes⏎` typed into a
//! one-key prompt cannot leave `es⏎` for the shell), keys typed before the question are thrown
//! away, and Ctrl-C or Ctrl-D is "no". For a production environment the person types the
//! environment's name instead of `y`.

use std::io::{IsTerminal, Read, Write};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    Yes,
    /// Declined at the prompt (or the prompt was interrupted).
    No,
    /// No terminal to ask on and no `--yes`.
    NoTerminal,
}

/// What counts as "yes".
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    /// `y` or `yes`, then Enter.
    YesNo,
    /// Exactly this name (the environment's), then Enter.
    Name(String),
}

/// A terminal on both ends: the question goes to stderr, the answer comes from stdin.
pub(crate) fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// The one-line question as shown, with what to type.
pub(crate) fn question_line(question: &str, expect: &Expect) -> String {
    match expect {
        Expect::YesNo => format!("{question} [y/N] "),
        Expect::Name(name) => format!("{question} Type `{name}` to confirm: "),
    }
}

/// Whether a typed line answers yes.
pub(crate) fn accepts(line: &str, expect: &Expect) -> bool {
    let line = line.trim();
    match expect {
        Expect::YesNo => matches!(line.to_ascii_lowercase().as_str(), "y" | "yes"),
        Expect::Name(name) => line == name,
    }
}

pub(crate) fn ask(question: &str, expect: &Expect, assume_yes: bool) -> Answer {
    if assume_yes {
        return Answer::Yes;
    }
    if !interactive() {
        return Answer::NoTerminal;
    }
    let mut err = std::io::stderr();
    let _ = write!(err, "{}", question_line(question, expect));
    let _ = err.flush();
    let line = read_line();
    let _ = writeln!(err);
    match line {
        Some(l) if accepts(&l, expect) => Answer::Yes,
        Some(l) => {
            if let Expect::Name(name) = expect
                && !l.trim().is_empty()
            {
                let _ = writeln!(err, "`{}` is not `{name}`: not confirmed", l.trim());
            }
            Answer::No
        }
        None => Answer::No,
    }
}

/// A free-text answer on the terminal (`default` when the line is left empty); `None` when
/// there is no terminal, or on Ctrl-C / Ctrl-D.
pub(crate) fn ask_text(question: &str, default: Option<&str>) -> Option<String> {
    if !interactive() {
        return None;
    }
    let mut err = std::io::stderr();
    let _ = match default {
        Some(d) => write!(err, "{question} [{d}]: "),
        None => write!(err, "{question}: "),
    };
    let _ = err.flush();
    let line = read_line();
    let _ = writeln!(err);
    let line = line?.trim().to_string();
    match (line.is_empty(), default) {
        (true, Some(d)) => Some(d.to_string()),
        _ => Some(line),
    }
}

/// One line from the terminal, read key by key: `None` on Ctrl-C, Ctrl-D or a read error.
#[cfg(unix)]
fn read_line() -> Option<String> {
    let Some(_raw) = RawInput::enter() else {
        // The terminal could not be switched: fall back to a cooked read (Enter still needed).
        let mut s = String::new();
        return match std::io::stdin().read_line(&mut s) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(s),
        };
    };
    let mut stdin = std::io::stdin().lock();
    let mut err = std::io::stderr();
    let mut line: Vec<u8> = Vec::new();
    let mut escape = false;
    let mut byte = [0u8; 1];
    loop {
        match stdin.read(&mut byte) {
            Ok(1) => {}
            _ => return None,
        }
        let b = byte[0];
        if escape {
            // Swallow an escape sequence (arrow keys): ESC [ ... final byte.
            if (0x40..=0x7e).contains(&b) && b != b'[' {
                escape = false;
            }
            continue;
        }
        match b {
            b'\r' | b'\n' => return Some(String::from_utf8_lossy(&line).into_owned()),
            0x03 | 0x04 => return None,
            0x1b => escape = true,
            0x7f | 0x08 => {
                // Pop one whole UTF-8 character.
                while let Some(last) = line.pop() {
                    if last & 0xc0 != 0x80 {
                        break;
                    }
                }
                let _ = write!(err, "\x08 \x08");
            }
            0x15 => {
                for _ in 0..String::from_utf8_lossy(&line).chars().count() {
                    let _ = write!(err, "\x08 \x08");
                }
                line.clear();
            }
            b if b < 0x20 => {}
            b => {
                line.push(b);
                let _ = err.write_all(&[b]);
            }
        }
        let _ = err.flush();
    }
}

#[cfg(not(unix))]
fn read_line() -> Option<String> {
    let mut s = String::new();
    match std::io::stdin().read_line(&mut s) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(s),
    }
}

/// The terminal without line editing, echo or signal keys while the answer is read, so Ctrl-C
/// and Ctrl-D arrive as keys (a "no"), restored when dropped. Typeahead is discarded on entry.
#[cfg(unix)]
struct RawInput {
    saved: libc::termios,
}

#[cfg(unix)]
impl RawInput {
    fn enter() -> Option<RawInput> {
        let fd = libc::STDIN_FILENO;
        // SAFETY: termios is plain data; tcgetattr fills it for a terminal fd.
        let mut saved: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(fd, &mut saved) } != 0 {
            return None;
        }
        let mut raw = saved;
        raw.c_lflag &= !(libc::ICANON | libc::ECHO | libc::ISIG | libc::IEXTEN);
        raw.c_cc[libc::VMIN] = 1;
        raw.c_cc[libc::VTIME] = 0;
        // TCSAFLUSH: switch after pending output is written, discarding unread input (keys
        // typed before the question was shown).
        if unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &raw) } != 0 {
            return None;
        }
        Some(RawInput { saved })
    }
}

#[cfg(unix)]
impl Drop for RawInput {
    fn drop(&mut self) {
        // SAFETY: restores the attributes read in `enter` on the same fd.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &self.saved);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_counts_as_yes() {
        let yn = Expect::YesNo;
        for (typed, ok) in [
            ("y", true),
            ("yes", true),
            (" YES ", true),
            ("", false),
            ("n", false),
            ("ye", false),
            ("yess", false),
        ] {
            assert_eq!(accepts(typed, &yn), ok, "{typed:?}");
        }
        let name = Expect::Name("production".into());
        for (typed, ok) in [
            ("production", true),
            ("production ", true),
            ("y", false),
            ("yes", false),
            ("Production", false),
            ("staging", false),
        ] {
            assert_eq!(accepts(typed, &name), ok, "{typed:?}");
        }
        assert!(question_line("Cut?", &name).ends_with("Type `production` to confirm: "));
        assert!(question_line("Cut?", &yn).ends_with("[y/N] "));
    }
}
