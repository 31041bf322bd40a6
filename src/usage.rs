//! Usage errors that help: a mistyped long option is matched against the options the command
//! has, counting a swap of two neighbouring letters as one slip (`--yse` → `--yes`), which
//! clap's own similarity measure misses for short names.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// Adds "a similar argument exists" to an unknown-argument error when clap found none.
pub(crate) fn with_suggestion(
    mut err: clap::Error,
    mut cmd: clap::Command,
    argv: &[String],
) -> clap::Error {
    if err.kind() != ErrorKind::UnknownArgument || err.get(ContextKind::SuggestedArg).is_some() {
        return err;
    }
    let Some(ContextValue::String(typed)) = err.get(ContextKind::InvalidArg).cloned() else {
        return err;
    };
    let Some(typed) = typed
        .strip_prefix("--")
        .map(|t| t.split('=').next().unwrap_or(t))
    else {
        return err;
    };
    cmd.build();
    // The deepest subcommand named on the line: its own options and the global ones.
    let mut current = &cmd;
    for word in argv.iter().skip(1).filter(|w| !w.starts_with('-')) {
        match current.find_subcommand(word) {
            Some(sub) => current = sub,
            None => break,
        }
    }
    let best = current
        .get_arguments()
        .filter_map(|a| a.get_long())
        .map(|long| (slips(typed, long), long))
        .filter(|(d, long)| *d <= if long.len() <= 4 { 1 } else { 2 })
        .min_by_key(|(d, _)| *d);
    if let Some((_, long)) = best {
        err.insert(
            ContextKind::SuggestedArg,
            ContextValue::String(format!("--{long}")),
        );
    }
    err
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring characters each count one (`strsim`, which clap already builds).
pub(crate) fn slips(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, Parser};

    #[test]
    fn slips_count_a_swap_once() {
        assert_eq!(slips("yse", "yes"), 1);
        assert_eq!(slips("yes", "yes"), 0);
        assert_eq!(slips("forse", "force"), 1);
        assert_eq!(slips("x", "json"), 4);
    }

    #[test]
    fn suggests_the_option_meant() {
        let argv: Vec<String> = ["swcache", "rollout", "set", "50", "--yse"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let err = crate::cli::Cli::try_parse_from(&argv).unwrap_err();
        let err = with_suggestion(err, crate::cli::Cli::command(), &argv);
        assert!(err.to_string().contains("'--yes'"), "{err}");
        let argv: Vec<String> = ["swcache", "rollout", "advance", "--min-bak", "1d"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let err = crate::cli::Cli::try_parse_from(&argv).unwrap_err();
        let err = with_suggestion(err, crate::cli::Cli::command(), &argv);
        assert!(err.to_string().contains("'--min-bake'"), "{err}");
    }
}
