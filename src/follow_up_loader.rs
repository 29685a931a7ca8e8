//! The page's follow-up form loader (`feedbackAppFollowUp` in `index.html`).
//!
//! The form and its save are not in the card's wasm: every conversation
//! would pay for them. The page imports them from `src/follow_up_form.js`
//! the first time an agent clicks a response's "Follow up" (one listener on
//! the page for every row), and the form reads what it needs from the page:
//! the row's `data-id`, the follow-up element's `data-status`, the
//! document's language. The one thing it cannot read there is the token: the
//! card hands the loader the token in force whenever the host's parameters
//! change, as a call's argument (never in a URL, a message or the DOM).

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn loader() -> Option<Function> {
    Reflect::get(&js_sys::global(), &JsValue::from_str("feedbackAppFollowUp")).ok()?.dyn_into().ok()
}

/// Whether this page can load the form (the card's page can; a page
/// without the loader offers no "Follow up").
pub fn form_available() -> bool {
    loader().is_some()
}

/// Hands the loader the token in force (`None`: no form opens).
pub fn hand_token(token: Option<&str>) {
    if let Some(load) = loader() {
        let _ = load.call1(&JsValue::NULL, &token.map_or(JsValue::NULL, JsValue::from_str));
    }
}
