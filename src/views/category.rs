//! A score's NPS category as the views name it: in words and as the classes
//! that colour it (suffix "none" for no score or one outside 0–10).

use feedback_core::i18n::Texts;
use feedback_core::nps::Category;

/// The classes that colour a score's parts, written out: static text, so
/// no class string is built per row (and no `String` class code ships).
pub struct Classes {
    /// `response response--…`
    pub response: &'static str,
    /// `category category--…`
    pub category: &'static str,
    /// `dot dot--…`
    pub dot: &'static str,
    /// `score score--…`
    pub score: &'static str,
    /// `score score--… score--large`
    pub large_score: &'static str,
}

macro_rules! classes {
    ($slug:literal) => {
        Classes {
            response: concat!("response response--", $slug),
            category: concat!("category category--", $slug),
            dot: concat!("dot dot--", $slug),
            score: concat!("score score--", $slug),
            large_score: concat!("score score--", $slug, " score--large"),
        }
    };
}

pub fn classes(score: Option<u8>) -> &'static Classes {
    const PROMOTER: Classes = classes!("promoter");
    const PASSIVE: Classes = classes!("passive");
    const DETRACTOR: Classes = classes!("detractor");
    const NONE: Classes = classes!("none");
    match score.and_then(Category::of) {
        Some(Category::Promoter) => &PROMOTER,
        Some(Category::Passive) => &PASSIVE,
        Some(Category::Detractor) => &DETRACTOR,
        None => &NONE,
    }
}

/// The category of `score` in words, if it has one.
pub fn word(t: &'static Texts, score: Option<u8>) -> Option<&'static str> {
    Some(match score.and_then(Category::of)? {
        Category::Promoter => t.promoter,
        Category::Passive => t.passive,
        Category::Detractor => t.detractor,
    })
}
