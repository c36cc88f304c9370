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
use crate::migrations::{Migration, MIGRATIONS};
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
    /// What the last search found, so that the next keystroke's search can rank in
    /// one pass (`search.rs`, [`crate::search::LastSearch`]).
    pub(crate) last_search: Option<crate::search::LastSearch>,
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
        // A damaged file is refused before anything is written to it (no WAL switch,
        // no migration): the person can still restore a backup, or hand the file to
        // someone who can repair it.
        let index_damaged = existed && check_not_damaged(&conn, path)?;
        // A file from a newer Quorum is refused before anything in it is changed,
        // not even its journal mode (switching to WAL rewrites the file header).
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| open_error(path, e))?;
        if found > latest_version() {
            return Err(Error::NewerSchema {
                found,
                supported: latest_version(),
            });
        }
        let mode = switch_to_wal(&conn).map_err(|e| open_error(path, e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::DataDir {
                path: path.to_path_buf(),
                reason: format!("le mode de journal WAL n'a pas pu être activé ({mode})"),
            });
        }
        // cache_size: ten years of a council are over 100 MB, its search documents alone
        // 9 MB; SQLite's default cache (2 MB) re-read them from the file on every search.
        // 32 MB is taken only as pages are read. Not mmap: a USB key pulled out would
        // crash the app instead of giving an I/O error.
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             PRAGMA synchronous = NORMAL;
             PRAGMA trusted_schema = OFF;
             PRAGMA cache_size = -32768;",
        )?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            last_search: None,
        };
        let reindex = store.migrate(existed)?;
        if index_damaged || reindex {
            // Only the search index disagreed with the data it is computed from
            // (seen after a process was killed mid-write), or a migration changed
            // what it holds: rebuilt from the data, nothing of the person's is lost.
            store.rebuild_search_index()?;
        }
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

    /// Returns whether a migration applied asks for the search index to be rebuilt
    /// ([`Migration::reindex`]).
    fn migrate(&mut self, existed: bool) -> Result<bool> {
        self.migrate_with(existed, MIGRATIONS)
    }

    /// Brings the schema up to the last of `migrations` (the embedded list, or a
    /// test's own). `existed` tells whether the file was there before opening: only
    /// then is a copy made before migrating.
    fn migrate_with(&mut self, existed: bool, migrations: &[Migration]) -> Result<bool> {
        let latest = last_version(migrations);
        let current = self.schema_version()?;
        if current > latest {
            return Err(Error::NewerSchema {
                found: current,
                supported: latest,
            });
        }
        if current == latest {
            return Ok(false);
        }
        if existed && current > 0 {
            backup_before_migration(&self.conn, &self.path, current)?;
        }
        let mut reindex = false;
        for m in migrations.iter().filter(|m| m.version > current) {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Another process may have migrated while we waited for the lock.
            let now_at: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now_at >= m.version {
                tx.commit()?;
                continue;
            }
            // A new file has nothing to index again.
            reindex |= m.reindex && existed;
            tx.execute_batch(m.sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                rusqlite::params![m.version, m.name, timestamp(Utc::now())],
            )?;
            // PRAGMA does not take bound parameters; the version is our own constant.
            tx.execute_batch(&format!("PRAGMA user_version = {}", m.version))?;
            tx.commit()?;
        }
        Ok(reindex)
    }
}

/// Switches a database to WAL. On a new file opened by several Quorums at once,
/// the switch needs an exclusive lock that SQLite refuses at once (SQLITE_BUSY,
/// without calling the busy handler, to avoid a deadlock between two readers that
/// both want to write): retry for as long as the busy timeout, with a little jitter
/// so that the contenders do not retry in step.
fn switch_to_wal(conn: &Connection) -> rusqlite::Result<String> {
    let started = std::time::Instant::now();
    loop {
        // journal_mode answers with a row, hence query rather than execute.
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::DatabaseBusy
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                let jitter = (uuid::Uuid::new_v4().as_u128() % 20) as u64;
                std::thread::sleep(std::time::Duration::from_millis(5 + jitter));
            }
            other => return other,
        }
    }
}

/// The schema version this build of Quorum writes.
pub fn latest_version() -> i64 {
    last_version(MIGRATIONS)
}

fn last_version(migrations: &[Migration]) -> i64 {
    migrations.last().map(|m| m.version).unwrap_or(0)
}

/// Copies the whole database, consistently, with SQLite's online backup API.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    copy_pages(conn, dest).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(_, _) => Error::Io {
            path: dest.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        },
        other => Error::from(other),
    })
}

/// SQLite's online backup of `source` into `dest` (created), all pages in one step,
/// under one read transaction: the copy is one state of the data. Copied a hundred
/// pages at a time (rusqlite's `Connection::backup`), a commit from another connection
/// between two steps would make SQLite start the copy over, and a person typing
/// minutes commits every few seconds.
pub(crate) fn copy_pages(source: &Connection, dest: &Path) -> rusqlite::Result<()> {
    let mut copy = Connection::open(dest)?;
    let backup = rusqlite::backup::Backup::new(source, &mut copy)?;
    match backup.step(-1)? {
        rusqlite::backup::StepResult::Done => Ok(()),
        // Busy or locked: the source's reader could not start (its busy timeout
        // elapsed). `More` cannot come from a step of every page.
        _ => Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        )),
    }
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

/// A `quick_check` line about an FTS5 index only: « fts5: checksum mismatch for table
/// "search_index" », « malformed inverted index for FTS5 table main.search_index ».
fn fts5_complaint(line: &str) -> bool {
    line.starts_with("fts5:") || line.contains("for FTS5 table")
}

/// `PRAGMA quick_check` on a file that already existed (a few milliseconds for a
/// council's data). When it finds a problem, the connection is told not to
/// checkpoint on close, so that a WAL left by a crash is not folded into the
/// damaged file: the file is left exactly as it was found.
///
/// `Ok(true)` when the only problems are in the FTS5 search index: that
/// index is derived from the tables and is rebuilt once the store is open.
fn check_not_damaged(conn: &Connection, path: &Path) -> Result<bool> {
    use rusqlite::ErrorCode as C;
    let started = std::time::Instant::now();
    let rows = loop {
        let rows: rusqlite::Result<Vec<String>> = conn
            .prepare("PRAGMA quick_check")
            .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect());
        // As in `switch_to_wal`: a Quorum opening the same new file may hold it
        // for a moment without the busy handler being called.
        match rows {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == C::DatabaseBusy && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            other => break other,
        }
    };
    let found = match rows {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => return Ok(false),
        Ok(rows) if !rows.is_empty() && rows.iter().all(|r| fts5_complaint(r)) => return Ok(true),
        Ok(rows) => format!(
            "le fichier de données est endommagé (la vérification y a relevé {})",
            match rows.len() {
                1 => "une anomalie".to_string(),
                n => format!("{n} anomalies"),
            }
        ),
        Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == C::NotADatabase => {
            "ce fichier n'est pas une base Quorum lisible (il est peut-être endommagé)".into()
        }
        Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == C::DatabaseCorrupt => {
            "le fichier de données est endommagé (sa structure est incohérente)".into()
        }
        Err(e) => return Err(open_error(path, e)),
    };
    // Best effort: without it, closing could only fold a crash's WAL into the file.
    let _ = conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    );
    Err(Error::DataDir {
        path: path.to_path_buf(),
        reason: format!(
            "{found} ; il n'a pas été modifié. Restaurez la dernière sauvegarde valable."
        ),
    })
}

fn open_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode as C;
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        let reason = match f.code {
            C::NotADatabase => {
                Some("ce fichier n'est pas une base Quorum lisible (il est peut-être endommagé)")
            }
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
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded migrations followed by one made up for the test.
    fn with_extra(sql: &'static str) -> Vec<Migration> {
        let mut all: Vec<Migration> = MIGRATIONS
            .iter()
            .map(|m| Migration {
                version: m.version,
                name: m.name,
                sql: m.sql,
                reindex: m.reindex,
            })
            .collect();
        all.push(Migration {
            version: latest_version() + 1,
            name: "test_extra",
            sql,
            reindex: false,
        });
        all
    }

    fn table_exists(conn: &Connection, name: &str) -> bool {
        conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [name],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
            == 1
    }

    /// The database copies in the backup folder (not their transient -wal/-shm files).
    fn backups(dir: &Path) -> Vec<PathBuf> {
        match std::fs::read_dir(dir.join(MIGRATION_BACKUP_DIR)) {
            Ok(entries) => entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "sqlite3"))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    #[test]
    fn a_new_migration_is_applied_after_a_backup_of_the_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE_NAME);
        let mut store = Store::open(&path).unwrap();
        let before = latest_version();
        assert_eq!(store.schema_version().unwrap(), before);
        assert!(backups(dir.path()).is_empty(), "no copy for a new file");

        let migrations =
            with_extra("CREATE TABLE extra (id TEXT PRIMARY KEY, note TEXT NOT NULL);");
        store.migrate_with(true, &migrations).unwrap();

        assert_eq!(store.schema_version().unwrap(), before + 1);
        assert!(table_exists(store.conn(), "extra"));
        let recorded: Vec<(i64, String)> = store
            .conn()
            .prepare("SELECT version, name FROM schema_migrations ORDER BY version")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(recorded.len() as i64, before + 1);
        assert_eq!(
            recorded.last().unwrap(),
            &(before + 1, "test_extra".to_string())
        );

        let copies = backups(dir.path());
        assert_eq!(copies.len(), 1, "{copies:?}");
        let copy = &copies[0];
        let file_name = copy.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            file_name.starts_with(&format!("quorum-schema{before}-"))
                && file_name.ends_with(".sqlite3"),
            "{file_name}"
        );
        let old = Connection::open_with_flags(copy, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let old_version: i64 = old
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(old_version, before);
        assert!(table_exists(&old, "councils"));
        assert!(
            !table_exists(&old, "extra"),
            "the copy is taken before migrating"
        );
        drop(old);

        // Already up to date: nothing more is copied.
        store.migrate_with(true, &migrations).unwrap();
        assert_eq!(backups(dir.path()).len(), 1);
    }

    #[test]
    fn a_failing_migration_leaves_the_previous_version_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE_NAME);
        let mut store = Store::open(&path).unwrap();
        let before = latest_version();

        let migrations = with_extra(
            "CREATE TABLE half_applied (id TEXT PRIMARY KEY);
             CREATE TABLE broken (id TEXT PRIMARY KEY,;",
        );
        let err = store.migrate_with(true, &migrations).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Database, "{err}");

        assert_eq!(store.schema_version().unwrap(), before);
        assert!(
            !table_exists(store.conn(), "half_applied"),
            "the failed migration was rolled back"
        );
        assert!(!table_exists(store.conn(), "broken"));
        let rows: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, before);
        drop(store);

        // The file still opens with the real migrations, at the same version.
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), before);
        assert!(!table_exists(store.conn(), "half_applied"));
    }
}
