//! The Workbox precache manifest of a served worker, and the judgment of its entries as served
//! at the edge. Workbox installs a new worker only if every entry fetches (2xx), so one 404 or
//! an HTML fallback answering for a script keeps every client on the old worker. Pure: the
//! fetching is `commands::precache`.

use serde::Serialize;

use crate::policy::check::Check;
use crate::vocab::Severity;

/// One `{url, revision}` entry; `revision` is the MD5 hex of the bytes (none for URLs that
/// carry a hash in their name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Entry {
    pub url: String,
    pub revision: Option<String>,
}

/// Longest object literal looked at: an entry is short; the runtime's code is not an entry.
const MAX_ENTRY_LEN: usize = 2048;

/// The manifest injected into a worker script, by `generateSW` or `injectManifest`, minified
/// (`{url:"a.js",revision:"…"}`) or not (`{"revision": "…", "url": "a.js"}`): every object
/// literal whose keys are only `url`, `revision` and `integrity`, with literal values and a
/// string `url`. `None` when the script has none.
pub(crate) fn manifest(script: &str) -> Option<Vec<Entry>> {
    let mut entries: Vec<Entry> = Vec::new();
    let bytes = script.as_bytes();
    let mut i = 0;
    while let Some(off) = script[i..].find('{') {
        let start = i + off;
        i = start + 1;
        let Some(len) = script[i..]
            .bytes()
            .take(MAX_ENTRY_LEN)
            .position(|b| b == b'}' || b == b'{')
        else {
            continue;
        };
        if bytes[i + len] != b'}' {
            continue;
        }
        if let Some(e) = entry(&script[i..i + len])
            && !entries.iter().any(|x| x.url == e.url)
        {
            entries.push(e);
        }
    }
    (!entries.is_empty()).then_some(entries)
}

/// The inside of one object literal as an entry, if it is one.
fn entry(body: &str) -> Option<Entry> {
    let mut p = Lexer { s: body, i: 0 };
    let (mut url, mut revision) = (None, None);
    loop {
        p.ws();
        if p.done() {
            break;
        }
        let key = p.key()?;
        p.ws();
        p.eat(':')?;
        p.ws();
        let value = p.value()?;
        match key.as_str() {
            "url" => url = Some(value?),
            "revision" => revision = value,
            "integrity" => {}
            _ => return None,
        }
        p.ws();
        if p.eat(',').is_none() {
            p.ws();
            if !p.done() {
                return None;
            }
        }
    }
    Some(Entry {
        url: url.filter(|u| !u.is_empty())?,
        revision,
    })
}

struct Lexer<'a> {
    s: &'a str,
    i: usize,
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        &self.s[self.i..]
    }
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }
    fn ws(&mut self) {
        let n = self.rest().len() - self.rest().trim_start().len();
        self.i += n;
    }
    fn eat(&mut self, c: char) -> Option<()> {
        self.rest().starts_with(c).then(|| self.i += c.len_utf8())
    }
    /// `url`, `"url"` or `'url'`.
    fn key(&mut self) -> Option<String> {
        if let Some(q) = self
            .rest()
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
        {
            return self.string(q);
        }
        let n = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(self.rest().len());
        (n > 0).then(|| {
            let k = self.rest()[..n].to_string();
            self.i += n;
            k
        })
    }
    /// A string literal (`Some(Some(s))`), `null` or `void 0` (`Some(None)`); anything else
    /// (an expression) is not a manifest entry.
    fn value(&mut self) -> Option<Option<String>> {
        for lit in ["null", "void 0", "undefined"] {
            if self.rest().starts_with(lit) {
                self.i += lit.len();
                return Some(None);
            }
        }
        let q = self.rest().chars().next()?;
        if q != '"' && q != '\'' {
            return None;
        }
        self.string(q).map(Some)
    }
    fn string(&mut self, q: char) -> Option<String> {
        let mut out = String::new();
        let mut chars = self.rest()[1..].char_indices();
        while let Some((k, c)) = chars.next() {
            match c {
                '\\' => out.push(chars.next()?.1),
                c if c == q => {
                    self.i += 1 + k + 1;
                    return Some(out);
                }
                c => out.push(c),
            }
        }
        None
    }
}

/// What one entry's fetch from the edge found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Fetched {
    pub url: String,
    /// The HTTP status; none when no answer came.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// Why the entry fails Workbox's install (a failed entry); `None` when it is fine.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// Why it could not be judged (no answer): UNKNOWN, not a failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown: Option<String>,
}

/// What an answer to one entry's fetch was, as read.
pub(crate) struct Answer<'a> {
    pub status: u16,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
}

/// One entry judged against its answer: 2xx, not an HTML page standing in for a script or a
/// style, and the MD5 of the bytes equal to the revision when one is given.
pub(crate) fn judge(e: &Entry, answer: Result<Answer<'_>, String>) -> Fetched {
    let mut f = Fetched {
        url: e.url.clone(),
        status: None,
        bytes: None,
        problem: None,
        unknown: None,
    };
    let a = match answer {
        Ok(a) => a,
        Err(why) => {
            f.unknown = Some(why);
            return f;
        }
    };
    f.status = Some(a.status);
    f.bytes = Some(a.body.len() as u64);
    f.problem = if !(200..300).contains(&a.status) {
        Some(format!("HTTP {}", a.status))
    } else if expects_code(&e.url) && looks_html(a.content_type, a.body) {
        Some("an HTML page answers for it (SPA fallback?)".into())
    } else {
        e.revision.as_deref().and_then(|rev| {
            let got = md5_hex(a.body);
            (!got.eq_ignore_ascii_case(rev)).then(|| {
                format!(
                    "MD5 {} of the served bytes, manifest says {rev}",
                    &got[..12]
                )
            })
        })
    };
    f
}

/// A script or a style, which an HTML page must never answer for.
fn expects_code(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    [".js", ".mjs", ".css"].iter().any(|x| path.ends_with(x))
}

fn looks_html(content_type: Option<&str>, body: &[u8]) -> bool {
    let ct_html =
        content_type.is_some_and(|c| c.trim_start().to_ascii_lowercase().starts_with("text/html"));
    let head = String::from_utf8_lossy(&body[..body.len().min(64)])
        .trim_start()
        .to_ascii_lowercase();
    ct_html || head.starts_with("<!doctype html") || head.starts_with("<html")
}

pub(crate) fn md5_hex(bytes: &[u8]) -> String {
    use md5::Digest;
    md5::Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How many failed entries a check names (the JSON has them all).
const NAMED: usize = 3;

/// The summary of one manifest's entries.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct Summary {
    pub checked: usize,
    pub failed: usize,
    pub unknown: usize,
    pub total_bytes: u64,
}

pub(crate) fn summarize(results: &[Fetched]) -> Summary {
    Summary {
        checked: results.len(),
        failed: results.iter().filter(|f| f.problem.is_some()).count(),
        unknown: results.iter().filter(|f| f.unknown.is_some()).count(),
        total_bytes: results.iter().filter_map(|f| f.bytes).sum(),
    }
}

/// The current release's precache: CRITICAL when an entry fails (no client will install the
/// worker), UNKNOWN when one could not be read and none failed.
pub(crate) fn precache_check(name: &str, results: &[Fetched], fail: Severity) -> Check {
    let s = summarize(results);
    let named: Vec<String> = results
        .iter()
        .filter_map(|f| f.problem.as_ref().map(|p| format!("{} ({p})", f.url)))
        .take(NAMED)
        .collect();
    if s.failed > 0 {
        let more = if s.failed > NAMED {
            format!(" and {} more", s.failed - NAMED)
        } else {
            String::new()
        };
        return Check::note(
            name,
            fail,
            format!(
                "{} of {} entries fail: {}{more}",
                s.failed,
                s.checked,
                named.join(", ")
            ),
        );
    }
    if let Some(u) = results.iter().find_map(|f| f.unknown.as_ref()) {
        return Check::note(
            name,
            Severity::Unknown,
            format!("{} of {} entries not read: {u}", s.unknown, s.checked),
        );
    }
    Check::note(
        name,
        Severity::Ok,
        format!(
            "{} entries served, {} bytes in all",
            s.checked, s.total_bytes
        ),
    )
}

/// The total against `[worker] max_precache_bytes`: past it, a WARNING (every client
/// downloads it all before the worker installs).
pub(crate) fn budget_check(name: &str, results: &[Fetched], max: u64) -> Check {
    let s = summarize(results);
    let detail = format!("{} bytes (budget {max})", s.total_bytes);
    if s.unknown > 0 {
        return Check::note(
            name,
            Severity::Unknown,
            format!("{detail}; {} entries not read", s.unknown),
        );
    }
    let status = if s.total_bytes > max {
        Severity::Warning
    } else {
        Severity::Ok
    };
    Check::note(name, status, detail)
}

/// The previous release's entries that the current manifest no longer lists: old clients
/// still request them until they update.
pub(crate) fn retired<'a>(previous: &'a [Entry], current: &[Entry]) -> Vec<&'a Entry> {
    previous
        .iter()
        .filter(|p| !current.iter().any(|c| c.url == p.url))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(url: &str, rev: Option<&str>) -> Entry {
        Entry {
            url: url.into(),
            revision: rev.map(Into::into),
        }
    }

    #[test]
    fn reads_minified_and_json_manifests() {
        let minified = r#"function(t){E().precache(t)}([{url:"index.html",revision:"25286"},{url:"static/app.5f3a.js",revision:null}]),s.push({cacheKey:e.href,url:e.href})"#;
        assert_eq!(
            manifest(minified).unwrap(),
            vec![
                e("index.html", Some("25286")),
                e("static/app.5f3a.js", None)
            ]
        );
        let json = "precacheAndRoute([\n  {\n    \"revision\": \"abc\",\n    \"url\": \"/a.css\"\n  }, {'url': '/b.js', 'revision': \"d\\\"e\"}\n]);";
        assert_eq!(
            manifest(json).unwrap(),
            vec![e("/a.css", Some("abc")), e("/b.js", Some("d\"e"))]
        );
        // The runtime's own objects are not entries; no manifest at all is None.
        assert_eq!(manifest("x({url:n,revision:s}); y({entry:t})"), None);
        assert_eq!(manifest("const SW_VERSION = \"v1\";"), None);
        assert_eq!(manifest("{url:\"a.js\",other:\"x\"}"), None);
    }

    #[test]
    fn judges_each_entry_as_workbox_would() {
        let body = b"console.log(1)";
        let rev = md5_hex(body);
        let ok = |ct| Answer {
            status: 200,
            content_type: ct,
            body,
        };
        let cases: Vec<(Entry, Result<Answer, String>, Option<&str>)> = vec![
            (e("a.js", Some(&rev)), Ok(ok(Some("text/javascript"))), None),
            (e("a.js", None), Ok(ok(Some("text/javascript"))), None),
            (e("a.js", Some("0000")), Ok(ok(None)), Some("MD5")),
            (
                e("a.js", None),
                Ok(Answer {
                    status: 404,
                    content_type: None,
                    body: b"",
                }),
                Some("HTTP 404"),
            ),
            (
                e("a.js", None),
                Ok(Answer {
                    status: 200,
                    content_type: Some("text/html"),
                    body: b"<!doctype html>",
                }),
                Some("HTML"),
            ),
            (
                e("a.css?v=1", None),
                Ok(Answer {
                    status: 200,
                    content_type: None,
                    body: b"\n<html>",
                }),
                Some("HTML"),
            ),
            // An HTML page is fine where HTML is precached.
            (
                e("index.html", None),
                Ok(Answer {
                    status: 200,
                    content_type: Some("text/html"),
                    body: b"<html>",
                }),
                None,
            ),
        ];
        for (entry, answer, want) in cases {
            let got = judge(&entry, answer);
            match want {
                None => assert_eq!(got.problem, None, "{entry:?}"),
                Some(w) => assert!(
                    got.problem.as_deref().unwrap().contains(w),
                    "{entry:?}: {got:?}"
                ),
            }
        }
        let unread = judge(&e("a.js", None), Err("timed out".into()));
        assert_eq!(
            (unread.problem, unread.unknown.as_deref()),
            (None, Some("timed out"))
        );
    }

    #[test]
    fn the_check_names_the_first_failures_and_unknown_is_not_ok() {
        let f = |url: &str, problem: Option<&str>, unknown: Option<&str>| Fetched {
            url: url.into(),
            status: Some(200),
            bytes: Some(10),
            problem: problem.map(Into::into),
            unknown: unknown.map(Into::into),
        };
        let all_ok = [f("a", None, None), f("b", None, None)];
        let c = precache_check("precache", &all_ok, Severity::Critical);
        assert_eq!(c.status, Severity::Ok);
        assert!(c.detail.unwrap().contains("20 bytes"));
        let failing: Vec<Fetched> = (0..5)
            .map(|i| f(&format!("u{i}"), Some("HTTP 404"), None))
            .collect();
        let c = precache_check("precache", &failing, Severity::Critical);
        assert_eq!(c.status, Severity::Critical);
        let d = c.detail.unwrap();
        assert!(
            d.contains("5 of 5") && d.contains("u0 (HTTP 404)") && d.contains("2 more"),
            "{d}"
        );
        assert!(!d.contains("u3"), "{d}");
        let unread = [f("a", None, None), f("b", None, Some("timeout"))];
        assert_eq!(
            precache_check("p", &unread, Severity::Critical).status,
            Severity::Unknown
        );
        assert_eq!(budget_check("b", &all_ok, 19).status, Severity::Warning);
        assert_eq!(budget_check("b", &all_ok, 20).status, Severity::Ok);
        assert_eq!(budget_check("b", &unread, 100).status, Severity::Unknown);
    }

    #[test]
    fn retired_entries_are_the_previous_ones_no_longer_listed() {
        let prev = [e("a.1.js", None), e("index.html", Some("1"))];
        let cur = [e("a.2.js", None), e("index.html", Some("2"))];
        assert_eq!(retired(&prev, &cur), vec![&prev[0]]);
    }
}
