//! What the card leaves to the browser, held to the core's rules. Emails
//! are folded with the browser's Unicode tables (`normalize("NFC")`,
//! `toLowerCase`), in the service with Rust's (`unicode-normalization`,
//! `str::to_lowercase`): a customer is found only if both fold every email
//! the same. Times are read by `Date.parse`, once the core has said which
//! are UTC.

use feedback_app::host::messages::{browser_nfc, BROWSER_FOLDING};
use feedback_core::normalise::{normalise_email, normalise_email_with, Folding};
use wasm_bindgen_test::*;

/// Emails as typed or pasted: decomposed and composed letters, singletons
/// NFC replaces (Ångström, Kelvin, Ohm), Hangul syllables and jamo,
/// Vietnamese stacked marks, marks out of canonical order, final sigma,
/// dotted I, compatibility characters NFC leaves alone, format characters.
const EMAILS: &[&str] = &[
    "Anna.Berg@Example.COM",
    "Ae\u{301}@x.dk",
    "A\u{30a}SE@\u{d8}RESUND.DK",
    "\u{212b}se@x.dk",
    "\u{212a}elvin@x.dk",
    "\u{2126}mega@x.gr",
    "\u{1100}\u{1161}\u{11a8}@x.kr",
    "\u{ac00}\u{11a8}@x.kr",
    "Vie\u{302}\u{323}t@x.vn",
    "Vie\u{323}\u{302}t@x.vn",
    "a\u{323}\u{301}\u{308}@x.io",
    "\u{1e9b}\u{323}@x.io",
    "\u{3a3}\u{39f}\u{3a6}\u{399}\u{386}\u{3a3}@x.gr",
    "I\u{307}STANBUL@X.TR",
    "\u{130}stanbul@x.tr",
    "\u{fb01}le@x.io",
    "\u{2460}@x.io",
    "\u{1f600}@x.io",
    "\u{200b}\u{feff}\u{200e}Anna@Example.com\u{200f}",
    "\u{344}\u{301}x@y.z",
    "\u{f900}@x.jp",
    "\u{2f800}@x.cn",
];

/// The service's NFC (`unicode-normalization`, through the core).
fn rust_nfc(text: &str) -> String {
    (Folding::RUST.nfc)(text)
}

#[wasm_bindgen_test]
fn the_browser_composes_as_the_service_does() {
    for text in EMAILS {
        assert_eq!(browser_nfc(text), rust_nfc(text), "{text:?}");
    }
    // Letters of the scripts agents meet, alone and with marks after them.
    let letters = ('\u{c0}'..='\u{24f}').chain('\u{370}'..='\u{4ff}').chain('\u{1e00}'..='\u{1fff}');
    for letter in letters {
        for marks in ["", "\u{301}", "\u{308}\u{301}", "\u{323}\u{302}", "\u{345}\u{313}"] {
            let text = [letter.to_string().as_str(), marks].concat();
            assert_eq!(browser_nfc(&text), rust_nfc(&text), "{text:?}");
        }
    }
}

#[wasm_bindgen_test]
fn the_card_folds_emails_as_the_service_does() {
    for text in EMAILS {
        assert_eq!(normalise_email_with(text, BROWSER_FOLDING), normalise_email(text), "{text:?}");
    }
    // Not vacuous: without NFC the decomposed forms are other emails.
    let no_nfc = Folding { nfc: str::to_owned, ..BROWSER_FOLDING };
    assert_ne!(normalise_email_with("Ae\u{301}@x.dk", no_nfc), normalise_email("Ae\u{301}@x.dk"));
}

/// Times as the card reads them (`Date.parse` of the text with its `Z`
/// made explicit): an nps.today time without an offset is the same instant
/// as the contract's with `Z`, in every browser.
#[wasm_bindgen_test]
fn times_without_an_offset_are_utc_in_the_browser() {
    use feedback_core::timestamp::assume_utc;
    let read = |text: &str| js_sys::Date::parse(&assume_utc(text));
    // 2026-10-01T23:30:00Z.
    let instant = 1_790_897_400_000.0;
    for text in [
        "2026-10-01T23:30:00Z",
        "2026-10-01T23:30:00",
        " 2026-10-01T23:30:00 ",
        "2026-10-01T23:30",
        "2026-10-02T01:30:00+02:00",
    ] {
        assert_eq!(read(text), instant, "{text}");
    }
    assert_eq!(read("2026-10-01T23:30:00.123"), instant + 123.0);
    assert_eq!(read("2026-10-01T23:30:00.1234567"), instant + 123.0, ".NET's seven decimals");
    assert_eq!(read("2026-10-01"), instant - (23.0 * 60.0 + 30.0) * 60_000.0);
    for garbage in ["", "yesterday", "2026-10-01T", "2026-13-01T00:00:00"] {
        assert!(read(garbage).is_nan(), "{garbage}");
    }
}
