//! The embedded default journal: SQLite in WAL mode with synchronous commits, so an entry
//! is on disk before the payment request goes out.

use super::journal::{EntryState, Journal, JournalEntry, JournalError};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use rust_decimal::Decimal;
use std::path::Path;
use std::sync::Mutex;

/// A journal in a SQLite file (bundled SQLite; WAL; `synchronous=FULL`).
///
/// The file belongs to one journal at a time: it is opened with SQLite's exclusive locking
/// mode and locked at once, so a second [`SqliteJournal::open`] of the same file — another
/// guard, in this process or another — fails until the first is dropped. Two guards over one
/// journal would each take the other's payments in flight for orphans and roll them back.
///
/// ```
/// use alseco_client::guard::{Journal, SqliteJournal};
/// let dir = std::env::temp_dir().join(format!("alseco-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let journal = SqliteJournal::open(dir.join("payments.sqlite"))?;
/// assert!(journal.next_sequence()? >= 1);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct SqliteJournal {
    conn: Mutex<Connection>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS payments (
    sys_ref         TEXT PRIMARY KEY,
    seq             INTEGER NOT NULL,
    account_id      INTEGER NOT NULL,
    invoice_id      TEXT NOT NULL,
    amount          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    state           TEXT NOT NULL,
    payment_id      INTEGER,
    detail          TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT
);
CREATE INDEX IF NOT EXISTS payments_open ON payments(account_id, invoice_id)
    WHERE state IN ('sending', 'rollback_pending');
CREATE INDEX IF NOT EXISTS payments_blocking ON payments(account_id, invoice_id)
    WHERE state IN ('sending', 'rollback_pending', 'completed_after_timeout');
CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
INSERT OR IGNORE INTO counter (id, value) VALUES (1, 0);
";

fn db(context: &str) -> impl FnOnce(rusqlite::Error) -> JournalError + '_ {
    move |e| JournalError::caused_by(context.to_owned(), e)
}

fn parse_time(text: &str) -> Result<Timestamp, JournalError> {
    text.parse()
        .map_err(|e| JournalError::caused_by(format!("bad timestamp `{text}`"), e))
}

impl SqliteJournal {
    /// Opens (or creates) the journal at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, JournalError> {
        let path = path.as_ref();
        let conn = Connection::open(path)
            .map_err(|e| JournalError::caused_by(format!("cannot open {}", path.display()), e))?;
        // Exclusive before WAL is entered: the WAL index then lives in this connection's
        // memory, and the file's lock is held from the first access until the drop.
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")
            .map_err(db("set exclusive locking"))?;
        conn.busy_timeout(std::time::Duration::from_secs(1))
            .map_err(db("set busy timeout"))?;
        conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")
            .map_err(|e| {
                JournalError::caused_by(
                    format!(
                        "the journal {} is in use by another guard (one guard per journal)",
                        path.display()
                    ),
                    e,
                )
            })?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(db("set WAL"))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(db("set synchronous"))?;
        conn.execute_batch(SCHEMA).map_err(db("create schema"))?;
        Ok(SqliteJournal {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
        Ok(RawRow {
            sys_ref: row.get(0)?,
            account_id: row.get(1)?,
            invoice_id: row.get(2)?,
            amount: row.get(3)?,
            created_at: row.get(4)?,
            updated_at: row.get(5)?,
            state: row.get(6)?,
            payment_id: row.get(7)?,
            detail: row.get(8)?,
            attempts: row.get(9)?,
            next_attempt_at: row.get(10)?,
        })
    }

    fn query(&self, where_clause: &str) -> Result<Vec<JournalEntry>, JournalError> {
        let conn = self.conn();
        let sql = format!("SELECT {COLUMNS} FROM payments {where_clause} ORDER BY seq");
        let mut stmt = conn.prepare(&sql).map_err(db("prepare query"))?;
        let rows = stmt.query_map([], Self::row).map_err(db("query"))?;
        rows.map(|r| r.map_err(db("read row")).and_then(RawRow::into_entry))
            .collect()
    }
}

const COLUMNS: &str = "sys_ref, account_id, invoice_id, amount, created_at, updated_at, state, payment_id, detail, attempts, next_attempt_at";

struct RawRow {
    sys_ref: String,
    account_id: i32,
    invoice_id: String,
    amount: String,
    created_at: String,
    updated_at: String,
    state: String,
    payment_id: Option<i32>,
    detail: Option<String>,
    attempts: u32,
    next_attempt_at: Option<String>,
}

impl RawRow {
    fn into_entry(self) -> Result<JournalEntry, JournalError> {
        let state = match self.state.as_str() {
            "sending" => EntryState::Sending,
            "accepted" => EntryState::Accepted {
                payment_id: self.payment_id.ok_or_else(|| {
                    JournalError::new(format!("{}: accepted without payment id", self.sys_ref))
                })?,
                accepted_at: self.detail,
            },
            "rejected" => EntryState::Rejected {
                state: self.detail.unwrap_or_default(),
            },
            "rollback_pending" => EntryState::RollbackPending {
                attempts: self.attempts,
                next_attempt_at: match &self.next_attempt_at {
                    Some(t) => parse_time(t)?,
                    None => parse_time(&self.updated_at)?,
                },
            },
            "rolled_back" => EntryState::RolledBack {
                result: self.detail.unwrap_or_default(),
            },
            "completed_after_timeout" => EntryState::CompletedAfterTimeout,
            "reconciled" => EntryState::Reconciled,
            other => {
                return Err(JournalError::new(format!(
                    "{}: unknown state `{other}`",
                    self.sys_ref
                )));
            }
        };
        Ok(JournalEntry {
            amount: self
                .amount
                .parse::<Decimal>()
                .map_err(|e| JournalError::caused_by(format!("{}: bad amount", self.sys_ref), e))?,
            created_at: parse_time(&self.created_at)?,
            updated_at: parse_time(&self.updated_at)?,
            sys_ref: self.sys_ref,
            account_id: self.account_id,
            invoice_id: self.invoice_id,
            state,
        })
    }
}

/// The columns that carry a state's details: (payment_id, detail, attempts, next_attempt_at).
fn state_columns(state: &EntryState) -> (Option<i32>, Option<String>, u32, Option<String>) {
    match state {
        EntryState::Sending | EntryState::CompletedAfterTimeout | EntryState::Reconciled => {
            (None, None, 0, None)
        }
        EntryState::Accepted {
            payment_id,
            accepted_at,
        } => (Some(*payment_id), accepted_at.clone(), 0, None),
        EntryState::Rejected { state } => (None, Some(state.clone()), 0, None),
        EntryState::RollbackPending {
            attempts,
            next_attempt_at,
        } => (None, None, *attempts, Some(next_attempt_at.to_string())),
        EntryState::RolledBack { result } => (None, Some(result.clone()), 0, None),
    }
}

impl Journal for SqliteJournal {
    fn begin(&self, entry: &JournalEntry) -> Result<Option<JournalEntry>, JournalError> {
        let mut conn = self.conn();
        // IMMEDIATE: the check for a pending payment and the insert are one atomic step.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db("begin"))?;
        // A reused SysRef first, as the memory journal does: it is the caller's error,
        // whatever else is pending.
        let reused = tx
            .query_row(
                "SELECT 1 FROM payments WHERE sys_ref = ?1",
                [&entry.sys_ref],
                |_| Ok(()),
            )
            .optional()
            .map_err(db("look for the SysRef"))?;
        if reused.is_some() {
            return Err(JournalError::new(format!(
                "SysRef {} is already in the journal",
                entry.sys_ref
            )));
        }
        let blocking = tx
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM payments WHERE account_id = ?1 AND invoice_id = ?2 \
                     AND state IN ('sending', 'rollback_pending', 'completed_after_timeout') \
                     ORDER BY seq LIMIT 1"
                ),
                params![entry.account_id, entry.invoice_id],
                Self::row,
            )
            .optional()
            .map_err(db("look for a pending payment"))?;
        if let Some(row) = blocking {
            return row.into_entry().map(Some);
        }
        let seq: i64 = tx
            .query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM payments", [], |r| {
                r.get(0)
            })
            .map_err(db("order"))?;
        tx.execute(
            "INSERT INTO payments (sys_ref, seq, account_id, invoice_id, amount, created_at, updated_at, state) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 'sending')",
            params![entry.sys_ref, seq, entry.account_id, entry.invoice_id, entry.amount.to_string(), entry.created_at.to_string()],
        )
        .map_err(|e| JournalError::caused_by(format!("record SysRef {}", entry.sys_ref), e))?;
        tx.commit().map_err(db("commit"))?;
        Ok(None)
    }

    fn transition(
        &self,
        sys_ref: &str,
        from: &str,
        to: &EntryState,
        at: Timestamp,
    ) -> Result<bool, JournalError> {
        let (payment_id, detail, attempts, next_attempt_at) = state_columns(to);
        let conn = self.conn();
        let changed = conn
            .execute(
                "UPDATE payments SET state = ?3, payment_id = ?4, detail = ?5, attempts = ?6, next_attempt_at = ?7, \
                 updated_at = ?8 WHERE sys_ref = ?1 AND state = ?2",
                params![sys_ref, from, to.name(), payment_id, detail, attempts, next_attempt_at, at.to_string()],
            )
            .map_err(db("update state"))?;
        if changed == 1 {
            return Ok(true);
        }
        let exists = conn
            .query_row(
                "SELECT 1 FROM payments WHERE sys_ref = ?1",
                [sys_ref],
                |_| Ok(()),
            )
            .optional()
            .map_err(db("find entry"))?;
        match exists {
            Some(()) => Ok(false),
            None => Err(JournalError::new(format!("no entry for SysRef {sys_ref}"))),
        }
    }

    fn get(&self, sys_ref: &str) -> Result<Option<JournalEntry>, JournalError> {
        let conn = self.conn();
        let row = conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM payments WHERE sys_ref = ?1"),
                [sys_ref],
                Self::row,
            )
            .optional()
            .map_err(db("get"))?;
        drop(conn);
        row.map(RawRow::into_entry).transpose()
    }

    fn pending(&self) -> Result<Vec<JournalEntry>, JournalError> {
        self.query("WHERE state IN ('sending', 'rollback_pending')")
    }

    fn entries(&self) -> Result<Vec<JournalEntry>, JournalError> {
        self.query("")
    }

    fn next_sequence(&self) -> Result<u64, JournalError> {
        let conn = self.conn();
        let value: i64 = conn
            .query_row(
                "UPDATE counter SET value = value + 1 WHERE id = 1 RETURNING value",
                [],
                |r| r.get(0),
            )
            .map_err(db("advance the counter"))?;
        u64::try_from(value).map_err(|_| JournalError::new("negative counter"))
    }
}
