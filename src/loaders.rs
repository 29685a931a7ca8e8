//! What the card fetches: a page of the customer's history or of the
//! agent's Personal Page, with the token in force and automatic retries.

use crate::api::decode::decode_object;
use crate::api::retry::with_retries;
use crate::api::{ApiClient, Call};
use crate::hooks::use_paged_feed::Notify;
use feedback_core::api_error::{ApiError, LoadError};
use feedback_core::json_read::FromJson;
use feedback_core::model::{EmployeePage, RespondentResponsesPage, ResponseFilter};
use feedback_core::protocol::{RespondentLookup, Token};
use js_sys::JsString;
use web_sys::AbortSignal;

/// Who the customer history is for, and how it is filtered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerKey {
    pub token: Option<Token>,
    pub lookup: Option<RespondentLookup>,
    pub filter: ResponseFilter,
}

/// One call with the token, retried as the policy says; no token, no call.
/// Not generic, so both lists share one copy of the request and retry code.
async fn load_text(
    api: ApiClient,
    token: Option<Token>,
    call: Call,
    signal: AbortSignal,
    notify: Notify,
) -> Result<JsString, LoadError> {
    let token = token.ok_or(LoadError::Api(ApiError::MissingToken))?;
    let (api, call, token, signal) = (&api, &call, &token, &signal);
    with_retries(signal, api.retry_unit_ms(), move |n| notify(n), || api.get_text(call, token, signal))
        .await
        .map_err(LoadError::Api)
}

async fn load<T: FromJson>(
    api: ApiClient,
    token: Option<Token>,
    call: Call,
    signal: AbortSignal,
    notify: Notify,
) -> Result<T, LoadError> {
    let text = load_text(api, token, call, signal, notify).await?;
    decode_object(&text).map_err(LoadError::Api)
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
    let call = Call::respondent_responses(lookup, key.filter, page);
    let answer = load(api, key.token, call, signal, notify).await;
    answer.map(|mut page: RespondentResponsesPage| {
        page.fill_matched_by(lookup);
        page
    })
}

/// One page of the agent's Personal Page.
pub async fn personal_page(
    api: ApiClient,
    token: Option<Token>,
    page: u32,
    signal: AbortSignal,
    notify: Notify,
) -> Result<EmployeePage, LoadError> {
    load(api, token, Call::employee(page), signal, notify).await
}
