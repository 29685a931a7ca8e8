//! The card folds emails with the browser's Unicode tables
//! (`normalize("NFC")`, `toLowerCase`); the service with Rust's
//! (`unicode-normalization`, `str::to_lowercase`). A customer is found only
//! if both fold every email the same.

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
