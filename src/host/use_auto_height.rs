//! Hook: report the content height to the host whenever it changes, so
//! the card template can size the frame (no inner scrollbar, no gap).
//! The observer is disconnected when the owner is cleaned up.

use super::HostFrame;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ResizeObserver};

/// The observer watching the content and the callback it calls.
type Observing = (ResizeObserver, Closure<dyn FnMut()>);

pub fn use_auto_height(host: HostFrame, target: NodeRef<leptos::html::Div>) {
    let last = Rc::new(Cell::new(0u32));
    let observer: StoredValue<Option<Observing>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let Some(el) = target.get() else { return };
        let el: HtmlElement = el.into();
        let measure_el = el.clone();
        let host = host.clone();
        let last = last.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            let height = measure_el.get_bounding_client_rect().height().ceil().max(0.0) as u32;
            if height != last.get() {
                last.set(height);
                host.post_height(height);
            }
        });
        // A new target element: the old observer stops before the new one starts.
        if let Some((old, _)) = observer.try_update_value(|v| v.take()).flatten() {
            old.disconnect();
        }
        let Ok(ro) = ResizeObserver::new(callback.as_ref().unchecked_ref()) else { return };
        ro.observe(&el);
        observer.set_value(Some((ro, callback)));
    });
    on_cleanup(move || {
        if let Some(Some((ro, _callback))) = observer.try_update_value(|v| v.take()) {
            ro.disconnect();
        }
    });
}
