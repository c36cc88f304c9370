//! The plain-text charter importer: turns a charter or règlement intérieur that was
//! pasted, or opened as a `.txt` file, into a structure (title, preamble, parts,
//! articles, clauses, lists) that later code stores and prints.
//!
//! Two promises shape everything here:
//!
//! - **Nothing is lost or reordered.** Every visible character of the input ends up,
//!   in the same order, somewhere in the structure; only whitespace is normalised
//!   (runs collapsed, lines joined). What cannot be recognised stays as a paragraph.
//!   [`ParsedCharter::plain_words`] exists so that tests can hold us to it.
//! - **Import never fails.** Real charters come out of Word, PDFs and e-mails with
//!   defects (repeated paragraphs, page numbers, « [À COMPLÉTER] »). They are kept as
//!   they are and described in [`ParsedCharter::notes`], in French, with the line
//!   number, for the user to review; the user decides, not the importer.
//!
//! The recognisers are deliberately conservative: a heading must *start* its line
//! with a capitalised marker (« Article 3 », « TITRE II », « I. »), so a sentence that
//! merely mentions « l'article 3 » is never taken for one.
//!
//! The charter editor edits one body (an article's text, the preamble, an annex) at a
//! time as plain text: [`parse_body`] reads it with the same recognisers and nesting,
//! and [`body_to_text`] writes nodes back as a text that reads as the same nodes.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;
use ts_rs::TS;

// ---------------------------------------------------------------------------------
// The structure
// ---------------------------------------------------------------------------------

/// A charter as read from plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct ParsedCharter {
    /// The document's title: its first lines, when they look like one
    /// (« Charte de fonctionnement du conseil citoyen de … »), joined by a space.
    pub title: Option<String>,
    /// Everything before the first part or article, « Préambule » heading included.
    pub preamble: Vec<CharterNode>,
    /// Parts and articles, in the order of the text.
    pub sections: Vec<CharterSection>,
    /// What the user should review: defects kept as they are, text left unstructured.
    pub notes: Vec<CharterImportNote>,
}

/// A top-level piece of the charter: a part (which holds articles and sub-parts) or
/// an article outside any part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
// `type`, not `kind`: a part already has a `kind` field.
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum CharterSection {
    Part(CharterPart),
    Article(CharterArticle),
}

/// « I. Principes », « TITRE II – Composition », « Chapitre 3 », « ANNEXE 1 : … ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct CharterPart {
    pub kind: CharterPartKind,
    /// The marker as written: « I », « TITRE II », « Chapitre 1er », « Première partie ».
    pub label: String,
    /// 2 for « TITRE II » or « PARTIE 2 »; `None` for « Annexe » without a number.
    pub number: Option<u32>,
    /// The punctuation between label and title as written (« . », « – », « : »), or
    /// empty. Kept so that nothing typed is lost; printers may use their own.
    pub separator: String,
    /// Empty when the heading has none.
    pub title: String,
    /// Text between the heading and the first article or sub-part.
    pub body: Vec<CharterNode>,
    /// Articles and sub-parts (a « Chapitre » inside a « TITRE »).
    pub sections: Vec<CharterSection>,
}

/// Which word introduced a part. Their order of nesting is that of French legal
/// texts: partie › titre › chapitre › section; a bare roman numeral ranks as a titre
/// and an annexe as a partie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CharterPartKind {
    Partie,
    Titre,
    Chapitre,
    Section,
    Annexe,
    /// A bare roman numeral: « I. », « II – ».
    Numeral,
}

impl CharterPartKind {
    /// Lower ranks contain higher ones.
    fn rank(self) -> u8 {
        match self {
            CharterPartKind::Partie | CharterPartKind::Annexe => 0,
            CharterPartKind::Titre | CharterPartKind::Numeral => 1,
            CharterPartKind::Chapitre => 2,
            CharterPartKind::Section => 3,
        }
    }
}

/// « Article 2 – Composition et collèges ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct CharterArticle {
    /// The marker as written: « Article 1er », « ARTICLE 4 », « Art. 5 », « Article 4 bis ».
    pub label: String,
    /// The main number: 1 for « Article premier », 4 for « Article 4.1 » or
    /// « Article 4 bis »; `None` for « Article unique ».
    pub number: Option<u32>,
    /// The punctuation between label and title as written (« – », « : », « . »), or empty.
    pub separator: String,
    /// Empty when the heading has none (« Article 9 » followed by its text).
    pub title: String,
    pub body: Vec<CharterNode>,
}

/// A block of text inside the preamble, a part or an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum CharterNode {
    /// Lines joined by a space; whitespace runs collapsed.
    Paragraph { text: String },
    /// An unnumbered heading line: « Préambule », « Introduction », « Sommaire ».
    Heading { text: String },
    /// Bullets (« - », « • », « – »…) or plainly numbered items (« 1. », « 1) »).
    List {
        ordered: bool,
        items: Vec<CharterListItem>,
    },
    /// A numbered provision: « 1°) », « 2.1 », « 2.1.2.1 », « a) »; deeper clauses,
    /// lists and paragraphs that belong to it are its children.
    Clause {
        label: String,
        text: String,
        children: Vec<CharterNode>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct CharterListItem {
    /// As written: « - », « • », « 1. », « 2) ».
    pub marker: String,
    pub text: String,
    pub children: Vec<CharterNode>,
}

/// Something the user should look at after the import. The text concerned is always
/// kept; the note only says what was noticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct CharterImportNote {
    /// 1-based line of the imported text (a Windows « \r\n » counts as one break).
    pub line: u32,
    pub kind: CharterNoteKind,
    /// French, for the user, without the line number (see the `Display` impl).
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CharterNoteKind {
    /// The same paragraph or item appears earlier in the text.
    DuplicateParagraph,
    /// A line that is only a page number (« 3 », « - 3 - », « Page 3/12 »).
    PageNumber,
    /// « [À COMPLÉTER] », « XXX », « ... », « ____ »: the text looks unfinished.
    Placeholder,
    /// A table-of-contents entry (« Article 1 – Objet ........ 2 »).
    TableOfContents,
    /// A line that starts like an article heading but whose number was not understood.
    UnrecognisedHeading,
    /// Article numbers that skip, go back or repeat.
    Numbering,
    /// An article or part with no text at all.
    EmptySection,
    /// No part or article was found: the whole text is kept as the preamble.
    NoStructure,
}

impl fmt::Display for CharterImportNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ligne {}\u{a0}: {}", self.line, self.message)
    }
}

impl ParsedCharter {
    /// Every word of the structure in document order (title, preamble, then each part
    /// and article: label, separator, title, body). Notes are not included. Joining
    /// these words gives back the non-whitespace characters of the imported text.
    pub fn plain_words(&self) -> Vec<String> {
        let mut words = Vec::new();
        let mut push = |s: &str| {
            words.extend(
                s.split(is_space)
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned),
            )
        };
        if let Some(title) = &self.title {
            push(title);
        }
        visit_nodes(&self.preamble, &mut push);
        visit_sections(&self.sections, &mut push);
        words
    }

    /// All articles, depth first, in document order (those inside parts included).
    pub fn articles(&self) -> Vec<&CharterArticle> {
        fn walk<'a>(sections: &'a [CharterSection], out: &mut Vec<&'a CharterArticle>) {
            for section in sections {
                match section {
                    CharterSection::Article(a) => out.push(a),
                    CharterSection::Part(p) => walk(&p.sections, out),
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, &mut out);
        out
    }
}

fn visit_sections(sections: &[CharterSection], push: &mut impl FnMut(&str)) {
    for section in sections {
        match section {
            CharterSection::Part(p) => {
                push(&p.label);
                push(&p.separator);
                push(&p.title);
                visit_nodes(&p.body, push);
                visit_sections(&p.sections, push);
            }
            CharterSection::Article(a) => {
                push(&a.label);
                push(&a.separator);
                push(&a.title);
                visit_nodes(&a.body, push);
            }
        }
    }
}

fn visit_nodes(nodes: &[CharterNode], push: &mut impl FnMut(&str)) {
    for node in nodes {
        match node {
            CharterNode::Paragraph { text } | CharterNode::Heading { text } => push(text),
            CharterNode::List { items, .. } => {
                for item in items {
                    push(&item.marker);
                    push(&item.text);
                    visit_nodes(&item.children, push);
                }
            }
            CharterNode::Clause {
                label,
                text,
                children,
            } => {
                push(label);
                push(text);
                visit_nodes(children, push);
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------

/// Reads a plain-text charter. Never fails and never drops text: whatever is not
/// recognised is kept as a paragraph, and doubtful spots are listed in `notes`.
pub fn parse_charter_text(text: &str) -> ParsedCharter {
    let lines: Vec<Line> = split_lines(text)
        .into_iter()
        .enumerate()
        .map(|(i, raw)| Line::new(line_number(i), raw))
        .collect();

    let mut b = Builder::default();
    note_line_defects(&lines, &mut b.ctx);

    let (title, mut i) = detect_title(&lines);
    while let Some(line) = lines.get(i) {
        let LineKind::Numbered(h) = &line.kind else {
            b.body().read(line);
            i += 1;
            continue;
        };
        let (title, inline_body, next) = resolve_title(&lines, i, &h.rest);
        match h.part {
            Some(kind) => b.open_part(
                kind,
                CharterPart {
                    kind,
                    label: h.label.clone(),
                    number: h.number,
                    separator: h.separator.clone(),
                    title,
                    body: Vec::new(),
                    sections: Vec::new(),
                },
                line.no,
            ),
            None => {
                b.check_numbering(h, line.no);
                b.open_article(
                    CharterArticle {
                        label: h.label.clone(),
                        number: h.number,
                        separator: h.separator.clone(),
                        title,
                        body: Vec::new(),
                    },
                    line.no,
                );
            }
        }
        if let Some(text) = inline_body {
            b.body().text(line.no, &text);
        }
        i = next;
    }

    let (preamble, sections, mut ctx) = b.finish();
    if sections.is_empty() {
        if let Some(first) = lines.iter().find(|l| !matches!(l.kind, LineKind::Blank)) {
            ctx.note(
                first.no,
                CharterNoteKind::NoStructure,
                "Aucun article ni aucune partie n'a été reconnu\u{a0}: tout le texte est \
                 conservé dans le préambule, en paragraphes."
                    .to_owned(),
            );
        }
    }
    let mut notes = ctx.finish();
    // Line order is the order in which the user will review them.
    notes.sort_by_key(|n| n.line);
    ParsedCharter {
        title,
        preamble,
        sections,
        notes,
    }
}

// ---------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------

/// 1-based, as editors count; saturates rather than wraps on absurdly long texts.
fn line_number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// Splits on « \n », « \r\n » and a lone « \r » (old Mac files), which is how editors
/// count lines, so that note line numbers match what the user sees.
fn split_lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // Byte indices are safe to slice at: « \r » and « \n » never occur inside a
    // multi-byte UTF-8 sequence.
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(&text[start..i]);
                i += 1;
                start = i;
            }
            b'\r' => {
                out.push(&text[start..i]);
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push(&text[start..]);
    out
}

/// Whitespace for our purposes: Unicode whitespace (tabs, non-breaking spaces, form
/// feeds from PDF converters…) plus the invisible characters that copy-paste leaves
/// (byte-order mark, zero-width spaces), which are dropped.
fn is_space(c: char) -> bool {
    c.is_whitespace() || is_invisible(c)
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}')
}

fn is_nbsp(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// Leading indentation (a tab counts 4) and the text with whitespace runs collapsed.
/// A run that contains a non-breaking space becomes that non-breaking space: French
/// typography (« Article 3 : », « 1 000 € ») is what the user typed and is kept.
fn normalize_line(raw: &str) -> (usize, String) {
    let mut indent = 0;
    for c in raw.chars().filter(|&c| !is_invisible(c)) {
        if c == '\t' {
            indent += 4;
        } else if c.is_whitespace() {
            indent += 1;
        } else {
            break;
        }
    }
    let mut out = String::with_capacity(raw.len());
    let mut pending: Option<char> = None;
    for c in raw.chars() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            pending = Some(match pending {
                Some(p) if is_nbsp(p) => p,
                _ if is_nbsp(c) => c,
                _ => ' ',
            });
        } else {
            if let Some(p) = pending.take() {
                if !out.is_empty() {
                    out.push(p);
                }
            }
            out.push(c);
        }
    }
    (indent, out)
}

struct Line {
    no: u32,
    indent: usize,
    text: String,
    kind: LineKind,
}

impl Line {
    /// A line of a whole charter.
    fn new(no: u32, raw: &str) -> Line {
        Line::read_with(no, raw, classify)
    }

    /// A line of one body typed in the editor (see [`parse_body`]).
    fn in_body(no: u32, raw: &str) -> Line {
        Line::read_with(no, raw, classify_in_body)
    }

    fn read_with(no: u32, raw: &str, classify: fn(&str) -> LineKind) -> Line {
        let (indent, text) = normalize_line(raw);
        let kind = classify(&text);
        Line {
            no,
            indent,
            text,
            kind,
        }
    }

    /// Ordinary text that was not mistaken for anything else.
    fn is_plain_text(&self) -> bool {
        matches!(
            self.kind,
            LineKind::Text {
                looks_like_heading: false
            }
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
enum LineKind {
    Blank,
    PageNumber,
    Toc,
    /// « Préambule », « Sommaire »…
    Unnumbered,
    /// An article (part = None) or part heading.
    Numbered(HeadingLine),
    Item(ItemLine),
    /// `looks_like_heading`: starts with « Article » but the number was not understood.
    Text {
        looks_like_heading: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
struct HeadingLine {
    /// `None` for an article.
    part: Option<CharterPartKind>,
    label: String,
    number: Option<u32>,
    /// False for « 4 bis », « 4.1 »: they do not take part in the numbering check.
    simple: bool,
    separator: String,
    /// What follows the separator on the same line (title or, sometimes, text).
    rest: String,
}

fn classify(text: &str) -> LineKind {
    if text.is_empty() {
        return LineKind::Blank;
    }
    if is_page_number(text) {
        return LineKind::PageNumber;
    }
    if is_toc_entry(text) {
        return LineKind::Toc;
    }
    match parse_article_heading(text) {
        ArticleParse::Heading(h) => return LineKind::Numbered(h),
        ArticleParse::Unrecognised => {
            return LineKind::Text {
                looks_like_heading: true,
            }
        }
        ArticleParse::No => {}
    }
    if let Some(h) = parse_part_heading(text) {
        return LineKind::Numbered(h);
    }
    classify_in_body(text)
}

/// What a line is inside one article, the preamble or an annex, as typed in the
/// editor: a heading without number, a clause or list item, or text. The rest of
/// [`classify`] is left out on purpose. A body has no pages and no table of
/// contents, and it cannot open an article or a part: there, « 3 », « Article 4 » or
/// « II. Titre » is text that the user typed, and notes about it would be noise.
fn classify_in_body(text: &str) -> LineKind {
    if text.is_empty() {
        return LineKind::Blank;
    }
    if is_unnumbered_heading(text) {
        return LineKind::Unnumbered;
    }
    if let Some(item) = parse_item(text) {
        return LineKind::Item(item);
    }
    LineKind::Text {
        looks_like_heading: false,
    }
}

// ---------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------

/// Separators between a heading's number and its title.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '–' | '—' | '‐' | '‑' | '−' | ':' | '.' | ')' | '/' | '|'
    )
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '−')
}

/// Lowercase without the accents of French, for keyword comparisons.
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '’' => '\'',
            c => c,
        })
        .collect()
}

fn word_count(s: &str) -> usize {
    s.split(is_space).filter(|w| !w.is_empty()).count()
}

fn starts_with_space(s: &str) -> bool {
    s.chars().next().is_some_and(is_space)
}

/// The marker ends here: end of line or a space follows.
fn at_boundary(s: &str) -> bool {
    s.is_empty() || starts_with_space(s)
}

fn trim_spaces(s: &str) -> &str {
    s.trim_matches(is_space)
}

fn ascii_digits(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

/// « «  text  » », shortened, for messages.
fn quote(s: &str) -> String {
    const MAX: usize = 60;
    let short: String = s.chars().take(MAX).collect();
    let ellipsis = if s.chars().count() > MAX { "…" } else { "" };
    format!("«\u{a0}{short}{ellipsis}\u{a0}»")
}

/// Canonical roman numerals from I to XXXIX: enough for parts, and strict enough
/// that « M. Dupont » or « C. » are never read as numbers.
fn roman_value(s: &str) -> Option<u32> {
    const ONES: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    let tens = s.bytes().take_while(|&b| b == b'X').count();
    if tens > 3 {
        return None;
    }
    let ones = ONES.iter().position(|o| *o == &s[tens..])?;
    let value = u32::try_from(tens * 10 + ones).ok()?;
    (value > 0).then_some(value)
}

fn roman_len(s: &str) -> usize {
    s.bytes()
        .take_while(|b| matches!(b, b'I' | b'V' | b'X'))
        .count()
}

// ---------------------------------------------------------------------------------
// Headings
// ---------------------------------------------------------------------------------

struct Num {
    /// Bytes of the input taken by the number.
    len: usize,
    value: Option<u32>,
    simple: bool,
}

/// « 1er », « 12 », « 4 bis », « 4.1 », « premier », « unique », « II », « Ier ».
fn parse_number(s: &str) -> Option<Num> {
    let folded_prefix = |word: &str| -> Option<usize> {
        let n = word.chars().count();
        let head: String = s.chars().take(n).collect();
        (fold(&head) == word).then_some(head.len())
    };
    let mut num = None;
    // « premiere » before « premier », which is its prefix.
    for (word, value) in [
        ("premiere", Some(1)),
        ("premier", Some(1)),
        ("unique", None),
    ] {
        if let Some(len) = folded_prefix(word) {
            num = Some(Num {
                len,
                value,
                simple: value.is_some(),
            });
            break;
        }
    }
    if num.is_none() {
        let digits = ascii_digits(s);
        if digits > 3 {
            return None;
        }
        if digits > 0 {
            let value: u32 = s[..digits].parse().ok()?;
            let mut len = digits;
            if value == 1 {
                for ordinal in ["er", "ER", "ᵉʳ", "ère", "ÈRE", "re", "RE"] {
                    if s[len..].starts_with(ordinal) {
                        len += ordinal.len();
                        break;
                    }
                }
            }
            let mut simple = true;
            // « 4.1 », « 4-1 »: a sub-article. « 8. Titre » is a separator instead.
            if let Some(after) = s[len..].strip_prefix(['.', '-']) {
                let d = ascii_digits(after);
                if (1..=3).contains(&d) {
                    len += 1 + d;
                    simple = false;
                }
            }
            num = Some(Num {
                len,
                value: Some(value),
                simple,
            });
        } else {
            let r = roman_len(s);
            if r > 0 {
                let value = roman_value(&s[..r])?;
                let mut len = r;
                if value == 1 && (s[len..].starts_with("er") || s[len..].starts_with("ER")) {
                    len += 2;
                }
                num = Some(Num {
                    len,
                    value: Some(value),
                    simple: true,
                });
            }
        }
    }
    let mut num = num?;
    // « 4 bis », « 4ter »
    let after = &s[num.len..];
    let gap = after
        .chars()
        .next()
        .filter(|&c| is_space(c))
        .map_or(0, char::len_utf8);
    for suffix in ["bis", "ter", "quater", "quinquies", "sexies"] {
        let candidate = &after[gap..];
        let head: String = candidate.chars().take(suffix.len()).collect();
        if fold(&head) == suffix
            && !candidate[head.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            num.len += gap + head.len();
            num.simple = false;
            break;
        }
    }
    // « Article 1O » (a letter O) is not a number.
    if s[num.len..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    Some(num)
}

/// What follows a heading's number: a separator and a title, a title starting with a
/// capital, or nothing. `None` when it reads as a sentence (« Article 12 de la loi… »).
fn split_separator(rest: &str) -> Option<(String, String)> {
    let t = rest.trim_start_matches(is_space);
    let Some(first) = t.chars().next() else {
        return Some((String::new(), String::new()));
    };
    if is_separator(first) {
        let sep_len = t
            .char_indices()
            .find(|&(_, c)| !(is_separator(c) || is_space(c)))
            .map_or(t.len(), |(i, _)| i);
        let separator = trim_spaces(&t[..sep_len]).to_owned();
        let title = trim_spaces(&t[sep_len..]).to_owned();
        return Some((separator, title));
    }
    let capital = first.is_uppercase() || matches!(first, '«' | '"' | '“' | '(' | '[');
    if starts_with_space(rest) && capital {
        return Some((String::new(), t.to_owned()));
    }
    None
}

enum ArticleParse {
    Heading(HeadingLine),
    /// Starts with « Article » but the number was not understood.
    Unrecognised,
    No,
}

/// « Article 1er », « Article premier – Objet », « ARTICLE 5 », « Art. 6 », « Art 7 ».
/// Lowercase « article » never starts a heading: a wrapped line of a sentence that
/// mentions « l'article 3 » would otherwise become one.
fn parse_article_heading(s: &str) -> ArticleParse {
    let (after_kw, digits_only, may_be_unrecognised) = if let Some(r) = s
        .strip_prefix("ARTICLE")
        .or_else(|| s.strip_prefix("Article"))
    {
        if r.is_empty() {
            return ArticleParse::Unrecognised;
        }
        if !starts_with_space(r) {
            // « Articles », « Article: »
            return ArticleParse::No;
        }
        (r, false, true)
    } else if let Some(r) = s.strip_prefix("Art.").or_else(|| s.strip_prefix("ART.")) {
        (r, false, true)
    } else if let Some(r) = s.strip_prefix("Art").or_else(|| s.strip_prefix("ART")) {
        // Without the dot, only « Art 7 »: « Art contemporain » is not a heading.
        if !starts_with_space(r) {
            return ArticleParse::No;
        }
        (r, true, false)
    } else {
        return ArticleParse::No;
    };
    let t = after_kw.trim_start_matches(is_space);
    let short = s.chars().count() <= 60;
    let Some(num) = parse_number(t).filter(|_| !digits_only || ascii_digits(t) > 0) else {
        return if may_be_unrecognised && short {
            ArticleParse::Unrecognised
        } else {
            ArticleParse::No
        };
    };
    let after_num = &t[num.len..];
    let Some((separator, rest)) = split_separator(after_num) else {
        return ArticleParse::No;
    };
    let label = trim_spaces(&s[..s.len() - after_num.len()]).to_owned();
    ArticleParse::Heading(HeadingLine {
        part: None,
        label,
        number: num.value,
        simple: num.simple,
        separator,
        rest,
    })
}

/// « TITRE II : … », « Chapitre 1 », « PARTIE 2 », « Section 3 », « ANNEXE 1 », « Annexes »,
/// « Première partie », « I. », « II – ».
fn parse_part_heading(s: &str) -> Option<HeadingLine> {
    const KEYWORDS: [(&str, CharterPartKind); 14] = [
        ("PARTIE", CharterPartKind::Partie),
        ("Partie", CharterPartKind::Partie),
        ("TITRE", CharterPartKind::Titre),
        ("Titre", CharterPartKind::Titre),
        ("CHAPITRE", CharterPartKind::Chapitre),
        ("Chapitre", CharterPartKind::Chapitre),
        ("SECTION", CharterPartKind::Section),
        ("Section", CharterPartKind::Section),
        ("ANNEXES", CharterPartKind::Annexe),
        ("Annexes", CharterPartKind::Annexe),
        ("ANNEXE", CharterPartKind::Annexe),
        ("Annexe", CharterPartKind::Annexe),
        // The abbreviation found in some tables of contents copied into the text.
        ("CHAP.", CharterPartKind::Chapitre),
        ("Chap.", CharterPartKind::Chapitre),
    ];
    for (keyword, kind) in KEYWORDS {
        let Some(r) = s.strip_prefix(keyword) else {
            continue;
        };
        let annexe = kind == CharterPartKind::Annexe;
        let heading = |label_end: usize, number: Option<u32>, simple: bool, after: &str| {
            let (separator, rest) = split_separator(after)?;
            Some(HeadingLine {
                part: Some(kind),
                label: trim_spaces(&s[..label_end]).to_owned(),
                number,
                simple,
                separator,
                rest,
            })
        };
        if starts_with_space(r) {
            let t = r.trim_start_matches(is_space);
            if let Some(num) = parse_number(t) {
                let after = &t[num.len..];
                return heading(s.len() - after.len(), num.value, num.simple, after);
            }
        }
        // Only an annexe may go without a number (« ANNEXE : liste des membres »);
        // « Titre de séjour… » is a sentence.
        if annexe && (r.is_empty() || starts_with_space(r) || r.starts_with(is_separator)) {
            return heading(keyword.len(), None, true, r);
        }
        return None;
    }

    // « Première partie », « DEUXIÈME PARTIE – … »
    const ORDINALS: [(&str, u32); 11] = [
        ("premiere", 1),
        ("deuxieme", 2),
        ("seconde", 2),
        ("troisieme", 3),
        ("quatrieme", 4),
        ("cinquieme", 5),
        ("sixieme", 6),
        ("septieme", 7),
        ("huitieme", 8),
        ("neuvieme", 9),
        ("dixieme", 10),
    ];
    if s.chars().next().is_some_and(char::is_uppercase) {
        let first_end = s.find(is_space).unwrap_or(s.len());
        let ordinal = fold(&s[..first_end]);
        if let Some(&(_, number)) = ORDINALS.iter().find(|(o, _)| *o == ordinal) {
            let r = s[first_end..].trim_start_matches(is_space);
            let word_end = r.find(|c: char| !c.is_alphabetic()).unwrap_or(r.len());
            if fold(&r[..word_end]) == "partie" {
                let after = &r[word_end..];
                let (separator, rest) = split_separator(after)?;
                return Some(HeadingLine {
                    part: Some(CharterPartKind::Partie),
                    label: s[..s.len() - after.len()].to_owned(),
                    number: Some(number),
                    simple: true,
                    separator,
                    rest,
                });
            }
        }
    }

    // « I. Principes », « II – Composition ». A separator is required (« II »
    // alone could be anything); « ) » is left to lettered clauses (« I) » after « H) »),
    // and the separator must be followed by a space so that « I.1 » stays a clause.
    let r = roman_len(s);
    if r > 0 {
        let value = roman_value(&s[..r])?;
        let after = s[r..].trim_start_matches(is_space);
        let mut chars = after.chars();
        let sep = chars.next()?;
        if !matches!(sep, '.' | ':') && !is_dash(sep) {
            return None;
        }
        let rest = chars.as_str();
        if !at_boundary(rest) {
            return None;
        }
        return Some(HeadingLine {
            part: Some(CharterPartKind::Numeral),
            label: s[..r].to_owned(),
            number: Some(value),
            simple: true,
            separator: sep.to_string(),
            rest: trim_spaces(rest).to_owned(),
        });
    }
    None
}

/// « Préambule », « PRÉAMBULE : », « Introduction », « Sommaire » alone on their line.
fn is_unnumbered_heading(s: &str) -> bool {
    let folded = fold(s);
    let word = folded.trim_end_matches(|c: char| matches!(c, ':' | '.') || is_space(c));
    matches!(
        word,
        "preambule" | "introduction" | "sommaire" | "table des matieres"
    )
}

/// « 3 », « - 3 - », « – 3 – », « Page 3 », « page 3/12 », « Page 3 sur 12 », « p. 3 », « 3/12 ».
fn is_page_number(s: &str) -> bool {
    let digits_only = |t: &str| (1..=3).contains(&t.len()) && ascii_digits(t) == t.len();
    if digits_only(s) {
        return true;
    }
    // « - 3 - »
    let inner = s.trim_matches(|c: char| is_dash(c) || is_space(c));
    if inner.len() < s.len() && s.starts_with(is_dash) && s.ends_with(is_dash) && digits_only(inner)
    {
        return true;
    }
    let folded = fold(s);
    let t = folded
        .strip_prefix("page")
        .or_else(|| folded.strip_prefix("p."))
        .map_or(folded.as_str(), |t| t.trim_start_matches(is_space));
    let had_prefix = t.len() < folded.len();
    let n = ascii_digits(t);
    if !(1..=3).contains(&n) {
        return false;
    }
    let after = t[n..].trim_start_matches(is_space);
    if after.is_empty() {
        return had_prefix;
    }
    let Some(total) = after
        .strip_prefix('/')
        .or_else(|| after.strip_prefix("sur"))
        .map(|r| r.trim_start_matches(is_space))
    else {
        return false;
    };
    let m = ascii_digits(total);
    if !(1..=3).contains(&m) || m != total.len() {
        return false;
    }
    // « 1/3 » alone could be a fraction, but page N of M needs N ≤ M in any case.
    let (page, of) = (t[..n].parse::<u32>(), total.parse::<u32>());
    matches!((page, of), (Ok(p), Ok(o)) if p <= o)
}

/// « Article 1 – Objet ........ 2 »: dot leaders then a page number.
fn is_toc_entry(s: &str) -> bool {
    let n = s.bytes().rev().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 3 || n == s.len() {
        return false;
    }
    let before = s[..s.len() - n].trim_end_matches(is_space);
    let dots: usize = before
        .chars()
        .rev()
        .take_while(|&c| c == '.' || c == '…' || is_space(c))
        .map(|c| match c {
            '.' => 1,
            '…' => 3,
            _ => 0,
        })
        .sum();
    dots >= 3 && before.chars().any(char::is_alphabetic)
}

// ---------------------------------------------------------------------------------
// Clauses and list items
// ---------------------------------------------------------------------------------

/// The numbering scheme of an item. Items of the same scheme are siblings; an item
/// of a scheme not yet open nests under the current one. Decimal clauses nest by the
/// number of their components instead (« 2.1 » › « 2.1.2 » › « 2.1.2.1 »).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Degree,
    Decimal(usize),
    LowerAlpha,
    UpperAlpha,
    ParenNumber,
    NumberDash,
    Bullet(Bullet),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bullet {
    Dash,
    Dot,
    Circle,
    Square,
    Arrow,
    Star,
    Check,
    Plus,
}

/// Bullet characters grouped by look. Dashes are one family because word processors
/// turn « - » into « – » in some lines and not others.
fn bullet_family(c: char) -> Option<Bullet> {
    Some(match c {
        '-' | '–' | '—' | '‐' | '‑' | '−' => Bullet::Dash,
        // U+F0B7 and friends: Symbol-font bullets pasted from Word.
        '•' | '●' | '·' | '∙' | '\u{f0b7}' => Bullet::Dot,
        'o' | '◦' | '○' => Bullet::Circle,
        '▪' | '■' | '□' | '◾' | '◼' | '\u{f0a7}' => Bullet::Square,
        '►' | '▶' | '➢' | '➤' | '→' | '⇒' | '\u{f0d8}' => Bullet::Arrow,
        '*' => Bullet::Star,
        '✓' | '✔' | '\u{f0fc}' => Bullet::Check,
        '+' => Bullet::Plus,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemClass {
    Clause,
    Ordered,
    Bullet,
}

#[derive(Debug, Clone, PartialEq)]
struct ItemLine {
    key: Key,
    class: ItemClass,
    marker: String,
    text: String,
}

/// Nesting deeper than this is flattened: real charters stop at four or five levels,
/// and a hostile text must not build a tree deep enough to exhaust the stack.
const MAX_DEPTH: usize = 12;

fn parse_item(s: &str) -> Option<ItemLine> {
    let make = |key: Key, class: ItemClass, rest: &str| ItemLine {
        key,
        class,
        marker: s[..s.len() - rest.len()].to_owned(),
        text: trim_spaces(rest).to_owned(),
    };
    let digits = ascii_digits(s);
    if (1..=2).contains(&digits) {
        let rest = &s[digits..];
        // « 1° », « 1°) », « 1 ° », « 1º- » (masculine ordinal sign typed for a degree)
        let r = rest.strip_prefix(' ').unwrap_or(rest);
        if let Some(r) = r.strip_prefix(['°', 'º']) {
            let r = r.strip_prefix([')', '.', '-', '–']).unwrap_or(r);
            if at_boundary(r) {
                return Some(make(Key::Degree, ItemClass::Clause, r));
            }
        }
    }
    if let Some((depth, rest)) = decimal_marker(s) {
        return Some(make(Key::Decimal(depth), ItemClass::Clause, rest));
    }
    if (1..=2).contains(&digits) {
        let rest = &s[digits..];
        if let Some(r) = rest.strip_prefix('.').filter(|r| at_boundary(r)) {
            return Some(make(Key::Decimal(1), ItemClass::Ordered, r));
        }
        if let Some(r) = rest.strip_prefix(')').filter(|r| at_boundary(r)) {
            return Some(make(Key::ParenNumber, ItemClass::Ordered, r));
        }
        // « 1 - Les habitants »
        let r = rest.trim_start_matches(is_space);
        if r.len() < rest.len() {
            if let Some(r) = r.strip_prefix(is_dash).filter(|r| starts_with_space(r)) {
                return Some(make(Key::NumberDash, ItemClass::Ordered, r));
            }
        }
        return None;
    }
    // « (1) », « (a) », « (A) »
    if let Some(inner) = s.strip_prefix('(') {
        let d = ascii_digits(inner);
        let (key, class, len) = if (1..=2).contains(&d) {
            (Key::ParenNumber, ItemClass::Ordered, d)
        } else {
            match inner.chars().next() {
                Some(c) if c.is_ascii_lowercase() => (Key::LowerAlpha, ItemClass::Clause, 1),
                Some(c) if c.is_ascii_uppercase() => (Key::UpperAlpha, ItemClass::Clause, 1),
                _ => return None,
            }
        };
        let r = inner[len..].strip_prefix(')')?;
        return at_boundary(r).then(|| make(key, class, r));
    }
    let mut chars = s.chars();
    let first = chars.next()?;
    let after_first = chars.as_str();
    // « a) », « a. », « A) » (« A. » is left alone: « A. Dupont »)
    if first.is_ascii_alphabetic() {
        let r = if first.is_ascii_lowercase() {
            after_first.strip_prefix([')', '.'])
        } else {
            after_first.strip_prefix(')')
        };
        if let Some(r) = r.filter(|r| at_boundary(r)) {
            let key = if first.is_ascii_lowercase() {
                Key::LowerAlpha
            } else {
                Key::UpperAlpha
            };
            return Some(make(key, ItemClass::Clause, r));
        }
    }
    // Bullets need a space and some text after them: « ----- » is a rule, « -3 » a number.
    let family = bullet_family(first)?;
    if starts_with_space(after_first) && !trim_spaces(after_first).is_empty() {
        return Some(make(Key::Bullet(family), ItemClass::Bullet, after_first));
    }
    None
}

/// « 2.1 », « 2.1.2.1 », « 2.1. », « 2.1) », « I.1 »: returns the number of components
/// (at least 2) and what follows the marker. Components have at most three digits,
/// so that a date (« 12.03.2016 ») is not taken for a clause.
fn decimal_marker(s: &str) -> Option<(usize, &str)> {
    let first = match ascii_digits(s) {
        0 => {
            let r = roman_len(s);
            roman_value(&s[..r])?;
            r
        }
        d if d <= 3 => d,
        _ => return None,
    };
    let mut rest = &s[first..];
    let mut depth = 1;
    while let Some(after_dot) = rest.strip_prefix('.') {
        let d = ascii_digits(after_dot);
        if d == 0 {
            break;
        }
        if d > 3 || depth == 8 {
            return None;
        }
        depth += 1;
        rest = &after_dot[d..];
    }
    if depth < 2 {
        return None;
    }
    let rest = rest.strip_prefix(['.', ')']).unwrap_or(rest);
    at_boundary(rest).then_some((depth, rest))
}

// ---------------------------------------------------------------------------------
// Title detection
// ---------------------------------------------------------------------------------

/// The first lines form the title when they are a short block of ordinary text,
/// ended by a blank line or a heading, not ending like a sentence. Returns the title
/// and the index where the rest starts.
fn detect_title(lines: &[Line]) -> (Option<String>, usize) {
    let Some(first) = lines
        .iter()
        .position(|l| !matches!(l.kind, LineKind::Blank))
    else {
        return (None, 0);
    };
    let block: Vec<&Line> = lines[first..]
        .iter()
        .take_while(|l| matches!(l.kind, LineKind::Text { .. }))
        .collect();
    let total: usize = block.iter().map(|l| l.text.chars().count()).sum();
    let fits = !block.is_empty()
        && block.len() <= 4
        && total <= 200
        && block.iter().all(|l| l.text.chars().count() <= 100)
        && block
            .last()
            .is_some_and(|l| !l.text.ends_with(['.', ';', ',', ':']));
    if !fits {
        return (None, 0);
    }
    let title = block
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    (Some(title), first + block.len())
}

// ---------------------------------------------------------------------------------
// Heading titles
// ---------------------------------------------------------------------------------

/// Small words a wrapped heading title may end with: « Composition du conseil et » is
/// continued on the next line. The word must be in lowercase, unless the whole title
/// is in capitals (« COMPOSITION DU CONSEIL ET »): a title that is just « A » is not
/// the preposition « à ».
fn ends_with_connector(s: &str) -> bool {
    let mut words = s.split(is_space).filter(|w| !w.is_empty());
    let Some(last) = words.next_back() else {
        return false;
    };
    let all_capitals = words.next().is_some() && !s.chars().any(char::is_lowercase);
    if !all_capitals && last.chars().any(char::is_uppercase) {
        return false;
    }
    let last = fold(last);
    matches!(
        last.as_str(),
        "et" | "ou"
            | "de"
            | "du"
            | "des"
            | "la"
            | "le"
            | "les"
            | "a"
            | "au"
            | "aux"
            | "en"
            | "pour"
            | "sur"
            | "par"
            | "d'"
            | "l'"
            | "un"
            | "une"
            | "dans"
            | "avec"
    ) || last.ends_with('\'')
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// A line that can be the title of the heading just above it.
fn is_title_like(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    s.chars().count() <= 80
        && word_count(s) <= 12
        && !s.ends_with(['.', ',', ';', ':'])
        && (first.is_uppercase() || matches!(first, '«' | '"' | '“'))
        && s.chars().any(char::is_alphabetic)
}

/// Works out a heading's title. Returns the title, text that turned out to be the
/// start of the body (« Article 4 : Le conseil se réunit au moins six fois par an… »),
/// and the index of the next line to read.
fn resolve_title(lines: &[Line], i: usize, rest: &str) -> (String, Option<String>, usize) {
    let next = lines.get(i + 1);
    if !rest.is_empty() {
        let continued_by_lowercase =
            next.is_some_and(|n| n.is_plain_text() && starts_lowercase(&n.text));
        let short_title = word_count(rest) <= 8 && !rest.contains(',');
        let wrapped_title = ends_with_connector(rest) && short_title;
        let sentence = rest.chars().count() > 120
            || (word_count(rest) >= 12 && rest.ends_with(['.', '!']))
            || (continued_by_lowercase && !wrapped_title);
        if sentence {
            return (String::new(), Some(rest.to_owned()), i + 1);
        }
        let title_end = |n: &&Line| {
            n.is_plain_text()
                && n.text.chars().count() <= 80
                && !n.text.ends_with(['.', ',', ';', ':'])
        };
        if let Some(n) = next.filter(|n| wrapped_title && title_end(n)) {
            return (format!("{rest} {}", n.text), None, i + 2);
        }
        return (rest.to_owned(), None, i + 1);
    }
    // « Article 9 » then « Fonctionnement des réunions » on the next non-blank line,
    // provided that line stands alone (not the first line of a wrapped sentence).
    let j = (i + 1..lines.len())
        .find(|&j| !matches!(lines[j].kind, LineKind::Blank))
        .unwrap_or(lines.len());
    if let Some(candidate) = lines.get(j) {
        let stands_alone = match lines.get(j + 1) {
            None => true,
            Some(l) if matches!(l.kind, LineKind::Text { .. }) => !starts_lowercase(&l.text),
            Some(_) => true,
        };
        if candidate.is_plain_text() && is_title_like(&candidate.text) && stands_alone {
            return (candidate.text.clone(), None, j + 1);
        }
    }
    (String::new(), None, i + 1)
}

// ---------------------------------------------------------------------------------
// Bodies: lines to nodes
// ---------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FlatKind {
    Paragraph,
    Heading,
    PageNumber,
    Item,
}

/// One block of a body before nesting: a paragraph, heading, page number or item,
/// with its wrapped lines already joined.
#[derive(Clone)]
struct Flat {
    kind: FlatKind,
    item: Option<ItemLine>,
    indent: usize,
    text: String,
    line: u32,
    /// Placed inside the current item instead of closing it: a page number, and the
    /// text glued to it, interrupt a list without ending it.
    soft: bool,
}

enum AfterItem {
    /// A paragraph inside the item (a child).
    Inside,
    /// A paragraph after the list or clauses, at the level of the body.
    After,
}

/// The blocks of the preamble, a part's introduction or an article, as lines arrive.
/// `Clone` so that [`body_to_text`] can try a line and step back.
#[derive(Default, Clone)]
struct Body {
    flats: Vec<Flat>,
    /// The last block may be continued by the next line (no blank line in between).
    open: bool,
    /// The previous line was a page number, with no blank line since.
    after_page: bool,
    /// The last line of text read into the open block, to notice a line repeated
    /// right after itself (it is glued into the same paragraph, so the paragraph
    /// duplicate check cannot see it).
    last_line: Option<(u32, String)>,
    /// (line, line it repeats, text)
    repeats: Vec<(u32, u32, String)>,
}

impl Body {
    /// Reads a line of the body. Article and part headings are the caller's: they end
    /// the body (in a body typed in the editor, [`classify_in_body`] never makes one).
    fn read(&mut self, line: &Line) {
        match &line.kind {
            LineKind::Blank => self.blank(),
            LineKind::PageNumber => self.page(line.no, &line.text),
            LineKind::Toc => self.standalone(line.no, &line.text),
            LineKind::Unnumbered => self.heading(line.no, &line.text),
            LineKind::Text { .. } | LineKind::Numbered(_) => self.text(line.no, &line.text),
            LineKind::Item(item) => self.item(line.no, line.indent, item.clone()),
        }
    }

    /// Forgets all blocks but the last: reading a line only looks at that one.
    fn keep_last(&mut self) {
        let older = self.flats.len().saturating_sub(1);
        self.flats.drain(..older);
        self.repeats.clear();
    }

    fn blank(&mut self) {
        self.open = false;
        self.after_page = false;
        self.last_line = None;
    }

    fn push(&mut self, kind: FlatKind, line: u32, text: &str, open: bool) {
        let soft = kind == FlatKind::PageNumber || (kind == FlatKind::Paragraph && self.after_page);
        self.push_flat(kind, line, text, open, soft);
    }

    fn push_flat(&mut self, kind: FlatKind, line: u32, text: &str, open: bool, soft: bool) {
        self.flats.push(Flat {
            kind,
            item: None,
            indent: 0,
            text: text.to_owned(),
            line,
            soft,
        });
        self.open = open;
        self.after_page = kind == FlatKind::PageNumber;
        self.last_line = (kind == FlatKind::Paragraph).then(|| (line, text.to_owned()));
    }

    /// A line of text: continues the open block, or starts a paragraph.
    fn text(&mut self, line: u32, text: &str) {
        match self.after_item(text) {
            Some(AfterItem::Inside) => {
                return self.push_flat(FlatKind::Paragraph, line, text, true, true);
            }
            Some(AfterItem::After) => {
                return self.push_flat(FlatKind::Paragraph, line, text, true, false);
            }
            None => {}
        }
        if self.open {
            if let Some(last) = self.flats.last_mut() {
                if !last.text.is_empty() {
                    last.text.push(' ');
                }
                last.text.push_str(text);
                if let Some((previous, _)) = self.last_line.as_ref().filter(|(_, t)| t == text) {
                    self.repeats.push((line, *previous, text.to_owned()));
                }
                self.last_line = Some((line, text.to_owned()));
                return;
            }
        }
        self.push(FlatKind::Paragraph, line, text, true);
    }

    /// Whether a line right after an open item starts a paragraph instead of
    /// continuing the item. Wrapped items go on in lowercase, or after a comma or a
    /// small word (« un représentant de la » / « Ville de Lyon »). Otherwise a capital
    /// starts something new: the text of a heading-like clause (« 5.1 Convocation »
    /// / « La convocation… »), another sentence of a decimal clause (« 2.1.1 …
    /// écrite. » / « Elle est… »), or a paragraph after the list (« b) … du
    /// quartier. » / « Le collège… »).
    fn after_item(&self, text: &str) -> Option<AfterItem> {
        if !self.open || !text.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let last = self.flats.last()?;
        let item = last.item.as_ref()?;
        let previous = self
            .last_line
            .as_ref()
            .map_or(last.text.as_str(), |(_, t)| t);
        if item.class != ItemClass::Bullet && is_title_like(&last.text) {
            return Some(AfterItem::Inside);
        }
        if previous.is_empty() || previous.ends_with(',') || ends_with_connector(previous) {
            return None;
        }
        Some(match item.key {
            Key::Decimal(d) if d >= 2 => AfterItem::Inside,
            _ => AfterItem::After,
        })
    }

    fn item(&mut self, line: u32, indent: usize, item: ItemLine) {
        let text = item.text.clone();
        self.flats.push(Flat {
            kind: FlatKind::Item,
            indent,
            text: item.text.clone(),
            item: Some(item),
            line,
            soft: false,
        });
        self.open = true;
        self.after_page = false;
        self.last_line = Some((line, text));
    }

    fn page(&mut self, line: u32, text: &str) {
        self.push(FlatKind::PageNumber, line, text, false);
    }

    /// A paragraph that nothing continues (a table-of-contents line).
    fn standalone(&mut self, line: u32, text: &str) {
        self.push(FlatKind::Paragraph, line, text, false);
    }

    fn heading(&mut self, line: u32, text: &str) {
        self.push(FlatKind::Heading, line, text, false);
    }

    /// Nests the blocks and returns the nodes. Paragraph and item texts are handed to
    /// `ctx` for the duplicate check, done once the whole text is read.
    fn into_nodes(self, ctx: &mut Ctx) -> Vec<CharterNode> {
        for f in &self.flats {
            if matches!(f.kind, FlatKind::Paragraph | FlatKind::Item) {
                ctx.texts.push((f.line, f.text.clone()));
            }
        }
        for (line, previous, text) in &self.repeats {
            if word_count(text) >= MIN_DUPLICATE_WORDS {
                ctx.note(
                    *line,
                    CharterNoteKind::DuplicateParagraph,
                    format!(
                        "Cette ligne répète la ligne {previous}\u{a0}: {}\u{a0}; les deux \
                         sont conservées dans le même paragraphe.",
                        quote(text)
                    ),
                );
            }
        }
        let depths = nesting_depths(&self.flats);
        let mut it = depths.into_iter().zip(self.flats).peekable();
        build_level(&mut it, 0)
    }
}

struct Open {
    key: Key,
    indent: usize,
}

/// The depth of each block. Items keep a stack of open numbering schemes: an item of
/// a scheme already open closes what was opened after it and becomes its sibling;
/// an item of a new scheme nests under the current item (unless it is indented less
/// than the open items, which closes them). A paragraph after a blank line closes
/// everything; page numbers and the text glued to them stay inside.
fn nesting_depths(flats: &[Flat]) -> Vec<usize> {
    let mut stack: Vec<Open> = Vec::new();
    let mut depths = Vec::with_capacity(flats.len());
    for f in flats {
        let depth = match (&f.item, f.soft) {
            (Some(item), _) => {
                let indent = f.indent;
                let found = match item.key {
                    Key::Decimal(d) => stack
                        .iter()
                        .position(|o| matches!(o.key, Key::Decimal(e) if e >= d)),
                    Key::Bullet(_) => stack
                        .iter()
                        .position(|o| o.key == item.key && o.indent.abs_diff(indent) <= 1),
                    key => stack.iter().position(|o| o.key == key),
                };
                match found {
                    Some(p) => stack.truncate(p),
                    None => {
                        while stack.last().is_some_and(|o| o.indent > indent + 1) {
                            stack.pop();
                        }
                    }
                }
                stack.truncate(MAX_DEPTH - 1);
                let depth = stack.len();
                stack.push(Open {
                    key: item.key,
                    indent,
                });
                depth
            }
            (None, true) => stack.len(),
            (None, false) => {
                stack.clear();
                0
            }
        };
        depths.push(depth);
    }
    depths
}

type FlatIter =
    std::iter::Peekable<std::iter::Zip<std::vec::IntoIter<usize>, std::vec::IntoIter<Flat>>>;

/// Builds the nodes of one level: takes blocks while their depth is at least `depth`,
/// and gives each item the deeper blocks that follow it. Consecutive list items of
/// the same scheme share one `List`. (By construction a block is never more than one
/// level deeper than the item before it; if one were, it would simply be kept at this
/// level, never dropped.)
fn build_level(it: &mut FlatIter, depth: usize) -> Vec<CharterNode> {
    let mut nodes = Vec::new();
    let mut list_key: Option<Key> = None;
    while it.peek().is_some_and(|(d, _)| *d >= depth) {
        let Some((_, flat)) = it.next() else { break };
        let Some(item) = flat.item else {
            list_key = None;
            nodes.push(match flat.kind {
                FlatKind::Heading => CharterNode::Heading { text: flat.text },
                _ => CharterNode::Paragraph { text: flat.text },
            });
            continue;
        };
        let children = build_level(it, depth + 1);
        match item.class {
            ItemClass::Clause => {
                list_key = None;
                nodes.push(CharterNode::Clause {
                    label: item.marker,
                    text: flat.text,
                    children,
                });
            }
            ItemClass::Ordered | ItemClass::Bullet => {
                let list_item = CharterListItem {
                    marker: item.marker,
                    text: flat.text,
                    children,
                };
                match nodes.last_mut() {
                    Some(CharterNode::List { items, .. }) if list_key == Some(item.key) => {
                        items.push(list_item)
                    }
                    _ => {
                        nodes.push(CharterNode::List {
                            ordered: item.class == ItemClass::Ordered,
                            items: vec![list_item],
                        });
                        list_key = Some(item.key);
                    }
                }
            }
        }
    }
    nodes
}

// ---------------------------------------------------------------------------------
// One body edited as text
// ---------------------------------------------------------------------------------

/// Reads the body of one article, the preamble or an annex as the user typed it in
/// the charter editor. Paragraphs, « Préambule »-like headings, clauses and lists are
/// recognised and nested by the very code that reads an imported charter, so that a
/// body means the same whether it was imported or typed.
///
/// Nothing in a body opens an article or a part, and a body has no pages nor table of
/// contents: « Article 4 », « II. Titre » or « 3 » on a line of its own are text, and
/// join the paragraph around them like any other line (see [`classify_in_body`]).
/// Like [`parse_charter_text`], it never fails and keeps every visible character, in
/// order. What the importer would note is not reported: the user is looking at the
/// text already.
pub fn parse_body(text: &str) -> Vec<CharterNode> {
    let mut body = Body::default();
    for (i, raw) in split_lines(text).into_iter().enumerate() {
        body.read(&Line::in_body(line_number(i), raw));
    }
    body.into_nodes(&mut Ctx::default())
}

/// The text of a body as the editor shows it, which [`parse_body`] reads back as the
/// same nodes: paragraphs and headings separated by a blank line, one line per
/// clause or list item (`label text`), sub-items two spaces further right than their
/// item, no trailing newline.
///
/// The text is searched for rather than printed, because the parser is tolerant and
/// the tolerance is not always reversible on one line: a paragraph read from the
/// lines « - » and « le conseil » reads as a list item once joined into « - le
/// conseil ». So each block is first written on one line and read back by the
/// parser's own state machine; if it does not come back as the same block, its text
/// is broken at other spaces (the lines it was read from are among the candidates)
/// until it does. Whatever the parser produced can so be written back exactly.
///
/// Nodes the parser never produces (a list item whose marker is not one, a paragraph
/// that is not the first child of an item, a clause without a label…) cannot always
/// be written exactly: they get the closest text, all their words in order, which
/// then reads back to a fixed point.
pub fn body_to_text(nodes: &[CharterNode]) -> String {
    let mut blocks = Vec::new();
    lay_out(nodes, 0, true, &mut blocks);
    // Only nodes built by hand can have no text; there is nothing to show for them.
    blocks.retain(|b| matches!(b.shape, Shape::Item { .. }) || !trim_spaces(b.text).is_empty());
    let mut w = Writer::default();
    let mut previous: Option<Shape> = None;
    let mut i = 0;
    while let Some(&block) = blocks.get(i) {
        w.reader.keep_last();
        let separate = match block.shape {
            Shape::Paragraph { soft } => !soft,
            Shape::Heading => true,
            // Not needed by the parser (an item line never continues a paragraph),
            // but a list reads better apart from the sentence that introduces it.
            Shape::Item { .. } => matches!(
                previous,
                Some(Shape::Heading | Shape::Paragraph { soft: false })
            ),
        };
        if separate {
            w.blank();
        }
        // A paragraph inside an item must follow it directly, and whether it is read
        // as such depends on how the item's last line ends: they are written together.
        // (It must begin with a capital: see `Body::after_item`.)
        let inside = blocks.get(i + 1).copied().filter(|next| {
            matches!(block.shape, Shape::Item { .. })
                && next.shape == (Shape::Paragraph { soft: true })
                && next.text.chars().next().is_some_and(char::is_uppercase)
        });
        if let Some(inside) = inside {
            if w.place(block, Some(inside)) {
                previous = Some(inside.shape);
                i += 2;
                continue;
            }
        }
        if w.place(block, None) {
            previous = Some(block.shape);
        } else if block.shape == (Shape::Paragraph { soft: true }) {
            // No text puts it inside the item above: it becomes a paragraph of the
            // body, after the item, rather than being glued to the item's text.
            let alone = Block {
                shape: Shape::Paragraph { soft: false },
                ..block
            };
            w.blank();
            if !w.place(alone, None) {
                w.write_as_is(alone);
            }
            previous = Some(alone.shape);
        } else {
            w.write_as_is(block);
            previous = Some(block.shape);
        }
        i += 1;
    }
    w.lines.join("\n")
}

/// A block to write: a paragraph (`soft` when it is inside an item), a heading, or
/// the first line of an item, whose sub-blocks follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape<'a> {
    Paragraph { soft: bool },
    Heading,
    Item { marker: &'a str, class: ItemClass },
}

#[derive(Debug, Clone, Copy)]
struct Block<'a> {
    shape: Shape<'a>,
    text: &'a str,
    /// Spaces before the first line. Only an item's counts for the parser.
    indent: usize,
}

/// Flattens `nodes` into blocks, in reading order, and chooses each item's
/// indentation. The parser nests an item under the one above it unless it finds its
/// own numbering scheme open (« 2° » after « 1° »), or the item is indented less than
/// the open ones. So an item stands two spaces right of its parent and siblings stand
/// at the same indentation, except that an item followed by a sibling that would not
/// find its scheme open (« - » then « 1° », « 2.1 » then « 2.1.1 » read as siblings)
/// must stand two spaces further right than that sibling, or the sibling would be
/// read as its child. Indentations are therefore worked out from the last sibling
/// back. (Bullets are siblings only at the same indentation, which siblings get.)
fn lay_out<'a>(nodes: &'a [CharterNode], base: usize, top: bool, out: &mut Vec<Block<'a>>) {
    enum Piece<'a> {
        Block(Block<'a>),
        Item(Block<'a>, Option<Key>, &'a [CharterNode]),
    }
    let item = |marker: &'a str, class: ItemClass, text: &'a str, children: &'a [CharterNode]| {
        Piece::Item(
            Block {
                shape: Shape::Item { marker, class },
                text,
                indent: base,
            },
            parse_item(&format!("{marker} x")).map(|i| i.key),
            children,
        )
    };
    let mut pieces = Vec::new();
    for node in nodes {
        match node {
            CharterNode::Paragraph { text } => pieces.push(Piece::Block(Block {
                shape: Shape::Paragraph { soft: !top },
                text,
                indent: base,
            })),
            CharterNode::Heading { text } => pieces.push(Piece::Block(Block {
                shape: Shape::Heading,
                text,
                indent: 0,
            })),
            CharterNode::List { ordered, items } => {
                let class = if *ordered {
                    ItemClass::Ordered
                } else {
                    ItemClass::Bullet
                };
                pieces.extend(
                    items
                        .iter()
                        .map(|i| item(&i.marker, class, &i.text, &i.children)),
                );
            }
            CharterNode::Clause {
                label,
                text,
                children,
            } => pieces.push(item(label, ItemClass::Clause, text, children)),
        }
    }
    // The indentation and scheme of the next sibling, from the last one back. A
    // paragraph or heading of the body closes every open item, so siblings on either
    // side of it do not see each other; a paragraph inside an item closes nothing.
    let mut next: Option<(usize, Option<Key>)> = None;
    for piece in pieces.iter_mut().rev() {
        match piece {
            Piece::Block(b) => {
                if top || b.shape == Shape::Heading {
                    next = None;
                }
            }
            Piece::Item(b, key, _) => {
                if let Some((indent, next_key)) = next {
                    b.indent = indent + if continues(*key, next_key) { 0 } else { 2 };
                }
                next = Some((b.indent, *key));
            }
        }
    }
    for piece in pieces {
        match piece {
            Piece::Block(b) => out.push(b),
            Piece::Item(b, _, children) => {
                out.push(b);
                lay_out(children, b.indent + 2, false, out);
            }
        }
    }
}

/// Whether an item of scheme `next`, coming after an item of scheme `prev` (and its
/// sub-items), finds `prev`'s scheme open whatever the indentation, and so is read as
/// its sibling (see [`nesting_depths`]). `None` is a marker the parser does not know.
fn continues(prev: Option<Key>, next: Option<Key>) -> bool {
    match (prev, next) {
        (Some(Key::Decimal(e)), Some(Key::Decimal(d))) => e >= d,
        (Some(p), Some(n)) => p == n,
        _ => false,
    }
}

fn indented(indent: usize, text: &str) -> String {
    format!("{:indent$}{text}", "")
}

/// The lines written so far and the parser having read them.
#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    /// Only its last block is kept (see [`Body::keep_last`]), so that trying a line
    /// costs a copy of one block, not of the whole body.
    reader: Body,
}

impl Writer {
    fn blank(&mut self) {
        if !self.lines.is_empty() {
            self.lines.push(String::new());
            self.reader.blank();
        }
    }

    /// Writes `block`, then `inside` (a paragraph inside it) if given, in lines that
    /// read back as them; false, with nothing written, if the search finds none.
    fn place(&mut self, block: Block, inside: Option<Block>) -> bool {
        let mut budget = SEARCH_BUDGET;
        let mut lines = Vec::new();
        match place(&self.reader, block, inside, &mut budget, &mut lines) {
            Some(reader) => {
                self.lines.extend(lines);
                self.reader = reader;
                true
            }
            None => false,
        }
    }

    /// The closest text when no text reads back as `block`: everything on one line.
    fn write_as_is(&mut self, block: Block) {
        let line = match block.shape {
            Shape::Item { marker, .. } => format!("{marker} {}", block.text),
            _ => block.text.to_owned(),
        };
        // Line breaks inside the texts of hand-built nodes must not start new lines.
        let line = indented(block.indent, &normalize_line(&line).1);
        self.reader.read(&Line::in_body(0, &line));
        self.lines.push(line);
    }
}

/// After an item's first line, when that line is the marker alone.
const MARKER_ALONE: usize = usize::MAX;

/// Lines tried per block, at most. The texts the parser produces are found in a few
/// dozen; the bound is for hand-built nodes that no text gives, so that writing them
/// costs milliseconds, not seconds, however long their text.
const SEARCH_BUDGET: usize = 512;

/// How many spaces at each end of the remaining text may end a line. The parser
/// decides by how a line begins (a marker, « Table des matières ») and by how the
/// line before ends (a comma, « et »), so the breaks that matter are near the words
/// concerned: the first words of the text or the last ones before a paragraph
/// inside an item. Trying every space would make the search quadratic.
const NEAR_ENDS: usize = 6;

/// The search for the lines of one block: a depth-first walk over where its lines
/// break, longest lines first (fewest lines), with each line read by a copy of the
/// parser and given up as soon as the block does not read as expected.
struct Search<'a> {
    block: Block<'a>,
    /// A paragraph inside the item, which must read as such right after it.
    inside: Option<Block<'a>>,
    /// The plain spaces of the text, where a line may end. Not the non-breaking
    /// ones: the parser joins lines with a plain space, and keeps the others.
    spaces: Vec<usize>,
    /// (start of the last line, start of the next one) from which no lines were found.
    /// These two positions are the whole state of the parser while a block is read:
    /// the block's text so far, and the last line for what `Body::after_item` checks.
    failed: HashSet<(usize, Option<usize>)>,
}

fn place(
    reader: &Body,
    block: Block,
    inside: Option<Block>,
    budget: &mut usize,
    lines: &mut Vec<String>,
) -> Option<Body> {
    let mut search = Search {
        block,
        inside,
        spaces: block.text.match_indices(' ').map(|(i, _)| i).collect(),
        failed: HashSet::new(),
    };
    search.first_line(reader, budget, lines)
}

impl Search<'_> {
    fn first_line(
        &mut self,
        reader: &Body,
        budget: &mut usize,
        lines: &mut Vec<String>,
    ) -> Option<Body> {
        let text = self.block.text;
        // (line, start of the text on it, end of the text on it)
        let mut candidates = Vec::new();
        for end in self.line_ends(0) {
            let segment = text.get(..end)?;
            let line = match self.block.shape {
                Shape::Item { marker, .. } if segment.is_empty() => marker.to_owned(),
                Shape::Item { marker, .. } => format!("{marker} {segment}"),
                _ => segment.to_owned(),
            };
            candidates.push((line, 0, end));
        }
        // « 1. » alone on its line, the text below: how a numbered item can begin
        // with what would otherwise read as part of its marker.
        if let Shape::Item { marker, .. } = self.block.shape {
            if !text.is_empty() {
                candidates.push((marker.to_owned(), MARKER_ALONE, 0));
            }
        }
        for (line, start, end) in candidates {
            let line = indented(self.block.indent, &line);
            let Some(state) = self.read(reader, &line, true, end, budget) else {
                continue;
            };
            lines.push(line);
            let next = if start == MARKER_ALONE {
                Some(0)
            } else {
                self.after(end)
            };
            if let Some(done) = self.rest(&state, start, next, budget, lines) {
                return Some(done);
            }
            lines.pop();
        }
        None
    }

    /// The lines from `next` on, the last line having started at `start`; `None`
    /// for `next` when the whole text is written.
    fn rest(
        &mut self,
        state: &Body,
        start: usize,
        next: Option<usize>,
        budget: &mut usize,
        lines: &mut Vec<String>,
    ) -> Option<Body> {
        if self.failed.contains(&(start, next)) {
            return None;
        }
        let found = match next {
            None => match self.inside {
                None => Some(state.clone()),
                Some(inside) => place(state, inside, None, budget, lines),
            },
            Some(from) => self.continuation(state, from, budget, lines),
        };
        if found.is_none() {
            self.failed.insert((start, next));
        }
        found
    }

    fn continuation(
        &mut self,
        state: &Body,
        from: usize,
        budget: &mut usize,
        lines: &mut Vec<String>,
    ) -> Option<Body> {
        // Continuation lines are aligned with the item's text; the parser ignores
        // the indentation of text.
        let indent = match self.block.shape {
            Shape::Item { .. } => self.block.indent + 2,
            _ => self.block.indent,
        };
        for end in self.line_ends(from) {
            let Some(segment) = self.block.text.get(from..end) else {
                continue;
            };
            let line = indented(indent, segment);
            let Some(next_state) = self.read(state, &line, false, end, budget) else {
                continue;
            };
            lines.push(line);
            if let Some(done) = self.rest(&next_state, from, self.after(end), budget, lines) {
                return Some(done);
            }
            lines.pop();
        }
        None
    }

    /// Where a line starting at `from` may end, in the order tried: the end of the
    /// text (one line reads best), then the last spaces (long lines), then the first
    /// ones (short lines); see [`NEAR_ENDS`].
    fn line_ends(&self, from: usize) -> Vec<usize> {
        let spaces: Vec<usize> = self.spaces.iter().copied().filter(|&s| s > from).collect();
        let mut ends = vec![self.block.text.len()];
        for &end in spaces
            .iter()
            .rev()
            .take(NEAR_ENDS)
            .chain(spaces.iter().take(NEAR_ENDS).rev())
        {
            if !ends.contains(&end) {
                ends.push(end);
            }
        }
        ends
    }

    /// Where the line after one ending at `end` starts (past the space).
    fn after(&self, end: usize) -> Option<usize> {
        (end < self.block.text.len()).then_some(end + 1)
    }

    /// Reads `line` into a copy of `state`. The copy if the block reads as expected
    /// so far: started by this line (`starts`) or continued by it, with the text up
    /// to `end`.
    fn read(
        &self,
        state: &Body,
        line: &str,
        starts: bool,
        end: usize,
        budget: &mut usize,
    ) -> Option<Body> {
        *budget = budget.checked_sub(1)?;
        let mut copy = state.clone();
        copy.read(&Line::in_body(0, line));
        let last = copy.flats.last()?;
        let as_expected = copy.flats.len() == state.flats.len() + usize::from(starts)
            && self.block.text.get(..end) == Some(last.text.as_str())
            && (!starts || starts_as(last, self.block.shape));
        as_expected.then_some(copy)
    }
}

fn starts_as(flat: &Flat, shape: Shape) -> bool {
    match (shape, &flat.item) {
        (Shape::Paragraph { soft }, None) => flat.kind == FlatKind::Paragraph && flat.soft == soft,
        (Shape::Heading, None) => flat.kind == FlatKind::Heading,
        (Shape::Item { marker, class }, Some(item)) => item.marker == marker && item.class == class,
        _ => false,
    }
}

// ---------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------

/// Short texts repeat legitimately (« Néant. », « - les habitants ; »): only longer
/// ones are reported as duplicates.
const MIN_DUPLICATE_WORDS: usize = 5;

#[derive(Default)]
struct Ctx {
    notes: Vec<CharterImportNote>,
    /// (line, text) of every paragraph and item, for the duplicate check.
    texts: Vec<(u32, String)>,
    last_article: Option<u32>,
    /// Article number → line of its heading, since the numbering last started at 1.
    seen_articles: HashMap<u32, u32>,
}

impl Ctx {
    fn note(&mut self, line: u32, kind: CharterNoteKind, message: String) {
        self.notes.push(CharterImportNote {
            line,
            kind,
            message,
        });
    }

    fn finish(mut self) -> Vec<CharterImportNote> {
        self.texts.sort_by_key(|(line, _)| *line);
        let mut first_seen: HashMap<&str, u32> = HashMap::new();
        let mut notes = Vec::new();
        for (line, text) in &self.texts {
            if word_count(text) < MIN_DUPLICATE_WORDS {
                continue;
            }
            match first_seen.get(text.as_str()) {
                Some(first) => notes.push(CharterImportNote {
                    line: *line,
                    kind: CharterNoteKind::DuplicateParagraph,
                    message: format!(
                        "Ce texte répète celui de la ligne {first}\u{a0}: {}\u{a0}; il est \
                         conservé deux fois, supprimez la copie si elle est en trop.",
                        quote(text)
                    ),
                }),
                None => {
                    first_seen.insert(text, *line);
                }
            }
        }
        self.notes.extend(notes);
        self.notes
    }
}

struct OpenPart {
    part: CharterPart,
    body: Body,
    line: u32,
}

struct OpenArticle {
    article: CharterArticle,
    body: Body,
    line: u32,
}

#[derive(Default)]
struct Builder {
    ctx: Ctx,
    preamble: Body,
    root: Vec<CharterSection>,
    /// Open parts, outermost first, with strictly increasing ranks.
    parts: Vec<OpenPart>,
    article: Option<OpenArticle>,
}

impl Builder {
    /// Where the next line of text goes.
    fn body(&mut self) -> &mut Body {
        if let Some(a) = self.article.as_mut() {
            &mut a.body
        } else if let Some(p) = self.parts.last_mut() {
            &mut p.body
        } else {
            &mut self.preamble
        }
    }

    fn push_section(&mut self, section: CharterSection) {
        match self.parts.last_mut() {
            Some(p) => p.part.sections.push(section),
            None => self.root.push(section),
        }
    }

    fn close_article(&mut self) {
        let Some(open) = self.article.take() else {
            return;
        };
        let mut article = open.article;
        article.body = open.body.into_nodes(&mut self.ctx);
        if article.body.is_empty() {
            self.ctx.note(
                open.line,
                CharterNoteKind::EmptySection,
                format!("{} n'a pas de texte.", quote(&article.label)),
            );
        }
        self.push_section(CharterSection::Article(article));
    }

    fn close_part(&mut self) {
        let Some(open) = self.parts.pop() else {
            return;
        };
        let mut part = open.part;
        part.body = open.body.into_nodes(&mut self.ctx);
        if part.body.is_empty() && part.sections.is_empty() {
            self.ctx.note(
                open.line,
                CharterNoteKind::EmptySection,
                format!("{} n'a ni texte ni article.", quote(&part.label)),
            );
        }
        self.push_section(CharterSection::Part(part));
    }

    fn open_part(&mut self, kind: CharterPartKind, part: CharterPart, line: u32) {
        self.close_article();
        while self
            .parts
            .last()
            .is_some_and(|p| p.part.kind.rank() >= kind.rank())
        {
            self.close_part();
        }
        self.parts.push(OpenPart {
            part,
            body: Body::default(),
            line,
        });
    }

    fn open_article(&mut self, article: CharterArticle, line: u32) {
        self.close_article();
        self.article = Some(OpenArticle {
            article,
            body: Body::default(),
            line,
        });
    }

    /// Notes numbers that skip, go back or repeat. Numbering may restart at 1 (some
    /// charters number the articles of each part separately).
    fn check_numbering(&mut self, h: &HeadingLine, line: u32) {
        let (Some(n), true) = (h.number, h.simple) else {
            return;
        };
        let ctx = &mut self.ctx;
        if n == 1 {
            ctx.seen_articles.clear();
        }
        if let Some(&first) = ctx.seen_articles.get(&n) {
            let message = format!(
                "Deux articles portent le numéro {n} (lignes {first} et {line})\u{a0}; les \
                 deux sont conservés."
            );
            ctx.note(line, CharterNoteKind::Numbering, message);
        } else if let Some(prev) = ctx.last_article.filter(|&p| n != 1 && n != p + 1) {
            let message = if n > prev {
                format!(
                    "L'article {n} suit l'article {prev}\u{a0}: il manque peut-être un article."
                )
            } else {
                format!(
                    "L'article {n} suit l'article {prev}\u{a0}: la numérotation n'est pas dans \
                     l'ordre."
                )
            };
            ctx.note(line, CharterNoteKind::Numbering, message);
        }
        ctx.seen_articles.entry(n).or_insert(line);
        ctx.last_article = Some(n);
    }

    fn finish(mut self) -> (Vec<CharterNode>, Vec<CharterSection>, Ctx) {
        self.close_article();
        while !self.parts.is_empty() {
            self.close_part();
        }
        let preamble = std::mem::take(&mut self.preamble).into_nodes(&mut self.ctx);
        (preamble, self.root, self.ctx)
    }
}

// ---------------------------------------------------------------------------------
// Line-level notes
// ---------------------------------------------------------------------------------

/// Page numbers, table-of-contents entries, doubtful headings and placeholders, noted
/// line by line whatever the structure around them.
fn note_line_defects(lines: &[Line], ctx: &mut Ctx) {
    let mut previous_was_toc = false;
    for line in lines {
        match line.kind {
            LineKind::PageNumber => ctx.note(
                line.no,
                CharterNoteKind::PageNumber,
                format!(
                    "La ligne {} ressemble à un numéro de page\u{a0}; elle est conservée \
                     comme paragraphe.",
                    quote(&line.text)
                ),
            ),
            // One note for a whole table of contents, not one per entry.
            LineKind::Toc if !previous_was_toc => ctx.note(
                line.no,
                CharterNoteKind::TableOfContents,
                format!(
                    "Cette ligne ressemble à une entrée de sommaire\u{a0}: {}\u{a0}; le \
                     sommaire est conservé en paragraphes.",
                    quote(&line.text)
                ),
            ),
            LineKind::Text {
                looks_like_heading: true,
            } => ctx.note(
                line.no,
                CharterNoteKind::UnrecognisedHeading,
                format!(
                    "La ligne {} commence comme un titre d'article, mais son numéro n'a pas \
                     été reconnu\u{a0}; elle est conservée comme texte.",
                    quote(&line.text)
                ),
            ),
            _ => {}
        }
        if !matches!(line.kind, LineKind::Blank) {
            previous_was_toc = matches!(line.kind, LineKind::Toc);
        }
        // Dot leaders of a table of contents are not fill-in dots.
        let checked = match line.kind {
            LineKind::Toc => line
                .text
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .trim_end_matches(|c: char| c == '.' || c == '…' || is_space(c)),
            _ => line.text.as_str(),
        };
        let found = placeholders(checked);
        if !found.is_empty() {
            let list = found
                .iter()
                .map(|p| quote(p))
                .collect::<Vec<_>>()
                .join(", ");
            ctx.note(
                line.no,
                CharterNoteKind::Placeholder,
                format!(
                    "Texte à compléter ou provisoire\u{a0}: {list}\u{a0}; il est conservé tel \
                     quel."
                ),
            );
        }
    }
}

/// The unfinished bits of a line: « [À COMPLÉTER] », « <nom> », « XXX », « XX/XX/XXXX »,
/// a lone « ... » or « … », « ........ », « ____ », « ?? », « à préciser », « TODO ».
/// An ellipsis glued to a word (« associations… ») is ordinary French and is left alone.
fn placeholders(text: &str) -> Vec<String> {
    // A set beside the list: a line of thousands of « [pN] » stays linear, and a
    // note lists at most a handful of them (the text itself is kept whole anyway).
    const MAX_LISTED: usize = 12;
    let mut seen = std::collections::HashSet::new();
    let mut add = |s: &str, found: &mut Vec<String>| {
        if found.len() < MAX_LISTED && seen.insert(s.to_owned()) {
            found.push(s.to_owned());
        }
    };
    let mut found: Vec<String> = Vec::new();
    // Bracketed fill-ins.
    for (open, close) in [('[', ']'), ('<', '>'), ('{', '}')] {
        let mut rest = text;
        while let Some(start) = rest.find(open) {
            let after = &rest[start + open.len_utf8()..];
            let Some(end) = after.find(close) else { break };
            add(
                &rest[start..start + open.len_utf8() + end + close.len_utf8()],
                &mut found,
            );
            rest = &after[end + close.len_utf8()..];
        }
    }
    for token in text.split(is_space).filter(|t| !t.is_empty()) {
        let core = token.trim_matches(|c: char| {
            matches!(
                c,
                ',' | ';' | ':' | '(' | ')' | '«' | '»' | '"' | '\'' | '!' | '?'
            )
        });
        let xs = core.chars().filter(|c| matches!(c, 'x' | 'X')).count();
        let only_x = !core.is_empty()
            && core
                .chars()
                .all(|c| matches!(c, 'x' | 'X' | '/' | '.' | '-'));
        let only_dots = !core.is_empty() && core.chars().all(|c| c == '.' || c == '…');
        let dot_count: usize = core
            .chars()
            .map(|c| match c {
                '.' => 1,
                '…' => 3,
                _ => 0,
            })
            .sum();
        if (only_x && xs >= 3)
            || (only_dots && dot_count >= 3)
            || core.contains("....")
            || core.contains("___")
            || token.contains("??")
            || matches!(fold(core).as_str(), "todo" | "tbd")
        {
            add(token, &mut found);
        }
    }
    let folded = fold(text);
    for phrase in [
        "a completer",
        "a preciser",
        "a definir",
        "a remplir",
        "a renseigner",
    ] {
        if found.iter().any(|f| fold(f).contains(phrase)) {
            continue;
        }
        // Whole words only: « il va définir » is not a placeholder.
        let whole_word = folded.match_indices(phrase).find(|&(pos, _)| {
            let before = folded[..pos].chars().next_back();
            let after = folded[pos + phrase.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        });
        if let Some((pos, _)) = whole_word {
            // Quote the phrase as typed when folding kept character positions
            // (it does for French text); otherwise quote the folded phrase.
            let start = folded[..pos].chars().count();
            let original: String = text
                .chars()
                .skip(start)
                .take(phrase.chars().count())
                .collect();
            let shown = if fold(&original) == phrase {
                original.as_str()
            } else {
                phrase
            };
            add(shown, &mut found);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_on_every_kind_of_break() {
        assert_eq!(split_lines("a\r\nb\rc\nd"), vec!["a", "b", "c", "d"]);
        assert_eq!(split_lines("a\n"), vec!["a", ""]);
        assert_eq!(split_lines(""), vec![""]);
    }

    #[test]
    fn whitespace_runs_collapse_and_keep_non_breaking_spaces() {
        assert_eq!(normalize_line("\t  a \t b"), (6, "a b".to_owned()));
        assert_eq!(
            normalize_line("Article 3 \u{a0}: x\u{feff}y"),
            (0, "Article 3\u{a0}: xy".to_owned())
        );
    }

    #[test]
    fn roman_numerals_are_canonical_only() {
        assert_eq!(roman_value("I"), Some(1));
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("XXXIX"), Some(39));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("VX"), None);
        assert_eq!(roman_value("XXXX"), None);
        assert_eq!(roman_value(""), None);
    }

    #[test]
    fn numbers_in_headings() {
        fn n(s: &str) -> Option<(&str, Option<u32>, bool)> {
            parse_number(s).map(|n| (&s[..n.len], n.value, n.simple))
        }
        assert_eq!(n("1er – Objet"), Some(("1er", Some(1), true)));
        assert_eq!(n("premier"), Some(("premier", Some(1), true)));
        assert_eq!(n("PREMIER"), Some(("PREMIER", Some(1), true)));
        assert_eq!(n("unique"), Some(("unique", None, false)));
        assert_eq!(n("4 bis - x"), Some(("4 bis", Some(4), false)));
        assert_eq!(n("4.1 x"), Some(("4.1", Some(4), false)));
        assert_eq!(n("8. Titre"), Some(("8", Some(8), true)));
        assert_eq!(n("Ier"), Some(("Ier", Some(1), true)));
        assert_eq!(n("XII :"), Some(("XII", Some(12), true)));
        assert_eq!(n("1O"), None);
        assert_eq!(n("2016"), None);
        assert_eq!(n("Objet"), None);
    }

    #[test]
    fn item_markers() {
        let m = |s: &str| parse_item(s).map(|i| (i.key, i.marker, i.text));
        assert_eq!(
            m("1°) Les habitants"),
            Some((Key::Degree, "1°)".into(), "Les habitants".into()))
        );
        assert_eq!(
            m("2.1.2.1 x"),
            Some((Key::Decimal(4), "2.1.2.1".into(), "x".into()))
        );
        assert_eq!(
            m("I.1 x"),
            Some((Key::Decimal(2), "I.1".into(), "x".into()))
        );
        assert_eq!(m("1. x"), Some((Key::Decimal(1), "1.".into(), "x".into())));
        assert_eq!(
            m("(b) x"),
            Some((Key::LowerAlpha, "(b)".into(), "x".into()))
        );
        assert_eq!(
            m("• x"),
            Some((Key::Bullet(Bullet::Dot), "•".into(), "x".into()))
        );
        assert_eq!(m("12.03.2016 réunion"), None);
        assert_eq!(m("2016. Le conseil"), None);
        assert_eq!(m("-----"), None);
        assert_eq!(m("A. Dupont"), None);
    }

    #[test]
    fn page_numbers_and_tables_of_contents() {
        for s in [
            "3",
            "- 3 -",
            "– 12 –",
            "Page 3",
            "page 3/12",
            "Page 3 sur 12",
            "p. 4",
            "3/12",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in [
            "3.",
            "1/3 des membres",
            "12/3",
            "Page de garde",
            "2016",
            "-3",
        ] {
            assert!(!is_page_number(s), "{s}");
        }
        assert!(is_toc_entry("Article 1 – Objet ........ 2"));
        assert!(is_toc_entry("Préambule … 1"));
        assert!(!is_toc_entry("Le quorum est fixé à 3"));
    }

    #[test]
    fn placeholder_detection() {
        assert_eq!(
            placeholders("Quartier [À COMPLÉTER]."),
            vec!["[À COMPLÉTER]"]
        );
        assert_eq!(
            placeholders("le XX/XX/XXXX à XXX"),
            vec!["XX/XX/XXXX", "XXX"]
        );
        assert_eq!(placeholders("les membres ... et"), vec!["..."]);
        assert_eq!(
            placeholders("associations, habitants…"),
            Vec::<String>::new()
        );
        assert_eq!(placeholders("délai à préciser."), vec!["à préciser"]);
        assert_eq!(placeholders("Signature : ________"), vec!["________"]);
        assert_eq!(placeholders("le XXe siècle, XIV"), Vec::<String>::new());
    }
}
