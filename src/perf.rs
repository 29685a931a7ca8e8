//! Performance marks the benchmark reads (`performance.getEntriesByName`).

use leptos::prelude::*;

pub const READY_MARK: &str = "feedback:ready";
pub const RENDERED_MARK: &str = "feedback:rendered";

pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Sets mark `name` the first time `done` holds, then stops watching.
pub fn mark_once(name: &'static str, done: impl Fn() -> bool + 'static) {
    Effect::new(move |marked: Option<bool>| {
        if marked == Some(true) {
            return true;
        }
        let now = done();
        if now {
            mark(name);
        }
        now
    });
}
