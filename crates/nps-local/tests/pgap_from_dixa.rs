//! P-GAP as Dixa delivers it: the Closed webhook carries no custom
//! attributes, so the relay acknowledges the member and reads the
//! conversation from Dixa's API in the background with the IVR's Dixa API
//! key. Dixa's API here is a real local HTTP server that can answer each
//! shape, fail, hang or keep Dixa's budget.

mod support;

use nps_local::pgap_reader::ReaderConfig;
use serde_json::{json, Value};
use std::time::Duration;
use support::fake_dixa::{closed_event, conversation, with_p_gap, FakeDixa, Reply};
use support::*;

const QUEUE: &str = "pgap-queue";
const DIXA_KEY: &str = "dixa-secret-4f9a2c71";

fn closed(event_id: &str, csid: i64) -> String {
    closed_event(QUEUE, event_id, csid)
}

fn map_queue(s: &Server) {
    let body = json!({"name": "P-GAP queue", "campaignId": 7232, "dixaApiKey": DIXA_KEY}).to_string();
    let (status, v) = s.put(&format!("/ivr/{QUEUE}"), &basic(KEY), &body);
    assert_eq!(status, 200, "{v}");
}

/// Retries after `first_retry_ms` (doubling), given up after `give_up_ms`.
fn reader(first_retry_ms: u64, give_up_ms: u64) -> ReaderConfig {
    ReaderConfig {
        first_retry: Duration::from_millis(first_retry_ms),
        longest_retry: Duration::from_millis(first_retry_ms * 4),
        give_up_after: Duration::from_millis(give_up_ms),
        ..ReaderConfig::default()
    }
}

fn server(fake: &FakeDixa, reader: ReaderConfig) -> Server {
    let base = fake.url.clone();
    let s = Server::with(move |c| {
        c.dixa_api_base = base;
        c.pgap_reader = reader;
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

/// P-GAP reads not settled yet, read from the database file.
fn pending_reads(s: &Server) -> i64 {
    let conn = rusqlite::Connection::open(&s.db).expect("open the database");
    conn.query_row("SELECT COUNT(*) FROM pending_pgap_reads", [], |r| r.get(0)).expect("count")
}

#[test]
fn reads_p_gap_in_every_shape_dixa_gives_it() {
    let fake = FakeDixa::start(Reply::Json(404, json!({"message": "not found"})));
    let s = server(&fake, reader(60_000, 3_600_000));
    for (i, (value, want)) in [
        (json!(["7"]), json!(7)),     // a Select attribute
        (json!("3"), json!(3)),       // a Text attribute
        (json!(10), json!(10)),       // a number
        (json!(["11"]), Value::Null), // outside 0–10
        (json!(""), Value::Null),
    ]
    .into_iter()
    .enumerate()
    {
        let csid = 4700 + i as i64;
        fake.then(with_p_gap(csid, value.clone()));
        let (status, v) = s.post("/api/dixa/relay", Some(KEY), &closed(&format!("shape-{i}"), csid));
        assert_eq!(status, 201, "{v}");
        assert_eq!((&v["agentRating"], v["pGap"].as_str()), (&Value::Null, Some("pending")), "{value}: {v}");
        eventually("the read settled", Duration::from_secs(5), || pending_reads(&s) == 0);
        assert_eq!(agent_rating(&s, csid), want, "stored for {value}");
    }
    // A conversation without the attribute at all.
    fake.then(conversation(4799, json!([])));
    let (_, v) = s.post("/api/dixa/relay", Some(KEY), &closed("shape-none", 4799));
    assert_eq!(v["pGap"].as_str(), Some("pending"));
    eventually("the read settled", Duration::from_secs(5), || pending_reads(&s) == 0);
    assert_eq!(agent_rating(&s, 4799), Value::Null);
    // Dixa was asked for each conversation once, with the IVR's key as is.
    let seen = fake.seen();
    assert_eq!(seen.len(), 6);
    assert_eq!(seen[0].path, "/v1/conversations/4700");
    assert!(seen.iter().all(|r| r.authorization.as_deref() == Some(DIXA_KEY)), "{seen:?}");
}

#[test]
fn p_gap_in_the_webhook_body_is_still_taken_and_dixa_is_not_asked() {
    let fake = FakeDixa::start(with_p_gap(1, json!(["2"])));
    let s = server(&fake, reader(60_000, 3_600_000));
    let mut body: Value = serde_json::from_str(&closed("in-body", 4801)).unwrap();
    body["data"]["conversation"]["custom_attributes"] = json!([{"identifier": "p_gap", "value": "6"}]);
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &body.to_string());
    assert_eq!((status, v["agentRating"].as_u64(), v["pGap"].as_str()), (201, Some(6), Some("from_webhook")));
    assert_eq!(pending_reads(&s), 0, "no read queued");
    assert!(fake.seen().is_empty());
}

#[test]
fn a_hanging_dixa_does_not_hold_the_webhook_and_the_read_is_retried() {
    let fake = FakeDixa::start(Reply::Hang(Duration::from_secs(30)));
    let s = server(&fake, reader(100, 3_600_000));
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &closed("hang", 4901));
    assert_eq!((status, v["pGap"].as_str(), &v["agentRating"]), (201, Some("pending"), &Value::Null), "{v}");
    // The answer came before Dixa was even left hanging long enough to time out.
    eventually("Dixa asked", Duration::from_secs(5), || !fake.seen().is_empty());
    assert_eq!(agent_rating(&s, 4901), Value::Null, "the member exists before P-GAP is known");
    // Dixa comes back: the background read fills the rating in.
    fake.set_default(with_p_gap(4901, json!(["5"])));
    eventually("P-GAP read in the background", Duration::from_secs(15), || agent_rating(&s, 4901) == json!(5));
}

#[test]
fn failures_are_retried_with_back_off_and_then_given_up() {
    let fake = FakeDixa::start(Reply::Raw(503, "upstream down"));
    // Given up 1 to 2 s after the webhook (the time is kept in whole seconds).
    let s = server(&fake, reader(100, 2_000));
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &closed("down", 5001));
    assert_eq!((status, v["pGap"].as_str()), (201, Some("pending")));
    // Tried again and again, then given up: the pending row goes.
    eventually("given up", Duration::from_secs(10), || pending_reads(&s) == 0);
    let seen = fake.seen();
    assert!(seen.len() >= 3, "tried again before giving up: {}", seen.len());
    // The pauses grow: 50–100 ms after the first failure, 100–200 ms after the second.
    let gaps: Vec<Duration> = seen.windows(2).map(|w| w[1].at.duration_since(w[0].at)).collect();
    assert!(gaps[0] >= Duration::from_millis(50) && gaps[1] > gaps[0], "{gaps:?}");
    // Given up for good: no try after the row went.
    fake.then(with_p_gap(5001, json!(["3"])));
    let tries = fake.seen().len();
    let (_, again) = s.post("/api/dixa/relay", Some(KEY), &closed("down-later", 5002));
    assert_eq!(again["pGap"], "pending");
    eventually("the next read", Duration::from_secs(5), || fake.seen().len() > tries);
    assert_eq!(fake.seen()[tries].path, "/v1/conversations/5002", "the given-up read is not tried again");
    assert_eq!(agent_rating(&s, 5001), Value::Null);
}

#[test]
fn unreadable_answers_are_retried_until_one_reads() {
    let fake = FakeDixa::start(with_p_gap(5101, json!(["9"])));
    fake.then(Reply::Raw(200, "<html>maintenance</html>")).then(Reply::Json(200, json!({"no": "data"})));
    let s = server(&fake, reader(50, 3_600_000));
    let (_, v) = s.post("/api/dixa/relay", Some(KEY), &closed("unreadable", 5101));
    assert_eq!(v["pGap"], "pending");
    eventually("read on the third try", Duration::from_secs(10), || agent_rating(&s, 5101) == json!(9));
    assert_eq!(fake.seen().len(), 3);
}

#[test]
fn a_refused_key_is_not_retried() {
    let fake = FakeDixa::start(Reply::Json(401, json!({"message": "Unauthorized"})));
    let s = server(&fake, reader(50, 3_600_000));
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &closed("refused", 5201));
    assert_eq!((status, v["pGap"].as_str()), (201, Some("pending")), "{v}");
    assert!(!v.to_string().contains(DIXA_KEY));
    eventually("ended at once", Duration::from_secs(5), || pending_reads(&s) == 0);
    // The next read is the next call Dixa sees: the refused one was not retried.
    fake.set_default(with_p_gap(5202, json!(["2"])));
    let (_, _) = s.post("/api/dixa/relay", Some(KEY), &closed("after-refusal", 5202));
    eventually("the next read", Duration::from_secs(5), || agent_rating(&s, 5202) == json!(2));
    let paths: Vec<String> = fake.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(paths, ["/v1/conversations/5201", "/v1/conversations/5202"]);
}

#[test]
fn a_pending_read_survives_a_restart() {
    let fake = FakeDixa::start(Reply::Raw(502, "bad gateway"));
    let db = temp_db();
    let base = fake.url.clone();
    let first = Server::on(db.clone(), move |c| {
        c.dixa_api_base = base;
        c.pgap_reader = reader(600_000, 3_600_000);
    });
    map_queue(&first);
    let (_, v) = first.post("/api/dixa/relay", Some(KEY), &closed("restart", 5301));
    assert_eq!(v["pGap"], "pending");
    eventually("one failed try", Duration::from_secs(5), || fake.seen().len() == 1);
    first.stop();

    fake.set_default(with_p_gap(5301, json!(["4"])));
    let base = fake.url.clone();
    let again = Server::on(db, move |c| {
        c.dixa_api_base = base;
        c.pgap_reader = reader(600_000, 3_600_000);
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
    assert_eq!((status, v["status"].as_str(), v["pGap"].as_str()), (201, Some("created"), Some("pending")), "{v}");
    eventually("read", Duration::from_secs(5), || agent_rating(&s, 5401) == json!(8));
    let (status, again) = s.post("/api/dixa/relay", Some(KEY), &body);
    assert_eq!((status, again["duplicate"].as_bool()), (200, Some(true)), "a created member settles the event");
    assert_eq!(again["memberId"], v["memberId"]);
}

#[test]
fn a_429_waits_for_retry_after_and_is_not_counted_as_a_failure() {
    let fake = FakeDixa::start(with_p_gap(5501, json!(["6"])));
    // Over Dixa's budget once (429 with `Retry-After: 1`), then answered.
    fake.then(Reply::Raw(429, "slow down"));
    // A failure would wait 30–60 s before the next try: only Retry-After can bring it back in time.
    let s = server(&fake, reader(60_000, 3_600_000));
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &closed("over-budget", 5501));
    assert_eq!((status, v["pGap"].as_str()), (201, Some("pending")));
    eventually("read after Retry-After", Duration::from_secs(5), || agent_rating(&s, 5501) == json!(6));
    let seen = fake.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    let waited = seen[1].at.duration_since(seen[0].at);
    assert!(waited >= Duration::from_millis(950), "Retry-After honoured: {waited:?}");
}

#[test]
fn reads_are_served_in_turn_across_companies() {
    let fake = FakeDixa::start(Reply::PGapOfPath(json!(["5"])));
    let base = fake.url.clone();
    let s = Server::with(move |c| {
        c.dixa_api_base = base;
        c.api_keys = vec!["acme-key".into()];
        c.rate_per_second = 1000;
        // One call every 100 ms for the shared Dixa key: 30 reads take 3 s.
        c.pgap_reader = ReaderConfig {
            budget: nps_local::dixa_budget::Budget { per_second: 10.0, burst: 1.0 },
            ..reader(60_000, 3_600_000)
        };
    });
    map_queue(&s);
    let acme = json!({"name": "Acme queue", "campaignId": 9901, "campaignName": "Acme", "dixaApiKey": DIXA_KEY});
    assert_eq!(s.put("/ivr/acme-queue", &basic("acme-key"), &acme.to_string()).0, 200);
    // The demo company's burst first, then one Acme conversation.
    for i in 0..30 {
        assert_eq!(s.post("/api/dixa/relay", Some(KEY), &closed(&format!("burst-{i}"), 5600 + i)).0, 201);
    }
    let mut acme_event: Value = serde_json::from_str(&closed("acme-1", 5700)).unwrap();
    acme_event["data"]["conversation"]["queue"]["id"] = json!("acme-queue");
    let (status, v) = s.post("/api/dixa/relay", Some("acme-key"), &acme_event.to_string());
    assert_eq!(status, 201, "{v}");
    eventually("Acme's read", Duration::from_secs(10), || fake.seen().iter().any(|r| r.path.ends_with("/5700")));
    let position = fake.seen().iter().position(|r| r.path.ends_with("/5700")).unwrap_or(usize::MAX);
    // In turn: within a couple of calls of arriving, not after the whole burst.
    assert!(position <= 6, "Acme's read was call {position} of the demo company's 30");
}
