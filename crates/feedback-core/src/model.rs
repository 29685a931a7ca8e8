//! The JSON models of the Feedback App API (`docs/api.md`).
//!
//! Decoding is tolerant: unknown fields are ignored, every field may be
//! missing or of the wrong type (it then reads as absent), nps.today's
//! PascalCase names are accepted beside the contract's camelCase, and a
//! rating outside 0–10 is no rating. Encoding (used by the local service)
//! always writes the contract's camelCase.

use crate::follow_up::{FollowUp, FollowUpStats};
use crate::lenient;
use crate::nps::{Category, NpsTally};
use crate::protocol::RespondentLookup;

use crate::pgap::{signed_gap, PgapSummary};
use serde::{Deserialize, Serialize};

/// An nps.today employee (the agent who handled a conversation).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Employee {
    #[serde(alias = "Email", alias = "EmailAddress", alias = "emailAddress", deserialize_with = "lenient::string")]
    pub email: Option<String>,
    #[serde(alias = "FirstName", deserialize_with = "lenient::string")]
    pub first_name: Option<String>,
    #[serde(alias = "LastName", deserialize_with = "lenient::string")]
    pub last_name: Option<String>,
}

impl Employee {
    /// "First Last", or whatever part exists, or the email.
    pub fn display_name(&self) -> Option<String> {
        full_name(&self.first_name, &self.last_name).or_else(|| self.email.clone())
    }
}

fn full_name(first: &Option<String>, last: &Option<String>) -> Option<String> {
    match (first.as_deref().map(str::trim), last.as_deref().map(str::trim)) {
        (Some(f), Some(l)) if !f.is_empty() && !l.is_empty() => Some([f, " ", l].concat()),
        (Some(f), _) if !f.is_empty() => Some(f.to_owned()),
        (_, Some(l)) if !l.is_empty() => Some(l.to_owned()),
        _ => None,
    }
}

/// How a respondent was matched to the card's identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MatchKind {
    Email,
    Phone,
}

/// The customer who answered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Respondent {
    #[serde(alias = "Id", deserialize_with = "lenient::string")]
    pub id: Option<String>,
    #[serde(alias = "EmailAddress", alias = "emailAddress", alias = "Email", deserialize_with = "lenient::string")]
    pub email: Option<String>,
    #[serde(alias = "PhoneNumber", alias = "phoneNumber", alias = "Phone", deserialize_with = "lenient::string")]
    pub phone: Option<String>,
    #[serde(alias = "FirstName", deserialize_with = "lenient::string")]
    pub first_name: Option<String>,
    #[serde(alias = "LastName", deserialize_with = "lenient::string")]
    pub last_name: Option<String>,
    #[serde(alias = "ExternalId", deserialize_with = "lenient::string")]
    pub external_id: Option<String>,
    /// Set on the `respondents` of a lookup: which identifiers matched.
    #[serde(alias = "MatchedBy", deserialize_with = "match_kinds", skip_serializing_if = "Vec::is_empty")]
    pub matched_by: Vec<MatchKind>,
}

impl Respondent {
    pub fn display_name(&self) -> Option<String> {
        full_name(&self.first_name, &self.last_name)
    }
}

impl RespondentResponsesPage {
    /// Where the answer does not say how a respondent matched, it matched
    /// by what was asked: a phone-only lookup is matched by phone. (With
    /// both asked, both: the answer alone could say which.)
    pub fn fill_matched_by(&mut self, asked: &RespondentLookup) {
        for r in self.respondents.iter_mut().filter(|r| r.matched_by.is_empty()) {
            if asked.email.is_some() {
                r.matched_by.push(MatchKind::Email);
            }
            if asked.phone.is_some() {
                r.matched_by.push(MatchKind::Phone);
            }
        }
    }
}

fn match_kinds<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<MatchKind>, D::Error> {
    let raw: Vec<String> = lenient::text_list(d)?;
    let mut kinds: Vec<MatchKind> = raw
        .iter()
        .filter_map(|s| match s.trim().to_ascii_lowercase().as_str() {
            "email" => Some(MatchKind::Email),
            "phone" => Some(MatchKind::Phone),
            _ => None,
        })
        .collect();
    kinds.dedup();
    Ok(kinds)
}

/// One question/answer pair of a survey.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Answer {
    #[serde(alias = "Question", deserialize_with = "lenient::string")]
    pub question: Option<String>,
    #[serde(alias = "Answer", deserialize_with = "lenient::string")]
    pub answer: Option<String>,
}

/// One survey sent to a customer, answered or not.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SurveyResponse {
    #[serde(alias = "Id", deserialize_with = "lenient::string")]
    pub id: Option<String>,
    #[serde(alias = "CampaignId", deserialize_with = "lenient::string")]
    pub campaign_id: Option<String>,
    #[serde(alias = "CampaignName", deserialize_with = "lenient::string")]
    pub campaign_name: Option<String>,
    /// The customer's 0–10 score; `None` while unanswered.
    #[serde(alias = "Rating", deserialize_with = "lenient::rating")]
    pub rating: Option<u8>,
    #[serde(alias = "UserComment", alias = "Comment", deserialize_with = "lenient::string")]
    pub comment: Option<String>,
    #[serde(alias = "RatingTime", deserialize_with = "lenient::string")]
    pub rating_time: Option<String>,
    #[serde(alias = "CommentTime", deserialize_with = "lenient::string")]
    pub comment_time: Option<String>,
    #[serde(alias = "SurveySendTime", deserialize_with = "lenient::string")]
    pub survey_send_time: Option<String>,
    #[serde(alias = "SurveyBouncedTime", deserialize_with = "lenient::string")]
    pub survey_bounced_time: Option<String>,
    #[serde(alias = "DoNotContact", deserialize_with = "lenient::flag")]
    pub do_not_contact: bool,
    /// The agent's guess of the customer's score (P-GAP).
    #[serde(alias = "AgentRating", deserialize_with = "lenient::rating")]
    pub agent_rating: Option<u8>,
    #[serde(alias = "Channel", alias = "Device", deserialize_with = "lenient::string")]
    pub channel: Option<String>,
    #[serde(alias = "Employee", alias = "ResponsibleEmployee", deserialize_with = "lenient::object")]
    pub employee: Option<Employee>,
    #[serde(alias = "Respondent", deserialize_with = "lenient::object")]
    pub respondent: Option<Respondent>,
    #[serde(alias = "Answers", deserialize_with = "lenient::list")]
    pub answers: Vec<Answer>,
    /// The Dixa conversation id the survey came from.
    #[serde(alias = "ExternalId", deserialize_with = "lenient::string")]
    pub external_id: Option<String>,
    #[serde(
        alias = "Custom",
        deserialize_with = "lenient::text_map",
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "text_map_out"
    )]
    pub custom: Vec<(String, String)>,
    /// Absent when the response has no follow-up.
    #[serde(alias = "FollowUp", deserialize_with = "lenient::object", skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
}

fn text_map_out<S: serde::Serializer>(v: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(v.len()))?;
    for (k, val) in v {
        m.serialize_entry(k, val)?;
    }
    m.end()
}

/// Where an unanswered survey stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyStatus {
    Answered,
    /// Sent (or scheduled) and not answered yet.
    Sent,
    Bounced,
    DoNotContact,
}

impl SurveyResponse {
    pub fn category(&self) -> Option<Category> {
        self.rating.and_then(Category::of)
    }

    /// Agent rating − customer rating, when both exist.
    pub fn pgap(&self) -> Option<i8> {
        signed_gap(self.agent_rating, self.rating)
    }

    pub fn status(&self) -> SurveyStatus {
        if self.rating.is_some() {
            SurveyStatus::Answered
        } else if self.survey_bounced_time.is_some() {
            SurveyStatus::Bounced
        } else if self.do_not_contact {
            SurveyStatus::DoNotContact
        } else {
            SurveyStatus::Sent
        }
    }

    /// The time to sort and show the response by: answered, else sent.
    pub fn when(&self) -> Option<&str> {
        self.rating_time.as_deref().or(self.survey_send_time.as_deref())
    }

    pub fn has_comment(&self) -> bool {
        self.comment.as_deref().is_some_and(|c| !c.trim().is_empty())
    }
}

/// NPS standing of a set of responses.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Summary {
    /// Surveys answered with a rating.
    #[serde(deserialize_with = "lenient::count")]
    pub response_count: u64,
    #[serde(deserialize_with = "lenient::float")]
    pub nps: Option<f64>,
    #[serde(deserialize_with = "lenient::count")]
    pub promoters: u64,
    #[serde(deserialize_with = "lenient::count")]
    pub passives: u64,
    #[serde(deserialize_with = "lenient::count")]
    pub detractors: u64,
    #[serde(deserialize_with = "lenient::float")]
    pub average_rating: Option<f64>,
    #[serde(deserialize_with = "lenient::string")]
    pub last_rating_time: Option<String>,
    /// The most recent rating.
    #[serde(deserialize_with = "lenient::rating")]
    pub last_rating: Option<u8>,
    /// Up to [`RECENT_RATINGS`] latest ratings, oldest first (the trend).
    #[serde(deserialize_with = "recent_ratings")]
    pub recent_ratings: Vec<u8>,
    /// Responses whose follow-up is open. Read, not written: the service
    /// writes it beside the summary it computes.
    #[serde(deserialize_with = "lenient::count", skip_serializing)]
    pub waiting_for_follow_up: u64,
}

/// How many ratings the summary's trend carries.
pub const RECENT_RATINGS: usize = 10;

fn recent_ratings<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    let mut out = lenient::rating_list(d)?;
    let excess = out.len().saturating_sub(RECENT_RATINGS);
    out.drain(..excess);
    Ok(out)
}

impl Summary {
    /// Computes the summary of a set of responses (the service does this
    /// over all of a customer's rows, not one page).
    pub fn of<'a>(responses: impl IntoIterator<Item = &'a SurveyResponse>) -> Summary {
        Summary::of_ratings(responses.into_iter().filter_map(|r| Some((r.rating?, r.rating_time.clone()))))
    }

    /// Computes the summary from (rating, rating time) pairs in any order.
    /// ISO 8601 UTC timestamps of one format compare correctly as text.
    pub fn of_ratings(ratings: impl IntoIterator<Item = (u8, Option<String>)>) -> Summary {
        let mut rated: Vec<(u8, Option<String>)> = ratings.into_iter().filter(|(r, _)| *r <= 10).collect();
        let tally = NpsTally::from_ratings(rated.iter().map(|(r, _)| *r));
        rated.sort_by(|a, b| a.1.cmp(&b.1));
        let recent_ratings = rated.iter().rev().take(RECENT_RATINGS).rev().map(|(r, _)| *r).collect();
        let last = rated.last().cloned();
        Summary {
            response_count: tally.rated(),
            nps: tally.nps(),
            promoters: tally.promoters,
            passives: tally.passives,
            detractors: tally.detractors,
            average_rating: tally.average_rating(),
            last_rating_time: last.as_ref().and_then(|l| l.1.clone()),
            last_rating: last.map(|l| l.0),
            recent_ratings,
            waiting_for_follow_up: 0,
        }
    }
}

/// `GET /feedback-app/respondent-responses` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RespondentResponsesPage {
    #[serde(deserialize_with = "lenient::list")]
    pub respondents: Vec<Respondent>,
    #[serde(deserialize_with = "lenient::object_or_default")]
    pub summary: Summary,
    #[serde(deserialize_with = "lenient::list")]
    pub items: Vec<SurveyResponse>,
    #[serde(deserialize_with = "lenient::page_number")]
    pub page: u32,
    #[serde(deserialize_with = "lenient::page_number")]
    pub page_size: u32,
    #[serde(deserialize_with = "lenient::count")]
    pub total: u64,
}

/// `GET /feedback-app/employee` body: the Personal Page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EmployeePage {
    /// `None` when the token was issued without an `employeeEmail`.
    #[serde(deserialize_with = "lenient::object")]
    pub employee: Option<Employee>,
    #[serde(deserialize_with = "lenient::object_or_default")]
    pub summary: Summary,
    #[serde(deserialize_with = "lenient::object_or_default")]
    pub pgap: PgapSummary,
    /// The agent's own follow-ups; absent from services without them.
    #[serde(deserialize_with = "lenient::object", skip_serializing_if = "Option::is_none")]
    pub follow_ups: Option<FollowUpStats>,
    #[serde(deserialize_with = "lenient::list")]
    pub items: Vec<SurveyResponse>,
    #[serde(deserialize_with = "lenient::page_number")]
    pub page: u32,
    #[serde(deserialize_with = "lenient::page_number")]
    pub page_size: u32,
    #[serde(deserialize_with = "lenient::count")]
    pub total: u64,
}

/// Which responses a page lists (the summary always covers all of them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ResponseFilter {
    #[default]
    All,
    /// Rated 0–6.
    Detractors,
    /// With a non-empty comment.
    Commented,
    /// Follow-up open or in progress.
    Waiting,
}

impl ResponseFilter {
    /// The `filter` query value; `None` for all.
    pub fn query_value(self) -> Option<&'static str> {
        match self {
            ResponseFilter::All => None,
            ResponseFilter::Detractors => Some("detractors"),
            ResponseFilter::Commented => Some("commented"),
            ResponseFilter::Waiting => Some("waiting"),
        }
    }

    pub fn parse(value: &str) -> Option<ResponseFilter> {
        match value.trim() {
            "" | "all" => Some(ResponseFilter::All),
            "detractors" => Some(ResponseFilter::Detractors),
            "commented" => Some(ResponseFilter::Commented),
            "waiting" => Some(ResponseFilter::Waiting),
            _ => None,
        }
    }
}

/// Default page size of the contract.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// Largest page size the contract allows.
pub const MAX_PAGE_SIZE: u32 = 100;

impl Default for RespondentResponsesPage {
    fn default() -> Self {
        Self {
            respondents: Vec::new(),
            summary: Summary::default(),
            items: Vec::new(),
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
            total: 0,
        }
    }
}

impl Default for EmployeePage {
    fn default() -> Self {
        Self {
            employee: None,
            summary: Summary::default(),
            pgap: PgapSummary::default(),
            follow_ups: None,
            items: Vec::new(),
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
            total: 0,
        }
    }
}

/// A page of a response list: what the card pages through the same way
/// for the customer's history and the Personal Page.
pub trait Paged {
    fn items(&self) -> &[SurveyResponse];
    fn into_items(self) -> Vec<SurveyResponse>;
    /// Moves the responses out, leaving the rest of the page.
    fn take_items(&mut self) -> Vec<SurveyResponse>;
    /// Responses in the whole list (all pages).
    fn total(&self) -> u64;
    /// (page number, page size) of this page.
    fn position(&self) -> (u32, u32);

    /// Whether another page exists after this one.
    fn has_more(&self) -> bool {
        let (page, size) = self.position();
        u64::from(page) * u64::from(size) < self.total()
    }
}

macro_rules! paged {
    ($page:ty) => {
        impl Paged for $page {
            fn items(&self) -> &[SurveyResponse] {
                &self.items
            }
            fn into_items(self) -> Vec<SurveyResponse> {
                self.items
            }
            fn take_items(&mut self) -> Vec<SurveyResponse> {
                std::mem::take(&mut self.items)
            }
            fn total(&self) -> u64 {
                self.total
            }
            fn position(&self) -> (u32, u32) {
                (self.page, self.page_size)
            }
        }
    };
}
paged!(RespondentResponsesPage);
paged!(EmployeePage);

/// `{error: {code, message}}`, the body of every error status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    #[serde(deserialize_with = "lenient::object")]
    pub error: Option<ErrorDetail>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorDetail {
    #[serde(deserialize_with = "lenient::string")]
    pub code: Option<String>,
    #[serde(deserialize_with = "lenient::string")]
    pub message: Option<String>,
}

// Decoding from a JSON reader (the card's): the same names and rules as
// the serde attributes above; `json_read`'s tests hold the two together.
mod from_json {
    use super::*;
    use crate::json_read::{
        count, field, flag, float, list, object, object_or_default, page_number, rating, rating_list, string,
        text_list, text_map, FromJson, Json,
    };

    impl FromJson for Employee {
        fn from_json<J: Json>(o: &J) -> Self {
            Employee {
                email: string(field(o, &["email", "Email", "EmailAddress", "emailAddress"])),
                first_name: string(field(o, &["firstName", "FirstName"])),
                last_name: string(field(o, &["lastName", "LastName"])),
            }
        }
    }

    impl FromJson for Respondent {
        fn from_json<J: Json>(o: &J) -> Self {
            let mut matched_by: Vec<MatchKind> = text_list(field(o, &["matchedBy", "MatchedBy"]))
                .iter()
                .filter_map(|s| match s.trim().to_ascii_lowercase().as_str() {
                    "email" => Some(MatchKind::Email),
                    "phone" => Some(MatchKind::Phone),
                    _ => None,
                })
                .collect();
            matched_by.dedup();
            Respondent {
                id: string(field(o, &["id", "Id"])),
                email: string(field(o, &["email", "EmailAddress", "emailAddress", "Email"])),
                phone: string(field(o, &["phone", "PhoneNumber", "phoneNumber", "Phone"])),
                first_name: string(field(o, &["firstName", "FirstName"])),
                last_name: string(field(o, &["lastName", "LastName"])),
                external_id: string(field(o, &["externalId", "ExternalId"])),
                matched_by,
            }
        }
    }

    impl FromJson for Answer {
        fn from_json<J: Json>(o: &J) -> Self {
            Answer {
                question: string(field(o, &["question", "Question"])),
                answer: string(field(o, &["answer", "Answer"])),
            }
        }
    }

    impl FromJson for SurveyResponse {
        fn from_json<J: Json>(o: &J) -> Self {
            SurveyResponse {
                id: string(field(o, &["id", "Id"])),
                campaign_id: string(field(o, &["campaignId", "CampaignId"])),
                campaign_name: string(field(o, &["campaignName", "CampaignName"])),
                rating: rating(field(o, &["rating", "Rating"])),
                comment: string(field(o, &["comment", "UserComment", "Comment"])),
                rating_time: string(field(o, &["ratingTime", "RatingTime"])),
                comment_time: string(field(o, &["commentTime", "CommentTime"])),
                survey_send_time: string(field(o, &["surveySendTime", "SurveySendTime"])),
                survey_bounced_time: string(field(o, &["surveyBouncedTime", "SurveyBouncedTime"])),
                do_not_contact: flag(field(o, &["doNotContact", "DoNotContact"])),
                agent_rating: rating(field(o, &["agentRating", "AgentRating"])),
                channel: string(field(o, &["channel", "Channel", "Device"])),
                employee: object(field(o, &["employee", "Employee", "ResponsibleEmployee"])),
                respondent: object(field(o, &["respondent", "Respondent"])),
                answers: list(field(o, &["answers", "Answers"])),
                external_id: string(field(o, &["externalId", "ExternalId"])),
                custom: text_map(field(o, &["custom", "Custom"])),
                follow_up: object(field(o, &["followUp", "FollowUp"])),
            }
        }
    }

    impl FromJson for Summary {
        fn from_json<J: Json>(o: &J) -> Self {
            let mut recent_ratings = rating_list(o.member("recentRatings"));
            let excess = recent_ratings.len().saturating_sub(RECENT_RATINGS);
            recent_ratings.drain(..excess);
            Summary {
                response_count: count(o.member("responseCount")),
                nps: float(o.member("nps")),
                promoters: count(o.member("promoters")),
                passives: count(o.member("passives")),
                detractors: count(o.member("detractors")),
                average_rating: float(o.member("averageRating")),
                last_rating_time: string(o.member("lastRatingTime")),
                last_rating: rating(o.member("lastRating")),
                recent_ratings,
                waiting_for_follow_up: count(o.member("waitingForFollowUp")),
            }
        }
    }

    impl FromJson for PgapSummary {
        fn from_json<J: Json>(o: &J) -> Self {
            PgapSummary {
                average_absolute: float(o.member("averageAbsolute")),
                average_signed: float(o.member("averageSigned")),
                count: count(o.member("count")),
            }
        }
    }

    /// (page, page size): a missing one is the contract's default, a wrong one at least 1.
    fn position<J: Json>(o: &J) -> (u32, u32) {
        (page_number(o.member("page")), o.member("pageSize").map_or(DEFAULT_PAGE_SIZE, |v| page_number(Some(v))))
    }

    impl FromJson for RespondentResponsesPage {
        fn from_json<J: Json>(o: &J) -> Self {
            let (page, page_size) = position(o);
            RespondentResponsesPage {
                respondents: list(o.member("respondents")),
                summary: object_or_default(o.member("summary")),
                items: list(o.member("items")),
                page,
                page_size,
                total: count(o.member("total")),
            }
        }
    }

    impl FromJson for EmployeePage {
        fn from_json<J: Json>(o: &J) -> Self {
            let (page, page_size) = position(o);
            EmployeePage {
                employee: object(o.member("employee")),
                summary: object_or_default(o.member("summary")),
                pgap: object_or_default(o.member("pgap")),
                follow_ups: object(o.member("followUps")),
                items: list(o.member("items")),
                page,
                page_size,
                total: count(o.member("total")),
            }
        }
    }

    impl FromJson for ErrorDetail {
        fn from_json<J: Json>(o: &J) -> Self {
            ErrorDetail { code: string(o.member("code")), message: string(o.member("message")) }
        }
    }

    impl FromJson for ErrorBody {
        fn from_json<J: Json>(o: &J) -> Self {
            ErrorBody { error: object(o.member("error")) }
        }
    }
}
