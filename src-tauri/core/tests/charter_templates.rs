//! The charter templates shipped with the app (a charte de participation and a
//! règlement intérieur): they must read back through the plain-text importer with
//! no note to review, every article in place and no word lost, since the user
//! starts from them and edits them in the same editor as an imported charter.

use quorum_core::charter_text::{
    parse_charter_text, CharterNode, CharterPartKind, CharterSection, ParsedCharter,
};

const CHARTE: &str = include_str!("../../../assets/templates/charte-participation.txt");
const REGLEMENT: &str = include_str!("../../../assets/templates/reglement-interieur.txt");

/// The number of articles written in each template.
const CHARTE_ARTICLES: u32 = 14;
const REGLEMENT_ARTICLES: u32 = 16;

/// The principles of the cadre de référence des conseils citoyens (2014) that each
/// preamble must name: values, principles, and principles of participation.
const PRINCIPLES: [&str; 17] = [
    "liberté",
    "égalité",
    "fraternité",
    "laïcité",
    "neutralité",
    "souplesse",
    "indépendance",
    "pluralité",
    "parité",
    "proximité",
    "citoyenneté",
    "co-construction",
    "interconnaissance",
    "reconnaissance",
    "légitimité",
    "ouverture",
    "transparence",
];

/// Subjects every council's rules cover; each must be in some article title.
const SUBJECTS: [&str; 7] = [
    "objet",
    "composition",
    "absences",
    "quorum",
    "pouvoirs",
    "comptes rendus",
    "modification",
];

/// Whitespace as the importer understands it: Unicode whitespace (the templates use
/// non-breaking spaces) plus the invisible characters copy-paste leaves.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}')
}

fn words(text: &str) -> Vec<String> {
    text.split(is_space)
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// All the text of some nodes, depth first, separated by spaces.
fn nodes_text(nodes: &[CharterNode], out: &mut String) {
    for node in nodes {
        match node {
            CharterNode::Paragraph { text } | CharterNode::Heading { text } => {
                out.push_str(text);
                out.push(' ');
            }
            CharterNode::List { items, .. } => {
                for item in items {
                    out.push_str(&item.marker);
                    out.push(' ');
                    out.push_str(&item.text);
                    out.push(' ');
                    nodes_text(&item.children, out);
                }
            }
            CharterNode::Clause {
                label,
                text,
                children,
            } => {
                out.push_str(label);
                out.push(' ');
                out.push_str(text);
                out.push(' ');
                nodes_text(children, out);
            }
        }
    }
}

/// How many clauses are nested in one another from this node down (« 7.1 » ›
/// « 7.1.2 » › « 7.1.2.1 » is 3). Lists are looked through, not counted.
fn clause_depth(node: &CharterNode) -> usize {
    match node {
        CharterNode::Clause { children, .. } => {
            1 + children.iter().map(clause_depth).max().unwrap_or(0)
        }
        CharterNode::List { items, .. } => items
            .iter()
            .flat_map(|item| item.children.iter())
            .map(clause_depth)
            .max()
            .unwrap_or(0),
        CharterNode::Paragraph { .. } | CharterNode::Heading { .. } => 0,
    }
}

/// The checks both templates must pass; returns the parse for template-specific ones.
fn check_template(name: &str, text: &str, title_word: &str, articles: u32) -> ParsedCharter {
    assert!(
        !text.contains('\r'),
        "{name}: the template must use LF line endings"
    );
    let parsed = parse_charter_text(text);

    // Title.
    let Some(title) = parsed.title.as_deref() else {
        panic!("{name}: no title recognised");
    };
    assert!(
        title.contains(title_word),
        "{name}: the title « {title} » does not contain « {title_word} »"
    );

    // Nothing for the user to review.
    let notes: Vec<String> = parsed.notes.iter().map(ToString::to_string).collect();
    assert!(
        notes.is_empty(),
        "{name}: the importer left notes:\n{}",
        notes.join("\n")
    );

    // Articles: all there, numbered 1..=N in order, each with a title and a body.
    let found = parsed.articles();
    let numbers: Vec<Option<u32>> = found.iter().map(|a| a.number).collect();
    let expected: Vec<Option<u32>> = (1..=articles).map(Some).collect();
    assert_eq!(numbers, expected, "{name}: article numbers");
    for article in &found {
        assert!(
            !article.title.trim().is_empty(),
            "{name}: « {} » has no title",
            article.label
        );
        assert!(
            !article.body.is_empty(),
            "{name}: « {} – {} » has no body",
            article.label,
            article.title
        );
    }

    // Every principle of the cadre de référence is named in the preamble.
    let mut preamble = String::new();
    nodes_text(&parsed.preamble, &mut preamble);
    let preamble = preamble.to_lowercase();
    for principle in PRINCIPLES {
        assert!(
            preamble.contains(principle),
            "{name}: the preamble does not mention « {principle} »"
        );
    }

    // The usual subjects each have their article.
    let titles: Vec<String> = found.iter().map(|a| a.title.to_lowercase()).collect();
    for subject in SUBJECTS {
        assert!(
            titles.iter().any(|t| t.contains(subject)),
            "{name}: no article title about « {subject} » in {titles:?}"
        );
    }

    // At least one article nests clauses three levels deep.
    let deepest = found
        .iter()
        .flat_map(|a| a.body.iter())
        .map(clause_depth)
        .max()
        .unwrap_or(0);
    assert!(
        deepest >= 3,
        "{name}: the deepest clause tree has {deepest} level(s), expected at least 3"
    );

    // The two annexes close the document, numbered 1 and 2.
    let annexes: Vec<(Option<u32>, &str)> = parsed
        .sections
        .iter()
        .filter_map(|s| match s {
            CharterSection::Part(p) if p.kind == CharterPartKind::Annexe => {
                Some((p.number, p.title.as_str()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        annexes,
        vec![
            (Some(1), "Liste des membres"),
            (Some(2), "Périmètre du quartier prioritaire"),
        ],
        "{name}: annexes"
    );

    // Nothing lost: the same words, in the same order, and no separator glued to a
    // word (which would still keep the characters but split a word in two).
    assert_eq!(parsed.plain_words(), words(text), "{name}: words lost");
    parsed
}

#[test]
fn charte_de_participation_parses_cleanly() {
    let parsed = check_template(
        "charte-participation.txt",
        CHARTE,
        "Charte",
        CHARTE_ARTICLES,
    );
    // Parts I to V, then the annexes.
    let parts: Vec<(CharterPartKind, Option<u32>)> = parsed
        .sections
        .iter()
        .filter_map(|s| match s {
            CharterSection::Part(p) => Some((p.kind, p.number)),
            CharterSection::Article(_) => None,
        })
        .collect();
    let mut expected: Vec<(CharterPartKind, Option<u32>)> = (1..=5)
        .map(|n| (CharterPartKind::Numeral, Some(n)))
        .collect();
    expected.push((CharterPartKind::Annexe, Some(1)));
    expected.push((CharterPartKind::Annexe, Some(2)));
    assert_eq!(parts, expected);
}

#[test]
fn reglement_interieur_parses_cleanly() {
    let parsed = check_template(
        "reglement-interieur.txt",
        REGLEMENT,
        "Règlement intérieur",
        REGLEMENT_ARTICLES,
    );
    let titres = parsed
        .sections
        .iter()
        .filter(|s| matches!(s, CharterSection::Part(p) if p.kind == CharterPartKind::Titre))
        .count();
    assert_eq!(titres, 5, "TITRE I to TITRE V");
}
