//! The Dixa webhook relay, IVR and the survey loop over real HTTP, and
//! persistence across a restart.

mod support;

use serde_json::{json, Value};
use support::*;

const QUEUE: &str = "986359e5-e201-48ab-84af-c7799e03e58c"; // demo IVR → campaign 7232

fn snake_closed(event_id: &str, csid: i64, queue: &str, assignee: Option<Value>) -> String {
    let mut conversation = json!({
        "csid": csid, "channel": "EMAIL", "status": "CLOSED", "direction": "INBOUND",
        "queue": {"id": queue, "name": "Support"}, "contact_point": "support@shop.example",
        "requester": {"id": "dixa-user-new", "name": "Freja", "email": "Freja@Example.com", "phone": "+45 31 41 59 26", "user_type": "Contact"},
        "subject": "Parcel", "tags": [], "created_at": "2026-02-13T00:00:00Z",
        "custom_attributes": [{"identifier": "p_gap", "value": "9"}]
    });
    if let Some(a) = assignee {
        conversation["assignee"] = a;
    }
    json!({"event_id": event_id, "event_fqn": "CONVERSATION_CLOSED", "event_version": "1", "event_timestamp": "2026-02-13T00:00:00Z",
           "organization": {"id": "org", "name": "Shop"}, "data": {"conversation": conversation}})
    .to_string()
}

fn mette() -> Value {
    json!({"id": "agent-1", "name": "Mette", "email": "mette.holm@shop.example", "phone": "+4570000000"})
}

fn responses_for(s: &Server, query: &str) -> Value {
    let token = s.token(r#"{"employeeEmail":"mette.holm@shop.example"}"#);
    let (status, v) = s.get(&format!("/feedback-app/respondent-responses?{query}"), Some(&token));
    assert_eq!(status, 200, "{v}");
    v
}

#[test]
fn snake_case_closed_event_creates_a_member_with_the_seed_mapping() {
    let s = Server::start();
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &snake_closed("evt-1", 90001, QUEUE, Some(mette())));
    assert_eq!(status, 201, "{v}");
    assert_eq!(
        (v["status"].as_str(), v["campaignId"].as_i64(), v["agentRating"].as_i64()),
        (Some("created"), Some(7232), Some(9))
    );
    let page = responses_for(&s, "email=freja%40example.com");
    assert_eq!(page["respondents"][0]["firstName"], "Freja", "requester.name → Respondent.FirstName");
    assert_eq!(page["respondents"][0]["phone"], "+4531415926", "requester.phone → Respondent.Phonenumber (E.164)");
    assert_eq!(page["respondents"][0]["externalId"], "dixa-user-new", "requester.id → Respondent.ExternalId");
    assert_eq!(page["respondents"][0]["matchedBy"], json!(["email"]));
    let member = &page["items"][0];
    assert_eq!(member["externalId"], "90001", "csid → member ExternalId");
    assert_eq!(member["custom"]["dixaConversationId"], "90001", "csid → custom.dixaConversationId");
    assert_eq!(member["employee"]["email"], "mette.holm@shop.example", "assignee.email → ResponsibleEmployee.Email");
    assert_eq!(member["campaignName"], "Relationsmåling Q1");
    assert_eq!(member["agentRating"], 9, "p_gap → agent rating");
    assert_eq!(member["rating"], Value::Null, "sent, not answered yet");
}

#[test]
fn camel_case_seed_payload_creates_a_member_too() {
    let s = Server::start();
    let body = json!({"eventId": "evt-camel", "eventFqn": "CONVERSATION_CLOSED", "eventVersion": "1", "eventTimestamp": "2026-02-13T00:00:00Z",
        "organization": {"id": "o", "name": "n"},
        "data": {"conversation": {"csid": 123, "channel": "PSTN_PHONE", "status": "CLOSED", "direction": "INBOUND",
            "queue": {"id": QUEUE, "name": "q"}, "contactPoint": "+4570000000",
            "requester": {"id": "u-77", "name": "Ole", "email": "", "phone": "+4599887766", "roles": ["Contact"]},
            "assignee": {"id": "a", "name": "Jonas", "email": "jonas.berg@shop.example", "phone": "", "roles": ["Agent"]},
            "subject": "s", "tags": [], "createdAt": "2026-02-13T00:00:00Z", "customAttributes": {"p_gap": 4}}}});
    let (status, v) = s.post("/api/dixa/relay", Some(&format!("Token {KEY}")), &body.to_string());
    assert_eq!(status, 201, "{v}");
    let page = responses_for(&s, "phone=%2B4599887766");
    assert_eq!(page["respondents"][0]["firstName"], "Ole");
    assert_eq!(page["items"][0]["agentRating"], 4);
    assert_eq!(page["items"][0]["employee"]["firstName"], "Jonas");
}

#[test]
fn the_same_event_delivered_twice_creates_one_member() {
    let s = Server::start();
    let body = snake_closed("evt-dup", 90002, QUEUE, Some(mette()));
    let (first, a) = s.post("/api/dixa/relay", Some(KEY), &body);
    let (second, b) = s.post("/api/dixa/relay", Some(&format!("Bearer {KEY}")), &body);
    assert_eq!((first, second), (201, 200));
    assert_eq!((a["duplicate"].as_bool(), b["duplicate"].as_bool()), (Some(false), Some(true)));
    assert_eq!(a["memberId"], b["memberId"]);
    assert_eq!(responses_for(&s, "email=freja%40example.com")["total"], 1);
}

#[test]
fn refusals_and_acknowledgements() {
    let s = Server::start();
    // No assignee: rejected with the reason.
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &snake_closed("evt-na", 1, QUEUE, None));
    assert_eq!((status, v["error"]["code"].as_str()), (422, Some("no_assignee")), "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("assign"));
    // Unmapped queue: acknowledged, ignored, says why.
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &snake_closed("evt-q", 2, "unknown-queue", Some(mette())));
    assert_eq!((status, v["status"].as_str()), (200, Some("ignored")));
    assert!(v["reason"].as_str().unwrap().contains("unknown-queue"), "{v}");
    // Another event type: acknowledged, ignored.
    let other = json!({"event_id": "evt-m", "event_fqn": "CONVERSATION_MESSAGE_ADDED", "data": {}}).to_string();
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &other);
    assert_eq!((status, v["status"].as_str()), (200, Some("ignored")));
    // Wrong or missing auth.
    for auth in [None, Some("wrong-key"), Some("Bearer wrong-key"), Some("Token ")] {
        let (status, _) = s.post("/api/dixa/relay", auth, &snake_closed("evt-auth", 3, QUEUE, Some(mette())));
        assert_eq!(status, 401, "{auth:?}");
    }
    // Malformed bodies: 400 naming what is wrong.
    for (body, names) in [
        ("{not json".to_string(), "JSON"),
        ("[]".to_string(), "object"),
        (json!({"event_fqn": "CONVERSATION_CLOSED"}).to_string(), "event_id"),
        (
            json!({"event_id": "x", "event_fqn": "CONVERSATION_CLOSED", "data": {"conversation": {"requester": {}}}})
                .to_string(),
            "csid",
        ),
        (json!({"event_id": "x", "event_fqn": "CONVERSATION_CLOSED", "data": {}}).to_string(), "data.conversation"),
    ] {
        let (status, v) = s.post("/api/dixa/relay", Some(KEY), &body);
        assert_eq!(status, 400, "{body}");
        assert!(v["error"]["message"].as_str().unwrap().contains(names), "{body}: {v}");
    }
    assert_eq!(responses_for(&s, "email=freja%40example.com")["total"], 0, "nothing refused created a member");
}

#[test]
fn ivr_mapping_decides_the_campaign_and_is_configurable() {
    let s = Server::start();
    let (status, v) = s.put(
        "/ivr/new-queue",
        &basic(KEY),
        r#"{"name":"Returns","campaignId":555,"campaignName":"Returns survey","dixaApiKey":"dk"}"#,
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        s.put("/ivr/other", &basic(KEY), r#"{"name":"X","campaignId":999999,"dixaApiKey":"k"}"#).0,
        400,
        "unknown campaign"
    );
    assert_eq!(
        s.put("/ivr/other", &basic(KEY), r#"{"name":"X","campaignId":101,"provider":"Zendesk","dixaApiKey":"k"}"#).0,
        400,
        "only Dixa"
    );
    assert_eq!(s.put("/ivr/other", &basic("nope"), r#"{"name":"X","campaignId":101}"#).0, 401);
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &snake_closed("evt-ivr", 4, "new-queue", Some(mette())));
    assert_eq!((status, v["campaignId"].as_i64()), (201, Some(555)));
    let r = ureq::get(&format!("{}/ivr", s.url))
        .set("Authorization", &basic(KEY))
        .call()
        .unwrap()
        .into_json::<Value>()
        .unwrap();
    assert!(r["items"].as_array().unwrap().iter().any(|m| m["queueId"] == "new-queue" && m["dixaApiKeySet"] == true));
}

#[test]
fn close_answer_and_see_it_the_full_loop() {
    let s = Server::start();
    let (_, v) = s.post("/api/dixa/relay", Some(KEY), &snake_closed("evt-loop", 90003, QUEUE, Some(mette())));
    let member = v["memberId"].as_i64().unwrap();
    let answer = |body: &str| s.post(&format!("/surveys/{member}/answer"), Some(&basic(KEY)), body);
    assert_eq!(answer(r#"{"rating":11}"#).0, 400);
    assert_eq!(answer(r#"{"rating":"x"}"#).0, 400);
    assert_eq!(s.post("/surveys/999999/answer", Some(&basic(KEY)), r#"{"rating":5}"#).0, 404);
    assert_eq!(answer(r#"{"rating":6,"comment":"Slow, but solved."}"#).0, 200);
    let page = responses_for(&s, "email=freja%40example.com");
    assert_eq!(
        (page["items"][0]["rating"].as_u64(), page["items"][0]["comment"].as_str()),
        (Some(6), Some("Slow, but solved."))
    );
    assert_eq!(page["summary"]["detractors"], 1);
    let token = s.token(r#"{"employeeEmail":"mette.holm@shop.example"}"#);
    let (_, mine) = s.get("/feedback-app/employee?pageSize=1", Some(&token));
    assert_eq!(mine["items"][0]["agentRating"], 9);
    assert_eq!(mine["items"][0]["rating"], 6);
}

#[test]
fn p_gap_on_the_personal_page_is_the_agents_guess_minus_the_customers_score() {
    let s = Server::start();
    let agent = json!({"id": "agent-9", "name": "Ida", "email": "ida.new@shop.example"});
    // (agent's guess, customer's score): gaps +3, -4 and 0; the last has no guess.
    for (i, (guess, score)) in [(Some(9), 6), (Some(4), 8), (Some(7), 7), (None, 2)].into_iter().enumerate() {
        let mut body: Value =
            serde_json::from_str(&snake_closed(&format!("gap-{i}"), 91_000 + i as i64, QUEUE, Some(agent.clone())))
                .unwrap();
        body["data"]["conversation"]["custom_attributes"] = match guess {
            Some(g) => json!([{"identifier": "p_gap", "value": g.to_string()}]),
            None => json!([]),
        };
        let (status, v) = s.post("/api/dixa/relay", Some(KEY), &body.to_string());
        assert_eq!(status, 201, "{v}");
        let member = v["memberId"].as_i64().unwrap();
        let answered =
            s.post(&format!("/surveys/{member}/answer"), Some(&basic(KEY)), &format!(r#"{{"rating":{score}}}"#));
        assert_eq!(answered.0, 200, "{:?}", answered.1);
    }
    let token = s.token(r#"{"employeeEmail":"ida.new@shop.example"}"#);
    let (status, page) = s.get("/feedback-app/employee", Some(&token));
    assert_eq!(status, 200, "{page}");
    // Three pairs: |3| + |-4| + |0| = 7 → 7/3; 3 - 4 + 0 = -1 → -1/3 (she underestimates).
    assert_eq!(page["pgap"]["count"], 3, "{page}");
    let close = |v: &Value, want: f64| v.as_f64().is_some_and(|x| (x - want).abs() < 1e-9);
    assert!(close(&page["pgap"]["averageAbsolute"], 7.0 / 3.0), "{page}");
    assert!(close(&page["pgap"]["averageSigned"], -1.0 / 3.0), "agent minus customer, sign included: {page}");
}

#[test]
fn acknowledged_writes_survive_a_restart() {
    let db = temp_db();
    let server = Server::on(db.clone(), |_| {});
    let (status, v) =
        server.post("/api/dixa/relay", Some(KEY), &snake_closed("evt-persist", 90004, QUEUE, Some(mette())));
    assert_eq!(status, 201);
    let member = v["memberId"].clone();
    let token = server.token(r#"{"employeeEmail":"mette.holm@shop.example"}"#);
    let before = responses_for(&server, "email=loyal.customer%40example.com")["total"].clone();
    server.stop();

    let again = Server::on(db, |_| {});
    assert_eq!(again.get("/feedback-app/employee", Some(&token)).0, 200, "the token survived");
    let page = responses_for(&again, "email=freja%40example.com");
    assert_eq!(page["items"][0]["id"].as_str().map(str::to_owned), Some(member.to_string()));
    assert_eq!(
        responses_for(&again, "email=loyal.customer%40example.com")["total"],
        before,
        "demo data not loaded twice"
    );
    let (status, v) =
        again.post("/api/dixa/relay", Some(KEY), &snake_closed("evt-persist", 90004, QUEUE, Some(mette())));
    assert_eq!((status, v["duplicate"].as_bool()), (200, Some(true)), "dedupe survives a restart");
}

#[test]
fn ivr_mappings_load_from_a_config_file_at_start() {
    let path = std::env::temp_dir().join(format!("nps-local-ivr-{}.json", std::process::id()));
    std::fs::write(&path, r#"[{"queueId":"file-queue","name":"From file","campaignId":777,"campaignName":"File campaign","dixaApiKey":"k"}]"#).unwrap();
    let config_path = path.clone();
    let s = Server::with(move |c| c.ivr_config = Some(config_path));
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &snake_closed("evt-file", 5, "file-queue", Some(mette())));
    assert_eq!((status, v["campaignId"].as_i64()), (201, Some(777)), "{v}");
    let _ = std::fs::remove_file(path);
}

#[test]
fn hostile_bodies_are_refused_and_the_service_keeps_working() {
    let s = Server::start();
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &nested);
    assert_eq!(status, 400, "{v}");
    // A declared body over the relay's 256 KB is refused before it is sent.
    let mut c = raw_connect(&s.addr());
    let head = format!(
        "POST /api/dixa/relay HTTP/1.1\r\nHost: x\r\nAuthorization: {KEY}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        3 * 1024 * 1024
    );
    std::io::Write::write_all(&mut c, head.as_bytes()).unwrap();
    let (status, text, _) = read_answer(&mut c, std::time::Duration::from_secs(3));
    assert_eq!(status, Some(413), "bodies over the relay's 256 KB are refused: {text}");
    assert_eq!(raw_body(&text)["error"]["code"], "payload_too_large");
    // A streamed (chunked) body is cut off at the limit with the same answer.
    let mut c = raw_connect(&s.addr());
    let head = format!(
        "POST /api/dixa/relay HTTP/1.1\r\nHost: x\r\nAuthorization: {KEY}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    std::io::Write::write_all(&mut c, head.as_bytes()).unwrap();
    c.set_write_timeout(Some(std::time::Duration::from_secs(2))).unwrap();
    let chunk = "a".repeat(64 * 1024);
    for _ in 0..5 {
        let framed = format!("{:x}\r\n{chunk}\r\n", chunk.len());
        if std::io::Write::write_all(&mut c, framed.as_bytes()).is_err() {
            break; // answered and closed before the whole body was sent
        }
    }
    let (status, text, _) = read_answer(&mut c, std::time::Duration::from_secs(3));
    assert_eq!(status, Some(413), "a streamed body over 256 KB is refused: {text}");
    let mut c = raw_connect(&s.addr());
    let head = format!(
        "POST /employees/token HTTP/1.1\r\nHost: x\r\nAuthorization: {}\r\nContent-Length: {}\r\n\r\n",
        basic(KEY),
        nested.len()
    );
    std::io::Write::write_all(&mut c, head.as_bytes()).unwrap();
    let (status, text, _) = read_answer(&mut c, std::time::Duration::from_secs(3));
    assert_eq!(status, Some(413), "the token hook takes 64 KB: {text}");
    assert_eq!(raw_body(&text)["error"]["code"], "payload_too_large");
    let nested = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let (status, _) = s.post("/employees/token", Some(&basic(KEY)), &nested);
    assert_eq!(status, 400);
    // Stored fields are bounded: refused with the field's name, nothing stored.
    let long_id = "e".repeat(201);
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &snake_closed(&long_id, 7, QUEUE, Some(mette())));
    assert_eq!((status, v["error"]["code"].as_str()), (422, Some("field_too_long")), "{v}");
    assert!(v["error"]["message"].as_str().unwrap_or_default().contains("event_id"), "{v}");
    let long_name = json!({"id": "agent-1", "name": "M".repeat(301), "email": "mette.holm@shop.example"});
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &snake_closed("evt-long-name", 8, QUEUE, Some(long_name)));
    assert_eq!((status, v["error"]["code"].as_str()), (422, Some("field_too_long")), "{v}");
    assert_eq!(members_with_csid(&s.db, 7) + members_with_csid(&s.db, 8), 0);
    let (status, _) = s.post("/api/dixa/relay", Some(KEY), &snake_closed("evt-after", 6, QUEUE, Some(mette())));
    assert_eq!(status, 201, "still serving");
}
