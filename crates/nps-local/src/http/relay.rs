//! `POST /api/dixa/relay`: Dixa's webhook → an nps.today campaign member.

use super::auth::api_key_from_relay_header;
use super::error::ApiError;
use super::{with_db, AppState};
use crate::clock::now_iso;
use crate::dixa::{self, ClosedConversation, Parsed, Refusal};
use crate::store::queries::{self, NewRespondent, NewResponse};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

pub async fn relay(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    api_key_from_relay_header(&state, &headers).await?;
    let closed = match dixa::parse(&body) {
        Err(Refusal::Malformed(message)) => return Err(ApiError::bad_request(message)),
        Err(Refusal::Unprocessable { code, message }) => {
            return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message))
        }
        Ok(Parsed::OtherEvent { event_id, event_type }) => {
            return Ok((
                StatusCode::OK,
                Json(
                    json!({"status": "ignored", "eventId": event_id, "reason": format!("event type {event_type} does not trigger a survey; only Closed does")}),
                ),
            ));
        }
        Ok(Parsed::Closed(c)) => c,
    };
    let outcome = with_db(&state, move |conn| create_member(conn, closed)).await?;
    Ok(outcome)
}

/// One transaction: either the event is recorded with its member, or nothing is.
fn create_member(
    conn: &mut rusqlite::Connection,
    c: ClosedConversation,
) -> rusqlite::Result<(StatusCode, Json<Value>)> {
    let tx = conn.transaction()?;
    let now = now_iso();
    // Webhooks are retried: the same event answers as it did the first time.
    if let Some((outcome, member)) = queries::find_relay_event(&tx, &c.event_id)? {
        return Ok((
            StatusCode::OK,
            Json(json!({"status": outcome, "eventId": c.event_id, "memberId": member, "duplicate": true})),
        ));
    }
    let ignore = |tx: rusqlite::Transaction, reason: String| -> rusqlite::Result<(StatusCode, Json<Value>)> {
        queries::record_relay_event(&tx, &c.event_id, "ignored", None, &now)?;
        tx.commit()?;
        Ok((
            StatusCode::OK,
            Json(json!({"status": "ignored", "eventId": c.event_id, "reason": reason, "duplicate": false})),
        ))
    };
    let Some(queue_id) = c.queue_id.clone() else {
        return ignore(tx, "the conversation has no queue, and IVR maps a queue to the campaign to survey".into());
    };
    let Some(mapping) = queries::find_ivr(&tx, &queue_id)? else {
        return ignore(tx, format!("queue {queue_id} is not mapped to a campaign (set up IVR for it)"));
    };
    let respondent_id = queries::find_or_create_respondent(
        &tx,
        &NewRespondent {
            email: c.requester.email.clone(),
            phone: c.requester.phone.clone(),
            first_name: c.requester.name.clone(),
            last_name: None,
            external_id: c.requester.id.clone(),
        },
    )?;
    let employee_email = c.assignee.email.clone().unwrap_or_default();
    queries::upsert_employee(&tx, &employee_email, c.assignee.name.as_deref(), None, c.assignee.phone.as_deref())?;
    let member_id = queries::insert_response(
        &tx,
        &NewResponse {
            campaign_id: Some(mapping.campaign_id),
            respondent_id,
            employee_email: Some(employee_email),
            survey_send_time: now.clone(),
            agent_rating: c.p_gap,
            channel: c.channel.clone(),
            external_id: Some(c.csid.clone()),
            custom_json: json!({"dixaConversationId": c.csid}).to_string(),
            ..Default::default()
        },
    )?;
    queries::record_relay_event(&tx, &c.event_id, "created", Some(member_id), &now)?;
    tx.commit()?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({"status": "created", "eventId": c.event_id, "memberId": member_id, "campaignId": mapping.campaign_id, "ivr": mapping.name, "agentRating": c.p_gap, "duplicate": false}),
        ),
    ))
}
