//! Group commit for the relay: webhooks that arrive together are written in
//! one transaction, so a burst pays one fsync per group instead of one per
//! event (with `synchronous=FULL` the fsync is most of a write's time).
//!
//! Each write runs in its own savepoint inside the group's transaction: one
//! that fails is rolled back alone. Nobody is answered before the group's
//! commit, so an acknowledged write is a durable one, as before.

use super::Store;
use rusqlite::{Connection, Transaction};
use std::sync::mpsc;

/// Writes taken into one group at most.
const MAX_GROUP: usize = 64;

/// Called once the group's commit is known: `Err` when it failed.
type Deliver = Box<dyn FnOnce(Result<(), String>) + Send>;
/// One write: run in the group's transaction (or told why there is none).
type Write = Box<dyn FnOnce(Result<&mut Transaction<'_>, &str>) -> Deliver + Send>;

/// Why a grouped write has no result.
#[derive(Debug)]
pub enum GroupError {
    Database(rusqlite::Error),
    /// The group's commit failed, or the writer is gone.
    Commit(String),
}

#[derive(Clone)]
pub struct GroupCommit {
    writes: mpsc::Sender<Write>,
}

impl GroupCommit {
    /// Starts the writer thread (it ends when the last handle is dropped).
    pub fn start(store: Store) -> std::io::Result<GroupCommit> {
        let (writes, received) = mpsc::channel::<Write>();
        std::thread::Builder::new().name("nps-local-group-commit".into()).spawn(move || {
            while let Ok(first) = received.recv() {
                let mut group = vec![first];
                while group.len() < MAX_GROUP {
                    match received.try_recv() {
                        Ok(w) => group.push(w),
                        Err(_) => break,
                    }
                }
                commit_group(&store, group);
            }
        })?;
        Ok(GroupCommit { writes })
    }

    /// Runs `f` in the next group; its result once the group is committed.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, GroupError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let write: Write = Box::new(move |tx: Result<&mut Transaction<'_>, &str>| {
            let outcome = match tx {
                Ok(tx) => tx
                    .savepoint()
                    .and_then(|sp| {
                        let value = f(&sp)?;
                        sp.commit()?;
                        Ok(value)
                    })
                    .map_err(GroupError::Database),
                Err(why) => Err(GroupError::Commit(why.to_owned())),
            };
            Box::new(move |committed: Result<(), String>| {
                let _ = reply.send(match (outcome, committed) {
                    (Err(e), _) => Err(e),
                    (Ok(_), Err(e)) => Err(GroupError::Commit(e)),
                    (Ok(value), Ok(())) => Ok(value),
                });
            })
        });
        self.writes.send(write).map_err(|_| GroupError::Commit("the writer has stopped".into()))?;
        answer.await.map_err(|_| GroupError::Commit("the writer has stopped".into()))?
    }
}

fn commit_group(store: &Store, group: Vec<Write>) {
    let mut conn = store.conn();
    let mut tx = match conn.transaction() {
        Ok(tx) => tx,
        Err(e) => {
            let why = format!("cannot begin: {e}");
            for write in group {
                write(Err(&why))(Err(why.clone()));
            }
            return;
        }
    };
    let deliveries: Vec<Deliver> = group.into_iter().map(|write| write(Ok(&mut tx))).collect();
    let committed = tx.commit().map_err(|e| e.to_string());
    drop(conn);
    for deliver in deliveries {
        deliver(committed.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_write_is_rolled_back_alone_and_the_others_commit() {
        let store = Store::open(":memory:").expect("store");
        let writes = GroupCommit::start(store.clone()).expect("writer");
        let results = futures_join(
            (0..20)
                .map(|i| {
                    let writes = writes.clone();
                    tokio::spawn(async move {
                        writes
                            .run(move |c| {
                                c.execute("INSERT INTO companies (name) VALUES (?1)", [format!("c{i}")])?;
                                if i % 5 == 0 {
                                    // Fails after its first statement: that one must go too.
                                    c.execute("INSERT INTO no_such_table VALUES (1)", [])?;
                                }
                                Ok(i)
                            })
                            .await
                    })
                })
                .collect(),
        )
        .await;
        let failed = results.iter().filter(|r| matches!(r, Err(GroupError::Database(_)))).count();
        assert_eq!(failed, 4);
        let stored: i64 = store.conn().query_row("SELECT COUNT(*) FROM companies", [], |r| r.get(0)).unwrap();
        assert_eq!(stored, 16, "the failing writes left nothing, the rest committed");
    }

    async fn futures_join<T>(handles: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
        let mut out = Vec::new();
        for h in handles {
            out.push(h.await.expect("task"));
        }
        out
    }
}
