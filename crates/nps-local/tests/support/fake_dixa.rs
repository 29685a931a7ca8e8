//! A real HTTP server standing in for Dixa's API in tests: it answers each
//! request with the next scripted reply (then the default one), can fail or
//! hang, keeps Dixa's budget per key if asked (429 with `Retry-After`
//! beyond it), and records what it was asked and what it answered.

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub enum Reply {
    /// A status and a JSON body.
    Json(u16, Value),
    /// A status and a body as is.
    Raw(u16, &'static str),
    /// No answer for this long.
    Hang(Duration),
    /// The conversation asked for (its csid from the path), with this `p_gap`.
    PGapOfPath(Value),
}

/// A Closed event as Dixa sends it for conversation `csid` in `queue`: no
/// custom attributes, so the relay has to read P-GAP from Dixa's API.
pub fn closed_event(queue: &str, event_id: &str, csid: i64) -> String {
    json!({"event_id": event_id, "event_fqn": "CONVERSATION_CLOSED", "event_version": "1",
        "data": {"conversation": {"csid": csid, "channel": "EMAIL", "queue": {"id": queue},
            "requester": {"id": format!("dx-{csid}"), "name": "Freja", "email": format!("c{csid}@example.com")},
            "assignee": {"id": "agent-1", "name": "Mette", "email": "mette.holm@shop.example"}}}})
    .to_string()
}

/// Dixa's answer for a conversation with these custom attributes.
pub fn conversation(csid: i64, attributes: Value) -> Reply {
    Reply::Json(200, json!({"data": {"id": csid, "status": "closed", "customAttributes": attributes}}))
}

/// The answer for a conversation whose `p_gap` has this value.
pub fn with_p_gap(csid: i64, value: Value) -> Reply {
    conversation(
        csid,
        json!([{"id": "5f3c", "identifier": "topic", "name": "Topic", "value": ["billing"]},
               {"id": "9a1b", "identifier": "p_gap", "name": "P-GAP", "value": value}]),
    )
}

/// One request the fake received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub path: String,
    pub authorization: Option<String>,
    /// What it answered (a hanging reply counts as its late 504).
    pub status: u16,
    pub at: Instant,
}

#[derive(Default)]
struct Script {
    next: VecDeque<Reply>,
    default: Option<Reply>,
    seen: Vec<Seen>,
    /// Dixa's budget per key: (per second, burst), and each key's bucket.
    budget: Option<(f64, f64)>,
    buckets: HashMap<String, (f64, Instant)>,
}

pub struct FakeDixa {
    pub url: String,
    script: Arc<Mutex<Script>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl FakeDixa {
    /// Answers `default` to every request not scripted with `then`.
    pub fn start(default: Reply) -> FakeDixa {
        let script = Arc::new(Mutex::new(Script { default: Some(default), ..Script::default() }));
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
        let shared = script.clone();
        let url = runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
            let addr = listener.local_addr().expect("address");
            let app = axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap| {
                let shared = shared.clone();
                async move { answer(shared, uri, headers).await }
            });
            tokio::spawn(async move {
                let _ = axum::serve(listener, app).await;
            });
            format!("http://{addr}")
        });
        FakeDixa { url, script, runtime: Some(runtime) }
    }

    /// The next request gets `reply` (queued after earlier ones).
    pub fn then(&self, reply: Reply) -> &Self {
        self.lock().next.push_back(reply);
        self
    }

    /// Keeps Dixa's budget per Authorization value: `per_second` with a burst
    /// of `burst`, 429 with `Retry-After: 1` beyond it.
    pub fn keep_budget(&self, per_second: f64, burst: f64) {
        self.lock().budget = Some((per_second, burst));
    }

    /// Requests answered 429.
    pub fn refused(&self) -> usize {
        self.lock().seen.iter().filter(|s| s.status == 429).count()
    }

    pub fn set_default(&self, reply: Reply) {
        self.lock().default = Some(reply);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.lock().seen.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Script> {
        self.script.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for FakeDixa {
    fn drop(&mut self) {
        // A hanging reply must not hold the test: stop without waiting.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// Spends one call from the key's bucket; false when it is empty.
fn within_budget(s: &mut Script, key: &str, now: Instant) -> bool {
    let Some((per_second, burst)) = s.budget else { return true };
    let (tokens, at) = s.buckets.entry(key.to_owned()).or_insert((burst, now));
    *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * per_second).min(burst);
    *at = now;
    if *tokens >= 1.0 {
        *tokens -= 1.0;
        true
    } else {
        false
    }
}

async fn answer(script: Arc<Mutex<Script>>, uri: Uri, headers: HeaderMap) -> Response {
    let authorization = headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let now = Instant::now();
    let reply = {
        let mut s = script.lock().unwrap_or_else(|p| p.into_inner());
        let reply = if within_budget(&mut s, authorization.as_deref().unwrap_or(""), now) {
            s.next.pop_front().or_else(|| s.default.clone())
        } else {
            Some(Reply::Raw(429, "rate limited"))
        };
        let status = match &reply {
            Some(Reply::Json(status, _) | Reply::Raw(status, _)) => *status,
            Some(Reply::Hang(_)) => 504,
            Some(Reply::PGapOfPath(_)) => 200,
            None => 404,
        };
        s.seen.push(Seen { path: uri.path().to_owned(), authorization, status, at: now });
        reply
    };
    match reply {
        Some(Reply::Json(status, body)) => (status_code(status), axum::Json(body)).into_response(),
        Some(Reply::Raw(429, body)) => (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "1")], body).into_response(),
        Some(Reply::Raw(status, body)) => (status_code(status), body).into_response(),
        Some(Reply::Hang(d)) => {
            tokio::time::sleep(d).await;
            (StatusCode::GATEWAY_TIMEOUT, "late").into_response()
        }
        Some(Reply::PGapOfPath(value)) => {
            let csid: i64 = uri.path().rsplit('/').next().and_then(|c| c.parse().ok()).unwrap_or(0);
            match with_p_gap(csid, value) {
                Reply::Json(status, body) => (status_code(status), axum::Json(body)).into_response(),
                _ => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn status_code(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}
