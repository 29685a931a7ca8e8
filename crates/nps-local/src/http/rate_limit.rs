//! Sliding-window counters: nps.today's documented limit (calls per second
//! per API key, counted here per key and client address, so one noisy
//! caller does not lock out the rest), and failed logins per client address
//! (so keys cannot be guessed at speed).

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most `max` events per `window` for each key.
pub struct Window<K> {
    max: usize,
    window: Duration,
    events: Mutex<HashMap<K, VecDeque<Instant>>>,
}

/// Entries kept before idle ones are dropped, so a stream of new client
/// addresses cannot grow the map without bound.
const PRUNE_ABOVE: usize = 10_000;

impl<K: Hash + Eq + Clone> Window<K> {
    pub fn new(max: usize, window: Duration) -> Self {
        Self { max, window, events: Mutex::new(HashMap::new()) }
    }

    pub fn max(&self) -> usize {
        self.max
    }

    fn recent<'a>(
        events: &'a mut HashMap<K, VecDeque<Instant>>,
        key: &K,
        now: Instant,
        window: Duration,
    ) -> &'a mut VecDeque<Instant> {
        if events.len() > PRUNE_ABOVE {
            events.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < window));
        }
        let recent = events.entry(key.clone()).or_default();
        while recent.front().is_some_and(|t| now.duration_since(*t) >= window) {
            recent.pop_front();
        }
        recent
    }

    /// `Err(seconds to wait)` when `key` is at its limit, without counting.
    pub fn check(&self, key: &K) -> Result<(), u64> {
        let now = Instant::now();
        let mut events = self.events.lock().unwrap_or_else(|p| p.into_inner());
        let recent = Self::recent(&mut events, key, now, self.window);
        match recent.front() {
            Some(oldest) if recent.len() >= self.max => {
                let wait = self.window.saturating_sub(now.duration_since(*oldest));
                Err(wait.as_secs_f64().ceil().max(1.0) as u64)
            }
            _ => Ok(()),
        }
    }

    /// Counts one event for `key`.
    pub fn record(&self, key: &K) {
        let now = Instant::now();
        let mut events = self.events.lock().unwrap_or_else(|p| p.into_inner());
        Self::recent(&mut events, key, now, self.window).push_back(now);
    }

    /// Checks and, when within the limit, counts.
    pub fn hit(&self, key: &K) -> Result<(), u64> {
        let now = Instant::now();
        let mut events = self.events.lock().unwrap_or_else(|p| p.into_inner());
        let recent = Self::recent(&mut events, key, now, self.window);
        if let Some(oldest) = recent.front().filter(|_| recent.len() >= self.max) {
            let wait = self.window.saturating_sub(now.duration_since(*oldest));
            return Err(wait.as_secs_f64().ceil().max(1.0) as u64);
        }
        recent.push_back(now);
        Ok(())
    }
}

/// Calls per second, per (company, client address).
pub type RateLimiter = Window<(i64, IpAddr)>;

/// Failed logins per client address.
pub type AuthThrottle = Window<IpAddr>;

pub fn calls_per_second(per_second: usize) -> RateLimiter {
    Window::new(per_second, Duration::from_secs(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eleventh_call_within_a_second_is_refused_per_key_and_client() {
        let limiter = calls_per_second(10);
        let (here, there) = (IpAddr::from([127, 0, 0, 1]), IpAddr::from([127, 0, 0, 2]));
        for _ in 0..10 {
            assert!(limiter.hit(&(1, here)).is_ok());
        }
        assert_eq!(limiter.hit(&(1, here)), Err(1));
        assert!(limiter.hit(&(2, here)).is_ok(), "keys are limited separately");
        assert!(limiter.hit(&(1, there)).is_ok(), "clients are limited separately");
    }

    #[test]
    fn failures_lock_out_an_address_for_the_rest_of_the_window() {
        let throttle: AuthThrottle = Window::new(3, Duration::from_secs(60));
        let ip = IpAddr::from([10, 0, 0, 1]);
        for _ in 0..3 {
            assert!(throttle.check(&ip).is_ok());
            throttle.record(&ip);
        }
        let wait = throttle.check(&ip).expect_err("locked out");
        assert!((59..=60).contains(&wait), "{wait}");
        assert!(throttle.check(&IpAddr::from([10, 0, 0, 2])).is_ok());
    }
}
