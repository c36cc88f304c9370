//! What a printed document is made of, before layout.
//!
//! Every length is in PostScript points (1/72 inch, the PDF unit); [`mm`] converts
//! from millimetres. Text is always plain text: nothing in it is interpreted as markup.

use chrono::{DateTime, FixedOffset};

/// Millimetres to points.
pub fn mm(millimetres: f32) -> f32 {
    millimetres * 72.0 / 25.4
}

/// A4 short side, in points.
pub const A4_SHORT: f32 = 595.2756;
/// A4 long side, in points.
pub const A4_LONG: f32 = 841.8898;

/// Body text size, in points, when a span does not say otherwise.
pub const BODY_SIZE: f32 = 11.0;
/// Default text size of table cells.
pub const TABLE_SIZE: f32 = 10.0;

/// The four faces of Atkinson Hyperlegible embedded in every PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FontStyle {
    #[default]
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl FontStyle {
    pub const ALL: [FontStyle; 4] = [
        FontStyle::Regular,
        FontStyle::Bold,
        FontStyle::Italic,
        FontStyle::BoldItalic,
    ];

    pub(crate) fn index(self) -> usize {
        match self {
            FontStyle::Regular => 0,
            FontStyle::Bold => 1,
            FontStyle::Italic => 2,
            FontStyle::BoldItalic => 3,
        }
    }

    /// The same face made bold (used for table headers and labels).
    pub fn bolder(self) -> FontStyle {
        match self {
            FontStyle::Regular | FontStyle::Bold => FontStyle::Bold,
            FontStyle::Italic | FontStyle::BoldItalic => FontStyle::BoldItalic,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// A run of text in one face. `size` in points; `None` means the size of the
/// surrounding block (11 pt for paragraphs, 10 pt in tables).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Span {
    pub text: String,
    pub style: FontStyle,
    pub size: Option<f32>,
}

impl Span {
    pub fn new(text: impl Into<String>, style: FontStyle) -> Self {
        Span {
            text: text.into(),
            style,
            size: None,
        }
    }
    pub fn regular(text: impl Into<String>) -> Self {
        Span::new(text, FontStyle::Regular)
    }
    pub fn bold(text: impl Into<String>) -> Self {
        Span::new(text, FontStyle::Bold)
    }
    pub fn italic(text: impl Into<String>) -> Self {
        Span::new(text, FontStyle::Italic)
    }
    pub fn bold_italic(text: impl Into<String>) -> Self {
        Span::new(text, FontStyle::BoldItalic)
    }
    pub fn sized(mut self, size: f32) -> Self {
        self.size = Some(size);
        self
    }
}

/// Text made of spans, wrapped to the available width. A `\n` in a span forces a
/// line break; runs of spaces count as one; U+00A0 never breaks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    pub spans: Vec<Span>,
    pub align: Align,
}

impl Paragraph {
    /// One regular span.
    pub fn new(text: impl Into<String>) -> Self {
        Paragraph::from_spans(vec![Span::regular(text)])
    }
    pub fn from_spans(spans: Vec<Span>) -> Self {
        Paragraph {
            spans,
            align: Align::Left,
        }
    }
    pub fn aligned(mut self, align: Align) -> Self {
        self.align = align;
        self
    }
}

impl From<&str> for Paragraph {
    fn from(text: &str) -> Self {
        Paragraph::new(text)
    }
}

impl From<String> for Paragraph {
    fn from(text: String) -> Self {
        Paragraph::new(text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListKind {
    /// « • » at the first level, « – » below.
    #[default]
    Bulleted,
    /// « 1. » at the first level, « a) » below.
    Numbered,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct List {
    pub kind: ListKind,
    pub items: Vec<ListItem>,
}

impl List {
    pub fn bulleted(items: Vec<ListItem>) -> Self {
        List {
            kind: ListKind::Bulleted,
            items,
        }
    }
    pub fn numbered(items: Vec<ListItem>) -> Self {
        List {
            kind: ListKind::Numbered,
            items,
        }
    }
}

/// One entry of a list: its paragraphs, then an optional nested list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListItem {
    pub paragraphs: Vec<Paragraph>,
    pub sublist: Option<List>,
}

impl ListItem {
    pub fn new(paragraph: impl Into<Paragraph>) -> Self {
        ListItem {
            paragraphs: vec![paragraph.into()],
            sublist: None,
        }
    }
    pub fn with_sublist(mut self, list: List) -> Self {
        self.sublist = Some(list);
        self
    }
}

/// A table column: header text, share of the table width (fractions are
/// normalised, so `[1.0, 2.0]` and `[0.33, 0.67]` are the same), alignment of its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: impl Into<String>, width: f32) -> Self {
        Column {
            title: title.into(),
            width,
            align: Align::Left,
        }
    }
    pub fn aligned(mut self, align: Align) -> Self {
        self.align = align;
        self
    }
}

/// Wrapped text of one table cell; aligned as its column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub spans: Vec<Span>,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Self {
        Cell {
            spans: vec![Span::regular(text)],
        }
    }
    pub fn empty() -> Self {
        Cell { spans: Vec::new() }
    }
    pub fn from_spans(spans: Vec<Span>) -> Self {
        Cell { spans }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::new(text)
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::new(text)
    }
}

/// A table row. `min_height` (points) makes room to write by hand, e.g. a
/// signature box; the row still grows if its text needs more.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub min_height: Option<f32>,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Self {
        Row {
            cells,
            min_height: None,
        }
    }
    pub fn with_min_height(mut self, height: f32) -> Self {
        self.min_height = Some(height);
        self
    }
}

/// A bordered table. The header row (the column titles) is drawn when at least one
/// title is not empty, and repeated at the top of every page the table spans. A row
/// is never split across pages unless it is taller than a page. Missing cells are
/// empty; cells beyond the last column are ignored.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Text size of the cells (default 10 pt).
    pub size: Option<f32>,
}

/// « Label : value » lines, labels in bold in a column of their own (header of minutes).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeyValue {
    pub label: String,
    pub value: String,
}

impl KeyValue {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        KeyValue {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// A bordered frame around paragraphs (a « Projet » stamp, a note). `fill` is an
/// optional background gray level (0 black – 1 white). Kept on one page when it fits.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Frame {
    pub paragraphs: Vec<Paragraph>,
    pub fill: Option<f32>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1 to 3 (other values are clamped). Never left alone at the bottom of a
    /// page, and listed in the PDF outline.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(Paragraph),
    List(List),
    Table(Table),
    KeyValues(Vec<KeyValue>),
    /// Vertical space in points (dropped at the top of a page).
    Spacer(f32),
    /// A thin horizontal line across the text width.
    Rule,
    /// Start a new page (ignored when the current page is still empty).
    PageBreak,
    Frame(Frame),
}

impl Block {
    pub fn heading(level: u8, text: impl Into<String>) -> Self {
        Block::Heading {
            level,
            text: text.into(),
        }
    }
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block::Paragraph(Paragraph::new(text))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

/// Page margins in points. The running header is drawn inside the top margin and the
/// footer inside the bottom one, so keep those at 15 mm or more.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub left: f32,
}

impl Margins {
    pub fn uniform(points: f32) -> Self {
        Margins {
            top: points,
            right: points,
            bottom: points,
            left: points,
        }
    }
}

impl Default for Margins {
    fn default() -> Self {
        Margins::uniform(mm(20.0))
    }
}

/// A4 in either orientation.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PageSetup {
    pub orientation: Orientation,
    pub margins: Margins,
}

/// The text area of a page, in points from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

impl Area {
    pub fn width(&self) -> f32 {
        self.right - self.left
    }
    pub fn height(&self) -> f32 {
        self.bottom - self.top
    }
}

impl PageSetup {
    pub fn landscape() -> Self {
        PageSetup {
            orientation: Orientation::Landscape,
            margins: Margins::default(),
        }
    }

    /// Width and height in points.
    pub fn size(&self) -> (f32, f32) {
        match self.orientation {
            Orientation::Portrait => (A4_SHORT, A4_LONG),
            Orientation::Landscape => (A4_LONG, A4_SHORT),
        }
    }

    /// The area inside the margins. Margins that leave less than 5 cm are reduced so
    /// that there is always room for text.
    pub fn body(&self) -> Area {
        let (w, h) = self.size();
        let m = self.margins;
        let clamp = |a: f32, b: f32, total: f32| {
            let (a, b) = (a.max(0.0), b.max(0.0));
            let room = mm(50.0);
            if a + b > total - room {
                let k = (total - room) / (a + b);
                (a * k, b * k)
            } else {
                (a, b)
            }
        };
        let (left, right) = clamp(m.left, m.right, w);
        let (top, bottom) = clamp(m.top, m.bottom, h);
        Area {
            left,
            top,
            right: w - right,
            bottom: h - bottom,
        }
    }
}

/// What goes into the PDF's document information. Dates are required so that a
/// document never claims to date from 1970.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub created: DateTime<FixedOffset>,
    pub modified: DateTime<FixedOffset>,
}

impl Metadata {
    /// Title and creation date; modified = created, other fields empty.
    pub fn new(title: impl Into<String>, created: DateTime<FixedOffset>) -> Self {
        Metadata {
            title: title.into(),
            author: String::new(),
            subject: String::new(),
            keywords: Vec::new(),
            created,
            modified: created,
        }
    }
}

/// A whole document: metadata, page setup, running header and footer, blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub metadata: Metadata,
    pub page: PageSetup,
    /// Running header on every page (e.g. « Conseil citoyen X — Procès-verbal »);
    /// empty for none. Cut with « … » if longer than the line.
    pub header: String,
    /// Left part of the footer on every page; empty for none.
    pub footer: String,
    /// « Page n / N » at the right of the footer.
    pub page_numbers: bool,
    pub blocks: Vec<Block>,
}

impl Document {
    /// A4 portrait, 20 mm margins, page numbers, no header or footer text.
    pub fn new(metadata: Metadata) -> Self {
        Document {
            metadata,
            page: PageSetup::default(),
            header: String::new(),
            footer: String::new(),
            page_numbers: true,
            blocks: Vec::new(),
        }
    }

    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }
}
