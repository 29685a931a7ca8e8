//! Follow-ups over real HTTP against a real SQLite file: transitions,
//! authorship from the token, company scope, idempotency, concurrency, bad
//! input, the read endpoints and the admin summary.

mod support;

use nps_local::clock::{iso, now_unix};
use serde_json::{json, Value};
use std::sync::{Arc, Barrier};
use support::*;

const METTE: &str = "mette.holm@shop.example";
const JONAS: &str = "jonas.berg@shop.example";
/// A second company (no demo data), for scope and the hand-computed summary.
const OTHER_KEY: &str = "follow-up-test-company-key";

fn server() -> Server {
    Server::with(|c| {
        c.rate_per_second = 10_000;
        c.api_keys = vec![OTHER_KEY.into()];
    })
}

fn agent_token(s: &Server, key: &str, email: &str) -> String {
    s.token_for(key, &json!({ "employeeEmail": email }).to_string())
}

fn path(id: i64) -> String {
    format!("/feedback-app/responses/{id}/follow-up")
}

/// POST a change with the card's headers; the status and the body.
fn post_change(url: &str, id: &str, token: &str, key: Option<&str>, body: &str) -> (u16, Value) {
    let mut req = ureq::post(&format!("{url}/feedback-app/responses/{id}/follow-up"))
        .set("Authorization", &format!("Bearer {token}"))
        .set("Content-Type", "application/json");
    if let Some(k) = key {
        req = req.set("Idempotency-Key", k);
    }
    match req.send_string(body) {
        Ok(r) => (r.status(), r.into_json().unwrap_or(Value::Null)),
        Err(ureq::Error::Status(code, r)) => (code, r.into_json().unwrap_or(Value::Null)),
        Err(e) => panic!("transport error: {e}"),
    }
}

fn change(s: &Server, id: i64, token: &str, body: Value) -> (u16, Value) {
    post_change(&s.url, &id.to_string(), token, None, &body.to_string())
}

fn events(s: &Server, id: i64, token: &str) -> Vec<Value> {
    let (status, v) = s.get(&path(id), Some(token));
    assert_eq!(status, 200, "{v}");
    v["events"].as_array().cloned().unwrap_or_default()
}

fn stored_events(s: &Server) -> i64 {
    let conn = rusqlite::Connection::open(&s.db).expect("open the database");
    conn.query_row("SELECT COUNT(*) FROM follow_up_events", [], |r| r.get(0)).expect("count")
}

/// Anna's responses (demo data) by rating: (id, item).
fn anna_items(s: &Server, token: &str, query: &str) -> Vec<Value> {
    let (status, v) =
        s.get(&format!("/feedback-app/respondent-responses?email=anna.berg@example.com{query}"), Some(token));
    assert_eq!(status, 200, "{v}");
    v["items"].as_array().cloned().unwrap_or_default()
}

/// Peter's 3 (demo data): a detractor's response nobody has acted on.
fn peter_detractor(s: &Server, token: &str) -> (i64, Value) {
    let (status, v) = s.get("/feedback-app/respondent-responses?phone=%2B4520304050", Some(token));
    assert_eq!(status, 200, "{v}");
    let items = v["items"].as_array().cloned().unwrap_or_default();
    let item = items.iter().find(|i| i["rating"] == 3).cloned().expect("Peter's 3");
    (id_with_rating(&items, 3), item)
}

fn id_with_rating(items: &[Value], rating: u64) -> i64 {
    items
        .iter()
        .find(|i| i["rating"].as_u64() == Some(rating))
        .and_then(|i| i["id"].as_str())
        .and_then(|id| id.parse().ok())
        .expect("a response with that rating")
}

#[test]
fn transitions_follow_the_rules_and_the_author_is_the_tokens_employee() {
    let s = server();
    let mette = agent_token(&s, KEY, METTE);
    let jonas = agent_token(&s, KEY, JONAS);
    let items = anna_items(&s, &mette, "");
    let promoter = id_with_rating(&items, 9);
    let (detractor, d) = peter_detractor(&s, &mette);

    // A promoter's response has no follow-up until someone opens one.
    let item = items.iter().find(|i| i["rating"] == 9).unwrap();
    assert!(item.get("followUp").is_none(), "absent when none: {item}");
    let (status, v) = change(&s, promoter, &mette, json!({"seen": "none", "note": "hello"}));
    assert_eq!((status, v["error"]["code"].as_str()), (409, Some("conflict")), "a note needs a follow-up: {v}");
    assert_eq!(v["followUp"], Value::Null);
    let (status, v) = change(&s, promoter, &mette, json!({"seen": "none", "status": "in_progress"}));
    assert_eq!(status, 409, "none → in_progress is not a move: {v}");

    let unanswered = items
        .iter()
        .find(|i| i["rating"].is_null())
        .and_then(|i| i["id"].as_str())
        .and_then(|id| id.parse().ok())
        .expect("Anna's unanswered survey");
    let (status, v) = change(&s, unanswered, &mette, json!({"seen": "none", "status": "open"}));
    assert_eq!(status, 409, "nothing to follow up on an unanswered survey: {v}");
    let (status, v) = change(&s, promoter, &mette, json!({"seen": "none", "status": "open"}));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["followUp"]["status"], "open");
    assert_eq!(v["followUp"]["events"], 1);
    assert_eq!(v["followUp"]["last"]["by"], json!({"email": METTE, "firstName": "Mette", "lastName": "Holm"}));
    assert_eq!(v["followUp"]["last"]["type"], "status");
    assert_eq!(v["followUp"]["since"], v["followUp"]["last"]["at"]);

    let (status, v) = change(&s, promoter, &mette, json!({"seen": "open", "status": "in_progress"}));
    assert_eq!((status, v["followUp"]["status"].as_str()), (200, Some("in_progress")), "{v}");
    // Stale: the card still showed open.
    let (status, v) = change(&s, promoter, &jonas, json!({"seen": "open", "status": "closed", "note": "done"}));
    assert_eq!((status, v["error"]["code"].as_str()), (409, Some("conflict")), "{v}");
    assert_eq!(v["followUp"]["status"], "in_progress", "the current follow-up comes with the conflict");
    let (status, v) = change(&s, promoter, &jonas, json!({"seen": "in_progress", "status": "in_progress"}));
    assert_eq!(status, 409, "no move to the same status: {v}");
    let (status, v) =
        change(&s, promoter, &jonas, json!({"seen": "in_progress", "status": "closed", "note": " refund sent "}));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["followUp"]["last"]["text"], "refund sent", "trimmed");
    assert_eq!(v["followUp"]["last"]["by"]["email"], JONAS, "the author is the token's employee");
    let (status, _) = change(&s, promoter, &jonas, json!({"seen": "closed", "status": "in_progress"}));
    assert_eq!(status, 409, "closed → in_progress is not a move");
    let (status, v) = change(&s, promoter, &mette, json!({"seen": "closed", "status": "open", "note": "called back"}));
    assert_eq!((status, v["followUp"]["status"].as_str()), (200, Some("open")), "reopen: {v}");
    let (status, v) = change(&s, promoter, &mette, json!({"seen": "open", "note": "left a voicemail"}));
    assert_eq!(status, 200, "{v}");
    assert_eq!((v["followUp"]["status"].as_str(), v["followUp"]["events"].as_u64()), (Some("open"), Some(5)));
    assert_eq!(v["followUp"]["last"]["type"], "note");

    let list = events(&s, promoter, &jonas);
    let seen: Vec<(String, String, String)> = list
        .iter()
        .map(|e| {
            (
                e["type"].as_str().unwrap().into(),
                e["status"].as_str().unwrap().into(),
                e["by"]["email"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want = [
        ("status", "open", METTE),
        ("status", "in_progress", METTE),
        ("status", "closed", JONAS),
        ("status", "open", METTE),
        ("note", "open", METTE),
    ];
    assert_eq!(seen, want.map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned())).to_vec(), "oldest first");

    // A detractor is open by rule: since its rating, no event yet; a note keeps it open.
    assert_eq!(d["followUp"]["status"], "open");
    assert_eq!(d["followUp"]["since"], d["ratingTime"]);
    assert_eq!((d["followUp"]["last"].clone(), d["followUp"]["events"].as_u64()), (Value::Null, Some(0)));
    let (status, _) = change(&s, detractor, &mette, json!({"seen": "none", "status": "open"}));
    assert_eq!(status, 409, "a detractor's response is already open");
    let (status, v) = change(&s, detractor, &mette, json!({"seen": "open", "note": "sent an apology"}));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["followUp"]["since"], d["ratingTime"], "a note does not change since");
    let (status, v) =
        change(&s, detractor, &mette, json!({"seen": "open", "status": "closed", "note": "replacement sent"}));
    assert_eq!((status, v["followUp"]["status"].as_str()), (200, Some("closed")), "open → closed with a note: {v}");
    let (_, d) = peter_detractor(&s, &mette);
    assert_eq!(
        (d["followUp"]["status"].as_str(), d["followUp"]["last"]["text"].as_str()),
        (Some("closed"), Some("replacement sent"))
    );
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let s = server();
    let mette = agent_token(&s, KEY, METTE);
    let (detractor, _) = peter_detractor(&s, &mette);
    let id = detractor.to_string();
    let before = stored_events(&s);
    let long = "x".repeat(10_000);
    let just_over = "ø".repeat(1_001);
    let cases: Vec<(&str, String, Option<&str>, &str)> = vec![
        (
            id.as_str(),
            json!({"seen": "open", "status": "closed", "note": "   "}).to_string(),
            None,
            "empty closing note",
        ),
        (id.as_str(), json!({"seen": "open", "status": "closed"}).to_string(), None, "open → closed without a note"),
        (id.as_str(), json!({"seen": "open", "note": long}).to_string(), None, "a 10,000-character note"),
        (id.as_str(), json!({"seen": "open", "note": just_over}).to_string(), None, "1,001 characters"),
        ("abc", json!({"seen": "open", "note": "x"}).to_string(), None, "id not a number"),
        ("-1", json!({"seen": "open", "note": "x"}).to_string(), None, "negative id"),
        (id.as_str(), json!({"seen": "open", "status": "done"}).to_string(), None, "unknown status"),
        (id.as_str(), json!({"seen": "maybe", "note": "x"}).to_string(), None, "unknown seen"),
        (id.as_str(), json!({"note": "x"}).to_string(), None, "no seen"),
        (id.as_str(), json!({"seen": "open"}).to_string(), None, "neither status nor note"),
        (id.as_str(), json!({"seen": "open", "note": "  "}).to_string(), None, "a blank note alone"),
        (id.as_str(), json!({"seen": "open", "note": "x", "by": "ceo@shop.example"}).to_string(), None, "an author"),
        (id.as_str(), "{oops".into(), None, "bad JSON"),
        (id.as_str(), json!({"seen": "open", "note": "x"}).to_string(), Some(""), "empty key"),
        (id.as_str(), json!({"seen": "open", "note": "x"}).to_string(), Some("a b"), "key with a space"),
    ];
    for (id, body, key, why) in cases {
        let (status, v) = post_change(&s.url, id, &mette, key, &body);
        assert_eq!((status, v["error"]["code"].as_str()), (400, Some("bad_request")), "{why}: {v}");
    }
    let long_key = "k".repeat(101);
    let (status, _) =
        post_change(&s.url, &id, &mette, Some(&long_key), &json!({"seen": "open", "note": "x"}).to_string());
    assert_eq!(status, 400, "a 101-character key");
    assert_eq!(s.get("/feedback-app/responses/abc/follow-up", Some(&mette)).0, 400);
    assert_eq!(stored_events(&s), before, "nothing stored");
    assert!(events(&s, detractor, &mette).is_empty());

    // The limits themselves are accepted: 1,000 characters (not bytes).
    let (status, v) = change(&s, detractor, &mette, json!({"seen": "open", "note": "ø".repeat(1_000)}));
    assert_eq!(status, 200, "{v}");
    assert_eq!(stored_events(&s), before + 1);
}

#[test]
fn the_token_decides_the_author_and_the_company() {
    let s = server();
    let mette = agent_token(&s, KEY, METTE);
    let (detractor, _) = peter_detractor(&s, &mette);
    let before = stored_events(&s);
    let nobody = s.token(r#"{"employeeEmail":""}"#);
    let (status, v) = change(&s, detractor, &nobody, json!({"seen": "open", "note": "x"}));
    assert_eq!((status, v["error"]["code"].as_str()), (403, Some("no_employee")), "{v}");
    assert_eq!(s.get(&path(detractor), Some(&nobody)).0, 200, "reading needs no employee");

    let other = agent_token(&s, OTHER_KEY, METTE);
    let (status, v) = change(&s, detractor, &other, json!({"seen": "open", "note": "x"}));
    assert_eq!((status, v["error"]["code"].as_str()), (404, Some("not_found")), "another company's response: {v}");
    assert_eq!(s.get(&path(detractor), Some(&other)).0, 404);
    assert_eq!(change(&s, 999_999, &mette, json!({"seen": "open", "note": "x"})).0, 404);
    assert_eq!(s.get(&path(detractor), None).0, 401);
    assert_eq!(stored_events(&s), before);
}

#[test]
fn a_repeated_idempotency_key_answers_the_first_answer_and_appends_nothing() {
    let s = server();
    let mette = agent_token(&s, KEY, METTE);
    let jonas = agent_token(&s, KEY, JONAS);
    let promoter = id_with_rating(&anna_items(&s, &mette, ""), 9);
    let (detractor, _) = peter_detractor(&s, &mette);
    let before = stored_events(&s);
    let body = json!({"seen": "open", "status": "in_progress", "note": "calling now"}).to_string();
    let first = post_change(&s.url, &detractor.to_string(), &mette, Some("save-1"), &body);
    assert_eq!(first.0, 200, "{}", first.1);
    let again = post_change(&s.url, &detractor.to_string(), &mette, Some("save-1"), &body);
    assert_eq!(again, first, "the same answer");
    assert_eq!(events(&s, detractor, &mette).len(), 1, "one event");
    // Without the key (or with another) it is a new request, now stale.
    assert_eq!(post_change(&s.url, &detractor.to_string(), &mette, Some("save-2"), &body).0, 409);
    // The key is the employee's: another employee's same key is their own request.
    assert_eq!(post_change(&s.url, &detractor.to_string(), &jonas, Some("save-1"), &body).0, 409);
    // And the response's: the same key on another response acts there.
    let open = json!({"seen": "none", "status": "open"}).to_string();
    assert_eq!(post_change(&s.url, &promoter.to_string(), &mette, Some("save-1"), &open).0, 200);
    assert_eq!(stored_events(&s), before + 2);

    // After 24 hours the key answers nothing any more: judged afresh (now stale).
    let conn = rusqlite::Connection::open(&s.db).expect("open the database");
    conn.busy_timeout(std::time::Duration::from_secs(5)).expect("busy timeout");
    conn.execute("UPDATE follow_up_idempotency SET created_unix = created_unix - 86401", []).expect("age the keys");
    assert_eq!(post_change(&s.url, &detractor.to_string(), &mette, Some("save-1"), &body).0, 409);
    assert_eq!(stored_events(&s), before + 2);
}

#[test]
fn spent_idempotency_keys_are_swept_and_events_cannot_be_changed() {
    let s = Server::with(|c| {
        c.rate_per_second = 10_000;
        c.token_sweep_every = std::time::Duration::from_millis(50);
    });
    let mette = agent_token(&s, KEY, METTE);
    let (detractor, _) = peter_detractor(&s, &mette);
    let body = json!({"seen": "open", "note": "noted"}).to_string();
    assert_eq!(post_change(&s.url, &detractor.to_string(), &mette, Some("k-1"), &body).0, 200);
    let conn = rusqlite::Connection::open(&s.db).expect("open the database");
    conn.busy_timeout(std::time::Duration::from_secs(5)).expect("busy timeout");
    let keys = || conn.query_row("SELECT COUNT(*) FROM follow_up_idempotency", [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(keys(), 1);
    conn.execute("UPDATE follow_up_idempotency SET created_unix = created_unix - 86401", []).expect("age the key");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while keys() > 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(keys(), 0, "swept");
    // Append-only: the database itself refuses to change or delete an event.
    assert!(conn.execute("UPDATE follow_up_events SET text = 'rewritten'", []).is_err());
    assert!(conn.execute("DELETE FROM follow_up_events", []).is_err());
    assert_eq!(events(&s, detractor, &mette)[0]["text"], "noted");
}

/// Ten clients at once, each with its own note and the same `seen`.
fn ten_at_once(s: &Server, id: i64, token: &str, body_of: impl Fn(usize) -> Value) -> Vec<(u16, Value)> {
    let barrier = Arc::new(Barrier::new(10));
    let handles: Vec<_> = (0..10)
        .map(|i| {
            let (url, token, barrier) = (s.url.clone(), token.to_owned(), barrier.clone());
            let body = body_of(i).to_string();
            std::thread::spawn(move || {
                barrier.wait();
                post_change(&url, &id.to_string(), &token, None, &body)
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().expect("client thread")).collect()
}

#[test]
fn ten_clients_at_once_one_move_wins_the_rest_hear_the_current_state_and_no_note_is_lost() {
    let s = server();
    let mette = agent_token(&s, KEY, METTE);
    let (detractor, _) = peter_detractor(&s, &mette);

    // Half move to in progress, half close, all from the open they saw.
    let answers = ten_at_once(&s, detractor, &mette, |i| {
        let to = if i % 2 == 0 { "in_progress" } else { "closed" };
        json!({"seen": "open", "status": to, "note": format!("move {i}")})
    });
    let won: Vec<_> = answers.iter().filter(|(st, _)| *st == 200).collect();
    assert_eq!(won.len(), 1, "exactly one move: {answers:?}");
    let winner = won[0].1["followUp"].clone();
    for (status, v) in answers.iter().filter(|(st, _)| *st != 200) {
        assert_eq!(*status, 409, "{v}");
        assert_eq!(v["followUp"], winner, "the current state comes back: {v}");
    }
    let now = winner["status"].as_str().expect("a status").to_owned();

    // Notes do not move the status: all ten are kept.
    let answers = ten_at_once(&s, detractor, &mette, |i| json!({"seen": now, "note": format!("note {i}")}));
    assert!(answers.iter().all(|(st, _)| *st == 200), "{answers:?}");
    let list = events(&s, detractor, &mette);
    assert_eq!(list.len(), 11);
    for i in 0..10 {
        assert!(list.iter().any(|e| e["text"] == format!("note {i}")), "note {i} kept");
    }

    // Back to open (from in progress or closed alike): one wins.
    let answers =
        ten_at_once(&s, detractor, &mette, |i| json!({"seen": now, "status": "open", "note": format!("reopen {i}")}));
    assert_eq!(answers.iter().filter(|(st, _)| *st == 200).count(), 1, "{answers:?}");
    assert!(answers.iter().all(|(st, v)| *st == 200 || (*st == 409 && v["followUp"]["status"] == "open")));
    let list = events(&s, detractor, &mette);
    assert_eq!(list.len(), 12, "a refused change stores nothing, not half of it");
    assert_eq!(list.iter().filter(|e| e["text"].as_str().is_some_and(|t| t.starts_with("reopen"))).count(), 1);
}

#[test]
fn cors_lets_the_card_post_with_an_idempotency_key() {
    let s = server();
    let r = ureq::request("OPTIONS", &format!("{}/feedback-app/responses/1/follow-up", s.url))
        .set("Origin", "http://127.0.0.1:8080")
        .set("Access-Control-Request-Method", "POST")
        .set("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
        .call()
        .expect("preflight");
    assert_eq!(r.header("access-control-allow-origin"), Some("http://127.0.0.1:8080"));
    assert!(r.header("access-control-allow-methods").unwrap_or_default().contains("POST"));
    assert!(r
        .header("access-control-allow-headers")
        .unwrap_or_default()
        .to_ascii_lowercase()
        .contains("idempotency-key"));
}

/// Puts a customer of the second company, with responses rated `hours_ago`, into the database.
fn seed_other_company(s: &Server, now: i64, rows: &[(&str, u8, i64)]) -> Vec<i64> {
    let conn = rusqlite::Connection::open(&s.db).expect("open the database");
    conn.busy_timeout(std::time::Duration::from_secs(5)).expect("busy timeout");
    let company: i64 = conn
        .query_row(
            "SELECT company_id FROM api_keys WHERE key = ?1",
            [nps_local::store::secret_digest(OTHER_KEY)],
            |r| r.get(0),
        )
        .expect("the second company");
    for (email, first, last) in [("alice@other.example", "Alice", "Ahl"), ("bob@other.example", "Bob", "Borg")] {
        conn.execute(
            "INSERT INTO employees (company_id, email, first_name, last_name) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![company, email, first, last],
        )
        .expect("employee");
    }
    conn.execute(
        "INSERT INTO respondents (email, first_name, company_id) VALUES ('cust@other.example', 'Cust', ?1)",
        [company],
    )
    .expect("respondent");
    let respondent = conn.last_insert_rowid();
    rows.iter()
        .map(|(agent, rating, hours_ago)| {
            let at = iso(now - hours_ago * 3600);
            conn.execute(
                "INSERT INTO responses (company_id, respondent_id, employee_email, rating, rating_time, survey_send_time, sort_time)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?5)",
                rusqlite::params![company, respondent, agent, rating, at],
            )
            .expect("response");
            conn.last_insert_rowid()
        })
        .collect()
}

fn close_to(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 0.05)
}

#[test]
fn the_read_endpoints_and_the_summary_agree_with_hand_computed_figures() {
    let s = server();
    let now = now_unix();
    const ALICE: &str = "alice@other.example";
    const BOB: &str = "bob@other.example";
    // A: Alice 2 (10 h ago), B: Alice 6 (60 h), C: Bob 0 (20 h), D: Bob 5 (100 h),
    // E: Bob 9 (5 h, not a detractor), F: Alice 3 (300 h, before the period).
    let ids = seed_other_company(
        &s,
        now,
        &[(ALICE, 2, 10), (ALICE, 6, 60), (BOB, 0, 20), (BOB, 5, 100), (BOB, 9, 5), (ALICE, 3, 300)],
    );
    let [a, b, c, _d, e, f] = ids[..] else { panic!("six responses") };
    let alice = agent_token(&s, OTHER_KEY, ALICE);
    let bob = agent_token(&s, OTHER_KEY, BOB);
    assert_eq!(change(&s, a, &alice, json!({"seen": "open", "status": "in_progress", "note": "called"})).0, 200);
    assert_eq!(change(&s, b, &alice, json!({"seen": "open", "note": "emailed"})).0, 200);
    assert_eq!(change(&s, c, &bob, json!({"seen": "open", "status": "closed", "note": "refunded"})).0, 200);
    assert_eq!(change(&s, e, &bob, json!({"seen": "none", "status": "open"})).0, 200);
    assert_eq!(change(&s, f, &alice, json!({"seen": "open", "note": "late"})).0, 200);

    // The customer: open are B, D (by rule), E, F, and the summary counts
    // the detractors among them (B, D, F: E is a 9 an agent opened); the
    // waiting filter also lists A (in progress) and E, not C (closed).
    let (status, v) = s.get("/feedback-app/respondent-responses?email=cust@other.example", Some(&alice));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["summary"]["waitingForFollowUp"], 3, "{}", v["summary"]);
    let (_, v) = s.get("/feedback-app/respondent-responses?email=cust@other.example&filter=waiting", Some(&alice));
    let waiting: Vec<i64> =
        v["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().parse().unwrap()).collect();
    assert_eq!(waiting, vec![e, a, b, ids[3], f], "open or in progress, newest first");
    assert_eq!(v["total"], 5);
    assert!(v["items"].as_array().unwrap().iter().all(|i| i["followUp"]["status"] != "closed"));
    assert_eq!(s.get("/feedback-app/respondent-responses?email=cust@other.example&filter=nope", Some(&alice)).0, 400);

    // Alice's Personal Page: open B and F, in progress A; of her detractors
    // of the last 30 days (A, B, F) only A was followed up within 48 h.
    let (status, v) = s.get("/feedback-app/employee", Some(&alice));
    assert_eq!(status, 200, "{v}");
    assert_eq!((v["followUps"]["open"].as_u64(), v["followUps"]["inProgress"].as_u64()), (Some(2), Some(1)), "{v}");
    assert!(close_to(&v["followUps"]["within48h"], 1.0 / 3.0), "{}", v["followUps"]);
    assert_eq!(v["summary"]["waitingForFollowUp"], 2);
    let (_, v) = s.get("/feedback-app/employee?filter=waiting", Some(&bob));
    assert_eq!(v["total"], 2, "Bob's D (open by rule) and E: {v}");
    assert_eq!(v["followUps"]["within48h"], 0.5, "C within 48 h, D never");

    // The admin summary over the last 200 hours: A, B, C, D.
    let from = iso(now - 200 * 3600);
    let to = iso(now + 3600);
    let (status, v) = s.get_with(&format!("/follow-ups/summary?from={from}&to={to}"), &basic(OTHER_KEY));
    assert_eq!(status, 200, "{v}");
    assert_eq!((v["from"].as_str(), v["to"].as_str()), (Some(from.as_str()), Some(to.as_str())));
    assert_eq!((v["detractors"].as_u64(), v["followedUp"].as_u64()), (Some(4), Some(3)), "{v}");
    assert_eq!(v["within48h"], 0.5, "A and C of four");
    assert!(close_to(&v["medianHours"], 20.0), "median of 10, 20, 60: {v}");
    let employees = v["employees"].as_array().unwrap();
    assert_eq!(employees.len(), 2);
    let (al, bo) = (&employees[0], &employees[1]);
    assert_eq!(
        (al["email"].as_str(), al["firstName"].as_str(), al["lastName"].as_str()),
        (Some(ALICE), Some("Alice"), Some("Ahl"))
    );
    assert_eq!(
        (al["detractors"].as_u64(), al["followedUp"].as_u64(), al["within48h"].as_f64()),
        (Some(2), Some(2), Some(0.5))
    );
    assert!(close_to(&al["medianHours"], 35.0), "{al}");
    assert_eq!(
        (bo["email"].as_str(), bo["detractors"].as_u64(), bo["followedUp"].as_u64()),
        (Some(BOB), Some(2), Some(1))
    );
    assert!(close_to(&bo["medianHours"], 20.0) && bo["within48h"] == 0.5, "{bo}");

    // The default period (30 days) also holds F (300 h): five detractors, four followed up.
    let (_, v) = s.get_with("/follow-ups/summary", &basic(OTHER_KEY));
    assert_eq!((v["detractors"].as_u64(), v["followedUp"].as_u64()), (Some(5), Some(4)), "{v}");
    assert!(close_to(&v["medianHours"], 40.0), "median of 10, 20, 60, 300: {v}");
    // A period without detractors: nulls, not zeros.
    let (_, v) = s.get_with("/follow-ups/summary?from=2020-01-01&to=2020-01-31", &basic(OTHER_KEY));
    assert_eq!(
        (v["detractors"].as_u64(), v["within48h"].clone(), v["medianHours"].clone()),
        (Some(0), Value::Null, Value::Null)
    );
    assert_eq!(v["to"], "2020-02-01T00:00:00Z", "a date as `to` holds that whole day");
    for bad in ["from=yesterday", "to=2026-02-30", "from=2026-02-01&to=2026-01-01", "foo=1"] {
        let (status, v) = s.get_with(&format!("/follow-ups/summary?{bad}"), &basic(OTHER_KEY));
        assert_eq!((status, v["error"]["code"].as_str()), (400, Some("bad_request")), "{bad}: {v}");
    }
    assert_eq!(s.get("/follow-ups/summary", Some(&alice)).0, 401, "an API key, not a token");
    // Each company sees its own: the demo company has none of these.
    let (_, v) = s.get_with(&format!("/follow-ups/summary?from={from}&to={to}"), &basic(KEY));
    assert_eq!(v["followedUp"], 0, "{v}");
}

#[test]
fn the_demo_shows_follow_ups_open_by_rule_opened_in_progress_and_closed() {
    let s = server();
    let mette = agent_token(&s, KEY, METTE);
    let (_, peter) = peter_detractor(&s, &mette);
    assert_eq!((peter["followUp"]["status"].as_str(), peter["followUp"]["events"].as_u64()), (Some("open"), Some(0)));
    let anna = anna_items(&s, &mette, "");
    let closed = anna.iter().find(|i| i["rating"] == 6).expect("Anna's 6");
    assert_eq!(closed["followUp"]["status"], "closed");
    assert_eq!(closed["followUp"]["last"]["by"]["firstName"], "Mette");
    assert_eq!(closed["followUp"]["events"], 2);
    let (_, v) = s.get("/feedback-app/respondent-responses?phone=%2B4522334455", Some(&mette));
    let lars = v["items"].as_array().unwrap().iter().find(|i| i["rating"] == 2).cloned().expect("Lars's 2");
    assert_eq!(
        (lars["followUp"]["status"].as_str(), lars["followUp"]["last"]["type"].as_str()),
        (Some("in_progress"), Some("note"))
    );
    assert_eq!(lars["followUp"]["last"]["by"]["firstName"], "Sara");
    assert_ne!(lars["followUp"]["since"], lars["followUp"]["last"]["at"], "a note does not restart the status");
    let (_, v) = s.get("/feedback-app/respondent-responses?email=lars.nielsen@example.dk", Some(&mette));
    let passive = v["items"].as_array().unwrap().iter().find(|i| i["rating"] == 7).cloned().expect("Lars's 7");
    assert_eq!(
        (passive["followUp"]["status"].as_str(), passive["followUp"]["events"].as_u64()),
        (Some("open"), Some(1))
    );
    assert_eq!(
        v["summary"]["waitingForFollowUp"], 0,
        "an opened passive is listed as waiting, not counted as a detractor"
    );
}

/// GET with the API key; the status and the body.
fn admin_get(s: &Server, key: &str, path: &str) -> (u16, Value) {
    match ureq::get(&format!("{}{path}", s.url)).set("Authorization", &basic(key)).call() {
        Ok(r) => (r.status(), r.into_json().unwrap_or(Value::Null)),
        Err(ureq::Error::Status(code, r)) => (code, r.into_json().unwrap_or(Value::Null)),
        Err(e) => panic!("transport error: {e}"),
    }
}

#[test]
fn the_preview_follows_the_follow_up_log_in_order_for_its_own_company_only() {
    let s = server();
    let mette = agent_token(&s, KEY, METTE);
    let (first, last) = {
        let (status, v) = admin_get(&s, KEY, "/preview/follow-up-events");
        assert_eq!(status, 200, "{v}");
        let events = v["events"].as_array().cloned().unwrap_or_default();
        assert!(!events.is_empty(), "the demo data has follow-ups");
        let ids: Vec<i64> = events.iter().filter_map(|e| e["id"].as_i64()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "oldest first: {ids:?}");
        (ids[0], *ids.last().expect("an id"))
    };
    // A change from the card appears after the last event read, as saved.
    let (peter, _) = peter_detractor(&s, &mette);
    assert_eq!(change(&s, peter, &mette, json!({"seen": "open", "status": "in_progress", "note": "calling"})).0, 200);
    let (status, v) = admin_get(&s, KEY, &format!("/preview/follow-up-events?after={last}"));
    assert_eq!(status, 200, "{v}");
    let events = v["events"].as_array().cloned().unwrap_or_default();
    assert_eq!(events.len(), 1, "{v}");
    let e = &events[0];
    assert!(e["id"].as_i64() > Some(last));
    assert_eq!(
        (e["responseId"].as_i64(), e["type"].as_str(), e["status"].as_str()),
        (Some(peter), Some("status"), Some("in_progress"))
    );
    assert_eq!((e["text"].as_str(), e["by"]["email"].as_str()), (Some("calling"), Some(METTE)));
    assert_eq!(e["by"]["firstName"], "Mette");
    // Paging: after the first event, not the first itself.
    let (_, v) = admin_get(&s, KEY, &format!("/preview/follow-up-events?after={first}"));
    assert!(v["events"].as_array().is_some_and(|l| l.iter().all(|e| e["id"].as_i64() > Some(first))));
    // Another company's key reads its own (empty) log.
    let (status, v) = admin_get(&s, OTHER_KEY, "/preview/follow-up-events");
    assert_eq!((status, v["events"].as_array().map(Vec::len)), (200, Some(0)), "{v}");
    // Bad input: a clear 400; no key: 401.
    for bad in ["?after=x", "?after=-1", "?after=1.5", "?since=3"] {
        let (status, v) = admin_get(&s, KEY, &format!("/preview/follow-up-events{bad}"));
        assert_eq!((status, v["error"]["code"].as_str()), (400, Some("bad_request")), "{bad}: {v}");
    }
    assert_eq!(s.get("/preview/follow-up-events", None).0, 401);
    assert_eq!(s.get("/preview/follow-up-events", Some(&mette)).0, 401, "a card token is not an API key");
}
