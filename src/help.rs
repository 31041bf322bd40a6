//! Help layout: what `swcache SUBCOMMAND --help` shows besides clap's defaults. A subcommand's
//! help lists its own options, names the global ones in one line and ends with examples; the
//! global options are listed in full once, by `swcache --help`. The examples are also the man
//! pages' EXAMPLES (tests/generated.rs), so both say the same.

use clap::{Arg, Command, CommandFactory};

use crate::cli::Cli;

/// The line a subcommand's help shows instead of the global options.
pub const GLOBALS_LINE: &str =
    "Global options (--env, --yes, --dry-run, --json, …): see swcache --help";

/// The command line as parsed and as shown by `--help`: [`Cli`] with the help layout above.
/// (Completions keep [`Cli::command`]: every option of a subcommand is offered there.)
pub(crate) fn command() -> Command {
    let root = Cli::command();
    // A hidden copy of each global option in every subcommand: clap does not propagate an
    // option a subcommand already has, and the copy parses as the global one (same id).
    let globals: Vec<Arg> = root
        .get_arguments()
        .filter(|a| a.is_global_set())
        .map(|a| a.clone().hide(true))
        .collect();
    lay_out_subcommands(root, &globals, "swcache")
}

fn lay_out_subcommands(mut cmd: Command, globals: &[Arg], page: &str) -> Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_page = format!("{page}-{name}");
        cmd = cmd.mut_subcommand(&name, |sub| {
            let sub = lay_out(sub.args(globals.iter().cloned()), &sub_page);
            lay_out_subcommands(sub, globals, &sub_page)
        });
    }
    cmd
}

/// One subcommand's help: the globals line, then the examples, then any text of its own (exit
/// codes).
fn lay_out(cmd: Command, page: &str) -> Command {
    let mut after = format!("{GLOBALS_LINE}{}", examples_text(examples(page)));
    if let Some(more) = cmd.get_after_long_help() {
        after = format!("{after}\n\n{more}");
    }
    // One text after the options, for -h and --help alike (a long one would make --help the
    // spaced-out layout); `swcache --version` answers, a subcommand's help need not list it.
    cmd.after_help(after)
        .after_long_help(None::<&str>)
        .disable_version_flag(true)
}

/// `Examples:` and each example as a comment above its command line (copied as it is).
fn examples_text(examples: &[(&str, &str)]) -> String {
    let mut out = String::new();
    if examples.is_empty() {
        return out;
    }
    out.push_str("\n\nExamples:");
    for (cmd, what) in examples {
        out.push_str(&format!("\n  # {what}\n  {cmd}"));
    }
    out
}

/// `(command, what it does)` examples by man page name (`swcache-maintain-daily`), from the
/// README, the packaged cron/systemd/CI examples and the runbooks they replace. Long because it
/// is a table (one arm per page), not logic.
pub fn examples(page: &str) -> &'static [(&'static str, &'static str)] {
    match page {
        "swcache" => &[
            (
                "swcache config init --url https://yourapp.com --env production",
                "write a commented ./swcache.toml",
            ),
            (
                "swcache --env production validate",
                "check the served worker, the cache KPIs and the error rate",
            ),
            (
                "swcache --sandbox-scenario storage-pressure maintain daily",
                "try a command against the embedded sandbox app",
            ),
            (
                "swcache --env production --json rollout status",
                "the flag and the KPI gate as one JSON document",
            ),
        ],
        "swcache-validate" => &[
            (
                "swcache --env production validate --max-error-rate 3",
                "fail (exit 2) above 3 % errors",
            ),
            (
                "swcache --env production validate --precache",
                "also fetch every precached file from the edge",
            ),
            ("swcache --sandbox validate", "try it on the sandbox app"),
        ],
        "swcache-probe" => &[
            (
                "swcache --sandbox probe",
                "try it: headless Chromium on the sandbox app",
            ),
            (
                "swcache --env production probe",
                "the worker a browser runs, its precache, offline reload",
            ),
            (
                "swcache --env production probe --deadline 2m",
                "after a rollback: did it reach the kept client?",
            ),
            (
                "SWCACHE_BROWSER=/usr/bin/chromium swcache --env staging probe",
                "with another browser than the one on PATH",
            ),
        ],
        "swcache-deploy" => &[
            (
                "swcache deploy production --verify-only",
                "only verify what production serves",
            ),
            (
                "swcache --sandbox --dry-run deploy staging --skip-build --build-dir ./app",
                "rehearse: print each step and write, run none",
            ),
        ],
        "swcache-rollout" => &[
            (
                "swcache --env production rollout status --watch",
                "the flag and the gate, redrawn every 5 s",
            ),
            (
                "swcache --env production rollout advance",
                "next step of the schedule when the gate is open",
            ),
        ],
        "swcache-rollout-status" => &[
            (
                "swcache --env production rollout status",
                "the flag, every KPI against its threshold, the bake time",
            ),
            (
                "swcache --env production rollout status --watch 10s",
                "redrawn every 10 s with each figure's trend",
            ),
        ],
        "swcache-rollout-set" => &[
            (
                "swcache --env production rollout set 25 --groups beta-testers",
                "25 % and a user group, after a confirmation",
            ),
            (
                "swcache --env production --dry-run rollout set 50",
                "show the gate and the write, send nothing",
            ),
        ],
        "swcache-rollout-advance" => &[
            (
                "swcache --env production rollout advance --yes",
                "next step of 10,25,50,100 when the KPI gate is open",
            ),
            (
                "swcache --env production rollout advance --min-bake 36h",
                "a shorter bake than [rollout] min_bake",
            ),
        ],
        "swcache-rollout-enable" => &[
            (
                "swcache --env production rollout enable",
                "back on at the schedule's first step, when the gate is open",
            ),
            (
                "swcache --env production rollout enable 25",
                "back on at 25 %",
            ),
        ],
        "swcache-rollout-disable" => &[
            (
                "swcache --env production rollout disable",
                "the feature off for everyone, after a confirmation",
            ),
            (
                "swcache --env production --yes rollout disable",
                "the same from a script",
            ),
        ],
        "swcache-rollout-run" => &[
            (
                "swcache --env production --yes rollout run --bake 1h --until 50",
                "drive the schedule up to 50 %, an hour per step",
            ),
            (
                "swcache --env production --yes rollout run --resume",
                "continue an interrupted run",
            ),
        ],
        "swcache-rollback" => &[
            (
                "swcache --env production --yes rollback emergency",
                "flag off, cache cleared, worker reverted, now",
            ),
            (
                "swcache --env production rollback planned",
                "step down with a watched soak between steps",
            ),
        ],
        "swcache-rollback-emergency" => &[
            (
                "swcache --env production rollback emergency --dry-run",
                "print the plan, send no write",
            ),
            (
                "swcache --env production --yes rollback emergency",
                "run it without a confirmation",
            ),
            (
                "swcache --env production rollback emergency --kill-switch",
                "publish the kill-switch worker ([steps.publish_worker])",
            ),
            (
                "swcache --env production rollback emergency --wait-clients 95%",
                "then wait until 95 % of clients left the bad version",
            ),
        ],
        "swcache-rollback-planned" => &[
            (
                "swcache --env production rollback planned --steps 25,0 --step-wait 10m",
                "step down with a watched soak",
            ),
            (
                "swcache --env production rollback planned --resume",
                "continue an interrupted run",
            ),
        ],
        "swcache-maintain" => &[
            (
                "swcache --env production --yes maintain daily",
                "the daily cron job",
            ),
            (
                "swcache --env production maintain weekly",
                "the weekly report and its recommendations",
            ),
        ],
        "swcache-maintain-daily" => &[
            (
                "swcache --env production --yes maintain daily --textfile /var/lib/prometheus/node-exporter",
                "the cron job, observable by node_exporter",
            ),
            (
                "swcache --sandbox-scenario storage-pressure maintain daily",
                "see a cleanup on the sandbox app",
            ),
        ],
        "swcache-maintain-weekly" => &[
            (
                "swcache --env production maintain weekly --pushgateway http://pushgateway:9091",
                "weekly report, pushed to a Pushgateway",
            ),
            (
                "swcache --env production maintain weekly --apply",
                "apply the TTL and cleanup recommendations, after a confirmation",
            ),
        ],
        "swcache-incident" => &[
            (
                "swcache --env production incident error-rate",
                "assess, then roll back or cut the rollout",
            ),
            (
                "swcache --env production incident storage-quota",
                "clean up and watch storage recover",
            ),
        ],
        "swcache-incident-error-rate" => &[
            (
                "swcache --env production incident error-rate",
                "assess, then roll back or cut the rollout",
            ),
            (
                "swcache --env production --dry-run incident error-rate",
                "what it would do, sending no write",
            ),
        ],
        "swcache-incident-storage-quota" => &[
            (
                "swcache --env production incident storage-quota --recovery-wait 2m",
                "clean up and watch storage recover",
            ),
            (
                "swcache --env production incident storage-quota --limit 20",
                "list the 20 largest entries",
            ),
        ],
        "swcache-thresholds" => &[
            (
                "swcache thresholds show",
                "every threshold and where it came from",
            ),
            (
                "swcache thresholds alerts > /etc/prometheus/rules/swcache.yml",
                "alerting rules from the thresholds in force",
            ),
        ],
        "swcache-thresholds-show" => &[
            (
                "swcache thresholds show",
                "every threshold and where it came from",
            ),
            (
                "swcache --env production --json thresholds show",
                "the same as JSON",
            ),
        ],
        "swcache-thresholds-alerts" => &[(
            "swcache thresholds alerts > /etc/prometheus/rules/swcache.yml",
            "alerting rules from the thresholds in force",
        )],
        "swcache-thresholds-dashboard" => &[(
            "swcache thresholds dashboard > swcache-dashboard.json",
            "a Grafana dashboard to import",
        )],
        "swcache-config" => &[
            (
                "swcache config init --url https://yourapp.com --env production",
                "write a commented ./swcache.toml",
            ),
            ("swcache config check", "check it and list its environments"),
        ],
        "swcache-config-init" => &[
            (
                "swcache config init --url https://yourapp.com --env production --token-file /etc/swcache/production.token",
                "write a commented ./swcache.toml",
            ),
            (
                "swcache --config /etc/swcache/swcache.toml config init --force",
                "overwrite an existing file",
            ),
        ],
        "swcache-audit" => &[
            (
                "swcache audit --since 7d",
                "who changed what this week, from which host",
            ),
            (
                "swcache --json audit --env production --since 24h",
                "the last day's writes to production as JSON",
            ),
        ],
        "swcache-rollout-pause" => &[
            (
                "swcache --env production rollout pause",
                "hold the live rollout run (from any machine sharing its state)",
            ),
            ("swcache --env production rollout continue", "let it go on"),
        ],
        "swcache-rollout-continue" => &[(
            "swcache --env production rollout continue",
            "let a paused rollout run go on",
        )],
        "swcache-rollout-abort" => &[
            (
                "swcache --env production rollout abort",
                "end a held or stopped rollout run; the flag stays",
            ),
            (
                "swcache --env production rollout abort --rollback planned",
                "end it and step the flag down with soaks",
            ),
        ],
        "swcache-config-check" => &[
            (
                "swcache config check",
                "check ./swcache.toml and list its environments",
            ),
            (
                "swcache config check --online",
                "also try each environment: the app, the token, Prometheus, webhooks",
            ),
            (
                "swcache --config /etc/swcache/swcache.toml config check",
                "validate another config",
            ),
        ],
        "swcache-config-environments" => &[(
            "swcache config environments",
            "the environment names, one per line",
        )],
        "swcache-completions" => &[
            (
                "swcache completions bash > ~/.local/share/bash-completion/completions/swcache",
                "bash completions",
            ),
            (
                "swcache completions zsh > ~/.zfunc/_swcache",
                "zsh completions (with ~/.zfunc in fpath)",
            ),
        ],
        "swcache-sandbox" => &[
            (
                "swcache sandbox --port 8080 --scenario error-spike",
                "serve the sandbox app for a demo",
            ),
            (
                "swcache sandbox --fault /api/error-metrics:status=503",
                "serve it with a failing endpoint",
            ),
        ],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every subcommand below the root, as `(page, command)`.
    fn pages(cmd: &Command, page: &str, out: &mut Vec<(String, Command)>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let sub_page = format!("{page}-{}", sub.get_name());
            out.push((sub_page.clone(), sub.clone()));
            pages(sub, &sub_page, out);
        }
    }

    #[test]
    fn the_laid_out_command_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn every_subcommand_has_examples() {
        let mut all = Vec::new();
        pages(&Cli::command(), "swcache", &mut all);
        for (page, _) in &all {
            assert!(!examples(page).is_empty(), "{page} has no examples");
        }
    }

    #[test]
    fn a_global_option_still_parses_after_a_subcommand() {
        let m = command()
            .try_get_matches_from(["swcache", "rollout", "set", "25", "--env", "prod", "-y"])
            .unwrap();
        let cli = <Cli as clap::FromArgMatches>::from_arg_matches(&m).unwrap();
        assert_eq!(cli.global.env_name.as_deref(), Some("prod"));
        assert!(cli.global.yes);
    }

    #[test]
    fn root_help_lists_the_global_options() {
        let help = command().term_width(80).render_long_help().to_string();
        assert!(help.contains("--dry-run"), "{help}");
        assert!(!help.contains(GLOBALS_LINE), "{help}");
    }
}
