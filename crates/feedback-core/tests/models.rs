//! API JSON models: tolerant decoding of what the service (or nps.today) sends.

use feedback_core::model::*;
use feedback_core::nps::Category;
use feedback_core::pgap::PgapSummary;
use serde_json::json;

fn response(v: serde_json::Value) -> SurveyResponse {
    serde_json::from_value(v).expect("a response object always decodes")
}

#[test]
fn camel_case_contract_response() {
    let r = response(json!({
        "id": "r1", "campaignId": 7232, "campaignName": "Relationsmåling Q1", "rating": 9,
        "comment": "Great help", "ratingTime": "2026-02-13T10:00:00Z", "surveySendTime": "2026-02-13T09:00:00Z",
        "agentRating": 7, "channel": "email", "doNotContact": false,
        "employee": {"email": "agent@shop.dk", "firstName": "Mette", "lastName": "Holm"},
        "respondent": {"id": "c1", "email": "anna@example.com", "phone": "+4512345678", "firstName": "Anna"},
        "answers": [{"question": "Why?", "answer": "Fast"}], "externalId": 123,
        "custom": {"dixaConversationId": "123", "vip": true},
        "unknownField": {"deep": [1, 2, 3]}
    }));
    assert_eq!(r.id.as_deref(), Some("r1"));
    assert_eq!(r.campaign_id.as_deref(), Some("7232"), "numeric ids become text");
    assert_eq!(r.rating, Some(9));
    assert_eq!(r.category(), Some(Category::Promoter));
    assert_eq!(r.pgap(), Some(-2));
    assert_eq!(r.employee.as_ref().and_then(Employee::display_name).as_deref(), Some("Mette Holm"));
    assert_eq!(r.respondent.as_ref().and_then(|p| p.phone.as_deref()), Some("+4512345678"));
    assert_eq!(r.answers.len(), 1);
    assert_eq!(r.external_id.as_deref(), Some("123"));
    assert_eq!(r.custom, vec![("dixaConversationId".into(), "123".into()), ("vip".into(), "true".into())]);
    assert_eq!(r.status(), SurveyStatus::Answered);
}

#[test]
fn pascal_case_nps_today_response() {
    let r = response(json!({
        "Id": 55, "Rating": 4, "UserComment": "Slow", "RatingTime": "2026-01-02T08:00:00Z",
        "CampaignId": "12", "CampaignName": "Support", "AgentRating": 8, "DoNotContact": "true",
        "SurveyBouncedTime": null,
        "Respondent": {"Id": 9, "EmailAddress": "B@X.dk", "PhoneNumber": "+4511111111", "FirstName": "Bo", "LastName": "Ek", "ExternalId": "dixa-1"}
    }));
    assert_eq!(r.id.as_deref(), Some("55"));
    assert_eq!(r.rating, Some(4));
    assert_eq!(r.comment.as_deref(), Some("Slow"));
    assert_eq!(r.campaign_name.as_deref(), Some("Support"));
    assert_eq!(r.agent_rating, Some(8));
    assert!(r.do_not_contact);
    assert_eq!(r.pgap(), Some(4));
    let who = r.respondent.unwrap();
    assert_eq!(who.email.as_deref(), Some("B@X.dk"));
    assert_eq!(who.display_name().as_deref(), Some("Bo Ek"));
    assert_eq!(who.external_id.as_deref(), Some("dixa-1"));
}

#[test]
fn out_of_range_and_wrong_typed_ratings_are_absent() {
    for bad in [
        json!(11),
        json!(-1),
        json!(7.5),
        json!("ten"),
        json!([9]),
        json!({"v": 9}),
        json!(true),
        json!(null),
        json!(1e300),
    ] {
        assert_eq!(response(json!({"rating": bad.clone()})).rating, None, "{bad}");
    }
    assert_eq!(response(json!({"rating": "7"})).rating, Some(7));
    assert_eq!(response(json!({"rating": 10.0})).rating, Some(10));
    assert_eq!(response(json!({"rating": 0})).rating, Some(0));
}

#[test]
fn every_field_of_the_wrong_type_still_decodes() {
    let r = response(json!({
        "id": {"x": 1}, "campaignName": 5, "comment": ["a"], "ratingTime": false, "doNotContact": {"y": 2},
        "employee": "agent@x", "respondent": 12, "answers": "none", "custom": [1, 2], "agentRating": "x"
    }));
    assert_eq!(r.id, None);
    assert_eq!(r.campaign_name.as_deref(), Some("5"));
    assert_eq!(r.comment, None);
    assert!(!r.do_not_contact);
    assert_eq!(r.employee, None);
    assert_eq!(r.respondent, None);
    assert!(r.answers.is_empty());
    assert!(r.custom.is_empty());
    assert_eq!(r.status(), SurveyStatus::Sent);
}

#[test]
fn unanswered_survey_status() {
    assert_eq!(response(json!({"surveySendTime": "2026-01-01T00:00:00Z"})).status(), SurveyStatus::Sent);
    assert_eq!(response(json!({"surveyBouncedTime": "2026-01-01T00:00:00Z"})).status(), SurveyStatus::Bounced);
    assert_eq!(response(json!({"doNotContact": true})).status(), SurveyStatus::DoNotContact);
    assert!(!response(json!({"comment": "   "})).has_comment());
}

#[test]
fn respondent_page_with_bad_items_keeps_the_good_ones() {
    let page: RespondentResponsesPage = serde_json::from_value(json!({
        "respondents": [{"id": "c1", "email": "a@b.dk", "matchedBy": ["email", "phone", "fax"]}, 7],
        "summary": {"responseCount": 3, "nps": 33.3, "promoters": 2, "passives": 0, "detractors": 1, "averageRating": 7.7, "lastRatingTime": "2026-01-01T00:00:00Z"},
        "items": [{"id": "a", "rating": 10}, "garbage", null, {"id": "b", "rating": 2}],
        "page": 1, "pageSize": 20, "total": 45
    }))
    .unwrap();
    assert_eq!(page.respondents.len(), 1);
    assert_eq!(page.respondents[0].matched_by, vec![MatchKind::Email, MatchKind::Phone]);
    assert_eq!(page.items.iter().map(|i| i.id.clone().unwrap()).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(page.summary.nps, Some(33.3));
    assert!(page.has_more());
}

#[test]
fn empty_and_odd_pages() {
    let page: RespondentResponsesPage = serde_json::from_value(json!({})).unwrap();
    assert!(page.items.is_empty());
    assert_eq!(page.page, 1);
    assert!(!page.has_more());
    let page: RespondentResponsesPage =
        serde_json::from_value(json!({"items": {"not": "a list"}, "summary": "x", "page": -3, "total": "many"}))
            .unwrap();
    assert!(page.items.is_empty());
    assert_eq!(page.summary, Summary::default());
    assert_eq!(page.page, 1);
    // Serde reads a list as a struct's fields in order: `[1, 2]` is
    // respondents 1 and summary 2, both of the wrong kind, so an empty page
    // (the card's reader refuses anything but an object: fuzz_models).
    let from_array = serde_json::from_value::<RespondentResponsesPage>(json!([1, 2]));
    assert_eq!(from_array.ok(), Some(RespondentResponsesPage::default()));
    assert!(serde_json::from_value::<RespondentResponsesPage>(json!("x")).is_err());
    assert!(serde_json::from_value::<RespondentResponsesPage>(json!(null)).is_err());
}

#[test]
fn employee_page_without_employee() {
    let page: EmployeePage = serde_json::from_value(json!({
        "employee": null, "summary": {"responseCount": 0, "nps": null}, "pgap": {"averageAbsolute": null, "averageSigned": null, "count": 0},
        "items": [], "page": 1, "pageSize": 20, "total": 0
    }))
    .unwrap();
    assert_eq!(page.employee, None);
    assert_eq!(page.summary.nps, None);
    assert_eq!(page.pgap, PgapSummary::default());
}

#[test]
fn summary_of_responses_matches_hand_computation() {
    let items: Vec<SurveyResponse> = [
        (Some(10), "2026-01-03T00:00:00Z"),
        (Some(6), "2026-01-05T00:00:00Z"),
        (None, ""),
        (Some(8), "2026-01-01T00:00:00Z"),
    ]
    .into_iter()
    .map(|(rating, t)| SurveyResponse {
        rating,
        rating_time: (!t.is_empty()).then(|| t.to_string()),
        ..Default::default()
    })
    .collect();
    let s = Summary::of(&items);
    assert_eq!((s.response_count, s.promoters, s.passives, s.detractors), (3, 1, 1, 1));
    assert_eq!(s.nps, Some(0.0));
    assert_eq!(s.average_rating, Some(8.0));
    assert_eq!(s.last_rating_time.as_deref(), Some("2026-01-05T00:00:00Z"));
    assert_eq!(s.last_rating, Some(6));
    assert_eq!(s.recent_ratings, vec![8, 10, 6], "oldest first");
}

#[test]
fn recent_ratings_keep_the_latest_ten_and_drop_bad_values() {
    let s: Summary =
        serde_json::from_value(json!({"recentRatings": [1, 2, "x", 11, 3, 4, 5, 6, 7, 8, 9, 10, 0], "lastRating": 12}))
            .unwrap();
    assert_eq!(s.recent_ratings, vec![2, 3, 4, 5, 6, 7, 8, 9, 10, 0]);
    assert_eq!(s.last_rating, None);
    let many = Summary::of_ratings((0..30u8).map(|i| (i % 11, Some(format!("2026-01-{:02}T00:00:00Z", i + 1)))));
    assert_eq!(many.recent_ratings.len(), 10);
    assert_eq!(many.last_rating, Some(29 % 11));
}

#[test]
fn encoding_round_trips_in_camel_case() {
    let r = SurveyResponse {
        id: Some("x".into()),
        rating: Some(9),
        agent_rating: Some(6),
        custom: vec![("k".into(), "v".into())],
        ..Default::default()
    };
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["agentRating"], 6);
    assert_eq!(v["custom"]["k"], "v");
    assert_eq!(serde_json::from_value::<SurveyResponse>(v).unwrap(), r);
}

#[test]
fn error_body_decodes_leniently() {
    let b: ErrorBody =
        serde_json::from_value(json!({"error": {"code": "token_expired", "message": "expired"}})).unwrap();
    assert_eq!(b.error.unwrap().code.as_deref(), Some("token_expired"));
    let b: ErrorBody = serde_json::from_value(json!({"error": "boom"})).unwrap();
    assert_eq!(b.error, None);
}

/// Without `matchedBy` in the answer, how the customer matched comes from
/// what was asked: a phone-only lookup is never "matched by email".
#[test]
fn matched_by_is_derived_from_what_was_asked() {
    use feedback_core::protocol::RespondentLookup;
    let asked = |email: Option<&str>, phone: Option<&str>| RespondentLookup {
        email: email.map(str::to_owned),
        phone: phone.map(str::to_owned),
    };
    let matched = |respondents: serde_json::Value, lookup: &RespondentLookup| {
        let mut page: RespondentResponsesPage = serde_json::from_value(json!({"respondents": respondents})).unwrap();
        page.fill_matched_by(lookup);
        page.respondents.into_iter().map(|r| r.matched_by).collect::<Vec<_>>()
    };
    let (email, phone) = (MatchKind::Email, MatchKind::Phone);
    let peter = json!([{"id": "p", "email": "peter@example.com", "phone": "+45 12 34 56 78"}]);
    let phone_only = asked(None, Some("+4512345678"));
    assert_eq!(matched(peter.clone(), &phone_only), [vec![phone]]);
    assert_eq!(matched(json!([{"id": "p"}]), &phone_only), [vec![phone]]);
    assert_eq!(matched(json!([{"id": "a"}]), &asked(Some("anna@example.com"), None)), [vec![email]]);
    let both = asked(Some("peter@example.com"), Some("+4512345678"));
    assert_eq!(matched(peter, &both), [vec![email, phone]]);
    assert_eq!(matched(json!([{"id": "a"}, {"id": "b"}]), &both), [vec![email, phone], vec![email, phone]]);
    // "matchedBy": [] or unreadable says nothing either.
    assert_eq!(matched(json!([{"matchedBy": []}, {"matchedBy": "phone"}]), &phone_only), [vec![phone], vec![phone]]);
    // The answer's own matchedBy is kept as it is, respondent by respondent.
    assert_eq!(matched(json!([{"matchedBy": ["email"]}, {"id": "b"}]), &both), [vec![email], vec![email, phone]]);
}
