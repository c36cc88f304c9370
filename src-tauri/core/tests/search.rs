//! Global search: accents, case and apostrophes, prefixes, hostile queries, scoping to
//! the council, the index following every write (updates, deletes, cascades,
//! imports, anonymisation), charters, excerpts, groups, and a large council.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use quorum_core::calendar::{EventInput, EventKind, Timing};
use quorum_core::charter::CharterTemplate;
use quorum_core::demo::DEMO_COUNCIL_NAME;
use quorum_core::meeting::{AgendaItemInput, ItemKind, MeetingInput, MeetingKind, MeetingStatus};
use quorum_core::member::{College, MemberStatus, Sex};
use quorum_core::minutes::{DecisionInput, Outcome, VoteMode};
use quorum_core::search::{
    match_expression, strip_marks, SearchHit, SearchKind, SearchResults, MARK_END, MARK_START,
    MORE_MAX,
};
use quorum_core::{ErrorCode, Store};
use std::time::{Duration, Instant};
use uuid::Uuid;

const LIMIT: u32 = 20;

fn demo(dir: &DataDir) -> (Store, Uuid) {
    let mut store = dir.open();
    store.load_demo().unwrap();
    let id = store
        .list_councils(true)
        .unwrap()
        .into_iter()
        .find(|c| c.name == DEMO_COUNCIL_NAME)
        .unwrap()
        .id;
    (store, id)
}

fn search(store: &mut Store, council: Uuid, query: &str) -> SearchResults {
    store
        .search(council, query, LIMIT)
        .unwrap_or_else(|e| panic!("« {query} »: {e}"))
}

fn hits(results: &SearchResults) -> Vec<&SearchHit> {
    results.groups.iter().flat_map(|g| &g.hits).collect()
}

/// The plain titles of the hits of one kind.
fn titles(results: &SearchResults, kind: SearchKind) -> Vec<String> {
    results
        .groups
        .iter()
        .filter(|g| g.kind == kind)
        .flat_map(|g| &g.hits)
        .map(|h| strip_marks(&h.title))
        .collect()
}

fn has(results: &SearchResults, kind: SearchKind, title: &str) -> bool {
    titles(results, kind).iter().any(|t| t == title)
}

fn count(results: &SearchResults, kind: SearchKind) -> u32 {
    results
        .groups
        .iter()
        .find(|g| g.kind == kind)
        .map_or(0, |g| g.total)
}

/// Writes `n` planned meetings straight into the table (thousands in a blink, where
/// the API validates each one); the k-th is titled and placed by `named(k)`.
fn insert_meetings(
    store: &mut Store,
    council: Uuid,
    n: usize,
    named: impl Fn(usize) -> (String, String),
) {
    store
        .write(|tx| {
            let mut meeting = tx
                .prepare(
                    "INSERT INTO meetings (id, council_id, kind, title, date, place, status,
                                           created_at, updated_at)
                     VALUES (?1, ?2, 'commission', ?3, '2030-01-01', ?4, 'prevue', ?5, ?5)",
                )
                .unwrap();
            for k in 0..n {
                let (title, place) = named(k);
                meeting
                    .execute(rusqlite::params![
                        Uuid::new_v4().to_string(),
                        council.to_string(),
                        title,
                        place,
                        "2026-01-01T00:00:00.000Z"
                    ])
                    .unwrap();
            }
            Ok(())
        })
        .unwrap();
}

fn meeting_input(title: &str, date: &str) -> MeetingInput {
    MeetingInput {
        kind: MeetingKind::Pleniere,
        title: title.into(),
        date: date.into(),
        start_time: "18:00".into(),
        end_time: "20:00".into(),
        place: "Maison de quartier".into(),
        remote_link: String::new(),
        status: MeetingStatus::Tenue,
        head_count: None,
        head_count_note: String::new(),
    }
}

fn item_input(title: &str) -> AgendaItemInput {
    AgendaItemInput {
        title: title.into(),
        kind: ItemKind::Decision,
        presenter: String::new(),
        planned_minutes: None,
        approves_meeting_id: None,
        deferred_from_item_id: None,
    }
}

fn event_input(title: &str, description: &str) -> EventInput {
    EventInput {
        kind: EventKind::Atelier,
        title: title.into(),
        date: "2025-03-08".into(),
        timing: Timing::AllDay,
        start_time: String::new(),
        end_time: String::new(),
        place: String::new(),
        address: String::new(),
        online_link: String::new(),
        description: description.into(),
        demarche_id: None,
        phase_id: None,
        recurrence: None,
    }
}

/// Every document of the index as (kind, record, council, title, body), sorted.
fn index_rows(store: &Store) -> Vec<(String, String, Option<String>, String, String)> {
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT d.kind, d.record_id, d.council_id, s.title, s.body
             FROM search_docs d JOIN search_index s ON s.rowid = d.id
             ORDER BY d.kind, d.record_id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn searchable_records(store: &Store) -> i64 {
    [
        "members",
        "meetings",
        "agenda_items",
        "decisions",
        "actions",
        "charter_sections",
        "events",
        "demarches",
    ]
    .iter()
    .map(|t| rows(store, t))
    .sum()
}

#[test]
fn the_bundled_sqlite_has_fts5_and_every_record_is_indexed() {
    let dir = DataDir::new();
    let (store, _) = demo(&dir);
    let options: Vec<String> = store
        .conn()
        .prepare("PRAGMA compile_options")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(options.iter().any(|o| o == "ENABLE_FTS5"), "{options:?}");
    let docs = rows(&store, "search_docs");
    assert!(docs > 30, "{docs}");
    assert_eq!(docs, searchable_records(&store));
    assert_eq!(rows(&store, "search_index"), docs);
    let orphans: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM search_docs WHERE council_id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
}

#[test]
fn accents_and_case_do_not_matter() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);

    let r = search(&mut store, council, "pleniere");
    assert!(
        has(&r, SearchKind::Meeting, "Séance plénière de rentrée"),
        "{r:#?}"
    );
    assert!(has(&r, SearchKind::Meeting, "Séance plénière d'automne"));
    assert_eq!(
        search(&mut store, council, "SÉANCE PLÉNIÈRE"),
        SearchResults {
            query: "SÉANCE PLÉNIÈRE".into(),
            ..search(&mut store, council, "seance pleniere")
        }
    );

    let r = search(&mut store, council, "LEFEVRE");
    assert!(has(&r, SearchKind::Member, "Jean-Pierre Lefèvre"), "{r:#?}");
    let r = search(&mut store, council, "lefèvre");
    assert!(has(&r, SearchKind::Member, "Jean-Pierre Lefèvre"));
    // His role too (stored as « secretaire »).
    let r = search(&mut store, council, "Secrétaire");
    assert!(has(&r, SearchKind::Member, "Jean-Pierre Lefèvre"), "{r:#?}");

    // « Réunion publique : le projet de la cour de l'école », an event.
    let r = search(&mut store, council, "reunion publique");
    assert!(
        titles(&r, SearchKind::Event)
            .iter()
            .any(|t| t.starts_with("Réunion publique")),
        "{r:#?}"
    );

    // An accent typed as a combining character (NFD) is the same letter.
    let r = search(&mut store, council, "ple\u{301}nie\u{300}re");
    assert!(has(&r, SearchKind::Meeting, "Séance plénière de rentrée"));

    // And stored that way, it is found without accent.
    let e = store
        .create_event(council, event_input("Fe\u{302}te de quartier", ""))
        .unwrap();
    let r = search(&mut store, council, "fete");
    assert!(hits(&r).iter().any(|h| h.record_id == e.id), "{r:#?}");
}

#[test]
fn both_apostrophes_match_alike() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);
    let atelier = "Atelier « cour de l'école »";
    for query in [
        "l'ecole",
        "l’école",
        "L’ECOLE",
        "cour de l'école",
        "cour de l’ecole",
    ] {
        let r = search(&mut store, council, query);
        assert!(has(&r, SearchKind::Event, atelier), "{query}: {r:#?}");
    }
    // Stored with ’, found with ' (and the other way round, above).
    let e = store
        .create_event(
            council,
            event_input("Rencontre", "Visite de l’atelier d’écriture"),
        )
        .unwrap();
    for query in ["l'atelier d'ecriture", "d’écriture", "atelier d ecriture"] {
        let r = search(&mut store, council, query);
        assert!(
            hits(&r).iter().any(|h| h.record_id == e.id),
            "{query}: {r:#?}"
        );
    }
}

#[test]
fn prefix_search_while_typing() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);
    for query in ["jard", "JARDI", "jardin", "proj jard", "jardin part"] {
        let r = search(&mut store, council, query);
        assert!(
            has(
                &r,
                SearchKind::AgendaItem,
                "Projet de jardin partagé rue des Acacias"
            ),
            "{query}: {r:#?}"
        );
    }
    // Every word of two letters or more is a prefix, whatever its place.
    let r = search(&mut store, council, "plen rentr");
    assert!(has(&r, SearchKind::Meeting, "Séance plénière de rentrée"));
    // A single letter matches whole words only (the « l » of « l'école »).
    assert_eq!(
        match_expression("l ecole").as_deref(),
        Some("\"l\" AND \"ecole\"*")
    );
    // « coeur » and « cœur » find each other.
    let e = store
        .create_event(council, event_input("Le cœur du quartier", ""))
        .unwrap();
    let r = search(&mut store, council, "coeur");
    assert!(hits(&r).iter().any(|h| h.record_id == e.id), "{r:#?}");
    let r = search(&mut store, council, "CŒUR");
    assert!(hits(&r).iter().any(|h| h.record_id == e.id), "{r:#?}");
}

#[test]
fn queries_with_fts5_syntax_are_never_an_error() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);
    let hostile = [
        "\"jardin",
        "jardin\"",
        "\"\"",
        "a:b",
        "title:jardin",
        "body : x",
        "(",
        ")",
        "(jardin",
        "NEAR",
        "NEAR(jardin école)",
        "NEAR/2",
        "AND",
        "AND OR NOT",
        "jardin NOT école",
        "*",
        "jard*",
        "**",
        "^jardin",
        "+",
        "-jardin",
        "jardin -école",
        "{title}: jardin",
        "'",
        "’",
        "l'",
        "%",
        "_",
        "\\",
        ";DROP TABLE members;--",
        "\u{0}",
        "\u{301}",
        "\u{E000}jardin\u{E001}",
        "\u{202E}nidraj",
        "🌳 jardin 🌳",
        "   ",
        "",
    ];
    for q in hostile {
        let r = store
            .search(council, q, LIMIT)
            .unwrap_or_else(|e| panic!("« {q:?} »: {e}"));
        assert_eq!(r.query, q);
        assert!(r.total as usize >= hits(&r).len(), "{q:?}: {r:#?}");
    }
    // Operators typed are plain words.
    let r = search(&mut store, council, "jardin NOT école");
    assert_eq!(r.total, 0, "« not » is a word, found nowhere: {r:#?}");
    let r = search(&mut store, council, "(jardin");
    assert!(r.total > 0);
    // Nothing to search for: empty results.
    for q in ["", "  ", "*", "'’\"", "()", "-:"] {
        let r = search(&mut store, council, q);
        assert_eq!((r.total, r.groups.len()), (0, 0), "{q:?}");
    }
    // A few thousand made-up strings from the characters that matter.
    let alphabet: Vec<char> = "ab é\"'’*():-^+NEARORANDNOT{}\\%_\u{301}\u{0}œ😀"
        .chars()
        .collect();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..2000 {
        let mut q = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let len = (seed % 12) as usize;
        let mut s = seed;
        for _ in 0..len {
            q.push(alphabet[(s % alphabet.len() as u64) as usize]);
            s /= alphabet.len() as u64;
            if s == 0 {
                s = seed.rotate_left(29);
            }
        }
        store
            .search(council, &q, 3)
            .unwrap_or_else(|e| panic!("« {q:?} »: {e}"));
    }
}

#[test]
fn an_unknown_council_is_not_found() {
    let dir = DataDir::new();
    let (mut store, _) = demo(&dir);
    let err = store.search(Uuid::new_v4(), "jardin", LIMIT).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
}

#[test]
fn results_are_scoped_to_the_council() {
    let dir = DataDir::new();
    let (mut store, demo_council) = demo(&dir);
    let other = new_council(&mut store, "Conseil citoyen du Val");
    let mut input = habitant("Lefèvre", Sex::F);
    input.first_name = "Odile".into();
    let odile = add(&mut store, other.id, input);
    let m = store
        .create_meeting(
            other.id,
            meeting_input("Projet de jardin au Val", "2025-02-03"),
        )
        .unwrap();

    let ours = search(&mut store, demo_council, "lefevre");
    assert!(has(&ours, SearchKind::Member, "Jean-Pierre Lefèvre"));
    assert!(!hits(&ours).iter().any(|h| h.record_id == odile.id));
    let theirs = search(&mut store, other.id, "lefevre");
    assert_eq!(titles(&theirs, SearchKind::Member), ["Odile Lefèvre"]);
    assert_eq!(theirs.total, 1, "{theirs:#?}");

    let theirs = search(&mut store, other.id, "jardin");
    assert_eq!(hits(&theirs).len(), 1);
    assert_eq!(hits(&theirs)[0].record_id, m.id);
    let ours = search(&mut store, demo_council, "jardin");
    assert!(ours.total > 1);
    assert!(!hits(&ours).iter().any(|h| h.record_id == m.id));
}

/// Each search tells FTS5 the rowid range of the council's documents: a council whose
/// records were written before and after another's still finds them all, from the
/// first to the last, and nothing of the other's; a council without records finds
/// nothing.
#[test]
fn a_council_is_searched_across_the_records_of_another() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let a = new_council(&mut store, "Conseil citoyen des Tilleuls").id;
    let empty = new_council(&mut store, "Conseil citoyen sans fiche").id;
    let first = store
        .create_meeting(a, meeting_input("Marché de Noël", "2025-01-10"))
        .unwrap();
    let b = new_council(&mut store, "Conseil citoyen des Peupliers").id;
    let theirs = store
        .create_meeting(b, meeting_input("Marché aux puces", "2025-01-11"))
        .unwrap();
    let last = store
        .create_meeting(a, meeting_input("Marché du dimanche", "2025-01-12"))
        .unwrap();

    let r = search(&mut store, a, "marche");
    let mut found: Vec<Uuid> = hits(&r).iter().map(|h| h.record_id).collect();
    found.sort();
    let mut expected = vec![first.id, last.id];
    expected.sort();
    assert_eq!(found, expected, "{r:#?}");
    assert_eq!(r.total, 2);
    let r = search(&mut store, b, "marche");
    assert_eq!(hits(&r).len(), 1);
    assert_eq!(hits(&r)[0].record_id, theirs.id);
    let r = search(&mut store, empty, "marche");
    assert_eq!((r.total, r.groups.len()), (0, 0));
}

/// Titles and excerpts are marked in Rust for French text, by FTS5 for other scripts
/// (whose characters `search.rs` does not classify): both mark the same way.
#[test]
fn text_in_other_scripts_is_marked_too() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);
    let e = store
        .create_event(
            council,
            event_input(
                "Fête grecque – Ελληνική γιορτή",
                "Musique et danses grecques : Ελληνική μουσική, à la salle des fêtes.",
            ),
        )
        .unwrap();
    for (query, title, excerpt) in [
        (
            "grecque",
            format!("Fête {MARK_START}grecque{MARK_END} – Ελληνική γιορτή"),
            format!(
                "Musique et danses {MARK_START}grecques{MARK_END} : Ελληνική μουσική, \
                 à la salle des fêtes."
            ),
        ),
        (
            "ελληνική",
            format!("Fête grecque – {MARK_START}Ελληνική{MARK_END} γιορτή"),
            format!(
                "Musique et danses grecques : {MARK_START}Ελληνική{MARK_END} μουσική, \
                 à la salle des fêtes."
            ),
        ),
    ] {
        let r = search(&mut store, council, query);
        let h = hits(&r)
            .into_iter()
            .find(|h| h.record_id == e.id)
            .unwrap_or_else(|| panic!("« {query} » {r:#?}"));
        assert_eq!((&h.title, &h.excerpt), (&title, &excerpt), "« {query} »");
    }
}

#[test]
fn the_index_follows_updates_and_deletes() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);

    // A member renamed: found under the new name only.
    let mut input = habitant("Quennevilliers", Sex::F);
    input.first_name = "Noémie".into();
    let member = add(&mut store, council, input.clone());
    assert!(has(
        &search(&mut store, council, "quennev"),
        SearchKind::Member,
        "Noémie Quennevilliers"
    ));
    input.last_name = "Ravenelle".into();
    store.update_member(member.id, input).unwrap();
    assert_eq!(search(&mut store, council, "quennevilliers").total, 0);
    assert!(has(
        &search(&mut store, council, "ravenelle"),
        SearchKind::Member,
        "Noémie Ravenelle"
    ));

    // An item's minutes: written, rewritten, then the item deleted with its decision.
    let m = store
        .create_meeting(
            council,
            meeting_input("Commission cadre de vie", "2025-04-02"),
        )
        .unwrap();
    let item = store
        .add_agenda_item(m.id, item_input("Éclairage du square"))
        .unwrap();
    store
        .save_item_notes(
            item.id,
            "Les lampadaires **défaillants** du square Berlioz.",
        )
        .unwrap();
    let r = search(&mut store, council, "lampadaires");
    assert_eq!(titles(&r, SearchKind::AgendaItem), ["Éclairage du square"]);
    let hit = hits(&r)[0];
    assert_eq!(hit.meeting_id, Some(m.id));
    assert_eq!(hit.context, "Commission cadre de vie");
    assert_eq!(hit.date, Some(d("2025-04-02")));
    assert!(!hit.excerpt.contains('*'), "{:?}", hit.excerpt);

    store
        .save_item_notes(item.id, "Les réverbères du square Berlioz.")
        .unwrap();
    assert_eq!(search(&mut store, council, "lampadaires").total, 0);
    assert_eq!(search(&mut store, council, "reverberes").total, 1);

    let decision = store
        .add_decision(
            item.id,
            DecisionInput {
                text: "Demander à la ville le remplacement des réverbères.".into(),
                outcome: Outcome::Adopte,
                vote: VoteMode::Consensus,
                votes_for: None,
                votes_against: None,
                abstentions: None,
                amount_requested: String::new(),
                amount_granted: String::new(),
                dissent: String::new(),
            },
        )
        .unwrap();
    let r = search(&mut store, council, "reverberes");
    assert_eq!(count(&r, SearchKind::Decision), 1);
    let hit = &r
        .groups
        .iter()
        .find(|g| g.kind == SearchKind::Decision)
        .unwrap()
        .hits[0];
    assert_eq!(hit.record_id, decision.id);
    assert_eq!(
        hit.title, "Éclairage du square",
        "a decision shows its item"
    );
    assert_eq!(hit.meeting_id, Some(m.id));

    store.delete_agenda_item(item.id).unwrap();
    let r = search(&mut store, council, "reverberes");
    assert_eq!(r.total, 0, "the item and, by cascade, its decision: {r:#?}");
    assert_eq!(search(&mut store, council, "berlioz").total, 0);

    // An event deleted.
    let e = store
        .create_event(council, event_input("Troc de graines", "Grainothèque"))
        .unwrap();
    assert_eq!(search(&mut store, council, "grainotheque").total, 1);
    store.delete_event(e.id).unwrap();
    assert_eq!(search(&mut store, council, "grainotheque").total, 0);

    assert_eq!(rows(&store, "search_docs"), searchable_records(&store));
    assert_eq!(rows(&store, "search_index"), rows(&store, "search_docs"));
}

/// An import checks foreign keys at commit: a decision and its item may be written
/// before their meeting. They get their council when the meeting comes.
#[test]
fn records_written_before_their_parent_get_its_council() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil citoyen du Val").id;
    let (meeting, item, decision) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let ts = "2025-01-01T00:00:00.000Z";
    store
        .write(|tx| {
            tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
            tx.execute(
                "INSERT INTO decisions (id, agenda_item_id, position, text, outcome, vote,
                                        created_at, updated_at)
                 VALUES (?1, ?2, 0, 'Planter des arbousiers', 'adopte', 'consensus', ?3, ?3)",
                rusqlite::params![decision.to_string(), item.to_string(), ts],
            )?;
            tx.execute(
                "INSERT INTO agenda_items (id, meeting_id, position, title, kind, notes,
                                           created_at, updated_at)
                 VALUES (?1, ?2, 0, 'Arbousiers', 'decision', '', ?3, ?3)",
                rusqlite::params![item.to_string(), meeting.to_string(), ts],
            )?;
            tx.execute(
                "INSERT INTO meetings (id, council_id, kind, title, date, status,
                                       created_at, updated_at)
                 VALUES (?1, ?2, 'pleniere', 'Plénière', '2025-01-10', 'tenue', ?3, ?3)",
                rusqlite::params![meeting.to_string(), council.to_string(), ts],
            )?;
            Ok(())
        })
        .unwrap();
    let r = search(&mut store, council, "arbousiers");
    assert_eq!(count(&r, SearchKind::Decision), 1, "{r:#?}");
    assert_eq!(count(&r, SearchKind::AgendaItem), 1, "{r:#?}");
    let orphans: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM search_docs WHERE council_id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
}

#[test]
fn charter_sections_are_found_by_the_words_of_their_clauses() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);
    let charter = store.list_charters(council).unwrap()[0].charter.id;

    // « 1° Un membre du conseil est référent « jeunesse ». », a clause of the article
    // « Place des jeunes » added by version 2.
    let r = search(&mut store, council, "referent jeunesse");
    assert_eq!(count(&r, SearchKind::CharterSection), 1, "{r:#?}");
    let hit = &r.groups[0].hits[0];
    assert_eq!(hit.kind, SearchKind::CharterSection);
    assert_eq!(hit.charter_id, Some(charter));
    assert_eq!(hit.charter_version, Some(2));
    assert!(
        strip_marks(&hit.title).starts_with("Article ")
            && strip_marks(&hit.title).ends_with(" – Place des jeunes"),
        "{}",
        hit.title
    );
    assert!(hit.context.contains("(version 2)"), "{}", hit.context);
    assert!(hit.date.is_some(), "the version's adoption date");
    let detail = store.get_charter(charter, hit.charter_version).unwrap();
    let heading = detail
        .sections
        .iter()
        .find(|s| s.section.id == hit.record_id)
        .map(|s| s.heading())
        .unwrap();
    assert_eq!(strip_marks(&hit.title), heading);
    assert!(
        hit.excerpt
            .contains(&format!("{MARK_START}jeunesse{MARK_END}")),
        "{}",
        hit.excerpt
    );

    // An article in both versions is given once, from the newer one…
    let r = search(&mut store, council, "absences");
    let found: Vec<&SearchHit> = hits(&r)
        .into_iter()
        .filter(|h| h.kind == SearchKind::CharterSection)
        .collect();
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|h| h.charter_version == Some(2)),
        "{found:#?}"
    );
    // …unless only the older one has the words.
    let r = search(&mut store, council, "trois absences");
    let versions: Vec<Option<u32>> = hits(&r)
        .iter()
        .filter(|h| h.kind == SearchKind::CharterSection)
        .map(|h| h.charter_version)
        .collect();
    assert_eq!(versions, [Some(1)], "{r:#?}");
    let r = search(&mut store, council, "quatre absences");
    let versions: Vec<Option<u32>> = hits(&r)
        .iter()
        .filter(|h| h.kind == SearchKind::CharterSection)
        .map(|h| h.charter_version)
        .collect();
    assert_eq!(versions, [Some(2)], "{r:#?}");
}

#[test]
fn a_deleted_charter_leaves_the_index_with_all_its_sections() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil citoyen du Val").id;
    let before = rows(&store, "search_docs");
    let charter = store
        .create_charter_from_template(council, CharterTemplate::ReglementInterieur)
        .unwrap();
    let sections = charter.sections.len() as i64;
    assert!(sections > 3);
    assert_eq!(rows(&store, "search_docs"), before + sections);
    let word = charter
        .sections
        .iter()
        .find_map(|s| {
            s.body_text
                .split(|c: char| !c.is_alphabetic())
                .find(|w| w.chars().count() >= 9)
                .map(str::to_string)
        })
        .unwrap();
    assert!(search(&mut store, council, &word).total > 0, "{word}");

    store.delete_charter(charter.charter.id).unwrap();
    assert_eq!(rows(&store, "search_docs"), before);
    assert_eq!(search(&mut store, council, &word).total, 0, "{word}");
}

#[test]
fn excerpts_and_titles_mark_the_words_found() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);
    let r = search(&mut store, council, "jardin");
    let item = r
        .groups
        .iter()
        .find(|g| g.kind == SearchKind::AgendaItem)
        .unwrap()
        .hits
        .iter()
        .find(|h| strip_marks(&h.title) == "Projet de jardin partagé rue des Acacias")
        .unwrap();
    assert_eq!(
        item.title,
        format!("Projet de {MARK_START}jardin{MARK_END} partagé rue des Acacias")
    );
    assert!(
        item.excerpt.contains(MARK_START) && item.excerpt.contains(MARK_END),
        "{}",
        item.excerpt
    );
    // Markers are balanced, never nested, around the word as written.
    for h in hits(&r) {
        for text in [&h.title, &h.excerpt] {
            let mut open = false;
            let mut marked = String::new();
            for c in text.chars() {
                match c {
                    MARK_START => {
                        assert!(!open, "{text}");
                        open = true;
                        marked.clear();
                    }
                    MARK_END => {
                        assert!(open, "{text}");
                        open = false;
                        assert!(
                            marked.to_lowercase().starts_with("jardin"),
                            "{marked} in {text}"
                        );
                    }
                    c if open => marked.push(c),
                    _ => {}
                }
            }
            assert!(!open, "{text}");
            assert!(!text.contains('\n') && !text.contains("  "), "{text:?}");
        }
    }
    // A meeting's place is shown once: as its context when found by its title, as
    // its marked excerpt when found by the place itself.
    let place = "Salle polyvalente de la Maison des Tilleuls, 2 place du Marché";
    let by_title = search(&mut store, council, "seance");
    let by_place = search(&mut store, council, "maison tilleuls");
    for (r, context, excerpt) in [
        (&by_title, place.to_string(), String::new()),
        (
            &by_place,
            String::new(),
            format!(
                "Salle polyvalente de la {MARK_START}Maison{MARK_END} des {MARK_START}Tilleuls{MARK_END}, 2 place du Marché"
            ),
        ),
    ] {
        let meetings = &r
            .groups
            .iter()
            .find(|g| g.kind == SearchKind::Meeting)
            .unwrap()
            .hits;
        assert!(!meetings.is_empty());
        for h in meetings {
            assert_eq!((&h.context, &h.excerpt), (&context, &excerpt), "{h:?}");
        }
    }

    // Accents and case are kept in what is shown.
    let r = search(&mut store, council, "lefevre");
    let member = &r
        .groups
        .iter()
        .find(|g| g.kind == SearchKind::Member)
        .unwrap()
        .hits[0];
    assert_eq!(
        member.title,
        format!("Jean-Pierre {MARK_START}Lefèvre{MARK_END}")
    );

    // A record's own private-use characters never pass for markers.
    let e = store
        .create_event(
            council,
            event_input(
                "Kermesse \u{E000}x\u{E001}",
                "Stand \u{E000} kermesse \u{E001}",
            ),
        )
        .unwrap();
    let r = search(&mut store, council, "kermesse");
    let h = hits(&r).into_iter().find(|h| h.record_id == e.id).unwrap();
    assert_eq!(
        h.title,
        format!("{MARK_START}Kermesse{MARK_END} \u{FFFD}x\u{FFFD}")
    );
    assert_eq!(
        h.excerpt,
        format!("Stand \u{FFFD} {MARK_START}kermesse{MARK_END} \u{FFFD}")
    );
}

#[test]
fn results_are_grouped_by_kind_in_a_fixed_order() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);
    // « école » is in meetings' minutes, decisions, events, the démarche, the charter…
    let r = search(&mut store, council, "ecole");
    assert!(r.ranked);
    let kinds: Vec<SearchKind> = r.groups.iter().map(|g| g.kind).collect();
    assert!(kinds.len() >= 3, "{kinds:?}");
    let order: Vec<SearchKind> = SearchKind::ALL
        .into_iter()
        .filter(|k| kinds.contains(k))
        .collect();
    assert_eq!(kinds, order);
    for g in &r.groups {
        assert!(!g.hits.is_empty());
        assert!(g.hits.iter().all(|h| h.kind == g.kind));
        assert!(
            g.hits.windows(2).all(|w| w[0].rank <= w[1].rank),
            "best first: {g:#?}"
        );
        assert_eq!(g.total as usize, g.hits.len(), "under the limit");
    }
    assert_eq!(r.total, r.groups.iter().map(|g| g.total).sum::<u32>());
    assert_eq!(r.groups[0].label, r.groups[0].kind.label());

    // A limit of one: one hit per group, the totals unchanged.
    let one = store.search(council, "ecole", 1).unwrap();
    assert_eq!(one.total, r.total);
    for (a, b) in one.groups.iter().zip(&r.groups) {
        assert_eq!((a.kind, a.total), (b.kind, b.total));
        assert_eq!(a.hits.len(), 1);
        assert_eq!(a.hits[0].record_id, b.hits[0].record_id);
    }

    // The command line's text.
    let text = one.to_text();
    assert!(
        text.contains(&format!("{} résultats pour « ecole »", r.total)),
        "{text}"
    );
    assert!(text.contains("Agenda ("), "{text}");
    assert!(
        text.contains("[école]") || text.contains("[École]"),
        "{text}"
    );
    assert!(!text.contains(MARK_START), "{text}");
    let none = search(&mut store, council, "zzzzzz").to_text();
    assert_eq!(none, "Aucun résultat pour « zzzzzz ».");

    // What crosses to the interface.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["groups"][0]["kind"], "decision");
    assert!(json["groups"][0]["hits"][0]["record_id"].is_string());
}

#[test]
fn the_rebuilt_index_is_the_one_the_triggers_keep() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);
    // Some edits first, so that the triggers' index is not just the import's.
    let mut input = habitant("Quennevilliers", Sex::F);
    input.notes = "Préfère être jointe le soir".into();
    let member = add(&mut store, council, input.clone());
    input.organisation = "Amicale des locataires".into();
    store.update_member(member.id, input).unwrap();
    let charter = store
        .create_charter_from_template(council, CharterTemplate::ReglementInterieur)
        .unwrap();
    assert!(!charter.sections.is_empty());

    let kept = index_rows(&store);
    let n = store.rebuild_search_index().unwrap();
    assert_eq!(n as usize, kept.len());
    assert_eq!(index_rows(&store), kept);
    assert!(search(&mut store, council, "amicale").total >= 1);
}

/// An agenda item is indexed with its minutes before its presenter (migration 7):
/// minutes that begin with the presenter's name show it once in the excerpt, and a
/// file indexed the old way is re-indexed when opened.
#[test]
fn an_item_excerpt_starts_with_its_minutes() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);
    let m = store
        .create_meeting(council, meeting_input("Commission culture", "2025-05-06"))
        .unwrap();
    let mut input = item_input("Fresque du préau");
    input.presenter = "Agnès Girard".into();
    let item = store.add_agenda_item(m.id, input).unwrap();
    store
        .save_item_notes(
            item.id,
            "Agnès Girard présente le projet de fresque avec les enfants de l'école.",
        )
        .unwrap();
    let excerpt = |store: &mut Store| {
        let r = search(store, council, "fresque enfants");
        strip_marks(&hits(&r)[0].excerpt)
    };
    let expected =
        "Agnès Girard présente le projet de fresque avec les enfants de l'école. Agnès Girard";
    assert_eq!(excerpt(&mut store), expected);
    // Found by the presenter's name too.
    assert_eq!(
        titles(
            &search(&mut store, council, "girard"),
            SearchKind::AgendaItem
        ),
        ["Fresque du préau"]
    );
    let kept = index_rows(&store);

    // Back to a schema-6 file: its items indexed presenter first.
    store
        .conn()
        .execute_batch(
            "DELETE FROM search_index WHERE rowid IN
                 (SELECT id FROM search_docs WHERE kind = 'agenda_item');
             INSERT INTO search_index (rowid, title, body)
                 SELECT d.id, r.title, r.presenter || char(10) || r.notes
                 FROM search_docs d JOIN agenda_items r ON r.id = d.record_id
                 WHERE d.kind = 'agenda_item';
             DELETE FROM schema_migrations WHERE version >= 7;
             PRAGMA user_version = 6;",
        )
        .unwrap();
    assert_eq!(
        excerpt(&mut store),
        "Agnès Girard Agnès Girard présente le projet de fresque avec les enfants de l'école."
    );
    drop(store);
    let mut store = dir.open();
    assert_eq!(store.schema_version().unwrap(), 7);
    assert_eq!(excerpt(&mut store), expected);
    assert_eq!(index_rows(&store), kept);
}

#[test]
fn the_migration_indexes_the_records_already_there() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);
    let expected = index_rows(&store);
    let found = search(&mut store, council, "jardin");
    // Back to a schema-4 file holding the same data: no index, no triggers.
    let triggers: Vec<String> = store
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(triggers.len(), 8 * 3 + 2, "{triggers:?}");
    for t in triggers {
        store
            .conn()
            .execute_batch(&format!("DROP TRIGGER {t}"))
            .unwrap();
    }
    store
        .conn()
        .execute_batch(
            "DROP TABLE search_index; DROP TABLE search_docs;
             DELETE FROM schema_migrations WHERE version >= 5;
             PRAGMA user_version = 4;",
        )
        .unwrap();
    drop(store);

    let mut store = dir.open();
    assert_eq!(
        store.schema_version().unwrap(),
        quorum_core::db::latest_version()
    );
    assert_eq!(index_rows(&store), expected);
    assert_eq!(search(&mut store, council, "jardin"), found);
}

#[test]
fn an_import_into_an_empty_base_is_searchable_at_once() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);
    let json = store.export_json().unwrap();
    let other = DataDir::new();
    let mut copy = other.open();
    copy.import_json(&json).unwrap();
    for q in ["jardin", "l'école", "lefevre", "jeunesse", "reunion"] {
        assert_eq!(
            search(&mut copy, council, q),
            search(&mut store, council, q),
            "{q}"
        );
    }
    assert_eq!(index_rows(&copy), index_rows(&store));
}

#[test]
fn an_anonymised_member_leaves_the_index() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);
    let mut input = member_input(
        "Zorglubova",
        College::Habitants,
        MemberStatus::Titulaire,
        Some(Sex::F),
    );
    input.first_name = "Xanthippe".into();
    input.notes = "Habite l'immeuble Quetzalcoatl".into();
    input.exit_date = "2024-12-31".into();
    let member = add(&mut store, council, input);
    assert_eq!(search(&mut store, council, "zorglubova").total, 1);
    store.anonymise_member(member.id, today()).unwrap();
    for word in ["zorglubova", "xanthippe", "quetzalcoatl"] {
        assert_eq!(search(&mut store, council, word).total, 0, "{word}");
        // Gone from the index itself (FTS5 secure-delete), not only hidden.
        let blobs: Vec<Vec<u8>> = store
            .conn()
            .prepare("SELECT block FROM search_index_data")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            !blobs
                .iter()
                .any(|b| b.windows(word.len()).any(|w| w == word.as_bytes())),
            "{word} still in the index data"
        );
    }
}

/// 2 000 meetings of 10 items each, with their minutes, written straight in SQL (the
/// triggers index them): correctness is checked, the time is printed, not asserted.
#[test]
fn a_large_council_is_searched_from_the_index() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil citoyen du Grand Ensemble").id;
    let other = new_council(&mut store, "Conseil citoyen voisin").id;
    const MEETINGS: usize = 2_000;
    const ITEMS: usize = 10;
    const TOPICS: [&str; 10] = [
        "Jardin partagé",
        "Propreté des halls",
        "Stationnement rue Voltaire",
        "Fête de l'école",
        "Rénovation du bâtiment C",
        "Sécurité aux abords du collège",
        "Aire de jeux",
        "Transports et navettes",
        "Budget participatif",
        "Réunion publique du bailleur",
    ];
    let started = Instant::now();
    store
        .write(|tx| {
            let ts = "2025-01-01T00:00:00.000Z";
            let mut meeting = tx
                .prepare(
                    "INSERT INTO meetings (id, council_id, kind, title, date, place, status,
                                           created_at, updated_at)
                     VALUES (?1, ?2, 'pleniere', ?3, ?4, 'Maison de quartier', 'tenue', ?5, ?5)",
                )
                .unwrap();
            let mut item = tx
                .prepare(
                    "INSERT INTO agenda_items (id, meeting_id, position, title, kind, notes,
                                               created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, 'debat', ?5, ?6, ?6)",
                )
                .unwrap();
            for n in 0..MEETINGS {
                let id = Uuid::new_v4().to_string();
                let owner = if n % 100 == 99 { other } else { council };
                let date = d("2000-01-01") + chrono::Days::new(n as u64 * 3);
                meeting
                    .execute(rusqlite::params![
                        id,
                        owner.to_string(),
                        format!("Séance plénière n° {n}"),
                        date.to_string(),
                        ts
                    ])
                    .unwrap();
                for k in 0..ITEMS {
                    let topic = TOPICS[(n + k) % TOPICS.len()];
                    let rare = if n == 1234 && k == 7 {
                        " Le xylophone de l’école est à réparer."
                    } else {
                        ""
                    };
                    let notes = format!(
                        "Les habitants rappellent que le point « {topic} » doit être suivi \
                         avec le bailleur et la mairie ; l'association des locataires \
                         demande une information régulière dans les halls (séance {n}, \
                         point {k}).{rare}\n\nAprès discussion, le conseil décide de revenir \
                         sur ce sujet à la prochaine réunion."
                    );
                    item.execute(rusqlite::params![
                        Uuid::new_v4().to_string(),
                        id,
                        k as i64,
                        topic,
                        notes,
                        ts
                    ])
                    .unwrap();
                }
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "big set: {} meetings × {} items written and indexed in {:?}",
        MEETINGS,
        ITEMS,
        started.elapsed()
    );
    assert_eq!(rows(&store, "search_docs"), (MEETINGS * (ITEMS + 1)) as i64);

    let ours_meetings = (MEETINGS - MEETINGS / 100) as u32;
    let mut timings = Vec::new();
    let mut time = |store: &mut Store, q: &str| -> SearchResults {
        let mut best = Duration::MAX;
        let mut out = None;
        for _ in 0..3 {
            let t = Instant::now();
            let r = store.search(council, q, 5).unwrap();
            best = best.min(t.elapsed());
            out = Some(r);
        }
        let r = out.unwrap();
        timings.push(format!("« {q} »: {} hits, {best:?}", r.total));
        r
    };

    let r = time(&mut store, "xylophone");
    assert_eq!(r.total, 1);
    assert!(r.ranked);
    assert_eq!(titles(&r, SearchKind::AgendaItem), ["Propreté des halls"]);
    let r = time(&mut store, "xylo l'ecole");
    assert_eq!(r.total, 1);
    let r = time(&mut store, "jardin partage");
    assert_eq!(count(&r, SearchKind::AgendaItem), ours_meetings);
    assert_eq!(r.groups[0].hits.len(), 5);
    let r = time(&mut store, "pleniere 1234");
    assert_eq!(titles(&r, SearchKind::Meeting), ["Séance plénière n° 1234"]);
    let r = time(&mut store, "stationnement voltaire");
    assert_eq!(count(&r, SearchKind::AgendaItem), ours_meetings);
    // The worst case: a word of every document, and a two-letter prefix.
    let r = time(&mut store, "pleniere");
    assert_eq!(count(&r, SearchKind::Meeting), ours_meetings);
    let r = time(&mut store, "seance");
    assert_eq!(r.total, ours_meetings * (ITEMS as u32 + 1));
    // Too many to rank: the most recently written first, here the last meeting.
    assert!(!r.ranked);
    assert_eq!(
        titles(&r, SearchKind::Meeting)[0],
        "Séance plénière n° 1998"
    );
    let r = time(&mut store, "re");
    assert!(r.total >= ours_meetings * ITEMS as u32);
    let r = time(&mut store, "zzzz");
    assert_eq!(r.total, 0);
    for t in &timings {
        eprintln!("big set: {t}");
    }
}

/// While a person types, a search may rank its matches in the pass that finds them,
/// the last search bounding how many there are (`search::LastSearch`). What it finds
/// must be what a search without that memory finds, keystroke after keystroke, also
/// when data written between two keystrokes makes too many matches to rank.
#[test]
fn typing_finds_what_a_search_without_memory_finds() {
    let dir = DataDir::new();
    let (mut typing, council) = demo(&dir);
    // Another connection to the same file, made to forget its last search each time
    // (a text without any word leaves no memory).
    let mut fresh = dir.open();
    let check = |typing: &mut Store, fresh: &mut Store, q: &str| -> SearchResults {
        let typed = search(typing, council, q);
        search(fresh, council, " ");
        assert_eq!(typed, search(fresh, council, q), "« {q} »");
        typed
    };
    let mut ranked_hits = 0;
    for q in [
        "r",
        "re",
        "reu",
        "reun",
        "reuni",
        "reunion",
        "reunion c",
        "reunion co",
        "reunion c",
        "reunion",
        "reu",
        "co",
        "con",
        "cons",
        "conseil",
        "conseil ci",
        "conseil cit",
        "conseil citoyen",
        "citoyen conseil",
        "l",
        "l'",
        "l’é",
        "l’éc",
        "zz",
        "zzz",
    ] {
        let r = check(&mut typing, &mut fresh, q);
        if r.ranked {
            ranked_hits += hits(&r).iter().filter(|h| h.rank < 0.0).count();
        }
    }
    // Some of them ranked (bm25 scores are negative), so the orders were compared.
    assert!(ranked_hits > 20, "{ranked_hits} ranked hits");

    // « xylo » finds nothing: it bounds « xylop »… until 2 001 meetings are written.
    assert_eq!(check(&mut typing, &mut fresh, "xylo").total, 0);
    insert_meetings(&mut typing, council, 2_001, |n| {
        (format!("Xylophones, séance n° {n}"), "Salle".into())
    });
    let r = check(&mut typing, &mut fresh, "xylop");
    assert_eq!(r.total, 2_001);
    assert!(!r.ranked);
    assert!(hits(&r).iter().all(|h| h.rank == 0.0));
    assert_eq!(
        titles(&r, SearchKind::Meeting)[0],
        "Xylophones, séance n° 2000"
    );
    // And the memory of that search no longer bounds the next.
    let r = check(&mut typing, &mut fresh, "xylophones 1999");
    assert_eq!(r.total, 1);
    assert!(r.ranked);
}

/// « Show more » under a group: the hits of one kind, in the order the group showed
/// them, ranked or not as the whole search is; the limit is capped.
#[test]
fn a_group_shows_more_of_its_kind_in_the_same_order() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);
    for (word, n, ranked) in [("Xylophone", 40, true), ("Glockenspiel", 2_100, false)] {
        // The word once or twice, so that bm25 orders them.
        insert_meetings(&mut store, council, n, |k| {
            let place = if k % 3 == 0 { word } else { "Salle" };
            (format!("{word} n° {k}"), place.to_string())
        });
        let first = store.search(council, word, 5).unwrap();
        assert_eq!(first.ranked, ranked, "{word}");
        let group = &first.groups[0];
        let can_show = (n as u32).min(MORE_MAX);
        assert_eq!(
            (group.kind, group.total, group.hits.len(), group.more),
            (SearchKind::Meeting, n as u32, 5, can_show - 5)
        );
        let more = store
            .search_kind(council, word, SearchKind::Meeting, 30)
            .unwrap();
        assert_eq!(more.ranked, ranked, "{word}");
        assert_eq!(more.groups.len(), 1);
        let longer = &more.groups[0];
        assert_eq!(
            (longer.total, longer.hits.len(), longer.more),
            (n as u32, 30, can_show - 30)
        );
        assert_eq!(
            &longer.hits[..5],
            &group.hits[..],
            "{word}: the first ones stay"
        );
        let ranks: Vec<f64> = longer.hits.iter().map(|h| h.rank).collect();
        if ranked {
            assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
            assert!(ranks[0] < ranks[29], "{ranks:?}");
        } else {
            assert!(ranks.iter().all(|r| *r == 0.0));
        }
        // Another kind asked for gives nothing; the limit has a ceiling.
        let none = store
            .search_kind(council, word, SearchKind::Decision, 30)
            .unwrap();
        assert!(none.groups.is_empty());
    }
    let all = store
        .search_kind(council, "glockenspiel", SearchKind::Meeting, u32::MAX)
        .unwrap();
    assert_eq!(all.groups[0].hits.len(), MORE_MAX as usize);
    // 2 100 match, 500 shown: no more to ask for; narrowing the search is the way.
    assert_eq!((all.groups[0].total, all.groups[0].more), (2_100, 0));
}

/// After a process was killed mid-write, `quick_check` has been seen to find only the
/// FTS5 index out of step with its data (« fts5: checksum mismatch »; tests/crash.rs).
/// The index is derived data: Quorum rebuilds it when opening instead of refusing a
/// file whose tables are whole.
#[test]
fn a_search_index_out_of_step_is_rebuilt_when_opening() {
    let dir = DataDir::new();
    let (mut store, council) = demo(&dir);
    let expected = index_rows(&store);
    let found = search(&mut store, council, "jardin");
    // Damage the index only: one of its rows loses its stored text.
    store
        .conn()
        .execute_batch("DELETE FROM search_index_content WHERE id = (SELECT min(id) FROM search_index_content)")
        .unwrap();
    let check: String = store
        .conn()
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .unwrap();
    assert!(
        check.contains("FTS5 table") || check.starts_with("fts5:"),
        "{check}"
    );
    drop(store);

    let mut store = dir.open();
    let check: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    assert_eq!(index_rows(&store), expected);
    assert_eq!(search(&mut store, council, "jardin"), found);

    // The same damage in a file that a migration re-indexes (migration 7): the
    // migration itself does not touch the index, the rebuild mends both.
    store
        .conn()
        .execute_batch(
            "DELETE FROM search_index_content WHERE id = (SELECT min(id) FROM search_index_content);
             DELETE FROM schema_migrations WHERE version >= 7;
             PRAGMA user_version = 6;",
        )
        .unwrap();
    drop(store);
    let mut store = dir.open();
    assert_eq!(store.schema_version().unwrap(), 7);
    assert_eq!(index_rows(&store), expected);
    assert_eq!(search(&mut store, council, "jardin"), found);
}
