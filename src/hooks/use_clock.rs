//! Hook: a clock that ticks each minute, so relative times ("2 hours ago")
//! stay true while the card stays open. Each tick updates those texts in
//! place; no row is remade.
//!
//! The clock belongs to the view that provides it (a panel's content) and
//! its timer stops when that view goes, so nothing accumulates per
//! conversation.

use leptos::prelude::*;
use std::time::Duration;

/// A bool flipped each minute: only its change matters (and a bool signal
/// shares its code with the card's other ones).
#[derive(Clone, Copy)]
struct ClockContext(RwSignal<bool>);

/// Makes `tick` the clock of the views below the current owner: each
/// change of it re-says their relative times.
pub fn provide_clock_signal(tick: RwSignal<bool>) {
    provide_context(ClockContext(tick));
}

/// Starts a minute clock for the views below the current owner.
pub fn provide_clock() {
    let tick = RwSignal::new(false);
    if let Ok(timer) = set_interval_with_handle(
        move || {
            let _ = tick.try_update(|t| *t = !*t);
        },
        Duration::from_secs(60),
    ) {
        on_cleanup(move || timer.clear());
    }
    provide_clock_signal(tick);
}

/// The clock in force: read it to be recomputed each minute (never ticks
/// where none was provided).
pub fn use_clock() -> Option<RwSignal<bool>> {
    use_context::<ClockContext>().map(|c| c.0)
}
