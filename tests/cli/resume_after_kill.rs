//! `rollback planned --resume` after the run was killed outright (`kill -9`) in the middle of
//! a stage: a step-down the app applied but the run never recorded is accepted, not called
//! "someone else's change"; a shell step that started and never finished is not silently run
//! again from the start.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{Fx, Run, flag_percentages};

fn state(fx: &Fx) -> Option<Value> {
    let path = fx
        .home
        .path()
        .join("state/swcache/rollback/planned-default.json");
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

fn wait_for(what: &str, child: &mut std::process::Child, ready: impl Fn() -> bool) {
    let until = Instant::now() + Duration::from_secs(30);
    while !ready() {
        if Instant::now() >= until {
            let _ = child.kill();
            panic!("timed out waiting for {what}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn kill9(child: &mut std::process::Child) {
    child.kill().unwrap(); // SIGKILL: nothing of swcache runs after it
    child.wait().unwrap();
}

#[test]
fn a_step_down_the_app_applied_before_the_kill_is_recorded_on_resume_not_refused() {
    let fx = Fx::new(); // the flag stands at 10 %
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        "[steps.redeploy]\ncommand = \"true\"\n[steps.database_rollback]\ncommand = \"true\"\n",
    )
    .unwrap();
    // Every read of the flag is slow: the read-back of the step-down too, which holds the run
    // between the app applying it and swcache recording it.
    fx.fault(json!({"path": "/api/admin/feature-flags", "method": "GET", "delay_ms": 1500}));
    let mut child = fx.spawn(&[
        "--yes",
        "rollback",
        "planned",
        "--steps",
        "5,0",
        "--step-wait",
        "1s",
        "--poll-interval",
        "100ms",
    ]);
    wait_for("the step-down to 5 %", &mut child, || {
        flag_percentages(&fx) == vec![json!(5)]
    });
    kill9(&mut child);
    assert_eq!(fx.flag()["percentage"], json!(5), "the app applied it");
    let recorded = state(&fx).expect("the run recorded its plan");
    assert_eq!(
        recorded["completed"], 0,
        "the step-down was never recorded as done"
    );
    assert_eq!(recorded["in_flight"]["index"], 0, "but as started");

    fx.clear_faults();
    let run: Run = fx.swcache(&["--yes", "--json", "rollback", "planned", "--resume"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.json()["notes"]
            .to_string()
            .contains("recorded as done and not sent again"),
        "{}",
        run.stdout
    );
    // 5 % was sent once, by the killed run; the resume went on from there.
    assert_eq!(flag_percentages(&fx), vec![json!(5), json!(0)]);
    assert_eq!(state(&fx).unwrap()["status"], "done");
}

#[test]
fn a_database_rollback_killed_mid_run_is_not_rerun_without_a_confirmation() {
    let fx = Fx::new();
    let runs = fx.home.path().join("db-runs");
    // The first run hangs (to be killed in); later runs finish at once.
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        format!(
            "[steps.redeploy]\ncommand = \"true\"\n[steps.database_rollback]\n\
             command = '''echo $$ >> '{runs}'; [ $(wc -l < '{runs}') -ge 2 ] || sleep 60'''\n",
            runs = runs.display()
        ),
    )
    .unwrap();
    let mut child = fx.spawn(&["--yes", "rollback", "planned", "--steps", "0"]);
    wait_for("the database rollback to start", &mut child, || {
        std::fs::read_to_string(&runs).is_ok_and(|t| t.ends_with('\n'))
    });
    kill9(&mut child);
    end_step_group(&runs);
    let recorded = state(&fx).unwrap();
    let db = recorded["in_flight"]["index"]
        .as_u64()
        .expect("recorded as started") as usize;
    assert_eq!(recorded["plan"][db]["stage"], "database_rollback");

    // No terminal and no --yes: the half-run step is not started again.
    let run = fx.swcache(&["--json", "rollback", "planned", "--resume"]);
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert!(
        run.json()["stopped"]
            .as_str()
            .unwrap()
            .contains("started and never finished"),
        "{}",
        run.stdout
    );
    assert_eq!(lines(&runs), 1, "re-run without a confirmation");

    // Confirmed: it runs again from the start, and the rollback completes.
    let run = fx.swcache(&["--yes", "--json", "rollback", "planned", "--resume"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(lines(&runs), 2);
    assert_eq!(state(&fx).unwrap()["status"], "done");
    assert!(state(&fx).unwrap().get("in_flight").is_none());
}

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path).unwrap().lines().count()
}

/// The killed run's step is the leader of its own process group (still sleeping): end it.
fn end_step_group(runs: &Path) {
    let pid = std::fs::read_to_string(runs).unwrap();
    let _ = std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", pid.trim())])
        .status();
}
