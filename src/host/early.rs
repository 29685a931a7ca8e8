//! The hand-over from `index.html`'s inline script, which runs before the
//! WASM has loaded: it says READY (and again each second until the host
//! answers), keeps the newest parameters the host sent, and already sends
//! the first customer request with them. The app takes the parameters when
//! it starts listening, and the request when it sends the same one.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, MessageEvent};

/// Name of the inline script's global (see `index.html`).
const EARLY: &str = "feedbackAppEarly";

fn early_method(name: &str) -> Option<(JsValue, Function)> {
    let window = web_sys::window()?;
    let early = Reflect::get(&window, &JsValue::from_str(EARLY)).ok().filter(JsValue::is_object)?;
    let method = Reflect::get(&early, &JsValue::from_str(name)).ok()?.dyn_into::<Function>().ok()?;
    Some((early, method))
}

/// The host's messages the inline script kept, as messages to apply in
/// order (the newest value of each parameter), and stops it keeping more.
/// `None` when there is no inline script (tests mount the card without it)
/// or its READY was already claimed: the app then posts READY.
pub fn take_early_messages() -> Option<Vec<MessageEvent>> {
    let (early, take) = early_method("take")?;
    let kept = take.call0(&early).ok()?.dyn_into::<Array>().ok()?;
    Some(kept.iter().filter_map(|e| e.dyn_into::<MessageEvent>().ok()).collect())
}

/// A request the inline script sent before the app started.
pub struct EarlyResponse {
    /// Resolves to the `Response`, as `fetch` does.
    pub response: Promise,
    /// Aborts it.
    pub controller: AbortController,
}

/// The inline script's request, if it is this one (same URL, same
/// `Authorization`); it can be taken once. Asking for any other request
/// aborts it: the app has moved on.
pub fn claim_early_response(url: &str, authorization: &str) -> Option<EarlyResponse> {
    let (early, claim) = early_method("claim")?;
    let found = claim.call2(&early, &JsValue::from_str(url), &JsValue::from_str(authorization)).ok()?;
    if !found.is_object() {
        return None;
    }
    let field = |name: &str| Reflect::get(&found, &JsValue::from_str(name)).ok();
    Some(EarlyResponse {
        response: field("response")?.dyn_into().ok()?,
        controller: field("controller")?.dyn_into().ok()?,
    })
}
