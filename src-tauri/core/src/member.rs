//! Members of a council, by collège and status, with the history of their membership.
//!
//! A member who leaves is never deleted: their exit date is set, so that past
//! attendance and minutes still name them.

use crate::council;
use crate::db::{now, Store};
use crate::error::{Error, Result, Validator};
use crate::format;
use crate::sql;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum College {
    Habitants,
    ActeursLocaux,
}

impl College {
    pub const ALL: [College; 2] = [College::Habitants, College::ActeursLocaux];

    pub fn label(self) -> &'static str {
        match self {
            College::Habitants => "Collège des habitants",
            College::ActeursLocaux => "Collège des associations et acteurs locaux",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MemberStatus {
    Titulaire,
    Suppleant,
    Complementaire,
}

impl MemberStatus {
    pub fn label(self) -> &'static str {
        match self {
            MemberStatus::Titulaire => "titulaire",
            MemberStatus::Suppleant => "suppléant·e",
            MemberStatus::Complementaire => "membre complémentaire",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Sex {
    F,
    M,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MemberRole {
    Animateur,
    Secretaire,
    Referent,
    Tresorier,
    PorteParole,
    RepresentantCopil,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Member {
    pub id: Uuid,
    pub council_id: Uuid,
    pub college: College,
    pub status: MemberStatus,
    pub first_name: String,
    pub last_name: String,
    /// Optional: only used to show parity among habitants.
    pub sex: Option<Sex>,
    /// For the collège of associations and local actors.
    pub organisation: String,
    pub roles: Vec<MemberRole>,
    pub entry_date: Option<NaiveDate>,
    pub exit_date: Option<NaiveDate>,
    pub phone: String,
    pub email: String,
    pub postal_address: String,
    /// Whether the member agreed to be named in published documents.
    pub consent_to_be_named: bool,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Member {
    /// In office on `day`: entered on or before it, not yet left.
    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.entry_date.is_none_or(|d| d <= day) && self.exit_date.is_none_or(|d| d > day)
    }

    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }

    pub fn check(&self, v: &mut Validator) {
        v.max_len("first_name", &self.first_name, 100);
        v.required("last_name", &self.last_name, 100);
        v.max_len("organisation", &self.organisation, 200);
        v.date_in_range("entry_date", self.entry_date);
        v.date_in_range("exit_date", self.exit_date);
        if let (Some(a), Some(b)) = (self.entry_date, self.exit_date) {
            if b < a {
                v.add("exit_date", "La date de sortie précède la date d'entrée.");
            }
        }
        v.phone("phone", &self.phone);
        v.email("email", &self.email);
        v.max_len("postal_address", &self.postal_address, 500);
        v.max_len("notes", &self.notes, 10_000);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MemberInput {
    pub college: College,
    pub status: MemberStatus,
    pub first_name: String,
    pub last_name: String,
    pub sex: Option<Sex>,
    pub organisation: String,
    pub roles: Vec<MemberRole>,
    pub entry_date: String,
    pub exit_date: String,
    pub phone: String,
    pub email: String,
    pub postal_address: String,
    pub consent_to_be_named: bool,
    pub notes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MemberEventKind {
    Entree,
    Changement,
    Sortie,
    Retour,
}

/// One line of a member's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct MemberEvent {
    pub id: Uuid,
    pub member_id: Uuid,
    pub date: NaiveDate,
    pub kind: MemberEventKind,
    /// French sentence, for instance « suppléant·e → titulaire ».
    pub detail: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl MemberInput {
    fn into_member(self, council_id: Uuid, existing: Option<&Member>) -> Result<Member> {
        let mut v = Validator::new();
        let entry_date = v.date("entry_date", &self.entry_date);
        let exit_date = v.date("exit_date", &self.exit_date);
        let t = now();
        // Each role once, in the order given (`dedup` alone only drops adjacent repeats).
        let mut roles: Vec<MemberRole> = Vec::with_capacity(self.roles.len());
        for r in self.roles {
            if !roles.contains(&r) {
                roles.push(r);
            }
        }
        let m = Member {
            id: existing.map(|m| m.id).unwrap_or_else(Uuid::new_v4),
            council_id,
            college: self.college,
            status: self.status,
            first_name: self.first_name.trim().to_string(),
            last_name: self.last_name.trim().to_string(),
            sex: self.sex,
            organisation: self.organisation.trim().to_string(),
            roles,
            entry_date,
            exit_date,
            phone: self.phone.trim().to_string(),
            email: self.email.trim().to_string(),
            postal_address: self.postal_address.trim().to_string(),
            consent_to_be_named: self.consent_to_be_named,
            notes: self.notes,
            created_at: existing.map(|m| m.created_at).unwrap_or(t),
            updated_at: t,
        };
        m.check(&mut v);
        v.finish()?;
        Ok(m)
    }
}

const MEMBER_COLUMNS: &str = "id, council_id, college, status, first_name, last_name, sex, \
    organisation, roles, entry_date, exit_date, phone, email, postal_address, consent_to_be_named, \
    notes, created_at, updated_at";

fn member_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Member> {
    Ok(Member {
        id: sql::uuid(r, 0)?,
        council_id: sql::uuid(r, 1)?,
        college: sql::enum_col(r, 2)?,
        status: sql::enum_col(r, 3)?,
        first_name: r.get(4)?,
        last_name: r.get(5)?,
        sex: sql::opt_enum_col(r, 6)?,
        organisation: r.get(7)?,
        roles: sql::json_col(r, 8)?,
        entry_date: sql::opt_date(r, 9)?,
        exit_date: sql::opt_date(r, 10)?,
        phone: r.get(11)?,
        email: r.get(12)?,
        postal_address: r.get(13)?,
        consent_to_be_named: r.get(14)?,
        notes: r.get(15)?,
        created_at: sql::ts(r, 16)?,
        updated_at: sql::ts(r, 17)?,
    })
}

pub(crate) fn find(tx: &rusqlite::Connection, id: Uuid) -> Result<Option<Member>> {
    Ok(tx
        .query_row(
            &format!("SELECT {MEMBER_COLUMNS} FROM members WHERE id = ?1"),
            [id.to_string()],
            member_from_row,
        )
        .optional()?)
}

pub(crate) fn list(tx: &rusqlite::Connection, council_id: Uuid) -> Result<Vec<Member>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {MEMBER_COLUMNS} FROM members WHERE council_id = ?1
         ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([council_id.to_string()], member_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn save(tx: &Transaction<'_>, m: &Member) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO members ({MEMBER_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
             ON CONFLICT(id) DO UPDATE SET college = excluded.college, status = excluded.status,
               first_name = excluded.first_name, last_name = excluded.last_name, sex = excluded.sex,
               organisation = excluded.organisation, roles = excluded.roles,
               entry_date = excluded.entry_date, exit_date = excluded.exit_date, phone = excluded.phone,
               email = excluded.email, postal_address = excluded.postal_address,
               consent_to_be_named = excluded.consent_to_be_named, notes = excluded.notes,
               updated_at = excluded.updated_at"
        ),
        params![
            m.id.to_string(),
            m.council_id.to_string(),
            sql::enum_text(&m.college),
            sql::enum_text(&m.status),
            m.first_name,
            m.last_name,
            m.sex.as_ref().map(sql::enum_text),
            m.organisation,
            sql::json_text(&m.roles),
            m.entry_date,
            m.exit_date,
            m.phone,
            m.email,
            m.postal_address,
            m.consent_to_be_named,
            m.notes,
            sql::ts_text(&m.created_at),
            sql::ts_text(&m.updated_at),
        ],
    )?;
    Ok(())
}

pub(crate) fn list_events(tx: &rusqlite::Connection, member_id: Uuid) -> Result<Vec<MemberEvent>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, member_id, date, kind, detail, created_at, updated_at FROM member_events
         WHERE member_id = ?1 ORDER BY date, created_at",
    )?;
    let rows = stmt.query_map([member_id.to_string()], event_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn event_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MemberEvent> {
    Ok(MemberEvent {
        id: sql::uuid(r, 0)?,
        member_id: sql::uuid(r, 1)?,
        date: r.get(2)?,
        kind: sql::enum_col(r, 3)?,
        detail: r.get(4)?,
        created_at: sql::ts(r, 5)?,
        updated_at: sql::ts(r, 6)?,
    })
}

pub(crate) fn find_event(tx: &rusqlite::Connection, id: Uuid) -> Result<Option<MemberEvent>> {
    Ok(tx
        .query_row(
            "SELECT id, member_id, date, kind, detail, created_at, updated_at FROM member_events WHERE id = ?1",
            [id.to_string()],
            event_from_row,
        )
        .optional()?)
}

pub(crate) fn save_event(tx: &Transaction<'_>, e: &MemberEvent) -> Result<()> {
    tx.execute(
        "INSERT INTO member_events (id, member_id, date, kind, detail, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET date = excluded.date, kind = excluded.kind,
           detail = excluded.detail, updated_at = excluded.updated_at",
        params![
            e.id.to_string(),
            e.member_id.to_string(),
            e.date,
            sql::enum_text(&e.kind),
            e.detail,
            sql::ts_text(&e.created_at),
            sql::ts_text(&e.updated_at),
        ],
    )?;
    Ok(())
}

/// Events of every member of a council, for exports.
pub(crate) fn list_council_events(
    tx: &rusqlite::Connection,
    council_id: Uuid,
) -> Result<Vec<MemberEvent>> {
    let mut stmt = tx.prepare_cached(
        "SELECT e.id, e.member_id, e.date, e.kind, e.detail, e.created_at, e.updated_at
         FROM member_events e JOIN members m ON m.id = e.member_id
         WHERE m.council_id = ?1 ORDER BY e.date, e.created_at",
    )?;
    let rows = stmt.query_map([council_id.to_string()], event_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What changed between two versions of a member, as history lines.
fn history_of_change(
    before: Option<&Member>,
    after: &Member,
    today: NaiveDate,
) -> Vec<(NaiveDate, MemberEventKind, String)> {
    let mut out = Vec::new();
    let Some(b) = before else {
        out.push((
            after.entry_date.unwrap_or(today),
            MemberEventKind::Entree,
            format!("{}, {}", after.college.label(), after.status.label()),
        ));
        if let Some(exit) = after.exit_date {
            out.push((exit, MemberEventKind::Sortie, String::new()));
        }
        return out;
    };
    let mut changes = Vec::new();
    if b.college != after.college {
        changes.push(format!("{} → {}", b.college.label(), after.college.label()));
    }
    if b.status != after.status {
        changes.push(format!("{} → {}", b.status.label(), after.status.label()));
    }
    if !changes.is_empty() {
        out.push((today, MemberEventKind::Changement, changes.join(" ; ")));
    }
    match (b.exit_date, after.exit_date) {
        (None, Some(exit)) => out.push((exit, MemberEventKind::Sortie, String::new())),
        (Some(_), None) => out.push((today, MemberEventKind::Retour, String::new())),
        (Some(old), Some(new)) if old != new => out.push((
            new,
            MemberEventKind::Sortie,
            format!(
                "date de sortie corrigée (auparavant le {})",
                format::date(old)
            ),
        )),
        _ => {}
    }
    out
}

fn record_history(tx: &Transaction<'_>, before: Option<&Member>, after: &Member) -> Result<()> {
    let today = chrono::Local::now().date_naive();
    for (date, kind, detail) in history_of_change(before, after, today) {
        save_event(
            tx,
            &MemberEvent {
                id: Uuid::new_v4(),
                member_id: after.id,
                date,
                kind,
                detail,
                created_at: after.updated_at,
                updated_at: after.updated_at,
            },
        )?;
    }
    Ok(())
}

impl Store {
    /// Every member the council ever had, current ones and those who left.
    pub fn list_members(&mut self, council_id: Uuid) -> Result<Vec<Member>> {
        self.read(|tx| {
            council::ensure_exists(tx, council_id)?;
            list(tx, council_id)
        })
    }

    pub fn get_member(&mut self, id: Uuid) -> Result<Member> {
        find(self.conn(), id)?.ok_or(Error::not_found("Ce membre"))
    }

    pub fn member_history(&mut self, id: Uuid) -> Result<Vec<MemberEvent>> {
        self.read(|tx| {
            find(tx, id)?.ok_or(Error::not_found("Ce membre"))?;
            list_events(tx, id)
        })
    }

    pub fn create_member(&mut self, council_id: Uuid, input: MemberInput) -> Result<Member> {
        self.write(|tx| {
            council::ensure_exists(tx, council_id)?;
            let m = input.into_member(council_id, None)?;
            save(tx, &m)?;
            record_history(tx, None, &m)?;
            Ok(m)
        })
    }

    pub fn update_member(&mut self, id: Uuid, input: MemberInput) -> Result<Member> {
        self.write(|tx| {
            let before = find(tx, id)?.ok_or(Error::not_found("Ce membre"))?;
            let m = input.into_member(before.council_id, Some(&before))?;
            save(tx, &m)?;
            record_history(tx, Some(&before), &m)?;
            Ok(m)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(entry: Option<NaiveDate>, exit: Option<NaiveDate>) -> Member {
        let t = now();
        Member {
            id: Uuid::new_v4(),
            council_id: Uuid::new_v4(),
            college: College::Habitants,
            status: MemberStatus::Titulaire,
            first_name: "Awa".into(),
            last_name: "Diallo".into(),
            sex: Some(Sex::F),
            organisation: String::new(),
            roles: vec![],
            entry_date: entry,
            exit_date: exit,
            phone: String::new(),
            email: String::new(),
            postal_address: String::new(),
            consent_to_be_named: true,
            notes: String::new(),
            created_at: t,
            updated_at: t,
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_member_is_in_office_from_entry_until_the_day_before_exit() {
        let m = member(Some(d("2024-01-10")), Some(d("2025-06-30")));
        assert!(!m.active_on(d("2024-01-09")));
        assert!(m.active_on(d("2024-01-10")));
        assert!(m.active_on(d("2025-06-29")));
        assert!(!m.active_on(d("2025-06-30")));
        assert!(member(None, None).active_on(d("1990-01-01")));
    }

    #[test]
    fn history_records_status_change_exit_and_return() {
        let today = d("2025-03-01");
        let before = member(Some(d("2024-01-10")), None);
        let mut after = before.clone();
        after.status = MemberStatus::Suppleant;
        after.exit_date = Some(d("2025-02-28"));
        let h = history_of_change(Some(&before), &after, today);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].1, MemberEventKind::Changement);
        assert_eq!(h[0].2, "titulaire → suppléant·e");
        assert_eq!((h[1].0, h[1].1), (d("2025-02-28"), MemberEventKind::Sortie));
        let back = history_of_change(Some(&after), &before, today);
        assert!(back.iter().any(|e| e.1 == MemberEventKind::Retour));
        assert!(history_of_change(Some(&before), &before, today).is_empty());
    }
}
