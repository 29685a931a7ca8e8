//! Reads new members' P-GAP from Dixa's API in the background; the relay
//! never waits for it.
//!
//! Every read not yet settled is a row in `pending_pgap_reads`, written in
//! the same transaction as the member, so a restart resumes it. One
//! scheduler task works the reads:
//!
//! - at most `concurrency` calls at once, each on the blocking pool and
//!   bounded by the Dixa client's timeout (never a thread per event);
//! - Dixa's budget per Dixa API key (a token bucket, 10/s with a burst of 4
//!   by default) is spent before each call; a 429 is not a failure: the
//!   key's calls pause for `Retry-After` and the read goes first again;
//! - a failure (5xx, timeout, unreadable answer) is tried again after a
//!   pause that doubles from `first_retry` up to `longest_retry`, with
//!   jitter so reads that failed together do not come back together;
//!   `give_up_after` the webhook arrived, the read is given up with a log line;
//! - a refused key (401/403) or a queue without key ends the read at once;
//! - fair: ready reads are served round-robin by company (and Dixa key), so
//!   one company's burst does not hold another's reads back.
//!
//! The Dixa API key is looked up from the IVR at each try (a corrected key
//! is used at once) and never logged.

use crate::clock::now_unix;
use crate::dixa_api::{DixaApi, ReadError};
use crate::dixa_budget::{Bucket, Budget};
use crate::store::pending_pgap::{self, PendingRead};
use crate::store::{queries, Store};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, watch};

#[derive(Clone, Copy, Debug)]
pub struct ReaderConfig {
    /// Dixa's budget per Dixa API key.
    pub budget: Budget,
    /// Calls to Dixa at once, all keys together.
    pub concurrency: usize,
    /// The pause after the first failure; it doubles after each next one.
    pub first_retry: Duration,
    pub longest_retry: Duration,
    /// A read still failing this long after its webhook is given up.
    pub give_up_after: Duration,
    /// The pause after a 429 without a readable `Retry-After`.
    pub default_retry_after: Duration,
}

impl Default for ReaderConfig {
    fn default() -> Self {
        ReaderConfig {
            budget: Budget::default(),
            concurrency: 8,
            first_retry: Duration::from_secs(2),
            longest_retry: Duration::from_secs(600),
            give_up_after: Duration::from_secs(24 * 3600),
            default_retry_after: Duration::from_secs(1),
        }
    }
}

/// Which Dixa API key a read spends from (a hash: the key itself is not kept).
pub type KeyId = u64;

pub fn key_id(dixa_api_key: &str) -> KeyId {
    let mut h = DefaultHasher::new();
    dixa_api_key.hash(&mut h);
    h.finish()
}

/// One read as the scheduler holds it.
#[derive(Debug, Clone)]
struct Job {
    read: PendingRead,
    key: KeyId,
}

/// Hands new reads to the scheduler.
#[derive(Clone)]
pub struct PGapReader {
    jobs: mpsc::UnboundedSender<Job>,
}

impl PGapReader {
    /// Queues a read whose pending row is committed.
    pub fn enqueue(&self, read: PendingRead, dixa_api_key: &str) {
        // Fails only when the scheduler stopped (the service is stopping):
        // the row stays and the next start resumes it.
        let _ = self.jobs.send(Job { read, key: key_id(dixa_api_key) });
    }
}

/// Starts the scheduler with every read left pending; the handle, the task
/// (it ends when `stop` turns true) and how many reads were resumed.
pub async fn start(
    store: Store,
    api: DixaApi,
    config: ReaderConfig,
    stop: watch::Receiver<bool>,
) -> Result<(PGapReader, tokio::task::JoinHandle<()>, usize), String> {
    let loaded = store.clone();
    let pending = tokio::task::spawn_blocking(move || pending_pgap::all(&loaded.conn()))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("cannot read the pending P-GAP reads: {e}"))?;
    let resumed = pending.len();
    let (jobs, received) = mpsc::unbounded_channel();
    let mut scheduler = Scheduler::new(store, Arc::new(api), config);
    for (read, key) in pending {
        scheduler.ready(Job { read, key: key_id(&key) }, false);
    }
    let task = tokio::spawn(scheduler.run(received, stop));
    Ok((PGapReader { jobs }, task, resumed))
}

/// How one try ended, as the scheduler needs to know it.
enum Outcome {
    /// Read (and stored), or ended for good (logged).
    Settled,
    /// Dixa refused the call as over budget: not a failure.
    RateLimited(Option<Duration>),
    /// Failed; tried again after a pause.
    Failed,
}

struct Waiting {
    at: Instant,
    seq: u64,
    job: Job,
}

impl PartialEq for Waiting {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Waiting {}
impl PartialOrd for Waiting {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Waiting {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

/// Reads served in turn: (company, Dixa key) → its reads, oldest first.
type Lane = (i64, KeyId);

struct Scheduler {
    store: Store,
    api: Arc<DixaApi>,
    config: ReaderConfig,
    ready: BTreeMap<Lane, VecDeque<Job>>,
    /// The lane served last (the next turn goes to the one after it).
    turn: Option<Lane>,
    waiting: BinaryHeap<Reverse<Waiting>>,
    seq: u64,
    buckets: HashMap<KeyId, Bucket>,
    in_flight: usize,
}

impl Scheduler {
    fn new(store: Store, api: Arc<DixaApi>, config: ReaderConfig) -> Scheduler {
        Scheduler {
            store,
            api,
            config: ReaderConfig { concurrency: config.concurrency.max(1), ..config },
            ready: BTreeMap::new(),
            turn: None,
            waiting: BinaryHeap::new(),
            seq: 0,
            buckets: HashMap::new(),
            in_flight: 0,
        }
    }

    fn ready(&mut self, job: Job, first: bool) {
        let lane = (job.read.company, job.key);
        let queue = self.ready.entry(lane).or_default();
        if first {
            queue.push_front(job);
        } else {
            queue.push_back(job);
        }
    }

    fn wait(&mut self, job: Job, pause: Duration) {
        self.seq += 1;
        self.waiting.push(Reverse(Waiting { at: Instant::now() + pause, seq: self.seq, job }));
    }

    async fn run(mut self, mut jobs: mpsc::UnboundedReceiver<Job>, mut stop: watch::Receiver<bool>) {
        let (done_tx, mut done) = mpsc::unbounded_channel::<(Job, Outcome)>();
        let mut stopped = std::pin::pin!(async move {
            let _ = stop.wait_for(|s| *s).await;
        });
        loop {
            let wake = self.dispatch(&done_tx);
            let sleep =
                tokio::time::sleep_until(wake.unwrap_or_else(|| Instant::now() + Duration::from_secs(3600)).into());
            tokio::select! {
                job = jobs.recv() => match job {
                    Some(job) => self.ready(job, false),
                    None => return,
                },
                Some((job, outcome)) = done.recv() => self.finished(job, outcome),
                _ = sleep => {}
                _ = &mut stopped => return,
            }
        }
    }

    /// Starts every read that may start now; when the next may (if any waits).
    fn dispatch(&mut self, done: &mpsc::UnboundedSender<(Job, Outcome)>) -> Option<Instant> {
        let now = Instant::now();
        while self.waiting.peek().is_some_and(|Reverse(w)| w.at <= now) {
            if let Some(Reverse(w)) = self.waiting.pop() {
                self.ready(w.job, false);
            }
        }
        let mut wake = self.waiting.peek().map(|Reverse(w)| w.at);
        'slots: while self.in_flight < self.config.concurrency && !self.ready.is_empty() {
            // The lanes in turn, starting after the one served last.
            let lanes: Vec<Lane> = match self.turn {
                Some(last) => self
                    .ready
                    .range((std::ops::Bound::Excluded(last), std::ops::Bound::Unbounded))
                    .chain(self.ready.range(..=last))
                    .map(|(lane, _)| *lane)
                    .collect(),
                None => self.ready.keys().copied().collect(),
            };
            for lane in lanes {
                let bucket = self.buckets.entry(lane.1).or_insert_with(|| Bucket::full(self.config.budget, now));
                match bucket.take(self.config.budget, now) {
                    Ok(()) => {
                        let Some(queue) = self.ready.get_mut(&lane) else { continue };
                        let Some(job) = queue.pop_front() else { continue };
                        if queue.is_empty() {
                            self.ready.remove(&lane);
                        }
                        self.turn = Some(lane);
                        self.start(job, done.clone());
                        continue 'slots;
                    }
                    Err(next) => wake = Some(wake.map_or(next, |w| w.min(next))),
                }
            }
            break;
        }
        self.forget_idle_buckets(now);
        wake
    }

    /// Buckets of keys with nothing to read that have filled up again are
    /// forgotten, so the map holds only keys in use.
    fn forget_idle_buckets(&mut self, now: Instant) {
        if self.buckets.len() > self.ready.len() + 64 {
            let (ready, budget) = (&self.ready, self.config.budget);
            self.buckets.retain(|key, b| !b.is_idle(budget, now) || ready.keys().any(|(_, k)| k == key));
        }
    }

    fn start(&mut self, job: Job, done: mpsc::UnboundedSender<(Job, Outcome)>) {
        self.in_flight += 1;
        let (store, api, config) = (self.store.clone(), self.api.clone(), self.config);
        tokio::spawn(async move {
            let read = job.read.clone();
            let outcome = tokio::task::spawn_blocking(move || try_once(&store, &api, &config, &read))
                .await
                .unwrap_or(Outcome::Failed);
            let _ = done.send((job, outcome));
        });
    }

    fn finished(&mut self, mut job: Job, outcome: Outcome) {
        self.in_flight = self.in_flight.saturating_sub(1);
        match outcome {
            Outcome::Settled => {}
            Outcome::RateLimited(wait) => {
                let wait = wait.unwrap_or(self.config.default_retry_after);
                self.buckets
                    .entry(job.key)
                    .or_insert_with(|| Bucket::full(self.config.budget, Instant::now()))
                    .close_for(wait, Instant::now());
                self.ready(job, true);
            }
            Outcome::Failed => {
                job.read.attempts += 1;
                let pause = retry_pause(&self.config, job.read.attempts, job.read.created_unix, jitter());
                self.wait(job, pause);
            }
        }
    }
}

/// A number in [0, 1) for the jitter.
fn jitter() -> f64 {
    getrandom::u64().map(|n| (n >> 11) as f64 / (1u64 << 53) as f64).unwrap_or(0.5)
}

/// The pause before the next try after `attempts` failures: doubling from
/// `first_retry` up to `longest_retry`, between half and all of it
/// (`jitter` in [0, 1)), and never past the give-up time (the last try is
/// made then).
fn retry_pause(config: &ReaderConfig, attempts: u32, created_unix: i64, jitter: f64) -> Duration {
    let doubled = config.first_retry.saturating_mul(1u32 << attempts.saturating_sub(1).min(20));
    let full = doubled.min(config.longest_retry);
    let pause = full.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0));
    let left = Duration::from_secs(
        (created_unix.saturating_add(config.give_up_after.as_secs() as i64) - now_unix()).max(0) as u64,
    );
    pause.min(left)
}

enum TryError {
    Dixa(ReadError),
    /// The queue has no IVR, or its IVR no Dixa API key (any more).
    NoKey,
    Database(String),
}

impl std::fmt::Display for TryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TryError::Dixa(e) => e.fmt(f),
            TryError::NoKey => f.write_str("the queue's IVR has no Dixa API key"),
            TryError::Database(e) => write!(f, "database: {e}"),
        }
    }
}

/// One try, on the blocking pool: the key, the call, and what the database
/// keeps of the outcome.
fn try_once(store: &Store, api: &DixaApi, config: &ReaderConfig, read: &PendingRead) -> Outcome {
    // Its own statement: the connection's guard is dropped at the end of
    // it, before Dixa is called (a slow Dixa must not hold the database).
    let key = queries::find_ivr(&store.conn(), read.company, &read.queue_id);
    let result = key
        .map_err(|e| TryError::Database(e.to_string()))
        .and_then(|m| m.map(|m| m.dixa_api_key).filter(|k| !k.is_empty()).ok_or(TryError::NoKey))
        .and_then(|key| api.read_p_gap(&key, &read.csid).map_err(TryError::Dixa));
    match result {
        Ok(rating) => match pending_pgap::settle(&mut store.conn(), read.member_id, rating) {
            Ok(()) => {
                tracing::info!(member = read.member_id, failed_tries = read.attempts, "P-GAP read from Dixa");
                Outcome::Settled
            }
            Err(e) => {
                tracing::warn!(member = read.member_id, error = %e, "P-GAP read but not stored; trying again later");
                Outcome::Failed
            }
        },
        Err(TryError::Dixa(ReadError::RateLimited(wait))) => Outcome::RateLimited(wait),
        Err(e @ (TryError::NoKey | TryError::Dixa(ReadError::Status(400 | 401 | 403) | ReadError::UnusableKey))) => {
            give_up(store, read, &e);
            Outcome::Settled
        }
        Err(e) => {
            let attempts = read.attempts + 1;
            if now_unix().saturating_sub(read.created_unix) >= config.give_up_after.as_secs() as i64 {
                give_up(store, read, &format!("still failing after {attempts} tries ({e})"));
                return Outcome::Settled;
            }
            tracing::warn!(
                member = read.member_id, csid = ?read.csid, failed_tries = attempts, error = %e,
                "P-GAP not read from Dixa; will try again"
            );
            if let Err(e) = pending_pgap::record_failure(&store.conn(), read.member_id, attempts) {
                tracing::error!(member = read.member_id, error = %e, "cannot count the failed P-GAP read");
            }
            Outcome::Failed
        }
    }
}

fn give_up(store: &Store, read: &PendingRead, why: &dyn std::fmt::Display) {
    tracing::warn!(
        member = read.member_id, csid = ?read.csid, queue = ?read.queue_id, error = %why,
        "P-GAP read from Dixa given up; the member stays without an agent rating"
    );
    if let Err(e) = pending_pgap::settle(&mut store.conn(), read.member_id, None) {
        tracing::error!(member = read.member_id, error = %e, "cannot end the P-GAP read");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_with_jitter_up_to_the_longest_and_stop_at_the_give_up_time() {
        let config = ReaderConfig {
            first_retry: Duration::from_secs(2),
            longest_retry: Duration::from_secs(60),
            give_up_after: Duration::from_secs(3600),
            ..ReaderConfig::default()
        };
        let now = now_unix();
        assert_eq!(retry_pause(&config, 1, now, 0.999_999), Duration::from_secs(2).mul_f64(0.999_999_5));
        assert_eq!(retry_pause(&config, 1, now, 0.0), Duration::from_secs(1));
        assert_eq!(retry_pause(&config, 3, now, 0.0), Duration::from_secs(4));
        assert_eq!(retry_pause(&config, 30, now, 0.0), Duration::from_secs(30), "capped, no overflow");
        // Ten seconds before the give-up time: the last try comes then.
        assert_eq!(retry_pause(&config, 30, now - 3590, 0.0), Duration::from_secs(10));
        assert_eq!(retry_pause(&config, 30, now - 7200, 0.5), Duration::ZERO);
    }

    #[test]
    fn jitter_spreads_the_pauses() {
        let samples: Vec<f64> = (0..64).map(|_| jitter()).collect();
        assert!(samples.iter().all(|j| (0.0..1.0).contains(j)));
        assert!(samples.windows(2).any(|w| w[0] != w[1]), "{samples:?}");
    }
}
