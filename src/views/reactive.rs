//! Parts of a view that follow signals, boxed: every boxed part of a kind
//! shares one copy of Leptos' rendering code, where each closure of its
//! own type would bring its own copy into the bundle.

use leptos::prelude::*;
use std::sync::Arc;

type TextFn = Arc<dyn Fn() -> String + Send + Sync>;
type ViewFn = Arc<dyn Fn() -> AnyView + Send + Sync>;

/// A text (child or attribute) recomputed when the signals it reads
/// change. One closure type for every text, and no `Signal` around it.
pub fn text(f: impl Fn() -> String + Send + Sync + 'static) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    fn boxed(f: TextFn) -> impl Fn() -> String + Clone + Send + Sync + 'static {
        move || f()
    }
    boxed(Arc::new(f))
}

/// A part remade when the signals it reads change.
pub fn dynamic(f: impl Fn() -> AnyView + Send + Sync + 'static) -> impl IntoView {
    fn boxed(f: ViewFn) -> impl IntoView {
        move || f()
    }
    boxed(Arc::new(f))
}
