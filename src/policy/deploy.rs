//! `deploy`: the preflight and post-deploy checks, judged from what was read. Pure: the
//! command does the reads (HTTP, files, `node --version`) and passes the results in.

use std::time::Duration;

use reqwest::Url;

use crate::policy::check::Check;
use crate::vocab::Severity;

/// Whether a URL's host is this machine (a sandbox or a local dev server).
pub(crate) fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// The target must be HTTPS (service workers register only on secure origins). Production
/// over plain http is CRITICAL unless allowed; staging is a WARNING; loopback is exempt.
pub(crate) fn target_check(url: &Url, production: bool, allow_insecure: bool) -> Check {
    let name = "target is HTTPS";
    if url.scheme() == "https" {
        return Check::note(name, Severity::Ok, url.as_str());
    }
    if is_loopback(url) {
        return Check::note(
            name,
            Severity::Ok,
            format!("{url} is plain http on loopback (allowed)"),
        );
    }
    let (status, why) = match (production, allow_insecure) {
        (true, false) => (
            Severity::Critical,
            "production refuses plain http (browsers register service workers only on HTTPS); \
             pass --allow-insecure to override",
        ),
        (true, true) => (Severity::Warning, "plain http allowed by --allow-insecure"),
        (false, _) => (
            Severity::Warning,
            "plain http: browsers will not register the service worker here",
        ),
    };
    Check::note(name, status, format!("{url}: {why}"))
}

/// `node --version` (e.g. `v20.11.1`) against the minimum major version; `Err` is why it
/// could not be run.
pub(crate) fn node_check(version: &Result<String, String>, min_major: u32) -> Check {
    let name = format!("Node.js ≥ {min_major}");
    match version {
        Err(e) => Check::note(name, Severity::Critical, e.clone()),
        Ok(v) => {
            let major = v
                .trim()
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|m| m.parse::<u32>().ok());
            match major {
                Some(m) if m >= min_major => Check::note(name, Severity::Ok, v.trim()),
                Some(_) => Check::note(
                    name,
                    Severity::Critical,
                    format!("node {} is older than {min_major}", v.trim()),
                ),
                None => Check::note(
                    name,
                    Severity::Critical,
                    format!("`node --version` printed {:?}, not a version", v.trim()),
                ),
            }
        }
    }
}

/// A build tool on PATH (`Err`: not found).
pub(crate) fn tool_check(tool: &str, found: &Result<String, String>) -> Check {
    match found {
        Ok(path) => Check::note(format!("tool {tool}"), Severity::Ok, path.clone()),
        Err(e) => Check::note(format!("tool {tool}"), Severity::Critical, e.clone()),
    }
}

/// One artifact pattern and the files it matched.
pub(crate) fn artifact_check(pattern: &str, matched: &Result<Vec<String>, String>) -> Check {
    let name = format!("artifact {pattern}");
    match matched {
        Ok(files) if files.is_empty() => Check::note(name, Severity::Critical, "no file matches"),
        Ok(files) => Check::note(name, Severity::Ok, files.join(", ")),
        Err(e) => Check::note(name, Severity::Critical, e.clone()),
    }
}

/// Shell-style match of one path component: `*` any run, `?` one character.
pub(crate) fn wildcard_match(pattern: &str, name: &str) -> bool {
    fn go(p: &[char], n: &[char]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some('*'), _) => go(&p[1..], n) || (!n.is_empty() && go(p, &n[1..])),
            (Some('?'), Some(_)) => go(&p[1..], &n[1..]),
            (Some(a), Some(b)) if a == b => go(&p[1..], &n[1..]),
            _ => false,
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    go(&p, &n)
}

/// The served worker's bytes against the local artifact's: a stale CDN copy is the classic
/// failure, so both hashes are shown.
pub(crate) fn hash_check(
    path: &str,
    served: &Result<String, String>,
    local: &Result<String, String>,
) -> Check {
    let name = format!("worker hash {path}");
    match (served, local) {
        (Err(e), _) | (_, Err(e)) => Check::note(name, Severity::Unknown, e.clone()),
        (Ok(s), Ok(l)) if s == l => Check::note(name, Severity::Ok, format!("sha256 {s}")),
        (Ok(s), Ok(l)) => Check::note(
            name,
            Severity::Critical,
            format!(
                "served sha256 {s} ≠ local artifact sha256 {l} (stale CDN copy, or the deploy did not land)"
            ),
        ),
    }
}

/// The worker must be served as JavaScript: an HTML SPA fallback registers nothing.
pub(crate) fn content_type_check(content_type: Option<&str>) -> Check {
    let name = "worker Content-Type";
    let Some(ct) = content_type else {
        return Check::note(name, Severity::Critical, "no Content-Type header");
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let js = matches!(
        essence.as_str(),
        "application/javascript"
            | "text/javascript"
            | "application/x-javascript"
            | "application/ecmascript"
            | "text/ecmascript"
    );
    if js {
        Check::note(name, Severity::Ok, ct)
    } else if essence == "text/html" {
        Check::note(
            name,
            Severity::Critical,
            format!("{ct}: an HTML page (SPA fallback?), not the worker script"),
        )
    } else {
        Check::note(name, Severity::Critical, format!("{ct}: not JavaScript"))
    }
}

/// The worker must not be cacheable for long: `no-cache`/`no-store`, or every `max-age` and
/// `s-maxage` (the CDN's) at most `bound`. No header at all lets caches pick their own TTL.
pub(crate) fn cache_control_check(value: Option<&str>, bound: Duration) -> Check {
    let name = "worker Cache-Control";
    let bound_s = bound.as_secs();
    let Some(v) = value else {
        return Check::note(
            name,
            Severity::Critical,
            format!(
                "no Cache-Control header: caches may keep the worker as long as they like \
                 (want no-cache or max-age ≤ {bound_s})"
            ),
        );
    };
    let directives: Vec<(String, Option<String>)> = v
        .split(',')
        .map(|d| {
            let d = d.trim();
            match d.split_once('=') {
                Some((k, val)) => (
                    k.trim().to_ascii_lowercase(),
                    Some(val.trim().trim_matches('"').to_string()),
                ),
                None => (d.to_ascii_lowercase(), None),
            }
        })
        .collect();
    let has = |k: &str| directives.iter().any(|(d, _)| d == k);
    if has("no-cache") || has("no-store") {
        return Check::note(name, Severity::Ok, v);
    }
    let mut ages = directives
        .iter()
        .filter(|(d, _)| d == "max-age" || d == "s-maxage")
        .peekable();
    if ages.peek().is_none() {
        return Check::note(
            name,
            Severity::Critical,
            format!("{v}: neither no-cache nor max-age (want max-age ≤ {bound_s})"),
        );
    }
    for (d, val) in ages {
        match val.as_deref().and_then(|s| s.parse::<u64>().ok()) {
            Some(secs) if secs <= bound_s => {}
            Some(secs) => {
                return Check::note(
                    name,
                    Severity::Critical,
                    format!(
                        "{v}: {d}={secs} lets the worker be cached longer than {}, \
                         trapping users on the old version",
                        crate::numbers::duration(std::time::Duration::from_secs(bound_s))
                    ),
                );
            }
            None => {
                return Check::note(
                    name,
                    Severity::Critical,
                    format!("{v}: {d} is not a number of seconds"),
                );
            }
        }
    }
    Check::note(name, Severity::Ok, v)
}

/// The directory a script's default scope is (`/static/js/sw.js` → `/static/js/`).
pub(crate) fn script_dir(worker_path: &str) -> &str {
    match worker_path.rfind('/') {
        Some(i) => &worker_path[..=i],
        None => "/",
    }
}

/// A scope wider than the script's directory needs `Service-Worker-Allowed` covering it.
pub(crate) fn sw_allowed_check(worker_path: &str, scope: &str, header: Option<&str>) -> Check {
    let name = "Service-Worker-Allowed";
    let dir = script_dir(worker_path);
    if scope.starts_with(dir) {
        let detail = match header {
            Some(h) => format!("{h} (not needed: scope {scope} is within {dir})"),
            None => format!("not needed: scope {scope} is within {dir}"),
        };
        return Check::note(name, Severity::Ok, detail);
    }
    match header {
        Some(h) if scope.starts_with(h.trim()) => {
            Check::note(name, Severity::Ok, format!("{h} allows scope {scope}"))
        }
        Some(h) => Check::note(
            name,
            Severity::Critical,
            format!("{h} does not allow scope {scope} (the script is in {dir})"),
        ),
        None => Check::note(
            name,
            Severity::Critical,
            format!(
                "missing: scope {scope} is wider than the script's directory {dir}, so \
                 registration fails without it"
            ),
        ),
    }
}

/// `/api/sw-status`'s version against the release being deployed.
pub(crate) fn release_check(reported: &Result<String, String>, expected: Option<&str>) -> Check {
    let name = "sw-status release";
    match (reported, expected) {
        (Err(e), _) => Check::note(name, Severity::Unknown, e.clone()),
        (Ok(v), None) => Check::note(
            name,
            Severity::Unknown,
            format!(
                "reports {v}, but no release is known to compare with: set [deploy] release or \
                 --release, or declare SW_VERSION in the worker artifact"
            ),
        ),
        (Ok(v), Some(e)) if v == e => Check::note(name, Severity::Ok, v.clone()),
        (Ok(v), Some(e)) => Check::note(
            name,
            Severity::Critical,
            format!("reports {v}, expected {e}"),
        ),
    }
}

/// A read that only has to succeed (health, cache metrics, monitoring health).
pub(crate) fn reachable_check(name: &str, read: &Result<String, String>) -> Check {
    match read {
        Ok(detail) => Check::note(name, Severity::Ok, detail.clone()),
        Err(e) => Check::note(name, Severity::Critical, e.clone()),
    }
}

/// The `/metrics` text must parse as Prometheus exposition and carry every family the
/// dashboards and alerts query (`families`: `MetricNames::required`, mapped by `[metrics]`).
pub(crate) fn metrics_check(
    url: &str,
    text: &Result<String, String>,
    families: &[String],
) -> Check {
    let name = "metric families";
    let text = match text {
        Ok(t) => t,
        Err(e) => return Check::note(name, Severity::Critical, e.clone()),
    };
    let lines = text.lines().map(|l| Ok(l.to_string()));
    let scrape = match prometheus_parse::Scrape::parse(lines) {
        Ok(s) => s,
        Err(e) => {
            return Check::note(
                name,
                Severity::Critical,
                format!("{url}: not Prometheus text: {e}"),
            );
        }
    };
    let missing: Vec<&str> = families
        .iter()
        .map(String::as_str)
        .filter(|f| !scrape.samples.iter().any(|s| s.metric == *f))
        .collect();
    if missing.is_empty() {
        Check::note(
            name,
            Severity::Ok,
            format!("all {} families exposed", families.len()),
        )
    } else {
        Check::note(
            name,
            Severity::Critical,
            format!("{url} has no samples of {}", missing.join(", ")),
        )
    }
}

/// Verification passes when every check is OK; anything else is polled again until the
/// deadline (CDNs and health checks lag a deploy).
pub(crate) fn verified(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.status == Severity::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(c: Check) -> Severity {
        c.status
    }

    #[test]
    fn https_target() {
        let u = |s: &str| Url::parse(s).unwrap();
        let cases = [
            ("https://yourapp.com", true, false, Severity::Ok),
            ("http://yourapp.com", true, false, Severity::Critical),
            ("http://yourapp.com", true, true, Severity::Warning),
            ("http://yourapp.com", false, false, Severity::Warning),
            ("http://127.0.0.1:8080", true, false, Severity::Ok),
            ("http://localhost:3000", true, false, Severity::Ok),
            ("http://[::1]:3000", true, false, Severity::Ok),
            ("http://10.0.0.1", true, false, Severity::Critical),
        ];
        for (url, prod, allow, want) in cases {
            assert_eq!(st(target_check(&u(url), prod, allow)), want, "{url}");
        }
    }

    #[test]
    fn node_versions() {
        let cases = [
            (Ok("v20.11.1\n".to_string()), Severity::Ok),
            (Ok("v18.0.0".to_string()), Severity::Ok),
            (Ok("v16.20.2".to_string()), Severity::Critical),
            (Ok("garbage".to_string()), Severity::Critical),
            (
                Err("node not found on PATH".to_string()),
                Severity::Critical,
            ),
        ];
        for (v, want) in cases {
            assert_eq!(st(node_check(&v, 18)), want, "{v:?}");
        }
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_match("workbox-*.js", "workbox-4e5f.js"));
        assert!(wildcard_match("workbox-*.js", "workbox-.js"));
        assert!(!wildcard_match("workbox-*.js", "workbox-4e5f.js.map"));
        assert!(wildcard_match("sw-?.js", "sw-1.js"));
        assert!(!wildcard_match("sw-?.js", "sw-12.js"));
        assert!(wildcard_match("sw-enhanced.js", "sw-enhanced.js"));
    }

    #[test]
    fn cache_control() {
        let b = Duration::from_secs(300);
        let cases = [
            (Some("no-cache"), Severity::Ok),
            (Some("public, max-age=0, must-revalidate"), Severity::Ok),
            (Some("max-age=300"), Severity::Ok),
            (Some("no-store"), Severity::Ok),
            (Some("public, max-age=86400"), Severity::Critical),
            (Some("max-age=60, s-maxage=31536000"), Severity::Critical),
            (Some("public"), Severity::Critical),
            (Some("max-age=soon"), Severity::Critical),
            (None, Severity::Critical),
        ];
        for (v, want) in cases {
            assert_eq!(st(cache_control_check(v, b)), want, "{v:?}");
        }
        let long = cache_control_check(Some("max-age=86400"), b);
        assert!(long.detail.unwrap().contains("86400"));
    }

    #[test]
    fn content_types() {
        let cases = [
            (Some("application/javascript; charset=utf-8"), Severity::Ok),
            (Some("text/javascript"), Severity::Ok),
            (Some("text/html; charset=utf-8"), Severity::Critical),
            (Some("application/octet-stream"), Severity::Critical),
            (None, Severity::Critical),
        ];
        for (v, want) in cases {
            assert_eq!(st(content_type_check(v)), want, "{v:?}");
        }
    }

    #[test]
    fn service_worker_allowed() {
        assert_eq!(script_dir("/static/js/sw.js"), "/static/js/");
        assert_eq!(script_dir("/sw.js"), "/");
        let cases = [
            ("/sw-enhanced.js", "/", None, Severity::Ok),
            ("/static/js/sw.js", "/static/js/", None, Severity::Ok),
            ("/static/js/sw.js", "/", None, Severity::Critical),
            ("/static/js/sw.js", "/", Some("/"), Severity::Ok),
            ("/static/js/sw.js", "/app/", Some("/"), Severity::Ok),
            (
                "/static/js/sw.js",
                "/",
                Some("/static/"),
                Severity::Critical,
            ),
        ];
        for (path, scope, header, want) in cases {
            assert_eq!(
                st(sw_allowed_check(path, scope, header)),
                want,
                "{path} {scope} {header:?}"
            );
        }
    }

    #[test]
    fn hashes_and_release() {
        let a = Ok("aa".to_string());
        let b = Ok("bb".to_string());
        assert_eq!(st(hash_check("/sw.js", &a, &a)), Severity::Ok);
        let bad = hash_check("/sw.js", &a, &b);
        assert_eq!(bad.status, Severity::Critical);
        let d = bad.detail.unwrap();
        assert!(d.contains("aa") && d.contains("bb"), "{d}");
        assert_eq!(
            st(hash_check("/sw.js", &Err("HTTP 404".into()), &b)),
            Severity::Unknown
        );
        let v = Ok("v1.0.0".to_string());
        assert_eq!(st(release_check(&v, Some("v1.0.0"))), Severity::Ok);
        assert_eq!(st(release_check(&v, Some("v1.0.1"))), Severity::Critical);
        assert_eq!(st(release_check(&v, None)), Severity::Unknown);
        assert_eq!(
            st(release_check(&Err("x".into()), Some("v1"))),
            Severity::Unknown
        );
    }

    #[test]
    fn metric_families() {
        let families = crate::policy::series::MetricNames::default().required();
        let full: String = families
            .iter()
            .map(|f| format!("# TYPE {f} gauge\n{f}{{a=\"b\"}} 1\n"))
            .collect();
        assert_eq!(
            st(metrics_check("/metrics", &Ok(full.clone()), &families)),
            Severity::Ok
        );
        let partial = full.replace("background_sync_queue_size{a=\"b\"} 1\n", "");
        let c = metrics_check("/metrics", &Ok(partial), &families);
        assert_eq!(c.status, Severity::Critical);
        assert!(c.detail.unwrap().contains("background_sync_queue_size"));
        let html = metrics_check("/metrics", &Ok("<html>login</html>".into()), &families);
        assert_eq!(html.status, Severity::Critical);
        assert_eq!(
            st(metrics_check(
                "/metrics",
                &Err("HTTP 502".into()),
                &families
            )),
            Severity::Critical
        );
    }
}
