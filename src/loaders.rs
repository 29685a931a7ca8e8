//! What the card fetches: a page of the customer's history or of the
//! agent's Personal Page, with the token in force and automatic retries.

use crate::api::retry::with_retries;
use crate::api::ApiClient;
use crate::hooks::use_paged_feed::Notify;
use feedback_core::api_error::{ApiError, LoadError};
use feedback_core::model::{EmployeePage, RespondentResponsesPage, ResponseFilter};
use feedback_core::protocol::{RespondentLookup, Token};
use std::future::Future;
use web_sys::AbortSignal;

/// Who the customer history is for, and how it is filtered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerKey {
    pub token: Option<Token>,
    pub lookup: Option<RespondentLookup>,
    pub filter: ResponseFilter,
}

/// One call with the token, retried as the policy says. No token: no call.
async fn load<T, Fut>(
    api: &ApiClient,
    token: Option<&Token>,
    signal: &AbortSignal,
    notify: Notify,
    call: impl Fn(Token) -> Fut,
) -> Result<T, LoadError>
where
    Fut: Future<Output = Result<T, ApiError>>,
{
    let token = token.ok_or(LoadError::Api(ApiError::MissingToken))?;
    with_retries(signal, api.retry_unit_ms(), move |n| notify(n), || call(token.clone())).await.map_err(LoadError::Api)
}

/// One page of the customer's history.
pub async fn customer_page(
    api: ApiClient,
    key: CustomerKey,
    page: u32,
    signal: AbortSignal,
    notify: Notify,
) -> Result<RespondentResponsesPage, LoadError> {
    let Some(lookup) = key.lookup.as_ref() else {
        let missing =
            if key.token.is_some() { LoadError::NoIdentifiers } else { LoadError::Api(ApiError::MissingToken) };
        return Err(missing);
    };
    let (api, signal) = (&api, &signal);
    load(api, key.token.as_ref(), signal, notify, |token| async move {
        api.respondent_responses(&token, lookup, key.filter, page, signal).await
    })
    .await
}

/// One page of the agent's Personal Page.
pub async fn personal_page(
    api: ApiClient,
    token: Option<Token>,
    page: u32,
    signal: AbortSignal,
    notify: Notify,
) -> Result<EmployeePage, LoadError> {
    let (api, signal) = (&api, &signal);
    load(api, token.as_ref(), signal, notify, |token| async move { api.employee(&token, page, signal).await }).await
}
