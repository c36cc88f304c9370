//! The bridge. Each command is a few lines: take the store, call the core, return its
//! result. Errors cross as the core's `{code, message, fields}` payload. Commands run
//! off the main thread (`async`) so a long import never freezes the window.

use crate::app::AppState;
use quorum_core::composition::CouncilOverview;
use quorum_core::council::{Council, CouncilInput, CouncilSummary};
use quorum_core::exchange::{self, ImportReport};
use quorum_core::guest::{Guest, GuestInput};
use quorum_core::home::CouncilHome;
use quorum_core::meeting::{
    AgendaItem, AgendaItemInput, Attendance, AttendanceInput, GuestAttendance, Meeting,
    MeetingInput, MeetingPage,
};
use quorum_core::member::{Member, MemberEvent, MemberInput};
use quorum_core::minutes::{
    Action, ActionInput, AgendaSuggestions, Decision, DecisionInput, MeetingDetail,
};
use quorum_core::Result;
use std::path::PathBuf;
use tauri::State;
use uuid::Uuid;

type Cmd<T> = Result<T>;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> Cmd<quorum_core::AppInfo> {
    state.info()
}

#[tauri::command(async)]
pub fn council_list(
    state: State<'_, AppState>,
    include_archived: bool,
) -> Cmd<Vec<CouncilSummary>> {
    state.with(|s| s.list_councils(include_archived))
}

#[tauri::command(async)]
pub fn council_overview(state: State<'_, AppState>, id: Uuid) -> Cmd<CouncilOverview> {
    state.with(|s| s.council_overview(id, today()))
}

#[tauri::command(async)]
pub fn council_home(state: State<'_, AppState>, id: Uuid) -> Cmd<CouncilHome> {
    state.with(|s| s.council_home(id, today()))
}

#[tauri::command(async)]
pub fn council_create(state: State<'_, AppState>, input: CouncilInput) -> Cmd<Council> {
    state.with(|s| s.create_council(input))
}

#[tauri::command(async)]
pub fn council_update(state: State<'_, AppState>, id: Uuid, input: CouncilInput) -> Cmd<Council> {
    state.with(|s| s.update_council(id, input))
}

#[tauri::command(async)]
pub fn council_set_archived(state: State<'_, AppState>, id: Uuid, archived: bool) -> Cmd<Council> {
    state.with(|s| s.set_council_archived(id, archived))
}

#[tauri::command(async)]
pub fn member_create(
    state: State<'_, AppState>,
    council_id: Uuid,
    input: MemberInput,
) -> Cmd<Member> {
    state.with(|s| s.create_member(council_id, input))
}

#[tauri::command(async)]
pub fn member_update(state: State<'_, AppState>, id: Uuid, input: MemberInput) -> Cmd<Member> {
    state.with(|s| s.update_member(id, input))
}

#[tauri::command(async)]
pub fn member_history(state: State<'_, AppState>, id: Uuid) -> Cmd<Vec<MemberEvent>> {
    state.with(|s| s.member_history(id))
}

#[tauri::command(async)]
pub fn guest_create(state: State<'_, AppState>, council_id: Uuid, input: GuestInput) -> Cmd<Guest> {
    state.with(|s| s.create_guest(council_id, input))
}

#[tauri::command(async)]
pub fn guest_update(state: State<'_, AppState>, id: Uuid, input: GuestInput) -> Cmd<Guest> {
    state.with(|s| s.update_guest(id, input))
}

#[tauri::command(async)]
pub fn guest_set_archived(state: State<'_, AppState>, id: Uuid, archived: bool) -> Cmd<Guest> {
    state.with(|s| s.set_guest_archived(id, archived))
}

#[tauri::command(async)]
pub fn demo_load(state: State<'_, AppState>) -> Cmd<ImportReport> {
    state.with(|s| s.load_demo())
}

#[tauri::command(async)]
pub fn export_json(state: State<'_, AppState>, path: PathBuf) -> Cmd<()> {
    state.with(|s| s.export_json_to(&path))
}

#[tauri::command(async)]
pub fn import_json(state: State<'_, AppState>, path: PathBuf) -> Cmd<ImportReport> {
    let text = exchange::read_import_file(&path)?;
    state.with(|s| s.import_json(&text))
}

// Meetings, agenda, attendance, minutes.

#[tauri::command(async)]
pub fn meeting_page(
    state: State<'_, AppState>,
    council_id: Uuid,
    past_offset: u32,
    past_limit: u32,
) -> Cmd<MeetingPage> {
    state.with(|s| s.meeting_page(council_id, today(), past_offset, past_limit))
}

#[tauri::command(async)]
pub fn meeting_minutes_adoptable(state: State<'_, AppState>, id: Uuid) -> Cmd<Vec<Meeting>> {
    state.with(|s| s.minutes_adoptable_at(id))
}

#[tauri::command(async)]
pub fn meeting_detail(state: State<'_, AppState>, id: Uuid) -> Cmd<MeetingDetail> {
    state.with(|s| s.meeting_detail(id))
}

#[tauri::command(async)]
pub fn meeting_create(
    state: State<'_, AppState>,
    council_id: Uuid,
    input: MeetingInput,
) -> Cmd<Meeting> {
    state.with(|s| s.create_meeting(council_id, input))
}

#[tauri::command(async)]
pub fn meeting_update(state: State<'_, AppState>, id: Uuid, input: MeetingInput) -> Cmd<Meeting> {
    state.with(|s| s.update_meeting(id, input))
}

#[tauri::command(async)]
pub fn agenda_item_add(
    state: State<'_, AppState>,
    meeting_id: Uuid,
    input: AgendaItemInput,
) -> Cmd<AgendaItem> {
    state.with(|s| s.add_agenda_item(meeting_id, input))
}

#[tauri::command(async)]
pub fn agenda_item_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: AgendaItemInput,
) -> Cmd<AgendaItem> {
    state.with(|s| s.update_agenda_item(id, input))
}

#[tauri::command(async)]
pub fn agenda_item_delete(state: State<'_, AppState>, id: Uuid) -> Cmd<()> {
    state.with(|s| s.delete_agenda_item(id))
}

#[tauri::command(async)]
pub fn agenda_item_move(
    state: State<'_, AppState>,
    id: Uuid,
    position: u32,
) -> Cmd<Vec<AgendaItem>> {
    state.with(|s| s.move_agenda_item(id, position))
}

/// The minutes editor's autosave: returns when it was saved.
#[tauri::command(async)]
pub fn item_notes_save(
    state: State<'_, AppState>,
    id: Uuid,
    notes: String,
) -> Cmd<chrono::DateTime<chrono::Utc>> {
    state.with(|s| s.save_item_notes(id, &notes))
}

#[tauri::command(async)]
pub fn attendance_set(
    state: State<'_, AppState>,
    meeting_id: Uuid,
    input: AttendanceInput,
) -> Cmd<Attendance> {
    state.with(|s| s.set_attendance(meeting_id, input))
}

#[tauri::command(async)]
pub fn guest_presence_set(
    state: State<'_, AppState>,
    meeting_id: Uuid,
    guest_id: Uuid,
    items_note: String,
) -> Cmd<GuestAttendance> {
    state.with(|s| s.set_guest_present(meeting_id, guest_id, &items_note))
}

#[tauri::command(async)]
pub fn guest_presence_remove(
    state: State<'_, AppState>,
    meeting_id: Uuid,
    guest_id: Uuid,
) -> Cmd<()> {
    state.with(|s| s.remove_guest_presence(meeting_id, guest_id))
}

#[tauri::command(async)]
pub fn decision_add(
    state: State<'_, AppState>,
    item_id: Uuid,
    input: DecisionInput,
) -> Cmd<Decision> {
    state.with(|s| s.add_decision(item_id, input))
}

#[tauri::command(async)]
pub fn decision_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: DecisionInput,
) -> Cmd<Decision> {
    state.with(|s| s.update_decision(id, input))
}

#[tauri::command(async)]
pub fn decision_delete(state: State<'_, AppState>, id: Uuid) -> Cmd<()> {
    state.with(|s| s.delete_decision(id))
}

#[tauri::command(async)]
pub fn action_create(
    state: State<'_, AppState>,
    council_id: Uuid,
    input: ActionInput,
) -> Cmd<Action> {
    state.with(|s| s.create_action(council_id, input))
}

#[tauri::command(async)]
pub fn action_update(state: State<'_, AppState>, id: Uuid, input: ActionInput) -> Cmd<Action> {
    state.with(|s| s.update_action(id, input))
}

#[tauri::command(async)]
pub fn minutes_distribute(
    state: State<'_, AppState>,
    meeting_id: Uuid,
    on: chrono::NaiveDate,
) -> Cmd<Meeting> {
    state.with(|s| s.distribute_minutes(meeting_id, on))
}

#[tauri::command(async)]
pub fn minutes_rectify(
    state: State<'_, AppState>,
    meeting_id: Uuid,
    reason: String,
) -> Cmd<Meeting> {
    state.with(|s| s.open_rectification(meeting_id, &reason))
}

#[tauri::command(async)]
pub fn agenda_suggestions(state: State<'_, AppState>, meeting_id: Uuid) -> Cmd<AgendaSuggestions> {
    state.with(|s| s.agenda_suggestions(meeting_id))
}

/// Writes one document of a meeting to `path`, then opens it in the system's viewer
/// when asked. Returns whether a viewer could be opened: the file is written either way.
#[tauri::command(async)]
pub fn meeting_pdf_export(
    state: State<'_, AppState>,
    meeting_id: Uuid,
    document: quorum_core::meeting_docs::MeetingDocument,
    path: PathBuf,
    open: bool,
) -> Cmd<bool> {
    let bytes = state.with(|s| s.meeting_pdf(meeting_id, document))?;
    exchange::write_atomically(&path, &bytes)?;
    Ok(open && tauri_plugin_opener::open_path(&path, None::<&str>).is_ok())
}

// --- Charters -------------------------------------------------------------------

use quorum_core::charter::{
    AdoptionInfo, Charter, CharterDetail, CharterInput, CharterKind, CharterSummary,
    CharterTemplate, NumberedSection, SectionInput, SignatureInput, SignatureView, VersionInput,
};
use quorum_core::charter_diff::CharterDiff;
use quorum_core::charter_text::ParsedCharter;

#[tauri::command(async)]
pub fn charter_list(state: State<'_, AppState>, council_id: Uuid) -> Cmd<Vec<CharterSummary>> {
    state.with(|s| s.list_charters(council_id))
}

#[tauri::command(async)]
pub fn charter_get(
    state: State<'_, AppState>,
    charter_id: Uuid,
    number: Option<u32>,
) -> Cmd<CharterDetail> {
    state.with(|s| s.get_charter(charter_id, number))
}

#[tauri::command(async)]
pub fn charter_create(
    state: State<'_, AppState>,
    council_id: Uuid,
    input: CharterInput,
) -> Cmd<CharterDetail> {
    state.with(|s| s.create_charter(council_id, input))
}

#[tauri::command(async)]
pub fn charter_from_template(
    state: State<'_, AppState>,
    council_id: Uuid,
    template: CharterTemplate,
) -> Cmd<CharterDetail> {
    state.with(|s| s.create_charter_from_template(council_id, template))
}

/// Reads a text file chosen in the open dialog (UTF-8, or Windows-1252 from Word).
#[tauri::command(async)]
pub fn charter_read_file(path: PathBuf) -> Cmd<String> {
    let bytes = std::fs::read(&path).map_err(|e| quorum_core::Error::io(&path, e))?;
    Ok(quorum_core::charter::decode_text(&bytes))
}

/// The structure an import would get, for the review screen; nothing is saved.
#[tauri::command(async)]
pub fn charter_import_preview(text: String) -> Cmd<ParsedCharter> {
    Ok(quorum_core::charter_text::parse_charter_text(&text))
}

#[tauri::command(async)]
pub fn charter_import(
    state: State<'_, AppState>,
    council_id: Uuid,
    text: String,
    kind: Option<CharterKind>,
    source_name: String,
) -> Cmd<CharterDetail> {
    state.with(|s| s.import_charter(council_id, &text, kind, &source_name))
}

#[tauri::command(async)]
pub fn charter_delete(state: State<'_, AppState>, charter_id: Uuid) -> Cmd<()> {
    state.with(|s| s.delete_charter(charter_id))
}

#[tauri::command(async)]
pub fn charter_set_kind(
    state: State<'_, AppState>,
    charter_id: Uuid,
    kind: CharterKind,
) -> Cmd<Charter> {
    state.with(|s| s.set_charter_kind(charter_id, kind))
}

#[tauri::command(async)]
pub fn charter_version_update(
    state: State<'_, AppState>,
    version_id: Uuid,
    input: VersionInput,
) -> Cmd<CharterDetail> {
    state.with(|s| s.update_charter_version(version_id, input))
}

#[tauri::command(async)]
pub fn charter_section_add(
    state: State<'_, AppState>,
    version_id: Uuid,
    position: Option<u32>,
    input: SectionInput,
) -> Cmd<NumberedSection> {
    state.with(|s| s.add_charter_section(version_id, position, input))
}

#[tauri::command(async)]
pub fn charter_section_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: SectionInput,
) -> Cmd<NumberedSection> {
    state.with(|s| s.update_charter_section(id, input))
}

#[tauri::command(async)]
pub fn charter_section_move(
    state: State<'_, AppState>,
    id: Uuid,
    position: u32,
) -> Cmd<CharterDetail> {
    state.with(|s| s.move_charter_section(id, position))
}

#[tauri::command(async)]
pub fn charter_section_delete(state: State<'_, AppState>, id: Uuid) -> Cmd<CharterDetail> {
    state.with(|s| s.delete_charter_section(id))
}

#[tauri::command(async)]
pub fn charter_adoption_candidates(
    state: State<'_, AppState>,
    charter_id: Uuid,
) -> Cmd<Vec<AdoptionInfo>> {
    state.with(|s| s.charter_adoption_candidates(charter_id))
}

#[tauri::command(async)]
pub fn charter_adopt(
    state: State<'_, AppState>,
    version_id: Uuid,
    decision_id: Uuid,
) -> Cmd<CharterDetail> {
    state.with(|s| s.adopt_charter_version(version_id, decision_id))
}

#[tauri::command(async)]
pub fn charter_version_start(state: State<'_, AppState>, charter_id: Uuid) -> Cmd<CharterDetail> {
    state.with(|s| s.start_charter_version(charter_id))
}

#[tauri::command(async)]
pub fn charter_draft_delete(state: State<'_, AppState>, version_id: Uuid) -> Cmd<()> {
    state.with(|s| s.delete_charter_draft(version_id))
}

#[tauri::command(async)]
pub fn charter_signature_add(
    state: State<'_, AppState>,
    version_id: Uuid,
    input: SignatureInput,
) -> Cmd<SignatureView> {
    state.with(|s| s.add_charter_signature(version_id, input))
}

#[tauri::command(async)]
pub fn charter_signature_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: SignatureInput,
) -> Cmd<SignatureView> {
    state.with(|s| s.update_charter_signature(id, input))
}

#[tauri::command(async)]
pub fn charter_signature_delete(state: State<'_, AppState>, id: Uuid) -> Cmd<()> {
    state.with(|s| s.delete_charter_signature(id))
}

#[tauri::command(async)]
pub fn charter_compare(
    state: State<'_, AppState>,
    charter_id: Uuid,
    from: u32,
    to: u32,
) -> Cmd<CharterDiff> {
    state.with(|s| s.compare_charter_versions(charter_id, from, to))
}

/// Writes a charter version as PDF to `path` (see `meeting_pdf_export`).
#[tauri::command(async)]
pub fn charter_pdf_export(
    state: State<'_, AppState>,
    charter_id: Uuid,
    number: Option<u32>,
    path: PathBuf,
    open: bool,
) -> Cmd<bool> {
    let bytes = state.with(|s| s.charter_pdf(charter_id, number))?;
    exchange::write_atomically(&path, &bytes)?;
    Ok(open && tauri_plugin_opener::open_path(&path, None::<&str>).is_ok())
}

/// Writes the comparison of two versions as PDF to `path`.
#[tauri::command(async)]
pub fn charter_diff_pdf_export(
    state: State<'_, AppState>,
    charter_id: Uuid,
    from: u32,
    to: u32,
    path: PathBuf,
    open: bool,
) -> Cmd<bool> {
    let bytes = state.with(|s| s.charter_diff_pdf(charter_id, from, to))?;
    exchange::write_atomically(&path, &bytes)?;
    Ok(open && tauri_plugin_opener::open_path(&path, None::<&str>).is_ok())
}

// --- Calendar -------------------------------------------------------------------

use quorum_core::calendar::{
    AvisInput, AvisRequest, CalendarFilter, CalendarView, Demarche, DemarcheDetail, DemarcheInput,
    Event, EventInput, Phase, PhaseInput,
};

#[tauri::command(async)]
pub fn calendar_view(
    state: State<'_, AppState>,
    council_id: Uuid,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    filter: CalendarFilter,
) -> Cmd<CalendarView> {
    state.with(|s| s.calendar(council_id, from, to, &filter, today()))
}

#[tauri::command(async)]
pub fn demarche_list(state: State<'_, AppState>, council_id: Uuid) -> Cmd<Vec<DemarcheDetail>> {
    state.with(|s| s.list_demarches(council_id))
}

#[tauri::command(async)]
pub fn demarche_get(state: State<'_, AppState>, id: Uuid) -> Cmd<DemarcheDetail> {
    state.with(|s| s.get_demarche(id))
}

#[tauri::command(async)]
pub fn demarche_create(
    state: State<'_, AppState>,
    council_id: Uuid,
    input: DemarcheInput,
) -> Cmd<Demarche> {
    state.with(|s| s.create_demarche(council_id, input))
}

#[tauri::command(async)]
pub fn demarche_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: DemarcheInput,
) -> Cmd<Demarche> {
    state.with(|s| s.update_demarche(id, input))
}

#[tauri::command(async)]
pub fn demarche_delete(state: State<'_, AppState>, id: Uuid) -> Cmd<()> {
    state.with(|s| s.delete_demarche(id))
}

#[tauri::command(async)]
pub fn demarche_contrat_de_ville(
    state: State<'_, AppState>,
    council_id: Uuid,
) -> Cmd<DemarcheDetail> {
    state.with(|s| s.add_contrat_de_ville_milestones(council_id))
}

#[tauri::command(async)]
pub fn phase_add(state: State<'_, AppState>, demarche_id: Uuid, input: PhaseInput) -> Cmd<Phase> {
    state.with(|s| s.add_phase(demarche_id, input))
}

#[tauri::command(async)]
pub fn phase_update(state: State<'_, AppState>, id: Uuid, input: PhaseInput) -> Cmd<Phase> {
    state.with(|s| s.update_phase(id, input))
}

#[tauri::command(async)]
pub fn phase_move(state: State<'_, AppState>, id: Uuid, position: u32) -> Cmd<Vec<Phase>> {
    state.with(|s| s.move_phase(id, position))
}

#[tauri::command(async)]
pub fn phase_delete(state: State<'_, AppState>, id: Uuid) -> Cmd<()> {
    state.with(|s| s.delete_phase(id))
}

#[tauri::command(async)]
pub fn event_get(state: State<'_, AppState>, id: Uuid) -> Cmd<Event> {
    state.with(|s| s.get_event(id))
}

#[tauri::command(async)]
pub fn event_create(state: State<'_, AppState>, council_id: Uuid, input: EventInput) -> Cmd<Event> {
    state.with(|s| s.create_event(council_id, input))
}

#[tauri::command(async)]
pub fn event_update(state: State<'_, AppState>, id: Uuid, input: EventInput) -> Cmd<Event> {
    state.with(|s| s.update_event(id, input))
}

#[tauri::command(async)]
pub fn event_delete(state: State<'_, AppState>, id: Uuid) -> Cmd<()> {
    state.with(|s| s.delete_event(id))
}

#[tauri::command(async)]
pub fn event_skip_occurrence(
    state: State<'_, AppState>,
    id: Uuid,
    date: chrono::NaiveDate,
) -> Cmd<Event> {
    state.with(|s| s.skip_occurrence(id, date))
}

#[tauri::command(async)]
pub fn avis_create(
    state: State<'_, AppState>,
    council_id: Uuid,
    input: AvisInput,
) -> Cmd<AvisRequest> {
    state.with(|s| s.create_avis(council_id, input))
}

#[tauri::command(async)]
pub fn avis_update(state: State<'_, AppState>, id: Uuid, input: AvisInput) -> Cmd<AvisRequest> {
    state.with(|s| s.update_avis(id, input))
}

#[tauri::command(async)]
pub fn avis_delete(state: State<'_, AppState>, id: Uuid) -> Cmd<()> {
    state.with(|s| s.delete_avis(id))
}

/// Writes the council's (or a démarche's) calendar as an .ics file to `path`.
#[tauri::command(async)]
pub fn ics_export(
    state: State<'_, AppState>,
    council_id: Uuid,
    demarche_id: Option<Uuid>,
    path: PathBuf,
) -> Cmd<()> {
    let ics = state.with(|s| s.export_ics(council_id, demarche_id))?;
    exchange::write_atomically(&path, ics.as_bytes())
}

/// Adds the events of an .ics file chosen in the open dialog.
#[tauri::command(async)]
pub fn ics_import(
    state: State<'_, AppState>,
    council_id: Uuid,
    path: PathBuf,
) -> Cmd<quorum_core::ical::IcsImportReport> {
    let bytes = std::fs::read(&path).map_err(|e| quorum_core::Error::io(&path, e))?;
    let text = quorum_core::charter::decode_text(&bytes);
    state.with(|s| s.import_ics(council_id, &text))
}

#[tauri::command(async)]
pub fn calendar_pdf_export(
    state: State<'_, AppState>,
    council_id: Uuid,
    document: quorum_core::calendar::CalendarDocument,
    path: PathBuf,
    open: bool,
) -> Cmd<bool> {
    let bytes = state.with(|s| s.calendar_document_pdf(council_id, document, today()))?;
    exchange::write_atomically(&path, &bytes)?;
    Ok(open && tauri_plugin_opener::open_path(&path, None::<&str>).is_ok())
}

// --- Personal data ----------------------------------------------------------------

/// Writes everything held about a member, as JSON (`pdf` false) or as a readable PDF.
#[tauri::command(async)]
pub fn member_data_export(
    state: State<'_, AppState>,
    member_id: Uuid,
    path: PathBuf,
    pdf: bool,
    open: bool,
) -> Cmd<bool> {
    let bytes = state.with(|s| {
        if pdf {
            s.member_data_pdf(member_id)
        } else {
            s.member_data_json(member_id).map(String::into_bytes)
        }
    })?;
    exchange::write_atomically(&path, &bytes)?;
    Ok(open && pdf && tauri_plugin_opener::open_path(&path, None::<&str>).is_ok())
}

#[tauri::command(async)]
pub fn member_clear_contacts(state: State<'_, AppState>, member_id: Uuid) -> Cmd<Member> {
    state.with(|s| s.clear_member_contacts(member_id))
}

#[tauri::command(async)]
pub fn member_anonymise(state: State<'_, AppState>, member_id: Uuid) -> Cmd<Member> {
    state.with(|s| s.anonymise_member(member_id, today()))
}

#[tauri::command(async)]
pub fn stale_contacts(
    state: State<'_, AppState>,
    council_id: Uuid,
) -> Cmd<Vec<quorum_core::privacy::StaleContact>> {
    state.with(|s| s.stale_contacts(council_id, today()))
}

// --- Backups and hand-over archives -------------------------------------------------

use quorum_core::archive::{ArchiveImportReport, ArchivePreview, ArchiveSummary};
use quorum_core::backup::{BackupInfo, BackupKind};

/// The backups of the data folder, newest first (each checked), for the backups
/// screen and the damaged-file screen.
#[tauri::command(async)]
pub fn backup_list(state: State<'_, AppState>) -> Cmd<Vec<BackupInfo>> {
    quorum_core::backup::list_backups(&state.data_dir()?)
}

#[tauri::command(async)]
pub fn backup_create(state: State<'_, AppState>) -> Cmd<BackupInfo> {
    state.with_files(|dir| quorum_core::backup::backup_now(dir, BackupKind::Manuelle))
}

/// A verified copy in a folder chosen by the user (a USB key).
#[tauri::command(async)]
pub fn backup_to_folder(state: State<'_, AppState>, folder: PathBuf) -> Cmd<BackupInfo> {
    state.with_files(|dir| quorum_core::backup::backup_to_folder(dir, &folder))
}

#[tauri::command(async)]
pub fn backup_restore(state: State<'_, AppState>, path: PathBuf) -> Cmd<()> {
    state.restore(&path)
}

#[tauri::command(async)]
pub fn archive_export(
    state: State<'_, AppState>,
    council_id: Uuid,
    path: PathBuf,
) -> Cmd<ArchiveSummary> {
    state.with(|s| s.export_archive(council_id, &path))
}

#[tauri::command(async)]
pub fn archive_preview(state: State<'_, AppState>, path: PathBuf) -> Cmd<ArchivePreview> {
    state.with(|s| s.preview_archive(&path))
}

#[tauri::command(async)]
pub fn archive_import(state: State<'_, AppState>, path: PathBuf) -> Cmd<ArchiveImportReport> {
    state.with(|s| s.import_archive(&path))
}

/// Global search in one council (see `quorum_core::search`).
#[tauri::command(async)]
pub fn search(
    state: State<'_, AppState>,
    council_id: Uuid,
    query: String,
) -> Cmd<quorum_core::search::SearchResults> {
    state.with(|s| s.search(council_id, &query, SEARCH_HITS))
}

/// How many hits of each kind the search box shows at first.
const SEARCH_HITS: u32 = 8;

/// More hits of one kind, when a group of the search box is opened further.
#[tauri::command(async)]
pub fn search_kind(
    state: State<'_, AppState>,
    council_id: Uuid,
    query: String,
    kind: quorum_core::search::SearchKind,
    limit: u32,
) -> Cmd<quorum_core::search::SearchResults> {
    state.with(|s| s.search_kind(council_id, &query, kind, limit))
}

/// The council list calls it once its first data is drawn: the backup at start waits
/// for it (see `app::spawn_backups`). With `QUORUM_BENCH_READY` set it also prints
/// `first-screen` on stdout, which the start-up benchmark times (bench/start_memory.py).
#[tauri::command(async)]
pub fn first_screen_shown(state: State<'_, AppState>) -> Cmd<()> {
    state.first_screen_drawn();
    if std::env::var_os("QUORUM_BENCH_READY").is_some() {
        use std::io::Write;
        // Only the benchmark reads this line; nothing to do if stdout is gone.
        let _ = writeln!(std::io::stdout(), "first-screen");
    }
    Ok(())
}
