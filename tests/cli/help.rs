//! `swcache SUBCOMMAND --help` in an 80-column terminal: the subcommand's own options, the
//! global ones named in one line, examples, and short enough to read at a glance.

use assert_cmd::Command;
use clap::CommandFactory;
use swcache::testing::Cli;
use swcache::testing::GLOBALS_LINE;

/// Every subcommand's words (`["rollout", "set"]`), groups included.
fn subcommands(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
    for sub in cmd.get_subcommands() {
        let mut words = prefix.to_vec();
        words.push(sub.get_name().to_string());
        out.push(words.clone());
        subcommands(sub, &words, out);
    }
}

fn help_at_80(args: &[String]) -> String {
    let out = Command::cargo_bin("swcache")
        .unwrap()
        .args(args)
        .arg("--help")
        .env("COLUMNS", "80")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_subcommand_help_is_its_own_options_and_examples_in_40_lines() {
    let mut all = Vec::new();
    subcommands(&Cli::command(), &[], &mut all);
    assert!(all.len() > 20, "{all:?}");
    for words in all {
        let help = help_at_80(&words);
        let lines: Vec<&str> = help.lines().collect();
        assert!(
            lines.len() <= 40,
            "{words:?}: {} lines\n{help}",
            lines.len()
        );
        assert!(
            lines.iter().all(|l| l.chars().count() <= 80),
            "{words:?}\n{help}"
        );
        assert!(lines.contains(&"Examples:"), "{words:?}\n{help}");
        assert!(lines.contains(&GLOBALS_LINE), "{words:?}\n{help}");
        // The global options are not listed one by one.
        assert!(!help.contains("--token-file <PATH>"), "{words:?}\n{help}");
        assert!(!help.contains("Global options:"), "{words:?}\n{help}");
    }
}

#[test]
fn the_top_level_help_lists_the_global_options() {
    let help = help_at_80(&[]);
    assert!(help.contains("Global options:"), "{help}");
    assert!(help.contains("--token-file <PATH>"), "{help}");
    assert!(!help.contains(GLOBALS_LINE), "{help}");
}
