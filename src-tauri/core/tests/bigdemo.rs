//! The large demo data set (`quorum demo --years N`): a consistent database, realistic
//! enough for the importer's checks, that the domain reads as any other data, and the
//! same for the same seed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Datelike, Months, NaiveDate};
use common::*;
use quorum_core::bigdemo::{LargeDemoOptions, LargeDemoReport};
use quorum_core::calendar::CalendarFilter;
use quorum_core::charter::{CharterKind, SignatoryKind, VersionStatus};
use quorum_core::charter_diff::SectionChange;
use quorum_core::meeting::{ItemKind, Meeting, MeetingKind, MeetingStatus, MinutesStatus};
use quorum_core::meeting_docs::MeetingDocument;
use quorum_core::member::{College, Sex};
use quorum_core::search::SearchKind;
use quorum_core::{ErrorCode, Store};
use std::collections::HashSet;
use std::time::Instant;
use uuid::Uuid;

fn generate(store: &mut Store, years: u32, seed: u64) -> LargeDemoReport {
    let started = Instant::now();
    let report = store
        .generate_large_demo(&LargeDemoOptions { years, seed })
        .unwrap();
    eprintln!(
        "{years} year(s), seed {seed}: {:?} in {:.1} s",
        report,
        started.elapsed().as_secs_f64()
    );
    report
}

/// The generated councils, by name.
fn councils(store: &mut Store) -> Vec<(Uuid, String)> {
    store
        .list_councils(true)
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect()
}

/// `PRAGMA integrity_check` and FTS5's own check on a fresh connection (see
/// tests/concurrency.rs for why a fresh one), and the foreign keys.
fn check_database(store: &Store) {
    let fresh = rusqlite::Connection::open(store.path()).unwrap();
    let general: String = fresh
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(general, "ok");
    fresh
        .execute(
            "INSERT INTO search_index(search_index, rank) VALUES('integrity-check', 1)",
            [],
        )
        .unwrap();
    let broken: Vec<String> = fresh
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(broken.is_empty(), "foreign keys broken in {broken:?}");
}

/// What one year adds per council, give or take: the ranges below are these times the
/// years, with room for the randomness and the three months ahead.
fn assert_counts(r: &LargeDemoReport, years: u32) {
    let y = years as f64;
    let within = |what: &str, n: u32, per_year: f64| {
        let (low, high) = (per_year * y * 0.85, per_year * (y + 0.5) * 1.15);
        assert!(
            (low..=high).contains(&(n as f64)),
            "{what}: {n} not in {low:.0}..{high:.0} for {years} year(s)"
        );
    };
    assert_eq!(r.councils, 4);
    within("meetings", r.meetings, 200.0);
    within("agenda items", r.agenda_items, 2_000.0);
    within("decisions", r.decisions, 2_000.0);
    within("actions", r.actions, 5_000.0);
    within("events", r.events, 500.0);
    assert!(
        (88..=4 * 60 + 30 * years).contains(&r.members),
        "members: {}",
        r.members
    );
}

#[test]
fn two_years_make_a_consistent_database_with_the_expected_counts() {
    let dir = DataDir::new();
    let mut store = dir.open();
    store.load_demo().unwrap();
    let demo = councils(&mut store)[0].0;
    // A search before: its temporary tables must survive the generator's settings.
    let before = store.search(demo, "jardin", 5).unwrap().total;
    assert!(before > 0);
    let settings = |store: &Store| -> (i64, i64) {
        let pragma = |name: &str| {
            store
                .conn()
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .unwrap()
        };
        (pragma("temp_store"), pragma("cache_size"))
    };
    let settings_before = settings(&store);
    let report = generate(&mut store, 2, 7);
    assert_counts(&report, 2);
    check_database(&store);
    assert_eq!(store.search(demo, "jardin", 5).unwrap().total, before);
    assert_eq!(
        settings(&store),
        settings_before,
        "the connection's settings are restored"
    );
    assert_eq!(rows(&store, "councils"), 5, "the small demo is still there");
    assert_eq!(rows(&store, "actions"), report.actions as i64 + 4);
    // Each council's records were written together, as when councils come into a
    // base one after the other: search reads one stretch of the index per council
    // (search::MATCHES), so the benchmarks do not depend on which council is searched.
    let mut spans = store
        .conn()
        .prepare(
            "SELECT council_id, max(id) - min(id) + 1, count(*) FROM search_docs
             GROUP BY council_id",
        )
        .unwrap();
    let spans: Vec<(Option<String>, i64, i64)> = spans
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(spans.len(), 5, "{spans:?}");
    for (council, span, count) in spans {
        assert_eq!(
            span, count,
            "council {council:?} is not written in one stretch"
        );
    }
    let text = report.to_text();
    assert!(text.contains("Réunions"), "{text}");
    assert!(text.contains("Actions de suivi"), "{text}");
    // The triggers indexed every searchable record (and FTS5's own check above found
    // the index in agreement with them).
    let searchable: i64 = [
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
    .map(|t| rows(&store, t))
    .sum();
    assert_eq!(rows(&store, "search_docs"), searchable);
    let unsettled: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM search_docs WHERE council_id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unsettled, 0);
}

#[test]
fn the_domain_reads_the_generated_councils() {
    let dir = DataDir::new();
    let mut store = dir.open();
    generate(&mut store, 1, 2014);
    let today = today();
    let list = councils(&mut store);
    assert_eq!(list.len(), 4);
    let names: HashSet<&str> = list.iter().map(|c| c.1.as_str()).collect();
    assert!(names.contains("Conseil citoyen du Val-Fleuri"), "{names:?}");
    for (council, name) in &list {
        let meetings = store.list_meetings(*council).unwrap();
        assert!(
            (40..=80).contains(&meetings.len()),
            "{name}: {}",
            meetings.len()
        );
        let held: Vec<&Meeting> = meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Tenue)
            .collect();
        let coming = meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Prevue)
            .count();
        assert!((5..=20).contains(&coming), "{name}: {coming} coming");
        assert!(meetings
            .iter()
            .all(|m| (m.date >= today) == (m.status == MeetingStatus::Prevue)));

        // The latest adopted meeting: its detail and its compte rendu in PDF.
        let adopted = held
            .iter()
            .find(|m| m.minutes_status == MinutesStatus::Adopte)
            .unwrap();
        let detail = store.meeting_detail(adopted.id).unwrap();
        assert!(detail.items.len() >= 5, "{}", detail.items.len());
        assert!(
            detail.quorum.reached,
            "{}: {:?}",
            adopted.title, detail.quorum
        );
        assert!(!detail.attendance.is_empty());
        assert!(detail.items.iter().any(|i| !i.item.notes.is_empty()));
        assert!(!detail.actions.is_empty());
        let pdf = store
            .meeting_pdf(adopted.id, MeetingDocument::Minutes)
            .unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let pdf = store
            .meeting_pdf(held[0].id, MeetingDocument::Decisions)
            .unwrap();
        assert!(pdf.starts_with(b"%PDF"));

        // A coming meeting has an agenda, nothing else yet.
        let next = meetings
            .iter()
            .rev()
            .find(|m| m.status == MeetingStatus::Prevue)
            .unwrap();
        let detail = store.meeting_detail(next.id).unwrap();
        assert!(!detail.items.is_empty());
        assert!(detail.attendance.is_empty());
        assert!(detail.items.iter().all(|i| i.decisions.is_empty()));

        let page = store.meeting_page(*council, today, 0, 50).unwrap();
        assert_eq!(page.coming.len(), coming);
        assert_eq!(page.past.len(), 50);
        assert_eq!(page.past_total as usize, meetings.len() - coming);

        let overview = store.council_overview(*council, today).unwrap();
        let c = &overview.composition;
        assert!(
            (18..=32).contains(&c.total),
            "{name}: {} in office",
            c.total
        );
        assert!(
            c.habitants_women.abs_diff(c.habitants_men) <= 5,
            "{name}: parity {} / {}",
            c.habitants_women,
            c.habitants_men
        );
        assert!(c.habitants_share_percent.is_some_and(|p| p >= 50));

        let home = store.council_home(*council, today).unwrap();
        assert!(!home.next_meetings.is_empty());
        assert!((1..=2).contains(&home.minutes_to_adopt_total), "{name}");
        assert!(home.open_actions_total > 0);
        assert!(home.meetings_total as usize == meetings.len());
        assert!(!home.to_text().is_empty());

        let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
        let last = first + Months::new(1) - chrono::Days::new(1);
        let month = store
            .calendar(*council, first, last, &CalendarFilter::all(), today)
            .unwrap();
        assert!(
            month.entries.len() >= 5,
            "{name}: {} entries",
            month.entries.len()
        );

        // Accents do not matter: « reunion » finds « réunion ».
        let found = store.search(*council, "reunion", 10).unwrap();
        assert!(found.total > 10, "{name}: {}", found.total);
        let found = store.search(*council, "ecole securite", 10).unwrap();
        assert!(found.total > 0, "{name}");
    }
}

/// Every held meeting's minutes are adopted by a decision « adopté » of a later
/// meeting, as `apply_adoption` records it, except the last one or two.
/// Each council has its charter (the second its règlement intérieur): adopted at its
/// first plénière held, revised at later plénières, every version kept with its
/// decision and signatures; the first council is drafting its next revision. The
/// domain reads, compares, prints and finds them as it does any charter.
#[test]
fn each_council_has_its_charter_adopted_and_revised_at_plenieres() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let report = generate(&mut store, 9, 1905);
    check_database(&store);
    let mut versions_seen = 0;
    let (mut reglements, mut drafts) = (0, 0);
    for (council, name) in councils(&mut store) {
        let charters = store.list_charters(council).unwrap();
        assert_eq!(charters.len(), 1, "{name}");
        let summary = &charters[0];
        reglements += usize::from(summary.charter.kind == CharterKind::ReglementInterieur);
        drafts += usize::from(summary.draft().is_some());
        let versions = &summary.versions;
        versions_seen += versions.len() as u32;
        // Nine years: adopted, then revised every three to five years.
        let adopted: Vec<_> = versions
            .iter()
            .filter(|v| v.status != VersionStatus::Brouillon)
            .collect();
        assert!((2..=4).contains(&adopted.len()), "{name}: {versions:?}");
        assert_eq!(
            versions.iter().map(|v| v.number).collect::<Vec<_>>(),
            (1..=versions.len() as u32).collect::<Vec<_>>()
        );
        let in_force = summary.in_force().unwrap();
        assert_eq!(in_force.number, adopted.len() as u32, "{name}");
        assert!(adopted[..adopted.len() - 1]
            .iter()
            .all(|v| v.status == VersionStatus::Remplacee));

        let meetings = store.list_meetings(council).unwrap();
        let mut previous: Option<NaiveDate> = None;
        for v in &adopted {
            let detail = store
                .get_charter(summary.charter.id, Some(v.number))
                .unwrap();
            // Adopted by a decision of a plénière held that day, on its own item.
            let adoption = detail.adoption.as_ref().unwrap();
            assert_eq!(Some(adoption.meeting_date), v.adopted_on);
            let meeting = meetings
                .iter()
                .find(|m| m.id == adoption.meeting_id)
                .unwrap();
            assert_eq!(meeting.kind, MeetingKind::Pleniere);
            assert_eq!(meeting.status, MeetingStatus::Tenue);
            assert!(
                adoption.decision_text.contains("adopte"),
                "{}",
                adoption.decision_text
            );
            let items = store.meeting_detail(meeting.id).unwrap().items;
            assert!(
                items.iter().any(|i| i.item.title.contains("charte")
                    || i.item.title.contains("règlement intérieur")),
                "{name}: {:?}",
                items.iter().map(|i| &i.item.title).collect::<Vec<_>>()
            );
            if let Some(before) = previous {
                let years = (meeting.date - before).num_days() as f64 / 365.25;
                assert!((2.9..6.0).contains(&years), "{name}: {years:.1} years");
            }
            previous = Some(meeting.date);
            // Signed by members in office that day, and by the town.
            assert!(detail.signatures.len() >= 4, "{name} v{}", v.number);
            assert!(detail
                .signatures
                .iter()
                .any(|s| s.signature.kind == SignatoryKind::Partenaire));
            for s in &detail.signatures {
                assert_eq!(s.signature.signed_on, v.adopted_on);
                if let Some(member) = s.signature.member_id {
                    let m = store.get_member(member).unwrap();
                    assert_eq!(m.council_id, council);
                    assert!(m.entry_date <= Some(meeting.date), "{name}: {m:?}");
                }
            }
            assert!(detail.articles().count() >= 14);
        }
        // The first revision adds an article and rewords the one on absences.
        let diff = store
            .compare_charter_versions(summary.charter.id, 1, 2)
            .unwrap();
        assert_eq!(
            (diff.counts.added, diff.counts.modified, diff.counts.removed),
            (1, 1, 0),
            "{name}: {:?}",
            diff.counts
        );
        let reworded = diff
            .sections
            .iter()
            .find(|s| s.change == SectionChange::Modified)
            .unwrap();
        assert!(
            reworded.to_heading.as_deref().unwrap().contains("Absences"),
            "{reworded:?}"
        );
        let pdf = store.charter_pdf(summary.charter.id, None).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }
    assert_eq!((reglements, drafts), (1, 1));
    assert_eq!(report.charter_versions, versions_seen);
    // Searched as any charter: an article added by the first revision is found in the
    // version in force only.
    let (council, _) = councils(&mut store)[0].clone();
    let found = store.search(council, "place des jeunes", 10).unwrap();
    let sections: Vec<_> = found
        .groups
        .iter()
        .filter(|g| g.kind == SearchKind::CharterSection)
        .flat_map(|g| &g.hits)
        .collect();
    assert_eq!(sections.len(), 1, "{found:?}");
    let newest = store.list_charters(council).unwrap()[0]
        .versions
        .iter()
        .map(|v| v.number)
        .max();
    assert_eq!(sections[0].charter_version, newest);
}

#[test]
fn minutes_are_adopted_by_the_next_meeting_except_the_last_ones() {
    let dir = DataDir::new();
    let mut store = dir.open();
    generate(&mut store, 2, 99);
    let mut waiting_two = 0;
    for (council, name) in councils(&mut store) {
        let mut held: Vec<Meeting> = store
            .list_meetings(council)
            .unwrap()
            .into_iter()
            .filter(|m| m.status == MeetingStatus::Tenue)
            .collect();
        held.sort_by_key(|m| (m.date, m.start_time));
        let waiting = held
            .iter()
            .filter(|m| m.minutes_status != MinutesStatus::Adopte)
            .count();
        assert!((1..=2).contains(&waiting), "{name}: {waiting} not adopted");
        if waiting == 2 {
            waiting_two += 1;
        }
        let (adopted, last) = held.split_at(held.len() - waiting);
        assert!(last.iter().all(
            |m| m.minutes_status != MinutesStatus::Adopte && m.adopted_by_decision_id.is_none()
        ));
        assert_eq!(
            last.last().unwrap().minutes_status,
            MinutesStatus::Brouillon
        );
        for m in adopted.iter().rev().take(40) {
            let by = m.adopted_by_decision_id.unwrap();
            let item_id: String = store
                .conn()
                .query_row(
                    "SELECT agenda_item_id FROM decisions WHERE id = ?1 AND outcome = 'adopte'",
                    [by.to_string()],
                    |r| r.get(0),
                )
                .unwrap();
            let (kind, approves, adopting_date): (String, String, NaiveDate) = store
                .conn()
                .query_row(
                    "SELECT i.kind, i.approves_meeting_id, m.date FROM agenda_items i
                     JOIN meetings m ON m.id = i.meeting_id WHERE i.id = ?1",
                    [item_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .unwrap();
            assert_eq!(kind, "approbation_cr");
            assert_eq!(approves, m.id.to_string());
            assert_eq!(m.adopted_on, Some(adopting_date));
            assert!(m.date <= adopting_date);
            assert!(m
                .distributed_on
                .is_some_and(|d| d >= m.date && d <= adopting_date));
        }
        // Adopted minutes are locked, as if adopted in the window.
        let locked = &adopted[adopted.len() - 1];
        let item = store.meeting_detail(locked.id).unwrap().items[0].item.id;
        let err = store.save_item_notes(item, "retouche").unwrap_err();
        assert_eq!(err.code(), ErrorCode::Locked);
        // The next meeting's agenda approves what is waiting.
        let coming = store
            .list_meetings(council)
            .unwrap()
            .into_iter()
            .filter(|m| {
                m.status == MeetingStatus::Prevue
                    && m.kind != quorum_core::meeting::MeetingKind::ReunionPublique
            })
            .min_by_key(|m| m.date)
            .unwrap();
        let detail = store.meeting_detail(coming.id).unwrap();
        let approved: HashSet<Uuid> = detail
            .items
            .iter()
            .filter(|i| i.item.kind == ItemKind::ApprobationCr)
            .filter_map(|i| i.item.approves_meeting_id)
            .collect();
        assert!(last.iter().all(|m| approved.contains(&m.id)), "{name}");
    }
    eprintln!("{waiting_two} council(s) with two minutes waiting");
}

/// Deferred items come back at the next meeting of the same body; decisions hold
/// together (votes, amounts).
#[test]
fn deferred_items_come_back_and_decisions_are_plausible() {
    let dir = DataDir::new();
    let mut store = dir.open();
    generate(&mut store, 2, 5);
    let conn = store.conn();
    let deferred: i64 = conn
        .query_row(
            "SELECT count(*) FROM decisions d JOIN agenda_items i ON i.id = d.agenda_item_id
             WHERE d.outcome = 'reporte' AND i.kind <> 'approbation_cr'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let taken_up: i64 = conn
        .query_row(
            "SELECT count(*) FROM agenda_items i JOIN agenda_items o ON o.id = i.deferred_from_item_id
             JOIN meetings mi ON mi.id = i.meeting_id JOIN meetings mo ON mo.id = o.meeting_id
             WHERE mi.kind = mo.kind AND mi.date > mo.date",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(deferred > 10, "{deferred}");
    assert!(taken_up * 10 >= deferred * 8, "{taken_up} of {deferred}");
    let bad_votes: i64 = conn
        .query_row(
            "SELECT count(*) FROM decisions WHERE (vote = 'scrutin') <> (votes_for IS NOT NULL)
             OR (outcome = 'adopte_partiellement' AND NOT amount_granted_cents < amount_requested_cents)
             OR (outcome = 'rejete' AND votes_for >= votes_against)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bad_votes, 0);
    let partial: i64 = conn
        .query_row(
            "SELECT count(*) FROM decisions WHERE outcome = 'adopte_partiellement'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(partial > 0);
    // Old actions are mostly done; recent ones mostly open.
    let share_open = |cond: &str| -> f64 {
        conn.query_row(
            &format!("SELECT avg(status IN ('a_faire', 'en_cours')) FROM actions WHERE {cond}"),
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let year_ago = (today() - chrono::Days::new(400)).to_string();
    let soon = today().to_string();
    assert!(share_open(&format!("due_date < '{year_ago}'")) < 0.05);
    assert!(share_open(&format!("due_date > '{soon}'")) > 0.7);
}

#[test]
fn members_come_and_go_by_college() {
    let dir = DataDir::new();
    let mut store = dir.open();
    generate(&mut store, 2, 11);
    let today = today();
    let mut former = 0;
    for (council, name) in councils(&mut store) {
        let members = store.list_members(council).unwrap();
        assert!(
            (22..=45).contains(&members.len()),
            "{name}: {}",
            members.len()
        );
        former += members.iter().filter(|m| m.exit_date.is_some()).count();
        for college in College::ALL {
            assert!(members
                .iter()
                .any(|m| m.college == college && m.active_on(today)));
        }
        let women = members.iter().filter(|m| m.sex == Some(Sex::F)).count();
        let men = members.iter().filter(|m| m.sex == Some(Sex::M)).count();
        assert!(
            women.abs_diff(men) * 4 <= members.len(),
            "{name}: {women}/{men}"
        );
        // Each member's history starts with their entry.
        let m = members
            .iter()
            .find(|m| m.exit_date.is_some())
            .unwrap_or(&members[0]);
        let history = store.member_history(m.id).unwrap();
        assert_eq!(history[0].date, m.entry_date.unwrap());
    }
    assert!(former >= 4, "{former} former members");
}

/// The importer checks every record: exporting a generated council and importing it
/// into a new data directory must pass them all.
#[test]
fn a_generated_council_travels_through_the_json_export() {
    let dir = DataDir::new();
    let mut store = dir.open();
    generate(&mut store, 1, 3);
    let mut doc = store.export_document().unwrap();
    assert_eq!(doc.councils.len(), 4);
    doc.councils.truncate(1);
    let json = serde_json::to_string(&doc).unwrap();
    let other = DataDir::new();
    let mut target = other.open();
    let report = target.import_json(&json).unwrap();
    let c = &doc.councils[0];
    assert_eq!(report.councils.added, 1);
    assert_eq!(report.meetings.added as usize, c.meetings.len());
    assert_eq!(report.actions.added as usize, c.actions.len());
    assert_eq!(report.events.added as usize, c.events.len());
    assert_eq!(report.members.added as usize, c.members.len());
    check_database(&target);
    let back = target.export_document().unwrap();
    assert_eq!(back.councils[0], doc.councils[0]);
}

#[test]
fn the_same_seed_gives_the_same_data_and_is_not_added_twice() {
    let (a, b) = (DataDir::new(), DataDir::new());
    let (mut one, mut two) = (a.open(), b.open());
    let r1 = generate(&mut one, 1, 42);
    let r2 = generate(&mut two, 1, 42);
    assert_eq!(format!("{r1:?}"), format!("{r2:?}"));
    let (c1, c2) = (councils(&mut one), councils(&mut two));
    assert_eq!(c1, c2, "same identifiers and names");
    for ((id, _), _) in c1.iter().zip(&c2) {
        let titles = |s: &mut Store| -> Vec<(String, NaiveDate)> {
            s.list_meetings(*id)
                .unwrap()
                .into_iter()
                .map(|m| (m.title, m.date))
                .collect()
        };
        assert_eq!(titles(&mut one), titles(&mut two));
    }

    // Again with the same seed: refused, in French, and nothing written.
    let before = all_rows(&one);
    let err = one
        .generate_large_demo(&LargeDemoOptions { years: 1, seed: 42 })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(err.to_text().contains("déjà"), "{}", err.to_text());
    assert_eq!(all_rows(&one), before);

    // Another seed adds four more councils.
    let r3 = generate(&mut one, 1, 43);
    assert_ne!(format!("{r1:?}"), format!("{r3:?}"));
    assert_eq!(councils(&mut one).len(), 8);
}

#[test]
fn years_out_of_range_are_refused() {
    let dir = DataDir::new();
    let mut store = dir.open();
    for years in [0, 31] {
        let err = store
            .generate_large_demo(&LargeDemoOptions { years, seed: 1 })
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation);
        assert_eq!(field_names(&err), ["years"]);
        assert!(field_message(&err, "years").contains("de 1 à 30"));
    }
    assert_eq!(rows(&store, "councils"), 0);
}

/// The data set the benchmarks and the end-to-end test use: ten years (some 13 s in
/// a debug build, most of it generating).
#[test]
fn ten_years_hold_the_announced_volumes() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let report = generate(&mut store, 10, 2014);
    assert_counts(&report, 10);
    for (council, name) in councils(&mut store) {
        let members = store.list_members(council).unwrap().len();
        assert!((40..=60).contains(&members), "{name}: {members} members");
    }
    check_database(&store);
}
