//! The files generated from the clap definition and checked in: shell completions
//! (`completions/`) and man pages (`docs/man/`). `cargo run --example regenerate` writes them;
//! `tests/generated.rs` only compares, so a stale file fails CI.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;

/// The directories that hold only generated files (a file there that is not generated is
/// stale), each with its files, by path relative to the repository root.
pub fn files() -> Vec<(&'static str, BTreeMap<PathBuf, Vec<u8>>)> {
    vec![("completions", completions()), ("docs/man", man_pages())]
}

fn completions() -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let name = match shell {
            Shell::Bash => "swcache.bash",
            Shell::Zsh => "_swcache",
            Shell::Fish => "swcache.fish",
            Shell::PowerShell => "_swcache.ps1",
            _ => "swcache.elv",
        };
        out.insert(
            Path::new("completions").join(name),
            crate::completions::script(shell).into_bytes(),
        );
    }
    out
}

/// One page per command. Global options are documented once, on swcache(1): a subcommand page
/// hides them (clap propagates them to every subcommand). Every page gains EXIT STATUS and SEE
/// ALSO; swcache(1) also ENVIRONMENT and FILES; pages with examples EXAMPLES.
fn man_pages() -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(cmd: &clap::Command, root: bool, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, false, out);
        }
        let page = if root {
            cmd.clone()
        } else {
            cmd.clone()
                .mut_args(|a| if a.is_global_set() { a.hide(true) } else { a })
        };
        let man = clap_mangen::Man::new(page);
        let mut buf = Vec::new();
        man.render(&mut buf)
            .expect("rendering into memory cannot fail");
        let name = cmd.get_display_name().unwrap_or(cmd.get_name()).to_string();
        buf.extend_from_slice(extra_sections(&name, root).as_bytes());
        out.insert(Path::new("docs/man").join(man.get_filename()), buf);
    }
    let mut cmd = crate::cli::Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = BTreeMap::new();
    walk(&cmd, true, &mut out);
    out
}

/// Plain text as roff: backslashes escaped, no line starting with a control character.
fn roff(text: &str) -> String {
    text.lines()
        .map(|l| {
            let l = l.replace('\\', "\\e").replace('-', "\\-");
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

fn extra_sections(page: &str, root: bool) -> String {
    let mut out = String::from(".SH \"EXIT STATUS\"\n");
    out.push_str(&roff(
        "0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (a figure could not be read; nothing was done on it),\n\
         4 an action failed, 5 stopped (declined, needs --yes, gate held, interrupted),\n\
         64 usage error, 78 configuration error. The highest of 4, 5, 3, 2, 1 wins.",
    ));
    if root {
        out.push_str(".SH ENVIRONMENT\n");
        for (var, what) in [
            ("SWCACHE_URL", "base URL of the app (--url)"),
            ("SWCACHE_ENV", "named environment of the config (--env)"),
            ("SWCACHE_CONFIG", "config file (--config)"),
            (
                "SWCACHE_TOKEN, ADMIN_TOKEN",
                "bearer token for /api/admin/* (else --token-file or token_file)",
            ),
            ("SWCACHE_OUTPUT", "table or json (--output)"),
            ("SWCACHE_TIMEOUT", "deadline per request (--timeout)"),
            ("SWCACHE_AUDIT_LOG", "audit log path"),
            (
                "SWCACHE_STATE_DIR",
                "state directory shared by every user of a host: locks, run and rollback state, \
                 staging records, the audit log (state_dir)",
            ),
            (
                "SWCACHE_BROWSER",
                "the headless browser of probe (else [browser] path, else chromium, \
                 chromium-headless-shell or google-chrome on PATH)",
            ),
            (
                "XDG_CONFIG_HOME, XDG_STATE_HOME",
                "where the user config and the state (audit log, locks, rollback progress) live",
            ),
            ("NO_COLOR", "no colour in tables"),
            (
                "GITHUB_ACTIONS, GITHUB_STEP_SUMMARY",
                "annotations and a job summary in GitHub Actions",
            ),
        ] {
            out.push_str(&format!(".TP\n\\fB{}\\fR\n{}", var, roff(what)));
        }
        out.push_str(".SH FILES\n");
        for (file, what) in [
            (
                "./swcache.toml",
                "config file, when --config and SWCACHE_CONFIG name none",
            ),
            (
                "$XDG_CONFIG_HOME/swcache/config.toml",
                "user config file (~/.config/swcache/config.toml)",
            ),
            (
                "$XDG_STATE_HOME/swcache/audit.jsonl",
                "audit log of every write (~/.local/state/swcache/)",
            ),
            (
                "$XDG_STATE_HOME/swcache/locks/",
                "one lock per cron command and environment",
            ),
        ] {
            out.push_str(&format!(
                ".TP\n\\fB{}\\fR\n{}",
                roff(file).trim_end(),
                roff(what)
            ));
        }
    }
    let ex = crate::help::examples(page);
    if !ex.is_empty() {
        out.push_str(".SH EXAMPLES\n");
        for (cmd, what) in ex {
            out.push_str(&format!(
                ".TP\n\\fB{}\\fR\n{}",
                roff(cmd).trim_end(),
                roff(what)
            ));
        }
    }
    out.push_str(".SH \"SEE ALSO\"\n");
    out.push_str(&roff(if root {
        "The README and examples/swcache.toml (every config key)."
    } else {
        "swcache(1) for the global options (--env, --url, --config, --json, --yes, --dry-run, ...), the environment and the files."
    }));
    out
}
