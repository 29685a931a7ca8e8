//! "Load more": the pages after the first, fetched on request.

use crate::loaders::LookupKey;
use crate::views::response_item::{Perspective, ResponseItem};
use feedback_core::i18n::{fill, Texts};
use feedback_core::model::{ResponseFilter, SurveyResponse};
use leptos::prelude::*;

/// Pages 2… of a list, for the key and filter they were fetched for.
#[derive(Clone, Debug, Default)]
pub struct MorePages {
    pub key: Option<(LookupKey, ResponseFilter)>,
    pub items: Vec<SurveyResponse>,
    pub next_page: u32,
    pub has_more: bool,
    pub loading: bool,
    pub failed: bool,
}

/// What a list shows: the first `visible` of the loaded responses, and
/// whether "show more" has anything left (loaded or on the server).
pub fn visible_items(
    first: &[SurveyResponse],
    first_has_more: bool,
    more: &MorePages,
    visible: usize,
) -> (Vec<SurveyResponse>, bool) {
    let server_has_more = if more.next_page > 0 { more.has_more } else { first_has_more };
    let loaded = first.len() + more.items.len();
    let items: Vec<SurveyResponse> = first.iter().chain(more.items.iter()).take(visible).cloned().collect();
    let has_more = items.len() < loaded || server_has_more;
    (items, has_more)
}

/// Shows `MORE_STEP` more; `true` when that goes past what is loaded, so
/// the next page must be fetched.
pub fn reveal_more(visible: RwSignal<usize>, loaded: usize) -> bool {
    let now = visible.get_untracked() + MORE_STEP;
    visible.set(now);
    now > loaded
}

impl MorePages {
    /// The extra pages if they belong to `key`, else nothing.
    pub fn for_key(&self, key: &(LookupKey, ResponseFilter)) -> Option<&MorePages> {
        (self.key.as_ref() == Some(key)).then_some(self)
    }
}

/// Responses shown before the agent asks for more: keeps the first view
/// of the card about 400 px tall.
pub const FIRST_VIEW_ITEMS: usize = 3;
/// Responses added per "Show more".
pub const MORE_STEP: usize = 10;

#[component]
pub fn LoadMore(
    shown: usize,
    total: u64,
    has_more: bool,
    loading: bool,
    failed: bool,
    texts: &'static Texts,
    on_load: Callback<()>,
) -> impl IntoView {
    let counter = fill(texts.showing, &[("shown", &shown.to_string()), ("total", &total.to_string())]);
    view! {
        <div class="more">
            <span class="more__count">{counter}</span>
            {failed.then(|| view! { <span class="more__error" role="alert">{texts.load_more_failed}</span> })}
            {has_more.then(|| view! {
                <button type="button" class="button" disabled=loading aria-busy=loading.to_string() on:click=move |_| on_load.run(())>
                    {if loading { texts.loading_more } else { texts.load_more }}
                </button>
            })}
        </div>
    }
}

/// The visible responses and the "show more" row under them.
#[component]
pub fn PagedResponses(
    items: Vec<SurveyResponse>,
    total: u64,
    has_more: bool,
    more: MorePages,
    perspective: Perspective,
    texts: &'static Texts,
    on_load: Callback<()>,
) -> impl IntoView {
    let shown = items.len();
    view! {
        <ul class="responses">
            {items.into_iter().map(|r| view! { <ResponseItem response=r texts=texts perspective=perspective /> }).collect_view()}
        </ul>
        <LoadMore shown=shown total=total has_more=has_more loading=more.loading failed=more.failed texts=texts on_load=on_load />
    }
}
