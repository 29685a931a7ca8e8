//! What the agent keeps while the card changes around them: an expanded
//! comment and keyboard focus survive "show more" and a locale change, a
//! filter switch never waits behind the previous filter's request, a
//! failed page leaves the list as it was, and P-GAP is said honestly.

use crate::harness::*;
use crate::support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

/// A 25-response history: 20 on page 1 (the first with a long comment), 5 on page 2.
fn paged_history() {
    let long = "Very long comment. ".repeat(20);
    let item = |i: u32| {
        let comment = if i == 0 { format!(r#","comment":"{long}""#) } else { String::new() };
        format!(r#"{{"id":"i{i}","rating":9{comment}}}"#)
    };
    let page = |n: u32, range: std::ops::Range<u32>| {
        format!(
            r#"{{"respondents":[{{"id":"a","matchedBy":["email"]}}],"summary":{{"responseCount":25}},"items":[{}],"page":{n},"pageSize":20,"total":25}}"#,
            range.map(item).collect::<Vec<_>>().join(",")
        )
    };
    route("page=1", 200, &page(1, 0..20));
    route("page=2", 200, &page(2, 20..25));
}

fn element(h: &Harness, selector: &str) -> web_sys::HtmlElement {
    h.root
        .query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no element {selector}"))
        .dyn_into()
        .expect("an HTML element")
}

fn focused() -> Option<web_sys::Element> {
    window().document().and_then(|d| d.active_element())
}

#[wasm_bindgen_test]
async fn an_expanded_comment_stays_expanded_through_show_more_and_a_locale_change() {
    let h = Harness::mount();
    paged_history();
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"a@x.dk"}"#));
    h.until_state("history").await;
    let row = element(&h, "li.response:first-child");
    click(&h.root, "li.response:first-child .link");
    until("expanded", || count(&h.root, ".response__comment--collapsed") == 0).await;
    click(&h.root, ".more .button");
    until("13 shown", || count(&h.root, "li.response") == 13).await;
    click(&h.root, ".more .button");
    until("page 2 shown", || count(&h.root, "li.response") == 23).await;
    assert_eq!(count(&h.root, ".response__comment--collapsed"), 0, "still expanded after show more");
    assert_eq!(attr(&h.root, "li.response:first-child .link", "aria-expanded").as_deref(), Some("true"));
    assert!(js_sys::Object::is(&row, &element(&h, "li.response:first-child")), "the same row, not a remade one");
    h.send(&set_parameters(r#"{"locale":"da"}"#));
    until("Danish in place", || text_at(&h.root, "li.response:first-child .link") == "Vis mindre").await;
    assert_eq!(count(&h.root, ".response__comment--collapsed"), 0, "still expanded after a locale change");
    assert!(js_sys::Object::is(&row, &element(&h, "li.response:first-child")));
    assert_eq!(text_at(&h.root, ".more__count"), "23 af 25");
}

#[wasm_bindgen_test]
async fn focus_stays_on_the_control_the_agent_used() {
    let h = Harness::mount();
    paged_history();
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"a@x.dk"}"#));
    h.until_state("history").await;
    // "Show more" twice: the second fetches page 2.
    for shown in [13, 23] {
        let button = element(&h, ".more .button");
        button.focus().expect("focus");
        button.click();
        until("more shown", || count(&h.root, "li.response") == shown).await;
        assert!(
            focused().is_some_and(|f| js_sys::Object::is(&f, &button)),
            "focus on the show-more button after {shown}"
        );
    }
    // A row's own button keeps focus through a locale change.
    let toggle = element(&h, "li.response:first-child .link");
    toggle.focus().expect("focus");
    toggle.click();
    h.send(&set_parameters(r#"{"locale":"da"}"#));
    until("Danish", || text_at(&h.root, ".more__count") == "23 af 25").await;
    assert!(focused().is_some_and(|f| js_sys::Object::is(&f, &toggle)), "focus on the comment toggle");
    // A filter chip keeps focus while its list loads and after.
    route(
        "filter=detractors",
        200,
        r#"{"respondents":[{"id":"a","matchedBy":["email"]}],"summary":{"responseCount":25},"items":[{"id":"d1","rating":2}],"page":1,"pageSize":20,"total":1}"#,
    );
    let chip = element(&h, ".filters .chip:nth-child(2)");
    chip.focus().expect("focus");
    chip.click();
    until("filtered", || count(&h.root, "li.response") == 1).await;
    assert!(focused().is_some_and(|f| js_sys::Object::is(&f, &chip)), "focus on the filter chip");
}

#[wasm_bindgen_test]
async fn a_filter_switch_does_not_wait_behind_the_previous_filters_request() {
    let h = Harness::mount();
    route("respondent-responses", 200, ANNA);
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"anna@example.com"}"#));
    h.until_state("history").await;
    // The detractors request never answers unless aborted.
    fake_fetch_route(
        "filter=detractors",
        200,
        r#"{"respondents":[{"id":"c1","matchedBy":["email"]}],"summary":{"responseCount":2},"items":[{"id":"late","rating":1,"comment":"Late answer"}],"page":1,"pageSize":20,"total":1}"#,
        JsValue::UNDEFINED,
        -1,
    );
    click(&h.root, ".filters .chip:nth-child(2)");
    until("the detractors request sent", || calls().iter().any(|c| c.url.contains("filter=detractors"))).await;
    let before = calls().len();
    click(&h.root, ".filters .chip:nth-child(1)");
    // Sent at once, not after the hanging request (which would be never).
    until("the request for all sent", || calls().len() == before + 1).await;
    until("all responses shown", || count(&h.root, "li.response") == 2).await;
    let calls = calls();
    let hanging = calls.iter().find(|c| c.url.contains("filter=detractors")).expect("detractors call");
    assert!(hanging.aborted, "the previous filter's request was aborted");
    assert!(!calls.last().is_some_and(|c| c.aborted || c.url.contains("filter=")));
    // A later message, handled after anything the aborted request could do.
    h.send(&set_parameters(r#"{"locale":"da"}"#));
    until("Danish", || text_at(&h.root, ".filters .chip:nth-child(1)") == "Alle").await;
    assert!(!h.text().contains("Late answer"));
    assert_eq!(attr(&h.root, ".filters .chip:nth-child(1)", "aria-pressed").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn a_failed_page_leaves_the_list_and_its_count_as_they_were() {
    let h = Harness::mount();
    paged_history();
    route("page=2", 400, r#"{"error":{"code":"bad_request","message":"no"}}"#);
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"a@x.dk"}"#));
    h.until_state("history").await;
    click(&h.root, ".more .button");
    until("13 shown", || count(&h.root, "li.response") == 13).await;
    click(&h.root, ".more .button");
    until("the failure said", || count(&h.root, ".more__error") == 1).await;
    assert_eq!(count(&h.root, "li.response"), 13);
    assert_eq!(text_at(&h.root, ".more__count"), "13 of 25");
    // Trying again shows exactly the next step, not one step too many.
    paged_history();
    click(&h.root, ".more .button");
    until("page 2 shown", || count(&h.root, "li.response") == 23).await;
    assert_eq!(text_at(&h.root, ".more__count"), "23 of 25");
    assert_eq!(count(&h.root, ".more__error"), 0);
}

fn employee_with_pgap(average_absolute: f64, average_signed: f64) -> String {
    format!(
        r#"{{"employee":{{"email":"m@shop.dk","firstName":"Mette"}},"summary":{{"responseCount":2}},
            "pgap":{{"averageAbsolute":{average_absolute},"averageSigned":{average_signed},"count":2}},
            "items":[{{"id":"p1","rating":6,"agentRating":10}},{{"id":"p2","rating":6,"agentRating":2}}],"page":1,"pageSize":20,"total":2}}"#
    )
}

#[wasm_bindgen_test]
async fn the_personal_page_separates_lean_from_accuracy() {
    let h = Harness::mount();
    // Once 4 too high, once 4 too low: no lean, and far from accurate.
    route("feedback-app/employee", 200, &employee_with_pgap(4.0, 0.0));
    h.send(&set_parameters(r#"{"token":"t"}"#));
    h.until_state("personal").await;
    assert_eq!(
        text_at(&h.root, ".pgap-sentence"),
        "Your guesses are off by 4.0 on average, as often too high as too low."
    );
    assert!(!h.text().contains("match"), "{}", h.text());
    assert_eq!(text_at(&h.root, "[data-testid=pgap] .tile__value"), "4.0");
    let rows: Vec<String> =
        (1..=2).map(|i| text_at(&h.root, &format!(".personal li.response:nth-child({i}) .pair__gap"))).collect();
    assert_eq!(rows, ["P-GAP +4", "P-GAP \u{2212}4"]);
    h.send(&set_parameters(r#"{"locale":"da"}"#));
    until("Danish", || {
        text_at(&h.root, ".pgap-sentence")
            == "Dine gæt rammer 4,0 ved siden af i gennemsnit, lige så ofte for højt som for lavt."
    })
    .await;
}

#[wasm_bindgen_test]
async fn close_guesses_and_a_lean_are_said_as_such() {
    for (abs, signed, sentence) in [
        ("0.3", "0.1", "Your guesses are close (within 0.3 on average)."),
        ("1.4", "-1.4", "You tend to underestimate by 1.4."),
        ("3.0", "1.0", "You tend to overestimate by 1.0; your guesses are off by 3.0 on average."),
    ] {
        let h = Harness::mount();
        let body = employee_with_pgap(abs.parse().unwrap_or_default(), signed.parse().unwrap_or_default());
        route("feedback-app/employee", 200, &body);
        h.send(&set_parameters(r#"{"token":"t"}"#));
        h.until_state("personal").await;
        assert_eq!(text_at(&h.root, ".pgap-sentence"), sentence);
    }
}

#[wasm_bindgen_test]
async fn a_rated_response_names_its_pgap() {
    let h = Harness::mount();
    route("respondent-responses", 200, ANNA);
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"anna@example.com"}"#));
    h.until_state("history").await;
    assert_eq!(
        text_at(&h.root, "li.response:first-child .response__meta"),
        "Handled by Mette Holm · P-GAP +4 · agent guessed 7, customer 3"
    );
    h.send(&set_parameters(r#"{"locale":"da"}"#));
    until("in Danish", || {
        text_at(&h.root, "li.response:first-child .response__meta")
            == "Håndteret af Mette Holm · P-GAP +4 · agenten gættede 7, kunden 3"
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_new_token_for_the_same_customer_keeps_the_filter_and_the_list() {
    let h = Harness::mount();
    route("respondent-responses", 200, ANNA);
    h.send(&set_parameters(r#"{"token":"tok-1","respondentEmail":"anna@example.com"}"#));
    h.until_state("history").await;
    let detractors = |count: u32| {
        format!(
            r#"{{"respondents":[{{"id":"c1","matchedBy":["email"]}}],"summary":{{"responseCount":{count}}},"items":[{{"id":"r2","rating":3}}],"page":1,"pageSize":20,"total":1}}"#
        )
    };
    // The renewed token's answer comes later and says 7 responses.
    fake_fetch_route("filter=detractors", 200, &detractors(7), JsValue::UNDEFINED, 60);
    fake_fetch_route_times("filter=detractors", 200, &detractors(2), JsValue::UNDEFINED, 1);
    click(&h.root, ".filters .chip:nth-child(2)");
    until("the filtered list", || count(&h.root, "li.response") == 1).await;
    let row = element(&h, "li.response");
    h.send(&set_parameters(r#"{"token":"tok-2"}"#));
    // Until the renewed answer is on screen, nothing flashes or resets.
    until("the renewed token's answer", || {
        assert!(!states(&h.root).contains(&"loading".to_owned()), "no skeleton: {:?}", states(&h.root));
        assert_eq!(attr(&h.root, ".filters .chip:nth-child(2)", "aria-pressed").as_deref(), Some("true"));
        assert_eq!(count(&h.root, "li.response"), 1);
        text_at(&h.root, "[data-testid=nps] .tile__hint") == "7 responses"
    })
    .await;
    let last = calls().last().cloned().expect("a call");
    assert_eq!(last.auth.as_deref(), Some("Bearer tok-2"));
    assert!(last.url.contains("filter=detractors"), "the filter kept: {}", last.url);
    assert!(js_sys::Object::is(&row, &element(&h, "li.response")), "the row kept, not remade");
    assert_eq!(attr(&h.root, "#tab-customer", "aria-selected").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn a_new_token_keeps_the_tab_and_a_new_customer_resets_it() {
    let h = Harness::mount();
    route("respondent-responses", 200, ANNA);
    route("phone=%2B4512345678", 200, BO);
    route("feedback-app/employee", 200, METTE);
    h.send(&set_parameters(r#"{"token":"tok-1","respondentEmail":"anna@example.com"}"#));
    h.until_state("history").await;
    click(&h.root, "#tab-personal");
    h.until_state("personal").await;
    h.send(&set_parameters(r#"{"token":"tok-2"}"#));
    until("the Personal Page asked with the new token", || {
        calls().iter().any(|c| c.url.contains("employee") && c.auth.as_deref() == Some("Bearer tok-2"))
    })
    .await;
    h.until_state("personal").await;
    assert_eq!(attr(&h.root, "#tab-personal", "aria-selected").as_deref(), Some("true"));
    h.send(&set_parameters(r#"{"respondentEmail":"","respondentPhone":"+4512345678"}"#));
    until("a new customer opens on the customer", || {
        attr(&h.root, "#tab-customer", "aria-selected").as_deref() == Some("true")
    })
    .await;
}

#[wasm_bindgen_test]
async fn counts_are_written_as_the_locale_writes_numbers() {
    let h = Harness::mount();
    let items: Vec<String> = (0..20).map(|i| format!(r#"{{"id":"n{i}","rating":9}}"#)).collect();
    let body = format!(
        r#"{{"respondents":[{{"id":"a","matchedBy":["email"]}}],"summary":{{"responseCount":2400,"nps":40,"promoters":1500,"passives":540,"detractors":360}},"items":[{}],"page":1,"pageSize":20,"total":2400}}"#,
        items.join(",")
    );
    route("respondent-responses", 200, &body);
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"a@x.dk"}"#));
    h.until_state("history").await;
    assert_eq!(text_at(&h.root, "[data-testid=nps] .tile__hint"), "2,400 responses");
    assert_eq!(text_at(&h.root, ".more__count"), "3 of 2,400");
    assert_eq!(text_at(&h.root, ".counts__item--promoter b"), "1,500");
    until("said", || text_at(&h.root, "#live") == "Feedback loaded: 2,400 responses, 3 shown.").await;
    h.send(&set_parameters(r#"{"locale":"da"}"#));
    until("Danish numbers", || text_at(&h.root, "[data-testid=nps] .tile__hint") == "2.400 besvarelser").await;
    assert_eq!(text_at(&h.root, ".more__count"), "3 af 2.400");
    assert_eq!(text_at(&h.root, ".counts__item--promoter b"), "1.500");
}

#[wasm_bindgen_test]
async fn showing_the_last_rows_moves_focus_to_the_first_of_them() {
    let h = Harness::mount();
    paged_history();
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"a@x.dk"}"#));
    h.until_state("history").await;
    for shown in [13, 23, 25] {
        let button = element(&h, ".more .button");
        button.focus().expect("focus");
        button.click();
        until("more shown", || count(&h.root, "li.response") == shown).await;
    }
    until("the button gone", || count(&h.root, ".more .button") == 0).await;
    let first_revealed = element(&h, "li.response:nth-child(24)");
    until("focus on the first revealed row", || focused().is_some_and(|f| js_sys::Object::is(&f, &first_revealed)))
        .await;
}

#[wasm_bindgen_test]
async fn try_again_keeps_focus_in_the_card() {
    let h = Harness::mount();
    route("respondent-responses", 200, "<html>proxy</html>");
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"anna@example.com"}"#));
    h.until_state("unreadable").await;
    // Fails again: focus comes to the button that replaced the used one.
    let used = element(&h, "[data-state=unreadable] .button");
    used.focus().expect("focus");
    used.click();
    until("a new button with focus", || {
        h.root
            .query_selector("[data-state=unreadable] .button")
            .ok()
            .flatten()
            .is_some_and(|b| !js_sys::Object::is(&b, &used) && focused().is_some_and(|f| js_sys::Object::is(&f, &b)))
    })
    .await;
    // Succeeds: focus on the panel that now shows the history.
    route("respondent-responses", 200, ANNA);
    element(&h, "[data-state=unreadable] .button").click();
    h.until_state("history").await;
    let panel = element(&h, "#panel-customer");
    until("focus on the panel", || focused().is_some_and(|f| js_sys::Object::is(&f, &panel))).await;
}

#[wasm_bindgen_test]
async fn a_key_gone_to_none_aborts_the_running_request() {
    use feedback_app::api::ApiClient;
    use feedback_app::hooks::{use_paged_feed, Keep};
    use feedback_app::loaders::personal_page;
    use feedback_core::protocol::Token;
    use leptos::prelude::*;

    fake_fetch_install();
    // Never answers unless aborted.
    fake_fetch_route("feedback-app/employee", 200, METTE, JsValue::UNDEFINED, -1);
    let key = RwSignal::new(Some(Some(Token::new("t"))));
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        let api = ApiClient::new("http://api.test/");
        let feed = use_paged_feed(
            key.into(),
            move |token, page, abort, notify| Box::pin(personal_page(api.clone(), token, page, abort, notify)),
            |_, _| Keep::Nothing,
        );
        let _ = feed;
    });
    until("the request sent", || calls().len() == 1).await;
    key.set(None);
    until("the request aborted", || calls().first().is_some_and(|c| c.aborted)).await;
    assert_eq!(calls().len(), 1, "nothing asked for no key");
    fake_fetch_restore();
    root.remove();
}

#[wasm_bindgen_test]
async fn a_clock_tick_re_says_relative_dates_in_place() {
    use feedback_app::hooks::provide_clock_signal;
    use feedback_app::views::response_item::{Perspective, ResponseItem};
    use feedback_core::model::SurveyResponse;
    use leptos::prelude::*;

    // 43.5 s ago reads "now"; past 45 s it reads "1 minute ago".
    let when = js_sys::Date::new(&JsValue::from_f64(js_sys::Date::now() - 43_500.0));
    let response = SurveyResponse {
        id: Some("r".into()),
        rating: Some(9),
        rating_time: Some(String::from(when.to_iso_string())),
        ..Default::default()
    };
    let tick = RwSignal::new(false);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_clock_signal(tick);
        view! { <ul><ResponseItem response=response perspective=Perspective::Customer /></ul> }
    });
    until("the row", || count(&root, "li.response time") == 1).await;
    let row = root.query_selector("li.response").ok().flatten().expect("row");
    assert_eq!(text_at(&root, "time"), "now");
    // Time passes; nothing re-says it until the clock ticks.
    sleep(2_000).await;
    assert_eq!(text_at(&root, "time"), "now");
    tick.set(true);
    until("re-said", || text_at(&root, "time") == "1 minute ago").await;
    let same = root.query_selector("li.response").ok().flatten().expect("row");
    assert!(js_sys::Object::is(&row, &same), "updated in place, not remade");
    root.remove();
}
