//! Fuzzing of the three parsers that read files from outside: the charter text
//! importer, the iCalendar importer and the JSON exchange format. cargo-fuzz needs a
//! nightly toolchain; this is proptest on the stable one, plus a corpus kept in the
//! repository (`tests/fuzz_corpus/<target>/`) that every run replays.
//!
//! - `QUORUM_FUZZ_CASES` sets the number of generated inputs per strategy (256 by
//!   default, `make fuzz` uses 20 000).
//! - An input that fails is shrunk by proptest, then saved to the corpus as
//!   `found-<hash>.<ext>` before the test fails: commit it, and it is replayed by
//!   `the_corpus_replays_cleanly` from then on.
//! - Corpus files named `accept-…` must import, `refuse-…` must be refused; others
//!   only have to be handled without panic.
//!
//! The promises checked: no panic; the charter parser keeps every visible character
//! in order and its body text is a fixed point; an import either succeeds or fails
//! with a French error having written nothing, and the database stays sound.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use quorum_core::charter::decode_text;
use quorum_core::charter_text::{body_to_text, parse_body, parse_charter_text, ParsedCharter};
use quorum_core::exchange;
use quorum_core::{ErrorCode, Store};
use rusqlite::types::ValueRef;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Instant;
use uuid::Uuid;

// ----------------------------------------------------------------------------------
// Configuration, corpus, counters
// ----------------------------------------------------------------------------------

fn cases() -> u32 {
    std::env::var("QUORUM_FUZZ_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(256)
}

fn config() -> Config {
    Config {
        cases: cases(),
        // Failures go to our corpus, not to a proptest-regressions file.
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

static CHARTER_RUNS: AtomicUsize = AtomicUsize::new(0);
static ICS_RUNS: AtomicUsize = AtomicUsize::new(0);
static JSON_RUNS: AtomicUsize = AtomicUsize::new(0);
/// Inputs that were imported (the rest was refused cleanly).
static ICS_IMPORTED: AtomicUsize = AtomicUsize::new(0);
static JSON_IMPORTED: AtomicUsize = AtomicUsize::new(0);

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_corpus")
        .join(target)
}

/// Keeps an input that failed, under a name derived from its content.
fn save_to_corpus(target: &str, ext: &str, bytes: &[u8]) -> PathBuf {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    let dir = corpus_dir(target);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("found-{:016x}.{ext}", h.finish()));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs one strategy; a failing input (shrunk) is saved to the corpus, then the test
/// fails. Every execution (shrinking included) is counted in `runs`.
fn fuzz<S: Strategy>(
    target: &str,
    ext: &str,
    runs: &AtomicUsize,
    strategy: S,
    to_bytes: impl Fn(&S::Value) -> Vec<u8>,
    check: impl Fn(&S::Value) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(config());
    let result = runner.run(&strategy, |input| {
        runs.fetch_add(1, Ordering::Relaxed);
        check(&input)
    });
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, input)) => {
            let path = save_to_corpus(target, ext, &to_bytes(&input));
            panic!(
                "{target}: {reason}\nthe input is saved as {}",
                path.display()
            );
        }
        Err(TestError::Abort(reason)) => panic!("{target}: aborted: {reason}"),
    }
}

// ----------------------------------------------------------------------------------
// Shared checks
// ----------------------------------------------------------------------------------

/// Every table (from `sqlite_master`) with its row count and an order-independent
/// hash of its rows: equal fingerprints mean that nothing was written.
fn fingerprint(store: &Store) -> Vec<(String, i64, u64)> {
    let conn = store.conn();
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
        )
        .unwrap();
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let columns = stmt.column_count();
            let mut rows = stmt.query([]).unwrap();
            let (mut count, mut sum) = (0i64, 0u64);
            while let Some(row) = rows.next().unwrap() {
                let mut h = DefaultHasher::new();
                for i in 0..columns {
                    match row.get_ref(i).unwrap() {
                        ValueRef::Null => 0u8.hash(&mut h),
                        ValueRef::Integer(n) => n.hash(&mut h),
                        ValueRef::Real(f) => f.to_bits().hash(&mut h),
                        ValueRef::Text(b) | ValueRef::Blob(b) => b.hash(&mut h),
                    }
                }
                count += 1;
                sum = sum.wrapping_add(h.finish());
            }
            (table, count, sum)
        })
        .collect()
}

/// Counts the inputs that were imported (the others were refused cleanly).
fn counted(
    imported: &AtomicUsize,
    result: Result<bool, TestCaseError>,
) -> Result<(), TestCaseError> {
    if result? {
        imported.fetch_add(1, Ordering::Relaxed);
    }
    Ok(())
}

fn integrity(store: &Store) -> Result<(), TestCaseError> {
    let ok: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    prop_assert_eq!(ok, "ok");
    let dangling: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    prop_assert_eq!(dangling, 0, "dangling foreign keys");
    Ok(())
}

/// Words of a raw library message in English (outside « quoted » user data).
fn english_words(message: &str) -> Vec<String> {
    const ENGLISH: [&str; 24] = [
        "expected",
        "invalid",
        "missing",
        "unknown",
        "error",
        "failed",
        "found",
        "unexpected",
        "constraint",
        "input",
        "range",
        "the",
        "column",
        "field",
        "variant",
        "string",
        "integer",
        "parsing",
        "character",
        "sequence",
        "eof",
        "while",
        "null",
        "with",
    ];
    let mut outside = String::new();
    let mut depth = 0u32;
    for c in message.chars() {
        match c {
            '«' => depth += 1,
            '»' => depth = depth.saturating_sub(1),
            c if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    outside
        .split(|c: char| !c.is_alphabetic())
        .map(str::to_lowercase)
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .collect()
}

fn visible(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}'))
        .collect()
}

// ----------------------------------------------------------------------------------
// Target 1: charter text
// ----------------------------------------------------------------------------------

fn check_charter(text: &str) -> Result<(), TestCaseError> {
    let parsed = parse_charter_text(text);
    let got: String = parsed.plain_words().concat();
    prop_assert!(got == visible(text), "characters lost or reordered");
    for note in &parsed.notes {
        prop_assert!(note.line >= 1);
    }
    Ok(())
}

/// The editor's promise on a body: `body_to_text` writes what `parse_body` reads
/// back as the same nodes, and no visible character is lost.
fn check_body(text: &str) -> Result<(), TestCaseError> {
    let nodes = parse_body(text);
    let words = ParsedCharter {
        title: None,
        preamble: nodes.clone(),
        sections: vec![],
        notes: vec![],
    }
    .plain_words()
    .concat();
    prop_assert!(words == visible(text), "body: characters lost or reordered");
    let written = body_to_text(&nodes);
    prop_assert!(parse_body(&written) == nodes, "body not a fixed point");
    prop_assert!(body_to_text(&nodes) == written);
    Ok(())
}

/// A line of a charter as Word, a PDF or an e-mail gives it.
fn charter_line() -> impl Strategy<Value = String> {
    let markers = prop::sample::select(vec![
        "",
        "",
        "Article 1er",
        "Article premier",
        "ARTICLE 4",
        "Art. 5",
        "Article 4 bis",
        "Article unique",
        "Article 99999999999",
        "Article",
        "TITRE II",
        "TITRE MMMMMMMMMMMMMMMMM",
        "Chapitre 1er",
        "Première partie",
        "PARTIE 2",
        "ANNEXE 1",
        "Annexe",
        "I.",
        "IV -",
        "Préambule",
        "Sommaire",
        "1°",
        "2°)",
        "a)",
        "(a)",
        "A)",
        "1.",
        "1)",
        "(1)",
        "1 -",
        "2.1",
        "2.1.1",
        "1.1.1.1.1.1.1.1.1",
        "I.1",
        "-",
        "–",
        "•",
        "o",
        "*",
        "- 3 -",
        "3",
        "Page 3/12",
        "[À COMPLÉTER]",
        "XXX",
        "...",
        "____",
        "Objet ........ 2",
        "<script>alert(1)</script>",
        "{{7*7}}",
        "]]>",
        "\u{202e}",
        "\u{0}",
        "\u{feff}",
        "\u{200b}",
        "\u{a0}",
        "\t",
    ]);
    let tail = prop_oneof![
        Just(String::new()),
        "[ \t\u{a0}]{0,3}[A-Za-zÉéèàçœ«»:;.,!?()°º'’ –—\\-•0-9\u{a0}\t]{0,40}",
        "[\\PC]{0,20}",
        any::<String>(),
    ];
    let indent = prop::sample::select(vec!["", " ", "  ", "    ", "\t", "\u{a0}", "        "]);
    (indent, markers, tail).prop_map(|(i, m, t)| format!("{i}{m} {t}"))
}

fn charter_text_strategy() -> impl Strategy<Value = String> {
    let ends = prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n", "\n\n\n"]);
    prop::collection::vec((charter_line(), ends), 0..80)
        .prop_map(|lines| lines.into_iter().map(|(l, e)| l + e).collect())
}

fn fuzz_charter() {
    fuzz(
        "charter_text",
        "txt",
        &CHARTER_RUNS,
        any::<String>(),
        |s| s.as_bytes().to_vec(),
        |s| check_charter(s),
    );
    fuzz(
        "charter_text",
        "txt",
        &CHARTER_RUNS,
        charter_text_strategy(),
        |s| s.as_bytes().to_vec(),
        |s| check_charter(s),
    );
    // Any bytes, as a file is decoded (UTF-8, else Windows-1252).
    fuzz(
        "charter_text",
        "txt",
        &CHARTER_RUNS,
        prop::collection::vec(any::<u8>(), 0..2_000),
        Clone::clone,
        |b| check_charter(&decode_text(b)),
    );
}

// ----------------------------------------------------------------------------------
// Target 2: iCalendar
// ----------------------------------------------------------------------------------

const ICS_SAMPLES: [&str; 5] = [
    include_str!("ics_samples/google.ics"),
    include_str!("ics_samples/outlook.ics"),
    include_str!("ics_samples/thunderbird.ics"),
    include_str!("ics_samples/agenda-ville.ics"),
    include_str!("ics_samples/unsupported.ics"),
];

/// Lines an iCalendar file may hold, well-formed or not.
const ICS_LINES: [&str; 40] = [
    "BEGIN:VCALENDAR",
    "END:VCALENDAR",
    "BEGIN:VEVENT",
    "END:VEVENT",
    "BEGIN:VTIMEZONE",
    "END:VTIMEZONE",
    "BEGIN:DAYLIGHT",
    "BEGIN:VALARM",
    "END:VALARM",
    "UID:same@test",
    "DTSTART:20260310T100000",
    "DTSTART;VALUE=DATE:20260310",
    "DTSTART:99991231T235959Z",
    "DTSTART;VALUE=DATE:00010101",
    "DTSTART;TZID=\"Europe/Paris:20260101T100000",
    "DTSTART;TZID=Mars/Olympus:20260310T100000",
    "DTEND:20260101",
    "DURATION:P99999999999W",
    "DURATION:-PT1H",
    "RRULE:FREQ=WEEKLY;COUNT=4294967295",
    "RRULE:FREQ=MONTHLY;BYDAY=-1SU;INTERVAL=52",
    "RRULE:FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=22001231",
    "RRULE:FREQ=YEARLY;BYMONTH=13;BYDAY=9SU",
    "EXDATE:garbage,20260317",
    "RDATE:00010101",
    "RECURRENCE-ID:20260310T100000",
    "SUMMARY:<script>alert(1)</script>",
    "SUMMARY:\u{202e}\u{0}\u{7}",
    "DESCRIPTION:<p>a</p>&#x110000;&#99999999999;&amp;&nbsp",
    "LOCATION:https://exemple.fr",
    "URL:javascript:alert(1)",
    "STATUS:CANCELLED",
    "CATEGORIES:Atelier,Réunion publique,\\,",
    "TZOFFSETTO:+9999",
    "X-QUORUM-HALF-DAY:MATIN",
    "X-QUORUM-NO-END-TIME:TRUE",
    " continuation",
    "\tcontinuation",
    ";;;:::===",
    "",
];

#[derive(Debug, Clone)]
enum IcsMutation {
    DeleteBytes(usize, usize),
    DuplicateBytes(usize, usize),
    InsertBytes(usize, Vec<u8>),
    FlipByte(usize, u8),
    Truncate(usize),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    InsertLine(usize, usize),
}

fn ics_mutation() -> impl Strategy<Value = IcsMutation> {
    prop_oneof![
        (any::<usize>(), 0usize..64).prop_map(|(a, n)| IcsMutation::DeleteBytes(a, n)),
        (any::<usize>(), 0usize..256).prop_map(|(a, n)| IcsMutation::DuplicateBytes(a, n)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(a, b)| IcsMutation::InsertBytes(a, b)),
        (any::<usize>(), 1u8..=255).prop_map(|(a, x)| IcsMutation::FlipByte(a, x)),
        any::<usize>().prop_map(IcsMutation::Truncate),
        any::<usize>().prop_map(IcsMutation::DeleteLine),
        any::<usize>().prop_map(IcsMutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| IcsMutation::SwapLines(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| IcsMutation::InsertLine(a, b)),
    ]
}

fn mutate_ics(mut bytes: Vec<u8>, mutations: &[IcsMutation]) -> Vec<u8> {
    fn split(bytes: &[u8]) -> Vec<Vec<u8>> {
        bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect()
    }
    fn join(lines: Vec<Vec<u8>>) -> Vec<u8> {
        lines.join(&b'\n')
    }
    for m in mutations {
        let len = bytes.len();
        let at = |a: usize| if len == 0 { 0 } else { a % (len + 1) };
        match m {
            IcsMutation::DeleteBytes(a, n) => {
                let start = at(*a);
                let end = (start + n).min(len);
                bytes.drain(start..end);
            }
            IcsMutation::DuplicateBytes(a, n) => {
                let start = at(*a);
                let end = (start + n).min(len);
                let copy = bytes[start..end].to_vec();
                bytes.splice(end..end, copy);
            }
            IcsMutation::InsertBytes(a, b) => {
                let i = at(*a);
                bytes.splice(i..i, b.iter().copied());
            }
            IcsMutation::FlipByte(a, x) => {
                if len > 0 {
                    bytes[a % len] ^= x;
                }
            }
            IcsMutation::Truncate(a) => bytes.truncate(at(*a)),
            IcsMutation::DeleteLine(a) => {
                let mut lines = split(&bytes);
                let i = a % lines.len();
                lines.remove(i);
                bytes = join(lines);
            }
            IcsMutation::DuplicateLine(a) => {
                let mut lines = split(&bytes);
                let i = a % lines.len();
                lines.insert(i, lines[i].clone());
                bytes = join(lines);
            }
            IcsMutation::SwapLines(a, b) => {
                let mut lines = split(&bytes);
                let n = lines.len();
                lines.swap(a % n, b % n);
                bytes = join(lines);
            }
            IcsMutation::InsertLine(a, b) => {
                let mut lines = split(&bytes);
                let i = a % (lines.len() + 1);
                let mut line = ICS_LINES[b % ICS_LINES.len()].as_bytes().to_vec();
                line.push(b'\r');
                lines.insert(i, line);
                bytes = join(lines);
            }
        }
    }
    bytes
}

/// The iCalendar target's store: one council, kept from case to case (events pile up,
/// as they would in a real database).
struct IcsStore {
    _dir: DataDir,
    store: Store,
    council: Uuid,
}

impl IcsStore {
    fn new() -> IcsStore {
        let dir = DataDir::new();
        let mut store = dir.open();
        let council = new_council(&mut store, "Conseil citoyen des Tilleuls").id;
        IcsStore {
            _dir: dir,
            store,
            council,
        }
    }
}

/// Imports; on error nothing is written. Returns whether the file was imported.
fn check_ics(s: &mut IcsStore, bytes: &[u8]) -> Result<bool, TestCaseError> {
    let text = decode_text(bytes);
    let before = fingerprint(&s.store);
    let result = s.store.import_ics(s.council, &text);
    match &result {
        Ok(_) => {
            let out_of_range: i64 = s
                .store
                .conn()
                .query_row(
                    "SELECT count(*) FROM events WHERE date < '1900' OR date > '2201'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            prop_assert_eq!(out_of_range, 0, "an event out of range was imported");
        }
        Err(e) => {
            prop_assert_eq!(e.code(), ErrorCode::InvalidImport, "{}", e);
            let english = english_words(&e.to_string());
            prop_assert!(english.is_empty(), "English in « {} »", e);
            prop_assert!(fingerprint(&s.store) == before, "written halfway: {}", e);
        }
    }
    integrity(&s.store)?;
    Ok(result.is_ok())
}

fn ics_accepted(s: &mut IcsStore, bytes: &[u8]) -> Result<bool, TestCaseError> {
    check_ics(s, bytes)?;
    // check_ics imported it already; a second import of the same file must also go
    // through and add nothing.
    let before = s
        .store
        .conn()
        .query_row("SELECT count(*) FROM events", [], |r| r.get::<_, i64>(0));
    let again = s.store.import_ics(s.council, &decode_text(bytes));
    let after = s
        .store
        .conn()
        .query_row("SELECT count(*) FROM events", [], |r| r.get::<_, i64>(0));
    if again.is_ok() {
        prop_assert_eq!(
            before.unwrap(),
            after.unwrap(),
            "a second import added events"
        );
    }
    Ok(again.is_ok())
}

fn fuzz_ics() {
    let store = RefCell::new(IcsStore::new());
    // Any bytes, and any bytes after a calendar header.
    fuzz(
        "ics",
        "ics",
        &ICS_RUNS,
        prop::collection::vec(any::<u8>(), 0..3_000),
        Clone::clone,
        |b| counted(&ICS_IMPORTED, check_ics(&mut store.borrow_mut(), b)),
    );
    fuzz(
        "ics",
        "ics",
        &ICS_RUNS,
        prop::collection::vec(any::<u8>(), 0..3_000),
        |b| [b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n".as_slice(), b].concat(),
        |b| {
            let bytes = [b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n".as_slice(), b].concat();
            counted(&ICS_IMPORTED, check_ics(&mut store.borrow_mut(), &bytes))
        },
    );
    // The real files, mutated.
    let strategy = (
        0..ICS_SAMPLES.len(),
        prop::collection::vec(ics_mutation(), 1..8),
    );
    fuzz(
        "ics",
        "ics",
        &ICS_RUNS,
        strategy,
        |(i, m)| mutate_ics(ICS_SAMPLES[*i].as_bytes().to_vec(), m),
        |(i, m)| {
            let bytes = mutate_ics(ICS_SAMPLES[*i].as_bytes().to_vec(), m);
            counted(&ICS_IMPORTED, check_ics(&mut store.borrow_mut(), &bytes))
        },
    );
    // Files made only of known lines, in any order.
    fuzz(
        "ics",
        "ics",
        &ICS_RUNS,
        prop::collection::vec(0..ICS_LINES.len(), 0..60),
        |lines| ics_of_lines(lines),
        |lines| {
            let bytes = ics_of_lines(lines);
            counted(&ICS_IMPORTED, check_ics(&mut store.borrow_mut(), &bytes))
        },
    );
}

fn ics_of_lines(lines: &[usize]) -> Vec<u8> {
    let mut out = b"BEGIN:VCALENDAR\r\n".to_vec();
    for &i in lines {
        out.extend_from_slice(ICS_LINES[i].as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

// ----------------------------------------------------------------------------------
// Target 3: the JSON exchange format
// ----------------------------------------------------------------------------------

/// Real exports: the demo, and a small database with one record of every kind.
fn exports() -> &'static [String; 2] {
    static EXPORTS: OnceLock<[String; 2]> = OnceLock::new();
    EXPORTS.get_or_init(|| {
        let dir = DataDir::new();
        let mut store = dir.open();
        store.load_demo().unwrap();
        let demo = store.export_json().unwrap();
        let small = std::fs::read_to_string(corpus_dir("json").join("accept-base.json"))
            .expect("tests/fuzz_corpus/json/accept-base.json");
        [demo, small]
    })
}

const HOSTILE: [&str; 22] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "]]>",
    "{{7*7}}",
    "{@html x}",
    "\u{202e}cod.exe",
    "avant\u{0}après",
    "\u{7}\r\t",
    "🎉👩\u{200d}👩\u{200d}👧 𝄞",
    "e\u{301}\u{336}",
    "",
    " ",
    "0001-01-01",
    "9999-12-31",
    "2026-02-31",
    "2026-13-01",
    "+262143-01-01T00:00:00Z",
    "2026-01-01T00:00:00Z",
    "pas-un-uuid",
    "00000000-0000-0000-0000-000000000000",
    "adopte",
    "brouillon",
];

/// The free-text fields of the format.
const TEXT_KEYS: [&str; 30] = [
    "name",
    "commune",
    "contrat_de_ville",
    "qpv_name",
    "first_name",
    "last_name",
    "organisation",
    "function",
    "postal_address",
    "notes",
    "detail",
    "title",
    "place",
    "head_count_note",
    "presenter",
    "text",
    "dissent",
    "note",
    "items_note",
    "description",
    "owner_text",
    "due_text",
    "reason",
    "object",
    "impacts",
    "partners",
    "address",
    "requested_by",
    "quality",
    "origin",
];

#[derive(Debug, Clone)]
enum JsonMutation {
    /// A free text (a title, a name, notes…) replaced by a hostile or long one.
    Text(usize, usize),
    /// Any string (a UUID, a date, an enum value…) replaced likewise.
    AnyString(usize, usize),
    /// A number changed.
    Number(usize, usize),
    /// A UUID replaced by another of the document.
    DuplicateUuid(usize, usize),
    /// An array cut short.
    TruncateArray(usize, usize),
    /// An element of an array repeated.
    DuplicateElement(usize, usize),
    /// A value replaced by one of another type.
    Retype(usize, usize),
    /// A key removed from an object.
    RemoveKey(usize),
    /// Every `updated_at` moved a day later, so that the merge updates records.
    Newer,
}

fn json_mutation() -> impl Strategy<Value = JsonMutation> {
    prop_oneof![
        4 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| JsonMutation::Text(a, b)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| JsonMutation::AnyString(a, b)),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| JsonMutation::Number(a, b)),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| JsonMutation::DuplicateUuid(a, b)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| JsonMutation::TruncateArray(a, b)),
        1 => (any::<usize>(), any::<usize>())
            .prop_map(|(a, b)| JsonMutation::DuplicateElement(a, b)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| JsonMutation::Retype(a, b)),
        1 => any::<usize>().prop_map(JsonMutation::RemoveKey),
        1 => Just(JsonMutation::Newer),
    ]
}

/// JSON pointers of the values that match `keep`, in document order.
fn pointers(v: &Value, keep: &dyn Fn(&Value) -> bool) -> Vec<String> {
    fn walk(v: &Value, at: &mut String, keep: &dyn Fn(&Value) -> bool, out: &mut Vec<String>) {
        if keep(v) {
            out.push(at.clone());
        }
        let len = at.len();
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    at.push_str(&format!("/{i}"));
                    walk(item, at, keep, out);
                    at.truncate(len);
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    at.push('/');
                    at.push_str(&k.replace('~', "~0").replace('/', "~1"));
                    walk(item, at, keep, out);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut String::new(), keep, &mut out);
    out
}

fn pick(list: &[String], i: usize) -> Option<&str> {
    (!list.is_empty()).then(|| list[i % list.len()].as_str())
}

fn apply_json(v: &mut Value, m: &JsonMutation) {
    let is_uuid = |v: &Value| v.as_str().is_some_and(|s| Uuid::parse_str(s).is_ok());
    match m {
        JsonMutation::Text(at, which) | JsonMutation::AnyString(at, which) => {
            let mut strings = pointers(v, &|v| v.is_string());
            if matches!(m, JsonMutation::Text(..)) {
                strings.retain(|p| {
                    let key = p.rsplit('/').next().unwrap_or_default();
                    TEXT_KEYS.contains(&key)
                });
            }
            if let Some(p) = pick(&strings, *at) {
                let long = ["x".repeat(301), "y".repeat(5_001), "z".repeat(200_001)];
                let n = HOSTILE.len() + long.len();
                let s = match which % n {
                    k if k < HOSTILE.len() => HOSTILE[k].to_string(),
                    k => long[k - HOSTILE.len()].clone(),
                };
                *v.pointer_mut(p).unwrap() = Value::String(s);
            }
        }
        JsonMutation::Number(at, which) => {
            let numbers = pointers(v, &|v| v.is_number());
            if let Some(p) = pick(&numbers, *at) {
                let choices = [
                    serde_json::json!(0),
                    serde_json::json!(-1),
                    serde_json::json!(1),
                    serde_json::json!(53),
                    serde_json::json!(1_441),
                    serde_json::json!(10_001),
                    serde_json::json!(u32::MAX),
                    serde_json::json!(u64::from(u32::MAX) + 1),
                    serde_json::json!(i64::MAX),
                    serde_json::json!(i64::MIN),
                    serde_json::json!(u64::MAX),
                    serde_json::json!(1e300),
                    serde_json::json!(0.5),
                ];
                *v.pointer_mut(p).unwrap() = choices[which % choices.len()].clone();
            }
        }
        JsonMutation::DuplicateUuid(at, from) => {
            let uuids = pointers(v, &is_uuid);
            if let (Some(p), Some(q)) = (pick(&uuids, *at), pick(&uuids, *from)) {
                let other = v.pointer(q).unwrap().clone();
                *v.pointer_mut(p).unwrap() = other;
            }
        }
        JsonMutation::TruncateArray(at, keep) => {
            let arrays = pointers(v, &|v| v.as_array().is_some_and(|a| !a.is_empty()));
            if let Some(p) = pick(&arrays, *at) {
                let a = v.pointer_mut(p).unwrap().as_array_mut().unwrap();
                let n = keep % a.len();
                a.truncate(n);
            }
        }
        JsonMutation::DuplicateElement(at, which) => {
            let arrays = pointers(v, &|v| v.as_array().is_some_and(|a| !a.is_empty()));
            if let Some(p) = pick(&arrays, *at) {
                let a = v.pointer_mut(p).unwrap().as_array_mut().unwrap();
                let item = a[which % a.len()].clone();
                a.push(item);
            }
        }
        JsonMutation::Retype(at, which) => {
            let all = pointers(v, &|_| true);
            if let Some(p) = pick(&all, *at).filter(|p| !p.is_empty()) {
                let choices = [
                    Value::Null,
                    Value::Bool(true),
                    serde_json::json!(""),
                    serde_json::json!({}),
                    serde_json::json!([]),
                    serde_json::json!([[[]]]),
                    serde_json::json!(7),
                ];
                *v.pointer_mut(p).unwrap() = choices[which % choices.len()].clone();
            }
        }
        JsonMutation::RemoveKey(at) => {
            let objects = pointers(v, &|v| v.as_object().is_some_and(|o| !o.is_empty()));
            if let Some(p) = pick(&objects, *at) {
                let o = v.pointer_mut(p).unwrap().as_object_mut().unwrap();
                let key = o.keys().nth(at % o.len()).unwrap().clone();
                o.remove(&key);
            }
        }
        JsonMutation::Newer => {
            let stamps = pointers(v, &|_| true)
                .into_iter()
                .filter(|p| p.ends_with("/updated_at"))
                .collect::<Vec<_>>();
            for p in stamps {
                let slot = v.pointer_mut(&p).unwrap();
                if let Some(t) = slot
                    .as_str()
                    .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
                {
                    let later = (t + chrono::Duration::days(1))
                        .to_utc()
                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
                    *slot = Value::String(later);
                }
            }
        }
    }
}

#[derive(Debug, Clone)]
struct JsonCase {
    /// 0: the demo, 1: the small export.
    base: usize,
    mutations: Vec<JsonMutation>,
    /// Cut the text at this fraction (in thousandths), or not.
    cut: Option<u16>,
}

fn json_case() -> impl Strategy<Value = JsonCase> {
    (
        prop::sample::select(vec![0usize, 1, 1, 1]),
        prop::collection::vec(json_mutation(), 1..4),
        prop_oneof![7 => Just(None), 1 => (0u16..1000).prop_map(Some)],
    )
        .prop_map(|(base, mutations, cut)| JsonCase {
            base,
            mutations,
            cut,
        })
}

fn json_text(case: &JsonCase) -> String {
    let mut v: Value = serde_json::from_str(&exports()[case.base]).unwrap();
    for m in &case.mutations {
        apply_json(&mut v, m);
    }
    let text = serde_json::to_string(&v).unwrap();
    match case.cut {
        Some(k) => {
            let mut at = text.len() * usize::from(k) / 1000;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text[..at].to_string()
        }
        None => text,
    }
}

/// Parse then import; on error nothing is written, the database stays sound.
/// Returns whether the text was imported.
fn check_json(store: &mut Store, text: &str) -> Result<bool, TestCaseError> {
    let before = fingerprint(store);
    let doc = match exchange::parse_document(text) {
        Ok(doc) => doc,
        Err(e) => {
            // The serde messages behind « son contenu ne suit pas le format Quorum »
            // are English today (see hostile.rs); the code is checked, not the words.
            prop_assert_eq!(e.code(), ErrorCode::InvalidImport, "{}", e);
            return Ok(false);
        }
    };
    match store.import_document(&doc) {
        Ok(_) => {
            integrity(store)?;
            Ok(true)
        }
        Err(e) => {
            prop_assert!(
                matches!(e.code(), ErrorCode::InvalidImport | ErrorCode::Conflict),
                "{:?}: {}",
                e.code(),
                e
            );
            let english = english_words(&e.to_string());
            prop_assert!(english.is_empty(), "English {:?} in « {} »", english, e);
            prop_assert!(fingerprint(store) == before, "written halfway: {}", e);
            integrity(store)?;
            Ok(false)
        }
    }
}

fn fuzz_json() {
    let dir = DataDir::new();
    let store = RefCell::new(dir.open());
    new_council(&mut store.borrow_mut(), "Conseil citoyen des Tilleuls");
    fuzz(
        "json",
        "json",
        &JSON_RUNS,
        json_case(),
        |c| json_text(c).into_bytes(),
        |c| {
            counted(
                &JSON_IMPORTED,
                check_json(&mut store.borrow_mut(), &json_text(c)),
            )
        },
    );
    // Arbitrary text, and JSON-ish text.
    fuzz(
        "json",
        "json",
        &JSON_RUNS,
        prop_oneof![any::<String>(), "[\\[\\]{}\":,0-9a-z_ \\-]{0,200}"],
        |s| s.as_bytes().to_vec(),
        |s| counted(&JSON_IMPORTED, check_json(&mut store.borrow_mut(), s)),
    );
}

// ----------------------------------------------------------------------------------
// The tests
// ----------------------------------------------------------------------------------

#[test]
fn fuzz_the_parsers() {
    let start = Instant::now();
    // The three targets side by side (debug builds are slow; CI has two cores).
    let threads = [
        std::thread::spawn(fuzz_charter),
        std::thread::spawn(fuzz_ics),
        std::thread::spawn(fuzz_json),
    ];
    let mut failed = None;
    for t in threads {
        if let Err(e) = t.join() {
            failed.get_or_insert(e);
        }
    }
    let (c, i, j) = (
        CHARTER_RUNS.load(Ordering::Relaxed),
        ICS_RUNS.load(Ordering::Relaxed),
        JSON_RUNS.load(Ordering::Relaxed),
    );
    let secs = start.elapsed().as_secs_f64();
    eprintln!("fuzz: {c} charter, {i} ics, {j} json inputs");
    eprintln!(
        "fuzz: imported {} of the ics inputs and {} of the json ones, the rest refused cleanly",
        ICS_IMPORTED.load(Ordering::Relaxed),
        JSON_IMPORTED.load(Ordering::Relaxed)
    );
    eprintln!(
        "fuzz: {} inputs in {secs:.1} s ({:.0} per second), {} cases per strategy",
        c + i + j,
        (c + i + j) as f64 / secs,
        cases()
    );
    if let Some(e) = failed {
        std::panic::resume_unwind(e);
    }
}

fn corpus_files(target: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir(target))
        .unwrap_or_else(|e| panic!("tests/fuzz_corpus/{target}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn name_of(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn replay(what: &str, result: Result<(), TestCaseError>) {
    if let Err(e) = result {
        panic!("{what}: {e}");
    }
}

#[test]
fn the_corpus_replays_cleanly() {
    let start = Instant::now();
    // Charter texts: read as a file is (UTF-8, else Windows-1252), whole and as a body.
    let files = corpus_files("charter_text");
    assert!(files.len() >= 20, "{} charter seeds", files.len());
    for path in &files {
        let text = decode_text(&std::fs::read(path).unwrap());
        let name = name_of(path);
        replay(&name, check_charter(&text));
        replay(&name, check_body(&text));
    }

    // iCalendar files: into one store, like the fuzzer.
    let files = corpus_files("ics");
    assert!(files.len() >= 20, "{} ics seeds", files.len());
    let mut s = IcsStore::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let name = name_of(path);
        let imported = ics_accepted(&mut s, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        if name.starts_with("accept-") {
            assert!(imported, "{name} should import");
        }
        if name.starts_with("refuse-") {
            assert!(!imported, "{name} should be refused");
        }
    }

    // JSON exports: each read like `quorum import` does, into a store of its own.
    let files = corpus_files("json");
    assert!(files.len() >= 20, "{} json seeds", files.len());
    for path in &files {
        let name = name_of(path);
        let dir = DataDir::new();
        let mut store = dir.open();
        new_council(&mut store, "Conseil citoyen des Tilleuls");
        let imported = match exchange::read_import_file(path) {
            Ok(text) => check_json(&mut store, &text).unwrap_or_else(|e| panic!("{name}: {e}")),
            Err(e) => {
                assert_eq!(e.code(), ErrorCode::InvalidImport, "{name}: {e}");
                false
            }
        };
        if name.starts_with("accept-") {
            assert!(imported, "{name} should import");
        }
        if name.starts_with("refuse-") {
            assert!(!imported, "{name} should be refused");
        }
    }
    eprintln!(
        "fuzz corpus: {} charter, {} ics, {} json seeds replayed in {:.1} s",
        corpus_files("charter_text").len(),
        corpus_files("ics").len(),
        corpus_files("json").len(),
        start.elapsed().as_secs_f64()
    );
}
