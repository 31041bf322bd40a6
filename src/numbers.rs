//! How a number reads in text: tables, messages, confirmation prompts, alert expressions. Here,
//! apart from `output` and `policy`, because both write numbers and policy must not depend on
//! output.

use std::time::{Duration, SystemTime};

/// Whole numbers without a decimal point, others to at most two decimals without trailing
/// zeros: `85`, `62.5`, `0.91`.
pub(crate) fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A size as people read it: `812 B`, `4.2 MiB`, `10 GiB` (binary units, one decimal).
pub(crate) fn bytes(v: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = v;
    let mut i = 0;
    while v >= 1024.0 && i < UNITS.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    format!("{} {}", number((v * 10.0).round() / 10.0), UNITS[i])
}

/// A duration as people read it, the one format of every report and message: `850 ms`,
/// `1.4 s`, `20 s`, `5 min`, `2 min 30 s`, `3 h 20 min`, `1 day`, `7 days 2 h`. Two units at
/// most: the smaller one is dropped when zero.
pub(crate) fn duration(d: Duration) -> String {
    let ms = d.as_millis();
    let s = d.as_secs();
    match ms {
        0..1_000 => format!("{ms} ms"),
        1_000..10_000 => format!("{} s", number((ms as f64 / 100.0).round() / 10.0)),
        _ if s < 60 => format!("{s} s"),
        _ if s < 3_600 => two_units(s / 60, "min", s % 60, "s"),
        _ if s < 86_400 => two_units(s / 3_600, "h", s % 3_600 / 60, "min"),
        _ => {
            let days = s / 86_400;
            let unit = if days == 1 { "day" } else { "days" };
            two_units(days, unit, s % 86_400 / 3_600, "h")
        }
    }
}

/// [`duration`] of a count of milliseconds (as reports record them).
pub(crate) fn duration_ms(ms: u64) -> String {
    duration(std::time::Duration::from_millis(ms))
}

/// A configured period (a TTL, a max age) in the largest unit it is a whole number of:
/// `10 min`, `90 s`, `7 days`, `1500 ms`.
pub(crate) fn period_ms(ms: u64) -> String {
    const UNITS: [(u64, &str); 4] = [
        (86_400_000, "days"),
        (3_600_000, "h"),
        (60_000, "min"),
        (1_000, "s"),
    ];
    match UNITS
        .iter()
        .find(|(size, _)| ms > 0 && ms.is_multiple_of(*size))
    {
        Some((size, "days")) if ms == *size => "1 day".into(),
        Some((size, unit)) => format!("{} {unit}", ms / size),
        None => format!("{ms} ms"),
    }
}

/// A figure with its unit as a report shows it: a time in `ms` or `s` as a [`duration`]
/// (`1400 ms` reads `1.4 s`, `300 s` reads `5 min`), `85 %`, `42 items`, `0.91`.
pub(crate) fn figure(v: f64, unit: &str) -> String {
    let seconds = match unit {
        "ms" => v / 1000.0,
        "s" => v,
        "" => return number(v),
        u => return format!("{} {u}", number(v)),
    };
    match std::time::Duration::try_from_secs_f64(seconds) {
        Ok(d) => duration(d),
        Err(_) => format!("{} {unit}", number(v)),
    }
}

/// A moment as a report shows it: `2026-11-23 15:46 UTC, 14 days ago` (JSON keeps RFC 3339).
/// `now` is given so that the age is tested, not guessed.
pub(crate) fn moment(t: SystemTime, now: SystemTime) -> String {
    let stamp = humantime::format_rfc3339_seconds(t).to_string(); // 2026-11-23T15:46:35Z
    let age = match now.duration_since(t) {
        Ok(d) if d.as_secs() < 60 => "just now".to_string(),
        Ok(d) => format!("{} ago", coarse(d)),
        Err(e) if e.duration().as_secs() < 60 => "just now".to_string(),
        Err(e) => format!("{} from now", coarse(e.duration())),
    };
    format!("{} {} UTC, {age}", &stamp[..10], &stamp[11..16])
}

/// [`moment`] of a time as text, RFC 3339 (`updatedAt`, records) or an HTTP date
/// (`Last-Modified`); a text that is neither is shown as it is.
pub(crate) fn moment_text(text: &str, now: SystemTime) -> String {
    humantime::parse_rfc3339_weak(text)
        .ok()
        .or_else(|| httpdate::parse_http_date(text).ok())
        .map(|t| moment(t, now))
        .unwrap_or_else(|| text.to_string())
}

/// An age in its largest whole unit: `14 days`, `1 day`, `3 h`, `25 min`.
fn coarse(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3_600 => format!("{} min", s / 60),
        3_600..86_400 => format!("{} h", s / 3_600),
        86_400..172_800 => "1 day".into(),
        _ => format!("{} days", s / 86_400),
    }
}

/// Units a figure in a report can carry.
const UNITS: &[&str] = &[
    "%", "ms", "s", "min", "h", "day", "days", "B", "KB", "MB", "GB", "KiB", "MiB", "GiB",
];

/// A word splitting a figure must not: the space between a number and its unit (`95 %`,
/// `20 s`, `7 days`) becomes a no-break space (U+00A0), so a wrapped table cell keeps each
/// figure on one line.
pub(crate) fn unsplittable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev = None;
    for (at, c) in text.char_indices() {
        let unit_follows = || {
            let rest = &text[at + 1..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '%'))
                .unwrap_or(rest.len());
            UNITS.contains(&&rest[..end])
        };
        if c == ' ' && prev.is_some_and(|p: char| p.is_ascii_digit()) && unit_follows() {
            out.push('\u{a0}');
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

fn two_units(a: u64, unit_a: &str, b: u64, unit_b: &str) -> String {
    if b == 0 {
        format!("{a} {unit_a}")
    } else {
        format!("{a} {unit_a} {b} {unit_b}")
    }
}

/// `line` in pieces of at most `room` columns, split at spaces: a longer word is a piece of its
/// own, a line's indentation and runs of spaces stay, and a figure keeps its unit (`70 %`,
/// `20 s`, `7 days` never split).
pub(crate) fn wrap(line: &str, room: usize) -> Vec<String> {
    let body = line.trim_start();
    let mut parts = vec![line[..line.len() - body.len()].to_string()];
    let mut words_in_part = 0;
    for word in glued_words(body) {
        let last = parts.last_mut().expect("one part at least");
        if words_in_part == 0 {
            last.push_str(&word);
        } else if last.chars().count() + 1 + word.chars().count() <= room {
            last.push(' ');
            last.push_str(&word);
        } else {
            parts.push(word);
            words_in_part = 0;
        }
        words_in_part += 1;
    }
    parts
}

/// The words of `text` split at spaces, a unit kept with the number before it.
fn glued_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in text.split(' ') {
        let after_number = words
            .last()
            .is_some_and(|w| w.ends_with(|c: char| c.is_ascii_digit()));
        if after_number && is_unit(word) {
            let last = words.last_mut().expect("a word before");
            last.push(' ');
            last.push_str(word);
        } else {
            words.push(word.to_string());
        }
    }
    words
}

/// A unit as figures print it, possibly followed by punctuation (`%)`, `s,`).
fn is_unit(word: &str) -> bool {
    let unit = word.trim_end_matches(|c: char| ",.;:)]".contains(c));
    matches!(
        unit,
        "%" | "ms"
            | "s"
            | "min"
            | "h"
            | "day"
            | "days"
            | "B"
            | "KiB"
            | "MiB"
            | "GiB"
            | "KB"
            | "MB"
            | "GB"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_keeps_its_unit_when_wrapped() {
        let lines = wrap(
            "hit rate CRITICAL 60 % (critical past 70 %) and 20 s, then",
            35,
        );
        assert_eq!(
            lines,
            vec![
                "hit rate CRITICAL 60 % (critical",
                "past 70 %) and 20 s, then"
            ]
        );
        for room in 8..40 {
            for l in wrap("at 70 % for 20 s and 7 days", room) {
                assert!(
                    !l.starts_with('%') && !l.starts_with("s ") && !l.starts_with("days"),
                    "{l:?}"
                );
            }
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(number(85.0), "85");
        assert_eq!(number(62.5), "62.5");
        assert_eq!(number(0.9100000001), "0.91");
        assert_eq!(number(-3.0), "-3");
        assert_eq!(number(0.004), "0");
        assert_eq!(number(1e16), "10000000000000000");
    }

    #[test]
    fn durations_read_in_one_humane_format() {
        use std::time::Duration;
        for (ms, want) in [
            (0, "0 ms"),
            (999, "999 ms"),
            (1_000, "1 s"),
            (1_400, "1.4 s"),
            (9_960, "10 s"),
            (15_000, "15 s"),
            (20_400, "20 s"),
            (59_999, "59 s"),
            (60_000, "1 min"),
            (150_000, "2 min 30 s"),
            (300_000, "5 min"),
            (3_600_000, "1 h"),
            (12_000_000, "3 h 20 min"),
            (86_400_000, "1 day"),
            (7 * 86_400_000, "7 days"),
            (14 * 86_400_000 + 2 * 3_600_000 + 59_000, "14 days 2 h"),
        ] {
            assert_eq!(duration(Duration::from_millis(ms)), want, "{ms} ms");
            assert_eq!(duration_ms(ms), want, "{ms} ms");
        }
    }

    #[test]
    fn figures_keep_their_unit_on_their_line() {
        for (text, want) in [
            ("95 %", "95\u{a0}%"),
            (
                "storage 99 % → 80 %, for 20 s",
                "storage 99\u{a0}% → 80\u{a0}%, for 20\u{a0}s",
            ),
            ("1.4 s; 7 days 2 h", "1.4\u{a0}s; 7\u{a0}days 2\u{a0}h"),
            ("5 min → 10 min", "5\u{a0}min → 10\u{a0}min"),
            ("3 steps, 10 sandboxes", "3 steps, 10 sandboxes"),
            ("version 2 shipped", "version 2 shipped"),
            ("at 25", "at 25"),
        ] {
            assert_eq!(unsplittable(text), want, "{text}");
        }
    }

    #[test]
    fn figures_read_with_their_unit() {
        for (v, unit, want) in [
            (1400.0, "ms", "1.4 s"),
            (35.0, "ms", "35 ms"),
            (300.0, "s", "5 min"),
            (12.0, "s", "12 s"),
            (-3.0, "s", "-3 s"),
            (62.5, "%", "62.5 %"),
            (42.0, "items", "42 items"),
            (0.91, "", "0.91"),
        ] {
            assert_eq!(figure(v, unit), want, "{v} {unit}");
        }
    }

    #[test]
    fn moments_read_as_a_date_and_an_age() {
        use std::time::UNIX_EPOCH;
        // 2026-11-23T15:46:35Z
        let t = UNIX_EPOCH + Duration::from_secs(1_795_448_795);
        let now = |secs: u64| t + Duration::from_secs(secs);
        for (now, want) in [
            (now(0), "2026-11-23 15:46 UTC, just now"),
            (now(59), "2026-11-23 15:46 UTC, just now"),
            (now(25 * 60 + 3), "2026-11-23 15:46 UTC, 25 min ago"),
            (now(3 * 3600 + 59 * 60), "2026-11-23 15:46 UTC, 3 h ago"),
            (now(86_400 + 7200), "2026-11-23 15:46 UTC, 1 day ago"),
            (now(14 * 86_400 + 7200), "2026-11-23 15:46 UTC, 14 days ago"),
            (
                t - Duration::from_secs(600),
                "2026-11-23 15:46 UTC, 10 min from now",
            ),
        ] {
            assert_eq!(moment(t, now), want);
        }
        let later = now(14 * 86_400);
        for text in [
            "2026-11-23T15:46:35Z",
            "2026-11-23T15:46:35.000Z",
            "Mon, 23 Nov 2026 15:46:35 GMT",
        ] {
            assert_eq!(
                moment_text(text, later),
                "2026-11-23 15:46 UTC, 14 days ago",
                "{text}"
            );
        }
        assert_eq!(moment_text("yesterday-ish", later), "yesterday-ish");
    }

    #[test]
    fn periods_read_in_their_largest_whole_unit() {
        for (ms, want) in [
            (300_000, "5 min"),
            (600_000, "10 min"),
            (90_000, "90 s"),
            (3_600_000, "1 h"),
            (86_400_000, "1 day"),
            (604_800_000, "7 days"),
            (1_500, "1500 ms"),
            (0, "0 ms"),
        ] {
            assert_eq!(period_ms(ms), want, "{ms}");
        }
    }
}
