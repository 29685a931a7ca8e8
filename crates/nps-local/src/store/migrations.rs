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
    // 2: one company per API key; everything a key creates belongs to its
    // company. Rows from before belonged to every key: they stay together
    // in company 1, which every key that existed then becomes part of.
    r#"
    CREATE TABLE companies (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL
    );
    INSERT INTO companies (id, name) SELECT 1, MIN(name) FROM api_keys HAVING COUNT(*) > 0;
    ALTER TABLE api_keys ADD COLUMN company_id INTEGER NOT NULL DEFAULT 0;
    UPDATE api_keys SET company_id = 1;
    ALTER TABLE campaigns ADD COLUMN company_id INTEGER NOT NULL DEFAULT 0;
    UPDATE campaigns SET company_id = 1;
    ALTER TABLE respondents ADD COLUMN company_id INTEGER NOT NULL DEFAULT 0;
    UPDATE respondents SET company_id = 1;
    DROP INDEX respondents_email;
    DROP INDEX respondents_phone;
    CREATE INDEX respondents_email ON respondents(company_id, email);
    CREATE INDEX respondents_phone ON respondents(company_id, phone);
    ALTER TABLE responses ADD COLUMN company_id INTEGER NOT NULL DEFAULT 0;
    UPDATE responses SET company_id = 1;
    DROP INDEX responses_employee;
    CREATE INDEX responses_employee ON responses(company_id, employee_email, sort_time DESC, id DESC);
    ALTER TABLE ivr_mappings ADD COLUMN company_id INTEGER NOT NULL DEFAULT 0;
    UPDATE ivr_mappings SET company_id = 1;
    -- The same person may work for two companies: employees are per company.
    CREATE TABLE employees_by_company (
        company_id INTEGER NOT NULL,
        email TEXT NOT NULL,               -- lower-case
        first_name TEXT,
        last_name TEXT,
        phone TEXT,
        PRIMARY KEY (company_id, email)
    );
    INSERT INTO employees_by_company SELECT 1, email, first_name, last_name, phone FROM employees;
    DROP TABLE employees;
    ALTER TABLE employees_by_company RENAME TO employees;
    -- Event ids are the sender's: one company's cannot shadow another's.
    CREATE TABLE relay_events_by_company (
        company_id INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        response_id INTEGER REFERENCES responses(id),
        outcome TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (company_id, event_id)
    );
    INSERT INTO relay_events_by_company SELECT 1, event_id, response_id, outcome, received_at FROM relay_events;
    DROP TABLE relay_events;
    ALTER TABLE relay_events_by_company RENAME TO relay_events;
    CREATE INDEX tokens_expiry ON tokens(expires_at);
    "#,
    // 3: a campaign member keeps the contact data of its own conversation
    // (a respondent's may change later), and P-GAP reads from Dixa's API that
    // have not succeeded yet survive a restart.
    r#"
    ALTER TABLE responses ADD COLUMN contact_email TEXT;
    ALTER TABLE responses ADD COLUMN contact_phone TEXT;
    ALTER TABLE responses ADD COLUMN contact_name TEXT;
    CREATE INDEX respondents_external_id ON respondents(company_id, external_id);
    CREATE TABLE pending_pgap_reads (
        response_id INTEGER PRIMARY KEY REFERENCES responses(id),
        company_id INTEGER NOT NULL,       -- the IVR is looked up among this company's
        queue_id TEXT NOT NULL,            -- whose IVR's Dixa API key to use, looked up at each try
        csid TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    "#,
    // 4: the reader gives a pending P-GAP read up a fixed time after the
    // webhook arrived, across restarts.
    r#"
    ALTER TABLE pending_pgap_reads ADD COLUMN created_unix INTEGER NOT NULL DEFAULT 0;
    UPDATE pending_pgap_reads SET created_unix = COALESCE(CAST(strftime('%s', created_at) AS INTEGER), 0);
    "#,
];

/// The schema version from which API keys and tokens are kept as SHA-256
/// digests (`api_keys.key`, `tokens.token`, `tokens.api_key`); the step is
/// Rust, since SQLite has no SHA-256.
const SECRETS_AS_DIGESTS: usize = 5;
// Versions are fixed once shipped: SQL steps after this one go in
// `AFTER_DIGESTS`.
const _: () = assert!(MIGRATIONS.len() + 1 == SECRETS_AS_DIGESTS);

pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let current: usize = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    if current < SECRETS_AS_DIGESTS {
        let tx = conn.unchecked_transaction()?;
        // Keys and the tokens that refer to them change together.
        tx.pragma_update(None, "defer_foreign_keys", "ON")?;
        for (table, column) in [("api_keys", "key"), ("tokens", "token"), ("tokens", "api_key")] {
            let plain: Vec<String> = tx
                .prepare(&format!("SELECT DISTINCT {column} FROM {table}"))?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for value in plain {
                tx.execute(
                    &format!("UPDATE {table} SET {column} = ?2 WHERE {column} = ?1"),
                    [&value, &super::secret_digest(&value)],
                )?;
            }
        }
        tx.pragma_update(None, "user_version", SECRETS_AS_DIGESTS as i64)?;
        tx.commit()?;
    }
    for (i, sql) in AFTER_DIGESTS.iter().enumerate() {
        let version = SECRETS_AS_DIGESTS + 1 + i;
        if current < version {
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version as i64)?;
            tx.commit()?;
        }
    }
    Ok(())
}

/// SQL steps after the digests one (version 6 on).
const AFTER_DIGESTS: &[&str] = &[
    // 6: a company's Dixa webhook subscription secret (hex): with one, every
    // webhook must carry Dixa's signature. Kept as given (it keys the HMAC).
    r#"
    CREATE TABLE webhook_secrets (
        company_id INTEGER PRIMARY KEY,
        secret TEXT NOT NULL
    );
    "#,
    // 7: follow-ups of responses. Events are append-only (the triggers
    // refuse changes); the current status is the latest event's, and a
    // detractor's response without events is open by rule (not stored).
    // An idempotency key keeps the first answer of one employee's change.
    r#"
    CREATE TABLE follow_up_events (
        id INTEGER PRIMARY KEY,
        company_id INTEGER NOT NULL,
        response_id INTEGER NOT NULL REFERENCES responses(id),
        at TEXT NOT NULL,
        at_unix INTEGER NOT NULL,
        by_email TEXT NOT NULL,            -- lower-case, the token's employee
        type TEXT NOT NULL CHECK (type IN ('status', 'note')),
        status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'closed')),
        text TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX follow_up_events_response ON follow_up_events(response_id, id);
    CREATE TRIGGER follow_up_events_no_update BEFORE UPDATE ON follow_up_events
    BEGIN SELECT RAISE(ABORT, 'follow-up events are append-only'); END;
    CREATE TRIGGER follow_up_events_no_delete BEFORE DELETE ON follow_up_events
    BEGIN SELECT RAISE(ABORT, 'follow-up events are append-only'); END;
    CREATE TABLE follow_up_idempotency (
        company_id INTEGER NOT NULL,
        employee_email TEXT NOT NULL,
        response_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        answer TEXT NOT NULL,              -- the first answer's follow-up, JSON
        created_unix INTEGER NOT NULL,
        PRIMARY KEY (company_id, employee_email, response_id, key)
    );
    CREATE INDEX follow_up_idempotency_age ON follow_up_idempotency(created_unix);
    "#,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_tokens_of_an_older_database_become_digests_and_still_match() {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        for sql in MIGRATIONS {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", MIGRATIONS.len() as i64).unwrap();
        conn.execute("INSERT INTO companies (id, name) VALUES (1, 'Shop')", []).unwrap();
        conn.execute("INSERT INTO api_keys (key, name, company_id) VALUES ('plain-key', 'Shop', 1)", []).unwrap();
        conn.execute("INSERT INTO tokens (token, api_key, expires_at) VALUES ('plain-token', 'plain-key', 9)", [])
            .unwrap();
        migrate(&conn).unwrap();
        let stored: String = conn.query_row("SELECT key FROM api_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(stored, crate::store::secret_digest("plain-key"));
        assert_eq!(crate::store::queries::company_of_key(&conn, "plain-key").unwrap(), Some(1));
        let token = crate::store::queries::find_token(&conn, "plain-token").unwrap().expect("token found");
        assert_eq!(token.company_id, 1);
        assert!(!conn
            .query_row("SELECT group_concat(token || api_key) FROM tokens", [], |r| r.get::<_, String>(0))
            .unwrap()
            .contains("plain"));
        migrate(&conn).unwrap();
        assert_eq!(crate::store::queries::company_of_key(&conn, "plain-key").unwrap(), Some(1), "hashed once");
    }
}
