//! State shared by the card's views, leptos-use style: each `use_…` owns
//! its signals and its cleanup.

pub mod use_clock;
pub mod use_paged_feed;
pub mod use_scoped;
pub mod use_texts;

pub use use_clock::{provide_clock, provide_clock_signal, use_clock};
pub use use_paged_feed::{use_paged_feed, Feed, FeedKey, Keep, ListView, PagedFeed};
pub use use_scoped::use_scoped;
pub use use_texts::{provide_texts, tr, use_texts};
