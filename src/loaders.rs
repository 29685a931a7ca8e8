//! What the card fetches, keyed by the parameters it was fetched for.
//!
//! Every result carries its [`LookupKey`]; the views show a result only
//! while its key is still current, so a late answer for the previous
//! conversation can never appear.

use crate::api::retry::{with_retries, RetryNotice};
use crate::api::{ApiClient, InFlight};
use feedback_core::api_error::ApiError;
use feedback_core::model::{EmployeePage, RespondentResponsesPage, ResponseFilter};
use feedback_core::protocol::{RespondentLookup, Token};

/// What a fetch depends on; a change re-fetches and aborts the old one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookupKey {
    pub token: Option<Token>,
    pub lookup: Option<RespondentLookup>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    /// No email or phone to look up.
    NoIdentifiers,
    Api(ApiError),
}

#[derive(Clone, Debug)]
pub struct Keyed<T> {
    pub key: LookupKey,
    pub filter: ResponseFilter,
    pub result: Result<T, LoadError>,
}

/// One page of the customer's history.
pub async fn customer_page(
    api: ApiClient,
    in_flight: InFlight<LookupKey>,
    key: LookupKey,
    filter: ResponseFilter,
    page: u32,
    notify: impl FnMut(Option<RetryNotice>),
) -> Keyed<RespondentResponsesPage> {
    let result = match (&key.token, &key.lookup) {
        (None, _) => Err(LoadError::Api(ApiError::MissingToken)),
        (_, None) => Err(LoadError::NoIdentifiers),
        (Some(token), Some(lookup)) => match in_flight.begin(key.clone()) {
            None => Err(LoadError::Api(ApiError::Network)),
            Some(guard) => {
                let result = with_retries(guard.signal(), api.retry_unit_ms(), notify, || {
                    api.respondent_responses(token, lookup, filter, page, (guard.controller(), guard.signal()))
                })
                .await;
                guard.finish();
                result.map_err(LoadError::Api)
            }
        },
    };
    Keyed { key, filter, result }
}

/// One page of the agent's Personal Page.
pub async fn personal_page(
    api: ApiClient,
    in_flight: InFlight<LookupKey>,
    key: LookupKey,
    page: u32,
    notify: impl FnMut(Option<RetryNotice>),
) -> Keyed<EmployeePage> {
    let result = match &key.token {
        None => Err(LoadError::Api(ApiError::MissingToken)),
        Some(token) => match in_flight.begin(key.clone()) {
            None => Err(LoadError::Api(ApiError::Network)),
            Some(guard) => {
                let result = with_retries(guard.signal(), api.retry_unit_ms(), notify, || {
                    api.employee(token, page, (guard.controller(), guard.signal()))
                })
                .await;
                guard.finish();
                result.map_err(LoadError::Api)
            }
        },
    };
    Keyed { key, filter: ResponseFilter::All, result }
}
