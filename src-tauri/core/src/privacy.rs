//! Personal data (RGPD): what Quorum holds about one member, as JSON and as a
//! readable PDF (droit d'accès, art. 15); clearing the contact details of people who
//! left; anonymising a former member while keeping past minutes coherent (their
//! attendance, proxies and signatures stay, under « Membre anonymisé »); and the
//! reminder about former members whose details are still kept.
//!
//! Members who did not consent to be named already appear by initials in every
//! published document (`meeting_docs::printed_name`).

use crate::db::{now, Store};
use crate::doc::{render_pdf, Block, Cell, Column, Document, KeyValue, Metadata, Row, Table};
use crate::error::{Error, Result};
use crate::format;
use crate::member::{self, Member, MemberEvent, MemberEventKind};
use crate::minutes::Action;
use crate::sql;
use crate::{council, meeting};
use chrono::{Months, NaiveDate, Utc};
use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

/// Former members whose contact details are kept longer than this are listed in the
/// reminder: two years covers a mandate's follow-up and the minutes' adoption.
pub const STALE_AFTER_MONTHS: u32 = 24;

/// The name an anonymised member takes in every document, past and future.
pub const ANONYMISED_NAME: &str = "Membre anonymisé";

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AttendanceLine {
    pub meeting_id: Uuid,
    pub meeting_title: String,
    pub meeting_date: NaiveDate,
    /// présent, excusé, absent, représenté.
    pub state: String,
    /// Who held their proxy, when they were represented.
    pub proxy_to: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SignatureLine {
    pub charter_title: String,
    pub version: u32,
    pub place: String,
    pub signed_on: Option<NaiveDate>,
}

/// Everything Quorum holds about one member.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MemberData {
    pub generated_at: chrono::DateTime<Utc>,
    pub council_name: String,
    pub member: Member,
    pub history: Vec<MemberEvent>,
    pub attendance: Vec<AttendanceLine>,
    /// Meetings at which they held someone else's proxy.
    pub proxies_held: Vec<AttendanceLine>,
    pub actions: Vec<Action>,
    pub signatures: Vec<SignatureLine>,
}

/// A former member whose contact details are still kept.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StaleContact {
    pub member_id: Uuid,
    pub name: String,
    pub exit_date: NaiveDate,
}

fn state_word(state: meeting::AttendanceState) -> &'static str {
    use meeting::AttendanceState as S;
    match state {
        S::Present => "présent",
        S::Excuse => "excusé",
        S::Absent => "absent",
        S::Represente => "représenté",
    }
}

fn role_word(role: member::MemberRole) -> &'static str {
    use member::MemberRole as R;
    match role {
        R::Animateur => "animateur ou animatrice",
        R::Secretaire => "secrétaire",
        R::Referent => "référent ou référente",
        R::Tresorier => "trésorier ou trésorière",
        R::PorteParole => "porte-parole",
        R::RepresentantCopil => "représentant au comité de pilotage",
    }
}

fn has_contact(m: &Member) -> bool {
    !(m.phone.trim().is_empty() && m.email.trim().is_empty() && m.postal_address.trim().is_empty())
}

fn name_of(tx: &rusqlite::Connection, id: Option<Uuid>) -> Result<Option<String>> {
    Ok(match id {
        Some(id) => member::find(tx, id)?.map(|m| m.display_name()),
        None => None,
    })
}

fn attendance_lines(
    tx: &rusqlite::Connection,
    column: &str,
    member_id: Uuid,
) -> Result<Vec<AttendanceLine>> {
    let mut stmt = tx.prepare(&format!(
        "SELECT m.id, m.title, m.date, a.state, a.proxy_member_id, a.note, a.member_id
         FROM attendances a JOIN meetings m ON m.id = a.meeting_id
         WHERE a.{column} = ?1 ORDER BY m.date, m.title"
    ))?;
    let rows = stmt.query_map([member_id.to_string()], |r| {
        Ok((
            sql::uuid(r, 0)?,
            r.get::<_, String>(1)?,
            r.get::<_, NaiveDate>(2)?,
            sql::enum_col::<meeting::AttendanceState>(r, 3)?,
            sql::opt_uuid(r, 4)?,
            r.get::<_, String>(5)?,
            sql::uuid(r, 6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (meeting_id, title, date, state, proxy, note, holder) = row?;
        let proxy_to = if column == "member_id" {
            name_of(tx, proxy)?
        } else {
            // For proxies held, say whose proxy it was.
            name_of(tx, Some(holder))?
        };
        out.push(AttendanceLine {
            meeting_id,
            meeting_title: title,
            meeting_date: date,
            state: state_word(state).to_string(),
            proxy_to,
            note,
        });
    }
    Ok(out)
}

fn member_data(tx: &rusqlite::Connection, member_id: Uuid) -> Result<MemberData> {
    let m = member::find(tx, member_id)?.ok_or(Error::not_found("Ce membre"))?;
    let council = council::get(tx, m.council_id)?;
    let actions = crate::minutes::list_actions(tx, m.council_id)?
        .into_iter()
        .filter(|a| a.owner_member_id == Some(member_id))
        .collect();
    let mut stmt = tx.prepare(
        "SELECT v.title, v.number, s.place, s.signed_on FROM charter_signatures s
         JOIN charter_versions v ON v.id = s.version_id
         WHERE s.member_id = ?1 ORDER BY v.number",
    )?;
    let signatures = stmt
        .query_map([member_id.to_string()], |r| {
            Ok(SignatureLine {
                charter_title: r.get(0)?,
                version: r.get(1)?,
                place: r.get(2)?,
                signed_on: sql::opt_date(r, 3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(MemberData {
        generated_at: now(),
        council_name: council.name,
        history: member::list_events(tx, member_id)?,
        attendance: attendance_lines(tx, "member_id", member_id)?,
        proxies_held: attendance_lines(tx, "proxy_member_id", member_id)?,
        actions,
        signatures,
        member: m,
    })
}

/// The readable version of [`MemberData`], for the member to keep.
pub fn member_data_document(data: &MemberData) -> Document {
    let m = &data.member;
    let name = m.display_name();
    let mut meta = Metadata::new(
        format!("Données personnelles — {name}"),
        data.generated_at.fixed_offset(),
    );
    meta.author = data.council_name.clone();
    meta.subject =
        "Données détenues par le conseil citoyen sur un membre (RGPD, droit d'accès)".into();
    let mut doc = Document::new(meta);
    doc.header = format!("{} — Données personnelles", data.council_name);
    doc.footer = format!(
        "Données de {name}, extraites le {}",
        format::date(data.generated_at.date_naive())
    );
    doc.push(Block::heading(
        1,
        format!("Vos données dans Quorum : {name}"),
    ));
    doc.push(Block::paragraph(format!(
        "Voici tout ce que le {} enregistre à votre sujet dans Quorum, à la date du {}. Vous pouvez demander qu'on corrige ces informations, qu'on efface vos coordonnées, ou, si vous avez quitté le conseil, qu'on vous anonymise : les comptes rendus passés indiqueront alors « {ANONYMISED_NAME} ».",
        data.council_name,
        format::date(data.generated_at.date_naive())
    )));
    let or_none = |s: &str| {
        if s.trim().is_empty() {
            "—".to_string()
        } else {
            s.trim().to_string()
        }
    };
    let date_or_none = |d: Option<NaiveDate>| d.map_or("—".to_string(), format::date);
    doc.push(Block::heading(2, "Identité et coordonnées"));
    doc.push(Block::KeyValues(vec![
        KeyValue::new("Nom", or_none(&name)),
        KeyValue::new("Collège", m.college.label()),
        KeyValue::new("Statut", m.status.label()),
        KeyValue::new("Structure", or_none(&m.organisation)),
        KeyValue::new(
            "Rôles",
            or_none(
                &m.roles
                    .iter()
                    .map(|r| role_word(*r))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ),
        KeyValue::new("Entrée au conseil", date_or_none(m.entry_date)),
        KeyValue::new("Sortie du conseil", date_or_none(m.exit_date)),
        KeyValue::new("Téléphone", or_none(&m.phone)),
        KeyValue::new("Courriel", or_none(&m.email)),
        KeyValue::new("Adresse", or_none(&m.postal_address)),
        KeyValue::new(
            "Nom dans les documents publiés",
            if m.consent_to_be_named {
                "en toutes lettres (accord donné)"
            } else {
                "initiales seulement (pas d'accord)"
            },
        ),
        KeyValue::new("Notes", or_none(&m.notes)),
    ]));
    let table = |columns: Vec<Column>, rows: Vec<Row>| {
        Block::Table(Table {
            columns,
            rows,
            ..Table::default()
        })
    };
    doc.push(Block::heading(2, "Historique"));
    if data.history.is_empty() {
        doc.push(Block::paragraph("Aucun événement enregistré."));
    } else {
        doc.push(table(
            vec![Column::new("Date", 30.0), Column::new("Événement", 140.0)],
            data.history
                .iter()
                .map(|e| {
                    Row::new(vec![
                        Cell::new(format::date(e.date)),
                        Cell::new(e.detail.clone()),
                    ])
                })
                .collect(),
        ));
    }
    doc.push(Block::heading(2, "Présences aux réunions"));
    if data.attendance.is_empty() {
        doc.push(Block::paragraph("Aucune présence enregistrée."));
    } else {
        doc.push(table(
            vec![
                Column::new("Date", 30.0),
                Column::new("Réunion", 80.0),
                Column::new("Présence", 60.0),
            ],
            data.attendance
                .iter()
                .map(|a| {
                    let state = match &a.proxy_to {
                        Some(p) => format!("{} (pouvoir à {p})", a.state),
                        None => a.state.clone(),
                    };
                    Row::new(vec![
                        Cell::new(format::date(a.meeting_date)),
                        Cell::new(a.meeting_title.clone()),
                        Cell::new(state),
                    ])
                })
                .collect(),
        ));
    }
    if !data.proxies_held.is_empty() {
        doc.push(Block::heading(2, "Pouvoirs reçus"));
        doc.push(table(
            vec![
                Column::new("Date", 30.0),
                Column::new("Réunion", 80.0),
                Column::new("Pouvoir de", 60.0),
            ],
            data.proxies_held
                .iter()
                .map(|a| {
                    Row::new(vec![
                        Cell::new(format::date(a.meeting_date)),
                        Cell::new(a.meeting_title.clone()),
                        Cell::new(a.proxy_to.clone().unwrap_or_default()),
                    ])
                })
                .collect(),
        ));
    }
    doc.push(Block::heading(2, "Actions dont vous êtes responsable"));
    if data.actions.is_empty() {
        doc.push(Block::paragraph("Aucune."));
    } else {
        doc.push(table(
            vec![Column::new("Action", 120.0), Column::new("Échéance", 50.0)],
            data.actions
                .iter()
                .map(|a| {
                    let due = a
                        .due_date
                        .map(format::date)
                        .unwrap_or_else(|| or_none(&a.due_text));
                    Row::new(vec![Cell::new(a.description.clone()), Cell::new(due)])
                })
                .collect(),
        ));
    }
    doc.push(Block::heading(2, "Signatures de la charte"));
    if data.signatures.is_empty() {
        doc.push(Block::paragraph("Aucune."));
    } else {
        doc.push(table(
            vec![
                Column::new("Texte", 110.0),
                Column::new("Version", 20.0),
                Column::new("Signée", 40.0),
            ],
            data.signatures
                .iter()
                .map(|s| {
                    let when = match (s.place.trim(), s.signed_on) {
                        ("", Some(d)) => format!("le {}", format::date(d)),
                        (p, Some(d)) => format!("à {p}, le {}", format::date(d)),
                        (p, None) => or_none(p),
                    };
                    Row::new(vec![
                        Cell::new(s.charter_title.clone()),
                        Cell::new(s.version.to_string()),
                        Cell::new(when),
                    ])
                })
                .collect(),
        ));
    }
    doc
}

impl Store {
    /// Everything held about one member (droit d'accès).
    pub fn member_data(&mut self, member_id: Uuid) -> Result<MemberData> {
        self.read(|tx| member_data(tx, member_id))
    }

    pub fn member_data_json(&mut self, member_id: Uuid) -> Result<String> {
        let data = self.member_data(member_id)?;
        serde_json::to_string_pretty(&data)
            .map(|s| s + "\n")
            .map_err(|e| Error::Conflict(format!("écriture JSON impossible : {e}")))
    }

    pub fn member_data_pdf(&mut self, member_id: Uuid) -> Result<Vec<u8>> {
        let data = self.member_data(member_id)?;
        render_pdf(&member_data_document(&data))
    }

    /// Clears a member's phone, e-mail and postal address (kept: name, collège, history).
    pub fn clear_member_contacts(&mut self, member_id: Uuid) -> Result<Member> {
        self.write(|tx| {
            let mut m = member::find(tx, member_id)?.ok_or(Error::not_found("Ce membre"))?;
            m.phone.clear();
            m.email.clear();
            m.postal_address.clear();
            m.updated_at = now();
            member::save(tx, &m)?;
            Ok(m)
        })
    }

    /// Anonymises a member who has left: name, structure, contact details, notes and
    /// the wording of their history are erased; collège, status, sex and dates stay,
    /// so past attendance, quorums, parity counts, proxies and signatures keep adding
    /// up (none of these identifies a person once the name is gone). Cannot be undone.
    pub fn anonymise_member(&mut self, member_id: Uuid, today: NaiveDate) -> Result<Member> {
        self.write(|tx| {
            let mut m = member::find(tx, member_id)?.ok_or(Error::not_found("Ce membre"))?;
            if m.exit_date.is_none_or(|d| d > today) {
                return Err(Error::validation(
                    "exit_date",
                    "Seul un membre qui a quitté le conseil peut être anonymisé : indiquez d'abord sa date de sortie.",
                ));
            }
            let t = now();
            m.first_name.clear();
            m.last_name = ANONYMISED_NAME.to_string();
            m.organisation.clear();
            m.phone.clear();
            m.email.clear();
            m.postal_address.clear();
            m.notes.clear();
            m.consent_to_be_named = false;
            m.updated_at = t;
            member::save(tx, &m)?;
            for mut e in member::list_events(tx, member_id)? {
                if !e.detail.is_empty() {
                    e.detail.clear();
                    e.updated_at = t;
                    member::save_event(tx, &e)?;
                }
            }
            // Notes about their attendance (« arrivée au point 3 ») may name them.
            tx.execute(
                "UPDATE attendances SET note = '', updated_at = ?2 WHERE member_id = ?1 AND note != ''",
                params![member_id.to_string(), sql::ts_text(&t)],
            )?;
            member::save_event(
                tx,
                &MemberEvent {
                    id: Uuid::new_v4(),
                    member_id,
                    date: today,
                    kind: MemberEventKind::Changement,
                    detail: "Données personnelles effacées (anonymisation)".into(),
                    created_at: t,
                    updated_at: t,
                },
            )?;
            Ok(m)
        })
    }

    /// Former members who left more than [`STALE_AFTER_MONTHS`] ago and whose contact
    /// details are still kept: the reminder shown on the members' screen.
    pub fn stale_contacts(
        &mut self,
        council_id: Uuid,
        today: NaiveDate,
    ) -> Result<Vec<StaleContact>> {
        let limit = today
            .checked_sub_months(Months::new(STALE_AFTER_MONTHS))
            .unwrap_or(today);
        self.read(|tx| {
            council::ensure_exists(tx, council_id)?;
            Ok(member::list(tx, council_id)?
                .into_iter()
                .filter(|m| m.exit_date.is_some_and(|d| d <= limit) && has_contact(m))
                .map(|m| StaleContact {
                    member_id: m.id,
                    name: m.display_name(),
                    exit_date: m.exit_date.unwrap_or(limit),
                })
                .collect())
        })
    }
}
