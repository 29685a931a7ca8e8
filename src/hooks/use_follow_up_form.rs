//! Hook: one response's follow-up form, and saving it.
//!
//! The form's markup is the inert `<template id="follow-up-form">` of
//! `index.html`, cloned into the response's follow-up the first time the
//! agent opens it (a view per element would cost kilobytes on every
//! opening). Every text goes in as `textContent` or a control's value,
//! never as markup. Its buttons and Escape reach the follow-up's own
//! handlers (events bubble), which Leptos removes with the row.
//!
//! Saving shows the change at once; a refused form is not sent; a failed
//! save puts back what was shown (on a 409, what the service says is
//! current) and reopens the form with the note still in it, the reason
//! beside it and focus in the note. The card's live region says saving,
//! saved and failed.

use crate::api::decode::decode_object;
use crate::api::{ApiClient, Call};
use crate::hooks::use_paged_feed::Notify;
use crate::hooks::use_texts;
use crate::host::use_host_parameters::HostParameters;
use crate::loaders::personal_page;
use crate::views::reactive::text;
use crate::views::status::failure_title;
use feedback_core::api_error::{ApiError, LoadError};
use feedback_core::digits;
use feedback_core::follow_up::{optimistic, request_body, status_word, FollowUp, FollowUpAnswer, FollowUpStatus};
use feedback_core::i18n::{fill, Texts};
use leptos::prelude::*;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::prelude::wasm_bindgen;
use web_sys::{AbortController, Element};

/// What every response's follow-up shares: the API, the host's
/// parameters (the token) and the live region's follow-up news.
#[derive(Clone)]
struct FollowUps {
    api: ApiClient,
    params: HostParameters,
    /// What the lists' news says now.
    listed: Arc<dyn Fn() -> String + Send + Sync>,
    /// A save's news, with what the lists said when it came; `said`
    /// flips when it changes (a bool signal shares the card's code).
    news: StoredValue<Option<(String, String)>>,
    said: RwSignal<bool>,
}

/// Makes follow-ups savable below the current owner; returns what the
/// card's live region says: `listed` (the lists' news), or a save's news
/// until the lists have news of their own.
pub fn provide_follow_ups(
    api: ApiClient,
    params: HostParameters,
    listed: impl Fn() -> String + Send + Sync + 'static,
) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let (news, said) = (StoredValue::new(None::<(String, String)>), RwSignal::new(false));
    let listed: Arc<dyn Fn() -> String + Send + Sync> = Arc::new(listed);
    provide_context(FollowUps { api, params, listed: listed.clone(), news, said });
    text(move || {
        said.track();
        let listed = listed();
        news.with_value(|n| match n {
            Some((when, words)) if *when == listed => words.clone(),
            _ => listed,
        })
    })
}

/// One response's follow-up form; its handlers hold a clone each.
#[derive(Clone)]
pub struct FollowUpForm {
    shown: RwSignal<Option<FollowUp>>,
    id: String,
    context: FollowUps,
    texts: Memo<&'static Texts>,
}

/// The form of response `id` (digits only: it goes into a path), whose
/// follow-up as shown is `shown`. `None` outside a card or without the
/// page's template: no form is offered.
pub fn use_follow_up_form(id: String, shown: RwSignal<Option<FollowUp>>) -> Option<FollowUpForm> {
    let context = use_context::<FollowUps>()?;
    document().get_element_by_id("follow-up-form")?;
    Some(FollowUpForm { shown, id, context, texts: use_texts() })
}

// The form's DOM work is JavaScript glue (the same in Rust cost kilobytes
// on every opening): `fu_show` makes the form the first time (true then),
// fills in its texts (`texts`, a line each: its labels and buttons, the
// problem, its name, its options), offers the statuses in `offered` (the
// default first; a fresh form, `problem` empty, starts on it), shows it and
// puts focus in the note; Escape in it and `fu_close` hide it (`refocus`:
// focus back on the action), both keeping `aria-expanded` true to it.
#[wasm_bindgen(module = "/src/hooks/use_follow_up_form.js")]
extern "C" {
    fn fu_close(home: &Element, refocus: bool);
    fn fu_is_open(home: &Element) -> bool;
    fn fu_show(home: &Element, id: &str, texts: &str, offered: &str, problem: &str) -> bool;
    fn fu_value(home: &Element, name: &str) -> String;
    fn fu_put(home: &Element, name: &str, text: &str, as_value: bool);
}

/// Why a save failed, in words: a conflict or a token without an employee
/// say so; anything else is "not saved" and why.
fn failed(t: &'static Texts, error: ApiError) -> String {
    let reason = failure_title(&LoadError::Api(error.clone()))(t);
    match error {
        ApiError::Conflict | ApiError::NoEmployee => reason.to_owned(),
        _ => fill(t.fu_failed, &[("reason", reason)]),
    }
}

impl FollowUpForm {
    /// A click in the follow-up (`home`): its action, or the form's buttons.
    pub fn on_click(&self, home: Option<Element>, target: Option<Element>) {
        let Some(home) = home else { return };
        match target.and_then(|b| b.get_attribute("data-fu")).as_deref() {
            Some("action") if fu_is_open(&home) => fu_close(&home, false),
            Some("action") => self.show(&home, ""),
            Some("save") => self.save(home),
            Some("cancel") => fu_close(&home, true),
            _ => {}
        }
    }

    /// Shows the form with `problem` beside it; focus goes to the note.
    fn show(&self, home: &Element, problem: &str) {
        let t = self.texts.get_untracked();
        let current = self.shown.with_untracked(|f| f.as_ref().and_then(|f| f.status));
        // The choices: keep (when there is a follow-up), then the legal moves.
        let keep = current.map(|_| "none");
        let offered: Vec<&str> =
            keep.into_iter().chain(FollowUpStatus::moves(current).iter().map(|s| s.as_str())).collect();
        // In the template's order: its texts, its name, then its options.
        let texts = [
            t.fu_note,
            t.fu_status,
            t.fu_save,
            t.fu_cancel,
            problem,
            t.fu_action,
            t.fu_keep,
            status_word(t, FollowUpStatus::Open),
            status_word(t, FollowUpStatus::InProgress),
            status_word(t, FollowUpStatus::Closed),
        ]
        .join("\n");
        if fu_show(home, &self.id, &texts, &offered.join(" "), problem) {
            self.say_whose(home.clone());
        }
    }

    /// "Saved as Mette Holm: …", from the token's employee (asked once per
    /// form), or why nothing can be saved.
    fn say_whose(&self, home: Element) {
        let (api, token, t) =
            (self.context.api.clone(), self.context.params.with_untracked(|p| p.token.clone()), self.texts);
        leptos::task::spawn_local(async move {
            let Ok(abort) = AbortController::new() else { return };
            let quiet: Notify = Rc::new(|_| {});
            let Ok(page) = personal_page(api, token, 1, abort.signal(), quiet).await else { return };
            let t = t.get_untracked();
            let who = match page.employee {
                Some(e) => fill(t.fu_saved_as, &[("name", &e.display_name().or(e.email).unwrap_or_default())]),
                None => t.fu_no_employee.to_owned(),
            };
            fu_put(&home, "who", &who, false);
        });
    }

    /// The form refused or the save failed: the form shows again with `why`.
    fn refuse(&self, home: &Element, why: String) {
        self.show(home, &why);
        self.say(why);
    }

    fn say(&self, words: String) {
        let c = &self.context;
        c.news.set_value(Some((untrack(|| (c.listed)()), words)));
        let _ = c.said.try_update(|s| *s = !*s);
    }

    fn save(&self, home: Element) {
        let t = self.texts.get_untracked();
        let note = fu_value(&home, "note");
        let to = FollowUpStatus::parse(&fu_value(&home, "status"));
        let previous = self.shown.get_untracked();
        let body = match request_body(previous.as_ref().and_then(|f| f.status), to, &note) {
            Ok(body) => body,
            Err(problem) => return self.refuse(&home, problem.words(t).to_owned()),
        };
        let Some(token) = self.context.params.with_untracked(|p| p.token.clone()) else {
            return self.refuse(&home, t.no_token_title.to_owned());
        };
        // Shown with no time until the service says when.
        self.shown.set(Some(optimistic(previous.as_ref(), to, &note, None, "")));
        fu_close(&home, true);
        self.say(t.fu_saving.to_owned());
        // One key per save: a repeat of this request would be one change.
        let random = || digits::unsigned((js_sys::Math::random() * 4e15) as u64);
        let key = [&*random(), "-", &random()].concat();
        let this = self.clone();
        leptos::task::spawn_local(async move {
            let Ok(abort) = AbortController::new() else { return };
            let (api, signal) = (&this.context.api, &abort.signal());
            let current =
                |text: &js_sys::JsString| decode_object::<FollowUpAnswer>(text).ok().and_then(|a| a.follow_up);
            // The row may be gone by now: `try_` writes then do nothing.
            let error = match api.get_text(&Call::follow_up(&this.id, Some((body, key))), &token, signal).await {
                Ok(text) => {
                    if let Some(saved) = current(&text) {
                        let _ = this.shown.try_set(Some(saved));
                    }
                    fu_put(&home, "note", "", true);
                    return this.say(t.fu_saved.to_owned());
                }
                // Someone acted meanwhile: what is current now shows.
                Err(ApiError::Conflict) => {
                    let now = api.get_text(&Call::follow_up(&this.id, None), &token, signal).await;
                    let now = now.ok().and_then(|text| current(&text));
                    let _ = this.shown.try_set(now.or(previous));
                    ApiError::Conflict
                }
                Err(error) => {
                    let _ = this.shown.try_set(previous);
                    error
                }
            };
            this.refuse(&home, failed(t, error));
        });
    }
}
