//! Where keyboard focus goes when the control the agent used goes away.
//!
//! An action that replaces its own button (try again, open the Personal
//! Page, the last "show more") would drop focus to the page, and a keyboard
//! or screen-reader user would start again from the top. Instead focus
//! moves to what the action revealed, or to the panel now shown and from
//! there to a button that takes the used one's place.

use crate::views::response_list::step_start;
use feedback_core::digits;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

fn active() -> Option<web_sys::Element> {
    document().active_element()
}

fn focus(el: Option<web_sys::Element>) {
    if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Fallen back to the page (outside any card), or on an element gone or hidden.
fn lost(el: &web_sys::Element) -> bool {
    el.closest(".card").ok().flatten().is_none() || el.client_width() == 0
}

/// After the views have followed the action taken with `used`: if focus
/// fell to the page, it goes to the card's visible tab panel.
pub fn keep_in_card(used: web_sys::Element) {
    let Some(card) = used.closest(".card").ok().flatten() else { return };
    set_timeout(
        move || {
            if active().is_none_or(|a| lost(&a)) {
                focus(card.query_selector("[role=tabpanel]:not([hidden])").ok().flatten());
            }
        },
        Duration::ZERO,
    );
}

/// A panel just rendered: if focus was parked on it (by [`keep_in_card`])
/// and it now offers an action (a retry that failed again), the action
/// takes the focus, in place of the one used.
pub fn offer_action() {
    set_timeout(
        || {
            if let Some(panel) = active().filter(|a| a.matches("[role=tabpanel]").unwrap_or(false)) {
                focus(panel.query_selector(".status .button").ok().flatten());
            }
        },
        Duration::ZERO,
    );
}

/// "Show more" is going away with `shown` rows on screen: if it had focus,
/// focus moves to the first row its last press revealed.
pub fn first_row_of_last_step(shown: usize) {
    let Some(button) = active().filter(|a| a.matches(".more .button").unwrap_or(false)) else { return };
    let Some(panel) = button.closest("[role=tabpanel]").ok().flatten() else { return };
    let nth = digits::unsigned(step_start(shown.saturating_sub(1)) as u64 + 1);
    let row = [".responses > li:nth-child(", &nth, ")"].concat();
    set_timeout(
        move || {
            let row = panel.query_selector(&row).ok().flatten();
            if let Some(row) = &row {
                let _ = row.set_attribute("tabindex", "-1");
            }
            focus(row);
        },
        Duration::ZERO,
    );
}
