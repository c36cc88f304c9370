//! Benchmark (not a test): global search on ten years of data, `Store::search`
//! (what the search box calls, 8 hits per kind), against the raw FTS5 query it is
//! built on, run on the same connection with the same match expression
//! (`search::match_expression`): every match of the council, read to the last row,
//!
//! ```sql
//! SELECT d.kind, d.id, bm25(search_index, 4.0, 1.0)   -- NULL instead of bm25 when
//! FROM search_index CROSS JOIN search_docs d          -- Quorum does not rank (more
//!   ON d.id = search_index.rowid                      -- than search::RANKED_MAX
//! WHERE search_index MATCH ?1                         -- matches in the council), as
//!   AND search_index.rowid                            -- it does
//!       BETWEEN (SELECT min(id) FROM search_docs WHERE council_id = CAST(?2 AS TEXT))
//!           AND (SELECT max(id) FROM search_docs WHERE council_id = CAST(?2 AS TEXT))
//!   AND +d.council_id = ?2
//! ```
//!
//! (`MATCHES` in `search.rs`: the council's rowid range lets FTS5 skip the other
//! councils' matches; `CAST` and `+` spare SQLite a new plan at each binding.)
//!
//! Quorum adds to it: the council check, grouping by kind, the bm25 of the matches
//! when it ranks them, the highlighted titles and excerpts of the hits shown and their
//! details. The data:
//! `Store::generate_large_demo` (10 years, 4 councils, about 2 000 meetings, 20 000
//! decisions, 50 000 actions, 5 000 events), generated once per run into a temporary
//! directory; the council searched is the one with the most indexed records; the
//! rare word is, among a few names and words of the generator, the one with the
//! fewest matches (at least one) there. Per query: 3 warm-ups, then 50 runs of each,
//! in turn. Quorum is timed twice per run: as the search box calls it while someone
//! types (the query without its last character searched just before, untimed: the
//! store remembers it, and a narrower query with few matches ranks them in one pass)
//! and as a first search (nothing remembered, as `quorum search` or a pasted query).
//! Targets (issue 7): within 1.2× of the raw query and under 10 ms.

mod common;

use common::*;
use quorum_core::bigdemo::LargeDemoOptions;
use quorum_core::search::{match_expression, RANKED_MAX};
use quorum_core::Store;
use std::time::{Duration, Instant};
use uuid::Uuid;

const LIMIT: u32 = 8;
const WARMUP: usize = 3;
const RUNS: usize = 50;
const MAX_RATIO: f64 = 1.2;
const MAX_TIME: Duration = Duration::from_millis(10);

/// Candidates for the rare word: names and words of the generator.
const RARE: [&str; 12] = [
    "Bakayoko",
    "Yilmaz",
    "Pereira",
    "Fofana",
    "Mansouri",
    "Chérif",
    "désamiantage",
    "infiltrations",
    "ralentisseurs",
    "fresque",
    "musée",
    "garages",
];

/// (what it stands for, what is typed); `None`: the rare word found at run time.
const QUERIES: [(&str, Option<&str>); 6] = [
    ("mot courant", Some("conseil")),
    ("mot rare", None),
    ("préfixe en cours de frappe", Some("renov")),
    ("mot accentué", Some("réunion")),
    ("deux débuts de mots", Some("reu conse")),
    ("deux lettres", Some("re")),
];

const RAW_RANKED: &str = "SELECT d.kind, d.id, bm25(search_index, 4.0, 1.0)
     FROM search_index CROSS JOIN search_docs d ON d.id = search_index.rowid
     WHERE search_index MATCH ?1
       AND search_index.rowid
           BETWEEN (SELECT min(id) FROM search_docs WHERE council_id = CAST(?2 AS TEXT))
               AND (SELECT max(id) FROM search_docs WHERE council_id = CAST(?2 AS TEXT))
       AND +d.council_id = ?2";
const RAW_UNRANKED: &str = "SELECT d.kind, d.id, NULL
     FROM search_index CROSS JOIN search_docs d ON d.id = search_index.rowid
     WHERE search_index MATCH ?1
       AND search_index.rowid
           BETWEEN (SELECT min(id) FROM search_docs WHERE council_id = CAST(?2 AS TEXT))
               AND (SELECT max(id) FROM search_docs WHERE council_id = CAST(?2 AS TEXT))
       AND +d.council_id = ?2";

/// The raw query, every row read; gives the number of matches in the council.
fn raw(store: &Store, sql: &str, expr: &str, council: &str) -> BenchResult<usize> {
    let mut stmt = store.conn().prepare_cached(sql)?;
    let mut rows = stmt.query([expr, council])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let kind = r.get_ref(0)?.as_str()?;
        let id: i64 = r.get(1)?;
        let rank: Option<f64> = r.get(2)?;
        std::hint::black_box((kind, id, rank));
        n += 1;
    }
    Ok(n)
}

/// The titles and excerpts of the hits shown, as `search.rs` read them before it
/// copied them into a temporary index: a reference point.
const HIGHLIGHT: &str =
    "SELECT search_index.rowid, d.record_id, highlight(search_index, 0, ?2, ?3),
            snippet(search_index, 1, ?2, ?3, '…', ?4)
     FROM search_index CROSS JOIN search_docs d ON d.id = search_index.rowid
     WHERE search_index MATCH ?1
       AND +search_index.rowid IN (SELECT value FROM json_each(?5))";

/// Matches in the whole base, as Quorum counted them before deciding whether to rank
/// from the council's matches: a reference point.
fn base_matches(store: &Store, expr: &str) -> BenchResult<i64> {
    Ok(store.conn().query_row(
        "SELECT count(*) FROM search_index WHERE search_index MATCH ?1",
        [expr],
        |r| r.get(0),
    )?)
}

fn main() -> BenchResult {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open_in(&dir.path().join("donnees"))?;
    // Generating: the data is only the setting, so its one big transaction is given
    // a large page cache (512 MiB; SQLite's default of 2 MiB makes it spill to the
    // WAL over and over, about three times slower). Then the database is closed and
    // opened again, as Quorum opens it, with its default settings, for the searches.
    store.conn().execute_batch("PRAGMA cache_size = -524288")?;
    let start = Instant::now();
    let report = store.generate_large_demo(&LargeDemoOptions {
        years: 10,
        seed: 20261122,
    })?;
    let generated = start.elapsed();
    drop(store);
    let mut store = Store::open_in(&dir.path().join("donnees"))?;
    let file_size = std::fs::metadata(store.path())?.len();

    // The council with the most indexed records.
    let (council, docs): (String, i64) = store.conn().query_row(
        "SELECT council_id, count(*) FROM search_docs WHERE council_id IS NOT NULL
         GROUP BY council_id ORDER BY count(*) DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let council_id = Uuid::parse_str(&council)?;
    let name: String =
        store
            .conn()
            .query_row("SELECT name FROM councils WHERE id = ?1", [&council], |r| {
                r.get(0)
            })?;
    println!(
        "Données de 10 ans (Store::generate_large_demo en {}, cache de 512 Mio) : {} réunions, {} points, {} décisions, {} actions, {} événements, {} ; recherche dans « {name} » ({} fiches indexées)",
        duration(generated),
        thousands(report.meetings.into()),
        thousands(report.agenda_items.into()),
        thousands(report.decisions.into()),
        thousands(report.actions.into()),
        thousands(report.events.into()),
        bytes(file_size as usize),
        thousands(docs as u64)
    );

    let mut rare = None;
    for word in RARE {
        let expr = match_expression(word).ok_or("mot vide")?;
        let n = raw(&store, RAW_UNRANKED, &expr, &council)?;
        if n > 0 && rare.is_none_or(|(_, best)| n < best) {
            rare = Some((word, n));
        }
    }
    let rare = rare.map_or("Bakayoko", |(w, _)| w);

    let mut all_met = true;
    let mut all_met_first = true;
    for (what, query) in QUERIES {
        let query = query.unwrap_or(rare);
        let expr = match_expression(query).ok_or("requête sans mot")?;
        // Quorum ranks when the council has at most RANKED_MAX matches.
        let sql = if raw(&store, RAW_UNRANKED, &expr, &council)? <= RANKED_MAX as usize {
            RAW_RANKED
        } else {
            RAW_UNRANKED
        };
        // What was typed just before: the query without its last character.
        let before = {
            let mut chars = query.chars();
            chars.next_back();
            chars.as_str()
        };
        let mut matches = 0;
        let mut shown = 0;
        let mut ranked = true;
        let mut last = None;
        let (mut first, mut quorum, mut peer) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..WARMUP + RUNS {
            // A first search: the store remembers no search before it (a text without
            // any word leaves no memory), as in `quorum search` or a pasted query.
            store.search(council_id, " ", LIMIT)?;
            let t = Instant::now();
            let results = store.search(council_id, query, LIMIT)?;
            let f = t.elapsed();
            // The same search as the search box makes it while the person types: the
            // keystroke before searched first.
            store.search(council_id, before, LIMIT)?;
            let t = Instant::now();
            let typed = store.search(council_id, query, LIMIT)?;
            let q = t.elapsed();
            if typed != results {
                return Err(format!("« {query} » : résultats différents à la frappe").into());
            }
            let t = Instant::now();
            matches = raw(&store, sql, &expr, &council)?;
            let b = t.elapsed();
            shown = results.groups.iter().map(|g| g.hits.len()).sum::<usize>();
            ranked = results.ranked;
            last = Some(results);
            if i >= WARMUP {
                first.push(f);
                quorum.push(q);
                peer.push(b);
            }
        }
        let (first, quorum, peer) = (Stats::of(first), Stats::of(quorum), Stats::of(peer));
        // Two steps Quorum took before, timed apart, for comparison.
        let count = time_runs(1, 20, || base_matches(&store, &expr))?;
        let mut rowids = Vec::new();
        for g in last.iter().flat_map(|r| r.groups.iter()) {
            for h in &g.hits {
                rowids.push(store.conn().query_row(
                    "SELECT id FROM search_docs WHERE kind = ?1 AND record_id = ?2",
                    [h.kind.as_str(), &h.record_id.to_string()],
                    |r| r.get::<_, i64>(0),
                )?);
            }
        }
        let rowids = serde_json::to_string(&rowids)?;
        let marks = time_runs(1, 20, || {
            let mut stmt = store.conn().prepare_cached(HIGHLIGHT)?;
            let mut rows = stmt.query(rusqlite::params![
                expr,
                "\u{E000}\u{E002}",
                "\u{E003}\u{E001}",
                16,
                rowids
            ])?;
            let mut n = 0;
            while let Some(r) = rows.next()? {
                std::hint::black_box((r.get::<_, String>(2)?, r.get::<_, String>(3)?));
                n += 1;
            }
            Ok(n)
        })?;
        let r = ratio(quorum.median, peer.median);
        let met = r <= MAX_RATIO && quorum.median < MAX_TIME;
        all_met &= met;
        let r_first = ratio(first.median, peer.median);
        let met_first = r_first <= MAX_RATIO && first.median < MAX_TIME;
        all_met_first &= met_first;
        println!(
            "Recherche « {query} » ({what}, {} correspondances, {shown} affichées{}) : Quorum à la frappe {} · FTS5 brut {} — Quorum/brut {} — objectif ≤ {MAX_RATIO}× et < 10 ms : {}",
            thousands(matches as u64),
            if ranked { "" } else { ", non classées" },
            duration(quorum.median),
            duration(peer.median),
            times(r),
            verdict(met),
        );
        println!(
            "  première recherche (rien de mémorisé, comme `quorum search`) {} — Quorum/brut {} : {}",
            duration(first.median),
            times(r_first),
            verdict(met_first),
        );
        println!(
            "  à la frappe {} (après « {before} ») ; première {} ; brut {} ; expression {expr}",
            quorum.detail(),
            first.detail(),
            peer.detail()
        );
        println!(
            "  repères (étapes de l'ancienne version) : compte des correspondances dans toute la base (count(*) … MATCH) {} ; titres et extraits surlignés par un second MATCH sur tout l'index {}",
            duration(count.median),
            duration(marks.median)
        );
        // What the ratio leaves out, for the owner's choice of reference (issue 7): in
        // absolute terms, and against FTS5 alone doing the same display (the raw query
        // plus FTS5's own highlight() and snippet() of the hits shown).
        let same_display = peer.median + marks.median;
        println!(
            "  au-delà de la requête brute : Quorum {} de plus ; FTS5 seul pour le même affichage (requête brute + highlight()/snippet() des fiches affichées) {} — Quorum/ce travail {}",
            duration(quorum.median.saturating_sub(peer.median)),
            duration(same_display),
            times(ratio(quorum.median, same_display)),
        );
    }
    println!(
        "Recherche, toutes requêtes : objectif ≤ {MAX_RATIO}× du FTS5 brut et < 10 ms : à la frappe {} ; premières recherches {}",
        verdict(all_met),
        verdict(all_met_first)
    );
    Ok(())
}
