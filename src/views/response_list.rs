//! A feed's visible responses, and the "show more" row.
//!
//! Rows are made in the steps they were revealed (the first view, then each
//! "show more"), keyed by their place: showing more adds one step's rows and
//! compares one key per step, never the rows above; a retry notice or a
//! locale change updates rows in place.

use crate::format;
use crate::hooks::use_paged_feed::{FIRST_VIEW_ITEMS, MORE_STEP};
use crate::hooks::{use_texts, ListView, VisibleRows};
use crate::views::reactive::{dynamic, text};
use crate::views::response_item::{Perspective, ResponseItem};
use feedback_core::i18n::fill;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One reveal step's rows: (epoch, first, end) and the rows.
type Step = ((u32, usize, usize), VisibleRows);

/// The shown rows cut where "show more" cuts them: 0..3, 3..13, 13..23, …
fn steps(v: &VisibleRows) -> Vec<Step> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut end = FIRST_VIEW_ITEMS;
    while start < v.shown {
        let stop = end.min(v.shown);
        out.push(((v.rows.epoch, start, stop), v.clone()));
        start = end;
        end += MORE_STEP;
    }
    out
}

#[component]
pub fn ResponseList(
    rows: Signal<VisibleRows>,
    list: Signal<ListView>,
    load_more: Callback<()>,
    perspective: Perspective,
) -> impl IntoView {
    let ul = NodeRef::<leptos::html::Ul>::new();
    view! {
        <ul class="responses" node_ref=ul>
            <For each=move || rows.with(steps) key=|(key, _)| *key let:((range, v))>
                {v.rows.items[range.1..range.2]
                    .iter()
                    .map(|r| view! { <ResponseItem response=(**r).clone() perspective=perspective /> })
                    .collect_view()}
            </For>
        </ul>
        <LoadMore list=list load_more=load_more rows=ul />
    }
}

/// "3 of 25", why more failed or waits, and the button. The button stays
/// the same element while a page loads (marked busy, not disabled), so
/// keyboard focus stays on it; when the last page is shown and the button
/// goes, focus moves to the first row it revealed.
#[component]
fn LoadMore(list: Signal<ListView>, load_more: Callback<()>, rows: NodeRef<leptos::html::Ul>) -> impl IntoView {
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
            (Some(n), _) => Some(fill(t.retrying_in, &[("n", &n.to_string())])),
            (None, true) => Some(t.load_more_failed.to_owned()),
            _ => None,
        })
        .map(|text| view! { <span class="more__error">{text}</span> })
        .into_any()
    });
    // Remade only when it appears or goes, so focus stays on it meanwhile.
    let has_more = Memo::new(move |_| list.with(|l| l.has_more));
    // Rows shown when the button was last pressed: the first row it revealed.
    let pressed_at = StoredValue::new(None::<usize>);
    Effect::new(move |_| {
        if has_more.get() {
            return;
        }
        let Some(first_new) = pressed_at.try_update_value(Option::take).flatten() else { return };
        let row = rows.get_untracked().and_then(|ul| ul.children().item(first_new as u32));
        if let Some(row) = row.and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = row.set_attribute("tabindex", "-1");
            let _ = row.focus();
        }
    });
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
                    on:click=move |_| {
                        pressed_at.set_value(Some(list.with_untracked(|l| l.shown)));
                        load_more.run(());
                    }
                >
                    {text(move || (if loading() { t.get().loading_more } else { t.get().load_more }).to_owned())}
                </button>
            }).into_any())}
        </div>
    }
}
