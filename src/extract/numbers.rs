//! Reading one number: digits by shape, words by composition.

use rust_decimal::Decimal;

/// A numeric literal's value, read by the shape of its separators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Literal {
    /// The value.
    pub value: Decimal,
    /// Place value of the last significant digit.
    pub step: Decimal,
    /// Only digits: no separator or decimal mark.
    pub plain: bool,
    /// No fractional part.
    pub integer: bool,
    /// Number of digits.
    pub digits: usize,
}

/// Reads a literal such as `710,000`, `1.234,5`, `1 234 567`, `1,3`.
///
/// With both `,` and `.` the last one is the decimal mark. With one kind only, a
/// comma groups when every group after it has three digits ("1,234", also the
/// Indian "12,34,567"), and otherwise marks decimals ("1,3"); a single dot is a
/// decimal mark ("1.234" is English news, not German), several dots group.
/// Apostrophes and spaces only group. Badly grouped literals are not numbers.
pub fn parse_literal(text: &str) -> Option<Literal> {
    // Plain digits (most literals): read without splitting into groups. The same
    // value, step and flags as the general path below.
    if !text.is_empty() && text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit()) {
        let n = text.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        let zeros = text.bytes().rev().take_while(|&b| b == b'0').count();
        let step = if zeros >= text.len() { Decimal::ONE } else { Decimal::from(10u64.pow(zeros as u32)) };
        return Some(Literal { value: Decimal::from(n), step, plain: true, integer: true, digits: text.len() });
    }
    // Groups and separators on the stack: a literal has a handful of them, and
    // this runs at every number in the text.
    const MAX_GROUPS: usize = 16;
    let mut group_store = [""; MAX_GROUPS];
    let mut sep_store = ['\0'; MAX_GROUPS];
    let mut n = 0;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if !c.is_ascii_digit() {
            if n + 1 >= MAX_GROUPS {
                return None;
            }
            group_store[n] = &text[start..i];
            sep_store[n] = c;
            n += 1;
            start = i + c.len_utf8();
        }
    }
    group_store[n] = &text[start..];
    let groups = &group_store[..=n];
    let seps = &sep_store[..n];
    if groups.iter().any(|g| g.is_empty()) {
        return None;
    }
    let digits: usize = groups.iter().map(|g| g.len()).sum();
    let is_space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'');
    let last_comma = seps.iter().rposition(|&c| c == ',');
    let last_dot = seps.iter().rposition(|&c| c == '.');
    let decimal_at: Option<usize> = match (last_comma, last_dot) {
        (None, None) => None,
        (Some(c), Some(d)) => Some(c.max(d)),
        (Some(c), None) => {
            let commas = seps.iter().filter(|&&s| s == ',').count();
            if commas == 1 && groups[c + 1].len() != 3 { Some(c) } else { None }
        }
        (None, Some(d)) => {
            let dots = seps.iter().filter(|&&s| s == '.').count();
            if dots == 1 { Some(d) } else { None }
        }
    };
    let decimal_mark = decimal_at.map(|i| seps[i]);
    // Every separator before the decimal mark must be one kind of grouping.
    let int_groups = decimal_at.map_or(groups.len(), |i| i + 1);
    if decimal_at.is_some_and(|i| i + 1 != seps.len()) {
        return None;
    }
    if int_groups > 1 {
        let group_sep = seps[0];
        if Some(group_sep) == decimal_mark
            || seps[..int_groups - 1].iter().any(|&s| s != group_sep)
            || !(group_sep == ',' || group_sep == '.' || is_space(group_sep))
        {
            return None;
        }
        let last = int_groups - 1;
        if groups[last].len() != 3 || groups[0].len() > 3 {
            return None;
        }
        // Middle groups: three digits, or two in Indian comma grouping.
        let indian = group_sep == ',' && groups[1..last].iter().all(|g| g.len() == 2) && last > 1;
        if !indian && groups[1..last].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let int_digits = || groups[..int_groups].iter().flat_map(|g| g.bytes());
    let int_len: usize = groups[..int_groups].iter().map(|g| g.len()).sum();
    let frac_part = decimal_at.map(|i| groups[i + 1]).unwrap_or("");
    let plain = seps.is_empty();
    // Up to 28 digits fit a Decimal's mantissa exactly: build it directly.
    let value: Decimal = if int_len + frac_part.len() <= 28 {
        let m = int_digits().chain(frac_part.bytes()).fold(0i128, |m, b| m * 10 + i128::from(b - b'0'));
        Decimal::from_i128_with_scale(m, frac_part.len() as u32)
    } else {
        let mut normalized: String = groups[..int_groups].concat();
        if !frac_part.is_empty() {
            normalized.push('.');
            normalized.push_str(frac_part);
        }
        normalized.parse().ok()?
    };
    let step = if !frac_part.is_empty() {
        Decimal::new(1, u32::try_from(frac_part.len()).ok()?.min(28))
    } else {
        let zeros = groups[..int_groups].iter().rev().flat_map(|g| g.bytes().rev()).take_while(|&b| b == b'0').count();
        if zeros >= int_len || zeros > 27 {
            Decimal::ONE
        } else {
            Decimal::from_i128_with_scale(10i128.pow(zeros as u32), 0)
        }
    };
    Some(Literal { value, step, plain, integer: frac_part.is_empty(), digits })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<String> {
        parse_literal(s).map(|l| l.value.normalize().to_string())
    }

    #[test]
    fn separators_by_shape() {
        assert_eq!(v("710,000").as_deref(), Some("710000"));
        assert_eq!(v("1.5").as_deref(), Some("1.5"));
        assert_eq!(v("1,234.5").as_deref(), Some("1234.5"));
        assert_eq!(v("1.234,5").as_deref(), Some("1234.5"));
        assert_eq!(v("1,3").as_deref(), Some("1.3"));
        assert_eq!(v("1,674,200.5").as_deref(), Some("1674200.5"));
        assert_eq!(v("12,34,567.89").as_deref(), Some("1234567.89"));
        assert_eq!(v("1 234 567").as_deref(), Some("1234567"));
        assert_eq!(v("1.234.567").as_deref(), Some("1234567"));
        assert_eq!(v("10'000").as_deref(), Some("10000"));
        assert_eq!(v("1,23,4"), None);
        assert_eq!(v("1234,567,8"), None);
    }

    #[test]
    fn step_is_the_last_significant_place() {
        let step = |s: &str| parse_literal(s).unwrap().step.normalize().to_string();
        assert_eq!(step("710,000"), "10000");
        assert_eq!(step("4,333"), "1");
        assert_eq!(step("1.20"), "0.01");
        assert_eq!(step("0"), "1");
    }

    #[test]
    fn built_values_are_the_parsed_ones() {
        // The value is built from its digits; it must be the very Decimal (scale
        // included) that parsing the normalized digits gives.
        for (lit, normalized) in [
            ("0", "0"),
            ("000", "000"),
            ("007", "007"),
            ("0.0", "0.0"),
            ("1.50", "1.50"),
            ("12.000", "12.000"),
            ("710,000", "710000"),
            ("1.234,50", "1234.50"),
            ("999999999999999999", "999999999999999999"),
            ("1234567890123456789", "1234567890123456789"),
            ("9999999999999999999999999.999", "9999999999999999999999999.999"),
        ] {
            let want: Decimal = normalized.parse().unwrap();
            assert_eq!(parse_literal(lit).unwrap().value.serialize(), want.serialize(), "{lit}");
        }
    }

    #[test]
    fn huge_literals_do_not_panic() {
        assert_eq!(v(&"9".repeat(40)), None);
        // Reading must not panic; 40 decimals are more than a Decimal holds.
        let _ = parse_literal(&format!("0.{}", "1".repeat(40)));
        let _ = parse_literal(&"1,".repeat(30));
    }
}
