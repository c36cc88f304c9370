//! Hand-over archives: one file (`.quorum`) holding a council's whole data, to move it
//! to another laptop or hand it to the next secretary.
//!
//! An archive is a ZIP file with three entries:
//! - `manifest.json`: the archive format version, who wrote it and when, which
//!   council, how many records, and the SHA-256 of `data.json`;
//! - `data.json`: an [`ExportDocument`] holding that council only (the JSON exchange
//!   format of docs/data-format.md);
//! - `LISEZMOI.txt`: a few French lines saying what the file is and how to import it.
//!
//! Importing checks the whole archive in memory (it is never extracted to disk), then
//! merges `data.json` like a JSON import: by UUID, the newer `updated_at` wins, in one
//! transaction. Before merging, the records present on both sides with different
//! content are listed, with the side that wins, so that the secretary knows what
//! changed. A damaged or hostile archive is refused with a French message and nothing
//! is written.

use crate::calendar::{AvisRequest, Demarche, Event, Phase};
use crate::charter::{Charter, CharterVersion, Section, Signature};
use crate::council::Council;
use crate::db::{now, Store};
use crate::error::{Error, Result};
use crate::exchange::{
    self, CouncilExport, ExportDocument, ImportReport, FORMAT_VERSION, MAX_IMPORT_BYTES,
};
use crate::format;
use crate::guest::Guest;
use crate::meeting::{AgendaItem, Attendance, GuestAttendance, Meeting};
use crate::member::{Member, MemberEvent};
use crate::minutes::{Action, Decision, MinutesVersion};
use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read, Write};
use std::path::Path;
use ts_rs::TS;
use uuid::Uuid;

/// Bumped when the archive layout changes in a way older readers cannot follow.
pub const ARCHIVE_FORMAT_VERSION: u32 = 1;
/// The extension the interface proposes for archives.
pub const ARCHIVE_EXTENSION: &str = "quorum";
pub const MANIFEST_ENTRY: &str = "manifest.json";
pub const DATA_ENTRY: &str = "data.json";
pub const README_ENTRY: &str = "LISEZMOI.txt";
/// A manifest is a few hundred bytes; anything much larger is not one.
const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;
/// Quorum writes three entries; a ZIP with many more is not one of its archives.
const MAX_ENTRIES: usize = 100;

/// The French line kept in the manifest, for whoever opens it.
const MANIFEST_README: &str = "Archive de transmission Quorum : toutes les données d'un conseil citoyen. Dans Quorum, menu Fichier → Importer une archive…, ou « quorum archive import FICHIER ».";

/// How many records of each kind an archive holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ArchiveCounts {
    pub members: u32,
    pub member_events: u32,
    pub guests: u32,
    pub meetings: u32,
    pub agenda_items: u32,
    pub decisions: u32,
    pub attendance: u32,
    pub minutes_versions: u32,
    pub actions: u32,
    pub charters: u32,
    pub charter_versions: u32,
    pub demarches: u32,
    pub phases: u32,
    pub events: u32,
    pub avis_requests: u32,
}

impl ArchiveCounts {
    fn of(ce: &CouncilExport) -> Self {
        let n = |len: usize| u32::try_from(len).unwrap_or(u32::MAX);
        let sum = |it: &mut dyn Iterator<Item = usize>| n(it.sum());
        ArchiveCounts {
            members: n(ce.members.len()),
            member_events: n(ce.member_events.len()),
            guests: n(ce.guests.len()),
            meetings: n(ce.meetings.len()),
            agenda_items: sum(&mut ce.meetings.iter().map(|m| m.items.len())),
            decisions: sum(&mut ce.meetings.iter().map(|m| m.decisions.len())),
            attendance: sum(&mut ce
                .meetings
                .iter()
                .map(|m| m.attendance.len() + m.guest_attendance.len())),
            minutes_versions: sum(&mut ce.meetings.iter().map(|m| m.minutes_versions.len())),
            actions: n(ce.actions.len()),
            charters: n(ce.charters.len()),
            charter_versions: sum(&mut ce.charters.iter().map(|c| c.versions.len())),
            demarches: n(ce.demarches.len()),
            phases: sum(&mut ce.demarches.iter().map(|d| d.phases.len())),
            events: n(ce.events.len()),
            avis_requests: n(ce.avis_requests.len()),
        }
    }

    /// « 12 membres, 8 réunions, … » for the terminal and the interface.
    pub fn to_text(&self) -> String {
        let c = |n: u32, one: &str, many: &str| format::count(i64::from(n), one, many);
        [
            c(self.members, "membre", "membres"),
            c(self.guests, "invité", "invités"),
            c(self.meetings, "réunion", "réunions"),
            c(self.decisions, "décision", "décisions"),
            c(self.actions, "action", "actions"),
            c(self.charters, "charte", "chartes"),
            c(self.demarches, "démarche", "démarches"),
            c(self.events, "événement", "événements"),
            c(self.avis_requests, "demande d'avis", "demandes d'avis"),
        ]
        .join(", ")
    }
}

/// `manifest.json`: what the archive holds, readable without opening `data.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArchiveManifest {
    /// Version of the archive layout ([`ARCHIVE_FORMAT_VERSION`]); newer ones are refused.
    pub format_version: u32,
    /// Version of the JSON format of `data.json` (see docs/data-format.md).
    pub data_format_version: u32,
    /// Name and version of the program that wrote the archive.
    pub generator: String,
    pub created_at: DateTime<Utc>,
    pub council_id: Uuid,
    pub council_name: String,
    pub counts: ArchiveCounts,
    /// SHA-256 of `data.json`, in lowercase hexadecimal.
    pub data_sha256: String,
    /// One French sentence for whoever opens the file by hand.
    #[serde(default)]
    pub readme: String,
}

/// What `export_archive` wrote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ArchiveSummary {
    pub path: String,
    pub council_id: Uuid,
    pub council_name: String,
    pub created_at: DateTime<Utc>,
    /// Size of the archive file.
    #[ts(type = "number")]
    pub bytes: u64,
    pub counts: ArchiveCounts,
    pub data_sha256: String,
}

impl ArchiveSummary {
    pub fn to_text(&self) -> String {
        format!(
            "Archive du conseil « {} » écrite dans {} ({} Kio) : {}.",
            self.council_name,
            self.path,
            format::integer(i64::try_from(self.bytes.div_ceil(1024)).unwrap_or(i64::MAX)),
            self.counts.to_text()
        )
    }
}

/// Kinds of records a conflict may concern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecordKind {
    Council,
    Member,
    MemberEvent,
    Guest,
    Meeting,
    AgendaItem,
    Decision,
    Attendance,
    GuestAttendance,
    MinutesVersion,
    Action,
    Charter,
    CharterVersion,
    CharterSection,
    CharterSignature,
    Demarche,
    Phase,
    Event,
    AvisRequest,
}

impl RecordKind {
    /// French noun, capitalised, to start a sentence.
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Council => "Conseil",
            RecordKind::Member => "Membre",
            RecordKind::MemberEvent => "Historique du membre",
            RecordKind::Guest => "Invité",
            RecordKind::Meeting => "Réunion",
            RecordKind::AgendaItem => "Point d'ordre du jour",
            RecordKind::Decision => "Décision",
            RecordKind::Attendance => "Présence",
            RecordKind::GuestAttendance => "Présence d'invité",
            RecordKind::MinutesVersion => "Version de compte rendu",
            RecordKind::Action => "Action",
            RecordKind::Charter => "Charte",
            RecordKind::CharterVersion => "Version de charte",
            RecordKind::CharterSection => "Article de charte",
            RecordKind::CharterSignature => "Signature de charte",
            RecordKind::Demarche => "Démarche",
            RecordKind::Phase => "Phase",
            RecordKind::Event => "Événement",
            RecordKind::AvisRequest => "Demande d'avis",
        }
    }
}

/// Which copy of a record is kept after the merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConflictWinner {
    /// The archive's copy is newer: it replaces this computer's.
    Archive,
    /// This computer's copy is newer (or as recent): it is kept.
    Local,
}

/// One record present in the archive and on this computer with different content.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ArchiveConflict {
    pub kind: RecordKind,
    pub id: Uuid,
    /// What the secretary knows the record by (a name, a title, a date), as on this computer.
    pub label: String,
    pub winner: ConflictWinner,
    pub archive_updated_at: DateTime<Utc>,
    pub local_updated_at: DateTime<Utc>,
    /// The whole French sentence, as the terminal prints it.
    pub message: String,
}

/// What an archive holds and what importing it would change, before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ArchivePreview {
    pub manifest: ArchiveManifest,
    /// The council is already in this database: importing merges into it.
    pub council_exists: bool,
    /// Records of the archive this database does not have yet.
    pub new_records: u32,
    pub conflicts: Vec<ArchiveConflict>,
    /// Entries of the ZIP file that Quorum does not know and leaves aside.
    pub ignored_entries: Vec<String>,
}

impl ArchivePreview {
    pub fn to_text(&self) -> String {
        let m = &self.manifest;
        let mut lines = vec![
            format!(
                "Archive du conseil « {} », écrite le {} par {}.",
                m.council_name,
                local_date_time(m.created_at),
                m.generator
            ),
            format!("Contenu : {}.", m.counts.to_text()),
            if self.council_exists {
                format!(
                    "Ce conseil existe déjà sur cet ordinateur : l'import fusionnera ({}).",
                    format::count(
                        i64::from(self.new_records),
                        "élément nouveau",
                        "éléments nouveaux"
                    )
                )
            } else {
                "Ce conseil n'existe pas encore sur cet ordinateur : l'import l'ajoutera.".into()
            },
        ];
        lines.extend(conflict_lines(&self.conflicts));
        lines.extend(ignored_line(&self.ignored_entries));
        lines.join("\n")
    }
}

/// What `import_archive` did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ArchiveImportReport {
    pub council_id: Uuid,
    pub council_name: String,
    pub report: ImportReport,
    pub conflicts: Vec<ArchiveConflict>,
    pub ignored_entries: Vec<String>,
}

impl ArchiveImportReport {
    /// French lines for the terminal.
    pub fn to_text(&self) -> String {
        let mut lines = vec![
            format!("Archive du conseil « {} » importée.", self.council_name),
            self.report.to_text(),
        ];
        lines.extend(conflict_lines(&self.conflicts));
        lines.extend(ignored_line(&self.ignored_entries));
        lines.join("\n")
    }
}

fn conflict_lines(conflicts: &[ArchiveConflict]) -> Vec<String> {
    if conflicts.is_empty() {
        return vec![
            "Aucun conflit : aucun élément n'est différent dans l'archive et sur cet ordinateur."
                .into(),
        ];
    }
    let mut lines = vec![format!(
        "{} (élément différent dans l'archive et sur cet ordinateur ; la version la plus récente l'emporte) :",
        format::count(conflicts.len() as i64, "conflit", "conflits")
    )];
    lines.extend(conflicts.iter().map(|c| format!("  – {}", c.message)));
    lines
}

fn ignored_line(ignored: &[String]) -> Option<String> {
    (!ignored.is_empty()).then(|| {
        format!(
            "Entrées inconnues laissées de côté : {}.",
            ignored.join(", ")
        )
    })
}

/// An archive read and checked, not yet merged.
struct ArchiveContents {
    manifest: ArchiveManifest,
    document: ExportDocument,
    ignored_entries: Vec<String>,
}

impl Store {
    /// One council and everything that belongs to it, in the JSON exchange format.
    pub fn export_council_document(&mut self, council_id: Uuid) -> Result<ExportDocument> {
        let mut doc = self.export_document()?;
        doc.councils.retain(|c| c.council.id == council_id);
        if doc.councils.is_empty() {
            return Err(Error::not_found("Ce conseil"));
        }
        Ok(doc)
    }

    /// Writes the council's hand-over archive to `path` (through a temporary file,
    /// renamed into place: an interrupted export never leaves half an archive).
    pub fn export_archive(&mut self, council_id: Uuid, path: &Path) -> Result<ArchiveSummary> {
        let doc = self.export_council_document(council_id)?;
        let ce = doc.councils.first().ok_or(Error::not_found("Ce conseil"))?;
        let data = serde_json::to_string_pretty(&doc)
            .map(|s| s + "\n")
            .map_err(|e| Error::Conflict(format!("écriture JSON impossible : {e}")))?;
        // An archive that Quorum would refuse to read back is not worth writing.
        if data.len() as u64 > MAX_IMPORT_BYTES {
            return Err(too_big_to_archive());
        }
        let created_at = now();
        let manifest = ArchiveManifest {
            format_version: ARCHIVE_FORMAT_VERSION,
            data_format_version: FORMAT_VERSION,
            generator: exchange::generator(),
            created_at,
            council_id,
            council_name: ce.council.name.clone(),
            counts: ArchiveCounts::of(ce),
            data_sha256: sha256_hex(data.as_bytes()),
            readme: MANIFEST_README.into(),
        };
        let manifest_json = serde_json::to_string_pretty(&manifest)
            .map(|s| s + "\n")
            .map_err(|e| Error::Conflict(format!("écriture JSON impossible : {e}")))?;
        let bytes = zip_bytes(
            &[
                (README_ENTRY, readme_text(&manifest).as_bytes()),
                (MANIFEST_ENTRY, manifest_json.as_bytes()),
                (DATA_ENTRY, data.as_bytes()),
            ],
            created_at,
        )?;
        if bytes.len() as u64 > MAX_IMPORT_BYTES {
            return Err(too_big_to_archive());
        }
        exchange::write_atomically(path, &bytes)?;
        Ok(ArchiveSummary {
            path: path.display().to_string(),
            council_id,
            council_name: manifest.council_name,
            created_at,
            bytes: bytes.len() as u64,
            counts: manifest.counts,
            data_sha256: manifest.data_sha256,
        })
    }

    /// Reads and checks an archive, and says what importing it would do; writes nothing.
    /// The archive itself, its fingerprint, its format and its identifiers are checked
    /// here; the content of each record is checked by [`Store::import_archive`], which
    /// writes nothing if any is invalid.
    pub fn preview_archive(&mut self, path: &Path) -> Result<ArchivePreview> {
        let contents = read_archive(path)?;
        let (council_exists, comparison) = self.compare(&contents.document)?;
        Ok(ArchivePreview {
            manifest: contents.manifest,
            council_exists,
            new_records: comparison.new_records,
            conflicts: comparison.conflicts,
            ignored_entries: contents.ignored_entries,
        })
    }

    /// Checks the whole archive, lists the conflicts, then merges its data in one
    /// transaction (newer `updated_at` wins). Any failure writes nothing.
    pub fn import_archive(&mut self, path: &Path) -> Result<ArchiveImportReport> {
        let contents = read_archive(path)?;
        let (_, comparison) = self.compare(&contents.document)?;
        let report = self.import_document(&contents.document)?;
        Ok(ArchiveImportReport {
            council_id: contents.manifest.council_id,
            council_name: contents.manifest.council_name,
            report,
            conflicts: comparison.conflicts,
            ignored_entries: contents.ignored_entries,
        })
    }

    /// Compares the archive's council with this database's copy of it, if any.
    fn compare(&mut self, archive: &ExportDocument) -> Result<(bool, Comparison)> {
        let local = self.export_document()?;
        let mut comparison = Comparison::default();
        let mut exists = false;
        for theirs in &archive.councils {
            let ours = local
                .councils
                .iter()
                .find(|c| c.council.id == theirs.council.id);
            exists |= ours.is_some();
            comparison.councils(theirs, ours)?;
        }
        Ok((exists, comparison))
    }
}

fn too_big_to_archive() -> Error {
    Error::Conflict(format!(
        "Ce conseil dépasse la taille qu'une archive peut avoir ({} Mio) : utilisez l'export JSON.",
        MAX_IMPORT_BYTES / (1024 * 1024)
    ))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn readme_text(m: &ArchiveManifest) -> String {
    format!(
        "Archive de transmission Quorum\n\
         ==============================\n\
         \n\
         Ce fichier contient toutes les données du conseil « {name} » : membres et leur\n\
         historique, invités, réunions avec ordres du jour, comptes rendus, décisions et\n\
         présences, actions de suivi, chartes et règlements intérieurs, démarches de\n\
         concertation, calendrier et demandes d'avis.\n\
         Il a été écrit le {date} par {generator}.\n\
         \n\
         Pour le reprendre sur un autre ordinateur, installez Quorum, puis :\n\
         - dans Quorum, menu Fichier → Importer une archive… et choisissez ce fichier ;\n\
         - ou, en ligne de commande : quorum archive import FICHIER\n\
         \n\
         Si le conseil existe déjà sur cet ordinateur, les deux versions sont fusionnées :\n\
         pour chaque élément modifié des deux côtés, la modification la plus récente\n\
         l'emporte, et Quorum affiche la liste de ces conflits.\n\
         \n\
         Ce fichier contient des données personnelles (noms, coordonnées des membres) :\n\
         transmettez-le de la main à la main ou par un moyen sûr, et ne le modifiez pas\n\
         (Quorum refuse une archive modifiée ou abîmée).\n",
        name = m.council_name,
        date = local_date_time(m.created_at),
        generator = m.generator,
    )
}

/// The ZIP file, built in memory.
fn zip_bytes(entries: &[(&str, &[u8])], created_at: DateTime<Utc>) -> Result<Vec<u8>> {
    let failed = |e: zip::result::ZipError| {
        Error::Conflict(format!("écriture de l'archive impossible : {e}"))
    };
    let local = created_at.with_timezone(&chrono::Local);
    let time = zip::DateTime::from_date_and_time(
        u16::try_from(local.year()).unwrap_or(1980),
        local.month() as u8,
        local.day() as u8,
        local.hour() as u8,
        local.minute() as u8,
        local.second() as u8,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        writer.start_file(*name, options).map_err(failed)?;
        writer
            .write_all(bytes)
            .map_err(|e| Error::Conflict(format!("écriture de l'archive impossible : {e}")))?;
    }
    Ok(writer.finish().map_err(failed)?.into_inner())
}

fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidImport(message.into())
}

/// Reads `path` whole (within [`MAX_IMPORT_BYTES`]) and checks every entry; nothing
/// is extracted to disk.
fn read_archive(path: &Path) -> Result<ArchiveContents> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let too_big = |len: u64| {
        invalid(format!(
            "le fichier fait {} Mio, au-delà de la limite de {} Mio",
            len.div_ceil(1024 * 1024),
            MAX_IMPORT_BYTES / (1024 * 1024)
        ))
    };
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_IMPORT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    read_archive_bytes(&bytes)
}

fn read_archive_bytes(bytes: &[u8]) -> Result<ArchiveContents> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        invalid(
            "ce n'est pas une archive Quorum (fichier ZIP illisible, ou tronqué en cours de copie)",
        )
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(invalid(format!(
            "ce n'est pas une archive Quorum ({} entrées, une archive Quorum en a trois)",
            zip.len()
        )));
    }
    if zip.has_duplicate_names() {
        return Err(invalid(
            "l'archive contient deux entrées de même nom : elle a été fabriquée ou modifiée hors de Quorum",
        ));
    }
    let mut manifest_index = None;
    let mut data_index = None;
    let mut ignored_entries = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_data(i).map_err(|_| damaged("son sommaire"))?;
        let name = check_entry_name(entry.name_raw())?;
        if entry.name().ok().as_deref() != Some(name.as_str()) {
            return Err(forbidden_path(&name));
        }
        if entry.encrypted() {
            return Err(invalid(format!(
                "l'entrée « {name} » de l'archive est chiffrée : ce n'est pas une archive Quorum"
            )));
        }
        let limit = match name.as_str() {
            MANIFEST_ENTRY => MAX_MANIFEST_BYTES,
            DATA_ENTRY => MAX_IMPORT_BYTES,
            README_ENTRY => continue,
            _ => {
                ignored_entries.push(name);
                continue;
            }
        };
        if entry.is_dir() || entry.is_symlink() {
            return Err(invalid(format!(
                "l'entrée « {name} » de l'archive n'est pas un fichier ordinaire"
            )));
        }
        if entry.size() > limit {
            return Err(oversized(&name, limit));
        }
        if name == MANIFEST_ENTRY {
            manifest_index = Some(i);
        } else {
            data_index = Some(i);
        }
    }
    let manifest_index = manifest_index.ok_or_else(|| missing(MANIFEST_ENTRY))?;
    let data_index = data_index.ok_or_else(|| missing(DATA_ENTRY))?;

    let manifest_bytes = read_entry(&mut zip, manifest_index, MANIFEST_ENTRY, MAX_MANIFEST_BYTES)?;
    let manifest = parse_manifest(&manifest_bytes)?;

    let data = read_entry(&mut zip, data_index, DATA_ENTRY, MAX_IMPORT_BYTES)?;
    if !sha256_hex(&data).eq_ignore_ascii_case(manifest.data_sha256.trim()) {
        return Err(invalid(
            "l'empreinte de data.json ne correspond pas à celle du manifeste : l'archive a été modifiée ou tronquée",
        ));
    }
    let text = String::from_utf8(data)
        .map_err(|_| invalid("data.json n'est pas un texte UTF-8 : l'archive est abîmée"))?;
    let document = exchange::parse_document(&text).map_err(|e| match e {
        Error::InvalidImport(m) => invalid(format!("data.json : {m}")),
        other => other,
    })?;
    match document.councils.as_slice() {
        [ce] if ce.council.id == manifest.council_id => {}
        _ => {
            return Err(invalid(format!(
                "data.json ne contient pas le seul conseil « {} » annoncé par le manifeste",
                manifest.council_name
            )))
        }
    }
    ignored_entries.sort();
    Ok(ArchiveContents {
        manifest,
        document,
        ignored_entries,
    })
}

/// Entry names are plain relative names: no absolute path, no `..`, no backslash,
/// no drive letter, no NUL, and valid UTF-8.
fn check_entry_name(raw: &[u8]) -> Result<String> {
    let shown = String::from_utf8_lossy(raw).escape_debug().to_string();
    let name = std::str::from_utf8(raw).map_err(|_| forbidden_path(&shown))?;
    let bad = name.is_empty()
        || name.starts_with('/')
        || name.contains(['\\', '\0', ':'])
        || name.split('/').any(|part| part == "..")
        || name.chars().any(char::is_control);
    if bad {
        Err(forbidden_path(&shown))
    } else {
        Ok(name.to_string())
    }
}

fn forbidden_path(shown: &str) -> Error {
    invalid(format!(
        "chemin interdit dans l'archive (« {shown} ») : elle a été fabriquée ou modifiée hors de Quorum"
    ))
}

fn missing(name: &str) -> Error {
    invalid(format!(
        "l'archive est incomplète ou abîmée ({name} manquant) : est-ce bien une archive Quorum ?"
    ))
}

fn damaged(what: &str) -> Error {
    invalid(format!(
        "l'archive est abîmée ({what} est illisible) : elle a peut-être été tronquée en cours de copie"
    ))
}

fn oversized(name: &str, limit: u64) -> Error {
    invalid(format!(
        "{name} dépasse une fois décompressé la limite de {} Mio : ce n'est pas une archive Quorum ordinaire",
        limit.div_ceil(1024 * 1024)
    ))
}

/// Decompresses one entry in memory, stopping one byte past `limit` whatever its
/// header declares (a ZIP bomb may lie about its size).
fn read_entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>> {
    let file = zip.by_index(index).map_err(|_| damaged(name))?;
    let declared = file.size().min(limit);
    let mut out = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|_| damaged(name))?;
    if out.len() as u64 > limit {
        return Err(oversized(name, limit));
    }
    Ok(out)
}

fn parse_manifest(bytes: &[u8]) -> Result<ArchiveManifest> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|_| invalid("manifest.json n'est pas du JSON valide : l'archive est abîmée"))?;
    let version = value
        .get("format_version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| invalid("manifest.json ne dit pas la version du format d'archive"))?;
    if version > u64::from(ARCHIVE_FORMAT_VERSION) {
        return Err(invalid(format!(
            "l'archive a été écrite au format {version}, plus récent que celui que connaît cette version de Quorum ({ARCHIVE_FORMAT_VERSION}) ; mettez Quorum à jour"
        )));
    }
    serde_json::from_value(value).map_err(|e| {
        invalid(format!(
            "manifest.json ne suit pas le format des archives Quorum : {e}"
        ))
    })
}

/// « 3 mars 2026 à 14 h 05 », in this computer's time zone.
fn local_date_time(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&chrono::Local);
    format!(
        "{} à {}",
        format::date(local.date_naive()),
        format::time(local.time())
    )
}

fn local_date(t: DateTime<Utc>) -> String {
    format::date(t.with_timezone(&chrono::Local).date_naive())
}

/// A stored record: matched by UUID, the newer `updated_at` wins.
trait Record: Serialize {
    fn id(&self) -> Uuid;
    fn updated_at(&self) -> DateTime<Utc>;
}

macro_rules! records {
    ($($t:ty),* $(,)?) => {
        $(impl Record for $t {
            fn id(&self) -> Uuid {
                self.id
            }
            fn updated_at(&self) -> DateTime<Utc> {
                self.updated_at
            }
        })*
    };
}

records!(
    Council,
    Member,
    MemberEvent,
    Guest,
    Meeting,
    AgendaItem,
    Decision,
    Attendance,
    GuestAttendance,
    MinutesVersion,
    Action,
    Charter,
    CharterVersion,
    Section,
    Signature,
    Demarche,
    Phase,
    Event,
    AvisRequest,
);

/// The database keeps milliseconds: compare at that precision, as the merge does.
fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn short(text: &str) -> String {
    const MAX: usize = 60;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > MAX {
        format!("{}…", text.chars().take(MAX - 1).collect::<String>())
    } else {
        text
    }
}

#[derive(Default)]
struct Comparison {
    conflicts: Vec<ArchiveConflict>,
    new_records: u32,
    /// Every UUID of the archive: one seen twice is refused, as the import would.
    seen: HashSet<Uuid>,
}

/// Names of members, guests and meetings, for labels of the records that point at them.
#[derive(Default)]
struct Names {
    members: HashMap<Uuid, String>,
    guests: HashMap<Uuid, String>,
    meetings: HashMap<Uuid, String>,
}

impl Names {
    fn add(&mut self, ce: &CouncilExport) {
        for m in &ce.members {
            self.members.insert(m.id, m.display_name());
        }
        for g in &ce.guests {
            let name = format!("{} {}", g.first_name, g.last_name)
                .trim()
                .to_string();
            self.guests.insert(g.id, name);
        }
        for me in &ce.meetings {
            let m = &me.meeting;
            self.meetings
                .insert(m.id, format!("{} du {}", m.title, format::date(m.date)));
        }
    }

    fn member(&self, id: Uuid) -> &str {
        self.members.get(&id).map_or("un membre", String::as_str)
    }

    fn guest(&self, id: Uuid) -> &str {
        self.guests.get(&id).map_or("un invité", String::as_str)
    }

    fn meeting(&self, id: Uuid) -> &str {
        self.meetings.get(&id).map_or("une réunion", String::as_str)
    }
}

impl Comparison {
    fn councils(&mut self, theirs: &CouncilExport, ours: Option<&CouncilExport>) -> Result<()> {
        let mut names = Names::default();
        names.add(theirs);
        if let Some(o) = ours {
            // This computer's names last: labels say what the secretary sees here.
            names.add(o);
        }
        self.by_id(
            RecordKind::Council,
            [&theirs.council],
            ours.map(|o| &o.council),
            |c| c.name.clone(),
        )?;
        let empty = CouncilExport {
            council: theirs.council.clone(),
            members: vec![],
            member_events: vec![],
            guests: vec![],
            meetings: vec![],
            actions: vec![],
            charters: vec![],
            demarches: vec![],
            events: vec![],
            avis_requests: vec![],
        };
        self.children(theirs, ours.unwrap_or(&empty), &names)
    }

    fn children(&mut self, t: &CouncilExport, o: &CouncilExport, names: &Names) -> Result<()> {
        use RecordKind as K;
        self.by_id(K::Member, &t.members, &o.members, Member::display_name)?;
        self.by_id(K::MemberEvent, &t.member_events, &o.member_events, |e| {
            format!(
                "{} du {} ({})",
                names.member(e.member_id),
                format::date(e.date),
                short(&e.detail)
            )
        })?;
        self.by_id(K::Guest, &t.guests, &o.guests, |g| {
            names.guest(g.id).to_string()
        })?;
        let tm = t.meetings.iter().map(|x| &x.meeting);
        let om = o.meetings.iter().map(|x| &x.meeting);
        self.by_id(K::Meeting, tm, om, |m| names.meeting(m.id).to_string())?;

        let items: HashMap<Uuid, &AgendaItem> = t
            .meetings
            .iter()
            .chain(&o.meetings)
            .flat_map(|m| &m.items)
            .map(|i| (i.id, i))
            .collect();
        self.by_id(
            K::AgendaItem,
            t.meetings.iter().flat_map(|m| &m.items),
            o.meetings.iter().flat_map(|m| &m.items),
            |i| format!("{} ({})", short(&i.title), names.meeting(i.meeting_id)),
        )?;
        self.by_id(
            K::Decision,
            t.meetings.iter().flat_map(|m| &m.decisions),
            o.meetings.iter().flat_map(|m| &m.decisions),
            |d| match items.get(&d.agenda_item_id) {
                Some(i) => format!("{} (point « {} »)", short(&d.text), short(&i.title)),
                None => short(&d.text),
            },
        )?;
        // Attendance is one line per (meeting, member), whatever its UUID: the merge
        // matches it so, and so does the comparison.
        let local_attendance: Vec<&Attendance> =
            o.meetings.iter().flat_map(|m| &m.attendance).collect();
        self.matched(
            K::Attendance,
            t.meetings.iter().flat_map(|m| &m.attendance),
            |a| {
                local_attendance
                    .iter()
                    .find(|l| l.id == a.id)
                    .or_else(|| {
                        local_attendance
                            .iter()
                            .find(|l| l.meeting_id == a.meeting_id && l.member_id == a.member_id)
                    })
                    .copied()
            },
            |a| {
                format!(
                    "{} à la réunion « {} »",
                    names.member(a.member_id),
                    names.meeting(a.meeting_id)
                )
            },
        )?;
        let local_guests: Vec<&GuestAttendance> = o
            .meetings
            .iter()
            .flat_map(|m| &m.guest_attendance)
            .collect();
        self.matched(
            K::GuestAttendance,
            t.meetings.iter().flat_map(|m| &m.guest_attendance),
            |g| {
                local_guests
                    .iter()
                    .find(|l| l.id == g.id)
                    .or_else(|| {
                        local_guests
                            .iter()
                            .find(|l| l.meeting_id == g.meeting_id && l.guest_id == g.guest_id)
                    })
                    .copied()
            },
            |g| {
                format!(
                    "{} à la réunion « {} »",
                    names.guest(g.guest_id),
                    names.meeting(g.meeting_id)
                )
            },
        )?;
        self.by_id(
            K::MinutesVersion,
            t.meetings.iter().flat_map(|m| &m.minutes_versions),
            o.meetings.iter().flat_map(|m| &m.minutes_versions),
            |v| {
                format!(
                    "version {} du compte rendu de « {} »",
                    v.version,
                    names.meeting(v.meeting_id)
                )
            },
        )?;
        self.by_id(K::Action, &t.actions, &o.actions, |a| short(&a.description))?;

        let tc = t.charters.iter().map(|x| &x.charter);
        let oc = o.charters.iter().map(|x| &x.charter);
        self.by_id(K::Charter, tc, oc, |c| c.kind.label().to_string())?;
        self.by_id(
            K::CharterVersion,
            t.charters.iter().flat_map(|c| &c.versions),
            o.charters.iter().flat_map(|c| &c.versions),
            |v| format!("{} (version {})", short(&v.title), v.number),
        )?;
        self.by_id(
            K::CharterSection,
            t.charters.iter().flat_map(|c| &c.sections),
            o.charters.iter().flat_map(|c| &c.sections),
            |s| short(&s.title),
        )?;
        self.by_id(
            K::CharterSignature,
            t.charters.iter().flat_map(|c| &c.signatures),
            o.charters.iter().flat_map(|c| &c.signatures),
            |s| match s.member_id {
                Some(m) => names.member(m).to_string(),
                None => short(&s.name),
            },
        )?;

        let td = t.demarches.iter().map(|x| &x.demarche);
        let od = o.demarches.iter().map(|x| &x.demarche);
        self.by_id(K::Demarche, td, od, |d| short(&d.title))?;
        self.by_id(
            K::Phase,
            t.demarches.iter().flat_map(|d| &d.phases),
            o.demarches.iter().flat_map(|d| &d.phases),
            |p| short(&p.title),
        )?;
        self.by_id(K::Event, &t.events, &o.events, |e| {
            format!("{} du {}", short(&e.title), format::date(e.date))
        })?;
        self.by_id(K::AvisRequest, &t.avis_requests, &o.avis_requests, |a| {
            short(&a.title)
        })?;
        Ok(())
    }

    /// Records matched by UUID.
    fn by_id<'a, T: Record + 'a>(
        &mut self,
        kind: RecordKind,
        theirs: impl IntoIterator<Item = &'a T>,
        ours: impl IntoIterator<Item = &'a T>,
        label: impl Fn(&T) -> String,
    ) -> Result<()> {
        let ours: HashMap<Uuid, &T> = ours.into_iter().map(|r| (r.id(), r)).collect();
        self.matched(kind, theirs, |r| ours.get(&r.id()).copied(), label)
    }

    /// Records matched by `find`: a record found with different content is a conflict.
    fn matched<'a, T: Record + 'a>(
        &mut self,
        kind: RecordKind,
        theirs: impl IntoIterator<Item = &'a T>,
        find: impl Fn(&T) -> Option<&'a T>,
        label: impl Fn(&T) -> String,
    ) -> Result<()> {
        for archive in theirs {
            if !self.seen.insert(archive.id()) {
                return Err(invalid(format!(
                    "data.json : l'identifiant {} apparaît deux fois",
                    archive.id()
                )));
            }
            let Some(local) = find(archive) else {
                self.new_records += 1;
                continue;
            };
            let mut a = to_value(archive)?;
            let mut l = to_value(local)?;
            if archive.id() != local.id() {
                // Matched otherwise than by UUID: the UUIDs themselves do not count.
                for v in [&mut a, &mut l] {
                    if let Some(o) = v.as_object_mut() {
                        o.remove("id");
                        o.remove("created_at");
                    }
                }
            }
            if a == l {
                continue;
            }
            let winner = if millis(archive.updated_at()) > millis(local.updated_at()) {
                ConflictWinner::Archive
            } else {
                ConflictWinner::Local
            };
            let label = label(local);
            let message = conflict_message(
                kind,
                &label,
                winner,
                archive.updated_at(),
                local.updated_at(),
            );
            self.conflicts.push(ArchiveConflict {
                kind,
                id: local.id(),
                label,
                winner,
                archive_updated_at: archive.updated_at(),
                local_updated_at: local.updated_at(),
                message,
            });
        }
        Ok(())
    }
}

fn to_value<T: Serialize>(record: &T) -> Result<serde_json::Value> {
    serde_json::to_value(record)
        .map_err(|e| Error::Conflict(format!("comparaison impossible : {e}")))
}

/// « Membre « Nadia Benali » : la version de l'archive (modifiée le 3 mars 2026)
/// remplace celle de cet ordinateur (modifiée le 1er mars 2026). »
fn conflict_message(
    kind: RecordKind,
    label: &str,
    winner: ConflictWinner,
    archive: DateTime<Utc>,
    local: DateTime<Utc>,
) -> String {
    // The time only when the day alone would not tell the two apart.
    let when = |t: DateTime<Utc>| {
        if local_date(archive) == local_date(local) {
            local_date_time(t)
        } else {
            local_date(t)
        }
    };
    let what = format!("{} « {} »", kind.label(), label);
    match winner {
        ConflictWinner::Archive => format!(
            "{what} : la version de l'archive (modifiée le {}) remplace celle de cet ordinateur (modifiée le {}).",
            when(archive),
            when(local)
        ),
        ConflictWinner::Local if millis(archive) == millis(local) => format!(
            "{what} : les deux versions diffèrent mais portent la même date de modification ({}) ; la version de cet ordinateur est gardée.",
            when(local)
        ),
        ConflictWinner::Local => format!(
            "{what} : la version de cet ordinateur, plus récente (modifiée le {}), est gardée ; celle de l'archive (modifiée le {}) est laissée de côté.",
            when(local),
            when(archive)
        ),
    }
}
