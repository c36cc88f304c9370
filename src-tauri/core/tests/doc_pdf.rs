//! Real PDFs written to a temporary directory and read back with poppler
//! (`pdftotext`, `pdffonts`, `pdfinfo`) and `qpdf`, as a reader's software would.
//! scripts/setup.sh installs both (poppler-utils, qpdf).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod doc_samples;

use doc_samples::{attendance_sheet, fifty_pages, three_pages, SPECIAL};
use quorum_core::doc::{layout, render_pdf, Block, Document, Metadata, Role};
use std::path::{Path, PathBuf};
use std::process::Command;

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is missing (poppler-utils, qpdf): {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn render(dir: &Path, name: &str, doc: &Document) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, render_pdf(doc).unwrap()).unwrap();
    path
}

fn text(pdf: &Path, extra: &[&str]) -> String {
    let mut args: Vec<&str> = extra.to_vec();
    args.extend([pdf.to_str().unwrap(), "-"]);
    run("pdftotext", &args)
}

/// Whitespace runs (including the no-break spaces poppler turns into spaces) as one space.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn info(pdf: &Path) -> Vec<(String, String)> {
    run("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn info_field(info: &[(String, String)], key: &str) -> String {
    info.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("no {key} in {info:?}"))
}

fn assert_fonts_embedded_subsets(pdf: &Path) {
    let fonts = run("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let name = cols[0];
        assert!(
            name.len() > 7
                && name.as_bytes()[6] == b'+'
                && name[7..].starts_with("AtkinsonHyperlegible-"),
            "{row}"
        );
        assert!(!row.contains("Type 1"), "a base-14 font: {row}");
        assert!(row.contains("CID TrueType"), "{row}");
        // emb sub uni
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
    }
}

fn assert_qpdf_clean(pdf: &Path) {
    let out = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        out.contains("No syntax or stream encoding errors found"),
        "{out}"
    );
    assert!(!out.to_lowercase().contains("warning"), "{out}");
}

#[test]
fn three_page_minutes_read_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let doc = three_pages();
    let pdf = render(dir.path(), "proces-verbal.pdf", &doc);

    assert_qpdf_clean(&pdf);
    assert_fonts_embedded_subsets(&pdf);

    let info = info(&pdf);
    assert_eq!(
        info_field(&info, "Title"),
        "Procès-verbal de la réunion du 14 mars 2025"
    );
    assert_eq!(
        info_field(&info, "Author"),
        "Conseil citoyen des Hauts-de-Chênes"
    );
    assert_eq!(info_field(&info, "Subject"), "Compte rendu de séance");
    assert_eq!(
        info_field(&info, "Keywords"),
        "conseil citoyen, procès-verbal"
    );
    assert_eq!(info_field(&info, "Producer"), "Quorum");
    assert_eq!(info_field(&info, "Pages"), "3");
    assert!(info_field(&info, "Page size").contains("(A4)"));
    for key in ["CreationDate", "ModDate"] {
        let date = info_field(&info, key);
        assert!(
            date.contains("Mar 14") && date.contains("2025"),
            "{key}: {date}"
        );
        assert!(!date.contains("1970"), "{key}: {date}");
    }

    let plain = squeeze(&text(&pdf, &[]));
    let layout_text = text(&pdf, &["-layout"]);
    for expected in [
        SPECIAL,
        "« Les Tilleuls »",
        "Jardin partagé de la rue des Lilas (1 000 €).",
        // U+202F and U+2009 drawn as no-break spaces, not dropped.
        "vendredi 14 mars 2025, de 18 h 30 à 20 h",
        // Markup in user text prints literally.
        "<b>gras</b> ou <script>alert(1)</script>",
        // A letter the font lacks (ễ) prints as the nearest one it has.
        "Cécile Nguyên",
        "Thérèse N’Diaye",
        "Rosalie Dubœuf",
        "Damien Œhler",
        "La séance est levée à 20 h 05.",
    ] {
        assert!(
            plain.contains(&squeeze(expected)),
            "missing {expected:?} in\n{plain}"
        );
    }
    // « 1 000 € » never breaks at its no-break spaces.
    let amounts: Vec<&str> = layout_text
        .lines()
        .filter(|l| l.contains("000 €"))
        .collect();
    assert!(!amounts.is_empty());
    for line in amounts {
        let before = &line[..line.find("000 €").unwrap()];
        assert!(
            before
                .trim_end_matches(' ')
                .ends_with(|c: char| c.is_ascii_digit()),
            "{line}"
        );
    }

    // Running header and footer on every page, with the total known.
    let pages: Vec<String> = (1..=3)
        .map(|n| {
            text(
                &pdf,
                &["-layout", "-f", &n.to_string(), "-l", &n.to_string()],
            )
        })
        .collect();
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("Conseil citoyen des Hauts-de-Chênes — Procès-verbal du 14 mars 2025")
        );
        assert!(page.contains(&format!("Page {} / 3", i + 1)), "{page}");
        assert!(page.contains("Document de travail — à approuver lors de la prochaine séance"));
    }
    // The table spans pages 1 and 2, its header repeated at the top of page 2.
    assert!(pages[0].contains("Avis du conseil") && pages[0].contains("Jardin partagé"));
    let second = pages[1]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .nth(1)
        .unwrap();
    assert!(
        second.contains("N°") && second.contains("Avis du conseil"),
        "{second}"
    );
    assert!(pages[1].contains("26 Boîte à livres"), "{}", pages[1]);
    assert!(!pages[2].contains("Avis du conseil"));
}

#[test]
fn no_break_spaces_are_drawn_as_no_break_spaces() {
    // poppler prints U+00A0 as a plain space, so look at the font's ToUnicode map:
    // the glyph drawn for « 1 000 € » must read back as U+00A0.
    let dir = tempfile::tempdir().unwrap();
    let created = doc_samples::created();
    let mut doc = Document::new(Metadata::new("Espaces", created));
    doc.push(Block::paragraph("Montant : 1\u{202f}000\u{a0}€"));
    let pdf = render(dir.path(), "espaces.pdf", &doc);
    let qdf = dir.path().join("espaces-qdf.pdf");
    run(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            pdf.to_str().unwrap(),
            qdf.to_str().unwrap(),
        ],
    );
    let raw = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).to_string();
    assert!(raw.contains("<00A0>"), "no glyph mapped to U+00A0");
    assert!(!raw.contains("<202F>"));
    assert_eq!(squeeze(&text(&pdf, &[])), "Montant : 1 000 € Page 1 / 1");
}

#[test]
fn catalog_language_and_outline_in_document_order() {
    let created = doc_samples::created();
    let mut doc = Document::new(Metadata::new("Plan", created));
    // On one page, and not in alphabetical order: printpdf would sort them by name.
    for b in [
        Block::heading(1, "Zèbre : première partie"),
        Block::heading(2, "Mouette"),
        Block::paragraph("texte"),
        Block::heading(3, "Abeille"),
        Block::paragraph("texte"),
        Block::heading(2, "Castor"),
        Block::paragraph("texte"),
        Block::heading(1, "Ours"),
        Block::paragraph("texte"),
        Block::PageBreak,
        Block::heading(1, "Âne"),
        Block::paragraph("texte"),
    ] {
        doc.push(b);
    }
    let bytes = render_pdf(&doc).unwrap();
    let lo = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = lo.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"fr-FR");
    assert_eq!(
        catalog.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );

    fn title(lo: &lopdf::Document, id: lopdf::ObjectId) -> String {
        let d = lo.get_dictionary(id).unwrap();
        let bytes = d.get(b"Title").unwrap().as_str().unwrap();
        assert_eq!(&bytes[..2], [0xFE, 0xFF]);
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    }
    fn walk(
        lo: &lopdf::Document,
        parent: lopdf::ObjectId,
        depth: usize,
        out: &mut Vec<(usize, String)>,
    ) {
        let d = lo.get_dictionary(parent).unwrap();
        let Ok(first) = d.get(b"First") else { return };
        let mut next = Some(first.as_reference().unwrap());
        while let Some(id) = next {
            out.push((depth, title(lo, id)));
            walk(lo, id, depth + 1, out);
            next = lo
                .get_dictionary(id)
                .unwrap()
                .get(b"Next")
                .ok()
                .map(|n| n.as_reference().unwrap());
        }
    }
    let root = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
    let mut entries = Vec::new();
    walk(&lo, root, 1, &mut entries);
    let expected = [
        (1, "Zèbre : première partie"),
        (2, "Mouette"),
        (3, "Abeille"),
        (2, "Castor"),
        (1, "Ours"),
        (1, "Âne"),
    ];
    assert_eq!(entries, expected.map(|(d, t)| (d, t.to_string())).to_vec());
    // The last entry points at the second page.
    let pages: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    let ane = lo
        .get_dictionary(root)
        .unwrap()
        .get(b"Last")
        .unwrap()
        .as_reference()
        .unwrap();
    let dest = lo
        .get_dictionary(ane)
        .unwrap()
        .get(b"Dest")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(dest[0].as_reference().unwrap(), pages[1]);
}

#[test]
fn fifty_pages_check_out() {
    let dir = tempfile::tempdir().unwrap();
    let doc = fifty_pages();
    let expected_pages = layout(&doc).pages.len();
    assert!(expected_pages >= 50, "{expected_pages} pages");
    let pdf = render(dir.path(), "recueil.pdf", &doc);
    assert_qpdf_clean(&pdf);
    assert_fonts_embedded_subsets(&pdf);
    let info = info(&pdf);
    assert_eq!(info_field(&info, "Pages"), expected_pages.to_string());
    assert_eq!(
        info_field(&info, "Title"),
        "Recueil des procès-verbaux 2024-2025"
    );
    let last = expected_pages.to_string();
    let page = text(&pdf, &["-layout", "-f", &last, "-l", &last]);
    assert!(page.contains(&format!("Page {last} / {last}")), "{page}");
    let all = squeeze(&text(&pdf, &[]));
    assert_eq!(all.matches(&squeeze(SPECIAL)).count(), 17);
    assert!(all.contains("Procès-verbal de la séance n° 17"));
}

#[test]
fn attendance_sheet_is_landscape_with_signature_boxes() {
    let dir = tempfile::tempdir().unwrap();
    let doc = attendance_sheet();
    let l = layout(&doc);
    let pdf = render(dir.path(), "emargement.pdf", &doc);
    assert_qpdf_clean(&pdf);
    assert_fonts_embedded_subsets(&pdf);
    let info = info(&pdf);
    assert!(
        info_field(&info, "Page size").starts_with("841.89 x 595.276"),
        "{info:?}"
    );
    assert_eq!(info_field(&info, "Pages"), l.pages.len().to_string());
    // The header row is on every page.
    for page in &l.pages {
        assert!(page
            .text_runs()
            .any(|t| t.role == Role::TableHeader && t.text == "Signature"));
    }
    let plain = text(&pdf, &[]);
    for name in doc_samples::NAMES.iter().filter(|n| !n.contains('ễ')) {
        assert!(plain.contains(name), "{name}");
    }
}

/// Not a timed test: prints how long layout and writing take. Run with
/// `cargo test -p quorum-core --release --test doc_pdf -- --ignored --nocapture`.
#[test]
#[ignore]
fn time_fifty_pages() {
    let doc = fifty_pages();
    let _warm = render_pdf(&three_pages()).unwrap();
    let rounds = 5;
    let start = std::time::Instant::now();
    let mut pages = 0;
    for _ in 0..rounds {
        pages = layout(&doc).pages.len();
    }
    let layout_time = start.elapsed() / rounds;
    let start = std::time::Instant::now();
    let mut size = 0;
    for _ in 0..rounds {
        size = render_pdf(&doc).unwrap().len();
    }
    let total = start.elapsed() / rounds;
    println!(
        "{pages} pages, {size} bytes: layout {layout_time:?}, layout + PDF {total:?} (mean of {rounds})"
    );
}

/// Writes the samples to /tmp/quorum-doc to look at them (`pdftoppm -png -r 60`).
#[test]
#[ignore]
fn dump_samples() {
    let dir = Path::new("/tmp/quorum-doc");
    std::fs::create_dir_all(dir).unwrap();
    for (name, doc) in [
        ("three.pdf", three_pages()),
        ("fifty.pdf", fifty_pages()),
        ("sheet.pdf", attendance_sheet()),
    ] {
        println!("{name}: {} pages", layout(&doc).pages.len());
        render(dir, name, &doc);
    }
}

#[test]
fn the_same_document_gives_the_same_bytes() {
    let doc = three_pages();
    let a = render_pdf(&doc).unwrap();
    assert_eq!(a, render_pdf(&doc).unwrap());
    let mut other = doc.clone();
    other.blocks.push(Block::paragraph("Une ligne de plus."));
    assert_ne!(a, render_pdf(&other).unwrap());
}
