//! `config init` / `config check`: the first run, without a terminal (flags) — the terminal
//! questions need a pty and are not exercised here.

use crate::support::Fx;

#[test]
fn init_writes_a_config_that_check_and_the_commands_accept() {
    let fx = Fx::new();
    let path = fx.home.path().join("etc/swcache.toml");
    let init = |extra: &[&str]| {
        fx.run(
            fx.bare()
                .arg("--config")
                .arg(&path)
                .args(["--url", &fx.url, "--env", "prod-eu", "--token-file"])
                .arg(&fx.token_file)
                .args(["config", "init"])
                .args(extra),
        )
    };
    let run = init(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("[environments.prod-eu]"), "{text}");
    assert!(text.contains("default_env = \"prod-eu\""), "{text}");
    assert!(
        text.lines().filter(|l| l.starts_with('#')).count() > 20,
        "commented"
    );
    assert!(
        !text.contains(&fx.token),
        "the token file's path, never the token"
    );

    // It refuses to overwrite, unless --force.
    std::fs::write(&path, format!("{text}# edited\n")).unwrap();
    let again = init(&[]);
    assert_eq!(again.code, 5, "{}", again.stderr);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .ends_with("# edited\n")
    );
    assert_eq!(init(&["--force"]).code, 0);

    let check = fx.run(
        fx.bare()
            .arg("--config")
            .arg(&path)
            .args(["--json", "config", "check"]),
    );
    assert_eq!(check.code, 0, "{}", check.stderr);
    let doc = check.json();
    let envs = doc["environments"].as_array().unwrap();
    assert_eq!(envs.len(), 1);
    assert_eq!(envs[0]["name"], "prod-eu");
    assert_eq!(envs[0]["default"], true);
    assert_eq!(envs[0]["url"], format!("{}/", fx.url.trim_end_matches('/')));
    assert!(envs[0]["token"].as_str().unwrap().starts_with("file "));
    fx.assert_no_token(&check);
    let names =
        fx.run(
            fx.bare()
                .arg("--config")
                .arg(&path)
                .args(["--json", "config", "environments"]),
        );
    // The one document shape, like every --json output.
    let doc = names.json();
    assert_eq!(doc["environments"], serde_json::json!(["prod-eu"]));
    assert_eq!(
        (doc["status"].as_str(), doc["exit_code"].as_u64()),
        (Some("ok"), Some(0))
    );
    let json_init = fx.run(
        fx.bare()
            .arg("--config")
            .arg(fx.home.path().join("other.toml"))
            .args(["--json", "--url", &fx.url, "--env", "e1", "config", "init"]),
    );
    let doc = json_init.json();
    assert_eq!(
        (doc["status"].as_str(), doc["exit_code"].as_u64()),
        (Some("ok"), Some(0))
    );
    assert_eq!(doc["command"], "config init");
    assert!(doc["config_file"].as_str().unwrap().ends_with("other.toml"));

    // A command with only that file: its URL and token come from it.
    let validate = fx.run(fx.bare().arg("--config").arg(&path).arg("validate"));
    assert_eq!(validate.code, 0, "{}\n{}", validate.stdout, validate.stderr);
}

#[test]
fn init_without_a_terminal_needs_the_url() {
    let fx = Fx::new();
    let run = fx.run(fx.bare().args(["config", "init"]));
    assert_eq!(run.code, 64, "{}", run.stderr);
    assert!(run.stderr.contains("--url"), "{}", run.stderr);
    assert!(!fx.home.path().join("swcache.toml").exists());
    let bad = fx.run(fx.bare().args([
        "--url",
        "https://a.example",
        "--env",
        "prod eu",
        "config",
        "init",
    ]));
    assert_eq!(bad.code, 64, "{}", bad.stderr);
}

#[test]
fn check_names_the_file_and_line_of_an_error() {
    let fx = Fx::new();
    let path = fx.home.path().join("swcache.toml");
    std::fs::write(
        &path,
        "default_env = \"staging\"\n\n[environments.staging]\nurl = \"https://s.example\"\ntimeout = \"soon\"\n",
    )
    .unwrap();
    let run = fx.run(fx.bare().args(["config", "check"]));
    assert_eq!(run.code, 78, "{}", run.stderr);
    assert!(run.stderr.contains("swcache.toml:5:"), "{}", run.stderr);

    std::fs::write(&path, "[metrics]\nhit_ratio = \"cache-hit\"\n").unwrap();
    let run = fx.run(fx.bare().args(["config", "check"]));
    assert_eq!(run.code, 78, "{}", run.stderr);
    assert!(run.stderr.contains("swcache.toml:2:"), "{}", run.stderr);

    std::fs::remove_file(&path).unwrap();
    let run = fx.run(fx.bare().args(["config", "check"]));
    assert_eq!(run.code, 78, "{}", run.stderr);
    assert!(run.stderr.contains("config init"), "{}", run.stderr);
}

#[test]
fn a_step_with_a_zero_timeout_is_refused() {
    let fx = Fx::new();
    let path = fx.home.path().join("swcache.toml");
    for (timeout, code) in [("0s", 78), ("0ms", 78), ("1s", 0)] {
        std::fs::write(
            &path,
            format!("[steps.revert_worker]\ncommand = \"true\"\ntimeout = \"{timeout}\"\n"),
        )
        .unwrap();
        let run = fx.run(fx.bare().args(["config", "check"]));
        assert_eq!(run.code, code, "{timeout}: {}", run.stderr);
        if code == 78 {
            assert!(
                run.stderr.contains("swcache.toml:3:") && run.stderr.contains("more than 0s"),
                "{}",
                run.stderr
            );
        }
    }
}

/// A missing token file is found by `config check`, not by `rollback emergency` at 3 a.m.
#[test]
fn check_catches_a_missing_or_readable_token_file() {
    let fx = Fx::new();
    let path = fx.home.path().join("swcache.toml");
    std::fs::write(
        &path,
        "[environments.production]\nurl = \"https://p.example\"\ntoken_file = \"production.token\"\n",
    )
    .unwrap();
    let run = fx.run(fx.bare().args(["--json", "config", "check"]));
    assert_eq!(run.code, 78, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let error = doc["error"].as_str().unwrap_or_default().to_string() + &run.stderr;
    assert!(
        error.contains("environment production") && error.contains("production.token"),
        "{doc:#}"
    );
    // Present but readable by others: valid, with a WARNING (exit 1).
    let token = fx.home.path().join("production.token");
    std::fs::write(&token, "s3cret-token-value\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let run = fx.run(fx.bare().args(["config", "check"]));
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("chmod 600"), "{}", run.stdout);
    assert!(!run.stdout.contains("s3cret-token-value"));
}

/// `config check --online` against the sandbox: one line per environment and thing tried, for
/// real; a token the app rejects and an app that does not answer are 3, a webhook whose host
/// does not resolve alone is 1, all working is 0. Nothing is written, no message sent.
#[test]
fn config_check_online_tries_each_environment_for_real() {
    let fx = crate::support::Fx::new();
    let wrong = fx.home.path().join("wrong.token");
    std::fs::write(&wrong, "not-the-sandbox-token\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrong, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let config = fx.home.path().join("swcache.toml");
    let write = |notify: &str| {
        std::fs::write(
            &config,
            format!(
                "default_env = \"good\"\n\
                 [environments.good]\nurl = \"{url}\"\ntoken_file = \"{good}\"\n\
                 [environments.rejected]\nurl = \"{url}\"\ntoken_file = \"{wrong}\"\n\
                 [environments.down]\nurl = \"http://127.0.0.1:1\"\ntoken_file = \"{good}\"\n\
                 {notify}",
                url = fx.url,
                good = fx.token_file.display(),
                wrong = wrong.display(),
            ),
        )
        .unwrap()
    };
    write("");
    let run = fx.run(fx.bare().args(["--json", "config", "check", "--online"]));
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let status = |name: &str| crate::support::check(&doc, name)["status"].clone();
    assert_eq!(status("good: app"), "ok", "{doc:#}");
    assert_eq!(status("good: token"), "ok");
    assert_eq!(status("rejected: app"), "ok");
    assert_eq!(status("rejected: token"), "unknown");
    assert!(
        crate::support::check(&doc, "rejected: token")["detail"]
            .as_str()
            .unwrap()
            .contains("401")
    );
    assert_eq!(status("down: app"), "unknown");
    assert!(fx.writes().is_empty(), "reads only");
    fx.assert_no_token(&run);

    let good = fx.run(
        fx.bare()
            .args(["--env", "good", "config", "check", "--online"]),
    );
    assert_eq!(good.code, 0, "{}\n{}", good.stdout, good.stderr);
    assert!(
        good.stdout.contains("good: token") && !good.stdout.contains("rejected"),
        "{}",
        good.stdout
    );

    // A webhook whose host does not resolve: a WARNING (1); one that does is OK. No message.
    write(
        "[[notify.sink]]\nkind = \"json\"\nurl = \"http://localhost:9/hook\"\n\
         [[notify.sink]]\nkind = \"slack\"\nurl = \"https://no-such-host.invalid/secret-path\"\n",
    );
    let run = fx.run(
        fx.bare()
            .args(["--json", "--env", "good", "config", "check", "--online"]),
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let hooks: Vec<(String, String)> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"].as_str().unwrap().contains("webhook"))
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(hooks.len(), 2, "{doc:#}");
    assert_eq!(hooks[0].1, "ok", "{hooks:?}");
    assert_eq!(hooks[1].1, "warning", "{hooks:?}");
    assert!(
        !run.stdout.contains("secret-path"),
        "the webhook's path is a secret"
    );
}
