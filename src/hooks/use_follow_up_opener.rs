//! Hook: opening a response's follow-up form.
//!
//! The form and its save are not in the card's wasm: every conversation
//! would pay 4.4 KB gzip for them. The page's `feedbackAppFollowUp`
//! (`index.html`) imports them the first time an agent opens a form, from
//! `src/follow_up_form.js`. The card hands it the response's follow-up
//! element, the response, the status shown, the API's base, the token and
//! the language (in memory, never in a URL or a message); the form answers
//! with a `follow-up` event on that element (views/follow_up.rs).

use crate::host::use_host_parameters::HostParameters;
use js_sys::{Function, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

/// What every response's "Follow up" shares.
#[derive(Clone, Copy)]
pub struct FollowUpOpener {
    params: HostParameters,
    base: StoredValue<String>,
}

/// The page's form loader; `None` outside the card's page (no form then).
fn loader() -> Option<Function> {
    Reflect::get(&window(), &JsValue::from_str("feedbackAppFollowUp")).ok()?.dyn_into().ok()
}

/// Lets the responses below offer a form, sending to the API at `base`.
pub fn provide_follow_up_opener(base: &str, params: HostParameters) {
    provide_context(FollowUpOpener { params, base: StoredValue::new(base.to_owned()) });
}

/// The opener, when the card's page can load the form.
pub fn use_follow_up_opener() -> Option<FollowUpOpener> {
    loader()?;
    use_context::<FollowUpOpener>()
}

impl FollowUpOpener {
    /// Opens (or, when open, closes) the form of response `id`, whose
    /// follow-up shows `seen`, in `home`.
    pub fn open(&self, home: &Element, id: &str, seen: &str, locale: &str) {
        let Some(token) = self.params.with_untracked(|p| p.token.clone()) else { return };
        let request = Object::new();
        let base = self.base.get_value();
        for (key, value) in [("id", id), ("seen", seen), ("base", &base), ("token", token.expose()), ("locale", locale)]
        {
            let _ = Reflect::set(&request, &JsValue::from_str(key), &JsValue::from_str(value));
        }
        if let Some(load) = loader() {
            let _ = load.call2(&JsValue::NULL, home, &request);
        }
    }
}
