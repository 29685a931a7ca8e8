//! Score badges and the summary tiles: category always in words and colour.

use crate::format;
use crate::hooks::{tr, use_texts};
use crate::views::category;
use crate::views::reactive::text;
use crate::views::trend::Trend;
use feedback_core::digits;
use feedback_core::model::Summary;
use leptos::prelude::*;

/// A 0–10 score in its category's colour ("–" when unanswered).
#[component]
pub fn ScoreBadge(score: Option<u8>, #[prop(optional)] large: bool) -> impl IntoView {
    let classes = category::classes(score);
    let class = if large { classes.large_score } else { classes.score };
    view! { <span class=class>{score.map_or_else(|| "–".into(), |s| digits::unsigned(s.into()))}</span> }
}

/// "Promoters 2 · Passives 1 · Detractors 1" (no plural grammar needed).
#[component]
pub fn CategoryCounts(summary: Summary) -> impl IntoView {
    let t = use_texts();
    let count = move |n: u64| text(move || format::integer(n as f64, t.get().locale_tag));
    view! {
        <p class="counts">
            <span class="counts__item counts__item--promoter">{tr(|t| t.promoters)}" "<b>{count(summary.promoters)}</b></span>
            <span class="counts__item counts__item--passive">{tr(|t| t.passives)}" "<b>{count(summary.passives)}</b></span>
            <span class="counts__item counts__item--detractor">{tr(|t| t.detractors)}" "<b>{count(summary.detractors)}</b></span>
        </p>
    }
}

/// NPS and its response count.
#[component]
pub fn NpsTile(summary: Summary) -> impl IntoView {
    let t = use_texts();
    let value = summary.nps.map(format::nps).unwrap_or_else(|| "–".into());
    let count = summary.response_count;
    view! {
        <div class="tile" data-testid="nps">
            <span class="tile__label">{tr(|t| t.nps)}</span>
            <span class="tile__value">{value}</span>
            <span class="tile__hint">{text(move || format::responses(t.get(), count))}</span>
        </div>
    }
}

/// The customer's standing: latest score, NPS, counts, trend.
#[component]
pub fn CustomerSummary(summary: Summary) -> impl IntoView {
    let t = use_texts();
    let latest = summary.last_rating;
    let waiting = summary.waiting_for_follow_up;
    view! {
        <section class="summary" aria-label=tr(|t| t.latest_score)>
            <div class="summary__tiles">
                <div class="tile" data-testid="latest">
                    <span class="tile__label">{tr(|t| t.latest_score)}</span>
                    <span class="tile__value tile__value--score">
                        <ScoreBadge score=latest large=true />
                        <span class=category::classes(latest).category>
                            {text(move || category::word(t.get(), latest).unwrap_or(t.get().no_score_yet).to_owned())}
                        </span>
                    </span>
                </div>
                <NpsTile summary=summary.clone() />
            </div>
            <div class="summary__row">
                <CategoryCounts summary=summary.clone() />
                <Trend scores=summary.recent_ratings />
            </div>
            <p class="waiting">
                {text(move || if waiting > 0 {
                    [t.get().fu_waiting, ": ", &format::integer(waiting as f64, t.get().locale_tag)].concat()
                } else {
                    String::new()
                })}
            </p>
        </section>
    }
}
