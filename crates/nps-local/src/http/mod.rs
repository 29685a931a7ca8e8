//! The HTTP endpoints (contract: `docs/api.md`).

pub mod admin;
pub mod auth;
pub mod campaigns;
pub mod error;
pub mod extract;
pub mod faults;
pub mod feedback_app;
pub mod follow_up;
pub mod rate_limit;
pub mod relay;
pub mod token;
pub mod webhook_secret;

use crate::store::Store;
use rate_limit::{AuthThrottle, RateLimiter};
use std::sync::Arc;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Whether the demo company's public key is accepted (`--demo`).
    pub demo: bool,
    /// Lifetime of a new token (24 h; tests shorten it).
    pub token_ttl_secs: i64,
    /// Calls per second per key and client (nps.today's limit).
    pub rate_limiter: Arc<RateLimiter>,
    /// The relay's own budget: Dixa delivers in bursts when a queue closes many conversations.
    pub relay_rate_limiter: Arc<RateLimiter>,
    /// Failed logins per client address.
    pub auth_throttle: Arc<AuthThrottle>,
    /// Failures the preview asked for (`POST /preview/faults`), per company.
    pub faults: Arc<faults::FaultQueue>,
    /// The relay's writes, committed in groups.
    pub relay_writes: crate::store::group_commit::GroupCommit,
    /// Queues new members' P-GAP reads from Dixa's API.
    pub pgap: crate::pgap_reader::PGapReader,
}

/// Runs a store closure on the blocking pool (SQLite calls block).
pub async fn with_db<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut rusqlite::Connection) -> rusqlite::Result<T> + Send + 'static,
) -> Result<T, error::ApiError> {
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || f(&mut store.conn()))
        .await
        .map_err(|e| error::ApiError::internal(format!("database task failed: {e}")))?
        .map_err(error::ApiError::from)
}
