//! The JSON exchange format: the whole database in one file, and its import by merge.
//!
//! Import rules (documented in docs/data-format.md):
//! - records are matched by UUID; an unknown UUID is added;
//! - a known UUID is updated only when the file's `updated_at` is newer than the
//!   database's, otherwise it is skipped (so importing twice changes nothing);
//! - the whole file is checked before anything is written, and written in one
//!   transaction: invalid input writes nothing.

use crate::calendar::{self, AvisRequest, Demarche, Event, Phase};
use crate::charter::{self, Charter, CharterVersion, Section, Signature, VersionStatus};
use crate::council::{self, Council};
use crate::db::{now, Store};
use crate::error::{Error, Result, Validator};
use crate::guest::{self, Guest};
use crate::meeting::{self, AgendaItem, Attendance, GuestAttendance, Meeting};
use crate::member::{self, Member, MemberEvent};
use crate::minutes::{self, Action, Decision, MinutesVersion};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use ts_rs::TS;
use uuid::Uuid;

/// Bumped when the format changes in a way older readers cannot follow.
pub const FORMAT_VERSION: u32 = 3;
/// Files larger than this are refused before being read into memory.
pub const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

/// A whole Quorum export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(
    title = "Quorum export",
    description = "Toutes les données d'une base Quorum."
)]
pub struct ExportDocument {
    /// Version of this format; Quorum refuses files of a newer version than it knows.
    pub format_version: u32,
    /// Name and version of the program that wrote the file.
    pub generator: String,
    pub exported_at: DateTime<Utc>,
    pub councils: Vec<CouncilExport>,
}

/// One council with everything that belongs to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CouncilExport {
    pub council: Council,
    pub members: Vec<Member>,
    /// History lines of the members above.
    pub member_events: Vec<MemberEvent>,
    pub guests: Vec<Guest>,
    /// Since format 2.
    #[serde(default)]
    pub meetings: Vec<MeetingExport>,
    /// Follow-up actions of the council (since format 2).
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Charters and règlements intérieurs with all their versions (since format 3).
    #[serde(default)]
    pub charters: Vec<CharterExport>,
    /// Démarches de concertation with their phases (since format 3).
    #[serde(default)]
    pub demarches: Vec<DemarcheExport>,
    /// Calendar events, single or recurring (since format 3).
    #[serde(default)]
    pub events: Vec<Event>,
    /// Avis asked of the council, with their deadlines (since format 3).
    #[serde(default)]
    pub avis_requests: Vec<AvisRequest>,
}

/// One démarche de concertation and its phases, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DemarcheExport {
    pub demarche: Demarche,
    pub phases: Vec<Phase>,
}

/// One charter: every version, the sections of each, and who signed which.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CharterExport {
    pub charter: Charter,
    pub versions: Vec<CharterVersion>,
    pub sections: Vec<Section>,
    pub signatures: Vec<Signature>,
}

/// One meeting with its agenda, minutes and attendance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MeetingExport {
    pub meeting: Meeting,
    pub items: Vec<AgendaItem>,
    pub decisions: Vec<Decision>,
    pub attendance: Vec<Attendance>,
    pub guest_attendance: Vec<GuestAttendance>,
    /// Adopted texts replaced by a rectificatif.
    pub minutes_versions: Vec<MinutesVersion>,
}

/// What an import did with one kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[ts(export)]
pub struct MergeCounts {
    pub added: u32,
    pub updated: u32,
    pub skipped: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub councils: MergeCounts,
    pub members: MergeCounts,
    pub member_events: MergeCounts,
    pub guests: MergeCounts,
    pub meetings: MergeCounts,
    pub agenda_items: MergeCounts,
    pub decisions: MergeCounts,
    /// Members' and guests' attendance lines.
    pub attendance: MergeCounts,
    pub minutes_versions: MergeCounts,
    pub actions: MergeCounts,
    pub charters: MergeCounts,
    pub charter_versions: MergeCounts,
    /// Parts, articles and annexes.
    pub charter_sections: MergeCounts,
    pub charter_signatures: MergeCounts,
    pub demarches: MergeCounts,
    pub phases: MergeCounts,
    pub events: MergeCounts,
    pub avis_requests: MergeCounts,
}

impl ImportReport {
    fn all(&self) -> [MergeCounts; 18] {
        [
            self.councils,
            self.members,
            self.member_events,
            self.guests,
            self.meetings,
            self.agenda_items,
            self.decisions,
            self.attendance,
            self.minutes_versions,
            self.actions,
            self.charters,
            self.charter_versions,
            self.charter_sections,
            self.charter_signatures,
            self.demarches,
            self.phases,
            self.events,
            self.avis_requests,
        ]
    }

    pub fn total(&self) -> MergeCounts {
        let all = self.all();
        MergeCounts {
            added: all.iter().map(|c| c.added).sum(),
            updated: all.iter().map(|c| c.updated).sum(),
            skipped: all.iter().map(|c| c.skipped).sum(),
        }
    }

    /// French lines for the terminal.
    pub fn to_text(&self) -> String {
        let line = |label: &str, c: MergeCounts| {
            format!(
                "{label:<22} {:>6} ajouté(s) {:>6} mis à jour {:>6} ignoré(s)",
                c.added, c.updated, c.skipped
            )
        };
        [
            line("Conseils", self.councils),
            line("Membres", self.members),
            line("Historique des membres", self.member_events),
            line("Invités", self.guests),
            line("Réunions", self.meetings),
            line("Points d'ordre du jour", self.agenda_items),
            line("Décisions", self.decisions),
            line("Présences", self.attendance),
            line("Versions de CR", self.minutes_versions),
            line("Actions", self.actions),
            line("Chartes", self.charters),
            line("Versions de charte", self.charter_versions),
            line("Articles de charte", self.charter_sections),
            line("Signatures", self.charter_signatures),
            line("Démarches", self.demarches),
            line("Phases", self.phases),
            line("Événements", self.events),
            line("Demandes d'avis", self.avis_requests),
        ]
        .join("\n")
    }
}

pub fn generator() -> String {
    format!("Quorum {}", env!("CARGO_PKG_VERSION"))
}

/// The JSON Schema of the export format, as committed in docs/schema/.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ExportDocument);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

impl Store {
    /// The whole database, archived councils included.
    pub fn export_document(&mut self) -> Result<ExportDocument> {
        self.read(|tx| {
            let mut stmt =
                tx.prepare("SELECT id FROM councils ORDER BY name COLLATE NOCASE, id")?;
            let ids: Vec<String> = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut councils = Vec::with_capacity(ids.len());
            for id in ids {
                let id = Uuid::parse_str(&id).map_err(|e| {
                    Error::Conflict(format!("identifiant de conseil illisible : {e}"))
                })?;
                councils.push(CouncilExport {
                    council: council::get(tx, id)?,
                    members: member::list(tx, id)?,
                    member_events: member::list_council_events(tx, id)?,
                    guests: guest::list(tx, id)?,
                    meetings: export_meetings(tx, id)?,
                    actions: minutes::list_actions(tx, id)?,
                    charters: export_charters(tx, id)?,
                    demarches: calendar::list_demarches(tx, id)?
                        .into_iter()
                        .map(|d| {
                            Ok(DemarcheExport {
                                phases: calendar::list_phases(tx, d.id)?,
                                demarche: d,
                            })
                        })
                        .collect::<Result<_>>()?,
                    events: calendar::list_events(tx, id)?,
                    avis_requests: calendar::list_avis(tx, id)?,
                });
            }
            Ok(ExportDocument {
                format_version: FORMAT_VERSION,
                generator: generator(),
                exported_at: now(),
                councils,
            })
        })
    }

    pub fn export_json(&mut self) -> Result<String> {
        let doc = self.export_document()?;
        serde_json::to_string_pretty(&doc)
            .map(|s| s + "\n")
            .map_err(|e| Error::Conflict(format!("écriture JSON impossible : {e}")))
    }

    /// Parses, checks, then merges a JSON export in one transaction.
    pub fn import_json(&mut self, text: &str) -> Result<ImportReport> {
        let doc = parse_document(text)?;
        self.import_document(&doc)
    }

    pub fn import_document(&mut self, doc: &ExportDocument) -> Result<ImportReport> {
        // Messages quote names and titles from the file: keep them readable whatever
        // their length.
        check_document(doc).map_err(|e| match e {
            Error::InvalidImport(m) => Error::InvalidImport(clip_quotes(&m)),
            other => other,
        })?;
        self.write(|tx| merge(tx, doc)).map_err(explain_constraint)
    }
}

/// Writes through a temporary file then renames it into place, so an interrupted
/// export never leaves a truncated file where a good one was.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp-quorum");
    let tmp = path.with_file_name(name);
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(path, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

impl Store {
    /// Writes the whole database as JSON to `path`.
    pub fn export_json_to(&mut self, path: &std::path::Path) -> Result<()> {
        let json = self.export_json()?;
        write_atomically(path, json.as_bytes())
    }
}

/// What SQLite's constraints found while merging (foreign keys are checked at commit)
/// said in words a secretary can act on; the transaction is already rolled back.
fn explain_constraint(e: Error) -> Error {
    const FOREIGN_KEY: std::os::raw::c_int = 787;
    const UNIQUE: std::os::raw::c_int = 2067;
    match &e {
        Error::Database(rusqlite::Error::SqliteFailure(f, _)) if f.extended_code == FOREIGN_KEY => {
            Error::InvalidImport(
                "il renvoie à un élément qui n'existe ni dans le fichier ni dans cette base (un membre donnant pouvoir, le responsable d'une action, une réunion ou un point d'ordre du jour) ; rien n'a été importé".into(),
            )
        }
        Error::Database(rusqlite::Error::SqliteFailure(f, _)) if f.extended_code == UNIQUE => {
            Error::InvalidImport(
                "il contient deux fois la même présence d'un membre à une réunion, ou deux versions de même numéro d'un compte rendu ou d'une charte ; rien n'a été importé".into(),
            )
        }
        _ => e,
    }
}

/// Reads a file given to `import json`, refusing oversized and non-UTF-8 files clearly.
pub fn read_import_file(path: &std::path::Path) -> Result<String> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(Error::InvalidImport(format!(
            "le fichier fait {} Mio, au-delà de la limite de {} Mio",
            meta.len() / (1024 * 1024),
            MAX_IMPORT_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    String::from_utf8(bytes).map_err(|_| {
        Error::InvalidImport(
            "il ne s'agit pas d'un texte UTF-8 (est-ce bien un export Quorum ?)".into(),
        )
    })
}

pub fn parse_document(text: &str) -> Result<ExportDocument> {
    // Some editors save UTF-8 with a byte-order mark; it is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::InvalidImport(format!(
            "ce n'est pas du JSON valide (ligne {}, colonne {})",
            e.line(),
            e.column()
        ))
    })?;
    let version = value
        .get("format_version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| {
            Error::InvalidImport(
                "il manque « format_version » : ce n'est pas un export Quorum".into(),
            )
        })?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(Error::InvalidImport(format!(
            "il a été écrit au format {version}, plus récent que celui que connaît cette version de Quorum ({FORMAT_VERSION}) ; mettez Quorum à jour"
        )));
    }
    serde_json::from_value(value).map_err(|e| {
        Error::InvalidImport(format!(
            "son contenu ne suit pas le format Quorum : {}",
            french_shape_error(&e.to_string())
        ))
    })
}

/// serde's messages are English (« missing field `name` », « invalid type: … »):
/// say the same in French, keeping the field or value they name, cut short.
fn french_shape_error(english: &str) -> String {
    let quoted = |s: &str| -> Option<String> {
        let start = s.find('`')? + 1;
        let end = start + s[start..].find('`')?;
        Some(clip(&s[start..end], 60))
    };
    let what = if let Some(rest) = english.strip_prefix("missing field ") {
        format!("le champ « {} » manque", quoted(rest).unwrap_or_default())
    } else if let Some(rest) = english.strip_prefix("unknown variant ") {
        format!(
            "la valeur « {} » n'est pas prévue",
            quoted(rest).unwrap_or_default()
        )
    } else if english.starts_with("unknown field ") {
        format!(
            "le champ « {} » est inconnu",
            quoted(english).unwrap_or_default()
        )
    } else if english.starts_with("invalid type") {
        "une valeur n'est pas du type attendu (texte, nombre, liste…)".to_string()
    } else if english.starts_with("invalid length") {
        "une liste n'a pas le nombre d'éléments attendu".to_string()
    } else if english.starts_with("invalid value") {
        "une valeur n'est pas valable".to_string()
    } else if english.contains("UUID") {
        "un identifiant (UUID) est illisible".to_string()
    } else if english.contains("out of range")
        || english.contains("invalid characters")
        || english.contains("premature end")
        || english.contains("input is not enough")
        || english.contains("trailing input")
    {
        "une date ou une heure est illisible ou impossible".to_string()
    } else if english.contains("duplicate field") {
        format!(
            "le champ « {} » apparaît deux fois",
            quoted(english).unwrap_or_default()
        )
    } else {
        "une valeur n'est pas valable".to_string()
    };
    // serde adds « at line L column C » when it knows where.
    match english.rfind(" at line ") {
        Some(i) => format!(
            "{what} ({})",
            english[i + 1..]
                .replace("at line", "ligne")
                .replace("column", "colonne")
        ),
        None => what,
    }
}

/// Clips every « quoted » user text inside a message to a readable length.
fn clip_quotes(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(start) = rest.find('«') {
        let Some(len) = rest[start..].find('»') else {
            break;
        };
        let inner = &rest[start + '«'.len_utf8()..start + len];
        out.push_str(&rest[..start]);
        out.push('«');
        out.push_str(&clip(inner, 80));
        out.push('»');
        rest = &rest[start + len + '»'.len_utf8()..];
    }
    out.push_str(rest);
    clip(&out, 600)
}

/// A user's text quoted in an error message: at most `max` characters, so that a
/// hostile 1 Mo title never makes a 1 Mo message.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

/// Every record must be valid and every UUID unique before anything is written.
fn check_document(doc: &ExportDocument) -> Result<()> {
    let mut seen = HashSet::new();
    let mut dup = |id: Uuid| -> Result<()> {
        if seen.insert(id) {
            Ok(())
        } else {
            Err(Error::InvalidImport(format!(
                "l'identifiant {id} apparaît deux fois"
            )))
        }
    };
    let invalid = |what: String, v: Validator| -> Result<()> {
        v.finish().map_err(|e| match e {
            Error::Validation(fields) => Error::InvalidImport(format!(
                "{} : {}",
                clip_quotes(&what),
                fields
                    .iter()
                    .map(|f| format!("{} ({})", f.message, f.field))
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
            other => other,
        })
    };
    for ce in &doc.councils {
        let c = &ce.council;
        dup(c.id)?;
        let mut v = Validator::new();
        c.check(&mut v);
        invalid(format!("le conseil « {} »", c.name), v)?;
        for n in &c.neighbourhoods {
            dup(n.id)?;
        }
        let mut member_ids = HashSet::new();
        for m in &ce.members {
            dup(m.id)?;
            member_ids.insert(m.id);
            if m.council_id != c.id {
                return Err(Error::InvalidImport(format!(
                    "le membre « {} » est rangé sous le conseil « {} » mais rattaché à un autre",
                    m.display_name(),
                    c.name
                )));
            }
            let mut v = Validator::new();
            m.check(&mut v);
            invalid(format!("le membre « {} »", m.display_name()), v)?;
        }
        for e in &ce.member_events {
            dup(e.id)?;
            if !member_ids.contains(&e.member_id) {
                return Err(Error::InvalidImport(format!(
                    "une ligne d'historique ({}) renvoie à un membre absent du conseil « {} »",
                    e.id, c.name
                )));
            }
            let mut v = Validator::new();
            v.date_in_range("date", Some(e.date));
            v.max_len("detail", &e.detail, 1000);
            invalid("une ligne d'historique".into(), v)?;
        }
        for g in &ce.guests {
            dup(g.id)?;
            if g.council_id != c.id {
                return Err(Error::InvalidImport(format!(
                    "l'invité « {} » est rangé sous le conseil « {} » mais rattaché à un autre",
                    g.last_name, c.name
                )));
            }
            let mut v = Validator::new();
            g.check(&mut v);
            invalid(format!("l'invité « {} »", g.last_name), v)?;
        }
        let misplaced = |what: &str| {
            Error::InvalidImport(clip_quotes(&format!(
                "{what} : rangé sous le conseil « {} » dans le fichier, mais rattaché ailleurs",
                c.name
            )))
        };
        for me in &ce.meetings {
            let m = &me.meeting;
            dup(m.id)?;
            if m.council_id != c.id {
                return Err(misplaced(&format!("la réunion « {} »", m.title)));
            }
            let mut v = Validator::new();
            m.check(&mut v);
            invalid(format!("la réunion « {} »", m.title), v)?;
            let item_ids: HashSet<Uuid> = me.items.iter().map(|i| i.id).collect();
            for i in &me.items {
                dup(i.id)?;
                if i.meeting_id != m.id {
                    return Err(misplaced(&format!("le point « {} »", i.title)));
                }
                let mut v = Validator::new();
                i.check(&mut v);
                invalid(format!("le point « {} »", i.title), v)?;
            }
            for d in &me.decisions {
                dup(d.id)?;
                if !item_ids.contains(&d.agenda_item_id) {
                    return Err(misplaced("une décision"));
                }
                let mut v = Validator::new();
                d.check(&mut v);
                invalid("une décision".into(), v)?;
            }
            for a in &me.attendance {
                dup(a.id)?;
                if a.meeting_id != m.id || !member_ids.contains(&a.member_id) {
                    return Err(misplaced("une présence"));
                }
                // The same limit as the attendance form.
                let mut v = Validator::new();
                v.max_len("note", &a.note, 500);
                invalid("une présence".into(), v)?;
            }
            for g in &me.guest_attendance {
                dup(g.id)?;
                if g.meeting_id != m.id || !ce.guests.iter().any(|x| x.id == g.guest_id) {
                    return Err(misplaced("une présence d'invité"));
                }
                let mut v = Validator::new();
                v.max_len("items_note", &g.items_note, 500);
                invalid("une présence d'invité".into(), v)?;
            }
            for mv in &me.minutes_versions {
                dup(mv.id)?;
                if mv.meeting_id != m.id {
                    return Err(misplaced("une version de compte rendu"));
                }
                let mut v = Validator::new();
                v.max_len("reason", &mv.reason, 2_000);
                v.max_len("snapshot", &mv.snapshot, 20_000_000);
                v.date_in_range("adopted_on", mv.adopted_on);
                if mv.version == 0 || mv.version > 1_000 {
                    v.add("version", "Le numéro de version va de 1 à 1 000.");
                }
                invalid("une version de compte rendu".into(), v)?;
            }
        }
        for a in &ce.actions {
            dup(a.id)?;
            if a.council_id != c.id {
                return Err(misplaced(&format!("l'action « {} »", a.description)));
            }
            let mut v = Validator::new();
            a.check(&mut v);
            invalid(format!("l'action « {} »", a.description), v)?;
        }
        for ch in &ce.charters {
            dup(ch.charter.id)?;
            if ch.charter.council_id != c.id {
                return Err(misplaced("une charte"));
            }
            let version_ids: HashSet<Uuid> = ch.versions.iter().map(|v| v.id).collect();
            for ver in &ch.versions {
                dup(ver.id)?;
                if ver.charter_id != ch.charter.id {
                    return Err(misplaced(&format!(
                        "la version {} d'une charte",
                        ver.number
                    )));
                }
                let mut v = Validator::new();
                ver.check(&mut v);
                if (ver.status == VersionStatus::Brouillon) != ver.adopted_by_decision_id.is_none()
                {
                    v.add(
                        "adopted_by_decision_id",
                        "une version adoptée renvoie à la décision qui l'a adoptée, et un projet à aucune",
                    );
                }
                invalid(format!("la version {} de « {} »", ver.number, ver.title), v)?;
            }
            for sec in &ch.sections {
                dup(sec.id)?;
                if !version_ids.contains(&sec.version_id) {
                    return Err(misplaced(&format!("l'article « {} »", sec.title)));
                }
                let mut v = Validator::new();
                sec.check(&mut v);
                invalid(format!("l'article « {} »", sec.title), v)?;
            }
            for sig in &ch.signatures {
                dup(sig.id)?;
                if !version_ids.contains(&sig.version_id)
                    || sig.member_id.is_some_and(|m| !member_ids.contains(&m))
                {
                    return Err(misplaced("une signature de charte"));
                }
                let mut v = Validator::new();
                sig.check(&mut v);
                invalid("une signature de charte".into(), v)?;
            }
        }
        let mut demarche_ids = HashSet::new();
        let mut phase_of = std::collections::HashMap::new();
        for de in &ce.demarches {
            let d = &de.demarche;
            dup(d.id)?;
            demarche_ids.insert(d.id);
            if d.council_id != c.id {
                return Err(misplaced(&format!("la démarche « {} »", d.title)));
            }
            let mut v = Validator::new();
            d.check(&mut v);
            invalid(format!("la démarche « {} »", d.title), v)?;
            for p in &de.phases {
                dup(p.id)?;
                phase_of.insert(p.id, d.id);
                if p.demarche_id != d.id {
                    return Err(misplaced(&format!("la phase « {} »", p.title)));
                }
                let mut v = Validator::new();
                p.check(&mut v);
                invalid(format!("la phase « {} »", p.title), v)?;
            }
        }
        for e in &ce.events {
            dup(e.id)?;
            let phase_ok = e
                .phase_id
                .is_none_or(|p| phase_of.get(&p) == e.demarche_id.as_ref());
            if e.council_id != c.id
                || e.demarche_id.is_some_and(|d| !demarche_ids.contains(&d))
                || !phase_ok
            {
                return Err(misplaced(&format!("l'événement « {} »", e.title)));
            }
            let mut v = Validator::new();
            e.check(&mut v);
            invalid(format!("l'événement « {} »", e.title), v)?;
        }
        for a in &ce.avis_requests {
            dup(a.id)?;
            if a.council_id != c.id || a.demarche_id.is_some_and(|d| !demarche_ids.contains(&d)) {
                return Err(misplaced(&format!("la demande d'avis « {} »", a.title)));
            }
            let mut v = Validator::new();
            a.check(&mut v);
            invalid(format!("la demande d'avis « {} »", a.title), v)?;
        }
    }
    Ok(())
}

/// Démarches, phases, events and avis requests: newer wins, like the rest. An event
/// imported from an iCalendar file keeps its UID, so the UNIQUE index on
/// (council, source_uid) also holds across JSON imports.
fn merge_calendar(
    tx: &Transaction<'_>,
    ce: &CouncilExport,
    report: &mut ImportReport,
) -> Result<()> {
    let council_of = |table: &str, id: Uuid| -> Result<Option<String>> {
        Ok(tx
            .query_row(
                &format!("SELECT council_id FROM {table} WHERE id = ?1"),
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?)
    };
    let updated_of = |table: &str, id: Uuid| -> Result<Option<DateTime<Utc>>> {
        Ok(tx
            .query_row(
                &format!("SELECT updated_at FROM {table} WHERE id = ?1"),
                [id.to_string()],
                |r| crate::sql::ts(r, 0),
            )
            .optional()?)
    };
    let council = ce.council.id.to_string();
    for de in &ce.demarches {
        let d = &de.demarche;
        if let Some(owner) = council_of("demarches", d.id)? {
            ensure_same_parent(owner == council, &format!("La démarche « {} »", d.title))?;
        }
        if decide(
            updated_of("demarches", d.id)?,
            d.updated_at,
            &mut report.demarches,
        ) {
            calendar::save_demarche(tx, d)?;
        }
        for p in &de.phases {
            if let Some(existing) = calendar::find_phase(tx, p.id)? {
                ensure_same_parent(
                    existing.demarche_id == p.demarche_id,
                    &format!("La phase « {} »", p.title),
                )?;
            }
            if decide(
                updated_of("phases", p.id)?,
                p.updated_at,
                &mut report.phases,
            ) {
                calendar::save_phase(tx, p)?;
            }
        }
    }
    for e in &ce.events {
        if let Some(owner) = council_of("events", e.id)? {
            ensure_same_parent(owner == council, &format!("L'événement « {} »", e.title))?;
        }
        if decide(
            updated_of("events", e.id)?,
            e.updated_at,
            &mut report.events,
        ) {
            calendar::save_event(tx, e)?;
        }
    }
    for a in &ce.avis_requests {
        if let Some(owner) = council_of("avis_requests", a.id)? {
            ensure_same_parent(
                owner == council,
                &format!("La demande d'avis « {} »", a.title),
            )?;
        }
        if decide(
            updated_of("avis_requests", a.id)?,
            a.updated_at,
            &mut report.avis_requests,
        ) {
            calendar::save_avis(tx, a)?;
        }
    }
    Ok(())
}

fn export_charters(tx: &rusqlite::Connection, council_id: Uuid) -> Result<Vec<CharterExport>> {
    charter::list(tx, council_id)?
        .into_iter()
        .map(|c| {
            let versions = charter::list_versions(tx, c.id)?;
            let mut sections = Vec::new();
            let mut signatures = Vec::new();
            for v in &versions {
                sections.extend(charter::list_sections(tx, v.id)?);
                signatures.extend(charter::list_signatures(tx, v.id)?);
            }
            Ok(CharterExport {
                charter: c,
                versions,
                sections,
                signatures,
            })
        })
        .collect()
}

/// Charters merge like the rest, with one more rule: an adopted text is never
/// rewritten. A newer copy of an adopted version may only change its status (it
/// was replaced by a later version elsewhere); its sections stay as they are.
fn merge_charters(
    tx: &Transaction<'_>,
    ce: &CouncilExport,
    report: &mut ImportReport,
) -> Result<()> {
    for ch in &ce.charters {
        let existing = charter::find(tx, ch.charter.id)?;
        if let Some(e) = &existing {
            ensure_same_parent(e.council_id == ch.charter.council_id, "Une charte")?;
        }
        if decide(
            existing.map(|x| x.updated_at),
            ch.charter.updated_at,
            &mut report.charters,
        ) {
            charter::save(tx, &ch.charter)?;
        }
        let mut frozen = HashSet::new();
        for v in &ch.versions {
            let existing = charter::find_version(tx, v.id)?;
            if let Some(e) = &existing {
                ensure_same_parent(
                    e.charter_id == v.charter_id,
                    &format!("La version {} d'une charte", v.number),
                )?;
            }
            let adopted_here = existing
                .as_ref()
                .filter(|e| e.status != VersionStatus::Brouillon)
                .cloned();
            if let Some(e) = &adopted_here {
                frozen.insert(e.id);
            }
            if decide(
                existing.map(|x| x.updated_at),
                v.updated_at,
                &mut report.charter_versions,
            ) {
                let merged = match adopted_here {
                    Some(e) if v.status != VersionStatus::Brouillon => CharterVersion {
                        status: v.status,
                        updated_at: v.updated_at,
                        ..e
                    },
                    Some(_) => {
                        return Err(Error::InvalidImport(format!(
                            "la version {} de « {} » y est un projet alors qu'elle est adoptée dans cette base ; rien n'a été importé",
                            v.number, v.title
                        )))
                    }
                    None => v.clone(),
                };
                charter::save_version(tx, &merged)?;
            }
        }
        for s in &ch.sections {
            if frozen.contains(&s.version_id) {
                report.charter_sections.skipped += 1;
                continue;
            }
            let existing: Option<DateTime<Utc>> = tx
                .query_row(
                    "SELECT updated_at FROM charter_sections WHERE id = ?1",
                    [s.id.to_string()],
                    |r| crate::sql::ts(r, 0),
                )
                .optional()?;
            if decide(existing, s.updated_at, &mut report.charter_sections) {
                charter::save_section(tx, s)?;
            }
        }
        for s in &ch.signatures {
            let existing: Option<DateTime<Utc>> = tx
                .query_row(
                    "SELECT updated_at FROM charter_signatures WHERE id = ?1",
                    [s.id.to_string()],
                    |r| crate::sql::ts(r, 0),
                )
                .optional()?;
            if decide(existing, s.updated_at, &mut report.charter_signatures) {
                charter::save_signature(tx, s)?;
            }
        }
    }
    Ok(())
}

fn export_meetings(tx: &rusqlite::Connection, council_id: Uuid) -> Result<Vec<MeetingExport>> {
    let mut out = Vec::new();
    for m in meeting::list(tx, council_id)?.into_iter().rev() {
        let items = meeting::list_items(tx, m.id)?;
        let mut decisions = Vec::new();
        for i in &items {
            decisions.extend(minutes::list_decisions(tx, i.id)?);
        }
        let mut attendance = meeting::list_attendance(tx, m.id)?;
        attendance.sort_by_key(|a| a.id);
        let mut guest_attendance = meeting::list_guest_attendance(tx, m.id)?;
        guest_attendance.sort_by_key(|g| g.id);
        out.push(MeetingExport {
            items,
            decisions,
            attendance,
            guest_attendance,
            minutes_versions: minutes::list_versions(tx, m.id)?,
            meeting: m,
        });
    }
    Ok(out)
}

/// A record found under another parent than the file says: refuse rather than move it.
fn ensure_same_parent(same: bool, what: &str) -> Result<()> {
    if same {
        Ok(())
    } else {
        Err(Error::Conflict(format!(
            "{what} existe déjà ailleurs dans cette base : import annulé, rien n'a été modifié."
        )))
    }
}

/// Newer wins; equal or older is skipped.
fn decide(
    existing: Option<DateTime<Utc>>,
    incoming: DateTime<Utc>,
    counts: &mut MergeCounts,
) -> bool {
    // The database keeps milliseconds: compare at that precision, or a file with finer
    // timestamps would count as newer on every import.
    let incoming = DateTime::from_timestamp_millis(incoming.timestamp_millis()).unwrap_or(incoming);
    match existing {
        None => {
            counts.added += 1;
            true
        }
        Some(t) if incoming > t => {
            counts.updated += 1;
            true
        }
        Some(_) => {
            counts.skipped += 1;
            false
        }
    }
}

fn merge(tx: &Transaction<'_>, doc: &ExportDocument) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    for ce in &doc.councils {
        let c = &ce.council;
        let existing = council::find(tx, c.id)?;
        if decide(
            existing.as_ref().map(|e| e.updated_at),
            c.updated_at,
            &mut report.councils,
        ) {
            for n in &c.neighbourhoods {
                let owner: Option<String> = tx
                    .query_row(
                        "SELECT council_id FROM neighbourhoods WHERE id = ?1",
                        [n.id.to_string()],
                        |r| r.get(0),
                    )
                    .optional()?;
                if owner.is_some_and(|o| o != c.id.to_string()) {
                    return Err(Error::Conflict(format!(
                        "Le quartier « {} » existe déjà dans un autre conseil de cette base : import annulé, rien n'a été modifié.",
                        n.qpv_name
                    )));
                }
            }
            council::save(tx, c)?;
        }
        for m in &ce.members {
            let existing = member::find(tx, m.id)?;
            if let Some(e) = &existing {
                if e.council_id != m.council_id {
                    return Err(Error::Conflict(format!(
                        "Le membre « {} » existe déjà dans un autre conseil de cette base : import annulé, rien n'a été modifié.",
                        m.display_name()
                    )));
                }
            }
            if decide(
                existing.map(|e| e.updated_at),
                m.updated_at,
                &mut report.members,
            ) {
                member::save(tx, m)?;
            }
        }
        for e in &ce.member_events {
            let existing = member::find_event(tx, e.id)?;
            if decide(
                existing.map(|x| x.updated_at),
                e.updated_at,
                &mut report.member_events,
            ) {
                member::save_event(tx, e)?;
            }
        }
        for g in &ce.guests {
            let existing = guest::find(tx, g.id)?;
            if let Some(e) = &existing {
                if e.council_id != g.council_id {
                    return Err(Error::Conflict(format!(
                        "L'invité « {} » existe déjà dans un autre conseil de cette base : import annulé, rien n'a été modifié.",
                        g.last_name
                    )));
                }
            }
            if decide(
                existing.map(|x| x.updated_at),
                g.updated_at,
                &mut report.guests,
            ) {
                guest::save(tx, g)?;
            }
        }
        merge_meetings(tx, ce, &mut report)?;
        merge_charters(tx, ce, &mut report)?;
        merge_calendar(tx, ce, &mut report)?;
    }
    Ok(report)
}

fn merge_meetings(
    tx: &Transaction<'_>,
    ce: &CouncilExport,
    report: &mut ImportReport,
) -> Result<()> {
    // Items may point at items and meetings that come later in the file (deferred
    // items, approvals): check the foreign keys at commit, once everything is in.
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    for me in &ce.meetings {
        let m = &me.meeting;
        let existing = meeting::find(tx, m.id)?;
        if let Some(e) = &existing {
            ensure_same_parent(
                e.council_id == m.council_id,
                &format!("La réunion « {} »", m.title),
            )?;
        }
        if decide(
            existing.map(|x| x.updated_at),
            m.updated_at,
            &mut report.meetings,
        ) {
            meeting::save(tx, m)?;
        }
    }
    for me in &ce.meetings {
        for i in &me.items {
            let existing = meeting::find_item(tx, i.id)?;
            if let Some(e) = &existing {
                ensure_same_parent(
                    e.meeting_id == i.meeting_id,
                    &format!("Le point « {} »", i.title),
                )?;
            }
            if decide(
                existing.map(|x| x.updated_at),
                i.updated_at,
                &mut report.agenda_items,
            ) {
                meeting::save_item(tx, i)?;
            }
        }
        for d in &me.decisions {
            let existing = minutes::find_decision(tx, d.id)?;
            if let Some(e) = &existing {
                ensure_same_parent(e.agenda_item_id == d.agenda_item_id, "Une décision")?;
            }
            if decide(
                existing.map(|x| x.updated_at),
                d.updated_at,
                &mut report.decisions,
            ) {
                minutes::save_decision(tx, d)?;
            }
        }
        // Two laptops may each record a member's attendance at the same meeting: there
        // is one line per (meeting, member) whatever its UUID, and the newer one wins.
        let recorded = meeting::list_attendance(tx, me.meeting.id)?;
        for a in &me.attendance {
            let existing = match meeting::find_attendance(tx, a.id)? {
                Some(e) => Some(e),
                None => recorded
                    .iter()
                    .find(|r| r.member_id == a.member_id)
                    .cloned(),
            };
            if let Some(e) = &existing {
                ensure_same_parent(e.meeting_id == a.meeting_id, "Une présence")?;
            }
            if decide(
                existing.as_ref().map(|x| x.updated_at),
                a.updated_at,
                &mut report.attendance,
            ) {
                let id = existing.map_or(a.id, |e| e.id);
                meeting::save_attendance(tx, &Attendance { id, ..a.clone() })?;
            }
        }
        let guests_recorded = meeting::list_guest_attendance(tx, me.meeting.id)?;
        for g in &me.guest_attendance {
            let existing = match meeting::find_guest_attendance(tx, g.id)? {
                Some(e) => Some(e),
                None => guests_recorded
                    .iter()
                    .find(|r| r.guest_id == g.guest_id)
                    .cloned(),
            };
            if let Some(e) = &existing {
                ensure_same_parent(e.meeting_id == g.meeting_id, "Une présence d'invité")?;
            }
            if decide(
                existing.as_ref().map(|x| x.updated_at),
                g.updated_at,
                &mut report.attendance,
            ) {
                let id = existing.map_or(g.id, |e| e.id);
                meeting::save_guest_attendance(tx, &GuestAttendance { id, ..g.clone() })?;
            }
        }
        for v in &me.minutes_versions {
            let existing = minutes::find_version(tx, v.id)?;
            if let Some(e) = &existing {
                ensure_same_parent(e.meeting_id == v.meeting_id, "Une version de compte rendu")?;
            }
            if decide(
                existing.map(|x| x.updated_at),
                v.updated_at,
                &mut report.minutes_versions,
            ) {
                minutes::save_version(tx, v)?;
            }
        }
    }
    for a in &ce.actions {
        let existing = minutes::find_action(tx, a.id)?;
        if let Some(e) = &existing {
            ensure_same_parent(
                e.council_id == a.council_id,
                &format!("L'action « {} »", a.description),
            )?;
        }
        if decide(
            existing.map(|x| x.updated_at),
            a.updated_at,
            &mut report.actions,
        ) {
            minutes::save_action(tx, a)?;
        }
    }
    Ok(())
}
