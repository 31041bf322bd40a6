//! The checked-in bash completion, loaded in a real bash: `--env` offers the config's
//! environments (asked of the binary at completion time), `--sandbox-scenario` the scenarios.

use std::process::Command as StdCommand;

use crate::support::Fx;

/// COMPREPLY for the words typed so far (the last one is being completed).
fn complete(fx: &Fx, words: &[&str]) -> Vec<String> {
    let bin = assert_cmd::cargo::cargo_bin("swcache");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/completions/swcache.bash");
    let words: Vec<String> = std::iter::once(format!("'{}'", bin.display()))
        .chain(words.iter().map(|w| format!("'{w}'")))
        .collect();
    let program = format!(
        "source '{script}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\n_swcache \"${{COMP_WORDS[0]}}\" \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words.join(" "),
        words.len() - 1
    );
    let out = StdCommand::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(program)
        .current_dir(fx.home.path())
        .env("HOME", fx.home.path())
        .env("XDG_CONFIG_HOME", fx.home.path().join("config"))
        .env_remove("SWCACHE_CONFIG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn bash_completes_environments_from_the_config_and_scenarios() {
    let fx = Fx::new();
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        "[environments.staging]\nurl = \"https://s.example\"\n\n[environments.prod-eu]\nurl = \"https://p.example\"\n",
    )
    .unwrap();
    let mut envs = complete(&fx, &["--env", ""]);
    envs.sort();
    assert_eq!(envs, ["prod-eu", "staging"]);
    assert_eq!(
        complete(&fx, &["maintain", "daily", "--env", "st"]),
        ["staging"]
    );
    let scenarios = complete(&fx, &["--sandbox-scenario", "storage-"]);
    assert!(
        scenarios.contains(&"storage-pressure".to_string()) && scenarios.len() == 3,
        "{scenarios:?}"
    );
    assert_eq!(complete(&fx, &["--output", "j"]), ["json", "jsonl"]);
}
