//! The plain-text charter importer: each heading, part and clause style met in real
//! charters, the tolerance to damaged text, and the promise that no word is lost.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use quorum_core::charter_text::{
    body_to_text, parse_body, parse_charter_text, CharterArticle, CharterImportNote,
    CharterListItem, CharterNode, CharterNoteKind, CharterPart, CharterPartKind, CharterSection,
    ParsedCharter,
};

const PRES_HAUTS: &str = include_str!("charter_samples/charte_pres_hauts.txt");
const DEFECTUEUX: &str = include_str!("charter_samples/reglement_defectueux.txt");

// ----------------------------------------------------------------------------------
// Builders for expected structures
// ----------------------------------------------------------------------------------

fn p(text: &str) -> CharterNode {
    CharterNode::Paragraph {
        text: text.to_owned(),
    }
}

fn heading(text: &str) -> CharterNode {
    CharterNode::Heading {
        text: text.to_owned(),
    }
}

fn clause(label: &str, text: &str, children: Vec<CharterNode>) -> CharterNode {
    CharterNode::Clause {
        label: label.to_owned(),
        text: text.to_owned(),
        children,
    }
}

fn list(ordered: bool, items: Vec<CharterListItem>) -> CharterNode {
    CharterNode::List { ordered, items }
}

fn item(marker: &str, text: &str, children: Vec<CharterNode>) -> CharterListItem {
    CharterListItem {
        marker: marker.to_owned(),
        text: text.to_owned(),
        children,
    }
}

fn art(
    label: &str,
    number: Option<u32>,
    sep: &str,
    title: &str,
    body: Vec<CharterNode>,
) -> CharterSection {
    CharterSection::Article(CharterArticle {
        label: label.to_owned(),
        number,
        separator: sep.to_owned(),
        title: title.to_owned(),
        body,
    })
}

fn part(
    kind: CharterPartKind,
    label: &str,
    number: Option<u32>,
    sep: &str,
    title: &str,
    body: Vec<CharterNode>,
    sections: Vec<CharterSection>,
) -> CharterSection {
    CharterSection::Part(CharterPart {
        kind,
        label: label.to_owned(),
        number,
        separator: sep.to_owned(),
        title: title.to_owned(),
        body,
        sections,
    })
}

fn charter(
    title: Option<&str>,
    preamble: Vec<CharterNode>,
    sections: Vec<CharterSection>,
) -> ParsedCharter {
    ParsedCharter {
        title: title.map(str::to_owned),
        preamble,
        sections,
        notes: Vec::new(),
    }
}

/// Whitespace as the importer understands it: Unicode whitespace plus the invisible
/// byte-order mark and zero-width spaces left by copy-paste.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}')
}

fn words(text: &str) -> Vec<String> {
    text.split(is_space)
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The strong form of « nothing lost »: the non-whitespace characters of the input
/// and of the structure are the same, in the same order. (A multiset of words can
/// differ only where a separator was glued to a word, « Article 9. » → « 9 » « . »;
/// `assert_same_words` checks the multiset too when that does not happen.)
fn assert_lossless(input: &str, parsed: &ParsedCharter) {
    let expected: String = input.chars().filter(|&c| !is_space(c)).collect();
    let got: String = parsed.plain_words().concat();
    assert_eq!(got, expected, "characters lost or reordered");
}

fn assert_same_words(input: &str, parsed: &ParsedCharter) {
    let mut expected = words(input);
    let mut got = parsed.plain_words();
    expected.sort();
    got.sort();
    assert_eq!(got, expected, "the multisets of words differ");
}

/// Parses, checks nothing is lost, and compares everything but the notes.
fn parse_as(input: &str, expected: ParsedCharter) -> ParsedCharter {
    let parsed = parse_charter_text(input);
    assert_lossless(input, &parsed);
    let mut without_notes = parsed.clone();
    without_notes.notes.clear();
    assert_eq!(without_notes, expected);
    parsed
}

fn no_notes(parsed: &ParsedCharter) {
    assert!(
        parsed.notes.is_empty(),
        "unexpected notes: {:#?}",
        parsed.notes
    );
}

fn note_kinds(parsed: &ParsedCharter) -> Vec<(u32, CharterNoteKind)> {
    parsed.notes.iter().map(|n| (n.line, n.kind)).collect()
}

fn line_of(text: &str, needle: &str) -> u32 {
    let i = text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    u32::try_from(i + 1).unwrap()
}

fn find_note(parsed: &ParsedCharter, line: u32, kind: CharterNoteKind) -> &CharterImportNote {
    parsed
        .notes
        .iter()
        .find(|n| n.line == line && n.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} note on line {line}: {:#?}", parsed.notes))
}

// ----------------------------------------------------------------------------------
// Article headings
// ----------------------------------------------------------------------------------

#[test]
fn article_1er_and_article_premier() {
    let text = "Article 1er\nLe conseil citoyen est créé pour la durée du contrat de ville.\n\n\
                Article premier\nIl est indépendant.\n\n\
                ARTICLE PREMIER – OBJET\nIl fait entendre la voix des habitants.\n";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![
                art(
                    "Article 1er",
                    Some(1),
                    "",
                    "",
                    vec![p(
                        "Le conseil citoyen est créé pour la durée du contrat de ville.",
                    )],
                ),
                art(
                    "Article premier",
                    Some(1),
                    "",
                    "",
                    vec![p("Il est indépendant.")],
                ),
                art(
                    "ARTICLE PREMIER",
                    Some(1),
                    "–",
                    "OBJET",
                    vec![p("Il fait entendre la voix des habitants.")],
                ),
            ],
        ),
    );
    // Three articles numbered 1 read as numbering restarting, not as duplicates.
    no_notes(&parsed);
}

#[test]
fn article_with_dash_and_title() {
    let text = "Article 2 – Composition et collèges\nLe conseil comprend deux collèges.";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 2",
                Some(2),
                "–",
                "Composition et collèges",
                vec![p("Le conseil comprend deux collèges.")],
            )],
        ),
    );
}

#[test]
fn article_with_colon_and_title() {
    // The second one has the French non-breaking space before the colon.
    let text = "Article 3 : Membre actif\nEst membre actif qui participe.\n\
                Article 4\u{a0}: Absences\nTrois absences valent démission.";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![
                art(
                    "Article 3",
                    Some(3),
                    ":",
                    "Membre actif",
                    vec![p("Est membre actif qui participe.")],
                ),
                art(
                    "Article 4",
                    Some(4),
                    ":",
                    "Absences",
                    vec![p("Trois absences valent démission.")],
                ),
            ],
        ),
    );
    assert_same_words(text, &parsed);
}

#[test]
fn article_with_hyphen_and_title() {
    let text = "Article 4 - Absences\nTout membre absent prévient le secrétariat.";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 4",
                Some(4),
                "-",
                "Absences",
                vec![p("Tout membre absent prévient le secrétariat.")],
            )],
        ),
    );
    assert_same_words(text, &parsed);
}

#[test]
fn uppercase_article_without_title() {
    let text = "ARTICLE 5\nLe quorum est fixé au tiers des membres.\n\nARTICLE 6\nChaque membre dispose d'une voix.";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![
                art(
                    "ARTICLE 5",
                    Some(5),
                    "",
                    "",
                    vec![p("Le quorum est fixé au tiers des membres.")],
                ),
                art(
                    "ARTICLE 6",
                    Some(6),
                    "",
                    "",
                    vec![p("Chaque membre dispose d'une voix.")],
                ),
            ],
        ),
    );
    no_notes(&parsed);
}

#[test]
fn abbreviated_articles() {
    let text = "Art. 6 – Pouvoirs\nUn pouvoir par membre.\n\nArt 7 Rôles\nL'animation tourne.\n\nART. 8\nLe secrétaire rédige le compte rendu.";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![
                art(
                    "Art. 6",
                    Some(6),
                    "–",
                    "Pouvoirs",
                    vec![p("Un pouvoir par membre.")],
                ),
                art(
                    "Art 7",
                    Some(7),
                    "",
                    "Rôles",
                    vec![p("L'animation tourne.")],
                ),
                art(
                    "ART. 8",
                    Some(8),
                    "",
                    "",
                    vec![p("Le secrétaire rédige le compte rendu.")],
                ),
            ],
        ),
    );
    assert_same_words(text, &parsed);
}

#[test]
fn article_with_period_before_title_or_alone() {
    let text = "Article 8. Comptes rendus\nIls sont diffusés sous quinze jours.\n\n\
                Article 9.\nLe conseil est représenté au comité de pilotage.";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![
                art(
                    "Article 8",
                    Some(8),
                    ".",
                    "Comptes rendus",
                    vec![p("Ils sont diffusés sous quinze jours.")],
                ),
                art(
                    "Article 9",
                    Some(9),
                    ".",
                    "",
                    vec![p("Le conseil est représenté au comité de pilotage.")],
                ),
            ],
        ),
    );
}

#[test]
fn article_title_on_the_next_line() {
    let text = "Article 9\nFonctionnement des réunions\nLe conseil se réunit au moins six fois par an.\n\n\
                ARTICLE 10\n\nQUORUM\n\nLe quorum est fixé au tiers des membres.\n\n\
                Article 11\nLe conseil se réunit au moins six fois par an, en\nséance plénière.\n";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![
                art(
                    "Article 9",
                    Some(9),
                    "",
                    "Fonctionnement des réunions",
                    vec![p("Le conseil se réunit au moins six fois par an.")],
                ),
                art(
                    "ARTICLE 10",
                    Some(10),
                    "",
                    "QUORUM",
                    vec![p("Le quorum est fixé au tiers des membres.")],
                ),
                // A wrapped sentence is not a title, even without a full stop.
                art(
                    "Article 11",
                    Some(11),
                    "",
                    "",
                    vec![p(
                        "Le conseil se réunit au moins six fois par an, en séance plénière.",
                    )],
                ),
            ],
        ),
    );
    no_notes(&parsed);
}

#[test]
fn article_text_on_the_heading_line_is_body_not_title() {
    let text = "Article 4 : Les membres du conseil citoyen s'engagent à respecter la présente charte et ses principes.\n\
                Article 5 – Le conseil se réunit au moins six fois par an, sur convocation\n\
                de l'animateur ou de l'animatrice.\n";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![
                art(
                    "Article 4",
                    Some(4),
                    ":",
                    "",
                    vec![p("Les membres du conseil citoyen s'engagent à respecter la présente charte et ses principes.")],
                ),
                art(
                    "Article 5",
                    Some(5),
                    "–",
                    "",
                    vec![p("Le conseil se réunit au moins six fois par an, sur convocation de l'animateur ou de l'animatrice.")],
                ),
            ],
        ),
    );
}

#[test]
fn wrapped_heading_title_is_joined() {
    let text = "Article 2 – Composition du conseil citoyen et\nrépartition en collèges\nLe conseil comprend deux collèges.";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 2",
                Some(2),
                "–",
                "Composition du conseil citoyen et répartition en collèges",
                vec![p("Le conseil comprend deux collèges.")],
            )],
        ),
    );
}

#[test]
fn sentences_that_mention_an_article_are_not_headings() {
    let text = "Article 1er – Objet\n\
                Conformément à l'article 3 de la loi, le conseil citoyen est indépendant. Son\n\
                fonctionnement est précisé à\n\
                article 5 du présent règlement, qui s'applique à tous.\n\
                Article 12 de la loi du 21 février 2014 : le conseil est associé au contrat de ville.\n\
                Articles 3 et 4 : voir plus loin.\n\
                Chapitre 3 du règlement intérieur de la commune.\n\
                Titre de séjour ou non, tout habitant peut participer.\n";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 1er",
                Some(1),
                "–",
                "Objet",
                vec![p("Conformément à l'article 3 de la loi, le conseil citoyen est indépendant. Son \
                        fonctionnement est précisé à article 5 du présent règlement, qui s'applique à tous. \
                        Article 12 de la loi du 21 février 2014 : le conseil est associé au contrat de ville. \
                        Articles 3 et 4 : voir plus loin. Chapitre 3 du règlement intérieur de la commune. \
                        Titre de séjour ou non, tout habitant peut participer.")],
            )],
        ),
    );
    assert_eq!(parsed.articles().len(), 1);
    no_notes(&parsed);
}

#[test]
fn sub_articles_and_bis_keep_their_label() {
    let text = "Article 4 – Réunions\nTexte quatre.\nArticle 4 bis – Visioconférence\nTexte bis.\nArticle 4.1 – Lieu\nTexte point un.\nArticle 5 – Fin\nTexte cinq.";
    let parsed = parse_charter_text(text);
    assert_lossless(text, &parsed);
    let labels: Vec<(&str, Option<u32>, &str)> = parsed
        .articles()
        .iter()
        .map(|a| (a.label.as_str(), a.number, a.title.as_str()))
        .collect();
    assert_eq!(
        labels,
        vec![
            ("Article 4", Some(4), "Réunions"),
            ("Article 4 bis", Some(4), "Visioconférence"),
            ("Article 4.1", Some(4), "Lieu"),
            ("Article 5", Some(5), "Fin"),
        ]
    );
    no_notes(&parsed);
}

#[test]
fn article_unique_has_no_number() {
    let text = "Article unique – Adoption\nLa présente charte est adoptée à l'unanimité.";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article unique",
                None,
                "–",
                "Adoption",
                vec![p("La présente charte est adoptée à l'unanimité.")],
            )],
        ),
    );
}

// ----------------------------------------------------------------------------------
// Parts
// ----------------------------------------------------------------------------------

#[test]
fn roman_numeral_parts() {
    let text = "I. Principes\n\nLe conseil citoyen respecte les principes de la République.\n\n\
                Article 1er – Liberté\nChacun s'exprime librement.\n\n\
                II – Fonctionnement\nArticle 2 – Réunions\nLe conseil se réunit six fois par an.\n\n\
                III.\nDispositions finales\n\nArticle 3 – Modification\nLa charte peut être modifiée.\n";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![
                part(
                    CharterPartKind::Numeral,
                    "I",
                    Some(1),
                    ".",
                    "Principes",
                    vec![p(
                        "Le conseil citoyen respecte les principes de la République.",
                    )],
                    vec![art(
                        "Article 1er",
                        Some(1),
                        "–",
                        "Liberté",
                        vec![p("Chacun s'exprime librement.")],
                    )],
                ),
                part(
                    CharterPartKind::Numeral,
                    "II",
                    Some(2),
                    "–",
                    "Fonctionnement",
                    vec![],
                    vec![art(
                        "Article 2",
                        Some(2),
                        "–",
                        "Réunions",
                        vec![p("Le conseil se réunit six fois par an.")],
                    )],
                ),
                part(
                    CharterPartKind::Numeral,
                    "III",
                    Some(3),
                    ".",
                    "Dispositions finales",
                    vec![],
                    vec![art(
                        "Article 3",
                        Some(3),
                        "–",
                        "Modification",
                        vec![p("La charte peut être modifiée.")],
                    )],
                ),
            ],
        ),
    );
    no_notes(&parsed);
}

#[test]
fn titre_parts() {
    let text = "TITRE I – DISPOSITIONS GÉNÉRALES\nArticle 1er – Objet\nTexte un.\n\n\
                Titre II : Composition\nArticle 2 – Collèges\nTexte deux.\n\n\
                TITRE III\nArticle 3 – Divers\nTexte trois.\n\n\
                Titre premier bis\nTexte.";
    let parsed = parse_charter_text(text);
    assert_lossless(text, &parsed);
    let mut expected = charter(
        None,
        vec![],
        vec![
            part(
                CharterPartKind::Titre,
                "TITRE I",
                Some(1),
                "–",
                "DISPOSITIONS GÉNÉRALES",
                vec![],
                vec![art(
                    "Article 1er",
                    Some(1),
                    "–",
                    "Objet",
                    vec![p("Texte un.")],
                )],
            ),
            part(
                CharterPartKind::Titre,
                "Titre II",
                Some(2),
                ":",
                "Composition",
                vec![],
                vec![art(
                    "Article 2",
                    Some(2),
                    "–",
                    "Collèges",
                    vec![p("Texte deux.")],
                )],
            ),
            part(
                CharterPartKind::Titre,
                "TITRE III",
                Some(3),
                "",
                "",
                vec![],
                vec![art(
                    "Article 3",
                    Some(3),
                    "–",
                    "Divers",
                    vec![p("Texte trois.")],
                )],
            ),
            part(
                CharterPartKind::Titre,
                "Titre premier bis",
                Some(1),
                "",
                "",
                vec![p("Texte.")],
                vec![],
            ),
        ],
    );
    expected.notes = parsed.notes.clone();
    assert_eq!(parsed, expected);
    no_notes(&parsed);
}

#[test]
fn partie_and_chapitre_nest() {
    let text =
        "PARTIE 1 – LE CONSEIL CITOYEN\nChapitre 1 – Principes\nArticle 1er – Objet\nTexte un.\n\
                Chapitre 2 – Membres\nArticle 2 – Composition\nTexte deux.\n\
                PARTIE 2 – LE FONCTIONNEMENT\nChapitre Ier\nArticle 3 – Réunions\nTexte trois.\n";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![
                part(
                    CharterPartKind::Partie,
                    "PARTIE 1",
                    Some(1),
                    "–",
                    "LE CONSEIL CITOYEN",
                    vec![],
                    vec![
                        part(
                            CharterPartKind::Chapitre,
                            "Chapitre 1",
                            Some(1),
                            "–",
                            "Principes",
                            vec![],
                            vec![art(
                                "Article 1er",
                                Some(1),
                                "–",
                                "Objet",
                                vec![p("Texte un.")],
                            )],
                        ),
                        part(
                            CharterPartKind::Chapitre,
                            "Chapitre 2",
                            Some(2),
                            "–",
                            "Membres",
                            vec![],
                            vec![art(
                                "Article 2",
                                Some(2),
                                "–",
                                "Composition",
                                vec![p("Texte deux.")],
                            )],
                        ),
                    ],
                ),
                part(
                    CharterPartKind::Partie,
                    "PARTIE 2",
                    Some(2),
                    "–",
                    "LE FONCTIONNEMENT",
                    vec![],
                    vec![part(
                        CharterPartKind::Chapitre,
                        "Chapitre Ier",
                        Some(1),
                        "",
                        "",
                        vec![],
                        vec![art(
                            "Article 3",
                            Some(3),
                            "–",
                            "Réunions",
                            vec![p("Texte trois.")],
                        )],
                    )],
                ),
            ],
        ),
    );
    no_notes(&parsed);
    assert_eq!(parsed.articles().len(), 3);
}

#[test]
fn ordinal_partie_section_and_annexes() {
    let text = "Première partie : Principes\nSection 1 – Valeurs\nArticle 1er – Laïcité\nLe conseil respecte la laïcité.\n\n\
                ANNEXE 1 : Liste des membres\n- Mme Aline Martin, collège habitants ;\n- M. Karim Benali, collège associations.\n\n\
                Annexe 2 – Périmètre du quartier\nLe périmètre suit le décret du 30 décembre 2014.";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![
                part(
                    CharterPartKind::Partie,
                    "Première partie",
                    Some(1),
                    ":",
                    "Principes",
                    vec![],
                    vec![part(
                        CharterPartKind::Section,
                        "Section 1",
                        Some(1),
                        "–",
                        "Valeurs",
                        vec![],
                        vec![art(
                            "Article 1er",
                            Some(1),
                            "–",
                            "Laïcité",
                            vec![p("Le conseil respecte la laïcité.")],
                        )],
                    )],
                ),
                part(
                    CharterPartKind::Annexe,
                    "ANNEXE 1",
                    Some(1),
                    ":",
                    "Liste des membres",
                    vec![list(
                        false,
                        vec![
                            item("-", "Mme Aline Martin, collège habitants ;", vec![]),
                            item("-", "M. Karim Benali, collège associations.", vec![]),
                        ],
                    )],
                    vec![],
                ),
                part(
                    CharterPartKind::Annexe,
                    "Annexe 2",
                    Some(2),
                    "–",
                    "Périmètre du quartier",
                    vec![p("Le périmètre suit le décret du 30 décembre 2014.")],
                    vec![],
                ),
            ],
        ),
    );
    no_notes(&parsed);
}

// ----------------------------------------------------------------------------------
// Title and preamble
// ----------------------------------------------------------------------------------

#[test]
fn title_and_preamble_with_heading() {
    let text = "Charte de fonctionnement du conseil citoyen\nde la Croix-Rouge\n\n\
                Préambule\n\n\
                Le conseil citoyen est un espace de parole libre.\nIl agit dans le respect des valeurs de la République.\n\n\
                Il est ouvert à toutes et à tous.\n\n\
                Article 1er – Objet\nTexte.";
    let parsed = parse_as(
        text,
        charter(
            Some("Charte de fonctionnement du conseil citoyen de la Croix-Rouge"),
            vec![
                heading("Préambule"),
                p("Le conseil citoyen est un espace de parole libre. Il agit dans le respect des valeurs de la République."),
                p("Il est ouvert à toutes et à tous."),
            ],
            vec![art("Article 1er", Some(1), "–", "Objet", vec![p("Texte.")])],
        ),
    );
    no_notes(&parsed);
}

#[test]
fn preamble_without_heading_and_without_title() {
    let text = "Le conseil citoyen se dote de la présente charte.\n\nPRÉAMBULE :\nIl agit librement.\n\nArticle 1er – Objet\nTexte.";
    parse_as(
        text,
        charter(
            None,
            vec![
                p("Le conseil citoyen se dote de la présente charte."),
                heading("PRÉAMBULE :"),
                p("Il agit librement."),
            ],
            vec![art("Article 1er", Some(1), "–", "Objet", vec![p("Texte.")])],
        ),
    );
}

#[test]
fn title_directly_followed_by_an_article() {
    let text = "RÈGLEMENT INTÉRIEUR\nArticle 1er – Objet\nTexte.";
    parse_as(
        text,
        charter(
            Some("RÈGLEMENT INTÉRIEUR"),
            vec![],
            vec![art("Article 1er", Some(1), "–", "Objet", vec![p("Texte.")])],
        ),
    );
}

// ----------------------------------------------------------------------------------
// Clauses and lists
// ----------------------------------------------------------------------------------

#[test]
fn degree_clauses() {
    let text = "Article 2 – Composition\nLe conseil citoyen comprend :\n\
                1°) un collège « habitants » ;\n2°) un collège « associations et acteurs locaux ».\n\
                Article 3 – Rôles\n1° l'animateur ;\n2° le secrétaire de séance, désigné\nà chaque réunion.";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![
                art(
                    "Article 2",
                    Some(2),
                    "–",
                    "Composition",
                    vec![
                        p("Le conseil citoyen comprend :"),
                        clause("1°)", "un collège « habitants » ;", vec![]),
                        clause(
                            "2°)",
                            "un collège « associations et acteurs locaux ».",
                            vec![],
                        ),
                    ],
                ),
                art(
                    "Article 3",
                    Some(3),
                    "–",
                    "Rôles",
                    vec![
                        clause("1°", "l'animateur ;", vec![]),
                        clause(
                            "2°",
                            "le secrétaire de séance, désigné à chaque réunion.",
                            vec![],
                        ),
                    ],
                ),
            ],
        ),
    );
}

#[test]
fn decimal_clauses_nest_by_depth_to_four_levels() {
    let text = "Article 2 – Réunions\n\
                2. Fonctionnement\n\
                2.1 Convocation\n\
                2.1.1 La convocation est écrite.\n\
                2.1.2 Elle comporte :\n\
                2.1.2.1 l'ordre du jour ;\n\
                2.1.2.2 le lieu et l'heure.\n\
                2.2 Déroulement\n\
                Les débats sont animés par l'animateur.\n\
                2.3. Clôture";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 2",
                Some(2),
                "–",
                "Réunions",
                vec![list(
                    true,
                    vec![item(
                        "2.",
                        "Fonctionnement",
                        vec![
                            clause(
                                "2.1",
                                "Convocation",
                                vec![
                                    clause("2.1.1", "La convocation est écrite.", vec![]),
                                    clause(
                                        "2.1.2",
                                        "Elle comporte :",
                                        vec![
                                            clause("2.1.2.1", "l'ordre du jour ;", vec![]),
                                            clause("2.1.2.2", "le lieu et l'heure.", vec![]),
                                        ],
                                    ),
                                ],
                            ),
                            clause(
                                "2.2",
                                "Déroulement",
                                vec![p("Les débats sont animés par l'animateur.")],
                            ),
                            clause("2.3.", "Clôture", vec![]),
                        ],
                    )],
                )],
            )],
        ),
    );
}

#[test]
fn decimal_clauses_without_their_parent_stay_siblings() {
    // « 3.2 » closes « 3.1.1 » even though no « 3.1 » was written.
    let text = "Article 3 – Votes\n3.1.1 Le vote a lieu à main levée.\n3.2 Le vote à bulletin secret est de droit.\n1. Dépouillement\n1.1 Par deux scrutateurs.";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 3",
                Some(3),
                "–",
                "Votes",
                vec![
                    clause("3.1.1", "Le vote a lieu à main levée.", vec![]),
                    clause("3.2", "Le vote à bulletin secret est de droit.", vec![]),
                    list(
                        true,
                        vec![item(
                            "1.",
                            "Dépouillement",
                            vec![clause("1.1", "Par deux scrutateurs.", vec![])],
                        )],
                    ),
                ],
            )],
        ),
    );
}

#[test]
fn less_indented_item_leaves_the_indented_list() {
    let text = "Article 2 – Collèges\n1° Le collège des habitants :\n    - tirés au sort ;\n    - volontaires ;\n  a) dont la moitié de femmes.\n2° Le collège des associations.";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 2",
                Some(2),
                "–",
                "Collèges",
                vec![
                    clause(
                        "1°",
                        "Le collège des habitants :",
                        vec![
                            list(
                                false,
                                vec![
                                    item("-", "tirés au sort ;", vec![]),
                                    item("-", "volontaires ;", vec![]),
                                ],
                            ),
                            clause("a)", "dont la moitié de femmes.", vec![]),
                        ],
                    ),
                    clause("2°", "Le collège des associations.", vec![]),
                ],
            )],
        ),
    );
}

#[test]
fn letter_clauses_nest_under_degree_clauses() {
    let text = "Article 3 – Membres\n1° Sont membres de droit :\na) les habitants tirés au sort ;\nb) les représentants des associations.\n\
                2° Peuvent être invités :\na) les partenaires ;\nb) les experts.\n\
                Les invités ne votent pas.";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 3",
                Some(3),
                "–",
                "Membres",
                vec![
                    clause(
                        "1°",
                        "Sont membres de droit :",
                        vec![
                            clause("a)", "les habitants tirés au sort ;", vec![]),
                            clause("b)", "les représentants des associations.", vec![]),
                        ],
                    ),
                    clause(
                        "2°",
                        "Peuvent être invités :",
                        vec![
                            clause("a)", "les partenaires ;", vec![]),
                            clause("b)", "les experts.", vec![]),
                        ],
                    ),
                    // A new sentence after an item ended by a full stop is not part of it.
                    p("Les invités ne votent pas."),
                ],
            )],
        ),
    );
}

#[test]
fn bullet_lists_with_dashes_dots_and_indentation() {
    let text = "Article 8 – Rôles\nLe conseil désigne :\n\
                - un animateur ;\n  - renouvelé à chaque réunion ;\n  - choisi parmi les volontaires ;\n\
                - un secrétaire de séance ;\n– un référent par collège.\n\n\
                Les référents :\n• représentent le conseil ;\n    o au comité de pilotage ;\n• rendent compte de leur mandat.";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 8",
                Some(8),
                "–",
                "Rôles",
                vec![
                    p("Le conseil désigne :"),
                    list(
                        false,
                        vec![
                            item(
                                "-",
                                "un animateur ;",
                                vec![list(
                                    false,
                                    vec![
                                        item("-", "renouvelé à chaque réunion ;", vec![]),
                                        item("-", "choisi parmi les volontaires ;", vec![]),
                                    ],
                                )],
                            ),
                            item("-", "un secrétaire de séance ;", vec![]),
                            // « – » after « - »: the same list (word processors mix them).
                            item("–", "un référent par collège.", vec![]),
                        ],
                    ),
                    p("Les référents :"),
                    list(
                        false,
                        vec![
                            item(
                                "•",
                                "représentent le conseil ;",
                                vec![list(
                                    false,
                                    vec![item("o", "au comité de pilotage ;", vec![])],
                                )],
                            ),
                            item("•", "rendent compte de leur mandat.", vec![]),
                        ],
                    ),
                ],
            )],
        ),
    );
}

#[test]
fn a_capital_after_a_list_item_starts_a_paragraph_unless_the_item_is_wrapped() {
    let text = "Article 2 – Valeurs\nLe conseil défend :\n- la liberté\n- l'égalité\nCes valeurs s'imposent à tous.\n\n\
                Il invite :\n- un représentant de la\nVille de Lyon ;\n- un représentant désigné par\nLyon Métropole,\nGrand Lyon Habitat et l'État.";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 2",
                Some(2),
                "–",
                "Valeurs",
                vec![
                    p("Le conseil défend :"),
                    list(
                        false,
                        vec![item("-", "la liberté", vec![]), item("-", "l'égalité", vec![])],
                    ),
                    p("Ces valeurs s'imposent à tous."),
                    p("Il invite :"),
                    list(
                        false,
                        vec![
                            item("-", "un représentant de la Ville de Lyon ;", vec![]),
                            item(
                                "-",
                                "un représentant désigné par Lyon Métropole, Grand Lyon Habitat et l'État.",
                                vec![],
                            ),
                        ],
                    ),
                ],
            )],
        ),
    );
}

#[test]
fn numbered_lists() {
    let text = "Article 6 – Ordre du jour\nL'ordre du jour comprend :\n\
                1. l'approbation du compte rendu ;\n2. les points proposés par les membres ;\n3. les questions diverses.\n\n\
                Le vote se déroule ainsi :\n1) appel des présents ;\n2) décompte des pouvoirs.";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 6",
                Some(6),
                "–",
                "Ordre du jour",
                vec![
                    p("L'ordre du jour comprend :"),
                    list(
                        true,
                        vec![
                            item("1.", "l'approbation du compte rendu ;", vec![]),
                            item("2.", "les points proposés par les membres ;", vec![]),
                            item("3.", "les questions diverses.", vec![]),
                        ],
                    ),
                    p("Le vote se déroule ainsi :"),
                    list(
                        true,
                        vec![
                            item("1)", "appel des présents ;", vec![]),
                            item("2)", "décompte des pouvoirs.", vec![]),
                        ],
                    ),
                ],
            )],
        ),
    );
}

#[test]
fn numbered_items_hold_their_decimal_clauses() {
    let text = "Article 2 – Organisation\n1. Les membres\n1.1 Les habitants sont tirés au sort.\n\
                1.2 Les associations sont désignées.\n2. Les réunions\n2.1 Elles sont publiques.";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 2",
                Some(2),
                "–",
                "Organisation",
                vec![list(
                    true,
                    vec![
                        item(
                            "1.",
                            "Les membres",
                            vec![
                                clause("1.1", "Les habitants sont tirés au sort.", vec![]),
                                clause("1.2", "Les associations sont désignées.", vec![]),
                            ],
                        ),
                        item(
                            "2.",
                            "Les réunions",
                            vec![clause("2.1", "Elles sont publiques.", vec![])],
                        ),
                    ],
                )],
            )],
        ),
    );
}

// ----------------------------------------------------------------------------------
// Tolerance
// ----------------------------------------------------------------------------------

#[test]
fn windows_line_endings_tabs_and_non_breaking_spaces() {
    let text = "Article\u{a0}1er\u{a0}: Objet\r\nLe conseil\tcitoyen  se réunit\r\n\u{a0}\u{a0}au moins six fois par an.\r\n\r\n\
                Article 2 – Membres\r\n\t- les habitants\u{a0};\r\n\t- les associations.\r\nLe quorum est fixé à XXX.\r\n";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![
                art(
                    "Article\u{a0}1er",
                    Some(1),
                    ":",
                    "Objet",
                    vec![p("Le conseil citoyen se réunit au moins six fois par an.")],
                ),
                art(
                    "Article 2",
                    Some(2),
                    "–",
                    "Membres",
                    vec![
                        list(
                            false,
                            vec![
                                item("-", "les habitants\u{a0};", vec![]),
                                item("-", "les associations.", vec![]),
                            ],
                        ),
                        p("Le quorum est fixé à XXX."),
                    ],
                ),
            ],
        ),
    );
    // « \r\n » counts as one line break: the placeholder is on line 8.
    assert_eq!(note_kinds(&parsed), vec![(8, CharterNoteKind::Placeholder)]);
}

#[test]
fn old_mac_line_endings_and_byte_order_mark() {
    let text =
        "\u{feff}Article 1er – Objet\rLe conseil est\rindépendant.\r\rArticle 2 – Membres\rTexte.";
    parse_as(
        text,
        charter(
            None,
            vec![],
            vec![
                art(
                    "Article 1er",
                    Some(1),
                    "–",
                    "Objet",
                    vec![p("Le conseil est indépendant.")],
                ),
                art("Article 2", Some(2), "–", "Membres", vec![p("Texte.")]),
            ],
        ),
    );
}

#[test]
fn wrapped_lines_join_and_blank_lines_separate_paragraphs() {
    let text = "Préambule\nLe conseil citoyen des Aubiers est\nun espace d'échange et de\nproposition.\n\n\n\
                Il agit en toute indépendance.\n\nArticle 1er – Objet\nLe conseil favorise\nl'expression des habitants.\n\nIl soutient leurs initiatives.";
    parse_as(
        text,
        charter(
            None,
            vec![
                heading("Préambule"),
                p("Le conseil citoyen des Aubiers est un espace d'échange et de proposition."),
                p("Il agit en toute indépendance."),
            ],
            vec![art(
                "Article 1er",
                Some(1),
                "–",
                "Objet",
                vec![
                    p("Le conseil favorise l'expression des habitants."),
                    p("Il soutient leurs initiatives."),
                ],
            )],
        ),
    );
}

#[test]
fn page_numbers_are_kept_and_noted() {
    let text = "Article 1er – Objet\nLe conseil citoyen est un lieu d'échange\n- 3 -\net de proposition.\n\n\
                Page 4/12\n\nIl est ouvert à tous.\n12";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 1er",
                Some(1),
                "–",
                "Objet",
                vec![
                    p("Le conseil citoyen est un lieu d'échange"),
                    p("- 3 -"),
                    p("et de proposition."),
                    p("Page 4/12"),
                    p("Il est ouvert à tous."),
                    p("12"),
                ],
            )],
        ),
    );
    assert_eq!(
        note_kinds(&parsed),
        vec![
            (3, CharterNoteKind::PageNumber),
            (6, CharterNoteKind::PageNumber),
            (9, CharterNoteKind::PageNumber),
        ]
    );
    assert!(parsed.notes[1].message.contains("«\u{a0}Page 4/12\u{a0}»"));
}

#[test]
fn a_page_number_inside_a_list_does_not_split_it() {
    let text = "Article 2 – Collèges\n- les habitants ;\n3\n- les associations.";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 2",
                Some(2),
                "–",
                "Collèges",
                vec![list(
                    false,
                    vec![
                        item("-", "les habitants ;", vec![p("3")]),
                        item("-", "les associations.", vec![]),
                    ],
                )],
            )],
        ),
    );
    assert_eq!(note_kinds(&parsed), vec![(3, CharterNoteKind::PageNumber)]);
}

#[test]
fn duplicated_paragraphs_are_kept_and_noted() {
    let text = "Article 1er – Objet\nLe conseil citoyen favorise l'expression des habitants du quartier.\n\n\
                Le conseil citoyen favorise l'expression des habitants du quartier.\n\n\
                Article 2 – Membres\nNéant.\n\nNéant.\n\
                Les comptes rendus sont envoyés aux membres.\nLes comptes rendus sont envoyés aux membres.";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![
                art(
                    "Article 1er",
                    Some(1),
                    "–",
                    "Objet",
                    vec![
                        p("Le conseil citoyen favorise l'expression des habitants du quartier."),
                        p("Le conseil citoyen favorise l'expression des habitants du quartier."),
                    ],
                ),
                art(
                    "Article 2",
                    Some(2),
                    "–",
                    "Membres",
                    vec![
                        p("Néant."),
                        p("Néant. Les comptes rendus sont envoyés aux membres. Les comptes rendus sont envoyés aux membres."),
                    ],
                ),
            ],
        ),
    );
    // « Néant. » is too short to be worth a note; the repeated line glued into the
    // same paragraph is noted too.
    assert_eq!(
        note_kinds(&parsed),
        vec![
            (4, CharterNoteKind::DuplicateParagraph),
            (11, CharterNoteKind::DuplicateParagraph),
        ]
    );
    assert!(parsed.notes[0].message.contains("ligne 2"));
    assert!(parsed.notes[1].message.contains("ligne 10"));
}

#[test]
fn placeholders_are_kept_and_noted() {
    let text = "Charte du conseil citoyen de [NOM DU QUARTIER]\n\nArticle 1er – Objet\n\
                Le conseil se réunit le XX/XX/XXXX à la salle XXX.\nLe quorum est fixé à ... membres.\n\
                Le budget est de ________ euros, montant à préciser.\n\
                Les associations, collectifs, commerçants… sont bienvenus : le conseil va définir ses priorités.";
    let parsed = parse_charter_text(text);
    assert_lossless(text, &parsed);
    assert_eq!(
        parsed.title.as_deref(),
        Some("Charte du conseil citoyen de [NOM DU QUARTIER]")
    );
    assert_eq!(
        note_kinds(&parsed),
        vec![
            (1, CharterNoteKind::Placeholder),
            (4, CharterNoteKind::Placeholder),
            (5, CharterNoteKind::Placeholder),
            (6, CharterNoteKind::Placeholder),
        ]
    );
    let messages: Vec<&str> = parsed.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(messages[0].contains("«\u{a0}[NOM DU QUARTIER]\u{a0}»"));
    assert!(messages[1].contains("«\u{a0}XX/XX/XXXX\u{a0}»"));
    assert!(messages[1].contains("«\u{a0}XXX.\u{a0}»"));
    assert!(messages[2].contains("«\u{a0}...\u{a0}»"));
    assert!(messages[3].contains("«\u{a0}________\u{a0}»"));
    assert!(messages[3].contains("«\u{a0}à préciser\u{a0}»"));
}

#[test]
fn numbering_gaps_repeats_and_disorder_are_noted() {
    let text = "Article 1er – A\nTexte.\nArticle 2 – B\nTexte.\nArticle 4 – C\nTexte.\n\
                Article 4 – D\nTexte.\nArticle 3 – E\nTexte.\nArticle 4 bis – F\nTexte.";
    let parsed = parse_charter_text(text);
    assert_lossless(text, &parsed);
    assert_eq!(parsed.articles().len(), 6);
    assert_eq!(
        note_kinds(&parsed),
        vec![
            (5, CharterNoteKind::Numbering),
            (7, CharterNoteKind::Numbering),
            (9, CharterNoteKind::Numbering),
        ]
    );
    assert_eq!(
        parsed.notes[0].message,
        "L'article 4 suit l'article 2\u{a0}: il manque peut-être un article."
    );
    assert!(parsed.notes[1].message.contains("(lignes 5 et 7)"));
    assert!(parsed.notes[2].message.contains("pas dans l'ordre"));
}

#[test]
fn empty_articles_and_parts_are_noted() {
    let text = "TITRE I – Principes\n\nTITRE II – Fonctionnement\nArticle 1er – Objet\n\nArticle 2 – Composition\nTexte.";
    let parsed = parse_charter_text(text);
    assert_lossless(text, &parsed);
    assert_eq!(
        note_kinds(&parsed),
        vec![
            (1, CharterNoteKind::EmptySection),
            (4, CharterNoteKind::EmptySection)
        ]
    );
    assert_eq!(
        parsed.notes[1].to_string(),
        "Ligne 4\u{a0}: «\u{a0}Article 1er\u{a0}» n'a pas de texte."
    );
}

#[test]
fn text_without_any_structure_stays_in_the_preamble() {
    let text = "Le conseil citoyen se réunit une fois par mois.\nLes réunions sont publiques.";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![p(
                "Le conseil citoyen se réunit une fois par mois. Les réunions sont publiques.",
            )],
            vec![],
        ),
    );
    assert_eq!(note_kinds(&parsed), vec![(1, CharterNoteKind::NoStructure)]);
}

#[test]
fn table_of_contents_is_kept_and_noted_once() {
    let text = "SOMMAIRE\nPréambule ........ 2\nArticle 1 – Objet ........ 3\nArticle 2 – Composition …… 4\n\n\
                Préambule\nTexte.\nArticle 1 – Objet\nTexte.";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![
                heading("SOMMAIRE"),
                p("Préambule ........ 2"),
                p("Article 1 – Objet ........ 3"),
                p("Article 2 – Composition …… 4"),
                heading("Préambule"),
                p("Texte."),
            ],
            vec![art("Article 1", Some(1), "–", "Objet", vec![p("Texte.")])],
        ),
    );
    assert_eq!(
        note_kinds(&parsed),
        vec![(2, CharterNoteKind::TableOfContents)]
    );
}

#[test]
fn unrecognised_article_headings_are_kept_and_noted() {
    let text =
        "Article 1er – Objet\nTexte.\n\nARTICLE\n\nArticle 2O – Quorum\nLe quorum est du tiers.";
    let parsed = parse_as(
        text,
        charter(
            None,
            vec![],
            vec![art(
                "Article 1er",
                Some(1),
                "–",
                "Objet",
                vec![
                    p("Texte."),
                    p("ARTICLE"),
                    p("Article 2O – Quorum Le quorum est du tiers."),
                ],
            )],
        ),
    );
    assert_eq!(
        note_kinds(&parsed),
        vec![
            (4, CharterNoteKind::UnrecognisedHeading),
            (6, CharterNoteKind::UnrecognisedHeading),
        ]
    );
}

#[test]
fn empty_and_blank_texts() {
    for text in ["", "\n\n", " \t\r\n\u{a0}"] {
        let parsed = parse_charter_text(text);
        assert_eq!(parsed, charter(None, vec![], vec![]), "{text:?}");
    }
}

// ----------------------------------------------------------------------------------
// Whole documents
// ----------------------------------------------------------------------------------

#[test]
fn long_realistic_charter() {
    let parsed = parse_charter_text(PRES_HAUTS);
    assert_lossless(PRES_HAUTS, &parsed);
    assert_same_words(PRES_HAUTS, &parsed);
    no_notes(&parsed);

    assert_eq!(
        parsed.title.as_deref(),
        Some("CHARTE DE FONCTIONNEMENT DU CONSEIL CITOYEN DU QUARTIER DES PRÉS-HAUTS")
    );

    // Préambule: adoption date, heading, two paragraphs around the principles.
    assert_eq!(parsed.preamble.len(), 6);
    assert_eq!(
        parsed.preamble[0],
        p("Adoptée en assemblée plénière le 14 mars 2016, modifiée le 3 octobre 2019")
    );
    assert_eq!(parsed.preamble[1], heading("PRÉAMBULE"));
    let CharterNode::List { ordered, items } = &parsed.preamble[4] else {
        panic!("principles are a list: {:#?}", parsed.preamble[4]);
    };
    assert!(!ordered);
    let principles: Vec<&str> = items
        .iter()
        .map(|i| i.text.split(' ').next().unwrap())
        .collect();
    assert_eq!(
        principles,
        vec![
            "liberté",
            "égalité",
            "fraternité",
            "laïcité",
            "neutralité",
            "souplesse,"
        ]
    );
    assert_eq!(
        items[1].text,
        "égalité : chaque voix compte autant, quelle que soit l'origine, l'âge ou la situation de la personne ;"
    );

    // Three titres holding twelve articles.
    let parts: Vec<(&str, &str, usize)> = parsed
        .sections
        .iter()
        .map(|s| match s {
            CharterSection::Part(p) => (p.label.as_str(), p.title.as_str(), p.sections.len()),
            CharterSection::Article(a) => panic!("article outside a part: {a:?}"),
        })
        .collect();
    assert_eq!(
        parts,
        vec![
            ("TITRE I", "DISPOSITIONS GÉNÉRALES", 3),
            ("TITRE II", "FONCTIONNEMENT", 8),
            ("TITRE III", "DISPOSITIONS FINALES", 1),
        ]
    );
    let articles = parsed.articles();
    let titles: Vec<(&str, Option<u32>, &str)> = articles
        .iter()
        .map(|a| (a.label.as_str(), a.number, a.title.as_str()))
        .collect();
    assert_eq!(
        titles,
        vec![
            ("Article 1er", Some(1), "Objet"),
            ("Article 2", Some(2), "Composition et collèges"),
            ("Article 3", Some(3), "Membre actif"),
            ("Article 4", Some(4), "Absences"),
            ("Article 5", Some(5), "Fonctionnement des réunions"),
            ("Article 6", Some(6), "Quorum et votes"),
            ("Article 7", Some(7), "Pouvoirs"),
            ("Article 8", Some(8), "Rôles"),
            ("Article 9", Some(9), "Comptes rendus"),
            ("Article 10", Some(10), "Représentation"),
            ("Article 11", Some(11), "Communication"),
            ("Article 12", Some(12), "Modification de la charte"),
        ]
    );

    assert_eq!(
        articles[0].body,
        vec![
            p("Le conseil citoyen a pour objet :"),
            clause("1°", "de favoriser l'expression des habitants et des usagers aux côtés des acteurs institutionnels ;", vec![]),
            clause("2°", "de participer à l'élaboration, à la mise en œuvre et à l'évaluation du contrat de ville ;", vec![]),
            clause("3°", "de soutenir les initiatives des habitants.", vec![]),
        ]
    );
    assert_eq!(
        articles[1].body,
        vec![
            p("Le conseil citoyen est composé de deux collèges :"),
            clause("a)", "le collège « habitants », dont les membres ont été tirés au sort dans le respect de la parité entre les femmes et les hommes ;", vec![]),
            clause("b)", "le collège « associations et acteurs locaux », composé de représentants des associations, des commerçants et des professionnels du quartier.", vec![]),
            p("Le collège « habitants » représente au moins 50 % des membres du conseil citoyen."),
        ]
    );
    assert_eq!(
        articles[4].body,
        vec![
            clause(
                "5.1",
                "Convocation",
                vec![p("La convocation est envoyée au moins dix jours avant la réunion, par courriel ou par courrier.")],
            ),
            clause(
                "5.2",
                "Ordre du jour",
                vec![
                    clause("5.2.1", "L'ordre du jour est préparé par le bureau d'animation.", vec![]),
                    clause("5.2.2", "Tout membre peut demander l'inscription d'un point, au plus tard cinq jours avant la réunion.", vec![]),
                ],
            ),
            clause(
                "5.3",
                "Lieu et horaires",
                vec![p("Les réunions plénières se tiennent au moins six fois par an, à la maison de quartier, à 18 h 30.")],
            ),
        ]
    );
    let CharterNode::List { items, .. } = &articles[7].body[1] else {
        panic!("roles are a list");
    };
    assert_eq!(items.len(), 3);
    assert_eq!(
        articles[11].body.last(),
        Some(&p("Fait aux Prés-Hauts, le 3 octobre 2019."))
    );
}

#[test]
fn defective_charter_loses_nothing_and_notes_every_defect() {
    // Windows line endings, as a file saved by Notepad.
    let text = DEFECTUEUX.replace('\n', "\r\n");
    assert!(text.contains("\r\n") && text.contains('\t') && text.contains('\u{a0}'));
    let parsed = parse_charter_text(&text);
    // (No word-multiset check here: « I. » becomes the label « I » and the separator
    // « . »; the character check covers it.)
    assert_lossless(&text, &parsed);

    assert_eq!(
        parsed.title.as_deref(),
        Some("Règlement intérieur du conseil citoyen Bellevue – [NOM DE LA COMMUNE]")
    );
    let parts: Vec<(&str, &str, usize)> = parsed
        .sections
        .iter()
        .map(|s| match s {
            CharterSection::Part(p) => (p.label.as_str(), p.title.as_str(), p.sections.len()),
            CharterSection::Article(a) => panic!("article outside a part: {a:?}"),
        })
        .collect();
    assert_eq!(
        parts,
        vec![("I", "Principes", 2), ("II", "Fonctionnement", 4)]
    );
    let titles: Vec<&str> = parsed.articles().iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "OBJET",
            "COMPOSITION",
            "Quorum",
            "Réunions",
            "Modification",
            "Entrée en vigueur"
        ]
    );
    assert_eq!(
        parsed.articles()[0].body,
        vec![
            p("Le conseil citoyen contribue à la politique de la ville sur le quartier Bellevue."),
            p("- 2 -"),
            p("Il se réunit au moins quatre fois par an."),
        ]
    );

    let l = |needle: &str| line_of(DEFECTUEUX, needle);
    let expected = [
        (1, CharterNoteKind::Placeholder, "[NOM DE LA COMMUNE]"),
        (7, CharterNoteKind::DuplicateParagraph, "ligne 5"),
        (l("- 2 -"), CharterNoteKind::PageNumber, "- 2 -"),
        (l("XXX membres"), CharterNoteKind::Placeholder, "XXX"),
        (l("Page 3/4"), CharterNoteKind::PageNumber, "Page 3/4"),
        (l("fixé à ..."), CharterNoteKind::Placeholder, "..."),
        (
            l("[À COMPLÉTER]"),
            CharterNoteKind::Placeholder,
            "[À COMPLÉTER]",
        ),
        (
            l("[À COMPLÉTER]") + 1,
            CharterNoteKind::PageNumber,
            "«\u{a0}3\u{a0}»",
        ),
        (
            l("[À COMPLÉTER]") + 3,
            CharterNoteKind::DuplicateParagraph,
            "Les comptes rendus",
        ),
        (
            l("Article 6"),
            CharterNoteKind::Numbering,
            "L'article 6 suit l'article 4",
        ),
        (l("Article 7"), CharterNoteKind::EmptySection, "Article 7"),
    ];
    for (line, kind, excerpt) in expected {
        let note = find_note(&parsed, line, kind);
        assert!(
            note.message.contains(excerpt),
            "{note:?} should mention {excerpt:?}"
        );
    }
    assert_eq!(parsed.notes.len(), expected.len(), "{:#?}", parsed.notes);
}

#[test]
fn the_structure_round_trips_through_json_with_snake_case_tags() {
    let parsed = parse_charter_text(PRES_HAUTS);
    let json = serde_json::to_value(&parsed).unwrap();
    assert_eq!(json["sections"][0]["type"], "part");
    assert_eq!(json["sections"][0]["kind"], "titre");
    assert_eq!(json["sections"][0]["sections"][0]["type"], "article");
    assert_eq!(json["preamble"][1]["type"], "heading");
    assert_eq!(json["preamble"][4]["type"], "list");
    assert_eq!(
        json["sections"][0]["sections"][0]["body"][1]["type"],
        "clause"
    );
    let defective = parse_charter_text(DEFECTUEUX);
    assert_eq!(
        serde_json::to_value(&defective).unwrap()["notes"][0]["kind"],
        "placeholder"
    );
    let back: ParsedCharter = serde_json::from_value(json).unwrap();
    assert_eq!(back, parsed);
}

// ----------------------------------------------------------------------------------
// One body edited as text (the charter editor)
// ----------------------------------------------------------------------------------

/// The words of some nodes, as `ParsedCharter::plain_words` counts them.
fn node_words(nodes: &[CharterNode]) -> Vec<String> {
    charter(None, nodes.to_vec(), vec![]).plain_words()
}

/// The words of a typed text as the parser sees them: the invisible characters that
/// copy-paste leaves are dropped, not taken for spaces.
fn typed_words(text: &str) -> Vec<String> {
    let visible: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}'))
        .collect();
    words(&visible)
}

/// Parses a body, checks that no word is lost and that its canonical text is
/// `written` and reads back as the same nodes; returns the nodes.
fn body_as(text: &str, expected: Vec<CharterNode>, written: &str) -> Vec<CharterNode> {
    let nodes = parse_body(text);
    assert_eq!(nodes, expected);
    assert_eq!(node_words(&nodes), typed_words(text), "words lost");
    assert_eq!(body_to_text(&nodes), written);
    assert_eq!(
        parse_body(written),
        nodes,
        "the canonical text reads back otherwise"
    );
    nodes
}

#[test]
fn body_with_degree_clauses_and_letter_sub_clauses() {
    let text = "Le conseil a pour missions :\n\
                1° de recueillir la parole\n\
                des habitants ;\n\
                a) dans les quartiers ;\n\
                \x20 b) dans les écoles ;\n\
                2°) de formuler des avis.";
    body_as(
        text,
        vec![
            p("Le conseil a pour missions :"),
            clause(
                "1°",
                "de recueillir la parole des habitants ;",
                vec![
                    clause("a)", "dans les quartiers ;", vec![]),
                    clause("b)", "dans les écoles ;", vec![]),
                ],
            ),
            clause("2°)", "de formuler des avis.", vec![]),
        ],
        "Le conseil a pour missions :\n\
         \n\
         1° de recueillir la parole des habitants ;\n\
         \x20 a) dans les quartiers ;\n\
         \x20 b) dans les écoles ;\n\
         2°) de formuler des avis.",
    );
}

#[test]
fn body_with_a_four_level_decimal_tree() {
    let text = "2.1 Composition\n\
                Le conseil comprend deux collèges.\n\
                2.1.1 Collège des habitants\n\
                2.1.1.1 Tirage au sort\n\
                Les habitants sont tirés au sort sur les listes électorales.\n\
                2.1.1.2 Volontaires\n\
                2.1.2 Collège des acteurs locaux\n\
                2.2 Durée du mandat";
    body_as(
        text,
        vec![
            clause(
                "2.1",
                "Composition",
                vec![
                    p("Le conseil comprend deux collèges."),
                    clause(
                        "2.1.1",
                        "Collège des habitants",
                        vec![
                            clause(
                                "2.1.1.1",
                                "Tirage au sort",
                                vec![p(
                                    "Les habitants sont tirés au sort sur les listes électorales.",
                                )],
                            ),
                            clause("2.1.1.2", "Volontaires", vec![]),
                        ],
                    ),
                    clause("2.1.2", "Collège des acteurs locaux", vec![]),
                ],
            ),
            clause("2.2", "Durée du mandat", vec![]),
        ],
        "2.1 Composition\n\
         \x20 Le conseil comprend deux collèges.\n\
         \x20 2.1.1 Collège des habitants\n\
         \x20   2.1.1.1 Tirage au sort\n\
         \x20     Les habitants sont tirés au sort sur les listes électorales.\n\
         \x20   2.1.1.2 Volontaires\n\
         \x20 2.1.2 Collège des acteurs locaux\n\
         2.2 Durée du mandat",
    );
}

#[test]
fn body_with_a_bullet_list_and_a_nested_list() {
    let text = "Le collège des habitants comprend :\n\
                - des habitants tirés au sort ;\n\
                - des volontaires :\n\
                \t• inscrits sur la liste,\n\
                \t• ou désignés par le conseil :\n\
                \t\t• à l'unanimité ;\n\
                - des jeunes de 16 à 25 ans.\n\
                \n\
                Le collège se renouvelle par moitié.";
    body_as(
        text,
        vec![
            p("Le collège des habitants comprend :"),
            list(
                false,
                vec![
                    item("-", "des habitants tirés au sort ;", vec![]),
                    item(
                        "-",
                        "des volontaires :",
                        vec![list(
                            false,
                            vec![
                                item("•", "inscrits sur la liste,", vec![]),
                                item(
                                    "•",
                                    "ou désignés par le conseil :",
                                    vec![list(false, vec![item("•", "à l'unanimité ;", vec![])])],
                                ),
                            ],
                        )],
                    ),
                    item("-", "des jeunes de 16 à 25 ans.", vec![]),
                ],
            ),
            p("Le collège se renouvelle par moitié."),
        ],
        "Le collège des habitants comprend :\n\
         \n\
         - des habitants tirés au sort ;\n\
         - des volontaires :\n\
         \x20 • inscrits sur la liste,\n\
         \x20 • ou désignés par le conseil :\n\
         \x20   • à l'unanimité ;\n\
         - des jeunes de 16 à 25 ans.\n\
         \n\
         Le collège se renouvelle par moitié.",
    );
}

#[test]
fn body_sentences_mentioning_an_article_are_paragraphs() {
    let text = "Les avis sont rendus dans les conditions prévues à\n\
                l'article 3 du présent règlement.\n\
                \n\
                Conformément à l'article 12, le bureau convoque.";
    body_as(
        text,
        vec![
            p("Les avis sont rendus dans les conditions prévues à l'article 3 du présent règlement."),
            p("Conformément à l'article 12, le bureau convoque."),
        ],
        "Les avis sont rendus dans les conditions prévues à l'article 3 du présent règlement.\n\
         \n\
         Conformément à l'article 12, le bureau convoque.",
    );
}

#[test]
fn body_lines_that_would_open_an_article_or_a_part_stay_text() {
    // A body cannot hold an article: « Article 4 » is text, and joins the lines
    // around it like any other; so do a roman part number and a lone number, which
    // in an imported charter would be a page number.
    let text = "Article 4 – Le présent article complète\n\
                l'article 3.\n\
                \n\
                Article 5\n\
                \n\
                II. Dispositions finales\n\
                3\n\
                \n\
                ARTICLE 6 : voir ci-dessus.";
    body_as(
        text,
        vec![
            p("Article 4 – Le présent article complète l'article 3."),
            p("Article 5"),
            p("II. Dispositions finales 3"),
            p("ARTICLE 6 : voir ci-dessus."),
        ],
        "Article 4 – Le présent article complète l'article 3.\n\
         \n\
         Article 5\n\
         \n\
         II. Dispositions finales 3\n\
         \n\
         ARTICLE 6 : voir ci-dessus.",
    );
}

#[test]
fn body_headings_without_number_stay_headings() {
    body_as(
        "Préambule\nLe conseil est indépendant.\nIntroduction :",
        vec![
            heading("Préambule"),
            p("Le conseil est indépendant."),
            heading("Introduction :"),
        ],
        "Préambule\n\nLe conseil est indépendant.\n\nIntroduction :",
    );
}

#[test]
fn body_windows_line_endings_read_as_unix_ones() {
    let unix = "Le conseil se réunit\nsix fois par an.\n\n1° en séance plénière ;\n  a) publique ;\n2° en bureau.\n";
    let windows = unix.replace('\n', "\r\n");
    let nodes = parse_body(&windows);
    assert_eq!(nodes, parse_body(unix));
    assert_eq!(nodes[0], p("Le conseil se réunit six fois par an."));
    let written = body_to_text(&nodes);
    assert!(!written.contains('\r'), "{written:?}");
    assert_eq!(parse_body(&written), nodes);
}

#[test]
fn body_non_breaking_spaces_are_stored_and_written_as_typed() {
    // French typography: U+00A0 inside « guillemets » and before « : », « ; », a
    // narrow U+202F before « ? »; a run of spaces around one keeps the non-breaking one.
    let text =
        "Le conseil «\u{a0}citoyen\u{a0}» se réunit \u{a0}: deux fois\u{a0}; pourquoi\u{202f}?\n\
                -\u{a0}les habitants\u{a0};";
    let nodes = body_as(
        text,
        vec![
            p("Le conseil «\u{a0}citoyen\u{a0}» se réunit\u{a0}: deux fois\u{a0}; pourquoi\u{202f}?"),
            list(false, vec![item("-", "les habitants\u{a0};", vec![])]),
        ],
        "Le conseil «\u{a0}citoyen\u{a0}» se réunit\u{a0}: deux fois\u{a0}; pourquoi\u{202f}?\n\
         \n\
         - les habitants\u{a0};",
    );
    let json = serde_json::to_string(&nodes).unwrap();
    assert!(json.contains("«\u{a0}citoyen\u{a0}»"), "{json}");
}

#[test]
fn body_empty_and_blank() {
    assert_eq!(parse_body(""), vec![]);
    assert_eq!(parse_body(" \n\t\r\n\u{a0}\n"), vec![]);
    assert_eq!(body_to_text(&[]), "");
    // Nodes without text (only built by hand) leave nothing behind.
    assert_eq!(body_to_text(&[p(""), heading(" ")]), "");
}

#[test]
fn body_text_is_broken_where_one_line_would_read_otherwise() {
    // Lines the parser joined into a paragraph, but which on one line would read as
    // a list item or a heading: they are written on two lines again.
    body_as(
        "-\nles habitants\n\nTable des\nmatières",
        vec![p("- les habitants"), p("Table des matières")],
        "-\nles habitants\n\nTable des\nmatières",
    );
    // A clause whose last line decides that the next one is a paragraph inside it:
    // « ET » alone is not a connector, « (CONSEIL, ET » in capitals is.
    body_as(
        "2.1 (CONSEIL,\nET\nLes membres se réunissent.",
        vec![clause(
            "2.1",
            "(CONSEIL, ET",
            vec![p("Les membres se réunissent.")],
        )],
        "2.1 (CONSEIL,\n  ET\n  Les membres se réunissent.",
    );
    // An item typed as its marker alone, its text below.
    body_as(
        "1.\nPrésentation\n2.1\nsuite",
        vec![list(
            true,
            vec![item(
                "1.",
                "Présentation",
                vec![clause("2.1", "suite", vec![])],
            )],
        )],
        "1. Présentation\n  2.1 suite",
    );
}

#[test]
fn body_items_are_indented_so_that_siblings_stay_siblings() {
    // « 1° » after an indented « - » item is its sibling, not its child: the list
    // stays indented in the written text. Otherwise two spaces per level.
    body_as(
        "  - les habitants\n1° les associations\n- les élus",
        vec![
            list(false, vec![item("-", "les habitants", vec![])]),
            clause(
                "1°",
                "les associations",
                vec![list(false, vec![item("-", "les élus", vec![])])],
            ),
        ],
        "  - les habitants\n1° les associations\n  - les élus",
    );
    // « 2.1.1 » read as the sibling of « 2.1 »: indented less than it. « 1. » is a
    // decimal number of one level, the sibling of both whatever its indentation.
    body_as(
        "   2.1 Composition\n 2.1.1 Collèges\n1. Durée",
        vec![
            clause("2.1", "Composition", vec![]),
            clause("2.1.1", "Collèges", vec![]),
            list(true, vec![item("1.", "Durée", vec![])]),
        ],
        "  2.1 Composition\n2.1.1 Collèges\n1. Durée",
    );
}

#[test]
fn imported_bodies_are_written_without_losing_a_word() {
    fn bodies(sections: &[CharterSection], out: &mut Vec<Vec<CharterNode>>) {
        for section in sections {
            match section {
                CharterSection::Article(a) => out.push(a.body.clone()),
                CharterSection::Part(p) => {
                    out.push(p.body.clone());
                    bodies(&p.sections, out);
                }
            }
        }
    }
    for sample in [PRES_HAUTS, DEFECTUEUX] {
        let parsed = parse_charter_text(sample);
        let mut all = vec![parsed.preamble.clone()];
        bodies(&parsed.sections, &mut all);
        for body in all {
            let written = body_to_text(&body);
            let once = parse_body(&written);
            assert_eq!(node_words(&once), node_words(&body), "{written}");
            assert_eq!(parse_body(&body_to_text(&once)), once, "{written}");
        }
    }
}

// ----------------------------------------------------------------------------------
// Properties
// ----------------------------------------------------------------------------------

/// Lines that look like the structures the importer knows, or almost do.
fn charter_like_line() -> impl Strategy<Value = String> {
    let markers = prop::sample::select(vec![
        "Article 1er",
        "Article premier",
        "ARTICLE 5",
        "Article 2 –",
        "Article 3 :",
        "Article 4 -",
        "Art. 6",
        "Art 7",
        "Article 8.",
        "Article",
        "Article 2O",
        "Articles",
        "article 3",
        "Art.",
        "Article 4 bis",
        "Article 4.1",
        "TITRE II :",
        "Titre",
        "Chapitre 1",
        "Chapitre",
        "PARTIE 2",
        "Première partie",
        "ANNEXE",
        "Annexes",
        "Section 1",
        "I.",
        "II –",
        "XXXX.",
        "IIII.",
        "V. ",
        "Préambule",
        "SOMMAIRE",
        "1°)",
        "1°",
        "1 °",
        "2.1",
        "2.1.2.1",
        "2.1.",
        "I.1",
        "12.03.2016",
        "a)",
        "(a)",
        "A)",
        "1.",
        "1)",
        "(1)",
        "1 -",
        "-",
        "–",
        "•",
        "o",
        "*",
        "\u{f0b7}",
        "- 3 -",
        "3",
        "Page 3/12",
        "3/12",
        "[À COMPLÉTER]",
        "XXX",
        "...",
        "…",
        "____",
        "........ 2",
        "",
        " ",
        "\t",
        "\u{a0}",
        "\u{feff}",
        "\u{200b}",
        "«",
        ":",
    ]);
    let tail = prop_oneof![
        Just(String::new()),
        "[ \t\u{a0}]{0,3}[A-Za-zÉéèàçœ«»:;.,!?()°º'’ –—\\-•0-9\u{a0}\t]{0,30}",
        any::<String>(),
    ];
    let indent = prop::sample::select(vec!["", " ", "  ", "    ", "\t", "\u{a0}"]);
    (indent, markers, tail).prop_map(|(i, m, t)| format!("{i}{m}{t}"))
}

fn join_lines(lines: Vec<(String, &'static str)>) -> String {
    lines.into_iter().map(|(l, end)| l + end).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_text_never_panics_and_loses_nothing(text in any::<String>()) {
        let parsed = parse_charter_text(&text);
        assert_lossless(&text, &parsed);
    }

    #[test]
    fn heading_like_text_never_panics_and_loses_nothing(
        lines in prop::collection::vec(
            (
                charter_like_line(),
                prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n", "\n\n\n"]),
            ),
            0..60,
        )
    ) {
        let text = join_lines(lines);
        let parsed = parse_charter_text(&text);
        assert_lossless(&text, &parsed);
        // Notes point at real lines, in order.
        let line_count = u32::try_from(text.split('\n').count() + text.matches('\r').count()).unwrap();
        for note in &parsed.notes {
            prop_assert!(note.line >= 1 && note.line <= line_count.max(1), "{note:?}");
        }
        prop_assert!(parsed.notes.windows(2).all(|w| w[0].line <= w[1].line));
        // And the structure survives storage as JSON.
        let json = serde_json::to_string(&parsed).unwrap();
        let back: ParsedCharter = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, parsed);
    }

    #[test]
    fn deep_nesting_is_bounded(depth in 1usize..200) {
        // Ever deeper indentation, then ever longer decimal numbers: the tree stays
        // shallow enough to serialise and drop without exhausting the stack.
        let mut text = String::from("Article 1er – Objet\n");
        for i in 0..depth {
            text.push_str(&" ".repeat(2 * i));
            text.push_str("- point\n");
        }
        for i in 1..depth.min(9) {
            text.push_str(&vec!["1"; i + 1].join("."));
            text.push_str(" clause\n");
        }
        let parsed = parse_charter_text(&text);
        assert_lossless(&text, &parsed);
        fn max_depth(nodes: &[CharterNode]) -> usize {
            nodes
                .iter()
                .map(|n| match n {
                    CharterNode::List { items, .. } => 1 + items.iter().map(|i| max_depth(&i.children)).max().unwrap_or(0),
                    CharterNode::Clause { children, .. } => 1 + max_depth(children),
                    _ => 1,
                })
                .max()
                .unwrap_or(0)
        }
        prop_assert!(max_depth(&parsed.articles()[0].body) <= 13);
    }
}

/// Lines of a body: clause and list markers at various indentations, followed by
/// words that exercise how the parser decides between continuing an item and
/// starting a paragraph (capitals, commas, connectors, titles, sentences).
fn body_like_line() -> impl Strategy<Value = String> {
    let markers = prop::sample::select(vec![
        "",
        "",
        "",
        "1°",
        "2°)",
        "1 °",
        "3º-",
        "a)",
        "b.",
        "(c)",
        "A)",
        "I)",
        "2.1",
        "2.1.",
        "2.1.1",
        "2.1.1.1",
        "2.2",
        "I.1",
        "1.",
        "2)",
        "(3)",
        "1 -",
        "-",
        "–",
        "•",
        "o",
        "*",
        "►",
        "Article 4",
        "II.",
        "Préambule",
        "Table des",
        "3",
        "-\u{a0}",
        "«",
    ]);
    let words = prop::sample::select(vec![
        "le conseil",
        "Le conseil",
        "Composition",
        "COMPOSITION DU",
        "ET",
        "et",
        "de la",
        "(CONSEIL,",
        "habitants,",
        "se réunit.",
        "«\u{a0}citoyen\u{a0}»",
        "\u{a0}:",
        "-",
        "1.",
        "a)",
        "°",
        "matières",
        "…",
    ]);
    let tail = prop_oneof![
        prop::collection::vec(words, 0..5).prop_map(|w| w.join(" ")),
        "[ \t\u{a0}]{0,2}[A-Za-zÉéèàç«»:;.,()°' –\\-•0-9\u{a0}]{0,20}",
    ];
    (0usize..9, markers, tail).prop_map(|(indent, m, t)| format!("{:indent$}{m} {t}", ""))
}

/// Short lines made of the tokens the recognisers and the item-or-paragraph decision
/// react to: markers split from their text, capitals, connectors, commas.
fn tricky_body_line() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "-",
        "•",
        "o",
        "1.",
        "1",
        "°",
        ")",
        "1°",
        "a)",
        "2.1",
        "2.1.1",
        "ET",
        "et",
        "DE",
        "L'",
        "A,",
        "(B",
        "X",
        "Le",
        "le",
        "Titre",
        ",",
        "Préambule",
        ":",
        "Table",
        "des",
        "matières",
        "Article",
        "4",
        "II.",
        "\u{a0}",
    ]);
    (0usize..7, prop::collection::vec(token, 0..8))
        .prop_map(|(indent, tokens)| format!("{:indent$}{}", "", tokens.join(" ")))
}

/// Nodes as the editor or a future import might build them, including shapes the
/// parser never produces (empty labels, unknown markers, texts with line breaks).
fn any_body_node() -> impl Strategy<Value = CharterNode> {
    let text = "[A-Za-zé«»:;.,()°0-9\u{a0} \n\\-•]{0,16}";
    let marker = prop::sample::select(vec![
        "-", "•", "1.", "2)", "1°", "a)", "2.1", "2.1.1", "", "x", "Article", "1 -",
    ]);
    let leaf = prop_oneof![text.prop_map(|t| p(&t)), text.prop_map(|t| heading(&t)),];
    leaf.prop_recursive(3, 24, 4, move |inner| {
        let children = prop::collection::vec(inner, 0..3);
        prop_oneof![
            (marker.clone(), text, children.clone()).prop_map(|(m, t, c)| clause(m, &t, c)),
            (
                any::<bool>(),
                prop::collection::vec((marker.clone(), text, children), 1..3)
            )
                .prop_map(|(ordered, items)| list(
                    ordered,
                    items.into_iter().map(|(m, t, c)| item(m, &t, c)).collect()
                )),
        ]
    })
}

/// The editor's promise: what `parse_body` reads is written back by `body_to_text`
/// as a text that reads the same (the canonical text is a fixed point), and no
/// word typed is lost.
fn check_body_round_trip(text: &str) -> Result<(), TestCaseError> {
    let nodes = parse_body(text);
    prop_assert_eq!(node_words(&nodes), typed_words(text));
    let written = body_to_text(&nodes);
    prop_assert!(!written.ends_with('\n'), "{:?}", written);
    prop_assert_eq!(&parse_body(&written), &nodes, "written:\n{}", written);
    prop_assert_eq!(body_to_text(&nodes), written);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_body_text_is_written_back_exactly(text in any::<String>()) {
        check_body_round_trip(&text)?;
    }

    #[test]
    fn charter_like_body_text_is_written_back_exactly(
        lines in prop::collection::vec(
            (
                prop_oneof![body_like_line(), tricky_body_line(), charter_like_line()],
                prop::sample::select(vec!["\n", "\n", "\n", "\r\n", "\n\n"]),
            ),
            0..30,
        )
    ) {
        check_body_round_trip(&join_lines(lines))?;
    }

    #[test]
    fn built_bodies_lose_no_word_and_settle_after_one_round(
        nodes in prop::collection::vec(any_body_node(), 0..5)
    ) {
        let once = parse_body(&body_to_text(&nodes));
        let chars = |nodes: &[CharterNode]| node_words(nodes).concat();
        prop_assert_eq!(chars(&once), chars(&nodes));
        let written = body_to_text(&once);
        prop_assert_eq!(&parse_body(&written), &once, "written:\n{}", written);
    }
}
