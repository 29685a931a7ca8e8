//! Tolerant decoding of the API's bodies from any reader of JSON values.
//!
//! The card reads the browser's `JSON.parse` result through this (its
//! WASM then carries no JSON parser and no serde visitors, about a sixth
//! of the bundle); the service and the native tests use serde with the
//! decoders in [`crate::lenient`]. Both follow the same rules, and
//! `tests/fuzz_models.rs` decodes the same bodies both ways and compares:
//! unknown fields are ignored, a field of the wrong kind reads as absent,
//! a rating outside 0–10 is no rating. Numbers are JavaScript numbers
//! here, so whole numbers beyond 2^53 lose precision as they would in any
//! browser.

use crate::decimal::parse_decimal;
use crate::digits;

/// A JSON value reduced to what the decoders look at.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `null`, or a missing member.
    Nothing,
    Bool(bool),
    Number(f64),
    Text(String),
    /// An object or an array.
    Compound,
}

/// A source of JSON values (a parsed body, or a part of one).
pub trait Json: Sized {
    fn scalar(&self) -> Scalar;
    /// Whether this is an object (not an array).
    fn is_object(&self) -> bool;
    /// An object's member `key`; `None` when absent or not an object.
    fn member(&self, key: &str) -> Option<Self>;
    /// An array's elements; `None` when not an array.
    fn elements(&self) -> Option<Vec<Self>>;
    /// An object's members in order; `None` when not an object.
    fn members(&self) -> Option<Vec<(String, Self)>>;
}

/// A model decoded from a JSON object (any member may be missing or wrong).
pub trait FromJson: Sized {
    fn from_json<J: Json>(object: &J) -> Self;
}

/// Decodes `value` as `T` if it is an object; anything else is `None`.
pub fn decode<T: FromJson, J: Json>(value: &J) -> Option<T> {
    value.is_object().then(|| T::from_json(value))
}

/// The field spelt any of `names` (the contract's name, nps.today's other
/// spellings). When a body spells one field two ways, the spelling written
/// first wins, as it does for the service's serde decoding
/// (`lenient::FirstSpellingWins`).
pub fn field<J: Json>(object: &J, names: &[&str]) -> Option<J> {
    let mut present = names.iter().filter_map(|n| object.member(n));
    let first = present.next()?;
    if present.next().is_none() {
        return Some(first);
    }
    // Rare, so the members are listed only then.
    object.members()?.into_iter().find_map(|(key, value)| names.contains(&key.as_str()).then_some(value))
}

fn scalar_of<J: Json>(value: Option<J>) -> Scalar {
    value.map_or(Scalar::Nothing, |v| v.scalar())
}

/// A number that is whole and exactly representable.
fn whole(f: f64) -> Option<i64> {
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
}

fn rating_of(s: Scalar) -> Option<u8> {
    let n = match s {
        Scalar::Number(f) => whole(f),
        Scalar::Text(t) => t.trim().parse::<i64>().ok(),
        _ => None,
    };
    n.filter(|n| (0..=10).contains(n)).map(|n| n as u8)
}

/// A 0–10 score (numbers, whole floats or numeric text); anything else is none.
pub fn rating<J: Json>(value: Option<J>) -> Option<u8> {
    rating_of(scalar_of(value))
}

/// Text; whole numbers become their decimal text, blank text is absent.
pub fn string<J: Json>(value: Option<J>) -> Option<String> {
    match scalar_of(value) {
        Scalar::Text(s) if s.trim().is_empty() => None,
        Scalar::Text(s) => Some(s),
        Scalar::Number(f) => whole(f).map(digits::signed),
        _ => None,
    }
}

/// A boolean; `"true"` and non-zero whole numbers too; anything else is false.
pub fn flag<J: Json>(value: Option<J>) -> bool {
    match scalar_of(value) {
        Scalar::Bool(b) => b,
        Scalar::Number(f) => whole(f).is_some_and(|i| i != 0),
        Scalar::Text(s) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// A finite number (or numeric text).
pub fn float<J: Json>(value: Option<J>) -> Option<f64> {
    match scalar_of(value) {
        Scalar::Number(f) if f.is_finite() => Some(f),
        Scalar::Text(s) => parse_decimal(s.trim()).filter(|f| f.is_finite()),
        _ => None,
    }
}

/// A non-negative whole count; anything else is 0.
pub fn count<J: Json>(value: Option<J>) -> u64 {
    match scalar_of(value) {
        Scalar::Number(f) if f.is_finite() && f >= 0.0 && f.fract() == 0.0 => f as u64,
        Scalar::Text(s) => s.trim().parse().unwrap_or(0),
        _ => 0,
    }
}

/// A page number or size (at least 1).
pub fn page_number<J: Json>(value: Option<J>) -> u32 {
    u32::try_from(count(value)).unwrap_or(u32::MAX).max(1)
}

/// A nested object, `None` for any other value.
pub fn object<T: FromJson, J: Json>(value: Option<J>) -> Option<T> {
    decode(&value?)
}

/// A nested object, or its default.
pub fn object_or_default<T: FromJson + Default, J: Json>(value: Option<J>) -> T {
    object(value).unwrap_or_default()
}

/// A list of objects; other elements are dropped, a non-list is empty.
pub fn list<T: FromJson, J: Json>(value: Option<J>) -> Vec<T> {
    value.and_then(|v| v.elements()).unwrap_or_default().iter().filter_map(decode).collect()
}

fn scalars<J: Json>(value: Option<J>) -> Vec<Scalar> {
    value.and_then(|v| v.elements()).unwrap_or_default().iter().map(Json::scalar).collect()
}

/// A list of texts (whole numbers become text; other elements are dropped).
pub fn text_list<J: Json>(value: Option<J>) -> Vec<String> {
    scalars(value)
        .into_iter()
        .filter_map(|s| match s {
            Scalar::Text(t) => Some(t),
            Scalar::Number(f) => whole(f).map(digits::signed),
            _ => None,
        })
        .collect()
}

/// A list of 0–10 ratings; anything else in it is dropped.
pub fn rating_list<J: Json>(value: Option<J>) -> Vec<u8> {
    scalars(value).into_iter().filter_map(rating_of).collect()
}

/// An object of texts; scalars become text, blank text and other values are dropped.
pub fn text_map<J: Json>(value: Option<J>) -> Vec<(String, String)> {
    let members = value.and_then(|v| v.members()).unwrap_or_default();
    members
        .into_iter()
        .filter_map(|(k, v)| {
            let text = match v.scalar() {
                Scalar::Bool(b) => Some(if b { "true" } else { "false" }.to_owned()),
                Scalar::Text(s) if s.trim().is_empty() => None,
                Scalar::Text(s) => Some(s),
                Scalar::Number(f) => whole(f).map(digits::signed),
                _ => None,
            }?;
            Some((k, text))
        })
        .collect()
}
