//! Laid-out pages to PDF bytes with printpdf, then finished with lopdf: document
//! information, language, and an outline in document order with its levels (printpdf's
//! own bookmarks are flat and sorted by name).
//!
//! printpdf subsets the fonts and builds the document's objects; the page content
//! streams are written here, byte for byte as printpdf wrote them from `Op`s, but
//! directly and on several cores with their deflate: that was most of the time.

use super::fonts::{font_bytes, metrics};
use super::layout::{Item, Layout, OutlineEntry};
use super::model::{FontStyle, Metadata};
use crate::error::{Error, Result};
use chrono::{DateTime, FixedOffset};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect,
    TextItem,
};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

fn failure(what: &str) -> Error {
    Error::Conflict(format!(
        "Le document PDF n'a pas pu être produit ({what}). Réessayez ; si le problème persiste, signalez-le."
    ))
}

/// Resource names double as subset tags (the six capitals before « + » in the font
/// name), so they are fixed: the same document always gives the same fonts.
fn font_name(style: FontStyle) -> &'static str {
    match style {
        FontStyle::Regular => "QRMREG",
        FontStyle::Bold => "QRMBLD",
        FontStyle::Italic => "QRMITA",
        FontStyle::BoldItalic => "QRMBIT",
    }
}

fn font_id(style: FontStyle) -> FontId {
    FontId(font_name(style).into())
}

fn gray(level: f32) -> f32 {
    level.clamp(0.0, 1.0)
}

/// Glyph ids of one face: printpdf's own lookup (`ParsedFont::lookup_glyph_index`,
/// an allsorts cmap walk), cached because every character drawn is looked up. Only
/// the characters the face maps are cached (looking up every code point of the
/// table took some 3 ms at the first PDF); printpdf is asked for the others, which
/// the layout seldom draws.
struct GlyphTable {
    /// Indexed by code point below `GlyphTable::FLAT`: a glyph id, `NONE` or `ASK`.
    flat: Vec<u32>,
    /// The characters the face maps from `GlyphTable::FLAT` on.
    others: HashMap<char, Option<u16>>,
}

impl GlyphTable {
    /// Latin, Greek, Cyrillic and general punctuation (’ – … €).
    const FLAT: usize = 0x2100;
    /// printpdf has no glyph for the character.
    const NONE: u32 = u32::MAX - 1;
    /// Not cached: printpdf is to be asked.
    const ASK: u32 = u32::MAX;

    fn new(style: FontStyle, font: &ParsedFont) -> GlyphTable {
        let mut table = GlyphTable {
            flat: vec![GlyphTable::ASK; GlyphTable::FLAT],
            others: HashMap::new(),
        };
        for c in metrics(style).chars() {
            let g = font.lookup_glyph_index(c as u32);
            match table.flat.get_mut(c as usize) {
                Some(slot) => *slot = g.map_or(GlyphTable::NONE, u32::from),
                None => {
                    table.others.insert(c, g);
                }
            }
        }
        table
    }

    fn glyph(&self, font: &ParsedFont, c: char) -> Option<u16> {
        match self.flat.get(c as usize) {
            Some(&GlyphTable::NONE) => None,
            Some(&GlyphTable::ASK) => font.lookup_glyph_index(c as u32),
            Some(&g) => u16::try_from(g).ok(),
            None => match self.others.get(&c) {
                Some(g) => *g,
                None => font.lookup_glyph_index(c as u32),
            },
        }
    }
}

/// The four faces parsed by printpdf, with their glyph tables; once per process.
fn faces() -> Result<&'static [(ParsedFont, GlyphTable); 4]> {
    static FACES: OnceLock<Option<[(ParsedFont, GlyphTable); 4]>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let mut warnings = Vec::new();
            let [a, b, c, d] = FontStyle::ALL.map(|s| {
                let font = ParsedFont::from_bytes(font_bytes(s), 0, &mut warnings)?;
                let table = GlyphTable::new(s, &font);
                Some((font, table))
            });
            Some([a?, b?, c?, d?])
        })
        .as_ref()
        .ok_or_else(|| failure("police de caractères illisible"))
}

/// A page content stream written straight to bytes. printpdf's path (an `Op` per
/// operator, lopdf operands, a `write!` per byte of hexadecimal, a glyph lookup per
/// character) was over half of the PDF's time; this writes the very same bytes:
/// operators one per line, numbers as lopdf prints an `f32`, glyph codes in
/// upper-case hexadecimal.
struct Content {
    buf: Vec<u8>,
}

impl Content {
    fn num(&mut self, v: f32) {
        use std::io::Write;
        // lopdf writes reals with `{}`; whole numbers (sizes, 0, 1) skip the
        // float formatting, which prints them the same way ("11", "0").
        if v.fract() == 0.0 && (0.0..1e9).contains(&v) && v.is_sign_positive() {
            let mut n = v as u32;
            let mut digits = [0u8; 10];
            let mut i = digits.len();
            loop {
                i -= 1;
                digits[i] = b'0' + (n % 10) as u8;
                n /= 10;
                if n == 0 {
                    break;
                }
            }
            self.buf.extend_from_slice(&digits[i..]);
        } else {
            let _ = write!(self.buf, "{v}");
        }
        self.buf.push(b' ');
    }

    fn op(&mut self, op: &str) {
        self.buf.extend_from_slice(op.as_bytes());
        self.buf.push(b'\n');
    }

    /// Glyph codes as a hexadecimal string, four upper-case digits each.
    fn glyphs(&mut self, ids: &[u16], remap: &[u16]) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        self.buf.reserve(ids.len() * 4 + 3);
        self.buf.push(b'<');
        for &id in ids {
            let code = remap.get(usize::from(id)).copied().unwrap_or(0);
            let [hi, lo] = code.to_be_bytes();
            self.buf.extend_from_slice(&[
                HEX[usize::from(hi >> 4)],
                HEX[usize::from(hi & 15)],
                HEX[usize::from(lo >> 4)],
                HEX[usize::from(lo & 15)],
            ]);
        }
        self.buf.extend_from_slice(b"> ");
    }

    /// lopdf separates operators with a newline and ends the stream without one.
    fn finish(mut self) -> Vec<u8> {
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
        }
        self.buf
    }
}

/// Glyph codes of the text runs, and which glyphs each face draws.
struct Glyphs {
    /// Original glyph id of every character of every run, in drawing order.
    ids: Vec<u16>,
    /// Per page, the index in `ids` of its first glyph.
    starts: Vec<usize>,
    /// Per face, indexed by original glyph id: the character it stands for. As in
    /// printpdf, the last character drawn with a glyph wins (it names the glyph in
    /// /ToUnicode).
    used: [Vec<Option<char>>; 4],
}

fn collect_glyphs(layout: &Layout, faces: &[(ParsedFont, GlyphTable); 4]) -> Glyphs {
    let mut g = Glyphs {
        ids: Vec::new(),
        starts: Vec::with_capacity(layout.pages.len()),
        used: Default::default(),
    };
    for page in &layout.pages {
        g.starts.push(g.ids.len());
        for run in page.text_runs() {
            let (font, table) = &faces[run.font.index()];
            let used = &mut g.used[run.font.index()];
            for c in run.text.chars() {
                match table.glyph(font, c) {
                    Some(id) => {
                        let i = usize::from(id);
                        if used.len() <= i {
                            used.resize(i + 1, None);
                        }
                        used[i] = Some(c);
                        g.ids.push(id);
                    }
                    // printpdf draws a character the face lacks as glyph 0.
                    None => g.ids.push(0),
                }
            }
        }
    }
    g
}

/// Original glyph id to the id in the subset font: printpdf hands allsorts .notdef
/// then the used glyphs in ascending order, and allsorts numbers them by position
/// (`printpdf::font::subset_font`). Unused glyphs map to 0, as in printpdf.
fn subset_ids(used: &[Option<char>]) -> Vec<u16> {
    let mut remap = vec![0u16; used.len()];
    let mut next = 1u16;
    for (gid, c) in used.iter().enumerate().skip(1) {
        if c.is_some() {
            remap[gid] = next;
            next = next.saturating_add(1);
        }
    }
    remap
}

/// The ops printpdf needs to see each face's used glyphs (it subsets the fonts and
/// writes their /W and /ToUnicode from them): one run per face, a character per
/// glyph. The content stream they make is replaced.
fn glyph_usage_ops(used: &[Vec<Option<char>>; 4]) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    for (style, used) in FontStyle::ALL.iter().zip(used) {
        let text: String = used.iter().flatten().collect();
        if text.is_empty() {
            continue;
        }
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font_id(*style)),
            size: Pt(10.0),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text)],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// The content stream of one page: what printpdf wrote for the `Op`s this module
/// gave it before (BT/ET around runs of text, Tf and g only on change, an absolute
/// Tm per run). `ids` starts with the page's first glyph.
fn page_content(
    items: &[Item],
    page_height: f32,
    mut ids: &[u16],
    remap: &[Vec<u16>; 4],
) -> Vec<u8> {
    let mut c = Content {
        buf: Vec::with_capacity(16 * 1024),
    };
    let mut in_text = false;
    let mut font: Option<(FontStyle, f32)> = None;
    let mut fill: Option<f32> = None;
    for item in items {
        if !matches!(item, Item::Text(_)) && in_text {
            c.op("ET");
            in_text = false;
        }
        match item {
            Item::Text(t) => {
                if t.text.is_empty() {
                    continue;
                }
                if !in_text {
                    c.op("BT");
                    in_text = true;
                }
                if font != Some((t.font, t.size)) {
                    c.buf.push(b'/');
                    c.buf.extend_from_slice(font_name(t.font).as_bytes());
                    c.buf.push(b' ');
                    c.num(t.size);
                    c.op("Tf");
                    font = Some((t.font, t.size));
                }
                if fill != Some(t.gray) {
                    c.num(gray(t.gray));
                    c.op("g");
                    fill = Some(t.gray);
                }
                // An absolute text matrix per run (a relative Td would depend on
                // the run before).
                for v in [1.0, 0.0, 0.0, 1.0, t.x, page_height - t.y] {
                    c.num(v);
                }
                c.op("Tm");
                // One glyph per character (`collect_glyphs`).
                let n = t.text.chars().count().min(ids.len());
                let (run, rest) = ids.split_at(n);
                ids = rest;
                c.glyphs(run, &remap[t.font.index()]);
                c.op("Tj");
            }
            Item::Line(l) => {
                c.num(gray(l.gray));
                c.op("G");
                c.num(l.width);
                c.op("w");
                c.num(l.x1);
                c.num(page_height - l.y1);
                c.op("m");
                c.num(l.x2);
                c.num(page_height - l.y2);
                c.op("l");
                c.op("S");
            }
            Item::Rect(r) => {
                let paint = match (r.fill, r.stroke) {
                    (Some(_), Some(_)) => "B",
                    (Some(_), None) => "f",
                    (None, Some(_)) => "S",
                    (None, None) => continue,
                };
                if let Some(f) = r.fill {
                    c.num(gray(f));
                    c.op("g");
                    fill = Some(f);
                }
                if let Some(s) = r.stroke {
                    c.num(gray(s.gray));
                    c.op("G");
                    c.num(s.width);
                    c.op("w");
                }
                c.num(r.x);
                c.num(page_height - r.y - r.height);
                c.num(r.width);
                c.num(r.height);
                c.op("re");
                c.op(paint);
            }
        }
    }
    if in_text {
        c.op("ET");
    }
    c.finish()
}

/// A PDF text string: UTF-16BE with its byte-order mark, which every reader decodes.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn pdf_date(d: &DateTime<FixedOffset>) -> Object {
    let offset = d.offset().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.unsigned_abs() / 60;
    Object::string_literal(format!(
        "D:{}{sign}{:02}'{:02}'",
        d.format("%Y%m%d%H%M%S"),
        minutes / 60,
        minutes % 60
    ))
}

fn info_dict(meta: &Metadata) -> Dictionary {
    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    if !meta.author.is_empty() {
        info.set("Author", text_string(&meta.author));
    }
    if !meta.subject.is_empty() {
        info.set("Subject", text_string(&meta.subject));
    }
    if !meta.keywords.is_empty() {
        info.set("Keywords", text_string(&meta.keywords.join(", ")));
    }
    info.set("Creator", text_string("Quorum"));
    info.set("Producer", text_string("Quorum"));
    info.set("CreationDate", pdf_date(&meta.created));
    info.set("ModDate", pdf_date(&meta.modified));
    info.set("Trapped", Object::Name(b"False".to_vec()));
    info
}

/// The file identifier printpdf draws at random, derived from the content instead:
/// the same document always gives the same bytes.
fn file_id(meta: &Metadata, layout: &Layout) -> Object {
    use std::hash::{Hash, Hasher};
    let digest = |salt: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        salt.hash(&mut h);
        meta.title.hash(&mut h);
        meta.created.to_rfc3339().hash(&mut h);
        meta.modified.to_rfc3339().hash(&mut h);
        for page in &layout.pages {
            for run in page.text_runs() {
                run.text.hash(&mut h);
                run.x.to_bits().hash(&mut h);
                run.y.to_bits().hash(&mut h);
            }
        }
        h.finish().to_be_bytes()
    };
    let id: Vec<u8> = [digest(1), digest(2)].concat();
    Object::Array(vec![
        Object::String(id.clone(), StringFormat::Hexadecimal),
        Object::String(id, StringFormat::Hexadecimal),
    ])
}

/// Builds the outline tree: an entry's parent is the closest earlier entry of a
/// lower level, so a level 3 right after a level 1 nests under it.
fn add_outline(
    lo: &mut lopdf::Document,
    outline: &[OutlineEntry],
    page_height: f32,
) -> Option<ObjectId> {
    if outline.is_empty() {
        return None;
    }
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = outline.iter().map(|_| lo.new_object_id()).collect();
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(outline.len());
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); outline.len()];
    let mut top = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in outline.iter().enumerate() {
        while stack.last().is_some_and(|&s| outline[s].level >= e.level) {
            stack.pop();
        }
        let p = stack.last().copied();
        match p {
            Some(p) => children[p].push(i),
            None => top.push(i),
        }
        parent.push(p);
        stack.push(i);
    }
    fn descendants(i: usize, children: &[Vec<usize>]) -> i64 {
        children[i]
            .iter()
            .map(|&c| 1 + descendants(c, children))
            .sum()
    }
    let link_siblings = |lo: &mut lopdf::Document, siblings: &[usize]| {
        for (k, &i) in siblings.iter().enumerate() {
            if let Ok(Object::Dictionary(d)) = lo.get_object_mut(ids[i]) {
                if k > 0 {
                    d.set("Prev", Object::Reference(ids[siblings[k - 1]]));
                }
                if let Some(&n) = siblings.get(k + 1) {
                    d.set("Next", Object::Reference(ids[n]));
                }
            }
        }
    };
    for (i, e) in outline.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text_string(&e.title));
        d.set(
            "Parent",
            Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        if let Some(&page) = pages.get(e.page) {
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real((page_height - e.y + 6.0).min(page_height)),
                    Object::Null,
                ]),
            );
        }
        if let (Some(&first), Some(&last)) = (children[i].first(), children[i].last()) {
            d.set("First", Object::Reference(ids[first]));
            d.set("Last", Object::Reference(ids[last]));
            d.set("Count", Object::Integer(descendants(i, &children)));
        }
        lo.set_object(ids[i], Object::Dictionary(d));
    }
    link_siblings(lo, &top);
    for c in &children {
        link_siblings(lo, c);
    }
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        r.set("First", Object::Reference(ids[first]));
        r.set("Last", Object::Reference(ids[last]));
    }
    r.set("Count", Object::Integer(outline.len() as i64));
    lo.set_object(root, Object::Dictionary(r));
    Some(root)
}

/// Page content streams written and deflated by several threads, a page at a time.
struct PageJobs<'a> {
    layout: &'a Layout,
    glyphs: &'a Glyphs,
    remap: &'a [Vec<u16>; 4],
    next: AtomicUsize,
    /// Per page, once written.
    done: Mutex<Vec<Option<PageStream>>>,
}

struct PageStream {
    content: Vec<u8>,
    deflated: bool,
}

impl PageJobs<'_> {
    fn run(&self) {
        let mut deflater = Deflater::default();
        loop {
            let n = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(page) = self.layout.pages.get(n) else {
                break;
            };
            let ids = &self.glyphs.ids[self.glyphs.starts[n]..];
            let content = page_content(&page.items, self.layout.page_height, ids, self.remap);
            let stream = match deflater.deflate(&content) {
                Some(content) => PageStream {
                    content,
                    deflated: true,
                },
                None => PageStream {
                    content,
                    deflated: false,
                },
            };
            self.done.lock().unwrap_or_else(|e| e.into_inner())[n] = Some(stream);
        }
    }
}

/// Writes laid-out pages as a PDF with the four faces embedded as subsets.
pub fn write_pdf(meta: &Metadata, layout: &Layout) -> Result<Vec<u8>> {
    let faces = faces()?;
    let glyphs = collect_glyphs(layout, faces);
    let remap = glyphs.used.each_ref().map(|u| subset_ids(u));
    let jobs = PageJobs {
        layout,
        glyphs: &glyphs,
        remap: &remap,
        next: AtomicUsize::new(0),
        done: Mutex::new(layout.pages.iter().map(|_| None).collect()),
    };
    // The page contents (most of the bytes, and so most of deflate's time) are
    // written on other cores while printpdf subsets the fonts and builds the rest;
    // then this thread takes the pages left. A short document stays on one thread.
    let helpers = if glyphs.ids.len() < PARALLEL_FROM_GLYPHS {
        0
    } else {
        cores().min(4) - 1
    };
    let mut lo = std::thread::scope(|scope| {
        for _ in 0..helpers {
            // A thread that cannot start leaves its pages to the others.
            let _ = std::thread::Builder::new().spawn_scoped(scope, || jobs.run());
        }
        let lo = printpdf_document(meta, layout, &glyphs, faces);
        jobs.run();
        lo
    });
    let streams = jobs.done.into_inner().unwrap_or_else(|e| e.into_inner());
    let h = layout.page_height;
    for (stream, page_id) in streams.into_iter().zip(lo.get_pages().into_values()) {
        let stream = stream.ok_or_else(|| failure("page non écrite"))?;
        let id = lo
            .get_dictionary(page_id)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference)
            .map_err(|_| failure("page sans contenu"))?;
        let Ok(Object::Stream(s)) = lo.get_object_mut(id) else {
            return Err(failure("page sans contenu"));
        };
        // The same dictionary as `compress_streams` makes: Length, then Filter.
        s.set_content(stream.content);
        if stream.deflated {
            s.dict.set("Filter", "FlateDecode");
        } else {
            // Deflating did not pay; `compress_streams` need not try again.
            s.allows_compression = false;
        }
    }
    // UTF-16 text strings and /Lang need PDF 1.4; nothing here needs more than 1.7.
    lo.version = "1.7".into();

    lo.trailer.set("ID", file_id(meta, layout));
    let info = lo.add_object(Object::Dictionary(info_dict(meta)));
    lo.trailer.set("Info", Object::Reference(info));
    let outline = add_outline(&mut lo, &layout.outline, h);
    let catalog = lo
        .catalog_mut()
        .map_err(|_| failure("catalogue du PDF introuvable"))?;
    catalog.set("Lang", Object::string_literal("fr-FR"));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    match outline {
        Some(root) => {
            catalog.set("Outlines", Object::Reference(root));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => catalog.set("PageMode", Object::Name(b"UseNone".to_vec())),
    }
    // The Info dictionary printpdf wrote (dated 1970) is no longer referenced.
    lo.prune_objects();
    compress_streams(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| failure(&format!("écriture : {e}")))?;
    Ok(bytes)
}

/// The cores this process may use, asked once (Linux reads the cgroup's quota
/// files to tell).
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Below this many glyphs (three full pages) the page contents are written on one
/// thread: starting a thread would cost about as much as it saves.
const PARALLEL_FROM_GLYPHS: usize = 10_000;

/// printpdf's document: the pages (their contents are replaced), the fonts subset
/// to the glyphs used, the resources.
fn printpdf_document(
    meta: &Metadata,
    layout: &Layout,
    glyphs: &Glyphs,
    faces: &[(ParsedFont, GlyphTable); 4],
) -> lopdf::Document {
    let mut pdf = PdfDocument::new(&meta.title);
    for (style, (font, _)) in FontStyle::ALL.iter().zip(faces.iter()) {
        pdf.resources
            .fonts
            .map
            .insert(font_id(*style), PdfFont::new(font.clone()));
    }
    let bx = Rect::from_wh(Pt(layout.page_width), Pt(layout.page_height));
    pdf.pages = (0..layout.pages.len())
        .map(|n| PdfPage {
            media_box: bx.clone(),
            trim_box: bx.clone(),
            crop_box: bx.clone(),
            ops: if n == 0 {
                glyph_usage_ops(&glyphs.used)
            } else {
                Vec::new()
            },
        })
        .collect();
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    pdf.to_lopdf_document(&options, &mut warnings)
}

/// Deflates every stream that allows it, as lopdf's `Document::compress` does but at
/// zlib's default level 6 instead of 9: on a 50-page compte rendu, level 9 spent about
/// a third of the whole PDF's time in deflate for some 8 % fewer bytes (`make bench`).
/// The page contents are already deflated by then (`PageJobs`); the fonts are left.
fn compress_streams(lo: &mut lopdf::Document) {
    let mut deflater = Deflater::default();
    for object in lo.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        if let Some(deflated) = deflater.deflate(&stream.content) {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(deflated);
        }
    }
}

/// zlib level 6 with one encoder reused from stream to stream (a new one allocates
/// and clears some 300 KB of tables).
#[derive(Default)]
struct Deflater {
    encoder: Option<flate2::write::ZlibEncoder<Vec<u8>>>,
}

impl Deflater {
    /// The deflated bytes, or `None` when deflating does not pay (same rule as lopdf:
    /// the filter entry costs 19 bytes). Writing into a Vec cannot fail; should it,
    /// the stream is left uncompressed, which is still valid.
    fn deflate(&mut self, data: &[u8]) -> Option<Vec<u8>> {
        use flate2::write::ZlibEncoder;
        use flate2::Compression;
        use std::io::Write;
        let encoder = self
            .encoder
            .get_or_insert_with(|| ZlibEncoder::new(Vec::new(), Compression::new(6)));
        *encoder.get_mut() = Vec::with_capacity(data.len() / 4);
        let deflated = match encoder.write_all(data) {
            Ok(()) => encoder.reset(Vec::new()),
            Err(e) => Err(e),
        };
        match deflated {
            Ok(d) if d.len() + 19 < data.len() => Some(d),
            Ok(_) => None,
            Err(_) => {
                self.encoder = None;
                None
            }
        }
    }
}
