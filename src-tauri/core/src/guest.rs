//! Guests: the people a council invites but who cannot be members (élus, délégué du
//! préfet, agents of the politique de la ville, bailleurs…). A separate contact list.

use crate::council;
use crate::db::{now, Store};
use crate::error::{Error, Result, Validator};
use crate::sql;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GuestCategory {
    Elu,
    DeleguePrefet,
    AgentPolitiqueVille,
    Bailleur,
    Institution,
    Association,
    Autre,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Guest {
    pub id: Uuid,
    pub council_id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub category: GuestCategory,
    pub organisation: String,
    /// Their function in the organisation (« adjointe au maire », « chef de projet »…).
    pub function: String,
    pub phone: String,
    pub email: String,
    pub notes: String,
    pub archived_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Guest {
    pub fn check(&self, v: &mut Validator) {
        v.max_len("first_name", &self.first_name, 100);
        v.required("last_name", &self.last_name, 100);
        v.max_len("organisation", &self.organisation, 200);
        v.max_len("function", &self.function, 200);
        v.phone("phone", &self.phone);
        v.email("email", &self.email);
        v.max_len("notes", &self.notes, 10_000);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GuestInput {
    pub first_name: String,
    pub last_name: String,
    pub category: GuestCategory,
    pub organisation: String,
    pub function: String,
    pub phone: String,
    pub email: String,
    pub notes: String,
}

impl GuestInput {
    fn into_guest(self, council_id: Uuid, existing: Option<&Guest>) -> Result<Guest> {
        let t = now();
        let g = Guest {
            id: existing.map(|g| g.id).unwrap_or_else(Uuid::new_v4),
            council_id,
            first_name: self.first_name.trim().to_string(),
            last_name: self.last_name.trim().to_string(),
            category: self.category,
            organisation: self.organisation.trim().to_string(),
            function: self.function.trim().to_string(),
            phone: self.phone.trim().to_string(),
            email: self.email.trim().to_string(),
            notes: self.notes,
            archived_at: existing.and_then(|g| g.archived_at),
            created_at: existing.map(|g| g.created_at).unwrap_or(t),
            updated_at: t,
        };
        let mut v = Validator::new();
        g.check(&mut v);
        v.finish()?;
        Ok(g)
    }
}

const GUEST_COLUMNS: &str = "id, council_id, first_name, last_name, category, organisation, \
    function, phone, email, notes, archived_at, created_at, updated_at";

fn guest_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Guest> {
    Ok(Guest {
        id: sql::uuid(r, 0)?,
        council_id: sql::uuid(r, 1)?,
        first_name: r.get(2)?,
        last_name: r.get(3)?,
        category: sql::enum_col(r, 4)?,
        organisation: r.get(5)?,
        function: r.get(6)?,
        phone: r.get(7)?,
        email: r.get(8)?,
        notes: r.get(9)?,
        archived_at: sql::opt_ts(r, 10)?,
        created_at: sql::ts(r, 11)?,
        updated_at: sql::ts(r, 12)?,
    })
}

pub(crate) fn find(tx: &rusqlite::Connection, id: Uuid) -> Result<Option<Guest>> {
    Ok(tx
        .query_row(
            &format!("SELECT {GUEST_COLUMNS} FROM guests WHERE id = ?1"),
            [id.to_string()],
            guest_from_row,
        )
        .optional()?)
}

pub(crate) fn list(tx: &rusqlite::Connection, council_id: Uuid) -> Result<Vec<Guest>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {GUEST_COLUMNS} FROM guests WHERE council_id = ?1
         ORDER BY archived_at IS NOT NULL, last_name COLLATE NOCASE, first_name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([council_id.to_string()], guest_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn save(tx: &Transaction<'_>, g: &Guest) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO guests ({GUEST_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT(id) DO UPDATE SET first_name = excluded.first_name,
               last_name = excluded.last_name, category = excluded.category,
               organisation = excluded.organisation, function = excluded.function,
               phone = excluded.phone, email = excluded.email, notes = excluded.notes,
               archived_at = excluded.archived_at, updated_at = excluded.updated_at"
        ),
        params![
            g.id.to_string(),
            g.council_id.to_string(),
            g.first_name,
            g.last_name,
            sql::enum_text(&g.category),
            g.organisation,
            g.function,
            g.phone,
            g.email,
            g.notes,
            sql::opt_ts_text(&g.archived_at),
            sql::ts_text(&g.created_at),
            sql::ts_text(&g.updated_at),
        ],
    )?;
    Ok(())
}

impl Store {
    pub fn list_guests(&mut self, council_id: Uuid) -> Result<Vec<Guest>> {
        self.read(|tx| {
            council::ensure_exists(tx, council_id)?;
            list(tx, council_id)
        })
    }

    pub fn create_guest(&mut self, council_id: Uuid, input: GuestInput) -> Result<Guest> {
        self.write(|tx| {
            council::ensure_exists(tx, council_id)?;
            let g = input.into_guest(council_id, None)?;
            save(tx, &g)?;
            Ok(g)
        })
    }

    pub fn update_guest(&mut self, id: Uuid, input: GuestInput) -> Result<Guest> {
        self.write(|tx| {
            let before = find(tx, id)?.ok_or(Error::not_found("Cet invité"))?;
            let g = input.into_guest(before.council_id, Some(&before))?;
            save(tx, &g)?;
            Ok(g)
        })
    }

    /// Guests are archived rather than deleted: later meetings will name them.
    pub fn set_guest_archived(&mut self, id: Uuid, archived: bool) -> Result<Guest> {
        self.write(|tx| {
            let mut g = find(tx, id)?.ok_or(Error::not_found("Cet invité"))?;
            let t = now();
            g.archived_at = if archived {
                Some(g.archived_at.unwrap_or(t))
            } else {
                None
            };
            g.updated_at = t;
            save(tx, &g)?;
            Ok(g)
        })
    }
}
