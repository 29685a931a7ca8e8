//! The card protocol: messages between the Feedback App and its host frame.
//!
//! The host (a Dixa custom card rendered from a Liquid template) posts
//! `{action: "SET_PARAMETERS", parameters: {token, respondentEmail, respondentPhone}}`
//! after the app posts `{action: "FEEDBACK_WIDGET_READY"}`. Anything may
//! arrive on `message`, so parsing never trusts a shape: the browser glue
//! reads only the known keys into a [`RawMessage`] (measuring string lengths
//! before copying them), and [`parse_host_message`] decides what it means.
//!
//! Update rules (see `docs/protocol.md`):
//! - a key that is missing leaves that parameter as it was;
//! - `""` or whitespace means "no value" (Liquid renders an empty placeholder
//!   that way): a respondent identifier named empty is cleared, so the
//!   previous customer's email never survives a switch to a phone-only
//!   conversation; the token is only ever replaced by another token;
//! - invalid values are refused one by one with a warning, the rest applies.

use crate::normalise::Folding;

/// Version of the messages this app posts (`protocolVersion` field).
pub const PROTOCOL_VERSION: u32 = 1;
/// `action` of the message posted once the app listens.
pub const READY_ACTION: &str = "FEEDBACK_WIDGET_READY";
/// `action` of the message posted whenever the content height changes.
pub const RESIZE_ACTION: &str = "FEEDBACK_WIDGET_RESIZE";
/// `action` of the host's parameter message.
pub const SET_PARAMETERS_ACTION: &str = "SET_PARAMETERS";
/// Longest string the glue copies out of a message. Tokens are a few
/// hundred bytes; anything this long is hostile or broken.
pub const MAX_FIELD_LEN: usize = 8 * 1024;

/// One known key of a message as the glue found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// The key is missing or `undefined`.
    Absent,
    /// `null`.
    Null,
    /// A string of at most [`MAX_FIELD_LEN`] UTF-16 units.
    Text(String),
    /// A string longer than [`MAX_FIELD_LEN`]; not copied.
    TooLong,
    /// Anything else (number, object, array, boolean…); the name of its type.
    NotText(&'static str),
}

impl Field {
    /// Convenience for tests and for the glue.
    pub fn text(s: impl Into<String>) -> Self {
        let s = s.into();
        if s.encode_utf16().count() > MAX_FIELD_LEN {
            Field::TooLong
        } else {
            Field::Text(s)
        }
    }
}

/// The `parameters` object's known keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawParameters {
    pub token: Field,
    pub respondent_email: Field,
    pub respondent_phone: Field,
    pub theme: Field,
    pub locale: Field,
}

impl Default for RawParameters {
    fn default() -> Self {
        Self {
            token: Field::Absent,
            respondent_email: Field::Absent,
            respondent_phone: Field::Absent,
            theme: Field::Absent,
            locale: Field::Absent,
        }
    }
}

/// The `parameters` key of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawParametersField {
    Absent,
    NotAnObject(&'static str),
    Object(RawParameters),
}

/// A `message` event's data, reduced to what the protocol reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawMessage {
    /// The data was not a plain object (string, number, null, array…).
    NotAnObject(&'static str),
    Object {
        action: Field,
        parameters: RawParametersField,
    },
}

/// The bearer token. Its `Debug` never prints it, and it has no `Display`,
/// so it cannot end up in a log line or a rendered view by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(value: impl Into<String>) -> Self {
        Token(value.into())
    }
    /// The secret itself, for the `Authorization` header and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    En,
    Da,
}

impl Locale {
    /// Maps a BCP 47 tag (`da`, `da-DK`, `en-GB`, `nb`…) to a supported locale.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "da" => Some(Locale::Da),
            "en" => Some(Locale::En),
            _ => None,
        }
    }
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Da => "da",
        }
    }
}

/// What a message does to one parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update<T> {
    Keep,
    Clear,
    Set(T),
}

impl<T> Update<T> {
    fn apply_to(self, slot: &mut Option<T>) {
        match self {
            Update::Keep => {}
            Update::Clear => *slot = None,
            Update::Set(v) => *slot = Some(v),
        }
    }
}

/// A parsed SET_PARAMETERS message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterUpdate {
    pub token: Update<Token>,
    pub respondent_email: Update<String>,
    pub respondent_phone: Update<String>,
    pub theme: Update<Theme>,
    pub locale: Update<Locale>,
}

impl ParameterUpdate {
    pub fn is_noop(&self) -> bool {
        [
            matches!(self.token, Update::Keep),
            matches!(self.respondent_email, Update::Keep),
            matches!(self.respondent_phone, Update::Keep),
            matches!(self.theme, Update::Keep),
            matches!(self.locale, Update::Keep),
        ]
        .iter()
        .all(|k| *k)
    }
}

/// A parameter value that was refused; the rest of the message still applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldWarning {
    pub field: &'static str,
    pub problem: String,
}

/// Why a whole message was ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    NotAnObject(&'static str),
    MissingAction,
    ActionNotText,
    UnknownAction(String),
    ParametersNotAnObject(&'static str),
}

impl Rejection {
    /// The reason in words (built from pieces: no formatting machinery in
    /// the card's WASM).
    pub fn describe(&self) -> String {
        match self {
            Rejection::NotAnObject(t) => ["message data is a ", t, ", not an object"].concat(),
            Rejection::MissingAction => "message has no `action`".into(),
            Rejection::ActionNotText => "`action` is not a string".into(),
            Rejection::UnknownAction(a) => ["unknown action \"", a, "\""].concat(),
            Rejection::ParametersNotAnObject(t) => ["`parameters` is a ", t, ", not an object"].concat(),
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A message the app acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostMessage {
    SetParameters { update: ParameterUpdate, warnings: Vec<FieldWarning> },
}

/// Decides what a message from the parent window means.
pub fn parse_host_message(raw: RawMessage) -> Result<HostMessage, Rejection> {
    parse_host_message_with(raw, Folding::RUST)
}

/// [`parse_host_message`] with the Unicode mappings of emails supplied: the
/// browser passes its own `normalize("NFC")` and `toLowerCase` (the same
/// mappings), so the card's WASM carries no Unicode tables.
pub fn parse_host_message_with(raw: RawMessage, folding: Folding) -> Result<HostMessage, Rejection> {
    let (action, parameters) = match raw {
        RawMessage::NotAnObject(t) => return Err(Rejection::NotAnObject(t)),
        RawMessage::Object { action, parameters } => (action, parameters),
    };
    match action {
        Field::Text(a) if a == SET_PARAMETERS_ACTION => {}
        Field::Text(a) => return Err(Rejection::UnknownAction(a.chars().take(64).collect())),
        Field::TooLong => return Err(Rejection::UnknownAction("<too long>".into())),
        Field::Absent | Field::Null => return Err(Rejection::MissingAction),
        Field::NotText(_) => return Err(Rejection::ActionNotText),
    }
    let params = match parameters {
        // The seed template's "update after load" snippet sends
        // `parameters: {}`; no parameters at all means the same: nothing changes.
        RawParametersField::Absent => RawParameters::default(),
        RawParametersField::NotAnObject(t) => return Err(Rejection::ParametersNotAnObject(t)),
        RawParametersField::Object(p) => p,
    };
    let mut warnings = Vec::new();
    let update = ParameterUpdate {
        token: token_update(params.token, &mut warnings),
        respondent_email: identifier_update(
            "respondentEmail",
            params.respondent_email,
            |raw| crate::normalise::normalise_email_with(raw, folding),
            &mut warnings,
        ),
        respondent_phone: identifier_update(
            "respondentPhone",
            params.respondent_phone,
            crate::normalise::normalise_phone,
            &mut warnings,
        ),
        theme: choice_update("theme", params.theme, parse_theme, &mut warnings),
        locale: choice_update("locale", params.locale, Locale::from_tag, &mut warnings),
    };
    Ok(HostMessage::SetParameters { update, warnings })
}

fn parse_theme(s: &str) -> Option<Theme> {
    match s.trim().to_ascii_lowercase().as_str() {
        "light" => Some(Theme::Light),
        "dark" => Some(Theme::Dark),
        _ => None,
    }
}

/// Non-text values are refused with a warning naming the field (never its value).
fn refuse<T>(field: &'static str, problem: impl Into<String>, warnings: &mut Vec<FieldWarning>) -> Update<T> {
    warnings.push(FieldWarning { field, problem: problem.into() });
    Update::Keep
}

fn token_update(field: Field, warnings: &mut Vec<FieldWarning>) -> Update<Token> {
    match field {
        Field::Absent => Update::Keep,
        // An empty token is "no new token", never "forget the token": only
        // a real token replaces a token.
        Field::Null => Update::Keep,
        Field::Text(t) if t.trim().is_empty() => Update::Keep,
        Field::Text(t) if t.trim().chars().any(|c| c.is_whitespace() || c.is_control()) => {
            refuse("token", "contains whitespace or control characters", warnings)
        }
        Field::Text(t) => Update::Set(Token(t.trim().to_owned())),
        Field::TooLong => refuse("token", "too long", warnings),
        Field::NotText(t) => refuse("token", ["is a ", t, ", not a string"].concat(), warnings),
    }
}

fn identifier_update(
    name: &'static str,
    field: Field,
    normalise: impl Fn(&str) -> Result<String, crate::normalise::IdentifierError>,
    warnings: &mut Vec<FieldWarning>,
) -> Update<String> {
    match field {
        Field::Absent => Update::Keep,
        Field::Null => Update::Clear,
        Field::Text(t) => match normalise(&t) {
            Ok(v) => Update::Set(v),
            Err(crate::normalise::IdentifierError::Empty) => Update::Clear,
            Err(e) => {
                // A value that cannot be used still means "this is not the
                // previous customer": clear, so stale data is never shown.
                warnings.push(FieldWarning { field: name, problem: [e.as_str(), "; ignored"].concat() });
                Update::Clear
            }
        },
        Field::TooLong => {
            warnings.push(FieldWarning { field: name, problem: "too long; ignored".into() });
            Update::Clear
        }
        Field::NotText(t) => {
            warnings.push(FieldWarning { field: name, problem: ["is a ", t, ", not a string; ignored"].concat() });
            Update::Clear
        }
    }
}

fn choice_update<T>(
    name: &'static str,
    field: Field,
    parse: fn(&str) -> Option<T>,
    warnings: &mut Vec<FieldWarning>,
) -> Update<T> {
    match field {
        Field::Absent => Update::Keep,
        Field::Null => Update::Clear,
        Field::Text(t) if t.trim().is_empty() => Update::Clear,
        Field::Text(t) => match parse(&t) {
            Some(v) => Update::Set(v),
            None => {
                let shown: String = t.chars().take(32).collect();
                warnings.push(FieldWarning {
                    field: name,
                    problem: ["unsupported value \"", &shown, "\"; ignored"].concat(),
                });
                Update::Clear
            }
        },
        Field::TooLong => refuse(name, "too long", warnings),
        Field::NotText(t) => refuse(name, ["is a ", t, ", not a string"].concat(), warnings),
    }
}

/// Who the card is looking up.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RespondentLookup {
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// The parameters currently in force.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parameters {
    pub token: Option<Token>,
    pub respondent_email: Option<String>,
    pub respondent_phone: Option<String>,
    pub theme: Option<Theme>,
    pub locale: Option<Locale>,
}

impl Parameters {
    /// Applies an update: named keys change, missing keys stay.
    pub fn apply(&mut self, update: ParameterUpdate) {
        update.token.apply_to(&mut self.token);
        update.respondent_email.apply_to(&mut self.respondent_email);
        update.respondent_phone.apply_to(&mut self.respondent_phone);
        update.theme.apply_to(&mut self.theme);
        update.locale.apply_to(&mut self.locale);
    }

    /// The respondent to look up, if the host gave an email or a phone.
    pub fn lookup(&self) -> Option<RespondentLookup> {
        if self.respondent_email.is_none() && self.respondent_phone.is_none() {
            None
        } else {
            Some(RespondentLookup { email: self.respondent_email.clone(), phone: self.respondent_phone.clone() })
        }
    }
}
