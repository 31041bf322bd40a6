//! The shared state backend against a real PostgreSQL server (see `pg`): two "machines" (each
//! its own HOME, user and state_dir, one database) are one writer at a time, see who holds the
//! lock, resume each other's stopped runs and read one audit; a kill -9 leaves no stale lock;
//! an edited row is distrusted; the connection string's password never leaves swcache; an
//! unreachable server or a newer schema is an error (78), never a hang or a fall back.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::pg::{self, Db, PASSWORD};
use crate::support::{Fx, Run, finish, flag_percentages, wait_for};

/// A machine of the team: its own HOME, user and state directory; the team's database.
struct Machine {
    user: &'static str,
    home: PathBuf,
    config: PathBuf,
}

impl Machine {
    fn new(fx: &Fx, db: &Db, user: &'static str, steps: &str) -> Machine {
        let home = fx.home.path().join(user);
        let config = pg::config(&home, db, steps);
        Machine { user, home, config }
    }

    fn command(&self, fx: &Fx, args: &[&str]) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("swcache"));
        fx.isolate(&mut cmd);
        cmd.env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("XDG_STATE_HOME", self.home.join("state"))
            .env("SWCACHE_STATE_DIR", self.home.join("var-lib-swcache"))
            .env("SWCACHE_CONFIG", &self.config)
            .env("USER", self.user)
            .env_remove("SUDO_USER")
            .env_remove("SWCACHE_STATE_URL")
            .current_dir(&self.home)
            .arg("--url")
            .arg(&fx.url)
            .arg("--token-file")
            .arg(&fx.token_file)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    fn spawn(&self, fx: &Fx, args: &[&str]) -> Child {
        self.command(fx, args).spawn().expect("swcache starts")
    }

    fn run(&self, fx: &Fx, args: &[&str]) -> Run {
        finish(self.spawn(fx, args))
    }
}

const STEPS: &str =
    "[steps.redeploy]\ncommand = \"true\"\n[steps.database_rollback]\ncommand = \"true\"\n";

/// The planned rollback's recorded progress, read from the database.
fn completed(db: &Db) -> u64 {
    db.sql(
        "SELECT coalesce((SELECT doc->>'completed' FROM swcache.documents \
         WHERE kind = 'rollback-planned'), '0')",
    )
    .parse()
    .unwrap_or(0)
}

fn schema_ready(db: &Db) -> bool {
    db.sql("SELECT to_regclass('swcache.documents') IS NOT NULL") == "t"
}

/// Every file under `dir` but the URL files, as text.
fn files_text(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_text(&p));
        } else if p.file_name().is_some_and(|n| n != "state.url") {
            out.push((
                p.clone(),
                String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into(),
            ));
        }
    }
    out
}

fn assert_no_secret(db: &Db, runs: &[&Run], fx: &Fx) {
    for r in runs {
        for text in [&r.stdout, &r.stderr] {
            assert!(
                !text.contains(PASSWORD) && !text.contains(&db.url()),
                "the password leaked: {text}"
            );
        }
    }
    for (path, text) in files_text(fx.home.path()) {
        assert!(
            !text.contains(PASSWORD),
            "{} holds the password",
            path.display()
        );
    }
    for table in ["audit", "documents", "locks"] {
        let n = db.sql(&format!(
            "SELECT count(*) FROM swcache.{table} t WHERE t::text LIKE '%{PASSWORD}%'"
        ));
        assert_eq!(n, "0", "swcache.{table} holds the password");
    }
}

#[test]
fn a_second_machine_is_refused_names_the_holder_and_takes_over_after_a_kill_9() {
    let fx = Fx::new();
    let db = pg::server().database();
    fx.set_flag_percentage(50);
    let alice = Machine::new(&fx, &db, "alice", STEPS);
    let bob = Machine::new(&fx, &db, "bob", STEPS);
    let mut child = alice.spawn(
        &fx,
        &[
            "--yes",
            "rollback",
            "planned",
            "--steps",
            "25,0",
            "--step-wait",
            "60s",
        ],
    );
    wait_for("alice's first step recorded in the database", || {
        schema_ready(&db) && completed(&db) >= 1
    });

    // Bob, on another machine with another state_dir, cannot write while Alice holds the app.
    let refused = bob.run(&fx, &["--yes", "rollout", "set", "100", "--force"]);
    assert_eq!(refused.code, 5, "{}{}", refused.stdout, refused.stderr);
    let holder = db.sql("SELECT holder FROM swcache.locks");
    assert!(
        holder.starts_with(&format!("pid {}, started ", child.id()))
            && holder.contains(", by alice@")
            && holder.contains(", environment default, `swcache ")
            && holder.contains("rollback planned"),
        "{holder}"
    );
    assert!(
        refused.stderr.contains(&format!(
            "another run holds the write lock of environment default, app {} ({holder}; lock \
             row in swcache.locks of postgres {}): not starting a second writer",
            fx.url.trim_end_matches('/').to_string() + "/",
            db.shown()
        )),
        "{}",
        refused.stderr
    );
    assert_eq!(fx.flag()["percentage"], 25);

    // kill -9: the server ends Alice's session, and her advisory lock with it.
    let kill = Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let _ = child.wait();
    wait_for("the dead session's lock released", || {
        db.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == "0"
    });

    // Bob takes the lock over (the row still names Alice: stale, said with -v) and ends the
    // rollback Alice recorded, read from the shared database.
    let taken = bob.run(&fx, &["-v", "--yes", "rollback", "planned", "--abandon"]);
    assert_eq!(taken.code, 0, "{}{}", taken.stdout, taken.stderr);
    assert!(
        taken.stderr.contains(&format!(
            "lock row in swcache.locks of postgres {} was last held by {holder}",
            db.shown()
        )),
        "{}",
        taken.stderr
    );
    let now = db.sql("SELECT holder FROM swcache.locks");
    assert!(now.contains(", by bob@"), "{now}");
    assert_eq!(flag_percentages(&fx), [25], "only Alice's step was written");
    // Neither machine kept state of its own.
    for m in [&alice, &bob] {
        assert!(!m.home.join("var-lib-swcache/locks").exists());
        assert!(!m.home.join("var-lib-swcache/rollback").exists());
        assert!(!m.home.join("var-lib-swcache/audit.jsonl").exists());
    }
    assert_no_secret(&db, &[&refused, &taken], &fx);
}

#[test]
fn a_rollback_stopped_on_one_machine_resumes_on_the_other_and_the_audit_is_shared() {
    let fx = Fx::new();
    let db = pg::server().database();
    fx.set_flag_percentage(50);
    let alice = Machine::new(
        &fx,
        &db,
        "alice",
        "[steps.redeploy]\ncommand = \"echo 'deploy: bucket gone' >&2; exit 3\"\n",
    );
    // Bob's redeploy step writes its environment down: the URL, which Bob gives in
    // SWCACHE_STATE_URL, must not be in it.
    let bob = Machine::new(
        &fx,
        &db,
        "bob",
        "[steps.redeploy]\ncommand = 'env > \"$HOME/step-env.txt\"'\n\
         [steps.database_rollback]\ncommand = \"true\"\n",
    );
    let first = alice.run(
        &fx,
        &[
            "--yes",
            "rollback",
            "planned",
            "--steps",
            "25,0",
            "--step-wait",
            "1s",
        ],
    );
    assert_eq!(first.code, 4, "{}{}", first.stdout, first.stderr);
    assert_eq!(flag_percentages(&fx), [25, 0]);
    let recorded = completed(&db);
    assert!(recorded >= 2, "the steps down are recorded: {recorded}");

    // Bob resumes it from his machine: the flag steps are done, only the rest runs.
    let mut cmd = bob.command(&fx, &["--json", "--yes", "rollback", "planned", "--resume"]);
    cmd.env("SWCACHE_STATE_URL", db.url());
    let resumed = finish(cmd.spawn().unwrap());
    assert_eq!(resumed.code, 0, "{}{}", resumed.stdout, resumed.stderr);
    let step_env = std::fs::read_to_string(bob.home.join("step-env.txt")).unwrap();
    assert!(step_env.contains("USER=bob"), "the step ran: {step_env}");
    assert_eq!(flag_percentages(&fx), [25, 0], "no step is sent again");
    let doc = resumed.json();
    assert!(
        doc["state_file"].as_str().is_some_and(
            |s| s.contains(&format!("of swcache.documents in postgres {}", db.shown()))
        ),
        "{doc}"
    );

    // One audit for the team: each machine reads both.
    for m in [&alice, &bob] {
        let audit = m.run(&fx, &["--json", "audit", "--env", "default"]);
        assert_eq!(audit.code, 0, "{}{}", audit.stdout, audit.stderr);
        let doc = audit.json();
        let users: Vec<&str> = doc["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["user"].as_str())
            .collect();
        assert!(users.contains(&"alice") && users.contains(&"bob"), "{doc}");
        assert_eq!(
            doc["audit_log"],
            format!("swcache.audit in postgres {}", db.shown())
        );
    }
    assert_no_secret(&db, &[&first, &resumed], &fx);
}

#[test]
fn a_row_edited_by_hand_is_distrusted_as_an_edited_file_is() {
    let fx = Fx::new();
    let db = pg::server().database();
    fx.set_flag_percentage(50);
    let alice = Machine::new(
        &fx,
        &db,
        "alice",
        "[steps.redeploy]\ncommand = \"exit 3\"\n",
    );
    let first = alice.run(
        &fx,
        &[
            "--yes",
            "rollback",
            "planned",
            "--steps",
            "25,0",
            "--step-wait",
            "1s",
        ],
    );
    assert_eq!(first.code, 4, "{}{}", first.stdout, first.stderr);
    db.sql(
        "UPDATE swcache.documents SET doc = jsonb_set(doc, '{start_percentage}', '150') \
         WHERE kind = 'rollback-planned'",
    );
    let run = alice.run(&fx, &["--yes", "rollback", "planned", "--resume"]);
    assert_eq!(run.code, 78, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "the rollback state file (row rollback-planned \"default\" of swcache.documents in \
             postgres {}) is not valid: its start_percentage 150 is not in 0-100",
            db.shown()
        )),
        "{}",
        run.stderr
    );
    assert_eq!(
        flag_percentages(&fx),
        [25, 0],
        "nothing sent on an edited row"
    );
}

#[test]
fn config_check_names_the_backend_and_online_its_schema_never_the_password() {
    let fx = Fx::new();
    let db = pg::server().database();
    let alice = Machine::new(&fx, &db, "alice", STEPS);
    let check = alice.run(&fx, &["--json", "config", "check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert_eq!(check.json()["state"], format!("postgres {}", db.shown()));
    let online = alice.run(&fx, &["config", "check", "--online"]);
    assert!(
        online.stdout.contains(&format!(
            "postgres {} answers; schema swcache version 1",
            db.shown()
        )),
        "{}{}",
        online.stdout,
        online.stderr
    );
    // The URL from the environment, with a wrong password: refused by the server, said
    // without the URL.
    let mut cmd = alice.command(&fx, &["--yes", "rollout", "set", "10", "--force"]);
    let wrong = db.url().replace(PASSWORD, "wr0ng-pg-pass");
    cmd.env("SWCACHE_STATE_URL", &wrong);
    let refused = finish(cmd.spawn().unwrap());
    assert_eq!(refused.code, 78, "{}{}", refused.stdout, refused.stderr);
    assert!(
        refused.stderr.contains(&format!(
            "the state backend postgres {}: cannot connect",
            db.shown()
        )) && !refused.stderr.contains("wr0ng-pg-pass"),
        "{}",
        refused.stderr
    );
    assert!(fx.writes().is_empty(), "nothing sent without the lock");
    assert_no_secret(&db, &[&check, &online, &refused], &fx);
}

#[test]
fn an_unreachable_server_is_an_error_within_the_deadline_never_a_fall_back() {
    let fx = Fx::new();
    // A server that accepts and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let home = fx.home.path().join("ops");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(
        home.join("swcache.toml"),
        "[state]\nbackend = \"postgres\"\n",
    )
    .unwrap();
    let url = format!("postgres://swcache_team:{PASSWORD}@127.0.0.1:{port}/team");
    let started = Instant::now();
    let run = fx.run(
        fx.cmd()
            .env("SWCACHE_CONFIG", home.join("swcache.toml"))
            .env("SWCACHE_STATE_URL", &url)
            .args([
                "--timeout",
                "2s",
                "--yes",
                "rollout",
                "set",
                "10",
                "--force",
            ]),
    );
    let took = started.elapsed();
    assert_eq!(run.code, 78, "{}{}", run.stdout, run.stderr);
    assert!(took < Duration::from_secs(15), "took {took:?}");
    assert!(
        run.stderr.contains(&format!(
            "the state backend postgres 127.0.0.1:{port}/team: cannot connect"
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(PASSWORD) && !run.stdout.contains(PASSWORD));
    assert!(fx.writes().is_empty(), "nothing sent");
    assert!(
        !fx.home.path().join("state/swcache/locks").exists(),
        "no fall back to the directory"
    );
    drop(silent);
}

/// The escape hatch does not wait for a database that is down: it warns, lowers, and its report
/// says the audit could not take its writes.
#[test]
fn an_emergency_rollback_goes_on_without_the_database_and_says_so() {
    let fx = Fx::new();
    fx.set_flag_percentage(50);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let home = fx.home.path().join("ops");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(
        home.join("swcache.toml"),
        "[state]\nbackend = \"postgres\"\n",
    )
    .unwrap();
    let run = fx.run(
        fx.cmd()
            .env("SWCACHE_CONFIG", home.join("swcache.toml"))
            .env(
                "SWCACHE_STATE_URL",
                format!("postgres://swcache_team:{PASSWORD}@127.0.0.1:{port}/team"),
            )
            .args([
                "--timeout",
                "2s",
                "--json",
                "--yes",
                "rollback",
                "emergency",
            ]),
    );
    // The flag disabled (the revert step is not configured here: exit 5, said).
    assert_eq!(fx.flag()["enabled"], false, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "the state backend postgres 127.0.0.1:{port}/team: cannot connect"
        )) && run
            .stderr
            .contains("going on anyway: an emergency rollback does not wait"),
        "{}",
        run.stderr
    );
    let doc = run.json();
    assert!(
        doc["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "audit log" && c["status"] == "warning"),
        "{doc}"
    );
    assert!(!run.stdout.contains(PASSWORD) && !run.stderr.contains(PASSWORD));
}

#[test]
fn a_newer_schema_is_refused() {
    let fx = Fx::new();
    let db = pg::server().database();
    let alice = Machine::new(&fx, &db, "alice", STEPS);
    // First use creates the schema at version 1.
    let first = alice.run(&fx, &["--json", "audit"]);
    assert_eq!(first.code, 0, "{}{}", first.stdout, first.stderr);
    assert_eq!(
        db.sql("SELECT max(version) FROM swcache.schema_version"),
        "1"
    );
    db.sql("INSERT INTO swcache.schema_version VALUES (2)");
    let run = alice.run(&fx, &["--yes", "rollout", "set", "10", "--force"]);
    assert_eq!(run.code, 78, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "the state backend postgres {}: its schema swcache is at version 2, and this \
             swcache knows only version 1",
            db.shown()
        )),
        "{}",
        run.stderr
    );
    assert!(fx.writes().is_empty());
}

/// The step a rollout run's row records (empty before the schema or the row exists).
fn run_recorded_at(db: &Db) -> String {
    if !schema_ready(db) {
        return String::new();
    }
    db.sql(
        "SELECT coalesce((SELECT doc->>'current' FROM swcache.documents \
         WHERE kind = 'rollout-run'), '')",
    )
}

#[test]
fn a_rollout_run_stopped_on_one_machine_resumes_on_the_other() {
    let fx = Fx::new();
    let db = pg::server().database();
    fx.set_flag_percentage(10);
    let alice = Machine::new(&fx, &db, "alice", "");
    let bob = Machine::new(&fx, &db, "bob", "");
    let child = alice.spawn(&fx, &["--yes", "rollout", "run", "--bake", "30s"]);
    wait_for("alice's first step recorded in the database", || {
        run_recorded_at(&db) == "25" && fx.flag()["percentage"] == 25
    });
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let stopped = finish(child);
    assert_eq!(stopped.code, 5, "{}", stopped.stderr);

    let run = bob.run(
        &fx,
        &[
            "--json", "--yes", "rollout", "run", "--bake", "200ms", "--resume",
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        flag_percentages(&fx),
        [25, 50, 100],
        "25 baked again on Bob's machine, not sent again"
    );
    assert_eq!(
        db.sql("SELECT doc->>'done' FROM swcache.documents WHERE kind = 'rollout-run'"),
        "[25, 50, 100]"
    );
    assert_no_secret(&db, &[&stopped, &run], &fx);
}

/// Several first users at once: the schema is made once (one transaction under an advisory
/// lock), and every one of them works.
#[test]
fn first_users_at_once_make_the_schema_once() {
    let fx = Fx::new();
    let db = pg::server().database();
    let machines: Vec<Machine> = ["ann", "ben", "cat", "dan"]
        .into_iter()
        .map(|u| Machine::new(&fx, &db, u, ""))
        .collect();
    let children: Vec<Child> = machines
        .iter()
        .map(|m| m.spawn(&fx, &["--json", "audit"]))
        .collect();
    for c in children {
        let run = finish(c);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    }
    assert_eq!(db.sql("SELECT count(*) FROM swcache.schema_version"), "1");
    assert_eq!(
        db.sql("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'swcache'"),
        "4"
    );
}

/// `rollout pause` from another machine, through the database, holds a live run; `continue`
/// lets it go on.
#[test]
fn a_live_run_is_paused_and_continued_from_another_machine() {
    let fx = Fx::new();
    let db = pg::server().database();
    fx.set_flag_percentage(10);
    let alice = Machine::new(&fx, &db, "alice", "");
    let bob = Machine::new(&fx, &db, "bob", "");
    let child = alice.spawn(&fx, &["--yes", "rollout", "run", "--bake", "2s"]);
    wait_for("alice's first step", || {
        run_recorded_at(&db) == "25" && fx.flag()["percentage"] == 25
    });
    let paused = bob.run(&fx, &["rollout", "pause"]);
    assert_eq!(paused.code, 0, "{}{}", paused.stdout, paused.stderr);
    assert_eq!(
        db.sql("SELECT doc->>'by' FROM swcache.documents WHERE kind = 'rollout-pause'")
            .split('@')
            .next(),
        Some("bob")
    );
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(flag_percentages(&fx), [25], "held past its 2 s bake");
    let cont = bob.run(&fx, &["rollout", "continue"]);
    assert_eq!(cont.code, 0, "{}{}", cont.stdout, cont.stderr);
    let done = finish(child);
    assert_eq!(done.code, 0, "{}{}", done.stdout, done.stderr);
    assert!(
        done.stderr.contains("rollout run paused by bob@"),
        "{}",
        done.stderr
    );
    assert_eq!(flag_percentages(&fx), [25, 50, 100]);
    assert_no_secret(&db, &[&paused, &cont, &done], &fx);
}

/// Four machines start the same planned rollback at once: the advisory lock lets exactly one
/// write; the others are refused (exit 5) naming it, and its steps are written once each.
#[test]
fn four_machines_at_once_are_one_writer() {
    let fx = Fx::new();
    let db = pg::server().database();
    fx.set_flag_percentage(50);
    let machines: Vec<Machine> = ["ann", "ben", "cat", "dan"]
        .into_iter()
        .map(|u| Machine::new(&fx, &db, u, STEPS))
        .collect();
    let args = [
        "--yes",
        "rollback",
        "planned",
        "--steps",
        "25,0",
        // Long enough that every other machine has started while the winner runs.
        "--step-wait",
        "5s",
    ];
    let children: Vec<Child> = machines.iter().map(|m| m.spawn(&fx, &args)).collect();
    let runs: Vec<Run> = children.into_iter().map(finish).collect();
    let winners: Vec<&Run> = runs.iter().filter(|r| r.code == 0).collect();
    assert_eq!(
        winners.len(),
        1,
        "{:?}",
        runs.iter().map(|r| (r.code, &r.stderr)).collect::<Vec<_>>()
    );
    for r in runs.iter().filter(|r| r.code != 0) {
        assert_eq!(r.code, 5, "{}", r.stderr);
        assert!(
            r.stderr.contains("another run holds the write lock")
                && r.stderr.contains("rollback planned"),
            "{}",
            r.stderr
        );
    }
    assert_eq!(flag_percentages(&fx), [25, 0], "each step written once");
}
