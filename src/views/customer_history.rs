//! The customer's history: who matched, their standing, filters, responses,
//! or the one state that stands in for them.

use crate::format;
use crate::hooks::{tr, use_scoped, use_texts, Feed, ListView, PagedFeed};
use crate::views::reactive::{dynamic, text};
use crate::views::response_item::Perspective;
use crate::views::response_list::ResponseList;
use crate::views::skeleton::Skeleton;
use crate::views::status::{common_phase_view, phase_panel, Action, Phase, StatusMessage};
use crate::views::summary::CustomerSummary;
use feedback_core::api_error::LoadError;
use feedback_core::digits;
use feedback_core::i18n::{fill, Texts};
use feedback_core::model::{MatchKind, Respondent, RespondentResponsesPage, ResponseFilter, Summary};
use leptos::prelude::*;
use std::sync::Arc;

fn matched_line(t: &'static Texts, respondents: &[Respondent]) -> String {
    let email = respondents.iter().any(|r| r.matched_by.contains(&MatchKind::Email));
    let phone = respondents.iter().any(|r| r.matched_by.contains(&MatchKind::Phone));
    let how = match (email, phone) {
        (true, true) => t.matched_by_both,
        (false, true) => t.matched_by_phone,
        _ => t.matched_by_email,
    };
    if respondents.len() > 1 {
        let several = fill(t.several_matched, &[("n", &format::integer(respondents.len() as f64, t.locale_tag))]);
        [how, " · ", &several].concat()
    } else {
        how.to_owned()
    }
}

/// The filter in force, read where it is needed (and followed there).
pub type FilterInForce = Arc<dyn Fn() -> ResponseFilter + Send + Sync>;

/// The email / phone looked up, as the "not found" message says it.
pub type Who = Arc<dyn Fn() -> String + Send + Sync>;

/// `filter`: the filter in force; `who`: the email / phone looked up.
#[component]
pub fn CustomerPanel(
    feed: PagedFeed<RespondentResponsesPage>,
    filter: FilterInForce,
    on_filter: Callback<ResponseFilter>,
    who: Who,
    open_personal: Callback<()>,
) -> impl IntoView {
    let phase_filter = filter.clone();
    let phase = Memo::new(move |_| {
        feed.state.with(|s| match (&s.answer, s.pending) {
            (Some(Err(e)), false) => Phase::Failed(e.clone()),
            (Some(Ok(p)), _) if p.respondents.is_empty() => Phase::NotFound,
            (Some(Ok(p)), false)
                if s.loaded.is_empty()
                    && p.total == 0
                    && p.summary.response_count == 0
                    && phase_filter() == ResponseFilter::All =>
            {
                Phase::NoResponses
            }
            (Some(Ok(_)), _) => Phase::Shown,
            _ => s.retry.clone().map_or(Phase::Loading, Phase::Retrying),
        })
    });
    phase_panel(phase, move |phase| {
        if let Some(common) = common_phase_view(&phase, feed.refetch) {
            if phase != Phase::Failed(LoadError::NoIdentifiers) {
                return common;
            }
        }
        match phase {
            Phase::NotFound => {
                let values = vec![("who", who())];
                view! { <StatusMessage state="not-found" title=|t| t.not_found_title detail=|t| t.not_found values=values /> }
                    .into_any()
            }
            Phase::NoResponses => view! {
                <StatusMessage state="no-responses" title=|t| t.no_responses_title detail=|t| t.no_responses />
            }
            .into_any(),
            Phase::Shown => {
                // Made per conversation: it reads the card's signals through bridges.
                let s = feed.state;
                let header =
                    use_scoped(move || s.with(|s| s.page().map(|p| (p.respondents.clone(), p.summary.clone()))));
                let list_phase = use_scoped(move || s.with(list_phase));
                let list = use_scoped(move || s.with(Feed::list));
                view! { <CustomerHistory header=header list_phase=list_phase list=list load_more=feed.load_more filter=filter.clone() on_filter=on_filter /> }
                    .into_any()
            }
            _ => {
                let open = Some(Action { label: |t| t.open_personal, run: open_personal });
                view! { <StatusMessage state="no-identifiers" title=|t| t.no_ids_title detail=|t| t.no_ids action=open /> }
                    .into_any()
            }
        }
    })
}

/// Loading: the filter's first page is on its way; NoResponses: none matches.
fn list_phase(s: &Feed<RespondentResponsesPage>) -> Phase {
    match (s.pending, s.page()) {
        (false, Some(_)) if s.loaded.is_empty() => Phase::NoResponses,
        (false, Some(_)) => Phase::Shown,
        _ => Phase::Loading,
    }
}

#[component]
fn FilterBar(filter: FilterInForce, on_filter: Callback<ResponseFilter>) -> impl IntoView {
    let option = move |value: ResponseFilter, label: fn(&'static Texts) -> &'static str| {
        // The filter outlives the bar: read through a bridge.
        let filter = filter.clone();
        let pressed = use_scoped(move || filter() == value);
        view! {
            <button type="button" class="chip" aria-pressed=text(move || digits::boolean(pressed.get()).to_owned()) on:click=move |_| on_filter.run(value)>
                {tr(label)}
            </button>
        }
    };
    view! {
        <div class="filters" role="group" aria-label=tr(|t| t.filter_label)>
            {option(ResponseFilter::All, |t| t.filter_all)}
            {option(ResponseFilter::Detractors, |t| t.filter_detractors)}
            {option(ResponseFilter::Commented, |t| t.filter_commented)}
            {option(ResponseFilter::Waiting, |t| t.fu_waiting)}
        </div>
    }
}

/// Made once per conversation: the header follows the answer, the list
/// its filter and pages, and the filter bar stays put.
#[component]
fn CustomerHistory(
    header: Memo<Option<(Vec<Respondent>, Summary)>>,
    list_phase: Memo<Phase>,
    list: Memo<ListView>,
    load_more: Callback<()>,
    filter: FilterInForce,
    on_filter: Callback<ResponseFilter>,
) -> impl IntoView {
    let t = use_texts();
    let matched = dynamic(move || {
        let Some((respondents, summary)) = header.get() else { return ().into_any() };
        // Sorted, each once: each inserted in its place (no B-tree or
        // sorting code in the WASM for a list of a few names).
        let mut names: Vec<String> = Vec::new();
        for name in respondents.iter().filter_map(|r| r.display_name()) {
            if let Err(at) = names.binary_search(&name) {
                names.insert(at, name);
            }
        }
        let how = text(move || matched_line(t.get(), &respondents));
        view! {
            <p class="matched">
                <span class="matched__how">{how}</span>
                {(!names.is_empty()).then(|| view! { <span class="matched__who">{names.iter().map(String::as_str).collect::<Vec<_>>().join(", ")}</span> })}
            </p>
            <CustomerSummary summary=summary />
        }
        .into_any()
    });
    view! {
        <div class="history" data-state="history">
            {matched}
            <FilterBar filter=filter on_filter=on_filter />
            {dynamic(move || match list_phase.get() {
                Phase::Loading => view! { <Skeleton /> }.into_any(),
                Phase::NoResponses => view! { <p class="empty" data-state="filter-empty">{tr(|t| t.filter_empty)}</p> }.into_any(),
                _ => view! { <ResponseList list=list load_more=load_more perspective=Perspective::Customer /> }.into_any(),
            })}
        </div>
    }
}
