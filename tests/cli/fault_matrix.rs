//! The fault matrix: every command against the sandbox under each fault. Each cell asserts the
//! documented exit code, an error naming the endpoint, no write that depends on the bad figure,
//! no token in any output and no panic. The matrix is printed as a table
//! (`cargo test --test cli fault_matrix -- --nocapture`).

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::support::{Fx, Run};

/// A command, the figure it decides by (path, field), the writes it may send whatever the
/// reads say (none depends on a figure), and its exit code when its reads fail.
struct Cmd {
    name: &'static str,
    args: &'static [&'static str],
    key: (&'static str, &'static str),
    allowed_writes: &'static [&'static str],
    unknown_code: i32,
}

const CMDS: &[Cmd] = &[
    Cmd {
        name: "validate",
        args: &["validate"],
        key: ("/api/error-metrics", "error_rate"),
        allowed_writes: &[],
        unknown_code: 3,
    },
    Cmd {
        name: "rollout status",
        args: &["rollout", "status"],
        key: ("/api/error-metrics", "error_rate"),
        allowed_writes: &[],
        unknown_code: 3,
    },
    Cmd {
        name: "rollout set",
        args: &["rollout", "set", "25"],
        key: ("/api/admin/feature-flags", "enhanced-cache.percentage"),
        allowed_writes: &[],
        unknown_code: 3,
    },
    // A held gate is a stop (5), which outranks UNKNOWN (3).
    Cmd {
        name: "rollout advance",
        args: &["rollout", "advance"],
        key: ("/api/error-metrics", "error_rate"),
        allowed_writes: &[],
        unknown_code: 5,
    },
    Cmd {
        name: "maintain daily",
        args: &["maintain", "daily"],
        key: ("/api/cache-metrics", "storage.percentage"),
        allowed_writes: &[],
        unknown_code: 3,
    },
    // The weekly report is generated whatever the figures; no change is applied on them.
    Cmd {
        name: "maintain weekly",
        args: &["maintain", "weekly", "--apply"],
        key: ("/api/cache-metrics", "storage.percentage"),
        allowed_writes: &["/api/admin/generate-report"],
        unknown_code: 3,
    },
    Cmd {
        name: "incident error-rate",
        args: &["incident", "error-rate"],
        key: ("/api/error-details", "error_rate"),
        allowed_writes: &[],
        unknown_code: 3,
    },
    Cmd {
        name: "incident storage-quota",
        args: &["incident", "storage-quota", "--recovery-wait", "1s"],
        key: ("/api/cache-metrics", "storage.percentage"),
        allowed_writes: &[],
        unknown_code: 3,
    },
    // The emergency rollback acts on the operator's word, not on a figure: its writes go out,
    // and what cannot be read back is a failure to confirm (4).
    Cmd {
        name: "rollback emergency",
        args: &["rollback", "emergency"],
        key: ("/api/admin/feature-flags", "enhanced-cache.enabled"),
        allowed_writes: &["/api/admin/feature-flags", "/api/admin/clear-sw-cache"],
        unknown_code: 4,
    },
    Cmd {
        name: "rollback planned",
        args: &["rollback", "planned", "--step-wait", "100ms"],
        key: ("/api/admin/feature-flags", "enhanced-cache.percentage"),
        allowed_writes: &[],
        unknown_code: 3,
    },
    Cmd {
        name: "deploy --verify-only",
        args: &[
            "deploy",
            "production",
            "--verify-only",
            "--verify-deadline",
            "0s",
        ],
        key: ("/api/sw-status", "version"),
        allowed_writes: &[],
        unknown_code: 3,
    },
];

#[derive(Clone, Copy)]
enum Kind {
    /// Applied to every GET of the app.
    Reads(fn(&str) -> Value),
    /// Applied to the command's key figure.
    Field(fn(&str, &str) -> Value),
    ConnectionRefused,
    /// Applied to the whole server (a connection-level fault): the command must end as it
    /// does without it.
    Server(fn() -> Value),
    /// The sandbox accepts this token: the output must be exactly what it is with a long one.
    Token(&'static str),
}

struct FaultCase {
    name: &'static str,
    kind: Kind,
    timeout: Option<&'static str>,
}

impl Kind {
    /// Whether the command should end as without the fault, rather than UNKNOWN.
    fn harmless(self) -> bool {
        matches!(self, Kind::Server(_) | Kind::Token(_))
    }
}

fn faults() -> Vec<FaultCase> {
    vec![
        FaultCase {
            name: "refused",
            kind: Kind::ConnectionRefused,
            timeout: None,
        },
        FaultCase {
            name: "deadline",
            kind: Kind::Reads(|_| json!({"path": "*", "method": "GET", "delay_ms": 5000})),
            timeout: Some("1s"),
        },
        FaultCase {
            name: "500",
            kind: Kind::Reads(|_| json!({"path": "*", "method": "GET", "status": 500})),
            timeout: None,
        },
        FaultCase {
            name: "503+RA",
            kind: Kind::Reads(
                |_| json!({"path": "*", "method": "GET", "status": 503, "retry_after": "0"}),
            ),
            timeout: None,
        },
        FaultCase {
            name: "401",
            kind: Kind::Reads(|_| json!({"path": "*", "method": "GET", "status": 401})),
            timeout: None,
        },
        FaultCase {
            name: "403",
            kind: Kind::Reads(|_| json!({"path": "*", "method": "GET", "status": 403})),
            timeout: None,
        },
        FaultCase {
            name: "html",
            kind: Kind::Reads(
                |_| json!({"path": "*", "method": "GET", "body": "<html><body>502 Bad Gateway</body></html>", "content_type": "text/html"}),
            ),
            timeout: None,
        },
        FaultCase {
            name: "truncated",
            kind: Kind::Reads(
                |_| json!({"path": "*", "method": "GET", "body": "{\"error_rate\": 7", "content_type": "application/json"}),
            ),
            timeout: None,
        },
        FaultCase {
            name: "missing",
            kind: Kind::Field(|p, f| json!({"path": p, "method": "GET", "drop_field": f})),
            timeout: None,
        },
        FaultCase {
            name: "type",
            kind: Kind::Field(
                |p, f| json!({"path": p, "method": "GET", "set_field": f, "value": [1, 2]}),
            ),
            timeout: None,
        },
        FaultCase {
            name: "range",
            kind: Kind::Field(
                |p, f| json!({"path": p, "method": "GET", "set_field": f, "value": -180}),
            ),
            timeout: None,
        },
        FaultCase {
            name: "20MB",
            kind: Kind::Reads(|_| json!({"path": "*", "method": "GET", "body_bytes": 20_000_000})),
            timeout: None,
        },
        FaultCase {
            name: "err 20MB",
            kind: Kind::Reads(
                |_| json!({"path": "*", "method": "GET", "status": 500, "body_bytes": 20_000_000}),
            ),
            timeout: None,
        },
        FaultCase {
            name: "controls",
            kind: Kind::Field(
                |p, f| json!({"path": p, "method": "GET", "set_field": f, "value": "\u{1b}]0;pwned\u{7}\r\u{1b}[2K\u{9b}"}),
            ),
            timeout: None,
        },
        FaultCase {
            name: "reset",
            kind: Kind::Server(|| json!({"path": "*", "close_reused": true})),
            timeout: None,
        },
        FaultCase {
            name: "token 0",
            kind: Kind::Token("0"),
            timeout: None,
        },
        FaultCase {
            name: "redirect",
            kind: Kind::Reads(
                |other| json!({"path": "*", "method": "GET", "redirect": format!("{other}/api/health")}),
            ),
            timeout: None,
        },
    ]
}

const REVERT: &str = r#"
[steps.revert_worker]
command = "true"
[steps.redeploy]
command = "true"
"#;

/// `baseline`: the command's exit code with no fault at all, on a fresh sandbox; the same for
/// every harmless fault, so it is run once per command.
fn run_cell(cmd: &Cmd, fault: &FaultCase, baseline: &OnceLock<i32>) -> (i32, Vec<String>) {
    let (run, fx, other) = run_once(cmd, fault, true);
    let mut problems = Vec::new();
    // A figure that is text (a version) and holds control characters is well-typed: it is a
    // mismatch (CRITICAL), not UNKNOWN.
    let text_figure = fault.name == "controls" && cmd.key.1 == "version";
    let expected = if fault.kind.harmless() {
        *baseline.get_or_init(|| run_once(cmd, fault, false).0.code)
    } else if text_figure {
        2
    } else {
        cmd.unknown_code
    };
    if run.code != expected {
        problems.push(format!("exit {} (expected {expected})", run.code));
    }
    if run.stderr.contains("panicked") {
        problems.push("panicked".into());
    }
    for c in ['\u{1b}', '\u{7}', '\u{9b}'] {
        if run.stdout.contains(c) || run.stderr.contains(c) {
            problems.push(format!("raw control character {c:?} printed"));
        }
    }
    if fault.kind.harmless() {
        if serde_json::from_str::<Value>(&run.stdout).is_err() {
            problems.push("stdout is not one JSON document".into());
        }
    } else if !text_figure {
        check_names_endpoint(&run, cmd, fault, &mut problems);
    }
    // A one-character token is in everything swcache prints; only a real one can be looked for.
    if !matches!(fault.kind, Kind::Token(_)) {
        fx.assert_no_token(&run);
    }
    let writes: Vec<String> = fx
        .writes()
        .iter()
        .map(|w| w["path"].as_str().unwrap_or("").to_string())
        .collect();
    for w in &writes {
        if !fault.kind.harmless() && !cmd.allowed_writes.contains(&w.as_str()) {
            problems.push(format!("sent {w}"));
        }
    }
    if other.is_some_and(|o| !o.requests().is_empty()) {
        problems.push("the redirect target got a request".into());
    }
    (run.code, problems)
}

/// One run of a cell, with the fault applied or (`apply` false) without it. The second sandbox
/// is the redirect's target (only a fault that names it has one: no other run can reach it).
fn run_once(cmd: &Cmd, fault: &FaultCase, apply: bool) -> (Run, Fx, Option<Fx>) {
    let token = match fault.kind {
        Kind::Token(t) if apply => Some(t),
        _ => None,
    };
    let fx = Fx::with_token("error-spike", token);
    let other = (apply && fault.name == "redirect").then(Fx::new);
    std::fs::write(fx.home.path().join("swcache.toml"), REVERT).unwrap();
    // deploy verifies the served worker against a local build: give it the one served now.
    let app = fx.home.path().join("app/public");
    std::fs::create_dir_all(&app).unwrap();
    let served = fx.state()["worker_scripts"]["/sw-enhanced.js"]
        .as_str()
        .unwrap()
        .to_string();
    std::fs::write(app.join("sw-enhanced.js"), served).unwrap();
    std::fs::write(app.join("workbox-1.js"), "/* workbox */").unwrap();
    fx.set_flag_percentage(50);

    let mut command = match fault.kind {
        _ if !apply => fx.cmd(),
        Kind::ConnectionRefused => {
            let port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let mut c = fx.bare();
            c.arg("--url")
                .arg(format!("http://127.0.0.1:{port}"))
                .arg("--token-file")
                .arg(&fx.token_file);
            c
        }
        Kind::Reads(f) => {
            fx.fault(f(other.as_ref().map_or("", |o| o.url.as_str())));
            fx.cmd()
        }
        Kind::Field(f) => {
            fx.fault(f(cmd.key.0, cmd.key.1));
            fx.cmd()
        }
        Kind::Server(f) => {
            fx.fault(f());
            fx.cmd()
        }
        Kind::Token(_) => fx.cmd(),
    };
    command.args(["--json", "--yes"]);
    if let Some(t) = fault.timeout {
        command.args(["--timeout", t]);
    }
    command.args(cmd.args);
    if cmd.name.starts_with("deploy") {
        command.arg("--build-dir").arg(fx.home.path().join("app"));
    }
    let run = fx.run(&mut command);
    (run, fx, other)
}

/// The run says which request failed: a path in an UNKNOWN figure's reason, an action's detail
/// or the error line.
fn check_names_endpoint(run: &Run, cmd: &Cmd, fault: &FaultCase, problems: &mut Vec<String>) {
    let needle = match fault.kind {
        Kind::Field(..) => cmd.key.0.to_string(),
        _ => "/".to_string(),
    };
    let doc: Option<Value> = serde_json::from_str(&run.stdout).ok();
    let mut reasons: Vec<String> = Vec::new();
    if let Some(d) = &doc {
        for c in d["checks"].as_array().into_iter().flatten() {
            if c["status"] == "unknown" || c["status"] == "critical" {
                reasons.push(c["detail"].as_str().unwrap_or("").to_string());
            }
        }
        for a in d["actions"].as_array().into_iter().flatten() {
            reasons.push(a["detail"].as_str().unwrap_or("").to_string());
        }
        reasons.push(d["stopped"].as_str().unwrap_or("").to_string());
    } else {
        problems.push("stdout is not one JSON document".into());
    }
    reasons.push(run.stderr.clone());
    let named = reasons.iter().any(|r| {
        r.contains("GET ") && r.contains(&needle) || r.contains("POST ") && r.contains(&needle)
    });
    if !named {
        problems.push(format!("no error naming the endpoint ({needle})"));
    }
}

#[test]
fn every_command_under_every_fault() {
    let faults = faults();
    let mut cells: BTreeMap<(usize, usize), (i32, Vec<String>)> = BTreeMap::new();
    let jobs: Vec<(usize, usize)> = (0..CMDS.len())
        .flat_map(|c| (0..faults.len()).map(move |f| (c, f)))
        .collect();
    let baselines: Vec<OnceLock<i32>> = CMDS.iter().map(|_| OnceLock::new()).collect();
    let results = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(&(c, f)) = jobs.get(i) else { break };
                    let r = run_cell(&CMDS[c], &faults[f], &baselines[c]);
                    results.lock().unwrap().push(((c, f), r));
                }
            });
        }
    });
    cells.extend(results.into_inner().unwrap());

    let width = CMDS.iter().map(|c| c.name.len()).max().unwrap();
    let mut table = format!("{:width$} ", "command \\ fault");
    for f in &faults {
        table.push_str(&format!("{:>10}", f.name));
    }
    table.push('\n');
    let mut failures = Vec::new();
    for (ci, cmd) in CMDS.iter().enumerate() {
        table.push_str(&format!("{:width$} ", cmd.name));
        for (fi, f) in faults.iter().enumerate() {
            let (code, problems) = &cells[&(ci, fi)];
            let mark = if problems.is_empty() { "" } else { "!" };
            table.push_str(&format!("{:>10}", format!("{code}{mark}")));
            if !problems.is_empty() {
                failures.push(format!(
                    "{} under {}: {}",
                    cmd.name,
                    f.name,
                    problems.join("; ")
                ));
            }
        }
        table.push('\n');
    }
    println!("{table}");
    assert!(failures.is_empty(), "{table}\n{}", failures.join("\n"));
}
