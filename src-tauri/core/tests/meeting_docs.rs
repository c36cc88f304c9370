//! The meeting documents written as real PDFs and read back with poppler and qpdf.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use quorum_core::meeting::{
    AgendaItemInput, ItemKind, MeetingInput, MeetingKind, MeetingStatus, MinutesStatus,
};
use quorum_core::meeting_docs::MeetingDocument;
use quorum_core::Store;
use std::path::Path;
use std::process::Command;
use uuid::Uuid;

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} must be installed (make setup): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// Text as pdftotext reads it, lines joined (breaks depend on layout, words do not).
/// poppler prints U+00A0 as a plain space; that the glyphs map back to U+00A0 is
/// checked by `no_break_spaces_are_drawn_as_no_break_spaces` in doc_pdf.rs.
fn text_of(pdf: &str) -> String {
    tool("pdftotext", &[pdf, "-"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn check_pdf(pdf: &str) {
    tool("qpdf", &["--check", pdf]);
    let fonts = tool("pdffonts", &[pdf]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no font in {pdf}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        // emb, sub, uni are the 4th, 3rd and 2nd columns from the end (before the object id).
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "font not embedded and subset: {row}"
        );
    }
}

fn demo_meetings(store: &mut Store) -> (Uuid, Vec<quorum_core::meeting::Meeting>) {
    store.load_demo().unwrap();
    let council = store.list_councils(false).unwrap()[0].id;
    let mut meetings = store.list_meetings(council).unwrap();
    meetings.reverse(); // oldest first: adopted, draft, coming
    (council, meetings)
}

#[test]
fn the_minutes_read_back_exactly_with_status_attendance_decisions_and_dissent() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let (_, meetings) = demo_meetings(&mut store);
    let out = tempfile::tempdir().unwrap();

    let draft = write(
        out.path(),
        "draft.pdf",
        &store
            .meeting_pdf(meetings[1].id, MeetingDocument::Minutes)
            .unwrap(),
    );
    check_pdf(&draft);
    let text = text_of(&draft);
    for expected in [
        "Compte rendu — Séance plénière d'automne",
        "Projet — document de travail, non adopté",
        "Représentés (1) : Thierry Roux (pouvoir donné à Gilles Fontaine)",
        "Mehdi Zerrouki (Gestionnaire de secteur, Habitat Solidaire (bailleur social)) — pour le point 2 seulement",
        "Avis réservé (9 pour, 3 contre, 2 abstentions) : Avis réservé sur le rapport annuel 2025 du contrat de ville.",
        "Avis divergents et propositions alternatives : Trois membres souhaitaient un avis favorable",
        "six familles",
        "Écrire à la mairie au sujet de l'éclairage du passage des Lilas",
        "à la rentrée",
    ] {
        assert!(text.contains(expected), "missing « {expected} » in:\n{text}");
    }
    // A member who did not consent is not named in a published document.
    assert!(!text.contains("Karim Haddad"), "{text}");
    assert!(text.contains("K. H."));

    let adopted = write(
        out.path(),
        "adopted.pdf",
        &store
            .meeting_pdf(meetings[0].id, MeetingDocument::Minutes)
            .unwrap(),
    );
    let text = text_of(&adopted);
    assert!(text.contains("Adopté le "), "{text}");
    assert!(
        !text.contains("Projet —"),
        "no draft stamp on adopted minutes: {text}"
    );
    assert!(
        text.contains("Montant demandé : 1 500 € ; montant accordé : 800 €."),
        "{text}"
    );
    let info = tool("pdfinfo", &[&adopted]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    assert_eq!(field("Title"), "Compte rendu — Séance plénière de rentrée");
    assert_eq!(field("Author"), "Conseil citoyen des Tilleuls");
    assert!(!info.contains("1970"), "{info}");
}

#[test]
fn the_convocation_attendance_sheet_and_decisions_carry_what_they_must() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let (council, meetings) = demo_meetings(&mut store);
    let out = tempfile::tempdir().unwrap();

    let conv = write(
        out.path(),
        "conv.pdf",
        &store
            .meeting_pdf(meetings[2].id, MeetingDocument::Convocation)
            .unwrap(),
    );
    check_pdf(&conv);
    let text = text_of(&conv);
    for expected in [
        "Convocation",
        "Ordre du jour",
        "1. Approbation du compte rendu de la séance précédente",
        "de 18 h 30 à 20 h 30",
        "Pouvoir",
        "donne pouvoir à",
    ] {
        assert!(
            text.contains(expected),
            "missing « {expected} » in:\n{text}"
        );
    }

    let sheet = write(
        out.path(),
        "sheet.pdf",
        &store
            .meeting_pdf(meetings[2].id, MeetingDocument::AttendanceSheet)
            .unwrap(),
    );
    check_pdf(&sheet);
    let text = text_of(&sheet);
    let members = store.list_members(council).unwrap();
    let date = meetings[2].date;
    for m in members.iter().filter(|m| m.active_on(date)) {
        // Internal document: everyone in office is named, consent or not.
        assert!(
            text.contains(&m.display_name()),
            "{} missing from the attendance sheet",
            m.display_name()
        );
    }
    assert!(
        !text.contains("Monique Barbier"),
        "a member who left is not on the sheet"
    );
    assert!(text.contains("Invités et public"));

    let decisions = write(
        out.path(),
        "dec.pdf",
        &store
            .meeting_pdf(meetings[0].id, MeetingDocument::Decisions)
            .unwrap(),
    );
    let text = text_of(&decisions);
    assert!(
        text.contains("Adopté partiellement (800 € sur 1 500 €)"),
        "{text}"
    );
    assert!(text.contains("12 pour, 2 contre, 1 abstention"), "{text}");

    let register = write(
        out.path(),
        "reg.pdf",
        &store.decisions_register_pdf(council, None, None).unwrap(),
    );
    let text = text_of(&register);
    assert!(text.contains("Registre des décisions"));
    let first = text.find("Séance plénière de rentrée").unwrap();
    let second = text.find("Séance plénière d'automne").unwrap();
    assert!(first < second, "the register is in date order");
    let only_first = write(
        out.path(),
        "reg1.pdf",
        &store
            .decisions_register_pdf(council, Some(meetings[0].date), Some(meetings[0].date))
            .unwrap(),
    );
    assert!(!text_of(&only_first).contains("Séance plénière d'automne"));
    assert!(store
        .decisions_register_pdf(council, Some(meetings[1].date), Some(meetings[0].date))
        .is_err());
}

#[test]
fn user_text_prints_literally_never_as_markup() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let c = store
        .create_council(council_input("Conseil <b>du</b> Moulin"))
        .unwrap();
    let m = store
        .create_meeting(
            c.id,
            MeetingInput {
                kind: MeetingKind::Pleniere,
                title: "Réunion <script>alert(1)</script>".into(),
                date: "2025-03-14".into(),
                start_time: String::new(),
                end_time: String::new(),
                place: String::new(),
                remote_link: String::new(),
                status: MeetingStatus::Tenue,
                head_count: None,
                head_count_note: String::new(),
            },
        )
        .unwrap();
    let item = store
        .add_agenda_item(
            m.id,
            AgendaItemInput {
                title: "Point « spécial » & œuvre".into(),
                kind: ItemKind::Debat,
                presenter: String::new(),
                planned_minutes: None,
                approves_meeting_id: None,
                deferred_from_item_id: None,
            },
        )
        .unwrap();
    store
        .save_item_notes(
            item.id,
            "Texte <img src=x onerror=alert(1)> et **gras**, puis *italique*.\n\n- un\n- deux",
        )
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let pdf = write(
        out.path(),
        "m.pdf",
        &store.meeting_pdf(m.id, MeetingDocument::Minutes).unwrap(),
    );
    let text = text_of(&pdf);
    for expected in [
        "Réunion <script>alert(1)</script>",
        "Conseil <b>du</b> Moulin",
        "Point « spécial » & œuvre",
        "<img src=x onerror=alert(1)>",
        "et gras, puis italique.",
        "• un",
        "• deux",
    ] {
        assert!(
            text.contains(expected),
            "missing « {expected} » in:\n{text}"
        );
    }
    assert!(
        !text.contains("**"),
        "Markdown marks are interpreted, not printed: {text}"
    );
    assert_eq!(
        store.get_meeting(m.id).unwrap().minutes_status,
        MinutesStatus::Brouillon
    );
}

/// A meeting whose minutes run to about 50 pages: every item and the last words are there.
#[test]
fn a_fifty_page_compte_rendu_keeps_every_word() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let (council, _) = demo_meetings(&mut store);
    let m = quorum_core::demo::add_long_meeting(&mut store, council, 53).unwrap();
    let out = tempfile::tempdir().unwrap();
    let pdf = write(
        out.path(),
        "long.pdf",
        &store.meeting_pdf(m, MeetingDocument::Minutes).unwrap(),
    );
    check_pdf(&pdf);
    let info = tool("pdfinfo", &[&pdf]);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        (50..=70).contains(&pages),
        "expected over fifty pages, got {pages}"
    );
    let text = text_of(&pdf);
    for n in 1..=53 {
        for k in 0..9 {
            assert!(
                text.contains(&format!("(paragraphe {n}.{k})")),
                "paragraph {n}.{k} lost"
            );
        }
        assert!(text.contains(&format!("Décision du point {n}.")));
    }
    assert!(
        text.contains(&format!("Page {pages} / {pages}")),
        "the last footer says Page {pages} / {pages}"
    );
}
