//! Trust in what goes out and what comes in: the token only where it is needed and safe, output
//! exact whatever the token is, outside text escaped and scrubbed where it enters, every body
//! read capped, and requests that survive a server dropping kept-alive connections.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::json;

use crate::support::Fx;

fn config(fx: &Fx, text: &str) -> std::path::PathBuf {
    let p = fx.home.path().join("swcache.toml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn token_is_not_sent_in_cleartext_to_another_host() {
    let fx = Fx::new();
    // `.invalid` never resolves: even a bug could not reach anything.
    let base = "default_env = \"prod\"\n[environments.prod]\nurl = \"http://app.invalid\"\ntoken_file = \"admin.token\"\n";
    config(&fx, base);
    let run = fx.run(fx.bare().args(["rollout", "status"]));
    assert_eq!(run.code, 78, "{}", run.stderr);
    assert!(run.stderr.contains("allow_insecure_http"), "{}", run.stderr);
    assert!(run.stderr.contains("http://app.invalid"), "{}", run.stderr);

    // The opt-out is per environment: set, the request goes (and fails to resolve: 3).
    config(&fx, &format!("{base}allow_insecure_http = true\n"));
    let run = fx.run(fx.bare().args(["rollout", "status"]));
    assert_eq!(run.code, 3, "{}", run.stderr);

    // validate sends no token, so plain http is no reason to refuse it.
    config(&fx, base);
    let run = fx.run(fx.bare().args(["validate"]));
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        !run.stderr.contains("allow_insecure_http"),
        "{}",
        run.stderr
    );
}

#[test]
fn read_only_commands_do_not_need_the_token() {
    let fx = Fx::new();
    let missing = fx.home.path().join("no-such.token");
    for args in [
        &["validate"][..],
        &["thresholds", "show"][..],
        &["thresholds", "alerts"][..],
    ] {
        let run = fx.run(
            fx.bare()
                .arg("--url")
                .arg(&fx.url)
                .arg("--token-file")
                .arg(&missing)
                .args(args),
        );
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    // A command that sends it still says at once that it cannot be read.
    let run = fx.run(
        fx.bare()
            .arg("--url")
            .arg(&fx.url)
            .arg("--token-file")
            .arg(&missing)
            .args(["rollout", "status"]),
    );
    assert_eq!(run.code, 78, "{}", run.stderr);
    assert!(run.stderr.contains("no-such.token"), "{}", run.stderr);
}

#[test]
fn a_badly_pasted_token_is_a_config_error_at_load() {
    let fx = Fx::new();
    let cases = [
        ("bearer", format!("Bearer {}\n", fx.token), "Bearer"),
        ("bom", format!("\u{feff}{}\n", fx.token), "byte-order mark"),
        (
            "two lines",
            format!("{}\nsecond\n", fx.token),
            "more than one line",
        ),
    ];
    for (name, text, says) in cases {
        let path = fx.home.path().join(format!("{name}.token"));
        std::fs::write(&path, text).unwrap();
        let run = fx.run(
            fx.bare()
                .arg("--url")
                .arg(&fx.url)
                .arg("--token-file")
                .arg(&path)
                .args(["rollout", "status"]),
        );
        assert_eq!(run.code, 78, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{name}: {}", run.stderr);
        fx.assert_no_token(&run);
    }
    assert!(fx.requests().is_empty(), "nothing was sent");
}

#[cfg(unix)]
#[test]
fn a_token_file_others_can_read_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let fx = Fx::new();
    std::fs::set_permissions(&fx.token_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = fx.swcache(&["rollout", "status"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("can be read by others"),
        "{}",
        run.stderr
    );
    std::fs::set_permissions(&fx.token_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = fx.swcache(&["rollout", "status"]);
    assert!(
        !run.stderr.contains("can be read by others"),
        "{}",
        run.stderr
    );
}

#[test]
fn bounds_in_the_file_name_their_line() {
    let fx = Fx::new();
    for (text, says) in [
        ("timeout = \"0s\"\n", "timeout"),
        ("retries = 20\n", "retries"),
        ("retry_after_cap = \"1h\"\n", "retry_after_cap"),
        ("[max_body]\ncache_metrics = 0\n", "max_body"),
    ] {
        // The offending key is on the file's last line.
        config(&fx, &format!("# a comment\n{text}"));
        let line = text.lines().count() + 1;
        let run = fx.swcache(&["rollout", "status"]);
        assert_eq!(run.code, 78, "{text}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("swcache.toml:{line}:")) && run.stderr.contains(says),
            "{text}: {}",
            run.stderr
        );
    }
}

/// Whatever the token is, swcache's own JSON and tables are printed exactly: only what the
/// app says is scrubbed.
#[test]
fn output_stays_exact_with_a_short_token() {
    for token in ["0", "a", "s"] {
        let fx = Fx::with_token("healthy", Some(token));
        let run = fx.swcache(&["--json", "rollout", "status"]);
        assert_eq!(run.code, 0, "token {token}: {}", run.stderr);
        let doc = run.json();
        assert_eq!(doc["exit_code"], 0, "token {token}");
        assert_eq!(doc["status"], "ok", "token {token}");
        let run = fx.swcache(&["rollout", "status"]);
        assert!(run.stdout.contains("Status: OK (exit 0)"), "{}", run.stdout);
    }
}

#[test]
fn what_the_app_echoes_of_the_token_is_scrubbed_where_it_enters() {
    let fx = Fx::new();
    fx.fault(json!({"path": "/api/admin/feature-flags", "method": "GET",
        "set_field": "enhanced-cache.userGroups", "value": [format!("x-{}-y", fx.token)]}));
    let run = fx.swcache(&["--json", "rollout", "status"]);
    fx.assert_no_token(&run);
    assert!(run.stdout.contains("x-***-y"), "{}", run.stdout);

    // A redirect away from the app, its Location carrying the token: not in the output, not
    // in the audit line of the failed write.
    fx.clear_faults();
    fx.fault(json!({"path": "/api/admin/feature-flags", "method": "POST",
        "redirect": format!("http://127.0.0.2:9/x?t={}", fx.token)}));
    let run = fx.swcache(&["--json", "--yes", "rollout", "set", "30"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    fx.assert_no_token(&run);
    let audit = std::fs::read_to_string(fx.audit_log()).unwrap();
    assert!(audit.contains("t=***"), "{audit}");
}

#[test]
fn control_characters_from_the_app_are_escaped_for_the_terminal() {
    let fx = Fx::new();
    let hostile = "\u{1b}]0;pwned\u{7}\r\u{1b}[2Kbeta\u{9b}";
    fx.fault(json!({"path": "/api/admin/feature-flags", "method": "GET",
        "set_field": "enhanced-cache.userGroups", "value": [hostile]}));
    let run = fx.swcache(&["rollout", "status"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for c in ['\u{1b}', '\u{7}', '\r', '\u{9b}'] {
        assert!(!run.stdout.contains(c), "{c:?} in {}", run.stdout);
    }
    assert!(run.stdout.contains("\\u{1b}]0;pwned"), "{}", run.stdout);
    // JSON carries the value exactly, escaped as JSON escapes it.
    let run = fx.swcache(&["--json", "rollout", "status"]);
    assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{9b}'));
    assert!(
        run.stdout.contains(&"\\u001b]0;pwned".to_string()),
        "{}",
        run.stdout
    );
    assert_eq!(run.json()["flag"]["userGroups"][0], hostile);
}

#[test]
fn each_endpoint_reads_only_what_it_returns() {
    let fx = Fx::new();
    // 2 MB of cache metrics: far more than the endpoint ever returns.
    fx.fault(json!({"path": "/api/cache-metrics", "method": "GET", "body_bytes": 2_000_000}));
    let run = fx.swcache(&["--json", "maintain", "daily"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("GET /api/cache-metrics: body larger than"),
        "{}",
        run.stdout
    );
    // The cap is the config's to raise.
    config(&fx, "[max_body]\ncache_metrics = 4194304\n");
    let run = fx.swcache(&["--json", "maintain", "daily"]);
    assert!(!run.stdout.contains("body larger than"), "{}", run.stdout);
}

#[test]
fn a_server_dropping_kept_alive_connections_does_not_fail_a_rollout() {
    let fx = Fx::new();
    fx.fault(json!({"path": "*", "close_reused": true}));
    let run = fx.swcache(&["--json", "--yes", "rollout", "set", "30"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    fx.clear_faults();
    assert_eq!(fx.flag()["percentage"], 30);
}

#[cfg(unix)]
#[test]
fn a_non_utf8_path_is_an_argument_not_a_panic() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let fx = Fx::new();
    let name = OsStr::from_bytes(b"t\xff.token");
    let path = fx.home.path().join(name);
    std::fs::copy(&fx.token_file, &path).unwrap();
    let run = fx.run(
        fx.bare()
            .arg("--url")
            .arg(&fx.url)
            .arg("--token-file")
            .arg(&path)
            .args(["--yes", "rollout", "set", "30"]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = &fx.audit_lines()[0];
    assert!(
        line["command"]
            .as_str()
            .unwrap()
            .contains("t\u{fffd}.token"),
        "{line}"
    );
    let missing = fx.home.path().join(OsStr::from_bytes(b"gone\xff"));
    let run = fx.run(
        fx.bare()
            .arg("--url")
            .arg(&fx.url)
            .arg("--token-file")
            .arg(&missing)
            .args(["rollout", "status"]),
    );
    assert_eq!(run.code, 78, "{}", run.stderr);
}

#[test]
fn plain_http_needs_no_trust_store() {
    let fx = Fx::new();
    let empty = fx.home.path().join("empty-ca");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("bundle.pem"), "").unwrap();
    let run = fx.run(
        fx.cmd()
            .env("SSL_CERT_FILE", empty.join("bundle.pem"))
            .env("SSL_CERT_DIR", &empty)
            .args(["rollout", "status"]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// A Pushgateway answering 500 with a huge body: one short line, no `user:pass@`, and the
/// body not read past its excerpt (the server sees the client hang up).
#[test]
fn a_pushgateway_error_is_short_and_hides_the_userinfo() {
    let fx = Fx::new();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    const TOTAL: u64 = 256 * 1024 * 1024;
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut buf = [0u8; 65536];
        let mut seen = Vec::new();
        // The request's headers and body (the push is small).
        while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = s.read(&mut buf).unwrap();
            if n == 0 {
                return;
            }
            seen.extend_from_slice(&buf[..n]);
        }
        let head = format!(
            "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: {TOTAL}\r\n\r\n"
        );
        if s.write_all(head.as_bytes()).is_err() {
            return;
        }
        let chunk = vec![b'x'; 65536];
        while counter.load(Ordering::SeqCst) < TOTAL {
            match s.write(&chunk) {
                Ok(n) if n > 0 => {
                    counter.fetch_add(n as u64, Ordering::SeqCst);
                }
                _ => return,
            }
        }
    });
    let run = fx.swcache(&[
        "maintain",
        "daily",
        "--pushgateway",
        &format!("http://user:hunter2@127.0.0.1:{port}"),
    ]);
    server.join().unwrap();
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("Pushgateway"))
        .unwrap_or_else(|| panic!("no Pushgateway warning:\n{}", run.stdout));
    assert!(line.contains("HTTP 500"), "{line}");
    assert!(line.len() < 600, "{} bytes: {line:.300}", line.len());
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
    assert!(!run.stdout.contains("hunter2"), "{}", run.stdout);
    assert!(
        sent.load(Ordering::SeqCst) < TOTAL,
        "the whole error body was read"
    );
}

/// A self-signed certificate for 127.0.0.1 (valid until 2126), for a server no system trusts.
const SELF_SIGNED_CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIBjzCCATagAwIBAgIUc7ynBEWPK+B6smfvZdljZkhm5T4wCgYIKoZIzj0EAwIw\nFDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyNTE3NDczMVoYDzIxMjYxMTAx\nMTc0NzMxWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO\nPQMBBwNCAATb54vNqRsdYyBZUPEe+JM4jtejcYoUPOkeH7n0yCzz+NOLtnZA+wmc\n6zYyf3nra0jrPdsfL1GrJyNlW1D+e4nuo2QwYjAdBgNVHQ4EFgQUZcpyM7BqYQH4\nHleoRsMNAzjWNskwHwYDVR0jBBgwFoAUZcpyM7BqYQH4HleoRsMNAzjWNskwDwYD\nVR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0cAMEQC\nIHPhyLjjCNB33i5e/1XtJHYKXtjcLjLh446os7xmEU/gAiBL7h8BEDwXzdxNA41S\nFsEbjxXTWAgprF28+EnZmwwBAg==\n-----END CERTIFICATE-----";
const SELF_SIGNED_KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgdpnyJdn5h6q+i7TY\nvnh4GF4ac9KnIKmotoTZdY/Bq6OhRANCAATb54vNqRsdYyBZUPEe+JM4jtejcYoU\nPOkeH7n0yCzz+NOLtnZA+wmc6zYyf3nra0jrPdsfL1GrJyNlW1D+e4nu\n-----END PRIVATE KEY-----";

/// An https server with a certificate nobody trusts: one clear line, and no retries (the
/// server counts the handshakes).
#[test]
fn an_untrusted_certificate_is_one_line_and_not_retried() {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let fx = Fx::new();
    let cert = CertificateDer::from_pem_slice(SELF_SIGNED_CERT.as_bytes()).unwrap();
    let key = PrivateKeyDer::from_pem_slice(SELF_SIGNED_KEY.as_bytes()).unwrap();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let tls = Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let handshakes = Arc::new(AtomicU64::new(0));
    let count = handshakes.clone();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopped = stop.clone();
    let server = std::thread::spawn(move || {
        while !stopped.load(Ordering::SeqCst) {
            match listener.accept() {
                Ok((mut sock, _)) => {
                    count.fetch_add(1, Ordering::SeqCst);
                    sock.set_nonblocking(false).unwrap();
                    sock.set_read_timeout(Some(std::time::Duration::from_secs(5)))
                        .unwrap();
                    let mut conn = rustls::ServerConnection::new(tls.clone()).unwrap();
                    // The client refuses the certificate: the handshake fails, as it should.
                    let _ = conn.complete_io(&mut sock);
                }
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    });
    // With retries allowed, a retried handshake would show as 6 per request.
    config(&fx, "retries = 5\n");
    let run = fx.run(
        fx.bare()
            .arg("--url")
            .arg(format!("https://127.0.0.1:{port}"))
            .arg("--token-file")
            .arg(&fx.token_file)
            .args(["rollout", "status"]),
    );
    stop.store(true, Ordering::SeqCst);
    server.join().unwrap();
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stdout.contains("certificate not trusted: "),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    assert!(!run.stdout.contains("attempts"), "{}", run.stdout);
    // rollout status reads four endpoints: one handshake each, none again.
    assert!(
        handshakes.load(Ordering::SeqCst) <= 4,
        "retried: {handshakes:?}"
    );
    fx.assert_no_token(&run);
}
