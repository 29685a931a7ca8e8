//! Follow-ups of responses: the card's `POST`/`GET
//! /feedback-app/responses/{id}/follow-up` (author: the token's employee)
//! and the admin's `GET /follow-ups/summary` (API key).

use super::auth::{ApiKey, BearerToken};
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath};
use super::{with_db, AppState};
use crate::clock::{iso, now_unix, parse_iso};
use crate::store::follow_up::{self, Change, Event, FollowUp, Idempotency, Outcome, Status, Timeliness};
use crate::store::queries;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::Json;
use feedback_core::model::Employee;
use serde::{Deserialize, Serialize};

/// The header that makes a repeated change one change.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
const MAX_IDEMPOTENCY_KEY: usize = 100;
/// The admin summary's period when none is given.
const DEFAULT_PERIOD_SECS: i64 = 30 * 86_400;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeInput {
    seen: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Changed {
    follow_up: FollowUp,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct History {
    follow_up: Option<FollowUp>,
    events: Vec<Event>,
}

fn response_id(id: &str) -> Result<i64, ApiError> {
    id.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ApiError::bad_request("the response id must be a positive whole number"))
}

/// Checks the body: every refusal happens before anything is stored.
fn change_of(input: ChangeInput) -> Result<Change, ApiError> {
    let seen = match input.seen.as_str() {
        "none" => None,
        s => Some(
            Status::parse(s)
                .ok_or_else(|| ApiError::bad_request("`seen` must be `open`, `in_progress`, `closed` or `none`"))?,
        ),
    };
    let status = input
        .status
        .map(|s| {
            Status::parse(&s).ok_or_else(|| ApiError::bad_request("`status` must be `open`, `in_progress` or `closed`"))
        })
        .transpose()?;
    let note = input.note.as_deref().map(str::trim).unwrap_or("").to_owned();
    let chars = note.chars().count();
    if chars > follow_up::MAX_NOTE_CHARS {
        return Err(ApiError::bad_request(format!(
            "`note` is {chars} characters; at most {} are kept",
            follow_up::MAX_NOTE_CHARS
        )));
    }
    if status == Some(Status::Closed) && note.is_empty() {
        return Err(ApiError::bad_request("closing a follow-up needs a `note` saying what was done"));
    }
    if status.is_none() && note.is_empty() {
        return Err(ApiError::bad_request("send a `status`, a `note` or both"));
    }
    Ok(Change { seen, status, note })
}

/// The `Idempotency-Key` header: 1–100 visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else { return Ok(None) };
    let bytes = value.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_IDEMPOTENCY_KEY || !bytes.iter().all(|b| (0x21..=0x7e).contains(b)) {
        return Err(ApiError::bad_request("`Idempotency-Key` must be 1 to 100 visible ASCII characters"));
    }
    Ok(Some(String::from_utf8_lossy(bytes).into_owned()))
}

/// `POST /feedback-app/responses/{id}/follow-up`
pub async fn change(
    State(state): State<AppState>,
    BearerToken(token): BearerToken,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ChangeInput>,
) -> Result<Json<Changed>, ApiError> {
    let id = response_id(&id)?;
    let Some(author) = token.employee_email.clone() else {
        return Err(ApiError::Forbidden {
            code: "no_employee",
            message: "this token names no employee, and a follow-up is always saved under one".into(),
        });
    };
    let change = change_of(input)?;
    let key = idempotency_key(&headers)?;
    let company = token.company_id;
    let outcome = with_db(&state, move |c| {
        let now = now_unix();
        let idempotency = key.as_deref().map(|key| Idempotency { key, now_unix: now });
        follow_up::apply(c, company, id, &author, &change, idempotency, now)
    })
    .await?;
    match outcome {
        Outcome::Done(follow_up) => Ok(Json(Changed { follow_up })),
        Outcome::NoSuchResponse => Err(ApiError::not_found(format!("no response {id}"))),
        Outcome::Conflict { message, current } => Err(ApiError::FollowUpConflict {
            message,
            current: serde_json::to_value(current).unwrap_or(serde_json::Value::Null),
        }),
    }
}

/// `GET /feedback-app/responses/{id}/follow-up`: the events, oldest first.
pub async fn history(
    State(state): State<AppState>,
    BearerToken(token): BearerToken,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<History>, ApiError> {
    let id = response_id(&id)?;
    let company = token.company_id;
    let found = with_db(&state, move |c| {
        let Some(subject) = follow_up::subject(c, company, id)? else { return Ok(None) };
        follow_up::history(c, company, &subject).map(Some)
    })
    .await?;
    let (follow_up, events) = found.ok_or_else(|| ApiError::not_found(format!("no response {id}")))?;
    Ok(Json(History { follow_up, events }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmployeeTimeliness {
    #[serde(flatten)]
    employee: Employee,
    #[serde(flatten)]
    figures: Timeliness,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpSummary {
    from: String,
    to: String,
    #[serde(flatten)]
    figures: Timeliness,
    employees: Vec<EmployeeTimeliness>,
}

/// The period `[from, to)`: a date alone as `to` includes that whole day.
fn period(raw: Option<String>, now: i64) -> Result<(i64, i64), ApiError> {
    let q: PeriodQuery = serde_urlencoded::from_str(raw.as_deref().unwrap_or(""))
        .map_err(|_| ApiError::bad_request("the query takes `from` and `to` only"))?;
    let bound = |name: &str, v: Option<String>| -> Result<Option<(i64, bool)>, ApiError> {
        v.filter(|v| !v.trim().is_empty())
            .map(|v| {
                parse_iso(&v).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "`{name}` must be a date (2026-11-20) or a UTC date-time (2026-11-20T09:00:00Z)"
                    ))
                })
            })
            .transpose()
    };
    let to = match bound("to", q.to)? {
        Some((t, true)) => t + 86_400,
        Some((t, false)) => t,
        None => now,
    };
    let from = bound("from", q.from)?.map_or(to - DEFAULT_PERIOD_SECS, |(f, _)| f);
    if from >= to {
        return Err(ApiError::bad_request("`from` must be before `to`"));
    }
    Ok((from, to))
}

/// `GET /follow-ups/summary?from=&to=`: how soon detractors rated in the
/// period were followed up, overall and per employee.
pub async fn summary(
    State(state): State<AppState>,
    caller: ApiKey,
    RawQuery(raw): RawQuery,
) -> Result<Json<FollowUpSummary>, ApiError> {
    let (from, to) = period(raw, now_unix())?;
    let company = caller.company;
    let body = with_db(&state, move |c| {
        let delays = follow_up::detractor_delays(c, company, from, to, None)?;
        let mut emails: Vec<&str> = delays.iter().filter_map(|d| d.employee_email.as_deref()).collect();
        emails.sort_unstable();
        emails.dedup();
        let mut employees = Vec::new();
        for email in emails {
            let employee = queries::find_employee(c, company, email)?.unwrap_or(Employee {
                email: Some(email.to_owned()),
                first_name: None,
                last_name: None,
            });
            let figures = Timeliness::of(delays.iter().filter(|d| d.employee_email.as_deref() == Some(email)));
            employees.push(EmployeeTimeliness { employee, figures });
        }
        Ok(FollowUpSummary { from: iso(from), to: iso(to), figures: Timeliness::of(&delays), employees })
    })
    .await?;
    Ok(Json(body))
}
