//! Meetings, agenda, attendance and quorum, decisions, actions, and the minutes lifecycle.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use quorum_core::meeting::{
    AgendaItemInput, AttendanceInput, AttendanceState, ItemKind, MeetingInput, MeetingKind,
    MeetingStatus, MinutesStatus,
};
use quorum_core::member::{College, MemberStatus, Sex};
use quorum_core::minutes::{
    ActionInput, ActionStatus, DecisionInput, Outcome, OwnerKind, VoteMode,
};
use quorum_core::{ErrorCode, Store};
use uuid::Uuid;

fn meeting_input(title: &str, date: &str) -> MeetingInput {
    MeetingInput {
        kind: MeetingKind::Pleniere,
        title: title.into(),
        date: date.into(),
        start_time: "18 h 30".into(),
        end_time: "20:30".into(),
        place: "Salle polyvalente".into(),
        remote_link: String::new(),
        status: MeetingStatus::Tenue,
        head_count: None,
        head_count_note: String::new(),
    }
}

fn item(title: &str, kind: ItemKind) -> AgendaItemInput {
    AgendaItemInput {
        title: title.into(),
        kind,
        presenter: String::new(),
        planned_minutes: Some(20),
        approves_meeting_id: None,
        deferred_from_item_id: None,
    }
}

fn decision(text: &str, outcome: Outcome, vote: VoteMode) -> DecisionInput {
    DecisionInput {
        text: text.into(),
        outcome,
        vote,
        votes_for: None,
        votes_against: None,
        abstentions: None,
        amount_requested: String::new(),
        amount_granted: String::new(),
        dissent: String::new(),
    }
}

/// A council with six titulaires (quorum one third: 2) and one suppléant.
fn council_with_members(store: &mut Store) -> (Uuid, Vec<Uuid>) {
    let c = store
        .create_council(council_input("Conseil du Moulin"))
        .unwrap();
    let mut ids = Vec::new();
    for (i, name) in ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]
        .iter()
        .enumerate()
    {
        let sex = if i % 2 == 0 { Sex::F } else { Sex::M };
        let college = if i < 4 {
            College::Habitants
        } else {
            College::ActeursLocaux
        };
        let mut input = member_input(name, college, MemberStatus::Titulaire, Some(sex));
        input.entry_date = "2024-01-01".into();
        ids.push(store.create_member(c.id, input).unwrap().id);
    }
    let mut s = member_input(
        "Golf",
        College::Habitants,
        MemberStatus::Suppleant,
        Some(Sex::M),
    );
    s.entry_date = "2024-01-01".into();
    ids.push(store.create_member(c.id, s).unwrap().id);
    (c.id, ids)
}

fn present(store: &mut Store, meeting: Uuid, member: Uuid) {
    store
        .set_attendance(
            meeting,
            AttendanceInput {
                member_id: member,
                state: AttendanceState::Present,
                proxy_member_id: None,
                note: String::new(),
            },
        )
        .unwrap();
}

#[test]
fn a_meeting_reads_back_with_french_times_parsed() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let (council, _) = council_with_members(&mut store);
    let m = store
        .create_meeting(council, meeting_input("Plénière", "14/03/2025"))
        .unwrap();
    assert_eq!(m.date, d("2025-03-14"));
    assert_eq!(m.start_time.unwrap().format("%H:%M").to_string(), "18:30");
    assert_eq!(m.minutes_status, MinutesStatus::Brouillon);
    assert_eq!(store.list_meetings(council).unwrap(), vec![m]);
}

#[test]
fn meeting_validation_names_the_fields() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let (council, _) = council_with_members(&mut store);
    let mut bad = meeting_input("", "");
    bad.end_time = "17:00".into();
    bad.start_time = "vers 18h".into();
    bad.remote_link = "zoom quelque part".into();
    let err = store.create_meeting(council, bad).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    let fields: Vec<String> = err.payload().fields.into_iter().map(|f| f.field).collect();
    for f in ["date", "start_time", "title", "remote_link"] {
        assert!(fields.contains(&f.to_string()), "{f} missing in {fields:?}");
    }
    assert!(store.list_meetings(council).unwrap().is_empty());
}

#[test]
fn quorum_counts_present_titulaires_against_the_rule() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let (council, ids) = council_with_members(&mut store);
    let m = store
        .create_meeting(council, meeting_input("Plénière", "2025-03-14"))
        .unwrap();
    let q = store.meeting_detail(m.id).unwrap().quorum;
    assert_eq!(
        (q.base_count, q.required, q.present_in_base, q.reached),
        (6, 2, 0, false)
    );
    // A suppléant present does not count toward a quorum of titulaires.
    present(&mut store, m.id, ids[6]);
    present(&mut store, m.id, ids[0]);
    let q = store.meeting_detail(m.id).unwrap().quorum;
    assert_eq!((q.present_in_base, q.reached), (1, false));
    // A proxy does not count either: only people in the room.
    store
        .set_attendance(
            m.id,
            AttendanceInput {
                member_id: ids[1],
                state: AttendanceState::Represente,
                proxy_member_id: Some(ids[0]),
                note: String::new(),
            },
        )
        .unwrap();
    assert!(!store.meeting_detail(m.id).unwrap().quorum.reached);
    present(&mut store, m.id, ids[4]);
    let q = store.meeting_detail(m.id).unwrap().quorum;
    assert!(q.reached);
    assert_eq!(
        (
            q.habitants.present,
            q.habitants.represented,
            q.acteurs_locaux.present
        ),
        (2, 1, 1)
    );
    assert_eq!((q.present_women, q.present_men), (2, 1));
}

#[test]
fn a_proxy_must_name_another_member_of_the_council() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let (council, ids) = council_with_members(&mut store);
    let m = store
        .create_meeting(council, meeting_input("Plénière", "2025-03-14"))
        .unwrap();
    for proxy in [None, Some(ids[0]), Some(Uuid::new_v4())] {
        let err = store
            .set_attendance(
                m.id,
                AttendanceInput {
                    member_id: ids[0],
                    state: AttendanceState::Represente,
                    proxy_member_id: proxy,
                    note: String::new(),
                },
            )
            .unwrap_err();
        assert_eq!(
            err.payload().fields[0].field,
            "proxy_member_id",
            "{proxy:?}"
        );
    }
}

#[test]
fn agenda_items_reorder_and_renumber() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let (council, _) = council_with_members(&mut store);
    let m = store
        .create_meeting(council, meeting_input("Plénière", "2025-03-14"))
        .unwrap();
    let a = store
        .add_agenda_item(m.id, item("A", ItemKind::Information))
        .unwrap();
    let b = store
        .add_agenda_item(m.id, item("B", ItemKind::Debat))
        .unwrap();
    let c = store
        .add_agenda_item(m.id, item("C", ItemKind::Decision))
        .unwrap();
    let titles = |store: &mut Store| -> Vec<(String, u32)> {
        store
            .meeting_detail(m.id)
            .unwrap()
            .items
            .into_iter()
            .map(|i| (i.item.title, i.item.position))
            .collect()
    };
    store.move_agenda_item(c.id, 0).unwrap();
    assert_eq!(
        titles(&mut store),
        [("C".into(), 0), ("A".into(), 1), ("B".into(), 2)]
    );
    store.move_agenda_item(c.id, 99).unwrap();
    assert_eq!(
        titles(&mut store),
        [("A".into(), 0), ("B".into(), 1), ("C".into(), 2)]
    );
    store.delete_agenda_item(a.id).unwrap();
    assert_eq!(titles(&mut store), [("B".into(), 0), ("C".into(), 1)]);
    let _ = b;
}

#[test]
fn decisions_are_checked_for_tallies_amounts_and_quorum() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let (council, _) = council_with_members(&mut store);
    let m = store
        .create_meeting(council, meeting_input("Plénière", "2025-03-14"))
        .unwrap();
    let i = store
        .add_agenda_item(m.id, item("Budget", ItemKind::Decision))
        .unwrap();
    let err = store
        .add_decision(i.id, decision("Vote", Outcome::Adopte, VoteMode::Scrutin))
        .unwrap_err();
    assert_eq!(err.payload().fields[0].field, "votes_for");
    let mut partial = decision("Aide", Outcome::AdoptePartiellement, VoteMode::Unanimite);
    partial.amount_requested = "500".into();
    partial.amount_granted = "1 000 €".into();
    assert_eq!(
        store
            .add_decision(i.id, partial.clone())
            .unwrap_err()
            .payload()
            .fields[0]
            .field,
        "amount_granted"
    );
    partial.amount_granted = "250,50".into();
    let d = store.add_decision(i.id, partial).unwrap();
    assert_eq!(
        (d.amount_requested_cents, d.amount_granted_cents),
        (Some(50_000), Some(25_050))
    );
    let err = store
        .add_decision(
            i.id,
            decision("Rien", Outcome::QuorumNonAtteint, VoteMode::Scrutin),
        )
        .unwrap_err();
    assert!(err.payload().fields.iter().any(|f| f.field == "vote"));
}

#[test]
fn minutes_are_adopted_by_a_later_meeting_then_locked_and_corrected_by_a_rectificatif() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let (council, ids) = council_with_members(&mut store);
    let m1 = store
        .create_meeting(council, meeting_input("Plénière de mars", "2025-03-14"))
        .unwrap();
    let i1 = store
        .add_agenda_item(m1.id, item("Jardin partagé", ItemKind::Decision))
        .unwrap();
    store
        .save_item_notes(i1.id, "Le conseil **soutient** le projet.")
        .unwrap();
    assert_eq!(
        store
            .distribute_minutes(m1.id, d("2025-03-20"))
            .unwrap()
            .minutes_status,
        MinutesStatus::Diffuse
    );

    // An approval item can only point at an earlier meeting of the same council.
    let m2 = store
        .create_meeting(council, meeting_input("Plénière d'avril", "2025-04-11"))
        .unwrap();
    let mut approve = item(
        "Approbation du compte rendu du 14 mars",
        ItemKind::ApprobationCr,
    );
    let err = store
        .add_agenda_item(
            m1.id,
            AgendaItemInput {
                approves_meeting_id: Some(m2.id),
                ..approve.clone()
            },
        )
        .unwrap_err();
    assert_eq!(err.payload().fields[0].field, "approves_meeting_id");
    approve.approves_meeting_id = Some(m1.id);
    // What the meeting screen offers to approve: earlier held minutes not yet adopted,
    // never the meeting itself nor a later one.
    let adoptable = |store: &mut Store, at: Uuid| {
        store
            .minutes_adoptable_at(at)
            .unwrap()
            .into_iter()
            .map(|m| m.title)
            .collect::<Vec<_>>()
    };
    assert_eq!(adoptable(&mut store, m2.id), ["Plénière de mars"]);
    assert!(adoptable(&mut store, m1.id).is_empty());
    let ia = store.add_agenda_item(m2.id, approve).unwrap();
    let adoption = store
        .add_decision(
            ia.id,
            decision(
                "Le compte rendu est adopté.",
                Outcome::Adopte,
                VoteMode::Unanimite,
            ),
        )
        .unwrap();

    let adopted = store.get_meeting(m1.id).unwrap();
    assert_eq!(adopted.minutes_status, MinutesStatus::Adopte);
    assert!(
        adoptable(&mut store, m2.id).is_empty(),
        "adopted minutes are not offered again"
    );
    assert_eq!(adopted.adopted_on, Some(d("2025-04-11")));
    assert_eq!(adopted.adopted_by_decision_id, Some(adoption.id));

    // Nothing adopted is editable in place.
    let locked = [
        store.save_item_notes(i1.id, "autre texte").unwrap_err(),
        store
            .add_agenda_item(m1.id, item("Ajout", ItemKind::Information))
            .unwrap_err(),
        store
            .update_meeting(m1.id, meeting_input("Autre titre", "2025-03-14"))
            .unwrap_err(),
        store
            .set_attendance(
                m1.id,
                AttendanceInput {
                    member_id: ids[0],
                    state: AttendanceState::Present,
                    proxy_member_id: None,
                    note: String::new(),
                },
            )
            .unwrap_err(),
        store
            .add_decision(i1.id, decision("x", Outcome::Adopte, VoteMode::Consensus))
            .unwrap_err(),
    ];
    for e in locked {
        assert_eq!(e.code(), ErrorCode::Locked, "{e}");
    }
    assert_eq!(
        store.meeting_detail(m1.id).unwrap().items[0].item.notes,
        "Le conseil **soutient** le projet."
    );
    // The adopting decision cannot silently stop adopting.
    let err = store
        .update_decision(
            adoption.id,
            decision("Rejeté", Outcome::Rejete, VoteMode::Consensus),
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);

    // A rectificatif keeps the adopted text and opens version 2 as a draft.
    assert_eq!(
        store.open_rectification(m1.id, "  ").unwrap_err().code(),
        ErrorCode::Validation
    );
    let reopened = store
        .open_rectification(m1.id, "Erreur sur le montant accordé")
        .unwrap();
    assert_eq!(
        (reopened.minutes_status, reopened.minutes_version),
        (MinutesStatus::Brouillon, 2)
    );
    store
        .save_item_notes(i1.id, "Le conseil soutient le projet (800 €).")
        .unwrap();
    let detail = store.meeting_detail(m1.id).unwrap();
    assert_eq!(detail.versions.len(), 1);
    assert_eq!(detail.versions[0].version, 1);
    assert_eq!(detail.versions[0].reason, "Erreur sur le montant accordé");
    assert!(detail.versions[0]
        .snapshot
        .contains("Le conseil **soutient** le projet."));
    assert_eq!(
        store
            .open_rectification(m1.id, "encore")
            .unwrap_err()
            .code(),
        ErrorCode::Conflict
    );
}

#[test]
fn deferred_items_unadopted_minutes_and_open_actions_are_suggested_for_the_next_agenda() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let (council, ids) = council_with_members(&mut store);
    let m1 = store
        .create_meeting(council, meeting_input("Mars", "2025-03-14"))
        .unwrap();
    let travaux = store
        .add_agenda_item(m1.id, item("Travaux", ItemKind::Avis))
        .unwrap();
    store
        .add_decision(
            travaux.id,
            decision("Reporté", Outcome::Reporte, VoteMode::Consensus),
        )
        .unwrap();
    let action = store
        .create_action(
            council,
            ActionInput {
                agenda_item_id: Some(travaux.id),
                description: "Relancer le bailleur".into(),
                owner_kind: OwnerKind::Member,
                owner_member_id: Some(ids[0]),
                owner_guest_id: None,
                owner_text: String::new(),
                due_date: String::new(),
                due_text: "à la rentrée".into(),
                status: ActionStatus::AFaire,
            },
        )
        .unwrap();
    let m2 = store
        .create_meeting(council, meeting_input("Avril", "2025-04-11"))
        .unwrap();
    let s = store.agenda_suggestions(m2.id).unwrap();
    assert_eq!(
        s.deferred_items.iter().map(|i| i.id).collect::<Vec<_>>(),
        [travaux.id]
    );
    assert_eq!(
        s.minutes_to_approve
            .iter()
            .map(|m| m.id)
            .collect::<Vec<_>>(),
        [m1.id]
    );
    assert_eq!(
        s.open_actions.iter().map(|a| a.id).collect::<Vec<_>>(),
        [action.id]
    );
    assert_eq!(store.meeting_detail(m2.id).unwrap().open_actions.len(), 1);

    store
        .add_agenda_item(
            m2.id,
            AgendaItemInput {
                deferred_from_item_id: Some(travaux.id),
                ..item("Travaux (reporté)", ItemKind::Avis)
            },
        )
        .unwrap();
    store
        .add_agenda_item(
            m2.id,
            AgendaItemInput {
                approves_meeting_id: Some(m1.id),
                ..item("Approbation", ItemKind::ApprobationCr)
            },
        )
        .unwrap();
    let mut done = ActionInput {
        agenda_item_id: Some(travaux.id),
        description: "Relancer le bailleur".into(),
        owner_kind: OwnerKind::Member,
        owner_member_id: Some(ids[0]),
        owner_guest_id: None,
        owner_text: String::new(),
        due_date: String::new(),
        due_text: "à la rentrée".into(),
        status: ActionStatus::Fait,
    };
    store.update_action(action.id, done.clone()).unwrap();
    let s = store.agenda_suggestions(m2.id).unwrap();
    assert!(
        s.deferred_items.is_empty() && s.minutes_to_approve.is_empty() && s.open_actions.is_empty(),
        "{s:?}"
    );

    done.owner_kind = OwnerKind::Institution;
    assert_eq!(
        store
            .update_action(action.id, done)
            .unwrap_err()
            .payload()
            .fields[0]
            .field,
        "owner_text"
    );
}

#[test]
fn the_demo_has_an_adopted_a_draft_and_a_coming_meeting() {
    let dir = DataDir::new();
    let mut store = dir.open();
    store.load_demo().unwrap();
    let council = store.list_councils(false).unwrap()[0].id;
    let meetings = store.list_meetings(council).unwrap();
    assert_eq!(meetings.len(), 3);
    let today = today();
    let coming: Vec<_> = meetings.iter().filter(|m| m.date > today).collect();
    assert_eq!(coming.len(), 1);
    assert_eq!(coming[0].status, MeetingStatus::Prevue);
    let adopted: Vec<_> = meetings
        .iter()
        .filter(|m| m.minutes_status == MinutesStatus::Adopte)
        .collect();
    assert_eq!(adopted.len(), 1);
    let adopter = adopted[0].adopted_by_decision_id.unwrap();
    let draft = meetings
        .iter()
        .find(|m| m.date < today && m.minutes_status == MinutesStatus::Brouillon)
        .unwrap();
    let detail = store.meeting_detail(draft.id).unwrap();
    assert!(detail
        .items
        .iter()
        .flat_map(|i| &i.decisions)
        .any(|d| d.id == adopter));
    assert!(detail.quorum.reached);
    assert!(detail
        .items
        .iter()
        .flat_map(|i| &i.decisions)
        .any(|d| !d.dissent.is_empty()));
    let all = store.list_council_actions(council).unwrap();
    assert_eq!(all.iter().filter(|a| a.status.is_open()).count(), 2);
    // Loading it again adds nothing, meetings included.
    assert_eq!(store.load_demo().unwrap().total().added, 0);
}
