//! The window: opens the store, registers the commands, runs Tauri.

use crate::commands;
use quorum_core::{datadir, AppInfo, Error, ErrorPayload, Result, Store};
use std::path::Path;
use std::sync::Mutex;

/// What every command reaches. When the database could not be opened (damaged file,
/// newer schema, read-only folder), the window still opens and explains why.
pub struct AppState {
    store: Mutex<Option<Store>>,
    startup_error: Option<ErrorPayload>,
    data_dir: Option<datadir::DataDir>,
}

impl AppState {
    fn open(flag: Option<&Path>) -> Self {
        let opened = datadir::resolve(flag)
            .and_then(|dir| Store::open_in(&dir.path).map(|store| (dir, store)));
        match opened {
            Ok((dir, store)) => AppState {
                store: Mutex::new(Some(store)),
                startup_error: None,
                data_dir: Some(dir),
            },
            Err(e) => AppState {
                store: Mutex::new(None),
                startup_error: Some(e.payload()),
                data_dir: datadir::resolve(flag).ok(),
            },
        }
    }

    /// Runs `f` on the store; one command at a time, as SQLite wants for one connection.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        // A panic in an earlier command does not make the data unusable: keep going.
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_mut() {
            Some(store) => f(store),
            None => Err(Error::DataDir {
                path: self
                    .data_dir
                    .as_ref()
                    .map(|d| d.path.clone())
                    .unwrap_or_default(),
                reason: self
                    .startup_error
                    .as_ref()
                    .map(|e| e.message.clone())
                    .unwrap_or_default(),
            }),
        }
    }

    pub fn info(&self) -> Result<AppInfo> {
        let guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        Ok(AppInfo::new(
            self.data_dir.as_ref(),
            guard.as_ref(),
            self.startup_error.clone(),
        ))
    }
}

pub fn run(flag: Option<&Path>) -> i32 {
    let state = AppState::open(flag);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::council_list,
            commands::council_overview,
            commands::council_create,
            commands::council_update,
            commands::council_set_archived,
            commands::member_create,
            commands::member_update,
            commands::member_history,
            commands::guest_create,
            commands::guest_update,
            commands::guest_set_archived,
            commands::demo_load,
            commands::export_json,
            commands::import_json,
            commands::meeting_list,
            commands::meeting_detail,
            commands::meeting_create,
            commands::meeting_update,
            commands::agenda_item_add,
            commands::agenda_item_update,
            commands::agenda_item_delete,
            commands::agenda_item_move,
            commands::item_notes_save,
            commands::attendance_set,
            commands::guest_presence_set,
            commands::guest_presence_remove,
            commands::decision_add,
            commands::decision_update,
            commands::decision_delete,
            commands::action_create,
            commands::action_update,
            commands::minutes_distribute,
            commands::minutes_rectify,
            commands::agenda_suggestions,
            commands::meeting_pdf_export,
            commands::charter_list,
            commands::charter_get,
            commands::charter_create,
            commands::charter_from_template,
            commands::charter_read_file,
            commands::charter_import_preview,
            commands::charter_import,
            commands::charter_delete,
            commands::charter_set_kind,
            commands::charter_version_update,
            commands::charter_section_add,
            commands::charter_section_update,
            commands::charter_section_move,
            commands::charter_section_delete,
            commands::charter_adoption_candidates,
            commands::charter_adopt,
            commands::charter_version_start,
            commands::charter_draft_delete,
            commands::charter_signature_add,
            commands::charter_signature_update,
            commands::charter_signature_delete,
            commands::charter_compare,
            commands::charter_pdf_export,
            commands::charter_diff_pdf_export,
            commands::calendar_view,
            commands::demarche_list,
            commands::demarche_get,
            commands::demarche_create,
            commands::demarche_update,
            commands::demarche_delete,
            commands::demarche_contrat_de_ville,
            commands::phase_add,
            commands::phase_update,
            commands::phase_move,
            commands::phase_delete,
            commands::event_get,
            commands::event_create,
            commands::event_update,
            commands::event_delete,
            commands::event_skip_occurrence,
            commands::avis_create,
            commands::avis_update,
            commands::avis_delete,
            commands::ics_export,
            commands::ics_import,
            commands::calendar_pdf_export,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("Erreur : la fenêtre de Quorum n'a pas pu s'ouvrir : {e}");
            1
        }
    }
}
