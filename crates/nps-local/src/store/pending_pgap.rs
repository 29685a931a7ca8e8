//! P-GAP reads from Dixa's API that have not succeeded yet. Kept in the
//! database so a restart resumes them instead of losing the agent's rating.

use rusqlite::{params, Connection};

/// One member whose P-GAP is still to be read from Dixa.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingRead {
    pub member_id: i64,
    /// Whose IVR mapping holds the Dixa API key.
    pub company: i64,
    pub queue_id: String,
    pub csid: String,
    /// Failed tries so far.
    pub attempts: u32,
    /// When the webhook arrived (Unix seconds): the read is given up a fixed time after.
    pub created_unix: i64,
}

pub fn insert(conn: &Connection, read: &PendingRead, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO pending_pgap_reads (response_id, company_id, queue_id, csid, attempts, created_at, created_unix)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![read.member_id, read.company, read.queue_id, read.csid, read.attempts, now, read.created_unix],
    )?;
    Ok(())
}

/// Every pending read, oldest first, with the Dixa API key its queue's IVR
/// has now (empty when none).
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<(PendingRead, String)>> {
    let mut stmt = conn.prepare(
        "SELECT p.response_id, p.company_id, p.queue_id, p.csid, p.attempts, p.created_unix,
                COALESCE(m.dixa_api_key, '')
         FROM pending_pgap_reads p
         LEFT JOIN ivr_mappings m ON m.queue_id = p.queue_id AND m.company_id = p.company_id
         ORDER BY p.response_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            PendingRead {
                member_id: r.get(0)?,
                company: r.get(1)?,
                queue_id: r.get(2)?,
                csid: r.get(3)?,
                attempts: r.get(4)?,
                created_unix: r.get(5)?,
            },
            r.get(6)?,
        ))
    })?;
    rows.collect()
}

/// How many reads are pending.
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM pending_pgap_reads", [], |r| r.get(0))
}

pub fn record_failure(conn: &Connection, member_id: i64, attempts: u32) -> rusqlite::Result<()> {
    conn.execute("UPDATE pending_pgap_reads SET attempts = ?2 WHERE response_id = ?1", params![member_id, attempts])?;
    Ok(())
}

/// Ends the read: stores the rating when there is one (an agent rating
/// already on the member is kept), and forgets the pending row.
pub fn settle(conn: &mut Connection, member_id: i64, agent_rating: Option<u8>) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    if let Some(rating) = agent_rating {
        tx.execute(
            "UPDATE responses SET agent_rating = ?2 WHERE id = ?1 AND agent_rating IS NULL",
            params![member_id, rating],
        )?;
    }
    tx.execute("DELETE FROM pending_pgap_reads WHERE response_id = ?1", [member_id])?;
    tx.commit()
}
