//! Reading the API's timestamps.
//!
//! The contract writes ISO 8601 in UTC with a `Z`; nps.today's PascalCase
//! bodies may leave the offset out (`2026-10-01T23:30:00`), and those times
//! are UTC too. A browser's `Date.parse` reads a date-time without an offset
//! as the browser's local time, so the same instant would show as two
//! different times side by side. The card hands `Date.parse` the text with
//! the `Z` made explicit (the browser's parser, not one in the WASM).

use std::borrow::Cow;

/// `text` with `Z` added when it is a date-time (`YYYY-MM-DDThh:mm…`, `T`
/// or a space between) with no offset after its time; anything else
/// as it is: a date alone is UTC to `Date.parse` already, and what is not
/// a timestamp stays unreadable.
pub fn assume_utc(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim();
    let bytes = trimmed.as_bytes();
    let date_time = bytes.len() > 11
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && matches!(bytes[10], b'T' | b't' | b' ');
    if date_time && !bytes[11..].iter().any(|b| matches!(b, b'Z' | b'z' | b'+' | b'-')) {
        Cow::Owned([trimmed, "Z"].concat())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::assume_utc;

    #[test]
    fn a_date_time_without_an_offset_is_utc() {
        assert_eq!(assume_utc("2026-10-01T23:30:00"), "2026-10-01T23:30:00Z");
        assert_eq!(assume_utc(" 2026-10-01T23:30:00 "), "2026-10-01T23:30:00Z");
        assert_eq!(assume_utc("2026-10-01T23:30"), "2026-10-01T23:30Z");
        assert_eq!(assume_utc("2026-10-01 23:30:00"), "2026-10-01 23:30:00Z");
        assert_eq!(assume_utc("2026-10-01t23:30:00"), "2026-10-01t23:30:00Z");
    }

    #[test]
    fn fractional_seconds_keep_their_digits() {
        assert_eq!(assume_utc("2026-10-01T23:30:00.123"), "2026-10-01T23:30:00.123Z");
        // .NET writes seven decimals.
        assert_eq!(assume_utc("2026-10-01T23:30:00.1234567"), "2026-10-01T23:30:00.1234567Z");
        assert_eq!(assume_utc("2026-10-01T23:30:00.5Z"), "2026-10-01T23:30:00.5Z");
    }

    #[test]
    fn an_offset_is_kept() {
        for with_offset in [
            "2026-10-01T23:30:00Z",
            "2026-10-01T23:30:00z",
            "2026-10-01T23:30:00+02:00",
            "2026-10-01T23:30:00-05:30",
            "2026-10-01T23:30:00.123+0200",
            "2026-10-01T23:30:00+00",
        ] {
            assert_eq!(assume_utc(with_offset), with_offset);
        }
    }

    #[test]
    fn a_date_alone_and_garbage_are_left_as_they_are() {
        for other in [
            "2026-10-01",
            "",
            "   ",
            "yesterday",
            "2026",
            "2026-10-01T",
            "26-10-01T23:30:00",
            "2026/10/01T23:30:00",
            "2026-10-01X23:30:00",
            "/Date(1790897400000)/",
            "Thu, 01 Oct 2026 23:30:00 GMT",
            "２０２６-10-01T23:30:00",
        ] {
            assert_eq!(assume_utc(other), other);
        }
    }
}
