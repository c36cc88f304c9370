//! iCalendar (RFC 5545) export and import of a council's calendrier de concertation,
//! so that members can subscribe to it in their own calendar (Google, Outlook,
//! Thunderbird, a phone) and so that a city's or partner's agenda can be brought in.
//!
//! # Export ([`Store::export_ics`])
//!
//! - One `VCALENDAR` (`VERSION:2.0`, `PRODID:-//Quorum//Conseil citoyen//FR`,
//!   `CALSCALE:GREGORIAN`, `METHOD:PUBLISH`, `X-WR-CALNAME` = the council's name or
//!   the démarche's title, `X-WR-TIMEZONE:Europe/Paris`) with one `VTIMEZONE` for
//!   Europe/Paris: the EU rule (summer time from the last Sunday of March 02:00 to
//!   the last Sunday of October 03:00, +0100/+0200).
//! - One `VEVENT` per event, with the stable UID [`Event::uid`] (the UID it was
//!   imported with, or `<id>@quorum.conseil-citoyen`), `DTSTAMP` and
//!   `LAST-MODIFIED` = its `updated_at` in UTC, `CREATED` = its `created_at`.
//! - Times are Paris wall-clock times: `DTSTART;TZID=Europe/Paris:20260115T183000`.
//!   - A time range: `DTEND;TZID=Europe/Paris` at the end time.
//!   - A start time without an end: `DURATION:PT1H` (what other calendars need to
//!     draw it, and the hour the conflict check assumes) plus
//!     `X-QUORUM-NO-END-TIME:TRUE`, so that our own import gives back « no end ».
//!   - The whole day: `DTSTART;VALUE=DATE` and `DTEND;VALUE=DATE` the next day (the
//!     end is exclusive in RFC 5545).
//!   - A half-day is written as a timed event, 09:00–12:00 for « matin » and
//!     14:00–17:00 for « après-midi » ([`Timing::half_day_hours`]), plus
//!     `X-QUORUM-HALF-DAY:MATIN` or `X-QUORUM-HALF-DAY:APRES-MIDI`: our import turns
//!     it back into a half-day, other software shows the hours.
//! - A recurrence becomes an `RRULE`: `FREQ=WEEKLY;BYDAY=TU`,
//!   `FREQ=MONTHLY;BYMONTHDAY=15`, `FREQ=MONTHLY;BYDAY=-1SU` (or `2TU`), with
//!   `INTERVAL=n` when n > 1, then `COUNT=n` or `UNTIL`: a `DATE` for a whole-day
//!   event, otherwise the UTC date-time of the end (23:59:59 in Paris) of that day.
//!   RFC 5545 forbids `COUNT` and `UNTIL` together: when an event has both, the one
//!   that ends the series first is written. Exceptions become one `EXDATE` of the same
//!   value type as `DTSTART` (`VALUE=DATE`, or `TZID=Europe/Paris` at the start time).
//! - `LOCATION` is the place and the address joined with « , » (the online link when
//!   there is neither), `URL` the online link, `X-QUORUM-ADDRESS` the address alone
//!   (so that our import splits `LOCATION` back), `DESCRIPTION` the description
//!   followed by « Démarche : <title> », `CATEGORIES` the kind's French label and the
//!   démarche's title.
//! - Without a démarche chosen, the council's meetings that are not cancelled are
//!   exported too (UID `<meeting id>@quorum.conseil-citoyen`, `CATEGORIES:Réunion du
//!   conseil`). The deadlines of avis requests (of the démarche, when one is chosen)
//!   are whole-day events « Avis à rendre : … » (UID `<avis id>@quorum.conseil-citoyen`,
//!   `CATEGORIES:Date limite`).
//! - TEXT values are escaped (`\\`, `\;`, `\,`, `\n`), lines are folded at 75 octets
//!   without cutting a UTF-8 character, and end with CRLF.
//!
//! # Import ([`Store::import_ics`])
//!
//! - Tolerant reading: a UTF-8 BOM, LF or CRLF (or CR) line ends, lines folded with a
//!   space or a tab (and continuation lines some programs forget to indent),
//!   lowercase names, quoted or bare parameters. A text without `BEGIN:VCALENDAR` is
//!   refused ([`Error::InvalidImport`]); anything else only produces notes.
//! - `DTSTART` as a `DATE` (whole day), a date-time with `TZID` (Europe/Paris and the
//!   zones that share its rule, Outlook's « Romance Standard Time » / « W. Europe
//!   Standard Time », Thunderbird's `/mozilla.org/…/Europe/Paris`; any other zone
//!   described by a `VTIMEZONE` of the file is converted with that description), a
//!   UTC time (`Z`, converted to Paris time across summer-time changes) or a floating
//!   time (taken as Paris time). An unknown zone keeps its hours as they are, with a note.
//! - `DTEND` or `DURATION` give the end time; an event over several days keeps its
//!   first day only (noted); 00:00 to 00:00 the next day is a whole-day event.
//! - `SUMMARY` → title (« Sans titre » when missing), `LOCATION` → place (a link
//!   there becomes the online link), `URL` → online link, `DESCRIPTION` → description
//!   (HTML is turned into plain text), `CATEGORIES` → the kind when one matches a label
//!   or a known word (« atelier », « réunion publique », « balade », « permanence »,
//!   « comité de pilotage », « COPIL », « plénière », « date limite »), else `Autre`;
//!   a category equal to a démarche's title attaches the event to that démarche.
//! - `RRULE`: `FREQ=WEEKLY` (no `BYDAY`, or the start's weekday alone) and
//!   `FREQ=MONTHLY` (`BYMONTHDAY` = the start's day, or `BYDAY=nXX` / `-1XX` matching
//!   the start), with `INTERVAL`, `UNTIL`, `COUNT`, and every `EXDATE`. Any other rule
//!   (`FREQ=DAILY`/`YEARLY`, several days, `BYSETPOS`, `EXRULE`…) is noted and the event
//!   keeps its first date only. Extra dates (`RDATE`) are listed in a note, not imported.
//!   A changed occurrence (`RECURRENCE-ID`) becomes an event of its own and an exception
//!   of its series.
//! - Idempotent by UID: the file's UID is kept as `source_uid`; an event already
//!   imported with it is updated when the file's `LAST-MODIFIED` (else `DTSTAMP`) is
//!   newer than our `updated_at` and something changed, otherwise skipped. An event
//!   without UID gets one derived from its content, so importing it again adds
//!   nothing. A UID of ours (`…@quorum.conseil-citoyen`) naming an event of this
//!   council updates that event; one naming a meeting or an avis request of this
//!   council is skipped (noted). `STATUS:CANCELLED` events are not imported.
//! - `VTODO`, `VJOURNAL`, `VALARM`… and properties Quorum does not keep are counted by
//!   name in the notes. Everything is written in one transaction.
//!
//! # Why no crate
//!
//! The `icalendar` crate (hoodie, 0.17) was evaluated: its writer cannot produce a
//! `VTIMEZONE` (no such component, and its generic component cannot be built from
//! outside), which `TZID=Europe/Paris` needs; its parser stops at the first line it
//! does not accept and keeps property names in their case, where an import of files
//! from any software must go on and note. The format parts used here are small; they
//! are written by hand and tested against Python's `icalendar` (tests/ical.rs).

use crate::calendar::{
    self, AvisRequest, Demarche, Event, EventKind, Frequency, Recurrence, Timing,
};
use crate::council;
use crate::db::{now, Store};
use crate::error::{Error, Result, Validator};
use crate::exchange::write_atomically;
use crate::format;
use crate::meeting::{self, Meeting, MeetingStatus};
use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    Timelike, Utc, Weekday,
};
use rusqlite::Transaction;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use ts_rs::TS;
use uuid::Uuid;

/// What follows `@` in the UIDs Quorum gives its events, meetings and avis requests.
pub const UID_DOMAIN: &str = "quorum.conseil-citoyen";
pub const PRODID: &str = "-//Quorum//Conseil citoyen//FR";
/// The one time zone Quorum writes.
pub const TZID: &str = "Europe/Paris";
const MEETING_CATEGORY: &str = "Réunion du conseil";
const NO_TITLE: &str = "Sans titre";
const HALF_DAY: &str = "X-QUORUM-HALF-DAY";
const NO_END_TIME: &str = "X-QUORUM-NO-END-TIME";
const ADDRESS: &str = "X-QUORUM-ADDRESS";
const DEMARCHE_PREFIX: &str = "Démarche : ";

// ---------------------------------------------------------------------------------
// Paris time
// ---------------------------------------------------------------------------------

fn hours(h: i32) -> FixedOffset {
    FixedOffset::east_opt(h * 3600).unwrap_or_else(|| Utc.fix())
}

/// The summer-time period of `year` as wall-clock bounds in the given hours.
fn summer_bounds(
    year: i32,
    start_hour: u32,
    end_hour: u32,
) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let start = calendar::nth_weekday(year, 3, Weekday::Sun, -1)?.and_hms_opt(start_hour, 0, 0)?;
    let end = calendar::nth_weekday(year, 10, Weekday::Sun, -1)?.and_hms_opt(end_hour, 0, 0)?;
    Some((start, end))
}

/// The UTC offset of a Paris wall-clock time: +02:00 from the last Sunday of March
/// 02:00 to the last Sunday of October 03:00, else +01:00 (the EU rule in force since
/// 1996, applied to every year). The hour that does not exist in March counts as
/// summer time; the hour that occurs twice in October is taken as its first pass.
fn paris_offset(local: NaiveDateTime) -> FixedOffset {
    match summer_bounds(local.year(), 2, 3) {
        Some((start, end)) if local >= start && local < end => hours(2),
        _ => hours(1),
    }
}

/// The Paris offset at a UTC instant: summer time from 01:00 UTC on the last Sunday
/// of March to 01:00 UTC on the last Sunday of October.
fn paris_offset_at_utc(utc: NaiveDateTime) -> FixedOffset {
    match summer_bounds(utc.year(), 1, 1) {
        Some((start, end)) if utc >= start && utc < end => hours(2),
        _ => hours(1),
    }
}

fn shift(t: NaiveDateTime, seconds: i32) -> NaiveDateTime {
    t.checked_add_signed(Duration::seconds(seconds.into()))
        .unwrap_or(t)
}

fn paris_to_utc(local: NaiveDateTime) -> NaiveDateTime {
    shift(local, -paris_offset(local).local_minus_utc())
}

fn utc_to_paris(utc: NaiveDateTime) -> NaiveDateTime {
    shift(utc, paris_offset_at_utc(utc).local_minus_utc())
}

/// Zones that share Paris's rule in every year Quorum deals with.
const PARIS_LIKE: [&str; 24] = [
    "europe/paris",
    "europe/monaco",
    "europe/andorra",
    "europe/brussels",
    "europe/luxembourg",
    "europe/amsterdam",
    "europe/berlin",
    "europe/zurich",
    "europe/vienna",
    "europe/rome",
    "europe/madrid",
    "europe/copenhagen",
    "europe/oslo",
    "europe/stockholm",
    "europe/prague",
    "europe/warsaw",
    "europe/budapest",
    "europe/ljubljana",
    "europe/zagreb",
    "europe/belgrade",
    "europe/bratislava",
    // Windows names, as Outlook writes them.
    "romance standard time",
    "w. europe standard time",
    "central europe standard time",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ZoneKind {
    Paris,
    Utc,
    Other,
}

fn classify_zone(tzid: &str) -> ZoneKind {
    let name = tzid.trim().trim_matches('"').to_lowercase();
    if name.contains("paris")
        || name.contains("romance")
        || name == "central european standard time"
        || name == "cet"
        || PARIS_LIKE
            .iter()
            .any(|z| name == *z || name.ends_with(&format!("/{z}")))
    {
        ZoneKind::Paris
    } else if matches!(
        name.as_str(),
        "utc" | "z" | "gmt" | "etc/utc" | "etc/gmt" | "etc/universal" | "universal" | "zulu"
    ) {
        ZoneKind::Utc
    } else {
        ZoneKind::Other
    }
}

// ---------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------

/// An iCalendar text under construction: folded, CRLF-terminated content lines.
struct Ics {
    out: String,
}

impl Ics {
    /// Folds at 75 octets (a continuation line starts with a space, which counts),
    /// never inside a UTF-8 character.
    fn line(&mut self, content: &str) {
        let mut width = 0;
        for c in content.chars() {
            let n = c.len_utf8();
            if width + n > 75 {
                self.out.push_str("\r\n ");
                width = 1;
            }
            self.out.push(c);
            width += n;
        }
        self.out.push_str("\r\n");
    }

    fn prop(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{value}"));
    }

    fn text(&mut self, name: &str, value: &str) {
        self.prop(name, &escape_text(value));
    }
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped;
/// other control characters are not allowed and dropped.
fn escape_text(s: &str) -> String {
    let s = s.replace("\r\n", "\n");
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value: not escaped, but without line breaks or control characters.
fn clean_uri(s: &str) -> String {
    s.trim().chars().filter(|c| !c.is_control()).collect()
}

fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn fmt_local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

fn fmt_utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn weekday_code(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// When an entry takes place within its day.
#[derive(Debug, Clone, Copy)]
enum Span {
    Day,
    Times(NaiveTime, Option<NaiveTime>),
}

/// One `VEVENT` to write, whatever it comes from.
struct Entry<'a> {
    uid: String,
    created: DateTime<Utc>,
    modified: DateTime<Utc>,
    summary: String,
    date: NaiveDate,
    span: Span,
    half_day: Option<&'static str>,
    recurrence: Option<&'a Recurrence>,
    location: String,
    address: &'a str,
    url: &'a str,
    description: String,
    categories: Vec<&'a str>,
}

fn join_location(place: &str, address: &str) -> String {
    [place.trim(), address.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn with_demarche(description: &str, demarche: Option<&Demarche>) -> String {
    match demarche {
        Some(d) if description.trim().is_empty() => format!("{DEMARCHE_PREFIX}{}", d.title),
        Some(d) => format!("{}\n\n{DEMARCHE_PREFIX}{}", description.trim_end(), d.title),
        None => description.to_string(),
    }
}

fn event_entry<'a>(e: &'a Event, demarche: Option<&'a Demarche>) -> Entry<'a> {
    let (span, half_day) = match e.timing {
        Timing::AllDay => (Span::Day, None),
        Timing::Morning | Timing::Afternoon => match e.timing.half_day_hours() {
            Some((start, end)) => (
                Span::Times(start, Some(end)),
                Some(if e.timing == Timing::Morning {
                    "MATIN"
                } else {
                    "APRES-MIDI"
                }),
            ),
            None => (Span::Day, None),
        },
        Timing::Timed => match e.start_time {
            Some(start) => (Span::Times(start, e.end_time), None),
            None => (Span::Day, None),
        },
    };
    let mut location = join_location(&e.place, &e.address);
    if location.is_empty() {
        location = e.online_link.trim().to_string();
    }
    let mut categories = vec![e.kind.label()];
    if let Some(d) = demarche {
        categories.push(d.title.as_str());
    }
    Entry {
        uid: e.uid(),
        created: e.created_at,
        modified: e.updated_at,
        summary: e.title.clone(),
        date: e.date,
        span,
        half_day,
        recurrence: e.recurrence.as_ref(),
        location,
        address: e.address.trim(),
        url: e.online_link.trim(),
        description: with_demarche(&e.description, demarche),
        categories,
    }
}

fn meeting_entry(m: &Meeting) -> Entry<'_> {
    Entry {
        uid: format!("{}@{UID_DOMAIN}", m.id),
        created: m.created_at,
        modified: m.updated_at,
        summary: m.title.clone(),
        date: m.date,
        span: match m.start_time {
            Some(start) => Span::Times(start, m.end_time),
            None => Span::Day,
        },
        half_day: None,
        recurrence: None,
        location: m.place.trim().to_string(),
        address: "",
        url: m.remote_link.trim(),
        description: m.kind.label().to_string(),
        categories: vec![MEETING_CATEGORY],
    }
}

fn avis_entry<'a>(a: &'a AvisRequest, demarche: Option<&'a Demarche>) -> Entry<'a> {
    let mut lines = Vec::new();
    if a.requested_by.trim().is_empty() {
        lines.push(format!(
            "Demande reçue le {}.",
            format::date(a.requested_on)
        ));
    } else {
        lines.push(format!(
            "Demandé par {} le {}.",
            a.requested_by.trim(),
            format::date(a.requested_on)
        ));
    }
    match a.given_on {
        Some(g) => lines.push(format!("Avis rendu le {}.", format::date(g))),
        None => lines.push("Sans avis rendu à cette date, l'avis est réputé favorable.".into()),
    }
    if !a.notes.trim().is_empty() {
        lines.push(a.notes.trim().to_string());
    }
    let mut categories = vec![EventKind::DateLimite.label()];
    if let Some(d) = demarche {
        categories.push(d.title.as_str());
    }
    Entry {
        uid: format!("{}@{UID_DOMAIN}", a.id),
        created: a.created_at,
        modified: a.updated_at,
        summary: format!("Avis à rendre : {}", a.title),
        date: a.due_on,
        span: Span::Day,
        half_day: None,
        recurrence: None,
        location: String::new(),
        address: "",
        url: "",
        description: with_demarche(&lines.join("\n"), demarche),
        categories,
    }
}

/// The first date the recurrence produces: the event's date, except for a « n-th
/// weekday » rule whose date is not that weekday of its month (then the calendar
/// starts at the one it computes).
fn first_occurrence(date: NaiveDate, r: Option<&Recurrence>) -> NaiveDate {
    match r.map(|r| r.frequency) {
        Some(Frequency::MonthlyByWeekday { week }) => {
            calendar::nth_weekday(date.year(), date.month(), date.weekday(), week).unwrap_or(date)
        }
        _ => date,
    }
}

fn end_of_day_utc(d: NaiveDate) -> String {
    let local = d.and_hms_opt(23, 59, 59).unwrap_or_default();
    format!("{}Z", fmt_local(paris_to_utc(local)))
}

fn rrule(r: &Recurrence, first: NaiveDate, span: Span) -> String {
    let mut parts = Vec::new();
    let (freq, by) = match r.frequency {
        Frequency::Weekly => ("WEEKLY", format!("BYDAY={}", weekday_code(first.weekday()))),
        Frequency::MonthlyByDay => ("MONTHLY", format!("BYMONTHDAY={}", first.day())),
        Frequency::MonthlyByWeekday { week } => (
            "MONTHLY",
            format!("BYDAY={week}{}", weekday_code(first.weekday())),
        ),
    };
    parts.push(format!("FREQ={freq}"));
    if r.interval > 1 {
        parts.push(format!("INTERVAL={}", r.interval));
    }
    parts.push(by);
    let until = |u: NaiveDate| match span {
        Span::Day => format!("UNTIL={}", fmt_date(u)),
        Span::Times(..) => format!("UNTIL={}", end_of_day_utc(u)),
    };
    match (r.until, r.count) {
        (Some(u), Some(c)) => {
            // Both limits: keep the one that ends the series first.
            let counted = Recurrence {
                until: None,
                exceptions: Vec::new(),
                ..r.clone()
            };
            if counted.dates(first, first, u).len() >= c as usize {
                parts.push(format!("COUNT={c}"));
            } else {
                parts.push(until(u));
            }
        }
        (Some(u), None) => parts.push(until(u)),
        (None, Some(c)) => parts.push(format!("COUNT={c}")),
        (None, None) => {}
    }
    parts.join(";")
}

fn write_vevent(ics: &mut Ics, e: &Entry<'_>) {
    ics.line("BEGIN:VEVENT");
    ics.text("UID", &e.uid);
    ics.prop("DTSTAMP", &fmt_utc(e.modified));
    ics.prop("CREATED", &fmt_utc(e.created));
    ics.prop("LAST-MODIFIED", &fmt_utc(e.modified));
    ics.text("SUMMARY", &e.summary);
    let first = first_occurrence(e.date, e.recurrence);
    match e.span {
        Span::Day => {
            ics.prop("DTSTART;VALUE=DATE", &fmt_date(first));
            let next = first.succ_opt().unwrap_or(first);
            ics.prop("DTEND;VALUE=DATE", &fmt_date(next));
        }
        Span::Times(start, end) => {
            ics.prop(
                &format!("DTSTART;TZID={TZID}"),
                &fmt_local(first.and_time(start)),
            );
            match end {
                Some(end) => ics.prop(
                    &format!("DTEND;TZID={TZID}"),
                    &fmt_local(first.and_time(end)),
                ),
                None => {
                    ics.prop("DURATION", "PT1H");
                    ics.prop(NO_END_TIME, "TRUE");
                }
            }
        }
    }
    if let Some(r) = e.recurrence {
        ics.prop("RRULE", &rrule(r, first, e.span));
        if !r.exceptions.is_empty() {
            let mut dates = r.exceptions.clone();
            dates.sort();
            dates.dedup();
            match e.span {
                Span::Day => {
                    let list: Vec<String> = dates.into_iter().map(fmt_date).collect();
                    ics.prop("EXDATE;VALUE=DATE", &list.join(","));
                }
                Span::Times(start, _) => {
                    let list: Vec<String> = dates
                        .into_iter()
                        .map(|d| fmt_local(d.and_time(start)))
                        .collect();
                    ics.prop(&format!("EXDATE;TZID={TZID}"), &list.join(","));
                }
            }
        }
    }
    if !e.location.trim().is_empty() {
        ics.text("LOCATION", e.location.trim());
    }
    if !e.url.is_empty() {
        ics.prop("URL", &clean_uri(e.url));
    }
    if !e.description.trim().is_empty() {
        ics.text("DESCRIPTION", e.description.trim());
    }
    let categories: Vec<String> = e
        .categories
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| escape_text(c.trim()))
        .collect();
    if !categories.is_empty() {
        ics.prop("CATEGORIES", &categories.join(","));
    }
    if let Some(h) = e.half_day {
        ics.prop(HALF_DAY, h);
    }
    if !e.address.is_empty() && !e.location.trim().is_empty() {
        ics.text(ADDRESS, e.address);
    }
    ics.line("END:VEVENT");
}

fn write_paris_timezone(ics: &mut Ics) {
    for line in [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Paris",
        "X-LIC-LOCATION:Europe/Paris",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        ics.line(line);
    }
}

fn export(
    tx: &rusqlite::Connection,
    council_id: Uuid,
    demarche_id: Option<Uuid>,
) -> Result<String> {
    let council = council::get(tx, council_id)?;
    let demarches = calendar::list_demarches(tx, council_id)?;
    let chosen = match demarche_id {
        Some(id) => Some(
            demarches
                .iter()
                .find(|d| d.id == id)
                .ok_or(Error::not_found("Cette démarche"))?,
        ),
        None => None,
    };
    let demarche_of = |id: Option<Uuid>| id.and_then(|id| demarches.iter().find(|d| d.id == id));
    let wanted = |id: Option<Uuid>| demarche_id.is_none() || id == demarche_id;

    let mut ics = Ics { out: String::new() };
    ics.line("BEGIN:VCALENDAR");
    ics.prop("VERSION", "2.0");
    ics.prop("PRODID", PRODID);
    ics.prop("CALSCALE", "GREGORIAN");
    ics.prop("METHOD", "PUBLISH");
    ics.text(
        "X-WR-CALNAME",
        chosen.map_or(council.name.as_str(), |d| d.title.as_str()),
    );
    ics.prop("X-WR-TIMEZONE", TZID);
    write_paris_timezone(&mut ics);
    for e in calendar::list_events(tx, council_id)? {
        if wanted(e.demarche_id) {
            write_vevent(&mut ics, &event_entry(&e, demarche_of(e.demarche_id)));
        }
    }
    if demarche_id.is_none() {
        let mut meetings = meeting::list(tx, council_id)?;
        meetings.sort_by(|a, b| {
            (a.date, a.start_time, &a.title).cmp(&(b.date, b.start_time, &b.title))
        });
        for m in meetings
            .iter()
            .filter(|m| m.status != MeetingStatus::Annulee)
        {
            write_vevent(&mut ics, &meeting_entry(m));
        }
    }
    for a in calendar::list_avis(tx, council_id)? {
        if wanted(a.demarche_id) {
            write_vevent(&mut ics, &avis_entry(&a, demarche_of(a.demarche_id)));
        }
    }
    ics.line("END:VCALENDAR");
    Ok(ics.out)
}

// ---------------------------------------------------------------------------------
// Reading: content lines and components
// ---------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Prop {
    /// Upper case.
    name: String,
    /// Names in upper case; a parameter's several values joined with commas.
    params: Vec<(String, String)>,
    value: String,
}

impl Prop {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Default)]
struct Component {
    /// Upper case.
    name: String,
    props: Vec<Prop>,
    children: Vec<Component>,
}

impl Component {
    fn prop(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.name == name)
    }

    fn props<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Prop> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }

    /// A TEXT property, unescaped and trimmed; `None` when missing or blank.
    fn text(&self, name: &str) -> Option<String> {
        let v = unescape_text(self.prop(name)?.value.trim());
        let v = v.trim();
        (!v.is_empty()).then(|| v.to_string())
    }
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Unfolded logical lines. Besides RFC 5545 folding (CRLF then a space or a tab),
/// a line that cannot start a property (no `NAME:` or `NAME;` at its head) is taken
/// as the continuation of the previous one, which some programs forget to indent.
fn content_lines(text: &str) -> Vec<String> {
    let text = text.trim_start_matches('\u{feff}');
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            if let Some(last) = lines.last_mut() {
                last.push_str(rest);
                continue;
            }
        }
        if raw.trim().is_empty() {
            continue;
        }
        let starts_property = raw
            .find([':', ';'])
            .is_some_and(|i| is_name(raw[..i].trim()));
        if !starts_property {
            if let Some(last) = lines.last_mut() {
                last.push_str(raw);
                continue;
            }
        }
        lines.push(raw.to_string());
    }
    lines
}

/// `NAME;PARAM=value;PARAM="quoted:value",other:VALUE`.
fn parse_line(line: &str) -> Option<Prop> {
    let end = line.find([';', ':'])?;
    let name = line[..end].trim().to_ascii_uppercase();
    if !is_name(&name) {
        return None;
    }
    let mut rest = &line[end..];
    let mut params = Vec::new();
    while let Some(after) = rest.strip_prefix(';') {
        let end = after.find(['=', ';', ':'])?;
        let pname = after[..end].trim().to_ascii_uppercase();
        rest = &after[end..];
        let mut values = Vec::new();
        if let Some(mut after_eq) = rest.strip_prefix('=') {
            loop {
                if let Some(quoted) = after_eq.strip_prefix('"') {
                    let close = quoted.find('"')?;
                    values.push(quoted[..close].to_string());
                    after_eq = &quoted[close + 1..];
                } else {
                    let end = after_eq.find([',', ';', ':']).unwrap_or(after_eq.len());
                    values.push(after_eq[..end].trim().to_string());
                    after_eq = &after_eq[end..];
                }
                match after_eq.strip_prefix(',') {
                    Some(next) => after_eq = next,
                    None => break,
                }
            }
            rest = after_eq;
        }
        params.push((pname, values.join(",")));
    }
    let value = rest.strip_prefix(':')?;
    Some(Prop {
        name,
        params,
        value: value.to_string(),
    })
}

/// The components of the text, nested as `BEGIN`/`END` say. An `END` without its
/// `BEGIN` is ignored; components left open at the end of the text are closed.
/// Components nested deeper than this (a real file has VCALENDAR › VEVENT › VALARM)
/// are skipped whole: a hostile file of thousands of BEGIN lines would otherwise
/// build a tree whose drop overflows the stack, and make every END scan it.
const MAX_COMPONENT_DEPTH: usize = 16;

fn parse_components(text: &str) -> Vec<Component> {
    let mut roots = Vec::new();
    let mut stack: Vec<Component> = Vec::new();
    // BEGIN lines seen past the depth limit and not yet closed.
    let mut skipped: usize = 0;
    fn close(stack: &mut Vec<Component>, roots: &mut Vec<Component>) {
        if let Some(done) = stack.pop() {
            match stack.last_mut() {
                Some(parent) => parent.children.push(done),
                None => roots.push(done),
            }
        }
    }
    for line in content_lines(text) {
        let Some(prop) = parse_line(&line) else {
            continue;
        };
        match prop.name.as_str() {
            "BEGIN" if skipped > 0 || stack.len() >= MAX_COMPONENT_DEPTH => skipped += 1,
            "END" if skipped > 0 => skipped -= 1,
            _ if skipped > 0 => {}
            "BEGIN" => stack.push(Component {
                name: prop.value.trim().to_ascii_uppercase(),
                ..Component::default()
            }),
            "END" => {
                let name = prop.value.trim().to_ascii_uppercase();
                if stack.iter().any(|c| c.name == name) {
                    while let Some(top) = stack.last() {
                        let matched = top.name == name;
                        close(&mut stack, &mut roots);
                        if matched {
                            break;
                        }
                    }
                }
            }
            _ => {
                if let Some(top) = stack.last_mut() {
                    top.props.push(prop);
                }
            }
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

fn unescape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(c @ ('\\' | ';' | ',' | ':' | '"')) => out.push(c),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Splits a list value on the commas that are not escaped, then unescapes each item.
fn split_list(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                current.push(c);
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            ',' => items.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    items.push(current);
    items
        .into_iter()
        .map(|i| unescape_text(i.trim()).trim().to_string())
        .filter(|i| !i.is_empty())
        .collect()
}

// ---------------------------------------------------------------------------------
// Reading: dates, times, zones
// ---------------------------------------------------------------------------------

/// A date-time value as written.
#[derive(Debug, Clone, Copy)]
enum Raw {
    Date(NaiveDate),
    DateTime { at: NaiveDateTime, utc: bool },
}

fn parse_raw(value: &str, value_date: bool) -> Option<Raw> {
    let v: String = value
        .trim()
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .collect();
    let (v, utc) = match v.strip_suffix(['Z', 'z']) {
        Some(v) => (v.to_string(), true),
        None => (v, false),
    };
    if v.len() == 8 && v.chars().all(|c| c.is_ascii_digit()) {
        return NaiveDate::parse_from_str(&v, "%Y%m%d").ok().map(Raw::Date);
    }
    let at = NaiveDateTime::parse_from_str(&v, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDateTime::parse_from_str(&v, "%Y%m%dT%H%M"))
        .ok()?;
    if value_date {
        return Some(Raw::Date(at.date()));
    }
    Some(Raw::DateTime { at, utc })
}

/// A date, or a Paris wall-clock date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dt {
    Date(NaiveDate),
    Local(NaiveDateTime),
}

impl Dt {
    fn date(self) -> NaiveDate {
        match self {
            Dt::Date(d) => d,
            Dt::Local(t) => t.date(),
        }
    }
}

/// One onset rule of a `VTIMEZONE` (its `STANDARD` or `DAYLIGHT` part).
#[derive(Debug, Clone)]
struct Observance {
    start: NaiveDateTime,
    from: FixedOffset,
    to: FixedOffset,
    /// `FREQ=YEARLY;BYMONTH=m;BYDAY=nDD`: month, week (1 to 5 or -1), weekday.
    yearly: Option<(u32, i8, Weekday, Option<NaiveDate>)>,
}

fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    let (sign, digits) = match s.chars().next()? {
        '+' => (1, &s[1..]),
        '-' => (-1, &s[1..]),
        _ => (1, s),
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[0..2].parse().ok()?;
    let m: i32 = digits[2..4].parse().ok()?;
    let sec: i32 = if digits.len() == 6 {
        digits[4..6].parse().ok()?
    } else {
        0
    };
    FixedOffset::east_opt(sign * (h * 3600 + m * 60 + sec))
}

fn parse_weekday(code: &str) -> Option<Weekday> {
    Some(match code.to_ascii_uppercase().as_str() {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

/// `-1SU` → (-1, Sunday); `TU` → (0, Tuesday).
fn parse_byday(s: &str) -> Option<(i8, Weekday)> {
    let s = s.trim();
    let split = s.len().checked_sub(2)?;
    if !s.is_char_boundary(split) {
        return None;
    }
    let (n, day) = s.split_at(split);
    let n = n.trim_start_matches('+');
    let n: i8 = if n.is_empty() { 0 } else { n.parse().ok()? };
    Some((n, parse_weekday(day)?))
}

fn rule_parts(value: &str) -> BTreeMap<String, String> {
    value
        .split(';')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_ascii_uppercase(), v.trim().to_string()))
        .collect()
}

fn parse_observance(c: &Component) -> Option<Observance> {
    let start = match parse_raw(&c.prop("DTSTART")?.value, false)? {
        Raw::Date(d) => d.and_hms_opt(0, 0, 0)?,
        Raw::DateTime { at, .. } => at,
    };
    let to = parse_offset(&c.prop("TZOFFSETTO")?.value)?;
    let from = c
        .prop("TZOFFSETFROM")
        .and_then(|p| parse_offset(&p.value))
        .unwrap_or(to);
    let yearly = c.prop("RRULE").and_then(|p| {
        let parts = rule_parts(&p.value);
        if parts.get("FREQ").map(String::as_str) != Some("YEARLY") {
            return None;
        }
        let month: u32 = parts.get("BYMONTH")?.parse().ok()?;
        let (week, day) = parse_byday(parts.get("BYDAY")?)?;
        let until = parts
            .get("UNTIL")
            .and_then(|u| parse_raw(u, false))
            .map(|r| match r {
                Raw::Date(d) => d,
                Raw::DateTime { at, .. } => at.date(),
            });
        Some((month, if week == 0 { 1 } else { week }, day, until))
    });
    Some(Observance {
        start,
        from,
        to,
        yearly,
    })
}

/// The offset a `VTIMEZONE` gives to a wall-clock time: that of the latest onset
/// before it (onsets compared in wall-clock time, close enough for calendars).
fn offset_at(observances: &[Observance], local: NaiveDateTime) -> Option<FixedOffset> {
    let mut best: Option<(NaiveDateTime, FixedOffset)> = None;
    for o in observances {
        let mut onsets = vec![o.start];
        if let Some((month, week, day, until)) = o.yearly {
            for year in [local.year() - 1, local.year()] {
                if let Some(d) = calendar::nth_weekday(year, month, day, week) {
                    if until.is_none_or(|u| d <= u) {
                        onsets.push(d.and_time(o.start.time()));
                    }
                }
            }
        }
        for onset in onsets {
            if onset >= o.start && onset <= local && best.is_none_or(|(b, _)| onset > b) {
                best = Some((onset, o.to));
            }
        }
    }
    best.map(|(_, off)| off)
        .or_else(|| observances.iter().min_by_key(|o| o.start).map(|o| o.from))
}

// ---------------------------------------------------------------------------------
// Reading: events
// ---------------------------------------------------------------------------------

/// An event read from the file, before it meets the database.
#[derive(Debug)]
struct Incoming {
    uid: String,
    /// The occurrence of a series this one replaces (`RECURRENCE-ID`).
    replaces: Option<NaiveDate>,
    cancelled: bool,
    /// `LAST-MODIFIED`, else `DTSTAMP`.
    stamp: Option<DateTime<Utc>>,
    created: Option<DateTime<Utc>>,
    categories: Vec<String>,
    kind: EventKind,
    title: String,
    date: NaiveDate,
    timing: Timing,
    start_time: Option<NaiveTime>,
    end_time: Option<NaiveTime>,
    place: String,
    address: String,
    online_link: String,
    description: String,
    recurrence: Option<Recurrence>,
}

/// What the reader knows of the file: its time zones, and what it could not use.
#[derive(Default)]
struct Reader {
    zones: HashMap<String, Vec<Observance>>,
    unknown_zones: BTreeSet<String>,
    notes: Vec<String>,
}

fn ms(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t)
}

fn minutes(t: NaiveTime) -> NaiveTime {
    NaiveTime::from_hms_opt(t.hour(), t.minute(), 0).unwrap_or(t)
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max.saturating_sub(1)).collect::<String>() + "…"
    }
}

fn is_link(s: &str) -> bool {
    let l = s.trim_start().to_ascii_lowercase();
    l.starts_with("https://") || l.starts_with("http://")
}

/// ISO 8601 duration as RFC 5545 writes it: `PT1H30M`, `P1D`, `-P2W`.
fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let s = s.strip_prefix(['P', 'p'])?;
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut in_time = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let c = c.to_ascii_uppercase();
        if c == 'T' {
            in_time = true;
            continue;
        }
        let n: i64 = number.parse().ok()?;
        number.clear();
        let part = match c {
            'W' => Duration::try_weeks(n),
            'D' => Duration::try_days(n),
            'H' if in_time => Duration::try_hours(n),
            'M' if in_time => Duration::try_minutes(n),
            'S' if in_time => Duration::try_seconds(n),
            _ => None,
        }?;
        total = total.checked_add(&part)?;
    }
    if !number.is_empty() {
        return None;
    }
    Some(if negative { -total } else { total })
}

/// Lowercase, without accents, single spaces: « Comité  de-pilotage » → « comite de pilotage ».
fn normalize(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().to_lowercase().chars() {
        let mapped = match c {
            'à' | 'â' | 'ä' | 'á' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' => "i",
            'ô' | 'ö' | 'ó' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ç' => "c",
            'œ' => "oe",
            'æ' => "ae",
            '-' | '_' | '\u{a0}' | '\u{202f}' | '\t' => " ",
            _ => {
                if !(c == ' ' && out.ends_with(' ')) {
                    out.push(c);
                }
                continue;
            }
        };
        if !(mapped == " " && out.ends_with(' ')) {
            out.push_str(mapped);
        }
    }
    out
}

/// Words that give an event's kind when no category is one of our labels.
const KIND_WORDS: [(&str, EventKind); 10] = [
    ("reunion publique", EventKind::ReunionPublique),
    ("atelier", EventKind::Atelier),
    ("balade", EventKind::BaladeUrbaine),
    ("permanence", EventKind::Permanence),
    ("comite de pilotage", EventKind::ComitePilotage),
    ("copil", EventKind::ComitePilotage),
    ("pleniere", EventKind::Pleniere),
    ("date limite", EventKind::DateLimite),
    // Our meetings, imported into another Quorum.
    ("reunion du conseil", EventKind::Pleniere),
    ("seance pleniere", EventKind::Pleniere),
];

fn kind_from_categories(categories: &[String]) -> EventKind {
    let normalized: Vec<String> = categories.iter().map(|c| normalize(c)).collect();
    for c in &normalized {
        if let Some(k) = EventKind::ALL
            .into_iter()
            .find(|k| normalize(k.label()) == *c)
        {
            return k;
        }
    }
    for c in &normalized {
        if let Some((_, k)) = KIND_WORDS.iter().find(|(w, _)| c.contains(w)) {
            return *k;
        }
    }
    EventKind::Autre
}

fn looks_like_html(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    [
        "<p>", "<p ", "<br", "<div", "<span", "<a ", "<strong", "<em>", "<b>", "<i>", "<ul", "<li",
        "</", "&nbsp;", "&amp;", "&#",
    ]
    .iter()
    .any(|t| l.contains(t))
}

fn html_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "eacute" => 'é',
        "Eacute" => 'É',
        "egrave" => 'è',
        "Egrave" => 'È',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "agrave" => 'à',
        "Agrave" => 'À',
        "acirc" => 'â',
        "ccedil" => 'ç',
        "Ccedil" => 'Ç',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ocirc" => 'ô',
        "ucirc" => 'û',
        "ugrave" => 'ù',
        "oelig" => 'œ',
        "laquo" => '«',
        "raquo" => '»',
        "rsquo" => '’',
        "lsquo" => '‘',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "euro" => '€',
        _ => return None,
    })
}

/// Plain text from the simple HTML that web agendas put in descriptions: paragraphs
/// and line breaks become new lines, list items « - », other tags go, entities are decoded.
fn html_to_text(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some(end) = rest.find('>') {
                let tag = rest[1..end].trim().to_ascii_lowercase();
                let closing = tag.starts_with('/');
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                match (name.as_str(), closing) {
                    ("br", _) => out.push('\n'),
                    ("li", false) => out.push_str("\n- "),
                    (
                        "p" | "div" | "ul" | "ol" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6",
                        _,
                    ) => out.push('\n'),
                    _ => {}
                }
                rest = &rest[end + 1..];
                continue;
            }
        }
        if c == '&' {
            if let Some(end) = rest[1..].find(';').filter(|e| *e <= 10) {
                if let Some(decoded) = html_entity(&rest[1..=end]) {
                    out.push(decoded);
                    rest = &rest[end + 2..];
                    continue;
                }
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    // Trim each line, and keep at most one blank line in a row.
    let mut text = String::new();
    let mut blank = 0;
    for line in out.lines().map(str::trim) {
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        text.push_str(line);
    }
    text
}

/// The part of an RRULE that Quorum cannot follow, or the recurrence it stands for.
fn parse_rrule(
    reader: &mut Reader,
    value: &str,
    start: Dt,
) -> std::result::Result<Recurrence, String> {
    let parts = rule_parts(value);
    let first = start.date();
    let freq = parts.get("FREQ").map(|f| f.to_ascii_uppercase());
    for (k, v) in &parts {
        if !matches!(
            k.as_str(),
            "FREQ" | "INTERVAL" | "UNTIL" | "COUNT" | "BYDAY" | "BYMONTHDAY" | "WKST"
        ) {
            return Err(format!("{k}={v}"));
        }
    }
    let byday = parts.get("BYDAY").map(|v| v.to_ascii_uppercase());
    let bymonthday = parts.get("BYMONTHDAY");
    let frequency = match freq.as_deref() {
        Some("WEEKLY") => {
            if let Some(v) = bymonthday {
                return Err(format!("FREQ=WEEKLY;BYMONTHDAY={v}"));
            }
            match &byday {
                None => Frequency::Weekly,
                Some(d) if parse_byday(d) == Some((0, first.weekday())) => Frequency::Weekly,
                Some(d) => return Err(format!("BYDAY={d}")),
            }
        }
        Some("MONTHLY") => match (&byday, bymonthday) {
            (Some(d), Some(m)) => return Err(format!("BYDAY={d};BYMONTHDAY={m}")),
            (None, None) => Frequency::MonthlyByDay,
            (None, Some(m)) => match m.parse::<u32>() {
                Ok(day) if day == first.day() => Frequency::MonthlyByDay,
                _ => return Err(format!("BYMONTHDAY={m}")),
            },
            (Some(d), None) => match parse_byday(d) {
                Some((week, day))
                    if matches!(week, 1..=4 | -1)
                        && day == first.weekday()
                        && calendar::nth_weekday(first.year(), first.month(), day, week)
                            == Some(first) =>
                {
                    Frequency::MonthlyByWeekday { week }
                }
                _ => return Err(format!("BYDAY={d}")),
            },
        },
        Some(other) => return Err(format!("FREQ={other}")),
        None => return Err(value.trim().to_string()),
    };
    let interval = match parts.get("INTERVAL") {
        None => 1,
        Some(i) => match i.parse::<u32>() {
            Ok(n @ 1..=52) => n,
            _ => return Err(format!("INTERVAL={i}")),
        },
    };
    let count = match parts.get("COUNT") {
        None => None,
        Some(c) => match c.parse::<u32>() {
            Ok(n) if n >= 1 => Some(n),
            _ => return Err(format!("COUNT={c}")),
        },
    };
    let until = match parts.get("UNTIL") {
        None => None,
        Some(u) => {
            let Some(dt) = parse_raw(u, false).map(|raw| reader.localize(raw, None)) else {
                return Err(format!("UNTIL={u}"));
            };
            let mut last = dt.date();
            // An UNTIL earlier in the day than the start time excludes that day.
            if let (Dt::Local(u), Dt::Local(s)) = (dt, start) {
                if u.time() < s.time() {
                    last = last.pred_opt().unwrap_or(last);
                }
            }
            if last < first {
                return Err(format!("UNTIL={u}"));
            }
            Some(last)
        }
    };
    Ok(Recurrence {
        frequency,
        interval,
        until,
        count,
        exceptions: Vec::new(),
    })
}

/// The properties read (or deliberately left aside) by the import; others are counted.
const KNOWN_PROPERTIES: [&str; 22] = [
    "UID",
    "DTSTAMP",
    "CREATED",
    "LAST-MODIFIED",
    "SUMMARY",
    "DTSTART",
    "DTEND",
    "DURATION",
    "RRULE",
    "EXDATE",
    "RDATE",
    "EXRULE",
    "RECURRENCE-ID",
    "LOCATION",
    "URL",
    "DESCRIPTION",
    "CATEGORIES",
    "STATUS",
    // Bookkeeping of other calendars, meaningless here.
    "SEQUENCE",
    "TRANSP",
    "CLASS",
    "PRIORITY",
];

impl Reader {
    fn read_zones(&mut self, calendar: &Component) {
        for tz in calendar.children.iter().filter(|c| c.name == "VTIMEZONE") {
            let Some(id) = tz
                .prop("TZID")
                .map(|p| p.value.trim().trim_matches('"').to_string())
            else {
                continue;
            };
            let observances: Vec<Observance> = tz
                .children
                .iter()
                .filter(|c| c.name == "STANDARD" || c.name == "DAYLIGHT")
                .filter_map(parse_observance)
                .collect();
            if !observances.is_empty() {
                self.zones.insert(id, observances);
            }
        }
    }

    /// A written value as a date or a Paris wall-clock time.
    fn localize(&mut self, raw: Raw, tzid: Option<&str>) -> Dt {
        match raw {
            Raw::Date(d) => Dt::Date(d),
            Raw::DateTime { at, utc: true } => Dt::Local(utc_to_paris(at)),
            Raw::DateTime { at, utc: false } => {
                let Some(tzid) = tzid
                    .map(|t| t.trim().trim_matches('"'))
                    .filter(|t| !t.is_empty())
                else {
                    return Dt::Local(at);
                };
                match classify_zone(tzid) {
                    ZoneKind::Paris => Dt::Local(at),
                    ZoneKind::Utc => Dt::Local(utc_to_paris(at)),
                    ZoneKind::Other => match self.zones.get(tzid).and_then(|z| offset_at(z, at)) {
                        Some(off) => Dt::Local(utc_to_paris(shift(at, -off.local_minus_utc()))),
                        None => {
                            self.unknown_zones.insert(tzid.to_string());
                            Dt::Local(at)
                        }
                    },
                }
            }
        }
    }

    fn dt(&mut self, p: &Prop) -> Option<Dt> {
        let value_date = p
            .param("VALUE")
            .is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
        let raw = parse_raw(p.value.split(',').next().unwrap_or_default(), value_date)?;
        Some(self.localize(raw, p.param("TZID")))
    }

    fn dates(&mut self, p: &Prop) -> Vec<NaiveDate> {
        let value_date = p
            .param("VALUE")
            .is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
        let values: Vec<&str> = p.value.split(',').collect();
        values
            .into_iter()
            .filter_map(|v| parse_raw(v, value_date))
            .map(|raw| self.localize(raw, p.param("TZID")).date())
            .collect()
    }

    fn stamp(&mut self, p: Option<&Prop>) -> Option<DateTime<Utc>> {
        let p = p?;
        match parse_raw(&p.value, false)? {
            Raw::Date(d) => Some(d.and_hms_opt(0, 0, 0)?.and_utc()),
            Raw::DateTime { at, utc: true } => Some(at.and_utc()),
            raw => match self.localize(raw, p.param("TZID")) {
                Dt::Local(l) => Some(paris_to_utc(l).and_utc()),
                Dt::Date(d) => Some(d.and_hms_opt(0, 0, 0)?.and_utc()),
            },
        }
    }

    fn note(&mut self, title: &str, what: impl std::fmt::Display) {
        self.notes.push(format!("Événement « {title} » : {what}"));
    }

    fn read_event(&mut self, c: &Component) -> Option<Incoming> {
        let title = clip(
            &c.text("SUMMARY").unwrap_or_else(|| NO_TITLE.to_string()),
            300,
        );
        let Some(start) = c.prop("DTSTART").and_then(|p| self.dt(p)) else {
            self.note(
                &title,
                "sa date de début manque ou est illisible ; il n'est pas importé.",
            );
            return None;
        };
        let end = match c.prop("DTEND").and_then(|p| self.dt(p)) {
            Some(end) => Some(end),
            None => c
                .prop("DURATION")
                .and_then(|p| parse_duration(&p.value))
                .and_then(|d| match start {
                    Dt::Date(s) => s.checked_add_signed(d).map(Dt::Date),
                    Dt::Local(s) => s.checked_add_signed(d).map(Dt::Local),
                }),
        };
        let half_day = c.text(HALF_DAY).and_then(|h| match normalize(&h).as_str() {
            "matin" => Some(Timing::Morning),
            "apres midi" => Some(Timing::Afternoon),
            _ => None,
        });
        let no_end = c.prop(NO_END_TIME).is_some();
        let date = start.date();
        let mut timing = Timing::Timed;
        let mut start_time = None;
        let mut end_time = None;
        // The last day the event covers, when it is not `date`.
        let mut last_day = None;
        match start {
            Dt::Date(d) => {
                timing = Timing::AllDay;
                // DTEND of a whole-day event is exclusive.
                let last = match end {
                    Some(Dt::Date(e)) => e.pred_opt(),
                    Some(Dt::Local(e)) if e.time() == NaiveTime::MIN => e.date().pred_opt(),
                    Some(Dt::Local(e)) => Some(e.date()),
                    None => None,
                };
                last_day = last.filter(|l| *l > d);
            }
            Dt::Local(s) => {
                let end = end.map(|e| match e {
                    Dt::Date(d) => d.and_time(NaiveTime::MIN),
                    Dt::Local(t) => t,
                });
                let midnight_to_midnight = s.time() == NaiveTime::MIN
                    && end.is_some_and(|e| e.time() == NaiveTime::MIN && e.date() > s.date());
                if let Some(h) = half_day {
                    timing = h;
                } else if midnight_to_midnight {
                    timing = Timing::AllDay;
                    last_day = end
                        .and_then(|e| e.date().pred_opt())
                        .filter(|l| *l > s.date());
                } else {
                    let begin = minutes(s.time());
                    start_time = Some(begin);
                    if let Some(e) = end.filter(|_| !no_end) {
                        if e.date() == s.date() {
                            end_time = Some(minutes(e.time())).filter(|t| *t > begin);
                        } else if e.date() > s.date() {
                            // Until midnight is the same evening; past it, other days.
                            let at_midnight = e.time() == NaiveTime::MIN;
                            let next_midnight =
                                at_midnight && Some(e.date()) == s.date().succ_opt();
                            if !next_midnight {
                                last_day = if at_midnight {
                                    e.date().pred_opt()
                                } else {
                                    Some(e.date())
                                };
                            }
                        }
                    }
                }
            }
        }
        if let Some(last) = last_day {
            self.note(
                &title,
                format!(
                    "il dure plusieurs jours (du {} au {}) ; seul le premier jour est importé.",
                    format::date(date),
                    format::date(last)
                ),
            );
        }

        let mut recurrence = None;
        let rules: Vec<&Prop> = c.props("RRULE").collect();
        if rules.len() > 1 {
            self.note(&title, "il a plusieurs règles de répétition (RRULE), ce qui n'est pas pris en charge ; seule la première date est importée.");
        } else if c.prop("EXRULE").is_some() {
            self.note(&title, "la règle d'exclusion EXRULE n'est pas prise en charge ; seule la première date est importée.");
        } else if let Some(rule) = rules.first() {
            match parse_rrule(self, &rule.value, start) {
                Ok(mut r) => {
                    let exdates: Vec<&Prop> = c.props("EXDATE").collect();
                    for p in exdates {
                        let dates = self.dates(p);
                        r.exceptions.extend(dates);
                    }
                    r.exceptions.sort();
                    r.exceptions.dedup();
                    recurrence = Some(r);
                }
                Err(part) => self.note(
                    &title,
                    format!("la répétition {part} n'est pas prise en charge ; seule la première date est importée."),
                ),
            }
        }
        let rdates: Vec<&Prop> = c.props("RDATE").collect();
        if !rdates.is_empty() {
            let mut extra = Vec::new();
            for p in rdates {
                extra.extend(self.dates(p));
            }
            extra.sort();
            extra.dedup();
            let list: Vec<String> = extra.into_iter().map(format::date).collect();
            self.note(
                &title,
                format!(
                    "les dates supplémentaires (RDATE : {}) ne sont pas prises en charge ; ajoutez-les à la main.",
                    list.join(", ")
                ),
            );
        }

        let mut place = c.text("LOCATION").unwrap_or_default();
        let mut online_link = c
            .prop("URL")
            .map(|p| clean_uri(&unescape_text(&p.value)))
            .unwrap_or_default();
        if is_link(&place) {
            if online_link.is_empty() {
                online_link = place.trim().to_string();
            }
            place.clear();
        }
        let mut address = String::new();
        if let Some(a) = c.text(ADDRESS) {
            if let Some(p) = place.strip_suffix(&format!(", {a}")) {
                place = p.to_string();
                address = a;
            } else if place == a {
                place.clear();
                address = a;
            }
        }
        if !online_link.is_empty() && !is_link(&online_link) {
            if online_link.to_ascii_lowercase().starts_with("www.") {
                online_link = format!("https://{online_link}");
            } else {
                self.note(&title, format!("le lien « {online_link} » n'est pas une adresse web ; il n'est pas repris."));
                online_link.clear();
            }
        }
        if online_link.chars().count() > 1_000 {
            self.note(&title, "son lien est trop long ; il n'est pas repris.");
            online_link.clear();
        }
        let mut description = c.text("DESCRIPTION").unwrap_or_default();
        if looks_like_html(&description) {
            description = html_to_text(&description);
        }
        let categories: Vec<String> = c
            .props("CATEGORIES")
            .flat_map(|p| split_list(&p.value))
            .collect();
        let uid = match c
            .prop("UID")
            .map(|p| unescape_text(p.value.trim()))
            .filter(|u| !u.trim().is_empty())
        {
            Some(uid) => uid.trim().to_string(),
            None => derived_uid(c),
        };
        let replaces = c
            .prop("RECURRENCE-ID")
            .and_then(|p| self.dt(p))
            .map(Dt::date);
        let cancelled = c
            .prop("STATUS")
            .is_some_and(|p| p.value.trim().eq_ignore_ascii_case("CANCELLED"));
        let stamp = match c.prop("LAST-MODIFIED") {
            Some(p) => self.stamp(Some(p)),
            None => None,
        };
        let stamp = match stamp {
            Some(s) => Some(s),
            None => self.stamp(c.prop("DTSTAMP")),
        };
        let created = self.stamp(c.prop("CREATED"));
        Some(Incoming {
            uid,
            replaces,
            cancelled,
            stamp,
            created,
            kind: kind_from_categories(&categories),
            categories,
            title,
            date,
            timing,
            start_time,
            end_time,
            place: clip(&place, 300),
            address: clip(&address, 500),
            online_link,
            description: clip(description.trim(), 10_000),
            recurrence,
        })
    }
}

/// A UID for an event that has none: a hash of what it says, so that importing the
/// same file again finds it.
fn derived_uid(c: &Component) -> String {
    let mut content = String::new();
    for name in [
        "SUMMARY",
        "DTSTART",
        "DTEND",
        "DURATION",
        "RRULE",
        "LOCATION",
        "DESCRIPTION",
    ] {
        for p in c.props(name) {
            content.push_str(name);
            for (k, v) in &p.params {
                content.push_str(&format!(";{k}={v}"));
            }
            content.push(':');
            content.push_str(p.value.trim());
            content.push('\n');
        }
    }
    let hash = Uuid::new_v5(&Uuid::NAMESPACE_OID, content.as_bytes());
    format!("{hash}@import.{UID_DOMAIN}")
}

/// Ours: `<uuid>@quorum.conseil-citoyen`.
fn our_id(uid: &str) -> Option<Uuid> {
    Uuid::parse_str(uid.strip_suffix(&format!("@{UID_DOMAIN}"))?).ok()
}

// ---------------------------------------------------------------------------------
// Import into the database
// ---------------------------------------------------------------------------------

/// What an iCalendar import did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, TS)]
#[ts(export)]
pub struct IcsImportReport {
    pub added: u32,
    pub updated: u32,
    pub skipped: u32,
    /// What was left aside or changed, in French, one sentence each.
    pub notes: Vec<String>,
}

impl IcsImportReport {
    /// French lines for the terminal.
    pub fn to_text(&self) -> String {
        let mut text = format!(
            "Événements : {}, {} mis à jour, {}.",
            format::count(self.added.into(), "ajouté", "ajoutés"),
            format::integer(self.updated.into()),
            format::count(self.skipped.into(), "ignoré", "ignorés"),
        );
        for n in &self.notes {
            text.push_str("\n  – ");
            text.push_str(n);
        }
        text
    }
}

fn same_content(a: &Event, b: &Event) -> bool {
    (
        a.kind,
        &a.title,
        a.date,
        a.timing,
        a.start_time,
        a.end_time,
        &a.place,
        &a.address,
        &a.online_link,
        &a.description,
        &a.recurrence,
        a.demarche_id,
    ) == (
        b.kind,
        &b.title,
        b.date,
        b.timing,
        b.start_time,
        b.end_time,
        &b.place,
        &b.address,
        &b.online_link,
        &b.description,
        &b.recurrence,
        b.demarche_id,
    )
}

#[derive(Default)]
struct Ours {
    meetings: u32,
    avis: u32,
}

fn apply(
    tx: &Transaction<'_>,
    council_id: Uuid,
    demarches: &[Demarche],
    inc: Incoming,
    report: &mut IcsImportReport,
    ours: &mut Ours,
) -> Result<()> {
    let source_uid = match inc.replaces {
        Some(d) => format!("{}#{}", inc.uid, d.format("%Y-%m-%d")),
        None => inc.uid.clone(),
    };
    let mut existing = calendar::find_event_by_uid(tx, council_id, &source_uid)?;
    if existing.is_none() && inc.replaces.is_none() {
        if let Some(id) = our_id(&inc.uid) {
            if let Some(e) = calendar::find_event(tx, id)?.filter(|e| e.council_id == council_id) {
                existing = Some(e);
            } else if meeting::find(tx, id)?.is_some_and(|m| m.council_id == council_id) {
                ours.meetings += 1;
                report.skipped += 1;
                return Ok(());
            } else if calendar::find_avis(tx, id)?.is_some_and(|a| a.council_id == council_id) {
                ours.avis += 1;
                report.skipped += 1;
                return Ok(());
            }
        }
    }
    let wanted: Vec<String> = inc.categories.iter().map(|c| normalize(c)).collect();
    let demarche = demarches
        .iter()
        .find(|d| wanted.contains(&normalize(&d.title)));
    let mut description = inc.description.clone();
    if let Some(d) = demarche {
        let suffix = format!("{DEMARCHE_PREFIX}{}", d.title);
        if let Some(rest) = description.strip_suffix(&suffix) {
            description = rest.trim_end().to_string();
        }
    }
    let t = now();
    let stamp = inc.stamp.map(ms);
    let demarche_id = demarche
        .map(|d| d.id)
        .or(existing.as_ref().and_then(|e| e.demarche_id));
    let e = Event {
        id: existing.as_ref().map_or_else(Uuid::new_v4, |e| e.id),
        council_id,
        demarche_id,
        phase_id: existing
            .as_ref()
            .filter(|e| e.demarche_id == demarche_id)
            .and_then(|e| e.phase_id),
        kind: inc.kind,
        title: inc.title.clone(),
        date: inc.date,
        timing: inc.timing,
        start_time: inc.start_time,
        end_time: inc.end_time,
        place: inc.place,
        address: inc.address,
        online_link: inc.online_link,
        description,
        recurrence: inc.recurrence,
        source_uid: match &existing {
            Some(e) => e.source_uid.clone(),
            None => Some(source_uid),
        },
        created_at: existing
            .as_ref()
            .map_or_else(|| inc.created.or(stamp).map_or(t, ms), |e| e.created_at),
        updated_at: stamp.unwrap_or(t),
    };
    let mut v = Validator::new();
    e.check(&mut v);
    if let Err(err) = v.finish() {
        let Error::Validation(fields) = err else {
            return Err(err);
        };
        let why: Vec<String> = fields.into_iter().map(|f| f.message).collect();
        report.notes.push(format!(
            "Événement « {} » : non importé ({})",
            inc.title,
            why.join(" ")
        ));
        report.skipped += 1;
        return Ok(());
    }
    match existing {
        Some(before) => {
            let newer = stamp.is_some_and(|s| s > before.updated_at);
            if newer && !same_content(&before, &e) {
                calendar::save_event(tx, &e)?;
                report.updated += 1;
            } else {
                report.skipped += 1;
            }
        }
        None => {
            calendar::save_event(tx, &e)?;
            report.added += 1;
        }
    }
    Ok(())
}

fn component_label(name: &str) -> String {
    match name {
        "VTODO" => "tâche (VTODO)".into(),
        "VJOURNAL" => "note (VJOURNAL)".into(),
        "VALARM" => "alarme (VALARM)".into(),
        "VFREEBUSY" => "disponibilités (VFREEBUSY)".into(),
        other => other.to_string(),
    }
}

fn import(tx: &Transaction<'_>, council_id: Uuid, text: &str) -> Result<IcsImportReport> {
    council::ensure_exists(tx, council_id)?;
    let roots = parse_components(text);
    let calendars: Vec<&Component> = roots.iter().filter(|c| c.name == "VCALENDAR").collect();
    if calendars.is_empty() {
        return Err(Error::InvalidImport(
            "ce n'est pas un calendrier iCalendar (.ics) : la ligne BEGIN:VCALENDAR est introuvable.".into(),
        ));
    }
    let demarches = calendar::list_demarches(tx, council_id)?;
    let mut reader = Reader::default();
    let mut ignored_components: BTreeMap<String, u32> = BTreeMap::new();
    let mut ignored_properties: BTreeMap<String, u32> = BTreeMap::new();
    let mut incoming = Vec::new();
    let mut report = IcsImportReport::default();
    for cal in &calendars {
        reader.read_zones(cal);
    }
    for cal in &calendars {
        for c in &cal.children {
            match c.name.as_str() {
                "VEVENT" => {
                    for child in &c.children {
                        *ignored_components.entry(child.name.clone()).or_default() += 1;
                    }
                    for p in &c.props {
                        let known = KNOWN_PROPERTIES.contains(&p.name.as_str())
                            || p.name.starts_with("X-QUORUM-");
                        if !known {
                            *ignored_properties.entry(p.name.clone()).or_default() += 1;
                        }
                    }
                    match reader.read_event(c) {
                        Some(e) => incoming.push(e),
                        None => report.skipped += 1,
                    }
                }
                "VTIMEZONE" => {}
                other => *ignored_components.entry(other.to_string()).or_default() += 1,
            }
        }
    }
    // Occurrences changed or cancelled in a series are exceptions of that series.
    let replaced: Vec<(String, NaiveDate)> = incoming
        .iter()
        .filter_map(|e| e.replaces.map(|d| (e.uid.clone(), d)))
        .collect();
    let mut masters = Vec::new();
    let mut replacements = Vec::new();
    for mut e in incoming {
        if e.replaces.is_some() {
            replacements.push(e);
            continue;
        }
        if let Some(r) = e.recurrence.as_mut() {
            r.exceptions.extend(
                replaced
                    .iter()
                    .filter(|(u, _)| *u == e.uid)
                    .map(|(_, d)| *d),
            );
            r.exceptions.sort();
            r.exceptions.dedup();
        }
        masters.push(e);
    }
    let mut ours = Ours::default();
    for e in masters.into_iter().chain(replacements) {
        if e.cancelled {
            if e.replaces.is_none() {
                reader.note(
                    &e.title,
                    "il est annulé dans le fichier (STATUS:CANCELLED) ; il n'est pas importé.",
                );
            }
            report.skipped += 1;
            continue;
        }
        if let Some(d) = e.replaces {
            reader.note(
                &e.title,
                format!(
                    "la date du {} a été modifiée dans le fichier ; elle est importée comme un événement à part.",
                    format::date(d)
                ),
            );
        }
        apply(tx, council_id, &demarches, e, &mut report, &mut ours)?;
    }
    let mut notes = std::mem::take(&mut reader.notes);
    notes.append(&mut report.notes);
    if calendars
        .iter()
        .all(|c| !c.children.iter().any(|e| e.name == "VEVENT"))
    {
        notes.push("Ce calendrier ne contient aucun événement.".into());
    }
    if ours.meetings > 0 || ours.avis > 0 {
        let mut what = Vec::new();
        if ours.meetings > 0 {
            what.push(format::count(
                ours.meetings.into(),
                "réunion du conseil",
                "réunions du conseil",
            ));
        }
        if ours.avis > 0 {
            what.push(format::count(
                ours.avis.into(),
                "échéance d'avis",
                "échéances d'avis",
            ));
        }
        notes.push(format!(
            "{} déjà dans Quorum : ignorées (elles se modifient dans Quorum même).",
            what.join(" et ")
        ));
    }
    for zone in &reader.unknown_zones {
        notes.push(format!(
            "Fuseau horaire « {zone} » inconnu : les heures sont reprises telles qu'écrites."
        ));
    }
    if !ignored_components.is_empty() {
        let list: Vec<String> = ignored_components
            .iter()
            .map(|(name, n)| format!("{} × {n}", component_label(name)))
            .collect();
        notes.push(format!(
            "Éléments non importés (seuls les événements le sont) : {}.",
            list.join(", ")
        ));
    }
    if !ignored_properties.is_empty() {
        let list: Vec<String> = ignored_properties
            .iter()
            .map(|(name, n)| format!("{name} × {n}"))
            .collect();
        notes.push(format!("Informations non reprises : {}.", list.join(", ")));
    }
    report.notes = notes;
    Ok(report)
}

impl Store {
    /// The council's calendar as an iCalendar file (events, meetings, avis
    /// deadlines), or only a démarche's events and avis deadlines. See the module
    /// documentation for the rules.
    pub fn export_ics(&mut self, council_id: Uuid, demarche_id: Option<Uuid>) -> Result<String> {
        self.read(|tx| export(tx, council_id, demarche_id))
    }

    /// [`Store::export_ics`] written to `path` through a temporary file.
    pub fn export_ics_to(
        &mut self,
        council_id: Uuid,
        demarche_id: Option<Uuid>,
        path: &std::path::Path,
    ) -> Result<()> {
        let text = self.export_ics(council_id, demarche_id)?;
        write_atomically(path, text.as_bytes())
    }

    /// Imports the events of an iCalendar file into a council's calendar, in one
    /// transaction. See the module documentation for the rules.
    pub fn import_ics(&mut self, council_id: Uuid, text: &str) -> Result<IcsImportReport> {
        self.write(|tx| import(tx, council_id, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn paris_offsets_follow_the_eu_rule() {
        // 2026: summer time from 29 March to 25 October.
        assert_eq!(paris_offset(at("2026-03-29 01:59")), hours(1));
        assert_eq!(paris_offset(at("2026-03-29 03:00")), hours(2));
        assert_eq!(paris_offset(at("2026-10-25 02:30")), hours(2));
        assert_eq!(paris_offset(at("2026-10-25 03:00")), hours(1));
        assert_eq!(utc_to_paris(at("2026-07-09 17:30")), at("2026-07-09 19:30"));
        assert_eq!(utc_to_paris(at("2026-01-15 17:30")), at("2026-01-15 18:30"));
        assert_eq!(utc_to_paris(at("2026-03-29 00:59")), at("2026-03-29 01:59"));
        assert_eq!(utc_to_paris(at("2026-03-29 01:00")), at("2026-03-29 03:00"));
        assert_eq!(utc_to_paris(at("2026-10-25 00:30")), at("2026-10-25 02:30"));
        assert_eq!(utc_to_paris(at("2026-10-25 01:30")), at("2026-10-25 02:30"));
        assert_eq!(paris_to_utc(at("2026-06-30 23:59")), at("2026-06-30 21:59"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut ics = Ics { out: String::new() };
        let value = "é".repeat(100);
        ics.text("SUMMARY", &value);
        for line in ics.out.split_terminator("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert_eq!(content_lines(&ics.out), vec![format!("SUMMARY:{value}")]);
    }

    #[test]
    fn text_escapes_round_trip() {
        let s = "a\\b;c,d\ne « f »";
        assert_eq!(escape_text(s), "a\\\\b\\;c\\,d\\ne « f »");
        assert_eq!(unescape_text(&escape_text(s)), s);
        assert_eq!(
            split_list("Atelier,Projet\\, phase 1"),
            vec!["Atelier", "Projet, phase 1"]
        );
    }

    #[test]
    fn parameters_may_be_quoted() {
        let p =
            parse_line("dtstart;tzid=\"W. Europe Standard Time\";VALUE=DATE-TIME:20260527T103000")
                .unwrap();
        assert_eq!(p.name, "DTSTART");
        assert_eq!(p.param("TZID"), Some("W. Europe Standard Time"));
        assert_eq!(p.value, "20260527T103000");
        let p = parse_line("ATTENDEE;CN=\"Dupont; Marie\":mailto:m@exemple.fr").unwrap();
        assert_eq!(p.param("CN"), Some("Dupont; Marie"));
        assert_eq!(p.value, "mailto:m@exemple.fr");
    }

    #[test]
    fn durations_and_html() {
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("P1W"), Some(Duration::days(7)));
        assert_eq!(parse_duration("-P1D"), Some(Duration::days(-1)));
        assert_eq!(parse_duration("P1H"), None);
        assert_eq!(
            html_to_text("<p>Venez&nbsp;! <strong>Repas</strong> &amp; jeux</p><ul><li>un</li><li>deux</li></ul>"),
            "Venez\u{a0}! Repas & jeux\n\n- un\n- deux"
        );
        assert_eq!(
            html_to_text("<p>Un</p><p>Deux<br/>trois</p>"),
            "Un\n\nDeux\ntrois"
        );
    }

    #[test]
    fn categories_give_the_kind() {
        let k =
            |c: &[&str]| kind_from_categories(&c.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(k(&["Balade urbaine"]), EventKind::BaladeUrbaine);
        assert_eq!(k(&["COPIL contrat de ville"]), EventKind::ComitePilotage);
        assert_eq!(
            k(&["Animation", "Réunion  publique"]),
            EventKind::ReunionPublique
        );
        assert_eq!(k(&["PLENIERE"]), EventKind::Pleniere);
        assert_eq!(k(&["Sport"]), EventKind::Autre);
    }
}
