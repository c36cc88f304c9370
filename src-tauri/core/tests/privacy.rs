//! Personal data: access (JSON and PDF), clearing contact details, anonymising a
//! former member without breaking past minutes, and the reminder about old contacts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use quorum_core::meeting::MinutesStatus;
use quorum_core::meeting_docs::MeetingDocument;
use quorum_core::member::{MemberInput, Sex};
use quorum_core::privacy::ANONYMISED_NAME;
use quorum_core::ErrorCode;

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (make setup installs poppler-utils)");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_member_gets_everything_held_about_them_as_json_and_pdf() {
    let dir = DataDir::new();
    let mut store = dir.open();
    store.load_demo().unwrap();
    let council = store.list_councils(true).unwrap()[0].id;
    let fatou = store
        .list_members(council)
        .unwrap()
        .into_iter()
        .find(|m| m.last_name == "Diallo")
        .unwrap();
    let data = store.member_data(fatou.id).unwrap();
    assert_eq!(data.member.id, fatou.id);
    assert!(data.attendance.len() >= 2, "the demo meetings list her");
    assert!(!data.signatures.is_empty(), "she signed the demo charter");
    let json: serde_json::Value =
        serde_json::from_str(&store.member_data_json(fatou.id).unwrap()).unwrap();
    assert_eq!(json["member"]["email"], "fatou.diallo@exemple.fr");
    assert!(json["attendance"].as_array().unwrap().len() >= 2);
    let text = pdf_text(&store.member_data_pdf(fatou.id).unwrap());
    assert!(
        text.contains("Vos données dans Quorum : Fatou Diallo"),
        "{text}"
    );
    assert!(text.contains("fatou.diallo@exemple.fr"));
    assert!(text.contains("Présences aux réunions"));
    assert!(text.contains("Séance plénière de rentrée"));
    assert!(text.contains("Signatures de la charte"));
}

#[test]
fn a_former_member_is_anonymised_and_past_minutes_still_add_up() {
    let dir = DataDir::new();
    let mut store = dir.open();
    store.load_demo().unwrap();
    let council = store.list_councils(true).unwrap()[0].id;
    let meetings = store.list_meetings(council).unwrap();
    let adopted = meetings
        .iter()
        .find(|m| m.minutes_status == MinutesStatus::Adopte)
        .unwrap()
        .id;
    let before = store.meeting_detail(adopted).unwrap();
    let member = store
        .list_members(council)
        .unwrap()
        .into_iter()
        .find(|m| m.last_name == "Traoré")
        .unwrap();
    // Still in office: refused, nothing changed.
    let err = store.anonymise_member(member.id, today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    let mut input: MemberInput =
        member_input("Traoré", member.college, member.status, Some(Sex::M));
    input.first_name = member.first_name.clone();
    input.exit_date = today().format("%Y-%m-%d").to_string();
    input.entry_date = member
        .entry_date
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    store.update_member(member.id, input).unwrap();
    let m = store.anonymise_member(member.id, today()).unwrap();
    assert_eq!(m.display_name(), ANONYMISED_NAME);
    assert!(m.phone.is_empty() && m.email.is_empty() && m.postal_address.is_empty());
    // The adopted minutes keep the same attendance and quorum, under the new name.
    let after = store.meeting_detail(adopted).unwrap();
    assert_eq!(before.attendance.len(), after.attendance.len());
    assert_eq!(before.quorum, after.quorum);
    let text = pdf_text(
        &store
            .meeting_pdf(adopted, MeetingDocument::Minutes)
            .unwrap(),
    );
    assert!(
        !text.contains("Mamadou Traoré") && !text.contains("Traoré"),
        "{text}"
    );
    let history = store.member_history(member.id).unwrap();
    assert!(history.iter().any(|e| e.detail.contains("anonymisation")));
    assert!(history.iter().all(|e| !e.detail.contains("Traoré")));
}

#[test]
fn old_contacts_are_listed_then_cleared() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let c = new_council(&mut store, "Conseil du Val");
    let mut old = habitant("Ancien", Sex::F);
    old.entry_date = "2019-01-10".into();
    old.exit_date = "2021-06-30".into();
    let old = add(&mut store, c.id, old);
    let mut recent = habitant("Récent", Sex::M);
    recent.exit_date = today().format("%Y-%m-%d").to_string();
    add(&mut store, c.id, recent);
    add(&mut store, c.id, habitant("Présent", Sex::F));
    let stale = store.stale_contacts(c.id, today()).unwrap();
    assert_eq!(
        stale.iter().map(|s| s.member_id).collect::<Vec<_>>(),
        [old.id]
    );
    let cleared = store.clear_member_contacts(old.id).unwrap();
    assert!(cleared.phone.is_empty() && cleared.email.is_empty());
    assert_eq!(cleared.last_name, "Ancien", "the name stays");
    assert!(store.stale_contacts(c.id, today()).unwrap().is_empty());
}
