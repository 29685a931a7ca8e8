//! JSON decoding through the browser's own parser.
//!
//! `JSON.parse` + serde-wasm-bindgen instead of serde_json keeps a JSON
//! parser out of the WASM bundle (the browser already has one).

use feedback_core::api_error::ApiError;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// Bodies larger than this are refused rather than parsed.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Parses `text` as a JSON object and decodes it as `T`.
pub fn decode_object<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    if text.len() > MAX_BODY_BYTES {
        return Err(ApiError::Undecodable);
    }
    let value = js_sys::JSON::parse(text).map_err(|_| ApiError::Undecodable)?;
    if !is_plain_object(&value) {
        return Err(ApiError::Undecodable);
    }
    serde_wasm_bindgen::from_value(value).map_err(|_| ApiError::Undecodable)
}

fn is_plain_object(v: &JsValue) -> bool {
    v.is_object() && !js_sys::Array::is_array(v)
}
