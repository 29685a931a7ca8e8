//! The one error type of the service: every refusal, whichever layer makes
//! it (a handler, an extractor, axum's routing, the timeout), answers
//! `{"error": {"code", "message"}}` with the contract's status.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

#[derive(Debug)]
pub enum ApiError {
    /// 400: the request is not what the endpoint takes.
    BadRequest(String),
    /// 401: no or wrong credentials.
    Unauthorized(String),
    /// 401 `token_expired`: the card asks for a new token.
    TokenExpired,
    /// 401 `bad_signature`: the webhook's Dixa signature is missing, stale or wrong.
    BadSignature(String),
    /// 403: authenticated, but not allowed to do this.
    Forbidden { code: &'static str, message: String },
    /// 404.
    NotFound(String),
    /// 405: the path exists, not with this method.
    MethodNotAllowed,
    /// 408: the client did not send its body in time.
    RequestTimeout,
    /// 503 with `Retry-After`: the service did not answer in time (its own
    /// slowness, never the client's).
    TooSlow { retry_after_secs: u64 },
    /// 409: the thing belongs to another company.
    Conflict { code: &'static str, message: String },
    /// 409 `conflict` with the follow-up as it is now (`null`: none), so
    /// the card can show it without another call.
    FollowUpConflict { message: String, current: serde_json::Value },
    /// 413: the body is larger than the endpoint takes.
    PayloadTooLarge(String),
    /// 415: the body is not sent as JSON.
    UnsupportedMediaType(String),
    /// 422: understood, but cannot be acted on.
    Unprocessable { code: &'static str, message: String },
    /// 429: past the calls-per-second limit of the key for this client.
    RateLimited { retry_after_secs: u64, per_second: usize },
    /// 429: too many failed logins from this client network or with these credentials.
    TooManyFailedLogins { retry_after_secs: u64 },
    /// 503 (the preview's simulated outage).
    Unavailable(String),
    /// 504 (the preview's simulated slow answer).
    GatewayTimeout(String),
    /// 500: logged with its context; the caller only learns that it failed.
    Internal(String),
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
    #[serde(rename = "followUp", skip_serializing_if = "Option::is_none")]
    follow_up: Option<&'a serde_json::Value>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest(message.into())
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::Unauthorized(message.into())
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound(message.into())
    }
    /// `context` goes to the log, never to the caller.
    pub fn internal(context: impl Into<String>) -> Self {
        Self::Internal(context.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) | Self::TokenExpired | Self::BadSignature(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::Conflict { .. } | Self::FollowUpConflict { .. } => StatusCode::CONFLICT,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::RateLimited { .. } | Self::TooManyFailedLogins { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) | Self::TooSlow { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::GatewayTimeout(_) => StatusCode::GATEWAY_TIMEOUT,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad_request",
            Self::Unauthorized(_) => "unauthorized",
            Self::TokenExpired => "token_expired",
            Self::BadSignature(_) => "bad_signature",
            Self::NotFound(_) => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::RequestTimeout => "request_timeout",
            Self::Conflict { code, .. } | Self::Unprocessable { code, .. } | Self::Forbidden { code, .. } => code,
            Self::FollowUpConflict { .. } => "conflict",
            Self::PayloadTooLarge(_) => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::RateLimited { .. } => "rate_limited",
            Self::TooManyFailedLogins { .. } => "too_many_failed_logins",
            Self::Unavailable(_) | Self::TooSlow { .. } => "unavailable",
            Self::GatewayTimeout(_) => "timeout",
            Self::Internal(_) => "internal",
        }
    }

    fn message(&self) -> String {
        match self {
            Self::BadRequest(m)
            | Self::Unauthorized(m)
            | Self::BadSignature(m)
            | Self::NotFound(m)
            | Self::PayloadTooLarge(m)
            | Self::UnsupportedMediaType(m)
            | Self::Unavailable(m)
            | Self::GatewayTimeout(m) => m.clone(),
            Self::Conflict { message, .. }
            | Self::Unprocessable { message, .. }
            | Self::Forbidden { message, .. }
            | Self::FollowUpConflict { message, .. } => message.clone(),
            Self::TokenExpired => "the token has expired; request a new one from /employees/token".into(),
            Self::MethodNotAllowed => "this endpoint does not take that method".into(),
            Self::RequestTimeout => "the request body did not arrive in time".into(),
            Self::TooSlow { retry_after_secs } => {
                format!("the service could not answer in time; try again in {retry_after_secs} s")
            }
            Self::RateLimited { per_second, .. } => {
                format!("more than {per_second} calls per second for this API key from this client")
            }
            Self::TooManyFailedLogins { retry_after_secs } => {
                format!("too many failed logins from this address or with these credentials; try again in {retry_after_secs} s")
            }
            Self::Internal(_) => "internal error".into(),
        }
    }

    fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after_secs, .. }
            | Self::TooManyFailedLogins { retry_after_secs }
            | Self::TooSlow { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(context) = &self {
            tracing::error!(%context, "request failed");
        }
        let message = self.message();
        let follow_up = match &self {
            Self::FollowUpConflict { current, .. } => Some(current),
            _ => None,
        };
        let body = ErrorBody { error: ErrorDetail { code: self.code(), message: &message }, follow_up };
        let mut response = (self.status(), Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs() {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Internal(format!("database: {e}"))
    }
}

/// axum's body rejections (JSON, bytes) in the contract's words.
impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(r: axum::extract::rejection::JsonRejection) -> Self {
        from_status(r.status(), r.body_text())
    }
}

impl From<axum::extract::rejection::BytesRejection> for ApiError {
    fn from(r: axum::extract::rejection::BytesRejection) -> Self {
        from_status(r.status(), r.body_text())
    }
}

impl From<axum::extract::rejection::PathRejection> for ApiError {
    fn from(r: axum::extract::rejection::PathRejection) -> Self {
        from_status(r.status(), r.body_text())
    }
}

fn from_status(status: StatusCode, text: String) -> ApiError {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge(format!("the body is too large: {text}")),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ApiError::UnsupportedMediaType("send the body as JSON with `Content-Type: application/json`".into())
        }
        // A body cut off mid-way (the client stalled or hung up).
        StatusCode::REQUEST_TIMEOUT => ApiError::RequestTimeout,
        s if s.is_server_error() => ApiError::Internal(text),
        _ => ApiError::BadRequest(format!("invalid body: {text}")),
    }
}
