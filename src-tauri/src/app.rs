//! The window: opens the store, registers the commands, runs Tauri.

use crate::commands;
use quorum_core::{datadir, AppInfo, Error, ErrorPayload, Result, Store};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// What every command reaches. When the database could not be opened (damaged file,
/// newer schema, read-only folder), the window still opens, explains why, and offers
/// the latest good backup; a restore reopens the store in place.
pub struct AppState {
    /// The store, and a signal for when it is open (see [`AppState::open`]).
    inner: Arc<(Mutex<Inner>, Condvar)>,
    data_dir: Option<datadir::DataDir>,
    /// Set once the interface has drawn its first screen (`first_screen_shown`).
    first_screen: (Mutex<bool>, Condvar),
    /// Held by whatever copies or replaces the database file: a backup (which reads
    /// beside the store, not through it) and a restore. Taken before `inner`.
    files: Mutex<()>,
}

struct Inner {
    store: Option<Store>,
    startup_error: Option<ErrorPayload>,
    /// The store is still being opened: every command waits for it.
    opening: bool,
}

/// Ends the opening, whatever happened to it (a panic included): the commands waiting
/// for the store go on, with the store or with the reason it is missing.
struct Opened(Arc<(Mutex<Inner>, Condvar)>);

impl Drop for Opened {
    fn drop(&mut self) {
        let (inner, ready) = &*self.0;
        inner.lock().unwrap_or_else(|p| p.into_inner()).opening = false;
        ready.notify_all();
    }
}

impl AppState {
    /// The store is opened on a thread of its own while Tauri and WebKit start: opening
    /// checks the whole file first (`quick_check`, so that a damaged file is never
    /// written to), which on ten years of data takes over half a second. No command
    /// can reach the store before it is open: they wait for it (`lock`).
    fn open(flag: Option<&Path>) -> Self {
        let data_dir = datadir::resolve(flag);
        let inner = Arc::new((
            Mutex::new(Inner {
                store: None,
                startup_error: None,
                opening: true,
            }),
            Condvar::new(),
        ));
        let opened = Opened(Arc::clone(&inner));
        match &data_dir {
            Ok(dir) => {
                let path = dir.path.clone();
                std::thread::spawn(move || {
                    let result = Store::open_in(&path);
                    let mut guard = opened.0 .0.lock().unwrap_or_else(|p| p.into_inner());
                    match result {
                        Ok(store) => guard.store = Some(store),
                        Err(e) => guard.startup_error = Some(e.payload()),
                    }
                    drop(guard);
                    drop(opened);
                });
            }
            Err(e) => {
                opened
                    .0
                     .0
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .startup_error = Some(e.payload());
                drop(opened);
            }
        }
        AppState {
            inner,
            data_dir: data_dir.ok(),
            first_screen: (Mutex::new(false), Condvar::new()),
            files: Mutex::new(()),
        }
    }

    /// The interface has drawn its first screen: work kept for later may start.
    pub fn first_screen_drawn(&self) {
        let (drawn, changed) = &self.first_screen;
        *drawn.lock().unwrap_or_else(|p| p.into_inner()) = true;
        changed.notify_all();
    }

    /// Waits until the first screen is drawn, or `limit` has passed (a screen that
    /// never reports, such as the damaged-file one).
    fn wait_first_screen(&self, limit: Duration) {
        let (drawn, changed) = &self.first_screen;
        let guard = drawn.lock().unwrap_or_else(|p| p.into_inner());
        // Whether it came or the time ran out, the caller goes on the same way.
        let _ = changed.wait_timeout_while(guard, limit, |drawn| !*drawn);
    }

    /// The store, once it is open (see [`AppState::open`]).
    fn lock(&self) -> MutexGuard<'_, Inner> {
        let (inner, ready) = &*self.inner;
        // A panic in an earlier command does not make the data unusable: keep going.
        let guard = inner.lock().unwrap_or_else(|p| p.into_inner());
        ready
            .wait_while(guard, |inner| inner.opening)
            .unwrap_or_else(|p| p.into_inner())
    }

    fn dir_path(&self) -> std::path::PathBuf {
        self.data_dir
            .as_ref()
            .map(|d| d.path.clone())
            .unwrap_or_default()
    }

    /// Runs `f` on the store; one command at a time, as SQLite wants for one connection.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let mut guard = self.lock();
        let reason = guard
            .startup_error
            .as_ref()
            .map(|e| e.message.clone())
            .unwrap_or_default();
        match guard.store.as_mut() {
            Some(store) => f(store),
            None => Err(Error::DataDir {
                path: self.dir_path(),
                reason,
            }),
        }
    }

    /// Runs `f` on the data folder for a backup, beside the store (the core copies
    /// through a connection of its own, so commands go on meanwhile), and alone among
    /// backups and restores: two copies in the same second would pick the same name,
    /// and a restore must not replace the file under a copy. The same error as
    /// [`AppState::with`] when the store is not open (the damaged-file screen).
    pub fn with_files<T>(&self, f: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
        let _files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        // Checked once no restore can run any more: the store stays as seen here.
        self.with(|_| Ok(()))?;
        f(&self.data_dir()?)
    }

    /// The data folder, for backups; an error when it could not be resolved.
    pub fn data_dir(&self) -> Result<std::path::PathBuf> {
        match &self.data_dir {
            Some(d) => Ok(d.path.clone()),
            None => Err(Error::DataDir {
                path: std::path::PathBuf::new(),
                reason: "le dossier des données n'a pas pu être déterminé".into(),
            }),
        }
    }

    /// Closes the store, puts `backup` in place of the database (the current file is
    /// kept aside first), and opens it again. Works from the damaged-file screen too.
    pub fn restore(&self, backup: &Path) -> Result<()> {
        let dir = self.data_dir()?;
        let _files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        let mut guard = self.lock();
        // The connection must be closed before its file is replaced.
        guard.store = None;
        let restored = quorum_core::backup::restore_backup(&dir, backup);
        match Store::open_in(&dir) {
            Ok(store) => {
                guard.store = Some(store);
                guard.startup_error = None;
            }
            Err(e) => guard.startup_error = Some(e.payload()),
        }
        restored.map(|_| ())
    }

    pub fn info(&self) -> Result<AppInfo> {
        let guard = self.lock();
        Ok(AppInfo::new(
            self.data_dir.as_ref(),
            guard.store.as_ref(),
            guard.startup_error.clone(),
        ))
    }
}

/// Automatic backups: one at start when the data changed since the last one, then
/// every few minutes when something changed (the core debounces: see
/// `quorum_core::backup::maybe_auto_backup`). A failed backup never stops the app.
///
/// The copy reads the database through a connection of its own, beside the store:
/// on ten years of data it takes seconds (a fingerprint of every row, a verified
/// copy), and a click made meanwhile no longer waits for it (`make bench-screen` once
/// measured a 4.5 s council screen behind the backup at start). It still uses the
/// processor and the disk, so the one at start waits for the first screen, and a
/// moment more for the screens loaded after it.
fn spawn_backups(handle: tauri::AppHandle) {
    use tauri::Manager;
    std::thread::spawn(move || {
        let state = handle.state::<AppState>();
        state.wait_first_screen(Duration::from_secs(30));
        std::thread::sleep(Duration::from_secs(2));
        loop {
            // On the damaged-file screen `with_files` refuses: nothing is copied.
            let copied = state
                .with_files(|dir| quorum_core::backup::maybe_auto_backup(dir, chrono::Utc::now()));
            if let Err(e) = copied {
                eprintln!("Sauvegarde automatique impossible : {}", e.to_text());
            }
            std::thread::sleep(Duration::from_secs(5 * 60));
        }
    });
}

/// WebKitGTK's accelerated compositing, on a machine whose graphics have no proper
/// driver (the old laptops of neighbourhood centres, a virtual display), falls back to
/// software GL: each full repaint of a screen then took about 120 ms here, a third of
/// the start-up (docs/PERFORMANCE.md). Quorum's screens are static forms and lists,
/// which WebKit paints directly in a few milliseconds; it is also the usual way round
/// WebKitGTK's blank windows on some graphics drivers. Whoever sets the variable keeps
/// their choice.
#[cfg(target_os = "linux")]
fn prefer_direct_painting() {
    const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(VAR).is_none() {
        // Before Tauri or any other thread starts: nothing reads the environment yet.
        std::env::set_var(VAR, "1");
    }
}

pub fn run(flag: Option<&Path>) -> i32 {
    #[cfg(target_os = "linux")]
    prefer_direct_painting();
    let state = AppState::open(flag);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(|app| {
            spawn_backups(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::council_list,
            commands::council_overview,
            commands::council_home,
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
            commands::meeting_page,
            commands::meeting_detail,
            commands::meeting_minutes_adoptable,
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
            commands::member_data_export,
            commands::member_clear_contacts,
            commands::member_anonymise,
            commands::stale_contacts,
            commands::backup_list,
            commands::backup_create,
            commands::backup_to_folder,
            commands::backup_restore,
            commands::archive_export,
            commands::archive_preview,
            commands::archive_import,
            commands::search,
            commands::search_kind,
            commands::first_screen_shown,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_waits_for_the_store_being_opened() {
        let dir = tempfile::tempdir().unwrap();
        Store::open_in(dir.path()).unwrap().load_demo().unwrap();
        let state = AppState::open(Some(dir.path()));
        // Asked at once, while the opening thread may still be checking the file: the
        // command gets the store, not « données inaccessibles ».
        let councils = state.with(|s| s.list_councils(true)).unwrap();
        assert_eq!(councils.len(), 1);
        assert!(state.info().unwrap().startup_error.is_none());
    }

    #[test]
    fn a_damaged_file_is_reported_to_the_first_command() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(quorum_core::db::DB_FILE_NAME);
        std::fs::write(&path, "pas une base de données".repeat(200)).unwrap();
        let state = AppState::open(Some(dir.path()));
        let err = state.with(|s| s.list_councils(true)).unwrap_err();
        assert!(matches!(err, Error::DataDir { .. }), "{err:?}");
        assert!(state.info().unwrap().startup_error.is_some());
        // Left as it was.
        assert_eq!(
            std::fs::read(&path).unwrap(),
            "pas une base de données".repeat(200).into_bytes()
        );
    }
}
