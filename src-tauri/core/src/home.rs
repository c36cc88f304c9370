//! The home screen of a council: what needs doing now, read in one snapshot.
//!
//! Every list here is bounded (a few rows and a total), and every query is served by
//! an index, so the screen opens as fast on ten years of meetings as on ten.

use crate::backup::{self, BackupInfo};
use crate::calendar::{
    self, AvisState, AvisView, CalendarEntry, CalendarFilter, EntrySource, Timing,
};
use crate::composition::{self, Composition};
use crate::db::Store;
use crate::error::Result;
use crate::format;
use crate::meeting::{self, Meeting};
use crate::minutes::{self, Action, OwnerKind};
use crate::{council, guest, member};
use chrono::{Days, NaiveDate};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

/// Meetings to come shown on the home screen.
pub const NEXT_MEETINGS: u32 = 5;
/// Minutes awaiting adoption listed (the total is given too).
pub const MINUTES_LISTED: u32 = 5;
/// Actions listed per group (overdue, due soon); the totals are given too.
pub const ACTIONS_LISTED: u32 = 8;
/// « Bientôt » for actions and calendar events: the next four weeks.
pub const SOON_DAYS: u64 = 28;
/// Calendar events (not meetings) listed for the coming weeks.
pub const EVENTS_LISTED: usize = 5;
/// An avis whose deadline passed less than this long ago is still shown (« réputé
/// favorable »), so that the council sees what it missed.
pub const AVIS_PAST_DAYS: i64 = 30;

/// An open action as the home screen lists it: who, and the meeting it came from.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct HomeAction {
    #[serde(flatten)]
    pub action: Action,
    /// The member's or guest's name, the institution, or « à désigner ».
    pub owner: String,
    pub meeting_id: Option<Uuid>,
    pub meeting_title: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    /// Days past the due date (negative: days left).
    #[ts(type = "number")]
    pub days_late: i64,
}

/// Everything the council's home screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CouncilHome {
    pub council_id: Uuid,
    pub council_name: String,
    pub today: NaiveDate,
    /// The next meetings (cancelled ones left out), soonest first.
    pub next_meetings: Vec<Meeting>,
    /// Held meetings whose minutes are not adopted yet, oldest first.
    pub minutes_to_adopt: Vec<Meeting>,
    pub minutes_to_adopt_total: u32,
    /// Open actions past their due date, the most overdue first.
    pub overdue_actions: Vec<HomeAction>,
    pub overdue_total: u32,
    /// Open actions due within [`SOON_DAYS`].
    pub due_soon_actions: Vec<HomeAction>,
    pub due_soon_total: u32,
    /// Every open action, dated or not.
    pub open_actions_total: u32,
    /// Avis still to give, and those whose deadline passed recently, by deadline.
    pub avis: Vec<AvisView>,
    /// Calendar events (not meetings, not deadlines) of the coming weeks.
    pub coming_events: Vec<CalendarEntry>,
    pub composition: Composition,
    /// Former members whose contact details should be cleared (RGPD reminder).
    pub stale_contacts: u32,
    pub meetings_total: u32,
    pub charters_total: u32,
    /// The newest backup of the data directory (its name only is read: no file is opened).
    pub latest_backup: Option<BackupInfo>,
}

impl Store {
    /// The home screen of `council_id` on `today`.
    pub fn council_home(&mut self, council_id: Uuid, today: NaiveDate) -> Result<CouncilHome> {
        let latest_backup = backup::latest_backup(&self.data_dir())?;
        let stale_contacts = self.stale_contacts(council_id, today)?.len() as u32;
        self.read(|tx| {
            let council = council::get(tx, council_id)?;
            let members = member::list(tx, council_id)?;
            let composition = composition::compute(&council, &members, today);
            let next_meetings = meeting::upcoming(tx, council_id, today, NEXT_MEETINGS)?;
            let (minutes_to_adopt, minutes_to_adopt_total) =
                meeting::awaiting_adoption(tx, council_id, MINUTES_LISTED)?;
            let soon = today
                .checked_add_days(Days::new(SOON_DAYS))
                .unwrap_or(today);
            let (overdue, overdue_total) =
                minutes::open_actions_due(tx, council_id, None, Some(today), ACTIONS_LISTED)?;
            let (due_soon, due_soon_total) =
                minutes::open_actions_due(tx, council_id, Some(today), Some(soon), ACTIONS_LISTED)?;
            let mut describe =
                |a: Action| -> Result<HomeAction> { describe_action(tx, &members, a, today) };
            let overdue_actions = overdue
                .into_iter()
                .map(&mut describe)
                .collect::<Result<Vec<_>>>()?;
            let due_soon_actions = due_soon
                .into_iter()
                .map(&mut describe)
                .collect::<Result<Vec<_>>>()?;
            let view = calendar::calendar_view(
                tx,
                council_id,
                today,
                soon,
                &CalendarFilter {
                    demarche_id: None,
                    kinds: Vec::new(),
                    meetings: false,
                },
                today,
            )?;
            let avis = view
                .avis
                .into_iter()
                .filter(|a| match a.state {
                    AvisState::Rendu => false,
                    AvisState::ReputeFavorable => a.days_left >= -AVIS_PAST_DAYS,
                    AvisState::EnAttente | AvisState::Proche => true,
                })
                .collect();
            let coming_events = view
                .entries
                .into_iter()
                .filter(|e| matches!(e.source, EntrySource::Event(_)))
                .take(EVENTS_LISTED)
                .collect();
            Ok(CouncilHome {
                council_id,
                council_name: council.name,
                today,
                next_meetings,
                minutes_to_adopt,
                minutes_to_adopt_total,
                overdue_actions,
                overdue_total,
                due_soon_actions,
                due_soon_total,
                open_actions_total: minutes::count_open_actions(tx, council_id)?,
                avis,
                coming_events,
                composition,
                stale_contacts,
                meetings_total: meeting::count(tx, council_id)?,
                charters_total: crate::charter::count(tx, council_id)?,
                latest_backup,
            })
        })
    }
}

fn describe_action(
    tx: &rusqlite::Connection,
    members: &[member::Member],
    action: Action,
    today: NaiveDate,
) -> Result<HomeAction> {
    let owner = match action.owner_kind {
        OwnerKind::Member => action
            .owner_member_id
            .and_then(|id| members.iter().find(|m| m.id == id))
            .map(member::Member::display_name)
            .unwrap_or_default(),
        OwnerKind::Guest => match action.owner_guest_id {
            Some(id) => guest::find(tx, id)?
                .map(|g| {
                    format!("{} {}", g.first_name, g.last_name)
                        .trim()
                        .to_string()
                })
                .unwrap_or_default(),
            None => String::new(),
        },
        OwnerKind::Institution => action.owner_text.clone(),
        OwnerKind::Aucun => "à désigner".into(),
    };
    let meeting = match action.agenda_item_id {
        Some(item) => match meeting::find_item(tx, item)? {
            Some(item) => meeting::find(tx, item.meeting_id)?,
            None => None,
        },
        None => None,
    };
    let days_late = action
        .due_date
        .map(|d| (today - d).num_days())
        .unwrap_or_default();
    Ok(HomeAction {
        owner,
        meeting_id: meeting.as_ref().map(|m| m.id),
        meeting_title: meeting.as_ref().map(|m| m.title.clone()),
        meeting_date: meeting.as_ref().map(|m| m.date),
        days_late,
        action,
    })
}

impl CouncilHome {
    /// The home screen as text, for `quorum council home`.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut line = |s: String| {
            out.push_str(&s);
            out.push('\n');
        };
        line(format!(
            "{} — le {}",
            self.council_name,
            format::date_long(self.today)
        ));
        line(String::new());
        line("Prochaines réunions".into());
        if self.next_meetings.is_empty() {
            line("  Aucune réunion prévue.".into());
        }
        for m in &self.next_meetings {
            let when = match m.start_time {
                Some(t) => format::date_time(m.date, t),
                None => format::date_long(m.date),
            };
            let place = if m.place.is_empty() {
                String::new()
            } else {
                format!(" — {}", m.place)
            };
            line(format!("  {when} : {}{place}  [{}]", m.title, m.id));
        }
        line(String::new());
        line(format!(
            "Comptes rendus à adopter : {}",
            self.minutes_to_adopt_total
        ));
        for m in &self.minutes_to_adopt {
            line(format!(
                "  {} — {}  [{}]",
                format::date_long(m.date),
                m.title,
                m.id
            ));
        }
        line(String::new());
        line(format!(
            "Actions ouvertes : {} dont {} en retard et {} à échéance dans les {} jours",
            format::integer(self.open_actions_total.into()),
            format::integer(self.overdue_total.into()),
            format::integer(self.due_soon_total.into()),
            SOON_DAYS
        ));
        for (title, list) in [
            ("En retard", &self.overdue_actions),
            ("Bientôt", &self.due_soon_actions),
        ] {
            if list.is_empty() {
                continue;
            }
            line(format!("  {title} :"));
            for a in list {
                let due = a.action.due_date.map(format::date).unwrap_or_default();
                let owner = if a.owner.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", a.owner)
                };
                line(format!("    {due} — {}{owner}", a.action.description));
            }
        }
        line(String::new());
        line("Avis à rendre".into());
        if self.avis.is_empty() {
            line("  Aucun avis attendu.".into());
        }
        for a in &self.avis {
            let state = match a.state {
                AvisState::ReputeFavorable => "délai passé : avis réputé favorable".to_string(),
                _ => format::count(a.days_left, "jour restant", "jours restants"),
            };
            line(format!(
                "  {} — avant le {} ({state})",
                a.request.title,
                format::date_long(a.request.due_on)
            ));
        }
        if !self.coming_events.is_empty() {
            line(String::new());
            line(format!("Agenda des {SOON_DAYS} prochains jours"));
            for e in &self.coming_events {
                let when = match (e.timing, e.start_time) {
                    (Timing::Timed, Some(t)) => format::date_time(e.date, t),
                    (Timing::Morning, _) => format!("{} (matin)", format::date_long(e.date)),
                    (Timing::Afternoon, _) => {
                        format!("{} (après-midi)", format::date_long(e.date))
                    }
                    _ => format::date_long(e.date),
                };
                line(format!("  {when} : {}", e.title));
            }
        }
        line(String::new());
        line(format!(
            "Composition : {}",
            format::count(self.composition.total.into(), "membre", "membres")
        ));
        for w in &self.composition.warnings {
            line(format!("  ! {}", w.text()));
        }
        if self.stale_contacts > 0 {
            line(format!(
                "  ! {} à effacer (anciens membres partis depuis plus de deux ans)",
                format::count(
                    self.stale_contacts.into(),
                    "coordonnée d'ancien membre",
                    "coordonnées d'anciens membres"
                )
            ));
        }
        line(String::new());
        match &self.latest_backup {
            Some(b) => line(format!(
                "Dernière sauvegarde : {} ({})",
                format::date_time(
                    b.created_at.with_timezone(&chrono::Local).date_naive(),
                    b.created_at.with_timezone(&chrono::Local).time()
                ),
                b.file_name
            )),
            None => line("Dernière sauvegarde : aucune".into()),
        }
        out
    }
}
