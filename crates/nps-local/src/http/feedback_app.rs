//! The endpoints the Feedback App calls with its token.

use super::auth::BearerToken;
use super::error::ApiError;
use super::{with_db, AppState};
use crate::store::queries::{self, Owner};
use axum::extract::{RawQuery, State};
use axum::Json;
use feedback_core::model::{
    Employee, EmployeePage, RespondentResponsesPage, ResponseFilter, Summary, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE,
};
use feedback_core::normalise::{normalise_email, normalise_phone};
use feedback_core::pgap::PgapSummary;

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
    fn filter(&self) -> Result<ResponseFilter, ApiError> {
        ResponseFilter::parse(self.get("filter").unwrap_or(""))
            .ok_or_else(|| ApiError::bad_request("`filter` must be `all`, `detractors` or `commented`"))
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
) -> Result<Json<RespondentResponsesPage>, ApiError> {
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
        let summary = summary_of(&queries::rating_rows(c, &owner)?);
        Ok(RespondentResponsesPage {
            respondents: matched.into_iter().map(|m| m.respondent).collect(),
            summary,
            items,
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
) -> Result<Json<EmployeePage>, ApiError> {
    let company = token.company_id;
    let params = Params::parse(raw)?;
    let (page, page_size) = params.paging()?;
    let filter = params.filter()?;
    let Some(email) = token.employee_email else {
        // Token issued without an employeeEmail: the Personal Page stays empty.
        return Ok(Json(EmployeePage { page, page_size, ..EmployeePage::default() }));
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
        Ok(EmployeePage { employee: Some(employee), summary: summary_of(&rows), pgap, items, page, page_size, total })
    })
    .await?;
    Ok(Json(body))
}
