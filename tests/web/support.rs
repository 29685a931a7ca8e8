//! Helpers shared by the browser tests: a fake host frame, a scripted
//! `fetch`, message dispatch, waiting and reading the DOM.

#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlElement, HtmlIFrameElement, MessageEvent, MessageEventInit, Window};

#[wasm_bindgen(inline_js = r#"
const original = globalThis.fetch;
let routes = [];
let calls = [];
export function fake_fetch_install() {
  routes = []; calls = [];
  globalThis.fetch = (input, init) => {
    const req = input instanceof Request ? input : new Request(input, init);
    const call = { url: req.url, auth: req.headers.get('authorization'), aborted: false, at: performance.now(),
      method: req.method, body: init && typeof init.body === 'string' ? init.body : null,
      key: req.headers.get('idempotency-key'), type: req.headers.get('content-type') };
    calls.push(call);
    req.signal.addEventListener('abort', () => { call.aborted = true; });
    const route = routes.find(r => req.url.includes(r.match) && r.remaining > 0);
    if (!route) return Promise.reject(new TypeError('no route for ' + req.url));
    route.remaining -= 1;
    if (route.status === -1) return Promise.reject(new TypeError('Failed to fetch'));
    return new Promise((resolve, reject) => {
      if (req.signal.aborted) { reject(new DOMException('aborted', 'AbortError')); return; }
      req.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      const respond = () => resolve(new Response(route.body, { status: route.status, headers: route.headers }));
      if (route.delay >= 0) setTimeout(respond, route.delay);
    });
  };
}
export function fake_fetch_route(match, status, body, headers, delay) {
  routes.unshift({ match, status, body, headers: headers || {}, delay, remaining: Infinity });
}
export function fake_fetch_route_times(match, status, body, headers, times) {
  routes.unshift({ match, status, body, headers: headers || {}, delay: 0, remaining: times });
}
export function fake_fetch_restore() { globalThis.fetch = original; }
export function fake_fetch_calls() { return calls; }
"#)]
extern "C" {
    pub fn fake_fetch_install();
    /// `delay` < 0: never answers unless aborted. `status` -1: network error.
    pub fn fake_fetch_route(matches: &str, status: i32, body: &str, headers: JsValue, delay: i32);
    /// A route answered `times` times, then skipped (for sequences).
    pub fn fake_fetch_route_times(matches: &str, status: i32, body: &str, headers: JsValue, times: u32);
    pub fn fake_fetch_restore();
    fn fake_fetch_calls() -> js_sys::Array;
}

/// A request the card made.
#[derive(Debug, Clone)]
pub struct Call {
    pub url: String,
    pub auth: Option<String>,
    pub aborted: bool,
    /// When the request was made (ms, the page's clock).
    pub at: f64,
    pub method: String,
    /// A text body, as sent.
    pub body: Option<String>,
    /// The `Idempotency-Key` header.
    pub key: Option<String>,
    pub content_type: Option<String>,
}

pub fn calls() -> Vec<Call> {
    fake_fetch_calls()
        .iter()
        .map(|c| {
            let get = |k: &str| js_sys::Reflect::get(&c, &k.into()).unwrap_or(JsValue::UNDEFINED);
            Call {
                url: get("url").as_string().unwrap_or_default(),
                auth: get("auth").as_string(),
                aborted: get("aborted").is_truthy(),
                at: get("at").as_f64().unwrap_or(f64::NAN),
                method: get("method").as_string().unwrap_or_default(),
                body: get("body").as_string(),
                key: get("key").as_string(),
                content_type: get("type").as_string(),
            }
        })
        .collect()
}

pub fn window() -> Window {
    web_sys::window().expect("test runs in a browser window")
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).expect("setTimeout");
    });
    let _ = JsFuture::from(promise).await;
}

/// Polls `cond` every 10 ms for up to 5 s.
pub async fn until(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..500 {
        if cond() {
            return;
        }
        sleep(10).await;
    }
    panic!("timed out waiting for: {what}");
}

/// A same-origin frame standing in for a window (the host, or a stranger).
pub struct Frame {
    pub element: HtmlIFrameElement,
    pub received: Rc<RefCell<Vec<JsValue>>>,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

impl Frame {
    pub fn new() -> Frame {
        let document = window().document().expect("document");
        let element: HtmlIFrameElement =
            document.create_element("iframe").expect("iframe").dyn_into().expect("is iframe");
        document.body().expect("body").append_child(&element).expect("append");
        let received = Rc::new(RefCell::new(Vec::new()));
        let sink = received.clone();
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| sink.borrow_mut().push(e.data()));
        element
            .content_window()
            .expect("frame window")
            .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
            .expect("listen");
        Frame { element, received, _listener: listener }
    }

    pub fn window(&self) -> Window {
        self.element.content_window().expect("frame window")
    }

    /// Messages the card posted to this frame, as `action` strings.
    pub fn actions(&self) -> Vec<String> {
        self.received
            .borrow()
            .iter()
            .filter_map(|d| js_sys::Reflect::get(d, &"action".into()).ok()?.as_string())
            .collect()
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        self.element.remove();
    }
}

/// Delivers `data` to this window's `message` listeners as if `source` posted it.
pub fn deliver(data: &JsValue, source: &Window) {
    let init = MessageEventInit::new();
    init.set_data(data);
    init.set_source(Some(source.unchecked_ref()));
    let event = MessageEvent::new_with_event_init_dict("message", &init).expect("MessageEvent");
    window().dispatch_event(&event).expect("dispatch");
}

/// Parses a JS object literal written as JSON.
pub fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON")
}

pub fn set_parameters(params_json: &str) -> JsValue {
    json(&format!(r#"{{"action":"SET_PARAMETERS","parameters":{params_json}}}"#))
}

/// A fresh element to mount into.
pub fn container() -> HtmlElement {
    let document = window().document().expect("document");
    let el: HtmlElement = document.create_element("div").expect("div").dyn_into().expect("is element");
    document.body().expect("body").append_child(&el).expect("append");
    el
}

pub fn text_of(el: &HtmlElement) -> String {
    el.text_content().unwrap_or_default()
}

pub fn click(el: &HtmlElement, selector: &str) {
    let target: HtmlElement = el
        .query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no element {selector}"))
        .dyn_into()
        .expect("an HTML element");
    target.click();
}

pub fn attr(el: &HtmlElement, selector: &str, name: &str) -> Option<String> {
    el.query_selector(selector).ok().flatten()?.get_attribute(name)
}

pub fn text_at(el: &HtmlElement, selector: &str) -> String {
    el.query_selector(selector).ok().flatten().and_then(|e| e.text_content()).unwrap_or_default()
}

/// The `data-state` of the visible panel's state element.
pub fn states(el: &HtmlElement) -> Vec<String> {
    let list = el.query_selector_all("[role=tabpanel]:not([hidden]) [data-state]").expect("selector");
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok()?.get_attribute("data-state"))
        .collect()
}

pub fn count(el: &HtmlElement, selector: &str) -> u32 {
    el.query_selector_all(selector).map(|l| l.length()).unwrap_or(0)
}
