//! The app: host parameters in, customer responses out.

use crate::api::{ApiClient, InFlight};
use crate::config::API_BASE;
use crate::host::{use_host_parameters, HostFrame};
use crate::views::response_list::ResponseList;
use crate::views::status::StatusMessage;
use feedback_core::api_error::ApiError;
use feedback_core::model::RespondentResponsesPage;
use feedback_core::protocol::{RespondentLookup, Token};
use leptos::prelude::*;

/// What a customer lookup depends on; a change re-fetches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookupKey {
    pub token: Option<Token>,
    pub lookup: Option<RespondentLookup>,
}

/// A result tagged with the key it was fetched for, so a result for
/// previous parameters is never shown.
#[derive(Clone, Debug)]
pub struct Keyed<T> {
    pub key: LookupKey,
    pub result: Result<T, LoadError>,
}

/// Why there is nothing to show.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    NoIdentifiers,
    Api(ApiError),
}

#[component]
pub fn App() -> impl IntoView {
    match HostFrame::detect() {
        Some(host) => view! { <Card host=host api=ApiClient::new(API_BASE) /> }.into_any(),
        None => view! {
            <StatusMessage
                title="Waiting for a host"
                detail="This card runs inside a Dixa custom card, which sends it the conversation. To try it here, run ./scripts/preview.sh and open the URL it prints."
            />
        }
        .into_any(),
    }
}

async fn load_history(api: ApiClient, in_flight: InFlight<LookupKey>, key: LookupKey) -> Keyed<RespondentResponsesPage> {
    let result = match (&key.token, &key.lookup) {
        (None, _) => Err(LoadError::Api(ApiError::MissingToken)),
        (_, None) => Err(LoadError::NoIdentifiers),
        (Some(token), Some(lookup)) => match in_flight.begin(key.clone()) {
            None => Err(LoadError::Api(ApiError::Network)),
            Some(guard) => {
                let result = api.respondent_responses(token, lookup, 1, (guard.controller(), guard.signal())).await;
                guard.finish();
                result.map_err(LoadError::Api)
            }
        },
    };
    Keyed { key, result }
}

/// The card inside its host.
#[component]
pub fn Card(host: HostFrame, api: ApiClient) -> impl IntoView {
    let (params, received) = use_host_parameters(host);
    let key = Memo::new(move |_| params.with(|p| LookupKey { token: p.token.clone(), lookup: p.lookup() }));
    let in_flight = InFlight::<LookupKey>::default();
    let cancel = in_flight.clone();
    Effect::new(move |_| key.with(|k| cancel.cancel_unless(k)));
    let history = LocalResource::new(move || load_history(api.clone(), in_flight.clone(), key.get()));

    move || {
        if !received.get() {
            return view! { <StatusMessage title="Connecting…" detail="Waiting for the conversation from Dixa." /> }.into_any();
        }
        let current = key.get();
        match history.get() {
            Some(Keyed { key, result }) if key == current => match result {
                Ok(page) if page.items.is_empty() => view! {
                    <StatusMessage title="No responses yet" detail="This customer has not answered a survey." />
                }
                .into_any(),
                Ok(page) => view! { <ResponseList items=page.items /> }.into_any(),
                Err(LoadError::NoIdentifiers) => view! {
                    <StatusMessage title="No customer to look up" detail="The conversation has no customer email or phone number." />
                }
                .into_any(),
                Err(LoadError::Api(e)) => view! {
                    <StatusMessage kind="error" title="Could not load feedback" detail=e.to_string() />
                }
                .into_any(),
            },
            _ => view! { <p class="loading" role="status" aria-busy="true">"Loading…"</p> }.into_any(),
        }
    }
}
