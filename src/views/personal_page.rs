//! The agent's Personal Page: their NPS, P-GAP and responses about them.

use crate::format;
use crate::hooks::{tr, use_scoped, use_texts, Feed, ListView, PagedFeed};
use crate::views::reactive::text;
use crate::views::response_item::Perspective;
use crate::views::response_list::ResponseList;
use crate::views::status::{common_phase_view, phase_panel, Phase, StatusMessage};
use crate::views::summary::{CategoryCounts, NpsTile};
use feedback_core::follow_up;
use feedback_core::i18n::fill;
use feedback_core::model::EmployeePage;
use feedback_core::pgap_wording;
use leptos::prelude::*;

#[component]
pub fn PersonalPanel(feed: PagedFeed<EmployeePage>) -> impl IntoView {
    let phase = Memo::new(move |_| {
        feed.state.with(|s| match &s.answer {
            Some(Err(e)) => Phase::Failed(e.clone()),
            Some(Ok(p)) if p.employee.is_none() => Phase::NoEmployee,
            Some(Ok(_)) => Phase::Shown,
            None => s.retry.clone().map_or(Phase::Loading, Phase::Retrying),
        })
    });
    phase_panel(phase, move |phase| {
        if let Some(common) = common_phase_view(&phase, feed.refetch) {
            return common;
        }
        if phase == Phase::NoEmployee {
            return view! {
                <StatusMessage state="no-employee" title=|t| t.personal_no_employee_title detail=|t| t.personal_no_employee />
            }
            .into_any();
        }
        // Made per answer: any new key or a retry starts the feed again
        // (`Keep::Nothing`), which leaves this phase, so the answer shown
        // here does not change; only the list's pages do, read through a bridge.
        let s = feed.state;
        let (page, empty) = s.with_untracked(|s| {
            // The page's responses are in the feed's rows, not in the page.
            let page = s
                .page()
                .map(|p| EmployeePage {
                    employee: p.employee.clone(),
                    summary: p.summary.clone(),
                    pgap: p.pgap,
                    follow_ups: p.follow_ups.clone(),
                    items: Vec::new(),
                    page: p.page,
                    page_size: p.page_size,
                    total: p.total,
                })
                .unwrap_or_default();
            (page, s.loaded.is_empty())
        });
        let list = use_scoped(move || s.with(Feed::list));
        view! { <PersonalPage page=page empty=empty list=list load_more=feed.load_more /> }.into_any()
    })
}

/// Made once per answer (`page`, without its responses; `empty`: it had
/// none): the figures follow the locale, the list its pages.
#[component]
fn PersonalPage(page: EmployeePage, empty: bool, list: Memo<ListView>, load_more: Callback<()>) -> impl IntoView {
    let t = use_texts();
    let number = move |v: f64| format::decimal(v, 1, t.get().locale_tag);
    let name = page.employee.as_ref().and_then(|e| e.display_name()).unwrap_or_default();
    // The agent's own follow-ups, when the service counts them.
    let follow_ups = page.follow_ups.clone();
    let mine = text(move || {
        let integer = |n: u64| format::integer(n as f64, t.get().locale_tag);
        follow_ups.as_ref().map(|s| follow_up::mine(t.get(), s, &integer)).unwrap_or_default()
    });
    let pgap = page.pgap;
    let gap_value = text(move || pgap_wording::tile(&pgap).map_or_else(|| "–".into(), number));
    let count = pgap.count;
    let gap_hint =
        text(move || fill(t.get().pgap_based_on, &[("n", &format::integer(count as f64, t.get().locale_tag))]));
    let sentence = text(move || pgap_wording::sentence(t.get(), &pgap, number));
    let list = if empty {
        view! { <StatusMessage state="personal-empty" title=|t| t.personal_empty_title detail=|t| t.personal_empty /> }
            .into_any()
    } else {
        view! {
            <h3 class="section-title">{tr(|t| t.personal_recent)}</h3>
            <ResponseList list=list load_more=load_more perspective=Perspective::Personal />
        }
        .into_any()
    };
    view! {
        <div class="personal" data-state="personal">
            <p class="matched">
                <span class="matched__how">{tr(|t| t.personal_heading)}</span>
                <span class="matched__who">{name}</span>
            </p>
            <section class="summary">
                <div class="summary__tiles">
                    <NpsTile summary=page.summary.clone() />
                    <div class="tile" data-testid="pgap">
                        <span class="tile__label">{tr(|t| t.pgap_title)}</span>
                        <span class="tile__value">{gap_value}</span>
                        <span class="tile__hint">{gap_hint}</span>
                    </div>
                </div>
                <p class="pgap-sentence">{sentence}</p>
                <p class="pgap-sentence follow-ups">{mine}</p>
                <CategoryCounts summary=page.summary />
            </section>
            {list}
        </div>
    }
}
