//! Every view and state of the card, asserted on what the agent reads.

use crate::harness::*;
use crate::support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn anna(h: &Harness) {
    route("email=anna%40example.com", 200, ANNA);
    h.send(&set_parameters(r#"{"token":"tok-1","respondentEmail":"anna@example.com"}"#));
}

#[wasm_bindgen_test]
async fn loading_shows_a_skeleton_shaped_like_the_content() {
    let h = Harness::mount();
    assert_eq!(states(&h.root), Vec::<String>::new(), "before SET_PARAMETERS: no panel yet");
    assert!(h.text().contains("Connecting"), "{}", h.text());
    fake_fetch_route("respondent-responses", 200, ANNA, JsValue::UNDEFINED, -1);
    h.send(&set_parameters(r#"{"token":"tok-1","respondentEmail":"anna@example.com"}"#));
    h.until_state("loading").await;
    assert_eq!(count(&h.root, "[role=tabpanel]:not([hidden]) .skeleton__item"), 3);
    // The skeleton is for the eyes; the live region, there from the start, says it.
    assert_eq!(attr(&h.root, "[role=tabpanel]:not([hidden]) .skeleton", "aria-hidden").as_deref(), Some("true"));
    assert_eq!(text_at(&h.root, "#live"), "Loading feedback…");
    assert_eq!(attr(&h.root, "#live", "aria-live").as_deref(), Some("polite"));
}

#[wasm_bindgen_test]
async fn customer_history_shows_who_matched_the_summary_and_the_responses() {
    let h = Harness::mount();
    anna(&h);
    h.until_state("history").await;
    assert_eq!(text_at(&h.root, ".matched__how"), "Matched by email");
    assert_eq!(text_at(&h.root, ".matched__who"), "Anna Berg");
    // Latest score: number, colour class and the category in words.
    assert_eq!(text_at(&h.root, "[data-testid=latest] .score"), "3");
    assert_eq!(
        attr(&h.root, "[data-testid=latest] .score", "class").as_deref(),
        Some("score score--detractor score--large")
    );
    assert_eq!(text_at(&h.root, "[data-testid=latest] .category"), "Detractor");
    assert_eq!(text_at(&h.root, "[data-testid=nps] .tile__value"), "0");
    assert_eq!(text_at(&h.root, "[data-testid=nps] .tile__hint"), "2 responses");
    assert!(text_at(&h.root, ".counts").contains("Promoters 1"));
    assert_eq!(attr(&h.root, ".trend", "aria-label").as_deref(), Some("Last 2 scores, oldest first: 10, 3"));
    // Responses, newest first, with campaign, handler and P-GAP.
    assert_eq!(count(&h.root, "li.response"), 2);
    let first = text_at(&h.root, "li.response:first-child");
    for part in ["Detractor", "Support", "Handled by Mette Holm · P-GAP +4 · agent guessed 7, customer 3"] {
        assert!(first.contains(part), "{part:?} in {first:?}");
    }
    assert!(
        attr(&h.root, "li.response:first-child time", "title").is_some_and(|t| t.contains("2026")),
        "exact date on hover"
    );
    assert_eq!(attr(&h.root, "li.response:first-child time", "datetime").as_deref(), Some("2026-03-01T10:00:00Z"));
}

#[wasm_bindgen_test]
async fn matched_by_both_and_several_records() {
    let h = Harness::mount();
    route(
        "respondent-responses",
        200,
        r#"{"respondents":[{"id":"a","email":"l@x.dk","matchedBy":["email"]},{"id":"b","phone":"+4522334455","matchedBy":["phone"]}],
            "summary":{"responseCount":1,"lastRating":9},"items":[{"id":"x","rating":9}],"page":1,"pageSize":20,"total":1}"#,
    );
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"l@x.dk","respondentPhone":"+4522334455"}"#));
    h.until_state("history").await;
    assert_eq!(text_at(&h.root, ".matched__how"), "Matched by email and phone · 2 customer records matched");
}

#[wasm_bindgen_test]
async fn unanswered_surveys_show_their_status() {
    let h = Harness::mount();
    route(
        "respondent-responses",
        200,
        r#"{"respondents":[{"id":"a","matchedBy":["email"]}],"summary":{"responseCount":0},
            "items":[{"id":"1","surveySendTime":"2026-03-01T00:00:00Z"},{"id":"2","surveyBouncedTime":"2026-02-01T00:00:00Z"},{"id":"3","doNotContact":true}],
            "page":1,"pageSize":20,"total":3}"#,
    );
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"a@x.dk"}"#));
    h.until_state("history").await;
    let text = h.text();
    for status in ["Survey sent, not answered yet", "Survey bounced", "Do not contact"] {
        assert!(text.contains(status), "{status:?} in {text:?}");
    }
    assert_eq!(text_at(&h.root, "[data-testid=latest] .category"), "No score yet");
}

#[wasm_bindgen_test]
async fn long_comments_collapse_and_expand() {
    let h = Harness::mount();
    let long = "Very long comment. ".repeat(20);
    route(
        "respondent-responses",
        200,
        &format!(
            r#"{{"respondents":[{{"id":"a","matchedBy":["email"]}}],"summary":{{"responseCount":1}},"items":[{{"id":"1","rating":5,"comment":"{long}"}}],"page":1,"pageSize":20,"total":1}}"#
        ),
    );
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"a@x.dk"}"#));
    h.until_state("history").await;
    assert_eq!(count(&h.root, ".response__comment--collapsed"), 1);
    assert_eq!(attr(&h.root, "li.response .link", "aria-expanded").as_deref(), Some("false"));
    click(&h.root, "li.response .link");
    until("expanded", || count(&h.root, ".response__comment--collapsed") == 0).await;
    assert_eq!(attr(&h.root, "li.response .link", "aria-expanded").as_deref(), Some("true"));
    assert_eq!(text_at(&h.root, "li.response .link"), "Show less");
}

#[wasm_bindgen_test]
async fn filters_ask_the_api_and_keep_the_summary() {
    let h = Harness::mount();
    anna(&h);
    h.until_state("history").await;
    assert_eq!(text_at(&h.root, "[data-testid=nps] .tile__hint"), "2 responses");
    // The customer answered again meanwhile: the filtered answer's summary
    // (all of the customer's responses) differs from the first one's.
    fake_fetch_route(
        "filter=detractors",
        200,
        r#"{"respondents":[{"id":"c1","matchedBy":["email"]}],"summary":{"responseCount":3,"nps":-33,"promoters":1,"passives":0,"detractors":2,"lastRating":2},"items":[{"id":"r3","rating":2},{"id":"r2","rating":3}],"page":1,"pageSize":20,"total":2}"#,
        JsValue::UNDEFINED,
        60,
    );
    click(&h.root, ".filters .chip:nth-child(2)");
    // While the filter's page loads, the summary stays (only the list waits).
    until("the filter's request", || calls().iter().any(|c| c.url.contains("filter=detractors"))).await;
    assert_eq!(count(&h.root, "[role=tabpanel]:not([hidden]) .summary .skeleton__tile"), 0);
    assert_eq!(text_at(&h.root, "[data-testid=nps] .tile__hint"), "2 responses", "the summary stays while loading");
    until("the filtered list", || count(&h.root, "li.response") == 2).await;
    // Then it follows the new answer.
    assert_eq!(text_at(&h.root, "[data-testid=nps] .tile__hint"), "3 responses");
    assert_eq!(text_at(&h.root, "[data-testid=nps] .tile__value"), "\u{2212}33");
    assert_eq!(text_at(&h.root, ".counts__item--detractor b"), "2");
    assert!(calls().last().is_some_and(|c| c.url.contains("filter=detractors")));
    assert_eq!(attr(&h.root, ".filters .chip:nth-child(2)", "aria-pressed").as_deref(), Some("true"));
    route(
        "filter=commented",
        200,
        r#"{"respondents":[{"id":"c1","matchedBy":["email"]}],"summary":{"responseCount":2},"items":[],"page":1,"pageSize":20,"total":0}"#,
    );
    click(&h.root, ".filters .chip:nth-child(3)");
    h.until_state("filter-empty").await;
    assert!(h.text().contains("No responses match this filter."));
}

#[wasm_bindgen_test]
async fn the_first_view_is_short_and_more_pages_load_on_request() {
    let h = Harness::mount();
    let items = |from: u32, n: u32| {
        (from..from + n).map(|i| format!(r#"{{"id":"i{i}","rating":9}}"#)).collect::<Vec<_>>().join(",")
    };
    route(
        "page=1",
        200,
        &format!(
            r#"{{"respondents":[{{"id":"a","matchedBy":["email"]}}],"summary":{{"responseCount":25}},"items":[{}],"page":1,"pageSize":20,"total":25}}"#,
            items(0, 20)
        ),
    );
    route(
        "page=2",
        200,
        &format!(
            r#"{{"respondents":[{{"id":"a","matchedBy":["email"]}}],"summary":{{"responseCount":25}},"items":[{}],"page":2,"pageSize":20,"total":25}}"#,
            items(20, 5)
        ),
    );
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"a@x.dk"}"#));
    h.until_state("history").await;
    assert_eq!(count(&h.root, "li.response"), 3, "first view stays short");
    assert_eq!(text_at(&h.root, ".more__count"), "3 of 25");
    click(&h.root, ".more .button");
    until("13 shown from the loaded page", || count(&h.root, "li.response") == 13).await;
    assert!(!calls().iter().any(|c| c.url.contains("page=2")), "no request while loaded items remain");
    click(&h.root, ".more .button");
    until("page 2 fetched", || count(&h.root, "li.response") == 23).await;
    assert!(calls().iter().any(|c| c.url.contains("page=2")));
    click(&h.root, ".more .button");
    until("all shown", || count(&h.root, "li.response") == 25).await;
    assert_eq!(count(&h.root, ".more .button"), 0, "nothing more to load");
    assert_eq!(attr(&h.root, "li.response:last-child", "data-id").as_deref(), Some("i24"));
}

#[wasm_bindgen_test]
async fn no_identifiers_names_the_empty_placeholders_and_opens_the_personal_page() {
    let h = Harness::mount();
    route("feedback-app/employee", 200, METTE);
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"","respondentPhone":""}"#));
    // Without a customer, the Personal Page opens first.
    h.until_state("personal").await;
    assert_eq!(attr(&h.root, "#tab-personal", "aria-selected").as_deref(), Some("true"));
    click(&h.root, "#tab-customer");
    h.until_state("no-identifiers").await;
    let text = h.text();
    assert!(text.contains("{{customer_email}}") && text.contains("{{customer_phone_number}}"), "{text}");
    click(&h.root, "[data-state=no-identifiers] .button");
    h.until_state("personal").await;
}

#[wasm_bindgen_test]
async fn not_found_and_no_responses_are_distinct() {
    let h = Harness::mount();
    route(
        "nobody",
        200,
        r#"{"respondents":[],"summary":{"responseCount":0},"items":[],"page":1,"pageSize":20,"total":0}"#,
    );
    route(
        "known",
        200,
        r#"{"respondents":[{"id":"n","matchedBy":["email"]}],"summary":{"responseCount":0},"items":[],"page":1,"pageSize":20,"total":0}"#,
    );
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"nobody@x.dk"}"#));
    h.until_state("not-found").await;
    assert!(h.text().contains("nobody@x.dk"), "{}", h.text());
    h.send(&set_parameters(r#"{"respondentEmail":"known@x.dk"}"#));
    h.until_state("no-responses").await;
    assert!(h.text().contains("has not been surveyed"));
}

#[wasm_bindgen_test]
async fn no_token_is_explained() {
    let h = Harness::mount();
    h.send(&set_parameters(r#"{"token":"","respondentEmail":"a@x.dk"}"#));
    h.until_state("no-token").await;
    assert!(calls().is_empty());
    assert!(h.text().contains("API key"));
}

#[wasm_bindgen_test]
async fn rate_limits_wait_and_retry_by_themselves() {
    let h = Harness::mount();
    route("respondent-responses", 200, ANNA);
    let headers = json(r#"{"Retry-After":"3"}"#);
    fake_fetch_route_times(
        "respondent-responses",
        429,
        r#"{"error":{"code":"rate_limited","message":"slow down"}}"#,
        headers,
        1,
    );
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"anna@example.com"}"#));
    h.until_state("rate-limited").await;
    assert!(h.text().contains("Trying again in 3 s"), "{}", h.text());
    h.until_state("history").await;
    assert_eq!(calls().len(), 2, "one refused call, one retry");
}

#[wasm_bindgen_test]
async fn failing_service_backs_off_then_offers_a_retry_button() {
    let h = Harness::mount();
    route("respondent-responses", 503, r#"{"error":{"code":"unavailable","message":"down"}}"#);
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"anna@example.com"}"#));
    let live = h.root.query_selector("#live").ok().flatten().expect("the live region from the start");
    h.until_state("failing").await;
    until("given up after 4 attempts", || calls().len() == 4 && count(&h.root, "[data-state=failing] .button") == 1)
        .await;
    // The waits between attempts grow 1, 2, 4 retry units (20 ms here).
    let at: Vec<f64> = calls().iter().map(|c| c.at).collect();
    for (i, unit) in [1.0, 2.0, 4.0].into_iter().enumerate() {
        let waited = at[i + 1] - at[i];
        assert!(waited >= unit * 20.0 - 2.0, "wait {i}: {waited} ms, expected {} ms", unit * 20.0);
    }
    assert!(at[3] - at[0] >= 138.0, "1 + 2 + 4 units in all: {at:?}");
    // Said politely by the one live region, nothing assertive.
    assert_eq!(text_at(&h.root, "#live"), "Loading failed: nps.today had a problem.");
    assert_eq!(count(&h.root, "[role=alert], [aria-live=assertive]"), 0);
    route("respondent-responses", 200, ANNA);
    click(&h.root, "[data-state=failing] .button");
    h.until_state("history").await;
    until("recovery said", || text_at(&h.root, "#live") == "Feedback loaded: 2 responses, 2 shown.").await;
    let still = h.root.query_selector("#live").ok().flatten().expect("live region");
    assert!(js_sys::Object::is(&live, &still), "the same region throughout");
}

#[wasm_bindgen_test]
async fn personal_page_shows_nps_pgap_and_guess_beside_score() {
    let h = Harness::mount();
    anna(&h);
    route("feedback-app/employee", 200, METTE);
    h.until_state("history").await;
    assert!(!calls().iter().any(|c| c.url.contains("employee")), "fetched only when opened");
    click(&h.root, "#tab-personal");
    h.until_state("personal").await;
    assert_eq!(text_at(&h.root, ".personal .matched__who"), "Mette Holm");
    assert_eq!(text_at(&h.root, ".personal [data-testid=nps] .tile__value"), "+33");
    assert_eq!(text_at(&h.root, "[data-testid=pgap] .tile__value"), "1.4");
    assert_eq!(text_at(&h.root, ".pgap-sentence"), "You tend to overestimate by 1.4.");
    let first = text_at(&h.root, ".personal li.response:first-child .response__pair");
    assert!(first.contains("You guessed8") && first.contains("Customer6") && first.contains("P-GAP +2"), "{first}");
}

#[wasm_bindgen_test]
async fn personal_page_without_an_employee_says_why_in_one_sentence() {
    let h = Harness::mount();
    route("feedback-app/employee", 200, NO_EMPLOYEE);
    h.send(&set_parameters(r#"{"token":"t"}"#));
    h.until_state("no-employee").await;
    assert!(h.text().contains("without the agent's email (employeeEmail)"), "{}", h.text());
}

#[wasm_bindgen_test]
async fn tabs_are_keyboard_operable() {
    let h = Harness::mount();
    anna(&h);
    route("feedback-app/employee", 200, METTE);
    h.until_state("history").await;
    assert_eq!(attr(&h.root, "[role=tablist]", "aria-label").as_deref(), Some("Feedback views"));
    assert_eq!(attr(&h.root, "#tab-customer", "tabindex").as_deref(), Some("0"));
    assert_eq!(attr(&h.root, "#tab-personal", "tabindex").as_deref(), Some("-1"));
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowRight");
    init.set_bubbles(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    let tab = h.root.query_selector("#tab-customer").ok().flatten().expect("tab");
    tab.dispatch_event(&event).expect("dispatch");
    h.until_state("personal").await;
    assert_eq!(attr(&h.root, "#tab-personal", "aria-selected").as_deref(), Some("true"));
    assert_eq!(attr(&h.root, "#panel-customer", "hidden").as_deref(), Some(""));
    let active = window().document().and_then(|d| d.active_element()).map(|e| e.id());
    assert_eq!(active.as_deref(), Some("tab-personal"), "focus follows the selection");
}

#[wasm_bindgen_test]
async fn theme_and_locale_from_the_host_apply() {
    let h = Harness::mount();
    route("email=anna%40example.com", 200, ANNA);
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"anna@example.com","theme":"dark","locale":"da"}"#));
    h.until_state("history").await;
    let html = window().document().and_then(|d| d.document_element()).expect("html");
    assert_eq!(html.get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(html.get_attribute("lang").as_deref(), Some("da"));
    assert_eq!(text_at(&h.root, ".matched__how"), "Fundet via e-mail");
    assert_eq!(text_at(&h.root, "[data-testid=latest] .category"), "Kritiker");
    assert_eq!(text_at(&h.root, "#tab-personal"), "Personlig side");
    // Clearing the theme follows the system again.
    h.send(&set_parameters(r#"{"theme":"","locale":"en"}"#));
    until("light/system", || html.get_attribute("data-theme").is_none()).await;
    until("English", || text_at(&h.root, ".matched__how") == "Matched by email").await;
}

#[wasm_bindgen_test]
async fn the_content_height_is_reported_to_the_host() {
    let h = Harness::mount();
    anna(&h);
    h.until_state("history").await;
    let card = h.root.query_selector(".card").ok().flatten().expect("card");
    let last_height = || {
        h.host
            .received
            .borrow()
            .iter()
            .rev()
            .find(|d| {
                js_sys::Reflect::get(d, &"action".into()).ok().and_then(|a| a.as_string()).as_deref()
                    == Some("FEEDBACK_WIDGET_RESIZE")
            })
            .and_then(|d| js_sys::Reflect::get(d, &"height".into()).ok())
            .and_then(|v| v.as_f64())
    };
    until("the settled height reported", || {
        last_height().is_some_and(|l| (l - card.get_bounding_client_rect().height().ceil()).abs() <= 1.0)
    })
    .await;
    let last = last_height().unwrap_or_default();
    assert!(last > 100.0);
}
