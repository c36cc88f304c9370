//! Charters: storage, editing with automatic numbering, adoption by a meeting's
//! decision, versions, signatures, comparison, templates, import and exchange.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use quorum_core::charter::{
    CharterInput, CharterKind, CharterTemplate, GeneratedAnnex, SectionInput, SectionKind,
    SignatoryKind, SignatureInput, VersionInput, VersionStatus,
};
use quorum_core::charter_diff::{DiffTag, SectionChange};
use quorum_core::charter_text::CharterNode;
use quorum_core::meeting::{AgendaItemInput, ItemKind, MeetingInput, MeetingKind, MeetingStatus};
use quorum_core::member::Sex;
use quorum_core::minutes::{DecisionInput, Outcome, VoteMode};
use quorum_core::{ErrorCode, Store};
use uuid::Uuid;

const IMPORTED: &str = "\
Règlement intérieur du conseil citoyen du Val

Préambule
Le présent règlement complète la charte de participation.

TITRE I – Organisation

Article 1er – Objet
Le règlement précise le fonctionnement du conseil.

Article 2 : Réunions
Le conseil se réunit au moins quatre fois par an.
1° Les convocations sont envoyées huit jours avant ;
2° L'ordre du jour est joint :
a) avec les documents utiles ;
b) avec le compte rendu précédent.

TITRE II – Décisions

Article 3 – Quorum
Le quorum est atteint quand un tiers des membres est présent.

Art. 4 bis - Votes
- à main levée ;
- à bulletin secret si un membre le demande.

ANNEXE 1 : Liste des membres
La liste est tenue à jour par le secrétaire.
";

fn meeting(store: &mut Store, council: Uuid, title: &str, date: &str) -> Uuid {
    store
        .create_meeting(
            council,
            MeetingInput {
                kind: MeetingKind::Pleniere,
                title: title.into(),
                date: date.into(),
                start_time: "18:30".into(),
                end_time: String::new(),
                place: "Maison de quartier".into(),
                remote_link: String::new(),
                status: MeetingStatus::Tenue,
                head_count: None,
                head_count_note: String::new(),
            },
        )
        .unwrap()
        .id
}

/// A decision in a new meeting of `council`, dated `date`.
fn decision(store: &mut Store, council: Uuid, date: &str, outcome: Outcome) -> Uuid {
    let m = meeting(store, council, "Séance plénière", date);
    let item = store
        .add_agenda_item(
            m,
            AgendaItemInput {
                title: "Charte".into(),
                kind: ItemKind::Decision,
                presenter: String::new(),
                planned_minutes: None,
                approves_meeting_id: None,
                deferred_from_item_id: None,
            },
        )
        .unwrap();
    store
        .add_decision(
            item.id,
            DecisionInput {
                text: "La charte est adoptée.".into(),
                outcome,
                vote: VoteMode::Unanimite,
                votes_for: None,
                votes_against: None,
                abstentions: None,
                amount_requested: String::new(),
                amount_granted: String::new(),
                dissent: String::new(),
            },
        )
        .unwrap()
        .id
}

fn article(title: &str, body: &str) -> SectionInput {
    SectionInput {
        kind: SectionKind::Article,
        title: title.into(),
        body_text: body.into(),
        generated: None,
    }
}

fn member_signature(member: Uuid, date: &str) -> SignatureInput {
    SignatureInput {
        kind: SignatoryKind::Membre,
        member_id: Some(member),
        organisation: String::new(),
        name: String::new(),
        quality: String::new(),
        place: "Villeval".into(),
        signed_on: date.into(),
    }
}

#[test]
fn articles_are_numbered_automatically_through_insert_move_and_delete() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let c = new_council(&mut store, "Conseil du Val");
    let d = store
        .create_charter(
            c.id,
            CharterInput {
                kind: CharterKind::ReglementInterieur,
                title: "Règlement intérieur".into(),
            },
        )
        .unwrap();
    let v = d.version.id;
    assert_eq!(d.version.status, VersionStatus::Brouillon);
    let a = store
        .add_charter_section(v, None, article("Objet", "Le texte."))
        .unwrap();
    let b = store
        .add_charter_section(v, None, article("Quorum", "Un tiers."))
        .unwrap();
    assert_eq!(
        (a.label.as_str(), b.label.as_str()),
        ("Article 1er", "Article 2")
    );
    // Insert a part before everything and an article between the two.
    store
        .add_charter_section(
            v,
            Some(0),
            SectionInput {
                kind: SectionKind::Part,
                title: "Principes".into(),
                body_text: String::new(),
                generated: None,
            },
        )
        .unwrap();
    let inserted = store
        .add_charter_section(v, Some(2), article("Composition", "Deux collèges."))
        .unwrap();
    assert_eq!(inserted.label, "Article 2");
    let detail = store.get_charter(d.charter.id, None).unwrap();
    let headings: Vec<String> = detail.sections.iter().map(|s| s.heading()).collect();
    assert_eq!(
        headings,
        [
            "I. Principes",
            "Article 1er – Objet",
            "Article 2 – Composition",
            "Article 3 – Quorum"
        ]
    );
    // Move « Quorum » to the top of the articles, then delete « Objet ».
    let quorum = detail.sections[3].section.id;
    store.move_charter_section(quorum, 1).unwrap();
    let after = store.delete_charter_section(a.section.id).unwrap();
    let headings: Vec<String> = after.sections.iter().map(|s| s.heading()).collect();
    assert_eq!(
        headings,
        [
            "I. Principes",
            "Article 1er – Quorum",
            "Article 2 – Composition"
        ]
    );
    let positions: Vec<u32> = after.sections.iter().map(|s| s.section.position).collect();
    assert_eq!(positions, [0, 1, 2]);
}

#[test]
fn a_body_is_typed_as_text_and_stored_as_clauses_and_lists() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let c = new_council(&mut store, "Conseil du Val");
    let d = store
        .create_charter(
            c.id,
            CharterInput {
                kind: CharterKind::CharteParticipation,
                title: "Charte".into(),
            },
        )
        .unwrap();
    let text = "Le conseil se réunit :\n\n1° en séance plénière ;\n  a) au moins quatre fois par an ;\n2° en commission.\n\n- ouverte au public ;\n- annoncée par affichage.";
    let s = store
        .add_charter_section(d.version.id, None, article("Réunions", text))
        .unwrap();
    assert!(
        matches!(&s.section.body[0], CharterNode::Paragraph { text } if text == "Le conseil se réunit :")
    );
    let CharterNode::Clause {
        label, children, ..
    } = &s.section.body[1]
    else {
        panic!("expected a clause, got {:?}", s.section.body[1]);
    };
    assert_eq!(label, "1°");
    assert!(matches!(&children[0], CharterNode::Clause { label, .. } if label == "a)"));
    fn has_list(nodes: &[CharterNode]) -> bool {
        nodes.iter().any(|n| match n {
            CharterNode::List { items, .. } => items.len() == 2,
            CharterNode::Clause { children, .. } => has_list(children),
            _ => false,
        })
    }
    assert!(has_list(&s.section.body), "{:?}", s.section.body);
    // What the editor shows reads back to the same structure.
    let again = store
        .update_charter_section(s.section.id, article("Réunions", &s.body_text))
        .unwrap();
    assert_eq!(again.section.body, s.section.body);
}

#[test]
fn validation_keeps_the_text_and_names_the_field() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let c = new_council(&mut store, "Conseil du Val");
    let d = store
        .create_charter(
            c.id,
            CharterInput {
                kind: CharterKind::CharteParticipation,
                title: "Charte".into(),
            },
        )
        .unwrap();
    let err = store
        .add_charter_section(
            d.version.id,
            None,
            SectionInput {
                kind: SectionKind::Part,
                title: "  ".into(),
                body_text: "texte".into(),
                generated: None,
            },
        )
        .unwrap_err();
    assert_eq!(field_names(&err), ["title"]);
    let err = store
        .update_charter_version(
            d.version.id,
            VersionInput {
                title: String::new(),
                preamble_text: "x".into(),
            },
        )
        .unwrap_err();
    assert_eq!(field_names(&err), ["title"]);
    let err = store
        .create_charter(
            c.id,
            CharterInput {
                kind: CharterKind::CharteParticipation,
                title: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(field_names(&err), ["title"]);
    let err = store
        .import_charter(c.id, " \n ", None, "vide.txt")
        .unwrap_err();
    assert_eq!(field_names(&err), ["text"]);
    assert!(field_message(&err, "text").contains("vide"));
}

#[test]
fn a_draft_is_adopted_by_a_decision_then_frozen_and_revised_as_version_two() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let c = new_council(&mut store, "Conseil du Val");
    let other = new_council(&mut store, "Autre conseil");
    let d = store
        .create_charter_from_template(c.id, CharterTemplate::CharteParticipation)
        .unwrap();
    let charter = d.charter.id;
    let v1 = d.version.id;

    // Only a decision « adopté » of this council's meetings adopts it.
    let rejected = decision(&mut store, c.id, "2025-03-11", Outcome::Rejete);
    let err = store.adopt_charter_version(v1, rejected).unwrap_err();
    assert_eq!(field_names(&err), ["decision_id"]);
    let elsewhere = decision(&mut store, other.id, "2025-03-11", Outcome::Adopte);
    let err = store.adopt_charter_version(v1, elsewhere).unwrap_err();
    assert!(field_message(&err, "decision_id").contains("autre conseil"));

    let yes = decision(&mut store, c.id, "2025-03-18", Outcome::Adopte);
    let candidates = store.charter_adoption_candidates(charter).unwrap();
    assert_eq!(
        candidates.iter().map(|a| a.decision_id).collect::<Vec<_>>(),
        [yes]
    );
    let adopted = store.adopt_charter_version(v1, yes).unwrap();
    assert_eq!(adopted.version.status, VersionStatus::Adoptee);
    assert_eq!(adopted.version.adopted_on, Some(common::d("2025-03-18")));
    let adoption = adopted.adoption.clone().expect("adoption shown");
    assert_eq!(adoption.meeting_date, common::d("2025-03-18"));
    assert!(store
        .charter_adoption_candidates(charter)
        .unwrap()
        .is_empty());

    // Frozen: no edit, no insert, no delete of an adopted version.
    let first = adopted.articles().next().unwrap().section.id;
    let err = store
        .update_charter_section(first, article("Objet", "Changé"))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Locked);
    assert_eq!(
        store
            .add_charter_section(v1, None, article("X", "Y"))
            .unwrap_err()
            .code(),
        ErrorCode::Locked
    );
    assert_eq!(
        store.delete_charter_section(first).unwrap_err().code(),
        ErrorCode::Locked
    );
    // The decision that adopted it can no longer be deleted or turned into a rejection.
    assert_eq!(
        store.delete_decision(yes).unwrap_err().code(),
        ErrorCode::Conflict
    );

    // Version 2 starts as a copy that keeps the articles' lineage.
    let v2 = store.start_charter_version(charter).unwrap();
    assert_eq!(v2.version.number, 2);
    assert_eq!(v2.version.based_on_number, Some(1));
    assert_eq!(v2.sections.len(), adopted.sections.len());
    for (a, b) in adopted.sections.iter().zip(&v2.sections) {
        assert_eq!(a.section.lineage, b.section.lineage);
        assert_ne!(a.section.id, b.section.id);
        assert_eq!(a.section.body, b.section.body);
    }
    assert_eq!(
        store.start_charter_version(charter).unwrap_err().code(),
        ErrorCode::Conflict
    );
    // Editing version 2 leaves version 1 as adopted.
    let second = v2.articles().nth(1).unwrap().clone();
    store
        .update_charter_section(
            second.section.id,
            article(&second.section.title, "Nouveau texte de l'article."),
        )
        .unwrap();
    let v1_again = store.get_charter(charter, Some(1)).unwrap();
    assert_eq!(
        v1_again.articles().nth(1).unwrap().section.body,
        second.section.body
    );
    // Adopting version 2 replaces version 1; an earlier meeting cannot adopt it.
    let later = decision(&mut store, c.id, "2025-09-16", Outcome::Adopte);
    let adopted2 = store.adopt_charter_version(v2.version.id, later).unwrap();
    assert_eq!(adopted2.version.status, VersionStatus::Adoptee);
    let states: Vec<VersionStatus> = adopted2.versions.iter().map(|v| v.status).collect();
    assert_eq!(states, [VersionStatus::Remplacee, VersionStatus::Adoptee]);
    let v3 = store.start_charter_version(charter).unwrap();
    let too_early = decision(&mut store, c.id, "2025-06-01", Outcome::Adopte);
    let err = store
        .adopt_charter_version(v3.version.id, too_early)
        .unwrap_err();
    assert!(field_message(&err, "decision_id").contains("après cette réunion"));
    // The default version shown is the draft; without a draft, the one in force.
    assert_eq!(store.get_charter(charter, None).unwrap().version.number, 3);
    store.delete_charter_draft(v3.version.id).unwrap();
    assert_eq!(store.get_charter(charter, None).unwrap().version.number, 2);
    // An adopted charter is history: it cannot be deleted.
    assert_eq!(
        store.delete_charter(charter).unwrap_err().code(),
        ErrorCode::Conflict
    );
}

#[test]
fn signatures_name_members_by_college_and_partners_by_institution() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let c = new_council(&mut store, "Conseil du Val");
    let fatou = add(&mut store, c.id, habitant("Diallo", Sex::F));
    let samia = add(&mut store, c.id, acteur("Belkacem"));
    let other = new_council(&mut store, "Autre");
    let stranger = add(&mut store, other.id, habitant("Martin", Sex::M));
    let d = store
        .create_charter_from_template(c.id, CharterTemplate::ReglementInterieur)
        .unwrap();
    let v = d.version.id;
    // A draft is not signed.
    let err = store
        .add_charter_signature(v, member_signature(fatou.id, "2025-03-20"))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    let yes = decision(&mut store, c.id, "2025-03-18", Outcome::Adopte);
    store.adopt_charter_version(v, yes).unwrap();

    let s = store
        .add_charter_signature(v, member_signature(fatou.id, "2025-03-20"))
        .unwrap();
    assert_eq!(s.signatory, "Camille Diallo");
    assert_eq!(s.on_behalf_of, "Collège des habitants");
    store
        .add_charter_signature(v, member_signature(samia.id, ""))
        .unwrap();
    let err = store
        .add_charter_signature(v, member_signature(fatou.id, "2025-03-21"))
        .unwrap_err();
    assert!(field_message(&err, "member_id").contains("déjà signé"));
    let err = store
        .add_charter_signature(v, member_signature(stranger.id, "2025-03-21"))
        .unwrap_err();
    assert_eq!(field_names(&err), ["member_id"]);
    let err = store
        .add_charter_signature(v, member_signature(samia.id, "2025-03-01"))
        .unwrap_err();
    assert!(field_names(&err).contains(&"signed_on".to_string()));
    let err = store
        .add_charter_signature(
            v,
            SignatureInput {
                kind: SignatoryKind::Partenaire,
                member_id: None,
                organisation: String::new(),
                name: "X".into(),
                quality: String::new(),
                place: String::new(),
                signed_on: "32/13/2025".into(),
            },
        )
        .unwrap_err();
    let fields = field_names(&err);
    assert!(
        fields.contains(&"organisation".to_string()) && fields.contains(&"signed_on".to_string()),
        "{fields:?}"
    );
    let mairie = store
        .add_charter_signature(
            v,
            SignatureInput {
                kind: SignatoryKind::Partenaire,
                member_id: None,
                organisation: "Ville de Villeval".into(),
                name: "Isabelle Marchand".into(),
                quality: "Adjointe au maire".into(),
                place: "Villeval".into(),
                signed_on: "21/03/2025".into(),
            },
        )
        .unwrap();
    assert_eq!(mairie.signatory, "Isabelle Marchand");
    assert_eq!(mairie.signature.signed_on, Some(common::d("2025-03-21")));
    let detail = store.get_charter(d.charter.id, None).unwrap();
    assert_eq!(detail.signatures.len(), 3);
    assert_eq!(detail.versions[0].signature_count, 3);
    store.delete_charter_signature(mairie.signature.id).unwrap();
    assert_eq!(
        store
            .get_charter(d.charter.id, None)
            .unwrap()
            .signatures
            .len(),
        2
    );
}

#[test]
fn versions_compare_article_by_article_and_word_by_word() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let c = new_council(&mut store, "Conseil du Val");
    let d = store
        .import_charter(c.id, IMPORTED, None, "reglement.txt")
        .unwrap();
    let charter = d.charter.id;
    let yes = decision(&mut store, c.id, "2025-03-18", Outcome::Adopte);
    store.adopt_charter_version(d.version.id, yes).unwrap();
    let v2 = store.start_charter_version(charter).unwrap();
    let arts: Vec<_> = v2.articles().cloned().collect();
    // Modify article 3, insert a new article before it, delete « Objet ».
    store
        .update_charter_section(
            arts[2].section.id,
            article(
                "Quorum",
                "Le quorum est atteint quand la moitié des membres est présente.",
            ),
        )
        .unwrap();
    let pos = arts[2].section.position;
    store
        .add_charter_section(
            v2.version.id,
            Some(pos),
            article("Pouvoirs", "Chaque membre porte un pouvoir au plus."),
        )
        .unwrap();
    store.delete_charter_section(arts[0].section.id).unwrap();

    let diff = store.compare_charter_versions(charter, 1, 2).unwrap();
    assert!(diff.has_changes());
    assert_eq!(
        (diff.counts.added, diff.counts.removed, diff.counts.modified),
        (1, 1, 1)
    );
    let quorum = diff
        .sections
        .iter()
        .find(|s| s.to_heading.as_deref() == Some("Article 3 – Quorum"))
        .expect("the quorum article");
    assert_eq!(quorum.change, SectionChange::Modified);
    assert_eq!(quorum.from_heading.as_deref(), Some("Article 3 – Quorum"));
    let deleted: String = quorum
        .body
        .iter()
        .filter(|s| s.tag == DiffTag::Deleted)
        .map(|s| s.text.as_str())
        .collect();
    let inserted: String = quorum
        .body
        .iter()
        .filter(|s| s.tag == DiffTag::Inserted)
        .map(|s| s.text.as_str())
        .collect();
    assert!(deleted.contains("un tiers"), "{deleted:?}");
    assert!(inserted.contains("la moitié"), "{inserted:?}");
    assert!(
        deleted.contains("est présent") || !deleted.contains("quorum"),
        "only changed words are marked: {deleted:?}"
    );
    // Articles after the deletion keep their identity though renumbered.
    let reunions = diff
        .sections
        .iter()
        .find(|s| s.to_heading.as_deref() == Some("Article 1er – Réunions"))
        .unwrap();
    assert_eq!(reunions.change, SectionChange::Unchanged);
    assert!(reunions.renumbered);
    assert_eq!(
        reunions.from_heading.as_deref(),
        Some("Article 2 – Réunions")
    );
    // The removed article stands where it was: first among the articles.
    let order: Vec<SectionChange> = diff.sections.iter().map(|s| s.change).collect();
    let removed_at = order
        .iter()
        .position(|c| *c == SectionChange::Removed)
        .unwrap();
    let reunions_at = diff
        .sections
        .iter()
        .position(|s| s.to_heading.as_deref() == Some("Article 1er – Réunions"))
        .unwrap();
    assert!(removed_at < reunions_at);
    // Comparing a version with itself finds nothing; unknown numbers are a clear error.
    assert!(!store
        .compare_charter_versions(charter, 2, 2)
        .unwrap()
        .has_changes());
    let err = store.compare_charter_versions(charter, 1, 9).unwrap_err();
    assert_eq!(field_names(&err), ["to"]);
}

#[test]
fn an_import_keeps_every_word_and_finds_parts_articles_and_annexes() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let c = new_council(&mut store, "Conseil du Val");
    let d = store
        .import_charter(c.id, IMPORTED, None, "reglement.txt")
        .unwrap();
    assert_eq!(d.charter.kind, CharterKind::ReglementInterieur);
    assert_eq!(
        d.version.title,
        "Règlement intérieur du conseil citoyen du Val"
    );
    assert_eq!(d.version.origin, "Importé de reglement.txt");
    let kinds: Vec<SectionKind> = d.sections.iter().map(|s| s.section.kind).collect();
    use SectionKind::*;
    assert_eq!(
        kinds,
        [Part, Article, Article, Part, Article, Article, Annex]
    );
    let annex = d.sections.last().unwrap();
    assert_eq!(annex.section.generated, Some(GeneratedAnnex::MemberList));
    // Every word of the text is somewhere in the stored charter (labels aside, which
    // are renumbered: « Art. 4 bis » becomes « Article 4 »).
    let mut stored = vec![d.version.title.clone(), d.preamble_text.clone()];
    for s in &d.sections {
        stored.push(s.section.title.clone());
        stored.push(s.body_text.clone());
    }
    let stored = stored.join(" ");
    let stored_words: Vec<&str> = stored.split_whitespace().collect();
    let label_words = [
        "TITRE", "I", "II", "Article", "1er", "2", "3", "Art.", "4", "bis", "ANNEXE", "1", "–",
        "-", ":",
    ];
    let mut cursor = 0;
    for w in IMPORTED
        .split_whitespace()
        .filter(|w| !label_words.contains(w))
    {
        let found = stored_words[cursor..].iter().position(|s| s == &w);
        assert!(
            found.is_some(),
            "« {w} » is missing or out of order in the stored charter"
        );
        cursor += found.unwrap() + 1;
    }
}

#[test]
fn templates_start_a_complete_charter_in_one_step() {
    let dir = DataDir::new();
    let mut store = dir.open();
    let c = new_council(&mut store, "Conseil des Tilleuls");
    for template in CharterTemplate::ALL {
        let d = store.create_charter_from_template(c.id, template).unwrap();
        assert_eq!(d.charter.kind, template.kind());
        assert!(
            d.version.title.contains("Conseil des Tilleuls"),
            "{}",
            d.version.title
        );
        assert!(d.articles().count() >= 10);
        assert!(d
            .articles()
            .all(|a| !a.section.title.is_empty() && !a.section.body.is_empty()));
        assert!(d
            .sections
            .iter()
            .any(|s| s.section.generated == Some(GeneratedAnnex::MemberList)));
        let titles = d
            .articles()
            .map(|a| a.section.title.to_lowercase())
            .collect::<Vec<_>>()
            .join(" | ");
        for subject in [
            "objet",
            "composition",
            "absences",
            "quorum",
            "compte",
            "modification",
        ] {
            assert!(
                titles.contains(subject),
                "no article about « {subject} » in {titles}"
            );
        }
    }
    assert_eq!(store.list_charters(c.id).unwrap().len(), 2);
}

#[test]
fn charters_travel_in_the_json_export_and_adopted_texts_are_never_rewritten() {
    let a = DataDir::new();
    let mut store = a.open();
    store.load_demo().unwrap();
    let json = store.export_json().unwrap();
    let doc = quorum_core::exchange::parse_document(&json).unwrap();
    let charters = &doc.councils[0].charters;
    assert_eq!(charters.len(), 1);
    assert_eq!(charters[0].versions.len(), 2);
    assert!(charters[0].signatures.len() >= 5);

    // Into an empty base: everything arrives, then a second import changes nothing.
    let b = DataDir::new();
    let mut other = b.open();
    let report = other.import_json(&json).unwrap();
    assert_eq!(report.charters.added, 1);
    assert_eq!(report.charter_versions.added, 2);
    assert_eq!(
        report.charter_signatures.added as usize,
        charters[0].signatures.len()
    );
    let again = other.import_json(&json).unwrap();
    assert_eq!(again.total().added + again.total().updated, 0);
    let council = other.list_councils(true).unwrap()[0].id;
    let listed = other.list_charters(council).unwrap();
    assert_eq!(listed[0].in_force().map(|v| v.number), Some(2));

    // A file whose adopted version 2 was altered (newer timestamp) does not rewrite it.
    let mut tampered = doc.clone();
    let ch = &mut tampered.councils[0].charters[0];
    let v2 = ch.versions.iter().find(|v| v.number == 2).unwrap().id;
    for s in ch.sections.iter_mut().filter(|s| s.version_id == v2) {
        s.title = "Titre falsifié".into();
        s.updated_at += chrono::Duration::days(1);
    }
    let report = other.import_document(&tampered).unwrap();
    assert!(report.charter_sections.skipped > 0);
    let detail = other.get_charter(listed[0].charter.id, Some(2)).unwrap();
    assert!(detail
        .sections
        .iter()
        .all(|s| s.section.title != "Titre falsifié"));
}

#[test]
fn the_demo_charter_has_two_adopted_versions_and_signatories() {
    let dir = DataDir::new();
    let mut store = dir.open();
    store.load_demo().unwrap();
    let council = store.list_councils(true).unwrap()[0].id;
    let charters = store.list_charters(council).unwrap();
    assert_eq!(charters.len(), 1);
    let states: Vec<VersionStatus> = charters[0].versions.iter().map(|v| v.status).collect();
    assert_eq!(states, [VersionStatus::Remplacee, VersionStatus::Adoptee]);
    let v2 = store.get_charter(charters[0].charter.id, Some(2)).unwrap();
    assert!(v2.adoption.is_some());
    assert!(v2
        .signatures
        .iter()
        .any(|s| s.signature.kind == SignatoryKind::Partenaire));
    assert!(v2.signatures.iter().any(|s| !s.consent_to_be_named));
    let diff = store
        .compare_charter_versions(charters[0].charter.id, 1, 2)
        .unwrap();
    assert_eq!(diff.counts.added, 1);
    assert_eq!(diff.counts.modified, 1);
    // Loading the demo again adds nothing.
    assert_eq!(store.load_demo().unwrap().total().added, 0);
}
