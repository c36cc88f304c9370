//! Councils (conseils citoyens, tables de quartier…) and their neighbourhoods.

use crate::db::{now, Store};
use crate::error::{Error, Result, Validator};
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
pub enum ParticipationForm {
    ConseilCitoyen,
    TableDeQuartier,
    Autre,
}

/// Which members a quorum is counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum QuorumBase {
    /// Titulaires in office on the day of the meeting.
    Titulaires,
    /// Every member in office (titulaires, suppléants, membres complémentaires).
    Membres,
}

/// The council's rule, used by meetings to tell whether they can decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum QuorumRule {
    /// No quorum: the council decides with whoever is there.
    Aucun,
    /// At least `numerator / denominator` of the base, rounded up (« un tiers des titulaires »).
    Fraction {
        numerator: u32,
        denominator: u32,
        base: QuorumBase,
    },
    /// More than half of the base.
    Majorite { base: QuorumBase },
    /// A fixed number of people present.
    Nombre { count: u32 },
}

impl Default for QuorumRule {
    fn default() -> Self {
        QuorumRule::Fraction {
            numerator: 1,
            denominator: 3,
            base: QuorumBase::Titulaires,
        }
    }
}

impl QuorumRule {
    /// How many people must be present when the base counts `base_count` members.
    pub fn required(&self, base_count: u32) -> u32 {
        match *self {
            QuorumRule::Aucun => 0,
            QuorumRule::Fraction {
                numerator,
                denominator,
                ..
            } => {
                let den = u64::from(denominator.max(1));
                let needed = (u64::from(base_count) * u64::from(numerator)).div_ceil(den);
                u32::try_from(needed).unwrap_or(u32::MAX)
            }
            QuorumRule::Majorite { .. } => base_count / 2 + 1,
            QuorumRule::Nombre { count } => count,
        }
    }

    pub fn base(&self) -> Option<QuorumBase> {
        match *self {
            QuorumRule::Fraction { base, .. } | QuorumRule::Majorite { base } => Some(base),
            _ => None,
        }
    }

    /// « un tiers des titulaires », for the command line and documents.
    pub fn describe(&self) -> String {
        let base = |b: QuorumBase| match b {
            QuorumBase::Titulaires => "des titulaires",
            QuorumBase::Membres => "des membres",
        };
        match *self {
            QuorumRule::Aucun => "pas de quorum".into(),
            QuorumRule::Fraction {
                numerator,
                denominator,
                base: b,
            } => {
                let fraction = match (numerator, denominator) {
                    (1, 2) => "la moitié".to_string(),
                    (1, 3) => "un tiers".to_string(),
                    (2, 3) => "deux tiers".to_string(),
                    (1, 4) => "un quart".to_string(),
                    (n, d) => format!("{n}/{d}"),
                };
                format!("{fraction} {}", base(b))
            }
            QuorumRule::Majorite { base: b } => format!("la majorité {}", base(b)),
            QuorumRule::Nombre { count } => format!("{count} personnes présentes"),
        }
    }

    fn validate(&self, v: &mut Validator) {
        match *self {
            QuorumRule::Fraction {
                numerator,
                denominator,
                ..
            } if denominator == 0 || numerator == 0 || numerator > denominator => {
                v.add(
                    "quorum_rule",
                    "La fraction doit être comprise entre 0 et 1 (par exemple 1 sur 3).",
                );
            }
            QuorumRule::Nombre { count } if count == 0 || count > 1000 => {
                v.add(
                    "quorum_rule",
                    "Indiquez un nombre de personnes entre 1 et 1 000.",
                );
            }
            _ => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Neighbourhood {
    pub id: Uuid,
    /// Name of the quartier prioritaire de la politique de la ville.
    pub qpv_name: String,
    /// Official code of the QPV, for example QP093010; may be empty.
    pub qpv_code: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Council {
    pub id: Uuid,
    pub name: String,
    pub commune: String,
    pub contrat_de_ville: String,
    pub participation_form: ParticipationForm,
    /// The name of the form when it is « autre ».
    pub participation_form_other: String,
    pub neighbourhoods: Vec<Neighbourhood>,
    pub prefectoral_order_number: String,
    pub prefectoral_order_date: Option<NaiveDate>,
    pub quorum_rule: QuorumRule,
    pub archived_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One line of the list of councils.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CouncilSummary {
    pub id: Uuid,
    pub name: String,
    pub commune: String,
    pub participation_form: ParticipationForm,
    pub neighbourhoods: Vec<String>,
    /// Members in office today.
    pub active_members: u32,
    pub archived: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NeighbourhoodInput {
    /// Present when editing an existing neighbourhood, absent for a new one.
    pub id: Option<Uuid>,
    pub qpv_name: String,
    pub qpv_code: String,
}

/// What the council form sends. Dates are text as typed; the core parses and checks them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CouncilInput {
    pub name: String,
    pub commune: String,
    pub contrat_de_ville: String,
    pub participation_form: ParticipationForm,
    pub participation_form_other: String,
    pub neighbourhoods: Vec<NeighbourhoodInput>,
    pub prefectoral_order_number: String,
    pub prefectoral_order_date: String,
    pub quorum_rule: QuorumRule,
}

const NAME_MAX: usize = 200;
const TEXT_MAX: usize = 300;

impl Council {
    /// Domain checks shared by the form and by imports.
    pub fn check(&self, v: &mut Validator) {
        v.required("name", &self.name, NAME_MAX);
        v.required("commune", &self.commune, NAME_MAX);
        v.max_len("contrat_de_ville", &self.contrat_de_ville, TEXT_MAX);
        if self.participation_form == ParticipationForm::Autre {
            v.required(
                "participation_form_other",
                &self.participation_form_other,
                NAME_MAX,
            );
        } else {
            v.max_len(
                "participation_form_other",
                &self.participation_form_other,
                NAME_MAX,
            );
        }
        v.max_len(
            "prefectoral_order_number",
            &self.prefectoral_order_number,
            100,
        );
        v.date_in_range("prefectoral_order_date", self.prefectoral_order_date);
        self.quorum_rule.validate(v);
        for (i, n) in self.neighbourhoods.iter().enumerate() {
            v.required(
                &format!("neighbourhoods.{i}.qpv_name"),
                &n.qpv_name,
                NAME_MAX,
            );
            if !n.qpv_code.is_empty()
                && (n.qpv_code.chars().count() > 12
                    || !n.qpv_code.chars().all(|c| c.is_ascii_alphanumeric()))
            {
                v.add(
                    format!("neighbourhoods.{i}.qpv_code"),
                    "Le code QPV ne contient que des lettres et des chiffres (par exemple QP093010).",
                );
            }
        }
    }
}

impl CouncilInput {
    /// Builds the council this input describes, keeping the identity and the
    /// neighbourhoods' identities of `existing` when editing.
    fn into_council(self, existing: Option<&Council>) -> Result<Council> {
        let mut v = Validator::new();
        let order_date = v.date("prefectoral_order_date", &self.prefectoral_order_date);
        let t = now();
        let neighbourhoods = self
            .neighbourhoods
            .into_iter()
            .filter(|n| !(n.qpv_name.trim().is_empty() && n.qpv_code.trim().is_empty()))
            .map(|n| {
                let previous = existing.and_then(|c| {
                    n.id.and_then(|id| c.neighbourhoods.iter().find(|x| x.id == id))
                });
                let qpv_name = n.qpv_name.trim().to_string();
                let qpv_code = n.qpv_code.trim().to_uppercase();
                match previous {
                    Some(p) if p.qpv_name == qpv_name && p.qpv_code == qpv_code => p.clone(),
                    Some(p) => Neighbourhood {
                        qpv_name,
                        qpv_code,
                        updated_at: t,
                        ..p.clone()
                    },
                    None => Neighbourhood {
                        id: Uuid::new_v4(),
                        qpv_name,
                        qpv_code,
                        created_at: t,
                        updated_at: t,
                    },
                }
            })
            .collect();
        let council = Council {
            id: existing.map(|c| c.id).unwrap_or_else(Uuid::new_v4),
            name: self.name.trim().to_string(),
            commune: self.commune.trim().to_string(),
            contrat_de_ville: self.contrat_de_ville.trim().to_string(),
            participation_form: self.participation_form,
            participation_form_other: if self.participation_form == ParticipationForm::Autre {
                self.participation_form_other.trim().to_string()
            } else {
                String::new()
            },
            neighbourhoods,
            prefectoral_order_number: self.prefectoral_order_number.trim().to_string(),
            prefectoral_order_date: order_date,
            quorum_rule: self.quorum_rule,
            archived_at: existing.and_then(|c| c.archived_at),
            created_at: existing.map(|c| c.created_at).unwrap_or(t),
            updated_at: t,
        };
        council.check(&mut v);
        v.finish()?;
        Ok(council)
    }
}

const COUNCIL_COLUMNS: &str = "id, name, commune, contrat_de_ville, participation_form, \
    participation_form_other, prefectoral_order_number, prefectoral_order_date, quorum_rule, \
    archived_at, created_at, updated_at";

fn council_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Council> {
    Ok(Council {
        id: sql::uuid(row, 0)?,
        name: row.get(1)?,
        commune: row.get(2)?,
        contrat_de_ville: row.get(3)?,
        participation_form: sql::enum_col(row, 4)?,
        participation_form_other: row.get(5)?,
        prefectoral_order_number: row.get(6)?,
        prefectoral_order_date: sql::opt_date(row, 7)?,
        quorum_rule: sql::json_col(row, 8)?,
        archived_at: sql::opt_ts(row, 9)?,
        created_at: sql::ts(row, 10)?,
        updated_at: sql::ts(row, 11)?,
        neighbourhoods: Vec::new(),
    })
}

/// Reads one council with its neighbourhoods, or `None`.
pub(crate) fn find(tx: &rusqlite::Connection, id: Uuid) -> Result<Option<Council>> {
    let council = tx
        .query_row(
            &format!("SELECT {COUNCIL_COLUMNS} FROM councils WHERE id = ?1"),
            [id.to_string()],
            council_from_row,
        )
        .optional()?;
    let Some(mut council) = council else {
        return Ok(None);
    };
    let mut stmt = tx.prepare_cached(
        "SELECT id, qpv_name, qpv_code, created_at, updated_at FROM neighbourhoods
         WHERE council_id = ?1 ORDER BY position",
    )?;
    council.neighbourhoods = stmt
        .query_map([id.to_string()], |r| {
            Ok(Neighbourhood {
                id: sql::uuid(r, 0)?,
                qpv_name: r.get(1)?,
                qpv_code: r.get(2)?,
                created_at: sql::ts(r, 3)?,
                updated_at: sql::ts(r, 4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(council))
}

pub(crate) fn get(tx: &rusqlite::Connection, id: Uuid) -> Result<Council> {
    find(tx, id)?.ok_or(Error::not_found("Ce conseil"))
}

/// The same error as [`get`] when the council does not exist, without reading it (its
/// neighbourhoods are a second query): for the many reads that only check the id.
pub(crate) fn ensure_exists(tx: &rusqlite::Connection, id: Uuid) -> Result<()> {
    let exists = tx
        .prepare_cached("SELECT 1 FROM councils WHERE id = ?1")?
        .exists([id.to_string()])?;
    if exists {
        Ok(())
    } else {
        Err(Error::not_found("Ce conseil"))
    }
}

/// Inserts or replaces a council row and its neighbourhoods.
pub(crate) fn save(tx: &Transaction<'_>, c: &Council) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO councils ({COUNCIL_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, commune = excluded.commune,
               contrat_de_ville = excluded.contrat_de_ville, participation_form = excluded.participation_form,
               participation_form_other = excluded.participation_form_other,
               prefectoral_order_number = excluded.prefectoral_order_number,
               prefectoral_order_date = excluded.prefectoral_order_date, quorum_rule = excluded.quorum_rule,
               archived_at = excluded.archived_at, updated_at = excluded.updated_at"
        ),
        params![
            c.id.to_string(),
            c.name,
            c.commune,
            c.contrat_de_ville,
            sql::enum_text(&c.participation_form),
            c.participation_form_other,
            c.prefectoral_order_number,
            c.prefectoral_order_date,
            sql::json_text(&c.quorum_rule),
            sql::opt_ts_text(&c.archived_at),
            sql::ts_text(&c.created_at),
            sql::ts_text(&c.updated_at),
        ],
    )?;
    tx.execute(
        "DELETE FROM neighbourhoods WHERE council_id = ?1",
        [c.id.to_string()],
    )?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO neighbourhoods (id, council_id, position, qpv_name, qpv_code, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, n) in c.neighbourhoods.iter().enumerate() {
        stmt.execute(params![
            n.id.to_string(),
            c.id.to_string(),
            i as i64,
            n.qpv_name,
            n.qpv_code,
            sql::ts_text(&n.created_at),
            sql::ts_text(&n.updated_at),
        ])?;
    }
    Ok(())
}

impl Store {
    /// Councils by name; archived ones only when asked.
    pub fn list_councils(&mut self, include_archived: bool) -> Result<Vec<CouncilSummary>> {
        let today = chrono::Local::now().date_naive();
        self.read(|tx| {
            let mut stmt = tx.prepare(
                "SELECT c.id, c.name, c.commune, c.participation_form, c.archived_at IS NOT NULL,
                   (SELECT count(*) FROM members m WHERE m.council_id = c.id
                      AND (m.entry_date IS NULL OR m.entry_date <= ?1)
                      AND (m.exit_date IS NULL OR m.exit_date > ?1)),
                   (SELECT group_concat(qpv_name, char(31)) FROM
                      (SELECT qpv_name FROM neighbourhoods n WHERE n.council_id = c.id ORDER BY position))
                 FROM councils c
                 WHERE ?2 OR c.archived_at IS NULL
                 ORDER BY c.archived_at IS NOT NULL, c.name COLLATE NOCASE",
            )?;
            let rows = stmt.query_map(params![today, include_archived], |r| {
                let hoods: Option<String> = r.get(6)?;
                Ok(CouncilSummary {
                    id: sql::uuid(r, 0)?,
                    name: r.get(1)?,
                    commune: r.get(2)?,
                    participation_form: sql::enum_col(r, 3)?,
                    archived: r.get(4)?,
                    active_members: r.get(5)?,
                    neighbourhoods: hoods
                        .map(|h| h.split('\u{1f}').map(str::to_string).collect())
                        .unwrap_or_default(),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn get_council(&mut self, id: Uuid) -> Result<Council> {
        get(self.conn(), id)
    }

    pub fn create_council(&mut self, input: CouncilInput) -> Result<Council> {
        let council = input.into_council(None)?;
        self.write(|tx| save(tx, &council))?;
        Ok(council)
    }

    pub fn update_council(&mut self, id: Uuid, input: CouncilInput) -> Result<Council> {
        self.write(|tx| {
            let existing = get(tx, id)?;
            let council = input.into_council(Some(&existing))?;
            save(tx, &council)?;
            Ok(council)
        })
    }

    /// Archiving hides a council from the list without deleting anything; it can be undone.
    pub fn set_council_archived(&mut self, id: Uuid, archived: bool) -> Result<Council> {
        self.write(|tx| {
            let mut c = get(tx, id)?;
            let t = now();
            c.archived_at = if archived {
                Some(c.archived_at.unwrap_or(t))
            } else {
                None
            };
            c.updated_at = t;
            save(tx, &c)?;
            Ok(c)
        })
    }
}
