//! Pure logic of the Feedback App.
//!
//! Everything here is plain Rust with no browser APIs, so it runs under
//! `cargo test` natively and is shared with the local nps.today service
//! (which computes the same summaries the card displays).

pub mod api_error;
pub mod decimal;
pub mod digits;
pub mod follow_up;
pub mod i18n;
pub mod json_read;
pub mod lenient;
pub mod locale_format;
pub mod model;
pub mod normalise;
pub mod nps;
pub mod pgap;
pub mod pgap_wording;
pub mod protocol;
pub mod relative_time;
pub mod timestamp;
