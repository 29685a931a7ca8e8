//! The real binary as a service manager runs it: a clean stop on SIGTERM,
//! a private database file, expired tokens cleared, and memory and
//! responsiveness under stalled clients.

mod support;

use std::io::Write;
use std::time::{Duration, Instant};
use support::*;

#[test]
fn sigterm_finishes_the_request_in_flight_closes_the_database_and_exits_0() {
    let db = temp_db();
    let mut service = Binary::start(&db, &[]);
    let event = closed_event("term-1", 800_001, DEMO_QUEUE);
    let (first, rest) = event.split_at(event.len() / 2);
    let mut c = raw_connect(&service.addr());
    write!(
        c,
        "POST /api/dixa/relay HTTP/1.1\r\nHost: x\r\nAuthorization: {KEY}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{first}",
        event.len()
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    service.signal("TERM");
    std::thread::sleep(Duration::from_millis(300));
    assert!(std::net::TcpStream::connect(service.addr()).is_err(), "no new connections once stopping");
    c.write_all(rest.as_bytes()).unwrap();
    let (status, text, _) = read_answer(&mut c, Duration::from_secs(5));
    assert_eq!(status, Some(201), "the request in flight is finished: {text}");
    let exit = service.wait(Duration::from_secs(5)).expect("stopped");
    assert_eq!(exit.code(), Some(0));
    let wal = std::fs::metadata(format!("{}-wal", db.display())).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal, 0, "the write-ahead log is folded into the database");
    assert_eq!(members_with_csid(&db, 800_001), 1);
    remove_db(&db);
}

#[test]
fn ctrl_c_stops_cleanly_too() {
    let db = temp_db();
    let mut service = Binary::start(&db, &[]);
    service.signal("INT");
    assert_eq!(service.wait(Duration::from_secs(5)).expect("stopped").code(), Some(0));
    remove_db(&db);
}

#[cfg(unix)]
#[test]
fn the_database_and_its_wal_and_shm_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let db = temp_db();
    // An existing world-readable file is narrowed too.
    std::fs::write(&db, b"").unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let s = Server::on(db.clone(), |_| {});
    s.token("{}");
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", db.display());
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777).expect(&path);
        assert_eq!(mode, 0o600, "{path}");
    }
}

fn token_count(db: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT COUNT(*) FROM tokens", [], |r| r.get(0)).unwrap()
}

#[test]
fn expired_tokens_are_removed_at_start_and_periodically() {
    let s = Server::with(|c| {
        c.token_ttl_secs = 1;
        c.expired_token_kept_secs = 0;
        c.token_sweep_every = Duration::from_millis(500);
    });
    s.token("{}");
    assert_eq!(token_count(&s.db), 1);
    std::thread::sleep(Duration::from_millis(2600));
    assert_eq!(token_count(&s.db), 0, "removed while running");
    s.token("{}");
    let db = s.stop();
    std::thread::sleep(Duration::from_millis(2100));
    let s = Server::on(db, |c| {
        c.expired_token_kept_secs = 0;
        c.token_sweep_every = Duration::from_secs(3600);
    });
    assert_eq!(token_count(&s.db), 0, "removed at start");
}

fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn two_hundred_stalled_bodies_cost_little_memory_and_health_still_answers() {
    let db = temp_db();
    let service = Binary::start(&db, &[]);
    let addr = service.addr();
    let before = rss_kb(service.child.id());
    let declared = 256 * 1024;
    let half = vec![b' '; declared / 2];
    let mut stalled = Vec::new();
    for i in 0..200 {
        let mut c = raw_connect(&addr);
        // Half with the right key (the body is read, then stalls), half without.
        let auth = if i % 2 == 0 { format!("Authorization: {KEY}\r\n") } else { String::new() };
        let head = format!(
            "POST /api/dixa/relay HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\nContent-Length: {declared}\r\n\r\n"
        );
        c.write_all(head.as_bytes()).unwrap();
        let _ = c.write_all(&half);
        stalled.push(c);
    }
    let started = Instant::now();
    std::thread::sleep(Duration::from_millis(500));
    let during = rss_kb(service.child.id());
    let t = Instant::now();
    let health = ureq::get(&format!("{}/health", service.url)).timeout(Duration::from_secs(1)).call();
    let health_ms = t.elapsed().as_millis();
    assert!(health.is_ok(), "GET /health answers within a second: {health:?}");
    let grown_mb = during.saturating_sub(before) as f64 / 1024.0;
    println!("stalled: RSS {before} kB → {during} kB (+{grown_mb:.1} MB); /health in {health_ms} ms");
    assert!(grown_mb < 64.0, "+{grown_mb:.1} MB");
    for (i, c) in stalled.iter_mut().enumerate() {
        let left = Duration::from_secs(15).saturating_sub(started.elapsed());
        let (status, _, mut closed) = read_answer(c, left.max(Duration::from_millis(10)));
        if !closed {
            // Answered (401 at once, or 408 when the body stops): then closed.
            let left = Duration::from_secs(15).saturating_sub(started.elapsed());
            closed = read_answer(c, left.max(Duration::from_millis(10))).2;
        }
        assert!(closed, "connection {i} closed within 15 s (answered {status:?})");
    }
    println!("all 200 stalled connections closed after {:.1} s", started.elapsed().as_secs_f64());
    remove_db(&db);
}

#[test]
fn requests_are_logged_without_queries_or_credentials() {
    let db = temp_db();
    let service = Binary::start(&db, &[]);
    let r =
        ureq::get(&format!("{}/feedback-app/respondent-responses?email=secret.customer%40example.com", service.url))
            .set("Authorization", "Bearer secret-token-value")
            .call();
    assert!(matches!(r, Err(ureq::Error::Status(401, _))));
    let _ = ureq::post(&format!("{}/employees/token", service.url)).set("Authorization", &basic(KEY)).send_string("{}");
    std::thread::sleep(Duration::from_millis(300));
    let log = service.log.lock().unwrap().clone();
    assert!(log.contains("/feedback-app/respondent-responses") && log.contains("401"), "{log}");
    assert!(log.contains("/employees/token"), "{log}");
    for secret in ["secret.customer", "secret-token-value", KEY, "ApiKey"] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
    drop(service);
    remove_db(&db);
}
