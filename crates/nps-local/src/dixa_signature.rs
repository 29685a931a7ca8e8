//! Dixa's webhook signature: `X-DIXA-SIGNATURE: t=<unix seconds>,v1=<hex>`,
//! where `v1` is HMAC-SHA256 of `t + "." + raw body`, keyed with the
//! webhook subscription's secret (hex, decoded). A company that stored its
//! secret has every webhook checked: the signature must match (compared in
//! constant time) and `t` be within five minutes of now, so a captured
//! delivery cannot be replayed later.

use sha2::{Digest, Sha256};
use std::fmt;
use subtle::ConstantTimeEq;

/// How far `t` may be from now, either way (clocks drift; deliveries queue).
pub const TOLERANCE_SECS: i64 = 300;

#[derive(Debug, Clone, PartialEq)]
pub enum SignatureError {
    Missing,
    Malformed,
    /// `t` is this many seconds from now.
    Stale(i64),
    Mismatch,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::Missing => {
                f.write_str("the X-DIXA-SIGNATURE header is missing; this company's webhooks are signed")
            }
            SignatureError::Malformed => f.write_str("the X-DIXA-SIGNATURE header is not `t=<unix seconds>,v1=<hex>`"),
            SignatureError::Stale(off) => {
                write!(f, "the signature's time is {} s from now (at most {TOLERANCE_SECS} s)", off.abs())
            }
            SignatureError::Mismatch => f.write_str("the signature does not match the body"),
        }
    }
}

/// HMAC-SHA256 (RFC 2104) of the parts, one after another.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    for part in parts {
        inner.update(part);
    }
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// Bytes of a hex string (either case); `None` when it is not hex.
pub fn hex_decode(hex: &str) -> Option<Vec<u8>> {
    let hex = hex.trim();
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()).collect()
}

/// Whether a secret can be stored: hex, at least 16 bytes, at most 256.
pub fn check_secret(secret: &str) -> Result<(), String> {
    match hex_decode(secret) {
        Some(bytes) if (16..=256).contains(&bytes.len()) => Ok(()),
        Some(_) => Err("the webhook secret must be 32 to 512 hex digits".into()),
        None => Err("the webhook secret must be hex digits (as Dixa shows it)".into()),
    }
}

/// Checks `header` against `body` with the secret `secret_hex`, at `now` (Unix seconds).
pub fn verify(secret_hex: &str, header: Option<&str>, body: &[u8], now: i64) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let (mut t, mut v1) = (None, Vec::new());
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => t = Some(value.trim()),
            // Several v1 while a secret is being rolled: any may match.
            Some(("v1", value)) => v1.push(value.trim()),
            _ => {}
        }
    }
    let t_text = t.ok_or(SignatureError::Malformed)?;
    let t_secs: i64 = t_text.parse().map_err(|_| SignatureError::Malformed)?;
    if v1.is_empty() {
        return Err(SignatureError::Malformed);
    }
    let offset = now.saturating_sub(t_secs);
    if offset.abs() > TOLERANCE_SECS {
        return Err(SignatureError::Stale(offset));
    }
    let key = hex_decode(secret_hex).ok_or(SignatureError::Mismatch)?;
    let expected = hmac_sha256(&key, &[t_text.as_bytes(), b".", body]);
    let matches = v1.iter().filter_map(|v| hex_decode(v)).fold(subtle::Choice::from(0), |any, given| {
        // Lengths are public (a MAC's is fixed); only the bytes are compared in constant time.
        any | if given.len() == expected.len() { given.ct_eq(&expected) } else { subtle::Choice::from(0) }
    });
    if bool::from(matches) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// The header value for `body` at `t` (the preview and the tests sign with it).
pub fn sign(secret_hex: &str, t: i64, body: &[u8]) -> Option<String> {
    let key = hex_decode(secret_hex)?;
    let mac = hmac_sha256(&key, &[t.to_string().as_bytes(), b".", body]);
    Some(format!("t={t},v1={}", mac.iter().map(|b| format!("{b:02x}")).collect::<String>()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "8f3a1c9e5b7d2f4a6c8e0b1d3f5a7c9e";

    #[test]
    fn hmac_matches_rfc_4231() {
        let mac = hmac_sha256(&[0x0b; 20], &[b"Hi ", b"There"]);
        assert_eq!(hex_decode("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7").unwrap(), mac);
        // A key longer than a block is hashed first (test case 6).
        let mac = hmac_sha256(&[0xaa; 131], &[b"Test Using Larger Than Block-Size Key - Hash Key First"]);
        assert_eq!(hex_decode("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54").unwrap(), mac);
    }

    #[test]
    fn a_signed_body_passes_and_every_change_fails() {
        let body = br#"{"event_id":"e1"}"#;
        let now = 1_760_000_000;
        let header = sign(SECRET, now - 10, body).unwrap();
        assert_eq!(verify(SECRET, Some(&header), body, now), Ok(()));
        assert_eq!(verify(SECRET, Some(&header), br#"{"event_id":"e2"}"#, now), Err(SignatureError::Mismatch));
        let other = "00".repeat(16);
        assert_eq!(verify(&other, Some(&header), body, now), Err(SignatureError::Mismatch));
        // The time is signed too: changing it breaks the signature.
        let moved = header.replacen(&format!("t={}", now - 10), &format!("t={}", now - 9), 1);
        assert_eq!(verify(SECRET, Some(&moved), body, now), Err(SignatureError::Mismatch));
        assert_eq!(verify(SECRET, Some(&header), body, now + 400), Err(SignatureError::Stale(410)));
        assert_eq!(verify(SECRET, None, body, now), Err(SignatureError::Missing));
        for bad in ["", "t=1", "v1=00", "t=x,v1=00", "garbage"] {
            assert_eq!(verify(SECRET, Some(bad), body, now), Err(SignatureError::Malformed), "{bad}");
        }
        assert_eq!(verify(SECRET, Some(&format!("t={now},v1=zz")), body, now), Err(SignatureError::Mismatch));
        // Several v1 (a secret being rolled): one matching is enough.
        let rolled = format!("{header},v1={}", "ab".repeat(32));
        assert_eq!(verify(SECRET, Some(&rolled), body, now), Ok(()));
    }

    #[test]
    fn secrets_are_hex_of_a_sensible_length() {
        assert!(check_secret(SECRET).is_ok());
        assert!(check_secret("abc").is_err());
        assert!(check_secret("zz".repeat(16).as_str()).is_err());
        assert!(check_secret(&"ab".repeat(300)).is_err());
    }
}
