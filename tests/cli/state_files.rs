//! Where swcache keeps its files: every path built from a name is one file-safe component,
//! XDG_STATE_HOME is honoured only when absolute. (How they are opened, and an audit log that
//! cannot take a line, are in `files`.)

use crate::support::Fx;

#[test]
fn an_environment_name_with_a_slash_gets_working_locks_and_state() {
    let fx = Fx::new();
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        format!(
            "[environments.\"prod/eu\"]\nurl = \"{}\"\ntoken_file = \"{}\"\n\
             [steps.redeploy]\ncommand = \"true\"\n\
             [steps.database_rollback]\ncommand = \"true\"\n",
            fx.url,
            fx.token_file.display()
        ),
    )
    .unwrap();
    let run = fx.run(
        fx.bare()
            .args(["--env", "prod/eu", "--json", "maintain", "daily"]),
    );
    assert!(run.code < 64, "exit {}: {}", run.code, run.stderr);
    let run = fx.run(
        fx.bare()
            .args(["--env", "prod/eu", "--yes", "rollback", "planned"]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let state = fx.home.path().join("state/swcache");
    assert!(state.join("rollback/planned-prod%2Feu.json").is_file());
    // The lock is the app's (keyed by its URL), whatever the environment is called.
    assert!(fx.write_lock().is_file());
    assert!(!state.join("locks/rollback-planned-prod").exists());
}

#[test]
fn an_empty_or_relative_xdg_state_home_is_ignored() {
    for value in ["", "relative/state"] {
        let fx = Fx::new();
        let run = fx.run(
            fx.cmd()
                .env("XDG_STATE_HOME", value)
                .args(["--yes", "rollout", "set", "5"]),
        );
        assert_eq!(run.code, 0, "{value:?}: {}", run.stderr);
        let home = fx.home.path();
        assert!(
            home.join(".local/state/swcache/audit.jsonl").is_file(),
            "{value:?}: the audit log is not under ~/.local/state"
        );
        assert!(
            !home.join("swcache").exists(),
            "{value:?}: wrote into ./swcache"
        );
        assert!(
            !home.join("relative").exists(),
            "{value:?}: wrote under a relative path"
        );
    }
}
