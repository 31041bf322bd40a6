//! `deploy`'s pipeline in the guide's order, the release it carries, and the promotion gate
//! (production only after staging verified and tested the same release). Pure: the command
//! runs the stages and passes what it read in.

use serde::{Deserialize, Serialize};

use crate::policy::check::Check;
use crate::policy::skipped::Need;
use crate::vocab::Severity;

/// One stage of the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum StageId {
    Preflight,
    Build,
    Artifacts,
    ValidateBuild,
    PromotionGate,
    Tag,
    Migrate,
    Deploy,
    Verify,
    PostDeployTests,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PipelineStage {
    pub id: StageId,
    /// `Some`: a configured shell step `[steps.NAME]`; `None`: a built-in check.
    pub step: Option<&'static str>,
    pub need: Need,
    /// What it is for (the guide's section), and what a built-in stage checks.
    pub what: &'static str,
}

impl StageId {
    pub(crate) fn name(self) -> &'static str {
        match self {
            StageId::Preflight => "preflight",
            StageId::Build => "build",
            StageId::Artifacts => "artifact check",
            StageId::ValidateBuild => "build validation",
            StageId::PromotionGate => "promotion gate",
            StageId::Tag => "release tag",
            StageId::Migrate => "database migration",
            StageId::Deploy => "deploy",
            StageId::Verify => "served-worker verification",
            StageId::PostDeployTests => "post-deploy tests",
        }
    }
}

const fn step(id: StageId, name: &'static str, need: Need, what: &'static str) -> PipelineStage {
    PipelineStage {
        id,
        step: Some(name),
        need,
        what,
    }
}

const fn check(id: StageId, what: &'static str) -> PipelineStage {
    PipelineStage {
        id,
        step: None,
        need: Need::Required,
        what,
    }
}

/// How much of the pipeline a run covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Everything.
    Build,
    /// `--skip-build`: the artifacts were built elsewhere.
    SkipBuild,
    /// `--verify-only`: no step; the artifacts against what is served.
    VerifyOnly,
}

/// The stages a run goes through, in the guide's order (1.1 build, 1.2 validation, 2.1 tag,
/// 2.2 migration, 2.4 deploy, 2.5 verification, 1.4 tests).
pub(crate) fn plan(production: bool, mode: Mode) -> Vec<PipelineStage> {
    let mut stages = vec![check(
        StageId::Preflight,
        "HTTPS target; Node.js and build tools (when building)",
    )];
    if mode == Mode::Build {
        stages.push(step(
            StageId::Build,
            "build",
            Need::Required,
            "the build (guide 1.1, 2.3)",
        ));
    }
    stages.push(check(
        StageId::Artifacts,
        "the artifacts exist; the built worker declares the release",
    ));
    if mode == Mode::VerifyOnly {
        stages.push(verify_stage());
        return stages;
    }
    stages.push(step(
        StageId::ValidateBuild,
        "validate_build",
        Need::Optional,
        "the build validation (guide 1.2)",
    ));
    if production {
        stages.push(check(
            StageId::PromotionGate,
            "staging verified and tested this release (same worker SHA-256)",
        ));
        stages.push(step(
            StageId::Tag,
            "tag",
            Need::Optional,
            "the deployment branch and release tag (guide 2.1)",
        ));
        stages.push(step(
            StageId::Migrate,
            "migrate",
            Need::Optional,
            "the database migration (guide 2.2)",
        ));
    }
    stages.push(step(
        StageId::Deploy,
        "deploy",
        Need::Required,
        "the deploy (guide 1.3, 2.4)",
    ));
    stages.push(verify_stage());
    stages.push(step(
        StageId::PostDeployTests,
        "post_deploy_tests",
        Need::Optional,
        "the post-deploy tests (guide 1.4)",
    ));
    stages
}

fn verify_stage() -> PipelineStage {
    check(
        StageId::Verify,
        "served worker = built (SHA-256, release, headers); health, sw-status, metrics",
    )
}

/// Where the release came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ReleaseSource {
    /// `--release`, or `[deploy] release` (the flag overrides the config when resolved).
    Configured,
    /// The `SW_VERSION` the built worker declares.
    BuiltWorker,
}

/// The one release: the configured one, else what the built worker declares.
pub(crate) fn release(
    configured: Option<&str>,
    built: Option<&str>,
) -> Option<(String, ReleaseSource)> {
    match (configured, built) {
        (Some(c), _) => Some((c.to_string(), ReleaseSource::Configured)),
        (None, Some(b)) => Some((b.to_string(), ReleaseSource::BuiltWorker)),
        (None, None) => None,
    }
}

/// What a worker (`which`: built or served) declares as `SW_VERSION`, against the release.
/// A worker that declares none is `if_none`: UNKNOWN for the build (nothing to confirm the
/// release by), CRITICAL for what is served once the build declared one (an HTML fallback or
/// another script is being served).
pub(crate) fn worker_release_check(
    which: &str,
    declared: Option<&str>,
    release: Option<&str>,
    if_none: Severity,
) -> Check {
    let name = format!("{which} worker release");
    match (declared, release) {
        (Some(d), Some(r)) if d == r => Check::note(name, Severity::Ok, d),
        (Some(d), Some(r)) => Check::note(
            name,
            Severity::Critical,
            format!("the {which} worker declares SW_VERSION {d}, but the release is {r}"),
        ),
        (None, Some(r)) => Check::note(
            name,
            if_none,
            format!(
                "the {which} worker declares no SW_VERSION, so release {r} cannot be confirmed in it"
            ),
        ),
        (_, None) => Check::note(
            name,
            Severity::Unknown,
            "no release known: pass --release, set [deploy] release, or declare SW_VERSION in the worker",
        ),
    }
}

/// What `deploy staging` recorded of a release, for the promotion gate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StagingRecord {
    pub release: String,
    /// The worker built and served on staging.
    pub worker_sha256: String,
    /// The served worker verified (every verification check OK).
    pub verified: bool,
    /// `passed`, `failed`, `skipped` (not configured) or `not-run` (verification failed).
    pub tests: String,
    /// RFC 3339.
    pub time: String,
    pub url: String,
}

pub(crate) const TESTS_PASSED: &str = "passed";

/// Whether two base URLs name one app (scheme, host, port and path; a trailing slash and
/// userinfo aside). `None` when either is not a URL.
fn same_app(a: &str, b: &str) -> Option<bool> {
    let norm = |s: &str| -> Option<String> {
        let mut u = reqwest::Url::parse(s).ok()?;
        u.set_username("").ok()?;
        u.set_password(None).ok()?;
        u.set_query(None);
        u.set_fragment(None);
        Some(u.as_str().trim_end_matches('/').to_string())
    };
    Some(norm(a)? == norm(b)?)
}

/// Whether `deploy production` of `release` may go on. `local_sha256` is `None` before the
/// build (the hash is compared once it exists).
pub(crate) fn promotion_check(
    record: Option<&StagingRecord>,
    release: &str,
    local_sha256: Option<&str>,
    staging_url: Option<&str>,
) -> Check {
    let name = "promotion gate";
    let Some(r) = record else {
        return Check::note(
            name,
            Severity::Critical,
            format!(
                "release {release} was not deployed to staging by swcache: run `swcache deploy \
                 staging` first (or --skip-staging-gate REASON in an emergency)"
            ),
        );
    };
    // Bound to staging's configured URL: a `deploy staging` run with `--url` or `SWCACHE_URL`
    // pointed elsewhere (a decoy, a laptop) must not open production's gate.
    let Some(configured) = staging_url else {
        return Check::note(
            name,
            Severity::Critical,
            "no [environments.staging] url is configured: the gate cannot tell a staging record \
             from one made against another app (or --skip-staging-gate REASON in an emergency)",
        );
    };
    if same_app(&r.url, configured).is_none_or(|same| !same) {
        return Check::note(
            name,
            Severity::Critical,
            format!(
                "release {release} was recorded against {}, not staging's configured URL \
                 {configured}: a record made with --url or SWCACHE_URL does not open the gate",
                r.url
            ),
        );
    }
    // When staging ran, with its age (the record keeps RFC 3339).
    let when = crate::numbers::moment_text(&r.time, std::time::SystemTime::now());
    if !r.verified {
        return Check::note(
            name,
            Severity::Critical,
            format!("staging did not verify release {release} (last staging run {when})"),
        );
    }
    if r.tests != TESTS_PASSED {
        return Check::note(
            name,
            Severity::Critical,
            format!(
                "staging's post-deploy tests of release {release} did not pass: {} ({when})",
                r.tests
            ),
        );
    }
    match local_sha256 {
        Some(l) if l != r.worker_sha256 => Check::note(
            name,
            Severity::Critical,
            format!(
                "this worker (sha256 {l}) is not the one staging verified for release {release} \
                 (sha256 {})",
                r.worker_sha256
            ),
        ),
        Some(_) => Check::note(
            name,
            Severity::Ok,
            format!(
                "staging verified and tested release {release}, same worker sha256 {} ({when})",
                r.worker_sha256
            ),
        ),
        None => Check::note(
            name,
            Severity::Ok,
            format!(
                "staging verified and tested release {release} ({when}); the worker hash is \
                 compared after the build"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(production: bool, mode: Mode) -> Vec<StageId> {
        plan(production, mode).iter().map(|s| s.id).collect()
    }

    #[test]
    fn stages_in_the_guides_order() {
        use StageId::*;
        assert_eq!(
            ids(false, Mode::Build),
            vec![
                Preflight,
                Build,
                Artifacts,
                ValidateBuild,
                Deploy,
                Verify,
                PostDeployTests
            ]
        );
        assert_eq!(
            ids(true, Mode::Build),
            vec![
                Preflight,
                Build,
                Artifacts,
                ValidateBuild,
                PromotionGate,
                Tag,
                Migrate,
                Deploy,
                Verify,
                PostDeployTests
            ]
        );
        assert_eq!(
            ids(true, Mode::SkipBuild),
            vec![
                Preflight,
                Artifacts,
                ValidateBuild,
                PromotionGate,
                Tag,
                Migrate,
                Deploy,
                Verify,
                PostDeployTests
            ]
        );
        for production in [false, true] {
            assert_eq!(
                ids(production, Mode::VerifyOnly),
                vec![Preflight, Artifacts, Verify]
            );
        }
        let required: Vec<&str> = plan(true, Mode::Build)
            .iter()
            .filter(|s| s.need == Need::Required)
            .filter_map(|s| s.step)
            .collect();
        assert_eq!(required, vec!["build", "deploy"]);
    }

    #[test]
    fn one_release() {
        assert_eq!(
            release(Some("v2"), Some("v1")),
            Some(("v2".into(), ReleaseSource::Configured))
        );
        assert_eq!(
            release(None, Some("v1")),
            Some(("v1".into(), ReleaseSource::BuiltWorker))
        );
        assert_eq!(release(None, None), None);
        let st = |d, r| worker_release_check("built", d, r, Severity::Unknown).status;
        assert_eq!(st(Some("v1"), Some("v1")), Severity::Ok);
        assert_eq!(st(Some("v1"), Some("v2")), Severity::Critical);
        assert_eq!(st(None, Some("v2")), Severity::Unknown);
        assert_eq!(st(None, None), Severity::Unknown);
        let served = worker_release_check("served", None, Some("v2"), Severity::Critical);
        assert_eq!(served.status, Severity::Critical);
    }

    #[test]
    fn promotion_gate() {
        let rec = StagingRecord {
            release: "v2".into(),
            worker_sha256: "aa".into(),
            verified: true,
            tests: TESTS_PASSED.into(),
            time: "t".into(),
            url: "https://staging.example/".into(),
        };
        let staging = Some("https://staging.example");
        let st = |r: Option<&StagingRecord>, sha| promotion_check(r, "v2", sha, staging).status;
        assert_eq!(st(Some(&rec), Some("aa")), Severity::Ok);
        assert_eq!(st(Some(&rec), None), Severity::Ok);
        assert_eq!(st(Some(&rec), Some("bb")), Severity::Critical);
        assert_eq!(st(None, Some("aa")), Severity::Critical);
        let unverified = StagingRecord {
            verified: false,
            ..rec.clone()
        };
        assert_eq!(st(Some(&unverified), Some("aa")), Severity::Critical);
        for tests in ["failed", "skipped", "not-run"] {
            let r = StagingRecord {
                tests: tests.into(),
                ..rec.clone()
            };
            let c = promotion_check(Some(&r), "v2", Some("aa"), staging);
            assert_eq!(c.status, Severity::Critical);
            assert!(c.detail.unwrap().contains(tests));
        }
        // Made elsewhere (a decoy --url), or with no staging URL to bind to: closed.
        let decoy = StagingRecord {
            url: "http://127.0.0.1:9/".into(),
            ..rec.clone()
        };
        let c = promotion_check(Some(&decoy), "v2", Some("aa"), staging);
        assert_eq!(c.status, Severity::Critical);
        assert!(c.detail.unwrap().contains("not staging's configured URL"));
        let c = promotion_check(Some(&rec), "v2", Some("aa"), None);
        assert_eq!(c.status, Severity::Critical);
        assert!(c.detail.unwrap().contains("no [environments.staging] url"));
        // One app however the URL is spelled.
        for same in ["https://STAGING.example:443", "https://staging.example/"] {
            let c = promotion_check(Some(&rec), "v2", Some("aa"), Some(same));
            assert_eq!(c.status, Severity::Ok, "{same}");
        }
    }
}
