//! `index.html`'s inline bootstrap, the real one (read from the page's
//! source), and the app taking over from it: READY repeated until the host
//! answers, the newest parameters kept, the first request sent before the
//! app starts and handed over to it; and API bodies over the size limit
//! refused before they reach WASM memory.

use crate::harness::*;
use crate::support::window;
use crate::support::*;
use feedback_app::api::{ApiClient, Call};
use feedback_app::app::Card;
use feedback_app::host::messages::{read_raw_message, BROWSER_FOLDING};
use feedback_app::host::HostFrame;
use feedback_core::model::ResponseFilter;
use feedback_core::protocol::{parse_host_message_with, HostMessage, Parameters};
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

const PAGE: &str = include_str!("../../index.html");
const API: &str = "http://api.test";

/// The bootstrap's function, `(win, host, apiBase, readyEveryMs, readyForMs)`,
/// cut from the page: the inline script is `(function …)(window, …);`.
fn bootstrap_function() -> js_sys::Function {
    let start = PAGE.find("(function (win, host").expect("the bootstrap in index.html");
    let call = PAGE[start..].find("})(window, window.parent").expect("the bootstrap's call") + start;
    let source = &PAGE[start..call + 2];
    js_sys::eval(source).expect("the bootstrap compiles").dyn_into().expect("a function")
}

/// Runs the page's bootstrap in this window with `host` as its parent.
fn run_bootstrap(host: &Frame, every_ms: u32, for_ms: u32) {
    let args = js_sys::Array::of5(
        &window(),
        &host.window(),
        &JsValue::from_str(API),
        &JsValue::from(every_ms),
        &JsValue::from(for_ms),
    );
    bootstrap_function().apply(&JsValue::NULL, &args).expect("the bootstrap runs");
}

/// Stops the bootstrap keeping messages (as the app does) and removes it.
fn remove_bootstrap() {
    let early = js_sys::Reflect::get(&window(), &"feedbackAppEarly".into()).unwrap_or(JsValue::UNDEFINED);
    if let Ok(take) = js_sys::Reflect::get(&early, &"take".into()).and_then(|t| t.dyn_into::<js_sys::Function>()) {
        let _ = take.call0(&early);
    }
    let _ = js_sys::Reflect::delete_property(&window(), &"feedbackAppEarly".into());
}

fn readies(host: &Frame) -> usize {
    host.actions().iter().filter(|a| *a == "FEEDBACK_WIDGET_READY").count()
}

/// A card mounted on `host` without resetting the scripted fetch (the
/// bootstrap's request was made before the app).
struct Mounted {
    root: web_sys::HtmlElement,
    _mounted: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

impl Mounted {
    fn on(host: &Frame) -> Mounted {
        let root = container();
        let host_window = host.window();
        let mounted = mount_to(root.clone(), move || {
            let api = ApiClient::new(API).with_timeout_ms(2000).with_retry_unit_ms(20);
            view! { <Card host=HostFrame::from_window(host_window) api=api /> }.into_any()
        });
        Mounted { root, _mounted: mounted }
    }
    fn text(&self) -> String {
        text_of(&self.root)
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        fake_fetch_restore();
        self.root.remove();
    }
}

#[wasm_bindgen_test]
async fn ready_is_repeated_until_a_late_host_answers_then_stops() {
    let host = Frame::new();
    run_bootstrap(&host, 20, 600);
    until("the first READY", || readies(&host) >= 1).await;
    // A host that starts listening only now still hears READY.
    let late = readies(&host);
    until("READY again for a host listening late", || readies(&host) > late + 1).await;
    deliver(&set_parameters(r#"{"token":"t"}"#), &host.window());
    let answered = readies(&host);
    // Past the bootstrap's 600 ms window, nothing more could come anyway:
    // anything after the answer would have shown up by then.
    sleep(700).await;
    assert!(
        readies(&host) <= answered + 1,
        "READY stopped once the host answered: {} then {}",
        answered,
        readies(&host)
    );
    let version = js_sys::Reflect::get(&host.received.borrow()[0], &"protocolVersion".into()).unwrap();
    assert_eq!(version.as_f64(), Some(1.0));
    remove_bootstrap();
}

#[wasm_bindgen_test]
async fn ready_repeats_for_a_bounded_time_only() {
    let host = Frame::new();
    run_bootstrap(&host, 20, 200);
    until("READY repeated", || readies(&host) >= 3).await;
    sleep(400).await;
    let at_end = readies(&host);
    assert!((3..=12).contains(&at_end), "about one READY per 20 ms for 200 ms: {at_end}");
    sleep(200).await;
    assert_eq!(readies(&host), at_end, "no READY after the window");
    remove_bootstrap();
}

#[wasm_bindgen_test]
async fn the_newest_of_80_parameter_messages_wins() {
    fake_fetch_install();
    fake_fetch_route("email=c79%40example.com", 200, ANNA, JsValue::UNDEFINED, 0);
    let host = Frame::new();
    run_bootstrap(&host, 1000, 10000);
    deliver(&set_parameters(r#"{"token":"tok-1","respondentEmail":"c0@example.com","theme":"dark"}"#), &host.window());
    for i in 1..80 {
        let p = format!(r#"{{"respondentEmail":"c{i}@example.com","token":""}}"#);
        deliver(&set_parameters(&p), &host.window());
    }
    let card = Mounted::on(&host);
    until("the newest customer's list", || card.text().contains("Lovely help")).await;
    let calls = calls();
    assert!(calls.iter().all(|c| c.auth.as_deref() == Some("Bearer tok-1")), "the first token kept: {calls:?}");
    let last = calls.last().expect("a request");
    assert!(last.url.contains("email=c79%40example.com") && !last.aborted, "{calls:?}");
    let root = window().document().unwrap().document_element().unwrap();
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("dark"), "the first message's theme kept");
    drop(card);
    let _ = root.remove_attribute("data-theme");
    remove_bootstrap();
}

#[wasm_bindgen_test]
async fn the_first_request_leaves_before_the_app_starts_and_the_app_takes_it_over() {
    fake_fetch_install();
    fake_fetch_route("email=anna%40example.com", 200, ANNA, JsValue::UNDEFINED, 150);
    let host = Frame::new();
    run_bootstrap(&host, 1000, 10000);
    deliver(
        &set_parameters(r#"{"token":" tok-early ","respondentEmail":" Anna@Example.com ","respondentPhone":""}"#),
        &host.window(),
    );
    let sent = calls();
    assert_eq!(sent.len(), 1, "sent at once, without the app: {sent:?}");
    assert_eq!(sent[0].auth.as_deref(), Some("Bearer tok-early"));
    assert!(!sent[0].url.contains("tok-early"), "the token is never in a URL");
    let card = Mounted::on(&host);
    until("the list", || count(&card.root, "li.response") == 2).await;
    let calls = calls();
    assert_eq!(calls.len(), 1, "the app took the early response over instead of asking again: {calls:?}");
    assert!(!calls[0].aborted);
    remove_bootstrap();
}

/// The inline script reads the early response's body as it arrives and
/// hands the app a response rebuilt around it: a refusal keeps its status
/// and its `Retry-After`, so the app waits as the service asked.
#[wasm_bindgen_test]
async fn an_early_refusal_keeps_its_status_and_retry_after() {
    fake_fetch_install();
    fake_fetch_route("email=anna%40example.com", 200, ANNA, JsValue::UNDEFINED, 0);
    fake_fetch_route_times(
        "email=anna%40example.com",
        429,
        r#"{"error":{"code":"rate_limited","message":"slow down"}}"#,
        json(r#"{"Retry-After":"3"}"#),
        1,
    );
    let host = Frame::new();
    run_bootstrap(&host, 1000, 10000);
    deliver(&set_parameters(r#"{"token":"t","respondentEmail":"anna@example.com"}"#), &host.window());
    assert_eq!(calls().len(), 1, "sent by the inline script");
    let card = Mounted::on(&host);
    until("the wait the service asked for", || card.text().contains("Trying again in 3 s")).await;
    assert_eq!(calls().len(), 1, "the app took the early refusal over");
    until("the list after the wait", || count(&card.root, "li.response") == 2).await;
    assert_eq!(calls().len(), 2, "one refused call, one retry");
    remove_bootstrap();
}

#[wasm_bindgen_test]
async fn a_newer_set_parameters_aborts_the_early_request() {
    fake_fetch_install();
    fake_fetch_route("email=slow%40example.com", 200, ANNA, JsValue::UNDEFINED, -1);
    fake_fetch_route("phone=%2B4512345678", 200, BO, JsValue::UNDEFINED, 50);
    let host = Frame::new();
    run_bootstrap(&host, 1000, 10000);
    deliver(&set_parameters(r#"{"token":"t","respondentEmail":"slow@example.com"}"#), &host.window());
    // The same request again (a host answering a repeated READY): kept.
    deliver(&set_parameters(r#"{"token":"t","respondentEmail":"slow@example.com"}"#), &host.window());
    assert_eq!(calls().len(), 1);
    deliver(&set_parameters(r#"{"respondentEmail":"","respondentPhone":"+45 12 34 56 78"}"#), &host.window());
    let sent = calls();
    assert_eq!(sent.len(), 2);
    assert!(sent[0].aborted, "the older customer's request was aborted");
    let card = Mounted::on(&host);
    until("Bo's list", || card.text().contains("Fine by phone")).await;
    assert_eq!(calls().len(), 2, "the newer one was taken over");
    assert!(!card.text().contains("Lovely help"));
    remove_bootstrap();
}

#[wasm_bindgen_test]
async fn an_early_request_the_app_does_not_make_is_aborted_when_it_makes_another() {
    fake_fetch_install();
    fake_fetch_route("email=anna%40example.com", 200, ANNA, JsValue::UNDEFINED, -1);
    let host = Frame::new();
    run_bootstrap(&host, 1000, 10000);
    deliver(&set_parameters(r#"{"token":"t","respondentEmail":"anna@example.com"}"#), &host.window());
    let early = js_sys::Reflect::get(&window(), &"feedbackAppEarly".into()).unwrap();
    let claim: js_sys::Function = js_sys::Reflect::get(&early, &"claim".into()).unwrap().dyn_into().unwrap();
    let other =
        claim.call2(&early, &"http://api.test/feedback-app/employee?page=1".into(), &"Bearer t".into()).unwrap();
    assert!(other.is_null(), "not the same request");
    until("the early request aborted", || calls()[0].aborted).await;
    let again = claim.call2(&early, &calls()[0].url.as_str().into(), &"Bearer t".into()).unwrap();
    assert!(again.is_null(), "taken once only");
    fake_fetch_restore();
    remove_bootstrap();
}

/// The URL and header the app sends for the parameters in `messages`
/// (`None`: it sends no customer request).
fn apps_request(messages: &[&str]) -> Option<(String, String)> {
    let mut params = Parameters::default();
    for m in messages {
        if let Ok(HostMessage::SetParameters { update, .. }) =
            parse_host_message_with(read_raw_message(&set_parameters(m)), BROWSER_FOLDING)
        {
            params.apply(update);
        }
    }
    let (token, lookup) = (params.token.as_ref()?, params.lookup()?);
    let call = Call::respondent_responses(&lookup, ResponseFilter::All, 1);
    Some((ApiClient::new(API).url(&call), ["Bearer ", token.expose()].concat()))
}

/// The bootstrap's request must be the app's, or else none: a different
/// one would be sent twice. Inputs the bootstrap cannot be sure of leave the
/// request to the app.
#[wasm_bindgen_test]
async fn the_bootstrap_sends_exactly_the_request_the_app_would_or_none() {
    let cases: &[(&[&str], bool)] = &[
        (&[r#"{"token":"a.b-c_d","respondentEmail":"anna@example.com","respondentPhone":""}"#], true),
        (&[r#"{"token":"t","respondentEmail":"  Anna.Berg+x@Example.COM\n"}"#], true),
        (&[r#"{"token":"t","respondentPhone":"+4512345678"}"#], true),
        (&[r#"{"token":"t","respondentPhone":" +45 (12) 34-56.78 "}"#], true),
        (&[r#"{"token":"t","respondentPhone":"0045 12/34 56 78"}"#], true),
        (&[r#"{"token":"t","respondentEmail":"o'neil@x.dk","respondentPhone":"+4512345678"}"#], true),
        (
            &[
                r#"{"token":"t","respondentEmail":"a@x.dk"}"#,
                r#"{"token":"","respondentEmail":null}"#,
                r#"{"respondentPhone":"+4587654321"}"#,
            ],
            true,
        ),
        (&[r#"{"token":"t1","respondentEmail":"a@x.dk"}"#, r#"{"token":"t2"}"#, r#"{"token":{"x":1}}"#], true),
        // The bootstrap stands back (the app decides):
        (&[r#"{"token":"t","respondentEmail":"søren@x.dk"}"#], false),
        (&[r#"{"token":"t","respondentPhone":"+45\u00a012345678"}"#], false),
        (&[r#"{"token":"t","respondentPhone":"+44 (0)20 7946 0958"}"#], false),
        (&[r#"{"token":"t","respondentPhone":"(+45) 12 34 56 78"}"#], false),
        (&[r#"{"token":"tøken","respondentEmail":"a@x.dk"}"#], false),
        // Nothing to look up, or no token: no request from either.
        (&[r#"{"token":"t","respondentEmail":"","respondentPhone":""}"#], false),
        (&[r#"{"respondentEmail":"a@x.dk"}"#], false),
        (&[r#"{"token":"t","respondentPhone":"12345678"}"#], false),
        (&[r#"{"token":"t","respondentEmail":"not-an-email"}"#], false),
    ];
    for (messages, sent_early) in cases {
        fake_fetch_install();
        fake_fetch_route("feedback-app", 200, ANNA, JsValue::UNDEFINED, -1);
        let host = Frame::new();
        run_bootstrap(&host, 1000, 10000);
        messages.iter().for_each(|m| deliver(&set_parameters(m), &host.window()));
        let sent = calls();
        assert_eq!(!sent.is_empty(), *sent_early, "{messages:?}: {sent:?}");
        if let Some(early) = sent.last() {
            let (url, auth) = apps_request(messages).expect("the app sends a request too");
            assert_eq!(
                (early.url.as_str(), early.auth.as_deref()),
                (url.as_str(), Some(auth.as_str())),
                "{messages:?}"
            );
        }
        fake_fetch_restore();
        remove_bootstrap();
    }
}

#[wasm_bindgen(inline_js = r#"
export function answer_with_a_huge_body(units) {
  const body = '{"items":[],"pad":"' + 'x'.repeat(units) + '"}';
  globalThis.fetch = () => Promise.resolve(new Response(body, { status: 200 }));
}
export function wasm_memory_bytes(memory) { return memory.buffer.byteLength; }
"#)]
extern "C" {
    fn answer_with_a_huge_body(units: u32);
    fn wasm_memory_bytes(memory: &JsValue) -> f64;
}
use wasm_bindgen::prelude::wasm_bindgen;

/// A body over the limit is refused while it is still a JavaScript string:
/// the WASM's memory, which never shrinks, does not grow by it.
#[wasm_bindgen_test]
async fn an_oversized_body_is_refused_before_it_is_copied_into_wasm_memory() {
    let h = Harness::mount();
    let memory = wasm_bindgen::memory();
    let before = wasm_memory_bytes(&memory);
    answer_with_a_huge_body(24 * 1024 * 1024);
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"anna@example.com"}"#));
    h.until_state("unreadable").await;
    let grown = wasm_memory_bytes(&memory) - before;
    assert!(grown < 4.0 * 1024.0 * 1024.0, "WASM memory grew by {grown} bytes for a refused 24 MB body");
}
