//! Layout properties: nothing outside the text area, nothing lost or duplicated across
//! line and page breaks, table headers repeated, headings kept with what follows.

use super::fonts::{ASCENT, DESCENT};
use super::*;
use chrono::DateTime;
use proptest::prelude::*;

const EPS: f32 = 0.05;

fn doc(blocks: Vec<Block>) -> Document {
    let created = DateTime::parse_from_rfc3339("2025-03-14T18:30:00+01:00").unwrap();
    let mut d = Document::new(Metadata::new("Essai", created));
    d.header = "Conseil citoyen — essai".into();
    d.footer = "Pied de page".into();
    d.blocks = blocks;
    d
}

fn is_content(role: Role) -> bool {
    !matches!(role, Role::RunningHeader | Role::Footer)
}

/// Every item of the body lies inside the text area; header and footer inside the page.
fn assert_inside(l: &Layout) {
    let b = l.body;
    for (p, page) in l.pages.iter().enumerate() {
        for item in &page.items {
            match item {
                Item::Text(t) if is_content(t.role) => {
                    assert!(t.x >= b.left - EPS, "page {p}: {t:?} left of the margin");
                    assert!(
                        t.x + t.width <= b.right + EPS,
                        "page {p}: {t:?} past the right margin ({})",
                        b.right
                    );
                    assert!(
                        t.y + DESCENT * t.size <= b.bottom + EPS,
                        "page {p}: {t:?} below the bottom margin ({})",
                        b.bottom
                    );
                    assert!(
                        t.y - ASCENT * t.size >= b.top - EPS,
                        "page {p}: {t:?} above the top margin"
                    );
                }
                Item::Text(t) => {
                    assert!(t.x >= 0.0 && t.x + t.width <= l.page_width);
                    assert!(t.y > 0.0 && t.y < l.page_height);
                    assert!(t.y < b.top || t.y > b.bottom, "{t:?} inside the text area");
                }
                Item::Rect(r) => {
                    assert!(
                        r.x >= b.left - EPS && r.x + r.width <= b.right + EPS,
                        "{r:?}"
                    );
                    assert!(
                        r.y >= b.top - EPS && r.y + r.height <= b.bottom + EPS,
                        "page {p}: {r:?}"
                    );
                }
                Item::Line(li) => {
                    assert!(li.x1 >= b.left - EPS && li.x2 <= b.right + EPS, "{li:?}");
                }
            }
        }
    }
}

/// Body text in drawing order: runs that touch on one baseline are one word, any other
/// gap is a space.
fn body_text(l: &Layout) -> String {
    let mut out = String::new();
    let mut prev: Option<&TextRun> = None;
    for page in &l.pages {
        for t in page.text_runs().filter(|t| t.role == Role::Body) {
            if let Some(p) = prev {
                let touches = (p.y - t.y).abs() < 0.01 && (p.x + p.width - t.x).abs() < 0.01;
                if !touches {
                    out.push(' ');
                }
            }
            out.push_str(&t.text);
            prev = Some(t);
        }
    }
    out
}

fn words(s: &str) -> Vec<String> {
    // U+00A0 belongs to the word: only ASCII whitespace separates words.
    s.split_ascii_whitespace().map(str::to_string).collect()
}

// ------------------------------------------------------------------ generators

fn word(max_len: usize) -> impl Strategy<Value = String> {
    let alphabet: Vec<char> =
        "abcdefghijklmnopqrstuvwxyzéèêëàâîïôöùûüçœæÉÈÀÇŒ€«»’'-.,;:!?()0123456789WMm\u{a0}"
            .chars()
            .collect();
    prop::collection::vec(prop::sample::select(alphabet), 1..=max_len).prop_map(|cs| {
        let s: String = cs.into_iter().collect();
        // A word neither starts nor ends with a no-break space (it would glue to the
        // next word's space and change the words of the reference).
        let t = s.trim_matches('\u{a0}').to_string();
        if t.is_empty() {
            "x".into()
        } else {
            t
        }
    })
}

fn style() -> impl Strategy<Value = FontStyle> {
    prop::sample::select(FontStyle::ALL.to_vec())
}

/// Spans whose words, joined by single spaces, are the returned reference text.
fn spans(max_words: usize, max_len: usize) -> impl Strategy<Value = (Vec<Span>, Vec<String>)> {
    prop::collection::vec(
        (
            word(max_len),
            style(),
            prop::option::of(8.0f32..16.0),
            1usize..3,
        ),
        0..=max_words,
    )
    .prop_map(|ws| {
        let mut spans = Vec::new();
        let mut reference = Vec::new();
        for (w, st, size, spaces) in ws {
            reference.push(w.clone());
            let mut text = w;
            text.push_str(&" ".repeat(spaces));
            spans.push(Span {
                text,
                style: st,
                size,
            });
        }
        (spans, reference)
    })
}

/// Paragraphs that draw something: an empty one is blank space, which may end a page.
fn nonempty_spans(max_words: usize, max_len: usize) -> impl Strategy<Value = Vec<Span>> {
    (word(max_len), spans(max_words, max_len)).prop_map(|(w, (mut s, _))| {
        s.insert(0, Span::regular(format!("{w} ")));
        s
    })
}

fn align() -> impl Strategy<Value = Align> {
    prop::sample::select(vec![Align::Left, Align::Center, Align::Right])
}

fn paragraphs(max_len: usize) -> impl Strategy<Value = (Vec<Block>, Vec<String>)> {
    prop::collection::vec((spans(60, max_len), align()), 1..25).prop_map(|ps| {
        let mut blocks = Vec::new();
        let mut reference = Vec::new();
        for ((s, r), a) in ps {
            blocks.push(Block::Paragraph(Paragraph::from_spans(s).aligned(a)));
            reference.extend(r);
        }
        (blocks, reference)
    })
}

fn table(max_rows: usize) -> impl Strategy<Value = Table> {
    (
        prop::collection::vec((0.5f32..1.0, align()), 1..5),
        1..=max_rows,
        prop::collection::vec(0usize..25, 1..40),
        prop::option::of(8.0f32..11.0),
    )
        .prop_map(|(cols, n_rows, lens, size)| {
            let columns: Vec<Column> = cols
                .iter()
                .enumerate()
                .map(|(i, (w, a))| Column::new(format!("Colonne {i}"), *w).aligned(*a))
                .collect();
            let rows = (0..n_rows)
                .map(|r| {
                    let cells = (0..columns.len())
                        .map(|c| {
                            let n = lens[(r * 7 + c) % lens.len()];
                            let text: Vec<String> =
                                (0..n).map(|w| format!("r{r}c{c}w{w}")).collect();
                            Cell::new(text.join(" "))
                        })
                        .collect();
                    Row::new(cells)
                })
                .collect();
            Table {
                columns,
                rows,
                size,
            }
        })
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        3 => (1u8..=3, word(20)).prop_map(|(l, w)| Block::heading(l, format!("Titre {w}"))),
        4 => nonempty_spans(50, 14).prop_map(|s| Block::Paragraph(Paragraph::from_spans(s))),
        1 => table(12).prop_map(Block::Table),
        1 => prop::collection::vec(spans(12, 10), 1..6).prop_map(|items| {
            Block::List(List::numbered(
                items
                    .into_iter()
                    .map(|(s, _)| {
                        ListItem::new(Paragraph::from_spans(s.clone()))
                            .with_sublist(List::bulleted(vec![ListItem::new(Paragraph::from_spans(s))]))
                    })
                    .collect(),
            ))
        }),
        1 => prop::collection::vec((word(15), word(15)), 1..5).prop_map(|kv| {
            Block::KeyValues(kv.into_iter().map(|(k, v)| KeyValue::new(k, v)).collect())
        }),
        1 => (0.0f32..200.0).prop_map(Block::Spacer),
        1 => Just(Block::Rule),
        1 => prop::collection::vec(nonempty_spans(40, 12), 1..4).prop_map(|ps| Block::Frame(Frame {
            paragraphs: ps.into_iter().map(Paragraph::from_spans).collect(),
            fill: Some(0.9),
        })),
    ]
}

fn setup() -> impl Strategy<Value = PageSetup> {
    (any::<bool>(), 10.0f32..30.0).prop_map(|(landscape, m)| PageSetup {
        orientation: if landscape {
            Orientation::Landscape
        } else {
            Orientation::Portrait
        },
        margins: Margins::uniform(mm(m)),
    })
}

proptest! {
    // No regression files: they would land outside this module's directory.
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn paragraphs_stay_inside_and_keep_every_word((blocks, reference) in paragraphs(14), page in setup()) {
        let mut d = doc(blocks);
        d.page = page;
        let l = layout(&d);
        assert_inside(&l);
        prop_assert_eq!(words(&body_text(&l)), reference);
    }

    #[test]
    fn words_wider_than_a_line_are_cut_but_no_character_is_lost(
        (blocks, reference) in paragraphs(90),
    ) {
        let mut d = doc(blocks);
        d.page.margins = Margins { left: mm(60.0), right: mm(60.0), ..Margins::default() };
        let l = layout(&d);
        assert_inside(&l);
        let drawn: String = body_text(&l).chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let expected: String = reference.concat();
        prop_assert_eq!(drawn, expected);
    }

    #[test]
    fn long_tables_repeat_their_header_and_never_split_a_row(t in table(120), page in setup()) {
        let n_cols = t.columns.len();
        let n_rows = t.rows.len();
        let mut d = doc(vec![Block::paragraph("Avant le tableau."), Block::Table(t.clone())]);
        d.page = page;
        let l = layout(&d);
        assert_inside(&l);
        let mut row_page = vec![None; n_rows];
        let mut seen = Vec::new();
        for (p, page) in l.pages.iter().enumerate() {
            let runs: Vec<&TextRun> = page.text_runs().filter(|r| is_content(r.role)).collect();
            let has_rows = runs.iter().any(|r| r.text.starts_with('r'));
            if !has_rows {
                continue;
            }
            // The header comes first on every page the table's rows are on.
            let header: Vec<&str> = runs
                .iter()
                .take_while(|r| r.role == Role::TableHeader || r.text.starts_with("Avant"))
                .filter(|r| r.role == Role::TableHeader)
                .map(|r| r.text.as_str())
                .collect();
            let expected: Vec<String> = (0..n_cols).map(|i| format!("Colonne {i}")).collect();
            prop_assert_eq!(words(&header.join(" ")), words(&expected.join(" ")), "page {}", p);
            for r in runs.iter().filter(|r| r.role == Role::Body && r.text.starts_with('r')) {
                for w in r.text.split(' ') {
                    let row: usize = w[1..w.find('c').unwrap()].parse().unwrap();
                    match row_page[row] {
                        None => row_page[row] = Some(p),
                        Some(q) => prop_assert_eq!(q, p, "row {} split across pages", row),
                    }
                    seen.push(w.to_string());
                }
            }
        }
        let mut expected: Vec<String> = t
            .rows
            .iter()
            .flat_map(|r| r.cells.iter().flat_map(|c| words(&c.spans[0].text)))
            .collect();
        prop_assert_eq!(&seen, &expected, "cells in row-major order");
        expected.sort();
        seen.sort();
        prop_assert_eq!(seen, expected);
    }

    #[test]
    fn no_heading_ends_a_page(mut blocks in prop::collection::vec(block(), 1..40), page in setup()) {
        blocks.push(Block::paragraph("Fin."));
        let mut d = doc(blocks);
        d.page = page;
        let l = layout(&d);
        assert_inside(&l);
        for (p, page) in l.pages.iter().enumerate() {
            // The lowest thing drawn in the text area must not be a heading.
            let bottom = |i: &Item| match i {
                Item::Text(t) if is_content(t.role) => Some(t.y + DESCENT * t.size),
                Item::Rect(r) => Some(r.y + r.height),
                Item::Line(li) if li.y1 > l.body.top && li.y1 < l.body.bottom => Some(li.y1),
                _ => None,
            };
            let last = page
                .items
                .iter()
                .filter_map(|i| bottom(i).map(|b| (b, i)))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, Item::Text(t))) = last {
                prop_assert!(!matches!(t.role, Role::Heading(_)), "page {} ends with heading {:?} at y={}", p, t.text, t.y);
            }
        }
        // Outline entries are in document order.
        let order: Vec<(usize, f32)> = l.outline.iter().map(|o| (o.page, o.y)).collect();
        let mut sorted = order.clone();
        sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
        prop_assert_eq!(order, sorted);
    }

    #[test]
    fn french_spaces_never_reach_the_page(text in "[a-z ]{0,20}[\u{202f}\u{2009}][a-z\u{202f}\u{2009} ]{0,30}") {
        let l = layout(&doc(vec![Block::paragraph(text.clone()), Block::Table(Table {
            columns: vec![Column::new("A\u{202f}:", 1.0)],
            rows: vec![Row::new(vec![Cell::new(text)])],
            size: None,
        })]));
        for page in &l.pages {
            for t in page.text_runs() {
                prop_assert!(!t.text.contains(['\u{202f}', '\u{2009}']), "{:?}", t.text);
            }
        }
    }
}

// ------------------------------------------------------------------ examples

fn all_runs(l: &Layout) -> Vec<&TextRun> {
    l.pages.iter().flat_map(|p| p.text_runs()).collect()
}

#[test]
fn narrow_no_break_space_becomes_no_break_space() {
    let l = layout(&doc(vec![Block::paragraph(
        "Réunion à 18\u{202f}h\u{2009}30 : 1\u{202f}000\u{a0}€",
    )]));
    let text: String = all_runs(&l)
        .iter()
        .filter(|t| t.role == Role::Body)
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(text, "Réunion à 18\u{a0}h\u{a0}30 : 1\u{a0}000\u{a0}€");
}

#[test]
fn page_numbers_know_the_total() {
    let mut blocks = Vec::new();
    for i in 0..5 {
        if i > 0 {
            blocks.push(Block::PageBreak);
        }
        blocks.push(Block::paragraph(format!("Page {i}")));
    }
    let l = layout(&doc(blocks));
    assert_eq!(l.pages.len(), 5);
    for (i, p) in l.pages.iter().enumerate() {
        let footer: Vec<&str> = p
            .text_runs()
            .filter(|t| t.role == Role::Footer)
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(
            footer,
            [format!("Page {} / 5", i + 1).as_str(), "Pied de page"]
        );
        let header: Vec<&str> = p
            .text_runs()
            .filter(|t| t.role == Role::RunningHeader)
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(header, ["Conseil citoyen — essai"]);
    }
    // A page break on an empty page, or at the very start, makes no blank page.
    let l = layout(&doc(vec![
        Block::PageBreak,
        Block::paragraph("x"),
        Block::PageBreak,
        Block::PageBreak,
    ]));
    assert_eq!(l.pages.len(), 1);
    // An empty document still has its one page.
    let l = layout(&doc(vec![]));
    assert_eq!(l.pages.len(), 1);
}

#[test]
fn outline_follows_the_document_with_levels() {
    let l = layout(&doc(vec![
        Block::heading(1, "Zèbre"),
        Block::heading(2, "Abeille"),
        Block::paragraph("texte"),
        Block::heading(3, "Moustique"),
        Block::PageBreak,
        Block::heading(1, "Autre\npartie"),
        Block::paragraph("texte"),
    ]));
    let outline: Vec<(&str, u8, usize)> = l
        .outline
        .iter()
        .map(|o| (o.title.as_str(), o.level, o.page))
        .collect();
    assert_eq!(
        outline,
        [
            ("Zèbre", 1, 0),
            ("Abeille", 2, 0),
            ("Moustique", 3, 0),
            ("Autre partie", 1, 1)
        ]
    );
    assert!(l.outline[0].y < l.outline[1].y && l.outline[1].y < l.outline[2].y);
}

#[test]
fn alignment_uses_the_measured_width() {
    let l = layout(&doc(vec![
        Block::Paragraph(Paragraph::new("à droite").aligned(Align::Right)),
        Block::Paragraph(Paragraph::new("au centre").aligned(Align::Center)),
    ]));
    let body: Vec<&TextRun> = all_runs(&l)
        .into_iter()
        .filter(|t| t.role == Role::Body)
        .collect();
    let b = l.body;
    assert!((body[0].x + body[0].width - b.right).abs() < 0.01);
    assert!((body[0].width - text_width("à droite", FontStyle::Regular, BODY_SIZE)).abs() < 1e-3);
    let centre = body[1].x + body[1].width / 2.0;
    assert!((centre - (b.left + b.right) / 2.0).abs() < 0.01);
}

#[test]
fn nested_lists_indent_and_number() {
    let l = layout(&doc(vec![Block::List(List::numbered(vec![
        ListItem::new("premier").with_sublist(List::numbered(vec![
            ListItem::new("sous-point un"),
            ListItem::new("sous-point deux")
                .with_sublist(List::bulleted(vec![ListItem::new("détail")])),
        ])),
        ListItem::new("second").with_sublist(List::bulleted(vec![ListItem::new("puce")])),
    ]))]));
    let runs = all_runs(&l);
    let markers: Vec<&str> = runs
        .iter()
        .filter(|t| t.role == Role::ListMarker)
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(markers, ["1.", "a)", "b)", "•", "2.", "–"]);
    let x_of = |s: &str| runs.iter().find(|t| t.text == s).unwrap().x;
    assert!(x_of("premier") < x_of("sous-point un"));
    assert!(x_of("sous-point un") < x_of("détail"));
    assert_eq!(x_of("premier"), x_of("second"));
    // Each marker is on the baseline of its item's first line, left of its text.
    for (m, text) in [("1.", "premier"), ("a)", "sous-point un"), ("–", "puce")] {
        let m = runs.iter().find(|t| t.text == m).unwrap();
        let t = runs.iter().find(|t| t.text == text).unwrap();
        assert_eq!(m.y, t.y);
        assert!(m.x + m.width < t.x);
    }
}

#[test]
fn a_row_taller_than_a_page_is_split_and_the_header_repeated() {
    let long: Vec<String> = (0..150).map(|i| format!("ligne{i}")).collect();
    let table = Table {
        columns: vec![Column::new("Nom", 1.0), Column::new("Notes", 1.0)],
        rows: vec![
            Row::new(vec![Cell::new("avant"), Cell::new("court")]),
            Row::new(vec![Cell::new("long"), Cell::new(long.join("\n"))]),
            Row::new(vec![Cell::new("après"), Cell::new("court")]),
        ],
        size: None,
    };
    let l = layout(&doc(vec![Block::heading(1, "Titre"), Block::Table(table)]));
    assert_inside(&l);
    assert!(l.pages.len() >= 3, "{} pages", l.pages.len());
    let mut found = Vec::new();
    for page in &l.pages {
        let runs: Vec<&TextRun> = page.text_runs().filter(|t| is_content(t.role)).collect();
        assert!(runs.iter().any(|t| t.role == Role::TableHeader));
        found.extend(
            runs.iter()
                .filter(|t| t.text.starts_with("ligne"))
                .map(|t| t.text.clone()),
        );
    }
    assert_eq!(found, long);
    // The long row starts right after the first one: no page is wasted.
    assert!(all_runs(&l).iter().any(|t| t.text == "avant"));
    let first_page: Vec<&str> = l.pages[0].text_runs().map(|t| t.text.as_str()).collect();
    assert!(first_page.contains(&"ligne0"), "{first_page:?}");
}

#[test]
fn fixed_height_rows_are_signature_boxes() {
    let table = Table {
        columns: vec![Column::new("Nom", 0.5), Column::new("Signature", 0.5)],
        rows: (0..30)
            .map(|i| {
                Row::new(vec![Cell::new(format!("Membre {i}")), Cell::empty()])
                    .with_min_height(mm(15.0))
            })
            .collect(),
        size: None,
    };
    let l = layout(&doc(vec![Block::Table(table)]));
    assert_inside(&l);
    let boxes: Vec<&RectItem> = l
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Rect(r) if r.stroke.is_some() && (r.height - mm(15.0)).abs() < 0.01 => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(boxes.len(), 60);
    assert!(l.pages.len() >= 2);
}

#[test]
fn a_fixed_height_taller_than_a_page_is_cut_too() {
    let table = Table {
        columns: vec![Column::new("Signature", 1.0)],
        rows: vec![
            Row::new(vec![Cell::empty()]).with_min_height(3000.0),
            Row::new(vec![Cell::new("après")]),
        ],
        size: None,
    };
    let l = layout(&doc(vec![Block::Table(table)]));
    assert_inside(&l);
    assert!(l.pages.len() >= 4, "{}", l.pages.len());
    assert!(all_runs(&l).iter().any(|t| t.text == "après"));
}

#[test]
fn frames_enclose_their_text_even_across_pages() {
    let long: Vec<Paragraph> = (0..120)
        .map(|i| Paragraph::new(format!("Note numéro {i} du cadre.")))
        .collect();
    let l = layout(&doc(vec![
        Block::paragraph("Avant."),
        Block::Frame(Frame {
            paragraphs: long,
            fill: None,
        }),
        Block::paragraph("Après."),
    ]));
    assert_inside(&l);
    assert!(l.pages.len() >= 2);
    for page in &l.pages {
        let frame = page.items.iter().find_map(|i| match i {
            Item::Rect(r) if r.stroke.is_some() => Some(r.clone()),
            _ => None,
        });
        for t in page.text_runs().filter(|t| t.text.starts_with("Note")) {
            let r = frame.as_ref().expect("a frame on every page with its text");
            assert!(t.x > r.x && t.x + t.width < r.x + r.width);
            assert!(
                t.y - ASCENT * t.size > r.y && t.y + DESCENT * t.size < r.y + r.height,
                "{t:?} {r:?}"
            );
        }
        for t in page
            .text_runs()
            .filter(|t| t.text.starts_with("Avant") || t.text.starts_with("Après"))
        {
            if let Some(r) = &frame {
                assert!(
                    t.y < r.y || t.y - ASCENT * t.size > r.y + r.height,
                    "{t:?} inside {r:?}"
                );
            }
        }
    }
}

#[test]
fn key_values_put_values_in_one_column() {
    let l = layout(&doc(vec![Block::KeyValues(vec![
        KeyValue::new("Date", "14 mars 2025"),
        KeyValue::new("Secrétaire de séance", "Benoît Dupré"),
    ])]));
    let runs = all_runs(&l);
    let get = |s: &str| *runs.iter().find(|t| t.text == s).unwrap();
    assert_eq!(get("Date\u{a0}:").font, FontStyle::Bold);
    assert_eq!(get("14 mars 2025").x, get("Benoît Dupré").x);
    assert_eq!(get("Date\u{a0}:").y, get("14 mars 2025").y);
    assert!(
        get("Secrétaire de séance\u{a0}:").x + get("Secrétaire de séance\u{a0}:").width
            < get("Benoît Dupré").x
    );
}

#[test]
fn landscape_pages_are_wider() {
    let mut d = doc(vec![Block::paragraph("x")]);
    d.page = PageSetup::landscape();
    let l = layout(&d);
    assert_eq!((l.page_width, l.page_height), (A4_LONG, A4_SHORT));
    assert!(l.body.width() > l.body.height());
}

#[test]
fn a_heading_stays_with_a_table_even_when_they_fill_more_than_a_page() {
    // Header and row together are just under a page: after the heading they do not
    // fit, and moving them would leave the heading alone; the row is cut instead.
    let words: Vec<String> = (0..19).map(|w| format!("r0c3w{w}")).collect();
    let t = Table {
        columns: vec![
            Column::new("Colonne 0", 0.74824613),
            Column::new("Colonne 1", 0.6877386),
            Column::new("Colonne 2", 0.27930343),
            Column::new("Colonne 3", 0.122470245),
        ],
        rows: vec![Row::new(vec![
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
            Cell::new(words.join(" ")),
        ])],
        size: Some(10.681235),
    };
    let mut d = doc(vec![
        Block::heading(1, "Titre a"),
        Block::Table(t),
        Block::paragraph("Fin."),
    ]);
    d.page.margins = Margins::uniform(74.70092);
    let l = layout(&d);
    assert_inside(&l);
    let first: Vec<Role> = l.pages[0]
        .text_runs()
        .filter(|t| is_content(t.role))
        .map(|t| t.role)
        .collect();
    assert_eq!(first[0], Role::Heading(1));
    assert!(
        first.contains(&Role::TableHeader) && first.contains(&Role::Body),
        "{first:?}"
    );
}
