//! The last scores as a small inline SVG line (no chart library).

use feedback_core::i18n::{fill, Texts};
use feedback_core::nps::Category;
use leptos::prelude::*;

fn category_class(score: u8) -> &'static str {
    match Category::of(score) {
        Some(Category::Promoter) => "dot dot--promoter",
        Some(Category::Passive) => "dot dot--passive",
        _ => "dot dot--detractor",
    }
}

/// `scores`: oldest first.
#[component]
pub fn Trend(scores: Vec<u8>, texts: &'static Texts) -> impl IntoView {
    if scores.len() < 2 {
        return ().into_any();
    }
    let (w, h, pad) = (120.0_f64, 36.0_f64, 4.0_f64);
    let step = (w - 2.0 * pad) / (scores.len() - 1) as f64;
    let point = |i: usize, s: u8| (pad + i as f64 * step, pad + (10.0 - f64::from(s)) / 10.0 * (h - 2.0 * pad));
    let path: String = scores
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (x, y) = point(i, *s);
            format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" })
        })
        .collect();
    let list = scores.iter().map(u8::to_string).collect::<Vec<_>>().join(", ");
    let label = fill(texts.trend_label, &[("n", &scores.len().to_string()), ("scores", &list)]);
    // The promoter (9) and detractor (6) boundaries as faint guides.
    let guide = |score: u8| {
        let y = point(0, score).1;
        view! { <line class="trend__guide" x1="0" x2=w.to_string() y1=format!("{y:.1}") y2=format!("{y:.1}") /> }
    };
    view! {
        <svg class="trend" viewBox=format!("0 0 {w} {h}") width=w.to_string() height=h.to_string() role="img" aria-label=label>
            {guide(9)}
            {guide(6)}
            <path class="trend__line" d=path />
            {scores
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let (x, y) = point(i, *s);
                    view! { <circle class=category_class(*s) cx=format!("{x:.1}") cy=format!("{y:.1}") r="2.6" /> }
                })
                .collect_view()}
        </svg>
    }
    .into_any()
}
