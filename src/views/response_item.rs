//! One survey in a list: score and category, comment (long ones collapse),
//! campaign, date, who handled it, P-GAP, or the survey's status.

use crate::format;
use crate::views::summary::{category_slug, category_word, ScoreBadge};
use feedback_core::i18n::{fill, Texts};
use feedback_core::model::{SurveyResponse, SurveyStatus};
use leptos::prelude::*;

/// Comments longer than this start collapsed.
const LONG_COMMENT_CHARS: usize = 180;

/// Whose list the item is in: the agent's own list shows the guess and the
/// customer's score side by side; the customer's shows who handled it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Perspective {
    Customer,
    Personal,
}

fn pgap_phrase(t: &'static Texts, gap: i8) -> String {
    match gap {
        0 => t.pgap_exact.to_owned(),
        g if g > 0 => fill(t.pgap_over, &[("n", &g.to_string())]),
        g => fill(t.pgap_under, &[("n", &(-g).to_string())]),
    }
}

#[component]
pub fn ResponseItem(response: SurveyResponse, texts: &'static Texts, perspective: Perspective) -> impl IntoView {
    let t = texts;
    let locale = t.locale_tag;
    let category = response.category();
    let slug = category_slug(category);
    let headline = match response.status() {
        SurveyStatus::Answered => category.map(|c| category_word(t, c)).unwrap_or_default(),
        SurveyStatus::Sent => t.status_sent,
        SurveyStatus::Bounced => t.status_bounced,
        SurveyStatus::DoNotContact => t.status_do_not_contact,
    };
    let when = response.when().map(str::to_owned);
    let relative = when.as_deref().and_then(|w| format::relative(w, locale));
    let exact = when.as_deref().and_then(|w| format::date_time(w, locale));
    let comment = response.comment.clone().filter(|c| !c.trim().is_empty());
    let long = comment.as_ref().is_some_and(|c| c.chars().count() > LONG_COMMENT_CHARS);
    let expanded = RwSignal::new(false);
    let handled_by =
        response.employee.as_ref().and_then(|e| e.display_name()).map(|name| fill(t.handled_by, &[("name", &name)]));
    let pgap = response.pgap();

    let comment_view = comment.map(|text| {
        view! {
            <p class="response__comment" class:response__comment--collapsed=move || long && !expanded.get()>{text}</p>
            {long.then(|| view! {
                <button type="button" class="link" aria-expanded=move || expanded.get().to_string() on:click=move |_| expanded.update(|e| *e = !*e)>
                    {move || if expanded.get() { t.show_less } else { t.show_more }}
                </button>
            })}
        }
    });

    let footer = match perspective {
        Perspective::Customer => {
            let guess = response.agent_rating.map(|g| {
                let text = fill(t.pgap_guess, &[("guess", &g.to_string())]);
                match pgap {
                    Some(gap) => format!("{text} · {}", pgap_phrase(t, gap)),
                    None => text,
                }
            });
            let parts: Vec<String> = handled_by.into_iter().chain(guess).collect();
            (!parts.is_empty()).then(|| view! { <p class="response__meta">{parts.join(" · ")}</p> }.into_any())
        }
        Perspective::Personal => response.agent_rating.map(|g| {
            view! {
                <p class="response__pair">
                    <span class="pair"><span class="pair__label">{t.you_guessed}</span><ScoreBadge score=Some(g) /></span>
                    <span class="pair"><span class="pair__label">{t.customer_said}</span><ScoreBadge score=response.rating /></span>
                    {pgap.map(|gap| view! { <span class="pair__gap">{pgap_phrase(t, gap)}</span> })}
                </p>
            }
            .into_any()
        }),
    };

    view! {
        <li class=format!("response response--{slug}") data-id=response.id.clone().unwrap_or_default()>
            <div class="response__head">
                <ScoreBadge score=response.rating />
                <div class="response__title">
                    <span class=format!("category category--{slug}")>{headline}</span>
                    {response.campaign_name.clone().map(|c| view! { <span class="response__campaign">{c}</span> })}
                </div>
                {relative.map(|r| view! { <time class="response__date" datetime=when.clone().unwrap_or_default() title=exact.clone().unwrap_or_default()>{r}</time> })}
            </div>
            {comment_view}
            {footer}
        </li>
    }
}
