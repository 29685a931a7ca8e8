//! Hook: the parameters the host has sent, as a signal.
//!
//! Listens to `message` on this window (removed again when the owner is
//! cleaned up), accepts messages only when their source is the host
//! window, and posts READY once listening. The origin cannot be the check:
//! Dixa renders the card frame sandboxed, so its origin is `"null"`.

use super::messages::read_raw_message;
use super::HostFrame;
use feedback_core::protocol::{parse_host_message, HostMessage, Parameters};
use leptos::ev;
use leptos::prelude::*;
use web_sys::MessageEvent;

fn warn(text: &str) {
    web_sys::console::warn_1(&format!("feedback-app: {text}").into());
}

/// Parameters in force; starts empty and changes with each accepted
/// SET_PARAMETERS. Also returns whether any SET_PARAMETERS has arrived.
pub fn use_host_parameters(host: HostFrame) -> (ReadSignal<Parameters>, ReadSignal<bool>) {
    let (params, set_params) = signal(Parameters::default());
    let (received, set_received) = signal(false);
    let listener_host = host.clone();
    let handle = window_event_listener(ev::message, move |event: MessageEvent| {
        // 1. Source window first: anything not from the host is ignored.
        if !listener_host.is_source(&event.source().map(Into::into).unwrap_or(wasm_bindgen::JsValue::NULL)) {
            warn(&format!("ignored a message that did not come from the host window (origin {:?})", event.origin()));
            return;
        }
        // 2. Then the shape. Warnings name fields and problems, never values.
        match parse_host_message(read_raw_message(&event.data())) {
            Ok(HostMessage::SetParameters { update, warnings }) => {
                for w in &warnings {
                    warn(&format!("SET_PARAMETERS: `{}` {}", w.field, w.problem));
                }
                set_received.set(true);
                if !update.is_noop() {
                    set_params.update(|p| p.apply(update));
                }
            }
            Err(rejection) => warn(&format!("ignored a message from the host: {rejection}")),
        }
    });
    on_cleanup(move || handle.remove());
    host.post_ready();
    (params, received)
}
