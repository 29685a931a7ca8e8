//! Loading placeholder shaped like the content, so nothing jumps when the
//! data arrives.

use leptos::prelude::*;

/// Hidden from assistive technology: the card's live region says "loading".
#[component]
pub fn Skeleton() -> impl IntoView {
    view! {
        <div class="skeleton" aria-hidden="true" data-state="loading">
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
