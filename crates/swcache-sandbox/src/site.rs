//! The app's web files: the page that registers the worker, its script and style. They are
//! what a Workbox-built worker precaches, so a real browser pointed at the sandbox runs the
//! app as users do (`swcache probe`).

use std::collections::BTreeMap;

use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::faults::Fault;

/// The files served by default, by path (`/` is the page too).
pub fn files() -> BTreeMap<String, String> {
    let page = include_str!("../site/index.html");
    [
        ("/", page),
        ("/index.html", page),
        ("/static/app.js", include_str!("../site/static/app.js")),
        ("/static/app.css", include_str!("../site/static/app.css")),
    ]
    .into_iter()
    .map(|(p, b)| (p.to_string(), b.to_string()))
    .collect()
}

/// The worker releases built with workbox-cli (`workbox/`, see its README): version → script.
const RELEASES: &[(&str, &str)] = &[
    ("v1.0.0", include_str!("../workbox/out/sw-v1.0.0.js")),
    ("v0.9.0", include_str!("../workbox/out/sw-v0.9.0.js")),
    ("v1.0.1", include_str!("../workbox/out/sw-v1.0.1.js")),
];

/// The Workbox-built worker of a release (`v1.0.0`, the backup `v0.9.0`, and `v1.0.1`, which
/// does not skip waiting), if there is one.
pub fn release(version: &str) -> Option<&'static str> {
    RELEASES
        .iter()
        .find(|(v, _)| *v == version)
        .map(|(_, script)| *script)
}

/// `POST /__sandbox/release/{version}[?what=worker]`: publishes a release as a deploy (or a
/// rollback's revert) would: its worker at `/sw-enhanced.js` (the Workbox build, see
/// [`release`]) and `/sw.js`, and with `what=all` (the default) `/api/sw-status`'s version too.
/// The stand-in steps of a `--sandbox` run call it rather than carry a whole script.
pub(crate) async fn publish_release(
    axum::extract::State(s): axum::extract::State<std::sync::Arc<crate::shared::Shared>>,
    axum::extract::Path(version): axum::extract::Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Response {
    let worker_only = match query.as_deref() {
        None | Some("") | Some("what=all") => false,
        Some("what=worker") => true,
        Some(other) => {
            return crate::reply::bad_request(format!(
                "unknown query '{other}' (what=worker or what=all)"
            ));
        }
    };
    let ok_version = !version.is_empty()
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !ok_version {
        return crate::reply::bad_request(format!("not a version: '{version}'"));
    }
    let mut patch = serde_json::json!({"worker_scripts": {
        "/sw-enhanced.js": crate::state::worker_script("sw-enhanced.js", &version),
    }});
    if !worker_only {
        patch["worker_scripts"]["/sw.js"] = crate::state::worker_script("sw.js", &version).into();
        patch["sw"] = serde_json::json!({"version": version});
    }
    crate::hooks::apply(&s, &patch)
}

/// Scenarios of the app's worker and its precache as a browser meets them: the state is the
/// healthy one, the fault is what the edge does.
pub(crate) const SCENARIOS: &[&str] = &[
    "worker-redirect",
    "precache-missing",
    "precache-html-fallback",
    "worker-no-skip-waiting",
];

/// The served worker of one of [`SCENARIOS`], set in `state`; false when `name` is not one.
pub(crate) fn scenario_state(name: &str, state: &mut crate::state::SimState) -> bool {
    if !SCENARIOS.contains(&name) {
        return false;
    }
    // A release that does not skip waiting: open tabs keep the previous worker.
    if name == "worker-no-skip-waiting"
        && let Some(script) = release("v1.0.1")
    {
        state.sw.version = "v1.0.1".into();
        state
            .worker_scripts
            .insert("/sw-enhanced.js".into(), script.to_string());
    }
    true
}

/// What the edge does wrong in one of [`SCENARIOS`] (none for any other name).
pub(crate) fn scenario_faults(name: &str) -> Vec<Fault> {
    let fault = |path: &str| Fault::new(path);
    match name {
        // A canonical-path rewrite at the CDN: browsers refuse a redirected worker script.
        "worker-redirect" => vec![Fault {
            redirect: Some("/static/sw-enhanced.js".into()),
            ..fault("/sw-enhanced.js")
        }],
        // One precached file gone from the edge: the install fails, clients stay put.
        "precache-missing" => vec![Fault {
            status: Some(404),
            ..fault("/static/app.css")
        }],
        // An SPA rewrite answering for a script with the page: 200, but HTML.
        "precache-html-fallback" => vec![Fault {
            body: Some(include_str!("../site/index.html").into()),
            content_type: Some("text/html; charset=utf-8".into()),
            ..fault("/static/app.js")
        }],
        _ => Vec::new(),
    }
}

/// A Content-Type from the extension, as a static host would.
fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "js" | "mjs" => "application/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        _ => "text/html; charset=utf-8",
    }
}

pub(crate) fn serve(path: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type(path)),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}
