//! A response's follow-up: its one line ("Waiting for follow-up · 3
//! days", "Followed up by Mette Holm · 2 hours ago: called, refund sent")
//! and the "Follow up" action, which opens the form
//! ([`use_follow_up_opener`]). The form says what to show next with a
//! `follow-up` event on this element, whose detail is the follow-up as JSON
//! (`null`: none), or "" for the follow-up as the list loaded it: at once
//! when the agent saves, then as the service answered, or as it was if the
//! save failed. Always the same elements
//! (empty and hidden when there is nothing to show): one view type, no
//! type erasure, so the row's rendering code is not copied again.

use crate::api::decode::decode_object;
use crate::format;
use crate::hooks::{tr, use_clock, use_follow_up_opener, use_texts};
use crate::views::reactive::text;
use feedback_core::follow_up::{self, FollowUp, FollowUpStatus};
use feedback_core::model::{SurveyResponse, SurveyStatus};
use js_sys::JsString;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub fn follow_up_part(response: &SurveyResponse) -> impl IntoView {
    let t = use_texts();
    let clock = use_clock();
    // Ids go into a path: only the API's numeric ones are offered a form.
    let id = response.id.clone().filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    let opener = id.filter(|_| response.status() == SurveyStatus::Answered).zip(use_follow_up_opener());
    let offered = opener.is_some();
    let loaded = response.follow_up.clone();
    let shown = RwSignal::new(loaded.clone());
    let line = text(move || {
        if let Some(clock) = clock {
            clock.track();
        }
        let locale = t.get().locale_tag;
        let lasted = |iso: &str| format::lasted(iso, locale);
        let ago = |iso: &str| format::relative(iso, locale);
        shown.with(|f| f.as_ref().and_then(|f| follow_up::line(t.get(), f, &lasted, &ago))).unwrap_or_default()
    });
    let seen = move || shown.with(|f| f.as_ref().and_then(|f| f.status).map_or("", FollowUpStatus::as_str));
    view! {
        <div
            class="follow-up"
            data-status=text(move || seen().into())
            on:follow-up=move |ev: web_sys::CustomEvent| {
                let told = ev.detail().as_string().unwrap_or_default();
                shown.set(if told.is_empty() { loaded.clone() } else { decode_object::<FollowUp>(&JsString::from(told)).ok() });
            }
        >
            <p class="follow-up__line">{line}</p>
            <button
                type="button"
                class="follow-up__action"
                data-fu="action"
                hidden=!offered
                aria-expanded="false"
                on:click=move |ev| {
                    let home = ev.current_target().and_then(|b| b.dyn_into::<web_sys::Element>().ok()).and_then(|b| b.parent_element());
                    if let (Some((id, opener)), Some(home)) = (&opener, home) {
                        let seen = match seen() { "" => "none", s => s };
                        opener.open(&home, id, seen, t.get_untracked().locale_tag);
                    }
                }
            >
                {tr(|t| t.fu_action)}
            </button>
        </div>
    }
}
