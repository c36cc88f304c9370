//! Realistic French documents shared by the PDF tests and the timing measurement.

#![allow(dead_code)]

use chrono::{DateTime, FixedOffset};
use quorum_core::doc::{
    Align, Block, Cell, Column, Document, Frame, KeyValue, List, ListItem, Metadata, Paragraph,
    Row, Span, Table,
};

pub fn created() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2025-03-14T18:30:00+01:00").unwrap()
}

pub const NAMES: [&str; 24] = [
    "Amélie Lefèvre",
    "Benoît Dupré",
    "Cécile Nguyễn",
    "Damien Œhler",
    "Élodie Garçon",
    "François Müller",
    "Gaëlle Béranger",
    "Hélène Lœwy",
    "Inès Ben Saïd",
    "Jérôme Côté",
    "Karima Aït-Ahmed",
    "Léa Hœrner",
    "Mathéo Da Silva",
    "Noémie Prévost",
    "Océane Bouchard",
    "Pierre-Loïc Lê",
    "Quentin Faÿ",
    "Rosalie Dubœuf",
    "Sébastien Ivanović",
    "Thérèse N’Diaye",
    "Ulysse Crépin",
    "Valérie Hénault",
    "William Ngô",
    "Yaël Zerbib",
];

/// The text that every PDF must reproduce exactly.
pub const SPECIAL: &str = "« Œuvre » : l’œuvre du cœur coûte 1\u{a0}000\u{a0}€ — ça déçoit Ève à Noël ; où êtes-vous ? Accents : àâäéèêëîïôöùûüÿç ÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇ æÆ";

pub fn three_pages() -> Document {
    let mut doc = Document::new(Metadata {
        title: "Procès-verbal de la réunion du 14 mars 2025".into(),
        author: "Conseil citoyen des Hauts-de-Chênes".into(),
        subject: "Compte rendu de séance".into(),
        keywords: vec!["conseil citoyen".into(), "procès-verbal".into()],
        created: created(),
        modified: created(),
    });
    doc.header = "Conseil citoyen des Hauts-de-Chênes — Procès-verbal du 14 mars 2025".into();
    doc.footer = "Document de travail — à approuver lors de la prochaine séance".into();
    doc.push(Block::heading(
        1,
        "Procès-verbal de la séance du 14 mars 2025",
    ));
    doc.push(Block::Frame(Frame {
        paragraphs: vec![
            Paragraph::from_spans(vec![Span::bold("PROJET").sized(14.0)]).aligned(Align::Center),
        ],
        fill: Some(0.93),
    }));
    doc.push(Block::KeyValues(vec![
        KeyValue::new(
            "Date",
            "vendredi 14 mars 2025, de 18\u{a0}h\u{202f}30 à 20\u{a0}h",
        ),
        KeyValue::new(
            "Lieu",
            "Maison des associations, 12 rue de l’Église, salle « Les Tilleuls »",
        ),
        KeyValue::new("Présidence", "Amélie Lefèvre"),
        KeyValue::new("Secrétaire de séance", "Benoît Dupré"),
        KeyValue::new("Quorum", "atteint (14 membres présents sur 24)"),
    ]));
    doc.push(Block::heading(2, "Ordre du jour"));
    doc.push(Block::List(List::numbered(vec![
        ListItem::new("Approbation du procès-verbal de la séance précédente."),
        ListItem::new("Budget participatif 2025 : examen des projets déposés.").with_sublist(
            List::bulleted(vec![
                ListItem::new("Jardin partagé de la rue des Lilas (1\u{a0}000\u{a0}€)."),
                ListItem::new("Boîte à livres devant l’école Jean-Moulin (350\u{a0}€)."),
            ]),
        ),
        ListItem::new("Questions diverses."),
    ])));
    doc.push(Block::heading(2, "1. Approbation du procès-verbal"));
    doc.push(Block::Paragraph(Paragraph::from_spans(vec![
        Span::regular("Le procès-verbal de la séance du 7 février est "),
        Span::bold("approuvé à l’unanimité"),
        Span::regular(" des membres présents, sans modification. "),
        Span::italic("Mme Lefèvre"),
        Span::regular(" rappelle que les comptes rendus sont affichés à la Maison des associations et consultables par tous les habitants du quartier."),
    ])));
    doc.push(Block::paragraph(SPECIAL));
    doc.push(Block::paragraph(
        "Les membres notent que des caractères comme <b>gras</b> ou <script>alert(1)</script> sont imprimés tels quels.",
    ));
    doc.push(Block::heading(2, "2. Budget participatif 2025"));
    doc.push(Block::paragraph(
        "Le conseil a examiné les projets déposés par les habitants. Chaque porteur de projet a présenté sa proposition en trois minutes, puis les membres ont posé leurs questions. Le tableau ci-dessous récapitule les montants demandés et l’avis du conseil\u{202f}; il sera transmis au comité de pilotage du contrat de ville.",
    ));
    let mut rows = Vec::new();
    let projects = [
        ("Jardin partagé de la rue des Lilas", "1\u{a0}000\u{a0}€", "Favorable"),
        ("Boîte à livres devant l’école Jean-Moulin", "350\u{a0}€", "Favorable"),
        ("Fresque murale sur le mur du gymnase, réalisée avec les jeunes du quartier et une artiste locale", "4\u{a0}200\u{a0}€", "Réservé : demander un second devis"),
        ("Bancs et tables de pique-nique au square Pasteur", "2\u{a0}800\u{a0}€", "Favorable"),
        ("Atelier de réparation de vélos (outillage)", "1\u{a0}150\u{a0}€", "Favorable"),
        ("Fête de quartier de juin", "3\u{a0}000\u{a0}€", "Défavorable : relève du budget de la ville"),
    ];
    for i in 0..26 {
        let (p, m, a) = projects[i % projects.len()];
        rows.push(Row::new(vec![
            Cell::new(format!("{}", i + 1)),
            Cell::new(p),
            Cell::new(NAMES[i % NAMES.len()]),
            Cell::new(m),
            Cell::new(a),
        ]));
    }
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new("N°", 0.06).aligned(Align::Right),
            Column::new("Projet", 0.38),
            Column::new("Porteur", 0.2),
            Column::new("Montant", 0.12).aligned(Align::Right),
            Column::new("Avis du conseil", 0.24),
        ],
        rows,
        size: None,
    }));
    doc.push(Block::heading(2, "3. Questions diverses"));
    doc.push(Block::paragraph(
        "M. Côté signale que l’éclairage du passage piéton de l’avenue Victor-Hugo est en panne depuis trois semaines. Le conseil demande à la mairie d’intervenir rapidement.",
    ));
    doc.push(Block::heading(2, "4. Charte du conseil citoyen"));
    doc.push(Block::paragraph(
        "Le conseil poursuit la relecture de sa charte de fonctionnement. Les articles suivants sont adoptés après discussion\u{202f}; les autres seront examinés lors de la prochaine séance.",
    ));
    doc.push(Block::heading(3, "Article 3 — Composition"));
    doc.push(Block::paragraph(
        "Le conseil citoyen comprend deux collèges : le collège « habitants », dont les membres sont tirés au sort parmi les habitants du quartier prioritaire, et le collège « associations et acteurs locaux ». La parité entre les femmes et les hommes est recherchée dans chaque collège.",
    ));
    doc.push(Block::heading(3, "Article 4 — Réunions"));
    doc.push(Block::List(List::bulleted(vec![
        ListItem::new("Le conseil se réunit au moins quatre fois par an, en séance plénière."),
        ListItem::new("La convocation est adressée à chaque membre quinze jours à l’avance, avec l’ordre du jour."),
        ListItem::new("Les séances sont publiques ; le public peut prendre la parole à la fin de la séance."),
    ])));
    doc.push(Block::paragraph(
        "Chaque membre peut demander l’inscription d’un point à l’ordre du jour en écrivant au secrétariat au moins huit jours avant la séance. Les décisions sont prises au consensus\u{202f}; à défaut, à la majorité des membres présents.",
    ));
    doc.push(Block::Frame(Frame {
        paragraphs: vec![
            Paragraph::from_spans(vec![Span::bold("Note : "), Span::regular("le prochain conseil aura lieu le jeudi 10 avril 2025 à 18\u{a0}h\u{202f}30, à la Maison des associations.")]),
        ],
        fill: None,
    }));
    doc.push(Block::Rule);
    doc.push(Block::Paragraph(
        Paragraph::new("La séance est levée à 20\u{a0}h\u{202f}05.").aligned(Align::Right),
    ));
    doc
}

/// About fifty pages: the same sections again and again, with long tables.
pub fn fifty_pages() -> Document {
    let mut doc = three_pages();
    doc.metadata.title = "Recueil des procès-verbaux 2024-2025".into();
    let base = doc.blocks.clone();
    for k in 2..=17 {
        doc.push(Block::PageBreak);
        for b in &base {
            let b = match b {
                Block::Heading { level: 1, .. } => {
                    Block::heading(1, format!("Procès-verbal de la séance n°\u{a0}{k}"))
                }
                other => other.clone(),
            };
            doc.push(b);
        }
    }
    doc
}

/// An attendance sheet: landscape, signature boxes of fixed height.
pub fn attendance_sheet() -> Document {
    let mut doc = Document::new(Metadata::new("Feuille d’émargement", created()));
    doc.page = quorum_core::doc::PageSetup::landscape();
    doc.header = "Conseil citoyen des Hauts-de-Chênes — Feuille d’émargement".into();
    doc.push(Block::heading(
        1,
        "Feuille d’émargement — séance du 14 mars 2025",
    ));
    let rows = NAMES
        .iter()
        .map(|n| {
            Row::new(vec![Cell::new(*n), Cell::new("Habitant"), Cell::empty()])
                .with_min_height(quorum_core::doc::mm(14.0))
        })
        .collect();
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new("Nom", 0.35),
            Column::new("Collège", 0.25),
            Column::new("Signature", 0.4),
        ],
        rows,
        size: Some(11.0),
    }));
    doc
}
