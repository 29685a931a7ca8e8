//! nps.today Feedback App for Dixa custom cards.
//!
//! `feedback_core` holds the pure logic (protocol, models, maths); this
//! crate is the browser side: talking to the host frame, calling the API,
//! and the views.

pub mod api;
pub mod app;
pub mod config;
pub mod follow_up_loader;
pub mod format;
pub mod hooks;
pub mod host;
pub mod loaders;
pub mod theme;
pub mod views;

use leptos::mount::mount_to;
use wasm_bindgen::JsCast;

/// Mounts the app into `#app` (or the body) for the life of the page.
pub fn start() {
    // Panic messages in the console; the release build (scripts/build-card.sh)
    // aborts at once instead, so there is no message and no hook to ship.
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = document
        .get_element_by_id("app")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .or_else(|| document.body())
    else {
        return;
    };
    // index.html pre-paints the card's frame; the app takes its place in
    // the same task, so no frame is painted without either.
    root.set_inner_html("");
    // The page lives as long as the app: keep it mounted for good.
    let handle = mount_to(root, app::App);
    handle.forget();
}
