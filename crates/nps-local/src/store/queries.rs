//! The queries the endpoints run. Identifiers arrive already normalised
//! (lower-case email, E.164 phone), as they are stored.

use feedback_core::model::{Employee, MatchKind, Respondent, ResponseFilter, SurveyResponse};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use super::secret_digest;

#[derive(Clone, Debug)]
pub struct TokenRow {
    /// The digest of the API key the token was issued with.
    pub api_key_digest: String,
    pub company_id: i64,
    pub employee_email: Option<String>,
    pub expires_at: i64,
}

/// The company an API key belongs to (keys are kept as digests).
pub fn company_of_key(conn: &Connection, key: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT company_id FROM api_keys WHERE key = ?1", [secret_digest(key)], |r| r.get(0)).optional()
}

/// The company of a named company (the IVR config file names its owner).
pub fn company_named(conn: &Connection, name: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT MIN(id) FROM companies WHERE name = ?1", [name], |r| r.get(0))
}

/// The company of `key`, created (named `name`) when the key is new.
pub fn add_company(conn: &Connection, key: &str, name: &str) -> rusqlite::Result<i64> {
    if let Some(id) = company_of_key(conn, key)? {
        return Ok(id);
    }
    conn.execute("INSERT INTO companies (name) VALUES (?1)", [name])?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO api_keys (key, name, company_id) VALUES (?1, ?2, ?3)",
        params![secret_digest(key), name, id],
    )?;
    Ok(id)
}

/// The company that has been there longest (the default owner of the IVR config file).
pub fn first_company(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT MIN(id) FROM companies", [], |r| r.get(0))
}

pub fn insert_token(
    conn: &Connection,
    token: &str,
    api_key: &str,
    employee_email: Option<&str>,
    expires_at: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO tokens (token, api_key, employee_email, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![secret_digest(token), secret_digest(api_key), employee_email, expires_at],
    )?;
    Ok(())
}

pub fn find_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<TokenRow>> {
    conn.query_row(
        "SELECT t.api_key, k.company_id, t.employee_email, t.expires_at FROM tokens t
         JOIN api_keys k ON k.key = t.api_key WHERE t.token = ?1",
        [secret_digest(token)],
        |r| {
            Ok(TokenRow {
                api_key_digest: r.get(0)?,
                company_id: r.get(1)?,
                employee_email: r.get(2)?,
                expires_at: r.get(3)?,
            })
        },
    )
    .optional()
}

/// Ends every token of a company now (the preview's "expire the token").
pub fn expire_tokens(conn: &Connection, company: i64, now: i64) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE tokens SET expires_at = ?2
         WHERE api_key IN (SELECT key FROM api_keys WHERE company_id = ?1) AND expires_at > ?2",
        params![company, now],
    )
}

/// Deletes tokens that expired before `before`.
pub fn delete_expired_tokens(conn: &Connection, before: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM tokens WHERE expires_at < ?1", [before])
}

/// A matched respondent with its row id.
pub struct MatchedRespondent {
    pub row_id: i64,
    pub respondent: Respondent,
}

/// Respondents whose email or phone matches, each with how it matched.
pub fn find_respondents(
    conn: &Connection,
    company: i64,
    email: Option<&str>,
    phone: Option<&str>,
) -> rusqlite::Result<Vec<MatchedRespondent>> {
    let mut stmt = conn.prepare(
        "SELECT id, email, phone, first_name, last_name, external_id FROM respondents
         WHERE company_id = ?3 AND ((?1 IS NOT NULL AND email = ?1) OR (?2 IS NOT NULL AND phone = ?2)) ORDER BY id",
    )?;
    let rows = stmt.query_map(params![email, phone, company], |r| {
        let row_email: Option<String> = r.get(1)?;
        let row_phone: Option<String> = r.get(2)?;
        let mut matched_by = Vec::new();
        if email.is_some() && row_email.as_deref() == email {
            matched_by.push(MatchKind::Email);
        }
        if phone.is_some() && row_phone.as_deref() == phone {
            matched_by.push(MatchKind::Phone);
        }
        Ok(MatchedRespondent {
            row_id: r.get(0)?,
            respondent: Respondent {
                id: Some(r.get::<_, i64>(0)?.to_string()),
                email: row_email,
                phone: row_phone,
                first_name: r.get(3)?,
                last_name: r.get(4)?,
                external_id: r.get(5)?,
                matched_by,
            },
        })
    })?;
    rows.collect()
}

const RESPONSE_COLUMNS: &str = "
    r.id, r.campaign_id, c.name, r.rating, r.comment, r.rating_time, r.comment_time, r.survey_send_time,
    r.survey_bounced_time, r.do_not_contact, r.agent_rating, r.channel, r.external_id, r.custom_json,
    r.employee_email, e.first_name, e.last_name,
    p.id, p.email, p.phone, p.first_name, p.last_name, p.external_id
    FROM responses r
    JOIN respondents p ON p.id = r.respondent_id
    LEFT JOIN campaigns c ON c.id = r.campaign_id
    LEFT JOIN employees e ON e.company_id = r.company_id AND e.email = r.employee_email";

fn custom_fields(json: &str) -> Vec<(String, String)> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str(json) else {
        return Vec::new();
    };
    map.into_iter()
        .filter_map(|(k, v)| match v {
            serde_json::Value::String(s) => Some((k, s)),
            serde_json::Value::Number(n) => Some((k, n.to_string())),
            serde_json::Value::Bool(b) => Some((k, b.to_string())),
            _ => None,
        })
        .collect()
}

fn response_from_row(r: &Row) -> rusqlite::Result<SurveyResponse> {
    let employee_email: Option<String> = r.get(14)?;
    Ok(SurveyResponse {
        id: Some(r.get::<_, i64>(0)?.to_string()),
        campaign_id: r.get::<_, Option<i64>>(1)?.map(|i| i.to_string()),
        campaign_name: r.get(2)?,
        rating: r.get::<_, Option<u8>>(3)?,
        comment: r.get(4)?,
        rating_time: r.get(5)?,
        comment_time: r.get(6)?,
        survey_send_time: r.get(7)?,
        survey_bounced_time: r.get(8)?,
        do_not_contact: r.get::<_, i64>(9)? != 0,
        agent_rating: r.get::<_, Option<u8>>(10)?,
        channel: r.get(11)?,
        external_id: r.get(12)?,
        custom: custom_fields(&r.get::<_, String>(13)?),
        employee: employee_email.map(|email| Employee {
            email: Some(email),
            first_name: r.get(15).unwrap_or(None),
            last_name: r.get(16).unwrap_or(None),
        }),
        respondent: Some(Respondent {
            id: Some(r.get::<_, i64>(17)?.to_string()),
            email: r.get(18)?,
            phone: r.get(19)?,
            first_name: r.get(20)?,
            last_name: r.get(21)?,
            external_id: r.get(22)?,
            matched_by: Vec::new(),
        }),
        answers: Vec::new(),
        follow_up: None,
    })
}

/// Which responses a page is taken from.
pub enum Owner<'a> {
    /// Respondent row ids, already of one company.
    Respondents(&'a [i64]),
    Employee {
        company: i64,
        email: &'a str,
    },
}

impl Owner<'_> {
    /// The SQL condition on `r` (the response) and its values.
    pub fn clause(&self) -> (String, Vec<rusqlite::types::Value>) {
        match self {
            Owner::Respondents(ids) => {
                let marks = vec!["?"; ids.len()].join(",");
                (format!("r.respondent_id IN ({marks})"), ids.iter().map(|i| (*i).into()).collect())
            }
            Owner::Employee { company, email } => {
                ("r.company_id = ? AND r.employee_email = ?".into(), vec![(*company).into(), email.to_string().into()])
            }
        }
    }
}

/// Which responses a page lists: the card's filters, and those waiting
/// for a follow-up (`open` or `in_progress`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFilter {
    Responses(ResponseFilter),
    WaitingForFollowUp,
}

impl ListFilter {
    /// The `filter` query value.
    pub fn parse(value: &str) -> Option<ListFilter> {
        match value.trim() {
            "waiting" => Some(ListFilter::WaitingForFollowUp),
            other => ResponseFilter::parse(other).map(ListFilter::Responses),
        }
    }
}

/// One page, newest first, and the total count (both after `filter`).
pub fn responses_page(
    conn: &Connection,
    owner: &Owner,
    filter: ListFilter,
    page: u32,
    page_size: u32,
) -> rusqlite::Result<(Vec<SurveyResponse>, u64)> {
    let (mut clause, mut values) = owner.clause();
    match filter {
        ListFilter::Responses(ResponseFilter::All) => {}
        ListFilter::Responses(ResponseFilter::Detractors) => clause.push_str(" AND r.rating BETWEEN 0 AND 6"),
        ListFilter::Responses(ResponseFilter::Commented) => clause.push_str(" AND TRIM(COALESCE(r.comment, '')) <> ''"),
        ListFilter::WaitingForFollowUp | ListFilter::Responses(ResponseFilter::Waiting) => {
            clause.push_str(&format!(" AND {} IN ('open', 'in_progress')", super::follow_up::STATUS_SQL))
        }
    }
    if matches!(owner, Owner::Respondents(ids) if ids.is_empty()) {
        return Ok((Vec::new(), 0));
    }
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM responses r WHERE {clause}"),
        params_from_iter(values.iter()),
        |r| r.get(0),
    )?;
    values.push(i64::from(page_size).into());
    values.push(((i64::from(page) - 1) * i64::from(page_size)).into());
    let sql = format!("SELECT {RESPONSE_COLUMNS} WHERE {clause} ORDER BY r.sort_time DESC, r.id DESC LIMIT ? OFFSET ?");
    let mut stmt = conn.prepare(&sql)?;
    let items =
        stmt.query_map(params_from_iter(values.iter()), response_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((items, total as u64))
}

/// (rating, agent rating, rating time) of one response.
pub type RatingRow = (Option<u8>, Option<u8>, Option<String>);

/// (rating, agent rating, rating time) of every response of the owner,
/// for summaries over all rows (not one page).
pub fn rating_rows(conn: &Connection, owner: &Owner) -> rusqlite::Result<Vec<RatingRow>> {
    if matches!(owner, Owner::Respondents(ids) if ids.is_empty()) {
        return Ok(Vec::new());
    }
    let (clause, values) = owner.clause();
    let mut stmt =
        conn.prepare(&format!("SELECT r.rating, r.agent_rating, r.rating_time FROM responses r WHERE {clause}"))?;
    let rows = stmt.query_map(params_from_iter(values.iter()), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

pub fn find_employee(conn: &Connection, company: i64, email: &str) -> rusqlite::Result<Option<Employee>> {
    conn.query_row(
        "SELECT email, first_name, last_name FROM employees WHERE company_id = ?1 AND email = ?2",
        params![company, email],
        |r| Ok(Employee { email: r.get(0)?, first_name: r.get(1)?, last_name: r.get(2)? }),
    )
    .optional()
}

pub fn upsert_employee(
    conn: &Connection,
    company: i64,
    email: &str,
    first_name: Option<&str>,
    last_name: Option<&str>,
    phone: Option<&str>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO employees (email, first_name, last_name, phone, company_id) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(company_id, email) DO UPDATE SET first_name = COALESCE(excluded.first_name, first_name),
           last_name = COALESCE(excluded.last_name, last_name), phone = COALESCE(excluded.phone, phone)",
        params![email, first_name, last_name, phone, company],
    )?;
    Ok(())
}

/// Creates or renames a campaign of `company`; `Ok(false)` when the id
/// belongs to another company (campaign ids are global, as in nps.today).
pub fn upsert_campaign(conn: &Connection, company: i64, id: i64, name: &str) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "INSERT INTO campaigns (id, name, company_id) VALUES (?1, ?2, ?3)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name WHERE company_id = excluded.company_id",
        params![id, name, company],
    )?;
    Ok(n == 1)
}

/// The company a campaign id belongs to, if it exists.
pub fn campaign_owner(conn: &Connection, id: i64) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT company_id FROM campaigns WHERE id = ?1", [id], |r| r.get(0)).optional()
}

/// Who a requester is, among `company`'s respondents, following the evidence from strongest to weakest:
///
/// 1. the Dixa requester id (external id) names one person, whatever their
///    contact data is today: this conversation's email and phone become theirs;
/// 2. else the email, unless the respondent holding it carries another Dixa id
///    (a shared mailbox is not one person);
/// 3. else the phone, and only when exactly one respondent holds it with no
///    conflicting email or id (families and switchboards share phones);
/// 4. else a new respondent.
///
/// A match by email or phone only fills the respondent's gaps. Returns the row id.
pub fn find_or_create_respondent(conn: &Connection, company: i64, r: &NewRespondent) -> rusqlite::Result<i64> {
    if let Some(id) = respondent_by_external_id(conn, company, r)? {
        conn.execute(
            "UPDATE respondents SET email = COALESCE(?2, email), phone = COALESCE(?3, phone),
               first_name = COALESCE(?4, first_name) WHERE id = ?1",
            params![id, r.email, r.phone, r.first_name],
        )?;
        return Ok(id);
    }
    let by_email = match &r.email {
        Some(email) => respondents_holding(conn, company, "email", email)?
            .into_iter()
            .find(|c| agrees(&c.external_id, &r.external_id))
            .map(|c| c.id),
        None => None,
    };
    let by_phone = || -> rusqlite::Result<Option<i64>> {
        let Some(phone) = &r.phone else { return Ok(None) };
        let fitting: Vec<_> = respondents_holding(conn, company, "phone", phone)?
            .into_iter()
            .filter(|c| agrees(&c.external_id, &r.external_id) && agrees(&c.email, &r.email))
            .collect();
        Ok(match fitting.as_slice() {
            [only] => Some(only.id),
            _ => None,
        })
    };
    let found = match by_email {
        Some(id) => Some(id),
        None => by_phone()?,
    };
    if let Some(id) = found {
        conn.execute(
            "UPDATE respondents SET email = COALESCE(email, ?2), phone = COALESCE(phone, ?3),
               first_name = COALESCE(first_name, ?4), external_id = COALESCE(external_id, ?5) WHERE id = ?1",
            params![id, r.email, r.phone, r.first_name, r.external_id],
        )?;
        return Ok(id);
    }
    conn.execute(
        "INSERT INTO respondents (email, phone, first_name, last_name, external_id, company_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![r.email, r.phone, r.first_name, r.last_name, r.external_id, company],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Two values conflict only when both are known and differ.
fn agrees(stored: &Option<String>, given: &Option<String>) -> bool {
    match (stored, given) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

fn respondent_by_external_id(conn: &Connection, company: i64, r: &NewRespondent) -> rusqlite::Result<Option<i64>> {
    let Some(external_id) = &r.external_id else { return Ok(None) };
    conn.query_row(
        "SELECT id FROM respondents WHERE company_id = ?1 AND external_id = ?2 ORDER BY id LIMIT 1",
        params![company, external_id],
        |row| row.get(0),
    )
    .optional()
}

struct Candidate {
    id: i64,
    email: Option<String>,
    external_id: Option<String>,
}

/// Respondents whose `column` (`email` or `phone`, never input) is `value`, oldest first.
fn respondents_holding(conn: &Connection, company: i64, column: &str, value: &str) -> rusqlite::Result<Vec<Candidate>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, email, external_id FROM respondents WHERE company_id = ?1 AND {column} = ?2 ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![company, value], |row| {
        Ok(Candidate { id: row.get(0)?, email: row.get(1)?, external_id: row.get(2)? })
    })?;
    rows.collect()
}

pub struct NewRespondent {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub external_id: Option<String>,
}

/// A response row to insert (demo data and the relay).
#[derive(Default)]
pub struct NewResponse {
    pub company_id: i64,
    pub campaign_id: Option<i64>,
    pub respondent_id: i64,
    pub employee_email: Option<String>,
    pub rating: Option<u8>,
    pub comment: Option<String>,
    pub rating_time: Option<String>,
    pub survey_send_time: String,
    pub survey_bounced_time: Option<String>,
    pub do_not_contact: bool,
    pub agent_rating: Option<u8>,
    pub channel: Option<String>,
    pub external_id: Option<String>,
    pub custom_json: String,
}

/// The requester's contact data as the conversation had it.
#[derive(Default, Clone)]
pub struct MemberContact {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub name: Option<String>,
}

pub fn insert_response(conn: &Connection, n: &NewResponse) -> rusqlite::Result<i64> {
    let sort_time = n.rating_time.clone().unwrap_or_else(|| n.survey_send_time.clone());
    let custom = if n.custom_json.is_empty() { "{}" } else { n.custom_json.as_str() };
    conn.execute(
        "INSERT INTO responses (campaign_id, respondent_id, employee_email, rating, comment, rating_time, comment_time,
           survey_send_time, survey_bounced_time, do_not_contact, agent_rating, channel, external_id, custom_json, sort_time,
           company_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?5 IS NULL THEN NULL ELSE ?6 END, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            n.campaign_id, n.respondent_id, n.employee_email, n.rating, n.comment, n.rating_time, n.survey_send_time,
            n.survey_bounced_time, n.do_not_contact, n.agent_rating, n.channel, n.external_id, custom, sort_time,
            n.company_id
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Stores the contact data a member's survey is sent to.
pub fn set_member_contact(conn: &Connection, member_id: i64, c: &MemberContact) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE responses SET contact_email = ?2, contact_phone = ?3, contact_name = ?4 WHERE id = ?1",
        params![member_id, c.email, c.phone, c.name],
    )?;
    Ok(())
}

/// Records the customer's answer to a survey. `Ok(false)` if no such survey.
pub fn answer_survey(
    conn: &Connection,
    company: i64,
    id: i64,
    rating: u8,
    comment: Option<&str>,
    now: &str,
) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "UPDATE responses SET rating = ?2, comment = ?3, rating_time = ?4,
           comment_time = CASE WHEN ?3 IS NULL THEN NULL ELSE ?4 END, sort_time = ?4 WHERE id = ?1 AND company_id = ?5",
        params![id, rating, comment, now, company],
    )?;
    Ok(n == 1)
}

pub struct IvrMapping {
    pub queue_id: String,
    pub name: String,
    pub provider: String,
    pub campaign_id: i64,
    pub dixa_api_key: String,
}

/// An `ivr_mappings` row selected as `queue_id, name, provider, campaign_id, dixa_api_key`.
fn ivr_row(r: &rusqlite::Row) -> rusqlite::Result<IvrMapping> {
    Ok(IvrMapping {
        queue_id: r.get(0)?,
        name: r.get(1)?,
        provider: r.get(2)?,
        campaign_id: r.get(3)?,
        dixa_api_key: r.get(4)?,
    })
}

/// The company's mapping of a queue (another company's is not seen).
pub fn find_ivr(conn: &Connection, company: i64, queue_id: &str) -> rusqlite::Result<Option<IvrMapping>> {
    conn.query_row(
        "SELECT queue_id, name, provider, campaign_id, dixa_api_key FROM ivr_mappings
         WHERE queue_id = ?1 AND company_id = ?2",
        params![queue_id, company],
        ivr_row,
    )
    .optional()
}

pub fn list_ivr(conn: &Connection, company: i64) -> rusqlite::Result<Vec<IvrMapping>> {
    let mut stmt = conn.prepare(
        "SELECT queue_id, name, provider, campaign_id, dixa_api_key FROM ivr_mappings WHERE company_id = ?1 ORDER BY name",
    )?;
    let rows = stmt.query_map([company], ivr_row)?;
    rows.collect()
}

/// Creates or replaces the company's mapping of a queue; `Ok(false)` (and
/// nothing changed) when another company has mapped that queue.
pub fn upsert_ivr(conn: &Connection, company: i64, m: &IvrMapping) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "INSERT INTO ivr_mappings (queue_id, name, provider, campaign_id, dixa_api_key, company_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(queue_id) DO UPDATE SET name = excluded.name, provider = excluded.provider,
           campaign_id = excluded.campaign_id, dixa_api_key = excluded.dixa_api_key
         WHERE company_id = excluded.company_id",
        params![m.queue_id, m.name, m.provider, m.campaign_id, m.dixa_api_key, company],
    )?;
    Ok(n == 1)
}

/// A webhook event already handled: (outcome, member id).
pub fn find_relay_event(
    conn: &Connection,
    company: i64,
    event_id: &str,
) -> rusqlite::Result<Option<(String, Option<i64>)>> {
    conn.query_row(
        "SELECT outcome, response_id FROM relay_events WHERE company_id = ?1 AND event_id = ?2",
        params![company, event_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

pub fn record_relay_event(
    conn: &Connection,
    company: i64,
    event_id: &str,
    outcome: &str,
    response_id: Option<i64>,
    now: &str,
) -> rusqlite::Result<()> {
    // Only a created member settles an event id for good: an ignored event is
    // judged afresh when delivered again (the queue may be mapped since).
    conn.execute(
        "INSERT OR REPLACE INTO relay_events (event_id, response_id, outcome, received_at, company_id)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![event_id, response_id, outcome, now, company],
    )?;
    Ok(())
}

pub fn count_rows(conn: &Connection, table: &str) -> rusqlite::Result<i64> {
    // `table` is always a literal from this crate, never input.
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
}

/// Every campaign of `company`, by name (the IVR set-up screen's choice).
pub fn list_campaigns(conn: &Connection, company: i64) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare("SELECT id, name FROM campaigns WHERE company_id = ?1 ORDER BY name, id")?;
    let rows = stmt.query_map([company], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// The company's Dixa webhook secret (hex), if it stored one.
pub fn webhook_secret(conn: &Connection, company: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT secret FROM webhook_secrets WHERE company_id = ?1", [company], |r| r.get(0)).optional()
}

/// Stores the company's Dixa webhook secret, or forgets it (`None`).
pub fn set_webhook_secret(conn: &Connection, company: i64, secret: Option<&str>) -> rusqlite::Result<()> {
    match secret {
        Some(s) => conn.execute(
            "INSERT INTO webhook_secrets (company_id, secret) VALUES (?1, ?2)
             ON CONFLICT(company_id) DO UPDATE SET secret = excluded.secret",
            params![company, s],
        )?,
        None => conn.execute("DELETE FROM webhook_secrets WHERE company_id = ?1", [company])?,
    };
    Ok(())
}
