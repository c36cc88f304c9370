// The typed bridge to the Rust core. Every call goes through `call`, which turns
// whatever the backend rejects with into an `AppError` carrying a stable `code`.
// Types come from ui/src/bindings, generated from Rust by ts-rs: never edit them.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo } from "../bindings/AppInfo";
import type { Council } from "../bindings/Council";
import type { CouncilInput } from "../bindings/CouncilInput";
import type { CouncilOverview } from "../bindings/CouncilOverview";
import type { CouncilHome } from "../bindings/CouncilHome";
import type { MeetingPage } from "../bindings/MeetingPage";
import type { CouncilSummary } from "../bindings/CouncilSummary";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { ErrorPayload } from "../bindings/ErrorPayload";
import type { FieldError } from "../bindings/FieldError";
import type { Guest } from "../bindings/Guest";
import type { GuestInput } from "../bindings/GuestInput";
import type { ImportReport } from "../bindings/ImportReport";
import type { Member } from "../bindings/Member";
import type { MemberEvent } from "../bindings/MemberEvent";
import type { MemberInput } from "../bindings/MemberInput";
import type { Action } from "../bindings/Action";
import type { ActionInput } from "../bindings/ActionInput";
import type { AgendaItem } from "../bindings/AgendaItem";
import type { AgendaItemInput } from "../bindings/AgendaItemInput";
import type { AgendaSuggestions } from "../bindings/AgendaSuggestions";
import type { Attendance } from "../bindings/Attendance";
import type { AttendanceInput } from "../bindings/AttendanceInput";
import type { Decision } from "../bindings/Decision";
import type { DecisionInput } from "../bindings/DecisionInput";
import type { GuestAttendance } from "../bindings/GuestAttendance";
import type { Meeting } from "../bindings/Meeting";
import type { MeetingDetail } from "../bindings/MeetingDetail";
import type { MeetingInput } from "../bindings/MeetingInput";
import type { MeetingDocument } from "../bindings/MeetingDocument";
import type { AdoptionInfo } from "../bindings/AdoptionInfo";
import type { Charter } from "../bindings/Charter";
import type { CharterDetail } from "../bindings/CharterDetail";
import type { CharterDiff } from "../bindings/CharterDiff";
import type { CharterInput } from "../bindings/CharterInput";
import type { CharterKind } from "../bindings/CharterKind";
import type { CharterSummary } from "../bindings/CharterSummary";
import type { CharterTemplate } from "../bindings/CharterTemplate";
import type { NumberedSection } from "../bindings/NumberedSection";
import type { ParsedCharter } from "../bindings/ParsedCharter";
import type { SectionInput } from "../bindings/SectionInput";
import type { SignatureInput } from "../bindings/SignatureInput";
import type { SignatureView } from "../bindings/SignatureView";
import type { VersionInput } from "../bindings/VersionInput";
import type { AvisInput } from "../bindings/AvisInput";
import type { AvisRequest } from "../bindings/AvisRequest";
import type { CalendarDocument } from "../bindings/CalendarDocument";
import type { CalendarFilter } from "../bindings/CalendarFilter";
import type { CalendarView } from "../bindings/CalendarView";
import type { Demarche } from "../bindings/Demarche";
import type { DemarcheDetail } from "../bindings/DemarcheDetail";
import type { DemarcheInput } from "../bindings/DemarcheInput";
import type { Event } from "../bindings/Event";
import type { EventInput } from "../bindings/EventInput";
import type { IcsImportReport } from "../bindings/IcsImportReport";
import type { Phase } from "../bindings/Phase";
import type { PhaseInput } from "../bindings/PhaseInput";
import type { StaleContact } from "../bindings/StaleContact";
import type { SearchKind } from "../bindings/SearchKind";
import type { SearchResults } from "../bindings/SearchResults";
import type { BackupInfo } from "../bindings/BackupInfo";
import type { ArchivePreview } from "../bindings/ArchivePreview";
import type { ArchiveImportReport } from "../bindings/ArchiveImportReport";
import type { ArchiveSummary } from "../bindings/ArchiveSummary";
import { t } from "./i18n";

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = "AppError";
    this.code = payload.code;
    this.fields = payload.fields;
  }

  /** The message for one form field, if the core rejected it. */
  field(name: string): string | undefined {
    return this.fields.find((f) => f.field === name)?.message;
  }
}

function isPayload(e: unknown): e is ErrorPayload {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as ErrorPayload).code === "string" &&
    typeof (e as ErrorPayload).message === "string" &&
    Array.isArray((e as ErrorPayload).fields)
  );
}

export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (isPayload(e)) return new AppError(e);
  const detail = e instanceof Error ? e.message : String(e);
  return new AppError({ code: "internal", message: t("error.unexpected", { detail }), fields: [] });
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  councilList: (includeArchived: boolean) => call<CouncilSummary[]>("council_list", { includeArchived }),
  councilOverview: (id: string) => call<CouncilOverview>("council_overview", { id }),
  councilHome: (id: string) => call<CouncilHome>("council_home", { id }),
  councilCreate: (input: CouncilInput) => call<Council>("council_create", { input }),
  councilUpdate: (id: string, input: CouncilInput) => call<Council>("council_update", { id, input }),
  councilSetArchived: (id: string, archived: boolean) => call<Council>("council_set_archived", { id, archived }),
  memberCreate: (councilId: string, input: MemberInput) => call<Member>("member_create", { councilId, input }),
  memberUpdate: (id: string, input: MemberInput) => call<Member>("member_update", { id, input }),
  memberHistory: (id: string) => call<MemberEvent[]>("member_history", { id }),
  guestCreate: (councilId: string, input: GuestInput) => call<Guest>("guest_create", { councilId, input }),
  guestUpdate: (id: string, input: GuestInput) => call<Guest>("guest_update", { id, input }),
  guestSetArchived: (id: string, archived: boolean) => call<Guest>("guest_set_archived", { id, archived }),
  demoLoad: () => call<ImportReport>("demo_load"),
  exportJson: (path: string) => call<null>("export_json", { path }),
  importJson: (path: string) => call<ImportReport>("import_json", { path }),
  meetingMinutesAdoptable: (id: string) => call<Meeting[]>("meeting_minutes_adoptable", { id }),
  meetingPage: (councilId: string, pastOffset: number, pastLimit: number) =>
    call<MeetingPage>("meeting_page", { councilId, pastOffset, pastLimit }),
  meetingDetail: (id: string) => call<MeetingDetail>("meeting_detail", { id }),
  meetingCreate: (councilId: string, input: MeetingInput) => call<Meeting>("meeting_create", { councilId, input }),
  meetingUpdate: (id: string, input: MeetingInput) => call<Meeting>("meeting_update", { id, input }),
  agendaItemAdd: (meetingId: string, input: AgendaItemInput) => call<AgendaItem>("agenda_item_add", { meetingId, input }),
  agendaItemUpdate: (id: string, input: AgendaItemInput) => call<AgendaItem>("agenda_item_update", { id, input }),
  agendaItemDelete: (id: string) => call<null>("agenda_item_delete", { id }),
  agendaItemMove: (id: string, position: number) => call<AgendaItem[]>("agenda_item_move", { id, position }),
  itemNotesSave: (id: string, notes: string) => call<string>("item_notes_save", { id, notes }),
  attendanceSet: (meetingId: string, input: AttendanceInput) => call<Attendance>("attendance_set", { meetingId, input }),
  guestPresenceSet: (meetingId: string, guestId: string, itemsNote: string) =>
    call<GuestAttendance>("guest_presence_set", { meetingId, guestId, itemsNote }),
  guestPresenceRemove: (meetingId: string, guestId: string) => call<null>("guest_presence_remove", { meetingId, guestId }),
  decisionAdd: (itemId: string, input: DecisionInput) => call<Decision>("decision_add", { itemId, input }),
  decisionUpdate: (id: string, input: DecisionInput) => call<Decision>("decision_update", { id, input }),
  decisionDelete: (id: string) => call<null>("decision_delete", { id }),
  actionCreate: (councilId: string, input: ActionInput) => call<Action>("action_create", { councilId, input }),
  actionUpdate: (id: string, input: ActionInput) => call<Action>("action_update", { id, input }),
  minutesDistribute: (meetingId: string, on: string) => call<Meeting>("minutes_distribute", { meetingId, on }),
  minutesRectify: (meetingId: string, reason: string) => call<Meeting>("minutes_rectify", { meetingId, reason }),
  agendaSuggestions: (meetingId: string) => call<AgendaSuggestions>("agenda_suggestions", { meetingId }),
  meetingPdfExport: (meetingId: string, document: MeetingDocument, path: string, open: boolean) =>
    call<boolean>("meeting_pdf_export", { meetingId, document, path, open }),
  charterList: (councilId: string) => call<CharterSummary[]>("charter_list", { councilId }),
  charterGet: (charterId: string, number: number | null) => call<CharterDetail>("charter_get", { charterId, number }),
  charterCreate: (councilId: string, input: CharterInput) => call<CharterDetail>("charter_create", { councilId, input }),
  charterFromTemplate: (councilId: string, template: CharterTemplate) =>
    call<CharterDetail>("charter_from_template", { councilId, template }),
  charterReadFile: (path: string) => call<string>("charter_read_file", { path }),
  charterImportPreview: (text: string) => call<ParsedCharter>("charter_import_preview", { text }),
  charterImport: (councilId: string, text: string, kind: CharterKind | null, sourceName: string) =>
    call<CharterDetail>("charter_import", { councilId, text, kind, sourceName }),
  charterDelete: (charterId: string) => call<null>("charter_delete", { charterId }),
  charterSetKind: (charterId: string, kind: CharterKind) => call<Charter>("charter_set_kind", { charterId, kind }),
  charterVersionUpdate: (versionId: string, input: VersionInput) =>
    call<CharterDetail>("charter_version_update", { versionId, input }),
  charterSectionAdd: (versionId: string, position: number | null, input: SectionInput) =>
    call<NumberedSection>("charter_section_add", { versionId, position, input }),
  charterSectionUpdate: (id: string, input: SectionInput) => call<NumberedSection>("charter_section_update", { id, input }),
  charterSectionMove: (id: string, position: number) => call<CharterDetail>("charter_section_move", { id, position }),
  charterSectionDelete: (id: string) => call<CharterDetail>("charter_section_delete", { id }),
  charterAdoptionCandidates: (charterId: string) => call<AdoptionInfo[]>("charter_adoption_candidates", { charterId }),
  charterAdopt: (versionId: string, decisionId: string) => call<CharterDetail>("charter_adopt", { versionId, decisionId }),
  charterVersionStart: (charterId: string) => call<CharterDetail>("charter_version_start", { charterId }),
  charterDraftDelete: (versionId: string) => call<null>("charter_draft_delete", { versionId }),
  charterSignatureAdd: (versionId: string, input: SignatureInput) =>
    call<SignatureView>("charter_signature_add", { versionId, input }),
  charterSignatureUpdate: (id: string, input: SignatureInput) => call<SignatureView>("charter_signature_update", { id, input }),
  charterSignatureDelete: (id: string) => call<null>("charter_signature_delete", { id }),
  charterCompare: (charterId: string, from: number, to: number) => call<CharterDiff>("charter_compare", { charterId, from, to }),
  charterPdfExport: (charterId: string, number: number | null, path: string, open: boolean) =>
    call<boolean>("charter_pdf_export", { charterId, number, path, open }),
  charterDiffPdfExport: (charterId: string, from: number, to: number, path: string, open: boolean) =>
    call<boolean>("charter_diff_pdf_export", { charterId, from, to, path, open }),
  calendarView: (councilId: string, from: string, to: string, filter: CalendarFilter) =>
    call<CalendarView>("calendar_view", { councilId, from, to, filter }),
  demarcheList: (councilId: string) => call<DemarcheDetail[]>("demarche_list", { councilId }),
  demarcheGet: (id: string) => call<DemarcheDetail>("demarche_get", { id }),
  demarcheCreate: (councilId: string, input: DemarcheInput) => call<Demarche>("demarche_create", { councilId, input }),
  demarcheUpdate: (id: string, input: DemarcheInput) => call<Demarche>("demarche_update", { id, input }),
  demarcheDelete: (id: string) => call<null>("demarche_delete", { id }),
  demarcheContratDeVille: (councilId: string) => call<DemarcheDetail>("demarche_contrat_de_ville", { councilId }),
  phaseAdd: (demarcheId: string, input: PhaseInput) => call<Phase>("phase_add", { demarcheId, input }),
  phaseUpdate: (id: string, input: PhaseInput) => call<Phase>("phase_update", { id, input }),
  phaseMove: (id: string, position: number) => call<Phase[]>("phase_move", { id, position }),
  phaseDelete: (id: string) => call<null>("phase_delete", { id }),
  eventGet: (id: string) => call<Event>("event_get", { id }),
  eventCreate: (councilId: string, input: EventInput) => call<Event>("event_create", { councilId, input }),
  eventUpdate: (id: string, input: EventInput) => call<Event>("event_update", { id, input }),
  eventDelete: (id: string) => call<null>("event_delete", { id }),
  eventSkipOccurrence: (id: string, date: string) => call<Event>("event_skip_occurrence", { id, date }),
  avisCreate: (councilId: string, input: AvisInput) => call<AvisRequest>("avis_create", { councilId, input }),
  avisUpdate: (id: string, input: AvisInput) => call<AvisRequest>("avis_update", { id, input }),
  avisDelete: (id: string) => call<null>("avis_delete", { id }),
  icsExport: (councilId: string, demarcheId: string | null, path: string) => call<null>("ics_export", { councilId, demarcheId, path }),
  icsImport: (councilId: string, path: string) => call<IcsImportReport>("ics_import", { councilId, path }),
  calendarPdfExport: (councilId: string, document: CalendarDocument, path: string, open: boolean) =>
    call<boolean>("calendar_pdf_export", { councilId, document, path, open }),
  memberDataExport: (memberId: string, path: string, pdf: boolean, open: boolean) =>
    call<boolean>("member_data_export", { memberId, path, pdf, open }),
  memberClearContacts: (memberId: string) => call<Member>("member_clear_contacts", { memberId }),
  memberAnonymise: (memberId: string) => call<Member>("member_anonymise", { memberId }),
  staleContacts: (councilId: string) => call<StaleContact[]>("stale_contacts", { councilId }),
  backupList: () => call<BackupInfo[]>("backup_list"),
  backupCreate: () => call<BackupInfo>("backup_create"),
  backupToFolder: (folder: string) => call<BackupInfo>("backup_to_folder", { folder }),
  backupRestore: (path: string) => call<null>("backup_restore", { path }),
  archiveExport: (councilId: string, path: string) => call<ArchiveSummary>("archive_export", { councilId, path }),
  archivePreview: (path: string) => call<ArchivePreview>("archive_preview", { path }),
  archiveImport: (path: string) => call<ArchiveImportReport>("archive_import", { path }),
  search: (councilId: string, query: string) => call<SearchResults>("search", { councilId, query }),
  searchKind: (councilId: string, query: string, kind: SearchKind, limit: number) =>
    call<SearchResults>("search_kind", { councilId, query, kind, limit }),
};

let firstScreenReported = false;
let firstScreenDrawn: () => void = () => {};

/**
 * Resolves once the first screen is drawn (see `firstScreenShown`), or after 1.5 s
 * when it is another screen (the rescue screen of a damaged file): work that the first
 * screen does not need, such as the native menu's dozen calls, waits for it.
 */
export const afterFirstScreen: Promise<void> = new Promise((resolve) => {
  firstScreenDrawn = resolve;
  setTimeout(resolve, 1500);
});

/**
 * The council list asked for at start, beside `app_info` rather than after it (one
 * round trip less before the first screen). Taken once by the list's first load.
 */
let councilsAtStart: Promise<CouncilSummary[]> | null = null;

export function prefetchCouncils(): void {
  councilsAtStart = api.councilList(false);
  // Read (and its error shown) by the list; unread when the rescue screen shows instead.
  councilsAtStart.catch(() => {});
}

/** After a restore the list must be read again, not taken from before it. */
export function forgetPrefetchedCouncils(): void {
  councilsAtStart = null;
}

export function councilsForFirstScreen(includeArchived: boolean): Promise<CouncilSummary[]> {
  const early = councilsAtStart;
  councilsAtStart = null;
  return early !== null && !includeArchived ? early : api.councilList(includeArchived);
}

/**
 * Tells the backend, once per run, that the first screen is drawn — fonts loaded and
 * the next frame painted: the backup at start waits for it, and the start-up benchmark
 * (bench/start_memory.py) times it (the backend prints a line under
 * QUORUM_BENCH_READY). A failure is ignored, never shown to the user.
 */
export function firstScreenShown(): void {
  if (firstScreenReported) return;
  firstScreenReported = true;
  const nextPaint = () => new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
  // A first frame lays the list out (and requests its fonts), a second shows it in them.
  nextPaint()
    .then(() => document.fonts.ready)
    .then(nextPaint)
    .then(() => {
      firstScreenDrawn();
      return call<null>("first_screen_shown");
    })
    .catch(() => {});
}
