//! Webhook deliveries under load and crashes: one member per event,
//! whatever the concurrency, and nothing acknowledged is lost when the
//! process is killed.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::*;

fn deliver(url: &str, event_id: &str, csid: i64) -> Result<u16, String> {
    let body = closed_event(event_id, csid, DEMO_QUEUE);
    match ureq::post(&format!("{url}/api/dixa/relay"))
        .set("Authorization", KEY)
        .set("Content-Type", "application/json")
        .timeout(Duration::from_secs(10))
        .send_string(&body)
    {
        Ok(r) => Ok(r.status()),
        Err(ureq::Error::Status(code, _)) => Ok(code),
        Err(e) => Err(e.to_string()),
    }
}

#[test]
fn the_same_event_ten_times_at_once_makes_one_member() {
    let s = Server::start();
    let url = s.url.clone();
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..10).map(|_| scope.spawn(|| deliver(&url, "same-event", 900_001))).collect();
        handles.into_iter().map(|h| h.join().unwrap().unwrap()).collect()
    });
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 200), "{statuses:?}");
    assert_eq!(members_with_csid(&s.db, 900_001), 1);
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[test]
fn a_thousand_distinct_events_with_bounded_concurrency_make_a_thousand_members() {
    let s = Server::start();
    let next = AtomicUsize::new(0);
    let latencies = Mutex::new(Vec::with_capacity(1000));
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= 1000 {
                    break;
                }
                let t = Instant::now();
                let status = deliver(&s.url, &format!("load-{i}"), 1_000_000 + i as i64).unwrap();
                assert_eq!(status, 201);
                latencies.lock().unwrap().push(t.elapsed());
            });
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut l = latencies.into_inner().unwrap();
    l.sort();
    println!(
        "1,000 events, 8 at a time: {:.0} events/s, p50 {:.1} ms, p99 {:.1} ms",
        1000.0 / elapsed,
        percentile(&l, 0.5),
        percentile(&l, 0.99)
    );
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let members: i64 = conn
        .query_row("SELECT COUNT(*) FROM responses WHERE external_id BETWEEN '1000000' AND '1000999'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(members, 1000);
}

#[test]
fn killed_mid_run_nothing_acknowledged_is_lost_and_redelivery_stores_the_rest_once() {
    const EVENTS: usize = 600;
    let db = temp_db();
    let mut service = Binary::start(&db, &[]);
    let url = service.url.clone();
    let next = Arc::new(AtomicUsize::new(0));
    let acked = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (url, next, acked) = (url.clone(), next.clone(), acked.clone());
            std::thread::spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= EVENTS {
                    break;
                }
                match deliver(&url, &format!("kill-{i}"), 2_000_000 + i as i64) {
                    Ok(status) if (200..300).contains(&status) => acked.lock().unwrap().push(i),
                    // The process is gone: the rest is for redelivery.
                    _ => break,
                }
            })
        })
        .collect();
    while acked.lock().unwrap().len() < 150 {
        std::thread::sleep(Duration::from_millis(5));
    }
    service.child.kill().expect("SIGKILL");
    let _ = service.child.wait();
    for w in workers {
        let _ = w.join();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 150 && acked.len() < EVENTS, "killed mid-run: {} acknowledged", acked.len());

    let service = Binary::start(&db, &[]);
    for i in &acked {
        assert_eq!(members_with_csid(&db, 2_000_000 + *i as i64), 1, "acknowledged event {i} stored once");
    }
    // Dixa redelivers everything that was not acknowledged (here: everything).
    let url = service.url.clone();
    std::thread::scope(|scope| {
        for part in 0..4 {
            let url = &url;
            scope.spawn(move || {
                for i in (part..EVENTS).step_by(4) {
                    let status = deliver(url, &format!("kill-{i}"), 2_000_000 + i as i64).unwrap();
                    assert!(status == 200 || status == 201, "event {i}: {status}");
                }
            });
        }
    });
    for i in 0..EVENTS {
        assert_eq!(members_with_csid(&db, 2_000_000 + i as i64), 1, "event {i} stored once");
    }
    println!("killed after {} of {EVENTS} acknowledged; after redelivery each stored once", acked.len());
    drop(service);
    remove_db(&db);
}
