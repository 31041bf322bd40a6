//! The crate's shape, checked from its sources: no module depends on itself through others (a
//! cycle makes two modules one in all but name), and only `act` sends a write. A dependency is
//! every `crate::a::b` path outside test modules: an edge from the file's module to `a` (and,
//! for `commands`, `a::b`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `src/`, and every `.rs` file under it.
fn sources() -> (PathBuf, Vec<PathBuf>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 50, "the source tree was not found");
    (src, files)
}

/// The module a source file belongs to: its top-level module, and for `commands` (one module
/// per command) the command's.
fn module_of(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p != "mod")
        .collect();
    node(&parts)
}

fn node(parts: &[String]) -> String {
    match parts {
        [top, sub, ..] if top == "commands" => format!("commands::{sub}"),
        [top, ..] => top.clone(),
        [] => String::new(),
    }
}

/// Each `crate::…` path in `text` (test modules cut off), as the module it names.
fn references(text: &str) -> BTreeSet<String> {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let mut parts = Vec::new();
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::c}`: each item.
            for item in group.split('}').next().unwrap_or("").split(',') {
                let item: Vec<String> = item.trim().split("::").map(str::to_string).collect();
                out.insert(node(&item));
            }
            continue;
        }
        for seg in rest.split("::") {
            let word: String = seg
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if word.is_empty() {
                break;
            }
            let last = word.len() < seg.len();
            parts.push(word);
            if last || parts.len() == 2 {
                break;
            }
        }
        out.insert(node(&parts));
    }
    out
}

fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let (src, files) = sources();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap();
        let name = rel.to_string_lossy();
        if name.ends_with("_tests.rs") || name.contains("/tests") || name.ends_with("tests.rs") {
            continue;
        }
        let from = module_of(rel);
        let text = std::fs::read_to_string(&f).unwrap();
        for to in references(&text) {
            // `testing` re-exports for tests outside the crate; `commands` alone is its list.
            if !to.is_empty() && to != from && to != "testing" && to != "commands" {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    edges
}

/// A path from `to` back to `from`, if there is one.
fn path_back(
    edges: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    to: &str,
) -> Option<Vec<String>> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![vec![to.to_string()]];
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap().clone();
        if last == from {
            return Some(path);
        }
        if !seen.insert(last.clone()) {
            continue;
        }
        for next in edges.get(&last).into_iter().flatten() {
            let mut p = path.clone();
            p.push(next.clone());
            stack.push(p);
        }
    }
    None
}

#[test]
fn no_module_depends_on_itself() {
    let edges = edges();
    assert!(edges.len() > 20, "the sources were not read: {edges:?}");
    assert!(edges["act"].contains("api"), "{edges:?}");
    let mut cycles = Vec::new();
    for (from, tos) in &edges {
        for to in tos {
            if let Some(back) = path_back(&edges, from, to) {
                cycles.push(format!("{from} -> {}", back.join(" -> ")));
            }
        }
    }
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
}

/// A write made anywhere but `act` would skip its dry run, confirmation, read-back and audit:
/// no other file may make a permit (`api::WritePermit`) or send a write.
#[test]
fn only_act_makes_a_permit_or_sends_a_write() {
    let (src, files) = sources();
    let allowed = [src.join("act.rs"), src.join("api")];
    let mut offenders = Vec::new();
    for f in files
        .iter()
        .filter(|f| !allowed.iter().any(|a| f.starts_with(a)))
    {
        let text = std::fs::read_to_string(f).unwrap();
        for word in ["WritePermit", "post_json("] {
            // This file names them to look for them.
            if text.contains(word) && !f.ends_with("architecture_tests.rs") {
                offenders.push(format!("{} names {word}", f.display()));
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
    let act = std::fs::read_to_string(src.join("act.rs")).unwrap();
    assert!(act.contains("WritePermit::for_act()"));
}

#[test]
fn a_cycle_is_found() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        edges.entry(a.into()).or_default().insert(b.into());
    }
    assert_eq!(
        path_back(&edges, "a", "b"),
        Some(vec!["b".to_string(), "c".into(), "a".into()])
    );
    assert_eq!(path_back(&edges, "c", "d"), None);
    assert_eq!(
        references(
            "use crate::{exit::Severity, output::Report};\nlet x = crate::commands::deploy::run;"
        ),
        ["commands::deploy", "exit", "output"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
}
