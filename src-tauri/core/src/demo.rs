//! A realistic, fictional demo council, for trying Quorum and for tests.
//!
//! Identifiers are UUID v5 derived from fixed names and timestamps are fixed, so that
//! loading the demo twice finds every record already there and adds nothing.

use crate::council::{Council, Neighbourhood, ParticipationForm, QuorumBase, QuorumRule};
use crate::db::Store;
use crate::error::Result;
use crate::exchange::{generator, CouncilExport, ExportDocument, ImportReport, FORMAT_VERSION};
use crate::guest::{Guest, GuestCategory};
use crate::member::{College, Member, MemberEvent, MemberEventKind, MemberRole, MemberStatus, Sex};
use chrono::{DateTime, NaiveDate, Utc};
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
    let guests = guests()
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
        councils: vec![CouncilExport {
            council,
            members,
            member_events,
            guests,
        }],
    }
}

impl Store {
    /// Loads the demo council; a second call finds everything there and adds nothing.
    pub fn load_demo(&mut self) -> Result<ImportReport> {
        self.import_document(&demo_document())
    }
}
