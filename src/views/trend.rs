//! The last scores as a small inline SVG line (no chart library).

use crate::hooks::use_texts;
use crate::views::category;
use crate::views::reactive::text;
use feedback_core::digits;
use feedback_core::i18n::fill;
use leptos::prelude::*;

/// `scores`: oldest first.
#[component]
pub fn Trend(scores: Vec<u8>) -> impl IntoView {
    // Nothing for fewer than two scores (an Option, not a boxed view).
    (scores.len() >= 2).then(|| trend(scores))
}

fn trend(scores: Vec<u8>) -> impl IntoView {
    // Integer coordinates in a ×10 viewBox: formatting floats would pull
    // Rust's float printing into the bundle for nothing. The view's size is
    // written out in the attributes below.
    let (w, h, pad) = (1200_i32, 360_i32, 40_i32);
    let number = |v: i32| digits::signed(v.into());
    let step = (w - 2 * pad) / (scores.len() as i32 - 1);
    let point = |i: usize, s: u8| (pad + i as i32 * step, pad + (10 - i32::from(s)) * (h - 2 * pad) / 10);
    let path: String = scores
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (x, y) = point(i, *s);
            [if i == 0 { "M" } else { " L" }, &number(x), ",", &number(y)].concat()
        })
        .collect();
    let mut list = String::new();
    for (i, &s) in scores.iter().enumerate() {
        list.push_str(if i == 0 { "" } else { ", " });
        list.push_str(&digits::unsigned(s.into()));
    }
    let count = digits::unsigned(scores.len() as u64);
    let t = use_texts();
    let label = text(move || fill(t.get().trend_label, &[("n", &count), ("scores", &list)]));
    // The promoter (9) and detractor (6) boundaries as faint guides.
    let guide = |score: u8| {
        let y = point(0, score).1;
        view! { <line class="trend__guide" x1="0" x2="1200" y1=number(y) y2=number(y) /> }
    };
    view! {
        <svg class="trend" viewBox="0 0 1200 360" width="120" height="36" role="img" aria-label=label>
            {guide(9)}
            {guide(6)}
            <path class="trend__line" d=path />
            {scores
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let (x, y) = point(i, *s);
                    view! { <circle class=category::classes(Some(*s)).dot cx=number(x) cy=number(y) r="26" /> }
                })
                .collect_view()}
        </svg>
    }
}
