//! The card: host parameters in; customer history and Personal Page out.

use crate::api::ApiClient;
use crate::config::API_BASE;
use crate::follow_up_loader;
use crate::hooks::use_paged_feed::Progress;
use crate::hooks::{provide_texts, tr, use_paged_feed, Feed, FeedKey, Keep};
use crate::host::{use_auto_height, use_host_parameters, HostFrame};
use crate::loaders::{customer_page, personal_page, CustomerKey};
use crate::theme::{apply_language, apply_theme, browser_locale};
use crate::views::customer_history::{FilterInForce, Who};
use crate::views::live_region::announcement;
use crate::views::reactive::dynamic;
use crate::views::{ActiveTab, CustomerPanel, LiveRegion, PersonalPanel, Skeleton, StatusMessage, Tab, Tabs};
use feedback_core::i18n;
use feedback_core::model::ResponseFilter;
use feedback_core::protocol::RespondentLookup;
use leptos::either::Either;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn App() -> impl IntoView {
    match HostFrame::detect() {
        Some(host) => Either::Left(view! { <Card host=host api=ApiClient::new(API_BASE) /> }),
        None => {
            provide_texts(Memo::new(|_| i18n::texts(browser_locale())));
            Either::Right(view! {
                <div class="card">
                    <StatusMessage state="no-host" title=|t| t.waiting_for_host_title detail=|t| t.waiting_for_host_detail />
                </div>
            })
        }
    }
}

/// "anna@example.com / +4512345678": who the card looked up.
fn who(lookup: Option<&RespondentLookup>) -> String {
    let Some(l) = lookup else { return String::new() };
    [l.email.as_deref(), l.phone.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" / ")
}

/// The card inside its host: wiring between the host's parameters, the two
/// feeds and the views.
#[component]
pub fn Card(host: HostFrame, api: ApiClient) -> impl IntoView {
    let (params, received) = use_host_parameters(host.clone());
    let root = NodeRef::<leptos::html::Div>::new();
    use_auto_height(host, root);

    let fallback = browser_locale();
    provide_texts(Memo::new(move |_| i18n::texts(params.with(|p| p.locale).unwrap_or(fallback))));
    // Keys are derived, not memoised: the feed and the effects below act
    // only when a value really changes. A customer is who is looked up and
    // whether there is a token; a new token for the same customer (the
    // host renewing it) is the same customer.
    let customer = move || params.with(|p| (p.token.is_some(), p.lookup()));
    // The filter is chosen for one customer; another customer starts on all.
    // Derived by a plain closure: a memo or signal of its own type would
    // bring its own code into the bundle.
    let chosen = RwSignal::new(None::<((_, _), ResponseFilter)>);
    let filter = move || chosen.with(|c| c.as_ref().filter(|c| c.0 == customer()).map_or(ResponseFilter::All, |c| c.1));
    let tab = ActiveTab::new(Tab::Customer);
    // One effect for the host's parameters (each effect brings its own
    // code). Theme and language: setting an attribute to the value it has
    // is cheap, no memo needed. A new conversation opens on the customer
    // when there is one to look up.
    Effect::new(move |previous: Option<(_, _)>| {
        let (theme, locale) = params.with(|p| {
            follow_up_loader::hand_token(p.token.as_ref().map(|t| t.expose()));
            (p.theme, p.locale)
        });
        apply_theme(theme);
        apply_language(locale.unwrap_or(fallback));
        let now = customer();
        if previous.as_ref() != Some(&now) {
            tab.set(if now.1.is_some() || !now.0 { Tab::Customer } else { Tab::Personal });
        }
        now
    });
    // The Personal Page is fetched the first time it is shown.
    let personal_opened = Memo::new(move |was: Option<&bool>| was == Some(&true) || tab.get() == Tab::Personal);

    // Each feed's fetch owns a copy of the client (no stored value needed).
    let personal_api = api.clone();
    let customer_key = FeedKey::new(move || {
        let (token, lookup) = params.with(|p| (p.token.clone(), p.lookup()));
        Some(CustomerKey { token, lookup, filter: filter() })
    });
    let history = use_paged_feed(
        customer_key,
        move |k, page, abort, notify| Box::pin(customer_page(api.clone(), k, page, abort, notify)),
        |old, new| match (old.lookup == new.lookup, old.filter == new.filter) {
            (true, true) if old.token.is_some() == new.token.is_some() => Keep::All,
            (true, _) => Keep::Answer,
            _ => Keep::Nothing,
        },
    );
    let personal = use_paged_feed(
        FeedKey::new(move || personal_opened.get().then(|| params.with(|p| p.token.clone()))),
        move |token, page, abort, notify| Box::pin(personal_page(personal_api.clone(), token, page, abort, notify)),
        |_, _| Keep::Nothing,
    );

    // The filter in force, shared with the views that follow it.
    let filter: FilterInForce = Arc::new(filter);
    // Read once, untracked, when "not found" is shown: a plain closure.
    let shown_who: Who = Arc::new(move || params.with_untracked(|p| who(p.lookup().as_ref())));
    let on_filter = Callback::new(move |f| chosen.set(Some((untrack(customer), f))));
    let open_personal = Callback::new(move |()| tab.set(Tab::Personal));
    let panel = move |which: Tab| (which.panel_id(), which.id(), move || tab.get() != which);
    let ((customer_panel, customer_tab, customer_hidden), (personal_panel, personal_tab, personal_hidden)) =
        (panel(Tab::Customer), panel(Tab::Personal));
    // The card's body is made once, when the first parameters arrive: a
    // memo, as the host's later messages set `received` again. (A boxed
    // part, not `<Show>`: the same, without Show's own code in the bundle.)
    let connected = Memo::new(move |_| received.get());
    let body = dynamic(move || {
        if !connected.get() {
            return view! { <p class="connecting" data-state="connecting">{tr(|t| t.connecting)}</p><Skeleton /> }
                .into_any();
        }
        view! {
            <Tabs active=tab />
            <div role="tabpanel" tabindex="0" id=customer_panel aria-labelledby=customer_tab hidden=customer_hidden>
                <CustomerPanel feed=history filter=filter.clone() on_filter=on_filter who=shown_who.clone() open_personal=open_personal />
            </div>
            <div role="tabpanel" tabindex="0" id=personal_panel aria-labelledby=personal_tab hidden=personal_hidden>
                <PersonalPanel feed=personal />
            </div>
        }
        .into_any()
    });

    let said = announcement(move || match (received.get(), tab.get()) {
        (false, _) => Progress::Connecting,
        (true, Tab::Customer) => history.state.with(Feed::progress),
        (true, Tab::Personal) => personal.state.with(Feed::progress),
    });

    view! {
        <div class="card" node_ref=root>
            <LiveRegion said=said />
            {body}
        </div>
    }
}
