//! The token hook and the Feedback App endpoints over real HTTP, against
//! the demo data in a real SQLite file.

mod support;

use serde_json::{json, Value};
use support::*;

fn anna_token(s: &Server) -> String {
    s.token(r#"{"employeeEmail":"mette.holm@shop.example","customer_email":"anna.berg@example.com","customer_phone_number":""}"#)
}

#[test]
fn token_hook_authenticates_echoes_and_expires_in_24_hours() {
    let s = Server::start();
    let body = r#"{"employeeEmail":"Mette.Holm@shop.example","customer_email":"anna.berg@example.com","customer_phone_number":"","extra":{"x":1}}"#;
    let (status, v) = s.post("/employees/token", Some(&basic(KEY)), body);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["echo"], serde_json::from_str::<Value>(body).unwrap(), "echo repeats every request field");
    assert_eq!(v["token"].as_str().unwrap().len(), 64);
    // Within the seconds around the call, whatever the hour boundary.
    let expires = v["expiresAt"].as_str().unwrap();
    let now = nps_local::clock::now_unix();
    let around: Vec<String> = (-5..=1).map(|d| nps_local::clock::iso(now + 86_400 + d)).collect();
    assert!(around.iter().any(|t| t == expires), "expires in 24 h: {expires} vs {around:?}");

    for (auth, why) in [
        (None, "no auth"),
        (Some(basic("wrong-key")), "unknown key"),
        (Some("Basic !!!".to_string()), "not base64"),
        (Some("Bearer demo-api-key".to_string()), "not Basic"),
    ] {
        let (status, v) = s.post("/employees/token", auth.as_deref(), "{}");
        assert_eq!(status, 401, "{why}: {v}");
        assert_eq!(v["error"]["code"], "unauthorized", "{why}");
    }
    use base64::Engine;
    let wrong_user = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("admin:demo-api-key"));
    assert_eq!(s.post("/employees/token", Some(&wrong_user), "{}").0, 401);
    let (status, v) = s.post("/employees/token", Some(&basic(KEY)), "[1,2]");
    assert_eq!((status, v["error"]["code"].as_str()), (400, Some("bad_request")));
    assert_eq!(s.post("/employees/token", Some(&basic(KEY)), "{oops").0, 400);
    assert_eq!(s.post("/employees/token", Some(&basic(KEY)), r#"{"employeeEmail":"not-an-email"}"#).0, 400);
}

#[test]
fn an_expired_token_answers_token_expired() {
    let s = Server::with(|c| c.token_ttl_secs = 1);
    let token = anna_token(&s);
    assert_eq!(s.get("/feedback-app/employee", Some(&token)).0, 200);
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let (status, v) = s.get("/feedback-app/employee", Some(&token));
    assert_eq!((status, v["error"]["code"].as_str()), (401, Some("token_expired")), "{v}");
}

#[test]
fn bearer_header_is_the_only_way_to_send_the_token() {
    let s = Server::start();
    let token = anna_token(&s);
    let (status, v) = s.get("/feedback-app/respondent-responses?email=anna.berg@example.com", None);
    assert_eq!((status, v["error"]["code"].as_str()), (401, Some("unauthorized")));
    assert_eq!(s.get("/feedback-app/respondent-responses?email=anna.berg@example.com", Some("not-a-token")).0, 401);
    let (status, v) =
        s.get(&format!("/feedback-app/respondent-responses?email=anna.berg@example.com&token={token}"), Some(&token));
    assert_eq!(status, 400, "a token in the URL is refused: {v}");
}

#[test]
fn match_by_email_case_insensitively_with_a_hand_computed_summary() {
    let s = Server::start();
    let token = anna_token(&s);
    let (status, v) = s.get("/feedback-app/respondent-responses?email=ANNA.Berg%40Example.COM", Some(&token));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["respondents"].as_array().unwrap().len(), 1);
    assert_eq!(v["respondents"][0]["matchedBy"], json!(["email"]));
    // Anna: 9, 6, 10, 8 and one unanswered survey.
    assert_eq!(v["summary"]["responseCount"], 4);
    assert_eq!(
        (v["summary"]["promoters"].as_u64(), v["summary"]["passives"].as_u64(), v["summary"]["detractors"].as_u64()),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(v["summary"]["nps"], 25.0);
    assert_eq!(v["summary"]["averageRating"], 8.25);
    assert_eq!(v["total"], 5);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items[0]["rating"], Value::Null, "newest first: the unanswered survey sent yesterday");
    assert_eq!(items[1]["rating"], 9);
    assert_eq!(v["summary"]["lastRatingTime"], items[1]["ratingTime"]);
    assert_eq!(v["summary"]["lastRating"], 9);
    assert_eq!(v["summary"]["recentRatings"], json!([8, 10, 6, 9]), "oldest first");
    let times: Vec<&str> =
        items.iter().map(|i| i["ratingTime"].as_str().or(i["surveySendTime"].as_str()).unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
}

#[test]
fn match_by_phone_normalised_to_e164() {
    let s = Server::start();
    let token = anna_token(&s);
    for phone in ["%2B4520304050", "%2B45%2020%2030%2040%2050", "004520304050"] {
        let (status, v) = s.get(&format!("/feedback-app/respondent-responses?phone={phone}"), Some(&token));
        assert_eq!(status, 200, "{phone}: {v}");
        assert_eq!(v["respondents"][0]["matchedBy"], json!(["phone"]), "{phone}");
        assert_eq!(v["respondents"][0]["firstName"], "Peter");
        // Peter: 3, 8, 9 (and a bounced survey) → 1 promoter, 1 passive, 1 detractor.
        assert_eq!(v["summary"]["nps"], 0.0);
        assert_eq!(v["total"], 4);
    }
    let (_, v) = s.get("/feedback-app/respondent-responses?phone=%2B4520304050", Some(&token));
    let bounced: Vec<&Value> =
        v["items"].as_array().unwrap().iter().filter(|i| !i["surveyBouncedTime"].is_null()).collect();
    assert_eq!(bounced.len(), 1);
}

#[test]
fn match_by_both_returns_every_matching_respondent() {
    let s = Server::start();
    let token = anna_token(&s);
    let (status, v) =
        s.get("/feedback-app/respondent-responses?email=lars.nielsen%40example.dk&phone=%2B4522334455", Some(&token));
    assert_eq!(status, 200);
    let matched: Vec<Value> = v["respondents"].as_array().unwrap().iter().map(|r| r["matchedBy"].clone()).collect();
    assert_eq!(matched, vec![json!(["email"]), json!(["phone"])]);
    // 7 (email record), 2 and 10 (phone record), one do-not-contact survey.
    assert_eq!(v["total"], 4);
    assert_eq!(v["summary"]["responseCount"], 3);
    assert_eq!(v["summary"]["nps"].as_f64().map(|n| n.round()), Some(0.0));
    assert!(v["items"].as_array().unwrap().iter().any(|i| i["doNotContact"] == true));
}

#[test]
fn unknown_customer_and_customer_without_responses_are_distinct() {
    let s = Server::start();
    let token = anna_token(&s);
    let (status, v) = s.get("/feedback-app/respondent-responses?email=nobody%40example.com", Some(&token));
    assert_eq!(status, 200);
    assert_eq!((v["respondents"].as_array().unwrap().len(), v["total"].as_u64()), (0, Some(0)));
    assert_eq!(v["summary"]["nps"], Value::Null);
    let (_, v) = s.get("/feedback-app/respondent-responses?email=new.customer%40example.com", Some(&token));
    assert_eq!((v["respondents"].as_array().unwrap().len(), v["total"].as_u64()), (1, Some(0)));
}

#[test]
fn paging_edges_and_parameter_errors() {
    // Many calls in a row: lift the 10/s limit (tested on its own below).
    let s = Server::with(|c| c.rate_per_second = 1000);
    let token = anna_token(&s);
    let base = "/feedback-app/respondent-responses?email=loyal.customer%40example.com";
    let (_, first) = s.get(base, Some(&token));
    assert_eq!(
        (first["total"].as_u64(), first["page"].as_u64(), first["pageSize"].as_u64()),
        (Some(2400), Some(1), Some(20))
    );
    assert_eq!(first["items"].as_array().unwrap().len(), 20);
    assert_eq!(first["summary"]["responseCount"], 2400, "summary covers every row, not the page");
    let (_, last) = s.get(&format!("{base}&page=24&pageSize=100"), Some(&token));
    assert_eq!(last["items"].as_array().unwrap().len(), 100);
    let (_, past) = s.get(&format!("{base}&page=25&pageSize=100"), Some(&token));
    assert_eq!(past["items"].as_array().unwrap().len(), 0);
    // All 24 pages: every row exactly once, newest first throughout.
    let mut seen = Vec::new();
    for page in 1..=24 {
        let (status, p) = s.get(&format!("{base}&page={page}&pageSize=100"), Some(&token));
        assert_eq!(status, 200, "{p}");
        for item in p["items"].as_array().unwrap() {
            let when = item["ratingTime"].as_str().or(item["surveySendTime"].as_str()).unwrap_or_default().to_owned();
            seen.push((item["id"].to_string(), when));
        }
    }
    let ids: std::collections::HashSet<&String> = seen.iter().map(|(id, _)| id).collect();
    assert_eq!((seen.len(), ids.len()), (2400, 2400), "no row repeated or skipped across pages");
    assert!(seen.windows(2).all(|w| w[0].1 >= w[1].1), "pages continue in order, newest first");
    for bad in ["&pageSize=101", "&pageSize=0", "&page=0", "&page=-1", "&page=x"] {
        let (status, v) = s.get(&format!("{base}{bad}"), Some(&token));
        assert_eq!((status, v["error"]["code"].as_str()), (400, Some("bad_request")), "{bad}");
    }
    for bad in ["", "?email=", "?email=not-an-email", "?phone=12345678", "?phone=abc"] {
        let (status, v) = s.get(&format!("/feedback-app/respondent-responses{bad}"), Some(&token));
        assert_eq!(status, 400, "{bad}: {v}");
        assert!(v["error"]["message"].as_str().unwrap().len() > 5);
    }
}

#[test]
fn filters_select_detractors_or_commented_and_keep_the_summary_whole() {
    let s = Server::start();
    let token = anna_token(&s);
    let (_, v) =
        s.get("/feedback-app/respondent-responses?email=anna.berg%40example.com&filter=detractors", Some(&token));
    let ratings: Vec<u64> = v["items"].as_array().unwrap().iter().map(|i| i["rating"].as_u64().unwrap()).collect();
    assert_eq!((ratings, v["total"].as_u64()), (vec![6], Some(1)));
    assert_eq!(v["summary"]["responseCount"], 4, "summary is over all responses");
    let (_, v) =
        s.get("/feedback-app/respondent-responses?email=anna.berg%40example.com&filter=commented", Some(&token));
    assert_eq!(v["total"], 3);
    assert!(v["items"].as_array().unwrap().iter().all(|i| i["comment"].as_str().is_some_and(|c| !c.is_empty())));
    assert_eq!(
        s.get("/feedback-app/respondent-responses?email=anna.berg%40example.com&filter=promoters", Some(&token)).0,
        400
    );
    let (status, _) = s.get("/feedback-app/employee?filter=commented", Some(&token));
    assert_eq!(status, 200);
}

#[test]
fn personal_page_with_and_without_an_employee() {
    let s = Server::start();
    let token = s.token(r#"{"employeeEmail":"jonas.berg@shop.example"}"#);
    let (status, v) = s.get("/feedback-app/employee?pageSize=5", Some(&token));
    assert_eq!(status, 200);
    assert_eq!(v["employee"]["firstName"], "Jonas");
    assert_eq!(v["items"].as_array().unwrap().len(), 5);
    assert!(v["items"].as_array().unwrap().iter().all(|i| i["employee"]["email"] == "jonas.berg@shop.example"));
    assert!(v["pgap"]["count"].as_u64().unwrap() > 0);
    // No employeeEmail (or Liquid's empty one): an empty Personal Page.
    for body in ["{}", r#"{"employeeEmail":""}"#, r#"{"employeeEmail":"  "}"#] {
        let token = s.token(body);
        let (status, v) = s.get("/feedback-app/employee", Some(&token));
        assert_eq!(status, 200);
        assert_eq!(v["employee"], Value::Null, "{body}");
        assert_eq!((v["items"].as_array().unwrap().len(), v["total"].as_u64()), (0, Some(0)));
    }
}

#[test]
fn more_than_10_calls_per_second_per_key_is_429_with_retry_after() {
    let s = Server::start();
    let token = anna_token(&s); // call 1
    let mut limited = None;
    for _ in 0..15 {
        let r = ureq::get(&format!("{}/feedback-app/employee", s.url))
            .set("Authorization", &format!("Bearer {token}"))
            .call();
        if let Err(ureq::Error::Status(429, resp)) = r {
            limited = Some((resp.header("retry-after").map(str::to_owned), resp.into_json::<Value>().unwrap()));
            break;
        }
    }
    let (retry_after, body) = limited.expect("a 429 within 15 quick calls");
    assert_eq!(retry_after.as_deref(), Some("1"));
    assert_eq!(body["error"]["code"], "rate_limited");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(s.get("/feedback-app/employee", Some(&token)).0, 200, "allowed again after a second");
}

#[test]
fn cors_allows_the_app_origin_only_and_exposes_retry_after() {
    let s = Server::start();
    let preflight = |origin: &str| {
        ureq::request("OPTIONS", &format!("{}/feedback-app/employee", s.url))
            .set("Origin", origin)
            .set("Access-Control-Request-Method", "GET")
            .set("Access-Control-Request-Headers", "authorization")
            .call()
            .map(|r| {
                (
                    r.header("access-control-allow-origin").map(str::to_owned),
                    r.header("access-control-allow-headers").map(str::to_owned),
                )
            })
            .unwrap_or((None, None))
    };
    let (allow, headers) = preflight("http://127.0.0.1:8080");
    assert_eq!(allow.as_deref(), Some("http://127.0.0.1:8080"));
    assert!(headers.unwrap_or_default().contains("authorization"));
    assert_eq!(preflight("null").0.as_deref(), Some("null"), "a sandboxed card frame's app has origin null");
    assert_eq!(preflight("https://evil.example").0, None);
    let token = anna_token(&s);
    let r = ureq::get(&format!("{}/feedback-app/employee", s.url))
        .set("Origin", "http://127.0.0.1:8080")
        .set("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert!(r.header("access-control-expose-headers").unwrap_or_default().to_ascii_lowercase().contains("retry-after"));
}

#[test]
fn preview_faults_make_the_next_calls_fail_on_purpose() {
    // More calls in a second than the default limit lets through.
    let s = Server::with(|c| c.rate_per_second = 100);
    let token = anna_token(&s);
    let url = "/feedback-app/respondent-responses?email=anna.berg%40example.com";
    assert_eq!(s.post("/preview/faults", Some(&basic(KEY)), r#"{"kind":"rate_limit","times":1}"#).0, 200);
    let r = ureq::get(&format!("{}{url}", s.url)).set("Authorization", &format!("Bearer {token}")).call();
    match r {
        Err(ureq::Error::Status(429, resp)) => assert_eq!(resp.header("retry-after"), Some("2")),
        other => panic!("expected 429, got {other:?}"),
    }
    assert_eq!(s.get(url, Some(&token)).0, 200, "only the queued call fails");
    s.post("/preview/faults", Some(&basic(KEY)), r#"{"kind":"unreadable"}"#);
    let body = ureq::get(&format!("{}{url}", s.url))
        .set("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(body.starts_with("<html>"));
    s.post("/preview/faults", Some(&basic(KEY)), r#"{"kind":"server_error","times":2}"#);
    assert_eq!(s.get("/feedback-app/employee", Some(&token)).0, 503);
    assert_eq!(s.get(url, Some(&token)).0, 503);
    assert_eq!(s.get(url, Some(&token)).0, 200);
    assert_eq!(s.post("/preview/faults", Some(&basic(KEY)), r#"{"kind":"explode"}"#).0, 400);
    assert_eq!(s.post("/preview/faults", Some(&basic(KEY)), r#"{"kind":"slow","times":0}"#).0, 400);
    assert_eq!(s.post("/preview/faults", None, r#"{"kind":"slow"}"#).0, 401);
}
