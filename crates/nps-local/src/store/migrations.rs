//! Schema migrations, tracked in SQLite's `user_version`.

use rusqlite::Connection;

/// Each entry moves the schema one version up. Never edit a shipped entry;
/// add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: the initial schema.
    r#"
    CREATE TABLE api_keys (
        key TEXT PRIMARY KEY,
        name TEXT NOT NULL
    );
    CREATE TABLE tokens (
        token TEXT PRIMARY KEY,
        api_key TEXT NOT NULL REFERENCES api_keys(key),
        employee_email TEXT,
        expires_at INTEGER NOT NULL
    );
    CREATE TABLE employees (
        email TEXT PRIMARY KEY,            -- lower-case
        first_name TEXT,
        last_name TEXT,
        phone TEXT
    );
    CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL
    );
    CREATE TABLE respondents (
        id INTEGER PRIMARY KEY,
        email TEXT,                        -- lower-case
        phone TEXT,                        -- E.164
        first_name TEXT,
        last_name TEXT,
        external_id TEXT
    );
    CREATE INDEX respondents_email ON respondents(email);
    CREATE INDEX respondents_phone ON respondents(phone);
    -- A campaign member: a survey sent to a respondent, answered or not.
    CREATE TABLE responses (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER REFERENCES campaigns(id),
        respondent_id INTEGER NOT NULL REFERENCES respondents(id),
        employee_email TEXT,
        rating INTEGER CHECK (rating BETWEEN 0 AND 10),
        comment TEXT,
        rating_time TEXT,
        comment_time TEXT,
        survey_send_time TEXT,
        survey_bounced_time TEXT,
        do_not_contact INTEGER NOT NULL DEFAULT 0,
        agent_rating INTEGER CHECK (agent_rating BETWEEN 0 AND 10),
        channel TEXT,
        external_id TEXT,
        custom_json TEXT NOT NULL DEFAULT '{}',
        sort_time TEXT NOT NULL            -- rating time, else send time
    );
    CREATE INDEX responses_respondent ON responses(respondent_id, sort_time DESC, id DESC);
    CREATE INDEX responses_employee ON responses(employee_email, sort_time DESC, id DESC);
    CREATE TABLE ivr_mappings (
        queue_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        provider TEXT NOT NULL DEFAULT 'Dixa',
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        dixa_api_key TEXT NOT NULL DEFAULT ''
    );
    -- Webhook deliveries already processed (Dixa retries): one member per event.
    CREATE TABLE relay_events (
        event_id TEXT PRIMARY KEY,
        response_id INTEGER REFERENCES responses(id),
        outcome TEXT NOT NULL,
        received_at TEXT NOT NULL
    );
    "#,
];

pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let current: usize = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
