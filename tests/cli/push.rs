//! `--pushgateway`: against a real Pushgateway (Debian's prometheus-pushgateway) on loopback.

use std::net::TcpListener;
use std::process::{Child, Command as StdCommand, Stdio};

use serde_json::json;

use crate::support::Fx;

pub(crate) struct Pushgateway {
    child: Child,
    pub(crate) url: String,
    _dir: tempfile::TempDir,
}

impl Pushgateway {
    pub(crate) fn start() -> Pushgateway {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let child = StdCommand::new("prometheus-pushgateway")
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .arg(format!(
                "--persistence.file={}",
                dir.path().join("p").display()
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prometheus-pushgateway (Debian package) is needed; .ci/run installs it");
        let pg = Pushgateway {
            child,
            url: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        };
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return pg;
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
        panic!("the pushgateway did not start");
    }

    pub(crate) fn metrics(&self) -> String {
        let out = StdCommand::new("curl")
            .args(["-fsS", &format!("{}/metrics", self.url)])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Pushgateway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn line_value(text: &str, prefix: &str) -> Option<String> {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .map(|l| l.rsplit(' ').next().unwrap().to_string())
}

#[test]
fn pushes_figures_and_keeps_only_last_success_on_failure() {
    let pg = Pushgateway::start();
    let fx = Fx::scenario("storage-pressure");
    let dir = fx.home.path().join("textfile");
    std::fs::create_dir_all(&dir).unwrap();
    let run = fx.run(
        fx.cmd()
            .args(["maintain", "daily", "--pushgateway", &pg.url, "--textfile"])
            .arg(&dir),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("could not push"), "{}", run.stderr);
    let text = pg.metrics();
    // Both paths publish the same series (the Pushgateway adds job and instance).
    let series = |t: &str| -> std::collections::BTreeSet<String> {
        t.lines()
            .filter(|l| l.starts_with("swcache_"))
            .map(|l| {
                let (name, rest) = l.split_once('{').unwrap();
                let labels: std::collections::BTreeSet<&str> = rest
                    .rsplit_once('}')
                    .unwrap()
                    .0
                    .split(',')
                    .filter(|kv| !kv.starts_with("job=") && !kv.starts_with("instance="))
                    .collect();
                format!("{name}{labels:?}")
            })
            .collect()
    };
    let file = std::fs::read_to_string(dir.join("swcache_maintain_daily.prom")).unwrap();
    assert!(series(&file).len() > 10, "{file}");
    assert_eq!(series(&file), series(&text));
    let labels = r#"command="maintain_daily",env="default",instance="",job="swcache""#;
    let storage = format!("swcache_check_ratio{{check=\"storage_utilization\",{labels}}}");
    assert_eq!(
        line_value(&text, &storage).as_deref(),
        Some("0.85"),
        "{text}"
    );
    assert_eq!(
        line_value(&text, &format!("swcache_exit_code{{{labels}}}")).as_deref(),
        Some("1")
    );
    let success = line_value(
        &text,
        &format!("swcache_last_success_timestamp_seconds{{{labels}}}"),
    )
    .expect("last success pushed");

    // A failed run (storage unreadable) replaces the group: no stale figure beside its status,
    // but the last success is carried over.
    fx.fault(json!({"path": "/api/cache-metrics", "status": 500}));
    let run = fx.swcache(&["maintain", "daily", "--pushgateway", &pg.url]);
    assert_eq!(run.code, 3);
    let text = pg.metrics();
    assert_eq!(
        line_value(&text, &format!("swcache_exit_code{{{labels}}}")).as_deref(),
        Some("3"),
        "{text}"
    );
    assert_eq!(
        line_value(
            &text,
            &format!("swcache_last_success_timestamp_seconds{{{labels}}}")
        )
        .as_deref(),
        Some(success.as_str()),
        "the last success survives a failed run"
    );
    assert_eq!(
        line_value(&text, &storage),
        None,
        "stale figure kept: {text}"
    );
}

#[test]
fn an_unreachable_pushgateway_is_a_warning_in_the_report() {
    let fx = Fx::new();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = fx.swcache(&[
        "maintain",
        "daily",
        "--pushgateway",
        &format!("http://127.0.0.1:{port}"),
    ]);
    // Monitoring watches the pushed outcome: not reaching it is a WARNING (exit 1), in the
    // report itself.
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("could not push to the Pushgateway"),
        "{}",
        run.stdout
    );
}
