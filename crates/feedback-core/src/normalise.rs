//! Normalisation of the identifiers the card receives from Dixa.
//!
//! The host hands us whatever its Liquid template produced: an email in any
//! case with stray spaces, a phone number in E.164 (Dixa's format) or typed
//! by a person. Both sides of a lookup (card and service) normalise the same
//! way, so a customer is found however the number was written.

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

/// Trims and lower-cases an email, and checks it has the shape `local@domain`.
///
/// Deliberately loose beyond that: the service, not the card, decides
/// whether an address exists.
pub fn normalise_email(raw: &str) -> Result<String, IdentifierError> {
    normalise_email_with(raw, str::to_lowercase)
}

/// [`normalise_email`] with the lower-casing supplied (the browser's
/// `toLowerCase` in the card, which maps case as `str::to_lowercase` does).
pub fn normalise_email_with(raw: &str, lowercase: fn(&str) -> String) -> Result<String, IdentifierError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(IdentifierError::Empty);
    }
    if trimmed.len() > MAX_EMAIL_LEN {
        return Err(IdentifierError::TooLong);
    }
    let email = lowercase(trimmed);
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

/// Normalises a phone number to E.164 (`+` followed by 8 to 15 digits).
///
/// Accepts the separators people type (spaces, dashes, dots, parentheses,
/// slashes) and the international `00` prefix. A number without a country
/// code is refused rather than guessed: `12345678` is Danish in Copenhagen
/// and something else elsewhere.
pub fn normalise_phone(raw: &str) -> Result<String, IdentifierError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(IdentifierError::Empty);
    }
    if trimmed.len() > 64 {
        return Err(IdentifierError::TooLong);
    }
    let mut digits = String::with_capacity(16);
    let mut plus = false;
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '+' if i == 0 => plus = true,
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' => {}
            _ => return Err(IdentifierError::Malformed),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        assert_eq!(normalise_email("  Anna.Berg@Example.COM \n").as_deref(), Ok("anna.berg@example.com"));
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
    }

    #[test]
    fn phone_to_e164() {
        assert_eq!(normalise_phone("+4512345678").as_deref(), Ok("+4512345678"));
        assert_eq!(normalise_phone(" +45 12 34 56 78 ").as_deref(), Ok("+4512345678"));
        assert_eq!(normalise_phone("0045 12-34-56-78").as_deref(), Ok("+4512345678"));
        assert_eq!(normalise_phone("+1 (415) 555.0100").as_deref(), Ok("+14155550100"));
    }

    #[test]
    fn phone_rejects_what_is_not_e164() {
        assert_eq!(normalise_phone(""), Err(IdentifierError::Empty));
        assert_eq!(normalise_phone("12345678"), Err(IdentifierError::NoCountryCode));
        assert_eq!(normalise_phone("+45 12a45678"), Err(IdentifierError::Malformed));
        assert_eq!(normalise_phone("45+12345678"), Err(IdentifierError::Malformed));
        assert_eq!(normalise_phone("+123"), Err(IdentifierError::Malformed));
        assert_eq!(normalise_phone("+1234567890123456"), Err(IdentifierError::Malformed));
        assert_eq!(normalise_phone("+0412345678"), Err(IdentifierError::Malformed));
        assert_eq!(normalise_phone("+"), Err(IdentifierError::Malformed));
        assert_eq!(normalise_phone(&"1".repeat(100)), Err(IdentifierError::TooLong));
    }
}
