//! What a meeting decided and asked for, and the life of its minutes:
//! brouillon → diffusé → adopté by a decision of a later meeting (then locked) →
//! rectificatif (a new version, the adopted text kept whole in the history).

use crate::council;
use crate::db::{now, Store};
use crate::error::{Error, Result, Validator};
use crate::guest::{self, Guest};
use crate::meeting::{
    self, quorum_status, AgendaItem, Attendance, GuestAttendance, ItemKind, Meeting, MinutesStatus,
    QuorumStatus,
};
use crate::member::{self, Member};
use crate::sql;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Outcome {
    Adopte,
    Rejete,
    /// A request partly granted (asked 1 000 €, granted 500 €).
    AdoptePartiellement,
    /// Deferred: the item must come back on a later agenda.
    Reporte,
    SansSuite,
    AvisFavorable,
    AvisDefavorable,
    AvisReserve,
    /// Not enough members present: no decision could be taken.
    QuorumNonAtteint,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Adopte => "Adopté",
            Outcome::Rejete => "Rejeté",
            Outcome::AdoptePartiellement => "Adopté partiellement",
            Outcome::Reporte => "Reporté",
            Outcome::SansSuite => "Sans suite",
            Outcome::AvisFavorable => "Avis favorable",
            Outcome::AvisDefavorable => "Avis défavorable",
            Outcome::AvisReserve => "Avis réservé",
            Outcome::QuorumNonAtteint => "Quorum non atteint",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VoteMode {
    /// Counted vote: pour, contre, abstention.
    Scrutin,
    Unanimite,
    /// Consensus after a round of the table, no vote.
    Consensus,
    SansVote,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Decision {
    pub id: Uuid,
    pub agenda_item_id: Uuid,
    pub position: u32,
    pub text: String,
    pub outcome: Outcome,
    pub vote: VoteMode,
    pub votes_for: Option<u32>,
    pub votes_against: Option<u32>,
    pub abstentions: Option<u32>,
    /// In euro cents, for budget requests. Numbers in JSON (far below 2^53).
    #[ts(type = "number | null")]
    pub amount_requested_cents: Option<i64>,
    #[ts(type = "number | null")]
    pub amount_granted_cents: Option<i64>,
    /// Avis divergents and alternative proposals, recorded as such.
    pub dissent: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Decision {
    pub fn check(&self, v: &mut Validator) {
        v.required("text", &self.text, 5_000);
        v.max_len("dissent", &self.dissent, 20_000);
        let counts = [self.votes_for, self.votes_against, self.abstentions];
        match self.vote {
            VoteMode::Scrutin => {
                if counts.iter().all(Option::is_none) {
                    v.add(
                        "votes_for",
                        "Indiquez le résultat du vote (pour, contre, abstentions).",
                    );
                }
            }
            _ => {
                if counts.iter().any(Option::is_some) {
                    v.add(
                        "vote",
                        "Les nombres de voix ne vont qu'avec un vote compté : choisissez « vote ».",
                    );
                }
            }
        }
        if counts.iter().flatten().any(|&n| n > 10_000) {
            v.add("votes_for", "Nombre de voix invraisemblable.");
        }
        if self.outcome == Outcome::AdoptePartiellement {
            match (self.amount_requested_cents, self.amount_granted_cents) {
                (Some(asked), Some(granted)) if granted > asked => v.add(
                    "amount_granted",
                    "Le montant accordé dépasse le montant demandé : choisissez « adopté ».",
                ),
                (Some(_), Some(_)) => {}
                _ => v.add(
                    "amount_requested",
                    "Pour une adoption partielle, indiquez le montant demandé et le montant accordé.",
                ),
            }
        }
        for (field, amount) in [
            ("amount_requested", self.amount_requested_cents),
            ("amount_granted", self.amount_granted_cents),
        ] {
            if amount.is_some_and(|a| !(0..=100_000_000_000).contains(&a)) {
                v.add(field, "Montant hors limites.");
            }
        }
        if self.outcome == Outcome::QuorumNonAtteint && self.vote != VoteMode::SansVote {
            v.add(
                "vote",
                "Sans quorum, il n'y a pas de vote : choisissez « sans vote ».",
            );
        }
    }
}

/// What the decision form sends. Amounts are typed in euros, French style (« 1 000,50 »).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecisionInput {
    pub text: String,
    pub outcome: Outcome,
    pub vote: VoteMode,
    pub votes_for: Option<u32>,
    pub votes_against: Option<u32>,
    pub abstentions: Option<u32>,
    pub amount_requested: String,
    pub amount_granted: String,
    pub dissent: String,
}

/// « 1 000,50 € » → 100050 cents.
pub fn parse_euros(v: &mut Validator, field: &str, s: &str) -> Option<i64> {
    let cleaned: String = s
        .trim()
        .trim_end_matches('€')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect::<String>()
        .replace(',', ".");
    if cleaned.is_empty() {
        return None;
    }
    let ok = cleaned.chars().all(|c| c.is_ascii_digit() || c == '.')
        && cleaned.matches('.').count() <= 1
        && cleaned.split('.').nth(1).is_none_or(|d| d.len() <= 2);
    let value = ok
        .then(|| {
            let (euros, cents) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
            let euros: i64 = if euros.is_empty() {
                Some(0)
            } else {
                euros.parse().ok()
            }?;
            let cents: i64 = format!("{cents:0<2}").parse().ok()?;
            euros.checked_mul(100)?.checked_add(cents)
        })
        .flatten();
    if value.is_none() {
        v.add(
            field,
            "Montant non reconnu : écrivez par exemple 1 000 ou 1 000,50.",
        );
    }
    value
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ActionStatus {
    AFaire,
    EnCours,
    Fait,
    Abandonne,
}

impl ActionStatus {
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::AFaire | ActionStatus::EnCours)
    }
}

/// Who is to carry out an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OwnerKind {
    Member,
    Guest,
    /// An institution (mairie, bailleur…), named in `owner_text`: often a demand addressed to it.
    Institution,
    Aucun,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Action {
    pub id: Uuid,
    pub council_id: Uuid,
    /// The agenda item it came from, when it came from a meeting.
    pub agenda_item_id: Option<Uuid>,
    pub description: String,
    pub owner_kind: OwnerKind,
    pub owner_member_id: Option<Uuid>,
    pub owner_guest_id: Option<Uuid>,
    pub owner_text: String,
    pub due_date: Option<NaiveDate>,
    /// A vague term when there is no date (« à la rentrée »).
    pub due_text: String,
    pub status: ActionStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Action {
    pub fn check(&self, v: &mut Validator) {
        v.required("description", &self.description, 2_000);
        v.max_len("owner_text", &self.owner_text, 300);
        v.max_len("due_text", &self.due_text, 100);
        v.date_in_range("due_date", self.due_date);
        match self.owner_kind {
            OwnerKind::Member if self.owner_member_id.is_none() => v.add(
                "owner_member_id",
                "Choisissez le membre chargé de l'action.",
            ),
            OwnerKind::Guest if self.owner_guest_id.is_none() => {
                v.add("owner_guest_id", "Choisissez l'invité chargé de l'action.")
            }
            OwnerKind::Institution if self.owner_text.trim().is_empty() => {
                v.add("owner_text", "Nommez l'institution concernée.")
            }
            _ => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActionInput {
    pub agenda_item_id: Option<Uuid>,
    pub description: String,
    pub owner_kind: OwnerKind,
    pub owner_member_id: Option<Uuid>,
    pub owner_guest_id: Option<Uuid>,
    pub owner_text: String,
    pub due_date: String,
    pub due_text: String,
    pub status: ActionStatus,
}

/// An adopted text replaced by a rectificatif, kept whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct MinutesVersion {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub version: u32,
    /// Why the rectificatif was opened.
    pub reason: String,
    pub adopted_on: Option<NaiveDate>,
    /// JSON of the minutes as they were adopted: `meeting`, `items` (each with its
    /// `decisions`), `attendance`, `guest_attendance` and `actions`.
    pub snapshot: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One agenda item with its decisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ItemDetail {
    pub item: AgendaItem,
    pub decisions: Vec<Decision>,
}

/// Everything the meeting screen and the documents need, read in one snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MeetingDetail {
    pub meeting: Meeting,
    pub council: council::Council,
    pub items: Vec<ItemDetail>,
    /// Members in office on the meeting's date, with what was recorded for them.
    pub members: Vec<Member>,
    pub attendance: Vec<Attendance>,
    pub guests: Vec<Guest>,
    pub guest_attendance: Vec<GuestAttendance>,
    pub quorum: QuorumStatus,
    /// Actions decided at this meeting.
    pub actions: Vec<Action>,
    /// Other actions of the council still open, to follow up at this meeting.
    pub open_actions: Vec<Action>,
    pub versions: Vec<MinutesVersion>,
}

/// What the next agenda should probably include.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AgendaSuggestions {
    /// Items deferred at earlier meetings and not yet put back on an agenda.
    pub deferred_items: Vec<AgendaItem>,
    /// Earlier meetings whose minutes are not adopted and not yet on an agenda.
    pub minutes_to_approve: Vec<Meeting>,
    pub open_actions: Vec<Action>,
}

const DECISION_COLUMNS: &str = "id, agenda_item_id, position, text, outcome, vote, votes_for, \
    votes_against, abstentions, amount_requested_cents, amount_granted_cents, dissent, \
    created_at, updated_at";

fn decision_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Decision> {
    Ok(Decision {
        id: sql::uuid(r, 0)?,
        agenda_item_id: sql::uuid(r, 1)?,
        position: r.get(2)?,
        text: r.get(3)?,
        outcome: sql::enum_col(r, 4)?,
        vote: sql::enum_col(r, 5)?,
        votes_for: r.get(6)?,
        votes_against: r.get(7)?,
        abstentions: r.get(8)?,
        amount_requested_cents: r.get(9)?,
        amount_granted_cents: r.get(10)?,
        dissent: r.get(11)?,
        created_at: sql::ts(r, 12)?,
        updated_at: sql::ts(r, 13)?,
    })
}

pub(crate) fn find_decision(tx: &rusqlite::Connection, id: Uuid) -> Result<Option<Decision>> {
    Ok(tx
        .query_row(
            &format!("SELECT {DECISION_COLUMNS} FROM decisions WHERE id = ?1"),
            [id.to_string()],
            decision_from_row,
        )
        .optional()?)
}

pub(crate) fn list_decisions(tx: &rusqlite::Connection, item_id: Uuid) -> Result<Vec<Decision>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {DECISION_COLUMNS} FROM decisions WHERE agenda_item_id = ?1 ORDER BY position"
    ))?;
    let rows = stmt.query_map([item_id.to_string()], decision_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn save_decision(tx: &Transaction<'_>, d: &Decision) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO decisions ({DECISION_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT(id) DO UPDATE SET position = excluded.position, text = excluded.text,
               outcome = excluded.outcome, vote = excluded.vote, votes_for = excluded.votes_for,
               votes_against = excluded.votes_against, abstentions = excluded.abstentions,
               amount_requested_cents = excluded.amount_requested_cents,
               amount_granted_cents = excluded.amount_granted_cents, dissent = excluded.dissent,
               updated_at = excluded.updated_at"
        ),
        params![
            d.id.to_string(),
            d.agenda_item_id.to_string(),
            d.position,
            d.text,
            sql::enum_text(&d.outcome),
            sql::enum_text(&d.vote),
            d.votes_for,
            d.votes_against,
            d.abstentions,
            d.amount_requested_cents,
            d.amount_granted_cents,
            d.dissent,
            sql::ts_text(&d.created_at),
            sql::ts_text(&d.updated_at),
        ],
    )?;
    Ok(())
}

const ACTION_COLUMNS: &str = "id, council_id, agenda_item_id, description, owner_kind, \
    owner_member_id, owner_guest_id, owner_text, due_date, due_text, status, created_at, updated_at";

fn action_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Action> {
    Ok(Action {
        id: sql::uuid(r, 0)?,
        council_id: sql::uuid(r, 1)?,
        agenda_item_id: sql::opt_uuid(r, 2)?,
        description: r.get(3)?,
        owner_kind: sql::enum_col(r, 4)?,
        owner_member_id: sql::opt_uuid(r, 5)?,
        owner_guest_id: sql::opt_uuid(r, 6)?,
        owner_text: r.get(7)?,
        due_date: sql::opt_date(r, 8)?,
        due_text: r.get(9)?,
        status: sql::enum_col(r, 10)?,
        created_at: sql::ts(r, 11)?,
        updated_at: sql::ts(r, 12)?,
    })
}

pub(crate) fn find_action(tx: &rusqlite::Connection, id: Uuid) -> Result<Option<Action>> {
    Ok(tx
        .query_row(
            &format!("SELECT {ACTION_COLUMNS} FROM actions WHERE id = ?1"),
            [id.to_string()],
            action_from_row,
        )
        .optional()?)
}

pub(crate) fn list_actions(tx: &rusqlite::Connection, council_id: Uuid) -> Result<Vec<Action>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {ACTION_COLUMNS} FROM actions WHERE council_id = ?1 ORDER BY created_at"
    ))?;
    let rows = stmt.query_map([council_id.to_string()], action_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Open actions (« à faire », « en cours ») of a council whose due date falls in
/// `[from, until)`, soonest due first, at most `limit`; and how many match in all.
/// Served by the `actions_council_status` index, whatever the size of the history.
pub(crate) fn open_actions_due(
    tx: &rusqlite::Connection,
    council_id: Uuid,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
    limit: u32,
) -> Result<(Vec<Action>, u32)> {
    const OPEN_DUE: &str = "council_id = ?1 AND status IN ('a_faire', 'en_cours')
        AND due_date IS NOT NULL AND (?2 IS NULL OR due_date >= ?2) AND (?3 IS NULL OR due_date < ?3)";
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {ACTION_COLUMNS} FROM actions WHERE {OPEN_DUE}
         ORDER BY due_date, created_at LIMIT ?4"
    ))?;
    let args = params![council_id.to_string(), from, until, limit];
    let actions = stmt
        .query_map(args, action_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total = tx.query_row(
        &format!("SELECT count(*) FROM actions WHERE {OPEN_DUE}"),
        params![council_id.to_string(), from, until],
        |r| r.get(0),
    )?;
    Ok((actions, total))
}

/// How many actions of the council are still open, dated or not.
pub(crate) fn count_open_actions(tx: &rusqlite::Connection, council_id: Uuid) -> Result<u32> {
    Ok(tx.query_row(
        "SELECT count(*) FROM actions WHERE council_id = ?1 AND status IN ('a_faire', 'en_cours')",
        [council_id.to_string()],
        |r| r.get(0),
    )?)
}

pub(crate) fn save_action(tx: &Transaction<'_>, a: &Action) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO actions ({ACTION_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT(id) DO UPDATE SET agenda_item_id = excluded.agenda_item_id,
               description = excluded.description, owner_kind = excluded.owner_kind,
               owner_member_id = excluded.owner_member_id, owner_guest_id = excluded.owner_guest_id,
               owner_text = excluded.owner_text, due_date = excluded.due_date,
               due_text = excluded.due_text, status = excluded.status, updated_at = excluded.updated_at"
        ),
        params![
            a.id.to_string(),
            a.council_id.to_string(),
            sql::opt_uuid_text(a.agenda_item_id),
            a.description,
            sql::enum_text(&a.owner_kind),
            sql::opt_uuid_text(a.owner_member_id),
            sql::opt_uuid_text(a.owner_guest_id),
            a.owner_text,
            a.due_date,
            a.due_text,
            sql::enum_text(&a.status),
            sql::ts_text(&a.created_at),
            sql::ts_text(&a.updated_at),
        ],
    )?;
    Ok(())
}

pub(crate) fn list_versions(
    tx: &rusqlite::Connection,
    meeting_id: Uuid,
) -> Result<Vec<MinutesVersion>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, meeting_id, version, reason, adopted_on, snapshot, created_at, updated_at
         FROM minutes_versions WHERE meeting_id = ?1 ORDER BY version",
    )?;
    let rows = stmt.query_map([meeting_id.to_string()], version_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn version_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MinutesVersion> {
    Ok(MinutesVersion {
        id: sql::uuid(r, 0)?,
        meeting_id: sql::uuid(r, 1)?,
        version: r.get(2)?,
        reason: r.get(3)?,
        adopted_on: sql::opt_date(r, 4)?,
        snapshot: r.get(5)?,
        created_at: sql::ts(r, 6)?,
        updated_at: sql::ts(r, 7)?,
    })
}

pub(crate) fn find_version(tx: &rusqlite::Connection, id: Uuid) -> Result<Option<MinutesVersion>> {
    Ok(tx
        .query_row(
            "SELECT id, meeting_id, version, reason, adopted_on, snapshot, created_at, updated_at
             FROM minutes_versions WHERE id = ?1",
            [id.to_string()],
            version_from_row,
        )
        .optional()?)
}

pub(crate) fn save_version(tx: &Transaction<'_>, v: &MinutesVersion) -> Result<()> {
    tx.execute(
        "INSERT INTO minutes_versions (id, meeting_id, version, reason, adopted_on, snapshot, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(id) DO UPDATE SET reason = excluded.reason, adopted_on = excluded.adopted_on,
           snapshot = excluded.snapshot, updated_at = excluded.updated_at",
        params![
            v.id.to_string(),
            v.meeting_id.to_string(),
            v.version,
            v.reason,
            v.adopted_on,
            v.snapshot,
            sql::ts_text(&v.created_at),
            sql::ts_text(&v.updated_at),
        ],
    )?;
    Ok(())
}

impl DecisionInput {
    fn into_decision(
        self,
        item_id: Uuid,
        position: u32,
        existing: Option<&Decision>,
    ) -> Result<Decision> {
        let mut v = Validator::new();
        let requested = parse_euros(&mut v, "amount_requested", &self.amount_requested);
        let granted = parse_euros(&mut v, "amount_granted", &self.amount_granted);
        let t = now();
        let d = Decision {
            id: existing.map_or_else(Uuid::new_v4, |d| d.id),
            agenda_item_id: item_id,
            position: existing.map_or(position, |d| d.position),
            text: self.text.trim().to_string(),
            outcome: self.outcome,
            vote: self.vote,
            votes_for: self.votes_for,
            votes_against: self.votes_against,
            abstentions: self.abstentions,
            amount_requested_cents: requested,
            amount_granted_cents: granted,
            dissent: self.dissent.trim().to_string(),
            created_at: existing.map_or(t, |d| d.created_at),
            updated_at: t,
        };
        d.check(&mut v);
        v.finish()?;
        Ok(d)
    }
}

impl ActionInput {
    fn into_action(
        self,
        tx: &rusqlite::Connection,
        council_id: Uuid,
        existing: Option<&Action>,
    ) -> Result<Action> {
        let mut v = Validator::new();
        let due_date = v.date("due_date", &self.due_date);
        let t = now();
        let a = Action {
            id: existing.map_or_else(Uuid::new_v4, |a| a.id),
            council_id,
            agenda_item_id: self.agenda_item_id,
            description: self.description.trim().to_string(),
            owner_kind: self.owner_kind,
            owner_member_id: (self.owner_kind == OwnerKind::Member)
                .then_some(self.owner_member_id)
                .flatten(),
            owner_guest_id: (self.owner_kind == OwnerKind::Guest)
                .then_some(self.owner_guest_id)
                .flatten(),
            owner_text: self.owner_text.trim().to_string(),
            due_date,
            due_text: self.due_text.trim().to_string(),
            status: self.status,
            created_at: existing.map_or(t, |a| a.created_at),
            updated_at: t,
        };
        a.check(&mut v);
        if let Some(m) = a.owner_member_id {
            if member::find(tx, m)?.is_none_or(|m| m.council_id != council_id) {
                v.add(
                    "owner_member_id",
                    "Ce membre n'appartient pas à ce conseil.",
                );
            }
        }
        if let Some(g) = a.owner_guest_id {
            if guest::find(tx, g)?.is_none_or(|g| g.council_id != council_id) {
                v.add(
                    "owner_guest_id",
                    "Cet invité n'est pas dans la liste de ce conseil.",
                );
            }
        }
        if let Some(item) = a.agenda_item_id {
            let ok = match meeting::find_item(tx, item)? {
                Some(i) => {
                    meeting::find(tx, i.meeting_id)?.is_some_and(|m| m.council_id == council_id)
                }
                None => false,
            };
            if !ok {
                v.add(
                    "agenda_item_id",
                    "Ce point n'appartient pas à une réunion de ce conseil.",
                );
            }
        }
        v.finish()?;
        Ok(a)
    }
}

/// When a decision adopts the minutes of an earlier meeting, record it there and lock them.
fn apply_adoption(tx: &Transaction<'_>, item: &AgendaItem, decision: &Decision) -> Result<()> {
    let (ItemKind::ApprobationCr, Some(target_id)) = (item.kind, item.approves_meeting_id) else {
        return Ok(());
    };
    let adopting = meeting::get(tx, item.meeting_id)?;
    let mut target = meeting::get(tx, target_id)?;
    let adopts = matches!(decision.outcome, Outcome::Adopte);
    match (adopts, target.adopted_by_decision_id) {
        (true, _) if target.is_locked() && target.adopted_by_decision_id != Some(decision.id) => {
            Err(Error::Conflict(format!(
                "Le compte rendu de la réunion du {} est déjà adopté.",
                crate::format::date(target.date)
            )))
        }
        (true, _) => {
            target.minutes_status = MinutesStatus::Adopte;
            target.adopted_on = Some(adopting.date);
            target.adopted_by_decision_id = Some(decision.id);
            target.distributed_on = target.distributed_on.or(Some(adopting.date));
            target.updated_at = now();
            meeting::save(tx, &target)
        }
        (false, Some(by)) if by == decision.id => Err(Error::Conflict(format!(
            "Cette décision a adopté le compte rendu du {} : pour le corriger, ouvrez d'abord un rectificatif de ce compte rendu.",
            crate::format::date(target.date)
        ))),
        (false, _) => Ok(()),
    }
}

impl Store {
    pub fn add_decision(&mut self, item_id: Uuid, input: DecisionInput) -> Result<Decision> {
        self.write(|tx| {
            let item = meeting::get_item(tx, item_id)?;
            meeting::ensure_editable(tx, item.meeting_id)?;
            let position = list_decisions(tx, item_id)?.len() as u32;
            let d = input.into_decision(item_id, position, None)?;
            save_decision(tx, &d)?;
            apply_adoption(tx, &item, &d)?;
            Ok(d)
        })
    }

    pub fn update_decision(&mut self, id: Uuid, input: DecisionInput) -> Result<Decision> {
        self.write(|tx| {
            let before = find_decision(tx, id)?.ok_or(Error::not_found("Cette décision"))?;
            let item = meeting::get_item(tx, before.agenda_item_id)?;
            meeting::ensure_editable(tx, item.meeting_id)?;
            let d = input.into_decision(item.id, before.position, Some(&before))?;
            if d.outcome != before.outcome {
                crate::charter::ensure_decision_unused(tx, id)?;
            }
            apply_adoption(tx, &item, &d)?;
            save_decision(tx, &d)?;
            Ok(d)
        })
    }

    pub fn delete_decision(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx| {
            let d = find_decision(tx, id)?.ok_or(Error::not_found("Cette décision"))?;
            let item = meeting::get_item(tx, d.agenda_item_id)?;
            meeting::ensure_editable(tx, item.meeting_id)?;
            crate::charter::ensure_decision_unused(tx, id)?;
            let removed = Decision {
                outcome: Outcome::SansSuite,
                ..d.clone()
            };
            apply_adoption(tx, &item, &removed)?;
            tx.execute("DELETE FROM decisions WHERE id = ?1", [id.to_string()])?;
            Ok(())
        })
    }

    pub fn create_action(&mut self, council_id: Uuid, input: ActionInput) -> Result<Action> {
        self.write(|tx| {
            council::ensure_exists(tx, council_id)?;
            let a = input.into_action(tx, council_id, None)?;
            save_action(tx, &a)?;
            Ok(a)
        })
    }

    /// Actions follow up after the minutes are adopted, so they stay editable.
    pub fn update_action(&mut self, id: Uuid, input: ActionInput) -> Result<Action> {
        self.write(|tx| {
            let before = find_action(tx, id)?.ok_or(Error::not_found("Cette action"))?;
            let a = input.into_action(tx, before.council_id, Some(&before))?;
            save_action(tx, &a)?;
            Ok(a)
        })
    }

    pub fn list_council_actions(&mut self, council_id: Uuid) -> Result<Vec<Action>> {
        self.read(|tx| {
            council::ensure_exists(tx, council_id)?;
            list_actions(tx, council_id)
        })
    }

    /// Brouillon → diffusé: the minutes were sent to the members on `on`.
    pub fn distribute_minutes(&mut self, meeting_id: Uuid, on: NaiveDate) -> Result<Meeting> {
        self.write(|tx| {
            let mut m = meeting::ensure_editable(tx, meeting_id)?;
            let mut v = Validator::new();
            v.date_in_range("distributed_on", Some(on));
            if on < m.date {
                v.add(
                    "distributed_on",
                    "Un compte rendu ne peut pas être diffusé avant la réunion.",
                );
            }
            v.finish()?;
            m.minutes_status = MinutesStatus::Diffuse;
            m.distributed_on = Some(on);
            m.updated_at = now();
            meeting::save(tx, &m)?;
            Ok(m)
        })
    }

    /// Opens a rectificatif of adopted minutes: the adopted text is kept whole in the
    /// history, and a new version starts as a draft, to be adopted in its turn.
    pub fn open_rectification(&mut self, meeting_id: Uuid, reason: &str) -> Result<Meeting> {
        self.write(|tx| {
            let mut m = meeting::get(tx, meeting_id)?;
            if !m.is_locked() {
                return Err(Error::Conflict(
                    "Seul un compte rendu adopté se corrige par un rectificatif ; celui-ci peut encore être modifié directement.".into(),
                ));
            }
            let mut v = Validator::new();
            v.required("reason", reason, 2_000);
            v.finish()?;
            let detail = detail(tx, meeting_id)?;
            let snapshot = serde_json::to_string(&serde_json::json!({
                "meeting": detail.meeting,
                "items": detail.items,
                "attendance": detail.attendance,
                "guest_attendance": detail.guest_attendance,
                "actions": detail.actions,
            }))
            .map_err(|e| Error::Conflict(format!("copie du compte rendu impossible : {e}")))?;
            let t = now();
            save_version(
                tx,
                &MinutesVersion {
                    id: Uuid::new_v4(),
                    meeting_id,
                    version: m.minutes_version,
                    reason: reason.trim().to_string(),
                    adopted_on: m.adopted_on,
                    snapshot,
                    created_at: t,
                    updated_at: t,
                },
            )?;
            m.minutes_version = m.minutes_version.saturating_add(1);
            m.minutes_status = MinutesStatus::Brouillon;
            m.adopted_on = None;
            m.adopted_by_decision_id = None;
            m.distributed_on = None;
            m.updated_at = t;
            meeting::save(tx, &m)?;
            Ok(m)
        })
    }

    pub fn meeting_detail(&mut self, meeting_id: Uuid) -> Result<MeetingDetail> {
        self.read(|tx| detail(tx, meeting_id))
    }

    /// Deferred items, unadopted minutes and open actions for the next agenda of a meeting.
    pub fn agenda_suggestions(&mut self, meeting_id: Uuid) -> Result<AgendaSuggestions> {
        self.read(|tx| {
            let m = meeting::get(tx, meeting_id)?;
            let meetings = meeting::list(tx, m.council_id)?;
            let earlier: Vec<&Meeting> = meetings
                .iter()
                .filter(|x| {
                    x.id != m.id && x.date <= m.date && x.status != meeting::MeetingStatus::Annulee
                })
                .collect();
            let mut all_items = Vec::new();
            for x in &meetings {
                all_items.extend(meeting::list_items(tx, x.id)?);
            }
            let mut deferred_items = Vec::new();
            for x in &earlier {
                for item in all_items.iter().filter(|i| i.meeting_id == x.id) {
                    let deferred = list_decisions(tx, item.id)?
                        .iter()
                        .any(|d| d.outcome == Outcome::Reporte);
                    let taken_up = all_items
                        .iter()
                        .any(|i| i.deferred_from_item_id == Some(item.id));
                    if deferred && !taken_up {
                        deferred_items.push(item.clone());
                    }
                }
            }
            let minutes_to_approve = earlier
                .iter()
                .filter(|x| {
                    x.status == meeting::MeetingStatus::Tenue
                        && !x.is_locked()
                        && !all_items
                            .iter()
                            .any(|i| i.approves_meeting_id == Some(x.id))
                })
                .map(|x| (*x).clone())
                .collect();
            let open_actions = list_actions(tx, m.council_id)?
                .into_iter()
                .filter(|a| a.status.is_open())
                .collect();
            Ok(AgendaSuggestions {
                deferred_items,
                minutes_to_approve,
                open_actions,
            })
        })
    }
}

pub(crate) fn detail(tx: &rusqlite::Connection, meeting_id: Uuid) -> Result<MeetingDetail> {
    let meeting = meeting::get(tx, meeting_id)?;
    let council = council::get(tx, meeting.council_id)?;
    let mut items = Vec::new();
    for item in meeting::list_items(tx, meeting_id)? {
        let decisions = list_decisions(tx, item.id)?;
        items.push(ItemDetail { item, decisions });
    }
    let all_members = member::list(tx, meeting.council_id)?;
    let attendance = meeting::list_attendance(tx, meeting_id)?;
    // Members in office that day, plus anyone recorded (a member who left since stays in the record).
    let members: Vec<Member> = all_members
        .into_iter()
        .filter(|m| m.active_on(meeting.date) || attendance.iter().any(|a| a.member_id == m.id))
        .collect();
    let in_office: Vec<&Member> = members
        .iter()
        .filter(|m| m.active_on(meeting.date))
        .collect();
    let quorum = quorum_status(&council.quorum_rule, &in_office, &attendance);
    let guests = guest::list(tx, meeting.council_id)?;
    let guest_attendance = meeting::list_guest_attendance(tx, meeting_id)?;
    let item_ids: Vec<Uuid> = items.iter().map(|i| i.item.id).collect();
    let all_actions = list_actions(tx, meeting.council_id)?;
    let actions = all_actions
        .iter()
        .filter(|a| a.agenda_item_id.is_some_and(|i| item_ids.contains(&i)))
        .cloned()
        .collect();
    let open_actions = all_actions
        .into_iter()
        .filter(|a| a.status.is_open() && !a.agenda_item_id.is_some_and(|i| item_ids.contains(&i)))
        .collect();
    let versions = list_versions(tx, meeting_id)?;
    Ok(MeetingDetail {
        meeting,
        council,
        items,
        members,
        attendance,
        guests,
        guest_attendance,
        quorum,
        actions,
        open_actions,
        versions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_read_the_french_way() {
        let mut v = Validator::new();
        assert_eq!(parse_euros(&mut v, "a", "1 000"), Some(100_000));
        assert_eq!(parse_euros(&mut v, "a", "1\u{202f}000,50 €"), Some(100_050));
        assert_eq!(parse_euros(&mut v, "a", "12,5"), Some(1_250));
        assert_eq!(parse_euros(&mut v, "a", ""), None);
        assert!(v.is_ok());
        assert_eq!(parse_euros(&mut v, "a", "douze"), None);
        assert_eq!(parse_euros(&mut v, "b", "1,234"), None);
        assert!(!v.is_ok());
    }
}
