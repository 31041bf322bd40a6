//! swcache's own files, opened one way: a FIFO, a link or a device where a lock, a state file,
//! a record or the audit log should be is refused at once (never waited on, never written
//! through), before any write is sent; a state file that is edited or of another layout is
//! exit 78 naming it; a file-size limit is an error the run reports; one app is one writer
//! whatever it is called.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use serde_json::{Value, json};

use crate::support::{Fx, ROLLBACK_STEPS, Run, check, finish, wait_for};

fn mkfifo(p: &Path) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    nix::unistd::mkfifo(p, nix::sys::stat::Mode::S_IRWXU).unwrap();
}

fn state_dir(fx: &Fx) -> PathBuf {
    fx.home.path().join("state/swcache")
}

fn planned_state(fx: &Fx) -> PathBuf {
    state_dir(fx).join("rollback/planned-default.json")
}

/// A ./swcache.toml with the steps a planned rollback runs to its end.
fn with_steps(fx: &Fx) {
    std::fs::write(fx.home.path().join("swcache.toml"), ROLLBACK_STEPS).unwrap();
}

fn assert_refused(run: &Run, code: i32, path: &Path, says: &str) {
    assert_eq!(run.code, code, "{}\n{}", run.stdout, run.stderr);
    let named = format!("{}", path.display());
    assert!(
        run.stderr.contains(&named) && run.stderr.contains(says),
        "wanted {named} and {says:?} in:\n{}",
        run.stderr
    );
}

/// Every file a writing run opens before it writes: a FIFO there ends the run at once, exit
/// 78 naming it; nothing is sent. (A hang is caught by the runs' 60 s guard.)
#[test]
fn a_fifo_at_the_lock_a_state_file_or_the_staging_record_is_refused_before_any_write() {
    type Case = (fn(&Fx) -> PathBuf, &'static [&'static str]);
    let cases: [Case; 4] = [
        (|fx| fx.write_lock(), &["--yes", "rollout", "set", "5"]),
        (planned_state, &["--yes", "rollback", "planned"]),
        // Every writer that could raise exposure reads the planned rollback's state first.
        (planned_state, &["--yes", "rollout", "set", "50"]),
        (
            |fx| state_dir(fx).join("deploy/staging.json"),
            &[
                "--yes",
                "deploy",
                "production",
                "--skip-build",
                "--release",
                "v1",
            ],
        ),
    ];
    for (at, args) in cases {
        let fx = Fx::new();
        let path = at(&fx);
        mkfifo(&path);
        with_steps(&fx);
        let run = fx.swcache(args);
        assert_refused(&run, 78, &path, "it is a FIFO, not a regular file");
        assert!(fx.writes().is_empty(), "{args:?}: {:?}", fx.writes());
    }
}

/// The audit log is checked when the run starts: a FIFO (which would hang the append after the
/// write was sent), a link or a directory there is exit 78 and the app gets no write.
#[test]
fn an_audit_log_that_cannot_take_lines_is_refused_before_any_write() {
    for kind in ["fifo", "symlink", "directory"] {
        let fx = Fx::new();
        let log = fx.home.path().join("audit.jsonl");
        let elsewhere = fx.home.path().join("elsewhere.jsonl");
        std::fs::write(&elsewhere, "kept\n").unwrap();
        match kind {
            "fifo" => mkfifo(&log),
            "symlink" => std::os::unix::fs::symlink(&elsewhere, &log).unwrap(),
            _ => std::fs::create_dir(&log).unwrap(),
        }
        let run = fx.run(
            fx.cmd()
                .env("SWCACHE_AUDIT_LOG", &log)
                .args(["--yes", "rollout", "set", "5"]),
        );
        let says = match kind {
            "fifo" => "it is a FIFO, not a regular file; nothing was sent",
            "symlink" => "it is a symbolic link (not followed), not a regular file",
            _ => "it is a directory, not a regular file",
        };
        assert_refused(&run, 78, &log, says);
        assert!(fx.writes().is_empty(), "{kind}: {:?}", fx.writes());
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "kept\n");
    }
    // A read-only run has nothing to record: it is not held back by the log.
    let fx = Fx::new();
    let log = fx.home.path().join("audit.jsonl");
    mkfifo(&log);
    let run = fx.run(
        fx.cmd()
            .env("SWCACHE_AUDIT_LOG", &log)
            .args(["rollout", "status"]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// A link planted at the lock (to the audit log) is not followed: the run is refused and the
/// log is as it was (the old lock truncated its target).
#[test]
fn a_symlink_at_the_lock_is_refused_and_its_target_untouched() {
    let fx = Fx::new();
    assert_eq!(fx.swcache(&["--yes", "rollout", "set", "5"]).code, 0);
    let audit = std::fs::read_to_string(fx.audit_log()).unwrap();
    assert!(!audit.is_empty());
    let lock = fx.write_lock();
    std::fs::remove_file(&lock).unwrap();
    std::os::unix::fs::symlink(fx.audit_log(), &lock).unwrap();
    fx.clear_requests();
    let run = fx.swcache(&["--yes", "rollout", "set", "10"]);
    assert_refused(
        &run,
        78,
        &lock,
        "it is a symbolic link (not followed), not a regular file",
    );
    assert_eq!(std::fs::read_to_string(fx.audit_log()).unwrap(), audit);
    assert!(fx.writes().is_empty());
}

/// A planned rollback's state as `rollback planned --steps 50,25,0` records it after its first
/// stage (the flag at 25 %), with `edit` applied.
fn recorded_rollback(fx: &Fx, edit: impl FnOnce(&mut Value)) {
    let mut doc = json!({
        "version": 1,
        "environment": "default",
        "base_url": format!("{}/", fx.url.trim_end_matches('/')),
        "started": "2025-01-01T00:00:00Z",
        "updated": "2025-01-01T00:00:00Z",
        "start_percentage": 50.0,
        "plan": [
            {"stage": "percentage", "percentage": 25},
            {"stage": "soak", "at": 25, "wait_ms": 10},
            {"stage": "percentage", "percentage": 0},
            {"stage": "redeploy"},
            {"stage": "database_rollback"},
            {"stage": "validate"}
        ],
        "completed": 1,
        "status": "stopped",
        "stopped": "SIGINT",
        "history": []
    });
    edit(&mut doc);
    let path = planned_state(fx);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, doc.to_string()).unwrap();
    fx.set_flag_percentage(25);
}

fn resume(fx: &Fx) -> Run {
    with_steps(fx);
    fx.swcache(&["--yes", "rollback", "planned", "--resume"])
}

#[test]
fn a_recorded_rollback_as_written_resumes() {
    // The control for the two below: the same record, unedited, is resumed to its end.
    let fx = Fx::new();
    recorded_rollback(&fx, |_| {});
    let run = resume(&fx);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(crate::support::flag_percentages(&fx), [json!(0)]);
}

/// An edited plan that would raise 25 → 90 on `--resume` is refused, exit 78 naming the file:
/// the app gets no write.
#[test]
fn an_edited_rollback_state_that_raises_is_refused_naming_the_file() {
    let fx = Fx::new();
    recorded_rollback(&fx, |doc| {
        doc["plan"][2]["percentage"] = 90.into();
    });
    let run = resume(&fx);
    assert_refused(
        &run,
        78,
        &planned_state(&fx),
        "is not valid: stage 2 sets 90 % after 25 %: a planned rollback only lowers (0-100)",
    );
    assert!(fx.writes().is_empty(), "{:?}", fx.writes());
}

/// A state file of a layout this swcache does not know (a newer one) is not guessed at.
#[test]
fn a_rollback_state_of_a_future_version_is_refused_naming_the_file() {
    let fx = Fx::new();
    recorded_rollback(&fx, |doc| doc["version"] = 2.into());
    let run = resume(&fx);
    assert_refused(
        &run,
        78,
        &planned_state(&fx),
        "has layout version 2, and this swcache reads only version 1",
    );
    assert!(fx.writes().is_empty(), "{:?}", fx.writes());
}

/// `swcache` under `sh -c 'ulimit -f BLOCKS; exec swcache …'`, with this fixture's isolation.
fn under_size_limit(fx: &Fx, blocks: u32, args: &[&str]) -> Run {
    let mut cmd = std::process::Command::new("sh");
    fx.isolate(&mut cmd);
    cmd.arg("-c")
        .arg(format!("ulimit -f {blocks}; exec \"$@\""))
        .arg("sh")
        .arg(assert_cmd::cargo::cargo_bin("swcache"))
        .arg("--url")
        .arg(&fx.url)
        .arg("--token-file")
        .arg(&fx.token_file)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    finish(cmd.spawn().unwrap())
}

/// Past the file-size limit an audit line is not started (no half line), and the run goes on
/// to its report, which says the write is not in the log (SIGXFSZ used to kill it there).
#[test]
fn under_a_file_size_limit_the_audit_line_is_refused_whole_and_the_report_says_so() {
    let fx = Fx::new();
    let log = fx.audit_log();
    std::fs::create_dir_all(log.parent().unwrap()).unwrap();
    // Over one block (512 bytes under dash, 1024 under bash): full before the run begins.
    let line = format!(
        "{}\n",
        json!({"action": "earlier", "padding": "x".repeat(100)})
    );
    let before = line.repeat(20);
    std::fs::write(&log, &before).unwrap();
    let run = under_size_limit(&fx, 1, &["--json", "--yes", "rollout", "set", "5"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let c = check(&doc, "audit log");
    let detail = c["detail"].as_str().unwrap();
    assert!(
        detail.contains("NOT in the audit log") && detail.contains("file-size limit"),
        "{c}"
    );
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        before,
        "no half line"
    );
    assert_eq!(crate::support::flag_percentages(&fx), [json!(5)]);
}

/// A state file that cannot be written under the limit is an error the run reports, before
/// any write: the run is not killed by SIGXFSZ.
#[test]
fn under_a_file_size_limit_a_state_file_that_cannot_be_written_is_reported() {
    let fx = Fx::new();
    with_steps(&fx);
    // From 100 %, the plan's record is past the limit before its first stage.
    fx.set_flag_percentage(100);
    let run = under_size_limit(
        &fx,
        1,
        &[
            "--yes",
            "rollback",
            "planned",
            "--steps",
            "90,80,70,60,50,40,30,20,10,0",
        ],
    );
    assert_refused(&run, 78, &planned_state(&fx), "cannot record progress in");
    assert!(run.stderr.contains("nothing was sent"), "{}", run.stderr);
    assert!(fx.writes().is_empty(), "{:?}", fx.writes());
}

/// `config init --force` replaces a config file, and nothing else: a FIFO, a link, a
/// directory (or a device) at the path is refused, exit 78 naming it, and left as it was.
#[test]
fn config_init_force_replaces_only_a_regular_file() {
    let fx = Fx::new();
    let dir = fx.home.path();
    let target = dir.join("target.toml");
    std::fs::write(&target, "kept\n").unwrap();
    let fifo = dir.join("fifo.toml");
    mkfifo(&fifo);
    let link = dir.join("link.toml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let subdir = dir.join("dir.toml");
    std::fs::create_dir(&subdir).unwrap();
    let mut cases = vec![
        (fifo, "it is a FIFO, not a regular file; not replacing it"),
        (
            link,
            "it is a symbolic link (not followed), not a regular file; not replacing it",
        ),
        (
            subdir,
            "it is a directory, not a regular file; not replacing it",
        ),
    ];
    // A device node like /dev/null, where this user may make one (root, outside containers
    // that forbid mknod); /dev/null itself is not risked.
    let null = dir.join("null.toml");
    let dev = nix::sys::stat::makedev(1, 3);
    if nix::sys::stat::mknod(
        &null,
        nix::sys::stat::SFlag::S_IFCHR,
        nix::sys::stat::Mode::S_IRUSR | nix::sys::stat::Mode::S_IWUSR,
        dev,
    )
    .is_ok()
    {
        cases.push((
            null,
            "it is a character device, not a regular file; not replacing it",
        ));
    }
    for (path, says) in cases {
        let run = fx.run(fx.bare().arg("--config").arg(&path).args([
            "--url",
            "https://app.example.com",
            "config",
            "init",
            "--force",
        ]));
        assert_eq!(
            run.stderr,
            format!("error: {}: {says}\n", path.display()),
            "{}",
            path.display()
        );
        assert_eq!(run.code, 78);
        let ft = std::fs::symlink_metadata(&path).unwrap().file_type();
        assert!(!ft.is_file(), "{} was replaced", path.display());
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept\n");
    // A regular file is still replaced.
    let run = fx.run(fx.bare().arg("--config").arg(&target).args([
        "--url",
        "https://app.example.com",
        "config",
        "init",
        "--force",
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("app.example.com")
    );
}

/// Two environments in one config naming the same app (spelled differently) are one writer:
/// while a run of one holds the lock, a run of the other is refused, with the exact message.
#[test]
fn two_environment_names_for_one_app_share_the_write_lock() {
    let fx = Fx::scenario("storage-pressure");
    let bare = fx.url.trim_end_matches('/');
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        format!(
            "[environments.prod]\nurl = \"{bare}/\"\ntoken_file = \"{tf}\"\n\
             [environments.production]\nurl = \"{bare}\"\ntoken_file = \"{tf}\"\n",
            tf = fx.token_file.display()
        ),
    )
    .unwrap();
    fx.fault(json!({"path": "/api/cache-report", "delay_ms": 20000, "times": 1}));
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("swcache"));
    fx.isolate(&mut cmd);
    let mut first = cmd
        .args(["--env", "prod", "maintain", "daily"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lock = fx.write_lock();
    let pid = first.id();
    wait_for("the first run to hold the lock", || {
        std::fs::read_to_string(&lock).is_ok_and(|s| s.contains(&format!("pid {pid},")))
    });
    let holder = std::fs::read_to_string(&lock).unwrap();
    assert!(
        holder.contains(", environment prod, `swcache --env prod maintain daily`"),
        "{holder}"
    );
    let second = fx.run(
        fx.bare()
            .args(["--env", "production", "--yes", "rollout", "set", "5"]),
    );
    assert_eq!(second.code, 5, "{}", second.stderr);
    assert_eq!(
        second.stderr,
        format!(
            "error: another run holds the write lock of environment production, app {bare}/ \
             ({holder}; lock file {}): not starting a second writer; nothing was sent. Wait for \
             it to finish, then run again\n",
            lock.display()
        )
    );
    assert!(crate::support::flag_percentages(&fx).is_empty());
    first.kill().unwrap();
    first.wait().unwrap();
}
