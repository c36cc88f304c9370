//! The printed charter and the printed comparison of two versions.
//!
//! [`charter_document`] prints one version as the council hands it out: a title page,
//! a table of contents (« Sommaire ») with page numbers, the preamble, parts,
//! articles and annexes (the member list written from the council's records), and a
//! signature page. The version and its adoption date run in the footer of every page,
//! so that a loose page still says which text it belongs to.
//!
//! [`charter_diff_document`] prints two versions side by side, section by section,
//! for the meeting that adopts the newer one. The layout has no colours: deleted text
//! is in bold italic in the left column, inserted text in bold in the right one.
//!
//! A charter is a published document: members who did not agree to be named appear by
//! their initials, on the member list as on the signature page.

use crate::charter::{
    CharterDetail, GeneratedAnnex, NumberedSection, SectionKind, SignatoryKind, SignatureView,
    VersionStatus,
};
use crate::charter_diff::{CharterDiff, DiffSpan, DiffTag, SectionChange, SectionDiff, VersionRef};
use crate::charter_text::{CharterListItem, CharterNode};
use crate::db::Store;
use crate::doc::{
    layout, mm, normalize_inline, render_pdf, Align, Block, Cell, Column, Document, FontStyle,
    Frame, KeyValue, List, ListItem, ListKind, Metadata, PageSetup, Paragraph, Row, Span, Table,
};
use crate::error::Result;
use crate::format;
use crate::meeting_docs::printed_name;
use crate::member::{College, Member};
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

/// Height of a signature box: room for a name written by hand and a signature.
const SIGNATURE_BOX: f32 = 25.0;
/// Blank partner boxes on a signature page printed before anyone signed.
const BLANK_PARTNERS: usize = 2;
/// Indentation of articles under their part in the table of contents.
const TOC_INDENT: &str = "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}";
/// Width of a page number before the real ones are known (two digits).
const PAGE_PLACEHOLDER: &str = "00";
/// Layout passes after the first for the table of contents (one is enough when the
/// page numbers take the room of the placeholders).
const TOC_PASSES: usize = 4;

// ---------------------------------------------------------------------------------
// Shared wording
// ---------------------------------------------------------------------------------

/// The day whose members in office the charter lists: its adoption, or today.
pub fn members_date(detail: &CharterDetail) -> NaiveDate {
    detail
        .version
        .adopted_on
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// « Version 2, adoptée le 14 mars 2026 », « Projet de version 3 — non adopté ».
fn footer_text(detail: &CharterDetail) -> String {
    let v = &detail.version;
    match (v.status, v.adopted_on) {
        (VersionStatus::Brouillon, _) => format!("Projet de version {} — non adopté", v.number),
        (VersionStatus::Adoptee, Some(d)) => {
            format!("Version {}, adoptée le {}", v.number, format::date(d))
        }
        (VersionStatus::Remplacee, Some(d)) => format!(
            "Version {}, adoptée le {} — remplacée{}",
            v.number,
            format::date(d),
            replaced_by(detail).map_or_else(String::new, |(n, _)| format!(" par la version {n}"))
        ),
        (VersionStatus::Adoptee, None) => format!("Version {}, adoptée", v.number),
        (VersionStatus::Remplacee, None) => format!("Version {} — remplacée", v.number),
    }
}

/// The version that replaced this one: the first adopted after it.
fn replaced_by(detail: &CharterDetail) -> Option<(u32, Option<NaiveDate>)> {
    detail
        .versions
        .iter()
        .filter(|s| s.number > detail.version.number && s.adopted_on.is_some())
        .min_by_key(|s| s.number)
        .map(|s| (s.number, s.adopted_on))
}

/// « M.-C. D. » from a full name, when the member is not at hand.
fn initials_of(full_name: &str) -> String {
    full_name
        .split_whitespace()
        .map(|word| {
            word.split('-')
                .filter_map(|p| p.chars().next())
                .map(|c| format!("{c}."))
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn centered(spans: Vec<Span>) -> Block {
    Block::Paragraph(Paragraph::from_spans(spans).aligned(Align::Center))
}

// ---------------------------------------------------------------------------------
// Bodies: paragraphs, lists and clause trees
// ---------------------------------------------------------------------------------

/// « 1. » at even depths and « a) » at odd ones: what `doc` numbers lists with.
fn auto_marker(depth: usize, n: usize) -> String {
    if depth.is_multiple_of(2) {
        format!("{n}.")
    } else if (1..=26).contains(&n) {
        let letter = char::from(b'a' + (n as u8 - 1));
        format!("{letter})")
    } else {
        format!("{n})")
    }
}

/// Whether these labels are exactly the markers `doc` would draw at `depth`: then
/// the list is numbered by the layout and the labels are not repeated.
fn labels_are_automatic(labels: &[Option<&str>], depth: usize) -> bool {
    !labels.is_empty()
        && labels
            .iter()
            .enumerate()
            .all(|(i, l)| l.is_some_and(|l| l.trim() == auto_marker(depth, i + 1)))
}

/// A provision with its label in bold: « **2.1** Les réunions… ».
fn labelled(label: Option<&str>, text: &str) -> Paragraph {
    let mut spans = Vec::new();
    if let Some(label) = label.map(str::trim).filter(|l| !l.is_empty()) {
        spans.push(Span::bold(label.to_string()));
        if !text.trim().is_empty() {
            spans.push(Span::regular(" "));
        }
    }
    if !text.trim().is_empty() || spans.is_empty() {
        spans.push(Span::regular(text.to_string()));
    }
    Paragraph::from_spans(spans)
}

/// A paragraph for a loose node inside a list; `None` for lists and clauses.
fn loose_paragraph(node: &CharterNode) -> Option<Paragraph> {
    match node {
        CharterNode::Paragraph { text } => Some(Paragraph::new(text.clone())),
        CharterNode::Heading { text } => {
            Some(Paragraph::from_spans(vec![Span::bold(text.clone())]))
        }
        _ => None,
    }
}

/// An entry of a nested list: a clause, or a list item with its marker when the
/// list is numbered by hand.
struct Entry<'a> {
    label: Option<&'a str>,
    text: &'a str,
    children: &'a [CharterNode],
}

/// Paragraphs at the start of `children` continue their parent's text; the rest
/// (clauses, lists, later paragraphs) are indented under it.
fn split_children(children: &[CharterNode]) -> (Vec<Paragraph>, &[CharterNode]) {
    let lead = children
        .iter()
        .take_while(|c| loose_paragraph(c).is_some())
        .count();
    let paragraphs = children[..lead]
        .iter()
        .filter_map(loose_paragraph)
        .collect();
    (paragraphs, &children[lead..])
}

fn list_item(entry: &Entry<'_>, show_label: bool, depth: usize) -> ListItem {
    let label = if show_label { entry.label } else { None };
    let (more, rest) = split_children(entry.children);
    let mut paragraphs = vec![labelled(label, entry.text)];
    paragraphs.extend(more);
    ListItem {
        paragraphs,
        sublist: (!rest.is_empty()).then(|| nested(rest, depth + 1)),
    }
}

/// The labels of the entries `nested` makes of `nodes`.
fn entry_labels(nodes: &[CharterNode]) -> Vec<Option<&str>> {
    let mut labels = Vec::new();
    for node in nodes {
        match node {
            CharterNode::Clause { label, .. } => labels.push(Some(label.as_str())),
            CharterNode::List { ordered, items } => {
                labels.extend(items.iter().map(|i| ordered.then_some(i.marker.as_str())))
            }
            _ => {}
        }
    }
    labels
}

/// The items of [`nested`]; also whether a paragraph had to become an item of its own.
fn nested_items(nodes: &[CharterNode], depth: usize, show_labels: bool) -> (Vec<ListItem>, bool) {
    let mut items: Vec<ListItem> = Vec::new();
    let mut loose = false;
    for node in nodes {
        match node {
            CharterNode::Clause {
                label,
                text,
                children,
            } => items.push(list_item(
                &Entry {
                    label: Some(label),
                    text,
                    children,
                },
                show_labels,
                depth,
            )),
            CharterNode::List { ordered, items: li } => {
                for item in li {
                    items.push(list_item(
                        &Entry {
                            label: ordered.then_some(item.marker.as_str()),
                            text: &item.text,
                            children: &item.children,
                        },
                        show_labels,
                        depth,
                    ));
                }
            }
            other => {
                if let Some(p) = loose_paragraph(other) {
                    match items.last_mut() {
                        // A paragraph after an entry reads under it, at its text's indentation.
                        Some(last) if last.sublist.is_none() => last.paragraphs.push(p),
                        _ => {
                            loose = true;
                            items.push(ListItem::new(p));
                        }
                    }
                }
            }
        }
    }
    (items, loose)
}

/// The children of a clause or list item, as a list at `depth` (0 for a list that
/// starts a block). Indentation comes from the list. When the labels are the numbers
/// the layout draws at this depth (« 1. », « a) »), the list is numbered; otherwise
/// each entry has a bullet and keeps its own label in bold.
fn nested(nodes: &[CharterNode], depth: usize) -> List {
    if let [CharterNode::List { ordered, items }] = nodes {
        return list_of(*ordered, items, depth);
    }
    if labels_are_automatic(&entry_labels(nodes), depth) {
        let (items, loose) = nested_items(nodes, depth, false);
        if !loose {
            return List::numbered(items);
        }
    }
    List::bulleted(nested_items(nodes, depth, true).0)
}

/// A list of the text: bullets for « - » lists (the layout draws its own), numbers
/// when the layout's numbering is the one typed, else bullets and the typed markers.
fn list_of(ordered: bool, items: &[CharterListItem], depth: usize) -> List {
    let labels: Vec<Option<&str>> = items.iter().map(|i| Some(i.marker.as_str())).collect();
    let automatic = ordered && labels_are_automatic(&labels, depth);
    let list_items = items
        .iter()
        .map(|item| {
            let entry = Entry {
                label: Some(item.marker.as_str()),
                text: &item.text,
                children: &item.children,
            };
            list_item(&entry, ordered && !automatic, depth)
        })
        .collect();
    List {
        kind: if automatic {
            ListKind::Numbered
        } else {
            ListKind::Bulleted
        },
        items: list_items,
    }
}

/// A labelled provision at the start of a block: flush left, label in bold, its
/// continuation paragraphs after it and its sub-provisions indented below.
fn provision_blocks(entry: &Entry<'_>, out: &mut Vec<Block>) {
    out.push(Block::Paragraph(labelled(entry.label, entry.text)));
    let (more, rest) = split_children(entry.children);
    out.extend(more.into_iter().map(Block::Paragraph));
    if !rest.is_empty() {
        out.push(Block::List(nested(rest, 0)));
    }
}

/// The blocks of a body. Headings inside a body are level-3 headings, so that the
/// layout never leaves one alone at the bottom of a page.
fn body_blocks(nodes: &[CharterNode]) -> Vec<Block> {
    let mut out = Vec::new();
    for node in nodes {
        match node {
            CharterNode::Paragraph { text } => out.push(Block::paragraph(text.clone())),
            CharterNode::Heading { text } => out.push(Block::heading(3, text.clone())),
            CharterNode::List { ordered, items } => {
                let labels: Vec<Option<&str>> =
                    items.iter().map(|i| Some(i.marker.as_str())).collect();
                if *ordered && !labels_are_automatic(&labels, 0) {
                    // Numbered by hand (« 1) », « 4. » after an interruption): the
                    // typed numbers, flush left like clauses.
                    for item in items {
                        provision_blocks(
                            &Entry {
                                label: Some(&item.marker),
                                text: &item.text,
                                children: &item.children,
                            },
                            &mut out,
                        );
                    }
                } else {
                    out.push(Block::List(list_of(*ordered, items, 0)));
                }
            }
            CharterNode::Clause {
                label,
                text,
                children,
            } => provision_blocks(
                &Entry {
                    label: Some(label),
                    text,
                    children,
                },
                &mut out,
            ),
        }
    }
    out
}

// ---------------------------------------------------------------------------------
// The charter
// ---------------------------------------------------------------------------------

/// A line of the table of contents and the body block of its heading.
struct TocEntry {
    level: u8,
    title: String,
    block: usize,
}

fn title_page(detail: &CharterDetail) -> Vec<Block> {
    let v = &detail.version;
    let mut blocks = vec![
        centered(vec![Span::regular(detail.council_name.clone()).sized(14.0)]),
        Block::Spacer(mm(45.0)),
        centered(vec![Span::bold(v.title.clone()).sized(24.0)]),
        Block::Spacer(mm(6.0)),
        centered(vec![Span::italic(detail.charter.kind.label()).sized(15.0)]),
        Block::Spacer(mm(30.0)),
        centered(vec![Span::bold(format!("Version {}", v.number)).sized(14.0)]),
        Block::Spacer(mm(4.0)),
    ];
    let adopted = match (&detail.adoption, v.adopted_on) {
        (Some(a), _) => Some(format!(
            "Adoptée le {}\npar décision du conseil (réunion du {}, «\u{a0}{}\u{a0}»).",
            format::date(v.adopted_on.unwrap_or(a.meeting_date)),
            format::date(a.meeting_date),
            a.meeting_title.trim()
        )),
        (None, Some(d)) => Some(format!("Adoptée le {}.", format::date(d))),
        (None, None) => None,
    };
    match v.status {
        VersionStatus::Brouillon => blocks.push(Block::Frame(Frame {
            paragraphs: vec![Paragraph::from_spans(vec![Span::bold(format!(
                "Projet — version {}, non adoptée",
                v.number
            ))])
            .aligned(Align::Center)],
            fill: Some(0.85),
        })),
        VersionStatus::Adoptee => {
            if let Some(text) = adopted {
                blocks.push(centered(vec![Span::regular(text)]));
            }
        }
        VersionStatus::Remplacee => {
            if let Some(text) = adopted {
                blocks.push(centered(vec![Span::regular(text)]));
            }
            let replaced = match replaced_by(detail) {
                Some((n, Some(d))) => format!(
                    "Remplacée par une version plus récente (version {n}, adoptée le {}).",
                    format::date(d)
                ),
                Some((n, None)) => {
                    format!("Remplacée par une version plus récente (version {n}).")
                }
                None => "Remplacée par une version plus récente.".to_string(),
            };
            blocks.push(Block::Frame(Frame {
                paragraphs: vec![
                    Paragraph::from_spans(vec![Span::bold(replaced)]).aligned(Align::Center)
                ],
                fill: Some(0.9),
            }));
        }
    }
    blocks.push(Block::PageBreak);
    blocks
}

fn member_status(m: &Member) -> String {
    capitalized(m.status.label())
}

/// The members in office by collège, for the annex the app writes.
fn member_list_blocks(members: &[Member], day: NaiveDate) -> Vec<Block> {
    let mut blocks = vec![Block::paragraph(format!(
        "Membres en fonction au {}, par collège.",
        format::date(day)
    ))];
    if members.is_empty() {
        blocks.push(Block::paragraph(
            "Aucun membre en fonction n'est enregistré à cette date.",
        ));
        return blocks;
    }
    for college in College::ALL {
        let mut of: Vec<&Member> = members.iter().filter(|m| m.college == college).collect();
        if of.is_empty() {
            continue;
        }
        of.sort_by_key(|m| {
            (
                m.last_name.to_lowercase(),
                m.first_name.to_lowercase(),
                m.id,
            )
        });
        blocks.push(Block::heading(
            3,
            format!(
                "{} ({})",
                college.label(),
                format::count(of.len() as i64, "membre", "membres")
            ),
        ));
        let acteurs = college == College::ActeursLocaux;
        let columns = if acteurs {
            vec![
                Column::new("Nom", 0.35),
                Column::new("Organisation", 0.40),
                Column::new("Statut", 0.25),
            ]
        } else {
            vec![Column::new("Nom", 0.6), Column::new("Statut", 0.4)]
        };
        let rows = of
            .into_iter()
            .map(|m| {
                let mut cells = vec![Cell::new(printed_name(m))];
                if acteurs {
                    cells.push(Cell::new(m.organisation.clone()));
                }
                cells.push(Cell::new(member_status(m)));
                Row::new(cells)
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns,
            rows,
            size: None,
        }));
    }
    blocks
}

/// The name a signature prints: initials for a member who did not agree to be named.
fn signatory_name(s: &SignatureView, members: &[Member]) -> String {
    if s.consent_to_be_named {
        return s.signatory.clone();
    }
    match s
        .signature
        .member_id
        .and_then(|id| members.iter().find(|m| m.id == id))
    {
        Some(m) => printed_name(m),
        None => initials_of(&s.signatory),
    }
}

fn signature_row(s: &SignatureView, members: &[Member]) -> Row {
    let mut who = vec![Span::bold(signatory_name(s, members))];
    let sig = &s.signature;
    let when_where = match (sig.signed_on, sig.place.trim()) {
        (Some(d), "") => format!("Signé le {}", format::date(d)),
        (Some(d), p) => format!("Signé à {p}, le {}", format::date(d)),
        (None, "") => String::new(),
        (None, p) => format!("Signé à {p}"),
    };
    if !when_where.is_empty() {
        who.push(Span::italic(format!("\n{when_where}")));
    }
    let mut behalf: Vec<String> = Vec::new();
    if !s.on_behalf_of.trim().is_empty() {
        behalf.push(s.on_behalf_of.trim().to_string());
    }
    if let Some(m) = sig
        .member_id
        .and_then(|id| members.iter().find(|m| m.id == id))
    {
        if m.college == College::ActeursLocaux && !m.organisation.trim().is_empty() {
            behalf.push(m.organisation.trim().to_string());
        }
    }
    if !sig.quality.trim().is_empty() {
        behalf.push(sig.quality.trim().to_string());
    }
    Row::new(vec![
        Cell::from_spans(who),
        Cell::new(behalf.join(", ")),
        Cell::empty(),
    ])
    .with_min_height(mm(SIGNATURE_BOX))
}

fn blank_member_row(m: &Member) -> Row {
    let mut behalf = m.college.label().to_string();
    if m.college == College::ActeursLocaux && !m.organisation.trim().is_empty() {
        behalf = format!("{behalf}, {}", m.organisation.trim());
    }
    Row::new(vec![
        Cell::from_spans(vec![Span::bold(printed_name(m))]),
        Cell::new(behalf),
        Cell::empty(),
    ])
    .with_min_height(mm(SIGNATURE_BOX))
}

fn signature_table(rows: Vec<Row>) -> Block {
    Block::Table(Table {
        columns: vec![
            Column::new("Signataire", 0.34),
            Column::new("Au titre de", 0.30),
            Column::new("Signature", 0.36),
        ],
        rows,
        size: None,
    })
}

/// « Fait à Villeval, le 14 mars 2026. », dotted where not known yet.
fn done_at(detail: &CharterDetail) -> String {
    let blank = "……………………………";
    let place = detail
        .signatures
        .iter()
        .map(|s| s.signature.place.trim())
        .find(|p| !p.is_empty())
        .map_or_else(|| blank.to_string(), str::to_string);
    let day = detail
        .signatures
        .iter()
        .filter_map(|s| s.signature.signed_on)
        .min()
        .or(detail.version.adopted_on)
        .map_or_else(|| blank.to_string(), format::date);
    format!("Fait à {place}, le {day}.")
}

fn signature_blocks(detail: &CharterDetail, members: &[Member]) -> Vec<Block> {
    let mut blocks = vec![Block::paragraph(done_at(detail))];
    let groups: [(&str, Option<College>); 3] = [
        (College::Habitants.label(), Some(College::Habitants)),
        (College::ActeursLocaux.label(), Some(College::ActeursLocaux)),
        ("Partenaires", None),
    ];
    if detail.signatures.is_empty() {
        blocks.push(Block::Paragraph(Paragraph::from_spans(vec![Span::italic(
            "Aucune signature n'est encore enregistrée : chaque membre en fonction signe dans sa case ; les partenaires inscrivent leur nom, leur institution et leur qualité.",
        )])));
        for (label, college) in groups {
            let rows: Vec<Row> = match college {
                Some(c) => {
                    let mut of: Vec<&Member> = members.iter().filter(|m| m.college == c).collect();
                    of.sort_by_key(|m| {
                        (
                            m.last_name.to_lowercase(),
                            m.first_name.to_lowercase(),
                            m.id,
                        )
                    });
                    of.into_iter().map(blank_member_row).collect()
                }
                None => (0..BLANK_PARTNERS)
                    .map(|_| {
                        Row::new(vec![Cell::empty(), Cell::empty(), Cell::empty()])
                            .with_min_height(mm(SIGNATURE_BOX))
                    })
                    .collect(),
            };
            if rows.is_empty() {
                continue;
            }
            blocks.push(Block::heading(2, label));
            blocks.push(signature_table(rows));
        }
        return blocks;
    }
    for (label, college) in groups {
        let rows: Vec<Row> = detail
            .signatures
            .iter()
            .filter(|s| match college {
                Some(c) => s.signature.kind == SignatoryKind::Membre && s.college == Some(c),
                None => {
                    s.signature.kind == SignatoryKind::Partenaire
                        || (s.signature.kind == SignatoryKind::Membre && s.college.is_none())
                }
            })
            .map(|s| signature_row(s, members))
            .collect();
        if rows.is_empty() {
            continue;
        }
        blocks.push(Block::heading(2, label));
        blocks.push(signature_table(rows));
    }
    blocks
}

/// Everything after the table of contents, and the headings it lists.
fn charter_body(detail: &CharterDetail, members: &[Member]) -> (Vec<Block>, Vec<TocEntry>) {
    let mut blocks: Vec<Block> = Vec::new();
    let mut toc: Vec<TocEntry> = Vec::new();
    let mut heading =
        |blocks: &mut Vec<Block>, toc: &mut Vec<TocEntry>, level: u8, title: String| {
            toc.push(TocEntry {
                level: level.min(2),
                title: title.clone(),
                block: blocks.len(),
            });
            blocks.push(Block::heading(level, title));
        };

    // The preamble, under its own heading when it has one (« Préambule »).
    let preamble = &detail.version.preamble;
    if !preamble.is_empty() {
        let rest = match preamble.first() {
            Some(CharterNode::Heading { text }) if !text.trim().is_empty() => {
                heading(&mut blocks, &mut toc, 1, text.trim().to_string());
                &preamble[1..]
            }
            _ => {
                heading(&mut blocks, &mut toc, 1, "Préambule".to_string());
                &preamble[..]
            }
        };
        blocks.extend(body_blocks(rest));
    }

    let day = members_date(detail);
    for s in &detail.sections {
        section_blocks(s, members, day, &mut blocks, &mut toc, &mut heading);
    }

    blocks.push(Block::PageBreak);
    heading(&mut blocks, &mut toc, 1, "Signatures".to_string());
    blocks.extend(signature_blocks(detail, members));
    (blocks, toc)
}

fn section_blocks(
    s: &NumberedSection,
    members: &[Member],
    day: NaiveDate,
    blocks: &mut Vec<Block>,
    toc: &mut Vec<TocEntry>,
    heading: &mut impl FnMut(&mut Vec<Block>, &mut Vec<TocEntry>, u8, String),
) {
    match s.section.kind {
        SectionKind::Part => heading(blocks, toc, 1, s.heading()),
        SectionKind::Article => heading(blocks, toc, 2, s.heading()),
        SectionKind::Annex => {
            blocks.push(Block::PageBreak);
            heading(blocks, toc, 1, s.heading());
        }
    }
    blocks.extend(body_blocks(&s.section.body));
    if s.section.generated == Some(GeneratedAnnex::MemberList) {
        blocks.extend(member_list_blocks(members, day));
    }
}

fn base_charter_document(detail: &CharterDetail) -> Document {
    let v = &detail.version;
    let kind = detail.charter.kind.label();
    let mut meta = Metadata::new(v.title.clone(), Utc::now().fixed_offset());
    meta.author = detail.council_name.clone();
    meta.subject = format!(
        "{kind} du {}, version {} ({})",
        detail.council_name,
        v.number,
        v.status.label().to_lowercase()
    );
    meta.keywords = vec![
        "conseil citoyen".into(),
        kind.to_lowercase(),
        format!("version {}", v.number),
    ];
    let mut doc = Document::new(meta);
    doc.header = format!("{} — {kind}", detail.council_name);
    doc.footer = footer_text(detail);
    doc.page_numbers = true;
    doc
}

fn toc_table(toc: &[TocEntry], pages: Option<&[usize]>) -> Block {
    let rows = toc
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let title = if e.level <= 1 {
                Span::bold(e.title.clone())
            } else {
                Span::regular(format!("{TOC_INDENT}{}", e.title))
            };
            let page = pages
                .and_then(|p| p.get(i))
                .map_or_else(|| PAGE_PLACEHOLDER.to_string(), |p| p.to_string());
            Row::new(vec![Cell::from_spans(vec![title]), Cell::new(page)])
        })
        .collect();
    Block::Table(Table {
        columns: vec![
            Column::new("", 0.9),
            Column::new("", 0.1).aligned(Align::Right),
        ],
        rows,
        size: Some(10.5),
    })
}

fn assemble(
    detail: &CharterDetail,
    body: &[Block],
    toc: &[TocEntry],
    pages: Option<&[usize]>,
) -> (Document, usize) {
    let mut doc = base_charter_document(detail);
    doc.blocks.extend(title_page(detail));
    if toc.len() > 1 {
        doc.push(Block::heading(1, "Sommaire"));
        doc.push(toc_table(toc, pages));
        doc.push(Block::PageBreak);
    }
    let offset = doc.blocks.len();
    doc.blocks.extend(body.iter().cloned());
    (doc, offset)
}

/// The 1-based page of each listed heading in `doc`, read from its layout: the
/// outline has one entry per heading block, in order.
fn heading_pages(doc: &Document, offset: usize, toc: &[TocEntry]) -> Vec<usize> {
    let laid = layout(doc);
    let mut heading_index = Vec::with_capacity(doc.blocks.len());
    let mut n = 0;
    for b in &doc.blocks {
        heading_index.push(n);
        if matches!(b, Block::Heading { .. }) {
            n += 1;
        }
    }
    let mut next = 0;
    toc.iter()
        .map(|e| {
            let wanted = normalize_inline(&e.title);
            let by_index = heading_index
                .get(offset + e.block)
                .copied()
                .filter(|&k| laid.outline.get(k).is_some_and(|o| o.title == wanted));
            // Should the outline ever differ from the blocks, look the title up after
            // the previous one.
            let found = by_index
                .or_else(|| (next..laid.outline.len()).find(|&k| laid.outline[k].title == wanted));
            match found {
                Some(k) => {
                    next = k + 1;
                    laid.outline[k].page + 1
                }
                None => 0,
            }
        })
        .collect()
}

/// The printed charter: title page, table of contents, preamble, parts, articles,
/// annexes and signature page. `members_in_office` feeds the generated member list
/// and, when nobody has signed yet, the signature boxes.
pub fn charter_document(detail: &CharterDetail, members_in_office: &[Member]) -> Document {
    let (body, toc) = charter_body(detail, members_in_office);
    let (mut doc, offset) = assemble(detail, &body, &toc, None);
    if toc.len() <= 1 {
        return doc;
    }
    // Page numbers take the room of the placeholders, so the table keeps its lines
    // and the pages do not move; check anyway, a few times at most.
    let mut pages = heading_pages(&doc, offset, &toc);
    for _ in 0..TOC_PASSES {
        let (next, _) = assemble(detail, &body, &toc, Some(&pages));
        doc = next;
        let check = heading_pages(&doc, offset, &toc);
        if check == pages {
            break;
        }
        pages = check;
    }
    doc
}

// ---------------------------------------------------------------------------------
// The comparison of two versions
// ---------------------------------------------------------------------------------

/// Characters of one-sided text after which a comparison row ends at the next line.
const LONG_ROW: usize = 240;
const DELETED: FontStyle = FontStyle::BoldItalic;
const INSERTED: FontStyle = FontStyle::Bold;

fn version_line(v: &VersionRef) -> String {
    match (v.status, v.adopted_on) {
        (VersionStatus::Brouillon, _) => "projet, non adoptée".to_string(),
        (VersionStatus::Adoptee, Some(d)) => format!("en vigueur, adoptée le {}", format::date(d)),
        (VersionStatus::Remplacee, Some(d)) => {
            format!("remplacée, adoptée le {}", format::date(d))
        }
        (status, None) => status.label().to_lowercase(),
    }
}

/// « Article 3 » from « Article 3 – Absences », « II » from « II. Fonctionnement ».
fn label_of(heading: &str, kind: SectionKind) -> String {
    let sep = if kind == SectionKind::Part {
        ". "
    } else {
        " – "
    };
    heading
        .split_once(sep)
        .map_or(heading, |(label, _)| label)
        .to_string()
}

/// How a section is named in the list of unchanged ones.
fn short_name(heading: &str, kind: SectionKind) -> String {
    match kind {
        SectionKind::Part => format!("partie {}", label_of(heading, kind)),
        _ => label_of(heading, kind),
    }
}

fn feminine(kind: SectionKind) -> bool {
    kind != SectionKind::Article
}

fn agreed(word: &str, kind: SectionKind) -> String {
    if feminine(kind) {
        format!("{word}e")
    } else {
        word.to_string()
    }
}

/// One side of a run of spans: the common text and this side's own changes.
#[derive(Default)]
struct Side {
    spans: Vec<Span>,
}

impl Side {
    fn push(&mut self, text: &str, style: FontStyle) {
        if text.is_empty() {
            return;
        }
        match self.spans.last_mut() {
            Some(last) if last.style == style => last.text.push_str(text),
            _ => self.spans.push(Span::new(text, style)),
        }
    }

    fn is_blank(&self) -> bool {
        self.spans.iter().all(|s| s.text.trim().is_empty())
    }

    /// Ends with a line break.
    fn at_line_end(&self) -> bool {
        self.spans.last().is_some_and(|s| s.text.ends_with('\n'))
    }

    fn chars(&self) -> usize {
        self.spans.iter().map(|s| s.text.chars().count()).sum()
    }

    /// Whether a row may end here, `other` having just reached a line end: this side
    /// is at one too, or `other` is already long (then this side goes on in the
    /// next row: a text rewritten at length has nothing to stay level with).
    fn may_cut_with(&self, other: &Side) -> bool {
        self.at_line_end() || other.chars() >= LONG_ROW
    }

    /// The cell, without the whitespace around it.
    fn cell(mut self) -> Cell {
        while self.spans.first().is_some_and(|s| s.text.trim().is_empty()) {
            self.spans.remove(0);
        }
        while self.spans.last().is_some_and(|s| s.text.trim().is_empty()) {
            self.spans.pop();
        }
        if let Some(first) = self.spans.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        if let Some(last) = self.spans.last_mut() {
            last.text = last.text.trim_end().to_string();
        }
        Cell::from_spans(self.spans)
    }
}

/// Rows of a two-column comparison: one per paragraph or line the two texts share,
/// so that a long article flows across pages and each side stays level with the
/// other. Text only one side has (paragraphs rewritten, an article added) is cut at
/// its own line ends once it is long, so that no row grows to a page of one column.
fn diff_rows(spans: &[DiffSpan], prefix: Option<&str>) -> Vec<Row> {
    let mut rows = Vec::new();
    let (mut left, mut right) = (Side::default(), Side::default());
    if let Some(p) = prefix {
        left.push(p, FontStyle::Italic);
        right.push(p, FontStyle::Italic);
    }
    let mut flush = |left: &mut Side, right: &mut Side| {
        let (l, r) = (std::mem::take(left), std::mem::take(right));
        if l.is_blank() && r.is_blank() {
            return;
        }
        rows.push(Row::new(vec![l.cell(), r.cell()]));
    };
    for s in spans {
        for piece in s.text.split_inclusive('\n') {
            let line_end = piece.ends_with('\n');
            match s.tag {
                DiffTag::Equal => {
                    left.push(piece, FontStyle::Regular);
                    right.push(piece, FontStyle::Regular);
                    if line_end {
                        flush(&mut left, &mut right);
                    }
                }
                DiffTag::Deleted => {
                    left.push(piece, DELETED);
                    if line_end && right.may_cut_with(&left) {
                        flush(&mut left, &mut right);
                    }
                }
                DiffTag::Inserted => {
                    right.push(piece, INSERTED);
                    if line_end && left.may_cut_with(&right) {
                        flush(&mut left, &mut right);
                    }
                }
            }
        }
    }
    flush(&mut left, &mut right);
    rows
}

fn diff_table(diff: &CharterDiff, rows: Vec<Row>) -> Block {
    let title =
        |v: &VersionRef| format!("Version {} ({})", v.number, v.status.label().to_lowercase());
    Block::Table(Table {
        columns: vec![
            Column::new(title(&diff.from), 0.5),
            Column::new(title(&diff.to), 0.5),
        ],
        rows,
        size: None,
    })
}

fn absent(text: &str) -> Cell {
    Cell::from_spans(vec![Span::italic(text.to_string())])
}

fn section_diff_blocks(diff: &CharterDiff, s: &SectionDiff) -> Vec<Block> {
    let from = s.from_heading.clone().unwrap_or_default();
    let to = s.to_heading.clone().unwrap_or_default();
    let mut heading = match s.change {
        SectionChange::Added => format!("{to} ({})", agreed("ajouté", s.kind)),
        SectionChange::Removed => format!("{from} ({})", agreed("supprimé", s.kind)),
        _ => {
            if from.is_empty() {
                to.clone()
            } else {
                from.clone()
            }
        }
    };
    if s.renumbered && !to.is_empty() {
        heading.push_str(&format!(" (devient {})", label_of(&to, s.kind)));
    }
    if s.moved {
        heading.push_str(&format!(" ({})", agreed("déplacé", s.kind)));
    }
    let mut rows = Vec::new();
    match s.change {
        SectionChange::Added => {
            let mut first = true;
            for row in diff_rows(&s.body, None) {
                let right = row.cells.into_iter().nth(1).unwrap_or_default();
                let left = if first {
                    absent("(n'existait pas)")
                } else {
                    Cell::empty()
                };
                first = false;
                rows.push(Row::new(vec![left, right]));
            }
            if rows.is_empty() {
                rows.push(Row::new(vec![
                    absent("(n'existait pas)"),
                    absent("(sans texte)"),
                ]));
            }
        }
        SectionChange::Removed => {
            let mut first = true;
            for row in diff_rows(&s.body, None) {
                let left = row.cells.into_iter().next().unwrap_or_default();
                let right = if first {
                    absent(&format!("({})", agreed("supprimé", s.kind)))
                } else {
                    Cell::empty()
                };
                first = false;
                rows.push(Row::new(vec![left, right]));
            }
            if rows.is_empty() {
                rows.push(Row::new(vec![
                    absent("(sans texte)"),
                    absent(&format!("({})", agreed("supprimé", s.kind))),
                ]));
            }
        }
        _ => {
            if s.title.iter().any(|t| t.tag != DiffTag::Equal) {
                rows.extend(diff_rows(&s.title, Some("Titre : ")));
            }
            rows.extend(diff_rows(&s.body, None));
            if rows.is_empty() {
                rows.push(Row::new(vec![
                    absent("(sans texte)"),
                    absent("(sans texte)"),
                ]));
            }
        }
    }
    vec![Block::heading(2, heading), diff_table(diff, rows)]
}

/// « Articles : 1 article modifié, 1 ajouté, 1 supprimé, 9 inchangés. »
fn counts_sentence(diff: &CharterDiff) -> Vec<String> {
    let kinds = [
        (SectionKind::Part, "partie", "parties"),
        (SectionKind::Article, "article", "articles"),
        (SectionKind::Annex, "annexe", "annexes"),
    ];
    let mut lines = Vec::new();
    for (kind, one, many) in kinds {
        let of: Vec<&SectionDiff> = diff.sections.iter().filter(|s| s.kind == kind).collect();
        let n = |c: SectionChange| of.iter().filter(|s| s.change == c).count() as i64;
        // Parts and annexes only when one of them changed; articles always.
        let changed = of.iter().any(|s| s.change != SectionChange::Unchanged);
        if of.is_empty() || (kind != SectionKind::Article && !changed) {
            continue;
        }
        let word = |w: &str, plural: bool| {
            let w = agreed(w, kind);
            if plural {
                format!("{w}s")
            } else {
                w
            }
        };
        let m = n(SectionChange::Modified);
        let a = n(SectionChange::Added);
        let r = n(SectionChange::Removed);
        let u = n(SectionChange::Unchanged);
        lines.push(format!(
            "{} {}, {} {}, {} {}, {} {}",
            format::count(m, one, many),
            word("modifié", m > 1),
            a,
            word("ajouté", a > 1),
            r,
            word("supprimé", r > 1),
            u,
            word("inchangé", u > 1),
        ));
    }
    lines
}

/// The comparison of two versions, in landscape: for each section that changed,
/// the older text on the left and the newer on the right.
pub fn charter_diff_document(diff: &CharterDiff) -> Document {
    let kind = diff.kind.label();
    let title = format!(
        "Comparaison des versions {} et {}",
        diff.from.number, diff.to.number
    );
    let mut meta = Metadata::new(
        format!("{title} — {}", diff.to.title),
        Utc::now().fixed_offset(),
    );
    meta.author = diff.council_name.clone();
    meta.subject = format!("{kind} du {} : {title}", diff.council_name);
    meta.keywords = vec![
        "conseil citoyen".into(),
        kind.to_lowercase(),
        "comparaison".into(),
    ];
    let mut doc = Document::new(meta);
    doc.page = PageSetup::landscape();
    doc.header = format!("{} — {kind}", diff.council_name);
    doc.footer = format!(
        "{kind} — comparaison des versions {} et {}",
        diff.from.number, diff.to.number
    );
    doc.page_numbers = true;

    doc.push(Block::heading(1, title));
    doc.push(Block::KeyValues(vec![
        KeyValue::new("Conseil", diff.council_name.clone()),
        KeyValue::new("Charte", format!("{kind} — {}", diff.to.title)),
        KeyValue::new(
            format!("Version {}", diff.from.number),
            version_line(&diff.from),
        ),
        KeyValue::new(
            format!("Version {}", diff.to.number),
            version_line(&diff.to),
        ),
    ]));
    doc.push(Block::Paragraph(Paragraph::from_spans(vec![
        Span::bold("Lecture : "),
        Span::regular(format!(
            "à gauche le texte de la version {}, à droite celui de la version {}. ",
            diff.from.number, diff.to.number
        )),
        Span::new("En gras italique", DELETED),
        Span::regular(", à gauche, le texte supprimé ; "),
        Span::new("en gras", INSERTED),
        Span::regular(
            ", à droite, le texte ajouté ; en caractères normaux, le texte qui ne change pas.",
        ),
    ])));
    let counts = counts_sentence(diff);
    if !counts.is_empty() {
        doc.push(Block::paragraph(format!("{}.", counts.join(" ; "))));
    }

    if !diff.has_changes() {
        doc.push(Block::Frame(Frame {
            paragraphs: vec![Paragraph::from_spans(vec![Span::bold(format!(
                "Aucune différence : les versions {} et {} ont le même titre, le même préambule et les mêmes articles.",
                diff.from.number, diff.to.number
            ))])],
            fill: Some(0.94),
        }));
        return doc;
    }

    if diff.title.iter().any(|s| s.tag != DiffTag::Equal) {
        doc.push(Block::heading(2, "Titre de la charte"));
        doc.push(diff_table(diff, diff_rows(&diff.title, None)));
    }
    if diff.preamble_changed {
        doc.push(Block::heading(2, "Préambule"));
        let mut rows = diff_rows(&diff.preamble, None);
        if rows.is_empty() {
            rows.push(Row::new(vec![
                absent("(sans texte)"),
                absent("(sans texte)"),
            ]));
        }
        doc.push(diff_table(diff, rows));
    }
    let mut unchanged: Vec<String> = Vec::new();
    for s in &diff.sections {
        if s.change == SectionChange::Unchanged {
            let to = s.to_heading.as_deref().unwrap_or_default();
            let from = s.from_heading.as_deref().unwrap_or(to);
            let mut name = short_name(from, s.kind);
            if s.renumbered {
                name.push_str(&format!(" (devient {})", label_of(to, s.kind)));
            }
            if s.moved {
                name.push_str(&format!(" ({})", agreed("déplacé", s.kind)));
            }
            unchanged.push(name);
        } else {
            doc.blocks.extend(section_diff_blocks(diff, s));
        }
    }
    if !unchanged.is_empty() {
        doc.push(Block::heading(2, "Sans changement"));
        doc.push(Block::paragraph(format!(
            "Inchangés\u{a0}: {}.",
            unchanged.join(", ")
        )));
    }
    doc
}

// ---------------------------------------------------------------------------------
// The store's operations
// ---------------------------------------------------------------------------------

impl Store {
    /// A version of a charter as PDF (the default version when `version` is `None`),
    /// with the members in office on its adoption date (today for a draft).
    pub fn charter_pdf(&mut self, charter_id: Uuid, version: Option<u32>) -> Result<Vec<u8>> {
        let detail = self.get_charter(charter_id, version)?;
        let day = members_date(&detail);
        let members: Vec<Member> = self
            .list_members(detail.charter.council_id)?
            .into_iter()
            .filter(|m| m.active_on(day))
            .collect();
        render_pdf(&charter_document(&detail, &members))
    }

    /// The comparison of versions `from` and `to` of a charter, as PDF.
    pub fn charter_diff_pdf(&mut self, charter_id: Uuid, from: u32, to: u32) -> Result<Vec<u8>> {
        let diff = self.compare_charter_versions(charter_id, from, to)?;
        render_pdf(&charter_diff_document(&diff))
    }
}
