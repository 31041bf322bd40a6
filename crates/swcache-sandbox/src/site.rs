//! The app's web files: the page that registers the worker, its script and style. They are
//! what a Workbox-built worker precaches, so a real browser pointed at the sandbox runs the
//! app as users do (`swcache probe`).

use std::collections::BTreeMap;

use axum::http::header;
use axum::response::{IntoResponse, Response};

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
