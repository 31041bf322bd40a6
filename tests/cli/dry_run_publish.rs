//! `--dry-run` publishes nothing: a rehearsal must not make a broken cron job look healthy
//! (no textfile written, nothing pushed to a real Pushgateway), and `-v` says so.

use crate::push::Pushgateway;
use crate::support::Fx;

#[test]
fn a_dry_run_writes_no_textfile_and_pushes_nothing() {
    let pg = Pushgateway::start();
    let fx = Fx::scenario("storage-pressure");
    let dir = fx.home.path().join("textfile");
    std::fs::create_dir_all(&dir).unwrap();
    let run = fx.run(
        fx.cmd()
            .args([
                "-v",
                "--dry-run",
                "maintain",
                "daily",
                "--pushgateway",
                &pg.url,
            ])
            .arg("--textfile")
            .arg(&dir),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("nothing published"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "no textfile");
    let pushed = pg.metrics();
    assert!(
        !pushed.contains("swcache_") && !pushed.contains("push_time_seconds"),
        "{pushed}"
    );
    assert!(fx.writes().is_empty());

    // The same run for real publishes both: the check above could have failed.
    let run = fx.run(
        fx.cmd()
            .args(["--yes", "maintain", "daily", "--pushgateway", &pg.url])
            .arg("--textfile")
            .arg(&dir),
    );
    assert!(run.code <= 2, "{}", run.stderr);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    assert!(pg.metrics().contains("swcache_last_run_timestamp_seconds"));
}
