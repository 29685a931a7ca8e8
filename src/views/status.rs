//! A state explained in one sentence, with a way forward.

use crate::api::retry::RetryNotice;
use crate::loaders::LoadError;
use feedback_core::api_error::ApiError;
use feedback_core::i18n::{fill, Texts};
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warning,
    Error,
}

/// An action button under the message.
#[derive(Clone)]
pub struct Action {
    pub label: &'static str,
    pub run: Callback<()>,
}

#[component]
pub fn StatusMessage(
    #[prop(into)] title: String,
    #[prop(into)] detail: String,
    #[prop(default = Tone::Info)] tone: Tone,
    #[prop(optional)] note: Option<String>,
    #[prop(optional)] action: Option<Action>,
    /// `status` names the state for tests and styles.
    #[prop(into)]
    state: &'static str,
) -> impl IntoView {
    let (class, role) = match tone {
        Tone::Info => ("status status--info", "status"),
        Tone::Warning => ("status status--warning", "status"),
        Tone::Error => ("status status--error", "alert"),
    };
    view! {
        <div class=class role=role data-state=state>
            <p class="status__title">{title}</p>
            <p class="status__detail">{detail}</p>
            {note.map(|n| view! { <p class="status__note">{n}</p> })}
            {action.map(|a| {
                let run = a.run;
                view! { <button type="button" class="button" on:click=move |_| run.run(())>{a.label}</button> }
            })}
        </div>
    }
}

/// The message for a failed load; `retry` re-runs it.
pub fn error_view(t: &'static Texts, error: &LoadError, retry: Callback<()>) -> AnyView {
    let api = match error {
        LoadError::NoIdentifiers => {
            return view! { <StatusMessage state="no-identifiers" title=t.no_ids_title detail=t.no_ids /> }.into_any();
        }
        LoadError::Api(e) => e,
    };
    match api {
        ApiError::MissingToken => view! { <StatusMessage state="no-token" tone=Tone::Error title=t.no_token_title detail=t.no_token /> }.into_any(),
        ApiError::TokenExpired => view! { <StatusMessage state="expired" tone=Tone::Warning title=t.expired_title detail=t.expired /> }.into_any(),
        ApiError::Unauthorized => view! { <StatusMessage state="unauthorized" tone=Tone::Error title=t.unauthorized_title detail=t.unauthorized /> }.into_any(),
        ApiError::RateLimited { .. } => view! { <StatusMessage state="rate-limited" tone=Tone::Warning title=t.rate_limited_title detail=t.rate_limited action=Action { label: t.retry, run: retry } /> }.into_any(),
        ApiError::Network | ApiError::Timeout => view! { <StatusMessage state="unreachable" tone=Tone::Error title=t.unreachable_title detail=t.unreachable action=Action { label: t.retry, run: retry } /> }.into_any(),
        ApiError::Server { .. } | ApiError::NotFound => view! { <StatusMessage state="failing" tone=Tone::Error title=t.failing_title detail=t.failing action=Action { label: t.retry, run: retry } /> }.into_any(),
        ApiError::Undecodable => view! { <StatusMessage state="unreadable" tone=Tone::Error title=t.unreadable_title detail=t.unreadable action=Action { label: t.retry, run: retry } /> }.into_any(),
        ApiError::BadRequest(message) => view! { <StatusMessage state="refused" tone=Tone::Error title=t.refused_title detail=message.clone() /> }.into_any(),
    }
}

/// While an automatic retry waits.
pub fn retrying_view(t: &'static Texts, notice: &RetryNotice) -> AnyView {
    let note = fill(t.retrying_in, &[("n", &notice.seconds.to_string())]);
    let (state, title, detail) = match notice.error {
        ApiError::RateLimited { .. } => ("rate-limited", t.rate_limited_title, t.rate_limited),
        ApiError::Server { .. } => ("failing", t.failing_title, t.failing),
        _ => ("unreachable", t.unreachable_title, t.unreachable),
    };
    view! { <StatusMessage state=state tone=Tone::Warning title=title detail=detail note=note /> }.into_any()
}
