//! The council's home screen: what needs doing, read from a real SQLite file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use quorum_core::backup::BackupKind;
use quorum_core::calendar::{AvisInput, AvisState, AvisSubject, DelayUnit};
use quorum_core::composition::CompositionWarning;
use quorum_core::meeting::{MeetingInput, MeetingKind, MeetingStatus};
use quorum_core::member::Sex;
use quorum_core::minutes::{ActionInput, ActionStatus, OwnerKind};
use quorum_core::Store;
use uuid::Uuid;

fn meeting(
    store: &mut Store,
    council: Uuid,
    title: &str,
    date: &str,
    status: MeetingStatus,
) -> Uuid {
    store
        .create_meeting(
            council,
            MeetingInput {
                kind: MeetingKind::Pleniere,
                title: title.into(),
                date: date.into(),
                start_time: "18:30".into(),
                end_time: String::new(),
                place: "Maison de quartier".into(),
                remote_link: String::new(),
                status,
                head_count: None,
                head_count_note: String::new(),
            },
        )
        .unwrap()
        .id
}

fn action(
    store: &mut Store,
    council: Uuid,
    text: &str,
    due: &str,
    status: ActionStatus,
    owner: Option<Uuid>,
) -> Uuid {
    store
        .create_action(
            council,
            ActionInput {
                agenda_item_id: None,
                description: text.into(),
                owner_kind: if owner.is_some() {
                    OwnerKind::Member
                } else {
                    OwnerKind::Institution
                },
                owner_member_id: owner,
                owner_guest_id: None,
                owner_text: if owner.is_some() {
                    String::new()
                } else {
                    "Bailleur".into()
                },
                due_date: due.into(),
                due_text: String::new(),
                status,
            },
        )
        .unwrap()
        .id
}

fn avis(
    store: &mut Store,
    council: Uuid,
    title: &str,
    requested_on: &str,
    days: u32,
    given_on: &str,
) {
    store
        .create_avis(
            council,
            AvisInput {
                subject: AvisSubject::Autre,
                title: title.into(),
                requested_by: "Préfecture".into(),
                requested_on: requested_on.into(),
                delay_value: days,
                delay_unit: DelayUnit::Jours,
                given_on: given_on.into(),
                notes: String::new(),
                demarche_id: None,
            },
        )
        .unwrap();
}

#[test]
fn the_home_screen_lists_what_needs_doing_on_the_given_day() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let c = new_council(&mut store, "Conseil des Lilas").id;
    let other = new_council(&mut store, "Conseil voisin").id;
    let fatou = add(&mut store, c, habitant("Diallo", Sex::F)).id;
    add(&mut store, c, habitant("Martin", Sex::M));

    // Held meetings: the two oldest minutes are still to adopt; a cancelled one and
    // another council's meeting stay out of every list.
    meeting(
        &mut store,
        c,
        "Plénière de janvier",
        "2026-01-12",
        MeetingStatus::Tenue,
    );
    meeting(
        &mut store,
        c,
        "Plénière de février",
        "2026-02-09",
        MeetingStatus::Tenue,
    );
    meeting(
        &mut store,
        c,
        "Commission annulée",
        "2026-03-20",
        MeetingStatus::Annulee,
    );
    let next = meeting(
        &mut store,
        c,
        "Plénière d'avril",
        "2026-04-13",
        MeetingStatus::Prevue,
    );
    let later = meeting(
        &mut store,
        c,
        "Plénière de mai",
        "2026-05-11",
        MeetingStatus::Prevue,
    );
    meeting(
        &mut store,
        other,
        "Ailleurs",
        "2026-03-16",
        MeetingStatus::Prevue,
    );

    let late = action(
        &mut store,
        c,
        "Relancer la mairie pour l'éclairage",
        "2026-02-01",
        ActionStatus::AFaire,
        Some(fatou),
    );
    let later_late = action(
        &mut store,
        c,
        "Afficher le compte rendu",
        "2026-03-01",
        ActionStatus::EnCours,
        None,
    );
    action(
        &mut store,
        c,
        "Déjà fait",
        "2026-01-05",
        ActionStatus::Fait,
        None,
    );
    action(
        &mut store,
        c,
        "Abandonnée",
        "2026-01-06",
        ActionStatus::Abandonne,
        None,
    );
    let soon = action(
        &mut store,
        c,
        "Préparer l'atelier",
        "2026-03-30",
        ActionStatus::AFaire,
        None,
    );
    action(
        &mut store,
        c,
        "Bien plus tard",
        "2026-09-30",
        ActionStatus::AFaire,
        None,
    );
    action(&mut store, c, "Sans date", "", ActionStatus::AFaire, None);
    action(
        &mut store,
        other,
        "Action d'un autre conseil",
        "2026-02-01",
        ActionStatus::AFaire,
        None,
    );

    avis(
        &mut store,
        c,
        "Avis sur le projet d'école",
        "2026-03-01",
        30,
        "",
    );
    avis(
        &mut store,
        c,
        "Avis déjà rendu",
        "2026-03-01",
        30,
        "2026-03-05",
    );
    avis(
        &mut store,
        c,
        "Avis oublié il y a longtemps",
        "2025-06-01",
        30,
        "",
    );
    avis(
        &mut store,
        c,
        "Avis manqué la semaine dernière",
        "2026-02-05",
        30,
        "",
    );

    let home = store.council_home(c, d("2026-03-15")).unwrap();
    assert_eq!(home.council_name, "Conseil des Lilas");
    assert_eq!(
        home.next_meetings.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![next, later],
        "soonest first, without the cancelled meeting or the other council's"
    );
    let to_adopt: Vec<_> = home
        .minutes_to_adopt
        .iter()
        .map(|m| m.title.as_str())
        .collect();
    assert_eq!(to_adopt, ["Plénière de janvier", "Plénière de février"]);
    assert_eq!(home.minutes_to_adopt_total, 2);

    assert_eq!(
        home.overdue_actions
            .iter()
            .map(|a| a.action.id)
            .collect::<Vec<_>>(),
        vec![late, later_late]
    );
    assert_eq!(home.overdue_total, 2);
    assert!(
        home.overdue_actions[0].owner.contains("Diallo"),
        "{:?}",
        home.overdue_actions[0].owner
    );
    assert_eq!(home.overdue_actions[0].days_late, 42);
    assert_eq!(home.overdue_actions[1].owner, "Bailleur");
    assert_eq!(
        home.due_soon_actions
            .iter()
            .map(|a| a.action.id)
            .collect::<Vec<_>>(),
        vec![soon]
    );
    assert_eq!(home.due_soon_actions[0].days_late, -15);
    assert_eq!(
        home.open_actions_total, 5,
        "two late, one soon, one later, one undated"
    );

    let avis: Vec<_> = home
        .avis
        .iter()
        .map(|a| (a.request.title.as_str(), a.state))
        .collect();
    assert_eq!(
        avis,
        [
            (
                "Avis manqué la semaine dernière",
                AvisState::ReputeFavorable
            ),
            ("Avis sur le projet d'école", AvisState::EnAttente),
        ],
        "answered and long-past requests stay off the home screen"
    );

    assert!(home
        .composition
        .warnings
        .iter()
        .any(|w| matches!(w, CompositionWarning::TooFew { count: 2, .. })));
    assert_eq!(home.meetings_total, 5);
    assert_eq!(home.latest_backup, None);

    // The command line prints the same summary.
    // French typography: the text has (narrow) no-break spaces where French wants them.
    let text = home.to_text().replace(['\u{a0}', '\u{202f}'], " ");
    for expected in [
        "Prochaines réunions",
        "lundi 13 avril 2026 à 18 h 30 : Plénière d'avril",
        "Comptes rendus à adopter : 2",
        "Actions ouvertes : 5 dont 2 en retard et 1 à échéance dans les 28 jours",
        "Relancer la mairie pour l'éclairage",
        "Avis sur le projet d'école — avant le mardi 31 mars 2026 (16 jours restants)",
        "délai passé : avis réputé favorable",
        "il est recommandé d'en compter au moins 15",
        "Dernière sauvegarde : aucune",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn long_lists_are_cut_but_their_totals_are_whole() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let c = new_council(&mut store, "Conseil").id;
    for n in 0..30 {
        meeting(
            &mut store,
            c,
            &format!("Réunion {n:02}"),
            &format!("2025-{:02}-{:02}", n % 12 + 1, n / 12 + 1),
            MeetingStatus::Tenue,
        );
        action(
            &mut store,
            c,
            &format!("Action {n:02}"),
            &format!("2025-{:02}-10", n % 12 + 1),
            ActionStatus::AFaire,
            None,
        );
    }
    let home = store.council_home(c, d("2026-01-01")).unwrap();
    assert_eq!(home.minutes_to_adopt.len(), 5);
    assert_eq!(home.minutes_to_adopt_total, 30);
    assert_eq!(home.overdue_actions.len(), 8);
    assert_eq!(home.overdue_total, 30);
    assert!(home.next_meetings.is_empty());
}

#[test]
fn the_latest_backup_is_named_without_opening_any_file() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let c = new_council(&mut store, "Conseil").id;
    let made = store.backup_now(BackupKind::Manuelle).unwrap();
    let home = store.council_home(c, today()).unwrap();
    let latest = home.latest_backup.clone().expect("the backup just made");
    assert_eq!(latest.file_name, made.file_name);
    assert_eq!(latest.kind, BackupKind::Manuelle);
    assert!(home.to_text().contains(&format!("({})", made.file_name)));
}

#[test]
fn the_demo_council_has_a_home() {
    let dir = DataDir::new();
    let mut store = dir.open();
    store.load_demo().unwrap();
    let council = store.list_councils(false).unwrap()[0].id;
    let home = store.council_home(council, today()).unwrap();
    assert!(!home.next_meetings.is_empty());
    assert!(home.minutes_to_adopt_total >= 1);
    assert!(
        home.avis.iter().any(|a| a.state == AvisState::Proche),
        "the demo's annual report is due within days"
    );
    assert!(!home.coming_events.is_empty());
    assert!(home.charters_total >= 1);
}

#[test]
fn an_unknown_council_has_no_home() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let err = store.council_home(Uuid::new_v4(), today()).unwrap_err();
    assert_eq!(err.code(), quorum_core::ErrorCode::NotFound);
}

#[test]
fn the_meetings_tab_reads_past_meetings_a_page_at_a_time() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let c = new_council(&mut store, "Conseil").id;
    for n in 1..=28 {
        meeting(
            &mut store,
            c,
            &format!("Passée {n:02}"),
            &format!("2025-02-{n:02}"),
            MeetingStatus::Tenue,
        );
    }
    for n in [20, 10, 15] {
        meeting(
            &mut store,
            c,
            &format!("À venir {n}"),
            &format!("2026-06-{n}"),
            MeetingStatus::Prevue,
        );
    }
    let today = d("2026-01-01");
    let first = store.meeting_page(c, today, 0, 10).unwrap();
    let titles =
        |v: &[quorum_core::meeting::Meeting]| v.iter().map(|m| m.title.clone()).collect::<Vec<_>>();
    assert_eq!(
        titles(&first.coming),
        ["À venir 10", "À venir 15", "À venir 20"]
    );
    assert_eq!(first.past.len(), 10);
    assert_eq!(first.past[0].title, "Passée 28", "most recent first");
    assert_eq!(first.past_total, 28);
    let last = store.meeting_page(c, today, 20, 10).unwrap();
    assert_eq!(
        titles(&last.past),
        (1..=8)
            .rev()
            .map(|n| format!("Passée {n:02}"))
            .collect::<Vec<_>>()
    );
    assert_eq!(last.past_offset, 20);
    // A zero-sized page still shows something; a huge one is capped.
    assert_eq!(store.meeting_page(c, today, 0, 0).unwrap().past.len(), 1);
    assert_eq!(
        store
            .meeting_page(c, today, 0, u32::MAX)
            .unwrap()
            .past
            .len(),
        28
    );
    assert_eq!(
        store
            .meeting_page(Uuid::new_v4(), today, 0, 10)
            .unwrap_err()
            .code(),
        quorum_core::ErrorCode::NotFound
    );
}
