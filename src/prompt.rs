//! Confirmations: `--yes` answers them; without a terminal they refuse instead of hanging.

use std::io::IsTerminal;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Yes,
    /// Declined at the prompt (or the prompt was interrupted).
    No,
    /// No terminal to ask on and no `--yes`.
    NoTerminal,
}

/// A terminal on both ends: the question goes to stderr, the answer comes from stdin.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

pub fn confirm(question: &str, assume_yes: bool) -> Answer {
    if assume_yes {
        return Answer::Yes;
    }
    if !interactive() {
        return Answer::NoTerminal;
    }
    match dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact_opt()
    {
        Ok(Some(true)) => Answer::Yes,
        _ => Answer::No,
    }
}
