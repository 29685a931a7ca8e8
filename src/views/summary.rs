//! Score badges and the summary tiles: category always in words and colour.

use crate::format;
use crate::views::trend::Trend;
use feedback_core::i18n::{self, Texts};
use feedback_core::model::Summary;
use feedback_core::nps::Category;
use leptos::prelude::*;

pub fn category_word(t: &'static Texts, c: Category) -> &'static str {
    match c {
        Category::Promoter => t.promoter,
        Category::Passive => t.passive,
        Category::Detractor => t.detractor,
    }
}

pub fn category_slug(c: Option<Category>) -> &'static str {
    match c {
        Some(Category::Promoter) => "promoter",
        Some(Category::Passive) => "passive",
        Some(Category::Detractor) => "detractor",
        None => "none",
    }
}

/// A 0–10 score in its category's colour ("–" when unanswered).
#[component]
pub fn ScoreBadge(score: Option<u8>, #[prop(optional)] large: bool) -> impl IntoView {
    let slug = category_slug(score.and_then(Category::of));
    let class = format!("score score--{slug}{}", if large { " score--large" } else { "" });
    view! { <span class=class>{score.map(|s| s.to_string()).unwrap_or_else(|| "–".into())}</span> }
}

/// "Promoters 2 · Passives 1 · Detractors 1" (no plural grammar needed).
#[component]
pub fn CategoryCounts(summary: Summary, texts: &'static Texts) -> impl IntoView {
    view! {
        <p class="counts">
            <span class="counts__item counts__item--promoter">{texts.promoters}" "<b>{summary.promoters}</b></span>
            <span class="counts__item counts__item--passive">{texts.passives}" "<b>{summary.passives}</b></span>
            <span class="counts__item counts__item--detractor">{texts.detractors}" "<b>{summary.detractors}</b></span>
        </p>
    }
}

/// NPS and its response count.
#[component]
pub fn NpsTile(summary: Summary, texts: &'static Texts) -> impl IntoView {
    let value = summary.nps.map(format::nps).unwrap_or_else(|| "–".into());
    let count = i18n::responses(texts, summary.response_count);
    view! {
        <div class="tile" data-testid="nps">
            <span class="tile__label">{texts.nps}</span>
            <span class="tile__value">{value}</span>
            <span class="tile__hint">{count}</span>
        </div>
    }
}

/// The customer's standing: latest score, NPS, counts, trend.
#[component]
pub fn CustomerSummary(summary: Summary, texts: &'static Texts) -> impl IntoView {
    let latest = summary.last_rating;
    let latest_word = latest.and_then(Category::of).map(|c| category_word(texts, c)).unwrap_or(texts.no_score_yet);
    view! {
        <section class="summary" aria-label=texts.latest_score>
            <div class="summary__tiles">
                <div class="tile" data-testid="latest">
                    <span class="tile__label">{texts.latest_score}</span>
                    <span class="tile__value tile__value--score">
                        <ScoreBadge score=latest large=true />
                        <span class=format!("category category--{}", category_slug(latest.and_then(Category::of)))>{latest_word}</span>
                    </span>
                </div>
                <NpsTile summary=summary.clone() texts=texts />
            </div>
            <div class="summary__row">
                <CategoryCounts summary=summary.clone() texts=texts />
                <Trend scores=summary.recent_ratings.clone() texts=texts />
            </div>
        </section>
    }
}
