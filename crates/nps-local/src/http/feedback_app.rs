//! The endpoints the Feedback App calls with its token.

use super::auth::BearerToken;
use super::error::ApiError;
use super::{with_db, AppState};
use crate::clock::now_unix;
use crate::store::follow_up::{self, FollowUp, Subject, PERSONAL_WINDOW_SECS};
use crate::store::queries::{self, ListFilter, Owner};
use axum::extract::{RawQuery, State};
use axum::Json;
use feedback_core::model::{Employee, Respondent, Summary, SurveyResponse, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use feedback_core::normalise::{normalise_email, normalise_phone};
use feedback_core::pgap::PgapSummary;
use rusqlite::Connection;
use serde::Serialize;

/// A response item with its follow-up (absent when it has none).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    #[serde(flatten)]
    response: SurveyResponse,
    #[serde(skip_serializing_if = "Option::is_none")]
    follow_up: Option<FollowUp>,
}

/// The NPS summary and how many of its responses wait for a follow-up.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SummaryBody {
    #[serde(flatten)]
    summary: Summary,
    /// Responses whose follow-up is `open` (by rule or stored).
    waiting_for_follow_up: u64,
}

/// `GET /feedback-app/respondent-responses` body.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RespondentResponsesBody {
    respondents: Vec<Respondent>,
    summary: SummaryBody,
    items: Vec<Item>,
    page: u32,
    page_size: u32,
    total: u64,
}

/// The Personal Page's follow-ups: the employee's open and in-progress
/// ones, and the share of its recent detractors followed up within 48 h.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PersonalFollowUps {
    open: u64,
    in_progress: u64,
    within48h: Option<f64>,
}

/// `GET /feedback-app/employee` body: the Personal Page.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct EmployeeBody {
    employee: Option<Employee>,
    summary: SummaryBody,
    pgap: PgapSummary,
    follow_ups: PersonalFollowUps,
    items: Vec<Item>,
    page: u32,
    page_size: u32,
    total: u64,
}

/// The page's responses, each with its follow-up.
fn with_follow_ups(c: &Connection, company: i64, items: Vec<SurveyResponse>) -> rusqlite::Result<Vec<Item>> {
    let subjects: Vec<Subject> = items
        .iter()
        .filter_map(|r| {
            Some(Subject { id: r.id.as_deref()?.parse().ok()?, rating: r.rating, rating_time: r.rating_time.clone() })
        })
        .collect();
    let mut follow_ups = follow_up::follow_ups(c, company, &subjects)?;
    Ok(items
        .into_iter()
        .map(|response| {
            let follow_up = response.id.as_deref().and_then(|id| id.parse().ok()).and_then(|id| follow_ups.remove(&id));
            Item { response, follow_up }
        })
        .collect())
}

/// The follow-ups waiting among the owner's responses.
fn waiting(c: &Connection, owner: &Owner) -> rusqlite::Result<follow_up::Waiting> {
    if matches!(owner, Owner::Respondents(ids) if ids.is_empty()) {
        return Ok(follow_up::Waiting::default());
    }
    let (clause, values) = owner.clause();
    follow_up::waiting(c, &clause, &values)
}

/// The query string as (name, value) pairs; a repeated name keeps the last.
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<String>) -> Result<Params, ApiError> {
        let raw = raw.unwrap_or_default();
        serde_urlencoded::from_str::<Vec<(String, String)>>(&raw)
            .map(Params)
            .map_err(|_| ApiError::bad_request("the query string is not valid"))
    }
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }
    fn number(&self, name: &str, default: u32, max: u32) -> Result<u32, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| ApiError::bad_request(format!("`{name}` must be a whole number from 1 to {max}"))),
        }
    }
    fn filter(&self) -> Result<ListFilter, ApiError> {
        ListFilter::parse(self.get("filter").unwrap_or(""))
            .ok_or_else(|| ApiError::bad_request("`filter` must be `all`, `detractors`, `commented` or `waiting`"))
    }
    fn paging(&self) -> Result<(u32, u32), ApiError> {
        if self.get("token").is_some() {
            return Err(ApiError::bad_request("send the token as `Authorization: Bearer <token>`, never in the URL"));
        }
        Ok((self.number("page", 1, 1_000_000)?, self.number("pageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)?))
    }
}

fn summary_of(rows: &[(Option<u8>, Option<u8>, Option<String>)]) -> Summary {
    Summary::of_ratings(rows.iter().filter_map(|r| Some((r.0?, r.2.clone()))))
}

/// `GET /feedback-app/respondent-responses?email=&phone=&page=&pageSize=`
pub async fn respondent_responses(
    State(state): State<AppState>,
    BearerToken(token): BearerToken,
    RawQuery(raw): RawQuery,
) -> Result<Json<RespondentResponsesBody>, ApiError> {
    let company = token.company_id;
    let params = Params::parse(raw)?;
    let (page, page_size) = params.paging()?;
    let filter = params.filter()?;
    let email = params
        .get("email")
        .map(|e| normalise_email(e).map_err(|err| ApiError::bad_request(format!("`email` is {err}"))))
        .transpose()?;
    let phone = params
        .get("phone")
        .map(|p| {
            normalise_phone(p)
                .map_err(|err| ApiError::bad_request(format!("`phone` is {err} (E.164 expected, e.g. +4512345678)")))
        })
        .transpose()?;
    if email.is_none() && phone.is_none() {
        return Err(ApiError::bad_request("`email` or `phone` is required"));
    }
    let body = with_db(&state, move |c| {
        let matched = queries::find_respondents(c, company, email.as_deref(), phone.as_deref())?;
        let ids: Vec<i64> = matched.iter().map(|m| m.row_id).collect();
        let owner = Owner::Respondents(&ids);
        let (items, total) = queries::responses_page(c, &owner, filter, page, page_size)?;
        let summary = SummaryBody {
            summary: summary_of(&queries::rating_rows(c, &owner)?),
            waiting_for_follow_up: waiting(c, &owner)?.open_detractors,
        };
        Ok(RespondentResponsesBody {
            respondents: matched.into_iter().map(|m| m.respondent).collect(),
            summary,
            items: with_follow_ups(c, company, items)?,
            page,
            page_size,
            total,
        })
    })
    .await?;
    Ok(Json(body))
}

/// `GET /feedback-app/employee?page=&pageSize=`: the token's employee.
pub async fn employee(
    State(state): State<AppState>,
    BearerToken(token): BearerToken,
    RawQuery(raw): RawQuery,
) -> Result<Json<EmployeeBody>, ApiError> {
    let company = token.company_id;
    let params = Params::parse(raw)?;
    let (page, page_size) = params.paging()?;
    let filter = params.filter()?;
    let Some(email) = token.employee_email else {
        // Token issued without an employeeEmail: the Personal Page stays empty.
        return Ok(Json(EmployeeBody { page, page_size, ..EmployeeBody::default() }));
    };
    let body = with_db(&state, move |c| {
        let employee = queries::find_employee(c, company, &email)?.unwrap_or(Employee {
            email: Some(email.clone()),
            first_name: None,
            last_name: None,
        });
        let owner = Owner::Employee { company, email: &email };
        let (items, total) = queries::responses_page(c, &owner, filter, page, page_size)?;
        let rows = queries::rating_rows(c, &owner)?;
        let pgap = PgapSummary::from_pairs(rows.iter().map(|r| (r.1, r.0)));
        let waiting = waiting(c, &owner)?;
        let now = now_unix();
        let recent = follow_up::detractor_delays(c, company, now - PERSONAL_WINDOW_SECS, now + 1, Some(&email))?;
        let follow_ups = PersonalFollowUps {
            open: waiting.open,
            in_progress: waiting.in_progress,
            within48h: follow_up::Timeliness::of(&recent).within48h,
        };
        Ok(EmployeeBody {
            employee: Some(employee),
            summary: SummaryBody { summary: summary_of(&rows), waiting_for_follow_up: waiting.open_detractors },
            pgap,
            follow_ups,
            items: with_follow_ups(c, company, items)?,
            page,
            page_size,
            total,
        })
    })
    .await?;
    Ok(Json(body))
}
