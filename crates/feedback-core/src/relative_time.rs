//! Choosing the unit for "3 days ago". The browser's
//! `Intl.RelativeTimeFormat` writes the words; this picks the number and unit.

/// `(value, unit)` for a difference of `diff_secs` (negative: in the past),
/// with the thresholds people expect (45 s → a minute, 22 h → a day…).
pub fn relative_unit(diff_secs: i64) -> (i64, &'static str) {
    let abs = diff_secs.unsigned_abs() as f64;
    let sign = if diff_secs < 0 { -1.0 } else { 1.0 };
    let (value, unit) = if abs < 45.0 {
        (0.0, "second")
    } else if abs < 45.0 * 60.0 {
        ((abs / 60.0).round(), "minute")
    } else if abs < 22.0 * 3600.0 {
        ((abs / 3600.0).round(), "hour")
    } else if abs < 26.0 * 86_400.0 {
        ((abs / 86_400.0).round(), "day")
    } else if abs < 320.0 * 86_400.0 {
        ((abs / (30.44 * 86_400.0)).round().max(1.0), "month")
    } else {
        ((abs / (365.25 * 86_400.0)).round().max(1.0), "year")
    };
    ((value * sign) as i64, unit)
}

#[cfg(test)]
mod tests {
    use super::relative_unit;

    #[test]
    fn thresholds() {
        assert_eq!(relative_unit(-10), (0, "second"));
        assert_eq!(relative_unit(-50), (-1, "minute"));
        assert_eq!(relative_unit(-3 * 3600), (-3, "hour"));
        assert_eq!(relative_unit(-23 * 3600), (-1, "day"));
        assert_eq!(relative_unit(-6 * 86_400), (-6, "day"));
        assert_eq!(relative_unit(-34 * 86_400), (-1, "month"));
        assert_eq!(relative_unit(-120 * 86_400), (-4, "month"));
        assert_eq!(relative_unit(-400 * 86_400), (-1, "year"));
        assert_eq!(relative_unit(-2000 * 86_400), (-5, "year"));
        assert_eq!(relative_unit(2 * 86_400), (2, "day"), "future dates too");
    }
}
