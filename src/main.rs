//! The card's entry point. No `fn main`: Rust's program start-up (the main
//! thread's name, stdout flushed at exit and its I/O error texts) would
//! ship for nothing; the wasm-bindgen glue calls `start` once the module
//! is instantiated, where `main` would have run.
#![no_main]

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(start)]
fn start() {
    feedback_app::start();
}
