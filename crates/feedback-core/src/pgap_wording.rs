//! P-GAP in the agent's words.
//!
//! Two different statements hide in a P-GAP summary: **bias**, the signed
//! mean (do the guesses lean one way?), and **accuracy**, the mean absolute
//! gap (how far off are they?). A signed mean near 0 says there is no lean,
//! not that the guesses are right: guesses 4 too high and 4 too low average
//! to 0 while being 4 off. So the sentence names the lean only when there is
//! one, and the size of the miss whenever it is more than the lean explains.

use crate::digits;
use crate::i18n::{fill, Texts};
use crate::pgap::{signed_gap, PgapSummary};

/// Mean absolute gap, in tenths, up to which the guesses count as close.
pub const CLOSE_WITHIN: i64 = 5;
/// Signed mean (either way), in tenths, from which the guesses lean.
pub const LEANS_FROM: i64 = 5;
/// How much the mean absolute gap must exceed the lean, in tenths, to be said too.
pub const SPREAD_BEYOND: i64 = 5;

/// What a P-GAP summary says about the agent's guesses. The means are
/// rounded to the tenth the card shows, so what is said about a number
/// holds for the number as shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reading {
    /// No response rated by both the agent and the customer.
    NoData,
    /// Off by at most [`CLOSE_WITHIN`] tenths on average.
    Close { within: f64 },
    /// Leaning one way: `by` is the signed mean (positive: too high);
    /// `off` the mean absolute gap when it is well beyond the lean.
    Leans { by: f64, off: Option<f64> },
    /// Off by `off` on average, with no lean: as often too high as too low.
    Scattered { off: f64 },
}

/// (mean absolute gap, signed mean) in tenths, when the summary has both
/// and they make sense: the one gate for the tile and the sentence alike.
/// Whole tenths because the thresholds sit on values floats cannot hold
/// (1.9 − 1.4 is 0.4999… in binary).
fn tenths(p: &PgapSummary) -> Option<(i64, i64)> {
    let (off, by) = (p.average_absolute?, p.average_signed?);
    // 11 and beyond cannot be a mean of 0–10 gaps: nonsense, not a number to round.
    let sane = |v: f64| v.is_finite() && v.abs() <= 10.0;
    if !sane(off) || !sane(by) || off < 0.0 {
        return None;
    }
    Some(((off * 10.0).round() as i64, (by * 10.0).round() as i64))
}

fn from_tenths(t: i64) -> f64 {
    t as f64 / 10.0
}

/// The P-GAP tile's figure (mean absolute gap, to a tenth); `None`
/// exactly when the sentence says there is no P-GAP yet.
pub fn tile(p: &PgapSummary) -> Option<f64> {
    tenths(p).map(|(off, _)| from_tenths(off))
}

/// Reads a summary (see the module text for why bias and accuracy differ).
pub fn reading(p: &PgapSummary) -> Reading {
    let Some((off, by)) = tenths(p) else {
        return Reading::NoData;
    };
    if off <= CLOSE_WITHIN {
        Reading::Close { within: from_tenths(off) }
    } else if by.abs() >= LEANS_FROM {
        Reading::Leans { by: from_tenths(by), off: (off - by.abs() >= SPREAD_BEYOND).then_some(from_tenths(off)) }
    } else {
        Reading::Scattered { off: from_tenths(off) }
    }
}

/// The Personal Page's sentence; `number` formats a mean for the locale.
pub fn sentence(t: &Texts, p: &PgapSummary, number: impl Fn(f64) -> String) -> String {
    match reading(p) {
        Reading::NoData => t.pgap_none.to_owned(),
        Reading::Close { within } => fill(t.pgap_close, &[("n", &number(within))]),
        Reading::Scattered { off } => fill(t.pgap_scattered, &[("n", &number(off))]),
        Reading::Leans { by, off } => {
            let template = match (by > 0.0, off.is_some()) {
                (true, false) => t.pgap_overestimate,
                (false, false) => t.pgap_underestimate,
                (true, true) => t.pgap_over_and_off,
                (false, true) => t.pgap_under_and_off,
            };
            fill(template, &[("n", &number(by.abs())), ("off", &off.map(&number).unwrap_or_default())])
        }
    }
}

/// A gap with its sign: "+2", "−2" (a real minus sign), "0".
pub fn signed(gap: i8) -> String {
    match gap {
        g if g > 0 => ["+", &digits::unsigned(g.unsigned_abs().into())].concat(),
        g if g < 0 => ["\u{2212}", &digits::unsigned(g.unsigned_abs().into())].concat(),
        _ => "0".into(),
    }
}

/// One response's P-GAP for the customer's history: "P-GAP +2 · agent
/// guessed 8, customer 6"; only the guess while the customer has not rated.
pub fn response_label(t: &Texts, agent: Option<u8>, customer: Option<u8>) -> Option<String> {
    let guess = digits::unsigned(agent?.into());
    Some(match (signed_gap(agent, customer), customer) {
        (Some(gap), Some(score)) => fill(
            t.pgap_response,
            &[("gap", &signed(gap)), ("guess", &guess), ("score", &digits::unsigned(score.into()))],
        ),
        _ => fill(t.pgap_guess, &[("guess", &guess)]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{DA, EN};

    fn summary(off: f64, by: f64) -> PgapSummary {
        PgapSummary { average_absolute: Some(off), average_signed: Some(by), count: 2 }
    }

    fn en(p: &PgapSummary) -> String {
        sentence(&EN, p, |n| format!("{n:.1}"))
    }

    #[test]
    fn guesses_off_both_ways_are_not_called_accurate() {
        // 4 too high once, 4 too low once: no lean, but 4 off.
        let p = PgapSummary::from_pairs([(Some(10), Some(6)), (Some(2), Some(6))]);
        assert_eq!(reading(&p), Reading::Scattered { off: 4.0 });
        assert_eq!(en(&p), "Your guesses are off by 4.0 on average, as often too high as too low.");
    }

    #[test]
    fn a_lean_is_named_with_its_size() {
        assert_eq!(en(&summary(1.4, 1.4)), "You tend to overestimate by 1.4.");
        assert_eq!(en(&summary(2.5, -2.5)), "You tend to underestimate by 2.5.");
        assert_eq!(
            sentence(&DA, &summary(1.4, 1.4), |n| format!("{n:.1}").replace('.', ",")),
            "Du overvurderer typisk med 1,4."
        );
    }

    #[test]
    fn a_lean_with_a_wider_miss_says_both() {
        assert_eq!(en(&summary(3.0, 1.0)), "You tend to overestimate by 1.0; your guesses are off by 3.0 on average.");
        assert_eq!(
            en(&summary(3.0, -2.0)),
            "You tend to underestimate by 2.0; your guesses are off by 3.0 on average."
        );
    }

    #[test]
    fn close_guesses_say_how_close() {
        assert_eq!(en(&summary(0.0, 0.0)), "Your guesses are close (within 0.0 on average).");
        assert_eq!(en(&summary(0.5, 0.5)), "Your guesses are close (within 0.5 on average).");
    }

    #[test]
    fn boundaries() {
        // Close up to and including 0.5 off.
        assert!(matches!(reading(&summary(0.5, -0.5)), Reading::Close { .. }));
        assert!(matches!(reading(&summary(0.6, 0.0)), Reading::Scattered { .. }));
        // A lean from 0.5 either way.
        assert_eq!(reading(&summary(0.6, 0.5)), Reading::Leans { by: 0.5, off: None });
        assert_eq!(reading(&summary(0.6, -0.5)), Reading::Leans { by: -0.5, off: None });
        assert!(matches!(reading(&summary(0.6, 0.4)), Reading::Scattered { .. }));
        // The miss is said when it exceeds the lean by 0.5 or more.
        assert_eq!(reading(&summary(2.0, 1.5)), Reading::Leans { by: 1.5, off: Some(2.0) });
        assert_eq!(reading(&summary(1.9, 1.5)), Reading::Leans { by: 1.5, off: None });
    }

    /// Boundaries that floats miss: 1.9 − 1.4 is 0.4999… in binary.
    #[test]
    fn boundaries_hold_in_tenths() {
        assert_eq!(reading(&summary(1.9, 1.4)), Reading::Leans { by: 1.4, off: Some(1.9) });
        assert_eq!(reading(&summary(1.9, -1.4)), Reading::Leans { by: -1.4, off: Some(1.9) });
        assert_eq!(en(&summary(1.9, 1.4)), "You tend to overestimate by 1.4; your guesses are off by 1.9 on average.");
        assert_eq!(reading(&summary(2.3, 1.8)), Reading::Leans { by: 1.8, off: Some(2.3) });
        assert_eq!(reading(&summary(0.7, 0.2)), Reading::Scattered { off: 0.7 });
        // Every pair of tenths on either side of each threshold.
        for off in 0..=100i64 {
            for by in -off..=off {
                let r = reading(&summary(off as f64 / 10.0, by as f64 / 10.0));
                let expected = if off <= 5 {
                    "close"
                } else if by.abs() >= 5 {
                    if off - by.abs() >= 5 {
                        "leans, off"
                    } else {
                        "leans"
                    }
                } else {
                    "scattered"
                };
                let got = match r {
                    Reading::Close { .. } => "close",
                    Reading::Leans { off: Some(_), .. } => "leans, off",
                    Reading::Leans { off: None, .. } => "leans",
                    Reading::Scattered { .. } => "scattered",
                    Reading::NoData => "no data",
                };
                assert_eq!(got, expected, "off {off}, by {by} tenths");
            }
        }
    }

    /// What is said about a mean holds for the mean as shown (to a tenth):
    /// 0.54 shows as 0.5, which is close.
    #[test]
    fn the_sentence_speaks_of_the_numbers_shown() {
        assert_eq!(reading(&summary(0.54, 0.0)), Reading::Close { within: 0.5 });
        assert_eq!(en(&summary(0.54, 0.0)), "Your guesses are close (within 0.5 on average).");
        assert_eq!(reading(&summary(0.56, 0.0)), Reading::Scattered { off: 0.6 });
        assert_eq!(reading(&summary(0.9, 0.46)), Reading::Leans { by: 0.5, off: None });
        assert_eq!(reading(&summary(1.0, 0.44)), Reading::Scattered { off: 1.0 });
        // Means of a few responses: 7 off over 3 is 2.333…, 2 over 3 is 0.666….
        let p = PgapSummary::from_pairs([(Some(9), Some(6)), (Some(7), Some(8)), (Some(8), Some(5))]);
        assert_eq!(reading(&p), Reading::Leans { by: 1.7, off: Some(2.3) });
        assert_eq!(tile(&p), Some(2.3));
    }

    /// The tile shows a figure exactly when the sentence has something to say.
    #[test]
    fn tile_and_sentence_agree() {
        let no_sign = PgapSummary { average_absolute: Some(1.5), average_signed: None, count: 2 };
        assert_eq!(tile(&no_sign), None);
        assert!(en(&no_sign).starts_with("No P-GAP yet"));
        let no_size = PgapSummary { average_absolute: None, average_signed: Some(1.5), count: 2 };
        assert_eq!(tile(&no_size), None);
        assert!(en(&no_size).starts_with("No P-GAP yet"));
        for p in [
            summary(1.5, 1.0),
            summary(0.0, 0.0),
            summary(-1.0, 0.0),
            summary(f64::NAN, 0.0),
            summary(1.0, f64::INFINITY),
            summary(1e300, 1.0),
            PgapSummary::default(),
        ] {
            assert_eq!(tile(&p).is_some(), reading(&p) != Reading::NoData, "{p:?}");
        }
        assert_eq!(tile(&summary(1.46, 1.0)), Some(1.5));
    }

    #[test]
    fn nothing_to_say_without_data_or_with_nonsense() {
        assert_eq!(reading(&PgapSummary::default()), Reading::NoData);
        assert_eq!(reading(&summary(f64::NAN, 0.0)), Reading::NoData);
        assert_eq!(reading(&summary(-1.0, 0.0)), Reading::NoData);
        assert_eq!(
            reading(&PgapSummary { average_absolute: Some(1.0), average_signed: None, count: 1 }),
            Reading::NoData
        );
        assert!(en(&PgapSummary::default()).starts_with("No P-GAP yet"));
    }

    #[test]
    fn response_labels_name_the_pgap() {
        assert_eq!(
            response_label(&EN, Some(8), Some(10)).as_deref(),
            Some("P-GAP \u{2212}2 · agent guessed 8, customer 10")
        );
        assert_eq!(response_label(&EN, Some(8), Some(6)).as_deref(), Some("P-GAP +2 · agent guessed 8, customer 6"));
        assert_eq!(response_label(&EN, Some(7), Some(7)).as_deref(), Some("P-GAP 0 · agent guessed 7, customer 7"));
        assert_eq!(response_label(&DA, Some(8), Some(6)).as_deref(), Some("P-GAP +2 · agenten gættede 8, kunden 6"));
        assert_eq!(response_label(&EN, Some(8), None).as_deref(), Some("Agent guessed 8"));
        assert_eq!(response_label(&EN, None, Some(8)), None);
    }
}
