//! `swcache sandbox`: serves the embedded app in the foreground with a private token file, and
//! refuses a bad `--fault` as a usage error before writing anything.

use std::io::BufRead as _;
use std::os::unix::fs::PermissionsExt as _;
use std::time::Duration;

use serde_json::Value;

use crate::support::Fx;

#[test]
fn serve_writes_a_private_token_file_serves_with_it_and_stops_on_sigterm() {
    let fx = Fx::new();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("swcache"));
    fx.isolate(&mut cmd);
    let mut child = cmd
        .args([
            "--json",
            "sandbox",
            "--port",
            "0",
            "--scenario",
            "error-spike",
        ])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The first stdout line says where it listens; read it off-thread so a hang fails.
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(60));
    let info: Value = match line {
        Ok(l) => serde_json::from_str(&l).unwrap_or(Value::Null),
        Err(_) => Value::Null,
    };
    if info.is_null() {
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        panic!(
            "no listening line; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let url = info["url"].as_str().unwrap().to_string();
    let token_file = std::path::PathBuf::from(info["token_file"].as_str().unwrap());
    assert_eq!(
        token_file,
        fx.home.path().join("state/swcache/sandbox-0.token")
    );
    let meta = std::fs::metadata(&token_file).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let token = std::fs::read_to_string(&token_file).unwrap();
    assert!(
        token.ends_with('\n') && token.trim().len() == 32,
        "one 32-char token and a newline"
    );

    let run = fx.run(
        fx.bare()
            .args(["--json", "--url", &url, "--token-file"])
            .arg(&token_file)
            .arg("validate"),
    );
    // error-spike: the served scenario, not the fixture's healthy one.
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);

    let ok = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains(token.trim()));
}

#[test]
fn a_bad_fault_spec_is_a_usage_error_and_writes_no_token() {
    let fx = Fx::new();
    let run = fx.run(fx.bare().args([
        "sandbox",
        "--port",
        "0",
        "--fault",
        "/api/error-metrics:status=banana",
    ]));
    assert_eq!(run.code, 64, "{}", run.stderr);
    assert!(
        run.stderr.contains("--fault") && run.stderr.contains("status=banana"),
        "{}",
        run.stderr
    );
    assert!(
        !fx.home
            .path()
            .join("state/swcache/sandbox-0.token")
            .exists()
    );
}
