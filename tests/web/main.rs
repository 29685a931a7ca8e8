//! The card in real browsers (headless Chromium and Firefox): the host
//! protocol, fetching with the token, and every view and state as the
//! agent reads it. `fetch` is replaced by a scripted fake per test, so the
//! real request path (URL, headers, abort signal, status, body) runs.

#![cfg(target_arch = "wasm32")]

mod card_state;
mod early;
mod follow_up;
mod formatting;
mod harness;
mod memory;
mod normalise;
mod protocol;
mod support;
mod views;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[global_allocator]
static ALLOCATOR: memory::Counting = memory::Counting;
