//! Dates and numbers are written by the card itself, not by `Intl` (whose
//! first formatter loads ICU data: about 20 ms on each conversation
//! opened), in the browser's time zone, and say what `Intl` would say.

use crate::harness::*;
use crate::support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

#[wasm_bindgen(inline_js = r#"
const kinds = ["DateTimeFormat", "RelativeTimeFormat", "NumberFormat", "PluralRules", "ListFormat"];
const made = [];
const real = {};
export function intl_spy_install() {
  made.length = 0;
  for (const kind of kinds) {
    real[kind] = Intl[kind];
    Intl[kind] = new Proxy(real[kind], { construct(target, args) { made.push(kind); return Reflect.construct(target, args); } });
  }
  real.toLocaleString = Number.prototype.toLocaleString;
  real.dateLocale = Date.prototype.toLocaleString;
  Number.prototype.toLocaleString = function (...a) { made.push("toLocaleString"); return real.toLocaleString.apply(this, a); };
  Date.prototype.toLocaleString = function (...a) { made.push("toLocaleString"); return real.dateLocale.apply(this, a); };
}
export function intl_spy_restore() {
  for (const kind of kinds) Intl[kind] = real[kind];
  Number.prototype.toLocaleString = real.toLocaleString;
  Date.prototype.toLocaleString = real.dateLocale;
}
export function intl_made() { return made.join(" "); }
// What the browser's Intl says, with any kind of space written as a space
// (Firefox puts a narrow no-break space before "AM").
const spaces = (s) => s.replace(/[\s\u202f\u00a0]+/g, " ");
export function intl_date_time(locale, iso) {
  return spaces(new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso)));
}
export function intl_relative(locale, value, unit) {
  return spaces(new Intl.RelativeTimeFormat(locale, { numeric: "auto" }).format(value, unit));
}
export function iso_days_ago(days) { return new Date(Date.now() - days * 86400000).toISOString(); }
"#)]
extern "C" {
    fn intl_spy_install();
    fn intl_spy_restore();
    fn intl_made() -> String;
    fn intl_date_time(locale: &str, iso: &str) -> String;
    fn intl_relative(locale: &str, value: f64, unit: &str) -> String;
    fn iso_days_ago(days: f64) -> String;
}

#[wasm_bindgen_test]
async fn dates_and_numbers_are_written_without_intl_and_read_as_intl_would_write_them() {
    intl_spy_install();
    let h = Harness::mount();
    let (three_days, yesterday) = (iso_days_ago(3.0), iso_days_ago(1.0));
    let fixed = "2026-02-13T10:00:00Z";
    let body = format!(
        r#"{{"respondents":[{{"id":"a","matchedBy":["email"]}}],"summary":{{"responseCount":2400,"nps":40,"promoters":1500,"passives":540,"detractors":360}},
        "items":[{{"id":"1","rating":9,"ratingTime":"{three_days}"}},{{"id":"2","rating":3,"ratingTime":"{yesterday}"}},{{"id":"3","rating":7,"ratingTime":"{fixed}"}}],
        "page":1,"pageSize":20,"total":2400}}"#
    );
    route("respondent-responses", 200, &body);
    h.send(&set_parameters(r#"{"token":"t","respondentEmail":"a@x.dk"}"#));
    h.until_state("history").await;
    let times = |attribute: bool| -> Vec<String> {
        let list = h.root.query_selector_all("li.response time").expect("times");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
            .map(|e| {
                if attribute {
                    e.get_attribute("title").unwrap_or_default()
                } else {
                    e.text_content().unwrap_or_default()
                }
            })
            .collect()
    };
    assert_eq!(times(false)[..2], ["3 days ago".to_owned(), "yesterday".to_owned()]);
    assert_eq!(text_at(&h.root, "[data-testid=nps] .tile__hint"), "2,400 responses");
    h.send(&set_parameters(r#"{"locale":"da"}"#));
    until("Danish", || text_at(&h.root, "[data-testid=nps] .tile__hint") == "2.400 besvarelser").await;
    let made = intl_made();
    intl_spy_restore();
    assert_eq!(made, "", "the card made no Intl formatter");

    // The same words as the browser's own Intl, in its time zone.
    assert_eq!(times(false)[..2], [intl_relative("da", -3.0, "day"), intl_relative("da", -1.0, "day")]);
    let exact = times(true);
    assert_eq!(exact[2], intl_date_time("da", fixed));
    assert_eq!(exact[0], intl_date_time("da", &three_days));
    h.send(&set_parameters(r#"{"locale":"en"}"#));
    until("English", || text_at(&h.root, "[data-testid=nps] .tile__hint") == "2,400 responses").await;
    assert_eq!(times(true)[2], intl_date_time("en", fixed));
    assert_eq!(times(false)[0], intl_relative("en", -3.0, "day"));
}
