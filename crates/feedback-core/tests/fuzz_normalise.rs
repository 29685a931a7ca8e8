//! Property-based tests of the contact normaliser the card and the service
//! share: normalising twice changes nothing, format characters never
//! survive (nor change which customer is found), a `(0)` after a country
//! code is dropped, and an email is one email in any Unicode normal form.
//!
//! Case counts are fixed so the suite takes seconds in CI.

use feedback_core::normalise::{is_format_character, normalise_email, normalise_phone};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

const CASES: u32 = 3000;

/// Format characters that reach contact fields in practice: zero-width
/// space and joiners, BOM, the direction marks and isolates a
/// right-to-left text leaves behind, soft hyphen, word joiner, a tag.
const INVISIBLE: &[char] = &[
    '\u{ad}',
    '\u{61c}',
    '\u{200b}',
    '\u{200c}',
    '\u{200d}',
    '\u{200e}',
    '\u{200f}',
    '\u{202a}',
    '\u{202b}',
    '\u{202c}',
    '\u{202d}',
    '\u{202e}',
    '\u{2060}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{feff}',
    '\u{e0041}',
];

/// Email-ish text: ASCII, Danish and German letters, Greek (final sigma),
/// Turkish dotted I, combining marks (so NFC has work), in any case.
fn email() -> impl Strategy<Value = String> {
    let part = "[a-zA-Z0-9._+æøåÆØÅéÉüÜßẞΣσςİ\u{301}\u{308}\u{30a}-]{1,12}";
    (part, part, "(dk|COM|De|ελ)").prop_map(|(local, domain, tld)| format!("{local}@{domain}.{tld}"))
}

/// Phone numbers as people type them: an international prefix, a country
/// code, perhaps the trunk `(0)`, digits in groups with separators; with
/// the E.164 number they stand for (`None` when too short or too long).
fn typed_phone() -> impl Strategy<Value = (String, Option<String>)> {
    ("(\\+|00|\\(\\+)", "[1-9][0-9]{0,2}", any::<bool>(), prop::collection::vec("[0-9]{1,4}", 1..5), "[ ./-]").prop_map(
        |(prefix, code, trunk, groups, sep)| {
            let close = if prefix == "(+" { ")" } else { "" };
            let trunk = if trunk { " (0)" } else { "" };
            let national = [code.as_str(), &groups.concat()].concat();
            let e164 = (8..=15).contains(&national.len()).then(|| ["+", &national].concat());
            (format!("{prefix}{code}{close}{trunk} {}", groups.join(&sep)), e164)
        },
    )
}

fn phone() -> impl Strategy<Value = String> {
    typed_phone().prop_map(|(typed, _)| typed)
}

/// Anything at all, for the properties that must hold on every input.
fn anything() -> impl Strategy<Value = String> {
    prop_oneof!["\\PC{0,24}", ".{0,24}", "[+0-9 ()\u{200b}\u{feff}.-]{0,24}"]
}

/// `text` with format characters put in at the given places.
fn sprinkled(text: &str, marks: &[(usize, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, mark) in marks {
        chars.insert(at % (chars.len() + 1), mark);
    }
    chars.into_iter().collect()
}

fn marks() -> impl Strategy<Value = Vec<(usize, char)>> {
    prop::collection::vec((any::<usize>(), prop::sample::select(INVISIBLE)), 1..5)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn normalising_twice_changes_nothing(text in prop_oneof![email(), phone(), anything()]) {
        if let Ok(once) = normalise_email(&text) {
            prop_assert_eq!(normalise_email(&once), Ok(once.clone()), "{:?}", text);
        }
        if let Ok(once) = normalise_phone(&text) {
            prop_assert_eq!(normalise_phone(&once), Ok(once.clone()), "{:?}", text);
        }
    }

    #[test]
    fn format_characters_are_gone_and_change_nothing(
        text in prop_oneof![email(), phone(), anything()],
        marks in marks(),
    ) {
        let marked = sprinkled(&text, &marks);
        let (email, phone) = (normalise_email(&marked), normalise_phone(&marked));
        for value in [&email, &phone].into_iter().flatten() {
            prop_assert!(!value.chars().any(is_format_character), "{:?} → {:?}", marked, value);
        }
        prop_assert_eq!(email, normalise_email(&text), "{:?}", marked);
        prop_assert_eq!(phone, normalise_phone(&text), "{:?}", marked);
    }

    #[test]
    fn every_typed_phone_is_its_e164_number((typed, e164) in typed_phone()) {
        prop_assert_eq!(normalise_phone(&typed).ok(), e164, "{}", typed);
    }

    #[test]
    fn the_trunk_zero_after_a_country_code_is_dropped(
        prefix in "(\\+|00|\\(\\+)",
        code in "[1-9][0-9]{0,2}",
        inside in "( ?0 ?)",
        number in "[1-9][0-9]{6,10}",
    ) {
        let close = if prefix == "(+" { ")" } else { "" };
        let with_trunk = normalise_phone(&format!("{prefix}{code}{close} ({inside}){number}"));
        let without = normalise_phone(&format!("{prefix}{code}{close} {number}"));
        prop_assert_eq!(&with_trunk, &without);
        if (8..=15).contains(&(code.len() + number.len())) {
            prop_assert_eq!(with_trunk, Ok(format!("+{code}{number}")));
        }
    }

    #[test]
    fn an_email_is_one_email_in_any_normal_form(text in email()) {
        let composed: String = text.nfc().collect();
        let decomposed: String = text.nfd().collect();
        let expected = normalise_email(&composed);
        prop_assert_eq!(normalise_email(&decomposed), expected.clone());
        prop_assert_eq!(normalise_email(&text), expected.clone());
        if let Ok(email) = expected {
            prop_assert!(email.nfc().eq(email.chars()), "not NFC: {:?}", email);
        }
    }
}
