//! The one error type of Quorum.
//!
//! Every fallible function of the core returns [`Result`]. The error crosses to the
//! interface (and to the command line) as an [`ErrorPayload`]: a stable machine
//! `code` the UI may branch on, a French `message` it shows as is, and, for
//! validation, one message per form field so that it can be shown beside the field.

use serde::{Serialize, Serializer};
use std::path::PathBuf;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Stable error codes. The UI decides what to do from these, never from message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// Input rejected; `fields` says which fields and why.
    Validation,
    /// The record asked for does not exist (or no longer).
    NotFound,
    /// The database is locked by another Quorum for longer than the busy timeout.
    Busy,
    /// The database file was written by a newer Quorum.
    NewerSchema,
    /// A file given to import is not a Quorum export or is damaged.
    InvalidImport,
    /// The data directory cannot be created, read or written.
    DataDir,
    /// Reading or writing a file failed.
    Io,
    /// The action contradicts the stored data (for example a UUID that belongs to another council).
    Conflict,
    /// The record belongs to adopted minutes, which are never edited in place.
    Locked,
    /// An unexpected database failure.
    Database,
    /// A failure outside Quorum's own checks (for example a malformed call from the
    /// interface); the interface uses it for errors that did not come from the core.
    Internal,
}

/// A message attached to one field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldError {
    /// The field's name as in the input type (for example `last_name`, `neighbourhoods.0.qpv_name`).
    pub field: String,
    /// French sentence shown beside the field.
    pub message: String,
}

/// What crosses the bridge when something fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    pub fields: Vec<FieldError>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Certaines informations sont à corriger.")]
    Validation(Vec<FieldError>),

    #[error("{what} est introuvable : il a peut-être été supprimé entre-temps.")]
    NotFound { what: &'static str },

    #[error("La base de données est occupée par un autre Quorum ouvert sur cet ordinateur. Réessayez dans un instant.")]
    Busy,

    #[error("Ce fichier de données a été créé par une version plus récente de Quorum (version {found} du schéma, celle-ci connaît jusqu'à la version {supported}). Installez la dernière version de Quorum pour l'ouvrir.")]
    NewerSchema { found: i64, supported: i64 },

    #[error("Le fichier à importer n'est pas valable : {0}")]
    InvalidImport(String),

    #[error("Le dossier de données « {} » n'est pas utilisable : {reason}", path.display())]
    DataDir { path: PathBuf, reason: String },

    #[error("Impossible d'accéder au fichier « {} » : {}", path.display(), describe_io(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{0}")]
    Conflict(String),

    /// An adopted text (minutes, a charter version) that cannot change; the message
    /// says what to do instead.
    #[error("{0}")]
    Locked(String),

    #[error("Erreur de la base de données : {0}")]
    Database(#[source] rusqlite::Error),
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Validation(_) => ErrorCode::Validation,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Busy => ErrorCode::Busy,
            Error::NewerSchema { .. } => ErrorCode::NewerSchema,
            Error::InvalidImport(_) => ErrorCode::InvalidImport,
            Error::DataDir { .. } => ErrorCode::DataDir,
            Error::Io { .. } => ErrorCode::Io,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::Locked(_) => ErrorCode::Locked,
            Error::Database(_) => ErrorCode::Database,
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
            fields: match self {
                Error::Validation(fields) => fields.clone(),
                _ => Vec::new(),
            },
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn not_found(what: &'static str) -> Self {
        Error::NotFound { what }
    }

    /// One field to correct, outside a form's usual checks.
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Error::Validation(vec![FieldError {
            field: field.to_string(),
            message: message.into(),
        }])
    }

    /// Full text for a terminal: the message followed by each field's message.
    pub fn to_text(&self) -> String {
        let mut text = self.to_string();
        if let Error::Validation(fields) = self {
            for f in fields {
                text.push_str(&format!("\n  – {} : {}", f.field, f.message));
            }
        }
        text
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(f.code, C::DatabaseBusy | C::DatabaseLocked) =>
            {
                Error::Busy
            }
            rusqlite::Error::QueryReturnedNoRows => Error::NotFound {
                what: "L'élément demandé",
            },
            _ => Error::Database(e),
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}

fn describe_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "il n'existe pas".into(),
        K::PermissionDenied => {
            "accès refusé (droits insuffisants ou support en lecture seule)".into()
        }
        K::AlreadyExists => "il existe déjà".into(),
        K::StorageFull => "le disque est plein".into(),
        K::ReadOnlyFilesystem => "le support est en lecture seule".into(),
        K::InvalidData => "son contenu n'est pas du texte lisible (UTF-8)".into(),
        K::IsADirectory => "c'est un dossier, pas un fichier".into(),
        K::NotADirectory => "un élément du chemin n'est pas un dossier".into(),
        K::DirectoryNotEmpty => "le dossier n'est pas vide".into(),
        K::FileTooLarge => "le fichier est trop gros".into(),
        K::UnexpectedEof => "le fichier est incomplet (coupé avant la fin)".into(),
        K::Interrupted | K::TimedOut | K::WouldBlock => {
            "l'opération a été interrompue ; réessayez".into()
        }
        K::Unsupported => "cette opération n'est pas possible sur ce support".into(),
        K::InvalidInput | K::InvalidFilename => "le nom ou le chemin n'est pas valable".into(),
        K::CrossesDevices => "le fichier ne peut pas être déplacé vers un autre support".into(),
        // The system's own text is English: give the code, not its words. Errors
        // without a system code are ours, built with a French sentence: keep it.
        _ => match e.raw_os_error() {
            Some(code) => format!("erreur du système (code {code})"),
            None => e.to_string(),
        },
    }
}

/// Collects field errors while validating an input, then fails once with all of them.
#[derive(Debug, Default)]
pub struct Validator {
    fields: Vec<FieldError>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.fields.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Requires a non-blank text of at most `max` characters.
    pub fn required(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(field, "Ce champ est obligatoire.");
        } else {
            self.max_len(field, value, max);
        }
    }

    pub fn max_len(&mut self, field: &str, value: &str, max: usize) {
        let n = value.chars().count();
        if n > max {
            self.add(
                field,
                format!("Ce texte est trop long ({n} caractères, {max} au plus)."),
            );
        }
    }

    /// Parses an optional date typed as `AAAA-MM-JJ` (what date inputs send) or
    /// `JJ/MM/AAAA` (what people type). Blank means no date.
    pub fn date(&mut self, field: &str, value: &str) -> Option<chrono::NaiveDate> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        let parsed = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .or_else(|_| chrono::NaiveDate::parse_from_str(v, "%d/%m/%Y"));
        match parsed {
            Ok(d) if crate::format::plausible_date(d) => Some(d),
            Ok(_) => {
                self.add(
                    field,
                    "Cette date est hors des limites (entre 1900 et 2200).",
                );
                None
            }
            Err(_) => {
                self.add(
                    field,
                    "Date non reconnue : écrivez-la sous la forme JJ/MM/AAAA.",
                );
                None
            }
        }
    }

    /// Checks a stored date (from an import) against the same limits as typed ones.
    pub fn date_in_range(&mut self, field: &str, value: Option<chrono::NaiveDate>) {
        if let Some(d) = value {
            if !crate::format::plausible_date(d) {
                self.add(
                    field,
                    "Cette date est hors des limites (entre 1900 et 2200).",
                );
            }
        }
    }

    /// An optional e-mail address: only its general shape is checked, many members have none.
    pub fn email(&mut self, field: &str, value: &str) {
        let v = value.trim();
        if v.is_empty() {
            return;
        }
        self.max_len(field, v, 254);
        let ok = match v.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !v.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
                    && !domain.contains('@')
            }
            None => false,
        };
        if !ok {
            self.add(
                field,
                "Adresse e-mail non reconnue (exemple : prenom.nom@exemple.fr).",
            );
        }
    }

    /// An optional phone number: digits, spaces, dots, dashes, parentheses and a leading +.
    pub fn phone(&mut self, field: &str, value: &str) {
        let v = value.trim();
        if v.is_empty() {
            return;
        }
        let digits = v.chars().filter(|c| c.is_ascii_digit()).count();
        let allowed = v
            .chars()
            .all(|c| c.is_ascii_digit() || " .-()+\u{a0}".contains(c));
        if !allowed || !(6..=15).contains(&digits) {
            self.add(
                field,
                "Numéro de téléphone non reconnu (exemple : 06 12 34 56 78).",
            );
        }
    }

    pub fn is_ok(&self) -> bool {
        self.fields.is_empty()
    }

    pub fn finish(self) -> Result<()> {
        if self.fields.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(self.fields))
        }
    }
}
