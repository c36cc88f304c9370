//! The calendrier de concertation: démarches (with their phases), events (single or
//! recurring), avis requests with their deadline, and the council's meetings, which
//! appear in the calendar by themselves.
//!
//! Times are wall-clock times in France (Europe/Paris), as people write them on a
//! poster; they are turned into UTC only where a format needs it (iCalendar's
//! DTSTAMP). An event is on one day and has a timing: the whole day, a half-day
//! (« matin », « après-midi ») or a time range.

use crate::council;
use crate::db::{now, Store};
use crate::error::{Error, Result, Validator};
use crate::format;
use crate::meeting::{self, parse_time, MeetingStatus};
use crate::sql;
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, NaiveTime, Utc, Weekday};
use rusqlite::{params, OptionalExtension, Transaction};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

// ---------------------------------------------------------------------------------
// Démarches and phases
// ---------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Scale {
    Quartier,
    Commune,
    Intercommunalite,
}

impl Scale {
    pub fn label(self) -> &'static str {
        match self {
            Scale::Quartier => "Quartier",
            Scale::Commune => "Commune",
            Scale::Intercommunalite => "Intercommunalité",
        }
    }
}

/// How much the council's voice weighs, from being told to deciding together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ParticipationLevel {
    Information,
    Consultation,
    Concertation,
    CoConstruction,
}

impl ParticipationLevel {
    pub fn label(self) -> &'static str {
        match self {
            ParticipationLevel::Information => "Information",
            ParticipationLevel::Consultation => "Consultation",
            ParticipationLevel::Concertation => "Concertation",
            ParticipationLevel::CoConstruction => "Co-construction",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DemarcheStatus {
    Prevue,
    EnCours,
    Terminee,
    Abandonnee,
}

impl DemarcheStatus {
    pub fn label(self) -> &'static str {
        match self {
            DemarcheStatus::Prevue => "Prévue",
            DemarcheStatus::EnCours => "En cours",
            DemarcheStatus::Terminee => "Terminée",
            DemarcheStatus::Abandonnee => "Abandonnée",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Demarche {
    pub id: Uuid,
    pub council_id: Uuid,
    pub title: String,
    /// What is being discussed (« le projet de renouvellement urbain du secteur Nord »).
    pub object: String,
    pub scale: Scale,
    /// Expected impacts on the neighbourhood.
    pub impacts: String,
    /// Partner institutions, one per line.
    pub partners: String,
    pub level: ParticipationLevel,
    pub status: DemarcheStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Demarche {
    pub fn check(&self, v: &mut Validator) {
        v.required("title", &self.title, 300);
        v.max_len("object", &self.object, 5_000);
        v.max_len("impacts", &self.impacts, 5_000);
        v.max_len("partners", &self.partners, 2_000);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Phase {
    pub id: Uuid,
    pub demarche_id: Uuid,
    pub position: u32,
    pub title: String,
    /// `None`: « à définir ».
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Phase {
    pub fn check(&self, v: &mut Validator) {
        v.required("title", &self.title, 300);
        v.max_len("description", &self.description, 5_000);
        v.date_in_range("start_date", self.start_date);
        v.date_in_range("end_date", self.end_date);
        if let (Some(a), Some(b)) = (self.start_date, self.end_date) {
            if b < a {
                v.add("end_date", "La fin de la phase précède son début.");
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DemarcheInput {
    pub title: String,
    pub object: String,
    pub scale: Scale,
    pub impacts: String,
    pub partners: String,
    pub level: ParticipationLevel,
    pub status: DemarcheStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhaseInput {
    pub title: String,
    /// `AAAA-MM-JJ` or `JJ/MM/AAAA`; empty for « à définir ».
    pub start_date: String,
    pub end_date: String,
    pub description: String,
}

/// A démarche with its phases, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DemarcheDetail {
    pub demarche: Demarche,
    pub phases: Vec<Phase>,
}

// ---------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EventKind {
    ReunionPublique,
    Atelier,
    BaladeUrbaine,
    Permanence,
    ComitePilotage,
    Pleniere,
    DateLimite,
    Autre,
}

impl EventKind {
    pub const ALL: [EventKind; 8] = [
        EventKind::ReunionPublique,
        EventKind::Atelier,
        EventKind::BaladeUrbaine,
        EventKind::Permanence,
        EventKind::ComitePilotage,
        EventKind::Pleniere,
        EventKind::DateLimite,
        EventKind::Autre,
    ];

    pub fn label(self) -> &'static str {
        match self {
            EventKind::ReunionPublique => "Réunion publique",
            EventKind::Atelier => "Atelier",
            EventKind::BaladeUrbaine => "Balade urbaine",
            EventKind::Permanence => "Permanence",
            EventKind::ComitePilotage => "Comité de pilotage",
            EventKind::Pleniere => "Plénière",
            EventKind::DateLimite => "Date limite",
            EventKind::Autre => "Autre",
        }
    }
}

/// When in the day an event takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Timing {
    /// A date with no time (a deadline, « toute la journée »).
    AllDay,
    /// « le matin »: 9 h – 12 h when a time is needed (iCalendar, conflicts).
    Morning,
    /// « l'après-midi »: 14 h – 17 h when a time is needed.
    Afternoon,
    /// A start time and optionally an end time.
    Timed,
}

impl Timing {
    /// The hours a half-day stands for where a format needs times; documented in
    /// docs/data-format.md and in the iCalendar export.
    pub fn half_day_hours(self) -> Option<(NaiveTime, NaiveTime)> {
        let hm = |h| NaiveTime::from_hms_opt(h, 0, 0);
        match self {
            Timing::Morning => hm(9).zip(hm(12)),
            Timing::Afternoon => hm(14).zip(hm(17)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "freq")]
#[ts(export)]
pub enum Frequency {
    /// Every `interval` weeks, on the weekday of the first date.
    Weekly,
    /// Every `interval` months on the same day of the month (« le 15 »).
    MonthlyByDay,
    /// Every `interval` months on the n-th weekday of the month; `week` is 1 to 4, or
    /// -1 for the last (« le dernier dimanche du mois »). The weekday is the first date's.
    MonthlyByWeekday { week: i8 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Recurrence {
    pub frequency: Frequency,
    /// 1 = every week or month, 2 = every other one…
    pub interval: u32,
    /// Last possible date (inclusive), if any.
    pub until: Option<NaiveDate>,
    /// Number of occurrences, if limited that way.
    pub count: Option<u32>,
    /// Dates on which it does not take place.
    pub exceptions: Vec<NaiveDate>,
}

/// How many occurrences an open-ended recurrence produces at most in one query.
const MAX_OCCURRENCES: usize = 2_000;

impl Recurrence {
    /// The occurrence dates from `first`, within `from..=to`, exceptions removed.
    pub fn dates(&self, first: NaiveDate, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let interval = self.interval.max(1);
        let mut out = Vec::new();
        let mut produced = 0u32;
        for n in 0.. {
            let Some(date) = self.nth(first, n, interval) else {
                // A month without a fifth weekday or a 31st: skip it, keep counting.
                if n > 100_000 {
                    break;
                }
                continue;
            };
            if date > to || self.until.is_some_and(|u| date > u) {
                break;
            }
            if self.count.is_some_and(|c| produced >= c) {
                break;
            }
            produced += 1;
            if date >= from && !self.exceptions.contains(&date) {
                out.push(date);
                if out.len() >= MAX_OCCURRENCES {
                    break;
                }
            }
        }
        out
    }

    fn nth(&self, first: NaiveDate, n: u32, interval: u32) -> Option<NaiveDate> {
        match self.frequency {
            Frequency::Weekly => first.checked_add_signed(Duration::weeks(i64::from(n * interval))),
            Frequency::MonthlyByDay => {
                let month = shift_month(first, n * interval)?;
                NaiveDate::from_ymd_opt(month.year(), month.month(), first.day())
            }
            Frequency::MonthlyByWeekday { week } => {
                let month = shift_month(first, n * interval)?;
                nth_weekday(month.year(), month.month(), first.weekday(), week)
            }
        }
    }

    pub fn check(&self, v: &mut Validator, first: NaiveDate) {
        if self.interval == 0 || self.interval > 52 {
            v.add("recurrence.interval", "L'intervalle va de 1 à 52.");
        }
        if let Frequency::MonthlyByWeekday { week } = self.frequency {
            if !matches!(week, 1..=4 | -1) {
                v.add(
                    "recurrence.week",
                    "Choisissez le 1er, 2e, 3e, 4e ou dernier jour du mois.",
                );
            }
        }
        if self.until.is_some_and(|u| u < first) {
            v.add(
                "recurrence.until",
                "La fin de la répétition précède la première date.",
            );
        }
        v.date_in_range("recurrence.until", self.until);
        if self.count == Some(0) {
            v.add("recurrence.count", "Indiquez au moins une fois.");
        }
    }

    /// « chaque semaine », « le dernier dimanche de chaque mois », « tous les 2 mois, le 15 ».
    pub fn describe(&self, first: NaiveDate) -> String {
        let every = |unit: &str, units: &str| {
            if self.interval <= 1 {
                format!("chaque {unit}")
            } else {
                format!("tous les {} {units}", self.interval)
            }
        };
        let mut s = match self.frequency {
            Frequency::Weekly => format!(
                "{}, le {}",
                every("semaine", "semaines"),
                format::weekday(first)
            ),
            Frequency::MonthlyByDay => {
                let day = if first.day() == 1 {
                    "1er".to_string()
                } else {
                    first.day().to_string()
                };
                format!("{}, le {day}", every("mois", "mois"))
            }
            Frequency::MonthlyByWeekday { week } => {
                let rank = match week {
                    1 => "premier",
                    2 => "deuxième",
                    3 => "troisième",
                    4 => "quatrième",
                    _ => "dernier",
                };
                let of = if self.interval <= 1 {
                    "de chaque mois".to_string()
                } else {
                    format!("du mois, tous les {} mois", self.interval)
                };
                format!("le {rank} {} {of}", format::weekday(first))
            }
        };
        if let Some(u) = self.until {
            s.push_str(&format!(", jusqu'au {}", format::date(u)));
        }
        if let Some(c) = self.count {
            s.push_str(&format!(", {}", format::count(c.into(), "fois", "fois")));
        }
        s
    }
}

fn shift_month(d: NaiveDate, months: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1)?.checked_add_months(Months::new(months))
}

/// The `week`-th `weekday` of a month (1 to 5, or -1 for the last).
pub fn nth_weekday(year: i32, month: u32, weekday: Weekday, week: i8) -> Option<NaiveDate> {
    if week == -1 {
        let next = NaiveDate::from_ymd_opt(year, month, 1)?.checked_add_months(Months::new(1))?;
        let mut d = next.pred_opt()?;
        while d.weekday() != weekday {
            d = d.pred_opt()?;
        }
        return Some(d);
    }
    let n = u8::try_from(week).ok().filter(|n| (1..=5).contains(n))?;
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
}

/// The week a date falls in within its month, as `MonthlyByWeekday` counts it: -1
/// when it is the last such weekday of the month.
pub fn week_of_month(d: NaiveDate) -> i8 {
    if d.checked_add_signed(Duration::days(7))
        .is_none_or(|n| n.month() != d.month())
    {
        -1
    } else {
        ((d.day() - 1) / 7 + 1) as i8
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Event {
    pub id: Uuid,
    pub council_id: Uuid,
    pub demarche_id: Option<Uuid>,
    pub phase_id: Option<Uuid>,
    pub kind: EventKind,
    pub title: String,
    /// The date (the first one of a recurring event).
    pub date: NaiveDate,
    pub timing: Timing,
    #[ts(type = "string | null")]
    #[schemars(with = "Option<String>")]
    pub start_time: Option<NaiveTime>,
    #[ts(type = "string | null")]
    #[schemars(with = "Option<String>")]
    pub end_time: Option<NaiveTime>,
    /// Free text (« devant l'école Jean-Jaurès », « Maison des Tilleuls »).
    pub place: String,
    pub address: String,
    /// A video meeting or a web page.
    pub online_link: String,
    pub description: String,
    pub recurrence: Option<Recurrence>,
    /// The UID of an event imported from an iCalendar file, so that importing the
    /// same file again updates it instead of adding a copy.
    pub source_uid: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Event {
    pub fn check(&self, v: &mut Validator) {
        v.required("title", &self.title, 300);
        v.date_in_range("date", Some(self.date));
        v.max_len("place", &self.place, 300);
        v.max_len("address", &self.address, 500);
        v.max_len("online_link", &self.online_link, 1_000);
        v.max_len("description", &self.description, 10_000);
        match (self.timing, self.start_time, self.end_time) {
            (Timing::Timed, None, _) => v.add("start_time", "Indiquez l'heure de début."),
            (Timing::Timed, Some(s), Some(e)) if e <= s => {
                v.add("end_time", "L'heure de fin doit suivre l'heure de début.")
            }
            _ => {}
        }
        let link = self.online_link.trim();
        let is_web = link.starts_with("https://") || link.starts_with("http://");
        if !link.is_empty() && !is_web {
            v.add(
                "online_link",
                "Le lien doit commencer par https:// (copiez-le depuis le navigateur).",
            );
        }
        if let Some(r) = &self.recurrence {
            r.check(v, self.date);
        }
    }

    /// The UID this event has in iCalendar files: the one it came with, or ours.
    pub fn uid(&self) -> String {
        self.source_uid
            .clone()
            .unwrap_or_else(|| format!("{}@quorum.conseil-citoyen", self.id))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecurrenceInput {
    pub frequency: Frequency,
    pub interval: u32,
    /// Empty for none.
    pub until: String,
    pub count: Option<u32>,
    /// Dates without the event, each `AAAA-MM-JJ` or `JJ/MM/AAAA`.
    pub exceptions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EventInput {
    pub kind: EventKind,
    pub title: String,
    pub date: String,
    pub timing: Timing,
    pub start_time: String,
    pub end_time: String,
    pub place: String,
    pub address: String,
    pub online_link: String,
    pub description: String,
    pub demarche_id: Option<Uuid>,
    pub phase_id: Option<Uuid>,
    pub recurrence: Option<RecurrenceInput>,
}

// ---------------------------------------------------------------------------------
// Avis requests and their deadline
// ---------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AvisSubject {
    /// The annual report of the contrat de ville: at least one month to answer.
    RapportAnnuel,
    Autre,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DelayUnit {
    Jours,
    Mois,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct AvisRequest {
    pub id: Uuid,
    pub council_id: Uuid,
    pub demarche_id: Option<Uuid>,
    pub subject: AvisSubject,
    pub title: String,
    /// Who asks (« Préfecture », « Communauté d'agglomération »).
    pub requested_by: String,
    pub requested_on: NaiveDate,
    pub delay_value: u32,
    pub delay_unit: DelayUnit,
    /// `requested_on` plus the delay: past it, silence counts as « avis réputé favorable ».
    pub due_on: NaiveDate,
    /// When the council gave its avis.
    pub given_on: Option<NaiveDate>,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Days before the deadline from which the calendar warns.
pub const WARN_DAYS: i64 = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AvisState {
    /// The council gave its avis.
    Rendu,
    /// Time left.
    EnAttente,
    /// Less than two weeks left.
    Proche,
    /// The deadline passed without an avis: « réputé favorable ».
    ReputeFavorable,
}

impl AvisRequest {
    pub fn check(&self, v: &mut Validator) {
        v.required("title", &self.title, 300);
        v.max_len("requested_by", &self.requested_by, 300);
        v.max_len("notes", &self.notes, 5_000);
        v.date_in_range("requested_on", Some(self.requested_on));
        v.date_in_range("given_on", self.given_on);
        if self.delay_value == 0 || self.delay_value > 366 {
            v.add("delay_value", "Le délai va de 1 à 366.");
        }
        if self.subject == AvisSubject::RapportAnnuel
            && self.due_on
                < self
                    .requested_on
                    .checked_add_months(Months::new(1))
                    .unwrap_or(self.due_on)
        {
            v.add(
                "delay_value",
                "Pour le rapport annuel du contrat de ville, le conseil dispose d'au moins un mois.",
            );
        }
        if self.given_on.is_some_and(|g| g < self.requested_on) {
            v.add("given_on", "L'avis ne peut pas précéder la demande.");
        }
    }

    pub fn state(&self, today: NaiveDate) -> AvisState {
        match self.given_on {
            Some(_) => AvisState::Rendu,
            None if today > self.due_on => AvisState::ReputeFavorable,
            None if (self.due_on - today).num_days() <= WARN_DAYS => AvisState::Proche,
            None => AvisState::EnAttente,
        }
    }
}

pub fn due_date(requested_on: NaiveDate, value: u32, unit: DelayUnit) -> Option<NaiveDate> {
    match unit {
        DelayUnit::Jours => requested_on.checked_add_signed(Duration::days(i64::from(value))),
        DelayUnit::Mois => requested_on.checked_add_months(Months::new(value)),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AvisInput {
    pub subject: AvisSubject,
    pub title: String,
    pub requested_by: String,
    pub requested_on: String,
    pub delay_value: u32,
    pub delay_unit: DelayUnit,
    pub given_on: String,
    pub notes: String,
    pub demarche_id: Option<Uuid>,
}

/// An avis request as the calendar shows it: its state and days left today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AvisView {
    #[serde(flatten)]
    pub request: AvisRequest,
    pub state: AvisState,
    /// Negative once past.
    #[ts(type = "number")]
    pub days_left: i64,
}

// ---------------------------------------------------------------------------------
// The calendar as read
// ---------------------------------------------------------------------------------

/// Where a calendar entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "type", content = "id")]
#[ts(export)]
pub enum EntrySource {
    Event(Uuid),
    Meeting(Uuid),
    Avis(Uuid),
}

/// One occurrence on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarEntry {
    pub source: EntrySource,
    pub date: NaiveDate,
    pub timing: Timing,
    #[ts(type = "string | null")]
    pub start_time: Option<NaiveTime>,
    #[ts(type = "string | null")]
    pub end_time: Option<NaiveTime>,
    pub title: String,
    /// Meetings show as a plénière or a public meeting; avis deadlines as a date limite.
    pub kind: EventKind,
    pub place: String,
    pub online_link: String,
    pub demarche_id: Option<Uuid>,
    pub demarche_title: Option<String>,
    /// « le dernier dimanche de chaque mois » for a recurring event.
    pub recurrence: Option<String>,
    /// Another entry of the same day overlaps it in time.
    pub conflict: bool,
}

impl CalendarEntry {
    /// The time span used to detect overlaps; whole-day entries never clash.
    fn span(&self) -> Option<(NaiveTime, NaiveTime)> {
        match self.timing {
            Timing::AllDay => None,
            Timing::Morning | Timing::Afternoon => self.timing.half_day_hours(),
            Timing::Timed => {
                let start = self.start_time?;
                let end = self.end_time.unwrap_or_else(|| {
                    start
                        .overflowing_add_signed(Duration::hours(1))
                        .0
                        .max(start)
                });
                Some((start, end))
            }
        }
    }
}

/// A phase of a démarche, for the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhaseSpan {
    pub demarche_id: Uuid,
    pub demarche_title: String,
    pub phase: Phase,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarView {
    pub council_id: Uuid,
    pub council_name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    /// By date, then time (whole-day entries first).
    pub entries: Vec<CalendarEntry>,
    /// Phases that overlap the period (or whose dates are still to be set).
    pub phases: Vec<PhaseSpan>,
    /// Every open avis request, and those answered within the period.
    pub avis: Vec<AvisView>,
}

/// What the calendar shows: all by default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarFilter {
    pub demarche_id: Option<Uuid>,
    /// Empty: every kind.
    pub kinds: Vec<EventKind>,
    /// Include the council's meetings (on by default in the interface).
    pub meetings: bool,
}

impl CalendarFilter {
    pub fn all() -> Self {
        CalendarFilter {
            demarche_id: None,
            kinds: Vec::new(),
            meetings: true,
        }
    }
}

// ---------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------

const DEMARCHE_COLUMNS: &str =
    "id, council_id, title, object, scale, impacts, partners, level, status, created_at, updated_at";

fn demarche_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Demarche> {
    Ok(Demarche {
        id: sql::uuid(r, 0)?,
        council_id: sql::uuid(r, 1)?,
        title: r.get(2)?,
        object: r.get(3)?,
        scale: sql::enum_col(r, 4)?,
        impacts: r.get(5)?,
        partners: r.get(6)?,
        level: sql::enum_col(r, 7)?,
        status: sql::enum_col(r, 8)?,
        created_at: sql::ts(r, 9)?,
        updated_at: sql::ts(r, 10)?,
    })
}

pub(crate) fn find_demarche(tx: &rusqlite::Connection, id: Uuid) -> Result<Option<Demarche>> {
    Ok(tx
        .query_row(
            &format!("SELECT {DEMARCHE_COLUMNS} FROM demarches WHERE id = ?1"),
            [id.to_string()],
            demarche_from_row,
        )
        .optional()?)
}

fn get_demarche(tx: &rusqlite::Connection, id: Uuid) -> Result<Demarche> {
    find_demarche(tx, id)?.ok_or(Error::not_found("Cette démarche"))
}

pub(crate) fn list_demarches(tx: &rusqlite::Connection, council_id: Uuid) -> Result<Vec<Demarche>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {DEMARCHE_COLUMNS} FROM demarches WHERE council_id = ?1 ORDER BY created_at, id"
    ))?;
    let rows = stmt.query_map([council_id.to_string()], demarche_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn save_demarche(tx: &Transaction<'_>, d: &Demarche) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO demarches ({DEMARCHE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT(id) DO UPDATE SET title = excluded.title, object = excluded.object,
               scale = excluded.scale, impacts = excluded.impacts, partners = excluded.partners,
               level = excluded.level, status = excluded.status, updated_at = excluded.updated_at"
        ),
        params![
            d.id.to_string(),
            d.council_id.to_string(),
            d.title,
            d.object,
            sql::enum_text(&d.scale),
            d.impacts,
            d.partners,
            sql::enum_text(&d.level),
            sql::enum_text(&d.status),
            sql::ts_text(&d.created_at),
            sql::ts_text(&d.updated_at),
        ],
    )?;
    Ok(())
}

const PHASE_COLUMNS: &str =
    "id, demarche_id, position, title, start_date, end_date, description, created_at, updated_at";

fn phase_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Phase> {
    Ok(Phase {
        id: sql::uuid(r, 0)?,
        demarche_id: sql::uuid(r, 1)?,
        position: r.get(2)?,
        title: r.get(3)?,
        start_date: sql::opt_date(r, 4)?,
        end_date: sql::opt_date(r, 5)?,
        description: r.get(6)?,
        created_at: sql::ts(r, 7)?,
        updated_at: sql::ts(r, 8)?,
    })
}

pub(crate) fn find_phase(tx: &rusqlite::Connection, id: Uuid) -> Result<Option<Phase>> {
    Ok(tx
        .query_row(
            &format!("SELECT {PHASE_COLUMNS} FROM phases WHERE id = ?1"),
            [id.to_string()],
            phase_from_row,
        )
        .optional()?)
}

pub(crate) fn list_phases(tx: &rusqlite::Connection, demarche_id: Uuid) -> Result<Vec<Phase>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {PHASE_COLUMNS} FROM phases WHERE demarche_id = ?1 ORDER BY position, id"
    ))?;
    let rows = stmt.query_map([demarche_id.to_string()], phase_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn save_phase(tx: &Transaction<'_>, p: &Phase) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO phases ({PHASE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT(id) DO UPDATE SET position = excluded.position, title = excluded.title,
               start_date = excluded.start_date, end_date = excluded.end_date,
               description = excluded.description, updated_at = excluded.updated_at"
        ),
        params![
            p.id.to_string(),
            p.demarche_id.to_string(),
            p.position,
            p.title,
            p.start_date,
            p.end_date,
            p.description,
            sql::ts_text(&p.created_at),
            sql::ts_text(&p.updated_at),
        ],
    )?;
    Ok(())
}

const EVENT_COLUMNS: &str = "id, council_id, demarche_id, phase_id, kind, title, date, timing, \
    start_time, end_time, place, address, online_link, description, recurrence, source_uid, \
    created_at, updated_at";

fn event_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    let recurrence: Option<String> = r.get(14)?;
    Ok(Event {
        id: sql::uuid(r, 0)?,
        council_id: sql::uuid(r, 1)?,
        demarche_id: sql::opt_uuid(r, 2)?,
        phase_id: sql::opt_uuid(r, 3)?,
        kind: sql::enum_col(r, 4)?,
        title: r.get(5)?,
        date: r.get(6)?,
        timing: sql::enum_col(r, 7)?,
        start_time: sql::opt_time(r, 8)?,
        end_time: sql::opt_time(r, 9)?,
        place: r.get(10)?,
        address: r.get(11)?,
        online_link: r.get(12)?,
        description: r.get(13)?,
        recurrence: recurrence
            .map(|s| {
                serde_json::from_str(&s).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        14,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })
            })
            .transpose()?,
        source_uid: r.get(15)?,
        created_at: sql::ts(r, 16)?,
        updated_at: sql::ts(r, 17)?,
    })
}

pub(crate) fn find_event(tx: &rusqlite::Connection, id: Uuid) -> Result<Option<Event>> {
    Ok(tx
        .query_row(
            &format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?1"),
            [id.to_string()],
            event_from_row,
        )
        .optional()?)
}

pub(crate) fn find_event_by_uid(
    tx: &rusqlite::Connection,
    council_id: Uuid,
    uid: &str,
) -> Result<Option<Event>> {
    Ok(tx
        .query_row(
            &format!(
                "SELECT {EVENT_COLUMNS} FROM events WHERE council_id = ?1 AND source_uid = ?2"
            ),
            params![council_id.to_string(), uid],
            event_from_row,
        )
        .optional()?)
}

pub(crate) fn list_events(tx: &rusqlite::Connection, council_id: Uuid) -> Result<Vec<Event>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE council_id = ?1 ORDER BY date, start_time, id"
    ))?;
    let rows = stmt.query_map([council_id.to_string()], event_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn save_event(tx: &Transaction<'_>, e: &Event) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO events ({EVENT_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
             ON CONFLICT(id) DO UPDATE SET demarche_id = excluded.demarche_id,
               phase_id = excluded.phase_id, kind = excluded.kind, title = excluded.title,
               date = excluded.date, timing = excluded.timing, start_time = excluded.start_time,
               end_time = excluded.end_time, place = excluded.place, address = excluded.address,
               online_link = excluded.online_link, description = excluded.description,
               recurrence = excluded.recurrence, source_uid = excluded.source_uid,
               updated_at = excluded.updated_at"
        ),
        params![
            e.id.to_string(),
            e.council_id.to_string(),
            sql::opt_uuid_text(e.demarche_id),
            sql::opt_uuid_text(e.phase_id),
            sql::enum_text(&e.kind),
            e.title,
            e.date,
            sql::enum_text(&e.timing),
            sql::time_text(e.start_time),
            sql::time_text(e.end_time),
            e.place,
            e.address,
            e.online_link,
            e.description,
            e.recurrence.as_ref().map(sql::json_text),
            e.source_uid,
            sql::ts_text(&e.created_at),
            sql::ts_text(&e.updated_at),
        ],
    )?;
    Ok(())
}

const AVIS_COLUMNS: &str = "id, council_id, demarche_id, subject, title, requested_by, \
    requested_on, delay_value, delay_unit, due_on, given_on, notes, created_at, updated_at";

fn avis_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AvisRequest> {
    Ok(AvisRequest {
        id: sql::uuid(r, 0)?,
        council_id: sql::uuid(r, 1)?,
        demarche_id: sql::opt_uuid(r, 2)?,
        subject: sql::enum_col(r, 3)?,
        title: r.get(4)?,
        requested_by: r.get(5)?,
        requested_on: r.get(6)?,
        delay_value: r.get(7)?,
        delay_unit: sql::enum_col(r, 8)?,
        due_on: r.get(9)?,
        given_on: sql::opt_date(r, 10)?,
        notes: r.get(11)?,
        created_at: sql::ts(r, 12)?,
        updated_at: sql::ts(r, 13)?,
    })
}

pub(crate) fn find_avis(tx: &rusqlite::Connection, id: Uuid) -> Result<Option<AvisRequest>> {
    Ok(tx
        .query_row(
            &format!("SELECT {AVIS_COLUMNS} FROM avis_requests WHERE id = ?1"),
            [id.to_string()],
            avis_from_row,
        )
        .optional()?)
}

pub(crate) fn list_avis(tx: &rusqlite::Connection, council_id: Uuid) -> Result<Vec<AvisRequest>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {AVIS_COLUMNS} FROM avis_requests WHERE council_id = ?1 ORDER BY due_on, id"
    ))?;
    let rows = stmt.query_map([council_id.to_string()], avis_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn save_avis(tx: &Transaction<'_>, a: &AvisRequest) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO avis_requests ({AVIS_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT(id) DO UPDATE SET demarche_id = excluded.demarche_id,
               subject = excluded.subject, title = excluded.title,
               requested_by = excluded.requested_by, requested_on = excluded.requested_on,
               delay_value = excluded.delay_value, delay_unit = excluded.delay_unit,
               due_on = excluded.due_on, given_on = excluded.given_on, notes = excluded.notes,
               updated_at = excluded.updated_at"
        ),
        params![
            a.id.to_string(),
            a.council_id.to_string(),
            sql::opt_uuid_text(a.demarche_id),
            sql::enum_text(&a.subject),
            a.title,
            a.requested_by,
            a.requested_on,
            a.delay_value,
            sql::enum_text(&a.delay_unit),
            a.due_on,
            a.given_on,
            a.notes,
            sql::ts_text(&a.created_at),
            sql::ts_text(&a.updated_at),
        ],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------
// Inputs to records
// ---------------------------------------------------------------------------------

fn check_links(
    tx: &rusqlite::Connection,
    v: &mut Validator,
    council_id: Uuid,
    demarche_id: Option<Uuid>,
    phase_id: Option<Uuid>,
) -> Result<()> {
    if let Some(d) = demarche_id {
        if find_demarche(tx, d)?.is_none_or(|d| d.council_id != council_id) {
            v.add(
                "demarche_id",
                "Cette démarche n'appartient pas à ce conseil.",
            );
        }
    }
    if let Some(p) = phase_id {
        match find_phase(tx, p)? {
            Some(phase) if Some(phase.demarche_id) == demarche_id => {}
            _ => v.add(
                "phase_id",
                "Cette phase n'appartient pas à la démarche choisie.",
            ),
        }
    }
    Ok(())
}

impl RecurrenceInput {
    fn into_recurrence(self, v: &mut Validator) -> Recurrence {
        let until = v.date("recurrence.until", &self.until);
        let mut exceptions: Vec<NaiveDate> = self
            .exceptions
            .iter()
            .filter_map(|s| v.date("recurrence.exceptions", s))
            .collect();
        exceptions.sort();
        exceptions.dedup();
        Recurrence {
            frequency: self.frequency,
            interval: self.interval,
            until,
            count: self.count,
            exceptions,
        }
    }
}

impl EventInput {
    fn into_event(
        self,
        tx: &rusqlite::Connection,
        council_id: Uuid,
        existing: Option<&Event>,
    ) -> Result<Event> {
        let mut v = Validator::new();
        let date = v.date("date", &self.date);
        if self.date.trim().is_empty() {
            v.add("date", "Indiquez la date.");
        }
        let timed = self.timing == Timing::Timed;
        let start_time = if timed {
            parse_time(&mut v, "start_time", &self.start_time)
        } else {
            None
        };
        let end_time = if timed {
            parse_time(&mut v, "end_time", &self.end_time)
        } else {
            None
        };
        let recurrence = self.recurrence.map(|r| r.into_recurrence(&mut v));
        let t = now();
        let e = Event {
            id: existing.map_or_else(Uuid::new_v4, |e| e.id),
            council_id,
            demarche_id: self.demarche_id,
            phase_id: self.phase_id.filter(|_| self.demarche_id.is_some()),
            kind: self.kind,
            title: self.title.trim().to_string(),
            date: date.unwrap_or_default(),
            timing: self.timing,
            start_time,
            end_time,
            place: self.place.trim().to_string(),
            address: self.address.trim().to_string(),
            online_link: self.online_link.trim().to_string(),
            description: self.description.trim().to_string(),
            recurrence,
            source_uid: existing.and_then(|e| e.source_uid.clone()),
            created_at: existing.map_or(t, |e| e.created_at),
            updated_at: t,
        };
        if date.is_some() {
            e.check(&mut v);
        } else {
            v.required("title", &e.title, 300);
        }
        check_links(tx, &mut v, council_id, e.demarche_id, e.phase_id)?;
        v.finish()?;
        Ok(e)
    }
}

impl AvisInput {
    fn into_avis(
        self,
        tx: &rusqlite::Connection,
        council_id: Uuid,
        existing: Option<&AvisRequest>,
    ) -> Result<AvisRequest> {
        let mut v = Validator::new();
        let requested_on = v.date("requested_on", &self.requested_on);
        if self.requested_on.trim().is_empty() {
            v.add("requested_on", "Indiquez la date de la demande.");
        }
        let given_on = v.date("given_on", &self.given_on);
        let t = now();
        let requested = requested_on.unwrap_or_default();
        let a = AvisRequest {
            id: existing.map_or_else(Uuid::new_v4, |a| a.id),
            council_id,
            demarche_id: self.demarche_id,
            subject: self.subject,
            title: self.title.trim().to_string(),
            requested_by: self.requested_by.trim().to_string(),
            requested_on: requested,
            delay_value: self.delay_value,
            delay_unit: self.delay_unit,
            due_on: due_date(requested, self.delay_value, self.delay_unit).unwrap_or(requested),
            given_on,
            notes: self.notes.trim().to_string(),
            created_at: existing.map_or(t, |a| a.created_at),
            updated_at: t,
        };
        if requested_on.is_some() {
            a.check(&mut v);
        } else {
            v.required("title", &a.title, 300);
        }
        check_links(tx, &mut v, council_id, a.demarche_id, None)?;
        v.finish()?;
        Ok(a)
    }
}

impl PhaseInput {
    fn into_phase(
        self,
        demarche_id: Uuid,
        position: u32,
        existing: Option<&Phase>,
    ) -> Result<Phase> {
        let mut v = Validator::new();
        let t = now();
        let p = Phase {
            id: existing.map_or_else(Uuid::new_v4, |p| p.id),
            demarche_id,
            position,
            title: self.title.trim().to_string(),
            start_date: v.date("start_date", &self.start_date),
            end_date: v.date("end_date", &self.end_date),
            description: self.description.trim().to_string(),
            created_at: existing.map_or(t, |p| p.created_at),
            updated_at: t,
        };
        p.check(&mut v);
        v.finish()?;
        Ok(p)
    }
}

impl DemarcheInput {
    fn into_demarche(self, council_id: Uuid, existing: Option<&Demarche>) -> Result<Demarche> {
        let mut v = Validator::new();
        let t = now();
        let d = Demarche {
            id: existing.map_or_else(Uuid::new_v4, |d| d.id),
            council_id,
            title: self.title.trim().to_string(),
            object: self.object.trim().to_string(),
            scale: self.scale,
            impacts: self.impacts.trim().to_string(),
            partners: self.partners.trim().to_string(),
            level: self.level,
            status: self.status,
            created_at: existing.map_or(t, |d| d.created_at),
            updated_at: t,
        };
        d.check(&mut v);
        v.finish()?;
        Ok(d)
    }
}

// ---------------------------------------------------------------------------------
// Reading the calendar
// ---------------------------------------------------------------------------------

fn meeting_kind(kind: meeting::MeetingKind) -> EventKind {
    match kind {
        meeting::MeetingKind::ReunionPublique => EventKind::ReunionPublique,
        meeting::MeetingKind::Representation => EventKind::ComitePilotage,
        _ => EventKind::Pleniere,
    }
}

/// Marks entries of the same day whose time spans overlap.
fn flag_conflicts(entries: &mut [CalendarEntry]) {
    for i in 0..entries.len() {
        for j in (i + 1)..entries.len() {
            if entries[i].date != entries[j].date {
                continue;
            }
            if let (Some((a0, a1)), Some((b0, b1))) = (entries[i].span(), entries[j].span()) {
                if a0 < b1 && b0 < a1 {
                    entries[i].conflict = true;
                    entries[j].conflict = true;
                }
            }
        }
    }
}

pub(crate) fn calendar_view(
    tx: &rusqlite::Connection,
    council_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    filter: &CalendarFilter,
    today: NaiveDate,
) -> Result<CalendarView> {
    let council = council::get(tx, council_id)?;
    let demarches = list_demarches(tx, council_id)?;
    let title_of = |id: Option<Uuid>| {
        id.and_then(|id| {
            demarches
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.title.clone())
        })
    };
    let wanted_kind = |k: EventKind| filter.kinds.is_empty() || filter.kinds.contains(&k);
    let wanted_demarche = |d: Option<Uuid>| filter.demarche_id.is_none() || filter.demarche_id == d;
    let mut entries = Vec::new();
    for e in list_events(tx, council_id)? {
        if !wanted_kind(e.kind) || !wanted_demarche(e.demarche_id) {
            continue;
        }
        let dates = match &e.recurrence {
            Some(r) => r.dates(e.date, from, to),
            None if e.date >= from && e.date <= to => vec![e.date],
            None => Vec::new(),
        };
        for date in dates {
            entries.push(CalendarEntry {
                source: EntrySource::Event(e.id),
                date,
                timing: e.timing,
                start_time: e.start_time,
                end_time: e.end_time,
                title: e.title.clone(),
                kind: e.kind,
                place: e.place.clone(),
                online_link: e.online_link.clone(),
                demarche_id: e.demarche_id,
                demarche_title: title_of(e.demarche_id),
                recurrence: e.recurrence.as_ref().map(|r| r.describe(e.date)),
                conflict: false,
            });
        }
    }
    if filter.meetings && filter.demarche_id.is_none() {
        for m in meeting::list(tx, council_id)? {
            let kind = meeting_kind(m.kind);
            if m.status == MeetingStatus::Annulee
                || m.date < from
                || m.date > to
                || !wanted_kind(kind)
            {
                continue;
            }
            entries.push(CalendarEntry {
                source: EntrySource::Meeting(m.id),
                date: m.date,
                timing: if m.start_time.is_some() {
                    Timing::Timed
                } else {
                    Timing::AllDay
                },
                start_time: m.start_time,
                end_time: m.end_time,
                title: m.title.clone(),
                kind,
                place: m.place.clone(),
                online_link: m.remote_link.clone(),
                demarche_id: None,
                demarche_title: None,
                recurrence: None,
                conflict: false,
            });
        }
    }
    let avis: Vec<AvisView> = list_avis(tx, council_id)?
        .into_iter()
        .filter(|a| wanted_demarche(a.demarche_id))
        .map(|a| AvisView {
            state: a.state(today),
            days_left: (a.due_on - today).num_days(),
            request: a,
        })
        .collect();
    if wanted_kind(EventKind::DateLimite) {
        for a in &avis {
            let r = &a.request;
            if r.due_on >= from && r.due_on <= to {
                entries.push(CalendarEntry {
                    source: EntrySource::Avis(r.id),
                    date: r.due_on,
                    timing: Timing::AllDay,
                    start_time: None,
                    end_time: None,
                    title: format!("Avis à rendre : {}", r.title),
                    kind: EventKind::DateLimite,
                    place: String::new(),
                    online_link: String::new(),
                    demarche_id: r.demarche_id,
                    demarche_title: title_of(r.demarche_id),
                    recurrence: None,
                    conflict: false,
                });
            }
        }
    }
    entries.sort_by(|a, b| {
        (
            a.date,
            a.timing != Timing::AllDay,
            a.span().map(|s| s.0),
            &a.title,
        )
            .cmp(&(
                b.date,
                b.timing != Timing::AllDay,
                b.span().map(|s| s.0),
                &b.title,
            ))
    });
    flag_conflicts(&mut entries);
    let mut phases = Vec::new();
    for d in demarches.iter().filter(|d| wanted_demarche(Some(d.id))) {
        for p in list_phases(tx, d.id)? {
            let starts_before_end = p.start_date.is_none_or(|s| s <= to);
            let ends_after_start = p.end_date.is_none_or(|e| e >= from);
            if starts_before_end && ends_after_start {
                phases.push(PhaseSpan {
                    demarche_id: d.id,
                    demarche_title: d.title.clone(),
                    phase: p,
                });
            }
        }
    }
    Ok(CalendarView {
        council_id,
        council_name: council.name,
        from,
        to,
        today,
        entries,
        phases,
        avis,
    })
}

// ---------------------------------------------------------------------------------
// The store's operations
// ---------------------------------------------------------------------------------

impl Store {
    pub fn list_demarches(&mut self, council_id: Uuid) -> Result<Vec<DemarcheDetail>> {
        self.read(|tx| {
            council::ensure_exists(tx, council_id)?;
            list_demarches(tx, council_id)?
                .into_iter()
                .map(|d| {
                    Ok(DemarcheDetail {
                        phases: list_phases(tx, d.id)?,
                        demarche: d,
                    })
                })
                .collect()
        })
    }

    pub fn get_demarche(&mut self, id: Uuid) -> Result<DemarcheDetail> {
        self.read(|tx| {
            let d = get_demarche(tx, id)?;
            Ok(DemarcheDetail {
                phases: list_phases(tx, d.id)?,
                demarche: d,
            })
        })
    }

    pub fn create_demarche(&mut self, council_id: Uuid, input: DemarcheInput) -> Result<Demarche> {
        self.write(|tx| {
            council::ensure_exists(tx, council_id)?;
            let d = input.into_demarche(council_id, None)?;
            save_demarche(tx, &d)?;
            Ok(d)
        })
    }

    pub fn update_demarche(&mut self, id: Uuid, input: DemarcheInput) -> Result<Demarche> {
        self.write(|tx| {
            let before = get_demarche(tx, id)?;
            let d = input.into_demarche(before.council_id, Some(&before))?;
            save_demarche(tx, &d)?;
            Ok(d)
        })
    }

    /// Deletes a démarche and its phases; its events and avis stay in the calendar,
    /// no longer attached to it.
    pub fn delete_demarche(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx| {
            get_demarche(tx, id)?;
            tx.execute("DELETE FROM demarches WHERE id = ?1", [id.to_string()])?;
            Ok(())
        })
    }

    /// Adds a phase at the end of a démarche.
    pub fn add_phase(&mut self, demarche_id: Uuid, input: PhaseInput) -> Result<Phase> {
        self.write(|tx| {
            get_demarche(tx, demarche_id)?;
            let position = list_phases(tx, demarche_id)?.len() as u32;
            let p = input.into_phase(demarche_id, position, None)?;
            save_phase(tx, &p)?;
            Ok(p)
        })
    }

    pub fn update_phase(&mut self, id: Uuid, input: PhaseInput) -> Result<Phase> {
        self.write(|tx| {
            let before = find_phase(tx, id)?.ok_or(Error::not_found("Cette phase"))?;
            let p = input.into_phase(before.demarche_id, before.position, Some(&before))?;
            save_phase(tx, &p)?;
            Ok(p)
        })
    }

    /// Moves a phase to `new_position` (0-based, clamped), the others following.
    pub fn move_phase(&mut self, id: Uuid, new_position: u32) -> Result<Vec<Phase>> {
        self.write(|tx| {
            let p = find_phase(tx, id)?.ok_or(Error::not_found("Cette phase"))?;
            let mut phases = list_phases(tx, p.demarche_id)?;
            let from = phases.iter().position(|x| x.id == id).unwrap_or(0);
            let moved = phases.remove(from);
            phases.insert((new_position as usize).min(phases.len()), moved);
            for (i, ph) in phases.iter_mut().enumerate() {
                if ph.position != i as u32 {
                    ph.position = i as u32;
                    tx.execute(
                        "UPDATE phases SET position = ?1 WHERE id = ?2",
                        params![ph.position, ph.id.to_string()],
                    )?;
                }
            }
            Ok(phases)
        })
    }

    pub fn delete_phase(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx| {
            let p = find_phase(tx, id)?.ok_or(Error::not_found("Cette phase"))?;
            tx.execute("DELETE FROM phases WHERE id = ?1", [id.to_string()])?;
            let rest = list_phases(tx, p.demarche_id)?;
            for (i, ph) in rest.iter().enumerate() {
                tx.execute(
                    "UPDATE phases SET position = ?1 WHERE id = ?2",
                    params![i as u32, ph.id.to_string()],
                )?;
            }
            Ok(())
        })
    }

    pub fn get_event(&mut self, id: Uuid) -> Result<Event> {
        self.read(|tx| find_event(tx, id)?.ok_or(Error::not_found("Cet événement")))
    }

    pub fn create_event(&mut self, council_id: Uuid, input: EventInput) -> Result<Event> {
        self.write(|tx| {
            council::ensure_exists(tx, council_id)?;
            let e = input.into_event(tx, council_id, None)?;
            save_event(tx, &e)?;
            Ok(e)
        })
    }

    pub fn update_event(&mut self, id: Uuid, input: EventInput) -> Result<Event> {
        self.write(|tx| {
            let before = find_event(tx, id)?.ok_or(Error::not_found("Cet événement"))?;
            let e = input.into_event(tx, before.council_id, Some(&before))?;
            save_event(tx, &e)?;
            Ok(e)
        })
    }

    pub fn delete_event(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx| {
            find_event(tx, id)?.ok_or(Error::not_found("Cet événement"))?;
            tx.execute("DELETE FROM events WHERE id = ?1", [id.to_string()])?;
            Ok(())
        })
    }

    /// Cancels one date of a recurring event (an exception, EXDATE in iCalendar).
    pub fn skip_occurrence(&mut self, id: Uuid, date: NaiveDate) -> Result<Event> {
        self.write(|tx| {
            let mut e = find_event(tx, id)?.ok_or(Error::not_found("Cet événement"))?;
            let Some(r) = e.recurrence.as_mut() else {
                return Err(Error::validation(
                    "date",
                    "Cet événement n'a lieu qu'une fois : supprimez-le plutôt.",
                ));
            };
            if !r.exceptions.contains(&date) {
                r.exceptions.push(date);
                r.exceptions.sort();
            }
            e.updated_at = now();
            save_event(tx, &e)?;
            Ok(e)
        })
    }

    pub fn create_avis(&mut self, council_id: Uuid, input: AvisInput) -> Result<AvisRequest> {
        self.write(|tx| {
            council::ensure_exists(tx, council_id)?;
            let a = input.into_avis(tx, council_id, None)?;
            save_avis(tx, &a)?;
            Ok(a)
        })
    }

    pub fn update_avis(&mut self, id: Uuid, input: AvisInput) -> Result<AvisRequest> {
        self.write(|tx| {
            let before = find_avis(tx, id)?.ok_or(Error::not_found("Cette demande d'avis"))?;
            let a = input.into_avis(tx, before.council_id, Some(&before))?;
            save_avis(tx, &a)?;
            Ok(a)
        })
    }

    pub fn delete_avis(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx| {
            find_avis(tx, id)?.ok_or(Error::not_found("Cette demande d'avis"))?;
            tx.execute("DELETE FROM avis_requests WHERE id = ?1", [id.to_string()])?;
            Ok(())
        })
    }

    /// The calendar of a council between two dates (inclusive).
    pub fn calendar(
        &mut self,
        council_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
        filter: &CalendarFilter,
        today: NaiveDate,
    ) -> Result<CalendarView> {
        let mut v = Validator::new();
        v.date_in_range("from", Some(from));
        v.date_in_range("to", Some(to));
        v.finish()?;
        if to < from {
            return Err(Error::validation(
                "to",
                "La date de fin précède la date de début.",
            ));
        }
        if (to - from).num_days() > 3_700 {
            return Err(Error::validation(
                "to",
                "Choisissez une période de dix ans au plus.",
            ));
        }
        self.read(|tx| calendar_view(tx, council_id, from, to, filter, today))
    }

    /// Adds the milestones of a contrat de ville 2024–2030 as a démarche with its
    /// phases: implementation, the 2027 mid-term review, updates every three years,
    /// the 2030 renewal. Dates within a year are left to the council to refine.
    pub fn add_contrat_de_ville_milestones(&mut self, council_id: Uuid) -> Result<DemarcheDetail> {
        self.write(|tx| {
            let council = council::get(tx, council_id)?;
            let name = if council.contrat_de_ville.trim().is_empty() {
                "Contrat de ville 2024-2030".to_string()
            } else {
                council.contrat_de_ville.trim().to_string()
            };
            let t = now();
            let d = Demarche {
                id: Uuid::new_v4(),
                council_id,
                title: format!("Suivi du {}", lowercase_first(&name)),
                object: "Le contrat de ville « Engagements Quartiers 2030 » : sa mise en œuvre, son évaluation à mi-parcours, ses actualisations et son renouvellement.".into(),
                scale: Scale::Intercommunalite,
                impacts: String::new(),
                partners: "Préfecture\nCommune\nIntercommunalité".into(),
                level: ParticipationLevel::Concertation,
                status: DemarcheStatus::EnCours,
                created_at: t,
                updated_at: t,
            };
            save_demarche(tx, &d)?;
            let ymd = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
            let milestones = [
                ("Mise en œuvre du contrat", ymd(2024, 1, 1), ymd(2030, 12, 31), "Chaque année, le rapport annuel est soumis à l'avis du conseil citoyen (au moins un mois pour le rendre)."),
                ("Évaluation à mi-parcours", ymd(2027, 1, 1), ymd(2027, 12, 31), "La revoyure de 2027 : bilan des trois premières années, avec les habitants."),
                ("Actualisation des engagements", ymd(2027, 1, 1), ymd(2027, 12, 31), "Le contrat est actualisé tous les trois ans."),
                ("Actualisation et préparation du renouvellement", ymd(2030, 1, 1), ymd(2030, 12, 31), "Évaluation finale et préparation du contrat suivant."),
            ];
            for (i, (title, start, end, description)) in milestones.into_iter().enumerate() {
                save_phase(
                    tx,
                    &Phase {
                        id: Uuid::new_v4(),
                        demarche_id: d.id,
                        position: i as u32,
                        title: title.into(),
                        start_date: start,
                        end_date: end,
                        description: description.into(),
                        created_at: t,
                        updated_at: t,
                    },
                )?;
            }
            Ok(DemarcheDetail {
                phases: list_phases(tx, d.id)?,
                demarche: d,
            })
        })
    }
}

/// The printed calendar documents: a month, an agenda period, or a démarche's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum CalendarDocument {
    Month { year: i32, month: u32 },
    Agenda { from: NaiveDate, to: NaiveDate },
    Timeline { demarche_id: Uuid },
}

impl Store {
    /// One printed calendar document as PDF bytes (see `calendar_docs`).
    pub fn calendar_document_pdf(
        &mut self,
        council_id: Uuid,
        document: CalendarDocument,
        today: NaiveDate,
    ) -> Result<Vec<u8>> {
        match document {
            CalendarDocument::Month { year, month } => {
                self.calendar_month_pdf(council_id, year, month, today)
            }
            CalendarDocument::Agenda { from, to } => self.agenda_pdf(council_id, from, to, today),
            CalendarDocument::Timeline { demarche_id } => {
                self.demarche_timeline_pdf(demarche_id, today)
            }
        }
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn rec(frequency: Frequency) -> Recurrence {
        Recurrence {
            frequency,
            interval: 1,
            until: None,
            count: None,
            exceptions: Vec::new(),
        }
    }

    #[test]
    fn the_last_sunday_of_each_month() {
        let r = rec(Frequency::MonthlyByWeekday { week: -1 });
        let dates = r.dates(d("2026-01-25"), d("2026-01-01"), d("2026-06-30"));
        assert_eq!(
            dates,
            [
                "2026-01-25",
                "2026-02-22",
                "2026-03-29",
                "2026-04-26",
                "2026-05-31",
                "2026-06-28"
            ]
            .map(d)
        );
        assert_eq!(week_of_month(d("2026-01-25")), -1);
        assert_eq!(week_of_month(d("2026-01-04")), 1);
    }

    #[test]
    fn weekly_with_exceptions_until_and_count() {
        let mut r = rec(Frequency::Weekly);
        r.exceptions = vec![d("2026-03-10")];
        r.until = Some(d("2026-03-24"));
        let dates = r.dates(d("2026-03-03"), d("2026-01-01"), d("2026-12-31"));
        assert_eq!(dates, ["2026-03-03", "2026-03-17", "2026-03-24"].map(d));
        let mut counted = rec(Frequency::Weekly);
        counted.count = Some(3);
        counted.interval = 2;
        // The count includes occurrences before the period asked for.
        let dates = counted.dates(d("2026-03-03"), d("2026-03-10"), d("2026-12-31"));
        assert_eq!(dates, ["2026-03-17", "2026-03-31"].map(d));
    }

    #[test]
    fn monthly_on_the_31st_skips_short_months() {
        let r = rec(Frequency::MonthlyByDay);
        let dates = r.dates(d("2026-01-31"), d("2026-01-01"), d("2026-05-31"));
        assert_eq!(dates, ["2026-01-31", "2026-03-31", "2026-05-31"].map(d));
    }

    #[test]
    fn recurrences_read_in_french() {
        let r = rec(Frequency::MonthlyByWeekday { week: -1 });
        assert_eq!(
            r.describe(d("2026-01-25")),
            "le dernier dimanche de chaque mois"
        );
        let mut w = rec(Frequency::Weekly);
        w.interval = 2;
        w.until = Some(d("2026-06-30"));
        assert_eq!(
            w.describe(d("2026-03-03")),
            "tous les 2 semaines, le mardi, jusqu'au 30 juin 2026"
        );
    }

    #[test]
    fn avis_deadlines_count_down_then_become_favourable() {
        let t = now();
        let a = AvisRequest {
            id: Uuid::nil(),
            council_id: Uuid::nil(),
            demarche_id: None,
            subject: AvisSubject::RapportAnnuel,
            title: "Rapport annuel 2025".into(),
            requested_by: "Préfecture".into(),
            requested_on: d("2026-03-02"),
            delay_value: 1,
            delay_unit: DelayUnit::Mois,
            due_on: due_date(d("2026-03-02"), 1, DelayUnit::Mois).unwrap_or_default(),
            given_on: None,
            notes: String::new(),
            created_at: t,
            updated_at: t,
        };
        assert_eq!(a.due_on, d("2026-04-02"));
        assert_eq!(a.state(d("2026-03-05")), AvisState::EnAttente);
        assert_eq!(a.state(d("2026-03-25")), AvisState::Proche);
        assert_eq!(a.state(d("2026-04-02")), AvisState::Proche);
        assert_eq!(a.state(d("2026-04-03")), AvisState::ReputeFavorable);
        let mut v = Validator::new();
        let short = AvisRequest {
            delay_value: 20,
            delay_unit: DelayUnit::Jours,
            due_on: d("2026-03-22"),
            ..a.clone()
        };
        short.check(&mut v);
        assert!(!v.is_ok(), "an annual report needs at least a month");
    }
}
