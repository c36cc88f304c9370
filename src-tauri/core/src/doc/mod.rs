//! Printed documents (convocations, attendance sheets, minutes, charters, calendars).
//!
//! A [`Document`] is metadata, an A4 page setup, a running header and footer, and a
//! list of [`Block`]s. [`layout`] turns it into pages of positioned text, lines and
//! rectangles (points, from the top-left corner, y downwards), without any PDF
//! library; [`render_pdf`] writes those pages as a PDF with Atkinson Hyperlegible
//! embedded. Lines are broken on the fonts' real glyph advances.
//!
//! ```
//! use quorum_core::doc::{render_pdf, Block, Document, Metadata};
//! let created = chrono::DateTime::parse_from_rfc3339("2025-03-14T18:30:00+01:00").unwrap();
//! let mut doc = Document::new(Metadata::new("Convocation", created));
//! doc.push(Block::heading(1, "Convocation"));
//! doc.push(Block::paragraph("Le conseil citoyen se réunira le 3 avril à 18\u{a0}h."));
//! let pdf = render_pdf(&doc).unwrap();
//! assert!(pdf.starts_with(b"%PDF-"));
//! ```

mod fonts;
mod layout;
mod model;
mod pdf;
mod text;

#[cfg(test)]
mod tests;

pub use fonts::{normalize_inline, text_width};
pub use layout::{
    layout, Item, Layout, LineItem, OutlineEntry, Page, RectItem, Role, Stroke, TextRun,
};
pub use model::{
    mm, Align, Area, Block, Cell, Column, Document, FontStyle, Frame, KeyValue, List, ListItem,
    ListKind, Margins, Metadata, Orientation, PageSetup, Paragraph, Row, Span, Table, A4_LONG,
    A4_SHORT, BODY_SIZE, TABLE_SIZE,
};
pub use pdf::write_pdf;

use crate::error::Result;

/// Lays out and writes `doc` as PDF bytes.
pub fn render_pdf(doc: &Document) -> Result<Vec<u8>> {
    write_pdf(&doc.metadata, &layout(doc))
}
