//! Opening the data directory, councils and members, through the public API of the core.

// Test code: clippy.toml allows unwrap/expect inside #[test] functions only, and
// these files also have helpers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use quorum_core::council::{NeighbourhoodInput, ParticipationForm, QuorumRule};
use quorum_core::db::{latest_version, DB_FILE_NAME, MIGRATION_BACKUP_DIR};
use quorum_core::guest::{GuestCategory, GuestInput};
use quorum_core::member::{College, MemberEventKind, MemberRole, MemberStatus, Sex};
use quorum_core::{Error, ErrorCode, Store};
use uuid::Uuid;

// ---------------------------------------------------------------- opening

#[test]
fn a_fresh_data_dir_gets_a_wal_database_at_the_latest_schema() {
    let dir = DataDir::new();
    let store = dir.open();
    assert!(dir.db_path().is_file(), "{} must exist", DB_FILE_NAME);
    assert_eq!(store.path(), dir.db_path());

    let mode: String = store
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = store
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    assert_eq!(store.schema_version().unwrap(), latest_version());
    assert!(latest_version() >= 1);

    let versions: Vec<i64> = store
        .conn()
        .prepare("SELECT version FROM schema_migrations ORDER BY version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(versions, (1..=latest_version()).collect::<Vec<_>>());
    assert!(
        !dir.path().join(MIGRATION_BACKUP_DIR).exists(),
        "a new file needs no copy before migrating"
    );
}

#[test]
fn reopening_does_not_run_migrations_again() {
    let dir = DataDir::new();
    let applied = |store: &Store| -> Vec<(i64, String, String)> {
        store
            .conn()
            .prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let first = {
        let mut store = dir.open();
        new_council(&mut store, "Conseil citoyen du Centre");
        applied(&store)
    };
    std::thread::sleep(std::time::Duration::from_millis(5));
    let mut store = dir.open();
    assert_eq!(applied(&store), first, "same rows, same applied_at");
    assert_eq!(store.schema_version().unwrap(), latest_version());
    assert_eq!(store.list_councils(true).unwrap().len(), 1, "data kept");
    assert!(
        !dir.path().join(MIGRATION_BACKUP_DIR).exists(),
        "nothing to migrate, nothing copied"
    );
}

#[test]
fn a_database_from_a_newer_quorum_is_refused_and_left_untouched() {
    let dir = DataDir::new();
    let newer = latest_version() + 7;
    {
        // Written by a plain SQLite connection (rollback journal, as another tool would).
        let conn = rusqlite::Connection::open(dir.db_path()).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE future_things (id TEXT PRIMARY KEY);
             INSERT INTO future_things VALUES ('a');
             PRAGMA user_version = {newer};"
        ))
        .unwrap();
    }
    let before = std::fs::read(dir.db_path()).unwrap();

    let err = Store::open_in(dir.path())
        .err()
        .expect("a newer schema must be refused");
    assert_eq!(err.code(), ErrorCode::NewerSchema);
    match &err {
        Error::NewerSchema { found, supported } => {
            assert_eq!((*found, *supported), (newer, latest_version()));
        }
        other => panic!("unexpected error {other:?}"),
    }
    assert!(
        err.to_string().contains("version plus récente de Quorum"),
        "{err}"
    );

    assert!(
        std::fs::read(dir.db_path()).unwrap() == before,
        "the file must not change"
    );
    assert!(!dir.path().join(MIGRATION_BACKUP_DIR).exists());
}

#[test]
fn a_newer_quorum_database_in_wal_mode_is_also_left_untouched() {
    let dir = DataDir::new();
    {
        let store = dir.open();
        store
            .conn()
            .execute_batch(&format!("PRAGMA user_version = {}", latest_version() + 1))
            .unwrap();
    }
    let before = std::fs::read(dir.db_path()).unwrap();
    let err = Store::open_in(dir.path()).err().expect("refused");
    assert_eq!(err.code(), ErrorCode::NewerSchema);
    assert!(
        std::fs::read(dir.db_path()).unwrap() == before,
        "the file must not change"
    );
}

#[test]
fn a_file_that_is_not_sqlite_gives_a_clear_error_and_is_kept() {
    let dir = DataDir::new();
    let text = "Liste des courses :\n- pain\n- lait\n".repeat(200);
    std::fs::write(dir.db_path(), &text).unwrap();

    let err = Store::open_in(dir.path()).err().expect("not a database");
    assert_eq!(err.code(), ErrorCode::DataDir, "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("n'est pas une base Quorum lisible"),
        "{message}"
    );
    assert!(
        message.contains(DB_FILE_NAME),
        "the message names the file: {message}"
    );

    assert_eq!(
        std::fs::read_to_string(dir.db_path()).unwrap(),
        text,
        "not overwritten"
    );
}

#[test]
fn a_short_file_that_is_not_sqlite_is_kept_too() {
    let dir = DataDir::new();
    std::fs::write(dir.db_path(), b"bonjour").unwrap();
    let err = Store::open_in(dir.path()).err().expect("not a database");
    assert_eq!(err.code(), ErrorCode::DataDir, "{err:?}");
    assert_eq!(std::fs::read(dir.db_path()).unwrap(), b"bonjour");
}

#[test]
fn a_data_dir_that_is_a_file_is_refused() {
    let dir = DataDir::new();
    let file = dir.path().join("pas-un-dossier");
    std::fs::write(&file, "x").unwrap();
    let err = Store::open_in(&file)
        .err()
        .expect("a file is not a data dir");
    assert_eq!(err.code(), ErrorCode::DataDir);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn a_missing_data_dir_is_created() {
    let dir = DataDir::new();
    let nested = dir.path().join("clé usb").join("Quorum");
    let store = Store::open_in(&nested).unwrap();
    assert!(nested.join(DB_FILE_NAME).is_file());
    assert_eq!(store.schema_version().unwrap(), latest_version());
}

// ---------------------------------------------------------------- councils

#[test]
fn a_council_reads_back_as_created() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let mut input = council_input("  Conseil citoyen des Tilleuls ");
    input.neighbourhoods[0].qpv_code = " qn09901x ".into();
    input.quorum_rule = QuorumRule::Nombre { count: 5 };
    let created = store.create_council(input).unwrap();

    assert_eq!(created.name, "Conseil citoyen des Tilleuls", "trimmed");
    assert_eq!(created.commune, "Villeval");
    assert_eq!(
        created.participation_form,
        ParticipationForm::ConseilCitoyen
    );
    assert_eq!(
        created.prefectoral_order_date,
        Some(d("2024-06-12")),
        "JJ/MM/AAAA parsed"
    );
    assert_eq!(created.quorum_rule, QuorumRule::Nombre { count: 5 });
    assert_eq!(created.archived_at, None);
    assert_eq!(created.created_at, created.updated_at);
    let hoods: Vec<(&str, &str)> = created
        .neighbourhoods
        .iter()
        .map(|n| (n.qpv_name.as_str(), n.qpv_code.as_str()))
        .collect();
    assert_eq!(
        hoods,
        [("Les Tilleuls", "QN09901X"), ("Bois-Joli", "QN09902Y")]
    );

    assert_eq!(store.get_council(created.id).unwrap(), created);
    // And from another connection, to be sure it is on disk.
    drop(store);
    let mut other = dir.open();
    assert_eq!(other.get_council(created.id).unwrap(), created);
    let list = other.list_councils(false).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, created.id);
    assert_eq!(list[0].neighbourhoods, ["Les Tilleuls", "Bois-Joli"]);
    assert_eq!(list[0].active_members, 0);
    assert!(!list[0].archived);
}

#[test]
fn updating_a_council_keeps_its_identity_and_unchanged_neighbourhoods() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let created = new_council(&mut store, "Conseil citoyen des Tilleuls");
    let [tilleuls, bois_joli] = [&created.neighbourhoods[0], &created.neighbourhoods[1]];
    std::thread::sleep(std::time::Duration::from_millis(3));

    let mut input = council_input("Conseil citoyen Tilleuls – Bois-Joli");
    input.prefectoral_order_date = "2024-07-01".into();
    input.neighbourhoods = vec![
        NeighbourhoodInput {
            id: Some(tilleuls.id),
            qpv_name: "Les Tilleuls".into(),
            qpv_code: "QN09901X".into(),
        },
        NeighbourhoodInput {
            id: Some(bois_joli.id),
            qpv_name: "Bois-Joli Nord".into(),
            qpv_code: "QN09902Y".into(),
        },
        neighbourhood("La Source", ""),
        // A blank line of the form is ignored.
        neighbourhood("  ", ""),
    ];
    let updated = store.update_council(created.id, input).unwrap();

    assert_eq!(updated.id, created.id);
    assert_eq!(updated.created_at, created.created_at);
    assert!(updated.updated_at > created.updated_at);
    assert_eq!(updated.name, "Conseil citoyen Tilleuls – Bois-Joli");
    assert_eq!(updated.prefectoral_order_date, Some(d("2024-07-01")));
    assert_eq!(updated.neighbourhoods.len(), 3);
    assert_eq!(
        &updated.neighbourhoods[0], tilleuls,
        "unchanged row kept as is"
    );
    let renamed = &updated.neighbourhoods[1];
    assert_eq!(renamed.id, bois_joli.id);
    assert_eq!(renamed.created_at, bois_joli.created_at);
    assert_eq!(renamed.qpv_name, "Bois-Joli Nord");
    assert!(renamed.updated_at > bois_joli.updated_at);
    let added = &updated.neighbourhoods[2];
    assert!(added.id != tilleuls.id && added.id != bois_joli.id);
    assert_eq!(added.qpv_name, "La Source");

    assert_eq!(store.get_council(created.id).unwrap(), updated);
    assert_eq!(rows(&store, "neighbourhoods"), 3);
    assert_eq!(rows(&store, "councils"), 1);
}

#[test]
fn removing_a_neighbourhood_deletes_only_that_one() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let created = new_council(&mut store, "Conseil");
    let kept = created.neighbourhoods[1].clone();
    let mut input = council_input("Conseil");
    input.neighbourhoods = vec![NeighbourhoodInput {
        id: Some(kept.id),
        qpv_name: kept.qpv_name.clone(),
        qpv_code: kept.qpv_code.clone(),
    }];
    let updated = store.update_council(created.id, input).unwrap();
    assert_eq!(updated.neighbourhoods, vec![kept]);
    assert_eq!(rows(&store, "neighbourhoods"), 1);
}

#[test]
fn council_validation_names_each_field_in_french_and_writes_nothing() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let mut input = council_input("");
    input.commune = "   ".into();
    input.neighbourhoods = vec![neighbourhood("", "QP093010"), neighbourhood("Ok", "QP-09")];
    input.prefectoral_order_date = "31/02/2024".into();
    input.quorum_rule = QuorumRule::Fraction {
        numerator: 4,
        denominator: 3,
        base: quorum_core::council::QuorumBase::Titulaires,
    };

    let err = store.create_council(input).unwrap_err();
    let mut fields = field_names(&err);
    fields.sort();
    assert_eq!(
        fields,
        [
            "commune",
            "name",
            "neighbourhoods.0.qpv_name",
            "neighbourhoods.1.qpv_code",
            "prefectoral_order_date",
            "quorum_rule",
        ]
    );
    assert_eq!(field_message(&err, "name"), "Ce champ est obligatoire.");
    assert_eq!(field_message(&err, "commune"), "Ce champ est obligatoire.");
    assert_eq!(
        field_message(&err, "neighbourhoods.0.qpv_name"),
        "Ce champ est obligatoire."
    );
    assert_eq!(
        field_message(&err, "prefectoral_order_date"),
        "Date non reconnue : écrivez-la sous la forme JJ/MM/AAAA."
    );
    assert_eq!(err.to_string(), "Certaines informations sont à corriger.");
    assert!(
        err.to_text()
            .contains("\n  – name : Ce champ est obligatoire."),
        "{}",
        err.to_text()
    );

    assert!(store.list_councils(true).unwrap().is_empty());
    assert_eq!(all_rows(&store).iter().map(|r| r.1).sum::<i64>(), 0);
}

#[test]
fn council_dates_that_are_not_dates_are_refused() {
    let dir = DataDir::new();
    let mut store = dir.open();
    for (typed, message) in [
        (
            "31/02/2024",
            "Date non reconnue : écrivez-la sous la forme JJ/MM/AAAA.",
        ),
        (
            "hier",
            "Date non reconnue : écrivez-la sous la forme JJ/MM/AAAA.",
        ),
        (
            "2024-13-01",
            "Date non reconnue : écrivez-la sous la forme JJ/MM/AAAA.",
        ),
        (
            "01/01/1850",
            "Cette date est hors des limites (entre 1900 et 2200).",
        ),
    ] {
        let mut input = council_input("Conseil");
        input.prefectoral_order_date = typed.into();
        let err = store.create_council(input).unwrap_err();
        assert_eq!(
            field_names(&err),
            ["prefectoral_order_date"],
            "for {typed:?}"
        );
        assert_eq!(
            field_message(&err, "prefectoral_order_date"),
            message,
            "for {typed:?}"
        );
    }
    assert_eq!(rows(&store, "councils"), 0);

    let mut input = council_input("Conseil");
    input.prefectoral_order_date = "  ".into();
    assert_eq!(
        store.create_council(input).unwrap().prefectoral_order_date,
        None,
        "blank is no date"
    );
}

#[test]
fn the_other_form_needs_its_name() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let mut input = council_input("Conseil");
    input.participation_form = ParticipationForm::Autre;
    let err = store.create_council(input.clone()).unwrap_err();
    assert_eq!(field_names(&err), ["participation_form_other"]);

    input.participation_form_other = "Assemblée de quartier".into();
    let c = store.create_council(input.clone()).unwrap();
    assert_eq!(c.participation_form_other, "Assemblée de quartier");

    // The name of « autre » is dropped when another form is chosen.
    input.participation_form = ParticipationForm::TableDeQuartier;
    let c = store.update_council(c.id, input).unwrap();
    assert_eq!(c.participation_form_other, "");
}

#[test]
fn a_rejected_update_leaves_the_council_as_it_was() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let created = new_council(&mut store, "Conseil citoyen des Tilleuls");
    let mut input = council_input("Nouveau nom");
    input.prefectoral_order_date = "hier".into();
    let err = store.update_council(created.id, input).unwrap_err();
    assert_eq!(field_names(&err), ["prefectoral_order_date"]);
    assert_eq!(store.get_council(created.id).unwrap(), created);
    assert_eq!(rows(&store, "neighbourhoods"), 2);
}

#[test]
fn an_unknown_council_is_not_found() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let id = Uuid::new_v4();
    assert_eq!(
        store.get_council(id).unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        store
            .update_council(id, council_input("X"))
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        store.set_council_archived(id, true).unwrap_err().code(),
        ErrorCode::NotFound
    );
    let err = store
        .create_member(id, habitant("Diallo", Sex::F))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert!(
        err.to_string().starts_with("Ce conseil est introuvable"),
        "{err}"
    );
    assert_eq!(rows(&store, "members"), 0);
}

#[test]
fn archiving_hides_a_council_until_it_is_unarchived() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let a = new_council(&mut store, "Alpha");
    new_council(&mut store, "Bêta");
    let names = |store: &mut Store, all: bool| -> Vec<(String, bool)> {
        store
            .list_councils(all)
            .unwrap()
            .into_iter()
            .map(|c| (c.name, c.archived))
            .collect()
    };
    assert_eq!(
        names(&mut store, false),
        [("Alpha".into(), false), ("Bêta".into(), false)]
    );

    let archived = store.set_council_archived(a.id, true).unwrap();
    let archived_at = archived.archived_at.expect("archived_at set");
    assert_eq!(archived.updated_at, archived_at);
    assert!(archived.updated_at >= a.updated_at);
    assert_eq!(names(&mut store, false), [("Bêta".to_string(), false)]);
    assert_eq!(
        names(&mut store, true),
        [("Bêta".into(), false), ("Alpha".into(), true)],
        "archived councils come last"
    );
    // Archiving again keeps the first date.
    let again = store.set_council_archived(a.id, true).unwrap();
    assert_eq!(again.archived_at, Some(archived_at));
    // Editing an archived council does not unarchive it.
    let edited = store.update_council(a.id, council_input("Alpha")).unwrap();
    assert_eq!(edited.archived_at, Some(archived_at));

    let back = store.set_council_archived(a.id, false).unwrap();
    assert_eq!(back.archived_at, None);
    assert_eq!(store.get_council(a.id).unwrap().archived_at, None);
    assert_eq!(names(&mut store, false).len(), 2);
}

// ---------------------------------------------------------------- members

#[test]
fn members_are_created_in_both_colleges() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    let mut input = habitant("Diallo", Sex::F);
    input.first_name = " Fatou ".into();
    input.roles = vec![MemberRole::Animateur, MemberRole::Secretaire];
    input.entry_date = "12/06/2024".into();
    let fatou = store.create_member(council.id, input).unwrap();
    let gilles = store
        .create_member(
            council.id,
            member_input(
                "Fontaine",
                College::ActeursLocaux,
                MemberStatus::Suppleant,
                Some(Sex::M),
            ),
        )
        .unwrap();

    assert_eq!(fatou.first_name, "Fatou");
    assert_eq!(fatou.display_name(), "Fatou Diallo");
    assert_eq!(fatou.council_id, council.id);
    assert_eq!(fatou.college, College::Habitants);
    assert_eq!(fatou.entry_date, Some(d("2024-06-12")));
    assert_eq!(fatou.roles, [MemberRole::Animateur, MemberRole::Secretaire]);
    assert_eq!(gilles.college, College::ActeursLocaux);
    assert_eq!(gilles.status, MemberStatus::Suppleant);
    assert_eq!(gilles.organisation, "Association du quartier");

    assert_eq!(store.get_member(fatou.id).unwrap(), fatou);
    let listed = store.list_members(council.id).unwrap();
    assert_eq!(
        listed,
        vec![fatou.clone(), gilles.clone()],
        "sorted by last name"
    );

    let history = store.member_history(gilles.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].kind, MemberEventKind::Entree);
    assert_eq!(history[0].date, d("2024-06-12"));
    assert_eq!(
        history[0].detail,
        "Collège des associations et acteurs locaux, suppléant·e"
    );
}

#[test]
fn repeated_roles_are_kept_once() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    let mut input = habitant("Diallo", Sex::F);
    input.roles = vec![
        MemberRole::Referent,
        MemberRole::Tresorier,
        MemberRole::Referent,
    ];
    let m = store.create_member(council.id, input).unwrap();
    assert_eq!(m.roles, [MemberRole::Referent, MemberRole::Tresorier]);
    assert_eq!(store.get_member(m.id).unwrap().roles, m.roles);
}

#[test]
fn member_history_records_entry_change_exit_and_return() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    let mut input = member_input(
        "Benali",
        College::Habitants,
        MemberStatus::Suppleant,
        Some(Sex::F),
    );
    input.entry_date = "2024-06-12".into();
    let created = store.create_member(council.id, input.clone()).unwrap();
    let kinds = |store: &mut Store| -> Vec<MemberEventKind> {
        let mut h: Vec<_> = store.member_history(created.id).unwrap();
        h.sort_by_key(|e| (e.created_at, e.date));
        h.into_iter().map(|e| e.kind).collect()
    };
    assert_eq!(kinds(&mut store), [MemberEventKind::Entree]);

    // Status change: one « changement » line, dated today.
    std::thread::sleep(std::time::Duration::from_millis(3));
    input.status = MemberStatus::Titulaire;
    let promoted = store.update_member(created.id, input.clone()).unwrap();
    assert_eq!(promoted.id, created.id);
    assert_eq!(promoted.created_at, created.created_at);
    let h = store.member_history(created.id).unwrap();
    let change = h
        .iter()
        .find(|e| e.kind == MemberEventKind::Changement)
        .expect("change recorded");
    assert_eq!(change.detail, "suppléant·e → titulaire");
    assert_eq!(change.date, today());

    // Saving without change adds nothing.
    std::thread::sleep(std::time::Duration::from_millis(3));
    store.update_member(created.id, input.clone()).unwrap();
    assert_eq!(kinds(&mut store).len(), 2);

    // Exit.
    std::thread::sleep(std::time::Duration::from_millis(3));
    input.exit_date = "30/09/2024".into();
    let left = store.update_member(created.id, input.clone()).unwrap();
    assert_eq!(left.exit_date, Some(d("2024-09-30")));
    let h = store.member_history(created.id).unwrap();
    let exit = h
        .iter()
        .find(|e| e.kind == MemberEventKind::Sortie)
        .expect("exit recorded");
    assert_eq!(exit.date, d("2024-09-30"));

    // Return.
    std::thread::sleep(std::time::Duration::from_millis(3));
    input.exit_date = String::new();
    store.update_member(created.id, input).unwrap();
    assert_eq!(
        kinds(&mut store),
        [
            MemberEventKind::Entree,
            MemberEventKind::Changement,
            MemberEventKind::Sortie,
            MemberEventKind::Retour
        ]
    );
    let h = store.member_history(created.id).unwrap();
    assert_eq!(
        h.iter()
            .find(|e| e.kind == MemberEventKind::Retour)
            .unwrap()
            .date,
        today()
    );
    assert!(h.iter().all(|e| e.member_id == created.id));
    assert_eq!(rows(&store, "member_events"), 4);
}

#[test]
fn a_member_created_with_an_exit_date_has_entry_and_exit_lines() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    let mut input = habitant("Barbier", Sex::F);
    input.entry_date = "2023-01-01".into();
    input.exit_date = "2023-12-31".into();
    let m = store.create_member(council.id, input).unwrap();
    let mut h: Vec<_> = store
        .member_history(m.id)
        .unwrap()
        .into_iter()
        .map(|e| (e.date, e.kind))
        .collect();
    h.sort_by_key(|e| e.0);
    assert_eq!(
        h,
        [
            (d("2023-01-01"), MemberEventKind::Entree),
            (d("2023-12-31"), MemberEventKind::Sortie)
        ]
    );
}

#[test]
fn active_members_counts_only_members_in_office_today() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    let other = new_council(&mut store, "Autre conseil");
    let t = today();
    let fmt = |day: chrono::NaiveDate| day.format("%Y-%m-%d").to_string();
    let with_dates = |name: &str, entry: String, exit: String| {
        let mut m = habitant(name, Sex::F);
        m.entry_date = entry;
        m.exit_date = exit;
        m
    };
    let cases = [
        (
            "EnPoste",
            fmt(t - chrono::Days::new(300)),
            String::new(),
            true,
        ),
        ("SansDate", String::new(), String::new(), true),
        ("EntreeAujourdhui", fmt(t), String::new(), true),
        (
            "SortieDemain",
            fmt(t - chrono::Days::new(10)),
            fmt(t + chrono::Days::new(1)),
            true,
        ),
        (
            "SortieAujourdhui",
            fmt(t - chrono::Days::new(10)),
            fmt(t),
            false,
        ),
        (
            "Sorti",
            fmt(t - chrono::Days::new(300)),
            fmt(t - chrono::Days::new(30)),
            false,
        ),
        (
            "PasEncore",
            fmt(t + chrono::Days::new(5)),
            String::new(),
            false,
        ),
    ];
    for (name, entry, exit, _) in &cases {
        add(
            &mut store,
            council.id,
            with_dates(name, entry.clone(), exit.clone()),
        );
    }
    add(&mut store, other.id, habitant("Ailleurs", Sex::M));

    let list = store.list_councils(false).unwrap();
    let count_of = |id: Uuid| list.iter().find(|c| c.id == id).unwrap().active_members;
    let expected = cases.iter().filter(|c| c.3).count() as u32;
    assert_eq!(expected, 4);
    assert_eq!(count_of(council.id), expected);
    assert_eq!(count_of(other.id), 1);
    // Members who left are still listed: past records name them.
    assert_eq!(store.list_members(council.id).unwrap().len(), cases.len());
    // The same rule as the composition panel.
    assert_eq!(store.composition(council.id, t).unwrap().total, expected);
}

#[test]
fn member_validation_names_each_field_and_writes_nothing() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");

    let mut input = habitant("  ", Sex::F);
    input.email = "camille.exemple.fr".into();
    input.phone = "appelez-moi".into();
    input.entry_date = "2024-06-12".into();
    input.exit_date = "2024-01-01".into();
    let err = store.create_member(council.id, input).unwrap_err();
    let mut fields = field_names(&err);
    fields.sort();
    assert_eq!(fields, ["email", "exit_date", "last_name", "phone"]);
    assert_eq!(
        field_message(&err, "last_name"),
        "Ce champ est obligatoire."
    );
    assert_eq!(
        field_message(&err, "email"),
        "Adresse e-mail non reconnue (exemple : prenom.nom@exemple.fr)."
    );
    assert_eq!(
        field_message(&err, "phone"),
        "Numéro de téléphone non reconnu (exemple : 06 12 34 56 78)."
    );
    assert_eq!(
        field_message(&err, "exit_date"),
        "La date de sortie précède la date d'entrée."
    );
    assert_eq!(rows(&store, "members"), 0);
    assert_eq!(rows(&store, "member_events"), 0);

    for (email, ok) in [
        ("a@b.fr", true),
        ("prenom.nom+cc@mairie.exemple.fr", true),
        ("a@b", false),
        ("a@@b.fr", false),
        ("@b.fr", false),
        ("a b@c.fr", false),
        ("a@b.fr;c@d.fr", false),
        ("a@.fr", false),
    ] {
        let mut input = habitant("Diallo", Sex::F);
        input.email = email.into();
        let result = store.create_member(council.id, input);
        match (ok, result) {
            (true, Ok(m)) => assert_eq!(m.email, email),
            (false, Err(e)) => assert_eq!(field_names(&e), ["email"], "{email}"),
            (ok, r) => panic!("{email}: expected ok={ok}, got {r:?}"),
        }
    }
    for (phone, ok) in [
        ("+33 6 12 34 56 78", true),
        ("01.48.12.34.56", true),
        ("(0)1-48-12-34-56", true),
        ("12345", false),
        ("06 12 34 56 78 ext 3", false),
        ("0612345678901234", false),
    ] {
        let mut input = habitant("Diallo", Sex::F);
        input.phone = phone.into();
        let result = store.create_member(council.id, input);
        match (ok, result) {
            (true, Ok(m)) => assert_eq!(m.phone, phone),
            (false, Err(e)) => assert_eq!(field_names(&e), ["phone"], "{phone}"),
            (ok, r) => panic!("{phone}: expected ok={ok}, got {r:?}"),
        }
    }
}

#[test]
fn a_rejected_member_update_changes_nothing() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    let m = add(&mut store, council.id, habitant("Diallo", Sex::F));
    let mut input = habitant("Diallo", Sex::F);
    input.status = MemberStatus::Suppleant;
    input.entry_date = "hier".into();
    let err = store.update_member(m.id, input).unwrap_err();
    assert_eq!(field_names(&err), ["entry_date"]);
    assert_eq!(store.get_member(m.id).unwrap(), m);
    assert_eq!(
        rows(&store, "member_events"),
        1,
        "no history line for a refused change"
    );
    assert_eq!(
        store
            .update_member(Uuid::new_v4(), habitant("X", Sex::M))
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}

// ---------------------------------------------------------------- guests

#[test]
fn guests_are_created_validated_and_archived() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil");
    let input = GuestInput {
        first_name: "Isabelle".into(),
        last_name: "Marchand".into(),
        category: GuestCategory::Elu,
        organisation: "Mairie de Villeval".into(),
        function: "Adjointe au maire".into(),
        phone: String::new(),
        email: "i.marchand@villeval.exemple.fr".into(),
        notes: String::new(),
    };
    let g = store.create_guest(council.id, input.clone()).unwrap();
    assert_eq!(store.list_guests(council.id).unwrap(), vec![g.clone()]);

    let err = store
        .create_guest(
            council.id,
            GuestInput {
                last_name: String::new(),
                email: "non".into(),
                ..input.clone()
            },
        )
        .unwrap_err();
    let mut fields = field_names(&err);
    fields.sort();
    assert_eq!(fields, ["email", "last_name"]);
    assert_eq!(rows(&store, "guests"), 1);

    let archived = store.set_guest_archived(g.id, true).unwrap();
    assert!(archived.archived_at.is_some());
    let listed = store.list_guests(council.id).unwrap();
    assert_eq!(
        listed,
        vec![archived.clone()],
        "archived guests stay listed"
    );
    let renamed = store
        .update_guest(
            g.id,
            GuestInput {
                function: "Maire".into(),
                ..input
            },
        )
        .unwrap();
    assert_eq!(renamed.function, "Maire");
    assert_eq!(renamed.archived_at, archived.archived_at);
    assert_eq!(
        store.set_guest_archived(g.id, false).unwrap().archived_at,
        None
    );
    // Guests are not members.
    assert_eq!(store.composition(council.id, today()).unwrap().total, 0);
}
