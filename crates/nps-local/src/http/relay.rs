//! `POST /api/dixa/relay`: Dixa's webhook → an nps.today campaign member.
//!
//! The relay answers once the member (and, when the body has no `p_gap`,
//! its pending P-GAP read) is committed, and never waits on Dixa's API:
//! `pgap_reader` reads P-GAP in the background, within Dixa's budget.

use super::auth::RelayKey;
use super::error::ApiError;
use super::extract::ApiBody;
use super::{with_db, AppState};
use crate::clock::{now_iso, now_unix};
use crate::dixa::{self, ClosedConversation, Parsed, Refusal};
use crate::dixa_signature;
use crate::store::pending_pgap::{self, PendingRead};
use crate::store::queries::{self, MemberContact, NewRespondent, NewResponse};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
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
    /// Present (possibly null) on a created member.
    #[serde(skip_serializing_if = "Option::is_none")]
    agent_rating: Option<Option<u8>>,
    /// Where the agent rating comes from: `from_webhook`, `pending` (read
    /// from Dixa's API in the background) or `not_read`.
    #[serde(skip_serializing_if = "Option::is_none")]
    p_gap: Option<&'static str>,
    /// Why P-GAP was not read (`not_read`).
    #[serde(skip_serializing_if = "Option::is_none")]
    p_gap_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    respondent_id: Option<i64>,
    /// The contact data the survey goes to: this conversation's.
    #[serde(skip_serializing_if = "Option::is_none")]
    sent_to: Option<SentTo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate: Option<bool>,
}

#[derive(Serialize)]
pub struct SentTo {
    email: Option<String>,
    phone: Option<String>,
    name: Option<String>,
}

pub async fn relay(
    State(state): State<AppState>,
    caller: RelayKey,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<(StatusCode, Json<RelayAnswer>), ApiError> {
    check_signature(&state, &caller, &headers, &body).await?;
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
    let (status, answer, p_gap_read) = state
        .relay_writes
        .run(move |conn| create_member(conn, caller.company, closed))
        .await
        .map_err(|e| ApiError::internal(format!("relay write: {e:?}")))?;
    if let Some((read, dixa_api_key)) = p_gap_read {
        state.pgap.enqueue(read, &dixa_api_key);
    }
    Ok((status, Json(answer)))
}

/// The answer, and the P-GAP read to queue (with the Dixa API key it spends from).
/// With a webhook secret stored, the company's webhooks must carry Dixa's
/// signature over this very body; a failure counts as a failed login.
async fn check_signature(
    state: &AppState,
    caller: &RelayKey,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), ApiError> {
    let company = caller.company;
    let Some(secret) = with_db(state, move |c| queries::webhook_secret(c, company)).await? else {
        return Ok(());
    };
    let header = headers.get("x-dixa-signature").and_then(|v| v.to_str().ok());
    match dixa_signature::verify(&secret, header, body, now_unix()) {
        Ok(()) => Ok(()),
        Err(e) => {
            state
                .auth_throttle
                .failed(caller.client, header)
                .map_err(|retry_after_secs| ApiError::TooManyFailedLogins { retry_after_secs })?;
            Err(ApiError::BadSignature(e.to_string()))
        }
    }
}

type Decided = (StatusCode, RelayAnswer, Option<(PendingRead, String)>);

/// One savepoint of a group commit (`store::group_commit`): either the event
/// is recorded with its member (and its pending P-GAP read, if Dixa's API is
/// to be asked), or nothing is; answered once the group is committed.
/// The queue is looked up among the calling company's IVR mappings only.
fn create_member(tx: &rusqlite::Connection, company: i64, c: ClosedConversation) -> rusqlite::Result<Decided> {
    let now = now_iso();
    // Webhooks are retried: an event that created a member answers as it did
    // the first time. An ignored one is judged afresh (its queue may have
    // been mapped since).
    if let Some((outcome, member)) =
        queries::find_relay_event(tx, company, &c.event_id)?.filter(|(outcome, _)| outcome == "created")
    {
        let answer = RelayAnswer {
            status: outcome,
            event_id: c.event_id,
            member_id: member,
            duplicate: Some(true),
            ..Default::default()
        };
        return Ok((StatusCode::OK, answer, None));
    }
    let ignore = |tx: &rusqlite::Connection, reason: String| -> rusqlite::Result<Decided> {
        queries::record_relay_event(tx, company, &c.event_id, "ignored", None, &now)?;
        let answer = RelayAnswer {
            status: "ignored".into(),
            event_id: c.event_id.clone(),
            reason: Some(reason),
            duplicate: Some(false),
            ..Default::default()
        };
        Ok((StatusCode::OK, answer, None))
    };
    let Some(queue_id) = c.queue_id.clone() else {
        return ignore(tx, "the conversation has no queue, and IVR maps a queue to the campaign to survey".into());
    };
    let Some(mapping) = queries::find_ivr(tx, company, &queue_id)? else {
        return ignore(tx, format!("queue {queue_id} is not mapped to a campaign (set up IVR for it)"));
    };
    let respondent_id = queries::find_or_create_respondent(
        tx,
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
        tx,
        company,
        &employee_email,
        c.assignee.name.as_deref(),
        None,
        c.assignee.phone.as_deref(),
    )?;
    let member_id = queries::insert_response(
        tx,
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
    // The survey goes to this conversation's contact data, whatever the
    // respondent's record says later.
    let contact = MemberContact {
        email: c.requester.email.clone(),
        phone: c.requester.phone.clone(),
        name: c.requester.name.clone(),
    };
    queries::set_member_contact(tx, member_id, &contact)?;
    let (p_gap, p_gap_reason, p_gap_read) = match (c.p_gap, mapping.dixa_api_key.is_empty()) {
        (Some(_), _) => ("from_webhook", None, None),
        (None, true) => ("not_read", Some("the queue's IVR has no Dixa API key to read P-GAP with".to_owned()), None),
        (None, false) => {
            let read = PendingRead {
                member_id,
                company,
                queue_id: queue_id.clone(),
                csid: c.csid.clone(),
                attempts: 0,
                created_unix: now_unix(),
            };
            pending_pgap::insert(tx, &read, &now)?;
            ("pending", None, Some((read, mapping.dixa_api_key.clone())))
        }
    };
    queries::record_relay_event(tx, company, &c.event_id, "created", Some(member_id), &now)?;
    let answer = RelayAnswer {
        status: "created".into(),
        event_id: c.event_id,
        member_id: Some(member_id),
        campaign_id: Some(mapping.campaign_id),
        ivr: Some(mapping.name),
        agent_rating: Some(c.p_gap),
        p_gap: Some(p_gap),
        p_gap_reason,
        respondent_id: Some(respondent_id),
        sent_to: Some(SentTo { email: contact.email, phone: contact.phone, name: contact.name }),
        duplicate: Some(false),
        ..Default::default()
    };
    Ok((StatusCode::CREATED, answer, p_gap_read))
}
