//! Hook: a clock that ticks each minute, so relative times ("2 hours ago")
//! stay true while the card stays open. Each tick updates those texts in
//! place; no row is remade.
//!
//! The clock belongs to the view that provides it (a panel's content) and
//! its timer stops when that view goes, so nothing accumulates per
//! conversation.

use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Copy)]
struct ClockContext(Signal<u32>);

/// Starts a minute clock for the views below the current owner.
pub fn provide_clock() {
    let ticks = RwSignal::new(0_u32);
    if let Ok(timer) = set_interval_with_handle(
        move || {
            let _ = ticks.try_update(|n| *n = n.wrapping_add(1));
        },
        Duration::from_secs(60),
    ) {
        on_cleanup(move || timer.clear());
    }
    provide_context(ClockContext(ticks.into()));
}

/// The clock in force: read it to be recomputed each minute (never ticks
/// where none was provided).
pub fn use_clock() -> Signal<u32> {
    use_context::<ClockContext>().map_or_else(|| Signal::stored(0), |c| c.0)
}
