//! The JSON exchange format: export, import by merge, and refusal of bad files.

// Test code: clippy.toml allows unwrap/expect inside #[test] functions only, and
// these files also have helpers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use quorum_core::demo::{demo_document, DEMO_COUNCIL_NAME};
use quorum_core::exchange::{self, ExportDocument, FORMAT_VERSION};
use quorum_core::member::Sex;
use quorum_core::{ErrorCode, Store};
use serde_json::{json, Value};
use uuid::Uuid;

fn councils_of(json: &str) -> Value {
    let v: Value = serde_json::from_str(json).unwrap();
    v["councils"].clone()
}

/// A store holding the demo plus a council created through the API.
fn rich_store(dir: &DataDir) -> Store {
    let mut store = dir.open();
    store.load_demo().unwrap();
    let c = new_council(&mut store, "Table de quartier de la Source");
    let m = add(&mut store, c.id, habitant("Nguyen", Sex::F));
    let mut input = habitant("Nguyen", Sex::F);
    input.exit_date = "2025-01-31".into();
    store.update_member(m.id, input).unwrap();
    add(&mut store, c.id, acteur("Roux"));
    store.set_council_archived(c.id, true).unwrap();
    store
}

/// Runs an import that must fail as invalid, and checks that nothing changed.
fn assert_refused(store: &mut Store, text: &str, expected_in_message: &str) {
    let before_rows = all_rows(store);
    let before_json = councils_of(&store.export_json().unwrap());
    let err = store.import_json(text).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidImport, "{err}");
    let message = err.to_string();
    assert!(
        message.starts_with("Le fichier à importer n'est pas valable : "),
        "{message}"
    );
    assert!(
        message.contains(expected_in_message),
        "{message:?} should mention {expected_in_message:?}"
    );
    assert_eq!(all_rows(store), before_rows, "nothing written");
    assert_eq!(councils_of(&store.export_json().unwrap()), before_json);
}

#[test]
fn loading_the_demo_twice_adds_nothing_the_second_time() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let first = store.load_demo().unwrap();
    let doc = demo_document();
    let ce = &doc.councils[0];
    assert_eq!(first.councils.added, 1);
    assert_eq!(first.members.added as usize, ce.members.len());
    assert_eq!(first.member_events.added as usize, ce.member_events.len());
    assert_eq!(first.guests.added as usize, ce.guests.len());
    assert_eq!(first.total().updated + first.total().skipped, 0);

    let second = store.load_demo().unwrap();
    assert_eq!(second.total().added, 0);
    assert_eq!(second.total().updated, 0);
    assert_eq!(second.total().skipped, first.total().added);

    let list = store.list_councils(true).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name, DEMO_COUNCIL_NAME);
    assert_eq!(rows(&store, "members") as usize, ce.members.len());
    assert!(
        second.to_text().contains("Conseils"),
        "{}",
        second.to_text()
    );
}

#[test]
fn export_then_import_into_an_empty_dir_gives_the_same_export() {
    let source_dir = DataDir::new();
    let mut source = rich_store(&source_dir);
    let first = source.export_json().unwrap();
    assert!(first.ends_with('\n'));

    let doc: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(doc["format_version"], json!(FORMAT_VERSION));
    assert_eq!(doc["generator"], json!(exchange::generator()));
    assert_eq!(
        doc["councils"].as_array().unwrap().len(),
        2,
        "archived councils are exported too"
    );

    let target_dir = DataDir::new();
    let mut target = target_dir.open();
    let report = target.import_json(&first).unwrap();
    assert_eq!(report.councils.added, 2);
    assert_eq!(report.total().updated + report.total().skipped, 0);
    assert_eq!(all_rows(&target), all_rows(&source));

    let second = target.export_json().unwrap();
    assert_eq!(councils_of(&second), councils_of(&first));
    assert_eq!(
        target.list_councils(true).unwrap(),
        source.list_councils(true).unwrap()
    );

    // Importing the same file again changes nothing.
    let again = target.import_json(&first).unwrap();
    assert_eq!((again.total().added, again.total().updated), (0, 0));
    assert_eq!(again.total().skipped, report.total().added);
}

#[test]
fn export_json_to_writes_the_file_atomically() {
    let dir = DataDir::new();
    let mut store = dir.open();
    store.load_demo().unwrap();
    let path = dir.path().join("export.json");
    std::fs::write(&path, "ancien contenu").unwrap();
    store.export_json_to(&path).unwrap();
    let written = exchange::read_import_file(&path).unwrap();
    assert_eq!(
        councils_of(&written),
        councils_of(&store.export_json().unwrap())
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp-quorum"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_newer_copy_of_a_record_updates_and_an_older_one_is_skipped() {
    let dir = DataDir::new();
    let mut store = dir.open();
    store.load_demo().unwrap();
    let mut doc: Value = serde_json::from_str(&store.export_json().unwrap()).unwrap();
    let member = doc["councils"][0]["members"][0].clone();
    let id: Uuid = serde_json::from_value(member["id"].clone()).unwrap();
    let original = store.get_member(id).unwrap();

    // Newer: applied.
    doc["councils"][0]["members"][0]["last_name"] = json!("Diallo-Sarr");
    doc["councils"][0]["members"][0]["updated_at"] = json!("2025-06-01T09:00:00.000Z");
    let report = store.import_json(&doc.to_string()).unwrap();
    assert_eq!((report.members.added, report.members.updated), (0, 1));
    assert_eq!(
        report.members.skipped as usize,
        doc["councils"][0]["members"].as_array().unwrap().len() - 1
    );
    assert_eq!((report.councils.updated, report.guests.updated), (0, 0));
    let updated = store.get_member(id).unwrap();
    assert_eq!(updated.last_name, "Diallo-Sarr");
    assert_eq!(updated.updated_at.to_rfc3339(), "2025-06-01T09:00:00+00:00");
    assert_eq!(updated.created_at, original.created_at);

    // Older than what is stored now: skipped, even with other content.
    doc["councils"][0]["members"][0]["last_name"] = json!("Ancien nom");
    doc["councils"][0]["members"][0]["updated_at"] = json!("2025-03-01T09:00:00.000Z");
    let report = store.import_json(&doc.to_string()).unwrap();
    assert_eq!((report.members.added, report.members.updated), (0, 0));
    assert_eq!(store.get_member(id).unwrap().last_name, "Diallo-Sarr");

    // Same instant: skipped too (importing twice changes nothing).
    doc["councils"][0]["members"][0]["last_name"] = json!("Autre nom");
    doc["councils"][0]["members"][0]["updated_at"] = json!("2025-06-01T09:00:00.000Z");
    let report = store.import_json(&doc.to_string()).unwrap();
    assert_eq!(report.members.updated, 0);
    assert_eq!(store.get_member(id).unwrap().last_name, "Diallo-Sarr");
}

#[test]
fn a_newer_council_replaces_its_neighbourhoods() {
    let dir = DataDir::new();
    let mut store = dir.open();
    store.load_demo().unwrap();
    let mut doc = demo_document();
    let council = &mut doc.councils[0].council;
    council.updated_at += chrono::Duration::days(1);
    council.name = "Conseil citoyen des Tilleuls et de Bois-Joli".into();
    council.neighbourhoods.truncate(1);
    let id = council.id;
    let report = store.import_document(&doc).unwrap();
    assert_eq!(report.councils.updated, 1);
    let stored = store.get_council(id).unwrap();
    assert_eq!(stored, doc.councils[0].council);
    assert_eq!(rows(&store, "neighbourhoods"), 1);
}

#[test]
fn a_file_that_is_not_json_is_refused() {
    let dir = DataDir::new();
    let mut store = dir.open();
    assert_refused(
        &mut store,
        "Nom;Prénom\nDiallo;Fatou\n",
        "ce n'est pas du JSON valide (ligne 1",
    );
    assert_refused(&mut store, "", "ce n'est pas du JSON valide");
    assert_eq!(all_rows(&store).iter().map(|r| r.1).sum::<i64>(), 0);
}

#[test]
fn a_file_without_format_version_is_refused() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let mut doc: Value = serde_json::to_value(demo_document()).unwrap();
    doc.as_object_mut().unwrap().remove("format_version");
    assert_refused(&mut store, &doc.to_string(), "il manque « format_version »");
    assert_refused(&mut store, "[1, 2, 3]", "il manque « format_version »");
    doc["format_version"] = json!("1");
    assert_refused(&mut store, &doc.to_string(), "il manque « format_version »");
    assert_eq!(rows(&store, "councils"), 0);
}

#[test]
fn a_file_of_a_newer_format_is_refused() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let mut doc: Value = serde_json::to_value(demo_document()).unwrap();
    doc["format_version"] = json!(999);
    assert_refused(&mut store, &doc.to_string(), "au format 999");
    assert_eq!(rows(&store, "councils"), 0);
}

#[test]
fn a_file_with_a_wrong_shape_is_refused() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let mut doc: Value = serde_json::to_value(demo_document()).unwrap();
    doc["councils"][0]["members"][0]["college"] = json!("elus");
    assert_refused(&mut store, &doc.to_string(), "ne suit pas le format Quorum");
    assert_eq!(rows(&store, "members"), 0);
}

#[test]
fn a_duplicate_uuid_is_refused() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let mut doc = demo_document();
    let first = doc.councils[0].members[0].id;
    doc.councils[0].members[1].id = first;
    let text = serde_json::to_string(&doc).unwrap();
    assert_refused(
        &mut store,
        &text,
        &format!("l'identifiant {first} apparaît deux fois"),
    );

    // Across kinds of records too: a guest with a member's UUID.
    let mut doc = demo_document();
    doc.councils[0].guests[0].id = doc.councils[0].members[3].id;
    let err = store.import_document(&doc).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidImport);
    assert_eq!(all_rows(&store).iter().map(|r| r.1).sum::<i64>(), 0);
}

#[test]
fn a_member_without_last_name_is_refused() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let mut doc: Value = serde_json::to_value(demo_document()).unwrap();
    doc["councils"][0]["members"][4]["last_name"] = json!("");
    assert_refused(
        &mut store,
        &doc.to_string(),
        "Ce champ est obligatoire. (last_name)",
    );
}

#[test]
fn an_invalid_record_among_valid_ones_writes_nothing_at_all() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let mut doc = demo_document();
    // A second, valid-looking council with fresh identifiers but no name.
    let mut second = doc.councils[0].clone();
    second.council.id = Uuid::new_v4();
    second.council.name = "  ".into();
    for n in &mut second.council.neighbourhoods {
        n.id = Uuid::new_v4();
    }
    second.members.clear();
    second.member_events.clear();
    second.guests.clear();
    doc.councils.push(second);
    let text = serde_json::to_string(&doc).unwrap();
    assert_refused(&mut store, &text, "(name)");
    assert_eq!(
        rows(&store, "councils"),
        0,
        "the first council is not written either"
    );
    assert!(store.list_councils(true).unwrap().is_empty());
}

#[test]
fn other_invalid_records_are_refused() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let base = demo_document();

    let mut doc = base.clone();
    doc.councils[0].members[0].email = "pas une adresse".into();
    assert_refused(&mut store, &serde_json::to_string(&doc).unwrap(), "(email)");

    let mut doc = base.clone();
    doc.councils[0].members[0].council_id = Uuid::new_v4();
    assert_refused(
        &mut store,
        &serde_json::to_string(&doc).unwrap(),
        "rattaché à un autre",
    );

    let mut doc = base.clone();
    doc.councils[0].member_events[0].member_id = Uuid::new_v4();
    assert_refused(
        &mut store,
        &serde_json::to_string(&doc).unwrap(),
        "renvoie à un membre absent",
    );

    let mut doc = base.clone();
    doc.councils[0].members[0].entry_date = chrono::NaiveDate::from_ymd_opt(1492, 10, 12);
    assert_refused(
        &mut store,
        &serde_json::to_string(&doc).unwrap(),
        "(entry_date)",
    );

    let mut doc = base;
    doc.councils[0].guests[0].last_name = String::new();
    assert_refused(
        &mut store,
        &serde_json::to_string(&doc).unwrap(),
        "l'invité",
    );
}

#[test]
fn a_conflict_found_while_writing_rolls_everything_back() {
    let dir = DataDir::new();
    let mut store = dir.open();
    store.load_demo().unwrap();
    let demo = demo_document();
    let before = all_rows(&store);

    // First a brand-new council (would be added), then one that claims a demo
    // member's UUID for itself: only found while merging.
    let mut fresh = demo.councils[0].clone();
    fresh.council.id = Uuid::new_v4();
    fresh.council.name = "Nouveau conseil".into();
    for n in &mut fresh.council.neighbourhoods {
        n.id = Uuid::new_v4();
    }
    fresh.members.clear();
    fresh.member_events.clear();
    fresh.guests.clear();
    fresh.meetings.clear();
    fresh.actions.clear();
    fresh.charters.clear();
    fresh.demarches.clear();
    fresh.events.clear();
    fresh.avis_requests.clear();
    let mut thief = fresh.clone();
    thief.council.id = Uuid::new_v4();
    thief.council.name = "Conseil voleur".into();
    for n in &mut thief.council.neighbourhoods {
        n.id = Uuid::new_v4();
    }
    let mut stolen = demo.councils[0].members[0].clone();
    stolen.council_id = thief.council.id;
    stolen.updated_at += chrono::Duration::days(1);
    thief.members.push(stolen);
    let doc = ExportDocument {
        councils: vec![fresh, thief],
        ..demo
    };
    let err = store.import_document(&doc).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    assert!(err.to_string().contains("rien n'a été modifié"), "{err}");
    assert_eq!(all_rows(&store), before);
    let names: Vec<String> = store
        .list_councils(true)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, [DEMO_COUNCIL_NAME]);
}

#[test]
fn read_import_file_refuses_non_utf8_and_reads_text() {
    let dir = DataDir::new();
    let bad = dir.path().join("export.json");
    std::fs::write(&bad, [0x7b, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x7d]).unwrap();
    let err = exchange::read_import_file(&bad).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidImport);
    assert!(err.to_string().contains("UTF-8"), "{err}");

    let missing = exchange::read_import_file(&dir.path().join("absent.json")).unwrap_err();
    assert_eq!(missing.code(), ErrorCode::Io);
    assert!(missing.to_string().contains("il n'existe pas"), "{missing}");

    let good = dir.path().join("ok.json");
    std::fs::write(&good, "{\"é\": 1}").unwrap();
    assert_eq!(exchange::read_import_file(&good).unwrap(), "{\"é\": 1}");
}

#[test]
fn parse_document_accepts_what_export_writes() {
    let dir = DataDir::new();
    let mut store = rich_store(&dir);
    let doc = store.export_document().unwrap();
    let text = store.export_json().unwrap();
    let parsed = exchange::parse_document(&text).unwrap();
    assert_eq!(parsed.councils, doc.councils);
    assert_eq!(parsed.format_version, FORMAT_VERSION);
}

#[test]
fn a_neighbourhood_of_another_council_is_a_french_conflict_and_writes_nothing() {
    let dir = DataDir::new();
    let mut store = dir.open();
    store.load_demo().unwrap();
    let stolen = demo_document().councils[0].council.neighbourhoods[0].clone();
    let other = store
        .create_council(council_input("Autre conseil"))
        .unwrap();
    let mut foreign = store.export_document().unwrap();
    foreign.councils.retain(|c| c.council.id == other.id);
    foreign.councils[0].council.neighbourhoods = vec![stolen];
    foreign.councils[0].council.updated_at = chrono::Utc::now() + chrono::Duration::days(1);
    let before = store.export_json().unwrap();
    let err = store.import_document(&foreign).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(
        err.to_string()
            .contains("Le quartier « Les Tilleuls » existe déjà dans un autre conseil"),
        "{err}"
    );
    assert_eq!(
        councils_of(&store.export_json().unwrap()),
        councils_of(&before)
    );
}

#[test]
fn timestamps_finer_than_a_millisecond_do_not_update_again_on_each_import() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let mut doc = demo_document();
    let fine = doc.councils[0].council.updated_at + chrono::Duration::microseconds(1_234);
    doc.councils[0].council.updated_at = fine;
    let first = store.import_document(&doc).unwrap();
    assert_eq!(first.councils.added, 1);
    let second = store.import_document(&doc).unwrap();
    assert_eq!(
        (second.councils.updated, second.councils.skipped),
        (0, 1),
        "the same file imported twice must change nothing"
    );
}

#[test]
fn a_file_with_a_byte_order_mark_is_read() {
    let json = serde_json::to_string(&demo_document()).unwrap();
    let doc = exchange::parse_document(&format!("\u{feff}{json}")).unwrap();
    assert_eq!(doc.councils[0].council.name, DEMO_COUNCIL_NAME);
}

#[test]
fn attendance_recorded_on_two_laptops_merges_by_member_and_the_newer_wins() {
    use quorum_core::meeting::AttendanceState;
    let dir = DataDir::new();
    let mut store = dir.open();
    store.load_demo().unwrap();
    // The other laptop recorded the same member at the same meeting, later, under its own UUID.
    let mut other = store.export_document().unwrap();
    let meeting = other.councils[0]
        .meetings
        .iter_mut()
        .find(|m| !m.attendance.is_empty())
        .unwrap();
    let line = &mut meeting.attendance[0];
    let member = line.member_id;
    let meeting_id = line.meeting_id;
    line.id = Uuid::new_v4();
    line.state = AttendanceState::Excuse;
    line.updated_at += chrono::Duration::hours(1);
    let report = store.import_document(&other).unwrap();
    assert_eq!((report.attendance.added, report.attendance.updated), (0, 1));
    let detail = store.meeting_detail(meeting_id).unwrap();
    let lines: Vec<_> = detail
        .attendance
        .iter()
        .filter(|a| a.member_id == member)
        .collect();
    assert_eq!(lines.len(), 1, "one line per member and meeting");
    assert_eq!(lines[0].state, AttendanceState::Excuse);
    // Importing the same file again changes nothing.
    assert_eq!(store.import_document(&other).unwrap().attendance.updated, 0);
}

#[test]
fn a_reference_to_nothing_is_a_french_import_error_and_writes_nothing() {
    use quorum_core::meeting::AttendanceState;
    let dir = DataDir::new();
    let mut store = dir.open();
    let mut doc = demo_document();
    let meeting = doc.councils[0]
        .meetings
        .iter_mut()
        .find(|m| !m.attendance.is_empty())
        .unwrap();
    meeting.attendance[0].state = AttendanceState::Represente;
    meeting.attendance[0].proxy_member_id = Some(Uuid::new_v4());
    let err = store.import_document(&doc).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidImport, "{err}");
    assert!(
        err.to_string()
            .contains("n'existe ni dans le fichier ni dans cette base"),
        "{err}"
    );
    assert!(
        store.list_councils(true).unwrap().is_empty(),
        "nothing written"
    );

    let mut doc = demo_document();
    let meeting = doc.councils[0]
        .meetings
        .iter_mut()
        .find(|m| !m.attendance.is_empty())
        .unwrap();
    let mut twice = meeting.attendance[0].clone();
    twice.id = Uuid::new_v4();
    meeting.attendance.push(twice);
    let err = store.import_document(&doc).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidImport, "{err}");
    assert!(
        err.to_string().contains("deux fois la même présence"),
        "{err}"
    );
    assert!(
        store.list_councils(true).unwrap().is_empty(),
        "nothing written"
    );
}
