//! Dates through the browser's `Intl` (no date library in the bundle).

use js_sys::{Date, Object, Reflect};
use wasm_bindgen::JsValue;

/// An ISO 8601 timestamp as a short local date ("13 Feb 2026"); `None` if
/// it does not parse.
pub fn short_date(iso: &str, locale: &str) -> Option<String> {
    let date = Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return None;
    }
    let options = Object::new();
    for (k, v) in [("day", "numeric"), ("month", "short"), ("year", "numeric")] {
        let _ = Reflect::set(&options, &k.into(), &v.into());
    }
    Some(date.to_locale_date_string(locale, &options).into())
}
