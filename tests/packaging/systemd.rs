//! The shipped units as systemd rates them. `systemd-analyze verify` needs the binary and the
//! man pages they name installed, so it runs in the package test (deb.rs) on the installed
//! units; here each service's hardening is rated from its file.

use crate::support::{files, ok, root};

/// `systemd-analyze security` rates exposure 0–10; "OK" and better is at most 4.9.
const MAX_EXPOSURE: f64 = 4.9;

#[test]
fn every_shipped_service_rates_ok_or_better() {
    let services = files("examples/systemd", &[".service"]);
    assert!(
        services.len() >= 3,
        "daily, weekly and the failure notifier: {services:?}"
    );
    for unit in services {
        let unit = unit.display().to_string();
        let out = ok(
            "systemd-analyze",
            &["security", "--offline=true", "--no-pager", &unit],
        );
        let last = out
            .lines()
            .rev()
            .find(|l| l.contains("Overall exposure level"))
            .unwrap_or_else(|| panic!("no rating for {unit}:\n{out}"));
        let score: f64 = last
            .split(": ")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("cannot read the rating of {unit}: {last}"));
        assert!(
            score <= MAX_EXPOSURE,
            "{unit} rates {score} (worse than OK):\n{out}"
        );
    }
}

/// Every service that needs the token takes it through LoadCredential=, keeps its state in a
/// StateDirectory= and does not set XDG_STATE_HOME (which would double the path).
#[test]
fn maintenance_units_use_credentials_and_state_directory() {
    for name in ["swcache-daily.service", "swcache-weekly.service"] {
        let text = std::fs::read_to_string(root().join("examples/systemd").join(name)).unwrap();
        let keys: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k))
            .collect();
        for key in ["LoadCredential", "StateDirectory", "OnFailure", "ExecStart"] {
            assert!(keys.contains(&key), "{name} has no {key}=");
        }
        assert!(
            !text.contains("XDG_STATE_HOME="),
            "{name} sets XDG_STATE_HOME"
        );
        // The host's shared state_dir, the one the .deb makes for the swcache group.
        for line in [
            "StateDirectoryMode=2770",
            "Environment=SWCACHE_STATE_DIR=/var/lib/swcache",
        ] {
            assert!(text.lines().any(|l| l == line), "{name} lacks {line}");
        }
        let exec = text.lines().find(|l| l.starts_with("ExecStart=")).unwrap();
        assert!(exec.starts_with("ExecStart=/usr/bin/swcache "), "{exec}");
        let timer = name.replace(".service", ".timer");
        assert!(
            root().join("examples/systemd").join(&timer).exists(),
            "{timer}"
        );
    }
}
