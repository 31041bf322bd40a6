//! A team on one ops host: users with their own `HOME`s share one `state_dir`
//! (`SWCACHE_STATE_DIR`), and so share its locks, its run and rollback state and its audit log.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::support::{Fx, finish, flag_percentages, wait_for};

/// A user of the host: a `HOME` of their own, the team's state directory.
struct User {
    home: PathBuf,
}

impl User {
    fn new(fx: &Fx, name: &str) -> User {
        let home = fx.home.path().join(name);
        std::fs::create_dir_all(&home).unwrap();
        // Their config names the planned rollback's redeploy step, as a team's would.
        std::fs::write(
            home.join("swcache.toml"),
            "[steps.redeploy]\ncommand = \"echo redeploy\"\n",
        )
        .unwrap();
        User { home }
    }

    fn env(&self, cmd: &mut std::process::Command, shared: &Path) {
        cmd.env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("XDG_STATE_HOME", self.home.join("state"))
            .env("SWCACHE_STATE_DIR", shared)
            .current_dir(&self.home);
    }

    fn spawn(&self, fx: &Fx, shared: &Path, args: &[&str]) -> std::process::Child {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("swcache"));
        fx.isolate(&mut cmd);
        self.env(&mut cmd, shared);
        cmd.arg("--url")
            .arg(&fx.url)
            .arg("--token-file")
            .arg(&fx.token_file)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        cmd.spawn().expect("swcache starts")
    }

    fn run(&self, fx: &Fx, shared: &Path, args: &[&str]) -> crate::support::Run {
        finish(self.spawn(fx, shared, args))
    }
}

/// The `.deb`'s `/var/lib/swcache`: group-writable and set-group-ID.
fn team_dir(fx: &Fx) -> PathBuf {
    let dir = fx.home.path().join("var-lib-swcache");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
    dir
}

fn completed(state: &Path) -> u64 {
    std::fs::read_to_string(state)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|s| s["completed"].as_u64())
        .unwrap_or(0)
}

#[test]
fn two_homes_on_one_state_dir_are_one_writer_at_a_time() {
    let fx = Fx::new();
    fx.set_flag_percentage(50);
    let shared = team_dir(&fx);
    let (alice, bob) = (User::new(&fx, "alice"), User::new(&fx, "bob"));
    let child = alice.spawn(
        &fx,
        &shared,
        &[
            "--yes",
            "rollback",
            "planned",
            "--steps",
            "25,0",
            "--step-wait",
            "30s",
        ],
    );
    let state = shared.join("rollback/planned-default.json");
    wait_for("alice's first step recorded", || completed(&state) >= 1);

    // Bob, under his own HOME, cannot write while Alice's run holds the app.
    let run = bob.run(&fx, &shared, &["--yes", "rollout", "set", "100", "--force"]);
    assert_eq!(run.code, 5, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("another run holds the write lock of environment default")
            && run.stderr.contains("rollback planned"),
        "{}",
        run.stderr
    );
    assert_eq!(fx.flag()["percentage"], 25);

    assert!(
        std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    assert_eq!(finish(child).code, 5);

    // Alice's stopped rollback is the team's: Bob may not raise exposure over it either.
    let run = bob.run(&fx, &shared, &["--yes", "rollout", "set", "100", "--force"]);
    assert_eq!(run.code, 5, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("swcache rollback planned --resume"),
        "{}",
        run.stderr
    );
    assert_eq!(fx.flag()["percentage"], 25);
    assert_eq!(flag_percentages(&fx), [25], "only Alice's step was written");

    // Nothing went to either user's own state; what is shared is the group's.
    for user in [&alice, &bob] {
        assert!(!user.home.join("state/swcache").exists());
    }
    let audit = shared.join("audit.jsonl");
    assert!(
        std::fs::read_to_string(&audit)
            .unwrap()
            .contains("rollback planned")
    );
    for file in [audit, state] {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o660, "{}", file.display());
    }
}
