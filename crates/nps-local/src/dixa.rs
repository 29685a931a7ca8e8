//! Dixa webhook payloads and the campaign-member mapping.
//!
//! Dixa sends snake_case (`event_id`, `contact_point`); nps.today's own
//! example of the same Closed event is camelCase (`eventId`,
//! `contactPoint`). Both are read. The mapping follows nps.today's guide:
//!
//! | payload | campaign member |
//! |---|---|
//! | conversation.requester.name / phone / email / id | Respondent.FirstName / Phonenumber / Email / ExternalId |
//! | conversation.assignee.name / phone / email | ResponsibleEmployee.FirstName / PhoneNumber / Email |
//! | conversation.csid | ExternalId and custom.dixaConversationId |
//! | conversation custom attribute `p_gap` (0–10), from the body or else from Dixa's API | agent rating (P-GAP) |

use feedback_core::normalise::{normalise_email, normalise_phone};
use serde_json::Value;

/// A person on the conversation (requester or assignee).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DixaUser {
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// What the relay makes of a Closed event.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosedConversation {
    pub event_id: String,
    pub csid: String,
    pub channel: Option<String>,
    pub queue_id: Option<String>,
    pub requester: DixaUser,
    pub assignee: DixaUser,
    pub p_gap: Option<u8>,
}

/// How a delivery is answered before any database work.
// Made once per delivery and consumed at once: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// A Closed event to turn into a campaign member.
    Closed(ClosedConversation),
    /// Another event type: acknowledged, nothing done.
    OtherEvent { event_id: String, event_type: String },
}

/// Why a delivery is refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// 400: not JSON, not an object, or a required field missing/invalid.
    Malformed(String),
    /// 422: a Closed event nps.today cannot survey (the guide requires an assignee).
    Unprocessable { code: &'static str, message: String },
}

/// First present key among its spellings.
fn field<'a>(obj: &'a Value, names: &[&str]) -> Option<&'a Value> {
    names.iter().find_map(|n| obj.get(*n)).filter(|v| !v.is_null())
}

/// Text or number as text; empty is absent.
fn text(obj: &Value, names: &[&str]) -> Option<String> {
    match field(obj, names)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn user(v: Option<&Value>) -> Option<DixaUser> {
    let v = v.filter(|v| v.is_object())?;
    Some(DixaUser {
        id: text(v, &["id"]),
        name: text(v, &["name"]),
        email: text(v, &["email"]).and_then(|e| normalise_email(&e).ok()),
        phone: text(v, &["phone"]).and_then(|p| normalise_phone(&p).ok()),
    })
}

/// The `p_gap` custom attribute among a conversation's attributes: an object
/// (`{"p_gap": "7"}`) or a list of `{identifier|name|key, value}` entries, as
/// the webhook body (some senders) or Dixa's API (`customAttributes`) give it.
pub fn p_gap_attribute(attrs: &Value) -> Option<u8> {
    let raw = match attrs {
        Value::Object(map) => map.get("p_gap"),
        Value::Array(list) => list.iter().find_map(|a| {
            let id = text(a, &["identifier", "name", "key", "technical_identifier", "technicalIdentifier"])?;
            (id == "p_gap").then(|| a.get("value")).flatten()
        }),
        _ => None,
    }?;
    p_gap_value(raw)
}

/// A P-GAP value: a number, a string (Text attribute) or an array of one
/// string (Select attribute, `["7"]`); whole numbers 0–10 only.
pub fn p_gap_value(raw: &Value) -> Option<u8> {
    let n = match raw {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        Value::Array(items) => match items.as_slice() {
            [one] if !one.is_array() => return p_gap_value(one),
            _ => return None,
        },
        _ => return None,
    };
    (n.fract() == 0.0 && (0.0..=10.0).contains(&n)).then_some(n as u8)
}

fn p_gap(conversation: &Value) -> Option<u8> {
    p_gap_attribute(field(conversation, &["custom_attributes", "customAttributes"])?)
}

fn is_closed(event_type: &str) -> bool {
    matches!(
        event_type.to_ascii_uppercase().replace(['-', '.'], "_").as_str(),
        "CONVERSATION_CLOSED" | "CLOSED" | "CONVERSATIONCLOSED"
    )
}

/// Reads a delivery's body.
pub fn parse(body: &[u8]) -> Result<Parsed, Refusal> {
    let v: Value =
        serde_json::from_slice(body).map_err(|e| Refusal::Malformed(format!("body is not valid JSON: {e}")))?;
    if !v.is_object() {
        return Err(Refusal::Malformed("body must be a JSON object".into()));
    }
    let event_id = text(&v, &["event_id", "eventId"])
        .ok_or_else(|| Refusal::Malformed("`event_id` (or `eventId`) is missing".into()))?;
    let event_type = text(&v, &["event_fqn", "eventFqn"])
        .ok_or_else(|| Refusal::Malformed("`event_fqn` (or `eventFqn`) is missing".into()))?;
    if !is_closed(&event_type) {
        return Ok(Parsed::OtherEvent { event_id, event_type });
    }
    let conversation = field(&v, &["data"])
        .and_then(|d| field(d, &["conversation"]))
        .filter(|c| c.is_object())
        .ok_or_else(|| Refusal::Malformed("`data.conversation` is missing or not an object".into()))?;
    let csid = text(conversation, &["csid"])
        .ok_or_else(|| Refusal::Malformed("`data.conversation.csid` is missing".into()))?;
    let requester = user(field(conversation, &["requester"]))
        .ok_or_else(|| Refusal::Malformed("`data.conversation.requester` is missing or not an object".into()))?;
    if requester.email.is_none() && requester.phone.is_none() {
        return Err(Refusal::Unprocessable {
            code: "no_contact",
            message: "the requester has neither a valid email nor a valid phone number, so no survey can be sent"
                .into(),
        });
    }
    let assignee = user(field(conversation, &["assignee"])).ok_or_else(|| Refusal::Unprocessable {
        code: "no_assignee",
        message: "the conversation has no assignee; nps.today requires an assigned agent to send a survey".into(),
    })?;
    if assignee.email.is_none() {
        return Err(Refusal::Unprocessable {
            code: "no_assignee",
            message: "the assignee has no email, so no responsible employee can be set".into(),
        });
    }
    let closed = ClosedConversation {
        event_id,
        csid,
        channel: text(conversation, &["channel"]).map(|c| c.to_ascii_lowercase()),
        queue_id: field(conversation, &["queue"]).and_then(|q| text(q, &["id"])),
        requester,
        assignee,
        p_gap: p_gap(conversation),
    };
    check_lengths(&closed)?;
    Ok(Parsed::Closed(closed))
}

/// The longest stored identifier (event id, csid, queue, user ids, channel).
pub const MAX_ID_CHARS: usize = 200;
/// The longest stored name.
pub const MAX_NAME_CHARS: usize = 300;

/// Stored fields are bounded: a longer one is refused (422) rather than
/// cut, so nothing stored differs from what Dixa sent.
fn check_lengths(c: &ClosedConversation) -> Result<(), Refusal> {
    let fields: [(&str, Option<&str>, usize); 9] = [
        ("event_id", Some(&c.event_id), MAX_ID_CHARS),
        ("data.conversation.csid", Some(&c.csid), MAX_ID_CHARS),
        ("data.conversation.channel", c.channel.as_deref(), MAX_ID_CHARS),
        ("data.conversation.queue.id", c.queue_id.as_deref(), MAX_ID_CHARS),
        ("data.conversation.requester.id", c.requester.id.as_deref(), MAX_ID_CHARS),
        ("data.conversation.requester.name", c.requester.name.as_deref(), MAX_NAME_CHARS),
        ("data.conversation.assignee.id", c.assignee.id.as_deref(), MAX_ID_CHARS),
        ("data.conversation.assignee.name", c.assignee.name.as_deref(), MAX_NAME_CHARS),
        ("data.conversation.assignee.phone", c.assignee.phone.as_deref(), MAX_ID_CHARS),
    ];
    for (name, value, max) in fields {
        if let Some(n) = value.map(|v| v.chars().count()).filter(|n| *n > max) {
            return Err(Refusal::Unprocessable {
                code: "field_too_long",
                message: format!("`{name}` is {n} characters; at most {max} are stored"),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn closed(conversation: Value) -> Vec<u8> {
        json!({"event_id": "e1", "event_fqn": "CONVERSATION_CLOSED", "event_version": "1", "data": {"conversation": conversation}}).to_string().into_bytes()
    }

    #[test]
    fn over_long_stored_fields_are_refused_with_their_name() {
        let long = "x".repeat(MAX_ID_CHARS + 1);
        let body = json!({"event_id": long, "event_fqn": "CONVERSATION_CLOSED", "data": {"conversation": {
            "csid": 1, "requester": {"email": "a@example.com"}, "assignee": {"email": "m@shop.example"}}}});
        match parse(body.to_string().as_bytes()) {
            Err(Refusal::Unprocessable { code: "field_too_long", message }) => {
                assert!(message.contains("event_id"), "{message}")
            }
            other => panic!("{other:?}"),
        }
        let name = "é".repeat(MAX_NAME_CHARS);
        let body = closed(json!({"csid": 1, "requester": {"email": "a@example.com", "name": name},
            "assignee": {"email": "m@shop.example", "name": format!("{name}x")}}));
        match parse(&body) {
            Err(Refusal::Unprocessable { message, .. }) => assert!(message.contains("assignee.name"), "{message}"),
            other => panic!("{other:?}"),
        }
        let body = closed(json!({"csid": 1, "requester": {"email": "a@example.com", "name": name},
            "assignee": {"email": "m@shop.example"}}));
        assert!(parse(&body).is_ok(), "a name at the limit (in characters, not bytes) is kept");
    }

    #[test]
    fn snake_case_closed_event_maps_to_a_member() {
        let body = closed(json!({
            "csid": 4711, "channel": "EMAIL", "queue": {"id": "q1", "name": "Support"},
            "requester": {"id": "u1", "name": "Anna", "email": "Anna@Example.com", "phone": "+45 12 34 56 78"},
            "assignee": {"id": "a1", "name": "Mette", "email": "mette@shop.example"},
            "custom_attributes": [{"identifier": "p_gap", "value": "8"}]
        }));
        let Parsed::Closed(c) = parse(&body).unwrap() else { panic!() };
        assert_eq!(c.csid, "4711");
        assert_eq!(c.channel.as_deref(), Some("email"));
        assert_eq!(c.queue_id.as_deref(), Some("q1"));
        assert_eq!(c.requester.email.as_deref(), Some("anna@example.com"));
        assert_eq!(c.requester.phone.as_deref(), Some("+4512345678"));
        assert_eq!(c.assignee.email.as_deref(), Some("mette@shop.example"));
        assert_eq!(c.p_gap, Some(8));
    }

    #[test]
    fn camel_case_seed_example_is_read_too() {
        let body = json!({"eventId": "e2", "eventFqn": "CONVERSATION_CLOSED", "data": {"conversation": {
            "csid": 123, "contactPoint": "x", "queue": {"id": "q2"},
            "requester": {"id": "u", "name": "Bo", "phone": "+4511111111"},
            "assignee": {"email": "jonas@shop.example"}, "customAttributes": {"p_gap": 3}, "createdAt": "2026-02-13T00:00:00Z"}}});
        let Parsed::Closed(c) = parse(body.to_string().as_bytes()).unwrap() else { panic!() };
        assert_eq!((c.event_id.as_str(), c.csid.as_str(), c.p_gap), ("e2", "123", Some(3)));
    }

    #[test]
    fn other_events_are_acknowledged() {
        let body = json!({"event_id": "e3", "event_fqn": "CONVERSATION_MESSAGE_ADDED", "data": {}}).to_string();
        assert_eq!(
            parse(body.as_bytes()).unwrap(),
            Parsed::OtherEvent { event_id: "e3".into(), event_type: "CONVERSATION_MESSAGE_ADDED".into() }
        );
    }

    #[test]
    fn refusals_name_what_is_wrong() {
        let malformed = |b: &[u8]| match parse(b) {
            Err(Refusal::Malformed(m)) => m,
            other => panic!("{other:?}"),
        };
        assert!(malformed(b"{not json").contains("not valid JSON"));
        assert!(malformed(b"[1]").contains("JSON object"));
        assert!(malformed(br#"{"event_fqn":"CONVERSATION_CLOSED"}"#).contains("event_id"));
        assert!(malformed(br#"{"event_id":"x"}"#).contains("event_fqn"));
        assert!(malformed(br#"{"event_id":"x","event_fqn":"CONVERSATION_CLOSED"}"#).contains("data.conversation"));
        assert!(malformed(&closed(json!({"requester": {"email": "a@b.dk"}}))).contains("csid"));
        assert!(malformed(&closed(json!({"csid": 1}))).contains("requester"));
        let no_assignee = parse(&closed(json!({"csid": 1, "requester": {"email": "a@b.dk"}})));
        assert!(matches!(no_assignee, Err(Refusal::Unprocessable { code: "no_assignee", .. })));
        let no_contact =
            parse(&closed(json!({"csid": 1, "requester": {"name": "x"}, "assignee": {"email": "m@s.dk"}})));
        assert!(matches!(no_contact, Err(Refusal::Unprocessable { code: "no_contact", .. })));
    }

    #[test]
    fn p_gap_values_in_every_shape_dixa_uses() {
        for (raw, want) in [
            (json!(["7"]), Some(7)),
            (json!("10"), Some(10)),
            (json!(0), Some(0)),
            (json!([" 3 "]), Some(3)),
            (json!(["7", "8"]), None),
            (json!([]), None),
            (json!([["7"]]), None),
            (json!("-1"), None),
            (json!(true), None),
            (json!({"value": 7}), None),
        ] {
            assert_eq!(p_gap_value(&raw), want, "{raw}");
        }
        let api = json!([{"id": "x", "identifier": "topic", "value": ["9"]}, {"id": "y", "identifier": "p_gap", "value": ["4"]}]);
        assert_eq!(p_gap_attribute(&api), Some(4));
    }

    #[test]
    fn p_gap_outside_range_is_ignored() {
        for bad in [
            json!({"p_gap": 11}),
            json!({"p_gap": "x"}),
            json!({"p_gap": 7.5}),
            json!([{"identifier": "other", "value": 5}]),
        ] {
            let body = closed(
                json!({"csid": 1, "requester": {"email": "a@b.dk"}, "assignee": {"email": "m@s.dk"}, "custom_attributes": bad}),
            );
            let Parsed::Closed(c) = parse(&body).unwrap() else { panic!() };
            assert_eq!(c.p_gap, None);
        }
    }
}
