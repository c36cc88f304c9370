//! iCalendar export and import: a round trip through our own format, the export read
//! back by an independent parser (Python's `icalendar`), and files written the way
//! Google Calendar, Outlook, Thunderbird and a city's web agenda write them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{NaiveDate, NaiveTime};
use common::*;
use quorum_core::calendar::{
    AvisInput, AvisSubject, DelayUnit, DemarcheInput, DemarcheStatus, Event, EventInput, EventKind,
    Frequency, ParticipationLevel, Recurrence, RecurrenceInput, Scale, Timing,
};
use quorum_core::ical::IcsImportReport;
use quorum_core::meeting::{MeetingInput, MeetingKind, MeetingStatus};
use quorum_core::{ErrorCode, Store};
use std::collections::BTreeMap;
use std::path::Path;
use uuid::Uuid;

const GOOGLE: &str = include_str!("ics_samples/google.ics");
const OUTLOOK: &str = include_str!("ics_samples/outlook.ics");
const THUNDERBIRD: &str = include_str!("ics_samples/thunderbird.ics");
const CITY_AGENDA: &str = include_str!("ics_samples/agenda-ville.ics");
const UNSUPPORTED: &str = include_str!("ics_samples/unsupported.ics");

const LONG_TITLE: &str = "Comité de pilotage du contrat de ville « Engagements Quartiers 2030 » : bilan à mi-parcours et perspectives pour les habitants";
const SPECIAL_DESCRIPTION: &str = "Ordre du jour : présentation, questions; vote.\nVenez « nombreux » — café offert, évidemment ! Dossier partagé : C:\\conseil\\jardin";

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").expect("test time")
}

fn event_input(kind: EventKind, title: &str, date: &str, timing: Timing) -> EventInput {
    EventInput {
        kind,
        title: title.into(),
        date: date.into(),
        timing,
        start_time: String::new(),
        end_time: String::new(),
        place: String::new(),
        address: String::new(),
        online_link: String::new(),
        description: String::new(),
        demarche_id: None,
        phase_id: None,
        recurrence: None,
    }
}

fn timed(kind: EventKind, title: &str, date: &str, start: &str, end: &str) -> EventInput {
    EventInput {
        start_time: start.into(),
        end_time: end.into(),
        ..event_input(kind, title, date, Timing::Timed)
    }
}

fn repeat(
    frequency: Frequency,
    interval: u32,
    until: &str,
    count: Option<u32>,
    exceptions: &[&str],
) -> Option<RecurrenceInput> {
    Some(RecurrenceInput {
        frequency,
        interval,
        until: until.into(),
        count,
        exceptions: exceptions.iter().map(|s| s.to_string()).collect(),
    })
}

/// Every event of a council, read back through the public API.
fn events(store: &mut Store, council: Uuid) -> Vec<Event> {
    let ids: Vec<String> = store
        .conn()
        .prepare("SELECT id FROM events WHERE council_id = ?1 ORDER BY date, title")
        .unwrap()
        .query_map([council.to_string()], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    ids.iter()
        .map(|id| store.get_event(Uuid::parse_str(id).unwrap()).unwrap())
        .collect()
}

fn by_title(events: &[Event], title: &str) -> Event {
    events
        .iter()
        .find(|e| e.title == title)
        .unwrap_or_else(|| {
            panic!(
                "no event « {title} » among {:?}",
                events.iter().map(|e| &e.title).collect::<Vec<_>>()
            )
        })
        .clone()
}

fn has_note(report: &IcsImportReport, part: &str) -> bool {
    report.notes.iter().any(|n| n.contains(part))
}

/// The council of the round trip: every kind of timing and recurrence, a meeting, a
/// cancelled meeting and an avis request.
fn full_council(store: &mut Store) -> Uuid {
    let council = new_council(store, "Conseil citoyen des Tilleuls").id;
    let mut add = |input: EventInput| store.create_event(council, input).expect("valid event");
    add(EventInput {
        place: "Maison des Tilleuls".into(),
        address: "3 rue des Lilas, 69100 Villeurbanne".into(),
        description: SPECIAL_DESCRIPTION.into(),
        ..timed(
            EventKind::ReunionPublique,
            "Réunion publique : projet de jardin partagé",
            "2026-01-15",
            "18:30",
            "20:00",
        )
    });
    add(EventInput {
        online_link: "https://visio.exemple.fr/atelier?id=42&lang=fr".into(),
        ..timed(
            EventKind::Atelier,
            "Atelier numérique en visio",
            "2026-07-09",
            "18:30",
            "",
        )
    });
    add(event_input(
        EventKind::Autre,
        "Fête de quartier",
        "2026-06-20",
        Timing::AllDay,
    ));
    add(EventInput {
        place: "Départ place du Marché".into(),
        ..event_input(
            EventKind::BaladeUrbaine,
            "Balade urbaine du secteur Nord",
            "2026-04-18",
            Timing::Morning,
        )
    });
    add(event_input(
        EventKind::Permanence,
        "Permanence d'accueil",
        "2026-05-06",
        Timing::Afternoon,
    ));
    add(EventInput {
        recurrence: repeat(Frequency::Weekly, 2, "2026-06-30", None, &["2026-04-14"]),
        ..timed(
            EventKind::Permanence,
            "Permanence du mardi soir",
            "2026-03-03",
            "17:00",
            "19:00",
        )
    });
    add(EventInput {
        recurrence: repeat(
            Frequency::MonthlyByWeekday { week: -1 },
            1,
            "",
            Some(6),
            &["2026-03-29"],
        ),
        ..event_input(
            EventKind::Autre,
            "Vide-grenier du dernier dimanche",
            "2026-01-25",
            Timing::AllDay,
        )
    });
    add(EventInput {
        recurrence: repeat(Frequency::MonthlyByDay, 1, "", Some(4), &["2026-10-15"]),
        ..event_input(
            EventKind::ComitePilotage,
            LONG_TITLE,
            "2026-09-15",
            Timing::Morning,
        )
    });
    add(EventInput {
        recurrence: repeat(
            Frequency::MonthlyByWeekday { week: 2 },
            1,
            "2026-05-31",
            None,
            &[],
        ),
        ..timed(
            EventKind::Atelier,
            "Atelier couture",
            "2026-01-13",
            "14:00",
            "16:00",
        )
    });
    for (title, date, status) in [
        (
            "Séance plénière de printemps",
            "2026-04-02",
            MeetingStatus::Prevue,
        ),
        ("Réunion annulée", "2026-05-01", MeetingStatus::Annulee),
    ] {
        store
            .create_meeting(
                council,
                MeetingInput {
                    kind: MeetingKind::Pleniere,
                    title: title.into(),
                    date: date.into(),
                    start_time: "18:30".into(),
                    end_time: "20:30".into(),
                    place: "Salle polyvalente".into(),
                    remote_link: String::new(),
                    status,
                    head_count: None,
                    head_count_note: String::new(),
                },
            )
            .expect("valid meeting");
    }
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
        .expect("valid avis");
    council
}

/// What must survive a round trip.
fn essence(e: &Event) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        e.kind,
        &e.title,
        e.date,
        e.timing,
        e.start_time,
        e.end_time,
        &e.place,
        &e.address,
        &e.online_link,
        &e.description,
        &e.recurrence,
    )
}

#[test]
fn the_export_is_well_formed_icalendar() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = full_council(&mut store);
    let ics = store.export_ics(council, None).unwrap();

    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Quorum//Conseil citoyen//FR\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !ics.replace("\r\n", "").contains('\n'),
        "every line ends with CRLF"
    );
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    for expected in [
        "X-WR-CALNAME:Conseil citoyen des Tilleuls",
        "X-WR-TIMEZONE:Europe/Paris",
        "TZID:Europe/Paris",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "DTSTART;TZID=Europe/Paris:20260115T183000",
        "DTEND;TZID=Europe/Paris:20260115T200000",
        "DTSTART;TZID=Europe/Paris:20260709T183000\r\nDURATION:PT1H\r\nX-QUORUM-NO-END-TIME:TRUE",
        "DTSTART;VALUE=DATE:20260620\r\nDTEND;VALUE=DATE:20260621",
        "DTSTART;TZID=Europe/Paris:20260418T090000\r\nDTEND;TZID=Europe/Paris:20260418T120000",
        "X-QUORUM-HALF-DAY:MATIN",
        "DTSTART;TZID=Europe/Paris:20260506T140000\r\nDTEND;TZID=Europe/Paris:20260506T170000",
        "X-QUORUM-HALF-DAY:APRES-MIDI",
        // 30 June 2026, 23:59:59 in Paris (summer time) is 21:59:59 UTC.
        "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20260630T215959Z",
        "EXDATE;TZID=Europe/Paris:20260414T170000",
        "RRULE:FREQ=MONTHLY;BYDAY=-1SU;COUNT=6",
        "EXDATE;VALUE=DATE:20260329",
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=15;COUNT=4",
        "EXDATE;TZID=Europe/Paris:20261015T090000",
        "RRULE:FREQ=MONTHLY;BYDAY=2TU;UNTIL=20260531T215959Z",
        "LOCATION:Maison des Tilleuls\\, 3 rue des Lilas\\, 69100 Villeurbanne",
        "URL:https://visio.exemple.fr/atelier?id=42&lang=fr",
        "CATEGORIES:Réunion publique",
        "CATEGORIES:Réunion du conseil",
        "SUMMARY:Avis à rendre : Rapport annuel 2025 du contrat de ville",
        "DTSTART;VALUE=DATE:20260402\r\nDTEND;VALUE=DATE:20260403",
        "CATEGORIES:Date limite",
        "DTSTART;TZID=Europe/Paris:20260402T183000",
    ] {
        assert!(ics.contains(expected), "missing {expected:?} in\n{ics}");
    }
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains(
        "DESCRIPTION:Ordre du jour : présentation\\, questions\\; vote.\\nVenez « nombreux » — café offert\\, évidemment ! Dossier partagé : C:\\\\conseil\\\\jardin"
    ), "{unfolded}");
    assert!(unfolded.contains(&format!("SUMMARY:{LONG_TITLE}")));
    assert!(
        ics.contains(
            "SUMMARY:Comité de pilotage du contrat de ville « Engagements Quartiers 20\r\n 30 »"
        ),
        "the long title is folded at 75 octets"
    );
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        11,
        "9 events, 1 meeting, 1 avis"
    );
    assert_eq!(ics.matches("BEGIN:VTIMEZONE").count(), 1);
    assert!(ics.contains("SUMMARY:Séance plénière de printemps"));
    assert!(
        !ics.contains("Réunion annulée"),
        "cancelled meetings are left out"
    );
}

#[test]
fn a_round_trip_gives_back_the_same_events_and_a_second_import_adds_nothing() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = full_council(&mut store);
    let ics = store.export_ics(council, None).unwrap();
    let originals = events(&mut store, council);
    assert_eq!(originals.len(), 9);

    let other_dir = DataDir::new();
    let mut fresh = other_dir.open();
    let target = new_council(&mut fresh, "Conseil citoyen des Tilleuls").id;
    let report = fresh.import_ics(target, &ics).unwrap();
    assert_eq!(
        (report.added, report.updated, report.skipped),
        (11, 0, 0),
        "{}",
        report.to_text()
    );
    assert!(report.notes.is_empty(), "{:?}", report.notes);

    let imported = events(&mut fresh, target);
    for o in &originals {
        let i = imported
            .iter()
            .find(|i| i.source_uid.as_deref() == Some(o.uid().as_str()))
            .unwrap_or_else(|| panic!("« {} » was not imported", o.title));
        assert_eq!(essence(i), essence(o));
        assert_eq!(
            i.uid(),
            o.uid(),
            "the UID stays the same from one Quorum to the other"
        );
    }
    let weekly = by_title(&imported, "Permanence du mardi soir");
    assert_eq!(
        weekly.recurrence,
        Some(Recurrence {
            frequency: Frequency::Weekly,
            interval: 2,
            until: Some(d("2026-06-30")),
            count: None,
            exceptions: vec![d("2026-04-14")],
        })
    );
    assert_eq!(
        by_title(&imported, "Atelier numérique en visio").end_time,
        None
    );
    assert_eq!(
        by_title(&imported, "Balade urbaine du secteur Nord").timing,
        Timing::Morning
    );
    // The meeting and the avis deadline become plain events in another Quorum.
    let meeting = by_title(&imported, "Séance plénière de printemps");
    assert_eq!(
        (meeting.kind, meeting.start_time, meeting.end_time),
        (EventKind::Pleniere, Some(t("18:30")), Some(t("20:30")))
    );
    let avis = by_title(
        &imported,
        "Avis à rendre : Rapport annuel 2025 du contrat de ville",
    );
    assert_eq!(
        (avis.kind, avis.date, avis.timing),
        (EventKind::DateLimite, d("2026-04-02"), Timing::AllDay)
    );

    // Again: nothing added, nothing changed.
    let again = fresh.import_ics(target, &ics).unwrap();
    assert_eq!(
        (again.added, again.updated, again.skipped),
        (0, 0, 11),
        "{}",
        again.to_text()
    );
    assert_eq!(events(&mut fresh, target).len(), 11);

    // Exported from the other Quorum, the same UIDs come out.
    let re_exported = fresh.export_ics(target, None).unwrap();
    let uids = |text: &str| {
        let mut u: Vec<String> = text
            .replace("\r\n ", "")
            .lines()
            .filter_map(|l| l.strip_prefix("UID:").map(String::from))
            .collect();
        u.sort();
        u
    };
    assert_eq!(uids(&re_exported), uids(&ics));

    // Back into the Quorum it came from: our own events, meetings and avis are recognised.
    let home = store.import_ics(council, &ics).unwrap();
    assert_eq!(
        (home.added, home.updated, home.skipped),
        (0, 0, 11),
        "{}",
        home.to_text()
    );
    assert!(
        has_note(
            &home,
            "1 réunion du conseil et 1 échéance d'avis déjà dans Quorum : ignorées"
        ),
        "{:?}",
        home.notes
    );
    assert_eq!(events(&mut store, council).len(), 9);
}

#[test]
fn a_newer_copy_of_our_own_event_updates_it_instead_of_adding_a_copy() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = full_council(&mut store);
    let ics = store.export_ics(council, None).unwrap();
    let changed: Vec<String> = ics
        .split("BEGIN:VEVENT")
        .map(|block| {
            if block.contains("SUMMARY:Fête de quartier\r\n") {
                block
                    .lines()
                    .map(|l| {
                        if l.starts_with("LAST-MODIFIED:") {
                            "LAST-MODIFIED:20300101T000000Z".to_string()
                        } else if l.starts_with("SUMMARY:") {
                            "SUMMARY:Fête de quartier (reportée)".to_string()
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\r\n")
            } else {
                block.to_string()
            }
        })
        .collect();
    let changed = changed.join("BEGIN:VEVENT");
    let report = store.import_ics(council, &changed).unwrap();
    assert_eq!(
        (report.added, report.updated),
        (0, 1),
        "{}",
        report.to_text()
    );
    let all = events(&mut store, council);
    assert_eq!(all.len(), 9);
    let fete = by_title(&all, "Fête de quartier (reportée)");
    assert_eq!(fete.source_uid, None, "still our own event");
    assert_eq!(fete.date, d("2026-06-20"));
}

#[test]
fn an_export_for_one_demarche_has_its_events_and_deadlines_only() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = full_council(&mut store);
    let demarche_input = || DemarcheInput {
        title: "Renouvellement urbain du secteur Nord".into(),
        object: "Le projet de renouvellement urbain".into(),
        scale: Scale::Quartier,
        impacts: String::new(),
        partners: String::new(),
        level: ParticipationLevel::Concertation,
        status: DemarcheStatus::EnCours,
    };
    let demarche = store.create_demarche(council, demarche_input()).unwrap();
    store
        .create_event(
            council,
            EventInput {
                description: "Premier atelier.".into(),
                demarche_id: Some(demarche.id),
                ..timed(
                    EventKind::Atelier,
                    "Atelier de concertation",
                    "2026-02-10",
                    "18:00",
                    "20:00",
                )
            },
        )
        .unwrap();
    let ics = store.export_ics(council, Some(demarche.id)).unwrap();
    assert!(ics.contains("X-WR-CALNAME:Renouvellement urbain du secteur Nord\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
    assert!(ics.contains("CATEGORIES:Atelier,Renouvellement urbain du secteur Nord"));
    assert!(ics.replace("\r\n ", "").contains(
        "DESCRIPTION:Premier atelier.\\n\\nDémarche : Renouvellement urbain du secteur Nord"
    ));
    assert!(
        !ics.contains("Séance plénière"),
        "no meetings in a démarche's calendar"
    );

    let err = store.export_ics(council, Some(Uuid::new_v4())).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);

    // In another Quorum with a démarche of the same title, the event joins it.
    let other_dir = DataDir::new();
    let mut fresh = other_dir.open();
    let target = new_council(&mut fresh, "Conseil citoyen des Tilleuls").id;
    let there = fresh.create_demarche(target, demarche_input()).unwrap();
    let report = fresh.import_ics(target, &ics).unwrap();
    assert_eq!(report.added, 1, "{}", report.to_text());
    let e = by_title(&events(&mut fresh, target), "Atelier de concertation");
    assert_eq!(e.demarche_id, Some(there.id));
    assert_eq!(e.description, "Premier atelier.");
}

// ---------------------------------------------------------------------------------
// The export read by Python's icalendar
// ---------------------------------------------------------------------------------

const PYTHON_READER: &str = r#"
import json, sys
from datetime import date, datetime
import icalendar
from dateutil.rrule import rrulestr

def iso(v):
    return v.isoformat() if hasattr(v, "isoformat") else str(v)

def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]

with open(sys.argv[1], "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
out = {"calname": str(cal.get("x-wr-calname")), "events": []}
for ev in cal.walk("VEVENT"):
    start = ev.decoded("dtstart")
    exdates = [d.dt for e in as_list(ev.get("exdate")) for d in e.dts]
    rrule = ev.get("rrule")
    occurrences = []
    if rrule is not None:
        first = start if isinstance(start, datetime) else datetime(start.year, start.month, start.day)
        rules = rrulestr(rrule.to_ical().decode(), dtstart=first, forceset=True)
        for x in exdates:
            rules.exdate(x if isinstance(x, datetime) else datetime(x.year, x.month, x.day))
        for i, o in enumerate(rules):
            if i >= 200:
                break
            occurrences.append(o.isoformat())
    out["events"].append({
        "uid": str(ev.get("uid")),
        "summary": str(ev.get("summary")),
        "dtstart": iso(start),
        "dtend": iso(ev.decoded("dtend")) if "dtend" in ev else None,
        "duration": iso(ev.decoded("duration")) if "duration" in ev else None,
        "rrule": {k: [iso(x) for x in v] for k, v in rrule.items()} if rrule is not None else None,
        "exdates": [iso(x) for x in exdates],
        "location": str(ev.get("location", "")),
        "url": str(ev.get("url", "")),
        "description": str(ev.get("description", "")),
        "categories": [str(c) for cat in as_list(ev.get("categories")) for c in cat.cats],
        "half_day": str(ev.get("x-quorum-half-day", "")),
        "occurrences": occurrences,
    })
print(json.dumps(out))
"#;

fn python_read(path: &Path) -> serde_json::Value {
    let check = std::process::Command::new("python3")
        .args(["-c", "import icalendar, dateutil"])
        .output();
    match check {
        Ok(o) if o.status.success() => {}
        _ => panic!(
            "Python's icalendar package (or python-dateutil, which it uses) is missing (python3 -c 'import icalendar' fails): run `make setup`, which installs it (scripts/setup.sh)."
        ),
    }
    let out = std::process::Command::new("python3")
        .args(["-c", PYTHON_READER])
        .arg(path)
        .output()
        .expect("running python3");
    assert!(
        out.status.success(),
        "Python's icalendar could not read the export:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from the Python reader")
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn python_icalendar_reads_the_export_as_we_meant_it() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = full_council(&mut store);
    let path = dir.path().join("calendrier.ics");
    store.export_ics_to(council, None, &path).unwrap();
    let read = python_read(&path);
    assert_eq!(read["calname"], "Conseil citoyen des Tilleuls");
    let parsed: BTreeMap<String, &serde_json::Value> = read["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["uid"].as_str().unwrap().to_string(), e))
        .collect();
    assert_eq!(parsed.len(), 11);
    let ours = events(&mut store, council);
    let of = |title: &str| {
        *parsed
            .get(&by_title(&ours, title).uid())
            .unwrap_or_else(|| panic!("« {title} » not read by Python"))
    };

    // Winter: 18:30 in Paris is +01:00; summer: +02:00.
    let e = of("Réunion publique : projet de jardin partagé");
    assert_eq!(e["summary"], "Réunion publique : projet de jardin partagé");
    assert_eq!(e["dtstart"], "2026-01-15T18:30:00+01:00");
    assert_eq!(e["dtend"], "2026-01-15T20:00:00+01:00");
    assert_eq!(
        e["location"],
        "Maison des Tilleuls, 3 rue des Lilas, 69100 Villeurbanne"
    );
    assert_eq!(e["description"], SPECIAL_DESCRIPTION);
    assert_eq!(strings(&e["categories"]), ["Réunion publique"]);

    let e = of("Atelier numérique en visio");
    assert_eq!(e["dtstart"], "2026-07-09T18:30:00+02:00");
    assert_eq!(e["duration"], "1:00:00");
    assert_eq!(e["url"], "https://visio.exemple.fr/atelier?id=42&lang=fr");
    assert_eq!(
        e["location"],
        "https://visio.exemple.fr/atelier?id=42&lang=fr"
    );

    let e = of("Fête de quartier");
    assert_eq!(
        (e["dtstart"].as_str(), e["dtend"].as_str()),
        (Some("2026-06-20"), Some("2026-06-21"))
    );

    let e = of("Balade urbaine du secteur Nord");
    assert_eq!(e["dtstart"], "2026-04-18T09:00:00+02:00");
    assert_eq!(e["dtend"], "2026-04-18T12:00:00+02:00");
    assert_eq!(e["half_day"], "MATIN");
    let e = of("Permanence d'accueil");
    assert_eq!(e["dtstart"], "2026-05-06T14:00:00+02:00");
    assert_eq!(e["half_day"], "APRES-MIDI");

    let e = of(LONG_TITLE);
    assert_eq!(e["summary"], LONG_TITLE);

    // Recurrences: the rule as Python reads it, and the dates dateutil computes from it
    // are the dates Quorum's calendar shows.
    let e = of("Permanence du mardi soir");
    assert_eq!(strings(&e["rrule"]["FREQ"]), ["WEEKLY"]);
    assert_eq!(strings(&e["rrule"]["INTERVAL"]), ["2"]);
    assert_eq!(strings(&e["rrule"]["BYDAY"]), ["TU"]);
    assert_eq!(strings(&e["rrule"]["UNTIL"]), ["2026-06-30T21:59:59+00:00"]);
    assert_eq!(strings(&e["exdates"]), ["2026-04-14T17:00:00+02:00"]);
    let occurrences = strings(&e["occurrences"]);
    assert_eq!(
        occurrences.first().map(String::as_str),
        Some("2026-03-03T17:00:00+01:00")
    );
    assert!(
        occurrences.contains(&"2026-03-31T17:00:00+02:00".to_string()),
        "{occurrences:?}"
    );
    assert_eq!(
        occurrences.last().map(String::as_str),
        Some("2026-06-23T17:00:00+02:00")
    );

    let e = of("Vide-grenier du dernier dimanche");
    assert_eq!(strings(&e["rrule"]["BYDAY"]), ["-1SU"]);
    assert_eq!(strings(&e["rrule"]["COUNT"]), ["6"]);
    assert_eq!(strings(&e["exdates"]), ["2026-03-29"]);

    for o in ours.iter().filter(|o| o.recurrence.is_some()) {
        let r = o.recurrence.as_ref().unwrap();
        let expected: Vec<NaiveDate> = r.dates(o.date, o.date, d("2030-12-31"));
        let python: Vec<NaiveDate> = strings(&parsed[&o.uid()]["occurrences"])
            .iter()
            .map(|s| NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").unwrap())
            .collect();
        assert_eq!(python, expected, "occurrences of « {} »", o.title);
        if let Some(start) = o.start_time {
            for s in strings(&parsed[&o.uid()]["occurrences"]) {
                assert_eq!(
                    &s[11..16],
                    start.format("%H:%M").to_string(),
                    "wall-clock time kept across summer time: {s}"
                );
            }
        }
    }

    let e = of("Atelier couture");
    assert_eq!(strings(&e["rrule"]["BYDAY"]), ["2TU"]);
    let couture = strings(&e["occurrences"]);
    assert_eq!(
        couture,
        [
            "2026-01-13T14:00:00+01:00",
            "2026-02-10T14:00:00+01:00",
            "2026-03-10T14:00:00+01:00",
            "2026-04-14T14:00:00+02:00",
            "2026-05-12T14:00:00+02:00"
        ]
    );

    let meeting = parsed
        .values()
        .find(|e| e["summary"] == "Séance plénière de printemps")
        .unwrap();
    assert!(meeting["uid"]
        .as_str()
        .unwrap()
        .ends_with("@quorum.conseil-citoyen"));
    assert_eq!(meeting["dtstart"], "2026-04-02T18:30:00+02:00");
    assert_eq!(strings(&meeting["categories"]), ["Réunion du conseil"]);
    let avis = parsed
        .values()
        .find(|e| e["summary"] == "Avis à rendre : Rapport annuel 2025 du contrat de ville")
        .unwrap();
    assert_eq!(
        (avis["dtstart"].as_str(), avis["dtend"].as_str()),
        (Some("2026-04-02"), Some("2026-04-03"))
    );
}

// ---------------------------------------------------------------------------------
// Files from other software
// ---------------------------------------------------------------------------------

fn import_sample(text: &str) -> (DataDir, Store, Uuid, IcsImportReport) {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil citoyen des Tilleuls").id;
    let report = store.import_ics(council, text).unwrap();
    (dir, store, council, report)
}

#[test]
fn a_google_calendar_export() {
    let (_dir, mut store, council, report) = import_sample(GOOGLE);
    assert_eq!(
        (report.added, report.updated, report.skipped),
        (5, 0, 0),
        "{}",
        report.to_text()
    );
    let all = events(&mut store, council);

    // 17:30 UTC in July is 19:30 in Paris.
    let atelier = by_title(&all, "Atelier cartographie");
    assert_eq!(
        (atelier.date, atelier.start_time, atelier.end_time),
        (d("2026-07-09"), Some(t("19:30")), Some(t("21:30")))
    );
    assert_eq!(
        atelier.place,
        "Maison des Tilleuls, 3 rue des Lilas, 69100 Villeurbanne"
    );
    assert_eq!(atelier.description, "Atelier de cartographie du quartier : apportez vos photos, vos souvenirs et vos idées.\nOuvert à tous.");
    assert_eq!(
        atelier.source_uid.as_deref(),
        Some("7kukuqrfedlm2f9t0jt6qo3j8n@google.com")
    );
    assert_eq!(atelier.kind, EventKind::Autre);

    let permanence = by_title(&all, "Permanence du conseil citoyen");
    assert_eq!(
        (permanence.start_time, permanence.end_time),
        (Some(t("18:30")), Some(t("20:00")))
    );
    assert_eq!(
        permanence.recurrence,
        Some(Recurrence {
            frequency: Frequency::Weekly,
            interval: 1,
            until: Some(d("2026-03-31")),
            count: None,
            exceptions: vec![d("2026-02-17")],
        })
    );
    // Around the change of time: 08:00 UTC on the morning summer time starts is 10:00.
    assert_eq!(
        by_title(&all, "Nettoyage de printemps").start_time,
        Some(t("10:00"))
    );
    // 09:00 UTC on the morning winter time comes back is 10:00.
    let brocante = by_title(&all, "Brocante d'automne");
    assert_eq!(
        (brocante.start_time, brocante.end_time),
        (Some(t("10:00")), Some(t("12:00")))
    );
    let patrimoine = by_title(&all, "Journées européennes du patrimoine");
    assert_eq!(
        (patrimoine.date, patrimoine.timing),
        (d("2026-09-18"), Timing::AllDay)
    );
    assert!(
        has_note(
            &report,
            "Informations non reprises : ATTENDEE × 1, ORGANIZER × 1, X-GOOGLE-CONFERENCE × 1."
        ),
        "{:?}",
        report.notes
    );
}

#[test]
fn an_outlook_export() {
    let (_dir, mut store, council, report) = import_sample(OUTLOOK);
    assert_eq!(
        (report.added, report.updated, report.skipped),
        (3, 0, 0),
        "{}",
        report.to_text()
    );
    let all = events(&mut store, council);
    let copil = by_title(
        &all,
        "Comité de pilotage du contrat de ville « Engagements Quartiers 2030 »",
    );
    assert_eq!(
        (copil.date, copil.start_time, copil.end_time),
        (d("2026-10-15"), Some(t("18:00")), Some(t("20:00")))
    );
    assert_eq!(copil.kind, EventKind::Autre, "no category");
    assert_eq!(copil.place, "Hôtel de ville, salle du conseil municipal");
    assert_eq!(
        copil.description,
        "Ordre du jour :\n- bilan de la programmation 2026\n- appel à projets 2027\n\nMerci de confirmer votre présence auprès du service Politique de la ville."
    );
    assert!(copil
        .source_uid
        .as_deref()
        .unwrap()
        .starts_with("040000008200E00074C5B7101A82E00800000000B0C4A3F1D2C5DC01"));

    let visio = by_title(&all, "Point d'étape avec la déléguée du préfet");
    assert_eq!(visio.place, "");
    assert_eq!(visio.online_link, "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjA4ZTk@thread.v2/0?context=%7b%22Tid%22%3a%22f00d%22%7d");
    assert_eq!(
        (visio.start_time, visio.end_time),
        (Some(t("10:00")), Some(t("11:30")))
    );
    assert_eq!(
        visio.recurrence.map(|r| (r.frequency, r.count)),
        Some((Frequency::MonthlyByWeekday { week: 2 }, Some(6)))
    );
    // Noon in Montréal on 10 March 2026 (summer time there, -04:00) is 16:00 UTC,
    // 17:00 in Paris (still winter time).
    let montreal = by_title(&all, "Échange avec le conseil de quartier de Montréal");
    assert_eq!(
        (montreal.start_time, montreal.end_time),
        (Some(t("17:00")), Some(t("18:00")))
    );
    assert!(
        has_note(&report, "alarme (VALARM) × 1"),
        "{:?}",
        report.notes
    );
    assert!(
        has_note(&report, "X-MICROSOFT-CDO-BUSYSTATUS × 3"),
        "{:?}",
        report.notes
    );
    assert!(has_note(&report, "X-ALT-DESC × 1"), "{:?}", report.notes);
    assert!(!has_note(&report, "Fuseau horaire"), "{:?}", report.notes);
}

#[test]
fn a_thunderbird_export() {
    let (_dir, mut store, council, report) = import_sample(THUNDERBIRD);
    assert_eq!(
        (report.added, report.updated, report.skipped),
        (3, 0, 0),
        "{}",
        report.to_text()
    );
    let all = events(&mut store, council);
    let balade = by_title(&all, "Balade urbaine : les jardins du quartier");
    assert_eq!(balade.kind, EventKind::BaladeUrbaine);
    assert_eq!(
        (balade.start_time, balade.end_time),
        (Some(t("10:00")), Some(t("12:00")))
    );
    assert_eq!(balade.place, "Départ place du Marché");

    let atelier = by_title(&all, "Atelier mémoire du quartier");
    assert_eq!(atelier.kind, EventKind::Atelier);
    assert_eq!(
        atelier.recurrence,
        Some(Recurrence {
            frequency: Frequency::MonthlyByWeekday { week: -1 },
            interval: 1,
            until: None,
            count: None,
            exceptions: vec![d("2026-07-26"), d("2026-08-30")],
        })
    );

    let copil = by_title(&all, "COPIL renouvellement urbain");
    assert_eq!(copil.kind, EventKind::ComitePilotage);
    assert_eq!(
        (copil.start_time, copil.end_time),
        (Some(t("14:00")), Some(t("16:30")))
    );
    assert_eq!(
        copil.recurrence,
        Some(Recurrence {
            frequency: Frequency::Weekly,
            interval: 2,
            until: None,
            count: Some(5),
            exceptions: vec![d("2026-06-16"), d("2026-07-14")],
        })
    );
    assert!(
        has_note(&report, "Informations non reprises : X-MOZ-GENERATION × 2."),
        "{:?}",
        report.notes
    );
}

#[test]
fn a_city_agenda_from_a_web_site() {
    assert!(
        !CITY_AGENDA.contains('\r') && CITY_AGENDA.starts_with('\u{feff}'),
        "LF line ends and a BOM"
    );
    let (_dir, mut store, council, report) = import_sample(CITY_AGENDA);
    assert_eq!(
        (report.added, report.updated, report.skipped),
        (4, 0, 0),
        "{}",
        report.to_text()
    );
    let all = events(&mut store, council);

    let fete = by_title(&all, "Fête de quartier des Tilleuls");
    assert_eq!(
        (fete.date, fete.timing, fete.kind),
        (d("2026-04-04"), Timing::AllDay, EventKind::Autre)
    );
    assert_eq!(
        fete.description,
        "Venez nombreux\u{a0}! Stands, jeux et repas partagé.\n\nEntrée libre."
    );
    assert_eq!(
        fete.online_link,
        "https://www.villeval.fr/agenda/fete-de-quartier"
    );

    let expo = by_title(&all, "Exposition « Mémoires de quartier »");
    assert_eq!((expo.date, expo.timing), (d("2026-07-06"), Timing::AllDay));
    assert_eq!(
        expo.place, "Médiathèque Louise-Michel",
        "lowercase property names are read"
    );
    assert!(
        report.notes.contains(&"Événement « Exposition « Mémoires de quartier » » : il dure plusieurs jours (du 6 juillet 2026 au 10 juillet 2026) ; seul le premier jour est importé.".to_string()),
        "{:?}",
        report.notes
    );

    let reunion = by_title(&all, "Réunion publique : rénovation de l'école Jean-Jaurès");
    assert_eq!(reunion.kind, EventKind::ReunionPublique);
    assert_eq!(
        (reunion.start_time, reunion.end_time),
        (Some(t("18:30")), Some(t("20:00"))),
        "floating times are Paris times"
    );
    assert_eq!(reunion.place, "École Jean-Jaurès, préau");
    assert_eq!(reunion.online_link, "https://www.villeval.fr/ecole");
    assert!(
        reunion
            .source_uid
            .as_deref()
            .unwrap()
            .ends_with("@import.quorum.conseil-citoyen"),
        "a UID derived from the content"
    );

    let limite = by_title(&all, "Date limite des candidatures au budget participatif");
    assert_eq!(
        (limite.kind, limite.date, limite.timing),
        (EventKind::DateLimite, d("2026-06-01"), Timing::AllDay)
    );
}

#[test]
fn unsupported_parts_are_noted_and_never_fatal() {
    let (_dir, mut store, council, report) = import_sample(UNSUPPORTED);
    assert_eq!(
        (report.added, report.updated, report.skipped),
        (6, 0, 0),
        "{}",
        report.to_text()
    );
    let all = events(&mut store, council);
    for note in [
        "Événement « Chantier jeunes » : la répétition FREQ=DAILY n'est pas prise en charge ; seule la première date est importée.",
        "Événement « Aide aux devoirs » : la répétition BYDAY=MO,WE n'est pas prise en charge ; seule la première date est importée.",
        "Événement « Apéro des voisins » : la répétition BYSETPOS=-1 n'est pas prise en charge ; seule la première date est importée.",
        "Événement « Fête de la musique » : la répétition FREQ=YEARLY n'est pas prise en charge ; seule la première date est importée.",
        "Événement « Répétition de la chorale » : les dates supplémentaires (RDATE : 24 mars 2026, 7 avril 2026) ne sont pas prises en charge ; ajoutez-les à la main.",
        "Fuseau horaire « Asia/Tokyo » inconnu : les heures sont reprises telles qu'écrites.",
        "Éléments non importés (seuls les événements le sont) : alarme (VALARM) × 1, note (VJOURNAL) × 1, tâche (VTODO) × 1.",
        "Informations non reprises : X-EXEMPLE-COULEUR × 1.",
    ] {
        assert!(report.notes.contains(&note.to_string()), "missing note {note:?} in {:#?}", report.notes);
    }
    for title in [
        "Chantier jeunes",
        "Aide aux devoirs",
        "Apéro des voisins",
        "Fête de la musique",
        "Répétition de la chorale",
    ] {
        assert_eq!(
            by_title(&all, title).recurrence,
            None,
            "{title}: first date only"
        );
    }
    let chantier = by_title(&all, "Chantier jeunes");
    assert_eq!(
        (chantier.date, chantier.start_time, chantier.end_time),
        (d("2026-07-06"), Some(t("09:00")), Some(t("12:00")))
    );
    assert_eq!(
        by_title(&all, "Visio avec la ville jumelée").start_time,
        Some(t("18:00"))
    );
    let text = report.to_text();
    assert!(
        text.starts_with("Événements : 6 ajoutés, 0 mis à jour, 0 ignoré."),
        "{text}"
    );
    assert!(
        text.contains("\n  – Événement « Chantier jeunes » : la répétition FREQ=DAILY"),
        "{text}"
    );
}

#[test]
fn importing_a_file_twice_adds_nothing() {
    for (name, text) in [
        ("google", GOOGLE),
        ("outlook", OUTLOOK),
        ("thunderbird", THUNDERBIRD),
        ("agenda", CITY_AGENDA),
        ("unsupported", UNSUPPORTED),
    ] {
        let (_dir, mut store, council, first) = import_sample(text);
        let again = store.import_ics(council, text).unwrap();
        assert_eq!(
            (again.added, again.updated),
            (0, 0),
            "{name}: {}",
            again.to_text()
        );
        assert_eq!(again.skipped, first.added + first.skipped, "{name}");
        assert_eq!(
            events(&mut store, council).len() as u32,
            first.added,
            "{name}"
        );
    }
}

#[test]
fn a_file_that_is_not_icalendar_is_refused_and_changes_nothing() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil citoyen des Tilleuls").id;
    for text in [
        "",
        "{\"format_version\": 3}",
        "Nom;Date\nFête;04/04/2026\n",
        "BEGIN:VEVENT\nSUMMARY:Seul\nEND:VEVENT\n",
    ] {
        let err = store.import_ics(council, text).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidImport, "{text:?}");
        assert_eq!(
            err.to_string(),
            "Le fichier à importer n'est pas valable : ce n'est pas un calendrier iCalendar (.ics) : la ligne BEGIN:VCALENDAR est introuvable."
        );
    }
    assert_eq!(rows(&store, "events"), 0);
    let report = store
        .import_ics(
            council,
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
        )
        .unwrap();
    assert_eq!(report.notes, ["Ce calendrier ne contient aucun événement."]);
}

#[test]
fn changed_and_cancelled_occurrences_of_a_series() {
    let text =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n\
BEGIN:VEVENT\r\nUID:serie@google.com\r\nDTSTAMP:20260101T000000Z\r\n\
DTSTART;TZID=Europe/Paris:20260106T183000\r\nDTEND;TZID=Europe/Paris:20260106T200000\r\n\
RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=8\r\nSUMMARY:Atelier théâtre\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:serie@google.com\r\nDTSTAMP:20260101T000000Z\r\n\
RECURRENCE-ID;TZID=Europe/Paris:20260120T183000\r\n\
DTSTART;TZID=Europe/Paris:20260121T190000\r\nDTEND;TZID=Europe/Paris:20260121T203000\r\n\
SUMMARY:Atelier théâtre (décalé)\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:serie@google.com\r\nDTSTAMP:20260101T000000Z\r\n\
RECURRENCE-ID;TZID=Europe/Paris:20260203T183000\r\nSTATUS:CANCELLED\r\n\
DTSTART;TZID=Europe/Paris:20260203T183000\r\nSUMMARY:Atelier théâtre\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:annule@google.com\r\nDTSTAMP:20260101T000000Z\r\nSTATUS:CANCELLED\r\n\
DTSTART;VALUE=DATE:20260301\r\nSUMMARY:Loto\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";
    let (_dir, mut store, council, report) = import_sample(text);
    assert_eq!(
        (report.added, report.skipped),
        (2, 2),
        "{}",
        report.to_text()
    );
    let all = events(&mut store, council);
    let serie = by_title(&all, "Atelier théâtre");
    let r = serie.recurrence.expect("weekly");
    assert_eq!(r.count, Some(8));
    assert_eq!(r.exceptions, [d("2026-01-20"), d("2026-02-03")]);
    let moved = by_title(&all, "Atelier théâtre (décalé)");
    assert_eq!(
        (moved.date, moved.start_time),
        (d("2026-01-21"), Some(t("19:00")))
    );
    assert!(report.notes.contains(&"Événement « Atelier théâtre (décalé) » : la date du 20 janvier 2026 a été modifiée dans le fichier ; elle est importée comme un événement à part.".to_string()), "{:?}", report.notes);
    assert!(report.notes.contains(&"Événement « Loto » : il est annulé dans le fichier (STATUS:CANCELLED) ; il n'est pas importé.".to_string()), "{:?}", report.notes);
    let again = store.import_ics(council, text).unwrap();
    assert_eq!((again.added, again.updated), (0, 0), "{}", again.to_text());
}
