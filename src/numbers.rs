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
}
