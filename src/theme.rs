//! Applying the host's theme and language to the document.

use feedback_core::protocol::{Locale, Theme};

/// `data-theme` on `<html>`: an explicit theme wins over
/// `prefers-color-scheme` (see `style/card.css`).
pub fn apply_theme(theme: Option<Theme>) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    let _ = match theme {
        Some(Theme::Light) => root.set_attribute("data-theme", "light"),
        Some(Theme::Dark) => root.set_attribute("data-theme", "dark"),
        None => root.remove_attribute("data-theme"),
    };
}

pub fn apply_language(locale: Locale) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", locale.tag());
    }
}

/// The browser's preferred supported language, else English.
pub fn browser_locale() -> Locale {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or(Locale::En)
}
