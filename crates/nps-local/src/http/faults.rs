//! Preview faults: make the next Feedback App calls fail on purpose, so
//! every error state of the card can be seen in the preview.

use super::auth::BearerToken;
use super::error::ApiError;
use super::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 429 with `Retry-After: 2`.
    RateLimit,
    /// 503.
    ServerError,
    /// 200 with a body that is not JSON.
    Unreadable,
    /// No answer for longer than the card waits (it times out).
    Slow,
}

impl Fault {
    pub fn parse(name: &str) -> Option<Fault> {
        match name {
            "rate_limit" => Some(Fault::RateLimit),
            "server_error" => Some(Fault::ServerError),
            "unreadable" => Some(Fault::Unreadable),
            "slow" => Some(Fault::Slow),
            _ => None,
        }
    }

    pub async fn respond(self) -> Response {
        match self {
            Fault::RateLimit => ApiError::RateLimited { retry_after_secs: 2, per_second: 10 }.into_response(),
            Fault::ServerError => ApiError::Unavailable("simulated outage".into()).into_response(),
            Fault::Unreadable => {
                ([(header::CONTENT_TYPE, "text/html")], "<html>simulated proxy error page</html>").into_response()
            }
            Fault::Slow => {
                tokio::time::sleep(Duration::from_secs(12)).await;
                ApiError::GatewayTimeout("simulated slow answer".into()).into_response()
            }
        }
    }
}

/// Middleware on the Feedback App routes: checks the token first (so only
/// a caller of the company can use up its faults), then answers with the
/// company's next queued fault, if any, instead of the endpoint.
pub async fn inject(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let token = match BearerToken::from_request_parts(&mut parts, &state).await {
        Ok(token) => token,
        Err(e) => return e.into_response(),
    };
    match state.faults.take(token.0.company_id) {
        Some(fault) => fault.respond().await,
        None => next.run(Request::from_parts(parts, body)).await,
    }
}

/// Most faults one company can have waiting.
pub const MAX_PENDING: usize = 20;

/// Faults waiting for the next calls of each company, first in first out.
#[derive(Default)]
pub struct FaultQueue(Mutex<HashMap<i64, VecDeque<Fault>>>);

impl FaultQueue {
    /// Queues `times` faults; `Err(pending)` when that would pass [`MAX_PENDING`].
    pub fn push(&self, company: i64, fault: Fault, times: usize) -> Result<usize, usize> {
        let mut queues = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let q = queues.entry(company).or_default();
        if q.len() + times > MAX_PENDING {
            return Err(q.len());
        }
        q.extend(std::iter::repeat_n(fault, times));
        Ok(q.len())
    }
    pub fn take(&self, company: i64) -> Option<Fault> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).get_mut(&company)?.pop_front()
    }
}
