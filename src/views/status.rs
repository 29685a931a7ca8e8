//! A state explained in one sentence, with a way forward.

use crate::hooks::{provide_clock, provide_texts, tr, use_scoped, use_texts};
use crate::views::focus;
use crate::views::reactive::{dynamic, text};
use crate::views::skeleton::Skeleton;
use feedback_core::api_error::{ApiError, LoadError, RetryNotice};
use feedback_core::digits;
use feedback_core::i18n::{fill, Texts};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Picks one text from the texts in force, so it follows the locale.
pub type Pick = fn(&'static Texts) -> &'static str;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warning,
    Error,
}

/// An action button under the message.
#[derive(Clone)]
pub struct Action {
    pub label: Pick,
    pub run: Callback<()>,
}

#[component]
pub fn StatusMessage(
    title: Pick,
    /// May hold `{name}` placeholders, filled from `values`.
    detail: Pick,
    #[prop(default = Vec::new())] values: Vec<(&'static str, String)>,
    #[prop(default = Tone::Info)] tone: Tone,
    /// A second line, e.g. when the card tries again.
    #[prop(default = None)]
    note: Option<(Pick, String)>,
    #[prop(default = None)] action: Option<Action>,
    /// `data-state` names the state for tests and styles.
    state: &'static str,
) -> impl IntoView {
    let t = use_texts();
    // No role: the card's live region says what happened; a message
    // inserted already filled would not be announced anyway.
    let class = match tone {
        Tone::Info => "status status--info",
        Tone::Warning => "status status--warning",
        Tone::Error => "status status--error",
    };
    let values: Vec<(&str, String)> = values;
    let detail_text = text(move || {
        let refs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        fill(detail(t.get()), &refs)
    });
    view! {
        <div class=class data-state=state>
            <p class="status__title">{tr(title)}</p>
            <p class="status__detail">{detail_text}</p>
            {note.map(|(pick, n)| view! { <p class="status__note">{text(move || fill(pick(t.get()), &[("n", &n)]))}</p> })}
            {action.map(|a| {
                let run = a.run;
                view! {
                    <button type="button" class="button" on:click=move |ev| {
                        run.run(());
                        if let Some(used) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                            focus::keep_in_card(used);
                        }
                    }>
                        {tr(a.label)}
                    </button>
                }
            })}
        </div>
    }
}

/// A failure's title (what the live region says failed).
pub fn failure_title(error: &LoadError) -> Pick {
    match error {
        LoadError::NoIdentifiers => |t| t.no_ids_title,
        LoadError::Api(e) => api_failure_title(e),
    }
}

fn api_failure_title(error: &ApiError) -> Pick {
    match error {
        ApiError::MissingToken => |t| t.no_token_title,
        ApiError::TokenExpired => |t| t.expired_title,
        ApiError::Unauthorized => |t| t.unauthorized_title,
        ApiError::RateLimited { .. } => |t| t.rate_limited_title,
        ApiError::Network | ApiError::Timeout => |t| t.unreachable_title,
        ApiError::Server { .. } | ApiError::NotFound => |t| t.failing_title,
        ApiError::Undecodable => |t| t.unreadable_title,
        ApiError::BadRequest(_) => |t| t.refused_title,
    }
}

/// What the live region says while an automatic retry waits.
pub fn retry_words(t: &'static Texts, notice: &RetryNotice) -> String {
    let wait = fill(t.retrying_in, &[("n", &digits::unsigned(notice.seconds.into()))]);
    [api_failure_title(&notice.error)(t), ". ", wait.as_str()].concat()
}

/// The message for a failed load; `retry` runs it again.
pub fn error_view(error: &LoadError, retry: Callback<()>) -> AnyView {
    let again = Some(Action { label: |t| t.retry, run: retry });
    let (state, tone, title, detail, action): (_, _, Pick, Pick, _) = match error {
        LoadError::NoIdentifiers => ("no-identifiers", Tone::Info, |t| t.no_ids_title, |t| t.no_ids, None),
        LoadError::Api(ApiError::MissingToken) => ("no-token", Tone::Error, |t| t.no_token_title, |t| t.no_token, None),
        LoadError::Api(ApiError::TokenExpired) => ("expired", Tone::Warning, |t| t.expired_title, |t| t.expired, None),
        LoadError::Api(ApiError::Unauthorized) => {
            ("unauthorized", Tone::Error, |t| t.unauthorized_title, |t| t.unauthorized, None)
        }
        LoadError::Api(ApiError::RateLimited { .. }) => {
            ("rate-limited", Tone::Warning, |t| t.rate_limited_title, |t| t.rate_limited, again)
        }
        LoadError::Api(ApiError::Network | ApiError::Timeout) => {
            ("unreachable", Tone::Error, |t| t.unreachable_title, |t| t.unreachable, again)
        }
        LoadError::Api(ApiError::Server { .. } | ApiError::NotFound) => {
            ("failing", Tone::Error, |t| t.failing_title, |t| t.failing, again)
        }
        LoadError::Api(ApiError::Undecodable) => {
            ("unreadable", Tone::Error, |t| t.unreadable_title, |t| t.unreadable, again)
        }
        LoadError::Api(ApiError::BadRequest(message)) => {
            // The service's own words: shown as text, in whatever language it used.
            let values = vec![("message", message.clone())];
            return view! { <StatusMessage state="refused" tone=Tone::Error title=|t| t.refused_title detail=|_| "{message}" values=values /> }.into_any();
        }
    };
    view! { <StatusMessage state=state tone=tone title=title detail=detail action=action /> }.into_any()
}

/// While an automatic retry waits.
pub fn retrying_view(notice: &RetryNotice) -> AnyView {
    let retrying_in: Pick = |t| t.retrying_in;
    let note = Some((retrying_in, digits::unsigned(notice.seconds.into())));
    let (state, title, detail): (_, Pick, Pick) = match notice.error {
        ApiError::RateLimited { .. } => ("rate-limited", |t| t.rate_limited_title, |t| t.rate_limited),
        ApiError::Server { .. } => ("failing", |t| t.failing_title, |t| t.failing),
        _ => ("unreachable", |t| t.unreachable_title, |t| t.unreachable),
    };
    view! { <StatusMessage state=state tone=Tone::Warning title=title detail=detail note=note /> }.into_any()
}

/// What a panel shows. It changes with a conversation, not with a page, a
/// filter or a retry within one, so what a panel shows is not remade for those.
#[derive(Clone, PartialEq)]
pub enum Phase {
    Loading,
    Retrying(RetryNotice),
    Failed(LoadError),
    /// No customer matched.
    NotFound,
    /// A customer without surveys.
    NoResponses,
    /// A token issued without an employee.
    NoEmployee,
    Shown,
}

/// A panel remade per phase by `render`. What it makes lives shorter than
/// the card, so it reads the texts through a bridge (`hooks::use_scoped`).
pub fn phase_panel(phase: Memo<Phase>, render: impl Fn(Phase) -> AnyView + Send + Sync + 'static) -> impl IntoView {
    let texts = use_texts();
    dynamic(move || {
        provide_texts(use_scoped(move || texts.get()));
        provide_clock();
        let shown = render(phase.get());
        focus::offer_action();
        shown
    })
}

/// The views every panel shares: loading, waiting to retry, failed.
pub fn common_phase_view(phase: &Phase, refetch: Callback<()>) -> Option<AnyView> {
    Some(match phase {
        Phase::Loading => view! { <Skeleton /> }.into_any(),
        Phase::Retrying(notice) => retrying_view(notice),
        Phase::Failed(e) => error_view(e, refetch),
        _ => return None,
    })
}
