//! The real binary: `--dixa-api-base` points the relay at Dixa's API, and
//! the Dixa API key appears in no log line and no answer.

mod support;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use support::fake_dixa::{FakeDixa, Reply};
use support::{basic, temp_db, KEY};

const DIXA_KEY: &str = "dixa-secret-never-logged-71c3";

struct Binary {
    child: Child,
    lines: mpsc::Receiver<String>,
    log: Vec<String>,
}

impl Binary {
    fn start(args: &[&str]) -> Binary {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nps-local"))
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("binary starts");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Binary { child, lines, log: Vec::new() }
    }

    /// Waits for a log line containing `needle`; returns it.
    fn wait_for(&mut self, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        if let Some(l) = self.log.iter().find(|l| l.contains(needle)) {
            return l.clone();
        }
        while let Ok(line) = self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            self.log.push(line.clone());
            if line.contains(needle) {
                return line;
            }
        }
        panic!("no log line with {needle:?} in {:?}", self.log);
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn call(method: &str, url: &str, auth: &str, body: &str) -> (u16, Value) {
    let result =
        ureq::request(method, url).set("Authorization", auth).set("Content-Type", "application/json").send_string(body);
    match result {
        Ok(r) => (r.status(), r.into_json().unwrap_or(Value::Null)),
        Err(ureq::Error::Status(code, r)) => (code, r.into_json().unwrap_or(Value::Null)),
        Err(e) => panic!("transport: {e}"),
    }
}

#[test]
fn the_binary_reads_from_the_given_dixa_and_never_logs_the_key() {
    let fake = FakeDixa::start(Reply::Json(401, json!({"message": "Unauthorized"})));
    fake.then(Reply::Raw(503, "down"));
    let db = temp_db();
    let mut bin = Binary::start(&[
        "--db",
        db.to_str().unwrap(),
        "--api-addr",
        "127.0.0.1:0",
        "--demo",
        "--dixa-api-base",
        &fake.url,
    ]);
    let line = bin.wait_for("API on ", Duration::from_secs(20));
    let api = line.split("API on ").nth(1).expect("address").trim().to_owned();

    let ivr = json!({"name": "Secret queue", "campaignId": 7232, "dixaApiKey": DIXA_KEY}).to_string();
    let (status, saved) = call("PUT", &format!("{api}/ivr/secret-queue"), &basic(KEY), &ivr);
    assert_eq!(status, 200, "{saved}");
    let closed = json!({"event_id": "cli-1", "event_fqn": "CONVERSATION_CLOSED", "data": {"conversation": {
        "csid": 777, "queue": {"id": "secret-queue"}, "requester": {"id": "dx-cli", "email": "cli@example.com"},
        "assignee": {"email": "mette.holm@shop.example"}}}})
    .to_string();
    let (status, answer) = call("POST", &format!("{api}/api/dixa/relay"), KEY, &closed);
    assert_eq!((status, answer["pGap"].as_str()), (201, Some("pending")), "{answer}");
    // 503 first (retried after 2 s), then 401: given up at once, with a log line.
    bin.wait_for("will try again", Duration::from_secs(5));
    bin.wait_for("given up", Duration::from_secs(10));
    let seen = fake.seen();
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|r| r.path == "/v1/conversations/777" && r.authorization.as_deref() == Some(DIXA_KEY)));

    let (_, list) = call("GET", &format!("{api}/ivr"), &basic(KEY), "");
    for (what, text) in
        [("PUT /ivr", saved.to_string()), ("relay answer", answer.to_string()), ("GET /ivr", list.to_string())]
    {
        assert!(!text.contains(DIXA_KEY), "{what}: {text}");
    }
    assert!(list.to_string().contains(r#""dixaApiKeySet":true"#));
    assert!(bin.log.iter().all(|l| !l.contains(DIXA_KEY)), "{:?}", bin.log);
    drop(bin);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

#[test]
fn a_dixa_api_base_that_is_not_a_url_is_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_nps-local"))
        .args(["--dixa-api-base", "dev.dixa.io"])
        .output()
        .expect("binary runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--dixa-api-base"));
}
