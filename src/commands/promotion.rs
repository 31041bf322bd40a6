//! The promotion gate's record: `<state dir>/deploy/staging.json` (or its row in the shared
//! database, see `crate::state`), what the last full `deploy staging` of each release verified
//! and tested. Whole replace, so a crash never leaves half a record; it never holds the token.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::exit::CliError;
use crate::policy::pipeline::{StagingRecord, TESTS_PASSED};
use crate::state::{Doc, Kind, Store};

/// The staging records (one document for every environment).
pub(crate) fn doc(store: &Store) -> Doc {
    store.doc(Kind::Staging, "")
}

/// Version of the record's layout; another version is refused.
const VERSION: u32 = 1;

/// The file: every release's latest staging record, by release.
#[derive(Serialize, Deserialize)]
struct StagingFile {
    version: u32,
    releases: BTreeMap<String, StagingRecord>,
}

/// Every release's latest staging record. A file that cannot be read, parsed or trusted is an
/// error (exit 78 naming it), not "no record": the gate must not open or close on a guess.
pub(crate) fn load(doc: &Doc) -> Result<BTreeMap<String, StagingRecord>, CliError> {
    Ok(doc
        .load("staging record", VERSION, valid)?
        .map(|f: StagingFile| f.releases)
        .unwrap_or_default())
}

/// Each record is filed under its own release, and its tests' outcome is one deploy writes.
fn valid(file: &StagingFile) -> Result<(), String> {
    for (release, rec) in &file.releases {
        if *release != rec.release {
            return Err(format!(
                "the record filed under {release} is of release {}",
                rec.release
            ));
        }
        if ![TESTS_PASSED, "failed", "skipped", "not-run"].contains(&rec.tests.as_str()) {
            return Err(format!(
                "release {release}'s tests are `{}`, not passed, failed, skipped or not-run",
                rec.tests
            ));
        }
    }
    Ok(())
}

/// Records `rec` as its release's latest staging result (a later failure replaces a pass).
pub(crate) fn save(doc: &Doc, rec: &StagingRecord) -> Result<(), String> {
    let mut releases = load(doc).map_err(|e| e.message)?;
    releases.insert(rec.release.clone(), rec.clone());
    let file = StagingFile {
        version: VERSION,
        releases,
    };
    doc.save(&file)
        .map_err(|e| format!("cannot write {doc}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_record_per_release() {
        let dir = tempfile::tempdir().unwrap();
        let d = doc(&Store::Dir(dir.path().to_path_buf()));
        let p = d.file().unwrap();
        assert!(load(&d).unwrap().is_empty());
        let rec = |release: &str, tests: &str| StagingRecord {
            release: release.into(),
            worker_sha256: "aa".into(),
            verified: true,
            tests: tests.into(),
            time: "t".into(),
            url: "u".into(),
        };
        save(&d, &rec("v1", "passed")).unwrap();
        save(&d, &rec("v2", "passed")).unwrap();
        save(&d, &rec("v1", "failed")).unwrap();
        let all = load(&d).unwrap();
        assert_eq!(all["v1"].tests, "failed");
        assert_eq!(all["v2"].tests, "passed");
        std::fs::write(&p, "{not json").unwrap();
        assert!(load(&d).is_err());
    }

    #[test]
    fn a_record_that_is_not_this_layout_or_not_consistent_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let d = doc(&Store::Dir(dir.path().to_path_buf()));
        let p = d.file().unwrap();
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let rec = serde_json::json!({"release": "v1", "worker_sha256": "aa", "verified": true,
            "tests": "passed", "time": "t", "url": "u"});
        for (doc, says) in [
            // The layout before versions: a bare map of releases.
            (serde_json::json!({"v1": rec}), "has no layout version"),
            (
                serde_json::json!({"version": 7, "releases": {}}),
                "has layout version 7, and this swcache reads only version 1",
            ),
            (
                serde_json::json!({"version": 1, "releases": {"v2": rec}}),
                "is not valid: the record filed under v2 is of release v1",
            ),
        ] {
            std::fs::write(&p, doc.to_string()).unwrap();
            let err = load(&d).unwrap_err();
            assert_eq!(err.status, crate::exit::ExitStatus::Config);
            assert!(
                err.message
                    .starts_with(&format!("the staging record {} {says}", p.display())),
                "{}",
                err.message
            );
        }
        let mut bad = rec.clone();
        bad["tests"] = "probably".into();
        std::fs::write(
            &p,
            serde_json::json!({"version": 1, "releases": {"v1": bad}}).to_string(),
        )
        .unwrap();
        assert!(
            load(&d)
                .unwrap_err()
                .message
                .contains("tests are `probably`")
        );
    }
}
