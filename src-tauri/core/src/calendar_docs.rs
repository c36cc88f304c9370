//! The printed calendar: the month grid and the agenda list for the notice board, and
//! the timeline of a démarche. Each is a `doc::Document` built from a `CalendarView`
//! (or a `DemarcheDetail`); `doc` lays it out and writes the PDF.
//!
//! The month grid is a table with one row per week at a fixed height, so that it looks
//! like a wall calendar and fits one landscape page. What a day cannot hold is
//! measured with the layout module itself (not estimated): as many entries as fit,
//! then « + N autres (voir l'agenda) ».
//!
//! Atkinson Hyperlegible has no warning sign, no arrows and no block elements: a
//! clash is marked « !! » in bold (explained under the grid), and the bars of the
//! timeline are rows of bold « • » (table cells cannot be filled).

use crate::calendar::{
    AvisState, AvisView, CalendarEntry, CalendarFilter, CalendarView, DemarcheDetail, EntrySource,
    EventKind, Phase, Timing,
};
use crate::db::Store;
use crate::doc::{
    layout, mm, render_pdf, text_width, Align, Block, Cell, Column, Document, FontStyle, Item,
    KeyValue, List, ListItem, Margins, Metadata, PageSetup, Paragraph, Row, Span, Table,
};
use crate::error::{Error, Result};
use crate::format::{self, NBSP};
use chrono::{Datelike, Duration, Months, NaiveDate, Utc};
use uuid::Uuid;

// ---------------------------------------------------------------------------------
// Words and dates
// ---------------------------------------------------------------------------------

const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

const MONTHS_SHORT: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

/// « 1er », « 14 ».
fn day_number(d: NaiveDate) -> String {
    if d.day() == 1 {
        "1er".to_string()
    } else {
        d.day().to_string()
    }
}

/// « 1er mars ».
fn day_month(d: NaiveDate) -> String {
    format!("{} {}", day_number(d), format::month(d))
}

/// « du 1er au 31 mars 2026 », « du 1er mars au 30 avril 2026 », « du 15 décembre
/// 2025 au 15 janvier 2026 », « le 3 mars 2026 ».
pub fn period(from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        format!("le {}", format::date(from))
    } else if from.year() != to.year() {
        format!("du {} au {}", format::date(from), format::date(to))
    } else if from.month() != to.month() {
        format!("du {} au {}", day_month(from), format::date(to))
    } else {
        format!("du {} au {}", day_number(from), format::date(to))
    }
}

/// « de mars », « d'avril ».
fn of_month(d: NaiveDate) -> String {
    let m = format::month(d);
    if m.starts_with(['a', 'o']) {
        format!("d'{m}")
    } else {
        format!("de {m}")
    }
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    first_of_month(d)
        .checked_add_months(Months::new(1))
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// « dans 12 jours », « demain », « aujourd'hui ».
fn days_phrase(days: i64) -> String {
    match days {
        i64::MIN..=0 => "aujourd'hui".to_string(),
        1 => "demain".to_string(),
        n => format!("dans {n} jours"),
    }
}

/// The kind as a short word for the month grid; `None` when it would only repeat the
/// title (« Atelier mobilités », an avis deadline) or says nothing (« Autre »).
fn short_kind(e: &CalendarEntry) -> Option<&'static str> {
    if matches!(e.source, EntrySource::Avis(_)) {
        return None;
    }
    let short = match e.kind {
        EventKind::ReunionPublique => "réunion publique",
        EventKind::Atelier => "atelier",
        EventKind::BaladeUrbaine => "balade urbaine",
        EventKind::Permanence => "permanence",
        EventKind::ComitePilotage => "copil",
        EventKind::Pleniere => "plénière",
        EventKind::DateLimite => "date limite",
        EventKind::Autre => return None,
    };
    let title = e.title.to_lowercase();
    let key = short.split(' ').next().unwrap_or(short);
    (!title.contains(key)).then_some(short)
}

/// The time as the grid shows it: the start only; nothing for a whole day.
fn short_time(e: &CalendarEntry) -> String {
    match (e.timing, e.start_time) {
        (Timing::Morning, _) => "matin".into(),
        (Timing::Afternoon, _) => "après-midi".into(),
        (Timing::Timed, Some(s)) => format::time(s),
        _ => String::new(),
    }
}

/// The time as the agenda shows it: « 18 h 30 – 20 h 30 », « matin ».
fn full_time(e: &CalendarEntry) -> String {
    match (e.timing, e.start_time, e.end_time) {
        (Timing::Morning, _, _) => "matin".into(),
        (Timing::Afternoon, _, _) => "après-midi".into(),
        (Timing::Timed, Some(s), Some(t)) => {
            format!("{} – {}", format::time(s), format::time(t))
        }
        (Timing::Timed, Some(s), None) => format::time(s),
        _ if matches!(e.source, EntrySource::Avis(_)) => String::new(),
        _ => "toute la journée".into(),
    }
}

/// Where: « Maison des Tilleuls », « en ligne : https://… », or both.
fn where_text(place: &str, link: &str) -> String {
    match (place.trim().is_empty(), link.trim().is_empty()) {
        (false, true) => place.trim().to_string(),
        (true, false) => format!("en ligne{NBSP}: {}", link.trim()),
        (false, false) => format!("{}, et en ligne{NBSP}: {}", place.trim(), link.trim()),
        (true, true) => String::new(),
    }
}

/// « du 3 mars au 30 juin 2026 », « à partir du 1er septembre 2026 (fin à définir) »,
/// « dates à définir ».
pub fn phase_dates(p: &Phase) -> String {
    match (p.start_date, p.end_date) {
        (Some(s), Some(e)) => period(s, e),
        (Some(s), None) => format!("à partir du {} (fin à définir)", format::date(s)),
        (None, Some(e)) => format!("jusqu'au {} (début à définir)", format::date(e)),
        (None, None) => "dates à définir".into(),
    }
}

/// Where a phase stands on `today`, when its dates say so.
fn phase_state(p: &Phase, today: NaiveDate) -> Option<&'static str> {
    match (p.start_date, p.end_date) {
        (_, Some(e)) if e < today => Some("terminée"),
        (Some(s), _) if s > today => Some("à venir"),
        (Some(_), _) => Some("en cours"),
        (None, Some(_)) => None,
        (None, None) => None,
    }
}

/// The avis worth printing for a period: the open ones, those that became « réputé
/// favorable » since its start, those given during it. By deadline.
fn avis_for(view: &CalendarView, from: NaiveDate, to: NaiveDate) -> Vec<&AvisView> {
    let mut out: Vec<&AvisView> = view
        .avis
        .iter()
        .filter(|a| match a.state {
            AvisState::EnAttente | AvisState::Proche => true,
            AvisState::ReputeFavorable => a.request.due_on >= from,
            AvisState::Rendu => a.request.given_on.is_some_and(|g| g >= from && g <= to),
        })
        .collect();
    out.sort_by_key(|a| (a.request.due_on, a.request.title.clone()));
    out
}

/// « Avis à rendre avant le 2 avril 2026 (dans 12 jours) », « Avis réputé favorable
/// depuis le 3 avril 2026 », « Avis rendu le 20 mars 2026 ».
pub fn avis_status(a: &AvisView) -> String {
    let r = &a.request;
    match a.state {
        AvisState::Rendu => match r.given_on {
            Some(g) => format!("Avis rendu le {}", format::date(g)),
            None => "Avis rendu".into(),
        },
        AvisState::ReputeFavorable => format!(
            "Avis réputé favorable depuis le {} (délai écoulé sans réponse)",
            format::date(r.due_on.succ_opt().unwrap_or(r.due_on))
        ),
        AvisState::EnAttente | AvisState::Proche => format!(
            "Avis à rendre avant le {} ({})",
            format::date(r.due_on),
            days_phrase(a.days_left)
        ),
    }
}

fn avis_item(a: &AvisView, size: f32) -> ListItem {
    let r = &a.request;
    let mut head = vec![Span::bold(r.title.clone()).sized(size)];
    let by = if r.requested_by.trim().is_empty() {
        format!(" — demandé le {}", format::date(r.requested_on))
    } else {
        format!(
            " — demandé par {} le {}",
            r.requested_by.trim(),
            format::date(r.requested_on)
        )
    };
    head.push(Span::regular(by).sized(size));
    let status = avis_status(a);
    let status = if a.state == AvisState::Proche {
        Span::bold(status)
    } else {
        Span::regular(status)
    };
    ListItem {
        paragraphs: vec![
            Paragraph::from_spans(head),
            Paragraph::from_spans(vec![status.sized(size)]),
        ],
        sublist: None,
    }
}

fn metadata(title: &str, council: &str, subject: String, keyword: &str) -> Metadata {
    let mut meta = Metadata::new(title, Utc::now().fixed_offset());
    meta.author = council.to_string();
    meta.subject = subject;
    meta.keywords = vec![
        "conseil citoyen".into(),
        "calendrier".into(),
        keyword.into(),
    ];
    meta
}

// ---------------------------------------------------------------------------------
// Measuring with the layout module
// ---------------------------------------------------------------------------------

/// Height of a table row holding `cell` in the first of `columns` (titles ignored),
/// as the layout module draws it.
fn row_height(page: PageSetup, columns: &[Column], size: f32, cell: Cell) -> f32 {
    let mut doc = Document::new(Metadata::new("", Utc::now().fixed_offset()));
    doc.page = page;
    doc.page_numbers = false;
    doc.push(Block::Table(Table {
        columns: columns.iter().map(|c| Column::new("", c.width)).collect(),
        rows: vec![Row::new(vec![cell])],
        size: Some(size),
    }));
    let l = layout(&doc);
    if l.pages.len() > 1 {
        return f32::MAX;
    }
    l.pages
        .first()
        .and_then(|p| {
            p.items.iter().find_map(|i| match i {
                Item::Rect(r) if r.stroke.is_some() => Some(r.height),
                _ => None,
            })
        })
        .unwrap_or(f32::MAX)
}

/// Where the first body row of a table placed after `before` starts on the page.
fn first_row_top(page: PageSetup, before: Vec<Block>, columns: &[Column], size: f32) -> f32 {
    let mut doc = Document::new(Metadata::new("", Utc::now().fixed_offset()));
    doc.page = page;
    doc.page_numbers = false;
    doc.blocks = before;
    doc.push(Block::Table(Table {
        columns: columns.to_vec(),
        rows: vec![Row::new(Vec::new())],
        size: Some(size),
    }));
    let l = layout(&doc);
    l.pages
        .first()
        .map(|p| {
            p.items
                .iter()
                .filter_map(|i| match i {
                    Item::Rect(r) if r.stroke.is_some() => Some(r.y),
                    _ => None,
                })
                .fold(l.body.top, f32::max)
        })
        .unwrap_or(l.body.top)
}

// ---------------------------------------------------------------------------------
// The month grid
// ---------------------------------------------------------------------------------

/// Text size in the day cells.
const GRID_SIZE: f32 = 9.0;
/// Size of the day numbers.
const DAY_SIZE: f32 = 11.0;
/// Size of « + N autres (voir l'agenda) ».
const MORE_SIZE: f32 = 8.0;
/// Space kept under the grid for its one-line legend.
const LEGEND_ROOM: f32 = 8.0 + GRID_SIZE * 1.3 + 2.0;
/// Tallest week row, for a month of four weeks.
const MAX_WEEK_HEIGHT: f32 = 120.0;

fn month_page() -> PageSetup {
    PageSetup {
        margins: Margins {
            top: mm(15.0),
            right: mm(12.0),
            bottom: mm(15.0),
            left: mm(12.0),
        },
        ..PageSetup::landscape()
    }
}

fn day_head(day: NaiveDate, today: NaiveDate) -> Span {
    if day == today {
        Span::bold(format!("{} · aujourd'hui", day.day())).sized(DAY_SIZE)
    } else {
        Span::bold(day.day().to_string()).sized(DAY_SIZE)
    }
}

fn grid_entry_spans(e: &CalendarEntry, with_kind: bool) -> Vec<Span> {
    let mut spans = vec![Span::regular("\n")];
    if e.conflict {
        spans.push(Span::bold(format!("!!{NBSP}")));
    }
    let t = short_time(e);
    if !t.is_empty() {
        spans.push(Span::bold(format!("{t} ")));
    }
    spans.push(Span::regular(e.title.trim().to_string()));
    if let Some(k) = short_kind(e).filter(|_| with_kind) {
        spans.push(Span::italic(format!(" ({k})")));
    }
    spans
}

/// « + 3 autres (voir l'agenda) », small enough to stay on one line of a cell.
fn more_spans(n: usize) -> Vec<Span> {
    let count = if n == 1 {
        "+ 1 autre".to_string()
    } else {
        format!("+ {n} autres")
    };
    vec![
        Span::regular("\n"),
        Span::bold(count).sized(MORE_SIZE),
        Span::italic(" (voir l'agenda)").sized(MORE_SIZE),
    ]
}

/// One month on landscape A4 for the notice board: a grid Monday to Sunday with the
/// entries of each day, then the phases and the avis of the month.
pub fn month_document(view: &CalendarView, year: i32, month: u32) -> Document {
    let first =
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_else(|| first_of_month(view.from));
    let last = last_of_month(first);
    let lead = i64::from(first.weekday().num_days_from_monday());
    let trail = 6 - i64::from(last.weekday().num_days_from_monday());
    let grid_start = first - Duration::days(lead);
    let grid_end = last + Duration::days(trail);
    let weeks = ((grid_end - grid_start).num_days() + 1) / 7;
    let month_year = format!("{} {}", format::month(first), first.year());
    let title = format!(
        "{} — Calendrier {} {}",
        view.council_name.trim(),
        of_month(first),
        first.year()
    );

    let mut doc = Document::new(metadata(
        &title,
        &view.council_name,
        format!(
            "Calendrier {} {} du {}",
            of_month(first),
            first.year(),
            view.council_name
        ),
        &month_year,
    ));
    doc.page = month_page();
    doc.footer = format!(
        "{} — période {} — imprimé le {}",
        view.council_name.trim(),
        period(first, last),
        format::date(view.today)
    );
    doc.page_numbers = true;

    let in_month = |d: NaiveDate| d >= first && d <= last;
    let month_entries: Vec<&CalendarEntry> =
        view.entries.iter().filter(|e| in_month(e.date)).collect();
    let legend = if month_entries.iter().any(|e| e.conflict) {
        Some(Paragraph::from_spans(vec![
            Span::bold("!!").sized(GRID_SIZE),
            Span::regular(format!(
                "{NBSP}: à la même heure qu'un autre rendez-vous du même jour. Le détail de chaque rendez-vous figure dans l'agenda."
            ))
            .sized(GRID_SIZE),
        ]))
    } else if month_entries.is_empty() {
        Some(Paragraph::from_spans(vec![Span::italic(format!(
            "Aucun rendez-vous n'est inscrit au calendrier {}.",
            period(first, last)
        ))
        .sized(GRID_SIZE)]))
    } else {
        None
    };

    let columns: Vec<Column> = WEEKDAYS
        .iter()
        .map(|d| Column::new(*d, 1.0).aligned(Align::Left))
        .collect();
    let heading = Block::heading(1, title.clone());
    let page = doc.page;
    let top = first_row_top(page, vec![heading.clone()], &columns, GRID_SIZE);
    let reserve = if legend.is_some() { LEGEND_ROOM } else { 0.0 };
    let room = page.body().bottom - top - reserve - 1.0;
    let week_height = (room / weeks.max(1) as f32).min(MAX_WEEK_HEIGHT);
    let fits = |spans: &[Span]| {
        row_height(page, &columns, GRID_SIZE, Cell::from_spans(spans.to_vec()))
            <= week_height + 0.01
    };

    let mut rows = Vec::new();
    for w in 0..weeks {
        let mut cells = Vec::with_capacity(7);
        for k in 0..7 {
            let day = grid_start + Duration::days(w * 7 + k);
            if !in_month(day) {
                cells.push(Cell::from_spans(vec![
                    Span::italic(day_month(day)).sized(7.5)
                ]));
                continue;
            }
            let entries: Vec<&CalendarEntry> = month_entries
                .iter()
                .copied()
                .filter(|e| e.date == day)
                .collect();
            // Everything with the kinds, else without them, else as many as fit.
            let head = day_head(day, view.today);
            let spans_for = |shown: usize, with_kind: bool| {
                let mut spans = vec![head.clone()];
                for e in &entries[..shown] {
                    spans.extend(grid_entry_spans(e, with_kind));
                }
                if shown < entries.len() {
                    spans.extend(more_spans(entries.len() - shown));
                }
                spans
            };
            let all = entries.len();
            let spans = [(all, true), (all, false)]
                .into_iter()
                .chain((0..all).rev().map(|k| (k, false)))
                .map(|(k, kinds)| spans_for(k, kinds))
                .find(|spans| all == 0 || fits(spans))
                .unwrap_or_else(|| spans_for(0, false));
            cells.push(Cell::from_spans(spans));
        }
        rows.push(Row::new(cells).with_min_height(week_height));
    }
    doc.push(heading);
    doc.push(Block::Table(Table {
        columns,
        rows,
        size: Some(GRID_SIZE),
    }));
    if let Some(p) = legend {
        doc.push(Block::Paragraph(p));
    }

    // Second page: the démarches' phases and the avis of the month.
    let phases: Vec<_> = view
        .phases
        .iter()
        .filter(|s| {
            let p = &s.phase;
            (p.start_date.is_some() || p.end_date.is_some())
                && p.start_date.is_none_or(|d| d <= last)
                && p.end_date.is_none_or(|d| d >= first)
        })
        .collect();
    let avis = avis_for(view, first, last);
    if !phases.is_empty() || !avis.is_empty() {
        doc.push(Block::PageBreak);
        doc.push(Block::heading(
            2,
            format!("Démarches en cours en {}", month_year),
        ));
        if phases.is_empty() {
            doc.push(Block::paragraph(format!(
                "Aucune phase de démarche n'est en cours en {month_year}."
            )));
        } else {
            let mut items: Vec<ListItem> = Vec::new();
            let mut current: Option<(Uuid, ListItem)> = None;
            for s in phases {
                let line = ListItem::new(Paragraph::from_spans(vec![
                    Span::bold(format!("{}{NBSP}: ", s.phase.title.trim())).sized(12.0),
                    Span::regular(phase_dates(&s.phase)).sized(12.0),
                ]));
                match &mut current {
                    Some((id, item)) if *id == s.demarche_id => {
                        if let Some(list) = &mut item.sublist {
                            list.items.push(line);
                        }
                    }
                    _ => {
                        if let Some((_, item)) = current.take() {
                            items.push(item);
                        }
                        let head = ListItem::new(Paragraph::from_spans(vec![Span::bold(
                            s.demarche_title.trim().to_string(),
                        )
                        .sized(12.0)]))
                        .with_sublist(List::bulleted(vec![line]));
                        current = Some((s.demarche_id, head));
                    }
                }
            }
            if let Some((_, item)) = current {
                items.push(item);
            }
            doc.push(Block::List(List::bulleted(items)));
        }
        doc.push(Block::heading(2, "Avis du conseil attendus"));
        if avis.is_empty() {
            doc.push(Block::paragraph("Aucun avis n'est attendu du conseil."));
        } else {
            doc.push(Block::List(List::bulleted(
                avis.iter().map(|a| avis_item(a, 12.0)).collect(),
            )));
        }
    }
    doc
}

// ---------------------------------------------------------------------------------
// The agenda list
// ---------------------------------------------------------------------------------

/// Text size of the agenda, read from a few steps away on a notice board.
const AGENDA_SIZE: f32 = 13.0;

fn agenda_title(view: &CalendarView) -> String {
    let name = view.council_name.trim();
    let when = period(view.from, view.to);
    if name.to_lowercase().starts_with("conseil") {
        format!("Agenda du {} {when}", lowercase_first(name))
    } else {
        format!("{name} — Agenda {when}")
    }
}

fn agenda_row(e: &CalendarEntry) -> Row {
    let time = full_time(e);
    let mut right = vec![Span::bold(e.title.trim().to_string()).sized(AGENDA_SIZE + 1.0)];
    let line = |spans: &mut Vec<Span>, s: Span| {
        spans.push(Span::regular("\n"));
        spans.push(s);
    };
    line(&mut right, Span::italic(e.kind.label()));
    let place = where_text(&e.place, &e.online_link);
    if !place.is_empty() {
        line(&mut right, Span::regular(place));
    }
    if let Some(d) = e.demarche_title.as_deref().filter(|d| !d.trim().is_empty()) {
        line(
            &mut right,
            Span::regular(format!("Démarche{NBSP}: {}", d.trim())),
        );
    }
    if let Some(r) = e.recurrence.as_deref().filter(|r| !r.trim().is_empty()) {
        line(
            &mut right,
            Span::italic(format!("Rendez-vous régulier{NBSP}: {}", r.trim())),
        );
    }
    if e.conflict {
        line(
            &mut right,
            Span::bold(format!(
                "!! Attention{NBSP}: à la même heure qu'un autre rendez-vous"
            )),
        );
    }
    Row::new(vec![
        Cell::from_spans(vec![Span::bold(time)]),
        Cell::from_spans(right),
    ])
}

/// The agenda for the notice board (portrait, large type): day by day, each entry
/// with its time, kind, place, démarche and recurrence; then the avis to give.
pub fn agenda_document(view: &CalendarView) -> Document {
    let title = agenda_title(view);
    let mut doc = Document::new(metadata(
        &title,
        &view.council_name,
        format!(
            "Agenda du {} {}",
            view.council_name,
            period(view.from, view.to)
        ),
        "agenda",
    ));
    doc.header = format!("{} — Agenda", view.council_name.trim());
    doc.footer = format!(
        "Agenda {} — imprimé le {}",
        period(view.from, view.to),
        format::date(view.today)
    );
    doc.page_numbers = true;
    doc.push(Block::heading(1, title));

    let columns = vec![Column::new("", 0.24), Column::new("", 0.76)];
    if view.entries.is_empty() {
        doc.push(Block::Paragraph(Paragraph::from_spans(vec![
            Span::regular(format!(
                "Aucun rendez-vous n'est prévu {}.",
                period(view.from, view.to)
            ))
            .sized(AGENDA_SIZE + 1.0),
        ])));
    }
    let mut i = 0;
    while i < view.entries.len() {
        let day = view.entries[i].date;
        let mut rows = Vec::new();
        while i < view.entries.len() && view.entries[i].date == day {
            rows.push(agenda_row(&view.entries[i]));
            i += 1;
        }
        let mut heading = format::date_long(day);
        if day == view.today {
            heading.push_str(" (aujourd'hui)");
        }
        doc.push(Block::heading(2, heading));
        doc.push(Block::Table(Table {
            columns: columns.clone(),
            rows,
            size: Some(AGENDA_SIZE),
        }));
    }

    let avis = avis_for(view, view.from, view.to);
    if !avis.is_empty() {
        doc.push(Block::heading(2, "Avis à rendre"));
        doc.push(Block::List(List::bulleted(
            avis.iter().map(|a| avis_item(a, AGENDA_SIZE)).collect(),
        )));
    }
    doc
}

// ---------------------------------------------------------------------------------
// The timeline of a démarche
// ---------------------------------------------------------------------------------

/// Columns of the timeline chart at most.
const MAX_BUCKETS: usize = 18;
/// Text size of the chart: smaller when its columns are many.
fn gantt_size(columns: usize) -> f32 {
    if columns <= 12 {
        9.5
    } else {
        8.0
    }
}
const BAR_SIZE: f32 = 14.0;

/// A column of the chart: a month, a quarter or a year.
struct Bucket {
    start: NaiveDate,
    end: NaiveDate,
    label: String,
}

fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Months when the span fits in 18 of them, else quarters, else years; cut to 18
/// columns (`true` when cut).
fn buckets(first: NaiveDate, last: NaiveDate) -> (Vec<Bucket>, bool) {
    let months = (month_index(last) - month_index(first) + 1).max(1) as usize;
    let mut out = Vec::new();
    if months <= MAX_BUCKETS {
        let mut m = first_of_month(first);
        while m <= last && out.len() < MAX_BUCKETS {
            out.push(Bucket {
                start: m,
                end: last_of_month(m),
                label: format!("{}\n{}", MONTHS_SHORT[m.month0() as usize], m.year()),
            });
            let Some(next) = m.checked_add_months(Months::new(1)) else {
                break;
            };
            m = next;
        }
        return (out, false);
    }
    let quarter = |d: NaiveDate| (d.year(), d.month0() / 3);
    let (qy0, q0) = quarter(first);
    let (qy1, q1) = quarter(last);
    let quarters = ((qy1 - qy0) * 4 + q1 as i32 - q0 as i32 + 1).max(1) as usize;
    if quarters <= MAX_BUCKETS {
        let (mut y, mut q) = (qy0, q0);
        for _ in 0..quarters {
            if let (Some(start), Some(end)) = (
                ymd(y, q * 3 + 1, 1),
                ymd(y, q * 3 + 3, 1).map(last_of_month),
            ) {
                out.push(Bucket {
                    start,
                    end,
                    label: format!("T{}\n{y}", q + 1),
                });
            }
            q += 1;
            if q == 4 {
                q = 0;
                y += 1;
            }
        }
        return (out, false);
    }
    let years = (last.year() - first.year() + 1).max(1) as usize;
    for y in first.year()..first.year() + years.min(MAX_BUCKETS) as i32 {
        if let (Some(start), Some(end)) = (ymd(y, 1, 1), ymd(y, 12, 31)) {
            out.push(Bucket {
                start,
                end,
                label: y.to_string(),
            });
        }
    }
    (out, years > MAX_BUCKETS)
}

/// The span the chart covers: every known date of the phases, open ends drawn over
/// two more months.
fn chart_span(phases: &[Phase]) -> Option<(NaiveDate, NaiveDate)> {
    let mut first: Option<NaiveDate> = None;
    let mut last: Option<NaiveDate> = None;
    let mut see = |d: NaiveDate| {
        first = Some(first.map_or(d, |f| f.min(d)));
        last = Some(last.map_or(d, |l| l.max(d)));
    };
    for p in phases {
        match (p.start_date, p.end_date) {
            (Some(s), Some(e)) => {
                see(s);
                see(e);
            }
            (Some(s), None) => {
                see(s);
                see(s.checked_add_months(Months::new(2)).unwrap_or(s));
            }
            (None, Some(e)) => {
                see(e);
                see(e.checked_sub_months(Months::new(2)).unwrap_or(e));
            }
            (None, None) => {}
        }
    }
    first.zip(last)
}

/// `n` copies of `unit` that fit in `width` points.
fn filler(unit: &str, style: FontStyle, size: f32, width: f32) -> String {
    let w = text_width(unit, style, size).max(0.1);
    let n = ((width - 1.0) / w).floor().clamp(1.0, 60.0) as usize;
    unit.repeat(n).trim_end().to_string()
}

fn gantt_block(phases: &[Phase], today: NaiveDate, page: PageSetup) -> Vec<Block> {
    let Some((first, last)) = chart_span(phases) else {
        return vec![Block::paragraph(
            "Les dates des phases sont encore à définir : le calendrier sera tracé quand elles seront connues.",
        )];
    };
    let (buckets, cut) = buckets(first, last);
    let size = gantt_size(buckets.len());
    let n = buckets.len().max(1) as f32;
    let lead_share = n * 0.36;
    let body = page.body();
    let bucket_width = body.width() / (lead_share + n);
    let inner = bucket_width - 8.0;
    let solid = filler("•", FontStyle::Bold, BAR_SIZE, inner);
    let dotted = filler("· ", FontStyle::Regular, BAR_SIZE, inner);

    let mut columns = vec![Column::new("Phase", lead_share)];
    columns.extend(
        buckets
            .iter()
            .map(|b| Column::new(b.label.clone(), 1.0).aligned(Align::Center)),
    );
    let mut rows = Vec::new();
    if let Some(k) = buckets
        .iter()
        .position(|b| b.start <= today && today <= b.end)
    {
        let mut cells = vec![Cell::from_spans(vec![Span::bold_italic("Aujourd'hui")])];
        // Under a month, the day says it all; under a quarter or a year, the month too.
        let monthly = buckets.iter().all(|b| b.start.month() == b.end.month());
        let mark = if monthly {
            day_number(today)
        } else {
            format!(
                "{}{NBSP}{}",
                today.day(),
                MONTHS_SHORT[today.month0() as usize]
            )
        };
        cells.extend((0..buckets.len()).map(|i| {
            if i == k {
                Cell::from_spans(vec![Span::bold(mark.clone())])
            } else {
                Cell::empty()
            }
        }));
        rows.push(Row::new(cells));
    }
    for (i, p) in phases.iter().enumerate() {
        let mut head = vec![Span::bold(format!("{}. {}", i + 1, p.title.trim()))];
        if p.start_date.is_none() && p.end_date.is_none() {
            head.push(Span::italic("\ndates à définir"));
        }
        let mut cells = vec![Cell::from_spans(head)];
        for b in &buckets {
            let covered = |s: NaiveDate, e: NaiveDate| b.start <= e && b.end >= s;
            let bar = Span::bold(solid.clone()).sized(BAR_SIZE);
            let open = Span::regular(dotted.clone()).sized(BAR_SIZE);
            let cell = match (p.start_date, p.end_date) {
                (Some(s), Some(e)) if covered(s, e) => Some(bar),
                (Some(s), None) if covered(s, s) => Some(bar),
                (Some(s), None) if b.start > s => Some(open),
                (None, Some(e)) if covered(e, e) => Some(bar),
                (None, Some(e)) if b.end < e => Some(open),
                _ => None,
            };
            cells.push(cell.map_or_else(Cell::empty, |s| Cell::from_spans(vec![s])));
        }
        rows.push(Row::new(cells));
    }
    let mut blocks = vec![Block::Table(Table {
        columns,
        rows,
        size: Some(size),
    })];
    let mut notes = vec![
        Span::bold("•••").sized(size),
        Span::regular(format!("{NBSP}: période de la phase ; ")).sized(size),
        Span::regular("· · ·").sized(size),
        Span::regular(format!("{NBSP}: début ou fin encore à définir.")).sized(size),
    ];
    if cut {
        if let Some(b) = buckets.last() {
            notes.push(
                Span::regular(format!(
                    " Le graphique s'arrête en {} ; les dates exactes figurent dans le tableau des phases.",
                    b.end.year()
                ))
                .sized(size),
            );
        }
    }
    blocks.push(Block::Paragraph(Paragraph::from_spans(notes)));
    blocks
}

fn phases_table(phases: &[Phase], today: NaiveDate) -> Block {
    let rows = phases
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut dates = vec![Span::regular(phase_dates(p))];
            if let Some(state) = phase_state(p, today) {
                dates.push(Span::italic(format!("\n{state}")));
            }
            Row::new(vec![
                Cell::from_spans(vec![Span::bold(format!("{}. {}", i + 1, p.title.trim()))]),
                Cell::from_spans(dates),
                Cell::new(p.description.trim()),
            ])
        })
        .collect();
    Block::Table(Table {
        columns: vec![
            Column::new("Phase", 0.28),
            Column::new("Dates", 0.27),
            Column::new("Description", 0.45),
        ],
        rows,
        size: Some(10.0),
    })
}

fn events_table(entries: &[CalendarEntry]) -> Block {
    // A recurring event once, at its first date in the period, with its rhythm.
    let mut seen: Vec<EntrySource> = Vec::new();
    let mut rows = Vec::new();
    for e in entries {
        if e.recurrence.is_some() {
            if seen.contains(&e.source) {
                continue;
            }
            seen.push(e.source);
        }
        let mut date = vec![Span::regular(format::date_long(e.date))];
        if let Some(r) = e.recurrence.as_deref() {
            date.push(Span::italic(format!("\npuis {}", r.trim())));
        }
        let mut what = vec![Span::bold(e.title.trim().to_string())];
        what.push(Span::italic(format!("\n{}", e.kind.label())));
        if e.conflict {
            what.push(Span::bold("\n!! à la même heure qu'un autre rendez-vous"));
        }
        rows.push(Row::new(vec![
            Cell::from_spans(date),
            Cell::new(full_time(e)),
            Cell::from_spans(what),
            Cell::new(where_text(&e.place, &e.online_link)),
        ]));
    }
    Block::Table(Table {
        columns: vec![
            Column::new("Date", 0.25),
            Column::new("Horaire", 0.14),
            Column::new("Rendez-vous", 0.33),
            Column::new("Lieu", 0.28),
        ],
        rows,
        size: Some(10.0),
    })
}

fn timeline_base(
    detail: &DemarcheDetail,
    today: NaiveDate,
    calendar: Option<&CalendarView>,
) -> Document {
    let d = &detail.demarche;
    let title = d.title.trim().to_string();
    let council = calendar.map(|c| c.council_name.trim().to_string());
    let mut doc = Document::new(metadata(
        &title,
        council.as_deref().unwrap_or(""),
        format!("Calendrier de la démarche « {title} »"),
        "démarche",
    ));
    doc.page = PageSetup::landscape();
    doc.header = match &council {
        Some(c) => format!("{c} — Calendrier de concertation"),
        None => "Calendrier de concertation".into(),
    };
    doc.footer = format!("{title} — état au {}", format::date(today));
    doc.page_numbers = true;
    doc.push(Block::heading(1, title));

    let mut kv = Vec::new();
    if !d.object.trim().is_empty() {
        kv.push(KeyValue::new("Objet", d.object.trim()));
    }
    kv.push(KeyValue::new("Échelle", d.scale.label()));
    kv.push(KeyValue::new("Participation", d.level.label()));
    let partners: Vec<&str> = d
        .partners
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if !partners.is_empty() {
        kv.push(KeyValue::new("Partenaires", partners.join(", ")));
    }
    if !d.impacts.trim().is_empty() {
        kv.push(KeyValue::new("Impacts attendus", d.impacts.trim()));
    }
    kv.push(KeyValue::new("État", d.status.label()));
    doc.push(Block::KeyValues(kv));

    if detail.phases.is_empty() {
        doc.push(Block::heading(2, "Phases"));
        doc.push(Block::paragraph("Aucune phase n'est encore prévue."));
    } else {
        doc.push(Block::heading(2, "Frise des phases"));
        let page = doc.page;
        for b in gantt_block(&detail.phases, today, page) {
            doc.push(b);
        }
        doc.push(Block::heading(2, "Phases"));
        doc.push(phases_table(&detail.phases, today));
    }
    doc
}

/// The timeline of a démarche: what it is, its phases in order with their dates (or
/// « à définir »), and a chart of the phases month by month.
pub fn timeline_document(detail: &DemarcheDetail, today: NaiveDate) -> Document {
    timeline_base(detail, today, None)
}

/// The timeline with the démarche's own calendar: its events (a recurring one once,
/// with its rhythm) and its avis requests.
pub fn timeline_with_calendar(detail: &DemarcheDetail, calendar: &CalendarView) -> Document {
    let mut doc = timeline_base(detail, calendar.today, Some(calendar));
    doc.push(Block::heading(2, "Rendez-vous"));
    if calendar.entries.is_empty() {
        doc.push(Block::paragraph(format!(
            "Aucun rendez-vous n'est inscrit pour cette démarche {}.",
            period(calendar.from, calendar.to)
        )));
    } else {
        doc.push(events_table(&calendar.entries));
    }
    let mut avis: Vec<&AvisView> = calendar.avis.iter().collect();
    avis.sort_by_key(|a| a.request.due_on);
    if !avis.is_empty() {
        doc.push(Block::heading(2, "Avis demandés au conseil"));
        doc.push(Block::List(List::bulleted(
            avis.iter().map(|a| avis_item(a, 11.0)).collect(),
        )));
    }
    doc
}

// ---------------------------------------------------------------------------------
// The store's operations
// ---------------------------------------------------------------------------------

impl Store {
    /// The month grid of a council as PDF (landscape A4).
    pub fn calendar_month_pdf(
        &mut self,
        council_id: Uuid,
        year: i32,
        month: u32,
        today: NaiveDate,
    ) -> Result<Vec<u8>> {
        if !(1..=12).contains(&month) {
            return Err(Error::validation("month", "Le mois va de 1 à 12."));
        }
        let first = NaiveDate::from_ymd_opt(year, month, 1)
            .filter(|d| format::plausible_date(*d))
            .ok_or_else(|| Error::validation("year", "Cette année n'est pas valable."))?;
        let view = self.calendar(
            council_id,
            first,
            last_of_month(first),
            &CalendarFilter::all(),
            today,
        )?;
        render_pdf(&month_document(&view, year, month))
    }

    /// The agenda of a council between two dates (inclusive) as PDF.
    pub fn agenda_pdf(
        &mut self,
        council_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<u8>> {
        let view = self.calendar(council_id, from, to, &CalendarFilter::all(), today)?;
        render_pdf(&agenda_document(&view))
    }

    /// The timeline of a démarche as PDF, with its events and avis requests from a
    /// year before its first date (or today) to a year after its last.
    pub fn demarche_timeline_pdf(
        &mut self,
        demarche_id: Uuid,
        today: NaiveDate,
    ) -> Result<Vec<u8>> {
        let detail = self.get_demarche(demarche_id)?;
        let dates = detail
            .phases
            .iter()
            .flat_map(|p| [p.start_date, p.end_date])
            .flatten()
            .chain([today]);
        let (lo, hi) = dates.fold((today, today), |(lo, hi), d| (lo.min(d), hi.max(d)));
        let from = lo.checked_sub_months(Months::new(12)).unwrap_or(lo);
        let to = hi
            .checked_add_months(Months::new(12))
            .unwrap_or(hi)
            .min(from + Duration::days(3_650));
        let filter = CalendarFilter {
            demarche_id: Some(demarche_id),
            kinds: Vec::new(),
            meetings: false,
        };
        let view = self.calendar(detail.demarche.council_id, from, to, &filter, today)?;
        render_pdf(&timeline_with_calendar(&detail, &view))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn periods_read_in_french() {
        assert_eq!(
            period(d(2026, 3, 1), d(2026, 4, 30)),
            "du 1er mars au 30 avril 2026"
        );
        assert_eq!(
            period(d(2026, 3, 1), d(2026, 3, 31)),
            "du 1er au 31 mars 2026"
        );
        assert_eq!(
            period(d(2025, 12, 15), d(2026, 1, 15)),
            "du 15 décembre 2025 au 15 janvier 2026"
        );
        assert_eq!(period(d(2026, 3, 3), d(2026, 3, 3)), "le 3 mars 2026");
        assert_eq!(of_month(d(2026, 4, 1)), "d'avril");
        assert_eq!(of_month(d(2026, 8, 1)), "d'août");
        assert_eq!(of_month(d(2026, 3, 1)), "de mars");
    }

    #[test]
    fn long_spans_use_quarters_then_years() {
        let (b, cut) = buckets(d(2026, 3, 3), d(2026, 6, 30));
        assert_eq!(b.len(), 4);
        assert!(!cut);
        assert_eq!(b[0].label, "mars\n2026");
        let (b, _) = buckets(d(2026, 1, 1), d(2028, 12, 31));
        assert_eq!(b.len(), 12);
        assert_eq!(b[0].label, "T1\n2026");
        let (b, cut) = buckets(d(2024, 1, 1), d(2030, 12, 31));
        assert_eq!(b.len(), 7);
        assert!(!cut);
        let (b, cut) = buckets(d(2000, 1, 1), d(2030, 12, 31));
        assert_eq!(b.len(), MAX_BUCKETS);
        assert!(cut);
    }
}
