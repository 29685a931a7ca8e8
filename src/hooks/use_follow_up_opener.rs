//! Hook: opening a response's follow-up form.
//!
//! The form and its save are not in the card's wasm: every conversation
//! would pay for them. The page's `feedbackAppFollowUp` (`index.html`)
//! imports them the first time an agent opens a form, from
//! `src/follow_up_form.js`. The card hands it the response's follow-up
//! element and the token, in memory (never in a URL or a message); the form
//! reads the rest from the page (the row's `data-id`, the element's
//! `data-status`, the document's language) and answers with a `follow-up`
//! event on that element (views/follow_up.rs).

use crate::host::use_host_parameters::HostParameters;
use js_sys::{Function, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Event;

/// What every response's "Follow up" shares: the token in force.
#[derive(Clone, Copy)]
pub struct FollowUpOpener(HostParameters);

/// The page's form loader; `None` outside the card's page (no form then).
fn loader() -> Option<Function> {
    Reflect::get(&window(), &JsValue::from_str("feedbackAppFollowUp")).ok()?.dyn_into().ok()
}

/// Lets the responses below offer a form.
pub fn provide_follow_up_opener(params: HostParameters) {
    provide_context(FollowUpOpener(params));
}

/// The opener, when the card's page can load the form.
pub fn use_follow_up_opener() -> Option<FollowUpOpener> {
    loader()?;
    use_context::<FollowUpOpener>()
}

impl FollowUpOpener {
    /// Opens (or, when open, closes) the form of the response whose "Follow
    /// up" was clicked (`click`).
    pub fn open(self, click: &Event) {
        let token = self.0.with_untracked(|p| p.token.as_ref().map(|t| JsValue::from_str(t.expose())));
        if let (Some(token), Some(load)) = (token, loader()) {
            let _ = load.call2(&JsValue::NULL, click, &token);
        }
    }
}
