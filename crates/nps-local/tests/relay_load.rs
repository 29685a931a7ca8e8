//! The relay under Dixa's real traffic: a burst of Closed webhooks while
//! Dixa's API hangs or cannot be reached, a sustained stream, Dixa's budget
//! of 10 calls a second per key, and a crash in the middle of a burst.
//!
//! The figures are printed; the latency and throughput targets are checked
//! in full on an optimised build:
//! `cargo test -p nps-local --release --test relay_load -- --nocapture`.

mod support;

use nps_local::dixa_budget::Budget;
use nps_local::pgap_reader::ReaderConfig;
use serde_json::json;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};
use support::fake_dixa::{closed_event, FakeDixa, Reply};
use support::*;

const QUEUE: &str = "load-queue";
const DIXA_KEY: &str = "dixa-load-key";

/// Whether the build is optimised: the debug build is several times slower,
/// so there only the bounds that do not depend on speed are checked in full.
const OPTIMISED: bool = !cfg!(debug_assertions);

fn closed(event_id: &str, csid: i64) -> String {
    closed_event(QUEUE, event_id, csid)
}

fn map_queue(url: &str) {
    let body = json!({"name": "Load queue", "campaignId": 7232, "dixaApiKey": DIXA_KEY}).to_string();
    let r = ureq::put(&format!("{url}/ivr/{QUEUE}"))
        .set("Authorization", &basic(KEY))
        .set("Content-Type", "application/json")
        .send_string(&body);
    assert!(matches!(r, Ok(ref r) if r.status() == 200), "{r:?}");
}

fn deliver(agent: &ureq::Agent, url: &str, event_id: &str, csid: i64) -> Result<(u16, serde_json::Value), String> {
    match agent
        .post(&format!("{url}/api/dixa/relay"))
        .set("Authorization", KEY)
        .set("Content-Type", "application/json")
        .timeout(Duration::from_secs(30))
        .send_string(&closed(event_id, csid))
    {
        Ok(r) => Ok((r.status(), r.into_json().unwrap_or_default())),
        Err(ureq::Error::Status(code, r)) => Ok((code, r.into_json().unwrap_or_default())),
        Err(e) => Err(e.to_string()),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn pending_reads(db: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    conn.query_row("SELECT COUNT(*) FROM pending_pgap_reads", [], |r| r.get(0)).expect("count")
}

/// Members of conversations in `csids` with the agent rating `rating`.
fn rated(db: &std::path::Path, csids: std::ops::Range<i64>, rating: i64) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    conn.query_row(
        "SELECT COUNT(*) FROM responses WHERE CAST(external_id AS INTEGER) BETWEEN ?1 AND ?2 AND agent_rating = ?3",
        [csids.start, csids.end - 1, rating],
        |r| r.get(0),
    )
    .expect("count")
}

/// 200 webhooks sent at once (one connection each) while `/health` is
/// probed: every status, the slowest answer, and the slowest probe.
fn burst_of_200(url: &str, first_csid: i64) -> (Vec<u16>, Duration, Duration) {
    const AT_ONCE: usize = 200;
    let start = Arc::new(Barrier::new(AT_ONCE + 1));
    let done = Arc::new(AtomicBool::new(false));
    let probe = {
        let (url, start, done) = (url.to_owned(), start.clone(), done.clone());
        std::thread::spawn(move || {
            start.wait();
            let mut slowest = Duration::ZERO;
            while !done.load(Ordering::SeqCst) {
                let t = Instant::now();
                let r = ureq::get(&format!("{url}/health")).timeout(Duration::from_secs(10)).call();
                assert!(matches!(r, Ok(ref r) if r.status() == 200), "/health during the burst: {r:?}");
                slowest = slowest.max(t.elapsed());
                std::thread::sleep(Duration::from_millis(20));
            }
            slowest
        })
    };
    let senders: Vec<_> = (0..AT_ONCE)
        .map(|i| {
            let (url, start) = (url.to_owned(), start.clone());
            std::thread::spawn(move || {
                let agent = ureq::Agent::new();
                start.wait();
                let t = Instant::now();
                let (status, _) =
                    deliver(&agent, &url, &format!("burst-{first_csid}-{i}"), first_csid + i as i64).expect("answered");
                (status, t.elapsed())
            })
        })
        .collect();
    let results: Vec<(u16, Duration)> = senders.into_iter().map(|h| h.join().expect("sender")).collect();
    done.store(true, Ordering::SeqCst);
    let health = probe.join().expect("probe");
    let slowest = results.iter().map(|(_, d)| *d).max().unwrap_or_default();
    (results.into_iter().map(|(s, _)| s).collect(), slowest, health)
}

#[test]
fn two_hundred_closed_events_at_once_are_acknowledged_while_dixa_hangs_or_is_unreachable() {
    let hanging = FakeDixa::start(Reply::Hang(Duration::from_secs(60)));
    // TEST-NET-1: routed nowhere, as Dixa's API is from a machine without a route out.
    for (what, base, first_csid) in
        [("hanging", hanging.url.clone(), 3_000_000), ("unreachable", "http://192.0.2.1".to_owned(), 3_100_000)]
    {
        let db = temp_db();
        let service = Binary::start(&db, &["--dixa-api-base", &base]);
        map_queue(&service.url);
        let (statuses, slowest, health) = burst_of_200(&service.url, first_csid);
        println!(
            "Dixa {what}, 200 Closed events at once: {} acknowledged 201, slowest {:.0} ms, /health slowest {:.0} ms",
            statuses.iter().filter(|s| **s == 201).count(),
            ms(slowest),
            ms(health)
        );
        assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
        assert!(slowest <= Duration::from_secs(2), "slowest answer {slowest:?}");
        assert!(health <= Duration::from_millis(500), "slowest /health {health:?}");
        assert_eq!(pending_reads(&db), 200, "every read is queued for when Dixa answers");
        drop(service);
        remove_db(&db);
    }
}

#[test]
fn a_sustained_stream_is_acknowledged_at_a_thousand_events_a_second() {
    const EVENTS: usize = 3000;
    // Dixa unreachable: every event queues a read, as in the worst case.
    let s = Server::with(|c| c.relay_rate_per_second = 1_000_000);
    map_queue(&s.url);
    let next = AtomicUsize::new(0);
    let latencies = Mutex::new(Vec::with_capacity(EVENTS));
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| {
                let agent = ureq::Agent::new();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= EVENTS {
                        break;
                    }
                    let t = Instant::now();
                    let (status, v) = deliver(&agent, &s.url, &format!("stream-{i}"), 3_200_000 + i as i64).unwrap();
                    assert_eq!((status, v["pGap"].as_str()), (201, Some("pending")), "{v}");
                    latencies.lock().unwrap().push(t.elapsed());
                }
            });
        }
    });
    let rate = EVENTS as f64 / started.elapsed().as_secs_f64();
    let mut l = latencies.into_inner().unwrap();
    l.sort();
    let p99 = percentile(&l, 0.99);
    println!(
        "{EVENTS} Closed events, 8 connections: {rate:.0} events/s, p50 {:.1} ms, p99 {:.1} ms",
        ms(percentile(&l, 0.5)),
        ms(p99)
    );
    if OPTIMISED {
        assert!(rate >= 1000.0, "{rate:.0} events/s");
        assert!(p99 <= Duration::from_millis(100), "p99 {p99:?}");
    }
}

#[test]
fn within_dixas_budget_every_read_completes_including_those_pending_while_dixa_was_down() {
    let fake = FakeDixa::start(Reply::Raw(503, "down"));
    fake.keep_budget(10.0, 4.0);
    let base = fake.url.clone();
    let s = Server::with(move |c| {
        c.dixa_api_base = base;
        c.pgap_reader = ReaderConfig {
            budget: Budget { per_second: 10.0, burst: 4.0 },
            first_retry: Duration::from_millis(300),
            longest_retry: Duration::from_secs(1),
            ..ReaderConfig::default()
        };
    });
    map_queue(&s.url);
    let agent = ureq::Agent::new();
    // 15 arrive while Dixa is down, 25 more once it is back.
    for i in 0..15 {
        assert_eq!(deliver(&agent, &s.url, &format!("budget-{i}"), 3_300_000 + i).unwrap().0, 201);
    }
    eventually("Dixa tried while down", Duration::from_secs(5), || fake.seen().len() >= 4);
    fake.set_default(Reply::PGapOfPath(json!(["7"])));
    let started = Instant::now();
    for i in 15..40 {
        assert_eq!(deliver(&agent, &s.url, &format!("budget-{i}"), 3_300_000 + i).unwrap().0, 201);
    }
    eventually("every P-GAP read", Duration::from_secs(30), || rated(&s.db, 3_300_000..3_300_040, 7) == 40);
    let (calls, refused) = (fake.seen().len(), fake.refused());
    println!(
        "Dixa keeping 10 calls/s: 40 P-GAPs read in {:.1} s after Dixa recovered; {refused} of {calls} calls refused with 429",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(pending_reads(&s.db), 0);
    assert!(refused * 10 <= calls, "{refused} of {calls} calls refused");
}

#[test]
fn killed_in_the_middle_of_a_burst_every_acknowledged_event_is_stored_once_and_its_read_resumed() {
    const EVENTS: usize = 300;
    let fake = FakeDixa::start(Reply::Raw(503, "down"));
    let db = temp_db();
    let fast = ["--dixa-api-base", &fake.url, "--dixa-rate-per-second", "1000", "--dixa-burst", "50"];
    let mut service = Binary::start(&db, &fast);
    map_queue(&service.url);
    let url = service.url.clone();
    let next = Arc::new(AtomicUsize::new(0));
    let acked = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let (url, next, acked) = (url.clone(), next.clone(), acked.clone());
            std::thread::spawn(move || {
                let agent = ureq::Agent::new();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= EVENTS {
                        break;
                    }
                    match deliver(&agent, &url, &format!("kill-{i}"), 3_400_000 + i as i64) {
                        Ok((201, _)) => acked.lock().unwrap().push(i),
                        // The process is gone.
                        _ => break,
                    }
                }
            })
        })
        .collect();
    eventually("a third acknowledged", Duration::from_secs(30), || acked.lock().unwrap().len() >= EVENTS / 3);
    service.child.kill().expect("SIGKILL");
    let _ = service.child.wait();
    for w in workers {
        let _ = w.join();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() < EVENTS, "killed mid-burst: {} acknowledged", acked.len());
    let left = pending_reads(&db);
    assert!(left >= acked.len() as i64, "{left} reads pending for {} acknowledged events", acked.len());

    // Dixa is back; the restarted service resumes every pending read.
    fake.set_default(Reply::PGapOfPath(json!(["6"])));
    let service = Binary::start(&db, &fast);
    for i in &acked {
        assert_eq!(members_with_csid(&db, 3_400_000 + *i as i64), 1, "acknowledged event {i} stored once");
    }
    eventually("every pending read resumed", Duration::from_secs(30), || pending_reads(&db) == 0);
    let stored = {
        let conn = rusqlite::Connection::open(&db).expect("open");
        conn.query_row("SELECT COUNT(*) FROM responses WHERE external_id LIKE '34_____'", [], |r| r.get::<_, i64>(0))
            .expect("count")
    };
    assert_eq!(rated(&db, 3_400_000..3_400_000 + EVENTS as i64, 6), stored, "every stored member got its P-GAP");
    println!("killed after {} of {EVENTS} acknowledged ({stored} stored); {left} pending reads resumed", acked.len());
    drop(service);
    remove_db(&db);
}
