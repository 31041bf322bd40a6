//! The promotion gate's record: `<state dir>/deploy/staging.json`, what the last full
//! `deploy staging` of each release verified and tested. Whole-file replace, so a crash never
//! leaves half a record; it never holds the token.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::exit::CliError;
use crate::policy::pipeline::StagingRecord;

pub(crate) fn path(state_dir: &Path) -> PathBuf {
    state_dir.join("deploy").join("staging.json")
}

/// Every release's latest staging record. A file that cannot be read or parsed is an error,
/// not "no record": the gate must not open or close on a guess.
pub(crate) fn load(path: &Path) -> Result<BTreeMap<String, StagingRecord>, CliError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => {
            return Err(CliError::config(format!(
                "cannot read the staging record {}: {e}",
                path.display()
            )));
        }
    };
    serde_json::from_str(&text).map_err(|e| {
        CliError::config(format!(
            "the staging record {} is not valid ({e}); look at it, then remove it and deploy \
             staging again",
            path.display()
        ))
    })
}

/// Records `rec` as its release's latest staging result (a later failure replaces a pass).
pub(crate) fn save(path: &Path, rec: &StagingRecord) -> Result<(), String> {
    let mut all = load(path).map_err(|e| e.message)?;
    all.insert(rec.release.clone(), rec.clone());
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let text = serde_json::to_string_pretty(&all).map_err(|e| e.to_string())? + "\n";
    crate::fsutil::replace(path, text.as_bytes(), crate::fsutil::Mode::Private)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_record_per_release() {
        let dir = tempfile::tempdir().unwrap();
        let p = path(dir.path());
        assert!(load(&p).unwrap().is_empty());
        let rec = |release: &str, tests: &str| StagingRecord {
            release: release.into(),
            worker_sha256: "aa".into(),
            verified: true,
            tests: tests.into(),
            time: "t".into(),
            url: "u".into(),
        };
        save(&p, &rec("v1", "passed")).unwrap();
        save(&p, &rec("v2", "passed")).unwrap();
        save(&p, &rec("v1", "failed")).unwrap();
        let all = load(&p).unwrap();
        assert_eq!(all["v1"].tests, "failed");
        assert_eq!(all["v2"].tests, "passed");
        std::fs::write(&p, "{not json").unwrap();
        assert!(load(&p).is_err());
    }
}
