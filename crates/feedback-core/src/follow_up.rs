//! Following up a response ("closing the loop"): the model the API sends
//! (`followUp` on a response, the Personal Page's `followUps`), the moves an
//! agent may make, the request the card sends, and how a follow-up reads.

use crate::i18n::{fill, Texts};
use crate::lenient;
use crate::model::Employee;
use serde::{Deserialize, Serialize};

/// Longest note the API takes (characters, after trimming).
pub const MAX_NOTE_CHARS: usize = 1000;

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

    /// The contract's `seen` value for a response showing `status`.
    pub fn seen(status: Option<FollowUpStatus>) -> &'static str {
        status.map_or("none", FollowUpStatus::as_str)
    }

    /// The statuses an agent may move a follow-up to from `from` (none: no follow-up yet).
    pub fn moves(from: Option<FollowUpStatus>) -> &'static [FollowUpStatus] {
        use FollowUpStatus::*;
        match from {
            None => &[Open],
            Some(Open) => &[InProgress, Closed],
            Some(InProgress) => &[Closed, Open],
            Some(Closed) => &[Open],
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
    /// `status` or `note`.
    #[serde(rename = "type", deserialize_with = "lenient::string")]
    pub kind: Option<String>,
    #[serde(deserialize_with = "status_lenient", skip_serializing_if = "Option::is_none")]
    pub status: Option<FollowUpStatus>,
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
    #[serde(deserialize_with = "lenient::count")]
    pub events: u64,
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

/// The body of `POST …/follow-up` answers: 200 and 409 both carry it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FollowUpAnswer {
    #[serde(deserialize_with = "lenient::object")]
    pub follow_up: Option<FollowUp>,
}

mod from_json {
    use super::*;
    use crate::json_read::{count, float, object, string, FromJson, Json};

    fn status<J: Json>(value: Option<J>) -> Option<FollowUpStatus> {
        string(value).as_deref().and_then(FollowUpStatus::parse)
    }

    impl FromJson for FollowUpEvent {
        fn from_json<J: Json>(o: &J) -> Self {
            FollowUpEvent {
                at: string(o.member("at")),
                by: object(o.member("by")),
                kind: string(o.member("type")),
                status: status(o.member("status")),
                text: string(o.member("text")),
            }
        }
    }

    impl FromJson for FollowUp {
        fn from_json<J: Json>(o: &J) -> Self {
            FollowUp {
                status: status(o.member("status")),
                since: string(o.member("since")),
                last: object(o.member("last")),
                events: count(o.member("events")),
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

    impl FromJson for FollowUpAnswer {
        fn from_json<J: Json>(o: &J) -> Self {
            FollowUpAnswer { follow_up: object(o.member("followUp")) }
        }
    }
}

/// Why the form cannot be sent as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormProblem {
    /// Neither a new status nor a note.
    Nothing,
    /// Closing without saying what was done.
    NoteNeeded,
    /// Over [`MAX_NOTE_CHARS`].
    TooLong,
}

impl FormProblem {
    pub fn words(self, t: &Texts) -> &'static str {
        match self {
            FormProblem::Nothing => t.fu_nothing,
            FormProblem::NoteNeeded => t.fu_note_needed,
            FormProblem::TooLong => t.fu_too_long,
        }
    }
}

/// The JSON body of `POST /feedback-app/responses/{id}/follow-up`, or why not.
/// `seen`: the status the card shows; `to`: the new one, if any.
pub fn request_body(
    seen: Option<FollowUpStatus>,
    to: Option<FollowUpStatus>,
    note: &str,
) -> Result<String, FormProblem> {
    let note = note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(FormProblem::TooLong);
    }
    if to == Some(FollowUpStatus::Closed) && note.is_empty() {
        return Err(FormProblem::NoteNeeded);
    }
    if to.is_none() && note.is_empty() {
        return Err(FormProblem::Nothing);
    }
    let mut body = ["{\"seen\":\"", FollowUpStatus::seen(seen), "\""].concat();
    if let Some(to) = to {
        body.extend([",\"status\":\"", to.as_str(), "\""]);
    }
    if !note.is_empty() {
        body.push_str(",\"note\":");
        json_string(&mut body, note);
    }
    body.push('}');
    Ok(body)
}

/// Appends `text` as a JSON string (the card carries no JSON writer).
fn json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                // \uXXXX without the formatting machinery.
                out.push_str("\\u");
                let code = c as u32;
                out.extend((0..4).rev().map(|i| char::from(b"0123456789abcdef"[(code >> (i * 4)) as usize & 15])));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// What the form changes to at once (before the service answers).
pub fn optimistic(
    current: Option<&FollowUp>,
    to: Option<FollowUpStatus>,
    note: &str,
    by: Option<Employee>,
    now: &str,
) -> FollowUp {
    let note = note.trim();
    let status = to.or(current.and_then(|f| f.status));
    let since = match (to, current) {
        (None, Some(c)) => c.since.clone(),
        _ => Some(now.to_owned()),
    };
    FollowUp {
        status,
        since,
        last: Some(FollowUpEvent {
            at: Some(now.to_owned()),
            by,
            kind: Some(if to.is_some() { "status" } else { "note" }.to_owned()),
            status,
            text: (!note.is_empty()).then(|| note.to_owned()),
        }),
        events: current.map_or(0, |c| c.events) + 1,
    }
}

/// The word for a status (the line, the filter and the form's choice).
pub fn status_word(t: &Texts, status: FollowUpStatus) -> &'static str {
    match status {
        FollowUpStatus::Open => t.fu_waiting,
        FollowUpStatus::InProgress => t.fu_in_progress,
        FollowUpStatus::Closed => t.fu_closed,
    }
}

/// The one line a response with a follow-up shows: "Waiting for follow-up
/// · 3 days", "Followed up by Mette Holm · 2 hours ago: called, refund
/// sent". `lasted` words how long since an ISO time ("3 days"), `ago` when
/// it was ("2 hours ago"); both `None` when the time does not parse.
pub fn line(
    t: &Texts,
    f: &FollowUp,
    lasted: &dyn Fn(&str) -> Option<String>,
    ago: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let status = f.status?;
    let last = f.last.as_ref();
    let name = last.and_then(|e| e.by.as_ref()).and_then(Employee::display_name);
    let said = last.and_then(|e| e.text.as_deref()).map(str::trim).filter(|s| !s.is_empty());
    let at = last.and_then(|e| e.at.as_deref()).or(f.since.as_deref());
    let mut out = String::new();
    match status {
        FollowUpStatus::Open => {
            add(&mut out, Some(t.fu_waiting.to_owned()));
            add(&mut out, f.since.as_deref().and_then(lasted));
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

    fn lasted(iso: &str) -> Option<String> {
        (iso != "garbage").then(|| "3 days".to_owned())
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
                kind: Some("status".into()),
                status: Some(FollowUpStatus::Closed),
                text: Some(" called, refund sent ".into()),
            }),
            events: 2,
        }
    }

    #[test]
    fn an_open_follow_up_says_how_long_it_has_waited() {
        let f = FollowUp {
            status: Some(FollowUpStatus::Open),
            since: Some("2026-11-20T09:00:00Z".into()),
            ..Default::default()
        };
        assert_eq!(line(&EN, &f, &lasted, &ago).as_deref(), Some("Waiting for follow-up · 3 days"));
        assert_eq!(line(&DA, &f, &lasted, &ago).as_deref(), Some("Venter på opfølgning · 3 days"));
        let unreadable = FollowUp { since: Some("garbage".into()), ..f.clone() };
        assert_eq!(line(&EN, &unreadable, &lasted, &ago).as_deref(), Some("Waiting for follow-up"));
        let noted = FollowUp { last: closed().last.map(|e| FollowUpEvent { kind: Some("note".into()), ..e }), ..f };
        assert_eq!(
            line(&EN, &noted, &lasted, &ago).as_deref(),
            Some("Waiting for follow-up · 3 days · Mette Holm: called, refund sent"),
            "a note on a waiting follow-up shows"
        );
    }

    #[test]
    fn a_closed_follow_up_says_who_when_and_what() {
        assert_eq!(
            line(&EN, &closed(), &lasted, &ago).as_deref(),
            Some("Followed up by Mette Holm · 2 hours ago: called, refund sent")
        );
        assert_eq!(
            line(&DA, &closed(), &lasted, &ago).as_deref(),
            Some("Fulgt op af Mette Holm · 2 hours ago: called, refund sent")
        );
        let in_progress = FollowUp { status: Some(FollowUpStatus::InProgress), ..closed() };
        assert_eq!(
            line(&EN, &in_progress, &lasted, &ago).as_deref(),
            Some("In progress · Mette Holm · 2 hours ago: called, refund sent")
        );
        let nameless = FollowUp { last: closed().last.map(|e| FollowUpEvent { by: None, ..e }), ..closed() };
        assert_eq!(
            line(&EN, &nameless, &lasted, &ago).as_deref(),
            Some("Followed up · 2 hours ago: called, refund sent")
        );
        let unknown = FollowUp { status: None, ..closed() };
        assert_eq!(line(&EN, &unknown, &lasted, &ago), None, "a status the card does not know shows nothing");
    }

    #[test]
    fn the_body_says_what_was_seen_and_escapes_the_note() {
        assert_eq!(
            request_body(Some(FollowUpStatus::Open), Some(FollowUpStatus::Closed), " called, \"refund\" sent\n ")
                .as_deref(),
            Ok(r#"{"seen":"open","status":"closed","note":"called, \"refund\" sent"}"#)
        );
        assert_eq!(
            request_body(None, Some(FollowUpStatus::Open), "").as_deref(),
            Ok(r#"{"seen":"none","status":"open"}"#)
        );
        assert_eq!(
            request_body(Some(FollowUpStatus::InProgress), None, "a\\b\u{1}\u{2028}</script>").as_deref(),
            Ok(r#"{"seen":"in_progress","note":"a\\b\u0001\u2028</script>"}"#)
        );
    }

    #[test]
    fn bad_forms_are_refused_before_sending() {
        let open = Some(FollowUpStatus::Open);
        assert_eq!(request_body(open, Some(FollowUpStatus::Closed), "  \n "), Err(FormProblem::NoteNeeded));
        assert_eq!(request_body(open, None, " "), Err(FormProblem::Nothing));
        assert_eq!(request_body(open, None, &"x".repeat(10_000)), Err(FormProblem::TooLong));
        assert_eq!(request_body(open, Some(FollowUpStatus::Closed), &"x".repeat(1001)), Err(FormProblem::TooLong));
        assert!(request_body(open, None, &"ø".repeat(MAX_NOTE_CHARS)).is_ok(), "characters, not bytes");
        assert_eq!(FormProblem::NoteNeeded.words(&EN), "Closing needs a note saying what was done.");
    }

    #[test]
    fn moves_follow_the_contract() {
        use FollowUpStatus::*;
        assert_eq!(FollowUpStatus::moves(None), &[Open]);
        assert_eq!(FollowUpStatus::moves(Some(Open)), &[InProgress, Closed]);
        assert_eq!(FollowUpStatus::moves(Some(InProgress)), &[Closed, Open]);
        assert_eq!(FollowUpStatus::moves(Some(Closed)), &[Open]);
        assert_eq!(FollowUpStatus::seen(Some(InProgress)), "in_progress");
        assert_eq!(FollowUpStatus::seen(None), "none");
        assert_eq!(FollowUpStatus::parse(" In_Progress "), Some(InProgress));
        assert_eq!(FollowUpStatus::parse("lost"), None);
    }

    #[test]
    fn the_change_shows_at_once() {
        let open = FollowUp { status: Some(FollowUpStatus::Open), since: Some("a".into()), ..Default::default() };
        let noted = optimistic(Some(&open), None, " called ", mette(), "now");
        assert_eq!((noted.status, noted.since.as_deref(), noted.events), (Some(FollowUpStatus::Open), Some("a"), 1));
        assert_eq!(noted.last.as_ref().and_then(|l| l.text.as_deref()), Some("called"));
        assert_eq!(noted.last.and_then(|l| l.kind).as_deref(), Some("note"));
        let closed = optimistic(Some(&open), Some(FollowUpStatus::Closed), "done", None, "now");
        assert_eq!((closed.status, closed.since.as_deref()), (Some(FollowUpStatus::Closed), Some("now")));
        let opened = optimistic(None, Some(FollowUpStatus::Open), "", mette(), "now");
        assert_eq!((opened.status, opened.events), (Some(FollowUpStatus::Open), 1));
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
