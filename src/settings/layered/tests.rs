//! The lookup itself: which layer wins, where its value came from, and how a refusal names it.

use std::path::PathBuf;

use proptest::prelude::*;

use super::*;
use crate::exit::ExitStatus;

/// A config file's text as loaded from `/etc/swcache/swcache.toml`.
fn loaded(text: &str) -> Loaded {
    Loaded {
        path: PathBuf::from("/etc/swcache/swcache.toml"),
        text: text.into(),
        file: toml::from_str(text).unwrap(),
    }
}

/// `retries` looked up as flag `--retries`, `SWCACHE_RETRIES`, the file; default 2.
fn retries<'a>(
    flag: Option<u32>,
    var: Option<&str>,
    l: &'a Loaded,
) -> Result<Found<'a, u32>, CliError> {
    let parse_var = |v: &String| v.parse::<u32>().map_err(|e| format!("{v:?}: {e}"));
    Layered::new()
        .flag("--retries", flag, accept)
        .env("SWCACHE_RETRIES", var.map(String::from), parse_var)
        .file(Some(l), "retries", l.file.retries.as_ref(), accept_ref)
        .found_or_else(|| 2)
}

#[test]
fn the_first_layer_set_wins_and_says_so() {
    let file = loaded("retries = 4\n");
    let f = retries(Some(1), Some("3"), &file).unwrap();
    assert_eq!(f.value, 1);
    assert!(matches!(f.origin, Origin::Flag("--retries")));

    let f = retries(None, Some("3"), &file).unwrap();
    assert_eq!(f.value, 3);
    assert!(matches!(f.origin, Origin::Env(ref v) if v == "SWCACHE_RETRIES"));

    let f = retries(None, None, &file).unwrap();
    assert_eq!(f.value, 4);
    let Origin::File { key, span, .. } = f.origin else {
        panic!("expected the file: {:?}", f.origin);
    };
    assert_eq!((key, &file.text[span]), ("retries", "4"));

    let empty = loaded("");
    let f = retries(None, None, &empty).unwrap();
    assert_eq!(f.value, 2);
    assert!(matches!(f.origin, Origin::Default));
}

#[test]
fn a_layer_below_the_winner_is_not_parsed() {
    // A bad SWCACHE_RETRIES does not matter while the flag is given.
    let file = loaded("retries = 4\n");
    assert_eq!(retries(Some(1), Some("many"), &file).unwrap().value, 1);
    let err = retries(None, Some("many"), &file).unwrap_err();
    assert_eq!(err.status, ExitStatus::Config);
    assert!(
        err.message.starts_with("SWCACHE_RETRIES: \"many\": "),
        "{}",
        err.message
    );
}

#[test]
fn a_refusal_names_its_origin_and_the_files_line() {
    let file = loaded("# swcache\ntimeout = \"soon\"\n");
    let parse = |v: &String| -> Result<u32, Why> {
        match v.as_str() {
            "soon" => Err("\"soon\" is not a duration".into()),
            _ => Err(Why::Name("must be more than zero".into())),
        }
    };
    let flag = Layered::new().flag("--timeout", Some(&"0s".to_string()), parse);
    let err = flag.optional().unwrap_err();
    assert_eq!(err.status, ExitStatus::Usage);
    assert_eq!(err.message, "--timeout must be more than zero");

    let var = Layered::new().env("SWCACHE_TIMEOUT", Some("soon".to_string()), parse);
    let err = var.optional().unwrap_err();
    assert_eq!(err.status, ExitStatus::Config);
    assert_eq!(err.message, "SWCACHE_TIMEOUT: \"soon\" is not a duration");

    let at = file.file.timeout.as_ref();
    let err = Layered::new()
        .file(Some(&file), "timeout", at, parse)
        .optional()
        .unwrap_err();
    assert_eq!(err.status, ExitStatus::Config);
    assert_eq!(
        err.message,
        "/etc/swcache/swcache.toml:2: timeout: \"soon\" is not a duration \
         (at `timeout = \"soon\"`)"
    );
}

#[test]
fn nothing_set_is_none_or_the_default() {
    let none: Layered<u32> = Layered::new().flag("--retries", None::<u32>, accept).env(
        "SWCACHE_RETRIES",
        None::<String>,
        |_| accept(9),
    );
    assert!(none.optional().unwrap().is_none());
    assert_eq!(
        Layered::new()
            .env("X", None::<u32>, accept_ref)
            .or(7)
            .unwrap(),
        7
    );
}

proptest! {
    /// Whatever layers are set, the value is the highest one's, and its origin says which.
    #[test]
    fn the_highest_set_layer_is_the_value(
        flag in proptest::option::of(0u32..100),
        var in proptest::option::of(0u32..100),
        in_file in proptest::option::of(0u32..100),
    ) {
        let text = in_file.map(|n| format!("retries = {n}\n")).unwrap_or_default();
        let file = loaded(&text);
        let var_text = var.map(|n| n.to_string());
        let f = retries(flag, var_text.as_deref(), &file).unwrap();
        let (want, from) = match (flag, var, in_file) {
            (Some(n), _, _) => (n, "flag"),
            (None, Some(n), _) => (n, "env"),
            (None, None, Some(n)) => (n, "file"),
            (None, None, None) => (2, "default"),
        };
        prop_assert_eq!(f.value, want);
        let origin = match f.origin {
            Origin::Flag(_) => "flag",
            Origin::Env(_) => "env",
            Origin::File { span, .. } => {
                prop_assert_eq!(&file.text[span], want.to_string());
                "file"
            }
            Origin::Default => "default",
        };
        prop_assert_eq!(origin, from);
    }
}
