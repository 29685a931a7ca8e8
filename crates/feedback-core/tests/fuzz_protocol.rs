//! Property-based tests of the host message parser: whatever a frame posts,
//! parsing never panics, a well-formed SET_PARAMETERS always yields exactly
//! the parameters it carried, and an empty value is never kept as a value.
//!
//! Case counts are fixed so the suite takes seconds in CI; failures are
//! shrunk to a minimal message and printed.

use feedback_core::protocol::*;
use proptest::prelude::*;

const CASES: u32 = 4000;

/// Text a Liquid template or a hostile frame might put in a field:
/// empty, blank, plausible, unicode, control characters, long.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[ \t\r\n\u{a0}\u{2003}]{1,4}",
        "[a-zA-Z0-9._%+@ -]{0,40}",
        "\\PC{0,24}",
        ".{0,16}",
        "[\u{0}-\u{1f}]{1,4}",
        "[+0-9 ().-]{0,20}",
        "(light|dark|LIGHT| Dark |da|da-DK|en_GB|nb|xx){1}",
        "\\PC{8190,8200}",
    ]
}

fn field() -> impl Strategy<Value = Field> {
    prop_oneof![
        Just(Field::Absent),
        Just(Field::Null),
        Just(Field::TooLong),
        prop::sample::select(vec!["number", "object", "array", "boolean", "bigint", "symbol", "function"])
            .prop_map(Field::NotText),
        text().prop_map(Field::text),
    ]
}

fn raw_parameters() -> impl Strategy<Value = RawParameters> {
    (field(), field(), field(), field(), field()).prop_map(
        |(token, respondent_email, respondent_phone, theme, locale)| RawParameters {
            token,
            respondent_email,
            respondent_phone,
            theme,
            locale,
        },
    )
}

fn raw_message() -> impl Strategy<Value = RawMessage> {
    let action = prop_oneof![
        3 => Just(Field::text(SET_PARAMETERS_ACTION)),
        1 => Just(Field::text(READY_ACTION)),
        1 => field(),
    ];
    let parameters = prop_oneof![
        1 => Just(RawParametersField::Absent),
        1 => prop::sample::select(vec!["string", "number", "array", "null"]).prop_map(RawParametersField::NotAnObject),
        4 => raw_parameters().prop_map(RawParametersField::Object),
    ];
    prop_oneof![
        1 => prop::sample::select(vec!["string", "number", "null", "array", "boolean"]).prop_map(RawMessage::NotAnObject),
        6 => (action, parameters).prop_map(|(action, parameters)| RawMessage::Object { action, parameters }),
    ]
}

/// Parameters the card may already hold when a message arrives.
fn held() -> impl Strategy<Value = Parameters> {
    (
        prop::option::of("[A-Za-z0-9]{8,40}"),
        prop::option::of("[a-z]{1,8}@[a-z]{1,8}\\.dk"),
        prop::option::of("\\+45[0-9]{8}"),
    )
        .prop_map(|(token, email, phone)| Parameters {
            token: token.map(Token::new),
            respondent_email: email,
            respondent_phone: phone,
            theme: Some(Theme::Dark),
            locale: Some(Locale::Da),
        })
}

fn blank_or_padded(s: &str) -> bool {
    s.trim().is_empty() || s.trim() != s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    /// No message panics the parser, and what it accepts leaves no empty,
    /// blank or untrimmed value in the card's parameters.
    #[test]
    fn any_message_parses_without_panic_and_leaves_no_empty_value(raw in raw_message(), mut params in held()) {
        // A warning may quote another field's own value; only when no other
        // field holds the token's text does a warning containing it repeat the token.
        let token_text = match &raw {
            RawMessage::Object { parameters: RawParametersField::Object(p), .. } => match &p.token {
                Field::Text(t) if t.trim().len() >= 4 => {
                    let token = t.trim();
                    let others = [&p.respondent_email, &p.respondent_phone, &p.theme, &p.locale];
                    let quoted_elsewhere =
                        others.iter().any(|f| matches!(f, Field::Text(v) if v.contains(token)));
                    (!quoted_elsewhere).then(|| token.to_owned())
                }
                _ => None,
            },
            _ => None,
        };
        match parse_host_message(raw) {
            Err(rejection) => {
                let _ = rejection.to_string();
            }
            Ok(HostMessage::SetParameters { update, warnings }) => {
                for w in &warnings {
                    if let Some(token) = &token_text {
                        prop_assert!(!w.problem.contains(token.as_str()), "a warning repeats the token");
                    }
                }
                params.apply(update);
                if let Some(token) = &params.token {
                    let t = token.expose();
                    prop_assert!(!t.is_empty() && !t.chars().any(|c| c.is_whitespace() || c.is_control()), "token {t:?}");
                }
                for value in [&params.respondent_email, &params.respondent_phone].into_iter().flatten() {
                    prop_assert!(!blank_or_padded(value), "identifier {value:?}");
                }
            }
        }
    }

    /// `""` (and any blank text) never becomes a value: identifiers and
    /// choices are cleared, the token is kept as it was.
    #[test]
    fn blank_text_is_always_absent(blank in "[ \t\r\n\u{a0}]{0,6}", mut params in held()) {
        let before = params.clone();
        let raw = RawMessage::Object {
            action: Field::text(SET_PARAMETERS_ACTION),
            parameters: RawParametersField::Object(RawParameters {
                token: Field::text(blank.clone()),
                respondent_email: Field::text(blank.clone()),
                respondent_phone: Field::text(blank.clone()),
                theme: Field::text(blank.clone()),
                locale: Field::text(blank),
            }),
        };
        let Ok(HostMessage::SetParameters { update, warnings }) = parse_host_message(raw) else {
            return Err(TestCaseError::fail("a SET_PARAMETERS message was refused"));
        };
        prop_assert!(warnings.is_empty(), "{warnings:?}");
        params.apply(update);
        prop_assert_eq!(params.lookup(), None);
        prop_assert_eq!(params, Parameters { token: before.token, ..Parameters::default() });
    }

    /// A valid SET_PARAMETERS (token, email in any case with stray spaces,
    /// phone in E.164 or typed with separators) always yields exactly those
    /// parameters, whatever the card held before, and parsing is repeatable.
    #[test]
    fn a_valid_set_parameters_always_parses_to_the_same_parameters(
        token in "[A-Za-z0-9._~+/=-]{1,400}",
        local in "[a-zA-Z0-9][a-zA-Z0-9._%+-]{0,20}",
        domain in "[a-zA-Z0-9][a-zA-Z0-9-]{0,12}(\\.[a-zA-Z]{2,6}){1,2}",
        country in "[1-9][0-9]{0,2}",
        subscriber in "[0-9]{7,11}",
        separators in prop::collection::vec(prop::sample::select(vec!["", " ", "-", ".", "(", ")", "/"]), 16),
        use_00 in any::<bool>(),
        pad in "[ \t]{0,3}",
        theme in prop::sample::select(vec![("light", Theme::Light), ("Dark", Theme::Dark), (" DARK ", Theme::Dark)]),
        locale in prop::sample::select(vec![("da-DK", Locale::Da), ("en", Locale::En), ("EN_gb", Locale::En), ("da", Locale::Da)]),
        mut params in held(),
    ) {
        let national = format!("{country}{subscriber}");
        prop_assume!(national.len() <= 15);
        let typed_digits: String = national
            .chars()
            .enumerate()
            .map(|(i, c)| format!("{}{c}", separators[i % separators.len()]))
            .collect();
        // A "(0)" after the country code is the trunk prefix, dropped (tests/fuzz_normalise.rs).
        prop_assume!(!typed_digits.contains("(0)"));
        let phone = format!("{pad}{}{typed_digits}{pad}", if use_00 { "00" } else { "+" });
        let email = format!("{pad}{local}@{domain}{pad}");
        let message = || RawMessage::Object {
            action: Field::text(SET_PARAMETERS_ACTION),
            parameters: RawParametersField::Object(RawParameters {
                token: Field::text(format!("{pad}{token}{pad}")),
                respondent_email: Field::text(email.clone()),
                respondent_phone: Field::text(phone.clone()),
                theme: Field::text(theme.0),
                locale: Field::text(locale.0),
            }),
        };
        let first = parse_host_message(message());
        prop_assert_eq!(&first, &parse_host_message(message()), "parsing is repeatable");
        let Ok(HostMessage::SetParameters { update, warnings }) = first else {
            return Err(TestCaseError::fail("a valid SET_PARAMETERS was refused"));
        };
        prop_assert!(warnings.is_empty(), "{warnings:?}");
        params.apply(update);
        let expected_email = format!("{local}@{domain}").to_lowercase();
        let expected_phone = format!("+{national}");
        prop_assert_eq!(params.token.as_ref().map(Token::expose), Some(token.as_str()));
        prop_assert_eq!(params.respondent_email.as_deref(), Some(expected_email.as_str()));
        prop_assert_eq!(params.respondent_phone.as_deref(), Some(expected_phone.as_str()));
        prop_assert_eq!(params.theme, Some(theme.1));
        prop_assert_eq!(params.locale, Some(locale.1));
    }

    /// A message whose keys are all missing changes nothing.
    #[test]
    fn missing_keys_keep_what_the_card_holds(params in held()) {
        let mut after = params.clone();
        for parameters in [RawParametersField::Absent, RawParametersField::Object(RawParameters::default())] {
            let raw = RawMessage::Object { action: Field::text(SET_PARAMETERS_ACTION), parameters };
            let Ok(HostMessage::SetParameters { update, .. }) = parse_host_message(raw) else {
                return Err(TestCaseError::fail("refused"));
            };
            prop_assert!(update.is_noop());
            after.apply(update);
        }
        prop_assert_eq!(after, params);
    }
}
