//! Property-based tests of the tolerant API models: any JSON, with the
//! models' own field names (both casings) in any shape, decodes without a
//! panic; a response object always decodes; a rating outside 0–10 never
//! survives; empty text is never a value.
//!
//! Case counts are fixed so the suite takes seconds in CI.

use feedback_core::model::*;
use feedback_core::pgap::PgapSummary;
use proptest::prelude::*;
use serde_json::{json, Map, Number, Value};

const CASES: u32 = 1500;

/// The names the models read, in both casings, so generated objects hit
/// real fields (with wrong types, duplicates by alias, nesting) most of the time.
const KEYS: &[&str] = &[
    "id",
    "Id",
    "campaignId",
    "CampaignId",
    "campaignName",
    "CampaignName",
    "rating",
    "Rating",
    "comment",
    "UserComment",
    "Comment",
    "ratingTime",
    "RatingTime",
    "commentTime",
    "surveySendTime",
    "SurveySendTime",
    "surveyBouncedTime",
    "SurveyBouncedTime",
    "doNotContact",
    "DoNotContact",
    "agentRating",
    "AgentRating",
    "channel",
    "Channel",
    "Device",
    "employee",
    "Employee",
    "ResponsibleEmployee",
    "respondent",
    "Respondent",
    "answers",
    "Answers",
    "question",
    "answer",
    "externalId",
    "ExternalId",
    "custom",
    "Custom",
    "email",
    "Email",
    "EmailAddress",
    "phone",
    "PhoneNumber",
    "phoneNumber",
    "Phone",
    "emailAddress",
    "Question",
    "Answer",
    "MatchedBy",
    "CommentTime",
    "firstName",
    "FirstName",
    "lastName",
    "LastName",
    "matchedBy",
    "respondents",
    "summary",
    "items",
    "page",
    "pageSize",
    "total",
    "responseCount",
    "nps",
    "promoters",
    "passives",
    "detractors",
    "averageRating",
    "lastRatingTime",
    "lastRating",
    "recentRatings",
    "pgap",
    "averageAbsolute",
    "averageSigned",
    "count",
    "error",
    "code",
    "message",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[ \t\r\n\u{a0}]{1,4}",
        "-?[0-9]{1,3}",
        "-?[0-9]{1,20}(\\.[0-9]{1,3})?(e[0-9]{1,3})?",
        " ?(true|false|email|phone|NaN|inf|-0) ?",
        "\\PC{0,24}",
        ".{0,8}",
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        (-3i64..14).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-2.0f64..12.0).prop_map(|f| Value::from((f * 2.0).round() / 2.0)),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => number(),
        2 => text().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 8, |inner| {
        let key = prop_oneof![4 => prop::sample::select(KEYS).prop_map(str::to_owned), 1 => "\\PC{0,8}"];
        prop_oneof![
            1 => prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            2 => prop::collection::vec((key, inner), 0..10).prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// An object: the shape every response and page has.
fn object() -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(KEYS).prop_map(str::to_owned), json()), 0..16)
        .prop_map(|kv| Value::Object(kv.into_iter().collect()))
}

fn no_blank(what: &str, value: &Option<String>) -> Result<(), TestCaseError> {
    if let Some(v) = value {
        prop_assert!(!v.trim().is_empty(), "{what} is {v:?}");
    }
    Ok(())
}

fn check_employee(e: &Employee) -> Result<(), TestCaseError> {
    no_blank("employee.email", &e.email)?;
    no_blank("employee.firstName", &e.first_name)?;
    no_blank("employee.lastName", &e.last_name)
}

fn check_respondent(r: &Respondent) -> Result<(), TestCaseError> {
    for (what, v) in [
        ("id", &r.id),
        ("email", &r.email),
        ("phone", &r.phone),
        ("firstName", &r.first_name),
        ("lastName", &r.last_name),
        ("externalId", &r.external_id),
    ] {
        no_blank(what, v)?;
    }
    Ok(())
}

fn check_response(r: &SurveyResponse) -> Result<(), TestCaseError> {
    prop_assert!(r.rating.is_none_or(|n| n <= 10), "rating {:?}", r.rating);
    prop_assert!(r.agent_rating.is_none_or(|n| n <= 10), "agent rating {:?}", r.agent_rating);
    prop_assert!(r.pgap().is_none_or(|g| (-10..=10).contains(&g)));
    for (what, v) in [
        ("id", &r.id),
        ("campaignId", &r.campaign_id),
        ("campaignName", &r.campaign_name),
        ("comment", &r.comment),
        ("ratingTime", &r.rating_time),
        ("commentTime", &r.comment_time),
        ("surveySendTime", &r.survey_send_time),
        ("surveyBouncedTime", &r.survey_bounced_time),
        ("channel", &r.channel),
        ("externalId", &r.external_id),
    ] {
        no_blank(what, v)?;
    }
    for a in &r.answers {
        no_blank("question", &a.question)?;
        no_blank("answer", &a.answer)?;
    }
    for (k, v) in &r.custom {
        prop_assert!(!v.trim().is_empty(), "custom {k:?} is {v:?}");
    }
    if let Some(e) = &r.employee {
        check_employee(e)?;
    }
    if let Some(p) = &r.respondent {
        check_respondent(p)?;
    }
    let _ = (r.status(), r.when(), r.category(), r.has_comment());
    Ok(())
}

fn check_summary(s: &Summary) -> Result<(), TestCaseError> {
    prop_assert!(s.last_rating.is_none_or(|n| n <= 10));
    prop_assert!(s.recent_ratings.len() <= RECENT_RATINGS);
    prop_assert!(s.recent_ratings.iter().all(|n| *n <= 10), "{:?}", s.recent_ratings);
    prop_assert!(s.nps.is_none_or(f64::is_finite) && s.average_rating.is_none_or(f64::is_finite));
    no_blank("lastRatingTime", &s.last_rating_time)
}

fn check_pgap(p: &PgapSummary) -> Result<(), TestCaseError> {
    prop_assert!(p.average_absolute.is_none_or(f64::is_finite) && p.average_signed.is_none_or(f64::is_finite));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    /// Any JSON text decodes to every model without a panic, and whatever
    /// decodes keeps the invariants.
    #[test]
    fn any_json_decodes_without_panic(value in json()) {
        let text = value.to_string();
        if let Ok(r) = serde_json::from_str::<SurveyResponse>(&text) { check_response(&r)?; }
        if let Ok(p) = serde_json::from_str::<RespondentResponsesPage>(&text) {
            prop_assert!(p.page >= 1 && p.page_size >= 1);
            let _ = p.has_more();
            check_summary(&p.summary)?;
            for r in &p.items { check_response(r)?; }
            for r in &p.respondents { check_respondent(r)?; }
        }
        if let Ok(p) = serde_json::from_str::<EmployeePage>(&text) {
            prop_assert!(p.page >= 1 && p.page_size >= 1);
            let _ = p.has_more();
            check_summary(&p.summary)?;
            check_pgap(&p.pgap)?;
            for r in &p.items { check_response(r)?; }
            if let Some(e) = &p.employee { check_employee(e)?; }
        }
        if let Ok(e) = serde_json::from_str::<ErrorBody>(&text) {
            if let Some(d) = e.error { no_blank("code", &d.code)?; no_blank("message", &d.message)?; }
        }
    }

    /// An object always decodes: one odd field never makes a response (or
    /// a page) unreadable, even when two spellings of a field both appear
    /// (`Rating` and `rating`, `Device` and `Channel`): the first one wins.
    #[test]
    fn any_object_decodes(value in object()) {
        let text = value.to_string();
        let p = serde_json::from_str::<RespondentResponsesPage>(&text);
        prop_assert!(p.is_ok(), "{text}: {p:?}");
        let e = serde_json::from_str::<EmployeePage>(&text);
        prop_assert!(e.is_ok(), "{text}: {e:?}");
        // As a response in a page's list it is kept (not dropped, not fatal),
        // and as the page's employee or respondent too.
        let page = json!({"items": [value.clone(), 3, "x", null, value], "respondents": [value]}).to_string();
        let p = serde_json::from_str::<RespondentResponsesPage>(&page);
        prop_assert!(p.as_ref().is_ok_and(|p| p.items.len() == 2 && p.respondents.len() == 1), "{page}: {p:?}");
        for r in p.iter().flat_map(|p| &p.items) { check_response(r)?; }
        let page = json!({"employee": value, "items": [value]}).to_string();
        let e = serde_json::from_str::<EmployeePage>(&page);
        prop_assert!(e.as_ref().is_ok_and(|e| e.employee.is_some() && e.items.len() == 1), "{page}: {e:?}");
    }

    /// A rating survives exactly when it is a whole number in 0–10, whether
    /// it arrives as a number or as text, in either casing.
    #[test]
    fn ratings_outside_0_to_10_never_survive(
        n in prop_oneof![-5i64..16, any::<i64>()],
        as_text in any::<bool>(),
        pascal in any::<bool>(),
        fraction in prop::sample::select(vec![0.0, 0.5, 0.25]),
    ) {
        let in_range = (0..=10).contains(&n) && fraction == 0.0;
        let raw = if fraction == 0.0 { json!(n) } else { json!(n as f64 + fraction) };
        let raw = if as_text { Value::String(format!(" {raw} ")) } else { raw };
        let (rating, agent) = if pascal { ("Rating", "AgentRating") } else { ("rating", "agentRating") };
        let r: SurveyResponse = serde_json::from_value(json!({ rating: raw, agent: raw }))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let expected = in_range.then_some(n as u8);
        prop_assert_eq!(r.rating, expected);
        prop_assert_eq!(r.agent_rating, expected);
        let s: Summary = serde_json::from_value(json!({"lastRating": raw, "recentRatings": [raw, 5, raw]}))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(s.last_rating, expected);
        let kept: Vec<u8> = expected.into_iter().chain([5]).chain(expected).collect();
        prop_assert_eq!(s.recent_ratings, kept);
    }

    /// Blank text is absent in every text field, in both casings.
    #[test]
    fn blank_text_is_always_absent(blank in "[ \t\r\n]{0,4}", key in prop::sample::select(KEYS)) {
        let item = json!({
            key: blank, "employee": {key: blank}, "respondent": {key: blank},
            "answers": [{key: blank}], "custom": {key: blank},
        });
        let page: RespondentResponsesPage = serde_json::from_value(json!({"items": [item]}))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(page.items.len(), 1);
        check_response(&page.items[0])?;
        prop_assert!(page.items[0].custom.is_empty() || key == "custom" || key == "Custom", "{:?}", page.items[0].custom);
    }
}

proptest! {
    // Fewer: each case is a whole generated body, edited.
    #![proptest_config(ProptestConfig { cases: CASES / 5, ..ProptestConfig::default() })]

    /// Bodies that are nearly JSON objects (a real body cut short, a byte
    /// changed, a brace or quote added) are an error, never a panic; and
    /// whatever still parses as an object decodes, as any object does.
    #[test]
    fn broken_object_bodies_are_an_error_or_a_page(
        value in object(),
        cut_short in any::<bool>(),
        cut in any::<prop::sample::Index>(),
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(b"{}[]\":,.-+0123456789eEtnul\\ \x00\xff".to_vec())),
            0..4,
        ),
    ) {
        let mut bytes = value.to_string().into_bytes();
        // The opening brace stays: these are bodies that start as objects.
        for (at, byte) in edits {
            let at = 1 + at.index(bytes.len() - 1);
            bytes[at] = byte;
        }
        if cut_short {
            bytes.truncate(1 + cut.index(bytes.len()));
        }
        let shown = String::from_utf8_lossy(&bytes).into_owned();
        let page = serde_json::from_slice::<RespondentResponsesPage>(&bytes);
        let personal = serde_json::from_slice::<EmployeePage>(&bytes);
        let _ = serde_json::from_slice::<ErrorBody>(&bytes);
        if let Ok(p) = &page {
            check_summary(&p.summary)?;
            for r in &p.items { check_response(r)?; }
            for r in &p.respondents { check_respondent(r)?; }
        }
        if let Ok(p) = &personal {
            check_pgap(&p.pgap)?;
            for r in &p.items { check_response(r)?; }
        }
        // Whatever is still a JSON object decodes: a page's own fields have
        // one spelling each, so only naming one twice is refused. (Serde
        // skips an unread value without checking it all, so the converse,
        // "not JSON, not decoded", is not the models' to keep.)
        if serde_json::from_slice::<Value>(&bytes).is_ok_and(|v| v.is_object()) {
            for err in [page.err(), personal.err()].into_iter().flatten() {
                prop_assert!(err.to_string().starts_with("duplicate field"), "{err}: {shown}");
            }
        }
    }
}

/// Nesting far deeper than any real body is not a stack overflow.
#[test]
fn deeply_nested_unknown_fields_are_an_error_not_a_crash() {
    let deep = format!("{{\"items\":[{{\"unknown\":{}1{}}}]}}", "[".repeat(100_000), "]".repeat(100_000));
    // Skipped without recursion (the response is kept) or refused: either way no crash.
    if let Ok(page) = serde_json::from_str::<RespondentResponsesPage>(&deep) {
        assert_eq!(page.items.len(), 1);
    }
}

/// The card reads bodies with `json_read` over the browser's `JSON.parse`,
/// the service with serde: on the same value both must give the same model.
mod reader_matches_serde {
    use super::*;
    use feedback_core::json_read::{decode, Json, Scalar};

    /// `serde_json::Value` as a reader's source (the card's is `JSON.parse`'s result).
    #[derive(Clone)]
    struct V(Value);

    impl Json for V {
        fn scalar(&self) -> Scalar {
            match &self.0 {
                Value::Null => Scalar::Nothing,
                Value::Bool(b) => Scalar::Bool(*b),
                Value::Number(n) => n.as_f64().map_or(Scalar::Nothing, Scalar::Number),
                Value::String(s) => Scalar::Text(s.clone()),
                _ => Scalar::Compound,
            }
        }
        fn is_object(&self) -> bool {
            self.0.is_object()
        }
        fn member(&self, key: &str) -> Option<Self> {
            self.0.as_object()?.get(key).cloned().map(V)
        }
        fn elements(&self) -> Option<Vec<Self>> {
            Some(self.0.as_array()?.iter().cloned().map(V).collect())
        }
        fn members(&self) -> Option<Vec<(String, Self)>> {
            Some(self.0.as_object()?.iter().map(|(k, v)| (k.clone(), V(v.clone()))).collect())
        }
    }

    /// The value as a browser would hand it over: whole numbers within
    /// ±2^53 (JavaScript numbers). Fields spelt twice (`Rating` and
    /// `rating`, `Device` and `Channel`) stay: the first spelling wins both
    /// ways (serde's `FirstSpellingWins`, the reader's `field`).
    fn as_browser_sees_it(value: Value) -> Value {
        match value {
            Value::Number(n) if n.as_f64().is_some_and(|f| f.abs() >= 9.0e15) => Value::from(0),
            Value::Array(items) => Value::Array(items.into_iter().map(as_browser_sees_it).collect()),
            Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, as_browser_sees_it(v))).collect()),
            other => other,
        }
    }

    /// A model as the service's serde reads it inside a body (a response in
    /// a page's list, an employee in a page): where a field spelt twice is
    /// read, not refused.
    #[derive(serde::Deserialize)]
    struct Inside<T> {
        #[serde(deserialize_with = "feedback_core::lenient::object", bound = "T: serde::de::DeserializeOwned")]
        value: Option<T>,
    }

    /// A body (a page): read by the reader, and by serde as the service reads it.
    fn same<T>(value: &Value) -> Result<(), TestCaseError>
    where
        T: feedback_core::json_read::FromJson + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        // Only an object is a body (serde alone would read a list field by field).
        let by_serde = value.is_object().then(|| serde_json::from_value::<T>(value.clone()).ok()).flatten();
        let by_reader = decode::<T, V>(&V(value.clone()));
        prop_assert_eq!(by_reader, by_serde, "{}", value);
        Ok(())
    }

    /// A model that only comes inside a body (a response, an error's detail).
    fn same_inside<T>(value: &Value) -> Result<(), TestCaseError>
    where
        T: feedback_core::json_read::FromJson + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let by_serde = serde_json::from_value::<Inside<T>>(json!({ "value": value }))
            .map_err(|e| TestCaseError::fail(format!("{e}: {value}")))?
            .value;
        let by_reader = decode::<T, V>(&V(value.clone()));
        prop_assert_eq!(by_reader, by_serde, "{}", value);
        Ok(())
    }

    /// A body decoded by serde from its text and by the reader from the
    /// parsed value: the two must agree.
    fn both_ways<T>(body: &str) -> T
    where
        T: feedback_core::json_read::FromJson + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let by_serde: T = serde_json::from_str(body).expect("serde decodes it");
        let value: Value = serde_json::from_str(body).expect("JSON");
        let by_reader: T = decode(&V(value)).expect("an object");
        assert_eq!(by_reader, by_serde, "{body}");
        by_reader
    }

    #[test]
    fn follow_ups_read_the_same_both_ways() {
        use feedback_core::follow_up::{FollowUp, FollowUpStatus};
        let page: EmployeePage = both_ways(
            r#"{"employee": {"email": "a@b.c"}, "summary": {"waitingForFollowUp": 3},
                "followUps": {"open": 2, "inProgress": "1", "within48h": 0.75},
                "items": [{"id": 1, "rating": 3, "followUp": {"status": "in_progress", "since": "2026-11-20T09:00:00Z",
                  "last": {"at": "2026-11-20T09:00:00Z", "by": {"email": "m@h.dk", "firstName": "Mette", "lastName": "Holm"},
                           "type": "note", "status": "in_progress", "text": "called, refund sent"}, "events": 2}},
                  {"id": 2, "rating": 2, "FollowUp": {"status": "closed", "last": null}},
                  {"id": 3, "rating": 1, "followUp": {"status": "lost", "last": 7, "events": -1}},
                  {"id": 4, "rating": 9, "followUp": "open"}]}"#,
        );
        assert_eq!(page.summary.waiting_for_follow_up, 3);
        let stats = page.follow_ups.expect("followUps");
        assert_eq!((stats.open, stats.in_progress, stats.within_48h), (2, 1, Some(0.75)));
        let f = page.items[0].follow_up.as_ref().expect("a follow-up");
        assert_eq!(f.status, Some(FollowUpStatus::InProgress));
        let last = f.last.as_ref().expect("last");
        assert_eq!(last.text.as_deref(), Some("called, refund sent"));
        assert_eq!(
            page.items[1].follow_up.as_ref().and_then(|f| f.status),
            Some(FollowUpStatus::Closed),
            "PascalCase too"
        );
        let odd = page.items[2].follow_up.as_ref().expect("an object is a follow-up");
        assert_eq!((odd.status, odd.last.is_none()), (None, true), "unknown status and wrong kinds read as absent");
        assert_eq!(page.items[3].follow_up, None, "not an object: no follow-up");
        // What the form hands the row after a save: the follow-up itself.
        let saved: FollowUp =
            both_ways(r#"{"status": "closed", "since": "2026-11-20T09:00:00Z", "last": {"type": "status"}}"#);
        assert_eq!(saved.status, Some(FollowUpStatus::Closed));
    }

    #[test]
    fn a_contract_body_reads_the_same_both_ways() {
        let page: RespondentResponsesPage = both_ways(
            r#"{"respondents":[{"id":"c1","email":"anna@example.com","firstName":"Anna","lastName":"Berg","matchedBy":["email","PHONE","fax",3]}],
              "summary":{"responseCount":2,"nps":0,"promoters":1,"passives":0,"detractors":1,"averageRating":6.5,"lastRating":3,"lastRatingTime":"2026-03-01T10:00:00Z","recentRatings":[10,3,11,-1,"7",7.5]},
              "items":[{"id":"r2","campaignId":7232,"campaignName":"Support","rating":3,"comment":"Waited","ratingTime":"2026-03-01T10:00:00Z","agentRating":7,
                        "employee":{"email":"m@shop.dk","firstName":"Mette","lastName":"Holm"},"answers":[{"question":"Why?","answer":"Slow"},"x"],
                        "doNotContact":false,"externalId":"40702","custom":{"dixaConversationId":"40702","n":12,"ok":true,"x":null,"o":{}}},
                       7, null, {"id":"r1","rating":10}],
              "page":1,"pageSize":20,"total":22,"extra":{"ignored":true}}"#,
        );
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.summary.recent_ratings, vec![10, 3, 7]);
    }

    #[test]
    fn nps_today_spellings_and_wrong_kinds_read_the_same_both_ways() {
        let page: RespondentResponsesPage = both_ways(
            r#"{"respondents":{"not":"a list"},"summary":"nope",
              "items":[{"Id":12,"CampaignId":"7","CampaignName":"  ","Rating":"8","UserComment":"Fine","RatingTime":null,
                        "SurveySendTime":"2026-01-01T00:00:00Z","SurveyBouncedTime":5.5,"DoNotContact":"TRUE","AgentRating":12,
                        "Device":"phone","ResponsibleEmployee":{"EmailAddress":"s@shop.dk","FirstName":"Sara"},"Respondent":[1],
                        "Answers":{"a":1},"ExternalId":40702.0,"Custom":[1,2]},
                       {"id":"r3","rating":7.0,"doNotContact":1,"employee":"someone","comment":7}],
              "page":"2","pageSize":0,"total":-4}"#,
        );
        assert_eq!(page.items[0].rating, Some(8));
        assert_eq!(page.page, 2);
        let personal: EmployeePage = both_ways(
            r#"{"employee":{"Email":"m@shop.dk"},"summary":{"responseCount":"3","nps":"33.3","promoters":2.0,"passives":null,"detractors":true},
               "pgap":{"averageAbsolute":"1.4","averageSigned":-0.25,"count":3},"items":[],"page":null,"total":"x"}"#,
        );
        assert_eq!(personal.pgap.average_absolute, Some(1.4));
        let error: ErrorBody = both_ways(r#"{"error":{"code":"token_expired","message":"Expired"}}"#);
        assert_eq!(error.error.and_then(|e| e.code).as_deref(), Some("token_expired"));
        let no_detail: ErrorBody = both_ways(r#"{"error":"flat"}"#);
        assert_eq!(no_detail.error, None);
    }

    #[test]
    fn only_an_object_is_a_body() {
        for body in ["[]", "[{\"items\":[]}]", "3", "\"x\"", "null", "true"] {
            let value: Value = serde_json::from_str(body).unwrap();
            assert!(decode::<RespondentResponsesPage, V>(&V(value)).is_none(), "{body}");
        }
    }

    /// A parsed body that keeps its members in the order of the text, as
    /// `JSON.parse` does (`serde_json::Value` sorts them).
    #[derive(Clone)]
    enum InTextOrder {
        Object(Vec<(String, InTextOrder)>),
        Other(Value),
    }

    impl InTextOrder {
        fn object(members: &[(&str, InTextOrder)]) -> Self {
            InTextOrder::Object(members.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
        }
    }

    impl Json for InTextOrder {
        fn scalar(&self) -> Scalar {
            match self {
                InTextOrder::Object(_) => Scalar::Compound,
                InTextOrder::Other(v) => V(v.clone()).scalar(),
            }
        }
        fn is_object(&self) -> bool {
            matches!(self, InTextOrder::Object(_))
        }
        fn member(&self, key: &str) -> Option<Self> {
            self.members()?.into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
        }
        fn elements(&self) -> Option<Vec<Self>> {
            match self {
                InTextOrder::Other(Value::Array(items)) => {
                    Some(items.iter().cloned().map(InTextOrder::Other).collect())
                }
                _ => None,
            }
        }
        fn members(&self) -> Option<Vec<(String, Self)>> {
            match self {
                InTextOrder::Object(members) => Some(members.clone()),
                InTextOrder::Other(_) => None,
            }
        }
    }

    /// Which of two spellings is read follows the text, not which one is the
    /// contract's: the same both ways, whichever comes first.
    #[test]
    fn the_spelling_written_first_wins_both_ways() {
        let leaf = |v: Value| InTextOrder::Other(v);
        for (first, second) in
            [("rating", "Rating"), ("Rating", "rating"), ("Device", "channel"), ("channel", "Device")]
        {
            let body = format!(r#"{{"items":[{{"{first}":3,"{second}":9,"id":"r"}}]}}"#);
            let by_serde: RespondentResponsesPage = serde_json::from_str(&body).unwrap();
            let item =
                InTextOrder::object(&[(first, leaf(json!(3))), (second, leaf(json!(9))), ("id", leaf(json!("r")))]);
            let by_reader: SurveyResponse = decode(&item).unwrap();
            assert_eq!(Some(&by_reader), by_serde.items.first(), "{body}");
            let read = if first == "rating" || first == "Rating" {
                by_reader.rating.map(|r| r.to_string())
            } else {
                by_reader.channel.clone()
            };
            assert_eq!(read.as_deref(), Some("3"), "{body}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

        #[test]
        fn on_any_object(value in object()) {
            let value = as_browser_sees_it(value);
            same_inside::<SurveyResponse>(&value)?;
            same_inside::<Respondent>(&value)?;
            same_inside::<Employee>(&value)?;
            same::<RespondentResponsesPage>(&value)?;
            same::<EmployeePage>(&value)?;
            same::<ErrorBody>(&value)?;
            let page = as_browser_sees_it(json!({"items": [value.clone(), 3, null, value.clone()], "respondents": [value.clone()], "employee": value}));
            same::<RespondentResponsesPage>(&page)?;
            same::<EmployeePage>(&page)?;
        }

        #[test]
        fn on_any_json(value in json()) {
            let value = as_browser_sees_it(value);
            same::<RespondentResponsesPage>(&value)?;
            same::<EmployeePage>(&value)?;
            same::<ErrorBody>(&value)?;
        }
    }
}
