//! API-key endpoints around the card: IVR mappings, a customer answering a
//! survey (what the survey page does in nps.today), and ending tokens early
//! (the preview's "expire the token").

use super::auth::{api_key_from_basic, rate_limit};
use super::error::ApiError;
use super::{with_db, AppState};
use crate::clock::{now_iso, now_unix};
use crate::store::queries::{self, IvrMapping};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

fn json_body<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("invalid body: {e}")))
}

fn ivr_json(m: &IvrMapping) -> Value {
    json!({"queueId": m.queue_id, "name": m.name, "provider": m.provider, "campaignId": m.campaign_id, "dixaApiKeySet": !m.dixa_api_key.is_empty()})
}

/// `GET /ivr`
pub async fn list_ivr(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Value>, ApiError> {
    let key = api_key_from_basic(&state, &headers).await?;
    rate_limit(&state, &key)?;
    let list = with_db(&state, |c| queries::list_ivr(c)).await?;
    Ok(Json(json!({"items": list.iter().map(ivr_json).collect::<Vec<_>>()})))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IvrInput {
    pub name: String,
    #[serde(default = "dixa")]
    pub provider: String,
    pub campaign_id: i64,
    /// Creates or renames the campaign when given.
    #[serde(default)]
    pub campaign_name: Option<String>,
    #[serde(default)]
    pub dixa_api_key: String,
}

fn dixa() -> String {
    "Dixa".into()
}

/// Validates and stores one mapping (also used for the config file).
pub fn save_ivr(conn: &rusqlite::Connection, queue_id: &str, input: IvrInput) -> Result<IvrMapping, String> {
    if queue_id.trim().is_empty() || input.name.trim().is_empty() {
        return Err("`queueId` and `name` are required".into());
    }
    if !input.provider.eq_ignore_ascii_case("dixa") {
        return Err(format!("IVR provider {:?} is not supported; only Dixa", input.provider));
    }
    let db = |e: rusqlite::Error| format!("database error: {e}");
    if let Some(name) = input.campaign_name.as_deref().filter(|n| !n.trim().is_empty()) {
        queries::upsert_campaign(conn, input.campaign_id, name).map_err(db)?;
    } else if !queries::campaign_exists(conn, input.campaign_id).map_err(db)? {
        return Err(format!("campaign {} does not exist (give `campaignName` to create it)", input.campaign_id));
    }
    let m = IvrMapping {
        queue_id: queue_id.trim().into(),
        name: input.name.trim().into(),
        provider: "Dixa".into(),
        campaign_id: input.campaign_id,
        dixa_api_key: input.dixa_api_key,
    };
    queries::upsert_ivr(conn, &m).map_err(db)?;
    Ok(m)
}

/// `PUT /ivr/{queueId}`
pub async fn put_ivr(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(queue_id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let key = api_key_from_basic(&state, &headers).await?;
    rate_limit(&state, &key)?;
    let input: IvrInput = json_body(&body)?;
    let saved = with_db(&state, move |c| Ok(save_ivr(c, &queue_id, input))).await?.map_err(ApiError::bad_request)?;
    Ok(Json(ivr_json(&saved)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    pub rating: i64,
    #[serde(default)]
    pub comment: Option<String>,
}

/// `POST /surveys/{id}/answer`
pub async fn answer(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let key = api_key_from_basic(&state, &headers).await?;
    rate_limit(&state, &key)?;
    let id: i64 = id.parse().map_err(|_| ApiError::bad_request("survey id must be a number"))?;
    let input: AnswerInput = json_body(&body)?;
    let rating = u8::try_from(input.rating)
        .ok()
        .filter(|r| *r <= 10)
        .ok_or_else(|| ApiError::bad_request("`rating` must be 0 to 10"))?;
    let comment = input.comment.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    if comment.as_ref().is_some_and(|c| c.len() > 10_000) {
        return Err(ApiError::bad_request("`comment` is longer than 10,000 bytes"));
    }
    let now = now_iso();
    let found = with_db(&state, move |c| queries::answer_survey(c, id, rating, comment.as_deref(), &now)).await?;
    if !found {
        return Err(ApiError::not_found(format!("no survey {id}")));
    }
    Ok(Json(json!({"id": id.to_string(), "rating": rating})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultInput {
    pub kind: String,
    #[serde(default = "one")]
    pub times: usize,
}

fn one() -> usize {
    1
}

/// `POST /preview/faults` `{kind: rate_limit|server_error|unreadable|slow, times}`:
/// the next `times` Feedback App calls fail that way.
pub async fn add_faults(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    api_key_from_basic(&state, &headers).await?;
    let input: FaultInput = json_body(&body)?;
    let fault = super::faults::Fault::parse(&input.kind)
        .ok_or_else(|| ApiError::bad_request("`kind` must be rate_limit, server_error, unreadable or slow"))?;
    if !(1..=20).contains(&input.times) {
        return Err(ApiError::bad_request("`times` must be 1 to 20"));
    }
    state.faults.push(fault, input.times);
    Ok(Json(json!({"queued": input.times, "kind": input.kind})))
}

/// `POST /preview/expire-tokens`
pub async fn expire_tokens(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Value>, ApiError> {
    let key = api_key_from_basic(&state, &headers).await?;
    let now = now_unix();
    let n = with_db(&state, move |c| queries::expire_tokens(c, &key, now)).await?;
    Ok(Json(json!({"expired": n})))
}
