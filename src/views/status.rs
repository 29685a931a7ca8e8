//! One-sentence states: waiting, missing input, errors.

use leptos::prelude::*;

/// A short explanation with an optional way forward.
#[component]
pub fn StatusMessage(
    #[prop(into)] title: String,
    #[prop(into)] detail: String,
    #[prop(optional, into)] kind: Option<&'static str>,
) -> impl IntoView {
    let class = format!("status status--{}", kind.unwrap_or("info"));
    let role = if kind == Some("error") { "alert" } else { "status" };
    view! {
        <div class=class role=role>
            <p class="status__title">{title}</p>
            <p class="status__detail">{detail}</p>
        </div>
    }
}
