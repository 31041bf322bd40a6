//! Precedence, config errors and the example file, table-driven.

use std::collections::HashMap;

use super::*;
use crate::exit::ExitStatus;
use crate::fsutil::file_safe;
use crate::policy::thresholds::Kpi;

struct Case {
    dir: tempfile::TempDir,
    vars: HashMap<String, String>,
}

impl Case {
    fn new(config: Option<&str>) -> Case {
        let dir = tempfile::tempdir().unwrap();
        let mut vars = HashMap::new();
        vars.insert("HOME".into(), dir.path().display().to_string());
        if let Some(text) = config {
            let p = dir.path().join("swcache.toml");
            std::fs::write(&p, text).unwrap();
            vars.insert("SWCACHE_CONFIG".into(), p.display().to_string());
        }
        Case { dir, vars }
    }
    fn var(mut self, k: &str, v: &str) -> Case {
        self.vars.insert(k.into(), v.into());
        self
    }
    fn resolve_target(&self, target: Option<&str>) -> Result<Settings, CliError> {
        let vars = self.vars.clone();
        Settings::resolve_for(
            &GlobalArgs::default(),
            &ThresholdFlags::default(),
            &move |k| vars.get(k).cloned(),
            target,
        )
    }
    fn resolve(&self, args: &GlobalArgs) -> Result<Settings, CliError> {
        let vars = self.vars.clone();
        Settings::resolve(args, &ThresholdFlags::default(), &move |k| {
            vars.get(k).cloned()
        })
    }
}

const FILE: &str = r#"
default_env = "staging"
timeout = "7s"
output = "json"
[environments.staging]
url = "https://staging.example.com"
token_file = "staging.token"
[environments.production]
url = "https://example.com"
timeout = "3s"
[environments.production.paths]
cache_metrics = "/v2/cache-metrics"
[thresholds]
max_error_rate = 4
[kpi.storage_utilization_percent]
target = 70
"#;

fn host(s: &Settings) -> String {
    s.base_url.as_ref().unwrap().host_str().unwrap().to_string()
}

#[test]
fn url_precedence_flag_env_file() {
    let case = Case::new(Some(FILE)).var("SWCACHE_URL", "https://from-env.example.com");
    std::fs::write(case.dir.path().join("staging.token"), "tok-from-file\n").unwrap();
    let flag = GlobalArgs {
        url: Some("https://from-flag.example.com".into()),
        ..Default::default()
    };
    assert_eq!(host(&case.resolve(&flag).unwrap()), "from-flag.example.com");
    assert_eq!(
        host(&case.resolve(&GlobalArgs::default()).unwrap()),
        "from-env.example.com"
    );
    let case = Case::new(Some(FILE));
    std::fs::write(case.dir.path().join("staging.token"), "tok-from-file\n").unwrap();
    let s = case.resolve(&GlobalArgs::default()).unwrap();
    assert_eq!(host(&s), "staging.example.com", "default_env from the file");
    assert_eq!(
        s.token.unwrap().expose(),
        "tok-from-file",
        "token_file relative to the config"
    );
    let prod = GlobalArgs {
        env_name: Some("production".into()),
        ..Default::default()
    };
    let s = case.resolve(&prod).unwrap();
    assert_eq!(host(&s), "example.com");
    assert_eq!(
        s.timeout,
        Duration::from_secs(3),
        "environment timeout beats the file's"
    );
    assert_eq!(
        s.paths.get(crate::vocab::Endpoint::CacheMetrics),
        "/v2/cache-metrics"
    );
}

#[test]
fn scalar_precedence_table() {
    // (flag timeout, env SWCACHE_TIMEOUT, file timeout, expected)
    let cases = [
        (Some(1u64), Some("2s"), Some("3s"), 1u64),
        (None, Some("2s"), Some("3s"), 2),
        (None, None, Some("3s"), 3),
        (None, None, None, 10),
    ];
    for (flag, var, file, want) in cases {
        let text = file.map(|f| format!("timeout = \"{f}\"\n"));
        let mut case = Case::new(text.as_deref());
        if let Some(v) = var {
            case = case.var("SWCACHE_TIMEOUT", v);
        }
        let args = GlobalArgs {
            timeout: flag.map(Duration::from_secs),
            ..Default::default()
        };
        assert_eq!(
            case.resolve(&args).unwrap().timeout,
            Duration::from_secs(want),
            "{flag:?} {var:?} {file:?}"
        );
    }
}

#[test]
fn output_and_token_precedence() {
    let case = Case::new(Some("output = \"json\"\n"))
        .var("ADMIN_TOKEN", "admin")
        .var("SWCACHE_TOKEN", "sw");
    let s = case.resolve(&GlobalArgs::default()).unwrap();
    assert_eq!(s.format, Format::Json);
    assert_eq!(
        s.token.unwrap().expose(),
        "sw",
        "SWCACHE_TOKEN beats ADMIN_TOKEN"
    );
    let s = case
        .resolve(&GlobalArgs {
            output: Some(Format::Table),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(s.format, Format::Table);
    let tf = case.dir.path().join("t");
    std::fs::write(&tf, "from-flag-file").unwrap();
    let s = case
        .resolve(&GlobalArgs {
            token_file: Some(tf),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(s.token.unwrap().expose(), "from-flag-file");
    let case = Case::new(None).var("SWCACHE_OUTPUT", "yaml");
    assert_eq!(
        case.resolve(&GlobalArgs::default()).unwrap_err().status,
        ExitStatus::Config
    );
}

#[test]
fn thresholds_default_file_flag() {
    let case = Case::new(Some(FILE));
    std::fs::write(case.dir.path().join("staging.token"), "t").unwrap();
    let vars = case.vars.clone();
    let lookup = move |k: &str| vars.get(k).cloned();
    let s = Settings::resolve(&GlobalArgs::default(), &ThresholdFlags::default(), &lookup).unwrap();
    assert_eq!(s.thresholds.limit(Limit::MaxErrorRate), 4.0);
    assert_eq!(s.thresholds.source("max_error_rate"), Source::File);
    assert_eq!(s.thresholds.band(Kpi::StorageUtilization).target, 70.0);
    assert_eq!(s.thresholds.band(Kpi::StorageUtilization).critical, 95.0);
    assert_eq!(
        s.thresholds.source("cleanup_storage_percent"),
        Source::Default
    );
    let env_vars = case.vars.clone();
    let with_env = move |k: &str| match k {
        "SWCACHE_THRESHOLD_MAX_ERROR_RATE" => Some("3".to_string()),
        "SWCACHE_KPI_STORAGE_UTILIZATION_PERCENT_CRITICAL" => Some("90".to_string()),
        _ => env_vars.get(k).cloned(),
    };
    let s = Settings::resolve(
        &GlobalArgs::default(),
        &ThresholdFlags::default(),
        &with_env,
    )
    .unwrap();
    assert_eq!(
        s.thresholds.limit(Limit::MaxErrorRate),
        3.0,
        "environment beats file"
    );
    assert_eq!(s.thresholds.source("max_error_rate"), Source::Env);
    assert_eq!(s.thresholds.band(Kpi::StorageUtilization).critical, 90.0);
    assert_eq!(
        s.thresholds.band(Kpi::StorageUtilization).target,
        70.0,
        "file's target kept"
    );
    let flags = ThresholdFlags {
        max_error_rate: Some(2.5),
    };
    let s = Settings::resolve(&GlobalArgs::default(), &flags, &with_env).unwrap();
    assert_eq!(s.thresholds.limit(Limit::MaxErrorRate), 2.5);
    assert_eq!(s.thresholds.source("max_error_rate"), Source::Flag);
}

#[test]
fn config_errors_exit_78_and_name_the_place() {
    let cases = [
        ("[thresholds]\nmax_eror_rate = 5\n", ":2:", "max_eror_rate"),
        (
            "[kpi.feed_cache_hit_rate]\ntarget = 60\ncritical = 70\n",
            ":1:",
            "critical",
        ),
        ("timeout = \"soon\"\n", ":1:", "timeout"),
        ("url = \"ftp://x\"\n", ":1:", "url"),
        ("[paths]\ncache_metric = \"/x\"\n", ":2:", "cache_metric"),
        (
            "[thresholds]\nmax_error_rate = 250\n",
            ":2:",
            "max_error_rate",
        ),
        ("this is not toml", ":1:", ""),
        ("[rollback]\nsteps = [10, 50]\n", ":2:", "strictly down"),
        ("[rollback]\nsteps = [150]\n", ":2:", "steps"),
        ("[rollback]\nstep_wait = \"soon\"\n", ":2:", "step_wait"),
        (
            "[rollback]\npoll_interval = \"0s\"\n",
            ":2:",
            "poll_interval",
        ),
        (
            "[rollback]\nbackup_sha256 = { \"/sw.js\" = \"abc\" }\n",
            ":2:",
            "backup_sha256",
        ),
        ("[rollback]\nstep_wiat = \"1m\"\n", ":2:", "step_wiat"),
    ];
    for (text, line, key) in cases {
        let err = Case::new(Some(text))
            .resolve(&GlobalArgs::default())
            .unwrap_err();
        assert_eq!(err.status, ExitStatus::Config, "{text}");
        let msg = err.to_string();
        assert!(
            msg.contains("swcache.toml") && msg.contains(line) && msg.contains(key),
            "{text} → {msg}"
        );
    }
    let missing = Case::new(None).var("SWCACHE_CONFIG", "/nonexistent/swcache.toml");
    assert_eq!(
        missing.resolve(&GlobalArgs::default()).unwrap_err().status,
        ExitStatus::Config
    );
    let no_env = Case::new(Some(FILE)).resolve(&GlobalArgs {
        env_name: Some("qa".into()),
        ..Default::default()
    });
    assert!(
        no_env
            .unwrap_err()
            .to_string()
            .contains("production, staging")
    );
    let bad_flag = Case::new(None).resolve(&GlobalArgs {
        url: Some("nope".into()),
        ..Default::default()
    });
    assert_eq!(bad_flag.unwrap_err().status, ExitStatus::Usage);
}

#[test]
fn steps_merge_per_environment() {
    let text = "[steps.revert_worker]\ncommand = \"aws s3 cp a b\"\ntimeout = \"2m\"\nenv = { A = \"1\" }\n[environments.prod]\nurl = \"https://x.example\"\n[environments.prod.steps.revert_worker]\nenv = { B = \"2\" }\n";
    let case = Case::new(Some(text));
    let s = case
        .resolve(&GlobalArgs {
            env_name: Some("prod".into()),
            ..Default::default()
        })
        .unwrap();
    let step = &s.steps["revert_worker"];
    assert_eq!(step.command, "aws s3 cp a b");
    assert_eq!(step.timeout, Duration::from_secs(120));
    assert_eq!(step.env.len(), 2);
    let err = Case::new(Some("[steps.revert_workers]\ncommand = \"x\"\n"))
        .resolve(&GlobalArgs::default())
        .unwrap_err();
    assert!(
        err.to_string().contains(":1:") && err.to_string().contains("revert_workers"),
        "{err}"
    );
    let err = Case::new(Some("[steps.deploy]\ntimeout = \"1m\"\n"))
        .resolve(&GlobalArgs::default())
        .unwrap_err();
    assert!(err.to_string().contains("has no command"), "{err}");
}

#[test]
fn deploy_section_and_target_environment() {
    let text = "[deploy]\nrelease = \"v1\"\nmax_cache_age = \"0s\"\nverify_interval = \"1s\"\nenv = { A = \"1\" }\n\
                    [environments.production]\nurl = \"https://example.com\"\n\
                    [environments.production.deploy]\nrelease = \"v2\"\nenv = { B = \"2\" }\n\
                    [environments.staging]\nurl = \"https://staging.example.com\"\n";
    let case = Case::new(Some(text));
    let flags = ThresholdFlags::default();
    let vars = case.vars.clone();
    let lookup = move |k: &str| vars.get(k).cloned();
    let s =
        Settings::resolve_for(&GlobalArgs::default(), &flags, &lookup, Some("production")).unwrap();
    assert_eq!(s.env_name.as_deref(), Some("production"));
    assert_eq!(host(&s), "example.com");
    assert_eq!(s.deploy.release.as_deref(), Some("v2"));
    assert_eq!(s.deploy.max_cache_age, Duration::ZERO);
    assert_eq!(s.deploy.verify_interval, Duration::from_secs(1));
    assert_eq!(s.deploy.env.len(), 2);
    let s =
        Settings::resolve_for(&GlobalArgs::default(), &flags, &lookup, Some("staging")).unwrap();
    assert_eq!(s.deploy.release.as_deref(), Some("v1"));
    // --env naming another environment conflicts; naming the same one is fine.
    let other = GlobalArgs {
        env_name: Some("staging".into()),
        ..Default::default()
    };
    let err = Settings::resolve_for(&other, &flags, &lookup, Some("production")).unwrap_err();
    assert_eq!(err.status, ExitStatus::Usage);
    assert!(Settings::resolve_for(&other, &flags, &lookup, Some("staging")).is_ok());
    // No environments at all: the name is a label, the URL comes from elsewhere.
    let bare = Case::new(Some("url = \"https://x.example.com\"\n"));
    let s = bare.resolve_target(Some("production")).unwrap();
    assert_eq!(s.env_label(), "production");
    assert_eq!(host(&s), "x.example.com");
    // Bad values name the line.
    for (bad, key) in [
        ("[deploy]\nverify_deadline = \"0s\"\n", "verify_deadline"),
        ("[deploy]\nworker_path = \"sw.js\"\n", "worker_path"),
        ("[deploy]\nmetrics_url = \"metrics\"\n", "metrics_url"),
        ("[deploy]\nmax_cache_age = \"long\"\n", "max_cache_age"),
        ("[deploy]\nnode_min_major = \"18\"\n", "node_min_major"),
    ] {
        let err = Case::new(Some(bad))
            .resolve(&GlobalArgs::default())
            .unwrap_err();
        assert_eq!(err.status, ExitStatus::Config, "{bad}");
        assert!(
            err.to_string().contains(":2:") && err.to_string().contains(key),
            "{err}"
        );
    }
}

#[test]
fn rollback_defaults_file_and_environment() {
    assert_eq!(
        Case::new(None)
            .resolve(&GlobalArgs::default())
            .unwrap()
            .rollback,
        RollbackSettings::default()
    );
    let hash = "AB".repeat(32);
    let text = format!(
        "[rollback]\nsteps = [40, 0]\nstep_wait = \"2m\"\nbackup_sha256 = {{ \"/sw.js\" = \"{hash}\" }}\n\
             [environments.prod]\nurl = \"https://x.example\"\n[environments.prod.rollback]\nstep_wait = \"10m\"\n"
    );
    let case = Case::new(Some(&text));
    let r = case.resolve(&GlobalArgs::default()).unwrap().rollback;
    assert_eq!(r.steps, vec![40, 0]);
    assert_eq!(r.step_wait, Duration::from_secs(120));
    assert_eq!(
        r.poll_interval,
        crate::policy::rollback::DEFAULT_POLL_INTERVAL
    );
    assert_eq!(
        r.backup_sha256["/sw.js"],
        "ab".repeat(32),
        "normalised to lower case"
    );
    let prod = case
        .resolve(&GlobalArgs {
            env_name: Some("prod".into()),
            ..Default::default()
        })
        .unwrap()
        .rollback;
    assert_eq!(prod.step_wait, Duration::from_secs(600));
    assert_eq!(prod.steps, vec![40, 0], "the rest inherited");
}

#[test]
fn no_url_is_a_config_error_only_when_needed() {
    let s = Case::new(None).resolve(&GlobalArgs::default()).unwrap();
    assert!(s.base_url.is_none());
    assert_eq!(s.client_config().unwrap_err().status, ExitStatus::Config);
}

mod example_file {
    use super::*;
    use crate::policy::thresholds::{KPIS, LIMITS};
    use crate::vocab::Endpoint;

    /// examples/swcache.toml documents every key with its default: it must load, and what it
    /// sets must equal the built-in defaults.
    #[test]
    fn example_config_documents_every_default() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/swcache.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = config::load(&path).unwrap();
        let t = resolve_thresholds(&Some(loaded), &ThresholdFlags::default(), &|_| None).unwrap();
        let d = Thresholds::default();
        for def in &KPIS {
            assert!(
                text.contains(&format!("\n{} = ", def.key)),
                "{} undocumented",
                def.key
            );
            assert_eq!(t.band(def.kpi), d.band(def.kpi), "{}", def.key);
        }
        for def in &LIMITS {
            assert!(
                text.contains(&format!("\n{} = ", def.key)),
                "{} undocumented",
                def.key
            );
            assert_eq!(t.limit(def.limit), d.limit(def.limit), "{}", def.key);
        }
        for ep in Endpoint::ALL {
            assert!(
                text.contains(&format!("\n{} = \"{}\"", ep.key(), ep.default_path())),
                "{:?}",
                ep
            );
        }
        assert!(text.contains(&format!(
            "timeout = \"{}\"",
            humantime::format_duration(DEFAULT_TIMEOUT)
        )));
        assert!(text.contains(&format!("retries = {DEFAULT_RETRIES}")));
        // [max_body] states the built-in caps.
        let caps = crate::api::BodyCaps::default();
        for (key, bytes) in &config::load(&path).unwrap().file.max_body {
            assert_eq!(
                crate::api::BodyCaps::default_for(key.get_ref()),
                Some(*bytes.get_ref() as usize),
                "[max_body] {}",
                key.get_ref()
            );
        }
        assert_eq!(caps.endpoint(Endpoint::ClearSwCache), 65536);
        assert!(text.contains(&format!("paths = [\"{DEFAULT_WORKER_PATH}\"]")));
        let loaded = config::load(&path).unwrap();
        assert_eq!(
            resolve_incident(&loaded).unwrap(),
            IncidentSettings::default()
        );
        // [deploy] documents its defaults: loading the file changes nothing.
        assert_eq!(
            resolve_deploy(&loaded, None).unwrap(),
            DeploySettings::default()
        );
        for key in [
            "build_dir",
            "worker_artifact",
            "artifacts",
            "worker_path",
            "scope",
            "release",
            "node_env",
            "sw_enabled",
            "node_min_major",
            "build_tools",
            "max_cache_age",
            "verify_deadline",
            "verify_interval",
            "metrics_url",
            "monitoring_health_url",
            "env",
        ] {
            assert!(
                text.contains(&format!("\n{key} = ")) || text.contains(&format!("\n# {key} = ")),
                "[deploy] {key} undocumented"
            );
        }
        assert_eq!(
            resolve_rollback(&loaded, None).unwrap(),
            RollbackSettings::default(),
            "[rollback] documents the defaults"
        );
    }
}

#[cfg(feature = "sandbox")]
#[test]
fn a_sandbox_run_resolves_nothing_of_a_real_environment() {
    let case = Case::new(Some(&format!(
        "audit_log = \"/var/log/prod-audit.jsonl\"\nstate_dir = \"/var/lib/swcache\"\n{FILE}\n\
         [steps.revert_worker]\ncommand = \"./revert-production.sh\"\n\
         [rollback]\nstep_wait = \"2s\"\n\
         [rollout]\nflag = \"prod-flag\"\nmin_bake = \"1s\"\non_failure = \"emergency\"\n"
    )))
    .var("SWCACHE_URL", "https://prod.example.com")
    .var("SWCACHE_TOKEN", "prod-token")
    .var("SWCACHE_ENV", "production")
    .var("SWCACHE_AUDIT_LOG", "/var/log/other.jsonl")
    .var("SWCACHE_STATE_DIR", "/var/lib/swcache")
    .var("XDG_STATE_HOME", "/srv/state");
    let args = GlobalArgs {
        sandbox: true,
        ..GlobalArgs::default()
    };
    // staging's token file does not exist: it is not read either.
    let s = case.resolve(&args).unwrap();
    assert_eq!(s.env_label(), "sandbox");
    assert!(s.base_url.is_none() && s.token.is_none());
    assert_eq!(
        s.paths.get(crate::vocab::Endpoint::CacheMetrics),
        Paths::default().get(crate::vocab::Endpoint::CacheMetrics),
        "production's path overrides"
    );
    assert!(
        s.steps["revert_worker"]
            .command
            .contains("__sandbox/release/v0.9.0")
    );
    assert_eq!(
        s.audit_log,
        PathBuf::from("/srv/state/swcache/sandbox/audit.jsonl")
    );
    assert_eq!(s.state_dir, PathBuf::from("/srv/state/swcache/sandbox"));
    assert_eq!(s.rollback.backup_sha256, sandbox::backup_sha256());
    // Policy still comes from the file.
    assert_eq!(s.timeout, Duration::from_secs(7));
    assert_eq!(s.rollback.step_wait, Duration::from_secs(2));
    assert_eq!(s.rollout.min_bake, Duration::from_secs(1));
    assert_eq!(s.rollout.on_failure, crate::settings::OnFailure::Emergency);
    // The flag's name is the real app's: the sandbox serves its own.
    assert_eq!(s.rollout.flag, crate::settings::DEFAULT_FLAG);
    let err = case
        .resolve(&GlobalArgs {
            sandbox: true,
            env_name: Some("production".into()),
            ..GlobalArgs::default()
        })
        .unwrap_err();
    assert_eq!(err.status, ExitStatus::Usage);
}

/// The state directory: SWCACHE_STATE_DIR over the file's `state_dir` over the user's own;
/// the audit log follows it unless set apart; a relative one is refused.
#[test]
fn state_dir_comes_from_the_variable_then_the_file_then_the_user() {
    let home = Case::new(None);
    let own = home.resolve(&GlobalArgs::default()).unwrap();
    assert_eq!(own.state_dir, home.dir.path().join(".local/state/swcache"));
    let file = Case::new(Some("state_dir = \"/srv/team\"\n"));
    let s = file.resolve(&GlobalArgs::default()).unwrap();
    assert_eq!(s.state_dir, PathBuf::from("/srv/team"));
    assert_eq!(s.audit_log, PathBuf::from("/srv/team/audit.jsonl"));
    let var =
        Case::new(Some("state_dir = \"/srv/team\"\n")).var("SWCACHE_STATE_DIR", "/var/lib/swcache");
    let s = var.resolve(&GlobalArgs::default()).unwrap();
    assert_eq!(s.state_dir, PathBuf::from("/var/lib/swcache"));
    assert_eq!(s.audit_log, PathBuf::from("/var/lib/swcache/audit.jsonl"));
    let apart = Case::new(Some(
        "state_dir = \"/srv/team\"\naudit_log = \"/var/log/a.jsonl\"\n",
    ));
    let s = apart.resolve(&GlobalArgs::default()).unwrap();
    assert_eq!(s.audit_log, PathBuf::from("/var/log/a.jsonl"));
    let relative = Case::new(Some("state_dir = \"state\"\n"));
    let err = relative.resolve(&GlobalArgs::default()).unwrap_err();
    assert_eq!(err.status, ExitStatus::Config);
    assert!(
        err.message.contains("state_dir: must be an absolute path"),
        "{}",
        err.message
    );
    let err = Case::new(None)
        .var("SWCACHE_STATE_DIR", "rel")
        .resolve(&GlobalArgs::default())
        .unwrap_err();
    assert_eq!(
        err.message,
        "SWCACHE_STATE_DIR: must be an absolute path, got \"rel\""
    );
}

#[test]
fn file_safe_names_are_one_component_and_distinct() {
    assert_eq!(file_safe("production"), "production");
    assert_eq!(file_safe("prod/eu"), "prod%2Feu");
    assert_ne!(file_safe("prod/eu"), file_safe("prod_eu"));
    assert_eq!(file_safe(".."), "%2E%2E");
    assert_eq!(file_safe(""), "%");
}

#[test]
fn an_empty_or_relative_xdg_state_home_is_ignored() {
    let home = |k: &str| (k == "HOME").then(|| "/home/op".to_string());
    for bad in ["", "rel/state"] {
        let env = |k: &str| {
            if k == "XDG_STATE_HOME" {
                Some(bad.to_string())
            } else {
                home(k)
            }
        };
        assert_eq!(
            state_dir(&env),
            PathBuf::from("/home/op/.local/state/swcache")
        );
    }
}

#[test]
fn retries_backoff_and_deadlines_are_bounded() {
    for (text, key) in [
        ("retries = 6\n", "retries"),
        ("retry_after_cap = \"61s\"\n", "retry_after_cap"),
        ("timeout = \"0s\"\n", "timeout"),
        ("timeout = \"6m\"\n", "timeout"),
        (
            "default_env = \"e\"\n[environments.e]\nurl = \"https://a\"\ntimeout = \"0s\"\n",
            "timeout",
        ),
    ] {
        let err = Case::new(Some(text)).resolve(&GlobalArgs::default());
        let err = match err {
            Err(e) => e,
            Ok(_) => panic!("{text} accepted"),
        };
        assert_eq!(err.status, ExitStatus::Config, "{text}: {err}");
        assert!(
            err.message.contains(key) && err.message.contains("swcache.toml:"),
            "{err}"
        );
    }
    let ok = Case::new(Some("retries = 5\nretry_after_cap = \"1m\"\n"))
        .resolve(&GlobalArgs::default())
        .unwrap();
    assert_eq!(
        (ok.retries, ok.retry_after_cap),
        (MAX_RETRIES, MAX_RETRY_AFTER_CAP)
    );
    let flag = GlobalArgs {
        timeout: Some(Duration::ZERO),
        ..Default::default()
    };
    assert_eq!(
        Case::new(None).resolve(&flag).unwrap_err().status,
        ExitStatus::Usage
    );
}

#[test]
fn tokens_are_checked_at_load_and_read_only_when_sent() {
    for (value, says) in [
        ("Bearer abc", "Bearer"),
        ("\u{feff}abc", "byte-order mark"),
        ("abc\ndef", "more than one line"),
        ("ab c", "spaces"),
    ] {
        let s = Case::new(None)
            .var("SWCACHE_TOKEN", value)
            .resolve(&GlobalArgs::default())
            .unwrap();
        let err = s.require_token().unwrap_err();
        assert_eq!(err.status, ExitStatus::Config);
        assert!(
            err.message.contains("SWCACHE_TOKEN") && err.message.contains(says),
            "{err}"
        );
    }
    // An unreadable file is an error only for a command that sends the token.
    let missing = GlobalArgs {
        token_file: Some("/nonexistent/t".into()),
        ..Default::default()
    };
    let s = Case::new(None).resolve(&missing).unwrap();
    assert!(s.token.is_none());
    assert_eq!(s.require_token().unwrap_err().status, ExitStatus::Config);
}

#[test]
fn the_token_goes_over_plain_http_only_to_loopback_or_when_allowed() {
    let file = "[environments.e]\nurl = \"http://app.example\"\n";
    let with = |text: &str, url: Option<&str>| {
        let mut c = Case::new(Some(text))
            .var("SWCACHE_ENV", "e")
            .var("SWCACHE_TOKEN", "t0k");
        if let Some(u) = url {
            c = c.var("SWCACHE_URL", u);
        }
        c.resolve(&GlobalArgs::default()).unwrap().require_token()
    };
    let err = with(file, None).unwrap_err();
    assert!(err.message.contains("allow_insecure_http"), "{err}");
    assert!(with(&format!("{file}allow_insecure_http = true\n"), None).is_ok());
    assert!(with(&format!("allow_insecure_http = true\n{file}"), None).is_ok());
    assert!(with(file, Some("http://127.0.0.1:8080")).is_ok());
    assert!(with(file, Some("http://localhost:8080")).is_ok());
    assert!(with(file, Some("https://app.example")).is_ok());
}

#[test]
fn config_lookup_ends_at_the_system_file() {
    let dir = tempfile::tempdir().unwrap();
    let system = dir.path().join("etc/swcache/swcache.toml");
    let user_dir = dir.path().join("xdg");
    let vars: HashMap<String, String> = [(
        "XDG_CONFIG_HOME".to_string(),
        user_dir.display().to_string(),
    )]
    .into();
    let env = |k: &str| vars.get(k).cloned();
    let found = || config_path_in(&GlobalArgs::default(), &env, &system).unwrap();
    assert_eq!(found(), None);
    std::fs::create_dir_all(system.parent().unwrap()).unwrap();
    std::fs::write(&system, "").unwrap();
    assert_eq!(found(), Some(system.clone()), "/etc/swcache is found");
    let user = user_dir.join("swcache/config.toml");
    std::fs::create_dir_all(user.parent().unwrap()).unwrap();
    std::fs::write(&user, "").unwrap();
    assert_eq!(found(), Some(user), "the user's file comes first");
    let named = dir.path().join("named.toml");
    std::fs::write(&named, "").unwrap();
    let mut with_var = vars.clone();
    with_var.insert("SWCACHE_CONFIG".into(), named.display().to_string());
    let env = |k: &str| with_var.get(k).cloned();
    assert_eq!(
        config_path_in(&GlobalArgs::default(), &env, &system).unwrap(),
        Some(named)
    );
}

/// `[state]`: the directory by default; PostgreSQL from `url_file` (relative to the config) or
/// SWCACHE_STATE_URL over it; every refusal names the key and never quotes the URL.
#[test]
fn the_state_backend_comes_from_state_and_never_shows_its_url() {
    use crate::settings::StateBackend;
    let url = "postgres://ops:pw-0f-the-db@db.internal:5433/team";
    let dir_default = Case::new(None).resolve(&GlobalArgs::default()).unwrap();
    assert!(matches!(dir_default.state, StateBackend::Dir));

    let from_file = Case::new(Some(
        "[state]\nbackend = \"postgres\"\nurl_file = \"state.url\"\n",
    ));
    std::fs::write(from_file.dir.path().join("state.url"), format!("{url}\n")).unwrap();
    match from_file.resolve(&GlobalArgs::default()).unwrap().state {
        StateBackend::Postgres(p) => assert_eq!(p.shown, "db.internal:5433/team"),
        other => panic!("{other:?}"),
    }
    let from_var = Case::new(Some("[state]\nbackend = \"postgres\"\n")).var(
        "SWCACHE_STATE_URL",
        "host=db2 dbname=ops password=pw-0f-the-db",
    );
    match from_var.resolve(&GlobalArgs::default()).unwrap().state {
        StateBackend::Postgres(p) => assert_eq!(p.shown, "db2:5432/ops"),
        other => panic!("{other:?}"),
    }
    // Registered as a secret the moment it was read.
    assert_eq!(crate::redact::text(&format!("x {url} y")), "x *** y");

    for (config, var, says) in [
        (
            "[state]\nbackend = \"postgres\"\n",
            None,
            "[state] backend = \"postgres\" needs url_file or SWCACHE_STATE_URL",
        ),
        (
            "[state]\nbackend = \"etcd\"\n",
            None,
            "[state] backend \"etcd\" is not one of dir, postgres",
        ),
        (
            "retries = 1\n",
            Some(url),
            "SWCACHE_STATE_URL is set, but the config does not say [state] backend = \"postgres\"",
        ),
        (
            "[state]\nbackend = \"postgres\"\n",
            Some("postgres://ops:pw-0f-the-db@db:notaport/x"),
            "the state URL from SWCACHE_STATE_URL is not a PostgreSQL connection string",
        ),
        (
            "[state]\nbackend = \"postgres\"\nurl_file = \"missing.url\"\n",
            None,
            "[state] cannot read url_file",
        ),
    ] {
        let mut case = Case::new(Some(config));
        if let Some(v) = var {
            case = case.var("SWCACHE_STATE_URL", v);
        }
        let err = case.resolve(&GlobalArgs::default()).unwrap_err();
        assert_eq!(err.status, ExitStatus::Config, "{says}");
        assert!(err.message.contains(says), "{}", err.message);
        assert!(!err.message.contains("pw-0f-the-db"), "{}", err.message);
    }
}

#[test]
fn the_app_caches_the_kill_switch_deletes() {
    let default = Case::new(None).resolve(&GlobalArgs::default()).unwrap();
    assert!(default.app_caches.names.contains(&"feed-cache".to_string()));
    assert_eq!(default.app_caches.prefixes, ["workbox-precache"]);
    let text = "[worker]\ncaches = [\"app-v2\"]\ncache_prefixes = [\"app-precache-\"]\n\
                [environments.prod]\nurl = \"https://x.example\"\n[environments.prod.worker]\ncaches = [\"prod-only\"]\n";
    let c = Case::new(Some(text));
    let top = c.resolve(&GlobalArgs::default()).unwrap();
    assert_eq!(top.app_caches.names, ["app-v2"]);
    assert_eq!(top.app_caches.prefixes, ["app-precache-"]);
    let prod = c.resolve_target(Some("prod")).unwrap();
    assert_eq!(prod.app_caches.names, ["prod-only"]);
    assert_eq!(prod.app_caches.prefixes, ["app-precache-"]);
    for (bad, says) in [
        (
            "[worker]\ncache_prefixes = [\"w\"]\n",
            "3 characters or more",
        ),
        ("[worker]\ncaches = [\" \"]\n", "a cache name is empty"),
        (
            "[worker]\ncaches = []\ncache_prefixes = []\n",
            "would delete no cache",
        ),
    ] {
        let err = Case::new(Some(bad))
            .resolve(&GlobalArgs::default())
            .unwrap_err();
        assert_eq!(err.status, ExitStatus::Config, "{bad}");
        assert!(err.to_string().contains(says), "{bad}: {err}");
    }
}
