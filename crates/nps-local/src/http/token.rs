//! `POST /employees/token`: the Dixa custom card's hook.

use super::auth::{api_key_from_basic, rate_limit};
use super::error::ApiError;
use super::{with_db, AppState};
use crate::clock::{iso, now_unix};
use crate::store::queries;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use feedback_core::normalise::{normalise_email, IdentifierError};
use serde_json::{json, Value};

fn new_token() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| ApiError::internal("no randomness available"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

pub async fn issue_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let api_key = api_key_from_basic(&state, &headers).await?;
    rate_limit(&state, &api_key)?;
    let echo: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(format!("body is not valid JSON: {e}")))?
    };
    let Value::Object(fields) = &echo else {
        return Err(ApiError::bad_request("body must be a JSON object"));
    };
    // `{{agent_email}}` renders empty when no agent is assigned: no employee then.
    let employee_email = match fields.get("employeeEmail") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => match normalise_email(s) {
            Ok(e) => Some(e),
            Err(IdentifierError::Empty) => None,
            Err(e) => return Err(ApiError::bad_request(format!("`employeeEmail` is {e}"))),
        },
        Some(_) => return Err(ApiError::bad_request("`employeeEmail` must be a string")),
    };
    let token = new_token()?;
    let expires_at = now_unix() + state.token_ttl_secs;
    let (t, k, e) = (token.clone(), api_key.clone(), employee_email.clone());
    with_db(&state, move |c| queries::insert_token(c, &t, &k, e.as_deref(), expires_at)).await?;
    Ok(Json(json!({"token": token, "expiresAt": iso(expires_at), "echo": echo})))
}
