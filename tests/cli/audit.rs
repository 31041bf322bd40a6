//! `swcache audit`: the writes recorded in the state directory's audit log, as a table and as
//! one JSON document, against a real run's lines.

use std::io::Write as _;

use crate::support::Fx;

#[test]
fn audit_shows_who_wrote_what_from_where_and_keeps_unreadable_lines() {
    let fx = Fx::new();
    let set = fx.swcache(&["--yes", "rollout", "set", "25"]);
    assert_eq!(set.code, 0, "{}", set.stderr);
    // A line from before the host was recorded, and one that is not JSON.
    let mut log = std::fs::OpenOptions::new()
        .append(true)
        .open(fx.audit_log())
        .unwrap();
    writeln!(
        log,
        r#"{{"time":"2020-01-01T00:00:00.000Z","user":"old","environment":"staging","base_url":"x","command":"rollout set 5","action":"set the flag","request":{{"method":"POST","url":"x"}},"outcome":"done","duration_ms":1}}"#
    )
    .unwrap();
    writeln!(log, "{{torn line").unwrap();
    drop(log);

    let run = fx.run(fx.bare().args(["--json", "audit"]));
    assert_eq!(
        run.code, 1,
        "an unreadable line is a WARNING: {}",
        run.stderr
    );
    let doc = run.json();
    let entries = doc["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "{doc:#}");
    let first = &entries[0];
    assert_eq!(first["environment"], "default");
    assert_eq!(first["outcome"], "done");
    assert!(
        first["host"].as_str().is_some_and(|h| !h.is_empty()),
        "{first}"
    );
    assert!(
        first["command"]
            .as_str()
            .unwrap()
            .contains("rollout set 25")
    );
    assert!(
        first["url"]
            .as_str()
            .unwrap()
            .ends_with("/api/admin/feature-flags")
    );
    assert!(
        entries[1]["host"].is_null(),
        "old lines stay readable without a host"
    );
    assert_eq!(entries[2]["unreadable"], "{torn line");
    assert_eq!(entries[2]["line"], 3);

    // --since and --env narrow it; the unreadable line is always shown.
    let doc = fx
        .run(fx.bare().args(["--json", "audit", "--since", "7d"]))
        .json();
    assert_eq!(doc["entries"].as_array().unwrap().len(), 2, "{doc:#}");
    let doc = fx
        .run(fx.bare().args(["--json", "--env", "staging", "audit"]))
        .json();
    let entries = doc["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{doc:#}");
    assert_eq!(entries[0]["user"], "old");

    // The table: one line per write, newest last, within 80 columns.
    let table = fx.run(fx.bare().args(["audit"]));
    assert_eq!(table.code, 1);
    let section: Vec<&str> = table
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Writes recorded in"))
        .collect();
    let rows: Vec<&str> = section
        .iter()
        .copied()
        .filter(|l| l.starts_with('│'))
        .collect();
    assert_eq!(rows.len(), 4, "header + 3:\n{}", table.stdout);
    assert!(rows[3].contains("UNREADABLE"), "{}", table.stdout);
    assert!(
        rows[1].contains("default") && rows[1].contains("done"),
        "{}",
        table.stdout
    );
    for l in section
        .iter()
        .filter(|l| l.starts_with(['│', '┌', '└', '╞']))
    {
        assert!(l.chars().count() <= 80, "{l}\n{}", table.stdout);
    }
    fx.assert_no_token(&table);
}
