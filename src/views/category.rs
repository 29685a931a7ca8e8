//! A score's NPS category as the views name it: in words and as the class
//! suffix that colours it ("none" for no score or one outside 0–10).

use feedback_core::i18n::Texts;
use feedback_core::nps::Category;

pub fn slug(score: Option<u8>) -> &'static str {
    match score.and_then(Category::of) {
        Some(Category::Promoter) => "promoter",
        Some(Category::Passive) => "passive",
        Some(Category::Detractor) => "detractor",
        None => "none",
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
