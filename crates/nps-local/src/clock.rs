//! Time as the service stores it: Unix seconds, written out as ISO 8601 UTC
//! (`2026-02-13T10:00:00Z`), which sorts correctly as text.

use std::time::{SystemTime, UNIX_EPOCH};

pub fn now_unix() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

pub fn iso(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    let s = unix.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s % 3600 / 60, s % 60)
}

/// (year, month, day) → days since 1970-01-01, proleptic Gregorian.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A point in time given as a date (`2026-11-20`) or a UTC date-time
/// (`2026-11-20T09:00:00Z`, fractions of a second ignored), as Unix
/// seconds, and whether it was a date alone.
pub fn parse_iso(text: &str) -> Option<(i64, bool)> {
    let text = text.trim();
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let (date, time) = match text.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (year, month, day) = (i64::from(number(y)?), number(m)?, number(d)?);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=days_in_month).contains(&day) {
        return None;
    }
    let midnight = days_from_civil(year, month, day) * 86_400;
    let Some(time) = time else { return Some((midnight, true)) };
    let time = time.strip_suffix('Z')?;
    let time = time.split_once('.').map_or(time, |(whole, frac)| if number(frac).is_some() { whole } else { "" });
    let mut hms = time.split(':');
    let (h, mi, se) = (hms.next()?, hms.next()?, hms.next()?);
    if hms.next().is_some() || h.len() != 2 || mi.len() != 2 || se.len() != 2 {
        return None;
    }
    let (h, mi, se) = (number(h)?, number(mi)?, number(se)?);
    if h > 23 || mi > 59 || se > 59 {
        return None;
    }
    Some((midnight + i64::from(h * 3600 + mi * 60 + se), false))
}

pub fn now_iso() -> String {
    iso(now_unix())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso(1_770_940_800), "2026-02-13T00:00:00Z");
        assert_eq!(iso(951_782_400 + 3661), "2000-02-29T01:01:01Z");
    }

    #[test]
    fn parses_dates_and_date_times_back() {
        for t in [0, 1_770_940_800, 951_782_400 + 3661, 1_795_000_123] {
            assert_eq!(parse_iso(&iso(t)), Some((t, false)));
        }
        assert_eq!(parse_iso("2026-02-13"), Some((1_770_940_800, true)));
        assert_eq!(parse_iso("2026-02-13T00:00:00.250Z"), Some((1_770_940_800, false)));
        for bad in ["", "2026-02-30", "2026-2-13", "2026-02-13T25:00:00Z", "2026-02-13T10:00:00", "now", "+2026-02-13"]
        {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }
}
