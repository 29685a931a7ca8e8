//! One company per API key: what a key creates or reads is its company's
//! alone; CORS by who calls which endpoint.

mod support;

use serde_json::Value;
use support::*;

const ACME: &str = "acme-key";

fn with_acme() -> Server {
    Server::with(|c| {
        c.api_keys = vec![ACME.into()];
        c.rate_per_second = 1000;
    })
}

#[test]
fn a_second_key_sees_and_changes_nothing_of_the_demo_company() {
    let s = with_acme();
    let acme = basic(ACME);
    // Reads: no IVR, no respondents of the demo company.
    let (status, v) = s.get_with("/ivr", &acme);
    assert_eq!((status, v["items"].as_array().map(Vec::len)), (200, Some(0)), "{v}");
    let acme_token = s.token_for(ACME, r#"{"employeeEmail":"mette.holm@shop.example"}"#);
    let (status, v) = s.get("/feedback-app/respondent-responses?email=anna.berg%40example.com", Some(&acme_token));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["respondents"], serde_json::json!([]), "the demo company's Anna is not Acme's");
    let (_, v) = s.get("/feedback-app/employee", Some(&acme_token));
    assert_eq!(v["total"], 0, "Mette's demo surveys are not Acme's: {v}");

    // A queue the demo company mapped cannot be taken over.
    let (status, v) = s.put(
        &format!("/ivr/{DEMO_QUEUE}"),
        &acme,
        r#"{"name":"Mine","dixaApiKey":"acme-dixa-key","campaignId":9001,"campaignName":"Acme NPS"}"#,
    );
    assert_eq!((status, v["error"]["code"].as_str()), (409, Some("queue_taken")), "{v}");
    let (_, v) = s.get_with("/ivr", &basic(KEY));
    let demo_queue = v["items"].as_array().unwrap().iter().find(|m| m["queueId"] == DEMO_QUEUE).cloned().unwrap();
    assert_eq!(
        (demo_queue["campaignId"].as_i64(), demo_queue["name"].as_str()),
        (Some(7232), Some("Relationsmåling (Danish queue)"))
    );
    assert_eq!(s.get_with("/ivr", &acme).1["items"].as_array().map(Vec::len), Some(0), "nothing half-saved");
    // Nor can the demo company's campaign be renamed.
    let (status, v) = s.put(
        "/ivr/acme-queue",
        &acme,
        r#"{"name":"Acme","dixaApiKey":"acme-dixa-key","campaignId":101,"campaignName":"Renamed"}"#,
    );
    assert_eq!((status, v["error"]["code"].as_str()), (409, Some("campaign_taken")), "{v}");

    // Writes: answering a demo survey is "no such survey" for Acme.
    let demo_token = s.token(r#"{"employeeEmail":"mette.holm@shop.example"}"#);
    let (_, v) = s.get("/feedback-app/respondent-responses?email=anna.berg%40example.com", Some(&demo_token));
    let survey = v["items"][0]["id"].as_str().unwrap().to_owned();
    let (status, _) = s.post(&format!("/surveys/{survey}/answer"), Some(&acme), r#"{"rating":0}"#);
    assert_eq!(status, 404);
    // Expiring Acme's tokens leaves the demo company's alone.
    s.post("/preview/expire-tokens", Some(&acme), "");
    assert_eq!(s.get("/feedback-app/employee", Some(&demo_token)).0, 200);
    assert_eq!(s.get("/feedback-app/employee", Some(&acme_token)).1["error"]["code"], "token_expired");
}

#[test]
fn a_relay_event_is_judged_by_the_ivr_of_the_keys_own_company() {
    let s = with_acme();
    // Acme's key, the demo company's queue: not Acme's mapping.
    let (status, v) = s.post("/api/dixa/relay", Some(ACME), &closed_event("acme-1", 700_001, DEMO_QUEUE));
    assert_eq!((status, v["status"].as_str()), (200, Some("ignored")), "{v}");
    assert_eq!(members_with_csid(&s.db, 700_001), 0);
    let (status, v) = s.put(
        "/ivr/acme-queue",
        &basic(ACME),
        r#"{"name":"Acme","dixaApiKey":"acme-dixa-key","campaignId":9001,"campaignName":"Acme NPS"}"#,
    );
    assert_eq!(status, 200, "{v}");
    let (status, v) = s.post("/api/dixa/relay", Some(ACME), &closed_event("acme-2", 700_002, "acme-queue"));
    assert_eq!((status, v["campaignId"].as_i64()), (201, Some(9001)), "{v}");
    // The same event id from the demo company is its own event.
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &closed_event("acme-2", 700_003, "acme-queue"));
    assert_eq!((status, v["status"].as_str(), v["duplicate"].as_bool()), (200, Some("ignored"), Some(false)), "{v}");

    let acme_token = s.token_for(ACME, "{}");
    let (_, v) = s.get("/feedback-app/respondent-responses?email=c700002%40example.com", Some(&acme_token));
    assert_eq!(v["total"], 1, "Acme sees its member: {v}");
    let demo_token = s.token("{}");
    let (_, v) = s.get("/feedback-app/respondent-responses?email=c700002%40example.com", Some(&demo_token));
    assert_eq!(v["respondents"], serde_json::json!([]), "the demo company does not: {v}");
}

#[test]
fn preview_faults_come_after_auth_per_company_and_at_most_20() {
    let s = with_acme();
    let demo_token = s.token("{}");
    let acme_token = s.token_for(ACME, "{}");
    let (status, _) = s.post("/preview/faults", Some(&basic(KEY)), r#"{"kind":"server_error","times":2}"#);
    assert_eq!(status, 200);
    // Without a valid token the fault is neither shown nor used up.
    assert_eq!(s.get("/feedback-app/employee", None).0, 401);
    assert_eq!(s.get("/feedback-app/employee", Some("not-a-token")).0, 401);
    // Another company's calls are not affected.
    assert_eq!(s.get("/feedback-app/employee", Some(&acme_token)).0, 200);
    assert_eq!(s.get("/feedback-app/employee", Some(&demo_token)).0, 503);
    assert_eq!(s.get("/feedback-app/employee", Some(&demo_token)).0, 503);
    assert_eq!(s.get("/feedback-app/employee", Some(&demo_token)).0, 200);
    // At most 20 waiting.
    assert_eq!(s.post("/preview/faults", Some(&basic(KEY)), r#"{"kind":"unreadable","times":15}"#).0, 200);
    let (status, v) = s.post("/preview/faults", Some(&basic(KEY)), r#"{"kind":"unreadable","times":6}"#);
    assert_eq!(status, 400, "{v}");
    assert!(v["error"]["message"].as_str().unwrap_or_default().contains("20"), "{v}");
    assert_eq!(s.post("/preview/faults", Some(&basic(ACME)), r#"{"kind":"unreadable","times":20}"#).0, 200);
}

fn preflight(url: &str, origin: &str, method: &str) -> Option<String> {
    ureq::request("OPTIONS", url)
        .set("Origin", origin)
        .set("Access-Control-Request-Method", method)
        .set("Access-Control-Request-Headers", "authorization,content-type")
        .call()
        .ok()
        .and_then(|r| r.header("access-control-allow-origin").map(str::to_owned))
}

#[test]
fn cors_lets_the_card_read_its_endpoints_and_only_the_preview_drive_the_rest() {
    let s = Server::with(|c| {
        c.web_addr = Some(([127, 0, 0, 1], 0).into());
        c.allowed_origins = vec!["https://card.example".into(), "null".into()];
    });
    let web = s.web_url.clone().expect("web listener");
    let preview_origin = web.as_str();
    let api = &s.url;
    // The card's endpoints: the configured origins and a sandboxed frame.
    for origin in ["https://card.example", "null"] {
        assert_eq!(preflight(&format!("{api}/feedback-app/employee"), origin, "GET").as_deref(), Some(origin));
    }
    assert_eq!(preflight(&format!("{api}/feedback-app/employee"), "https://evil.example", "GET"), None);
    // The API-key endpoints: the preview page's own origin only.
    for (path, method) in [
        ("/employees/token", "POST"),
        ("/ivr/q", "PUT"),
        ("/surveys/1/answer", "POST"),
        ("/preview/faults", "POST"),
        ("/preview/expire-tokens", "POST"),
        ("/api/dixa/relay", "POST"),
    ] {
        let url = format!("{api}{path}");
        assert_eq!(preflight(&url, preview_origin, method).as_deref(), Some(preview_origin), "{path}");
        for origin in ["null", "https://card.example", "https://evil.example"] {
            assert_eq!(preflight(&url, origin, method), None, "{path} from {origin}");
        }
    }
    let r = ureq::get(&format!("{api}/ivr")).set("Origin", "null").set("Authorization", &basic(KEY)).call().unwrap();
    assert_eq!(r.header("access-control-allow-origin"), None, "no `null`, no `*`");
    // The preview's settings (with the demo key): same origin only.
    let r = ureq::get(&format!("{web}/preview-config.json")).set("Origin", "https://evil.example").call().unwrap();
    assert_eq!(r.header("access-control-allow-origin"), None);
    let v: Value = r.into_json().unwrap();
    assert_eq!(v["apiBase"].as_str(), Some(api.as_str()));
}
