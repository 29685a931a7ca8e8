//! Clients that misbehave on purpose: bodies without credentials, stalled
//! heads and bodies, too many connections, guessed keys. Raw TCP where an
//! HTTP client would be too polite.

mod support;

use serde_json::Value;
use std::io::Write;
use std::time::Duration;
use support::*;

#[test]
fn an_unauthenticated_request_with_a_large_declared_body_is_answered_401_at_once() {
    let s = Server::start();
    for (path, auth) in [
        ("/employees/token", String::new()),
        ("/employees/token", format!("Authorization: {}\r\n", basic("wrong-key"))),
        ("/api/dixa/relay", "Authorization: wrong-key\r\n".to_owned()),
        ("/ivr/some-queue", String::new()),
    ] {
        let mut c = raw_connect(&s.addr());
        let method = if path.starts_with("/ivr") { "PUT" } else { "POST" };
        write!(
            c,
            "{method} {path} HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{{\"a\":"
        )
        .unwrap();
        // The body never comes: waiting for it would end in 408 (after 10 s), not 401.
        let (status, text, _) = read_answer(&mut c, Duration::from_secs(3));
        assert_eq!(status, Some(401), "{path}: answered without waiting for the body: {text}");
        assert_eq!(raw_body(&text)["error"]["code"], "unauthorized", "{path}");
    }
}

fn status_code_message(v: &Value) -> (&str, bool) {
    (v["error"]["code"].as_str().unwrap_or(""), v["error"]["message"].as_str().is_some_and(|m| !m.is_empty()))
}

#[test]
fn every_refusal_answers_the_contract_error_body() {
    let s = Server::with(|c| c.request_timeout = Duration::from_secs(1));
    let addr = s.addr();
    let exchange = |request: String| {
        let mut c = raw_connect(&addr);
        c.write_all(request.as_bytes()).unwrap();
        let (status, text, _) = read_answer(&mut c, Duration::from_secs(4));
        assert!(text.to_ascii_lowercase().contains("content-type: application/json"), "{text}");
        (status, raw_body(&text))
    };
    let demo = basic(KEY);
    // 404, 405
    let (status, v) = exchange("GET /nothing-here HTTP/1.1\r\nHost: x\r\n\r\n".into());
    assert_eq!((status, status_code_message(&v)), (Some(404), ("not_found", true)));
    let (status, v) = exchange("GET /employees/token HTTP/1.1\r\nHost: x\r\n\r\n".into());
    assert_eq!((status, status_code_message(&v)), (Some(405), ("method_not_allowed", true)));
    let (status, v) = exchange("DELETE /feedback-app/employee HTTP/1.1\r\nHost: x\r\n\r\n".into());
    assert_eq!((status, status_code_message(&v)), (Some(405), ("method_not_allowed", true)));
    // 413: declared larger than the relay's 256 KB.
    let (status, v) = exchange(format!(
        "POST /api/dixa/relay HTTP/1.1\r\nHost: x\r\nAuthorization: {KEY}\r\nContent-Length: {}\r\n\r\n",
        300 * 1024
    ));
    assert_eq!((status, status_code_message(&v)), (Some(413), ("payload_too_large", true)));
    // 415 and 400 from the JSON extractor.
    let (status, v) =
        exchange(format!("PUT /ivr/q1 HTTP/1.1\r\nHost: x\r\nAuthorization: {demo}\r\nContent-Length: 2\r\n\r\n{{}}"));
    assert_eq!((status, status_code_message(&v)), (Some(415), ("unsupported_media_type", true)));
    let (status, v) = exchange(format!(
        "PUT /ivr/q1 HTTP/1.1\r\nHost: x\r\nAuthorization: {demo}\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{{\"x\":1}}"
    ));
    assert_eq!((status, status_code_message(&v)), (Some(400), ("bad_request", true)), "{v}");
    // 408: a body that stops arriving (the client is slow).
    let (status, v) = exchange(format!(
        "POST /api/dixa/relay HTTP/1.1\r\nHost: x\r\nAuthorization: {KEY}\r\nContent-Length: 100\r\n\r\n{{\"event_id\":"
    ));
    assert_eq!((status, status_code_message(&v)), (Some(408), ("request_timeout", true)));
}

#[test]
fn the_services_own_slowness_answers_503_with_retry_after_not_408() {
    let s = Server::with(|c| c.request_timeout = Duration::from_secs(1));
    // A request without a body, held up by the service (the preview's slow answer).
    let token = s.token(r#"{"employeeEmail":"mette.holm@shop.example"}"#);
    let (status, v) = s.post("/preview/faults", Some(&basic(KEY)), r#"{"kind":"slow","times":1}"#);
    assert_eq!(status, 200, "{v}");
    let r =
        ureq::get(&format!("{}/feedback-app/employee", s.url)).set("Authorization", &format!("Bearer {token}")).call();
    let Err(ureq::Error::Status(503, r)) = r else { panic!("expected 503, got {r:?}") };
    assert_eq!(r.header("retry-after"), Some("2"));
    let v: Value = r.into_json().unwrap();
    assert_eq!(status_code_message(&v), ("unavailable", true), "{v}");
    // A body sent in full, then the database held by another process.
    let blocker = rusqlite::Connection::open(&s.db).unwrap();
    blocker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let mut c = raw_connect(&s.addr());
    // The token hook's insert waits for the lock (up to SQLite's busy timeout).
    write!(
        c,
        "POST /employees/token HTTP/1.1\r\nHost: x\r\nAuthorization: {}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{{}}",
        basic(KEY)
    )
    .unwrap();
    let (status, text, _) = read_answer(&mut c, Duration::from_secs(4));
    blocker.execute_batch("ROLLBACK").unwrap();
    assert_eq!(status, Some(503), "the client sent everything: the wait is the service's: {text}");
    assert!(text.to_ascii_lowercase().contains("retry-after: 2"), "{text}");
}

#[test]
fn internal_errors_answer_500_internal_without_details() {
    let s = Server::start();
    // Another process holds the database: the service's write cannot proceed.
    let blocker = rusqlite::Connection::open(&s.db).unwrap();
    blocker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let (status, v) = s.put(
        "/ivr/q-locked",
        &basic(KEY),
        r#"{"name":"Locked","dixaApiKey":"k","campaignId":4242,"campaignName":"Locked campaign"}"#,
    );
    blocker.execute_batch("ROLLBACK").unwrap();
    assert_eq!(status, 500, "{v}");
    assert_eq!(v["error"]["code"], "internal");
    let message = v["error"]["message"].as_str().unwrap_or_default();
    assert!(!message.contains("database") && !message.contains("locked"), "no internals leak: {message}");
    assert_eq!(s.get("/health", None).0, 200);
}

#[test]
fn stalled_heads_and_idle_connections_are_closed() {
    let s = Server::with(|c| c.header_read_timeout = Duration::from_secs(1));
    let mut half_head = raw_connect(&s.addr());
    half_head.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ").unwrap();
    let mut silent = raw_connect(&s.addr());
    let mut idle = raw_connect(&s.addr());
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let (status, _, _) = read_answer(&mut idle, Duration::from_secs(2));
    assert_eq!(status, Some(200));
    // Closed after the 1 s header read timeout: with the default 10 s, none would be within 5 s.
    for (name, c) in [("half a head", &mut half_head), ("nothing sent", &mut silent), ("idle keep-alive", &mut idle)] {
        let (_, _, closed) = read_answer(c, Duration::from_secs(5));
        assert!(closed, "{name}: closed by the service");
    }
}

#[test]
fn past_the_connection_cap_new_connections_wait_their_turn() {
    let s = Server::with(|c| c.max_connections = 4);
    let held: Vec<_> = (0..4).map(|_| raw_connect(&s.addr())).collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut fifth = raw_connect(&s.addr());
    fifth.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let (status, _, _) = read_answer(&mut fifth, Duration::from_millis(700));
    assert_eq!(status, None, "not served while 4 connections are open");
    drop(held);
    let (status, _, _) = read_answer(&mut fifth, Duration::from_secs(3));
    assert_eq!(status, Some(200), "served once a slot is free");
}

#[test]
fn failed_logins_are_throttled_but_a_valid_credential_from_the_same_address_is_not() {
    let s = Server::start();
    let token = s.token("{}");
    // 60 wrong keys from the address Dixa shares among its customers.
    let mut statuses = Vec::new();
    for i in 0..60 {
        let (status, v) = s.post("/api/dixa/relay", Some(&format!("guess-{i}")), "{}");
        statuses.push(status);
        if status == 429 {
            assert_eq!(v["error"]["code"], "too_many_failed_logins", "{v}");
        }
    }
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 20, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 40, "{statuses:?}");
    let r =
        ureq::post(&format!("{}/employees/token", s.url)).set("Authorization", &basic("guess-61")).send_string("{}");
    match r {
        Err(ureq::Error::Status(429, resp)) => {
            let wait: u64 = resp.header("retry-after").and_then(|v| v.parse().ok()).expect("Retry-After");
            assert!((50..=60).contains(&wait), "{wait}");
        }
        other => panic!("expected 429 after 60 failures, got {other:?}"),
    }
    // The right key from the same address: accepted on every path.
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &closed_event("after-guesses", 960_001, DEMO_QUEUE));
    assert_eq!(status, 201, "{v}");
    assert_eq!(s.post("/employees/token", Some(&basic(KEY)), "{}").0, 200);
    assert_eq!(s.get("/feedback-app/employee", Some(&token)).0, 200, "the card hook too");
    // A wrong token is still refused with the address's count.
    assert_eq!(s.get("/feedback-app/employee", Some("guess")).0, 429);
}

#[test]
fn the_rate_limit_is_per_key_and_names_the_configured_limit() {
    let s = Server::with(|c| {
        c.rate_per_second = 3;
        c.api_keys = vec!["acme-key".into()];
    });
    let mut refused = None;
    for _ in 0..5 {
        let (status, v) = s.get_with("/ivr", &basic(KEY));
        if status == 429 {
            refused = Some(v);
            break;
        }
    }
    let v = refused.expect("the demo key is limited");
    let message = v["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("3 calls per second") && !message.contains("10"), "{message}");
    assert_eq!(s.get_with("/ivr", &basic("acme-key")).0, 200, "another key has its own budget");
}

#[test]
fn the_relay_counts_deliveries_against_its_own_budget() {
    let s = Server::with(|c| c.relay_rate_per_second = 2);
    let statuses: Vec<u16> = (0..3)
        .map(|i| s.post("/api/dixa/relay", Some(KEY), &closed_event(&format!("r-{i}"), 950_000 + i, DEMO_QUEUE)).0)
        .collect();
    assert_eq!(statuses, [201, 201, 429]);
    assert_eq!(s.get_with("/ivr", &basic(KEY)).0, 200, "the other endpoints have their own budget");
}
