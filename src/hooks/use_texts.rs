//! The card's texts, shared through context: the card provides them once,
//! any view reads them with [`use_texts`] and follows the host's locale.

use feedback_core::i18n::{Texts, EN};
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct TextsContext(Memo<&'static Texts>);

/// Makes `texts` the texts of every view below the current owner. A memo
/// (what the views' bridges are), not a `Signal`: one wrapper type less.
pub fn provide_texts(texts: Memo<&'static Texts>) {
    provide_context(TextsContext(texts));
}

/// The texts in force (English where none were provided).
pub fn use_texts() -> Memo<&'static Texts> {
    use_context::<TextsContext>().map_or_else(|| Memo::new(|_| &EN), |c| c.0)
}

/// One text that follows the locale: `tr(|t| t.nps)`. Every call returns
/// the same closure type, so the rendering code exists once in the bundle
/// rather than once per text; and it gives a `String`, as the card's other
/// texts do, so text and attribute rendering exist only for `String`.
pub fn tr(pick: fn(&'static Texts) -> &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let t = use_texts();
    move || pick(t.get()).to_owned()
}
