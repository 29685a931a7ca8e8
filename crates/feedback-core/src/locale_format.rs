//! Numbers, dates and "3 days ago" in the card's two languages, written by
//! hand. The browser's `Intl` formatters would do it, but the first one a
//! page makes loads the browser's ICU data: about 20 ms of main-thread work
//! in Chromium, and the card pays it on every conversation, because Dixa
//! opens each one in a new sandboxed frame. The words and patterns are
//! CLDR's as Chromium's `Intl` writes them (English as en-US, and Danish);
//! the tests below hold them to that output.

use crate::digits;
use crate::protocol::Locale;

/// A moment in the agent's own time zone (read from the browser's clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub year: u32,
    /// 1–12.
    pub month: u32,
    pub day: u32,
    /// 0–23.
    pub hour: u32,
    pub minute: u32,
}

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_DA: [&str; 12] =
    ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."];

/// "1,234.6" (English) / "1.234,6" (Danish): `fraction_digits` (0–3)
/// decimals, rounded half away from zero on the number as written (1.45
/// gives 1.5, though 1.45 × 10 is a hair below 14.5 in binary), digits
/// grouped by thousands, and a minus on any negative value, -0 too, as
/// `Intl.NumberFormat` writes them.
pub fn decimal(n: f64, fraction_digits: u32, locale: Locale) -> String {
    let (group, point) = match locale {
        Locale::En => (',', '.'),
        Locale::Da => ('.', ','),
    };
    let sign = if n.is_sign_negative() && !n.is_nan() { "-" } else { "" };
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return [sign, "∞"].concat();
    }
    let scale = [1u64, 10, 100, 1000][fraction_digits.min(3) as usize];
    let scaled = n.abs() * scale as f64;
    let below = scaled.floor();
    // A tie within the rounding error of the product counts as a tie.
    let units = if scaled - below >= 0.5 - 1e-9 * scaled.max(1.0) { below + 1.0 } else { below };
    // Past 2^64 the card has no number to show; saturate rather than wrap.
    let units = if units >= 1.8e19 { u64::MAX } else { units as u64 };
    let whole = digits::unsigned(units / scale);
    let mut out = String::from(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(c);
    }
    if scale > 1 {
        out.push(point);
        let fraction = digits::unsigned(units % scale + scale);
        out.push_str(&fraction[1..]);
    }
    out
}

/// `value` `unit`s from now (negative: in the past) in words, as
/// `Intl.RelativeTimeFormat` with `numeric: "auto"` says them: "now",
/// "yesterday", "3 days ago", "in 2 hours"; "i går", "for 3 dage siden".
/// `unit`: second, minute, hour, day, month or year
/// ([`crate::relative_time::relative_unit`]'s units).
pub fn relative(value: i64, unit: &str, locale: Locale) -> String {
    let count = decimal(value.unsigned_abs() as f64, 0, locale);
    let one = value.unsigned_abs() == 1;
    match locale {
        Locale::En => {
            let said = match (unit, value) {
                ("second", 0) => "now",
                ("minute", 0) => "this minute",
                ("hour", 0) => "this hour",
                ("day", -1) => "yesterday",
                ("day", 0) => "today",
                ("day", 1) => "tomorrow",
                ("month", -1) => "last month",
                ("month", 0) => "this month",
                ("month", 1) => "next month",
                ("year", -1) => "last year",
                ("year", 0) => "this year",
                ("year", 1) => "next year",
                _ => "",
            };
            if !said.is_empty() {
                return said.into();
            }
            let plural = if one { "" } else { "s" };
            if value < 0 {
                [&*count, " ", unit, plural, " ago"].concat()
            } else {
                ["in ", &count, " ", unit, plural].concat()
            }
        }
        Locale::Da => {
            let said = match (unit, value) {
                ("second", 0) => "nu",
                ("minute", 0) => "dette minut",
                ("hour", 0) => "denne time",
                ("day", -2) => "i forgårs",
                ("day", -1) => "i går",
                ("day", 0) => "i dag",
                ("day", 1) => "i morgen",
                ("day", 2) => "i overmorgen",
                ("month", -1) => "sidste måned",
                ("month", 0) => "denne måned",
                ("month", 1) => "næste måned",
                ("year", -1) => "sidste år",
                ("year", 0) => "i år",
                ("year", 1) => "næste år",
                _ => "",
            };
            if !said.is_empty() {
                return said.into();
            }
            let (singular, plural) = match unit {
                "second" => ("sekund", "sekunder"),
                "minute" => ("minut", "minutter"),
                "hour" => ("time", "timer"),
                "day" => ("dag", "dage"),
                "month" => ("måned", "måneder"),
                _ => ("år", "år"),
            };
            let word = if one { singular } else { plural };
            if value < 0 {
                ["for ", &count, " ", word, " siden"].concat()
            } else {
                ["om ", &count, " ", word].concat()
            }
        }
    }
}

/// "Feb 13, 2026, 11:00 AM" / "13. feb. 2026, 11.00": the date and time
/// as `Intl.DateTimeFormat` writes them with `dateStyle: "medium"` and
/// `timeStyle: "short"`.
pub fn date_time(t: &LocalTime, locale: Locale) -> String {
    let month = (t.month.clamp(1, 12) - 1) as usize;
    let two = |n: u32| digits::unsigned(u64::from(n % 100 + 100))[1..].to_owned();
    let (year, day) = (digits::unsigned(t.year.into()), digits::unsigned(t.day.into()));
    match locale {
        Locale::En => {
            let hour = match t.hour % 12 {
                0 => 12,
                h => h,
            };
            let half = if t.hour < 12 { "AM" } else { "PM" };
            let hour = digits::unsigned(hour.into());
            [MONTHS_EN[month], " ", &day, ", ", &year, ", ", &hour, ":", &two(t.minute), " ", half].concat()
        }
        Locale::Da => [&*day, ". ", MONTHS_DA[month], " ", &year, ", ", &two(t.hour), ".", &two(t.minute)].concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Locale::{Da, En};

    // Every expected string below is what Chromium 156's `Intl` wrote for
    // the same input.

    #[test]
    fn decimals_round_half_away_from_zero_and_group_by_thousands() {
        let cases: [(f64, &str, &str, &str, &str); 12] = [
            (0.0, "0.0", "0", "0,0", "0"),
            (1.25, "1.3", "1", "1,3", "1"),
            (-1.25, "-1.3", "-1", "-1,3", "-1"),
            (-0.04, "-0.0", "-0", "-0,0", "-0"),
            (0.05, "0.1", "0", "0,1", "0"),
            (2.45, "2.5", "2", "2,5", "2"),
            (1234.56, "1,234.6", "1,235", "1.234,6", "1.235"),
            (2400.0, "2,400.0", "2,400", "2.400,0", "2.400"),
            (1234567.0, "1,234,567.0", "1,234,567", "1.234.567,0", "1.234.567"),
            (-2400.5, "-2,400.5", "-2,401", "-2.400,5", "-2.401"),
            (0.15, "0.2", "0", "0,2", "0"),
            (4.0, "4.0", "4", "4,0", "4"),
        ];
        for (n, en1, en0, da1, da0) in cases {
            assert_eq!(decimal(n, 1, En), en1, "{n}");
            assert_eq!(decimal(n, 0, En), en0, "{n}");
            assert_eq!(decimal(n, 1, Da), da1, "{n}");
            assert_eq!(decimal(n, 0, Da), da0, "{n}");
        }
        assert_eq!(decimal(1.45, 1, En), "1.5", "a tie a hair below in binary");
        assert_eq!(decimal(1.449_999, 1, En), "1.4");
        assert_eq!(decimal(999.96, 1, En), "1,000.0", "the carry reaches the thousands");
        assert_eq!(decimal(f64::NAN, 1, En), "NaN");
        assert_eq!(decimal(f64::INFINITY, 0, Da), "∞");
        assert_eq!(decimal(-0.0, 0, En), "-0");
        assert_eq!(decimal(1e30, 0, En), "18,446,744,073,709,551,615", "saturates, no wrap");
    }

    #[test]
    fn decimals_agree_with_the_shortest_decimal_reading_on_a_grid() {
        // n/100 for every n in -10,000..=10,000: rounding the shortest decimal
        // text ("1.45") half away from zero, digit by digit, must agree.
        for n in -10_000i64..=10_000 {
            let value = n as f64 / 100.0;
            let (whole, hundredths) = (n.unsigned_abs() / 100, n.unsigned_abs() % 100);
            let tenths = whole * 10 + hundredths / 10 + u64::from(hundredths % 10 >= 5);
            let sign = if n < 0 { "-" } else { "" };
            let expected = [sign, &digits::unsigned(tenths / 10), ".", &digits::unsigned(tenths % 10)].concat();
            assert_eq!(decimal(value, 1, En), expected, "{value}");
        }
    }

    #[test]
    fn relative_times_in_english() {
        let cases = [
            (0, "second", "now"),
            (-2, "second", "2 seconds ago"),
            (1, "second", "in 1 second"),
            (-1234, "second", "1,234 seconds ago"),
            (0, "minute", "this minute"),
            (-1, "minute", "1 minute ago"),
            (-44, "minute", "44 minutes ago"),
            (5, "minute", "in 5 minutes"),
            (0, "hour", "this hour"),
            (-1, "hour", "1 hour ago"),
            (-21, "hour", "21 hours ago"),
            (2, "hour", "in 2 hours"),
            (-1, "day", "yesterday"),
            (0, "day", "today"),
            (1, "day", "tomorrow"),
            (-2, "day", "2 days ago"),
            (-25, "day", "25 days ago"),
            (3, "day", "in 3 days"),
            (1000, "day", "in 1,000 days"),
            (-1, "month", "last month"),
            (0, "month", "this month"),
            (1, "month", "next month"),
            (-10, "month", "10 months ago"),
            (2, "month", "in 2 months"),
            (-1, "year", "last year"),
            (0, "year", "this year"),
            (1, "year", "next year"),
            (-100, "year", "100 years ago"),
            (2, "year", "in 2 years"),
        ];
        for (value, unit, said) in cases {
            assert_eq!(relative(value, unit, En), said, "{value} {unit}");
        }
    }

    #[test]
    fn relative_times_in_danish() {
        let cases = [
            (0, "second", "nu"),
            (-2, "second", "for 2 sekunder siden"),
            (1, "second", "om 1 sekund"),
            (-1234, "second", "for 1.234 sekunder siden"),
            (0, "minute", "dette minut"),
            (-1, "minute", "for 1 minut siden"),
            (-44, "minute", "for 44 minutter siden"),
            (5, "minute", "om 5 minutter"),
            (0, "hour", "denne time"),
            (-1, "hour", "for 1 time siden"),
            (-21, "hour", "for 21 timer siden"),
            (1, "hour", "om 1 time"),
            (2, "hour", "om 2 timer"),
            (-2, "day", "i forgårs"),
            (-1, "day", "i går"),
            (0, "day", "i dag"),
            (1, "day", "i morgen"),
            (2, "day", "i overmorgen"),
            (-3, "day", "for 3 dage siden"),
            (-25, "day", "for 25 dage siden"),
            (3, "day", "om 3 dage"),
            (1000, "day", "om 1.000 dage"),
            (-1, "month", "sidste måned"),
            (0, "month", "denne måned"),
            (1, "month", "næste måned"),
            (-10, "month", "for 10 måneder siden"),
            (2, "month", "om 2 måneder"),
            (-1, "year", "sidste år"),
            (0, "year", "i år"),
            (1, "year", "næste år"),
            (-100, "year", "for 100 år siden"),
            (2, "year", "om 2 år"),
        ];
        for (value, unit, said) in cases {
            assert_eq!(relative(value, unit, Da), said, "{value} {unit}");
        }
    }

    #[test]
    fn dates_and_times() {
        let at = |month, day, hour, minute| LocalTime { year: 2026, month, day, hour, minute };
        let cases = [
            (at(2, 13, 11, 0), "Feb 13, 2026, 11:00 AM", "13. feb. 2026, 11.00"),
            (at(1, 5, 1, 5), "Jan 5, 2026, 1:05 AM", "5. jan. 2026, 01.05"),
            (at(1, 1, 0, 59), "Jan 1, 2026, 12:59 AM", "1. jan. 2026, 00.59"),
            (at(1, 3, 12, 7), "Jan 3, 2026, 12:07 PM", "3. jan. 2026, 12.07"),
            (at(5, 1, 14, 30), "May 1, 2026, 2:30 PM", "1. maj 2026, 14.30"),
            (at(9, 9, 15, 7), "Sep 9, 2026, 3:07 PM", "9. sep. 2026, 15.07"),
            (at(10, 3, 18, 7), "Oct 3, 2026, 6:07 PM", "3. okt. 2026, 18.07"),
            (at(12, 3, 22, 7), "Dec 3, 2026, 10:07 PM", "3. dec. 2026, 22.07"),
        ];
        for (t, en, da) in cases {
            assert_eq!(date_time(&t, En), en);
            assert_eq!(date_time(&t, Da), da);
        }
        let months: Vec<String> = (1..=12).map(|m| date_time(&at(m, 3, 0, 7), Da)).collect();
        assert_eq!(months[3], "3. apr. 2026, 00.07");
        assert_eq!(months[5], "3. jun. 2026, 00.07");
        assert_eq!(months[6], "3. jul. 2026, 00.07");
        assert_eq!(months[7], "3. aug. 2026, 00.07");
        assert_eq!(months[10], "3. nov. 2026, 00.07");
        assert_eq!(date_time(&at(3, 3, 4, 7), En), "Mar 3, 2026, 4:07 AM");
        assert_eq!(date_time(&at(4, 3, 6, 7), En), "Apr 3, 2026, 6:07 AM");
        assert_eq!(date_time(&at(6, 3, 10, 7), En), "Jun 3, 2026, 10:07 AM");
        assert_eq!(date_time(&at(7, 3, 12, 7), En), "Jul 3, 2026, 12:07 PM");
        assert_eq!(date_time(&at(8, 3, 14, 7), En), "Aug 3, 2026, 2:07 PM");
        assert_eq!(date_time(&at(11, 3, 20, 7), En), "Nov 3, 2026, 8:07 PM");
    }
}
