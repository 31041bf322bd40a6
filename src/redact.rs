//! Outside text made safe where it enters: the token scrubbed from what the app, a step or an
//! error says (so swcache's own JSON and tables are never rewritten, whatever the token is),
//! URLs shown without their `user:pass@`, error bodies cut to an excerpt, and control
//! characters escaped before anything reaches a terminal.

use std::borrow::Cow;
use std::sync::RwLock;

use reqwest::Url;
use serde_json::Value;

const MASK: &str = "***";

/// The secrets of this run (the token, once known).
static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Adds a secret to scrub from outside text from now on.
pub(crate) fn register(secret: &str) {
    if secret.is_empty() {
        return;
    }
    if let Ok(mut s) = SECRETS.write()
        && !s.iter().any(|x| x == secret)
    {
        s.push(secret.to_string());
    }
}

fn secrets() -> Vec<String> {
    SECRETS.read().map(|s| s.clone()).unwrap_or_default()
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
/// lookup must still find `enhanced-cache` whatever the token is), and an app echoing the
/// token does so in a value.
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
