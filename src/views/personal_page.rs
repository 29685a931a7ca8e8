//! The agent's Personal Page: their NPS, P-GAP and responses about them.

use crate::format;
use crate::views::more_pages::{visible_items, MorePages, PagedResponses};
use crate::views::response_item::Perspective;
use crate::views::status::StatusMessage;
use crate::views::summary::{CategoryCounts, NpsTile};
use feedback_core::i18n::{fill, Texts};
use feedback_core::model::EmployeePage;
use feedback_core::pgap::Direction;
use leptos::prelude::*;

fn pgap_sentence(t: &'static Texts, page: &EmployeePage) -> String {
    let pgap = &page.pgap;
    let n = |v: f64| format::decimal(v, 1, t.locale_tag);
    match (pgap.direction(), pgap.average_signed, pgap.average_absolute) {
        (Some(Direction::Overestimates), Some(s), _) => fill(t.pgap_overestimate, &[("n", &n(s.abs()))]),
        (Some(Direction::Underestimates), Some(s), _) => fill(t.pgap_underestimate, &[("n", &n(s.abs()))]),
        (Some(Direction::Accurate), _, Some(a)) => fill(t.pgap_accurate, &[("n", &n(a))]),
        _ => t.pgap_none.to_owned(),
    }
}

#[component]
pub fn PersonalPage(
    page: EmployeePage,
    more: Option<MorePages>,
    visible: usize,
    texts: &'static Texts,
    on_load_more: Callback<()>,
) -> impl IntoView {
    let t = texts;
    let Some(employee) = page.employee.clone() else {
        return view! { <StatusMessage state="no-employee" title=t.personal_no_employee_title detail=t.personal_no_employee /> }.into_any();
    };
    let more = more.unwrap_or_default();
    let (items, has_more) = visible_items(&page.items, page.has_more(), &more, visible);
    let gap_value =
        page.pgap.average_absolute.map(|a| format::decimal(a, 1, t.locale_tag)).unwrap_or_else(|| "–".into());
    let gap_hint = fill(t.pgap_based_on, &[("n", &page.pgap.count.to_string())]);
    let sentence = pgap_sentence(t, &page);
    let list = if items.is_empty() {
        view! { <StatusMessage state="personal-empty" title=t.personal_empty_title detail=t.personal_empty /> }
            .into_any()
    } else {
        view! {
            <h3 class="section-title">{t.personal_recent}</h3>
            <PagedResponses items=items total=page.total has_more=has_more more=more perspective=Perspective::Personal texts=t on_load=on_load_more />
        }
        .into_any()
    };
    view! {
        <div class="personal" data-state="personal">
            <p class="matched">
                <span class="matched__how">{t.personal_heading}</span>
                <span class="matched__who">{employee.display_name().unwrap_or_default()}</span>
            </p>
            <section class="summary">
                <div class="summary__tiles">
                    <NpsTile summary=page.summary.clone() texts=t />
                    <div class="tile" data-testid="pgap">
                        <span class="tile__label">{t.pgap_title}</span>
                        <span class="tile__value">{gap_value}</span>
                        <span class="tile__hint">{gap_hint}</span>
                    </div>
                </div>
                <p class="pgap-sentence">{sentence}</p>
                <CategoryCounts summary=page.summary.clone() texts=t />
            </section>
            {list}
        </div>
    }
    .into_any()
}
