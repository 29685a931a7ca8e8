//! The view switch: an ARIA tab list (arrow keys, Home/End, roving focus).

use crate::hooks::tr;
use crate::views::reactive::text;
use feedback_core::digits;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Customer,
    Personal,
}

impl Tab {
    pub fn id(self) -> &'static str {
        match self {
            Tab::Customer => "tab-customer",
            Tab::Personal => "tab-personal",
        }
    }
    pub fn panel_id(self) -> &'static str {
        match self {
            Tab::Customer => "panel-customer",
            Tab::Personal => "panel-personal",
        }
    }
    fn other(self) -> Tab {
        match self {
            Tab::Customer => Tab::Personal,
            Tab::Personal => Tab::Customer,
        }
    }
}

/// The tab shown, kept as a bool signal (whether it is the Personal Page):
/// the card's flags are bool signals too, so no signal code is made for `Tab`.
#[derive(Clone, Copy)]
pub struct ActiveTab(RwSignal<bool>);

impl ActiveTab {
    pub fn new(tab: Tab) -> Self {
        ActiveTab(RwSignal::new(tab == Tab::Personal))
    }
    fn tab(personal: bool) -> Tab {
        if personal {
            Tab::Personal
        } else {
            Tab::Customer
        }
    }
    pub fn get(self) -> Tab {
        Self::tab(self.0.get())
    }
    pub fn get_untracked(self) -> Tab {
        Self::tab(self.0.get_untracked())
    }
    pub fn set(self, tab: Tab) {
        self.0.set(tab == Tab::Personal);
    }
}

#[component]
pub fn Tabs(active: ActiveTab) -> impl IntoView {
    let customer_ref = NodeRef::<leptos::html::Button>::new();
    let personal_ref = NodeRef::<leptos::html::Button>::new();
    let focus = move |tab: Tab| {
        let r = if tab == Tab::Customer { customer_ref } else { personal_ref };
        if let Some(el) = r.get() {
            let _ = el.focus();
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowLeft" => active.get_untracked().other(),
            "Home" => Tab::Customer,
            "End" => Tab::Personal,
            _ => return,
        };
        ev.prevent_default();
        active.set(next);
        focus(next);
    };
    let tab = move |which: Tab, node: NodeRef<leptos::html::Button>| {
        let label = if which == Tab::Customer { tr(|t| t.tab_customer) } else { tr(|t| t.tab_personal) };
        view! {
            <button
                type="button"
                role="tab"
                class="tabs__tab"
                id=which.id()
                node_ref=node
                aria-controls=which.panel_id()
                aria-selected=text(move || digits::boolean(active.get() == which).to_owned())
                tabindex=text(move || (if active.get() == which { "0" } else { "-1" }).to_owned())
                on:click=move |_| active.set(which)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="tabs" role="tablist" aria-label=tr(|t| t.tabs_label) on:keydown=on_key>
            {tab(Tab::Customer, customer_ref)}
            {tab(Tab::Personal, personal_ref)}
        </div>
    }
}
