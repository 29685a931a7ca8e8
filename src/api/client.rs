//! HTTP calls with the card's token.
//!
//! The token goes only into the `Authorization` header: never into a URL
//! (URLs end up in logs and history), never into storage.

use crate::config::REQUEST_TIMEOUT_MS;
use feedback_core::api_error::{classify, ApiError};
use feedback_core::model::{ErrorBody, ResponseFilter};
use feedback_core::protocol::{RespondentLookup, Token};
use gloo_net::http::Request;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal};

use super::decode::decode_object;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient {
    base: String,
    timeout_ms: i32,
    /// Length of one "second" of retry back-off (tests shorten it).
    retry_unit_ms: u32,
}

impl ApiClient {
    pub fn new(base: &str) -> Self {
        Self { base: base.trim_end_matches('/').to_owned(), timeout_ms: REQUEST_TIMEOUT_MS, retry_unit_ms: 1000 }
    }

    /// Same client with retry waits measured in `unit_ms` instead of seconds.
    pub fn with_retry_unit_ms(mut self, unit_ms: u32) -> Self {
        self.retry_unit_ms = unit_ms;
        self
    }

    pub fn retry_unit_ms(&self) -> u32 {
        self.retry_unit_ms
    }

    /// Same client with another time limit per request.
    pub fn with_timeout_ms(mut self, timeout_ms: i32) -> Self {
        self.timeout_ms = timeout_ms;
        self
    }

    /// Sends `call` with the token and returns the body of a 2xx answer;
    /// any other answer is classified. Not generic: the one copy of the
    /// request code serves every endpoint, each decodes its own body.
    pub async fn get_text(&self, call: &Call, token: &Token, outer_signal: &AbortSignal) -> Result<String, ApiError> {
        // One controller per attempt: the time limit aborts this attempt
        // only, while aborting the outer one (parameters changed, card
        // unmounted) aborts whichever attempt is running.
        let attempt = AbortController::new().map_err(|_| ApiError::Network)?;
        let signal = &attempt.signal();
        let _link = AbortLink::new(outer_signal, &attempt);
        let _timeout = Timeout::start(attempt.clone(), self.timeout_ms);
        let timed_out = _timeout.as_ref().map(|t| t.fired.clone());
        let sent = Request::get(&[self.base.as_str(), call.path].concat())
            .query(call.query.iter().map(|(k, v)| (*k, v.as_str())))
            .header("Authorization", &["Bearer ", token.expose()].concat())
            .header("Accept", "application/json")
            .abort_signal(Some(signal))
            .send()
            .await;
        let response = match sent {
            Ok(r) => r,
            Err(_) if timed_out.as_ref().is_some_and(|f| f.get()) => return Err(ApiError::Timeout),
            Err(_) => return Err(ApiError::Network),
        };
        let status = response.status();
        let retry_after = response.headers().get("retry-after");
        let text = match response.text().await {
            Ok(t) => t,
            Err(_) if timed_out.as_ref().is_some_and(|f| f.get()) => return Err(ApiError::Timeout),
            Err(_) if (200..300).contains(&status) => return Err(ApiError::Undecodable),
            Err(_) => String::new(),
        };
        if (200..300).contains(&status) {
            Ok(text)
        } else {
            let body = decode_object::<ErrorBody>(&text).ok();
            Err(classify(status, retry_after.as_deref(), body.as_ref()))
        }
    }
}

/// One GET of the Feedback App API: path and query (never the token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub path: &'static str,
    pub query: Vec<(&'static str, String)>,
}

impl Call {
    /// `GET /feedback-app/respondent-responses`.
    pub fn respondent_responses(lookup: &RespondentLookup, filter: ResponseFilter, page: u32) -> Call {
        let mut query = vec![("page", page.to_string())];
        if let Some(f) = filter.query_value() {
            query.push(("filter", f.to_owned()));
        }
        query.extend(lookup.email.clone().map(|e| ("email", e)));
        query.extend(lookup.phone.clone().map(|p| ("phone", p)));
        Call { path: "/feedback-app/respondent-responses", query }
    }

    /// `GET /feedback-app/employee`: the Personal Page.
    pub fn employee(page: u32) -> Call {
        Call { path: "/feedback-app/employee", query: vec![("page", page.to_string())] }
    }
}

/// Forwards an abort of `outer` to one attempt's controller; unhooked when dropped.
struct AbortLink {
    outer: AbortSignal,
    callback: Closure<dyn FnMut()>,
}

impl AbortLink {
    fn new(outer: &AbortSignal, attempt: &AbortController) -> AbortLink {
        if outer.aborted() {
            attempt.abort();
        }
        let target = attempt.clone();
        let callback = Closure::<dyn FnMut()>::new(move || target.abort());
        let _ = outer.add_event_listener_with_callback("abort", callback.as_ref().unchecked_ref());
        AbortLink { outer: outer.clone(), callback }
    }
}

impl Drop for AbortLink {
    fn drop(&mut self) {
        let _ = self.outer.remove_event_listener_with_callback("abort", self.callback.as_ref().unchecked_ref());
    }
}

/// Aborts the request when its time limit passes; cleared when dropped.
struct Timeout {
    id: i32,
    fired: Rc<Cell<bool>>,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    fn start(controller: AbortController, timeout_ms: i32) -> Option<Timeout> {
        let fired = Rc::new(Cell::new(false));
        let flag = fired.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            flag.set(true);
            controller.abort();
        });
        let id = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), timeout_ms)
            .ok()?;
        Some(Timeout { id, fired, _callback: callback })
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.id);
        }
    }
}
