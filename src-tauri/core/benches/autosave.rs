//! Benchmark (not a test): the autosave of a minutes item, `Store::save_item_notes`
//! (what the editor calls 800 ms after the last keystroke), against one bare WAL
//! commit of the same text: a plain rusqlite connection with Quorum's pragmas (WAL,
//! synchronous NORMAL, foreign keys, busy timeout) doing `BEGIN IMMEDIATE; UPDATE`
//! one row of a table shaped like `agenda_items` (same columns, no triggers)
//! `; COMMIT`. Both files live in the same temporary directory; they are timed in
//! turn, save after save, so that both see the same machine. Method and figures:
//! docs/PERFORMANCE.md.
//!
//! To tell where the difference goes, the same bare commit is also timed on a copy
//! of that table carrying Quorum's search index (the `search_docs` and `search_index`
//! tables and the agenda items' update trigger of migration 5), with FTS5's
//! `secure-delete` on as in Quorum, and off.

mod common;

use chrono::{SecondsFormat, Utc};
use common::*;
use quorum_core::Store;
use rusqlite::{params, Connection, TransactionBehavior};
use std::time::{Duration, Instant};

const ITEMS: u32 = 53;
const WARMUP: usize = 100;
const RUNS: usize = 2_000;

/// The search index of migrations 5 and 7, reduced to what an agenda item's update
/// touches.
const SEARCH_INDEX: &str = "
CREATE TABLE meetings (id TEXT PRIMARY KEY, council_id TEXT NOT NULL);
INSERT INTO meetings VALUES ('m', 'c');
CREATE TABLE search_docs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    council_id  TEXT,
    UNIQUE (kind, record_id)
);
CREATE INDEX search_docs_council ON search_docs(council_id);
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
CREATE TRIGGER search_agenda_items_ai AFTER INSERT ON agenda_items BEGIN
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('agenda_item', NEW.id,
        (SELECT council_id FROM meetings WHERE id = NEW.meeting_id));
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'agenda_item' AND record_id = NEW.id),
        NEW.title,
        NEW.notes || char(10) || NEW.presenter);
END;
CREATE TRIGGER search_agenda_items_au AFTER UPDATE OF meeting_id, title, presenter, notes ON agenda_items BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'agenda_item' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'agenda_item' AND record_id = OLD.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('agenda_item', NEW.id,
        (SELECT council_id FROM meetings WHERE id = NEW.meeting_id));
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'agenda_item' AND record_id = NEW.id),
        NEW.title,
        NEW.notes || char(10) || NEW.presenter);
END;
";

#[derive(Clone, Copy, PartialEq)]
enum Index {
    None,
    Fts5SecureDelete,
    Fts5,
}

/// The peer: a table with `agenda_items`' columns, without foreign keys, and
/// without triggers unless `index` asks for the search index.
fn bare_database(path: &std::path::Path, notes: &str, index: Index) -> BenchResult<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(format!("mode de journal {mode} au lieu de WAL").into());
    }
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA trusted_schema = OFF;
         CREATE TABLE agenda_items (
             id                 TEXT PRIMARY KEY,
             meeting_id         TEXT NOT NULL,
             position           INTEGER NOT NULL,
             title              TEXT NOT NULL,
             kind               TEXT NOT NULL,
             presenter          TEXT NOT NULL DEFAULT '',
             planned_minutes    INTEGER,
             notes              TEXT NOT NULL DEFAULT '',
             approves_meeting_id TEXT,
             deferred_from_item_id TEXT,
             created_at         TEXT NOT NULL,
             updated_at         TEXT NOT NULL
         );
         CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);",
    )?;
    if index != Index::None {
        conn.execute_batch(SEARCH_INDEX)?;
    }
    if index == Index::Fts5SecureDelete {
        conn.execute_batch(
            "INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1);",
        )?;
    }
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    for n in 0..ITEMS {
        conn.execute(
            "INSERT INTO agenda_items (id, meeting_id, position, title, kind, presenter,
                 planned_minutes, notes, created_at, updated_at)
             VALUES (?1, 'm', ?2, ?3, 'decision', 'Fatou Diallo', 10, ?4, ?5, ?5)",
            params![
                format!("item-{n}"),
                n,
                format!("Point numéro {}", n + 1),
                notes,
                now
            ],
        )?;
    }
    Ok(conn)
}

fn bare_save(conn: &mut Connection, notes: &str) -> BenchResult {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.prepare_cached("UPDATE agenda_items SET notes = ?1, updated_at = ?2 WHERE id = ?3")?
        .execute(params![
            notes,
            Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
            "item-0"
        ])?;
    tx.commit()?;
    Ok(())
}

fn main() -> BenchResult {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open_in(&dir.path().join("donnees"))?;
    store.load_demo()?;
    let council = store.list_councils(false)?[0].id;
    let meeting = quorum_core::demo::add_long_meeting(&mut store, council, ITEMS)?;
    let detail = store.meeting_detail(meeting)?;
    let item = &detail.items[0].item;
    let base = item.notes.clone();
    let mut bare = bare_database(&dir.path().join("nu.sqlite3"), &base, Index::None)?;
    let mut fts_secure = bare_database(
        &dir.path().join("fts5-secure.sqlite3"),
        &base,
        Index::Fts5SecureDelete,
    )?;
    let mut fts = bare_database(&dir.path().join("fts5.sqlite3"), &base, Index::Fts5)?;

    // Someone typing: each save carries the text as it is a moment later.
    let text = |i: usize| format!("{base} Suite de la frappe {i}.");
    let mut all_times: [Vec<Duration>; 4] = Default::default();
    for i in 0..WARMUP + RUNS {
        let notes = text(i);
        let start = Instant::now();
        store.save_item_notes(item.id, &notes)?;
        let q = start.elapsed();
        let mut took = [q, Duration::ZERO, Duration::ZERO, Duration::ZERO];
        for (n, conn) in [&mut bare, &mut fts_secure, &mut fts]
            .into_iter()
            .enumerate()
        {
            let start = Instant::now();
            bare_save(conn, &notes)?;
            took[n + 1] = start.elapsed();
        }
        if i >= WARMUP {
            for (all, t) in all_times.iter_mut().zip(took) {
                all.push(t);
            }
        }
    }
    let [quorum, peer, fts_secure, fts] = all_times.map(Stats::of);
    let r = ratio(quorum.median, peer.median);
    println!(
        "Enregistrement automatique d'un point ({} octets de notes) : Quorum {} · commit WAL nu {} — Quorum/nu {}",
        text(0).len(),
        duration(quorum.median),
        duration(peer.median),
        times(r)
    );
    println!("  Quorum : Store::save_item_notes, {}", quorum.detail());
    println!(
        "  commit WAL nu (BEGIN IMMEDIATE; UPDATE agenda_items SET notes, updated_at; COMMIT) : {}",
        peer.detail()
    );
    println!(
        "  pour comparer : le même commit nu sur une table munie de l'index de recherche de Quorum (déclencheur FTS5) : {} avec secure-delete (comme Quorum), {} sans",
        fts_secure.detail(),
        fts.detail()
    );
    Ok(())
}
