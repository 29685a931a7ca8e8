//! Normalisation of the identifiers the card receives from Dixa.
//!
//! The host hands us whatever its Liquid template produced, and an agent or
//! a CRM may have typed or pasted it: an email in any case, with stray spaces,
//! invisible format characters (a zero-width space, a byte-order mark, the
//! direction marks a right-to-left text leaves behind) or in decomposed
//! Unicode (`e` + combining accent instead of `é`); a phone number in E.164
//! (Dixa's format) or as people write it (`+44 (0)20 7946 0958`,
//! `(+45) 12 34 56 78`). Both sides of a lookup (card and service) normalise
//! with these functions, so a customer is found however they were written.

/// Longest email address SMTP allows (RFC 5321 path limit).
pub const MAX_EMAIL_LEN: usize = 254;

/// Why an identifier was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentifierError {
    /// Empty or only whitespace (a Liquid placeholder without a value).
    Empty,
    /// Longer than any real identifier.
    TooLong,
    /// Not shaped like the identifier at all.
    Malformed,
    /// A phone number without a country code (no `+` or `00` prefix).
    NoCountryCode,
}

impl IdentifierError {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::TooLong => "too long",
            Self::Malformed => "malformed",
            Self::NoCountryCode => "no country code",
        }
    }
}

impl std::fmt::Display for IdentifierError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Unicode's format characters (general category Cf, Unicode 16): invisible,
/// so never part of what a person meant to type. A short range list rather
/// than a property table: this runs in the card too.
const FORMAT_CHARACTERS: &[(char, char)] = &[
    ('\u{ad}', '\u{ad}'),
    ('\u{600}', '\u{605}'),
    ('\u{61c}', '\u{61c}'),
    ('\u{6dd}', '\u{6dd}'),
    ('\u{70f}', '\u{70f}'),
    ('\u{890}', '\u{891}'),
    ('\u{8e2}', '\u{8e2}'),
    ('\u{180e}', '\u{180e}'),
    ('\u{200b}', '\u{200f}'),
    ('\u{202a}', '\u{202e}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206f}'),
    ('\u{feff}', '\u{feff}'),
    ('\u{fff9}', '\u{fffb}'),
    ('\u{110bd}', '\u{110bd}'),
    ('\u{110cd}', '\u{110cd}'),
    ('\u{13430}', '\u{1343f}'),
    ('\u{1bca0}', '\u{1bca3}'),
    ('\u{1d173}', '\u{1d17a}'),
    ('\u{e0001}', '\u{e0001}'),
    ('\u{e0020}', '\u{e007f}'),
];

/// Whether `c` is a Unicode format character (zero-width space, BOM,
/// LRM/RLM and the other direction controls, soft hyphen…).
pub fn is_format_character(c: char) -> bool {
    // Every one is at or above U+00AD: plain ASCII never pays for the search.
    c >= '\u{ad}' && FORMAT_CHARACTERS.iter().any(|&(first, last)| (first..=last).contains(&c))
}

/// `text` without its format characters (borrowed when it has none, as
/// nearly every identifier).
fn without_format_characters(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_format_character) {
        text.chars().filter(|c| !is_format_character(*c)).collect::<String>().into()
    } else {
        text.into()
    }
}

/// The two Unicode mappings an email is compared under, supplied by whoever
/// has their tables: the card passes the browser's (`normalize("NFC")` and
/// `toLowerCase`, the same Unicode mappings) so its WASM carries none; the
/// service uses [`Folding::RUST`].
#[derive(Clone, Copy)]
pub struct Folding {
    /// Canonical composition (NFC): `e` + U+0301 becomes `é`.
    pub nfc: fn(&str) -> String,
    /// Full Unicode lower-casing (final sigma included).
    pub lowercase: fn(&str) -> String,
}

impl Folding {
    /// Rust's own: the `unicode-normalization` crate's NFC and `str::to_lowercase`.
    pub const RUST: Folding = Folding { nfc: rust_nfc, lowercase: str::to_lowercase };

    /// NFC, lower-cased, NFC again: lower-casing can leave a sequence that
    /// composes (and a composed letter that lower-cases to a sequence), so
    /// the second pass is what makes folding twice change nothing.
    pub fn fold(self, text: &str) -> String {
        (self.nfc)(&(self.lowercase)(&(self.nfc)(text)))
    }
}

fn rust_nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

/// Trims, drops format characters, folds (NFC and lower case) an email, and
/// checks it has the shape `local@domain`.
///
/// Deliberately loose beyond that: the service, not the card, decides
/// whether an address exists.
pub fn normalise_email(raw: &str) -> Result<String, IdentifierError> {
    normalise_email_with(raw, Folding::RUST)
}

/// [`normalise_email`] with the Unicode mappings supplied (the browser's in the card).
pub fn normalise_email_with(raw: &str, folding: Folding) -> Result<String, IdentifierError> {
    let visible = without_format_characters(raw);
    let trimmed = visible.trim();
    if trimmed.is_empty() {
        return Err(IdentifierError::Empty);
    }
    // Bounded before the Unicode work: folding lengthens text a little, not 4×.
    if trimmed.len() > 4 * MAX_EMAIL_LEN {
        return Err(IdentifierError::TooLong);
    }
    let email = folding.fold(trimmed);
    if email.len() > MAX_EMAIL_LEN {
        return Err(IdentifierError::TooLong);
    }
    let (local, domain) = email.split_once('@').ok_or(IdentifierError::Malformed)?;
    let valid = !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(email)
    } else {
        Err(IdentifierError::Malformed)
    }
}

/// The length of a `(0)` group at the start of `rest` (spaces allowed inside).
fn trunk_zero_group(rest: &[u8]) -> Option<usize> {
    let mut at = 0;
    for wanted in [b'(', b'0', b')'] {
        while rest.get(at) == Some(&b' ') {
            at += 1;
        }
        if rest.get(at) != Some(&wanted) {
            return None;
        }
        at += 1;
    }
    Some(at)
}

/// Normalises a phone number to E.164 (`+` followed by 8 to 15 digits).
///
/// Accepts the separators people type (spaces, dashes, dots, parentheses,
/// slashes), format characters (dropped), the international `00` prefix, a
/// country code in parentheses (`(+45) 12 34 56 78`), and the national trunk
/// `0` written in parentheses after the country code (`+44 (0)20 7946 0958`):
/// it is dialled only from inside the country, so it is not part of the
/// E.164 number. A number without a country code is refused rather than
/// guessed: `12345678` is Danish in Copenhagen and something else elsewhere.
pub fn normalise_phone(raw: &str) -> Result<String, IdentifierError> {
    // The visible characters as ASCII, any space as ' ': at most 64 of them.
    let mut text = [0u8; 64];
    let mut len = 0;
    for c in raw.trim().chars().filter(|c| !is_format_character(*c)) {
        let byte = match c {
            _ if c.is_whitespace() => b' ',
            _ if c.is_ascii() => c as u8,
            _ => return Err(IdentifierError::Malformed),
        };
        *text.get_mut(len).ok_or(IdentifierError::TooLong)? = byte;
        len += 1;
    }
    let text = text[..len].trim_ascii();
    if text.is_empty() {
        return Err(IdentifierError::Empty);
    }
    let mut digits = String::with_capacity(16);
    let mut plus = false;
    let mut at = 0;
    while let Some(&c) = text.get(at) {
        match c {
            // The `+` leads, perhaps inside an opening parenthesis: `(+45)`.
            b'+' if !plus && text[..at].iter().all(|c| matches!(c, b'(' | b' ')) => plus = true,
            b'0'..=b'9' => digits.push(c as char),
            b'(' if country_code_so_far(plus, &digits) => {
                if let Some(len) = trunk_zero_group(&text[at..]) {
                    at += len;
                    continue;
                }
            }
            b' ' | b'-' | b'.' | b'(' | b')' | b'/' => {}
            _ => return Err(IdentifierError::Malformed),
        }
        at += 1;
    }
    let national = if plus {
        digits.as_str()
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest
    } else if digits.is_empty() {
        return Err(IdentifierError::Malformed);
    } else {
        return Err(IdentifierError::NoCountryCode);
    };
    // E.164: at most 15 digits; country codes never start with 0.
    if !(8..=15).contains(&national.len()) || national.starts_with('0') {
        return Err(IdentifierError::Malformed);
    }
    Ok(["+", national].concat())
}

/// Whether the digits so far are an international prefix and a country
/// code (1 to 3 digits): where a `(0)` trunk prefix is written.
fn country_code_so_far(plus: bool, digits: &str) -> bool {
    let code = if plus { Some(digits) } else { digits.strip_prefix("00") };
    code.is_some_and(|code| (1..=3).contains(&code.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        assert_eq!(normalise_email("  Anna.Berg@Example.COM \n").as_deref(), Ok("anna.berg@example.com"));
    }

    #[test]
    fn email_loses_its_format_characters() {
        for pasted in [
            "anna\u{200b}.berg@example.com",
            "\u{feff}anna.berg@example.com",
            "\u{200e}anna.berg@example.com\u{200f}",
            "\u{202a}Anna.Berg@Example.com\u{202c}",
            "anna.berg@exam\u{ad}ple.com",
            "anna.berg@example.com\u{2060}",
        ] {
            assert_eq!(normalise_email(pasted).as_deref(), Ok("anna.berg@example.com"), "{pasted:?}");
        }
        assert_eq!(normalise_email("\u{200b}\u{feff} "), Err(IdentifierError::Empty));
    }

    #[test]
    fn email_in_any_normal_form_is_one_email() {
        // "søren.ærø@café.dk": composed, and with combining marks.
        let composed = "s\u{f8}ren.\u{e6}r\u{f8}@caf\u{e9}.dk";
        assert_eq!(normalise_email("soren@cafe\u{301}.dk").as_deref(), Ok("soren@caf\u{e9}.dk"));
        assert_eq!(normalise_email(composed).as_deref(), Ok(composed));
        assert_eq!(normalise_email("S\u{d8}REN.\u{c6}R\u{d8}@CAFE\u{301}.DK").as_deref(), Ok(composed));
        // Å as A + ring, and the Ångström sign, are both å.
        assert_eq!(normalise_email("A\u{30a}se@x.dk"), normalise_email("\u{e5}se@x.dk"));
        assert_eq!(normalise_email("\u{212b}se@x.dk"), normalise_email("\u{e5}se@x.dk"));
    }

    #[test]
    fn email_rejects_empty_and_malformed() {
        assert_eq!(normalise_email(""), Err(IdentifierError::Empty));
        assert_eq!(normalise_email(" \t "), Err(IdentifierError::Empty));
        for bad in
            ["anna", "@example.com", "anna@", "a@b@c", "an na@example.com", "anna@.com", "anna@example.", "a\u{0}b@c.d"]
        {
            assert_eq!(normalise_email(bad), Err(IdentifierError::Malformed), "{bad:?}");
        }
        let long = format!("{}@example.com", "a".repeat(300));
        assert_eq!(normalise_email(&long), Err(IdentifierError::TooLong));
        let huge = format!("{}@example.com", "a".repeat(100_000));
        assert_eq!(normalise_email(&huge), Err(IdentifierError::TooLong));
    }

    #[test]
    fn phone_to_e164() {
        assert_eq!(normalise_phone("+4512345678").as_deref(), Ok("+4512345678"));
        assert_eq!(normalise_phone(" +45 12 34 56 78 ").as_deref(), Ok("+4512345678"));
        assert_eq!(normalise_phone("0045 12-34-56-78").as_deref(), Ok("+4512345678"));
        assert_eq!(normalise_phone("+1 (415) 555.0100").as_deref(), Ok("+14155550100"));
    }

    #[test]
    fn phone_drops_the_trunk_zero_after_the_country_code() {
        for typed in [
            "+44 (0)20 7946 0958",
            "+44(0)2079460958",
            "+44 ( 0 ) 20 7946 0958",
            "0044 (0)20 7946 0958",
            "(+44) (0)20 7946 0958",
        ] {
            assert_eq!(normalise_phone(typed).as_deref(), Ok("+442079460958"), "{typed}");
        }
        assert_eq!(normalise_phone("+49 (0)30 1234567").as_deref(), Ok("+49301234567"));
        assert_eq!(normalise_phone("+353 (0)1 234 5678").as_deref(), Ok("+35312345678"));
        assert_eq!(normalise_phone("+1 (0) 415 555 0100").as_deref(), Ok("+14155550100"));
        // Anywhere else, a 0 in parentheses is a digit like any other.
        assert_eq!(normalise_phone("+4520 (0)12 3456").as_deref(), Ok("+45200123456"));
        assert_eq!(normalise_phone("+44 20 (01) 946 0958").as_deref(), Ok("+4420019460958"));
        assert_eq!(normalise_phone("+44 (00)20 7946 0958").as_deref(), Ok("+44002079460958"));
    }

    #[test]
    fn phone_with_the_country_code_in_parentheses() {
        assert_eq!(normalise_phone("(+45) 12 34 56 78").as_deref(), Ok("+4512345678"));
        assert_eq!(normalise_phone("(+45)12345678").as_deref(), Ok("+4512345678"));
        assert_eq!(normalise_phone("( +45 ) 12 34 56 78").as_deref(), Ok("+4512345678"));
        assert_eq!(normalise_phone("(45) 12 34 56 78"), Err(IdentifierError::NoCountryCode));
        assert_eq!(normalise_phone("(+45) +12 34 56 78"), Err(IdentifierError::Malformed));
    }

    #[test]
    fn phone_loses_its_format_characters() {
        assert_eq!(normalise_phone("\u{202a}+45 12 34 56 78\u{202c}").as_deref(), Ok("+4512345678"));
        assert_eq!(normalise_phone("\u{200e}+45\u{200b}12345678\u{feff}").as_deref(), Ok("+4512345678"));
        assert_eq!(normalise_phone("\u{200e}\u{200f}"), Err(IdentifierError::Empty));
    }

    #[test]
    fn phone_rejects_what_is_not_e164() {
        assert_eq!(normalise_phone(""), Err(IdentifierError::Empty));
        assert_eq!(normalise_phone("12345678"), Err(IdentifierError::NoCountryCode));
        assert_eq!(normalise_phone("(0)20 7946 0958"), Err(IdentifierError::NoCountryCode));
        assert_eq!(normalise_phone("+45 12a45678"), Err(IdentifierError::Malformed));
        assert_eq!(normalise_phone("45+12345678"), Err(IdentifierError::Malformed));
        assert_eq!(normalise_phone("+123"), Err(IdentifierError::Malformed));
        assert_eq!(normalise_phone("+1234567890123456"), Err(IdentifierError::Malformed));
        assert_eq!(normalise_phone("+0412345678"), Err(IdentifierError::Malformed));
        assert_eq!(normalise_phone("+"), Err(IdentifierError::Malformed));
        assert_eq!(normalise_phone("(+)"), Err(IdentifierError::Malformed));
        assert_eq!(normalise_phone(&"1".repeat(100)), Err(IdentifierError::TooLong));
    }

    #[test]
    fn format_characters_are_unicodes_category_cf() {
        for c in ['\u{ad}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{2066}', '\u{feff}'] {
            assert!(is_format_character(c), "{c:?}");
        }
        for c in ['a', ' ', '\u{a0}', '\u{ac}', '\u{ae}', '\u{301}', '\u{2010}', '\u{fffd}', '😀'] {
            assert!(!is_format_character(c), "{c:?}");
        }
    }
}
