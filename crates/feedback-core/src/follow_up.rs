//! Following up a response ("closing the loop"): the model the API sends
//! (`followUp` on a response, the Personal Page's `followUps`) and how a
//! follow-up reads. The form that changes one is src/follow_up_form.js.

use crate::i18n::{fill, Texts};
use crate::lenient;
use crate::model::Employee;
use serde::{Deserialize, Serialize};

/// Where a follow-up stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpStatus {
    Open,
    InProgress,
    Closed,
}

impl FollowUpStatus {
    pub fn parse(value: &str) -> Option<FollowUpStatus> {
        match value.trim().to_ascii_lowercase().as_str() {
            "open" => Some(FollowUpStatus::Open),
            "in_progress" | "inprogress" => Some(FollowUpStatus::InProgress),
            "closed" => Some(FollowUpStatus::Closed),
            _ => None,
        }
    }

    /// The contract's name of the status.
    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpStatus::Open => "open",
            FollowUpStatus::InProgress => "in_progress",
            FollowUpStatus::Closed => "closed",
        }
    }
}

pub(crate) fn status_lenient<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<FollowUpStatus>, D::Error> {
    Ok(lenient::string(d)?.as_deref().and_then(FollowUpStatus::parse))
}

/// One entry of a follow-up's log.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FollowUpEvent {
    #[serde(deserialize_with = "lenient::string")]
    pub at: Option<String>,
    #[serde(deserialize_with = "lenient::object")]
    pub by: Option<Employee>,
    /// The note, or what a move said. (The card reads only what its line
    /// shows: not the event's type, nor the count of events.)
    #[serde(deserialize_with = "lenient::string")]
    pub text: Option<String>,
}

/// A response's follow-up as the lists carry it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FollowUp {
    /// `None` only when the answer named no status the card knows.
    #[serde(deserialize_with = "status_lenient")]
    pub status: Option<FollowUpStatus>,
    /// When the current status began.
    #[serde(deserialize_with = "lenient::string")]
    pub since: Option<String>,
    /// The latest event; `None` before anyone acted.
    #[serde(deserialize_with = "lenient::object")]
    pub last: Option<FollowUpEvent>,
}

/// The Personal Page's `followUps`: the agent's own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FollowUpStats {
    #[serde(deserialize_with = "lenient::count")]
    pub open: u64,
    #[serde(deserialize_with = "lenient::count")]
    pub in_progress: u64,
    /// Share (0–1) of the last 30 days' detractors followed up within 48 h.
    #[serde(rename = "within48h", deserialize_with = "lenient::float")]
    pub within_48h: Option<f64>,
}

mod from_json {
    use super::*;
    use crate::json_read::{count, float, object, string, FromJson, Json};

    fn status<J: Json>(value: Option<J>) -> Option<FollowUpStatus> {
        string(value).as_deref().and_then(FollowUpStatus::parse)
    }

    impl FromJson for FollowUpEvent {
        fn from_json<J: Json>(o: &J) -> Self {
            FollowUpEvent { at: string(o.member("at")), by: object(o.member("by")), text: string(o.member("text")) }
        }
    }

    impl FromJson for FollowUp {
        fn from_json<J: Json>(o: &J) -> Self {
            FollowUp {
                status: status(o.member("status")),
                since: string(o.member("since")),
                last: object(o.member("last")),
            }
        }
    }

    impl FromJson for FollowUpStats {
        fn from_json<J: Json>(o: &J) -> Self {
            FollowUpStats {
                open: count(o.member("open")),
                in_progress: count(o.member("inProgress")),
                within_48h: float(o.member("within48h")),
            }
        }
    }
}

/// The one line a response with a follow-up shows: "Waiting for follow-up
/// · opened 3 days ago", "Followed up by Mette Holm · 2 hours ago: called,
/// refund sent". `ago` words when an ISO time was ("2 hours ago"), `None`
/// when it does not parse.
pub fn line(t: &Texts, f: &FollowUp, ago: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let status = f.status?;
    let last = f.last.as_ref();
    let name = last.and_then(|e| e.by.as_ref()).and_then(Employee::display_name);
    let said = last.and_then(|e| e.text.as_deref()).map(str::trim).filter(|s| !s.is_empty());
    let at = last.and_then(|e| e.at.as_deref()).or(f.since.as_deref());
    let mut out = String::new();
    match status {
        FollowUpStatus::Open => {
            add(&mut out, Some(t.fu_waiting.to_owned()));
            add(&mut out, f.since.as_deref().and_then(ago).map(|when| fill(t.fu_opened, &[("when", &when)])));
            // Who wrote the note it shows, if any.
            add(&mut out, name.filter(|_| said.is_some()));
        }
        FollowUpStatus::InProgress => {
            add(&mut out, Some(t.fu_in_progress.to_owned()));
            add(&mut out, name);
            add(&mut out, at.and_then(ago));
        }
        FollowUpStatus::Closed => {
            add(&mut out, Some(name.map_or_else(|| t.fu_closed.to_owned(), |n| fill(t.fu_closed_by, &[("name", &n)]))));
            add(&mut out, at.and_then(ago));
        }
    }
    if let Some(said) = said {
        out.extend([": ", said]);
    }
    Some(out)
}

/// Appends `part` to the line, after " · " unless it is the first.
fn add(line: &mut String, part: Option<String>) {
    if let Some(part) = part {
        if !line.is_empty() {
            line.push_str(" · ");
        }
        line.push_str(&part);
    }
}

/// The Personal Page's line about the agent's own follow-ups; `integer`
/// writes a count as the locale does.
pub fn mine(t: &Texts, stats: &FollowUpStats, integer: &dyn Fn(u64) -> String) -> String {
    let share = percent(stats.within_48h).map_or_else(|| "–".to_owned(), |p| fill(t.percent, &[("n", &integer(p))]));
    fill(t.fu_mine, &[("open", &integer(stats.open)), ("progress", &integer(stats.in_progress)), ("share", &share)])
}

/// A 0–1 share as whole percent; `None` without one.
pub fn percent(share: Option<f64>) -> Option<u64> {
    share.filter(|s| s.is_finite()).map(|s| (s.clamp(0.0, 1.0) * 100.0).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{DA, EN};

    fn mette() -> Option<Employee> {
        Some(Employee {
            email: Some("mette.holm@shop.example".into()),
            first_name: Some("Mette".into()),
            last_name: Some("Holm".into()),
        })
    }

    fn ago(iso: &str) -> Option<String> {
        (iso != "garbage").then(|| "2 hours ago".to_owned())
    }

    fn closed() -> FollowUp {
        FollowUp {
            status: Some(FollowUpStatus::Closed),
            since: Some("2026-11-20T09:00:00Z".into()),
            last: Some(FollowUpEvent {
                at: Some("2026-11-20T09:00:00Z".into()),
                by: mette(),
                text: Some(" called, refund sent ".into()),
            }),
        }
    }

    #[test]
    fn an_open_follow_up_says_how_long_it_has_waited() {
        let f = FollowUp {
            status: Some(FollowUpStatus::Open),
            since: Some("2026-11-20T09:00:00Z".into()),
            ..Default::default()
        };
        assert_eq!(line(&EN, &f, &ago).as_deref(), Some("Waiting for follow-up · opened 2 hours ago"));
        assert_eq!(line(&DA, &f, &ago).as_deref(), Some("Venter på opfølgning · åbnet 2 hours ago"));
        let unreadable = FollowUp { since: Some("garbage".into()), ..f.clone() };
        assert_eq!(line(&EN, &unreadable, &ago).as_deref(), Some("Waiting for follow-up"));
        let noted = FollowUp { last: closed().last, ..f };
        assert_eq!(
            line(&EN, &noted, &ago).as_deref(),
            Some("Waiting for follow-up · opened 2 hours ago · Mette Holm: called, refund sent"),
            "a note on a waiting follow-up shows"
        );
    }

    #[test]
    fn a_closed_follow_up_says_who_when_and_what() {
        assert_eq!(
            line(&EN, &closed(), &ago).as_deref(),
            Some("Followed up by Mette Holm · 2 hours ago: called, refund sent")
        );
        assert_eq!(
            line(&DA, &closed(), &ago).as_deref(),
            Some("Fulgt op af Mette Holm · 2 hours ago: called, refund sent")
        );
        let in_progress = FollowUp { status: Some(FollowUpStatus::InProgress), ..closed() };
        assert_eq!(
            line(&EN, &in_progress, &ago).as_deref(),
            Some("In progress · Mette Holm · 2 hours ago: called, refund sent")
        );
        let nameless = FollowUp { last: closed().last.map(|e| FollowUpEvent { by: None, ..e }), ..closed() };
        assert_eq!(line(&EN, &nameless, &ago).as_deref(), Some("Followed up · 2 hours ago: called, refund sent"));
        let unknown = FollowUp { status: None, ..closed() };
        assert_eq!(line(&EN, &unknown, &ago), None, "a status the card does not know shows nothing");
    }

    #[test]
    fn statuses_read_both_ways() {
        use FollowUpStatus::*;
        assert_eq!(FollowUpStatus::parse(" In_Progress "), Some(InProgress));
        assert_eq!(FollowUpStatus::parse("lost"), None);
        assert_eq!(Closed.as_str(), "closed");
    }

    #[test]
    fn the_agents_own_follow_ups_read_as_one_line() {
        let n = |v: u64| v.to_string();
        let stats = FollowUpStats { open: 3, in_progress: 1, within_48h: Some(0.746) };
        assert_eq!(
            mine(&EN, &stats, &n),
            "Your follow-ups: 3 waiting, 1 in progress; 75% of detractors within 48 h (30 days)"
        );
        let none = FollowUpStats { within_48h: None, ..stats };
        assert!(
            mine(&DA, &none, &n).ends_with("i gang; – af kritikerne inden for 48 t (30 dage)"),
            "{}",
            mine(&DA, &none, &n)
        );
        assert_eq!(percent(Some(f64::NAN)), None);
        assert_eq!(percent(Some(1.7)), Some(100));
    }
}
