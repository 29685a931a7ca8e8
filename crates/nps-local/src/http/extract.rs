//! axum's body and path extractors with the contract's error body as their
//! rejection (axum's own answer plain text).

use super::error::ApiError;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tower::layer::util::Stack;
use tower::ServiceBuilder;

/// The body limit of a route, in bytes (see [`body_limit`]).
#[derive(Clone, Copy, Debug)]
pub struct BodyLimit(pub usize);

/// A route's body limit: a declared `Content-Length` above it is refused
/// before any of the body is read, and a streamed body is cut off at it.
pub fn body_limit(
    bytes: usize,
) -> ServiceBuilder<Stack<axum::Extension<BodyLimit>, Stack<DefaultBodyLimit, tower::layer::util::Identity>>> {
    ServiceBuilder::new().layer(DefaultBodyLimit::max(bytes)).layer(axum::Extension(BodyLimit(bytes)))
}

/// Refuses a declared length over the route's limit.
fn check_declared_length(req: &Request) -> Result<(), ApiError> {
    let Some(BodyLimit(limit)) = req.extensions().get::<BodyLimit>().copied() else {
        return Ok(());
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        Some(n) if n > limit as u64 => {
            Err(ApiError::PayloadTooLarge(format!("the body is {n} bytes; this endpoint takes at most {limit}")))
        }
        _ => Ok(()),
    }
}

/// Whether the request's body has been received (or it has none). The
/// request timeout answers 408 before (the client is slow to send) and 503
/// after (the service is slow to answer).
#[derive(Clone, Default, Debug)]
pub struct BodyReceived(Arc<AtomicBool>);

impl BodyReceived {
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }

    fn set(&self) {
        self.0.store(true, Ordering::Release)
    }
}

/// Middleware: marks requests without a body as received, and gives the
/// body extractors the mark to set.
pub async fn mark_body(mut req: Request, next: axum::middleware::Next) -> axum::response::Response {
    let received = BodyReceived::default();
    let headers = req.headers();
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).map(str::trim);
    if !headers.contains_key(header::TRANSFER_ENCODING) && declared.is_none_or(|n| n == "0") {
        received.set();
    }
    req.extensions_mut().insert(received);
    next.run(req).await
}

fn body_received(req: &Request) -> Option<BodyReceived> {
    req.extensions().get::<BodyReceived>().cloned()
}

/// A JSON body (`Content-Type: application/json`), within the route's body limit.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        check_declared_length(&req)?;
        let received = body_received(&req);
        let read = axum::Json::<T>::from_request(req, state).await;
        // Read (or refused), whatever comes next is the service's time.
        if let Some(r) = received {
            r.set();
        }
        let axum::Json(value) = read?;
        Ok(ApiJson(value))
    }
}

/// The raw body, within the route's body limit.
pub struct ApiBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        check_declared_length(&req)?;
        let received = body_received(&req);
        let read = Bytes::from_request(req, state).await;
        if let Some(r) = received {
            r.set();
        }
        Ok(ApiBody(read?))
    }
}

/// Path parameters.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Path(value) = axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(ApiPath(value))
    }
}
