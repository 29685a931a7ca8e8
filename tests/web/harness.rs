//! A card mounted with a fake host frame and scripted API answers.

use crate::support::*;
use feedback_app::api::ApiClient;
use feedback_app::app::Card;
use feedback_app::host::HostFrame;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

pub const ANNA: &str = r#"{"respondents":[{"id":"c1","email":"anna@example.com","firstName":"Anna","lastName":"Berg","matchedBy":["email"]}],
  "summary":{"responseCount":2,"nps":0,"promoters":1,"passives":0,"detractors":1,"lastRating":3,"recentRatings":[10,3]},
  "items":[{"id":"r2","rating":3,"comment":"Waited <b>forever</b>","ratingTime":"2026-03-01T10:00:00Z","campaignName":"Support","agentRating":7,"employee":{"email":"m@shop.dk","firstName":"Mette","lastName":"Holm"}},
           {"id":"r1","rating":10,"comment":"Lovely help","ratingTime":"2026-01-15T10:00:00Z"}],
  "page":1,"pageSize":20,"total":2}"#;
pub const BO: &str = r#"{"respondents":[{"id":"c2","phone":"+4512345678","matchedBy":["phone"]}],
  "summary":{"responseCount":1,"promoters":0,"passives":1,"detractors":0,"lastRating":8,"recentRatings":[8]},
  "items":[{"id":"r9","rating":8,"comment":"Fine by phone","ratingTime":"2026-02-02T10:00:00Z"}],
  "page":1,"pageSize":20,"total":1}"#;
pub const METTE: &str = r#"{"employee":{"email":"m@shop.dk","firstName":"Mette","lastName":"Holm"},
  "summary":{"responseCount":3,"nps":33.3,"promoters":2,"passives":0,"detractors":1},
  "pgap":{"averageAbsolute":1.4,"averageSigned":1.4,"count":3},
  "items":[{"id":"p1","rating":6,"agentRating":8,"ratingTime":"2026-03-02T10:00:00Z"},{"id":"p2","rating":9,"agentRating":10,"ratingTime":"2026-03-01T10:00:00Z"}],
  "page":1,"pageSize":20,"total":2}"#;
pub const NO_EMPLOYEE: &str = r#"{"employee":null,"summary":{"responseCount":0,"nps":null},"pgap":{"count":0},"items":[],"page":1,"pageSize":20,"total":0}"#;

pub struct Harness {
    pub host: Frame,
    pub root: web_sys::HtmlElement,
    _mounted: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

impl Harness {
    pub fn mount() -> Harness {
        Harness::mount_on(Frame::new())
    }

    /// Mounts the card with `host` as its host frame.
    pub fn mount_on(host: Frame) -> Harness {
        fake_fetch_install();
        let root = container();
        let host_window = host.window();
        let mounted = mount_to(root.clone(), move || {
            let api = ApiClient::new("http://api.test/").with_timeout_ms(500).with_retry_unit_ms(20);
            view! { <Card host=HostFrame::from_window(host_window) api=api /> }.into_any()
        });
        Harness { host, root, _mounted: mounted }
    }

    pub fn send(&self, data: &JsValue) {
        deliver(data, &self.host.window());
    }

    pub fn text(&self) -> String {
        text_of(&self.root)
    }

    /// Waits for `state` in the visible panel.
    pub async fn until_state(&self, state: &str) {
        let root = self.root.clone();
        let wanted = state.to_owned();
        until(&format!("state {state}"), move || states(&root).contains(&wanted)).await;
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        fake_fetch_restore();
        self.root.remove();
    }
}

pub fn route(matches: &str, status: i32, body: &str) {
    fake_fetch_route(matches, status, body, JsValue::UNDEFINED, 0);
}
