//! `GET`/`PUT /dixa/webhook-secret`: the company's Dixa webhook
//! subscription secret, write-only like the IVR's Dixa API key. With one
//! stored, the relay requires Dixa's signature on every webhook
//! (`dixa_signature`); without, the API key alone authenticates, as before.

use super::auth::ApiKey;
use super::error::ApiError;
use super::extract::ApiJson;
use super::{with_db, AppState};
use crate::dixa_signature::check_secret;
use crate::store::queries;
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretState {
    /// Whether a secret is stored (the secret itself never leaves).
    secret_set: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecretInput {
    /// The secret in hex as Dixa shows it; empty or null forgets it.
    secret: Option<String>,
}

/// `GET /dixa/webhook-secret`
pub async fn get(State(state): State<AppState>, caller: ApiKey) -> Result<Json<SecretState>, ApiError> {
    let stored = with_db(&state, move |c| queries::webhook_secret(c, caller.company)).await?;
    Ok(Json(SecretState { secret_set: stored.is_some() }))
}

/// `PUT /dixa/webhook-secret`
pub async fn put(
    State(state): State<AppState>,
    caller: ApiKey,
    ApiJson(input): ApiJson<SecretInput>,
) -> Result<Json<SecretState>, ApiError> {
    let secret = input.secret.map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty());
    if let Some(s) = &secret {
        check_secret(s).map_err(|message| ApiError::Unprocessable { code: "invalid_secret", message })?;
    }
    let set = secret.is_some();
    with_db(&state, move |c| queries::set_webhook_secret(c, caller.company, secret.as_deref())).await?;
    Ok(Json(SecretState { secret_set: set }))
}
