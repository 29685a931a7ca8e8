//! Loading placeholder shaped like the content, so nothing jumps when the
//! data arrives.

use crate::hooks::use_texts;
use crate::views::reactive::text;
use leptos::prelude::*;

/// `connecting`: waiting for the host rather than for data.
#[component]
pub fn Skeleton(#[prop(optional)] connecting: bool) -> impl IntoView {
    let t = use_texts();
    let label = text(move || (if connecting { t.get().connecting } else { t.get().loading }).to_owned());
    view! {
        <div class="skeleton" role="status" aria-busy="true" aria-label=label data-state="loading">
            <div class="skeleton__line skeleton__line--short"></div>
            <div class="skeleton__tiles">
                <div class="skeleton__tile"></div>
                <div class="skeleton__tile"></div>
            </div>
            {(0..3)
                .map(|_| view! {
                    <div class="skeleton__item">
                        <div class="skeleton__badge"></div>
                        <div class="skeleton__text">
                            <div class="skeleton__line"></div>
                            <div class="skeleton__line skeleton__line--short"></div>
                        </div>
                    </div>
                })
                .collect_view()}
        </div>
    }
}
