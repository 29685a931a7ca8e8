//! The three ways a caller proves who it is, as extractors. They read
//! headers only, so a request is refused before its body is read; each
//! counts the call against its limit.
//!
//! - Token hook, IVR, survey and preview endpoints: [`ApiKey`], HTTP Basic,
//!   user `ApiKey`, password = API key (as Dixa's custom card sends it).
//! - Feedback App endpoints: [`BearerToken`], `Authorization: Bearer <token>` only.
//! - Dixa webhook relay: [`RelayKey`], Dixa's token authentication, sent as
//!   the plain key, `Bearer <key>` or `Token <key>`.
//!
//! Failed attempts are counted per client network (IPv6 per /64) and per
//! presented credential; past the limit a failure answers 429 with
//! `Retry-After` instead of 401. A valid credential is always accepted:
//! Dixa sends every customer's webhooks from a few shared addresses, and
//! one company's misconfigured webhook must not lock the others out.

use super::error::ApiError;
use super::rate_limit::{ClientNet, RateLimiter};
use super::{with_db, AppState};
use crate::clock::now_unix;
use crate::store::queries::{self, TokenRow};
use crate::store::{secret_digest, DEMO_API_KEY};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use base64::Engine;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// A caller with a known API key (HTTP Basic).
#[derive(Clone, Debug)]
pub struct ApiKey {
    pub key: String,
    pub company: i64,
}

/// The relay's caller (Dixa, with the company's API key).
#[derive(Clone, Debug)]
pub struct RelayKey {
    pub company: i64,
    /// Where it came from (a bad signature counts against it).
    pub client: IpAddr,
}

/// A valid, unexpired Feedback App token.
#[derive(Clone, Debug)]
pub struct BearerToken(pub TokenRow);

/// The address the connection came from (unspecified when the router is
/// driven without a listener, as in tests).
pub fn client_ip(parts: &Parts) -> IpAddr {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

fn authorization(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok().map(str::trim)
}

/// Splits `Scheme credentials`, scheme compared case-insensitively.
fn scheme<'a>(value: &'a str, name: &str) -> Option<&'a str> {
    let (s, rest) = value.split_once(' ')?;
    s.eq_ignore_ascii_case(name).then(|| rest.trim())
}

/// Runs one credential check; a failure is counted against `client` and
/// the presented `credential`, and past the limit answers 429.
async fn throttled<T>(
    state: &AppState,
    client: IpAddr,
    credential: Option<&str>,
    check: impl Future<Output = Result<T, ApiError>>,
) -> Result<T, ApiError> {
    let result = check.await;
    if let Err(ApiError::Unauthorized(_)) = &result {
        state
            .auth_throttle
            .failed(client, credential.filter(|c| !c.is_empty()))
            .map_err(|retry_after_secs| ApiError::TooManyFailedLogins { retry_after_secs })?;
    }
    result
}

fn count_call(limiter: &RateLimiter, company: i64, client: IpAddr) -> Result<(), ApiError> {
    limiter
        .hit(&(company, ClientNet::of(client)))
        .map_err(|retry_after_secs| ApiError::RateLimited { retry_after_secs, per_second: limiter.max() })
}

async fn company_of(state: &AppState, key: String) -> Result<i64, ApiError> {
    // The demo key is public: it opens the demo company only with `--demo`.
    if !state.demo && key == DEMO_API_KEY {
        return Err(ApiError::unauthorized("unknown API key"));
    }
    with_db(state, move |c| queries::company_of_key(c, &key))
        .await?
        .ok_or_else(|| ApiError::unauthorized("unknown API key"))
}

fn basic_api_key(headers: &HeaderMap) -> Result<String, ApiError> {
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
    Ok(key.to_owned())
}

impl FromRequestParts<AppState> for ApiKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let client = client_ip(parts);
        let credential = authorization(&parts.headers).map(str::to_owned);
        let caller = throttled(state, client, credential.as_deref(), async {
            let key = basic_api_key(&parts.headers)?;
            let company = company_of(state, key.clone()).await?;
            Ok(ApiKey { key, company })
        })
        .await?;
        count_call(&state.rate_limiter, caller.company, client)?;
        Ok(caller)
    }
}

impl FromRequestParts<AppState> for RelayKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let client = client_ip(parts);
        let credential = authorization(&parts.headers).map(str::to_owned);
        let company = throttled(state, client, credential.as_deref(), async {
            let value = authorization(&parts.headers).filter(|v| !v.is_empty()).ok_or_else(|| {
                ApiError::unauthorized("the Authorization header with the nps.today API key is missing")
            })?;
            let key = scheme(value, "Bearer").or_else(|| scheme(value, "Token")).unwrap_or(value);
            company_of(state, key.to_owned()).await
        })
        .await?;
        count_call(&state.relay_rate_limiter, company, client)?;
        Ok(RelayKey { company, client })
    }
}

impl FromRequestParts<AppState> for BearerToken {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // Already checked (and counted) by a middleware on the same request.
        if let Some(token) = parts.extensions.get::<BearerToken>() {
            return Ok(token.clone());
        }
        let client = client_ip(parts);
        let credential = authorization(&parts.headers).map(str::to_owned);
        let row = throttled(state, client, credential.as_deref(), async {
            let token = authorization(&parts.headers)
                .and_then(|v| scheme(v, "Bearer"))
                .filter(|t| !t.is_empty())
                .ok_or_else(|| ApiError::unauthorized("`Authorization: Bearer <token>` is required"))?
                .to_owned();
            with_db(state, move |c| queries::find_token(c, &token))
                .await?
                .filter(|row| state.demo || row.api_key_digest != secret_digest(DEMO_API_KEY))
                .ok_or_else(|| ApiError::unauthorized("unknown token"))
        })
        .await?;
        if row.expires_at <= now_unix() {
            return Err(ApiError::TokenExpired);
        }
        count_call(&state.rate_limiter, row.company_id, client)?;
        let token = BearerToken(row);
        parts.extensions.insert(token.clone());
        Ok(token)
    }
}
