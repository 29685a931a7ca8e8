//! A feed's visible responses as keyed rows, and the "show more" row.
//!
//! Rows are keyed by response id: showing more, a new page, a retry notice
//! or a locale change adds or updates rows, never remakes them.

use crate::hooks::{use_texts, ListView};
use crate::views::reactive::{dynamic, text};
use crate::views::response_item::{Perspective, ResponseItem};
use feedback_core::i18n::fill;
use feedback_core::model::SurveyResponse;
use leptos::prelude::*;
use std::collections::BTreeSet;

/// A row's key: the response id, or its position when the id is missing
/// or repeated (a tolerant decoder lets both through).
type RowKey = (Option<String>, usize);

fn keyed(items: Vec<SurveyResponse>) -> Vec<(RowKey, SurveyResponse)> {
    let mut seen = BTreeSet::new();
    items
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let key = match &r.id {
                Some(id) if seen.insert(id.clone()) => (Some(id.clone()), 0),
                _ => (None, i),
            };
            (key, r)
        })
        .collect()
}

#[component]
pub fn ResponseList(list: Signal<ListView>, load_more: Callback<()>, perspective: Perspective) -> impl IntoView {
    view! {
        <ul class="responses">
            <For each=move || list.with(|l| keyed(l.rows.clone())) key=|(key, _)| key.clone() let:((_, response))>
                <ResponseItem response=response perspective=perspective />
            </For>
        </ul>
        <LoadMore list=list load_more=load_more />
    }
}

/// "3 of 25", why more failed or waits, and the button. The button stays
/// the same element while a page loads (marked busy, not disabled), so
/// keyboard focus stays on it.
#[component]
fn LoadMore(list: Signal<ListView>, load_more: Callback<()>) -> impl IntoView {
    let t = use_texts();
    let loading = move || list.with(|l| l.loading);
    let counter = text(move || {
        let (shown, total) = list.with(|l| (l.rows.len().to_string(), l.total.to_string()));
        fill(t.get().showing, &[("shown", &shown), ("total", &total)])
    });
    let problem = dynamic(move || {
        let t = t.get();
        list.with(|l| match (l.retry_in, l.failed) {
            (Some(n), _) => Some(fill(t.retrying_in, &[("n", &n.to_string())])),
            (None, true) => Some(t.load_more_failed.to_owned()),
            _ => None,
        })
        .map(|text| view! { <span class="more__error" role="alert">{text}</span> })
        .into_any()
    });
    // Remade only when it appears or goes, so focus stays on it meanwhile.
    let has_more = Memo::new(move |_| list.with(|l| l.has_more));
    view! {
        <div class="more">
            <span class="more__count">{counter}</span>
            {problem}
            {dynamic(move || has_more.get().then(|| view! {
                <button
                    type="button"
                    class="button"
                    aria-disabled=text(move || loading().to_string())
                    aria-busy=text(move || loading().to_string())
                    on:click=move |_| load_more.run(())
                >
                    {text(move || (if loading() { t.get().loading_more } else { t.get().load_more }).to_owned())}
                </button>
            }).into_any())}
        </div>
    }
}
