//! `[gate] alertmanager` and `hold_on` against a real Alertmanager (Debian's
//! `prometheus-alertmanager`, which .ci/test installs) started by the test on loopback: a
//! firing alert the matchers pick holds every raise, one they do not pick does not, its
//! resolution releases the gate, and an Alertmanager that cannot be read holds as UNKNOWN.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Value, json};

use crate::prometheus::{get_text, run_with};
use crate::support::{Fx, check, flag_percentages};

const ALERTMANAGER: &str = "/usr/bin/prometheus-alertmanager";
/// A bound on Alertmanager starting and taking an alert on a loaded machine, not a time the
/// tests expect to take.
const WAIT: Duration = Duration::from_secs(45);

const HOLD_ON: &str = r#"hold_on = ["severity=critical", "alertname=~\"Cache.*\""]"#;

/// An Alertmanager of the test's own: loopback, a free port, a temporary store, no cluster,
/// every alert routed to a receiver that sends nothing. Killed when dropped.
struct Alertmanager {
    child: Option<Child>,
    url: String,
    dir: tempfile::TempDir,
}

impl Alertmanager {
    fn start() -> Alertmanager {
        assert!(
            std::path::Path::new(ALERTMANAGER).exists(),
            "{ALERTMANAGER} is missing: install Debian's `prometheus-alertmanager` (.ci/test does)"
        );
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("alertmanager.yml");
        std::fs::write(
            &config,
            "route:\n  receiver: \"null\"\nreceivers:\n  - name: \"null\"\n",
        )
        .unwrap();
        let port = free_port();
        let log = std::fs::File::create(dir.path().join("alertmanager.log")).unwrap();
        let child = Command::new(ALERTMANAGER)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .arg(format!(
                "--storage.path={}",
                dir.path().join("data").display()
            ))
            .arg("--cluster.listen-address=")
            .arg("--log.level=warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("alertmanager starts");
        let am = Alertmanager {
            child: Some(child),
            url: format!("http://127.0.0.1:{port}"),
            dir,
        };
        am.wait_until("ready", |_| true);
        am
    }

    /// The alerts the gate reads (active, not silenced, not inhibited), `None` while the server
    /// is not answering.
    fn active(&self) -> Option<Value> {
        let url = format!(
            "{}/api/v2/alerts?active=true&silenced=false&inhibited=false",
            self.url
        );
        serde_json::from_str(&get_text(&url)?).ok()
    }

    /// Waits (bounded) until the active alerts satisfy `ok`.
    fn wait_until(&self, what: &str, ok: impl Fn(&[Value]) -> bool) {
        let started = Instant::now();
        loop {
            let alerts = self.active();
            if alerts
                .as_ref()
                .and_then(Value::as_array)
                .is_some_and(|a| ok(a))
            {
                return;
            }
            assert!(
                started.elapsed() < WAIT,
                "Alertmanager at {} never {what} within {WAIT:?} (last: {alerts:?}); log:\n{}",
                self.url,
                std::fs::read_to_string(self.dir.path().join("alertmanager.log"))
                    .unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Posts one alert (`POST /api/v2/alerts`), firing or, with `resolved`, ended a minute ago,
    /// and waits until the alerts API shows it so.
    fn post(&self, name: &str, severity: &str, resolved: bool) {
        let now = SystemTime::now();
        let stamp = |t: SystemTime| humantime::format_rfc3339_seconds(t).to_string();
        let mut alert = json!({
            "labels": {"alertname": name, "severity": severity, "service": "web"},
            "annotations": {"summary": "from the test"},
            "startsAt": stamp(now - Duration::from_secs(600)),
        });
        if resolved {
            alert["endsAt"] = json!(stamp(now - Duration::from_secs(60)));
        } else {
            alert["endsAt"] = json!(stamp(now + Duration::from_secs(3600)));
        }
        let status = post_json(&format!("{}/api/v2/alerts", self.url), &json!([alert]));
        assert_eq!(status, Some(200), "Alertmanager took the alert");
        let shown = |a: &[Value]| a.iter().any(|x| x["labels"]["alertname"] == name);
        if resolved {
            self.wait_until(&format!("dropped {name}"), |a| !shown(a));
        } else {
            self.wait_until(&format!("showed {name}"), shown);
        }
    }
}

impl Drop for Alertmanager {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// POST a JSON body (2 s deadline): the status, `None` on any failure.
fn post_json(url: &str, body: &Value) -> Option<u16> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .ok()?;
        let resp = client.post(url).json(body).send().await.ok()?;
        Some(resp.status().as_u16())
    })
}

/// A config whose gate reads `url`'s alerts, holding on `hold_on`.
fn config(fx: &Fx, url: &str, hold_on: &str) -> PathBuf {
    let path = fx.home.path().join("alerts.toml");
    std::fs::write(
        &path,
        format!("[gate]\nalertmanager = \"{url}\"\n{hold_on}\n"),
    )
    .unwrap();
    path
}

fn fx_at_10() -> Fx {
    let fx = Fx::new();
    fx.set_flag_percentage(10);
    fx
}

fn advance(fx: &Fx, cfg: &PathBuf) -> crate::support::Run {
    run_with(fx, cfg, &["--json", "--yes", "rollout", "advance"])
}

/// A firing CacheHitRateLow (critical) holds `advance` and `rollout run` with nothing written,
/// its name in the gate; resolved, the same `advance` writes 25 %.
#[test]
fn a_matching_alert_holds_every_raise_until_it_resolves() {
    let fx = fx_at_10();
    let am = Alertmanager::start();
    let cfg = config(&fx, &am.url, HOLD_ON);
    am.post("CacheHitRateLow", "critical", false);

    let run = advance(&fx, &cfg);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let name = "alert CacheHitRateLow firing (severity=critical)";
    assert_eq!(check(&doc, name)["status"], "critical");
    assert_eq!(doc["gate"]["open"], false);
    assert!(
        doc["stopped"].as_str().unwrap_or_default().contains(name),
        "{}",
        doc["stopped"]
    );
    // Every other figure is within its target: the alert alone holds.
    for c in doc["checks"].as_array().unwrap() {
        if c["name"] != name {
            assert_eq!(c["status"], "ok", "{c}");
        }
    }
    assert!(fx.writes().is_empty(), "nothing written: {:?}", fx.writes());
    let table = run_with(&fx, &cfg, &["--yes", "rollout", "advance"]);
    assert_eq!(table.code, 5);
    assert!(
        table.stdout.contains(&format!("{name} CRITICAL")),
        "{}",
        table.stdout
    );

    let run = run_with(
        &fx,
        &cfg,
        &[
            "--json", "--yes", "rollout", "run", "--bake", "0s", "--until", "50",
        ],
    );
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["run"]["outcome"], "held", "{doc}");
    let stopped = doc["stopped"].as_str().unwrap_or_default();
    assert!(
        stopped.contains("before the first step") && stopped.contains(name),
        "{stopped}"
    );
    assert!(flag_percentages(&fx).is_empty(), "no step taken");
    assert!(fx.writes().is_empty(), "nothing written: {:?}", fx.writes());

    am.post("CacheHitRateLow", "critical", true);
    let run = advance(&fx, &cfg);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(check(&run.json(), "alertmanager")["status"], "ok");
    assert_eq!(flag_percentages(&fx), vec![json!(25)]);
    assert_eq!(fx.flag()["percentage"], 25);
}

/// Alerts the matchers do not pick (a warning, a critical one of another name) fire on:
/// the gate is open and `advance` writes.
#[test]
fn an_alert_the_matchers_do_not_pick_does_not_hold() {
    let fx = fx_at_10();
    let am = Alertmanager::start();
    let cfg = config(&fx, &am.url, HOLD_ON);
    am.post("CacheHitRateLow", "warning", false);
    am.post("DiskFull", "critical", false);

    let run = advance(&fx, &cfg);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let c = check(&doc, "alertmanager");
    assert_eq!(c["status"], "ok", "{c}");
    assert!(
        c["detail"].as_str().unwrap().contains("(2 active)"),
        "both alerts were read: {c}"
    );
    assert_eq!(flag_percentages(&fx), vec![json!(25)]);

    // A second list of matchers picks the disk alert: held.
    let cfg = config(
        &fx,
        &am.url,
        r#"hold_on = [["severity=critical", "alertname=~Cache.*"], ["alertname=DiskFull"]]"#,
    );
    let run = advance(&fx, &cfg);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        check(&run.json(), "alert DiskFull firing")["status"],
        "critical"
    );
    assert_eq!(
        flag_percentages(&fx),
        vec![json!(25)],
        "nothing more written"
    );
}

/// Nothing listening, or a server that is not Alertmanager (the sandbox app answers 404):
/// UNKNOWN, which holds, and nothing is written.
#[test]
fn an_alertmanager_that_cannot_be_read_holds_as_unknown() {
    let fx = fx_at_10();
    let nowhere = format!("http://127.0.0.1:{}", free_port());
    for (url, cause) in [
        (nowhere.as_str(), "cannot connect"),
        (fx.url.as_str(), "HTTP 404"),
    ] {
        let cfg = config(&fx, url, HOLD_ON);
        let run = advance(&fx, &cfg);
        assert_eq!(run.code, 5, "{url}: {}\n{}", run.stdout, run.stderr);
        let doc = run.json();
        let c = check(&doc, "alertmanager");
        assert_eq!(c["status"], "unknown", "{c}");
        let detail = c["detail"].as_str().unwrap();
        assert!(
            detail.starts_with("GET /api/v2/alerts: ") && detail.contains(cause),
            "{detail}"
        );
        assert_eq!(doc["gate"]["open"], false);
        assert!(fx.writes().is_empty(), "nothing written: {:?}", fx.writes());
    }
}

/// The two keys go together, and a matcher that does not parse is refused at load.
#[test]
fn alert_keys_are_checked_at_load() {
    let fx = fx_at_10();
    for (text, says) in [
        (
            "[gate]\nalertmanager = \"http://127.0.0.1:9093\"\n",
            "needs hold_on",
        ),
        (
            "[gate]\nhold_on = [\"severity=critical\"]\n",
            "needs alertmanager",
        ),
        (
            "[gate]\nalertmanager = \"http://127.0.0.1:9093\"\nhold_on = [\"severity\"]\n",
            "not followed by =",
        ),
        (
            "[gate]\nalertmanager = \"http://127.0.0.1:9093\"\nhold_on = []\n",
            "at least one matcher",
        ),
    ] {
        let path = fx.home.path().join("bad.toml");
        std::fs::write(&path, text).unwrap();
        let run = run_with(&fx, &path, &["rollout", "status"]);
        assert_eq!(run.code, 78, "{text}: {}\n{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(says), "{text}: {}", run.stderr);
    }
    assert!(fx.writes().is_empty());
}

/// A loopback reverse proxy in front of the test's Alertmanager (which has no auth of its own)
/// that passes a request on only with `Authorization: <want>`, else answers 401. It records
/// each request's path and Authorization header.
struct AuthProxy {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// A request's path and its Authorization header.
type Seen = (String, Option<String>);

impl AuthProxy {
    fn start(upstream: &str, want: &str) -> AuthProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (log, upstream, want) = (seen.clone(), upstream.to_string(), want.to_string());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (path, auth) = serve_one(stream, &upstream, &want);
                log.lock().unwrap().push((path, auth));
            }
        });
        AuthProxy { url, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// One request, one answer, then the connection closes.
fn serve_one(mut stream: TcpStream, upstream: &str, want: &str) -> (String, Option<String>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap_or_default();
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut auth = None;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':')
            && k.eq_ignore_ascii_case("authorization")
        {
            auth = Some(v.trim().to_string());
        }
    }
    let (status, body) = if auth.as_deref() == Some(want) {
        match get_text(&format!("{upstream}{path}")) {
            Some(b) => ("200 OK", b),
            None => ("502 Bad Gateway", String::new()),
        }
    } else {
        ("401 Unauthorized", "unauthorized\n".to_string())
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    (path, auth)
}

/// A config whose `[gate.alertmanager]` table adds `auth` lines to the URL.
fn config_with_auth(fx: &Fx, url: &str, auth: &str) -> PathBuf {
    let path = fx.home.path().join("alerts-auth.toml");
    std::fs::write(
        &path,
        format!("[gate]\n{HOLD_ON}\n\n[gate.alertmanager]\nurl = \"{url}\"\n{auth}\n"),
    )
    .unwrap();
    path
}

/// Bearer token from `token_file`, from `SWCACHE_ALERTMANAGER_TOKEN`, and basic auth: each
/// sent to the Alertmanager URL (through a proxy that demands it) so the firing alert is read
/// and holds; a wrong credential is answered 401, which is UNKNOWN and holds too. The
/// credentials reach no output: an alert whose name carries the token shows `***`.
#[test]
fn credentials_go_to_alertmanager_and_nowhere_else() {
    const TOKEN: &str = "am-bearer-7d41c9e2";
    const PASSWORD: &str = "am-basic-pw-9f2c";
    let fx = fx_at_10();
    let am = Alertmanager::start();
    am.post(&format!("CacheLeak-{TOKEN}"), "critical", false);
    am.post(&format!("CacheLeak-{PASSWORD}"), "critical", false);
    std::fs::write(fx.home.path().join("am.token"), format!("{TOKEN}\n")).unwrap();
    std::fs::write(fx.home.path().join("am.password"), format!("{PASSWORD}\n")).unwrap();
    std::fs::write(fx.home.path().join("wrong.token"), "not-the-token\n").unwrap();
    let bearer = AuthProxy::start(&am.url, &format!("Bearer {TOKEN}"));
    let basic = AuthProxy::start(&am.url, "Basic c3djYWNoZTphbS1iYXNpYy1wdy05ZjJj");

    // Held by a firing alert (so the alerts were read), whose name shows the run's `secret`
    // scrubbed; the secret in no output.
    let held_by_the_alert = |run: &crate::support::Run, secret: &str, how: &str| {
        assert_eq!(run.code, 5, "{how}: {}\n{}", run.stdout, run.stderr);
        let doc = run.json();
        let c = check(&doc, "alert CacheLeak-*** firing (severity=critical)");
        assert_eq!(c["status"], "critical", "{how}: {c}");
        for out in [&run.stdout, &run.stderr] {
            assert!(!out.contains(secret), "{how}: {out}");
        }
        fx.assert_no_token(run);
        assert!(fx.writes().is_empty(), "{how}: nothing written");
    };

    let cfg = config_with_auth(&fx, &bearer.url, "token_file = \"am.token\"");
    held_by_the_alert(&advance(&fx, &cfg), TOKEN, "token_file");

    let cfg = config_with_auth(&fx, &bearer.url, "");
    let mut cmd = fx.cmd();
    cmd.env("SWCACHE_ALERTMANAGER_TOKEN", TOKEN)
        .arg("--config")
        .arg(&cfg)
        .args(["--json", "--yes", "rollout", "advance"]);
    held_by_the_alert(&fx.run(&mut cmd), TOKEN, "SWCACHE_ALERTMANAGER_TOKEN");

    let cfg = config_with_auth(
        &fx,
        &basic.url,
        "username = \"swcache\"\npassword_file = \"am.password\"",
    );
    held_by_the_alert(&advance(&fx, &cfg), PASSWORD, "basic auth");

    // Every request the proxies saw was for the alerts, with the credential configured.
    let bearer_seen = bearer.seen();
    assert_eq!(bearer_seen.len(), 2, "{bearer_seen:?}");
    for (path, auth) in bearer_seen.iter().chain(&basic.seen()) {
        assert!(path.starts_with("/api/v2/alerts?"), "{path}");
        assert!(auth.is_some(), "{path}");
    }

    // A wrong token: 401, UNKNOWN, held; so is no credential at all.
    for (auth, how) in [
        ("token_file = \"wrong.token\"", "wrong token"),
        ("", "none"),
    ] {
        let cfg = config_with_auth(&fx, &bearer.url, auth);
        let run = advance(&fx, &cfg);
        assert_eq!(run.code, 5, "{how}: {}\n{}", run.stdout, run.stderr);
        let c = check(&run.json(), "alertmanager").clone();
        assert_eq!(c["status"], "unknown", "{how}: {c}");
        assert!(
            c["detail"].as_str().unwrap().contains("HTTP 401"),
            "{how}: {c}"
        );
        assert!(fx.writes().is_empty());
    }
    assert_eq!(
        bearer.seen().last().map(|(_, a)| a.clone()),
        Some(None),
        "no credential configured, none sent"
    );

    // `config check --online` reads the alerts with the credentials, as a run would.
    for (auth, code, status) in [
        ("token_file = \"am.token\"", 0, "ok"),
        ("token_file = \"wrong.token\"", 3, "unknown"),
    ] {
        let cfg = config_with_auth(&fx, &bearer.url, auth);
        let run = run_with(&fx, &cfg, &["--json", "config", "check", "--online"]);
        assert_eq!(run.code, code, "{auth}: {}\n{}", run.stdout, run.stderr);
        let c = check(&run.json(), "default: alertmanager").clone();
        assert_eq!(c["status"], status, "{auth}: {c}");
        if code == 3 {
            assert!(c["detail"].as_str().unwrap().contains("HTTP 401"), "{c}");
        }
        assert!(!run.stdout.contains(TOKEN), "{}", run.stdout);
    }
}

/// The credentials' keys: one kind at a time, basic auth whole, no unknown key, files that
/// read, and never the app's admin token.
#[test]
fn alertmanager_credentials_are_checked_at_load() {
    let fx = fx_at_10();
    std::fs::write(fx.home.path().join("am.token"), "am-token-1234\n").unwrap();
    // Only its owner reads it: `config check` warns of a token file others can read.
    std::fs::set_permissions(
        fx.home.path().join("am.token"),
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    std::fs::write(
        fx.home.path().join("admin-copy.token"),
        format!("{}\n", fx.token),
    )
    .unwrap();
    for (auth, says) in [
        (
            "token_file = \"am.token\"\nusername = \"u\"\npassword_file = \"am.token\"",
            "not both",
        ),
        ("username = \"u\"", "needs password_file"),
        ("password_file = \"am.token\"", "needs username"),
        ("tokn_file = \"am.token\"", "tokn_file"),
        ("token_file = \"missing.token\"", "cannot read"),
        ("token_file = \"admin-copy.token\"", "admin token"),
    ] {
        let cfg = config_with_auth(&fx, "http://127.0.0.1:9093", auth);
        let run = run_with(&fx, &cfg, &["rollout", "status"]);
        assert_eq!(run.code, 78, "{auth}: {}\n{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(says), "{auth}: {}", run.stderr);
        assert!(run.stderr.contains("alerts-auth.toml:"), "{}", run.stderr);
        fx.assert_no_token(&run);
    }
    // `swcache config check` takes the same keys.
    let cfg = config_with_auth(&fx, "http://127.0.0.1:9093", "token_file = \"am.token\"");
    let run = run_with(&fx, &cfg, &["config", "check"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("am-token-1234"), "{}", run.stdout);
}
