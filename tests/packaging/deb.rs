//! Builds the .deb with cargo-deb, installs it with dpkg, uses what it installed (the binary
//! from /usr/bin against the sandbox, the man page, the bash completion, the systemd units)
//! and removes it again.
//!
//! It changes the machine's installed packages, so it runs only where asked:
//! `SWCACHE_PACKAGE_TEST=1` (set by `.ci/test`, which runs as root on CI). The package is built
//! from the test profile's binary (`--profile dev --no-build`, the one `cargo test` has just
//! built): the layout is what is tested; the release workflow builds the optimised one.

use std::path::Path;
use std::process::Command;

use crate::support::{ok, root, run};

/// Removes the package even when an assertion fails half-way.
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = Command::new("dpkg").args(["--purge", "swcache"]).output();
    }
}

fn installed() -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", "swcache"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

#[test]
fn deb_installs_runs_and_removes() {
    if std::env::var_os("SWCACHE_PACKAGE_TEST").is_none() {
        eprintln!(
            "\n*** SKIPPED deb_installs_runs_and_removes: it installs a package on this machine; \
             run .ci/test (as root), or set SWCACHE_PACKAGE_TEST=1 ***\n"
        );
        return;
    }
    assert!(
        !installed(),
        "a swcache package is already installed here; remove it first (dpkg --purge swcache)"
    );
    // The binary cargo test built for the integration tests: the one the package ships.
    let bin = assert_cmd::cargo::cargo_bin("swcache");
    assert!(bin.exists(), "{} not built", bin.display());
    let out = tempfile::tempdir().unwrap();
    let manifest = root().join("Cargo.toml");
    ok(
        "cargo",
        &[
            "deb",
            "--manifest-path",
            manifest.to_str().unwrap(),
            "--profile",
            "dev",
            "--no-build",
            "--fast",
            "--quiet",
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    let deb = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "deb"))
        .expect("cargo deb wrote a .deb");

    let _guard = Installed;
    ok("dpkg", &["-i", deb.to_str().unwrap()]);
    assert!(installed());

    for path in [
        "/usr/bin/swcache",
        "/usr/share/man/man1/swcache.1.gz",
        "/usr/share/man/man1/swcache-maintain-daily.1.gz",
        "/usr/share/bash-completion/completions/swcache",
        "/usr/share/zsh/vendor-completions/_swcache",
        "/usr/share/fish/vendor_completions.d/swcache.fish",
        "/usr/share/doc/swcache/examples/swcache.toml",
        "/usr/share/doc/swcache/copyright",
        "/usr/lib/systemd/system/swcache-daily.timer",
        "/usr/lib/systemd/system/swcache-weekly.timer",
    ] {
        assert!(
            Path::new(path).exists(),
            "the package did not install {path}"
        );
    }

    // The installed binary, from /usr/bin, against its embedded sandbox.
    let home = tempfile::tempdir().unwrap();
    let validate = Command::new("timeout")
        .args(["120", "/usr/bin/swcache", "--sandbox", "validate"])
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("NO_COLOR", "1")
        .current_dir(home.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&validate.stdout);
    assert_eq!(
        validate.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&validate.stderr)
    );
    assert!(stdout.contains("Status: OK"), "{stdout}");

    // man finds the page through its database, not by path.
    let page = ok("man", &["-P", "cat", "swcache"]);
    assert!(
        page.contains("swcache") && page.contains("maintain"),
        "{page}"
    );
    let page = ok("man", &["-P", "cat", "swcache-maintain-daily"]);
    assert!(page.contains("textfile"), "{page}");

    // The bash completion, loaded from where bash-completion looks, completes a subcommand.
    let script = r#"
        source /usr/share/bash-completion/completions/swcache
        fn=$(complete -p swcache | sed -n 's/.* -F \([^ ]*\) .*/\1/p')
        COMP_LINE="swcache mai"; COMP_POINT=${#COMP_LINE}
        COMP_WORDS=(swcache mai); COMP_CWORD=1
        "$fn" swcache mai swcache
        printf '%s\n' "${COMPREPLY[@]}"
    "#;
    let completed = ok("bash", &["-c", script]);
    assert_eq!(completed.trim(), "maintain", "completing `swcache mai`");

    // The units as installed: the binary and the man pages they name exist now.
    ok(
        "systemd-analyze",
        &[
            "verify",
            "swcache-daily.service",
            "swcache-daily.timer",
            "swcache-weekly.service",
            "swcache-weekly.timer",
            "swcache-failure@swcache-daily.service.service",
        ],
    );
    // The user the units run as, created by the postinst.
    ok("getent", &["passwd", "swcache"]);
    // The host's shared state_dir: the swcache group's, set-group-ID.
    let stat = ok("stat", &["-c", "%a %U %G", "/var/lib/swcache"]);
    assert_eq!(stat.trim(), "2770 swcache swcache", "/var/lib/swcache");

    ok("dpkg", &["--purge", "swcache"]);
    assert!(!installed());
    assert!(!Path::new("/usr/bin/swcache").exists());
    let after = run("man", &["-w", "swcache"]);
    assert!(!after.status.success(), "the man page outlived the package");
}
