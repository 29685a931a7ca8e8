//! The card: host parameters in; customer history and Personal Page out.

use crate::api::retry::RetryNotice;
use crate::api::{ApiClient, InFlight};
use crate::config::API_BASE;
use crate::host::{use_auto_height, use_host_parameters, HostFrame};
use crate::loaders::{customer_page, personal_page, LoadError, LookupKey};
use crate::perf;
use crate::theme::{apply_language, apply_theme, browser_locale};
use crate::views::customer_history::CustomerHistory;
use crate::views::more_pages::{reveal_more, MorePages, FIRST_VIEW_ITEMS};
use crate::views::personal_page::PersonalPage;
use crate::views::skeleton::Skeleton;
use crate::views::status::{error_view, retrying_view, Action, StatusMessage};
use crate::views::tabs::{Tab, Tabs};
use feedback_core::api_error::ApiError;
use feedback_core::i18n::{self, fill, Texts};
use feedback_core::model::ResponseFilter;
use feedback_core::protocol::RespondentLookup;
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    match HostFrame::detect() {
        Some(host) => view! { <Card host=host api=ApiClient::new(API_BASE) /> }.into_any(),
        None => {
            let t = i18n::texts(browser_locale());
            view! { <div class="card"><StatusMessage state="no-host" title=t.waiting_for_host_title detail=t.waiting_for_host_detail /></div> }.into_any()
        }
    }
}

fn who(lookup: &RespondentLookup) -> String {
    [lookup.email.as_deref(), lookup.phone.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" / ")
}

/// Loads pages after the first into `more`, for the key it was asked under.
fn load_more(
    more: RwSignal<MorePages>,
    key: (LookupKey, ResponseFilter),
    fetch: impl FnOnce(
            u32,
        ) -> std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<(Vec<feedback_core::model::SurveyResponse>, bool), LoadError>>>,
        > + 'static,
) {
    let next = more.with_untracked(|m| m.for_key(&key).map(|m| m.next_page).filter(|p| *p > 0).unwrap_or(2));
    more.update(|m| {
        if m.key.as_ref() != Some(&key) {
            *m = MorePages { key: Some(key.clone()), ..MorePages::default() };
        }
        m.loading = true;
        m.failed = false;
    });
    leptos::task::spawn_local(async move {
        let result = fetch(next).await;
        // try_update: the card may have been unmounted meanwhile.
        more.try_update(|m| {
            if m.key.as_ref() != Some(&key) {
                return; // the conversation or filter changed meanwhile
            }
            m.loading = false;
            match result {
                Ok((items, has_more)) => {
                    m.items.extend(items);
                    m.has_more = has_more;
                    m.next_page = next + 1;
                }
                Err(_) => m.failed = true,
            }
        });
    });
}

/// The card inside its host.
#[component]
pub fn Card(host: HostFrame, api: ApiClient) -> impl IntoView {
    let (params, received) = use_host_parameters(host.clone());
    let root = NodeRef::<leptos::html::Div>::new();
    use_auto_height(host, root);

    let locale = Memo::new(move |_| params.with(|p| p.locale).unwrap_or_else(browser_locale));
    let texts: Signal<&'static Texts> = Signal::derive(move || i18n::texts(locale.get()));
    let theme = Memo::new(move |_| params.with(|p| p.theme));
    Effect::new(move |_| apply_theme(theme.get()));
    Effect::new(move |_| apply_language(locale.get()));

    let key = Memo::new(move |_| params.with(|p| LookupKey { token: p.token.clone(), lookup: p.lookup() }));
    let personal_key = Memo::new(move |_| params.with(|p| LookupKey { token: p.token.clone(), lookup: None }));
    let filter = RwSignal::new(ResponseFilter::All);
    let tab = RwSignal::new(Tab::Customer);
    let personal_requested = RwSignal::new(false);

    // A new conversation starts on the customer when there is one to look
    // up, else on the Personal Page, with no filter.
    Effect::new(move |previous: Option<LookupKey>| {
        let k = key.get();
        if previous.as_ref() != Some(&k) {
            if filter.get_untracked() != ResponseFilter::All {
                filter.set(ResponseFilter::All);
            }
            let first = if k.lookup.is_some() || k.token.is_none() { Tab::Customer } else { Tab::Personal };
            if tab.get_untracked() != first {
                tab.set(first);
            }
        }
        k
    });
    // The Personal Page is fetched the first time it is shown.
    Effect::new(move |_| {
        if tab.get() == Tab::Personal && !personal_requested.get_untracked() {
            personal_requested.set(true);
        }
    });

    let customer_flight = StoredValue::new_local(InFlight::<LookupKey>::default());
    let personal_flight = StoredValue::new_local(InFlight::<LookupKey>::default());
    Effect::new(move |_| key.with(|k| customer_flight.with_value(|f| f.cancel_unless(k))));
    Effect::new(move |_| personal_key.with(|k| personal_flight.with_value(|f| f.cancel_unless(k))));
    // Unmounted: nothing may keep running (requests, retry waits).
    on_cleanup(move || {
        let _ = customer_flight.try_with_value(|f| f.cancel_all());
        let _ = personal_flight.try_with_value(|f| f.cancel_all());
    });

    let customer_retry = RwSignal::new(None::<RetryNotice>);
    let personal_retry = RwSignal::new(None::<RetryNotice>);
    let api = StoredValue::new(api);

    let history = LocalResource::new(move || {
        let (k, f) = (key.get(), filter.get());
        customer_page(api.get_value(), customer_flight.get_value(), k, f, 1, move |n| {
            // try_set: the card may be gone when a retry reports.
            let _ = customer_retry.try_set(n);
        })
    });
    let personal = LocalResource::new(move || {
        let (k, wanted) = (personal_key.get(), personal_requested.get());
        let (api, flight) = (api.get_value(), personal_flight.get_value());
        async move {
            if wanted {
                Some(
                    personal_page(api, flight, k, 1, move |n| {
                        let _ = personal_retry.try_set(n);
                    })
                    .await,
                )
            } else {
                None
            }
        }
    });

    let customer_more = RwSignal::new(MorePages::default());
    let personal_more = RwSignal::new(MorePages::default());
    let customer_visible = RwSignal::new(FIRST_VIEW_ITEMS);
    let personal_visible = RwSignal::new(FIRST_VIEW_ITEMS);
    // Each conversation and filter starts with the short first view.
    Effect::new(move |_| {
        key.track();
        filter.track();
        customer_visible.set(FIRST_VIEW_ITEMS);
    });
    Effect::new(move |_| {
        personal_key.track();
        personal_visible.set(FIRST_VIEW_ITEMS);
    });
    let more_customer = Callback::new(move |_| {
        let (k, f) = (key.get_untracked(), filter.get_untracked());
        let loaded = history
            .with_untracked(|h| h.as_ref().and_then(|h| h.result.as_ref().ok()).map_or(0, |p| p.items.len()))
            + customer_more.with_untracked(|m| m.for_key(&(k.clone(), f)).map_or(0, |m| m.items.len()));
        if !reveal_more(customer_visible, loaded) {
            return; // already loaded: just show more
        }
        // Read stored values now, while mounted: the future may run after.
        let (api, flight) = (api.get_value(), customer_flight.get_value());
        load_more(customer_more, (k.clone(), f), move |page| {
            Box::pin(async move {
                let r = customer_page(api, flight, k, f, page, |_| {}).await;
                r.result.map(|p| {
                    let more = p.has_more();
                    (p.items, more)
                })
            })
        });
    });
    let more_personal = Callback::new(move |_| {
        let k = personal_key.get_untracked();
        let loaded = personal.with_untracked(|p| {
            p.as_ref().and_then(|p| p.as_ref()).and_then(|p| p.result.as_ref().ok()).map_or(0, |p| p.items.len())
        }) + personal_more
            .with_untracked(|m| m.for_key(&(k.clone(), ResponseFilter::All)).map_or(0, |m| m.items.len()));
        if !reveal_more(personal_visible, loaded) {
            return;
        }
        let (api, flight) = (api.get_value(), personal_flight.get_value());
        load_more(personal_more, (k.clone(), ResponseFilter::All), move |page| {
            Box::pin(async move {
                let r = personal_page(api, flight, k, page, |_| {}).await;
                r.result.map(|p| {
                    let more = p.has_more();
                    (p.items, more)
                })
            })
        });
    });

    // Benchmark mark: the first customer data on screen.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let shown = history.with(|h| h.as_ref().is_some_and(|h| h.result.is_ok() && h.key == key.get_untracked()));
        if shown {
            perf::mark(perf::RENDERED_MARK);
        }
        shown
    });

    let customer_view = move || {
        let t = texts.get();
        let k = key.get();
        let f = filter.get();
        let retry = Callback::new(move |_| history.refetch());
        if k.token.is_none() {
            return error_view(t, &LoadError::Api(ApiError::MissingToken), retry);
        }
        let Some(lookup) = k.lookup.clone() else {
            let open = Action { label: t.open_personal, run: Callback::new(move |_| tab.set(Tab::Personal)) };
            return view! { <StatusMessage state="no-identifiers" title=t.no_ids_title detail=t.no_ids action=open /> }
                .into_any();
        };
        match history.get() {
            Some(loaded) if loaded.key == k => match loaded.result {
                Err(e) => error_view(t, &e, retry),
                Ok(page) if page.respondents.is_empty() => {
                    let detail = fill(t.not_found, &[("who", &who(&lookup))]);
                    view! { <StatusMessage state="not-found" title=t.not_found_title detail=detail /> }.into_any()
                }
                Ok(page)
                    if page.items.is_empty()
                        && page.total == 0
                        && page.summary.response_count == 0
                        && loaded.filter == ResponseFilter::All =>
                {
                    view! { <StatusMessage state="no-responses" title=t.no_responses_title detail=t.no_responses /> }
                        .into_any()
                }
                Ok(page) => {
                    let more = customer_more.with(|m| m.for_key(&(k.clone(), f)).cloned());
                    view! { <CustomerHistory page=page more=more filter=filter list_pending=loaded.filter != f visible=customer_visible.get() texts=t on_load_more=more_customer /> }.into_any()
                }
            },
            _ => match customer_retry.get() {
                Some(notice) => retrying_view(t, &notice),
                None => view! { <Skeleton label=t.loading /> }.into_any(),
            },
        }
    };

    let personal_view = move || {
        let t = texts.get();
        let k = personal_key.get();
        let retry = Callback::new(move |_| personal.refetch());
        if k.token.is_none() {
            return error_view(t, &LoadError::Api(ApiError::MissingToken), retry);
        }
        match personal.get().flatten() {
            Some(loaded) if loaded.key == k => match loaded.result {
                Err(e) => error_view(t, &e, retry),
                Ok(page) => {
                    let more = personal_more.with(|m| m.for_key(&(k.clone(), ResponseFilter::All)).cloned());
                    view! { <PersonalPage page=page more=more visible=personal_visible.get() texts=t on_load_more=more_personal /> }.into_any()
                }
            },
            _ => match personal_retry.get() {
                Some(notice) => retrying_view(t, &notice),
                None => view! { <Skeleton label=t.loading /> }.into_any(),
            },
        }
    };

    view! {
        <div class="card" node_ref=root>
            {move || {
                if !received.get() {
                    let t = texts.get();
                    return view! {
                        <p class="connecting" data-state="connecting">{t.connecting}</p>
                        <Skeleton label=t.connecting />
                    }
                    .into_any();
                }
                view! {
                    <Tabs active=tab texts=texts />
                    <div role="tabpanel" id=Tab::Customer.panel_id() aria-labelledby=Tab::Customer.id() hidden=move || tab.get() != Tab::Customer>
                        {customer_view}
                    </div>
                    <div role="tabpanel" id=Tab::Personal.panel_id() aria-labelledby=Tab::Personal.id() hidden=move || tab.get() != Tab::Personal>
                        {personal_view}
                    </div>
                }
                .into_any()
            }}
        </div>
    }
}
