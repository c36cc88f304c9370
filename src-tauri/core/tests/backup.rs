//! Backups: verified copies, rotation, automatic copies, restore, damaged files.

// Test code: clippy.toml allows unwrap/expect inside #[test] functions only, and
// these files also have helpers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Local, NaiveDate, TimeDelta, TimeZone, Utc};
use common::*;
use quorum_core::backup::{
    backup_dir, backup_now, backup_to_folder, latest_good_backup, list_backups, maybe_auto_backup,
    restore_backup, to_delete, verify_backup, BackupInfo, BackupKind,
};
use quorum_core::db::DB_FILE_NAME;
use quorum_core::{ErrorCode, Store};
use rusqlite::{Connection, OpenFlags};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The council names stored in a database file, read without changing it.
fn council_names(path: &Path) -> Vec<String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut st = conn
        .prepare("SELECT name FROM councils ORDER BY name")
        .unwrap();
    let names = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<Vec<String>>>()
        .unwrap();
    names
}

fn names_in(store: &mut Store) -> Vec<String> {
    let mut names: Vec<String> = store
        .list_councils(true)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    names.sort();
    names
}

/// Every file name in a folder, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

/// Writes deterministic garbage over the middle of a file (from 30 % to 70 %).
fn spoil_middle(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let (from, to) = (bytes.len() * 3 / 10, bytes.len() * 7 / 10);
    assert!(
        to - from >= 8192,
        "a file of several pages: {}",
        bytes.len()
    );
    for (i, b) in bytes[from..to].iter_mut().enumerate() {
        *b = (i.wrapping_mul(7919) % 251) as u8 ^ 0x5a;
    }
    std::fs::write(path, bytes).unwrap();
}

/// A data directory holding several councils with members (a file of many pages).
fn filled(dir: &DataDir, councils: usize) -> Store {
    let mut store = dir.open();
    for i in 0..councils {
        let council = new_council(&mut store, &format!("Conseil {i:02}"));
        for j in 0..5 {
            add(
                &mut store,
                council.id,
                habitant(&format!("Habitant{i}x{j}"), quorum_core::member::Sex::F),
            );
        }
    }
    store
}

// ---------------------------------------------------------------- copies

#[test]
fn backup_now_makes_a_verified_copy_with_the_same_data() {
    let dir = DataDir::new();
    let mut store = filled(&dir, 3);
    let info = store.backup_now(BackupKind::Manuelle).unwrap();

    assert!(info.verified);
    assert_eq!(info.kind, BackupKind::Manuelle);
    assert_eq!(info.path.parent().unwrap(), backup_dir(dir.path()));
    assert!(
        info.file_name.starts_with("quorum-") && info.file_name.ends_with("-manuelle.sqlite3"),
        "{}",
        info.file_name
    );
    let stamp = &info.file_name["quorum-".len().."quorum-".len() + 15];
    let local = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").unwrap();
    assert!(
        (Local::now().naive_local() - local).num_seconds().abs() < 60,
        "local time in the name: {stamp}"
    );
    assert!((Utc::now() - info.created_at).num_seconds().abs() < 60);
    assert_eq!(
        info.size_bytes,
        std::fs::metadata(&info.path).unwrap().len()
    );
    assert!(verify_backup(&info.path).unwrap());
    assert_eq!(council_names(&info.path), names_in(&mut store));

    // One self-contained file: no journal, WAL or temporary file beside it.
    assert_eq!(
        files_in(&backup_dir(dir.path())),
        vec![info.file_name.clone()]
    );

    let listed = list_backups(dir.path()).unwrap();
    assert_eq!(listed, vec![info.clone()]);

    // A second copy in the same second gets its own name.
    let again = store.backup_now(BackupKind::Manuelle).unwrap();
    assert_ne!(again.path, info.path);
    let listed = list_backups(dir.path()).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].path, again.path, "newest first");
}

#[test]
fn backup_to_folder_copies_onto_a_chosen_folder() {
    let dir = DataDir::new();
    let mut store = filled(&dir, 2);
    let key = tempfile::tempdir().unwrap();
    let info = store.backup_to_folder(key.path()).unwrap();
    assert!(info.verified);
    assert_eq!(info.kind, BackupKind::Manuelle);
    assert_eq!(info.path.parent().unwrap(), key.path());
    assert_eq!(files_in(key.path()), vec![info.file_name.clone()]);
    assert_eq!(council_names(&info.path), names_in(&mut store));
    assert!(
        !backup_dir(dir.path()).exists(),
        "nothing is written in the data directory's own backups"
    );
}

#[test]
fn backup_to_folder_refuses_a_missing_or_read_only_folder() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let missing = dir.path().join("clé absente");
    let err = store.backup_to_folder(&missing).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io, "{err:?}");
    let message = err.to_string();
    assert!(message.contains("n'existe pas"), "{message}");
    assert!(
        message.contains("clé absente"),
        "names the folder: {message}"
    );

    let file = dir.path().join("un-fichier");
    std::fs::write(&file, "x").unwrap();
    let err = store.backup_to_folder(&file).unwrap_err();
    assert!(err.to_string().contains("pas un dossier"), "{err}");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = tempfile::tempdir().unwrap();
        std::fs::set_permissions(key.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
        // Root ignores permissions: only assert when the folder really is read-only.
        let probe = key.path().join("essai");
        let writable = std::fs::write(&probe, "x").is_ok();
        let _ = std::fs::remove_file(&probe);
        let result = store.backup_to_folder(key.path());
        if !writable {
            let err = result.unwrap_err();
            assert_eq!(err.code(), ErrorCode::Io, "{err:?}");
            assert!(err.to_string().contains("lecture seule"), "{err}");
            assert!(files_in(key.path()).is_empty());
        }
        std::fs::set_permissions(key.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

// ---------------------------------------------------------------- rotation

fn local_noon(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    Local
        .from_local_datetime(&date.and_hms_opt(hour, 0, 0).unwrap())
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

fn synthetic(name: &str, created_at: DateTime<Utc>, kind: BackupKind) -> BackupInfo {
    BackupInfo {
        path: PathBuf::from(name),
        file_name: name.into(),
        created_at,
        size_bytes: 1000,
        kind,
        verified: true,
    }
}

#[test]
fn rotation_keeps_seven_days_four_weeks_and_every_manual_copy() {
    // Wednesday 12 March 2025; a copy at 9, 13 and 18 h every day since 1 January.
    let now = local_noon(NaiveDate::from_ymd_opt(2025, 3, 12).unwrap(), 20);
    let mut all = Vec::new();
    let mut day = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    while day <= NaiveDate::from_ymd_opt(2025, 3, 12).unwrap() {
        for hour in [9, 13, 18] {
            all.push(synthetic(
                &format!("{day} {hour:02}h"),
                local_noon(day, hour),
                BackupKind::Automatique,
            ));
        }
        day = day.succ_opt().unwrap();
    }
    let old = NaiveDate::from_ymd_opt(2024, 11, 2).unwrap();
    all.push(synthetic(
        "manuelle",
        local_noon(old, 10),
        BackupKind::Manuelle,
    ));
    all.push(synthetic(
        "avant restauration",
        local_noon(old, 11),
        BackupKind::AvantRestauration,
    ));
    all.push(synthetic(
        "avant mise à jour",
        local_noon(old, 12),
        BackupKind::AvantMiseAJour,
    ));

    let deleted: HashSet<PathBuf> = to_delete(&all, now).into_iter().collect();
    let mut kept: Vec<&str> = all
        .iter()
        .filter(|b| !deleted.contains(&b.path))
        .map(|b| b.file_name.as_str())
        .collect();
    kept.sort();
    assert_eq!(
        kept,
        [
            // Latest of the weeks of 17–23 February and 24 February–2 March.
            "2025-02-23 18h",
            "2025-03-02 18h",
            // Latest of each of the last seven days (which cover the two newest weeks).
            "2025-03-06 18h",
            "2025-03-07 18h",
            "2025-03-08 18h",
            "2025-03-09 18h",
            "2025-03-10 18h",
            "2025-03-11 18h",
            "2025-03-12 18h",
            "avant mise à jour",
            "avant restauration",
            "manuelle",
        ]
    );
    // Applying it again deletes nothing more.
    let rest: Vec<BackupInfo> = all
        .into_iter()
        .filter(|b| !deleted.contains(&b.path))
        .collect();
    assert!(to_delete(&rest, now).is_empty());
}

// ---------------------------------------------------------------- automatic copies

#[test]
fn a_copy_does_not_wait_for_the_store_and_holds_only_what_was_committed() {
    let dir = DataDir::new();
    let mut store = dir.open();
    new_council(&mut store, "Les Tilleuls");
    // The store is in the middle of a write: its IMMEDIATE transaction holds the write
    // lock, with a change not yet committed. Through the store, the copy would have to
    // wait for it; a copy that needed the lock would fail after its busy timeout.
    store
        .conn()
        .execute_batch("BEGIN IMMEDIATE; UPDATE councils SET name = 'Pas encore validé';")
        .unwrap();
    let copy = maybe_auto_backup(dir.path(), Utc::now())
        .unwrap()
        .expect("no copy yet: one is made");
    assert!(copy.verified);
    assert_eq!(council_names(&copy.path), ["Les Tilleuls"]);
    // The same for a copy the person asks for, here or onto a USB key.
    let manual = backup_now(dir.path(), BackupKind::Manuelle).unwrap();
    assert_eq!(council_names(&manual.path), ["Les Tilleuls"]);
    let key = tempfile::tempdir().unwrap();
    let onto_key = backup_to_folder(dir.path(), key.path()).unwrap();
    assert_eq!(council_names(&onto_key.path), ["Les Tilleuls"]);
    // The store goes on as if nothing happened: its write commits after the copy.
    store.conn().execute_batch("COMMIT").unwrap();
    assert_eq!(names_in(&mut store), ["Pas encore validé"]);
    // And the next copy, ten minutes on, sees the committed change.
    let next = maybe_auto_backup(dir.path(), Utc::now() + TimeDelta::minutes(11))
        .unwrap()
        .expect("changed and ten minutes later");
    assert_eq!(council_names(&next.path), ["Pas encore validé"]);
}

#[test]
fn automatic_backups_wait_for_a_change_and_ten_minutes() {
    let dir = DataDir::new();
    let mut store = dir.open();
    new_council(&mut store, "Les Tilleuls");
    let t0 = Utc::now();
    let min = TimeDelta::minutes;

    // A fresh manual copy of the same data: nothing to do.
    store.backup_now(BackupKind::Manuelle).unwrap();
    assert_eq!(maybe_auto_backup(dir.path(), t0 + min(1)).unwrap(), None);

    // A change, and no automatic copy yet: one at once.
    new_council(&mut store, "Bois-Joli");
    let first = maybe_auto_backup(dir.path(), t0 + min(1))
        .unwrap()
        .expect("the data changed");
    assert_eq!(first.kind, BackupKind::Automatique);
    assert!(first.verified);
    assert_eq!(council_names(&first.path), names_in(&mut store));

    // Unchanged: nothing, however long after.
    assert_eq!(maybe_auto_backup(dir.path(), t0 + min(2)).unwrap(), None);
    assert_eq!(maybe_auto_backup(dir.path(), t0 + min(30)).unwrap(), None);

    // Changed, but too soon after the last automatic copy: nothing yet…
    new_council(&mut store, "Centre");
    assert_eq!(maybe_auto_backup(dir.path(), t0 + min(6)).unwrap(), None);
    // …then a copy once 10 minutes have passed.
    let second = maybe_auto_backup(dir.path(), t0 + min(12))
        .unwrap()
        .expect("changed and 10 minutes later");
    assert_eq!(council_names(&second.path).len(), 3);
    assert_eq!(maybe_auto_backup(dir.path(), t0 + min(40)).unwrap(), None);

    // Reopening changes nothing by itself: no copy at start.
    drop(store);
    let store = dir.open();
    assert_eq!(maybe_auto_backup(dir.path(), t0 + min(45)).unwrap(), None);

    // A change made while the window was closed (the command line): a copy at start.
    drop(store);
    {
        let mut other = dir.open();
        new_council(&mut other, "Gare");
    }
    // The window open again (the copy is made beside its store).
    let _window = dir.open();
    let third = maybe_auto_backup(dir.path(), t0 + min(50))
        .unwrap()
        .expect("changed while closed");
    assert_eq!(council_names(&third.path).len(), 4);

    // Rotation ran: the manual copy stays, and so does the newest automatic one.
    let listed = list_backups(dir.path()).unwrap();
    assert!(listed.iter().any(|b| b.kind == BackupKind::Manuelle));
    assert_eq!(listed[0].path, third.path);
    assert!(listed.iter().all(|b| b.verified));
    let same_day = |a: DateTime<Utc>, b: DateTime<Utc>| {
        a.with_timezone(&Local).date_naive() == b.with_timezone(&Local).date_naive()
    };
    if same_day(first.created_at, third.created_at) {
        assert!(
            !first.path.exists(),
            "an earlier copy of the same day is dropped"
        );
    }
}

// ---------------------------------------------------------------- restore

#[test]
fn restore_brings_back_the_old_data_and_keeps_the_current_file_aside() {
    let dir = DataDir::new();
    let mut store = dir.open();
    new_council(&mut store, "Avant");
    let backup = store.backup_now(BackupKind::Manuelle).unwrap();
    new_council(&mut store, "Après");
    drop(store);

    let aside = restore_backup(dir.path(), &backup.path)
        .unwrap()
        .expect("the current file is set aside");
    assert_eq!(aside.parent().unwrap(), backup_dir(dir.path()));
    let aside_name = aside.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        aside_name.ends_with("-avant-restauration.sqlite3"),
        "{aside_name}"
    );
    assert!(verify_backup(&aside).unwrap());
    assert_eq!(council_names(&aside), ["Après", "Avant"]);
    let listed = list_backups(dir.path()).unwrap();
    let entry = listed.iter().find(|b| b.path == aside).unwrap();
    assert_eq!(entry.kind, BackupKind::AvantRestauration);

    assert!(!dir.path().join(format!("{DB_FILE_NAME}-wal")).exists());
    let mut store = dir.open();
    assert_eq!(names_in(&mut store), ["Avant"]);
    // The backup itself is unchanged and still there.
    assert!(verify_backup(&backup.path).unwrap());
    drop(store);

    // And back again, from the copy set aside.
    restore_backup(dir.path(), &aside).unwrap();
    let mut store = dir.open();
    assert_eq!(names_in(&mut store), ["Après", "Avant"]);
}

#[test]
fn restore_onto_a_new_computer_from_a_usb_key() {
    let old = DataDir::new();
    let mut store = filled(&old, 2);
    let key = tempfile::tempdir().unwrap();
    let copy = store.backup_to_folder(key.path()).unwrap();
    let expected = names_in(&mut store);
    drop(store);

    let new = DataDir::new();
    let fresh = new.path().join("Quorum");
    assert_eq!(restore_backup(&fresh, &copy.path).unwrap(), None);
    let mut store = Store::open_in(&fresh).unwrap();
    assert_eq!(names_in(&mut store), expected);
}

/// Sets a file's modification time, as the passing of time would.
fn set_modified(path: &Path, time: std::time::SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

#[test]
fn a_listed_copy_is_checked_once_while_unchanged_and_a_restore_checks_it_whole() {
    let dir = DataDir::new();
    let mut store = filled(&dir, 3);
    let copy = store.backup_now(BackupKind::Manuelle).unwrap();
    drop(store);
    let listed = || list_backups(dir.path()).unwrap()[0].clone();

    // Written just now: checked at each listing, not remembered yet (a write in the same
    // clock tick could change it without moving its time).
    assert!(listed().verified);
    let checks = backup_dir(dir.path()).join(".verifications.json");
    assert!(
        !checks.exists(),
        "a copy of this very moment is not remembered"
    );

    // Made a minute ago: the listing checks it and remembers it.
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    set_modified(&copy.path, then);
    assert!(listed().verified);
    assert!(checks.exists());

    // Spoiled in place, same size, its time put back: the listing does not open it
    // again (that is the point: on ten years of data each check takes over half a
    // second)…
    spoil_middle(&copy.path);
    set_modified(&copy.path, then);
    assert_eq!(
        std::fs::metadata(&copy.path).unwrap().len(),
        copy.size_bytes
    );
    assert!(
        listed().verified,
        "unchanged size and time: the earlier check stands"
    );
    // …but a restore checks the copy whole, and refuses it.
    let err = restore_backup(dir.path(), &copy.path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidImport, "{err:?}");

    // Any change of its time (a write, a copy over it) makes the listing check it again.
    set_modified(&copy.path, then + std::time::Duration::from_secs(1));
    assert!(!listed().verified);
    // A remembered result that no longer parses is only a cache: everything is checked.
    std::fs::write(&checks, "{ pas du JSON").unwrap();
    assert!(!listed().verified);
}

#[test]
fn a_damaged_backup_is_refused_and_the_current_file_is_untouched() {
    let dir = DataDir::new();
    let mut store = filled(&dir, 3);
    let good = store.backup_now(BackupKind::Manuelle).unwrap();
    new_council(&mut store, "Plus récent");
    drop(store);

    // A copy of the backup with garbage in its middle, named as a newer backup.
    let bad = backup_dir(dir.path()).join("quorum-29990101-000000-manuelle.sqlite3");
    std::fs::copy(&good.path, &bad).unwrap();
    spoil_middle(&bad);
    assert!(!verify_backup(&bad).unwrap());

    let before = std::fs::read(dir.db_path()).unwrap();
    let backups_before = files_in(&backup_dir(dir.path()));
    let err = restore_backup(dir.path(), &bad).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidImport, "{err:?}");
    let message = err.to_string();
    assert!(message.contains("endommagée"), "{message}");
    assert!(message.contains("n'ont pas été modifiées"), "{message}");
    assert!(std::fs::read(dir.db_path()).unwrap() == before, "untouched");
    assert_eq!(
        files_in(&backup_dir(dir.path())),
        backups_before,
        "nothing set aside, no temporary file left"
    );
    assert_eq!(files_in(dir.path()), [DB_FILE_NAME, "sauvegardes"]);

    // Not a Quorum file at all, a folder, a missing file: refused too.
    let text = dir.path().join("notes.sqlite3");
    std::fs::write(&text, "Compte rendu de la réunion\n".repeat(100)).unwrap();
    assert_eq!(
        restore_backup(dir.path(), &text).unwrap_err().code(),
        ErrorCode::InvalidImport
    );
    let empty_db = dir.path().join("vide.sqlite3");
    Connection::open(&empty_db)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let err = restore_backup(dir.path(), &empty_db).unwrap_err();
    assert!(
        err.to_string().contains("n'est pas une sauvegarde Quorum"),
        "{err}"
    );
    let err = restore_backup(dir.path(), &backup_dir(dir.path())).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io, "{err:?}");
    let err = restore_backup(dir.path(), &dir.path().join("absente.sqlite3")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io, "{err:?}");
    let err = restore_backup(dir.path(), &dir.db_path()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err:?}");
    assert!(std::fs::read(dir.db_path()).unwrap() == before, "untouched");

    // The latest good backup skips the damaged one.
    let latest = latest_good_backup(dir.path()).unwrap().unwrap();
    assert_eq!(latest.path, good.path);
}

#[test]
fn restore_is_refused_while_the_database_is_open() {
    let dir = DataDir::new();
    let mut store = dir.open();
    new_council(&mut store, "Ouvert");
    let backup = store.backup_now(BackupKind::Manuelle).unwrap();
    let err = restore_backup(dir.path(), &backup.path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err:?}");
    assert!(err.to_string().contains("fermez"), "{err}");
    // The open store goes on working.
    new_council(&mut store, "Toujours ouvert");
    assert_eq!(names_in(&mut store).len(), 2);
}

// ---------------------------------------------------------------- damaged database

#[test]
fn a_damaged_database_is_refused_at_opening_and_left_as_it_was() {
    let dir = DataDir::new();
    let store = filled(&dir, 12);
    drop(store);
    // A good copy made earlier, as the window would have.
    let mut store = dir.open();
    let good = store.backup_now(BackupKind::Automatique).unwrap();
    drop(store);

    spoil_middle(&dir.db_path());
    let damaged = std::fs::read(dir.db_path()).unwrap();
    let err = Store::open_in(dir.path()).err().expect("damaged");
    assert_eq!(err.code(), ErrorCode::DataDir, "{err:?}");
    let message = err.to_string();
    assert!(message.contains("endommagé"), "{message}");
    assert!(message.contains("il n'a pas été modifié"), "{message}");
    assert!(
        message.contains("Restaurez la dernière sauvegarde valable"),
        "{message}"
    );
    assert!(message.contains(DB_FILE_NAME), "{message}");
    assert!(
        std::fs::read(dir.db_path()).unwrap() == damaged,
        "byte for byte as it was"
    );
    // A second attempt says the same and still changes nothing.
    assert!(Store::open_in(dir.path()).is_err());
    assert!(std::fs::read(dir.db_path()).unwrap() == damaged);

    // The window offers the latest good backup, and restoring it works.
    let latest = latest_good_backup(dir.path()).unwrap().unwrap();
    assert_eq!(latest.path, good.path);
    let aside = restore_backup(dir.path(), &latest.path).unwrap().unwrap();
    assert!(std::fs::read(&aside).unwrap() == damaged, "kept as found");
    assert!(!verify_backup(&aside).unwrap());
    let mut store = dir.open();
    assert_eq!(names_in(&mut store).len(), 12);
    assert!(latest_good_backup(dir.path()).unwrap().unwrap().path == good.path);
}

#[test]
fn a_truncated_database_is_refused_and_left_as_it_was() {
    let dir = DataDir::new();
    drop(filled(&dir, 12));
    let bytes = std::fs::read(dir.db_path()).unwrap();
    let cut = &bytes[..bytes.len() / 2];
    std::fs::write(dir.db_path(), cut).unwrap();

    let err = Store::open_in(dir.path()).err().expect("truncated");
    assert_eq!(err.code(), ErrorCode::DataDir, "{err:?}");
    assert!(err.to_string().contains("endommagé"), "{err}");
    assert!(std::fs::read(dir.db_path()).unwrap() == cut);
    assert_eq!(latest_good_backup(dir.path()).unwrap(), None);
}
