//! Hook: a paged list fetched for a key (who is looked up, and how it is
//! filtered), as the card shows the customer's history and the Personal Page.
//!
//! The hook owns the request: a new key aborts the running one and sends
//! its own at once (Leptos' resources would wait for the running future),
//! and an answer is applied only while the key it was asked for is current.
//! It also owns the retry notice, the pages after the first, how many
//! responses are visible, and cancellation when its owner goes away.
//!
//! Views made per conversation read [`PagedFeed::state`] through
//! [`super::use_scoped`], so they leave nothing subscribed behind.

use feedback_core::api_error::{LoadError, RetryNotice};
use feedback_core::model::{Paged, SurveyResponse};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use web_sys::{AbortController, AbortSignal};

/// Responses shown before the agent asks for more: keeps the first view
/// of the card about 400 px tall.
pub const FIRST_VIEW_ITEMS: usize = 3;
/// Responses added per "show more".
pub const MORE_STEP: usize = 10;

/// Reports automatic retries of a request (`None`: not waiting).
pub type Notify = Rc<dyn Fn(Option<RetryNotice>)>;
/// One page, for a key, page number and abort signal.
pub type PageFuture<P> = Pin<Box<dyn Future<Output = Result<P, LoadError>>>>;

/// Everything the views read about the list.
#[derive(Clone, Debug, PartialEq)]
pub struct Feed<P> {
    /// The first page's answer; while `pending`, an earlier key's answer
    /// that the new key may keep showing (another filter of the same customer).
    /// Its responses are not in it: they moved into `loaded` (none is copied).
    pub answer: Option<Result<P, LoadError>>,
    pub pending: bool,
    /// The first page waits to be tried again.
    pub retry: Option<RetryNotice>,
    /// Every response fetched so far, the first page's and the later
    /// pages', each shared (showing more copies pointers, not responses).
    pub loaded: Rows,
    /// How many of `loaded` the first page brought.
    pub first_len: usize,
    /// Last page fetched after the first (0: none).
    pub more_page: u32,
    pub more_has_more: bool,
    pub more_loading: bool,
    pub more_failed: bool,
    pub more_retry: Option<RetryNotice>,
    /// How many responses are shown.
    pub visible: usize,
}

/// The responses fetched for one answer. Compared by identity: a new
/// page makes a new `Rows` with the same `epoch`, a new answer a new epoch.
#[derive(Clone, Debug, Default)]
pub struct Rows {
    pub items: Arc<Vec<Arc<SurveyResponse>>>,
    /// Which answer the rows belong to: rows shown for an epoch are kept
    /// while later pages of the same epoch are added.
    pub epoch: u32,
}

impl PartialEq for Rows {
    fn eq(&self, other: &Self) -> bool {
        self.epoch == other.epoch && Arc::ptr_eq(&self.items, &other.items)
    }
}

impl Rows {
    fn new(items: Vec<SurveyResponse>) -> Self {
        static EPOCH: AtomicU32 = AtomicU32::new(1);
        let items = Arc::new(items.into_iter().map(Arc::new).collect());
        Rows { items, epoch: EPOCH.fetch_add(1, Ordering::Relaxed) }
    }

    fn extended(&self, more: Vec<SurveyResponse>) -> Self {
        let items = self.items.iter().cloned().chain(more.into_iter().map(Arc::new)).collect();
        Rows { items: Arc::new(items), epoch: self.epoch }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// A list as the views show it. The rows are shared and compared by
/// identity, so a write that only flips a flag compares a few numbers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListView {
    /// The first `shown` of these are on screen.
    pub rows: Rows,
    pub shown: usize,
    pub total: u64,
    pub has_more: bool,
    pub loading: bool,
    pub failed: bool,
    /// Seconds until a failed page is tried again.
    pub retry_in: Option<u32>,
}

impl<P: Paged> Feed<P> {
    fn new(answer: Option<Result<P, LoadError>>) -> Self {
        Feed {
            pending: answer.is_some(),
            answer,
            retry: None,
            loaded: Rows::default(),
            first_len: 0,
            more_page: 0,
            more_has_more: false,
            more_loading: false,
            more_failed: false,
            more_retry: None,
            visible: FIRST_VIEW_ITEMS,
        }
    }

    /// The first page, when it has arrived for the current key.
    pub fn page(&self) -> Option<&P> {
        self.answer.as_ref().and_then(|a| a.as_ref().ok())
    }

    fn loaded(&self) -> usize {
        self.loaded.len()
    }

    /// How many responses are shown (none while the list is pending).
    fn shown(&self) -> usize {
        match (self.pending, self.page()) {
            (false, Some(_)) => self.visible.min(self.loaded()),
            _ => 0,
        }
    }

    fn server_has_more(&self) -> bool {
        if self.more_page > 0 {
            self.more_has_more
        } else {
            self.page().is_some_and(P::has_more)
        }
    }

    /// Whether "show more" has anything left, loaded or on the server.
    pub fn has_more(&self) -> bool {
        self.visible < self.loaded() || self.server_has_more()
    }

    /// Where loading the list stands, for the card's live region.
    pub fn progress(&self) -> Progress {
        match (&self.answer, self.pending) {
            (Some(Err(e)), false) => Progress::Failed(e.clone()),
            (Some(Ok(p)), false) => match (self.more_loading, &self.more_retry, self.more_failed) {
                (true, Some(n), _) => Progress::Retrying(n.clone()),
                (true, None, _) => Progress::LoadingMore,
                (false, _, true) => Progress::MoreFailed,
                _ => Progress::Loaded { total: p.total(), shown: self.shown() },
            },
            _ => self.retry.clone().map_or(Progress::Loading, Progress::Retrying),
        }
    }

    /// What the list's "show more" row shows.
    pub fn list(&self) -> ListView {
        ListView {
            rows: self.loaded.clone(),
            shown: self.shown(),
            total: self.page().map_or(0, P::total),
            has_more: self.has_more(),
            loading: self.more_loading,
            failed: self.more_failed,
            retry_in: self.more_retry.as_ref().map(|n| n.seconds),
        }
    }
}

/// Where loading a list stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    /// Waiting for the host's parameters.
    Connecting,
    Loading,
    /// Waits to try again by itself.
    Retrying(RetryNotice),
    Failed(LoadError),
    Loaded {
        total: u64,
        shown: usize,
    },
    LoadingMore,
    MoreFailed,
}

/// The feed's state, read-only for the views. The hook's own signal behind
/// it, not a `ReadSignal` of it: one signal type's code per feed, not two.
pub struct FeedState<P: Send + Sync + 'static>(RwSignal<Feed<P>>);

impl<P: Send + Sync> Clone for FeedState<P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P: Send + Sync> Copy for FeedState<P> {}

impl<P: Send + Sync + 'static> FeedState<P> {
    /// Reads the state, and follows it in a reactive context.
    pub fn with<R>(&self, read: impl FnOnce(&Feed<P>) -> R) -> R {
        self.0.with(read)
    }

    /// Reads the state without following it.
    pub fn with_untracked<R>(&self, read: impl FnOnce(&Feed<P>) -> R) -> R {
        self.0.with_untracked(read)
    }
}

/// The list, and what the agent can do with it.
pub struct PagedFeed<P: Send + Sync + 'static> {
    pub state: FeedState<P>,
    /// Shows more responses, fetching the next page when needed.
    pub load_more: Callback<()>,
    /// Fetches the first page again (after an error).
    pub refetch: Callback<()>,
}

impl<P: Send + Sync> Clone for PagedFeed<P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P: Send + Sync> Copy for PagedFeed<P> {}

/// What a feed's closures share, in one stored value (less storage code per
/// feed than one each): the key the state is for, the fetch, and the first
/// page's request and the next page's, each abortable.
struct Shared<K, F> {
    current: Option<K>,
    fetch: Rc<F>,
    requests: [Option<AbortController>; 2],
}

/// What a new key keeps of the old key's list while its own loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Keep {
    /// Another list: start empty (skeleton).
    Nothing,
    /// A list of the same subject (another filter): its first page's
    /// header stays, the rows wait for the new answer.
    Answer,
    /// The same list (a new token for the same customer): everything
    /// stays on screen, nothing flashes.
    All,
}

/// What a feed loads (`None`: nothing yet), read in the feed's effect. A
/// boxed closure rather than a `Signal`: the card's keys are derived from
/// its parameters, and a `Signal` of each key type would bring its own
/// wrapper code into the bundle.
pub struct FeedKey<K>(Box<dyn Fn() -> Option<K>>);

impl<K> FeedKey<K> {
    pub fn new(read: impl Fn() -> Option<K> + 'static) -> Self {
        FeedKey(Box::new(read))
    }
}

impl<K: Clone + Send + Sync + 'static> From<RwSignal<Option<K>>> for FeedKey<K> {
    fn from(key: RwSignal<Option<K>>) -> Self {
        FeedKey::new(move || key.get())
    }
}

/// `key`: what to load. `fetch(key, page, abort,
/// notify)`: one page. `keeps(old, new)`: what of the old key's list
/// stays on screen while the new one loads.
pub fn use_paged_feed<K, P>(
    key: FeedKey<K>,
    fetch: impl Fn(K, u32, AbortSignal, Notify) -> PageFuture<P> + 'static,
    keeps: fn(&K, &K) -> Keep,
) -> PagedFeed<P>
where
    K: Clone + PartialEq + Send + Sync + 'static,
    P: Paged + Clone + Send + Sync + 'static,
{
    let state = RwSignal::new(Feed::<P>::new(None));
    let shared = StoredValue::new_local(Shared { current: None::<K>, fetch: Rc::new(fetch), requests: [None, None] });
    let abort = move |slot: usize| {
        if let Some(Some(c)) = shared.try_update_value(|s| s.requests[slot].take()) {
            c.abort();
        }
    };
    // Starts a request in `slot`; `apply` runs with its result only if it
    // was not aborted meanwhile (a newer key or request, or unmounted).
    let start = move |slot: usize, page: u32, notify: Notify, apply: Box<dyn FnOnce(Result<P, LoadError>)>| {
        // Whatever comes next, the running request is for an older key.
        abort(slot);
        let Some((Some(k), fetch)) = shared.try_with_value(|s| (s.current.clone(), s.fetch.clone())) else {
            return;
        };
        let Ok(controller) = AbortController::new() else { return };
        let signal = controller.signal();
        shared.update_value(|s| s.requests[slot] = Some(controller));
        let future = fetch(k, page, signal.clone(), notify);
        leptos::task::spawn_local(async move {
            let result = future.await;
            if !signal.aborted() {
                let _ = shared.try_update_value(|s| s.requests[slot] = None);
                apply(result);
            }
        });
    };
    let load_first = move || {
        let notify: Notify = Rc::new(move |n| {
            // try_update: the card may be gone when a retry reports.
            let _ = state.try_update(|s| s.retry = n);
        });
        start(
            0,
            1,
            notify,
            Box::new(move |mut result: Result<P, LoadError>| {
                // The first page's responses move into the shared rows.
                let items = result.as_mut().map_or_else(|_| Vec::new(), P::take_items);
                let _ = state.try_update(|s| {
                    // A refresh of the same list (a new token) keeps the
                    // rows already shown when the answer brings them again.
                    let same = result.is_ok()
                        && !s.pending
                        && s.page().is_some()
                        && s.first_len == items.len()
                        && s.loaded.items.iter().zip(&items).all(|(old, new)| **old == *new);
                    if !same {
                        s.first_len = items.len();
                        s.loaded = if result.is_ok() { Rows::new(items) } else { Rows::default() };
                        s.more_page = 0;
                        s.more_has_more = false;
                        s.visible = FIRST_VIEW_ITEMS;
                    }
                    s.answer = Some(result);
                    s.pending = false;
                    s.retry = None;
                });
            }),
        );
    };

    Effect::new(move |previous: Option<Option<K>>| {
        let k = (key.0)();
        if previous.as_ref() != Some(&k) {
            abort(1);
            let keep = match (shared.with_value(|s| s.current.clone()), &k) {
                // An error or a pending list is not kept as if current.
                (Some(old), Some(new)) if state.with_untracked(|s| !s.pending && s.page().is_some()) => {
                    keeps(&old, new)
                }
                (Some(old), Some(new)) => keeps(&old, new).min(Keep::Answer),
                _ => Keep::Nothing,
            };
            shared.update_value(|s| s.current = k.clone());
            match keep {
                // The same list asked for again: what is shown stays, and
                // is replaced only if the answer differs.
                Keep::All => state.update(|s| {
                    s.more_loading = false;
                    s.more_retry = None;
                }),
                Keep::Answer => state.update(|s| *s = Feed::new(s.answer.take())),
                Keep::Nothing => state.update(|s| *s = Feed::new(None)),
            }
            load_first();
        }
        k
    });

    let refetch = Callback::new(move |()| {
        abort(1);
        state.set(Feed::new(None));
        load_first();
    });

    let load_more = Callback::new(move |()| {
        let (wanted, fetch_next, busy, page) = state.with_untracked(|s| {
            let wanted = s.visible + MORE_STEP;
            (wanted, wanted > s.loaded() && s.server_has_more(), s.more_loading || s.pending, s.more_page.max(1) + 1)
        });
        if !fetch_next {
            state.update(|s| s.visible = wanted);
            return;
        }
        if busy {
            return;
        }
        state.update(|s| {
            s.more_loading = true;
            s.more_failed = false;
        });
        let notify: Notify = Rc::new(move |n| {
            let _ = state.try_update(|s| s.more_retry = n);
        });
        // The visible count rises only with the responses to show: a
        // failed page leaves it (and the list) as it was.
        let apply = Box::new(move |result: Result<P, LoadError>| {
            let _ = state.try_update(|s| {
                s.more_loading = false;
                s.more_retry = None;
                match result {
                    Ok(p) => {
                        s.more_has_more = p.has_more();
                        s.loaded = s.loaded.extended(p.into_items());
                        s.more_page = page;
                        s.visible = wanted;
                    }
                    Err(_) => s.more_failed = true,
                }
            });
        });
        start(1, page, notify, apply);
    });

    // Unmounted: nothing may keep running (requests, retry waits).
    on_cleanup(move || {
        abort(0);
        abort(1);
    });

    PagedFeed { state: FeedState(state), load_more, refetch }
}
