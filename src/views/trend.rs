//! The last scores as a small inline SVG line (no chart library).

use crate::hooks::use_texts;
use crate::views::category;
use crate::views::reactive::text;
use feedback_core::i18n::fill;
use leptos::prelude::*;

/// `scores`: oldest first.
#[component]
pub fn Trend(scores: Vec<u8>) -> impl IntoView {
    if scores.len() < 2 {
        return ().into_any();
    }
    // Integer coordinates in a ×10 viewBox: formatting floats would pull
    // Rust's float printing into the bundle for nothing.
    let (w, h, pad) = (1200_i32, 360_i32, 40_i32);
    let step = (w - 2 * pad) / (scores.len() as i32 - 1);
    let point = |i: usize, s: u8| (pad + i as i32 * step, pad + (10 - i32::from(s)) * (h - 2 * pad) / 10);
    let path: String = scores
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (x, y) = point(i, *s);
            format!("{}{x},{y}", if i == 0 { "M" } else { " L" })
        })
        .collect();
    let list = scores.iter().map(u8::to_string).collect::<Vec<_>>().join(", ");
    let count = scores.len().to_string();
    let t = use_texts();
    let label = text(move || fill(t.get().trend_label, &[("n", &count), ("scores", &list)]));
    // The promoter (9) and detractor (6) boundaries as faint guides.
    let guide = |score: u8| {
        let y = point(0, score).1;
        view! { <line class="trend__guide" x1="0" x2=w.to_string() y1=y.to_string() y2=y.to_string() /> }
    };
    view! {
        <svg class="trend" viewBox=format!("0 0 {w} {h}") width=(w / 10).to_string() height=(h / 10).to_string() role="img" aria-label=label>
            {guide(9)}
            {guide(6)}
            <path class="trend__line" d=path />
            {scores
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let (x, y) = point(i, *s);
                    view! { <circle class=format!("dot dot--{}", category::slug(Some(*s))) cx=x.to_string() cy=y.to_string() r="26" /> }
                })
                .collect_view()}
        </svg>
    }
    .into_any()
}
