//! HTTP calls with the card's token.
//!
//! The token goes only into the `Authorization` header: never into a URL
//! (URLs end up in logs and history), never into storage.
//!
//! The first customer request may already be on its way when the app
//! starts: `index.html`'s inline script sends it as soon as the host's
//! parameters arrive, while the WASM still downloads. A request for the same
//! URL with the same header takes that response over (once) instead of
//! sending its own; everything after it (status, errors, retries, decoding)
//! is the same path.

use crate::config::REQUEST_TIMEOUT_MS;
use crate::host::early::claim_early_response;
use feedback_core::api_error::{classify, ApiError};
use feedback_core::digits;
use feedback_core::model::{ErrorBody, ResponseFilter};
use feedback_core::protocol::{RespondentLookup, Token};
use js_sys::{JsString, Promise};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestInit, Response, UrlSearchParams};

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

    /// The URL of `call` on this client's API.
    pub fn url(&self, call: &Call) -> String {
        call.url(&self.base)
    }

    /// Sends `call` with the token and returns the body of a 2xx answer;
    /// any other answer is classified. Not generic: the one copy of the
    /// request code serves every endpoint, each decodes its own body. The
    /// body stays a JavaScript string: it is measured and parsed there, and
    /// only the decoded fields are copied into WASM memory.
    pub async fn get_text(&self, call: &Call, token: &Token, outer_signal: &AbortSignal) -> Result<JsString, ApiError> {
        // One controller per attempt: the time limit aborts this attempt
        // only, while aborting the outer one (parameters changed, card
        // unmounted) aborts whichever attempt is running.
        let attempt = AbortController::new().map_err(|_| ApiError::Network)?;
        let signal = &attempt.signal();
        let _link = AbortLink::new(outer_signal, &attempt);
        let _timeout = Timeout::start(attempt.clone(), self.timeout_ms);
        let timed_out = || _timeout.as_ref().is_some_and(|t| t.fired.get());
        let url = self.url(call);
        let authorization = ["Bearer ", token.expose()].concat();
        let (sent, _early_link) = match claim_early_response(&url, &authorization) {
            // Aborting this attempt aborts the early request it took over.
            Some(early) => (Ok(early.response), Some(AbortLink::new(signal, &early.controller))),
            None => (fetch(&url, &authorization, signal), None),
        };
        let response = match sent {
            Ok(promise) => JsFuture::from(promise).await.ok().and_then(|r| r.dyn_into::<Response>().ok()),
            Err(()) => None,
        };
        let Some(response) = response else {
            return Err(if timed_out() { ApiError::Timeout } else { ApiError::Network });
        };
        let status = response.status();
        let retry_after = response.headers().get("retry-after").ok().flatten();
        let ok = (200..300).contains(&status);
        let text = match response.text() {
            Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.dyn_into::<JsString>().ok()),
            Err(_) => None,
        };
        let text = match text {
            Some(t) => t,
            None if timed_out() => return Err(ApiError::Timeout),
            None if ok => return Err(ApiError::Undecodable),
            None => JsString::from(""),
        };
        if ok {
            Ok(text)
        } else {
            let body = decode_object::<ErrorBody>(&text).ok();
            Err(classify(status, retry_after.as_deref(), body.as_ref()))
        }
    }
}

/// `fetch(url)` with the token and `signal`.
fn fetch(url: &str, authorization: &str, signal: &AbortSignal) -> Result<Promise, ()> {
    let headers = Headers::new().map_err(|_| ())?;
    headers.append("Authorization", authorization).map_err(|_| ())?;
    headers.append("Accept", "application/json").map_err(|_| ())?;
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    init.set_signal(Some(signal));
    Ok(web_sys::window().ok_or(())?.fetch_with_str_and_init(url, &init))
}

/// One GET of the Feedback App API: path and query (never the token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub path: &'static str,
    pub query: Vec<(&'static str, String)>,
}

impl Call {
    /// The call's URL under `base`: the query encoded by the browser's
    /// `URLSearchParams`, as `index.html`'s inline script encodes it.
    pub fn url(&self, base: &str) -> String {
        let mut url = [base, self.path].concat();
        if let Ok(query) = UrlSearchParams::new() {
            self.query.iter().for_each(|(k, v)| query.append(k, v));
            let encoded = String::from(query.to_string());
            if !encoded.is_empty() {
                url.push('?');
                url.push_str(&encoded);
            }
        }
        url
    }

    /// `GET /feedback-app/respondent-responses`.
    pub fn respondent_responses(lookup: &RespondentLookup, filter: ResponseFilter, page: u32) -> Call {
        let mut query = vec![("page", digits::unsigned(page.into()))];
        if let Some(f) = filter.query_value() {
            query.push(("filter", f.to_owned()));
        }
        query.extend(lookup.email.clone().map(|e| ("email", e)));
        query.extend(lookup.phone.clone().map(|p| ("phone", p)));
        Call { path: "/feedback-app/respondent-responses", query }
    }

    /// `GET /feedback-app/employee`: the Personal Page.
    pub fn employee(page: u32) -> Call {
        Call { path: "/feedback-app/employee", query: vec![("page", digits::unsigned(page.into()))] }
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
