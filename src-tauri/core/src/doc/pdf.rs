//! Laid-out pages to PDF bytes with printpdf, then finished with lopdf: document
//! information, language, and an outline in document order with its levels (printpdf's
//! own bookmarks are flat and sorted by name).

use super::fonts::font_bytes;
use super::layout::{Item, Layout, OutlineEntry};
use super::model::{FontStyle, Metadata};
use crate::error::{Error, Result};
use chrono::{DateTime, FixedOffset};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};
use std::sync::OnceLock;

fn failure(what: &str) -> Error {
    Error::Conflict(format!(
        "Le document PDF n'a pas pu être produit ({what}). Réessayez ; si le problème persiste, signalez-le."
    ))
}

/// Resource names double as subset tags (the six capitals before « + » in the font
/// name), so they are fixed: the same document always gives the same fonts.
fn font_id(style: FontStyle) -> FontId {
    FontId(
        match style {
            FontStyle::Regular => "QRMREG",
            FontStyle::Bold => "QRMBLD",
            FontStyle::Italic => "QRMITA",
            FontStyle::BoldItalic => "QRMBIT",
        }
        .into(),
    )
}

/// Parsing the four faces costs more than laying out a page: done once per process.
fn parsed_fonts() -> Result<&'static [ParsedFont; 4]> {
    static FONTS: OnceLock<Option<[ParsedFont; 4]>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut warnings = Vec::new();
            let [a, b, c, d] =
                FontStyle::ALL.map(|s| ParsedFont::from_bytes(font_bytes(s), 0, &mut warnings));
            Some([a?, b?, c?, d?])
        })
        .as_ref()
        .ok_or_else(|| failure("police de caractères illisible"))
}

fn gray(level: f32) -> Color {
    Color::Greyscale(Greyscale::new(level.clamp(0.0, 1.0), None))
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

fn page_ops(items: &[Item], page_height: f32) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut in_text = false;
    let mut font: Option<(FontStyle, f32)> = None;
    let mut fill: Option<f32> = None;
    for item in items {
        if !matches!(item, Item::Text(_)) && in_text {
            ops.push(Op::EndTextSection);
            in_text = false;
        }
        match item {
            Item::Text(t) => {
                if t.text.is_empty() {
                    continue;
                }
                if !in_text {
                    ops.push(Op::StartTextSection);
                    in_text = true;
                }
                if font != Some((t.font, t.size)) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font_id(t.font)),
                        size: Pt(t.size),
                    });
                    font = Some((t.font, t.size));
                }
                if fill != Some(t.gray) {
                    ops.push(Op::SetFillColor { col: gray(t.gray) });
                    fill = Some(t.gray);
                }
                // SetTextCursor is relative to the previous line: every run gets an
                // absolute text matrix instead.
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(t.x), Pt(page_height - t.y)),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(t.text.clone())],
                });
            }
            Item::Line(l) => {
                ops.push(Op::SetOutlineColor { col: gray(l.gray) });
                ops.push(Op::SetOutlineThickness { pt: Pt(l.width) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            point(l.x1, page_height - l.y1),
                            point(l.x2, page_height - l.y2),
                        ],
                        is_closed: false,
                    },
                });
            }
            Item::Rect(r) => {
                let mode = match (r.fill, r.stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (Some(_), None) => PaintMode::Fill,
                    (None, Some(_)) => PaintMode::Stroke,
                    (None, None) => continue,
                };
                if let Some(f) = r.fill {
                    ops.push(Op::SetFillColor { col: gray(f) });
                    fill = Some(f);
                }
                if let Some(s) = r.stroke {
                    ops.push(Op::SetOutlineColor { col: gray(s.gray) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(s.width) });
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(r.x),
                        y: Pt(page_height - r.y - r.height),
                        width: Pt(r.width),
                        height: Pt(r.height),
                        mode: Some(mode),
                        winding_order: None,
                    },
                });
            }
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    ops
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

/// Writes laid-out pages as a PDF with the four faces embedded as subsets.
pub fn write_pdf(meta: &Metadata, layout: &Layout) -> Result<Vec<u8>> {
    let fonts = parsed_fonts()?;
    let mut pdf = PdfDocument::new(&meta.title);
    for (style, font) in FontStyle::ALL.iter().zip(fonts.iter()) {
        pdf.resources
            .fonts
            .map
            .insert(font_id(*style), PdfFont::new(font.clone()));
    }
    let (w, h) = (layout.page_width, layout.page_height);
    pdf.pages = layout
        .pages
        .iter()
        .map(|page| {
            let bx = Rect::from_wh(Pt(w), Pt(h));
            PdfPage {
                media_box: bx.clone(),
                trim_box: bx.clone(),
                crop_box: bx,
                ops: page_ops(&page.items, h),
            }
        })
        .collect();

    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&options, &mut warnings);
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

/// Deflates every stream that allows it, as lopdf's `Document::compress` does but at
/// zlib's default level 6 instead of 9: on a 50-page compte rendu, level 9 spent about
/// a third of the whole PDF's time in deflate for some 8 % fewer bytes (`make bench`).
fn compress_streams(lo: &mut lopdf::Document) {
    use flate2::write::ZlibEncoder;
    use flate2::Compression;
    use std::io::Write;
    for object in lo.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::new(6));
        if encoder.write_all(&stream.content).is_err() {
            continue;
        }
        // Writing into a Vec cannot fail; a stream left uncompressed is still valid.
        if let Ok(compressed) = encoder.finish() {
            // Same rule as lopdf: the filter entry costs 19 bytes.
            if compressed.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(compressed);
            }
        }
    }
}
