//! `POST /api/dixa/relay`: Dixa's webhook → an nps.today campaign member.

use super::auth::RelayKey;
use super::error::ApiError;
use super::extract::ApiBody;
use super::{with_db, AppState};
use crate::clock::now_iso;
use crate::dixa::{self, ClosedConversation, Parsed, Refusal};
use crate::store::queries::{self, NewRespondent, NewResponse};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

/// What the relay answers Dixa (and the preview).
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RelayAnswer {
    status: String,
    event_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    member_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    campaign_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ivr: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agent_rating: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate: Option<bool>,
}

pub async fn relay(
    State(state): State<AppState>,
    caller: RelayKey,
    ApiBody(body): ApiBody,
) -> Result<(StatusCode, Json<RelayAnswer>), ApiError> {
    let closed = match dixa::parse(&body) {
        Err(Refusal::Malformed(message)) => return Err(ApiError::bad_request(message)),
        Err(Refusal::Unprocessable { code, message }) => return Err(ApiError::Unprocessable { code, message }),
        Ok(Parsed::OtherEvent { event_id, event_type }) => {
            return Ok((
                StatusCode::OK,
                Json(RelayAnswer {
                    status: "ignored".into(),
                    event_id,
                    reason: Some(format!("event type {event_type} does not trigger a survey; only Closed does")),
                    ..Default::default()
                }),
            ));
        }
        Ok(Parsed::Closed(c)) => c,
    };
    let outcome = with_db(&state, move |conn| create_member(conn, caller.company, closed)).await?;
    Ok(outcome)
}

/// One transaction: either the event is recorded with its member, or nothing is.
/// The queue is looked up among the calling company's IVR mappings only.
fn create_member(
    conn: &mut rusqlite::Connection,
    company: i64,
    c: ClosedConversation,
) -> rusqlite::Result<(StatusCode, Json<RelayAnswer>)> {
    let tx = conn.transaction()?;
    let now = now_iso();
    // Webhooks are retried: the same event answers as it did the first time.
    if let Some((outcome, member)) = queries::find_relay_event(&tx, company, &c.event_id)? {
        return Ok((
            StatusCode::OK,
            Json(RelayAnswer {
                status: outcome,
                event_id: c.event_id,
                member_id: member,
                duplicate: Some(true),
                ..Default::default()
            }),
        ));
    }
    let ignore = |tx: rusqlite::Transaction, reason: String| -> rusqlite::Result<(StatusCode, Json<RelayAnswer>)> {
        queries::record_relay_event(&tx, company, &c.event_id, "ignored", None, &now)?;
        tx.commit()?;
        Ok((
            StatusCode::OK,
            Json(RelayAnswer {
                status: "ignored".into(),
                event_id: c.event_id.clone(),
                reason: Some(reason),
                duplicate: Some(false),
                ..Default::default()
            }),
        ))
    };
    let Some(queue_id) = c.queue_id.clone() else {
        return ignore(tx, "the conversation has no queue, and IVR maps a queue to the campaign to survey".into());
    };
    let Some(mapping) = queries::find_ivr(&tx, company, &queue_id)? else {
        return ignore(tx, format!("queue {queue_id} is not mapped to a campaign (set up IVR for it)"));
    };
    let respondent_id = queries::find_or_create_respondent(
        &tx,
        company,
        &NewRespondent {
            email: c.requester.email.clone(),
            phone: c.requester.phone.clone(),
            first_name: c.requester.name.clone(),
            last_name: None,
            external_id: c.requester.id.clone(),
        },
    )?;
    let employee_email = c.assignee.email.clone().unwrap_or_default();
    queries::upsert_employee(
        &tx,
        company,
        &employee_email,
        c.assignee.name.as_deref(),
        None,
        c.assignee.phone.as_deref(),
    )?;
    let member_id = queries::insert_response(
        &tx,
        &NewResponse {
            company_id: company,
            campaign_id: Some(mapping.campaign_id),
            respondent_id,
            employee_email: Some(employee_email),
            survey_send_time: now.clone(),
            agent_rating: c.p_gap,
            channel: c.channel.clone(),
            external_id: Some(c.csid.clone()),
            custom_json: serde_json::json!({"dixaConversationId": c.csid}).to_string(),
            ..Default::default()
        },
    )?;
    queries::record_relay_event(&tx, company, &c.event_id, "created", Some(member_id), &now)?;
    tx.commit()?;
    Ok((
        StatusCode::CREATED,
        Json(RelayAnswer {
            status: "created".into(),
            event_id: c.event_id,
            member_id: Some(member_id),
            campaign_id: Some(mapping.campaign_id),
            ivr: Some(mapping.name),
            agent_rating: c.p_gap,
            duplicate: Some(false),
            ..Default::default()
        }),
    ))
}
