//! The host protocol: READY, SET_PARAMETERS from the parent only, partial
//! updates, cancellation, hostile input, errors.

use crate::harness::*;
use crate::support::*;
use feedback_app::app::App;
use leptos::mount::mount_to;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn ready_is_posted_to_the_host() {
    let h = Harness::mount();
    until("READY at the host", || h.host.actions().first().map(String::as_str) == Some("FEEDBACK_WIDGET_READY")).await;
    assert_eq!(h.host.actions().iter().filter(|a| *a == "FEEDBACK_WIDGET_READY").count(), 1, "READY once");
    let ready = h.host.received.borrow()[0].clone();
    let version = js_sys::Reflect::get(&ready, &"protocolVersion".into()).unwrap();
    assert_eq!(version.as_f64(), Some(1.0));
    assert!(h.text().contains("Connecting"), "{}", h.text());
}

#[wasm_bindgen_test]
async fn set_parameters_from_the_host_fetches_with_the_token_and_renders_the_list() {
    let h = Harness::mount();
    route("email=anna%40example.com", 200, ANNA);
    h.send(&set_parameters(r#"{"token":"tok-1","respondentEmail":" Anna@Example.com ","respondentPhone":""}"#));
    until("the list", || count(&h.root, "li.response") == 2).await;
    let calls = calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].auth.as_deref(), Some("Bearer tok-1"));
    assert!(calls[0].url.starts_with("http://api.test/feedback-app/respondent-responses?"), "{}", calls[0].url);
    assert!(!calls[0].url.contains("tok-1"), "token must never be in a URL");
    assert!(!calls[0].url.contains("phone="), "empty phone is absent: {}", calls[0].url);
    let text = h.text();
    assert!(text.contains("Lovely help") && text.contains("10"), "{text}");
    // Customer text is rendered as text: the markup shows, no element is made.
    assert!(text.contains("Waited <b>forever</b>"), "{text}");
    assert_eq!(count(&h.root, "li.response b"), 0);
}

#[wasm_bindgen_test]
async fn the_same_message_from_another_window_is_ignored() {
    let h = Harness::mount();
    let stranger = Frame::new();
    route("respondent-responses", 200, ANNA);
    deliver(&set_parameters(r#"{"token":"tok-1","respondentEmail":"anna@example.com"}"#), &stranger.window());
    deliver(&set_parameters(r#"{"token":"tok-1","respondentEmail":"anna@example.com"}"#), &crate::support::window());
    assert!(h.text().contains("Connecting"), "{}", h.text());
    // The host's own message, sent after: once its request is made, any
    // request the strangers' messages caused would have been made before it.
    route("phone=%2B4512345678", 200, BO);
    h.send(&set_parameters(r#"{"token":"tok-2","respondentPhone":"+4512345678"}"#));
    until("the host's request", || !calls().is_empty()).await;
    let calls = calls();
    assert_eq!(calls.len(), 1, "no fetch for a stranger's message: {calls:?}");
    assert!(calls[0].url.contains("phone=") && !calls[0].url.contains("email="), "{}", calls[0].url);
    assert_eq!(calls[0].auth.as_deref(), Some("Bearer tok-2"));
}

#[wasm_bindgen_test]
async fn partial_update_keeps_the_token_and_switches_the_customer() {
    let h = Harness::mount();
    route("email=anna%40example.com", 200, ANNA);
    route("phone=%2B4512345678", 200, BO);
    h.send(&set_parameters(r#"{"token":"tok-1","respondentEmail":"anna@example.com","respondentPhone":""}"#));
    until("Anna's list", || h.text().contains("Lovely help")).await;
    // The seed's "change the parameters after load" shape: no token.
    h.send(&set_parameters(r#"{"respondentEmail":"","respondentPhone":"+45 12 34 56 78"}"#));
    until("Bo's list", || h.text().contains("Fine by phone")).await;
    assert!(!h.text().contains("Lovely help"), "previous customer's data must be gone");
    let calls = calls();
    let customer_calls: Vec<_> = calls.iter().filter(|c| c.url.contains("respondent-responses")).collect();
    assert_eq!(customer_calls.len(), 2);
    assert_eq!(customer_calls[1].auth.as_deref(), Some("Bearer tok-1"));
    assert!(!customer_calls[1].url.contains("email="), "{}", customer_calls[1].url);
    // An empty `parameters` (what the seed's custom-event snippet sends) changes nothing.
    h.send(&set_parameters("{}"));
    // A later message that visibly changes the card: by the time it shows,
    // the empty one has been handled.
    h.send(&set_parameters(r#"{"locale":"da"}"#));
    until("Danish", || h.text().contains("Fundet via telefon")).await;
    assert_eq!(crate::support::calls().len(), 2);
    assert!(h.text().contains("Fine by phone"));
}

#[wasm_bindgen_test]
async fn a_request_for_the_previous_customer_is_aborted_and_never_shown() {
    let h = Harness::mount();
    fake_fetch_route("email=slow%40example.com", 200, ANNA, JsValue::UNDEFINED, -1);
    route("phone=%2B4512345678", 200, BO);
    h.send(&set_parameters(r#"{"token":"tok-1","respondentEmail":"slow@example.com"}"#));
    until("first request sent", || calls().len() == 1).await;
    h.send(&set_parameters(r#"{"respondentEmail":"","respondentPhone":"+4512345678"}"#));
    until("Bo's list", || h.text().contains("Fine by phone")).await;
    let calls = calls();
    assert!(calls[0].aborted, "the stale request was aborted");
    assert!(!calls[1].aborted);
    assert!(!h.text().contains("Lovely help"));
}

#[wasm_bindgen_test]
async fn hostile_messages_are_ignored_without_breaking_the_card() {
    let h = Harness::mount();
    route("email=anna%40example.com", 200, ANNA);
    let huge = "x".repeat(100_000);
    for data in [
        JsValue::NULL,
        JsValue::UNDEFINED,
        JsValue::from(42),
        JsValue::from_str("SET_PARAMETERS"),
        json("[1,2,3]"),
        json(r#"{"action":"FEEDBACK_WIDGET_READY"}"#),
        json(r#"{"action":{"nested":true},"parameters":{"token":"x"}}"#),
        json(r#"{"action":"SET_PARAMETERS","parameters":"token=abc"}"#),
        json(r#"{"action":"SET_PARAMETERS","parameters":{"token":{"a":1},"respondentEmail":[1]}}"#),
        json(&format!(r#"{{"action":"{huge}"}}"#)),
        json(&format!(r#"{{"action":"SET_PARAMETERS","parameters":{{"token":"{huge}"}}}}"#)),
        js_sys::Function::new_no_args("return 1").into(),
    ] {
        h.send(&data);
    }
    assert!(calls().is_empty(), "nothing hostile caused a request");
    h.send(&set_parameters(r#"{"token":"tok-1","respondentEmail":"anna@example.com"}"#));
    until("the list after hostile input", || count(&h.root, "li.response") == 2).await;
    // Handled after the hostile messages: only its own request was made.
    assert_eq!(calls().len(), 1, "nothing hostile caused a request: {:?}", calls());
}

#[wasm_bindgen_test]
async fn an_expired_token_is_explained() {
    let h = Harness::mount();
    route("respondent-responses", 401, r#"{"error":{"code":"token_expired","message":"Token expired"}}"#);
    h.send(&set_parameters(r#"{"token":"old","respondentEmail":"anna@example.com"}"#));
    h.until_state("expired").await;
    assert!(h.text().contains("Session expired") && h.text().contains("Reopen the conversation"), "{}", h.text());
}

#[wasm_bindgen_test]
async fn unreadable_bodies_and_network_failures_are_errors_not_panics() {
    let h = Harness::mount();
    route("a%40x.dk", 200, "<html>not json</html>");
    route("b%40x.dk", 200, "[1,2]");
    route("c%40x.dk", -1, "");
    route("d%40x.dk", 200, r#"{"respondents":[{"id":"d"}],"items":[{"rating":"eleven"},7,null]}"#);
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"a@x.dk"}"#));
    h.until_state("unreadable").await;
    // Another state between the two unreadable ones, so the second cannot
    // pass on the first's leftover.
    h.send(&set_parameters(r#"{"respondentEmail":"c@x.dk"}"#));
    h.until_state("unreachable").await;
    assert!(h.text().contains("Cannot reach nps.today"), "{}", h.text());
    assert!(!states(&h.root).contains(&"unreadable".to_string()));
    h.send(&set_parameters(r#"{"respondentEmail":"b@x.dk"}"#));
    h.until_state("unreadable").await;
    let b = calls().into_iter().filter(|c| c.url.contains("b%40x.dk")).collect::<Vec<_>>();
    assert_eq!(b.len(), 1, "one request for the array, not retried");
    assert!(!b[0].aborted);
    h.send(&set_parameters(r#"{"respondentEmail":"d@x.dk"}"#));
    until("tolerant items", || count(&h.root, "li.response") == 1).await;
}

#[wasm_bindgen_test]
async fn a_request_past_its_time_limit_times_out() {
    let h = Harness::mount();
    fake_fetch_route("respondent-responses", 200, ANNA, JsValue::UNDEFINED, -1);
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"anna@example.com"}"#));
    until("four attempts, each stopped at its time limit", || calls().len() == 4 && calls().iter().all(|c| c.aborted))
        .await;
    h.until_state("unreachable").await;
}

#[wasm_bindgen_test]
async fn opened_directly_the_app_says_it_waits_for_a_host() {
    // The test page is not framed, so the app finds no host.
    let root = container();
    let _mounted = mount_to(root.clone(), App);
    let text = text_of(&root);
    root.remove();
    assert!(text.contains("Waiting for a host") && text.contains("preview"), "{text}");
}

/// Stands in for `index.html`'s inline script: READY said, `kept` waiting.
fn install_inline_script(kept: &[web_sys::MessageEvent]) {
    let list = js_sys::Array::new();
    kept.iter().for_each(|e| {
        list.push(e);
    });
    let make = js_sys::Function::new_with_args(
        "kept",
        "return { take: function () { var taken = kept; kept = null; return taken; } };",
    );
    let early = make.call1(&JsValue::NULL, &list).unwrap();
    js_sys::Reflect::set(&crate::support::window(), &"feedbackAppEarly".into(), &early).unwrap();
}

fn remove_inline_script() {
    js_sys::Reflect::delete_property(&crate::support::window(), &"feedbackAppEarly".into()).unwrap();
}

fn message_from(data: &JsValue, source: &web_sys::Window) -> web_sys::MessageEvent {
    use wasm_bindgen::JsCast;
    let init = web_sys::MessageEventInit::new();
    init.set_data(data);
    init.set_source(Some(source.unchecked_ref()));
    web_sys::MessageEvent::new_with_event_init_dict("message", &init).unwrap()
}

#[wasm_bindgen_test]
async fn messages_the_inline_script_kept_are_applied_in_order_and_ready_is_not_said_twice() {
    let host = Frame::new();
    let stranger = Frame::new();
    install_inline_script(&[
        message_from(&set_parameters(r#"{"token":"tok-early","respondentEmail":"bo@example.com"}"#), &host.window()),
        // Kept by mistake (the script checks the source too): still refused.
        message_from(&set_parameters(r#"{"token":"tok-stranger"}"#), &stranger.window()),
        message_from(&set_parameters(r#"{"respondentEmail":"anna@example.com"}"#), &host.window()),
    ]);
    let h = Harness::mount_on(host);
    // Routes after mounting (mounting installs a fresh fake fetch); the
    // kept messages' request goes out later, from a task.
    route("email=anna%40example.com", 200, ANNA);
    route("email=bo%40example.com", 200, BO);
    remove_inline_script();
    until("Anna's list", || h.text().contains("Lovely help")).await;
    let calls = calls();
    assert!(
        calls.iter().all(|c| c.auth.as_deref() == Some("Bearer tok-early")),
        "the host's token, not the stranger's"
    );
    assert!(calls.iter().any(|c| c.url.contains("email=anna%40example.com")));
    assert!(!h.text().contains("Fine by phone"), "the later message wins: {}", h.text());
    sleep(50).await;
    assert!(!h.host.actions().iter().any(|a| a == "FEEDBACK_WIDGET_READY"), "READY was said by the inline script");
}

#[wasm_bindgen_test]
async fn the_app_says_ready_itself_when_the_inline_script_was_already_claimed() {
    install_inline_script(&[]);
    let first = Harness::mount();
    drop(first);
    // A second card on the page: the inline READY belonged to the first.
    let h = Harness::mount();
    remove_inline_script();
    until("READY from the app", || h.host.actions().iter().any(|a| a == "FEEDBACK_WIDGET_READY")).await;
}

/// The card lower-cases emails with the browser's `toLowerCase` (no Unicode
/// tables in its WASM); it must agree with the service's `str::to_lowercase`.
#[wasm_bindgen_test]
fn the_browser_lower_cases_emails_as_the_service_does() {
    use feedback_app::host::messages::browser_lowercase;
    for text in [
        "Anna.Berg@Example.COM",
        "ÆBLE@ØRESUND.DK",
        "ÅSE@Ü.DE",
        "ΣΟΦΊΑ@ΕΛΛΆΔΑ.GR",
        "ОЛЯ@ПОЧТА.РФ",
        "İSTANBUL@X.TR",
        "ẞTRASSE@X.DE",
        "ǅ@x.com",
        "mixed😀CASE@x.io",
        "",
    ] {
        assert_eq!(browser_lowercase(text), text.to_lowercase(), "{text}");
    }
}
