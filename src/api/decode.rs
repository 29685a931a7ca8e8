//! JSON decoding of API bodies.
//!
//! serde_json, measured against the browser's `JSON.parse` +
//! serde-wasm-bindgen on this app's release build: 196.3 KB vs 201.0 KB
//! gzip for the whole bundle (serde-wasm-bindgen makes a JS call for every
//! value, and each imported call costs glue), and no crossing of the JS
//! boundary per value at run time.

use feedback_core::api_error::ApiError;
use serde::de::DeserializeOwned;

/// Bodies larger than this are refused rather than parsed.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Decodes `text` as a JSON object into `T`; anything else is `Undecodable`.
pub fn decode_object<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    // Only an object is a contract body (serde would accept an array for a
    // struct, field by field).
    if text.len() > MAX_BODY_BYTES || !text.trim_start().starts_with('{') {
        return Err(ApiError::Undecodable);
    }
    serde_json::from_str(text).map_err(|_| ApiError::Undecodable)
}
