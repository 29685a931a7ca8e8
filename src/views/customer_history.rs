//! The customer's history: who matched, their standing, filters, responses,
//! or the one state that stands in for them.

use crate::hooks::{provide_texts, tr, use_scoped, use_texts, Feed, PagedFeed};
use crate::views::response_item::Perspective;
use crate::views::response_list::ResponseList;
use crate::views::skeleton::Skeleton;
use crate::views::status::{error_view, retrying_view, Action, StatusMessage};
use crate::views::summary::CustomerSummary;
use feedback_core::api_error::{LoadError, RetryNotice};
use feedback_core::i18n::{fill, Texts};
use feedback_core::model::{MatchKind, RespondentResponsesPage, ResponseFilter};
use leptos::prelude::*;

fn matched_line(t: &'static Texts, page: &RespondentResponsesPage) -> String {
    let email = page.respondents.iter().any(|r| r.matched_by.contains(&MatchKind::Email));
    let phone = page.respondents.iter().any(|r| r.matched_by.contains(&MatchKind::Phone));
    let how = match (email, phone) {
        (true, true) => t.matched_by_both,
        (false, true) => t.matched_by_phone,
        _ => t.matched_by_email,
    };
    if page.respondents.len() > 1 {
        format!("{how} · {}", fill(t.several_matched, &[("n", &page.respondents.len().to_string())]))
    } else {
        how.to_owned()
    }
}

/// What the panel shows; it changes with a conversation, not with a page,
/// a filter or a retry within one, so the history is not remade for those.
#[derive(Clone, PartialEq)]
enum Phase {
    Loading,
    Retrying(RetryNotice),
    Failed(LoadError),
    NotFound,
    NoResponses,
    Shown,
}

/// `filter`: the filter in force; `who`: the email / phone looked up.
#[component]
pub fn CustomerPanel<K>(
    feed: PagedFeed<K, RespondentResponsesPage>,
    filter: Signal<ResponseFilter>,
    on_filter: Callback<ResponseFilter>,
    who: Signal<String>,
    open_personal: Callback<()>,
) -> impl IntoView
where
    K: Clone + PartialEq + Send + Sync + 'static,
{
    let phase = Memo::new(move |_| {
        feed.state.with(|s| match (&s.answer, s.pending) {
            (Some(Err(e)), false) => Phase::Failed(e.clone()),
            (Some(Ok(p)), _) if p.respondents.is_empty() => Phase::NotFound,
            (Some(Ok(p)), false)
                if p.items.is_empty()
                    && p.total == 0
                    && p.summary.response_count == 0
                    && filter.get() == ResponseFilter::All =>
            {
                Phase::NoResponses
            }
            (Some(Ok(_)), _) => Phase::Shown,
            _ => s.retry.clone().map_or(Phase::Loading, Phase::Retrying),
        })
    });
    let texts = use_texts();
    move || {
        // What follows is made per conversation: it reads through bridges.
        provide_texts(use_scoped(move || texts.get()));
        phase_view(phase.get(), feed, filter, on_filter, who, open_personal)
    }
}

fn phase_view<K: Clone + PartialEq + Send + Sync + 'static>(
    phase: Phase,
    feed: PagedFeed<K, RespondentResponsesPage>,
    filter: Signal<ResponseFilter>,
    on_filter: Callback<ResponseFilter>,
    who: Signal<String>,
    open_personal: Callback<()>,
) -> AnyView {
    match phase {
        Phase::Loading => view! { <Skeleton /> }.into_any(),
        Phase::Retrying(notice) => retrying_view(&notice),
        Phase::Failed(LoadError::NoIdentifiers) => {
            let open = Some(Action { label: |t| t.open_personal, run: open_personal });
            view! { <StatusMessage state="no-identifiers" title=|t| t.no_ids_title detail=|t| t.no_ids action=open /> }
                .into_any()
        }
        Phase::Failed(e) => error_view(&e, feed.refetch),
        Phase::NotFound => {
            let values = vec![("who", who.get_untracked())];
            view! { <StatusMessage state="not-found" title=|t| t.not_found_title detail=|t| t.not_found values=values /> }
                .into_any()
        }
        Phase::NoResponses => view! {
            <StatusMessage state="no-responses" title=|t| t.no_responses_title detail=|t| t.no_responses />
        }
        .into_any(),
        Phase::Shown => {
            let (state, filter) = (use_scoped(move || feed.state.get()), use_scoped(move || filter.get()));
            view! { <CustomerHistory state=state load_more=feed.load_more filter=filter on_filter=on_filter /> }
                .into_any()
        }
    }
}

#[component]
fn FilterBar(filter: Signal<ResponseFilter>, on_filter: Callback<ResponseFilter>) -> impl IntoView {
    let option = move |value: ResponseFilter, label: fn(&'static Texts) -> &'static str| {
        view! {
            <button type="button" class="chip" aria-pressed=move || (filter.get() == value).to_string() on:click=move |_| on_filter.run(value)>
                {tr(label)}
            </button>
        }
    };
    view! {
        <div class="filters" role="group" aria-label=tr(|t| t.filter_label)>
            {option(ResponseFilter::All, |t| t.filter_all)}
            {option(ResponseFilter::Detractors, |t| t.filter_detractors)}
            {option(ResponseFilter::Commented, |t| t.filter_commented)}
        </div>
    }
}

/// Made once per conversation: the header follows the answer, the list
/// its filter and pages, and the filter bar stays put.
#[component]
fn CustomerHistory<K>(
    state: Signal<Feed<K, RespondentResponsesPage>>,
    load_more: Callback<()>,
    filter: Signal<ResponseFilter>,
    on_filter: Callback<ResponseFilter>,
) -> impl IntoView
where
    K: Clone + PartialEq + Send + Sync + 'static,
{
    let t = use_texts();
    let s = state;
    let header = Memo::new(move |_| s.with(|s| s.page().map(|p| (p.respondents.clone(), p.summary.clone()))));
    let matched = move || {
        let (respondents, summary) = header.get()?;
        let page = RespondentResponsesPage { respondents, ..Default::default() };
        let names: Vec<String> = page
            .respondents
            .iter()
            .filter_map(|r| r.display_name())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let how = Signal::derive(move || matched_line(t.get(), &page));
        Some(view! {
            <p class="matched">
                <span class="matched__how">{how}</span>
                {(!names.is_empty()).then(|| view! { <span class="matched__who">{names.join(", ")}</span> })}
            </p>
            <CustomerSummary summary=summary />
        })
    };
    #[derive(Clone, Copy, PartialEq)]
    enum List {
        Pending,
        Empty,
        Rows,
    }
    let list = Memo::new(move |_| {
        s.with(|s| match (s.pending, s.page()) {
            (true, _) | (_, None) => List::Pending,
            (false, Some(p)) if p.items.is_empty() => List::Empty,
            _ => List::Rows,
        })
    });
    view! {
        <div class="history" data-state="history">
            {matched}
            <FilterBar filter=filter on_filter=on_filter />
            {move || match list.get() {
                List::Pending => view! { <Skeleton /> }.into_any(),
                List::Empty => view! { <p class="empty" data-state="filter-empty">{tr(|t| t.filter_empty)}</p> }.into_any(),
                List::Rows => view! { <ResponseList state=state load_more=load_more perspective=Perspective::Customer /> }.into_any(),
            }}
        </div>
    }
}
