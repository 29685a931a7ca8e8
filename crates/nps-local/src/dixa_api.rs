//! Reads a conversation's P-GAP from Dixa's REST API.
//!
//! Dixa's Closed webhook carries no custom attributes, so nps.today asks
//! Dixa: `GET {base}/v1/conversations/{csid}` with `Authorization: <the IVR's
//! Dixa API key>` answers `{"data": {…, "customAttributes": [{identifier,
//! value}]}}`. The client is blocking (run it on the blocking pool) and every
//! call is bounded by one overall timeout, so a hanging Dixa cannot hold a
//! webhook answer.

use crate::dixa::p_gap_attribute;
use serde_json::Value;
use std::fmt;
use std::time::Duration;

/// Why a read did not give an answer. Never carries the API key.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// No answer: connection refused, reset, timed out.
    Unreachable(String),
    /// Dixa answered with this status.
    Status(u16),
    /// 429: past Dixa's budget for the key; `Retry-After` when it said one.
    RateLimited(Option<Duration>),
    /// A 2xx whose body is not the conversation JSON.
    Unreadable(String),
    /// The key cannot be sent at all (not a valid header value).
    UnusableKey,
}

impl ReadError {
    /// Waiting will not help: Dixa refused the key, or the key cannot be sent.
    /// The admin has to fix the IVR's key; everything else is tried again.
    pub fn is_final(&self) -> bool {
        matches!(self, ReadError::Status(400 | 401 | 403) | ReadError::UnusableKey)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Unreachable(why) => write!(f, "Dixa's API did not answer ({why})"),
            ReadError::Status(401 | 403) => f.write_str("Dixa refused the IVR's Dixa API key"),
            ReadError::Status(code) => write!(f, "Dixa's API answered {code}"),
            ReadError::RateLimited(Some(wait)) => write!(f, "Dixa's API asked to wait {} s (429)", wait.as_secs()),
            ReadError::RateLimited(None) => f.write_str("Dixa's API refused the call as over its budget (429)"),
            ReadError::Unreadable(why) => write!(f, "Dixa's answer is not a conversation ({why})"),
            ReadError::UnusableKey => f.write_str("the IVR's Dixa API key is not a valid header value"),
        }
    }
}

/// Dixa's API at one base URL.
pub struct DixaApi {
    base: String,
    agent: ureq::Agent,
}

impl DixaApi {
    /// `base` like `https://dev.dixa.io`; `timeout` bounds a whole call.
    pub fn new(base: &str, timeout: Duration) -> DixaApi {
        let agent = ureq::AgentBuilder::new().timeout(timeout).redirects(0).build();
        DixaApi { base: base.trim_end_matches('/').to_owned(), agent }
    }

    /// The conversation's P-GAP: `Ok(None)` when Dixa has none (or not a 0–10 one).
    pub fn read_p_gap(&self, api_key: &str, csid: &str) -> Result<Option<u8>, ReadError> {
        if api_key.is_empty() || api_key.bytes().any(|b| b.is_ascii_control() || b >= 0x80) {
            return Err(ReadError::UnusableKey);
        }
        let url = format!("{}/v1/conversations/{}", self.base, path_segment(csid));
        let response = match self.agent.get(&url).set("Authorization", api_key).set("Accept", "application/json").call()
        {
            Ok(r) => r,
            Err(ureq::Error::Status(429, r)) => {
                return Err(ReadError::RateLimited(retry_after(r.header("Retry-After"))))
            }
            Err(ureq::Error::Status(code, _)) => return Err(ReadError::Status(code)),
            Err(ureq::Error::Transport(t)) => return Err(ReadError::Unreachable(t.kind().to_string())),
        };
        let body = response.into_string().map_err(|e| ReadError::Unreadable(e.kind().to_string()))?;
        let conversation: Value =
            serde_json::from_str(&body).map_err(|e| ReadError::Unreadable(format!("not JSON: {e}")))?;
        let data = conversation
            .get("data")
            .filter(|d| d.is_object())
            .ok_or_else(|| ReadError::Unreadable("no `data` object".into()))?;
        Ok(data.get("customAttributes").or_else(|| data.get("custom_attributes")).and_then(p_gap_attribute))
    }
}

/// The longest `Retry-After` taken as said: a longer one is a mistake on
/// the other side, and waiting an hour is the most that is reasonable.
const LONGEST_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// `Retry-After` in seconds (the form Dixa sends); an HTTP date or anything
/// else unreadable is `None` (the caller waits its own pause).
fn retry_after(value: Option<&str>) -> Option<Duration> {
    let secs: u64 = value?.trim().parse().ok()?;
    Some(Duration::from_secs(secs).min(LONGEST_RETRY_AFTER))
}

/// Percent-encodes everything but letters, digits, `-`, `_` and `~`: a csid
/// from a webhook must not change the path it is put in (dots neither, so
/// `..` stays a name).
fn path_segment(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csid_cannot_escape_its_path_segment() {
        assert_eq!(path_segment("4711"), "4711");
        assert_eq!(path_segment("../admin?x=1"), "%2E%2E%2Fadmin%3Fx%3D1");
    }

    #[test]
    fn retry_after_is_read_in_seconds_and_bounded() {
        assert_eq!(retry_after(Some(" 3 ")), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(Some("99999999")), Some(LONGEST_RETRY_AFTER));
        assert_eq!(retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")), None);
        assert_eq!(retry_after(Some("-1")), None);
        assert_eq!(retry_after(None), None);
    }

    #[test]
    fn only_refusals_of_the_key_are_final() {
        assert!(ReadError::Status(401).is_final());
        assert!(ReadError::UnusableKey.is_final());
        assert!(!ReadError::Status(503).is_final());
        assert!(!ReadError::Status(404).is_final());
        assert!(!ReadError::RateLimited(None).is_final());
        assert!(!ReadError::Unreachable("timed out".into()).is_final());
    }

    #[test]
    fn a_key_that_cannot_be_a_header_is_not_sent() {
        let api = DixaApi::new("http://127.0.0.1:9", Duration::from_millis(100));
        assert_eq!(api.read_p_gap("line\nbreak", "1"), Err(ReadError::UnusableKey));
        assert_eq!(api.read_p_gap("", "1"), Err(ReadError::UnusableKey));
    }
}
