//! JSON decoding of API bodies: the browser's `JSON.parse`, then the
//! tolerant model decoders of `feedback_core::json_read` reading the
//! parsed value member by member.
//!
//! Measured on this app's release build (gzip -9, whole bundle): 162.0 KB
//! with serde_json and serde's visitors, 137.7 KB with this reader —
//! the JSON parser and a visitor per model field no longer ship. (An earlier
//! probe of `JSON.parse` + serde-wasm-bindgen lost to serde_json: it keeps
//! serde's visitors and adds glue for every value.)

use feedback_core::api_error::ApiError;
use feedback_core::json_read::{decode, FromJson, Json, Scalar};
use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

/// Bodies longer than this (in UTF-16 units, as JavaScript counts a
/// string: never more than the body's bytes) are refused rather than parsed.
/// Measured on the JavaScript string, before anything is copied into WASM
/// memory: the WASM's memory never shrinks, so an oversized body copied in
/// even once would stay paid for as long as the card is open.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a JavaScript string (js-sys's takes a Rust `&str`,
    /// which would copy the body into WASM memory and back out).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_json(text: &JsString) -> Result<JsValue, JsValue>;
}

/// A value from `JSON.parse` (so no functions, no `undefined`, no cycles).
struct Parsed(JsValue);

impl Json for Parsed {
    fn scalar(&self) -> Scalar {
        let v = &self.0;
        if let Some(b) = v.as_bool() {
            Scalar::Bool(b)
        } else if let Some(n) = v.as_f64() {
            Scalar::Number(n)
        } else if let Some(s) = v.as_string() {
            Scalar::Text(s)
        } else if v.is_object() {
            Scalar::Compound
        } else {
            Scalar::Nothing
        }
    }

    fn is_object(&self) -> bool {
        self.0.is_object() && !Array::is_array(&self.0)
    }

    fn member(&self, key: &str) -> Option<Self> {
        if !self.is_object() {
            return None;
        }
        // Own members only: a body's "constructor" is not Object's.
        let object: &Object = self.0.unchecked_ref();
        let key = JsValue::from_str(key);
        if !Object::has_own(object, &key) {
            return None;
        }
        Reflect::get(object, &key).ok().map(Parsed)
    }

    fn elements(&self) -> Option<Vec<Self>> {
        Array::is_array(&self.0).then(|| self.0.unchecked_ref::<Array>().iter().map(Parsed).collect())
    }

    fn members(&self) -> Option<Vec<(String, Self)>> {
        if !self.is_object() {
            return None;
        }
        let entries = Object::entries(self.0.unchecked_ref());
        Some(
            entries
                .iter()
                .filter_map(|pair| {
                    let pair: Array = pair.dyn_into().ok()?;
                    Some((pair.get(0).as_string()?, Parsed(pair.get(1))))
                })
                .collect(),
        )
    }
}

/// Decodes `text` as a JSON object into `T`; anything else is `Undecodable`.
pub fn decode_object<T: FromJson>(text: &JsString) -> Result<T, ApiError> {
    if text.length() as usize > MAX_BODY_BYTES {
        return Err(ApiError::Undecodable);
    }
    // Only an object is a contract body; JSON.parse throws on anything
    // that is not JSON (caught here as an error, not a panic).
    let parsed = parse_json(text).map_err(|_| ApiError::Undecodable)?;
    decode(&Parsed(parsed)).ok_or(ApiError::Undecodable)
}
