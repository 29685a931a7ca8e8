//! Cancelling requests whose parameters are no longer current.
//!
//! Leptos' async resources await the running future before starting the
//! next one and never abort it, so a slow request for the previous customer
//! would delay the next one. Each request registers its abort controller
//! under its key here; [`InFlight::cancel_unless`] aborts it as soon as the
//! key changes.

use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{AbortController, AbortSignal};

pub struct InFlight<K> {
    current: Rc<RefCell<Vec<(K, AbortController)>>>,
}

impl<K> Clone for InFlight<K> {
    fn clone(&self) -> Self {
        Self { current: Rc::clone(&self.current) }
    }
}

impl<K: PartialEq> Default for InFlight<K> {
    fn default() -> Self {
        Self { current: Rc::new(RefCell::new(Vec::new())) }
    }
}

impl<K: PartialEq> InFlight<K> {
    /// Starts tracking a request for `key`. Call [`RequestGuard::finish`]
    /// when it completes; dropping the guard unfinished aborts it.
    pub fn begin(&self, key: K) -> Option<RequestGuard<K>> {
        let controller = AbortController::new().ok()?;
        let signal = controller.signal();
        self.current.borrow_mut().push((key, controller.clone()));
        Some(RequestGuard { registry: self.clone(), controller, signal, finished: false })
    }

    /// Aborts every tracked request whose key is not `key`.
    pub fn cancel_unless(&self, key: &K) {
        let stale: Vec<AbortController> = {
            let mut current = self.current.borrow_mut();
            let (keep, stale): (Vec<_>, Vec<_>) = current.drain(..).partition(|(k, _)| k == key);
            *current = keep;
            stale.into_iter().map(|(_, c)| c).collect()
        };
        for c in stale {
            c.abort();
        }
    }

    /// Aborts every tracked request (the card is going away).
    pub fn cancel_all(&self) {
        let all: Vec<AbortController> = self.current.borrow_mut().drain(..).map(|(_, c)| c).collect();
        for c in all {
            c.abort();
        }
    }
}

/// One tracked request.
pub struct RequestGuard<K: PartialEq> {
    registry: InFlight<K>,
    controller: AbortController,
    signal: AbortSignal,
    finished: bool,
}

impl<K: PartialEq> RequestGuard<K> {
    pub fn signal(&self) -> &AbortSignal {
        &self.signal
    }
    pub fn controller(&self) -> &AbortController {
        &self.controller
    }
    /// The request completed: stop tracking it without aborting.
    pub fn finish(mut self) {
        self.finished = true;
    }
}

impl<K: PartialEq> Drop for RequestGuard<K> {
    fn drop(&mut self) {
        if !self.finished {
            // The future was dropped mid-request: nobody wants the answer.
            self.controller.abort();
        }
        self.registry.current.borrow_mut().retain(|(_, c)| !js_sys::Object::is(c, &self.controller));
    }
}
