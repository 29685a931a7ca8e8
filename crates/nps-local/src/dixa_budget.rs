//! Dixa's API budget, one token bucket per Dixa API key: Dixa allows 10
//! requests a second per key with a burst of 4 and answers 429 with
//! `Retry-After` beyond that. Calls are spent from the bucket before they
//! are made, so the reader stays within the budget instead of learning it
//! from refusals; a 429 that comes anyway empties the bucket until the time
//! Dixa named.

use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Budget {
    pub per_second: f64,
    pub burst: f64,
}

impl Default for Budget {
    fn default() -> Self {
        Budget { per_second: 10.0, burst: 4.0 }
    }
}

/// One key's bucket.
#[derive(Debug, Clone)]
pub struct Bucket {
    tokens: f64,
    at: Instant,
    /// Dixa said to wait until then (`Retry-After`).
    closed_until: Option<Instant>,
}

impl Bucket {
    pub fn full(budget: Budget, now: Instant) -> Bucket {
        Bucket { tokens: budget.burst, at: now, closed_until: None }
    }

    fn refill(&mut self, budget: Budget, now: Instant) {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * budget.per_second).min(budget.burst);
        self.at = now;
    }

    /// Spends one call, or says when the next one may be made.
    pub fn take(&mut self, budget: Budget, now: Instant) -> Result<(), Instant> {
        if let Some(until) = self.closed_until {
            if now < until {
                return Err(until);
            }
            // Refilled from empty since `until` (see `close_for`).
            self.closed_until = None;
        }
        self.refill(budget, now);
        // The tolerance absorbs the rounding of many small refills.
        if self.tokens >= 1.0 - 1e-9 {
            self.tokens -= 1.0;
            return Ok(());
        }
        let missing = (1.0 - self.tokens) / budget.per_second.max(f64::MIN_POSITIVE);
        Err(now + Duration::from_secs_f64(missing.min(3600.0)))
    }

    /// Dixa refused a call (429): nothing more until `wait` has passed, and
    /// then the bucket fills from empty.
    pub fn close_for(&mut self, wait: Duration, now: Instant) {
        let until = self.closed_until.map_or(now + wait, |u| u.max(now + wait));
        self.closed_until = Some(until);
        self.tokens = 0.0;
        self.at = until;
    }

    /// Whether the bucket is full again (it can be forgotten).
    pub fn is_idle(&self, budget: Budget, now: Instant) -> bool {
        self.closed_until.is_none_or(|u| now >= u)
            && self.tokens + now.saturating_duration_since(self.at).as_secs_f64() * budget.per_second >= budget.burst
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_four_then_ten_a_second() {
        let budget = Budget::default();
        let t0 = Instant::now();
        let mut b = Bucket::full(budget, t0);
        for _ in 0..4 {
            assert!(b.take(budget, t0).is_ok());
        }
        let next = b.take(budget, t0).expect_err("burst spent");
        assert_eq!(next.duration_since(t0).as_millis(), 100);
        // Over one second after the burst: ten more calls, not eleven.
        let mut calls = 0;
        for ms in (0..1000).step_by(10) {
            if b.take(budget, t0 + Duration::from_millis(ms)).is_ok() {
                calls += 1;
            }
        }
        assert_eq!(calls, 9, "one every 100 ms from 100 ms to 900 ms");
    }

    #[test]
    fn retry_after_closes_the_bucket_until_then() {
        let budget = Budget::default();
        let t0 = Instant::now();
        let mut b = Bucket::full(budget, t0);
        b.close_for(Duration::from_secs(3), t0);
        assert_eq!(b.take(budget, t0 + Duration::from_millis(2999)), Err(t0 + Duration::from_secs(3)));
        assert!(!b.is_idle(budget, t0 + Duration::from_secs(1)));
        // Reopened empty: the first call after the pause waits for a token.
        assert!(b.take(budget, t0 + Duration::from_secs(3)).is_err());
        assert!(b.take(budget, t0 + Duration::from_millis(3100)).is_ok());
    }
}
