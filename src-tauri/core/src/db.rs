//! Opening the SQLite file: pragmas, embedded migrations, backup before migrating.
//!
//! Rules held here for the whole application:
//! - WAL journal, foreign keys on, a busy timeout, so that a second Quorum (or the
//!   command line while the window is open) waits instead of failing or corrupting;
//! - every write goes through [`Store::write`], an `IMMEDIATE` transaction, so two
//!   writers never both read-then-upgrade and deadlock;
//! - migrations are ordered, embedded in the binary, each applied in its own
//!   transaction together with the schema version it brings;
//! - an existing file is copied aside (SQLite online backup) before any migration.

use crate::error::{Error, Result};
use crate::migrations::MIGRATIONS;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Name of the database file inside the data directory.
pub const DB_FILE_NAME: &str = "quorum.sqlite3";
/// Folder (inside the data directory) where copies made before a migration go.
pub const MIGRATION_BACKUP_DIR: &str = "sauvegardes-avant-mise-a-jour";

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The open database. One per process; each process (window, command line) opens its own.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) `quorum.sqlite3` in `data_dir` and brings its schema up to date.
    pub fn open_in(data_dir: &Path) -> Result<Self> {
        crate::datadir::ensure_writable(data_dir)?;
        Self::open(&data_dir.join(DB_FILE_NAME))
    }

    /// Opens the database file at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        let existed = path.exists();
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_error(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // journal_mode answers with a row, hence query rather than execute.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| open_error(path, e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::DataDir {
                path: path.to_path_buf(),
                reason: format!("le mode de journal WAL n'a pas pu être activé ({mode})"),
            });
        }
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             PRAGMA synchronous = NORMAL;
             PRAGMA trusted_schema = OFF;",
        )?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate(existed)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read access. Reads see a consistent snapshot per statement; group several
    /// reads in [`Store::read`] when they must agree with each other.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in a deferred (read) transaction so several queries see one snapshot.
    pub fn read<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` in an `IMMEDIATE` transaction: the write lock is taken at once, so a
    /// concurrent writer waits (busy timeout) instead of failing halfway. If `f`
    /// fails, nothing it wrote is kept.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self, existed: bool) -> Result<()> {
        let latest = latest_version();
        let current = self.schema_version()?;
        if current > latest {
            return Err(Error::NewerSchema {
                found: current,
                supported: latest,
            });
        }
        if current == latest {
            return Ok(());
        }
        if existed && current > 0 {
            backup_before_migration(&self.conn, &self.path, current)?;
        }
        for m in MIGRATIONS.iter().filter(|m| m.version > current) {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Another process may have migrated while we waited for the lock.
            let now_at: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now_at >= m.version {
                tx.commit()?;
                continue;
            }
            tx.execute_batch(m.sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                rusqlite::params![m.version, m.name, timestamp(Utc::now())],
            )?;
            // PRAGMA does not take bound parameters; the version is our own constant.
            tx.execute_batch(&format!("PRAGMA user_version = {}", m.version))?;
            tx.commit()?;
        }
        Ok(())
    }
}

/// The schema version this build of Quorum writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

/// Copies the whole database, consistently, with SQLite's online backup API.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    conn.backup(rusqlite::MAIN_DB, dest, None::<fn(rusqlite::backup::Progress)>)
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(_, _) => Error::Io {
                path: dest.to_path_buf(),
                source: std::io::Error::other(e.to_string()),
            },
            other => Error::from(other),
        })
}

fn backup_before_migration(conn: &Connection, db_path: &Path, version: i64) -> Result<PathBuf> {
    let dir = db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(MIGRATION_BACKUP_DIR);
    let stamp = Utc::now().format("%Y%m%d-%H%M%S");
    let dest = dir.join(format!("quorum-schema{version}-{stamp}.sqlite3"));
    backup_to(conn, &dest)?;
    Ok(dest)
}

fn open_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode as C;
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        let reason = match f.code {
            C::NotADatabase => Some("ce fichier n'est pas une base Quorum lisible (il est peut-être endommagé)"),
            C::CannotOpen => Some("le fichier ne peut pas être ouvert"),
            C::ReadOnly => Some("le support est en lecture seule"),
            C::DiskFull => Some("le disque est plein"),
            C::PermissionDenied => Some("accès refusé"),
            _ => None,
        };
        if let Some(reason) = reason {
            return Error::DataDir {
                path: path.to_path_buf(),
                reason: reason.into(),
            };
        }
    }
    Error::from(e)
}

/// Current time, truncated to the millisecond so that what is stored, exported and
/// compared during a merge is exactly the same value.
pub fn now() -> DateTime<Utc> {
    let t = Utc::now();
    DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t)
}

/// The text form of a timestamp in the database: RFC 3339, UTC, milliseconds.
/// Fixed width, so text order is time order.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn parse_timestamp(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}
