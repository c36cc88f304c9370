//! Benchmark (not a test): the iCalendar export of a council with 5,000 events, the
//! function behind `quorum export ics` (`Store::export_ics`), against Python's
//! `icalendar` library building the same 5,000 VEVENTs (and the same VTIMEZONE)
//! from the same records and serialising them (`to_ical()`), in
//! `bench/ical_peer.py`. Method and figures: docs/PERFORMANCE.md.
//!
//! - The events (every kind, every timing, one in six recurring — weekly, monthly
//!   on a day, on the n-th or last weekday, with an interval, an end date or a
//!   count, exception dates —, a fifth of them in one of three démarches, places,
//!   addresses, links and descriptions with characters to escape) are created
//!   through the store's API, `Store::create_event`, before anything is timed.
//! - Quorum: one warm-up, then 20 timed exports (read from SQLite, write the text).
//! - Python: the events as Quorum gives them (`Store::get_event`, JSON), read by the
//!   script before its clock starts; one warm-up, then 5 timed builds and
//!   serialisations, measured inside the script (`time.perf_counter`). Its whole
//!   process (interpreter, `import icalendar`, reading the JSON, one build) is
//!   timed too, for scale.

mod common;

use chrono::{Datelike, Duration as Days, NaiveDate, Weekday};
use common::*;
use quorum_core::calendar::{
    nth_weekday, DemarcheInput, DemarcheStatus, Event, EventInput, EventKind, Frequency,
    ParticipationLevel, RecurrenceInput, Scale, Timing,
};
use quorum_core::council::{CouncilInput, NeighbourhoodInput, ParticipationForm, QuorumRule};
use quorum_core::Store;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const EVENTS: usize = 5_000;
const QUORUM_RUNS: usize = 20;

/// A small deterministic generator (no dependency needed for a benchmark's data).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const PLACES: [&str; 6] = [
    "Maison des Tilleuls",
    "Salle polyvalente, bâtiment C",
    "Devant l'école Jean-Jaurès",
    "Centre social « Le Phare »",
    "Médiathèque; salle 2",
    "",
];
const ADDRESSES: [&str; 4] = [
    "3 rue des Lilas, 69100 Villeurbanne",
    "12, avenue du 8-Mai-1945",
    "",
    "Place Lucie-Aubrac",
];
const TOPICS: [&str; 8] = [
    "rénovation du bâtiment C",
    "jardin partagé",
    "sécurité aux abords de l'école",
    "budget participatif",
    "réunion de quartier",
    "propreté des halls",
    "fête des voisins",
    "mobilités douces",
];

fn event_input(rng: &mut Lcg, n: usize, demarches: &[uuid::Uuid]) -> BenchResult<EventInput> {
    let kind = EventKind::ALL[n % EventKind::ALL.len()];
    let topic = TOPICS[rng.below(TOPICS.len() as u64) as usize];
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).ok_or("date")?;
    let mut date = start + Days::days(rng.below(5 * 365) as i64);
    let timing = match rng.below(20) {
        0..=7 => Timing::Timed,
        8..=9 => Timing::Timed, // without an end time, below
        10..=12 => Timing::Morning,
        13..=15 => Timing::Afternoon,
        _ => Timing::AllDay,
    };
    let hour = 9 + rng.below(10);
    let (start_time, end_time) = match timing {
        Timing::Timed if rng.below(5) == 0 => (format!("{hour:02}:30"), String::new()),
        Timing::Timed => (format!("{hour:02}:00"), format!("{:02}:30", hour + 1)),
        _ => (String::new(), String::new()),
    };
    let recurrence = if n.is_multiple_of(6) {
        let frequency = match rng.below(4) {
            0 | 1 => Frequency::Weekly,
            2 => Frequency::MonthlyByDay,
            _ => {
                let week = if rng.below(2) == 0 { 2 } else { -1 };
                if let Some(d) = nth_weekday(date.year(), date.month(), Weekday::Tue, week) {
                    date = d;
                }
                Frequency::MonthlyByWeekday { week }
            }
        };
        let (until, count) = match rng.below(3) {
            0 => (String::new(), Some(5 + rng.below(20) as u32)),
            1 => ((date + Days::days(180)).to_string(), None),
            _ => (
                (date + Days::days(365)).to_string(),
                Some(10 + rng.below(10) as u32),
            ),
        };
        let exceptions = match frequency {
            Frequency::Weekly if rng.below(2) == 0 => {
                vec![
                    (date + Days::weeks(2)).to_string(),
                    (date + Days::weeks(5)).to_string(),
                ]
            }
            _ => Vec::new(),
        };
        Some(RecurrenceInput {
            frequency,
            interval: 1 + rng.below(2) as u32,
            until,
            count,
            exceptions,
        })
    } else {
        None
    };
    let online = rng.below(8) == 0;
    Ok(EventInput {
        kind,
        title: format!("{} : {topic} ({n})", kind.label()),
        date: date.to_string(),
        timing,
        start_time,
        end_time,
        place: PLACES[rng.below(PLACES.len() as u64) as usize].into(),
        address: ADDRESSES[rng.below(ADDRESSES.len() as u64) as usize].into(),
        online_link: if online {
            format!("https://visio.exemple.fr/salle?id={n}&lang=fr")
        } else {
            String::new()
        },
        description: if rng.below(3) == 0 {
            String::new()
        } else {
            format!(
                "Ordre du jour : {topic}, questions; vote.\nVenez « nombreux » — café offert !\n\
                 Dossier partagé : C:\\conseil\\{n}"
            )
        },
        demarche_id: if n.is_multiple_of(5) {
            Some(demarches[n / 5 % demarches.len()])
        } else {
            None
        },
        phase_id: None,
        recurrence,
    })
}

#[derive(serde::Deserialize)]
struct PeerReport {
    median_ms: f64,
    min_ms: f64,
    max_ms: f64,
    runs: usize,
    bytes: usize,
    vevents: usize,
    icalendar: String,
    python: String,
}

fn ms(x: f64) -> Duration {
    Duration::from_secs_f64(x / 1000.0)
}

fn main() -> BenchResult {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open_in(&dir.path().join("donnees"))?;
    let council = store
        .create_council(CouncilInput {
            name: "Conseil citoyen des Tilleuls".into(),
            commune: "Villeval".into(),
            contrat_de_ville: "Contrat de ville 2024-2030".into(),
            participation_form: ParticipationForm::ConseilCitoyen,
            participation_form_other: String::new(),
            neighbourhoods: vec![NeighbourhoodInput {
                id: None,
                qpv_name: "Les Tilleuls".into(),
                qpv_code: "QN09901X".into(),
            }],
            prefectoral_order_number: String::new(),
            prefectoral_order_date: String::new(),
            quorum_rule: QuorumRule::default(),
        })?
        .id;
    let mut demarches = Vec::new();
    for title in [
        "Renouvellement urbain du secteur Nord",
        "Contrat de ville : évaluation à mi-parcours",
        "Budget participatif 2026",
    ] {
        demarches.push(
            store
                .create_demarche(
                    council,
                    DemarcheInput {
                        title: title.into(),
                        object: String::new(),
                        scale: Scale::Quartier,
                        impacts: String::new(),
                        partners: String::new(),
                        level: ParticipationLevel::Concertation,
                        status: DemarcheStatus::EnCours,
                    },
                )?
                .id,
        );
    }
    let mut rng = Lcg(20261122);
    let created = std::time::Instant::now();
    let mut events: Vec<Event> = Vec::with_capacity(EVENTS);
    for n in 0..EVENTS {
        events.push(store.create_event(council, event_input(&mut rng, n, &demarches)?)?);
    }
    let created = created.elapsed();
    let recurring = events.iter().filter(|e| e.recurrence.is_some()).count();

    // Quorum.
    let ics = store.export_ics(council, None)?;
    let vevents = ics.matches("BEGIN:VEVENT").count();
    let quorum = time_runs(1, QUORUM_RUNS, || Ok(store.export_ics(council, None)?))?;

    // Python's icalendar, from the same records.
    let input = dir.path().join("evenements.json");
    let titles: Vec<(String, String)> = store
        .list_demarches(council)?
        .into_iter()
        .map(|d| (d.demarche.id.to_string(), d.demarche.title))
        .collect();
    std::fs::write(
        &input,
        serde_json::to_vec(&serde_json::json!({
            "calendar_name": "Conseil citoyen des Tilleuls",
            "demarches": titles.into_iter().collect::<std::collections::BTreeMap<_, _>>(),
            "events": events,
        }))?,
    )?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/ical_peer.py");
    let log = dir.path().join("python.log");
    let report = dir.path().join("python.json");
    let measured = time_process(
        Command::new("python3")
            .arg(&script)
            .arg(&input)
            .arg(&report),
        &log,
        Duration::from_secs(900),
    )
    .and_then(|_| {
        // The whole process once, as a user would run such a script.
        time_process(
            Command::new("python3")
                .arg(&script)
                .arg("--once")
                .arg(&input)
                .arg(dir.path().join("python.ics")),
            &log,
            Duration::from_secs(300),
        )
    });
    let peer: Option<(PeerReport, Duration)> = match measured {
        Ok(whole) => Some((serde_json::from_slice(&std::fs::read(&report)?)?, whole)),
        Err(e) => {
            println!("  Python icalendar non mesuré : {e}");
            None
        }
    };

    let mut line = format!(
        "Export iCalendar de {EVENTS} événements ({recurring} réguliers) : Quorum {} ({})",
        duration(quorum.median),
        bytes(ics.len())
    );
    if let Some((p, _)) = &peer {
        let r = ratio(quorum.median, ms(p.median_ms));
        line.push_str(&format!(
            " · Python icalendar {} ({}) — Quorum/Python {r:.3} (Quorum {} plus rapide)",
            duration(ms(p.median_ms)),
            bytes(p.bytes),
            times(1.0 / r)
        ));
    }
    println!("{line}");
    println!(
        "  Quorum : Store::export_ics, {} ; {vevents} VEVENT ; création des {EVENTS} événements par Store::create_event : {}",
        quorum.detail(),
        duration(created)
    );
    if let Some((p, whole)) = &peer {
        println!(
            "  Python {} + icalendar {} (bench/ical_peer.py) : construction + to_ical(), médiane {} (min {}, max {}, {} mesures) ; {} VEVENT ; processus entier (python3, import, lecture JSON, une construction) {}",
            p.python,
            p.icalendar,
            duration(ms(p.median_ms)),
            duration(ms(p.min_ms)),
            duration(ms(p.max_ms)),
            p.runs,
            p.vevents,
            duration(*whole)
        );
    }
    Ok(())
}
