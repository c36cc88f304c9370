//! The bridge. Each command is a few lines: take the store, call the core, return its
//! result. Errors cross as the core's `{code, message, fields}` payload. Commands run
//! off the main thread (`async`) so a long import never freezes the window.

use crate::app::AppState;
use quorum_core::composition::CouncilOverview;
use quorum_core::council::{Council, CouncilInput, CouncilSummary};
use quorum_core::exchange::{self, ImportReport};
use quorum_core::guest::{Guest, GuestInput};
use quorum_core::member::{Member, MemberEvent, MemberInput};
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
