//! Starts the real service on a loopback port with a real SQLite file.

#![allow(dead_code)]

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
        let mut config =
            Config { db: db.to_string_lossy().into_owned(), api_addr: ([127, 0, 0, 1], 0).into(), ..Config::default() };
        adjust(&mut config);
        let (ready_tx, ready_rx) = mpsc::channel();
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt =
                tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
            rt.block_on(async move {
                let running: Running = nps_local::start(config).await.expect("service starts");
                ready_tx.send(running.api_url()).expect("report address");
                let _ = tokio::task::spawn_blocking(move || stop_rx.recv()).await;
                running.stop().await;
            });
        });
        let url = ready_rx.recv().expect("service started");
        Server { url, db, stop: Some(stop_tx), thread: Some(thread), keep_db: false }
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
        let (status, v) = self.post("/employees/token", Some(&basic(KEY)), body);
        assert_eq!(status, 200, "{v}");
        v["token"].as_str().expect("token").to_owned()
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
