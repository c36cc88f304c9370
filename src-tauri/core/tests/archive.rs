//! Hand-over archives: export, import into an empty or a populated base with its
//! conflict report, and refusal of damaged or hostile archives.

// Test code: clippy.toml allows unwrap/expect inside #[test] functions only, and
// these files also have helpers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use quorum_core::archive::{
    ArchiveManifest, ConflictWinner, RecordKind, ARCHIVE_FORMAT_VERSION, DATA_ENTRY,
    MANIFEST_ENTRY, README_ENTRY,
};
use quorum_core::demo::DEMO_COUNCIL_NAME;
use quorum_core::exchange::{self, FORMAT_VERSION, MAX_IMPORT_BYTES};
use quorum_core::member::MemberInput;
use quorum_core::{ErrorCode, Store};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// A store holding the demo council, and the council's id.
fn demo_store(dir: &DataDir) -> (Store, Uuid) {
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

/// The whole database as JSON, without the export's own timestamp.
fn everything(store: &mut Store) -> Value {
    let mut v = serde_json::to_value(store.export_document().unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("exported_at");
    v
}

/// Every data table's row count, for the tables common::all_rows leaves out too.
fn table_rows(store: &Store) -> Vec<(String, i64)> {
    let mut stmt = store
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let n = rows(store, &format!("\"{t}\""));
            (t, n)
        })
        .collect()
}

fn entries_of(path: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut out = Vec::new();
            f.read_to_end(&mut out).unwrap();
            (f.name().unwrap().to_string(), out)
        })
        .collect()
}

fn entry<'a>(entries: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &entries.iter().find(|(n, _)| n == name).unwrap().1
}

/// A ZIP file built from raw names and contents (names are not checked by the writer).
fn build_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A real archive of the demo council: its manifest (as JSON) and data.json.
struct Pieces {
    manifest: Value,
    data: Vec<u8>,
}

impl Pieces {
    fn of(store: &mut Store, council: Uuid, dir: &Path) -> Pieces {
        let path = dir.join("source.quorum");
        store.export_archive(council, &path).unwrap();
        let entries = entries_of(&path);
        Pieces {
            manifest: serde_json::from_slice(entry(&entries, MANIFEST_ENTRY)).unwrap(),
            data: entry(&entries, DATA_ENTRY).to_vec(),
        }
    }

    fn manifest_bytes(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(&self.manifest).unwrap()
    }

    /// Replaces data.json and updates the manifest's SHA-256 to match.
    fn with_data(mut self, data: Vec<u8>) -> Pieces {
        self.manifest["data_sha256"] = json!(sha256_hex(&data));
        self.data = data;
        self
    }

    fn zip_with(&self, extra: &[(&str, &[u8])]) -> Vec<u8> {
        let manifest = self.manifest_bytes();
        let mut entries: Vec<(&str, &[u8])> =
            vec![(MANIFEST_ENTRY, &manifest), (DATA_ENTRY, &self.data)];
        entries.extend_from_slice(extra);
        build_zip(&entries)
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Sets a 32-bit little-endian field of the central directory entry named `name`.
fn patch_central_u32(bytes: &mut [u8], name: &str, offset: usize, value: u32) {
    let mut patched = false;
    for i in 0..bytes.len().saturating_sub(46) {
        if bytes[i..i + 4] != [0x50, 0x4b, 0x01, 0x02] {
            continue;
        }
        let len = u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]) as usize;
        if bytes.get(i + 46..i + 46 + len) == Some(name.as_bytes()) {
            bytes[i + offset..i + offset + 4].copy_from_slice(&value.to_le_bytes());
            patched = true;
        }
    }
    assert!(patched, "no central directory entry named {name}");
}

/// Runs a preview and an import that must both fail as invalid, and checks that the
/// database did not change at all.
fn assert_refused(store: &mut Store, path: &Path, expected_in_message: &str) {
    let before = everything(store);
    let before_rows = table_rows(store);
    for err in [
        store.preview_archive(path).unwrap_err(),
        store.import_archive(path).unwrap_err(),
    ] {
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
    }
    assert_eq!(table_rows(store), before_rows, "nothing written");
    assert_eq!(everything(store), before, "nothing changed");
}

/// Changes a member's notes through the ordinary API (so `updated_at` is now).
fn edit_notes(store: &mut Store, id: Uuid, notes: &str) {
    let m = store.get_member(id).unwrap();
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let input = MemberInput {
        college: m.college,
        status: m.status,
        first_name: m.first_name.clone(),
        last_name: m.last_name.clone(),
        sex: m.sex,
        organisation: m.organisation.clone(),
        roles: m.roles.clone(),
        entry_date: date(m.entry_date),
        exit_date: date(m.exit_date),
        phone: m.phone.clone(),
        email: m.email.clone(),
        postal_address: m.postal_address.clone(),
        consent_to_be_named: m.consent_to_be_named,
        notes: notes.into(),
    };
    store.update_member(id, input).unwrap();
    // Timestamps are kept to the millisecond: keep edits on both sides apart.
    std::thread::sleep(std::time::Duration::from_millis(5));
}

#[test]
fn an_archive_holds_a_manifest_the_data_and_a_french_readme() {
    let dir = DataDir::new();
    let (mut store, council) = demo_store(&dir);
    let other = new_council(&mut store, "Table de quartier de la Source");
    add(
        &mut store,
        other.id,
        habitant("Nguyen", quorum_core::member::Sex::F),
    );

    let path = dir.path().join("tilleuls.quorum");
    std::fs::write(&path, "ancien contenu").unwrap();
    let summary = store.export_archive(council, &path).unwrap();
    assert_eq!(summary.council_name, DEMO_COUNCIL_NAME);
    assert_eq!(summary.bytes, std::fs::metadata(&path).unwrap().len());
    assert!(summary.to_text().contains(DEMO_COUNCIL_NAME));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp-quorum"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let entries = entries_of(&path);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, [README_ENTRY, MANIFEST_ENTRY, DATA_ENTRY]);

    let manifest: ArchiveManifest =
        serde_json::from_slice(entry(&entries, MANIFEST_ENTRY)).unwrap();
    assert_eq!(manifest.format_version, ARCHIVE_FORMAT_VERSION);
    assert_eq!(manifest.data_format_version, FORMAT_VERSION);
    assert_eq!(manifest.generator, exchange::generator());
    assert_eq!(manifest.council_id, council);
    assert_eq!(manifest.council_name, DEMO_COUNCIL_NAME);
    assert_eq!(
        manifest.data_sha256,
        sha256_hex(entry(&entries, DATA_ENTRY))
    );
    assert_eq!(manifest.data_sha256, summary.data_sha256);
    assert!(manifest.readme.contains("Importer une archive"));

    // data.json is an ordinary export holding this council only.
    let text = std::str::from_utf8(entry(&entries, DATA_ENTRY)).unwrap();
    let doc = exchange::parse_document(text).unwrap();
    assert_eq!(doc.councils.len(), 1);
    let ce = &doc.councils[0];
    assert_eq!(ce.council.id, council);
    assert_eq!(manifest.counts.members as usize, ce.members.len());
    assert_eq!(manifest.counts.meetings as usize, ce.meetings.len());
    assert!(manifest.counts.members > 0 && manifest.counts.meetings > 0);
    assert_eq!(manifest.counts, summary.counts);

    let readme = std::str::from_utf8(entry(&entries, README_ENTRY)).unwrap();
    assert!(readme.contains(DEMO_COUNCIL_NAME), "{readme}");
    assert!(
        readme.contains("Fichier → Importer une archive…"),
        "{readme}"
    );
    assert!(readme.contains("quorum archive import FICHIER"), "{readme}");
}

#[test]
fn exporting_an_unknown_council_writes_nothing() {
    let dir = DataDir::new();
    let (mut store, _) = demo_store(&dir);
    let path = dir.path().join("rien.quorum");
    let err = store.export_archive(Uuid::new_v4(), &path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
    assert!(!path.exists());
}

#[test]
fn round_trip_into_an_empty_data_dir_gives_the_same_data() {
    let source_dir = DataDir::new();
    let (mut source, council) = demo_store(&source_dir);
    let path = source_dir.path().join("tilleuls.quorum");
    source.export_archive(council, &path).unwrap();

    let target_dir = DataDir::new();
    let mut target = target_dir.open();
    let preview = target.preview_archive(&path).unwrap();
    assert!(!preview.council_exists);
    assert!(preview.conflicts.is_empty());
    assert!(preview.new_records > 10, "{}", preview.new_records);
    assert_eq!(preview.manifest.council_name, DEMO_COUNCIL_NAME);
    assert!(preview.to_text().contains("l'import l'ajoutera"));
    assert_eq!(rows(&target, "councils"), 0, "a preview writes nothing");

    let imported = target.import_archive(&path).unwrap();
    assert_eq!(imported.council_id, council);
    assert_eq!(imported.council_name, DEMO_COUNCIL_NAME);
    assert_eq!(imported.report.councils.added, 1);
    assert_eq!(
        imported.report.total().updated + imported.report.total().skipped,
        0
    );
    assert!(imported.conflicts.is_empty());
    assert!(imported.ignored_entries.is_empty());
    let text = imported.to_text();
    assert!(text.contains("Aucun conflit"), "{text}");
    assert!(text.contains(DEMO_COUNCIL_NAME), "{text}");

    assert_eq!(everything(&mut target), everything(&mut source));
    assert_eq!(table_rows(&target), table_rows(&source));

    // The same archive again: nothing added, nothing updated, no conflict.
    let again = target.import_archive(&path).unwrap();
    assert_eq!(
        (again.report.total().added, again.report.total().updated),
        (0, 0)
    );
    assert_eq!(again.report.total().skipped, imported.report.total().added);
    assert!(again.conflicts.is_empty(), "{:?}", again.conflicts);
    let preview = target.preview_archive(&path).unwrap();
    assert!(preview.council_exists);
    assert_eq!(preview.new_records, 0);
    assert!(preview.conflicts.is_empty());
    assert_eq!(everything(&mut target), everything(&mut source));
}

#[test]
fn merging_into_a_base_holding_the_council_reports_each_conflict_and_its_winner() {
    let source_dir = DataDir::new();
    let (mut source, council) = demo_store(&source_dir);
    let first = source_dir.path().join("premiere.quorum");
    source.export_archive(council, &first).unwrap();
    let target_dir = DataDir::new();
    let mut target = target_dir.open();
    target.import_archive(&first).unwrap();

    let members = source.list_members(council).unwrap();
    let (x, y, z) = (&members[0], &members[1], &members[2]);
    // Source edits X and Z; then, later, this computer edits Y and Z.
    edit_notes(
        &mut source,
        x.id,
        "Modifié sur l'ordinateur de la présidente.",
    );
    edit_notes(&mut source, z.id, "Version de l'archive.");
    edit_notes(&mut target, y.id, "Modifié sur cet ordinateur.");
    edit_notes(
        &mut target,
        z.id,
        "Version de cet ordinateur, plus récente.",
    );
    let second = source_dir.path().join("seconde.quorum");
    source.export_archive(council, &second).unwrap();

    let preview = target.preview_archive(&second).unwrap();
    assert!(preview.council_exists);
    assert_eq!(preview.conflicts.len(), 3, "{:#?}", preview.conflicts);
    let before = everything(&mut target);
    assert_eq!(everything(&mut target), before, "a preview writes nothing");

    let imported = target.import_archive(&second).unwrap();
    assert_eq!(imported.conflicts, preview.conflicts);
    assert_eq!(imported.report.members.updated, 1);
    assert_eq!(imported.report.members.added, 0);
    let winner_of = |id: Uuid| {
        let c: Vec<_> = imported.conflicts.iter().filter(|c| c.id == id).collect();
        assert_eq!(c.len(), 1, "{id}: {:#?}", imported.conflicts);
        assert_eq!(c[0].kind, RecordKind::Member);
        c[0].clone()
    };
    let cx = winner_of(x.id);
    assert_eq!(cx.winner, ConflictWinner::Archive);
    assert_eq!(cx.label, x.display_name());
    assert!(cx.archive_updated_at > cx.local_updated_at);
    assert!(
        cx.message.starts_with(&format!(
            "Membre « {} » : la version de l'archive (modifiée le ",
            x.display_name()
        )),
        "{}",
        cx.message
    );
    assert!(cx.message.contains("remplace celle de cet ordinateur"));
    let cy = winner_of(y.id);
    assert_eq!(cy.winner, ConflictWinner::Local);
    assert!(cy
        .message
        .contains("la version de cet ordinateur, plus récente"));
    let cz = winner_of(z.id);
    assert_eq!(cz.winner, ConflictWinner::Local);
    assert!(cz.local_updated_at > cz.archive_updated_at);

    // The merge itself: the newer copy of each member is the one kept.
    assert_eq!(
        target.get_member(x.id).unwrap().notes,
        "Modifié sur l'ordinateur de la présidente."
    );
    assert_eq!(
        target.get_member(y.id).unwrap().notes,
        "Modifié sur cet ordinateur."
    );
    assert_eq!(
        target.get_member(z.id).unwrap().notes,
        "Version de cet ordinateur, plus récente."
    );
    let text = imported.to_text();
    assert!(text.contains("3 conflits"), "{text}");
    assert!(text.contains(&cx.message), "{text}");
    assert!(text.contains("Membres"), "{text}");

    // Importing it again adds and updates nothing; only this computer's newer
    // copies still differ, and they stay.
    let after = everything(&mut target);
    let again = target.import_archive(&second).unwrap();
    assert_eq!(
        (again.report.total().added, again.report.total().updated),
        (0, 0)
    );
    let mut ids: Vec<Uuid> = again.conflicts.iter().map(|c| c.id).collect();
    ids.sort();
    let mut expected = vec![y.id, z.id];
    expected.sort();
    assert_eq!(ids, expected);
    assert!(again
        .conflicts
        .iter()
        .all(|c| c.winner == ConflictWinner::Local));
    assert_eq!(everything(&mut target), after);
}

#[test]
fn unknown_entries_are_left_aside_and_named() {
    let dir = DataDir::new();
    let (mut source, council) = demo_store(&dir);
    let pieces = Pieces::of(&mut source, council, dir.path());
    let path = write(
        dir.path(),
        "avec-photo.quorum",
        &pieces.zip_with(&[("photos/", b""), ("photos/reunion.jpg", b"\xff\xd8")]),
    );
    let target_dir = DataDir::new();
    let mut target = target_dir.open();
    let imported = target.import_archive(&path).unwrap();
    assert_eq!(imported.ignored_entries, ["photos/", "photos/reunion.jpg"]);
    assert!(imported.to_text().contains("photos/reunion.jpg"));
    assert_eq!(imported.report.councils.added, 1);
}

#[test]
fn a_truncated_archive_is_refused() {
    let dir = DataDir::new();
    let (mut store, council) = demo_store(&dir);
    let path = dir.path().join("tilleuls.quorum");
    store.export_archive(council, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let half = write(dir.path(), "moitie.quorum", &bytes[..bytes.len() / 2]);
    assert_refused(&mut store, &half, "fichier ZIP illisible");
    let empty = write(dir.path(), "vide.quorum", b"");
    assert_refused(&mut store, &empty, "ce n'est pas une archive Quorum");
}

#[test]
fn a_file_that_is_not_a_zip_is_refused() {
    let dir = DataDir::new();
    let (mut store, _) = demo_store(&dir);
    let json = store.export_json().unwrap();
    let path = write(dir.path(), "export.quorum", json.as_bytes());
    assert_refused(&mut store, &path, "ce n'est pas une archive Quorum");
}

#[test]
fn entries_with_path_tricks_are_refused() {
    let dir = DataDir::new();
    let (mut store, council) = demo_store(&dir);
    let pieces = Pieces::of(&mut store, council, dir.path());
    for (i, name) in [
        "../evil.json",
        "/etc/passwd",
        "a\\b",
        "photos/../../evil.json",
        "a\0b",
        "C:/Windows/evil.json",
    ]
    .into_iter()
    .enumerate()
    {
        let path = write(
            dir.path(),
            &format!("piege-{i}.quorum"),
            &pieces.zip_with(&[(name, b"{}")]),
        );
        assert_refused(&mut store, &path, "chemin interdit dans l'archive");
    }
    // The known entries themselves under a tricky name are no better.
    let manifest = pieces.manifest_bytes();
    let path = write(
        dir.path(),
        "piege-data.quorum",
        &build_zip(&[(MANIFEST_ENTRY, &manifest), ("../data.json", &pieces.data)]),
    );
    assert_refused(&mut store, &path, "chemin interdit dans l'archive");
}

#[test]
fn an_archive_without_manifest_or_data_is_refused() {
    let dir = DataDir::new();
    let (mut store, council) = demo_store(&dir);
    let pieces = Pieces::of(&mut store, council, dir.path());
    let path = write(
        dir.path(),
        "sans-manifeste.quorum",
        &build_zip(&[(DATA_ENTRY, &pieces.data)]),
    );
    assert_refused(&mut store, &path, "manifest.json manquant");
    let manifest = pieces.manifest_bytes();
    let path = write(
        dir.path(),
        "sans-donnees.quorum",
        &build_zip(&[(MANIFEST_ENTRY, &manifest), (README_ENTRY, b"Bonjour")]),
    );
    assert_refused(&mut store, &path, "data.json manquant");
}

#[test]
fn a_data_json_that_does_not_match_its_fingerprint_is_refused() {
    let dir = DataDir::new();
    let (mut store, council) = demo_store(&dir);
    let pieces = Pieces::of(&mut store, council, dir.path());
    let text = String::from_utf8(pieces.data.clone()).unwrap();
    let edited = text.replacen(DEMO_COUNCIL_NAME, "Conseil modifié à la main", 1);
    assert_ne!(edited, text);
    let tampered = Pieces {
        manifest: pieces.manifest.clone(),
        data: edited.into_bytes(),
    };
    let path = write(dir.path(), "modifiee.quorum", &tampered.zip_with(&[]));
    assert_refused(
        &mut store,
        &path,
        "l'empreinte de data.json ne correspond pas",
    );
}

#[test]
fn an_entry_declaring_a_huge_size_is_refused_before_being_read() {
    let dir = DataDir::new();
    let (mut store, council) = demo_store(&dir);
    let pieces = Pieces::of(&mut store, council, dir.path());
    let mut bytes = pieces.zip_with(&[]);
    // Uncompressed size, at offset 24 of a central directory header: 2 Gio.
    patch_central_u32(&mut bytes, DATA_ENTRY, 24, 0x7fff_ffff);
    let path = write(dir.path(), "bombe.quorum", &bytes);
    assert_refused(&mut store, &path, "data.json dépasse une fois décompressé");
}

#[test]
fn an_entry_larger_than_it_declares_is_refused_without_being_inflated() {
    let dir = DataDir::new();
    let (mut store, council) = demo_store(&dir);
    let pieces = Pieces::of(&mut store, council, dir.path());
    // A valid manifest followed by 2 Mio of spaces (still valid JSON), well over the
    // manifest's 1 Mio limit, declared as 200 bytes.
    let mut manifest = pieces.manifest_bytes();
    manifest.extend(std::iter::repeat_n(b' ', 2 * 1024 * 1024));
    let mut bytes = build_zip(&[(MANIFEST_ENTRY, &manifest), (DATA_ENTRY, &pieces.data)]);
    assert!(bytes.len() < 100 * 1024, "deflated: {}", bytes.len());
    patch_central_u32(&mut bytes, MANIFEST_ENTRY, 24, 200);
    let path = write(dir.path(), "menteuse.quorum", &bytes);
    // Reading stops at the declared size (and at the limit in any case): the entry
    // does not check out and is refused as damaged.
    assert_refused(&mut store, &path, "manifest.json est illisible");
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let dir = DataDir::new();
    let (mut store, _) = demo_store(&dir);
    let path = dir.path().join("enorme.quorum");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(MAX_IMPORT_BYTES + 1).unwrap();
    drop(f);
    assert_refused(&mut store, &path, "au-delà de la limite");
}

#[test]
fn a_manifest_of_a_newer_format_or_unreadable_is_refused() {
    let dir = DataDir::new();
    let (mut store, council) = demo_store(&dir);
    let mut pieces = Pieces::of(&mut store, council, dir.path());
    pieces.manifest["format_version"] = json!(ARCHIVE_FORMAT_VERSION + 1);
    let path = write(dir.path(), "future.quorum", &pieces.zip_with(&[]));
    assert_refused(&mut store, &path, "mettez Quorum à jour");

    let path = write(
        dir.path(),
        "manifeste-illisible.quorum",
        &build_zip(&[
            (MANIFEST_ENTRY, b"{ pas du JSON"),
            (DATA_ENTRY, &pieces.data),
        ]),
    );
    assert_refused(&mut store, &path, "manifest.json n'est pas du JSON valide");

    pieces.manifest["format_version"] = json!(ARCHIVE_FORMAT_VERSION);
    pieces
        .manifest
        .as_object_mut()
        .unwrap()
        .remove("council_id");
    let path = write(
        dir.path(),
        "manifeste-incomplet.quorum",
        &pieces.zip_with(&[]),
    );
    assert_refused(&mut store, &path, "manifest.json ne suit pas le format");
}

#[test]
fn a_data_json_with_duplicate_uuids_or_invalid_json_is_refused() {
    let dir = DataDir::new();
    let (mut store, council) = demo_store(&dir);
    let pieces = Pieces::of(&mut store, council, dir.path());
    let mut doc: Value = serde_json::from_slice(&pieces.data).unwrap();
    let first = doc["councils"][0]["members"][0].clone();
    doc["councils"][0]["members"]
        .as_array_mut()
        .unwrap()
        .push(first);
    let duplicated = Pieces {
        manifest: pieces.manifest.clone(),
        data: Vec::new(),
    }
    .with_data(serde_json::to_vec(&doc).unwrap());
    let path = write(dir.path(), "doublon.quorum", &duplicated.zip_with(&[]));
    assert_refused(&mut store, &path, "apparaît deux fois");

    let broken = Pieces {
        manifest: pieces.manifest.clone(),
        data: Vec::new(),
    }
    .with_data(b"{\"format_version\": 3, \"councils\": [".to_vec());
    let path = write(dir.path(), "json-casse.quorum", &broken.zip_with(&[]));
    assert_refused(&mut store, &path, "data.json : ce n'est pas du JSON valide");

    let mut future = doc.clone();
    future["format_version"] = json!(FORMAT_VERSION + 1);
    let future = Pieces {
        manifest: pieces.manifest.clone(),
        data: Vec::new(),
    }
    .with_data(serde_json::to_vec(&future).unwrap());
    let path = write(dir.path(), "donnees-futures.quorum", &future.zip_with(&[]));
    assert_refused(&mut store, &path, "mettez Quorum à jour");
}

#[test]
fn a_data_json_holding_another_council_than_announced_is_refused() {
    let dir = DataDir::new();
    let (mut store, council) = demo_store(&dir);
    let pieces = Pieces::of(&mut store, council, dir.path());
    let mut other = pieces.manifest.clone();
    other["council_id"] = json!(Uuid::new_v4());
    let path = write(
        dir.path(),
        "autre-conseil.quorum",
        &Pieces {
            manifest: other,
            data: pieces.data.clone(),
        }
        .zip_with(&[]),
    );
    assert_refused(&mut store, &path, "annoncé par le manifeste");
}

#[test]
fn two_entries_of_the_same_name_are_refused() {
    let dir = DataDir::new();
    let (mut store, council) = demo_store(&dir);
    let pieces = Pieces::of(&mut store, council, dir.path());
    let mut bytes = pieces.zip_with(&[("data.jsoX", b"{}")]);
    // The writer refuses duplicate names: rename the third entry by hand.
    let mut renamed = 0;
    for i in 0..bytes.len() - 9 {
        if &bytes[i..i + 9] == b"data.jsoX" {
            bytes[i + 8] = b'n';
            renamed += 1;
        }
    }
    assert_eq!(renamed, 2, "local and central headers");
    let path = write(dir.path(), "double.quorum", &bytes);
    assert_refused(&mut store, &path, "deux entrées de même nom");
}

#[test]
fn a_record_conflicting_with_this_base_writes_nothing_at_all() {
    // A valid archive whose merge fails half-way (a member already belongs to another
    // council here): the transaction is rolled back, nothing of the archive remains.
    let dir = DataDir::new();
    let (mut source, council) = demo_store(&dir);
    let pieces = Pieces::of(&mut source, council, dir.path());
    let target_dir = DataDir::new();
    let mut target = target_dir.open();
    let here = new_council(&mut target, "Conseil citoyen de la Source");
    let m = add(
        &mut target,
        here.id,
        habitant("Diallo", quorum_core::member::Sex::F),
    );
    let mut doc: Value = serde_json::from_slice(&pieces.data).unwrap();
    // A copy of the first member under the UUID of a member of another council here,
    // last in the file: everything before it is written, then rolled back.
    let mut copy = doc["councils"][0]["members"][0].clone();
    copy["id"] = json!(m.id);
    copy["last_name"] = json!("Doublon");
    doc["councils"][0]["members"]
        .as_array_mut()
        .unwrap()
        .push(copy);
    let hostile = Pieces {
        manifest: pieces.manifest.clone(),
        data: Vec::new(),
    }
    .with_data(serde_json::to_vec(&doc).unwrap());
    let path = write(dir.path(), "conflit.quorum", &hostile.zip_with(&[]));
    let before = everything(&mut target);
    let rows_before = table_rows(&target);
    let err = target.import_archive(&path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    assert!(err.to_string().contains("rien n'a été modifié"), "{err}");
    assert_eq!(everything(&mut target), before);
    assert_eq!(table_rows(&target), rows_before);
}
