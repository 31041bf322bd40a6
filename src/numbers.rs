//! How a number reads in text: tables, messages, confirmation prompts, alert expressions. Here,
//! apart from `output` and `policy`, because both write numbers and policy must not depend on
//! output.

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

/// A duration as people read it, the one format of every report and message: `850 ms`,
/// `1.4 s`, `20 s`, `5 min`, `2 min 30 s`, `3 h 20 min`, `1 day`, `7 days 2 h`. Two units at
/// most: the smaller one is dropped when zero.
pub(crate) fn duration(d: std::time::Duration) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
