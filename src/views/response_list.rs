//! A feed's visible responses as keyed rows, and the "show more" row.
//!
//! Rows are shared (`Arc`) and keyed by their answer and place: showing
//! more adds rows without copying or remaking the ones above, a retry
//! notice or a locale change updates rows in place.

use crate::format;
use crate::hooks::use_paged_feed::{FIRST_VIEW_ITEMS, MORE_STEP};
use crate::hooks::{use_texts, ListView};
use crate::views::focus;
use crate::views::reactive::{dynamic, text};
use crate::views::response_item::{Perspective, ResponseItem};
use feedback_core::digits;
use feedback_core::i18n::fill;
use feedback_core::model::SurveyResponse;
use leptos::prelude::*;
use std::sync::Arc;

/// Where the "show more" step that shows row `i` starts: 0, 3, 13, 23, …
pub fn step_start(i: usize) -> usize {
    if i < FIRST_VIEW_ITEMS {
        0
    } else {
        i - (i - FIRST_VIEW_ITEMS) % MORE_STEP
    }
}

/// The shown rows, keyed by (answer, place).
fn keyed(l: &ListView) -> Vec<((u32, usize), Arc<SurveyResponse>)> {
    l.rows.items[..l.shown].iter().enumerate().map(|(i, r)| ((l.rows.epoch, i), r.clone())).collect()
}

#[component]
pub fn ResponseList(list: Memo<ListView>, load_more: Callback<()>, perspective: Perspective) -> impl IntoView {
    view! {
        <ul class="responses">
            <For each=move || list.with(keyed) key=|(key, _)| *key let:((_, response))>
                <ResponseItem response=response perspective=perspective />
            </For>
        </ul>
        <LoadMore list=list load_more=load_more />
    }
}

/// "3 of 25", why more failed or waits, and the button. The button stays
/// the same element while a page loads (marked busy, not disabled), so
/// keyboard focus stays on it; when the last page is shown and the button
/// goes, focus moves to the first row it revealed.
#[component]
fn LoadMore(list: Memo<ListView>, load_more: Callback<()>) -> impl IntoView {
    let t = use_texts();
    let loading = move || list.with(|l| l.loading);
    let counter = text(move || {
        let locale = t.get().locale_tag;
        let (shown, total) =
            list.with(|l| (format::integer(l.shown as f64, locale), format::integer(l.total as f64, locale)));
        fill(t.get().showing, &[("shown", &shown), ("total", &total)])
    });
    // Announced by the card's live region; shown here beside the button.
    let problem = dynamic(move || {
        let t = t.get();
        list.with(|l| match (l.retry_in, l.failed) {
            (Some(n), _) => Some(fill(t.retrying_in, &[("n", &digits::unsigned(n.into()))])),
            (None, true) => Some(t.load_more_failed.to_owned()),
            _ => None,
        })
        .map(|text| view! { <span class="more__error">{text}</span> })
        .into_any()
    });
    // Remade only when it appears or goes, so focus stays on it meanwhile.
    let has_more = Memo::new(move |_| list.with(|l| l.has_more));
    view! {
        <div class="more">
            <span class="more__count">{counter}</span>
            {problem}
            {dynamic(move || {
                let more = has_more.get();
                if !more {
                    focus::first_row_of_last_step(list.with_untracked(|l| l.shown));
                }
                more.then(|| view! {
                <button
                    type="button"
                    class="button"
                    aria-disabled=text(move || digits::boolean(loading()).to_owned())
                    aria-busy=text(move || digits::boolean(loading()).to_owned())
                    on:click=move |_| load_more.run(())
                >
                    {text(move || (if loading() { t.get().loading_more } else { t.get().load_more }).to_owned())}
                </button>
            }).into_any()})}
        </div>
    }
}
