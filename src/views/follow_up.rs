//! A response's follow-up: its one line ("Waiting for follow-up · 3
//! days", "Followed up by Mette Holm · 2 hours ago: called, refund sent")
//! and the "Follow up" action that opens its form
//! ([`use_follow_up_form`]). Always the same elements (empty and hidden
//! when there is nothing to show): one view type, no type erasure, so the
//! row's rendering code is not copied again.

use crate::format;
use crate::hooks::{tr, use_clock, use_follow_up_form, use_texts};
use crate::views::reactive::text;
use feedback_core::follow_up::{self, FollowUpStatus};
use feedback_core::model::{SurveyResponse, SurveyStatus};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn element(target: Option<web_sys::EventTarget>) -> Option<web_sys::Element> {
    target.and_then(|t| t.dyn_into().ok())
}

pub fn follow_up_part(response: &SurveyResponse) -> impl IntoView {
    let t = use_texts();
    let clock = use_clock();
    // Ids go into a path: only the API's numeric ones are offered a form.
    let id = response.id.clone().filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    let shown = RwSignal::new(response.follow_up.clone());
    let form = id.filter(|_| response.status() == SurveyStatus::Answered).and_then(|id| use_follow_up_form(id, shown));
    let line = text(move || {
        if let Some(clock) = clock {
            clock.track();
        }
        let locale = t.get().locale_tag;
        let lasted = |iso: &str| format::lasted(iso, locale);
        let ago = |iso: &str| format::relative(iso, locale);
        shown.with(|f| f.as_ref().and_then(|f| follow_up::line(t.get(), f, &lasted, &ago))).unwrap_or_default()
    });
    let status =
        text(move || shown.with(|f| f.as_ref().and_then(|f| f.status).map_or("", FollowUpStatus::as_str)).into());
    let offered = form.is_some();
    view! {
        <div
            class="follow-up"
            data-status=status
            on:click=move |ev| {
                if let Some(form) = &form {
                    form.on_click(element(ev.current_target()), element(ev.target()));
                }
            }
        >
            <p class="follow-up__line">{line}</p>
            <button type="button" class="follow-up__action" data-fu="action" hidden=!offered aria-expanded="false">
                {tr(|t| t.fu_action)}
            </button>
        </div>
    }
}
