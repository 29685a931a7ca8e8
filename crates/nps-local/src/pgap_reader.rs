//! Reads a new member's P-GAP from Dixa: once while the webhook waits, then,
//! if Dixa's API failed or hung, again in the background with growing pauses
//! until the retry schedule is spent (then it gives up with a log line).
//!
//! Every read not yet settled is a row in `pending_pgap_reads`, written in the
//! same transaction as the member, so a restart resumes it. The Dixa API key
//! is looked up from the IVR at each try (a corrected key is used at once)
//! and never logged.

use crate::dixa_api::{DixaApi, ReadError};
use crate::store::pending_pgap::{self, PendingRead};
use crate::store::{queries, Store};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The pauses before each background try: about a minute in all.
pub const DEFAULT_RETRY_DELAYS: [Duration; 5] = [
    Duration::from_secs(2),
    Duration::from_secs(4),
    Duration::from_secs(8),
    Duration::from_secs(16),
    Duration::from_secs(30),
];

/// How the read while the webhook waited ended.
#[derive(Debug, Clone, PartialEq)]
pub enum FirstTry {
    /// Dixa answered: the rating, or none set on the conversation.
    Read(Option<u8>),
    /// Trying again will not help (the key was refused or is missing).
    GaveUp(String),
    /// Dixa failed or did not answer in time: tried again in the background.
    Pending,
}

enum TryError {
    Dixa(ReadError),
    /// The queue has no IVR, or its IVR no Dixa API key (any more).
    NoKey,
    Database(String),
}

impl TryError {
    fn is_final(&self) -> bool {
        match self {
            TryError::Dixa(e) => e.is_final(),
            TryError::NoKey => true,
            TryError::Database(_) => false,
        }
    }
}

impl fmt::Display for TryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TryError::Dixa(e) => e.fmt(f),
            TryError::NoKey => f.write_str("the queue's IVR has no Dixa API key"),
            TryError::Database(e) => write!(f, "database: {e}"),
        }
    }
}

#[derive(Clone)]
pub struct PGapReader {
    api: Arc<DixaApi>,
    store: Store,
    retry_delays: Arc<[Duration]>,
}

impl PGapReader {
    pub fn new(store: Store, api: DixaApi, retry_delays: &[Duration]) -> PGapReader {
        PGapReader { api: Arc::new(api), store, retry_delays: retry_delays.into() }
    }

    /// One try now (bounded by the client's timeout); a failure that may pass
    /// is left to the background.
    pub async fn read_now(&self, read: PendingRead) -> FirstTry {
        match self.try_once(&read).await {
            Ok(rating) => match self.settle(&read, rating).await {
                Ok(()) => FirstTry::Read(rating),
                Err(e) => {
                    tracing::warn!(member = read.member_id, error = %e, "P-GAP read but not stored; trying again later");
                    self.spawn_retries(PendingRead { attempts: 1, ..read }, false);
                    FirstTry::Pending
                }
            },
            Err(e) if e.is_final() => {
                self.give_up(&read, &e).await;
                FirstTry::GaveUp(e.to_string())
            }
            Err(e) => {
                let read = PendingRead { attempts: 1, ..read };
                self.note_failure(&read, &e).await;
                self.spawn_retries(read, false);
                FirstTry::Pending
            }
        }
    }

    /// Resumes every read left pending (by a restart), each with a try at once.
    pub async fn resume_pending(&self) -> usize {
        let store = self.store.clone();
        let pending = match tokio::task::spawn_blocking(move || pending_pgap::all(&store.conn()))
            .await
            .map_err(|e| e.to_string())
        {
            Ok(Ok(p)) => p,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "cannot read the pending P-GAP reads");
                return 0;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot read the pending P-GAP reads");
                return 0;
            }
        };
        let n = pending.len();
        for read in pending {
            self.spawn_retries(read, true);
        }
        n
    }

    fn spawn_retries(&self, read: PendingRead, at_once: bool) {
        let reader = self.clone();
        tokio::spawn(async move { reader.retry(read, at_once).await });
    }

    async fn retry(self, mut read: PendingRead, mut at_once: bool) {
        loop {
            if !at_once {
                let Some(delay) = self.retry_delays.get(read.attempts.saturating_sub(1) as usize) else {
                    self.give_up(&read, &format!("still failing after {} tries", read.attempts)).await;
                    return;
                };
                tokio::time::sleep(*delay).await;
            }
            at_once = false;
            if !self.still_pending(read.member_id).await {
                return;
            }
            match self.try_once(&read).await {
                Ok(rating) => {
                    if let Err(e) = self.settle(&read, rating).await {
                        tracing::error!(member = read.member_id, error = %e, "P-GAP read but not stored");
                    } else {
                        tracing::info!(member = read.member_id, failed_tries = read.attempts, "P-GAP read from Dixa");
                    }
                    return;
                }
                Err(e) if e.is_final() => {
                    self.give_up(&read, &e).await;
                    return;
                }
                Err(e) => {
                    read.attempts += 1;
                    self.note_failure(&read, &e).await;
                }
            }
        }
    }

    async fn try_once(&self, read: &PendingRead) -> Result<Option<u8>, TryError> {
        let (store, api, queue, csid) =
            (self.store.clone(), self.api.clone(), read.queue_id.clone(), read.csid.clone());
        let company = read.company;
        tokio::task::spawn_blocking(move || {
            let key = queries::find_ivr(&store.conn(), company, &queue)
                .map_err(|e| TryError::Database(e.to_string()))?
                .map(|m| m.dixa_api_key)
                .filter(|k| !k.is_empty())
                .ok_or(TryError::NoKey)?;
            // The connection is released before Dixa is called: a slow Dixa
            // must not hold the database.
            api.read_p_gap(&key, &csid).map_err(TryError::Dixa)
        })
        .await
        .map_err(|e| TryError::Database(e.to_string()))?
    }

    async fn still_pending(&self, member_id: i64) -> bool {
        let store = self.store.clone();
        matches!(
            tokio::task::spawn_blocking(move || pending_pgap::is_pending(&store.conn(), member_id)).await,
            Ok(Ok(true))
        )
    }

    async fn settle(&self, read: &PendingRead, rating: Option<u8>) -> Result<(), String> {
        let (store, member) = (self.store.clone(), read.member_id);
        tokio::task::spawn_blocking(move || pending_pgap::settle(&mut store.conn(), member, rating))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("database: {e}"))
    }

    async fn note_failure(&self, read: &PendingRead, why: &TryError) {
        tracing::warn!(
            member = read.member_id, csid = ?read.csid, failed_tries = read.attempts, error = %why,
            "P-GAP not read from Dixa; will try again"
        );
        let (store, member, attempts) = (self.store.clone(), read.member_id, read.attempts);
        let _ =
            tokio::task::spawn_blocking(move || pending_pgap::record_failure(&store.conn(), member, attempts)).await;
    }

    async fn give_up(&self, read: &PendingRead, why: &(dyn fmt::Display + Sync)) {
        tracing::warn!(
            member = read.member_id, csid = ?read.csid, queue = ?read.queue_id, error = %why,
            "P-GAP read from Dixa given up; the member stays without an agent rating"
        );
        if let Err(e) = self.settle(read, None).await {
            tracing::error!(member = read.member_id, error = %e, "cannot end the P-GAP read");
        }
    }
}
