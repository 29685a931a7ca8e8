//! P-GAP: the perception gap between how satisfied the agent thought the
//! customer was (the agent's 0–10 rating, Dixa's `p_gap` attribute) and
//! the customer's own 0–10 rating.
//!
//! Signed gap = agent rating − customer rating: positive means the agent
//! overestimated the customer's satisfaction, negative underestimated.
//! The size of the gap is its absolute value.

use serde::{Deserialize, Serialize};

/// The signed gap of one response, when both sides rated it.
pub fn signed_gap(agent_rating: Option<u8>, customer_rating: Option<u8>) -> Option<i8> {
    match (agent_rating, customer_rating) {
        (Some(a), Some(c)) if a <= 10 && c <= 10 => Some(a as i8 - c as i8),
        _ => None,
    }
}

/// P-GAP over a set of responses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PgapSummary {
    /// Mean of |agent − customer|: how far off the guesses are.
    #[serde(deserialize_with = "crate::lenient::float")]
    pub average_absolute: Option<f64>,
    /// Mean of (agent − customer): which way they lean.
    #[serde(deserialize_with = "crate::lenient::float")]
    pub average_signed: Option<f64>,
    /// Responses rated by both the agent and the customer.
    #[serde(deserialize_with = "crate::lenient::count")]
    pub count: u64,
}

impl PgapSummary {
    pub fn from_pairs(pairs: impl IntoIterator<Item = (Option<u8>, Option<u8>)>) -> Self {
        let (mut abs, mut signed, mut n) = (0i64, 0i64, 0u64);
        for g in pairs.into_iter().filter_map(|(a, c)| signed_gap(a, c)) {
            abs += i64::from(g.unsigned_abs());
            signed += i64::from(g);
            n += 1;
        }
        if n == 0 {
            return PgapSummary::default();
        }
        PgapSummary {
            average_absolute: Some(abs as f64 / n as f64),
            average_signed: Some(signed as f64 / n as f64),
            count: n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_gap_is_agent_minus_customer() {
        assert_eq!(signed_gap(Some(9), Some(6)), Some(3));
        assert_eq!(signed_gap(Some(4), Some(10)), Some(-6));
        assert_eq!(signed_gap(Some(7), Some(7)), Some(0));
        assert_eq!(signed_gap(None, Some(7)), None);
        assert_eq!(signed_gap(Some(7), None), None);
        assert_eq!(signed_gap(Some(11), Some(7)), None);
    }

    #[test]
    fn summary_averages_size_and_sign() {
        // gaps: +3, -1, 0, +2 (and one unrated pair skipped)
        let s = PgapSummary::from_pairs([
            (Some(9), Some(6)),
            (Some(7), Some(8)),
            (Some(5), Some(5)),
            (Some(10), Some(8)),
            (None, Some(3)),
        ]);
        assert_eq!(s.count, 4);
        assert_eq!(s.average_absolute, Some(6.0 / 4.0));
        assert_eq!(s.average_signed, Some(4.0 / 4.0));
    }

    #[test]
    fn summary_direction_and_empty() {
        let under = PgapSummary::from_pairs([(Some(5), Some(9)), (Some(6), Some(7))]);
        assert_eq!(under.average_signed, Some(-2.5));
        let even = PgapSummary::from_pairs([(Some(5), Some(7)), (Some(9), Some(7))]);
        assert_eq!(even.average_absolute, Some(2.0));
        assert_eq!(even.average_signed, Some(0.0));
        let none = PgapSummary::from_pairs([(None, Some(3))]);
        assert_eq!(none, PgapSummary::default());
    }
}
