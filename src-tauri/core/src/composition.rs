//! The composition panel: how a council is made up on a given day, against the
//! recommendations of the cadre de référence (two collèges, habitants at least half,
//! parity among habitants, 15 to 50 members). Warnings only: real councils deviate
//! and Quorum never blocks them.

use crate::council::{self, Council, QuorumBase};
use crate::db::Store;
use crate::error::Result;
use crate::guest::{self, Guest};
use crate::member::{self, College, Member, MemberStatus, Sex};
use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

pub const RECOMMENDED_MIN: u32 = 15;
pub const RECOMMENDED_MAX: u32 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, Default)]
#[ts(export)]
pub struct StatusCounts {
    pub titulaires: u32,
    pub suppleants: u32,
    pub complementaires: u32,
    pub total: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CollegeCounts {
    pub college: College,
    pub counts: StatusCounts,
}

/// Something about the composition that departs from the recommendations.
/// The interface words each warning from its code through the message catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "code", rename_all = "snake_case")]
#[ts(export)]
pub enum CompositionWarning {
    NoMembers,
    TooFew { count: u32, min: u32 },
    TooMany { count: u32, max: u32 },
    EmptyCollege { college: College },
    HabitantsMinority { habitants: u32, total: u32 },
    ParityImbalance { women: u32, men: u32 },
    SexUnknown { count: u32 },
}

impl CompositionWarning {
    /// The warning in French, for the command line (the window words it through its
    /// message catalog, from the code).
    pub fn text(&self) -> String {
        match self {
            CompositionWarning::NoMembers => "Le conseil n'a encore aucun membre.".into(),
            CompositionWarning::TooFew { count, min } => {
                format!("{count} membres : il est recommandé d'en compter au moins {min}.")
            }
            CompositionWarning::TooMany { count, max } => {
                format!("{count} membres : il est recommandé de ne pas dépasser {max}.")
            }
            CompositionWarning::EmptyCollege { college } => {
                format!("Le {} n'a aucun membre.", college.label().to_lowercase())
            }
            CompositionWarning::HabitantsMinority { habitants, total } => format!(
                "Les habitants sont {habitants} sur {total} : ils devraient être au moins la moitié."
            ),
            CompositionWarning::ParityImbalance { women, men } => {
                format!("Parité chez les habitants : {women} femme(s) pour {men} homme(s).")
            }
            CompositionWarning::SexUnknown { count } => format!(
                "Sexe non précisé pour {count} habitant(s) : la parité ne peut être vérifiée qu'en partie."
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Composition {
    /// The day the composition is computed for.
    pub date: NaiveDate,
    /// Members in office that day.
    pub total: u32,
    pub by_college: Vec<CollegeCounts>,
    pub habitants_women: u32,
    pub habitants_men: u32,
    pub habitants_sex_unknown: u32,
    /// Share of habitants among members in office, in whole percent; `None` when there are none.
    pub habitants_share_percent: Option<u32>,
    /// People needed for the quorum on that day, by the council's rule.
    pub quorum_required: u32,
    /// Size of the base the quorum is counted against.
    pub quorum_base_count: u32,
    pub warnings: Vec<CompositionWarning>,
}

pub fn compute(council: &Council, members: &[Member], day: NaiveDate) -> Composition {
    let active: Vec<&Member> = members.iter().filter(|m| m.active_on(day)).collect();
    let total = active.len() as u32;
    let by_college: Vec<CollegeCounts> = College::ALL
        .iter()
        .map(|&college| {
            let mut counts = StatusCounts::default();
            for m in active.iter().filter(|m| m.college == college) {
                match m.status {
                    MemberStatus::Titulaire => counts.titulaires += 1,
                    MemberStatus::Suppleant => counts.suppleants += 1,
                    MemberStatus::Complementaire => counts.complementaires += 1,
                }
                counts.total += 1;
            }
            CollegeCounts { college, counts }
        })
        .collect();
    let habitants: Vec<&&Member> = active
        .iter()
        .filter(|m| m.college == College::Habitants)
        .collect();
    let count_sex = |s: Option<Sex>| habitants.iter().filter(|m| m.sex == s).count() as u32;
    let (women, men, unknown) = (
        count_sex(Some(Sex::F)),
        count_sex(Some(Sex::M)),
        count_sex(None),
    );
    let n_hab = habitants.len() as u32;

    let mut warnings = Vec::new();
    if total == 0 {
        warnings.push(CompositionWarning::NoMembers);
    } else {
        if total < RECOMMENDED_MIN {
            warnings.push(CompositionWarning::TooFew {
                count: total,
                min: RECOMMENDED_MIN,
            });
        }
        if total > RECOMMENDED_MAX {
            warnings.push(CompositionWarning::TooMany {
                count: total,
                max: RECOMMENDED_MAX,
            });
        }
        for c in &by_college {
            if c.counts.total == 0 {
                warnings.push(CompositionWarning::EmptyCollege { college: c.college });
            }
        }
        if n_hab > 0 && n_hab * 2 < total {
            warnings.push(CompositionWarning::HabitantsMinority {
                habitants: n_hab,
                total,
            });
        }
        // Parity: with an odd number one more of either sex is still parity.
        if women.abs_diff(men) > 1 {
            warnings.push(CompositionWarning::ParityImbalance { women, men });
        }
        if unknown > 0 {
            warnings.push(CompositionWarning::SexUnknown { count: unknown });
        }
    }

    let quorum_base_count = match council.quorum_rule.base() {
        Some(QuorumBase::Titulaires) => active
            .iter()
            .filter(|m| m.status == MemberStatus::Titulaire)
            .count() as u32,
        _ => total,
    };
    Composition {
        date: day,
        total,
        by_college,
        habitants_women: women,
        habitants_men: men,
        habitants_sex_unknown: unknown,
        habitants_share_percent: (total > 0).then(|| (n_hab * 100 + total / 2) / total),
        quorum_required: council.quorum_rule.required(quorum_base_count),
        quorum_base_count,
        warnings,
    }
}

/// Everything the council screen shows, read in one snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CouncilOverview {
    pub council: Council,
    pub members: Vec<Member>,
    pub guests: Vec<Guest>,
    /// Members in office on the overview's day (the interface does not re-derive the rule).
    pub in_office: Vec<Uuid>,
    pub composition: Composition,
}

impl Store {
    pub fn council_overview(
        &mut self,
        council_id: Uuid,
        day: NaiveDate,
    ) -> Result<CouncilOverview> {
        self.read(|tx| {
            let council = council::get(tx, council_id)?;
            let members = member::list(tx, council_id)?;
            let guests = guest::list(tx, council_id)?;
            let composition = compute(&council, &members, day);
            let in_office = members
                .iter()
                .filter(|m| m.active_on(day))
                .map(|m| m.id)
                .collect();
            Ok(CouncilOverview {
                council,
                members,
                guests,
                in_office,
                composition,
            })
        })
    }

    pub fn composition(&mut self, council_id: Uuid, day: NaiveDate) -> Result<Composition> {
        Ok(self.council_overview(council_id, day)?.composition)
    }
}
