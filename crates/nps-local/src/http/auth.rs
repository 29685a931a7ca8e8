//! The three ways a caller proves who it is.
//!
//! - Token hook, IVR and preview endpoints: HTTP Basic, user `ApiKey`,
//!   password = API key (as Dixa's custom card sends it).
//! - Feedback App endpoints: `Authorization: Bearer <token>` only.
//! - Dixa webhook relay: Dixa's token authentication, sent as the plain
//!   key, `Bearer <key>` or `Token <key>`.

use super::error::ApiError;
use super::{with_db, AppState};
use crate::clock::now_unix;
use crate::store::queries::{self, TokenRow};
use axum::http::{header, HeaderMap};
use base64::Engine;

fn authorization(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok().map(str::trim)
}

/// Splits `Scheme credentials`, scheme compared case-insensitively.
fn scheme<'a>(value: &'a str, name: &str) -> Option<&'a str> {
    let (s, rest) = value.split_once(' ')?;
    s.eq_ignore_ascii_case(name).then(|| rest.trim())
}

async fn known_key(state: &AppState, key: String) -> Result<String, ApiError> {
    let k = key.clone();
    if with_db(state, move |c| queries::api_key_exists(c, &k)).await? {
        Ok(key)
    } else {
        Err(ApiError::unauthorized("unknown API key"))
    }
}

/// Basic `ApiKey:<key>` → the API key.
pub async fn api_key_from_basic(state: &AppState, headers: &HeaderMap) -> Result<String, ApiError> {
    let encoded = authorization(headers).and_then(|v| scheme(v, "Basic")).ok_or_else(|| {
        ApiError::unauthorized("HTTP Basic authentication with user `ApiKey` and the API key as password is required")
    })?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| ApiError::unauthorized("the Basic credentials are not valid base64"))?;
    let (user, key) =
        decoded.split_once(':').ok_or_else(|| ApiError::unauthorized("the Basic credentials have no password"))?;
    if !user.eq_ignore_ascii_case("ApiKey") {
        return Err(ApiError::unauthorized("the Basic user must be `ApiKey`"));
    }
    known_key(state, key.to_owned()).await
}

/// Plain, `Bearer` or `Token` API key (the relay).
pub async fn api_key_from_relay_header(state: &AppState, headers: &HeaderMap) -> Result<String, ApiError> {
    let value = authorization(headers)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::unauthorized("the Authorization header with the nps.today API key is missing"))?;
    let key = scheme(value, "Bearer").or_else(|| scheme(value, "Token")).unwrap_or(value);
    known_key(state, key.to_owned()).await
}

/// `Bearer <token>` → the token's row, refusing unknown and expired tokens.
pub async fn token_from_bearer(state: &AppState, headers: &HeaderMap) -> Result<TokenRow, ApiError> {
    let token = authorization(headers)
        .and_then(|v| scheme(v, "Bearer"))
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::unauthorized("`Authorization: Bearer <token>` is required"))?
        .to_owned();
    let row = with_db(state, move |c| queries::find_token(c, &token))
        .await?
        .ok_or_else(|| ApiError::unauthorized("unknown token"))?;
    if row.expires_at <= now_unix() {
        return Err(ApiError::token_expired());
    }
    Ok(row)
}

/// Counts a call against the API key's limit.
pub fn rate_limit(state: &AppState, api_key: &str) -> Result<(), ApiError> {
    state.rate_limiter.check(api_key).map_err(ApiError::rate_limited)
}
