//! `rollout run --resume` after SIGTERM or `kill -9`, an edited run state, the gate before each
//! raise, and a colleague's change in the middle of a run. `[analysis]`-free configs and short
//! bakes: a step is two readings, at its start and at its end.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::support::{Fx, finish, flag_percentages, wait_for};

fn fx(flag_at: u8, config: &str) -> Fx {
    let fx = Fx::new();
    std::fs::write(fx.home.path().join("swcache.toml"), config).unwrap();
    fx.set_flag_percentage(flag_at);
    fx
}

pub fn state_file(fx: &Fx) -> PathBuf {
    fx.home
        .path()
        .join("state/swcache/rollout/run-default.json")
}

pub fn state(fx: &Fx) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(state_file(fx)).ok()?).ok()
}

/// Signals the child (`TERM`, `HUP`, `KILL`) by its id.
pub fn signal(child: &std::process::Child, sig: &str) {
    let ok = std::process::Command::new("kill")
        .args([&format!("-{sig}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

/// The case: a run started with the flag at 10 %, stopped while baking its first step
/// (25 %) by SIGTERM, SIGHUP or `kill -9`. The resume bakes 25 again and goes on: it never
/// sends 10 (lower) nor 25 (landed) again.
#[test]
fn a_resume_after_an_interruption_in_the_first_bake_goes_on_from_there() {
    for sig in ["TERM", "HUP", "KILL"] {
        let fx = fx(10, "");
        let child = fx.spawn(&["--yes", "rollout", "run", "--bake", "30s"]);
        wait_for("the first step", || {
            fx.flag()["percentage"] == 25 && state(&fx).is_some_and(|s| s["current"] == 25)
        });
        signal(&child, sig);
        let stopped = finish(child);
        if sig == "TERM" {
            assert_eq!(stopped.code, 5, "{}", stopped.stderr);
        }
        let st = state(&fx).unwrap();
        assert_eq!(
            (&st["done"], &st["current"]),
            (&json!([]), &json!(25)),
            "{sig}"
        );
        fx.clear_requests();
        let run = fx.swcache(&[
            "--json", "--yes", "rollout", "run", "--bake", "200ms", "--resume",
        ]);
        assert_eq!(run.code, 0, "{sig}: {}\n{}", run.stdout, run.stderr);
        assert_eq!(
            flag_percentages(&fx),
            vec![json!(50), json!(100)],
            "{sig}: 25 baked again, not sent again; nothing lower"
        );
        let doc = run.json();
        let steps: Vec<&Value> = doc["run"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| &s["step"])
            .collect();
        assert_eq!(steps, vec![&json!(25), &json!(50), &json!(100)], "{sig}");
        assert_eq!(state(&fx).unwrap()["done"], json!([25, 50, 100]));
    }
}

/// Killed while baking its last step (100 %): the resume bakes 100 again and sends nothing.
#[test]
fn a_resume_of_a_run_killed_at_its_last_step_sends_nothing() {
    let fx = fx(50, "");
    let child = fx.spawn(&["--yes", "rollout", "run", "--bake", "30s"]);
    wait_for("the last step", || {
        fx.flag()["percentage"] == 100 && state(&fx).is_some_and(|s| s["current"] == 100)
    });
    signal(&child, "KILL");
    finish(child);
    fx.clear_requests();
    let run = fx.swcache(&[
        "--json", "--yes", "rollout", "run", "--bake", "200ms", "--resume",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(flag_percentages(&fx).is_empty(), "{:?}", fx.writes());
    assert_eq!(state(&fx).unwrap()["status"], "done");
    assert_eq!(state(&fx).unwrap()["done"], json!([100]));
}

/// A run state edited by hand (or written by a newer swcache) is refused before anything is
/// read or sent: exit 78, naming the file.
#[test]
fn an_edited_run_state_is_refused() {
    let fx = fx(0, "");
    let base = json!({
        "version": 1, "environment": "default", "base_url": format!("{}/", fx.url),
        "started": "2026-01-01T00:00:00Z", "updated": "2026-01-01T00:00:00Z",
        "schedule": [10, 25, 50, 100], "until": 100, "on_failure": "planned",
        "done": [10], "current": 25, "status": "stopped", "from": 0.0
    });
    let edits = [
        ("schedule", json!([10, 150]), "past 100"),
        ("schedule", json!([255]), "past 100"),
        ("version", json!(2), "version"),
        ("schedule", json!([10, 50, 25, 100]), "does not rise"),
        ("until", json!(30), "until"),
        ("current", json!(100), "current step"),
    ];
    for (field, value, why) in edits {
        let mut rec = base.clone();
        rec[field] = value;
        if field == "schedule" && rec["schedule"] == json!([255]) {
            rec["until"] = json!(255);
        }
        std::fs::create_dir_all(state_file(&fx).parent().unwrap()).unwrap();
        std::fs::write(state_file(&fx), rec.to_string()).unwrap();
        for resume in [true, false] {
            let mut args = vec!["--yes", "rollout", "run", "--bake", "0s"];
            if resume {
                args.push("--resume");
            }
            let run = fx.swcache(&args);
            assert_eq!(run.code, 78, "{field}: {}\n{}", run.stdout, run.stderr);
            assert!(
                run.stderr.contains(&state_file(&fx).display().to_string())
                    && run.stderr.contains(why),
                "{field}: {}",
                run.stderr
            );
            assert!(fx.requests().is_empty(), "{field}: {:?}", fx.requests());
        }
    }
}

/// Measurements every 50 ms (a change is seen within one), two UNKNOWN tolerated.
const QUICK_ANALYSIS: &str = "[analysis]\ninterval = \"50ms\"\ncount = 2\nfailure_limit = 0\n\
                              inconclusive_limit = 2\n";

/// With `inconclusive_limit` 2, a colleague's emergency disable during the bake once counted
/// only as "inconclusive" and the run went on to 50 %. It stops the run at once: exit 5,
/// recorded as stopped, nothing more written, and a resume refuses.
#[test]
fn a_foreign_change_during_the_bake_stops_the_run() {
    let fx = fx(0, QUICK_ANALYSIS);
    let child = fx.spawn(&["--json", "--yes", "rollout", "run", "--bake", "30s"]);
    wait_for("the first step", || fx.flag()["percentage"] == 10);
    fx.foreign_flag_write(false, 0);
    let run = finish(child);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["run"]["outcome"], "stopped");
    let why = doc["stopped"].as_str().unwrap();
    assert!(why.contains("someone else"), "{why}");
    assert_eq!(state(&fx).unwrap()["status"], "stopped");
    assert_eq!(
        flag_percentages(&fx),
        vec![json!(10), json!(0)],
        "the run's 10, the colleague's disable, nothing after"
    );
    assert_eq!(fx.flag()["enabled"], false);
    let resumed = fx.swcache(&["--yes", "rollout", "run", "--bake", "0s", "--resume"]);
    assert_eq!(resumed.code, 5, "{}", resumed.stdout);
    assert_eq!(flag_percentages(&fx).len(), 2, "nothing sent by the resume");
}

/// The gate before a raise is `rollout advance`'s, bake included, and the last change is the
/// later of the app's `updatedAt` and the audit log: a step swcache set a moment ago on an app
/// whose `updatedAt` never moves has not baked.
#[test]
fn a_run_holds_on_a_step_set_a_moment_ago_even_when_updated_at_is_stale() {
    let fx = fx(10, "");
    let set = fx.swcache(&["--yes", "rollout", "set", "25", "--force"]);
    assert_eq!(set.code, 0, "{}\n{}", set.stdout, set.stderr);
    // The app's updatedAt stays two weeks back.
    fx.patch_state(json!({"flag": {"updatedAt": "2020-01-01T00:00:00Z"}}));
    fx.clear_requests();
    let run = fx.swcache(&["--json", "--yes", "rollout", "run", "--bake", "200ms"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["run"]["outcome"], "held");
    assert_eq!(doc["bake"]["source"], "audit-log", "{doc:#}");
    assert!(
        doc["stopped"].as_str().unwrap().contains("not baked yet"),
        "{}",
        doc["stopped"]
    );
    assert!(fx.writes().is_empty());
    // `advance` holds the same.
    let adv = fx.swcache(&["--yes", "rollout", "advance"]);
    assert_eq!(adv.code, 5, "{}", adv.stdout);
    assert!(fx.writes().is_empty());
}

/// Issue 24 B: a run started with `--bake 20s --until 25` resumes with what it recorded, not
/// with the 7-day default; a plan flag that differs is refused, a different `--bake` is shown
/// and asked about.
#[test]
fn a_resume_keeps_the_recorded_bake_until_and_analysis() {
    let fx = fx(10, "[analysis]\ninterval = \"5s\"\ncount = 2\n");
    let child = fx.spawn(&["--yes", "rollout", "run", "--bake", "20s", "--until", "25"]);
    wait_for("the first step", || {
        fx.flag()["percentage"] == 25 && state(&fx).is_some_and(|s| s["current"] == 25)
    });
    signal(&child, "TERM");
    assert_eq!(finish(child).code, 5);
    let st = state(&fx).unwrap();
    assert_eq!(st["settings"]["bake_ms"], 20_000, "{st:#}");
    assert_eq!(st["settings"]["analysis"]["interval_ms"], 5_000, "{st:#}");
    // The hint names no flag the record already holds.
    assert_eq!(st["until"], 25);

    // The config changes meanwhile: the run keeps the analysis it began with.
    std::fs::write(
        fx.home.path().join("swcache.toml"),
        "[analysis]\ninterval = \"1m\"\ncount = 9\n",
    )
    .unwrap();
    fx.clear_requests();
    let run = fx.swcache(&["--json", "--dry-run", "rollout", "run", "--resume"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["run"]["bake_ms"], 20_000, "{doc:#}");
    assert_eq!(doc["run"]["until"], 25);
    assert_eq!(doc["run"]["analysis"]["interval_ms"], 5_000);
    assert_eq!(
        doc["run"]["analysis"]["count"], 5,
        "20s at every 5s: 5 readings"
    );

    // Plan flags that differ are refused, naming both; the same value is fine.
    for (args, says) in [
        (
            &["--until", "50"][..],
            "--until 50 % differs from the run's recorded 25 %",
        ),
        (
            &["--schedule", "10,50,100"][..],
            "--schedule 10,50,100 differs from the run's recorded 10,25,50,100",
        ),
        (
            &["--on-failure", "emergency"][..],
            "--on-failure emergency differs from the run's recorded planned",
        ),
    ] {
        let mut all = vec!["--yes", "rollout", "run", "--resume"];
        all.extend_from_slice(args);
        let run = fx.swcache(&all);
        assert_eq!(run.code, 64, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    let same = fx.swcache(&[
        "--json",
        "--dry-run",
        "rollout",
        "run",
        "--resume",
        "--until",
        "25",
    ]);
    assert_eq!(same.code, 0, "{}", same.stderr);

    // Another --bake is said and asked: with no terminal and no --yes, nothing is sent.
    let run = fx.swcache(&["rollout", "run", "--resume", "--bake", "1s"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("--resume: --bake 1s instead of the recorded 20s"),
        "{}",
        run.stderr
    );
    assert!(fx.writes().is_empty(), "nothing was sent");
    assert_eq!(state(&fx).unwrap()["settings"]["bake_ms"], 20_000);
}

/// The flag where the run left it, but with other user groups: still someone else's change (a
/// run never sets the groups), so the run stops and raises nothing more.
#[test]
fn a_change_of_the_user_groups_alone_stops_the_run() {
    let fx = fx(0, QUICK_ANALYSIS);
    let child = fx.spawn(&["--json", "--yes", "rollout", "run", "--bake", "30s"]);
    wait_for("the first step", || fx.flag()["percentage"] == 10);
    fx.foreign_flag_write(true, 10);
    let run = finish(child);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(doc["run"]["outcome"], "stopped");
    let why = doc["stopped"].as_str().unwrap();
    assert!(
        why.contains("user groups changed") && why.contains("someone else"),
        "{why}"
    );
    assert_eq!(
        flag_percentages(&fx),
        vec![json!(10), json!(10)],
        "the run's 10, the colleague's regrouping, nothing after"
    );
}
