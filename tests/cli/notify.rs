//! `[notify]`: a webhook receiver on loopback, started by each test, records what swcache
//! posts; the messages' content, the token's and the webhook path's absence, and that a
//! failing or slow receiver only warns.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::support::{Fx, check};

/// The secret part of every webhook URL of these tests: it must never be printed.
const SECRET_PATH: &str = "T000/B000/s3cretWebhookPath";

#[derive(Clone, Copy)]
enum Reply {
    Ok,
    Fail,
    /// Answers only after this long (past the configured deadline).
    Slow(Duration),
}

#[derive(Debug, Clone)]
struct Request {
    path: String,
    head: String,
    body: Value,
}

struct Receiver {
    port: u16,
    seen: Arc<Mutex<Vec<Request>>>,
}

impl Receiver {
    fn start(reply: Reply) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let log = log.clone();
                std::thread::spawn(move || serve(conn, reply, &log));
            }
        });
        Receiver { port, seen }
    }

    fn url(&self, sink: &str) -> String {
        format!("http://127.0.0.1:{}/{sink}/{SECRET_PATH}", self.port)
    }

    fn requests(&self) -> Vec<Request> {
        self.seen.lock().unwrap().clone()
    }

    fn bodies(&self, sink: &str) -> Vec<Value> {
        self.requests()
            .into_iter()
            .filter(|r| r.path.starts_with(&format!("/{sink}/")))
            .map(|r| r.body)
            .collect()
    }
}

/// One HTTP/1.1 request, recorded, then answered as `reply` says.
fn serve(conn: TcpStream, reply: Reply, log: &Mutex<Vec<Request>>) {
    conn.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut head = String::new();
    let mut len = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
        let end = line == "\r\n";
        head.push_str(&line);
        if end {
            break;
        }
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok();
    let path = head.split_whitespace().nth(1).unwrap_or("").to_string();
    log.lock().unwrap().push(Request {
        path,
        head,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    });
    let mut conn = conn;
    let status = match reply {
        Reply::Ok => "200 OK",
        Reply::Fail => "500 Internal Server Error",
        Reply::Slow(d) => {
            std::thread::sleep(d);
            "200 OK"
        }
    };
    let _ = write!(
        conn,
        "HTTP/1.1 {status}\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"
    );
}

/// A config with both sinks: the JSON one inline, the Slack one from a file.
fn config(fx: &Fx, rx: &Receiver, extra: &str) -> String {
    let home = fx.home.path();
    std::fs::write(home.join("slack.url"), format!("{}\n", rx.url("slack"))).unwrap();
    let path = home.join("notify.toml");
    std::fs::write(
        &path,
        format!(
            "[notify]\n{extra}\n[[notify.sink]]\nkind = \"json\"\nurl = \"{}\"\n\n[[notify.sink]]\nkind = \"slack\"\nurl_file = \"slack.url\"\n",
            rx.url("json")
        ),
    )
    .unwrap();
    path.display().to_string()
}

/// Neither the token nor the webhooks' secret path reached the output or a receiver.
fn assert_no_secrets(fx: &Fx, rx: &Receiver, run: &crate::support::Run) {
    fx.assert_no_token(run);
    for r in rx.requests() {
        assert!(!r.head.contains(&fx.token), "token in a request's headers");
        assert!(
            !r.body.to_string().contains(&fx.token),
            "token in a message"
        );
    }
    assert!(!run.stdout.contains(SECRET_PATH), "webhook path on stdout");
    assert!(!run.stderr.contains(SECRET_PATH), "webhook path on stderr");
}

#[test]
fn a_rollout_set_is_told_to_both_sinks() {
    let fx = Fx::new();
    fx.set_flag_percentage(10);
    let rx = Receiver::start(Reply::Ok);
    let cfg = config(&fx, &rx, "");
    let run = fx.swcache(&["--config", &cfg, "--json", "--yes", "rollout", "set", "5"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let json = rx.bodies("json");
    assert_eq!(json.len(), 1, "{json:?}");
    let m = &json[0];
    assert_eq!(m["event"], "rollout-step");
    assert_eq!(m["command"], "rollout set");
    assert_eq!(m["environment"], "default");
    assert_eq!(m["status"], "ok");
    let summary = m["summary"].as_str().unwrap();
    assert!(summary.starts_with("set rollout to 5 %: done"), "{summary}");
    let slack = rx.bodies("slack");
    assert_eq!(slack.len(), 1, "{slack:?}");
    let text = slack[0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("swcache rollout set on default: rollout step — set rollout to 5 %: done"),
        "{text}"
    );
    assert_eq!(
        slack[0].as_object().unwrap().len(),
        1,
        "Slack's shape: text only"
    );
    assert!(
        run.json()["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["name"] != "notification")
    );
    assert_no_secrets(&fx, &rx, &run);
}

#[test]
fn an_incident_cut_is_told() {
    let fx = Fx::scenario("error-spike");
    fx.set_flag_percentage(50);
    let rx = Receiver::start(Reply::Ok);
    let cfg = config(&fx, &rx, "");
    let run = fx.swcache(&[
        "--config",
        &cfg,
        "--json",
        "--yes",
        "incident",
        "error-rate",
    ]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let json = rx.bodies("json");
    assert_eq!(json.len(), 1, "{json:?}");
    assert_eq!(json[0]["event"], "incident-action");
    assert_eq!(json[0]["command"], "incident error-rate");
    assert_eq!(json[0]["status"], "warning");
    let summary = json[0]["summary"].as_str().unwrap();
    assert!(
        summary.contains("cut rollout 50 % → 25 %: done"),
        "{summary}"
    );
    assert!(summary.starts_with("decision: "), "{summary}");
    let slack = rx.bodies("slack");
    assert!(
        slack[0]["text"]
            .as_str()
            .unwrap()
            .contains("incident action")
    );
    assert_no_secrets(&fx, &rx, &run);
}

#[test]
fn a_held_gate_is_told() {
    let fx = Fx::scenario("error-spike");
    let rx = Receiver::start(Reply::Ok);
    let cfg = config(&fx, &rx, "");
    let run = fx.swcache(&["--config", &cfg, "--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let json = rx.bodies("json");
    assert_eq!(json.len(), 1, "{json:?}");
    assert_eq!(json[0]["event"], "gate-held");
    assert_eq!(json[0]["status"], "stopped");
    assert!(
        json[0]["summary"]
            .as_str()
            .unwrap()
            .contains("error rate CRITICAL")
    );
}

#[test]
fn a_failing_receiver_only_warns() {
    let fx = Fx::new();
    fx.set_flag_percentage(10);
    let rx = Receiver::start(Reply::Fail);
    let cfg = config(&fx, &rx, "");
    let run = fx.swcache(&["--config", &cfg, "--json", "--yes", "rollout", "set", "5"]);
    // The write is done and confirmed; the failed notification is a WARNING: OK becomes 1.
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(fx.flag()["percentage"], 5);
    let doc = run.json();
    assert_eq!(doc["actions"][0]["outcome"], "done");
    let c = check(&doc, "notification");
    assert_eq!(c["status"], "warning");
    let detail = c["detail"].as_str().unwrap();
    assert!(detail.contains("HTTP 500"), "{detail}");
    assert!(detail.contains("after a retry"), "{detail}");
    assert!(detail.contains("http://127.0.0.1:"), "{detail}");
    assert!(run.stderr.contains("notify: "), "{}", run.stderr);
    // One message per sink, tried twice (one retry), no more.
    assert_eq!(rx.bodies("json").len(), 2);
    assert_eq!(rx.bodies("slack").len(), 2);
    assert_no_secrets(&fx, &rx, &run);
}

#[test]
fn a_slow_receiver_only_warns_within_its_deadline() {
    let fx = Fx::new();
    fx.set_flag_percentage(10);
    let rx = Receiver::start(Reply::Slow(Duration::from_secs(5)));
    let cfg = config(&fx, &rx, "timeout = \"300ms\"\nretries = 0");
    let run = fx.swcache(&["--config", &cfg, "--json", "--yes", "rollout", "set", "5"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let detail = check(&run.json(), "notification")["detail"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(detail.contains("no answer within the deadline"), "{detail}");
    assert_eq!(rx.bodies("json").len(), 1, "retries = 0: one try");
    assert_no_secrets(&fx, &rx, &run);
}

#[test]
fn no_notify_and_dry_run_send_nothing() {
    let fx = Fx::new();
    fx.set_flag_percentage(10);
    let rx = Receiver::start(Reply::Ok);
    let cfg = config(&fx, &rx, "");
    let run = fx.swcache(&["--config", &cfg, "--dry-run", "rollout", "set", "5"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("notify: would send to json http://127.0.0.1:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("\"event\":\"rollout-step\""),
        "{}",
        run.stderr
    );
    assert_no_secrets(&fx, &rx, &run);
    let run = fx.swcache(&[
        "--config",
        &cfg,
        "--no-notify",
        "--yes",
        "rollout",
        "set",
        "5",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(fx.flag()["percentage"], 5, "the write itself went");
    assert!(run.stderr.contains("--no-notify"), "{}", run.stderr);
    assert!(rx.requests().is_empty(), "{:?}", rx.requests());
}

#[test]
fn a_sandbox_run_never_reads_notify() {
    let fx = Fx::new();
    let rx = Receiver::start(Reply::Ok);
    let cfg = config(&fx, &rx, "");
    let run = fx.run(fx.bare().args([
        "--config",
        &cfg,
        "--sandbox",
        "--yes",
        "rollout",
        "set",
        "5",
    ]));
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(rx.requests().is_empty(), "{:?}", rx.requests());
}

#[test]
fn a_webhook_url_in_the_clear_is_refused_without_showing_it() {
    let fx = Fx::new();
    let path = fx.home.path().join("bad.toml");
    std::fs::write(
        &path,
        format!(
            "[[notify.sink]]\nkind = \"slack\"\nurl = \"http://chat.example.com/{SECRET_PATH}\"\n"
        ),
    )
    .unwrap();
    let run = fx.swcache(&["--config", path.to_str().unwrap(), "rollout", "status"]);
    assert_eq!(run.code, 78, "{}", run.stderr);
    assert!(run.stderr.contains("use https"), "{}", run.stderr);
    assert!(!run.stderr.contains(SECRET_PATH), "{}", run.stderr);
    // Nor when `kind` is missing (the error is not located at the `url` line).
    std::fs::write(
        &path,
        format!("[[notify.sink]]\nurl = \"https://chat.example.com/{SECRET_PATH}\"\n"),
    )
    .unwrap();
    let run = fx.swcache(&["--config", path.to_str().unwrap(), "rollout", "status"]);
    assert_eq!(run.code, 78, "{}", run.stderr);
    assert!(run.stderr.contains("kind is missing"), "{}", run.stderr);
    assert!(!run.stderr.contains(SECRET_PATH), "{}", run.stderr);
}

#[test]
fn a_planned_rollback_is_told_started_then_ended() {
    let fx = Fx::new();
    fx.set_flag_percentage(10);
    let rx = Receiver::start(Reply::Ok);
    let cfg = config(&fx, &rx, "");
    let run = fx.swcache(&[
        "--config",
        &cfg,
        "--json",
        "--yes",
        "rollback",
        "planned",
        "--step-wait",
        "0s",
    ]);
    let events: Vec<(String, String)> = rx
        .bodies("json")
        .iter()
        .map(|m| {
            (
                m["event"].as_str().unwrap().to_string(),
                m["summary"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        events[0].0, "rollback-started",
        "{events:?}\n{}",
        run.stderr
    );
    assert_eq!(events[0].1, "planned rollback started from 10 %");
    // No redeploy step is configured here: the run stops at it, and says how to go on.
    let end = &events[1];
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(end.0, "rollback-stopped", "{events:?}");
    assert!(end.1.contains("to continue: "), "{}", end.1);
    assert_eq!(events.len(), 2, "{events:?}");
    assert_no_secrets(&fx, &rx, &run);
}

#[test]
fn a_long_run_tells_each_step_while_it_runs() {
    // A rollout run baking 10 minutes at its first step: the channel hears of the step while
    // the run is still baking, not when it ends.
    let fx = Fx::new();
    fx.set_flag_percentage(0);
    let rx = Receiver::start(Reply::Ok);
    let cfg = config(&fx, &rx, "");
    let mut child = fx.spawn(&[
        "--config", &cfg, "--json", "--yes", "rollout", "run", "--bake", "10m", "--until", "25",
    ]);
    // A guard against a hang, not a timing assertion.
    let until = std::time::Instant::now() + Duration::from_secs(30);
    // Both sinks are told at once: wait for the two messages.
    let step = loop {
        let got = rx.bodies("json");
        if let Some(m) = got.iter().find(|m| m["event"] == "rollout-step")
            && !rx.bodies("slack").is_empty()
        {
            break m.clone();
        }
        assert!(
            std::time::Instant::now() < until,
            "no step message while the run goes on: {got:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run is still baking when the step is told"
    );
    assert_eq!(step["status"], "running", "{step}");
    assert_eq!(step["exit_code"], Value::Null, "{step}");
    assert!(
        step["summary"]
            .as_str()
            .unwrap()
            .starts_with("rollout run: enhanced-cache to 10 %: done"),
        "{step}"
    );
    let slack = rx.bodies("slack");
    assert!(
        slack
            .iter()
            .any(|m| m["text"].as_str().unwrap().ends_with("(run in progress)")),
        "{slack:?}"
    );
    // Stopped at its safe point: the step is not told twice at the end.
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    let steps = rx
        .bodies("json")
        .into_iter()
        .filter(|m| m["event"] == "rollout-step")
        .count();
    assert_eq!(steps, 1, "{:?}", rx.bodies("json"));
}
