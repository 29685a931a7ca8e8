//! A card left open all day must not grow: switching conversations keeps
//! the live WASM heap flat. Measured with a counting allocator around the
//! system one (installed for this test binary in `main.rs`), so the figure
//! is exact bytes rather than 64 KB pages; per-size counts name the kind of
//! object that stays behind when it fails.

use crate::harness::*;
use crate::support::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use wasm_bindgen_test::*;

pub struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
/// Live allocations by size in bytes (the last slot: 1024 and more).
static BY_SIZE: [AtomicIsize; 1025] = [const { AtomicIsize::new(0) }; 1025];

fn count(size: usize, by: isize) {
    LIVE.fetch_add(size as isize * by, Ordering::Relaxed);
    BY_SIZE[size.min(1024)].fetch_add(by, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size(), 1);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(layout.size(), -1);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(layout.size(), -1);
        count(new_size, 1);
        System.realloc(ptr, layout, new_size)
    }
}

fn snapshot() -> (isize, Vec<isize>) {
    (LIVE.load(Ordering::Relaxed), BY_SIZE.iter().map(|a| a.load(Ordering::Relaxed)).collect())
}

async fn switch_to(h: &Harness, i: usize) {
    let (params, shows) = if i.is_multiple_of(2) {
        (r#"{"respondentEmail":"anna@example.com","respondentPhone":""}"#, "Lovely help")
    } else {
        (r#"{"respondentEmail":"","respondentPhone":"+4512345678"}"#, "Fine by phone")
    };
    h.send(&set_parameters(params));
    until("the switch shown", || h.text().contains(shows)).await;
    // The test's own record of the card's messages is not the card's memory.
    h.host.received.borrow_mut().clear();
}

#[wasm_bindgen_test]
async fn switching_conversations_keeps_the_heap_flat() {
    let h = Harness::mount();
    route("email=anna%40example.com", 200, ANNA);
    route("phone=%2B4512345678", 200, BO);
    h.send(&set_parameters(r#"{"token":"tok-1"}"#));
    for i in 0..50 {
        switch_to(&h, i).await;
    }
    let (before, sizes) = snapshot();
    let switches = 300;
    for i in 0..switches {
        switch_to(&h, i).await;
    }
    let (after, now) = snapshot();
    let growth = after - before;
    let kept: Vec<(usize, isize)> =
        sizes.iter().zip(&now).enumerate().map(|(s, (a, b))| (s, b - a)).filter(|(_, d)| *d > 0).collect();
    // Budget: one 64 KB page per 1,000 switches (the card leaked about
    // 900 bytes per switch here before its views read through bridges).
    assert!(
        growth < 64 * 1024 * switches as isize / 1000,
        "the live heap grew {growth} bytes over {switches} conversation switches; (size, count) kept: {kept:?}"
    );
}
