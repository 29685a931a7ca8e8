//! The demo data set, loaded once into an empty database.
//!
//! Times are relative to the moment of loading so the preview always looks
//! recent. Covers: customers found by email only, by phone only and by
//! both (two respondent records), one with thousands of responses, one
//! with none; promoters, passives, detractors; English and Danish
//! comments; unanswered, bounced and do-not-contact surveys; agent ratings
//! for P-GAP; follow-ups open by rule, opened, in progress and closed, by
//! different agents.

use super::follow_up::{append_event, Status};
use super::queries::{self, IvrMapping, NewRespondent, NewResponse};
use crate::clock;
use rusqlite::Connection;

pub const DEMO_API_KEY: &str = "demo-api-key";

const DAY: i64 = 86_400;

struct Survey {
    days_ago: i64,
    campaign: i64,
    agent: Option<&'static str>,
    rating: Option<u8>,
    agent_rating: Option<u8>,
    comment: Option<&'static str>,
    channel: &'static str,
    bounced: bool,
    do_not_contact: bool,
}

const fn answered(
    days_ago: i64,
    campaign: i64,
    agent: &'static str,
    rating: u8,
    agent_rating: Option<u8>,
    comment: Option<&'static str>,
    channel: &'static str,
) -> Survey {
    Survey {
        days_ago,
        campaign,
        agent: Some(agent),
        rating: Some(rating),
        agent_rating,
        comment,
        channel,
        bounced: false,
        do_not_contact: false,
    }
}

const fn pending(
    days_ago: i64,
    campaign: i64,
    agent: &'static str,
    channel: &'static str,
    bounced: bool,
    do_not_contact: bool,
) -> Survey {
    Survey {
        days_ago,
        campaign,
        agent: Some(agent),
        rating: None,
        agent_rating: None,
        comment: None,
        channel,
        bounced,
        do_not_contact,
    }
}

const METTE: &str = "mette.holm@shop.example";
const JONAS: &str = "jonas.berg@shop.example";
const SARA: &str = "sara.lind@shop.example";

/// Email of the customer [`load_demo_data`] gives `large_customer` responses
/// (the benchmark's customer with a very long history).
pub const LARGE_CUSTOMER_EMAIL: &str = "large.customer@example.com";

/// Loads the demo company (key [`DEMO_API_KEY`]) and its data unless the
/// database has it already. Returns whether it loaded. With
/// `large_customer` > 0, one more customer ([`LARGE_CUSTOMER_EMAIL`]) gets
/// that many responses.
pub fn load_demo_data(conn: &mut Connection, large_customer: u32) -> rusqlite::Result<bool> {
    if queries::company_of_key(conn, DEMO_API_KEY)?.is_some() {
        return Ok(false);
    }
    let tx = conn.transaction()?;
    let now = clock::now_unix();
    let company = queries::add_company(&tx, DEMO_API_KEY, "Demo company")?;
    for (id, name) in [(7232, "Relationsmåling Q1"), (101, "Support satisfaction"), (102, "Onboarding check-in")] {
        queries::upsert_campaign(&tx, company, id, name)?;
    }
    for (email, first, last) in [(METTE, "Mette", "Holm"), (JONAS, "Jonas", "Berg"), (SARA, "Sara", "Lind")] {
        queries::upsert_employee(&tx, company, email, Some(first), Some(last), None)?;
    }
    for (queue, name, campaign) in [
        ("986359e5-e201-48ab-84af-c7799e03e58c", "Relationsmåling (Danish queue)", 7232),
        ("5b1f0c4e-support-queue", "Support queue", 101),
    ] {
        queries::upsert_ivr(
            &tx,
            company,
            &IvrMapping {
                queue_id: queue.into(),
                name: name.into(),
                provider: "Dixa".into(),
                campaign_id: campaign,
                dixa_api_key: "demo-dixa-api-key".into(),
            },
        )?;
    }

    let person = |email: Option<&str>, phone: Option<&str>, first: &str, last: &str, ext: &str| NewRespondent {
        email: email.map(str::to_owned),
        phone: phone.map(str::to_owned),
        first_name: Some(first.to_owned()),
        last_name: Some(last.to_owned()),
        external_id: Some(ext.to_owned()),
    };
    let add = |tx: &Connection, respondent_id: i64, s: &Survey| -> rusqlite::Result<i64> {
        let sent = now - s.days_ago * DAY - 3 * 3600;
        queries::insert_response(
            tx,
            &NewResponse {
                company_id: company,
                campaign_id: Some(s.campaign),
                respondent_id,
                employee_email: s.agent.map(str::to_owned),
                rating: s.rating,
                comment: s.comment.map(str::to_owned),
                rating_time: s.rating.map(|_| clock::iso(sent + 2 * 3600)),
                survey_send_time: clock::iso(sent),
                survey_bounced_time: s.bounced.then(|| clock::iso(sent + 60)),
                do_not_contact: s.do_not_contact,
                agent_rating: s.agent_rating,
                channel: Some(s.channel.to_owned()),
                external_id: Some(format!("{}", 40_000 + respondent_id * 100 + s.days_ago)),
                custom_json: format!(r#"{{"dixaConversationId":"{}"}}"#, 40_000 + respondent_id * 100 + s.days_ago),
            },
        )
    };

    // Email only, English, handled mostly by Mette (with P-GAP ratings).
    let anna = queries::find_or_create_respondent(
        &tx,
        company,
        &person(Some("anna.berg@example.com"), None, "Anna", "Berg", "dixa-user-anna"),
    )?;
    let mut anna_ids = Vec::new();
    for s in [
        pending(1, 101, METTE, "email", false, false),
        answered(6, 101, METTE, 9, Some(8), Some("Quick and friendly, the refund was in my account the next day."), "email"),
        answered(34, 101, JONAS, 6, Some(8), Some("It took three emails before anyone understood that the parcel had arrived damaged. When it was finally picked up the replacement came quickly, and the agent apologised properly, but I should not have had to explain the same thing three times to three different people. Please make it possible to see the earlier emails in the conversation."), "email"),
        answered(71, 7232, METTE, 10, Some(9), None, "email"),
        answered(120, 101, METTE, 8, Some(6), Some("Good help."), "chat"),
    ] {
        anna_ids.push(add(&tx, anna, &s)?);
    }
    // Anna's 6: taken by Jonas the day after, closed by Mette (closed).
    let rated = |days_ago: i64| now - days_ago * DAY - 3600;
    append_event(
        &tx,
        company,
        anna_ids[2],
        rated(34) + 20 * 3600,
        JONAS,
        "status",
        Status::InProgress,
        "Called Anna: a replacement is on its way.",
    )?;
    append_event(
        &tx,
        company,
        anna_ids[2],
        rated(34) + 3 * DAY,
        METTE,
        "status",
        Status::Closed,
        "Replacement delivered; Anna confirmed by email and got a voucher.",
    )?;

    // Phone only, Danish.
    let peter = queries::find_or_create_respondent(
        &tx,
        company,
        &person(None, Some("+4520304050"), "Peter", "Sørensen", "dixa-user-peter"),
    )?;
    for s in [
        answered(
            3,
            7232,
            JONAS,
            3,
            Some(7),
            Some("Jeg ventede 40 minutter i telefonen, og bagefter blev jeg stillet om to gange."),
            "voice",
        ),
        pending(12, 7232, JONAS, "sms", true, false),
        answered(40, 7232, METTE, 8, Some(8), Some("Fin service, men lidt langsom."), "voice"),
        answered(95, 7232, JONAS, 9, Some(5), Some("Meget hjælpsom medarbejder — tak!"), "voice"),
    ] {
        add(&tx, peter, &s)?;
    }

    // Email and phone, stored as two respondent records.
    let lars_mail = queries::find_or_create_respondent(
        &tx,
        company,
        &person(Some("lars.nielsen@example.dk"), None, "Lars", "Nielsen", "dixa-user-lars-mail"),
    )?;
    let lars_phone = queries::find_or_create_respondent(
        &tx,
        company,
        &person(None, Some("+4522334455"), "Lars", "Nielsen", "dixa-user-lars-phone"),
    )?;
    let lars_passive = add(
        &tx,
        lars_mail,
        &answered(8, 101, SARA, 7, Some(9), Some("Okay, but the chat closed before I could say thanks."), "chat"),
    )?;
    // Lars's 7: a passive opened by Mette (open, stored); Peter's 3 stays
    // open by rule (waiting, no event).
    append_event(
        &tx,
        company,
        lars_passive,
        rated(8) + DAY,
        METTE,
        "status",
        Status::Open,
        "Chat closing early: checking whether it is the widget's timeout.",
    )?;
    add(&tx, lars_mail, &pending(30, 102, SARA, "email", false, true))?;
    let lars_detractor = add(
        &tx,
        lars_phone,
        &answered(15, 7232, JONAS, 2, Some(4), Some("Ingen ringede tilbage som lovet."), "voice"),
    )?;
    // Lars's 2: Sara is on it (in progress), with a note since.
    append_event(
        &tx,
        company,
        lars_detractor,
        rated(15) + 30 * 3600,
        SARA,
        "status",
        Status::InProgress,
        "Left a voicemail; calling again tomorrow morning.",
    )?;
    append_event(
        &tx,
        company,
        lars_detractor,
        rated(15) + 2 * DAY,
        SARA,
        "note",
        Status::InProgress,
        "Reached Lars: the callback was booked on the wrong number. Fixing it with the phone team.",
    )?;
    add(&tx, lars_phone, &answered(60, 7232, SARA, 10, Some(10), Some("Super hurtig hjælp."), "voice"))?;

    // Known customer without any survey yet.
    queries::find_or_create_respondent(
        &tx,
        company,
        &person(Some("new.customer@example.com"), None, "Nora", "Quist", "dixa-user-nora"),
    )?;

    // A long history for paging: 2,400 surveys over ~6.5 years, mostly with Sara.
    let loyal = queries::find_or_create_respondent(
        &tx,
        company,
        &person(
            Some("loyal.customer@example.com"),
            Some("+4540506070"),
            "Karoline Margrethe",
            "Vestergaard-Henriksen",
            "dixa-user-loyal",
        ),
    )?;
    let comments = [
        Some("Always helpful."),
        None,
        Some("Fine."),
        None,
        Some("Slow reply this time."),
        Some("Hurtig og venlig betjening."),
        None,
    ];
    // Mostly with Sara, a survey every day going back from two days ago.
    let long_history = |tx: &Connection, respondent: i64, count: i64| -> rusqlite::Result<()> {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..count {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let rating = [10u8, 9, 9, 8, 10, 7, 9, 4, 10, 8, 6, 9][(seed % 12) as usize];
            let agent = [SARA, SARA, METTE, JONAS][((seed >> 8) % 4) as usize];
            let agent_rating = (!(seed >> 16).is_multiple_of(3))
                .then(|| (i64::from(rating) + ((seed >> 24) % 5) as i64 - 2).clamp(0, 10) as u8);
            let s = Survey {
                days_ago: 2 + i,
                campaign: if i % 3 == 0 { 7232 } else { 101 },
                agent: Some(agent),
                rating: Some(rating),
                agent_rating,
                comment: comments[((seed >> 32) % comments.len() as u64) as usize],
                channel: if i % 2 == 0 { "email" } else { "voice" },
                bounced: false,
                do_not_contact: false,
            };
            add(tx, respondent, &s)?;
        }
        Ok(())
    };
    long_history(&tx, loyal, 2_400)?;
    if large_customer > 0 {
        let large = queries::find_or_create_respondent(
            &tx,
            company,
            &person(Some(LARGE_CUSTOMER_EMAIL), None, "Large", "History", "dixa-user-large"),
        )?;
        long_history(&tx, large, i64::from(large_customer))?;
    }
    tx.commit()?;
    Ok(true)
}
