//! Global search across a council's members, meetings, agenda items (their minutes),
//! decisions, actions, charter sections, calendar events and démarches.
//!
//! # The index
//!
//! Migration 5 (`search_index`) creates two derived tables, kept current by SQL
//! triggers on every source table, so that each write path (forms, JSON and archive
//! imports, anonymisation, deletes and their cascades) updates them in the same
//! transaction, without any Rust code having to remember it:
//!
//! - `search_docs (id, kind, record_id, council_id)`: what each document is;
//! - `search_index`, an FTS5 table (`title`, `body`) whose rowid is `search_docs.id`.
//!
//! The tokenizer is `unicode61 remove_diacritics 2`: case is folded, accents are
//! removed on both sides (« reunion » finds « Réunion », « Lefevre » finds
//! « Lefèvre »), and every punctuation character separates words, the typewriter
//! apostrophe ' and the typographic ’ alike (« l'école » and « l’école » are both the
//! words « l » and « ecole »). Prefix indexes of 2 and 3 characters make
//! search-as-you-type cheap. The FTS5 `secure-delete` option is on, so words that
//! were changed or deleted (an anonymised member's name) leave the index itself.
//! [`Store::rebuild_search_index`] recomputes both tables from the data.
//!
//! # Queries
//!
//! The user's text is never given to `MATCH` as it is: FTS5 has its own syntax, and
//! quotes, « - », « : », parentheses, `*`, `AND`/`OR`/`NOT`/`NEAR` typed by someone
//! would be errors or operators. [`match_expression`] splits it into words (letters
//! and digits; everything else, ' and ’ included, separates them), quotes each word as
//! an FTS5 string, makes every word of two characters or more a prefix (« reu
//! conse » finds « réunion du conseil »; one-letter words such as the « l » of
//! « l'école » must match whole), and requires all of them (AND). « oe » and « œ »
//! (« coeur », « cœur »), and « ae » and « æ », find each other. A text without any
//! word gives empty results, never an error.
//!
//! # Results
//!
//! Hits are grouped by kind, in the fixed order of [`SearchKind::ALL`] (meetings,
//! decisions, agenda items, actions, members, charter sections, events, démarches),
//! so that the groups do not move while the person types; groups without hits are
//! left out. Within a group, hits come best first (FTS5 bm25, a word of the title
//! counting four times a word of the body), except when more than [`RANKED_MAX`]
//! records match: see [`SearchResults::ranked`]. For a charter article found in
//! several versions, only the most recent of those versions is kept.
//!
//! Cost: the index does all the work (no `LIKE`, no scan of the data tables). One
//! pass over the council's matches counts and groups them, without bm25; only when
//! it finds at most [`RANKED_MAX`] does a second pass give their bm25 (so the
//! council's own count decides, not the whole base's, and no separate count is
//! run). Ranking in the first pass would cost the large searches more than the
//! second pass costs the small ones: before its first row, bm25 reads the whole
//! doclist of every word of the query. While a person types, though, the store
//! remembers the last search: when it found at most [`RANKED_MAX`] matches and the
//! new query narrows it (« reun » after « reu », « reu c » after « reu »), the one
//! pass ranks. The results are the same either way. Each pass gives FTS5 the rowid
//! range of the council's documents, so that it skips the matches of councils written
//! before or after it. The details (meeting, dates) are read for the hits shown only,
//! one query per kind. Their highlighted titles and excerpts are FTS5's highlight()
//! and snippet(), run on a temporary index holding only the hits shown.
//! On 2 000 meetings of 10 items (`tests/search.rs`), a search takes a few
//! milliseconds.
//!
//! Titles and excerpts mark the words found with [`MARK_START`] and [`MARK_END`],
//! two private-use characters that never come from the data (any such character in a
//! record is shown as U+FFFD): the interface splits on them and builds text nodes,
//! so a record's text is never read as HTML.

use crate::council;
use crate::db::Store;
use crate::error::Result;
use crate::format;
use crate::sql;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;

/// Opens a highlighted word in [`SearchHit::title`] and [`SearchHit::excerpt`].
pub const MARK_START: char = '\u{E000}';
/// Closes a highlighted word.
pub const MARK_END: char = '\u{E001}';

/// At most this many words of a query are used; the rest is ignored.
pub const MAX_QUERY_WORDS: usize = 12;

/// Excerpts are about this many words long.
const EXCERPT_TOKENS: u32 = 16;

/// What FTS5 puts around the words found, before [`clean_marked`] turns them into
/// [`MARK_START`] and [`MARK_END`]: two characters each, so that a lone private-use
/// character in a record cannot pass for a marker.
const RAW_START: &str = "\u{E000}\u{E002}";
const RAW_END: &str = "\u{E003}\u{E001}";

/// The kind of record a hit is. Stored as its snake_case name in `search_docs.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SearchKind {
    Member,
    Meeting,
    AgendaItem,
    Decision,
    Action,
    CharterSection,
    Event,
    Demarche,
}

impl SearchKind {
    /// Every kind, in the order the groups of results are given.
    pub const ALL: [SearchKind; 8] = [
        SearchKind::Meeting,
        SearchKind::Decision,
        SearchKind::AgendaItem,
        SearchKind::Action,
        SearchKind::Member,
        SearchKind::CharterSection,
        SearchKind::Event,
        SearchKind::Demarche,
    ];

    /// The name stored in `search_docs.kind` (the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            SearchKind::Member => "member",
            SearchKind::Meeting => "meeting",
            SearchKind::AgendaItem => "agenda_item",
            SearchKind::Decision => "decision",
            SearchKind::Action => "action",
            SearchKind::CharterSection => "charter_section",
            SearchKind::Event => "event",
            SearchKind::Demarche => "demarche",
        }
    }

    /// The kind named `name` in `search_docs.kind`; bytes, as SQLite gives them (once
    /// per match: checking that the text is UTF-8 first would cost).
    fn parse(name: &[u8]) -> Option<SearchKind> {
        SearchKind::ALL
            .into_iter()
            .find(|k| k.as_str().as_bytes() == name)
    }

    /// Its place in [`SearchKind::ALL`].
    fn index(self) -> usize {
        SearchKind::ALL
            .iter()
            .position(|k| *k == self)
            .unwrap_or_default()
    }

    /// The heading of the group, in French.
    pub fn label(self) -> &'static str {
        match self {
            SearchKind::Member => "Membres",
            SearchKind::Meeting => "Réunions",
            SearchKind::AgendaItem => "Points de l'ordre du jour",
            SearchKind::Decision => "Décisions",
            SearchKind::Action => "Actions",
            SearchKind::CharterSection => "Chartes",
            SearchKind::Event => "Agenda",
            SearchKind::Demarche => "Démarches",
        }
    }
}

/// One record found.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SearchHit {
    pub kind: SearchKind,
    /// The record itself: member, meeting, agenda item, decision, action, charter
    /// section, event or démarche.
    pub record_id: Uuid,
    /// What to show as the hit's name, words found between [`MARK_START`] and
    /// [`MARK_END`]: a member's name, a meeting's or item's title, an action's
    /// description, « Article 3 – Composition ». A decision has no title of its own:
    /// it shows its item's (unmarked).
    pub title: String,
    /// A few words of the record's text around the words found (marked the same
    /// way), « … » where the text was cut; its first words when only the title
    /// matched; empty when the record has no text besides its title.
    pub excerpt: String,
    /// Where the record belongs, plain: the meeting of an item, decision or action,
    /// « version » and title of a charter section, the place of a meeting or event,
    /// a member's organisation.
    pub context: String,
    /// The meeting's date (for meetings, items, decisions), an action's due date, an
    /// event's date, the adoption date of a charter version.
    pub date: Option<NaiveDate>,
    /// The meeting to open: the meeting itself, or the one an item, decision or
    /// action (when it came from a meeting) belongs to.
    pub meeting_id: Option<Uuid>,
    /// The charter a section belongs to…
    pub charter_id: Option<Uuid>,
    /// …and the number of the version it was found in (open it with
    /// `Store::get_charter(charter_id, Some(number))`).
    pub charter_version: Option<u32>,
    /// FTS5 bm25 score: lower is better (scores are negative); 0 when the results
    /// are not ranked ([`SearchResults::ranked`]).
    pub rank: f64,
}

/// The hits of one kind, best first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SearchGroup {
    pub kind: SearchKind,
    /// French heading of the group (« Réunions »).
    pub label: String,
    /// How many records of this kind match; `hits` holds at most the limit asked for.
    pub total: u32,
    pub hits: Vec<SearchHit>,
    /// How many more of them [`Store::search_kind`] can still give (it gives at most
    /// [`MORE_MAX`]): 0 when all are there, or when the person should rather narrow
    /// the search.
    pub more: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SearchResults {
    /// The text searched for, as given.
    pub query: String,
    /// How many records match, all kinds together (more than the hits given when a
    /// group was cut at the limit).
    pub total: u32,
    /// Whether each group is ordered by relevance (bm25): true when at most
    /// [`RANKED_MAX`] records of the council searched match, whatever the other
    /// councils of the base hold. When more match (a word found nearly everywhere,
    /// the first letters typed), ranking them all would cost more than it tells, bm25
    /// giving such a word almost no weight: each group then lists the most recently
    /// written or edited records first, and the search stays fast.
    pub ranked: bool,
    /// Non-empty groups in the order of [`SearchKind::ALL`].
    pub groups: Vec<SearchGroup>,
}

impl SearchResults {
    fn empty(query: &str) -> SearchResults {
        SearchResults {
            query: query.to_string(),
            total: 0,
            ranked: true,
            groups: Vec::new(),
        }
    }

    /// The results as plain text, for the command line: one group after the other,
    /// words found between « [ » and « ] ».
    pub fn to_text(&self) -> String {
        if self.groups.is_empty() {
            return format!("Aucun résultat pour « {} ».", self.query.trim());
        }
        let mut out = format!(
            "{} pour « {} »\n",
            format::count(i64::from(self.total), "résultat", "résultats"),
            self.query.trim()
        );
        for g in &self.groups {
            out.push_str(&format!(
                "\n{} ({})\n",
                g.label,
                format::integer(i64::from(g.total))
            ));
            for h in &g.hits {
                let mut line = format!("  {}", render_marks(&h.title, "[", "]"));
                let mut about = Vec::new();
                if let Some(d) = h.date {
                    about.push(format::date(d));
                }
                if !h.context.is_empty() {
                    about.push(h.context.clone());
                }
                if !about.is_empty() {
                    line.push_str(&format!(" — {}", about.join(", ")));
                }
                out.push_str(&line);
                out.push('\n');
                if !h.excerpt.is_empty() {
                    out.push_str(&format!("    {}\n", render_marks(&h.excerpt, "[", "]")));
                }
                out.push_str(&format!("    {} {}\n", h.kind.as_str(), h.record_id));
            }
            if g.total as usize > g.hits.len() {
                out.push_str(&format!(
                    "  … et {} de plus\n",
                    format::integer(i64::from(g.total) - g.hits.len() as i64)
                ));
            }
        }
        out
    }
}

/// `text` with the markers replaced by `open` and `close` (« [ », « ] » on a
/// terminal).
pub fn render_marks(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            MARK_START => out.push_str(open),
            MARK_END => out.push_str(close),
            c => out.push(c),
        }
    }
    out
}

/// `text` without its markers.
pub fn strip_marks(text: &str) -> String {
    render_marks(text, "", "")
}

// ---------------------------------------------------------------------------------
// Query building
// ---------------------------------------------------------------------------------

/// The words of a query as the index sees them: runs of letters and digits (with
/// their combining accents), after NFC normalisation. Everything else separates.
pub fn query_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    for c in text.nfc() {
        if c.is_alphanumeric() || (is_combining_mark(c) && !current.is_empty()) {
            current.push(c);
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// A word of a query as searched.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    /// The word in lower case, then the same with « œ »/« æ » or « oe »/« ae »
    /// swapped, when that differs.
    spellings: Vec<String>,
    /// Whether the word finds the words it begins (two characters or more).
    prefix: bool,
}

impl Term {
    /// Whether every document this term finds is found by `wider` too: `wider` is a
    /// prefix that begins each of this term's spellings (« reu » for « reun »), or the
    /// same term. Compared as typed, before FTS5 folds accents: « réu » is not taken
    /// as narrowing « reu », which only means a search that ranks in two passes.
    fn within(&self, wider: &Term) -> bool {
        if wider.prefix {
            self.spellings
                .iter()
                .all(|s| wider.spellings.iter().any(|w| s.starts_with(w.as_str())))
        } else {
            self == wider
        }
    }
}

/// The words of a query as searched (at most [`MAX_QUERY_WORDS`]).
fn query_terms(text: &str) -> Vec<Term> {
    query_words(text)
        .into_iter()
        .take(MAX_QUERY_WORDS)
        .map(|word| {
            let word = word.to_lowercase();
            let prefix = word.chars().count() >= 2;
            let mut spellings = vec![word.clone()];
            for (ligature, letters) in [("œ", "oe"), ("æ", "ae")] {
                let other = if word.contains(ligature) {
                    word.replace(ligature, letters)
                } else {
                    word.replace(letters, ligature)
                };
                if !spellings.contains(&other) {
                    spellings.push(other);
                }
            }
            Term { spellings, prefix }
        })
        .collect()
}

/// The FTS5 expression for what the person typed (see the module documentation), or
/// `None` when it holds no word.
pub fn match_expression(text: &str) -> Option<String> {
    expression(&query_terms(text))
}

/// The FTS5 expression requiring all of `terms`.
fn expression(terms: &[Term]) -> Option<String> {
    let terms: Vec<String> = terms
        .iter()
        .map(|term| {
            let quoted: Vec<String> = term
                .spellings
                .iter()
                .map(|w| {
                    // Only letters and digits are left, but a quote would end the string.
                    let w = w.replace('"', "\"\"");
                    if term.prefix {
                        format!("\"{w}\"*")
                    } else {
                        format!("\"{w}\"")
                    }
                })
                .collect();
            if quoted.len() == 1 {
                quoted.concat()
            } else {
                format!("({})", quoted.join(" OR "))
            }
        })
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" AND "))
    }
}

// ---------------------------------------------------------------------------------
// Searching
// ---------------------------------------------------------------------------------

/// Above this many matches in the council searched, hits are not ranked by bm25 (see
/// [`SearchResults::ranked`]).
pub const RANKED_MAX: u32 = 2_000;

/// Most hits [`Store::search_kind`] gives at once.
pub const MORE_MAX: u32 = 500;

/// The council's matches, `$rank` after their kind and rowid. CROSS JOIN: the
/// full-text index drives, each match then finds its document; FTS5 gives the matches
/// in rowid order. The rowid range of the council's documents (two seeks in
/// `search_docs_council`) is passed to FTS5, which seeks past the matches of councils
/// written before or after it instead of reading them. `CAST` and `+`: with a bare
/// `council_id = ?2`, SQLite prepares the statement again each time ?2 is bound (a
/// plan that may depend on the value), some 25 µs, a seventh of a rare word's whole
/// query.
macro_rules! matches_sql {
    ($rank:expr) => {
        concat!(
            "SELECT d.kind, d.id",
            $rank,
            " FROM search_index CROSS JOIN search_docs d ON d.id = search_index.rowid
             WHERE search_index MATCH ?1
               AND search_index.rowid
                   BETWEEN (SELECT min(id) FROM search_docs WHERE council_id = CAST(?2 AS TEXT))
                       AND (SELECT max(id) FROM search_docs WHERE council_id = CAST(?2 AS TEXT))
               AND +d.council_id = ?2"
        )
    };
}

/// The relevance of a match: bm25, a word of the title counting four times a word of
/// the body. One definition for both ways of ranking, which must agree.
macro_rules! bm25 {
    () => {
        "bm25(search_index, 4.0, 1.0)"
    };
}

/// The council's matches, not ranked.
const MATCHES: &str = matches_sql!("");

/// The council's matches and their bm25.
const MATCHES_RANKED: &str = matches_sql!(concat!(", ", bm25!()));

/// The bm25 of the matches whose rowids are in ?2 (between ?3 and ?4, where FTS5
/// seeks in its doclists): `+rowid` filters the matches, instead of one index lookup
/// per rowid that would expand a prefix into its words each time.
const RANKS: &str = concat!(
    "SELECT rowid, ",
    bm25!(),
    " FROM search_index
     WHERE search_index MATCH ?1 AND search_index.rowid BETWEEN ?3 AND ?4
       AND +search_index.rowid IN (SELECT value FROM json_each(?2))"
);

/// A match before its details are read.
struct Found {
    kind: SearchKind,
    /// The document's rowid (`search_docs.id`).
    rowid: i64,
    /// bm25, when the matches are ranked.
    rank: Option<f64>,
}

/// The matches of each kind so far, in the order of [`SearchKind::ALL`]: how many,
/// and those that may be shown.
type ByKind = [(u32, Vec<Found>); SearchKind::ALL.len()];

impl Store {
    /// Searches one council (see the module documentation). At most `limit_per_kind`
    /// hits are given per kind (at least one); the totals count them all.
    pub fn search(
        &mut self,
        council_id: Uuid,
        query: &str,
        limit_per_kind: u32,
    ) -> Result<SearchResults> {
        self.search_of(council_id, query, None, limit_per_kind)
    }

    /// The hits of one kind only, for « show more » under a group of [`Store::search`]:
    /// the same order, so that its first hits are the ones the group showed, and at
    /// most `limit` of them (1 to [`MORE_MAX`]).
    pub fn search_kind(
        &mut self,
        council_id: Uuid,
        query: &str,
        kind: SearchKind,
        limit: u32,
    ) -> Result<SearchResults> {
        self.search_of(council_id, query, Some(kind), limit.min(MORE_MAX))
    }

    fn search_of(
        &mut self,
        council_id: Uuid,
        query: &str,
        only: Option<SearchKind>,
        limit: u32,
    ) -> Result<SearchResults> {
        let last = self.last_search.take();
        let (results, this) = self.read(|tx| {
            council::ensure_exists(tx, council_id)?;
            search_in(
                tx,
                council_id,
                query,
                only,
                limit.max(1) as usize,
                last.as_ref(),
            )
        })?;
        self.last_search = this;
        Ok(results)
    }

    /// Recomputes the search index from the data, in one transaction. The triggers
    /// keep it current; this is for safety (a file edited by another tool). Returns
    /// the number of records indexed.
    pub fn rebuild_search_index(&mut self) -> Result<u32> {
        self.write(|tx| {
            // Dropped and created again from its own stored definition rather than
            // emptied: a DELETE goes through FTS5 (slow with `secure-delete`, and
            // refused when the index is the damaged part), a fresh table does not.
            let ddl: String = tx.query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search_index'",
                [],
                |r| r.get(0),
            )?;
            tx.execute_batch("DROP TABLE search_index")?;
            tx.execute_batch(&ddl)?;
            tx.execute_batch(
                "INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1)",
            )?;
            tx.execute_batch(REBUILD_SQL)?;
            let n: i64 = tx.query_row("SELECT count(*) FROM search_docs", [], |r| r.get(0))?;
            Ok(u32::try_from(n).unwrap_or(u32::MAX))
        })
    }
}

/// What a search found, kept by the [`Store`] for the next one: while a person types,
/// each keystroke's query usually narrows the last one (« reu » then « reun »), and
/// then it has no more matches than the last one had.
pub(crate) struct LastSearch {
    council_id: Uuid,
    terms: Vec<Term>,
    /// The council's matches, all kinds together.
    matches: u32,
}

impl LastSearch {
    /// Whether a search of `terms` in `council_id` is sure to find at most
    /// [`RANKED_MAX`] matches: this one found no more, the data aside, and every
    /// document `terms` find it found too (each of its words is narrowed by a word of
    /// `terms`).
    fn bounds(&self, council_id: Uuid, terms: &[Term]) -> bool {
        self.council_id == council_id
            && self.matches <= RANKED_MAX
            && self
                .terms
                .iter()
                .all(|wider| terms.iter().any(|t| t.within(wider)))
    }
}

/// `only`: the hits of that kind only; the matches of every kind are still counted,
/// so that the results are ranked, or not, as those of the whole search.
fn search_in(
    conn: &Connection,
    council_id: Uuid,
    query: &str,
    only: Option<SearchKind>,
    limit: usize,
    last: Option<&LastSearch>,
) -> Result<(SearchResults, Option<LastSearch>)> {
    let terms = query_terms(query);
    let Some(expr) = expression(&terms) else {
        return Ok((SearchResults::empty(query), None));
    };
    // Whether to rank is only known once the council's matches are counted. bm25 in
    // the pass that counts them would cost the large searches a third more: before
    // its first row, it reads the whole doclist of every word (« conseil »), and
    // ranking more than RANKED_MAX matches would cost more than it tells. So the pass
    // is without bm25, and a second pass ranks the matches when there are few,
    // unless the last search bounds this one (a person typing): then its one pass
    // ranks them. Data written since the last search may still make more matches
    // than RANKED_MAX: the results are then not ranked, as after a pass without bm25;
    // only the time differs. Past RANKED_MAX, only the newest hits of each kind are
    // kept as the matches go by (all of the charter's, for `newest_versions_only`).
    // Reading the index backwards (ORDER BY rowid DESC) would cost more than the
    // whole search.
    let rank_at_once = last.is_some_and(|l| l.bounds(council_id, &terms));
    let mut by_kind = ByKind::default();
    let mut matches: u32 = 0;
    {
        let mut stmt = conn.prepare_cached(if rank_at_once {
            MATCHES_RANKED
        } else {
            MATCHES
        })?;
        let mut rows = stmt.query(rusqlite::params![expr, council_id.to_string()])?;
        while let Some(r) = rows.next()? {
            matches = matches.saturating_add(1);
            if matches == RANKED_MAX + 1 {
                for (kind, (_, found)) in SearchKind::ALL.iter().zip(by_kind.iter_mut()) {
                    if *kind != SearchKind::CharterSection {
                        newest_first(found, limit);
                    }
                }
            }
            take(r, &mut by_kind, matches > RANKED_MAX, limit, rank_at_once)?;
        }
    }
    let ranked = matches <= RANKED_MAX;
    if ranked && matches > 0 && !rank_at_once {
        // Few matches: a second pass gives their bm25.
        let rowids: Vec<i64> = by_kind
            .iter()
            .flat_map(|(_, found)| found.iter().map(|f| f.rowid))
            .collect();
        let (first, last) = rowids
            .iter()
            .fold((i64::MAX, i64::MIN), |(a, b), &r| (a.min(r), b.max(r)));
        let mut ranks: HashMap<i64, f64> = HashMap::with_capacity(rowids.len());
        let mut stmt = conn.prepare_cached(RANKS)?;
        let mut rows = stmt.query(rusqlite::params![
            expr,
            sql::json_text(&rowids),
            first,
            last
        ])?;
        while let Some(r) = rows.next()? {
            ranks.insert(r.get(0)?, r.get(1)?);
        }
        for (_, found) in by_kind.iter_mut() {
            for f in found.iter_mut() {
                f.rank = ranks.get(&f.rowid).copied();
            }
        }
    } else if !ranked && rank_at_once {
        // More matches than the last search bounded (data written since).
        for (_, found) in by_kind.iter_mut() {
            for f in found.iter_mut() {
                f.rank = None;
            }
        }
    }
    let this = LastSearch {
        council_id,
        terms,
        matches,
    };

    // Order each kind and keep its first hits.
    let mut groups: Vec<(SearchKind, u32, Vec<Found>)> = Vec::new();
    let mut sections = HashMap::new();
    for (kind, (mut total, mut found)) in SearchKind::ALL.into_iter().zip(by_kind) {
        if total == 0 || only.is_some_and(|k| k != kind) {
            continue;
        }
        if ranked {
            found.sort_by(|a, b| {
                let (a_rank, b_rank) = (a.rank.unwrap_or(0.0), b.rank.unwrap_or(0.0));
                a_rank.total_cmp(&b_rank).then(b.rowid.cmp(&a.rowid))
            });
        } else {
            newest_first(&mut found, usize::MAX);
        }
        if kind == SearchKind::CharterSection {
            found = newest_versions_only(conn, found, &mut sections)?;
            total = u32::try_from(found.len()).unwrap_or(u32::MAX);
        }
        found.truncate(limit);
        groups.push((kind, total, found));
    }

    let shown: Vec<i64> = groups
        .iter()
        .flat_map(|(_, _, found)| found.iter().map(|f| f.rowid))
        .collect();
    let mut marked = if shown.is_empty() {
        HashMap::new()
    } else {
        marks(conn, &expr, &shown)?
    };

    let mut results = SearchResults::empty(query);
    results.ranked = ranked;
    for (kind, total, found) in groups {
        let rowids: Vec<i64> = found.iter().map(|f| f.rowid).collect();
        let mut details = if kind == SearchKind::CharterSection {
            HashMap::new()
        } else {
            details(conn, kind, &rowids)?
        };
        let mut hits = Vec::with_capacity(found.len());
        for f in &found {
            let Some(m) = marked.remove(&f.rowid) else {
                continue;
            };
            let detail = if kind == SearchKind::CharterSection {
                match sections.get(&f.rowid) {
                    Some(p) => Some(section_detail(conn, p)?),
                    None => None,
                }
            } else {
                details.remove(&f.rowid)
            };
            // The record went away meanwhile.
            let Some(detail) = detail else { continue };
            hits.push(hit(f, m, detail));
        }
        results.total = results.total.saturating_add(total);
        let more = total
            .min(MORE_MAX)
            .saturating_sub(u32::try_from(hits.len()).unwrap_or(u32::MAX));
        results.groups.push(SearchGroup {
            kind,
            label: kind.label().to_string(),
            total,
            hits,
            more,
        });
    }
    Ok((results, Some(this)))
}

/// Adds a row of [`MATCHES`] (of [`MATCHES_RANKED`] when `ranked`) to the matches of
/// its kind; `trim`: keeps only the newest ones (not of charter sections).
fn take(
    r: &rusqlite::Row<'_>,
    by_kind: &mut ByKind,
    trim: bool,
    limit: usize,
    ranked: bool,
) -> Result<()> {
    // A kind this build does not know (a newer Quorum's index) is not shown.
    let Some(kind) = r.get_ref(0)?.as_bytes().ok().and_then(SearchKind::parse) else {
        return Ok(());
    };
    let (count, found) = &mut by_kind[kind.index()];
    *count = count.saturating_add(1);
    found.push(Found {
        kind,
        rowid: r.get(1)?,
        rank: if ranked { Some(r.get(2)?) } else { None },
    });
    if trim && kind != SearchKind::CharterSection && found.len() >= 2 * limit {
        newest_first(found, limit);
    }
    Ok(())
}

/// Keeps the `keep` matches written last, newest first.
fn newest_first(found: &mut Vec<Found>, keep: usize) {
    found.sort_unstable_by_key(|f| std::cmp::Reverse(f.rowid));
    found.truncate(keep);
}

/// The temporary FTS5 table in which [`marks`] copies the documents shown, and the
/// table it takes their text from (FTS5 "external content"). Same tokenizer as
/// `search_index`: FTS5's highlight() and snippet() only look at the document and the
/// query, so they give there what they give in the whole index.
const MARKS_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS temp.quorum_search_shown (id INTEGER PRIMARY KEY, title, body);
CREATE VIRTUAL TABLE IF NOT EXISTS temp.quorum_search_marks USING fts5(
    title, body,
    content = 'quorum_search_shown', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);";

/// FTS5's marked title and excerpt of the documents shown, by rowid.
///
/// Asking the whole index (`MATCH ?1 AND rowid IN (…)`) would walk every match of
/// the base again, a seek per document would expand a prefix into its words once per
/// document: the documents shown are copied (their text read by rowid) into a
/// temporary index of their own, and the same query is run there.
fn marks(conn: &Connection, expr: &str, shown: &[i64]) -> Result<HashMap<i64, (String, String)>> {
    let exists: bool = conn
        .prepare_cached(
            "SELECT count(*) = 2 FROM temp.sqlite_master
             WHERE name IN ('quorum_search_shown', 'quorum_search_marks')",
        )?
        .query_row([], |r| r.get(0))?;
    if !exists {
        conn.execute_batch(MARKS_SCHEMA)?;
    }
    conn.prepare_cached("DELETE FROM temp.quorum_search_shown")?
        .execute([])?;
    conn.prepare_cached(
        "INSERT INTO temp.quorum_search_marks (quorum_search_marks) VALUES ('delete-all')",
    )?
    .execute([])?;
    conn.prepare_cached(
        "INSERT INTO temp.quorum_search_shown (id, title, body)
         SELECT rowid, title, body FROM main.search_index
         WHERE rowid IN (SELECT value FROM json_each(?1))",
    )?
    .execute([sql::json_text(&shown)])?;
    conn.prepare_cached(
        "INSERT INTO temp.quorum_search_marks (rowid, title, body)
         SELECT id, title, body FROM temp.quorum_search_shown",
    )?
    .execute([])?;
    let mut stmt = conn.prepare_cached(
        "SELECT rowid, highlight(quorum_search_marks, 0, ?2, ?3),
                snippet(quorum_search_marks, 1, ?2, ?3, '…', ?4)
         FROM temp.quorum_search_marks WHERE quorum_search_marks MATCH ?1",
    )?;
    let mut rows = stmt.query(rusqlite::params![expr, RAW_START, RAW_END, EXCERPT_TOKENS])?;
    let mut marked = HashMap::with_capacity(shown.len());
    while let Some(r) = rows.next()? {
        marked.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
    }
    Ok(marked)
}

/// Where a charter section sits: enough to number it and to open it.
struct SectionPlace {
    record_id: Uuid,
    lineage: String,
    kind: String,
    position: i64,
    version_id: String,
    number: u32,
    version_title: String,
    adopted_on: Option<NaiveDate>,
    charter_id: Uuid,
}

/// Keeps, for each article (charter and lineage), the hit of its most recent
/// version; `places` receives where each kept section sits, by rowid.
fn newest_versions_only(
    conn: &Connection,
    found: Vec<Found>,
    places: &mut HashMap<i64, SectionPlace>,
) -> Result<Vec<Found>> {
    let rowids: Vec<i64> = found.iter().map(|f| f.rowid).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.record_id, s.lineage, s.kind, s.position, s.version_id, v.number,
                v.title, v.adopted_on, v.charter_id
         FROM json_each(?1) j CROSS JOIN search_docs d ON d.id = j.value
         JOIN charter_sections s ON s.id = d.record_id
         JOIN charter_versions v ON v.id = s.version_id",
    )?;
    let mut rows = stmt.query([sql::json_text(&rowids)])?;
    while let Some(r) = rows.next()? {
        places.insert(
            r.get(0)?,
            SectionPlace {
                record_id: sql::uuid(r, 1)?,
                lineage: r.get(2)?,
                kind: r.get(3)?,
                position: r.get(4)?,
                version_id: r.get(5)?,
                number: r.get(6)?,
                version_title: r.get(7)?,
                adopted_on: sql::opt_date(r, 8)?,
                charter_id: sql::uuid(r, 9)?,
            },
        );
    }
    let mut newest: HashMap<(Uuid, &str), u32> = HashMap::new();
    for p in places.values() {
        let n = newest
            .entry((p.charter_id, p.lineage.as_str()))
            .or_insert(p.number);
        *n = (*n).max(p.number);
    }
    let keep: Vec<bool> = found
        .iter()
        .map(|f| {
            places
                .get(&f.rowid)
                .is_some_and(|p| newest.get(&(p.charter_id, p.lineage.as_str())) == Some(&p.number))
        })
        .collect();
    Ok(found
        .into_iter()
        .zip(keep)
        .filter_map(|(f, keep)| keep.then_some(f))
        .collect())
}

/// What a hit's title is made of.
#[derive(Default)]
enum Title {
    /// FTS5's marked title.
    #[default]
    Marked,
    /// Plain text instead (a decision shows its item's title).
    Plain(String),
    /// A charter section's number, then the separator and the marked title, if any.
    Numbered(String, &'static str),
}

/// What a hit shows besides FTS5's marked text.
#[derive(Default)]
struct Detail {
    record_id: Uuid,
    title: Title,
    context: String,
    date: Option<NaiveDate>,
    meeting_id: Option<Uuid>,
    charter_id: Option<Uuid>,
    charter_version: Option<u32>,
}

/// The details of the matches of one kind (not charter sections: see
/// [`section_detail`]), by rowid, in one query; a record that went away meanwhile
/// has none.
fn details(conn: &Connection, kind: SearchKind, rowids: &[i64]) -> Result<HashMap<i64, Detail>> {
    let from = "FROM json_each(?1) j CROSS JOIN search_docs d ON d.id = j.value";
    let sql = match kind {
        SearchKind::Member => format!(
            "SELECT d.id, d.record_id, r.organisation {from}
             JOIN members r ON r.id = d.record_id"
        ),
        SearchKind::Meeting => format!(
            "SELECT d.id, d.record_id, r.date, r.place {from}
             JOIN meetings r ON r.id = d.record_id"
        ),
        SearchKind::AgendaItem => format!(
            "SELECT d.id, d.record_id, m.id, m.title, m.date {from}
             JOIN agenda_items i ON i.id = d.record_id
             JOIN meetings m ON m.id = i.meeting_id"
        ),
        SearchKind::Decision => format!(
            "SELECT d.id, d.record_id, i.title, m.id, m.title, m.date {from}
             JOIN decisions r ON r.id = d.record_id
             JOIN agenda_items i ON i.id = r.agenda_item_id
             JOIN meetings m ON m.id = i.meeting_id"
        ),
        SearchKind::Action => format!(
            "SELECT d.id, d.record_id, a.due_date, m.id, m.title {from}
             JOIN actions a ON a.id = d.record_id
             LEFT JOIN agenda_items i ON i.id = a.agenda_item_id
             LEFT JOIN meetings m ON m.id = i.meeting_id"
        ),
        SearchKind::Event => format!(
            "SELECT d.id, d.record_id, r.date, r.place {from}
             JOIN events r ON r.id = d.record_id"
        ),
        SearchKind::Demarche => format!("SELECT d.id, d.record_id {from}"),
        SearchKind::CharterSection => return Ok(HashMap::new()),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([sql::json_text(&rowids)])?;
    let mut out = HashMap::with_capacity(rowids.len());
    while let Some(r) = rows.next()? {
        let record_id = sql::uuid(r, 1)?;
        let mut h = Detail {
            record_id,
            ..Detail::default()
        };
        match kind {
            SearchKind::Member => h.context = r.get(2)?,
            SearchKind::Meeting | SearchKind::Event => {
                h.date = sql::opt_date(r, 2)?;
                h.context = r.get(3)?;
                if kind == SearchKind::Meeting {
                    h.meeting_id = Some(record_id);
                }
            }
            SearchKind::AgendaItem => {
                h.meeting_id = Some(sql::uuid(r, 2)?);
                h.context = r.get(3)?;
                h.date = sql::opt_date(r, 4)?;
            }
            SearchKind::Decision => {
                h.title = Title::Plain(clean_plain(&r.get::<_, String>(2)?));
                h.meeting_id = Some(sql::uuid(r, 3)?);
                h.context = r.get(4)?;
                h.date = sql::opt_date(r, 5)?;
            }
            SearchKind::Action => {
                h.date = sql::opt_date(r, 2)?;
                h.meeting_id = sql::opt_uuid(r, 3)?;
                h.context = r.get::<_, Option<String>>(4)?.unwrap_or_default();
            }
            SearchKind::Demarche | SearchKind::CharterSection => {}
        }
        out.insert(r.get(0)?, h);
    }
    Ok(out)
}

/// The details of a charter section: its number in its version (« Article 3 »),
/// which is put before its marked title.
fn section_detail(conn: &Connection, p: &SectionPlace) -> Result<Detail> {
    let number: u32 = conn
        .prepare_cached(
            "SELECT count(*) FROM charter_sections
             WHERE version_id = ?1 AND kind = ?2 AND position <= ?3",
        )?
        .query_row(rusqlite::params![p.version_id, p.kind, p.position], |r| {
            r.get(0)
        })?;
    let title = match p.kind.as_str() {
        "part" => Title::Numbered(format::roman(number), ". "),
        "article" => Title::Numbered(format::article_label(number), " – "),
        _ => Title::Numbered(format!("Annexe {number}"), " – "),
    };
    Ok(Detail {
        record_id: p.record_id,
        title,
        context: format!("{} (version {})", p.version_title, p.number),
        date: p.adopted_on,
        meeting_id: None,
        charter_id: Some(p.charter_id),
        charter_version: Some(p.number),
    })
}

/// A hit from its match, FTS5's marked title and excerpt, and its details.
fn hit(f: &Found, (title, excerpt): (String, String), d: Detail) -> SearchHit {
    let marked_title = clean_marked(&title);
    let mut excerpt = clean_marked(&excerpt);
    if f.kind == SearchKind::AgendaItem {
        // The notes are Markdown: its emphasis stars are not shown.
        excerpt = excerpt.replace('*', "");
    }
    let title = match d.title {
        Title::Marked => marked_title,
        Title::Plain(plain) => plain,
        Title::Numbered(label, _) if marked_title.trim().is_empty() => label,
        Title::Numbered(label, separator) => format!("{label}{separator}{}", marked_title.trim()),
    };
    let mut excerpt = excerpt.trim().to_string();
    let mut context = clean_plain(&d.context);
    // A meeting's or event's indexed text may be just its place, which is also its
    // context: shown once, marked if the words found are in it.
    if !context.is_empty() && strip_marks(&excerpt) == context {
        if excerpt.contains(MARK_START) {
            context.clear();
        } else {
            excerpt.clear();
        }
    }
    SearchHit {
        kind: f.kind,
        record_id: d.record_id,
        title,
        excerpt,
        context,
        date: d.date,
        meeting_id: d.meeting_id,
        charter_id: d.charter_id,
        charter_version: d.charter_version,
        rank: f.rank.unwrap_or(0.0),
    }
}

/// Text from the data shown as is: whitespace runs collapsed, and any character
/// that could pass for a marker replaced.
fn clean_plain(text: &str) -> String {
    let replaced: String = text
        .chars()
        .map(|c| match c {
            MARK_START | MARK_END | '\u{E002}' | '\u{E003}' => '\u{FFFD}',
            c => c,
        })
        .collect();
    replaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FTS5 output (with [`RAW_START`] and [`RAW_END`]) as shown: text cleaned as by
/// [`clean_plain`], markers as [`MARK_START`] and [`MARK_END`], always balanced.
fn clean_marked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open = false;
    let mut rest = text;
    loop {
        let next_start = rest.find(RAW_START);
        let next_end = rest.find(RAW_END);
        let (at, is_start) = match (next_start, next_end) {
            (Some(s), Some(e)) if s < e => (s, true),
            (Some(s), None) => (s, true),
            (_, Some(e)) => (e, false),
            (None, None) => break,
        };
        out.push_str(&clean_piece(&rest[..at]));
        if is_start && !open {
            out.push(MARK_START);
            open = true;
        } else if !is_start && open {
            out.push(MARK_END);
            open = false;
        }
        rest = &rest[at
            + if is_start {
                RAW_START.len()
            } else {
                RAW_END.len()
            }..];
    }
    out.push_str(&clean_piece(rest));
    if open {
        out.push(MARK_END);
    }
    // Collapse whitespace without moving the markers.
    let mut collapsed = String::with_capacity(out.len());
    let mut space = false;
    for c in out.trim().chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                collapsed.push(' ');
                space = false;
            }
            collapsed.push(c);
        }
    }
    collapsed.replace(&format!("{MARK_START}{MARK_END}"), "")
}

fn clean_piece(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            MARK_START | MARK_END | '\u{E002}' | '\u{E003}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Empties and refills the index from the data, as migration 5 first filled it and
/// as its triggers keep it. `tests/search.rs` checks that both give the same index.
const REBUILD_SQL: &str = r#"
DELETE FROM search_index;
DELETE FROM search_docs;

INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'member', id, council_id FROM members;
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'meeting', id, council_id FROM meetings;
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'agenda_item', i.id, m.council_id FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id;
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'decision', d.id, m.council_id FROM decisions d
    JOIN agenda_items i ON i.id = d.agenda_item_id JOIN meetings m ON m.id = i.meeting_id;
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'action', id, council_id FROM actions;
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'charter_section', s.id, c.council_id FROM charter_sections s
    JOIN charter_versions v ON v.id = s.version_id JOIN charters c ON c.id = v.charter_id;
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'event', id, council_id FROM events;
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'demarche', id, council_id FROM demarches;

INSERT INTO search_index (rowid, title, body)
    SELECT d.id, r.first_name || ' ' || r.last_name,
           r.organisation || char(10) || r.roles || char(10) || r.notes
    FROM search_docs d JOIN members r ON r.id = d.record_id WHERE d.kind = 'member';
INSERT INTO search_index (rowid, title, body)
    SELECT d.id, r.title, r.place
    FROM search_docs d JOIN meetings r ON r.id = d.record_id WHERE d.kind = 'meeting';
INSERT INTO search_index (rowid, title, body)
    SELECT d.id, r.title, r.notes || char(10) || r.presenter
    FROM search_docs d JOIN agenda_items r ON r.id = d.record_id WHERE d.kind = 'agenda_item';
INSERT INTO search_index (rowid, title, body)
    SELECT d.id, '', r.text || char(10) || r.dissent
    FROM search_docs d JOIN decisions r ON r.id = d.record_id WHERE d.kind = 'decision';
INSERT INTO search_index (rowid, title, body)
    SELECT d.id, r.description, r.owner_text || char(10) || r.due_text
    FROM search_docs d JOIN actions r ON r.id = d.record_id WHERE d.kind = 'action';
INSERT INTO search_index (rowid, title, body)
    SELECT d.id, r.title,
           CASE WHEN json_valid(r.body)
                THEN coalesce((SELECT group_concat(value, char(10)) FROM json_tree(r.body)
                               WHERE key = 'text' AND type = 'text'), '')
                ELSE r.body END
    FROM search_docs d JOIN charter_sections r ON r.id = d.record_id WHERE d.kind = 'charter_section';
INSERT INTO search_index (rowid, title, body)
    SELECT d.id, r.title, r.place || char(10) || r.address || char(10) || r.description
    FROM search_docs d JOIN events r ON r.id = d.record_id WHERE d.kind = 'event';
INSERT INTO search_index (rowid, title, body)
    SELECT d.id, r.title, r.object || char(10) || r.impacts || char(10) || r.partners
    FROM search_docs d JOIN demarches r ON r.id = d.record_id WHERE d.kind = 'demarche';
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_indexed_in_the_order_of_all_and_read_back_by_name() {
        for (i, kind) in SearchKind::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), i, "{kind:?}");
            assert_eq!(SearchKind::parse(kind.as_str().as_bytes()), Some(kind));
        }
        assert_eq!(SearchKind::parse(b"council"), None);
    }

    #[test]
    fn words_split_on_punctuation_and_both_apostrophes() {
        assert_eq!(query_words("l'école"), ["l", "école"]);
        assert_eq!(query_words("l’ÉCOLE"), ["l", "ÉCOLE"]);
        assert_eq!(query_words("Jean-Pierre"), ["Jean", "Pierre"]);
        assert_eq!(
            query_words("a:b (c) \"d NEAR*"),
            ["a", "b", "c", "d", "NEAR"]
        );
        // A decomposed « é » (e + combining acute) is one word with it.
        assert_eq!(query_words("re\u{301}union"), ["réunion"]);
        assert!(query_words(" ’'\"*()-:^ ").is_empty());
    }

    #[test]
    fn every_word_is_quoted_and_words_of_two_letters_or_more_are_prefixes() {
        assert_eq!(
            match_expression("reu conse").as_deref(),
            Some("\"reu\"* AND \"conse\"*")
        );
        assert_eq!(
            match_expression("l'ecole").as_deref(),
            Some("\"l\" AND \"ecole\"*")
        );
        assert_eq!(
            match_expression("AND OR NOT").as_deref(),
            Some("\"and\"* AND \"or\"* AND \"not\"*")
        );
        assert_eq!(match_expression(" * ( : \" "), None);
        assert_eq!(match_expression(""), None);
    }

    #[test]
    fn ligatures_and_their_letters_find_each_other() {
        assert_eq!(
            match_expression("coeur").as_deref(),
            Some("(\"coeur\"* OR \"cœur\"*)")
        );
        assert_eq!(
            match_expression("Cœur").as_deref(),
            Some("(\"cœur\"* OR \"coeur\"*)")
        );
        assert_eq!(
            match_expression("vitae").as_deref(),
            Some("(\"vitae\"* OR \"vitæ\"*)")
        );
    }

    #[test]
    fn a_search_bounds_the_next_when_each_of_its_words_is_narrowed() {
        let council = Uuid::new_v4();
        let last = |query: &str, matches: u32| LastSearch {
            council_id: council,
            terms: query_terms(query),
            matches,
        };
        let bounds = |last: &LastSearch, query: &str| last.bounds(council, &query_terms(query));
        let reu = last("reu", 40);
        for narrower in ["reu", "REUN", "reunion", "reu c", "conse reu", "reu’l"] {
            assert!(bounds(&reu, narrower), "« reu » bounds « {narrower} »");
        }
        // Wider, another word, or an accent typed (FTS5 folds it, the comparison
        // does not: only a second pass is lost).
        for other in ["re", "rue", "conse", "réun", ""] {
            assert!(!bounds(&reu, other), "« reu » does not bound « {other} »");
        }
        // A one-letter word finds that word only, not the words it begins.
        let l = last("l ecole", 3);
        assert!(bounds(&l, "l’ecoles"));
        assert!(!bounds(&l, "le ecole"));
        // Ligatures: both spellings are narrowed.
        let coe = last("coe", 5);
        assert!(bounds(&coe, "cœur"));
        assert!(bounds(&coe, "coeur"));
        assert!(bounds(&last("cœ", 5), "coeur"));
        // Too many matches to rank, or another council: no bound.
        assert!(!bounds(&last("reu", RANKED_MAX + 1), "reun"));
        assert!(bounds(&last("reu", RANKED_MAX), "reun"));
        assert!(!reu.bounds(Uuid::new_v4(), &query_terms("reun")));
    }

    #[test]
    fn markers_are_balanced_and_data_cannot_forge_them() {
        let raw = format!("a {RAW_START}b{RAW_END}  c\n\n{MARK_START}d{MARK_END}");
        assert_eq!(
            clean_marked(&raw),
            format!("a {MARK_START}b{MARK_END} c \u{FFFD}d\u{FFFD}")
        );
        let unclosed = format!("x {RAW_START}y");
        assert_eq!(
            clean_marked(&unclosed),
            format!("x {MARK_START}y{MARK_END}")
        );
        assert_eq!(
            render_marks(&clean_marked(&raw), "[", "]"),
            "a [b] c \u{FFFD}d\u{FFFD}"
        );
    }
}
