//! Crash safety: a child process writing hard to the store is killed with SIGKILL at
//! random moments, round after round on the same file; after each kill the file must
//! open, pass `PRAGMA integrity_check`, and hold every change whose call returned.
//!
//! How it works:
//! - the child is this very test binary, started again with `QUORUM_CRASH_CHILD=<data
//!   dir>` and `--exact crash_child`: the test `crash_child` then runs the writer
//!   instead of returning at once;
//! - the child writes a realistic mix (members, meetings, agenda items, notes that grow,
//!   decisions) through the public API, from two connections (a « heavy » writer and a
//!   « typist » who saves one item's notes every 200 ms, as the minutes editor does);
//! - after each call that returned `Ok`, it appends one line to a journal (O_APPEND,
//!   `sync_data` each line): the journal lists only changes whose commit returned;
//! - the parent sleeps a pseudo-random time (from a printed seed): 5–150 ms after the
//!   child's first write, or after its start every fifth round (kills during start,
//!   opening, WAL recovery), or 0.4–2.5 s every tenth round (« typing » rounds, long
//!   enough for several autosaves); then it kills the child, opens the store as Quorum
//!   does, checks `integrity_check`, foreign keys, whole transactions and everything
//!   the journal lists, and starts the next round on the same database, so any damage
//!   would accumulate;
//! - opening also runs `Store::open`'s own `quick_check`, which refuses a damaged file;
//! - typing rounds also measure how long before the kill the last autosave returned:
//!   that is what a crash costs the person typing, at the storage level (the editor's
//!   own debounce comes on top).
//!
//! Rounds: `QUORUM_CRASH_ROUNDS` (default 60; `make crash` runs 500).
//! Replay the same kill times with `QUORUM_CRASH_SEED=<seed printed>`.

#![cfg(unix)]
// Test code: clippy.toml allows unwrap/expect inside #[test] functions only, and
// this file also has helpers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use quorum_core::meeting::{AgendaItemInput, ItemKind, MeetingInput, MeetingKind, MeetingStatus};
use quorum_core::member::Sex;
use quorum_core::minutes::{DecisionInput, Outcome, VoteMode};
use quorum_core::Store;
use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Set in the child: the data directory to write to.
const CHILD_ENV: &str = "QUORUM_CRASH_CHILD";
/// Set in the child: the seed of its own choices (which write comes next).
const CHILD_SEED_ENV: &str = "QUORUM_CRASH_CHILD_SEED";
const ROUNDS_ENV: &str = "QUORUM_CRASH_ROUNDS";
const SEED_ENV: &str = "QUORUM_CRASH_SEED";
const DEFAULT_ROUNDS: u64 = 60;
/// Inside the data directory; Quorum ignores files it does not know.
const JOURNAL: &str = "crash-journal.log";
const COUNCIL_NAME: &str = "Conseil citoyen du crash";
/// Every tenth round is a « typing » round: killed later, so the typist has saved.
const TYPING_EVERY: u64 = 10;
/// The typist's autosave period (the editor saves 800 ms after the last keystroke).
const TYPING_PERIOD: Duration = Duration::from_millis(200);
/// What the issue promises: autosaved minutes lose at most the last 2 seconds.
const AUTOSAVE_PROMISE_MS: i64 = 2_000;
/// Notes are also compared in full for every item every this many rounds (and at the end).
const FULL_NOTES_CHECK_EVERY: u64 = 10;
const SIGKILL: i32 = 9;
/// Printed by the child once its store is open.
const READY: &str = "crash-child-ready";
/// Every fifth round (but typing rounds) counts its delay from the child's start, not
/// from its first write: those kills land in process start, opening, WAL recovery.
const EARLY_EVERY: u64 = 5;
/// A child not ready after this long is a failure (the store did not open).
const READY_TIMEOUT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------
// Shared by parent and child
// ---------------------------------------------------------------------------

/// xorshift64*: small, deterministic, good enough to pick delays and writes.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // Spread the seed (splitmix64 step) and never start at zero.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n)
    }
}

/// FNV-1a, 64 bits: the same in every process (unlike a randomly keyed hasher).
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn unix_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

const WORDS: &[&str] = &[
    "le",
    "conseil",
    "citoyen",
    "propose",
    "que",
    "la",
    "réunion",
    "du",
    "quartier",
    "bailleur",
    "éclairage",
    "jardin",
    "partagé",
    "école",
    "sécurité",
    "déchets",
    "fête",
    "des",
    "voisins",
    "élus",
    "budget",
    "1 500 €",
    "accès",
    "œuvre",
    "propreté",
    "ascenseur",
    "été",
    "Noël",
    "mairie",
    "collège",
    "habitants",
    "Tilleuls",
    "Bois-Joli",
    "subvention",
    "délégué·e",
    "« avis »",
];

/// The notes of one item as they grow: a deterministic stream of tokens (separator
/// then word), so that the text after `n` tokens is always a prefix of the text after
/// `n + 1`, and any stored text can be checked to be exactly one version the writer
/// produced (a torn or mixed write would not be).
struct NotesGen {
    rng: Rng,
    text: String,
    tokens: usize,
}

impl NotesGen {
    fn new(item_id: &str) -> Self {
        NotesGen {
            rng: Rng::new(fnv(item_id.as_bytes())),
            text: String::new(),
            tokens: 0,
        }
    }

    fn push_token(&mut self) {
        if self.tokens > 0 {
            let sep = match self.rng.next() % 60 {
                0 => "\n\n",
                1 => ".\n- ",
                2..=5 => ". ",
                6 => ", ",
                _ => " ",
            };
            self.text.push_str(sep);
        }
        let word = WORDS[(self.rng.next() % WORDS.len() as u64) as usize];
        if self.rng.one_in(25) {
            self.text.push_str("**");
            self.text.push_str(word);
            self.text.push_str("**");
        } else {
            self.text.push_str(word);
        }
        self.tokens += 1;
    }

    fn push(&mut self, n: usize) {
        for _ in 0..n {
            self.push_token();
        }
    }
}

// ---------------------------------------------------------------------------
// The child: writes until killed
// ---------------------------------------------------------------------------

/// The child's journal: one line per change whose call returned `Ok`.
struct Journal(Mutex<File>);

impl Journal {
    fn open(path: &Path) -> Self {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap_or_else(|e| panic!("journal {}: {e}", path.display()));
        Journal(Mutex::new(file))
    }

    fn log(&self, line: &str) {
        let mut file = self.0.lock().unwrap_or_else(|e| e.into_inner());
        // One write per line (O_APPEND), then to the disk: the journal never lists a
        // change before its commit returned, and never forgets one afterwards.
        file.write_all(format!("{line}\n").as_bytes())
            .and_then(|()| file.sync_data())
            .unwrap_or_else(|e| panic!("journal: {e}"));
    }

    fn notes(&self, who: char, item: &str, g: &NotesGen) {
        self.log(&format!(
            "notes {item} {} {} {:x} {} {who}",
            g.tokens,
            g.text.len(),
            fnv(g.text.as_bytes()),
            unix_ms()
        ));
    }
}

fn meeting_input(title: String) -> MeetingInput {
    MeetingInput {
        kind: MeetingKind::Pleniere,
        title,
        date: today().format("%Y-%m-%d").to_string(),
        start_time: "18:30".into(),
        end_time: "20:30".into(),
        place: "Salle polyvalente, 3 rue des Lilas".into(),
        remote_link: String::new(),
        status: MeetingStatus::Tenue,
        head_count: None,
        head_count_note: String::new(),
    }
}

fn item_input(title: String, kind: ItemKind) -> AgendaItemInput {
    AgendaItemInput {
        title,
        kind,
        presenter: "Camille Martin".into(),
        planned_minutes: Some(20),
        approves_meeting_id: None,
        deferred_from_item_id: None,
    }
}

fn decision_input(n: u64) -> DecisionInput {
    DecisionInput {
        text: format!("Le conseil adopte la proposition n° {n}."),
        outcome: Outcome::Adopte,
        vote: VoteMode::Scrutin,
        votes_for: Some((n % 12) as u32 + 1),
        votes_against: Some((n % 3) as u32),
        abstentions: Some(0),
        amount_requested: String::new(),
        amount_granted: String::new(),
        dissent: String::new(),
    }
}

/// Finds the council left by an earlier round, or creates it.
fn child_council(store: &mut Store, journal: &Journal) -> uuid::Uuid {
    let found = store
        .list_councils(true)
        .unwrap_or_else(|e| panic!("list_councils: {e}"))
        .into_iter()
        .find(|c| c.name == COUNCIL_NAME);
    if let Some(c) = found {
        return c.id;
    }
    let c = store
        .create_council(council_input(COUNCIL_NAME))
        .unwrap_or_else(|e| panic!("create_council: {e}"));
    journal.log(&format!("council {}", c.id));
    c.id
}

/// The minutes editor: one item, a few more words every 200 ms, each autosaved.
fn typist(dir: &Path, council: uuid::Uuid, journal: &Journal, mut rng: Rng) -> ! {
    let mut store = Store::open_in(dir).unwrap_or_else(|e| panic!("typist open: {e}"));
    let meeting = store
        .create_meeting(council, meeting_input("Saisie du compte rendu".into()))
        .unwrap_or_else(|e| panic!("typist create_meeting: {e}"));
    journal.log(&format!("meeting {}", meeting.id));
    let item = store
        .add_agenda_item(
            meeting.id,
            item_input("Tour de table".into(), ItemKind::Debat),
        )
        .unwrap_or_else(|e| panic!("typist add_agenda_item: {e}"));
    journal.log(&format!("item {} {}", item.id, meeting.id));
    let id = item.id.to_string();
    let mut g = NotesGen::new(&id);
    loop {
        std::thread::sleep(TYPING_PERIOD);
        g.push(rng.range(1, 4) as usize);
        store
            .save_item_notes(item.id, &g.text)
            .unwrap_or_else(|e| panic!("typist save_item_notes: {e}"));
        journal.notes('T', &id, &g);
    }
}

/// The heavy writer: a mix of every kind of write, as fast as it can.
fn heavy_writer(store: &mut Store, council: uuid::Uuid, journal: &Journal, mut rng: Rng) -> ! {
    let mut meeting: Option<uuid::Uuid> = None;
    // Items created by this run, with their notes so far.
    let mut items: Vec<(uuid::Uuid, NotesGen)> = Vec::new();
    let mut n: u64 = 0;
    loop {
        n += 1;
        let roll = rng.next() % 100;
        let need_item = items.is_empty() && roll >= 22;
        if roll < 15 {
            let sex = if n.is_multiple_of(2) { Sex::F } else { Sex::M };
            let m = store
                .create_member(council, habitant(&format!("Durand-{n}"), sex))
                .unwrap_or_else(|e| panic!("create_member: {e}"));
            journal.log(&format!("member {}", m.id));
        } else if roll < 22 || (need_item && meeting.is_none()) {
            let m = store
                .create_meeting(council, meeting_input(format!("Plénière n° {n}")))
                .unwrap_or_else(|e| panic!("create_meeting: {e}"));
            journal.log(&format!("meeting {}", m.id));
            meeting = Some(m.id);
        } else if roll < 40 || need_item {
            let Some(meeting_id) = meeting else { continue };
            let kind = if rng.one_in(2) {
                ItemKind::Decision
            } else {
                ItemKind::Information
            };
            let it = store
                .add_agenda_item(meeting_id, item_input(format!("Point n° {n}"), kind))
                .unwrap_or_else(|e| panic!("add_agenda_item: {e}"));
            journal.log(&format!("item {} {meeting_id}", it.id));
            items.push((it.id, NotesGen::new(&it.id.to_string())));
        } else if roll < 90 {
            let pick = (rng.next() % items.len() as u64) as usize;
            let (id, g) = &mut items[pick];
            if g.tokens > 8_000 {
                // Some 70 000 characters (the limit is 200 000): enough for this item.
                continue;
            }
            // Mostly typing, sometimes a long paste (a commit spanning many pages).
            let more = if rng.one_in(20) {
                rng.range(200, 1_000)
            } else {
                rng.range(1, 30)
            };
            g.push(more as usize);
            store
                .save_item_notes(*id, &g.text)
                .unwrap_or_else(|e| panic!("save_item_notes: {e}"));
            journal.notes('H', &id.to_string(), g);
        } else {
            let pick = (rng.next() % items.len() as u64) as usize;
            let item_id = items[pick].0;
            let d = store
                .add_decision(item_id, decision_input(n))
                .unwrap_or_else(|e| panic!("add_decision: {e}"));
            journal.log(&format!("decision {} {item_id}", d.id));
        }
    }
}

fn child_main(dir: &Path) -> ! {
    // Any failure in either thread ends the process at once with SIGABRT, which the
    // parent tells apart from its own SIGKILL.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("crash child: {info}");
        std::process::abort();
    }));
    let seed: u64 = std::env::var(CHILD_SEED_ENV)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut rng = Rng::new(seed);
    let journal: &'static Journal = Box::leak(Box::new(Journal::open(&dir.join(JOURNAL))));
    let t = Instant::now();
    let mut store = Store::open_in(dir).unwrap_or_else(|e| panic!("open: {e}"));
    let open_ms = t.elapsed().as_millis();
    let council = child_council(&mut store, journal);
    journal.log(&format!(
        "start {} {open_ms} {}",
        unix_ms(),
        t.elapsed().as_millis()
    ));
    // Tells the parent that the store is open and the writes begin.
    println!("{READY}");
    let typist_rng = Rng::new(rng.next());
    let typist_dir = dir.to_path_buf();
    std::thread::spawn(move || typist(&typist_dir, council, journal, typist_rng));
    heavy_writer(&mut store, council, journal, rng)
}

/// Not a test by itself: the writer that `sigkill_at_random_moments_*` starts and
/// kills. Does nothing unless `QUORUM_CRASH_CHILD` is set.
#[test]
fn crash_child() {
    if let Some(dir) = std::env::var_os(CHILD_ENV) {
        child_main(Path::new(&dir));
    }
}

// ---------------------------------------------------------------------------
// The parent: kills, reopens, checks
// ---------------------------------------------------------------------------

/// The last save of an item's notes that the journal lists.
#[derive(Clone, Copy)]
struct Saved {
    tokens: usize,
    bytes: usize,
    hash: u64,
    at_ms: i64,
}

/// Everything the journals of all rounds so far say is committed.
#[derive(Default)]
struct Expected {
    councils: HashSet<String>,
    members: HashSet<String>,
    meetings: HashSet<String>,
    /// item → its meeting
    items: HashMap<String, String>,
    /// decision → its item
    decisions: HashMap<String, String>,
    /// item → last journaled save of its notes
    notes: HashMap<String, Saved>,
    /// item → hash of the notes found after the round that wrote them; nothing
    /// writes to an item after its round, so they must stay exactly so.
    settled: HashMap<String, u64>,
    changes: u64,
}

/// What one round's journal lines said.
#[derive(Default)]
struct RoundLog {
    started_at: Option<i64>,
    child_open_ms: i64,
    child_setup_ms: i64,
    changes: u64,
    notes_items: HashSet<String>,
    last_typist_save: Option<i64>,
    typist_saves: u64,
    torn_tail: bool,
}

#[derive(Default)]
struct Stats {
    kills: u64,
    max_changes_in_round: u64,
    killed_before_writing: u64,
    killed_with_wal: u64,
    max_wal_bytes: u64,
    torn_journal_tails: u64,
    max_open_ms: u128,
    max_check_ms: u128,
    max_integrity_ms: u128,
    early_kills: u64,
    max_ready_ms: u128,
    max_child_open_ms: i64,
    max_child_setup_ms: i64,
    saves_ahead_of_journal: u64,
    db_bytes: u64,
    typing_rounds: u64,
    typist_saves: u64,
    autosave_gaps: Vec<i64>,
}

/// Reads the journal lines appended since `offset`, updates `expected`, and trims
/// a torn last line (a write cut by the kill cannot list a change: it was not done).
fn read_journal(
    path: &Path,
    offset: &mut u64,
    expected: &mut Expected,
) -> Result<RoundLog, String> {
    let mut log = RoundLog::default();
    let mut file = match OpenOptions::new().read(true).write(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(log),
        Err(e) => return Err(format!("journal: {e}")),
    };
    file.seek(SeekFrom::Start(*offset))
        .map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    file.read_to_end(&mut buf).map_err(|e| e.to_string())?;
    let complete = buf.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    if complete < buf.len() {
        log.torn_tail = true;
        file.set_len(*offset + complete as u64)
            .map_err(|e| e.to_string())?;
    }
    *offset += complete as u64;
    let text = std::str::from_utf8(&buf[..complete]).map_err(|e| e.to_string())?;
    for line in text.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        let field = |i: usize| -> Result<&str, String> {
            f.get(i)
                .copied()
                .ok_or_else(|| format!("journal line too short: {line:?}"))
        };
        let num = |i: usize| -> Result<i64, String> {
            field(i)?
                .parse::<i64>()
                .map_err(|e| format!("journal line {line:?}: {e}"))
        };
        match field(0)? {
            "start" => {
                log.started_at = Some(num(1)?);
                log.child_open_ms = num(2)?;
                log.child_setup_ms = num(3)?;
                continue;
            }
            "council" => {
                expected.councils.insert(field(1)?.to_string());
            }
            "member" => {
                expected.members.insert(field(1)?.to_string());
            }
            "meeting" => {
                expected.meetings.insert(field(1)?.to_string());
            }
            "item" => {
                expected
                    .items
                    .insert(field(1)?.to_string(), field(2)?.to_string());
            }
            "decision" => {
                expected
                    .decisions
                    .insert(field(1)?.to_string(), field(2)?.to_string());
            }
            "notes" => {
                let item = field(1)?.to_string();
                let saved = Saved {
                    tokens: num(2)? as usize,
                    bytes: num(3)? as usize,
                    hash: u64::from_str_radix(field(4)?, 16).map_err(|e| e.to_string())?,
                    at_ms: num(5)?,
                };
                if field(6)? == "T" {
                    log.typist_saves += 1;
                    log.last_typist_save = Some(saved.at_ms);
                }
                log.notes_items.insert(item.clone());
                expected.notes.insert(item, saved);
            }
            other => return Err(format!("unknown journal line {other:?}: {line:?}")),
        }
        log.changes += 1;
    }
    expected.changes += log.changes;
    Ok(log)
}

fn ids(store: &Store, sql: &str) -> Result<HashMap<String, String>, String> {
    let mut stmt = store.conn().prepare(sql).map_err(|e| e.to_string())?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(|e| e.to_string())?;
    rows.collect::<rusqlite::Result<_>>()
        .map_err(|e| e.to_string())
}

fn one_column(store: &Store, sql: &str) -> Result<Vec<String>, String> {
    let mut stmt = store.conn().prepare(sql).map_err(|e| e.to_string())?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(|e| e.to_string())?;
    rows.collect::<rusqlite::Result<_>>()
        .map_err(|e| e.to_string())
}

/// Checks that `stored` is exactly one version of the item's notes the writer
/// produced, no older than the last save the journal lists. Tells whether it is a
/// later one: committed, but killed before the journal line was written.
fn check_notes(item: &str, stored: &str, saved: Saved) -> Result<bool, String> {
    let mut g = NotesGen::new(item);
    g.push(saved.tokens);
    if g.text.len() != saved.bytes || fnv(g.text.as_bytes()) != saved.hash {
        return Err(format!(
            "item {item}: the journal's save does not match its own text (harness bug)"
        ));
    }
    if stored.len() < g.text.len() {
        return Err(format!(
            "item {item}: notes lost — {} bytes stored, a save of {} bytes had returned",
            stored.len(),
            saved.bytes
        ));
    }
    while g.text.len() < stored.len() {
        g.push_token();
    }
    if g.text != stored {
        return Err(format!(
            "item {item}: the stored notes ({} bytes) are no version the writer saved (torn or corrupted)",
            stored.len()
        ));
    }
    Ok(g.tokens > saved.tokens)
}

/// Opens the store after a kill and checks it against everything journaled so far.
fn verify(
    dir: &Path,
    expected: &mut Expected,
    log: &RoundLog,
    full_notes: bool,
    stats: &mut Stats,
) -> Result<(), String> {
    let t = Instant::now();
    let store = Store::open_in(dir).map_err(|e| format!("the store does not open: {e}"))?;
    stats.max_open_ms = stats.max_open_ms.max(t.elapsed().as_millis());
    let t = Instant::now();

    let integrity = one_column(&store, "PRAGMA integrity_check")?.join("; ");
    stats.max_integrity_ms = stats.max_integrity_ms.max(t.elapsed().as_millis());
    if integrity != "ok" {
        return Err(format!("integrity_check: {integrity}"));
    }
    let fk: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .map_err(|e| e.to_string())?;
    if fk != 0 {
        return Err(format!("{fk} rows break a foreign key"));
    }
    // create_member writes the member and its history line in one transaction.
    let orphans: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM members m
             WHERE NOT EXISTS (SELECT 1 FROM member_events e WHERE e.member_id = m.id)",
            [],
            |r| r.get(0),
        )
        .map_err(|e| e.to_string())?;
    if orphans != 0 {
        return Err(format!(
            "{orphans} members without their history line (half a transaction)"
        ));
    }

    let councils: HashSet<String> = one_column(&store, "SELECT id FROM councils")?
        .into_iter()
        .collect();
    let members: HashSet<String> = one_column(&store, "SELECT id FROM members")?
        .into_iter()
        .collect();
    let meetings: HashSet<String> = one_column(&store, "SELECT id FROM meetings")?
        .into_iter()
        .collect();
    let items = ids(&store, "SELECT id, meeting_id FROM agenda_items")?;
    let decisions = ids(&store, "SELECT id, agenda_item_id FROM decisions")?;
    for (what, want, have) in [
        ("council", &expected.councils, &councils),
        ("member", &expected.members, &members),
        ("meeting", &expected.meetings, &meetings),
    ] {
        let missing: Vec<&String> = want.difference(have).collect();
        if !missing.is_empty() {
            return Err(format!(
                "{} committed {what}(s) missing, e.g. {}",
                missing.len(),
                missing[0]
            ));
        }
    }
    for (what, want, have) in [
        ("agenda item", &expected.items, &items),
        ("decision", &expected.decisions, &decisions),
    ] {
        for (id, parent) in want {
            match have.get(id) {
                None => return Err(format!("committed {what} {id} missing")),
                Some(p) if p != parent => {
                    return Err(format!("{what} {id} belongs to {p}, not {parent}"))
                }
                Some(_) => {}
            }
        }
    }

    let mut stmt = store
        .conn()
        .prepare("SELECT notes FROM agenda_items WHERE id = ?1")
        .map_err(|e| e.to_string())?;
    let mut stored_notes = |id: &str| -> Result<String, String> {
        stmt.query_row([id], |r| r.get::<_, String>(0))
            .map_err(|e| format!("item {id}: {e}"))
    };
    for item in &log.notes_items {
        let saved = expected.notes[item];
        let stored = stored_notes(item)?;
        if check_notes(item, &stored, saved)? {
            stats.saves_ahead_of_journal += 1;
        }
        expected
            .settled
            .insert(item.clone(), fnv(stored.as_bytes()));
    }
    if full_notes {
        for (item, hash) in &expected.settled {
            let stored = stored_notes(item)?;
            if fnv(stored.as_bytes()) != *hash {
                // Tell what changed: older than a returned save, or not a version at all.
                check_notes(item, &stored, expected.notes[item])?;
                return Err(format!(
                    "item {item}: notes changed after their round ({} bytes now)",
                    stored.len()
                ));
            }
        }
    }
    stats.max_check_ms = stats.max_check_ms.max(t.elapsed().as_millis());
    stats.db_bytes = file_len(store.path());
    Ok(())
}

/// Starts the writer; the receiver gets `()` once the child says it is ready (and is
/// disconnected if it ends before that).
fn spawn_child(
    dir: &Path,
    seed: u64,
    stderr: &Path,
) -> (std::process::Child, std::sync::mpsc::Receiver<()>) {
    // /proc/self/exe, not the path: another `cargo test` may relink this test binary
    // while the rounds run, and the child must be this very build.
    let proc_exe = Path::new("/proc/self/exe");
    let exe = if proc_exe.exists() {
        proc_exe.to_path_buf()
    } else {
        std::env::current_exe().expect("path of this test binary")
    };
    let err = File::create(stderr).expect("child's stderr file");
    let mut child = Command::new(exe)
        .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, dir)
        .env(CHILD_SEED_ENV, seed.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(err))
        .spawn()
        .expect("starting the crash child");
    let out = child.stdout.take().expect("child's stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    // Reads to the end, so that the child never writes to a closed pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            match line {
                Ok(l) if l.contains(READY) => {
                    let _ = tx.send(());
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    });
    (child, rx)
}

/// 4812 → « 4 812 ».
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn file_len(p: &Path) -> u64 {
    std::fs::metadata(p).map_or(0, |m| m.len())
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|s| s.trim().parse().ok())
}

#[test]
fn sigkill_at_random_moments_loses_no_committed_change() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let rounds = env_u64(ROUNDS_ENV).unwrap_or(DEFAULT_ROUNDS).max(1);
    let seed = env_u64(SEED_ENV).unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64 % 1_000_000)
    });
    eprintln!("crash: {rounds} rounds, seed {seed} (replay the kill times with {SEED_ENV}={seed})");
    let started = Instant::now();
    let tmp = tempfile::Builder::new()
        .prefix("quorum-crash-")
        .tempdir()
        .expect("temporary directory");
    let dir: PathBuf = tmp.path().join("donnees");
    let journal = dir.join(JOURNAL);
    let wal = dir.join(format!("{}-wal", quorum_core::db::DB_FILE_NAME));
    let stderr = tmp.path().join("child-stderr.log");
    std::fs::create_dir_all(&dir).expect("data directory");

    let mut rng = Rng::new(seed);
    let mut expected = Expected::default();
    let mut stats = Stats::default();
    let mut offset = 0u64;
    let mut failure: Option<String> = None;
    for round in 1..=rounds {
        let typing = round.is_multiple_of(TYPING_EVERY);
        let early = !typing && round % EARLY_EVERY == 1;
        let delay = if typing {
            rng.range(400, 2_500)
        } else {
            rng.range(5, 150)
        };
        let spawned = Instant::now();
        let (mut child, ready) = spawn_child(&dir, rng.next(), &stderr);
        if early {
            stats.early_kills += 1;
        } else {
            match ready.recv_timeout(READY_TIMEOUT) {
                Ok(()) => {
                    stats.max_ready_ms = stats.max_ready_ms.max(spawned.elapsed().as_millis());
                }
                // Ended before it was ready: the exit status below tells why.
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    failure = Some(format!(
                        "round {round}: the child did not open the store within {} s",
                        READY_TIMEOUT.as_secs()
                    ));
                    break;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(delay));
        let kill_ms = unix_ms();
        child.kill().expect("SIGKILL to the child");
        let status = child.wait().expect("waiting for the killed child");
        if status.signal() != Some(SIGKILL) {
            let err = std::fs::read_to_string(&stderr).unwrap_or_default();
            failure = Some(format!(
                "round {round}: the child ended by itself ({status}) before the kill:\n{err}"
            ));
            break;
        }
        stats.kills += 1;
        let wal_bytes = file_len(&wal);
        if wal_bytes > 0 {
            stats.killed_with_wal += 1;
            stats.max_wal_bytes = stats.max_wal_bytes.max(wal_bytes);
        }

        let log = match read_journal(&journal, &mut offset, &mut expected) {
            Ok(log) => log,
            Err(e) => {
                failure = Some(format!("round {round}: {e}"));
                break;
            }
        };
        stats.max_child_open_ms = stats.max_child_open_ms.max(log.child_open_ms);
        stats.max_child_setup_ms = stats.max_child_setup_ms.max(log.child_setup_ms);
        if log.started_at.is_none() {
            stats.killed_before_writing += 1;
        }
        stats.torn_journal_tails += u64::from(log.torn_tail);
        stats.max_changes_in_round = stats.max_changes_in_round.max(log.changes);
        if typing {
            stats.typing_rounds += 1;
            stats.typist_saves += log.typist_saves;
            if let Some(at) = log.last_typist_save {
                stats.autosave_gaps.push(kill_ms - at);
            }
        }
        let full = round.is_multiple_of(FULL_NOTES_CHECK_EVERY) || round == rounds;
        if let Err(e) = verify(&dir, &mut expected, &log, full, &mut stats) {
            failure = Some(format!(
                "round {round} (killed {delay} ms after start): {e}"
            ));
            break;
        }
        if round.is_multiple_of(50) && round < rounds {
            eprintln!(
                "crash: {round}/{rounds} kills survived, {} changes verified, {:.0} s (child ready ≤ {} ms)",
                grouped(expected.changes),
                started.elapsed().as_secs_f64(),
                stats.max_ready_ms
            );
        }
    }
    if let Some(failure) = failure {
        let kept = tmp.keep();
        panic!(
            "crash: {failure}\n(seed {seed}; data directory kept in {})",
            kept.display()
        );
    }

    let gaps = &stats.autosave_gaps;
    let worst_gap = gaps.iter().copied().max();
    let mean_gap = if gaps.is_empty() {
        0
    } else {
        gaps.iter().sum::<i64>() / gaps.len() as i64
    };
    eprintln!(
        "crash: {} rounds in {:.1} s; {} kills timed from the child's start ({} landed before its first write), the others from its first write (child ready ≤ {} ms, of which opening ≤ {} ms, with finding the council ≤ {} ms); {} with a WAL to recover (largest {} KiB), {} between a commit and its journal line, {} torn journal tails; database {} KiB, reopen ≤ {} ms, integrity_check ≤ {} ms, all checks ≤ {} ms",
        stats.kills,
        started.elapsed().as_secs_f64(),
        stats.early_kills,
        stats.killed_before_writing,
        stats.max_ready_ms,
        stats.max_child_open_ms,
        stats.max_child_setup_ms,
        stats.killed_with_wal,
        stats.max_wal_bytes / 1024,
        stats.saves_ahead_of_journal,
        stats.torn_journal_tails,
        stats.db_bytes / 1024,
        stats.max_open_ms,
        stats.max_integrity_ms,
        stats.max_check_ms,
    );
    eprintln!(
        "crash: autosave: {} typing rounds, {} autosaves all found after the kill; kill came at most {} ms (mean {mean_gap} ms) after the last autosave that returned (promise: {AUTOSAVE_PROMISE_MS} ms)",
        stats.typing_rounds,
        stats.typist_saves,
        worst_gap.map_or_else(|| "—".to_string(), |g| g.to_string()),
    );
    eprintln!(
        "crash: {} kills survived, {} committed changes verified (up to {} in one round), integrity ok every time (seed {seed})",
        stats.kills,
        grouped(expected.changes),
        stats.max_changes_in_round,
    );
    assert!(
        expected.changes > 0,
        "no change was ever committed: the kills all came too early"
    );
    if stats.typing_rounds > 0 {
        assert!(
            !gaps.is_empty(),
            "no typing round got a single autosave through before its kill"
        );
    }
    if let Some(g) = worst_gap.filter(|&g| g > AUTOSAVE_PROMISE_MS) {
        eprintln!("crash: WARNING: {g} ms of typing could have been lost, more than promised");
    }
}
