//! Small conversions between our types and SQLite columns, shared by every table.

use crate::db::{parse_timestamp, timestamp};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Type;
use rusqlite::Row;
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

fn conversion(idx: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e))
}

pub fn uuid(row: &Row<'_>, idx: usize) -> rusqlite::Result<Uuid> {
    let s: String = row.get(idx)?;
    Uuid::parse_str(&s).map_err(|e| conversion(idx, e))
}

pub fn opt_uuid(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Uuid>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| Uuid::parse_str(&s).map_err(|e| conversion(idx, e)))
        .transpose()
}

pub fn opt_uuid_text(u: Option<Uuid>) -> Option<String> {
    u.map(|u| u.to_string())
}

pub fn ts(row: &Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = row.get(idx)?;
    parse_timestamp(&s)
}

pub fn opt_ts(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| parse_timestamp(&s)).transpose()
}

pub fn opt_date(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    row.get(idx)
}

/// A snake_case enumeration stored as its serde name.
pub fn enum_col<T: DeserializeOwned>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    let s: String = row.get(idx)?;
    serde_json::from_value(serde_json::Value::String(s)).map_err(|e| conversion(idx, e))
}

pub fn opt_enum_col<T: DeserializeOwned>(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<T>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| serde_json::from_value(serde_json::Value::String(s)).map_err(|e| conversion(idx, e)))
        .transpose()
}

/// A value stored as JSON text (lists, small structures).
pub fn json_col<T: DeserializeOwned>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    let s: String = row.get(idx)?;
    serde_json::from_str(&s).map_err(|e| conversion(idx, e))
}

/// The serde name of a unit enum variant, as stored in its column.
pub fn enum_text<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        // Only unit variants are stored this way; anything else is a programming error
        // caught by the CHECK constraints and the tests.
        other => format!("{other:?}"),
    }
}

pub fn json_text<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

pub fn ts_text(t: &DateTime<Utc>) -> String {
    timestamp(*t)
}

pub fn opt_ts_text(t: &Option<DateTime<Utc>>) -> Option<String> {
    t.as_ref().map(ts_text)
}

/// A wall-clock time stored as `HH:MM`.
pub fn opt_time(r: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<chrono::NaiveTime>> {
    let s: Option<String> = r.get(idx)?;
    s.map(|s| {
        chrono::NaiveTime::parse_from_str(&s, "%H:%M").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

pub fn time_text(t: Option<chrono::NaiveTime>) -> Option<String> {
    t.map(|t| t.format("%H:%M").to_string())
}
