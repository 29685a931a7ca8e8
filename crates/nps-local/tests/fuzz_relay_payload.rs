//! Property-based tests of the relay's payload parser (`dixa::parse`): any
//! bytes and any JSON in the shape of a Dixa webhook are answered without a
//! panic; a Closed event it accepts is always one nps.today can survey; a
//! valid Closed event, in either casing, always maps to the same member.
//!
//! Case counts are fixed so the suite takes seconds in CI.

use nps_local::dixa::{parse, ClosedConversation, DixaUser, Parsed, Refusal};
use proptest::prelude::*;
use serde_json::{json, Map, Number, Value};

const CASES: u32 = 1500;

const KEYS: &[&str] = &[
    "event_id",
    "eventId",
    "event_fqn",
    "eventFqn",
    "event_version",
    "data",
    "conversation",
    "csid",
    "channel",
    "queue",
    "id",
    "name",
    "requester",
    "assignee",
    "email",
    "phone",
    "roles",
    "custom_attributes",
    "customAttributes",
    "identifier",
    "key",
    "technical_identifier",
    "value",
    "p_gap",
    "contact_point",
    "contactPoint",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[ \t\n]{1,3}",
        "(CONVERSATION_CLOSED|conversation.closed|Closed|CONVERSATION_MESSAGE_ADDED|closed-conversation)",
        "[a-zA-Z0-9._%+-]{1,10}@[a-z]{1,8}\\.[a-z]{2,3}",
        "[+0 ]{0,2}[0-9 -]{4,18}",
        "-?[0-9]{1,3}(\\.[0-9])?",
        "\\PC{0,16}",
    ]
}

fn json() -> impl Strategy<Value = Value> {
    json_within(6, 96)
}

/// Small values, for the parts around valid ones.
fn small_json() -> impl Strategy<Value = Value> {
    json_within(2, 8)
}

fn json_within(depth: u32, size: u32) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => (-3i64..14).prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        2 => text().prop_map(Value::String),
    ];
    leaf.prop_recursive(depth, size, 8, |inner| {
        let key = prop_oneof![5 => prop::sample::select(KEYS).prop_map(str::to_owned), 1 => "\\PC{0,6}"];
        prop_oneof![
            1 => prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            3 => prop::collection::vec((key, inner), 0..9).prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A delivery shaped like a Closed event whose parts are anything.
fn closed_like() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec![
            ("event_id", "event_fqn", "custom_attributes"),
            ("eventId", "eventFqn", "customAttributes"),
        ]),
        json(),
        json(),
        json(),
        json(),
        json(),
    )
        .prop_map(|((id, fqn, attrs), csid, requester, assignee, p_gap, queue)| {
            json!({
                id: "evt", fqn: "CONVERSATION_CLOSED",
                "data": {"conversation": {
                    "csid": csid, "requester": requester, "assignee": assignee, "queue": queue,
                    attrs: [{"identifier": "p_gap", "value": p_gap}],
                }}
            })
        })
}

/// A person whose contact data is valid, or not, part by part.
fn partly_valid_user() -> impl Strategy<Value = Value> {
    let email = prop_oneof![
        3 => "[a-zA-Z0-9][a-zA-Z0-9._+-]{0,10}@[a-z]{1,8}\\.(com|dk|example)".prop_map(Value::String),
        1 => small_json(),
    ];
    let phone = prop_oneof![1 => "\\+[1-9][0-9]{7,13}".prop_map(Value::String), 1 => small_json()];
    (small_json(), small_json(), email, phone)
        .prop_map(|(id, name, email, phone)| json!({"id": id, "name": name, "email": email, "phone": phone}))
}

/// A Closed event whose parts are each valid or anything: it reaches both
/// the accepting path and every refusal.
fn partly_valid_closed() -> impl Strategy<Value = Value> {
    let csid = prop_oneof![3 => (1u64..10_000_000).prop_map(Value::from), 1 => small_json()];
    let queue = prop_oneof![3 => "[a-z0-9-]{1,36}".prop_map(|q| json!({"id": q})), 1 => small_json()];
    let assignee = prop_oneof![6 => partly_valid_user(), 1 => small_json()];
    (csid, partly_valid_user(), assignee, queue, small_json()).prop_map(|(csid, requester, assignee, queue, p_gap)| {
        json!({
            "event_id": "evt", "event_fqn": "CONVERSATION_CLOSED",
            "data": {"conversation": {
                "csid": csid, "requester": requester, "assignee": assignee, "queue": queue,
                "custom_attributes": [{"identifier": "p_gap", "value": p_gap}],
            }}
        })
    })
}

fn is_e164(phone: &str) -> bool {
    let digits = phone.strip_prefix('+').unwrap_or("");
    phone.starts_with('+')
        && (8..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0')
}

fn check_user(who: &str, u: &DixaUser) -> Result<(), TestCaseError> {
    for v in [&u.id, &u.name].into_iter().flatten() {
        prop_assert!(!v.is_empty() && v.trim() == v, "{who}: {v:?}");
    }
    if let Some(e) = &u.email {
        prop_assert!(e.contains('@') && *e == e.trim().to_lowercase(), "{who}.email {e:?}");
    }
    if let Some(p) = &u.phone {
        prop_assert!(is_e164(p), "{who}.phone {p:?}");
    }
    Ok(())
}

/// What an accepted delivery always satisfies.
fn check(parsed: Result<Parsed, Refusal>) -> Result<(), TestCaseError> {
    match parsed {
        Ok(Parsed::Closed(c)) => {
            prop_assert!(!c.event_id.is_empty() && !c.csid.is_empty());
            prop_assert!(c.p_gap.is_none_or(|g| g <= 10), "p_gap {:?}", c.p_gap);
            prop_assert!(c.requester.email.is_some() || c.requester.phone.is_some(), "no way to reach the requester");
            prop_assert!(c.assignee.email.is_some(), "no responsible employee");
            check_user("requester", &c.requester)?;
            check_user("assignee", &c.assignee)?;
            for v in [&c.channel, &c.queue_id].into_iter().flatten() {
                prop_assert!(!v.trim().is_empty());
            }
        }
        Ok(Parsed::OtherEvent { event_id, event_type }) => {
            prop_assert!(!event_id.is_empty() && !event_type.is_empty());
        }
        Err(Refusal::Malformed(message)) | Err(Refusal::Unprocessable { message, .. }) => {
            prop_assert!(!message.is_empty());
        }
    }
    Ok(())
}

fn user(id: &str, name: &str, email: &str, phone: &str) -> Value {
    json!({"id": id, "name": name, "email": email, "phone": phone, "roles": ["AGENT"]})
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_are_answered_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check(parse(&bytes))?;
    }

    #[test]
    fn any_json_is_answered_without_panic(value in json()) {
        check(parse(value.to_string().as_bytes()))?;
    }

    #[test]
    fn closed_events_with_any_parts_are_answered_without_panic(value in closed_like()) {
        check(parse(value.to_string().as_bytes()))?;
    }

    /// "Accepted ⇒ surveyable" on payloads that often are accepted.
    #[test]
    fn closed_events_with_partly_valid_parts_keep_the_invariants(value in partly_valid_closed()) {
        check(parse(value.to_string().as_bytes()))?;
    }

    /// A well-formed Closed event, snake_case or camelCase, maps to the same
    /// member; a P-GAP outside 0–10 (or not a whole number) never survives.
    #[test]
    fn a_valid_closed_event_always_maps_to_the_same_member(
        camel in any::<bool>(),
        event_id in "[a-f0-9-]{1,36}",
        csid in 1u64..10_000_000,
        csid_as_text in any::<bool>(),
        requester_name in "[A-Za-zÆØÅæøå][A-Za-zæøå ]{0,20}[a-z]",
        email_local in "[a-zA-Z0-9][a-zA-Z0-9._+-]{0,15}",
        phone_digits in "[1-9][0-9]{7,13}",
        agent_local in "[a-z][a-z.]{0,12}[a-z]",
        p_gap in prop_oneof![-3i64..14, any::<i64>()],
        p_gap_text in any::<bool>(),
        list_form in any::<bool>(),
    ) {
        let email = format!(" {email_local}@Example.COM ");
        let phone = format!("+{phone_digits}");
        let attrs_key = if camel { "customAttributes" } else { "custom_attributes" };
        let p_gap_value = if p_gap_text { json!(p_gap.to_string()) } else { json!(p_gap) };
        let attrs = if list_form {
            json!([{"identifier": "other", "value": ["3"]}, {"identifier": "p_gap", "value": p_gap_value}])
        } else {
            json!({"p_gap": p_gap_value})
        };
        let conversation = json!({
            "csid": if csid_as_text { json!(csid.to_string()) } else { json!(csid) },
            "channel": "EMAIL",
            "queue": {"id": "986359e5-e201-48ab-84af-c7799e03e58c", "name": "Support"},
            "requester": user("req-1", &requester_name, &email, &phone),
            "assignee": user("agent-1", "Mette Holm", &format!("{agent_local}@shop.example"), ""),
            attrs_key: attrs,
        });
        let body = if camel {
            json!({"eventId": event_id, "eventFqn": "CONVERSATION_CLOSED", "data": {"conversation": conversation}})
        } else {
            json!({"event_id": event_id, "event_fqn": "CONVERSATION_CLOSED", "data": {"conversation": conversation}})
        };
        let expected = ClosedConversation {
            event_id: event_id.clone(),
            csid: csid.to_string(),
            channel: Some("email".into()),
            queue_id: Some("986359e5-e201-48ab-84af-c7799e03e58c".into()),
            requester: DixaUser {
                id: Some("req-1".into()),
                name: Some(requester_name.trim().to_owned()),
                email: Some(format!("{email_local}@example.com").to_lowercase()),
                phone: Some(phone),
            },
            assignee: DixaUser {
                id: Some("agent-1".into()),
                name: Some("Mette Holm".into()),
                email: Some(format!("{agent_local}@shop.example")),
                phone: None,
            },
            p_gap: (0..=10).contains(&p_gap).then_some(p_gap as u8),
        };
        prop_assert_eq!(parse(body.to_string().as_bytes()), Ok(Parsed::Closed(expected)));
    }
}

/// The partly valid generator does exercise the accepting path (and the
/// refusals), so the invariants above are checked where they matter.
#[test]
fn the_partly_valid_generator_reaches_acceptance_and_refusal() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = partly_valid_closed();
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..600 {
        let value = strategy.new_tree(&mut runner).expect("a value").current();
        match parse(value.to_string().as_bytes()) {
            Ok(Parsed::Closed(_)) => accepted += 1,
            _ => refused += 1,
        }
    }
    assert!(accepted >= 100 && refused >= 100, "accepted {accepted}, refused {refused} of 600");
}
