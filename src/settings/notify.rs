//! `[notify]`, resolved: the webhooks, each request's deadline and the retry. A sink's URL is
//! a secret (whoever has it can post to the channel): read from the file or the config, and
//! never shown but as `scheme://host/…`.

use std::time::Duration;

use super::{parse_duration, parse_url};
use crate::config::Loaded;
use crate::exit::CliError;
use crate::notify::{NotifySettings, Sink, SinkKind};

/// The most a notification may wait for one answer: it must never hold up the run's end.
pub(super) const MAX_NOTIFY_TIMEOUT: Duration = Duration::from_secs(30);

pub(super) fn resolve_notify(loaded: &Option<Loaded>) -> Result<NotifySettings, CliError> {
    let mut out = NotifySettings::default();
    let Some(l) = loaded else { return Ok(out) };
    let f = &l.file.notify;
    if let Some(t) = &f.timeout {
        let d = parse_duration(t.get_ref())
            .map_err(|e| l.error_at(t.span(), format!("[notify] timeout: {e}")))?;
        if d.is_zero() || d > MAX_NOTIFY_TIMEOUT {
            return Err(l.error_at(
                t.span(),
                format!(
                    "[notify] timeout must be more than zero and at most {}",
                    humantime::format_duration(MAX_NOTIFY_TIMEOUT)
                ),
            ));
        }
        out.timeout = d;
    }
    if let Some(r) = &f.retries {
        if *r.get_ref() > 1 {
            return Err(l.error_at(r.span(), "[notify] retries: 0 or 1"));
        }
        out.retries = *r.get_ref();
    }
    for (i, s) in f.sink.iter().enumerate() {
        // Never located at the `url` line: the error would quote it, secret path and all.
        let at = |msg: String| match (&s.kind, &s.url_file) {
            (Some(k), _) => l.error_at(k.span(), msg),
            (_, Some(p)) => l.error_at(p.span(), msg),
            _ => CliError::config(format!("{}: {msg}", l.path.display())),
        };
        let n = i + 1;
        let kind = match s.kind.as_ref().map(|k| k.get_ref().as_str()) {
            Some("slack") => SinkKind::Slack,
            Some("json") => SinkKind::Json,
            Some(other) => {
                return Err(at(format!(
                    "[[notify.sink]] #{n}: kind {other:?} is not one of slack, json"
                )));
            }
            None => {
                return Err(at(format!(
                    "[[notify.sink]] #{n}: kind is missing (slack or json)"
                )));
            }
        };
        let text = match (&s.url, &s.url_file) {
            (Some(u), None) => u.get_ref().trim().to_string(),
            (None, Some(p)) => {
                // Relative to the config file, like token_file.
                let path = super::beside_config(l, p.get_ref());
                let read = crate::fsutil::read_text(&path, crate::fsutil::SMALL_FILE_CAP).map_err(
                    |e| {
                        at(format!(
                            "[[notify.sink]] #{n}: cannot read url_file {}: {e}",
                            path.display()
                        ))
                    },
                )?;
                read.trim().to_string()
            }
            _ => {
                return Err(at(format!(
                    "[[notify.sink]] #{n}: give exactly one of url, url_file"
                )));
            }
        };
        // The error never quotes the URL: it is the secret.
        let url = parse_url(&text).map_err(|_| {
            at(format!(
                "[[notify.sink]] #{n}: the webhook URL is not an http(s) URL with a host and no user:password"
            ))
        })?;
        if url.scheme() == "http" && !crate::policy::deploy::is_loopback(&url) {
            return Err(at(format!(
                "[[notify.sink]] #{n}: the webhook URL is plain http to a host other than loopback; \
                 it is a secret, use https"
            )));
        }
        out.sinks.push(Sink::new(kind, url));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str, files: &[(&str, &str)]) -> Result<NotifySettings, String> {
        let dir = tempfile::tempdir().unwrap();
        for (name, body) in files {
            std::fs::write(dir.path().join(name), body).unwrap();
        }
        let path = dir.path().join("swcache.toml");
        std::fs::write(&path, text).unwrap();
        let loaded = crate::config::load(&path).map_err(|e| e.to_string())?;
        resolve_notify(&Some(loaded)).map_err(|e| e.to_string())
    }

    #[test]
    fn sinks_bounds_and_refusals() {
        let ok = resolve(
            "[notify]\ntimeout = \"2s\"\nretries = 0\n[[notify.sink]]\nkind = \"slack\"\nurl_file = \"w.url\"\n[[notify.sink]]\nkind = \"json\"\nurl = \"https://ops.example.com/h/abc\"\n",
            &[("w.url", "https://hooks.slack.com/services/T/B/x\n")],
        )
        .unwrap();
        assert_eq!((ok.timeout, ok.retries), (Duration::from_secs(2), 0));
        let shown: Vec<String> = ok.sinks.iter().map(Sink::shown).collect();
        assert_eq!(
            shown,
            [
                "slack https://hooks.slack.com/…",
                "json https://ops.example.com/…"
            ]
        );
        let none = resolve("", &[]).unwrap();
        assert!(none.sinks.is_empty());
        assert_eq!(
            (none.timeout, none.retries),
            (crate::notify::DEFAULT_TIMEOUT, 1)
        );
        for (text, want) in [
            ("[notify]\nretries = 2\n", "0 or 1"),
            ("[notify]\ntimeout = \"1m\"\n", "at most 30s"),
            ("[notify]\ntimeout = \"0s\"\n", "more than zero"),
            (
                "[[notify.sink]]\nkind = \"teams\"\nurl = \"https://x.example/h\"\n",
                "not one of slack, json",
            ),
            (
                "[[notify.sink]]\nkind = \"json\"\n",
                "exactly one of url, url_file",
            ),
            (
                "[[notify.sink]]\nkind = \"json\"\nurl = \"ftp://x.example/secret\"\n",
                "not an http(s) URL",
            ),
            (
                "[[notify.sink]]\nkind = \"json\"\nurl_file = \"missing.url\"\n",
                "cannot read url_file",
            ),
        ] {
            let err = resolve(text, &[]).unwrap_err();
            assert!(err.contains(want), "{text}: {err}");
            assert!(!err.contains("secret"), "{err}");
        }
    }
}
