//! The served worker as a browser fetches it: no redirect (a browser fetches the script with
//! redirect mode "error", so a 3xx breaks every update), a JavaScript `Content-Type`, a
//! `Cache-Control` that keeps it fresh (CDNs' `s-maxage` too), and `Service-Worker-Allowed`
//! when the scope is wider than the script's directory.

use std::time::Duration;

use crate::policy::check::Check;
use crate::policy::deploy::{cache_control_check, content_type_check, sw_allowed_check};
use crate::policy::validate::ServedWorker;
use crate::vocab::Severity;

/// The fetch itself: OK when answered 2xx without a redirect, CRITICAL on a redirect (naming
/// its `Location`), UNKNOWN when it could not be read.
pub(crate) fn fetch_check(w: &ServedWorker) -> Check {
    let name = format!("worker fetch {}", w.path);
    match (&w.redirect, &w.error) {
        (Some(to), _) => Check::note(
            name,
            Severity::Critical,
            format!(
                "redirects to {to}: browsers fetch a worker with redirect mode \"error\", so \
                 no client can update (serve it at {} itself)",
                w.path
            ),
        ),
        (None, Some(e)) => Check::note(name, Severity::Unknown, e.clone()),
        (None, None) => Check::note(name, Severity::Ok, "answered without a redirect"),
    }
}

/// Every browser-side check of one served worker, each named with its path. A script that
/// could not be fetched has only its fetch check: its headers say nothing.
pub(crate) fn browser_fetch_checks(w: &ServedWorker, scope: &str, bound: Duration) -> Vec<Check> {
    let fetch = fetch_check(w);
    if fetch.status != Severity::Ok {
        return vec![fetch];
    }
    let named = |c: Check| Check {
        name: format!("{} {}", c.name, w.path),
        ..c
    };
    vec![
        fetch,
        named(content_type_check(w.content_type.as_deref())),
        named(cache_control_check(w.cache_control.as_deref(), bound)),
        named(sw_allowed_check(
            &w.path,
            scope,
            w.service_worker_allowed.as_deref(),
        )),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn served(path: &str) -> ServedWorker {
        ServedWorker {
            path: path.into(),
            content_type: Some("application/javascript".into()),
            cache_control: Some("no-cache".into()),
            ..Default::default()
        }
    }

    fn statuses(w: &ServedWorker, scope: &str) -> Vec<(String, Severity)> {
        browser_fetch_checks(w, scope, Duration::from_secs(300))
            .into_iter()
            .map(|c| (c.name, c.status))
            .collect()
    }

    #[test]
    fn a_redirect_is_critical_and_names_its_location() {
        let w = ServedWorker {
            redirect: Some("http://127.0.0.1:1/v2/sw-enhanced.js".into()),
            error: Some("GET /sw-enhanced.js: HTTP 301".into()),
            ..served("/sw-enhanced.js")
        };
        let checks = browser_fetch_checks(&w, "/", Duration::from_secs(300));
        assert_eq!(checks.len(), 1);
        assert_eq!(checks[0].status, Severity::Critical);
        assert!(
            checks[0]
                .detail
                .as_deref()
                .unwrap()
                .contains("/v2/sw-enhanced.js")
        );
    }

    #[test]
    fn an_unreadable_worker_is_unknown_not_ok() {
        let w = ServedWorker {
            error: Some("GET /sw.js: HTTP 503".into()),
            ..served("/sw.js")
        };
        assert_eq!(
            statuses(&w, "/"),
            vec![("worker fetch /sw.js".into(), Severity::Unknown)]
        );
    }

    #[test]
    fn headers_are_judged_per_path() {
        // (content type, cache control, allowed, scope, expected worst of the header checks)
        let cases = [
            (
                Some("text/javascript"),
                Some("no-cache"),
                None,
                "/",
                Severity::Ok,
            ),
            (
                Some("text/html"),
                Some("no-cache"),
                None,
                "/",
                Severity::Critical,
            ),
            (
                Some("application/javascript"),
                Some("max-age=0, s-maxage=86400"),
                None,
                "/",
                Severity::Critical,
            ),
            (
                Some("application/javascript"),
                Some("max-age=0"),
                None,
                "/",
                Severity::Ok,
            ),
            (
                Some("application/javascript"),
                None,
                None,
                "/",
                Severity::Critical,
            ),
        ];
        for (ct, cc, allowed, scope, want) in cases {
            let w = ServedWorker {
                content_type: ct.map(Into::into),
                cache_control: cc.map(Into::into),
                service_worker_allowed: allowed,
                ..served("/sw-enhanced.js")
            };
            let worst = statuses(&w, scope)
                .into_iter()
                .map(|(_, s)| s)
                .max()
                .unwrap();
            assert_eq!(worst, want, "{ct:?} {cc:?}");
        }
        // A scope wider than /static/js/ needs the header.
        let deep = served("/static/js/sw.js");
        let got = statuses(&deep, "/");
        assert!(
            got.contains(&(
                "Service-Worker-Allowed /static/js/sw.js".into(),
                Severity::Critical
            )),
            "{got:?}"
        );
        let allowed = ServedWorker {
            service_worker_allowed: Some("/".into()),
            ..deep
        };
        assert!(
            statuses(&allowed, "/")
                .iter()
                .all(|(_, s)| *s == Severity::Ok)
        );
    }
}
