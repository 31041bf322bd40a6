//! The README's and `docs/`'s example outputs are the binary's: every ```text block right after a
//! `<!-- checked-output -->` line starts with `$ swcache …` and shows that command's whole
//! stdout at 100 columns, run against the embedded sandbox. Ports, durations and dates are
//! filtered on both sides (the README may show real-looking ones).
//!
//! To refresh a block after an intended change of output, run its command with `COLUMNS=100
//! NO_COLOR=1` and paste the stdout under its `$` line.

use crate::report_snapshots::filters;
use crate::support::Fx;

/// The mark on a line of its own (the README also names it in prose).
const MARK: &str = "\n<!-- checked-output -->\n";

/// (the command line after `$ swcache `, the expected stdout) of every marked block.
fn blocks(readme: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = readme;
    while let Some(i) = rest.find(MARK) {
        rest = &rest[i + MARK.len()..];
        let body = rest
            .trim_start()
            .strip_prefix("```text\n")
            .expect("a ```text block follows the mark");
        let end = body.find("\n```").expect("the block ends");
        let block = &body[..end + 1];
        let (first, expected) = block.split_once('\n').expect("a command line and output");
        let command = first
            .strip_prefix("$ swcache ")
            .expect("the block starts with `$ swcache `");
        out.push((command.to_string(), expected.to_string()));
        rest = &body[end..];
    }
    out
}

fn filtered(text: &str) -> String {
    filters()
        .into_iter()
        .fold(text.to_string(), |t, (from, to)| {
            let re = regex::Regex::new(from).expect("a valid filter");
            re.replace_all(&t, to).into_owned()
        })
}

/// The README and the reference under `docs/`, by name.
fn documents() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root.join("docs"))
        .expect("docs/")
        .map(|e| e.expect("a docs entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    paths.extend(docs);
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("a readable document");
            (p.display().to_string(), text)
        })
        .collect()
}

#[test]
fn readme_outputs_match_the_binary() {
    let all: Vec<(String, (String, String))> = documents()
        .into_iter()
        .flat_map(|(name, text)| {
            blocks(&text)
                .into_iter()
                .map(move |b| (name.clone(), b))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(all.len() >= 2, "the documents mark their example outputs");
    let fx = Fx::new();
    for (doc, (command, expected)) in all {
        let args: Vec<&str> = command.split_whitespace().collect();
        let mut cmd = fx.bare();
        cmd.env("COLUMNS", "100").args(&args);
        let run = fx.run(&mut cmd);
        assert_eq!(
            filtered(&run.stdout),
            filtered(&expected),
            "{doc}: block `$ swcache {command}` differs from the binary's output \
             (stderr: {})",
            run.stderr
        );
    }
}
