//! Meetings of a council: the meeting itself, its agenda (ordre du jour), who came
//! (attendance, guests, head count) and whether the quorum is reached.
//!
//! Decisions, actions and the lifecycle of the minutes live in `minutes.rs`.

use crate::council::{self, QuorumBase};
use crate::db::{now, Store};
use crate::error::{Error, Result, Validator};
use crate::member::{self, College, Member, MemberStatus, Sex};
use crate::sql;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MeetingKind {
    /// Plénière: the whole council.
    Pleniere,
    /// Comité d'animation or bureau.
    ComiteAnimation,
    /// Commission or groupe de travail.
    Commission,
    /// Réunion publique, open to residents.
    ReunionPublique,
    /// The council represented in an outside body (COPIL of the contrat de ville…).
    Representation,
}

impl MeetingKind {
    pub fn label(self) -> &'static str {
        match self {
            MeetingKind::Pleniere => "Séance plénière",
            MeetingKind::ComiteAnimation => "Comité d'animation",
            MeetingKind::Commission => "Commission",
            MeetingKind::ReunionPublique => "Réunion publique",
            MeetingKind::Representation => "Représentation",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MeetingStatus {
    Prevue,
    Tenue,
    Annulee,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MinutesStatus {
    /// Being written; printed with « Projet ».
    Brouillon,
    /// Sent to members, awaiting adoption at a later meeting.
    Diffuse,
    /// Adopted by a decision of a later meeting: locked.
    Adopte,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Meeting {
    pub id: Uuid,
    pub council_id: Uuid,
    pub kind: MeetingKind,
    pub title: String,
    pub date: NaiveDate,
    pub start_time: Option<NaiveTime>,
    pub end_time: Option<NaiveTime>,
    /// Free text (« Salle polyvalente, 3 rue des Lilas »); may be empty for a remote meeting.
    pub place: String,
    /// Link of a remote meeting (visio); empty when in person only.
    pub remote_link: String,
    pub status: MeetingStatus,
    /// Public meetings: people counted, when known exactly.
    pub head_count: Option<u32>,
    /// Public meetings: the count in words (« une cinquantaine, une vingtaine en fin de réunion »).
    pub head_count_note: String,
    pub minutes_status: MinutesStatus,
    /// 1 for the first text; each rectificatif adds one.
    pub minutes_version: u32,
    pub distributed_on: Option<NaiveDate>,
    pub adopted_on: Option<NaiveDate>,
    /// The decision of a later meeting that adopted these minutes.
    pub adopted_by_decision_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Meeting {
    pub fn is_locked(&self) -> bool {
        self.minutes_status == MinutesStatus::Adopte
    }

    pub fn check(&self, v: &mut Validator) {
        v.required("title", &self.title, 200);
        v.date_in_range("date", Some(self.date));
        v.date_in_range("distributed_on", self.distributed_on);
        v.date_in_range("adopted_on", self.adopted_on);
        // A rectificatif adds one: a thousand is far beyond any real council.
        if self.minutes_version == 0 || self.minutes_version > 1_000 {
            v.add(
                "minutes_version",
                "Le numéro de version du compte rendu va de 1 à 1 000.",
            );
        }
        if let (Some(a), Some(b)) = (self.start_time, self.end_time) {
            if b <= a {
                v.add("end_time", "L'heure de fin doit suivre l'heure de début.");
            }
        }
        v.max_len("place", &self.place, 500);
        v.max_len("remote_link", &self.remote_link, 2000);
        let link = self.remote_link.trim();
        if !(link.is_empty() || link.starts_with("https://") || link.starts_with("http://")) {
            v.add(
                "remote_link",
                "Le lien de visioconférence doit commencer par https:// (ou http://).",
            );
        }
        v.max_len("head_count_note", &self.head_count_note, 500);
        if self.head_count.is_some_and(|n| n > 100_000) {
            v.add("head_count", "Nombre de personnes invraisemblable.");
        }
    }
}

/// What the meeting form sends; dates and times as typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MeetingInput {
    pub kind: MeetingKind,
    pub title: String,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub place: String,
    pub remote_link: String,
    pub status: MeetingStatus,
    pub head_count: Option<u32>,
    pub head_count_note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ItemKind {
    Information,
    Debat,
    Decision,
    Avis,
    /// Approval of the minutes of an earlier meeting (`approves_meeting_id`).
    ApprobationCr,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct AgendaItem {
    pub id: Uuid,
    pub meeting_id: Uuid,
    /// Order in the agenda, from 0.
    pub position: u32,
    pub title: String,
    pub kind: ItemKind,
    pub presenter: String,
    pub planned_minutes: Option<u32>,
    /// The minutes of this item, in simple Markdown (paragraphs, lists, bold, italic).
    pub notes: String,
    /// For an `approbation_cr` item: the meeting whose minutes are approved.
    pub approves_meeting_id: Option<Uuid>,
    /// When the item was deferred from an earlier meeting.
    pub deferred_from_item_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl AgendaItem {
    pub fn check(&self, v: &mut Validator) {
        v.required("title", &self.title, 300);
        v.max_len("presenter", &self.presenter, 200);
        v.max_len("notes", &self.notes, 200_000);
        if self.planned_minutes.is_some_and(|m| m == 0 || m > 24 * 60) {
            v.add(
                "planned_minutes",
                "Indiquez une durée entre 1 et 1 440 minutes.",
            );
        }
        if self.kind == ItemKind::ApprobationCr && self.approves_meeting_id.is_none() {
            v.add(
                "approves_meeting_id",
                "Choisissez la réunion dont le compte rendu est à approuver.",
            );
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgendaItemInput {
    pub title: String,
    pub kind: ItemKind,
    pub presenter: String,
    pub planned_minutes: Option<u32>,
    pub approves_meeting_id: Option<Uuid>,
    pub deferred_from_item_id: Option<Uuid>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AttendanceState {
    Present,
    Excuse,
    Absent,
    /// Absent but gave a proxy (« pouvoir ») to `proxy_member_id`.
    Represente,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Attendance {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub member_id: Uuid,
    pub state: AttendanceState,
    pub proxy_member_id: Option<Uuid>,
    /// « arrivée au point 3 », « remplace M. X »…
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttendanceInput {
    pub member_id: Uuid,
    pub state: AttendanceState,
    pub proxy_member_id: Option<Uuid>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct GuestAttendance {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub guest_id: Uuid,
    /// Which items the guest attended when not all (« pour le point 2 »); empty means all.
    pub items_note: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Counts of one collège at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, Default)]
#[ts(export)]
pub struct CollegeAttendance {
    pub present: u32,
    pub represented: u32,
    pub excused: u32,
    pub absent: u32,
    /// Members in office with no state recorded yet.
    pub unknown: u32,
}

/// Whether the meeting can decide, by the council's rule, and who came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct QuorumStatus {
    /// People needed. Proxies do not count toward the quorum: only people in the room.
    pub required: u32,
    /// Size of the base on the meeting's date (titulaires, or all members in office).
    pub base_count: u32,
    /// Members of the base who are present.
    pub present_in_base: u32,
    pub reached: bool,
    pub habitants: CollegeAttendance,
    pub acteurs_locaux: CollegeAttendance,
    pub present_women: u32,
    pub present_men: u32,
}

/// Computes the quorum from the members in office on the meeting's date and their attendance.
pub fn quorum_status(
    rule: &council::QuorumRule,
    in_office: &[&Member],
    attendance: &[Attendance],
) -> QuorumStatus {
    let state_of = |m: &Member| {
        attendance
            .iter()
            .find(|a| a.member_id == m.id)
            .map(|a| a.state)
    };
    let in_base = |m: &Member| match rule.base() {
        Some(QuorumBase::Titulaires) => m.status == MemberStatus::Titulaire,
        _ => true,
    };
    let base_count = in_office.iter().filter(|m| in_base(m)).count() as u32;
    let present_in_base = in_office
        .iter()
        .filter(|m| in_base(m) && state_of(m) == Some(AttendanceState::Present))
        .count() as u32;
    let required = rule.required(base_count);
    let mut colleges = [CollegeAttendance::default(), CollegeAttendance::default()];
    let (mut women, mut men) = (0, 0);
    for m in in_office {
        let c = &mut colleges[usize::from(m.college == College::ActeursLocaux)];
        match state_of(m) {
            Some(AttendanceState::Present) => {
                c.present += 1;
                match m.sex {
                    Some(Sex::F) => women += 1,
                    Some(Sex::M) => men += 1,
                    None => {}
                }
            }
            Some(AttendanceState::Represente) => c.represented += 1,
            Some(AttendanceState::Excuse) => c.excused += 1,
            Some(AttendanceState::Absent) => c.absent += 1,
            None => c.unknown += 1,
        }
    }
    let [habitants, acteurs_locaux] = colleges;
    QuorumStatus {
        required,
        base_count,
        present_in_base,
        reached: present_in_base >= required,
        habitants,
        acteurs_locaux,
        present_women: women,
        present_men: men,
    }
}

pub(crate) fn parse_time(v: &mut Validator, field: &str, s: &str) -> Option<NaiveTime> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    // « 18:30 » from time inputs, « 18h30 » / « 18 h 30 » / « 18h » as people type it.
    let normalised: String = t
        .replace(['\u{a0}', ' '], "")
        .to_lowercase()
        .replace('h', ":");
    let normalised = if normalised.ends_with(':') {
        format!("{normalised}00")
    } else {
        normalised
    };
    match NaiveTime::parse_from_str(&normalised, "%H:%M") {
        Ok(time) => Some(time),
        Err(_) => {
            v.add(
                field,
                "Heure non reconnue : écrivez-la sous la forme 18:30 ou 18 h 30.",
            );
            None
        }
    }
}

impl MeetingInput {
    fn into_meeting(self, council_id: Uuid, existing: Option<&Meeting>) -> Result<Meeting> {
        let mut v = Validator::new();
        let date = v.date("date", &self.date);
        if self.date.trim().is_empty() {
            v.add("date", "Ce champ est obligatoire.");
        }
        let start_time = parse_time(&mut v, "start_time", &self.start_time);
        let end_time = parse_time(&mut v, "end_time", &self.end_time);
        let t = now();
        // Without a valid date, check the other fields anyway (against a stand-in
        // date) so that the form shows every problem at once.
        let date = date.unwrap_or_default();
        let m = Meeting {
            id: existing.map(|m| m.id).unwrap_or_else(Uuid::new_v4),
            council_id,
            kind: self.kind,
            title: self.title.trim().to_string(),
            date,
            start_time,
            end_time,
            place: self.place.trim().to_string(),
            remote_link: self.remote_link.trim().to_string(),
            status: self.status,
            head_count: self.head_count,
            head_count_note: self.head_count_note.trim().to_string(),
            minutes_status: existing.map_or(MinutesStatus::Brouillon, |m| m.minutes_status),
            minutes_version: existing.map_or(1, |m| m.minutes_version),
            distributed_on: existing.and_then(|m| m.distributed_on),
            adopted_on: existing.and_then(|m| m.adopted_on),
            adopted_by_decision_id: existing.and_then(|m| m.adopted_by_decision_id),
            created_at: existing.map_or(t, |m| m.created_at),
            updated_at: t,
        };
        m.check(&mut v);
        v.finish()?;
        Ok(m)
    }
}

const MEETING_COLUMNS: &str = "id, council_id, kind, title, date, start_time, end_time, place, \
    remote_link, status, head_count, head_count_note, minutes_status, minutes_version, \
    distributed_on, adopted_on, adopted_by_decision_id, created_at, updated_at";

fn meeting_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: sql::uuid(r, 0)?,
        council_id: sql::uuid(r, 1)?,
        kind: sql::enum_col(r, 2)?,
        title: r.get(3)?,
        date: r.get(4)?,
        start_time: sql::opt_time(r, 5)?,
        end_time: sql::opt_time(r, 6)?,
        place: r.get(7)?,
        remote_link: r.get(8)?,
        status: sql::enum_col(r, 9)?,
        head_count: r.get(10)?,
        head_count_note: r.get(11)?,
        minutes_status: sql::enum_col(r, 12)?,
        minutes_version: r.get(13)?,
        distributed_on: sql::opt_date(r, 14)?,
        adopted_on: sql::opt_date(r, 15)?,
        adopted_by_decision_id: sql::opt_uuid(r, 16)?,
        created_at: sql::ts(r, 17)?,
        updated_at: sql::ts(r, 18)?,
    })
}

pub(crate) fn find(tx: &rusqlite::Connection, id: Uuid) -> Result<Option<Meeting>> {
    Ok(tx
        .query_row(
            &format!("SELECT {MEETING_COLUMNS} FROM meetings WHERE id = ?1"),
            [id.to_string()],
            meeting_from_row,
        )
        .optional()?)
}

pub(crate) fn get(tx: &rusqlite::Connection, id: Uuid) -> Result<Meeting> {
    find(tx, id)?.ok_or(Error::not_found("Cette réunion"))
}

/// The council's next meetings from `today` on (cancelled ones left out), soonest first.
pub(crate) fn upcoming(
    tx: &rusqlite::Connection,
    council_id: Uuid,
    today: NaiveDate,
    limit: u32,
) -> Result<Vec<Meeting>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {MEETING_COLUMNS} FROM meetings
         WHERE council_id = ?1 AND date >= ?2 AND status <> 'annulee'
         ORDER BY date, start_time, title LIMIT ?3"
    ))?;
    let rows = stmt.query_map(
        params![council_id.to_string(), today, limit],
        meeting_from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Held meetings whose minutes are not adopted yet, oldest first (the order in which a
/// council adopts them), at most `limit` of them, and how many there are in all.
pub(crate) fn awaiting_adoption(
    tx: &rusqlite::Connection,
    council_id: Uuid,
    limit: u32,
) -> Result<(Vec<Meeting>, u32)> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {MEETING_COLUMNS} FROM meetings
         WHERE council_id = ?1 AND status = 'tenue' AND minutes_status <> 'adopte'
         ORDER BY date, start_time, title LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![council_id.to_string(), limit], meeting_from_row)?;
    let meetings = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let total = tx.query_row(
        "SELECT count(*) FROM meetings
         WHERE council_id = ?1 AND status = 'tenue' AND minutes_status <> 'adopte'",
        [council_id.to_string()],
        |r| r.get(0),
    )?;
    Ok((meetings, total))
}

/// One page of a council's meetings: all those to come (soonest first) and a page of
/// past ones (most recent first). Ten years of a council are 500 meetings or more:
/// the screen shows them a page at a time instead of building every row.
pub(crate) fn page(
    tx: &rusqlite::Connection,
    council_id: Uuid,
    today: NaiveDate,
    past_offset: u32,
    past_limit: u32,
) -> Result<MeetingPage> {
    let mut coming_stmt = tx.prepare_cached(&format!(
        "SELECT {MEETING_COLUMNS} FROM meetings WHERE council_id = ?1 AND date >= ?2
         ORDER BY date, start_time, title"
    ))?;
    let coming = coming_stmt
        .query_map(params![council_id.to_string(), today], meeting_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut past_stmt = tx.prepare_cached(&format!(
        "SELECT {MEETING_COLUMNS} FROM meetings WHERE council_id = ?1 AND date < ?2
         ORDER BY date DESC, start_time DESC, title LIMIT ?3 OFFSET ?4"
    ))?;
    let past = past_stmt
        .query_map(
            params![council_id.to_string(), today, past_limit, past_offset],
            meeting_from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let past_total = tx.query_row(
        "SELECT count(*) FROM meetings WHERE council_id = ?1 AND date < ?2",
        params![council_id.to_string(), today],
        |r| r.get(0),
    )?;
    Ok(MeetingPage {
        coming,
        past,
        past_offset,
        past_total,
    })
}

/// How many meetings the council has, held, planned or cancelled.
pub(crate) fn count(tx: &rusqlite::Connection, council_id: Uuid) -> Result<u32> {
    Ok(tx.query_row(
        "SELECT count(*) FROM meetings WHERE council_id = ?1",
        [council_id.to_string()],
        |r| r.get(0),
    )?)
}

/// What the meetings tab shows: see [`page`].
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MeetingPage {
    /// Every meeting from today on, soonest first.
    pub coming: Vec<Meeting>,
    /// Past meetings, most recent first, from `past_offset`.
    pub past: Vec<Meeting>,
    pub past_offset: u32,
    pub past_total: u32,
}

/// Largest page of past meetings one call returns.
pub const MEETING_PAGE_MAX: u32 = 500;

/// Meetings of a council, most recent first.
pub(crate) fn list(tx: &rusqlite::Connection, council_id: Uuid) -> Result<Vec<Meeting>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {MEETING_COLUMNS} FROM meetings WHERE council_id = ?1
         ORDER BY date DESC, start_time DESC, title"
    ))?;
    let rows = stmt.query_map([council_id.to_string()], meeting_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn save(tx: &Transaction<'_>, m: &Meeting) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO meetings ({MEETING_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
             ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, title = excluded.title,
               date = excluded.date, start_time = excluded.start_time, end_time = excluded.end_time,
               place = excluded.place, remote_link = excluded.remote_link, status = excluded.status,
               head_count = excluded.head_count, head_count_note = excluded.head_count_note,
               minutes_status = excluded.minutes_status, minutes_version = excluded.minutes_version,
               distributed_on = excluded.distributed_on, adopted_on = excluded.adopted_on,
               adopted_by_decision_id = excluded.adopted_by_decision_id,
               updated_at = excluded.updated_at"
        ),
        params![
            m.id.to_string(),
            m.council_id.to_string(),
            sql::enum_text(&m.kind),
            m.title,
            m.date,
            sql::time_text(m.start_time),
            sql::time_text(m.end_time),
            m.place,
            m.remote_link,
            sql::enum_text(&m.status),
            m.head_count,
            m.head_count_note,
            sql::enum_text(&m.minutes_status),
            m.minutes_version,
            m.distributed_on,
            m.adopted_on,
            sql::opt_uuid_text(m.adopted_by_decision_id),
            sql::ts_text(&m.created_at),
            sql::ts_text(&m.updated_at),
        ],
    )?;
    Ok(())
}

/// Refuses any change to the content of adopted minutes.
pub(crate) fn ensure_editable(tx: &rusqlite::Connection, meeting_id: Uuid) -> Result<Meeting> {
    let m = get(tx, meeting_id)?;
    if m.is_locked() {
        return Err(Error::Locked(
            "Ce compte rendu a été adopté : il ne peut plus être modifié. Pour le corriger, ouvrez un rectificatif en indiquant la raison.".into(),
        ));
    }
    Ok(m)
}

const ITEM_COLUMNS: &str = "id, meeting_id, position, title, kind, presenter, planned_minutes, \
    notes, approves_meeting_id, deferred_from_item_id, created_at, updated_at";

fn item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AgendaItem> {
    Ok(AgendaItem {
        id: sql::uuid(r, 0)?,
        meeting_id: sql::uuid(r, 1)?,
        position: r.get(2)?,
        title: r.get(3)?,
        kind: sql::enum_col(r, 4)?,
        presenter: r.get(5)?,
        planned_minutes: r.get(6)?,
        notes: r.get(7)?,
        approves_meeting_id: sql::opt_uuid(r, 8)?,
        deferred_from_item_id: sql::opt_uuid(r, 9)?,
        created_at: sql::ts(r, 10)?,
        updated_at: sql::ts(r, 11)?,
    })
}

pub(crate) fn find_item(tx: &rusqlite::Connection, id: Uuid) -> Result<Option<AgendaItem>> {
    Ok(tx
        .query_row(
            &format!("SELECT {ITEM_COLUMNS} FROM agenda_items WHERE id = ?1"),
            [id.to_string()],
            item_from_row,
        )
        .optional()?)
}

pub(crate) fn get_item(tx: &rusqlite::Connection, id: Uuid) -> Result<AgendaItem> {
    find_item(tx, id)?.ok_or(Error::not_found("Ce point de l'ordre du jour"))
}

pub(crate) fn list_items(tx: &rusqlite::Connection, meeting_id: Uuid) -> Result<Vec<AgendaItem>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {ITEM_COLUMNS} FROM agenda_items WHERE meeting_id = ?1 ORDER BY position"
    ))?;
    let rows = stmt.query_map([meeting_id.to_string()], item_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn save_item(tx: &Transaction<'_>, i: &AgendaItem) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO agenda_items ({ITEM_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT(id) DO UPDATE SET position = excluded.position, title = excluded.title,
               kind = excluded.kind, presenter = excluded.presenter,
               planned_minutes = excluded.planned_minutes, notes = excluded.notes,
               approves_meeting_id = excluded.approves_meeting_id,
               deferred_from_item_id = excluded.deferred_from_item_id,
               updated_at = excluded.updated_at"
        ),
        params![
            i.id.to_string(),
            i.meeting_id.to_string(),
            i.position,
            i.title,
            sql::enum_text(&i.kind),
            i.presenter,
            i.planned_minutes,
            i.notes,
            sql::opt_uuid_text(i.approves_meeting_id),
            sql::opt_uuid_text(i.deferred_from_item_id),
            sql::ts_text(&i.created_at),
            sql::ts_text(&i.updated_at),
        ],
    )?;
    Ok(())
}

fn attendance_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Attendance> {
    Ok(Attendance {
        id: sql::uuid(r, 0)?,
        meeting_id: sql::uuid(r, 1)?,
        member_id: sql::uuid(r, 2)?,
        state: sql::enum_col(r, 3)?,
        proxy_member_id: sql::opt_uuid(r, 4)?,
        note: r.get(5)?,
        created_at: sql::ts(r, 6)?,
        updated_at: sql::ts(r, 7)?,
    })
}

pub(crate) fn list_attendance(
    tx: &rusqlite::Connection,
    meeting_id: Uuid,
) -> Result<Vec<Attendance>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, meeting_id, member_id, state, proxy_member_id, note, created_at, updated_at
         FROM attendances WHERE meeting_id = ?1",
    )?;
    let rows = stmt.query_map([meeting_id.to_string()], attendance_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn find_attendance(tx: &rusqlite::Connection, id: Uuid) -> Result<Option<Attendance>> {
    Ok(tx
        .query_row(
            "SELECT id, meeting_id, member_id, state, proxy_member_id, note, created_at, updated_at
             FROM attendances WHERE id = ?1",
            [id.to_string()],
            attendance_from_row,
        )
        .optional()?)
}

pub(crate) fn save_attendance(tx: &Transaction<'_>, a: &Attendance) -> Result<()> {
    tx.execute(
        "INSERT INTO attendances (id, meeting_id, member_id, state, proxy_member_id, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(id) DO UPDATE SET state = excluded.state,
           proxy_member_id = excluded.proxy_member_id, note = excluded.note,
           updated_at = excluded.updated_at",
        params![
            a.id.to_string(),
            a.meeting_id.to_string(),
            a.member_id.to_string(),
            sql::enum_text(&a.state),
            sql::opt_uuid_text(a.proxy_member_id),
            a.note,
            sql::ts_text(&a.created_at),
            sql::ts_text(&a.updated_at),
        ],
    )?;
    Ok(())
}

fn guest_attendance_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<GuestAttendance> {
    Ok(GuestAttendance {
        id: sql::uuid(r, 0)?,
        meeting_id: sql::uuid(r, 1)?,
        guest_id: sql::uuid(r, 2)?,
        items_note: r.get(3)?,
        created_at: sql::ts(r, 4)?,
        updated_at: sql::ts(r, 5)?,
    })
}

pub(crate) fn list_guest_attendance(
    tx: &rusqlite::Connection,
    meeting_id: Uuid,
) -> Result<Vec<GuestAttendance>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, meeting_id, guest_id, items_note, created_at, updated_at
         FROM guest_attendances WHERE meeting_id = ?1",
    )?;
    let rows = stmt.query_map([meeting_id.to_string()], guest_attendance_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn find_guest_attendance(
    tx: &rusqlite::Connection,
    id: Uuid,
) -> Result<Option<GuestAttendance>> {
    Ok(tx
        .query_row(
            "SELECT id, meeting_id, guest_id, items_note, created_at, updated_at
             FROM guest_attendances WHERE id = ?1",
            [id.to_string()],
            guest_attendance_from_row,
        )
        .optional()?)
}

pub(crate) fn save_guest_attendance(tx: &Transaction<'_>, g: &GuestAttendance) -> Result<()> {
    tx.execute(
        "INSERT INTO guest_attendances (id, meeting_id, guest_id, items_note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(id) DO UPDATE SET items_note = excluded.items_note, updated_at = excluded.updated_at",
        params![
            g.id.to_string(),
            g.meeting_id.to_string(),
            g.guest_id.to_string(),
            g.items_note,
            sql::ts_text(&g.created_at),
            sql::ts_text(&g.updated_at),
        ],
    )?;
    Ok(())
}

/// Renumbers the agenda 0, 1, 2… in the given order.
fn renumber(tx: &Transaction<'_>, items: &mut [AgendaItem]) -> Result<()> {
    let t = now();
    for (i, item) in items.iter_mut().enumerate() {
        let pos = i as u32;
        if item.position != pos {
            item.position = pos;
            item.updated_at = t;
            save_item(tx, item)?;
        }
    }
    Ok(())
}

impl Store {
    /// Meetings of a council, most recent first.
    /// A page of the council's meetings for the meetings tab (see [`MeetingPage`]).
    pub fn meeting_page(
        &mut self,
        council_id: Uuid,
        today: NaiveDate,
        past_offset: u32,
        past_limit: u32,
    ) -> Result<MeetingPage> {
        let past_limit = past_limit.clamp(1, MEETING_PAGE_MAX);
        self.read(|tx| {
            council::ensure_exists(tx, council_id)?;
            page(tx, council_id, today, past_offset, past_limit)
        })
    }

    pub fn list_meetings(&mut self, council_id: Uuid) -> Result<Vec<Meeting>> {
        self.read(|tx| {
            council::ensure_exists(tx, council_id)?;
            list(tx, council_id)
        })
    }

    /// The earlier held meetings of the same council whose minutes are not adopted yet:
    /// those that meeting `id` can put to the vote (« approbation du compte rendu »),
    /// most recent first. A query of its own, so that the meeting screen does not read
    /// every meeting of the council (ten years are 500 or more).
    pub fn minutes_adoptable_at(&mut self, id: Uuid) -> Result<Vec<Meeting>> {
        self.read(|tx| {
            let at = get(tx, id)?;
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {MEETING_COLUMNS} FROM meetings
                 WHERE council_id = ?1 AND id <> ?2 AND date <= ?3
                   AND status = 'tenue' AND minutes_status <> 'adopte'
                 ORDER BY date DESC, start_time DESC, title"
            ))?;
            let rows = stmt.query_map(
                params![at.council_id.to_string(), id.to_string(), at.date],
                meeting_from_row,
            )?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn get_meeting(&mut self, id: Uuid) -> Result<Meeting> {
        get(self.conn(), id)
    }

    pub fn create_meeting(&mut self, council_id: Uuid, input: MeetingInput) -> Result<Meeting> {
        self.write(|tx| {
            council::ensure_exists(tx, council_id)?;
            let m = input.into_meeting(council_id, None)?;
            save(tx, &m)?;
            Ok(m)
        })
    }

    /// Changing the date, place or status of a meeting; refused once its minutes are adopted.
    pub fn update_meeting(&mut self, id: Uuid, input: MeetingInput) -> Result<Meeting> {
        self.write(|tx| {
            let before = ensure_editable(tx, id)?;
            let m = input.into_meeting(before.council_id, Some(&before))?;
            save(tx, &m)?;
            Ok(m)
        })
    }

    pub fn add_agenda_item(
        &mut self,
        meeting_id: Uuid,
        input: AgendaItemInput,
    ) -> Result<AgendaItem> {
        self.write(|tx| {
            let meeting = ensure_editable(tx, meeting_id)?;
            let position = list_items(tx, meeting_id)?.len() as u32;
            let t = now();
            let item = AgendaItem {
                id: Uuid::new_v4(),
                meeting_id,
                position,
                title: input.title.trim().to_string(),
                kind: input.kind,
                presenter: input.presenter.trim().to_string(),
                planned_minutes: input.planned_minutes,
                notes: String::new(),
                approves_meeting_id: input.approves_meeting_id,
                deferred_from_item_id: input.deferred_from_item_id,
                created_at: t,
                updated_at: t,
            };
            let mut v = Validator::new();
            item.check(&mut v);
            check_item_links(tx, &meeting, &item, &mut v)?;
            v.finish()?;
            save_item(tx, &item)?;
            Ok(item)
        })
    }

    pub fn update_agenda_item(&mut self, id: Uuid, input: AgendaItemInput) -> Result<AgendaItem> {
        self.write(|tx| {
            let before = get_item(tx, id)?;
            let meeting = ensure_editable(tx, before.meeting_id)?;
            let item = AgendaItem {
                title: input.title.trim().to_string(),
                kind: input.kind,
                presenter: input.presenter.trim().to_string(),
                planned_minutes: input.planned_minutes,
                approves_meeting_id: input.approves_meeting_id,
                deferred_from_item_id: input.deferred_from_item_id,
                updated_at: now(),
                ..before
            };
            let mut v = Validator::new();
            item.check(&mut v);
            check_item_links(tx, &meeting, &item, &mut v)?;
            v.finish()?;
            save_item(tx, &item)?;
            Ok(item)
        })
    }

    /// Saves the minutes text of one item. Called by the editor's autosave, so it
    /// writes only this column.
    pub fn save_item_notes(&mut self, id: Uuid, notes: &str) -> Result<DateTime<Utc>> {
        self.write(|tx| {
            let item = get_item(tx, id)?;
            ensure_editable(tx, item.meeting_id)?;
            let mut v = Validator::new();
            v.max_len("notes", notes, 200_000);
            v.finish()?;
            let t = now();
            tx.execute(
                "UPDATE agenda_items SET notes = ?1, updated_at = ?2 WHERE id = ?3",
                params![notes, sql::ts_text(&t), id.to_string()],
            )?;
            Ok(t)
        })
    }

    pub fn delete_agenda_item(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx| {
            let item = get_item(tx, id)?;
            ensure_editable(tx, item.meeting_id)?;
            // Its decisions go with it, unless one adopted a charter version.
            for d in crate::minutes::list_decisions(tx, id)? {
                crate::charter::ensure_decision_unused(tx, d.id)?;
            }
            tx.execute("DELETE FROM agenda_items WHERE id = ?1", [id.to_string()])?;
            let mut rest = list_items(tx, item.meeting_id)?;
            renumber(tx, &mut rest)
        })
    }

    /// Moves an item to `new_position` (0-based, clamped), the others following.
    pub fn move_agenda_item(&mut self, id: Uuid, new_position: u32) -> Result<Vec<AgendaItem>> {
        self.write(|tx| {
            let item = get_item(tx, id)?;
            ensure_editable(tx, item.meeting_id)?;
            let mut items = list_items(tx, item.meeting_id)?;
            let from = items.iter().position(|i| i.id == id).unwrap_or(0);
            let moved = items.remove(from);
            let to = (new_position as usize).min(items.len());
            items.insert(to, moved);
            renumber(tx, &mut items)?;
            Ok(items)
        })
    }

    /// Records one member's attendance (replacing what was recorded).
    pub fn set_attendance(
        &mut self,
        meeting_id: Uuid,
        input: AttendanceInput,
    ) -> Result<Attendance> {
        self.write(|tx| {
            let meeting = ensure_editable(tx, meeting_id)?;
            let member = member::find(tx, input.member_id)?.ok_or(Error::not_found("Ce membre"))?;
            if member.council_id != meeting.council_id {
                return Err(Error::Conflict(
                    "Ce membre n'appartient pas au conseil de cette réunion.".into(),
                ));
            }
            let mut v = Validator::new();
            v.max_len("note", &input.note, 500);
            match (input.state, input.proxy_member_id) {
                (AttendanceState::Represente, None) => {
                    v.add("proxy_member_id", "Indiquez à qui le pouvoir a été donné.")
                }
                (AttendanceState::Represente, Some(p)) if p == input.member_id => v.add(
                    "proxy_member_id",
                    "Un membre ne peut pas se donner pouvoir à lui-même.",
                ),
                (AttendanceState::Represente, Some(p)) => {
                    let proxy = member::find(tx, p)?;
                    if proxy.is_none_or(|x| x.council_id != meeting.council_id) {
                        v.add(
                            "proxy_member_id",
                            "Le pouvoir doit être donné à un membre du conseil.",
                        );
                    }
                }
                _ => {}
            }
            v.finish()?;
            let existing: Option<Attendance> = list_attendance(tx, meeting_id)?
                .into_iter()
                .find(|a| a.member_id == input.member_id);
            let t = now();
            let a = Attendance {
                id: existing.as_ref().map_or_else(Uuid::new_v4, |a| a.id),
                meeting_id,
                member_id: input.member_id,
                state: input.state,
                proxy_member_id: if input.state == AttendanceState::Represente {
                    input.proxy_member_id
                } else {
                    None
                },
                note: input.note.trim().to_string(),
                created_at: existing.as_ref().map_or(t, |a| a.created_at),
                updated_at: t,
            };
            save_attendance(tx, &a)?;
            Ok(a)
        })
    }

    /// Adds a guest to those present (or updates the items they attended).
    pub fn set_guest_present(
        &mut self,
        meeting_id: Uuid,
        guest_id: Uuid,
        items_note: &str,
    ) -> Result<GuestAttendance> {
        self.write(|tx| {
            let meeting = ensure_editable(tx, meeting_id)?;
            let guest = crate::guest::find(tx, guest_id)?.ok_or(Error::not_found("Cet invité"))?;
            if guest.council_id != meeting.council_id {
                return Err(Error::Conflict(
                    "Cet invité n'est pas dans la liste des invités de ce conseil.".into(),
                ));
            }
            let mut v = Validator::new();
            v.max_len("items_note", items_note, 500);
            v.finish()?;
            let existing = list_guest_attendance(tx, meeting_id)?
                .into_iter()
                .find(|g| g.guest_id == guest_id);
            let t = now();
            let g = GuestAttendance {
                id: existing.as_ref().map_or_else(Uuid::new_v4, |g| g.id),
                meeting_id,
                guest_id,
                items_note: items_note.trim().to_string(),
                created_at: existing.as_ref().map_or(t, |g| g.created_at),
                updated_at: t,
            };
            save_guest_attendance(tx, &g)?;
            Ok(g)
        })
    }

    pub fn remove_guest_presence(&mut self, meeting_id: Uuid, guest_id: Uuid) -> Result<()> {
        self.write(|tx| {
            ensure_editable(tx, meeting_id)?;
            tx.execute(
                "DELETE FROM guest_attendances WHERE meeting_id = ?1 AND guest_id = ?2",
                params![meeting_id.to_string(), guest_id.to_string()],
            )?;
            Ok(())
        })
    }
}

/// An approval item must point at an earlier meeting of the same council; a deferred
/// item must come from an earlier meeting of the same council.
fn check_item_links(
    tx: &rusqlite::Connection,
    meeting: &Meeting,
    item: &AgendaItem,
    v: &mut Validator,
) -> Result<()> {
    if let Some(target) = item.approves_meeting_id {
        match find(tx, target)? {
            Some(t) if t.council_id == meeting.council_id && t.date <= meeting.date && t.id != meeting.id => {}
            _ => v.add(
                "approves_meeting_id",
                "Le compte rendu approuvé doit être celui d'une réunion antérieure du même conseil.",
            ),
        }
    }
    if let Some(from) = item.deferred_from_item_id {
        let origin = find_item(tx, from)?;
        let ok = match origin {
            Some(o) => find(tx, o.meeting_id)?
                .is_some_and(|om| om.council_id == meeting.council_id && om.id != meeting.id),
            None => false,
        };
        if !ok {
            v.add(
                "deferred_from_item_id",
                "Le point reporté doit venir d'une autre réunion du même conseil.",
            );
        }
    }
    Ok(())
}
