//! Starts the real service on a loopback port with a real SQLite file.

#![allow(dead_code)]

pub mod fake_dixa;

use nps_local::{Config, Running};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc;

pub const KEY: &str = "demo-api-key";

pub fn temp_db() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    std::env::temp_dir().join(format!(
        "nps-local-test-{}-{}-{nanos}.sqlite",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ))
}

/// A service running on its own runtime thread; stopped on drop.
pub struct Server {
    pub url: String,
    /// The preview/card listener, when the config asked for one.
    pub web_url: Option<String>,
    pub db: PathBuf,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    keep_db: bool,
}

impl Server {
    pub fn start() -> Server {
        Self::with(|_| {})
    }

    pub fn with(adjust: impl FnOnce(&mut Config)) -> Server {
        let db = temp_db();
        Self::on(db, adjust)
    }

    pub fn on(db: PathBuf, adjust: impl FnOnce(&mut Config)) -> Server {
        let mut config = Config {
            db: db.to_string_lossy().into_owned(),
            api_addr: ([127, 0, 0, 1], 0).into(),
            // Never the real Dixa from a test: a closed port unless a test points it elsewhere.
            dixa_api_base: "http://127.0.0.1:9".into(),
            demo: true,
            ..Config::default()
        };
        adjust(&mut config);
        let (ready_tx, ready_rx) = mpsc::channel();
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt =
                tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
            rt.block_on(async move {
                let running: Running = nps_local::start(config).await.expect("service starts");
                let web = running.web_addr.map(|a| format!("http://{a}"));
                ready_tx.send((running.api_url(), web)).expect("report address");
                let _ = tokio::task::spawn_blocking(move || stop_rx.recv()).await;
                running.stop().await;
            });
        });
        let (url, web_url) = ready_rx.recv().expect("service started");
        Server { url, web_url, db, stop: Some(stop_tx), thread: Some(thread), keep_db: false }
    }

    /// Stops the service and waits until it has; the database file stays.
    pub fn stop(mut self) -> PathBuf {
        self.keep_db = true;
        self.shutdown();
        self.db.clone()
    }

    fn shutdown(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    pub fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut req = ureq::get(&format!("{}{path}", self.url));
        if let Some(t) = token {
            req = req.set("Authorization", &format!("Bearer {t}"));
        }
        answer(req.call())
    }

    /// GET with any Authorization header.
    pub fn get_with(&self, path: &str, auth: &str) -> (u16, Value) {
        answer(ureq::get(&format!("{}{path}", self.url)).set("Authorization", auth).call())
    }

    pub fn post(&self, path: &str, auth: Option<&str>, body: &str) -> (u16, Value) {
        let mut req = ureq::post(&format!("{}{path}", self.url)).set("Content-Type", "application/json");
        if let Some(a) = auth {
            req = req.set("Authorization", a);
        }
        answer(req.send_string(body))
    }

    pub fn put(&self, path: &str, auth: &str, body: &str) -> (u16, Value) {
        answer(
            ureq::put(&format!("{}{path}", self.url))
                .set("Authorization", auth)
                .set("Content-Type", "application/json")
                .send_string(body),
        )
    }

    /// A token from the hook, as Dixa's custom card gets it.
    pub fn token(&self, body: &str) -> String {
        self.token_for(KEY, body)
    }

    /// A token from the hook with another company's key.
    pub fn token_for(&self, key: &str, body: &str) -> String {
        let (status, v) = self.post("/employees/token", Some(&basic(key)), body);
        assert_eq!(status, 200, "{v}");
        v["token"].as_str().expect("token").to_owned()
    }

    pub fn addr(&self) -> String {
        self.url.trim_start_matches("http://").to_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
        if !self.keep_db {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", self.db.display()));
            }
        }
    }
}

pub fn basic(key: &str) -> String {
    use base64::Engine;
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("ApiKey:{key}")))
}

fn answer(result: Result<ureq::Response, ureq::Error>) -> (u16, Value) {
    match result {
        Ok(r) => (r.status(), r.into_json().unwrap_or(Value::Null)),
        Err(ureq::Error::Status(code, r)) => (code, r.into_json().unwrap_or(Value::Null)),
        Err(e) => panic!("transport error: {e}"),
    }
}

/// The demo queue (IVR → campaign 7232).
pub const DEMO_QUEUE: &str = "986359e5-e201-48ab-84af-c7799e03e58c";

/// A Dixa Closed event, snake_case, with an assignee.
pub fn closed_event(event_id: &str, csid: i64, queue: &str) -> String {
    serde_json::json!({
        "event_id": event_id, "event_fqn": "CONVERSATION_CLOSED", "event_version": "1",
        "event_timestamp": "2026-02-13T00:00:00Z", "organization": {"id": "org", "name": "Shop"},
        "data": {"conversation": {
            "csid": csid, "channel": "EMAIL", "status": "CLOSED", "direction": "INBOUND",
            "queue": {"id": queue, "name": "Support"},
            "requester": {"id": format!("dixa-user-{csid}"), "name": "Freja", "email": format!("c{csid}@example.com"), "user_type": "Contact"},
            "assignee": {"id": "agent-1", "name": "Mette", "email": "mette.holm@shop.example"},
            "custom_attributes": [{"identifier": "p_gap", "value": "8"}]
        }}
    })
    .to_string()
}

/// Members stored for a Dixa conversation (by its csid), read from the file.
pub fn members_with_csid(db: &std::path::Path, csid: i64) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    conn.query_row("SELECT COUNT(*) FROM responses WHERE external_id = ?1", [csid.to_string()], |r| r.get(0))
        .expect("count")
}

/// One raw HTTP/1.1 exchange on a fresh connection, for clients that
/// misbehave on purpose.
pub fn raw_connect(addr: &str) -> std::net::TcpStream {
    let stream = std::net::TcpStream::connect(addr).expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    stream
}

/// Reads until the peer closes or `within` passes; the status and the text read.
pub fn read_answer(stream: &mut std::net::TcpStream, within: std::time::Duration) -> (Option<u16>, String, bool) {
    use std::io::Read;
    let deadline = std::time::Instant::now() + within;
    let mut got = Vec::new();
    let mut closed = false;
    let mut buf = [0u8; 8192];
    while std::time::Instant::now() < deadline {
        let left =
            deadline.saturating_duration_since(std::time::Instant::now()).max(std::time::Duration::from_millis(1));
        stream.set_read_timeout(Some(left)).expect("timeout");
        match stream.read(&mut buf) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(n) => {
                got.extend_from_slice(&buf[..n]);
                // A complete JSON answer: stop without waiting for the close.
                let text = String::from_utf8_lossy(&got);
                if let Some((head, body)) = text.split_once("\r\n\r\n") {
                    let len = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned())
                        })
                        .and_then(|v| v.parse::<usize>().ok());
                    if len.is_some_and(|n| body.len() >= n) {
                        break;
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut => break,
            Err(_) => {
                closed = true;
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&got).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).filter(|_| text.starts_with("HTTP/1.1 "));
    (status, text, closed)
}

/// The JSON body of a raw answer.
pub fn raw_body(text: &str) -> Value {
    text.split_once("\r\n\r\n").and_then(|(_, b)| serde_json::from_str(b).ok()).unwrap_or(Value::Null)
}

/// The real binary, started on a free port; killed on drop.
pub struct Binary {
    pub child: std::process::Child,
    pub url: String,
    pub log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Binary {
    /// With the demo company (`--demo`), as the preview runs.
    pub fn start(db: &std::path::Path, extra: &[&str]) -> Binary {
        let mut args = vec!["--demo"];
        args.extend_from_slice(extra);
        Self::without_demo(db, &args)
    }

    /// As in production: only the companies `extra` names.
    pub fn without_demo(db: &std::path::Path, extra: &[&str]) -> Binary {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_nps-local"))
            .args(["--db", &db.to_string_lossy(), "--api-addr", "127.0.0.1:0"])
            .args(extra)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start nps-local");
        let stderr = child.stderr.take().expect("stderr");
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let sink = log.clone();
        // Drains the log for the whole run, so logging never blocks the service.
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("API on ").nth(1) {
                    let _ = tx.send(url.trim().to_owned());
                }
                if let Ok(mut l) = sink.lock() {
                    l.push_str(&line);
                    l.push('\n');
                }
            }
        });
        let url = rx.recv_timeout(std::time::Duration::from_secs(30)).expect("nps-local reports its address");
        Binary { child, url, log }
    }

    pub fn addr(&self) -> String {
        self.url.trim_start_matches("http://").to_owned()
    }

    pub fn signal(&self, name: &str) {
        let ok = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("kill")
            .success();
        assert!(ok, "kill -{name}");
    }

    /// Waits for the process to end; its exit status.
    pub fn wait(&mut self, within: std::time::Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + within;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits up to `timeout` for `check` to hold, asking every 50 ms.
pub fn eventually(what: &str, timeout: std::time::Duration, mut check: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + timeout;
    while std::time::Instant::now() < deadline {
        if check() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("timed out: {what}");
}

pub fn remove_db(db: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}
