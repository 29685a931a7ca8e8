//! Performance marks the benchmark reads (`performance.getEntriesByName`).

pub const READY_MARK: &str = "feedback:ready";
pub const RENDERED_MARK: &str = "feedback:rendered";

pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}
