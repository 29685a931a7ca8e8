//! Tolerant field decoders for API bodies.
//!
//! nps.today's surfaces disagree on casing and sometimes on types (a
//! campaign id as number or string, a rating as `"7"`). One wrong field must
//! not make a whole page unreadable, so each field decodes on its own: a
//! value of the wrong kind becomes "absent" instead of an error. These
//! work with any self-describing deserializer (serde_json natively,
//! serde-wasm-bindgen in the browser).

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Visitor methods answering every scalar, `null` and missing value with
/// `$empty`: a value of the wrong kind reads as absent, not as an error.
macro_rules! scalars_read_as {
    ($empty:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($empty)
        }
    };
}

/// Any JSON value, reduced to the scalars the models use.
enum Scalar {
    Nothing,
    Bool(bool),
    Int(i128),
    Float(f64),
    Text(String),
    Compound,
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(v))
    }
    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Nothing)
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Nothing)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Compound)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Compound)
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

/// A 0–10 score. Integers (or integral floats, or numeric strings) in range;
/// anything else, including 11 or −1, is "no rating".
pub fn rating<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    Ok(rating_of(scalar(d)?))
}

/// The one reading of a scalar as a 0–10 score (fields and lists alike).
fn rating_of(s: Scalar) -> Option<u8> {
    let n = match s {
        Scalar::Int(i) => Some(i),
        Scalar::Float(f) if f.fract() == 0.0 && f.is_finite() => Some(f as i128),
        Scalar::Text(s) => s.trim().parse::<i128>().ok(),
        _ => None,
    };
    n.filter(|n| (0..=10).contains(n)).map(|n| n as u8)
}

/// A whole number as text. JavaScript numbers arrive as floats; printing
/// only whole ones keeps Rust's float formatting out of the bundle.
fn whole_number_text(f: f64) -> Option<String> {
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15).then(|| (f as i64).to_string())
}

/// Text; whole numbers become their decimal text (ids come as either),
/// empty and whitespace-only text is absent.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match scalar(d)? {
        Scalar::Text(s) if s.trim().is_empty() => None,
        Scalar::Text(s) => Some(s),
        Scalar::Int(i) => Some(i.to_string()),
        Scalar::Float(f) => whole_number_text(f),
        _ => None,
    })
}

/// A boolean; `"true"`/`"false"` and whole numbers (non-zero is true) too; anything else is false.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match scalar(d)? {
        Scalar::Bool(b) => b,
        Scalar::Int(i) => i != 0,
        // 1.0 is 1 in a browser, as in the card's reader.
        Scalar::Float(f) => whole_number_text(f).is_some_and(|t| t != "0"),
        Scalar::Text(s) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    })
}

/// A finite number.
pub fn float<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match scalar(d)? {
        Scalar::Int(i) => Some(i as f64),
        Scalar::Float(f) if f.is_finite() => Some(f),
        Scalar::Text(s) => crate::decimal::parse_decimal(s.trim()).filter(|f| f.is_finite()),
        _ => None,
    })
}

/// A non-negative count; anything else is 0.
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(match scalar(d)? {
        Scalar::Int(i) => u64::try_from(i).unwrap_or(0),
        Scalar::Float(f) if f.is_finite() && f >= 0.0 && f.fract() == 0.0 => f as u64,
        Scalar::Text(s) => s.trim().parse().unwrap_or(0),
        _ => 0,
    })
}

/// A page number or size (at least 1 when given).
pub fn page_number<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let n = count(d)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX).max(1))
}

/// An object decoded as `T`, or `None` for any other value (a number, a
/// string, a list, null). The object's entries go straight to `T`'s own
/// decoder: no buffering, so no second copy of every model's decoder over
/// serde's internal value type in the WASM.
struct ObjectOrNone<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectOrNone<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = ObjectOrNone<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let map = FirstSpellingWins { inner: map, seen: Vec::new() };
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|t| ObjectOrNone(Some(t)))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ObjectOrNone(None))
            }
            scalars_read_as!(ObjectOrNone(None));
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// The model field a key names, as far as duplicates go: nps.today writes
/// PascalCase where the contract writes camelCase, and some fields have
/// other names there (the `alias`es in `model`).
pub fn field_named(key: &str) -> String {
    let mut chars = key.chars();
    let camel: String = chars.next().map(|c| c.to_ascii_lowercase()).into_iter().chain(chars).collect();
    match camel.as_str() {
        "device" => "channel".into(),
        "userComment" => "comment".into(),
        "responsibleEmployee" => "employee".into(),
        "emailAddress" => "email".into(),
        "phoneNumber" => "phone".into(),
        _ => camel,
    }
}

/// An object's entries with every field's first spelling kept and later
/// ones skipped. Derived decoders refuse a field given twice (`Rating` and
/// `rating`, `Device` and `Channel`), and that error would make the whole
/// page unreadable; a body that names a field twice is odd, not hostile.
struct FirstSpellingWins<A> {
    inner: A,
    seen: Vec<String>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for FirstSpellingWins<A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        while let Some(key) = self.inner.next_key::<String>()? {
            let field = field_named(&key);
            if self.seen.contains(&field) {
                self.inner.next_value::<IgnoredAny>()?;
                continue;
            }
            self.seen.push(field);
            return seed.deserialize(de::IntoDeserializer::<A::Error>::into_deserializer(key)).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.inner.next_value_seed(seed)
    }
}

/// A list of objects; elements that are not objects are dropped, and a
/// value that is not a list reads as empty.
pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    struct ListVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<ObjectOrNone<T>>()? {
                if let Some(t) = item.0 {
                    out.push(t);
                }
            }
            Ok(out)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Vec::new())
        }
        scalars_read_as!(Vec::new());
    }
    d.deserialize_any(ListVisitor(std::marker::PhantomData))
}

struct AnyScalar(Scalar);

impl<'de> Deserialize<'de> for AnyScalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d).map(AnyScalar)
    }
}

/// A list of scalars mapped by `keep`; anything else reads as empty.
fn scalar_list<'de, D: Deserializer<'de>, X>(d: D, keep: fn(Scalar) -> Option<X>) -> Result<Vec<X>, D::Error> {
    struct V<X>(fn(Scalar) -> Option<X>);
    impl<'de, X> Visitor<'de> for V<X> {
        type Value = Vec<X>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<X>, A::Error> {
            let mut out = Vec::new();
            while let Some(AnyScalar(s)) = seq.next_element()? {
                out.extend((self.0)(s));
            }
            Ok(out)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<X>, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Vec::new())
        }
        scalars_read_as!(Vec::new());
    }
    d.deserialize_any(V(keep))
}

/// A list of text values (numbers become text; other elements are dropped).
pub fn text_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    scalar_list(d, |s| match s {
        Scalar::Text(t) => Some(t),
        Scalar::Int(i) => Some(i.to_string()),
        Scalar::Float(f) => whole_number_text(f),
        _ => None,
    })
}

/// A list of 0–10 ratings; anything else in it is dropped.
pub fn rating_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    scalar_list(d, rating_of)
}

/// An object of text values (the `custom` fields); non-text values become
/// their text where they are scalars and are dropped otherwise, and so is
/// empty text.
pub fn text_map<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
    struct Entry(Option<String>);
    impl<'de> Deserialize<'de> for Entry {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Ok(Entry(match scalar(d)? {
                Scalar::Bool(b) => Some(b.to_string()),
                Scalar::Text(s) if s.trim().is_empty() => None,
                Scalar::Text(s) => Some(s),
                Scalar::Int(i) => Some(i.to_string()),
                Scalar::Float(f) => whole_number_text(f),
                _ => None,
            }))
        }
    }
    struct MapVisitor;
    impl<'de> Visitor<'de> for MapVisitor {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((k, v)) = map.next_entry::<String, Entry>()? {
                if let Some(v) = v.0 {
                    out.push((k, v));
                }
            }
            Ok(out)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Vec::new())
        }
        scalars_read_as!(Vec::new());
    }
    d.deserialize_any(MapVisitor)
}

/// An optional nested object that is absent when it is not an object.
pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    Ok(ObjectOrNone::<T>::deserialize(d)?.0)
}

/// A nested object, or its default when it is absent or not an object.
pub fn object_or_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(object(d)?.unwrap_or_default())
}
