//! The preview's Dixa: the service's own Dixa API stand-in (on the web
//! listener) holds the P-GAP the agent chose, and the relay reads it from
//! there, as it would from Dixa. Also the IVR set-up rules over HTTP.

mod support;

use serde_json::{json, Value};
use support::*;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn call(method: &str, url: &str, auth: Option<&str>, body: &str) -> (u16, Value) {
    let mut req = ureq::request(method, url).set("Content-Type", "application/json");
    if let Some(a) = auth {
        req = req.set("Authorization", a);
    }
    match req.send_string(body) {
        Ok(r) => (r.status(), r.into_json().unwrap_or(Value::Null)),
        Err(ureq::Error::Status(code, r)) => (code, r.into_json().unwrap_or(Value::Null)),
        Err(e) => panic!("transport: {e}"),
    }
}

#[test]
fn the_relay_reads_the_agents_p_gap_from_the_stand_in() {
    let port = free_port();
    let s = Server::with(move |c| {
        c.rate_per_second = 1000;
        c.web_addr = Some(([127, 0, 0, 1], port).into());
        c.dixa_api_base = format!("http://127.0.0.1:{port}/dixa-api");
    });
    let dixa = format!("http://127.0.0.1:{port}/dixa-api");
    // The agent fills the required attribute in Dixa's UI.
    let (status, v) =
        call("PUT", &format!("{dixa}/agent-ui/conversations/31337/custom-attributes"), None, r#"{"p_gap":"6"}"#);
    assert_eq!(status, 200, "{v}");
    // Dixa's API answers it as a Select attribute, to its key only.
    let (status, v) = call("GET", &format!("{dixa}/v1/conversations/31337"), Some("demo-dixa-api-key"), "");
    assert_eq!(status, 200);
    assert_eq!(v["data"]["customAttributes"][0]["identifier"], "p_gap");
    assert_eq!(v["data"]["customAttributes"][0]["value"], json!(["6"]));
    assert_eq!(call("GET", &format!("{dixa}/v1/conversations/31337"), Some("wrong"), "").0, 401);
    assert_eq!(call("GET", &format!("{dixa}/v1/conversations/31337"), None, "").0, 401);
    assert_eq!(call("GET", &format!("{dixa}/v1/conversations/404"), Some("demo-dixa-api-key"), "").0, 404);
    for bad in ["[1]", "{not json", r#"{"p_gap":{"x":1}}"#] {
        let (status, _) = call("PUT", &format!("{dixa}/agent-ui/conversations/31337/custom-attributes"), None, bad);
        assert_eq!(status, 400, "{bad}");
    }
    assert_eq!(call("PUT", &format!("{dixa}/agent-ui/conversations/a%2Fb/custom-attributes"), None, "{}").0, 400);

    // Closed, without custom attributes, like Dixa's webhook.
    let closed = json!({"event_id": "stand-in-1", "event_fqn": "CONVERSATION_CLOSED", "data": {"conversation": {
        "csid": 31337, "queue": {"id": "5b1f0c4e-support-queue"}, "requester": {"id": "dx-s", "email": "s@example.com"},
        "assignee": {"email": "sara.lind@shop.example"}}}});
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &closed.to_string());
    assert_eq!((status, v["pGap"].as_str()), (201, Some("pending")), "{v}");
    // Read from the stand-in in the background.
    let token = s.token("{}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (_, page) = s.get("/feedback-app/respondent-responses?email=s%40example.com", Some(&token));
        if page["items"][0]["agentRating"] == 6 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "P-GAP not read from the stand-in: {page}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn ivr_set_up_rules() {
    let s = Server::start();
    let put = |queue: &str, body: Value| s.put(&format!("/ivr/{queue}"), &basic(KEY), &body.to_string());
    let message = |v: &Value| v["error"]["message"].as_str().unwrap_or_default().to_owned();
    // A new mapping needs a key.
    let (status, v) = put("new-queue", json!({"name": "New", "campaignId": 101}));
    assert_eq!(status, 400);
    assert!(message(&v).contains("Dixa API key is required"), "{v}");
    let (status, v) = put("new-queue", json!({"name": "New", "campaignId": 101, "dixaApiKey": "  "}));
    assert_eq!(status, 400, "{v}");
    // Bad queue ids.
    for q in ["has%20space", "%C3%B8", &"q".repeat(101)] {
        let (status, v) = put(q, json!({"name": "X", "campaignId": 101, "dixaApiKey": "k"}));
        assert_eq!(status, 400, "{q}");
        assert!(message(&v).contains("not a Dixa queue id"), "{v}");
    }
    // Unknown campaign.
    let (status, v) = put("new-queue", json!({"name": "X", "campaignId": 424242, "dixaApiKey": "k"}));
    assert_eq!(status, 400);
    assert!(message(&v).contains("campaign 424242 does not exist"), "{v}");
    // Saved; an edit without a key keeps the stored one (write-only).
    assert_eq!(put("new-queue", json!({"name": "New", "campaignId": 101, "dixaApiKey": "k-1"})).0, 200);
    let (status, v) = put("new-queue", json!({"name": "Renamed", "campaignId": 102, "dixaApiKey": ""}));
    assert_eq!((status, v["dixaApiKeySet"].as_bool(), v["name"].as_str()), (200, Some(true), Some("Renamed")), "{v}");
    // The campaigns to choose from.
    let (status, v) = call("GET", &format!("{}/campaigns", s.url), Some(&basic(KEY)), "");
    assert_eq!(status, 200);
    assert!(v["items"].as_array().unwrap().iter().any(|c| c["id"] == 7232 && c["name"] == "Relationsmåling Q1"), "{v}");
    assert_eq!(call("GET", &format!("{}/campaigns", s.url), Some(&basic("nope")), "").0, 401);
}
