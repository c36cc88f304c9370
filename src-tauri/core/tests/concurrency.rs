//! Two Quorums (the window and the command line, say) writing to the same data directory.

// Test code: clippy.toml allows unwrap/expect inside #[test] functions only, and
// these files also have helpers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use quorum_core::db::latest_version;
use quorum_core::member::Sex;
use quorum_core::Store;
use std::sync::{Arc, Barrier};

/// `PRAGMA integrity_check` on a fresh connection to the store's file, as Quorum itself
/// runs it (at opening, on backup copies). Why not on `store`'s own connection: each
/// connection caches the FTS5 index's segment layout, and `integrity_check` compares the
/// index against that cache without refreshing it, so a long-lived connection that another
/// process wrote around reports a false « fts5: checksum mismatch » (reproduced with bare
/// rusqlite; a fresh connection and FTS5's own 'integrity-check' both say ok).
fn integrity(store: &Store) -> String {
    let fresh = rusqlite::Connection::open(store.path()).unwrap();
    let general: String = fresh
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    // FTS5's own check compares the index with the tables it indexes, so a trigger that
    // missed a write would show here.
    fresh
        .execute(
            "INSERT INTO search_index(search_index, rank) VALUES('integrity-check', 1)",
            [],
        )
        .unwrap();
    general
}

#[test]
fn two_stores_writing_at_once_lose_nothing() {
    const PER_WRITER: usize = 100;
    let dir = DataDir::new();
    let council = {
        let mut store = dir.open();
        new_council(&mut store, "Conseil")
    };
    let barrier = Arc::new(Barrier::new(2));
    let writers: Vec<_> = ["Alpha", "Bravo"]
        .into_iter()
        .map(|who| {
            let path = dir.path().to_path_buf();
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                let mut store = Store::open_in(&path).unwrap();
                barrier.wait();
                for i in 0..PER_WRITER {
                    let sex = if i % 2 == 0 { Sex::F } else { Sex::M };
                    store
                        .create_member(council.id, habitant(&format!("{who}{i:03}"), sex))
                        .unwrap_or_else(|e| panic!("{who} #{i}: {e}"));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer thread");
    }

    let mut store = dir.open();
    let members = store.list_members(council.id).unwrap();
    assert_eq!(members.len(), 2 * PER_WRITER);
    for who in ["Alpha", "Bravo"] {
        let n = members
            .iter()
            .filter(|m| m.last_name.starts_with(who))
            .count();
        assert_eq!(n, PER_WRITER, "{who}");
    }
    assert_eq!(rows(&store, "member_events") as usize, 2 * PER_WRITER);
    assert_eq!(
        store.list_councils(false).unwrap()[0].active_members as usize,
        2 * PER_WRITER
    );
    assert_eq!(integrity(&store), "ok");
}

#[test]
fn a_reader_sees_whole_writes_while_another_store_writes() {
    let dir = DataDir::new();
    let council = {
        let mut store = dir.open();
        new_council(&mut store, "Conseil")
    };
    let path = dir.path().to_path_buf();
    let writer = std::thread::spawn(move || {
        let mut store = Store::open_in(&path).unwrap();
        for i in 0..100 {
            store
                .create_member(council.id, habitant(&format!("M{i:03}"), Sex::F))
                .unwrap();
        }
    });
    let mut reader = dir.open();
    let mut last = 0;
    while !writer.is_finished() {
        let members = reader.list_members(council.id).unwrap().len();
        let events = rows(&reader, "member_events") as usize;
        assert!(members >= last, "counts never go back");
        // A member and its history line are written in one transaction; the
        // history count is read after, so it can only be ahead.
        assert!(
            events >= members,
            "{events} history lines for {members} members"
        );
        last = members;
    }
    writer.join().unwrap();
    assert_eq!(reader.list_members(council.id).unwrap().len(), 100);
    assert_eq!(integrity(&reader), "ok");
}

#[test]
fn several_stores_opening_a_new_data_dir_at_once_migrate_it_once() {
    let dir = DataDir::new();
    let barrier = Arc::new(Barrier::new(4));
    let openers: Vec<_> = (0..4)
        .map(|_| {
            let path = dir.path().to_path_buf();
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                let store = Store::open_in(&path).map_err(|e| e.to_string())?;
                store.schema_version().map_err(|e| e.to_string())
            })
        })
        .collect();
    for o in openers {
        assert_eq!(o.join().unwrap(), Ok(latest_version()));
    }
    let store = dir.open();
    assert_eq!(rows(&store, "schema_migrations"), latest_version());
    assert_eq!(integrity(&store), "ok");
}
