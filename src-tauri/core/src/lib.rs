//! Quorum's core: the domain of conseils citoyens, their storage in SQLite, and
//! (in later modules) their documents. This crate must never depend on Tauri: the
//! desktop shell and the command line are thin layers over it, and it is tested
//! directly, fast, without a window.

pub mod archive;
pub mod backup;
pub mod bigdemo;
pub mod calendar;
pub mod calendar_docs;
pub mod charter;
pub mod charter_diff;
pub mod charter_docs;
pub mod charter_text;
pub mod composition;
pub mod council;
pub mod datadir;
pub mod db;
pub mod demo;
pub mod doc;
pub mod error;
pub mod exchange;
pub mod format;
pub mod guest;
pub mod home;
pub mod ical;
pub mod info;
pub mod meeting;
pub mod meeting_docs;
pub mod member;
mod migrations;
pub mod minutes;
pub mod privacy;
pub mod search;
mod sql;

pub use db::Store;
pub use error::{Error, ErrorCode, ErrorPayload, FieldError, Result};
pub use info::AppInfo;
