//! The card's texts, shared through context: the card provides them once,
//! any view reads them with [`use_texts`] and follows the host's locale.

use feedback_core::i18n::{Texts, EN};
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct TextsContext(Signal<&'static Texts>);

/// Makes `texts` the texts of every view below the current owner.
pub fn provide_texts(texts: Signal<&'static Texts>) {
    provide_context(TextsContext(texts));
}

/// The texts in force (English where none were provided).
pub fn use_texts() -> Signal<&'static Texts> {
    use_context::<TextsContext>().map_or_else(|| Signal::stored(&EN), |c| c.0)
}

/// One text that follows the locale: `tr(|t| t.nps)`. Every call returns
/// the same closure type, so the rendering code exists once in the bundle
/// rather than once per text.
pub fn tr(pick: fn(&'static Texts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let t = use_texts();
    move || pick(t.get())
}
