//! Helpers shared by the integration tests: a throw-away data directory and
//! ready-made valid inputs that each test then spoils or varies.

// Each test file uses only some of these helpers.
#![allow(dead_code)]

use chrono::NaiveDate;
use quorum_core::council::{
    Council, CouncilInput, NeighbourhoodInput, ParticipationForm, QuorumRule,
};
use quorum_core::member::{College, Member, MemberInput, MemberStatus, Sex};
use quorum_core::{Error, ErrorCode, Store};
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// A temporary data directory, removed when dropped.
pub struct DataDir {
    dir: tempfile::TempDir,
}

impl DataDir {
    pub fn new() -> Self {
        DataDir {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join(quorum_core::db::DB_FILE_NAME)
    }

    pub fn open(&self) -> Store {
        Store::open_in(self.path()).expect("opening the store")
    }
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub fn neighbourhood(name: &str, code: &str) -> NeighbourhoodInput {
    NeighbourhoodInput {
        id: None,
        qpv_name: name.into(),
        qpv_code: code.into(),
    }
}

pub fn council_input(name: &str) -> CouncilInput {
    CouncilInput {
        name: name.into(),
        commune: "Villeval".into(),
        contrat_de_ville: "Contrat de ville 2024-2030".into(),
        participation_form: ParticipationForm::ConseilCitoyen,
        participation_form_other: String::new(),
        neighbourhoods: vec![
            neighbourhood("Les Tilleuls", "QN09901X"),
            neighbourhood("Bois-Joli", "QN09902Y"),
        ],
        prefectoral_order_number: "2024-PDV-117".into(),
        prefectoral_order_date: "12/06/2024".into(),
        quorum_rule: QuorumRule::default(),
    }
}

pub fn member_input(
    last_name: &str,
    college: College,
    status: MemberStatus,
    sex: Option<Sex>,
) -> MemberInput {
    MemberInput {
        college,
        status,
        first_name: "Camille".into(),
        last_name: last_name.into(),
        sex,
        organisation: if college == College::ActeursLocaux {
            "Association du quartier".into()
        } else {
            String::new()
        },
        roles: vec![],
        entry_date: "2024-06-12".into(),
        exit_date: String::new(),
        phone: "06 12 34 56 78".into(),
        email: "camille@exemple.fr".into(),
        postal_address: String::new(),
        consent_to_be_named: true,
        notes: String::new(),
    }
}

pub fn habitant(last_name: &str, sex: Sex) -> MemberInput {
    member_input(
        last_name,
        College::Habitants,
        MemberStatus::Titulaire,
        Some(sex),
    )
}

pub fn acteur(last_name: &str) -> MemberInput {
    member_input(
        last_name,
        College::ActeursLocaux,
        MemberStatus::Titulaire,
        Some(Sex::F),
    )
}

pub fn new_council(store: &mut Store, name: &str) -> Council {
    store
        .create_council(council_input(name))
        .expect("valid council")
}

pub fn add(store: &mut Store, council: Uuid, input: MemberInput) -> Member {
    store.create_member(council, input).expect("valid member")
}

/// Rows in one table, read straight from SQLite.
pub fn rows(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("counting rows")
}

/// Rows in every data table, to show that a failed action wrote nothing.
pub fn all_rows(store: &Store) -> Vec<(&'static str, i64)> {
    [
        "councils",
        "neighbourhoods",
        "members",
        "member_events",
        "guests",
    ]
    .into_iter()
    .map(|t| (t, rows(store, t)))
    .collect()
}

/// The field names of a validation error, in order; panics on any other error.
pub fn field_names(err: &Error) -> Vec<String> {
    assert_eq!(
        err.code(),
        ErrorCode::Validation,
        "expected a validation error, got: {err}"
    );
    err.payload().fields.into_iter().map(|f| f.field).collect()
}

/// The message attached to `field`; panics when the field has none.
pub fn field_message(err: &Error, field: &str) -> String {
    err.payload()
        .fields
        .into_iter()
        .find(|f| f.field == field)
        .unwrap_or_else(|| panic!("no error on {field}: {:?}", err.payload().fields))
        .message
}
