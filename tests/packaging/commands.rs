//! Every swcache command line the shipped schedulers run parses with today's CLI, so an
//! example cannot drift from the flags it names.

use clap::Parser;
use swcache::testing::Cli;

use crate::support::root;

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The crontab's and the units' command lines, from `/usr/bin/swcache` up to a redirection.
fn command_lines(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once("/usr/bin/swcache "))
        .map(|(_, rest)| {
            std::iter::once("swcache".to_string())
                .chain(
                    rest.split_whitespace()
                        .take_while(|w| !w.starts_with(">>") && !w.starts_with("2>"))
                        .map(String::from),
                )
                .collect()
        })
        .collect()
}

/// A CronJob's `args:` list.
fn container_args(text: &str) -> Vec<String> {
    let mut lines = text.lines().skip_while(|l| l.trim() != "args:").skip(1);
    let mut args = vec!["swcache".to_string()];
    for l in lines.by_ref() {
        match l.trim().strip_prefix("- ") {
            Some(a) => args.push(a.to_string()),
            None => break,
        }
    }
    args
}

#[test]
fn scheduled_command_lines_parse() {
    let mut all = Vec::new();
    for (path, expected) in [
        ("examples/cron/crontab", 2),
        ("examples/systemd/swcache-daily.service", 1),
        ("examples/systemd/swcache-weekly.service", 1),
    ] {
        let found = command_lines(&read(path));
        assert_eq!(found.len(), expected, "{path}: {found:?}");
        all.extend(found);
    }
    for path in [
        "examples/kubernetes/cronjob-daily.yaml",
        "examples/kubernetes/cronjob-weekly.yaml",
    ] {
        let args = container_args(&read(path));
        assert!(args.len() > 3, "{path}: {args:?}");
        all.push(args);
    }
    for args in all {
        if let Err(e) = Cli::try_parse_from(&args) {
            panic!("{args:?} does not parse:\n{e}");
        }
        let joined = args.join(" ");
        assert!(
            joined.contains("--output jsonl"),
            "{joined}: one JSON line per run"
        );
        assert!(
            joined.contains("maintain daily") || joined.contains("maintain weekly"),
            "{joined}"
        );
    }
}
