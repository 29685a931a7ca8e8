//! nps.today's documented limit: 10 calls per second per API key.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    per_second: usize,
    calls: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn new(per_second: usize) -> Self {
        Self { per_second, calls: Mutex::new(HashMap::new()) }
    }

    /// Counts a call for `key`; `Err(seconds to wait)` past the limit.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let window = Duration::from_secs(1);
        let mut calls = self.calls.lock().unwrap_or_else(|p| p.into_inner());
        let recent = calls.entry(key.to_owned()).or_default();
        while recent.front().is_some_and(|t| now.duration_since(*t) >= window) {
            recent.pop_front();
        }
        if recent.len() >= self.per_second {
            return Err(1);
        }
        recent.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eleventh_call_within_a_second_is_refused_per_key() {
        let limiter = RateLimiter::new(10);
        for _ in 0..10 {
            assert!(limiter.check("a").is_ok());
        }
        assert_eq!(limiter.check("a"), Err(1));
        assert!(limiter.check("b").is_ok(), "keys are limited separately");
    }
}
