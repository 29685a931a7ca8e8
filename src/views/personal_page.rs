//! The agent's Personal Page: their NPS, P-GAP and responses about them.

use crate::format;
use crate::hooks::{provide_texts, tr, use_scoped, use_texts, Feed, PagedFeed};
use crate::views::response_item::Perspective;
use crate::views::response_list::ResponseList;
use crate::views::skeleton::Skeleton;
use crate::views::status::{error_view, retrying_view, StatusMessage};
use crate::views::summary::{CategoryCounts, NpsTile};
use feedback_core::api_error::{LoadError, RetryNotice};
use feedback_core::i18n::fill;
use feedback_core::model::EmployeePage;
use feedback_core::pgap_wording;
use leptos::prelude::*;

/// What the panel shows (see the customer panel's `Phase`).
#[derive(Clone, PartialEq)]
enum Phase {
    Loading,
    Retrying(RetryNotice),
    Failed(LoadError),
    NoEmployee,
    Shown,
}

#[component]
pub fn PersonalPanel<K>(feed: PagedFeed<K, EmployeePage>) -> impl IntoView
where
    K: Clone + PartialEq + Send + Sync + 'static,
{
    let phase = Memo::new(move |_| {
        feed.state.with(|s| match &s.answer {
            Some(Err(e)) => Phase::Failed(e.clone()),
            Some(Ok(p)) if p.employee.is_none() => Phase::NoEmployee,
            Some(Ok(_)) => Phase::Shown,
            None => s.retry.clone().map_or(Phase::Loading, Phase::Retrying),
        })
    });
    let texts = use_texts();
    move || {
        // What follows is made per token: it reads through bridges.
        provide_texts(use_scoped(move || texts.get()));
        phase_view(phase.get(), feed)
    }
}

fn phase_view<K: Clone + PartialEq + Send + Sync + 'static>(phase: Phase, feed: PagedFeed<K, EmployeePage>) -> AnyView {
    match phase {
        Phase::Loading => view! { <Skeleton /> }.into_any(),
        Phase::Retrying(notice) => retrying_view(&notice),
        Phase::Failed(e) => error_view(&e, feed.refetch),
        Phase::NoEmployee => view! {
            <StatusMessage state="no-employee" title=|t| t.personal_no_employee_title detail=|t| t.personal_no_employee />
        }
        .into_any(),
        Phase::Shown => {
            let state = use_scoped(move || feed.state.get());
            view! { <PersonalPage state=state load_more=feed.load_more /> }.into_any()
        }
    }
}

/// Made once per token: the figures follow the answer, the list its pages.
#[component]
fn PersonalPage<K>(state: Signal<Feed<K, EmployeePage>>, load_more: Callback<()>) -> impl IntoView
where
    K: Clone + PartialEq + Send + Sync + 'static,
{
    let t = use_texts();
    let page = Memo::new(move |_| {
        state.with(|s| s.page().map(|p| EmployeePage { items: Vec::new(), ..p.clone() }).unwrap_or_default())
    });
    let number = move |v: f64| format::decimal(v, 1, t.get().locale_tag);
    let name =
        Signal::derive(move || page.with(|p| p.employee.as_ref().and_then(|e| e.display_name()).unwrap_or_default()));
    let gap_value = Signal::derive(move || page.with(|p| p.pgap.average_absolute.map_or_else(|| "–".into(), number)));
    let gap_hint =
        Signal::derive(move || fill(t.get().pgap_based_on, &[("n", &page.with(|p| p.pgap.count).to_string())]));
    let sentence = Signal::derive(move || page.with(|p| pgap_wording::sentence(t.get(), &p.pgap, number)));
    let has_items = Memo::new(move |_| state.with(|s| s.page().is_some_and(|p| !p.items.is_empty())));
    view! {
        <div class="personal" data-state="personal">
            <p class="matched">
                <span class="matched__how">{tr(|t| t.personal_heading)}</span>
                <span class="matched__who">{name}</span>
            </p>
            <section class="summary">
                <div class="summary__tiles">
                    {move || view! { <NpsTile summary=page.with(|p| p.summary.clone()) /> }}
                    <div class="tile" data-testid="pgap">
                        <span class="tile__label">{tr(|t| t.pgap_title)}</span>
                        <span class="tile__value">{gap_value}</span>
                        <span class="tile__hint">{gap_hint}</span>
                    </div>
                </div>
                <p class="pgap-sentence">{sentence}</p>
                {move || view! { <CategoryCounts summary=page.with(|p| p.summary.clone()) /> }}
            </section>
            <Show
                when=move || has_items.get()
                fallback=|| view! { <StatusMessage state="personal-empty" title=|t| t.personal_empty_title detail=|t| t.personal_empty /> }
            >
                <h3 class="section-title">{tr(|t| t.personal_recent)}</h3>
                <ResponseList state=state load_more=load_more perspective=Perspective::Personal />
            </Show>
        </div>
    }
}
