//! P-GAP as Dixa delivers it: the Closed webhook carries no custom
//! attributes, so the relay reads the conversation from Dixa's API with the
//! IVR's Dixa API key. Dixa's API here is a real local HTTP server that can
//! answer each shape, fail or hang.

mod support;

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use support::fake_dixa::{conversation, with_p_gap, FakeDixa, Reply};
use support::*;

const QUEUE: &str = "pgap-queue";
const DIXA_KEY: &str = "dixa-secret-4f9a2c71";

/// A Closed event as Dixa sends it: no custom attributes.
fn closed(event_id: &str, csid: i64) -> String {
    json!({"event_id": event_id, "event_fqn": "CONVERSATION_CLOSED", "event_version": "1",
        "data": {"conversation": {"csid": csid, "channel": "EMAIL", "queue": {"id": QUEUE},
            "requester": {"id": format!("dx-{csid}"), "name": "Freja", "email": format!("c{csid}@example.com")},
            "assignee": {"id": "agent-1", "name": "Mette", "email": "mette.holm@shop.example"}}}})
    .to_string()
}

fn map_queue(s: &Server) {
    let body = json!({"name": "P-GAP queue", "campaignId": 7232, "dixaApiKey": DIXA_KEY}).to_string();
    let (status, v) = s.put(&format!("/ivr/{QUEUE}"), &basic(KEY), &body);
    assert_eq!(status, 200, "{v}");
}

fn server(fake: &FakeDixa, delays_ms: &[u64]) -> Server {
    let (base, delays) = (fake.url.clone(), delays_ms.iter().map(|d| Duration::from_millis(*d)).collect());
    let s = Server::with(move |c| {
        c.dixa_api_base = base;
        c.pgap_retry_delays = delays;
        // These tests look the member up after each step.
        c.rate_per_second = 1000;
    });
    map_queue(&s);
    s
}

/// The member's agent rating as the Feedback App shows it.
fn agent_rating(s: &Server, csid: i64) -> Value {
    let token = s.token(r#"{"employeeEmail":"mette.holm@shop.example"}"#);
    let (status, v) = s.get(&format!("/feedback-app/respondent-responses?email=c{csid}%40example.com"), Some(&token));
    assert_eq!(status, 200, "{v}");
    v["items"][0]["agentRating"].clone()
}

fn eventually(what: &str, timeout: Duration, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out: {what}");
}

#[test]
fn reads_p_gap_in_every_shape_dixa_gives_it() {
    let fake = FakeDixa::start(Reply::Json(404, json!({"message": "not found"})));
    let s = server(&fake, &[60_000]);
    for (i, (value, want, source)) in [
        (json!(["7"]), json!(7), "from_dixa"),           // a Select attribute
        (json!("3"), json!(3), "from_dixa"),             // a Text attribute
        (json!(10), json!(10), "from_dixa"),             // a number
        (json!(["11"]), Value::Null, "not_set_in_dixa"), // outside 0–10
        (json!(""), Value::Null, "not_set_in_dixa"),
    ]
    .into_iter()
    .enumerate()
    {
        let csid = 4700 + i as i64;
        fake.then(with_p_gap(csid, value.clone()));
        let (status, v) = s.post("/api/dixa/relay", Some(KEY), &closed(&format!("shape-{i}"), csid));
        assert_eq!(status, 201, "{v}");
        assert_eq!((&v["agentRating"], v["pGap"].as_str()), (&want, Some(source)), "{value}: {v}");
        assert_eq!(agent_rating(&s, csid), want, "stored for {value}");
    }
    // A conversation without the attribute at all.
    fake.then(conversation(4799, json!([])));
    let (_, v) = s.post("/api/dixa/relay", Some(KEY), &closed("shape-none", 4799));
    assert_eq!((v["agentRating"].clone(), v["pGap"].as_str()), (Value::Null, Some("not_set_in_dixa")));
    // Dixa was asked for each conversation, with the IVR's key as is.
    let seen = fake.seen();
    assert_eq!(seen.len(), 6);
    assert_eq!(seen[0].path, "/v1/conversations/4700");
    assert!(seen.iter().all(|r| r.authorization.as_deref() == Some(DIXA_KEY)), "{seen:?}");
}

#[test]
fn p_gap_in_the_webhook_body_is_still_taken_and_dixa_is_not_asked() {
    let fake = FakeDixa::start(with_p_gap(1, json!(["2"])));
    let s = server(&fake, &[60_000]);
    let mut body: Value = serde_json::from_str(&closed("in-body", 4801)).unwrap();
    body["data"]["conversation"]["custom_attributes"] = json!([{"identifier": "p_gap", "value": "6"}]);
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &body.to_string());
    assert_eq!((status, v["agentRating"].as_u64(), v["pGap"].as_str()), (201, Some(6), Some("from_webhook")));
    assert!(fake.seen().is_empty());
}

#[test]
fn a_hanging_dixa_does_not_hold_the_webhook_and_the_read_is_retried() {
    let fake = FakeDixa::start(Reply::Hang(Duration::from_secs(30)));
    let s = server(&fake, &[100, 100, 100, 100, 100, 100, 100, 100, 100, 100]);
    let started = Instant::now();
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &closed("hang", 4901));
    let took = started.elapsed();
    assert!(took < Duration::from_secs(4), "answered in {took:?}");
    assert_eq!((status, v["pGap"].as_str(), &v["agentRating"]), (201, Some("pending"), &Value::Null), "{v}");
    assert_eq!(agent_rating(&s, 4901), Value::Null, "the member exists before P-GAP is known");
    // Dixa comes back: the background read fills the rating in.
    fake.set_default(with_p_gap(4901, json!(["5"])));
    eventually("P-GAP read in the background", Duration::from_secs(15), || agent_rating(&s, 4901) == json!(5));
}

#[test]
fn failures_are_retried_with_back_off_and_then_given_up() {
    let fake = FakeDixa::start(Reply::Raw(503, "upstream down"));
    let s = server(&fake, &[50, 100, 150]);
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &closed("down", 5001));
    assert_eq!((status, v["pGap"].as_str()), (201, Some("pending")));
    // The first try and three retries, then nothing more.
    eventually("four tries", Duration::from_secs(10), || fake.seen().len() == 4);
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(fake.seen().len(), 4, "given up after the schedule");
    assert_eq!(agent_rating(&s, 5001), Value::Null);
}

#[test]
fn unreadable_answers_are_retried_until_one_reads() {
    let fake = FakeDixa::start(with_p_gap(5101, json!(["9"])));
    fake.then(Reply::Raw(200, "<html>maintenance</html>")).then(Reply::Json(200, json!({"no": "data"})));
    let s = server(&fake, &[50, 50, 50]);
    let (_, v) = s.post("/api/dixa/relay", Some(KEY), &closed("unreadable", 5101));
    assert_eq!(v["pGap"], "pending");
    eventually("read on the third try", Duration::from_secs(10), || agent_rating(&s, 5101) == json!(9));
    assert_eq!(fake.seen().len(), 3);
}

#[test]
fn a_refused_key_is_not_retried() {
    let fake = FakeDixa::start(Reply::Json(401, json!({"message": "Unauthorized"})));
    let s = server(&fake, &[50, 50, 50]);
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &closed("refused", 5201));
    assert_eq!((status, v["pGap"].as_str()), (201, Some("not_read")), "{v}");
    assert!(v["pGapReason"].as_str().unwrap().contains("refused"), "{v}");
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(fake.seen().len(), 1);
    assert!(!v.to_string().contains(DIXA_KEY));
}

#[test]
fn a_pending_read_survives_a_restart() {
    let fake = FakeDixa::start(Reply::Raw(502, "bad gateway"));
    let db = temp_db();
    let base = fake.url.clone();
    let first = Server::on(db.clone(), move |c| {
        c.dixa_api_base = base;
        c.pgap_retry_delays = vec![Duration::from_secs(600)];
    });
    map_queue(&first);
    let (_, v) = first.post("/api/dixa/relay", Some(KEY), &closed("restart", 5301));
    assert_eq!(v["pGap"], "pending");
    first.stop();

    fake.set_default(with_p_gap(5301, json!(["4"])));
    let base = fake.url.clone();
    let again = Server::on(db, move |c| {
        c.dixa_api_base = base;
        c.pgap_retry_delays = vec![Duration::from_secs(600)];
    });
    eventually("resumed after the restart", Duration::from_secs(10), || agent_rating(&again, 5301) == json!(4));
    assert_eq!(fake.seen().len(), 2, "one try before, one after the restart");
}

#[test]
fn an_ignored_event_is_judged_afresh_once_its_queue_is_mapped() {
    let fake = FakeDixa::start(with_p_gap(5401, json!(["8"])));
    let base = fake.url.clone();
    let s = Server::with(move |c| c.dixa_api_base = base);
    let body = closed("late-mapping", 5401);
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &body);
    assert_eq!((status, v["status"].as_str()), (200, Some("ignored")), "{v}");
    map_queue(&s);
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &body);
    assert_eq!((status, v["status"].as_str(), v["agentRating"].as_u64()), (201, Some("created"), Some(8)), "{v}");
    let (status, again) = s.post("/api/dixa/relay", Some(KEY), &body);
    assert_eq!((status, again["duplicate"].as_bool()), (200, Some(true)), "a created member settles the event");
    assert_eq!(again["memberId"], v["memberId"]);
}
