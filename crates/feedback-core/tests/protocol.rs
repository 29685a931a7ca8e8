//! Card protocol parsing: the shapes a host (or anything else) may post.

use feedback_core::protocol::*;
use serde_json::{json, Value};

/// Reduces JSON to a RawMessage the way the browser glue reduces a JsValue:
/// only the known keys are read.
fn raw(v: &Value) -> RawMessage {
    fn field(v: Option<&Value>) -> Field {
        match v {
            None => Field::Absent,
            Some(Value::Null) => Field::Null,
            Some(Value::String(s)) => Field::text(s.clone()),
            Some(Value::Bool(_)) => Field::NotText("boolean"),
            Some(Value::Number(_)) => Field::NotText("number"),
            Some(Value::Array(_)) => Field::NotText("array"),
            Some(Value::Object(_)) => Field::NotText("object"),
        }
    }
    let Value::Object(o) = v else {
        return RawMessage::NotAnObject(match v {
            Value::Null => "null",
            Value::Array(_) => "array",
            Value::String(_) => "string",
            _ => "other",
        });
    };
    let parameters = match o.get("parameters") {
        None | Some(Value::Null) => RawParametersField::Absent,
        Some(Value::Object(p)) => RawParametersField::Object(RawParameters {
            token: field(p.get("token")),
            respondent_email: field(p.get("respondentEmail")),
            respondent_phone: field(p.get("respondentPhone")),
            theme: field(p.get("theme")),
            locale: field(p.get("locale")),
        }),
        Some(_) => RawParametersField::NotAnObject("non-object"),
    };
    RawMessage::Object { action: field(o.get("action")), parameters }
}

fn apply(params: &mut Parameters, v: Value) -> Result<Vec<FieldWarning>, Rejection> {
    let HostMessage::SetParameters { update, warnings } = parse_host_message(raw(&v))?;
    params.apply(update);
    Ok(warnings)
}

fn seed_initial() -> Value {
    json!({"action": "SET_PARAMETERS", "parameters": {
        "token": "tok-123", "respondentEmail": " Anna@Example.com ", "respondentPhone": ""}})
}

#[test]
fn initial_set_parameters_is_applied_and_normalised() {
    let mut p = Parameters::default();
    assert!(apply(&mut p, seed_initial()).unwrap().is_empty());
    assert_eq!(p.token, Some(Token::new("tok-123")));
    assert_eq!(p.respondent_email.as_deref(), Some("anna@example.com"));
    assert_eq!(p.respondent_phone, None, "empty Liquid placeholder is absent");
    assert_eq!(p.lookup(), Some(RespondentLookup { email: Some("anna@example.com".into()), phone: None }));
}

#[test]
fn partial_update_keeps_token_and_switches_customer() {
    let mut p = Parameters::default();
    apply(&mut p, seed_initial()).unwrap();
    // The seed's "change the parameters after load" example: no token.
    apply(
        &mut p,
        json!({"action": "SET_PARAMETERS", "parameters": {
        "respondentEmail": "", "respondentPhone": "+45 12 34 56 78"}}),
    )
    .unwrap();
    assert_eq!(p.token, Some(Token::new("tok-123")));
    assert_eq!(p.respondent_email, None, "previous customer's email must not survive");
    assert_eq!(p.respondent_phone.as_deref(), Some("+4512345678"));
}

#[test]
fn empty_parameters_change_nothing() {
    let mut p = Parameters::default();
    apply(&mut p, seed_initial()).unwrap();
    let before = p.clone();
    for msg in [
        json!({"action": "SET_PARAMETERS", "parameters": {}}),
        json!({"action": "SET_PARAMETERS"}),
        json!({"action": "SET_PARAMETERS", "parameters": null}),
        json!({"action": "SET_PARAMETERS", "parameters": {"unrelated": 1}}),
    ] {
        let HostMessage::SetParameters { update, .. } = parse_host_message(raw(&msg)).unwrap();
        assert!(update.is_noop(), "{msg}");
        p.apply(update);
        assert_eq!(p, before, "{msg}");
    }
}

#[test]
fn empty_or_whitespace_token_keeps_the_token() {
    let mut p = Parameters::default();
    apply(&mut p, seed_initial()).unwrap();
    apply(&mut p, json!({"action": "SET_PARAMETERS", "parameters": {"token": "  "}})).unwrap();
    assert_eq!(p.token, Some(Token::new("tok-123")));
    apply(&mut p, json!({"action": "SET_PARAMETERS", "parameters": {"token": null}})).unwrap();
    assert_eq!(p.token, Some(Token::new("tok-123")));
    apply(&mut p, json!({"action": "SET_PARAMETERS", "parameters": {"token": "tok-456"}})).unwrap();
    assert_eq!(p.token, Some(Token::new("tok-456")));
}

#[test]
fn first_message_without_token_has_no_token() {
    let mut p = Parameters::default();
    apply(&mut p, json!({"action": "SET_PARAMETERS", "parameters": {"token": "", "respondentEmail": "a@b.dk"}}))
        .unwrap();
    assert_eq!(p.token, None);
}

#[test]
fn whole_message_rejections() {
    let cases = [
        (json!("SET_PARAMETERS"), "not an object"),
        (json!(42), "not an object"),
        (json!(null), "not an object"),
        (json!([{"action": "SET_PARAMETERS"}]), "not an object"),
        (json!({}), "no action"),
        (json!({"action": null}), "no action"),
        (json!({"action": 7}), "action not text"),
        (json!({"action": {"x": 1}}), "action not text"),
        (json!({"action": "set_parameters"}), "unknown (case matters)"),
        (json!({"action": "FEEDBACK_WIDGET_READY"}), "unknown (our own message)"),
        (json!({"action": "SET_PARAMETERS", "parameters": "token=abc"}), "parameters not object"),
        (json!({"action": "SET_PARAMETERS", "parameters": [1, 2]}), "parameters not object"),
        (json!({"action": "SET_PARAMETERS", "parameters": 5}), "parameters not object"),
    ];
    for (msg, why) in cases {
        assert!(parse_host_message(raw(&msg)).is_err(), "{why}: {msg}");
    }
    assert_eq!(parse_host_message(raw(&json!({"action": "PING"}))), Err(Rejection::UnknownAction("PING".into())));
    let long_action = "A".repeat(MAX_FIELD_LEN + 1);
    assert!(matches!(parse_host_message(raw(&json!({"action": long_action}))), Err(Rejection::UnknownAction(_))));
}

#[test]
fn wrong_typed_fields_are_refused_one_by_one() {
    let mut p = Parameters::default();
    apply(&mut p, seed_initial()).unwrap();
    let warnings = apply(
        &mut p,
        json!({"action": "SET_PARAMETERS", "parameters": {
        "token": 12345, "respondentEmail": {"evil": true}, "respondentPhone": "+4587654321"}}),
    )
    .unwrap();
    assert_eq!(p.token, Some(Token::new("tok-123")), "a non-string token is refused, old one kept");
    assert_eq!(p.respondent_email, None, "a broken email clears the previous customer");
    assert_eq!(p.respondent_phone.as_deref(), Some("+4587654321"), "the good field still applies");
    let fields: Vec<_> = warnings.iter().map(|w| w.field).collect();
    assert_eq!(fields, ["token", "respondentEmail"]);
}

#[test]
fn invalid_identifiers_warn_and_clear() {
    let mut p = Parameters::default();
    let w = apply(
        &mut p,
        json!({"action": "SET_PARAMETERS", "parameters": {
        "token": "t", "respondentEmail": "not-an-email", "respondentPhone": "12345678"}}),
    )
    .unwrap();
    assert_eq!(p.lookup(), None);
    assert_eq!(w.len(), 2);
    assert!(w[1].problem.contains("country code"), "{:?}", w[1]);
}

#[test]
fn huge_strings_are_refused_without_being_kept() {
    let huge = "x".repeat(MAX_FIELD_LEN + 1);
    let mut p = Parameters::default();
    apply(&mut p, seed_initial()).unwrap();
    let w = apply(
        &mut p,
        json!({"action": "SET_PARAMETERS", "parameters": {
        "token": huge.clone(), "respondentEmail": huge}}),
    )
    .unwrap();
    assert_eq!(p.token, Some(Token::new("tok-123")));
    assert_eq!(p.respondent_email, None);
    assert_eq!(w.len(), 2);
}

#[test]
fn token_with_inner_whitespace_is_refused() {
    let mut p = Parameters::default();
    let w = apply(&mut p, json!({"action": "SET_PARAMETERS", "parameters": {"token": "abc\r\nX-Evil: 1"}})).unwrap();
    assert_eq!(p.token, None);
    assert_eq!(w[0].field, "token");
}

#[test]
fn token_never_appears_in_debug_output_or_warnings() {
    let mut p = Parameters::default();
    let w =
        apply(&mut p, json!({"action": "SET_PARAMETERS", "parameters": {"token": "s3cr3t-value", "theme": "purple"}}))
            .unwrap();
    assert!(!format!("{p:?}").contains("s3cr3t"));
    assert!(!format!("{w:?}").contains("s3cr3t"));
    let HostMessage::SetParameters { update, .. } =
        parse_host_message(raw(&json!({"action": "SET_PARAMETERS", "parameters": {"token": "s3cr3t-value"}}))).unwrap();
    assert!(!format!("{update:?}").contains("s3cr3t"));
}

#[test]
fn theme_and_locale_are_optional_choices() {
    let mut p = Parameters::default();
    apply(&mut p, json!({"action": "SET_PARAMETERS", "parameters": {"theme": "Dark", "locale": "da-DK"}})).unwrap();
    assert_eq!((p.theme, p.locale), (Some(Theme::Dark), Some(Locale::Da)));
    let w =
        apply(&mut p, json!({"action": "SET_PARAMETERS", "parameters": {"theme": "purple", "locale": "fr"}})).unwrap();
    assert_eq!((p.theme, p.locale), (None, None), "unsupported values fall back to the browser's");
    assert_eq!(w.len(), 2);
    apply(&mut p, json!({"action": "SET_PARAMETERS", "parameters": {"locale": "en_GB"}})).unwrap();
    assert_eq!(p.locale, Some(Locale::En));
}

#[test]
fn unicode_is_measured_in_utf16_units_like_javascript() {
    // 4 bytes in UTF-8, 2 units in UTF-16: the limit follows JS string length.
    let s = "😀".repeat(MAX_FIELD_LEN / 2);
    assert!(matches!(Field::text(s.clone()), Field::Text(_)));
    assert_eq!(Field::text(format!("{s}x")), Field::TooLong);
}

/// `index.html` says READY from inline JavaScript before the app loads; its
/// message must be the one the app would post.
#[test]
fn the_inline_ready_in_index_html_matches_the_protocol() {
    let page = include_str!("../../../index.html");
    let ready = format!(
        "postMessage({{ action: \"{}\", protocolVersion: {} }}, \"*\")",
        feedback_core::protocol::READY_ACTION,
        feedback_core::protocol::PROTOCOL_VERSION
    );
    assert!(page.contains(&ready), "index.html must post {ready}");
    // It hands the host's messages to the app under this name (src/host/early.rs).
    assert!(page.contains(".feedbackAppEarly = {"));
}

/// The card passes the browser's NFC and lower-casing; whatever it passes is
/// what the email is folded with, and the rest of the check is the same.
#[test]
fn the_supplied_lower_casing_is_used_for_emails() {
    use feedback_core::normalise::Folding;
    use feedback_core::protocol::{
        parse_host_message_with, Field, HostMessage, RawMessage, RawParameters, RawParametersField,
    };
    let raw = |email: &str| RawMessage::Object {
        action: Field::Text("SET_PARAMETERS".into()),
        parameters: RawParametersField::Object(RawParameters {
            respondent_email: Field::Text(email.into()),
            ..RawParameters::default()
        }),
    };
    let email_of = |m: Result<HostMessage, _>| match m {
        Ok(HostMessage::SetParameters { update, warnings }) => {
            (format!("{:?}", update.respondent_email), warnings.len())
        }
        Err(e) => panic!("{e}"),
    };
    let shouting = Folding { nfc: str::to_owned, lowercase: str::to_uppercase };
    assert_eq!(email_of(parse_host_message_with(raw(" Ærø@Example.DK "), shouting)).0, r#"Set("ÆRØ@EXAMPLE.DK")"#);
    // Decomposed stays decomposed when the supplied NFC does nothing.
    assert_eq!(email_of(parse_host_message_with(raw("Ae\u{301}@x.dk"), shouting)).0, r#"Set("AE\u{301}@X.DK")"#);
    let marked = Folding { nfc: |s| s.replace('\u{301}', "\u{b4}"), ..Folding::RUST };
    assert_eq!(email_of(parse_host_message_with(raw("Ae\u{301}@x.dk"), marked)).0, "Set(\"ae\u{b4}@x.dk\")");
    assert_eq!(
        email_of(parse_host_message_with(raw(" Ærø@Example.DK "), Folding::RUST)),
        email_of(feedback_core::protocol::parse_host_message(raw(" Ærø@Example.DK ")))
    );
    assert_eq!(email_of(parse_host_message_with(raw("no-at-sign"), shouting)).1, 1, "still checked");
}
