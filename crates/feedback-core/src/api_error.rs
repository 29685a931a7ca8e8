//! Every way a call to the Feedback App API can fail, as the card explains it.
//!
//! The browser glue only measures (status, `Retry-After`, body text, or
//! that the network failed or timed out); [`classify`] turns that into one
//! of these, so the mapping is tested natively.

use crate::model::ErrorBody;

/// Longest wait the card honours from `Retry-After` before retrying itself.
pub const MAX_RETRY_AFTER_SECS: u32 = 60;
/// Wait used when a 429 has no usable `Retry-After`.
pub const DEFAULT_RETRY_AFTER_SECS: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No token was given by the host (the card's hook failed or is not set up).
    MissingToken,
    /// 401 `token_expired`: the 24-hour token ran out; reopening the
    /// conversation makes Dixa call the hook again.
    TokenExpired,
    /// 401 otherwise, or 403.
    Unauthorized,
    /// 400: the request was refused (names what was wrong).
    BadRequest(String),
    /// 404.
    NotFound,
    /// 429: retry after this many seconds.
    RateLimited { retry_after_secs: u32 },
    /// 5xx or any other unexpected status.
    Server { status: u16 },
    /// The request never got an answer (offline, DNS, CORS, refused).
    Network,
    /// No answer within the time limit.
    Timeout,
    /// A 2xx whose body is not the JSON the contract describes.
    Undecodable,
}

/// Why a list could not be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// No email or phone to look up.
    NoIdentifiers,
    Api(ApiError),
}

/// A wait before the next automatic attempt ("trying again in 4 s").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryNotice {
    pub error: ApiError,
    pub seconds: u32,
}

impl ApiError {
    /// Whether trying again later can succeed without the host doing anything.
    pub fn is_retryable(&self) -> bool {
        retry_delay_secs(self, 1).is_some()
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::MissingToken => f.write_str("no token"),
            ApiError::TokenExpired => f.write_str("token expired"),
            ApiError::Unauthorized => f.write_str("unauthorized"),
            ApiError::BadRequest(m) => write!(f, "bad request: {m}"),
            ApiError::NotFound => f.write_str("not found"),
            ApiError::RateLimited { retry_after_secs } => write!(f, "rate limited, retry in {retry_after_secs} s"),
            ApiError::Server { status } => write!(f, "server error {status}"),
            ApiError::Network => f.write_str("network error"),
            ApiError::Timeout => f.write_str("timed out"),
            ApiError::Undecodable => f.write_str("unreadable response"),
        }
    }
}

/// Automatic retries before the card shows the error with a retry button.
pub const MAX_AUTO_RETRIES: u32 = 3;

/// How long to wait before automatic retry number `attempt` (1-based) after
/// `error`; `None` when the card should stop and explain instead. Rate
/// limits wait what the service asked; transient failures back off 1, 2, 4 s.
pub fn retry_delay_secs(error: &ApiError, attempt: u32) -> Option<u32> {
    if attempt == 0 || attempt > MAX_AUTO_RETRIES {
        return None;
    }
    match error {
        ApiError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
        ApiError::Network | ApiError::Timeout | ApiError::Server { .. } => Some(1 << (attempt - 1)),
        _ => None,
    }
}

/// Parses `Retry-After` given in seconds (the HTTP-date form falls back to
/// the default), clamped to [1, MAX_RETRY_AFTER_SECS].
pub fn parse_retry_after(header: Option<&str>) -> u32 {
    header
        .and_then(|h| h.trim().parse::<u64>().ok())
        .map(|s| s.clamp(1, u64::from(MAX_RETRY_AFTER_SECS)) as u32)
        .unwrap_or(DEFAULT_RETRY_AFTER_SECS)
}

/// Maps a non-2xx answer to an [`ApiError`]. `body` is the decoded error
/// body if it decoded.
pub fn classify(status: u16, retry_after: Option<&str>, body: Option<&ErrorBody>) -> ApiError {
    let detail = body.and_then(|b| b.error.as_ref());
    let code = detail.and_then(|d| d.code.as_deref()).unwrap_or("");
    match status {
        401 if code == "token_expired" => ApiError::TokenExpired,
        401 | 403 => ApiError::Unauthorized,
        400 | 422 => ApiError::BadRequest(
            detail
                .and_then(|d| d.message.clone())
                .map(|m| m.chars().take(200).collect())
                .unwrap_or_else(|| "the request was refused".into()),
        ),
        404 => ApiError::NotFound,
        429 => ApiError::RateLimited { retry_after_secs: parse_retry_after(retry_after) },
        _ => ApiError::Server { status },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ErrorDetail;

    fn body(code: &str, message: &str) -> ErrorBody {
        ErrorBody { error: Some(ErrorDetail { code: Some(code.into()), message: Some(message.into()) }) }
    }

    #[test]
    fn each_status_maps_to_its_error() {
        assert_eq!(classify(401, None, Some(&body("token_expired", "x"))), ApiError::TokenExpired);
        assert_eq!(classify(401, None, Some(&body("unauthorized", "x"))), ApiError::Unauthorized);
        assert_eq!(classify(401, None, None), ApiError::Unauthorized);
        assert_eq!(classify(403, None, None), ApiError::Unauthorized);
        assert_eq!(
            classify(400, None, Some(&body("bad_request", "email or phone is required"))),
            ApiError::BadRequest("email or phone is required".into())
        );
        assert_eq!(classify(400, None, None), ApiError::BadRequest("the request was refused".into()));
        assert_eq!(classify(404, None, None), ApiError::NotFound);
        assert_eq!(classify(429, Some("7"), None), ApiError::RateLimited { retry_after_secs: 7 });
        assert_eq!(classify(500, None, None), ApiError::Server { status: 500 });
        assert_eq!(classify(503, None, Some(&body("x", "y"))), ApiError::Server { status: 503 });
        assert_eq!(classify(302, None, None), ApiError::Server { status: 302 });
    }

    #[test]
    fn retry_after_is_parsed_and_clamped() {
        assert_eq!(parse_retry_after(Some(" 3 ")), 3);
        assert_eq!(parse_retry_after(Some("0")), 1);
        assert_eq!(parse_retry_after(Some("99999")), MAX_RETRY_AFTER_SECS);
        assert_eq!(parse_retry_after(Some("Wed, 21 Oct 2026 07:28:00 GMT")), DEFAULT_RETRY_AFTER_SECS);
        assert_eq!(parse_retry_after(Some("-4")), DEFAULT_RETRY_AFTER_SECS);
        assert_eq!(parse_retry_after(None), DEFAULT_RETRY_AFTER_SECS);
    }

    #[test]
    fn retry_policy_backs_off_and_gives_up() {
        let server = ApiError::Server { status: 503 };
        let delays: Vec<_> = (1..=4).map(|a| retry_delay_secs(&server, a)).collect();
        assert_eq!(delays, [Some(1), Some(2), Some(4), None]);
        assert_eq!(retry_delay_secs(&ApiError::RateLimited { retry_after_secs: 7 }, 1), Some(7));
        assert_eq!(retry_delay_secs(&ApiError::TokenExpired, 1), None);
        assert_eq!(retry_delay_secs(&ApiError::Undecodable, 1), None);
        assert_eq!(retry_delay_secs(&ApiError::Network, 0), None);
    }

    #[test]
    fn retryable_errors() {
        assert!(ApiError::Network.is_retryable());
        assert!(ApiError::Timeout.is_retryable());
        assert!(ApiError::Server { status: 502 }.is_retryable());
        assert!(ApiError::RateLimited { retry_after_secs: 1 }.is_retryable());
        assert!(!ApiError::TokenExpired.is_retryable());
        assert!(!ApiError::Undecodable.is_retryable());
        assert!(!ApiError::BadRequest(String::new()).is_retryable());
    }
}
