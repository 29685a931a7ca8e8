//! Decimal numbers written as text (`"8.5"`, `"-0.25"`), read without
//! `f64::from_str`: its exact algorithm and tables are several KB of the
//! card's WASM, for values (scores, NPS, averages) that never need more
//! than a few digits.

/// Exact powers of ten as `f64` (10^22 is the largest one).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// Reads `[+-]digits[.digits]` (at least one digit, no exponent, no
/// spaces). Up to 15 significant digits the result is the correctly rounded
/// value, as `f64::from_str` gives; further digits are dropped.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let mut mantissa: u64 = 0;
    let mut significant = 0u32;
    let mut scale = 0i32; // value = mantissa × 10^scale
    let mut seen_digit = false;
    let mut seen_point = false;
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                seen_digit = true;
                if significant < 15 {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    if mantissa > 0 {
                        significant += 1;
                    }
                    if seen_point {
                        scale -= 1;
                    }
                } else if !seen_point {
                    scale += 1; // a dropped digit before the point still counts
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => return None,
        }
    }
    if !seen_digit {
        return None;
    }
    // mantissa < 10^15 < 2^53 and |scale| ≤ 22 here, so both are exact and
    // one multiplication or division rounds correctly.
    let magnitude = match scale {
        s if s >= 0 => mantissa as f64 * *POW10.get(s as usize)?,
        s => mantissa as f64 / *POW10.get(s.unsigned_abs() as usize)?,
    };
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::parse_decimal;

    #[test]
    fn agrees_with_the_standard_parser_on_the_values_the_api_sends() {
        for text in [
            "0",
            "7",
            "10",
            "-13",
            "+4",
            "8.5",
            "-0.25",
            "33.3",
            "0.1",
            "0.3",
            "1.4",
            "-100",
            "100.0",
            "0.000001",
            "123456789012345",
            "9.87654321",
            "00012.50",
            "5.",
            ".5",
            "-.5",
            "99999999999999.9",
        ] {
            assert_eq!(parse_decimal(text), text.parse::<f64>().ok(), "{text}");
        }
    }

    proptest::proptest! {
        /// Any decimal of up to 15 significant digits reads exactly as the
        /// standard parser reads it.
        #[test]
        fn agrees_with_the_standard_parser_up_to_fifteen_digits(
            negative in proptest::bool::ANY,
            whole in 0u64..10_000_000_000,
            fraction in "[0-9]{0,5}",
        ) {
            let text = [if negative { "-" } else { "" }, &whole.to_string(), if fraction.is_empty() { "" } else { "." }, &fraction].concat();
            proptest::prop_assert_eq!(parse_decimal(&text), text.parse::<f64>().ok(), "{}", text);
        }
    }

    #[test]
    fn refuses_what_is_not_a_plain_decimal() {
        for text in ["", "-", "+", ".", "1.2.3", "1e3", "NaN", "inf", "1,5", " 1", "1 ", "--1", "0x10", "½"] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
        }
    }

    #[test]
    fn long_inputs_keep_fifteen_significant_digits() {
        let read = parse_decimal("3.14159265358979323846").unwrap();
        assert!((read - std::f64::consts::PI).abs() < 1e-14, "{read}");
        assert_eq!(parse_decimal("12345678901234567890"), Some(1.23456789012345e19));
        assert_eq!(parse_decimal("0.0000000000000000000001"), Some(1e-22));
    }
}
