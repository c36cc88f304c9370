//! The one rule for where Quorum keeps its data.
//!
//! In order: the `--data-dir` flag, then the `QUORUM_DATA_DIR` environment variable,
//! then the operating system's data directory (on Linux `~/.local/share/quorum`).
//! Tests, demos and a portable copy on a USB key use the first two and so never
//! touch the user's real data.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

pub const DATA_DIR_ENV: &str = "QUORUM_DATA_DIR";

/// Where the data lives, and which rule chose it (shown in « À propos » and `--help`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    pub path: PathBuf,
    pub source: DataDirSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataDirSource {
    Flag,
    Environment,
    System,
}

/// Resolves the data directory from the flag, the environment, then the OS default.
pub fn resolve(flag: Option<&Path>) -> Result<DataDir> {
    resolve_with(flag, std::env::var_os(DATA_DIR_ENV).map(PathBuf::from))
}

/// Same as [`resolve`] with the environment value passed in, so tests need not mutate
/// the process environment.
pub fn resolve_with(flag: Option<&Path>, env: Option<PathBuf>) -> Result<DataDir> {
    if let Some(p) = flag.filter(|p| !p.as_os_str().is_empty()) {
        return Ok(DataDir {
            path: p.to_path_buf(),
            source: DataDirSource::Flag,
        });
    }
    if let Some(p) = env.filter(|p| !p.as_os_str().is_empty()) {
        return Ok(DataDir {
            path: p,
            source: DataDirSource::Environment,
        });
    }
    let dirs = directories::ProjectDirs::from("fr", "", "Quorum").ok_or_else(|| Error::DataDir {
        path: PathBuf::new(),
        reason: "aucun dossier personnel n'a été trouvé pour cet utilisateur ; indiquez un dossier avec --data-dir ou QUORUM_DATA_DIR".into(),
    })?;
    Ok(DataDir {
        path: dirs.data_dir().to_path_buf(),
        source: DataDirSource::System,
    })
}

/// Creates the directory if needed and checks that we can write in it, so that a
/// read-only USB key gives one clear message instead of a failure at the first save.
pub fn ensure_writable(dir: &Path) -> Result<()> {
    let fail = |reason: String| Error::DataDir {
        path: dir.to_path_buf(),
        reason,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(fail("ce chemin désigne un fichier, pas un dossier".into()));
    }
    std::fs::create_dir_all(dir).map_err(|e| fail(io_reason(&e)))?;
    let probe = dir.join(".quorum-ecriture");
    std::fs::write(&probe, b"ok").map_err(|e| fail(io_reason(&e)))?;
    // Best effort: a leftover probe file is harmless.
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied | K::ReadOnlyFilesystem => {
            "impossible d'y écrire (support en lecture seule ou droits insuffisants)".into()
        }
        K::StorageFull => "le disque est plein".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_environment_which_beats_system() {
        let flag = Path::new("/tmp/flag");
        let env = Some(PathBuf::from("/tmp/env"));
        let d = resolve_with(Some(flag), env.clone()).unwrap();
        assert_eq!((d.path.as_path(), d.source), (flag, DataDirSource::Flag));
        let d = resolve_with(None, env).unwrap();
        assert_eq!(d.source, DataDirSource::Environment);
        assert_eq!(d.path, PathBuf::from("/tmp/env"));
        let d = resolve_with(None, Some(PathBuf::new())).unwrap();
        assert_eq!(d.source, DataDirSource::System);
        assert!(d.path.ends_with("quorum"), "{:?}", d.path);
    }

    #[test]
    fn a_file_is_not_a_data_dir() {
        let tmp = tempfile::NamedTempFile::new().unwrap();
        let err = ensure_writable(tmp.path()).expect_err("a file must be refused");
        assert!(err.to_string().contains("pas un dossier"), "{err}");
    }
}
