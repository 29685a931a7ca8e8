//! State shared by the card's views, leptos-use style: each `use_…` owns
//! its signals and its cleanup.

pub mod use_paged_feed;
pub mod use_texts;

pub use use_paged_feed::{use_paged_feed, Feed, PagedFeed};
pub use use_texts::{provide_texts, use_texts};
