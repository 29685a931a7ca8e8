//! Reading the API's timestamps.
//!
//! The contract writes ISO 8601 in UTC with a `Z`; nps.today's PascalCase
//! bodies may leave the offset out (`2026-10-01T23:30:00`), and those times
//! are UTC too. A browser's `Date.parse` reads a date-time without an offset
//! as the browser's local time, so the same instant would show as two
//! different times side by side. This reads both as UTC, the same in every
//! browser and natively.

/// Milliseconds since 1970-01-01T00:00:00Z of an ISO 8601 timestamp:
/// `YYYY-MM-DD`, optionally followed by `T` (or a space) and `HH:MM`,
/// `HH:MM:SS` or `HH:MM:SS.fff…` (more than three decimals are cut), and an
/// offset `Z`, `±HH:MM`, `±HHMM` or `±HH`. No offset, or a date alone, is
/// UTC. `None` for anything else, including impossible dates and times.
pub fn utc_millis(text: &str) -> Option<i64> {
    let mut s = Scanner(text.trim().as_bytes());
    let year = s.number(4)?;
    s.expect(b'-')?;
    let month = s.number(2)?;
    s.expect(b'-')?;
    let day = s.number(2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut millis = days_from_civil(year, month, day) * 86_400_000;
    if s.0.is_empty() {
        return Some(millis);
    }
    if !matches!(s.next()?, b'T' | b't' | b' ') {
        return None;
    }
    let hour = s.number(2)?;
    s.expect(b':')?;
    let minute = s.number(2)?;
    let second = if s.peek() == Some(b':') {
        s.next();
        s.number(2)?
    } else {
        0
    };
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut fraction = 0;
    if matches!(s.peek(), Some(b'.' | b',')) {
        s.next();
        let digits = s.digits();
        if digits.is_empty() {
            return None;
        }
        // Milliseconds: the first three decimals, padded ("5" is 500).
        for i in 0..3 {
            fraction = fraction * 10 + digits.get(i).map_or(0, |d| i64::from(d - b'0'));
        }
    }
    millis += ((hour * 60 + minute) * 60 + second) * 1000 + fraction;
    let offset_minutes = match s.next() {
        None => 0,
        Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = s.number(2)?;
            if s.peek() == Some(b':') {
                s.next();
            }
            let minutes = if s.0.is_empty() { 0 } else { s.number(2)? };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let minutes = hours * 60 + minutes;
            if sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        Some(_) => return None,
    };
    s.0.is_empty().then_some(millis - offset_minutes * 60_000)
}

/// What is left of the text.
struct Scanner<'a>(&'a [u8]);

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.0.first().copied()
    }

    fn next(&mut self) -> Option<u8> {
        let (first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(*first)
    }

    fn expect(&mut self, wanted: u8) -> Option<()> {
        (self.next()? == wanted).then_some(())
    }

    /// Exactly `width` ASCII digits as a number.
    fn number(&mut self, width: usize) -> Option<i64> {
        let digits = self.0.get(..width)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.0 = &self.0[width..];
        Some(digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    }

    /// The run of ASCII digits here, however long.
    fn digits(&mut self) -> &[u8] {
        let len = self.0.iter().take_while(|b| b.is_ascii_digit()).count();
        let (digits, rest) = self.0.split_at(len);
        self.0 = rest;
        digits
    }
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::utc_millis;

    /// 2026-10-01T23:30:00Z.
    const LATE_OCTOBER_FIRST: i64 = 1_790_897_400_000;

    #[test]
    fn without_an_offset_is_utc() {
        assert_eq!(utc_millis("2026-10-01T23:30:00Z"), Some(LATE_OCTOBER_FIRST));
        assert_eq!(utc_millis("2026-10-01T23:30:00"), Some(LATE_OCTOBER_FIRST));
        assert_eq!(utc_millis("2026-10-01T23:30"), Some(LATE_OCTOBER_FIRST));
        assert_eq!(utc_millis("2026-10-01 23:30:00"), Some(LATE_OCTOBER_FIRST));
        assert_eq!(utc_millis("2026-10-01t23:30:00z"), Some(LATE_OCTOBER_FIRST));
        assert_eq!(utc_millis(" 2026-10-01T23:30:00+00:00 "), Some(LATE_OCTOBER_FIRST));
    }

    #[test]
    fn offsets_move_the_instant() {
        let two_hours = 2 * 3_600_000;
        assert_eq!(utc_millis("2026-10-01T23:30:00+02:00"), Some(LATE_OCTOBER_FIRST - two_hours));
        assert_eq!(utc_millis("2026-10-01T23:30:00+0200"), Some(LATE_OCTOBER_FIRST - two_hours));
        assert_eq!(utc_millis("2026-10-01T23:30:00+02"), Some(LATE_OCTOBER_FIRST - two_hours));
        assert_eq!(utc_millis("2026-10-01T23:30:00-05:30"), Some(LATE_OCTOBER_FIRST + 330 * 60_000));
        // Past midnight into the next day.
        assert_eq!(utc_millis("2026-10-02T01:30:00+02:00"), Some(LATE_OCTOBER_FIRST));
    }

    #[test]
    fn fractional_seconds() {
        assert_eq!(utc_millis("2026-10-01T23:30:00.5Z"), Some(LATE_OCTOBER_FIRST + 500));
        assert_eq!(utc_millis("2026-10-01T23:30:00.123"), Some(LATE_OCTOBER_FIRST + 123));
        // .NET writes seven decimals; below a millisecond is cut.
        assert_eq!(utc_millis("2026-10-01T23:30:00.1239999"), Some(LATE_OCTOBER_FIRST + 123));
        assert_eq!(utc_millis("2026-10-01T23:30:00,25+00:00"), Some(LATE_OCTOBER_FIRST + 250));
        assert_eq!(utc_millis("2026-10-01T23:30:00.Z"), None);
    }

    #[test]
    fn a_date_alone_is_its_utc_midnight() {
        assert_eq!(utc_millis("2026-10-01"), Some(LATE_OCTOBER_FIRST - (23 * 60 + 30) * 60_000));
        assert_eq!(utc_millis("1970-01-01"), Some(0));
        assert_eq!(utc_millis("2024-02-29T12:00:00Z"), Some(1_709_208_000_000));
        assert_eq!(utc_millis("2000-02-29"), Some(951_782_400_000));
        assert_eq!(utc_millis("1969-12-31T23:59:59Z"), Some(-1000));
        assert_eq!(utc_millis("0001-01-01T00:00:00Z"), Some(-62_135_596_800_000));
        assert_eq!(utc_millis("9999-12-31T23:59:59Z"), Some(253_402_300_799_000));
    }

    #[test]
    fn garbage_is_no_time() {
        for garbage in [
            "",
            "   ",
            "yesterday",
            "2026",
            "2026-10",
            "2026-1-01",
            "26-10-01",
            "2026/10/01",
            "2026-13-01",
            "2026-00-10",
            "2026-02-29",
            "1900-02-29",
            "2026-04-31",
            "2026-10-00",
            "2026-10-01T",
            "2026-10-01T23",
            "2026-10-01T24:00:00",
            "2026-10-01T23:60:00",
            "2026-10-01T23:30:60",
            "2026-10-01T23:30:00+24:00",
            "2026-10-01T23:30:00+02:60",
            "2026-10-01T23:30:00+2",
            "2026-10-01T23:30:00ZZ",
            "2026-10-01T23:30:00 junk",
            "2026-10-01X23:30:00",
            "２０２６-10-01",
            "2026-10-01T23:30:00.\u{663}",
            "/Date(1790897400000)/",
        ] {
            assert_eq!(utc_millis(garbage), None, "{garbage:?}");
        }
    }
}
