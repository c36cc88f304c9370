//! The printed calendar (month grid, agenda, timeline of a démarche) written as real
//! PDFs and read back with poppler and qpdf.
//!
//! Set `QUORUM_CALENDAR_PDF_DIR` to a directory to keep the PDFs for a look.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Datelike, Duration, NaiveDate};
use common::*;
use quorum_core::calendar::{
    AvisInput, AvisSubject, CalendarFilter, DelayUnit, DemarcheInput, DemarcheStatus, EventInput,
    EventKind, Frequency, ParticipationLevel, PhaseInput, RecurrenceInput, Scale, Timing,
};
use quorum_core::calendar_docs::month_document;
use quorum_core::doc::{layout, Item};
use quorum_core::meeting::{MeetingInput, MeetingKind, MeetingStatus};
use quorum_core::{ErrorCode, Store};
use std::path::Path;
use std::process::Command;
use uuid::Uuid;

// ---------------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------------

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} must be installed (make setup): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    if let Ok(keep) = std::env::var("QUORUM_CALENDAR_PDF_DIR") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(Path::new(&keep).join(name), bytes).unwrap();
    }
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// Words, whitespace folded (poppler prints U+00A0 as a plain space).
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(pdf: &str) -> String {
    fold(&tool("pdftotext", &[pdf, "-"]))
}

fn page_count(pdf: &str) -> usize {
    tool("pdfinfo", &[pdf])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("page count")
        .trim()
        .parse()
        .expect("a number of pages")
}

/// Page size in whole points, as pdfinfo reports it (« 841.89 x 595.276 pts »).
fn page_size(pdf: &str) -> (i64, i64) {
    let info = tool("pdfinfo", &[pdf]);
    let line = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .expect("page size");
    let nums: Vec<f64> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0].round() as i64, nums[1].round() as i64)
}

fn check_pdf(pdf: &str) {
    tool("qpdf", &["--check", pdf]);
}

fn unescape(w: &str) -> String {
    w.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A word poppler finds on a page, with its box (points, from the top-left corner).
struct Word {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    text: String,
}

fn attr(tag: &str, name: &str) -> f32 {
    let key = format!("{name}=\"");
    let start = tag.find(&key).expect("attribute") + key.len();
    let rest = &tag[start..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

fn words_of_page(pdf: &str, page: usize) -> Vec<Word> {
    let n = page.to_string();
    tool("pdftotext", &["-bbox", "-f", &n, "-l", &n, pdf, "-"])
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("<word ")?;
            let (tag, inner) = rest.split_once('>')?;
            let text = inner.strip_suffix("</word>")?;
            Some(Word {
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
                text: unescape(text),
            })
        })
        .collect()
}

/// The text poppler finds inside a rectangle, line by line, left to right.
fn text_in(words: &[Word], x: f32, y: f32, w: f32, h: f32) -> String {
    let mut inside: Vec<&Word> = words
        .iter()
        .filter(|wd| {
            let cx = (wd.x0 + wd.x1) / 2.0;
            let cy = (wd.y0 + wd.y1) / 2.0;
            cx > x && cx < x + w && cy > y && cy < y + h
        })
        .collect();
    inside.sort_by(|a, b| {
        ((a.y1 * 2.0).round() as i64, a.x0 as i64).cmp(&((b.y1 * 2.0).round() as i64, b.x0 as i64))
    });
    fold(
        &inside
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Finds each string after the previous one; panics with the missing one.
fn assert_in_order(text: &str, wanted: &[String]) {
    let mut at = 0;
    for w in wanted {
        match text[at..].find(w.as_str()) {
            Some(i) => at += i + w.len(),
            None => panic!("« {w} » missing or out of order after byte {at} in:\n{text}"),
        }
    }
}

// ---------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------

fn today_() -> NaiveDate {
    d("2026-03-14")
}

struct Fixture {
    council: Uuid,
    demarche: Uuid,
    /// Titles of the six events of the crowded day (12 March).
    crowded: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
fn event(
    store: &mut Store,
    council: Uuid,
    kind: EventKind,
    title: &str,
    date: &str,
    timing: Timing,
    times: (&str, &str),
    place: &str,
    link: &str,
    demarche: Option<Uuid>,
    recurrence: Option<RecurrenceInput>,
) {
    store
        .create_event(
            council,
            EventInput {
                kind,
                title: title.into(),
                date: date.into(),
                timing,
                start_time: times.0.into(),
                end_time: times.1.into(),
                place: place.into(),
                address: String::new(),
                online_link: link.into(),
                description: String::new(),
                demarche_id: demarche,
                phase_id: None,
                recurrence,
            },
        )
        .unwrap();
}

fn phase(store: &mut Store, demarche: Uuid, title: &str, start: &str, end: &str, text: &str) {
    store
        .add_phase(
            demarche,
            PhaseInput {
                title: title.into(),
                start_date: start.into(),
                end_date: end.into(),
                description: text.into(),
            },
        )
        .unwrap();
}

fn fixture(store: &mut Store) -> Fixture {
    let council = new_council(store, "Conseil citoyen des Tilleuls").id;
    let demarche = store
        .create_demarche(
            council,
            DemarcheInput {
                title: "Renouvellement urbain du secteur Nord".into(),
                object: "Le projet de renouvellement urbain du secteur Nord : démolition de la barre B, nouveaux logements, place centrale.".into(),
                scale: Scale::Quartier,
                impacts: "Relogement de 80 ménages ; travaux pendant deux ans.".into(),
                partners: "Ville de Villeval\nBailleur Habitat 99\nANRU".into(),
                level: ParticipationLevel::Concertation,
                status: DemarcheStatus::EnCours,
            },
        )
        .unwrap()
        .id;
    phase(
        store,
        demarche,
        "Diagnostic partagé",
        "2026-02-02",
        "2026-03-31",
        "Balades, questionnaires et permanences pour recueillir les usages du secteur.",
    );
    phase(
        store,
        demarche,
        "Ateliers de projet",
        "2026-04-01",
        "2026-06-30",
        "Trois ateliers pour dessiner la place centrale avec les habitants.",
    );
    phase(
        store,
        demarche,
        "Restitution publique",
        "2026-09-01",
        "",
        "Présentation du projet retenu.",
    );
    phase(store, demarche, "Bilan avec les habitants", "", "", "");

    let dm = Some(demarche);
    let none = ("", "");
    event(
        store,
        council,
        EventKind::Permanence,
        "Permanence au marché",
        "2026-01-25",
        Timing::Timed,
        ("10:00", "12:00"),
        "Place du marché",
        "",
        dm,
        Some(RecurrenceInput {
            frequency: Frequency::MonthlyByWeekday { week: -1 },
            interval: 1,
            until: String::new(),
            count: None,
            exceptions: vec![],
        }),
    );
    event(
        store,
        council,
        EventKind::BaladeUrbaine,
        "Balade urbaine du secteur Nord",
        "2026-03-07",
        Timing::Morning,
        none,
        "Devant l'école Jean-Jaurès",
        "",
        dm,
        None,
    );
    event(
        store,
        council,
        EventKind::Atelier,
        "Atelier mobilités",
        "2026-03-21",
        Timing::Afternoon,
        none,
        "Maison des Tilleuls",
        "",
        dm,
        None,
    );
    event(
        store,
        council,
        EventKind::ComitePilotage,
        "Comité de pilotage ANRU",
        "2026-03-24",
        Timing::Timed,
        ("14:00", "16:00"),
        "Mairie annexe",
        "",
        None,
        None,
    );
    event(
        store,
        council,
        EventKind::Permanence,
        "Permanence logement",
        "2026-03-24",
        Timing::Timed,
        ("15:00", "17:00"),
        "Local du conseil",
        "",
        None,
        None,
    );
    event(
        store,
        council,
        EventKind::Autre,
        "Réunion avec le bailleur",
        "2026-03-26",
        Timing::Timed,
        ("18:30", "19:30"),
        "",
        "https://visio.exemple.fr/tilleuls-bailleur",
        None,
        None,
    );
    event(
        store,
        council,
        EventKind::Atelier,
        "Atelier de projet n°1",
        "2026-04-08",
        Timing::Timed,
        ("18:30", ""),
        "Maison des Tilleuls",
        "",
        dm,
        None,
    );
    let mut crowded = Vec::new();
    for (k, h) in ["09:00", "10:00", "11:00", "14:00", "15:00", "16:00"]
        .iter()
        .enumerate()
    {
        let title = format!("Accueil des nouveaux habitants, créneau {}", k + 1);
        let end = format!("{}:45", &h[..2]);
        event(
            store,
            council,
            EventKind::Permanence,
            &title,
            "2026-03-12",
            Timing::Timed,
            (h, &end),
            "Maison des Tilleuls",
            "",
            None,
            None,
        );
        crowded.push(title);
    }
    store
        .create_meeting(
            council,
            MeetingInput {
                kind: MeetingKind::Pleniere,
                title: "Séance plénière de mars".into(),
                date: "2026-03-10".into(),
                start_time: "18:30".into(),
                end_time: "20:30".into(),
                place: "Maison de quartier".into(),
                remote_link: String::new(),
                status: MeetingStatus::Prevue,
                head_count: None,
                head_count_note: String::new(),
            },
        )
        .unwrap();
    store
        .create_avis(
            council,
            AvisInput {
                subject: AvisSubject::RapportAnnuel,
                title: "Rapport annuel 2025 du contrat de ville".into(),
                requested_by: "Préfecture".into(),
                requested_on: "2026-03-02".into(),
                delay_value: 1,
                delay_unit: DelayUnit::Mois,
                given_on: String::new(),
                notes: String::new(),
                demarche_id: None,
            },
        )
        .unwrap();
    Fixture {
        council,
        demarche,
        crowded,
    }
}

// ---------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------

#[test]
fn month_grid_is_a_landscape_calendar_with_each_entry_on_its_day() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let f = fixture(&mut store);
    let pdf = store
        .calendar_month_pdf(f.council, 2026, 3, today_())
        .unwrap();
    let path = write(dir.path(), "calendrier-mars-2026.pdf", &pdf);
    check_pdf(&path);
    assert_eq!(page_size(&path), (842, 595));
    assert_eq!(page_count(&path), 2, "the grid, then phases and avis");

    let all = text_of(&path);
    assert!(
        all.contains("Conseil citoyen des Tilleuls — Calendrier de mars 2026"),
        "{all}"
    );
    for day in [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ] {
        assert!(all.contains(day), "{day}");
    }
    assert!(all.contains("14 · aujourd'hui"), "{all}");

    // The cells as the layout draws them, and the words poppler reads in each.
    let view = store
        .calendar(
            f.council,
            d("2026-03-01"),
            d("2026-03-31"),
            &CalendarFilter::all(),
            today_(),
        )
        .unwrap();
    let doc = month_document(&view, 2026, 3);
    let lay = layout(&doc);
    let mut cells: Vec<(f32, f32, f32, f32)> = lay.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rect(r) if r.stroke.is_some() && r.height > 40.0 => {
                Some((r.x, r.y, r.width, r.height))
            }
            _ => None,
        })
        .collect();
    cells.sort_by_key(|c| (c.1 as i64, c.0 as i64));
    // March 2026 starts on a Sunday and ends on a Tuesday: six weeks.
    assert_eq!(cells.len(), 42);
    let widths: Vec<i64> = cells.iter().map(|c| (c.2 * 10.0).round() as i64).collect();
    assert!(widths.iter().all(|w| *w == widths[0]), "equal columns");
    let heights: Vec<i64> = cells.iter().map(|c| c.3.round() as i64).collect();
    assert!(
        heights.iter().all(|h| *h == heights[0]),
        "equal weeks: {heights:?}"
    );
    let bottom = cells.iter().map(|c| c.1 + c.3).fold(0.0, f32::max);
    assert!(
        bottom <= lay.body.bottom + 0.01,
        "the grid stays on its page"
    );

    let words = words_of_page(&path, 1);
    let grid_start = d("2026-02-23");
    let cell_text = |day: NaiveDate| {
        let i = (day - grid_start).num_days() as usize;
        let (x, y, w, h) = cells[i];
        text_in(&words, x, y, w, h)
    };
    for (i, _) in cells.iter().enumerate() {
        let day = grid_start + Duration::days(i as i64);
        let t = cell_text(day);
        let first = t.split(' ').next().unwrap_or("");
        let expected = if day.day() == 1 {
            "1er".to_string()
        } else {
            day.day().to_string()
        };
        let expected = if day.month() == 3 {
            day.day().to_string()
        } else {
            expected
        };
        assert_eq!(first, expected, "cell {i} reads « {t} »");
        if day.month() != 3 {
            assert_eq!(
                t.split(' ').count(),
                2,
                "days of other months stay empty: {t}"
            );
        }
    }
    let mut titles = 0;
    for e in &view.entries {
        if e.date == d("2026-03-12") {
            continue;
        }
        let t = cell_text(e.date);
        assert!(
            t.contains(&fold(&e.title)),
            "« {} » not on {}: {t}",
            e.title,
            e.date
        );
        titles += 1;
    }
    assert_eq!(titles, 7);
    assert!(cell_text(d("2026-03-14")).starts_with("14 · aujourd'hui"));
    assert!(cell_text(d("2026-03-07")).contains("matin Balade urbaine du secteur Nord"));
    assert!(cell_text(d("2026-03-21")).contains("après-midi Atelier mobilités"));
    assert!(cell_text(d("2026-03-10")).contains("18 h 30 Séance plénière de mars"));
    assert!(cell_text(d("2026-03-29")).contains("10 h Permanence au marché"));

    // Two overlapping entries on the 24th are both flagged, and the mark is explained.
    let clash = cell_text(d("2026-03-24"));
    assert!(clash.contains("!! 14 h Comité de pilotage ANRU"), "{clash}");
    assert!(clash.contains("!! 15 h Permanence logement"), "{clash}");
    assert!(!cell_text(d("2026-03-10")).contains("!!"));
    assert!(
        all.contains("!! : à la même heure qu'un autre rendez-vous"),
        "{all}"
    );

    // The crowded day prints what fits, then how many more there are.
    let busy = cell_text(d("2026-03-12"));
    let shown = f
        .crowded
        .iter()
        .filter(|t| busy.contains(t.as_str()))
        .count();
    let more: usize = busy
        .split("+ ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no « + N autres » in « {busy} »"));
    assert!(busy.ends_with("autres (voir l'agenda)"), "{busy}");
    assert!(shown >= 1, "{busy}");
    assert_eq!(shown + more, f.crowded.len(), "{busy}");

    // Second page: the phases running in March and the avis awaited.
    let n = 2.to_string();
    let p2 = fold(&tool("pdftotext", &["-f", &n, "-l", &n, &path, "-"]));
    assert!(p2.contains("Démarches en cours en mars 2026"), "{p2}");
    assert!(p2.contains("Renouvellement urbain du secteur Nord"), "{p2}");
    assert!(
        p2.contains("Diagnostic partagé : du 2 février au 31 mars 2026"),
        "{p2}"
    );
    assert!(!p2.contains("Ateliers de projet"), "an April phase: {p2}");
    assert!(
        !p2.contains("Bilan avec les habitants"),
        "no dates, not in March: {p2}"
    );
    assert!(
        p2.contains(
            "Rapport annuel 2025 du contrat de ville — demandé par Préfecture le 2 mars 2026"
        ),
        "{p2}"
    );
    assert!(
        p2.contains("Avis à rendre avant le 2 avril 2026 (dans 19 jours)"),
        "{p2}"
    );
    assert!(
        all.contains("période du 1er au 31 mars 2026 — imprimé le 14 mars 2026"),
        "{all}"
    );
}

#[test]
fn month_grid_of_an_empty_month_and_of_a_bad_month() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil citoyen de Bois-Joli").id;
    let pdf = store
        .calendar_month_pdf(council, 2026, 2, d("2026-02-10"))
        .unwrap();
    let path = write(dir.path(), "calendrier-fevrier-vide.pdf", &pdf);
    check_pdf(&path);
    assert_eq!(page_count(&path), 1);
    let text = text_of(&path);
    assert!(text.contains("Calendrier de février 2026"), "{text}");
    assert!(text.contains("10 · aujourd'hui"), "{text}");
    assert!(
        text.contains("Aucun rendez-vous n'est inscrit au calendrier du 1er au 28 février 2026."),
        "{text}"
    );
    let pdf = store
        .calendar_month_pdf(council, 2026, 4, d("2026-02-10"))
        .unwrap();
    let path = write(dir.path(), "calendrier-avril-vide.pdf", &pdf);
    assert!(text_of(&path).contains("Calendrier d'avril 2026"));

    for bad in [0, 13] {
        let err = store
            .calendar_month_pdf(council, 2026, bad, d("2026-02-10"))
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{err:?}");
        assert_eq!(err.payload().fields[0].field, "month");
    }
}

#[test]
fn agenda_lists_each_occurrence_under_its_day() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let f = fixture(&mut store);
    let pdf = store
        .agenda_pdf(f.council, d("2026-03-01"), d("2026-04-30"), today_())
        .unwrap();
    let path = write(dir.path(), "agenda-mars-avril-2026.pdf", &pdf);
    check_pdf(&path);
    assert_eq!(page_size(&path), (595, 842));
    let text = text_of(&path);
    assert!(
        text.contains("Agenda du conseil citoyen des Tilleuls du 1er mars au 30 avril 2026"),
        "{text}"
    );

    // Day headings in order, each followed by its entries.
    let view = store
        .calendar(
            f.council,
            d("2026-03-01"),
            d("2026-04-30"),
            &CalendarFilter::all(),
            today_(),
        )
        .unwrap();
    let mut expected = Vec::new();
    let mut last_day = None;
    for e in &view.entries {
        if last_day != Some(e.date) {
            let weekday = [
                "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
            ][e.date.weekday().num_days_from_monday() as usize];
            let day = if e.date.day() == 1 {
                "1er".to_string()
            } else {
                e.date.day().to_string()
            };
            let month = if e.date.month() == 3 { "mars" } else { "avril" };
            expected.push(format!("{weekday} {day} {month} 2026"));
            last_day = Some(e.date);
        }
        expected.push(fold(&e.title));
    }
    assert_in_order(&text, &expected);
    // The recurring permanence appears on both last Sundays.
    assert_in_order(
        &text,
        &[
            "dimanche 29 mars 2026".into(),
            "Permanence au marché".into(),
            "dimanche 26 avril 2026".into(),
            "Permanence au marché".into(),
        ],
    );
    for wanted in [
        "18 h 30 – 20 h 30",
        "10 h – 12 h",
        "matin",
        "après-midi",
        "Devant l'école Jean-Jaurès",
        "Maison des Tilleuls",
        "en ligne : https://visio.exemple.fr/tilleuls-bailleur",
        "Démarche : Renouvellement urbain du secteur Nord",
        "Rendez-vous régulier : le dernier dimanche de chaque mois",
        "Attention : à la même heure qu'un autre rendez-vous",
        "Balade urbaine",
        "Comité de pilotage",
        "Avis à rendre : Rapport annuel 2025 du contrat de ville",
        "Avis à rendre avant le 2 avril 2026 (dans 19 jours)",
        "Agenda du 1er mars au 30 avril 2026 — imprimé le 14 mars 2026",
    ] {
        assert!(text.contains(wanted), "« {wanted} » missing in:\n{text}");
    }
    // Every crowded-day event is listed, unlike in the grid.
    for t in &f.crowded {
        assert!(text.contains(t.as_str()), "{t}");
    }
    assert_eq!(text.matches("Attention : à la même heure").count(), 2);
    let pages = page_count(&path);
    assert!((2..=6).contains(&pages), "{pages} pages");
}

#[test]
fn agenda_of_an_empty_period_says_so() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil citoyen de Bois-Joli").id;
    let pdf = store
        .agenda_pdf(council, d("2026-05-01"), d("2026-05-31"), d("2026-04-20"))
        .unwrap();
    let path = write(dir.path(), "agenda-vide.pdf", &pdf);
    check_pdf(&path);
    assert_eq!(page_count(&path), 1);
    let text = text_of(&path);
    assert!(
        text.contains("Aucun rendez-vous n'est prévu du 1er au 31 mai 2026."),
        "{text}"
    );
    assert!(!text.contains("Avis à rendre"), "{text}");
    let err = store
        .agenda_pdf(council, d("2026-05-31"), d("2026-05-01"), d("2026-04-20"))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
}

#[test]
fn timeline_lists_phases_with_dates_to_be_set() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let f = fixture(&mut store);
    let pdf = store.demarche_timeline_pdf(f.demarche, today_()).unwrap();
    let path = write(dir.path(), "frise-renouvellement.pdf", &pdf);
    check_pdf(&path);
    assert_eq!(page_size(&path), (842, 595));
    // The description reads label by label (-layout keeps each line whole).
    let lines = fold(&tool("pdftotext", &["-layout", &path, "-"]));
    for wanted in [
        "Échelle : Quartier",
        "Participation : Concertation",
        "Partenaires : Ville de Villeval, Bailleur Habitat 99, ANRU",
        "Impacts attendus : Relogement de 80 ménages ; travaux pendant deux ans.",
        "État : En cours",
    ] {
        assert!(lines.contains(wanted), "« {wanted} » missing in:\n{lines}");
    }
    let text = text_of(&path);
    for wanted in [
        "Renouvellement urbain du secteur Nord",
        "1. Diagnostic partagé",
        "du 2 février au 31 mars 2026",
        "2. Ateliers de projet",
        "du 1er avril au 30 juin 2026",
        "à partir du 1er septembre 2026 (fin à définir)",
        "4. Bilan avec les habitants",
        "dates à définir",
        "Aujourd'hui",
        "Balade urbaine du secteur Nord",
        "Atelier mobilités",
        "Atelier de projet n°1",
        "Permanence au marché",
        "puis le dernier dimanche de chaque mois",
        "état au 14 mars 2026",
    ] {
        assert!(text.contains(wanted), "« {wanted} » missing in:\n{text}");
    }
    // Events of other démarches and meetings are not part of it.
    assert!(!text.contains("Comité de pilotage ANRU"), "{text}");
    assert!(!text.contains("Séance plénière"), "{text}");
    // A recurring event once, not once per month.
    assert_eq!(text.matches("Permanence au marché").count(), 1, "{text}");
    // The phases in order, and the chart columns from February to November 2026.
    assert_in_order(
        &text,
        &[
            "1. Diagnostic partagé".into(),
            "2. Ateliers de projet".into(),
            "3. Restitution publique".into(),
            "4. Bilan avec les habitants".into(),
        ],
    );
    for month in ["févr.", "mars", "juin", "sept.", "nov."] {
        assert!(text.contains(month), "{month}");
    }
    assert!(page_count(&path) <= 3);
}

#[test]
fn timeline_of_a_long_demarche_counts_in_years() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil citoyen des Tilleuls").id;
    let detail = store.add_contrat_de_ville_milestones(council).unwrap();
    let pdf = store
        .demarche_timeline_pdf(detail.demarche.id, today_())
        .unwrap();
    let path = write(dir.path(), "frise-contrat-de-ville.pdf", &pdf);
    check_pdf(&path);
    let text = text_of(&path);
    // 2024 to 2030: one column a year, today in 2026.
    assert_in_order(
        &text,
        &(2024..=2030).map(|y| y.to_string()).collect::<Vec<_>>(),
    );
    assert!(text.contains("Aujourd'hui"), "{text}");
    assert!(text.contains("14 mars"), "{text}");
    assert!(
        text.contains("du 1er janvier 2024 au 31 décembre 2030"),
        "{text}"
    );
    assert!(
        text.contains("Aucun rendez-vous n'est inscrit pour cette démarche"),
        "{text}"
    );
    assert!(!text.contains("T1"), "{text}");
}
