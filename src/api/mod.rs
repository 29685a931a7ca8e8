//! The Feedback App API client (contract: `docs/api.md`).

pub mod client;
pub mod decode;
pub mod retry;

pub use client::{ApiClient, Call};
