//! The release workflow and every CI example against the schemas GitHub Actions and GitLab CI
//! publish, as vendored by check-jsonschema (`--builtin-schema`, offline).

use std::path::Path;

use crate::support::{files, ok, run};

/// The schema a shipped CI file is written for: GitLab's for `gitlab-*`, GitHub's otherwise.
fn schema_of(path: &Path) -> &'static str {
    let name = path.file_name().unwrap().to_string_lossy();
    if name.starts_with("gitlab-") {
        "vendor.gitlab-ci"
    } else {
        "vendor.github-workflows"
    }
}

fn check(schema: &str, file: &Path) -> std::process::Output {
    run(
        "check-jsonschema",
        &["--builtin-schema", schema, file.to_str().unwrap()],
    )
}

#[test]
fn release_workflow_and_ci_examples_match_their_schemas() {
    let shipped = files("examples/ci", &[".yml", ".yaml"]);
    let names: Vec<String> = shipped
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "release.yml",
        "github-actions-deploy.yml",
        "gitlab-ci-deploy.yml",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing: {names:?}"
        );
    }
    for file in &shipped {
        let out = check(schema_of(file), file);
        assert!(
            out.status.success(),
            "{} does not match {}:\n{}{}",
            file.display(),
            schema_of(file),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The check can fail: a workflow job without `runs-on` and a GitLab job with an unknown
/// `when` are rejected.
#[test]
fn schema_check_rejects_broken_files() {
    let dir = tempfile::tempdir().unwrap();
    let release = std::fs::read_to_string(crate::support::root().join("examples/ci/release.yml"))
        .unwrap()
        .replace("    runs-on: ${{ matrix.runner }}\n", "");
    let broken = dir.path().join("release.yml");
    std::fs::write(&broken, release).unwrap();
    assert!(!check("vendor.github-workflows", &broken).status.success());

    let gitlab =
        std::fs::read_to_string(crate::support::root().join("examples/ci/gitlab-ci-deploy.yml"))
            .unwrap()
            .replace("  when: manual", "  when: sometimes");
    let broken = dir.path().join("gitlab-ci-deploy.yml");
    std::fs::write(&broken, gitlab).unwrap();
    assert!(!check("vendor.gitlab-ci", &broken).status.success());
    // And the tool itself is there and works on a good file.
    ok("check-jsonschema", &["--version"]);
}
