//! The customer's history: who matched, their standing, filters, responses.

use crate::views::more_pages::{visible_items, MorePages, PagedResponses};
use crate::views::response_item::Perspective;
use crate::views::skeleton::Skeleton;
use crate::views::summary::CustomerSummary;
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

#[component]
fn FilterBar(filter: RwSignal<ResponseFilter>, texts: &'static Texts) -> impl IntoView {
    let option = move |value: ResponseFilter, label: &'static str| {
        view! {
            <button type="button" class="chip" aria-pressed=move || (filter.get() == value).to_string() on:click=move |_| filter.set(value)>
                {label}
            </button>
        }
    };
    view! {
        <div class="filters" role="group" aria-label=texts.filter_label>
            {option(ResponseFilter::All, texts.filter_all)}
            {option(ResponseFilter::Detractors, texts.filter_detractors)}
            {option(ResponseFilter::Commented, texts.filter_commented)}
        </div>
    }
}

/// `list_pending`: the filter changed and its first page is on its way.
#[component]
pub fn CustomerHistory(
    page: RespondentResponsesPage,
    more: Option<MorePages>,
    filter: RwSignal<ResponseFilter>,
    list_pending: bool,
    /// How many responses to show (the rest waits for "Show more").
    visible: usize,
    texts: &'static Texts,
    on_load_more: Callback<()>,
) -> impl IntoView {
    let t = texts;
    let names: Vec<String> = page
        .respondents
        .iter()
        .filter_map(|r| r.display_name())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let more = more.unwrap_or_default();
    let (items, has_more) = visible_items(&page.items, page.has_more(), &more, visible);
    let list = if list_pending {
        view! { <Skeleton label=t.loading /> }.into_any()
    } else if items.is_empty() {
        view! { <p class="empty" data-state="filter-empty">{t.filter_empty}</p> }.into_any()
    } else {
        view! { <PagedResponses items=items total=page.total has_more=has_more more=more perspective=Perspective::Customer texts=t on_load=on_load_more /> }.into_any()
    };
    view! {
        <div class="history" data-state="history">
            <p class="matched">
                <span class="matched__how">{matched_line(t, &page)}</span>
                {(!names.is_empty()).then(|| view! { <span class="matched__who">{names.join(", ")}</span> })}
            </p>
            <CustomerSummary summary=page.summary.clone() texts=t />
            <FilterBar filter=filter texts=t />
            {list}
        </div>
    }
}
