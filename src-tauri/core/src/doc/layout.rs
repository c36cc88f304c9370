//! From blocks to positioned pages, independent of any PDF library.
//!
//! Coordinates are points from the top-left corner of the page, y growing downwards;
//! a text run's `y` is its baseline. The blocks are first cut into vertical chunks
//! (a line of text, a table row, a rule), each knowing whether it must stay with the
//! next one; pagination then stacks chunks page after page.

use super::fonts::{normalize_inline, text_width};
use super::model::{
    Align, Area, Block, Cell, Document, FontStyle, Frame, KeyValue, List, ListKind, Paragraph,
    Span, Table, BODY_SIZE, TABLE_SIZE,
};
use super::text::{baseline_offset, break_lines, clamp_size, truncate_to_width, TextLine, LEADING};

/// Why a piece of text is on the page; lets callers and tests tell body text from
/// decoration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    Heading(u8),
    TableHeader,
    ListMarker,
    RunningHeader,
    Footer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub x: f32,
    /// Baseline.
    pub y: f32,
    pub font: FontStyle,
    pub size: f32,
    /// Drawn literally; U+202F and U+2009 have become U+00A0.
    pub text: String,
    /// Sum of the glyph advances, in points.
    pub width: f32,
    /// 0 black – 1 white.
    pub gray: f32,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineItem {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub width: f32,
    pub gray: f32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub width: f32,
    pub gray: f32,
}

/// `y` is the top edge.
#[derive(Debug, Clone, PartialEq)]
pub struct RectItem {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub stroke: Option<Stroke>,
    pub fill: Option<f32>,
}

/// Display items, in drawing order (fills come before the text they are under).
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextRun),
    Line(LineItem),
    Rect(RectItem),
}

impl Item {
    fn shifted(mut self, dy: f32) -> Item {
        match &mut self {
            Item::Text(t) => t.y += dy,
            Item::Line(l) => {
                l.y1 += dy;
                l.y2 += dy;
            }
            Item::Rect(r) => r.y += dy,
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

impl Page {
    pub fn text_runs(&self) -> impl Iterator<Item = &TextRun> {
        self.items.iter().filter_map(|i| match i {
            Item::Text(t) => Some(t),
            _ => None,
        })
    }
}

/// A bookmark: heading title, level 1–3, page index (0-based), top of the heading.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    pub level: u8,
    pub page: usize,
    pub y: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub page_width: f32,
    pub page_height: f32,
    /// The text area every page shares.
    pub body: Area,
    pub pages: Vec<Page>,
    /// In document order.
    pub outline: Vec<OutlineEntry>,
}

// Spacing, in points.
const PARA_AFTER: f32 = 6.0;
const ITEM_GAP: f32 = 3.0;
const BLOCK_AFTER: f32 = 8.0;
const CELL_PAD_H: f32 = 4.0;
const CELL_PAD_V: f32 = 3.0;
const FRAME_PAD: f32 = 8.0;
const LIST_INDENT: f32 = 18.0;
const MARKER_GAP: f32 = 5.0;
const RUNNING_SIZE: f32 = 8.5;
const RUNNING_GRAY: f32 = 0.3;
const BORDER: f32 = 0.5;
const HEADER_FILL: f32 = 0.88;
const EPS: f32 = 0.01;

fn heading_style(level: u8) -> (f32, FontStyle, f32, f32) {
    // size, face, space before, space after
    match level {
        1 => (18.0, FontStyle::Bold, 16.0, 8.0),
        2 => (14.0, FontStyle::Bold, 12.0, 5.0),
        _ => (12.0, FontStyle::BoldItalic, 10.0, 4.0),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    No,
    /// Widows, orphans, frames: kept together when the group fits on a page.
    Soft,
    /// Headings and table headers: never left at the bottom of a page.
    Hard,
}

#[derive(Debug, Clone)]
struct CellBox {
    x: f32,
    width: f32,
    align: Align,
    lines: Vec<TextLine>,
}

#[derive(Debug, Clone)]
struct RowBox {
    cells: Vec<CellBox>,
    left: f32,
    width: f32,
    min_height: f32,
    header: bool,
}

impl RowBox {
    fn content_height(&self) -> f32 {
        self.cells
            .iter()
            .map(|c| c.lines.iter().map(TextLine::height).sum::<f32>())
            .fold(0.0, f32::max)
            + 2.0 * CELL_PAD_V
    }

    fn height(&self) -> f32 {
        self.content_height().max(self.min_height)
    }

    /// The least height a first piece of this row can have (one line per cell).
    fn first_piece_height(&self) -> f32 {
        self.cells
            .iter()
            .map(|c| c.lines.first().map_or(0.0, TextLine::height))
            .fold(0.0, f32::max)
            + 2.0 * CELL_PAD_V
    }

    /// Cuts the row so that its first part is `avail` high; `None` when not even one
    /// line fits. The rest is `None` when nothing is left to draw.
    fn split(&self, avail: f32) -> Option<(RowBox, Option<RowBox>)> {
        let inner = avail - 2.0 * CELL_PAD_V;
        let mut first = self.clone();
        let mut rest = self.clone();
        let mut any = false;
        for (i, cell) in self.cells.iter().enumerate() {
            let mut h = 0.0;
            let mut n = 0;
            for l in &cell.lines {
                if h + l.height() > inner + EPS {
                    break;
                }
                h += l.height();
                n += 1;
            }
            any |= n > 0;
            first.cells[i].lines = cell.lines[..n].to_vec();
            rest.cells[i].lines = cell.lines[n..].to_vec();
        }
        // Fails only when there is text and none of it fits; a row left with nothing
        // but its fixed height is cut like any other.
        if !any && self.cells.iter().any(|c| !c.lines.is_empty()) {
            return None;
        }
        first.min_height = avail;
        rest.min_height = (self.min_height - avail).max(0.0);
        let rest_empty = rest.cells.iter().all(|c| c.lines.is_empty());
        let rest = if rest_empty && rest.min_height <= 2.0 * CELL_PAD_V {
            None
        } else {
            Some(rest)
        };
        Some((first, rest))
    }

    fn render(&self, top: f32, height: f32) -> Vec<Item> {
        let mut items = Vec::new();
        if self.header {
            items.push(Item::Rect(RectItem {
                x: self.left,
                y: top,
                width: self.width,
                height,
                stroke: None,
                fill: Some(HEADER_FILL),
            }));
        }
        for cell in &self.cells {
            items.push(Item::Rect(RectItem {
                x: cell.x,
                y: top,
                width: cell.width,
                height,
                stroke: Some(Stroke {
                    width: BORDER,
                    gray: 0.0,
                }),
                fill: None,
            }));
        }
        let role = if self.header {
            Role::TableHeader
        } else {
            Role::Body
        };
        for cell in &self.cells {
            let mut y = top + CELL_PAD_V;
            let inner = cell.width - 2.0 * CELL_PAD_H;
            for line in &cell.lines {
                push_line(
                    &mut items,
                    line.clone(),
                    cell.x + CELL_PAD_H,
                    inner,
                    cell.align,
                    y,
                    role,
                );
                y += line.height();
            }
        }
        items
    }
}

#[derive(Debug, Clone)]
enum Body {
    /// Items with `y` relative to the chunk's top.
    Static(Vec<Item>),
    Row(RowBox),
    PageBreak,
}

#[derive(Debug, Clone)]
struct Chunk {
    body: Body,
    height: f32,
    space_before: f32,
    keep: Keep,
    /// Index into `Flow::tables` for rows of a table with a header.
    table: Option<usize>,
    frame: Option<usize>,
    frame_last: bool,
    outline: Option<(String, u8)>,
}

impl Chunk {
    fn new(body: Body, height: f32) -> Self {
        Chunk {
            body,
            height,
            space_before: 0.0,
            keep: Keep::No,
            table: None,
            frame: None,
            frame_last: false,
            outline: None,
        }
    }
}

struct FrameBox {
    left: f32,
    width: f32,
    fill: Option<f32>,
}

/// Turns blocks into chunks.
struct Flow {
    chunks: Vec<Chunk>,
    /// Header row of each table that has one.
    tables: Vec<RowBox>,
    frames: Vec<FrameBox>,
    pending_space: f32,
    frame: Option<usize>,
    max_space: f32,
}

fn align_offset(align: Align, avail: f32, used: f32) -> f32 {
    match align {
        Align::Left => 0.0,
        Align::Center => ((avail - used) / 2.0).max(0.0),
        Align::Right => (avail - used).max(0.0),
    }
}

/// Places a line's runs; the line is taken so that its strings move into the items.
fn push_line(
    items: &mut Vec<Item>,
    line: TextLine,
    left: f32,
    width: f32,
    align: Align,
    top: f32,
    role: Role,
) {
    let x0 = left + align_offset(align, width, line.width);
    let baseline = top + line.baseline();
    for r in line.runs {
        items.push(Item::Text(TextRun {
            x: x0 + r.x,
            y: baseline,
            font: r.style,
            size: r.size,
            text: r.text,
            width: r.width,
            gray: 0.0,
            role,
        }));
    }
}

/// Orphan and widow control: the first two and the last two lines of a paragraph
/// stay together.
fn line_keep(i: usize, n: usize) -> Keep {
    if n >= 2 && (i == 0 || i + 2 == n) {
        Keep::Soft
    } else {
        Keep::No
    }
}

fn marker(kind: ListKind, depth: usize, n: usize) -> String {
    match (kind, depth % 2) {
        (ListKind::Bulleted, 0) => "•".into(),
        (ListKind::Bulleted, _) => "–".into(),
        (ListKind::Numbered, 0) => format!("{n}."),
        (ListKind::Numbered, _) if (1..=26).contains(&n) => {
            let letter = char::from(b'a' + (n as u8 - 1));
            format!("{letter})")
        }
        (ListKind::Numbered, _) => format!("{n})"),
    }
}

impl Flow {
    fn push(&mut self, mut chunk: Chunk) {
        chunk.space_before = std::mem::take(&mut self.pending_space).min(self.max_space);
        chunk.frame = self.frame;
        self.chunks.push(chunk);
    }

    /// Space after a block; collapses with the next block's space before.
    fn space(&mut self, points: f32) {
        self.pending_space = self.pending_space.max(points);
    }

    fn block(&mut self, block: &Block, left: f32, width: f32) {
        match block {
            Block::Heading { level, text } => self.heading(*level, text, left, width),
            Block::Paragraph(p) => {
                self.paragraph(p, left, width, BODY_SIZE, None);
                self.space(PARA_AFTER);
            }
            Block::List(list) => {
                self.list(list, left, width, 0);
                self.space(PARA_AFTER);
            }
            Block::Table(t) => {
                self.table(t, left, width);
                self.space(BLOCK_AFTER);
            }
            Block::KeyValues(kv) => {
                self.key_values(kv, left, width);
                self.space(BLOCK_AFTER);
            }
            Block::Spacer(h) => {
                if h.is_finite() && *h > 0.0 {
                    self.pending_space += h;
                }
            }
            Block::Rule => {
                let h = 8.0;
                let item = Item::Line(LineItem {
                    x1: left,
                    y1: h / 2.0,
                    x2: left + width,
                    y2: h / 2.0,
                    width: 0.6,
                    gray: 0.45,
                });
                self.push(Chunk::new(Body::Static(vec![item]), h));
                self.space(PARA_AFTER);
            }
            Block::PageBreak => {
                self.pending_space = 0.0;
                self.push(Chunk::new(Body::PageBreak, 0.0));
            }
            Block::Frame(f) => {
                self.frame_block(f, left, width);
                self.space(BLOCK_AFTER);
            }
        }
    }

    fn heading(&mut self, level: u8, text: &str, left: f32, width: f32) {
        let level = level.clamp(1, 3);
        let (size, style, before, after) = heading_style(level);
        self.space(before);
        let lines = break_lines(&[Span::new(text, style).sized(size)], size, width);
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let mut items = Vec::new();
            let mut height = line.height();
            push_line(
                &mut items,
                line,
                left,
                width,
                Align::Left,
                0.0,
                Role::Heading(level),
            );
            if level == 1 && i + 1 == n {
                height += 3.0;
                items.push(Item::Line(LineItem {
                    x1: left,
                    y1: height - 0.5,
                    x2: left + width,
                    y2: height - 0.5,
                    width: 1.0,
                    gray: 0.0,
                }));
            }
            let mut chunk = Chunk::new(Body::Static(items), height);
            chunk.keep = Keep::Hard;
            if i == 0 {
                chunk.outline = Some((normalize_inline(text), level));
            }
            self.push(chunk);
        }
        self.space(after);
    }

    /// Pushes the lines of a paragraph; `marker` goes left of the first line.
    fn paragraph(
        &mut self,
        p: &Paragraph,
        left: f32,
        width: f32,
        size: f32,
        marker: Option<(&str, f32)>,
    ) {
        let lines = break_lines(&p.spans, size, width);
        let n = lines.len();
        for (i, mut line) in lines.into_iter().enumerate() {
            let mut items = Vec::new();
            if let (0, Some((m, right))) = (i, marker) {
                // The marker is part of the first line: it may be its largest text.
                line.size = line.size.max(size);
                let w = text_width(m, FontStyle::Regular, size);
                items.push(Item::Text(TextRun {
                    x: right - w,
                    y: baseline_offset(line.size),
                    font: FontStyle::Regular,
                    size,
                    text: m.to_string(),
                    width: w,
                    gray: 0.0,
                    role: Role::ListMarker,
                }));
            }
            let height = line.height();
            push_line(&mut items, line, left, width, p.align, 0.0, Role::Body);
            let mut chunk = Chunk::new(Body::Static(items), height);
            chunk.keep = line_keep(i, n);
            self.push(chunk);
        }
    }

    fn list(&mut self, list: &List, left: f32, width: f32, depth: usize) {
        let widest = (1..=list.items.len())
            .map(|n| text_width(&marker(list.kind, depth, n), FontStyle::Regular, BODY_SIZE))
            .fold(0.0, f32::max);
        let indent = LIST_INDENT.max(widest + MARKER_GAP + 2.0).min(width / 3.0);
        let inner_left = left + indent;
        let inner_width = width - indent;
        for (k, item) in list.items.iter().enumerate() {
            if k > 0 {
                self.space(ITEM_GAP);
            }
            let m = marker(list.kind, depth, k + 1);
            let mut first = true;
            for p in &item.paragraphs {
                if !first {
                    self.space(ITEM_GAP);
                }
                let mk = first.then_some((m.as_str(), inner_left - MARKER_GAP));
                self.paragraph(p, inner_left, inner_width, BODY_SIZE, mk);
                first = false;
            }
            if first {
                // An item without text still shows its marker.
                self.paragraph(
                    &Paragraph::default(),
                    inner_left,
                    inner_width,
                    BODY_SIZE,
                    Some((m.as_str(), inner_left - MARKER_GAP)),
                );
            }
            if let Some(sub) = &item.sublist {
                self.space(ITEM_GAP);
                self.list(sub, inner_left, inner_width, depth + 1);
            }
        }
    }

    fn key_values(&mut self, kvs: &[KeyValue], left: f32, width: f32) {
        let labels: Vec<String> = kvs
            .iter()
            .map(|kv| format!("{}\u{a0}:", kv.label.trim_end()))
            .collect();
        let gap = 8.0;
        let widest = labels
            .iter()
            .map(|l| text_width(&normalize_inline(l), FontStyle::Bold, BODY_SIZE))
            .fold(0.0, f32::max);
        let label_w = (widest + gap).min(width * 0.4);
        for (k, (kv, label)) in kvs.iter().zip(&labels).enumerate() {
            if k > 0 {
                self.space(2.0);
            }
            let l_lines = break_lines(&[Span::bold(label.as_str())], BODY_SIZE, label_w - gap);
            let v_lines = break_lines(
                &[Span::regular(kv.value.as_str())],
                BODY_SIZE,
                width - label_w,
            );
            let n = l_lines.len().max(v_lines.len());
            let (mut l_lines, mut v_lines) = (l_lines.into_iter(), v_lines.into_iter());
            for i in 0..n {
                let mut items = Vec::new();
                let mut height: f32 = 0.0;
                if let Some(l) = l_lines.next() {
                    height = height.max(l.height());
                    push_line(
                        &mut items,
                        l,
                        left,
                        label_w - gap,
                        Align::Left,
                        0.0,
                        Role::Body,
                    );
                }
                if let Some(v) = v_lines.next() {
                    height = height.max(v.height());
                    push_line(
                        &mut items,
                        v,
                        left + label_w,
                        width - label_w,
                        Align::Left,
                        0.0,
                        Role::Body,
                    );
                }
                let mut chunk = Chunk::new(Body::Static(items), height);
                chunk.keep = line_keep(i, n);
                self.push(chunk);
            }
        }
    }

    fn table(&mut self, t: &Table, left: f32, width: f32) {
        if t.columns.is_empty() {
            return;
        }
        let size = clamp_size(t.size, TABLE_SIZE);
        let shares: Vec<f32> = t
            .columns
            .iter()
            .map(|c| {
                if c.width.is_finite() && c.width > 0.0 {
                    c.width
                } else {
                    0.0
                }
            })
            .collect();
        let total: f32 = shares.iter().sum();
        let n = shares.len() as f32;
        let mut xs = Vec::with_capacity(shares.len());
        let mut x = left;
        for s in &shares {
            let w = if total > 0.0 {
                width * s / total
            } else {
                width / n
            };
            xs.push((x, w));
            x += w;
        }
        let make_row = |cells: &[Cell], header: bool, min_height: f32| {
            let cells = xs
                .iter()
                .zip(&t.columns)
                .enumerate()
                .map(|(i, (&(x, w), col))| {
                    let spans: Vec<Span> = cells
                        .get(i)
                        .map(|c| c.spans.clone())
                        .unwrap_or_default()
                        .into_iter()
                        .map(|mut s| {
                            if header {
                                s.style = s.style.bolder();
                            }
                            s
                        })
                        .collect();
                    let lines = break_lines(&spans, size, w - 2.0 * CELL_PAD_H);
                    CellBox {
                        x,
                        width: w,
                        align: col.align,
                        lines,
                    }
                })
                .collect();
            RowBox {
                cells,
                left,
                width,
                min_height,
                header,
            }
        };
        let has_header = t.columns.iter().any(|c| !c.title.trim().is_empty());
        let table_index = if has_header {
            let titles: Vec<Cell> = t
                .columns
                .iter()
                .map(|c| Cell::new(c.title.as_str()))
                .collect();
            let header = make_row(&titles, true, 0.0);
            let mut chunk = Chunk::new(Body::Row(header.clone()), header.height());
            if !t.rows.is_empty() {
                chunk.keep = Keep::Hard;
            }
            self.push(chunk);
            self.tables.push(header);
            Some(self.tables.len() - 1)
        } else {
            None
        };
        for row in &t.rows {
            let min = row
                .min_height
                .filter(|h| h.is_finite() && *h > 0.0)
                .unwrap_or(0.0);
            let rb = make_row(&row.cells, false, min);
            let mut chunk = Chunk::new(Body::Row(rb.clone()), rb.height());
            chunk.table = table_index;
            self.push(chunk);
        }
    }

    fn frame_block(&mut self, f: &Frame, left: f32, width: f32) {
        let inner_left = left + FRAME_PAD;
        let inner_width = width - 2.0 * FRAME_PAD;
        self.frames.push(FrameBox {
            left,
            width,
            fill: f.fill.filter(|g| g.is_finite()).map(|g| g.clamp(0.0, 1.0)),
        });
        let outer = self.frame.replace(self.frames.len() - 1);
        let start = self.chunks.len();
        let empty = [Paragraph::default()];
        let paragraphs = if f.paragraphs.is_empty() {
            &empty[..]
        } else {
            &f.paragraphs[..]
        };
        for (k, p) in paragraphs.iter().enumerate() {
            if k > 0 {
                self.space(4.0);
            }
            self.paragraph(p, inner_left, inner_width, BODY_SIZE, None);
        }
        self.frame = outer;
        let end = self.chunks.len();
        for c in &mut self.chunks[start..end] {
            if c.keep == Keep::No {
                c.keep = Keep::Soft;
            }
        }
        if let Some(last) = self.chunks[start..end].last_mut() {
            last.keep = Keep::No;
            last.frame_last = true;
        }
    }
}

/// Pagination state.
struct Pager<'a> {
    body: Area,
    chunks: Vec<Chunk>,
    tables: &'a [RowBox],
    frames: &'a [FrameBox],
    pages: Vec<Page>,
    outline: Vec<OutlineEntry>,
    y: f32,
    empty: bool,
    /// Open frame on this page: frame index, item index to insert its box at, top.
    segment: Option<(usize, usize, f32)>,
}

impl Pager<'_> {
    fn items(&mut self) -> &mut Vec<Item> {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last].items
    }

    fn close_segment(&mut self) {
        if let Some((f, at, top)) = self.segment.take() {
            let frame = &self.frames[f];
            let rect = Item::Rect(RectItem {
                x: frame.left,
                y: top,
                width: frame.width,
                height: self.y + FRAME_PAD - top,
                stroke: Some(Stroke {
                    width: 0.8,
                    gray: 0.0,
                }),
                fill: frame.fill,
            });
            let items = self.items();
            let at = at.min(items.len());
            items.insert(at, rect);
        }
    }

    fn new_page(&mut self) {
        self.close_segment();
        self.pages.push(Page::default());
        self.y = self.body.top;
        self.empty = true;
    }

    fn header_height(&self, c: &Chunk) -> f32 {
        c.table.map_or(0.0, |t| self.tables[t].height())
    }

    fn oversized(&self, c: &Chunk) -> bool {
        matches!(c.body, Body::Row(_))
            && c.height + self.header_height(c) > self.body.height() + EPS
    }

    /// Height a chunk needs when it ends a keep-together group.
    fn chain_tail_height(&self, c: &Chunk) -> f32 {
        match &c.body {
            Body::Row(r) if self.oversized(c) => r.first_piece_height(),
            _ => c.height,
        }
    }

    fn reserve(c: &Chunk) -> f32 {
        if c.frame.is_some() {
            FRAME_PAD
        } else {
            0.0
        }
    }

    /// Heights of the group starting at `i`: with every keep, and with hard keeps only.
    fn chain(&self, i: usize) -> (f32, f32) {
        let first = &self.chunks[i];
        let own = if self.oversized(first) {
            0.0
        } else {
            first.height
        };
        let (mut full, mut hard) = (own, own);
        let mut hard_open = true;
        let mut k = i;
        while self.chunks[k].keep != Keep::No && k + 1 < self.chunks.len() {
            let next = &self.chunks[k + 1];
            if matches!(next.body, Body::PageBreak) {
                break;
            }
            let h = next.space_before + self.chain_tail_height(next) + Self::reserve(next);
            full += h;
            if hard_open && self.chunks[k].keep == Keep::Hard {
                hard += h;
            } else {
                hard_open = false;
            }
            k += 1;
        }
        (full, hard)
    }

    fn place_static(&mut self, items: Vec<Item>, top: f32) {
        self.items()
            .extend(items.into_iter().map(|it| it.shifted(top)));
    }

    fn run(mut self) -> (Vec<Page>, Vec<OutlineEntry>) {
        self.pages.push(Page::default());
        let mut break_pending = false;
        let mut i = 0;
        while i < self.chunks.len() {
            if matches!(self.chunks[i].body, Body::PageBreak) {
                // Taken when the next chunk comes, so that a break at the end of the
                // document (or two in a row) makes no blank page.
                break_pending |= !self.empty;
                i += 1;
                continue;
            }
            if std::mem::take(&mut break_pending) {
                self.new_page();
            }
            // The chunk stays in place (its text is not copied): its body is read
            // where needed, and moved to the page when placed.
            let c = &self.chunks[i];
            let (frame, space_before, height, table, frame_last) =
                (c.frame, c.space_before, c.height, c.table, c.frame_last);
            let is_row = matches!(c.body, Body::Row(_));
            let entering_frame = frame.is_some() && self.segment.map(|s| s.0) != frame;
            let lead = if self.empty { 0.0 } else { space_before }
                + if entering_frame { FRAME_PAD } else { 0.0 };
            let reserve = Self::reserve(c);
            let avail = self.body.bottom - self.y;
            let repeat_header = self.empty && table.is_some();

            // The chunk before is a heading or a table header that must not end the
            // page: this one goes here, cut if it is a row that does not fit.
            let bound = !self.empty && i > 0 && self.chunks[i - 1].keep == Keep::Hard;
            if bound {
                let fits = lead + height + reserve <= avail + EPS;
                if !fits && !is_row {
                    self.new_page();
                    continue;
                }
            } else if !self.empty {
                let (full, hard) = self.chain(i);
                let c = &self.chunks[i];
                // On a new page a table row comes after the repeated header.
                let on_new_page = full + reserve + self.header_height(c);
                let need = if on_new_page <= self.body.height() {
                    full
                } else {
                    hard
                };
                let oversized_row_fits = self.oversized(c) && {
                    let tail = self.chain_tail_height(c);
                    lead + tail.max(need) + reserve <= avail + EPS
                };
                if !oversized_row_fits && lead + need + reserve > avail + EPS {
                    self.new_page();
                    continue;
                }
            }

            if self.segment.is_some() && self.segment.map(|s| s.0) != frame {
                self.close_segment();
            }
            self.y += lead;
            if entering_frame {
                let at = self.items().len();
                if let Some(f) = frame {
                    self.segment = Some((f, at, self.y - FRAME_PAD));
                }
            }
            if repeat_header {
                if let Some(t) = table {
                    let tables = self.tables;
                    let header = &tables[t];
                    let h = header.height();
                    let items = header.render(self.y, h);
                    self.items().extend(items);
                    self.y += h;
                }
            }
            if let Some((title, level)) = &self.chunks[i].outline {
                let entry = OutlineEntry {
                    title: title.clone(),
                    level: *level,
                    page: self.pages.len() - 1,
                    y: self.y,
                };
                self.outline.push(entry);
            }
            if let Body::Static(items) = &mut self.chunks[i].body {
                // Placed once: the items move to the page.
                let items = std::mem::take(items);
                let top = self.y;
                self.place_static(items, top);
                self.y += height;
            } else if let Body::Row(row) = &self.chunks[i].body {
                let room = self.body.bottom - self.y - reserve;
                if row.height() <= room + EPS {
                    let h = row.height();
                    let items = row.render(self.y, h);
                    self.items().extend(items);
                    self.y += h;
                } else {
                    match row.split(room) {
                        Some((first, rest)) => {
                            let items = first.render(self.y, room);
                            self.items().extend(items);
                            self.y += room;
                            self.empty = false;
                            if let Some(rest) = rest {
                                let h = rest.height();
                                let chunk = &mut self.chunks[i];
                                chunk.body = Body::Row(rest);
                                chunk.height = h;
                                chunk.outline = None;
                                self.new_page();
                                continue;
                            }
                        }
                        None if !self.empty => {
                            self.new_page();
                            continue;
                        }
                        None => {
                            // Not even one line fits on an empty page (a huge font
                            // in a tiny page): draw it anyway rather than loop.
                            if let Body::Row(row) = &self.chunks[i].body {
                                let h = row.height();
                                let items = row.render(self.y, h);
                                self.items().extend(items);
                                self.y += h;
                            }
                        }
                    }
                }
            }
            self.empty = false;
            if frame_last {
                self.close_segment();
                self.y += FRAME_PAD;
            }
            i += 1;
        }
        self.close_segment();
        (self.pages, self.outline)
    }
}

/// Lays out a document: pages of positioned items, running header and footer
/// included, and the outline of its headings.
pub fn layout(doc: &Document) -> Layout {
    let body = doc.page.body();
    let (page_width, page_height) = doc.page.size();
    let mut flow = Flow {
        chunks: Vec::new(),
        tables: Vec::new(),
        frames: Vec::new(),
        pending_space: 0.0,
        frame: None,
        max_space: body.height() / 2.0,
    };
    for block in &doc.blocks {
        flow.block(block, body.left, body.width());
    }
    let pager = Pager {
        body,
        chunks: flow.chunks,
        tables: &flow.tables,
        frames: &flow.frames,
        pages: Vec::new(),
        outline: Vec::new(),
        y: body.top,
        empty: true,
        segment: None,
    };
    let (mut pages, outline) = pager.run();
    let total = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        running_texts(doc, body, n + 1, total, &mut page.items);
    }
    Layout {
        page_width,
        page_height,
        body,
        pages,
        outline,
    }
}

fn running_run(text: String, x: f32, y: f32, role: Role) -> Item {
    let width = text_width(&text, FontStyle::Regular, RUNNING_SIZE);
    Item::Text(TextRun {
        x,
        y,
        font: FontStyle::Regular,
        size: RUNNING_SIZE,
        text,
        width,
        gray: RUNNING_GRAY,
        role,
    })
}

fn running_texts(doc: &Document, body: Area, n: usize, total: usize, items: &mut Vec<Item>) {
    let rule = |y: f32| {
        Item::Line(LineItem {
            x1: body.left,
            y1: y,
            x2: body.right,
            y2: y,
            width: 0.5,
            gray: 0.6,
        })
    };
    let header = normalize_inline(&doc.header);
    if !header.is_empty() {
        let text = truncate_to_width(&header, FontStyle::Regular, RUNNING_SIZE, body.width());
        let rule_y = (body.top - 8.0).max(4.0);
        items.push(running_run(
            text,
            body.left,
            (rule_y - 5.0).max(RUNNING_SIZE),
            Role::RunningHeader,
        ));
        items.push(rule(rule_y));
    }
    let footer = normalize_inline(&doc.footer);
    if footer.is_empty() && !doc.page_numbers {
        return;
    }
    let rule_y = body.bottom + 8.0;
    let baseline = rule_y + 5.0 + RUNNING_SIZE * LEADING * 0.75;
    items.push(rule(rule_y));
    let mut room = body.width();
    if doc.page_numbers {
        let text = format!("Page {n} / {total}");
        let w = text_width(&text, FontStyle::Regular, RUNNING_SIZE);
        items.push(running_run(text, body.right - w, baseline, Role::Footer));
        room -= w + 12.0;
    }
    if !footer.is_empty() && room > 0.0 {
        let text = truncate_to_width(&footer, FontStyle::Regular, RUNNING_SIZE, room);
        items.push(running_run(text, body.left, baseline, Role::Footer));
    }
}
