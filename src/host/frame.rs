//! The window that hosts the app.

use feedback_core::protocol::{PROTOCOL_VERSION, READY_ACTION, RESIZE_ACTION};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::Window;

/// The parent window the app accepts messages from and posts to.
#[derive(Clone)]
pub struct HostFrame {
    window: Window,
}

impl HostFrame {
    /// The real parent, when the app runs in a frame; `None` when it was
    /// opened directly (its parent is then itself).
    pub fn detect() -> Option<HostFrame> {
        let own = web_sys::window()?;
        let parent = own.parent().ok().flatten()?;
        if Object::is(&parent, &own) {
            None
        } else {
            Some(HostFrame { window: parent })
        }
    }

    /// A given window as host (tests use a frame of their own).
    pub fn from_window(window: Window) -> HostFrame {
        HostFrame { window }
    }

    /// Whether `source` (a message event's source) is this host.
    pub fn is_source(&self, source: &JsValue) -> bool {
        Object::is(source, &self.window)
    }

    /// Tells the host the app is listening. Target origin `*`: the Dixa
    /// card frame is sandboxed, so its origin is opaque and cannot be named;
    /// the message carries nothing secret.
    pub fn post_ready(&self) {
        self.post(&[("action", JsValue::from_str(READY_ACTION))]);
    }

    /// Tells the host how tall the content is, so it can size the frame.
    pub fn post_height(&self, height: u32) {
        self.post(&[("action", JsValue::from_str(RESIZE_ACTION)), ("height", JsValue::from(height))]);
    }

    fn post(&self, fields: &[(&str, JsValue)]) {
        let msg = Object::new();
        for (k, v) in fields.iter().chain([&("protocolVersion", JsValue::from(PROTOCOL_VERSION))]) {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&msg, &JsValue::from_str(k), v);
        }
        if let Err(e) = self.window.post_message(&msg, "*") {
            web_sys::console::warn_2(&"feedback-app: could not post to the host:".into(), &e);
        }
    }
}
