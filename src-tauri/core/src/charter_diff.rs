//! Comparing two versions of a charter, article by article and word by word.
//!
//! Sections are paired by their `lineage` (a new version copies the sections of the
//! one it starts from, keeping lineages), so an article that was renumbered because
//! another was inserted before it is still compared with itself. Sections of
//! versions that share no lineage (two separate imports) are paired by kind and
//! title. Within a pair, the title and the body's text are compared word by word
//! with `similar` (patience diff over words, which keeps moved sentences readable).

use crate::charter::{
    self, list_sections, number_sections, pick_version, CharterKind, NumberedSection, SectionKind,
    VersionStatus,
};
use crate::charter_text::body_to_text;
use crate::council;
use crate::db::Store;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp};
use std::collections::{HashMap, HashSet};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DiffTag {
    Equal,
    Inserted,
    Deleted,
}

/// A run of text that is the same in both versions, only in the newer one
/// (`inserted`) or only in the older one (`deleted`). Whitespace, line breaks
/// included, is kept so that the body reads as in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DiffSpan {
    pub tag: DiffTag,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SectionChange {
    Unchanged,
    Modified,
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SectionDiff {
    pub kind: SectionKind,
    pub change: SectionChange,
    /// « Article 3 – Absences » in the older version, if it is there.
    pub from_heading: Option<String>,
    pub to_heading: Option<String>,
    /// The number changed (an article was inserted or removed before it).
    pub renumbered: bool,
    /// It comes before a section it used to follow.
    pub moved: bool,
    pub title: Vec<DiffSpan>,
    pub body: Vec<DiffSpan>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VersionRef {
    pub number: u32,
    pub status: VersionStatus,
    pub title: String,
    pub adopted_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DiffCounts {
    pub added: u32,
    pub removed: u32,
    pub modified: u32,
    pub unchanged: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CharterDiff {
    pub charter_id: Uuid,
    pub kind: CharterKind,
    pub council_name: String,
    pub from: VersionRef,
    pub to: VersionRef,
    pub title: Vec<DiffSpan>,
    pub preamble: Vec<DiffSpan>,
    pub preamble_changed: bool,
    /// In the order of the newer version, removed sections where they stood.
    pub sections: Vec<SectionDiff>,
    /// Counts over sections (parts, articles, annexes).
    pub counts: DiffCounts,
}

impl CharterDiff {
    pub fn has_changes(&self) -> bool {
        self.preamble_changed
            || self.title.iter().any(|s| s.tag != DiffTag::Equal)
            || self
                .sections
                .iter()
                .any(|s| s.change != SectionChange::Unchanged || s.renumbered || s.moved)
    }
}

/// A word with the whitespace that follows it. Words compare by their letters only,
/// so that a line break that became a space is not reported as a change, and a
/// run of changed words is one change (« un tiers » → « la moitié »), not one per
/// word with unchanged spaces between them.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    word: &'a str,
    text: &'a str,
}

impl PartialEq for Token<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.word == other.word
    }
}
impl Eq for Token<'_> {}
impl PartialOrd for Token<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Token<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.word.cmp(other.word)
    }
}
impl std::hash::Hash for Token<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.word.hash(state);
    }
}

fn tokens(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    // Leading whitespace is a token of its own, with no word.
    let lead = rest.len() - rest.trim_start().len();
    if lead > 0 {
        out.push(Token {
            word: "",
            text: &rest[..lead],
        });
        rest = &rest[lead..];
    }
    while !rest.is_empty() {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let after = &rest[word_end..];
        let end = word_end + (after.len() - after.trim_start().len());
        out.push(Token {
            word: &rest[..word_end],
            text: &rest[..end],
        });
        rest = &rest[end..];
    }
    out
}

/// Word-level differences between two texts, merged into runs. Joining the equal
/// and inserted runs gives `new` exactly; equal and deleted runs give `old` up to
/// the whitespace between unchanged words.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffSpan> {
    let (a, b) = (tokens(old), tokens(new));
    let mut spans: Vec<DiffSpan> = Vec::new();
    let mut push = |tag: DiffTag, toks: &[Token<'_>]| {
        let text: String = toks.iter().map(|t| t.text).collect();
        if text.is_empty() {
            return;
        }
        match spans.last_mut() {
            Some(last) if last.tag == tag => last.text.push_str(&text),
            _ => spans.push(DiffSpan { tag, text }),
        }
    };
    for op in similar::capture_diff_slices(Algorithm::Patience, &a, &b) {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                push(DiffTag::Equal, &b[new_index..new_index + len])
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => push(DiffTag::Deleted, &a[old_index..old_index + old_len]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push(DiffTag::Inserted, &b[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(DiffTag::Deleted, &a[old_index..old_index + old_len]);
                push(DiffTag::Inserted, &b[new_index..new_index + new_len]);
            }
        }
    }
    spans
}

fn unchanged(spans: &[DiffSpan]) -> bool {
    spans.iter().all(|s| s.tag == DiffTag::Equal)
}

fn only(tag: DiffTag, text: &str) -> Vec<DiffSpan> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![DiffSpan {
            tag,
            text: text.to_string(),
        }]
    }
}

fn normalized(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Pairs sections of `from` and `to`: index in `to` → index in `from`.
fn pair(from: &[NumberedSection], to: &[NumberedSection]) -> HashMap<usize, usize> {
    let by_lineage: HashMap<Uuid, usize> = from
        .iter()
        .enumerate()
        .map(|(i, s)| (s.section.lineage, i))
        .collect();
    let mut pairs = HashMap::new();
    let mut used = HashSet::new();
    for (j, s) in to.iter().enumerate() {
        if let Some(&i) = by_lineage.get(&s.section.lineage) {
            pairs.insert(j, i);
            used.insert(i);
        }
    }
    // Fallback for unrelated versions: same kind and same title, first come first served.
    for (j, s) in to.iter().enumerate() {
        if pairs.contains_key(&j) || s.section.title.trim().is_empty() {
            continue;
        }
        let title = normalized(&s.section.title);
        if let Some(i) = from.iter().enumerate().position(|(i, f)| {
            !used.contains(&i)
                && f.section.kind == s.section.kind
                && normalized(&f.section.title) == title
        }) {
            pairs.insert(j, i);
            used.insert(i);
        }
    }
    pairs
}

fn added(s: &NumberedSection) -> SectionDiff {
    SectionDiff {
        kind: s.section.kind,
        change: SectionChange::Added,
        from_heading: None,
        to_heading: Some(s.heading()),
        renumbered: false,
        moved: false,
        title: only(DiffTag::Inserted, &s.section.title),
        body: only(DiffTag::Inserted, &s.body_text),
    }
}

fn removed(s: &NumberedSection) -> SectionDiff {
    SectionDiff {
        kind: s.section.kind,
        change: SectionChange::Removed,
        from_heading: Some(s.heading()),
        to_heading: None,
        renumbered: false,
        moved: false,
        title: only(DiffTag::Deleted, &s.section.title),
        body: only(DiffTag::Deleted, &s.body_text),
    }
}

fn compared(old: &NumberedSection, new: &NumberedSection, moved: bool) -> SectionDiff {
    let title = word_diff(&old.section.title, &new.section.title);
    let body = word_diff(&old.body_text, &new.body_text);
    let same = unchanged(&title)
        && unchanged(&body)
        && old.section.kind == new.section.kind
        && old.section.generated == new.section.generated;
    SectionDiff {
        kind: new.section.kind,
        change: if same {
            SectionChange::Unchanged
        } else {
            SectionChange::Modified
        },
        from_heading: Some(old.heading()),
        to_heading: Some(new.heading()),
        renumbered: old.label != new.label,
        moved,
        title,
        body,
    }
}

/// Compares two lists of numbered sections.
pub fn diff_sections(from: &[NumberedSection], to: &[NumberedSection]) -> Vec<SectionDiff> {
    let pairs = pair(from, to);
    let matched: HashSet<usize> = pairs.values().copied().collect();
    let mut out = Vec::new();
    let mut next_from = 0;
    let mut last_matched: Option<usize> = None;
    for (j, s) in to.iter().enumerate() {
        match pairs.get(&j) {
            Some(&i) => {
                // Removed sections that stood before this one are shown where they stood.
                while next_from < i {
                    if !matched.contains(&next_from) {
                        out.push(removed(&from[next_from]));
                    }
                    next_from += 1;
                }
                next_from = next_from.max(i + 1);
                let moved = last_matched.is_some_and(|prev| i < prev);
                last_matched = Some(last_matched.map_or(i, |prev| prev.max(i)));
                out.push(compared(&from[i], s, moved));
            }
            None => out.push(added(s)),
        }
    }
    for (i, s) in from.iter().enumerate().skip(next_from) {
        if !matched.contains(&i) {
            out.push(removed(s));
        }
    }
    // Sections skipped by a backward jump (moved ones) were matched; any unmatched
    // ones before `next_from` were emitted in the loop.
    out
}

impl Store {
    /// Compares versions `from` and `to` (numbers) of a charter.
    pub fn compare_charter_versions(
        &mut self,
        charter_id: Uuid,
        from: u32,
        to: u32,
    ) -> Result<CharterDiff> {
        self.read(|tx| {
            let charter = charter::get(tx, charter_id)?;
            let council = council::get(tx, charter.council_id)?;
            let old = pick_version(tx, charter_id, Some(from)).map_err(|_| {
                Error::validation("from", format!("Cette charte n'a pas de version {from}."))
            })?;
            let new = pick_version(tx, charter_id, Some(to)).map_err(|_| {
                Error::validation("to", format!("Cette charte n'a pas de version {to}."))
            })?;
            let old_sections = number_sections(list_sections(tx, old.id)?);
            let new_sections = number_sections(list_sections(tx, new.id)?);
            let sections = diff_sections(&old_sections, &new_sections);
            let mut counts = DiffCounts::default();
            for s in &sections {
                match s.change {
                    SectionChange::Added => counts.added += 1,
                    SectionChange::Removed => counts.removed += 1,
                    SectionChange::Modified => counts.modified += 1,
                    SectionChange::Unchanged => counts.unchanged += 1,
                }
            }
            let preamble = word_diff(&body_to_text(&old.preamble), &body_to_text(&new.preamble));
            let reference = |v: &charter::CharterVersion| VersionRef {
                number: v.number,
                status: v.status,
                title: v.title.clone(),
                adopted_on: v.adopted_on,
            };
            Ok(CharterDiff {
                charter_id,
                kind: charter.kind,
                council_name: council.name,
                from: reference(&old),
                to: reference(&new),
                title: word_diff(&old.title, &new.title),
                preamble_changed: !unchanged(&preamble),
                preamble,
                sections,
                counts,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(spans: &[DiffSpan], keep: DiffTag) -> String {
        spans
            .iter()
            .filter(|s| s.tag == DiffTag::Equal || s.tag == keep)
            .map(|s| s.text.as_str())
            .collect()
    }

    #[test]
    fn a_run_of_changed_words_is_one_change() {
        let spans = word_diff(
            "Le quorum est un tiers des membres présents.",
            "Le quorum est la moitié des membres présents.",
        );
        let changed: Vec<(DiffTag, &str)> = spans
            .iter()
            .filter(|s| s.tag != DiffTag::Equal)
            .map(|s| (s.tag, s.text.as_str()))
            .collect();
        assert_eq!(
            changed,
            [
                (DiffTag::Deleted, "un tiers "),
                (DiffTag::Inserted, "la moitié ")
            ]
        );
    }

    #[test]
    fn equal_and_inserted_runs_rebuild_the_new_text() {
        let old = "1° Les convocations\n  a) huit jours avant ;\n\nFin.";
        let new =
            "1° Les convocations écrites\n  a) quinze jours avant ;\n\n2° Nouvel alinéa.\n\nFin.";
        let spans = word_diff(old, new);
        assert_eq!(render(&spans, DiffTag::Inserted), new);
        let old_words: Vec<String> = render(&spans, DiffTag::Deleted)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        assert_eq!(old_words, old.split_whitespace().collect::<Vec<_>>());
        assert!(word_diff(old, old).iter().all(|s| s.tag == DiffTag::Equal));
        assert!(word_diff("", "").is_empty());
    }
}
