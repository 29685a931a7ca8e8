//! The hand-over from `index.html`'s inline script, which says READY as soon
//! as the page is parsed (before the WASM has loaded) and keeps the host's
//! messages until the app takes them.

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::MessageEvent;

/// Name of the inline script's global (see `index.html`).
const EARLY: &str = "feedbackAppEarly";

/// The messages the inline script kept, oldest first, and stops it keeping
/// more. `None` when there is no inline script (tests mount the card
/// without it) or its READY was already claimed: the app then posts READY.
pub fn take_early_messages() -> Option<Vec<MessageEvent>> {
    let window = web_sys::window()?;
    let early = Reflect::get(&window, &JsValue::from_str(EARLY)).ok().filter(JsValue::is_object)?;
    let take = Reflect::get(&early, &JsValue::from_str("take")).ok()?.dyn_into::<Function>().ok()?;
    let kept = take.call0(&early).ok()?.dyn_into::<Array>().ok()?;
    Some(kept.iter().filter_map(|e| e.dyn_into::<MessageEvent>().ok()).collect())
}
