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
use crate::api::ApiClient;
use crate::hooks::use_paged_feed::Notify;
use crate::hooks::use_texts;
use crate::loaders::personal_page;
use crate::views::reactive::text;
use crate::views::status::failure_title;
use feedback_core::api_error::{classify, ApiError, LoadError};
use feedback_core::follow_up::{optimistic, request_body, status_word, FollowUp, FollowUpAnswer, FollowUpStatus};
use feedback_core::i18n::{fill, Texts};
use feedback_core::model::ErrorBody;
use feedback_core::protocol::Parameters;
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, Element, HtmlElement};

/// What every response's follow-up shares: the API, the host's
/// parameters (the token) and the live region's follow-up news.
#[derive(Clone)]
struct FollowUps {
    api: ApiClient,
    params: ReadSignal<Parameters>,
    listed: Signal<String>,
    /// A save's news, with what the lists said when it came.
    news: RwSignal<Option<(String, String)>>,
}

/// Makes follow-ups savable below the current owner; returns what the
/// card's live region says: `listed` (the lists' news), or a save's news
/// until the lists have news of their own.
pub fn provide_follow_ups(api: ApiClient, params: ReadSignal<Parameters>, listed: Signal<String>) -> Signal<String> {
    let news = RwSignal::new(None::<(String, String)>);
    provide_context(FollowUps { api, params, listed, news });
    text(move || {
        let listed = listed.get();
        news.with(|n| match n {
            Some((when, words)) if *when == listed => words.clone(),
            _ => listed,
        })
    })
}

/// One response's follow-up form; its handlers hold a clone each.
#[derive(Clone)]
pub struct FollowUpForm {
    /// Whether the form shows (the action's `aria-expanded`).
    pub open: RwSignal<bool>,
    shown: RwSignal<Option<FollowUp>>,
    id: String,
    context: FollowUps,
    texts: Signal<&'static Texts>,
}

/// The form of response `id` (digits only: it goes into a path), whose
/// follow-up as shown is `shown`. `None` outside a card or without the
/// page's template: no form is offered.
pub fn use_follow_up_form(id: String, shown: RwSignal<Option<FollowUp>>) -> Option<FollowUpForm> {
    let context = use_context::<FollowUps>()?;
    document().get_element_by_id("follow-up-form")?;
    Some(FollowUpForm { open: RwSignal::new(false), shown, id, context, texts: use_texts() })
}

fn part(form: &Element, name: &str) -> Option<Element> {
    form.query_selector(&["[data-fu=", name, "]"].concat()).ok().flatten()
}

fn set_text(form: &Element, name: &str, words: &str) {
    if let Some(el) = part(form, name) {
        el.set_text_content(Some(words));
    }
}

fn value(form: &Element, name: &str) -> String {
    part(form, name).and_then(|el| js_sys::Reflect::get(&el, &"value".into()).ok()?.as_string()).unwrap_or_default()
}

fn set_value(form: &Element, name: &str, v: &str) {
    if let Some(el) = part(form, name) {
        let _ = js_sys::Reflect::set(&el, &"value".into(), &JsValue::from_str(v));
    }
}

fn focus(el: Option<Element>) {
    if let Some(el) = el.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

fn failed(t: &'static Texts, error: ApiError) -> String {
    fill(t.fu_failed, &[("reason", failure_title(&LoadError::Api(error))(t))])
}

impl FollowUpForm {
    /// A click in the follow-up (`home`): its action, or the form's buttons.
    pub fn on_click(&self, home: Option<Element>, target: Option<Element>) {
        let Some(home) = home else { return };
        match target.and_then(|b| b.get_attribute("data-fu")).as_deref() {
            Some("action") if self.open.get_untracked() => self.close(&home, false),
            Some("action") => self.show(&home, None),
            Some("save") => self.save(home),
            Some("cancel") => self.close(&home, true),
            _ => {}
        }
    }

    /// Escape in the form closes it.
    pub fn on_escape(&self, home: Option<Element>) {
        if let Some(home) = home.filter(|_| self.open.get_untracked()) {
            self.close(&home, true);
        }
    }

    /// The form in `home`, made from the page's template the first time.
    fn form(&self, home: &Element) -> Option<Element> {
        if let Some(form) = home.query_selector(".follow-up__form").ok().flatten() {
            return Some(form);
        }
        let template = document().get_element_by_id("follow-up-form")?;
        let content = js_sys::Reflect::get(&template, &"content".into()).ok()?;
        let first = js_sys::Reflect::get(&content, &"firstElementChild".into()).ok()?;
        let form: Element = first.dyn_into::<Element>().ok()?.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
        // The note is described by whose name it is saved under and the problem.
        let (who, problem) = (["fu-who-", &self.id].concat(), ["fu-problem-", &self.id].concat());
        part(&form, "who")?.set_id(&who);
        part(&form, "problem")?.set_id(&problem);
        let _ = part(&form, "note")?.set_attribute("aria-describedby", &[who.as_str(), " ", &problem].concat());
        home.append_child(&form).ok()?;
        self.say_whose(form.clone());
        Some(form)
    }

    /// Shows the form with `problem` beside it; focus goes to the note.
    fn show(&self, home: &Element, problem: Option<&str>) {
        let Some(form) = self.form(home) else { return };
        let t = self.texts.get_untracked();
        let current = self.shown.with_untracked(|f| f.as_ref().and_then(|f| f.status));
        let moves = FollowUpStatus::moves(current);
        // The choices: keep (when there is a follow-up) and the legal moves.
        let offered = |v: &str| FollowUpStatus::parse(v).map_or(current.is_some(), |s| moves.contains(&s));
        let mut option = part(&form, "status").and_then(|s| s.first_element_child());
        while let Some(o) = option {
            let v = o.get_attribute("value").unwrap_or_default();
            o.set_text_content(Some(FollowUpStatus::parse(&v).map_or(t.fu_keep, |s| status_word(t, s))));
            let _ = o.toggle_attribute_with_force("hidden", !offered(&v));
            let _ = o.toggle_attribute_with_force("disabled", !offered(&v));
            option = o.next_element_sibling();
        }
        // A fresh form, or a choice no longer legal (after a 409): the default.
        if problem.is_none() || !offered(&value(&form, "status")) {
            set_value(&form, "status", if current.is_some() { "none" } else { "open" });
        }
        for (name, words) in [
            ("note-label", t.fu_note),
            ("status-label", t.fu_status),
            ("save", t.fu_save),
            ("cancel", t.fu_cancel),
            ("problem", problem.unwrap_or_default()),
        ] {
            set_text(&form, name, words);
        }
        let _ = form.set_attribute("aria-label", t.fu_action);
        let _ = form.remove_attribute("hidden");
        self.open.set(true);
        focus(part(&form, "note"));
    }

    /// Hides the form (its note stays); `refocus`: focus goes back to the action.
    fn close(&self, home: &Element, refocus: bool) {
        if let Some(form) = home.query_selector(".follow-up__form").ok().flatten() {
            let _ = form.set_attribute("hidden", "");
        }
        let _ = self.open.try_set(false);
        if refocus {
            focus(part(home, "action"));
        }
    }

    /// "Saved as Mette Holm: …", from the token's employee (asked once per
    /// form), or why nothing can be saved.
    fn say_whose(&self, form: Element) {
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
            set_text(&form, "who", &who);
        });
    }

    /// The form refused or the save failed: the form shows again with `why`.
    fn refuse(&self, home: &Element, why: String) {
        self.show(home, Some(&why));
        self.say(why);
    }

    fn say(&self, words: String) {
        let c = &self.context;
        let _ = c.news.try_set(Some((c.listed.get_untracked(), words)));
    }

    fn save(&self, home: Element) {
        let Some(form) = self.form(&home) else { return };
        let t = self.texts.get_untracked();
        let note = value(&form, "note");
        let to = FollowUpStatus::parse(&value(&form, "status"));
        let previous = self.shown.get_untracked();
        let body = match request_body(previous.as_ref().and_then(|f| f.status), to, &note) {
            Ok(body) => body,
            Err(problem) => return self.refuse(&home, problem.words(t).to_owned()),
        };
        let Some(token) = self.context.params.with_untracked(|p| p.token.clone()) else {
            return self.refuse(&home, t.no_token_title.to_owned());
        };
        let now: String = js_sys::Date::new_0().to_iso_string().into();
        self.shown.set(Some(optimistic(previous.as_ref(), to, &note, None, &now)));
        self.close(&home, true);
        self.say(t.fu_saving.to_owned());
        let path = ["/feedback-app/responses/", &self.id, "/follow-up"].concat();
        // One key per save: a repeat of this request would be one change.
        let key =
            [&*(js_sys::Date::now() as u64).to_string(), "-", &((js_sys::Math::random() * 1e9) as u32).to_string()]
                .concat();
        let this = self.clone();
        leptos::task::spawn_local(async move {
            let answer = this.context.api.post_json(&path, &body, &token, &key).await;
            let current =
                |text: &js_sys::JsString| decode_object::<FollowUpAnswer>(text).ok().and_then(|a| a.follow_up);
            // The row may be gone by now: `try_` writes then do nothing.
            let why = match answer {
                Ok((200..=299, text)) => {
                    if let Some(saved) = current(&text) {
                        let _ = this.shown.try_set(Some(saved));
                    }
                    set_value(&form, "note", "");
                    return this.say(t.fu_saved.to_owned());
                }
                Ok((409, text)) => {
                    let _ = this.shown.try_set(current(&text));
                    t.fu_conflict.to_owned()
                }
                Ok((status, text)) => {
                    let _ = this.shown.try_set(previous);
                    let body = decode_object::<ErrorBody>(&text).ok();
                    let code = body.as_ref().and_then(|b| b.error.as_ref()).and_then(|e| e.code.as_deref());
                    if code == Some("no_employee") {
                        t.fu_no_employee.to_owned()
                    } else {
                        failed(t, classify(status, None, body.as_ref()))
                    }
                }
                Err(error) => {
                    let _ = this.shown.try_set(previous);
                    failed(t, error)
                }
            };
            this.refuse(&home, why);
        });
    }
}
