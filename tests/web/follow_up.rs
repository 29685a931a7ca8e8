//! Following up a response from the card: the line, the form by keyboard
//! (src/follow_up_form.js, which the card's page loads on first use; here
//! the test page provides it the same way), the request (body, headers),
//! the change shown at once and put back when the save fails or the service
//! answers 409, refusals before sending, and the waiting filter.

use crate::harness::*;
use crate::support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

#[wasm_bindgen(inline_js = r#"
export function type_into(el, value) { el.value = value; el.dispatchEvent(new Event('input', { bubbles: true })); }
export function choose(el, value) { el.value = value; el.dispatchEvent(new Event('change', { bubbles: true })); }
export function press_escape(el) { el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true })); }
export function active_element() { return document.activeElement; }
export function value_of(el) { return el.value; }
export function news() { const n = document.getElementById('follow-up-news'); return n ? n.textContent : ''; }
let token = null, form = null;
// The card's page's loader (index.html): the card hands it the token in
// force, and a click on any "Follow up" imports the form's module (here
// from its source as a blob: URL, as the test page has no import map) and
// opens that response's form.
export function install_loader(source) {
  window.feedbackAppFollowUp = (inForce) => { token = inForce; };
  if (!form) form = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  if (window.followUpClicksHeard) return;
  window.followUpClicksHeard = true;
  document.addEventListener("click", (event) => {
    const action = event.target.closest && event.target.closest(".follow-up__action");
    if (!action || !token || !window.feedbackAppFollowUp) return;
    const home = action.parentElement;
    import(form).then((module) => module.open(home, token, "http://api.test"));
  });
}
export function remove_loader() { delete window.feedbackAppFollowUp; }
export function described_by(el) {
  return (el.getAttribute("aria-describedby") || "").split(" ").map((id) => { const d = document.getElementById(id); return d ? d.className : "(none)"; }).join(" ");
}
"#)]
extern "C" {
    fn type_into(el: &web_sys::Element, value: &str);
    fn choose(el: &web_sys::Element, value: &str);
    fn press_escape(el: &web_sys::Element);
    fn active_element() -> Option<web_sys::Element>;
    fn value_of(el: &web_sys::Element) -> String;
    /// What the follow-up news region says.
    fn news() -> String;
    fn install_loader(source: &str);
    fn remove_loader();
    /// The classes of the elements an element's `aria-describedby` names.
    fn described_by(el: &web_sys::Element) -> String;
}

/// The form's module, as the card's page serves it (before minifying).
/// Not a wasm-bindgen module import: the test runner's server sometimes
/// never answers a snippet in a subfolder, and the page then never loads.
const FORM_MODULE: &str = include_str!("../../src/follow_up_form.js");

/// The test page loads the form as the card's page does: a
/// `window.feedbackAppFollowUp` the card hands the token, and a click on
/// "Follow up" opening the form (the page imports the module on first use).
fn with_form() -> Harness {
    install_loader(FORM_MODULE);
    Harness::mount()
}

/// An ISO time `secs` seconds ago.
fn ago(secs: f64) -> String {
    js_sys::Date::new(&JsValue::from_f64(js_sys::Date::now() - secs * 1000.0)).to_iso_string().into()
}

const MARK: &str = r#"{"email":"m@shop.dk","firstName":"Mette","lastName":"Holm"}"#;

/// Anna: a detractor response waiting 3 days, a promoter followed up 2 h
/// ago; the token's employee is Mette.
fn anna_with_follow_ups(h: &Harness) {
    let body = format!(
        r#"{{"respondents":[{{"id":"c1","email":"anna@example.com","matchedBy":["email"]}}],
        "summary":{{"responseCount":2,"detractors":1,"promoters":1,"waitingForFollowUp":1}},
        "items":[{{"id":"12","rating":3,"ratingTime":"{three_days}","followUp":{{"status":"open","since":"{three_days}","last":null,"events":0}}}},
                 {{"id":"11","rating":10,"ratingTime":"{three_days}","followUp":{{"status":"closed","since":"{two_hours}",
                   "last":{{"at":"{two_hours}","by":{MARK},"type":"status","status":"closed","text":"called, refund sent"}},"events":1}}}}],
        "page":1,"pageSize":20,"total":2}}"#,
        three_days = ago(3.0 * 86_400.0 + 60.0),
        two_hours = ago(2.0 * 3600.0 + 60.0),
    );
    route("email=anna%40example.com", 200, &body);
    route("/feedback-app/employee", 200, METTE);
    h.send(&set_parameters(r#"{"token":"tok-1","respondentEmail":"anna@example.com"}"#));
}

fn el(h: &Harness, selector: &str) -> web_sys::Element {
    h.root.query_selector(selector).ok().flatten().unwrap_or_else(|| panic!("no element {selector}"))
}

fn focused(h: &Harness, selector: &str) -> bool {
    active_element().is_some_and(|a| h.root.query_selector(selector).ok().flatten().is_some_and(|e| e == a))
}

fn first_line(h: &Harness) -> String {
    text_at(&h.root, "li.response:first-child .follow-up__line")
}

const FORM_SHOWN: &str = ".follow-up__form:not([hidden])";

/// Opens the first row's form and fills it.
async fn fill_first(h: &Harness, note: &str, status: &str) {
    click(&h.root, "li.response:first-child .follow-up__action");
    until("the form", || count(&h.root, FORM_SHOWN) == 1).await;
    until("focus in the note", || focused(h, ".follow-up__note")).await;
    type_into(&el(h, ".follow-up__note"), note);
    choose(&el(h, ".follow-up__status"), status);
}

fn save(h: &Harness) {
    click(&h.root, ".follow-up__form [data-fu=save]");
}

fn posts() -> Vec<Call> {
    calls().into_iter().filter(|c| c.method == "POST").collect()
}

#[wasm_bindgen_test]
async fn the_line_says_waiting_or_who_followed_up_and_the_summary_counts_the_waiting() {
    let h = with_form();
    anna_with_follow_ups(&h);
    h.until_state("history").await;
    assert_eq!(first_line(&h), "Waiting for follow-up · opened 3 days ago");
    assert_eq!(attr(&h.root, "li.response:first-child .follow-up", "data-status").as_deref(), Some("open"));
    assert_eq!(
        text_at(&h.root, "li.response:nth-child(2) .follow-up__line"),
        "Followed up by Mette Holm · 2 hours ago: called, refund sent"
    );
    assert_eq!(text_at(&h.root, ".waiting"), "Waiting for follow-up: 1");
    // The action is a button that says it opens something.
    assert_eq!(text_at(&h.root, "li.response:first-child .follow-up__action"), "Follow up");
    assert_eq!(attr(&h.root, "li.response:first-child .follow-up__action", "aria-expanded").as_deref(), Some("false"));
    assert_eq!(count(&h.root, ".follow-up__form"), 0, "no form until asked for");
}

#[wasm_bindgen_test]
async fn a_save_posts_once_with_the_token_in_its_header_and_shows_at_once() {
    let h = with_form();
    anna_with_follow_ups(&h);
    h.until_state("history").await;
    let saved = format!(
        r#"{{"followUp":{{"status":"in_progress","since":"{now}","last":{{"at":"{now}","by":{MARK},"type":"status","status":"in_progress","text":"called back"}},"events":1}}}}"#,
        now = ago(5.0)
    );
    fake_fetch_route("/follow-up", 200, &saved, JsValue::UNDEFINED, 300);
    fill_first(&h, "  called back ", "in_progress").await;
    until("expanded", || {
        attr(&h.root, "li.response:first-child .follow-up__action", "aria-expanded").as_deref() == Some("true")
    })
    .await;
    // Labelled controls; the form says whose name it saves under before saving.
    assert_eq!(text_at(&h.root, ".follow-up__form label:first-child span"), "Note: what was done");
    until("whose name", || text_at(&h.root, ".follow-up__who").starts_with("Saved as Mette Holm")).await;
    assert_eq!(described_by(&el(&h, ".follow-up__note")), "follow-up__who follow-up__problem");
    save(&h);
    // At once (before the answer, 300 ms away): the line shows the change,
    // the form closes, focus is back on the action, the live region says saving.
    until("saving said", || news() == "Saving the follow-up…").await;
    until("shown at once", || first_line(&h).starts_with("In progress")).await;
    assert!(!first_line(&h).contains("Mette Holm"), "before the answer, which names the author");
    assert!(first_line(&h).ends_with(": called back"), "{}", first_line(&h));
    assert_eq!(count(&h.root, FORM_SHOWN), 0);
    assert!(focused(&h, "li.response:first-child .follow-up__action"));
    until("saved said", || news() == "Follow-up saved.").await;
    assert_eq!(first_line(&h), "In progress · Mette Holm · now: called back", "the service's answer");
    let sent = posts();
    assert_eq!(sent.len(), 1, "one request");
    let post = &sent[0];
    assert_eq!(post.url, "http://api.test/feedback-app/responses/12/follow-up");
    assert_eq!(post.auth.as_deref(), Some("Bearer tok-1"));
    assert!(!post.url.contains("tok-1") && !post.body.as_deref().unwrap_or_default().contains("tok-1"));
    assert_eq!(post.content_type.as_deref(), Some("application/json"));
    assert!(post
        .key
        .as_deref()
        .is_some_and(|k| !k.is_empty() && k.len() <= 100 && k.bytes().all(|b| b.is_ascii_graphic())));
    assert_eq!(post.body.as_deref(), Some(r#"{"seen":"open","status":"in_progress","note":"called back"}"#));
    assert_eq!(value_of(&el(&h, ".follow-up__note")), "", "a saved note leaves the form");
}

#[wasm_bindgen_test]
async fn a_failed_save_puts_the_line_back_and_keeps_the_note() {
    let h = with_form();
    anna_with_follow_ups(&h);
    h.until_state("history").await;
    fake_fetch_route("/follow-up", 500, r#"{"error":{"code":"internal","message":"boom"}}"#, JsValue::UNDEFINED, 200);
    fill_first(&h, "called, refund sent", "closed").await;
    save(&h);
    until("shown at once", || first_line(&h).starts_with("Followed up")).await;
    assert_eq!(count(&h.root, FORM_SHOWN), 0);
    until("the form back", || count(&h.root, FORM_SHOWN) == 1).await;
    assert_eq!(first_line(&h), "Waiting for follow-up · opened 3 days ago", "rolled back");
    assert_eq!(value_of(&el(&h, ".follow-up__note")), "called, refund sent", "the note is kept");
    let problem = text_at(&h.root, ".follow-up__problem");
    assert!(problem.starts_with("Follow-up not saved"), "{problem}");
    until("announced", || news() == problem).await;
    until("focus in the note", || focused(&h, ".follow-up__note")).await;
    // Trying again is a new attempt with its own key.
    route("/follow-up", 200, r#"{"followUp":{"status":"closed","events":1}}"#);
    save(&h);
    until("saved said", || news() == "Follow-up saved.").await;
    let sent = posts();
    assert_eq!(sent.len(), 2);
    assert_ne!(sent[0].key, sent[1].key);
    assert_eq!(sent[1].body.as_deref(), Some(r#"{"seen":"open","status":"closed","note":"called, refund sent"}"#));
}

#[wasm_bindgen_test]
async fn a_conflict_shows_the_current_state_from_the_answer() {
    let h = with_form();
    anna_with_follow_ups(&h);
    h.until_state("history").await;
    let current = format!(
        r#"{{"followUp":{{"status":"closed","since":"{t}","last":{{"at":"{t}","by":{{"firstName":"Jonas","lastName":"Berg"}},"type":"status","status":"closed","text":"refunded"}},"events":1}},"events":[]}}"#,
        t = ago(3600.0 * 3.0)
    );
    // The POST hears 409, whose body carries what is current now.
    let conflict = current.replacen('{', r#"{"error":{"code":"conflict","message":"changed"},"#, 1);
    route("/follow-up", 409, &conflict);
    fill_first(&h, "my note", "in_progress").await;
    save(&h);
    until("the service's current state", || first_line(&h) == "Followed up by Jonas Berg · 3 hours ago: refunded")
        .await;
    until("the form back", || count(&h.root, FORM_SHOWN) == 1).await;
    assert!(text_at(&h.root, ".follow-up__problem").starts_with("Someone changed this follow-up"));
    assert_eq!(value_of(&el(&h, ".follow-up__note")), "my note", "no note lost");
    // The choices now start from the current status (closed can only reopen).
    assert_eq!(count(&h.root, ".follow-up__status option:not([hidden])"), 2, "no change, or reopen");
    assert_eq!(value_of(&el(&h, ".follow-up__status")), "none");
    let sent = calls().into_iter().filter(|c| c.url.ends_with("/responses/12/follow-up")).collect::<Vec<_>>();
    assert_eq!(sent.iter().map(|c| c.method.as_str()).collect::<Vec<_>>(), ["POST"]);
}

#[wasm_bindgen_test]
async fn a_token_without_an_employee_is_told_so_and_nothing_changes() {
    let h = with_form();
    anna_with_follow_ups(&h);
    route("/feedback-app/employee", 200, NO_EMPLOYEE);
    h.until_state("history").await;
    route("/follow-up", 403, r#"{"error":{"code":"no_employee","message":"no employee"}}"#);
    fill_first(&h, "called", "in_progress").await;
    until("who", || text_at(&h.root, ".follow-up__who") == "The token names no agent: follow-ups cannot be saved.")
        .await;
    save(&h);
    until("the refusal", || text_at(&h.root, ".follow-up__problem") == text_at(&h.root, ".follow-up__who")).await;
    assert_eq!(first_line(&h), "Waiting for follow-up · opened 3 days ago", "rolled back");
}

#[wasm_bindgen_test]
async fn bad_notes_are_refused_before_sending_and_escape_returns_focus() {
    let h = with_form();
    anna_with_follow_ups(&h);
    h.until_state("history").await;
    fill_first(&h, "   ", "closed").await;
    save(&h);
    until("the refusal", || text_at(&h.root, ".follow-up__problem") == "Closing needs a note saying what was done.")
        .await;
    until("announced", || news() == "Closing needs a note saying what was done.").await;
    assert!(focused(&h, ".follow-up__note"));
    type_into(&el(&h, ".follow-up__note"), &"x".repeat(10_000));
    save(&h);
    until("too long", || text_at(&h.root, ".follow-up__problem") == "The note is over 1,000 characters.").await;
    assert_eq!(first_line(&h), "Waiting for follow-up · opened 3 days ago", "nothing changed");
    assert!(posts().is_empty(), "nothing sent");
    press_escape(&el(&h, ".follow-up__note"));
    until("the form closed", || count(&h.root, FORM_SHOWN) == 0).await;
    assert!(focused(&h, "li.response:first-child .follow-up__action"), "focus back on the action");
    until("collapsed", || {
        attr(&h.root, "li.response:first-child .follow-up__action", "aria-expanded").as_deref() == Some("false")
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_page_that_cannot_load_the_form_offers_none() {
    remove_loader();
    let h = Harness::mount();
    anna_with_follow_ups(&h);
    h.until_state("history").await;
    assert_eq!(first_line(&h), "Waiting for follow-up · opened 3 days ago", "the line still shows");
    assert_eq!(attr(&h.root, "li.response:first-child .follow-up__action", "hidden").as_deref(), Some(""));
}

#[wasm_bindgen_test]
async fn the_waiting_filter_asks_for_waiting_responses() {
    let h = with_form();
    anna_with_follow_ups(&h);
    h.until_state("history").await;
    route(
        "filter=waiting",
        200,
        r#"{"respondents":[{"id":"c1","matchedBy":["email"]}],"summary":{"responseCount":2,"waitingForFollowUp":1},"items":[{"id":"12","rating":3,"followUp":{"status":"open"}}],"page":1,"pageSize":20,"total":1}"#,
    );
    assert_eq!(text_at(&h.root, ".filters .chip:nth-child(4)"), "Waiting for follow-up");
    click(&h.root, ".filters .chip:nth-child(4)");
    until("the waiting list", || count(&h.root, "li.response") == 1).await;
    assert!(calls().iter().any(|c| c.url.contains("filter=waiting")));
    assert_eq!(attr(&h.root, ".filters .chip:nth-child(4)", "aria-pressed").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn the_personal_page_shows_the_agents_own_follow_ups() {
    let h = with_form();
    route(
        "/feedback-app/employee",
        200,
        r#"{"employee":{"email":"m@shop.dk","firstName":"Mette","lastName":"Holm"},"summary":{"responseCount":1},"pgap":{"count":0},
           "followUps":{"open":2,"inProgress":1,"within48h":0.75},"items":[{"id":"7","rating":4}],"page":1,"pageSize":20,"total":1}"#,
    );
    h.send(&set_parameters(r#"{"token":"tok-1"}"#));
    h.until_state("personal").await;
    assert_eq!(
        text_at(&h.root, ".follow-ups"),
        "Your follow-ups: 2 waiting, 1 in progress; 75% of detractors within 48 h (30 days)"
    );
}

#[wasm_bindgen_test]
async fn a_save_carries_the_token_in_force_when_the_host_changes_it() {
    let h = with_form();
    anna_with_follow_ups(&h);
    h.until_state("history").await;
    h.send(&set_parameters(r#"{"token":"tok-2"}"#));
    until("the list again with the new token", || {
        calls().iter().any(|c| c.url.contains("email=anna") && c.auth.as_deref() == Some("Bearer tok-2"))
    })
    .await;
    h.until_state("history").await;
    route("/follow-up", 200, r#"{"followUp":{"status":"in_progress"}}"#);
    fill_first(&h, "called", "in_progress").await;
    save(&h);
    until("saved said", || news() == "Follow-up saved.").await;
    assert_eq!(posts().iter().map(|c| c.auth.clone().unwrap_or_default()).collect::<Vec<_>>(), ["Bearer tok-2"]);
}
