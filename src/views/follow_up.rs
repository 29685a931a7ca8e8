//! A response's follow-up: its one line ("Waiting for follow-up ·
//! opened 3 days ago", "Followed up by Mette Holm · 2 hours ago: called, refund sent")
//! and the "Follow up" action, which opens the form (the page's loader
//! listens for its clicks, [`follow_up_loader`]). The form says what to show next with a
//! `follow-up` event on this element, whose detail is the response as the
//! API lists it (`{"items":[{"id","followUp"}]}`, read by the reader the
//! lists are read with), `followUp: null` for the follow-up as the list
//! loaded it: at once when the agent saves, then as the service answered,
//! or as it was if the save failed. Always the same elements
//! (empty and hidden when there is nothing to show): one view type, no
//! type erasure, so the row's rendering code is not copied again.

use crate::api::decode::decode_object;
use crate::follow_up_loader;
use crate::format;
use crate::hooks::{tr, use_clock, use_texts};
use crate::views::reactive::text;
use feedback_core::follow_up::{self, FollowUpStatus};
use feedback_core::model::{RespondentResponsesPage, SurveyResponse, SurveyStatus};
use js_sys::JsString;
use leptos::prelude::*;
use std::sync::{Arc, Mutex};
use wasm_bindgen::JsCast;

pub fn follow_up_part(response: &SurveyResponse) -> impl IntoView {
    let t = use_texts();
    let clock = use_clock();
    // Ids go into a path: only the API's numeric ones are offered a form.
    let numbered = response.id.as_deref().is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    let offered = numbered && response.status() == SurveyStatus::Answered && follow_up_loader::form_available();
    let loaded = response.follow_up.clone();
    // What the row shows, and a bool flipped when the form changes it (a
    // bool signal shares its code with the card's others; a signal of the
    // follow-up itself would bring its own).
    let shown = Arc::new(Mutex::new(loaded.clone()));
    let changed = RwSignal::new(false);
    let shown_in_line = shown.clone();
    let line = text(move || {
        changed.track();
        if let Some(clock) = clock {
            clock.track();
        }
        let locale = t.get().locale_tag;
        let ago = |iso: &str| format::relative(iso, locale);
        let shown = shown_in_line.lock().ok();
        shown.and_then(|f| f.as_ref().and_then(|f| follow_up::line(t.get(), f, &ago))).unwrap_or_default()
    });
    let shown_in_status = shown.clone();
    let seen = move || {
        changed.track();
        let shown = shown_in_status.lock().ok();
        shown.and_then(|f| f.as_ref().and_then(|f| f.status)).map_or("", FollowUpStatus::as_str)
    };
    view! {
        <div
            class="follow-up"
            data-status=text(move || seen().into())
            on:follow-up=move |ev: web_sys::CustomEvent| {
                let mut told = ev.detail().dyn_into::<JsString>().ok().and_then(|text| decode_object::<RespondentResponsesPage>(&text).ok()).map(|page| page.items).unwrap_or_default();
                if let Ok(mut shown) = shown.lock() {
                    *shown = told.pop().and_then(|item| item.follow_up).or_else(|| loaded.clone());
                }
                changed.update(|c| *c = !*c);
            }
        >
            <p class="follow-up__line">{line}</p>
            <button
                type="button"
                class="follow-up__action"
                hidden=!offered
                aria-expanded="false"
            >
                {tr(|t| t.fu_action)}
            </button>
        </div>
    }
}
