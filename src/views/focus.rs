//! Where keyboard focus goes when the control the agent used goes away.
//!
//! An action that replaces its own button (try again, open the Personal
//! Page) would drop focus to the page, and a keyboard or screen-reader user
//! would start again from the top. Instead focus moves to the panel now
//! shown, and from there to a button that takes the used one's place.

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

fn active() -> Option<web_sys::Element> {
    document().active_element()
}

/// After the views have followed the action taken with `used`: if focus
/// fell to the page, it goes to the card's visible tab panel.
pub fn keep_in_card(used: &web_sys::Element) {
    let Some(card) = used.closest(".card").ok().flatten() else { return };
    set_timeout(
        move || {
            // Gone, hidden, or already fallen back to the page.
            let lost = active().is_none_or(|a| {
                a.tag_name().eq_ignore_ascii_case("body") || (a.client_width() == 0 && a.client_height() == 0)
            });
            if !lost {
                return;
            }
            let panel = card.query_selector("[role=tabpanel]:not([hidden])").ok().flatten();
            if let Some(panel) = panel.and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = panel.focus();
            }
        },
        Duration::ZERO,
    );
}

/// A button shown where focus was parked on its panel takes the focus.
pub fn take_over_from_panel(button: &web_sys::HtmlElement) {
    let panel = button.closest("[role=tabpanel]").ok().flatten();
    if panel.is_some_and(|p| active().is_some_and(|a| a == p)) {
        let _ = button.focus();
    }
}
