//! Numbers as a reader writes them: grouped digits, differences in words.

use rust_decimal::{Decimal, RoundingStrategy};

/// Groups the integer part with commas and keeps a sensible number of decimals:
/// none from 100 up, two below.
pub fn format_number(value: Decimal) -> String {
    let dp = if value.abs() >= Decimal::ONE_HUNDRED { 0 } else { 2 };
    let rounded = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let text = rounded.normalize().to_string();
    let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |d| ("-", d));
    let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// How a stated value relates to the reference, in words: "15% lower",
/// "3 times larger", "equal".
pub fn relative_text(value: Decimal, reference: Decimal) -> String {
    if reference.is_zero() {
        return format!("stated {}, reference 0", format_number(value));
    }
    if value == reference {
        return "equal".to_string();
    }
    let ratio = value / reference;
    if ratio >= Decimal::TWO {
        return format!("{} times larger", ratio.round_dp(1).normalize());
    }
    if !value.is_zero() && ratio > Decimal::ZERO && ratio <= Decimal::new(5, 1) {
        return format!("{} times smaller", (reference / value).round_dp(1).normalize());
    }
    let pct = ((value - reference) / reference * Decimal::ONE_HUNDRED).round_dp(1).normalize();
    if pct.is_sign_negative() { format!("{}% lower", pct.abs()) } else { format!("{pct}% higher") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_and_words() {
        assert_eq!(format_number(Decimal::new(710052, 0)), "710,052");
        assert_eq!(format_number(Decimal::new(90_000_000_000, 0)), "90,000,000,000");
        assert_eq!(format_number(Decimal::new(-12345, 1)), "-1,235");
        assert_eq!(format_number(Decimal::new(245, 2)), "2.45");
        assert_eq!(relative_text(Decimal::new(179, 0), Decimal::new(210, 0)), "14.8% lower");
        assert_eq!(relative_text(Decimal::new(30, 0), Decimal::new(10, 0)), "3 times larger");
        assert_eq!(relative_text(Decimal::new(10, 0), Decimal::new(30, 0)), "3 times smaller");
    }
}
