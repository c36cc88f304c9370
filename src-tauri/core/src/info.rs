//! What the « À propos » screen and `quorum info` show about this installation.

use crate::datadir::{DataDir, DataDirSource};
use crate::db::Store;
use crate::error::ErrorPayload;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DataDirOrigin {
    /// `--data-dir` on the command line.
    Flag,
    /// The `QUORUM_DATA_DIR` environment variable.
    Environment,
    /// The operating system's data directory.
    System,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub data_dir_origin: DataDirOrigin,
    pub database_path: String,
    pub schema_version: i64,
    /// Set when the database could not be opened: the window shows it instead of the data.
    pub startup_error: Option<ErrorPayload>,
}

impl AppInfo {
    pub fn new(
        dir: Option<&DataDir>,
        store: Option<&Store>,
        startup_error: Option<ErrorPayload>,
    ) -> Self {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").into(),
            data_dir: dir
                .map(|d| d.path.display().to_string())
                .unwrap_or_default(),
            data_dir_origin: match dir.map(|d| d.source) {
                Some(DataDirSource::Flag) => DataDirOrigin::Flag,
                Some(DataDirSource::Environment) => DataDirOrigin::Environment,
                _ => DataDirOrigin::System,
            },
            database_path: store
                .map(|s| s.path().display().to_string())
                .unwrap_or_default(),
            schema_version: store.and_then(|s| s.schema_version().ok()).unwrap_or(0),
            startup_error,
        }
    }
}
