//! Dixa's webhook signature, per company: with a secret stored (write-only),
//! the relay requires `X-DIXA-SIGNATURE` over the exact body, recent and
//! matching; without one, the API key alone authenticates, as before.

mod support;

use nps_local::clock::now_unix;
use nps_local::dixa_signature::sign;
use serde_json::{json, Value};
use support::*;

const SECRET: &str = "3f9c2a7b1e8d4c6a9b0e2f4d6c8a0b1e3f5a7c9e";

fn relay(s: &Server, body: &str, signature: Option<&str>) -> (u16, Value) {
    let mut req = ureq::post(&format!("{}/api/dixa/relay", s.url))
        .set("Authorization", KEY)
        .set("Content-Type", "application/json");
    if let Some(sig) = signature {
        req = req.set("X-DIXA-SIGNATURE", sig);
    }
    match req.send_string(body) {
        Ok(r) => (r.status(), r.into_json().unwrap_or(Value::Null)),
        Err(ureq::Error::Status(code, r)) => (code, r.into_json().unwrap_or(Value::Null)),
        Err(e) => panic!("transport: {e}"),
    }
}

#[test]
fn with_a_secret_stored_only_signed_recent_unaltered_webhooks_are_taken() {
    let s = Server::start();
    // Without a secret: the key alone, as before.
    let (status, v) = relay(&s, &closed_event("unsigned-ok", 970_001, DEMO_QUEUE), None);
    assert_eq!(status, 201, "{v}");
    let (status, v) = s.get_with("/dixa/webhook-secret", &basic(KEY));
    assert_eq!((status, v["secretSet"].as_bool()), (200, Some(false)), "{v}");

    let (status, v) = s.put("/dixa/webhook-secret", &basic(KEY), &json!({"secret": SECRET}).to_string());
    assert_eq!((status, v["secretSet"].as_bool()), (200, Some(true)), "{v}");
    assert!(!v.to_string().contains(SECRET), "write-only: {v}");
    let (_, v) = s.get_with("/dixa/webhook-secret", &basic(KEY));
    assert_eq!(v, json!({"secretSet": true}), "the secret never leaves");

    let body = closed_event("signed-1", 970_002, DEMO_QUEUE);
    let now = now_unix();
    let good = sign(SECRET, now, body.as_bytes()).unwrap();
    for (what, signature, sent) in [
        ("no signature", None, body.clone()),
        ("another body", Some(good.clone()), closed_event("signed-1", 970_003, DEMO_QUEUE)),
        ("another secret", sign(&"ab".repeat(20), now, body.as_bytes()), body.clone()),
        ("ten minutes old", sign(SECRET, now - 600, body.as_bytes()), body.clone()),
        ("not Dixa's format", Some("sha256=abc".to_owned()), body.clone()),
    ] {
        let (status, v) = relay(&s, &sent, signature.as_deref());
        assert_eq!((status, v["error"]["code"].as_str()), (401, Some("bad_signature")), "{what}: {v}");
    }
    assert_eq!(members_with_csid(&s.db, 970_002), 0, "nothing stored from a refused delivery");
    let (status, v) = relay(&s, &body, Some(&good));
    assert_eq!(status, 201, "{v}");
    assert_eq!(members_with_csid(&s.db, 970_002), 1);

    // A secret that is not hex is refused; an empty one turns the check off.
    let (status, v) = s.put("/dixa/webhook-secret", &basic(KEY), r#"{"secret":"not hex at all"}"#);
    assert_eq!((status, v["error"]["code"].as_str()), (422, Some("invalid_secret")), "{v}");
    let (status, v) = s.put("/dixa/webhook-secret", &basic(KEY), r#"{"secret":""}"#);
    assert_eq!((status, v["secretSet"].as_bool()), (200, Some(false)), "{v}");
    let (status, _) = relay(&s, &closed_event("unsigned-again", 970_004, DEMO_QUEUE), None);
    assert_eq!(status, 201);
}

#[test]
fn one_companys_secret_does_not_touch_anothers_webhooks() {
    let s = Server::with(|c| c.api_keys = vec!["acme-key".into()]);
    let (status, _) = s.put("/dixa/webhook-secret", &basic("acme-key"), &json!({"secret": SECRET}).to_string());
    assert_eq!(status, 200);
    let (status, v) = relay(&s, &closed_event("other-company", 970_101, DEMO_QUEUE), None);
    assert_eq!(status, 201, "the demo company set no secret: {v}");
}
