//! `POST /employees/token`: the Dixa custom card's hook.

use super::auth::ApiKey;
use super::error::ApiError;
use super::extract::ApiBody;
use super::{with_db, AppState};
use crate::clock::{iso, now_unix};
use crate::store::queries;
use axum::extract::State;
use axum::Json;
use feedback_core::normalise::{normalise_email, IdentifierError};
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedToken {
    token: String,
    expires_at: String,
    /// The request's fields, for the card template (`{{ echo.customer_email }}`).
    echo: Map<String, Value>,
}

fn new_token() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::internal(format!("no randomness available: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

pub async fn issue_token(
    State(state): State<AppState>,
    caller: ApiKey,
    ApiBody(body): ApiBody,
) -> Result<Json<IssuedToken>, ApiError> {
    // Dixa may send no body at all (no fields configured in the hook).
    let echo: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Map::new())
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(format!("body is not valid JSON: {e}")))?
    };
    let Value::Object(fields) = echo else {
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
    // Saturating: a lifetime set through the library (not the flag, which is
    // checked) cannot overflow the expiry.
    let expires_at = now_unix().saturating_add(state.token_ttl_secs);
    let t = token.clone();
    with_db(&state, move |c| queries::insert_token(c, &t, &caller.key, employee_email.as_deref(), expires_at)).await?;
    Ok(Json(IssuedToken { token, expires_at: iso(expires_at), echo: fields }))
}
