//! SQLite storage: one connection behind a mutex (SQLite serialises writes
//! anyway, and every query here takes milliseconds). Every write that
//! acknowledges something to a caller runs in a transaction.

mod demo;
pub mod follow_up;
pub mod group_commit;
mod migrations;
pub mod pending_pgap;
pub mod queries;

use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

pub use demo::{load_demo_data, DEMO_API_KEY, LARGE_CUSTOMER_EMAIL};

/// How API keys and tokens are kept: their SHA-256, in hex. A stolen
/// database file gives no usable credential, and a lookup compares digests
/// (the time an index lookup takes tells nothing about the credential).
pub fn secret_digest(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, or an in-memory
    /// one for `:memory:`, and brings its schema up to date.
    pub fn open(path: &str) -> Result<Store, String> {
        if path != ":memory:" {
            owner_only(Path::new(path))?;
        }
        Self::open_sqlite(path).map_err(|e| e.to_string())
    }

    fn open_sqlite(path: &str) -> rusqlite::Result<Store> {
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

    /// Folds the write-ahead log into the database file, so a stopped
    /// service leaves one complete file behind.
    pub fn checkpoint(&self) -> rusqlite::Result<()> {
        self.conn().query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
    }

    /// The connection; a poisoned lock (a panic mid-query) is recovered,
    /// since SQLite rolled back whatever that query's transaction did.
    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The database holds API keys and Dixa API keys: it and its `-wal`/`-shm`
/// files are readable by their owner only. SQLite gives the `-wal`/`-shm`
/// files the database file's mode, so the file is created (or narrowed)
/// first.
#[cfg(unix)]
fn owner_only(path: &Path) -> Result<(), String> {
    use std::fs::{OpenOptions, Permissions};
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", path.display());
        match std::fs::set_permissions(&file, Permissions::from_mode(0o600)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot make {file} private: {e}")),
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn owner_only(_path: &Path) -> Result<(), String> {
    Ok(())
}
