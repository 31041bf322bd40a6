//! One secret registry, applied at every exit: each kind of secret the config and environment
//! hold (admin token, Prometheus bearer token or password, a webhook URL's path and query, a
//! `--pushgateway` URL's password) is planted in every place a server can echo it (the app's
//! values, keys and error bodies; a hostile Prometheus, webhook and Pushgateway that echo it in
//! their error bodies), for each command and output format; none may reach stdout, stderr, the
//! audit log, a state file, the textfile or the step summary.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::json;

use crate::support::{Fx, Run};

const PROM_BEARER: &str = "promBearer7Xq9";
const PROM_PASSWORD: &str = "promPass4Kd2";
const HOOK_PATH: &str = "/hook/hookPath8Zr3";
const HOOK_QUERY: &str = "sig=hookSig5Tm1";
const PG_PASSWORD: &str = "pgPass6Wy0";

/// A server on loopback that answers every request 400 with a Prometheus-style error echoing
/// `echo` (Prometheus, a webhook and a Pushgateway all quote it), and records the request lines
/// (to prove each hostile role was reached).
struct Hostile {
    port: u16,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Hostile {
    fn start(echo: String) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let (log, echo) = (log.clone(), echo.clone());
                std::thread::spawn(move || answer(conn, &echo, &log));
            }
        });
        Hostile { port, seen }
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

fn answer(conn: TcpStream, echo: &str, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    log.lock().unwrap().push(line.trim().to_string());
    let mut length = 0;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let mut conn = conn;
    let _ = write!(
        conn,
        "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{echo}",
        echo.len()
    );
}

#[derive(Clone, Copy, Debug)]
enum Place {
    /// A string value the report shows (the worker's version).
    Value,
    /// An object key (a cache named after the secrets).
    Key,
    /// An error the app answers with (its Retry-After is quoted; its body is not).
    ErrorBody,
}

#[derive(Clone, Copy, Debug)]
enum Prom {
    Bearer,
    Basic,
}

struct Case {
    fx: Fx,
    hostile: Hostile,
    config: PathBuf,
    summary: PathBuf,
    textfile: PathBuf,
    secrets: Vec<String>,
}

impl Case {
    fn new(place: Place, prom: Prom) -> Case {
        let fx = Fx::new();
        let all = [
            fx.token.as_str(),
            PROM_BEARER,
            PROM_PASSWORD,
            HOOK_PATH,
            HOOK_QUERY,
            PG_PASSWORD,
        ];
        // Echoed: all of them. Held (so scrubbed): all but the Prometheus credential this
        // config does not use; the Pushgateway's only by a run given `--pushgateway`.
        let echo = format!("echo {}", all.join(" "));
        let unused = match prom {
            Prom::Bearer => PROM_PASSWORD,
            Prom::Basic => PROM_BEARER,
        };
        let secrets: Vec<String> = all
            .iter()
            .filter(|s| **s != unused)
            .map(|s| s.to_string())
            .collect();
        let hostile = Hostile::start(
            json!({"status": "error", "errorType": "bad_data", "error": echo}).to_string(),
        );
        let home = fx.home.path();
        std::fs::write(home.join("prom.token"), format!("{PROM_BEARER}\n")).unwrap();
        std::fs::write(home.join("prom.pass"), format!("{PROM_PASSWORD}\n")).unwrap();
        let auth = match prom {
            Prom::Bearer => "bearer_token_file = \"prom.token\"".to_string(),
            Prom::Basic => {
                "basic_auth_user = \"u\"\nbasic_auth_password_file = \"prom.pass\"".to_string()
            }
        };
        let config = home.join("swcache.toml");
        std::fs::write(
            &config,
            format!(
                "default_env = \"sb\"\n[environments.sb]\nurl = \"{url}\"\ntoken_file = \"admin.token\"\n\
                 [metrics]\nsource = \"prometheus\"\n[metrics.prometheus]\nurl = \"http://127.0.0.1:{port}\"\n{auth}\n\
                 [notify]\nretries = 0\n[[notify.sink]]\nkind = \"json\"\nurl = \"http://127.0.0.1:{port}{HOOK_PATH}?{HOOK_QUERY}\"\n",
                url = fx.url,
                port = hostile.port,
            ),
        )
        .unwrap();
        match place {
            Place::Value => fx.fault(json!({"path": "/api/sw-status", "method": "GET",
                "set_field": "version", "value": echo})),
            Place::Key => fx.patch_state(json!({"hit_rates": {
                all.join("-"): {"hits": 1, "misses": 1, "ratio": 0.5}}})),
            Place::ErrorBody => fx.fault(json!({"path": "*", "method": "GET",
                "status": 500, "retry_after": echo, "body": echo})),
        }
        Case {
            summary: home.join("summary.md"),
            textfile: home.join("textfile"),
            fx,
            hostile,
            config,
            secrets,
        }
    }

    /// One run, with what earlier runs wrote removed (what each run holds differs).
    fn run(&self, args: &[&str]) -> Run {
        let _ = std::fs::remove_file(&self.summary);
        let _ = std::fs::remove_dir_all(self.fx.home.path().join("state"));
        let _ = std::fs::remove_dir_all(&self.textfile);
        self.fx.run(
            self.fx
                .bare()
                .arg("--config")
                .arg(&self.config)
                .env("GITHUB_ACTIONS", "true")
                .env("GITHUB_STEP_SUMMARY", &self.summary)
                .args(args),
        )
    }

    /// No secret in the run's output nor in any file it may have written.
    fn assert_no_secret(&self, what: &str, run: &Run) {
        let mut places = vec![
            ("stdout".to_string(), run.stdout.clone()),
            ("stderr".to_string(), run.stderr.clone()),
        ];
        for dir in [self.fx.home.path().join("state"), self.textfile.clone()] {
            // The write lock's holder line too: it records the command line.
            for f in files(&dir) {
                places.push((f.display().to_string(), read(&f)));
            }
        }
        places.push(("step summary".into(), read(&self.summary)));
        let pushed = run_args_push(what);
        for (place, text) in places {
            for s in self.secrets.iter().filter(|s| pushed || *s != PG_PASSWORD) {
                assert!(
                    !text.contains(s.as_str()),
                    "{what}: secret {s:?} in {place}:\n{text}"
                );
            }
        }
    }
}

/// Whether the run (described by `what`) was given `--pushgateway`, so holds its password.
fn run_args_push(what: &str) -> bool {
    what.contains("--pushgateway")
}

fn read(p: &Path) -> String {
    std::fs::read(p)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let p = e.path();
            if p.is_dir() { files(&p) } else { vec![p] }
        })
        .collect()
}

#[test]
fn no_secret_leaves_through_any_exit_whatever_echoes_it() {
    let mut hostile_roles = Vec::new();
    for (i, place) in [Place::Value, Place::Key, Place::ErrorBody]
        .into_iter()
        .enumerate()
    {
        let prom = if i % 2 == 0 {
            Prom::Bearer
        } else {
            Prom::Basic
        };
        let case = Case::new(place, prom);
        let textfile = case.textfile.display().to_string();
        let pushgateway = format!("http://pgu:{PG_PASSWORD}@127.0.0.1:{}", case.hostile.port);
        let commands: [Vec<&str>; 3] = [
            vec!["validate"],
            vec![
                "maintain",
                "daily",
                "--textfile",
                &textfile,
                "--pushgateway",
                &pushgateway,
            ],
            vec!["--yes", "rollout", "advance"],
        ];
        for command in &commands {
            for json in [true, false] {
                let mut args: Vec<&str> = if json { vec!["--json"] } else { vec![] };
                args.extend(command.iter().copied());
                let run = case.run(&args);
                let what = format!("{place:?} {prom:?} {args:?}");
                if json {
                    // Scrubbed string by string: still one JSON document.
                    run.json();
                }
                case.assert_no_secret(&what, &run);
                if matches!(place, Place::ErrorBody) {
                    assert!(
                        run.stdout.contains("***"),
                        "{what}: nothing echoed?\n{}",
                        run.stdout
                    );
                }
            }
        }
        if matches!(place, Place::Key) {
            let run = case.run(&["--json", "maintain", "daily"]);
            assert!(
                run.stdout.contains("***"),
                "the cache named after the secrets is shown masked:\n{}",
                run.stdout
            );
        }
        hostile_roles.extend(case.hostile.seen());
    }
    // Each hostile role was reached, so each echo was put to the test.
    for (role, line) in [
        ("prometheus", "/api/v1/query"),
        ("webhook", HOOK_PATH),
        ("pushgateway", "/metrics/job/swcache"),
    ] {
        assert!(
            hostile_roles.iter().any(|l| l.contains(line)),
            "the hostile {role} was never asked: {hostile_roles:?}"
        );
    }
}

#[test]
fn a_config_error_on_a_line_with_a_secret_does_not_quote_it() {
    let fx = Fx::new();
    let cases = [
        "url = \"http://user:cfgPass3Hv1@app.example\"\n",
        "retries = \"http://user:cfgPass3Hv1@app.example\"\n",
        "notify.sink = [{ kind = \"slack\", url = \"https://h.example/cfgPass3Hv1\", x = 1 }]\n",
        "[[ notify.sink ]]\nkind = \"slack\"\nurl = \"https://h.example/cfgPass3Hv1\"\nx = 1\n",
    ];
    for text in cases {
        let config = fx.home.path().join("bad.toml");
        std::fs::write(&config, text).unwrap();
        for json in [true, false] {
            let mut cmd = fx.bare();
            cmd.arg("--config").arg(&config);
            if json {
                cmd.arg("--json");
            }
            let run = fx.run(cmd.arg("validate"));
            assert_eq!(run.code, 78, "{text}: {}", run.stderr);
            assert!(run.stderr.contains("bad.toml:"), "{text}: {}", run.stderr);
            for out in [&run.stdout, &run.stderr] {
                assert!(!out.contains("cfgPass3Hv1"), "{text}: {out}");
            }
        }
    }
}
