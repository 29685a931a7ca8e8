//! SQLite storage: one connection behind a mutex (SQLite serialises writes
//! anyway, and every query here takes milliseconds). Every write that
//! acknowledges something to a caller runs in a transaction.

mod demo;
mod migrations;
pub mod queries;

use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

pub use demo::{load_demo_data, DEMO_API_KEY};

#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, or an in-memory
    /// one for `:memory:`, and brings its schema up to date.
    pub fn open(path: &str) -> rusqlite::Result<Store> {
        let conn = if path == ":memory:" { Connection::open_in_memory()? } else { Connection::open(Path::new(path))? };
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if path != ":memory:" {
            // WAL + synchronous=FULL: a committed write survives a crash.
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::migrate(&conn)?;
        Ok(Store { conn: Arc::new(Mutex::new(conn)) })
    }

    /// The connection; a poisoned lock (a panic mid-query) is recovered,
    /// since SQLite rolled back whatever that query's transaction did.
    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
