//! API-key endpoints around the card: IVR mappings, a customer answering a
//! survey (what the survey page does in nps.today), and the preview's
//! controls (end tokens early, queue faults, read the follow-up log).
//! Everything is the calling key's company's alone.

use super::auth::ApiKey;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath};
use super::{with_db, AppState};
use crate::clock::{now_iso, now_unix};
use crate::ivr::{self, IvrInput};
use crate::store::follow_up::{self, LoggedEvent};
use crate::store::queries::{self, IvrMapping};
use axum::extract::{RawQuery, State};
use axum::Json;
use serde::{Deserialize, Serialize};

/// One IVR mapping as answered (the Dixa API key itself never leaves).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IvrAnswer {
    queue_id: String,
    name: String,
    provider: String,
    campaign_id: i64,
    dixa_api_key_set: bool,
}

impl From<IvrMapping> for IvrAnswer {
    fn from(m: IvrMapping) -> Self {
        IvrAnswer {
            dixa_api_key_set: !m.dixa_api_key.is_empty(),
            queue_id: m.queue_id,
            name: m.name,
            provider: m.provider,
            campaign_id: m.campaign_id,
        }
    }
}

#[derive(Serialize)]
pub struct IvrList {
    items: Vec<IvrAnswer>,
}

/// `GET /ivr`
pub async fn list_ivr(State(state): State<AppState>, caller: ApiKey) -> Result<Json<IvrList>, ApiError> {
    let list = with_db(&state, move |c| queries::list_ivr(c, caller.company)).await?;
    Ok(Json(IvrList { items: list.into_iter().map(IvrAnswer::from).collect() }))
}

/// `PUT /ivr/{queueId}`
pub async fn put_ivr(
    State(state): State<AppState>,
    caller: ApiKey,
    ApiPath(queue_id): ApiPath<String>,
    ApiJson(input): ApiJson<IvrInput>,
) -> Result<Json<IvrAnswer>, ApiError> {
    let saved = with_db(&state, move |c| Ok(ivr::save_ivr(c, caller.company, &queue_id, input))).await??;
    Ok(Json(saved.into()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    pub rating: i64,
    #[serde(default)]
    pub comment: Option<String>,
}

#[derive(Serialize)]
pub struct Answered {
    id: String,
    rating: u8,
}

/// `POST /surveys/{id}/answer`
pub async fn answer(
    State(state): State<AppState>,
    caller: ApiKey,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> Result<Json<Answered>, ApiError> {
    let id: i64 = id.parse().map_err(|_| ApiError::bad_request("survey id must be a number"))?;
    let rating = u8::try_from(input.rating)
        .ok()
        .filter(|r| *r <= 10)
        .ok_or_else(|| ApiError::bad_request("`rating` must be 0 to 10"))?;
    let comment = input.comment.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    if comment.as_ref().is_some_and(|c| c.len() > 10_000) {
        return Err(ApiError::bad_request("`comment` is longer than 10,000 bytes"));
    }
    let now = now_iso();
    let found =
        with_db(&state, move |c| queries::answer_survey(c, caller.company, id, rating, comment.as_deref(), &now))
            .await?;
    if !found {
        return Err(ApiError::not_found(format!("no survey {id}")));
    }
    Ok(Json(Answered { id: id.to_string(), rating }))
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

#[derive(Serialize)]
pub struct FaultsQueued {
    queued: usize,
    kind: String,
    pending: usize,
}

/// `POST /preview/faults` `{kind: rate_limit|server_error|unreadable|slow, times}`:
/// the company's next `times` Feedback App calls fail that way.
pub async fn add_faults(
    State(state): State<AppState>,
    caller: ApiKey,
    ApiJson(input): ApiJson<FaultInput>,
) -> Result<Json<FaultsQueued>, ApiError> {
    use super::faults::{Fault, MAX_PENDING};
    let fault = Fault::parse(&input.kind)
        .ok_or_else(|| ApiError::bad_request("`kind` must be rate_limit, server_error, unreadable or slow"))?;
    if !(1..=MAX_PENDING).contains(&input.times) {
        return Err(ApiError::bad_request(format!("`times` must be 1 to {MAX_PENDING}")));
    }
    let pending = state.faults.push(caller.company, fault, input.times).map_err(|pending| {
        ApiError::bad_request(format!(
            "at most {MAX_PENDING} faults can wait; {pending} are waiting, so {} more cannot be added",
            input.times
        ))
    })?;
    Ok(Json(FaultsQueued { queued: input.times, kind: input.kind, pending }))
}

#[derive(Serialize)]
pub struct Expired {
    expired: usize,
}

/// The preview host page's read of the follow-up log.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AfterQuery {
    after: Option<String>,
}

#[derive(Serialize)]
pub struct FollowUpLog {
    events: Vec<LoggedEvent>,
}

/// The most events one read answers.
const FOLLOW_UP_LOG_PAGE: u32 = 50;

/// `GET /preview/follow-up-events?after=`: the company's follow-up events
/// after event `after` (default: from the first), oldest first, at most 50.
/// The preview's host page follows it to log what agents do from the card.
pub async fn follow_up_events(
    State(state): State<AppState>,
    caller: ApiKey,
    RawQuery(raw): RawQuery,
) -> Result<Json<FollowUpLog>, ApiError> {
    let q: AfterQuery = serde_urlencoded::from_str(raw.as_deref().unwrap_or(""))
        .map_err(|_| ApiError::bad_request("the query takes `after` only"))?;
    let after = match q.after.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        None => 0,
        Some(a) => a
            .parse::<i64>()
            .ok()
            .filter(|a| *a >= 0)
            .ok_or_else(|| ApiError::bad_request("`after` must be an event id (a whole number, 0 or more)"))?,
    };
    let company = caller.company;
    let events = with_db(&state, move |c| follow_up::events_after(c, company, after, FOLLOW_UP_LOG_PAGE)).await?;
    Ok(Json(FollowUpLog { events }))
}

/// `POST /preview/expire-tokens`
pub async fn expire_tokens(State(state): State<AppState>, caller: ApiKey) -> Result<Json<Expired>, ApiError> {
    let now = now_unix();
    let expired = with_db(&state, move |c| queries::expire_tokens(c, caller.company, now)).await?;
    Ok(Json(Expired { expired }))
}
