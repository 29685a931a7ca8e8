//! One survey in a list: score and category, comment (long ones collapse),
//! campaign, date, who handled it, P-GAP, or the survey's status.
//!
//! A row is made once per response and keeps its own state (an expanded
//! comment, focus on its button) while the list around it grows; its texts
//! follow the locale in place.

use crate::format;
use crate::hooks::{tr, use_clock, use_texts};
use crate::views::category;
use crate::views::follow_up::follow_up_part;
use crate::views::reactive::text;
use crate::views::summary::ScoreBadge;
use feedback_core::digits;
use feedback_core::i18n::fill;
use feedback_core::model::{SurveyResponse, SurveyStatus};
use feedback_core::pgap_wording;
use leptos::either::Either;
use leptos::prelude::*;
use std::sync::Arc;

/// Comments longer than this start collapsed.
const LONG_COMMENT_CHARS: usize = 180;

/// Whose list the item is in: the agent's own list shows the guess and the
/// customer's score side by side; the customer's shows who handled it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Perspective {
    Customer,
    Personal,
}

#[component]
pub fn ResponseItem(
    /// Shared with the feed's rows (not copied per row).
    #[prop(into)]
    response: Arc<SurveyResponse>,
    perspective: Perspective,
) -> impl IntoView {
    let t = use_texts();
    let clock = use_clock();
    let classes = category::classes(response.rating);
    let (rating, status) = (response.rating, response.status());
    let headline = text(move || {
        let word = match status {
            SurveyStatus::Answered => category::word(t.get(), rating).unwrap_or_default(),
            SurveyStatus::Sent => t.get().status_sent,
            SurveyStatus::Bounced => t.get().status_bounced,
            SurveyStatus::DoNotContact => t.get().status_do_not_contact,
        };
        word.to_owned()
    });
    let date = response.when().map(|when| {
        let when = when.to_owned();
        let (relative, exact) = (when.clone(), when.clone());
        let relative = text(move || {
            if let Some(clock) = clock {
                clock.track();
            }
            format::relative(&relative, t.get().locale_tag).unwrap_or_default()
        });
        let exact = text(move || format::date_time(&exact, t.get().locale_tag).unwrap_or_default());
        view! { <time class="response__date" datetime=when title=exact>{relative}</time> }
    });
    let comment = response.comment.clone().filter(|c| !c.trim().is_empty());
    let long = comment.as_ref().is_some_and(|c| c.chars().count() > LONG_COMMENT_CHARS);
    let expanded = RwSignal::new(false);
    let comment_view = comment.map(|body| {
        view! {
            // The whole class as one text: a class toggle would bring its own
            // rendering code into the bundle for this one use.
            <p class=text(move || {
                (if long && !expanded.get() { "response__comment response__comment--collapsed" } else { "response__comment" }).to_owned()
            })>{body}</p>
            {long.then(|| view! {
                <button type="button" class="link" aria-expanded=text(move || digits::boolean(expanded.get()).to_owned()) on:click=move |_| expanded.update(|e| *e = !*e)>
                    {text(move || (if expanded.get() { t.get().show_less } else { t.get().show_more }).to_owned())}
                </button>
            })}
        }
    });

    let (guess, gap) = (response.agent_rating, response.pgap());
    let footer = match perspective {
        Perspective::Customer => Either::Left({
            let handler = response.employee.as_ref().and_then(|e| e.display_name());
            (handler.is_some() || guess.is_some()).then(|| {
                let meta = text(move || {
                    let t = t.get();
                    let handled = handler.as_ref().map(|name| fill(t.handled_by, &[("name", name)]));
                    let label = pgap_wording::response_label(t, guess, rating);
                    match (handled, label) {
                        (Some(handled), Some(label)) => [handled.as_str(), " · ", &label].concat(),
                        (handled, label) => handled.or(label).unwrap_or_default(),
                    }
                });
                view! { <p class="response__meta">{meta}</p> }
            })
        }),
        Perspective::Personal => Either::Right(guess.map(|g| {
            view! {
                <p class="response__pair">
                    <span class="pair"><span class="pair__label">{tr(|t| t.you_guessed)}</span><ScoreBadge score=Some(g) /></span>
                    <span class="pair"><span class="pair__label">{tr(|t| t.customer_said)}</span><ScoreBadge score=rating /></span>
                    {gap.map(|gap| view! { <span class="pair__gap">{text(move || fill(t.get().pgap_short, &[("gap", &pgap_wording::signed(gap))]))}</span> })}
                </p>
            }
        })),
    };

    view! {
        <li class=classes.response data-id=response.id.clone().unwrap_or_default()>
            <div class="response__head">
                <ScoreBadge score=rating />
                <div class="response__title">
                    <span class=classes.category>{headline}</span>
                    {response.campaign_name.clone().map(|c| view! { <span class="response__campaign">{c}</span> })}
                </div>
                {date}
            </div>
            {comment_view}
            {footer}
            {follow_up_part(&response)}
        </li>
    }
}
