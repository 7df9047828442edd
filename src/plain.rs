//! Values as output writes them: a decimal in plain notation, normalized.
//!
//! Every record carries its value, and a checked one up to five more decimals,
//! so this runs a few times per claim. `Decimal`'s `Display` goes through the
//! formatting machinery and a 96-bit division per digit; a mantissa that fits
//! 64 bits (all but the rarest values) is written here directly, with the same
//! result (the tests compare the two).

use rust_decimal::Decimal;

/// `d.normalize().to_string()`: no trailing zeros after the point, no `-0`.
pub fn decimal(d: Decimal) -> String {
    let d = d.normalize();
    let unpacked = d.unpack();
    if unpacked.hi != 0 {
        return d.to_string();
    }
    let mantissa = u64::from(unpacked.lo) | (u64::from(unpacked.mid) << 32);
    let scale = d.scale() as usize;
    let mut buffer = [0u8; 20];
    let digits = digits(mantissa, &mut buffer);
    let mut out = String::with_capacity(digits.len() + scale + 3);
    if d.is_sign_negative() && mantissa != 0 {
        out.push('-');
    }
    if scale == 0 {
        out.push_str(ascii_digits(digits));
    } else if digits.len() > scale {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        out.push_str(ascii_digits(whole));
        out.push('.');
        out.push_str(ascii_digits(fraction));
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', scale - digits.len()));
        out.push_str(ascii_digits(digits));
    }
    out
}

/// The decimal digits of `n`, written at the end of `buffer`.
pub fn digits(mut n: u64, buffer: &mut [u8; 20]) -> &[u8] {
    let mut i = buffer.len();
    loop {
        i -= 1;
        buffer[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buffer[i..]
}

fn ascii_digits(digits: &[u8]) -> &str {
    std::str::from_utf8(digits).expect("ASCII digits")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    #[test]
    fn writes_what_display_writes() {
        for s in [
            "0",
            "-0",
            "0.000",
            "1",
            "-1",
            "10",
            "100.00",
            "2400000000",
            "0.5",
            "-0.05",
            "0.0000001",
            "1.5e-20",
            "3.14159",
            "710000",
            "18446744073709551615",
            "18446744073709551616",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "123456789.987654321",
        ] {
            let d = Decimal::from_str(s).or_else(|_| Decimal::from_scientific(s)).unwrap();
            assert_eq!(decimal(d), d.normalize().to_string(), "{s}");
        }
    }

    proptest! {
        #[test]
        fn any_decimal_writes_as_display(lo: u32, mid: u32, hi in prop_oneof![Just(0u32), any::<u32>()],
                                         negative: bool, scale in 0u32..=28) {
            let d = Decimal::from_parts(lo, mid, hi, negative, scale);
            prop_assert_eq!(decimal(d), d.normalize().to_string());
        }
    }
}
