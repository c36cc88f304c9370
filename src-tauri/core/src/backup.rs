//! Backups of the database: automatic, manual, before a restore; listing, checking,
//! restoring, and a copy onto a chosen folder (a USB key).
//!
//! Where and how:
//! - copies live in `<data dir>/sauvegardes/`, named
//!   `quorum-AAAAMMJJ-HHMMSS[-genre][-n].sqlite3` (local time; `-manuelle`,
//!   `-avant-restauration`, `-avant-mise-a-jour` for the kinds other than automatic;
//!   `-2`, `-3`… when two copies fall in the same second). The copies made by
//!   [`crate::db`] before a migration (`sauvegardes-avant-mise-a-jour/`) are listed
//!   too, as [`BackupKind::AvantMiseAJour`];
//! - a copy is taken with SQLite's online backup API into a temporary file of the
//!   same folder, switched to a plain rollback journal (one self-contained file, no
//!   `-wal`/`-shm` beside it), checked with `PRAGMA integrity_check` on a read-only
//!   connection, and only then renamed into place: a copy that fails the check is
//!   deleted and never appears under a backup's name;
//! - rotation ([`to_delete`]) only ever deletes automatic copies.
//!
//! When to copy automatically ([`maybe_auto_backup`], called by the shell at start
//! and then from a timer):
//! - never within 10 minutes of the last automatic copy;
//! - never when the data is identical to the newest copy of `sauvegardes/` (of any
//!   kind): the rule compares a fingerprint of every table's rows, so it sees changes
//!   made by this window, by the command line, by an import, and survives restarts
//!   without keeping any state in memory;
//! - otherwise, a new automatic copy. At start this makes one whenever the data
//!   differs from the newest copy, however old it is. An identical copy is not made
//!   even after a day: it would push older, different data out of the seven days kept.
//!
//! A copy does not go through the [`Store`]: it reads the database through a
//! connection of its own, a WAL reader that neither waits for the store's writes nor
//! makes them wait. On ten years of data, the fingerprint and the verified copy take
//! seconds (more onto a USB key); through the store, every click made meanwhile
//! waited for them.

use crate::db::{latest_version, DB_FILE_NAME, MIGRATION_BACKUP_DIR};
use crate::error::{Error, Result};
use crate::Store;
use chrono::{DateTime, Datelike, IsoWeek, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use ts_rs::TS;

/// Folder of the data directory where backups go.
pub const BACKUP_DIR: &str = "sauvegardes";
/// Automatic copies kept: the latest of each of this many distinct days…
pub const KEEP_DAYS: usize = 7;
/// …and the latest of each of this many distinct ISO weeks.
pub const KEEP_WEEKS: usize = 4;
/// No automatic copy within this delay of the previous automatic one.
pub const AUTO_BACKUP_MIN_INTERVAL: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

const PREFIX: &str = "quorum-";
const EXTENSION: &str = ".sqlite3";
const STAMP: &str = "%Y%m%d-%H%M%S";
/// Temporary files: hidden, and never mistaken for a backup.
const TEMP_PREFIX: &str = ".quorum-";
const TEMP_SUFFIX: &str = ".partiel";
/// A copy dated this far after « now » comes from a clock that was wrong; it is
/// neither counted nor deleted by the rotation, nor used to delay a new copy.
const CLOCK_TOLERANCE: chrono::TimeDelta = chrono::TimeDelta::minutes(1);
const DISK_FULL: &str = "le disque est plein. Libérez de la place (ou choisissez un autre support) puis réessayez ; rien n'a été copié.";

/// Why a copy was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackupKind {
    /// Made by Quorum on its own; the only kind the rotation deletes.
    Automatique,
    /// Asked for by the person (including copies onto a USB key).
    Manuelle,
    /// The data as it was just before a restore replaced it.
    AvantRestauration,
    /// The data as it was before a new version of Quorum changed its schema.
    AvantMiseAJour,
}

impl BackupKind {
    fn suffix(self) -> &'static str {
        match self {
            BackupKind::Automatique => "",
            BackupKind::Manuelle => "-manuelle",
            BackupKind::AvantRestauration => "-avant-restauration",
            BackupKind::AvantMiseAJour => "-avant-mise-a-jour",
        }
    }
}

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub file_name: String,
    /// When the copy was made (from its name, which holds the local time).
    pub created_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub kind: BackupKind,
    /// The file opens as a Quorum database and SQLite's `quick_check` finds it whole
    /// (or, right after a copy, its full `integrity_check`). In a listing, the check
    /// may be an earlier one, of the same file unchanged since (see [`list_backups`]).
    pub verified: bool,
}

/// `<data dir>/sauvegardes`.
pub fn backup_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(BACKUP_DIR)
}

impl Store {
    /// [`backup_now`] of this store's data directory.
    pub fn backup_now(&mut self, kind: BackupKind) -> Result<BackupInfo> {
        backup_now(&self.data_dir(), kind)
    }

    /// [`backup_to_folder`] of this store's data directory.
    pub fn backup_to_folder(&mut self, folder: &Path) -> Result<BackupInfo> {
        backup_to_folder(&self.data_dir(), folder)
    }

    pub(crate) fn data_dir(&self) -> PathBuf {
        self.path()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }
}

// Every copy reads the database through a connection of its own (`open_live`), beside
// the store, not through it: see the module documentation. Two copies must not run at
// once in one data directory (two in the same second would pick the same name), nor a
// restore meanwhile: the shell serialises them (`AppState::with_files`).

/// Makes a verified copy of the database of `data_dir` in `sauvegardes/`, then deletes
/// the automatic copies the rotation no longer keeps.
pub fn backup_now(data_dir: &Path, kind: BackupKind) -> Result<BackupInfo> {
    let conn = open_live(data_dir)?;
    copy_into_backups(&conn, data_dir, kind, Utc::now())
}

/// Makes the same verified copy as [`backup_now`] (kind « manuelle ») in a folder
/// chosen by the person, typically on a USB key. The folder must exist and be
/// writable. No rotation happens there.
pub fn backup_to_folder(data_dir: &Path, folder: &Path) -> Result<BackupInfo> {
    if !folder.is_dir() {
        let reason = if folder.exists() {
            "ce chemin désigne un fichier, pas un dossier"
        } else {
            "ce dossier n'existe pas ou n'est plus accessible (le support amovible est-il branché ?)"
        };
        return Err(Error::io(folder, std::io::Error::other(reason)));
    }
    let probe = folder.join(format!("{TEMP_PREFIX}ecriture-{}", uuid::Uuid::new_v4()));
    if let Err(e) = std::fs::write(&probe, b"ok") {
        let _ = std::fs::remove_file(&probe);
        return Err(if is_disk_full(&e) {
            disk_full(folder)
        } else {
            Error::io(
                folder,
                std::io::Error::other(
                    "impossible d'écrire dans ce dossier (support en lecture seule ou droits insuffisants)",
                ),
            )
        });
    }
    let _ = std::fs::remove_file(&probe);
    let conn = open_live(data_dir)?;
    copy_verified(&conn, folder, BackupKind::Manuelle, Utc::now())
}

/// Makes an automatic copy of the database of `data_dir` if the rule in this module's
/// documentation says so: the data differs from the newest copy and the last automatic
/// copy is at least 10 minutes older than `now`. `None` when no copy was needed.
pub fn maybe_auto_backup(data_dir: &Path, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
    let dir = backup_dir(data_dir);
    let existing = scan_dir(&dir, false)?;
    let last_auto = existing
        .iter()
        .filter(|b| b.kind == BackupKind::Automatique)
        .filter(|b| b.created_at <= now + CLOCK_TOLERANCE)
        .map(|b| b.created_at)
        .max();
    if last_auto.is_some_and(|t| now - t < AUTO_BACKUP_MIN_INTERVAL) {
        return Ok(None);
    }
    let conn = open_live(data_dir)?;
    // `existing` is newest first.
    if let Some(newest) = existing.first() {
        let theirs = open_read_only(&newest.path)
            .ok()
            .and_then(|c| fingerprint(&c).ok());
        // One read transaction: the fingerprint of one state of the data, whatever
        // the store commits meanwhile.
        let ours = (|| {
            let tx = conn.unchecked_transaction()?;
            let print = fingerprint(&tx)?;
            tx.commit()?;
            Ok(print)
        })()
        .map_err(|e| sql_error(&data_dir.join(DB_FILE_NAME), e))?;
        if theirs == Some(ours) {
            return Ok(None);
        }
    }
    copy_into_backups(&conn, data_dir, BackupKind::Automatique, now).map(Some)
}

/// A connection of its own to the database of `data_dir`, to copy it: a WAL reader.
fn open_live(data_dir: &Path) -> Result<Connection> {
    let db_path = data_dir.join(DB_FILE_NAME);
    // Read-write flags, though it only reads: a read-only connection cannot create the
    // WAL's shared-memory file when no other connection has it open (the command line
    // run on a closed base). No CREATE: a missing database is an error, not a new one.
    let conn = Connection::open_with_flags(
        &db_path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| sql_error(&db_path, e))?;
    conn.busy_timeout(Duration::from_secs(5))
        .map_err(|e| sql_error(&db_path, e))?;
    Ok(conn)
}

fn copy_into_backups(
    conn: &Connection,
    data_dir: &Path,
    kind: BackupKind,
    now: DateTime<Utc>,
) -> Result<BackupInfo> {
    let dir = backup_dir(data_dir);
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
    let info = copy_verified(conn, &dir, kind, now)?;
    rotate(&dir, now);
    Ok(info)
}

/// The backups of a data directory, newest first: `sauvegardes/` and the copies made
/// before a migration. Each file is checked (`quick_check`) to fill `verified`, once:
/// the result is remembered beside the copies ([`CHECKS_FILE`]) with the file's size
/// and modification time, and the file is opened again only when one of them changes.
/// On ten years of data a copy is over 100 MB and its check over half a second: the
/// « Sauvegardes » screen took four seconds for six copies. A restore always checks
/// the copy whole again, whatever the listing said.
pub fn list_backups(data_dir: &Path) -> Result<Vec<BackupInfo>> {
    let mut all = scan_dir(&backup_dir(data_dir), true)?;
    all.extend(scan_dir(&data_dir.join(MIGRATION_BACKUP_DIR), true)?);
    sort_newest_first(&mut all);
    Ok(all)
}

/// The newest backup, from the file names alone: no file is opened. Each copy was
/// checked (`integrity_check`) when it was made, and the council's home screen, which
/// shows this, must stay instant however large the backups grow.
pub fn latest_backup(data_dir: &Path) -> Result<Option<BackupInfo>> {
    let mut all = scan_dir(&backup_dir(data_dir), false)?;
    all.extend(scan_dir(&data_dir.join(MIGRATION_BACKUP_DIR), false)?);
    sort_newest_first(&mut all);
    Ok(all.into_iter().next())
}

/// The newest backup that passes the check, for the window to offer when the
/// database cannot be opened.
pub fn latest_good_backup(data_dir: &Path) -> Result<Option<BackupInfo>> {
    Ok(list_backups(data_dir)?.into_iter().find(|b| b.verified))
}

/// Whether `path` is a whole Quorum database: it opens, `quick_check` says « ok »,
/// and it has Quorum's schema. `Err` only when the file itself cannot be reached.
pub fn verify_backup(path: &Path) -> Result<bool> {
    regular_file(path)?;
    Ok(inspect(path, Check::Quick).is_usable())
}

/// Replaces the database of `data_dir` with the backup at `backup` (which may lie
/// outside `sauvegardes/`, on a USB key, but must be a regular file).
///
/// **Call it with no [`Store`] open on `data_dir`**, in this process or another
/// (the shell drops its store first, then reopens). A database still open
/// elsewhere is detected and the restore refused.
///
/// In order, stopping at the first failure with the current data untouched:
/// the backup is checked (`integrity_check`, a Quorum schema not newer than this
/// build's), copied into a temporary file of the data directory and checked again;
/// the current database (with its WAL) is set aside in `sauvegardes/` as a
/// « avant restauration » copy; then its `-wal`/`-shm` are removed and the
/// temporary file renamed over it (atomic). Returns the set-aside copy, or `None`
/// when there was no database yet (a new computer).
pub fn restore_backup(data_dir: &Path, backup: &Path) -> Result<Option<PathBuf>> {
    regular_file(backup)?;
    let db_path = data_dir.join(DB_FILE_NAME);
    if same_file(backup, &db_path) {
        return Err(Error::Conflict(
            "Ce fichier est la base de données en service, pas une sauvegarde : choisissez une copie.".into(),
        ));
    }
    let name = file_name(backup);
    let found = inspect(backup, Check::Full);
    check_restorable(&found, &name)?;

    crate::datadir::ensure_writable(data_dir)?;
    if db_path.exists() {
        ensure_not_in_use(&db_path)?;
    }

    let incoming = temp_path(data_dir, "restauration");
    let prepared = (|| -> Result<()> {
        let source = open_read_only(backup).map_err(|e| sql_error(backup, e))?;
        copy_database(&source, &incoming)?;
        drop(source);
        let copied = inspect(&incoming, Check::Full);
        check_restorable(&copied, &name)?;
        sync_file(&incoming)
    })();
    if let Err(e) = prepared {
        remove_temp(&incoming);
        return Err(e);
    }

    let aside = if db_path.exists() {
        match set_aside(data_dir, &db_path) {
            Ok(p) => Some(p),
            Err(e) => {
                remove_temp(&incoming);
                return Err(e);
            }
        }
    } else {
        None
    };

    // A stale WAL or journal would be replayed into the restored file.
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = sibling(&db_path, suffix);
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => {
                remove_temp(&incoming);
                return Err(io_error(&side, e));
            }
        }
    }
    if let Err(e) = std::fs::rename(&incoming, &db_path) {
        remove_temp(&incoming);
        return Err(io_error(&db_path, e));
    }
    sync_dir(data_dir);
    Ok(aside)
}

/// The automatic backups the rotation deletes, given all the backups of the folder.
///
/// Kept: the latest automatic copy of each of the [`KEEP_DAYS`] most recent distinct
/// days that have one, and the latest of each of the [`KEEP_WEEKS`] most recent
/// distinct ISO weeks (local time); a copy kept by either rule stays. Days and weeks
/// are those that have copies, not calendar ones: a council that opens Quorum once a
/// month still keeps seven copies. Manual, « avant restauration » and « avant mise à
/// jour » copies are never deleted, nor copies dated after `now` (wrong clock).
pub fn to_delete(backups: &[BackupInfo], now: DateTime<Utc>) -> Vec<PathBuf> {
    to_delete_in(backups, now, &Local)
}

fn to_delete_in<Tz: TimeZone>(backups: &[BackupInfo], now: DateTime<Utc>, tz: &Tz) -> Vec<PathBuf> {
    let mut autos: Vec<&BackupInfo> = backups
        .iter()
        .filter(|b| b.kind == BackupKind::Automatique)
        .filter(|b| b.created_at <= now + CLOCK_TOLERANCE)
        .collect();
    autos.sort_by(|a, b| newest_first(a, b));
    let mut days: Vec<NaiveDate> = Vec::new();
    let mut weeks: Vec<IsoWeek> = Vec::new();
    let mut kept: HashSet<&Path> = HashSet::new();
    // Newest first, so the first copy met in a day or a week is its latest.
    for b in &autos {
        let local = b.created_at.with_timezone(tz);
        let day = local.date_naive();
        if !days.contains(&day) && days.len() < KEEP_DAYS {
            days.push(day);
            kept.insert(&b.path);
        }
        let week = local.iso_week();
        if !weeks.contains(&week) && weeks.len() < KEEP_WEEKS {
            weeks.push(week);
            kept.insert(&b.path);
        }
    }
    autos
        .iter()
        .filter(|b| !kept.contains(b.path.as_path()))
        .map(|b| b.path.clone())
        .collect()
}

// ---------------------------------------------------------------- copying

/// Copies the database behind `conn` into `dir` under a new backup name: temporary
/// file, self-contained journal mode, full integrity check, fsync, rename.
fn copy_verified(
    conn: &Connection,
    dir: &Path,
    kind: BackupKind,
    now: DateTime<Utc>,
) -> Result<BackupInfo> {
    let temp = temp_path(dir, "copie");
    let made = (|| -> Result<PathBuf> {
        copy_database(conn, &temp)?;
        let found = inspect(&temp, Check::Full);
        if !found.is_usable() {
            return Err(Error::Io {
                path: temp.clone(),
                source: std::io::Error::other(format!(
                    "la copie ne passe pas la vérification ({}) ; elle a été supprimée. La base de données elle-même est peut-être endommagée.",
                    found.describe()
                )),
            });
        }
        sync_file(&temp)?;
        let dest = free_name(dir, kind, now);
        std::fs::rename(&temp, &dest).map_err(|e| io_error(&dest, e))?;
        sync_dir(dir);
        Ok(dest)
    })();
    let dest = match made {
        Ok(dest) => dest,
        Err(e) => {
            remove_temp(&temp);
            return Err(e);
        }
    };
    let mut info = backup_info(&dest).ok_or_else(|| {
        Error::io(
            &dest,
            std::io::Error::other("la copie a été faite mais son nom n'est pas reconnu"),
        )
    })?;
    info.verified = true;
    Ok(info)
}

/// Online backup of `source` into `dest` (created, [`crate::db::copy_pages`]), then
/// switched to a rollback journal so that the copy is one file that opens read-only
/// without side files.
fn copy_database(source: &Connection, dest: &Path) -> Result<()> {
    crate::db::copy_pages(source, dest).map_err(|e| sql_error(dest, e))?;
    let copy = Connection::open_with_flags(
        dest,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| sql_error(dest, e))?;
    let _mode: String = copy
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(|e| sql_error(dest, e))?;
    copy.close().map_err(|(_, e)| sql_error(dest, e))
}

/// Copies the current database aside before a restore. A whole database goes
/// through SQLite from a read-only connection (which sees the WAL) into one
/// self-contained file; a damaged one (or one SQLite cannot open) is copied byte for
/// byte with its `-wal` and `-journal` (the `-shm` is only an index SQLite
/// rebuilds), so that it is kept exactly as it was found.
fn set_aside(data_dir: &Path, db_path: &Path) -> Result<PathBuf> {
    let dir = backup_dir(data_dir);
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
    let now = Utc::now();
    let temp = temp_path(&dir, "avant-restauration");
    let through_sqlite = Connection::open_with_flags(
        db_path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| sql_error(db_path, e))
    .and_then(|c| {
        if quick_check_ok(&c) {
            copy_database(&c, &temp)
        } else {
            Err(Error::io(db_path, std::io::Error::other("endommagé")))
        }
    });
    let dest = free_name(&dir, BackupKind::AvantRestauration, now);
    match through_sqlite {
        Ok(()) => {
            let moved = sync_file(&temp)
                .and_then(|()| std::fs::rename(&temp, &dest).map_err(|e| io_error(&dest, e)));
            if let Err(e) = moved {
                remove_temp(&temp);
                return Err(e);
            }
        }
        Err(e) if is_disk_full_error(&e) => {
            remove_temp(&temp);
            return Err(e);
        }
        Err(_) => {
            remove_temp(&temp);
            let copied = (|| -> Result<()> {
                for suffix in ["-wal", "-journal"] {
                    let side = sibling(db_path, suffix);
                    if side.exists() {
                        let to = sibling(&dest, suffix);
                        std::fs::copy(&side, &to).map_err(|e| io_error(&to, e))?;
                    }
                }
                std::fs::copy(db_path, &temp).map_err(|e| io_error(&temp, e))?;
                sync_file(&temp)?;
                std::fs::rename(&temp, &dest).map_err(|e| io_error(&dest, e))
            })();
            if let Err(e) = copied {
                remove_temp(&temp);
                for suffix in ["-wal", "-journal"] {
                    let _ = std::fs::remove_file(sibling(&dest, suffix));
                }
                return Err(e);
            }
        }
    }
    sync_dir(&dir);
    Ok(dest)
}

/// Refuses a restore while a Quorum (or the command line) has the database open:
/// an exclusive lock cannot be had then. Nothing is written (no checkpoint on close).
fn ensure_not_in_use(db_path: &Path) -> Result<()> {
    let Ok(conn) = Connection::open_with_flags(
        db_path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return Ok(());
    };
    let _ = conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    );
    conn.busy_timeout(Duration::from_millis(500))?;
    match conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;") {
        Err(rusqlite::Error::SqliteFailure(f, _))
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            Err(Error::Conflict(
                "Les données sont encore ouvertes par un autre Quorum (ou la ligne de commande) : fermez-le avant de restaurer une sauvegarde.".into(),
            ))
        }
        // A damaged file cannot be locked this way; it is not in use by a Quorum
        // either, since Quorum refuses to open it.
        _ => Ok(()),
    }
}

/// Deletes what the rotation no longer keeps, and temporary files left by a crash
/// more than an hour ago. Best effort: a file that cannot be deleted stays.
fn rotate(dir: &Path, now: DateTime<Utc>) {
    if let Ok(found) = scan_dir(dir, false) {
        for path in to_delete(&found, now) {
            let _ = std::fs::remove_file(path);
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = entry
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(3600));
        if name.starts_with(TEMP_PREFIX) && name.contains(TEMP_SUFFIX) && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

// ---------------------------------------------------------------- checking

#[derive(Clone, Copy)]
enum Check {
    /// `quick_check`: for listing.
    Quick,
    /// `integrity_check`: for a new copy and before a restore.
    Full,
}

/// What a look inside a file found.
struct Inspection {
    /// SQLite's answer: empty when it is « ok ».
    problems: Vec<String>,
    /// The schema version (`PRAGMA user_version`).
    version: i64,
    /// It has Quorum's schema bookkeeping.
    quorum: bool,
}

impl Inspection {
    fn is_usable(&self) -> bool {
        self.problems.is_empty() && self.quorum
    }

    fn describe(&self) -> String {
        match self.problems.len() {
            0 if !self.quorum => "ce n'est pas une base Quorum".into(),
            0 => "aucune anomalie".into(),
            1 => "une anomalie".into(),
            n => format!("{n} anomalies"),
        }
    }
}

fn inspect(path: &Path, check: Check) -> Inspection {
    let failed = |what: &str| Inspection {
        problems: vec![what.to_string()],
        version: 0,
        quorum: false,
    };
    let conn = match open_read_only(path) {
        Ok(c) => c,
        Err(_) => return failed("le fichier ne s'ouvre pas"),
    };
    let pragma = match check {
        Check::Quick => "PRAGMA quick_check",
        Check::Full => "PRAGMA integrity_check",
    };
    let rows: rusqlite::Result<Vec<String>> = conn
        .prepare(pragma)
        .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect());
    let problems = match rows {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => Vec::new(),
        Ok(rows) => rows,
        Err(e) => vec![e.to_string()],
    };
    let version = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap_or(0);
    let quorum = version >= 1
        && conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .is_ok_and(|n| n == 1);
    Inspection {
        problems,
        version,
        quorum,
    }
}

fn quick_check_ok(conn: &Connection) -> bool {
    conn.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0))
        .is_ok_and(|s| s == "ok")
}

fn check_restorable(found: &Inspection, name: &str) -> Result<()> {
    if !found.problems.is_empty() {
        return Err(Error::InvalidImport(format!(
            "la sauvegarde « {name} » est endommagée ({}) ; les données actuelles n'ont pas été modifiées.",
            found.describe()
        )));
    }
    if !found.quorum {
        return Err(Error::InvalidImport(format!(
            "« {name} » n'est pas une sauvegarde Quorum ; les données actuelles n'ont pas été modifiées."
        )));
    }
    if found.version > latest_version() {
        return Err(Error::NewerSchema {
            found: found.version,
            supported: latest_version(),
        });
    }
    Ok(())
}

/// Opens a database file read-only without creating anything beside it: SQLite's
/// `immutable` mode when no `-wal` lies beside it (a backup, a file on a
/// write-protected key), a plain read-only connection otherwise (it must see the WAL).
fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if !sibling(path, "-wal").exists() {
        if let Some(uri) = immutable_uri(path) {
            if let Ok(conn) = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI) {
                return Ok(conn);
            }
        }
    }
    Connection::open_with_flags(path, flags)
}

/// `file:…?immutable=1` for `path`, percent-encoded. `None` when the path is not
/// valid Unicode (the plain connection is used then).
fn immutable_uri(path: &Path) -> Option<String> {
    let text = path.to_str()?;
    let text = if cfg!(windows) {
        let slashed = text.replace('\\', "/");
        if slashed.as_bytes().get(1) == Some(&b':') {
            format!("/{slashed}")
        } else {
            slashed
        }
    } else {
        text.to_string()
    };
    let mut uri = String::from("file:");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    Some(uri)
}

/// A fingerprint of the data: every row of every table, in no particular order
/// (row hashes are added), with the table names, row counts and schema version.
/// Equal data gives equal fingerprints in the same build of Quorum.
fn fingerprint(conn: &Connection) -> rusqlite::Result<u64> {
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut all = DefaultHasher::new();
    conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?
        .hash(&mut all);
    for table in tables {
        let mut st = conn.prepare(&format!("SELECT * FROM \"{}\"", table.replace('"', "\"\"")))?;
        let columns = st.column_count();
        let mut rows = st.query([])?;
        let mut count: u64 = 0;
        let mut sum: u64 = 0;
        while let Some(row) = rows.next()? {
            let mut h = DefaultHasher::new();
            for i in 0..columns {
                match row.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => 0u8.hash(&mut h),
                    rusqlite::types::ValueRef::Integer(v) => (1u8, v).hash(&mut h),
                    rusqlite::types::ValueRef::Real(v) => (2u8, v.to_bits()).hash(&mut h),
                    rusqlite::types::ValueRef::Text(v) => (3u8, v).hash(&mut h),
                    rusqlite::types::ValueRef::Blob(v) => (4u8, v).hash(&mut h),
                }
            }
            count += 1;
            sum = sum.wrapping_add(h.finish());
        }
        (table, count, sum).hash(&mut all);
    }
    Ok(all.finish())
}

// ---------------------------------------------------------------- names

/// The backups found in `dir` (missing folder: none), newest first.
fn scan_dir(dir: &Path, verify: bool) -> Result<Vec<BackupInfo>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(dir, e)),
    };
    let (known, now) = if verify {
        (load_checks(dir), SystemTime::now())
    } else {
        (HashMap::new(), SystemTime::UNIX_EPOCH)
    };
    let mut checks = HashMap::new();
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, e))?;
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        if let Some(mut info) = backup_info(&entry.path()) {
            if verify {
                let state = entry.metadata().ok().and_then(|m| FileState::of(&m));
                let earlier = state.and_then(|state| {
                    known
                        .get(&info.file_name)
                        .filter(|c| c.state == state)
                        .map(|c| c.ok)
                });
                info.verified =
                    earlier.unwrap_or_else(|| inspect(&info.path, Check::Quick).is_usable());
                if let Some(state) = state.filter(|s| s.settled_at(now)) {
                    let ok = info.verified;
                    checks.insert(info.file_name.clone(), Checked { state, ok });
                }
            }
            found.push(info);
        }
    }
    if verify && checks != known {
        save_checks(dir, &checks);
    }
    sort_newest_first(&mut found);
    Ok(found)
}

/// The file, in a folder of copies, where [`list_backups`] keeps what it found of
/// each copy. A cache: missing, unreadable or stale, the copies are checked again.
const CHECKS_FILE: &str = ".verifications.json";

/// A copy's size and modification time when it was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct FileState {
    size: u64,
    /// Nanoseconds since 1970.
    modified: u64,
}

impl FileState {
    fn of(meta: &std::fs::Metadata) -> Option<FileState> {
        let modified = meta.modified().ok()?;
        let since = modified.duration_since(SystemTime::UNIX_EPOCH).ok()?;
        Some(FileState {
            size: meta.len(),
            modified: u64::try_from(since.as_nanos()).ok()?,
        })
    }

    /// Whether a check made `now` can be remembered: only for a file already older
    /// than a margin (git's « racily clean » rule). File systems stamp modification
    /// times coarsely, so a write in the same few milliseconds as the check could
    /// change the file and leave its time as it was.
    fn settled_at(self, now: SystemTime) -> bool {
        const MARGIN: Duration = Duration::from_secs(2);
        let modified = SystemTime::UNIX_EPOCH + Duration::from_nanos(self.modified);
        now.duration_since(modified).is_ok_and(|age| age >= MARGIN)
    }
}

/// What the check of a copy found, and on which state of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Checked {
    #[serde(flatten)]
    state: FileState,
    ok: bool,
}

fn load_checks(dir: &Path) -> HashMap<String, Checked> {
    std::fs::read(dir.join(CHECKS_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Best effort, and atomic (a temporary file renamed): a folder that cannot be
/// written only means the copies are checked again next time.
fn save_checks(dir: &Path, checks: &HashMap<String, Checked>) {
    let Ok(json) = serde_json::to_vec_pretty(checks) else {
        return;
    };
    let temp = temp_path(dir, "verifications");
    if std::fs::write(&temp, json).is_err()
        || std::fs::rename(&temp, dir.join(CHECKS_FILE)).is_err()
    {
        let _ = std::fs::remove_file(&temp);
    }
}

fn sort_newest_first(all: &mut [BackupInfo]) {
    all.sort_by(newest_first);
}

/// By time, then by the `-n` of copies made in the same second.
fn newest_first(a: &BackupInfo, b: &BackupInfo) -> std::cmp::Ordering {
    let key = |x: &BackupInfo| (x.created_at, sequence(&x.file_name), x.file_name.clone());
    key(b).cmp(&key(a))
}

/// A backup's description from its name and size (`verified` left false), or
/// `None` when the name is not a backup's.
fn backup_info(path: &Path) -> Option<BackupInfo> {
    let file_name = path.file_name()?.to_str()?.to_string();
    let (created_at, kind, _) = parse_name(&file_name)?;
    let size_bytes = std::fs::metadata(path).ok()?.len();
    Some(BackupInfo {
        path: path.to_path_buf(),
        file_name,
        created_at,
        size_bytes,
        kind,
        verified: false,
    })
}

fn backup_name(kind: BackupKind, at: DateTime<Utc>, sequence: u32) -> String {
    let stamp = at.with_timezone(&Local).format(STAMP);
    let suffix = kind.suffix();
    if sequence < 2 {
        format!("{PREFIX}{stamp}{suffix}{EXTENSION}")
    } else {
        format!("{PREFIX}{stamp}{suffix}-{sequence}{EXTENSION}")
    }
}

/// A name not yet taken in `dir`.
fn free_name(dir: &Path, kind: BackupKind, at: DateTime<Utc>) -> PathBuf {
    let mut n = 1;
    loop {
        let path = dir.join(backup_name(kind, at, n));
        if !path.exists() || n > 10_000 {
            return path;
        }
        n += 1;
    }
}

/// `quorum-AAAAMMJJ-HHMMSS[-genre][-n].sqlite3` (local time) or the name given
/// before a migration, `quorum-schemaV-AAAAMMJJ-HHMMSS.sqlite3` (UTC). Gives the
/// time, the kind and `n` (1 when absent).
fn parse_name(name: &str) -> Option<(DateTime<Utc>, BackupKind, u32)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(EXTENSION)?;
    if let Some(migration) = rest.strip_prefix("schema") {
        let (version, stamp) = migration.split_once('-')?;
        version.parse::<u32>().ok()?;
        let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
        return Some((at.and_utc(), BackupKind::AvantMiseAJour, 1));
    }
    let stamp = rest.get(..15)?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    let mut tail = rest.get(15..)?;
    let mut sequence = 1;
    if let Some((head, n)) = tail.rsplit_once('-') {
        if let Ok(n) = n.parse::<u32>() {
            tail = head;
            sequence = n;
        }
    }
    let kind = [
        BackupKind::Manuelle,
        BackupKind::AvantRestauration,
        BackupKind::AvantMiseAJour,
        BackupKind::Automatique,
    ]
    .into_iter()
    .find(|k| tail == k.suffix())?;
    Some((local_to_utc(at), kind, sequence))
}

/// The `-n` of a name (1 without one), so that copies of the same second sort.
fn sequence(name: &str) -> u32 {
    parse_name(name).map(|(_, _, n)| n).unwrap_or(1)
}

fn local_to_utc(at: NaiveDateTime) -> DateTime<Utc> {
    match Local.from_local_datetime(&at) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.with_timezone(&Utc)
        }
        // A time skipped by a change to summer time: read it as an hour later's.
        chrono::LocalResult::None => Local
            .from_local_datetime(&(at + chrono::TimeDelta::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| at.and_utc()),
    }
}

// ---------------------------------------------------------------- files

fn temp_path(dir: &Path, what: &str) -> PathBuf {
    dir.join(format!(
        "{TEMP_PREFIX}{what}-{}{TEMP_SUFFIX}",
        uuid::Uuid::new_v4().simple()
    ))
}

/// Removes a temporary copy and the journal files SQLite may have left beside it.
fn remove_temp(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in ["-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(sibling(path, suffix));
    }
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn regular_file(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_file() {
        Ok(())
    } else {
        Err(Error::io(
            path,
            std::io::Error::other(
                "ce n'est pas un fichier de sauvegarde (c'est un dossier ou un fichier spécial)",
            ),
        ))
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn sync_file(path: &Path) -> Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| io_error(path, e))
}

/// Makes a rename durable (Unix); elsewhere, and where a folder cannot be opened,
/// it is left to the system.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

// ---------------------------------------------------------------- errors

fn is_disk_full(e: &std::io::Error) -> bool {
    e.kind() == ErrorKind::StorageFull
        || (cfg!(unix) && e.raw_os_error() == Some(28))
        || (cfg!(windows) && matches!(e.raw_os_error(), Some(39 | 112)))
}

fn is_disk_full_error(e: &Error) -> bool {
    match e {
        Error::Io { source, .. } => source.to_string() == DISK_FULL || is_disk_full(source),
        _ => false,
    }
}

fn disk_full(path: &Path) -> Error {
    Error::io(path, std::io::Error::other(DISK_FULL))
}

fn io_error(path: &Path, e: std::io::Error) -> Error {
    if is_disk_full(&e) {
        disk_full(path)
    } else {
        Error::io(path, e)
    }
}

/// SQLite's failures on a file, in the words of [`Error::Io`].
fn sql_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode as C;
    match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            C::DiskFull => disk_full(path),
            C::DatabaseBusy | C::DatabaseLocked => Error::Busy,
            C::CannotOpen | C::ReadOnly | C::PermissionDenied => Error::io(
                path,
                std::io::Error::new(ErrorKind::PermissionDenied, e.to_string()),
            ),
            _ => Error::io(path, std::io::Error::other(e.to_string())),
        },
        _ => Error::from(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, NaiveTime};

    fn paris() -> FixedOffset {
        FixedOffset::east_opt(3600).unwrap()
    }

    fn at(tz: &FixedOffset, date: &str, time: &str) -> DateTime<Utc> {
        let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        let t = NaiveTime::parse_from_str(time, "%H:%M").unwrap();
        tz.from_local_datetime(&d.and_time(t))
            .unwrap()
            .with_timezone(&Utc)
    }

    fn info(name: &str, created_at: DateTime<Utc>, kind: BackupKind) -> BackupInfo {
        BackupInfo {
            path: PathBuf::from(name),
            file_name: name.into(),
            created_at,
            size_bytes: 0,
            kind,
            verified: true,
        }
    }

    #[test]
    fn backup_names_read_back() {
        let when = Utc::now();
        let when = DateTime::from_timestamp(when.timestamp(), 0).unwrap();
        for kind in [
            BackupKind::Automatique,
            BackupKind::Manuelle,
            BackupKind::AvantRestauration,
            BackupKind::AvantMiseAJour,
        ] {
            for n in [1, 2, 17] {
                let name = backup_name(kind, when, n);
                assert!(name.starts_with("quorum-") && name.ends_with(".sqlite3"));
                let (t, k, _) = parse_name(&name).unwrap();
                assert_eq!(k, kind, "{name}");
                // Equal except in the hour repeated when summer time ends.
                assert!((t - when).num_hours().abs() <= 1, "{name}");
                assert_eq!(sequence(&name), n.max(1), "{name}");
            }
        }
        let (t, k, _) = parse_name("quorum-schema3-20240102-030405.sqlite3").unwrap();
        assert_eq!(k, BackupKind::AvantMiseAJour);
        assert_eq!(t, "2024-01-02T03:04:05Z".parse::<DateTime<Utc>>().unwrap());
        for other in [
            "quorum.sqlite3",
            "quorum-20240102-030405.sqlite3-wal",
            "quorum-20240102-030405-autre.sqlite3",
            "quorum-2024010-030405.sqlite3",
            ".quorum-copie-abc.partiel",
            "notes.txt",
        ] {
            assert!(parse_name(other).is_none(), "{other}");
        }
    }

    #[test]
    fn copies_of_the_same_second_sort_by_their_number() {
        let when = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let mut all: Vec<BackupInfo> = [1, 2, 10]
            .into_iter()
            .map(|n| {
                let name = backup_name(BackupKind::Automatique, when, n);
                info(&name, when, BackupKind::Automatique)
            })
            .collect();
        sort_newest_first(&mut all);
        let order: Vec<u32> = all.iter().map(|b| sequence(&b.file_name)).collect();
        assert_eq!(order, [10, 2, 1]);
        // Only the newest of them is kept.
        let deleted = to_delete_in(&all, when, &paris());
        assert_eq!(deleted, [all[1].path.clone(), all[2].path.clone()]);
    }

    #[test]
    fn rotation_keeps_seven_days_and_four_weeks_of_automatic_copies() {
        let tz = paris();
        let now = at(&tz, "2025-03-12", "20:00");
        let mut all = Vec::new();
        let mut day = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        while day <= NaiveDate::from_ymd_opt(2025, 3, 12).unwrap() {
            for time in ["09:00", "13:00", "18:00"] {
                let d = day.format("%Y-%m-%d").to_string();
                all.push(info(
                    &format!("{d} {time}"),
                    at(&tz, &d, time),
                    BackupKind::Automatique,
                ));
            }
            day = day.succ_opt().unwrap();
        }
        all.push(info(
            "manuelle",
            at(&tz, "2024-06-01", "10:00"),
            BackupKind::Manuelle,
        ));
        all.push(info(
            "restauration",
            at(&tz, "2025-01-10", "10:00"),
            BackupKind::AvantRestauration,
        ));
        all.push(info(
            "futur",
            at(&tz, "2031-01-01", "10:00"),
            BackupKind::Automatique,
        ));
        let deleted: HashSet<PathBuf> = to_delete_in(&all, now, &tz).into_iter().collect();
        let mut kept: Vec<String> = all
            .iter()
            .filter(|b| !deleted.contains(&b.path))
            .map(|b| b.file_name.clone())
            .collect();
        kept.sort();
        assert_eq!(
            kept,
            [
                "2025-02-23 18:00",
                "2025-03-02 18:00",
                "2025-03-06 18:00",
                "2025-03-07 18:00",
                "2025-03-08 18:00",
                "2025-03-09 18:00",
                "2025-03-10 18:00",
                "2025-03-11 18:00",
                "2025-03-12 18:00",
                "futur",
                "manuelle",
                "restauration",
            ]
        );
    }

    #[test]
    fn rotation_counts_days_that_have_copies_not_calendar_days() {
        let tz = paris();
        let now = at(&tz, "2025-03-10", "12:00");
        let days = [
            "2025-01-01",
            "2025-01-15",
            "2025-02-01",
            "2025-02-10",
            "2025-02-11",
            "2025-03-01",
            "2025-03-05",
            "2025-03-10",
        ];
        let mut all: Vec<BackupInfo> = days
            .iter()
            .map(|d| info(d, at(&tz, d, "10:00"), BackupKind::Automatique))
            .collect();
        all.push(info(
            "2025-03-10 early",
            at(&tz, "2025-03-10", "08:00"),
            BackupKind::Automatique,
        ));
        let deleted = to_delete_in(&all, now, &tz);
        assert_eq!(
            deleted,
            vec![
                PathBuf::from("2025-03-10 early"),
                PathBuf::from("2025-01-01")
            ]
        );
    }
}
