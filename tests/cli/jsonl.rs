//! `--output jsonl`: the `--json` document on exactly one line, for appending to a log.

use serde_json::Value;

use crate::support::Fx;

/// Drops what differs between two runs of the same command (timings, the start time).
fn without_timings(mut v: Value) -> Value {
    match &mut v {
        Value::Object(map) => {
            map.retain(|k, _| k != "duration_ms" && k != "elapsed_ms" && k != "time");
            for x in map.values_mut() {
                *x = without_timings(x.take());
            }
        }
        Value::Array(items) => {
            for x in items.iter_mut() {
                *x = without_timings(x.take());
            }
        }
        _ => {}
    }
    v
}

#[test]
fn jsonl_is_the_json_document_on_one_line() {
    let fx = Fx::new();
    let line = fx.swcache(&["--output", "jsonl", "validate"]);
    assert_eq!(line.code, 0, "{}", line.stderr);
    assert!(line.stdout.ends_with('\n'), "{:?}", line.stdout);
    assert_eq!(line.stdout.lines().count(), 1, "{}", line.stdout);
    let doc = fx.swcache(&["--json", "validate"]);
    assert!(
        doc.stdout.lines().count() > 1,
        "--json stays pretty-printed"
    );
    assert_eq!(without_timings(line.json()), without_timings(doc.json()));
}

#[test]
fn jsonl_from_the_environment_and_after_a_write() {
    let fx = Fx::scenario("storage-pressure");
    let run = fx.run(
        fx.cmd()
            .env("SWCACHE_OUTPUT", "jsonl")
            .args(["maintain", "daily"]),
    );
    assert_eq!(
        run.code, 1,
        "storage above 80 % is a warning: {}",
        run.stderr
    );
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    let v = run.json();
    assert_eq!(v["command"], "maintain daily");
    assert_eq!(v["actions"][0]["outcome"], "done", "{v}");
    fx.assert_no_token(&run);
}
