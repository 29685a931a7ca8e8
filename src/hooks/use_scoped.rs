//! Hook: read a long-lived signal from a view that lives shorter.
//!
//! Leptos 0.8 keeps a dropped subscriber in its source's list (the entry
//! and the subscriber's allocation) for as long as the source lives. A view
//! made per conversation that read the card's long-lived signals directly
//! would so leave a few hundred bytes behind at every switch. Such views
//! read through this bridge instead: one memo, owned by the view, that
//! unsubscribes from its sources when the view is cleaned up; everything
//! in the view subscribes to the bridge and goes with it.

use leptos::prelude::*;
use leptos::reactive::graph::{Subscriber, ToAnySubscriber};

///
/// A `Memo`, not a `Signal`: the views take it as it is, so no `Signal`
/// wrapper code is made for each type read this way.
pub fn use_scoped<T>(read: impl Fn() -> T + Send + Sync + 'static) -> Memo<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let memo = ArcMemo::new(move |_| read());
    let subscriber = memo.to_any_subscriber();
    on_cleanup(move || subscriber.clear_sources(&subscriber));
    Memo::from(memo)
}
