//! The printed charter and the printed comparison of two versions, written as real
//! PDFs and read back with poppler and qpdf.
//!
//! Set `QUORUM_CHARTER_PDF_DIR` to a directory to keep the PDFs for a look.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use quorum_core::charter::{
    CharterDetail, CharterTemplate, SectionInput, SectionKind, SignatoryKind, SignatureInput,
    VersionStatus,
};
use quorum_core::meeting::{AgendaItemInput, ItemKind, MeetingInput, MeetingKind, MeetingStatus};
use quorum_core::member::{College, Member, MemberStatus, Sex};
use quorum_core::minutes::{DecisionInput, Outcome, VoteMode};
use quorum_core::Store;
use std::path::Path;
use std::process::Command;
use uuid::Uuid;

/// A realistic charter: a preamble with its heading, parts, articles with lists and
/// clause trees four levels deep, « guillemets » with U+00A0, and a member-list annex.
const CHARTER: &str = "CHARTE DE FONCTIONNEMENT DU CONSEIL CITOYEN DES TILLEULS

PRÉAMBULE

Le conseil citoyen des Tilleuls réunit des habitants et des acteurs locaux du quartier prioritaire, qui s'engagent bénévolement pour améliorer la vie du quartier.

Il inscrit son action dans le respect des principes suivants\u{a0}:
- liberté\u{a0}: chaque membre s'exprime librement, dans le respect des autres\u{a0};
- égalité\u{a0}: chaque voix compte autant, quelle que soit l'origine ou l'âge\u{a0};
- neutralité\u{a0}: le conseil est indépendant des partis, des cultes et des institutions.

TITRE I – PRINCIPES

Article 1er – Objet
Le conseil citoyen a pour objet\u{a0}:
1° de favoriser l'expression des habitants et des usagers aux côtés des acteurs institutionnels\u{a0};
2° de participer à l'élaboration, à la mise en œuvre et à l'évaluation du contrat de ville\u{a0};
3° de soutenir les initiatives des habitants.

Article 2 – Composition
Le conseil citoyen est composé de deux collèges\u{a0}:
a) le collège «\u{a0}habitants\u{a0}», dont les membres sont volontaires ou tirés au sort dans le respect de la parité\u{a0};
b) le collège «\u{a0}associations et acteurs locaux\u{a0}», composé de représentants des associations et des commerçants du quartier.
Le collège «\u{a0}habitants\u{a0}» représente au moins 50\u{a0}% des membres.

Article 3 – Membre actif
Est membre actif tout membre qui participe régulièrement aux réunions plénières et aux groupes de travail.

TITRE II – FONCTIONNEMENT

Article 4 – Absences
Tout membre absent prévient le secrétariat avant la réunion.
Après trois absences consécutives non excusées, le membre reçoit un courrier lui demandant s'il souhaite rester membre.

Article 5 – Réunions
5.1 Convocation
La convocation est envoyée au moins dix jours avant la réunion, par courriel ou par courrier.
5.2 Ordre du jour
5.2.1 L'ordre du jour est préparé par le bureau d'animation.
5.2.2 Tout membre peut demander l'inscription d'un point\u{a0}:
5.2.2.1 par écrit, au plus tard cinq jours avant la réunion\u{a0};
5.2.2.2 oralement, en début de séance, si le bureau l'accepte.
5.3 Lieu et horaires
Les réunions plénières se tiennent au moins six fois par an, à la maison de quartier, à 18\u{a0}h\u{a0}30.

Article 6 – Quorum et votes
Le conseil ne délibère que si un tiers au moins de ses membres sont présents ou représentés. Les décisions sont prises de préférence au consensus\u{a0}; à défaut, à la majorité des présents.

Article 7 – Pouvoirs
Un membre empêché peut donner pouvoir à un autre membre du même collège. Chaque membre ne détient qu'un seul pouvoir.

Article 8 – Rôles
Le conseil citoyen désigne en son sein\u{a0}:
- un animateur ou une animatrice, renouvelé à chaque réunion\u{a0};
- un ou une secrétaire de séance\u{a0};
- deux référents, un par collège, interlocuteurs des partenaires.

TITRE III – DISPOSITIONS FINALES

Article 9 – Modification de la charte
La présente charte peut être modifiée par l'assemblée plénière, à la majorité des deux tiers des membres présents ou représentés.

ANNEXE 1 – Liste des membres
La liste des membres en fonction est tenue à jour par le secrétariat.
";

// ---------------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------------

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} must be installed (make setup): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    if let Ok(keep) = std::env::var("QUORUM_CHARTER_PDF_DIR") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(Path::new(&keep).join(name), bytes).unwrap();
    }
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// Words, whitespace folded (poppler prints U+00A0 as a plain space).
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(pdf: &str) -> String {
    fold(&tool("pdftotext", &[pdf, "-"]))
}

fn page_text(pdf: &str, page: usize) -> String {
    let n = page.to_string();
    fold(&tool("pdftotext", &["-f", &n, "-l", &n, pdf, "-"]))
}

fn page_count(pdf: &str) -> usize {
    tool("pdfinfo", &[pdf])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("page count")
        .trim()
        .parse()
        .expect("a number of pages")
}

fn check_pdf(pdf: &str) {
    tool("qpdf", &["--check", pdf]);
}

/// The words poppler finds on pages `from`.. as drawn, from its bounding boxes: its
/// text mode joins a line ending in « - » (a stray page number « - 2 - » kept from an
/// import) with the next one.
fn pdf_words(pdf: &str, from: usize) -> Vec<String> {
    let first = from.to_string();
    let html = tool("pdftotext", &["-bbox", "-f", &first, pdf, "-"]);
    let text: String = html
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let inner = l.strip_prefix("<word ")?.split_once('>')?.1;
            inner.strip_suffix("</word>")
        })
        .map(|w| {
            w.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        })
        .collect::<Vec<_>>()
        .join(" ");
    words(&text)
}

/// Words of stored text as they must print: bullets of « - » lists are drawn by the
/// layout as « • », so markers made only of dashes and dots do not count.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| !w.chars().all(|c| "-–—•*·".contains(c)))
        .map(str::to_string)
        .collect()
}

/// Finds `wanted` in order in `text`, with at most `max_gap` other words between
/// two found ones (running header, footer, page numbers and list markers), starting
/// at `from`. Returns the index after the last word found.
fn find_in_order(text: &[String], wanted: &[String], from: usize, max_gap: usize) -> usize {
    let mut at = from;
    for (k, w) in wanted.iter().enumerate() {
        let limit = if k == 0 {
            text.len()
        } else {
            (at + max_gap + 1).min(text.len())
        };
        match (at..limit).find(|&i| &text[i] == w) {
            Some(i) => at = i + 1,
            None => panic!(
                "word {k} « {w} » of {:?} not found in order after « {} »",
                wanted.join(" "),
                text[at.saturating_sub(12)..at].join(" ")
            ),
        }
    }
    at
}

// ---------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------

struct Fixture {
    store: Store,
    council: Uuid,
    charter: Uuid,
    members: Vec<Member>,
    out: tempfile::TempDir,
    _dir: DataDir,
}

fn meeting_input(title: &str, date: &str) -> MeetingInput {
    MeetingInput {
        kind: MeetingKind::Pleniere,
        title: title.into(),
        date: date.into(),
        start_time: "18 h 30".into(),
        end_time: "20:30".into(),
        place: "Maison de quartier".into(),
        remote_link: String::new(),
        status: MeetingStatus::Tenue,
        head_count: None,
        head_count_note: String::new(),
    }
}

/// A decision « adopté » of a plenary on `date`.
fn adopting_decision(store: &mut Store, council: Uuid, title: &str, date: &str) -> Uuid {
    let m = store
        .create_meeting(council, meeting_input(title, date))
        .unwrap();
    let item = store
        .add_agenda_item(
            m.id,
            AgendaItemInput {
                title: "Adoption de la charte".into(),
                kind: ItemKind::Decision,
                presenter: String::new(),
                planned_minutes: Some(30),
                approves_meeting_id: None,
                deferred_from_item_id: None,
            },
        )
        .unwrap();
    store
        .add_decision(
            item.id,
            DecisionInput {
                text: "Le conseil adopte sa charte de fonctionnement.".into(),
                outcome: Outcome::Adopte,
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

/// A council of five members (one of whom did not agree to be named) and its
/// charter, imported from [`CHARTER`], still a draft.
fn fixture() -> Fixture {
    let dir = DataDir::new();
    let mut store = dir.open();
    let council = new_council(&mut store, "Conseil citoyen des Tilleuls").id;
    let mut members = Vec::new();
    for (first, last, sex) in [
        ("Aïcha", "Benali", Sex::F),
        ("Jean-Marc", "Lefèvre", Sex::M),
        ("Karim", "Haddad", Sex::M),
    ] {
        let mut input = habitant(last, sex);
        input.first_name = first.into();
        input.consent_to_be_named = last != "Haddad";
        members.push(add(&mut store, council, input));
    }
    let mut acteur_input = acteur("Nguyen");
    acteur_input.first_name = "Linh".into();
    acteur_input.organisation = "Régie de quartier des Tilleuls".into();
    members.push(add(&mut store, council, acteur_input));
    let mut suppleant = member_input(
        "Moreau",
        College::Habitants,
        MemberStatus::Suppleant,
        Some(Sex::F),
    );
    suppleant.first_name = "Inès".into();
    members.push(add(&mut store, council, suppleant));
    let detail = store
        .import_charter(council, CHARTER, None, "charte.txt")
        .unwrap();
    Fixture {
        store,
        council,
        charter: detail.charter.id,
        members,
        out: tempfile::tempdir().unwrap(),
        _dir: dir,
    }
}

fn member(f: &Fixture, last_name: &str) -> Member {
    f.members
        .iter()
        .find(|m| m.last_name == last_name)
        .cloned()
        .expect("a member of the fixture")
}

/// Adopts version 1 on 14 March 2026 and records three signatures.
fn adopt_and_sign(f: &mut Fixture) -> CharterDetail {
    let decision = adopting_decision(
        &mut f.store,
        f.council,
        "Plénière de printemps",
        "2026-03-14",
    );
    let v1 = f.store.get_charter(f.charter, Some(1)).unwrap();
    f.store
        .adopt_charter_version(v1.version.id, decision)
        .unwrap();
    let sign = |kind, member_id, organisation: &str, name: &str, quality: &str| SignatureInput {
        kind,
        member_id,
        organisation: organisation.into(),
        name: name.into(),
        quality: quality.into(),
        place: "Villeval".into(),
        signed_on: "2026-03-14".into(),
    };
    let benali = member(f, "Benali").id;
    let haddad = member(f, "Haddad").id;
    let nguyen = member(f, "Nguyen").id;
    for input in [
        sign(SignatoryKind::Membre, Some(benali), "", "", "Référente"),
        sign(SignatoryKind::Membre, Some(haddad), "", "", ""),
        sign(SignatoryKind::Membre, Some(nguyen), "", "", ""),
        sign(
            SignatoryKind::Partenaire,
            None,
            "Ville de Villeval",
            "Sophie Martin",
            "Adjointe au maire",
        ),
    ] {
        f.store.add_charter_signature(v1.version.id, input).unwrap();
    }
    f.store.get_charter(f.charter, Some(1)).unwrap()
}

fn pdf_of(f: &mut Fixture, version: Option<u32>, name: &str) -> String {
    let bytes = f.store.charter_pdf(f.charter, version).unwrap();
    let path = write(f.out.path(), name, &bytes);
    check_pdf(&path);
    path
}

/// The first page after the table of contents.
fn first_body_page(pdf: &str) -> usize {
    (2..=page_count(pdf))
        .find(|&p| !page_text(pdf, p).contains("Sommaire"))
        .expect("a page after the table of contents")
}

/// From the first page after the table of contents: the preamble, then each
/// section's heading (with its renumbered label) and every word of its body, in
/// order, with no more than a running header and footer between two words.
fn assert_every_word_prints(pdf: &str, detail: &CharterDetail) {
    let start = first_body_page(pdf);
    let body = pdf_words(pdf, start);
    let mut at = find_in_order(&body, &words(&detail.preamble_text), 0, 30);
    assert!(!detail.sections.is_empty());
    for s in &detail.sections {
        let mut wanted = words(&s.heading());
        wanted.extend(words(&s.body_text));
        at = find_in_order(&body, &wanted, at, 30);
    }
    let title = fold(&detail.version.title);
    let first = page_text(pdf, 1);
    assert!(first.contains(&title), "no title « {title} » in {first}");
}

/// The text of the signature pages: from the page of the « Signatures » heading
/// (not the table of contents) to the end; boxes run over as many pages as needed.
fn signature_pages(pdf: &str) -> String {
    let n = page_count(pdf);
    let from = (first_body_page(pdf)..=n)
        .find(|&p| page_text(pdf, p).contains("Signatures Fait à"))
        .expect("the signature page");
    (from..=n)
        .map(|p| page_text(pdf, p))
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------

#[test]
fn every_word_of_the_charter_prints_in_order() {
    let mut f = fixture();
    let detail = adopt_and_sign(&mut f);
    let pdf = pdf_of(&mut f, Some(1), "charte-v1.pdf");

    // The title page carries the title, the kind, the version and the adoption.
    let first = page_text(&pdf, 1);
    for expected in [
        fold(&detail.version.title),
        "Charte de fonctionnement".to_string(),
        "Version 1".to_string(),
        "Adoptée le 14 mars 2026 par décision du conseil (réunion du 14 mars 2026, « Plénière de printemps »)".to_string(),
    ] {
        assert!(first.contains(&expected), "missing « {expected} » in {first}");
    }

    assert_every_word_prints(&pdf, &detail);
    // « Guillemets » with their no-break spaces (printed as spaces by poppler).
    assert!(text_of(&pdf).contains("le collège « habitants », dont les membres"));
}

#[test]
fn the_table_of_contents_gives_the_page_of_each_article() {
    let mut f = fixture();
    let detail = adopt_and_sign(&mut f);
    let pdf = pdf_of(&mut f, Some(1), "charte-sommaire.pdf");
    assert!(page_text(&pdf, 2).contains("Sommaire"));

    // The table as laid out: one line per entry, the page number at the end.
    let layout = tool("pdftotext", &["-layout", "-f", "2", "-l", "2", &pdf, "-"]);
    let toc: Vec<(String, usize)> = layout
        .lines()
        .filter_map(|l| {
            let l = fold(l);
            let (title, page) = l.rsplit_once(' ')?;
            Some((title.to_string(), page.parse().ok()?))
        })
        .collect();
    let pages = page_count(&pdf);
    let mut checked = 0;
    for s in &detail.sections {
        let heading = fold(&s.heading());
        let (_, page) = toc
            .iter()
            .find(|(t, _)| *t == heading)
            .unwrap_or_else(|| panic!("« {heading} » not in the table of contents: {toc:?}"));
        assert!(*page >= 3 && *page <= pages, "{heading}: page {page}");
        assert!(
            page_text(&pdf, *page).contains(&heading),
            "« {heading} » is not on page {page}"
        );
        if *page > 3 {
            // The page the heading starts: not already on the one before.
            let before = page_text(&pdf, page - 1);
            assert!(
                !before.contains(&format!("{heading} ")),
                "« {heading} » already on page {}",
                page - 1
            );
        }
        if s.section.kind == SectionKind::Article {
            checked += 1;
        }
    }
    assert_eq!(checked, 9);
    // The signature page is listed too, and is the last one.
    let (_, sig) = toc
        .iter()
        .find(|(t, _)| t == "Signatures")
        .expect("the signature page in the table of contents");
    assert_eq!(*sig, pages);
}

#[test]
fn the_footer_carries_the_version_and_its_adoption_on_every_page() {
    let mut f = fixture();
    let draft = pdf_of(&mut f, None, "charte-projet.pdf");
    let n = page_count(&draft);
    assert!(n >= 4, "title, contents, text, signatures: {n} pages");
    assert!(page_text(&draft, 1).contains("Projet — version 1, non adoptée"));
    for p in 1..=n {
        let t = page_text(&draft, p);
        assert!(
            t.contains("Projet de version 1 — non adopté"),
            "page {p}: {t}"
        );
        assert!(t.contains(&format!("Page {p} / {n}")), "page {p}: {t}");
        assert!(
            t.contains("Conseil citoyen des Tilleuls — Charte de fonctionnement"),
            "page {p}: {t}"
        );
    }

    adopt_and_sign(&mut f);
    let adopted = pdf_of(&mut f, None, "charte-adoptee.pdf");
    let n = page_count(&adopted);
    for p in 1..=n {
        let t = page_text(&adopted, p);
        assert!(
            t.contains("Version 1, adoptée le 14 mars 2026"),
            "page {p}: {t}"
        );
        assert!(!t.contains("Projet"), "page {p}: {t}");
    }
    let info = tool("pdfinfo", &[&adopted]);
    assert!(
        info.contains("Author:          Conseil citoyen des Tilleuls"),
        "{info}"
    );
    assert!(
        info.contains("Title:           CHARTE DE FONCTIONNEMENT DU CONSEIL CITOYEN DES TILLEULS"),
        "{info}"
    );

    // Once version 2 is adopted, version 1 says it was replaced.
    let v2 = f.store.start_charter_version(f.charter).unwrap();
    let decision = adopting_decision(&mut f.store, f.council, "Plénière d'été", "2026-06-20");
    f.store
        .adopt_charter_version(v2.version.id, decision)
        .unwrap();
    let old = pdf_of(&mut f, Some(1), "charte-remplacee.pdf");
    assert!(
        page_text(&old, 1).contains(
            "Remplacée par une version plus récente (version 2, adoptée le 20 juin 2026)"
        ),
        "{}",
        page_text(&old, 1)
    );
    assert!(page_text(&old, 2).contains("Version 1, adoptée le 14 mars 2026 — remplacée"));
}

#[test]
fn the_signature_page_names_signatories_with_initials_for_those_who_did_not_consent() {
    let mut f = fixture();

    // Before anyone signs: a box per member in office, two for partners.
    let draft = pdf_of(&mut f, None, "charte-a-signer.pdf");
    let last = signature_pages(&draft);
    for expected in [
        "Signatures",
        "Fait à ……………………………, le ……………………………",
        "Collège des habitants",
        "Aïcha Benali",
        "Jean-Marc Lefèvre",
        "Inès Moreau",
        "K. H.",
        "Collège des associations et acteurs locaux",
        "Linh Nguyen",
        "Régie de quartier des Tilleuls",
        "Partenaires",
    ] {
        assert!(last.contains(expected), "missing « {expected} » in {last}");
    }

    let detail = adopt_and_sign(&mut f);
    assert_eq!(detail.signatures.len(), 4);
    let pdf = pdf_of(&mut f, Some(1), "charte-signee.pdf");
    let last = signature_pages(&pdf);
    for expected in [
        "Fait à Villeval, le 14 mars 2026.",
        "Aïcha Benali",
        "Signé à Villeval, le 14 mars 2026",
        "Collège des habitants, Référente",
        "K. H.",
        "Linh Nguyen",
        "Collège des associations et acteurs locaux, Régie de quartier des Tilleuls",
        "Partenaires",
        "Sophie Martin",
        "Ville de Villeval, Adjointe au maire",
    ] {
        assert!(last.contains(expected), "missing « {expected} » in {last}");
    }
    // Only those who signed have a box once signatures are recorded.
    assert!(!last.contains("Lefèvre"), "{last}");
    // Nowhere in the published charter (member list included) is Karim Haddad named.
    let all = text_of(&pdf);
    assert!(!all.contains("Haddad"), "{all}");
    assert!(!all.contains("Karim"), "{all}");

    // The generated annex lists the members in office on the adoption date.
    let annex_page = (3..=page_count(&pdf))
        .find(|&p| page_text(&pdf, p).contains("Membres en fonction au"))
        .expect("the member list");
    let annex = page_text(&pdf, annex_page);
    for expected in [
        "Membres en fonction au 14 mars 2026",
        "Collège des habitants (4 membres)",
        "Aïcha Benali Titulaire",
        "Inès Moreau Suppléant·e",
        "K. H. Titulaire",
        "Collège des associations et acteurs locaux (1 membre)",
        "Linh Nguyen Régie de quartier des Tilleuls Titulaire",
    ] {
        assert!(
            annex.contains(expected),
            "missing « {expected} » in {annex}"
        );
    }
}

#[test]
fn the_comparison_shows_changed_added_removed_and_unchanged_articles() {
    let mut f = fixture();
    adopt_and_sign(&mut f);
    let v2 = f.store.start_charter_version(f.charter).unwrap();
    assert_eq!(v2.version.status, VersionStatus::Brouillon);
    let find = |d: &CharterDetail, title: &str| {
        d.sections
            .iter()
            .find(|s| s.section.title == title)
            .cloned()
            .expect("a section of the fixture")
    };
    // Article 2 is followed by a new article, article 4 changes, article 7 goes.
    let absences = find(&v2, "Absences");
    f.store
        .update_charter_section(
            absences.section.id,
            SectionInput {
                kind: SectionKind::Article,
                title: "Absences".into(),
                body_text: "Tout membre absent prévient le secrétariat avant la réunion.\n\nAprès quatre absences consécutives non excusées, le bureau propose un entretien au membre.".into(),
                generated: None,
            },
        )
        .unwrap();
    let composition = v2
        .sections
        .iter()
        .position(|s| s.section.title == "Composition")
        .unwrap();
    f.store
        .add_charter_section(
            v2.version.id,
            Some(composition as u32 + 1),
            SectionInput {
                kind: SectionKind::Article,
                title: "Laïcité".into(),
                body_text: "Le conseil respecte toutes les convictions et n'en promeut aucune."
                    .into(),
                generated: None,
            },
        )
        .unwrap();
    let pouvoirs = find(&v2, "Pouvoirs");
    f.store.delete_charter_section(pouvoirs.section.id).unwrap();

    let bytes = f.store.charter_diff_pdf(f.charter, 1, 2).unwrap();
    let pdf = write(f.out.path(), "comparaison.pdf", &bytes);
    check_pdf(&pdf);
    let text = text_of(&pdf);
    for expected in [
        "Comparaison des versions 1 et 2",
        "en vigueur, adoptée le 14 mars 2026",
        "projet, non adoptée",
        "Lecture :",
        "1 article modifié, 1 ajouté, 1 supprimé, 7 inchangés",
        // The changed article, renumbered by the insertion before it.
        "Article 4 – Absences (devient Article 5)",
        "trois",
        "quatre",
        "le membre reçoit un courrier lui demandant s'il souhaite rester membre.",
        "le bureau propose un entretien au membre.",
        // The added one, and the removed one.
        "Article 3 – Laïcité (ajouté)",
        "(n'existait pas)",
        "Le conseil respecte toutes les convictions et n'en promeut aucune.",
        "Article 7 – Pouvoirs (supprimé)",
        "Un membre empêché peut donner pouvoir à un autre membre du même collège.",
        // Unchanged ones in a sentence; an article that keeps its number (8, after
        // one insertion and one deletion) is not said to be renumbered.
        "Inchangés : partie I, Article 1er, Article 2, Article 3 (devient Article 4), partie II, Article 5 (devient Article 6), Article 6 (devient Article 7), Article 8, partie III, Article 9, Annexe 1.",
    ] {
        assert!(text.contains(expected), "missing « {expected} » in {text}");
    }
    // Unchanged articles are listed, not printed.
    assert!(!text.contains("Le conseil citoyen a pour objet"), "{text}");

    // Old words on the left, new on the right: on the row of the changed sentence,
    // « trois » comes before « quatre ».
    let layout = tool("pdftotext", &["-layout", &pdf, "-"]);
    let row = layout
        .lines()
        .find(|l| l.contains("trois") && l.contains("quatre"))
        .unwrap_or_else(|| panic!("no row with both sides: {layout}"));
    assert!(row.find("trois") < row.find("quatre"), "{row}");

    // Two identical versions say so.
    let same = f.store.charter_diff_pdf(f.charter, 1, 1).unwrap();
    let same = write(f.out.path(), "identiques.pdf", &same);
    check_pdf(&same);
    assert!(
        text_of(&same).contains("Aucune différence"),
        "{}",
        text_of(&same)
    );
}

#[test]
fn our_templates_and_imported_samples_print_whole() {
    let mut f = fixture();
    let mut details = Vec::new();
    for template in CharterTemplate::ALL {
        details.push(
            f.store
                .create_charter_from_template(f.council, template)
                .unwrap(),
        );
    }
    for sample in ["charte_pres_hauts.txt", "reglement_defectueux.txt"] {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/charter_samples")
                .join(sample),
        )
        .unwrap();
        details.push(
            f.store
                .import_charter(f.council, &text, None, sample)
                .unwrap(),
        );
    }
    for (k, detail) in details.iter().enumerate() {
        let bytes = f.store.charter_pdf(detail.charter.id, None).unwrap();
        let pdf = write(f.out.path(), &format!("exemple-{k}.pdf"), &bytes);
        check_pdf(&pdf);
        assert_every_word_prints(&pdf, detail);
    }
}

#[test]
fn a_long_article_runs_over_pages_in_the_comparison_without_losing_a_line() {
    let mut f = fixture();
    adopt_and_sign(&mut f);
    let v2 = f.store.start_charter_version(f.charter).unwrap();
    let article = v2
        .sections
        .iter()
        .find(|s| s.section.title == "Quorum et votes")
        .cloned()
        .unwrap();
    let body: Vec<String> = (1..=60)
        .map(|n| format!("Alinéa numéro {n} : le conseil précise ici une règle de vote qui mérite une phrase assez longue pour occuper la ligne."))
        .collect();
    f.store
        .update_charter_section(
            article.section.id,
            SectionInput {
                kind: SectionKind::Article,
                title: "Quorum, votes et procurations".into(),
                body_text: body.join("\n\n"),
                generated: None,
            },
        )
        .unwrap();
    let bytes = f.store.charter_diff_pdf(f.charter, 1, 2).unwrap();
    let pdf = write(f.out.path(), "comparaison-longue.pdf", &bytes);
    check_pdf(&pdf);
    assert!(page_count(&pdf) >= 3, "{} pages", page_count(&pdf));
    let text = text_of(&pdf);
    assert!(text.contains("Article 6 – Quorum et votes"), "{text}");
    assert!(text.contains("Titre : Quorum et votes"), "{text}");
    assert!(
        text.contains("Titre : Quorum, votes et procurations"),
        "{text}"
    );
    let all: Vec<String> = words(&text);
    let mut at = 0;
    for line in &body {
        at = find_in_order(&all, &words(line), at, 30);
    }
    // Each page keeps the column titles, and no text runs into the footer.
    for p in 2..=page_count(&pdf) {
        let t = page_text(&pdf, p);
        if t.contains("Alinéa") {
            assert!(
                t.contains("Version 1 (en vigueur) Version 2 (projet)"),
                "page {p}: {t}"
            );
        }
    }
}
