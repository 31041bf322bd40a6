//! Outside text made safe, and every secret of the run kept out of what leaves swcache.
//!
//! One registry holds the run's secrets, filled when settings load (`Settings::register_secrets`):
//! the admin token, Prometheus credentials, URL userinfo, each webhook URL with its path and
//! query. They are scrubbed twice:
//! - where outside text enters (the app's JSON strings, an error, a step's line): every secret,
//!   whatever its length;
//! - at every exit (printer, audit, textfile, step summary, notification bodies, step env):
//!   secrets of at least [`MIN_EXIT_LEN`] characters, from swcache's own text too, JSON keys
//!   and values alike. A shorter one would mask ordinary words of the report itself (a token
//!   `s` would turn `status` into `***tatus`): it is registered only as the token a command
//!   sends, and then scrubbed only where outside text enters.
//!
//! Also: URLs shown without their `user:pass@`, error bodies cut to an excerpt, and control
//! characters escaped before anything reaches a terminal.

use std::borrow::Cow;
use std::sync::RwLock;

use reqwest::Url;
use serde_json::Value;

const MASK: &str = "***";

/// Secrets shorter than this are not scrubbed at the exits (see the module's note).
pub(crate) const MIN_EXIT_LEN: usize = 6;

/// The secrets of this run, longest first (a URL is masked whole before its path is).
static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Adds a secret to scrub from now on.
pub(crate) fn register(secret: &str) {
    if secret.is_empty() {
        return;
    }
    if let Ok(mut s) = SECRETS.write()
        && !s.iter().any(|x| x == secret)
    {
        s.push(secret.to_string());
        s.sort_by_key(|x| std::cmp::Reverse(x.len()));
    }
}

/// Adds a secret the config or environment holds, whatever the command, if it is at least
/// [`MIN_EXIT_LEN`] long: a shorter one scrubbed from the app's answers would mangle its
/// figures and versions (`0` in `v1.0.0`). The token a command sends is registered whatever its
/// length ([`register`], by the printer), as it always was.
pub(crate) fn register_held(secret: &str) {
    if secret.chars().count() >= MIN_EXIT_LEN {
        register(secret);
    }
}

/// Adds a URL that is a secret (a webhook) and the pieces of it a server may echo alone: its
/// password, its path and its query.
pub(crate) fn register_url(u: &Url) {
    url_secrets(u).iter().for_each(|s| register_held(s));
}

/// Adds the secret part of a URL that is not itself a secret: its userinfo password.
pub(crate) fn register_userinfo(u: &Url) {
    if let Some(p) = u.password() {
        register_held(p);
    }
}

fn url_secrets(u: &Url) -> Vec<String> {
    let mut out = vec![u.as_str().to_string()];
    out.extend(u.password().map(String::from));
    let path = u.path();
    if path.len() > 1 {
        out.push(path.to_string());
    }
    if let Some(q) = u.query().filter(|q| !q.is_empty()) {
        out.push(q.to_string());
        out.push(format!("{path}?{q}"));
    }
    out
}

fn secrets() -> Vec<String> {
    SECRETS.read().map(|s| s.clone()).unwrap_or_default()
}

/// The secrets scrubbed at the exits: long enough not to mask ordinary words.
fn exit_secrets() -> Vec<String> {
    let mut s = secrets();
    s.retain(|x| x.chars().count() >= MIN_EXIT_LEN);
    s
}

/// Outside text with every registered secret replaced by `***`.
pub(crate) fn text(s: &str) -> String {
    scrub_with(&secrets(), s)
}

pub(crate) fn scrub_with(secrets: &[String], s: &str) -> String {
    secrets
        .iter()
        .filter(|x| !x.is_empty())
        .fold(s.to_string(), |t, x| t.replace(x.as_str(), MASK))
}

/// A JSON document from outside, with secrets scrubbed from its string values. Numbers,
/// booleans, keys and the structure are left as they are: keys are the API's schema (a
/// lookup must still find `enhanced-cache` whatever the token is). Keys are scrubbed at the
/// exits ([`json_out`]).
pub(crate) fn json(v: &mut Value) {
    let s = secrets();
    if !s.is_empty() {
        json_with(&s, v);
    }
}

pub(crate) fn json_with(secrets: &[String], v: &mut Value) {
    match v {
        Value::String(t) if secrets.iter().any(|x| t.contains(x.as_str())) => {
            *t = scrub_with(secrets, t);
        }
        Value::Array(a) => a.iter_mut().for_each(|x| json_with(secrets, x)),
        Value::Object(m) => m.values_mut().for_each(|x| json_with(secrets, x)),
        _ => {}
    }
}

/// Text leaving swcache (a line on stderr, a table, the step summary, a textfile).
pub(crate) fn out(s: &str) -> String {
    scrub_with(&exit_secrets(), s)
}

/// A JSON document leaving swcache: keys and string values scrubbed.
pub(crate) fn json_out(v: &mut Value) {
    let s = exit_secrets();
    if !s.is_empty() {
        json_all_with(&s, v);
    }
}

pub(crate) fn json_all_with(secrets: &[String], v: &mut Value) {
    match v {
        Value::String(t) => *t = scrub_with(secrets, t),
        Value::Array(a) => a.iter_mut().for_each(|x| json_all_with(secrets, x)),
        Value::Object(m) => {
            if m.keys().any(|k| holds(secrets, k)) {
                *m = std::mem::take(m)
                    .into_iter()
                    .map(|(k, v)| (scrub_with(secrets, &k), v))
                    .collect();
            }
            m.values_mut().for_each(|x| json_all_with(secrets, x));
        }
        _ => {}
    }
}

fn holds(secrets: &[String], s: &str) -> bool {
    secrets.iter().any(|x| s.contains(x.as_str()))
}

/// JSON text leaving swcache (a report, an audit line, an error document): each string
/// literal, key or value, decoded, scrubbed and encoded again, so the document stays valid
/// whatever the secret holds (`"`, `\`). A secret still left outside every string (text that
/// was not JSON after all) is scrubbed as text: safety before validity.
pub(crate) fn json_text_out(s: &str) -> String {
    json_text_with(&exit_secrets(), s)
}

pub(crate) fn json_text_with(secrets: &[String], s: &str) -> String {
    if secrets.is_empty() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('"') {
        out.push_str(&rest[..start]);
        let lit = &rest[start..];
        let len = literal_len(lit);
        out.push_str(&scrub_literal(secrets, &lit[..len]));
        rest = &lit[len..];
    }
    out.push_str(rest);
    if holds(secrets, &out) {
        return scrub_with(secrets, &out);
    }
    out
}

/// The length of the JSON string literal at the start of `s` (which starts with `"`), closing
/// quote included; unclosed, the rest of `s`.
fn literal_len(s: &str) -> usize {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return i + 1,
            _ => {}
        }
    }
    s.len()
}

fn scrub_literal(secrets: &[String], lit: &str) -> String {
    match serde_json::from_str::<String>(lit) {
        Ok(t) if holds(secrets, &t) => {
            serde_json::to_string(&scrub_with(secrets, &t)).unwrap_or_else(|_| MASK.into())
        }
        _ => lit.to_string(),
    }
}

/// Whether a variable's value carries a secret: holds a long one, or is (but for surrounding
/// whitespace) a short one. A step's environment must not carry it.
pub(crate) fn carries_secret(v: &[u8]) -> bool {
    carries_with(&secrets(), v)
}

pub(crate) fn carries_with(secrets: &[String], v: &[u8]) -> bool {
    secrets.iter().filter(|x| !x.is_empty()).any(|x| {
        let long = x.chars().count() >= MIN_EXIT_LEN;
        let x = x.as_bytes();
        if long {
            v.windows(x.len()).any(|w| w == x)
        } else {
            v == x || v.trim_ascii() == x
        }
    })
}

/// A URL for messages: no `user:pass@`, and secrets scrubbed.
pub(crate) fn url(u: &Url) -> String {
    let mut u = u.clone();
    let _ = u.set_username("");
    let _ = u.set_password(None);
    text(u.as_str())
}

/// A URL given as text (a flag): parsed and shown without userinfo; unparsable, only a note.
pub(crate) fn url_text(s: &str) -> String {
    match Url::parse(s) {
        Ok(u) => url(&u),
        Err(_) => "(an unparsable URL)".into(),
    }
}

/// The first `max` bytes of a body as one line of text: lossy UTF-8, whitespace collapsed,
/// secrets scrubbed, `…` when cut.
pub(crate) fn excerpt(bytes: &[u8], max: usize) -> String {
    let cut = bytes.len() > max;
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(max)]);
    let mut one_line = head.split_whitespace().collect::<Vec<_>>().join(" ");
    if cut {
        // The cut may have split a character: drop the replacement char it left.
        while one_line.ends_with('\u{fffd}') {
            one_line.pop();
        }
        one_line.push('…');
    }
    text(&one_line)
}

/// Text for a terminal: control characters (ESC, BEL, CR, C1 …) shown as `\u{1b}` escapes, so
/// a string from the app or a step cannot move the cursor, retitle the window or hide lines.
/// Newlines and tabs are kept.
pub(crate) fn controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        // Bidirectional overrides reorder what is shown.
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// JSON text for a terminal: serde_json escapes C0 controls itself; DEL and C1 (which some
/// terminals take as CSI) are escaped here. They only ever occur inside strings.
pub(crate) fn json_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| ('\u{7f}'..='\u{9f}').contains(&c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if ('\u{7f}'..='\u{9f}').contains(&c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// reqwest's innermost cause, without the URL (with its userinfo) it puts in its message.
pub(crate) fn request_cause(e: &reqwest::Error) -> String {
    let mut cur: &(dyn std::error::Error + 'static) = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    let what = if e.is_timeout() {
        "no answer within the deadline"
    } else if e.is_connect() {
        "cannot connect"
    } else {
        "request failed"
    };
    text(&format!("{what}: {cur}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scrubbing_json_keeps_numbers_and_structure() {
        let s = vec!["0".to_string()];
        let mut v = json!({"exit_code": 30, "name": "c0de", "a0": [0, "x0"]});
        json_with(&s, &mut v);
        assert_eq!(
            v,
            json!({"exit_code": 30, "name": "c***de", "a0": [0, "x***"]})
        );
    }

    fn list(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn exits_scrub_keys_and_values() {
        let s = list(&["tok-123456"]);
        let mut v = json!({"a-tok-123456": {"tok-123456": 1}, "n": 7, "v": ["x tok-123456"]});
        json_all_with(&s, &mut v);
        assert_eq!(v, json!({"a-***": {"***": 1}, "n": 7, "v": ["x ***"]}));
    }

    #[test]
    fn json_text_stays_valid_whatever_the_secret_holds() {
        for secret in ["q\"uote-tok", "back\\slash-tok", "plain-token"] {
            let s = list(&[secret]);
            let doc = json!({secret: [secret, format!("<{secret}>")], "k": 1});
            for text in [
                serde_json::to_string(&doc).unwrap(),
                serde_json::to_string_pretty(&doc).unwrap(),
            ] {
                let out = json_text_with(&s, &text);
                let back: Value = serde_json::from_str(&out).expect(&out);
                assert_eq!(back, json!({"***": ["***", "<***>"], "k": 1}), "{out}");
                assert!(!out.contains(secret), "{out}");
            }
        }
        // Not JSON after all: scrubbed as text.
        let s = list(&["plain-token"]);
        assert_eq!(json_text_with(&s, "x plain-token \"y"), "x *** \"y");
    }

    #[test]
    fn urls_register_their_pieces_longest_first() {
        let u = Url::parse("https://u:pw-secret@hooks.example/T0/B0/xyz?sig=abc").unwrap();
        let s = url_secrets(&u);
        assert!(s.contains(&"pw-secret".to_string()), "{s:?}");
        assert!(s.contains(&"/T0/B0/xyz".to_string()), "{s:?}");
        assert!(s.contains(&"sig=abc".to_string()), "{s:?}");
        assert!(s.contains(&"/T0/B0/xyz?sig=abc".to_string()), "{s:?}");
        let mut sorted = s.clone();
        sorted.sort_by_key(|x| std::cmp::Reverse(x.len()));
        assert_eq!(
            scrub_with(&sorted, &format!("{u} and /T0/B0/xyz")),
            "*** and ***"
        );
    }

    #[test]
    fn a_variable_carries_a_long_secret_anywhere_a_short_one_only_whole() {
        let s = list(&["tok-123456", "ab"]);
        assert!(carries_with(&s, b"Bearer tok-123456"));
        assert!(carries_with(&s, b" ab\n"));
        assert!(!carries_with(&s, b"cab"));
        assert!(!carries_with(&s, b"tok-12345"));
    }

    #[test]
    fn controls_are_escaped_newlines_kept() {
        assert_eq!(
            controls("a\u{1b}]0;x\u{7}\r\nb\t"),
            "a\\u{1b}]0;x\\u{7}\\u{d}\nb\t"
        );
        assert_eq!(controls("\u{9b}2J"), "\\u{9b}2J");
        assert!(matches!(controls("plain"), Cow::Borrowed(_)));
        assert_eq!(json_controls("\"\u{9b}\""), "\"\\u009b\"");
    }

    #[test]
    fn excerpts_are_short_and_urls_lose_userinfo() {
        let long = vec![b'x'; 10_000];
        let e = excerpt(&long, 200);
        assert_eq!(e.chars().count(), 201);
        assert_eq!(excerpt(b"a\n  b", 200), "a b");
        assert_eq!(excerpt("é".as_bytes(), 1), "…");
        let u = Url::parse("http://user:pass@127.0.0.1:9091/x").unwrap();
        assert_eq!(url(&u), "http://127.0.0.1:9091/x");
        assert_eq!(url_text("http://u:p@h/"), "http://h/");
    }
}
