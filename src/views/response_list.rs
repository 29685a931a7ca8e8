//! The customer's responses as a list: score, comment, date.

use crate::format::short_date;
use feedback_core::model::SurveyResponse;
use leptos::prelude::*;

#[component]
pub fn ResponseList(items: Vec<SurveyResponse>) -> impl IntoView {
    view! {
        <ul class="responses">
            {items
                .into_iter()
                .map(|r| {
                    let score = r.rating.map(|s| s.to_string()).unwrap_or_else(|| "–".into());
                    let date = r.when().and_then(|d| short_date(d, "en")).unwrap_or_default();
                    // Customer text is inserted as a text node, never as HTML.
                    let comment = r.comment.clone().unwrap_or_default();
                    view! {
                        <li class="response">
                            <span class="response__score">{score}</span>
                            <span class="response__comment">{comment}</span>
                            <time class="response__date">{date}</time>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
