//! Sliding-window counters: nps.today's documented limit (calls per second
//! per API key, counted here per key and client network, so one noisy
//! caller does not lock out the rest), and failed logins per client network
//! and per presented key (so keys cannot be guessed at speed, and a
//! misconfigured sender is slowed down without locking out the others
//! that share its address).
//!
//! Every map is bounded: past `MAX_ENTRIES` keys, idle ones are dropped,
//! then the least recently seen.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most `max` events per `window` for each key.
pub struct Window<K> {
    max: usize,
    window: Duration,
    capacity: usize,
    events: Mutex<HashMap<K, VecDeque<Instant>>>,
}

/// Keys kept at most, so a stream of new client addresses or keys cannot
/// grow a map without bound.
pub const MAX_ENTRIES: usize = 10_000;

/// A client as the counters see it: an IPv4 address, or an IPv6 /64 (one
/// host usually holds a whole /64, so counting its addresses one by one
/// would let it sidestep every limit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientNet(IpAddr);

impl ClientNet {
    pub fn of(ip: IpAddr) -> ClientNet {
        match ip {
            IpAddr::V4(_) => ClientNet(ip),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientNet(IpAddr::V4(v4)),
                None => {
                    let s = v6.segments();
                    ClientNet(IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0)))
                }
            },
        }
    }
}

impl<K: Hash + Eq + Clone> Window<K> {
    pub fn new(max: usize, window: Duration) -> Self {
        Self::bounded(max, window, MAX_ENTRIES)
    }

    /// At most `capacity` keys tracked.
    pub fn bounded(max: usize, window: Duration, capacity: usize) -> Self {
        Self { max, window, capacity: capacity.max(1), events: Mutex::new(HashMap::new()) }
    }

    /// Keys tracked now.
    pub fn len(&self) -> usize {
        self.events.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn max(&self) -> usize {
        self.max
    }

    fn recent<'a>(
        events: &'a mut HashMap<K, VecDeque<Instant>>,
        key: &K,
        now: Instant,
        window: Duration,
        capacity: usize,
    ) -> &'a mut VecDeque<Instant> {
        if events.len() >= capacity && !events.contains_key(key) {
            events.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < window));
            if events.len() >= capacity {
                // All busy: the least recently seen half goes (amortised:
                // the next evictions are that many insertions away).
                let mut last_seen: Vec<Instant> = events.values().filter_map(|q| q.back().copied()).collect();
                let middle = last_seen.len() / 2;
                let (_, cut, _) = last_seen.select_nth_unstable(middle);
                let cut = *cut;
                events.retain(|_, q| q.back().is_some_and(|t| *t > cut));
            }
        }
        let recent = events.entry(key.clone()).or_default();
        while recent.front().is_some_and(|t| now.duration_since(*t) >= window) {
            recent.pop_front();
        }
        recent
    }

    /// Checks and, when within the limit, counts.
    pub fn hit(&self, key: &K) -> Result<(), u64> {
        let now = Instant::now();
        let mut events = self.events.lock().unwrap_or_else(|p| p.into_inner());
        let recent = Self::recent(&mut events, key, now, self.window, self.capacity);
        if let Some(oldest) = recent.front().filter(|_| recent.len() >= self.max) {
            let wait = self.window.saturating_sub(now.duration_since(*oldest));
            return Err(wait.as_secs_f64().ceil().max(1.0) as u64);
        }
        recent.push_back(now);
        Ok(())
    }
}

/// Calls per second, per (company, client network).
pub type RateLimiter = Window<(i64, ClientNet)>;

/// A presented credential's fingerprint: its SHA-256, cut to 16 bytes (the
/// credential itself is not kept).
pub type Fingerprint = [u8; 16];

pub fn fingerprint(credential: &str) -> Fingerprint {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(credential.as_bytes());
    let mut f = [0u8; 16];
    f.copy_from_slice(&digest[..16]);
    f
}

/// Failed logins, per client network and per presented credential. A valid
/// credential is never refused by it: it only decides whether a failure
/// answers 401 or 429.
pub struct AuthThrottle {
    by_client: Window<ClientNet>,
    by_credential: Window<Fingerprint>,
}

impl AuthThrottle {
    pub fn new(max: usize, window: Duration) -> Self {
        AuthThrottle { by_client: Window::new(max, window), by_credential: Window::new(max, window) }
    }

    /// Counts a failure of `credential` (if one was presented) from `client`,
    /// in one step with the check: `Err(seconds to wait)` when either is past the limit.
    pub fn failed(&self, client: IpAddr, credential: Option<&str>) -> Result<(), u64> {
        let by_client = self.by_client.hit(&ClientNet::of(client));
        let by_credential = credential.map_or(Ok(()), |c| self.by_credential.hit(&fingerprint(c)));
        match (by_client, by_credential) {
            (Ok(()), Ok(())) => Ok(()),
            (Err(a), Err(b)) => Err(a.max(b)),
            (Err(w), _) | (_, Err(w)) => Err(w),
        }
    }
}

pub fn calls_per_second(per_second: usize) -> RateLimiter {
    Window::new(per_second, Duration::from_secs(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eleventh_call_within_a_second_is_refused_per_key_and_client() {
        let limiter = calls_per_second(10);
        let (here, there) = (ClientNet::of(IpAddr::from([127, 0, 0, 1])), ClientNet::of(IpAddr::from([127, 0, 0, 2])));
        for _ in 0..10 {
            assert!(limiter.hit(&(1, here)).is_ok());
        }
        assert_eq!(limiter.hit(&(1, here)), Err(1));
        assert!(limiter.hit(&(2, here)).is_ok(), "keys are limited separately");
        assert!(limiter.hit(&(1, there)).is_ok(), "clients are limited separately");
    }

    #[test]
    fn failures_are_counted_per_network_and_per_credential() {
        let throttle = AuthThrottle::new(3, Duration::from_secs(60));
        let ip = IpAddr::from([10, 0, 0, 1]);
        for i in 0..3 {
            assert!(throttle.failed(ip, Some(&format!("guess-{i}"))).is_ok());
        }
        let wait = throttle.failed(ip, Some("guess-3")).expect_err("the address is past its limit");
        assert!((59..=60).contains(&wait), "{wait}");
        assert!(throttle.failed(IpAddr::from([10, 0, 0, 2]), Some("other")).is_ok(), "another address");
        // One wrong key from many addresses: counted on the key.
        for n in 0..3u8 {
            assert!(throttle.failed(IpAddr::from([10, 1, 0, n]), Some("stale-key")).is_ok());
        }
        assert!(throttle.failed(IpAddr::from([10, 1, 0, 9]), Some("stale-key")).is_err());
    }

    #[test]
    fn an_ipv6_client_is_its_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(ClientNet::of(a), ClientNet::of(b));
        assert_ne!(ClientNet::of(a), ClientNet::of(other));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(ClientNet::of(mapped), ClientNet::of(IpAddr::from([10, 0, 0, 1])));
    }

    #[test]
    fn the_maps_stay_bounded_under_a_stream_of_new_keys() {
        let limiter: Window<u32> = Window::bounded(5, Duration::from_secs(60), 100);
        for k in 0..10_000 {
            assert!(limiter.hit(&k).is_ok());
            assert!(limiter.len() <= 100, "{} keys at {k}", limiter.len());
        }
        // The busiest recent key is still counted after the evictions.
        for _ in 0..4 {
            assert!(limiter.hit(&9_999).is_ok());
        }
        assert!(limiter.hit(&9_999).is_err());
    }
}
