//! The Kubernetes manifests against the Kubernetes API schemas (kubernetes-validate, offline,
//! strict: unknown fields are errors), and the policies the CronJobs must keep.

use crate::support::{files, root, run};

/// The oldest Kubernetes the manifests are written for (CronJob `timeZone` is GA in 1.27).
const KUBERNETES: &str = "1.30.0";

fn validate(file: &std::path::Path) -> std::process::Output {
    run(
        "kubernetes-validate",
        &["--strict", "-k", KUBERNETES, file.to_str().unwrap()],
    )
}

#[test]
fn manifests_match_the_kubernetes_schemas() {
    let manifests = files("examples/kubernetes", &[".yaml", ".yml"]);
    assert!(manifests.len() >= 3, "{manifests:?}");
    for file in &manifests {
        let out = validate(file);
        assert!(
            out.status.success(),
            "{}:\n{}{}",
            file.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The check can fail: a misspelt field is rejected.
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("cronjob.yaml");
    let text = std::fs::read_to_string(root().join("examples/kubernetes/cronjob-daily.yaml"))
        .unwrap()
        .replace("concurrencyPolicy:", "concurrencyPolicie:");
    std::fs::write(&broken, text).unwrap();
    assert!(
        !validate(&broken).status.success(),
        "a misspelt field passed"
    );
}

#[test]
fn cronjobs_run_one_at_a_time_unprivileged_with_the_token_as_a_file() {
    for (name, command) in [
        ("cronjob-daily.yaml", "daily"),
        ("cronjob-weekly.yaml", "weekly"),
    ] {
        let text = std::fs::read_to_string(root().join("examples/kubernetes").join(name)).unwrap();
        for needle in [
            "concurrencyPolicy: Forbid",
            "runAsNonRoot: true",
            "readOnlyRootFilesystem: true",
            "allowPrivilegeEscalation: false",
            "secretName: swcache-token",
            "- /run/secrets/swcache/token",
            "emptyDir:",
            "- jsonl",
        ] {
            assert!(text.contains(needle), "{name} lacks `{needle}`");
        }
        assert!(
            text.contains(&format!("- maintain\n                - {command}\n")),
            "{name}"
        );
        assert!(
            !text.contains("SWCACHE_TOKEN"),
            "{name}: the token must not be a variable"
        );
    }
}
