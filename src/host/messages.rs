//! Reduces a `message` event's data to the protocol's [`RawMessage`].
//!
//! Only the known keys are read, string lengths are measured before a
//! string is copied into WASM memory, and nothing here can panic: all the
//! meaning is decided by `feedback_core::protocol`, which is tested natively.

use feedback_core::normalise::Folding;
use feedback_core::protocol::{Field, RawMessage, RawParameters, RawParametersField, MAX_FIELD_LEN};
use js_sys::{Array, JsString, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn type_name(v: &JsValue) -> &'static str {
    if v.is_null() {
        "null"
    } else if v.is_undefined() {
        "undefined"
    } else if v.is_string() {
        "string"
    } else if v.as_f64().is_some() {
        "number"
    } else if v.as_bool().is_some() {
        "boolean"
    } else if Array::is_array(v) {
        "array"
    } else if v.is_function() {
        "function"
    } else if v.is_object() {
        "object"
    } else {
        "value of another kind"
    }
}

fn is_plain_object(v: &JsValue) -> bool {
    v.is_object() && !Array::is_array(v) && !v.is_function()
}

fn get(obj: &JsValue, key: &str) -> Result<JsValue, ()> {
    Reflect::get(obj, &JsValue::from_str(key)).map_err(|_| ())
}

fn field(obj: &JsValue, key: &str) -> Field {
    let Ok(v) = get(obj, key) else {
        return Field::NotText("unreadable value");
    };
    if v.is_undefined() {
        return Field::Absent;
    }
    if v.is_null() {
        return Field::Null;
    }
    match v.dyn_ref::<JsString>() {
        Some(s) if s.length() as usize > MAX_FIELD_LEN => Field::TooLong,
        Some(s) => Field::Text(String::from(s)),
        None => Field::NotText(type_name(&v)),
    }
}

/// Reads a message event's `data`.
pub fn read_raw_message(data: &JsValue) -> RawMessage {
    if !is_plain_object(data) {
        return RawMessage::NotAnObject(type_name(data));
    }
    let parameters = match get(data, "parameters") {
        Err(()) => RawParametersField::NotAnObject("unreadable value"),
        Ok(p) if p.is_undefined() || p.is_null() => RawParametersField::Absent,
        Ok(p) if is_plain_object(&p) => RawParametersField::Object(RawParameters {
            token: field(&p, "token"),
            respondent_email: field(&p, "respondentEmail"),
            respondent_phone: field(&p, "respondentPhone"),
            theme: field(&p, "theme"),
            locale: field(&p, "locale"),
        }),
        Ok(p) => RawParametersField::NotAnObject(type_name(&p)),
    };
    RawMessage::Object { action: field(data, "action"), parameters }
}

/// Lower-cases with the browser's `String.prototype.toLowerCase`: the same
/// Unicode mapping as `str::to_lowercase`, without its tables in the WASM.
pub fn browser_lowercase(text: &str) -> String {
    JsString::from(text).to_lower_case().into()
}

/// Composes with the browser's `String.prototype.normalize("NFC")`: the
/// same mapping as the service's, without its tables in the WASM.
pub fn browser_nfc(text: &str) -> String {
    JsString::from(text).normalize("NFC").into()
}

/// How the card folds emails: with the browser's Unicode tables.
pub const BROWSER_FOLDING: Folding = Folding { nfc: browser_nfc, lowercase: browser_lowercase };
