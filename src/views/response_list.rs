//! A feed's visible responses as keyed rows, and the "show more" row.
//!
//! Rows are keyed by response id: showing more, a new page, a retry notice
//! or a locale change adds or updates rows, never remakes them.

use crate::hooks::{use_texts, Feed};
use crate::views::response_item::{Perspective, ResponseItem};
use feedback_core::i18n::fill;
use feedback_core::model::{Paged, SurveyResponse};
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
pub fn ResponseList<K, P>(state: Signal<Feed<K, P>>, load_more: Callback<()>, perspective: Perspective) -> impl IntoView
where
    K: Clone + PartialEq + Send + Sync + 'static,
    P: Paged + Clone + PartialEq + Send + Sync + 'static,
{
    let rows = Memo::new(move |_| state.with(|s| keyed(s.visible_items())));
    view! {
        <ul class="responses">
            <For each=move || rows.get() key=|(key, _)| key.clone() let:((_, response))>
                <ResponseItem response=response perspective=perspective />
            </For>
        </ul>
        <LoadMore state=state load_more=load_more shown=Signal::derive(move || rows.with(Vec::len)) />
    }
}

/// "3 of 25", why more failed or waits, and the button. The button stays
/// the same element while a page loads (marked busy, not disabled), so
/// keyboard focus stays on it.
#[component]
fn LoadMore<K, P>(state: Signal<Feed<K, P>>, load_more: Callback<()>, shown: Signal<usize>) -> impl IntoView
where
    K: Clone + PartialEq + Send + Sync + 'static,
    P: Paged + Clone + PartialEq + Send + Sync + 'static,
{
    let t = use_texts();
    let s = state;
    let loading = move || s.with(|s| s.more_loading);
    let counter = Signal::derive(move || {
        let total = s.with(|s| s.total()).to_string();
        fill(t.get().showing, &[("shown", &shown.get().to_string()), ("total", &total)])
    });
    let problem = move || {
        let t = t.get();
        s.with(|s| match (&s.more_retry, s.more_failed) {
            (Some(n), _) => Some(fill(t.retrying_in, &[("n", &n.seconds.to_string())])),
            (None, true) => Some(t.load_more_failed.to_owned()),
            _ => None,
        })
        .map(|text| view! { <span class="more__error" role="alert">{text}</span> })
    };
    let has_more = Memo::new(move |_| s.with(|s| s.has_more()));
    view! {
        <div class="more">
            <span class="more__count">{counter}</span>
            {problem}
            <Show when=move || has_more.get()>
                <button
                    type="button"
                    class="button"
                    aria-disabled=move || loading().to_string()
                    aria-busy=move || loading().to_string()
                    on:click=move |_| load_more.run(())
                >
                    {Signal::derive(move || if loading() { t.get().loading_more } else { t.get().load_more })}
                </button>
            </Show>
        </div>
    }
}
