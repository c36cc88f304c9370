//! A large, realistic and fictional data set, for benchmarks and end-to-end tests:
//! `quorum demo --years 10` adds four councils, each with ten years of life.
//!
//! What it holds, for `--years 10` (everything scales linearly with the years, 1 to 30):
//! about 2 000 meetings (plénières, comités d'animation, three commissions, réunions
//! publiques), 20 000 agenda items with their minutes (a few paragraphs of French on
//! the neighbourhood's topics), attendance lines, 20 000 decisions and votes, 50 000
//! follow-up actions, 5 000 calendar events, a few démarches with their phases, and
//! avis requests (the contrat de ville's annual report every year). Each council has
//! some 40 to 60 members over time: two collèges, parity among habitants, people
//! leaving and being replaced, former members whose contact details were cleared.
//! Each has its charter (one its règlement intérieur), from Quorum's template: adopted
//! at its first plénière, revised every three to five years at a plénière (an article
//! added, another reworded), each version adopted by a decision of that meeting and
//! signed by most titulaires in office and by the town; one council is drafting its
//! next revision.
//!
//! The minutes follow the real lifecycle (see `minutes.rs`): the compte rendu of a
//! held meeting is adopted by a decision « adopté » on an `approbation_cr` item of the
//! next meeting, which sets `minutes_status`, `adopted_on` and `adopted_by_decision_id`
//! as `apply_adoption` does; the last one or two held meetings are not adopted yet.
//! Items whose decision was deferred come back on the next agenda of the same body
//! (`deferred_from_item_id`). Old actions are mostly done, recent ones open, a few old
//! ones overdue.
//!
//! Speed: everything is written in one `IMMEDIATE` transaction with prepared
//! statements, straight into the tables, with the columns and values that the row
//! mapping of member.rs, meeting.rs, minutes.rs and calendar.rs reads back; the search
//! index is kept by its triggers, as for any other write. Decisions go in after their
//! council's meetings (see `write_decisions`), statement journals stay in memory and
//! the page cache is enlarged for the transaction (see
//! [`Store::generate_large_demo`]). Ten years (a 120 MB file) take about 10 s in a
//! debug build and 8 s in release on a busy two-core machine, most of it in SQLite
//! and its full-text index.
//!
//! Deterministic: the same seed on the same day gives the same data (dates follow
//! today). Identifiers are UUID v5 derived from the seed and a counter, so the same
//! seed gives the same identifiers: a second run with it is refused.

use crate::calendar::{
    nth_weekday, DelayUnit, DemarcheStatus, EventKind, Frequency, ParticipationLevel, Recurrence,
    Scale,
};
use crate::charter::{
    self, Charter, CharterTemplate, CharterVersion, Draft, DraftSectionRef, SectionKind,
    SignatoryKind, Signature, VersionStatus,
};
use crate::charter_text::{body_to_text, parse_body, parse_charter_text};
use crate::council::{ParticipationForm, QuorumBase, QuorumRule};
use crate::db::{timestamp, Store};
use crate::error::{Error, Result};
use crate::format;
use crate::meeting::{AttendanceState, ItemKind, MeetingKind, MeetingStatus, MinutesStatus};
use crate::member::{College, MemberEventKind, MemberRole, MemberStatus, Sex};
use crate::minutes::{ActionStatus, Outcome, OwnerKind, VoteMode};
use crate::sql;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use rusqlite::{params, CachedStatement, OptionalExtension, Transaction};
use uuid::Uuid;

/// Most years one run generates.
pub const MAX_YEARS: u32 = 30;

/// Upper bound of SQLite's page cache while generating, in KiB: ten years write some
/// 120 MB, thirty years 360 MB.
const GENERATION_CACHE_KIB: i64 = 1024 * 1024;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LargeDemoOptions {
    /// Years of history, 1 to [`MAX_YEARS`], ending about three months after today.
    pub years: u32,
    /// The same seed gives the same data (on the same day) and the same identifiers.
    pub seed: u64,
}

/// How many records were written.
#[derive(Debug, Clone, Default)]
pub struct LargeDemoReport {
    pub councils: u32,
    pub members: u32,
    pub meetings: u32,
    pub agenda_items: u32,
    pub decisions: u32,
    pub actions: u32,
    /// Rows of the `events` table (a recurring event counts once).
    pub events: u32,
    /// Versions of the councils' charters, adopted or in draft (one charter each).
    pub charter_versions: u32,
}

impl LargeDemoReport {
    /// French lines for the terminal.
    pub fn to_text(&self) -> String {
        let line = |label: &str, n: u32| format!("{label:<24} {:>8}", format::integer(n.into()));
        [
            line("Conseils", self.councils),
            line("Membres", self.members),
            line("Réunions", self.meetings),
            line("Points d'ordre du jour", self.agenda_items),
            line("Décisions", self.decisions),
            line("Actions de suivi", self.actions),
            line("Événements", self.events),
            line("Versions de charte", self.charter_versions),
        ]
        .join("\n")
    }
}

impl Store {
    /// Adds four fictional councils with `options.years` years of history (see the
    /// module documentation). Refused when the councils of this seed are already there.
    pub fn generate_large_demo(&mut self, options: &LargeDemoOptions) -> Result<LargeDemoReport> {
        if options.years == 0 || options.years > MAX_YEARS {
            return Err(Error::validation(
                "years",
                format!("Le nombre d'années va de 1 à {MAX_YEARS}."),
            ));
        }
        let today = chrono::Local::now().date_naive();
        // Two connection settings for this one transaction, then back to the usual:
        // - every insert fires triggers, so SQLite keeps a statement journal, which it
        //   writes to a temporary file past 64 KiB: in memory instead (`temp_store`;
        //   SQLite reads it when the transaction starts). On disk it took 2 million
        //   writes for ten years, most of the time. Changing it drops the connection's
        //   temporary tables: search.rs creates its own again when it needs them;
        // - the default page cache (2 MB) spills dirty pages and reads them back (300 000
        //   reads): one the size of what is written (`cache_size`; allocated as used).
        let conn = self.conn();
        let temp_store: i64 = conn.query_row("PRAGMA temp_store", [], |r| r.get(0))?;
        let cache_size: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        conn.pragma_update(None, "temp_store", 2)?;
        conn.pragma_update(None, "cache_size", -GENERATION_CACHE_KIB)?;
        let written = self.write(|tx| generate(tx, options, today));
        let conn = self.conn();
        let restored = conn
            .pragma_update(None, "cache_size", cache_size)
            .and_then(|()| conn.pragma_update(None, "temp_store", temp_store));
        let report = written?;
        restored?;
        Ok(report)
    }
}

// ---------------------------------------------------------------------------------
// Randomness and identifiers
// ---------------------------------------------------------------------------------

/// SplitMix64 (Steele, Lea and Flood, 2014): a few lines, statistics far good enough
/// for fictional data, the same numbers on every platform. No crate for it: a demo
/// generator does not justify a new dependency, and a crate's streams may change
/// between versions, which would change the data set of a given seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0 to `n - 1` (0 when `n` is 0).
    fn below(&mut self, n: u32) -> u32 {
        if n == 0 {
            0
        } else {
            (self.next() % u64::from(n)) as u32
        }
    }

    /// `lo` to `hi`, both included.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True `percent` times out of a hundred.
    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u32) as usize]
    }

    /// `count` distinct indexes below `n` (at most `n`), in random order.
    fn distinct(&mut self, n: usize, count: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let count = count.min(n);
        for i in 0..count {
            let j = i + self.below((n - i) as u32) as usize;
            all.swap(i, j);
        }
        all.truncate(count);
        all
    }
}

/// Namespace of the generated identifiers (the seed is hashed into it).
const NAMESPACE: Uuid = Uuid::from_u128(0x3b8e_51d0_7c2a_4f6e_9a14_d2c7_05e8_b961);

struct Ids {
    namespace: Uuid,
    counter: u64,
}

impl Ids {
    fn new(seed: u64) -> Ids {
        Ids {
            namespace: Uuid::new_v5(&NAMESPACE, &seed.to_le_bytes()),
            counter: 0,
        }
    }

    /// The next identifier of the sequence. Names start with `#`, which no name given
    /// to [`Ids::named`] does, so the two kinds never meet.
    fn next(&mut self) -> Uuid {
        self.counter += 1;
        let mut name = [b'#'; 9];
        name[1..].copy_from_slice(&self.counter.to_le_bytes());
        Uuid::new_v5(&self.namespace, &name)
    }

    fn named(&self, name: &str) -> Uuid {
        Uuid::new_v5(&self.namespace, name.as_bytes())
    }
}

// ---------------------------------------------------------------------------------
// The four councils
// ---------------------------------------------------------------------------------

struct CouncilSpec {
    name: &'static str,
    commune: &'static str,
    form: ParticipationForm,
    neighbourhoods: &'static [(&'static str, &'static str)],
    quorum: QuorumRule,
    /// The intercommunalité, which runs the contrat de ville.
    interco: &'static str,
    bailleur: &'static str,
    /// The association that carries the council's budget.
    porteuse: &'static str,
    streets: &'static [&'static str],
    /// Where the council meets; the first is its usual room.
    rooms: &'static [&'static str],
    /// Where the public meetings take place.
    hall: &'static str,
    postcode: &'static str,
    /// Extra seats of titulaires among habitants (the councils differ a little in size).
    extra_habitants: usize,
    /// The weekday of the plénière and its week in the month.
    pleniere: (Weekday, i8),
}

const COUNCILS: [CouncilSpec; 4] = [
    CouncilSpec {
        name: "Conseil citoyen du Val-Fleuri",
        commune: "Saint-Aubin-les-Prés",
        form: ParticipationForm::ConseilCitoyen,
        neighbourhoods: &[("Val-Fleuri", "QN09910A")],
        quorum: QuorumRule::Fraction {
            numerator: 1,
            denominator: 3,
            base: QuorumBase::Titulaires,
        },
        interco: "Communauté d'agglomération des Prés-de-Loire",
        bailleur: "Val Habitat",
        porteuse: "Association Val-Fleuri Ensemble",
        streets: &[
            "rue des Glycines",
            "allée des Mimosas",
            "avenue du Parc",
            "rue Pasteur",
        ],
        rooms: &[
            "Maison de quartier du Val-Fleuri, 4 rue des Glycines",
            "Centre social Les Mimosas, salle 2",
            "École élémentaire Jules-Ferry, réfectoire",
        ],
        hall: "Gymnase Jean-Moulin, avenue du Parc",
        postcode: "99210",
        extra_habitants: 0,
        pleniere: (Weekday::Tue, 2),
    },
    CouncilSpec {
        name: "Conseil citoyen des Hauts-de-Belair",
        commune: "Belair-sur-Orne",
        form: ParticipationForm::ConseilCitoyen,
        neighbourhoods: &[
            ("Les Hauts-de-Belair", "QN09911B"),
            ("La Garenne", "QN09912C"),
        ],
        quorum: QuorumRule::Majorite {
            base: QuorumBase::Titulaires,
        },
        interco: "Métropole Orne et Vallées",
        bailleur: "Orne Logis",
        porteuse: "Centre social de la Garenne",
        streets: &[
            "rue Victor-Hugo",
            "allée des Peupliers",
            "chemin de la Garenne",
            "rue du Stade",
        ],
        rooms: &[
            "Centre social de la Garenne, grande salle",
            "Maison des associations, 12 rue du Stade",
            "Médiathèque Louise-Michel, salle d'animation",
        ],
        hall: "Salle des fêtes de Belair, place de la Mairie",
        postcode: "99320",
        extra_habitants: 2,
        pleniere: (Weekday::Thu, 1),
    },
    CouncilSpec {
        name: "Table de quartier de la Croix-Rousseau",
        commune: "Montclar",
        form: ParticipationForm::TableDeQuartier,
        neighbourhoods: &[("La Croix-Rousseau", "QN09913D")],
        quorum: QuorumRule::Nombre { count: 6 },
        interco: "Communauté de communes du Pays de Montclar",
        bailleur: "Habitat du Montclarais",
        porteuse: "Association Croix-Rousseau Solidaire",
        streets: &[
            "rue de la Croix",
            "boulevard Jean-Jaurès",
            "impasse des Lilas",
            "rue des Écoles",
        ],
        rooms: &[
            "Local de la table de quartier, 3 impasse des Lilas",
            "Centre social Rousseau, salle du haut",
        ],
        hall: "Salle polyvalente de la Croix-Rousseau, boulevard Jean-Jaurès",
        postcode: "99430",
        extra_habitants: 1,
        pleniere: (Weekday::Mon, 2),
    },
    CouncilSpec {
        name: "Conseil citoyen des Coteaux et du Moulin",
        commune: "Fontclair-en-Vexin",
        form: ParticipationForm::ConseilCitoyen,
        neighbourhoods: &[("Les Coteaux", "QN09914E"), ("Le Moulin", "QN09915F")],
        quorum: QuorumRule::Fraction {
            numerator: 1,
            denominator: 2,
            base: QuorumBase::Membres,
        },
        interco: "Communauté d'agglomération du Vexin-Fontclair",
        bailleur: "Fontclair Habitat",
        porteuse: "Régie de quartier des Coteaux",
        streets: &[
            "rue du Moulin",
            "allée des Coteaux",
            "avenue de la Gare",
            "rue Marie-Curie",
        ],
        rooms: &[
            "Maison du projet, 1 allée des Coteaux",
            "Espace jeunesse du Moulin",
            "Collège Marie-Curie, salle polyvalente",
        ],
        hall: "Salle Georges-Brassens, avenue de la Gare",
        postcode: "99540",
        extra_habitants: 0,
        pleniere: (Weekday::Wed, 3),
    },
];

// ---------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------

/// Who is asked when an action is a demand to an institution.
#[derive(Clone, Copy)]
enum Inst {
    Mairie,
    Bailleur,
    Interco,
    Porteuse,
    Prefecture,
}

/// A subject that comes back on the agendas. Texts may hold `{q}` (the quartier),
/// `{c}` (the commune), `{b}` (a building), `{r}` (a street) and `{y}` (last year).
struct Topic {
    titles: &'static [&'static str],
    kinds: &'static [ItemKind],
    sentences: &'static [&'static str],
    decisions: &'static [&'static str],
    actions: &'static [&'static str],
    inst: Inst,
    /// Requests to the fonds de participation des habitants: decisions with amounts.
    budget: bool,
}

use ItemKind::{Avis as AV, Debat as DB, Decision as DE, Information as IN};

const TOPICS: [Topic; 16] = [
    Topic {
        titles: &[
            "Rénovation urbaine : avancement des travaux du bâtiment {b}",
            "Renouvellement urbain : relogement des familles du bâtiment {b}",
            "Projet de rénovation urbaine : présentation du plan guide",
        ],
        kinds: &[IN, AV, DB],
        sentences: &[
            "Le bailleur présente le calendrier des travaux : désamiantage au printemps, réhabilitation des façades à l'automne.",
            "Les habitants du bâtiment {b} s'inquiètent du relogement temporaire pendant les travaux et demandent un interlocuteur unique.",
            "La maîtrise d'œuvre annonce la fermeture des halls pendant deux semaines ; un cheminement provisoire sera balisé jusqu'à l'école.",
            "Plusieurs locataires signalent des infiltrations qui n'ont toujours pas été traitées.",
            "Le plan guide prévoit une nouvelle place devant l'école et la démolition des garages de la {r}.",
        ],
        decisions: &[
            "Le conseil demande au bailleur une réunion publique au pied du bâtiment {b} avant chaque phase de travaux.",
            "Le conseil donne un avis favorable au plan guide, sous réserve du maintien des espaces verts entre les bâtiments.",
            "Deux membres du conseil sont désignés pour suivre le relogement des familles avec le bailleur.",
        ],
        actions: &[
            "Demander au bailleur le calendrier détaillé des travaux du bâtiment {b}",
            "Organiser une visite du chantier avec les habitants",
            "Recenser les familles concernées par le relogement temporaire",
            "Afficher le compte rendu de chantier dans les halls",
            "Relancer le bailleur au sujet des infiltrations signalées",
            "Préparer les questions des habitants pour le comité de pilotage du renouvellement urbain",
        ],
        inst: Inst::Bailleur,
        budget: false,
    },
    Topic {
        titles: &[
            "Tranquillité publique : point avec la police municipale",
            "Sécurité aux abords de l'école de la {r}",
            "Rodéos urbains et nuisances nocturnes",
        ],
        kinds: &[IN, DB, DE],
        sentences: &[
            "La police municipale présente le bilan du trimestre : les rodéos ont diminué depuis la pose de ralentisseurs.",
            "Des parents signalent un manque de sécurité à la sortie de l'école, au passage piéton de la {r}.",
            "Les habitants souhaitent une présence plus régulière des médiateurs de nuit pendant l'été.",
            "Le délégué du préfet rappelle le rôle de la cellule de veille et propose d'y associer un membre du conseil.",
            "Le passage sous le bâtiment {b} reste mal éclairé et inquiète les habitants le soir.",
        ],
        decisions: &[
            "Le conseil demande l'aménagement d'un passage piéton surélevé devant l'école.",
            "Un membre du conseil siégera à la cellule de veille de tranquillité publique.",
            "Le conseil demande à la mairie un renfort de la médiation de nuit de juin à septembre.",
        ],
        actions: &[
            "Écrire à la mairie au sujet de la sécurité du passage piéton de la {r}",
            "Transmettre à la police municipale la liste des lieux de rodéo signalés",
            "Proposer un membre pour la cellule de veille",
            "Organiser une marche exploratoire de nuit avec les habitantes",
            "Demander le bilan annuel de la médiation de nuit",
        ],
        inst: Inst::Mairie,
        budget: false,
    },
    Topic {
        titles: &[
            "Projet de jardin partagé de la {r}",
            "Jardins partagés : bilan de la saison et nouvelles parcelles",
        ],
        kinds: &[DE, IN],
        sentences: &[
            "L'association présente le projet : douze bacs, un récupérateur d'eau de pluie et des ateliers avec l'école.",
            "La saison a réuni une trentaine de familles ; les récoltes ont été partagées lors de la fête de quartier.",
            "Des habitants regrettent que les parcelles soient toujours attribuées aux mêmes familles.",
            "Le service des espaces verts accepte de livrer du compost deux fois par an.",
        ],
        decisions: &[
            "Le conseil soutient le projet de jardin partagé sur le fonds de participation des habitants.",
            "Les nouvelles parcelles seront attribuées par tirage au sort parmi les familles inscrites.",
        ],
        actions: &[
            "Monter le dossier de demande au fonds de participation des habitants",
            "Demander au service des espaces verts la livraison de compost",
            "Afficher l'appel à inscriptions pour les parcelles",
            "Organiser le tirage au sort des parcelles",
            "Prévoir un atelier de jardinage avec l'école",
        ],
        inst: Inst::Mairie,
        budget: true,
    },
    Topic {
        titles: &[
            "Fonds de participation des habitants : examen des demandes",
            "Fonds de participation des habitants : bilan de l'année {y}",
        ],
        kinds: &[DE],
        sentences: &[
            "Quatre demandes ont été déposées ce trimestre : une sortie familiale, un tournoi de football, un atelier de cuisine et un vide-grenier.",
            "Le comité d'attribution rappelle que le fonds soutient des projets portés par des habitants, pour les habitants.",
            "Le bilan fait apparaître un reliquat de 1 200 € qui peut être reporté sur l'année suivante.",
            "Les porteurs de projet présentent leur budget ; certaines dépenses ne sont pas éligibles.",
        ],
        decisions: &[
            "Le conseil attribue une aide du fonds de participation des habitants au projet présenté.",
            "Le règlement du fonds de participation des habitants est modifié pour plafonner chaque aide à 1 500 €.",
        ],
        actions: &[
            "Informer les porteurs de projet de la décision du conseil",
            "Verser l'aide accordée par l'intermédiaire de la structure porteuse",
            "Demander les justificatifs de dépenses aux porteurs de projet",
            "Mettre à jour le tableau de suivi du fonds",
            "Diffuser l'appel à projets dans les boîtes aux lettres",
        ],
        inst: Inst::Porteuse,
        budget: true,
    },
    Topic {
        titles: &[
            "Avis sur le rapport annuel {y} du contrat de ville",
            "Contrat de ville : retour du comité de pilotage",
            "Contrat de ville : préparation de l'évaluation",
        ],
        kinds: &[AV, IN],
        sentences: &[
            "Le rapport annuel montre des progrès pour l'emploi des jeunes, mais la tranquillité publique reste la première inquiétude des habitants.",
            "Les représentants du conseil au comité de pilotage rendent compte des échanges et des avis divergents exprimés.",
            "La cheffe de projet politique de la ville présente les crédits engagés dans le quartier l'an passé.",
            "Le conseil regrette de n'avoir reçu le rapport que deux semaines avant la réunion.",
        ],
        decisions: &[
            "Le conseil rend son avis sur le rapport annuel du contrat de ville.",
            "Le conseil demande un bilan par quartier plutôt que pour toute l'agglomération.",
        ],
        actions: &[
            "Transmettre l'avis du conseil à la préfecture et à l'intercommunalité",
            "Désigner les représentants du conseil au comité de pilotage",
            "Demander le rapport annuel au moins un mois avant la réunion",
            "Préparer une synthèse du rapport pour les habitants",
        ],
        inst: Inst::Interco,
        budget: false,
    },
    Topic {
        titles: &[
            "Écoles : rénovation de la cour de l'école élémentaire",
            "Réussite éducative et accompagnement scolaire",
            "Cantine et périscolaire : retour des parents",
        ],
        kinds: &[DB, IN, DE],
        sentences: &[
            "Les parents d'élèves demandent des jeux et de l'ombre dans la cour de l'école, refaite il y a plus de vingt ans.",
            "L'accompagnement scolaire du centre social accueille soixante enfants ; la liste d'attente s'allonge.",
            "La directrice de l'école présente le projet de cour « oasis » retenu par la mairie.",
            "Des familles signalent le coût de la cantine pour les fratries nombreuses.",
        ],
        decisions: &[
            "Le conseil soutient le projet de cour « oasis » et demande que les enfants soient associés à sa conception.",
            "Le conseil demande à la mairie une tarification de la cantine adaptée aux familles nombreuses.",
        ],
        actions: &[
            "Rencontrer la directrice de l'école au sujet de la cour",
            "Relayer l'enquête auprès des parents d'élèves",
            "Demander à la mairie la grille des tarifs de la cantine",
            "Inviter le programme de réussite éducative à la prochaine réunion",
        ],
        inst: Inst::Mairie,
        budget: false,
    },
    Topic {
        titles: &[
            "Transports : horaires du bus en soirée",
            "Desserte du quartier le dimanche",
            "Mobilités : projet de piste cyclable de la {r}",
        ],
        kinds: &[DB, AV, IN],
        sentences: &[
            "Les habitants signalent que le dernier bus part à 20 h 30, trop tôt pour les personnes qui travaillent en horaires décalés.",
            "L'intercommunalité propose de prolonger la ligne jusqu'au centre commercial, avec un arrêt devant l'école.",
            "L'arrêt de la {r} n'a pas d'abri ; les personnes âgées attendent sous la pluie.",
            "Le projet de piste cyclable supprimerait une vingtaine de places de stationnement.",
        ],
        decisions: &[
            "Le conseil demande un bus supplémentaire en soirée sur la ligne qui dessert le quartier.",
            "Le conseil donne un avis favorable au tracé de la piste cyclable, sous réserve d'un stationnement de remplacement.",
        ],
        actions: &[
            "Écrire à l'intercommunalité au sujet des horaires du soir",
            "Demander un abri à l'arrêt de bus de la {r}",
            "Recueillir les besoins de déplacement des habitants",
            "Participer à la réunion de concertation sur le schéma des mobilités",
        ],
        inst: Inst::Interco,
        budget: false,
    },
    Topic {
        titles: &[
            "Propreté et encombrants",
            "Gestion des déchets : nouveaux conteneurs enterrés",
        ],
        kinds: &[DB, DE, IN],
        sentences: &[
            "Les dépôts sauvages se multiplient au pied du bâtiment {b}, surtout en fin de mois.",
            "La régie de quartier propose une journée de nettoyage avec les enfants du centre de loisirs.",
            "Le ramassage des encombrants sur rendez-vous est mal connu des habitants.",
            "Les nouveaux conteneurs enterrés sont souvent pleins dès le mercredi.",
        ],
        decisions: &[
            "Le conseil organise une journée « quartier propre » avec la régie de quartier.",
            "Le conseil demande un ramassage supplémentaire des conteneurs le mercredi.",
        ],
        actions: &[
            "Signaler les dépôts sauvages au service de la propreté",
            "Préparer la journée « quartier propre » avec la régie",
            "Diffuser le numéro du ramassage des encombrants",
            "Demander un bilan du ramassage des conteneurs enterrés",
        ],
        inst: Inst::Interco,
        budget: false,
    },
    Topic {
        titles: &[
            "Jeunesse : un local pour les adolescents",
            "Chantiers éducatifs de l'été",
            "Place des jeunes dans le conseil citoyen",
        ],
        kinds: &[DB, DE],
        sentences: &[
            "Les jeunes présents demandent un lieu ouvert le soir et le week-end, encadré par des animateurs.",
            "Les chantiers éducatifs de l'été ont permis à douze jeunes de repeindre la salle du centre social.",
            "Le conseil constate que les moins de vingt-cinq ans sont peu représentés parmi ses membres.",
            "Le club de prévention propose d'animer une réunion avec les jeunes du quartier.",
        ],
        decisions: &[
            "Le conseil soutient la demande d'ouverture d'un local pour les adolescents.",
            "Le conseil invitera les jeunes du quartier à au moins deux réunions par an.",
        ],
        actions: &[
            "Rencontrer le club de prévention",
            "Organiser une réunion avec les jeunes du quartier",
            "Demander à la mairie un local pour les adolescents",
            "Faire le bilan des chantiers éducatifs",
        ],
        inst: Inst::Mairie,
        budget: false,
    },
    Topic {
        titles: &["Fête de quartier : organisation et budget", "Fête de quartier : bilan de l'édition {y}"],
        kinds: &[DE, DB],
        sentences: &[
            "La fête aura lieu sur la place du marché, avec des stands des associations et un repas partagé.",
            "Le budget prévoit la location d'une sonorisation, des jeux pour les enfants et l'affichage.",
            "Les bénévoles manquent pour l'installation et le rangement.",
            "L'an passé, plus de quatre cents personnes sont venues malgré la pluie.",
        ],
        decisions: &[
            "Le conseil participe à la fête de quartier et finance une partie des animations.",
            "La fête de quartier aura lieu le premier samedi de juin.",
        ],
        actions: &[
            "Réserver la place du marché auprès de la mairie",
            "Réunir les associations pour préparer les stands",
            "Commander les affiches et les tracts",
            "Chercher des bénévoles pour l'installation",
            "Demander le prêt de barnums à la mairie",
        ],
        inst: Inst::Mairie,
        budget: true,
    },
    Topic {
        titles: &["Santé : projet de maison de santé", "Accès aux soins : départ du médecin du quartier"],
        kinds: &[IN, DB],
        sentences: &[
            "Le dernier médecin généraliste du quartier part à la retraite à la fin de l'année.",
            "L'agence régionale de santé présente le projet de maison de santé pluriprofessionnelle.",
            "Les habitants demandent une permanence de la protection maternelle et infantile dans le quartier.",
        ],
        decisions: &[
            "Le conseil soutient le projet de maison de santé et demande à être associé au choix de son implantation.",
        ],
        actions: &[
            "Inviter l'agence régionale de santé à une réunion publique",
            "Recenser les besoins de soins des familles",
            "Écrire à la mairie au sujet de la permanence de PMI",
        ],
        inst: Inst::Mairie,
        budget: false,
    },
    Topic {
        titles: &["Emploi et insertion : forum de l'emploi", "Clauses d'insertion du chantier de rénovation"],
        kinds: &[IN, DE],
        sentences: &[
            "Le forum de l'emploi a accueilli cent cinquante personnes ; vingt ont été reçues en entretien.",
            "Les heures d'insertion du chantier doivent bénéficier en priorité aux habitants du quartier.",
            "La mission locale tient une permanence le mardi matin au centre social.",
        ],
        decisions: &[
            "Le conseil demande un bilan des heures d'insertion réalisées par des habitants du quartier.",
        ],
        actions: &[
            "Demander le bilan des clauses d'insertion",
            "Relayer les offres de la mission locale",
            "Préparer le prochain forum de l'emploi",
        ],
        inst: Inst::Interco,
        budget: false,
    },
    Topic {
        titles: &["Commerces : avenir du centre commercial", "Marché du samedi"],
        kinds: &[DB, IN],
        sentences: &[
            "Trois cellules commerciales sont vides depuis plus d'un an ; les habitants regrettent la fermeture de la boulangerie.",
            "Les commerçants du marché demandent un meilleur éclairage de la place le samedi matin.",
            "Un projet d'épicerie solidaire pourrait s'installer dans une cellule vacante.",
        ],
        decisions: &[
            "Le conseil soutient l'installation d'une épicerie solidaire dans le centre commercial.",
        ],
        actions: &[
            "Rencontrer l'association des commerçants",
            "Demander au bailleur les conditions de location des cellules vides",
            "Écrire à la mairie au sujet de l'éclairage de la place du marché",
        ],
        inst: Inst::Bailleur,
        budget: false,
    },
    Topic {
        titles: &["Logement : régularisation des charges locatives", "Ascenseurs en panne au bâtiment {b}"],
        kinds: &[DB, DE],
        sentences: &[
            "Plusieurs locataires contestent la régularisation des charges de chauffage, en hausse de trente pour cent.",
            "L'ascenseur du bâtiment {b} a été en panne onze jours le mois dernier ; des personnes âgées sont restées bloquées chez elles.",
            "L'amicale des locataires propose une permanence commune avec le conseil.",
        ],
        decisions: &[
            "Le conseil demande au bailleur le détail des charges de chauffage.",
            "Le conseil saisit le délégué du préfet des pannes répétées d'ascenseur.",
        ],
        actions: &[
            "Demander au bailleur le détail des charges de chauffage",
            "Recenser les pannes d'ascenseur avec l'amicale des locataires",
            "Écrire au délégué du préfet au sujet des ascenseurs",
        ],
        inst: Inst::Prefecture,
        budget: false,
    },
    Topic {
        titles: &["Accès aux droits : permanence numérique", "Fermeture du bureau de poste"],
        kinds: &[IN, DB],
        sentences: &[
            "La permanence numérique aide une vingtaine de personnes par semaine pour leurs démarches en ligne.",
            "La fermeture annoncée du bureau de poste inquiète les personnes âgées du quartier.",
            "Le centre social cherche des bénévoles pour accompagner les démarches administratives.",
        ],
        decisions: &["Le conseil demande le maintien d'un point de contact postal dans le quartier."],
        actions: &[
            "Écrire à La Poste au sujet de la fermeture du bureau",
            "Faire connaître la permanence numérique",
            "Chercher des bénévoles pour l'accompagnement aux démarches",
        ],
        inst: Inst::Mairie,
        budget: false,
    },
    Topic {
        titles: &[
            "Vie du conseil : renouvellement des membres",
            "Communication du conseil citoyen",
            "Formation des membres du conseil",
        ],
        kinds: &[DE, DB],
        sentences: &[
            "Le conseil compte plusieurs sièges vacants dans le collège des habitants ; un appel à candidatures est proposé.",
            "La page du conseil sur le site de la mairie n'a pas été mise à jour depuis un an.",
            "Le centre de ressources propose une formation à la prise de parole en réunion publique.",
            "Les membres souhaitent une lettre d'information trimestrielle distribuée dans les boîtes aux lettres.",
        ],
        decisions: &[
            "Le conseil lance un appel à candidatures pour les sièges vacants du collège des habitants.",
            "Le conseil publiera une lettre d'information chaque trimestre.",
            "Trois membres suivront la formation proposée par le centre de ressources.",
        ],
        actions: &[
            "Rédiger l'appel à candidatures",
            "Mettre à jour la page du conseil sur le site de la mairie",
            "Préparer la lettre d'information du trimestre",
            "Inscrire les membres à la formation",
        ],
        inst: Inst::Mairie,
        budget: false,
    },
];

/// The three commissions: their name and the topics they work on.
const COMMISSIONS: [(&str, &[usize]); 3] = [
    ("Commission cadre de vie", &[0, 1, 6, 7, 12, 13]),
    ("Commission jeunesse et éducation", &[5, 8, 10, 11, 14]),
    (
        "Commission animation et fonds de participation",
        &[2, 3, 9, 15],
    ),
];

const DEBATE: [&str; 9] = [
    "Le débat est animé : plusieurs membres rappellent que la question avait déjà été soulevée lors d'une précédente réunion.",
    "Une habitante souligne que les familles ne sont pas toujours informées à temps et propose de distribuer une note dans les boîtes aux lettres.",
    "Le représentant d'une association rappelle que le conseil citoyen doit aussi faire connaître les avis divergents.",
    "Après un tour de table, la proposition recueille un large accord.",
    "Les membres regrettent de ne pas avoir reçu de réponse écrite de la mairie depuis la dernière réunion.",
    "Il est convenu d'y revenir à la prochaine séance plénière, avec des éléments chiffrés.",
    "Un point d'étape sera fait au prochain comité d'animation.",
    "Plusieurs membres insistent sur la sécurité des enfants sur le chemin de l'école.",
    "Les habitants présents rappellent que la réunion publique de l'an dernier avait déjà relevé ce problème.",
];

const DISSENT: [&str; 4] = [
    "Deux membres proposent plutôt d'attendre l'avis des habitants concernés avant de se prononcer.",
    "Une minorité souhaite que la somme soit répartie entre plusieurs associations.",
    "Un membre estime que la proposition ne tient pas compte des familles les plus modestes et demande que son avis figure au compte rendu.",
    "Une proposition alternative demande un bilan par quartier plutôt que pour toute la commune.",
];

const PROJECTS: [&str; 9] = [
    "Sortie familiale à la mer",
    "Tournoi de football inter-quartiers",
    "Atelier cuisine du monde",
    "Vide-grenier solidaire",
    "Fresque murale du bâtiment {b}",
    "Spectacle de fin d'année",
    "Jardin partagé de la {r}",
    "Repas partagé de la fête de quartier",
    "Sortie au musée pour les seniors",
];

const DUE_TEXTS: [&str; 6] = [
    "à la rentrée",
    "avant la prochaine plénière",
    "d'ici la fin de l'année",
    "au prochain comité d'animation",
    "dès que possible",
    "avant l'été",
];

const PUBLIC_SUBJECTS: [(&str, usize); 6] = [
    ("Réunion publique : le projet de rénovation urbaine", 0),
    (
        "Réunion publique : la tranquillité publique dans le quartier",
        1,
    ),
    ("Réunion publique : bilan annuel du conseil citoyen", 15),
    ("Réunion publique : l'avenir du centre commercial", 12),
    ("Réunion publique : les transports et la ligne de bus", 6),
    (
        "Réunion publique : la rentrée scolaire et la cour de l'école",
        5,
    ),
];

const HEAD_COUNT_NOTES: [&str; 4] = [
    "une cinquantaine, une vingtaine en fin de réunion",
    "une trentaine de personnes",
    "près de cent personnes au début, une quarantaine à la fin",
    "voir la liste d'émargement",
];

const WOMEN: [&str; 40] = [
    "Fatou",
    "Nadia",
    "Sylvie",
    "Chloé",
    "Marie-Thérèse",
    "Aïssata",
    "Zoé",
    "Samia",
    "Hélène",
    "Léa",
    "Khadija",
    "Inès",
    "Monique",
    "Amina",
    "Émilie",
    "Sandrine",
    "Yasmina",
    "Christine",
    "Mariam",
    "Sophie",
    "Nathalie",
    "Leïla",
    "Julie",
    "Rokia",
    "Céline",
    "Hawa",
    "Martine",
    "Sarah",
    "Jeanne",
    "Malika",
    "Isabelle",
    "Océane",
    "Fatima",
    "Brigitte",
    "Awa",
    "Laetitia",
    "Soraya",
    "Camille",
    "Djamila",
    "Agnès",
];

const MEN: [&str; 40] = [
    "Jean-Pierre",
    "Mamadou",
    "Karim",
    "Ahmed",
    "Yannick",
    "Rodrigue",
    "Gilles",
    "Thierry",
    "Ousmane",
    "Bruno",
    "Christophe",
    "Pascal",
    "Mohamed",
    "Julien",
    "Franck",
    "Moussa",
    "Éric",
    "Rachid",
    "Patrick",
    "Kevin",
    "Hamid",
    "Serge",
    "Ibrahima",
    "Loïc",
    "Youssef",
    "Didier",
    "Samir",
    "Laurent",
    "Abdel",
    "Michel",
    "Bakary",
    "Sébastien",
    "Nordine",
    "Olivier",
    "Alain",
    "Mehdi",
    "Jérôme",
    "Sofiane",
    "Philippe",
    "Cédric",
];

const LAST_NAMES: [&str; 80] = [
    "Diallo",
    "Lefèvre",
    "Benali",
    "Traoré",
    "Moreau",
    "Haddad",
    "Nguyen",
    "Ouali",
    "Dubois",
    "Le Goff",
    "Koné",
    "Mbemba",
    "Martin",
    "Fontaine",
    "Belkacem",
    "Roux",
    "Garnier",
    "Sow",
    "Petit",
    "Lambert",
    "El Amrani",
    "Mercier",
    "Rahmani",
    "Girard",
    "Barbier",
    "Bernard",
    "Camara",
    "Durand",
    "Cissé",
    "Lopez",
    "Bouzid",
    "Leroy",
    "Diop",
    "Fernandes",
    "Morel",
    "Keita",
    "Chevalier",
    "Benaïssa",
    "Gautier",
    "Da Silva",
    "Mansouri",
    "Perrin",
    "Touré",
    "Robin",
    "Belhadj",
    "Faure",
    "Sylla",
    "Blanc",
    "Hamidi",
    "Guérin",
    "Coulibaly",
    "Muller",
    "Kaci",
    "Henry",
    "Fofana",
    "Rousseau",
    "Amrani",
    "Masson",
    "Bakayoko",
    "Marchand",
    "Ziani",
    "Dupont",
    "Konaté",
    "Lemoine",
    "Chérif",
    "Renaud",
    "Dembélé",
    "Colin",
    "Yilmaz",
    "Arnaud",
    "Pereira",
    "Vidal",
    "Kaya",
    "Brunet",
    "Ndiaye",
    "Picard",
    "Saïdi",
    "Roger",
    "Tran",
    "Boyer",
];

/// Organisations of the collège of associations and local actors (`{q}`: the quartier).
const ORGANISATIONS: [&str; 14] = [
    "Amicale des locataires de {q}",
    "Centre social de {q}",
    "Régie de quartier",
    "Club sportif AS {q}",
    "Association Lire et faire lire",
    "Association des femmes relais",
    "Boulangerie du marché (commerçant)",
    "Pharmacie de {q}",
    "Collectif des parents d'élèves",
    "Association Les Jardins de {q}",
    "Maison des jeunes et de la culture",
    "Épicerie solidaire de {q}",
    "Compagnie de théâtre Les Tréteaux",
    "Amicale des retraités de {q}",
];

const LEAVING_HABITANTS: [&str; 5] = [
    "déménagement hors du quartier",
    "démission pour raisons personnelles",
    "trois absences non excusées consécutives",
    "raisons de santé",
    "manque de disponibilité (nouvel emploi)",
];

const LEAVING_ACTEURS: [&str; 4] = [
    "fin du mandat confié par l'association",
    "changement de poste au sein de la structure",
    "démission",
    "fermeture de l'activité",
];

struct EventTemplate {
    kind: EventKind,
    title: &'static str,
    /// `None`: the whole day; `Some(("", ""))`: the morning; `Some(("", "pm"))`: the
    /// afternoon; otherwise a time range.
    times: Option<(&'static str, &'static str)>,
    place: &'static str,
    weight: u32,
}

const MORNING: Option<(&str, &str)> = Some(("", ""));
const AFTERNOON: Option<(&str, &str)> = Some(("", "pm"));

/// One-off events of the calendar (`{room}`: the council's room, `{bailleur}`).
const EVENT_TEMPLATES: [EventTemplate; 14] = [
    EventTemplate {
        kind: EventKind::Permanence,
        title: "Permanence exceptionnelle du conseil citoyen",
        times: Some(("17:00", "19:00")),
        place: "{room}",
        weight: 6,
    },
    EventTemplate {
        kind: EventKind::Permanence,
        title: "Permanence logement avec {bailleur}",
        times: MORNING,
        place: "Loge du gardien, bâtiment {b}",
        weight: 12,
    },
    EventTemplate {
        kind: EventKind::Atelier,
        title: "Atelier « {topic} »",
        times: Some(("14:00", "16:30")),
        place: "{room}",
        weight: 14,
    },
    EventTemplate {
        kind: EventKind::Atelier,
        title: "Atelier numérique : démarches en ligne",
        times: Some(("14:00", "16:00")),
        place: "Médiathèque du quartier",
        weight: 8,
    },
    EventTemplate {
        kind: EventKind::BaladeUrbaine,
        title: "Balade urbaine : diagnostic en marchant",
        times: AFTERNOON,
        place: "Départ devant l'école de la {r}",
        weight: 6,
    },
    EventTemplate {
        kind: EventKind::ReunionPublique,
        title: "Réunion d'information : {topic}",
        times: Some(("18:30", "20:30")),
        place: "{hall}",
        weight: 6,
    },
    EventTemplate {
        kind: EventKind::ComitePilotage,
        title: "Comité de pilotage du contrat de ville",
        times: Some(("14:30", "16:30")),
        place: "Siège de l'intercommunalité",
        weight: 4,
    },
    EventTemplate {
        kind: EventKind::Pleniere,
        title: "Plénière élargie des conseils citoyens de l'agglomération",
        times: Some(("18:00", "20:00")),
        place: "Hôtel de ville, salle du conseil",
        weight: 2,
    },
    EventTemplate {
        kind: EventKind::DateLimite,
        title: "Dépôt des projets au fonds de participation des habitants",
        times: None,
        place: "",
        weight: 5,
    },
    EventTemplate {
        kind: EventKind::DateLimite,
        title: "Date limite de l'appel à projets du contrat de ville",
        times: None,
        place: "",
        weight: 2,
    },
    EventTemplate {
        kind: EventKind::Autre,
        title: "Vide-grenier du quartier",
        times: None,
        place: "Place du marché",
        weight: 3,
    },
    EventTemplate {
        kind: EventKind::Autre,
        title: "Forum des associations",
        times: AFTERNOON,
        place: "{hall}",
        weight: 3,
    },
    EventTemplate {
        kind: EventKind::Autre,
        title: "Distribution de la lettre d'information",
        times: Some(("17:00", "19:00")),
        place: "Devant le centre commercial",
        weight: 4,
    },
    EventTemplate {
        kind: EventKind::Autre,
        title: "Formation des membres : prise de parole en public",
        times: MORNING,
        place: "Centre de ressources politique de la ville",
        weight: 2,
    },
];

const EVENT_NOTES: [&str; 4] = [
    "Ouvert à tous, sans inscription.",
    "Inscription auprès du centre social.",
    "Les habitants du bâtiment {b} sont particulièrement invités.",
    "Accessible aux personnes à mobilité réduite ; garde d'enfants possible sur place.",
];

struct DemarcheTemplate {
    title: &'static str,
    object: &'static str,
    scale: Scale,
    impacts: &'static str,
    partners: &'static str,
    level: ParticipationLevel,
    phases: &'static [(&'static str, &'static str)],
}

const DEMARCHES: [DemarcheTemplate; 6] = [
    DemarcheTemplate {
        title: "Renouvellement urbain du secteur {q}",
        object: "Le projet de rénovation des bâtiments, de la cour de l'école et des cheminements vers le marché.",
        scale: Scale::Quartier,
        impacts: "Relogement temporaire de familles ; nouvelle place devant l'école ; stationnement réorganisé.",
        partners: "{bailleur}\nMairie de {c}\nAgence nationale pour la rénovation urbaine",
        level: ParticipationLevel::Concertation,
        phases: &[
            ("Diagnostic partagé", "Balades urbaines et questionnaire aux habitants."),
            ("Ateliers de conception", "Trois ateliers sur la cour de l'école, les cheminements et le stationnement."),
            ("Restitution publique", "Présentation du projet retenu en réunion publique."),
            ("Travaux", "Calendrier des travaux à préciser avec le bailleur."),
        ],
    },
    DemarcheTemplate {
        title: "Réaménagement de la place du marché",
        object: "Rendre la place plus sûre et plus agréable : éclairage, bancs, ombre, stationnement des commerçants.",
        scale: Scale::Quartier,
        impacts: "Place fermée à la circulation le samedi matin ; déplacement de l'arrêt de bus.",
        partners: "Mairie de {c}\nAssociation des commerçants",
        level: ParticipationLevel::CoConstruction,
        phases: &[
            ("Recueil des usages", "Permanences sur la place et questionnaire."),
            ("Ateliers de co-conception", "Maquette de la place construite avec les habitants."),
            ("Choix du projet", "Vote des habitants entre deux esquisses."),
            ("Chantier", "Travaux par tranches pour garder le marché ouvert."),
        ],
    },
    DemarcheTemplate {
        title: "Évaluation du contrat de ville",
        object: "L'évaluation des actions du contrat de ville dans le quartier, avec les habitants.",
        scale: Scale::Intercommunalite,
        impacts: "Les priorités des prochaines années du contrat de ville.",
        partners: "Préfecture\n{interco}\nMairie de {c}",
        level: ParticipationLevel::Consultation,
        phases: &[
            ("Questionnaire aux habitants", "Diffusé dans les boîtes aux lettres et en ligne."),
            ("Groupes de travail", "Emploi, éducation, cadre de vie."),
            ("Rapport d'évaluation", "Présenté au comité de pilotage, avis du conseil citoyen."),
        ],
    },
    DemarcheTemplate {
        title: "Plan local de tranquillité publique",
        object: "Les actions de prévention et de médiation dans le quartier.",
        scale: Scale::Commune,
        impacts: "Médiation de nuit, éclairage, aménagement des passages sensibles.",
        partners: "Mairie de {c}\nPolice municipale\nPréfecture",
        level: ParticipationLevel::Concertation,
        phases: &[
            ("Diagnostic", "Recensement des lieux où les habitants ne se sentent pas en sécurité."),
            ("Marches exploratoires", "Marches de nuit avec des habitantes."),
            ("Plan d'actions", "Présenté en réunion publique."),
        ],
    },
    DemarcheTemplate {
        title: "Schéma des mobilités de l'intercommunalité",
        object: "Les lignes de bus, les pistes cyclables et les cheminements piétons de demain.",
        scale: Scale::Intercommunalite,
        impacts: "Horaires et tracés des lignes qui desservent le quartier.",
        partners: "{interco}\nRégion",
        level: ParticipationLevel::Consultation,
        phases: &[
            ("Enquête sur les déplacements", "Questionnaire aux arrêts de bus."),
            ("Réunions publiques", "Une réunion par secteur."),
            ("Avis des conseils citoyens", "Chaque conseil rend un avis sur le projet de schéma."),
        ],
    },
    DemarcheTemplate {
        title: "Cité éducative de {c}",
        object: "Coordonner l'école, les familles et les associations autour des enfants et des jeunes de 0 à 25 ans.",
        scale: Scale::Commune,
        impacts: "Accompagnement scolaire, activités du mercredi, cour d'école rénovée.",
        partners: "Éducation nationale\nMairie de {c}\nCaisse d'allocations familiales",
        level: ParticipationLevel::CoConstruction,
        phases: &[
            ("État des lieux", "Rencontres avec les parents et les enseignants."),
            ("Ateliers parents-enfants", "Propositions pour les mercredis et les vacances."),
            ("Programme d'actions", "Adopté par le comité de pilotage."),
            ("Mise en œuvre", "Premières actions à la rentrée."),
        ],
    },
];

/// The guests of a council: category, organisation, function, feminine.
const GUESTS: [(crate::guest::GuestCategory, &str, &str, bool); 8] = {
    use crate::guest::GuestCategory::*;
    [
        (
            Elu,
            "Mairie de {c}",
            "Adjointe au maire chargée de la politique de la ville",
            true,
        ),
        (
            DeleguePrefet,
            "Préfecture",
            "Délégué du préfet pour les quartiers prioritaires",
            false,
        ),
        (
            DeleguePrefet,
            "Préfecture",
            "Déléguée du préfet pour les quartiers prioritaires",
            true,
        ),
        (
            AgentPolitiqueVille,
            "{interco}",
            "Cheffe de projet politique de la ville",
            true,
        ),
        (Bailleur, "{bailleur}", "Responsable de secteur", false),
        (
            Institution,
            "Caisse d'allocations familiales",
            "Conseillère territoriale",
            true,
        ),
        (
            Institution,
            "Police municipale de {c}",
            "Chef de service",
            false,
        ),
        (
            Association,
            "Centre de ressources politique de la ville",
            "Chargé de mission participation",
            false,
        ),
    ]
};

// ---------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------

/// `d` moved by `days` (negative: back).
fn shift(d: NaiveDate, days: i64) -> NaiveDate {
    d.checked_add_signed(chrono::TimeDelta::days(days))
        .unwrap_or(d)
}

/// « Réunion » → « réunion », to put a title inside a sentence.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// « jean-pierre.le-goff » from « Jean-Pierre » and « Le Goff », for e-mail addresses.
fn ascii(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' => Some('a'),
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => Some('e'),
            'î' | 'ï' | 'Î' => Some('i'),
            'ô' | 'ö' | 'Ô' => Some('o'),
            'ù' | 'û' | 'ü' => Some('u'),
            'ç' => Some('c'),
            ' ' | '-' => Some('-'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
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

/// The words a vocabulary text leaves to the council and the meeting.
struct Fill<'a> {
    quartier: &'a str,
    commune: &'a str,
    building: &'a str,
    street: &'a str,
    year: String,
    bailleur: &'a str,
    interco: &'a str,
}

impl Fill<'_> {
    fn apply(&self, text: &str) -> String {
        if !text.contains('{') {
            return text.to_string();
        }
        text.replace("{q}", self.quartier)
            .replace("{c}", self.commune)
            .replace("{b}", self.building)
            .replace("{r}", self.street)
            .replace("{y}", &self.year)
            .replace("{bailleur}", self.bailleur)
            .replace("{interco}", self.interco)
    }
}

/// The insert statements, prepared once. Columns are those of the row mapping in
/// council.rs, member.rs, guest.rs, meeting.rs, minutes.rs and calendar.rs.
struct Statements<'c> {
    council: CachedStatement<'c>,
    neighbourhood: CachedStatement<'c>,
    member: CachedStatement<'c>,
    member_event: CachedStatement<'c>,
    guest: CachedStatement<'c>,
    meeting: CachedStatement<'c>,
    item: CachedStatement<'c>,
    decision: CachedStatement<'c>,
    attendance: CachedStatement<'c>,
    guest_attendance: CachedStatement<'c>,
    action: CachedStatement<'c>,
    demarche: CachedStatement<'c>,
    phase: CachedStatement<'c>,
    event: CachedStatement<'c>,
    avis: CachedStatement<'c>,
}

impl<'c> Statements<'c> {
    fn prepare(tx: &'c Transaction<'_>) -> Result<Statements<'c>> {
        Ok(Statements {
            council: tx.prepare_cached(
                "INSERT INTO councils (id, name, commune, contrat_de_ville, participation_form,
                   participation_form_other, prefectoral_order_number, prefectoral_order_date,
                   quorum_rule, archived_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7, ?8, NULL, ?9, ?9)",
            )?,
            neighbourhood: tx.prepare_cached(
                "INSERT INTO neighbourhoods (id, council_id, position, qpv_name, qpv_code,
                   created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            )?,
            member: tx.prepare_cached(
                "INSERT INTO members (id, council_id, college, status, first_name, last_name, sex,
                   organisation, roles, entry_date, exit_date, phone, email, postal_address,
                   consent_to_be_named, notes, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            )?,
            member_event: tx.prepare_cached(
                "INSERT INTO member_events (id, member_id, date, kind, detail, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            )?,
            guest: tx.prepare_cached(
                "INSERT INTO guests (id, council_id, first_name, last_name, category, organisation,
                   function, phone, email, notes, archived_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '', ?10, ?11, ?12)",
            )?,
            meeting: tx.prepare_cached(
                "INSERT INTO meetings (id, council_id, kind, title, date, start_time, end_time, place,
                   remote_link, status, head_count, head_count_note, minutes_status, minutes_version,
                   distributed_on, adopted_on, adopted_by_decision_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1, ?14, ?15, ?16, ?17, ?18)",
            )?,
            item: tx.prepare_cached(
                "INSERT INTO agenda_items (id, meeting_id, position, title, kind, presenter,
                   planned_minutes, notes, approves_meeting_id, deferred_from_item_id, created_at,
                   updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?,
            decision: tx.prepare_cached(
                "INSERT INTO decisions (id, agenda_item_id, position, text, outcome, vote, votes_for,
                   votes_against, abstentions, amount_requested_cents, amount_granted_cents, dissent,
                   created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
            )?,
            attendance: tx.prepare_cached(
                "INSERT INTO attendances (id, meeting_id, member_id, state, proxy_member_id, note,
                   created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?,
            guest_attendance: tx.prepare_cached(
                "INSERT INTO guest_attendances (id, meeting_id, guest_id, items_note, created_at,
                   updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?,
            action: tx.prepare_cached(
                "INSERT INTO actions (id, council_id, agenda_item_id, description, owner_kind,
                   owner_member_id, owner_guest_id, owner_text, due_date, due_text, status,
                   created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?,
            demarche: tx.prepare_cached(
                "INSERT INTO demarches (id, council_id, title, object, scale, impacts, partners,
                   level, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?,
            phase: tx.prepare_cached(
                "INSERT INTO phases (id, demarche_id, position, title, start_date, end_date,
                   description, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            )?,
            event: tx.prepare_cached(
                "INSERT INTO events (id, council_id, demarche_id, phase_id, kind, title, date, timing,
                   start_time, end_time, place, address, online_link, description, recurrence,
                   source_uid, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, '', ?12, ?13, ?14, NULL, ?15, ?15)",
            )?,
            avis: tx.prepare_cached(
                "INSERT INTO avis_requests (id, council_id, demarche_id, subject, title, requested_by,
                   requested_on, delay_value, delay_unit, due_on, given_on, notes, created_at,
                   updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
            )?,
        })
    }
}

struct Gen {
    rng: Rng,
    ids: Ids,
    years: u32,
    today: NaiveDate,
    /// The first day of the history and the last day of the planned meetings.
    start: NaiveDate,
    end: NaiveDate,
    /// Timestamps never pass this day: records about the future were written before.
    latest: NaiveDate,
    report: LargeDemoReport,
    /// Decisions waiting for the end of their council's meetings: see
    /// [`write_decisions`].
    decisions: Vec<DecisionRow>,
    /// The council's charter, written after the decisions that adopted its versions.
    charter: Option<CharterPlan>,
}

/// A decision waiting to be written.
struct DecisionRow {
    id: Uuid,
    item_id: Uuid,
    position: i64,
    text: String,
    outcome: Outcome,
    vote: VoteMode,
    counts: Option<(u32, u32, u32)>,
    amounts: Option<(i64, i64)>,
    dissent: &'static str,
    written: String,
}

impl Gen {
    /// The timestamp of a record written on `d` at `hour` (UTC).
    fn stamp(&self, d: NaiveDate, hour: u32) -> String {
        timestamp(self.time(d, hour))
    }

    /// As [`Gen::stamp`], for the row structs of charter.rs.
    fn time(&self, d: NaiveDate, hour: u32) -> chrono::DateTime<chrono::Utc> {
        d.min(self.latest)
            .and_hms_opt(hour.min(23), 0, 0)
            .unwrap_or_default()
            .and_utc()
    }

    fn phone(&mut self) -> String {
        format!(
            "0{} {:02} {:02} {:02} {:02}",
            self.rng.pick(&[6, 7, 6, 1]),
            self.rng.below(100),
            self.rng.below(100),
            self.rng.below(100),
            self.rng.below(100)
        )
    }
}

/// A member as the meetings need them.
struct Person {
    id: Uuid,
    name: String,
    status: MemberStatus,
    roles: &'static [MemberRole],
    entry: NaiveDate,
    exit: Option<NaiveDate>,
}

impl Person {
    /// As `Member::active_on`: from entry to the day before exit.
    fn active_on(&self, day: NaiveDate) -> bool {
        self.entry <= day && self.exit.is_none_or(|x| x > day)
    }
}

struct GuestRec {
    id: Uuid,
    name: String,
    from: NaiveDate,
    until: Option<NaiveDate>,
}

impl GuestRec {
    fn active_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| u > day)
    }
}

/// One council being generated.
struct Ctx<'s> {
    index: usize,
    id: Uuid,
    spec: &'s CouncilSpec,
    members: Vec<Person>,
    guests: Vec<GuestRec>,
}

impl Ctx<'_> {
    fn quartier(&self) -> &'static str {
        self.spec.neighbourhoods.first().map_or("", |n| n.0)
    }

    fn fill(&self, rng: &mut Rng, year: i32) -> Fill<'static> {
        Fill {
            quartier: self.quartier(),
            commune: self.spec.commune,
            building: rng.pick(&["A", "B", "C", "D", "E", "F"]),
            street: rng.pick(self.spec.streets),
            year: year.to_string(),
            bailleur: self.spec.bailleur,
            interco: self.spec.interco,
        }
    }

    fn institution(&self, inst: Inst) -> String {
        match inst {
            Inst::Mairie => format!("Mairie de {}", self.spec.commune),
            Inst::Bailleur => self.spec.bailleur.to_string(),
            Inst::Interco => self.spec.interco.to_string(),
            Inst::Porteuse => self.spec.porteuse.to_string(),
            Inst::Prefecture => "Préfecture (délégué du préfet)".to_string(),
        }
    }

    /// The first member in office that day with `role`, or anyone in office.
    fn holder(&self, in_office: &[usize], role: MemberRole) -> &str {
        in_office
            .iter()
            .map(|&k| &self.members[k])
            .find(|m| m.roles.contains(&role))
            .or_else(|| in_office.first().map(|&k| &self.members[k]))
            .map_or("", |m| m.name.as_str())
    }
}

fn generate(
    tx: &Transaction<'_>,
    options: &LargeDemoOptions,
    today: NaiveDate,
) -> Result<LargeDemoReport> {
    let ids = Ids::new(options.seed);
    let council_ids: Vec<Uuid> = (0..COUNCILS.len())
        .map(|i| ids.named(&format!("council/{i}")))
        .collect();
    for id in &council_ids {
        let found: Option<String> = tx
            .query_row(
                "SELECT name FROM councils WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(name) = found {
            return Err(Error::validation(
                "seed",
                format!(
                    "Les conseils de démonstration de la graine {} sont déjà dans cette base (dont « {name} ») : rien n'a été ajouté. Choisissez une autre graine ou un autre dossier de données.",
                    options.seed
                ),
            ));
        }
    }
    let mut st = Statements::prepare(tx)?;
    let mut g = Gen {
        rng: Rng::new(options.seed),
        ids,
        years: options.years,
        today,
        start: today
            .checked_sub_months(Months::new(12 * options.years))
            .unwrap_or(today),
        end: today.checked_add_days(Days::new(91)).unwrap_or(today),
        latest: today.pred_opt().unwrap_or(today),
        report: LargeDemoReport::default(),
        decisions: Vec::new(),
        charter: None,
    };
    for (index, (spec, id)) in COUNCILS.iter().zip(council_ids).enumerate() {
        // One stream per council: a council's data does not depend on the others'.
        g.rng = Rng::new(options.seed ^ (index as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        let mut ctx = Ctx {
            index,
            id,
            spec,
            members: Vec::new(),
            guests: Vec::new(),
        };
        write_council(&mut g, &mut st, &ctx)?;
        ctx.members = write_members(&mut g, &mut st, &ctx)?;
        ctx.guests = write_guests(&mut g, &mut st, &ctx)?;
        let phases = write_demarches(&mut g, &mut st, &ctx)?;
        write_events(&mut g, &mut st, &ctx, &phases)?;
        write_meetings(&mut g, &mut st, &ctx)?;
        write_decisions(&mut g, &mut st)?;
        write_charter(&mut g, tx)?;
    }
    Ok(g.report)
}

/// Writes the decisions planned since the last call: a council's, after its
/// meetings. Each council's records are thus written together, as when councils come
/// one after the other into a base (their own imports), and search finds them in one
/// stretch of the index (`search::MATCHES`).
///
/// Each new agenda item settles the council of decisions written before it (the
/// search triggers' `UPDATE search_docs … WHERE council_id IS NULL`): served from the
/// partial index of migration 6, that costs nothing when there are none. (Before it,
/// SQLite went through every decision ever indexed at each new item, and decisions
/// had to wait until every council's items were in.)
fn write_decisions(g: &mut Gen, st: &mut Statements<'_>) -> Result<()> {
    for d in std::mem::take(&mut g.decisions) {
        st.decision.execute(params![
            d.id.to_string(),
            d.item_id.to_string(),
            d.position,
            d.text,
            sql::enum_text(&d.outcome),
            sql::enum_text(&d.vote),
            d.counts.map(|c| c.0),
            d.counts.map(|c| c.1),
            d.counts.map(|c| c.2),
            d.amounts.map(|a| a.0),
            d.amounts.map(|a| a.1),
            d.dissent,
            d.written,
        ])?;
        g.report.decisions += 1;
    }
    Ok(())
}

fn write_council(g: &mut Gen, st: &mut Statements<'_>, ctx: &Ctx<'_>) -> Result<()> {
    let spec = ctx.spec;
    let created = g.stamp(g.start, 9);
    st.council.execute(params![
        ctx.id.to_string(),
        spec.name,
        spec.commune,
        format!(
            "Contrat de ville « Engagements Quartiers 2030 » — {}",
            spec.interco
        ),
        sql::enum_text(&spec.form),
        format!("{}-PDV-{:03}", g.start.year(), g.rng.range(10, 250)),
        g.start,
        sql::json_text(&spec.quorum),
        created,
    ])?;
    for (position, (name, code)) in spec.neighbourhoods.iter().enumerate() {
        st.neighbourhood.execute(params![
            g.ids.next().to_string(),
            ctx.id.to_string(),
            position as i64,
            name,
            code,
            created,
        ])?;
    }
    g.report.councils += 1;
    Ok(())
}

/// One person's time on a seat.
struct Tenure {
    seat: usize,
    entry: NaiveDate,
    exit: Option<NaiveDate>,
    /// Successors on a titulaire's seat sometimes sat as suppléant·e first.
    promoted: Option<NaiveDate>,
    sex: Sex,
}

/// Seats of the council, each filled by one person after the other: people leave
/// (the first ones at any time, their successors after two to nine years) and are
/// replaced a few weeks later. Among habitants a successor is most often of the sex
/// the collège lacks on that day, so that parity holds roughly, as councils try to.
fn write_members(g: &mut Gen, st: &mut Statements<'_>, ctx: &Ctx<'_>) -> Result<Vec<Person>> {
    use College::{ActeursLocaux as A, Habitants as H};
    use MemberRole::*;
    use MemberStatus::{Complementaire as C, Suppleant as S, Titulaire as T};
    let mut seats: Vec<(College, MemberStatus, &'static [MemberRole])> = vec![
        (H, T, &[Animateur]),
        (H, T, &[Secretaire]),
        (H, T, &[Referent, RepresentantCopil]),
        (H, T, &[Tresorier]),
        (H, T, &[PorteParole]),
        (H, T, &[]),
        (H, T, &[]),
        (H, T, &[]),
    ];
    seats.extend((0..ctx.spec.extra_habitants).map(|_| (H, T, &[] as &[MemberRole])));
    seats.extend([
        (H, S, &[] as &[MemberRole]),
        (H, S, &[]),
        (H, S, &[]),
        (H, C, &[]),
        (H, C, &[]),
        (A, T, &[Animateur]),
        (A, T, &[RepresentantCopil]),
        (A, T, &[]),
        (A, T, &[]),
        (A, T, &[]),
        (A, T, &[]),
        (A, S, &[]),
        (A, S, &[]),
        (A, C, &[]),
    ]);

    // Who sits when.
    let mut tenures: Vec<Tenure> = Vec::new();
    for (seat, &(_, status, _)) in seats.iter().enumerate() {
        let mut entry = g.start;
        let mut first = true;
        loop {
            let days = if first {
                g.rng.range(180, 365 * 11)
            } else {
                g.rng.range(365 * 2, 365 * 9)
            };
            let exit = Some(shift(entry, i64::from(days))).filter(|&x| x < g.today);
            let promoted = (status == T && !first && g.rng.chance(30))
                .then(|| shift(entry, i64::from(g.rng.range(90, 400))))
                .filter(|&d| d < exit.unwrap_or(g.today));
            tenures.push(Tenure {
                seat,
                entry,
                exit,
                promoted,
                sex: if seat % 2 == 0 { Sex::F } else { Sex::M },
            });
            let Some(left) = exit else { break };
            entry = shift(left, i64::from(g.rng.range(10, 75)));
            if entry >= g.today {
                break;
            }
            first = false;
        }
    }
    // Who they are: successors among habitants balance the collège that day.
    let mut order: Vec<usize> = (0..tenures.len()).collect();
    order.sort_by_key(|&i| (tenures[i].entry, tenures[i].seat));
    for &i in &order {
        let t = &tenures[i];
        if seats[t.seat].0 == A {
            tenures[i].sex = if g.rng.chance(50) { Sex::F } else { Sex::M };
            continue;
        }
        if t.entry == g.start {
            continue;
        }
        let day = t.entry;
        let in_office = |sex: Sex| {
            tenures
                .iter()
                .filter(|o| seats[o.seat].0 == H && o.sex == sex)
                .filter(|o| o.entry < day && o.exit.is_none_or(|x| x > day))
                .count()
        };
        let (women, men) = (in_office(Sex::F), in_office(Sex::M));
        let lacking = match women.cmp(&men) {
            std::cmp::Ordering::Less => Sex::F,
            std::cmp::Ordering::Greater => Sex::M,
            std::cmp::Ordering::Equal if g.rng.chance(50) => Sex::F,
            std::cmp::Ordering::Equal => Sex::M,
        };
        let other = if lacking == Sex::F { Sex::M } else { Sex::F };
        tenures[i].sex = if g.rng.chance(80) { lacking } else { other };
    }

    let stale_before = g
        .today
        .checked_sub_months(Months::new(24))
        .unwrap_or(g.today);
    let mut people = Vec::new();
    let mut organisation = "";
    for t in &tenures {
        let (college, status, roles) = seats[t.seat];
        let (entry, exit, promoted, sex) = (t.entry, t.exit, t.promoted, t.sex);
        // An association often sends someone new to the seat it holds.
        if entry == g.start || !g.rng.chance(60) {
            organisation = if entry == g.start {
                ORGANISATIONS[(t.seat + 3 * ctx.index) % ORGANISATIONS.len()]
            } else {
                g.rng.pick(&ORGANISATIONS)
            };
        }
        let known_sex = !(status == C && college == H && g.rng.chance(15));
        let first_name = match sex {
            Sex::F => g.rng.pick(&WOMEN),
            Sex::M => g.rng.pick(&MEN),
        };
        let last_name = g.rng.pick(&LAST_NAMES);
        let fill = ctx.fill(&mut g.rng, g.start.year());
        let person = Person {
            id: g.ids.next(),
            name: format!("{first_name} {last_name}"),
            status,
            roles,
            entry,
            exit,
        };
        let mut phone = if g.rng.chance(75) {
            g.phone()
        } else {
            String::new()
        };
        let mut email = if g.rng.chance(55) {
            format!("{}.{}@exemple.fr", ascii(first_name), ascii(last_name))
        } else {
            String::new()
        };
        let mut address = if college == H && g.rng.chance(60) {
            format!(
                "{} {}, {} {}",
                g.rng.range(1, 60),
                g.rng.pick(ctx.spec.streets),
                ctx.spec.postcode,
                ctx.spec.commune
            )
        } else {
            String::new()
        };
        // Most councils cleared the details of those who left long ago (RGPD).
        if exit.is_some_and(|x| x <= stale_before) && g.rng.chance(85) {
            phone.clear();
            email.clear();
            address.clear();
        }
        let notes = if g.rng.chance(5) {
            "Disponible surtout le samedi."
        } else {
            ""
        };
        st.member.execute(params![
            person.id.to_string(),
            ctx.id.to_string(),
            sql::enum_text(&college),
            sql::enum_text(&status),
            first_name,
            last_name,
            known_sex.then(|| sql::enum_text(&sex)),
            if college == A {
                fill.apply(organisation)
            } else {
                String::new()
            },
            sql::json_text(&roles),
            entry,
            exit,
            phone,
            email,
            address,
            g.rng.chance(85),
            notes,
            g.stamp(entry, 18),
            g.stamp(exit.or(promoted).unwrap_or(entry), 18),
        ])?;
        let entered_as = if promoted.is_some() { S } else { status };
        let reason = if college == H {
            g.rng.pick(&LEAVING_HABITANTS)
        } else {
            g.rng.pick(&LEAVING_ACTEURS)
        };
        let mut event = |date: NaiveDate, kind: MemberEventKind, detail: String| {
            st.member_event.execute(params![
                g.ids.next().to_string(),
                person.id.to_string(),
                date,
                sql::enum_text(&kind),
                detail,
                g.stamp(date, 18),
            ])
        };
        event(
            entry,
            MemberEventKind::Entree,
            format!("{}, {}", college.label(), entered_as.label()),
        )?;
        if let Some(date) = promoted {
            event(
                date,
                MemberEventKind::Changement,
                format!("{} → {}", S.label(), T.label()),
            )?;
        }
        if let Some(date) = exit {
            event(date, MemberEventKind::Sortie, reason.to_string())?;
        }
        g.report.members += 1;
        people.push(person);
    }
    Ok(people)
}

/// Élue, délégué·es du préfet (the first one left half-way and is archived), agents,
/// bailleur, institutions and a resource centre.
fn write_guests(g: &mut Gen, st: &mut Statements<'_>, ctx: &Ctx<'_>) -> Result<Vec<GuestRec>> {
    let half = shift(g.start, (g.today - g.start).num_days() / 2);
    let fill = ctx.fill(&mut g.rng, g.today.year());
    let mut out = Vec::new();
    for (k, &(category, organisation, function, feminine)) in GUESTS.iter().enumerate() {
        let first = if feminine {
            g.rng.pick(&WOMEN)
        } else {
            g.rng.pick(&MEN)
        };
        let last = g.rng.pick(&LAST_NAMES);
        let (from, until) = match k {
            1 => (g.start, Some(half)),
            2 => (half, None),
            _ => (g.start, None),
        };
        let id = g.ids.next();
        let phone = if g.rng.chance(40) {
            g.phone()
        } else {
            String::new()
        };
        let email = if g.rng.chance(70) {
            format!("{}.{}@exemple.fr", ascii(first), ascii(last))
        } else {
            String::new()
        };
        st.guest.execute(params![
            id.to_string(),
            ctx.id.to_string(),
            first,
            last,
            sql::enum_text(&category),
            fill.apply(organisation),
            function,
            phone,
            email,
            until.map(|d| g.stamp(d, 10)),
            g.stamp(from, 10),
            g.stamp(until.unwrap_or(from), 10),
        ])?;
        out.push(GuestRec {
            id,
            name: format!("{first} {last}"),
            from,
            until,
        });
    }
    Ok(out)
}

struct PhaseRec {
    id: Uuid,
    demarche_id: Uuid,
    demarche_title: String,
    title: &'static str,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

/// A démarche every two years or so, its phases one after the other (those far ahead
/// still « à définir »), an avis asked on each, and the avis on the contrat de ville's
/// annual report every spring.
fn write_demarches(g: &mut Gen, st: &mut Statements<'_>, ctx: &Ctx<'_>) -> Result<Vec<PhaseRec>> {
    let count = g.years.div_ceil(2).max(1);
    let span = (g.today - g.start).num_days().max(1);
    let horizon = shift(g.today, 60);
    let fill = ctx.fill(&mut g.rng, g.today.year());
    let mut phases = Vec::new();
    for k in 0..count {
        let tpl = &DEMARCHES[(k as usize + ctx.index) % DEMARCHES.len()];
        let id = g.ids.next();
        let title = fill.apply(tpl.title);
        let begin = shift(
            g.start,
            span * i64::from(k) / i64::from(count) + i64::from(g.rng.range(0, 60)),
        );
        let mut cursor = begin;
        let mut rows = Vec::new();
        for (p, &(phase_title, description)) in tpl.phases.iter().enumerate() {
            let start = cursor;
            let end = shift(start, i64::from(g.rng.range(45, 150)));
            cursor = shift(end, i64::from(g.rng.range(0, 30)));
            let last = p + 1 == tpl.phases.len();
            let (start, end) = if start > horizon {
                (None, None)
            } else if last && end > g.today {
                (Some(start), None)
            } else {
                (Some(start), Some(end))
            };
            rows.push((g.ids.next(), phase_title, description, start, end));
        }
        let status = if rows.iter().all(|r| r.4.is_some_and(|e| e < g.today)) {
            DemarcheStatus::Terminee
        } else if begin > g.today {
            DemarcheStatus::Prevue
        } else {
            DemarcheStatus::EnCours
        };
        let created = g.stamp(shift(begin, -30), 9);
        st.demarche.execute(params![
            id.to_string(),
            ctx.id.to_string(),
            title,
            fill.apply(tpl.object),
            sql::enum_text(&tpl.scale),
            fill.apply(tpl.impacts),
            fill.apply(tpl.partners),
            sql::enum_text(&tpl.level),
            sql::enum_text(&status),
            created,
            g.stamp(cursor, 9),
        ])?;
        for (position, (phase_id, phase_title, description, start, end)) in rows.iter().enumerate()
        {
            st.phase.execute(params![
                phase_id.to_string(),
                id.to_string(),
                position as i64,
                phase_title,
                start,
                end,
                description,
                created,
            ])?;
            phases.push(PhaseRec {
                id: *phase_id,
                demarche_id: id,
                demarche_title: title.clone(),
                title: phase_title,
                start: *start,
                end: *end,
            });
        }
        // The council's avis, asked when the last-but-one phase starts, within 21 days.
        if let Some(requested) = rows.len().checked_sub(2).and_then(|i| rows[i].3) {
            if requested <= g.end {
                write_avis(
                    g,
                    st,
                    ctx,
                    Some(id),
                    &format!("Avis du conseil sur la démarche « {title} »"),
                    requested,
                    DelayUnit::Jours,
                )?;
            }
        }
    }
    for year in g.start.year()..=g.end.year() {
        let Some(requested) = NaiveDate::from_ymd_opt(year, 5, g.rng.range(5, 20)) else {
            continue;
        };
        if requested < g.start || requested > g.end {
            continue;
        }
        write_avis(
            g,
            st,
            ctx,
            None,
            &format!("Rapport annuel {} du contrat de ville", year - 1),
            requested,
            DelayUnit::Mois,
        )?;
    }
    Ok(phases)
}

fn write_avis(
    g: &mut Gen,
    st: &mut Statements<'_>,
    ctx: &Ctx<'_>,
    demarche: Option<Uuid>,
    title: &str,
    requested: NaiveDate,
    unit: DelayUnit,
) -> Result<()> {
    let (subject, value, due, requested_by) = match unit {
        DelayUnit::Mois => (
            crate::calendar::AvisSubject::RapportAnnuel,
            1,
            requested
                .checked_add_months(Months::new(1))
                .unwrap_or(requested),
            format!("Préfecture et {}", ctx.spec.interco),
        ),
        DelayUnit::Jours => (
            crate::calendar::AvisSubject::Autre,
            21,
            shift(requested, 21),
            format!("Mairie de {}", ctx.spec.commune),
        ),
    };
    // Most avis were given a few days before the deadline; some were not (« réputé
    // favorable »), and those still running wait for the council.
    let given = (due < g.today && g.rng.chance(85))
        .then(|| shift(due, -i64::from(g.rng.range(1, 10))).max(requested));
    st.avis.execute(params![
        g.ids.next().to_string(),
        ctx.id.to_string(),
        demarche.map(|d| d.to_string()),
        sql::enum_text(&subject),
        title,
        requested_by,
        requested,
        value,
        sql::enum_text(&unit),
        due,
        given,
        "Sans avis rendu à la date limite, l'avis est réputé favorable.",
        g.stamp(requested, 9),
    ])?;
    Ok(())
}

/// Every school year a weekly permanence (with holidays off) and a « café des
/// habitants » the last Sunday of the month; besides, some ten events a month, those
/// of a démarche in its phases.
fn write_events(
    g: &mut Gen,
    st: &mut Statements<'_>,
    ctx: &Ctx<'_>,
    phases: &[PhaseRec],
) -> Result<()> {
    let room = ctx.spec.rooms.first().copied().unwrap_or_default();
    let mut event = |g: &mut Gen,
                     date: NaiveDate,
                     kind: EventKind,
                     title: &str,
                     times: Option<(&str, &str)>,
                     place: &str,
                     extra: (Option<&PhaseRec>, &str, &str, Option<Recurrence>)|
     -> Result<()> {
        let (phase, link, description, recurrence) = extra;
        let timing = match times {
            None => crate::calendar::Timing::AllDay,
            Some(("", "")) => crate::calendar::Timing::Morning,
            Some(("", _)) => crate::calendar::Timing::Afternoon,
            Some(_) => crate::calendar::Timing::Timed,
        };
        let (start, end) = match times {
            Some((s, e)) if !s.is_empty() => (Some(s), Some(e)),
            _ => (None, None),
        };
        st.event.execute(params![
            g.ids.next().to_string(),
            ctx.id.to_string(),
            phase.map(|p| p.demarche_id.to_string()),
            phase.map(|p| p.id.to_string()),
            sql::enum_text(&kind),
            title,
            date,
            sql::enum_text(&timing),
            start,
            end,
            place,
            link,
            description,
            recurrence.as_ref().map(sql::json_text),
            g.stamp(shift(date, -20), 9),
        ])?;
        g.report.events += 1;
        Ok(())
    };
    for year in g.start.year()..=g.end.year() {
        if let Some(first) = nth_weekday(year, 9, Weekday::Wed, 2) {
            if first >= g.start && first <= g.end {
                let recurrence = Recurrence {
                    frequency: Frequency::Weekly,
                    interval: 1,
                    until: NaiveDate::from_ymd_opt(year + 1, 6, 30),
                    count: None,
                    exceptions: vec![shift(first, 7 * 7), shift(first, 7 * 15)],
                };
                event(
                    g,
                    first,
                    EventKind::Permanence,
                    "Permanence hebdomadaire du conseil citoyen",
                    Some(("16:00", "18:00")),
                    room,
                    (
                        None,
                        "",
                        "Sans rendez-vous, sauf pendant les vacances scolaires.",
                        Some(recurrence),
                    ),
                )?;
            }
        }
        if let Some(first) = nth_weekday(year, 9, Weekday::Sun, -1) {
            if first >= g.start && first <= g.end {
                let recurrence = Recurrence {
                    frequency: Frequency::MonthlyByWeekday { week: -1 },
                    interval: 1,
                    until: None,
                    count: Some(10),
                    exceptions: Vec::new(),
                };
                event(
                    g,
                    first,
                    EventKind::Autre,
                    "Café des habitants",
                    MORNING,
                    "Place du marché",
                    (None, "", "", Some(recurrence)),
                )?;
            }
        }
    }
    let total_weight: u32 = EVENT_TEMPLATES.iter().map(|t| t.weight).sum();
    let (mut year, mut month) = (g.start.year(), g.start.month());
    while (year, month) <= (g.end.year(), g.end.month()) {
        for _ in 0..g.rng.range(9, 12) {
            let Some(date) = NaiveDate::from_ymd_opt(year, month, g.rng.range(1, 28)) else {
                continue;
            };
            if date < g.start || date > g.end {
                continue;
            }
            let mut roll = g.rng.below(total_weight);
            let tpl = EVENT_TEMPLATES
                .iter()
                .find(|t| {
                    if roll < t.weight {
                        true
                    } else {
                        roll -= t.weight;
                        false
                    }
                })
                .unwrap_or(&EVENT_TEMPLATES[0]);
            let fill = ctx.fill(&mut g.rng, year - 1);
            let topic = &TOPICS[g.rng.below(TOPICS.len() as u32) as usize];
            let topic_title = fill.apply(topic.titles[0]);
            let in_demarche = matches!(
                tpl.kind,
                EventKind::Atelier
                    | EventKind::BaladeUrbaine
                    | EventKind::ReunionPublique
                    | EventKind::ComitePilotage
            ) && g.rng.chance(60);
            let phase = phases
                .iter()
                .find(|p| p.start.is_some_and(|s| s <= date) && p.end.is_none_or(|e| e >= date))
                .filter(|_| in_demarche);
            let title = match (phase, tpl.kind) {
                (Some(p), EventKind::Atelier) => {
                    format!("Atelier « {} » — {}", p.title, p.demarche_title)
                }
                (Some(p), EventKind::BaladeUrbaine) => {
                    format!("Balade urbaine — {}", p.demarche_title)
                }
                (Some(p), EventKind::ReunionPublique) => {
                    format!("Réunion publique — {}", p.demarche_title)
                }
                (Some(p), _) => format!("Comité de pilotage — {}", p.demarche_title),
                (None, _) => fill.apply(tpl.title).replace("{topic}", &topic_title),
            };
            let place = fill
                .apply(tpl.place)
                .replace("{room}", room)
                .replace("{hall}", ctx.spec.hall);
            let link = if tpl.kind == EventKind::ComitePilotage && g.rng.chance(40) {
                format!("https://visio.exemple.fr/copil-{}", ctx.index + 1)
            } else {
                String::new()
            };
            let description = if g.rng.chance(40) {
                fill.apply(g.rng.pick(&EVENT_NOTES))
            } else {
                String::new()
            };
            event(
                g,
                date,
                tpl.kind,
                &title,
                tpl.times,
                &place,
                (phase, &link, &description, None),
            )?;
        }
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    Ok(())
}

/// Which body of the council meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    Pleniere,
    Comite,
    Commission(usize),
    Publique,
}

impl Body {
    /// Index of the queue of items deferred to this body's next meeting.
    fn queue(self) -> usize {
        match self {
            Body::Pleniere => 0,
            Body::Comite => 1,
            Body::Commission(k) => 2 + k,
            Body::Publique => 2 + COMMISSIONS.len(),
        }
    }
}

/// The approval of an earlier meeting's minutes, on an `approbation_cr` item.
struct Approval {
    target: usize,
    item_id: Uuid,
    /// The decision and its outcome, for a held meeting.
    decision: Option<(Uuid, Outcome)>,
    /// The approval item of a meeting that deferred this same approval.
    deferred_from: Option<Uuid>,
}

struct Plan {
    id: Uuid,
    body: Body,
    date: NaiveDate,
    status: MeetingStatus,
    approvals: Vec<Approval>,
    minutes: MinutesStatus,
    distributed_on: Option<NaiveDate>,
    adopted_on: Option<NaiveDate>,
    adopted_by: Option<Uuid>,
    /// The version of the charter this plénière adopts, and the decision that does.
    charter: Option<(u32, Uuid)>,
}

/// An item whose decision was deferred, waiting for the next meeting of its body.
struct Deferred {
    item_id: Uuid,
    title: String,
    kind: ItemKind,
    topic: usize,
}

/// The calendar of meetings, about fifty a year: a plénière every month but July and
/// August, a comité d'animation on the first and third Monday (not in August), each of
/// the three commissions every other month, and three réunions publiques a year.
fn schedule(g: &mut Gen, spec: &CouncilSpec) -> Vec<Plan> {
    let (start, end) = (g.start, g.end);
    let mut found: Vec<(NaiveDate, Body)> = Vec::new();
    let (mut year, mut month) = (start.year(), start.month());
    while (year, month) <= (end.year(), end.month()) {
        let mut add = |body: Body, date: Option<NaiveDate>| {
            if let Some(d) = date.filter(|d| *d >= start && *d <= end) {
                found.push((d, body));
            }
        };
        let summer = month == 7 || month == 8;
        if !summer {
            add(
                Body::Pleniere,
                nth_weekday(year, month, spec.pleniere.0, spec.pleniere.1),
            );
        }
        if month != 8 {
            add(Body::Comite, nth_weekday(year, month, Weekday::Mon, 1));
            add(Body::Comite, nth_weekday(year, month, Weekday::Mon, 3));
        }
        for k in 0..COMMISSIONS.len() {
            if !summer && (month as usize + k).is_multiple_of(2) {
                let week = if k == 2 { 4 } else { 3 };
                add(
                    Body::Commission(k),
                    nth_weekday(year, month, Weekday::Thu, week),
                );
            }
        }
        if matches!(month, 3 | 6 | 10) {
            add(Body::Publique, nth_weekday(year, month, Weekday::Sat, 2));
        }
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    found.sort_by_key(|&(d, b)| (d, b.queue()));
    found
        .into_iter()
        .map(|(date, body)| Plan {
            id: g.ids.next(),
            body,
            date,
            status: if date >= g.today {
                MeetingStatus::Prevue
            } else if g.rng.chance(2) {
                MeetingStatus::Annulee
            } else {
                MeetingStatus::Tenue
            },
            approvals: Vec::new(),
            minutes: MinutesStatus::Brouillon,
            distributed_on: None,
            adopted_on: None,
            adopted_by: None,
            charter: None,
        })
        .collect()
}

/// Who adopts whose minutes, as a council does it: each meeting (but the public ones)
/// approves the minutes of the meetings held since the previous approval. A held
/// meeting adopts them; a planned one has them on its agenda. Sometimes the last held
/// meeting deferred its approval (the compte rendu was not sent in time): the two
/// last held meetings then wait.
fn chain(g: &mut Gen, plans: &mut [Plan]) {
    let held = |p: &Plan| p.status == MeetingStatus::Tenue;
    let last_adopter = plans
        .iter()
        .rposition(|p| held(p) && p.body != Body::Publique);
    let defer_last =
        g.rng.chance(50) && last_adopter.is_some_and(|i| !plans[i + 1..].iter().any(held));
    let mut pending: Vec<(usize, Option<Uuid>)> = Vec::new();
    for i in 0..plans.len() {
        if plans[i].status == MeetingStatus::Annulee {
            continue;
        }
        if plans[i].body != Body::Publique && !pending.is_empty() {
            let is_held = held(&plans[i]);
            let defer = is_held && defer_last && Some(i) == last_adopter && pending.len() == 1;
            let mut again = Vec::new();
            for (target, deferred_from) in std::mem::take(&mut pending) {
                let item_id = g.ids.next();
                let decision = if !is_held {
                    None
                } else if defer {
                    again.push((target, Some(item_id)));
                    Some((g.ids.next(), Outcome::Reporte))
                } else {
                    let decision_id = g.ids.next();
                    let date = plans[i].date;
                    let sent = shift(plans[target].date, i64::from(g.rng.range(4, 14))).min(date);
                    let t = &mut plans[target];
                    t.minutes = MinutesStatus::Adopte;
                    t.adopted_on = Some(date);
                    t.adopted_by = Some(decision_id);
                    t.distributed_on = Some(sent);
                    Some((decision_id, Outcome::Adopte))
                };
                plans[i].approvals.push(Approval {
                    target,
                    item_id,
                    decision,
                    deferred_from,
                });
            }
            pending = again;
        }
        if held(&plans[i]) {
            pending.push((i, None));
        }
    }
    // Minutes not adopted yet: the latest is still a draft, an earlier one was sent out.
    let waiting: Vec<usize> = (0..plans.len())
        .filter(|&i| held(&plans[i]) && plans[i].minutes != MinutesStatus::Adopte)
        .collect();
    for &i in waiting.iter().rev().skip(1) {
        plans[i].minutes = MinutesStatus::Diffuse;
        plans[i].distributed_on = Some(shift(plans[i].date, 6).min(g.latest));
    }
}

fn write_meetings(g: &mut Gen, st: &mut Statements<'_>, ctx: &Ctx<'_>) -> Result<()> {
    let mut plans = schedule(g, ctx.spec);
    chain(g, &mut plans);
    plan_charter(g, ctx, &mut plans);
    let mut queues: Vec<Vec<Deferred>> = (0..=Body::Publique.queue()).map(|_| Vec::new()).collect();
    for i in 0..plans.len() {
        write_meeting(g, st, ctx, &plans, i, &mut queues)?;
    }
    Ok(())
}

/// One agenda item before it is written.
struct ItemPlan {
    id: Uuid,
    title: String,
    kind: ItemKind,
    topic: Option<usize>,
    presenter: String,
    approval: Option<usize>,
    deferred_from: Option<Uuid>,
    minutes: u32,
    /// The charter version this item adopts, and the decision that does.
    charter: Option<(u32, Uuid)>,
}

/// Votes of a counted vote among `voters`: mostly for when adopted, mostly against
/// when rejected.
fn votes(rng: &mut Rng, voters: u32, rejected: bool) -> (u32, u32, u32) {
    let abstentions = rng.below(3).min(voters);
    let rest = voters - abstentions;
    let minority = rng.below(rest / 3 + 1);
    if rejected {
        (minority, rest - minority, abstentions)
    } else {
        (rest - minority, minority, abstentions)
    }
}

fn write_meeting(
    g: &mut Gen,
    st: &mut Statements<'_>,
    ctx: &Ctx<'_>,
    plans: &[Plan],
    index: usize,
    queues: &mut [Vec<Deferred>],
) -> Result<()> {
    let spec = ctx.spec;
    let p = &plans[index];
    let held = p.status == MeetingStatus::Tenue;
    let cancelled = p.status == MeetingStatus::Annulee;
    let fill = ctx.fill(&mut g.rng, p.date.year() - 1);
    let public_subject = g.rng.below(PUBLIC_SUBJECTS.len() as u32) as usize;
    let remote = p.body == Body::Comite && g.rng.chance(10);
    let (kind, title, times, place) = match p.body {
        Body::Pleniere => (
            MeetingKind::Pleniere,
            format!("Séance plénière {} {}", of_month(p.date), p.date.year()),
            ("18:30", "20:30"),
            spec.rooms[0].to_string(),
        ),
        Body::Comite => (
            MeetingKind::ComiteAnimation,
            format!("Comité d'animation du {}", format::date(p.date)),
            ("18:00", "19:30"),
            if remote {
                String::new()
            } else {
                spec.rooms[0].to_string()
            },
        ),
        Body::Commission(k) => (
            MeetingKind::Commission,
            format!(
                "{} — {} {}",
                COMMISSIONS[k].0,
                format::month(p.date),
                p.date.year()
            ),
            ("17:30", "19:00"),
            g.rng.pick(spec.rooms).to_string(),
        ),
        Body::Publique => (
            MeetingKind::ReunionPublique,
            PUBLIC_SUBJECTS[public_subject].0.to_string(),
            ("10:00", "12:00"),
            spec.hall.to_string(),
        ),
    };
    let (head_count, head_count_note) = match (p.body, held) {
        (Body::Publique, true) if g.rng.chance(60) => (Some(g.rng.range(25, 120)), String::new()),
        (Body::Publique, true) => (None, g.rng.pick(&HEAD_COUNT_NOTES).to_string()),
        _ => (None, String::new()),
    };
    let created = g.stamp(shift(p.date, -21), 10);
    let written = if held {
        g.stamp(p.date, 20)
    } else {
        created.clone()
    };
    let updated = match p.adopted_on.or(p.distributed_on) {
        Some(d) => g.stamp(d, 21),
        None => written.clone(),
    };
    st.meeting.execute(params![
        p.id.to_string(),
        ctx.id.to_string(),
        sql::enum_text(&kind),
        title,
        p.date,
        times.0,
        times.1,
        place,
        if remote {
            format!("https://visio.exemple.fr/conseil-{}-comite", ctx.index + 1)
        } else {
            String::new()
        },
        sql::enum_text(&p.status),
        head_count,
        head_count_note,
        sql::enum_text(&p.minutes),
        p.distributed_on,
        p.adopted_on,
        p.adopted_by.map(|d| d.to_string()),
        created,
        updated,
    ])?;
    g.report.meetings += 1;

    let in_office: Vec<usize> = (0..ctx.members.len())
        .filter(|&k| ctx.members[k].active_on(p.date))
        .collect();
    let guests: Vec<&GuestRec> = ctx.guests.iter().filter(|x| x.active_on(p.date)).collect();
    let presenter = |rng: &mut Rng| -> String {
        match rng.below(10) {
            0 => String::new(),
            1 | 2 if !guests.is_empty() => {
                guests[rng.below(guests.len() as u32) as usize].name.clone()
            }
            _ if !in_office.is_empty() => ctx.members
                [in_office[rng.below(in_office.len() as u32) as usize]]
                .name
                .clone(),
            _ => String::new(),
        }
    };

    // The agenda.
    let mut items: Vec<ItemPlan> = Vec::new();
    let item = |title: String, kind: ItemKind, topic: Option<usize>, presenter: String| ItemPlan {
        id: Uuid::nil(),
        title,
        kind,
        topic,
        presenter,
        approval: None,
        deferred_from: None,
        minutes: 0,
        charter: None,
    };
    match p.body {
        Body::Pleniere => items.push(item(
            "Accueil et tour de table".into(),
            ItemKind::Information,
            None,
            ctx.holder(&in_office, MemberRole::Animateur).to_string(),
        )),
        Body::Publique => items.push(item(
            "Présentation du conseil citoyen".into(),
            ItemKind::Information,
            None,
            ctx.holder(&in_office, MemberRole::PorteParole).to_string(),
        )),
        _ => {}
    }
    for (k, a) in p.approvals.iter().enumerate() {
        let mut it = item(
            format!(
                "Approbation du compte rendu de la réunion du {}",
                format::date(plans[a.target].date)
            ),
            ItemKind::ApprobationCr,
            None,
            ctx.holder(&in_office, MemberRole::Secretaire).to_string(),
        );
        it.id = a.item_id;
        it.approval = Some(k);
        it.deferred_from = a.deferred_from;
        items.push(it);
    }
    if let Some((number, decision)) = p.charter {
        let mut it = item(
            charter_item_title(ctx, number),
            ItemKind::Decision,
            None,
            ctx.holder(&in_office, MemberRole::Animateur).to_string(),
        );
        it.charter = Some((number, decision));
        items.push(it);
    }
    if !cancelled {
        for d in std::mem::take(&mut queues[p.body.queue()]) {
            let title = if d.title.ends_with("(point reporté)") {
                d.title
            } else {
                format!("{} (point reporté)", d.title)
            };
            let mut it = item(title, d.kind, Some(d.topic), presenter(&mut g.rng));
            it.deferred_from = Some(d.item_id);
            items.push(it);
        }
    }
    let pool: Vec<usize> = match p.body {
        Body::Commission(k) => COMMISSIONS[k].1.to_vec(),
        _ => (0..TOPICS.len()).collect(),
    };
    let candidates: Vec<(usize, usize)> = pool
        .iter()
        .flat_map(|&t| (0..TOPICS[t].titles.len()).map(move |n| (t, n)))
        .filter(|&(t, _)| !(p.body == Body::Publique && t == PUBLIC_SUBJECTS[public_subject].1))
        .collect();
    let wanted = match p.body {
        Body::Pleniere => g.rng.range(6, 9),
        Body::Comite => g.rng.range(6, 9),
        Body::Commission(_) => g.rng.range(6, 9),
        Body::Publique => g.rng.range(5, 7),
    } as usize;
    let mut chosen: Vec<(usize, usize)> = Vec::new();
    if p.body == Body::Publique {
        chosen.push((PUBLIC_SUBJECTS[public_subject].1, 0));
    }
    chosen.extend(
        g.rng
            .distinct(candidates.len(), wanted)
            .into_iter()
            .map(|c| candidates[c]),
    );
    for (t, n) in chosen {
        let topic = &TOPICS[t];
        let kind = g.rng.pick(topic.kinds);
        let who = presenter(&mut g.rng);
        items.push(item(fill.apply(topic.titles[n]), kind, Some(t), who));
    }
    match p.body {
        Body::Publique => items.push(item(
            "Échanges avec la salle".into(),
            ItemKind::Debat,
            None,
            String::new(),
        )),
        _ => items.push(item(
            "Questions diverses".into(),
            ItemKind::Information,
            None,
            String::new(),
        )),
    }
    for it in &mut items {
        if it.id.is_nil() {
            it.id = g.ids.next();
        }
        it.minutes = match it.kind {
            _ if it.charter.is_some() => 20,
            ItemKind::ApprobationCr => 5,
            ItemKind::Information => 5 * g.rng.range(2, 4),
            _ => 5 * g.rng.range(4, 9),
        };
    }

    // Who came, for a held meeting: enough for the quorum.
    let mut states: Vec<AttendanceState> = Vec::new();
    if held {
        states = in_office
            .iter()
            .map(|&k| {
                let likely = if ctx.members[k].status == MemberStatus::Complementaire {
                    45
                } else {
                    74
                };
                match g.rng.below(100) {
                    r if r < likely => AttendanceState::Present,
                    r if r < likely + 13 => AttendanceState::Excuse,
                    r if r < likely + 19 => AttendanceState::Represente,
                    _ => AttendanceState::Absent,
                }
            })
            .collect();
        let in_base = |k: usize| match spec.quorum.base() {
            Some(QuorumBase::Titulaires) => ctx.members[k].status == MemberStatus::Titulaire,
            _ => true,
        };
        let base = in_office.iter().filter(|&&k| in_base(k)).count() as u32;
        let required = spec.quorum.required(base);
        let mut present = in_office
            .iter()
            .zip(&states)
            .filter(|(&k, &s)| in_base(k) && s == AttendanceState::Present)
            .count() as u32;
        for (n, &k) in in_office.iter().enumerate() {
            if present >= required {
                break;
            }
            if in_base(k) && states[n] != AttendanceState::Present {
                states[n] = AttendanceState::Present;
                present += 1;
            }
        }
        let present_ones: Vec<usize> = (0..states.len())
            .filter(|&n| states[n] == AttendanceState::Present)
            .collect();
        for n in 0..states.len() {
            let proxy = if states[n] == AttendanceState::Represente && !present_ones.is_empty() {
                Some(ctx.members[in_office[g.rng.pick(&present_ones)]].id)
            } else {
                None
            };
            if states[n] == AttendanceState::Represente && proxy.is_none() {
                states[n] = AttendanceState::Excuse;
            }
            let note = if states[n] == AttendanceState::Present && g.rng.chance(3) {
                g.rng
                    .pick(&["arrivée au point 3", "départ avant la fin de la réunion"])
            } else {
                ""
            };
            st.attendance.execute(params![
                g.ids.next().to_string(),
                p.id.to_string(),
                ctx.members[in_office[n]].id.to_string(),
                sql::enum_text(&states[n]),
                proxy.map(|x| x.to_string()),
                note,
                written,
            ])?;
        }
        let invited = match p.body {
            Body::Pleniere => g.rng.range(1, 3),
            Body::Publique => g.rng.range(1, 2),
            _ => u32::from(g.rng.chance(25)),
        } as usize;
        for k in g.rng.distinct(guests.len(), invited) {
            let note = if g.rng.chance(20) {
                format!("pour le point {} seulement", g.rng.range(2, 4))
            } else {
                String::new()
            };
            st.guest_attendance.execute(params![
                g.ids.next().to_string(),
                p.id.to_string(),
                guests[k].id.to_string(),
                note,
                written,
            ])?;
        }
    }
    let present = states
        .iter()
        .filter(|&&s| s == AttendanceState::Present)
        .count() as u32;
    let voters = present
        + states
            .iter()
            .filter(|&&s| s == AttendanceState::Represente)
            .count() as u32;

    for (position, it) in items.iter().enumerate() {
        let notes = if held {
            item_notes(g, &fill, it, &items, p, &in_office, present)
        } else {
            String::new()
        };
        st.item.execute(params![
            it.id.to_string(),
            p.id.to_string(),
            position as i64,
            it.title,
            sql::enum_text(&it.kind),
            it.presenter,
            it.minutes,
            notes,
            it.approval
                .map(|k| plans[p.approvals[k].target].id.to_string()),
            it.deferred_from.map(|d| d.to_string()),
            written,
            written,
        ])?;
        g.report.agenda_items += 1;
        if !held {
            continue;
        }
        let deferred = plan_decisions(g, &fill, it, p, plans, voters, &written);
        if deferred {
            if let Some(topic) = it.topic {
                queues[p.body.queue()].push(Deferred {
                    item_id: it.id,
                    title: it.title.clone(),
                    kind: it.kind,
                    topic,
                });
            }
        }
        let count = match it.topic {
            Some(_) => g.rng.range(2, 4) + u32::from(g.rng.chance(20)),
            None if it.kind == ItemKind::ApprobationCr || position == 0 => 0,
            None if it.charter.is_some() => 1,
            None => g.rng.range(0, 2),
        };
        write_actions(
            g, st, ctx, &fill, it, p.date, &in_office, &guests, count, &written,
        )?;
    }
    Ok(())
}

/// The minutes of one item: a few paragraphs from its topic's vocabulary.
#[allow(clippy::too_many_arguments)]
fn item_notes(
    g: &mut Gen,
    fill: &Fill<'_>,
    it: &ItemPlan,
    items: &[ItemPlan],
    p: &Plan,
    in_office: &[usize],
    present: u32,
) -> String {
    let rng = &mut g.rng;
    if let Some((number, _)) = it.charter {
        return charter_item_notes(&it.presenter, number, present);
    }
    if let Some(k) = it.approval {
        return match p.approvals[k].decision {
            Some((_, Outcome::Reporte)) => "Le compte rendu n'a pas été diffusé à temps : son approbation est reportée à la prochaine réunion.".into(),
            _ => rng
                .pick(&[
                    "Aucune remarque n'est formulée sur le compte rendu.",
                    "Une correction est demandée sur l'orthographe d'un nom ; le compte rendu est adopté avec cette correction.",
                    "Le compte rendu, diffusé par courriel et affiché au local, n'appelle pas d'observation.",
                ])
                .into(),
        };
    }
    let Some(t) = it.topic else {
        let topics: Vec<String> = items
            .iter()
            .filter(|i| i.topic.is_some())
            .take(2)
            .map(|i| lower_first(&i.title))
            .collect();
        return match (it.kind, p.body) {
            (ItemKind::Information, Body::Pleniere) if it.title.starts_with("Accueil") => format!(
                "{} ouvre la séance à 18 h 35 et remercie les {present} membres présents.\n\nTour de table : chacun présente un sujet qui le préoccupe. Reviennent surtout :\n\n- {} ;\n- {}.",
                if it.presenter.is_empty() { "L'animatrice" } else { &it.presenter },
                topics.first().map_or("la propreté", String::as_str),
                topics.get(1).map_or("la sécurité aux abords de l'école", String::as_str),
            ),
            (ItemKind::Information, Body::Publique) => format!(
                "{} présente le conseil citoyen, son rôle et ses {} membres, puis rappelle les suites données à la dernière réunion publique.",
                if it.presenter.is_empty() { "Une membre du conseil" } else { &it.presenter },
                in_office.len(),
            ),
            (ItemKind::Debat, _) => format!(
                "{}\n\n{}",
                rng.pick(&DEBATE),
                rng.pick(&DEBATE)
            ),
            _ => match rng.below(3) {
                0 => "Aucune question diverse n'est soulevée.".to_string(),
                1 => {
                    let other = &TOPICS[rng.below(TOPICS.len() as u32) as usize];
                    format!(
                        "Un habitant signale que {}",
                        lower_first(&fill.apply(rng.pick(other.sentences)))
                    )
                }
                _ => "La prochaine réunion aura lieu à la même heure, dans la même salle.".to_string(),
            },
        };
    };
    let topic = &TOPICS[t];
    let s = rng.distinct(topic.sentences.len(), 3);
    let mut out = String::with_capacity(800);
    if !it.presenter.is_empty() {
        out.push_str(&it.presenter);
        out.push_str(" présente le point. ");
    }
    out.push_str(&fill.apply(topic.sentences[s[0]]));
    out.push_str("\n\n");
    out.push_str(&fill.apply(topic.sentences[s[1]]));
    out.push(' ');
    out.push_str(rng.pick(&DEBATE));
    if rng.chance(45) {
        out.push_str("\n\nLes habitants demandent :\n\n");
        let asked = rng.distinct(topic.actions.len(), 2);
        for (n, &a) in asked.iter().enumerate() {
            out.push_str("- ");
            out.push_str(&lower_first(&fill.apply(topic.actions[a])));
            out.push_str(if n + 1 == asked.len() { "." } else { " ;\n" });
        }
    } else if let Some(&third) = s.get(2) {
        out.push_str("\n\n");
        out.push_str(&fill.apply(topic.sentences[third]));
    }
    out
}

/// The decisions of one item, kept for [`write_decisions`]; true when the item
/// was deferred to the next meeting.
#[allow(clippy::too_many_arguments)]
fn plan_decisions(
    g: &mut Gen,
    fill: &Fill<'_>,
    it: &ItemPlan,
    p: &Plan,
    plans: &[Plan],
    voters: u32,
    written: &str,
) -> bool {
    struct D {
        id: Uuid,
        text: String,
        outcome: Outcome,
        vote: VoteMode,
        counts: Option<(u32, u32, u32)>,
        amounts: Option<(i64, i64)>,
        dissent: &'static str,
    }
    let rng = &mut g.rng;
    let mut out: Vec<D> = Vec::new();
    let counted = |rng: &mut Rng, rejected: bool| Some(votes(rng, voters, rejected));
    if let Some((number, id)) = it.charter {
        out.push(D {
            id,
            text: format!(
                "Le conseil citoyen adopte la version {number} de sa charte ; elle entre en vigueur ce jour et remplace la précédente."
            ),
            outcome: Outcome::Adopte,
            vote: VoteMode::Scrutin,
            counts: counted(rng, false),
            amounts: None,
            dissent: "",
        });
        if number == 1 {
            out[0].text =
                "Le conseil citoyen adopte sa charte ; elle entre en vigueur ce jour.".into();
        }
    } else if let Some(k) = it.approval {
        let a = &p.approvals[k];
        if let Some((id, outcome)) = a.decision {
            let date = format::date(plans[a.target].date);
            let (text, vote, counts) = if outcome == Outcome::Reporte {
                (
                    "L'approbation du compte rendu est reportée à la prochaine réunion."
                        .to_string(),
                    VoteMode::Consensus,
                    None,
                )
            } else if rng.chance(75) {
                (
                    format!("Le compte rendu de la réunion du {date} est adopté."),
                    VoteMode::Unanimite,
                    None,
                )
            } else {
                let abstentions = rng.below(3).min(voters);
                (
                    format!("Le compte rendu de la réunion du {date} est adopté."),
                    VoteMode::Scrutin,
                    Some((voters - abstentions, 0, abstentions)),
                )
            };
            out.push(D {
                id,
                text,
                outcome,
                vote,
                counts,
                amounts: None,
                dissent: "",
            });
        }
    } else if let Some(t) = it.topic {
        let topic = &TOPICS[t];
        let n = match it.kind {
            ItemKind::Decision => rng.range(1, 3),
            ItemKind::Information => u32::from(rng.chance(60)),
            _ => 1,
        } as usize;
        let texts = rng.distinct(topic.decisions.len(), n);
        for k in 0..n {
            let base = texts.get(k).map_or_else(
                || fill.apply(topic.decisions[0]),
                |&i| fill.apply(topic.decisions[i]),
            );
            let roll = rng.below(100);
            let mut d = D {
                id: Uuid::nil(),
                text: base.clone(),
                outcome: Outcome::Adopte,
                vote: VoteMode::Consensus,
                counts: None,
                amounts: None,
                dissent: "",
            };
            match it.kind {
                ItemKind::Information => {
                    d.text = "Le conseil prend acte de l'information et demande un point d'étape."
                        .into();
                    d.vote = VoteMode::SansVote;
                }
                ItemKind::Debat => {
                    d.text = format!(
                        "Le conseil retient l'orientation suivante : {}",
                        lower_first(&base)
                    );
                }
                ItemKind::Avis => {
                    let (outcome, word) = match roll {
                        r if r < 50 => (Outcome::AvisFavorable, "favorable"),
                        r if r < 78 => (Outcome::AvisReserve, "réservé"),
                        r if r < 93 => (Outcome::AvisDefavorable, "défavorable"),
                        _ => (Outcome::Reporte, ""),
                    };
                    d.outcome = outcome;
                    if outcome == Outcome::Reporte {
                        d.text =
                            "Avis reporté à la prochaine réunion, faute des documents nécessaires."
                                .into();
                    } else {
                        d.text = format!("Avis {word} du conseil citoyen sur « {} ».", it.title);
                        match rng.below(100) {
                            r if r < 60 => {
                                d.vote = VoteMode::Scrutin;
                                d.counts = counted(rng, false);
                            }
                            r if r < 85 => d.vote = VoteMode::Unanimite,
                            _ => {}
                        }
                    }
                }
                _ => {
                    d.outcome = match roll {
                        r if r < 62 => Outcome::Adopte,
                        r if r < 72 && topic.budget => Outcome::AdoptePartiellement,
                        r if r < 82 => Outcome::Rejete,
                        r if r < 90 && k == 0 && n == 1 => Outcome::Reporte,
                        r if r < 95 => Outcome::SansSuite,
                        _ => Outcome::Adopte,
                    };
                    match d.outcome {
                        Outcome::Reporte => {
                            d.text = "Décision reportée à la prochaine réunion, faute d'éléments suffisants.".into();
                        }
                        Outcome::SansSuite => {
                            d.text = "Le conseil ne donne pas suite à la demande.".into();
                        }
                        Outcome::Rejete => {
                            d.text = format!("Proposition rejetée : {}", lower_first(&base));
                            d.vote = VoteMode::Scrutin;
                            d.counts = counted(rng, true);
                        }
                        _ => {
                            match rng.below(100) {
                                r if r < 50 => {
                                    d.vote = VoteMode::Scrutin;
                                    d.counts = counted(rng, false);
                                }
                                r if r < 80 => d.vote = VoteMode::Unanimite,
                                _ => {}
                            }
                            if topic.budget
                                && (d.outcome == Outcome::AdoptePartiellement || rng.chance(50))
                            {
                                let asked = i64::from(rng.range(5, 30)) * 100;
                                let granted = if d.outcome == Outcome::AdoptePartiellement {
                                    asked * i64::from(rng.range(3, 8)) / 1000 * 100
                                } else {
                                    asked
                                };
                                let project = fill.apply(rng.pick(&PROJECTS));
                                d.text = if granted < asked {
                                    format!(
                                        "Le conseil accorde {} € au projet « {project} » sur le fonds de participation des habitants (demande de {} €).",
                                        format::integer(granted),
                                        format::integer(asked)
                                    )
                                } else {
                                    format!(
                                        "Le conseil accorde {} € au projet « {project} » sur le fonds de participation des habitants.",
                                        format::integer(granted)
                                    )
                                };
                                if granted == asked {
                                    d.outcome = Outcome::Adopte;
                                }
                                d.amounts = Some((asked * 100, granted * 100));
                            } else if d.outcome == Outcome::AdoptePartiellement {
                                d.outcome = Outcome::Adopte;
                            }
                        }
                    }
                }
            }
            if d.counts.is_some_and(|c| c.1 > 0) && rng.chance(30) {
                d.dissent = rng.pick(&DISSENT);
            }
            out.push(d);
        }
    }
    let mut deferred = false;
    for (position, mut d) in out.into_iter().enumerate() {
        if d.id.is_nil() {
            d.id = g.ids.next();
        }
        deferred |= d.outcome == Outcome::Reporte && it.approval.is_none();
        g.decisions.push(DecisionRow {
            id: d.id,
            item_id: it.id,
            position: position as i64,
            text: d.text,
            outcome: d.outcome,
            vote: d.vote,
            counts: d.counts,
            amounts: d.amounts,
            dissent: d.dissent,
            written: written.to_string(),
        });
    }
    deferred
}

const GENERIC_ACTIONS: [&str; 4] = [
    "Faire un point d'étape au prochain comité d'animation",
    "Informer les habitants par voie d'affichage",
    "Inscrire ce point à l'ordre du jour de la prochaine plénière",
    "Rédiger un courrier au nom du conseil",
];

/// Follow-up actions of an item. Old ones are mostly done, a few still open and late;
/// recent ones are open.
#[allow(clippy::too_many_arguments)]
fn write_actions(
    g: &mut Gen,
    st: &mut Statements<'_>,
    ctx: &Ctx<'_>,
    fill: &Fill<'_>,
    it: &ItemPlan,
    date: NaiveDate,
    in_office: &[usize],
    guests: &[&GuestRec],
    count: u32,
    written: &str,
) -> Result<()> {
    let topic = it.topic.map(|t| &TOPICS[t]);
    let own = topic.map_or(0, |t| t.actions.len());
    let picks = g.rng.distinct(own, count as usize);
    let year_ago = shift(g.today, -365);
    for n in 0..count as usize {
        let description = match (topic, picks.get(n)) {
            (Some(t), Some(&a)) => fill.apply(t.actions[a]),
            _ if it.charter.is_some() => {
                "Faire signer la charte aux membres absents et l'afficher au local".to_string()
            }
            _ => GENERIC_ACTIONS[(n + it.id.as_bytes()[0] as usize) % GENERIC_ACTIONS.len()]
                .to_string(),
        };
        let rng = &mut g.rng;
        let (owner_kind, member, guest, owner_text) = match rng.below(100) {
            r if r < 45 && !in_office.is_empty() => (
                OwnerKind::Member,
                Some(ctx.members[in_office[rng.below(in_office.len() as u32) as usize]].id),
                None,
                String::new(),
            ),
            r if r < 55 && !guests.is_empty() => (
                OwnerKind::Guest,
                None,
                Some(guests[rng.below(guests.len() as u32) as usize].id),
                String::new(),
            ),
            r if r < 88 => (
                OwnerKind::Institution,
                None,
                None,
                ctx.institution(topic.map_or(Inst::Mairie, |t| t.inst)),
            ),
            _ => (OwnerKind::Aucun, None, None, String::new()),
        };
        let (due_date, due_text) = if rng.chance(80) {
            (Some(shift(date, i64::from(rng.range(10, 120)))), "")
        } else {
            (None, rng.pick(&DUE_TEXTS))
        };
        let reference = due_date.unwrap_or_else(|| shift(date, 60));
        let status = match rng.below(100) {
            // Due over a year ago: done, given up, or (one in two hundred) forgotten.
            r if reference < year_ago => match r {
                0..=96 => ActionStatus::Fait,
                97..=98 => ActionStatus::Abandonne,
                _ if g.rng.chance(50) => ActionStatus::EnCours,
                _ => ActionStatus::Fait,
            },
            r if reference < g.today => match r {
                0..=79 => ActionStatus::Fait,
                80..=85 => ActionStatus::Abandonne,
                86..=94 => ActionStatus::EnCours,
                _ => ActionStatus::AFaire,
            },
            r => match r {
                0..=19 => ActionStatus::Fait,
                20..=54 => ActionStatus::EnCours,
                _ => ActionStatus::AFaire,
            },
        };
        let updated = if matches!(status, ActionStatus::Fait | ActionStatus::Abandonne) {
            g.stamp(reference, 17)
        } else {
            written.to_string()
        };
        st.action.execute(params![
            g.ids.next().to_string(),
            ctx.id.to_string(),
            it.id.to_string(),
            description,
            sql::enum_text(&owner_kind),
            member.map(|m| m.to_string()),
            guest.map(|x| x.to_string()),
            owner_text,
            due_date,
            due_text,
            sql::enum_text(&status),
            written,
            updated,
        ])?;
        g.report.actions += 1;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Charters
// ---------------------------------------------------------------------------------

/// A change a council makes to its charter, in the order councils make them: the
/// version after the first takes the first, the next one the second too, and so on.
struct Revision {
    /// The lineage key of the new article (stable across later versions).
    key: &'static str,
    /// The new article goes after the first article whose title holds this (in lower
    /// case), before the annexes when none does.
    after: &'static str,
    title: &'static str,
    body: &'static str,
    /// In the first article whose title holds the first text, the second replaced by
    /// the third (once).
    amend: Option<(&'static str, &'static str, &'static str)>,
}

const REVISIONS: [Revision; 4] = [
    Revision {
        key: "jeunes",
        after: "absences",
        title: "Place des jeunes",
        body: "Le conseil citoyen invite les jeunes du quartier, de 16 à 25\u{a0}ans, à au moins deux réunions par an.\n\n\
               1° Un membre du conseil est référent « jeunesse ».\n\
               2° Les propositions des jeunes sont inscrites à l'ordre du jour de la réunion suivante.",
        // Both templates: « trois absences non excusées », « à trois réunions de suite ».
        amend: Some(("absences", "trois", "quatre")),
    },
    Revision {
        key: "distance",
        after: "réunions",
        title: "Réunions à distance",
        body: "Un membre empêché peut suivre une réunion par téléphone ou en visioconférence ; il est alors compté présent pour le quorum. Le lien est envoyé avec la convocation.\n\n\
               Les votes à bulletin secret ne se font qu'en présence des membres.",
        amend: None,
    },
    Revision {
        key: "images",
        after: "communication",
        title: "Photographies et réseaux sociaux",
        body: "Le conseil citoyen tient un panneau d'affichage au local et une page d'information. Une photographie où l'on reconnaît une personne n'est publiée qu'avec son accord écrit ; cet accord peut être retiré à tout moment.",
        amend: Some(("comptes rendus", "dans les 15 jours", "dans les 10 jours")),
    },
    Revision {
        key: "langues",
        after: "comptes rendus",
        title: "Langues et accessibilité",
        body: "Sur demande, la convocation et le compte rendu sont lus à voix haute ou traduits par un membre ou un partenaire. Les réunions se tiennent dans des salles accessibles aux personnes à mobilité réduite.",
        amend: None,
    },
];

/// Who signs for the town, per council: name and quality.
const TOWN_SIGNATORIES: [(&str, &str); 4] = [
    (
        "Isabelle Marchand",
        "Adjointe au maire chargée de la politique de la ville",
    ),
    (
        "Karim Bensaïd",
        "Adjoint au maire chargé de la cohésion sociale",
    ),
    ("Sophie Lemaire", "Adjointe au maire chargée des quartiers"),
    (
        "Thierry Nguyen",
        "Conseiller municipal délégué à la politique de la ville",
    ),
];

/// One version adopted at a plénière.
struct CharterAdoption {
    date: NaiveDate,
    decision: Uuid,
    /// The titulaires who signed it, that evening.
    signers: Vec<Uuid>,
}

/// A council's charter, written after the decisions (see [`write_charter`]).
struct CharterPlan {
    index: usize,
    council_id: Uuid,
    council_name: &'static str,
    commune: &'static str,
    template: CharterTemplate,
    adoptions: Vec<CharterAdoption>,
    /// A revision being drafted: its version is a brouillon.
    draft: bool,
}

/// The council's charter: adopted at its first plénière held, revised every three to
/// five years at a plénière, each version signed by most titulaires in office and by
/// the town; the first council is drafting its next revision. Sets the `charter` of
/// the plans concerned.
fn plan_charter(g: &mut Gen, ctx: &Ctx<'_>, plans: &mut [Plan]) {
    let template = charter_template(ctx);
    let mut adoptions = Vec::new();
    let mut next = g.start;
    while adoptions.len() <= REVISIONS.len() {
        let Some(i) = (0..plans.len()).find(|&i| {
            plans[i].body == Body::Pleniere
                && plans[i].status == MeetingStatus::Tenue
                && plans[i].date >= next
        }) else {
            break;
        };
        let number = adoptions.len() as u32 + 1;
        let decision = g.ids.next();
        plans[i].charter = Some((number, decision));
        let date = plans[i].date;
        let signers = ctx
            .members
            .iter()
            .filter(|m| m.status == MemberStatus::Titulaire && m.active_on(date))
            .filter(|_| g.rng.chance(75))
            .map(|m| m.id)
            .collect();
        adoptions.push(CharterAdoption {
            date,
            decision,
            signers,
        });
        next = shift(date, 365 * i64::from(g.rng.range(3, 5)));
    }
    let draft = ctx.index == 0 && adoptions.len() <= REVISIONS.len();
    g.charter = Some(CharterPlan {
        index: ctx.index,
        council_id: ctx.id,
        council_name: ctx.spec.name,
        commune: ctx.spec.commune,
        template,
        adoptions,
        draft,
    });
}

/// The second council has a règlement intérieur, the others a charte de
/// participation.
fn charter_template(ctx: &Ctx<'_>) -> CharterTemplate {
    if ctx.index == 1 {
        CharterTemplate::ReglementInterieur
    } else {
        CharterTemplate::CharteParticipation
    }
}

/// « Adoption de la charte de participation », « Révision du règlement intérieur :
/// version 2 ».
fn charter_item_title(ctx: &Ctx<'_>, number: u32) -> String {
    let name = match charter_template(ctx) {
        CharterTemplate::ReglementInterieur => "du règlement intérieur",
        CharterTemplate::CharteParticipation => "de la charte de participation",
    };
    if number == 1 {
        format!("Adoption {name}")
    } else {
        format!("Révision {name} : version {number}")
    }
}

fn charter_item_notes(presenter: &str, number: u32, present: u32) -> String {
    let who = if presenter.is_empty() {
        "L'animatrice"
    } else {
        presenter
    };
    if number == 1 {
        format!(
            "{who} rappelle que le texte a été préparé en trois ateliers ouverts à tous les habitants, puis relu article par article. Les {present} membres présents l'examinent une dernière fois.\n\nLe texte est adopté, puis signé en séance par les membres présents et par la mairie."
        )
    } else {
        format!(
            "{who} présente les changements de la version {number}, discutés en comité d'animation. Chaque article modifié est lu à voix haute ; les {present} membres présents posent leurs questions.\n\nLa nouvelle version est adoptée et signée en séance ; elle remplace la précédente."
        )
    }
}

/// Applies `r` to the sections of a version, with their lineage keys.
fn revise(sections: &mut Vec<(String, DraftSectionRef)>, r: &Revision) {
    let article_with = |sections: &[(String, DraftSectionRef)], word: &str| {
        sections
            .iter()
            .position(|(_, d)| d.0 == SectionKind::Article && d.1.to_lowercase().contains(word))
    };
    if let Some((word, from, to)) = r.amend {
        if let Some(at) = article_with(sections, word) {
            let text = body_to_text(&sections[at].1 .2);
            sections[at].1 .2 = parse_body(&text.replacen(from, to, 1));
        }
    }
    let at = article_with(sections, r.after)
        .map(|at| at + 1)
        .or_else(|| sections.iter().position(|(_, d)| d.0 == SectionKind::Annex))
        .unwrap_or(sections.len());
    sections.insert(
        at,
        (
            r.key.to_string(),
            (
                SectionKind::Article,
                r.title.into(),
                parse_body(r.body),
                None,
            ),
        ),
    );
}

/// Writes the charter planned by [`plan_charter`], through charter.rs's own row
/// writers, once the decisions that adopted it are in (a version refers to its
/// decision).
fn write_charter(g: &mut Gen, tx: &Transaction<'_>) -> Result<()> {
    if let Some(plan) = g.charter.take() {
        let Some(first) = plan.adoptions.first() else {
            return Ok(());
        };
        let key = |name: &str| g.ids.named(&format!("charter/{}/{name}", plan.index));
        let kind = plan.template.kind();
        let draft = Draft::from_parsed(&parse_charter_text(plan.template.text()), kind.label());
        let charter_id = key("charter");
        let created = g.time(shift(first.date, -45), 10);
        let last = plan.adoptions.last().map_or(first.date, |a| a.date);
        charter::save(
            tx,
            &Charter {
                id: charter_id,
                council_id: plan.council_id,
                kind,
                created_at: created,
                updated_at: g.time(last, 21),
            },
        )?;
        let mut sections: Vec<(String, DraftSectionRef)> = draft
            .sections
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("s{i}"), d.clone()))
            .collect();
        let versions = plan.adoptions.len() + usize::from(plan.draft);
        for n in 1..=versions {
            if n > 1 {
                revise(&mut sections, &REVISIONS[n - 2]);
            }
            let adoption = plan.adoptions.get(n - 1);
            let (status, written, updated) = match adoption {
                Some(a) if n == plan.adoptions.len() => {
                    (VersionStatus::Adoptee, shift(a.date, -30), a.date)
                }
                Some(a) => (VersionStatus::Remplacee, shift(a.date, -30), a.date),
                None => (
                    VersionStatus::Brouillon,
                    shift(g.today, -40),
                    shift(g.today, -3),
                ),
            };
            let (written, updated) = (g.time(written, 10), g.time(updated, 21));
            let version_id = key(&format!("v{n}"));
            charter::save_version(
                tx,
                &CharterVersion {
                    id: version_id,
                    charter_id,
                    number: n as u32,
                    status,
                    title: charter::titled_for(&draft.title, plan.council_name),
                    preamble: draft.preamble.clone(),
                    based_on_number: (n > 1).then(|| n as u32 - 1),
                    origin: if n == 1 {
                        format!("Modèle Quorum : {}", kind.label())
                    } else {
                        String::new()
                    },
                    adopted_by_decision_id: adoption.map(|a| a.decision),
                    adopted_on: adoption.map(|a| a.date),
                    created_at: written,
                    updated_at: updated,
                },
            )?;
            for (position, (lineage, d)) in sections.iter().enumerate() {
                charter::save_section(
                    tx,
                    &charter::Section::from_draft(
                        key(&format!("v{n}/{lineage}")),
                        version_id,
                        key(lineage),
                        position,
                        d,
                        written,
                        updated,
                    ),
                )?;
            }
            let Some(a) = adoption else { continue };
            let signature =
                |id: Uuid, kind, member_id, organisation: String, name, quality| Signature {
                    id,
                    version_id,
                    kind,
                    member_id,
                    organisation,
                    name,
                    quality,
                    place: plan.commune.to_string(),
                    signed_on: Some(a.date),
                    created_at: updated,
                    updated_at: updated,
                };
            for member in &a.signers {
                charter::save_signature(
                    tx,
                    &signature(
                        key(&format!("v{n}/signature/{member}")),
                        SignatoryKind::Membre,
                        Some(*member),
                        String::new(),
                        String::new(),
                        String::new(),
                    ),
                )?;
            }
            charter::save_signature(
                tx,
                &signature(
                    key(&format!("v{n}/signature/mairie")),
                    SignatoryKind::Partenaire,
                    None,
                    format!("Mairie de {}", plan.commune),
                    TOWN_SIGNATORIES[plan.index % TOWN_SIGNATORIES.len()]
                        .0
                        .into(),
                    TOWN_SIGNATORIES[plan.index % TOWN_SIGNATORIES.len()]
                        .1
                        .into(),
                ),
            )?;
        }
        g.report.charter_versions += versions as u32;
    }
    Ok(())
}
