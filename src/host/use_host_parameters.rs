//! Hook: the parameters the host has sent, as a signal.
//!
//! Listens to `message` on this window (removed again when the owner is
//! cleaned up), accepts messages only when their source is the host
//! window, and posts READY once listening — unless `index.html`'s inline
//! script said READY already, in which case the messages it kept are
//! handled first, in order. The origin cannot be the check: Dixa renders
//! the card frame sandboxed, so its origin is `"null"`.

use super::early::take_early_messages;
use super::messages::{read_raw_message, BROWSER_FOLDING};
use super::HostFrame;
use feedback_core::protocol::{parse_host_message_with, HostMessage, Parameters};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::MessageEvent;

/// A console warning from pieces (no formatting machinery in the WASM).
fn warn(parts: &[&str]) {
    let mut text = String::from("feedback-app: ");
    parts.iter().for_each(|p| text.push_str(p));
    web_sys::console::warn_1(&JsValue::from_str(&text));
}

/// The parameters in force, read-only for the card. The hook's own signal
/// behind it, not a `ReadSignal` and a `WriteSignal` of it: one signal
/// type's code, not two.
#[derive(Clone, Copy)]
pub struct HostParameters(RwSignal<Parameters>);

impl HostParameters {
    /// Reads the parameters, and follows them in a reactive context.
    pub fn with<R>(&self, read: impl FnOnce(&Parameters) -> R) -> R {
        self.0.with(read)
    }

    /// Reads the parameters without following them.
    pub fn with_untracked<R>(&self, read: impl FnOnce(&Parameters) -> R) -> R {
        self.0.with_untracked(read)
    }
}

/// Parameters in force; starts empty and changes with each accepted
/// SET_PARAMETERS. Also returns whether any SET_PARAMETERS has arrived.
pub fn use_host_parameters(host: HostFrame) -> (HostParameters, ReadSignal<bool>) {
    let set_params = RwSignal::new(Parameters::default());
    let (received, set_received) = signal(false);
    let listener_host = host.clone();
    let on_message = move |event: MessageEvent| {
        // 1. Source window first: anything not from the host is ignored.
        if !listener_host.is_source(&event.source().map(Into::into).unwrap_or(JsValue::NULL)) {
            warn(&["ignored a message that did not come from the host window (origin ", &event.origin(), ")"]);
            return;
        }
        // 2. Then the shape. Warnings name fields and problems, never values.
        match parse_host_message_with(read_raw_message(&event.data()), BROWSER_FOLDING) {
            Ok(HostMessage::SetParameters { update, warnings }) => {
                for w in &warnings {
                    warn(&["SET_PARAMETERS: `", w.field, "` ", &w.problem]);
                }
                set_received.set(true);
                if !update.is_noop() {
                    set_params.update(|p| p.apply(update));
                }
            }
            Err(rejection) => warn(&["ignored a message from the host: ", &rejection.describe()]),
        }
    };
    // Taken and listened to in one go: no message can fall between the two.
    let early = take_early_messages();
    let handle = window_event_listener(ev::message, on_message.clone());
    on_cleanup(move || handle.remove());
    match early {
        Some(kept) => kept.into_iter().for_each(on_message),
        None => host.post_ready(),
    }
    (HostParameters(set_params), received)
}
