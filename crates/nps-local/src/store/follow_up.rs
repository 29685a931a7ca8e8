//! Follow-ups of responses: an append-only list of events per response,
//! per company. The current status is the status of the latest event; a
//! detractor's response (0–6) without events is `open` by rule (derived,
//! never stored), any other response without events has no follow-up.

use feedback_core::model::Employee;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Longest note, in characters (after trimming).
pub const MAX_NOTE_CHARS: usize = 1_000;
/// How long an `Idempotency-Key` answers its first answer again.
pub const IDEMPOTENCY_SECS: i64 = 24 * 3600;
/// The window of the Personal Page's 48-hour share.
pub const PERSONAL_WINDOW_SECS: i64 = 30 * 86_400;
/// A first follow-up this soon after the rating counts as timely.
pub const TIMELY_SECS: i64 = 48 * 3600;

/// The status of a follow-up after an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    InProgress,
    Closed,
}

impl Status {
    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "open" => Some(Status::Open),
            "in_progress" => Some(Status::InProgress),
            "closed" => Some(Status::Closed),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in_progress",
            Status::Closed => "closed",
        }
    }

    /// Whether `from` (`None`: no follow-up yet) may move to `to`.
    pub fn legal_move(from: Option<Status>, to: Status) -> bool {
        use Status::*;
        matches!(
            (from, to),
            (None, Open)
                | (Some(Open), InProgress)
                | (Some(Open), Closed)
                | (Some(InProgress), Closed)
                | (Some(InProgress), Open)
                | (Some(Closed), Open)
        )
    }
}

/// The SQL expression of a response's current status (`r` is the response):
/// the latest event's, else `open` for a detractor, else NULL.
pub const STATUS_SQL: &str = "COALESCE(
    (SELECT f.status FROM follow_up_events f WHERE f.response_id = r.id ORDER BY f.id DESC LIMIT 1),
    CASE WHEN r.rating BETWEEN 0 AND 6 THEN 'open' END)";

/// One event as answered.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Event {
    pub at: String,
    pub by: Employee,
    /// `status` or `note`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The status after the event (for a note: the status it was written in).
    pub status: Status,
    pub text: String,
}

/// A response's follow-up as the card shows it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FollowUp {
    pub status: Status,
    /// When the current status began (a by-rule `open`: the rating time).
    pub since: Option<String>,
    pub last: Option<Event>,
    pub events: u64,
}

/// What a response is, as far as its follow-up goes.
pub struct Subject {
    pub id: i64,
    pub rating: Option<u8>,
    pub rating_time: Option<String>,
}

fn is_detractor(rating: Option<u8>) -> bool {
    rating.is_some_and(|r| r <= 6)
}

struct StoredEvent {
    event: Event,
    status_change: bool,
}

fn event_row(r: &rusqlite::Row) -> rusqlite::Result<(i64, StoredEvent)> {
    let kind: String = r.get(2)?;
    let status: String = r.get(3)?;
    Ok((
        r.get(0)?,
        StoredEvent {
            event: Event {
                at: r.get(1)?,
                by: Employee { email: r.get(5)?, first_name: r.get(6)?, last_name: r.get(7)? },
                kind: if kind == "status" { "status" } else { "note" }.to_owned(),
                status: Status::parse(&status).unwrap_or(Status::Open),
                text: r.get(4)?,
            },
            status_change: kind == "status",
        },
    ))
}

const EVENT_COLUMNS: &str = "f.response_id, f.at, f.type, f.status, f.text, f.by_email, e.first_name, e.last_name, f.id
    FROM follow_up_events f
    LEFT JOIN employees e ON e.company_id = f.company_id AND e.email = f.by_email";

/// Every event of the responses `ids` (of `company`), oldest first, by response.
fn events_of(conn: &Connection, company: i64, ids: &[i64]) -> rusqlite::Result<HashMap<i64, Vec<StoredEvent>>> {
    let mut by_response: HashMap<i64, Vec<StoredEvent>> = HashMap::new();
    if ids.is_empty() {
        return Ok(by_response);
    }
    let marks = vec!["?"; ids.len()].join(",");
    let mut values: Vec<rusqlite::types::Value> = vec![company.into()];
    values.extend(ids.iter().map(|i| rusqlite::types::Value::from(*i)));
    let mut stmt = conn.prepare(&format!(
        "SELECT {EVENT_COLUMNS} WHERE f.company_id = ? AND f.response_id IN ({marks}) ORDER BY f.id"
    ))?;
    for row in stmt.query_map(params_from_iter(values.iter()), event_row)? {
        let (id, e) = row?;
        by_response.entry(id).or_default().push(e);
    }
    Ok(by_response)
}

/// An event with its place in the company's log.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LoggedEvent {
    /// Grows with each event: the next read asks for those after it.
    pub id: i64,
    pub response_id: i64,
    #[serde(flatten)]
    pub event: Event,
}

/// The events of `company` after event `after`, oldest first, at most `limit`.
pub fn events_after(conn: &Connection, company: i64, after: i64, limit: u32) -> rusqlite::Result<Vec<LoggedEvent>> {
    let mut stmt =
        conn.prepare(&format!("SELECT {EVENT_COLUMNS} WHERE f.company_id = ?1 AND f.id > ?2 ORDER BY f.id LIMIT ?3"))?;
    let rows = stmt.query_map(params![company, after, limit], |r| {
        let (response_id, stored) = event_row(r)?;
        Ok(LoggedEvent { id: r.get(8)?, response_id, event: stored.event })
    })?;
    rows.collect()
}

fn follow_up_from(subject: &Subject, events: &[StoredEvent]) -> Option<FollowUp> {
    let Some(last) = events.last() else {
        return is_detractor(subject.rating).then(|| FollowUp {
            status: Status::Open,
            since: subject.rating_time.clone(),
            last: None,
            events: 0,
        });
    };
    let since = match events.iter().rev().find(|e| e.status_change) {
        Some(e) => Some(e.event.at.clone()),
        None => subject.rating_time.clone(),
    };
    Some(FollowUp { status: last.event.status, since, last: Some(last.event.clone()), events: events.len() as u64 })
}

/// The follow-ups of `subjects` (responses of `company`), by response id.
pub fn follow_ups(conn: &Connection, company: i64, subjects: &[Subject]) -> rusqlite::Result<HashMap<i64, FollowUp>> {
    let ids: Vec<i64> = subjects.iter().map(|s| s.id).collect();
    let events = events_of(conn, company, &ids)?;
    Ok(subjects
        .iter()
        .filter_map(|s| {
            let list = events.get(&s.id).map(Vec::as_slice).unwrap_or(&[]);
            follow_up_from(s, list).map(|f| (s.id, f))
        })
        .collect())
}

/// A response of `company` with its follow-up subject, if it exists.
pub fn subject(conn: &Connection, company: i64, id: i64) -> rusqlite::Result<Option<Subject>> {
    conn.query_row(
        "SELECT id, rating, rating_time FROM responses WHERE id = ?1 AND company_id = ?2",
        params![id, company],
        |r| Ok(Subject { id: r.get(0)?, rating: r.get(1)?, rating_time: r.get(2)? }),
    )
    .optional()
}

/// The follow-up and every event (oldest first) of one response.
pub fn history(conn: &Connection, company: i64, subject: &Subject) -> rusqlite::Result<(Option<FollowUp>, Vec<Event>)> {
    let mut events = events_of(conn, company, &[subject.id])?;
    let list = events.remove(&subject.id).unwrap_or_default();
    let follow_up = follow_up_from(subject, &list);
    Ok((follow_up, list.into_iter().map(|e| e.event).collect()))
}

/// A change an employee asks for, already validated.
pub struct Change {
    /// The status the card showed (`None`: no follow-up).
    pub seen: Option<Status>,
    pub status: Option<Status>,
    /// Trimmed, at most [`MAX_NOTE_CHARS`]; empty when none.
    pub note: String,
}

/// What a change came to.
pub enum Outcome {
    /// Applied (or answered again for a repeated idempotency key).
    Done(FollowUp),
    NoSuchResponse,
    /// `seen` is stale or the move is illegal: the current follow-up.
    Conflict {
        message: String,
        current: Option<FollowUp>,
    },
}

/// An idempotency key of one employee on one response.
pub struct Idempotency<'a> {
    pub key: &'a str,
    pub now_unix: i64,
}

/// Applies `change` by `author` to response `id` of `company`, in one
/// immediate transaction: `seen` is compared with the status inside it, so
/// of two agents acting on the same status only the first succeeds.
pub fn apply(
    conn: &mut Connection,
    company: i64,
    id: i64,
    author: &str,
    change: &Change,
    idempotency: Option<Idempotency>,
    now_unix: i64,
) -> rusqlite::Result<Outcome> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(subject) = subject(&tx, company, id)? else {
        return Ok(Outcome::NoSuchResponse);
    };
    if let Some(idem) = &idempotency {
        let earlier: Option<String> = tx
            .query_row(
                "SELECT answer FROM follow_up_idempotency
                 WHERE company_id = ?1 AND employee_email = ?2 AND response_id = ?3 AND key = ?4 AND created_unix > ?5",
                params![company, author, id, idem.key, idem.now_unix - IDEMPOTENCY_SECS],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(answer) = earlier.and_then(|a| serde_json::from_str::<FollowUp>(&a).ok()) {
            return Ok(Outcome::Done(answer));
        }
    }
    let (current, _) = history(&tx, company, &subject)?;
    let current_status = current.as_ref().map(|f| f.status);
    if change.seen != current_status {
        let message = format!(
            "the follow-up is {} now, not {} as seen; reload it and try again",
            status_name(current_status),
            status_name(change.seen)
        );
        return Ok(Outcome::Conflict { message, current });
    }
    let (kind, status) = match change.status {
        Some(_) if subject.rating.is_none() => {
            let message = "the survey is not answered yet: there is nothing to follow up".to_owned();
            return Ok(Outcome::Conflict { message, current });
        }
        Some(to) => {
            if !Status::legal_move(current_status, to) {
                let message = format!("a follow-up cannot go from {} to {}", status_name(current_status), to.as_str());
                return Ok(Outcome::Conflict { message, current });
            }
            ("status", to)
        }
        None => match current_status {
            Some(s) => ("note", s),
            None => {
                let message = "this response has no follow-up to add a note to; open one first".to_owned();
                return Ok(Outcome::Conflict { message, current });
            }
        },
    };
    append_event(&tx, company, id, now_unix, author, kind, status, &change.note)?;
    let (after, _) = history(&tx, company, &subject)?;
    let Some(after) = after else {
        // An event was just stored: there is a follow-up.
        return Err(rusqlite::Error::QueryReturnedNoRows);
    };
    if let Some(idem) = &idempotency {
        let answer = serde_json::to_string(&after).unwrap_or_default();
        tx.execute(
            "INSERT OR REPLACE INTO follow_up_idempotency (company_id, employee_email, response_id, key, answer, created_unix)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![company, author, id, idem.key, answer, idem.now_unix],
        )?;
    }
    tx.commit()?;
    Ok(Outcome::Done(after))
}

/// Appends one event (`kind`: `status` or `note`; `status`: the status
/// after it), unchecked: [`apply`] checks, the demo data is known good.
#[allow(clippy::too_many_arguments)]
pub fn append_event(
    conn: &Connection,
    company: i64,
    response_id: i64,
    at_unix: i64,
    by: &str,
    kind: &str,
    status: Status,
    text: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO follow_up_events (company_id, response_id, at, at_unix, by_email, type, status, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![company, response_id, crate::clock::iso(at_unix), at_unix, by, kind, status.as_str(), text],
    )?;
    Ok(())
}

/// Forgets idempotency keys older than [`IDEMPOTENCY_SECS`] (they no
/// longer answer anything).
pub fn delete_expired_idempotency_keys(conn: &Connection, now_unix: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM follow_up_idempotency WHERE created_unix <= ?1", [now_unix - IDEMPOTENCY_SECS])
}

fn status_name(s: Option<Status>) -> &'static str {
    s.map(Status::as_str).unwrap_or("none")
}

/// How many follow-ups are open and in progress among the responses
/// `clause` selects (`r` is the response), in one pass.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Waiting {
    pub open: u64,
    pub in_progress: u64,
    /// Of the open ones, those of detractor responses (0–6): what a
    /// summary's `waitingForFollowUp` counts.
    pub open_detractors: u64,
}

pub fn waiting(conn: &Connection, clause: &str, values: &[rusqlite::types::Value]) -> rusqlite::Result<Waiting> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {STATUS_SQL} AS s, COUNT(*), COALESCE(SUM(r.rating BETWEEN 0 AND 6), 0)
         FROM responses r WHERE {clause} AND s IN ('open', 'in_progress') GROUP BY s"
    ))?;
    let mut counts = Waiting::default();
    let rows = stmt.query_map(params_from_iter(values.iter()), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
    })?;
    for row in rows {
        match row? {
            (s, n, detractors) if s == "open" => {
                counts.open = n as u64;
                counts.open_detractors = detractors as u64;
            }
            (_, n, _) => counts.in_progress = n as u64,
        }
    }
    Ok(counts)
}

/// A detractor response: who it belongs to, and seconds from its rating to
/// its first follow-up event (`None`: not followed up).
pub struct DetractorDelay {
    pub employee_email: Option<String>,
    pub first_after_secs: Option<i64>,
}

/// The detractor responses of `company` rated in `[from, to)` (Unix
/// seconds), optionally only `employee`'s.
pub fn detractor_delays(
    conn: &Connection,
    company: i64,
    from: i64,
    to: i64,
    employee: Option<&str>,
) -> rusqlite::Result<Vec<DetractorDelay>> {
    let mut stmt = conn.prepare(
        "SELECT r.employee_email,
                (SELECT MIN(f.at_unix) FROM follow_up_events f WHERE f.response_id = r.id)
                  - CAST(strftime('%s', r.rating_time) AS INTEGER)
         FROM responses r
         WHERE r.company_id = ?1 AND r.rating BETWEEN 0 AND 6 AND r.rating_time IS NOT NULL
           AND CAST(strftime('%s', r.rating_time) AS INTEGER) >= ?2
           AND CAST(strftime('%s', r.rating_time) AS INTEGER) < ?3
           AND (?4 IS NULL OR r.employee_email = ?4)",
    )?;
    let rows = stmt.query_map(params![company, from, to, employee], |r| {
        Ok(DetractorDelay { employee_email: r.get(0)?, first_after_secs: r.get(1)? })
    })?;
    rows.collect()
}

/// Figures over a set of detractor responses.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Timeliness {
    pub detractors: u64,
    pub followed_up: u64,
    /// Share of the detractors whose first event came within 48 h of the rating.
    pub within48h: Option<f64>,
    /// Median hours from rating to first event, over those followed up.
    pub median_hours: Option<f64>,
}

impl Timeliness {
    pub fn of<'a>(delays: impl IntoIterator<Item = &'a DetractorDelay>) -> Timeliness {
        let mut detractors = 0u64;
        let mut timely = 0u64;
        let mut hours: Vec<f64> = Vec::new();
        for d in delays {
            detractors += 1;
            if let Some(secs) = d.first_after_secs {
                hours.push(secs as f64 / 3600.0);
                if secs <= TIMELY_SECS {
                    timely += 1;
                }
            }
        }
        hours.sort_by(f64::total_cmp);
        let median_hours = match hours.len() {
            0 => None,
            n if n % 2 == 1 => Some(hours[n / 2]),
            n => Some((hours[n / 2 - 1] + hours[n / 2]) / 2.0),
        };
        Timeliness {
            detractors,
            followed_up: hours.len() as u64,
            within48h: (detractors > 0).then(|| timely as f64 / detractors as f64),
            median_hours,
        }
    }
}
