//! Whole numbers as decimal text, by hand: `to_string` and `format!` bring
//! Rust's formatting machinery (`core::fmt`) into the card's WASM, and the
//! card needs nothing of it but this.

/// "0", "42", "18446744073709551615".
pub fn unsigned(n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = n;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    digits[start..].iter().map(|&d| char::from(d)).collect()
}

/// "-42", "0", "42" (an ASCII hyphen-minus, as `to_string` writes it).
pub fn signed(n: i64) -> String {
    let magnitude = unsigned(n.unsigned_abs());
    if n < 0 {
        ["-", &magnitude].concat()
    } else {
        magnitude
    }
}

/// "true" / "false", as ARIA states are written.
pub fn boolean(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsigned_matches_to_string() {
        for n in [0, 1, 9, 10, 11, 99, 100, 101, 2_400, 65_535, u64::from(u32::MAX), u64::MAX - 1, u64::MAX] {
            assert_eq!(unsigned(n), n.to_string());
        }
        for n in 0..=10_000u64 {
            assert_eq!(unsigned(n), n.to_string());
        }
    }

    #[test]
    fn signed_matches_to_string() {
        for n in
            [i64::MIN, i64::MIN + 1, -1_000_000, -42, -10, -9, -1, 0, 1, 9, 10, 42, 9_000_000_000_000_000, i64::MAX]
        {
            assert_eq!(signed(n), n.to_string());
        }
    }

    #[test]
    fn boolean_matches_to_string() {
        assert_eq!(boolean(true), true.to_string());
        assert_eq!(boolean(false), false.to_string());
    }
}
