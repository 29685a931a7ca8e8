//! axum's body and path extractors with the contract's error body as their
//! rejection (axum's own answer plain text).

use super::error::ApiError;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
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

/// A JSON body (`Content-Type: application/json`), within the route's body limit.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        check_declared_length(&req)?;
        let axum::Json(value) = axum::Json::<T>::from_request(req, state).await?;
        Ok(ApiJson(value))
    }
}

/// The raw body, within the route's body limit.
pub struct ApiBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        check_declared_length(&req)?;
        Ok(ApiBody(Bytes::from_request(req, state).await?))
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
