use serde_json::json;

use crate::support::Fx;

#[test]
fn token_never_printed_or_logged() {
    let fx = Fx::new();
    let runs = [
        fx.swcache(&["-v", "validate"]),
        fx.swcache(&["-v", "--json", "rollout", "status"]),
        fx.swcache(&["-v", "--yes", "rollout", "set", "30"]),
        fx.swcache(&["-v", "--dry-run", "rollout", "set", "40"]),
        fx.swcache(&["-v", "rollout", "set", "50"]),
    ];
    for run in &runs {
        fx.assert_no_token(run);
    }
    let recorded = serde_json::to_string(&fx.requests()).unwrap();
    assert!(!recorded.contains(&fx.token));
}

#[test]
fn token_from_environment_works_and_is_not_shown() {
    let fx = Fx::new();
    let run = fx.run(
        fx.bare()
            .env("ADMIN_TOKEN", &fx.token)
            .args(["--url", &fx.url, "-v", "--yes", "rollout", "set", "20"]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    fx.assert_no_token(&run);
}

#[test]
fn redirect_to_another_host_is_not_followed() {
    let fx = Fx::new();
    let other = Fx::new();
    fx.fault(json!({"path": "/api/admin/feature-flags", "redirect": format!("{}/api/admin/feature-flags", other.url)}));
    let run = fx.swcache(&["--json", "rollout", "status"]);
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("another host"), "{}", run.stdout);
    assert!(
        other.requests().is_empty(),
        "the other host got nothing, so no token"
    );
}

#[test]
fn usage_and_config_errors() {
    let fx = Fx::new();
    assert_eq!(fx.swcache(&["--no-such-flag", "validate"]).code, 64);
    assert_eq!(fx.swcache(&["frobnicate"]).code, 64);
    assert_eq!(fx.swcache(&["--timeout", "forever", "validate"]).code, 64);
    assert_eq!(fx.swcache(&["--help"]).code, 0);
    let cfg = fx.home.path().join("bad.toml");
    std::fs::write(&cfg, "[thresholds]\nmax_error_rat = 5\n").unwrap();
    let run = fx.run(fx.cmd().arg("--config").arg(&cfg).arg("validate"));
    assert_eq!(run.code, 78);
    assert!(
        run.stderr.contains("bad.toml:2:") && run.stderr.contains("max_error_rat"),
        "{}",
        run.stderr
    );
    let run = fx.run(fx.bare().arg("validate"));
    assert_eq!(run.code, 78, "no URL anywhere: {}", run.stderr);
}

#[test]
fn config_file_environment_is_used() {
    let fx = Fx::new();
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        format!(
            "default_env = \"sandbox\"\n[environments.sandbox]\nurl = \"{}\"\ntoken_file = \"admin.token\"\n[thresholds]\nmax_error_rate = 2\n",
            fx.url
        ),
    )
    .unwrap();
    let run = fx.run(fx.bare().args(["--json", "validate"]));
    assert_eq!(
        run.code, 2,
        "2.4 % is above the file's 2 %: {}\n{}",
        run.stdout, run.stderr
    );
    assert_eq!(run.json()["environment"], "sandbox");
    let run = fx.run(fx.bare().args(["--json", "rollout", "status"]));
    assert_eq!(
        run.json()["flag"]["percentage"],
        10.0,
        "token_file from the config works"
    );
}

#[test]
fn help_lists_only_working_commands() {
    let fx = Fx::new();
    let help = fx.swcache(&["--help"]).stdout;
    for cmd in [
        "validate",
        "deploy",
        "rollout",
        "rollback",
        "maintain",
        "incident",
        "thresholds",
        "completions",
        "sandbox",
    ] {
        assert!(help.contains(cmd), "{help}");
    }
}

#[test]
fn broken_pipe_is_not_a_panic() {
    let fx = Fx::new();
    let bin = assert_cmd::cargo::cargo_bin("swcache");
    let script = format!(
        "'{}' --url '{}' --token-file '{}' validate | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}",
        bin.display(),
        fx.url,
        fx.token_file.display()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("HOME", fx.home.path())
        .env("XDG_STATE_HOME", fx.home.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let code: i32 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert!(code == 0 || code == 141, "exit {code}");
}
