//! The Feedback App API client (contract: `docs/api.md`).

pub mod client;
pub mod decode;
pub mod in_flight;
pub mod retry;

pub use client::ApiClient;
pub use in_flight::InFlight;
