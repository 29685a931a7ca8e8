//! Preview faults: make the next Feedback App calls fail on purpose, so
//! every error state of the card can be seen in the preview.

use super::error::ApiError;
use super::AppState;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::VecDeque;
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
            Fault::RateLimit => ApiError::rate_limited(2).into_response(),
            Fault::ServerError => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "simulated outage").into_response()
            }
            Fault::Unreadable => {
                ([(header::CONTENT_TYPE, "text/html")], "<html>simulated proxy error page</html>").into_response()
            }
            Fault::Slow => {
                tokio::time::sleep(Duration::from_secs(12)).await;
                ApiError::new(StatusCode::GATEWAY_TIMEOUT, "timeout", "simulated slow answer").into_response()
            }
        }
    }
}

/// Middleware on the Feedback App routes: answers with the next queued
/// fault, if any, instead of the endpoint.
pub async fn inject(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match state.faults.take() {
        Some(fault) => fault.respond().await,
        None => next.run(request).await,
    }
}

/// Faults waiting for the next calls, first in first out.
#[derive(Default)]
pub struct FaultQueue(Mutex<VecDeque<Fault>>);

impl FaultQueue {
    pub fn push(&self, fault: Fault, times: usize) {
        let mut q = self.0.lock().unwrap_or_else(|p| p.into_inner());
        q.extend(std::iter::repeat_n(fault, times));
    }
    pub fn take(&self) -> Option<Fault> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).pop_front()
    }
}
