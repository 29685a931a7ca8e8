//! Dates and numbers through the browser's `Intl` (no date or number
//! formatting library in the bundle).

use feedback_core::digits;
use feedback_core::i18n::{fill, Texts};
use feedback_core::relative_time::relative_unit;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
// One formatter per locale and kind: making one is far dearer than using it,
// and a long list formats two dates per row.
const cache = new Map();
function formatter(kind, locale, make) {
  const key = kind + " " + locale;
  let f = cache.get(key);
  if (f === undefined) { f = make(); cache.set(key, f); }
  return f;
}
export function intl_relative(locale, value, unit) {
  try { return formatter("relative", locale, () => new Intl.RelativeTimeFormat(locale, { numeric: "auto" })).format(value, unit); } catch (e) { return ""; }
}
export function intl_date_time(locale, ms) {
  try { return formatter("date", locale, () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" })).format(new Date(ms)); } catch (e) { return ""; }
}
export function intl_decimal(locale, n, digits) {
  try { return formatter("decimal" + digits, locale, () => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })).format(n); } catch (e) { return String(n); }
}
export function intl_unit(locale, n, unit) {
  try { return formatter("unit" + unit, locale, () => new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "long" })).format(n); } catch (e) { return ""; }
}
export function parse_time_ms(iso) { const t = Date.parse(iso); return Number.isFinite(t) ? t : NaN; }
"#)]
extern "C" {
    fn intl_relative(locale: &str, value: f64, unit: &str) -> String;
    fn intl_date_time(locale: &str, ms: f64) -> String;
    fn intl_decimal(locale: &str, n: f64, digits: u32) -> String;
    fn intl_unit(locale: &str, n: f64, unit: &str) -> String;
    fn parse_time_ms(iso: &str) -> f64;
}

/// UTC when the offset is missing (`Date.parse` alone takes the browser's time zone).
fn millis(iso: &str) -> Option<f64> {
    let ms = parse_time_ms(&feedback_core::timestamp::assume_utc(iso));
    ms.is_finite().then_some(ms)
}

/// "3 days ago" / "for 3 dage siden"; `None` if `iso` does not parse.
pub fn relative(iso: &str, locale: &str) -> Option<String> {
    let diff_secs = ((millis(iso)? - js_sys::Date::now()) / 1000.0) as i64;
    let (value, unit) = relative_unit(diff_secs);
    Some(intl_relative(locale, value as f64, unit)).filter(|s| !s.is_empty())
}

/// "3 days" / "3 dage": how long since `iso`; `None` if it does not parse.
pub fn lasted(iso: &str, locale: &str) -> Option<String> {
    let (value, unit) = relative_unit(((js_sys::Date::now() - millis(iso)?) / 1000.0) as i64);
    Some(intl_unit(locale, value.max(1) as f64, unit)).filter(|s| !s.is_empty())
}

/// "13 Feb 2026, 10:00" in the locale's form.
pub fn date_time(iso: &str, locale: &str) -> Option<String> {
    Some(intl_date_time(locale, millis(iso)?)).filter(|s| !s.is_empty())
}

/// A number with a fixed count of decimals ("1.4" / "1,4").
pub fn decimal(n: f64, digits: u32, locale: &str) -> String {
    intl_decimal(locale, n, digits)
}

/// A count in the locale's form ("2,400" / "2.400").
pub fn integer(n: f64, locale: &str) -> String {
    intl_decimal(locale, n, 0)
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
