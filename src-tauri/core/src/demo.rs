//! A realistic, fictional demo council, for trying Quorum and for tests.
//!
//! Identifiers are UUID v5 derived from fixed names and timestamps are fixed, so that
//! loading the demo twice finds every record already there and adds nothing.

use crate::calendar::{
    due_date, nth_weekday, AvisRequest, AvisSubject, DelayUnit, Demarche, DemarcheStatus, Event,
    EventKind, Frequency, ParticipationLevel, Phase, Recurrence, Scale, Timing,
};
use crate::charter::{
    titled_for, Charter, CharterKind, CharterTemplate, CharterVersion, Draft, DraftSectionRef,
    Section, SectionKind, SignatoryKind, Signature, VersionStatus,
};
use crate::charter_text::{body_to_text, parse_body, parse_charter_text};
use crate::council::{Council, Neighbourhood, ParticipationForm, QuorumBase, QuorumRule};
use crate::db::Store;
use crate::error::Result;
use crate::exchange::{
    generator, CharterExport, CouncilExport, DemarcheExport, ExportDocument, ImportReport,
    MeetingExport, FORMAT_VERSION,
};
use crate::guest::{Guest, GuestCategory};
use crate::meeting::{
    AgendaItem, Attendance, AttendanceState, GuestAttendance, ItemKind, Meeting, MeetingKind,
    MeetingStatus, MinutesStatus,
};
use crate::member::{College, Member, MemberEvent, MemberEventKind, MemberRole, MemberStatus, Sex};
use crate::minutes::{Action, ActionStatus, Decision, Outcome, OwnerKind, VoteMode};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use uuid::Uuid;

const NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2a7e_9b3d_4c55_8e21_0d4a_7c3b_9e10);

fn id(name: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

fn stamp() -> DateTime<Utc> {
    DateTime::from_timestamp(1_736_935_200, 0).unwrap_or_default() // 2025-01-15 10:00 UTC
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub const DEMO_COUNCIL_NAME: &str = "Conseil citoyen des Tilleuls";

struct M {
    first: &'static str,
    last: &'static str,
    sex: Option<Sex>,
    college: College,
    status: MemberStatus,
    organisation: &'static str,
    roles: &'static [MemberRole],
    email: &'static str,
    phone: &'static str,
    consent: bool,
    exit: Option<NaiveDate>,
}

const H: College = College::Habitants;
const A: College = College::ActeursLocaux;
const T: MemberStatus = MemberStatus::Titulaire;
const S: MemberStatus = MemberStatus::Suppleant;
const C: MemberStatus = MemberStatus::Complementaire;

#[rustfmt::skip]
fn people() -> Vec<M> {
    use MemberRole::*;
    let m = |first, last, sex, college, status, organisation, roles, email, phone, consent| M {
        first, last, sex, college, status, organisation, roles, email, phone, consent, exit: None,
    };
    vec![
        m("Fatou", "Diallo", Some(Sex::F), H, T, "", &[Animateur], "fatou.diallo@exemple.fr", "06 12 34 56 78", true),
        m("Jean-Pierre", "Lefèvre", Some(Sex::M), H, T, "", &[Secretaire], "jp.lefevre@exemple.fr", "06 23 45 67 89", true),
        m("Nadia", "Benali", Some(Sex::F), H, T, "", &[Referent, RepresentantCopil], "", "07 81 22 33 44", true),
        m("Mamadou", "Traoré", Some(Sex::M), H, T, "", &[], "", "06 45 10 20 30", true),
        m("Sylvie", "Moreau", Some(Sex::F), H, T, "", &[Tresorier], "sylvie.moreau@exemple.fr", "", true),
        m("Karim", "Haddad", Some(Sex::M), H, T, "", &[], "", "", false),
        m("Chloé", "Nguyen", Some(Sex::F), H, T, "", &[PorteParole], "chloe.nguyen@exemple.fr", "06 77 88 99 00", true),
        m("Ahmed", "Ouali", Some(Sex::M), H, T, "", &[], "", "06 98 76 54 32", true),
        m("Marie-Thérèse", "Dubois", Some(Sex::F), H, T, "", &[], "", "01 48 12 34 56", true),
        m("Yannick", "Le Goff", Some(Sex::M), H, S, "", &[], "yannick.legoff@exemple.fr", "", true),
        m("Aïssata", "Koné", Some(Sex::F), H, S, "", &[], "", "07 55 44 33 22", false),
        m("Rodrigue", "Mbemba", Some(Sex::M), H, S, "", &[], "", "", true),
        m("Zoé", "Martin", None, H, C, "", &[], "zoe.martin@exemple.fr", "", true),
        m("Gilles", "Fontaine", Some(Sex::M), A, T, "Association Les Jardins partagés des Tilleuls", &[], "contact@jardins-tilleuls.exemple.org", "", true),
        m("Samia", "Belkacem", Some(Sex::F), A, T, "Centre social Espace Tilleuls", &[Animateur], "s.belkacem@espace-tilleuls.exemple.org", "01 48 00 11 22", true),
        m("Thierry", "Roux", Some(Sex::M), A, T, "Boulangerie du Marché (commerçant)", &[], "", "01 48 00 33 44", true),
        m("Hélène", "Garnier", Some(Sex::F), A, T, "Amicale des locataires Bâtiment C", &[Referent], "amicale.batc@exemple.org", "", true),
        m("Ousmane", "Sow", Some(Sex::M), A, T, "Club de football AS Tilleuls", &[], "as.tilleuls@exemple.org", "06 11 22 33 44", true),
        m("Léa", "Petit", Some(Sex::F), A, T, "Association Lire et faire lire", &[], "", "", true),
        m("Bruno", "Lambert", Some(Sex::M), A, S, "Pharmacie des Tilleuls", &[], "", "01 48 55 66 77", false),
        m("Khadija", "El Amrani", Some(Sex::F), A, S, "Association des femmes relais", &[], "femmes.relais@exemple.org", "", true),
        m("Christophe", "Mercier", Some(Sex::M), A, C, "Régie de quartier", &[], "c.mercier@regie.exemple.org", "", true),
        m("Inès", "Rahmani", Some(Sex::F), A, C, "Collectif Ados Tilleuls", &[], "", "07 12 12 12 12", true),
        m("Pascal", "Girard", Some(Sex::M), H, T, "", &[], "", "", true),
        M { exit: date(2024, 9, 30), ..m("Monique", "Barbier", Some(Sex::F), H, T, "", &[Secretaire], "", "01 48 99 88 77", true) },
    ]
}

#[rustfmt::skip]
fn guests() -> Vec<(&'static str, &'static str, GuestCategory, &'static str, &'static str, &'static str)> {
    use GuestCategory::*;
    vec![
        ("Isabelle", "Marchand", Elu, "Mairie de Villeval", "Adjointe au maire chargée de la politique de la ville", "i.marchand@villeval.exemple.fr"),
        ("Olivier", "Perrin", DeleguePrefet, "Préfecture", "Délégué du préfet pour le quartier", "olivier.perrin@prefecture.exemple.gouv.fr"),
        ("Sophie", "Lemaire", AgentPolitiqueVille, "Communauté d'agglomération", "Cheffe de projet politique de la ville", "s.lemaire@agglo.exemple.fr"),
        ("Mehdi", "Zerrouki", Bailleur, "Habitat Solidaire (bailleur social)", "Gestionnaire de secteur", "m.zerrouki@habitat-solidaire.exemple.fr"),
        ("Anne", "Rousseau", Institution, "Caisse d'allocations familiales", "Conseillère territoriale", ""),
        ("Julien", "Faure", Association, "Centre de ressources politique de la ville", "Chargé de mission participation", "j.faure@crpv.exemple.org"),
    ]
}

/// The demo data as an export document.
pub fn demo_document() -> ExportDocument {
    let t = stamp();
    let council_id = id("council/tilleuls");
    let council = Council {
        id: council_id,
        name: DEMO_COUNCIL_NAME.into(),
        commune: "Villeval".into(),
        contrat_de_ville:
            "Contrat de ville « Engagements Quartiers 2030 » de l'agglomération de Villeval".into(),
        participation_form: ParticipationForm::ConseilCitoyen,
        participation_form_other: String::new(),
        neighbourhoods: vec![
            Neighbourhood {
                id: id("hood/tilleuls"),
                qpv_name: "Les Tilleuls".into(),
                qpv_code: "QN09901X".into(),
                created_at: t,
                updated_at: t,
            },
            Neighbourhood {
                id: id("hood/bois-joli"),
                qpv_name: "Bois-Joli".into(),
                qpv_code: "QN09902Y".into(),
                created_at: t,
                updated_at: t,
            },
        ],
        prefectoral_order_number: "2024-PDV-117".into(),
        prefectoral_order_date: date(2024, 6, 12),
        quorum_rule: QuorumRule::Fraction {
            numerator: 1,
            denominator: 3,
            base: QuorumBase::Titulaires,
        },
        archived_at: None,
        created_at: t,
        updated_at: t,
    };
    let mut members = Vec::new();
    let mut member_events = Vec::new();
    for p in people() {
        let key = format!("member/{}/{}", p.first, p.last);
        let member_id = id(&key);
        let entry = date(2024, 6, 12);
        members.push(Member {
            id: member_id,
            council_id,
            college: p.college,
            status: p.status,
            first_name: p.first.into(),
            last_name: p.last.into(),
            sex: p.sex,
            organisation: p.organisation.into(),
            roles: p.roles.to_vec(),
            entry_date: entry,
            exit_date: p.exit,
            phone: p.phone.into(),
            email: p.email.into(),
            postal_address: if p.college == College::Habitants && p.email.is_empty() {
                format!(
                    "{} allée des Tilleuls, 99100 Villeval",
                    3 + members.len() * 2
                )
            } else {
                String::new()
            },
            consent_to_be_named: p.consent,
            notes: String::new(),
            created_at: t,
            updated_at: t,
        });
        member_events.push(MemberEvent {
            id: id(&format!("{key}/entree")),
            member_id,
            date: entry.unwrap_or_default(),
            kind: MemberEventKind::Entree,
            detail: format!("{}, {}", p.college.label(), p.status.label()),
            created_at: t,
            updated_at: t,
        });
        if let Some(exit) = p.exit {
            member_events.push(MemberEvent {
                id: id(&format!("{key}/sortie")),
                member_id,
                date: exit,
                kind: MemberEventKind::Sortie,
                detail: "déménagement hors du quartier".into(),
                created_at: t,
                updated_at: t,
            });
        }
    }
    let guests: Vec<Guest> = guests()
        .into_iter()
        .map(
            |(first, last, category, organisation, function, email)| Guest {
                id: id(&format!("guest/{first}/{last}")),
                council_id,
                first_name: first.into(),
                last_name: last.into(),
                category,
                organisation: organisation.into(),
                function: function.into(),
                phone: String::new(),
                email: email.into(),
                notes: String::new(),
                archived_at: None,
                created_at: t,
                updated_at: t,
            },
        )
        .collect();
    ExportDocument {
        format_version: FORMAT_VERSION,
        generator: generator(),
        exported_at: t,
        councils: vec![{
            let today = chrono::Local::now().date_naive();
            let (meetings, actions) = demo_meetings(council_id, &members, &guests, today);
            let charters = vec![demo_charter(council_id, &members, &meetings)];
            let (demarches, events, avis_requests) = demo_calendar(council_id, today);
            CouncilExport {
                council,
                members,
                member_events,
                guests,
                meetings,
                actions,
                charters,
                demarches,
                events,
                avis_requests,
            }
        }],
    }
}

/// The Tuesday on or before `d`: the council meets on Tuesday evenings.
fn tuesday_before(d: NaiveDate) -> NaiveDate {
    let back = (d.weekday().num_days_from_monday() + 7 - 1) % 7;
    d - chrono::Duration::days(i64::from(back))
}

fn hm(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}

struct DemoItem {
    key: &'static str,
    title: &'static str,
    kind: ItemKind,
    presenter: &'static str,
    minutes: u32,
    notes: &'static str,
}

/// Three plénières: one whose minutes were adopted, one whose minutes are a draft,
/// and one coming. Dates follow the day the demo is loaded so the coming one is ahead.
fn demo_meetings(
    council_id: Uuid,
    members: &[Member],
    guests: &[Guest],
    today: NaiveDate,
) -> (Vec<MeetingExport>, Vec<Action>) {
    let t = stamp();
    let member = |last: &str| members.iter().find(|m| m.last_name == last).map(|m| m.id);
    let guest = |last: &str| guests.iter().find(|g| g.last_name == last).map(|g| g.id);
    let d1 = tuesday_before(today - chrono::Duration::days(70));
    let d2 = tuesday_before(today - chrono::Duration::days(10));
    let d3 = tuesday_before(today + chrono::Duration::days(20));
    let place = "Salle polyvalente de la Maison des Tilleuls, 2 place du Marché";
    let meeting = |key: &str, title: &str, date: NaiveDate, status: MeetingStatus| Meeting {
        id: id(&format!("meeting/{key}")),
        council_id,
        kind: MeetingKind::Pleniere,
        title: title.into(),
        date,
        start_time: hm(18, 30),
        end_time: hm(20, 30),
        place: place.into(),
        remote_link: String::new(),
        status,
        head_count: None,
        head_count_note: String::new(),
        minutes_status: MinutesStatus::Brouillon,
        minutes_version: 1,
        distributed_on: None,
        adopted_on: None,
        adopted_by_decision_id: None,
        created_at: t,
        updated_at: t,
    };
    let items = |meeting_id: Uuid, list: &[DemoItem]| -> Vec<AgendaItem> {
        list.iter()
            .enumerate()
            .map(|(i, it)| AgendaItem {
                id: id(&format!("item/{}", it.key)),
                meeting_id,
                position: i as u32,
                title: it.title.into(),
                kind: it.kind,
                presenter: it.presenter.into(),
                planned_minutes: Some(it.minutes),
                notes: it.notes.into(),
                approves_meeting_id: None,
                deferred_from_item_id: None,
                created_at: t,
                updated_at: t,
            })
            .collect()
    };
    let decision = |key: &str, item: &str, text: &str, outcome: Outcome, vote: VoteMode| Decision {
        id: id(&format!("decision/{key}")),
        agenda_item_id: id(&format!("item/{item}")),
        position: 0,
        text: text.into(),
        outcome,
        vote,
        votes_for: None,
        votes_against: None,
        abstentions: None,
        amount_requested_cents: None,
        amount_granted_cents: None,
        dissent: String::new(),
        created_at: t,
        updated_at: t,
    };
    // Who came: most titulaires, a few excused, one proxy; suppléants when they replace.
    let attendance = |meeting_id: Uuid,
                      date: NaiveDate,
                      excused: &[&str],
                      represented: &[(&str, &str)],
                      absent: &[&str]|
     -> Vec<Attendance> {
        members
            .iter()
            .filter(|m| m.active_on(date))
            .map(|m| {
                let name = m.last_name.as_str();
                let (state, proxy) = if excused.contains(&name) {
                    (AttendanceState::Excuse, None)
                } else if let Some((_, to)) = represented.iter().find(|(from, _)| *from == name) {
                    (AttendanceState::Represente, member(to))
                } else if absent.contains(&name) || m.status == MemberStatus::Complementaire {
                    (AttendanceState::Absent, None)
                } else {
                    (AttendanceState::Present, None)
                };
                Attendance {
                    id: id(&format!("attendance/{meeting_id}/{}", m.id)),
                    meeting_id,
                    member_id: m.id,
                    state,
                    proxy_member_id: proxy,
                    note: String::new(),
                    created_at: t,
                    updated_at: t,
                }
            })
            .collect()
    };

    // 1. The adopted one.
    let mut m1 = meeting("1", "Séance plénière de rentrée", d1, MeetingStatus::Tenue);
    let items1 = items(m1.id, &[
        DemoItem { key: "1/accueil", title: "Accueil et tour de table", kind: ItemKind::Information, presenter: "Fatou Diallo", minutes: 15,
            notes: "Fatou Diallo ouvre la séance à 18 h 35 et remercie les **quinze membres** présents.\n\nTour de table : chacun présente un sujet qui le préoccupe pour l'année. Reviennent surtout :\n\n- l'éclairage du passage des Lilas ;\n- les travaux du bâtiment C ;\n- la place des jeunes dans le quartier." },
        DemoItem { key: "1/jardin", title: "Projet de jardin partagé rue des Acacias", kind: ItemKind::Decision, presenter: "Gilles Fontaine", minutes: 40,
            notes: "Gilles Fontaine présente le projet de l'association *Les Jardins partagés des Tilleuls* : douze bacs, un récupérateur d'eau et des ateliers avec l'école.\n\nLe budget demandé au fonds de participation des habitants est de 1 500 €. Après discussion, le conseil retient une première tranche de huit bacs." },
        DemoItem { key: "1/travaux", title: "Rénovation urbaine : calendrier des travaux du bâtiment C", kind: ItemKind::Avis, presenter: "Nadia Benali", minutes: 30,
            notes: "Le bailleur n'a pas transmis le calendrier promis. Les habitants du bâtiment C s'inquiètent du relogement temporaire pendant les travaux." },
        DemoItem { key: "1/charte", title: "Adoption de la charte de participation", kind: ItemKind::Decision, presenter: "Samia Belkacem", minutes: 20,
            notes: "Le projet de charte, travaillé en atelier en septembre, est relu article par article. Il est adopté sans modification." },
    ]);
    let mut jardin = decision("1/jardin", "1/jardin", "Soutenir le projet de jardin partagé à hauteur de 800 € sur le fonds de participation des habitants (première tranche de huit bacs).", Outcome::AdoptePartiellement, VoteMode::Scrutin);
    jardin.votes_for = Some(12);
    jardin.votes_against = Some(2);
    jardin.abstentions = Some(1);
    jardin.amount_requested_cents = Some(150_000);
    jardin.amount_granted_cents = Some(80_000);
    jardin.dissent = "Deux membres proposent plutôt de rénover les bacs existants de la cour de l'école, moins coûteux et déjà connus des familles.".into();
    let reporte = decision(
        "1/travaux",
        "1/travaux",
        "Avis reporté à la prochaine plénière, faute du calendrier du bailleur.",
        Outcome::Reporte,
        VoteMode::Consensus,
    );
    let mut charte1 = decision(
        "1/charte",
        "1/charte",
        "La charte de participation du conseil citoyen est adoptée (version 1).",
        Outcome::Adopte,
        VoteMode::Scrutin,
    );
    charte1.votes_for = Some(14);
    charte1.votes_against = Some(0);
    charte1.abstentions = Some(1);
    let att1 = attendance(
        m1.id,
        d1,
        &["Haddad", "Lambert"],
        &[("Ouali", "Traoré")],
        &["Sow"],
    );

    // 2. The draft, which adopts the first one's minutes.
    let m2 = meeting("2", "Séance plénière d'automne", d2, MeetingStatus::Tenue);
    let mut items2 = items(m2.id, &[
        DemoItem { key: "2/approbation", title: "Approbation du compte rendu de la séance précédente", kind: ItemKind::ApprobationCr, presenter: "Jean-Pierre Lefèvre", minutes: 5,
            notes: "Aucune remarque n'est formulée sur le compte rendu." },
        DemoItem { key: "2/travaux", title: "Calendrier des travaux du bâtiment C (point reporté)", kind: ItemKind::Avis, presenter: "Nadia Benali", minutes: 45,
            notes: "M. Zerrouki (Habitat Solidaire) présente le calendrier : début des travaux au printemps, relogement temporaire de **six familles** pendant trois mois.\n\nLes habitants demandent :\n\n1. une réunion publique au pied du bâtiment avant le début des travaux ;\n2. un interlocuteur unique pour les familles relogées." },
        DemoItem { key: "2/rapport", title: "Avis sur le rapport annuel du contrat de ville", kind: ItemKind::Avis, presenter: "Chloé Nguyen", minutes: 45,
            notes: "Chloé Nguyen résume le rapport : les actions emploi et jeunesse progressent, la tranquillité publique reste la principale inquiétude des habitants." },
        DemoItem { key: "2/charte", title: "Modification de la charte : absences et place des jeunes", kind: ItemKind::Decision, presenter: "Samia Belkacem", minutes: 20,
            notes: "Le groupe de travail propose d'assouplir la règle des absences et d'ajouter un article sur la place des jeunes. La version 2 de la charte est adoptée." },
    ]);
    items2[0].approves_meeting_id = Some(m1.id);
    items2[1].deferred_from_item_id = Some(id("item/1/travaux"));
    let adoption = decision(
        "2/approbation",
        "2/approbation",
        "Le compte rendu de la séance précédente est adopté.",
        Outcome::Adopte,
        VoteMode::Unanimite,
    );
    let charte2 = decision(
        "2/charte",
        "2/charte",
        "La version 2 de la charte de participation est adoptée (articles sur les absences et sur la place des jeunes).",
        Outcome::Adopte,
        VoteMode::Unanimite,
    );
    let mut travaux = decision("2/travaux", "2/travaux", "Avis favorable au calendrier, sous réserve d'une réunion publique avant le début des travaux.", Outcome::AvisFavorable, VoteMode::Scrutin);
    travaux.votes_for = Some(14);
    travaux.votes_against = Some(0);
    travaux.abstentions = Some(1);
    let mut rapport = decision(
        "2/rapport",
        "2/rapport",
        "Avis réservé sur le rapport annuel 2025 du contrat de ville.",
        Outcome::AvisReserve,
        VoteMode::Scrutin,
    );
    rapport.votes_for = Some(9);
    rapport.votes_against = Some(3);
    rapport.abstentions = Some(2);
    rapport.dissent = "Trois membres souhaitaient un avis favorable, estimant que les actions pour l'emploi des jeunes ont porté leurs fruits. Une proposition alternative demande un bilan par quartier plutôt que pour toute l'agglomération.".into();
    m1.minutes_status = MinutesStatus::Adopte;
    m1.distributed_on = Some(d1 + chrono::Duration::days(9));
    m1.adopted_on = Some(d2);
    m1.adopted_by_decision_id = Some(adoption.id);
    let att2 = attendance(
        m2.id,
        d2,
        &["Dubois"],
        &[("Roux", "Fontaine")],
        &["Le Goff"],
    );
    let guest_presence = |meeting_id: Uuid, last: &str, note: &str| {
        guest(last).map(|guest_id| GuestAttendance {
            id: id(&format!("guest-attendance/{meeting_id}/{last}")),
            meeting_id,
            guest_id,
            items_note: note.into(),
            created_at: t,
            updated_at: t,
        })
    };

    // 3. The coming one.
    let m3 = meeting("3", "Séance plénière d'hiver", d3, MeetingStatus::Prevue);
    let mut items3 = items(
        m3.id,
        &[
            DemoItem {
                key: "3/approbation",
                title: "Approbation du compte rendu de la séance précédente",
                kind: ItemKind::ApprobationCr,
                presenter: "Jean-Pierre Lefèvre",
                minutes: 5,
                notes: "",
            },
            DemoItem {
                key: "3/copil",
                title: "Retour du comité de pilotage du contrat de ville",
                kind: ItemKind::Information,
                presenter: "Nadia Benali",
                minutes: 20,
                notes: "",
            },
            DemoItem {
                key: "3/fete",
                title: "Fête de quartier du printemps : premières idées",
                kind: ItemKind::Debat,
                presenter: "Samia Belkacem",
                minutes: 40,
                notes: "",
            },
        ],
    );
    items3[0].approves_meeting_id = Some(m2.id);

    let action = |key: &str,
                  item: &str,
                  description: &str,
                  owner: OwnerKind,
                  due: Option<NaiveDate>,
                  due_text: &str,
                  status: ActionStatus| Action {
        id: id(&format!("action/{key}")),
        council_id,
        agenda_item_id: Some(id(&format!("item/{item}"))),
        description: description.into(),
        owner_kind: owner,
        owner_member_id: None,
        owner_guest_id: None,
        owner_text: String::new(),
        due_date: due,
        due_text: due_text.into(),
        status,
        created_at: t,
        updated_at: t,
    };
    let mut a1 = action(
        "1/calendrier",
        "1/travaux",
        "Demander au bailleur le calendrier des travaux du bâtiment C",
        OwnerKind::Institution,
        None,
        "avant la prochaine plénière",
        ActionStatus::Fait,
    );
    a1.owner_text = "Habitat Solidaire".into();
    let mut a2 = action(
        "1/fph",
        "1/jardin",
        "Monter le dossier de demande au fonds de participation des habitants",
        OwnerKind::Member,
        Some(d1 + chrono::Duration::days(30)),
        "",
        ActionStatus::Fait,
    );
    a2.owner_member_id = member("Belkacem");
    let mut a3 = action(
        "2/eclairage",
        "2/rapport",
        "Écrire à la mairie au sujet de l'éclairage du passage des Lilas",
        OwnerKind::Institution,
        None,
        "à la rentrée",
        ActionStatus::AFaire,
    );
    a3.owner_text = "Mairie de Villeval".into();
    let mut a4 = action(
        "2/reunion",
        "2/travaux",
        "Préparer la réunion publique au pied du bâtiment C avec le bailleur",
        OwnerKind::Member,
        Some(d3),
        "",
        ActionStatus::EnCours,
    );
    a4.owner_member_id = member("Benali");

    let meetings = vec![
        MeetingExport {
            meeting: m1,
            items: items1,
            decisions: vec![jardin, reporte, charte1],
            attendance: att1,
            guest_attendance: guest_presence(id("meeting/1"), "Lemaire", "")
                .into_iter()
                .collect(),
            minutes_versions: Vec::new(),
        },
        MeetingExport {
            meeting: m2,
            items: items2,
            decisions: vec![adoption, travaux, rapport, charte2],
            attendance: att2,
            guest_attendance: [
                guest_presence(id("meeting/2"), "Zerrouki", "pour le point 2 seulement"),
                guest_presence(id("meeting/2"), "Marchand", ""),
            ]
            .into_iter()
            .flatten()
            .collect(),
            minutes_versions: Vec::new(),
        },
        MeetingExport {
            meeting: m3,
            items: items3,
            decisions: Vec::new(),
            attendance: Vec::new(),
            guest_attendance: Vec::new(),
            minutes_versions: Vec::new(),
        },
    ];
    (meetings, vec![a1, a2, a3, a4])
}

/// The council's charter: version 1 (our template) adopted at the first meeting,
/// version 2 (absences relaxed, an article on young people added) adopted at the
/// second, signed by members of both collèges and by the town.
fn demo_charter(council_id: Uuid, members: &[Member], meetings: &[MeetingExport]) -> CharterExport {
    let t = stamp();
    let charter_id = id("charter/tilleuls");
    let parsed = parse_charter_text(CharterTemplate::CharteParticipation.text());
    let draft = Draft::from_parsed(&parsed, CharterKind::CharteParticipation.label());
    let date_of = |key: &str| {
        meetings
            .iter()
            .find(|m| m.meeting.id == id(&format!("meeting/{key}")))
            .map(|m| m.meeting.date)
    };
    let version = |n: u32, status: VersionStatus, decision: &str, meeting: &str| CharterVersion {
        id: id(&format!("charter/tilleuls/v{n}")),
        charter_id,
        number: n,
        status,
        title: titled_for(&draft.title, DEMO_COUNCIL_NAME),
        preamble: draft.preamble.clone(),
        based_on_number: (n > 1).then_some(n - 1),
        origin: if n == 1 {
            format!(
                "Modèle Quorum : {}",
                CharterKind::CharteParticipation.label()
            )
        } else {
            String::new()
        },
        adopted_by_decision_id: Some(id(&format!("decision/{decision}"))),
        adopted_on: date_of(meeting),
        created_at: t,
        updated_at: t,
    };
    let v1 = version(1, VersionStatus::Remplacee, "1/charte", "1");
    let v2 = version(2, VersionStatus::Adoptee, "2/charte", "2");
    let section = |v: &CharterVersion, i: usize, lineage: &str, d: &DraftSectionRef| {
        Section::from_draft(
            id(&format!("charter/tilleuls/v{}/{lineage}", v.number)),
            v.id,
            id(&format!("charter/tilleuls/{lineage}")),
            i,
            d,
            t,
            t,
        )
    };
    let mut sections: Vec<Section> = draft
        .sections
        .iter()
        .enumerate()
        .map(|(i, d)| section(&v1, i, &format!("s{i}"), d))
        .collect();
    // Version 2: the absences article relaxed, and a new article after it.
    let mut v2_sections: Vec<(String, DraftSectionRef)> = draft
        .sections
        .iter()
        .enumerate()
        .map(|(i, d)| (format!("s{i}"), d.clone()))
        .collect();
    if let Some(at) = v2_sections
        .iter()
        .position(|(_, d)| d.0 == SectionKind::Article && d.1.to_lowercase().contains("absence"))
    {
        let text = body_to_text(&v2_sections[at].1 .2)
            .replace("trois absences", "quatre absences")
            .replace("trois réunions", "quatre réunions");
        v2_sections[at].1 .2 = parse_body(&format!(
            "{text}\n\nUne absence pour raison de santé, de travail ou de famille est toujours excusée."
        ));
        v2_sections.insert(
            at + 1,
            (
                "jeunes".into(),
                (
                    SectionKind::Article,
                    "Place des jeunes".into(),
                    parse_body(
                        "Le conseil citoyen invite les jeunes du quartier, de 16 à 25\u{a0}ans, à au moins deux réunions par an.\n\n\
                         1° Un membre du conseil est référent « jeunesse ».\n\
                         2° Les propositions des jeunes sont inscrites à l'ordre du jour de la réunion suivante.",
                    ),
                    None,
                ),
            ),
        );
    }
    sections.extend(
        v2_sections
            .iter()
            .enumerate()
            .map(|(i, (lineage, d))| section(&v2, i, lineage, d)),
    );
    let signer = |v: &CharterVersion, last: &str, place: &str| {
        members
            .iter()
            .find(|m| m.last_name == last)
            .map(|m| Signature {
                id: id(&format!("charter/tilleuls/v{}/signature/{last}", v.number)),
                version_id: v.id,
                kind: SignatoryKind::Membre,
                member_id: Some(m.id),
                organisation: String::new(),
                name: String::new(),
                quality: String::new(),
                place: place.into(),
                signed_on: v.adopted_on,
                created_at: t,
                updated_at: t,
            })
    };
    let place = "Villeval";
    let mut signatures: Vec<Signature> = ["Diallo", "Lefèvre", "Belkacem"]
        .iter()
        .filter_map(|last| signer(&v1, last, place))
        .collect();
    signatures.extend(
        [
            "Diallo", "Lefèvre", "Benali", "Haddad", "Belkacem", "Fontaine",
        ]
        .iter()
        .filter_map(|last| signer(&v2, last, place)),
    );
    signatures.push(Signature {
        id: id("charter/tilleuls/v2/signature/mairie"),
        version_id: v2.id,
        kind: SignatoryKind::Partenaire,
        member_id: None,
        organisation: "Mairie de Villeval".into(),
        name: "Isabelle Marchand".into(),
        quality: "Adjointe au maire chargée de la politique de la ville".into(),
        place: place.into(),
        signed_on: v2.adopted_on,
        created_at: t,
        updated_at: t,
    });
    CharterExport {
        charter: Charter {
            id: charter_id,
            council_id,
            kind: CharterKind::CharteParticipation,
            created_at: t,
            updated_at: t,
        },
        versions: vec![v1, v2],
        sections,
        signatures,
    }
}

/// A démarche of urban renewal with its phases (the last ones still « à définir »),
/// events of every kind around today (a weekly permanence with a cancelled date, a
/// « dernier dimanche du mois », a plénière that clashes with a council meeting), and
/// the avis on the contrat de ville's annual report, due in a few days.
fn demo_calendar(
    council_id: Uuid,
    today: NaiveDate,
) -> (Vec<DemarcheExport>, Vec<Event>, Vec<AvisRequest>) {
    let t = stamp();
    let days = |n: i64| today + chrono::Duration::days(n);
    let demarche = Demarche {
        id: id("demarche/renouvellement"),
        council_id,
        title: "Renouvellement urbain du secteur des Tilleuls".into(),
        object: "Le projet de rénovation des bâtiments C et D, de la cour de l'école et des cheminements vers le marché.".into(),
        scale: Scale::Quartier,
        impacts: "Relogement temporaire de six familles ; nouvelle place devant l'école ; stationnement réorganisé.".into(),
        partners: "Habitat Solidaire (bailleur social)\nMairie de Villeval\nAgence nationale pour la rénovation urbaine".into(),
        level: ParticipationLevel::Concertation,
        status: DemarcheStatus::EnCours,
        created_at: t,
        updated_at: t,
    };
    let phase = |n: u32,
                 title: &str,
                 start: Option<NaiveDate>,
                 end: Option<NaiveDate>,
                 description: &str| Phase {
        id: id(&format!("phase/renouvellement/{n}")),
        demarche_id: demarche.id,
        position: n,
        title: title.into(),
        start_date: start,
        end_date: end,
        description: description.into(),
        created_at: t,
        updated_at: t,
    };
    let phases = vec![
        phase(
            0,
            "Diagnostic partagé",
            Some(days(-120)),
            Some(days(-40)),
            "Balades urbaines et questionnaire aux habitants.",
        ),
        phase(
            1,
            "Ateliers de conception",
            Some(days(-30)),
            Some(days(45)),
            "Trois ateliers sur la cour de l'école, les cheminements et le stationnement.",
        ),
        phase(
            2,
            "Restitution publique",
            Some(days(60)),
            None,
            "Présentation du projet retenu ; la date de fin reste à définir.",
        ),
        phase(
            3,
            "Travaux",
            None,
            None,
            "Calendrier des travaux à définir avec le bailleur.",
        ),
    ];
    let event = |key: &str, kind: EventKind, title: &str, date: NaiveDate, timing: Timing| Event {
        id: id(&format!("event/{key}")),
        council_id,
        demarche_id: None,
        phase_id: None,
        kind,
        title: title.into(),
        date,
        timing,
        start_time: None,
        end_time: None,
        place: String::new(),
        address: String::new(),
        online_link: String::new(),
        description: String::new(),
        recurrence: None,
        source_uid: None,
        created_at: t,
        updated_at: t,
    };
    let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0);
    let in_demarche = |mut e: Event, phase: u32| {
        e.demarche_id = Some(demarche.id);
        e.phase_id = Some(id(&format!("phase/renouvellement/{phase}")));
        e
    };
    let mut publique = in_demarche(
        event(
            "publique",
            EventKind::ReunionPublique,
            "Réunion publique : le projet de la cour de l'école",
            days(14),
            Timing::Timed,
        ),
        1,
    );
    publique.start_time = hm(18, 30);
    publique.end_time = hm(20, 30);
    publique.place = "Gymnase Jean-Jaurès".into();
    publique.address = "12 rue des Écoles, 99000 Villeval".into();
    let mut atelier = in_demarche(
        event(
            "atelier",
            EventKind::Atelier,
            "Atelier « cour de l'école »",
            days(7),
            Timing::Morning,
        ),
        1,
    );
    atelier.place = "École élémentaire des Tilleuls, salle polyvalente".into();
    let mut balade = in_demarche(
        event(
            "balade",
            EventKind::BaladeUrbaine,
            "Balade urbaine du secteur Nord",
            days(21),
            Timing::Afternoon,
        ),
        1,
    );
    balade.place = "Départ devant la boulangerie du Marché".into();
    let mut copil = in_demarche(
        event(
            "copil",
            EventKind::ComitePilotage,
            "Comité de pilotage du renouvellement urbain",
            days(30),
            Timing::Timed,
        ),
        1,
    );
    copil.start_time = hm(14, 30);
    copil.end_time = hm(16, 30);
    copil.online_link = "https://visio.villeval.exemple.fr/copil-tilleuls".into();
    copil.description = "Deux représentants du conseil citoyen y siègent ; ils rapportent aussi les avis divergents.".into();
    // The permanence: every Wednesday afternoon from a month ago, one date cancelled.
    let wednesday = days(-28)
        + chrono::Duration::days(i64::from(
            (7 + 2 - days(-28).weekday().num_days_from_monday()) % 7,
        ));
    let mut permanence = event(
        "permanence",
        EventKind::Permanence,
        "Permanence du conseil citoyen",
        wednesday,
        Timing::Timed,
    );
    permanence.start_time = hm(16, 0);
    permanence.end_time = hm(18, 0);
    permanence.place = "Maison des Tilleuls, bureau 2".into();
    permanence.recurrence = Some(Recurrence {
        frequency: Frequency::Weekly,
        interval: 1,
        until: None,
        count: None,
        exceptions: vec![wednesday + chrono::Duration::weeks(5)],
    });
    // « le dernier dimanche de chaque mois ».
    let last_sunday =
        nth_weekday(today.year(), today.month(), chrono::Weekday::Sun, -1).unwrap_or(today);
    let mut cafe = event(
        "cafe",
        EventKind::Autre,
        "Café des habitants",
        last_sunday,
        Timing::Morning,
    );
    cafe.place = "Place du Marché".into();
    cafe.recurrence = Some(Recurrence {
        frequency: Frequency::MonthlyByWeekday { week: -1 },
        interval: 1,
        until: None,
        count: Some(12),
        exceptions: Vec::new(),
    });
    // A plénière the mairie proposes at the same time as the council's next meeting.
    let next_meeting = tuesday_before(today + chrono::Duration::days(20));
    let mut pleniere = event(
        "pleniere",
        EventKind::Pleniere,
        "Plénière élargie proposée par la mairie (à confirmer)",
        next_meeting,
        Timing::Timed,
    );
    pleniere.start_time = hm(18, 0);
    pleniere.end_time = hm(20, 0);
    pleniere.place = "Hôtel de ville, salle du conseil".into();
    let limite = event(
        "fph",
        EventKind::DateLimite,
        "Dépôt des projets au fonds de participation des habitants",
        days(25),
        Timing::AllDay,
    );
    let events = vec![
        publique, atelier, balade, copil, permanence, cafe, pleniere, limite,
    ];
    let requested = days(-22);
    let avis = AvisRequest {
        id: id("avis/rapport-2025"),
        council_id,
        demarche_id: None,
        subject: AvisSubject::RapportAnnuel,
        title: "Rapport annuel 2025 du contrat de ville".into(),
        requested_by: "Préfecture et communauté d'agglomération".into(),
        requested_on: requested,
        delay_value: 1,
        delay_unit: DelayUnit::Mois,
        due_on: due_date(requested, 1, DelayUnit::Mois).unwrap_or(requested),
        given_on: None,
        notes: "Sans avis rendu à la date limite, l'avis est réputé favorable.".into(),
        created_at: t,
        updated_at: t,
    };
    (
        vec![DemarcheExport { demarche, phases }],
        events,
        vec![avis],
    )
}

impl Store {
    /// Loads the demo council; a second call finds everything there and adds nothing.
    pub fn load_demo(&mut self) -> Result<ImportReport> {
        self.import_document(&demo_document())
    }
}

/// Adds to `council_id` a long meeting whose compte rendu runs to about one page per
/// item (53 items ≈ 51 pages): used by the 50-page test and the PDF benchmark.
pub fn add_long_meeting(store: &mut Store, council_id: Uuid, items: u32) -> Result<Uuid> {
    use crate::meeting::{AgendaItemInput, MeetingInput};
    use crate::minutes::DecisionInput;
    let m = store.create_meeting(
        council_id,
        MeetingInput {
            kind: MeetingKind::Pleniere,
            title: "Assemblée annuelle".into(),
            date: "2025-06-10".into(),
            start_time: "09:00".into(),
            end_time: "17:00".into(),
            place: "Gymnase Jean-Moulin".into(),
            remote_link: String::new(),
            status: MeetingStatus::Tenue,
            head_count: None,
            head_count_note: String::new(),
        },
    )?;
    let paragraph = "Les habitants rappellent que la rénovation du bâtiment C doit s'accompagner d'un relogement digne, d'une information régulière et d'un interlocuteur unique ; l'association des locataires demande qu'une réunion publique se tienne avant chaque phase de travaux, et que les comptes rendus soient affichés dans les halls.";
    for n in 1..=items {
        let item = store.add_agenda_item(
            m.id,
            AgendaItemInput {
                title: format!("Point numéro {n}"),
                kind: ItemKind::Decision,
                presenter: "Fatou Diallo".into(),
                planned_minutes: Some(10),
                approves_meeting_id: None,
                deferred_from_item_id: None,
            },
        )?;
        let notes = (0..9)
            .map(|k| format!("{paragraph} (paragraphe {n}.{k})"))
            .collect::<Vec<_>>()
            .join("\n\n");
        store.save_item_notes(item.id, &notes)?;
        store.add_decision(
            item.id,
            DecisionInput {
                text: format!("Décision du point {n}."),
                outcome: Outcome::Adopte,
                vote: VoteMode::Scrutin,
                votes_for: Some(12),
                votes_against: Some(1),
                abstentions: Some(2),
                amount_requested: String::new(),
                amount_granted: String::new(),
                dissent: if n % 5 == 0 {
                    "Une minorité propose une autre répartition du budget.".into()
                } else {
                    String::new()
                },
            },
        )?;
    }
    Ok(m.id)
}
