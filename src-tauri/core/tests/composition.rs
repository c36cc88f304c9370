//! The composition panel, computed by `Store::council_overview` for a given day.

// Test code: clippy.toml allows unwrap/expect inside #[test] functions only, and
// these files also have helpers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use quorum_core::composition::{CompositionWarning, RECOMMENDED_MAX, RECOMMENDED_MIN};
use quorum_core::council::{QuorumBase, QuorumRule};
use quorum_core::member::{College, MemberStatus, Sex};
use quorum_core::ErrorCode;
use uuid::Uuid;

fn day() -> chrono::NaiveDate {
    d("2025-03-01")
}

fn parity(warnings: &[CompositionWarning]) -> Option<&CompositionWarning> {
    warnings
        .iter()
        .find(|w| matches!(w, CompositionWarning::ParityImbalance { .. }))
}

#[test]
fn parity_imbalance_among_habitants_is_flagged_until_it_is_corrected() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    for name in ["Diallo", "Benali", "Moreau"] {
        add(&mut store, council.id, habitant(name, Sex::F));
    }
    add(&mut store, council.id, habitant("Traoré", Sex::M));
    // Local actors do not count for parity among habitants.
    add(&mut store, council.id, acteur("Fontaine"));
    add(&mut store, council.id, acteur("Belkacem"));

    let overview = store.council_overview(council.id, day()).unwrap();
    let c = &overview.composition;
    assert_eq!(
        (c.habitants_women, c.habitants_men, c.habitants_sex_unknown),
        (3, 1, 0)
    );
    assert_eq!(
        parity(&c.warnings),
        Some(&CompositionWarning::ParityImbalance { women: 3, men: 1 })
    );

    add(&mut store, council.id, habitant("Haddad", Sex::M));
    let c = store
        .council_overview(council.id, day())
        .unwrap()
        .composition;
    assert_eq!((c.habitants_women, c.habitants_men), (3, 2));
    assert_eq!(
        parity(&c.warnings),
        None,
        "one more of either sex is still parity"
    );
}

#[test]
fn habitants_of_unknown_sex_are_counted_apart() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    add(&mut store, council.id, habitant("Diallo", Sex::F));
    add(
        &mut store,
        council.id,
        member_input(
            "Martin",
            College::Habitants,
            MemberStatus::Complementaire,
            None,
        ),
    );
    let c = store.composition(council.id, day()).unwrap();
    assert_eq!(c.habitants_sex_unknown, 1);
    assert!(c
        .warnings
        .contains(&CompositionWarning::SexUnknown { count: 1 }));
    assert_eq!(parity(&c.warnings), None);
}

#[test]
fn an_empty_council_has_only_the_no_members_warning() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    let overview = store.council_overview(council.id, day()).unwrap();
    assert_eq!(overview.council, council);
    assert!(overview.members.is_empty() && overview.guests.is_empty());
    let c = overview.composition;
    assert_eq!(c.date, day());
    assert_eq!(c.total, 0);
    assert_eq!(c.warnings, [CompositionWarning::NoMembers]);
    assert_eq!(c.habitants_share_percent, None);
    assert_eq!((c.quorum_base_count, c.quorum_required), (0, 0));
}

#[test]
fn too_few_members_and_empty_college_are_flagged() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    for (i, sex) in [Sex::F, Sex::M, Sex::F].into_iter().enumerate() {
        add(&mut store, council.id, habitant(&format!("H{i}"), sex));
    }
    let c = store.composition(council.id, day()).unwrap();
    assert_eq!(c.total, 3);
    assert!(c.warnings.contains(&CompositionWarning::TooFew {
        count: 3,
        min: RECOMMENDED_MIN
    }));
    assert!(c.warnings.contains(&CompositionWarning::EmptyCollege {
        college: College::ActeursLocaux
    }));
    assert_eq!(c.habitants_share_percent, Some(100));
}

#[test]
fn fifteen_balanced_members_raise_no_warning_and_fourteen_do() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    // 8 habitants (4 F, 4 M) and 6 local actors: 14.
    for i in 0..8 {
        let sex = if i % 2 == 0 { Sex::F } else { Sex::M };
        add(
            &mut store,
            council.id,
            habitant(&format!("Habitant{i}"), sex),
        );
    }
    for i in 0..6 {
        add(&mut store, council.id, acteur(&format!("Acteur{i}")));
    }
    let c = store.composition(council.id, day()).unwrap();
    assert_eq!(c.total, 14);
    assert_eq!(
        c.warnings,
        [CompositionWarning::TooFew { count: 14, min: 15 }]
    );

    add(&mut store, council.id, acteur("Acteur6"));
    let c = store.composition(council.id, day()).unwrap();
    assert_eq!(c.total, 15);
    assert_eq!(c.warnings, [], "15 members, habitants 8/15, parity 4/4");
    assert_eq!(c.habitants_share_percent, Some(53));
}

#[test]
fn more_than_fifty_members_is_flagged() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    for i in 0..26 {
        let sex = if i % 2 == 0 { Sex::F } else { Sex::M };
        add(&mut store, council.id, habitant(&format!("H{i:02}"), sex));
    }
    for i in 0..25 {
        add(&mut store, council.id, acteur(&format!("A{i:02}")));
    }
    let c = store.composition(council.id, day()).unwrap();
    assert_eq!(
        c.warnings,
        [CompositionWarning::TooMany {
            count: 51,
            max: RECOMMENDED_MAX
        }]
    );
}

#[test]
fn habitants_in_minority_are_flagged() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    add(&mut store, council.id, habitant("Diallo", Sex::F));
    add(&mut store, council.id, habitant("Traoré", Sex::M));
    for name in ["A", "B", "C"] {
        add(&mut store, council.id, acteur(name));
    }
    let c = store.composition(council.id, day()).unwrap();
    assert!(
        c.warnings.contains(&CompositionWarning::HabitantsMinority {
            habitants: 2,
            total: 5
        }),
        "{:?}",
        c.warnings
    );
    assert_eq!(c.habitants_share_percent, Some(40));

    // Exactly half is enough.
    add(&mut store, council.id, habitant("Moreau", Sex::F));
    let c = store.composition(council.id, day()).unwrap();
    assert!(
        !c.warnings
            .iter()
            .any(|w| matches!(w, CompositionWarning::HabitantsMinority { .. })),
        "{:?}",
        c.warnings
    );
}

#[test]
fn counts_by_college_and_status() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    let mk = |college, status| member_input("X", college, status, Some(Sex::F));
    for (college, status) in [
        (College::Habitants, MemberStatus::Titulaire),
        (College::Habitants, MemberStatus::Titulaire),
        (College::Habitants, MemberStatus::Suppleant),
        (College::Habitants, MemberStatus::Complementaire),
        (College::ActeursLocaux, MemberStatus::Titulaire),
        (College::ActeursLocaux, MemberStatus::Suppleant),
    ] {
        add(&mut store, council.id, mk(college, status));
    }
    let c = store.composition(council.id, day()).unwrap();
    let hab = &c.by_college[0];
    let act = &c.by_college[1];
    assert_eq!(hab.college, College::Habitants);
    assert_eq!(
        (
            hab.counts.titulaires,
            hab.counts.suppleants,
            hab.counts.complementaires,
            hab.counts.total
        ),
        (2, 1, 1, 4)
    );
    assert_eq!(act.college, College::ActeursLocaux);
    assert_eq!(
        (
            act.counts.titulaires,
            act.counts.suppleants,
            act.counts.complementaires,
            act.counts.total
        ),
        (1, 1, 0, 2)
    );
    assert_eq!(c.total, 6);
}

#[test]
fn the_default_quorum_is_one_third_of_titulaires_rounded_up() {
    assert_eq!(
        QuorumRule::default(),
        QuorumRule::Fraction {
            numerator: 1,
            denominator: 3,
            base: QuorumBase::Titulaires
        }
    );
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    for i in 0..7 {
        let sex = if i % 2 == 0 { Sex::F } else { Sex::M };
        add(&mut store, council.id, habitant(&format!("T{i}"), sex));
    }
    // Suppléants are not in the default base.
    for i in 0..2 {
        add(
            &mut store,
            council.id,
            member_input(
                &format!("S{i}"),
                College::Habitants,
                MemberStatus::Suppleant,
                Some(Sex::F),
            ),
        );
    }
    let c = store.composition(council.id, day()).unwrap();
    assert_eq!(c.quorum_base_count, 7);
    assert_eq!(c.quorum_required, 3, "7 / 3 = 2.33, rounded up");

    for i in 7..9 {
        add(&mut store, council.id, habitant(&format!("T{i}"), Sex::M));
    }
    let c = store.composition(council.id, day()).unwrap();
    assert_eq!(
        (c.quorum_base_count, c.quorum_required),
        (9, 3),
        "exactly a third"
    );
}

#[test]
fn other_quorum_rules_use_their_own_base() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let mut input = council_input("Conseil");
    input.quorum_rule = QuorumRule::Majorite {
        base: QuorumBase::Membres,
    };
    let council = store.create_council(input.clone()).unwrap();
    for i in 0..4 {
        add(&mut store, council.id, habitant(&format!("T{i}"), Sex::F));
    }
    for i in 0..3 {
        add(
            &mut store,
            council.id,
            member_input(
                &format!("S{i}"),
                College::Habitants,
                MemberStatus::Suppleant,
                Some(Sex::M),
            ),
        );
    }
    let c = store.composition(council.id, day()).unwrap();
    assert_eq!(
        (c.quorum_base_count, c.quorum_required),
        (7, 4),
        "majority of 7 members"
    );

    input.quorum_rule = QuorumRule::Nombre { count: 5 };
    store.update_council(council.id, input.clone()).unwrap();
    assert_eq!(
        store
            .composition(council.id, day())
            .unwrap()
            .quorum_required,
        5
    );

    input.quorum_rule = QuorumRule::Aucun;
    store.update_council(council.id, input).unwrap();
    assert_eq!(
        store
            .composition(council.id, day())
            .unwrap()
            .quorum_required,
        0
    );
}

#[test]
fn members_not_in_office_on_the_day_are_not_counted() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    let dated = |name: &str, sex, entry: &str, exit: &str| {
        let mut m = habitant(name, sex);
        m.entry_date = entry.into();
        m.exit_date = exit.into();
        m
    };
    add(
        &mut store,
        council.id,
        dated("Present1", Sex::F, "2024-01-01", ""),
    );
    add(
        &mut store,
        council.id,
        dated("Present2", Sex::M, "2024-01-01", "2025-03-02"),
    );
    add(
        &mut store,
        council.id,
        dated("PartiAvant", Sex::F, "2024-01-01", "2025-02-28"),
    );
    add(
        &mut store,
        council.id,
        dated("PartiLeJour", Sex::F, "2024-01-01", "2025-03-01"),
    );
    add(
        &mut store,
        council.id,
        dated("PasEncore", Sex::F, "2025-03-02", ""),
    );

    let overview = store.council_overview(council.id, day()).unwrap();
    assert_eq!(overview.members.len(), 5, "everyone is listed");
    let c = overview.composition;
    assert_eq!(c.total, 2);
    assert_eq!((c.habitants_women, c.habitants_men), (1, 1));
    assert_eq!(c.quorum_base_count, 2);
    assert_eq!(c.quorum_required, 1);
    assert_eq!(
        parity(&c.warnings),
        None,
        "those who left do not unbalance parity"
    );

    // A year earlier, before anyone left: 4 women (PasEncore not yet), 1 man.
    let earlier = store.composition(council.id, d("2024-06-01")).unwrap();
    assert_eq!(earlier.total, 4);
    assert_eq!(
        parity(&earlier.warnings),
        Some(&CompositionWarning::ParityImbalance { women: 3, men: 1 })
    );
}

#[test]
fn an_unknown_council_has_no_overview() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let err = store.council_overview(Uuid::new_v4(), day()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn the_demo_council_composition() {
    let dir = DataDir::new();
    let mut store = dir.open();
    store.load_demo().unwrap();
    let id = store.list_councils(false).unwrap()[0].id;
    let c = store.composition(id, d("2025-01-15")).unwrap();
    // 25 people, Monique Barbier left on 2024-09-30.
    assert_eq!(c.total, 24);
    assert_eq!(c.habitants_sex_unknown, 1);
    assert_eq!(c.warnings, [CompositionWarning::SexUnknown { count: 1 }]);
    // Before she left she was counted.
    assert_eq!(store.composition(id, d("2024-09-29")).unwrap().total, 25);
}
