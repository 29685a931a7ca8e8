//! Dates and numbers in the card's language: the words and patterns are
//! `feedback_core::locale_format`'s, the clock and time zone the browser's.
//! No `Intl` formatter: the first one a page makes loads ICU data, about
//! 20 ms on every conversation opened (each is a new sandboxed frame).

use feedback_core::digits;
use feedback_core::i18n::{fill, Texts};
use feedback_core::locale_format::{self, LocalTime};
use feedback_core::protocol::Locale;
use feedback_core::relative_time::relative_unit;
use js_sys::Date;
use wasm_bindgen::JsValue;

fn locale(tag: &str) -> Locale {
    Locale::from_tag(tag).unwrap_or(Locale::En)
}

/// UTC when the offset is missing (`Date.parse` alone takes the browser's time zone).
fn millis(iso: &str) -> Option<f64> {
    let ms = Date::parse(&feedback_core::timestamp::assume_utc(iso));
    ms.is_finite().then_some(ms)
}

/// "3 days ago" / "for 3 dage siden"; `None` if `iso` does not parse.
pub fn relative(iso: &str, tag: &str) -> Option<String> {
    let diff_secs = ((millis(iso)? - Date::now()) / 1000.0) as i64;
    let (value, unit) = relative_unit(diff_secs);
    Some(locale_format::relative(value, unit, locale(tag)))
}

/// "Feb 13, 2026, 11:00 AM" / "13. feb. 2026, 11.00", in the browser's time zone.
pub fn date_time(iso: &str, tag: &str) -> Option<String> {
    let date = Date::new(&JsValue::from_f64(millis(iso)?));
    let local = LocalTime {
        year: date.get_full_year(),
        month: date.get_month() + 1,
        day: date.get_date(),
        hour: date.get_hours(),
        minute: date.get_minutes(),
    };
    Some(locale_format::date_time(&local, locale(tag)))
}

/// A number with a fixed count of decimals ("1.4" / "1,4").
pub fn decimal(n: f64, digits: u32, tag: &str) -> String {
    locale_format::decimal(n, digits, locale(tag))
}

/// A count in the locale's form ("2,400" / "2.400").
pub fn integer(n: f64, tag: &str) -> String {
    locale_format::decimal(n, 0, locale(tag))
}

/// "1 response" / "2,400 responses", the count in the locale's form.
pub fn responses(t: &Texts, n: u64) -> String {
    if n == 1 {
        t.response_one.to_owned()
    } else {
        fill(t.responses_count, &[("n", &integer(n as f64, t.locale_tag))])
    }
}

/// NPS as a signed whole number ("+25", "−13", "0").
pub fn nps(n: f64) -> String {
    let rounded = n.round() as i64;
    match rounded {
        r if r > 0 => ["+", &digits::unsigned(r.unsigned_abs())].concat(),
        r if r < 0 => ["\u{2212}", &digits::unsigned(r.unsigned_abs())].concat(),
        _ => "0".into(),
    }
}
