//! The card's one live region: polite, present from the start (a region
//! inserted already filled is not announced), and says what the agent
//! cannot watch happen: loading, loaded and how many, failed, trying again.

use crate::format;
use crate::hooks::use_paged_feed::Progress;
use crate::hooks::use_texts;
use crate::views::reactive::text;
use crate::views::status::{failure_title, retry_words};
use feedback_core::i18n::{fill, Texts};
use leptos::prelude::*;

fn words(t: &'static Texts, progress: Progress) -> String {
    match progress {
        Progress::Connecting => t.connecting.to_owned(),
        Progress::Loading => t.loading.to_owned(),
        Progress::Retrying(notice) => retry_words(t, &notice),
        Progress::Failed(error) => fill(t.live_failed, &[("reason", failure_title(&error)(t))]),
        Progress::Loaded { total, shown } => {
            let shown = format::integer(shown as f64, t.locale_tag);
            fill(t.live_loaded, &[("responses", &format::responses(t, total)), ("shown", &shown)])
        }
        Progress::LoadingMore => t.loading_more.to_owned(),
        Progress::MoreFailed => t.load_more_failed.to_owned(),
    }
}

/// What the region says about the list on screen, following `progress`.
pub fn announcement(
    progress: impl Fn() -> Progress + Send + Sync + 'static,
) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let t = use_texts();
    text(move || words(t.get(), progress()))
}

/// `said`: an [`announcement`].
#[component]
pub fn LiveRegion(said: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    view! { <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" id="live">{said}</p> }
}
